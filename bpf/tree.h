/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Load-based scheduling without a scan.  IPVS's lc, wlc, sed, nq, fo, ovf
 * (and the wlc step of lblc and lblcr) walk every real server for each new
 * connection.  Here each such service has a tournament tree whose leaves
 * rank its real servers exactly as that walk compares them
 * (include/xvs/sched.h); the root is the walk's answer.  A count change
 * re-ranks one leaf and the nodes above it: log2(servers) steps on the
 * count change, one lookup to choose.
 *
 * CPUs update concurrently without a lock.  A node recomputed from a child
 * that another CPU is just changing can be left stale, and is put right by
 * the next change below it; the chosen server always gets such a change
 * (its new connection), so a stale winner lasts at most one choice.
 */
#ifndef XVS_BPF_TREE_H
#define XVS_BPF_TREE_H

#include "maps.h"
#include "xvs/sched.h"

#define XVS_TREE_DEPTH 18 /* log2(XVS_TREE_NODES) */

static __always_inline struct xvs_tnode *tnode(__u32 i)
{
	return bpf_map_lookup_elem(&xvs_tree, &i);
}

/* tree_rank() - re-rank destination @dest_idx and the path to its root. */
static __always_inline void tree_rank(__u32 dest_idx, const struct xvs_dest *d, const struct xvs_dest_conns *dc)
{
	struct xvs_tnode *n, *l, *r;
	__u32 base, i;

	if (!(d->flags & XVS_DEST_F_LIVE) || !xvs_sched_has_tree(d->tree_kind))
		return;
	base = d->tree_base;
	i = d->tree_leaf;
	n = tnode(base + i);
	if (!n)
		return;
	xvs_tree_leaf(n, d->tree_kind, d->weight, dc->active, dc->inactive, dc->overload, (__u32)d->seq,
		      dest_idx);
	for (int lvl = 0; lvl < XVS_TREE_DEPTH && i > 1; lvl++) {
		i >>= 1;
		n = tnode(base + i);
		l = tnode(base + 2 * i);
		r = tnode(base + 2 * i + 1);
		if (!n || !l || !r)
			return;
		xvs_tnode_join(n, l, r);
	}
}

/* The root of @svc's tree, or NULL when it has none. */
static __always_inline struct xvs_tnode *tree_root(const struct xvs_svc *svc)
{
	if (!svc->tree_cap)
		return NULL;
	return tnode(svc->tree_base + 1);
}

/*
 * tree_nth() - the destination where the running sum of weights, leaf by
 * leaf, first reaches @r (1 <= r <= root's wsum): a weighted random choice
 * when @r is random.
 */
static __always_inline __u32 tree_nth(const struct xvs_svc *svc, __u64 r)
{
	__u32 base = svc->tree_base, i = 1;
	struct xvs_tnode *l;

	for (int lvl = 0; lvl < XVS_TREE_DEPTH && i < svc->tree_cap; lvl++) {
		l = tnode(base + 2 * i);
		if (!l)
			return XVS_TREE_NONE;
		if (r <= l->wsum) {
			i = 2 * i;
		} else {
			r -= l->wsum;
			i = 2 * i + 1;
		}
	}
	l = tnode(base + i);
	return l ? l->dest : XVS_TREE_NONE;
}

#endif /* XVS_BPF_TREE_H */
