// SPDX-License-Identifier: GPL-2.0
/*
 * Persistence on real packets (BPF_PROG_TEST_RUN): templates keyed by the
 * client network (-M, IPv4 masks and IPv6 prefixes), port-0 services,
 * templates as -Lc lists them, their real server deleted or quiesced
 * (expire_quiescent_template), their lifetime with and without the flows
 * they control, and one-packet scheduling (-o).
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

#define NRS 3
#define VIP "192.0.2.50"
#define VIP6 "2001:db8::50"

/* Real server n is 192.0.2.(11 + n) / 2001:db8::(11 + n), MAC 02:5e:00:00:00:(0x11 + n). */
static int setup(void **state)
{
	(void)state;
	return harness_up("test-persist", "for i in 11 12 13; do "
					  "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent && "
					  "ip neigh add 2001:db8::$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done");
}

static int reset(void **state)
{
	struct xvs_timeouts t = { 900, 120, 300 };

	(void)state;
	assert_int_equal(xvs_flush(ctx), 0);
	clear_conns();
	assert_int_equal(xvs_set_timeouts(ctx, &t), 0);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_EXPIRE_QUIESCENT_TEMPLATE, 0), 0);
	return 0;
}

/* A service with real servers 0..NRS-1, weight 1, DR. */
static struct xvs_service make(uint16_t proto, const char *vip, uint16_t port, uint32_t flags, uint32_t timeout,
			       uint32_t netmask)
{
	struct xvs_service s = service(proto, vip, port, "rr");
	int v6 = s.af == AF_INET6;

	s.flags = flags;
	s.timeout = timeout;
	if (netmask)
		s.netmask = netmask;
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < NRS; i++) {
		struct xvs_dest_cfg d = dest(rs_addr(v6, i), port, XVS_FWD_DROUTE, 1);

		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	return s;
}

/* Which real server a packet went to, or -1 when it was not forwarded. */
static int sent(uint16_t proto, const char *client, uint16_t sport, const char *vip, uint16_t dport, uint8_t flags)
{
	struct pkt_spec s = P(strchr(client, ':') != NULL, proto, client, vip, sport, dport, flags);
	int rs = sent_to_rs(&s, NULL, NRS);

	return rs >= 0 ? rs : -1;
}

static int syn(const char *client, uint16_t sport, const char *vip, uint16_t dport)
{
	return sent(IPPROTO_TCP, client, sport, vip, dport, 0x02);
}

/* The templates now listed, as -Lc rows "proto caddr:cport vaddr:vport daddr:dport state". */
static int templates(char rows[][256], int max)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int got = 0;

	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	for (size_t i = 0; i < n && got < max; i++) {
		char ca[64], va[64], da[64];
		int af = c[i].af;
		const void *cp = af == AF_INET ? (const void *)&c[i].caddr.w[3] : (const void *)&c[i].caddr;
		const void *vp = af == AF_INET ? (const void *)&c[i].vaddr.w[3] : (const void *)&c[i].vaddr;
		const void *dp = af == AF_INET ? (const void *)&c[i].daddr.w[3] : (const void *)&c[i].daddr;

		if (!(c[i].flags & XVS_CONN_F_TEMPLATE))
			continue;
		inet_ntop(af, cp, ca, sizeof(ca));
		inet_ntop(af, vp, va, sizeof(va));
		inet_ntop(af, dp, da, sizeof(da));
		snprintf(rows[got++], 256, "%u %s:%u %s:%u %s:%u %s", c[i].protocol, ca, c[i].cport, va, c[i].vport, da,
			 c[i].dport, c[i].state);
	}
	free(c);
	return got;
}

/* Seconds left of the only template. */
static uint32_t template_expires(void)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	uint32_t left = 0;
	int found = 0;

	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (c[i].flags & XVS_CONN_F_TEMPLATE) {
			left = c[i].expires;
			found++;
		}
	}
	free(c);
	assert_int_equal(found, 1);
	return left;
}

