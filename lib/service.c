// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual services and real servers with IPVS's semantics: the same checks,
 * the same errors, destinations kept newest first, and schedulers that go on
 * from where they were when the list changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "internal.h"

/* What this data plane forwards today; the rest is refused, not ignored. */
#define XVS_SVC_F_SUPPORTED                                                                        \
	(XVS_SVC_F_PERSISTENT | XVS_SVC_F_ONEPACKET | XVS_SVC_F_SCHED1 | XVS_SVC_F_SCHED2 | XVS_SVC_F_SCHED3)

static int svc_key_of(const struct xvs_service *s, struct xvs_svc_key *k)
{
	memset(k, 0, sizeof(*k));
	if (s->fwmark) {
		/* a mark matches every protocol: the key has none (bpf/mark.h) */
		k->addr.w[0] = htonl(s->fwmark);
		k->addr.w[1] = htonl(s->af == AF_INET6 ? XVS_MARK_AF_V6 : XVS_MARK_AF_V4);
		return 0;
	}
	if (s->protocol != IPPROTO_TCP && s->protocol != IPPROTO_UDP && s->protocol != IPPROTO_SCTP)
		return -EOPNOTSUPP;
	k->addr = s->addr;
	k->port = htons(s->port);
	k->proto = s->protocol;
	return 0;
}

int xvs_find_svc(struct xvs_ctx *ctx, const struct xvs_service *s, struct xvs_svc_key *k, struct xvs_svc *v)
{
	int err = svc_key_of(s, k);

	if (err)
		return err == -EOPNOTSUPP ? -ESRCH : err;
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_SVCS], k, v))
		return -ESRCH;
	return 0;
}

static int next_seq(struct xvs_ctx *ctx, __u64 *seq)
{
	struct xvs_config cfg;
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		return -errno;
	*seq = ++cfg.seq;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0))
		return -errno;
	return 0;
}

/* Zero a per-CPU stats slot. */
static int zero_stats(struct xvs_ctx *ctx, int map, uint32_t idx)
{
	struct xvs_stats *z = calloc(ctx->nr_cpus, sizeof(*z));
	int err = 0;

	if (!z)
		return -ENOMEM;
	if (bpf_map_update_elem(ctx->map_fd[map], &idx, z, 0))
		err = -errno;
	free(z);
	return err;
}

int xvs_load_svcs(struct xvs_ctx *ctx, struct xvs_svc_key **keys, struct xvs_svc **vals, size_t *n)
{
	struct xvs_svc_key *k = calloc(XVS_MAX_SERVICES, sizeof(*k));
	struct xvs_svc *v = calloc(XVS_MAX_SERVICES, sizeof(*v));
	struct xvs_svc_key cur, next;
	void *prev = NULL;
	size_t cnt = 0;

	if (!k || !v) {
		free(k);
		free(v);
		return -ENOMEM;
	}
	while (cnt < XVS_MAX_SERVICES && !bpf_map_get_next_key(ctx->map_fd[XVS_M_SVCS], prev, &next)) {
		cur = next;
		prev = &cur;
		if (!bpf_map_lookup_elem(ctx->map_fd[XVS_M_SVCS], &cur, &v[cnt]))
			k[cnt++] = cur;
	}
	if (keys)
		*keys = k;
	else
		free(k);
	*vals = v;
	*n = cnt;
	return 0;
}

#define NO_SLOT UINT32_MAX

/* A batch's per-service lists: slot @slot joins its service's, or leaves it. */
static void batch_link(struct xvs_ctx *ctx, uint32_t slot, uint32_t svc_idx)
{
	if (!ctx->batch_head || svc_idx >= XVS_MAX_SERVICES)
		return;
	ctx->batch_next[slot] = ctx->batch_head[svc_idx];
	ctx->batch_head[svc_idx] = slot;
}

static void batch_unlink(struct xvs_ctx *ctx, uint32_t slot, uint32_t svc_idx)
{
	uint32_t *p;

	if (!ctx->batch_head || svc_idx >= XVS_MAX_SERVICES)
		return;
	for (p = &ctx->batch_head[svc_idx]; *p != NO_SLOT; p = &ctx->batch_next[*p]) {
		if (*p == slot) {
			*p = ctx->batch_next[slot];
			return;
		}
	}
}

/*
 * The slots xvs_load_dests() reads: the live ones are all below the
 * config's dest_slots, and a new one takes the lowest free slot, at most
 * dest_slots itself; the slots above stay zeroed in the copy (and are
 * never written back), so a change costs what is configured, not the
 * table's size.
 */
static uint32_t dest_slots_used(struct xvs_ctx *ctx)
{
	struct xvs_config cfg;
	uint32_t zero = 0;

	/* a batch's copy serves every change to come, the new slots too */
	if (ctx->in_batch)
		return XVS_MAX_DESTS;
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg) || cfg.dest_slots >= XVS_MAX_DESTS)
		return XVS_MAX_DESTS;
	return cfg.dest_slots + 1;
}

