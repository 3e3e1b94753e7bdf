// SPDX-License-Identifier: GPL-2.0
/*
 * The gratuitous ARP and unsolicited NA frames of xvsd/vrrp_if.c against
 * the frames real keepalived 2.2.7 sent (../shared/specs/vrrp-captures:
 * cap_v2.pcap's GARPs, cap_v6.pcap's NAs), byte for byte; the Router flag
 * and the ICMPv6 checksum checked by a sum of this file's own; the RFC
 * 5798 virtual MACs.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hexaddr.h"

#include "vrrp_if.h"

/* cap_v2.pcap, 07:39:37.155018: A's first GARP for 10.99.0.100 (the wire carries it unpadded on a veth) */
static const char garp_cap[] = "ffffffffffff" "e2f100c423ac" "0806"
			       "0001" "0800" "06" "04" "0001" "e2f100c423ac" "0a630064" "ffffffffffff" "0a630064";
static const uint8_t garp_mac[6] = { 0xe2, 0xf1, 0x00, 0xc4, 0x23, 0xac };

/* cap_v6.pcap, 07:41:25.125845 and .125888: B's NAs for its two VIPs, no forwarding */
static const uint8_t na_mac[6] = { 0x36, 0x5e, 0x90, 0x8b, 0x36, 0x7f };
static const struct {
	const char *vip;
	const char *hex;
} na_caps[] = {
	{ "fe80::51", "333300000001" "365e908b367f" "86dd"
		      "6000000000203aff" "fe800000000000000000000000000051" "ff020000000000000000000000000001"
		      "88005b9320000000" "fe800000000000000000000000000051" "0201365e908b367f" },
	{ "2001:db8::51", "333300000001" "365e908b367f" "86dd"
			  "6000000000203aff" "20010db8000000000000000000000051" "ff020000000000000000000000000001"
			  "8800fd2220000000" "20010db8000000000000000000000051" "0201365e908b367f" },
};

/*
 * The one's complement sum of an Ethernet + IPv6 + ICMPv6 frame's
 * pseudo-header (RFC 8200 8.1) and message, its checksum field included,
 * summed without inet_csum.h: 0xffff when the checksum is right.
 */
