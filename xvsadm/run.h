/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running parsed commands against the data plane.  The data plane is
 * reached through a table of libxvs's functions so that unit tests can run
 * whole command lines, -R included, against an in-memory fake.
 */
#ifndef XVSADM_RUN_H
#define XVSADM_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "xvs.h"
#include "xvs_sync.h"

struct xvsadm_backend {
	int (*open)(struct xvs_ctx **ctx, const struct xvs_open_opts *opts);
	void (*close)(struct xvs_ctx *ctx);
	int (*add_service)(struct xvs_ctx *ctx, const struct xvs_service *svc);
	int (*edit_service)(struct xvs_ctx *ctx, const struct xvs_service *svc);
	int (*del_service)(struct xvs_ctx *ctx, const struct xvs_service *svc);
	int (*flush)(struct xvs_ctx *ctx);
	int (*add_dest)(struct xvs_ctx *ctx, const struct xvs_service *svc, const struct xvs_dest_cfg *d);
	int (*edit_dest)(struct xvs_ctx *ctx, const struct xvs_service *svc, const struct xvs_dest_cfg *d);
	int (*del_dest)(struct xvs_ctx *ctx, const struct xvs_service *svc, const struct xvs_dest_cfg *d);
	int (*zero)(struct xvs_ctx *ctx, const struct xvs_service *svc);
	int (*get_services)(struct xvs_ctx *ctx, struct xvs_service_entry **out, size_t *n);
	int (*get_service)(struct xvs_ctx *ctx, const struct xvs_service *svc, struct xvs_service_entry *out);
	int (*get_dests)(struct xvs_ctx *ctx, const struct xvs_service *svc, struct xvs_dest_entry **out,
			 size_t *n);
	int (*set_timeouts)(struct xvs_ctx *ctx, const struct xvs_timeouts *t);
	int (*get_timeouts)(struct xvs_ctx *ctx, struct xvs_timeouts *t);
	int (*get_info)(struct xvs_ctx *ctx, uint32_t *version, uint32_t *conn_tab_size);
	int (*get_conns)(struct xvs_ctx *ctx, struct xvs_conn_entry **out, size_t *n);
	int (*get_reasons)(struct xvs_ctx *ctx, uint64_t counts[XVS_R_MAX]);
	int (*get_ifaces)(struct xvs_ctx *ctx, struct xvs_iface **out, size_t *n);
	int (*get_sysctls)(struct xvs_ctx *ctx, uint32_t values[XVS_SC_MAX]);
	int (*set_sysctl)(struct xvs_ctx *ctx, int idx, uint32_t value);
	int (*add_mark_rule)(struct xvs_ctx *ctx, const struct xvs_mark_spec *r);
	int (*del_mark_rule)(struct xvs_ctx *ctx, const struct xvs_mark_spec *r);
	int (*get_mark_rules)(struct xvs_ctx *ctx, struct xvs_mark_spec **out, size_t *n);
	/* sync daemons (lib/xvs_sync.h) */
	int (*start_daemon)(struct xvs_ctx *ctx, const struct xvs_sync_params *p);
	int (*stop_daemon)(struct xvs_ctx *ctx, int role);
	int (*get_daemons)(struct xvs_ctx *ctx, struct xvs_sync_daemon out[XVS_SYNC_ROLES]);
	/* optional: around the lines of a restore (-R) */
	int (*batch_begin)(struct xvs_ctx *ctx);
	int (*batch_end)(struct xvs_ctx *ctx);
};

/*
 * xvsadm_run() - one xvsadm invocation: @argv as typed, @in read by -R.
 * Returns the exit status, as ipvsadm's: 0, 1 (listing failed), 2 (fail()
 * or a feature xvs lacks), 255 (help hint, popt or data plane error).
 */
int xvsadm_run(int argc, char **argv, const struct xvsadm_backend *be, FILE *in, FILE *out,
	       FILE *err);

/* --- between run.c and list.c --- */

/* Or'ed into a status where ipvsadm would exit() on the spot, even in -R. */
#define XVSADM_EXIT 0x100

struct xvsadm_session {
	const struct xvsadm_backend *be;
	FILE *in, *out, *err;
	const char *prog;
	struct xvs_ctx *ctx;
	bool absent;	/* a read-only open found no data plane */
	bool restoring; /* inside -R: every open may create the data plane */
	bool batching;  /* inside -R, the backend's batch is open */
};

/* The data plane, or *ctx NULL when there is none and @create is false. */
int xvsadm_get_ctx(struct xvsadm_session *s, bool create, struct xvs_ctx **ctx);

enum xvsadm_op {
	OP_OTHER,
	OP_INIT,
	OP_ADD_SERVICE,
	OP_EDIT_SERVICE,
	OP_DEL_SERVICE,
	OP_ZERO,
	OP_ADD_DEST,
	OP_EDIT_DEST,
	OP_DEL_DEST,
	OP_GET_SERVICES,
	OP_GET_SERVICE,
	OP_GET_DESTS,
	OP_ADD_MARK,
	OP_DEL_MARK,
	OP_START_DAEMON,
	OP_STOP_DAEMON,
};

/* ipvs_strerror(): the message ipvsadm prints for @err (positive errno). */
const char *xvsadm_strerror(enum xvsadm_op op, int err);

/* Listings (list.c); each returns a status as run_line(). */
int xvsadm_list_all(struct xvsadm_session *s, unsigned int format);
int xvsadm_list_service(struct xvsadm_session *s, const struct xvs_service *svc, unsigned int format);
int xvsadm_list_conns(struct xvsadm_session *s, unsigned int format);
int xvsadm_list_timeouts(struct xvsadm_session *s);
int xvsadm_list_reasons(struct xvsadm_session *s);
int xvsadm_list_ifaces(struct xvsadm_session *s);
int xvsadm_list_sysctls(struct xvsadm_session *s);
int xvsadm_list_marks(struct xvsadm_session *s);
int xvsadm_list_daemons(struct xvsadm_session *s);
int xvsadm_list_sync(struct xvsadm_session *s);

#endif /* XVSADM_RUN_H */
