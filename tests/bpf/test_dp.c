// SPDX-License-Identifier: GPL-2.0
/*
 * Data-plane packet tests: BPF_PROG_TEST_RUN on hand-built frames against a
 * data plane loaded by libxvs in a private network namespace.  Each row of
 * the tables is: input frame, expected XDP action, expected reason counter,
 * and for forwarded frames the real server's MAC with IP/L4 bytes untouched.
 * Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

#define VIP4 "192.0.2.50"
#define VIP6 "2001:db8::50"
#define CL4 "192.0.2.100"
#define CL6 "2001:db8::100"

static const uint8_t rs_mac[2][6] = { { 0x02, 0x5e, 0, 0, 0, 0x11 }, { 0x02, 0x5e, 0, 0, 0, 0x12 } };

static void svc_of(struct xvs_service *s, int v6)
{
	*s = service(IPPROTO_TCP, v6 ? VIP6 : VIP4, 80, "rr");
}

static void dest_of(struct xvs_dest_cfg *d, int v6, int n, int weight)
{
	char text[64];

	snprintf(text, sizeof(text), v6 ? "2001:db8::%d" : "192.0.2.%d", 11 + n);
	*d = dest(text, 80, XVS_FWD_DROUTE, weight);
}

/* A director in a private netns: one veth with permanent neighbours for
 * the two real servers, a v4 and a v6 rr service with both of them. */
static int setup(void **state)
{
	struct xvs_service s;
	struct xvs_dest_cfg d;

	(void)state;
	if (harness_up("test-dp", "for i in 11 12; do "
			"ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent && "
			"ip neigh add 2001:db8::$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done"))
		return -1;
	for (int v6 = 0; v6 < 2; v6++) {
		svc_of(&s, v6);
		if (xvs_add_service(ctx, &s))
			return -1;
		for (int n = 0; n < 2; n++) {
			dest_of(&d, v6, n, 1);
			if (xvs_add_dest(ctx, &s, &d))
				return -1;
		}
	}
	return 0;
}

/* Forward @s; assert XDP_TX with DR rewriting; return which RS (0/1). */
static int forwarded_to(const struct pkt_spec *s)
{
	uint8_t in[PKT_MAX];
	size_t len = pkt_build(s, in);
	struct run r = run_frame(in, len);
	int rs;

	assert_int_equal(r.action, XDP_TX);
	assert_int_equal(r.out_len, len);
	/* IP and L4 bytes identical, source MAC the director's interface. */
	assert_memory_equal(r.out + 12, in + 12, len - 12);
	assert_memory_equal(r.out + 6, if_mac, 6);
	for (rs = 0; rs < 2; rs++)
		if (!memcmp(r.out, rs_mac[rs], 6))
			return rs;
	fail_msg("destination MAC is no real server's");
	return -1;
}

static struct pkt_spec tcp(int v6, uint16_t sport, uint8_t flags)
{
	struct pkt_spec s = P(v6, IPPROTO_TCP, v6 ? CL6 : CL4, v6 ? VIP6 : VIP4, sport, 80, flags);
	return s;
}

/* A SYN leaves with a real server's MAC, the flow sticks, rr alternates
 * newest first (IPVS's list order). */
static void flow_and_rr(int v6)
{
	struct pkt_spec syn1 = tcp(v6, 40001, 0x02), ack1 = tcp(v6, 40001, 0x10);
	struct pkt_spec syn2 = tcp(v6, 40002, 0x02), syn3 = tcp(v6, 40003, 0x02);
	int first = forwarded_to(&syn1);

	assert_int_equal(first, 1); /* 2001:db8::12 / 192.0.2.12 was added last */
	assert_int_equal(forwarded_to(&ack1), first);
	assert_int_equal(forwarded_to(&ack1), first);
	assert_int_equal(forwarded_to(&syn2), 0);
	assert_int_equal(forwarded_to(&syn3), 1);
	assert_int_equal(forwarded_to(&ack1), first);
}

static void test_v4_syn_forwarded_and_sticky(void **state)
{
	(void)state;
	flow_and_rr(0);
}

static void test_v6_syn_forwarded_and_sticky(void **state)
{
	(void)state;
	flow_and_rr(1);
}

