/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduling a new connection, one way per family of IPVS schedulers:
 *  - rr, wrr: libxvs computes the selection cycle with IPVS's exact rules
 *    (lib/sched.c) and stores it as a ring; the data plane takes the next
 *    slot with one atomic add, so every CPU follows the one sequence IPVS
 *    would produce.
 *  - dh, sh, mh: libxvs builds IPVS's bucket table into the same ring; the
 *    data plane hashes the packet's address as IPVS does and probes on with
 *    the -b fallback flags.
 *  - lc, wlc, sed, nq, fo, ovf, twos, lblc, lblcr: the root (or a weighted
 *    descent) of the service's tournament tree (bpf/tree.h).
 */
#ifndef XVS_BPF_SCHED_H
#define XVS_BPF_SCHED_H

#include "maps.h"
#include "parse.h"
#include "tree.h"

static __always_inline int ring_at(__u32 svc_idx, __u32 half, __u32 slot, __u32 *dest_idx)
{
	struct xvs_ring_key rk;
	__u32 *d;

	__builtin_memset(&rk, 0, sizeof(rk));
	rk.svc_idx = svc_idx;
	rk.half = half;
	rk.slot = slot;
	d = bpf_map_lookup_elem(&xvs_ring, &rk);
	if (!d)
		return -1;
	*dest_idx = *d;
	return 0;
}

/* A real server of @svc_idx that takes new connections (weight > 0, not
 * overloaded): dh, sh and mh's availability test. */
static __always_inline int dest_usable(__u32 idx, __u32 svc_idx)
{
	struct xvs_dest *d = bpf_map_lookup_elem(&xvs_dests, &idx);
	struct xvs_dest_conns *dc = bpf_map_lookup_elem(&xvs_dest_conns, &idx);

	return d && dc && (d->flags & XVS_DEST_F_LIVE) && d->svc_idx == svc_idx && d->weight > 0 &&
	       !dc->overload;
}

static __always_inline int overloaded(__u32 idx)
{
	struct xvs_dest_conns *dc = bpf_map_lookup_elem(&xvs_dest_conns, &idx);

	return dc && dc->overload;
}

struct cycle {
	struct xvs_sched_pos *sp;
	__u32 svc_idx;
	__u32 half;
	__u32 len;
	__u32 dest;
	int found;
};

/* One step past an overloaded server: the cycle's next slot. */
static long cycle_step(__u32 i, void *arg)
{
	struct cycle *cy = arg;
	__u64 pos;

	(void)i;
	if (!cy->sp || !cy->len)
		return 1;
	pos = __sync_fetch_and_add(&cy->sp->pos, 1);
	if (ring_at(cy->svc_idx, cy->half, pos % cy->len, &cy->dest))
		return 1;
	cy->found = !overloaded(cy->dest);
	return cy->found;
}

/*
 * rr / wrr: the next slot of the selection cycle.  An overloaded server's
 * slots are passed over, as IPVS's rr and wrr pass the server over in
 * their scans; the cycle without those slots is what IPVS's would choose.
 */
static __always_inline int pick_cycle(const struct xvs_svc *svc, __u32 *dest_idx)
{
	struct cycle cy = { .svc_idx = svc->idx, .half = svc->ring_half, .len = svc->ring_len };
	__u64 pos;

	if (!cy.len)
		return -1;
	cy.sp = bpf_map_lookup_elem(&xvs_sched_pos, &cy.svc_idx);
	if (!cy.sp)
		return -1;
	pos = __sync_fetch_and_add(&cy.sp->pos, 1);
	if (ring_at(cy.svc_idx, cy.half, pos % cy.len, dest_idx))
		return -1;
	if (!overloaded(*dest_idx))
		return 0;
	bpf_loop(cy.len - 1, cycle_step, &cy, 0);
	if (!cy.found)
		return -1;
	*dest_idx = cy.dest;
	return 0;
}

struct probe {
	__u32 svc_idx;
	__u32 half;
	__u32 len;
	__u32 fold;
	__u32 ihash;
	__u32 dest;
	__be16 port;
	__u8 mh;
	__u8 found;
};

