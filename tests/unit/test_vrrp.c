// SPDX-License-Identifier: GPL-2.0
/*
 * The VRRP state machine (xvsd/vrrp.c) on a fake clock: instances read
 * from small keepalived.conf texts, adverts handed in at chosen times, and
 * what the machine asks for (adverts, addresses, GARPs, states) written
 * down as a line of events the tests read.  The timings are RFC 3768 6.1 /
 * RFC 5798 6.1's and the lab measurements in
 * ../shared/specs/keepalived.md 2.5.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "hexaddr.h"
#include "tmpdir.h"
#include "vrrp.h"

#define S 1000000LL
#define MS 1000LL

static char events[4096];

static void note(const char *fmt, ...)
{
	size_t n = strlen(events);
	va_list ap;

	va_start(ap, fmt);
	if (n)
		events[n++] = ' ';
	vsnprintf(events + n, sizeof(events) - n, fmt, ap);
	va_end(ap);
}

static void ev_advert(struct vrrp_rt *rt, uint8_t prio)
{
	note("%s:advert(%d)", rt->conf->name, prio);
}

static void ev_addresses(struct vrrp_rt *rt, bool up)
{
	note("%s:%s", rt->conf->name, up ? "vips+" : "vips-");
}

static void ev_garp(struct vrrp_rt *rt, int repeat)
{
	note("%s:garp(%d)", rt->conf->name, repeat);
}

static void ev_state(struct vrrp_rt *rt, enum vrrp_state s, bool init)
{
	note("%s:%s%s", rt->conf->name, vrrp_state_name(s), init ? "(init)" : "");
}

static void ev_lower(struct vrrp_rt *rt, const union xvs_addr *from, uint8_t prio)
{
	(void)from;
	note("%s:lower(%d)", rt->conf->name, prio);
}

static void ev_group(struct vrrp_group_rt *g, enum vrrp_state s)
{
	note("%s:%s", g->conf->name, vrrp_state_name(s));
}

static const struct vrrp_ops ops = {
	.advert = ev_advert,
	.addresses = ev_addresses,
	.garp = ev_garp,
	.state = ev_state,
	.lower_prio = ev_lower,
	.group_state = ev_group,
};

static bool fake_if(const char *name)
{
	return !strcmp(name, "eth0");
}

static struct model *model;

static void no_diag(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	(void)arg, (void)level, (void)file, (void)line, (void)msg;
}

/* The instances of @text, loaded as k.conf. */
static struct vrrp_instance *load(const char *text)
{
	struct config_opts o = { .config_id = "lvs1", .diag = no_diag };
	enum config_status status;
	char path[128];

	model_free(model);
	tmpdir_write("k.conf", text);
	snprintf(path, sizeof(path), "%s/k.conf", tmpdir);
	model = config_load(path, &o, &status);
	assert_non_null(model);
	assert_true(status == CONFIG_OK || status == CONFIG_WARNINGS);
	return model->vrrp->instances;
}

/* One instance block: NAME, then its lines. */
static char conf_text[2048];

static const char *instance(const char *name, const char *lines)
{
	snprintf(conf_text, sizeof(conf_text),
		 "vrrp_instance %s {\n interface eth0\n virtual_router_id 51\n"
		 " virtual_ipaddress {\n  10.0.0.100\n  10.0.0.101\n }\n%s}\n",
		 name, lines);
	return conf_text;
}

/* An advert as @conf would send it, with @prio (and @interval_cs for v3). */
static struct vrrp_advert advert_of(const struct vrrp_instance *conf, int prio, int interval_cs)
{
	struct vrrp_advert a = { .version = conf->version, .af = AF_INET, .vrid = conf->vrid, .priority = prio };

	a.interval_cs = interval_cs ? interval_cs : conf->advert_int_us / 10000;
	a.auth_type = conf->version == 2 ? conf->auth_type : 0;
	memcpy(a.auth, conf->auth_pass, sizeof(a.auth));
	for (const struct vrrp_ipaddr *ip = conf->vips; ip; ip = ip->next)
		a.addrs[a.naddr++] = ip->addr;
	return a;
}

static struct vrrp_rt rt;
static union xvs_addr me, peer_lo, peer_hi;

static void start(struct vrrp_instance *conf, int64_t now)
{
	events[0] = 0;
	vrrp_init(&rt, conf, &ops, NULL, &me);
	vrrp_start(&rt, now);
}

