/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VIP ownership: what xvsd's VRRP says of a destination address
 * (xvs_vips, include/xvs/abi.h), applied to a packet before anything else
 * is done with it.  An address with no entry is none of VRRP's business.
 * Otherwise the VIP is
 *  - live: held (VRRP master) with its lease running: as if it had no entry;
 *  - backup: not held: its services' packets go to the host stack
 *    unbalanced (the caller decides, once it knows the packet is a
 *    service's), so two directors that are each other's real servers do not
 *    bounce them; other packets go on as ever;
 *  - fenced: held, but the lease ran out: the daemon that renews it died
 *    while master and another director has taken over, so every IP packet
 *    to the VIP is dropped.
 * An ARP request, or an IPv6 neighbour solicitation, for a VIP that is not
 * live is dropped, so the host's kernel never answers for an address it
 * does not own, not even a gratuitous request (which Linux answers).
 */
#ifndef XVS_BPF_VIP_H
#define XVS_BPF_VIP_H

#include "maps.h"
#include "parse.h"

/* vip_gate()'s verdicts that let the packet go on (enum xvs_reason stops it). */
#define XVS_VIP_GO (-1)        /* no entry, or a live VIP: as ever */
#define XVS_VIP_NOT_OWNER (-2) /* to a backup VIP: its services' packets are not balanced */

#define XVS_ARP_REQUEST 1        /* RFC 826 ar$op */
#define XVS_ARP_HRD_ETHER 1      /* RFC 826 ar$hrd: Ethernet ... */
#define XVS_ARP_HRD_IEEE802 6    /* ... and IEEE 802, which Linux answers on Ethernet too */
#define XVS_ND_NEIGH_SOLICIT 135 /* RFC 4861 §4.3 */

/* An ARP packet for IPv4 over Ethernet (RFC 826); the addresses are
 * bytes, as they sit unaligned. */
struct xvs_arp {
	__be16 hrd;
	__be16 pro;
	__u8 hln;
	__u8 pln;
	__be16 op;
	__u8 sha[ETH_ALEN];
	__u8 spa[4];
	__u8 tha[ETH_ALEN];
	__u8 tpa[4];
};

/* A neighbour solicitation (RFC 4861 §4.3): ICMPv6 header, then the target. */
struct xvs_ns {
	__u8 type;
	__u8 code;
	__u16 csum;
	__u32 reserved;
	__u8 target[16];
};

/* Whether xvs_vips has entries to look at. */
static __always_inline int vips_enabled(void)
{
	struct xvs_config *cfg = config();

	return cfg && (cfg->flags & XVS_CFG_F_VIPS);
}

enum vip_state { VIP_NONE, VIP_LIVE, VIP_BACKUP, VIP_FENCED };

/* What xvs_vips says of address @a (enum vip_state). */
static __always_inline int vip_state(const union xvs_addr *a)
{
	struct xvs_vip *v = bpf_map_lookup_elem(&xvs_vips, a);

	if (!v)
		return VIP_NONE;
	if (!(v->flags & XVS_VIP_F_HELD))
		return VIP_BACKUP;
	/* CLOCK_MONOTONIC, the clock of the leases (xvs_monotonic_ns()), as of
	 * the last tick: a lease ends up to a tick (1-10 ms) late, and the
	 * check reads no clock source.  bpf_ktime_get_ns() cost a live VIP's
	 * packets 20-25 ns more here (TSC, BPF_PROG_TEST_RUN).  No lease
	 * needs no clock at all. */
	if (v->lease_ns != XVS_LEASE_FOREVER && bpf_ktime_get_coarse_ns() >= v->lease_ns)
		return VIP_FENCED;
	return VIP_LIVE;
}

/*
 * arp_gate() - for the ARP packet at @arp: XVS_R_DROP_VIP_ARP when it is a
 * request (gratuitous ones too) for a VIP that is not live, else XVS_VIP_GO.
 * The tests are arp_process()'s, so what Linux would answer is caught.
 */
static __always_inline int arp_gate(struct xvs_arp *arp, void *end)
{
	union xvs_addr a;
	__be32 tpa;
	int st;

	if ((void *)(arp + 1) > end ||
	    (arp->hrd != bpf_htons(XVS_ARP_HRD_ETHER) && arp->hrd != bpf_htons(XVS_ARP_HRD_IEEE802)) ||
	    arp->pro != bpf_htons(ETH_P_IP) || arp->hln != ETH_ALEN || arp->pln != 4 ||
	    arp->op != bpf_htons(XVS_ARP_REQUEST))
		return XVS_VIP_GO;
	__builtin_memcpy(&tpa, arp->tpa, 4);
	addr_from_v4(&a, tpa);
	st = vip_state(&a);
	return st == VIP_BACKUP || st == VIP_FENCED ? XVS_R_DROP_VIP_ARP : XVS_VIP_GO;
}

/*
 * ns_gate() - for the IPv6 packet at @ip6h: XVS_R_DROP_VIP_ARP when it is a
 * neighbour solicitation (ICMPv6 right after the fixed header) for a VIP
 * that is not live, else XVS_VIP_GO.
 */
static __always_inline int ns_gate(struct ipv6hdr *ip6h, void *end)
{
	struct xvs_ns *ns = (void *)(ip6h + 1);
	union xvs_addr a;
	int st;

	if (ip6h->nexthdr != IPPROTO_ICMPV6 || (void *)(ns + 1) > end ||
	    ns->type != XVS_ND_NEIGH_SOLICIT || ns->code)
		return XVS_VIP_GO;
	__builtin_memcpy(&a, ns->target, 16);
	st = vip_state(&a);
	return st == VIP_BACKUP || st == VIP_FENCED ? XVS_R_DROP_VIP_ARP : XVS_VIP_GO;
}

/*
 * vip_gate() - what VIP ownership makes of the frame of @ctx; the caller
 * asks only while xvs_vips has entries (XVS_CFG_F_VIPS).  It reads the
 * headers it needs itself, from the frame.
 * Returns: XVS_R_DROP_FENCED (an IPv4/IPv6 packet to a fenced VIP),
 * XVS_R_DROP_VIP_ARP (an ARP request or neighbour solicitation for a VIP
 * that is not live), XVS_VIP_NOT_OWNER (any other IP packet to a backup
 * VIP), or XVS_VIP_GO.
 *
 * Global, so the verifier checks it once and the caller's paths carry only
 * its return value.  Inline, its branches multiplied the states of the
 * whole packet path after it: xvs_xdp went from 298k to 465k verified
 * insns, and xvs_xdp_icmp past the 1M limit (E2BIG).  A global function
 * gets no packet pointers, hence the second look at the headers; they are
 * in cache.
 */
__noinline int vip_gate(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	union xvs_addr a;
	int st;

	if ((void *)(eth + 1) > end)
		return XVS_VIP_GO;
	if (eth->h_proto == bpf_htons(ETH_P_ARP))
		return arp_gate((void *)(eth + 1), end);
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);

		if ((void *)(iph + 1) > end)
			return XVS_VIP_GO;
		addr_from_v4(&a, iph->daddr);
		st = vip_state(&a);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h = (void *)(eth + 1);
		int r;

		if ((void *)(ip6h + 1) > end)
			return XVS_VIP_GO;
		__builtin_memcpy(&a, &ip6h->daddr, 16);
		st = vip_state(&a);
		/* a solicitation sent to a fenced VIP itself (NUD) is dropped as fenced */
		r = st == VIP_FENCED ? XVS_VIP_GO : ns_gate(ip6h, end);
		if (r != XVS_VIP_GO)
			return r;
	} else {
		return XVS_VIP_GO;
	}
	if (st == VIP_FENCED)
		return XVS_R_DROP_FENCED;
	return st == VIP_BACKUP ? XVS_VIP_NOT_OWNER : XVS_VIP_GO;
}

#endif /* XVS_BPF_VIP_H */