int xvs_load_dests(struct xvs_ctx *ctx, struct xvs_dest **out)
{
	struct xvs_dest *all;
	uint32_t *keys, done = 0, out_batch = 0, used;
	int err = 0;

	if (ctx->batch_dests) {
		*out = ctx->batch_dests;
		return 0;
	}
	all = calloc(XVS_MAX_DESTS, sizeof(*all));
	keys = calloc(XVS_MAX_DESTS, sizeof(*keys));
	used = dest_slots_used(ctx);
	if (!all || !keys) {
		err = -ENOMEM;
		goto out;
	}
	while (done < used) {
		LIBBPF_OPTS(bpf_map_batch_opts, opts);
		uint32_t count = used - done;
		void *in = done ? &out_batch : NULL;

		if (bpf_map_lookup_batch(ctx->map_fd[XVS_M_DESTS], in, &out_batch, keys + done, all + done, &count,
					 &opts) &&
		    errno != ENOENT) {
			err = -errno;
			break;
		}
		done += count;
		if (!count)
			break;
	}
out:
	free(keys);
	if (err) {
		free(all);
		return err;
	}
	if (ctx->in_batch) {
		ctx->batch_dests = all;
		ctx->batch_end = 0;
		ctx->batch_head = malloc(XVS_MAX_SERVICES * sizeof(*ctx->batch_head));
		ctx->batch_next = malloc(XVS_MAX_DESTS * sizeof(*ctx->batch_next));
		if (!ctx->batch_head || !ctx->batch_next) {
			free(ctx->batch_head);
			free(ctx->batch_next);
			ctx->batch_head = ctx->batch_next = NULL; /* scans instead */
		} else {
			memset(ctx->batch_head, 0xff, XVS_MAX_SERVICES * sizeof(*ctx->batch_head));
		}
		for (uint32_t i = 0; i < XVS_MAX_DESTS; i++) {
			if (!(all[i].flags & XVS_DEST_F_LIVE))
				continue;
			ctx->batch_end = i + 1;
			batch_link(ctx, i, all[i].svc_idx);
		}
	}
	*out = all;
	return 0;
}

uint32_t xvs_dests_end(struct xvs_ctx *ctx)
{
	return ctx->batch_dests ? ctx->batch_end : dest_slots_used(ctx);
}

void xvs_dests_put(struct xvs_ctx *ctx, struct xvs_dest *all)
{
	if (all != ctx->batch_dests)
		free(all);
}

int xvs_batch_begin(struct xvs_ctx *ctx)
{
	if (ctx->in_batch)
		return -EBUSY;
	ctx->in_batch = true;
	ctx->batch_cfg = false;
	ctx->batch_free = 0;
	return 0;
}

/*
 * sync_config() - what the data plane takes from the tables as a whole:
 * which lookups it needs (replies only while some real server is
 * masqueraded, so that DR-only directors spend no lookup on traffic that is
 * not theirs; port 0 only while some service takes every port; FTP's data
 * ports only while an FTP service exists), and the end
 * of the live destination slots, where the rate estimator's walk stops.
 * @all: every destination slot, after a change to them (else NULL);
 * @svcs: the services changed.  Only what a change can move is recomputed,
 * so adding a real server reads no service.
 */
