/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection sync, the data plane's side (IPVS's ip_vs_sync.c; the
 * contract is include/xvs/abi.h, the daemons lib/sync.c).
 *
 * Master: while XVS_CFG_F_SYNC_MASTER is set, a flow that a client packet
 * creates or moves is reported by IPVS's rules (sync_conn_needed()) to the
 * ring xvs_sync_ring, and then its template.  With the flag clear the
 * packet path spends one test on it.
 *
 * Backup: the backup daemon installs what the master sent through
 * xvs_est_ctl's XVS_SYNC_INSTALL (sync_install()).
 */
#ifndef XVS_BPF_SYNC_H
#define XVS_BPF_SYNC_H

#include <linux/errno.h>
#include "conn.h"
#include "persist.h"

/* The TCP and SCTP states IPVS syncs a flow in (ip_vs_sync_conn_needed()). */
#define SYNC_TCP_STATES                                                                                    \
	((1U << XVS_TCP_ESTABLISHED) | (1U << XVS_TCP_FIN_WAIT) | (1U << XVS_TCP_CLOSE) |                  \
	 (1U << XVS_TCP_CLOSE_WAIT) | (1U << XVS_TCP_TIME_WAIT))
#define SYNC_SCTP_STATES                                                                                   \
	((1U << XVS_SCTP_ESTABLISHED) | (1U << XVS_SCTP_SHUTDOWN_SENT) | (1U << XVS_SCTP_SHUTDOWN_RECEIVED) | \
	 (1U << XVS_SCTP_SHUTDOWN_ACK_SENT) | (1U << XVS_SCTP_CLOSED))

/*
 * sync_conn_needed() - IPVS's ip_vs_sync_conn_needed() for a flow of
 * @proto now in @state, last synced in @old_state, at its client packet
 * @pkts.  TCP and SCTP flows are synced only in the states above, and at
 * once when they enter one of them other than ESTABLISHED; otherwise at
 * packet sync_threshold and every sync_period after (sync_period 0:
 * once).  sync_refresh_period (and its sync_retries) is not implemented:
 * xvs has no such sysctl, as if it were 0, IPVS's default.  Global, so the
 * verifier checks it once.
 * Returns: 1 when the flow is to be sent.
 */
__noinline int sync_conn_needed(__u32 proto, __u32 state, __u32 old_state, __u32 pkts)
{
	struct xvs_config *cfg = config();
	__u32 states = proto == IPPROTO_TCP ? SYNC_TCP_STATES : proto == IPPROTO_SCTP ? SYNC_SCTP_STATES : 0;
	__u32 threshold, period;

	if (!cfg)
		return 0;
	if (states) {
		if (state >= 32 || !((1U << state) & states))
			return 0;
		/* ESTABLISHED (TCP's 1, SCTP's 8) waits for its packet count
		 * like any packet; a change to another state goes at once */
		if (state != old_state && state != (proto == IPPROTO_TCP ? XVS_TCP_ESTABLISHED : XVS_SCTP_ESTABLISHED))
			return 1;
	}
	threshold = cfg->sysctl[XVS_SC_SYNC_THRESHOLD];
	period = cfg->sysctl[XVS_SC_SYNC_PERIOD];
	if (period)
		return pkts % period == threshold;
	return pkts == threshold;
}

/*
 * sync_hold_registry() - xvs_sync is libxvs's alone, but some program must
 * hold it: a data plane found through its XDP program once its pins are
 * gone (lib/instance.c) takes its maps from that program, and a map that
 * no program holds goes with its last pin.  Naming the map in the code is
 * all it takes: the kernel counts every map a program's instructions load.
 */
static __always_inline void sync_hold_registry(void)
{
	asm volatile("" : : "r"(&xvs_sync));
}

/*
 * sync_emit() - report entry @c (a flow, or a template) under key @k, with
 * mark @fwmark, to the ring.  The reader is woken only by the event that
 * makes XVS_SYNC_WAKEUP_BYTES wait, so that it takes events in batches;
 * not by every event after it: each forced wakeup queues an irq_work, a
 * self-interrupt, which cost 120 ns a packet (one event in 50, prog_cost
 * --sync) while the reader lagged.  Its poll is level-triggered and it
 * also drains on a timer, so a crossing two CPUs hide from each other
 * loses no event.
 */
