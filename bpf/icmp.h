/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Answers built in place, from the virtual IP the client addressed, out by
 * the interface the packet came in: a TCP reset (an SCTP ABORT) for a
 * connection whose real server was deleted, ICMP port unreachable for a
 * new connection no real server takes (IPVS's ip_vs_leave()), and ICMP
 * errors for tunnels.  A packet too big for its tunnel is turned
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
#include "maps.h"
#include "parse.h"
#include "xvs/crc32c.h"

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
 * reply_ip() - turn the frame at @data into the start of an answer from
 * @from to @to: MACs swapped, a fresh IP header (no options) for @l4_len
 * bytes of protocol @proto.  *@psum gets the sum of the TCP/UDP/ICMPv6
 * pseudo-header.  The frame must already be cut to its new length.
 * Returns: the L4 header, or NULL when the frame is too short.
 */
static __always_inline void *reply_ip(void *data, void *end, int v6, const union xvs_addr *from,
				      const union xvs_addr *to, __u8 proto, __u32 l4_len, __u32 *psum)
{
	struct ethhdr *eth = data;
	__u8 mac[ETH_ALEN];

	if (data + sizeof(*eth) + (v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr)) + l4_len > end)
		return NULL;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	if (v6) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		*(__be32 *)ip6 = bpf_htonl(0x60000000);
		ip6->payload_len = bpf_htons(l4_len);
		ip6->nexthdr = proto;
		ip6->hop_limit = 64;
		__builtin_memcpy(&ip6->saddr, from, 16);
		__builtin_memcpy(&ip6->daddr, to, 16);
		*psum = csum_add32(csum_add32(sum_words(&ip6->saddr, 32, 0), bpf_htonl(l4_len)), bpf_htonl(proto));
		return ip6 + 1;
	} else {
		struct iphdr *iph = (void *)(eth + 1);

		iph->version = 4;
		iph->ihl = 5;
		iph->tos = 0;
		iph->tot_len = bpf_htons(sizeof(*iph) + l4_len);
		iph->id = 0;
		iph->frag_off = 0;
		iph->ttl = 64;
		iph->protocol = proto;
		iph->check = 0;
		iph->saddr = from->w[3];
		iph->daddr = to->w[3];
		iph->check = ipv4_csum(iph);
		*psum = csum_add32(sum_words(&iph->saddr, 8, 0), bpf_htonl((proto << 16) | l4_len));
		return iph + 1;
	}
}

/*
 * reply_cut() - make the frame @len bytes long for an answer: cut or grown
 * at the tail (bpf_xdp_get_buff_len(): the verifier refuses arithmetic on
 * data_end), or, where the driver leaves no room there (veth, for a small
 * frame), grown at the head with the Ethernet header moved along; the rest
 * is the answer's to write.
 */
static __always_inline int reply_cut(struct xdp_md *ctx, __u32 len)
{
	int delta = (int)len - (int)bpf_xdp_get_buff_len(ctx);
	__u8 eth[sizeof(struct ethhdr)];
	void *data, *end;

	if (!bpf_xdp_adjust_tail(ctx, delta))
		return 0;
	if (delta < 0)
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(eth) > end)
		return -1;
	__builtin_memcpy(eth, data, sizeof(eth));
	if (bpf_xdp_adjust_head(ctx, -delta))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + sizeof(eth) > end)
		return -1;
	__builtin_memcpy(data, eth, sizeof(eth));
	return 0;
}

/* What icmp_answer() says. */
enum { XVS_ANSWER_TOO_BIG, XVS_ANSWER_PORT_UNREACH };
#define XVS_ICMP_PORT_UNREACH 3   /* ICMP destination unreachable code */
#define XVS_ICMPV6_DEST_UNREACH 1
#define XVS_ICMPV6_PORT_UNREACH 4 /* its code */

/*
 * icmp_answer() - answer @p with an ICMP error: too big, carrying @mtu
 * (@what XVS_ANSWER_TOO_BIG), or port unreachable.
 * Returns: XDP_TX, or XDP_DROP when the packet cannot be answered (IPv4
 * options, or a frame too short to quote).
 */
