// SPDX-License-Identifier: GPL-2.0
/*
 * The data plane's rate estimator (bpf/est.h): its timer runs once libxvs
 * has loaded the data plane; a period run by hand (XVS_EST_RUN, the timer
 * stopped) leaves in the estimator maps what IPVS's formula gives for the
 * packets fed; -Z and a reused destination slot start over from 0; slots of
 * deleted real servers are not walked.  Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>

#include "harness.h"
#include "xvs/est.h"

#define VIP4 "192.0.2.50"
#define CL4 "192.0.2.100"
#define PAYLOAD 100
#define IP_LEN (20 + 20 + PAYLOAD) /* what IPVS counts: the IP length */

static struct xvs_service svc;

static struct xvs_dest_cfg rs(int n)
{
	char text[32];

	snprintf(text, sizeof(text), "192.0.2.%d", 10 + n);
	return dest(text, 80, XVS_FWD_DROUTE, 1);
}

/* A director with real servers rs1 and rs2 (rs3 has a neighbour too). */
static int setup(void **state)
{
	struct xvs_dest_cfg d;

	(void)state;
	if (harness_up("test-est", "for i in 11 12 13; do "
			"ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done"))
		return -1;
	svc = service(IPPROTO_TCP, VIP4, 80, "rr");
	if (xvs_add_service(ctx, &svc))
		return -1;
	for (int n = 1; n <= 2; n++) {
		d = rs(n);
		if (xvs_add_dest(ctx, &svc, &d))
			return -1;
	}
	return 0;
}

static uint64_t est_runs(void)
{
	struct xvs_est_clock c;
	uint32_t zero = 0;

	assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_EST_CLOCK], &zero, &c), 0);
	return c.runs;
}

/* Stop the background timer, so that only the periods run here count. */
static void stop_timer(void)
{
	assert_int_equal(xvs_est_ctl(ctx, XVS_EST_STOP), 0);
}

static void run_period(void)
{
	assert_int_equal(xvs_est_ctl(ctx, XVS_EST_RUN), 0);
}

static struct xvs_est svc_est(uint32_t *gen)
{
	struct xvs_svc_key k;
	struct xvs_svc v;
	struct xvs_est e;

	assert_int_equal(xvs_find_svc(ctx, &svc, &k, &v), 0);
	assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_SVC_EST], &v.idx, &e), 0);
	if (gen)
		*gen = v.est_gen;
	return e;
}

/* The slot of real server @n (-1: none). */
static int slot_of(int n)
{
	struct xvs_dest_cfg d = rs(n);
	struct xvs_dest *all = NULL;
	int slot = -1;

	assert_int_equal(xvs_load_dests(ctx, &all), 0);
	for (int i = 0; i < XVS_MAX_DESTS && slot < 0; i++)
		if ((all[i].flags & XVS_DEST_F_LIVE) && !memcmp(&all[i].addr, &d.addr, sizeof(d.addr)))
			slot = i;
	free(all);
	return slot;
}

static struct xvs_est dest_est(uint32_t slot)
{
	struct xvs_est e;

	assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_DEST_EST], &slot, &e), 0);
	return e;
}

/* @count new connections (one SYN each, of IP_LEN bytes), forwarded. */
static void syns(int count, uint16_t first_port)
{
	for (int i = 0; i < count; i++) {
		struct pkt_spec s = P(0, IPPROTO_TCP, CL4, VIP4, first_port + i, 80, 0x02);
		uint8_t f[PKT_MAX];
		size_t len;

		s.payload = PAYLOAD;
		len = pkt_build(&s, f);
		assert_int_equal(len, 14 + IP_LEN);
		assert_int_equal(run_frame(f, len).action, XDP_TX);
	}
}

static void expect_est(const struct xvs_est *e, uint64_t cps, uint64_t inpps, uint64_t inbps)
{
	assert_int_equal(e->cps, cps);
	assert_int_equal(e->inpps, inpps);
	assert_int_equal(e->inbps, inbps);
	assert_int_equal(e->outpps, 0);
	assert_int_equal(e->outbps, 0);
}

/* Loading armed the timer: it estimates every 2 s with nobody asking. */
static void test_timer_runs_after_load(void **state)
{
	struct timespec nap = { 0, 100 * 1000 * 1000 };

	(void)state;
	for (int i = 0; i < 35 && est_runs() == 0; i++)
		nanosleep(&nap, NULL);
	assert_true(est_runs() >= 1);
	stop_timer();
}

/*
 * 100 connections in one period: the service's rate is
 * (100 << 9) >> 2 = 12800 (12.5/s, read as 12), bytes
 * (100 * IP_LEN << 4) >> 2; each of the two real servers half of it.  The
 * next, quiet period takes a quarter off: 9600 (9/s).
 */
