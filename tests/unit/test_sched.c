// SPDX-License-Identifier: GPL-2.0
/*
 * Schedulers against IPVS's rules (../shared/specs/ipvs.md §3): rr and wrr
 * sequences and where they resume after the list changes; the dh, sh and
 * mh bucket tables and hashes with the spec's vectors; and the tournament
 * tree's choice against a line-by-line port of each load-based scan.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"
#include "xvs/sched.h"
#include "ipvs_scan.h"

#define A 0
#define B 1
#define C 2

/* A destination of the scheduler's list: slot and weight. */
#define SD(i, w) { .idx = (i), .weight = (w) }

/* The ring over list order A, B, C with @w weights, as letters. */
static void ring_str(int kind, const int w[3], char *out, int *cw)
{
	struct xvs_sched_dest d[3] = { SD(A, w[0]), SD(B, w[1]), SD(C, w[2]) };
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
	struct xvs_sched_dest d[2] = { SD(A, 65535), SD(B, 65534) };
	uint32_t ring[16];

	(void)state;
	assert_int_equal(xvs_sched_ring(XVS_SCHED_WRR, d, 2, ring, NULL, 16), -E2BIG);
}

static void test_sched_names(void **state)
{
	(void)state;
	assert_int_equal(xvs_sched_kind("rr"), XVS_SCHED_RR);
	assert_int_equal(xvs_sched_kind("wlc"), XVS_SCHED_WLC);
	assert_int_equal(xvs_sched_kind("mh"), XVS_SCHED_MH);
	assert_int_equal(xvs_sched_kind("twos"), XVS_SCHED_TWOS);
	assert_int_equal(xvs_sched_kind("none"), XVS_SCHED_NONE);
	assert_int_equal(xvs_sched_kind("bogus"), -ENOENT);
}

/* rr: adding D at the head after A was chosen goes on with B; D comes at
 * the wrap, as ip_vs_rr_schedule() scans on from its pointer. */
static void test_rr_resume_after_add(void **state)
{
	struct xvs_sched_dest old_d[3] = { SD(A, 1), SD(B, 1), SD(C, 1) };
	struct xvs_sched_dest new_d[4] = { SD(3, 1), SD(A, 1), SD(B, 1), SD(C, 1) };
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
	struct xvs_sched_dest old_d[3] = { SD(A, 1), SD(B, 1), SD(C, 1) };
	struct xvs_sched_dest new_d[2] = { SD(A, 1), SD(C, 1) };
	struct xvs_sched_state st = { .last = B };
	uint32_t ring[8];
	int n = xvs_sched_ring(XVS_SCHED_RR, new_d, 2, ring, NULL, 8);

	(void)state;
	assert_int_equal(ring[xvs_sched_resume(XVS_SCHED_RR, &st, old_d, 3, new_d, 2, ring, NULL, n)], C);
}