/* Run the machine's timers up to @until. */
static void run_until(struct vrrp_rt *r, int64_t until)
{
	for (int64_t t; (t = vrrp_next(r)) <= until;)
		vrrp_tick(r, t);
}

/* Hand @r an advert of priority @prio from @src at @now (checked first). */
static void hear(struct vrrp_rt *r, int64_t now, const union xvs_addr *src, int prio)
{
	struct vrrp_advert a = advert_of(r->conf, prio, 0);

	run_until(r, now);
	if (vrrp_check(r, &a, src, true) == VRRP_RX_OK)
		vrrp_recv(r, now, &a, src);
}

static int setup(void **state)
{
	config_if_exists = fake_if;
	addr_of("10.0.0.2", &me);
	addr_of("10.0.0.1", &peer_lo);
	addr_of("10.0.0.3", &peer_hi);
	return tmpdir_setup(state);
}

static int teardown(void **state)
{
	model_free(model);
	model = NULL;
	return tmpdir_teardown(state);
}

/* v2: Master_Down_Interval = 3 × A + (256 − P) / 256 s; the lab's 3.61 s and 3.41 s. */
static void test_down_interval_v2(void **state)
{
	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	assert_string_equal(events, "VI_1:vips- VI_1:BACKUP(init)");
	assert_int_equal(vrrp_next(&rt), 3 * S + 156 * S / 256); /* 3.609375 s */

	start(load(instance("VI_1", " priority 150\n advert_int 1\n")), 0);
	assert_int_equal(vrrp_next(&rt), 3 * S + 106 * S / 256); /* 3.4140625 s */

	start(load(instance("VI_1", " priority 100\n advert_int 2\n")), 0);
	assert_int_equal(vrrp_down_us(&rt), 6 * S + 156 * S / 256); /* v2's skew ignores A */
}

/* v3: Skew_Time = (256 − P) × M / 256 in centiseconds, and a backup follows the master's M. */
static void test_down_interval_v3(void **state)
{
	struct vrrp_instance *c;
	struct vrrp_advert a;

	(void)state;
	c = load(instance("VI_1", " version 3\n priority 100\n advert_int 1\n"));
	start(c, 0);
	assert_int_equal(vrrp_next(&rt), 3 * S + 60 * 10 * MS); /* 156 × 100 / 256 = 60 cs */

	c = load(instance("VI_1", " version 3\n priority 100\n advert_int 0.5\n"));
	start(c, 0);
	assert_int_equal(vrrp_next(&rt), 1500 * MS + 30 * 10 * MS); /* sub-second: 1.8 s */

	/* the master says 2 s: the backup now waits 3 × 2 s + 121 cs */
	a = advert_of(c, 200, 200);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_OK);
	vrrp_recv(&rt, 1 * S, &a, &peer_hi);
	assert_int_equal(rt.master_adver_us, 2 * S);
	assert_int_equal(vrrp_next(&rt), 1 * S + 6 * S + 121 * 10 * MS);
	assert_int_equal(rt.stats.interval_mismatch, 1);
	/* but it still sends its own 0.5 s once master */
	run_until(&rt, 10 * S);
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
	assert_int_equal(rt.adver_us, 500 * MS);
}

/* Becoming master: the advert first, then the VIPs, 5 GARP rounds, 5 more 5 s later; an advert every A. */
static void test_become_master(void **state)
{
	int64_t t;

	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	t = vrrp_next(&rt);
	events[0] = 0;
	vrrp_tick(&rt, t);
	assert_string_equal(events, "VI_1:advert(100) VI_1:vips+ VI_1:garp(5) VI_1:MASTER");
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
	events[0] = 0;
	run_until(&rt, t + 5 * S);
	assert_string_equal(events, "VI_1:advert(100) VI_1:advert(100) VI_1:advert(100) VI_1:advert(100) "
				    "VI_1:garp(5) VI_1:advert(100)");
	events[0] = 0;
	run_until(&rt, t + 10 * S);
	assert_string_equal(events, "VI_1:advert(100) VI_1:advert(100) VI_1:advert(100) VI_1:advert(100) "
				    "VI_1:advert(100)");
	assert_int_equal(rt.stats.became_master, 1);
}

