// SPDX-License-Identifier: GPL-2.0
/*
 * What libxvs computes for the data plane's schedulers (see bpf/sched.h):
 * the selection cycles of IPVS's rr and wrr, and the bucket tables of dh,
 * sh and mh.  References: net/netfilter/ipvs/ip_vs_rr.c, ip_vs_wrr.c,
 * ip_vs_dh.c, ip_vs_sh.c, ip_vs_mh.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "xvs/sched.h"

/* Every scheduler IPVS has, in enum xvs_sched_kind order. */
static const char *const ipvs_scheds[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos", "none",
};
_Static_assert(sizeof(ipvs_scheds) / sizeof(ipvs_scheds[0]) == XVS_SCHED_MAX, "one name per scheduler");

int xvs_sched_kind(const char *name)
{
	for (size_t i = 0; i < XVS_SCHED_MAX; i++)
		if (!strcmp(name, ipvs_scheds[i]))
			return i;
	return -ENOENT;
}

static int gcd(int a, int b)
{
	while (b) {
		int t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* ip_vs_wrr_gcd_weight() and ip_vs_wrr_max_weight(). */
static void wrr_params(const struct xvs_sched_dest *d, size_t n, int *di, int *mw)
{
	int g = 0, max = 0;

	for (size_t i = 0; i < n; i++) {
		if (d[i].weight <= 0)
			continue;
		g = g ? gcd(d[i].weight, g) : d[i].weight;
		if (d[i].weight > max)
			max = d[i].weight;
	}
	*di = g ? g : 1;
	*mw = max - (*di - 1);
}

int xvs_sched_ring(int kind, const struct xvs_sched_dest *d, size_t n, uint32_t *ring, int *cw, size_t cap)
{
	size_t len = 0;
	int di, mw;

	if (kind == XVS_SCHED_RR) {
		for (size_t i = 0; i < n; i++) {
			if (d[i].weight <= 0)
				continue;
			if (len == cap)
				return -E2BIG;
			if (cw)
				cw[len] = 0;
			ring[len++] = d[i].idx;
		}
		return len;
	}
	/*
	 * wrr: one pass over the list per current weight cw = mw, mw - di, ...
	 * while cw > 0, taking every destination whose weight >= cw; then cw
	 * wraps to mw.  That is the whole period of ip_vs_wrr_schedule().
	 */
	wrr_params(d, n, &di, &mw);
	if (mw <= 0)
		return 0;
	for (int w = mw; w > 0; w -= di) {
		for (size_t i = 0; i < n; i++) {
			if (d[i].weight < w)
				continue;
			if (len == cap)
				return -E2BIG;
			if (cw)
				cw[len] = w;
			ring[len++] = d[i].idx;
		}
	}
	return len;
}

/* Slot of the first eligible destination after list position @at. */
static int rr_next_from(const struct xvs_sched_dest *d, size_t n, size_t at, const uint32_t *ring, size_t len)
{
	for (size_t step = 1; step <= n; step++) {
		uint32_t idx = d[(at + step) % n].idx;

		for (size_t j = 0; j < len; j++)
			if (ring[j] == idx)
				return j;
	}
	return -1;
}

static int list_pos(const struct xvs_sched_dest *d, size_t n, uint32_t idx)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].idx == idx)
			return i;
	return -1;
}

size_t xvs_sched_resume(int kind, struct xvs_sched_state *st, const struct xvs_sched_dest *old_d, size_t old_n,
			const struct xvs_sched_dest *new_d, size_t new_n, const uint32_t *new_ring,
			const int *new_cw, size_t new_len)
{
	int di, mw, at, j;

	if (!new_len)
		return 0;
	if (kind == XVS_SCHED_RR) {
		if (st->last == XVS_SCHED_HEAD)
			return 0;
		at = list_pos(new_d, new_n, st->last);
		if (at >= 0) {
			j = rr_next_from(new_d, new_n, at, new_ring, new_len);
			return j < 0 ? 0 : j;
		}
		/* The last choice was deleted: its old successors, in order. */
		at = list_pos(old_d, old_n, st->last);
		if (at < 0)
			return 0;
		for (size_t step = 1; step < old_n; step++) {
			int k = list_pos(new_d, new_n, old_d[(at + step) % old_n].idx);

			if (k < 0)
				continue;
			j = rr_next_from(new_d, new_n, (k + new_n - 1) % new_n, new_ring, new_len);
			return j < 0 ? 0 : j;
		}
		return 0;
	}
	wrr_params(new_d, new_n, &di, &mw);
	if (st->cw > mw || !st->cw)
		st->cw = mw;
	else if (di > 1)
		st->cw = (st->cw / di) * di + 1;
	for (size_t s = 0; s < new_len; s++)
		if (new_cw[s] == st->cw)
			return s;
	return 0;
}

