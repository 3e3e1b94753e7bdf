// SPDX-License-Identifier: GPL-2.0
/*
 * Firewall-mark services (-f) and xvs's classification on real packets
 * (BPF_PROG_TEST_RUN): address prefixes (the most specific wins), protocols,
 * port ranges, excluded source MACs, IPv6 rules that leave IPv4 alone, mark
 * services looked up before address services (as IPVS), and a persistent
 * mark service's template as -Lc lists it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

#define NRS 2

/* Real server n is 192.0.2.(11 + n) / 2001:db8::(11 + n), MAC 02:5e:00:00:00:(0x11 + n). */
static int setup(void **state)
{
	(void)state;
	return harness_up("test-mark", "for i in 11 12; do "
				       "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent && "
				       "ip neigh add 2001:db8::$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done");
}

static int reset(void **state)
{
	struct xvs_mark_spec *m = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(xvs_flush(ctx), 0);
	assert_int_equal(xvs_get_mark_rules(ctx, &m, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(xvs_del_mark_rule(ctx, &m[i]), 0);
	free(m);
	return 0;
}

/* Mark service @mark with real servers 0..NRS-1 (DR, port 0). */
static struct xvs_service mark_service(uint32_t mark, int v6, uint32_t flags)
{
	struct xvs_service s;

	memset(&s, 0, sizeof(s));
	s.fwmark = mark;
	s.af = v6 ? AF_INET6 : AF_INET;
	s.protocol = IPPROTO_TCP;
	s.netmask = v6 ? 128 : 0xffffffff;
	s.flags = flags;
	s.timeout = flags ? 300 : 0;
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < NRS; i++) {
		char a[64];
		struct xvs_dest_cfg d;

		snprintf(a, sizeof(a), v6 ? "2001:db8::%d" : "192.0.2.%d", 11 + i);
		d = dest(a, 0, XVS_FWD_DROUTE, 1);
		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	return s;
}

/* Rule: @mark for @addr/@plen, protocol @proto (0 any), ports lo..hi, not from @mac. */
static struct xvs_mark_spec rule(uint32_t mark, const char *addr, uint32_t plen, uint8_t proto, uint16_t lo,
				 uint16_t hi, const uint8_t *mac)
{
	struct xvs_mark_spec m;

	memset(&m, 0, sizeof(m));
	m.af = text_addr(addr, &m.addr);
	m.plen = plen;
	m.rule.mark = mark;
	m.rule.proto = proto;
	m.rule.port_lo = lo;
	m.rule.port_hi = hi;
	if (mac) {
		m.rule.nmacs = 1;
		memcpy(m.rule.macs[0], mac, 6);
	}
	return m;
}

static void add_rule(struct xvs_mark_spec m)
{
	assert_int_equal(xvs_add_mark_rule(ctx, &m), 0);
}

/* XDP_TX to a real server (its index), -2 passed to the kernel, -1 else. */
static int sent_from(const uint8_t *smac, uint8_t proto, const char *client, const char *vip, uint16_t dport,
		     uint16_t sport)
{
	struct pkt_spec s = P(strchr(vip, ':') != NULL, proto, client, vip, sport, dport, 0x02);

	return sent_to_rs(&s, smac, NRS);
}

static int sent(uint8_t proto, const char *vip, uint16_t dport)
{
	static uint16_t sport = 30000;

	return sent_from(NULL, proto, "192.0.2.100", vip, dport, sport++);
}

/* A rule for one address, TCP ports 80-81: only what fits is balanced. */
static void test_ports_and_protocol(void **state)
{
	(void)state;
	mark_service(5, 0, 0);
	add_rule(rule(5, "192.0.2.50", 32, IPPROTO_TCP, 80, 81, NULL));
	assert_true(sent(IPPROTO_TCP, "192.0.2.50", 80) >= 0);
	assert_true(sent(IPPROTO_TCP, "192.0.2.50", 81) >= 0);
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.50", 82), -2);
	assert_int_equal(sent(IPPROTO_UDP, "192.0.2.50", 80), -2);
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.51", 80), -2);
	/* rr over the mark service's servers, newest first */
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.50", 80), 1);
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.50", 80), 0);
}

/* The most specific prefix wins; a broader one covers the rest; an
 * identical rule is refused, and so is a ninth rule for one address. */
static void test_prefixes(void **state)
{
	struct xvs_mark_spec dup = rule(6, "192.0.2.0", 24, 0, 0, 65535, NULL);
	struct xvs_service_entry e5, e6;
	struct xvs_service s5 = mark_service(5, 0, 0), s6 = mark_service(6, 0, 0);

	(void)state;
	add_rule(rule(6, "192.0.2.0", 24, 0, 0, 65535, NULL));
	add_rule(rule(5, "192.0.2.50", 32, 0, 0, 65535, NULL));
	assert_int_equal(xvs_add_mark_rule(ctx, &dup), -EEXIST);
	for (int i = 0; i < 4; i++) {
		assert_true(sent(IPPROTO_TCP, "192.0.2.50", 80) >= 0);
		assert_true(sent(IPPROTO_UDP, "192.0.2.60", 53) >= 0);
	}
	assert_int_equal(xvs_get_service(ctx, &s5, &e5), 0);
	assert_int_equal(xvs_get_service(ctx, &s6, &e6), 0);
	assert_int_equal(e5.stats.conns, 4);
	assert_int_equal(e6.stats.conns, 4);
	/* the /32's set holds its own rule and the /24's: 6 more fit, not 7 */
	for (int i = 0; i < 6; i++)
		add_rule(rule(7 + i, "192.0.2.50", 32, IPPROTO_SCTP, 1000 + i, 1000 + i, NULL));
	dup = rule(20, "192.0.2.50", 32, IPPROTO_SCTP, 2000, 2000, NULL);
	assert_int_equal(xvs_add_mark_rule(ctx, &dup), -E2BIG);
	assert_int_equal(xvs_del_mark_rule(ctx, &dup), -ENOENT);
}

/* The seed's cure for two directors bouncing a packet: frames from the
 * other director's MAC are not classified, so they are not balanced. */
static void test_not_from_mac(void **state)
{
	static const uint8_t other[6] = { 0x02, 0xdd, 0, 0, 0, 0x99 };

	(void)state;
	mark_service(5, 0, 0);
	add_rule(rule(5, "192.0.2.50", 32, IPPROTO_TCP, 80, 80, other));
	assert_int_equal(sent_from(other, IPPROTO_TCP, "192.0.2.100", "192.0.2.50", 80, 40001), -2);
	assert_true(sent_from(NULL, IPPROTO_TCP, "192.0.2.100", "192.0.2.50", 80, 40002) >= 0);
}

/* IPVS looks mark services up first: the mark service takes the packet
 * from an address service of the same VIP:port. */
static void test_mark_before_address(void **state)
{
	struct xvs_service a = service(IPPROTO_TCP, "192.0.2.50", 80, "rr"), m = mark_service(5, 0, 0);
	struct xvs_dest_cfg d = dest("192.0.2.11", 80, XVS_FWD_DROUTE, 1);
	struct xvs_service_entry ea, em;

	(void)state;
	assert_int_equal(xvs_add_service(ctx, &a), 0);
	assert_int_equal(xvs_add_dest(ctx, &a, &d), 0);
	assert_true(sent(IPPROTO_TCP, "192.0.2.50", 80) >= 0);
	add_rule(rule(5, "192.0.2.50", 32, IPPROTO_TCP, 80, 80, NULL));
	assert_true(sent(IPPROTO_TCP, "192.0.2.50", 80) >= 0);
	assert_int_equal(xvs_get_service(ctx, &a, &ea), 0);
	assert_int_equal(xvs_get_service(ctx, &m, &em), 0);
	assert_int_equal(ea.stats.conns, 1);
	assert_int_equal(em.stats.conns, 1);
}

/* IPv6: a /64 rule balances its addresses; an IPv6 ::/0 rule does not
 * take IPv4 packets, whose v4-mapped form it would contain. */
static void test_ipv6(void **state)
{
	(void)state;
	mark_service(7, 1, 0);
	add_rule(rule(7, "2001:db8::", 64, 0, 0, 65535, NULL));
	add_rule(rule(7, "::", 0, 0, 0, 65535, NULL));
	assert_true(sent_from(NULL, IPPROTO_TCP, "2001:db8::100", "2001:db8::50", 443, 40001) >= 0);
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.50", 80), -2);
}

/* A persistent mark service pins a client over every port, under a
 * template of protocol IP, virtual address the mark, port 0 (IPVS's). */
static void test_persistent_template(void **state)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int first, templates = 0;

	(void)state;
	mark_service(5, 0, XVS_SVC_F_PERSISTENT);
	add_rule(rule(5, "192.0.2.50", 32, 0, 0, 65535, NULL));
	first = sent(IPPROTO_TCP, "192.0.2.50", 80);
	assert_true(first >= 0);
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.50", 443), first);
	assert_int_equal(sent(IPPROTO_UDP, "192.0.2.50", 53), first);
	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (!(c[i].flags & XVS_CONN_F_TEMPLATE) || c[i].caddr.w[3] != inet_addr("192.0.2.100"))
			continue;
		templates++;
		assert_int_equal(c[i].protocol, 0);
		assert_int_equal(c[i].vaddr.w[3], htonl(5));
		assert_int_equal(c[i].vport, 0);
		assert_int_equal(c[i].dport, 0);
		assert_int_equal(c[i].daddr.b[15], 11 + first);
	}
	free(c);
	assert_int_equal(templates, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ports_and_protocol, reset),
		cmocka_unit_test_setup(test_prefixes, reset),
		cmocka_unit_test_setup(test_not_from_mac, reset),
		cmocka_unit_test_setup(test_mark_before_address, reset),
		cmocka_unit_test_setup(test_ipv6, reset),
		cmocka_unit_test_setup(test_persistent_template, reset),
	};

	return cmocka_run_group_tests_name("bpf firewall marks", tests, setup, harness_down);
}
