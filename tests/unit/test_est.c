// SPDX-License-Identifier: GPL-2.0
/*
 * The rate estimator's arithmetic (include/xvs/est.h) against values worked
 * out by hand from IPVS's ip_vs_est.c: every 2 s, avg += (rate - avg) >> 2
 * in signed arithmetic, rate = the period's difference << 9 (cps, pps) or
 * << 4 (bps); reported as (avg + 0x1FF) >> 10 and (avg + 0xF) >> 5.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "xvs/est.h"

/* Counter totals after @periods periods of @per_s events per second. */
static struct xvs_stats steady(uint64_t periods, uint64_t per_s)
{
	uint64_t n = periods * 2 * per_s;
	struct xvs_stats s = { .conns = n, .inpkts = n, .outpkts = n, .inbytes = n, .outbytes = n };

	return s;
}

/*
 * 1000 connections a second: each period adds 2000, a rate of
 * 2000 << 9 = 1024000 (1000 × 2^10).  cps climbs a quarter of the way each
 * period: 256000, 448000, 592000, 700000, 781000, 841750, 887312, 921484,
 * read as 250, 437 (437.5 rounds down: only more than half rounds up), 578,
 * 684, 763, 822, 867, 900.  It first reads 1000 after 27 periods (1023565)
 * and settles at 1023997, where (rate - avg) >> 2 is 0.
 */
static void test_constant_rate_converges(void **state)
{
	static const uint64_t avg[8] = { 256000, 448000, 592000, 700000, 781000, 841750, 887312, 921484 };
	static const uint64_t shown[8] = { 250, 437, 578, 684, 763, 822, 867, 900 };
	struct xvs_est e = { .gen = 1 };

	(void)state;
	for (int p = 1; p <= 100; p++) {
		struct xvs_stats now = steady(p, 1000);

		xvs_est_step(&e, &now, 1);
		if (p <= 8) {
			assert_int_equal(e.cps, avg[p - 1]);
			assert_int_equal(xvs_est_pps(e.cps), shown[p - 1]);
		}
		if (p == 26)
			assert_int_equal(xvs_est_pps(e.cps), 999);
		if (p >= 27)
			assert_int_equal(xvs_est_pps(e.cps), 1000);
		assert_memory_equal(&e.last, &now, sizeof(now));
	}
	assert_int_equal(e.cps, 1023997);
	/* Packets use the same scale as connections. */
	assert_int_equal(e.inpps, e.cps);
	assert_int_equal(e.outpps, e.cps);
}

/*
 * Traffic stops after the 1000/s above: (0 - avg) >> 2 rounds toward minus
 * infinity, so 1023997 falls to 767997, 575997, 431997, 323997, 242997
 * (750, 562, 422, 316, 237), reads 0 after 27 quiet periods and is 0 after 46.
 */
static void test_rate_decays_to_zero(void **state)
{
	static const uint64_t avg[5] = { 767997, 575997, 431997, 323997, 242997 };
	static const uint64_t shown[5] = { 750, 562, 422, 316, 237 };
	static const uint64_t tail[4] = { 2, 1, 0, 0 };
	struct xvs_est e = { .gen = 1 };
	struct xvs_stats now = {};

	(void)state;
	for (int p = 1; p <= 100; p++) {
		now = steady(p, 1000);
		xvs_est_step(&e, &now, 1);
	}
	for (int q = 1; q <= 46; q++) {
		xvs_est_step(&e, &now, 1);
		if (q <= 5) {
			assert_int_equal(e.cps, avg[q - 1]);
			assert_int_equal(xvs_est_pps(e.cps), shown[q - 1]);
		}
		if (q == 26)
			assert_int_not_equal(xvs_est_pps(e.cps), 0);
		if (q == 27)
			assert_int_equal(xvs_est_pps(e.cps), 0);
		if (q == 45)
			assert_int_not_equal(e.cps, 0);
	}
	assert_int_equal(e.cps, 0);
	/* Signed: a small average falls 3, 2, 1, 0 and stays; it does not wrap. */
	e.cps = 3;
	for (int i = 0; i < 4; i++) {
		xvs_est_step(&e, &now, 1);
		assert_int_equal(e.cps, tail[i]);
	}
}

