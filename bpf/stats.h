/* SPDX-License-Identifier: GPL-2.0 */
/* Counters: reasons, per-service and per-destination traffic, conn counts. */
#ifndef XVS_BPF_STATS_H
#define XVS_BPF_STATS_H

#include "maps.h"
#include "tree.h"

static __always_inline void count_reason(__u32 reason)
{
	__u64 *c = bpf_map_lookup_elem(&xvs_reasons, &reason);

	if (c)
		*c += 1;
}

/*
 * count_traffic() - one packet in (client to real server) or @out (a NAT
 * reply); IPVS counts the IP length (skb->len at the IP layer).
 */
static __always_inline void count_traffic(__u32 svc_idx, __u32 dest_idx, __u32 bytes, int out)
{
	struct xvs_stats *s = bpf_map_lookup_elem(&xvs_svc_stats, &svc_idx);
	struct xvs_stats *d = bpf_map_lookup_elem(&xvs_dest_stats, &dest_idx);

	if (s && out) {
		s->outpkts++;
		s->outbytes += bytes;
	} else if (s) {
		s->inpkts++;
		s->inbytes += bytes;
	}
	if (d && out) {
		d->outpkts++;
		d->outbytes += bytes;
	} else if (d) {
		d->inpkts++;
		d->inbytes += bytes;
	}
}

/* One connection scheduled (ip_vs_conn_stats). */
static __always_inline void count_conn(__u32 svc_idx, __u32 dest_idx)
{
	struct xvs_stats *s = bpf_map_lookup_elem(&xvs_svc_stats, &svc_idx);

	if (s)
		s->conns++;
	s = bpf_map_lookup_elem(&xvs_dest_stats, &dest_idx);
	if (s)
		s->conns++;
}

/*
 * overload_update() - IPVS's connection thresholds (-x, -y), as every
 * kernel before 2026 applies them: binding a connection (@bound) sets
 * OVERLOAD once the server has u_threshold connections; unbinding clears
 * it below l_threshold, or below 3/4 of u_threshold when l is 0.
 */
static __always_inline void overload_update(const struct xvs_dest *d, struct xvs_dest_conns *dc, int bound)
{
	__s64 total = (__s64)dc->active + dc->inactive;
	__u32 u = d->u_threshold, l = d->l_threshold;

	if (bound) {
		if (u && total >= u)
			dc->overload = 1;
	} else if (l) {
		if (total < l)
			dc->overload = 0;
	} else if (!u || total * 4 < (__s64)u * 3) {
		dc->overload = 0;
	}
}

/*
 * dest_load_changed() - after destination @dest_idx's counts moved by
 * @delta connections (0: between active and inactive), apply its
 * thresholds and re-rank it in its scheduler's tree.  Global, so the
 * verifier checks it once rather than on every path that counts.
 */
__noinline int dest_load_changed(__u32 dest_idx, int delta)
{
	struct xvs_dest *d = bpf_map_lookup_elem(&xvs_dests, &dest_idx);
	struct xvs_dest_conns *dc = bpf_map_lookup_elem(&xvs_dest_conns, &dest_idx);

	if (!d || !dc)
		return 0;
	if (delta)
		overload_update(d, dc, delta > 0);
	tree_rank(dest_idx, d, dc);
	return 0;
}

/*
 * dest_conns_add() - move the destination's active/inactive counts by
 * @dactive/@dinactive, but only while the slot still belongs to the
 * destination of generation @gen (a deleted and reused slot has new counts).
 */
static __always_inline void dest_conns_add(__u32 dest_idx, __u32 gen, int dactive, int dinactive)
{
	struct xvs_dest_conns *dc = bpf_map_lookup_elem(&xvs_dest_conns, &dest_idx);

	if (!dc || dc->gen != gen)
		return;
	if (dactive)
		__sync_fetch_and_add(&dc->active, dactive);
	if (dinactive)
		__sync_fetch_and_add(&dc->inactive, dinactive);
	dest_load_changed(dest_idx, dactive + dinactive);
}

#endif /* XVS_BPF_STATS_H */
