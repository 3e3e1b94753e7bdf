/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lvs_sync_daemon: the connection sync daemons as keepalived drives IPVS's
 * (ipvswrapper.c ipvs_syncd_master/backup): with a VRRP instance named, the
 * master daemon runs while that instance is MASTER and the backup daemon
 * otherwise; with none, both run from the start.
 */
#ifndef XVSD_SYNCD_H
#define XVSD_SYNCD_H

#include <stdbool.h>

#include "model.h"
#include "xvs_sync.h"

struct syncd {
	struct xvs_ctx *xvs;
	struct xvs_sync_params p; /* role set at each start */
	const char *instance;     /* the VRRP instance followed, or NULL */
	bool on;                  /* lvs_sync_daemon is configured */
	int running;              /* bit 1 << role of each daemon this xvsd started */
};

/*
 * syncd_init() - the daemons' parameters from @m's lvs_sync_daemon (syncid:
 * as given, else the followed instance's VRID, else 0), and the daemons an
 * earlier xvsd that ended abnormally left running stopped, as keepalived
 * does at start.
 */
void syncd_init(struct syncd *s, struct xvs_ctx *xvs, const struct model *m);
/* Follow the instance: @master, the master daemon only; else the backup daemon only. */
void syncd_follow(struct syncd *s, bool master);
/* No instance named: both daemons. */
void syncd_both(struct syncd *s);
/* Stop every daemon this xvsd started. */
void syncd_stop(struct syncd *s);

#endif /* XVSD_SYNCD_H */
