// SPDX-License-Identifier: GPL-2.0
/*
 * IPVS's switches that act on packets of no connection, on real packets
 * (BPF_PROG_TEST_RUN): schedule_icmp (an ICMP error scheduled as the flow
 * it quotes), nat_icmp_send (port unreachable to a masqueraded real server
 * that sends outside any connection), and the drop_entry defense's pass
 * over the connection table.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

#define VIP "192.0.2.50"
#define VIP6 "2001:db8::50"
#define CL "192.0.2.100"
#define CL6 "2001:db8::100"
#define NVIP "192.0.2.60"
#define RS4 "198.51.100.11"

static int setup(void **state)
{
	(void)state;
	return harness_up("test-switches",
			  "ip neigh add 192.0.2.11 lladdr 02:5e:00:00:00:11 dev d0 nud permanent && "
			  "ip neigh add 192.0.2.12 lladdr 02:5e:00:00:00:12 dev d0 nud permanent && "
			  "ip neigh add 2001:db8::11 lladdr 02:5e:00:00:00:11 dev d0 nud permanent && "
			  "ip addr add 198.51.100.1/24 dev d0 && "
			  "ip neigh add " RS4 " lladdr 02:5e:00:00:01:11 dev d0 nud permanent && "
			  "ip neigh add " CL " lladdr 02:cc:00:00:00:01 dev d0 nud permanent && "
			  "sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1");
}

static int reset(void **state)
{
	static const int sc[] = { XVS_SC_SCHEDULE_ICMP, XVS_SC_NAT_ICMP_SEND, XVS_SC_DROP_ENTRY, XVS_SC_SLOPPY_TCP };

	(void)state;
	fresh_start(sc, sizeof(sc) / sizeof(sc[0]));
	return 0;
}

static struct xvs_service add_service(uint16_t proto, const char *vip, uint16_t port, int nrs, uint32_t fwd)
{
	struct xvs_service s = service(proto, vip, port, "rr");

	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < nrs; i++) {
		const char *rs = fwd == XVS_FWD_MASQ ? RS4 : rs_addr(strchr(vip, ':') != NULL, i);
		struct xvs_dest_cfg d = dest(rs, fwd == XVS_FWD_MASQ ? 8080 : port, fwd, 1);

		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	return s;
}

/* What a real server sent from the VIP to the client's port @cport. */
static struct pkt_spec from_vip(int v6, uint8_t proto, const char *vip, uint16_t vport, uint16_t cport,
				uint8_t flags)
{
	struct pkt_spec s = P(v6, proto, vip, v6 ? CL6 : CL, vport, cport, flags);

	return s;
}

/* Run the client's error about @quoted (@l4len bytes of its transport header quoted). */
static struct run error_about(const struct pkt_spec *quoted, int l4len, uint8_t *f, size_t *len)
{
	*len = quoted->v6 ? pkt_icmp_error_n(quoted, l4len, 1, 4, 0, CL6, quoted->saddr, f)
			  : pkt_icmp_error_n(quoted, l4len, 3, 3, 0, CL, quoted->saddr, f);
	return run_frame(f, *len);
}

/*
 * schedule_icmp=1: an error about a flow the director never saw is
 * scheduled as that flow (client -> VIP) and goes to the chosen real server
 * unchanged (DR); the entry is NONE (TCP) or UDP, with IPVS's first 3 s,
 * and the client's own packets follow it.  As IPVS, TCP needs a SYN in the
 * quote (or sloppy_tcp); 0 leaves every such error to the kernel.
 */