/* Without -p, rr spreads one client's connections: the control case. */
static void test_no_persistence_spreads(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, VIP, 80, 0, 0, 0);
	int a = syn("192.0.2.100", 40001, VIP, 80), b = syn("192.0.2.100", 40002, VIP, 80);
	char rows[4][256];

	(void)state;
	(void)s;
	assert_true(a >= 0 && b >= 0);
	assert_int_not_equal(a, b);
	assert_int_equal(templates(rows, 4), 0);
}

/* -p 300 -M 255.255.255.0: one /24 goes to one server; another /24 is
 * scheduled; the template is listed as IPVS lists it and becomes ASSURED
 * when a connection is established. */
static void test_v4_mask(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, VIP, 80, XVS_SVC_F_PERSISTENT, 300, htonl(0xffffff00));
	int first = syn("192.0.2.100", 40001, VIP, 80);
	char rows[4][256], want[160];

	(void)state;
	assert_true(first >= 0);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(syn("192.0.2.100", 40002 + i, VIP, 80), first);
		assert_int_equal(syn("192.0.2.201", 41000 + i, VIP, 80), first);
	}
	assert_int_not_equal(syn("198.51.100.7", 40001, VIP, 80), first);
	assert_int_equal(templates(rows, 4), 2);
	snprintf(want, sizeof(want), "6 192.0.2.0:0 192.0.2.50:80 %s:80 NONE", rs_addr(0, first));
	assert_true(!strcmp(rows[0], want) || !strcmp(rows[1], want));
	assert_int_equal(rs_counts(&s, first).persistconns, 1);
	/* 13 connections, none counted as templates */
	assert_int_equal(rs_counts(&s, first).activeconns + rs_counts(&s, first).inactconns, 13);
	assert_int_equal(sent(IPPROTO_TCP, "192.0.2.100", 40001, VIP, 80, 0x10), first);
	templates(rows, 4);
	snprintf(want, sizeof(want), "6 192.0.2.0:0 192.0.2.50:80 %s:80 ASSURED", rs_addr(0, first));
	assert_true(!strcmp(rows[0], want) || !strcmp(rows[1], want));
}

/* IPv6 -M 64: one /64 to one server. */
static void test_v6_prefix(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, VIP6, 80, XVS_SVC_F_PERSISTENT, 300, 64);
	int first = syn("2001:db8::100", 40001, VIP6, 80);
	char rows[4][256], want[160];

	(void)state;
	(void)s;
	assert_true(first >= 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(syn("2001:db8::100", 40002 + i, VIP6, 80), first);
		assert_int_equal(syn("2001:db8::ffff:1:2", 40002 + i, VIP6, 80), first);
	}
	assert_int_not_equal(syn("2001:db8:0:1::100", 40001, VIP6, 80), first);
	assert_int_equal(templates(rows, 4), 2);
	snprintf(want, sizeof(want), "6 2001:db8:::0 2001:db8::50:80 %s:80 NONE", rs_addr(1, first));
	assert_true(!strcmp(rows[0], want) || !strcmp(rows[1], want));
}

/* A port-0 service takes every port; the client's connections to any port
 * go to one server, under one template of port 0. */
static void test_port_zero(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, VIP, 0, XVS_SVC_F_PERSISTENT, 300, 0);
	int first = syn("192.0.2.100", 40001, VIP, 80);
	char rows[2][256], want[160];

	(void)state;
	(void)s;
	assert_true(first >= 0);
	assert_int_equal(syn("192.0.2.100", 40002, VIP, 443), first);
	assert_int_equal(syn("192.0.2.100", 40003, VIP, 8080), first);
	assert_int_equal(templates(rows, 2), 1);
	snprintf(want, sizeof(want), "6 192.0.2.100:0 192.0.2.50:0 %s:0 NONE", rs_addr(0, first));
	assert_string_equal(rows[0], want);
	assert_true(template_expires() >= 298 && template_expires() <= 300);
	/* a port-80 service of the same address still wins for port 80 */
	make(IPPROTO_TCP, VIP, 80, 0, 0, 0);
	assert_int_equal(syn("198.51.100.9", 40001, VIP, 80), 2); /* rr: newest first */
	assert_int_equal(syn("198.51.100.9", 40002, VIP, 80), 1);
}

