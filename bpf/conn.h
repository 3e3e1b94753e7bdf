/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection table: lookup, creation, IPVS's TCP state machine for directors
 * that see only inbound packets, and expiry by bpf_timer so that entries
 * expire and counts stay right with no user space running.
 */
#ifndef XVS_BPF_CONN_H
#define XVS_BPF_CONN_H

#include "maps.h"
#include "parse.h"
#include "stats.h"
#include "tmpl.h"

/*
 * IPVS's TCP transition tables (ip_vs_proto_tcp.c tcp_states): INPUT for
 * client packets of NAT connections, OUTPUT for their replies, INPUT-ONLY
 * for DR and TUN where the director never sees replies.  Rows: syn, fin,
 * ack, rst; columns: the current state in enum order.
 */
#define sNO XVS_TCP_NONE
#define sES XVS_TCP_ESTABLISHED
#define sSS XVS_TCP_SYN_SENT
#define sSR XVS_TCP_SYN_RECV
#define sFW XVS_TCP_FIN_WAIT
#define sTW XVS_TCP_TIME_WAIT
#define sCL XVS_TCP_CLOSE
#define sCW XVS_TCP_CLOSE_WAIT
#define sLA XVS_TCP_LAST_ACK
#define sLI XVS_TCP_LISTEN
#define sSA XVS_TCP_SYNACK
enum { XVS_DIR_INPUT, XVS_DIR_OUTPUT, XVS_DIR_INPUT_ONLY };
enum { XVS_TCP_TABLE_NORMAL, XVS_TCP_TABLE_DOS };
static const volatile __u8 tcp_states[2][3][4][XVS_TCP_S_LAST] = {
{
	{	/*        sNO  sES  sSS  sSR  sFW  sTW  sCL  sCW  sLA  sLI  sSA */
		/*syn*/ { sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR },
		/*fin*/ { sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW },
		/*ack*/ { sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES },
		/*rst*/ { sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR },
	},
	{	/*        sNO  sES  sSS  sSR  sFW  sTW  sCL  sCW  sLA  sLI  sSA */
		/*syn*/ { sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR },
		/*fin*/ { sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW },
		/*ack*/ { sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES },
		/*rst*/ { sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL },
	},
	{	/*        sNO  sES  sSS  sSR  sFW  sTW  sCL  sCW  sLA  sLI  sSA */
		/*syn*/ { sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR },
		/*fin*/ { sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW },
		/*ack*/ { sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES },
		/*rst*/ { sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL },
	},
},
/* tcp_states_dos, while secure_tcp is in effect: a SYN_RECV entry needs
 * the server's answer (or the client's ACK in input-only) to move on. */
{
	{	/*        sNO  sES  sSS  sSR  sFW  sTW  sCL  sCW  sLA  sLI  sSA */
		/*syn*/ { sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSA },
		/*fin*/ { sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sSA },
		/*ack*/ { sES, sES, sSS, sSR, sFW, sTW, sCL, sCW, sCL, sLI, sSA },
		/*rst*/ { sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL },
	},
	{	/*        sNO  sES  sSS  sSR  sFW  sTW  sCL  sCW  sLA  sLI  sSA */
		/*syn*/ { sSS, sES, sSS, sSA, sSS, sSS, sSS, sSS, sSS, sLI, sSA },
		/*fin*/ { sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW },
		/*ack*/ { sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES },
		/*rst*/ { sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL },
	},
	{	/*        sNO  sES  sSS  sSR  sFW  sTW  sCL  sCW  sLA  sLI  sSA */
		/*syn*/ { sSA, sES, sES, sSR, sSA, sSA, sSA, sSA, sSA, sSA, sSA },
		/*fin*/ { sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW },
		/*ack*/ { sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES },
		/*rst*/ { sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL },
	},
},
};

/*
 * tcp_next_state() - IPVS's next state for a TCP packet with @flags, in
 * the normal table or, with secure_tcp in effect, tcp_states_dos.
 * Event priority is RST > SYN > FIN > ACK (tcp_state_idx); a packet with
 * none of them moves the connection to CLOSE, as IPVS does.
 */
