/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firewall-mark services (ipvsadm -f): xvs's own classification gives a
 * packet its mark before the service lookup, as iptables' MARK target does
 * for IPVS, which looks mark services up first (ip_vs_service_find).
 */
#ifndef XVS_BPF_MARK_H
#define XVS_BPF_MARK_H

#include "maps.h"
#include "parse.h"

/* The service key of mark @mark for packets of family @v6. */
static __always_inline void mark_svc_key(struct xvs_svc_key *k, __u32 mark, int v6)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->addr.w[0] = bpf_htonl(mark);
	k->addr.w[1] = bpf_htonl(v6 ? XVS_MARK_AF_V6 : XVS_MARK_AF_V4);
}

static __always_inline int mac_eq(const __u8 *a, const __u8 *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3] && a[4] == b[4] && a[5] == b[5];
}

static __always_inline int rule_fits(const struct xvs_mark_rule *r, const struct xvs_pkt *p, __u16 dport)
{
	/* an IPv6 rule's prefix may hold the v4-mapped addresses: not IPv4's */
	if (!p->is_v6 && r->plen < 96)
		return 0;
	if (r->proto && r->proto != p->proto)
		return 0;
	if (dport < r->port_lo || dport > r->port_hi)
		return 0;
	for (int m = 0; m < XVS_MARK_MACS; m++)
		if (m < (int)r->nmacs && mac_eq(r->macs[m], p->eth->h_source))
			return 0;
	return 1;
}

/*
 * mark_of() - the mark of the first rule that fits packet @p, or 0.
 * A subprogram of its own, to keep the key off the program's frame.
 */
static __noinline __u32 mark_of(const struct xvs_pkt *p)
{
	struct xvs_mark_key k = { .prefixlen = 128 };
	struct xvs_mark_set *set;
	__u16 dport = bpf_ntohs(p->dport);

	k.addr = p->daddr;
	set = bpf_map_lookup_elem(&xvs_marks, &k);
	if (!set)
		return 0;
	for (int i = 0; i < XVS_MARK_SET; i++) {
		if ((__u32)i >= set->n)
			break;
		if (rule_fits(&set->r[i], p, dport))
			return set->r[i].mark;
	}
	return 0;
}

#endif /* XVS_BPF_MARK_H */
