// SPDX-License-Identifier: GPL-2.0
/*
 * IPVS's connection sync messages (net/netfilter/ipvs/ip_vs_sync.c), built
 * and read without I/O: a master puts entries in the format of its
 * sync_version, a backup reads both formats.
 *
 * Reading follows ip_vs_process_message(): what makes IPVS drop the rest of
 * a message makes xvs refuse all of it (-EBADMSG) before delivering
 * anything; what makes IPVS drop one entry and go on (an unknown mandatory
 * option, PE data without a PE name) makes xvs skip that entry.  Checks of
 * meaning (a known protocol, a state in range, a service to bind to) are
 * the installer's, xvs_sync_install().  Flags are delivered as sent: the
 * installer masks them with XVS_SYNC_F_BACKUP_MASK.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "xvs_sync.h"

#define V0_HDR 4     /* struct ip_vs_sync_mesg_v0 */
#define V0_CONN 24   /* struct ip_vs_sync_conn_v0 */
#define V0_SEQ 24    /* struct ip_vs_sync_conn_options: in_seq, out_seq */
#define V1_HDR 8     /* struct ip_vs_sync_mesg */
#define V1_CONN4 36  /* struct ip_vs_sync_v4 */
#define V1_CONN6 72  /* struct ip_vs_sync_v6 */
#define V1_ADDRS 24  /* where the addresses start in both */
#define V1_VERSION 1 /* SYNC_PROTO_VER */

#define SIZE_MASK 0x0fff /* SVER_MASK: an entry's ver_size is version << 12 | size */
#define TYPE_INET6 0x01  /* STYPE_F_INET6 */
#define OPT_SEQ_DATA 1
#define OPT_PE_DATA 2
#define OPT_PE_NAME 3
#define OPT_F_PARAM 0x40 /* an option a receiver may ignore */
#define MAX_CONNS 255    /* nr_conns is one byte */
#define MAX_SIZE 65535   /* so is the header's size two */

/* The wire's fields are unaligned: through memcpy, in network order. */
static void put16(uint8_t *p, uint16_t v)
{
	v = htons(v);
	memcpy(p, &v, sizeof(v));
}

static void put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, sizeof(v));
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return ntohs(v);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return ntohl(v);
}

/* Address @a of family @af as the wire has it: 4 or 16 bytes; how many. */
static size_t put_addr(uint8_t *p, int af, const union xvs_addr *a)
{
	if (af == AF_INET6) {
		memcpy(p, a->b, 16);
		return 16;
	}
	memcpy(p, &a->w[3], 4);
	return 4;
}

static size_t get_addr(const uint8_t *p, int af, union xvs_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (af == AF_INET6) {
		memcpy(a->b, p, 16);
		return 16;
	}
	a->w[2] = htonl(0xffff);
	memcpy(&a->w[3], p, 4);
	return 4;
}

/* --- building --- */

void xvs_sync_msg_init(struct xvs_sync_msg *m, uint8_t *buf, size_t maxlen, int version, uint8_t syncid)
{
	m->buf = buf;
	m->maxlen = maxlen < MAX_SIZE ? maxlen : MAX_SIZE;
	m->version = version ? V1_VERSION : 0;
	m->len = m->version ? V1_HDR : V0_HDR;
	m->nr = 0;
	m->syncid = syncid;
}

/*
 * Whether @c can be said in @version at all.  v0 is IPv4 only and has no
 * room for PE data, which ip_vs_sync_conn_v0() leaves out, so xvs does too.
 * In v1 a backup drops PE data that comes without its engine's name
 * (ip_vs_conn_fill_param_sync(), "Invalid PE parameters").
 */
static bool encodable(int version, const struct xvs_sync_conn *c)
{
	if (c->af != AF_INET && c->af != AF_INET6)
		return false;
	if (c->pe_name_len > XVS_SYNC_PE_NAME_MAX)
		return false;
	if (!version)
		return c->af == AF_INET;
	return !c->pe_data_len || c->pe_name_len;
}

static size_t v0_size(const struct xvs_sync_conn *c)
{
	return V0_CONN + (c->flags & XVS_SYNC_F_SEQ_MASK ? V0_SEQ : 0);
}

/*
 * ip_vs_sync_conn_v0(): a v0 receiver takes the sequence options to follow
 * when the flags say so.  xvs never adjusts sequences, so they are zeroes
 * (delta 0: nothing to adjust).
 */
static void v0_put(uint8_t *p, const struct xvs_sync_conn *c)
{
	memset(p, 0, v0_size(c));
	p[1] = c->proto;
	memcpy(p + 2, &c->cport, 2);
	memcpy(p + 4, &c->vport, 2);
	memcpy(p + 6, &c->dport, 2);
	put_addr(p + 8, AF_INET, &c->caddr);
	put_addr(p + 12, AF_INET, &c->vaddr);
	put_addr(p + 16, AF_INET, &c->daddr);
	put16(p + 20, c->flags & ~XVS_SYNC_F_HASHED);
	put16(p + 22, c->state);
}