static __always_inline void sync_emit(const struct xvs_conn_key *k, const struct xvs_conn *c, __u32 fwmark)
{
	struct xvs_sync_event *ev = bpf_ringbuf_reserve(&xvs_sync_ring, sizeof(*ev), 0);
	__u64 wait;
	int crossed;

	if (!ev) {
		count_reason(XVS_R_SYNC_LOST);
		return;
	}
	ev->key = *k;
	ev->daddr = c->daddr;
	ev->dport = c->dport;
	ev->state = c->state;
	ev->pad = 0;
	/* IPVS's templates and inactive flows carry its INACTIVE */
	ev->flags = c->flags;
	if ((c->flags & XVS_CONN_F_TEMPLATE) || !state_active(k->proto, c->state))
		ev->flags |= XVS_CONN_F_INACTIVE;
	ev->timeout = entry_timeout_ns(c, k->proto) / NSEC_PER_SEC;
	ev->fwmark = fwmark;
	/* reserved, this event counts in the data waiting */
	wait = bpf_ringbuf_query(&xvs_sync_ring, BPF_RB_AVAIL_DATA);
	crossed = wait >= XVS_SYNC_WAKEUP_BYTES && wait - (sizeof(*ev) + BPF_RINGBUF_HDR_SZ) < XVS_SYNC_WAKEUP_BYTES;
	bpf_ringbuf_submit(ev, crossed ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

/*
 * sync_conn_send() - report the packet's flow (its key in scratch, ckey),
 * of a service of mark @fwmark (0: none), and then its template, as
 * IPVS's ip_vs_sync_conn() does once it has sent a flow.  With
 * sync_persist_mode a flow that a template controls is not sent, its
 * template is.  IPVS's v1 also sends a template at every packet of its
 * flows (with sync_period > 0), each time it considers them: here a
 * template goes when one of its flows would, and lives on the backup as
 * long as they do (sync_install() binds them).  A --pe sip template is
 * not sent: its Call-ID is not in the event.  Global, so the verifier
 * checks it once.
 */
__noinline int sync_conn_send(__u32 fwmark)
{
	struct xvs_config *cfg = config();
	struct xvs_scratch *sc = scratch();
	struct xvs_conn *c, *t;
	int controlled;

	sync_hold_registry();
	if (!sc || !cfg)
		return 0;
	c = bpf_map_lookup_elem(&xvs_conns, &sc->ckey);
	if (!c)
		return 0;
	if (c->tmpl_mark)
		fwmark = c->tmpl_mark;
	controlled = c->tmpl & XVS_TMPL_CONTROLLED;
	if (!controlled || !cfg->sysctl[XVS_SC_SYNC_PERSIST_MODE])
		sync_emit(&sc->ckey, c, fwmark);
	if (!controlled || c->tmpl_pe)
		return 0;
	tmpl_key(&sc->tkey, &sc->ckey, c->tmpl_mask, c->tmpl_mark, c->tmpl);
	t = bpf_map_lookup_elem(&xvs_conns, &sc->tkey);
	if (t && (t->flags & XVS_CONN_F_TEMPLATE))
		sync_emit(&sc->tkey, t, fwmark);
	return 0;
}

/*
 * sync_flow() - after a client packet created or moved flow @c (its key in
 * scratch), of protocol @proto and a service of mark @fwmark: report it
 * if IPVS would.  Only while a master daemon runs (the caller tests).
 */
static __always_inline void sync_flow(struct xvs_conn *c, __u8 proto, __u32 fwmark)
{
	if (!sync_conn_needed(proto, c->state, c->old_state, c->in_pkts))
		return;
	c->old_state = c->state;
	sync_conn_send(fwmark);
}

/*
 * conn_learn_hop() - a synced flow (sync_install()) came with no client L2
 * hop: the first packet of the client on this director gives it, so that
 * NAT replies reach the client when the kernel has no neighbour entry
 * (nat_out_l2()).
 */
static __always_inline void conn_learn_hop(struct xvs_conn *c, const struct xvs_pkt *p, __u32 ifindex)
{
	c->c_ifindex = ifindex;
	__builtin_memcpy(c->c_mac, p->eth->h_source, 6);
	__builtin_memcpy(c->l_mac, p->eth->h_dest, 6);
}

/* --- the backup's side --- */

/* Whether @state is one that an entry of @proto (a template: @tmpl) can be in. */
static __always_inline int sync_state_valid(__u8 proto, __u8 state, int tmpl)
{
	if (tmpl)
		return state <= XVS_CTPL_ASSURED;
	if (proto == IPPROTO_TCP)
		return state < XVS_TCP_S_LAST;
	if (proto == IPPROTO_SCTP)
		return state < XVS_SCTP_S_LAST;
	return proto == IPPROTO_UDP && state == XVS_UDP_STATE;
}

/*
 * sync_last_ns() - the last_ns that makes a synced flow in @state end at
 * @deadline: flows derive their end from their last packet (last_ns plus
 * their state's timeout: conn_expire(), -Lc), so last_ns goes where that
 * sum is @deadline, ahead of now when the message's timeout is longer than
 * the state's.  The flow's next packet sets last_ns to its own time, and
 * from then on it lives by its state's timeout, as IPVS's does.
 */
static __always_inline __u64 sync_last_ns(__u8 proto, __u8 state, __u64 deadline)
{
	__u64 st = state_timeout_ns(proto, state);

	return deadline > st ? deadline - st : 0;
}

/*
 * sync_bind() - count persistent flow @c (key @k) in its template, if the
 * template is there.  A flow synced before its template (IPVS sends a
 * flow, then its template) is bound when the next message of it comes.
 */
static __always_inline void sync_bind(const struct xvs_conn_key *k, struct xvs_conn *c)
{
	if (!(c->tmpl & XVS_TMPL_CONTROLLED) && tmpl_touch(k, c, TMPL_BIND))
		c->tmpl |= XVS_TMPL_CONTROLLED;
}

/*
 * sync_tmpl_install() - template @k of @in for service @svc, real server
 * @d: (re)bound to @d as the data plane binds one (tmpl_bind(); the
 * master's template may have moved), in the message's state, to live
 * @in's timeout (0: the service's) from now.
 * Returns: 0 created, 1 updated, -ENOSPC.
 */
static __always_inline long sync_tmpl_install(const struct xvs_conn_key *k, struct xvs_conn *t,
					      const struct xvs_sync_install *in, const struct xvs_svc *svc,
					      const struct xvs_dest *d, __u64 now)
{
	struct xvs_scratch *sc = scratch();
	__u32 timeout = in->timeout ? in->timeout : svc->timeout;
	__u64 tmo = (__u64)timeout * NSEC_PER_SEC;
	int created = !t;

	if (!sc)
		return -ENOMEM;
	if (t && (t->dest_idx != in->dest_idx || t->dest_gen != d->gen)) {
		dest_persist_add(t->dest_idx, t->dest_gen, -1);
		dest_persist_add(in->dest_idx, d->gen, 1);
	}
	if (!t) {
		/* Built in scratch: the value would not fit the stack. */
		__builtin_memset(sc->conn, 0, sizeof(sc->conn));
		t = (struct xvs_conn *)sc->conn;
	}
	tmpl_bind(t, svc, in->dest_idx, d, tmpl_vport0(svc), now);
	t->state = in->state;
	t->timeout = timeout;
	t->fire_ns = now + tmo;
	if (!created) {
		bpf_timer_start(&t->timer, tmo, 0);
		return 1;
	}
	if (!conn_insert(k, t, tmo))
		return -ENOSPC;
	dest_persist_add(in->dest_idx, d->gen, 1);
	return 0;
}

/*
 * sync_flow_create() - flow @k of @in for service @svc, real server @d, as
 * conn_create() makes one (method, NOOUTPUT, the template it follows, the
 * NAT reverse entry, the counts), in the message's state, to end at
 * @deadline.  It has no client L2 hop: conn_learn_hop() takes it from the
 * client's first packet here.
 * Returns: 0, -ENOMEM or -ENOSPC.
 */
static __always_inline long sync_flow_create(const struct xvs_conn_key *k, const struct xvs_sync_install *in,
					     const struct xvs_svc *svc, const struct xvs_dest *d, __u64 now,
					     __u64 deadline, __u32 in_pkts)
{
	struct xvs_scratch *sc = scratch();
	__u32 fwd = d->fwd & XVS_FWD_MASK;
	struct xvs_conn *init, *c;

	if (!sc)
		return -ENOMEM;
	__builtin_memset(sc->conn, 0, sizeof(sc->conn));
	init = (struct xvs_conn *)sc->conn;
	init->dest_idx = in->dest_idx;
	init->dest_gen = d->gen;
	init->svc_idx = svc->idx;
	init->daddr = d->addr;
	init->dport = in->dport;
	init->flags = fwd;
	if (fwd != XVS_FWD_MASQ || (in->flags & XVS_CONN_F_NOOUTPUT))
		init->flags |= XVS_CONN_F_NOOUTPUT;
	if (svc->flags & XVS_SVC_F_PERSISTENT) {
		init->tmpl = tmpl_vport0(svc) ? XVS_TMPL_VPORT0 : 0;
		init->tmpl_mask = svc->netmask;
		init->tmpl_mark = svc->fwmark;
	}
	init->state = in->state;
	init->old_state = in->state;
	init->in_pkts = in_pkts;
	init->last_ns = sync_last_ns(k->proto, in->state, deadline);
	init->fire_ns = deadline;
	c = conn_insert(k, init, deadline - now);
	if (!c)
		return -ENOSPC;
	if (fwd == XVS_FWD_MASQ) {
		struct xvs_conn_key rk;

		nat_rev_key(&rk, k, c);
		bpf_map_update_elem(&xvs_nat_rev, &rk, k, BPF_ANY);
	}
	if (state_active(k->proto, c->state))
		dest_conns_add(in->dest_idx, d->gen, 1, 0);
	else
		dest_conns_add(in->dest_idx, d->gen, 0, 1);
	if (svc->flags & XVS_SVC_F_PERSISTENT)
		sync_bind(k, c);
	return 0;
}

/*
 * sync_flow_update() - existing flow @c (key @k) of the same real server
 * moves to the message's state (its counts with it) and ends at @deadline.
 */
static __always_inline void sync_flow_update(const struct xvs_conn_key *k, struct xvs_conn *c,
					     const struct xvs_sync_install *in, const struct xvs_svc *svc,
					     __u64 now, __u64 deadline, __u32 in_pkts)
{
	int was = state_active(k->proto, c->state), is = state_active(k->proto, in->state);

	if (was != is)
		dest_conns_add(c->dest_idx, c->dest_gen, is ? 1 : -1, is ? -1 : 1);
	c->state = in->state;
	c->old_state = in->state;
	c->in_pkts = in_pkts;
	c->flags &= ~XVS_CONN_F_ICMP;
	c->last_ns = sync_last_ns(k->proto, in->state, deadline);
	c->fire_ns = deadline;
	bpf_timer_start(&c->timer, deadline - now, 0);
	if (svc->flags & XVS_SVC_F_PERSISTENT)
		sync_bind(k, c);
}

/*
 * sync_install() - xvs_est_ctl's XVS_SYNC_INSTALL: install @op's entry,
 * as IPVS's backup does (ip_vs_proc_conn()).  Service and real server must
 * be the ones libxvs found (index, generation).  A new entry is made as
 * the data plane makes one; an existing one of the same real server moves
 * to the message's state; a flow of another real server is dropped and
 * made anew.  The entry ends @op->install.timeout seconds from now (0: its
 * state's timeout, a template's the service's); a flow's in_pkts becomes
 * sync_threshold, as IPVS sets it.
 * Returns: 0 created, 1 updated, -ENOENT (no such service or real server),
 * -EINVAL (a state or key no entry has), -ENOSPC.
 */
static __always_inline long sync_install(const struct xvs_est_op_ctx *op)
{
	struct xvs_scratch *sc = scratch();
	struct xvs_config *cfg = config();
	struct xvs_sync_install *in;
	struct xvs_conn_key *k;
	struct xvs_svc *svc;
	struct xvs_dest *d;
	struct xvs_conn *c;
	__u64 now, deadline;
	__u32 dest_idx;
	int tmpl;

	if (!sc || !cfg)
		return -ENOMEM;
	/* The verifier takes the context only at constant offsets from its
	 * own pointer, which struct copies do not keep to: word by word into
	 * scratch, and from there as any memory. */
#pragma unroll
	for (int i = 0; i < (int)(sizeof(*op) / 4); i++)
		((__u32 *)&sc->sync_op)[i] = ((const __u32 *)op)[i];
	in = &sc->sync_op.install;
	k = &in->key;
	dest_idx = in->dest_idx;
	tmpl = !!(in->flags & XVS_CONN_F_TEMPLATE);
	svc = bpf_map_lookup_elem(&xvs_svcs, &sc->sync_op.svc);
	d = bpf_map_lookup_elem(&xvs_dests, &dest_idx);
	if (!svc || svc->idx != in->svc_idx || !d || !(d->flags & XVS_DEST_F_LIVE) || d->gen != in->dest_gen ||
	    d->svc_idx != svc->idx)
		return -ENOENT;
	if ((k->kind == XVS_KEY_TEMPLATE) != tmpl || (!tmpl && k->kind != XVS_KEY_FLOW) ||
	    !sync_state_valid(k->proto, in->state, tmpl))
		return -EINVAL;
	now = bpf_ktime_get_ns();
	if (tmpl) {
		/* the key the service's clients will look the template up by */
		tmpl_key(&sc->tkey, k, svc->netmask, svc->fwmark, tmpl_vport0(svc) ? XVS_TMPL_VPORT0 : 0);
		k = &sc->tkey;
		return sync_tmpl_install(k, bpf_map_lookup_elem(&xvs_conns, k), in, svc, d, now);
	}
	c = bpf_map_lookup_elem(&xvs_conns, k);
	deadline = now + (in->timeout ? (__u64)in->timeout * NSEC_PER_SEC : state_timeout_ns(k->proto, in->state));
	if (c && c->dest_idx == dest_idx && c->dest_gen == d->gen && c->dport == in->dport) {
		sync_flow_update(k, c, in, svc, now, deadline, cfg->sysctl[XVS_SC_SYNC_THRESHOLD]);
		return 1;
	}
	if (c)
		conn_drop(&xvs_conns, k, c);
	return sync_flow_create(k, in, svc, d, now, deadline, cfg->sysctl[XVS_SC_SYNC_THRESHOLD]);
}

#endif /* XVS_BPF_SYNC_H */