/* ip_vs_dh_reassign(): buckets take the destinations in turn. */
static size_t dh_table(const struct xvs_sched_dest *d, size_t n, uint32_t *table)
{
	for (size_t i = 0; i < XVS_DH_TAB_SIZE; i++)
		table[i] = d[i % n].idx;
	return XVS_DH_TAB_SIZE;
}

/* ip_vs_sh_reassign(): each destination fills max(weight, 1) buckets in
 * turn, around the list until all are filled. */
static size_t sh_table(const struct xvs_sched_dest *d, size_t n, uint32_t *table)
{
	size_t at = 0;
	int count = 0;

	for (size_t i = 0; i < XVS_SH_TAB_SIZE; i++) {
		table[i] = d[at].idx;
		if (++count >= d[at].weight) {
			at = (at + 1) % n;
			count = 0;
		}
	}
	return XVS_SH_TAB_SIZE;
}

static int fls32(uint32_t v)
{
	return v ? 32 - __builtin_clz(v) : 0;
}

/*
 * Maglev's table (ip_vs_mh_permutate, ip_vs_mh_populate): every destination
 * with a last weight walks its own permutation of the slots, taking turns
 * in list order, turns proportional to last weight / gcd.
 */
static size_t mh_table(int v6, const struct xvs_sched_dest *d, size_t n, uint32_t *table)
{
	uint32_t *offset = calloc(n, sizeof(*offset)), *skip = calloc(n, sizeof(*skip));
	uint32_t *perm = calloc(n, sizeof(*perm));
	bool *taken = calloc(XVS_MH_TAB_SIZE, sizeof(*taken));
	int *turns = calloc(n, sizeof(*turns));
	int g = 0, max = 0, rshift, dt_count = 0;
	size_t filled = 0, at = 0;

	if (!offset || !skip || !perm || !taken || !turns)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (d[i].last_weight <= 0)
			continue;
		g = g ? gcd(d[i].last_weight, g) : d[i].last_weight;
		if (d[i].last_weight > max)
			max = d[i].last_weight;
	}
	if (g < 1)
		goto out;
	rshift = fls32(max / g) - XVS_MH_TAB_BITS;
	if (rshift < 0)
		rshift = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t fold = xvs_addr_fold(&d[i].addr, v6);
		int lw = d[i].last_weight;

		offset[i] = xvs_mh_hash(fold, d[i].port, 0, XVS_MH_KEY1) % XVS_MH_TAB_SIZE;
		skip[i] = xvs_mh_hash(fold, d[i].port, 0, XVS_MH_KEY2) % (XVS_MH_TAB_SIZE - 1) + 1;
		perm[i] = offset[i];
		turns[i] = (lw / g) >> rshift;
		if (!turns[i])
			turns[i] = lw != 0;
	}
	while (filled < XVS_MH_TAB_SIZE) {
		uint32_t c;

		if (turns[at] < 1) {
			at = (at + 1) % n;
			continue;
		}
		c = perm[at];
		while (taken[c]) {
			perm[at] += skip[at];
			if (perm[at] >= XVS_MH_TAB_SIZE)
				perm[at] -= XVS_MH_TAB_SIZE;
			c = perm[at];
		}
		taken[c] = true;
		table[c] = d[at].idx;
		filled++;
		if (++dt_count >= turns[at]) {
			dt_count = 0;
			at = (at + 1) % n;
		}
	}
out:
	free(offset);
	free(skip);
	free(perm);
	free(taken);
	free(turns);
	return filled;
}

size_t xvs_sched_table(int kind, int v6, const struct xvs_sched_dest *d, size_t n, uint32_t *table)
{
	if (!n)
		return 0;
	switch (kind) {
	case XVS_SCHED_DH:
		return dh_table(d, n, table);
	case XVS_SCHED_SH:
		return sh_table(d, n, table);
	case XVS_SCHED_MH:
		return mh_table(v6, d, n, table);
	}
	return 0;
}