static size_t v1_size(const struct xvs_sync_conn *c)
{
	size_t size = c->af == AF_INET6 ? V1_CONN6 : V1_CONN4;

	if (c->pe_data_len)
		size += 2 + c->pe_data_len;
	if (c->pe_name_len)
		size += 2 + c->pe_name_len;
	return size;
}

static uint8_t *put_opt(uint8_t *p, uint8_t type, const void *data, uint8_t len)
{
	p[0] = type;
	p[1] = len;
	memcpy(p + 2, data, len);
	return p + 2 + len;
}

/* ip_vs_sync_conn(): the fixed part, then PE data before the PE name; never SEQ_DATA. */
static void v1_put(uint8_t *p, const struct xvs_sync_conn *c, size_t size)
{
	p[0] = c->af == AF_INET6 ? TYPE_INET6 : 0;
	p[1] = c->proto;
	put16(p + 2, size); /* entry version 0 */
	put32(p + 4, c->flags & ~XVS_SYNC_F_HASHED);
	put16(p + 8, c->state);
	memcpy(p + 10, &c->cport, 2);
	memcpy(p + 12, &c->vport, 2);
	memcpy(p + 14, &c->dport, 2);
	put32(p + 16, c->fwmark);
	put32(p + 20, c->timeout);
	p += V1_ADDRS;
	p += put_addr(p, c->af, &c->caddr);
	p += put_addr(p, c->af, &c->vaddr);
	p += put_addr(p, c->af, &c->daddr);
	if (c->pe_data_len)
		p = put_opt(p, OPT_PE_DATA, c->pe_data, c->pe_data_len);
	if (c->pe_name_len)
		put_opt(p, OPT_PE_NAME, c->pe_name, c->pe_name_len);
}

int xvs_sync_msg_add(struct xvs_sync_msg *m, const struct xvs_sync_conn *c)
{
	size_t hdr = m->version ? V1_HDR : V0_HDR;
	size_t size, pad = 0;

	if (!encodable(m->version, c))
		return -EINVAL;
	size = m->version ? v1_size(c) : v0_size(c);
	if (hdr + size > m->maxlen)
		return -EINVAL;
	/* v1 entries start 4-byte aligned; the padding belongs to no entry's size. */
	if (m->version)
		pad = -m->len & 3;
	if (m->nr == MAX_CONNS || m->len + pad + size > m->maxlen)
		return -ENOSPC;
	memset(m->buf + m->len, 0, pad);
	m->len += pad;
	if (m->version)
		v1_put(m->buf + m->len, c, size);
	else
		v0_put(m->buf + m->len, c);
	m->len += size;
	m->nr++;
	return 0;
}

size_t xvs_sync_msg_end(struct xvs_sync_msg *m)
{
	uint8_t *h = m->buf;

	if (!m->nr)
		return 0;
	if (m->version) {
		/* reserved 0 where v0 has nr_conns, so v0 receivers find nothing in it */
		h[0] = 0;
		h[4] = m->nr;
		h[5] = V1_VERSION;
		put16(h + 6, 0);
	} else {
		h[0] = m->nr;
	}
	h[1] = m->syncid;
	put16(h + 2, m->len);
	return m->len;
}

/* --- reading --- */

/*
 * The options of a v1 entry, @len bytes at @p, into @c, as
 * ip_vs_proc_sync_conn() checks them.  Returns: 1; 0 the entry is to be
 * skipped; -EBADMSG.
 */
static int v1_opts(const uint8_t *p, size_t len, struct xvs_sync_conn *c)
{
	unsigned seen = 0;

	for (size_t off = 0; off < len;) {
		uint8_t type, olen;

		if (off + 2 > len)
			return -EBADMSG;
		type = p[off] & ~OPT_F_PARAM;
		olen = p[off + 1];
		off += 2;
		if (!olen || off + olen > len)
			return -EBADMSG;
		if (type == OPT_SEQ_DATA || type == OPT_PE_DATA || type == OPT_PE_NAME) {
			if (seen & 1u << type)
				return -EBADMSG; /* "found twice" */
			seen |= 1u << type;
		}
		switch (type) {
		case OPT_SEQ_DATA:
			if (olen != V0_SEQ)
				return -EBADMSG;
			c->has_seq = true;
			break;
		case OPT_PE_DATA: /* a length byte cannot pass XVS_SYNC_PE_DATA_MAX */
			memcpy(c->pe_data, p + off, olen);
			c->pe_data_len = olen;
			break;
		case OPT_PE_NAME:
			if (olen > XVS_SYNC_PE_NAME_MAX)
				return -EBADMSG;
			memcpy(c->pe_name, p + off, olen);
			c->pe_name_len = olen;
			break;
		default:
			/* IPVS gives up on the entry here, the rest of its options unread. */
			if (!(p[off - 2] & OPT_F_PARAM))
				return 0;
		}
		off += olen;
	}
	/* ip_vs_conn_fill_param_sync(): PE data without the engine's name */
	return c->pe_data_len && !c->pe_name_len ? 0 : 1;
}