struct row {
	const char *name;
	struct pkt_spec spec;
	int cut;            /* >0: truncate the frame to this many bytes */
	int ihl;            /* !0: override the IPv4 header length field */
	int doff;           /* !0: override the TCP data offset */
	int bad_version;
	int frag;           /* IPv4 frag_off field */
	int action;
	enum xvs_reason reason;
};

#define ROW(name_, spec_, action_, reason_, ...) \
	{ .name = name_, .spec = spec_, .action = action_, .reason = reason_, __VA_ARGS__ }
#define T4(d_, sp_, dp_, fl_) P(0, IPPROTO_TCP, CL4, d_, sp_, dp_, fl_)
#define T6(d_, sp_, dp_, fl_) P(1, IPPROTO_TCP, CL6, d_, sp_, dp_, fl_)

static const struct row rows[] = {
	ROW("v4 other address passes", T4("192.0.2.2", 40100, 80, 0x02), XDP_PASS, XVS_R_PASS_NOT_SERVICE),
	ROW("v4 VIP other port passes", T4(VIP4, 40101, 22, 0x02), XDP_PASS, XVS_R_PASS_NOT_SERVICE),
	ROW("v4 UDP to VIP:80 passes", P(0, IPPROTO_UDP, CL4, VIP4, 40102, 80, 0), XDP_PASS,
	    XVS_R_PASS_NOT_SERVICE),
	ROW("v4 ICMP to VIP passes", P(0, IPPROTO_ICMP, CL4, VIP4, 0, 0, 0), XDP_PASS, XVS_R_PASS_L4_OTHER),
	ROW("v4 ACK without connection passes", T4(VIP4, 40103, 80, 0x10), XDP_PASS, XVS_R_PASS_NOT_SYN),
	ROW("v4 first fragment to service dropped", T4(VIP4, 40104, 80, 0x02), XDP_DROP, XVS_R_DROP_FRAGMENT,
	    .frag = 0x2000),
	ROW("v4 later fragment passes", T4(VIP4, 40111, 80, 0x02), XDP_PASS, XVS_R_PASS_FRAGMENT, .frag = 0x00b9),
	ROW("Ethernet header only", T4(VIP4, 40105, 80, 0x02), XDP_DROP, XVS_R_DROP_TRUNCATED, .cut = 14),
	ROW("v4 header cut", T4(VIP4, 40106, 80, 0x02), XDP_DROP, XVS_R_DROP_TRUNCATED, .cut = 14 + 12),
	ROW("v4 TCP header cut", T4(VIP4, 40107, 80, 0x02), XDP_DROP, XVS_R_DROP_TRUNCATED, .cut = 14 + 20 + 10),
	ROW("v4 ihl below 5", T4(VIP4, 40108, 80, 0x02), XDP_DROP, XVS_R_DROP_BAD_IP, .ihl = 4),
	ROW("v4 bad version", T4(VIP4, 40109, 80, 0x02), XDP_DROP, XVS_R_DROP_BAD_IP, .bad_version = 1),
	ROW("v4 TCP doff below 5", T4(VIP4, 40110, 80, 0x02), XDP_DROP, XVS_R_DROP_BAD_L4, .doff = 3),
	ROW("v6 other address passes", T6("2001:db8::2", 40120, 80, 0x02), XDP_PASS, XVS_R_PASS_NOT_SERVICE),
	ROW("v6 ICMPv6 to VIP passes", P(1, IPPROTO_ICMP, CL6, VIP6, 0, 0, 0), XDP_PASS, XVS_R_PASS_L4_OTHER),
	ROW("v6 ACK without connection passes", T6(VIP6, 40121, 80, 0x10), XDP_PASS, XVS_R_PASS_NOT_SYN),
	ROW("v6 header cut", T6(VIP6, 40122, 80, 0x02), XDP_DROP, XVS_R_DROP_TRUNCATED, .cut = 14 + 30),
	ROW("v6 TCP header cut", T6(VIP6, 40123, 80, 0x02), XDP_DROP, XVS_R_DROP_TRUNCATED, .cut = 14 + 40 + 8),
	ROW("v6 bad version", T6(VIP6, 40124, 80, 0x02), XDP_DROP, XVS_R_DROP_BAD_IP, .bad_version = 1),
	ROW("v6 TCP doff below 5", T6(VIP6, 40125, 80, 0x02), XDP_DROP, XVS_R_DROP_BAD_L4, .doff = 3),
};