/*
 * One step of sh-fallback / mh-fallback (ip_vs_sh_get_fallback,
 * ip_vs_mh_get_fallback): the bucket for offset (@i + ihash); an empty
 * bucket ends the search.
 */
static long probe_step(__u32 i, void *arg)
{
	struct probe *pr = arg;
	__u32 roffset, slot, d;

	if (!pr->len)
		return 1;
	roffset = (i + pr->ihash) % pr->len;
	if (pr->mh)
		slot = xvs_mh_hash(pr->fold, pr->port, roffset, XVS_MH_KEY1) % pr->len;
	else
		slot = (roffset + pr->ihash) & (XVS_SH_TAB_SIZE - 1);
	if (ring_at(pr->svc_idx, pr->half, slot, &d))
		return 1;
	if (dest_usable(d, pr->svc_idx)) {
		pr->dest = d;
		pr->found = 1;
		return 1;
	}
	return 0;
}

/* dh / sh / mh: the bucket of the packet's address. */
static __always_inline int pick_hash(const struct xvs_svc *svc, const struct xvs_conn_key *k, __u32 *dest_idx)
{
	struct probe pr = {
		.svc_idx = svc->idx, .half = svc->ring_half, .len = svc->ring_len,
		.mh = svc->sched == XVS_SCHED_MH,
	};
	__u32 d;

	if (!pr.len)
		return -1;
	if (svc->sched == XVS_SCHED_DH) {
		/* the destination address; no fallback */
		pr.ihash = xvs_hash_32(xvs_addr_fold(&k->vaddr, !addr_is_v4(&k->vaddr)), 8);
		if (ring_at(pr.svc_idx, pr.half, pr.ihash, &d) || !dest_usable(d, pr.svc_idx))
			return -1;
		*dest_idx = d;
		return 0;
	}
	pr.fold = xvs_addr_fold(&k->caddr, !addr_is_v4(&k->caddr));
	if (svc->flags & XVS_SVC_F_SCHED_PORT)
		pr.port = k->cport;
	if (pr.mh)
		pr.ihash = xvs_mh_hash(pr.fold, pr.port, 0, XVS_MH_KEY1) % pr.len;
	else
		pr.ihash = xvs_sh_hash(pr.fold, pr.port);
	if (ring_at(pr.svc_idx, pr.half, pr.ihash, &d))
		return -1;
	if (dest_usable(d, pr.svc_idx)) {
		*dest_idx = d;
		return 0;
	}
	if (!(svc->flags & XVS_SVC_F_SCHED_FALLBACK))
		return -1;
	bpf_loop(pr.len, probe_step, &pr, 0);
	if (!pr.found)
		return -1;
	*dest_idx = pr.dest;
	return 0;
}

/* twos: two weighted random picks, the less loaded wins (ip_vs_twos.c). */
static __always_inline int pick_twos(const struct xvs_svc *svc, __u32 *dest_idx)
{
	struct xvs_tnode *root = tree_root(svc);
	struct xvs_dest_conns *c1, *c2;
	struct xvs_dest *d1, *d2;
	__u32 i1, i2;
	__u64 total, r1, r2;

	if (!root || !root->wsum)
		return -1;
	total = root->wsum;
	r1 = bpf_get_prandom_u32() % (total + 1);
	r2 = bpf_get_prandom_u32() % (total + 1);
	i1 = tree_nth(svc, r1 ? r1 : 1);
	i2 = tree_nth(svc, r2 ? r2 : 1);
	d1 = bpf_map_lookup_elem(&xvs_dests, &i1);
	d2 = bpf_map_lookup_elem(&xvs_dests, &i2);
	c1 = bpf_map_lookup_elem(&xvs_dest_conns, &i1);
	c2 = bpf_map_lookup_elem(&xvs_dest_conns, &i2);
	if (!d1 || !d2 || !c1 || !c2)
		return -1;
	if ((__u64)d2->weight * xvs_overhead(c1->active, c1->inactive) >
	    (__u64)d1->weight * xvs_overhead(c2->active, c2->inactive))
		i1 = i2;
	*dest_idx = i1;
	return 0;
}

