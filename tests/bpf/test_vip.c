// SPDX-License-Identifier: GPL-2.0
/*
 * VIP ownership (bpf/vip.h) on real packets (BPF_PROG_TEST_RUN): a VIP
 * with no entry, a live one (held, lease running or none) and its
 * services balanced as ever; a backup one's services passed to the host
 * unbalanced; a fenced one (held, lease run out) silent, ARP and neighbour
 * solicitations for it included; the flag that keeps all of it off the
 * packet path of a director without VRRP.  Each row of the table is: the
 * VIP's entry, the frame, the XDP action, the one reason counted.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"

#define VIP4 "192.0.2.50"
#define VIP6 "2001:db8::50"
#define CL4 "192.0.2.100"
#define CL6 "2001:db8::100"
#define NRS 2

static const uint8_t other_dir_mac[6] = { 0x02, 0xdd, 0, 0, 0, 0x99 };

/* Two real servers (192.0.2.11-12 / 2001:db8::11-12, DR) behind TCP
 * VIP4:80 and VIP6:80, rr. */
static int add_services(void)
{
	for (int v6 = 0; v6 < 2; v6++) {
		struct xvs_service s = service(IPPROTO_TCP, v6 ? VIP6 : VIP4, 80, "rr");

		if (xvs_add_service(ctx, &s))
			return -1;
		for (int n = 0; n < NRS; n++) {
			struct xvs_dest_cfg d = dest(rs_addr(v6, n), 80, XVS_FWD_DROUTE, 1);

			if (xvs_add_dest(ctx, &s, &d))
				return -1;
		}
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (harness_up("test-vip", "for i in 11 12; do "
				   "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent && "
				   "ip neigh add 2001:db8::$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done"))
		return -1;
	return add_services();
}

/* No VIP entry left, and no connection: each case starts as a director
 * without VRRP. */
static int reset(void **state)
{
	struct xvs_vip_entry *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(xvs_get_vips(ctx, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(xvs_del_vip(ctx, v[i].af, &v[i].addr), 0);
	free(v);
	clear_conns();
	return 0;
}

/* The VIP's entry a row starts from. */
enum vip_is {
	NO_ENTRY,
	LIVE,     /* held, lease a minute ahead */
	FOREVER,  /* held, XVS_LEASE_FOREVER */
	FENCED,   /* held, lease run out a second ago (the data plane's clock
		   * lags by up to a tick) */
	BACKUP,   /* not held */
};

static void set_vip(const char *text, enum vip_is is)
{
	uint64_t now = xvs_monotonic_ns();
	union xvs_addr a;
	int af = text_addr(text, &a);

	switch (is) {
	case NO_ENTRY:
		break;
	case LIVE:
		assert_int_equal(xvs_set_vip(ctx, af, &a, true, now + 60 * 1000000000ULL), 0);
		break;
	case FOREVER:
		assert_int_equal(xvs_set_vip(ctx, af, &a, true, XVS_LEASE_FOREVER), 0);
		break;
	case FENCED:
		assert_int_equal(xvs_set_vip(ctx, af, &a, true, now - 1000000000ULL), 0);
		break;
	case BACKUP:
		assert_int_equal(xvs_set_vip(ctx, af, &a, false, XVS_LEASE_FOREVER), 0);
		break;
	}
}

/* The frame of a row, about address @addr (of either family). */
enum frame {
	SVC,       /* TCP SYN to addr:80, a service */
	OTHER,     /* TCP SYN to addr:81, no service */
	PING,      /* ICMP (ICMPv6) echo request to addr */
	ARP_REQ,   /* ARP request for addr from the client */
	ARP_802,   /* the same, hardware type IEEE 802 (Linux answers it too) */
	ARP_GRAT,  /* gratuitous ARP request for addr from another director */
	ARP_REPLY, /* ARP reply from addr, from another director */
	NS,        /* neighbour solicitation for addr */
};

static size_t build(enum frame f, const char *addr, uint8_t *buf)
{
	static uint16_t sport = 40000;
	int v6 = strchr(addr, ':') != NULL;
	const char *cl = v6 ? CL6 : CL4;
	struct pkt_spec s = P(v6, IPPROTO_TCP, cl, addr, sport++, 80, 0x02);

	switch (f) {
	case SVC:
		return pkt_build(&s, buf);
	case OTHER:
		s.dport = 81;
		return pkt_build(&s, buf);
	case PING:
		s.proto = IPPROTO_ICMP;
		return pkt_build(&s, buf);
	case ARP_REQ:
		return pkt_arp(1, pkt_client_mac, CL4, addr, buf);
	case ARP_802: {
		size_t len = pkt_arp(1, pkt_client_mac, CL4, addr, buf);

		buf[14 + 1] = 6;
		return len;
	}
	case ARP_GRAT:
		return pkt_arp(1, other_dir_mac, addr, addr, buf);
	case ARP_REPLY:
		return pkt_arp(2, other_dir_mac, addr, "192.0.2.2", buf);
	case NS: {
		size_t len = pkt_ns(CL6, addr, buf);

		assert_true(pkt_icmp_ok(buf, 1));
		return len;
	}
	}
	return 0;
}

#define NONE XVS_R_MAX /* no reason counted: forwarded */

struct row {
	const char *name;
	const char *vip; /* the VIP whose entry the row sets */
	enum vip_is is;
	enum frame frame;
	const char *addr; /* the frame's destination, or ARP/NS target */
	int action;
	enum xvs_reason reason;
};

static const struct row rows[] = {
	{ "no entry: balanced as ever", VIP4, NO_ENTRY, SVC, VIP4, XDP_TX, NONE },
	{ "live: balanced", VIP4, LIVE, SVC, VIP4, XDP_TX, NONE },
	{ "held without lease: balanced", VIP4, FOREVER, SVC, VIP4, XDP_TX, NONE },
	{ "fenced: dropped", VIP4, FENCED, SVC, VIP4, XDP_DROP, XVS_R_DROP_FENCED },
	{ "backup: to the host", VIP4, BACKUP, SVC, VIP4, XDP_PASS, XVS_R_PASS_NOT_OWNER },
	{ "fenced, other port: dropped", VIP4, FENCED, OTHER, VIP4, XDP_DROP, XVS_R_DROP_FENCED },
	{ "fenced, ping: dropped", VIP4, FENCED, PING, VIP4, XDP_DROP, XVS_R_DROP_FENCED },
	{ "backup, other port: passes as ever", VIP4, BACKUP, OTHER, VIP4, XDP_PASS, XVS_R_PASS_NOT_SERVICE },
	{ "backup, ping: passes as ever", VIP4, BACKUP, PING, VIP4, XDP_PASS, XVS_R_PASS_L4_OTHER },
	{ "fenced VIP, other address: as ever", VIP4, FENCED, SVC, "192.0.2.2", XDP_PASS, XVS_R_PASS_NOT_SERVICE },
	{ "ARP for a fenced VIP: dropped", VIP4, FENCED, ARP_REQ, VIP4, XDP_DROP, XVS_R_DROP_VIP_ARP },
	{ "ARP for a backup VIP: dropped", VIP4, BACKUP, ARP_REQ, VIP4, XDP_DROP, XVS_R_DROP_VIP_ARP },
	{ "IEEE 802 ARP for a backup VIP: dropped", VIP4, BACKUP, ARP_802, VIP4, XDP_DROP, XVS_R_DROP_VIP_ARP },
	{ "gratuitous ARP for a backup VIP: dropped", VIP4, BACKUP, ARP_GRAT, VIP4, XDP_DROP, XVS_R_DROP_VIP_ARP },
	{ "ARP for a live VIP: passes", VIP4, LIVE, ARP_REQ, VIP4, XDP_PASS, XVS_R_PASS_NOT_IP },
	{ "ARP for a VIP without entry: passes", VIP4, NO_ENTRY, ARP_REQ, VIP4, XDP_PASS, XVS_R_PASS_NOT_IP },
	{ "ARP for another address: passes", VIP4, BACKUP, ARP_REQ, "192.0.2.2", XDP_PASS, XVS_R_PASS_NOT_IP },
	{ "ARP reply from a backup VIP: passes", VIP4, BACKUP, ARP_REPLY, VIP4, XDP_PASS, XVS_R_PASS_NOT_IP },
	{ "v6 live: balanced", VIP6, LIVE, SVC, VIP6, XDP_TX, NONE },
	{ "v6 held without lease: balanced", VIP6, FOREVER, SVC, VIP6, XDP_TX, NONE },
	{ "v6 fenced: dropped", VIP6, FENCED, SVC, VIP6, XDP_DROP, XVS_R_DROP_FENCED },
	{ "v6 fenced, other port: dropped", VIP6, FENCED, OTHER, VIP6, XDP_DROP, XVS_R_DROP_FENCED },
	{ "v6 backup: to the host", VIP6, BACKUP, SVC, VIP6, XDP_PASS, XVS_R_PASS_NOT_OWNER },
	{ "v6 backup, other port: passes as ever", VIP6, BACKUP, OTHER, VIP6, XDP_PASS, XVS_R_PASS_NOT_SERVICE },
	{ "NS for a backup VIP: dropped", VIP6, BACKUP, NS, VIP6, XDP_DROP, XVS_R_DROP_VIP_ARP },
	{ "NS for a fenced VIP: dropped", VIP6, FENCED, NS, VIP6, XDP_DROP, XVS_R_DROP_VIP_ARP },
	{ "NS for a live VIP: passes", VIP6, LIVE, NS, VIP6, XDP_PASS, XVS_R_PASS_L4_OTHER },
	{ "NS for another target: passes", VIP6, BACKUP, NS, "2001:db8::2", XDP_PASS, XVS_R_PASS_L4_OTHER },
	{ "v4 entry leaves v6 alone", VIP4, FENCED, SVC, VIP6, XDP_TX, NONE },
	{ "v6 entry leaves ARP alone", VIP6, FENCED, ARP_REQ, VIP4, XDP_PASS, XVS_R_PASS_NOT_IP },
};

/* Whether frame @r left for a real server's MAC from the director's. */
static int to_rs(const struct run *r)
{
	return r->action == XDP_TX && !memcmp(r->out, "\x02\x5e\0\0\0", 5) && r->out[5] >= 0x11 &&
	       r->out[5] < 0x11 + NRS && !memcmp(r->out + 6, if_mac, 6);
}

static int vip_reason(int k)
{
	return k == XVS_R_PASS_NOT_OWNER || k == XVS_R_DROP_FENCED || k == XVS_R_DROP_VIP_ARP;
}

/*
 * Run @f; fail unless its action is @action and @why was counted (nothing,
 * for NONE), naming case @name.  The VIP reasons must not move otherwise;
 * the others may: the kernel's own packets on the veth (MLD, DAD) meet the
 * data plane too.
 */
static void expect(const char *name, const uint8_t *f, size_t len, int action, enum xvs_reason why)
{
	uint64_t before[XVS_R_MAX], after[XVS_R_MAX];
	struct run out;

	assert_int_equal(xvs_get_reasons(ctx, before), 0);
	out = run_frame(f, len);
	assert_int_equal(xvs_get_reasons(ctx, after), 0);
	if (out.action != action || (action == XDP_TX && !to_rs(&out)))
		fail_msg("%s: action %d, want %d", name, out.action, action);
	for (int k = 0; k < XVS_R_MAX; k++)
		if ((k == (int)why && after[k] == before[k]) ||
		    (k != (int)why && vip_reason(k) && after[k] != before[k]))
			fail_msg("%s: %s moved by %llu", name, xvs_reason_name(k),
				 (unsigned long long)(after[k] - before[k]));
	/* what goes to the kernel is untouched */
	if (action == XDP_PASS)
		assert_memory_equal(out.out, f, len);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		uint8_t f[PKT_MAX];
		size_t len;

		reset(NULL);
		set_vip(r->vip, r->is);
		len = build(r->frame, r->addr, f);
		expect(r->name, f, len, r->action, r->reason);
	}
}

/* The lease runs out with no one doing anything: balanced, then dropped;
 * renewed, balanced again. */
static void test_lease_runs_out(void **state)
{
	struct timespec ms300 = { 0, 300 * 1000000L };
	union xvs_addr a;
	uint8_t f[PKT_MAX];
	int af = text_addr(VIP4, &a);

	(void)state;
	assert_int_equal(xvs_set_vip(ctx, af, &a, true, xvs_monotonic_ns() + 200 * 1000000ULL), 0);
	expect("lease running", f, build(SVC, VIP4, f), XDP_TX, NONE);
	nanosleep(&ms300, NULL);
	expect("lease run out", f, build(SVC, VIP4, f), XDP_DROP, XVS_R_DROP_FENCED);
	expect("lease run out, ARP", f, build(ARP_REQ, VIP4, f), XDP_DROP, XVS_R_DROP_VIP_ARP);
	assert_int_equal(xvs_set_vip(ctx, af, &a, true, xvs_monotonic_ns() + 60 * 1000000000ULL), 0);
	expect("lease renewed", f, build(SVC, VIP4, f), XDP_TX, NONE);
}

/* A backup does not follow the master's connections: a flow balanced
 * while live goes to the host once backup, and so does an ICMP error
 * about it (live, the error goes on to the flow's real server). */
static void test_backup_keeps_off_connections(void **state)
{
	struct pkt_spec syn = P(0, IPPROTO_TCP, CL4, VIP4, 41000, 80, 0x02);
	struct pkt_spec ack = P(0, IPPROTO_TCP, CL4, VIP4, 41000, 80, 0x10);
	struct pkt_spec reply = P(0, IPPROTO_TCP, VIP4, CL4, 80, 41000, 0x10);
	uint8_t f[PKT_MAX];
	union xvs_addr a;
	int af = text_addr(VIP4, &a);
	size_t len;

	(void)state;
	set_vip(VIP4, LIVE);
	expect("live SYN", f, pkt_build(&syn, f), XDP_TX, NONE);
	assert_int_equal(xvs_set_vip(ctx, af, &a, false, XVS_LEASE_FOREVER), 0);
	expect("backup, the flow's ACK", f, pkt_build(&ack, f), XDP_PASS, XVS_R_PASS_NOT_OWNER);
	/* fragmentation needed, from a router on the way to the client */
	len = pkt_icmp_error(&reply, 3, 4, 1400, "192.0.2.1", VIP4, f);
	expect("backup, ICMP error about the flow", f, len, XDP_PASS, XVS_R_PASS_L4_OTHER);
	set_vip(VIP4, LIVE);
	expect("live, ICMP error about the flow", f, len, XDP_TX, XVS_R_ICMP_RELATED);
}

/* A mark service's VIP is the packet's destination address. */
static void test_mark_service(void **state)
{
	struct xvs_service m;
	struct xvs_mark_spec rule;
	uint8_t f[PKT_MAX];

	(void)state;
	memset(&m, 0, sizeof(m));
	m.fwmark = 7;
	m.af = AF_INET;
	m.protocol = IPPROTO_TCP;
	m.netmask = 0xffffffff;
	snprintf(m.sched_name, sizeof(m.sched_name), "rr");
	assert_int_equal(xvs_add_service(ctx, &m), 0);
	for (int n = 0; n < NRS; n++) {
		struct xvs_dest_cfg d = dest(rs_addr(0, n), 0, XVS_FWD_DROUTE, 1);

		assert_int_equal(xvs_add_dest(ctx, &m, &d), 0);
	}
	memset(&rule, 0, sizeof(rule));
	rule.af = text_addr("192.0.2.60", &rule.addr);
	rule.plen = 32;
	rule.rule.mark = 7;
	rule.rule.port_hi = 65535;
	assert_int_equal(xvs_add_mark_rule(ctx, &rule), 0);
	expect("mark, no entry", f, build(OTHER, "192.0.2.60", f), XDP_TX, NONE);
	set_vip("192.0.2.60", BACKUP);
	expect("mark, backup", f, build(OTHER, "192.0.2.60", f), XDP_PASS, XVS_R_PASS_NOT_OWNER);
	set_vip("192.0.2.60", FENCED);
	expect("mark, fenced", f, build(OTHER, "192.0.2.60", f), XDP_DROP, XVS_R_DROP_FENCED);
	set_vip("192.0.2.60", LIVE);
	expect("mark, live", f, build(OTHER, "192.0.2.60", f), XDP_TX, NONE);
	assert_int_equal(xvs_del_mark_rule(ctx, &rule), 0);
	assert_int_equal(xvs_del_service(ctx, &m), 0);
}

static uint32_t cfg_flags(void)
{
	struct xvs_config cfg;
	uint32_t zero = 0;

	assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg), 0);
	return cfg.flags;
}

