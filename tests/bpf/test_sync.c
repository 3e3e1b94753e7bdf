// SPDX-License-Identifier: GPL-2.0
/*
 * Connection sync, the data plane's side (bpf/sync.h, lib/sync_dp.c): the
 * events a master reports by IPVS's rules (none while no master runs),
 * backup_only, and the backup's installs on real packets: the flow goes
 * to its real server without scheduling, counts follow, a template pins
 * its client, a NAT flow's replies reach the client, the timeout holds.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"
#include "xvs_sync.h"

#define NRS 3
#define VIP "192.0.2.50"
#define NAT_VIP "192.0.2.60"
#define NAT_RS "198.51.100.11"
#define CL "192.0.2.100"

static struct xvs_sync_events *ring;
static struct xvs_sync_event evs[128];
static int nev;

static void on_event(const struct xvs_sync_event *ev, void *arg)
{
	(void)arg;
	if (nev < (int)(sizeof(evs) / sizeof(evs[0])))
		evs[nev] = *ev;
	nev++;
}

/* The events reported since the last call. */
static int events(void)
{
	nev = 0;
	assert_true(xvs_sync_events_consume(ring) >= 0);
	return nev;
}

/* Real server n is 192.0.2.(11 + n), MAC 02:5e:00:00:00:(0x11 + n); the
 * NAT real server 198.51.100.11.  The client has no neighbour entry. */
static int setup(void **state)
{
	(void)state;
	if (harness_up("test-sync", "for i in 11 12 13; do "
				    "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done && "
				    "ip addr add 198.51.100.1/24 dev d0 && "
				    "ip neigh add " NAT_RS " lladdr 02:5e:00:00:01:11 dev d0 nud permanent && "
				    "sysctl -qw net.ipv4.conf.all.forwarding=1"))
		return -1;
	ring = xvs_sync_events_open(ctx, on_event, NULL);
	return ring ? 0 : -1;
}

static int teardown(void **state)
{
	xvs_sync_events_close(ring);
	return harness_down(state);
}

static int reset(void **state)
{
	static const int sc[] = { XVS_SC_SYNC_PERSIST_MODE, XVS_SC_BACKUP_ONLY };
	struct xvs_mark_spec *m = NULL;
	size_t n = 0;

	(void)state;
	fresh_start(sc, sizeof(sc) / sizeof(sc[0]));
	assert_int_equal(xvs_get_mark_rules(ctx, &m, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(xvs_del_mark_rule(ctx, &m[i]), 0);
	free(m);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SYNC_THRESHOLD, 3), 0);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SYNC_PERIOD, 50), 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, false), 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_BACKUP, false), 0);
	events();
	return 0;
}

/* A DR service on @port of @proto with real servers 0..NRS-1. */
static struct xvs_service make(uint16_t proto, uint16_t port, uint32_t flags)
{
	struct xvs_service s = service(proto, VIP, port, "rr");

	s.flags = flags;
	s.timeout = flags & XVS_SVC_F_PERSISTENT ? 300 : 0;
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < NRS; i++) {
		struct xvs_dest_cfg d = dest(rs_addr(0, i), port, XVS_FWD_DROUTE, 1);

		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	return s;
}

/* The real server a client packet went to, or RS_PASSED / RS_NONE. */
static int send_pkt(uint8_t proto, const char *client, uint16_t cport, uint16_t vport, uint8_t flags)
{
	struct pkt_spec s = P(0, proto, client, VIP, cport, vport, flags);

	return sent_to_rs(&s, NULL, NRS);
}

static void expect_addr(const union xvs_addr *a, const char *text)
{
	union xvs_addr want;

	text_addr(text, &want);
	assert_memory_equal(a, &want, sizeof(want));
}

/* The template entry of client @client, read from the table. */
static int template_of(const char *client, struct xvs_conn *out)
{
	struct xvs_conn_key k, next;
	union xvs_addr a;
	void *prev = NULL;
	int n = 0;

	text_addr(client, &a);
	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_CONNS], prev, &next)) {
		k = next;
		prev = &k;
		if (k.kind == XVS_KEY_TEMPLATE && !memcmp(&k.caddr, &a, sizeof(a)) &&
		    !bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONNS], &k, out))
			n++;
	}
	return n;
}

