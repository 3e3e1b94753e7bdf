/* SPDX-License-Identifier: GPL-2.0 */
/* libxvs internals shared by its source files (and the BPF tests). */
#ifndef XVS_INTERNAL_H
#define XVS_INTERNAL_H

#include <limits.h>
#include <stdarg.h>
#include <sys/types.h>
#include "xvs.h"

enum xvs_map_id {
	XVS_M_SVCS,
	XVS_M_DESTS,
	XVS_M_RING,
	XVS_M_SCHED_POS,
	XVS_M_CONNS,
	XVS_M_NAT_REV,
	XVS_M_SVC_STATS,
	XVS_M_DEST_STATS,
	XVS_M_DEST_CONNS,
	XVS_M_REASONS,
	XVS_M_CONFIG,
	XVS_M_TREE,
	XVS_M_LBLC,
	XVS_M_MARKS,
	XVS_M_SVC_EST,
	XVS_M_DEST_EST,
	XVS_M_EST_CLOCK,
	XVS_M_PE_DATA,
	XVS_M_NAT_RS,
	XVS_M_PROGS,
	XVS_M_VIPS,
	XVS_M_SYNC_RING,
	XVS_M_SYNC,
	XVS_M_MAX,
};

struct xvs_ctx {
	char instance[NAME_MAX + 1];
	char pin_dir[NAME_MAX + 32];
	int prog_fd;
	int est_prog_fd; /* xvs_est_ctl, if loaded here or found through the XDP program; else -1 */
	unsigned int prog_id;
	int map_fd[XVS_M_MAX];
	int nr_cpus;
	uint32_t conn_tab_size;
	xvs_log_fn log;
	void *log_arg;
	/* Between xvs_batch_begin() and _end(): the destination slots, read
	 * once and kept by every change; the service slots in use; whether the
	 * config is owed its recomputation (sync_config()). */
	bool in_batch;
	bool batch_cfg;
	struct xvs_dest *batch_dests;
	uint32_t batch_end;  /* the live slots of batch_dests are all below */
	uint32_t batch_free; /* no free slot below */
	uint32_t *batch_head; /* per service: a live slot, or UINT32_MAX ... */
	uint32_t *batch_next; /* ... and per slot: the service's next one */
	uint8_t *batch_svc_used;
	/* xvs_sync_install(): the destination table as last read, and the
	 * config's seq then (a new service or destination bumps it). */
	struct xvs_dest *sync_dests;
	uint32_t sync_dests_end;
	uint64_t sync_seq;
};

/* Give back what xvs_load_dests() gave (the batch's copy stays). */
void xvs_dests_put(struct xvs_ctx *ctx, struct xvs_dest *all);
/* The end of the live slots of what xvs_load_dests() gave: all are below. */
uint32_t xvs_dests_end(struct xvs_ctx *ctx);

extern const char *const xvs_map_names[XVS_M_MAX];