/*
 * XVS_CFG_F_VIPS is set exactly while there are entries; deleting the last
 * one brings today's behaviour back.  With the flag off, entries are not
 * even looked at.  The calls' errors; listing; flush leaves VIPs alone.
 */
static void test_api_and_flag(void **state)
{
	struct xvs_vip_entry *v = NULL;
	union xvs_addr a4, a6;
	uint8_t f[PKT_MAX];
	size_t n = 0;
	uint32_t zero = 0;
	struct xvs_config cfg;

	(void)state;
	text_addr(VIP4, &a4);
	text_addr(VIP6, &a6);
	assert_false(cfg_flags() & XVS_CFG_F_VIPS);
	assert_int_equal(xvs_set_vip(ctx, AF_INET6, &a4, true, 1), -EINVAL);
	assert_int_equal(xvs_set_vip(ctx, AF_INET, &a6, true, 1), -EINVAL);
	assert_int_equal(xvs_set_vip(ctx, AF_UNIX, &a4, true, 1), -EAFNOSUPPORT);
	assert_int_equal(xvs_del_vip(ctx, AF_INET, &a4), -ENOENT);
	assert_false(cfg_flags() & XVS_CFG_F_VIPS);

	set_vip(VIP4, FENCED);
	assert_true(cfg_flags() & XVS_CFG_F_VIPS);
	assert_int_equal(xvs_set_vip(ctx, AF_INET6, &a6, false, 1234), 0);
	assert_int_equal(xvs_get_vips(ctx, &v, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		int v4 = v[i].af == AF_INET;

		assert_memory_equal(&v[i].addr, v4 ? &a4 : &a6, 16);
		assert_int_equal(v[i].held, v4);
		if (!v4)
			assert_int_equal(v[i].lease_ns, 1234);
	}
	free(v);

	/* ipvsadm -C clears services, not VRRP's state */
	assert_int_equal(xvs_flush(ctx), 0);
	assert_int_equal(xvs_get_vips(ctx, &v, &n), 0);
	free(v);
	assert_int_equal(n, 2);
	assert_int_equal(add_services(), 0);

	assert_int_equal(xvs_del_vip(ctx, AF_INET6, &a6), 0);
	assert_true(cfg_flags() & XVS_CFG_F_VIPS);
	expect("fenced", f, build(SVC, VIP4, f), XDP_DROP, XVS_R_DROP_FENCED);

	/* the flag off, the entry is never looked at */
	assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg), 0);
	cfg.flags &= ~XVS_CFG_F_VIPS;
	assert_int_equal(bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0), 0);
	expect("flag off", f, build(SVC, VIP4, f), XDP_TX, NONE);
	/* the next renewal puts it back */
	set_vip(VIP4, FENCED);
	assert_true(cfg_flags() & XVS_CFG_F_VIPS);
	expect("flag back", f, build(SVC, VIP4, f), XDP_DROP, XVS_R_DROP_FENCED);

	assert_int_equal(xvs_del_vip(ctx, AF_INET, &a4), 0);
	assert_false(cfg_flags() & XVS_CFG_F_VIPS);
	assert_int_equal(xvs_del_vip(ctx, AF_INET, &a4), -ENOENT);
	expect("last entry gone: balanced", f, build(SVC, VIP4, f), XDP_TX, NONE);
	expect("last entry gone: ARP passes", f, build(ARP_REQ, VIP4, f), XDP_PASS, XVS_R_PASS_NOT_IP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_table, reset),
		cmocka_unit_test_setup(test_lease_runs_out, reset),
		cmocka_unit_test_setup(test_backup_keeps_off_connections, reset),
		cmocka_unit_test_setup(test_mark_service, reset),
		cmocka_unit_test_setup(test_api_and_flag, reset),
	};

	return cmocka_run_group_tests_name("bpf VIP ownership", tests, setup, harness_down);
}
