// SPDX-License-Identifier: GPL-2.0
/*
 * IPVS's defense switches on real packets (BPF_PROG_TEST_RUN): secure_tcp's
 * state table, drop_packet's 1-in-am_droprate drop of new connections, and
 * cache_bypass for a mark service with no real server.
 */
#include <sched.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

#define VIP "192.0.2.50"

static int setup(void **state)
{
	cpu_set_t one;

	(void)state;
	/* drop_packet counts per CPU: run every packet on one */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		return -1;
	return harness_up("test-defense",
			  "ip neigh add 192.0.2.11 lladdr 02:5e:00:00:00:11 dev d0 nud permanent");
}

static int reset(void **state)
{
	static const int sc[] = { XVS_SC_SECURE_TCP, XVS_SC_DROP_PACKET, XVS_SC_CACHE_BYPASS };
	(void)state;
	fresh_start(sc, sizeof(sc) / sizeof(sc[0]));
	return 0;
}

static struct xvs_service dr_service(void)
{
	struct xvs_service s = service(IPPROTO_TCP, VIP, 80, "rr");
	struct xvs_dest_cfg d = dest("192.0.2.11", 80, XVS_FWD_DROUTE, 1);

	assert_int_equal(xvs_add_service(ctx, &s), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	return s;
}

static int send_tcp(uint16_t sport, uint8_t flags)
{
	struct pkt_spec s = P(0, IPPROTO_TCP, "192.0.2.100", VIP, sport, 80, flags);
	uint8_t in[PKT_MAX];

	return run_frame(in, pkt_build(&s, in)).action;
}

/* The state of the connection from client port @sport. */
static const char *state_of(uint16_t sport)
{
	struct xvs_conn_entry e;

	return flow_entry(IPPROTO_TCP, sport, &e) ? e.state : "";
}

/* secure_tcp=3: a DR connection's SYN leaves it in SYNACK (tcp_states_dos,
 * input-only rows), the ACK establishes it; 0: the usual SYN_RECV. */
static void test_secure_tcp(void **state)
{
	(void)state;
	dr_service();
	assert_int_equal(send_tcp(40001, 0x02), XDP_TX);
	assert_string_equal(state_of(40001), "SYN_RECV");
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SECURE_TCP, 3), 0);
	assert_int_equal(send_tcp(40002, 0x02), XDP_TX);
	assert_string_equal(state_of(40002), "SYNACK");
	assert_int_equal(send_tcp(40002, 0x02), XDP_TX); /* a repeated SYN stays */
	assert_string_equal(state_of(40002), "SYNACK");
	assert_int_equal(send_tcp(40002, 0x10), XDP_TX);
	assert_string_equal(state_of(40002), "ESTABLISHED");
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SECURE_TCP, 1), 0); /* automatic: not in effect */
	assert_int_equal(send_tcp(40003, 0x02), XDP_TX);
	assert_string_equal(state_of(40003), "SYN_RECV");
}

/* drop_packet=3, am_droprate=4: every 4th new connection is dropped; the
 * packets of existing ones are not. */
static void test_drop_packet(void **state)
{
	uint64_t before = reason(XVS_R_DROP_DEFENSE);
	int dropped = 0;

	(void)state;
	dr_service();
	assert_int_equal(send_tcp(41000, 0x02), XDP_TX);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_AM_DROPRATE, 4), 0);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_DROP_PACKET, 3), 0);
	for (int i = 1; i <= 12; i++)
		dropped += send_tcp(41000 + i, 0x02) == XDP_DROP;
	for (int i = 0; i < 5; i++)
		assert_int_equal(send_tcp(41000, 0x10), XDP_TX);
	assert_int_equal(dropped, 3);
	assert_int_equal(reason(XVS_R_DROP_DEFENSE) - before, 3);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_DROP_PACKET, 1), 0); /* automatic: no drops */
	for (int i = 13; i <= 20; i++)
		assert_int_equal(send_tcp(41000 + i, 0x02), XDP_TX);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_AM_DROPRATE, 10), 0);
}

/*
 * A new connection no real server takes is answered as IPVS answers it
 * (ip_vs_leave()): ICMP port unreachable from the VIP, quoting the packet,
 * for TCP too and for IPv6; counted as drop_no_dest and no_dest_unreach.
 */
static void test_no_dest_port_unreachable(void **state)
{
	struct xvs_service v4 = service(IPPROTO_TCP, VIP, 81, "rr"), v6 = service(IPPROTO_UDP, "2001:db8::50", 53, "rr");
	struct pkt_spec syn = P(0, IPPROTO_TCP, "192.0.2.100", VIP, 43000, 81, 0x02);
	struct pkt_spec dgram = P(1, IPPROTO_UDP, "2001:db8::100", "2001:db8::50", 43001, 53, 0);
	uint64_t before = reason(XVS_R_NO_DEST_UNREACH), nodest = reason(XVS_R_DROP_NO_DEST);
	uint8_t in[PKT_MAX];
	size_t len;
	struct run r;

	(void)state;
	assert_int_equal(xvs_add_service(ctx, &v4), 0);
	assert_int_equal(xvs_add_service(ctx, &v6), 0);
	len = pkt_build(&syn, in);
	r = run_frame(in, len);
	assert_true(is_port_unreach(&r));
	assert_true(pkt_icmp_ok(r.out, 0));
	assert_memory_equal(r.out + 14 + 12, in + 14 + 16, 4); /* from the VIP */
	assert_memory_equal(r.out + 14 + 28, in + 14, 28);      /* the quote */
	dgram.payload = 20;
	len = pkt_build(&dgram, in);
	r = run_frame(in, len);
	assert_true(is_port_unreach(&r));
	assert_true(pkt_icmp_ok(r.out, 1));
	assert_memory_equal(r.out + 14 + 48, in + 14, 48);
	assert_int_equal(reason(XVS_R_NO_DEST_UNREACH), before + 2);
	assert_int_equal(reason(XVS_R_DROP_NO_DEST), nodest + 2);
	assert_int_equal(xvs_del_service(ctx, &v4), 0);
	assert_int_equal(xvs_del_service(ctx, &v6), 0);
}

/* cache_bypass=1: a mark service with no real server lets the packet go
 * to the host; 0: the client is told port unreachable (no destination). */
static void test_cache_bypass(void **state)
{
	struct xvs_service s;
	struct xvs_mark_spec m;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.fwmark = 9;
	s.af = AF_INET;
	s.protocol = IPPROTO_TCP;
	s.netmask = 0xffffffff;
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	memset(&m, 0, sizeof(m));
	m.af = text_addr(VIP, &m.addr);
	m.plen = 32;
	m.rule.mark = 9;
	m.rule.port_hi = 65535;
	assert_int_equal(xvs_add_mark_rule(ctx, &m), 0);
	assert_int_equal(send_tcp(42001, 0x02), XDP_TX); /* port unreachable */
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_CACHE_BYPASS, 1), 0);
	assert_int_equal(send_tcp(42002, 0x02), XDP_PASS);
	assert_true(reason(XVS_R_BYPASS) >= 1);
	assert_int_equal(xvs_del_mark_rule(ctx, &m), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_secure_tcp, reset),
		cmocka_unit_test_setup(test_drop_packet, reset),
		cmocka_unit_test_setup(test_cache_bypass, reset),
		cmocka_unit_test(test_no_dest_port_unreachable),
	};

	return cmocka_run_group_tests_name("bpf defenses", tests, setup, harness_down);
}