static void set_weight(const struct xvs_service *s, int n, int w)
{
	struct xvs_dest_cfg d = dest(rs_addr(s->af == AF_INET6, n), s->port, XVS_FWD_DROUTE, w);

	assert_int_equal(xvs_edit_dest(ctx, s, &d), 0);
}

/* The template's server deleted: the client is scheduled anew and its
 * template follows; quiesced: the client stays unless
 * expire_quiescent_template is set. */
static void test_dest_gone_or_quiesced(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, VIP, 80, XVS_SVC_F_PERSISTENT, 300, 0);
	int first = syn("192.0.2.100", 40001, VIP, 80), second, third;
	struct xvs_dest_cfg d = dest(rs_addr(0, first), 80, XVS_FWD_DROUTE, 1);

	(void)state;
	assert_int_equal(xvs_del_dest(ctx, &s, &d), 0);
	second = syn("192.0.2.100", 40002, VIP, 80);
	assert_true(second >= 0 && second != first);
	assert_int_equal(syn("192.0.2.100", 40003, VIP, 80), second);
	assert_int_equal(rs_counts(&s, second).persistconns, 1);

	set_weight(&s, second, 0);
	assert_int_equal(syn("192.0.2.100", 40004, VIP, 80), second);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_EXPIRE_QUIESCENT_TEMPLATE, 1), 0);
	third = syn("192.0.2.100", 40005, VIP, 80);
	assert_true(third >= 0 && third != second && third != first);
	assert_int_equal(rs_counts(&s, second).persistconns, 0);
	assert_int_equal(rs_counts(&s, third).persistconns, 1);
}

/* The only template's entry, read from the table. */
static struct xvs_conn template_entry(void)
{
	struct xvs_conn_key k, next;
	struct xvs_conn c, found;
	void *prev = NULL;
	int n = 0;

	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_CONNS], prev, &next)) {
		k = next;
		prev = &k;
		if (!bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONNS], &k, &c) && k.kind == XVS_KEY_TEMPLATE) {
			found = c;
			n++;
		}
	}
	assert_int_equal(n, 1);
	return found;
}

/* -p 1 with UDP flows of 2 s: the template outlives its timeout while its
 * flows live, 60 s more at a time as IPVS's expire_later, and counts them
 * down as they expire. */
static void test_template_lifetime(void **state)
{
	struct xvs_timeouts t = { 0, 0, 2 };
	struct xvs_service s = make(IPPROTO_UDP, VIP, 53, XVS_SVC_F_PERSISTENT, 1, 0);
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int first;

	(void)state;
	(void)s;
	assert_int_equal(xvs_set_timeouts(ctx, &t), 0);
	first = sent(IPPROTO_UDP, "192.0.2.100", 5353, VIP, 53, 0);
	assert_true(first >= 0);
	assert_int_equal(sent(IPPROTO_UDP, "192.0.2.100", 5354, VIP, 53, 0), first);
	assert_int_equal(template_entry().n_control, 2);
	assert_int_equal(template_entry().timeout, 1);
	usleep(1300 * 1000);
	/* 1.3 s: past the template's own 1 s, its flows (2 s) hold it */
	assert_int_equal(template_entry().timeout, 60);
	assert_true(template_expires() > 50);
	assert_int_equal(sent(IPPROTO_UDP, "192.0.2.100", 5355, VIP, 53, 0), first);
	assert_int_equal(template_entry().n_control, 3);
	/* the flows expire 2 s after their last packet; the count follows */
	for (int i = 0; i < 40 && template_entry().n_control; i++)
		usleep(250 * 1000);
	assert_int_equal(template_entry().n_control, 0);
	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	free(c);
	assert_int_equal(n, 1);
}

