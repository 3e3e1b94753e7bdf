// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP advertisements (xvsd/vrrp_pkt.c) against packets real keepalived
 * 2.2.7 sent (../shared/specs/vrrp-captures: v2 with PASS, v3 multicast,
 * v3 unicast, v3 IPv6, and the priority-0 resignations): each decodes to
 * the fields keepalived put in, encodes back to the same bytes, and each
 * kind of damage is refused for its own reason.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hexaddr.h"

#include "vrrp_pkt.h"

/* One captured advertisement: the IPv4 packet, or the IPv6 payload with its addresses. */
struct capture {
	const char *name;
	const char *hex;
	const char *src6, *dst6;  /* IPv6 only */
	bool multicast;
	int version, vrid, priority, naddr, interval_cs, auth_type;
	const char *addr0, *addr1;
	const char *pass;
};

static const struct capture captures[] = {
	{ "v2 PASS", /* cap_v2, 10.99.0.2 -> 224.0.0.18, id 1 */
	  "45c0002c00010000ff70d0290a630002e0000012213364020101f6bb0a6300640a6300657365637265743132", NULL, NULL,
	  true, 2, 51, 100, 2, 100, VRRP_AUTH_PASS, "10.99.0.100", "10.99.0.101", "secret12" },
	{ "v2 priority 0", /* cap_v2, the master stopping */
	  "45c0002c000a0000ff70d0210a630001e00000122133000201015abc0a6300640a6300657365637265743132", NULL, NULL,
	  true, 2, 51, 0, 2, 100, VRRP_AUTH_PASS, "10.99.0.100", "10.99.0.101", "secret12" },
	{ "v3 multicast", /* cap_v3 */
	  "45c0002400010000ff70d0310a630002e000001231336402006469df0a6300640a630065", NULL, NULL, true, 3, 51, 100,
	  2, 100, 0, "10.99.0.100", "10.99.0.101", NULL },
	{ "v3 unicast", /* cap_v3u: the pseudo-header carries the peer's address */
	  "45c0002400010000ff70a5e00a6300020a6300013133640200643f8e0a6300640a630065", NULL, NULL, false, 3, 51, 100,
	  2, 100, 0, "10.99.0.100", "10.99.0.101", NULL },
	{ "v3 unicast priority 0",
	  "45c00024000a0000ff70a5d70a6300010a630002313300020064a38e0a6300640a630065", NULL, NULL, false, 3, 51, 0, 2,
	  100, 0, "10.99.0.100", "10.99.0.101", NULL },
	{ "v3 IPv6", /* cap_v6: the VRRP payload */
	  "313364020064" "44f3" "fe800000000000000000000000000051" "20010db8000000000000000000000051",
	  "fe80::345e:90ff:fe8b:367f", "ff02::12", true, 3, 51, 100, 2, 100, 0, "fe80::51", "2001:db8::51", NULL },
};

static enum vrrp_reject decode(const struct capture *c, const uint8_t *pkt, size_t len, int hlim, bool as_v2,
			       struct vrrp_advert *out)
{
	union xvs_addr s, d;

	if (!c->src6)
		return vrrp_decode4(pkt, len, c->multicast, as_v2, out);
	addr_of(c->src6, &s);
	addr_of(c->dst6, &d);
	return vrrp_decode6(pkt, len, &s, &d, hlim, c->multicast, out);
}

/* Every capture decodes to what keepalived put in it. */
static void test_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		const struct capture *c = &captures[i];
		struct vrrp_advert a;
		union xvs_addr want;
		uint8_t pkt[256];
		size_t len = unhex(c->hex, pkt, sizeof(pkt));

		printf("# %s\n", c->name);
		assert_int_equal(decode(c, pkt, len, 255, false, &a), VRRP_ACCEPT);
		assert_int_equal(a.version, c->version);
		assert_int_equal(a.vrid, c->vrid);
		assert_int_equal(a.priority, c->priority);
		assert_int_equal(a.naddr, c->naddr);
		assert_int_equal(a.interval_cs, c->interval_cs);
		assert_int_equal(a.auth_type, c->auth_type);
		addr_of(c->addr0, &want);
		assert_memory_equal(&a.addrs[0], &want, sizeof(want));
		addr_of(c->addr1, &want);
		assert_memory_equal(&a.addrs[1], &want, sizeof(want));
		if (c->pass)
			assert_memory_equal(a.auth, c->pass, VRRP_AUTH_LEN);
	}
}

/* Encoding keepalived's fields gives keepalived's bytes: header, checksum, padding, IP header. */
static void test_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(captures) / sizeof(captures[0]); i++) {
		const struct capture *c = &captures[i];
		struct vrrp_advert a;
		uint8_t pkt[256], out[256];
		size_t len = unhex(c->hex, pkt, sizeof(pkt)), n;
		union xvs_addr s, d;

		printf("# %s\n", c->name);
		assert_int_equal(decode(c, pkt, len, 255, false, &a), VRRP_ACCEPT);
		if (c->src6) {
			addr_of(c->src6, &s);
			addr_of(c->dst6, &d);
			n = vrrp_encode(&a, &s, &d, false, out, sizeof(out));
			assert_int_equal(n, len);
			assert_memory_equal(out, pkt, len);
			continue;
		}
		memset(&s, 0, sizeof(s));
		memset(&d, 0, sizeof(d));
		s.h[5] = d.h[5] = 0xffff;
		memcpy(&s.w[3], pkt + 12, 4);
		memcpy(&d.w[3], pkt + 16, 4);
		n = vrrp_encode(&a, &s, &d, false, out + 20, sizeof(out) - 20);
		assert_int_equal(n, len - 20);
		assert_int_equal(vrrp_ip4_header(out, &s, &d, (uint16_t)(pkt[4] << 8 | pkt[5]), n), 20);
		assert_memory_equal(out, pkt, len);
	}
}