static void test_schedule_icmp_dr(void **state)
{
	struct pkt_spec synack = from_vip(0, IPPROTO_TCP, VIP, 80, 45000, 0x12);
	struct pkt_spec ack = from_vip(0, IPPROTO_TCP, VIP, 80, 45001, 0x10);
	struct pkt_spec dgram = from_vip(0, IPPROTO_UDP, VIP, 53, 45003, 0);
	struct pkt_spec dgram6 = from_vip(1, IPPROTO_UDP, VIP6, 53, 45004, 0);
	struct pkt_spec syn = P(0, IPPROTO_TCP, CL, VIP, 45000, 80, 0x02);
	uint64_t scheduled = reason(XVS_R_ICMP_SCHEDULED);
	struct xvs_conn_entry e;
	uint8_t f[PKT_MAX];
	size_t len;
	struct run r;
	int first;

	(void)state;
	add_service(IPPROTO_TCP, VIP, 80, 2, XVS_FWD_DROUTE);
	add_service(IPPROTO_UDP, VIP, 53, 2, XVS_FWD_DROUTE);
	add_service(IPPROTO_UDP, VIP6, 53, 1, XVS_FWD_DROUTE);
	assert_int_equal(error_about(&synack, 20, f, &len).action, XDP_PASS);
	assert_false(flow_entry(IPPROTO_TCP, 45000, &e));

	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SCHEDULE_ICMP, 1), 0);
	r = error_about(&synack, 20, f, &len);
	assert_int_equal(r.action, XDP_TX);
	assert_true(r.out[5] == 0x11 || r.out[5] == 0x12);
	first = r.out[5] - 0x11;
	assert_memory_equal(r.out + 12, f + 12, len - 12); /* only the MACs change */
	assert_true(flow_entry(IPPROTO_TCP, 45000, &e));
	assert_string_equal(e.state, "NONE");
	assert_in_range(e.expires, 1, 3);
	assert_int_equal(reason(XVS_R_ICMP_SCHEDULED), scheduled + 1);
	/* rr moved on, but the client's SYN follows its entry */
	assert_int_equal(sent_to_rs(&syn, NULL, 2), first);
	assert_true(flow_entry(IPPROTO_TCP, 45000, &e));
	assert_string_equal(e.state, "SYN_RECV");

	/* no SYN in the quote: the kernel's, unless sloppy_tcp */
	assert_int_equal(error_about(&ack, 20, f, &len).action, XDP_PASS);
	assert_false(flow_entry(IPPROTO_TCP, 45001, &e));
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SLOPPY_TCP, 1), 0);
	assert_int_equal(error_about(&ack, 20, f, &len).action, XDP_TX);
	assert_true(flow_entry(IPPROTO_TCP, 45001, &e));

	/* UDP, with the 8 bytes RFC 792 asks for; IPv6 */
	assert_int_equal(error_about(&dgram, 8, f, &len).action, XDP_TX);
	assert_true(flow_entry(IPPROTO_UDP, 45003, &e));
	assert_string_equal(e.state, "UDP");
	assert_in_range(e.expires, 1, 3);
	r = error_about(&dgram6, 8, f, &len);
	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out[5], 0x11);
	assert_true(flow_entry(IPPROTO_UDP, 45004, &e));
	assert_int_equal(reason(XVS_R_ICMP_SCHEDULED), scheduled + 4);
}

/* NAT: the scheduled error goes to the real server as IPVS translates one,
 * the VIP made the server's address and port in the outer destination and
 * the quote, checksums right. */
static void test_schedule_icmp_nat(void **state)
{
	struct pkt_spec synack = from_vip(0, IPPROTO_TCP, NVIP, 80, 46000, 0x12);
	struct in_addr rs;
	uint8_t f[PKT_MAX];
	size_t len;
	struct run r;

	(void)state;
	add_service(IPPROTO_TCP, NVIP, 80, 1, XVS_FWD_MASQ);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SCHEDULE_ICMP, 1), 0);
	r = error_about(&synack, 20, f, &len);
	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out[5], 0x11);
	inet_pton(AF_INET, RS4, &rs);
	assert_memory_equal(r.out + 14 + 16, &rs, 4);          /* outer destination */
	assert_memory_equal(r.out + 14 + 28 + 12, &rs, 4);     /* quoted source */
	assert_int_equal(r.out[14 + 48] << 8 | r.out[14 + 49], 8080); /* quoted source port */
	assert_true(pkt_icmp_ok(r.out, 0));
}