/* A master that resigns (priority 0): the backup takes over after Skew_Time alone (lab: 0.63 s). */
static void test_priority_zero(void **state)
{
	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	hear(&rt, 1 * S, &peer_hi, 200);
	hear(&rt, 2 * S, &peer_hi, 0);
	assert_int_equal(rt.stats.rx_prio0, 1);
	assert_int_equal(vrrp_next(&rt), 2 * S + 156 * S / 256);
	run_until(&rt, 3 * S);
	assert_int_equal(rt.state, VRRP_STATE_MASTER);

	/* and a master hearing priority 0 answers at once */
	events[0] = 0;
	hear(&rt, 3 * S + 100 * MS, &peer_hi, 0);
	assert_string_equal(events, "VI_1:advert(100)");
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
}

/* Preemption: a higher backup discards a lower master's adverts and takes over when its timer runs out. */
static void test_preempt(void **state)
{
	int64_t t;

	(void)state;
	start(load(instance("VI_1", " priority 150\n advert_int 1\n")), 0);
	hear(&rt, 1 * S, &peer_lo, 200); /* a higher master: accepted */
	for (t = 2 * S; t < 4 * S; t += S)
		hear(&rt, t, &peer_lo, 100); /* then lower: discarded, the timer not reset */
	assert_int_equal(rt.state, VRRP_STATE_BACKUP);
	run_until(&rt, 1 * S + vrrp_down_us(&rt));
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
}

/* nopreempt: a higher backup keeps a lower live master; it takes over only when that master goes quiet. */
static void test_nopreempt(void **state)
{
	int64_t t;

	(void)state;
	start(load(instance("VI_1", " state BACKUP\n nopreempt\n priority 150\n advert_int 1\n")), 0);
	for (t = 1 * S; t <= 20 * S; t += S)
		hear(&rt, t, &peer_lo, 100);
	assert_int_equal(rt.state, VRRP_STATE_BACKUP);
	run_until(&rt, 20 * S + vrrp_down_us(&rt) - 1);
	assert_int_equal(rt.state, VRRP_STATE_BACKUP);
	run_until(&rt, 20 * S + vrrp_down_us(&rt));
	assert_int_equal(rt.state, VRRP_STATE_MASTER);

	/* state MASTER clears nopreempt, as keepalived does */
	start(load(instance("VI_1", " state MASTER\n nopreempt\n priority 150\n advert_int 1\n")), 0);
	assert_false(rt.conf->nopreempt);
}

/* preempt_delay 5: the lower master is followed for 5 s from the first lower advert, then preempted. */
static void test_preempt_delay(void **state)
{
	int64_t t, last = 0;

	(void)state;
	start(load(instance("VI_1", " state BACKUP\n preempt_delay 5\n priority 150\n advert_int 1\n")), 0);
	for (t = 1 * S; t <= 12 * S; t += S) {
		int64_t before;

		run_until(&rt, t);
		if (rt.state != VRRP_STATE_BACKUP)
			break;
		before = vrrp_next(&rt);
		hear(&rt, t, &peer_lo, 100);
		if (vrrp_next(&rt) != before)
			last = t; /* accepted: the timer moved */
	}
	assert_int_equal(last, 5 * S); /* 1 s + 5 s of delay: accepted at 1..5 */
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
	assert_int_equal(t, 9 * S); /* still BACKUP at 8 s, MASTER by 9 s: 5 s + 3.41 s */
}

/* A master steps down for a higher priority, or an equal one from a higher address; it answers lower ones. */
static void test_master_rx(void **state)
{
	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	run_until(&rt, 4 * S);
	assert_int_equal(rt.state, VRRP_STATE_MASTER);

	events[0] = 0;
	hear(&rt, 4 * S + 500 * MS, &peer_lo, 50);
	assert_string_equal(events, "VI_1:advert(100) VI_1:garp(5) VI_1:lower(50)");
	events[0] = 0;
	hear(&rt, 4 * S + 600 * MS, &peer_lo, 100); /* equal, lower address: we stay */
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
	run_until(&rt, 4 * S + 700 * MS);
	events[0] = 0;
	hear(&rt, 4 * S + 700 * MS, &peer_hi, 100); /* equal, higher address: it wins */
	assert_string_equal(events, "VI_1:vips- VI_1:BACKUP");
	assert_int_equal(rt.state, VRRP_STATE_BACKUP);
	assert_int_equal(rt.stats.released_master, 1);
	/* no priority-0 advert when stepping down this way */
	assert_null(strstr(events, "advert(0)"));
}

