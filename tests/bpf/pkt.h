/* SPDX-License-Identifier: GPL-2.0 */
/* Hand-built test frames: Ethernet + IPv4/IPv6 + TCP/UDP/SCTP/ICMP, ARP, neighbour solicitations. */
#ifndef XVS_TEST_PKT_H
#define XVS_TEST_PKT_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include "xvs/crc32c.h"

#define PKT_MAX 256

struct pkt_spec {
	int v6;
	uint8_t proto;       /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP ... */
	const char *saddr;   /* text address of the family */
	const char *daddr;
	uint16_t sport, dport;
	uint8_t tcp_flags;   /* byte 13 of the TCP header */
	uint16_t frag_off;   /* IPv4 frag_off field, host order */
	int payload;         /* bytes of payload */
	int udp_nocsum;      /* IPv4 UDP sent without checksum */
	uint8_t chunk;       /* SCTP: the chunk's type (its value follows as payload) */
	uint8_t chunk2;      /* SCTP: a second, empty chunk of this type, when not 0 */
	uint32_t vtag;       /* SCTP: verification tag */
};

static const uint8_t pkt_client_mac[6] = { 0x02, 0xcc, 0, 0, 0, 0x01 };
static const uint8_t pkt_dir_mac[6] = { 0x02, 0xdd, 0, 0, 0, 0x02 };

/* Build the L4 header (+payload) at @l4; returns its length. */
static inline size_t pkt_l4(const struct pkt_spec *s, uint8_t *l4)
{
	size_t len;

	if (s->proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)l4;

		memset(th, 0, sizeof(*th));
		th->source = htons(s->sport);
		th->dest = htons(s->dport);
		th->seq = htonl(1000);
		th->doff = 5;
		l4[13] = s->tcp_flags;
		th->window = htons(65535);
		len = sizeof(*th);
	} else if (s->proto == IPPROTO_UDP) {
		struct udphdr *uh = (struct udphdr *)l4;

		uh->source = htons(s->sport);
		uh->dest = htons(s->dport);
		uh->len = htons(sizeof(*uh) + s->payload);
		uh->check = 0;
		len = sizeof(*uh);
	} else if (s->proto == IPPROTO_SCTP) {
		/* common header, then a chunk of s->payload bytes of value */
		uint32_t vtag = htonl(s->vtag);
		size_t clen = 4 + s->payload, padded = (clen + 3) & ~3u;

		memset(l4, 0, 12 + padded + 4);
		l4[0] = s->sport >> 8;
		l4[1] = s->sport & 0xff;
		l4[2] = s->dport >> 8;
		l4[3] = s->dport & 0xff;
		memcpy(l4 + 4, &vtag, 4);
		l4[12] = s->chunk;
		l4[14] = clen >> 8;
		l4[15] = clen & 0xff;
		memset(l4 + 16, 0xab, s->payload);
		len = 12 + padded;
		if (s->chunk2) {
			l4[len] = s->chunk2;
			l4[len + 3] = 4;
			len += 4;
		}
		return len;
	} else {
		memset(l4, 0, 8); /* ICMP echo request */
		l4[0] = s->v6 ? 128 : 8;
		len = 8;
	}
	memset(l4 + len, 0xab, s->payload);
	return len + s->payload;
}

/* Sum of 16-bit big-endian words, not folded, not complemented. */
static inline uint32_t pkt_sum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static inline uint16_t pkt_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The Internet checksum of @len bytes, in network order, ready to store. */
static inline uint16_t pkt_csum(const void *data, size_t len)
{
	return htons(~pkt_fold(pkt_sum(data, len, 0)));
}

/*
 * pkt_l4_sum() - the TCP/UDP checksum sum over the pseudo-header (RFC 793,
 * RFC 768, RFC 8200 §8.1) and the segment as it stands, computed from
 * scratch.  A segment with a correct checksum sums to 0xffff.
 */
static inline uint16_t pkt_l4_sum(const uint8_t *frame, int v6)
{
	uint32_t sum = 0;
	size_t l4len;
	const uint8_t *l4;

	if (v6) {
		const struct ipv6hdr *ip6 = (const void *)(frame + 14);

		l4 = (const uint8_t *)(ip6 + 1);
		l4len = ntohs(ip6->payload_len);
		sum = pkt_sum(&ip6->saddr, 32, sum);
		sum += l4len + ip6->nexthdr;
	} else {
		const struct iphdr *iph = (const void *)(frame + 14);

		l4 = (const uint8_t *)iph + iph->ihl * 4;
		l4len = ntohs(iph->tot_len) - iph->ihl * 4;
		sum = pkt_sum(&iph->saddr, 8, sum);
		sum += l4len + iph->protocol;
	}
	return pkt_fold(pkt_sum(l4, l4len, sum));
}