/* The v1 entry of @size bytes at @p into @c.  Returns: 1; 0 skip it; -EBADMSG. */
static int v1_get(const uint8_t *p, size_t size, struct xvs_sync_conn *c)
{
	size_t fixed, off = V1_ADDRS;

	memset(c, 0, sizeof(*c));
	/* bit 0 alone decides IPv6; IPv4 is a type of 0 and nothing else */
	if (p[0] & TYPE_INET6)
		c->af = AF_INET6;
	else if (!p[0])
		c->af = AF_INET;
	else
		return -EBADMSG;
	fixed = c->af == AF_INET6 ? V1_CONN6 : V1_CONN4;
	if (size < fixed)
		return -EBADMSG;
	c->proto = p[1];
	c->flags = get32(p + 4);
	c->state = get16(p + 8);
	memcpy(&c->cport, p + 10, 2);
	memcpy(&c->vport, p + 12, 2);
	memcpy(&c->dport, p + 14, 2);
	c->fwmark = get32(p + 16);
	c->timeout = get32(p + 20);
	off += get_addr(p + off, c->af, &c->caddr);
	off += get_addr(p + off, c->af, &c->vaddr);
	get_addr(p + off, c->af, &c->daddr);
	return v1_opts(p + fixed, size - fixed, c);
}

/*
 * ip_vs_process_message(), v1: @fn NULL only checks.  The entries' sizes
 * leave out the padding before the next one; bytes after the last entry
 * are not looked at.  Returns: the entries delivered, or -EBADMSG.
 */
static int v1_walk(const uint8_t *buf, size_t len, xvs_sync_conn_fn fn, void *arg)
{
	struct xvs_sync_conn c;
	size_t off = V1_HDR;
	int n = 0;

	for (unsigned i = 0; i < buf[4]; i++) {
		uint16_t ver_size;
		size_t size;
		int ret;

		if (off + V1_CONN4 > len)
			return -EBADMSG; /* "Dropping buffer, too small" */
		ver_size = get16(buf + off + 2);
		size = ver_size & SIZE_MASK;
		if (off + size > len || ver_size >> 12)
			return -EBADMSG;
		ret = v1_get(buf + off, size, &c);
		if (ret < 0)
			return ret;
		if (ret && fn)
			fn(&c, arg);
		n += ret;
		off += (size + 3) & ~(size_t)3;
	}
	return n;
}

/* ip_vs_process_message_v0(): as v1_walk(). */
static int v0_walk(const uint8_t *buf, size_t len, xvs_sync_conn_fn fn, void *arg)
{
	struct xvs_sync_conn c;
	size_t off = V0_HDR;

	for (unsigned i = 0; i < buf[0]; i++) {
		const uint8_t *p = buf + off;

		if (off + V0_CONN > len)
			return -EBADMSG; /* "bogus conn" */
		memset(&c, 0, sizeof(c));
		c.af = AF_INET;
		c.proto = p[1];
		memcpy(&c.cport, p + 2, 2);
		memcpy(&c.vport, p + 4, 2);
		memcpy(&c.dport, p + 6, 2);
		get_addr(p + 8, AF_INET, &c.caddr);
		get_addr(p + 12, AF_INET, &c.vaddr);
		get_addr(p + 16, AF_INET, &c.daddr);
		c.flags = get16(p + 20);
		c.state = get16(p + 22);
		c.has_seq = c.flags & XVS_SYNC_F_SEQ_MASK;
		off += v0_size(&c);
		if (off > len)
			return -EBADMSG; /* "bogus conn options" */
		if (fn)
			fn(&c, arg);
	}
	return buf[0];
}

int xvs_sync_msg_parse(const uint8_t *buf, size_t len, unsigned syncid, xvs_sync_conn_fn fn, void *arg,
		       int *version)
{
	int (*walk)(const uint8_t *buf, size_t len, xvs_sync_conn_fn fn, void *arg);
	bool v1;
	int n;

	if (len < V0_HDR || get16(buf + 2) != len)
		return -EBADMSG;
	if (syncid && buf[1] != syncid)
		return -EXDEV;
	/* What a v1 header has where v0's would not; shorter than one, it is v0. */
	v1 = len >= V1_HDR && !buf[0] && buf[5] == V1_VERSION && !buf[6] && !buf[7];
	if (version)
		*version = v1 ? V1_VERSION : 0;
	walk = v1 ? v1_walk : v0_walk;
	n = walk(buf, len, NULL, NULL);
	if (n > 0 && fn)
		walk(buf, len, fn, arg);
	return n;
}