/* The address owner (255, state MASTER) is master at once and stays so against anyone lower. */
static void test_owner(void **state)
{
	(void)state;
	start(load(instance("VI_1", " state MASTER\n priority 255\n advert_int 1\n")), 0);
	assert_string_equal(events, "VI_1:advert(255) VI_1:vips+ VI_1:garp(5) VI_1:MASTER");
	hear(&rt, 1 * S, &peer_hi, 254);
	assert_int_equal(rt.state, VRRP_STATE_MASTER);
	/* the skew of the owner is the smallest: (256 − 255) / 256 s */
	assert_int_equal(vrrp_skew_us(&rt, 255), S / 256);
	/* trackers never move the owner */
	vrrp_set_prio(&rt, 2 * S, 100);
	assert_int_equal(rt.prio, 255);

	/* a non-owner with state MASTER starts as BACKUP */
	start(load(instance("VI_1", " state MASTER\n priority 200\n advert_int 1\n")), 0);
	assert_string_equal(events, "VI_1:vips- VI_1:BACKUP(init)");
}

/* FAULT: the master resigns with priority 0 and drops its VIPs; adverts are not heard; it comes back BACKUP. */
static void test_fault(void **state)
{
	struct vrrp_advert a;

	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	run_until(&rt, 4 * S);
	events[0] = 0;
	vrrp_set_fault(&rt, 5 * S, true);
	assert_string_equal(events, "VI_1:advert(0) VI_1:vips- VI_1:FAULT");
	assert_int_equal(vrrp_next(&rt), INT64_MAX);
	a = advert_of(rt.conf, 100, 0);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_STATE);
	events[0] = 0;
	vrrp_set_fault(&rt, 6 * S, false);
	assert_string_equal(events, "VI_1:BACKUP");
	assert_int_equal(vrrp_next(&rt), 6 * S + vrrp_down_us(&rt));

	/* starting with a fault: FAULT (init) */
	events[0] = 0;
	vrrp_init(&rt, rt.conf, &ops, NULL, &me);
	vrrp_set_fault(&rt, 0, true);
	vrrp_start(&rt, 0);
	assert_string_equal(events, "VI_1:vips- VI_1:FAULT(init)");
}

/* Shutdown: a master sends priority 0 and removes its VIPs, unless told to keep them. */
static void test_stop(void **state)
{
	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	run_until(&rt, 4 * S);
	events[0] = 0;
	vrrp_stop(&rt, false);
	assert_string_equal(events, "VI_1:advert(0) VI_1:vips- VI_1:STOP");

	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	run_until(&rt, 4 * S);
	events[0] = 0;
	vrrp_stop(&rt, true);
	assert_string_equal(events, "VI_1:advert(0) VI_1:STOP");
}

/* Priority from trackers: clamped to 1..254, carried by the next advert, and it decides elections. */
static void test_set_prio(void **state)
{
	(void)state;
	start(load(instance("VI_1", " priority 100\n advert_int 1\n")), 0);
	run_until(&rt, 4 * S);
	vrrp_set_prio(&rt, 4 * S, 300);
	assert_int_equal(rt.prio, 254);
	vrrp_set_prio(&rt, 4 * S, -20);
	assert_int_equal(rt.prio, 1);
	vrrp_set_prio(&rt, 4 * S, 80);
	events[0] = 0;
	run_until(&rt, 5 * S);
	assert_string_equal(events, "VI_1:advert(80)");
	hear(&rt, 5 * S + 1, &peer_lo, 90); /* 90 now beats us */
	assert_int_equal(rt.state, VRRP_STATE_BACKUP);
}

/* The checks of an advert against its instance (spec 2.3), each counted by reason. */
static void test_check(void **state)
{
	struct vrrp_instance *c;
	struct vrrp_advert a;

	(void)state;
	c = load(instance("VI_1", " priority 100\n advert_int 1\n authentication {\n  auth_type PASS\n"
				  "  auth_pass secret12\n }\n"));
	start(c, 0);
	a = advert_of(c, 100, 0);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_OK);
	a.auth[7] = '3';
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_AUTH);
	a = advert_of(c, 100, 0);
	a.auth_type = VRRP_AUTH_NONE;
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_AUTH_TYPE);
	a = advert_of(c, 100, 200);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_INTERVAL); /* v2: exact */
	a = advert_of(c, 100, 0);
	a.version = 3;
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_VERSION);
	a = advert_of(c, 100, 0);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, false), VRRP_RX_MODE); /* unicast to a multicast one */
	assert_int_equal(rt.stats.rx[VRRP_RX_AUTH], 1);
	assert_int_equal(rt.stats.rx[VRRP_RX_OK], 1);

	/* unicast with check_unicast_src: only the peers */
	c = load(instance("VI_1", " priority 100\n advert_int 1\n unicast_src_ip 10.0.0.2\n check_unicast_src\n"
				  " unicast_peer {\n  10.0.0.3\n }\n"));
	start(c, 0);
	a = advert_of(c, 100, 0);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, false), VRRP_RX_OK);
	assert_int_equal(vrrp_check(&rt, &a, &peer_lo, false), VRRP_RX_UNICAST_SRC);
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_MODE);

	/* a different VIP list is counted and taken (keepalived >= 2.3.3) */
	c = load(instance("VI_1", " priority 100\n advert_int 1\n"));
	start(c, 0);
	a = advert_of(c, 200, 0);
	a.naddr = 1;
	assert_int_equal(vrrp_check(&rt, &a, &peer_hi, true), VRRP_RX_OK);
	vrrp_recv(&rt, 1 * S, &a, &peer_hi);
	assert_int_equal(rt.stats.addr_list_mismatch, 1);
	assert_int_equal(vrrp_next(&rt), 1 * S + vrrp_down_us(&rt));
}

