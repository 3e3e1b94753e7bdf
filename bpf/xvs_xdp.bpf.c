// SPDX-License-Identifier: GPL-2.0
/*
 * xvs data plane: one XDP program per director interface.
 * parse -> service -> connection (or schedule) -> forward.
 * Anything not addressed to a virtual service goes to the kernel untouched.
 * xvs_est_ctl arms the timers of the rate estimator (bpf/est.h) and the
 * drop_entry defense (bpf/defense.h), and installs synced connections
 * (bpf/sync.h); user space runs it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "maps.h"
#include "parse.h"
#include "stats.h"
#include "conn.h"
#include "sched.h"
#include "persist.h"
#include "mark.h"
#include "fwd.h"
#include "nat.h"
#include "encap.h"
#include "icmperr.h"
#include "est.h"
#include "defense.h"
#include "vip.h"
#include "sync.h"

/* Tunnel forwarding, answering a packet too big for the tunnel. */
static __always_inline int tunnel(struct xdp_md *ctx, struct xvs_pkt *p, const struct xvs_dest *d)
{
	int a = fwd_tun(ctx, p, d);

	return a < 0 ? icmp_answer(ctx, p, XVS_ANSWER_TOO_BIG, -a) : a;
}

/* A verdict with its reason counted. */
static __always_inline int verdict(int reason)
{
	count_reason(reason);
	return reason < XVS_R_DROP_TRUNCATED || reason == XVS_R_BYPASS ? XDP_PASS : XDP_DROP;
}

/*
 * no_dest() - the verdict for a new connection's packet: @reason, or for
 * one that no real server takes, IPVS's answer (ip_vs_leave()): ICMP port
 * unreachable, even for TCP, so the client learns at once; an FTP data
 * connection goes to the host.
 */
static __always_inline int no_dest(struct xdp_md *ctx, struct xvs_pkt *p, const struct xvs_svc *svc, int reason)
{
	/* an ICMP error no real server takes is dropped (ip_vs_leave()) */
	if (reason != XVS_R_DROP_NO_DEST || p->icmp)
		return verdict(reason);
	/* an FTP service's data connection: the host's to take */
	if (svc->port == bpf_htons(XVS_FTP_PORT) && p->dport != svc->port)
		return verdict(XVS_R_PASS_NOT_SERVICE);
	count_reason(reason);
	count_reason(XVS_R_NO_DEST_UNREACH);
	return icmp_answer(ctx, p, XVS_ANSWER_PORT_UNREACH, 0);
}

static __always_inline int cache_bypass(void)
{
	struct xvs_config *cfg = config();

	return cfg && cfg->sysctl[XVS_SC_CACHE_BYPASS];
}

/*
 * drop_packet() - IPVS's drop_packet defense (ip_vs_todrop): with mode 3,
 * every am_droprate-th new connection is dropped, counted per CPU.  The
 * automatic modes wait for memory to run short, which a preallocated
 * connection table does not.
 */
static __always_inline int drop_packet(const struct xvs_config *cfg)
{
	struct xvs_scratch *sc;

	if (cfg->sysctl[XVS_SC_DROP_PACKET] != 3 || !cfg->sysctl[XVS_SC_AM_DROPRATE])
		return 0;
	sc = scratch();
	if (!sc || ++sc->drop_counter < cfg->sysctl[XVS_SC_AM_DROPRATE])
		return 0;
	sc->drop_counter = 0;
	return 1;
}

/*
 * pick_dest() - the real server for a new flow @k of @svc: its client's
 * template's on a persistent service, else the scheduler's choice.  With
 * --pe sip the template is the client's and the message's Call-ID's, whose
 * hash goes to *@pe_hash (else 0).
 * Returns: XVS_PARSE_OK and *dest_idx, or the reason there is none.
 */
static __always_inline int pick_dest(struct xdp_md *ctx, const struct xvs_conn_key *k, const struct xvs_pkt *p,
				     const struct xvs_svc *svc, __u64 now, __u32 *dest_idx, __u32 *pe_hash)
{
	*pe_hash = 0;
	/* IPVS: "port zero only supported in persistent services" */
	if (!(svc->flags & XVS_SVC_F_PERSISTENT) && svc->port != p->dport && !svc->fwmark)
		return XVS_R_DROP_NO_DEST;
	/* IPVS drops what the engine cannot key (ip_vs_sched_persist), and an
	 * ICMP error is no UDP packet to key */
	if ((svc->flags & XVS_SVC_F_PERSISTENT) && svc->pe == XVS_PE_SIP && (p->icmp || pe_sip_param(ctx, p, pe_hash)))
		return XVS_R_DROP_PE_SIP;
	if (svc->flags & XVS_SVC_F_PERSISTENT ? sched_persist(svc, k, now, dest_idx, *pe_hash)
					      : sched_pick(svc, k, now, dest_idx))
		return svc->fwmark && cache_bypass() ? XVS_R_BYPASS : XVS_R_DROP_NO_DEST;
	return XVS_PARSE_OK;
}