static __always_inline __u64 lblc_expiration_ns(int lblcr)
{
	struct xvs_config *cfg = config();

	if (!cfg)
		return 86400 * NSEC_PER_SEC;
	return (__u64)cfg->sysctl[lblcr ? XVS_SC_LBLCR_EXPIRATION : XVS_SC_LBLC_EXPIRATION] * NSEC_PER_SEC;
}

/*
 * A member of an lblc/lblcr set as IPVS sees it: its weight and load, or
 * weight 0 when the member's real server is gone.
 */
static __always_inline __s32 member(const struct xvs_lblc *e, __u32 j, __u32 svc_idx, __u64 *oh, int *over)
{
	struct xvs_dest_conns *dc;
	struct xvs_dest *d;
	__u32 idx;

	if (j >= XVS_LBLC_SET)
		return 0;
	idx = e->dest[j];
	d = bpf_map_lookup_elem(&xvs_dests, &idx);
	dc = bpf_map_lookup_elem(&xvs_dest_conns, &idx);
	if (!d || !dc || !(d->flags & XVS_DEST_F_LIVE) || d->svc_idx != svc_idx || d->gen != e->gen[j])
		return 0;
	*oh = xvs_overhead(dc->active, dc->inactive);
	*over = dc->overload;
	return d->weight;
}

/*
 * IPVS's is_overloaded() of lblc/lblcr: more active connections than
 * weight, while some server of the service runs below half its weight.
 */
static __always_inline int lblc_overloaded(__u32 idx, const struct xvs_tnode *root)
{
	struct xvs_dest *d = bpf_map_lookup_elem(&xvs_dests, &idx);
	struct xvs_dest_conns *dc = bpf_map_lookup_elem(&xvs_dest_conns, &idx);

	if (!d || !dc)
		return 1;
	return dc->active > d->weight && root->light > 0;
}

/*
 * ip_vs_dest_set_min() / ip_vs_dest_set_max(): the member with the least
 * (or, @most, the most) connections per weight, first in the set on ties;
 * -1 if none.  The least must not be overloaded.
 */
static __always_inline int set_pick(const struct xvs_lblc *e, __u32 svc_idx, int most)
{
	__u64 boh = 0, doh;
	__s32 bw = 0, w;
	int best = -1, over;

	for (__u32 j = 0; j < XVS_LBLC_SET && j < e->n; j++) {
		w = member(e, j, svc_idx, &doh, &over);
		if (w <= 0 || (over && !most))
			continue;
		if (best < 0 || (most ? boh * w < doh * bw : boh * w > doh * bw)) {
			best = j;
			boh = doh;
			bw = w;
		}
	}
	return best;
}

/* Put @idx at the head of the set (the oldest member falls off a full one). */
static __always_inline void set_insert(struct xvs_lblc *e, __u32 idx, __u64 now)
{
	struct xvs_dest *d = bpf_map_lookup_elem(&xvs_dests, &idx);
	__u32 n = e->n;

	if (!d)
		return;
	for (__u32 j = 0; j < XVS_LBLC_SET && j < n; j++)
		if (e->dest[j] == idx && e->gen[j] == d->gen)
			return;
	if (n >= XVS_LBLC_SET)
		n = XVS_LBLC_SET - 1;
	for (int j = XVS_LBLC_SET - 1; j > 0; j--) {
		if ((__u32)j > n)
			continue;
		e->dest[j] = e->dest[j - 1];
		e->gen[j] = e->gen[j - 1];
	}
	e->dest[0] = idx;
	e->gen[0] = d->gen;
	e->n = n + 1;
	e->lastmod = now;
}

