// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP advertisements on the wire (vrrp_pkt.h).
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "inet_csum.h"
#include "vrrp_pkt.h"

#define VRRP_HDR_LEN 8
#define VRRP_TYPE_ADVERT 1
#define IP4_HDR_LEN 20

const char *vrrp_reject_name(enum vrrp_reject r)
{
	static const char *const names[VRRP_R_MAX] = {
		[VRRP_ACCEPT] = "accepted",	  [VRRP_R_LENGTH] = "length",	    [VRRP_R_TTL] = "ttl",
		[VRRP_R_VERSION] = "version",	  [VRRP_R_TYPE] = "type",	    [VRRP_R_CHECKSUM] = "checksum",
		[VRRP_R_VRID] = "vrid",		  [VRRP_R_FAMILY] = "family",
	};

	return r < VRRP_R_MAX ? names[r] : "?";
}

static size_t addr_len(int af)
{
	return af == AF_INET ? 4 : 16;
}

/* An address's bytes on the wire (an IPv4 one is the last word of libxvs's v4-mapped form). */
static const uint8_t *addr_bytes(int af, const union xvs_addr *a)
{
	return af == AF_INET ? (const uint8_t *)&a->w[3] : a->b;
}

size_t vrrp_len(const struct vrrp_advert *a)
{
	size_t n = VRRP_HDR_LEN + a->naddr * addr_len(a->af);

	return a->version == 2 && a->af == AF_INET ? n + VRRP_AUTH_LEN : n;
}

/*
 * The checksum of a VRRP message (its checksum field zero or as sent):
 * v2 over the message alone; v3 IPv4 with keepalived's pseudo-header
 * (RFC 5798 5.2.8) unless @csum_as_v2; v3 IPv6 with IPv6's.
 */
static uint16_t vrrp_csum(int version, int af, const uint8_t *msg, size_t len, const union xvs_addr *src,
			  const union xvs_addr *dst, bool csum_as_v2)
{
	uint32_t sum = 0;

	if (version == 3 && af == AF_INET && !csum_as_v2) {
		uint8_t ph[12] = { [9] = VRRP_PROTO, [10] = len >> 8, [11] = len & 0xff };

		memcpy(ph, &src->w[3], 4);
		memcpy(ph + 4, &dst->w[3], 4);
		sum = inet_csum_add(sum, ph, sizeof(ph));
	} else if (version == 3 && af == AF_INET6) {
		uint8_t ph[40] = { [34] = len >> 8, [35] = len & 0xff, [39] = VRRP_PROTO };

		memcpy(ph, src->b, 16);
		memcpy(ph + 16, dst->b, 16);
		sum = inet_csum_add(sum, ph, sizeof(ph));
	}
	return inet_csum_fold(inet_csum_add(sum, msg, len));
}

size_t vrrp_encode(const struct vrrp_advert *a, const union xvs_addr *src, const union xvs_addr *dst,
		   bool csum_as_v2, uint8_t *buf, size_t len)
{
	size_t need = vrrp_len(a), alen = addr_len(a->af);
	uint8_t *p = buf + VRRP_HDR_LEN;
	uint16_t csum;

	if (len < need)
		return 0;
	memset(buf, 0, need);
	buf[0] = a->version << 4 | VRRP_TYPE_ADVERT;
	buf[1] = a->vrid;
	buf[2] = a->priority;
	buf[3] = a->naddr;
	if (a->version == 2) {
		buf[4] = a->auth_type;
		buf[5] = a->interval_cs / 100;
	} else {
		buf[4] = (a->interval_cs >> 8) & 0x0f;
		buf[5] = a->interval_cs & 0xff;
	}
	for (int i = 0; i < a->naddr; i++, p += alen)
		memcpy(p, addr_bytes(a->af, &a->addrs[i]), alen);
	/* v2's authentication data: the password for PASS, zeros otherwise (RFC 3768 5.3.10). */
	if (a->version == 2 && a->af == AF_INET && a->auth_type == VRRP_AUTH_PASS)
		memcpy(p, a->auth, VRRP_AUTH_LEN);
	csum = vrrp_csum(a->version, a->af, buf, need, src, dst, csum_as_v2);
	buf[6] = csum >> 8;
	buf[7] = csum & 0xff;
	return need;
}

