/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet parsing: Ethernet, IPv4 / IPv6, TCP / UDP / SCTP headers into
 * struct xvs_pkt.  Every header is bounds-checked against data_end before it is
 * read; a frame that ends inside a header is never forwarded.
 */
#ifndef XVS_BPF_PARSE_H
#define XVS_BPF_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include "xvs/abi.h"

#define XVS_IP_MF 0x2000
#define XVS_IP_OFFSET 0x1fff

/* TCP flag bits as in byte 13 of the TCP header. */
#define XVS_TCP_FIN 0x01
#define XVS_TCP_SYN 0x02
#define XVS_TCP_RST 0x04
#define XVS_TCP_ACK 0x10

/* SCTP chunk types (RFC 9260 §3.2) that move IPVS's SCTP states. */
#define XVS_SCTP_CID_DATA 0
#define XVS_SCTP_CID_INIT 1
#define XVS_SCTP_CID_INIT_ACK 2
#define XVS_SCTP_CID_ABORT 6
#define XVS_SCTP_CID_SHUTDOWN 7
#define XVS_SCTP_CID_SHUTDOWN_ACK 8
#define XVS_SCTP_CID_ERROR 9
#define XVS_SCTP_CID_COOKIE_ECHO 10
#define XVS_SCTP_CID_COOKIE_ACK 11
#define XVS_SCTP_CID_SHUTDOWN_COMPLETE 14

/* Longest COOKIE-ECHO chunk after which a bundled ABORT is looked for: the
 * verifier tracks packet offsets below 64 KiB only. */
#define XVS_SCTP_COOKIE_MAX 0x3ffc

/* The SCTP common header (RFC 9260 §3.1) and a chunk header. */
struct xvs_sctphdr {
	__be16 source;
	__be16 dest;
	__be32 vtag;
	__u8 checksum[4]; /* CRC32c, least significant byte first */
};

struct xvs_sctp_chunk {
	__u8 type;
	__u8 flags;
	__be16 length;
};

struct xvs_pkt {
	struct ethhdr *eth;
	void *l3;       /* IPv4 or IPv6 header */
	void *l4;       /* TCP, UDP or SCTP header */
	union xvs_addr saddr;
	union xvs_addr daddr;
	__be16 sport;
	__be16 dport;
	__u32 ip_len;   /* IP total length: what IPVS counts as bytes */
	__u8 is_v6;
	__u8 proto;
	__u8 tcp_flags;
	__u8 chunk;     /* SCTP: the chunk type that moves the state (sctp_chunk()) */
	__u8 tos;
	__u8 is_frag;   /* first fragment of a fragmented IPv4 packet */
	__u8 icmp;      /* an ICMP error seen as the flow it quotes, reversed
			 * (schedule_icmp): the addresses, ports, protocol, TCP
			 * flags and chunk are the quote's; l4 is the ICMP header */
};

/* Parse outcome: continue with the packet, or a reason to stop. */
#define XVS_PARSE_OK (-1)

static __always_inline void addr_from_v4(union xvs_addr *a, __be32 v4)
{
	a->w[0] = 0;
	a->w[1] = 0;
	a->w[2] = bpf_htonl(0xffff);
	a->w[3] = v4;
}

static __always_inline int addr_is_v4(const union xvs_addr *a)
{
	return !a->w[0] && !a->w[1] && a->w[2] == bpf_htonl(0xffff);
}

/*
 * sctp_chunk() - the chunk type that counts for IPVS's state table
 * (set_sctp_state()): the first chunk's, or ABORT when a COOKIE-ECHO or
 * COOKIE-ACK comes bundled with an ABORT right after it.
 */
static __always_inline __u8 sctp_chunk(struct xvs_sctp_chunk *ch, void *end)
{
	__u32 len = bpf_ntohs(ch->length);
	struct xvs_sctp_chunk *next;

	/* a cookie longer than XVS_SCTP_COOKIE_MAX leaves the ABORT unseen */
	if ((ch->type != XVS_SCTP_CID_COOKIE_ECHO && ch->type != XVS_SCTP_CID_COOKIE_ACK) ||
	    len < sizeof(*ch) || len > XVS_SCTP_COOKIE_MAX)
		return ch->type;
	len = (len + 3) & (XVS_SCTP_COOKIE_MAX | 0xffc);
	next = (void *)ch + len;
	if ((void *)(next + 1) <= end && next->type == XVS_SCTP_CID_ABORT)
		return XVS_SCTP_CID_ABORT;
	return ch->type;
}

/*
 * parse_l4() - read ports (and TCP flags, or SCTP's chunk) of the header
 * at @l4.
 * Returns: XVS_PARSE_OK, or the enum xvs_reason that stops the packet.
 */
