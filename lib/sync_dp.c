// SPDX-License-Identifier: GPL-2.0
/*
 * Connection sync, the data plane's side (bpf/sync.h): the master's events
 * as IPVS's entries, the backup's entries installed in the connection
 * table, the event ring, the role flags the data plane follows and the
 * daemons' registry.  The messages are lib/sync_msg.c, the daemons
 * lib/sync.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "xvs_sync.h"

/* IPVS's one UDP state (IP_VS_UDP_S_NORMAL); xvs numbers it XVS_UDP_STATE. */
#define IPVS_UDP_S_NORMAL 0

/* The flags xvs's events share with IPVS's (XVS_CONN_F_* are IPVS's values). */
#define SYNC_F_KEPT                                                                                  \
	(XVS_SYNC_F_FWD_MASK | XVS_SYNC_F_NOOUTPUT | XVS_SYNC_F_INACTIVE | XVS_SYNC_F_TEMPLATE | \
	 XVS_SYNC_F_ONE_PACKET)

void xvs_sync_conn_from_event(struct xvs_sync_conn *c, const struct xvs_sync_event *ev)
{
	bool tmpl = ev->flags & XVS_CONN_F_TEMPLATE;

	memset(c, 0, sizeof(*c));
	c->af = xvs_addr_is_v4(&ev->key.caddr) ? AF_INET : AF_INET6;
	c->proto = ev->key.proto; /* a mark template's is 0, IPVS's IPPROTO_IP */
	c->flags = ev->flags & SYNC_F_KEPT;
	c->state = !tmpl && c->proto == IPPROTO_UDP ? IPVS_UDP_S_NORMAL : ev->state;
	/* a template's key holds no client port (a --pe sip one: a hash) */
	c->cport = tmpl ? 0 : ev->key.cport;
	c->vport = ev->key.vport;
	c->dport = ev->dport;
	c->fwmark = ev->fwmark;
	c->timeout = ev->timeout;
	c->caddr = ev->key.caddr;
	c->vaddr = ev->key.vaddr; /* a mark template's: 0.0.0.MARK as IPVS's (bpf/tmpl.h) */
	c->daddr = ev->daddr;
}

static bool svc_get(struct xvs_ctx *ctx, const struct xvs_svc_key *k, struct xvs_svc *v)
{
	return !bpf_map_lookup_elem(ctx->map_fd[XVS_M_SVCS], k, v);
}

/*
 * sync_service() - the service entry @c belongs to here, looked up as the
 * data plane looks a packet's up: the mark's service when @c has a mark
 * and one exists for the family, else (protocol, address, port), then the
 * address's FTP service for FTP's data ports (and a template's port 0),
 * then its port-0 service.
 * Returns: 0 with its key and value, or -ENOENT.
 */
static int sync_service(struct xvs_ctx *ctx, const struct xvs_sync_conn *c, struct xvs_svc_key *k,
			struct xvs_svc *v)
{
	uint16_t vport = ntohs(c->vport);

	memset(k, 0, sizeof(*k));
	if (c->fwmark) {
		k->addr.w[0] = htonl(c->fwmark);
		k->addr.w[1] = htonl(c->af == AF_INET6 ? XVS_MARK_AF_V6 : XVS_MARK_AF_V4);
		if (svc_get(ctx, k, v))
			return 0;
		memset(k, 0, sizeof(*k));
	}
	k->addr = c->vaddr;
	k->port = c->vport;
	k->proto = c->proto;
	if (svc_get(ctx, k, v))
		return 0;
	if (vport == XVS_FTP_DATA_PORT || vport >= XVS_FTP_DATA_MIN ||
	    (!vport && (c->flags & XVS_SYNC_F_TEMPLATE))) {
		k->port = htons(XVS_FTP_PORT);
		if (svc_get(ctx, k, v))
			return 0;
	}
	k->port = 0;
	return svc_get(ctx, k, v) ? 0 : -ENOENT;
}

/*
 * sync_dests() - the destination table: outside a batch, the copy kept in
 * @ctx, read again when the config's seq says a service or destination
 * was added since, or when @reread (an entry named a slot since freed).
 * Returns: 0 with *@all and *@end (give it back with xvs_dests_put() only
 * when *@kept is false), or -errno.
 */
