/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAT ("Masq"): the director rewrites the destination of client packets to
 * the real server, and the source of the real server's replies back to the
 * virtual service, with incremental checksum updates.  Replies are found
 * through the reverse map that the connection entry keeps.
 */
#ifndef XVS_BPF_NAT_H
#define XVS_BPF_NAT_H

#include "conn.h"
#include "csum.h"
#include "fwd.h"
#include "xvs/crc32c.h"

/* Whether any real server is masqueraded, so replies need looking up. */
static __always_inline int nat_enabled(void)
{
	struct xvs_config *cfg = config();

	return cfg && (cfg->flags & XVS_CFG_F_NAT);
}

struct crc_shift {
	__u32 v, n;
};

static long crc_shift_step(__u32 k, struct crc_shift *s)
{
	s->v = xvs_crc32c_shift_step(s->v, s->n, k);
	return 0;
}

/*
 * sctp_crc_delta() - what the CRC32c of a packet changes by when a 16-bit
 * field with @n bytes after it changes from @from to @to
 * (xvs_crc32c_update()).  The steps run under bpf_loop(): the verifier,
 * walking a plain loop, forks its states at every step.
 */
static __noinline __u32 sctp_crc_delta(__u32 from, __u32 to, __u32 n)
{
	struct crc_shift s = { .v = xvs_crc32c_change(from, to), .n = n };

	bpf_loop(16, crc_shift_step, &s, 0);
	return s.v;
}

/*
 * sctp_port_csum() - update the CRC32c of SCTP packet @sh, @len bytes, for
 * its port at byte @off changing from @from to @to (xvs_crc32c_update()).
 * IPVS computes the checksum anew; an update keeps a corrupted packet's
 * checksum wrong, so the real server still discards it.
 */
static __always_inline void sctp_port_csum(struct xvs_sctphdr *sh, __u32 len, __u32 off, __u16 from, __u16 to)
{
	__u32 crc = xvs_crc32c_load(sh->checksum);

	if (len < sizeof(*sh) || len > 0xffff)
		return;
	crc ^= sctp_crc_delta(from, to, len - off - 2);
	xvs_crc32c_store(sh->checksum, crc);
}

/*
 * nat_rewrite() - set the source (@src) or destination address and port of
 * the packet to @to/@to_port, updating the IPv4 header checksum and the
 * TCP/UDP checksum (whose pseudo-header covers the addresses), or SCTP's
 * (which covers the port alone).  An IPv4 UDP datagram sent without
 * checksum stays without one (RFC 768).
 * Returns: 0, or -1 if a header is no longer within the frame.
 */
static __always_inline int nat_rewrite(struct xvs_pkt *p, void *end, int src, const union xvs_addr *to,
				       __be16 to_port)
{
	__u16 *l4sum = 0;
	__be16 *port;

	if (p->proto == IPPROTO_SCTP) {
		struct xvs_sctphdr *sh = p->l4;

		if ((void *)(sh + 1) > end)
			return -1;
		port = src ? &sh->source : &sh->dest;
		if (*port != to_port)
			sctp_port_csum(sh, p->ip_len - (p->l4 - p->l3), src ? 0 : 2, *port, to_port);
	} else if (p->proto == IPPROTO_TCP) {
		struct tcphdr *th = p->l4;

		if ((void *)(th + 1) > end)
			return -1;
		l4sum = &th->check;
		port = src ? &th->source : &th->dest;
	} else {
		struct udphdr *uh = p->l4;

		if ((void *)(uh + 1) > end)
			return -1;
		if (uh->check || p->is_v6)
			l4sum = &uh->check;
		port = src ? &uh->source : &uh->dest;
	}
	if (p->is_v6) {
		struct ipv6hdr *ip6 = p->l3;
		__be32 *a;

		if ((void *)(ip6 + 1) > end)
			return -1;
		a = src ? ip6->saddr.in6_u.u6_addr32 : ip6->daddr.in6_u.u6_addr32;
		for (int i = 0; i < 4; i++) {
			if (l4sum)
				csum_replace(l4sum, a[i], to->w[i]);
			a[i] = to->w[i];
		}
	} else {
		struct iphdr *iph = p->l3;
		__be32 *a;

		if ((void *)(iph + 1) > end)
			return -1;
		a = src ? &iph->saddr : &iph->daddr;
		csum_replace(&iph->check, *a, to->w[3]);
		if (l4sum)
			csum_replace(l4sum, *a, to->w[3]);
		*a = to->w[3];
	}
	if (l4sum) {
		csum_replace(l4sum, *port, to_port);
		/* A UDP checksum that computes to 0 is sent as all ones. */
		if (p->proto == IPPROTO_UDP && !*l4sum)
			*l4sum = 0xffff;
	}
	*port = to_port;
	if (src) {
		p->saddr = *to;
		p->sport = to_port;
	} else {
		p->daddr = *to;
		p->dport = to_port;
	}
	return 0;
}