static __noinline int icmp_answer(struct xdp_md *ctx, struct xvs_pkt *p, int what, __u32 mtu)
{
	const int v6 = p->is_v6, quote = v6 ? XVS_ICMP_QUOTE6 : XVS_ICMP_QUOTE4;
	const int ip_len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	union xvs_addr client = p->saddr, vip = p->daddr;
	struct xvs_scratch *sc = scratch();
	struct xvs_icmp_hdr *ic;
	void *data, *end;
	__u8 *q;
	__u32 s;

	if (!sc)
		return XDP_DROP;
	q = sc->quote; /* in scratch: this frame sits on the program's */
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (v6) {
		if (data + sizeof(struct ethhdr) + XVS_ICMP_QUOTE6 > end)
			return XDP_DROP;
		__builtin_memcpy(q, data + sizeof(struct ethhdr), XVS_ICMP_QUOTE6);
	} else {
		if (data + sizeof(struct ethhdr) + XVS_ICMP_QUOTE4 > end ||
		    ((struct iphdr *)(data + sizeof(struct ethhdr)))->ihl != 5)
			return XDP_DROP;
		__builtin_memcpy(q, data + sizeof(struct ethhdr), XVS_ICMP_QUOTE4);
	}
	if (reply_cut(ctx, sizeof(struct ethhdr) + ip_len + 8 + quote))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	ic = reply_ip(data, end, v6, &vip, &client, v6 ? XVS_IPPROTO_ICMPV6 : IPPROTO_ICMP, 8 + quote, &s);
	if (!ic || (void *)(ic + 1) + XVS_ICMP_QUOTE4 > end)
		return XDP_DROP;
	ic->csum = 0;
	ic->word = 0;
	if (v6) {
		if ((void *)(ic + 1) + XVS_ICMP_QUOTE6 > end)
			return XDP_DROP;
		if (what == XVS_ANSWER_TOO_BIG) {
			ic->type = XVS_ICMPV6_PKT_TOOBIG;
			ic->code = 0;
			ic->word = bpf_htonl(mtu);
		} else {
			ic->type = XVS_ICMPV6_DEST_UNREACH;
			ic->code = XVS_ICMPV6_PORT_UNREACH;
		}
		__builtin_memcpy(ic + 1, q, XVS_ICMP_QUOTE6);
		ic->csum = csum_fold32(sum_words(ic, 8 + XVS_ICMP_QUOTE6, s));
	} else {
		ic->type = XVS_ICMP_DEST_UNREACH;
		if (what == XVS_ANSWER_TOO_BIG) {
			ic->code = XVS_ICMP_FRAG_NEEDED;
			ic->word = bpf_htonl(mtu & 0xffff);
		} else {
			ic->code = XVS_ICMP_PORT_UNREACH;
		}
		__builtin_memcpy(ic + 1, q, XVS_ICMP_QUOTE4);
		/* ICMP for IPv4 has no pseudo-header */
		ic->csum = csum_fold32(sum_words(ic, 8 + XVS_ICMP_QUOTE4, 0));
	}
	return XDP_TX;
}

/*
 * tcp_reset() - answer @p, a client's packet of a connection whose real
 * server is gone, with a TCP reset from the virtual service, as the
 * client's peer would send one (RFC 9293 §3.10.7.1): seq from the
 * packet's ACK, or an ACK of everything the packet carried.
 * Returns: XDP_TX, or XDP_DROP when the frame is too short.
 */