/* Whether @r answers real server RS4 with port unreachable from the
 * director's address toward it, quoting @in. */
static int unreach_to_rs(const struct run *r, const uint8_t *in)
{
	struct in_addr dir, rs;
	const uint8_t *ip = r->out + 14;

	inet_pton(AF_INET, "198.51.100.1", &dir);
	inet_pton(AF_INET, RS4, &rs);
	return r->action == XDP_TX && !memcmp(r->out, in + 6, 6) && ip[9] == IPPROTO_ICMP && ip[20] == 3 &&
	       ip[21] == 3 && !memcmp(ip + 12, &dir, 4) && !memcmp(ip + 16, &rs, 4) &&
	       !memcmp(ip + 28, in + 14, 28) && pkt_icmp_ok(r->out, 0);
}

/*
 * nat_icmp_send=1: a packet from a masqueraded real server's address and
 * port that no connection knows is answered with port unreachable, but not
 * a TCP reset, and not from another port; 0, or once no NAT service has
 * the server, it goes to the kernel.
 */
static void test_nat_icmp_send(void **state)
{
	struct pkt_spec stray = P(0, IPPROTO_TCP, RS4, CL, 8080, 47000, 0x10);
	struct pkt_spec rst = P(0, IPPROTO_TCP, RS4, CL, 8080, 47000, 0x04);
	struct pkt_spec other = P(0, IPPROTO_TCP, RS4, CL, 8081, 47000, 0x10);
	struct pkt_spec dgram = P(0, IPPROTO_UDP, RS4, CL, 8080, 47000, 0);
	uint64_t sent = reason(XVS_R_NAT_ICMP_SEND);
	struct xvs_service a, b;
	uint8_t in[PKT_MAX];
	size_t len;
	struct run r;

	(void)state;
	a = add_service(IPPROTO_TCP, NVIP, 80, 1, XVS_FWD_MASQ);
	b = add_service(IPPROTO_TCP, "192.0.2.61", 80, 1, XVS_FWD_MASQ);
	len = pkt_build(&stray, in);
	assert_int_equal(run_frame(in, len).action, XDP_PASS);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_NAT_ICMP_SEND, 1), 0);
	r = run_frame(in, len);
	assert_true(unreach_to_rs(&r, in));
	assert_int_equal(reason(XVS_R_NAT_ICMP_SEND), sent + 1);
	len = pkt_build(&rst, in);
	assert_int_equal(run_frame(in, len).action, XDP_PASS);
	len = pkt_build(&other, in);
	assert_int_equal(run_frame(in, len).action, XDP_PASS);
	len = pkt_build(&dgram, in); /* the servers serve TCP */
	assert_int_equal(run_frame(in, len).action, XDP_PASS);
	/* one of two services keeps the server */
	assert_int_equal(xvs_del_service(ctx, &a), 0);
	len = pkt_build(&stray, in);
	r = run_frame(in, len);
	assert_true(unreach_to_rs(&r, in));
	assert_int_equal(xvs_del_service(ctx, &b), 0);
	assert_int_equal(run_frame(in, len).action, XDP_PASS);
}

/* Make the flows of @proto from client ports @lo..@hi idle for 61 s. */
static void age(uint16_t proto, uint16_t lo, uint16_t hi)
{
	struct xvs_conn_key k, next, *prev = NULL;
	struct xvs_conn c;

	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_CONNS], prev, &next)) {
		k = next;
		prev = &k;
		if (k.proto != proto || k.kind != XVS_KEY_FLOW || ntohs(k.cport) < lo || ntohs(k.cport) > hi)
			continue;
		assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONNS], &k, &c), 0);
		c.last_ns -= 61ULL * 1000000000ULL;
		assert_int_equal(bpf_map_update_elem(ctx->map_fd[XVS_M_CONNS], &k, &c, BPF_EXIST), 0);
	}
}

static int flows_between(uint16_t proto, uint16_t lo, uint16_t hi)
{
	struct xvs_conn_entry e;
	int n = 0;

	for (uint16_t p = lo; p <= hi; p++)
		n += flow_entry(proto, p, &e);
	return n;
}