static void apply_row(const struct row *r, uint8_t *f)
{
	size_t l3 = 14, l4 = r->spec.v6 ? 14 + 40 : 14 + 20;

	if (r->ihl)
		f[l3] = (f[l3] & 0xf0) | r->ihl;
	if (r->bad_version)
		f[l3] = (f[l3] & 0x0f) | (r->spec.v6 ? 0x40 : 0x60);
	if (r->doff)
		f[l4 + 12] = r->doff << 4;
}

static void test_pass_and_drop_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		uint8_t f[PKT_MAX];
		struct pkt_spec spec = r->spec;
		size_t len;
		uint64_t before = reason(r->reason);
		struct run out;

		spec.frag_off = r->frag;
		len = pkt_build(&spec, f);
		apply_row(r, f);
		if (r->cut)
			len = r->cut;
		out = run_frame(f, len);
		if (getenv("XVS_TEST_DEBUG"))
			for (int k = 0; k < XVS_R_MAX; k++)
				print_message("%s=%llu\n", xvs_reason_name(k), (unsigned long long)reason(k));
		if (out.action != r->action || reason(r->reason) != before + 1)
			fail_msg("%s: action %d (want %d), %s %llu -> %llu", r->name, out.action, r->action,
				 xvs_reason_name(r->reason), (unsigned long long)before,
				 (unsigned long long)reason(r->reason));
		/* Anything passed to the kernel is untouched. */
		if (r->action == XDP_PASS)
			assert_memory_equal(out.out, f, len);
	}
}

/* Weight 0: the server keeps its connections and gets no new ones. */
static void test_weight0_quiesces(void **state)
{
	struct pkt_spec syn = tcp(0, 41000, 0x02), ack = tcp(0, 41000, 0x10);
	struct xvs_service s;
	struct xvs_dest_cfg d;
	int rs = forwarded_to(&syn);

	(void)state;
	svc_of(&s, 0);
	dest_of(&d, 0, rs, 0);
	assert_int_equal(xvs_edit_dest(ctx, &s, &d), 0);
	assert_int_equal(forwarded_to(&ack), rs);
	for (int i = 1; i <= 6; i++) {
		struct pkt_spec n = tcp(0, 41000 + i, 0x02);

		assert_int_equal(forwarded_to(&n), !rs);
	}
	dest_of(&d, 0, rs, 1);
	assert_int_equal(xvs_edit_dest(ctx, &s, &d), 0);
}

/* A TCP reset from the VIP to the client, answering @in (ACK set: seq = its ack). */
static void assert_reset(const struct run *r, const uint8_t *in, int v6)
{
	int ipl = v6 ? 40 : 20;
	const uint8_t *th = r->out + 14 + ipl, *ith = in + 14 + ipl;

	assert_int_equal(r->action, XDP_TX);
	assert_int_equal(r->out_len, 14 + ipl + 20);
	assert_memory_equal(r->out, in + 6, 6); /* back to the client's MAC */
	if (v6) {
		assert_memory_equal(r->out + 14 + 8, in + 14 + 24, 16);
		assert_memory_equal(r->out + 14 + 24, in + 14 + 8, 16);
	} else {
		assert_memory_equal(r->out + 14 + 12, in + 14 + 16, 4);
		assert_memory_equal(r->out + 14 + 16, in + 14 + 12, 4);
		assert_int_equal(pkt_csum(r->out + 14, 20), 0);
	}
	assert_memory_equal(th, ith + 2, 2); /* ports swapped */
	assert_memory_equal(th + 2, ith, 2);
	assert_memory_equal(th + 4, ith + 8, 4); /* seq = the packet's ack */
	assert_int_equal(th[13], 0x04);
	assert_int_equal(pkt_l4_sum(r->out, v6), 0xffff);
}

static void set_sysctl(const char *name, uint32_t v)
{
	assert_int_equal(xvs_set_sysctl(ctx, xvs_sysctl_index(name), v), 0);
}

