/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP errors about a connection (IPVS's ip_vs_in_icmp / ip_vs_out_icmp).
 * The error quotes the packet it is about; its embedded header finds the
 * connection:
 *  - about a packet the real server sent from the VIP to the client (the
 *    error is addressed to the VIP, so it reaches the director): DR and TUN
 *    pass it on to that real server unchanged; NAT translates the VIP back
 *    to the real server in the outer destination and the quoted source;
 *  - NAT only, about a client packet the director forwarded (the error comes
 *    from the real server's side, addressed to the client): the real server
 *    becomes the VIP again in the outer source and the quoted destination.
 * ICMP checksums are updated for every byte changed, as IPVS recomputes
 * them; the quoted transport checksum is left alone, as IPVS leaves it.
 */
#ifndef XVS_BPF_ICMPERR_H
#define XVS_BPF_ICMPERR_H

#include "conn.h"
#include "csum.h"
#include "encap.h"
#include "icmp.h"
#include "nat.h"

/* The quoted packet of an ICMP error. */
struct icmp_quote {
	void *ip;            /* quoted IP header */
	__be16 *ports;       /* quoted source, destination port */
	__u16 *csum;         /* the ICMP checksum */
	union xvs_addr saddr;
	union xvs_addr daddr;
	__u8 proto;
};

static __always_inline int is_error_type(int v6, __u8 type)
{
	if (v6) /* destination unreachable, packet too big, time exceeded, parameter problem */
		return type >= 1 && type <= 4;
	/* destination unreachable, source quench, time exceeded */
	return type == 3 || type == 4 || type == 11;
}

/*
 * icmp_quote() - find the quoted TCP/UDP packet of the ICMP error @p.
 * Returns: 0, or -1 when @p is no error quoting a TCP/UDP packet.
 */
static __always_inline int icmp_quote(struct xvs_pkt *p, void *end, struct icmp_quote *q)
{
	struct xvs_icmp_hdr *ic = p->l4;

	if (!ic || (void *)(ic + 1) > end || !is_error_type(p->is_v6, ic->type))
		return -1;
	if (!p->icmp && p->proto != (p->is_v6 ? XVS_IPPROTO_ICMPV6 : IPPROTO_ICMP))
		return -1;
	q->csum = &ic->csum;
	q->ip = ic + 1;
	if (p->is_v6) {
		struct ipv6hdr *ip6 = q->ip;

		if ((void *)(ip6 + 1) + 4 > end)
			return -1;
		q->proto = ip6->nexthdr;
		__builtin_memcpy(&q->saddr, &ip6->saddr, 16);
		__builtin_memcpy(&q->daddr, &ip6->daddr, 16);
		q->ports = (void *)(ip6 + 1);
	} else {
		struct iphdr *iph = q->ip;

		if ((void *)(iph + 1) + 4 > end || iph->ihl != 5)
			return -1;
		q->proto = iph->protocol;
		addr_from_v4(&q->saddr, iph->saddr);
		addr_from_v4(&q->daddr, iph->daddr);
		q->ports = (void *)(iph + 1);
	}
	return q->proto == IPPROTO_TCP || q->proto == IPPROTO_UDP || q->proto == IPPROTO_SCTP ? 0 : -1;
}

/*
 * icmp_rewrite() - replace one address of the error: the outer source
 * (@outer_src) or destination, and the matching quoted address and port
 * (the quoted destination for an outer source, and the other way round),
 * fixing the outer IPv4 header, quoted IPv4 header and ICMP checksums.
 */
static __always_inline int icmp_rewrite(struct xvs_pkt *p, void *end, struct icmp_quote *q, int outer_src,
					const union xvs_addr *to, __be16 to_port)
{
	__be16 *port = outer_src ? &q->ports[1] : &q->ports[0];

	if (p->is_v6) {
		struct ipv6hdr *o = p->l3, *in = q->ip;
		__be32 *oa, *ia;

		if ((void *)(in + 1) + 4 > end || (void *)(o + 1) > end)
			return -1;
		oa = outer_src ? o->saddr.in6_u.u6_addr32 : o->daddr.in6_u.u6_addr32;
		ia = outer_src ? in->daddr.in6_u.u6_addr32 : in->saddr.in6_u.u6_addr32;
		for (int i = 0; i < 4; i++) {
			/* the ICMPv6 checksum covers the outer addresses too */
			csum_replace(q->csum, oa[i], to->w[i]);
			csum_replace(q->csum, ia[i], to->w[i]);
			oa[i] = to->w[i];
			ia[i] = to->w[i];
		}
	} else {
		struct iphdr *o = p->l3, *in = q->ip;
		__be32 *oa, *ia;
		__u16 old_check;

		if ((void *)(in + 1) + 4 > end || (void *)(o + 1) > end)
			return -1;
		oa = outer_src ? &o->saddr : &o->daddr;
		ia = outer_src ? &in->daddr : &in->saddr;
		csum_replace(&o->check, *oa, to->w[3]);
		*oa = to->w[3];
		old_check = in->check;
		csum_replace(&in->check, *ia, to->w[3]);
		csum_replace(q->csum, *ia, to->w[3]);
		csum_replace(q->csum, old_check, in->check);
		*ia = to->w[3];
	}
	if ((void *)(port + 1) > end)
		return -1;
	csum_replace(q->csum, *port, to_port);
	*port = to_port;
	if (outer_src)
		p->saddr = *to;
	else
		p->daddr = *to;
	return 0;
}

/* What icmp_error() returns when the error is to go down the tunnel of the
 * destination it names: the caller runs fwd_tun(), so that no call chain
 * holds three stack frames. */
#define XVS_ICMP_VIA_TUNNEL (-2)
/* ... and when the error is to be scheduled as the flow it quotes. */
#define XVS_ICMP_SCHEDULE (-3)

/*
 * icmp_as_flow() - with schedule_icmp, make @p the flow that error @q
 * quotes, reversed (client -> VIP), for the scheduler: IPVS's
 * ip_vs_try_to_schedule() on the quoted header.  The quoted TCP flags and
 * SCTP chunk decide as a packet's would; a quote too short to hold them
 * holds none.
 */
static __always_inline int icmp_as_flow(struct xdp_md *ctx, struct xvs_pkt *p, const struct icmp_quote *q)
{
	struct xvs_config *cfg = config();
	__u8 b[2] = { 0, 0 };

	if (!cfg || !cfg->sysctl[XVS_SC_SCHEDULE_ICMP])
		return -1;
	/* bytes 12 and 13 of the quoted header: an SCTP packet's first chunk
	 * type, a TCP segment's flags; read as one, whatever the protocol,
	 * for the verifier's sake */
	bpf_xdp_load_bytes(ctx, (void *)q->ports + 12 - (void *)(long)ctx->data, b, 2);
	p->saddr = q->daddr;
	p->daddr = q->saddr;
	p->sport = q->ports[1];
	p->dport = q->ports[0];
	p->proto = q->proto;
	p->chunk = b[0];
	p->tcp_flags = b[1];
	p->icmp = 1;
	return XVS_ICMP_SCHEDULE;
}

/* An error about what a real server sent from the VIP: to that server. */
static __always_inline int icmp_to_dest(struct xdp_md *ctx, struct xvs_pkt *p, struct icmp_quote *q,
					const struct xvs_conn *c, const struct xvs_dest *d)
{
	count_reason(XVS_R_ICMP_RELATED);
	if (d->flags & XVS_DEST_F_LOCAL)
		return XDP_PASS;
	switch (c->flags & XVS_FWD_MASK) {
	case XVS_FWD_DROUTE:
		return fwd_dr(ctx, p, d);
	case XVS_FWD_TUNNEL:
		return XVS_ICMP_VIA_TUNNEL;
	case XVS_FWD_MASQ:
		if (icmp_rewrite(p, (void *)(long)ctx->data_end, q, 0, &d->addr, d->port))
			return XDP_DROP;
		return fwd_dr(ctx, p, d); /* now addressed to the real server */
	}
	return XDP_DROP;
}

/*
 * icmp_error() - handle an ICMP error that belongs to a connection.
 * Returns: the XDP action, -1 when it belongs to none (the kernel's),
 * XVS_ICMP_VIA_TUNNEL with the destination slot in *@tun_dest, or
 * XVS_ICMP_SCHEDULE with @p made the quoted flow (icmp_as_flow()).
 * A subprogram of its own, to keep the program's stack frame small.
 */
static __noinline int icmp_error(struct xdp_md *ctx, struct xvs_pkt *p, __u32 *tun_dest)
{
	void *end = (void *)(long)ctx->data_end;
	struct xvs_scratch *sc = scratch();
	struct xvs_conn_key *k;
	struct icmp_quote q;
	struct xvs_conn *c;
	struct xvs_dest *d;

	if (!sc || icmp_quote(p, end, &q))
		return -1;
	/* the key in scratch: the frames under this one are deep */
	k = &sc->ikey;
	/*
	 * Keyed by the quoted packet reversed: VIP:vport -> client:cport (a real
	 * server's packet) is a connection's own key; client:cport -> RS:rport
	 * (a client packet NATed by the director) is a NAT reverse key.
	 */
	__builtin_memset(k, 0, sizeof(*k));
	k->caddr = q.daddr;
	k->vaddr = q.saddr;
	k->cport = q.ports[1];
	k->vport = q.ports[0];
	k->proto = q.proto;
	c = bpf_map_lookup_elem(&xvs_conns, k);
	if (c) {
		d = bpf_map_lookup_elem(&xvs_dests, &c->dest_idx);
		if (!d || !(d->flags & XVS_DEST_F_LIVE) || d->gen != c->dest_gen)
			return -1;
		*tun_dest = c->dest_idx;
		return icmp_to_dest(ctx, p, &q, c, d);
	}
	if (nat_enabled()) {
		c = nat_conn_by_rev(k, k);
		if (c) {
			count_reason(XVS_R_ICMP_RELATED);
			if (icmp_rewrite(p, end, &q, 1, &k->vaddr, k->vport))
				return XDP_DROP;
			return nat_out_l2(ctx, p, c);
		}
	}
	return icmp_as_flow(ctx, p, &q);
}

/*
 * icmp_error_new() - send ICMP error @p on to the real server of @c, the
 * connection scheduled for it (schedule_icmp), as an error about an
 * existing connection goes.
 * Returns: as icmp_error().
 */
static __noinline int icmp_error_new(struct xdp_md *ctx, struct xvs_pkt *p, struct xvs_conn *c, __u32 *tun_dest)
{
	struct icmp_quote q;
	struct xvs_dest *d;
	__u32 idx = c->dest_idx;

	d = bpf_map_lookup_elem(&xvs_dests, &idx);
	if (!d || icmp_quote(p, (void *)(long)ctx->data_end, &q))
		return XDP_DROP;
	count_reason(XVS_R_ICMP_SCHEDULED);
	*tun_dest = idx;
	return icmp_to_dest(ctx, p, &q, c, d);
}

#endif /* XVS_BPF_ICMPERR_H */
