// SPDX-License-Identifier: GPL-2.0
/*
 * Selection sequences of IPVS's rr and wrr schedulers, computed in user
 * space and handed to the data plane as a ring (see bpf/sched.h).
 * References: net/netfilter/ipvs/ip_vs_rr.c, ip_vs_wrr.c.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

/* Every scheduler IPVS has; xvs implements the first XVS_SCHED_MAX. */
static const char *const ipvs_scheds[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos", "none",
};

int xvs_sched_kind(const char *name)
{
	for (size_t i = 0; i < sizeof(ipvs_scheds) / sizeof(ipvs_scheds[0]); i++)
		if (!strcmp(name, ipvs_scheds[i]))
			return i < XVS_SCHED_MAX ? (int)i : -EOPNOTSUPP;
	return -ENOENT;
}

int xvs_sched_supported(const char *name)
{
	int k = xvs_sched_kind(name);

	return k < 0 ? k : 0;
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