/* Fill in a correct TCP/UDP checksum for the frame as built. */
/* The length of the L4 part of @frame, from its IP header. */
static inline size_t pkt_sctp_len(const uint8_t *frame, int v6)
{
	const uint8_t *ip = frame + 14;

	return v6 ? (size_t)(ip[4] << 8 | ip[5]) : (size_t)(ip[2] << 8 | ip[3]) - 20;
}

/* Whether the SCTP packet in @frame carries a right CRC32c. */
static inline int pkt_sctp_crc_ok(const uint8_t *frame, int v6)
{
	uint8_t l4[PKT_MAX];
	size_t len = pkt_sctp_len(frame, v6);

	memcpy(l4, frame + 14 + (v6 ? 40 : 20), len);
	memset(l4 + 8, 0, 4);
	return xvs_crc32c(l4, len) == xvs_crc32c_load(frame + 14 + (v6 ? 40 : 20) + 8);
}

static inline void pkt_fill_l4_csum(uint8_t *frame, const struct pkt_spec *s)
{
	uint8_t *l4 = frame + 14 + (s->v6 ? 40 : 20);
	uint8_t *field;

	if (s->proto == IPPROTO_SCTP) {
		size_t len = pkt_sctp_len(frame, s->v6);

		memset(l4 + 8, 0, 4);
		xvs_crc32c_store(l4 + 8, xvs_crc32c(l4, len));
		return;
	}
	if (s->proto == IPPROTO_TCP)
		field = l4 + 16;
	else if (s->proto == IPPROTO_UDP && !s->udp_nocsum)
		field = l4 + 6;
	else
		return;
	field[0] = field[1] = 0;
	{
		uint16_t c = ~pkt_l4_sum(frame, s->v6);

		if (s->proto == IPPROTO_UDP && !c)
			c = 0xffff;
		field[0] = c >> 8;
		field[1] = c & 0xff;
	}
}

/* pkt_build() - the frame described by @s into @buf; returns its length. */
static inline size_t pkt_build(const struct pkt_spec *s, uint8_t *buf)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	size_t l4len;

	memset(buf, 0, PKT_MAX);
	memcpy(eth->h_dest, pkt_dir_mac, 6);
	memcpy(eth->h_source, pkt_client_mac, 6);
	if (s->v6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)(eth + 1);

		eth->h_proto = htons(ETH_P_IPV6);
		ip6->version = 6;
		ip6->nexthdr = s->proto == IPPROTO_ICMP ? IPPROTO_ICMPV6 : s->proto;
		ip6->hop_limit = 64;
		inet_pton(AF_INET6, s->saddr, &ip6->saddr);
		inet_pton(AF_INET6, s->daddr, &ip6->daddr);
		l4len = pkt_l4(s, (uint8_t *)(ip6 + 1));
		ip6->payload_len = htons(l4len);
		pkt_fill_l4_csum(buf, s);
		return sizeof(*eth) + sizeof(*ip6) + l4len;
	} else {
		struct iphdr *iph = (struct iphdr *)(eth + 1);

		eth->h_proto = htons(ETH_P_IP);
		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = s->proto;
		iph->frag_off = htons(s->frag_off);
		inet_pton(AF_INET, s->saddr, &iph->saddr);
		inet_pton(AF_INET, s->daddr, &iph->daddr);
		l4len = pkt_l4(s, (uint8_t *)(iph + 1));
		iph->tot_len = htons(sizeof(*iph) + l4len);
		iph->check = pkt_csum(iph, sizeof(*iph));
		pkt_fill_l4_csum(buf, s);
		return sizeof(*eth) + sizeof(*iph) + l4len;
	}
}

/*
 * pkt_icmp_error_n() - an ICMP (ICMPv6) error of @type/@code from @src to
 * @dst quoting the IP header and first @l4len bytes of the packet @quoted,
 * with a correct checksum.  Returns the frame length.
 */
static inline size_t pkt_icmp_error_n(const struct pkt_spec *quoted, int l4len, uint8_t type, uint8_t code,
				      uint32_t word, const char *src, const char *dst, uint8_t *buf)
{
	int v6 = quoted->v6, iplen = v6 ? 40 : 20, qlen = iplen + l4len;
	struct pkt_spec outer = { .v6 = v6, .proto = IPPROTO_ICMP, .saddr = src, .daddr = dst };
	uint8_t q[PKT_MAX], *ic;
	uint16_t c;
	uint32_t sum = 0;

	pkt_build(quoted, q);
	pkt_build(&outer, buf); /* an echo request frame to reshape */
	ic = buf + 14 + iplen;
	memset(ic, 0, 8 + qlen);
	ic[0] = type;
	ic[1] = code;
	ic[4] = word >> 24;
	ic[5] = word >> 16;
	ic[6] = word >> 8;
	ic[7] = word;
	memcpy(ic + 8, q + 14, qlen);
	if (v6) {
		struct ipv6hdr *ip6 = (void *)(buf + 14);

		ip6->payload_len = htons(8 + qlen);
		sum = pkt_sum(&ip6->saddr, 32, 0) + 8 + qlen + IPPROTO_ICMPV6;
	} else {
		struct iphdr *iph = (void *)(buf + 14);

		iph->tot_len = htons(20 + 8 + qlen);
		iph->check = 0;
		iph->check = pkt_csum(iph, 20);
	}
	c = ~pkt_fold(pkt_sum(ic, 8 + qlen, sum));
	ic[2] = c >> 8;
	ic[3] = c & 0xff;
	return 14 + iplen + 8 + qlen;
}