void xvs_logf(struct xvs_ctx *ctx, enum xvs_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* instance.c */
int xvs_attach_ifaces(struct xvs_ctx *ctx);
/*
 * xvs_xdp_prog_on() - the XDP program named @name on @ifindex, and its mode
 * (XDP_FLAGS_DRV_MODE / XDP_FLAGS_SKB_MODE) in *@mode when not NULL.
 * Returns: a program fd (the caller closes it), -ENOENT (no program),
 * -EEXIST (another program), or -errno.
 */
int xvs_xdp_prog_on(int ifindex, const char *name, uint32_t *mode);
/* service.c */
int xvs_refresh_l2(struct xvs_ctx *ctx);
/* Look up @s; fill its key and value.  Returns 0 or -ESRCH. */
int xvs_find_svc(struct xvs_ctx *ctx, const struct xvs_service *s, struct xvs_svc_key *k, struct xvs_svc *v);
/*
 * Every service: keys and values (room for XVS_MAX_SERVICES each, the
 * caller frees both; @keys may be NULL) and their count.
 */
int xvs_load_svcs(struct xvs_ctx *ctx, struct xvs_svc_key **keys, struct xvs_svc **vals, size_t *n);
/* Every destination slot (XVS_MAX_DESTS of them) in batch reads; caller frees. */
int xvs_load_dests(struct xvs_ctx *ctx, struct xvs_dest **out);

/*
 * xvs_est_prog() - the fd of this instance's xvs_est_ctl, found through
 * the programs of the host when the context was opened from pins.
 * Returns: the fd (the context keeps it) or -ENOENT.
 */
int xvs_est_prog(struct xvs_ctx *ctx);

/* est.c: the rate estimator (bpf/est.h). */
/*
 * xvs_est_ctl() - run the estimator's control program with enum xvs_est_op
 * @op.  A context that opened pinned maps has no such program (-ENOENT).
 * Returns: 0, -ENOENT, or -errno.
 */
int xvs_est_ctl(struct xvs_ctx *ctx, uint32_t op);
/*
 * xvs_read_rates() - the rates of the service (@map XVS_M_SVC_EST) or
 * destination (XVS_M_DEST_EST) slot @idx, whose owner has estimator
 * generation @gen, into @out's rate fields: 0 until the estimator has run
 * for that generation.
 */
int xvs_read_rates(struct xvs_ctx *ctx, int map, uint32_t idx, uint32_t gen, struct xvs_stats_out *out);

/* nl.c: one rtnetlink request at a time. */
struct mnl_socket;
struct nlmsghdr;
struct xvs_nl {
	struct mnl_socket *sk;
	unsigned int seq;
	unsigned int portid;
};
typedef int (*xvs_nl_cb)(const struct nlmsghdr *nlh, void *data);
int xvs_nl_open(struct xvs_nl *nl);
/* Send @nlh; run @cb (may be NULL) over the answers until the kernel is
 * done (NLMSG_DONE or the ACK).  Returns 0 or the kernel's -errno. */
int xvs_nl_talk(struct xvs_nl *nl, struct nlmsghdr *nlh, xvs_nl_cb cb, void *data);
void xvs_nl_close(struct xvs_nl *nl);

/* neigh.c: L2 data toward @addr (next hop MAC, egress ifindex and MAC). */
struct xvs_l2 {
	int ifindex;
	int mtu;
	uint8_t smac[6];
	uint8_t dmac[6];
	union xvs_addr src; /* the route's preferred source: a tunnel's outer source */
	bool local;         /* the address is this host's own */
};
int xvs_resolve_l2(const union xvs_addr *addr, struct xvs_l2 *l2, int wait_ms);

/* sched.c: selection sequences (pure). */
struct xvs_sched_dest {
	uint32_t idx;   /* destination slot */
	int weight;
	int last_weight; /* mh */
	__be16 port;     /* mh */
	union xvs_addr addr;
};
/*
 * xvs_sched_ring() - the full selection cycle of scheduler @kind over @dests
 * (IPVS list order, newest first), as IPVS's rr / wrr produce it from a
 * fresh state.  @cw (optional, same size as @ring) receives, for wrr, the
 * current-weight value under which each slot is chosen.
 * Returns: the number of slots (0: no destination available), or -E2BIG
 * when the cycle exceeds @cap.
 */
int xvs_sched_ring(int kind, const struct xvs_sched_dest *dests, size_t n, uint32_t *ring, int *cw, size_t cap);
/* Scheduler state between two choices: IPVS's rr pointer and wrr's cw. */
struct xvs_sched_state {
	uint32_t last; /* slot of the last chosen destination, XVS_SCHED_HEAD at start */
	int cw;        /* wrr current weight (0 at start) */
};
/*
 * xvs_sched_resume() - where scheduling goes on in a new ring after the
 * destination list changed, following IPVS: rr keeps its pointer on the last
 * choice (or moves to the previous node when that one was deleted); wrr
 * restarts at the list head with cw adjusted as ip_vs_wrr_dest_changed().
 * @st is updated to the state at the returned slot.
 */
size_t xvs_sched_resume(int kind, struct xvs_sched_state *st, const struct xvs_sched_dest *old_d, size_t old_n,
			const struct xvs_sched_dest *new_d, size_t new_n, const uint32_t *new_ring,
			const int *new_cw, size_t new_len);
int xvs_sched_kind(const char *name);
/*
 * xvs_sched_table() - the bucket table of dh, sh or mh over @dests (IPVS
 * list order) into @table (room for XVS_MH_TAB_SIZE); @v6: the service's
 * family.  Returns: the number of buckets, 0 when no destination has any.
 */
size_t xvs_sched_table(int kind, int v6, const struct xvs_sched_dest *dests, size_t n, uint32_t *table);
#define XVS_MH_TAB_BITS 6 /* IP_VS_MH_TAB_BITS: CONFIG_IP_VS_MH_TAB_INDEX 12 / 2 */
/*
 * xvs_tree_install() - (re)build the tournament tree of service @sv over
 * @dests (whose slots index @all), moving it to a larger region when it
 * has outgrown its own, or drop it when the scheduler keeps none.  Writes
 * the nodes and the destinations' leaf fields; updates @sv's tree fields,
 * which the caller then writes.
 */
int xvs_tree_install(struct xvs_ctx *ctx, struct xvs_svc *sv, struct xvs_dest *all,
		     const struct xvs_sched_dest *dests, size_t n);
/*
 * xvs_dest_list() - the destinations of service @svc_idx in @all, in IPVS
 * list order (newest first, ip_vs_ctl.c adds at the head), as (slot,
 * weight) pairs in *@list, which the caller frees (also on error).
 * Returns: the count, or -ENOMEM.
 */
ssize_t xvs_dest_list(struct xvs_ctx *ctx, const struct xvs_dest *all, uint32_t svc_idx, struct xvs_sched_dest **list);

#endif /* XVS_INTERNAL_H */