static int sync_config(struct xvs_ctx *ctx, const struct xvs_dest *all, bool svcs)
{
	struct xvs_config cfg;
	uint32_t zero = 0, want = 0, mask = 0, end = 0;

	if (ctx->in_batch) {
		ctx->batch_cfg = true; /* once, at xvs_batch_end() */
		return 0;
	}
	if (svcs) {
		struct xvs_svc_key *keys = NULL;
		struct xvs_svc *vals = NULL;
		size_t n = 0;
		int err = xvs_load_svcs(ctx, &keys, &vals, &n);

		if (err)
			return err;
		for (size_t i = 0; i < n; i++) {
			if (!keys[i].port && keys[i].proto)
				want |= XVS_CFG_F_PORT0;
			if (keys[i].port == htons(XVS_FTP_PORT) && keys[i].proto)
				want |= XVS_CFG_F_FTP;
		}
		free(keys);
		free(vals);
		mask |= XVS_CFG_F_PORT0 | XVS_CFG_F_FTP;
	}
	if (all)
		mask |= XVS_CFG_F_NAT;
	for (uint32_t i = 0; all && i < XVS_MAX_DESTS; i++) {
		if (!(all[i].flags & XVS_DEST_F_LIVE))
			continue;
		if (all[i].fwd == XVS_FWD_MASQ)
			want |= XVS_CFG_F_NAT;
		end = i + 1;
	}
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		return -errno;
	if ((cfg.flags & mask) == want && (!all || cfg.dest_slots == end))
		return 0;
	cfg.flags = (cfg.flags & ~mask) | want;
	if (all)
		cfg.dest_slots = end;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

int xvs_batch_end(struct xvs_ctx *ctx)
{
	struct xvs_dest *all = NULL;
	int err = 0;

	if (!ctx->in_batch)
		return -EINVAL;
	ctx->in_batch = false;
	if (ctx->batch_cfg) {
		err = xvs_load_dests(ctx, &all);
		if (!err)
			err = sync_config(ctx, all, true);
		xvs_dests_put(ctx, all);
	}
	free(ctx->batch_dests);
	free(ctx->batch_svc_used);
	free(ctx->batch_head);
	free(ctx->batch_next);
	ctx->batch_dests = NULL;
	ctx->batch_svc_used = NULL;
	ctx->batch_head = ctx->batch_next = NULL;
	ctx->batch_free = 0;
	return err;
}

struct slot_seq {
	uint32_t slot;
	uint64_t seq;
};

static int cmp_seq_desc(const void *a, const void *b)
{
	const struct slot_seq *x = a, *y = b;

	return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/*
 * The live slots of service @svc_idx, one after the other: a batch keeps
 * a list per service (batch_head, batch_next); otherwise the table is
 * scanned up to the end of its live slots.
 */
static uint32_t svc_slot(const struct xvs_ctx *ctx, const struct xvs_dest *all, uint32_t svc_idx, uint32_t end,
			 uint32_t from, bool first)
{
	if (ctx->batch_head)
		return first ? ctx->batch_head[svc_idx] : ctx->batch_next[from];
	for (uint32_t i = first ? 0 : from + 1; i < end; i++)
		if ((all[i].flags & XVS_DEST_F_LIVE) && all[i].svc_idx == svc_idx)
			return i;
	return NO_SLOT;
}

#define for_each_svc_slot(ctx, all, svc_idx, i)                                                  \
	for (uint32_t end_ = xvs_dests_end(ctx), i = svc_slot(ctx, all, svc_idx, end_, 0, true); i != NO_SLOT; \
	     i = svc_slot(ctx, all, svc_idx, end_, i, false))

ssize_t xvs_dest_list(struct xvs_ctx *ctx, const struct xvs_dest *all, uint32_t svc_idx, struct xvs_sched_dest **list)
{
	struct xvs_sched_dest *out;
	struct slot_seq *tmp;
	size_t n = 0;

	for_each_svc_slot(ctx, all, svc_idx, i)
		n++;
	*list = out = calloc(n + 1, sizeof(*out));
	tmp = calloc(n + 1, sizeof(*tmp));
	if (!out || !tmp) {
		free(tmp);
		return -ENOMEM;
	}
	n = 0;
	for_each_svc_slot(ctx, all, svc_idx, i) {
		tmp[n].slot = i;
		tmp[n++].seq = all[i].seq;
	}
	qsort(tmp, n, sizeof(*tmp), cmp_seq_desc);
	for (size_t i = 0; i < n; i++) {
		const struct xvs_dest *d = &all[tmp[i].slot];

		out[i].idx = tmp[i].slot;
		out[i].weight = d->weight;
		out[i].last_weight = d->last_weight;
		out[i].port = d->port;
		out[i].addr = d->addr;
	}
	free(tmp);
	return n;
}

static int find_dest(struct xvs_ctx *ctx, const struct xvs_dest *all, uint32_t svc_idx, const struct xvs_dest_cfg *d)
{
	for_each_svc_slot(ctx, all, svc_idx, i) {
		if (!memcmp(&all[i].addr, &d->addr, sizeof(d->addr)) && all[i].port == htons(d->port))
			return i;
	}
	return -ENOENT;
}

static int write_ring(struct xvs_ctx *ctx, uint32_t svc_idx, uint32_t half, const uint32_t *ring, size_t len)
{
	int fd = ctx->map_fd[XVS_M_RING];
	struct xvs_ring_key k;
	uint32_t v;

	memset(&k, 0, sizeof(k));
	k.svc_idx = svc_idx;
	k.half = half;
	for (k.slot = 0; k.slot < len; k.slot++)
		if (bpf_map_update_elem(fd, &k, &ring[k.slot], 0))
			return errno == E2BIG ? -ENOMEM : -errno;
	/* Slots past the new end belong to an older ring of this half. */
	for (; !bpf_map_lookup_elem(fd, &k, &v); k.slot++)
		bpf_map_delete_elem(fd, &k);
	return 0;
}

/*
 * cycle_install() - compute the rr / wrr selection cycle for the service's
 * new destination list and switch the data plane to it, resuming where
 * IPVS's scheduler would go on.  The idle half is written first, then the
 * service value flips to it, so a packet never sees a half-written ring.
 */
static int cycle_install(struct xvs_ctx *ctx, const struct xvs_svc_key *key, struct xvs_svc *sv,
			 const struct xvs_sched_dest *old_d, size_t old_n, const struct xvs_sched_dest *new_d,
			 size_t new_n)
{
	/* not zeroed: a megabyte each, and only the cycles' lengths are read */
	uint32_t *ring = malloc(XVS_RING_MAX * sizeof(*ring)), *oring = malloc(XVS_RING_MAX * sizeof(*oring));
	int *cw = malloc(XVS_RING_MAX * sizeof(*cw)), *ocw = malloc(XVS_RING_MAX * sizeof(*ocw));
	struct xvs_sched_state st;
	struct xvs_sched_pos sp;
	int len, olen, err = -ENOMEM;
	size_t at;

	if (!ring || !oring || !cw || !ocw)
		goto out;
	len = xvs_sched_ring(sv->sched, new_d, new_n, ring, cw, XVS_RING_MAX);
	olen = xvs_sched_ring(sv->sched, old_d, old_n, oring, ocw, XVS_RING_MAX);
	if (len < 0 || olen < 0) {
		xvs_logf(ctx, XVS_LOG_ERR, "weights give a scheduling cycle longer than %u slots", XVS_RING_MAX);
		err = -E2BIG;
		goto out;
	}
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_SCHED_POS], &sv->idx, &sp)) {
		err = -errno;
		goto out;
	}
	if (sp.pos == sp.base || !olen) {
		st.last = sp.last;
		st.cw = sp.cw;
	} else {
		st.last = oring[(sp.pos - 1) % olen];
		st.cw = ocw[(sp.pos - 1) % olen];
	}
	at = xvs_sched_resume(sv->sched, &st, old_d, old_n, new_d, new_n, ring, cw, len);
	err = write_ring(ctx, sv->idx, sv->ring_half ^ 1, ring, len);
	if (err)
		goto out;
	sv->ring_half ^= 1;
	sv->ring_len = len;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], key, sv, BPF_EXIST)) {
		err = -errno;
		goto out;
	}
	sp.pos = at;
	sp.base = at;
	sp.last = st.last;
	sp.cw = st.cw;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_SCHED_POS], &sv->idx, &sp, 0))
		err = -errno;
