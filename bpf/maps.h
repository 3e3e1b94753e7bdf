/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data plane's maps.  Layouts come from include/xvs/abi.h; libxvs pins
 * every map under /sys/fs/bpf/xvs/<instance>/ by the name used here.
 */
#ifndef XVS_BPF_MAPS_H
#define XVS_BPF_MAPS_H

#include <linux/bpf.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include "xvs/abi.h"
#include "xvs/sip.h"

#define NSEC_PER_SEC 1000000000ULL
#define XVS_CLOCK_MONOTONIC 1 /* bpf_timer_init()'s clock */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVS_MAX_SERVICES);
	__type(key, struct xvs_svc_key);
	__type(value, struct xvs_svc);
} xvs_svcs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_MAX_DESTS);
	__type(key, __u32);
	__type(value, struct xvs_dest);
} xvs_dests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVS_RING_ENTRIES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xvs_ring_key);
	__type(value, __u32);
} xvs_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct xvs_sched_pos);
} xvs_sched_pos SEC(".maps");

/* max_entries is set by libxvs at load (the connection table size). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XVS_CONN_DEFAULT);
	__type(key, struct xvs_conn_key);
	__type(value, struct xvs_conn);
} xvs_conns SEC(".maps");

/* NAT replies -> forward connection key; sized with xvs_conns at load. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XVS_CONN_DEFAULT);
	__type(key, struct xvs_conn_key);
	__type(value, struct xvs_conn_key);
} xvs_nat_rev SEC(".maps");

/* Programs the packet path hands a packet to (XVS_PROG_*); libxvs fills it. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, XVS_NR_PROGS);
	__type(key, __u32);
	__type(value, __u32);
} xvs_progs SEC(".maps");

/*
 * The real servers of masqueraded services by address, port and protocol
 * (IPVS's rs_table), with a destination slot of theirs: nat_icmp_send asks
 * whether a packet of no connection comes from one.  A mark service's real
 * servers are under TCP, UDP and SCTP alike.  libxvs keeps it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVS_MAX_DESTS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* most directors masquerade little */
	__type(key, struct xvs_svc_key);
	__type(value, struct xvs_nat_rs);
} xvs_nat_rs SEC(".maps");

/*
 * The Call-IDs of --pe sip templates, under the template's key, for -Lc;
 * an entry goes when its template does (conn_drop()).  Allocated as used,
 * since most directors have no SIP service; sized with xvs_conns at load.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVS_CONN_DEFAULT);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xvs_conn_key);
	__type(value, struct xvs_pe_data);
} xvs_pe_data SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XVS_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct xvs_stats);
} xvs_svc_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XVS_MAX_DESTS);
	__type(key, __u32);
	__type(value, struct xvs_stats);
} xvs_dest_stats SEC(".maps");

/* Mappable: libxvs clears a server's OVERLOAD flag in place when an edit
 * raises its threshold, without rewriting the counts beside it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_MAX_DESTS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xvs_dest_conns);
} xvs_dest_conns SEC(".maps");

/* Rate estimators per service and per destination slot (bpf/est.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct xvs_est);
} xvs_svc_est SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_MAX_DESTS);
	__type(key, __u32);
	__type(value, struct xvs_est);
} xvs_dest_est SEC(".maps");

/*
 * The estimator's 2-second timer and the defense's 1-second one.  The
 * kernel cancels a map's timers when the last user reference to the map
 * goes, so this map must stay pinned like the others for the timers to
 * outlive the process that started them.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_CLOCKS);
	__type(key, __u32);
	__type(value, struct xvs_est_clock);
} xvs_est_clock SEC(".maps");

/*
 * clock_arm() - start timer @c with callback @fire, due in @period_ns; a
 * timer armed before is only pushed back.
 * Returns: 0 or -errno.
 */
