/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduling for persistent services (ipvsadm -p), as IPVS's
 * ip_vs_sched_persist(): a client whose template is alive goes to the
 * template's real server; otherwise the scheduler chooses, and the choice
 * becomes the client's template.  Keys and counts are bpf/tmpl.h.
 */
#ifndef XVS_BPF_PERSIST_H
#define XVS_BPF_PERSIST_H

#include "conn.h"
#include "sched.h"
#include "pe_sip.h"

/*
 * tmpl_usable() - IPVS's ip_vs_check_template(): the template's real server
 * still exists and, with expire_quiescent_template, has a weight.
 */
static __always_inline int tmpl_usable(const struct xvs_conn *t, const struct xvs_config *cfg)
{
	__u32 idx = t->dest_idx;
	struct xvs_dest *d = bpf_map_lookup_elem(&xvs_dests, &idx);

	if (!d || !(d->flags & XVS_DEST_F_LIVE) || d->gen != t->dest_gen)
		return 0;
	return !(cfg->sysctl[XVS_SC_EXPIRE_QUIESCENT_TEMPLATE] && d->weight <= 0);
}

/* (Re)bind template @t to destination @d, slot @idx, as of @now. */
static __always_inline void tmpl_bind(struct xvs_conn *t, const struct xvs_svc *svc, __u32 idx,
				      const struct xvs_dest *d, int vport0, __u64 now)
{
	t->dest_idx = idx;
	t->dest_gen = d->gen;
	t->svc_idx = svc->idx;
	t->daddr = d->addr;
	t->dport = vport0 ? 0 : d->port;
	t->flags = XVS_CONN_F_TEMPLATE | (d->fwd & XVS_FWD_MASK) |
		   (svc->flags & XVS_SVC_F_ONEPACKET ? XVS_CONN_F_ONE_PACKET : 0);
	t->state = XVS_CTPL_NONE;
	t->timeout = svc->timeout;
	t->last_ns = now;
}

/*
 * sched_persist() - the destination for a new connection @k of persistent
 * service @svc; @pe_hash: the hash of its SIP Call-ID (--pe sip, its text
 * in the scratch Call-ID buffer), or 0.  A template whose server is gone
 * (or quiesced, with expire_quiescent_template) is bound to the scheduler's
 * new choice;
 * IPVS hides the old template and makes a new one, which leaves the client
 * where this leaves it.
 * Returns: 0 and *dest_idx, or -1 when no destination takes the connection.
 */
static __noinline int sched_persist(const struct xvs_svc *svc, const struct xvs_conn_key *k, __u64 now,
				    __u32 *dest_idx, __u32 pe_hash)
{
	int vport0 = tmpl_vport0(svc);
	struct xvs_config *cfg = config();
	struct xvs_scratch *sc = scratch();
	struct xvs_conn_key *tk;
	struct xvs_conn *t, *init;
	struct xvs_dest *d;
	__u32 idx;

	if (!cfg || !sc)
		return -1;
	/* the key in scratch: this frame sits under the scheduler's */
	tk = &sc->tkey;
	tmpl_key(tk, k, svc->netmask, svc->fwmark, vport0 ? XVS_TMPL_VPORT0 : 0);
	tmpl_key_pe(tk, pe_hash);
	t = bpf_map_lookup_elem(&xvs_conns, tk);
	if (t && tmpl_usable(t, cfg)) {
		t->last_ns = now;
		*dest_idx = t->dest_idx;
		return 0;
	}
	if (sched_pick(svc, k, now, &idx))
		return -1;
	d = bpf_map_lookup_elem(&xvs_dests, &idx);
	if (!d || !(d->flags & XVS_DEST_F_LIVE))
		return -1;
	*dest_idx = idx;
	if (t) {
		dest_persist_add(t->dest_idx, t->dest_gen, -1);
		tmpl_bind(t, svc, idx, d, vport0, now);
		dest_persist_add(idx, d->gen, 1);
		return 0;
	}
	__builtin_memset(sc->conn, 0, sizeof(sc->conn));
	init = (struct xvs_conn *)sc->conn;
	tmpl_bind(init, svc, idx, d, vport0, now);
	init->fire_ns = now + (__u64)svc->timeout * NSEC_PER_SEC;
	/* Another CPU may have made the same template meanwhile: then the
	 * connection goes where this CPU's choice sent it, and the template
	 * that exists stays. */
	if (conn_insert(tk, init, (__u64)svc->timeout * NSEC_PER_SEC)) {
		dest_persist_add(idx, d->gen, 1);
		if (pe_hash)
			pe_sip_remember(tk);
	}
	return 0;
}

#endif /* XVS_BPF_PERSIST_H */