/* Damage, one kind at a time, each refused for its reason (keepalived's vrrp_check_packet). */
static void test_rejects(void **state)
{
	const struct capture *v2 = &captures[0], *v3 = &captures[2], *v3u = &captures[3], *v6 = &captures[5];
	struct vrrp_advert a;
	uint8_t pkt[256], bad[256];
	size_t len;

	(void)state;
	len = unhex(v3->hex, pkt, sizeof(pkt));

	memcpy(bad, pkt, len);
	bad[8] = 254; /* TTL, multicast */
	assert_int_equal(vrrp_decode4(bad, len, true, false, &a), VRRP_R_TTL);
	/* Unicast does not check the TTL (spec 2.3). */
	assert_int_equal(vrrp_decode4(bad, len, false, false, &a), VRRP_ACCEPT);

	memcpy(bad, pkt, len);
	bad[27] ^= 1; /* the VRRP checksum */
	assert_int_equal(vrrp_decode4(bad, len, true, false, &a), VRRP_R_CHECKSUM);

	memcpy(bad, pkt, len);
	bad[20] = 0x41; /* version 4 */
	assert_int_equal(vrrp_decode4(bad, len, true, false, &a), VRRP_R_VERSION);

	memcpy(bad, pkt, len);
	bad[20] = 0x32; /* type 2 */
	assert_int_equal(vrrp_decode4(bad, len, true, false, &a), VRRP_R_TYPE);

	memcpy(bad, pkt, len);
	bad[23] = 3; /* three addresses announced, two sent */
	assert_int_equal(vrrp_decode4(bad, len, true, false, &a), VRRP_R_LENGTH);

	assert_int_equal(vrrp_decode4(pkt, len - 1, true, false, &a), VRRP_R_LENGTH); /* truncated */
	assert_int_equal(vrrp_decode4(pkt, 10, true, false, &a), VRRP_R_LENGTH);

	memcpy(bad, pkt, len);
	memset(bad + len, 0, 18); /* Ethernet padding after the message is not part of it */
	assert_int_equal(vrrp_decode4(bad, len + 18, true, false, &a), VRRP_ACCEPT);

	/* keepalived's v3 checksum covers its pseudo-header: an RFC 9568 receiver refuses it ... */
	assert_int_equal(vrrp_decode4(pkt, len, true, true, &a), VRRP_R_CHECKSUM);
	/* ... and a v3 advert summed without it is accepted only with v3_checksum_as_v2. */
	{
		union xvs_addr s, d;
		size_t n;

		assert_int_equal(vrrp_decode4(pkt, len, true, false, &a), VRRP_ACCEPT);
		memset(&s, 0, sizeof(s));
		memset(&d, 0, sizeof(d));
		memcpy(&s.w[3], pkt + 12, 4);
		memcpy(&d.w[3], pkt + 16, 4);
		memcpy(bad, pkt, 20);
		n = vrrp_encode(&a, &s, &d, true, bad + 20, sizeof(bad) - 20);
		assert_int_equal(vrrp_decode4(bad, 20 + n, true, true, &a), VRRP_ACCEPT);
		assert_int_equal(vrrp_decode4(bad, 20 + n, true, false, &a), VRRP_R_CHECKSUM);
	}

	/* The unicast capture summed with the multicast group in its pseudo-header (keepalived <= 1.3.6) is refused. */
	len = unhex(v3u->hex, pkt, sizeof(pkt));
	memcpy(bad, pkt, len);
	bad[16] = 224, bad[17] = 0, bad[18] = 0, bad[19] = 18;
	assert_int_equal(vrrp_decode4(bad, len, false, false, &a), VRRP_R_CHECKSUM);

	len = unhex(v2->hex, pkt, sizeof(pkt));
	memcpy(bad, pkt, len);
	bad[21] = 0; /* VRID 0, checksum mended */
	bad[27] += 0x33;
	assert_int_equal(vrrp_decode4(bad, len, true, false, &a), VRRP_R_VRID);

	/* IPv6: a hop limit other than 255 on multicast. */
	len = unhex(v6->hex, pkt, sizeof(pkt));
	assert_int_equal(decode(v6, pkt, len, 64, false, &a), VRRP_R_TTL);
	memcpy(bad, pkt, len);
	bad[0] = 0x21; /* v2 over IPv6: keepalived's non-RFC form */
	assert_int_equal(decode(v6, bad, len, 255, false, &a), VRRP_R_FAMILY);
	assert_string_equal(vrrp_reject_name(VRRP_R_CHECKSUM), "checksum");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