static __noinline int tcp_reset(struct xdp_md *ctx, struct xvs_pkt *p)
{
	union xvs_addr client = p->saddr, vip = p->daddr;
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	const int v6 = p->is_v6, ip_len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct tcphdr *th = p->l4;
	__be16 sport = p->sport, dport = p->dport;
	__u32 seq, ack, len, s;
	__u8 flags = p->tcp_flags;

	if ((void *)(th + 1) > end)
		return XDP_DROP;
	seq = th->ack_seq;
	/* what the packet carried: payload, plus one for SYN and for FIN */
	len = p->ip_len - ((void *)th - p->l3) - th->doff * 4;
	len += !!(flags & XVS_TCP_SYN) + !!(flags & XVS_TCP_FIN);
	ack = bpf_htonl(bpf_ntohl(th->seq) + len);
	if (reply_cut(ctx, sizeof(struct ethhdr) + ip_len + sizeof(*th)))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	th = reply_ip(data, end, v6, &vip, &client, IPPROTO_TCP, sizeof(*th), &s);
	if (!th)
		return XDP_DROP;
	__builtin_memset(th, 0, sizeof(*th));
	th->source = dport;
	th->dest = sport;
	th->doff = 5;
	th->rst = 1;
	if (flags & XVS_TCP_ACK) {
		th->seq = seq;
	} else {
		th->ack = 1;
		th->ack_seq = ack;
	}
	th->check = csum_fold32(sum_words(th, sizeof(*th), s));
	return XDP_TX;
}

/* The chunk flag of an ABORT that carries its receiver's own tag. */
#define XVS_SCTP_ABORT_T 0x01

/*
 * sctp_abort_crc() - the CRC32c of an ABORT with T bit and no cause, from
 * port @src to @dst (as in the packet), tag @vtag, byte by byte under
 * bpf_loop() (see sctp_crc_delta()).
 */
struct sctp_abort_pkt {
	struct xvs_sctphdr h;
	struct xvs_sctp_chunk c;
	__u32 reg;
};

static long abort_crc_step(__u32 i, struct sctp_abort_pkt *a)
{
	a->reg = xvs_crc32c_byte(a->reg, ((__u8 *)a)[i & 15]);
	return 0;
}

static __noinline __u32 sctp_abort_crc(__u32 src, __u32 dst, __u32 vtag)
{
	struct sctp_abort_pkt a = {
		.h = { .source = src, .dest = dst, .vtag = vtag },
		.c = { .type = XVS_SCTP_CID_ABORT, .flags = XVS_SCTP_ABORT_T, .length = bpf_htons(sizeof(a.c)) },
		.reg = ~0u,
	};

	bpf_loop(sizeof(a.h) + sizeof(a.c), abort_crc_step, &a, 0);
	return ~a.reg;
}

/*
 * sctp_abort() - answer @p, a client's packet of an SCTP association whose
 * real server is gone, with an ABORT from the virtual service, as a peer
 * answers a packet it has no association for (RFC 9260 §8.4, §8.5.1): the
 * packet's verification tag reflected, with the T bit.
 * Returns: XDP_TX, or XDP_DROP when the frame is too short.
 */
static __noinline int sctp_abort(struct xdp_md *ctx, struct xvs_pkt *p)
{
	union xvs_addr client = p->saddr, vip = p->daddr;
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	const int v6 = p->is_v6, ip_len = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct xvs_sctphdr *sh = p->l4;
	struct xvs_sctp_chunk *ch;
	__be16 sport = p->sport, dport = p->dport;
	__be32 vtag;
	__u32 s;

	if (!sh || (void *)(sh + 1) > end)
		return XDP_DROP;
	vtag = sh->vtag;
	if (reply_cut(ctx, sizeof(struct ethhdr) + ip_len + sizeof(*sh) + sizeof(*ch)))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	sh = reply_ip(data, end, v6, &vip, &client, IPPROTO_SCTP, sizeof(*sh) + sizeof(*ch), &s);
	if (!sh)
		return XDP_DROP;
	ch = (void *)(sh + 1);
	if ((void *)(ch + 1) > end)
		return XDP_DROP;
	sh->source = dport;
	sh->dest = sport;
	sh->vtag = vtag;
	ch->type = XVS_SCTP_CID_ABORT;
	ch->flags = XVS_SCTP_ABORT_T;
	ch->length = bpf_htons(sizeof(*ch));
	xvs_crc32c_store(sh->checksum, sctp_abort_crc(dport, sport, vtag));
	return XDP_TX;
}

#endif /* XVS_BPF_ICMP_H */