/*
 * fwd_nat_in() - a client packet of a masqueraded connection to real server
 * @d, port @dport.  When no MAC is known for the real server, the rewritten packet goes
 * to the kernel, which forwards it (an LVS-NAT director routes) and resolves
 * the neighbour on the way.
 * Returns: the XDP action.
 */
static __always_inline int fwd_nat_in(struct xdp_md *ctx, struct xvs_pkt *p, const struct xvs_dest *d,
				      __be16 dport)
{
	void *end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup *fib = fib_scratch();
	int r;

	if (!fib)
		return XDP_DROP;
	if (nat_rewrite(p, end, 0, &d->addr, dport)) {
		count_reason(XVS_R_DROP_TRUNCATED);
		return XDP_DROP;
	}
	r = dr_l2(ctx, p, d, fib);
	if (r == XVS_R_DROP_NO_NEIGH) {
		count_reason(XVS_R_NAT_TO_KERNEL);
		return XDP_PASS;
	}
	if (r != XVS_PARSE_OK) {
		count_reason(r);
		return XDP_DROP;
	}
	return send_l2(ctx, p, fib);
}

/*
 * nat_out_l2() - route a NAT reply toward the client (@p already rewritten):
 * the kernel's FIB and neighbour table first, else the client's hop that
 * connection @c recorded from the client's first packet.
 */
static __always_inline int nat_out_l2(struct xdp_md *ctx, struct xvs_pkt *p, const struct xvs_conn *c)
{
	struct bpf_fib_lookup *fib = fib_scratch();
	long rc;

	if (!fib)
		return XDP_DROP;
	__builtin_memset(fib, 0, sizeof(*fib));
	fib->ifindex = ctx->ingress_ifindex;
	fib->l4_protocol = p->proto;
	fib->tot_len = p->ip_len;
	if (p->is_v6) {
		fib->family = XVS_AF_INET6;
		__builtin_memcpy(fib->ipv6_src, &p->saddr, 16);
		__builtin_memcpy(fib->ipv6_dst, &p->daddr, 16);
	} else {
		fib->family = XVS_AF_INET;
		fib->tos = p->tos;
		fib->ipv4_src = p->saddr.w[3];
		fib->ipv4_dst = p->daddr.w[3];
	}
	rc = bpf_fib_lookup(ctx, fib, sizeof(*fib), 0);
	if (rc == BPF_FIB_LKUP_RET_SUCCESS)
		return send_l2(ctx, p, fib);
	/* The kernel cannot take it from here: its source is now the VIP, a
	 * local address, which the forwarding path rejects as martian. */
	if ((rc == BPF_FIB_LKUP_RET_NO_NEIGH || rc == BPF_FIB_LKUP_RET_FWD_DISABLED) && c->c_ifindex) {
		__builtin_memcpy(fib->dmac, c->c_mac, ETH_ALEN);
		__builtin_memcpy(fib->smac, c->l_mac, ETH_ALEN);
		fib->ifindex = c->c_ifindex;
		return send_l2(ctx, p, fib);
	}
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH)
		count_reason(XVS_R_DROP_NO_NEIGH);
	else if (rc == BPF_FIB_LKUP_RET_FWD_DISABLED)
		count_reason(XVS_R_DROP_NO_FORWARDING);
	else
		count_reason(XVS_R_DROP_NO_ROUTE);
	return XDP_DROP;
}

