// SPDX-License-Identifier: GPL-2.0
/*
 * The SIP persistence engine (--pe sip) on real packets (BPF_PROG_TEST_RUN):
 * a persistent UDP service's templates are keyed by the client and the
 * message's Call-ID, so one client's calls spread and each call sticks; a
 * message without a Call-ID is dropped; flows keep their 5-tuple, so
 * without -o a client socket's messages follow its first; templates list
 * their Call-ID and take it with them when they expire.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "xvs/sip.h"

#define NRS 3
#define VIP "192.0.2.50"
#define VIP6 "2001:db8::50"
#define CLIENT "192.0.2.100"
#define FRAME_MAX 3000

/* What sip_sent() says of a message no real server got. */
#define DROPPED (-1)
#define NOT_SENT (-2)

/* Real server n is 192.0.2.(11 + n) / 2001:db8::(11 + n), MAC 02:5e:00:00:00:(0x11 + n). */
static int setup(void **state)
{
	(void)state;
	return harness_up("test-pe-sip", "for i in 11 12 13; do "
					 "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent && "
					 "ip neigh add 2001:db8::$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done");
}

/* Call-IDs of templates clear_conns() removed behind the data plane's back. */
static void clear_pe_data(void)
{
	struct xvs_conn_key k;

	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_PE_DATA], NULL, &k))
		bpf_map_delete_elem(ctx->map_fd[XVS_M_PE_DATA], &k);
}

static int reset(void **state)
{
	(void)state;
	assert_int_equal(xvs_flush(ctx), 0);
	clear_conns();
	clear_pe_data();
	return 0;
}

/* A service on @vip:@port with @flags, --pe @pe, and real servers 0..NRS-1 (rr, DR). */
static struct xvs_service make(uint16_t proto, const char *vip, uint16_t port, uint32_t flags, uint32_t timeout,
			       const char *pe)
{
	struct xvs_service s = service(proto, vip, port, "rr");
	int v6 = s.af == AF_INET6;

	s.flags = flags;
	s.timeout = timeout;
	snprintf(s.pe_name, sizeof(s.pe_name), "%s", pe);
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < NRS; i++) {
		struct xvs_dest_cfg d = dest(rs_addr(v6, i), port, XVS_FWD_DROUTE, 1);

		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	return s;
}

static struct xvs_service sip_service(uint32_t flags, uint32_t timeout)
{
	return make(IPPROTO_UDP, VIP, 5060, XVS_SVC_F_PERSISTENT | flags, timeout, "sip");
}

/* An INVITE whose headers include @callid_line ("" for none). */
static const char *invite(const char *callid_line)
{
	static char m[1024];

	snprintf(m, sizeof(m),
		 "INVITE sip:bob@192.0.2.50 SIP/2.0\r\n"
		 "Via: SIP/2.0/UDP 192.0.2.100:5060;branch=z9hG4bK776asdhds\r\n"
		 "Max-Forwards: 70\r\n"
		 "To: Bob <sip:bob@192.0.2.50>\r\n"
		 "From: Alice <sip:alice@192.0.2.100>;tag=1928301774\r\n"
		 "%s"
		 "CSeq: 314159 INVITE\r\n"
		 "Content-Length: 0\r\n"
		 "\r\n",
		 callid_line);
	return m;
}

/*
 * sip_sent_proto() - send @msg from @client:@sport to @vip:@dport over
 * @proto (TCP: as a SYN's payload).  Returns: the real server it went to,
 * DROPPED, or NOT_SENT (any other verdict).
 */
static int sip_sent_proto(uint8_t proto, const char *client, uint16_t sport, const char *vip, uint16_t dport,
			  const char *msg)
{
	static uint8_t in[FRAME_MAX], out[FRAME_MAX];
	int v6 = strchr(client, ':') != NULL;
	struct pkt_spec s = P(v6, proto, client, vip, sport, dport, proto == IPPROTO_TCP ? 0x02 : 0);
	size_t n = strlen(msg), len;
	struct xdp_md md = { .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_out = out, .data_size_out = sizeof(out),
		    .ctx_in = &md, .ctx_size_in = sizeof(md), .repeat = 1);

	assert_true(n + 14 + 40 + 20 <= FRAME_MAX);
	s.payload = n;
	len = pkt_build(&s, in);
	memcpy(in + len - n, msg, n);
	pkt_fill_l4_csum(in, &s);
	md.data_end = len;
	o.data_size_in = len;
	assert_int_equal(bpf_prog_test_run_opts(ctx->prog_fd, &o), 0);
	if (o.retval == XDP_DROP)
		return DROPPED;
	if (o.retval != XDP_TX)
		return NOT_SENT;
	assert_true(out[5] >= 0x11 && out[5] < 0x11 + NRS);
	assert_int_equal(o.data_size_out, len);
	assert_memory_equal(out + 14, in + 14, len - 14); /* DR: IP and L4 untouched */
	return out[5] - 0x11;
}

