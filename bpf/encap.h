/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnel forwarding ("Tunnel", ipvsadm -i): the client's IP packet is
 * carried unchanged inside an outer header toward the real server, which may
 * sit on another network.  Outer headers follow IPVS's ip_vs_tunnel_xmit():
 * IPIP (RFC 2003) / IPv6-in-IPv6 (RFC 2473), GUE variant 0
 * (draft-ietf-intarea-gue) over UDP, or GRE (RFC 2784); outer TTL / hop
 * limit, TOS / traffic class and DF are the inner packet's.
 */
#ifndef XVS_BPF_ENCAP_H
#define XVS_BPF_ENCAP_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "fwd.h"
#include "csum.h"
#include "icmp.h"

#define XVS_IPPROTO_IPIP 4
#define XVS_IPPROTO_IPV6 41
#define XVS_IPPROTO_GRE 47
#define XVS_IP_DF 0x4000

/* What the outer headers take from the inner packet and the destination. */
struct tun_args {
	__u8 dmac[ETH_ALEN];
	__u8 smac[ETH_ALEN];
	union xvs_addr src;
	union xvs_addr dst;
	__u32 inner_len;
	__be16 frag_off;   /* inner DF, IPv4 */
	__be16 gue_sport;
	__be16 gue_dport;
	__u32 inner_sum;   /* ones'-complement sum of the whole inner packet */
	__u8 tos;          /* inner TOS / traffic class */
	__u8 ttl;          /* inner TTL / hop limit */
	__u8 csum;         /* checksum the UDP (GUE) / GRE layer */
	__u8 inner_v6;     /* the inner packet is IPv6 (either outer family) */
};

/*
 * inner_sum() - the ones'-complement sum of the whole inner packet, from its
 * headers alone (local checksum offload, Linux's Documentation/networking/
 * checksum-offloads.rst): a correct TCP/UDP/ICMPv6 checksum makes the
 * segment sum to the complement of its pseudo-header, an ICMP message sums to
 * zero, so only the IP header needs adding up.
 * Returns: 0 and *@sum, or -1 (IPv4 options, or UDP sent without checksum).
 */
static __always_inline int inner_sum(const struct xvs_pkt *p, void *end, __u32 *sum)
{
	__u32 pseudo, l4len, s;
	const __u32 *w = p->l3;

	if (p->is_v6) {
		if ((void *)w + 40 > end)
			return -1;
		s = sum_words(w, 40, 0);
		pseudo = sum_words(&w[2], 32, 0); /* the addresses */
		l4len = p->ip_len - 40;
	} else {
		const struct iphdr *iph = p->l3;

		if ((void *)(iph + 1) > end || iph->ihl != 5)
			return -1;
		s = sum_words(w, 20, 0);
		pseudo = csum_add32(iph->saddr, iph->daddr);
		l4len = p->ip_len - 20;
	}
	if (p->proto == IPPROTO_ICMP) {
		*sum = s;
		return 0;
	}
	if (p->proto == IPPROTO_UDP) {
		const struct udphdr *uh = p->l4;

		if (!uh || (void *)(uh + 1) > end || !uh->check)
			return -1;
	}
	pseudo = csum_add32(pseudo, bpf_htons(p->proto));
	pseudo = csum_add32(pseudo, bpf_htons(l4len));
	/* the segment's own sum is the complement of its pseudo-header's */
	*sum = csum_add32(s, csum_fold32(pseudo));
	return 0;
}

/* The inner protocol as the outer header names it. */
static __always_inline __u8 inner_proto(int v6)
{
	return v6 ? XVS_IPPROTO_IPV6 : XVS_IPPROTO_IPIP;
}

/*
 * tun_push() - prepend Ethernet + outer IP (+ UDP/GUE or GRE) to the inner
 * packet.  @v6 (the outer family), @type and @gre_csum are constants at every
 * call site, so each specialisation has fixed header offsets the verifier
 * can follow; the inner family only changes protocol numbers.
 * Returns: 0, or -1 when the headers could not be added.
 */
