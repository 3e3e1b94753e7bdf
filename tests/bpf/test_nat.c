// SPDX-License-Identifier: GPL-2.0
/*
 * NAT ("Masq") packet tests: client packets rewritten toward the real
 * server, replies rewritten back to the virtual service, every checksum
 * verified by recomputing it from scratch (not by the data plane's
 * incremental arithmetic), and IPVS's NAT TCP states.  Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

#define VIP4 "192.0.2.60"
#define VIP6 "2001:db8::60"
#define CL4 "192.0.2.100"
#define CL6 "2001:db8::100"
#define RS4 "198.51.100.11"
#define RS6 "2001:db8:1::11"

static const uint8_t rs_mac[6] = { 0x02, 0x5e, 0, 0, 1, 0x11 };

static int setup(void **state)
{
	struct xvs_service s;
	struct xvs_dest_cfg d;

	(void)state;
	if (harness_up("test-nat",
		       "ip addr add 198.51.100.1/24 dev d0 && ip addr add 2001:db8:1::1/64 dev d0 nodad && "
		       "ip neigh add " RS4 " lladdr 02:5e:00:00:01:11 dev d0 nud permanent && "
		       "ip neigh add " RS6 " lladdr 02:5e:00:00:01:11 dev d0 nud permanent && "
		       "ip neigh add " CL4 " lladdr 02:cc:00:00:00:01 dev d0 nud permanent && "
		       "ip neigh add " CL6 " lladdr 02:cc:00:00:00:01 dev d0 nud permanent && "
		       "sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1"))
		return -1;
	s = service(IPPROTO_TCP, VIP4, 80, "rr");
	d = dest(RS4, 8080, XVS_FWD_MASQ, 1);
	if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d))
		return -1;
	s = service(IPPROTO_TCP, VIP6, 80, "rr");
	d = dest(RS6, 8080, XVS_FWD_MASQ, 1);
	if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d))
		return -1;
	s = service(IPPROTO_UDP, VIP4, 53, "rr");
	d = dest(RS4, 5353, XVS_FWD_MASQ, 1);
	if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d))
		return -1;
	return 0;
}

static struct pkt_spec pkt(int v6, uint8_t proto, int reply, uint16_t cport, uint8_t flags)
{
	struct pkt_spec s = { .v6 = v6, .proto = proto, .tcp_flags = flags, .payload = 33 };
	uint16_t vport = proto == IPPROTO_TCP ? 80 : 53, rport = proto == IPPROTO_TCP ? 8080 : 5353;

	if (reply) {
		s.saddr = v6 ? RS6 : RS4;
		s.daddr = v6 ? CL6 : CL4;
		s.sport = rport;
		s.dport = cport;
	} else {
		s.saddr = v6 ? CL6 : CL4;
		s.daddr = v6 ? VIP6 : VIP4;
		s.sport = cport;
		s.dport = vport;
	}
	return s;
}

/* Assert frame @f's IP addresses and, for IPv4, its header checksum. */
static const uint8_t *expect_addrs(const uint8_t *f, int v6, const char *saddr, const char *daddr)
{
	uint8_t want_s[16], want_d[16];
	const uint8_t *l4;

	if (v6) {
		const struct ipv6hdr *ip6 = (const void *)(f + 14);

		inet_pton(AF_INET6, saddr, want_s);
		inet_pton(AF_INET6, daddr, want_d);
		assert_memory_equal(&ip6->saddr, want_s, 16);
		assert_memory_equal(&ip6->daddr, want_d, 16);
		l4 = (const uint8_t *)(ip6 + 1);
	} else {
		const struct iphdr *iph = (const void *)(f + 14);

		inet_pton(AF_INET, saddr, want_s);
		inet_pton(AF_INET, daddr, want_d);
		assert_memory_equal(&iph->saddr, want_s, 4);
		assert_memory_equal(&iph->daddr, want_d, 4);
		assert_int_equal(pkt_fold(pkt_sum(iph, 20, 0)), 0xffff);
		l4 = (const uint8_t *)(iph + 1);
	}
	return l4;
}

/* Assert that frame @f carries @saddr:@sport -> @daddr:@dport with every
 * checksum right, recomputed from scratch. */
static void expect_flow(const uint8_t *f, int v6, const char *saddr, uint16_t sport, const char *daddr,
			uint16_t dport)
{
	const uint8_t *l4 = expect_addrs(f, v6, saddr, daddr);

	assert_int_equal((l4[0] << 8) | l4[1], sport);
	assert_int_equal((l4[2] << 8) | l4[3], dport);
	assert_int_equal(pkt_l4_sum(f, v6), 0xffff);
}