static __always_inline void set_erase(struct xvs_lblc *e, __u32 at, __u64 now)
{
	for (__u32 j = 0; j + 1 < XVS_LBLC_SET; j++) {
		if (j < at || j + 1 >= e->n)
			continue;
		e->dest[j] = e->dest[j + 1];
		e->gen[j] = e->gen[j + 1];
	}
	if (e->n)
		e->n--;
	e->lastmod = now;
}

/*
 * lblc / lblcr (ip_vs_lblc.c, ip_vs_lblcr.c): the server (set) remembered
 * for the packet's destination address while it is not overloaded, else a
 * new wlc choice remembered in its place (lblc) or added to the set (lblcr).
 */
static __always_inline int pick_lblc(const struct xvs_svc *svc, const struct xvs_conn_key *fk, __u64 now,
				     __u32 *dest_idx)
{
	int lblcr = svc->sched == XVS_SCHED_LBLCR, j;
	struct xvs_tnode *root = tree_root(svc);
	struct xvs_lblc_key k = { .svc_idx = svc->idx };
	struct xvs_scratch *sc = scratch();
	struct xvs_lblc *e, *fresh;
	__u64 exp = lblc_expiration_ns(lblcr);
	__u32 pick = XVS_TREE_NONE;
	__u64 oh;
	int over;

	if (!root || !sc)
		return -1;
	k.addr = fk->vaddr;
	e = bpf_map_lookup_elem(&xvs_lblc, &k);
	if (e && now - e->lastuse <= exp) {
		e->lastuse = now;
		if (lblcr) {
			j = set_pick(e, svc->idx, 0);
			if (j >= 0 && j < XVS_LBLC_SET)
				pick = e->dest[j];
			if (e->n > 1 && now - e->lastmod > exp) {
				j = set_pick(e, svc->idx, 1);
				if (j >= 0)
					set_erase(e, j, now);
			}
		} else if (e->n && member(e, 0, svc->idx, &oh, &over) > 0) {
			pick = e->dest[0]; /* lblc checks no OVERLOAD flag here */
		}
		if (pick != XVS_TREE_NONE && !lblc_overloaded(pick, root)) {
			*dest_idx = pick;
			return 0;
		}
		if (root->dest == XVS_TREE_NONE)
			return -1;
		if (lblcr) {
			set_insert(e, root->dest, now);
		} else {
			e->n = 0;
			set_insert(e, root->dest, now);
		}
		*dest_idx = root->dest;
		return 0;
	}
	if (root->dest == XVS_TREE_NONE)
		return -1;
	fresh = (struct xvs_lblc *)sc->lblc;
	__builtin_memset(fresh, 0, sizeof(*fresh));
	fresh->lastuse = now;
	set_insert(fresh, root->dest, now);
	bpf_map_update_elem(&xvs_lblc, &k, fresh, BPF_ANY);
	*dest_idx = root->dest;
	return 0;
}

/*
 * sched_pick() - the destination slot for a new connection of @svc.
 * Global, so the verifier checks it once, not once per caller and path.
 * Returns: 0 and *dest_idx, or -1 when no destination takes new connections.
 */
__noinline int sched_pick(const struct xvs_svc *svc, const struct xvs_conn_key *k, __u64 now, __u32 *dest_idx)
{
	struct xvs_tnode *root;

	if (!svc || !k || !dest_idx)
		return -1;
	switch (svc->sched) {
	case XVS_SCHED_RR:
	case XVS_SCHED_WRR:
		return pick_cycle(svc, dest_idx);
	case XVS_SCHED_DH:
	case XVS_SCHED_SH:
	case XVS_SCHED_MH:
		return pick_hash(svc, k, dest_idx);
	case XVS_SCHED_TWOS:
		return pick_twos(svc, dest_idx);
	case XVS_SCHED_LBLC:
	case XVS_SCHED_LBLCR:
		return pick_lblc(svc, k, now, dest_idx);
	case XVS_SCHED_NONE:
		return -1;
	}
	root = tree_root(svc);
	if (!root || root->dest == XVS_TREE_NONE)
		return -1;
	*dest_idx = root->dest;
	return 0;
}

#endif /* XVS_BPF_SCHED_H */