static __always_inline long clock_arm(struct xvs_est_clock *c, void *fire, __u64 period_ns)
{
	long err = bpf_timer_init(&c->timer, &xvs_est_clock, XVS_CLOCK_MONOTONIC);

	if (err && err != -EBUSY)
		return err;
	err = bpf_timer_set_callback(&c->timer, fire);
	return err ? err : bpf_timer_start(&c->timer, period_ns, 0);
}

/* Tournament trees of the load-based schedulers; libxvs gives each such
 * service a region (xvs_svc.tree_base, 2 * tree_cap nodes). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_TREE_NODES);
	__type(key, __u32);
	__type(value, struct xvs_tnode);
} xvs_tree SEC(".maps");

/* lblc / lblcr: destination address -> recently chosen real servers. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct xvs_lblc_key);
	__type(value, struct xvs_lblc);
} xvs_lblc SEC(".maps");

/* Firewall-mark classification: destination prefix -> its rules. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XVS_MARK_PREFIXES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xvs_mark_key);
	__type(value, struct xvs_mark_set);
} xvs_marks SEC(".maps");

/* VIP ownership as xvsd's VRRP keeps it (bpf/vip.h); read only while
 * XVS_CFG_F_VIPS says it has entries. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVS_MAX_VIPS);
	__type(key, union xvs_addr);
	__type(value, struct xvs_vip);
} xvs_vips SEC(".maps");

/*
 * Connection sync (bpf/sync.h): the flows reported to the master sync
 * daemon, and the registry of the daemons, which only libxvs reads and
 * writes (the packet path only holds it, see sync_hold_registry()).
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XVS_SYNC_RING_BYTES);
} xvs_sync_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVS_SYNC_ROLES);
	__type(key, __u32);
	__type(value, struct xvs_sync_daemon);
} xvs_sync SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XVS_R_MAX);
	__type(key, __u32);
	__type(value, __u64);
} xvs_reasons SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xvs_config);
} xvs_config SEC(".maps");

/*
 * Per-CPU scratch for large temporaries: the forwarding paths' 64-byte
 * struct bpf_fib_lookup and a new connection's first value would not fit the
 * program's 512-byte stack.  XDP runs a packet to the end on one CPU without
 * preemption, so one slot per CPU is enough.  The connection is raw bytes:
 * a bpf_timer may not live in a per-CPU map.
 */
/* A packet's Call-ID, for the template it makes or finds (bpf/pe_sip.h). */
struct xvs_sip_buf {
	__u8 msg[XVS_SIP_SCAN_MAX]; /* the payload's first bytes */
	struct xvs_sip_scan scan;
	struct xvs_pe_data pe;      /* the Call-ID as -Lc shows it */
	__u32 hash;                 /* its hash as template keys carry it */
};

struct xvs_scratch {
	struct bpf_fib_lookup fib;
	__u64 conn[sizeof(struct xvs_conn) / 8];
	__u64 lblc[sizeof(struct xvs_lblc) / 8];
	struct xvs_conn_key ckey; /* the packet's flow */
	struct xvs_conn_key tkey; /* a persistence template's key */
	struct xvs_conn_key ikey; /* the connection an ICMP error is about */
	__u8 quote[48];           /* what an ICMP error xvs sends quotes */
	__u32 drop_counter;       /* drop_packet's count of new connections */
	__u32 pad;
	struct xvs_sip_buf sip;   /* --pe sip: the packet's Call-ID (bpf/pe_sip.h) */
	struct xvs_est_op_ctx sync_op; /* a synced entry to install (bpf/sync.h) */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xvs_scratch);
} xvs_scratch SEC(".maps");

/* The single config entry (libxvs keeps it; the data plane reads it). */
static __always_inline struct xvs_config *config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xvs_config, &zero);
}

static __always_inline struct xvs_scratch *scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xvs_scratch, &zero);
}

static __always_inline struct bpf_fib_lookup *fib_scratch(void)
{
	struct xvs_scratch *s = scratch();

	return s ? &s->fib : 0;
}

#endif /* XVS_BPF_MAPS_H */