out:
	free(ring);
	free(oring);
	free(cw);
	free(ocw);
	return err;
}

/* dh / sh / mh: the bucket table into the idle half, then the flip. */
static int table_install(struct xvs_ctx *ctx, const struct xvs_svc_key *key, struct xvs_svc *sv,
			 const struct xvs_sched_dest *d, size_t n)
{
	uint32_t *table = calloc(XVS_MH_TAB_SIZE, sizeof(*table));
	size_t len;
	int err = -ENOMEM;

	if (!table)
		return err;
	len = xvs_sched_table(sv->sched, sv->af == AF_INET6, d, n, table);
	err = write_ring(ctx, sv->idx, sv->ring_half ^ 1, table, len);
	if (!err) {
		sv->ring_half ^= 1;
		sv->ring_len = len;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], key, sv, BPF_EXIST))
			err = -errno;
	}
	free(table);
	return err;
}

/*
 * Rebuild what the service's scheduler works from, after its destination
 * list went from @old_d to now (or its scheduler changed).
 */
static int resched(struct xvs_ctx *ctx, const struct xvs_svc_key *key, struct xvs_svc *sv,
		   const struct xvs_sched_dest *old_d, size_t old_n)
{
	struct xvs_sched_dest *new_d = NULL;
	struct xvs_dest *all = NULL;
	ssize_t new_n = 0;
	int err;

	err = xvs_load_dests(ctx, &all);
	if (!err)
		new_n = xvs_dest_list(ctx, all, sv->idx, &new_d);
	if (new_n < 0)
		err = new_n;
	if (!err)
		err = xvs_tree_install(ctx, sv, all, new_d, new_n);
	if (err)
		goto out;
	switch (sv->sched) {
	case XVS_SCHED_RR:
	case XVS_SCHED_WRR:
		err = cycle_install(ctx, key, sv, old_d, old_n, new_d, new_n);
		break;
	case XVS_SCHED_DH:
	case XVS_SCHED_SH:
	case XVS_SCHED_MH:
		err = table_install(ctx, key, sv, new_d, new_n);
		break;
	default:
		sv->ring_len = 0;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], key, sv, BPF_EXIST))
			err = -errno;
	}
out:
	xvs_dests_put(ctx, all);
	free(new_d);
	return err;
}

/* The persistence engine @name names (XVS_PE_*); IPVS has "sip" only. */
static int pe_kind(const char *name)
{
	if (!name[0])
		return XVS_PE_NONE;
	return strcmp(name, "sip") ? -ENOENT : XVS_PE_SIP;
}

/*
 * check_service() - what ip_vs_add_service() and ip_vs_edit_service()
 * check, giving the scheduler in *@kind and the persistence engine in *@pe
 * (either unknown: -ENOENT, "Scheduler or persistence engine not found").
 */
static int check_service(const struct xvs_service *s, int *kind, int *pe)
{
	struct xvs_svc_key k;
	int err = svc_key_of(s, &k);

	if (err)
		return err;
	if (s->flags & ~(uint32_t)XVS_SVC_F_SUPPORTED)
		return -EOPNOTSUPP;
	/* IPVS takes IPv6 prefix lengths 1..128 only (ip_vs_ctl.c) */
	if (s->af == AF_INET6 && (s->netmask < 1 || s->netmask > 128))
		return -EINVAL;
	*kind = xvs_sched_kind(s->sched_name);
	if (*kind < 0)
		return *kind;
	*pe = pe_kind(s->pe_name);
	return *pe < 0 ? *pe : 0;
}

/* The service slots in use, one byte each (the batch's, kept up to date). */
static uint8_t *svc_slots_used(struct xvs_ctx *ctx)
{
	uint8_t *used;
	struct xvs_svc *v = NULL;
	size_t n = 0;

	if (ctx->batch_svc_used)
		return ctx->batch_svc_used;
	used = calloc(XVS_MAX_SERVICES, 1);
	if (!used || xvs_load_svcs(ctx, NULL, &v, &n)) {
		free(used);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].idx < XVS_MAX_SERVICES)
			used[v[i].idx] = 1;
	free(v);
	if (ctx->in_batch)
		ctx->batch_svc_used = used;
	return used;
}