/* ... quoting 8 bytes of the transport header, the least RFC 792 asks. */
static inline size_t pkt_icmp_error(const struct pkt_spec *quoted, uint8_t type, uint8_t code, uint32_t word,
				    const char *src, const char *dst, uint8_t *buf)
{
	return pkt_icmp_error_n(quoted, 8, type, code, word, src, dst, buf);
}

/* Whether the ICMP (ICMPv6) message of frame @f has a correct checksum. */
static inline int pkt_icmp_ok(const uint8_t *f, int v6)
{
	int iplen = v6 ? 40 : 20;
	const uint8_t *ip = f + 14;
	size_t len = v6 ? (size_t)((ip[4] << 8) | ip[5]) : (size_t)(((ip[2] << 8) | ip[3]) - 20);
	uint32_t sum = v6 ? pkt_sum(ip + 8, 32, 0) + len + IPPROTO_ICMPV6 : 0;

	return pkt_fold(pkt_sum(ip + iplen, len, sum)) == 0xffff;
}

/*
 * pkt_arp() - an ARP packet for IPv4 over Ethernet (RFC 826) of operation
 * @op (1 request, 2 reply) from @sha / @spa asking for (or telling) @tpa,
 * broadcast for a request, to the director for a reply.  A request's
 * target MAC is zero; spa == tpa makes a gratuitous one.  Returns the
 * frame length.
 */
static inline size_t pkt_arp(uint16_t op, const uint8_t *sha, const char *spa, const char *tpa, uint8_t *buf)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	uint8_t *a = buf + sizeof(*eth);

	memset(buf, 0, PKT_MAX);
	memset(eth->h_dest, 0xff, 6);
	if (op != 1)
		memcpy(eth->h_dest, pkt_dir_mac, 6);
	memcpy(eth->h_source, sha, 6);
	eth->h_proto = htons(ETH_P_ARP);
	a[1] = 1;    /* hardware: Ethernet */
	a[2] = 0x08; /* protocol: IPv4 */
	a[4] = 6;
	a[5] = 4;
	a[7] = op;
	memcpy(a + 8, sha, 6);
	inet_pton(AF_INET, spa, a + 14);
	if (op != 1)
		memcpy(a + 18, pkt_dir_mac, 6);
	inet_pton(AF_INET, tpa, a + 24);
	return sizeof(*eth) + 28;
}

/*
 * pkt_ns() - an IPv6 neighbour solicitation (RFC 4861 §4.3) from @src for
 * @target, to the target's solicited-node multicast address (RFC 4291
 * §2.7.1), hop limit 255, with a source link-layer address option and a
 * correct checksum.  Returns the frame length.
 */
static inline size_t pkt_ns(const char *src, const char *target, uint8_t *buf)
{
	struct ethhdr *eth = (struct ethhdr *)buf;
	struct ipv6hdr *ip6 = (struct ipv6hdr *)(eth + 1);
	uint8_t *ns = (uint8_t *)(ip6 + 1), *dst = ip6->daddr.s6_addr;
	uint16_t c;

	memset(buf, 0, PKT_MAX);
	memcpy(eth->h_source, pkt_client_mac, 6);
	eth->h_proto = htons(ETH_P_IPV6);
	ip6->version = 6;
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->payload_len = htons(32);
	inet_pton(AF_INET6, src, &ip6->saddr);
	ns[0] = 135;
	inet_pton(AF_INET6, target, ns + 8);
	ns[24] = 1; /* source link-layer address, 8 bytes */
	ns[25] = 1;
	memcpy(ns + 26, pkt_client_mac, 6);
	/* ff02::1:ffXX:XXXX, and its MAC 33:33:ff:XX:XX:XX */
	dst[0] = 0xff;
	dst[1] = 0x02;
	dst[11] = 0x01;
	dst[12] = 0xff;
	memcpy(dst + 13, ns + 8 + 13, 3);
	eth->h_dest[0] = eth->h_dest[1] = 0x33;
	memcpy(eth->h_dest + 2, dst + 12, 4);
	c = ~pkt_fold(pkt_sum(ns, 32, pkt_sum(&ip6->saddr, 32, 0) + 32 + IPPROTO_ICMPV6));
	ns[2] = c >> 8;
	ns[3] = c & 0xff;
	return sizeof(*eth) + sizeof(*ip6) + 32;
}

#endif /* XVS_TEST_PKT_H */