/* No master daemon: no event, whatever the traffic. */
static void test_no_events_when_off(void **state)
{
	(void)state;
	make(IPPROTO_TCP, 80, 0);
	assert_true(send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x02) >= 0);
	for (int i = 0; i < 60; i++)
		send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 0);
}

/*
 * A TCP DR flow: SYN (SYN_RECV), ACK (ESTABLISHED, packet 2: not yet),
 * reported at packet 3 and 53 (sync_threshold 3, sync_period 50), and at
 * once when a FIN moves it to FIN_WAIT; not again at the next packet.
 */
static void test_tcp_flow(void **state)
{
	struct xvs_sync_conn c;
	int rs;

	(void)state;
	make(IPPROTO_TCP, 80, 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, true), 0);
	rs = send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x02);
	assert_true(rs >= 0);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 0);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 1);
	expect_addr(&evs[0].key.caddr, CL);
	expect_addr(&evs[0].key.vaddr, VIP);
	assert_int_equal(ntohs(evs[0].key.cport), 40000);
	assert_int_equal(ntohs(evs[0].key.vport), 80);
	assert_int_equal(evs[0].key.proto, IPPROTO_TCP);
	assert_int_equal(evs[0].key.kind, XVS_KEY_FLOW);
	expect_addr(&evs[0].daddr, rs_addr(0, rs));
	assert_int_equal(ntohs(evs[0].dport), 80);
	assert_int_equal(evs[0].state, XVS_TCP_ESTABLISHED);
	assert_int_equal(evs[0].flags, XVS_FWD_DROUTE | XVS_CONN_F_NOOUTPUT);
	assert_int_equal(evs[0].timeout, 900);
	assert_int_equal(evs[0].fwmark, 0);
	xvs_sync_conn_from_event(&c, &evs[0]);
	assert_int_equal(c.af, AF_INET);
	assert_int_equal(c.flags, XVS_SYNC_F_NOOUTPUT | XVS_FWD_DROUTE);
	assert_int_equal(c.state, XVS_TCP_ESTABLISHED);
	assert_int_equal(ntohs(c.cport), 40000);

	for (int i = 4; i < 53; i++)
		send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 0);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 1);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x11);
	assert_int_equal(events(), 1);
	assert_int_equal(evs[0].state, XVS_TCP_FIN_WAIT);
	assert_int_equal(evs[0].timeout, 120);
	xvs_sync_conn_from_event(&c, &evs[0]);
	assert_int_equal(c.flags, XVS_SYNC_F_NOOUTPUT | XVS_SYNC_F_INACTIVE | XVS_FWD_DROUTE);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 0);

	/* sync_period 0: once, at sync_threshold */
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SYNC_PERIOD, 0), 0);
	send_pkt(IPPROTO_TCP, CL, 40001, 80, 0x02);
	for (int i = 0; i < 60; i++)
		send_pkt(IPPROTO_TCP, CL, 40001, 80, 0x10);
	assert_int_equal(events(), 1);
}

/* A UDP flow: reported at packet 3, as IPVS's state 0 and inactive. */
static void test_udp_flow(void **state)
{
	struct xvs_sync_conn c;

	(void)state;
	make(IPPROTO_UDP, 53, 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, true), 0);
	send_pkt(IPPROTO_UDP, CL, 5353, 53, 0);
	send_pkt(IPPROTO_UDP, CL, 5353, 53, 0);
	assert_int_equal(events(), 0);
	send_pkt(IPPROTO_UDP, CL, 5353, 53, 0);
	assert_int_equal(events(), 1);
	assert_int_equal(evs[0].key.proto, IPPROTO_UDP);
	assert_int_equal(evs[0].state, XVS_UDP_STATE);
	assert_int_equal(evs[0].timeout, 300);
	xvs_sync_conn_from_event(&c, &evs[0]);
	assert_int_equal(c.state, 0);
	assert_int_equal(c.flags, XVS_SYNC_F_NOOUTPUT | XVS_SYNC_F_INACTIVE | XVS_FWD_DROUTE);
}

/*
 * A persistent service: the template follows its flow, under its own key
 * (client port 0), assured; with sync_persist_mode only the template.
 */