static int alloc_svc_idx(struct xvs_ctx *ctx, uint32_t *idx)
{
	uint8_t *used = svc_slots_used(ctx);
	int err = -ENOMEM;

	if (!used)
		return -ENOMEM;
	for (uint32_t i = 0; i < XVS_MAX_SERVICES; i++) {
		if (!used[i]) {
			*idx = i;
			/* taken now: the service is added next or the batch ends */
			if (ctx->batch_svc_used)
				used[i] = 1;
			err = 0;
			break;
		}
	}
	if (used != ctx->batch_svc_used)
		free(used);
	return err;
}

int xvs_add_service(struct xvs_ctx *ctx, const struct xvs_service *s)
{
	struct xvs_sched_pos sp = { .last = XVS_SCHED_HEAD };
	struct xvs_svc_key k;
	struct xvs_svc v;
	int kind, pe, err = check_service(s, &kind, &pe);

	if (err)
		return err;
	svc_key_of(s, &k);
	if (!bpf_map_lookup_elem(ctx->map_fd[XVS_M_SVCS], &k, &v))
		return -EEXIST;
	memset(&v, 0, sizeof(v));
	err = alloc_svc_idx(ctx, &v.idx);
	if (!err)
		err = next_seq(ctx, &v.seq);
	if (!err)
		err = zero_stats(ctx, XVS_M_SVC_STATS, v.idx);
	if (err)
		return err;
	/* A fresh number: the slot's estimator restarts from the zeroed counters. */
	v.est_gen = v.seq;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_SCHED_POS], &v.idx, &sp, 0))
		return -errno;
	v.sched = kind;
	v.flags = s->flags;
	v.timeout = s->timeout;
	v.netmask = s->netmask;
	v.af = s->af;
	v.port = k.port;
	v.fwmark = s->fwmark;
	snprintf(v.sched_name, sizeof(v.sched_name), "%s", s->sched_name);
	snprintf(v.pe_name, sizeof(v.pe_name), "%s", s->pe_name);
	v.pe = pe;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], &k, &v, BPF_NOEXIST))
		return -errno;
	return sync_config(ctx, NULL, true);
}

int xvs_edit_service(struct xvs_ctx *ctx, const struct xvs_service *s)
{
	struct xvs_sched_pos sp = { .last = XVS_SCHED_HEAD };
	struct xvs_svc_key k;
	struct xvs_svc v;
	int kind, pe, err = xvs_find_svc(ctx, s, &k, &v);

	if (err)
		return err;
	err = check_service(s, &kind, &pe);
	if (err)
		return err;
	v.flags = s->flags;
	v.timeout = s->timeout;
	v.netmask = s->netmask;
	snprintf(v.pe_name, sizeof(v.pe_name), "%s", s->pe_name);
	v.pe = pe;
	if ((uint32_t)kind == v.sched) {
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], &k, &v, BPF_EXIST))
			return -errno;
		return 0;
	}
	/* A new scheduler starts from a fresh state, as IPVS binds a new one. */
	v.sched = kind;
	snprintf(v.sched_name, sizeof(v.sched_name), "%s", s->sched_name);
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_SCHED_POS], &v.idx, &sp, 0))
		return -errno;
	return resched(ctx, &k, &v, NULL, 0);
}

/* Free a destination slot: connections that still name it see a new gen. */
/*
 * nat_rs_count() - one masqueraded destination more (@delta 1) or fewer (-1)
 * in xvs_nat_rs: slot @slot of @all, of a service of protocol @proto (0: a
 * mark service, whose servers serve every protocol).  An entry whose slot
 * goes takes another live one of the same address and port.
 */
static int nat_rs_count(struct xvs_ctx *ctx, const struct xvs_dest *all, uint32_t slot, uint8_t proto, int delta)
{
	static const uint8_t every[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP };
	const struct xvs_dest *d = &all[slot];

	for (size_t i = 0; i < sizeof(every); i++) {
		struct xvs_nat_rs v = { 0, slot };
		struct xvs_svc_key k;

		if (proto && proto != every[i])
			continue;
		memset(&k, 0, sizeof(k));
		k.addr = d->addr;
		k.port = d->port;
		k.proto = every[i];
		if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_NAT_RS], &k, &v))
			v.count = 0;
		if (delta > 0) {
			v.count++;
			v.slot = slot;
		} else if (v.count <= 1) {
			if (bpf_map_delete_elem(ctx->map_fd[XVS_M_NAT_RS], &k) && errno != ENOENT)
				return -errno;
			continue;
		} else {
			v.count--;
			for (uint32_t o = 0, end = xvs_dests_end(ctx); v.slot == slot && o < end; o++)
				if (o != slot && (all[o].flags & XVS_DEST_F_LIVE) && all[o].fwd == XVS_FWD_MASQ &&
				    !memcmp(&all[o].addr, &d->addr, sizeof(d->addr)) && all[o].port == d->port)
					v.slot = o;
		}
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_NAT_RS], &k, &v, 0))
			return -errno;
	}
	return 0;
}