static int templates(void)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int t = 0;

	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	for (size_t i = 0; i < n; i++)
		t += !!(c[i].flags & XVS_CONN_F_TEMPLATE);
	free(c);
	return t;
}

/*
 * drop_entry's pass (every entry a candidate here; the timer takes one in
 * 32): half-open TCP goes, with its template; an established flow stays
 * while it is younger than 60 s idle; of idle UDP flows of 2 packets, every
 * second one goes.
 */
static void test_drop_entry(void **state)
{
	struct pkt_spec syn = P(0, IPPROTO_TCP, CL, VIP, 48001, 80, 0x02);
	struct pkt_spec psyn = P(0, IPPROTO_TCP, CL, VIP, 48003, 443, 0x02);
	uint64_t dropped = reason(XVS_R_DROP_ENTRY);
	struct xvs_service p;
	struct xvs_conn_entry e;

	(void)state;
	add_service(IPPROTO_TCP, VIP, 80, 1, XVS_FWD_DROUTE);
	add_service(IPPROTO_UDP, VIP, 53, 1, XVS_FWD_DROUTE);
	p = service(IPPROTO_TCP, VIP, 443, "rr");
	p.flags |= XVS_SVC_F_PERSISTENT;
	p.timeout = 300;
	assert_int_equal(xvs_add_service(ctx, &p), 0);
	{
		struct xvs_dest_cfg d = dest(rs_addr(0, 0), 443, XVS_FWD_DROUTE, 1);

		assert_int_equal(xvs_add_dest(ctx, &p, &d), 0);
	}
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_DROP_ENTRY, 3), 0);
	assert_int_equal(sent_to_rs(&syn, NULL, 1), 0);         /* SYN_RECV */
	syn.sport = 48002;
	assert_int_equal(sent_to_rs(&syn, NULL, 1), 0);
	syn.tcp_flags = 0x10;
	assert_int_equal(sent_to_rs(&syn, NULL, 1), 0);         /* ESTABLISHED */
	assert_int_equal(sent_to_rs(&psyn, NULL, 1), 0);        /* SYN_RECV, and its template */
	assert_int_equal(templates(), 1);
	for (uint16_t port = 49001; port <= 49004; port++) {
		struct pkt_spec d = P(0, IPPROTO_UDP, CL, VIP, port, 53, 0);

		for (int i = 0; i < 2; i++)
			assert_int_equal(sent_to_rs(&d, NULL, 1), 0);
	}
	age(IPPROTO_UDP, 49001, 49004);

	assert_int_equal(xvs_est_ctl(ctx, XVS_EST_DROP_ENTRY), 0);
	assert_false(flow_entry(IPPROTO_TCP, 48001, &e));
	assert_true(flow_entry(IPPROTO_TCP, 48002, &e));
	assert_string_equal(e.state, "ESTABLISHED");
	assert_false(flow_entry(IPPROTO_TCP, 48003, &e));
	assert_int_equal(templates(), 0);
	assert_int_equal(flows_between(IPPROTO_UDP, 49001, 49004), 2);
	assert_int_equal(reason(XVS_R_DROP_ENTRY), dropped + 4);
}

/* A value the data plane cannot give is refused; the switch keeps its value. */
static void test_pmtu_disc_refused(void **state)
{
	uint32_t v[XVS_SC_MAX];

	(void)state;
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_PMTU_DISC, 0), -EOPNOTSUPP);
	assert_int_equal(xvs_get_sysctls(ctx, v), 0);
	assert_int_equal(v[XVS_SC_PMTU_DISC], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_schedule_icmp_dr, reset),
		cmocka_unit_test_setup(test_schedule_icmp_nat, reset),
		cmocka_unit_test_setup(test_nat_icmp_send, reset),
		cmocka_unit_test_setup(test_drop_entry, reset),
		cmocka_unit_test(test_pmtu_disc_refused),
	};

	return cmocka_run_group_tests_name("bpf switches", tests, setup, harness_down);
}
