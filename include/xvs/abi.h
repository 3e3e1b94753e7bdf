/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvs ABI: every map key, value, flag and limit that the XDP data plane and
 * libxvs both see.  Types only.  Compiled by clang for BPF and by gcc for
 * user space; a layout change here bumps XVS_ABI_VERSION, which libxvs checks
 * against the pinned config map before it touches a running data plane.
 *
 * Addresses are 16 bytes everywhere; IPv4 is stored v4-mapped
 * (::ffff:a.b.c.d) so IPv6 is not a second code path.  Ports and addresses
 * are in network byte order, everything else in host order.
 */
#ifndef XVS_ABI_H
#define XVS_ABI_H

#include <linux/types.h>
#include <linux/bpf.h>

#define XVS_ABI_VERSION 10

/* IPVS version reported to ipvsadm-compatible listings (1.2.1). */
#define XVS_IPVS_VERSION 0x010201

/* Limits: 10,000 services of ten real servers each fit. */
#define XVS_MAX_SERVICES 16384
#define XVS_MAX_DESTS 131072
#define XVS_RING_MAX 262144          /* scheduling ring slots per service */
#define XVS_RING_ENTRIES (1U << 21)  /* ring slots over all services, both halves */
#define XVS_CONN_DEFAULT 262144      /* connection table size unless set at load */
#define XVS_NAME_LEN 16              /* scheduler / pe names, as IPVS */

union xvs_addr {
	__u8 b[16];
	__be16 h[8];
	__be32 w[4];
};
_Static_assert(sizeof(union xvs_addr) == 16, "xvs_addr");

/* Service map key: a virtual service by (protocol, VIP, port). */
struct xvs_svc_key {
	union xvs_addr addr;
	__be16 port;
	__u8 proto; /* IPPROTO_TCP / IPPROTO_UDP */
	__u8 pad;
};
_Static_assert(sizeof(struct xvs_svc_key) == 20, "xvs_svc_key");

/*
 * A firewall-mark service's key: protocol 0 (IP), port 0, the mark and the
 * address family in the address words (xvs_mark_svc_key()).
 */
#define XVS_MARK_AF_V4 4
#define XVS_MARK_AF_V6 6

/*
 * Firewall-mark classification, xvs's own: iptables marks are set after
 * XDP has run.  A packet's destination address picks, by longest prefix in
 * the mark map, the rules that apply to it: those of that prefix and of
 * every shorter one containing it, most specific first (libxvs merges
 * them).  The first rule whose protocol, destination ports and source MAC
 * fit gives the packet its mark; the mark's service then takes it.
 * Prefix lengths count over the 16-byte address (IPv4 /n is 96 + n).  A
 * rule records its own prefix length, so the rules as given are the ones
 * each entry holds for its own prefix, in their order.
 */
#define XVS_MARK_PREFIXES 64 /* addresses with rules of their own */
#define XVS_MARK_SET 8    /* rules one address may meet */
#define XVS_MARK_MACS 4   /* source MACs one rule may exclude */
struct xvs_mark_rule {
	__u32 mark;
	__u8 proto;    /* IPPROTO_TCP/UDP/SCTP, or 0: any of them */
	__u8 nmacs;    /* frames from these source MACs (another director) do not match */
	__u16 port_lo; /* destination ports, host order, inclusive */
	__u16 port_hi;
	__u16 plen;    /* the prefix length of the rule's own address */
	__u8 macs[XVS_MARK_MACS][6];
};
_Static_assert(sizeof(struct xvs_mark_rule) == 36, "xvs_mark_rule");

struct xvs_mark_key {
	__u32 prefixlen; /* LPM trie key: the length comes first */
	union xvs_addr addr;
};
_Static_assert(sizeof(struct xvs_mark_key) == 20, "xvs_mark_key");

struct xvs_mark_set {
	__u32 n;
	struct xvs_mark_rule r[XVS_MARK_SET];
};
_Static_assert(sizeof(struct xvs_mark_set) == 4 + 36 * XVS_MARK_SET, "xvs_mark_set");

/* IPVS service flags (include/uapi/linux/ip_vs.h) kept verbatim. */
#define XVS_SVC_F_PERSISTENT 0x0001
#define XVS_SVC_F_HASHED 0x0002
#define XVS_SVC_F_ONEPACKET 0x0004
#define XVS_SVC_F_SCHED1 0x0008
#define XVS_SVC_F_SCHED2 0x0010
#define XVS_SVC_F_SCHED3 0x0020

/* IPVS's schedulers, in the order lib/sched.c names them. */
enum xvs_sched_kind {
	XVS_SCHED_RR = 0,
	XVS_SCHED_WRR,
	XVS_SCHED_LC,
	XVS_SCHED_WLC,
	XVS_SCHED_LBLC,
	XVS_SCHED_LBLCR,
	XVS_SCHED_DH,
	XVS_SCHED_SH,
	XVS_SCHED_SED,
	XVS_SCHED_NQ,
	XVS_SCHED_FO,
	XVS_SCHED_OVF,
	XVS_SCHED_MH,
	XVS_SCHED_TWOS,
	XVS_SCHED_NONE, /* -s none: no new connections */
	XVS_SCHED_MAX,
};
/* -b flags: sh-fallback / mh-fallback and sh-port / mh-port. */
#define XVS_SVC_F_SCHED_FALLBACK XVS_SVC_F_SCHED1
#define XVS_SVC_F_SCHED_PORT XVS_SVC_F_SCHED2
/* Bucket counts of IPVS's hashing schedulers (CONFIG_IP_VS_*_TAB_*). */
#define XVS_SH_TAB_SIZE 256
#define XVS_DH_TAB_SIZE 256
#define XVS_MH_TAB_SIZE 4093

