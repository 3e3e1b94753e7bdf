/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduler arithmetic that the data plane and libxvs must agree on bit for
 * bit: IPVS's hashes (hash_32, the 64-bit hsiphash that ip_vs_mh.c uses) and
 * how a destination ranks in a load-based scheduler's tournament tree.
 * Pure functions over ABI types, compiled by clang for BPF and gcc for user
 * space.  References: include/linux/hash.h, lib/siphash.c, ip_vs_lc.c,
 * ip_vs_wlc.c, ip_vs_sed.c, ip_vs_nq.c, ip_vs_fo.c, ip_vs_ovf.c.
 */
#ifndef XVS_SCHED_H
#define XVS_SCHED_H

#include "xvs/abi.h"

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define xvs_ntohl(x) __builtin_bswap32(x)
#define xvs_ntohs(x) __builtin_bswap16(x)
#else
#define xvs_ntohl(x) (x)
#define xvs_ntohs(x) (x)
#endif

/* hash_32() of include/linux/hash.h (GOLDEN_RATIO_32, since Linux 4.7). */
static inline __u32 xvs_hash_32(__u32 v, int bits)
{
	return (__u32)(v * 0x61C88647U) >> (32 - bits);
}

/*
 * The address as IPVS's hashing schedulers fold it, in host order: the IPv4
 * address, or the XOR of an IPv6 address's four words.
 */
static inline __u32 xvs_addr_fold(const union xvs_addr *a, int v6)
{
	__u32 f = a->w[3];

	if (v6)
		f ^= a->w[0] ^ a->w[1] ^ a->w[2];
	return xvs_ntohl(f);
}

#define XVS_ROL64(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define XVS_SIPROUND                                                                            \
	do {                                                                                    \
		v0 += v1; v1 = XVS_ROL64(v1, 13); v1 ^= v0; v0 = XVS_ROL64(v0, 32);             \
		v2 += v3; v3 = XVS_ROL64(v3, 16); v3 ^= v2;                                     \
		v0 += v3; v3 = XVS_ROL64(v3, 21); v3 ^= v0;                                     \
		v2 += v1; v1 = XVS_ROL64(v1, 17); v1 ^= v2; v2 = XVS_ROL64(v2, 32);             \
	} while (0)

/*
 * xvs_hsiphash32() - hsiphash(&v, 4, {k, k}) as a 64-bit kernel computes it
 * (SipHash-1-3 with 64-bit words, result truncated to 32 bits).
 */
static inline __u32 xvs_hsiphash32(__u32 v, __u64 k)
{
	__u64 v0 = 0x736f6d6570736575ULL ^ k, v1 = 0x646f72616e646f6dULL ^ k;
	__u64 v2 = 0x6c7967656e657261ULL ^ k, v3 = 0x7465646279746573ULL ^ k;
	__u64 b = (4ULL << 56) | v;

	v3 ^= b;
	XVS_SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	XVS_SIPROUND;
	XVS_SIPROUND;
	XVS_SIPROUND;
	return (__u32)((v0 ^ v1) ^ (v2 ^ v3));
}

/* ip_vs_mh.c's two fixed keys. */
#define XVS_MH_KEY1 2654435761ULL
#define XVS_MH_KEY2 2654446892ULL

/* ip_vs_mh_hashkey(): @port in network order, @fold from xvs_addr_fold(). */
static inline __u32 xvs_mh_hash(__u32 fold, __be16 port, __u32 offset, __u64 key)
{
	return xvs_hsiphash32(offset + xvs_ntohs(port) + fold, key);
}

/* ip_vs_sh_hashkey() with offset 0. */
static inline __u32 xvs_sh_hash(__u32 fold, __be16 port)
{
	return xvs_hash_32(xvs_ntohs(port) + fold, 8);
}

/* IPVS's ip_vs_dest_conn_overhead(), the classic formula. */
static inline __u64 xvs_overhead(__s32 active, __s32 inactive)
{
	return ((__u64)(active > 0 ? active : 0) << 8) + (inactive > 0 ? inactive : 0);
}

static inline int xvs_sched_has_tree(int kind)
{
	switch (kind) {
	case XVS_SCHED_LC: case XVS_SCHED_WLC: case XVS_SCHED_SED: case XVS_SCHED_NQ:
	case XVS_SCHED_FO: case XVS_SCHED_OVF: case XVS_SCHED_TWOS:
	case XVS_SCHED_LBLC: case XVS_SCHED_LBLCR:
		return 1;
	}
	return 0;
}

/*
 * xvs_tree_leaf() - how scheduler @kind ranks a destination.  The scan each
 * IPVS scheduler makes over its list keeps the first destination with the
 * least num / den (after cls); a leaf carries exactly those terms, so the
 * tree's minimum, ties broken by list position, is the scan's result.
 */
static inline void xvs_tree_leaf(struct xvs_tnode *n, int kind, __s32 weight, __s32 active, __s32 inactive,
				 int overload, __u32 rank, __u32 dest)
{
	__builtin_memset(n, 0, sizeof(*n));
	n->den = 1;
	n->rank = rank;
	n->dest = XVS_TREE_NONE;
	n->light = (__s64)active * 2 < weight;
	if (weight <= 0 || overload)
		return;
	if (kind == XVS_SCHED_OVF && active > weight)
		return;
	n->dest = dest;
	n->wsum = weight;
	switch (kind) {
	case XVS_SCHED_LC:
		n->num = xvs_overhead(active, inactive);
		break;
	case XVS_SCHED_SED:
		n->num = (__u64)(active > 0 ? active : 0) + 1;
		n->den = weight;
		break;
	case XVS_SCHED_NQ:
		if (active <= 0)
			break; /* idle: first in list order wins outright */
		n->cls = 1;
		n->num = (__u64)active + 1;
		n->den = weight;
		break;
	case XVS_SCHED_FO:
	case XVS_SCHED_OVF:
		n->num = 0xffffffffULL - (__u32)weight; /* highest weight first */
		break;
	default: /* wlc, and the wlc rule inside twos, lblc and lblcr */
		n->num = xvs_overhead(active, inactive);
		n->den = weight;
	}
}

/* Whether @a comes before @b: lower class, lower load, then list order. */
static inline int xvs_tnode_before(const struct xvs_tnode *a, const struct xvs_tnode *b)
{
	__u64 l, r;

	if (a->dest == XVS_TREE_NONE)
		return 0;
	if (b->dest == XVS_TREE_NONE)
		return 1;
	if (a->cls != b->cls)
		return a->cls < b->cls;
	l = a->num * b->den;
	r = b->num * a->den;
	if (l != r)
		return l < r;
	return a->rank > b->rank;
}

/* xvs_tnode_join() - parent @p of children @l and @r. */
static inline void xvs_tnode_join(struct xvs_tnode *p, const struct xvs_tnode *l, const struct xvs_tnode *r)
{
	const struct xvs_tnode *w = xvs_tnode_before(r, l) ? r : l;
	__u64 wsum = l->wsum + r->wsum;
	__u32 light = l->light + r->light;

	p->num = w->num;
	p->den = w->den;
	p->rank = w->rank;
	p->dest = w->dest;
	p->cls = w->cls;
	p->wsum = wsum;
	p->light = light;
}

#endif /* XVS_SCHED_H */