static void test_template_follows(void **state)
{
	struct xvs_sync_conn c;
	int rs;

	(void)state;
	make(IPPROTO_TCP, 80, XVS_SVC_F_PERSISTENT);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, true), 0);
	rs = send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x02);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10);
	assert_int_equal(events(), 2);
	assert_int_equal(evs[0].key.kind, XVS_KEY_FLOW);
	assert_int_equal(evs[1].key.kind, XVS_KEY_TEMPLATE);
	assert_int_equal(evs[1].key.cport, 0);
	assert_int_equal(ntohs(evs[1].key.vport), 80);
	expect_addr(&evs[1].key.caddr, CL);
	expect_addr(&evs[1].daddr, rs_addr(0, rs));
	assert_int_equal(evs[1].flags, XVS_CONN_F_TEMPLATE | XVS_CONN_F_INACTIVE | XVS_FWD_DROUTE);
	assert_int_equal(evs[1].state, XVS_CTPL_ASSURED);
	assert_int_equal(evs[1].timeout, 300);
	xvs_sync_conn_from_event(&c, &evs[1]);
	assert_int_equal(c.flags, XVS_SYNC_F_TEMPLATE | XVS_SYNC_F_INACTIVE | XVS_FWD_DROUTE);
	assert_int_equal(c.cport, 0);

	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SYNC_PERSIST_MODE, 1), 0);
	send_pkt(IPPROTO_TCP, CL, 40001, 80, 0x02);
	send_pkt(IPPROTO_TCP, CL, 40001, 80, 0x10);
	send_pkt(IPPROTO_TCP, CL, 40001, 80, 0x10);
	assert_int_equal(events(), 1);
	assert_int_equal(evs[0].key.kind, XVS_KEY_TEMPLATE);
}

/*
 * A mark service's template has protocol 0 and the mark as its address
 * (0.0.0.MARK), as IPVS's; both events, turned into IPVS's entries and
 * installed again (as a backup would), pin the client where they said.
 */
static void test_mark_round_trip(void **state)
{
	struct xvs_service s;
	struct xvs_mark_spec m;
	struct xvs_sync_event got[2];
	struct xvs_sync_conn c;
	struct xvs_conn tc;
	int rs;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.fwmark = 7;
	s.af = AF_INET;
	s.protocol = IPPROTO_TCP;
	s.netmask = 0xffffffff;
	s.flags = XVS_SVC_F_PERSISTENT;
	s.timeout = 300;
	snprintf(s.sched_name, sizeof(s.sched_name), "rr");
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < NRS; i++) {
		struct xvs_dest_cfg d = dest(rs_addr(0, i), 0, XVS_FWD_DROUTE, 1);

		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	memset(&m, 0, sizeof(m));
	m.af = text_addr(VIP, &m.addr);
	m.plen = 32;
	m.rule.mark = 7;
	m.rule.port_hi = 65535;
	assert_int_equal(xvs_add_mark_rule(ctx, &m), 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, true), 0);
	rs = send_pkt(IPPROTO_TCP, CL, 40000, 443, 0x02);
	assert_true(rs >= 0);
	send_pkt(IPPROTO_TCP, CL, 40000, 443, 0x10);
	send_pkt(IPPROTO_TCP, CL, 40000, 443, 0x10);
	assert_int_equal(events(), 2);
	memcpy(got, evs, sizeof(got));
	assert_int_equal(got[0].fwmark, 7);
	assert_int_equal(got[1].fwmark, 7);
	xvs_sync_conn_from_event(&c, &got[1]);
	assert_int_equal(c.af, AF_INET);
	assert_int_equal(c.proto, 0);
	expect_addr(&c.vaddr, "0.0.0.7");
	assert_int_equal(c.vport, 0);
	assert_int_equal(c.dport, 0);

	/* the entries gone, as on a backup that never saw the client */
	clear_conns();
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, false), 0);
	for (int i = 0; i < 2; i++) {
		xvs_sync_conn_from_event(&c, &got[i]);
		assert_int_equal(xvs_sync_install(ctx, &c), 0);
	}
	xvs_sync_conn_from_event(&c, &got[0]);
	assert_int_equal(xvs_sync_install(ctx, &c), 1);
	assert_int_equal(template_of(CL, &tc), 1);
	assert_int_equal(tc.n_control, 1);
	assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40000, 443, 0x10), rs);
	for (int i = 1; i < 4; i++)
		assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40000 + i, 8443, 0x02), rs);
}

