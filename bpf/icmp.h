/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP answers built in place.  A packet too big for its tunnel is turned
 * into ICMP "fragmentation needed" (RFC 792, RFC 1191) or ICMPv6 "packet too
 * big" (RFC 4443 §3.2) back to the client, carrying the MTU left once the
 * tunnel headers are added, as IPVS answers from ip_vs_tunnel_xmit().  The
 * answer quotes the invoking IP header and the first 8 bytes after it
 * (enough for the client's stack to find its socket), comes from the
 * virtual IP the client addressed, and leaves by the interface it came in.
 */
#ifndef XVS_BPF_ICMP_H
#define XVS_BPF_ICMP_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "csum.h"
#include "parse.h"

/* <linux/icmp.h> pulls in libc headers the BPF target cannot build. */
#define XVS_ICMP_DEST_UNREACH 3
#define XVS_ICMP_FRAG_NEEDED 4
#define XVS_ICMPV6_PKT_TOOBIG 2
#define XVS_IPPROTO_ICMPV6 58

/* The 8-byte header of both errors: type, code, checksum, then the MTU
 * (ICMP: 16 bits after 16 unused ones, RFC 1191; ICMPv6: 32 bits). */
struct xvs_icmp_hdr {
	__u8 type;
	__u8 code;
	__u16 csum;
	__be32 word;
};

#define XVS_ICMP_QUOTE4 (20 + 8)
#define XVS_ICMP_QUOTE6 (40 + 8)

/*
 * icmp_too_big() - answer @p with a too-big error carrying @mtu.
 * Returns: XDP_TX, or XDP_DROP when the packet cannot be answered (IPv4
 * options, or a frame too short to quote).
 */
static __noinline int icmp_too_big(struct xdp_md *ctx, struct xvs_pkt *p, __u32 mtu)
{
	const int v6 = p->is_v6, quote = v6 ? XVS_ICMP_QUOTE6 : XVS_ICMP_QUOTE4;
	const int ip_len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	__u8 q[XVS_ICMP_QUOTE6], mac[ETH_ALEN];
	union xvs_addr client = p->saddr, vip = p->daddr;
	void *data, *end;
	struct ethhdr *eth;
	__u32 total, s;

	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(*eth) + XVS_ICMP_QUOTE6 > end)
		return XDP_DROP;
	if (!v6 && ((struct iphdr *)(data + sizeof(*eth)))->ihl != 5)
		return XDP_DROP;
	__builtin_memcpy(q, data + sizeof(*eth), XVS_ICMP_QUOTE6);
	total = ip_len + 8 + quote;
	/* bpf_xdp_get_buff_len(): the verifier refuses arithmetic on data_end */
	if (bpf_xdp_adjust_tail(ctx, (int)(sizeof(*eth) + total) - (int)bpf_xdp_get_buff_len(ctx)))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(*eth) + ip_len + 8 + quote > end)
		return XDP_DROP;
	eth = data;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	if (v6) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		struct xvs_icmp_hdr *ic = (void *)(ip6 + 1);

		*(__be32 *)ip6 = bpf_htonl(0x60000000);
		ip6->payload_len = bpf_htons(8 + quote);
		ip6->nexthdr = XVS_IPPROTO_ICMPV6;
		ip6->hop_limit = 64;
		__builtin_memcpy(&ip6->saddr, &vip, 16);
		__builtin_memcpy(&ip6->daddr, &client, 16);
		ic->type = XVS_ICMPV6_PKT_TOOBIG;
		ic->code = 0;
		ic->csum = 0;
		ic->word = bpf_htonl(mtu);
		__builtin_memcpy(ic + 1, q, XVS_ICMP_QUOTE6);
		/* pseudo-header: addresses, upper-layer length, next header */
		s = sum_words(&ip6->saddr, 32, 0);
		s = csum_add32(s, bpf_htonl(8 + quote));
		s = csum_add32(s, bpf_htonl(XVS_IPPROTO_ICMPV6));
		s = sum_words(ic, 8 + XVS_ICMP_QUOTE6, s);
		ic->csum = csum_fold32(s);
	} else {
		struct iphdr *iph = (void *)(eth + 1);
		struct xvs_icmp_hdr *ic = (void *)(iph + 1);

		iph->version = 4;
		iph->ihl = 5;
		iph->tos = 0;
		iph->tot_len = bpf_htons(total);
		iph->id = 0;
		iph->frag_off = 0;
		iph->ttl = 64;
		iph->protocol = IPPROTO_ICMP;
		iph->check = 0;
		iph->saddr = vip.w[3];
		iph->daddr = client.w[3];
		iph->check = ipv4_csum(iph);
		ic->type = XVS_ICMP_DEST_UNREACH;
		ic->code = XVS_ICMP_FRAG_NEEDED;
		ic->csum = 0;
		ic->word = bpf_htonl(mtu & 0xffff);
		__builtin_memcpy(ic + 1, q, XVS_ICMP_QUOTE4);
		ic->csum = csum_fold32(sum_words(ic, 8 + XVS_ICMP_QUOTE4, 0));
	}
	return XDP_TX;
}

#endif /* XVS_BPF_ICMP_H */
