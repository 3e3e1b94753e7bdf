/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPVS's drop_entry defense (ip_vs_random_dropentry()), run by the data
 * plane's 1-second defense timer while drop_entry is 3, so that it holds
 * with no user space running.  Each second one entry in 32 is looked at, at
 * random, as IPVS looks at 1/32 of its buckets:
 *  - a template that controls no flow goes unless a flow of it was
 *    established (a one-packet service's template: as a UDP flow below);
 *  - a TCP flow in SYN_RECV or SYNACK (SCTP: INIT1 or INIT) goes;
 *  - an established TCP or SCTP flow, and any UDP flow, goes when it has
 *    been idle 60 s and has seen 1 to 8 client packets: with n packets,
 *    every n-th such one (todrop_entry()'s counters);
 * and a flow that goes takes its template along unless the template still
 * controls others, which then expires XVS_TMPL_LATER seconds on.
 * The automatic values (1, 2) wait for memory to run short, which a
 * preallocated connection table does not: they drop nothing.
 */
#ifndef XVS_BPF_DEFENSE_H
#define XVS_BPF_DEFENSE_H

#include <linux/errno.h>
#include "conn.h"

#define XVS_DEFENSE_PERIOD_NS NSEC_PER_SEC
#define XVS_TODROP_IDLE_NS (60 * NSEC_PER_SEC)

struct drop_walk {
	__u64 now;
	struct xvs_est_clock *clock; /* its todrop counters */
	__u32 every;                 /* every entry a candidate, not one in 32 */
};

/* IPVS's todrop_entry(): whether an idle flow of few packets goes now. */
static __always_inline int todrop_entry(const struct xvs_conn *c, struct drop_walk *w)
{
	__u32 i = c->in_pkts;

	/* signed: a synced entry's last_ns may lie ahead (bpf/sync.h) */
	if ((__s64)(w->now - c->last_ns) < (__s64)XVS_TODROP_IDLE_NS || i < 1 || i > 8)
		return 0;
	if (--w->clock->todrop[i & 15] > 0)
		return 0;
	w->clock->todrop[i & 15] = i;
	return 1;
}

/* bpf_for_each_map_elem() callback over the connection table. */
static long drop_entry_one(void *map, struct xvs_conn_key *k, struct xvs_conn *c, struct drop_walk *w)
{
	int drop;

	if (!w->every && (bpf_get_prandom_u32() & 31))
		return 0;
	if (c->flags & XVS_CONN_F_TEMPLATE) {
		if ((__s32)c->n_control > 0)
			return 0;
		drop = c->flags & XVS_CONN_F_ONE_PACKET ? todrop_entry(c, w) : c->state != XVS_CTPL_ASSURED;
	} else if (k->proto == IPPROTO_TCP) {
		drop = c->state == XVS_TCP_SYN_RECV || c->state == XVS_TCP_SYNACK ||
		       (c->state == XVS_TCP_ESTABLISHED && todrop_entry(c, w));
	} else if (k->proto == IPPROTO_SCTP) {
		drop = c->state == XVS_SCTP_INIT1 || c->state == XVS_SCTP_INIT ||
		       (c->state == XVS_SCTP_ESTABLISHED && todrop_entry(c, w));
	} else {
		drop = todrop_entry(c, w);
	}
	if (!drop)
		return 0;
	count_reason(XVS_R_DROP_ENTRY);
	if (c->tmpl & XVS_TMPL_CONTROLLED) {
		tmpl_touch(k, c, TMPL_DROP);
		c->tmpl &= ~XVS_TMPL_CONTROLLED;
	}
	conn_drop(map, k, c);
	return 0;
}

/* One pass over the connection table. */
static __always_inline void drop_entry_pass(struct xvs_est_clock *clock, __u32 every)
{
	struct drop_walk w = { .now = bpf_ktime_get_ns(), .clock = clock, .every = every };

	bpf_for_each_map_elem(&xvs_conns, drop_entry_one, &w, 0);
}

/* Timer callback: a pass while drop_entry is 3, then again in 1 s. */
static int defense_fire(void *map, __u32 *key, struct xvs_est_clock *c)
{
	struct xvs_config *cfg = config();

	(void)map, (void)key;
	if (cfg && cfg->sysctl[XVS_SC_DROP_ENTRY] == 3) {
		drop_entry_pass(c, 0);
		c->runs++;
	}
	bpf_timer_start(&c->timer, XVS_DEFENSE_PERIOD_NS, 0);
	return 0;
}

/*
 * defense_ctl() - XVS_EST_START: arm the timer (again: pushed back to 1 s
 * from now); XVS_EST_DROP_ENTRY: one pass now over every entry.
 * Returns: 0 or -errno.
 */
static __always_inline long defense_ctl(__u32 op)
{
	__u32 key = XVS_CLOCK_DEFENSE;
	struct xvs_est_clock *c = bpf_map_lookup_elem(&xvs_est_clock, &key);

	if (!c)
		return -ENOENT;
	if (op == XVS_EST_DROP_ENTRY) {
		drop_entry_pass(c, 1);
		return 0;
	}
	return clock_arm(c, defense_fire, XVS_DEFENSE_PERIOD_NS);
}

#endif /* XVS_BPF_DEFENSE_H */
