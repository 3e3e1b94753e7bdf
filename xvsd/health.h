/* SPDX-License-Identifier: GPL-2.0 */
/*
 * keepalived's health semantics without a clock or a loop, so they can be
 * driven by a fake clock in tests: a checker's result decides its next
 * delay and whether it went up or down (check_tcp.c's epilog, spec 3.2);
 * a real server is alive iff every checker is up, and its weight is the
 * configured one plus what dynamic checkers ask (ipwrapper.c, 3.3); a
 * virtual server holds quorum with hysteresis and falls back to its sorry
 * server (3.4).  From that state health_dests() says which destinations a
 * virtual server should have, and with what weights; applying them is
 * someone else's business.
 */
#ifndef XVSD_HEALTH_H
#define XVSD_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "model.h"

struct vs_state;

struct rs_state {
	const struct model_rs *conf;
	struct vs_state *vs;
	struct checker *checkers;
	int num_checkers;
	int num_failed;       /* checkers down */
	bool alive;
	int64_t weight;       /* effective: configured plus dynamic */
	struct rs_state *next;
};

struct vs_state {
	const struct model_vs *conf;
	struct rs_state *rs;
	bool quorum;          /* holds quorum */
	int64_t weight_sum;   /* effective weights of the alive servers */
	struct vs_state *next;
};

/* What a result changed. */
enum health_change {
	HEALTH_SAME = 0,
	HEALTH_RS_UP = 1 << 0,
	HEALTH_RS_DOWN = 1 << 1,
	HEALTH_WEIGHT = 1 << 2,     /* an alive server's weight changed */
	HEALTH_QUORUM_UP = 1 << 3,
	HEALTH_QUORUM_DOWN = 1 << 4,
};

/* health_checker_init() - @c as keepalived starts it: up unless alpha, retries spent (3.2). */
void health_checker_init(struct checker *c);

/*
 * health_result() - @c's attempt ended with @r: moves its state, its real
 * server's and its virtual server's.
 * Returns: the delay (µs) to its next attempt; *@change what changed.
 */
int64_t health_result(struct checker *c, enum check_result r, unsigned *change);

/* rs/vs state from their checkers, at start or after a reload carried states over. */
void health_rs_init(struct rs_state *rs);
void health_vs_init(struct vs_state *vs);

/* One destination a virtual server should have now. */
struct health_dest {
	const struct model_rs *rs;    /* a real server or the sorry server */
	int64_t weight;
};

/*
 * health_dests() - the destinations @vs should have now, into @out (room
 * for every real server plus the sorry server).
 * Returns: how many.
 */
int health_dests(const struct vs_state *vs, struct health_dest *out);

#endif /* XVSD_HEALTH_H */