/* A ring the master daemon does not drain: events it has no room for are
 * counted lost. */
static void test_ring_full(void **state)
{
	struct pkt_spec p = P(0, IPPROTO_UDP, CL, VIP, 5353, 53, 0);
	uint8_t f[PKT_MAX];
	size_t len = pkt_build(&p, f);
	struct xdp_md md = { .data_end = len, .ingress_ifindex = ifindex };
	/* one event in 50 packets: ~60,000 events, more than the ring holds */
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = len, .ctx_in = &md,
		    .ctx_size_in = sizeof(md), .repeat = 3000000);
	uint64_t lost = reason(XVS_R_SYNC_LOST);

	(void)state;
	make(IPPROTO_UDP, 53, 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_MASTER, true), 0);
	assert_int_equal(bpf_prog_test_run_opts(ctx->prog_fd, &o), 0);
	assert_true(reason(XVS_R_SYNC_LOST) > lost);
	assert_true(events() > 40000);
	assert_int_equal(evs[0].key.proto, IPPROTO_UDP);
}

/* backup_only: service packets go to the host only while a backup daemon
 * runs and the switch is on; other packets are untouched. */
static void test_backup_only(void **state)
{
	uint64_t before;

	(void)state;
	make(IPPROTO_TCP, 80, 0);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_BACKUP_ONLY, 1), 0);
	assert_true(send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x02) >= 0);
	assert_int_equal(xvs_sync_set_role(ctx, XVS_SYNC_BACKUP, true), 0);
	before = reason(XVS_R_PASS_BACKUP_ONLY);
	assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40001, 80, 0x02), RS_PASSED);
	assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10), RS_PASSED);
	assert_int_equal(reason(XVS_R_PASS_BACKUP_ONLY), before + 2);
	assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40002, 22, 0x02), RS_PASSED);
	assert_int_equal(reason(XVS_R_PASS_BACKUP_ONLY), before + 2);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_BACKUP_ONLY, 0), 0);
	assert_true(send_pkt(IPPROTO_TCP, CL, 40003, 80, 0x02) >= 0);
}

/* An entry of a message, as the codec would give it. */
static struct xvs_sync_conn msg(uint8_t proto, const char *client, uint16_t cport, const char *vip, uint16_t vport,
				const char *rs, uint16_t dport, uint32_t flags, unsigned state, unsigned timeout)
{
	struct xvs_sync_conn c;

	memset(&c, 0, sizeof(c));
	c.af = AF_INET;
	c.proto = proto;
	c.flags = flags;
	c.state = state;
	c.cport = htons(cport);
	c.vport = htons(vport);
	c.dport = htons(dport);
	c.timeout = timeout;
	text_addr(client, &c.caddr);
	text_addr(vip, &c.vaddr);
	text_addr(rs, &c.daddr);
	return c;
}

static struct xvs_conn_entry flow_of(uint16_t proto, uint16_t cport)
{
	struct xvs_conn_entry e;

	assert_int_equal(flow_entry(proto, cport, &e), 1);
	return e;
}

/*
 * Installed flows: a packet of one goes to its real server with no
 * scheduling; counts, state and expiry follow each message; a message of
 * another real server replaces the entry; entries of no service or real
 * server here are refused.
 */