static int sync_dests(struct xvs_ctx *ctx, bool reread, struct xvs_dest **all, uint32_t *end, bool *kept)
{
	struct xvs_config cfg;
	uint32_t zero = 0;
	int err;

	*kept = !ctx->in_batch;
	if (ctx->in_batch) {
		err = xvs_load_dests(ctx, all);
		*end = err ? 0 : xvs_dests_end(ctx);
		return err;
	}
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		return -errno;
	if (ctx->sync_dests && !reread && cfg.seq == ctx->sync_seq) {
		*all = ctx->sync_dests;
		*end = ctx->sync_dests_end;
		return 0;
	}
	free(ctx->sync_dests);
	ctx->sync_dests = NULL;
	err = xvs_load_dests(ctx, &ctx->sync_dests);
	if (err)
		return err;
	ctx->sync_dests_end = xvs_dests_end(ctx);
	ctx->sync_seq = cfg.seq;
	*all = ctx->sync_dests;
	*end = ctx->sync_dests_end;
	return 0;
}

/*
 * sync_dest() - the real server of @c in service @sv (slot @svc_idx), as
 * IPVS's ip_vs_find_dest(): by address and port, where a mark entry sent
 * by a director that does not masquerade names port 0 first.  A template
 * of port 0 (port-0, mark and FTP services) takes the first server of its
 * address, whatever its port: IPVS's would stay unbound.
 * Returns: 0 with the slot and a copy, or -ENOENT.
 */
static int sync_dest(struct xvs_ctx *ctx, const struct xvs_sync_conn *c, uint32_t svc_idx, bool reread,
		     uint32_t *slot, struct xvs_dest *out)
{
	bool any_port = (c->flags & XVS_SYNC_F_TEMPLATE) && !c->dport;
	uint16_t first = c->dport;
	struct xvs_dest *all = NULL;
	uint32_t end = 0;
	bool kept = false;
	int err = sync_dests(ctx, reread, &all, &end, &kept);

	if (err)
		return err;
	if (c->fwmark && (c->flags & XVS_SYNC_F_FWD_MASK) != XVS_FWD_MASQ)
		first = 0;
	err = -ENOENT;
	for (int pass = 0; pass < 2 && err; pass++) {
		uint16_t port = pass ? first ^ c->dport : first;

		for (uint32_t i = 0; i < end; i++) {
			const struct xvs_dest *d = &all[i];

			if (!(d->flags & XVS_DEST_F_LIVE) || d->svc_idx != svc_idx ||
			    memcmp(&d->addr, &c->daddr, sizeof(d->addr)) || (!any_port && d->port != port))
				continue;
			*slot = i;
			*out = *d;
			err = 0;
			break;
		}
	}
	if (!kept)
		xvs_dests_put(ctx, all);
	return err;
}

/*
 * sync_key() - @c's key as the install op takes it: a flow's is the
 * client's; a template's names the client and service as the message
 * does, and the op makes it the data plane's template key (tmpl_key()).
 */
static void sync_key(const struct xvs_sync_conn *c, struct xvs_conn_key *k)
{
	memset(k, 0, sizeof(*k));
	k->kind = c->flags & XVS_SYNC_F_TEMPLATE ? XVS_KEY_TEMPLATE : XVS_KEY_FLOW;
	k->caddr = c->caddr;
	k->vaddr = c->vaddr;
	k->cport = k->kind == XVS_KEY_FLOW ? c->cport : 0;
	k->vport = c->vport;
	k->proto = c->proto;
}

/* Run the install op; the program writes its answer into @op. */
static int run_install(struct xvs_ctx *ctx, struct xvs_est_op_ctx *op)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = op, .ctx_size_in = sizeof(*op));
	int fd = xvs_est_prog(ctx);

	if (fd < 0)
		return fd;
	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	return op->result;
}

