// SPDX-License-Identifier: GPL-2.0
/*
 * xvs_decap: XDP program for real servers of tunnel services whose kernel
 * cannot decapsulate by itself (no ipip / ip6_tunnel / gre / fou modules).
 * It strips IPIP, IPv6-in-IPv6 (and the mixed 4in6 / 6in4), GRE (RFC 2784,
 * optional checksum, no key or sequence) and GUE variant 0 on the configured
 * UDP port, but only when the inner packet is addressed to one of the
 * virtual IPs this real server serves; everything else passes untouched.
 * The inner packet goes to the kernel as if it had arrived on the interface.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xvs/abi.h"

#define GRE_CSUM 0x8000

/* GUE's UDP port, network order; 0: no GUE. Set before load. */
const volatile __be16 gue_port;

/* Virtual IPs (v4-mapped) this real server accepts tunnelled traffic for. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, union xvs_addr);
	__type(value, __u8);
} xvs_decap_vips SEC(".maps");

/* Packets decapsulated and passed over, per CPU: [0] done, [1] not ours. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} xvs_decap_stats SEC(".maps");

static __always_inline void count(__u32 i)
{
	__u64 *c = bpf_map_lookup_elem(&xvs_decap_stats, &i);

	if (c)
		*c += 1;
}

/*
 * tunnel_len() - bytes of tunnel header after the outer IP header at @l4,
 * for outer protocol @proto; *@inner receives the inner IP version's
 * protocol number (IPPROTO_IPIP / IPPROTO_IPV6).
 * Returns: the length, or -1 when this is no tunnel of ours.
 */
static __always_inline int tunnel_len(__u8 proto, void *l4, void *end, __u8 *inner)
{
	if (proto == IPPROTO_IPIP || proto == IPPROTO_IPV6) {
		*inner = proto;
		return 0;
	}
	if (proto == IPPROTO_GRE) {
		__be16 *gre = l4;
		__u16 flags;

		if ((void *)(gre + 2) > end)
			return -1;
		flags = bpf_ntohs(gre[0]);
		if (flags & ~GRE_CSUM)
			return -1; /* key, sequence, routing or a version we do not speak */
		if (gre[1] == bpf_htons(ETH_P_IP))
			*inner = IPPROTO_IPIP;
		else if (gre[1] == bpf_htons(ETH_P_IPV6))
			*inner = IPPROTO_IPV6;
		else
			return -1;
		return flags & GRE_CSUM ? 8 : 4;
	}
	if (proto == IPPROTO_UDP && gue_port) {
		struct udphdr *uh = l4;
		__u8 *gue = (void *)(uh + 1);

		if ((void *)(gue + 4) > end || uh->dest != gue_port)
			return -1;
		/* version 0 data message (C bit clear); hlen counts option words */
		if (gue[0] & 0xe0)
			return -1;
		if (gue[1] != IPPROTO_IPIP && gue[1] != IPPROTO_IPV6)
			return -1;
		*inner = gue[1];
		return sizeof(*uh) + 4 + (gue[0] & 0x1f) * 4;
	}
	return -1;
}

/* Is the inner packet at @ip (protocol @inner) addressed to one of our VIPs? */
static __always_inline int for_our_vip(void *ip, void *end, __u8 inner)
{
	union xvs_addr a = {};

	if (inner == IPPROTO_IPIP) {
		struct iphdr *iph = ip;

		if ((void *)(iph + 1) > end)
			return 0;
		a.w[2] = bpf_htonl(0xffff);
		a.w[3] = iph->daddr;
	} else {
		struct ipv6hdr *ip6 = ip;

		if ((void *)(ip6 + 1) > end)
			return 0;
		__builtin_memcpy(&a, &ip6->daddr, 16);
	}
	return bpf_map_lookup_elem(&xvs_decap_vips, &a) != NULL;
}

SEC("xdp")
int xvs_decap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data, *neth;
	__u8 proto, inner = 0;
	int outer, tlen;
	void *l4;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);

		if ((void *)(iph + 1) > end || iph->ihl != 5)
			return XDP_PASS;
		if (iph->frag_off & bpf_htons(0x3fff))
			return XDP_PASS; /* fragments: the kernel reassembles */
		proto = iph->protocol;
		outer = sizeof(*iph);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return XDP_PASS;
		proto = ip6->nexthdr;
		outer = sizeof(*ip6);
	} else {
		return XDP_PASS;
	}
	l4 = (void *)(eth + 1) + outer;
	tlen = tunnel_len(proto, l4, end, &inner);
	if (tlen < 0 || tlen > 64)
		return XDP_PASS;
	if (!for_our_vip(l4 + tlen, end, inner)) {
		count(1);
		return XDP_PASS;
	}
	/* Move the Ethernet header to just before the inner packet, then drop
	 * everything in front of it. */
	neth = l4 + tlen - sizeof(*neth);
	if ((void *)neth < data || (void *)(neth + 1) > end)
		return XDP_PASS;
	__builtin_memmove(neth->h_source, eth->h_source, ETH_ALEN);
	__builtin_memmove(neth->h_dest, eth->h_dest, ETH_ALEN);
	neth->h_proto = bpf_htons(inner == IPPROTO_IPIP ? ETH_P_IP : ETH_P_IPV6);
	if (bpf_xdp_adjust_head(ctx, outer + tlen))
		return XDP_PASS;
	count(0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