/*
 * Service map value.  rr and wrr keep their selection cycle, dh, sh and mh
 * their bucket table, in the ring map under (idx, ring_half); ring_len == 0
 * means no destination can take a new connection.  User space fills the
 * idle half, then flips ring_half and ring_len in one update of this value,
 * so a packet never sees a half-written ring.  The load-based schedulers
 * (lc, wlc, sed, nq, fo, ovf, twos, lblc, lblcr) use a tournament tree of
 * tree_cap leaves at tree_base in the tree map instead (bpf/tree.h).
 */
struct xvs_svc {
	__u32 idx;       /* slot in the per-service arrays */
	__u32 flags;     /* XVS_SVC_F_* */
	__u32 sched;     /* enum xvs_sched_kind */
	__u32 ring_half; /* 0 or 1 */
	__u32 ring_len;
	__u32 timeout;   /* persistence timeout, seconds */
	__be32 netmask;  /* persistence granularity (IPv4 mask / v6 prefix len) */
	__u32 af;        /* AF_INET or AF_INET6, as configured */
	__u64 seq;       /* creation order */
	char sched_name[XVS_NAME_LEN];
	char pe_name[XVS_NAME_LEN];
	__u32 tree_base; /* first node of the service's tree region */
	__u32 tree_cap;  /* leaves; 0: the scheduler has no tree */
	__u32 fwmark;    /* firewall-mark service: its mark, else 0 */
	__be16 port;     /* the service's port (0: every port of the address) */
	__u16 pe;        /* XVS_PE_*: the persistence engine pe_name names */
	__u32 est_gen;   /* rate estimator generation (struct xvs_est) */
	__u32 pad2;
};
_Static_assert(sizeof(struct xvs_svc) == 96, "xvs_svc");

/* Persistence engines (ipvsadm --pe): IPVS has one, "sip". */
#define XVS_PE_NONE 0
#define XVS_PE_SIP 1

/* Forwarding methods: IPVS's conn_flags values (IP_VS_CONN_F_*). */
#define XVS_FWD_MASQ 0
#define XVS_FWD_LOCALNODE 1
#define XVS_FWD_TUNNEL 2
#define XVS_FWD_DROUTE 3
#define XVS_FWD_MASK 0x7

/* xvs_dest.flags */
#define XVS_DEST_F_LIVE 0x1    /* slot holds a configured real server */
#define XVS_DEST_F_HAVE_L2 0x2 /* smac/dmac/ifindex below are resolved */
#define XVS_DEST_F_LOCAL 0x4   /* the real server is this director: host stack */

/*
 * Destination (real server) array value, indexed by a slot that libxvs
 * allocates.  gen is bumped whenever the slot is freed, so connection entries
 * that still name the slot can tell that their real server was deleted.
 */
struct xvs_dest {
	union xvs_addr addr;
	__be16 port;
	__u16 fwd;       /* XVS_FWD_* */
	__u32 svc_idx;
	__s32 weight;
	__u32 u_threshold;
	__u32 l_threshold;
	__u32 flags;     /* XVS_DEST_F_* */
	__u32 gen;
	__u32 ifindex;   /* egress, fallback when bpf_fib_lookup has no neighbour */
	__u64 seq;       /* add order: the service's list is newest first, as IPVS */
	__u8 smac[6];
	__u8 dmac[6];
	__u8 tun_type;   /* XVS_TUN_* */
	__u8 tree_kind;  /* the service's scheduler if it keeps a tree, else XVS_SCHED_NONE */
	__be16 tun_port;
	__u16 tun_flags; /* XVS_TUN_F_* */
	__u16 af;
	__u16 mtu;       /* egress MTU toward the real server (tunnels) */
	union xvs_addr tun_src; /* outer source address toward the real server */
	__s32 last_weight; /* last weight set other than 0 (or the first), for mh */
	__u32 tree_base;   /* the service's tree region ... */
	__u32 tree_leaf;   /* ... and this destination's leaf in it (heap index) */
	__u32 est_gen;     /* rate estimator generation (struct xvs_est) */
};
_Static_assert(sizeof(struct xvs_dest) == 112, "xvs_dest");

/* Tunnel types and flags: ipvsadm's --tun-type and --tun-*csum values. */
#define XVS_TUN_IPIP 0
#define XVS_TUN_GUE 1
#define XVS_TUN_GRE 2
#define XVS_TUN_F_CSUM 0x1
#define XVS_TUN_F_REMCSUM 0x2

/* Header lengths a tunnel adds (GUE: UDP + the 4-byte base header). */
#define XVS_GUE_LEN (8 + 4)
#define XVS_GRE_LEN 4

/*
 * The value of xvs_nat_rs, keyed by a real server's (address, port,
 * protocol) as a service is: how many masqueraded destinations have it, and
 * the slot of one of them (its address toward the server answers for it).
 */
