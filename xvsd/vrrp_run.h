/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP, running: every vrrp_instance of a model on its sockets, timers and
 * trackers, driving the state machine of vrrp.c, its addresses (netlink),
 * GARP / NA, notify scripts, and the data plane's VIP entries:
 *
 * - a BACKUP (or FAULT) director's VIPs are entered not held, so the data
 *   plane does not balance their traffic and drops ARP / NS for them;
 * - a MASTER's are held under a lease of down_timer_adverts × advert_int
 *   that every advert renews.  If xvsd dies, the adverts stop and the
 *   lease runs out no later than the backup's Master_Down_Interval: the
 *   data plane then drops the VIP's traffic and ARP / NS, though the kernel
 *   still has the address (doc/xvsd.md, "No split brain").
 */
#ifndef XVSD_VRRP_RUN_H
#define XVSD_VRRP_RUN_H

#include <stdbool.h>
#include <stdio.h>
#include <uv.h>

#include "model.h"
#include "syncd.h"
#include "xvs.h"

enum vrrp_fence {
	VRRP_FENCE_LEASE,   /* the default */
	VRRP_FENCE_OFF,     /* held VIPs never time out */
};

struct vrrp_run_opts {
	uv_loop_t *loop;
	struct xvs_ctx *xvs;          /* NULL: no data plane to tell */
	const struct model *m;        /* must outlive the run */
	enum vrrp_fence fence;
	bool active_active;           /* the data plane balances VIPs whatever the state */
	bool dont_release;            /* -V: a master's VIPs stay at stop */
	struct syncd *syncd;          /* lvs_sync_daemon following an instance, or NULL */
};

struct vrrp_run;

/*
 * vrrp_run_start() - start every instance of @o->m.
 * Returns: the run (NULL when the model has no instance or on a fatal
 * error, *@err then -errno or 0).
 */
struct vrrp_run *vrrp_run_start(const struct vrrp_run_opts *o, int *err);

/* vrrp_run_stop() - resign (priority 0), drop the VIPs, notify STOP, close everything. */
void vrrp_run_stop(struct vrrp_run *r);

/* vrrp_run_free() - after the loop has ended. */
void vrrp_run_free(struct vrrp_run *r);

/* keepalived's SIGUSR1 data (/tmp/keepalived.data) and SIGUSR2 stats (/tmp/keepalived.stats). */
void vrrp_run_dump(const struct vrrp_run *r, FILE *f);
void vrrp_run_stats(const struct vrrp_run *r, FILE *f);

#endif /* XVSD_VRRP_RUN_H */