/*
 * new_conn() - schedule a real server for the first packet of a flow.
 * Returns: the new entry, or NULL with *reason set.
 */
static __always_inline struct xvs_conn *new_conn(struct xdp_md *ctx, const struct xvs_conn_key *k,
						 const struct xvs_pkt *p, const struct xvs_svc *svc, __u64 now,
						 const struct xvs_config *cfg, int *reason)
{
	struct xvs_conn *c;
	struct xvs_dest *d;
	__u32 dest_idx, pe_hash;

	/* IPVS schedules TCP only on a SYN without RST, or with sloppy_tcp on
	 * any packet but a RST; SCTP on an INIT, or with sloppy_sctp on any
	 * chunk but an ABORT. */
	if ((p->proto == IPPROTO_TCP &&
	     ((p->tcp_flags & XVS_TCP_RST) ||
	      (!(p->tcp_flags & XVS_TCP_SYN) && !cfg->sysctl[XVS_SC_SLOPPY_TCP]))) ||
	    (p->proto == IPPROTO_SCTP &&
	     (p->chunk == XVS_SCTP_CID_ABORT ||
	      (p->chunk != XVS_SCTP_CID_INIT && !cfg->sysctl[XVS_SC_SLOPPY_SCTP])))) {
		*reason = XVS_R_PASS_NOT_SYN;
		return NULL;
	}
	if (drop_packet(cfg)) {
		*reason = XVS_R_DROP_DEFENSE;
		return NULL;
	}
	*reason = pick_dest(ctx, k, p, svc, now, &dest_idx, &pe_hash);
	if (*reason != XVS_PARSE_OK)
		return NULL;
	d = bpf_map_lookup_elem(&xvs_dests, &dest_idx);
	if (!d || !(d->flags & XVS_DEST_F_LIVE)) {
		*reason = XVS_R_DROP_NO_DEST;
		return NULL;
	}
	c = conn_create(k, p, svc, dest_idx, d, now, ctx->ingress_ifindex, pe_hash);
	if (!c) {
		/* Lost a race with another CPU creating the same flow. */
		c = bpf_map_lookup_elem(&xvs_conns, k);
		if (!c)
			*reason = XVS_R_DROP_CONN_ALLOC;
		return c;
	}
	count_conn(svc->idx, dest_idx);
	return c;
}

/*
 * xvs_packet() - the packet path.  @icmp_flow: this is xvs_xdp_icmp, which
 * takes over (by tail call) an ICMP error of no connection that
 * schedule_icmp schedules as the flow it quotes; a program of its own, as
 * the verifier would not walk the whole path twice in one.
 */