/*
 * nat_conn_by_rev() - the masqueraded connection whose reply side is @rk.
 * Returns: the entry with its forward key in *@k, or NULL.
 */
static __always_inline struct xvs_conn *nat_conn_by_rev(const struct xvs_conn_key *rk, struct xvs_conn_key *k)
{
	struct xvs_conn_key *fk = bpf_map_lookup_elem(&xvs_nat_rev, rk);

	if (!fk)
		return NULL;
	*k = *fk;
	return bpf_map_lookup_elem(&xvs_conns, k);
}

/* What nat_reply() returns for a packet to answer with port unreachable
 * (the caller does, so that no call chain holds three stack frames). */
#define XVS_NAT_UNREACH (-2)

/*
 * nat_stray() - a packet of no connection from a masqueraded real server's
 * service port: with nat_icmp_send, IPVS tells the server port unreachable
 * (from the director's address toward it) and drops the packet, unless it
 * is a TCP reset or an SCTP ABORT.
 * Returns: XVS_NAT_UNREACH with @p's destination made the answer's source,
 * the XDP action, or -1 to leave the packet to the kernel.
 */
static __always_inline int nat_stray(struct xvs_pkt *p)
{
	struct xvs_config *cfg = config();
	struct xvs_svc_key rs;
	struct xvs_nat_rs *v;
	struct xvs_dest *d;

	if (!cfg || !cfg->sysctl[XVS_SC_NAT_ICMP_SEND] ||
	    (p->proto == IPPROTO_TCP && (p->tcp_flags & XVS_TCP_RST)) ||
	    (p->proto == IPPROTO_SCTP && p->chunk == XVS_SCTP_CID_ABORT))
		return -1;
	__builtin_memset(&rs, 0, sizeof(rs));
	rs.addr = p->saddr;
	rs.port = p->sport;
	rs.proto = p->proto;
	v = bpf_map_lookup_elem(&xvs_nat_rs, &rs);
	if (!v)
		return -1;
	d = bpf_map_lookup_elem(&xvs_dests, &v->slot);
	if (!d || !(d->flags & XVS_DEST_F_HAVE_L2)) {
		count_reason(XVS_R_DROP_NO_ROUTE);
		return XDP_DROP;
	}
	count_reason(XVS_R_NAT_ICMP_SEND);
	p->daddr = d->tun_src; /* the answer's source */
	return XVS_NAT_UNREACH;
}

/*
 * nat_reply() - a packet that may be a real server's reply on a masqueraded
 * connection: source back to the virtual service, counted as outbound.
 * Returns: the XDP action, -1 when it is no reply of ours, or
 * XVS_NAT_UNREACH (nat_stray()).
 * A subprogram of its own, to keep the program's stack frame small.
 */
static __noinline int nat_reply(struct xdp_md *ctx, struct xvs_pkt *p)
{
	void *end = (void *)(long)ctx->data_end;
	struct xvs_conn_key rk, k;
	struct xvs_conn *c;
	struct xvs_dest *d;

	__builtin_memset(&rk, 0, sizeof(rk));
	rk.caddr = p->saddr;
	rk.vaddr = p->daddr;
	rk.cport = p->sport;
	rk.vport = p->dport;
	rk.proto = p->proto;
	c = nat_conn_by_rev(&rk, &k);
	if (!c)
		return nat_stray(p);
	d = bpf_map_lookup_elem(&xvs_dests, &c->dest_idx);
	if (!d || !(d->flags & XVS_DEST_F_LIVE) || d->gen != c->dest_gen) {
		count_reason(XVS_R_DROP_DEST_GONE);
		return XDP_DROP;
	}
	conn_update(c, &k, p, bpf_ktime_get_ns(), 1);
	count_traffic(c->svc_idx, c->dest_idx, p->ip_len, 1);
	if (nat_rewrite(p, end, 1, &k.vaddr, k.vport)) {
		count_reason(XVS_R_DROP_TRUNCATED);
		return XDP_DROP;
	}
	return nat_out_l2(ctx, p, c);
}

#endif /* XVS_BPF_NAT_H */