/*
 * Deleting a real server: new connections go to the others at once.  Its
 * clients' next packet gets a TCP reset and the entry goes (xvs's default,
 * nodest_reset); IPVS's behaviours remain: drop until the entry times out
 * (expire_nodest_conn 0), or end the entry and hand a non-SYN to the host
 * stack while a SYN is rescheduled (expire_nodest_conn 1).  A reused slot's
 * counts start at 0.
 */
static void deleted_dest(int v6, uint16_t port)
{
	struct pkt_spec syn = tcp(v6, port, 0x02), ack = tcp(v6, port, 0x10), rst = tcp(v6, port, 0x04);
	struct pkt_spec syn2 = tcp(v6, port + 1, 0x02), ack2 = tcp(v6, port + 1, 0x10);
	struct pkt_spec syn3 = tcp(v6, port + 2, 0x02), ack3 = tcp(v6, port + 2, 0x10);
	struct xvs_service s;
	struct xvs_dest_cfg d;
	uint8_t f[PKT_MAX];
	uint64_t before;
	struct run r;
	int rs = forwarded_to(&syn);
	struct pkt_spec other = tcp(v6, port + 10, 0x02), other2 = tcp(v6, port + 11, 0x02);

	/* three connections on the same server: rr alternates */
	assert_int_equal(forwarded_to(&other), !rs);
	assert_int_equal(forwarded_to(&syn2), rs);
	assert_int_equal(forwarded_to(&other2), !rs);
	assert_int_equal(forwarded_to(&syn3), rs);
	svc_of(&s, v6);
	dest_of(&d, v6, rs, 1);
	assert_int_equal(xvs_del_dest(ctx, &s, &d), 0);

	before = reason(XVS_R_RESET_DEST_GONE);
	r = run_frame(f, pkt_build(&ack, f));
	assert_reset(&r, f, v6);
	assert_int_equal(reason(XVS_R_RESET_DEST_GONE), before + 1);
	/* packets still in flight get resets too: one whose seq the client
	 * refuses draws a challenge ACK, answered with that ACK's number */
	r = run_frame(f, pkt_build(&ack, f));
	assert_reset(&r, f, v6);
	assert_int_equal(reason(XVS_R_RESET_DEST_GONE), before + 2);
	/* the client's own reset ends the entry */
	assert_int_equal(run_frame(f, pkt_build(&rst, f)).action, XDP_DROP);
	assert_int_equal(run_frame(f, pkt_build(&ack, f)).action, XDP_PASS);

	set_sysctl("nodest_reset", 0);
	before = reason(XVS_R_DROP_DEST_GONE);
	assert_int_equal(run_frame(f, pkt_build(&ack2, f)).action, XDP_DROP);
	assert_int_equal(run_frame(f, pkt_build(&ack2, f)).action, XDP_DROP);
	assert_int_equal(reason(XVS_R_DROP_DEST_GONE), before + 2);

	set_sysctl("expire_nodest_conn", 1);
	assert_int_equal(run_frame(f, pkt_build(&ack2, f)).action, XDP_PASS);
	assert_int_equal(forwarded_to(&syn3), !rs); /* rescheduled */
	assert_int_equal(forwarded_to(&ack3), !rs);
	set_sysctl("expire_nodest_conn", 0);
	set_sysctl("nodest_reset", 1);

	for (int i = 1; i <= 4; i++) {
		struct pkt_spec n = tcp(v6, port + 20 + i, 0x02);

		assert_int_equal(forwarded_to(&n), !rs);
	}
	assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
}

static void test_deleted_dest(void **state)
{
	(void)state;
	deleted_dest(0, 42000);
	deleted_dest(1, 42100);
}

