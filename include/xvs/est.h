/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPVS's rate estimator (net/netfilter/ipvs/ip_vs_est.c): every 2 s each
 * rate moves a quarter of the way toward the last period's, an EWMA with
 * W = 1/4 kept in fixed point.  Pure functions over ABI types, compiled by
 * clang for BPF (bpf/est.h runs a period) and gcc for user space (libxvs
 * reads the rates; the unit tests).
 */
#ifndef XVS_EST_H
#define XVS_EST_H

#include "xvs/abi.h"

#define XVS_EST_PERIOD_NS 2000000000ULL

/*
 * xvs_est_avg() - one period of one average: the counter moved from @last
 * to @now; @shift scales the 2-second difference to the average's fixed
 * point (9: per second × 2^10, 4: per second × 2^5).  Signed arithmetic as
 * IPVS's, so an average falls when its rate does.
 */
static inline __u64 xvs_est_avg(__u64 avg, __u64 now, __u64 last, int shift)
{
	__s64 rate = (__s64)((now - last) << shift);

	return avg + ((rate - (__s64)avg) >> 2);
}

/*
 * xvs_est_step() - estimate one period of @e from the counter totals @now.
 * A @gen other than @e's first restarts the estimator: counters were
 * zeroed when @gen was given out (abi.h, struct xvs_est), so the last
 * totals are 0 and this period counts everything since.
 */
static inline void xvs_est_step(struct xvs_est *e, const struct xvs_stats *now, __u32 gen)
{
	if (e->gen != gen) {
		__builtin_memset(e, 0, sizeof(*e));
		e->gen = gen;
	}
	e->cps = xvs_est_avg(e->cps, now->conns, e->last.conns, 9);
	e->inpps = xvs_est_avg(e->inpps, now->inpkts, e->last.inpkts, 9);
	e->outpps = xvs_est_avg(e->outpps, now->outpkts, e->last.outpkts, 9);
	e->inbps = xvs_est_avg(e->inbps, now->inbytes, e->last.inbytes, 4);
	e->outbps = xvs_est_avg(e->outbps, now->outbytes, e->last.outbytes, 4);
	e->last = *now;
}

/* Per-second rates as IPVS reports them (ip_vs_read_estimator), rounded. */
static inline __u64 xvs_est_pps(__u64 avg)
{
	return (avg + 0x1FF) >> 10;
}

static inline __u64 xvs_est_bps(__u64 avg)
{
	return (avg + 0xF) >> 5;
}

#endif /* XVS_EST_H */
