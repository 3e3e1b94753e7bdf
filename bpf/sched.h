/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduling a new connection.  libxvs computes each service's selection
 * sequence with IPVS's exact rr / wrr rules (lib/sched.c) and stores it as a
 * ring; the data plane takes the next slot with one atomic add, so every CPU
 * follows the one sequence IPVS would produce.
 */
#ifndef XVS_BPF_SCHED_H
#define XVS_BPF_SCHED_H

#include "maps.h"

/*
 * sched_pick() - the destination slot for the next new connection of @svc.
 * Returns: 0 and *dest_idx, or -1 when no destination takes new connections.
 */
static __always_inline int sched_pick(const struct xvs_svc *svc, __u32 *dest_idx)
{
	struct xvs_ring_key rk;
	struct xvs_sched_pos *sp;
	__u32 svc_idx = svc->idx, len = svc->ring_len;
	__u32 *d;
	__u64 pos;

	if (!len)
		return -1;
	sp = bpf_map_lookup_elem(&xvs_sched_pos, &svc_idx);
	if (!sp)
		return -1;
	pos = __sync_fetch_and_add(&sp->pos, 1);
	__builtin_memset(&rk, 0, sizeof(rk));
	rk.svc_idx = svc_idx;
	rk.half = svc->ring_half;
	rk.slot = pos % len;
	d = bpf_map_lookup_elem(&xvs_ring, &rk);
	if (!d)
		return -1;
	*dest_idx = *d;
	return 0;
}

#endif /* XVS_BPF_SCHED_H */