static void test_install_flow(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, 80, 0);
	struct xvs_sync_conn c = msg(IPPROTO_TCP, CL, 40000, VIP, 80, rs_addr(0, 2), 80,
				     XVS_FWD_DROUTE | XVS_SYNC_F_NOOUTPUT, XVS_TCP_ESTABLISHED, 500);
	struct xvs_service_entry se;
	struct xvs_conn_entry e;

	(void)state;
	assert_int_equal(xvs_sync_install(ctx, &c), 0);
	assert_int_equal(rs_counts(&s, 2).activeconns, 1);
	e = flow_of(IPPROTO_TCP, 40000);
	assert_string_equal(e.state, "ESTABLISHED");
	assert_true(e.expires >= 499 && e.expires <= 500);
	for (int i = 0; i < 3; i++)
		assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10), 2);
	assert_int_equal(xvs_get_service(ctx, &s, &se), 0);
	assert_int_equal(se.stats.conns, 0); /* never scheduled */
	/* the packet moved it on: the state's own timeout from now on */
	assert_true(flow_of(IPPROTO_TCP, 40000).expires >= 899);

	c.state = XVS_TCP_FIN_WAIT;
	c.flags |= XVS_SYNC_F_INACTIVE;
	c.timeout = 100;
	assert_int_equal(xvs_sync_install(ctx, &c), 1);
	assert_int_equal(rs_counts(&s, 2).activeconns, 0);
	assert_int_equal(rs_counts(&s, 2).inactconns, 1);
	e = flow_of(IPPROTO_TCP, 40000);
	assert_string_equal(e.state, "FIN_WAIT");
	assert_true(e.expires >= 99 && e.expires <= 100);

	/* the master's flow now goes to another server */
	text_addr(rs_addr(0, 0), &c.daddr);
	c.state = XVS_TCP_ESTABLISHED;
	c.flags &= ~XVS_SYNC_F_INACTIVE;
	assert_int_equal(xvs_sync_install(ctx, &c), 0);
	assert_int_equal(rs_counts(&s, 2).inactconns, 0);
	assert_int_equal(rs_counts(&s, 0).activeconns, 1);
	assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40000, 80, 0x10), 0);

	/* no timeout in the message (v0): the state's */
	c.cport = htons(40001);
	c.timeout = 0;
	assert_int_equal(xvs_sync_install(ctx, &c), 0);
	assert_true(flow_of(IPPROTO_TCP, 40001).expires >= 899);

	c = msg(IPPROTO_TCP, CL, 40002, VIP, 81, rs_addr(0, 0), 80, XVS_FWD_DROUTE, XVS_TCP_ESTABLISHED, 60);
	assert_int_equal(xvs_sync_install(ctx, &c), -ENOENT);
	c = msg(IPPROTO_TCP, CL, 40002, VIP, 80, "192.0.2.99", 80, XVS_FWD_DROUTE, XVS_TCP_ESTABLISHED, 60);
	assert_int_equal(xvs_sync_install(ctx, &c), -ENOENT);
	c = msg(IPPROTO_TCP, CL, 40002, VIP, 80, rs_addr(0, 0), 80, XVS_FWD_DROUTE, 42, 60);
	assert_int_equal(xvs_sync_install(ctx, &c), -EINVAL);
}

/*
 * Templates: installed, counted as PersistConn, a new connection of the
 * client goes to the template's server; flows bind to it, also a flow
 * synced before its template (at its next message).
 */
static void test_install_template(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, 80, XVS_SVC_F_PERSISTENT);
	struct xvs_sync_conn t = msg(IPPROTO_TCP, CL, 0, VIP, 80, rs_addr(0, 1), 80,
				     XVS_FWD_DROUTE | XVS_SYNC_F_TEMPLATE | XVS_SYNC_F_INACTIVE, XVS_CTPL_ASSURED, 300);
	struct xvs_sync_conn f = msg(IPPROTO_TCP, CL, 40000, VIP, 80, rs_addr(0, 1), 80,
				     XVS_FWD_DROUTE | XVS_SYNC_F_NOOUTPUT, XVS_TCP_ESTABLISHED, 900);
	struct xvs_conn_entry *all = NULL;
	struct xvs_conn tc;
	size_t n = 0;

	(void)state;
	assert_int_equal(xvs_sync_install(ctx, &t), 0);
	assert_int_equal(rs_counts(&s, 1).persistconns, 1);
	assert_int_equal(template_of(CL, &tc), 1);
	assert_int_equal(tc.state, XVS_CTPL_ASSURED);
	assert_int_equal(tc.n_control, 0);
	assert_int_equal(xvs_sync_install(ctx, &f), 0);
	assert_int_equal(template_of(CL, &tc), 1);
	assert_int_equal(tc.n_control, 1);
	/* the persistent client's next connection: the template's server */
	for (int i = 0; i < 4; i++)
		assert_int_equal(send_pkt(IPPROTO_TCP, CL, 40100 + i, 80, 0x02), 1);
	assert_int_equal(template_of(CL, &tc), 1);
	assert_int_equal(tc.n_control, 5);
	assert_int_equal(xvs_sync_install(ctx, &t), 1);
	assert_int_equal(rs_counts(&s, 1).persistconns, 1);
	assert_int_equal(xvs_get_conns(ctx, &all, &n), 0);
	free(all);
	assert_int_equal(n, 6);

	/* IPVS sends the flow before its template: bound at its next message */
	f = msg(IPPROTO_TCP, "192.0.2.101", 40000, VIP, 80, rs_addr(0, 2), 80, XVS_FWD_DROUTE | XVS_SYNC_F_NOOUTPUT,
		XVS_TCP_ESTABLISHED, 900);
	t = msg(IPPROTO_TCP, "192.0.2.101", 0, VIP, 80, rs_addr(0, 2), 80,
		XVS_FWD_DROUTE | XVS_SYNC_F_TEMPLATE | XVS_SYNC_F_INACTIVE, XVS_CTPL_NONE, 300);
	assert_int_equal(xvs_sync_install(ctx, &f), 0);
	assert_int_equal(xvs_sync_install(ctx, &t), 0);
	assert_int_equal(template_of("192.0.2.101", &tc), 1);
	assert_int_equal(tc.n_control, 0);
	assert_int_equal(xvs_sync_install(ctx, &f), 1);
	assert_int_equal(template_of("192.0.2.101", &tc), 1);
	assert_int_equal(tc.n_control, 1);
	assert_int_equal(send_pkt(IPPROTO_TCP, "192.0.2.101", 40001, 80, 0x02), 2);
}