static int sip_sent(uint16_t sport, const char *msg)
{
	return sip_sent_proto(IPPROTO_UDP, CLIENT, sport, VIP, 5060, msg);
}

/* The templates listed with their engine data: "pe_name pe_data -> server". */
static int templates(char rows[][192], int max)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int got = 0;

	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	for (size_t i = 0; i < n && got < max; i++) {
		char da[64];
		int af = c[i].af;

		if (!(c[i].flags & XVS_CONN_F_TEMPLATE))
			continue;
		/* a template names no client port, as IPVS's */
		assert_int_equal(c[i].cport, 0);
		inet_ntop(af, af == AF_INET ? (const void *)&c[i].daddr.w[3] : (const void *)&c[i].daddr, da,
			  sizeof(da));
		snprintf(rows[got++], 192, "%s %s -> %s", c[i].pe_name, c[i].pe_data, da);
	}
	free(c);
	return got;
}

static int has_row(char rows[][192], int n, const char *want)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i], want))
			return 1;
	return 0;
}

static int pe_data_entries(void)
{
	struct xvs_conn_key k, next;
	void *prev = NULL;
	int n = 0;

	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_PE_DATA], prev, &next)) {
		k = next;
		prev = &k;
		n++;
	}
	return n;
}

/* -p --pe sip -o: one client port, three calls on three servers (rr), and
 * every later message of a call, whatever the spelling of its Call-ID
 * header, on its call's server. */
static void test_calls_spread_and_stick(void **state)
{
	uint64_t drops = reason(XVS_R_DROP_PE_SIP);
	struct xvs_service s = sip_service(XVS_SVC_F_ONEPACKET, 300);
	int a = sip_sent(5060, invite("Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"));
	int b = sip_sent(5060, invite("Call-ID: f81d4fae-7dec-11d0-a765@pc33.atlanta.com\r\n"));
	int c = sip_sent(5060, invite("Call-ID: 3848276298220188511@atlanta.example.com\r\n"));
	char rows[8][192], want[192];

	(void)state;
	assert_true(a >= 0 && b >= 0 && c >= 0);
	assert_int_not_equal(a, b);
	assert_int_not_equal(b, c);
	assert_int_not_equal(a, c);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sip_sent(5060, invite("i: a84b4c76e66710@pc33.atlanta.com\r\n")), a);
		assert_int_equal(sip_sent(5060, invite("CALL-ID:f81d4fae-7dec-11d0-a765@pc33.atlanta.com\r\n")), b);
		assert_int_equal(sip_sent(5061 + i, invite("I :\t3848276298220188511@atlanta.example.com\r\n")), c);
	}
	/* the value's case is the call's own */
	assert_int_equal(templates(rows, 8), 3);
	assert_true(sip_sent(5060, invite("Call-ID: A84B4C76E66710@pc33.atlanta.com\r\n")) >= 0);
	assert_int_equal(templates(rows, 8), 4);
	snprintf(want, sizeof(want), "sip a84b4c76e66710@pc33.atlanta.com -> %s", rs_addr(0, a));
	assert_true(has_row(rows, 4, want));
	snprintf(want, sizeof(want), "sip 3848276298220188511@atlanta.example.com -> %s", rs_addr(0, c));
	assert_true(has_row(rows, 4, want));
	assert_int_equal(rs_counts(&s, a).persistconns + rs_counts(&s, b).persistconns + rs_counts(&s, c).persistconns, 4);
	assert_int_equal(rs_counts(&s, b).persistconns, 1);
	assert_int_equal(reason(XVS_R_DROP_PE_SIP), drops);
}

