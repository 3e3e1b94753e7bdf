/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data plane as the configuration and the health state say, through
 * libxvs: only the difference is applied, so what did not change keeps
 * its connections.  xvsd owns the services its configuration names (and
 * every destination in them); services it does not name are left alone.
 */
#ifndef XVSD_APPLY_H
#define XVSD_APPLY_H

#include <stddef.h>

#include "health.h"
#include "model.h"
#include "xvs.h"

/* At most this many services from one virtual_server_group range. */
#define APPLY_MAX_EXPAND 65536

/*
 * apply_services() - the data-plane services @vs stands for: one, or for
 * a group one per address of its ranges and per fwmark.
 * Returns: how many (0: none), *@out malloc'd; -errno.
 */
int apply_services(const struct model *m, const struct model_vs *vs, struct xvs_service **out);

/* The destination a real server is. */
void apply_dest_of(const struct model_rs *rs, struct xvs_dest_cfg *d);

/*
 * apply_model() - services as @m says: missing ones added, changed ones
 * edited in place (scheduler, persistence, flags), and those @old named
 * that @m does not deleted.  Destinations are apply_dests()'s.
 * Returns: 0, or the first -errno (the rest is still tried).
 */
int apply_model(struct xvs_ctx *x, const struct model *m, const struct model *old);

/*
 * apply_dests() - @vs's services get exactly the destinations health
 * says, logged as keepalived logs them.
 * Returns: 0, or the first -errno.
 */
int apply_dests(struct xvs_ctx *x, const struct model *m, const struct vs_state *vs);

/* apply_release() - at stop: the services of @m deleted (keepalived's default). */
int apply_release(struct xvs_ctx *x, const struct model *m);

#endif /* XVSD_APPLY_H */