struct xvs_nat_rs {
	__u32 count;
	__u32 slot;
};

/* Ring map key: slot of a service's scheduling sequence. */
struct xvs_ring_key {
	__u32 svc_idx;
	__u32 half;
	__u32 slot;
};
_Static_assert(sizeof(struct xvs_ring_key) == 12, "xvs_ring_key");

/*
 * Per-service scheduling position (array, shared by all CPUs).  The data
 * plane only adds to pos.  libxvs records, when it installs a ring, the
 * scheduler state at that moment (pos == base means nothing was chosen since):
 * the last chosen destination slot and wrr's current weight.
 */
struct xvs_sched_pos {
	__u64 pos;
	__u64 base;
	__u32 last;  /* destination slot, or XVS_SCHED_HEAD */
	__s32 cw;
};
#define XVS_SCHED_HEAD 0xffffffffU
_Static_assert(sizeof(struct xvs_sched_pos) == 24, "xvs_sched_pos");

/* Per-CPU traffic counters, per service and per destination. */
struct xvs_stats {
	__u64 conns;
	__u64 inpkts;
	__u64 outpkts;
	__u64 inbytes;
	__u64 outbytes;
};
_Static_assert(sizeof(struct xvs_stats) == 40, "xvs_stats");

/*
 * Rate estimator of one service or destination slot: IPVS's ip_vs_est.c,
 * run every 2 s by the data plane's timer (bpf/est.h, arithmetic in
 * include/xvs/est.h).  Only that timer writes it.  The averages are scaled as
 * IPVS scales them: cps, inpps and outpps by 2^10, inbps and outbps by 2^5.
 *
 * gen restarts the estimator without a second writer: libxvs renews the
 * est_gen of a service or destination (a fresh number from
 * xvs_config.seq) when it gives the slot to a new one or zeroes it, always
 * after zeroing the slot's counters; the timer, seeing est_gen != gen,
 * starts over from zero counters and averages.  While they differ the rates
 * read as 0.
 */
struct xvs_est {
	struct xvs_stats last; /* counter totals at the end of the last period */
	__u64 cps;
	__u64 inpps;
	__u64 outpps;
	__u64 inbps;
	__u64 outbps;
	__u32 gen;
	__u32 pad;
};
_Static_assert(sizeof(struct xvs_est) == 88, "xvs_est");

/*
 * VIP ownership (xvs_vips, keyed by the VIP as services key it: a union
 * xvs_addr, IPv4 v4-mapped).  xvsd's VRRP writes one entry per VIP it
 * manages; an address with no entry is balanced as ever.  An entry says
 * whether this director holds the VIP (VRRP master) and until when: while
 * HELD and CLOCK_MONOTONIC is below lease_ns the VIP is live and balanced
 * (the data plane reads the clock as of its last tick, so a lease ends up
 * to a tick late); not HELD (backup), its services' packets go to the
 * host stack unbalanced (two directors that are each other's real servers
 * would bounce them); HELD with the lease run out, the daemon that renews
 * it is gone while master, so every packet to the VIP is dropped (another
 * director has taken over: no split brain).  ARP requests and IPv6
 * neighbour solicitations for a VIP that is not live are dropped, so the
 * host never answers for an address it does not own.
 */
#define XVS_MAX_VIPS 1024
#define XVS_LEASE_FOREVER (~0ULL) /* lease_ns: no lease, never fenced */
#define XVS_VIP_F_HELD 0x1        /* this director holds the VIP (VRRP master) */
struct xvs_vip {
	__u64 lease_ns; /* CLOCK_MONOTONIC deadline of a HELD VIP, or XVS_LEASE_FOREVER */
	__u32 flags;    /* XVS_VIP_F_* */
	__u32 pad;
};
_Static_assert(sizeof(struct xvs_vip) == 16, "xvs_vip");

/* xvs_progs slots: the programs the packet path hands packets to. */
enum {
	XVS_PROG_ICMP_FLOW, /* xvs_xdp_icmp: an ICMP error scheduled as its quoted flow */
	XVS_NR_PROGS,
};

/* The data plane's timers (xvs_est_clock, an array): the estimator's
 * 2-second one and the defense's 1-second one (bpf/defense.h). */
enum { XVS_CLOCK_EST, XVS_CLOCK_DEFENSE, XVS_CLOCKS };
struct xvs_est_clock {
	struct bpf_timer timer;
	__u64 runs;       /* periods run so far */
	__s8 todrop[16];  /* defense: drop_entry's counters by in_pkts (1..8) */
};
_Static_assert(sizeof(struct xvs_est_clock) == 40, "xvs_est_clock");

/* What the timers' control program (xvs_est_ctl) does, given as its context. */
enum xvs_est_op {
	XVS_EST_START = 0, /* arm both timers (libxvs, once, when it loads the data plane) */
	XVS_EST_RUN,       /* estimate one period now (tests, benchmarks; with the
			    * timer stopped, or a period is counted twice) */
	XVS_EST_STOP,      /* cancel the estimator's timer (tests that run periods by hand) */
	XVS_EST_DROP_ENTRY, /* one drop_entry pass now, every entry a candidate instead
			     * of one in 32 (tests) */
	XVS_SYNC_INSTALL,   /* install the synced entry in .install (a backup's daemon) */
};
/* its context, struct xvs_est_op_ctx, follows struct xvs_sync_install */