size_t vrrp_ip4_header(uint8_t *buf, const union xvs_addr *src, const union xvs_addr *dst, uint16_t id,
		       size_t vrrp_len)
{
	size_t tot = IP4_HDR_LEN + vrrp_len;
	uint16_t csum;

	memset(buf, 0, IP4_HDR_LEN);
	buf[0] = 0x45;
	buf[1] = VRRP_TOS;
	buf[2] = tot >> 8;
	buf[3] = tot & 0xff;
	buf[4] = id >> 8;
	buf[5] = id & 0xff;
	buf[8] = VRRP_TTL;
	buf[9] = VRRP_PROTO;
	memcpy(buf + 12, &src->w[3], 4);
	memcpy(buf + 16, &dst->w[3], 4);
	csum = inet_csum_fold(inet_csum_add(0, buf, IP4_HDR_LEN));
	buf[10] = csum >> 8;
	buf[11] = csum & 0xff;
	return IP4_HDR_LEN;
}

/* An IPv4 address off the wire, in libxvs's v4-mapped form. */
static void v4_addr(union xvs_addr *a, const uint8_t *p)
{
	struct in_addr in;

	memcpy(&in, p, sizeof(in));
	xvs_addr_from_in(a, &in);
}

/* The VRRP message itself: fields, length against its address count, checksum. */
static enum vrrp_reject decode_msg(const uint8_t *msg, size_t len, int af, const union xvs_addr *src,
				   const union xvs_addr *dst, bool csum_as_v2, struct vrrp_advert *out)
{
	size_t alen = addr_len(af);
	const uint8_t *p = msg + VRRP_HDR_LEN;

	if (len < VRRP_HDR_LEN)
		return VRRP_R_LENGTH;
	memset(out, 0, sizeof(*out));
	out->version = msg[0] >> 4;
	out->af = af;
	out->vrid = msg[1];
	out->priority = msg[2];
	out->naddr = msg[3];
	if (out->version != 2 && out->version != 3)
		return VRRP_R_VERSION;
	if (out->version == 2 && af == AF_INET6)
		return VRRP_R_FAMILY;
	if ((msg[0] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_R_TYPE;
	/* Ethernet pads short frames: anything after the message is not part of it. */
	if (len < vrrp_len(out))
		return VRRP_R_LENGTH;
	len = vrrp_len(out);
	if (!out->vrid)
		return VRRP_R_VRID;
	if (vrrp_csum(out->version, af, msg, len, src, dst, csum_as_v2))
		return VRRP_R_CHECKSUM;
	if (out->version == 2) {
		out->auth_type = msg[4];
		out->interval_cs = msg[5] * 100;
	} else {
		out->interval_cs = (msg[4] & 0x0f) << 8 | msg[5];
	}
	for (int i = 0; i < out->naddr; i++, p += alen) {
		if (af == AF_INET)
			v4_addr(&out->addrs[i], p);
		else
			memcpy(out->addrs[i].b, p, 16);
	}
	if (out->version == 2)
		memcpy(out->auth, p, VRRP_AUTH_LEN);
	return VRRP_ACCEPT;
}


enum vrrp_reject vrrp_decode4(const uint8_t *pkt, size_t len, bool multicast, bool csum_as_v2,
			      struct vrrp_advert *out)
{
	union xvs_addr src, dst;
	size_t ihl, tot;

	if (len < IP4_HDR_LEN || (pkt[0] >> 4) != 4)
		return VRRP_R_LENGTH;
	ihl = (pkt[0] & 0x0f) * 4;
	tot = (size_t)pkt[2] << 8 | pkt[3];
	/* IP's own length must hold the header and fit in what arrived (RFC 791; keepalived's tot_len check). */
	if (ihl < IP4_HDR_LEN || tot < ihl || tot > len)
		return VRRP_R_LENGTH;
	if (multicast && pkt[8] != VRRP_TTL)
		return VRRP_R_TTL;
	v4_addr(&src, pkt + 12);
	v4_addr(&dst, pkt + 16);
	return decode_msg(pkt + ihl, tot - ihl, AF_INET, &src, &dst, csum_as_v2, out);
}

enum vrrp_reject vrrp_decode6(const uint8_t *msg, size_t len, const union xvs_addr *src, const union xvs_addr *dst,
			      int hlim, bool multicast, struct vrrp_advert *out)
{
	if (multicast && hlim != VRRP_TTL)
		return VRRP_R_TTL;
	return decode_msg(msg, len, AF_INET6, src, dst, false, out);
}
