// SPDX-License-Identifier: GPL-2.0
/*
 * One xvsadm invocation: parse, then run, the way
 * ipvsadm's main() and process_options() do (ipvsadm.c:450, 992-1145).
 * Statuses follow ipvsadm: fail() is 2, the help hint, popt errors and
 * data plane errors are 255, listing errors 1; XVSADM_EXIT marks the ones
 * where ipvsadm calls exit(), which also ends a -R restore.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "print.h"
#include "restore.h"
#include "run.h"

static void log_line(enum xvs_log_level level, const char *msg, void *arg)
{
	struct xvsadm_session *s = arg;

	if (level <= XVS_LOG_WARN)
		fprintf(s->err, "xvsadm: %s\n", msg);
}

int xvsadm_get_ctx(struct xvsadm_session *s, bool create, struct xvs_ctx **ctx)
{
	struct xvs_open_opts opts = { .log = log_line, .log_arg = s };
	int rc;

	/* -R may change the table, so it opens as a change does */
	opts.create = create || s->restoring;
	*ctx = s->ctx;
	if (s->ctx || (s->absent && !opts.create))
		return 0;
	rc = s->be->open(&s->ctx, &opts);
	if (rc == -ENOENT && !opts.create) {
		s->absent = true;
		return 0;
	}
	if (rc) {
		s->ctx = NULL;
		/* ipvsadm's words when it cannot reach IPVS at all */
		fprintf(s->err,
			"Can't initialize ipvs: %s\n"
			"Are you sure that IP Virtual Server is built in the kernel or as module?\n",
			xvsadm_strerror(OP_INIT, -rc));
		return 2 | XVSADM_EXIT;
	}
	*ctx = s->ctx;
	return 0;
}

/* --start-daemon's parameters as libxvs takes them (0: IPVS's default). */
static void sync_params(const struct xvsadm_daemon *d, struct xvs_sync_params *p)
{
	memset(p, 0, sizeof(*p));
	p->role = d->state == 1 ? XVS_SYNC_MASTER : XVS_SYNC_BACKUP;
	snprintf(p->ifname, sizeof(p->ifname), "%s", d->mcast_ifn);
	p->syncid = (unsigned)d->syncid;
	p->maxlen = (unsigned)d->sync_maxlen;
	p->port = (unsigned)d->mcast_port;
	p->ttl = (unsigned)d->mcast_ttl;
	p->mcast_af = d->mcast_af;
	if (d->mcast_af == AF_INET)
		xvs_addr_from_in(&p->group, (const struct in_addr *)d->mcast_group);
	else if (d->mcast_af == AF_INET6)
		xvs_addr_from_in6(&p->group, (const struct in6_addr *)d->mcast_group);
}

static int call_backend(struct xvsadm_session *s, struct xvs_ctx *ctx, const struct xvsadm_cmd *c)
{
	struct xvs_sync_params sp;

	const struct xvsadm_backend *be = s->be;
	bool any = !(c->options & OPTB(OPT_SERVICE));

	switch (c->cmd) {
	case CMD_ADD:
		return be->add_service(ctx, &c->svc);
	case CMD_EDIT:
		return be->edit_service(ctx, &c->svc);
	case CMD_DEL:
		return be->del_service(ctx, &c->svc);
	case CMD_FLUSH:
		return be->flush(ctx);
	case CMD_ZERO:
		/* -Z without a service zeroes them all */
		return be->zero(ctx, any ? NULL : &c->svc);
	case CMD_ADDDEST:
		return be->add_dest(ctx, &c->svc, &c->dest);
	case CMD_EDITDEST:
		return be->edit_dest(ctx, &c->svc, &c->dest);
	case CMD_DELDEST:
		return be->del_dest(ctx, &c->svc, &c->dest);
	case CMD_TIMEOUT:
		return be->set_timeouts(ctx, &c->timeouts);
	case CMD_XVS_SYSCTL:
		for (int i = 0; i < c->nsysctl; i++) {
			int rc = be->set_sysctl(ctx, c->sysctl[i].idx, c->sysctl[i].value);

			if (rc)
				return rc;
		}
		return 0;
	case CMD_XVS_MARK:
		return be->add_mark_rule(ctx, &c->mark);
	case CMD_XVS_MARK_DEL:
		return be->del_mark_rule(ctx, &c->mark);
	case CMD_STARTDAEMON:
		sync_params(&c->daemon, &sp);
		return be->start_daemon(ctx, &sp);
	case CMD_STOPDAEMON:
		return be->stop_daemon(ctx, c->daemon.state == 1 ? XVS_SYNC_MASTER : XVS_SYNC_BACKUP);
	default:
		return -EINVAL;
	}
}

static enum xvsadm_op op_of(enum xvsadm_cmd_id cmd)
{
	switch (cmd) {
	case CMD_ADD:
		return OP_ADD_SERVICE;
	case CMD_EDIT:
		return OP_EDIT_SERVICE;
	case CMD_DEL:
		return OP_DEL_SERVICE;
	case CMD_ZERO:
		return OP_ZERO;
	case CMD_ADDDEST:
		return OP_ADD_DEST;
	case CMD_EDITDEST:
		return OP_EDIT_DEST;
	case CMD_DELDEST:
		return OP_DEL_DEST;
	case CMD_XVS_MARK:
		return OP_ADD_MARK;
	case CMD_XVS_MARK_DEL:
		return OP_DEL_MARK;
	case CMD_STARTDAEMON:
		return OP_START_DAEMON;
	case CMD_STOPDAEMON:
		return OP_STOP_DAEMON;
	default:
		return OP_OTHER;
	}
}