/*
 * Bytes: 1,000,000 a second adds 2,000,000 a period, a rate of
 * 2000000 << 4 = 32000000 (10^6 × 2^5): 8000000, 14000000, 18500000, read
 * as 250000, 437500, 578125.
 */
static void test_byte_rates(void **state)
{
	static const uint64_t avg[3] = { 8000000, 14000000, 18500000 };
	static const uint64_t shown[3] = { 250000, 437500, 578125 };
	struct xvs_est e = { .gen = 1 };

	(void)state;
	for (int p = 1; p <= 3; p++) {
		struct xvs_stats now = steady(p, 1000000);

		xvs_est_step(&e, &now, 1);
		assert_int_equal(e.inbps, avg[p - 1]);
		assert_int_equal(e.outbps, avg[p - 1]);
		assert_int_equal(xvs_est_bps(e.inbps), shown[p - 1]);
	}
}

/* Each average follows its own counter, with its own scale. */
static void test_fields_are_separate(void **state)
{
	struct xvs_stats now = { .conns = 1, .inpkts = 2, .outpkts = 3, .inbytes = 4, .outbytes = 5 };
	struct xvs_est e = { .gen = 7 };

	(void)state;
	xvs_est_step(&e, &now, 7);
	assert_int_equal(e.cps, (1 << 9) >> 2);
	assert_int_equal(e.inpps, (2 << 9) >> 2);
	assert_int_equal(e.outpps, (3 << 9) >> 2);
	assert_int_equal(e.inbps, (4 << 4) >> 2);
	assert_int_equal(e.outbps, (5 << 4) >> 2);
}

/* Rounding as ip_vs_read_estimator(): up only past one half. */
static void test_rounding(void **state)
{
	(void)state;
	assert_int_equal(xvs_est_pps(0), 0);
	assert_int_equal(xvs_est_pps(512), 0);  /* 0.5 */
	assert_int_equal(xvs_est_pps(513), 1);
	assert_int_equal(xvs_est_pps(1024), 1);
	assert_int_equal(xvs_est_pps(1536), 1); /* 1.5 */
	assert_int_equal(xvs_est_pps(1537), 2);
	assert_int_equal(xvs_est_bps(16), 0);   /* 0.5 */
	assert_int_equal(xvs_est_bps(17), 1);
	assert_int_equal(xvs_est_bps(48), 1);   /* 1.5 */
	assert_int_equal(xvs_est_bps(49), 2);
}

/*
 * A new generation (the slot was zeroed or has a new owner, its counters
 * zeroed first) starts over: last totals 0, averages 0, then this period.
 */
static void test_new_generation_restarts(void **state)
{
	struct xvs_est e = { .last = { .conns = 5000, .inpkts = 9000, .inbytes = 90000 },
			     .cps = 900000, .inpps = 800000, .inbps = 700000, .gen = 41 };
	struct xvs_stats now = { .conns = 10, .inpkts = 20, .inbytes = 3000 };

	(void)state;
	xvs_est_step(&e, &now, 42);
	assert_int_equal(e.gen, 42);
	assert_int_equal(e.cps, (10 << 9) >> 2);
	assert_int_equal(e.inpps, (20 << 9) >> 2);
	assert_int_equal(e.inbps, (3000 << 4) >> 2);
	assert_int_equal(e.outpps, 0);
	assert_int_equal(e.outbps, 0);
	assert_memory_equal(&e.last, &now, sizeof(now));
	/* The same generation again goes on from there. */
	xvs_est_step(&e, &now, 42);
	assert_int_equal(e.cps, 1280 - (1280 >> 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constant_rate_converges),
		cmocka_unit_test(test_rate_decays_to_zero),
		cmocka_unit_test(test_byte_rates),
		cmocka_unit_test(test_fields_are_separate),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_new_generation_restarts),
	};

	return cmocka_run_group_tests_name("rate estimator", tests, NULL, NULL);
}
