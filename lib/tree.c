// SPDX-License-Identifier: GPL-2.0
/*
 * Tournament trees of the load-based schedulers (bpf/tree.h): where each
 * service's tree lives in the shared node map, which leaf each real server
 * has, and building a tree from the current counts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "internal.h"
#include "xvs/sched.h"

struct region {
	uint32_t base;
	uint32_t len;
};

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* First fit for @len nodes among the other services' regions. */
static int alloc_region(struct xvs_ctx *ctx, uint32_t self, uint32_t len, uint32_t *base)
{
	struct region *r = calloc(XVS_MAX_SERVICES, sizeof(*r));
	struct xvs_svc *v = NULL;
	uint32_t at = 0;
	size_t n = 0, nsvc = 0;
	int err = -ENOSPC;

	if (!r || xvs_load_svcs(ctx, NULL, &v, &nsvc)) {
		free(r);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nsvc; i++) {
		if (!v[i].tree_cap || v[i].idx == self)
			continue;
		r[n].base = v[i].tree_base;
		r[n++].len = 2 * v[i].tree_cap;
	}
	free(v);
	qsort(r, n, sizeof(*r), cmp_region);
	for (size_t i = 0; i <= n; i++) {
		uint32_t end = i < n ? r[i].base : XVS_TREE_NODES;

		if (end >= at && end - at >= len) {
			*base = at;
			err = 0;
			break;
		}
		if (i < n && r[i].base + r[i].len > at)
			at = r[i].base + r[i].len;
	}
	free(r);
	return err;
}

/* Stop giving the service's destinations a tree. */
static int drop_tree(struct xvs_ctx *ctx, struct xvs_svc *sv, struct xvs_dest *all,
		     const struct xvs_sched_dest *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct xvs_dest *dd = &all[d[i].idx];

		if (dd->tree_kind == XVS_SCHED_NONE)
			continue;
		dd->tree_kind = XVS_SCHED_NONE;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &d[i].idx, dd, 0))
			return -errno;
	}
	sv->tree_base = 0;
	sv->tree_cap = 0;
	return 0;
}

/*
 * Leaves: a destination keeps the leaf it has in this region; the others
 * take free ones.  Returns the leaf (heap index) of each of @d in @leaf.
 */
static int place_leaves(const struct xvs_svc *sv, bool moved, const struct xvs_dest *all,
			const struct xvs_sched_dest *d, size_t n, uint32_t *leaf)
{
	uint32_t cap = sv->tree_cap, next = cap;
	bool *used = calloc(cap, sizeof(*used));

	if (!used)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct xvs_dest *dd = &all[d[i].idx];

		leaf[i] = 0;
		if (moved || !xvs_sched_has_tree(dd->tree_kind) || dd->tree_base != sv->tree_base ||
		    dd->tree_leaf < cap || dd->tree_leaf >= 2 * cap || used[dd->tree_leaf - cap])
			continue;
		leaf[i] = dd->tree_leaf;
		used[leaf[i] - cap] = true;
	}
	for (size_t i = 0; i < n; i++) {
		if (leaf[i])
			continue;
		while (used[next - cap])
			next++;
		leaf[i] = next;
		used[next - cap] = true;
	}
	free(used);
	return 0;
}

static int write_nodes(struct xvs_ctx *ctx, uint32_t base, const struct xvs_tnode *nodes, uint32_t len)
{
	uint32_t *keys = calloc(len, sizeof(*keys)), count = len - 1;
	int err = 0;

	if (!keys)
		return -ENOMEM;
	for (uint32_t i = 1; i < len; i++)
		keys[i] = base + i;
	if (bpf_map_update_batch(ctx->map_fd[XVS_M_TREE], keys + 1, nodes + 1, &count, NULL))
		err = -errno;
	free(keys);
	return err;
}

int xvs_tree_install(struct xvs_ctx *ctx, struct xvs_svc *sv, struct xvs_dest *all,
		     const struct xvs_sched_dest *d, size_t n)
{
	uint32_t need = 1, *leaf = NULL;
	struct xvs_tnode *nodes = NULL;
	bool moved = false;
	int err = 0;

	if (!xvs_sched_has_tree(sv->sched))
		return sv->tree_cap ? drop_tree(ctx, sv, all, d, n) : 0;
	while (need < n)
		need <<= 1;
	if (sv->tree_cap < need) {
		err = alloc_region(ctx, sv->idx, 2 * need, &sv->tree_base);
		if (err) {
			xvs_logf(ctx, XVS_LOG_ERR, "no room left for the scheduler tree of %u real servers", need);
			return err;
		}
		sv->tree_cap = need;
		moved = true;
	}
	nodes = calloc(2 * sv->tree_cap, sizeof(*nodes));
	leaf = calloc(n ? n : 1, sizeof(*leaf));
	if (!nodes || !leaf) {
		err = -ENOMEM;
		goto out;
	}
	err = place_leaves(sv, moved, all, d, n, leaf);
	if (err)
		goto out;
	for (uint32_t i = sv->tree_cap; i < 2 * sv->tree_cap; i++)
		xvs_tree_leaf(&nodes[i], sv->sched, 0, 0, 0, 0, 0, 0);
	for (size_t i = 0; i < n; i++) {
		const struct xvs_dest *dd = &all[d[i].idx];
		struct xvs_dest_conns dc = {};

		bpf_map_lookup_elem(ctx->map_fd[XVS_M_DEST_CONNS], &d[i].idx, &dc);
		xvs_tree_leaf(&nodes[leaf[i]], sv->sched, dd->weight, dc.active, dc.inactive, dc.overload,
			      (uint32_t)dd->seq, d[i].idx);
	}
	for (uint32_t i = sv->tree_cap - 1; i >= 1; i--)
		xvs_tnode_join(&nodes[i], &nodes[2 * i], &nodes[2 * i + 1]);
	err = write_nodes(ctx, sv->tree_base, nodes, 2 * sv->tree_cap);
	/* Then the leaves' owners: a count change lands in the ready tree. */
	for (size_t i = 0; i < n && !err; i++) {
		struct xvs_dest *dd = &all[d[i].idx];

		if (dd->tree_kind == sv->sched && dd->tree_base == sv->tree_base && dd->tree_leaf == leaf[i])
			continue;
		dd->tree_kind = sv->sched;
		dd->tree_base = sv->tree_base;
		dd->tree_leaf = leaf[i];
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &d[i].idx, dd, 0))
			err = -errno;
	}
out:
	free(nodes);
	free(leaf);
	return err;
}