/*
 * A synced NAT flow: its reverse entry takes the server's replies; the
 * client, of no neighbour entry, is reached by the hop its first packet
 * here showed.
 */
static void test_install_nat(void **state)
{
	struct xvs_service s = service(IPPROTO_TCP, NAT_VIP, 80, "rr");
	struct xvs_dest_cfg d = dest(NAT_RS, 8080, XVS_FWD_MASQ, 1);
	struct xvs_sync_conn c = msg(IPPROTO_TCP, CL, 40000, NAT_VIP, 80, NAT_RS, 8080, XVS_FWD_MASQ,
				     XVS_TCP_ESTABLISHED, 900);
	struct pkt_spec reply = P(0, IPPROTO_TCP, NAT_RS, CL, 8080, 40000, 0x10);
	struct pkt_spec in = P(0, IPPROTO_TCP, CL, NAT_VIP, 40000, 80, 0x10);
	uint64_t no_neigh = reason(XVS_R_DROP_NO_NEIGH);
	uint8_t f[PKT_MAX];
	struct run r;

	(void)state;
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	assert_int_equal(xvs_sync_install(ctx, &c), 0);
	/* the reply is the entry's: rewritten, but no way yet to the client */
	r = run_frame(f, pkt_build(&reply, f));
	assert_int_equal(r.action, XDP_DROP);
	assert_int_equal(reason(XVS_R_DROP_NO_NEIGH), no_neigh + 1);
	r = run_frame(f, pkt_build(&in, f));
	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out[5], 0x11); /* the real server's MAC */
	r = run_frame(f, pkt_build(&reply, f));
	assert_int_equal(r.action, XDP_TX);
	assert_memory_equal(r.out, pkt_client_mac, 6);
	assert_memory_equal(r.out + 6, pkt_dir_mac, 6);
	/* from the VIP */
	assert_memory_equal(r.out + 14 + 12, &(struct in_addr){ inet_addr(NAT_VIP) }, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_events_when_off, reset),
		cmocka_unit_test_setup(test_tcp_flow, reset),
		cmocka_unit_test_setup(test_udp_flow, reset),
		cmocka_unit_test_setup(test_template_follows, reset),
		cmocka_unit_test_setup(test_mark_round_trip, reset),
		cmocka_unit_test_setup(test_ring_full, reset),
		cmocka_unit_test_setup(test_backup_only, reset),
		cmocka_unit_test_setup(test_install_flow, reset),
		cmocka_unit_test_setup(test_install_template, reset),
		cmocka_unit_test_setup(test_install_nat, reset),
	};

	return cmocka_run_group_tests_name("bpf sync", tests, setup, teardown);
}
