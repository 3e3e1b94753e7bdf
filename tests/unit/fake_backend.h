/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An in-memory stand-in for libxvs, for running whole xvsadm command lines
 * in unit tests: it records each call, serves canned listings, and fails
 * with a chosen errno.  Header-only; include it in one test file.
 */
#ifndef XVSADM_FAKE_BACKEND_H
#define XVSADM_FAKE_BACKEND_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

#define FAKE_MAX 16

static struct fake {
	bool absent;	     /* no data plane: open(create=false) is -ENOENT */
	int open_err;	     /* open fails with this */
	int err;	     /* the next change fails with this */
	int opens, creates;  /* open calls, and those with create */
	int calls;	     /* changes made */
	char last[32];	     /* name of the last change */
	struct xvs_service svc;
	bool svc_null;
	struct xvs_dest_cfg dest;
	struct xvs_timeouts timeouts;
	struct xvs_service_entry services[FAKE_MAX];
	size_t nservices;
	struct xvs_dest_entry dests[FAKE_MAX][FAKE_MAX];
	size_t ndests[FAKE_MAX];
	struct xvs_conn_entry conns[FAKE_MAX];
	size_t nconns;
	uint64_t reasons[XVS_R_MAX];
	uint32_t sysctl[XVS_SC_MAX];
	struct xvs_mark_spec marks[FAKE_MAX];
	size_t nmarks;
	uint32_t size;
	struct xvs_sync_params sync;                    /* the last --start-daemon's */
	struct xvs_sync_daemon daemons[XVS_SYNC_ROLES]; /* what --daemon lists */
} fake;

static struct xvs_ctx *const fake_ctx = (struct xvs_ctx *)&fake;

static void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.size = 4096;
	fake.timeouts = (struct xvs_timeouts){ 900, 120, 300 };
}

static int fake_open(struct xvs_ctx **ctx, const struct xvs_open_opts *o)
{
	fake.opens++;
	fake.creates += o->create;
	if (fake.open_err)
		return fake.open_err;
	if (fake.absent && !o->create)
		return -ENOENT;
	*ctx = fake_ctx;
	return 0;
}

static void fake_close(struct xvs_ctx *ctx)
{
	(void)ctx;
}

static int fake_change(const char *name, const struct xvs_service *svc, const struct xvs_dest_cfg *d)
{
	snprintf(fake.last, sizeof(fake.last), "%s", name);
	fake.svc_null = !svc;
	if (svc)
		fake.svc = *svc;
	if (d)
		fake.dest = *d;
	fake.calls++;
	return fake.err;
}