static __always_inline __u8 tcp_next_state(int dir, __u8 state, __u8 flags)
{
	struct xvs_config *cfg = config();
	int ev, dos = cfg && cfg->sysctl[XVS_SC_SECURE_TCP] == 3;

	if (flags & XVS_TCP_RST)
		ev = 3;
	else if (flags & XVS_TCP_SYN)
		ev = 0;
	else if (flags & XVS_TCP_FIN)
		ev = 1;
	else if (flags & XVS_TCP_ACK)
		ev = 2;
	else
		return XVS_TCP_CLOSE;
	if (state >= XVS_TCP_S_LAST || dir < 0 || dir > XVS_DIR_INPUT_ONLY)
		return XVS_TCP_CLOSE;
	return tcp_states[dos][dir][ev][state];
}

#undef sNO
#undef sES
#undef sSS
#undef sSR
#undef sFW
#undef sTW
#undef sCL
#undef sCW
#undef sLA
#undef sLI
#undef sSA

/*
 * IPVS's SCTP transition table (ip_vs_proto_sctp.c sctp_states), by
 * direction, event (the chunk, sctp_event()) and current state.
 */
#define sNO XVS_SCTP_NONE
#define sI1 XVS_SCTP_INIT1
#define sIN XVS_SCTP_INIT
#define sCS XVS_SCTP_COOKIE_SENT
#define sCR XVS_SCTP_COOKIE_REPLIED
#define sCW XVS_SCTP_COOKIE_WAIT
#define sCO XVS_SCTP_COOKIE
#define sCE XVS_SCTP_COOKIE_ECHOED
#define sES XVS_SCTP_ESTABLISHED
#define sSS XVS_SCTP_SHUTDOWN_SENT
#define sSR XVS_SCTP_SHUTDOWN_RECEIVED
#define sSA XVS_SCTP_SHUTDOWN_ACK_SENT
#define sRJ XVS_SCTP_REJECTED
#define sCL XVS_SCTP_CLOSED
enum {
	XVS_SCTP_EV_DATA, /* DATA, SACK, HEARTBEAT(-ACK), ECNE, CWR, and any other */
	XVS_SCTP_EV_INIT,
	XVS_SCTP_EV_INIT_ACK,
	XVS_SCTP_EV_COOKIE_ECHO,
	XVS_SCTP_EV_COOKIE_ACK,
	XVS_SCTP_EV_SHUTDOWN,
	XVS_SCTP_EV_SHUTDOWN_ACK,
	XVS_SCTP_EV_SHUTDOWN_COMPLETE,
	XVS_SCTP_EV_ERROR,
	XVS_SCTP_EV_ABORT,
	XVS_SCTP_EV_LAST,
};
static const volatile __u8 sctp_states[3][XVS_SCTP_EV_LAST][XVS_SCTP_S_LAST] = {
	{	/* INPUT    sNO  sI1  sIN  sCS  sCR  sCW  sCO  sCE  sES  sSS  sSR  sSA  sRJ  sCL */
		/* d   */ { sES, sI1, sIN, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* i   */ { sI1, sIN, sIN, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sIN, sIN },
		/* i_a */ { sCW, sCW, sCW, sCS, sCR, sCO, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* c_e */ { sCR, sIN, sIN, sCR, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* c_a */ { sES, sI1, sIN, sCS, sCR, sCW, sCO, sES, sES, sSS, sSR, sSA, sRJ, sCL },
		/* s   */ { sSR, sI1, sIN, sCS, sCR, sCW, sCO, sCE, sSR, sSS, sSR, sSA, sRJ, sCL },
		/* s_a */ { sCL, sIN, sIN, sCS, sCR, sCW, sCO, sCE, sES, sCL, sSR, sCL, sRJ, sCL },
		/* s_c */ { sCL, sCL, sCL, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sCL, sRJ, sCL },
		/* err */ { sCL, sI1, sIN, sCS, sCR, sCW, sCO, sCL, sES, sSS, sSR, sSA, sRJ, sCL },
		/* ab  */ { sCL, sCL, sCL, sCL, sCL, sRJ, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
	},
	{	/* OUTPUT   sNO  sI1  sIN  sCS  sCR  sCW  sCO  sCE  sES  sSS  sSR  sSA  sRJ  sCL */
		/* d   */ { sES, sI1, sIN, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* i   */ { sCW, sCW, sCW, sCW, sCW, sCW, sCW, sCW, sES, sCW, sCW, sCW, sCW, sCW },
		/* i_a */ { sCS, sCS, sCS, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* c_e */ { sCE, sCE, sCE, sCE, sCE, sCE, sCE, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* c_a */ { sES, sES, sES, sES, sES, sES, sES, sES, sES, sSS, sSR, sSA, sRJ, sCL },
		/* s   */ { sSS, sSS, sSS, sSS, sSS, sSS, sSS, sSS, sSS, sSS, sSR, sSA, sRJ, sCL },
		/* s_a */ { sSA, sSA, sSA, sSA, sSA, sCW, sCO, sCE, sES, sSA, sSA, sSA, sRJ, sCL },
		/* s_c */ { sCL, sI1, sIN, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* err */ { sCL, sCL, sCL, sCL, sCL, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* ab  */ { sCL, sRJ, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
	},
	{	/* IN-ONLY  sNO  sI1  sIN  sCS  sCR  sCW  sCO  sCE  sES  sSS  sSR  sSA  sRJ  sCL */
		/* d   */ { sES, sI1, sIN, sCS, sCR, sES, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* i   */ { sI1, sIN, sIN, sIN, sIN, sIN, sCO, sCE, sES, sSS, sSR, sSA, sIN, sIN },
		/* i_a */ { sCE, sCE, sCE, sCE, sCE, sCE, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* c_e */ { sES, sES, sES, sES, sES, sES, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* c_a */ { sES, sI1, sIN, sES, sES, sCW, sES, sES, sES, sSS, sSR, sSA, sRJ, sCL },
		/* s   */ { sSR, sI1, sIN, sCS, sCR, sCW, sCO, sCE, sSR, sSS, sSR, sSA, sRJ, sCL },
		/* s_a */ { sCL, sIN, sIN, sCS, sCR, sCW, sCO, sCE, sCL, sCL, sSR, sCL, sRJ, sCL },
		/* s_c */ { sCL, sCL, sCL, sCL, sCL, sCW, sCO, sCE, sES, sSS, sCL, sCL, sRJ, sCL },
		/* err */ { sCL, sI1, sIN, sCS, sCR, sCW, sCO, sCE, sES, sSS, sSR, sSA, sRJ, sCL },
		/* ab  */ { sCL, sCL, sCL, sCL, sCL, sRJ, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
	},
};

/* The event of chunk type @chunk (IPVS's sctp_events). */
static __always_inline int sctp_event(__u8 chunk)
{
	switch (chunk) {
	case XVS_SCTP_CID_INIT:
		return XVS_SCTP_EV_INIT;
	case XVS_SCTP_CID_INIT_ACK:
		return XVS_SCTP_EV_INIT_ACK;
	case XVS_SCTP_CID_COOKIE_ECHO:
		return XVS_SCTP_EV_COOKIE_ECHO;
	case XVS_SCTP_CID_COOKIE_ACK:
		return XVS_SCTP_EV_COOKIE_ACK;
	case XVS_SCTP_CID_SHUTDOWN:
		return XVS_SCTP_EV_SHUTDOWN;
	case XVS_SCTP_CID_SHUTDOWN_ACK:
		return XVS_SCTP_EV_SHUTDOWN_ACK;
	case XVS_SCTP_CID_SHUTDOWN_COMPLETE:
		return XVS_SCTP_EV_SHUTDOWN_COMPLETE;
	case XVS_SCTP_CID_ERROR:
		return XVS_SCTP_EV_ERROR;
	case XVS_SCTP_CID_ABORT:
		return XVS_SCTP_EV_ABORT;
	default:
		return XVS_SCTP_EV_DATA;
	}
}

static __always_inline __u8 sctp_next_state(int dir, __u8 state, __u8 chunk)
{
	int ev = sctp_event(chunk);

	if (state >= XVS_SCTP_S_LAST || dir < 0 || dir > XVS_DIR_INPUT_ONLY || ev >= XVS_SCTP_EV_LAST)
		return XVS_SCTP_CLOSED;
	return sctp_states[dir][ev][state];
}

/*
 * proto_next_state() - the state a packet of @proto with TCP flags or SCTP
 * chunk @what moves an entry in @state to, going in direction @dir.  A
 * global function: the tables are verified once, not at every caller.
 */
__noinline __u32 proto_next_state(__u32 dir, __u32 state, __u32 proto, __u32 what)
{
	if (proto == IPPROTO_TCP)
		return tcp_next_state(dir, state, what);
	if (proto == IPPROTO_SCTP)
		return sctp_next_state(dir, state, what);
	return XVS_UDP_STATE;
}

static __always_inline __u8 next_state(int dir, __u8 state, const struct xvs_pkt *p)
{
	return proto_next_state(dir, state, p->proto, p->proto == IPPROTO_SCTP ? p->chunk : p->tcp_flags);
}

/*
 * States counted in ActiveConn: TCP's tcp_state_active_table (Linux >= 4.7),
 * SCTP's ESTABLISHED; UDP is always inactive.
 */
static __always_inline int state_active(__u8 proto, __u8 state)
{
	if (proto == IPPROTO_SCTP)
		return state == XVS_SCTP_ESTABLISHED;
	if (proto != IPPROTO_TCP)
		return 0;
	return state == XVS_TCP_ESTABLISHED || state == XVS_TCP_SYN_SENT ||
	       state == XVS_TCP_SYN_RECV || state == XVS_TCP_SYNACK;
}

/* How long an entry of protocol @proto lives in @state. */
static __always_inline __u64 state_timeout_ns(__u8 proto, __u8 state)
{
	struct xvs_config *cfg = config();
	__u32 idx = state;

	if (proto == IPPROTO_SCTP)
		return (__u64)xvs_sctp_timeout(state) * NSEC_PER_SEC;
	if (!cfg || idx >= XVS_NR_TIMEOUTS)
		return 2 * NSEC_PER_SEC;
	/* clang bounds-checks a copy of idx and would drop a plain mask as
	 * redundant; after the barrier the mask stays and keeps the verifier
	 * sure the access is inside the value. */
	barrier_var(idx);
	idx &= 0xf;
	return (__u64)cfg->timeout[idx] * NSEC_PER_SEC;
}

/* How long @c lives after its last packet (a template: after its last use). */
static __always_inline __u64 entry_timeout_ns(const struct xvs_conn *c, __u8 proto)
{
	if (c->flags & XVS_CONN_F_TEMPLATE)
		return (__u64)c->timeout * NSEC_PER_SEC;
	if (c->flags & XVS_CONN_F_ICMP)
		return XVS_CONN_FIRST_TIMEOUT * NSEC_PER_SEC;
	return state_timeout_ns(proto, c->state);
}

/* Counts of one entry leave its destination (expiry or reuse). */
static __always_inline void conn_uncount(const struct xvs_conn *c, __u8 proto)
{
	if (c->flags & XVS_CONN_F_TEMPLATE)
		dest_persist_add(c->dest_idx, c->dest_gen, -1);
	else if (state_active(proto, c->state))
		dest_conns_add(c->dest_idx, c->dest_gen, -1, 0);
	else
		dest_conns_add(c->dest_idx, c->dest_gen, 0, -1);
}

/* The reply-side key of a masqueraded connection. */
static __always_inline void nat_rev_key(struct xvs_conn_key *rk, const struct xvs_conn_key *k,
					const struct xvs_conn *c)
{
	__builtin_memset(rk, 0, sizeof(*rk));
	rk->caddr = c->daddr;
	rk->vaddr = k->caddr;
	rk->cport = c->dport;
	rk->vport = k->cport;
	rk->proto = k->proto;
}

/*
 * conn_drop() - forget an entry: its counts, its reverse entry, its place in
 * its template's count, itself.
 */
static __always_inline void conn_drop(void *map, struct xvs_conn_key *key, struct xvs_conn *c)
{
	conn_uncount(c, key->proto);
	tmpl_forget_pe(key);
	if (c->tmpl & XVS_TMPL_CONTROLLED)
		tmpl_touch(key, c, TMPL_UNBIND);
	if ((c->flags & XVS_FWD_MASK) == XVS_FWD_MASQ) {
		struct xvs_conn_key rk;

		nat_rev_key(&rk, key, c);
		bpf_map_delete_elem(&xvs_nat_rev, &rk);
	}
	bpf_map_delete_elem(map, key);
}

/*
 * conn_expire() - timer callback.  Re-arms while the last packet is younger
 * than the state's timeout, or while a template still controls flows (then
 * for XVS_TMPL_LATER seconds from now on, as IPVS's expire_later);
 * otherwise drops the entry and its counts.
 */
static int conn_expire(void *map, struct xvs_conn_key *key, struct xvs_conn *c)
{
	__u64 now = bpf_ktime_get_ns();
	__u64 deadline = c->last_ns + entry_timeout_ns(c, key->proto);

	if (now >= deadline && (c->flags & XVS_CONN_F_TEMPLATE) && (__s32)c->n_control > 0) {
		c->timeout = XVS_TMPL_LATER;
		c->last_ns = now;
		deadline = now + XVS_TMPL_LATER * NSEC_PER_SEC;
	}
	if (now < deadline) {
		c->fire_ns = deadline;
		bpf_timer_start(&c->timer, deadline - now, 0);
		return 0;
	}
	conn_drop(map, key, c);
	return 0;
}

/*
 * conn_insert() - add entry @init (built by the caller) under @k and start
 * its timer for @timeout ns.
 * Returns: the entry, or NULL when it exists already or the table refused.
 */
static __always_inline struct xvs_conn *conn_insert(const struct xvs_conn_key *k, const struct xvs_conn *init,
						     __u64 timeout)
{
	struct xvs_conn *c;

	if (bpf_map_update_elem(&xvs_conns, k, init, BPF_NOEXIST))
		return NULL;
	c = bpf_map_lookup_elem(&xvs_conns, k);
	if (!c)
		return NULL;
	bpf_timer_init(&c->timer, &xvs_conns, XVS_CLOCK_MONOTONIC);
	bpf_timer_set_callback(&c->timer, conn_expire);
	bpf_timer_start(&c->timer, timeout, 0);
	return c;
}

/*
 * conn_enter() - move @c to state @new: active/inactive counts, and an
 * earlier timer when the new state's timeout ends before the armed one.
 */
static __always_inline void conn_enter(struct xvs_conn *c, __u8 proto, __u8 new, __u64 now)
{
	__u8 old = c->state;
	__u64 deadline;

	c->last_ns = now;
	if (new == old)
		return;
	c->state = new;
	if (state_active(proto, old) != state_active(proto, new)) {
		int to_active = state_active(proto, new);

		dest_conns_add(c->dest_idx, c->dest_gen, to_active ? 1 : -1, to_active ? -1 : 1);
	}
	deadline = now + state_timeout_ns(proto, new);
	if (deadline < c->fire_ns) {
		c->fire_ns = deadline;
		bpf_timer_start(&c->timer, deadline - now, 0);
	}
}

/*
 * conn_update() - account a packet of existing connection @k.  @output: a
 * reply (NAT).  As IPVS's set_tcp_state(), a reply clears NOOUTPUT and
 * client packets of a connection that never had one use the input-only rows.
 * A controlled connection that gets established (TCP, SCTP) or answered (UDP)
 * assures its template.
 */
static __always_inline void conn_update(struct xvs_conn *c, const struct xvs_conn_key *k, const struct xvs_pkt *p,
					__u64 now, int output)
{
	int dir = XVS_DIR_INPUT;
	__u8 old = c->state, new = old;

	if (output)
		dir = XVS_DIR_OUTPUT;
	else if (c->flags & XVS_CONN_F_NOOUTPUT)
		dir = XVS_DIR_INPUT_ONLY;
	if (output)
		c->flags &= ~XVS_CONN_F_NOOUTPUT;
	else
		c->in_pkts++; /* per flow, so on one CPU but for rare races */
	c->flags &= ~XVS_CONN_F_ICMP;
	new = next_state(dir, old, p);
	conn_enter(c, p->proto, new, now);
	if ((c->tmpl & (XVS_TMPL_CONTROLLED | XVS_TMPL_ASSURED)) != XVS_TMPL_CONTROLLED)
		return;
	if (p->proto == IPPROTO_TCP    ? new == XVS_TCP_ESTABLISHED
	    : p->proto == IPPROTO_SCTP ? new == XVS_SCTP_ESTABLISHED
				       : output) {
		c->tmpl |= XVS_TMPL_ASSURED;
		tmpl_touch(k, c, TMPL_ASSURE);
	}
}

static __always_inline void conn_key_from(struct xvs_conn_key *k, const struct xvs_pkt *p)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->caddr = p->saddr;
	k->vaddr = p->daddr;
	k->cport = p->sport;
	k->vport = p->dport;
	k->proto = p->proto;
}

/*
 * conn_dport() - the real server's port for a connection to port @vport of
 * @svc: the server's own, or @vport when it has none (IPVS's
 * ip_vs_schedule); a persistent service keeps @vport unless it is the
 * service's port (ip_vs_sched_persist), so port-0 and mark services pass
 * every port through.
 */
static __always_inline __be16 conn_dport(const struct xvs_svc *svc, const struct xvs_dest *d, __be16 vport)
{
	if (svc->flags & XVS_SVC_F_PERSISTENT)
		return vport == svc->port && d->port ? d->port : vport;
	return d->port ? d->port : vport;
}

/*
 * conn_create() - insert a connection of service @svc to @dest_idx for the
 * packet @p.  The packet's own transition is applied from state NONE, as
 * IPVS does for the packet that created the entry.  A persistent service's
 * connection is controlled by its client's template (bpf/persist.h), whose
 * key holds @pe_hash when not 0 (--pe sip).
 * Returns: the entry, or NULL when it could not be created.
 */
static __always_inline struct xvs_conn *conn_create(const struct xvs_conn_key *k, const struct xvs_pkt *p,
						     const struct xvs_svc *svc, __u32 dest_idx,
						     const struct xvs_dest *d, __u64 now, __u32 ifindex,
						     __u32 pe_hash)
{
	struct xvs_scratch *sc = scratch();
	struct xvs_conn *init, *c;
	__u32 dest_gen = d->gen;
	__u64 timeout;

	if (!sc)
		return NULL;
	/* Built in scratch: a 96-byte value on the stack would not fit. */
	__builtin_memset(sc->conn, 0, sizeof(sc->conn));
	init = (struct xvs_conn *)sc->conn;
	init->last_ns = now;
	init->dest_idx = dest_idx;
	init->dest_gen = dest_gen;
	init->svc_idx = svc->idx;
	init->daddr = d->addr;
	init->dport = conn_dport(svc, d, p->dport);
	init->c_ifindex = ifindex;
	__builtin_memcpy(init->c_mac, p->eth->h_source, 6);
	__builtin_memcpy(init->l_mac, p->eth->h_dest, 6);
	init->flags = d->fwd & XVS_FWD_MASK;
	/* IPVS sets NOOUTPUT for every method but masquerading. */
	if ((d->fwd & XVS_FWD_MASK) != XVS_FWD_MASQ)
		init->flags |= XVS_CONN_F_NOOUTPUT;
	if (svc->flags & XVS_SVC_F_PERSISTENT) {
		init->tmpl = XVS_TMPL_CONTROLLED | (tmpl_vport0(svc) ? XVS_TMPL_VPORT0 : 0);
		init->tmpl_mask = svc->netmask;
		init->tmpl_mark = svc->fwmark;
		init->tmpl_pe = pe_hash;
	}
	if (p->icmp) {
		/* made for an ICMP error: IPVS moves no state and keeps the
		 * new entry's 3 s (ip_vs_conn_new()) */
		init->flags |= XVS_CONN_F_ICMP;
		init->state = p->proto == IPPROTO_UDP ? XVS_UDP_STATE : XVS_TCP_NONE;
		timeout = XVS_CONN_FIRST_TIMEOUT * NSEC_PER_SEC;
	} else {
		/* the first packet already uses the input-only rows (set_tcp_state) */
		init->state = next_state(init->flags & XVS_CONN_F_NOOUTPUT ? XVS_DIR_INPUT_ONLY
									     : XVS_DIR_INPUT,
					 XVS_TCP_NONE, p);
		timeout = state_timeout_ns(p->proto, init->state);
		init->in_pkts = 1;
	}
	init->fire_ns = now + timeout;
	c = conn_insert(k, init, timeout);
	if (!c)
		return NULL;
	if ((c->flags & XVS_FWD_MASK) == XVS_FWD_MASQ) {
		struct xvs_conn_key rk;

		nat_rev_key(&rk, k, c);
		bpf_map_update_elem(&xvs_nat_rev, &rk, k, BPF_ANY);
	}
	if (state_active(p->proto, c->state))
		dest_conns_add(dest_idx, dest_gen, 1, 0);
	else
		dest_conns_add(dest_idx, dest_gen, 0, 1);
	if (c->tmpl & XVS_TMPL_CONTROLLED)
		tmpl_touch(k, c, TMPL_BIND);
	return c;
}

/* What becomes of an existing entry that a client packet hits. */
enum conn_fate {
	FATE_KEEP,       /* forward as usual */
	FATE_NEW,        /* forget the entry; the packet starts a new connection */
	FATE_RESET,      /* answer the client with a TCP reset (SCTP: ABORT); the entry
			  * stays, closed, to answer the packets in flight the same way */
	FATE_FORGET,     /* forget the entry; drop the packet */
	FATE_HOST,       /* forget the entry; the packet goes to the host stack */
	FATE_DROP,       /* keep the entry, drop the packet (IPVS's default) */
};

/*
 * conn_fate() - IPVS's rules for a packet of an entry (ip_vs_in(),
 * is_new_conn_expected(), ip_vs_try_to_schedule()), with xvs's
 * nodest_reset: a client of a deleted real server learns at once, by a
 * reset, instead of retransmitting into a drop until the entry times out.
 */
static __always_inline int conn_fate(const struct xvs_conn *c, const struct xvs_pkt *p,
				     const struct xvs_config *cfg)
{
	__u32 idx = c->dest_idx;
	struct xvs_dest *d = bpf_map_lookup_elem(&xvs_dests, &idx);
	int tcp = p->proto == IPPROTO_TCP, sctp = p->proto == IPPROTO_SCTP;
	/* rst: the client ends it (TCP RST, SCTP ABORT); syn: it starts anew */
	int rst = tcp ? p->tcp_flags & XVS_TCP_RST : sctp && p->chunk == XVS_SCTP_CID_ABORT;
	int syn = tcp ? !rst && (p->tcp_flags & XVS_TCP_SYN) : sctp && p->chunk == XVS_SCTP_CID_INIT;
	int may_start = tcp ? syn || (!rst && cfg->sysctl[XVS_SC_SLOPPY_TCP])
			: sctp ? syn || (!rst && cfg->sysctl[XVS_SC_SLOPPY_SCTP]) : 1;
	__u32 reuse = cfg->sysctl[XVS_SC_CONN_REUSE_MODE];

	if (!d || !(d->flags & XVS_DEST_F_LIVE) || d->gen != c->dest_gen) {
		if (cfg->sysctl[XVS_SC_NODEST_RESET])
			return may_start ? FATE_NEW : rst ? FATE_FORGET : FATE_RESET;
		if (cfg->sysctl[XVS_SC_EXPIRE_NODEST_CONN])
			return may_start ? FATE_NEW : FATE_HOST;
		return FATE_DROP;
	}
	if (!syn)
		return FATE_KEEP;
	/* a SYN on a quiesced server's entry is rescheduled (c95c07836fa4) */
	if (cfg->sysctl[XVS_SC_EXPIRE_NODEST_CONN] && d->weight <= 0)
		return FATE_NEW;
	if (sctp)
		return reuse && c->state == XVS_SCTP_CLOSED ? FATE_NEW : FATE_KEEP;
	if (reuse && (c->state == XVS_TCP_TIME_WAIT || c->state == XVS_TCP_CLOSE))
		return FATE_NEW;
	if ((reuse & 2) && c->state == XVS_TCP_FIN_WAIT && (c->flags & XVS_CONN_F_NOOUTPUT))
		return FATE_NEW;
	return FATE_KEEP;
}

#endif /* XVS_BPF_CONN_H */
