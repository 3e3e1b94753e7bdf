/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rate estimator, kept by the data plane so that `ipvsadm -L --rate`
 * has its rates with no user space running, as IPVS keeps them: a
 * bpf_timer fires every 2 s and estimates one period (include/xvs/est.h)
 * for every service and every live destination.  The packet path only
 * counts, as before; the timer sums the per-CPU counters itself.
 *
 * libxvs arms the timer once, when it loads the data plane, by running
 * xvs_est_ctl with BPF_PROG_TEST_RUN; from then on the timer re-arms itself.
 */
#ifndef XVS_BPF_EST_H
#define XVS_BPF_EST_H

#include <linux/errno.h>
#include "maps.h"
#include "xvs/est.h"

/* Possible CPUs, set by libxvs before load. */
const volatile __u32 est_nr_cpus = 1;

/*
 * CPUs summed per bpf_loop() step.  One plain loop over every CPU would
 * leave the verifier a pending branch per CPU, past its limit of 8192 on
 * the largest machines; a bpf_loop() step per CPU costs a call per CPU
 * (with retpolines, a quarter more time per period than steps of 64 on a
 * 2-CPU machine).
 */
#define EST_CPU_CHUNK 64

struct est_sum {
	struct xvs_stats sum;
	void *stats_map;
	__u32 idx;
};

/* bpf_loop() callback: add the counters of CPUs @chunk * EST_CPU_CHUNK on. */
static long est_sum_chunk(__u32 chunk, struct est_sum *s)
{
	for (__u32 i = 0; i < EST_CPU_CHUNK; i++) {
		__u32 cpu = chunk * EST_CPU_CHUNK + i;
		const struct xvs_stats *c;

		if (cpu >= est_nr_cpus)
			return 1;
		c = bpf_map_lookup_percpu_elem(s->stats_map, &s->idx, cpu);
		if (!c)
			return 1;
		s->sum.conns += c->conns;
		s->sum.inpkts += c->inpkts;
		s->sum.outpkts += c->outpkts;
		s->sum.inbytes += c->inbytes;
		s->sum.outbytes += c->outbytes;
	}
	return 0;
}

/*
 * est_slot() - one period of service slot @idx (@dest 0) or destination
 * slot @idx (@dest 1), whose owner has estimator generation @gen.  @gen must
 * have been read before the counters are: a reset gives out a new gen only
 * after zeroing them, so a period that sees the new gen sees zeroed counters.
 */
static __always_inline void est_slot(__u32 idx, __u32 dest, __u32 gen)
{
	struct xvs_est *e = bpf_map_lookup_elem(dest ? (void *)&xvs_dest_est : (void *)&xvs_svc_est, &idx);
	struct est_sum s = { .stats_map = dest ? (void *)&xvs_dest_stats : (void *)&xvs_svc_stats, .idx = idx };

	if (!e)
		return;
	bpf_loop((est_nr_cpus + EST_CPU_CHUNK - 1) / EST_CPU_CHUNK, est_sum_chunk, &s, 0);
	xvs_est_step(e, &s.sum, gen);
}

/* bpf_for_each_map_elem() callback over the services. */
static long est_svc(void *map, const struct xvs_svc_key *key, const struct xvs_svc *v, void *ctx)
{
	(void)map, (void)key, (void)ctx;
	est_slot(v->idx, 0, *(volatile const __u32 *)&v->est_gen);
	return 0;
}

/*
 * bpf_for_each_map_elem() callback over the destination slots: the live
 * ones, up to @end (xvs_config.dest_slots) past which none is.
 */
static long est_dest(void *map, const __u32 *slot, const struct xvs_dest *d, const __u32 *end)
{
	(void)map;
	if (*slot >= *end)
		return 1;
	if (d->flags & XVS_DEST_F_LIVE)
		est_slot(*slot, 1, *(volatile const __u32 *)&d->est_gen);
	return 0;
}

/*
 * One period of every service and every live destination.  Empty slots
 * cost too (an indirect call each), hence the walk's end: libxvs gives
 * out the lowest free slot, so the live ones stay near the start.
 */
static __always_inline void est_period(void)
{
	struct xvs_config *cfg = config();
	__u32 end = cfg ? cfg->dest_slots : XVS_MAX_DESTS;

	if (cfg && !cfg->sysctl[XVS_SC_RUN_ESTIMATION])
		return; /* rates stay as they were, as IPVS's */
	bpf_for_each_map_elem(&xvs_svcs, est_svc, NULL, 0);
	bpf_for_each_map_elem(&xvs_dests, est_dest, &end, 0);
}

/* Timer callback: a period, then again in 2 s (IPVS: mod_timer(jiffies + 2*HZ)). */
static int est_fire(void *map, __u32 *key, struct xvs_est_clock *c)
{
	(void)map, (void)key;
	est_period();
	c->runs++;
	bpf_timer_start(&c->timer, XVS_EST_PERIOD_NS, 0);
	return 0;
}

/*
 * est_ctl() - enum xvs_est_op @op.  START may run again: a timer armed
 * before is only pushed back to 2 s from now.
 * Returns: 0, 1 (STOP: the timer was armed), or -errno.
 */
static __always_inline long est_ctl(__u32 op)
{
	__u32 key = XVS_CLOCK_EST;
	struct xvs_est_clock *c = bpf_map_lookup_elem(&xvs_est_clock, &key);

	if (!c)
		return -ENOENT;
	switch (op) {
	case XVS_EST_START:
		return clock_arm(c, est_fire, XVS_EST_PERIOD_NS);
	case XVS_EST_RUN:
		est_period();
		return 0;
	case XVS_EST_STOP:
		return bpf_timer_cancel(&c->timer);
	}
	return -EINVAL;
}

#endif /* XVS_BPF_EST_H */