/* -o: each UDP packet is scheduled on its own and leaves no entry; with -p
 * the client still sticks. */
static void test_one_packet(void **state)
{
	struct xvs_service s = make(IPPROTO_UDP, VIP, 53, XVS_SVC_F_ONEPACKET, 0, 0);
	struct xvs_service_entry e;
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int a = sent(IPPROTO_UDP, "192.0.2.100", 5353, VIP, 53, 0);
	int b = sent(IPPROTO_UDP, "192.0.2.100", 5353, VIP, 53, 0);

	(void)state;
	assert_true(a >= 0 && b >= 0);
	assert_int_not_equal(a, b);
	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	free(c);
	assert_int_equal(n, 0);
	assert_int_equal(xvs_get_service(ctx, &s, &e), 0);
	assert_int_equal(e.stats.conns, 2);
	assert_int_equal(reason(XVS_R_DROP_CONN_ALLOC), 0);

	s = make(IPPROTO_UDP, VIP, 54, XVS_SVC_F_ONEPACKET | XVS_SVC_F_PERSISTENT, 300, 0);
	a = sent(IPPROTO_UDP, "192.0.2.100", 5353, VIP, 54, 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(sent(IPPROTO_UDP, "192.0.2.100", 5353, VIP, 54, 0), a);
}

/* The real server's port of the flow from client port @cport. */
static int flow_dport(uint16_t cport)
{
	struct xvs_conn_entry e;

	return flow_entry(IPPROTO_TCP, cport, &e) ? e.dport : -1;
}

/*
 * FTP (a service on port 21): the address's data ports (20, 1024 and up)
 * no other service takes belong to it, and its templates have port 0, so
 * a persistent service sends a client's passive data connections to the
 * server of its control connection, on the port asked; without
 * persistence they are the host's, as IPVS leaves them (ip_vs_leave()).
 */
static void test_ftp(void **state)
{
	struct xvs_service s = make(IPPROTO_TCP, VIP, 21, XVS_SVC_F_PERSISTENT, 300, 0);
	char rows[8][256];
	int a, b;

	(void)state;
	a = syn("192.0.2.101", 40000, VIP, 21);
	assert_true(a >= 0);
	assert_int_equal(syn("192.0.2.101", 40001, VIP, 30000), a);
	assert_int_equal(syn("192.0.2.101", 40002, VIP, 20), a);
	b = syn("192.0.2.102", 40003, VIP, 21);
	assert_true(b >= 0 && b != a);
	assert_int_equal(syn("192.0.2.102", 40004, VIP, 45000), b);
	/* 1023 is no data port: not the service's */
	assert_int_equal(syn("192.0.2.101", 40005, VIP, 1023), -1);
	assert_int_equal(templates(rows, 8), 2);
	assert_non_null(strstr(rows[0], VIP ":0 "));
	/* the data connection kept its own port */
	assert_int_equal(flow_dport(40001), 30000);

	s.flags = 0;
	assert_int_equal(xvs_edit_service(ctx, &s), 0);
	assert_int_equal(sent_to_rs(&(struct pkt_spec)P(0, IPPROTO_TCP, "192.0.2.103", VIP, 40006, 30001, 0x02),
				    NULL, NRS),
			 RS_PASSED);
	assert_true(syn("192.0.2.103", 40007, VIP, 21) >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_persistence_spreads, reset),
		cmocka_unit_test_setup(test_v4_mask, reset),
		cmocka_unit_test_setup(test_v6_prefix, reset),
		cmocka_unit_test_setup(test_port_zero, reset),
		cmocka_unit_test_setup(test_dest_gone_or_quiesced, reset),
		cmocka_unit_test_setup(test_template_lifetime, reset),
		cmocka_unit_test_setup(test_one_packet, reset),
		cmocka_unit_test_setup(test_ftp, reset),
	};

	return cmocka_run_group_tests_name("bpf persistence", tests, setup, harness_down);
}