static __always_inline int tun_push(struct xdp_md *ctx, const int v6, const int type, const int gre_csum,
				    const struct tun_args *a)
{
	const int ip_len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	const int extra = type == XVS_TUN_GUE ? XVS_GUE_LEN : type == XVS_TUN_GRE ? XVS_GRE_LEN + 4 * gre_csum : 0;
	const int encap = ip_len + extra;
	struct ethhdr *eth;
	void *data, *end, *l4;
	__u8 next = type == XVS_TUN_GUE ? IPPROTO_UDP : type == XVS_TUN_GRE ? XVS_IPPROTO_GRE : inner_proto(a->inner_v6);

	if (bpf_xdp_adjust_head(ctx, -encap))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(*eth) + encap > end)
		return -1;
	eth = data;
	__builtin_memcpy(eth->h_dest, a->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, a->smac, ETH_ALEN);
	if (v6) {
		struct ipv6hdr *o = (void *)(eth + 1);

		eth->h_proto = bpf_htons(ETH_P_IPV6);
		*(__be32 *)o = bpf_htonl(0x60000000 | ((__u32)a->tos << 20));
		o->payload_len = bpf_htons(a->inner_len + extra);
		o->nexthdr = next;
		o->hop_limit = a->ttl;
		__builtin_memcpy(&o->saddr, &a->src, 16);
		__builtin_memcpy(&o->daddr, &a->dst, 16);
		l4 = o + 1;
	} else {
		struct iphdr *o = (void *)(eth + 1);

		eth->h_proto = bpf_htons(ETH_P_IP);
		o->version = 4;
		o->ihl = 5;
		o->tos = a->tos;
		o->tot_len = bpf_htons(a->inner_len + encap);
		o->id = 0;
		o->frag_off = a->frag_off;
		o->ttl = a->ttl;
		o->protocol = next;
		o->check = 0;
		o->saddr = a->src.w[3];
		o->daddr = a->dst.w[3];
		if (!a->frag_off)
			o->id = bpf_get_prandom_u32();
		o->check = ipv4_csum(o);
		l4 = o + 1;
	}
	if (type == XVS_TUN_GUE) {
		struct udphdr *uh = l4;
		__u8 *gue = (void *)(uh + 1);

		uh->source = a->gue_sport;
		uh->dest = a->gue_dport;
		uh->len = bpf_htons(a->inner_len + XVS_GUE_LEN);
		uh->check = 0; /* --tun-nocsum, ipvsadm's default */
		gue[0] = 0;    /* version 0, data message, no options */
		gue[1] = inner_proto(a->inner_v6);
		gue[2] = 0;
		gue[3] = 0;
		if (a->csum) {
			/* pseudo-header, UDP and GUE headers, then the inner packet */
			__u32 s = csum_add32(a->inner_sum, bpf_htons(IPPROTO_UDP));

			s = csum_add32(s, uh->len);
			if (v6) {
				s = sum_words(&a->src, 16, s);
				s = sum_words(&a->dst, 16, s);
			} else {
				s = csum_add32(s, a->src.w[3]);
				s = csum_add32(s, a->dst.w[3]);
			}
			s = sum_words(uh, 12, s);
			uh->check = csum_fold32(s) ?: 0xffff;
		}
	} else if (type == XVS_TUN_GRE) {
		__be16 *gre = l4;

		gre[0] = gre_csum ? bpf_htons(0x8000) : 0; /* C bit; no key or sequence */
		gre[1] = bpf_htons(a->inner_v6 ? ETH_P_IPV6 : ETH_P_IP);
		if (gre_csum) {
			/* RFC 2784 §2.5: over the GRE header and the payload */
			gre[2] = 0;
			gre[3] = 0;
			gre[2] = csum_fold32(sum_words(gre, 8, a->inner_sum));
		}
	}
	return 0;
}

/* A source port spread over flows, as udp_flow_src_port() does for GUE. */
static __always_inline __be16 gue_src_port(const struct xvs_pkt *p)
{
	__u32 h = p->saddr.w[3] ^ p->daddr.w[3] ^ p->saddr.w[0] ^ ((__u32)p->sport << 16 | p->dport);

	h *= 2654435761U;
	return bpf_htons(49152 + (h >> 18));
}

/*
 * fwd_tun() - encapsulate toward real server @d.
 * Returns: the XDP action, or minus the MTU left inside the tunnel when the
 * packet is too big for it and must be answered with icmp_answer() (by the
 * caller, so that no call chain holds three stack frames).
 * A subprogram of its own: inlined, its headers and the other forwarding
 * paths' would not fit in one 512-byte BPF stack frame.
 * Returns: the XDP action.
 */