static void test_period_estimates_rates(void **state)
{
	const uint64_t bytes = 100ULL * IP_LEN;
	struct xvs_service_entry se;
	struct xvs_dest_entry *de;
	struct xvs_est e;
	uint32_t gen;
	size_t n;

	(void)state;
	stop_timer();
	run_period(); /* no traffic yet: all 0 */
	e = svc_est(NULL);
	expect_est(&e, 0, 0, 0);
	syns(100, 41000);
	run_period();
	e = svc_est(&gen);
	assert_int_equal(e.gen, gen);
	assert_int_equal(e.last.conns, 100);
	assert_int_equal(e.last.inbytes, bytes);
	expect_est(&e, 12800, 12800, (bytes << 4) >> 2);
	for (int r = 1; r <= 2; r++) {
		e = dest_est(slot_of(r));
		expect_est(&e, 6400, 6400, ((bytes / 2) << 4) >> 2);
	}

	/* The listing reads them as ipvsadm -L --rate prints them. */
	assert_int_equal(xvs_get_service(ctx, &svc, &se), 0);
	assert_int_equal(se.stats.cps, 12);
	assert_int_equal(se.stats.inpps, 12);
	assert_int_equal(se.stats.inbps, xvs_est_bps((bytes << 4) >> 2));
	assert_int_equal(se.stats.outpps + se.stats.outbps, 0);
	assert_int_equal(xvs_get_dests(ctx, &svc, &de, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(de[i].stats.cps, 6); /* 6400 / 1024 = 6.25 */
		assert_int_equal(de[i].stats.inbps, xvs_est_bps(((bytes / 2) << 4) >> 2));
	}
	free(de);

	run_period();
	e = svc_est(NULL);
	expect_est(&e, 9600, 9600, ((bytes << 4) >> 2) - ((bytes << 4) >> 4));
	assert_int_equal(xvs_get_service(ctx, &svc, &se), 0);
	assert_int_equal(se.stats.cps, 9);

	/* run_estimation=0 stops the estimator: the rates stay as they are */
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_RUN_ESTIMATION, 0), 0);
	run_period();
	e = svc_est(NULL);
	expect_est(&e, 9600, 9600, ((bytes << 4) >> 2) - ((bytes << 4) >> 4));
	assert_int_equal(xvs_set_sysctl(ctx, XVS_SC_RUN_ESTIMATION, 1), 0);
	run_period();
	e = svc_est(NULL);
	expect_est(&e, 7200, 7200, (((bytes << 4) >> 2) - ((bytes << 4) >> 4)) * 3 / 4);
}

/*
 * -Z zeroes the rates at once (the estimator has not seen the new
 * generation yet), and the next period starts from the zeroed counters.
 */
static void test_zero_restarts_estimator(void **state)
{
	struct xvs_service_entry se;
	struct xvs_dest_entry *de;
	struct xvs_est e;
	uint32_t gen;
	size_t n;

	(void)state;
	stop_timer();
	syns(10, 42000);
	run_period();
	assert_int_equal(xvs_get_service(ctx, &svc, &se), 0);
	assert_int_not_equal(se.stats.cps, 0);

	assert_int_equal(xvs_zero(ctx, NULL), 0);
	assert_int_equal(xvs_get_service(ctx, &svc, &se), 0);
	assert_int_equal(se.stats.conns + se.stats.cps + se.stats.inpps + se.stats.inbps, 0);
	assert_int_equal(xvs_get_dests(ctx, &svc, &de, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(de[i].stats.cps + de[i].stats.inpps + de[i].stats.inbps, 0);
	free(de);

	syns(4, 42100);
	run_period();
	e = svc_est(&gen);
	assert_int_equal(e.gen, gen);
	assert_int_equal(e.last.conns, 4);
	expect_est(&e, (4 << 9) >> 2, (4 << 9) >> 2, ((4ULL * IP_LEN) << 4) >> 2);
	for (int r = 1; r <= 2; r++) {
		e = dest_est(slot_of(r));
		assert_int_equal(e.last.conns, 2);
		expect_est(&e, (2 << 9) >> 2, (2 << 9) >> 2, ((2ULL * IP_LEN) << 4) >> 2);
	}
}

/*
 * A deleted real server's slot is not walked; a real server added into it
 * starts from 0, not from its predecessor's rates.
 */
static void test_reused_slot_starts_at_zero(void **state)
{
	struct xvs_dest_cfg d2 = rs(2), d3 = rs(3);
	struct xvs_dest_entry *de;
	struct xvs_est before, after;
	int slot;
	size_t n;

	(void)state;
	stop_timer();
	syns(20, 43000);
	run_period();
	slot = slot_of(2);
	before = dest_est(slot);
	assert_int_not_equal(before.cps, 0);

	assert_int_equal(xvs_del_dest(ctx, &svc, &d2), 0);
	run_period();
	after = dest_est(slot);
	assert_memory_equal(&after, &before, sizeof(before));

	assert_int_equal(xvs_add_dest(ctx, &svc, &d3), 0);
	assert_int_equal(slot_of(3), slot);
	assert_int_equal(xvs_get_dests(ctx, &svc, &de, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (de[i].dest.addr.w[3] == d3.addr.w[3])
			assert_int_equal(de[i].stats.cps + de[i].stats.inpps + de[i].stats.inbps, 0);
	free(de);
	run_period();
	after = dest_est(slot);
	expect_est(&after, 0, 0, 0);
	assert_int_equal(after.last.conns, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timer_runs_after_load),
		cmocka_unit_test(test_period_estimates_rates),
		cmocka_unit_test(test_zero_restarts_estimator),
		cmocka_unit_test(test_reused_slot_starts_at_zero),
	};

	return cmocka_run_group_tests_name("rate estimator", tests, setup, harness_down);
}