/*
 * Connection counts per destination slot, shared by all CPUs and changed
 * with atomic adds (a connection moves between active and inactive on one
 * CPU and expires on another).
 */
struct xvs_dest_conns {
	__s32 active;
	__s32 inactive;
	__s32 persist;
	__u32 gen; /* gen of the slot these counts belong to */
	__u32 overload; /* IPVS's IP_VS_DEST_F_OVERLOAD (connection thresholds) */
	__u32 pad;
};
_Static_assert(sizeof(struct xvs_dest_conns) == 24, "xvs_dest_conns");

/*
 * Tournament tree node (bpf/tree.h).  A leaf describes one destination as
 * its scheduler ranks it; an inner node holds the better of its two
 * children, so the root is the destination IPVS's scan would choose.  The
 * winner's fields are copied up; wsum and light are sums over the subtree.
 */
struct xvs_tnode {
	__u64 num;   /* load, compared as num / den */
	__u64 wsum;  /* weights of the destinations that may be chosen (twos) */
	__u32 den;
	__u32 rank;  /* list position: larger is nearer the head (newer) */
	__u32 dest;  /* destination slot, or XVS_TREE_NONE */
	__u16 cls;   /* compared before the load: nq's idle servers are class 0 */
	__u16 pad;
	__u32 light; /* destinations with activeconns * 2 < weight (lblc, lblcr) */
	__u32 pad2;
};
_Static_assert(sizeof(struct xvs_tnode) == 40, "xvs_tnode");
#define XVS_TREE_NONE 0xffffffffU
#define XVS_TREE_NODES (1U << 19) /* tree nodes over all services */

/*
 * lblc / lblcr: the real servers recently chosen for one destination
 * address of a service, newest first (lblc keeps one).
 */
#define XVS_LBLC_SET 8
struct xvs_lblc_key {
	__u32 svc_idx;
	__u32 pad;
	union xvs_addr addr;
};
_Static_assert(sizeof(struct xvs_lblc_key) == 24, "xvs_lblc_key");
struct xvs_lblc {
	__u64 lastuse; /* ns */
	__u64 lastmod; /* ns: last change of the set (lblcr) */
	__u32 n;
	__u32 dest[XVS_LBLC_SET];
	__u32 gen[XVS_LBLC_SET];
	__u32 pad;
};
_Static_assert(sizeof(struct xvs_lblc) == 88, "xvs_lblc");

/*
 * Connection table key: one flow as the client sent it.  A template has no
 * client port; one of the SIP persistence engine (--pe sip) carries the
 * hash of its Call-ID instead, its low half in cport and its high half in
 * pe_hi (tmpl_key_pe()), never 0 (bpf/pe_sip.h).
 */
struct xvs_conn_key {
	union xvs_addr caddr;
	union xvs_addr vaddr;
	__be16 cport;
	__be16 vport;
	__u8 proto;
	__u8 kind;   /* XVS_KEY_* */
	__u16 pe_hi; /* 0 but in a --pe sip template's key */
};
_Static_assert(sizeof(struct xvs_conn_key) == 40, "xvs_conn_key");

/*
 * A template's persistence-engine data as -Lc --persistent-conn shows it
 * (IPVS's pe_data): a --pe sip template's Call-ID, cut to its first
 * XVS_PE_DATA_LEN bytes (IPVS shows up to 255).  Kept in a map of its own
 * under the template's key, for listings only; it goes with the template.
 */
#define XVS_PE_DATA_LEN 64
struct xvs_pe_data {
	__u32 len; /* bytes of data used */
	char data[XVS_PE_DATA_LEN];
};
_Static_assert(sizeof(struct xvs_pe_data) == 68, "xvs_pe_data");

/* IPVS TCP states, numbered as IPVS numbers them (ip_vs_proto_tcp.c). */
enum xvs_tcp_state {
	XVS_TCP_NONE = 0,
	XVS_TCP_ESTABLISHED,
	XVS_TCP_SYN_SENT,
	XVS_TCP_SYN_RECV,
	XVS_TCP_FIN_WAIT,
	XVS_TCP_TIME_WAIT,
	XVS_TCP_CLOSE,
	XVS_TCP_CLOSE_WAIT,
	XVS_TCP_LAST_ACK,
	XVS_TCP_LISTEN,
	XVS_TCP_SYNACK,
	XVS_TCP_S_LAST,
};

/*
 * IPVS SCTP states, numbered as IPVS numbers them (ip_vs_proto_sctp.c), as
 * seen from the real server.  Their timeouts are fixed, as in IPVS, whose
 * ipvsadm cannot set them.
 */