#define FAKE_SVC_OP(fn)                                                        \
	static int fake_##fn(struct xvs_ctx *ctx, const struct xvs_service *s) \
	{                                                                      \
		(void)ctx;                                                     \
		return fake_change(#fn, s, NULL);                              \
	}
#define FAKE_DEST_OP(fn)                                                                                 \
	static int fake_##fn(struct xvs_ctx *ctx, const struct xvs_service *s, const struct xvs_dest_cfg *d) \
	{                                                                                                \
		(void)ctx;                                                                               \
		return fake_change(#fn, s, d);                                                           \
	}
FAKE_SVC_OP(add_service)
FAKE_SVC_OP(edit_service)
FAKE_SVC_OP(del_service)
FAKE_SVC_OP(zero)
FAKE_DEST_OP(add_dest)
FAKE_DEST_OP(edit_dest)
FAKE_DEST_OP(del_dest)

static int fake_flush(struct xvs_ctx *ctx)
{
	(void)ctx;
	return fake_change("flush", NULL, NULL);
}

static int fake_set_timeouts(struct xvs_ctx *ctx, const struct xvs_timeouts *t)
{
	(void)ctx;
	fake.timeouts = *t;
	return fake_change("set_timeouts", NULL, NULL);
}

static int fake_get_timeouts(struct xvs_ctx *ctx, struct xvs_timeouts *t)
{
	(void)ctx;
	*t = fake.timeouts;
	return 0;
}

static void *fake_dup(const void *src, size_t size)
{
	void *p = malloc(size ? size : 1);

	memcpy(p, src, size);
	return p;
}

static int fake_get_services(struct xvs_ctx *ctx, struct xvs_service_entry **out, size_t *n)
{
	(void)ctx;
	*out = fake_dup(fake.services, fake.nservices * sizeof(**out));
	*n = fake.nservices;
	return 0;
}

static bool fake_same(const struct xvs_service *a, const struct xvs_service *b)
{
	return a->fwmark == b->fwmark && a->protocol == b->protocol && a->port == b->port &&
	       !memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

static int fake_find(const struct xvs_service *svc)
{
	for (size_t i = 0; i < fake.nservices; i++)
		if (fake_same(&fake.services[i].svc, svc))
			return i;
	return -1;
}

static int fake_get_service(struct xvs_ctx *ctx, const struct xvs_service *svc, struct xvs_service_entry *out)
{
	int i = fake_find(svc);

	(void)ctx;
	if (i < 0)
		return -ESRCH;
	*out = fake.services[i];
	return 0;
}

static int fake_get_dests(struct xvs_ctx *ctx, const struct xvs_service *svc, struct xvs_dest_entry **out,
			  size_t *n)
{
	int i = fake_find(svc);

	(void)ctx;
	if (i < 0)
		return -ESRCH;
	*out = fake_dup(fake.dests[i], fake.ndests[i] * sizeof(**out));
	*n = fake.ndests[i];
	return 0;
}

static int fake_get_info(struct xvs_ctx *ctx, uint32_t *version, uint32_t *size)
{
	(void)ctx;
	*version = XVS_IPVS_VERSION;
	*size = fake.size;
	return 0;
}

static int fake_get_conns(struct xvs_ctx *ctx, struct xvs_conn_entry **out, size_t *n)
{
	(void)ctx;
	*out = fake_dup(fake.conns, fake.nconns * sizeof(**out));
	*n = fake.nconns;
	return 0;
}

static int fake_get_reasons(struct xvs_ctx *ctx, uint64_t counts[XVS_R_MAX])
{
	(void)ctx;
	memcpy(counts, fake.reasons, sizeof(fake.reasons));
	return 0;
}

static int fake_get_ifaces(struct xvs_ctx *ctx, struct xvs_iface **out, size_t *n)
{
	static const struct xvs_iface ifs[] = { { 2, "eth0", true }, { 3, "veth1", false } };

	(void)ctx;
	*out = fake_dup(ifs, sizeof(ifs));
	*n = 2;
	return 0;
}

static int fake_get_sysctls(struct xvs_ctx *ctx, uint32_t v[XVS_SC_MAX])
{
	(void)ctx;
	memcpy(v, fake.sysctl, sizeof(fake.sysctl));
	return 0;
}

static int fake_set_sysctl(struct xvs_ctx *ctx, int idx, uint32_t value)
{
	(void)ctx;
	fake.calls++;
	fake.sysctl[idx] = value;
	return 0;
}

static int fake_add_mark_rule(struct xvs_ctx *ctx, const struct xvs_mark_spec *r)
{
	(void)ctx;
	snprintf(fake.last, sizeof(fake.last), "add_mark_rule");
	fake.calls++;
	if (fake.err)
		return fake.err;
	if (fake.nmarks == FAKE_MAX)
		return -ENOSPC;
	fake.marks[fake.nmarks++] = *r;
	return 0;
}

static int fake_del_mark_rule(struct xvs_ctx *ctx, const struct xvs_mark_spec *r)
{
	(void)ctx;
	snprintf(fake.last, sizeof(fake.last), "del_mark_rule");
	fake.calls++;
	for (size_t i = 0; i < fake.nmarks; i++) {
		if (!memcmp(&fake.marks[i], r, sizeof(*r))) {
			fake.marks[i] = fake.marks[--fake.nmarks];
			return 0;
		}
	}
	return -ENOENT;
}

static int fake_get_mark_rules(struct xvs_ctx *ctx, struct xvs_mark_spec **out, size_t *n)
{
	(void)ctx;
	*out = fake_dup(fake.marks, sizeof(fake.marks[0]) * (fake.nmarks ? fake.nmarks : 1));
	*n = fake.nmarks;
	return 0;
}

/* A start registers the daemon with the parameters as given (no defaults). */
static int fake_start_daemon(struct xvs_ctx *ctx, const struct xvs_sync_params *p)
{
	struct xvs_sync_daemon *d = &fake.daemons[p->role];

	(void)ctx;
	snprintf(fake.last, sizeof(fake.last), "start_daemon");
	fake.calls++;
	fake.sync = *p;
	if (fake.err)
		return fake.err;
	if (d->pid)
		return -EEXIST;
	memset(d, 0, sizeof(*d));
	d->pid = 1;
	snprintf(d->ifname, sizeof(d->ifname), "%s", p->ifname);
	d->syncid = p->syncid;
	d->maxlen = p->maxlen;
	d->port = (uint16_t)p->port;
	d->ttl = (uint8_t)p->ttl;
	d->mcast_af = (uint8_t)p->mcast_af;
	d->group = p->group;
	return 0;
}

static int fake_stop_daemon(struct xvs_ctx *ctx, int role)
{
	(void)ctx;
	snprintf(fake.last, sizeof(fake.last), "stop_daemon");
	fake.calls++;
	if (!fake.daemons[role].pid)
		return -ESRCH;
	memset(&fake.daemons[role], 0, sizeof(fake.daemons[role]));
	return 0;
}

static int fake_get_daemons(struct xvs_ctx *ctx, struct xvs_sync_daemon out[XVS_SYNC_ROLES])
{
	(void)ctx;
	memcpy(out, fake.daemons, sizeof(fake.daemons));
	return 0;
}

static const struct xvsadm_backend fake_backend = {
	.open = fake_open,
	.close = fake_close,
	.add_service = fake_add_service,
	.edit_service = fake_edit_service,
	.del_service = fake_del_service,
	.flush = fake_flush,
	.add_dest = fake_add_dest,
	.edit_dest = fake_edit_dest,
	.del_dest = fake_del_dest,
	.zero = fake_zero,
	.get_services = fake_get_services,
	.get_service = fake_get_service,
	.get_dests = fake_get_dests,
	.set_timeouts = fake_set_timeouts,
	.get_timeouts = fake_get_timeouts,
	.get_info = fake_get_info,
	.get_conns = fake_get_conns,
	.get_reasons = fake_get_reasons,
	.get_ifaces = fake_get_ifaces,
	.get_sysctls = fake_get_sysctls,
	.set_sysctl = fake_set_sysctl,
	.add_mark_rule = fake_add_mark_rule,
	.del_mark_rule = fake_del_mark_rule,
	.get_mark_rules = fake_get_mark_rules,
	.start_daemon = fake_start_daemon,
	.stop_daemon = fake_stop_daemon,
	.get_daemons = fake_get_daemons,
};

#endif /* XVSADM_FAKE_BACKEND_H */