/* A change to the table: a data plane error is reported and -R goes on. */
static int run_change(struct xvsadm_session *s, const struct xvsadm_cmd *c)
{
	struct xvs_ctx *ctx;
	/* with no data plane no daemon runs: --stop-daemon loads none to say so */
	bool stop = c->cmd == CMD_STOPDAEMON;
	int rc = xvsadm_get_ctx(s, !stop, &ctx);

	if (rc)
		return rc;
	if (!ctx) {
		fprintf(s->err, "%s\n", xvsadm_strerror(OP_STOP_DAEMON, ESRCH));
		return 255;
	}
	/* -R's changes as one batch: the table is read once, not per line */
	if (s->restoring && !s->batching && s->be->batch_begin && !s->be->batch_begin(ctx))
		s->batching = true;
	rc = call_backend(s, ctx, c);
	if (!rc)
		return 0;
	fprintf(s->err, "%s\n", xvsadm_strerror(op_of(c->cmd), -rc));
	return 255;
}

/* -L: connections, one service, timeouts, daemons or all (ipvsadm.c:1078). */
static int run_list(struct xvsadm_session *s, const struct xvsadm_cmd *c)
{
	if (c->options & OPTB(OPT_CONNECTION))
		return xvsadm_list_conns(s, c->format);
	if (c->options & OPTB(OPT_SERVICE))
		return xvsadm_list_service(s, &c->svc, c->format);
	if (c->options & OPTB(OPT_TIMEOUT))
		return xvsadm_list_timeouts(s);
	if (c->options & OPTB(OPT_DAEMON))
		return xvsadm_list_daemons(s);
	return xvsadm_list_all(s, c->format);
}

static int run_restore(struct xvsadm_session *s);

static int run_cmd(struct xvsadm_session *s, const struct xvsadm_cmd *c)
{
	switch (c->cmd) {
	case CMD_HELP:
		xvsadm_print_usage(s->out, s->prog);
		return XVSADM_EXIT;
	case CMD_VERSION:
		xvsadm_print_version(s->out);
		return XVSADM_EXIT;
	case CMD_LIST:
		return run_list(s, c);
	case CMD_SAVE:
		return xvsadm_list_all(s, c->format | FMT_RULE);
	case CMD_RESTORE:
		return run_restore(s);
	case CMD_XVS_REASONS:
		return xvsadm_list_reasons(s);
	case CMD_XVS_IFACES:
		return xvsadm_list_ifaces(s);
	case CMD_XVS_SYNC:
		return xvsadm_list_sync(s);
	case CMD_XVS_SYSCTL:
		return c->nsysctl ? run_change(s, c) : xvsadm_list_sysctls(s);
	case CMD_XVS_MARK:
		return c->has_mark ? run_change(s, c) : xvsadm_list_marks(s);
	default:
		return run_change(s, c);
	}
}

static int run_line(struct xvsadm_session *s, int argc, char **argv)
{
	struct xvsadm_cmd cmd;
	struct xvsadm_err err;

	if (xvsadm_parse(argc, argv, &cmd, &err)) {
		fputs(err.msg, s->err);
		return err.status | (err.fatal ? XVSADM_EXIT : 0);
	}
	return run_cmd(s, &cmd);
}

struct lines {
	struct xvsadm_line *v;
	size_t n;
};

static void free_lines(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		xvsadm_line_free(&l->v[i]);
	free(l->v);
}

/* All of stdin, lines without tokens left out (ipvsadm.c:981). */
static int read_lines(struct xvsadm_session *s, struct lines *l)
{
	struct xvsadm_line line;
	int rc;

	while ((rc = xvsadm_read_line(s->in, s->prog, &line)) > 0) {
		struct xvsadm_line *v;

		if (line.argc < 2) {
			xvsadm_line_free(&line);
			continue;
		}
		v = realloc(l->v, (l->n + 1) * sizeof(*v));
		if (!v) {
			xvsadm_line_free(&line);
			return -1;
		}
		l->v = v;
		l->v[l->n++] = line;
	}
	return rc;
}

/*
 * -R: each line is a command line of its own.  fail() and the like end
 * the restore; data plane errors do not, and the status is the last
 * line's (ipvsadm.c:972-990).
 */
static int run_restore(struct xvsadm_session *s)
{
	struct lines l = { 0 };
	int rc = 0;

	if (s->restoring) {
		struct xvsadm_err e;

		/* -R inside -R: the help hint, as ipvsadm avoids the loop */
		xvsadm_tryhelp(&e, s->prog);
		fputs(e.msg, s->err);
		return e.status | XVSADM_EXIT;
	}
	if (read_lines(s, &l) < 0) {
		fprintf(s->err, "xvsadm: out of memory\n");
		rc = 2 | XVSADM_EXIT;
	}
	s->restoring = true;
	for (size_t i = 0; !(rc & XVSADM_EXIT) && i < l.n; i++)
		rc = run_line(s, l.v[i].argc, l.v[i].argv);
	s->restoring = false;
	if (s->batching) {
		int err = s->be->batch_end(s->ctx);

		s->batching = false;
		if (err) {
			fprintf(s->err, "xvsadm: finishing the restore: %s\n", strerror(-err));
			rc = 2 | XVSADM_EXIT;
		}
	}
	free_lines(&l);
	return rc;
}

int xvsadm_run(int argc, char **argv, const struct xvsadm_backend *be, FILE *in, FILE *out, FILE *err)
{
	struct xvsadm_session s = { .be = be, .in = in, .out = out, .err = err, .prog = argv[0] };
	int rc;

	/* no arguments at all: the table, as ipvsadm -L */
	if (argc == 1)
		rc = xvsadm_list_all(&s, FMT_NONE);
	else
		rc = run_line(&s, argc, argv);
	if (s.ctx)
		be->close(s.ctx);
	fflush(out);
	return rc & 0xff;
}