enum xvs_sctp_state {
	XVS_SCTP_NONE = 0,
	XVS_SCTP_INIT1,          /* the client's first INIT, no INIT-ACK yet */
	XVS_SCTP_INIT,           /* a later INIT */
	XVS_SCTP_COOKIE_SENT,    /* server sent INIT-ACK */
	XVS_SCTP_COOKIE_REPLIED, /* client sent COOKIE-ECHO */
	XVS_SCTP_COOKIE_WAIT,    /* server sent INIT (association from the server) */
	XVS_SCTP_COOKIE,         /* client sent INIT-ACK */
	XVS_SCTP_COOKIE_ECHOED,  /* server sent COOKIE-ECHO */
	XVS_SCTP_ESTABLISHED,
	XVS_SCTP_SHUTDOWN_SENT,
	XVS_SCTP_SHUTDOWN_RECEIVED,
	XVS_SCTP_SHUTDOWN_ACK_SENT,
	XVS_SCTP_REJECTED,       /* INIT answered by ABORT */
	XVS_SCTP_CLOSED,
	XVS_SCTP_S_LAST,
};

/* Seconds an SCTP entry lives in @state (IPVS's sctp_timeouts). */
static inline __u32 xvs_sctp_timeout(unsigned int state)
{
	switch (state) {
	case XVS_SCTP_NONE:
		return 2;
	case XVS_SCTP_INIT1:
	case XVS_SCTP_REJECTED:
		return 4;
	case XVS_SCTP_ESTABLISHED:
		return 900;
	default:
		return state < XVS_SCTP_S_LAST ? 61 : 2; /* IPVS's max RTO + 1 */
	}
}

/* Timeout table index of the single UDP state. */
#define XVS_UDP_STATE XVS_TCP_S_LAST
#define XVS_NR_TIMEOUTS (XVS_TCP_S_LAST + 1)

/* xvs_conn.flags (XVS_FWD_* in the low bits, as IPVS's IP_VS_CONN_F_*);
 * active or inactive follows from the state (state_active()). */
#define XVS_CONN_F_NOOUTPUT 0x80   /* no reply seen yet: input-only TCP rows */
#define XVS_CONN_F_INACTIVE 0x100  /* in a sync event only: the entry counts as inactive
				    * (IPVS's IP_VS_CONN_F_INACTIVE; entries derive it from
				    * their state) */
#define XVS_CONN_F_TEMPLATE 0x1000 /* a persistence template, not a flow */
#define XVS_CONN_F_ONE_PACKET 0x2000 /* a template of a one-packet (-o) service */
#define XVS_CONN_F_ICMP 0x10000    /* made for an ICMP error (schedule_icmp): IPVS's first
				    * 3 s timeout holds until a packet of its own */

/* The timeout of an entry no packet of its own has moved yet (IPVS's
 * ip_vs_conn_new()). */
#define XVS_CONN_FIRST_TIMEOUT 3

/* xvs_conn_key.kind: flows and persistence templates never share a key. */
#define XVS_KEY_FLOW 0
#define XVS_KEY_TEMPLATE 1

/* Whether @k is a --pe sip template's key, with a Call-ID in xvs_pe_data. */
static inline int xvs_key_has_pe(const struct xvs_conn_key *k)
{
	return k->kind == XVS_KEY_TEMPLATE && (k->cport || k->pe_hi);
}

/* A template's state (IPVS's IP_VS_CTPL_S_*). */
#define XVS_CTPL_NONE 0
#define XVS_CTPL_ASSURED 1 /* a connection it controls was established */

/* xvs_conn.tmpl: how a controlled connection finds its template again. */
#define XVS_TMPL_CONTROLLED 0x1 /* a persistence template controls the connection */
#define XVS_TMPL_VPORT0 0x2     /* the template's virtual port is 0 (port-0, mark, FTP services) */
#define XVS_TMPL_ASSURED 0x4    /* the flow has assured its template */

/*
 * Connection table value: a flow, or a persistence template (flag
 * XVS_CONN_F_TEMPLATE, key kind XVS_KEY_TEMPLATE, client port 0).  The timer
 * fires at the expected expiry; its callback re-arms it while packets keep
 * the entry alive and otherwise deletes the entry and fixes the counters, so
 * connections expire with no user space running.
 */
struct xvs_conn {
	struct bpf_timer timer;
	__u64 last_ns;   /* bpf_ktime_get_ns() of the last packet (template: last use) */
	__u64 fire_ns;   /* when the timer is armed to fire */
	__u32 dest_idx;
	__u32 dest_gen;
	__u32 svc_idx;
	__u32 flags;     /* XVS_FWD_* | XVS_CONN_F_* */
	union xvs_addr daddr; /* real server, kept for NAT's reverse entry */
	__be16 dport;
	__u8 state;      /* enum xvs_tcp_state, XVS_UDP_STATE, enum xvs_sctp_state,
			  * or XVS_CTPL_* */
	__u8 tmpl;       /* XVS_TMPL_* */
	union {
		struct { /* a flow */
			/*
			 * The client's L2 hop as its first packet arrived (its
			 * source MAC, our MAC, the interface), so NAT replies
			 * reach the client even when the kernel, which never
			 * saw the client's packets, has no neighbour entry.
			 */
			__u32 c_ifindex;
			__u8 c_mac[6];
			__u8 l_mac[6];
			/* Its template's key: client address mask (IPv4 mask,
			 * or IPv6 prefix length) and the service's mark. */
			__be32 tmpl_mask;
			__u32 tmpl_mark;
			__u32 tmpl_pe;   /* its template's Call-ID hash (--pe sip), else 0 */
		};
		struct { /* a template */
			__u32 n_control; /* flows it controls (atomic) */
			__u32 timeout;   /* seconds after the last use */
		};
	};
	__u32 in_pkts;   /* client packets, as IPVS's in_pkts (drop_entry reads it) */
	__u8 old_state;  /* a flow's state when it was last synced (IPVS's old_state) */
	__u8 pad[3];
};
_Static_assert(sizeof(struct xvs_conn) == 104, "xvs_conn");

