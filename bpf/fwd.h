/* SPDX-License-Identifier: GPL-2.0 */
/* Forwarding methods.  DR: rewrite the MACs, leave IP and L4 bytes alone. */
#ifndef XVS_BPF_FWD_H
#define XVS_BPF_FWD_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "parse.h"
#include "stats.h"

#define XVS_AF_INET 2
#define XVS_AF_INET6 10

static __always_inline int fib_usable(void)
{
	struct xvs_config *cfg = config();

	return cfg && (cfg->flags & XVS_CFG_F_FIB);
}

/*
 * dr_l2() - find the MACs and egress interface toward real server @d.
 * The kernel's FIB and neighbour table come first (bpf_fib_lookup); when it
 * cannot answer -- no neighbour entry, or forwarding disabled on the
 * interface, which IPVS's DR mode does not need either -- the L2 data that
 * libxvs resolved for the destination is used.
 * Returns: XVS_PARSE_OK with @fib's dmac/smac/ifindex filled, or a reason.
 */
static __always_inline int dr_l2(struct xdp_md *ctx, const struct xvs_pkt *p, const struct xvs_dest *d,
				 struct bpf_fib_lookup *fib)
{
	long rc;

	/* The real server's family: a tunnel may carry the other one. */
	const union xvs_addr *src = d->af == XVS_AF_INET6 ? (p->is_v6 ? &p->saddr : &d->tun_src)
							 : (p->is_v6 ? &d->tun_src : &p->saddr);

	__builtin_memset(fib, 0, sizeof(*fib));
	fib->ifindex = ctx->ingress_ifindex;
	fib->l4_protocol = p->proto;
	fib->tot_len = p->ip_len;
	if (d->af == XVS_AF_INET6) {
		fib->family = XVS_AF_INET6;
		__builtin_memcpy(fib->ipv6_src, src, 16);
		__builtin_memcpy(fib->ipv6_dst, &d->addr, 16);
	} else {
		fib->family = XVS_AF_INET;
		fib->tos = p->tos;
		fib->ipv4_src = src->w[3];
		fib->ipv4_dst = d->addr.w[3];
	}
	/* On a director that forwards nowhere the lookup can only answer
	 * FWD_DISABLED; libxvs knows that at configuration time. */
	rc = fib_usable() || !(d->flags & XVS_DEST_F_HAVE_L2) ? bpf_fib_lookup(ctx, fib, sizeof(*fib), 0)
							       : BPF_FIB_LKUP_RET_FWD_DISABLED;
	if (rc == BPF_FIB_LKUP_RET_SUCCESS)
		return XVS_PARSE_OK;
	if (d->flags & XVS_DEST_F_HAVE_L2) {
		__builtin_memcpy(fib->dmac, d->dmac, ETH_ALEN);
		__builtin_memcpy(fib->smac, d->smac, ETH_ALEN);
		fib->ifindex = d->ifindex;
		return XVS_PARSE_OK;
	}
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH || rc == BPF_FIB_LKUP_RET_FWD_DISABLED)
		return XVS_R_DROP_NO_NEIGH;
	return XVS_R_DROP_NO_ROUTE;
}

/* Put the frame on the wire toward @fib's next hop. */
static __always_inline int send_l2(struct xdp_md *ctx, struct xvs_pkt *p, const struct bpf_fib_lookup *fib)
{
	__builtin_memcpy(p->eth->h_dest, fib->dmac, ETH_ALEN);
	__builtin_memcpy(p->eth->h_source, fib->smac, ETH_ALEN);
	if (fib->ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	count_reason(XVS_R_REDIRECT);
	return bpf_redirect(fib->ifindex, 0);
}

/*
 * fwd_dr() - direct routing: the frame leaves with the real server's MAC as
 * destination and the egress interface's MAC as source.
 * Returns: the XDP action; a non-ordinary outcome is counted.
 */
static __always_inline int fwd_dr(struct xdp_md *ctx, struct xvs_pkt *p, const struct xvs_dest *d)
{
	struct bpf_fib_lookup *fib = fib_scratch();
	int r;

	if (!fib)
		return XDP_DROP;
	r = dr_l2(ctx, p, d, fib);
	if (r != XVS_PARSE_OK) {
		count_reason(r);
		return XDP_DROP;
	}
	return send_l2(ctx, p, fib);
}

#endif /* XVS_BPF_FWD_H */
