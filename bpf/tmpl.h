/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Persistence templates (ipvsadm -p, -M): their keys and counts.  A template
 * lives in the connection table under a key of its own kind (client port 0,
 * the client address masked), so -Lc lists it where IPVS does and its timer
 * works as a flow's does.  A flow finds its template again from its own key
 * and what it kept of the service (mask, mark, whether the template's port
 * is 0), so editing the service later does not lose the count.
 * Scheduling with templates is bpf/persist.h.
 */
#ifndef XVS_BPF_TMPL_H
#define XVS_BPF_TMPL_H

#include "maps.h"
#include "parse.h"

/*
 * Whether @svc's templates have port 0 and so take every port of the
 * client's connections: port-0 and mark services, and FTP services, whose
 * data connections must follow their control connection.
 */
static __always_inline int tmpl_vport0(const struct xvs_svc *svc)
{
	return !svc->port || svc->fwmark || svc->port == bpf_htons(XVS_FTP_PORT);
}

/* The word @i of an IPv6 prefix mask of @plen bits. */
static __always_inline __be32 prefix_word(__u32 plen, int i)
{
	__u32 lo = 32 * i;

	if (plen <= lo)
		return 0;
	if (plen >= lo + 32)
		return 0xffffffff;
	return bpf_htonl(~0U << (32 - (plen - lo)));
}

/*
 * tmpl_key() - the key of the template controlling flow @k of a service
 * with persistence mask @mask (IPv4 netmask, or IPv6 prefix length), mark
 * @mark and XVS_TMPL_* bits @tmpl.  A mark service's template names the mark
 * as its virtual address, with protocol IP and port 0, as IPVS's does.
 */
static __always_inline void tmpl_key(struct xvs_conn_key *tk, const struct xvs_conn_key *k, __be32 mask,
				     __u32 mark, __u8 tmpl)
{
	int v4 = addr_is_v4(&k->caddr);

	__builtin_memset(tk, 0, sizeof(*tk));
	tk->kind = XVS_KEY_TEMPLATE;
	tk->caddr = k->caddr;
	if (v4) {
		tk->caddr.w[3] &= mask;
	} else {
		tk->caddr.w[0] &= prefix_word(mask, 0);
		tk->caddr.w[1] &= prefix_word(mask, 1);
		tk->caddr.w[2] &= prefix_word(mask, 2);
		tk->caddr.w[3] &= prefix_word(mask, 3);
	}
	if (mark) {
		if (v4)
			addr_from_v4(&tk->vaddr, bpf_htonl(mark));
		else
			tk->vaddr.w[0] = bpf_htonl(mark);
		return;
	}
	tk->proto = k->proto;
	tk->vaddr = k->vaddr;
	if (!(tmpl & XVS_TMPL_VPORT0))
		tk->vport = k->vport;
}

/*
 * tmpl_key_pe() - a --pe sip template's key also holds its Call-ID's hash
 * @hash (0: none), where a flow's key holds the client port (abi.h).
 */
static __always_inline void tmpl_key_pe(struct xvs_conn_key *tk, __u32 hash)
{
	tk->cport = (__u16)hash;
	tk->pe_hi = hash >> 16;
}

/* A template that goes takes its Call-ID (xvs_pe_data) with it. */
static __always_inline void tmpl_forget_pe(const struct xvs_conn_key *tk)
{
	if (xvs_key_has_pe(tk))
		bpf_map_delete_elem(&xvs_pe_data, tk);
}

/* Templates count in the destination's PersistConn, not active/inactive. */
static __always_inline void dest_persist_add(__u32 dest_idx, __u32 gen, int delta)
{
	struct xvs_dest_conns *dc = bpf_map_lookup_elem(&xvs_dest_conns, &dest_idx);

	if (dc && dc->gen == gen)
		__sync_fetch_and_add(&dc->persist, delta);
}

/* A template that outlives its timeout for the flows it controls waits this. */
#define XVS_TMPL_LATER 60

enum tmpl_event {
	TMPL_BIND,   /* a flow it controls was created */
	TMPL_UNBIND, /* ... went */
	TMPL_ASSURE, /* ... was established (TCP) or answered (UDP) */
	TMPL_DROP,   /* ... was dropped by the defense: the template goes too */
};

/*
 * tmpl_touch() - tell the template of flow @c (key @k), if it still exists,
 * of @ev.  A subprogram of its own: the key is built on its stack, not the
 * caller's.
 * Returns: 1 when the template exists, else 0.
 */
static __noinline int tmpl_touch(const struct xvs_conn_key *k, const struct xvs_conn *c, int ev)
{
	struct xvs_conn_key tk;
	struct xvs_conn *t;

	tmpl_key(&tk, k, c->tmpl_mask, c->tmpl_mark, c->tmpl);
	tmpl_key_pe(&tk, c->tmpl_pe);
	t = bpf_map_lookup_elem(&xvs_conns, &tk);
	if (!t || !(t->flags & XVS_CONN_F_TEMPLATE))
		return 0;
	if (ev == TMPL_BIND)
		__sync_fetch_and_add(&t->n_control, 1);
	else if (ev == TMPL_UNBIND && (__s32)t->n_control > 0)
		__sync_fetch_and_add(&t->n_control, -1);
	else if (ev == TMPL_ASSURE)
		t->state = XVS_CTPL_ASSURED;
	if (ev != TMPL_DROP)
		return 1;
	/* IPVS deletes the template after the flow (ip_vs_random_dropentry());
	 * one that still controls others waits XVS_TMPL_LATER (expire_later) */
	if ((__s32)t->n_control > 0)
		__sync_fetch_and_add(&t->n_control, -1);
	if ((__s32)t->n_control > 0) {
		__u64 now = bpf_ktime_get_ns();

		t->timeout = XVS_TMPL_LATER;
		t->last_ns = now;
		t->fire_ns = now + XVS_TMPL_LATER * NSEC_PER_SEC;
		bpf_timer_start(&t->timer, XVS_TMPL_LATER * NSEC_PER_SEC, 0);
		return 1;
	}
	dest_persist_add(t->dest_idx, t->dest_gen, -1);
	tmpl_forget_pe(&tk);
	bpf_map_delete_elem(&xvs_conns, &tk);
	return 1;
}

#endif /* XVS_BPF_TMPL_H */
