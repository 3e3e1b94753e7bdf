// SPDX-License-Identifier: GPL-2.0
/*
 * The rate estimator's user-space side: the data plane keeps the rates
 * (bpf/est.h); libxvs arms its timer at load, and reads and rounds them for
 * the listings as IPVS does.
 */
#include <errno.h>
#include <bpf/bpf.h>

#include "internal.h"
#include "xvs/est.h"

int xvs_est_ctl(struct xvs_ctx *ctx, uint32_t op)
{
	struct xvs_est_op_ctx arg = { .op = op };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = &arg, .ctx_size_in = sizeof(arg));

	if (ctx->est_prog_fd < 0)
		return -ENOENT;
	if (bpf_prog_test_run_opts(ctx->est_prog_fd, &o))
		return -errno;
	/* The program's answer is 0, 1 (a timer was stopped) or -errno. */
	return (int)o.retval < 0 ? (int)o.retval : 0;
}

int xvs_read_rates(struct xvs_ctx *ctx, int map, uint32_t idx, uint32_t gen, struct xvs_stats_out *out)
{
	struct xvs_est e;

	out->cps = out->inpps = out->outpps = out->inbps = out->outbps = 0;
	if (ctx->map_fd[map] < 0)
		return 0; /* no estimator left (instance.c, est_map()) */
	if (bpf_map_lookup_elem(ctx->map_fd[map], &idx, &e))
		return -errno;
	if (e.gen != gen)
		return 0; /* not estimated since it was zeroed or given to a new owner */
	out->cps = xvs_est_pps(e.cps);
	out->inpps = xvs_est_pps(e.inpps);
	out->outpps = xvs_est_pps(e.outpps);
	out->inbps = xvs_est_bps(e.inbps);
	out->outbps = xvs_est_bps(e.outbps);
	return 0;
}
