// SPDX-License-Identifier: GPL-2.0
/*
 * Listings: -L in all its forms, -S, --timeout, -c and the xvs tables.
 * With no data plane loaded, a listing shows an empty table with the
 * defaults a fresh data plane would have, as ipvsadm shows a freshly
 * loaded ip_vs module.  Failures print ipvsadm's message and exit 1.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "print.h"
#include "run.h"

static int list_error(struct xvsadm_session *s, enum xvsadm_op op, int rc)
{
	fprintf(s->err, "%s\n", xvsadm_strerror(op, -rc));
	return 1 | XVSADM_EXIT;
}

static int print_header(struct xvsadm_session *s, struct xvs_ctx *ctx)
{
	uint32_t version = XVS_IPVS_VERSION, size = XVS_CONN_DEFAULT;
	int rc = ctx ? s->be->get_info(ctx, &version, &size) : 0;

	if (rc)
		return list_error(s, OP_OTHER, rc);
	xvsadm_print_header(s->out, version, size);
	return 0;
}

/* One service and its real servers, sorted unless --nosort. */
static int list_one(struct xvsadm_session *s, struct xvs_ctx *ctx, const struct xvs_service_entry *se,
		    unsigned int format)
{
	struct xvs_dest_entry *d = NULL;
	size_t n = 0;
	int rc = s->be->get_dests(ctx, &se->svc, &d, &n);

	if (rc)
		return list_error(s, OP_GET_DESTS, rc);
	if (!(format & FMT_NOSORT))
		xvsadm_sort_dests(d, n);
	xvsadm_print_service(s->out, se, d, n, format);
	free(d);
	return 0;
}

int xvsadm_list_all(struct xvsadm_session *s, unsigned int format)
{
	struct xvs_service_entry *se = NULL;
	struct xvs_ctx *ctx;
	bool batch = false;
	size_t n = 0;
	int rc;

	rc = xvsadm_get_ctx(s, false, &ctx);
	if (!rc && !(format & FMT_RULE))
		rc = print_header(s, ctx);
	if (rc)
		return rc;
	if (ctx) {
		rc = s->be->get_services(ctx, &se, &n);
		if (rc)
			return list_error(s, OP_GET_SERVICES, rc);
		/* every service's real servers from one read of the table */
		batch = !s->batching && s->be->batch_begin && !s->be->batch_begin(ctx);
	}
	if (!(format & FMT_NOSORT))
		xvsadm_sort_services(se, n);
	xvsadm_print_title(s->out, format);
	for (size_t i = 0; i < n && !rc; i++)
		rc = list_one(s, ctx, &se[i], format);
	if (batch)
		s->be->batch_end(ctx);
	free(se);
	return rc;
}

int xvsadm_list_service(struct xvsadm_session *s, const struct xvs_service *svc, unsigned int format)
{
	struct xvs_service_entry se;
	struct xvs_ctx *ctx;
	int rc;

	/* no version line here, unlike the whole table (ipvsadm.c:2129) */
	rc = xvsadm_get_ctx(s, false, &ctx);
	if (rc)
		return rc;
	rc = ctx ? s->be->get_service(ctx, svc, &se) : -ESRCH;
	if (rc)
		return list_error(s, OP_GET_SERVICE, rc);
	xvsadm_print_title(s->out, format);
	return list_one(s, ctx, &se, format);
}

/* What the small listings read; each has its own output type. */
enum fetch { FETCH_CONNS, FETCH_TIMEOUTS, FETCH_REASONS, FETCH_IFACES, FETCH_SYSCTLS, FETCH_MARKS, FETCH_DAEMONS };

/*
 * Read @what into @out (and its length into @n) from the data plane, or
 * leave them as they are when there is none.  Returns 0 or a status.
 */