static unsigned long icmp6_sum(const uint8_t *frame, size_t len)
{
	const uint8_t *ip6 = frame + 14, *msg = ip6 + 40;
	size_t mlen = (size_t)ip6[4] << 8 | ip6[5];
	unsigned long sum = 0;

	assert_int_equal(len, 14 + 40 + mlen);
	assert_int_equal(ip6[6], 58);
	for (size_t i = 8; i < 40; i += 2) /* source and destination */
		sum += (unsigned long)ip6[i] << 8 | ip6[i + 1];
	sum += mlen; /* upper-layer length, 32 bits */
	sum += 58;   /* next header, after three zero bytes */
	for (size_t i = 0; i < mlen; i += 2)
		sum += (unsigned long)msg[i] << 8 | (i + 1 < mlen ? msg[i + 1] : 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static void test_garp(void **state)
{
	uint8_t want[64], got[64];
	const uint8_t *arp = got + 14;
	union xvs_addr vip;
	size_t n;

	(void)state;
	n = unhex(garp_cap, want, sizeof(want));
	assert_int_equal(n, VRRP_GARP_LEN);
	addr_of("10.99.0.100", &vip);
	memset(got, 0xa5, sizeof(got));
	assert_int_equal(vrrp_garp_build(got, sizeof(got), garp_mac, &vip), VRRP_GARP_LEN);
	assert_memory_equal(got, want, VRRP_GARP_LEN);

	/* the fields, so that a wrong capture cannot hide a wrong frame */
	assert_memory_equal(got, "\xff\xff\xff\xff\xff\xff", 6);     /* Ethernet broadcast */
	assert_memory_equal(got + 6, garp_mac, 6);                   /* from the interface MAC */
	assert_memory_equal(got + 12, "\x08\x06", 2);                /* ARP */
	assert_memory_equal(arp, "\x00\x01\x08\x00\x06\x04", 6);     /* Ethernet, IPv4, 6, 4 */
	assert_memory_equal(arp + 6, "\x00\x01", 2);                 /* REQUEST, not reply */
	assert_memory_equal(arp + 8, garp_mac, 6);                   /* sha */
	assert_memory_equal(arp + 14, "\x0a\x63\x00\x64", 4);        /* spa: the VIP */
	assert_memory_equal(arp + 18, "\xff\xff\xff\xff\xff\xff", 6); /* tha: all ones */
	assert_memory_equal(arp + 24, "\x0a\x63\x00\x64", 4);        /* tpa: the VIP */
	assert_int_equal(got[VRRP_GARP_LEN], 0xa5);                  /* nothing written past it */

	/* a VMAC's frame carries the VMAC in both places */
	vrrp_vmac_mac(AF_INET, 51, want);
	assert_int_equal(vrrp_garp_build(got, sizeof(got), want, &vip), VRRP_GARP_LEN);
	assert_memory_equal(got + 6, "\x00\x00\x5e\x00\x01\x33", 6);
	assert_memory_equal(arp + 8, "\x00\x00\x5e\x00\x01\x33", 6);

	assert_int_equal(vrrp_garp_build(got, VRRP_GARP_LEN - 1, garp_mac, &vip), 0);
}

static void test_na(void **state)
{
	uint8_t want[128], got[128];
	const uint8_t *ip6 = got + 14, *na = ip6 + 40;
	union xvs_addr vip;

	(void)state;
	for (size_t i = 0; i < sizeof(na_caps) / sizeof(na_caps[0]); i++) {
		assert_int_equal(unhex(na_caps[i].hex, want, sizeof(want)), VRRP_NA_LEN);
		addr_of(na_caps[i].vip, &vip);
		memset(got, 0xa5, sizeof(got));
		assert_int_equal(vrrp_na_build(got, sizeof(got), na_mac, false, &vip), VRRP_NA_LEN);
		assert_memory_equal(got, want, VRRP_NA_LEN);
		assert_int_equal(got[VRRP_NA_LEN], 0xa5);

		assert_memory_equal(got, "\x33\x33\x00\x00\x00\x01", 6);   /* all nodes */
		assert_memory_equal(got + 6, na_mac, 6);
		assert_memory_equal(got + 12, "\x86\xdd", 2);
		assert_int_equal(ip6[0], 0x60);
		assert_int_equal(ip6[7], 255);                             /* hop limit */
		assert_memory_equal(ip6 + 8, vip.b, 16);                   /* from the VIP */
		assert_memory_equal(ip6 + 24, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
		assert_int_equal(na[0], 136);                              /* neighbour advertisement */
		assert_int_equal(na[1], 0);
		assert_int_equal(na[4], 0x20);                             /* Override only */
		assert_memory_equal(na + 8, vip.b, 16);                    /* target */
		assert_memory_equal(na + 24, "\x02\x01", 2);               /* target link-layer address, 8 bytes */
		assert_memory_equal(na + 26, na_mac, 6);
		assert_int_equal(icmp6_sum(got, VRRP_NA_LEN), 0xffff);
	}
}

/* With forwarding on, the Router flag: one bit more, and a checksum that still adds up. */
static void test_na_router(void **state)
{
	uint8_t plain[VRRP_NA_LEN], got[VRRP_NA_LEN];
	uint8_t *na = got + 14 + 40;
	union xvs_addr vip;

	(void)state;
	addr_of("2001:db8::51", &vip);
	assert_int_equal(vrrp_na_build(plain, sizeof(plain), na_mac, false, &vip), VRRP_NA_LEN);
	assert_int_equal(vrrp_na_build(got, sizeof(got), na_mac, true, &vip), VRRP_NA_LEN);
	assert_int_equal(na[4], 0xa0); /* Router and Override */
	assert_int_equal(icmp6_sum(got, sizeof(got)), 0xffff);
	/* the rest as without: only the flags and the checksum differ */
	assert_memory_equal(got, plain, 14 + 40 + 2);
	assert_memory_equal(na + 5, plain + 14 + 40 + 5, VRRP_NA_LEN - 14 - 40 - 5);
	assert_int_not_equal(na[2] << 8 | na[3], plain[56] << 8 | plain[57]);

	/* this file's sum can fail: one bit of the target off */
	got[14 + 40 + 12] ^= 1;
	assert_int_not_equal(icmp6_sum(got, sizeof(got)), 0xffff);
	assert_int_equal(vrrp_na_build(got, VRRP_NA_LEN - 1, na_mac, true, &vip), 0);
}

static void test_vmac_mac(void **state)
{
	uint8_t mac[6];

	(void)state;
	vrrp_vmac_mac(AF_INET, 1, mac);
	assert_memory_equal(mac, "\x00\x00\x5e\x00\x01\x01", 6);
	vrrp_vmac_mac(AF_INET6, 255, mac);
	assert_memory_equal(mac, "\x00\x00\x5e\x00\x02\xff", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_garp),
		cmocka_unit_test(test_na),
		cmocka_unit_test(test_na_router),
		cmocka_unit_test(test_vmac_mac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