/* The protocol a service's real servers serve: its own, or 0 (every one) for a mark service. */
static uint8_t svc_proto(const struct xvs_service *s)
{
	return s->fwmark ? 0 : s->protocol;
}

static int free_dest(struct xvs_ctx *ctx, uint32_t slot, struct xvs_dest *d)
{
	if (slot < ctx->batch_free)
		ctx->batch_free = slot;
	batch_unlink(ctx, slot, d->svc_idx);
	d->flags = 0;
	d->gen++;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &slot, d, 0))
		return -errno;
	return 0;
}

static void delete_ring(struct xvs_ctx *ctx, uint32_t svc_idx)
{
	struct xvs_ring_key k;

	for (uint32_t half = 0; half < 2; half++) {
		memset(&k, 0, sizeof(k));
		k.svc_idx = svc_idx;
		k.half = half;
		while (!bpf_map_delete_elem(ctx->map_fd[XVS_M_RING], &k))
			k.slot++;
	}
}

static int del_svc(struct xvs_ctx *ctx, const struct xvs_svc_key *k, const struct xvs_svc *v,
		   struct xvs_dest *all)
{
	int err = 0;

	if (bpf_map_delete_elem(ctx->map_fd[XVS_M_SVCS], k))
		return -errno;
	if (ctx->batch_svc_used && v->idx < XVS_MAX_SERVICES)
		ctx->batch_svc_used[v->idx] = 0;
	for (uint32_t i = 0, end = xvs_dests_end(ctx); i < end && !err; i++) {
		if (!(all[i].flags & XVS_DEST_F_LIVE) || all[i].svc_idx != v->idx)
			continue;
		err = free_dest(ctx, i, &all[i]);
		if (!err && all[i].fwd == XVS_FWD_MASQ)
			err = nat_rs_count(ctx, all, i, v->fwmark ? 0 : k->proto, -1);
	}
	delete_ring(ctx, v->idx);
	return err;
}

int xvs_del_service(struct xvs_ctx *ctx, const struct xvs_service *s)
{
	struct xvs_dest *all = NULL;
	struct xvs_svc_key k;
	struct xvs_svc v;
	int err = xvs_find_svc(ctx, s, &k, &v);

	if (!err)
		err = xvs_load_dests(ctx, &all);
	if (!err)
		err = del_svc(ctx, &k, &v, all);
	if (!err)
		err = sync_config(ctx, all, true);
	xvs_dests_put(ctx, all);
	return err;
}

int xvs_flush(struct xvs_ctx *ctx)
{
	struct xvs_dest *all = NULL;
	struct xvs_svc_key k;
	struct xvs_svc v;
	int err = xvs_load_dests(ctx, &all);

	while (!err && !bpf_map_get_next_key(ctx->map_fd[XVS_M_SVCS], NULL, &k)) {
		if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_SVCS], &k, &v))
			break;
		err = del_svc(ctx, &k, &v, all);
	}
	if (!err)
		err = sync_config(ctx, all, true);
	xvs_dests_put(ctx, all);
	return err;
}

/* Copy what the data plane needs from a resolution into @d. */
static void l2_into(struct xvs_dest *d, const struct xvs_l2 *l2)
{
	if (l2->local) {
		d->flags |= XVS_DEST_F_LOCAL;
		return;
	}
	d->flags &= ~XVS_DEST_F_LOCAL;
	d->flags |= XVS_DEST_F_HAVE_L2;
	d->ifindex = l2->ifindex;
	d->mtu = l2->mtu;
	d->tun_src = l2->src;
	memcpy(d->smac, l2->smac, 6);
	memcpy(d->dmac, l2->dmac, 6);
}

static void dest_l2(struct xvs_ctx *ctx, struct xvs_dest *d)
{
	struct xvs_l2 l2;
	int err = xvs_resolve_l2(&d->addr, &l2, 1000);

	if (err) {
		d->flags &= ~XVS_DEST_F_HAVE_L2;
		xvs_logf(ctx, XVS_LOG_WARN, "real server MAC not resolved yet (%s); it gets traffic once the "
			 "kernel's neighbour table knows it", strerror(-err));
		return;
	}
	l2_into(d, &l2);
}

static void dest_fill(struct xvs_dest *d, const struct xvs_dest_cfg *c)
{
	d->fwd = c->conn_flags & XVS_FWD_MASK;
	d->weight = c->weight;
	d->u_threshold = c->u_threshold;
	d->l_threshold = c->l_threshold;
	d->tun_type = c->tun_type;
	d->tun_port = htons(c->tun_port);
	d->tun_flags = c->tun_flags;
}

/*
 * check_dest() - refuse what the data plane cannot forward (-EOPNOTSUPP),
 * and what IPVS itself refuses (-EINVAL: GUE without port, another address
 * family without tunnel).
 */