static struct run send_spec(const struct pkt_spec *s)
{
	uint8_t f[PKT_MAX];

	return run_frame(f, pkt_build(s, f));
}

static void nat_both_ways(int v6)
{
	struct pkt_spec syn = pkt(v6, IPPROTO_TCP, 0, 45000, 0x02), synack = pkt(v6, IPPROTO_TCP, 1, 45000, 0x12);
	const char *vip = v6 ? VIP6 : VIP4, *cl = v6 ? CL6 : CL4, *rs = v6 ? RS6 : RS4;
	struct xvs_service s = service(IPPROTO_TCP, vip, 80, "rr");
	struct xvs_service_entry e;
	struct run r = send_spec(&syn);

	assert_int_equal(r.action, XDP_TX);
	expect_flow(r.out, v6, cl, 45000, rs, 8080);
	assert_memory_equal(r.out, rs_mac, 6);
	assert_memory_equal(r.out + 6, if_mac, 6);

	r = send_spec(&synack);
	assert_int_equal(r.action, XDP_TX);
	expect_flow(r.out, v6, vip, 80, cl, 45000);
	assert_memory_equal(r.out, pkt_client_mac, 6);
	assert_memory_equal(r.out + 6, if_mac, 6);

	assert_int_equal(xvs_get_service(ctx, &s, &e), 0);
	assert_int_equal(e.stats.conns, 1);
	assert_int_equal(e.stats.inpkts, 1);
	assert_int_equal(e.stats.outpkts, 1);
}

static void test_nat_v4_both_ways(void **state)
{
	(void)state;
	nat_both_ways(0);
}

static void test_nat_v6_both_ways(void **state)
{
	(void)state;
	nat_both_ways(1);
}

/* A packet from a real server that belongs to no connection is not ours. */
static void test_unknown_reply_passes(void **state)
{
	struct pkt_spec stray = pkt(0, IPPROTO_TCP, 1, 45999, 0x12);
	uint64_t before = reason(XVS_R_PASS_NOT_SERVICE);
	uint8_t f[PKT_MAX];
	size_t len = pkt_build(&stray, f);
	struct run r = run_frame(f, len);

	(void)state;
	assert_int_equal(r.action, XDP_PASS);
	assert_memory_equal(r.out, f, len);
	assert_int_equal(reason(XVS_R_PASS_NOT_SERVICE), before + 1);
}

/* UDP: a datagram without checksum stays without one (RFC 768); one with a
 * checksum keeps a correct one, both ways. */
static void test_nat_udp_checksums(void **state)
{
	struct pkt_spec q = pkt(0, IPPROTO_UDP, 0, 46000, 0), a = pkt(0, IPPROTO_UDP, 1, 46000, 0);
	struct run r;

	(void)state;
	r = send_spec(&q);
	assert_int_equal(r.action, XDP_TX);
	expect_flow(r.out, 0, CL4, 46000, RS4, 5353);
	r = send_spec(&a);
	assert_int_equal(r.action, XDP_TX);
	expect_flow(r.out, 0, VIP4, 53, CL4, 46000);

	q.sport = a.dport = 46001;
	q.udp_nocsum = a.udp_nocsum = 1;
	r = send_spec(&q);
	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out[14 + 20 + 6] | r.out[14 + 20 + 7], 0);
	r = send_spec(&a);
	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out[14 + 20 + 6] | r.out[14 + 20 + 7], 0);
}

/* A client the director's kernel has no neighbour entry for (the kernel
 * never sees client packets that XDP takes) still gets its replies, through
 * the hop the connection recorded from the client's first packet. */
static void test_reply_without_client_neighbour(void **state)
{
	struct pkt_spec syn = pkt(0, IPPROTO_TCP, 0, 48000, 0x02), synack = pkt(0, IPPROTO_TCP, 1, 48000, 0x12);
	struct run r;

	(void)state;
	syn.saddr = synack.daddr = "192.0.2.101";
	assert_int_equal(send_spec(&syn).action, XDP_TX);
	r = send_spec(&synack);
	assert_int_equal(r.action, XDP_TX);
	expect_flow(r.out, 0, VIP4, 80, "192.0.2.101", 48000);
	assert_memory_equal(r.out, pkt_client_mac, 6);
	assert_memory_equal(r.out + 6, pkt_dir_mac, 6);
}

