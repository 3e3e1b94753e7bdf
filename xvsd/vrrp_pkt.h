/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP advertisements on the wire, as keepalived sends and checks them
 * (../shared/specs/keepalived.md 2.1 to 2.3): v2 (RFC 3768) with NONE or
 * PASS authentication, v3 (RFC 5798) over IPv4 and IPv6.  The v3 IPv4
 * checksum covers keepalived's pseudo-header (source, the destination
 * actually in the IP header, protocol 112, length) unless the instance
 * asks for v3_checksum_as_v2 (Cisco, Juniper, RFC 9568).  Decoding does the
 * checks that need no instance, in keepalived's order, and names the
 * reason for every packet it rejects.
 */
#ifndef XVSD_VRRP_PKT_H
#define XVSD_VRRP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xvs.h"

#define VRRP_PROTO 112
#define VRRP_TTL 255
#define VRRP_TOS 0xc0
#define VRRP_MAX_ADDRS 255
#define VRRP_AUTH_LEN 8
#define VRRP_AUTH_NONE 0
#define VRRP_AUTH_PASS 1
#define VRRP_AUTH_AH 2

struct vrrp_advert {
	int version;               /* 2 or 3 */
	int af;                    /* of the addresses (and the IP header) */
	uint8_t vrid;
	uint8_t priority;          /* 0: the master resigns; 255: the address owner */
	uint8_t naddr;
	uint8_t auth_type;         /* v2 IPv4 */
	uint8_t auth[VRRP_AUTH_LEN];
	uint16_t interval_cs;      /* centiseconds (v2 carries whole seconds) */
	union xvs_addr addrs[VRRP_MAX_ADDRS];
};

/* Why a received packet was refused, each counted. */
enum vrrp_reject {
	VRRP_ACCEPT,
	VRRP_R_LENGTH,    /* shorter than its header, or not the length its address count says */
	VRRP_R_TTL,       /* multicast with a TTL or hop limit other than 255 */
	VRRP_R_VERSION,   /* neither 2 nor 3 */
	VRRP_R_TYPE,      /* not an advertisement */
	VRRP_R_CHECKSUM,
	VRRP_R_VRID,      /* 0 */
	VRRP_R_FAMILY,    /* v2 over IPv6 (keepalived's non-RFC form, unsupported) */
	VRRP_R_MAX,
};

const char *vrrp_reject_name(enum vrrp_reject r);

/* The VRRP message's length for @a (header, addresses, v2 authentication). */
size_t vrrp_len(const struct vrrp_advert *a);

/*
 * vrrp_encode() - @a as a VRRP message into @buf, checksummed for the IP
 * header it will travel in (@src to @dst; v3 IPv4 pseudo-header unless
 * @csum_as_v2; v3 IPv6 with the IPv6 pseudo-header).
 * Returns: its length, or 0 when @len is too short.
 */
size_t vrrp_encode(const struct vrrp_advert *a, const union xvs_addr *src, const union xvs_addr *dst,
		   bool csum_as_v2, uint8_t *buf, size_t len);

/*
 * vrrp_ip4_header() - keepalived's IPv4 header for a VRRP message of
 * @vrrp_len bytes: TOS 0xc0, @id, DF clear, TTL 255, protocol 112.
 * Returns: its length (20) in @buf.
 */
size_t vrrp_ip4_header(uint8_t *buf, const union xvs_addr *src, const union xvs_addr *dst, uint16_t id,
		       size_t vrrp_len);

/*
 * vrrp_decode4() - an IPv4 packet (@pkt, IP header first) into @out.
 * @multicast: it came to a multicast group (TTL must then be 255).
 */
enum vrrp_reject vrrp_decode4(const uint8_t *pkt, size_t len, bool multicast, bool csum_as_v2,
			      struct vrrp_advert *out);

/* vrrp_decode6() - the VRRP message of an IPv6 packet from @src to @dst with hop limit @hlim. */
enum vrrp_reject vrrp_decode6(const uint8_t *msg, size_t len, const union xvs_addr *src, const union xvs_addr *dst,
			      int hlim, bool multicast, struct vrrp_advert *out);

#endif /* XVSD_VRRP_PKT_H */