static __always_inline int parse_l4(struct xvs_pkt *p, void *l4, void *end)
{
	if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		if ((void *)(th + 1) > end)
			return XVS_R_DROP_TRUNCATED;
		if (th->doff < 5)
			return XVS_R_DROP_BAD_L4;
		p->l4 = th;
		p->sport = th->source;
		p->dport = th->dest;
		p->tcp_flags = ((__u8 *)th)[13];
		return XVS_PARSE_OK;
	}
	if (p->proto == IPPROTO_UDP) {
		struct udphdr *uh = l4;

		if ((void *)(uh + 1) > end)
			return XVS_R_DROP_TRUNCATED;
		p->l4 = uh;
		p->sport = uh->source;
		p->dport = uh->dest;
		return XVS_PARSE_OK;
	}
	if (p->proto == IPPROTO_SCTP) {
		struct xvs_sctphdr *sh = l4;
		struct xvs_sctp_chunk *ch = (void *)(sh + 1);

		if ((void *)(ch + 1) > end)
			return XVS_R_DROP_TRUNCATED;
		p->l4 = sh;
		p->sport = sh->source;
		p->dport = sh->dest;
		p->chunk = sctp_chunk(ch, end);
		return XVS_PARSE_OK;
	}
	return XVS_R_PASS_L4_OTHER;
}

static __always_inline int parse_ipv4(struct xvs_pkt *p, void *l3, void *end)
{
	struct iphdr *iph = l3;
	__u32 hlen;

	if ((void *)(iph + 1) > end)
		return XVS_R_DROP_TRUNCATED;
	hlen = iph->ihl * 4;
	if (iph->version != 4 || hlen < sizeof(*iph))
		return XVS_R_DROP_BAD_IP;
	p->ip_len = bpf_ntohs(iph->tot_len);
	if (p->ip_len < hlen)
		return XVS_R_DROP_BAD_IP;
	if (l3 + p->ip_len > end)
		return XVS_R_DROP_TRUNCATED;
	p->proto = iph->protocol;
	p->tos = iph->tos;
	addr_from_v4(&p->saddr, iph->saddr);
	addr_from_v4(&p->daddr, iph->daddr);
	if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP && p->proto != IPPROTO_SCTP) {
		/* ICMP errors are looked at by icmp_error() */
		if (!(iph->frag_off & bpf_htons(XVS_IP_OFFSET | XVS_IP_MF)))
			p->l4 = l3 + hlen;
		return XVS_R_PASS_L4_OTHER;
	}
	if (iph->frag_off & bpf_htons(XVS_IP_OFFSET))
		/* No ports: cannot be matched to a service or a connection.  The
		 * first fragment of a service's packet is dropped, so the kernel
		 * never reassembles (and never mis-delivers) such a packet. */
		return XVS_R_PASS_FRAGMENT;
	p->is_frag = !!(iph->frag_off & bpf_htons(XVS_IP_MF));
	return parse_l4(p, l3 + hlen, end);
}

static __always_inline int parse_ipv6(struct xvs_pkt *p, void *l3, void *end)
{
	struct ipv6hdr *ip6h = l3;

	if ((void *)(ip6h + 1) > end)
		return XVS_R_DROP_TRUNCATED;
	if (ip6h->version != 6)
		return XVS_R_DROP_BAD_IP;
	p->ip_len = bpf_ntohs(ip6h->payload_len) + sizeof(*ip6h);
	if (l3 + p->ip_len > end)
		return XVS_R_DROP_TRUNCATED;
	p->is_v6 = 1;
	p->proto = ip6h->nexthdr;
	__builtin_memcpy(&p->saddr, &ip6h->saddr, 16);
	__builtin_memcpy(&p->daddr, &ip6h->daddr, 16);
	switch (p->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		return parse_l4(p, ip6h + 1, end);
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_FRAGMENT:
	case IPPROTO_DSTOPTS:
	case IPPROTO_AH:
	case IPPROTO_ESP:
		return XVS_R_PASS_IPV6_EXT;
	default:
		p->l4 = ip6h + 1;
		return XVS_R_PASS_L4_OTHER;
	}
}

/*
 * parse_packet() - fill @p from the frame [data, end).
 * Returns: XVS_PARSE_OK for a TCP/UDP/SCTP packet whose headers are all present,
 * else the enum xvs_reason that decides its fate (XVS_R_PASS_* go to the
 * kernel, XVS_R_DROP_* are dropped).
 */
static __always_inline int parse_packet(struct xvs_pkt *p, void *data, void *end)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return XVS_R_DROP_TRUNCATED;
	p->eth = eth;
	p->l3 = eth + 1;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return parse_ipv4(p, eth + 1, end);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return parse_ipv6(p, eth + 1, end);
	return XVS_R_PASS_NOT_IP;
}

#endif /* XVS_BPF_PARSE_H */
