/* SPDX-License-Identifier: GPL-2.0 */
/* Hand-built test frames: Ethernet + IPv4/IPv6 + TCP/UDP/ICMP. */
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
};

static const uint8_t pkt_client_mac[6] = { 0x02, 0xcc, 0, 0, 0, 0x01 };
static const uint8_t pkt_dir_mac[6] = { 0x02, 0xdd, 0, 0, 0, 0x02 };

static inline uint16_t pkt_csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (p[i] << 8) | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum);
}

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
	} else {
		memset(l4, 0, 8); /* ICMP echo request */
		l4[0] = s->v6 ? 128 : 8;
		len = 8;
	}
	memset(l4 + len, 0xab, s->payload);
	return len + s->payload;
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
		return sizeof(*eth) + sizeof(*iph) + l4len;
	}
}

#endif /* XVS_TEST_PKT_H */
