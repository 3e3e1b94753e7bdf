/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checkers of one configuration on the libuv loop: each checker's
 * attempts timed as keepalived times them (first after 1 s plus a random
 * part of warmup, then delay_loop, delay_before_retry while retrying), the
 * results through health.c, and every change of a virtual server's
 * destinations or quorum handed to the daemon's callback, with the notify
 * and quorum scripts run.  A reload builds a second engine for the new
 * model and carries over the state of every checker that did not change.
 */
#ifndef XVSD_ENGINE_H
#define XVSD_ENGINE_H

#include <stdio.h>
#include <uv.h>

#include "health.h"
#include "model.h"

struct engine {
	uv_loop_t *loop;
	struct model *model;
	struct vs_state *vs;
	/* A virtual server's destinations should change (health.h HEALTH_*). */
	void (*changed)(struct engine *e, struct vs_state *vs, unsigned change);
	void *arg;
	bool started;
};

/* engine_build() - the state of @m's servers and checkers, nothing started. Returns 0 or -errno. */
int engine_build(struct engine *e, uv_loop_t *loop, struct model *m);

/*
 * engine_carry() - before engine_start(): every checker of @e equal to one
 * of @old's (same real server, same settings) takes over its state and its
 * place in time, so a reload neither re-adds a failed server at once nor
 * forgets a good one.
 */
void engine_carry(struct engine *e, const struct engine *old);

void engine_start(struct engine *e);

/* engine_stop() - timers and attempts ended; the state freed once libuv lets go. */
void engine_stop(struct engine *e);

/* engine_fini() - at exit, after the last engine_stop(): the checker types' shared state. */
void engine_fini(void);

/* engine_omega() - omega: notify_down and quorum_down as at a real failure. */
void engine_omega(struct engine *e);

/* What SIGUSR1 dumps, in keepalived's layout. */
void engine_dump(const struct engine *e, FILE *f);

#endif /* XVSD_ENGINE_H */