/* Active/inactive counts follow IPVS's input-only TCP states. */
static void test_counts_follow_states(void **state)
{
	struct pkt_spec syn = tcp(0, 43000, 0x02), fin = tcp(0, 43000, 0x11);
	struct xvs_dest_entry *de;
	struct xvs_service s;
	uint32_t act[2], inact[2];
	size_t n;
	int rs;

	(void)state;
	svc_of(&s, 0);
	assert_int_equal(xvs_get_dests(ctx, &s, &de, &n), 0);
	for (size_t i = 0; i < n; i++) {
		act[i] = de[i].activeconns;
		inact[i] = de[i].inactconns;
	}
	free(de);
	rs = forwarded_to(&syn);
	/* list order is newest first: slot for .12 is entry 0 */
	assert_int_equal(xvs_get_dests(ctx, &s, &de, &n), 0);
	for (size_t i = 0; i < n; i++) {
		int is_rs = (xvs_addr_is_v4(&de[i].dest.addr) && de[i].dest.addr.b[15] == 11 + rs);

		assert_int_equal(de[i].activeconns, act[i] + is_rs);
	}
	free(de);
	assert_int_equal(forwarded_to(&fin), rs); /* SYN_RECV + FIN -> TIME_WAIT: inactive */
	assert_int_equal(xvs_get_dests(ctx, &s, &de, &n), 0);
	for (size_t i = 0; i < n; i++) {
		int is_rs = de[i].dest.addr.b[15] == 11 + rs;

		assert_int_equal(de[i].activeconns, act[i]);
		assert_int_equal(de[i].inactconns, inact[i] + is_rs);
	}
	free(de);
}

/* "Local": a real server that is the director itself gets the packet, as
 * the client sent it, through the host stack; a port-mapped one cannot. */
static void test_local_real_server(void **state)
{
	struct xvs_service s = service(IPPROTO_TCP, "192.0.2.80", 80, "rr");
	struct xvs_dest_cfg d = dest("192.0.2.2", 80, XVS_FWD_DROUTE, 1);
	struct xvs_dest_cfg mapped = dest("192.0.2.2", 8080, XVS_FWD_MASQ, 1);
	struct pkt_spec syn = P(0, IPPROTO_TCP, CL4, "192.0.2.80", 44000, 80, 0x02);
	struct xvs_service_entry e;
	uint8_t f[PKT_MAX];
	size_t len = pkt_build(&syn, f);
	uint64_t before;
	struct run r;

	(void)state;
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &mapped), -EOPNOTSUPP);
	assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	before = reason(XVS_R_LOCAL);
	r = run_frame(f, len);
	assert_int_equal(r.action, XDP_PASS);
	assert_memory_equal(r.out, f, len);
	assert_int_equal(reason(XVS_R_LOCAL), before + 1);
	assert_int_equal(xvs_get_service(ctx, &s, &e), 0);
	assert_int_equal(e.stats.conns, 1);
	assert_int_equal(xvs_del_service(ctx, &s), 0);
}

/* An ICMP error about a real server's packet (VIP:80 -> client) reaches the
 * director, which owns the VIP, and goes on unchanged to that real server;
 * one about no connection is the kernel's. */
static void test_icmp_error_to_owner(void **state)
{
	struct pkt_spec syn = tcp(0, 45500, 0x02);
	struct pkt_spec quoted = P(0, IPPROTO_TCP, VIP4, CL4, 80, 45500, 0x18);
	uint8_t f[PKT_MAX];
	size_t len;
	int rs = forwarded_to(&syn);
	struct run r;

	(void)state;
	len = pkt_icmp_error(&quoted, 3, 4, 1400, "192.0.2.254", VIP4, f);
	r = run_frame(f, len);
	assert_int_equal(r.action, XDP_TX);
	assert_memory_equal(r.out, rs_mac[rs], 6);
	assert_memory_equal(r.out + 12, f + 12, len - 12);
	quoted.dport = 45501;
	len = pkt_icmp_error(&quoted, 3, 4, 1400, "192.0.2.254", VIP4, f);
	assert_int_equal(run_frame(f, len).action, XDP_PASS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_syn_forwarded_and_sticky),
		cmocka_unit_test(test_v6_syn_forwarded_and_sticky),
		cmocka_unit_test(test_pass_and_drop_table),
		cmocka_unit_test(test_weight0_quiesces),
		cmocka_unit_test(test_deleted_dest),
		cmocka_unit_test(test_counts_follow_states),
		cmocka_unit_test(test_local_real_server),
		cmocka_unit_test(test_icmp_error_to_owner),
	};

	return cmocka_run_group_tests_name("bpf data plane", tests, setup, harness_down);
}