static __always_inline int xvs_packet(struct xdp_md *ctx, const int icmp_flow)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct xvs_pkt p = {};
	struct xvs_svc_key sk;
	struct xvs_scratch *sc;
	struct xvs_conn_key *ck;
	struct xvs_config *cfg;
	struct xvs_svc *svc;
	struct xvs_conn *c;
	struct xvs_dest *d;
	__u32 dest_idx, fwd, pe_hash;
	__be16 dport;
	__u64 now;
	int r, vip = XVS_VIP_GO;

	r = parse_packet(&p, data, end);
	/* VRRP's word on the destination comes first (bpf/vip.h).  Not again
	 * in xvs_xdp_icmp: it only ever gets, by the tail call below, a frame
	 * this gate let go on as it was; repeating it there cost 8% of that
	 * program's verifier budget (802k -> 873k of 1M insns), for nothing. */
	if (!icmp_flow && vips_enabled()) {
		vip = vip_gate(ctx);
		if (vip >= 0)
			return verdict(vip);
	}
	/* a backup VIP's ICMP errors go to the host too: the connections
	 * they are about are the master's to follow */
	if (r == XVS_R_PASS_L4_OTHER && vip == XVS_VIP_GO) {
		__u32 tun_dest = 0;
		int a = icmp_error(ctx, &p, &tun_dest);

		if (a == XVS_ICMP_VIA_TUNNEL) {
			d = bpf_map_lookup_elem(&xvs_dests, &tun_dest);
			return d ? tunnel(ctx, &p, d) : XDP_DROP;
		}
		if (a >= 0)
			return a;
		if (a == XVS_ICMP_SCHEDULE) {
			if (!icmp_flow) {
				bpf_tail_call(ctx, &xvs_progs, XVS_PROG_ICMP_FLOW);
				return verdict(XVS_R_PASS_L4_OTHER);
			}
			r = XVS_PARSE_OK; /* on as the flow it quotes */
		}
	}
	if (icmp_flow && !p.icmp)
		return XDP_PASS; /* only ever called for such an error */
	if (r != XVS_PARSE_OK)
		return verdict(r);

	cfg = config();
	svc = NULL;
	if (cfg && (cfg->flags & XVS_CFG_F_MARKS)) {
		/* a mark service first, as IPVS looks them up first */
		__u32 mark = mark_of(&p);

		if (mark) {
			mark_svc_key(&sk, mark, p.is_v6);
			svc = bpf_map_lookup_elem(&xvs_svcs, &sk);
		}
	}
	__builtin_memset(&sk, 0, sizeof(sk));
	sk.addr = p.daddr;
	sk.port = p.dport;
	sk.proto = p.proto;
	if (!svc)
		svc = bpf_map_lookup_elem(&xvs_svcs, &sk);
	if (!svc && cfg && (cfg->flags & XVS_CFG_F_FTP) &&
	    (p.dport == bpf_htons(XVS_FTP_DATA_PORT) || bpf_ntohs(p.dport) >= XVS_FTP_DATA_MIN)) {
		/* an FTP data connection belongs to the address's FTP service */
		sk.port = bpf_htons(XVS_FTP_PORT);
		svc = bpf_map_lookup_elem(&xvs_svcs, &sk);
	}
	if (!svc && cfg && (cfg->flags & XVS_CFG_F_PORT0)) {
		/* a service of every port of the address (IPVS's port zero) */
		sk.port = 0;
		svc = bpf_map_lookup_elem(&xvs_svcs, &sk);
	}
	if (!svc) {
		if (nat_enabled()) {
			r = nat_reply(ctx, &p);
			if (r == XVS_NAT_UNREACH)
				return icmp_answer(ctx, &p, XVS_ANSWER_PORT_UNREACH, 0);
			if (r >= 0)
				return r;
		}
		return verdict(XVS_R_PASS_NOT_SERVICE);
	}
	/* a backup VIP's service: the VRRP master balances it; here the
	 * host may take it (verdict() would spend a test on every reason) */
	if (vip == XVS_VIP_NOT_OWNER) {
		count_reason(XVS_R_PASS_NOT_OWNER);
		return XDP_PASS;
	}
	/* IPVS's backup_only: while a backup sync daemon runs, the director
	 * does not balance (ip_vs_in() accepts the packet) */
	if (cfg && (cfg->flags & XVS_CFG_F_SYNC_BACKUP) && cfg->sysctl[XVS_SC_BACKUP_ONLY]) {
		count_reason(XVS_R_PASS_BACKUP_ONLY);
		return XDP_PASS;
	}
	if (p.is_frag)
		return verdict(XVS_R_DROP_FRAGMENT);

	sc = scratch();
	if (!cfg || !sc)
		return XDP_PASS;
	/* the flow's key in scratch: calls under this frame go deep */
	ck = &sc->ckey;
	now = bpf_ktime_get_ns();
	conn_key_from(ck, &p);
	if ((svc->flags & XVS_SVC_F_ONEPACKET) && p.proto == IPPROTO_UDP && !p.icmp) {
		/* -o: every packet is scheduled on its own and leaves no entry,
		 * as IPVS's one-packet connections are never hashed; a template
		 * still pins a persistent service's client. */
		r = pick_dest(ctx, ck, &p, svc, now, &dest_idx, &pe_hash);
		if (r != XVS_PARSE_OK)
			return no_dest(ctx, &p, svc, r);
		d = bpf_map_lookup_elem(&xvs_dests, &dest_idx);
		if (!d || !(d->flags & XVS_DEST_F_LIVE))
			return verdict(XVS_R_DROP_NO_DEST);
		count_conn(svc->idx, dest_idx);
		count_traffic(svc->idx, dest_idx, p.ip_len, 0);
		fwd = d->fwd & XVS_FWD_MASK;
		dport = conn_dport(svc, d, p.dport);
		goto forward;
	}
	c = bpf_map_lookup_elem(&xvs_conns, ck);
	if (p.icmp) {
		/* schedule_icmp: an entry made for the error (or, racing, by
		 * another CPU), then the error goes as icmp_error()'s do */
		__u32 tun_dest = 0;
		int a;

		if (!c)
			c = new_conn(ctx, ck, &p, svc, now, cfg, &r);
		if (!c)
			return no_dest(ctx, &p, svc, r);
		a = icmp_error_new(ctx, &p, c, &tun_dest);
		if (a != XVS_ICMP_VIA_TUNNEL)
			return a;
		d = bpf_map_lookup_elem(&xvs_dests, &tun_dest);
		return d ? tunnel(ctx, &p, d) : XDP_DROP;
	}
	if (c) {
		int fate = conn_fate(c, &p, cfg);

		if (fate == FATE_DROP)
			return verdict(XVS_R_DROP_DEST_GONE);
		if (fate == FATE_RESET) {
			/* Kept: a reset whose seq is not exactly what the client
			 * expects draws a challenge ACK (RFC 5961 §3.2), whose ack
			 * the next reset then uses. */
			count_reason(XVS_R_RESET_DEST_GONE);
			if (p.proto == IPPROTO_SCTP) {
				conn_enter(c, p.proto, XVS_SCTP_CLOSED, now);
				return sctp_abort(ctx, &p);
			}
			conn_enter(c, p.proto, XVS_TCP_CLOSE, now);
			return tcp_reset(ctx, &p);
		}
		if (fate != FATE_KEEP) {
			conn_drop(&xvs_conns, ck, c);
			c = NULL;
		}
		if (fate == FATE_FORGET)
			return verdict(XVS_R_DROP_DEST_GONE);
		if (fate == FATE_HOST)
			return verdict(XVS_R_PASS_NOT_SYN);
	}
	if (!c) {
		c = new_conn(ctx, ck, &p, svc, now, cfg, &r);
		if (!c)
			return no_dest(ctx, &p, svc, r);
	} else {
		conn_update(c, ck, &p, now, 0);
		if (!c->c_ifindex)
			conn_learn_hop(c, &p, ctx->ingress_ifindex);
	}
	if (cfg->flags & XVS_CFG_F_SYNC_MASTER)
		sync_flow(c, p.proto, svc->fwmark);

	d = bpf_map_lookup_elem(&xvs_dests, &c->dest_idx);
	if (!d || !(d->flags & XVS_DEST_F_LIVE) || d->gen != c->dest_gen)
		return verdict(XVS_R_DROP_DEST_GONE);
	count_traffic(c->svc_idx, c->dest_idx, p.ip_len, 0);
	fwd = c->flags & XVS_FWD_MASK;
	dport = c->dport;