/* No Call-ID IPVS would take: dropped and counted, no template made. */
static void test_no_callid_dropped(void **state)
{
	char rows[4][192];
	uint64_t before = reason(XVS_R_DROP_PE_SIP);

	(void)state;
	sip_service(XVS_SVC_F_ONEPACKET, 300);
	make(IPPROTO_TCP, VIP, 5060, XVS_SVC_F_PERSISTENT, 300, "sip");
	assert_int_equal(sip_sent(5060, invite("")), DROPPED);
	assert_int_equal(sip_sent(5060, invite("Call-ID: two words\r\n")), DROPPED);
	assert_int_equal(sip_sent(5060, invite("Call-IDs: x\r\nCall-ID: y\r\n")), DROPPED);
	assert_int_equal(sip_sent(5060, ""), DROPPED);
	/* the engine works on UDP only, as IPVS's ip_vs_sip_fill_param() */
	assert_int_equal(sip_sent_proto(IPPROTO_TCP, CLIENT, 40000, VIP, 5060, invite("Call-ID: c1\r\n")), DROPPED);
	assert_int_equal(reason(XVS_R_DROP_PE_SIP) - before, 5);
	assert_int_equal(templates(rows, 4), 0);
	assert_int_equal(pe_data_entries(), 0);
	/* and a message with one still goes through */
	assert_true(sip_sent(5060, invite("Call-ID: c1\r\n")) >= 0);
	assert_int_equal(reason(XVS_R_DROP_PE_SIP) - before, 5);
}

/* The engine keys templates only: without -p there is none, and a message
 * without a Call-ID is scheduled as any datagram. */
static void test_engine_needs_persistence(void **state)
{
	uint64_t drops = reason(XVS_R_DROP_PE_SIP);
	char rows[4][192];

	(void)state;
	make(IPPROTO_UDP, VIP, 5060, XVS_SVC_F_ONEPACKET, 0, "sip");
	assert_true(sip_sent(5060, invite("")) >= 0);
	assert_true(sip_sent(5060, invite("Call-ID: c1\r\n")) >= 0);
	assert_int_equal(templates(rows, 4), 0);
	assert_int_equal(reason(XVS_R_DROP_PE_SIP), drops);
}

/* Without -o the flow is the client's 5-tuple: a socket's second call
 * follows its first, and only the first made a template.  Other sockets
 * with either Call-ID go by the Call-ID's template. */
static void test_flow_wins_without_ops(void **state)
{
	struct xvs_conn_key k, next;
	struct xvs_conn t;
	void *prev = NULL;
	char rows[4][192], want[192];
	int a, b;

	(void)state;
	sip_service(0, 300);
	a = sip_sent(5060, invite("Call-ID: first@a\r\n"));
	assert_true(a >= 0);
	assert_int_equal(sip_sent(5060, invite("Call-ID: second@a\r\n")), a);
	assert_int_equal(templates(rows, 4), 1);
	snprintf(want, sizeof(want), "sip first@a -> %s", rs_addr(0, a));
	assert_string_equal(rows[0], want);
	b = sip_sent(5061, invite("Call-ID: second@a\r\n"));
	assert_true(b >= 0);
	assert_int_not_equal(b, a);
	assert_int_equal(sip_sent(5062, invite("i: first@a\r\n")), a);
	assert_int_equal(sip_sent(5063, invite("i: second@a\r\n")), b);
	assert_int_equal(templates(rows, 4), 2);
	/* each template counts the flows it controls */
	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_CONNS], prev, &next)) {
		k = next;
		prev = &k;
		if (k.kind == XVS_KEY_TEMPLATE) {
			assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONNS], &k, &t), 0);
			assert_int_equal(t.n_control, 2);
		}
	}
}

/* IPv6: the payload after the 40-byte header. */
static void test_ipv6(void **state)
{
	char rows[4][192], want[192];
	int a;

	(void)state;
	make(IPPROTO_UDP, VIP6, 5060, XVS_SVC_F_PERSISTENT | XVS_SVC_F_ONEPACKET, 300, "sip");
	a = sip_sent_proto(IPPROTO_UDP, "2001:db8::100", 5060, VIP6, 5060, invite("Call-ID: v6call\r\n"));
	assert_true(a >= 0);
	assert_int_not_equal(sip_sent_proto(IPPROTO_UDP, "2001:db8::100", 5060, VIP6, 5060, invite("i: other\r\n")), a);
	assert_int_equal(sip_sent_proto(IPPROTO_UDP, "2001:db8::100", 5060, VIP6, 5060, invite("i: v6call\r\n")), a);
	assert_int_equal(sip_sent_proto(IPPROTO_UDP, "2001:db8::100", 5060, VIP6, 5060, invite("")), DROPPED);
	assert_int_equal(templates(rows, 4), 2);
	snprintf(want, sizeof(want), "sip v6call -> %s", rs_addr(1, a));
	assert_true(has_row(rows, 2, want));
}

/* Long messages: a Call-ID after 1.8 KB of headers is found; one that
 * starts past the XVS_SIP_SCAN_MAX bytes looked at is not (IPVS would). */