static const char *state_of(uint16_t cport)
{
	struct xvs_conn_entry *e;
	const char *st = "none";
	size_t n;

	assert_int_equal(xvs_get_conns(ctx, &e, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (e[i].cport == cport && e[i].protocol == IPPROTO_TCP && xvs_addr_is_v4(&e[i].caddr))
			st = e[i].state;
	free(e);
	return st;
}

/* IPVS's NAT rows (INPUT for the client, OUTPUT for the server). */
static void test_nat_tcp_states(void **state)
{
	static const struct {
		int reply;
		uint8_t flags;
		const char *state;
	} steps[] = {
		{ 0, 0x02, "SYN_RECV" },    { 1, 0x12, "SYN_RECV" },  { 0, 0x10, "ESTABLISHED" },
		{ 1, 0x18, "ESTABLISHED" }, { 0, 0x11, "CLOSE_WAIT" }, { 1, 0x11, "TIME_WAIT" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct pkt_spec s = pkt(0, IPPROTO_TCP, steps[i].reply, 47000, steps[i].flags);

		assert_int_equal(send_spec(&s).action, XDP_TX);
		assert_string_equal(state_of(47000), steps[i].state);
	}
}

/* The quoted IPv4 header's checksum is right. */
static void expect_quoted_ip_ok(const uint8_t *f, int v6)
{
	if (!v6)
		assert_int_equal(pkt_fold(pkt_sum(f + 14 + 20 + 8, 20, 0)), 0xffff);
}

/* The quoted packet's source (@src) or destination address and port. */
static void expect_quoted(const uint8_t *f, int v6, int src, const char *addr, uint16_t port)
{
	const uint8_t *q = f + 14 + (v6 ? 40 : 20) + 8, *ports = q + (v6 ? 40 : 20);
	uint8_t a[16];

	inet_pton(v6 ? AF_INET6 : AF_INET, addr, a);
	if (v6)
		assert_memory_equal(q + (src ? 8 : 24), a, 16);
	else
		assert_memory_equal(q + (src ? 12 : 16), a, 4);
	assert_int_equal((ports[src ? 0 : 2] << 8) | ports[src ? 1 : 3], port);
}

/*
 * ICMP errors on a masqueraded connection are translated as IPVS's
 * ip_vs_nat_icmp() does: from the client's side (quoting VIP:80 -> client)
 * to the real server, with the real server quoted; from the real server's
 * side (quoting client -> RS:8080) to the client, with the VIP quoted.
 */
static void nat_icmp(int v6)
{
	const char *vip = v6 ? VIP6 : VIP4, *cl = v6 ? CL6 : CL4, *rs = v6 ? RS6 : RS4;
	struct pkt_spec syn = pkt(v6, IPPROTO_TCP, 0, 45600, 0x02);
	struct pkt_spec reply = P(v6, IPPROTO_TCP, vip, cl, 80, 45600, 0x12);
	struct pkt_spec fwd = P(v6, IPPROTO_TCP, cl, rs, 45600, 8080, 0x10);
	uint8_t type = v6 ? 1 : 3, code = v6 ? 4 : 3, f[PKT_MAX];
	size_t len;
	struct run r;

	assert_int_equal(send_spec(&syn).action, XDP_TX);
	len = pkt_icmp_error(&reply, type, code, 0, cl, vip, f);
	r = run_frame(f, len);
	assert_int_equal(r.action, XDP_TX);
	assert_memory_equal(r.out, rs_mac, 6);
	assert_true(pkt_icmp_ok(r.out, v6));
	expect_quoted_ip_ok(r.out, v6);
	expect_addrs(r.out, v6, cl, rs);
	expect_quoted(r.out, v6, 1, rs, 8080);

	len = pkt_icmp_error(&fwd, type, code, 0, rs, cl, f);
	r = run_frame(f, len);
	assert_int_equal(r.action, XDP_TX);
	assert_memory_equal(r.out, pkt_client_mac, 6);
	assert_true(pkt_icmp_ok(r.out, v6));
	expect_quoted_ip_ok(r.out, v6);
	expect_addrs(r.out, v6, vip, cl);
	expect_quoted(r.out, v6, 0, vip, 80);
}

static void test_nat_icmp_v4(void **state)
{
	(void)state;
	nat_icmp(0);
}

static void test_nat_icmp_v6(void **state)
{
	(void)state;
	nat_icmp(1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nat_v4_both_ways), cmocka_unit_test(test_nat_v6_both_ways),
		cmocka_unit_test(test_unknown_reply_passes), cmocka_unit_test(test_nat_udp_checksums),
		cmocka_unit_test(test_nat_tcp_states), cmocka_unit_test(test_reply_without_client_neighbour),
		cmocka_unit_test(test_nat_icmp_v4), cmocka_unit_test(test_nat_icmp_v6),
	};

	return cmocka_run_group_tests_name("bpf NAT", tests, setup, harness_down);
}