/* Sync groups: master only when every member's timer ran out; one steps down or faults, all do. */
static void test_sync_group(void **state)
{
	static const char text[] =
		"vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n}\n"
		"vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 100\n advert_int 1\n"
		" virtual_ipaddress {\n  10.0.0.100\n }\n}\n"
		"vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n priority 100\n advert_int 1\n"
		" virtual_ipaddress {\n  10.0.1.100\n }\n}\n";
	struct vrrp_instance *c = load(text);
	struct vrrp_rt a, b, *members[] = { &a, &b };
	struct vrrp_group_rt g;
	int64_t down;

	(void)state;
	events[0] = 0;
	vrrp_init(&a, c, &ops, NULL, &me);
	vrrp_init(&b, c->next, &ops, NULL, &me);
	vrrp_group_init(&g, model->vrrp->sync_groups, &ops, NULL, members, 2);
	vrrp_start(&a, 0);
	vrrp_start(&b, 0);
	assert_string_equal(events, "VI_1:vips- VI_1:BACKUP(init) G:BACKUP VI_2:vips- VI_2:BACKUP(init)");
	down = vrrp_down_us(&a);

	/* VI_2 still hears a master: VI_1's timeout does not make the group master */
	hear(&b, 1 * S, &peer_hi, 200);
	hear(&b, 2 * S, &peer_hi, 200);
	hear(&b, 3 * S, &peer_hi, 200);
	run_until(&a, down);
	assert_int_equal(a.state, VRRP_STATE_BACKUP);
	assert_true(a.wants_master);
	/* the master goes quiet: when VI_2 times out both go master */
	events[0] = 0;
	run_until(&b, 3 * S + down);
	assert_int_equal(a.state, VRRP_STATE_MASTER);
	assert_int_equal(b.state, VRRP_STATE_MASTER);
	assert_int_equal(g.state, VRRP_STATE_MASTER);

	/* VI_1 hears a higher master: both step down */
	hear(&a, 8 * S, &peer_hi, 200);
	assert_int_equal(a.state, VRRP_STATE_BACKUP);
	assert_int_equal(b.state, VRRP_STATE_BACKUP);
	assert_int_equal(g.state, VRRP_STATE_BACKUP);

	/* VI_2 faults: VI_1 follows; it clears: both BACKUP */
	vrrp_set_fault(&b, 9 * S, true);
	assert_int_equal(a.state, VRRP_STATE_FAULT);
	assert_int_equal(g.state, VRRP_STATE_FAULT);
	vrrp_set_fault(&b, 10 * S, false);
	assert_int_equal(a.state, VRRP_STATE_BACKUP);
	assert_int_equal(b.state, VRRP_STATE_BACKUP);
	assert_int_equal(g.state, VRRP_STATE_BACKUP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_down_interval_v2), cmocka_unit_test(test_down_interval_v3),
		cmocka_unit_test(test_become_master),    cmocka_unit_test(test_priority_zero),
		cmocka_unit_test(test_preempt),          cmocka_unit_test(test_nopreempt),
		cmocka_unit_test(test_preempt_delay),    cmocka_unit_test(test_master_rx),
		cmocka_unit_test(test_owner),            cmocka_unit_test(test_fault),
		cmocka_unit_test(test_stop),             cmocka_unit_test(test_set_prio),
		cmocka_unit_test(test_check),            cmocka_unit_test(test_sync_group),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
