// SPDX-License-Identifier: GPL-2.0
/*
 * SCTP services: IPVS's SCTP state walk for a masqueraded association
 * (both directions, port rewritten, CRC32c checked by computing it anew)
 * and for direct routing (input only), scheduling on INIT alone unless
 * sloppy_sctp, the ABORT bundled after a COOKIE-ECHO, the timeouts -Lnc
 * shows, and the ABORT a client of a deleted real server gets.  Needs root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "harness.h"

#define VIP4 "192.0.2.70"
#define VIP6 "2001:db8::70"
#define CL4 "192.0.2.100"
#define CL6 "2001:db8::100"
#define RS4 "198.51.100.11"
#define RS6 "2001:db8:1::11"
#define DR1 "192.0.2.11"
#define DR2 "192.0.2.12"
#define NAT_PORT 3868 /* Diameter's */
#define RS_PORT 3869  /* so the checksum must follow the port */
#define DR_PORT 2905  /* M3UA's */

enum { DATA = 0, INIT = 1, INIT_ACK = 2, ABORT = 6, SHUTDOWN = 7, SHUTDOWN_ACK = 8, COOKIE_ECHO = 10,
       COOKIE_ACK = 11, SHUTDOWN_COMPLETE = 14 };

static int setup(void **state)
{
	struct xvs_service s;
	struct xvs_dest_cfg d;

	(void)state;
	if (harness_up("test-sctp",
		       "ip addr add 198.51.100.1/24 dev d0 && ip addr add 2001:db8:1::1/64 dev d0 nodad && "
		       "ip neigh add " RS4 " lladdr 02:5e:00:00:00:11 dev d0 nud permanent && "
		       "ip neigh add " RS6 " lladdr 02:5e:00:00:00:11 dev d0 nud permanent && "
		       "ip neigh add " CL4 " lladdr 02:cc:00:00:00:01 dev d0 nud permanent && "
		       "ip neigh add " CL6 " lladdr 02:cc:00:00:00:01 dev d0 nud permanent && "
		       "sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1"))
		return -1;
	sh("ip neigh add " DR1 " lladdr 02:5e:00:00:00:11 dev d0 nud permanent && "
	   "ip neigh add " DR2 " lladdr 02:5e:00:00:00:12 dev d0 nud permanent");
	s = service(IPPROTO_SCTP, VIP4, NAT_PORT, "rr");
	d = dest(RS4, RS_PORT, XVS_FWD_MASQ, 1);
	if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d))
		return -1;
	s = service(IPPROTO_SCTP, VIP6, NAT_PORT, "rr");
	d = dest(RS6, RS_PORT, XVS_FWD_MASQ, 1);
	if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d))
		return -1;
	s = service(IPPROTO_SCTP, VIP4, DR_PORT, "rr");
	d = dest(DR1, DR_PORT, XVS_FWD_DROUTE, 1);
	if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d))
		return -1;
	d = dest(DR2, DR_PORT, XVS_FWD_DROUTE, 1);
	return xvs_add_dest(ctx, &s, &d) ? -1 : 0;
}

/* A chunk from the client (@reply 0) or the real server (NAT: 1). */
static struct pkt_spec chunk(int v6, int reply, uint16_t cport, uint8_t type)
{
	struct pkt_spec s = { .v6 = v6, .proto = IPPROTO_SCTP, .chunk = type, .payload = 21, .vtag = 0x1234abcd };

	if (reply) {
		s.saddr = v6 ? RS6 : RS4;
		s.daddr = v6 ? CL6 : CL4;
		s.sport = RS_PORT;
		s.dport = cport;
	} else {
		s.saddr = v6 ? CL6 : CL4;
		s.daddr = v6 ? VIP6 : VIP4;
		s.sport = cport;
		s.dport = NAT_PORT;
	}
	return s;
}

static struct pkt_spec dr_chunk(uint16_t cport, uint8_t type)
{
	struct pkt_spec s = chunk(0, 0, cport, type);

	s.dport = DR_PORT;
	return s;
}

static struct run send_spec(const struct pkt_spec *s)
{
	uint8_t f[PKT_MAX];

	return run_frame(f, pkt_build(s, f));
}

/* -Lnc's state and expiry of the entry of client port @cport. */
static const char *state_of(uint16_t cport, uint32_t *expires)
{
	struct xvs_conn_entry e;

	if (!flow_entry(IPPROTO_SCTP, cport, &e))
		return "";
	if (expires)
		*expires = e.expires;
	return e.state;
}