static __noinline int fwd_tun(struct xdp_md *ctx, struct xvs_pkt *p, const struct xvs_dest *d)
{
	int v6 = d->af == XVS_AF_INET6, type = d->tun_type, encap, err;
	struct bpf_fib_lookup *fib = fib_scratch();
	struct tun_args a = {};
	int r;

	if (!fib)
		return XDP_DROP;
	if (type > XVS_TUN_GRE) {
		count_reason(XVS_R_DROP_FWD_UNSUPP);
		return XDP_DROP;
	}
	/* The checksum needs the inner packet's own to stand in for its data;
	 * without one (IPv4 options, UDP sent without checksum) the tunnel
	 * goes without checksum too. */
	if ((d->tun_flags & (XVS_TUN_F_CSUM | XVS_TUN_F_REMCSUM)) && type != XVS_TUN_IPIP &&
	    !inner_sum(p, (void *)(long)ctx->data_end, &a.inner_sum))
		a.csum = 1;
	encap = (v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr)) +
		(type == XVS_TUN_GUE ? XVS_GUE_LEN : type == XVS_TUN_GRE ? XVS_GRE_LEN + 4 * a.csum : 0);
	r = dr_l2(ctx, p, d, fib);
	if (r != XVS_PARSE_OK) {
		count_reason(r);
		return XDP_DROP;
	}
	__builtin_memcpy(a.dmac, fib->dmac, ETH_ALEN);
	__builtin_memcpy(a.smac, fib->smac, ETH_ALEN);
	a.src = d->tun_src;
	a.dst = d->addr;
	a.inner_len = p->ip_len;
	a.gue_sport = gue_src_port(p);
	a.gue_dport = d->tun_port;
	a.tos = p->tos;
	a.inner_v6 = p->is_v6;
	if (p->is_v6) {
		struct ipv6hdr *ip6 = p->l3;

		if ((void *)(ip6 + 1) > (void *)(long)ctx->data_end)
			return XDP_DROP;
		a.ttl = ip6->hop_limit;
	} else {
		struct iphdr *iph = p->l3;

		if ((void *)(iph + 1) > (void *)(long)ctx->data_end)
			return XDP_DROP;
		a.ttl = iph->ttl;
		a.frag_off = iph->frag_off & bpf_htons(XVS_IP_DF);
	}
	if (d->mtu && p->ip_len + encap > d->mtu) {
		/* IPVS answers with the MTU left inside the tunnel when the client
		 * forbids fragmentation (always, for IPv6). */
		count_reason(XVS_R_TUN_TOO_BIG);
		if (p->is_v6 || a.frag_off)
			return -(int)(d->mtu - encap);
		return XDP_DROP;
	}
	switch (a.csum << 3 | v6 << 2 | type) {
	case XVS_TUN_GRE:
		err = tun_push(ctx, 0, XVS_TUN_GRE, 0, &a);
		break;
	case 8 | XVS_TUN_GRE:
		err = tun_push(ctx, 0, XVS_TUN_GRE, 1, &a);
		break;
	case 4 | XVS_TUN_GRE:
		err = tun_push(ctx, 1, XVS_TUN_GRE, 0, &a);
		break;
	case 8 | 4 | XVS_TUN_GRE:
		err = tun_push(ctx, 1, XVS_TUN_GRE, 1, &a);
		break;
	case XVS_TUN_GUE:
	case 8 | XVS_TUN_GUE:
		err = tun_push(ctx, 0, XVS_TUN_GUE, 0, &a);
		break;
	case 4 | XVS_TUN_GUE:
	case 8 | 4 | XVS_TUN_GUE:
		err = tun_push(ctx, 1, XVS_TUN_GUE, 0, &a);
		break;
	case 4 | XVS_TUN_IPIP:
		err = tun_push(ctx, 1, XVS_TUN_IPIP, 0, &a);
		break;
	default:
		err = tun_push(ctx, 0, XVS_TUN_IPIP, 0, &a);
		break;
	}
	if (err) {
		count_reason(XVS_R_DROP_ENCAP);
		return XDP_DROP;
	}
	if (fib->ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	count_reason(XVS_R_REDIRECT);
	return bpf_redirect(fib->ifindex, 0);
}

#endif /* XVS_BPF_ENCAP_H */