static int fetch(struct xvsadm_session *s, enum fetch what, void *out, size_t *n)
{
	struct xvs_ctx *ctx;
	int rc = xvsadm_get_ctx(s, false, &ctx);

	if (rc || !ctx)
		return rc;
	switch (what) {
	case FETCH_CONNS:
		rc = s->be->get_conns(ctx, out, n);
		break;
	case FETCH_TIMEOUTS:
		rc = s->be->get_timeouts(ctx, out);
		break;
	case FETCH_REASONS:
		rc = s->be->get_reasons(ctx, out);
		break;
	case FETCH_IFACES:
		rc = s->be->get_ifaces(ctx, out, n);
		break;
	case FETCH_SYSCTLS:
		rc = s->be->get_sysctls(ctx, out);
		break;
	case FETCH_MARKS:
		rc = s->be->get_mark_rules(ctx, out, n);
		break;
	case FETCH_DAEMONS:
		rc = s->be->get_daemons(ctx, out);
		break;
	}
	return rc ? list_error(s, OP_OTHER, rc) : 0;
}

int xvsadm_list_conns(struct xvsadm_session *s, unsigned int format)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int rc = fetch(s, FETCH_CONNS, &c, &n);

	if (rc)
		return rc;
	xvsadm_print_conn_title(s->out, format);
	for (size_t i = 0; i < n; i++)
		xvsadm_print_conn(s->out, &c[i], format);
	free(c);
	return 0;
}

int xvsadm_list_timeouts(struct xvsadm_session *s)
{
	/* a fresh data plane's, which are IPVS's defaults (spec §4.1) */
	struct xvs_timeouts t = { .tcp_timeout = 900, .tcp_fin_timeout = 120, .udp_timeout = 300 };
	int rc = fetch(s, FETCH_TIMEOUTS, &t, NULL);

	if (!rc)
		xvsadm_print_timeouts(s->out, &t);
	return rc;
}

/* --daemon: master then backup, those that run; nothing when none does. */
int xvsadm_list_daemons(struct xvsadm_session *s)
{
	struct xvs_sync_daemon d[XVS_SYNC_ROLES] = {};
	int rc = fetch(s, FETCH_DAEMONS, d, NULL);

	if (rc)
		return rc;
	if (d[XVS_SYNC_MASTER].pid)
		xvsadm_print_daemon(s->out, "master", &d[XVS_SYNC_MASTER]);
	if (d[XVS_SYNC_BACKUP].pid)
		xvsadm_print_daemon(s->out, "backup", &d[XVS_SYNC_BACKUP]);
	return 0;
}

/* --xvs-sync: each running daemon's counters. */
int xvsadm_list_sync(struct xvsadm_session *s)
{
	struct xvs_sync_daemon d[XVS_SYNC_ROLES] = {};
	int rc = fetch(s, FETCH_DAEMONS, d, NULL);

	if (rc)
		return rc;
	for (int role = 0; role < XVS_SYNC_ROLES; role++)
		if (d[role].pid)
			xvsadm_print_sync(s->out, role == XVS_SYNC_MASTER ? "master" : "backup", &d[role]);
	return 0;
}

int xvsadm_list_reasons(struct xvsadm_session *s)
{
	uint64_t counts[XVS_R_MAX] = { 0 };
	int rc = fetch(s, FETCH_REASONS, counts, NULL);

	if (!rc)
		xvsadm_print_reasons(s->out, counts);
	return rc;
}

int xvsadm_list_sysctls(struct xvsadm_session *s)
{
	uint32_t v[XVS_SC_MAX];
	int rc;

	/* with no data plane yet, the values one would start with */
	xvs_sysctl_defaults(v);
	rc = fetch(s, FETCH_SYSCTLS, v, NULL);
	if (!rc)
		for (int i = 0; i < XVS_SC_MAX; i++)
			fprintf(s->out, "%s = %u\n", xvs_sysctl_name(i), v[i]);
	return rc;
}

int xvsadm_list_marks(struct xvsadm_session *s)
{
	struct xvs_mark_spec *m = NULL;
	size_t n = 0;
	int rc = fetch(s, FETCH_MARKS, &m, &n);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		xvsadm_print_mark(s->out, &m[i]);
	free(m);
	return 0;
}

int xvsadm_list_ifaces(struct xvsadm_session *s)
{
	struct xvs_iface *ifs = NULL;
	size_t n = 0;
	int rc = fetch(s, FETCH_IFACES, &ifs, &n);

	if (rc)
		return rc;
	xvsadm_print_ifaces(s->out, ifs, n);
	free(ifs);
	return 0;
}