/* Ports at @f's L4 header, and its checksum right. */
static void expect_ports(const struct run *r, int v6, uint16_t sport, uint16_t dport)
{
	const uint8_t *l4 = r->out + 14 + (v6 ? 40 : 20);

	assert_int_equal(r->action, XDP_TX);
	assert_int_equal(l4[0] << 8 | l4[1], sport);
	assert_int_equal(l4[2] << 8 | l4[3], dport);
	assert_true(pkt_sctp_crc_ok(r->out, v6));
}

static uint32_t active(const char *vip, uint16_t port)
{
	struct xvs_service s = service(IPPROTO_SCTP, vip, port, "rr");
	struct xvs_dest_entry *d;
	size_t n;
	uint32_t a = 0;

	assert_int_equal(xvs_get_dests(ctx, &s, &d, &n), 0);
	for (size_t i = 0; i < n; i++)
		a += d[i].activeconns;
	free(d);
	return a;
}

/*
 * The association's chunks both ways through NAT: each moves the entry as
 * IPVS's sctp_states does, and each leaves with its port rewritten and a
 * right CRC32c.
 */
static void nat_walk(int v6)
{
	static const struct {
		int reply;
		uint8_t type;
		const char *state;
	} walk[] = {
		{ 0, INIT, "INIT1" },	       { 1, INIT_ACK, "C-SENT" },     { 0, COOKIE_ECHO, "C-REPLIED" },
		{ 1, COOKIE_ACK, "ESTABLISHED" }, { 0, DATA, "ESTABLISHED" }, { 1, DATA, "ESTABLISHED" },
		{ 0, SHUTDOWN, "S-RECEIVED" },	  { 1, SHUTDOWN_ACK, "S-ACK-SENT" },
		{ 0, SHUTDOWN_COMPLETE, "CLOSED" },
	};
	const char *vip = v6 ? VIP6 : VIP4;
	uint16_t cport = v6 ? 40006 : 40004;

	for (size_t i = 0; i < sizeof(walk) / sizeof(walk[0]); i++) {
		struct pkt_spec s = chunk(v6, walk[i].reply, cport, walk[i].type);
		struct run r = send_spec(&s);

		if (walk[i].reply)
			expect_ports(&r, v6, NAT_PORT, cport);
		else
			expect_ports(&r, v6, cport, RS_PORT);
		assert_string_equal(state_of(cport, NULL), walk[i].state);
		assert_int_equal(active(vip, NAT_PORT), !strcmp(walk[i].state, "ESTABLISHED"));
	}
}

static void test_nat_walk_v4(void **state)
{
	(void)state;
	nat_walk(0);
}

static void test_nat_walk_v6(void **state)
{
	(void)state;
	nat_walk(1);
}

/* Direct routing sees the client alone: the input-only rows. */
static void test_dr_walk(void **state)
{
	static const struct {
		uint8_t type;
		const char *state;
		uint32_t timeout;
	} walk[] = {
		{ INIT, "INIT1", 4 },	     { COOKIE_ECHO, "ESTABLISHED", 900 }, { DATA, "ESTABLISHED", 900 },
		{ SHUTDOWN, "S-RECEIVED", 61 }, { SHUTDOWN_COMPLETE, "CLOSED", 61 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(walk) / sizeof(walk[0]); i++) {
		struct pkt_spec s = dr_chunk(41000, walk[i].type);
		uint32_t expires = 0;
		uint8_t in[PKT_MAX];
		size_t len = pkt_build(&s, in);
		struct run r = run_frame(in, len);

		assert_int_equal(r.action, XDP_TX);
		/* untouched but for the MACs */
		assert_memory_equal(r.out + 12, in + 12, len - 12);
		assert_string_equal(state_of(41000, &expires), walk[i].state);
		assert_true(expires >= walk[i].timeout - 1 && expires <= walk[i].timeout);
	}
}

/* IPVS schedules on an INIT only; sloppy_sctp on any chunk but ABORT. */
static void test_init_schedules(void **state)
{
	struct pkt_spec data = dr_chunk(42000, DATA), abort_ = dr_chunk(42001, ABORT);
	uint64_t before = reason(XVS_R_PASS_NOT_SYN);

	(void)state;
	assert_int_equal(sent_to_rs(&data, NULL, 2), RS_PASSED);
	assert_int_equal(reason(XVS_R_PASS_NOT_SYN), before + 1);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SLOPPY_SCTP, 1), 0);
	assert_true(sent_to_rs(&data, NULL, 2) >= 0);
	assert_string_equal(state_of(42000, NULL), "ESTABLISHED"); /* input-only DATA from NONE */
	assert_int_equal(sent_to_rs(&abort_, NULL, 2), RS_PASSED);
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_SLOPPY_SCTP, 0), 0);
}