int xvs_sync_install(struct xvs_ctx *ctx, const struct xvs_sync_conn *c)
{
	bool tmpl = c->flags & XVS_SYNC_F_TEMPLATE;
	struct xvs_est_op_ctx op;
	struct xvs_sync_install *in = &op.install;
	struct xvs_svc_key sk;
	struct xvs_svc sv;
	struct xvs_dest d;
	uint32_t slot;
	int err;

	/* --pe sip templates carry their Call-ID: not installed yet */
	if (c->pe_name_len || c->pe_data_len)
		return -EINVAL;
	if ((c->af != AF_INET && c->af != AF_INET6) || xvs_addr_is_v4(&c->caddr) != (c->af == AF_INET) ||
	    c->state > UINT8_MAX)
		return -EINVAL;
	if (!tmpl && c->proto == IPPROTO_UDP && c->state != IPVS_UDP_S_NORMAL)
		return -EINVAL;
	err = sync_service(ctx, c, &sk, &sv);
	/* An entry may name a slot freed since the table was read: once more
	 * with the table read again. */
	for (int again = 0; !err && again < 2; again++) {
		err = sync_dest(ctx, c, sv.idx, again, &slot, &d);
		if (err)
			break;
		memset(&op, 0, sizeof(op));
		op.op = XVS_SYNC_INSTALL;
		op.svc = sk;
		sync_key(c, &in->key);
		in->svc_idx = sv.idx;
		in->dest_idx = slot;
		in->dest_gen = d.gen;
		in->flags = c->flags & (XVS_CONN_F_NOOUTPUT | XVS_CONN_F_TEMPLATE | XVS_CONN_F_ONE_PACKET);
		in->timeout = c->timeout;
		in->dport = c->dport;
		in->state = !tmpl && c->proto == IPPROTO_UDP ? XVS_UDP_STATE : c->state;
		err = run_install(ctx, &op);
		if (err != -ENOENT)
			break;
	}
	return err;
}

struct xvs_sync_events {
	struct ring_buffer *rb;
	xvs_sync_event_fn fn;
	void *arg;
};

static int on_event(void *arg, void *data, size_t size)
{
	struct xvs_sync_events *e = arg;

	if (size >= sizeof(struct xvs_sync_event))
		e->fn(data, e->arg);
	return 0;
}

/* Returns NULL with errno set when the ring cannot be opened. */
struct xvs_sync_events *xvs_sync_events_open(struct xvs_ctx *ctx, xvs_sync_event_fn fn, void *arg)
{
	struct xvs_sync_events *e = calloc(1, sizeof(*e));
	int err;

	if (!e)
		return NULL;
	e->fn = fn;
	e->arg = arg;
	e->rb = ring_buffer__new(ctx->map_fd[XVS_M_SYNC_RING], on_event, e, NULL);
	if (!e->rb) {
		err = errno;
		xvs_logf(ctx, XVS_LOG_ERR, "opening the sync event ring: %s", strerror(err));
		free(e);
		errno = err;
		return NULL;
	}
	return e;
}

int xvs_sync_events_fd(struct xvs_sync_events *e)
{
	return ring_buffer__epoll_fd(e->rb);
}

int xvs_sync_events_consume(struct xvs_sync_events *e)
{
	return ring_buffer__consume(e->rb);
}

void xvs_sync_events_close(struct xvs_sync_events *e)
{
	if (!e)
		return;
	ring_buffer__free(e->rb);
	free(e);
}

/*
 * A read-modify-write of the config, as the other writers of its flags
 * do: a daemon that runs sets its flag again now and then, so a flag lost
 * to another writer's race comes back.
 */
int xvs_sync_set_role(struct xvs_ctx *ctx, int role, bool running)
{
	uint32_t bit = role == XVS_SYNC_MASTER ? XVS_CFG_F_SYNC_MASTER
		       : role == XVS_SYNC_BACKUP ? XVS_CFG_F_SYNC_BACKUP
						 : 0;
	struct xvs_config cfg;
	uint32_t zero = 0;

	if (!bit)
		return -EINVAL;
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		return -errno;
	if (!!(cfg.flags & bit) == running)
		return 0;
	cfg.flags ^= bit;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

int xvs_sync_slot_get(struct xvs_ctx *ctx, int role, struct xvs_sync_daemon *d)
{
	uint32_t key = role;

	if (role != XVS_SYNC_MASTER && role != XVS_SYNC_BACKUP)
		return -EINVAL;
	return bpf_map_lookup_elem(ctx->map_fd[XVS_M_SYNC], &key, d) ? -errno : 0;
}

int xvs_sync_slot_set(struct xvs_ctx *ctx, int role, const struct xvs_sync_daemon *d)
{
	uint32_t key = role;

	if (role != XVS_SYNC_MASTER && role != XVS_SYNC_BACKUP)
		return -EINVAL;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_SYNC], &key, d, 0) ? -errno : 0;
}
