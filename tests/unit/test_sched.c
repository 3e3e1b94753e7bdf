// SPDX-License-Identifier: GPL-2.0
/*
 * rr and wrr selection sequences against the ones IPVS produces
 * (../shared/specs/ipvs.md §3.1-3.2, ip_vs_rr.c / ip_vs_wrr.c), and where
 * scheduling resumes after the destination list changes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

#define A 0
#define B 1
#define C 2

/* The ring over list order A, B, C with @w weights, as letters. */
static void ring_str(int kind, const int w[3], char *out, int *cw)
{
	struct xvs_sched_dest d[3] = { { A, w[0] }, { B, w[1] }, { C, w[2] } };
	uint32_t ring[64];
	int n = xvs_sched_ring(kind, d, 3, ring, cw, 64);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++)
		out[i] = 'A' + ring[i];
	out[n] = 0;
}

static void expect_wrr(int a, int b, int c, const char *want)
{
	int w[3] = { a, b, c };
	char got[65];

	ring_str(XVS_SCHED_WRR, w, got, NULL);
	assert_string_equal(got, want);
}

static void test_wrr_sequences_from_spec(void **state)
{
	(void)state;
	expect_wrr(4, 3, 2, "AABABCABC");
	expect_wrr(5, 1, 1, "AAAAABC");
	expect_wrr(2, 4, 6, "CBCABC");
	expect_wrr(1, 0, 1, "AC");
	expect_wrr(0, 0, 0, "");
	/* gcd 2: cw steps 3, 1 (mw = 4 - (2 - 1)) */
	expect_wrr(4, 2, 0, "AAB");
}

static void test_rr_skips_weight0_keeps_list_order(void **state)
{
	int w[3] = { 5, 0, 1 };
	char got[65];

	(void)state;
	ring_str(XVS_SCHED_RR, w, got, NULL);
	assert_string_equal(got, "AC");
}

static void test_ring_too_long(void **state)
{
	struct xvs_sched_dest d[2] = { { A, 65535 }, { B, 65534 } };
	uint32_t ring[16];

	(void)state;
	assert_int_equal(xvs_sched_ring(XVS_SCHED_WRR, d, 2, ring, NULL, 16), -E2BIG);
}

static void test_sched_names(void **state)
{
	(void)state;
	assert_int_equal(xvs_sched_supported("rr"), 0);
	assert_int_equal(xvs_sched_supported("wrr"), 0);
	assert_int_equal(xvs_sched_supported("wlc"), -EOPNOTSUPP);
	assert_int_equal(xvs_sched_supported("mh"), -EOPNOTSUPP);
	assert_int_equal(xvs_sched_supported("bogus"), -ENOENT);
}

/* rr: adding D at the head after A was chosen goes on with B; D comes at
 * the wrap, as ip_vs_rr_schedule() scans on from its pointer. */
static void test_rr_resume_after_add(void **state)
{
	struct xvs_sched_dest old_d[3] = { { A, 1 }, { B, 1 }, { C, 1 } };
	struct xvs_sched_dest new_d[4] = { { 3, 1 }, { A, 1 }, { B, 1 }, { C, 1 } };
	struct xvs_sched_state st = { .last = A };
	uint32_t ring[8];
	int n = xvs_sched_ring(XVS_SCHED_RR, new_d, 4, ring, NULL, 8);
	size_t at = xvs_sched_resume(XVS_SCHED_RR, &st, old_d, 3, new_d, 4, ring, NULL, n);

	(void)state;
	assert_int_equal(ring[at], B);
	assert_int_equal(ring[(at + 2) % n], 3);
}

/* rr: deleting the last choice B goes on with its successor C. */
static void test_rr_resume_after_delete(void **state)
{
	struct xvs_sched_dest old_d[3] = { { A, 1 }, { B, 1 }, { C, 1 } };
	struct xvs_sched_dest new_d[2] = { { A, 1 }, { C, 1 } };
	struct xvs_sched_state st = { .last = B };
	uint32_t ring[8];
	int n = xvs_sched_ring(XVS_SCHED_RR, new_d, 2, ring, NULL, 8);

	(void)state;
	assert_int_equal(ring[xvs_sched_resume(XVS_SCHED_RR, &st, old_d, 3, new_d, 2, ring, NULL, n)], C);
}

/* rr from a fresh state starts with the newest destination. */
static void test_rr_fresh_starts_at_head(void **state)
{
	struct xvs_sched_dest d[2] = { { B, 1 }, { A, 1 } };
	struct xvs_sched_state st = { .last = XVS_SCHED_HEAD };
	uint32_t ring[8];
	int n = xvs_sched_ring(XVS_SCHED_RR, d, 2, ring, NULL, 8);

	(void)state;
	assert_int_equal(ring[xvs_sched_resume(XVS_SCHED_RR, &st, NULL, 0, d, 2, ring, NULL, n)], B);
}

/* wrr: ip_vs_wrr_dest_changed() restarts at the head with cw kept when it
 * still fits, capped to the new mw otherwise. */
static void test_wrr_resume_keeps_cw(void **state)
{
	struct xvs_sched_dest old_d[3] = { { A, 4 }, { B, 3 }, { C, 2 } };
	struct xvs_sched_dest new_d[3] = { { A, 4 }, { B, 3 }, { C, 3 } };
	struct xvs_sched_state st = { .last = B, .cw = 2 };
	uint32_t ring[16];
	int cw[16], n = xvs_sched_ring(XVS_SCHED_WRR, new_d, 3, ring, cw, 16);
	size_t at = xvs_sched_resume(XVS_SCHED_WRR, &st, old_d, 3, new_d, 3, ring, cw, n);

	(void)state;
	/* new cycle: cw4 A | cw3 A B C | cw2 A B C | cw1 A B C; the cw 2 pass */
	assert_int_equal(at, 4);
	assert_int_equal(st.cw, 2);
	st.cw = 9;
	at = xvs_sched_resume(XVS_SCHED_WRR, &st, old_d, 3, new_d, 3, ring, cw, n);
	assert_int_equal(at, 0);
	assert_int_equal(st.cw, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrr_sequences_from_spec),
		cmocka_unit_test(test_rr_skips_weight0_keeps_list_order),
		cmocka_unit_test(test_ring_too_long),
		cmocka_unit_test(test_sched_names),
		cmocka_unit_test(test_rr_resume_after_add),
		cmocka_unit_test(test_rr_resume_after_delete),
		cmocka_unit_test(test_rr_fresh_starts_at_head),
		cmocka_unit_test(test_wrr_resume_keeps_cw),
	};

	return cmocka_run_group_tests_name("schedulers", tests, NULL, NULL);
}