/*
 * NAT reverse map: the reply's view of a masqueraded connection, keyed as an
 * xvs_conn_key with caddr/cport = the real server and vaddr/vport = the
 * client, and the forward connection key as value.
 */

/*
 * Why a packet did not take the ordinary forwarding path.  Each has a per-CPU
 * counter in the reasons map; xvsadm --xvs-reasons prints them by name.
 * Keep the names in lib/util.c in the same order.
 */
enum xvs_reason {
	XVS_R_PASS_NOT_IP = 0,   /* not IPv4/IPv6 (ARP, LLDP, VLAN ...) */
	XVS_R_PASS_NOT_SERVICE,  /* IP, but not addressed to a virtual service */
	XVS_R_PASS_L4_OTHER,     /* IP protocol xvs does not balance (ICMP, VRRP ...) */
	XVS_R_PASS_IPV6_EXT,     /* IPv6 with extension headers */
	XVS_R_PASS_NOT_SYN,      /* TCP non-SYN (SCTP non-INIT) with no connection: to the host */
	XVS_R_PASS_FRAGMENT,     /* IPv4 non-first fragment: no ports, to the kernel */
	XVS_R_DROP_TRUNCATED,    /* frame ends inside a header */
	XVS_R_DROP_BAD_IP,       /* bad IP version, header length or total length */
	XVS_R_DROP_BAD_L4,       /* bad TCP data offset */
	XVS_R_DROP_FRAGMENT,     /* first IPv4 fragment addressed to a service */
	XVS_R_DROP_NO_DEST,      /* service has no real server that takes new connections */
	XVS_R_DROP_DEST_GONE,    /* connection's real server was deleted */
	XVS_R_DROP_NO_ROUTE,     /* bpf_fib_lookup found no route to the real server */
	XVS_R_DROP_NO_NEIGH,     /* no MAC known for the real server */
	XVS_R_DROP_FWD_UNSUPP,   /* forwarding method not in this data plane */
	XVS_R_DROP_CONN_ALLOC,   /* connection entry could not be created */
	XVS_R_DROP_NO_FORWARDING,/* NAT reply, but forwarding is off on the interface */
	XVS_R_REDIRECT,          /* forwarded to another director interface */
	XVS_R_NAT_TO_KERNEL,     /* NAT-rewritten toward a real server without known MAC: kernel resolves */
	XVS_R_TUN_TOO_BIG,       /* too big once encapsulated: ICMP too-big sent (or dropped without DF) */
	XVS_R_DROP_ENCAP,        /* no room to add the tunnel headers */
	XVS_R_LOCAL,             /* real server is the director itself: to the host stack */
	XVS_R_ICMP_RELATED,      /* ICMP error about a connection, sent on or translated */
	XVS_R_RESET_DEST_GONE,   /* client of a deleted real server answered with a TCP reset
				  * (SCTP: an ABORT) */
	XVS_R_DROP_DEFENSE,      /* new connection dropped by drop_packet */
	XVS_R_BYPASS,            /* mark service without a server: to the host (cache_bypass) */
	XVS_R_NO_DEST_UNREACH,   /* no real server, answered with ICMP port unreachable (IPVS's
				  * ip_vs_leave()); counted with drop_no_dest */
	XVS_R_DROP_PE_SIP,       /* --pe sip: not UDP, or no Call-ID that IPVS would take */
	XVS_R_ICMP_SCHEDULED,    /* ICMP error of no connection, scheduled as its quoted flow
				  * (schedule_icmp); counted with icmp_related */
	XVS_R_NAT_ICMP_SEND,     /* a masqueraded real server's packet of no connection, answered
				  * with ICMP port unreachable (nat_icmp_send) */
	XVS_R_DROP_ENTRY,        /* entries the drop_entry defense removed (not packets) */
	XVS_R_PASS_NOT_OWNER,    /* to a service of a VIP this director does not hold (VRRP
				  * backup): to the host, not balanced */
	XVS_R_DROP_FENCED,       /* to a VIP whose lease ran out while held: its daemon died */
	XVS_R_DROP_VIP_ARP,      /* ARP request / neighbour solicitation for a VIP this
				  * director does not hold (or whose lease ran out) */
	XVS_R_PASS_BACKUP_ONLY,  /* to a service while a backup sync daemon runs with
				  * backup_only: to the host, not balanced (IPVS's ip_vs_in) */
	XVS_R_SYNC_LOST,         /* sync events the ring had no room for (master daemon slow) */
	XVS_R_MAX,
};

/*
 * Run-time switches: IPVS's (/proc/sys/net/ipv4/vs, same names, values and
 * meanings) that the data plane honours, and xvs's own.  lib/util.c names
 * them and holds their defaults; xvsadm --xvs-sysctl reads and sets them.
 */