/* A COOKIE-ECHO with an ABORT bundled after it counts as the ABORT. */
static void test_bundled_abort(void **state)
{
	struct pkt_spec s = chunk(0, 0, 43000, INIT);
	struct run r = send_spec(&s);

	(void)state;
	expect_ports(&r, 0, 43000, RS_PORT);
	s = chunk(0, 1, 43000, INIT_ACK);
	r = send_spec(&s);
	expect_ports(&r, 0, NAT_PORT, 43000);
	s = chunk(0, 0, 43000, COOKIE_ECHO);
	s.chunk2 = ABORT;
	r = send_spec(&s);
	expect_ports(&r, 0, 43000, RS_PORT);
	assert_string_equal(state_of(43000, NULL), "CLOSED");
}

/* A checksum that was wrong stays wrong: the real server still drops it. */
static void test_bad_crc_stays_bad(void **state)
{
	struct pkt_spec s = chunk(0, 0, 43500, INIT);
	uint8_t in[PKT_MAX];
	size_t len = pkt_build(&s, in);
	struct run r;

	(void)state;
	in[14 + 20 + 8] ^= 0x40;
	r = run_frame(in, len);
	assert_int_equal(r.action, XDP_TX);
	assert_false(pkt_sctp_crc_ok(r.out, 0));
}

/*
 * A deleted real server's client gets an ABORT from the virtual service
 * with its own tag reflected (T bit), checksum right; its next INIT goes
 * to the server that is left.
 */
static void test_deleted_server_abort(void **state)
{
	static const uint8_t vip_to_client[8] = { 192, 0, 2, 70, 192, 0, 2, 100 };
	struct xvs_service svc = service(IPPROTO_SCTP, VIP4, DR_PORT, "rr");
	struct xvs_dest_cfg gone;
	struct pkt_spec init = dr_chunk(44000, INIT), data = dr_chunk(44000, DATA);
	uint64_t before = reason(XVS_R_RESET_DEST_GONE);
	const uint8_t *l4;
	int rs = sent_to_rs(&init, NULL, 2);
	struct run r;

	(void)state;
	assert_true(rs >= 0);
	gone = dest(rs ? DR2 : DR1, DR_PORT, XVS_FWD_DROUTE, 1);
	assert_int_equal(xvs_del_dest(ctx, &svc, &gone), 0);
	r = send_spec(&data);
	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out_len, 14 + 20 + 16);
	assert_memory_equal(r.out, pkt_client_mac, 6);
	assert_memory_equal(r.out + 14 + 12, vip_to_client, sizeof(vip_to_client));
	l4 = r.out + 14 + 20;
	assert_int_equal(l4[0] << 8 | l4[1], DR_PORT);
	assert_int_equal(l4[2] << 8 | l4[3], 44000);
	assert_int_equal((uint32_t)(l4[4] << 24 | l4[5] << 16 | l4[6] << 8 | l4[7]), data.vtag);
	assert_int_equal(l4[12], ABORT);
	assert_int_equal(l4[13], 1); /* T */
	assert_true(pkt_sctp_crc_ok(r.out, 0));
	assert_int_equal(reason(XVS_R_RESET_DEST_GONE), before + 1);
	assert_int_equal(sent_to_rs(&init, NULL, 2), !rs);
	gone.weight = 1;
	assert_int_equal(xvs_add_dest(ctx, &svc, &gone), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nat_walk_v4),	 cmocka_unit_test(test_nat_walk_v6),
		cmocka_unit_test(test_dr_walk),		 cmocka_unit_test(test_init_schedules),
		cmocka_unit_test(test_bundled_abort),	 cmocka_unit_test(test_bad_crc_stays_bad),
		cmocka_unit_test(test_deleted_server_abort),
	};

	return cmocka_run_group_tests(tests, setup, harness_down);
}