forward:
	/* "Local": the real server is this host; its stack answers from the VIP
	 * (IPVS decides this at transmit time whatever the method). */
	if (d->flags & XVS_DEST_F_LOCAL) {
		count_reason(XVS_R_LOCAL);
		return XDP_PASS;
	}
	switch (fwd) {
	case XVS_FWD_DROUTE:
		return fwd_dr(ctx, &p, d);
	case XVS_FWD_MASQ:
		return fwd_nat_in(ctx, &p, d, dport);
	case XVS_FWD_TUNNEL:
		return tunnel(ctx, &p, d);
	default:
		return verdict(XVS_R_DROP_FWD_UNSUPP);
	}
}

SEC("xdp")
int xvs_xdp(struct xdp_md *ctx)
{
	return xvs_packet(ctx, 0);
}

SEC("xdp")
int xvs_xdp_icmp(struct xdp_md *ctx)
{
	return xvs_packet(ctx, 1);
}

/* The timers' control (the rate estimator's, the defense's) and the sync
 * backup's installs: libxvs runs it with BPF_PROG_TEST_RUN. */
SEC("syscall")
int xvs_est_ctl(struct xvs_est_op_ctx *op)
{
	long err;

	switch (op->op) {
	case XVS_EST_START:
		err = est_ctl(op->op);
		return err ? err : defense_ctl(op->op);
	case XVS_EST_DROP_ENTRY:
		return defense_ctl(op->op);
	case XVS_SYNC_INSTALL:
		op->result = sync_install(op);
		return op->result;
	}
	return est_ctl(op->op);
}

char LICENSE[] SEC("license") = "GPL";