static int check_dest(const struct xvs_service *s, const struct xvs_dest_cfg *c)
{
	uint32_t fwd = c->conn_flags & XVS_FWD_MASK;

	if (fwd != XVS_FWD_DROUTE && fwd != XVS_FWD_MASQ && fwd != XVS_FWD_TUNNEL)
		return -EOPNOTSUPP;
	/* IPVS: only a tunnel may lead to a real server of the other family */
	if (c->af != s->af && fwd != XVS_FWD_TUNNEL)
		return -EINVAL;
	if (fwd == XVS_FWD_TUNNEL) {
		if (c->tun_type > XVS_TUN_GRE)
			return -EOPNOTSUPP;
		if (c->tun_type == XVS_TUN_GUE && !c->tun_port)
			return -EINVAL;
	}
	/* IPVS: a negative weight, or a lower threshold above the upper */
	if (c->weight < 0 || c->l_threshold > c->u_threshold)
		return -ERANGE;
	return 0;
}

/*
 * with_dests() - the common frame of the destination operations: find the
 * service, read the destinations, run @op, and reschedule if it changed
 * the list.
 */
typedef int (*dest_op)(struct xvs_ctx *ctx, struct xvs_dest *all, uint32_t svc_idx, const struct xvs_service *s,
		       const struct xvs_dest_cfg *c);

static int with_dests(struct xvs_ctx *ctx, const struct xvs_service *s, const struct xvs_dest_cfg *c, dest_op op)
{
	struct xvs_sched_dest *old_d = NULL;
	struct xvs_dest *all = NULL;
	struct xvs_svc_key k;
	struct xvs_svc v;
	ssize_t old_n = 0;
	int err = xvs_find_svc(ctx, s, &k, &v);

	if (!err)
		err = xvs_load_dests(ctx, &all);
	if (!err)
		old_n = xvs_dest_list(ctx, all, v.idx, &old_d);
	if (old_n < 0)
		err = old_n;
	if (!err)
		err = op(ctx, all, v.idx, s, c);
	if (!err)
		err = sync_config(ctx, all, false);
	if (!err)
		err = resched(ctx, &k, &v, old_d, old_n);
	xvs_dests_put(ctx, all);
	free(old_d);
	return err;
}

/*
 * A real server that is this host gets the packet as the client sent it, to
 * VIP:port; its answer leaves through the host stack, which XDP does not
 * see, so a different port (NAT port mapping) could not be translated back.
 */
static bool local_ok(const struct xvs_dest *d, const struct xvs_service *s)
{
	return !(d->flags & XVS_DEST_F_LOCAL) || ntohs(d->port) == s->port;
}

static int op_add(struct xvs_ctx *ctx, struct xvs_dest *all, uint32_t svc_idx, const struct xvs_service *s,
		  const struct xvs_dest_cfg *c)
{
	struct xvs_dest_conns dc = {};
	struct xvs_dest d;
	uint32_t slot;
	int err;

	if (find_dest(ctx, all, svc_idx, c) >= 0)
		return -EEXIST;
	for (slot = ctx->batch_free; slot < XVS_MAX_DESTS && (all[slot].flags & XVS_DEST_F_LIVE); slot++)
		;
	if (slot == XVS_MAX_DESTS)
		return -ENOMEM;
	memset(&d, 0, sizeof(d));
	d.gen = all[slot].gen + 1;
	d.addr = c->addr;
	d.port = htons(c->port);
	d.af = c->af;
	d.svc_idx = svc_idx;
	d.flags = XVS_DEST_F_LIVE;
	d.tree_kind = XVS_SCHED_NONE;
	dest_fill(&d, c);
	d.last_weight = c->weight;
	err = next_seq(ctx, &d.seq);
	if (err)
		return err;
	d.est_gen = d.seq; /* as a service's, xvs_add_service() */
	dest_l2(ctx, &d);
	if (!local_ok(&d, s))
		return -EOPNOTSUPP;
	dc.gen = d.gen;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_DEST_CONNS], &slot, &dc, 0))
		return -errno;
	err = zero_stats(ctx, XVS_M_DEST_STATS, slot);
	if (err)
		return err;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &slot, &d, 0))
		return -errno;
	all[slot] = d;
	batch_link(ctx, slot, svc_idx);
	if (ctx->batch_dests) {
		ctx->batch_free = slot + 1;
		if (slot >= ctx->batch_end)
			ctx->batch_end = slot + 1;
	}
	return d.fwd == XVS_FWD_MASQ ? nat_rs_count(ctx, all, slot, svc_proto(s), 1) : 0;
}

/*
 * clear_overload() - clear slot @slot's OVERLOAD flag in place: the data
 * plane changes the counts beside it at any moment, so the entry is not
 * rewritten but its one field stored through a shared mapping.
 */
static int clear_overload(struct xvs_ctx *ctx, uint32_t slot)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (XVS_MAX_DESTS * sizeof(struct xvs_dest_conns) + page - 1) / page * page;
	struct xvs_dest_conns *dc =
		mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, ctx->map_fd[XVS_M_DEST_CONNS], 0);

	if (dc == MAP_FAILED)
		return -errno;
	__atomic_store_n(&dc[slot].overload, 0, __ATOMIC_RELAXED);
	munmap(dc, len);
	return 0;
}