/* rr from a fresh state starts with the newest destination. */
static void test_rr_fresh_starts_at_head(void **state)
{
	struct xvs_sched_dest d[2] = { SD(B, 1), SD(A, 1) };
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
	struct xvs_sched_dest old_d[3] = { SD(A, 4), SD(B, 3), SD(C, 2) };
	struct xvs_sched_dest new_d[3] = { SD(A, 4), SD(B, 3), SD(C, 3) };
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

static uint32_t fold4(const char *a)
{
	return ntohl(inet_addr(a));
}

/* §3.11's vectors: bucket(10.0.0.1) 39, (192.168.1.100) 89, with sport 12345: 134. */
static void test_sh_hash_vectors(void **state)
{
	(void)state;
	assert_int_equal(xvs_sh_hash(fold4("10.0.0.1"), 0), 39);
	assert_int_equal(xvs_sh_hash(fold4("192.168.1.100"), 0), 89);
	assert_int_equal(xvs_sh_hash(fold4("10.0.0.1"), htons(12345)), 134);
}

static void table_str(int kind, const int *w, int n, char *out)
{
	struct xvs_sched_dest d[8];
	uint32_t table[XVS_MH_TAB_SIZE];
	size_t len;

	memset(d, 0, sizeof(d));
	for (int i = 0; i < n; i++) {
		d[i].idx = i;
		d[i].weight = d[i].last_weight = w[i];
	}
	len = xvs_sched_table(kind, 0, d, n, table);
	assert_int_equal(len, 256);
	for (size_t i = 0; i < 12; i++)
		out[i] = 'A' + table[i];
	out[12] = 0;
}

/* sh fills max(weight, 1) buckets per server in list order; dh takes turns. */
static void test_sh_dh_tables(void **state)
{
	int w[3] = { 2, 1, 0 };
	char got[13];

	(void)state;
	table_str(XVS_SCHED_SH, w, 3, got);
	assert_string_equal(got, "AABCAABCAABC");
	table_str(XVS_SCHED_DH, w, 3, got);
	assert_string_equal(got, "ABCABCABCABC");
}

static void mh_dests(struct xvs_sched_dest *d, int n)
{
	memset(d, 0, n * sizeof(*d));
	for (int i = 0; i < n; i++) {
		char a[32];
		struct in_addr in;

		snprintf(a, sizeof(a), "192.168.1.%d", 10 + i);
		inet_pton(AF_INET, a, &in);
		xvs_addr_from_in(&d[i].addr, &in);
		d[i].idx = i;
		d[i].port = htons(80);
		d[i].weight = d[i].last_weight = 1;
	}
}

/* §3.12's vectors: offsets and skips of 192.168.1.10-12:80, slot counts
 * 1365/1364/1364, and two lookups. */
static void test_mh_vectors(void **state)
{
	static const uint32_t off[3] = { 2186, 2340, 3773 }, skip[3] = { 43, 414, 149 };
	static const int count[3] = { 1365, 1364, 1364 };
	uint32_t table[XVS_MH_TAB_SIZE];
	struct xvs_sched_dest d[3];
	int got[3] = { 0 };

	(void)state;
	mh_dests(d, 3);
	for (int i = 0; i < 3; i++) {
		uint32_t f = xvs_addr_fold(&d[i].addr, 0);

		assert_int_equal(xvs_mh_hash(f, d[i].port, 0, XVS_MH_KEY1) % XVS_MH_TAB_SIZE, off[i]);
		assert_int_equal(xvs_mh_hash(f, d[i].port, 0, XVS_MH_KEY2) % (XVS_MH_TAB_SIZE - 1) + 1, skip[i]);
	}
	assert_int_equal(xvs_sched_table(XVS_SCHED_MH, 0, d, 3, table), XVS_MH_TAB_SIZE);
	for (int i = 0; i < XVS_MH_TAB_SIZE; i++)
		got[table[i]]++;
	for (int i = 0; i < 3; i++)
		assert_int_equal(got[i], count[i]);
	assert_int_equal(xvs_mh_hash(fold4("10.0.0.1"), 0, 0, XVS_MH_KEY1) % XVS_MH_TAB_SIZE, 3711);
	assert_int_equal(table[3711], 0);
	assert_int_equal(xvs_mh_hash(fold4("192.168.1.100"), 0, 0, XVS_MH_KEY1) % XVS_MH_TAB_SIZE, 1341);
	assert_int_equal(table[1341], 2);
}

/* Maglev's point: a new server takes slots almost only from the others'
 * share, about 1/n of the table moves. */
static void test_mh_add_moves_little(void **state)
{
	static uint32_t before[XVS_MH_TAB_SIZE], after[XVS_MH_TAB_SIZE];
	struct xvs_sched_dest d[8];
	int moved = 0;

	(void)state;
	mh_dests(d, 8);
	/* list order is newest first: the new server goes to the head */
	assert_int_equal(xvs_sched_table(XVS_SCHED_MH, 0, d + 1, 7, before), XVS_MH_TAB_SIZE);
	assert_int_equal(xvs_sched_table(XVS_SCHED_MH, 0, d, 8, after), XVS_MH_TAB_SIZE);
	for (int i = 0; i < XVS_MH_TAB_SIZE; i++)
		moved += before[i] != after[i];
	assert_true(moved < XVS_MH_TAB_SIZE / 8 + XVS_MH_TAB_SIZE / 20);
	assert_true(moved >= XVS_MH_TAB_SIZE / 8 - XVS_MH_TAB_SIZE / 20);
}

/* mh weight 0 keeps last_weight's share (quiescing does not reshuffle). */
static void test_mh_weight0_keeps_table(void **state)
{
	static uint32_t t1[XVS_MH_TAB_SIZE], t2[XVS_MH_TAB_SIZE];
	struct xvs_sched_dest d[3];

	(void)state;
	mh_dests(d, 3);
	xvs_sched_table(XVS_SCHED_MH, 0, d, 3, t1);
	d[1].weight = 0;
	xvs_sched_table(XVS_SCHED_MH, 0, d, 3, t2);
	assert_memory_equal(t1, t2, sizeof(t1));
}

/* The tree's choice: leaves in a shuffled order, ranks by list position. */
static int tree_choice(int kind, const struct rs *r, int n, unsigned *seed)
{
	static struct xvs_tnode nodes[2 * 64];
	int cap = 1, slot[64];

	while (cap < n)
		cap <<= 1;
	for (int i = 0; i < n; i++)
		slot[i] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = rand_r(seed) % (i + 1), t = slot[i];

		slot[i] = slot[j];
		slot[j] = t;
	}
	for (int i = cap; i < 2 * cap; i++)
		xvs_tree_leaf(&nodes[i], kind, 0, 0, 0, 0, 0, 0);
	for (int i = 0; i < n; i++)
		xvs_tree_leaf(&nodes[cap + slot[i]], kind, r[i].w, r[i].act, r[i].inact, r[i].over, 1000 - i, i);
	for (int i = cap - 1; i >= 1; i--)
		xvs_tnode_join(&nodes[i], &nodes[2 * i], &nodes[2 * i + 1]);
	return nodes[1].dest == XVS_TREE_NONE ? -1 : (int)nodes[1].dest;
}