enum xvs_sysctl {
	XVS_SC_CONN_REUSE_MODE,    /* 1: a SYN on a TIME_WAIT/CLOSE entry is a new connection;
				    * 2 also FIN_WAIT without replies */
	XVS_SC_EXPIRE_NODEST_CONN, /* 1: a packet of a deleted real server's connection ends it
				    * and is handled as new (TCP non-SYN: to the host stack) */
	XVS_SC_LBLC_EXPIRATION,    /* seconds an lblc entry lives unused */
	XVS_SC_LBLCR_EXPIRATION,   /* the same for lblcr, and its set's shrink period */
	XVS_SC_SLOPPY_TCP,         /* 1: any TCP packet but RST may start a connection */
	XVS_SC_NODEST_RESET,       /* xvs, 1 by default: a deleted real server's clients get a
				    * TCP reset at once (new connections are rescheduled) */
	XVS_SC_EXPIRE_QUIESCENT_TEMPLATE, /* 1: a persistence template whose real server has
				    * weight 0 is not used; the client is scheduled anew */
	XVS_SC_SECURE_TCP,         /* 3: IPVS's TCP state table against SYN floods
				    * (tcp_states_dos); 1, 2: automatic, never set off here */
	XVS_SC_DROP_PACKET,        /* 3: drop 1 in am_droprate new connections; 1, 2: automatic */
	XVS_SC_AM_DROPRATE,        /* drop_packet=3's rate */
	XVS_SC_AMEMTHRESH,         /* IPVS's free-memory threshold of the automatic defenses */
	XVS_SC_CACHE_BYPASS,       /* 1: a mark service with no real server for a packet
				    * lets it go to its own destination (the host routes it) */
	XVS_SC_RUN_ESTIMATION,     /* 0: the rate estimator stops */
	XVS_SC_SLOPPY_SCTP,        /* 1: any SCTP chunk but ABORT may start a connection */
	XVS_SC_BACKUP_ONLY,        /* 1: no balancing while a backup sync daemon runs */
	XVS_SC_CONNTRACK,          /* IPVS's netfilter conntrack entries: none under XDP */
	XVS_SC_SNAT_REROUTE,       /* IPVS's rerouting of NAT replies: xvs always routes them */
	XVS_SC_IGNORE_TUNNELED,    /* IPVS's marking of unknown protocols: xvs passes them */
	XVS_SC_PMTU_DISC,          /* 1: too-big tunnel packets are answered (0 not yet) */
	XVS_SC_NAT_ICMP_SEND,      /* IPVS's ICMP to real servers for stray NAT replies (not yet) */
	XVS_SC_SCHEDULE_ICMP,      /* IPVS's scheduling from ICMP errors (not yet) */
	XVS_SC_DROP_ENTRY,         /* IPVS's connection-dropping defense: 1, 2 automatic
				    * (never on here), 3 not yet */
	XVS_SC_SYNC_THRESHOLD,     /* IPVS's sync_threshold, first value: a flow is synced at
				    * its client packet number sync_threshold ... */
	XVS_SC_SYNC_PERIOD,        /* ... and every sync_period after (its second value; 0:
				    * once only) */
	XVS_SC_SYNC_VERSION,       /* 1: send sync message format v1; 0: v0 (IPv4 only) */
	XVS_SC_SYNC_PERSIST_MODE,  /* 1: for persistent services sync only the templates */
	XVS_SC_MAX,
};
#define XVS_SC_SLOTS 32

/* Single-entry config array. */
struct xvs_config {
	__u32 abi_version;
	__u32 conn_tab_size;
	__u64 netns_cookie;                /* netns the instance was made for */
	__u32 timeout[XVS_NR_TIMEOUTS];    /* seconds, per state */
	char ifaces[128];                  /* served interfaces: "" = all but loopback,
					    * else a comma-separated list of names */
	__u64 seq;                         /* last service / destination seq given out */
	__u32 flags;                       /* XVS_CFG_F_* */
	__u32 sysctl[XVS_SC_SLOTS];        /* enum xvs_sysctl */
	__u32 dest_slots;                  /* live destination slots are all below this
					    * (the rate estimator walks no further) */
};
_Static_assert(sizeof(struct xvs_config) == 16 + 4 * XVS_NR_TIMEOUTS + 128 + 16 + 4 * XVS_SC_SLOTS, "xvs_config");

/* xvs_config.flags */
#define XVS_CFG_F_NAT 0x1 /* some real server is masqueraded: look up replies */
#define XVS_CFG_F_FIB 0x2 /* some served interface forwards, so bpf_fib_lookup can
			   * answer there; without, the MACs libxvs resolved are used */
#define XVS_CFG_F_PORT0 0x4 /* some service has port 0: look up (proto, VIP, 0) too */
#define XVS_CFG_F_MARKS 0x8 /* there are mark rules: classify packets first */
#define XVS_CFG_F_FTP 0x10  /* some service has port 21: FTP's data ports
			     * (20, and 1024 and up) fall back to it */
#define XVS_CFG_F_VIPS 0x20 /* xvs_vips has entries: look the destination up there */
#define XVS_CFG_F_SYNC_MASTER 0x40 /* a master sync daemon runs: report flows to xvs_sync_ring */
#define XVS_CFG_F_SYNC_BACKUP 0x80 /* a backup sync daemon runs (backup_only applies) */