static int op_edit(struct xvs_ctx *ctx, struct xvs_dest *all, uint32_t svc_idx, const struct xvs_service *s,
		   const struct xvs_dest_cfg *c)
{
	int slot = find_dest(ctx, all, svc_idx, c);
	uint32_t key = slot;
	int was_nat, err;

	if (slot < 0)
		return slot;
	was_nat = all[slot].fwd == XVS_FWD_MASQ;
	/* IPVS (__ip_vs_update_dest): a threshold removed or raised ends the
	 * overload; the scheduler's tree is rebuilt after this edit. */
	if (!c->u_threshold || c->u_threshold > all[slot].u_threshold) {
		err = clear_overload(ctx, slot);
		if (err)
			return err;
	}
	dest_fill(&all[slot], c);
	if (c->weight)
		all[slot].last_weight = c->weight; /* IPVS keeps the last one other than 0 */
	if (!(all[slot].flags & (XVS_DEST_F_HAVE_L2 | XVS_DEST_F_LOCAL)))
		dest_l2(ctx, &all[slot]);
	if (!local_ok(&all[slot], s))
		return -EOPNOTSUPP;
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &key, &all[slot], 0))
		return -errno;
	if (was_nat != (all[slot].fwd == XVS_FWD_MASQ))
		return nat_rs_count(ctx, all, slot, svc_proto(s), was_nat ? -1 : 1);
	return 0;
}

static int op_del(struct xvs_ctx *ctx, struct xvs_dest *all, uint32_t svc_idx, const struct xvs_service *s,
		  const struct xvs_dest_cfg *c)
{
	int slot = find_dest(ctx, all, svc_idx, c);
	int err;

	if (slot < 0)
		return slot;
	err = free_dest(ctx, slot, &all[slot]);
	if (!err && all[slot].fwd == XVS_FWD_MASQ)
		err = nat_rs_count(ctx, all, slot, svc_proto(s), -1);
	return err;
}

int xvs_add_dest(struct xvs_ctx *ctx, const struct xvs_service *s, const struct xvs_dest_cfg *c)
{
	int err = check_dest(s, c);

	return err ? err : with_dests(ctx, s, c, op_add);
}

int xvs_edit_dest(struct xvs_ctx *ctx, const struct xvs_service *s, const struct xvs_dest_cfg *c)
{
	int err = check_dest(s, c);

	return err ? err : with_dests(ctx, s, c, op_edit);
}

int xvs_del_dest(struct xvs_ctx *ctx, const struct xvs_service *s, const struct xvs_dest_cfg *c)
{
	return with_dests(ctx, s, c, op_del);
}

/*
 * zero_svc() - zero the counters of service @v (key @k) and of its real
 * servers, then restart their rate estimators with generation @gen: in
 * that order, so that the estimator starts from zeroed counters (abi.h,
 * struct xvs_est).  As IPVS, -Z zeroes the rates too.
 */
static int zero_svc(struct xvs_ctx *ctx, const struct xvs_svc_key *k, struct xvs_svc *v, struct xvs_dest *all,
		    uint32_t gen)
{
	int err = zero_stats(ctx, XVS_M_SVC_STATS, v->idx);

	v->est_gen = gen;
	if (!err && bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], k, v, BPF_EXIST))
		err = -errno;
	for (uint32_t i = 0; i < XVS_MAX_DESTS && !err; i++) {
		if (!(all[i].flags & XVS_DEST_F_LIVE) || all[i].svc_idx != v->idx)
			continue;
		err = zero_stats(ctx, XVS_M_DEST_STATS, i);
		all[i].est_gen = gen;
		if (!err && bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &i, &all[i], 0))
			err = -errno;
	}
	return err;
}

int xvs_zero(struct xvs_ctx *ctx, const struct xvs_service *s)
{
	struct xvs_svc_key *keys = NULL, k;
	struct xvs_dest *all = NULL;
	struct xvs_svc *v = NULL;
	struct xvs_svc one;
	size_t n = 0;
	__u64 gen = 0;
	int err = 0;

	if (s)
		err = xvs_find_svc(ctx, s, &k, &one);
	else
		err = xvs_load_svcs(ctx, &keys, &v, &n);
	if (!err)
		err = xvs_load_dests(ctx, &all);
	if (!err)
		err = next_seq(ctx, &gen);
	if (!err && s)
		err = zero_svc(ctx, &k, &one, all, gen);
	for (size_t i = 0; i < n && !err; i++)
		err = zero_svc(ctx, &keys[i], &v[i], all, gen);
	free(keys);
	free(v);
	xvs_dests_put(ctx, all);
	return err;
}

/* Refresh the cached L2 data of every live destination (MACs change). */
int xvs_refresh_l2(struct xvs_ctx *ctx)
{
	struct xvs_dest *all = NULL;
	int err = xvs_load_dests(ctx, &all);

	for (uint32_t i = 0; !err && i < XVS_MAX_DESTS; i++) {
		struct xvs_dest d = all[i];
		struct xvs_l2 l2;

		if (!(d.flags & XVS_DEST_F_LIVE))
			continue;
		if (xvs_resolve_l2(&d.addr, &l2, d.flags & XVS_DEST_F_HAVE_L2 ? 0 : 200))
			continue;
		l2_into(&d, &l2);
		if (!memcmp(&d, &all[i], sizeof(d)))
			continue;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &i, &d, 0))
			err = -errno;
		else
			all[i] = d; /* a batch's copy stays true */
	}
	xvs_dests_put(ctx, all);
	return err;
}