/* 20,000 random lists per scheduler: the tree's root is the scan's choice,
 * ties, weight 0, overload and empty lists included. */
static void test_tree_matches_ipvs_scans(void **state)
{
	static const int kinds[] = { XVS_SCHED_LC, XVS_SCHED_WLC, XVS_SCHED_SED, XVS_SCHED_NQ,
				     XVS_SCHED_FO, XVS_SCHED_OVF };
	unsigned seed = 42;
	struct rs r[64];

	(void)state;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (int t = 0; t < 20000; t++) {
			int n = rand_r(&seed) % 40, small = t & 1; /* small counts: many ties */

			for (int i = 0; i < n; i++) {
				r[i].w = rand_r(&seed) % 5;
				r[i].act = rand_r(&seed) % (small ? 3 : 40);
				r[i].inact = rand_r(&seed) % (small ? 3 : 300);
				r[i].over = rand_r(&seed) % 10 == 0;
			}
			if (tree_choice(kinds[k], r, n, &seed) != scan(kinds[k], r, n))
				fail_msg("kind %d trial %d: tree %d, scan %d", kinds[k], t,
					 tree_choice(kinds[k], r, n, &seed), scan(kinds[k], r, n));
		}
	}
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
		cmocka_unit_test(test_sh_hash_vectors),
		cmocka_unit_test(test_sh_dh_tables),
		cmocka_unit_test(test_mh_vectors),
		cmocka_unit_test(test_mh_add_moves_little),
		cmocka_unit_test(test_mh_weight0_keeps_table),
		cmocka_unit_test(test_tree_matches_ipvs_scans),
	};

	return cmocka_run_group_tests_name("schedulers", tests, NULL, NULL);
}