/*
 * Connection sync between directors (IPVS's sync daemons, ip_vs_sync.c).
 *
 * While XVS_CFG_F_SYNC_MASTER is set, the data plane reports, by IPVS's
 * rules (ip_vs_sync_conn_needed()), a flow that a client packet creates or
 * moves, and then that flow's template, as one xvs_sync_event each in the
 * ring buffer xvs_sync_ring.  It asks for no wakeup until the ring holds
 * XVS_SYNC_WAKEUP_BYTES, so the master daemon, which also drains it on a
 * short timer, takes the events in batches.  A full ring drops the event
 * and counts XVS_R_SYNC_LOST.
 */
#define XVS_SYNC_RING_BYTES (1U << 22)    /* 4 MiB: ~50,000 events */
#define XVS_SYNC_WAKEUP_BYTES (1U << 16)
struct xvs_sync_event {
	struct xvs_conn_key key; /* the flow's, or its template's */
	union xvs_addr daddr;
	__be16 dport;
	__u8 state;      /* as xvs_conn.state */
	__u8 pad;
	__u32 flags;     /* xvs_conn.flags */
	__u32 timeout;   /* seconds the entry lives from now on: its state's
			  * timeout (a template: its own) */
	__u32 fwmark;    /* the service's mark, else 0 */
};
_Static_assert(sizeof(struct xvs_sync_event) == 72, "xvs_sync_event");

/*
 * The sync daemons running for an instance (xvs_sync, an array indexed by
 * XVS_SYNC_MASTER / XVS_SYNC_BACKUP), as ipvsadm -L --daemon lists them.
 * Only libxvs reads and writes it: a daemon registers here when it starts
 * and keeps its counters here; pid 0 is a free slot.
 */
#define XVS_SYNC_MASTER 0
#define XVS_SYNC_BACKUP 1
#define XVS_SYNC_ROLES 2
#define XVS_SYNC_GROUP 0xe0000051U /* 224.0.0.81, IPVS's IP_VS_SYNC_GROUP */
#define XVS_SYNC_PORT 8848
struct xvs_sync_daemon {
	__u32 pid;         /* 0: not running */
	__u32 syncid;
	__u64 start_time;  /* the process's start time (/proc/PID/stat field 22): with
			    * pid, tells it from a later process of the same pid */
	char ifname[16];   /* --mcast-interface */
	__u32 maxlen;      /* --sync-maxlen: UDP payload bytes */
	__u16 port;        /* --mcast-port */
	__u8 ttl;          /* --mcast-ttl */
	__u8 mcast_af;     /* AF_INET or AF_INET6 */
	union xvs_addr group; /* --mcast-group (IPv4 v4-mapped) */
	/* counters the daemon keeps */
	__u64 msgs;        /* messages sent (master) or taken (backup) */
	__u64 conns;       /* entries sent, or installed */
	__u64 bad;         /* backup: messages ignored as malformed */
	__u64 foreign;     /* backup: messages of another syncid, or of this host */
	__u64 unknown;     /* backup: entries of no service or real server here */
	__u64 failed;      /* entries not sent (send error) or not installed (table full) */
};
_Static_assert(sizeof(struct xvs_sync_daemon) == 104, "xvs_sync_daemon");

/*
 * A synced entry to install (xvs_est_ctl's XVS_SYNC_INSTALL): libxvs found
 * the service and real server it names here; the program creates the entry,
 * or moves an existing one to @state, and arms its timer for @timeout.
 */
struct xvs_sync_install {
	struct xvs_conn_key key; /* the flow's; a template's (kind TEMPLATE) as the message
				  * names it, which the program masks and fills as the
				  * data plane's tmpl_key() does for the service */
	__u32 svc_idx;
	__u32 dest_idx;
	__u32 dest_gen;
	__u32 flags;      /* XVS_CONN_F_NOOUTPUT / _TEMPLATE / _ONE_PACKET as the message had
			   * them; the method is the real server's here */
	__u32 timeout;    /* seconds from now */
	__be16 dport;     /* the real server's port (a flow's; a template's is the service's) */
	__u8 state;
	__u8 pad;
};
_Static_assert(sizeof(struct xvs_sync_install) == 64, "xvs_sync_install");

/* xvs_est_ctl's context. */
struct xvs_est_op_ctx {
	__u32 op; /* enum xvs_est_op */
	__s32 result; /* XVS_SYNC_INSTALL: 0 created, 1 updated, -errno */
	struct xvs_sync_install install; /* XVS_SYNC_INSTALL only */
	/* XVS_SYNC_INSTALL: the key of service install.svc_idx, whose
	 * persistence (mask, mark, port) a flow's template follows */
	struct xvs_svc_key svc;
};
_Static_assert(sizeof(struct xvs_est_op_ctx) == 8 + 64 + 20, "xvs_est_op_ctx");

/* IPVS's FTP ports: a service on the control port also takes data
 * connections to 20 and to unprivileged ports of its address that no other
 * service takes, and its persistence templates have port 0, so a client's
 * data connections follow its control connection (ip_vs_service_find(),
 * ip_vs_sched_persist()). */
#define XVS_FTP_PORT 21
#define XVS_FTP_DATA_PORT 20
#define XVS_FTP_DATA_MIN 1024

#endif /* XVS_ABI_H */