static void test_long_message(void **state)
{
	static char m[FRAME_MAX];
	const char *via = "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKnashds8\r\n"; /* 58 bytes */
	size_t off;
	int a;

	(void)state;
	sip_service(XVS_SVC_F_ONEPACKET, 300);
	off = snprintf(m, sizeof(m), "INVITE sip:bob@192.0.2.50 SIP/2.0\r\n");
	for (int i = 0; i < 31; i++)
		off += snprintf(m + off, sizeof(m) - off, "%s", via);
	snprintf(m + off, sizeof(m) - off, "Call-ID: late@x\r\n\r\n");
	assert_true(off > 1800 && off < XVS_SIP_SCAN_MAX - 32);
	a = sip_sent(5060, m);
	assert_true(a >= 0);
	assert_int_equal(sip_sent(5061, invite("i: late@x\r\n")), a);
	for (int i = 0; i < 5; i++)
		off += snprintf(m + off, sizeof(m) - off, "%s", via);
	snprintf(m + off, sizeof(m) - off, "Call-ID: late@x\r\n\r\n");
	assert_true(off > XVS_SIP_SCAN_MAX);
	assert_int_equal(sip_sent(5060, m), DROPPED);
}

/* Listings show the Call-ID's first XVS_PE_DATA_LEN bytes. */
static void test_long_callid_listed_cut(void **state)
{
	char id[101], line[160], rows[4][192], want[192];
	int a;

	(void)state;
	sip_service(XVS_SVC_F_ONEPACKET, 300);
	for (int i = 0; i < 100; i++)
		id[i] = 'a' + i % 26;
	id[100] = '\0';
	snprintf(line, sizeof(line), "Call-ID: %s\r\n", id);
	a = sip_sent(5060, invite(line));
	assert_true(a >= 0);
	assert_int_equal(templates(rows, 4), 1);
	snprintf(want, sizeof(want), "sip %.*s -> %s", XVS_PE_DATA_LEN, id, rs_addr(0, a));
	assert_string_equal(rows[0], want);
}

/* A template that expires takes its Call-ID along. */
static void test_expiry_takes_callid(void **state)
{
	char rows[4][192];
	int i;

	(void)state;
	sip_service(XVS_SVC_F_ONEPACKET, 1);
	assert_true(sip_sent(5060, invite("Call-ID: short-lived\r\n")) >= 0);
	assert_int_equal(templates(rows, 4), 1);
	assert_int_equal(pe_data_entries(), 1);
	for (i = 0; i < 40 && templates(rows, 4); i++)
		usleep(100 * 1000);
	assert_int_equal(templates(rows, 4), 0);
	assert_int_equal(pe_data_entries(), 0);
}

/* IPVS knows the engine "sip" only; -E without --pe drops the engine. */
static void test_engine_names(void **state)
{
	struct xvs_service s = service(IPPROTO_UDP, VIP, 5060, "rr"), e;
	struct xvs_service_entry *se = NULL;
	struct xvs_dest_cfg d = dest(rs_addr(0, 0), 5060, XVS_FWD_DROUTE, 1);
	size_t n = 0;

	(void)state;
	s.flags = XVS_SVC_F_PERSISTENT;
	s.timeout = 300;
	strcpy(s.pe_name, "SIP");
	assert_int_equal(xvs_add_service(ctx, &s), -ENOENT);
	strcpy(s.pe_name, "sip");
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	assert_int_equal(xvs_get_services(ctx, &se, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(se[0].svc.pe_name, "sip");
	free(se);
	assert_int_equal(sip_sent(5060, invite("")), DROPPED);
	e = s;
	strcpy(e.pe_name, "h323");
	assert_int_equal(xvs_edit_service(ctx, &e), -ENOENT);
	e.pe_name[0] = '\0';
	assert_int_equal(xvs_edit_service(ctx, &e), 0);
	assert_int_equal(sip_sent(5060, invite("")), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_calls_spread_and_stick, reset),
		cmocka_unit_test_setup(test_no_callid_dropped, reset),
		cmocka_unit_test_setup(test_engine_needs_persistence, reset),
		cmocka_unit_test_setup(test_flow_wins_without_ops, reset),
		cmocka_unit_test_setup(test_ipv6, reset),
		cmocka_unit_test_setup(test_long_message, reset),
		cmocka_unit_test_setup(test_long_callid_listed_cut, reset),
		cmocka_unit_test_setup(test_expiry_takes_callid, reset),
		cmocka_unit_test_setup(test_engine_names, reset),
	};

	return cmocka_run_group_tests_name("bpf SIP persistence engine", tests, setup, harness_down);
}
