// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived's health semantics (health.h): spec sections 3.2 to 3.4.
 */
#include <stddef.h>

#include "health.h"

#define WEIGHT_MAX 2147483647LL

void health_checker_init(struct checker *c)
{
	bool alpha = c->conf->alpha == 1;

	/*
	 * A non-alpha checker starts up with its retries already spent, so
	 * the very first failure takes the server down at once (3.2): a
	 * server that is down when the daemon starts leaves the table after
	 * one connect_timeout, not after its retry budget.
	 */
	c->is_up = !alpha;
	c->has_run = false;
	c->retry_it = alpha ? 0 : c->conf->retry;
	c->dynamic_weight = MODEL_UNSET;
	c->url = c->conf->urls;
}

static int64_t rs_weight(const struct rs_state *rs)
{
	int64_t w = rs->conf->weight;

	/* A dynamic checker contributes what it asks minus the configured weight (3.3). */
	for (const struct checker *c = rs->checkers; c; c = c->next)
		if (c->conf->misc_dynamic && c->dynamic_weight != MODEL_UNSET)
			w += c->dynamic_weight - rs->conf->weight;
	return w < 0 ? 0 : w > WEIGHT_MAX ? WEIGHT_MAX : w;
}

static void vs_sum(struct vs_state *vs)
{
	vs->weight_sum = 0;
	for (const struct rs_state *rs = vs->rs; rs; rs = rs->next)
		if (rs->alive)
			vs->weight_sum += rs->weight;
}

void health_rs_init(struct rs_state *rs)
{
	rs->num_failed = 0;
	rs->num_checkers = 0;
	for (const struct checker *c = rs->checkers; c; c = c->next) {
		rs->num_checkers++;
		rs->num_failed += !c->is_up;
	}
	rs->alive = rs->num_failed == 0;
	rs->weight = rs_weight(rs);
}

void health_vs_init(struct vs_state *vs)
{
	const struct model_vs *conf = vs->conf;

	vs_sum(vs);
	vs->quorum = vs->weight_sum >= (int64_t)conf->quorum + conf->hysteresis;
}

/* Quorum with hysteresis (3.4): lost below quorum - hysteresis, regained at quorum + hysteresis. */
static unsigned vs_update(struct vs_state *vs)
{
	int64_t quorum = vs->conf->quorum, hyst = vs->conf->hysteresis;

	vs_sum(vs);
	if (vs->quorum && (vs->weight_sum == 0 || vs->weight_sum < quorum - hyst)) {
		vs->quorum = false;
		return HEALTH_QUORUM_DOWN;
	}
	if (!vs->quorum && vs->weight_sum >= quorum + hyst) {
		vs->quorum = true;
		return HEALTH_QUORUM_UP;
	}
	return HEALTH_SAME;
}

static unsigned rs_update(struct rs_state *rs)
{
	bool alive = rs->num_failed == 0;
	int64_t weight = rs_weight(rs);
	unsigned change = HEALTH_SAME;

	if (alive != rs->alive)
		change |= alive ? HEALTH_RS_UP : HEALTH_RS_DOWN;
	else if (alive && weight != rs->weight)
		change |= HEALTH_WEIGHT;
	rs->alive = alive;
	rs->weight = weight;
	if (change)
		change |= vs_update(rs->vs);
	return change;
}

static void set_up(struct checker *c, struct rs_state *rs, bool up)
{
	if (c->is_up == up)
		return;
	c->is_up = up;
	rs->num_failed += up ? -1 : 1;
}

/*
 * HTTP_GET/SSL_GET fetch one url per delay_loop and are up only when the
 * last one passed (3.2).  Returns: true when @c has more urls to go
 * through before its verdict, having moved on to the next one.
 */
static bool next_url(struct checker *c)
{
	if (!c->url || !c->url->next)
		return false;
	c->url = c->url->next;
	return true;
}

int64_t health_result(struct checker *c, enum check_result r, unsigned *change)
{
	struct rs_state *rs = c->owner;
	const struct model_check *conf = c->conf;
	int64_t delay = conf->delay_loop_us;

	c->attempts++;
	if (r == CHECK_OK) {
		c->retry_it = 0;
		if (next_url(c)) {
			if (conf->fast_recovery && !c->is_up)
				delay = 0;
		} else {
			c->url = conf->urls;
			set_up(c, rs, true);
		}
	} else {
		c->failures++;
		if (c->is_up || !c->has_run) {
			if (c->retry_it < conf->retry) {
				c->retry_it++;
				delay = conf->delay_before_retry_us;
			} else {
				set_up(c, rs, false);
			}
		}
	}
	c->has_run = true;
	*change = rs_update(rs);
	return delay;
}

int health_dests(const struct vs_state *vs, struct health_dest *out)
{
	const struct model_vs *conf = vs->conf;
	bool sorry = conf->sorry && !vs->quorum;
	int n = 0;

	for (const struct rs_state *rs = vs->rs; rs; rs = rs->next) {
		bool inhibit = rs->conf->inhibit_on_failure == 1;

		/*
		 * Without quorum the sorry server takes every new connection:
		 * the alive servers leave the table (3.4).  A server with
		 * inhibit_on_failure is never removed, only weighted 0, so
		 * its connections and persistence templates live on.
		 */
		if (rs->alive && !sorry)
			out[n++] = (struct health_dest){ rs->conf, rs->weight };
		else if (inhibit)
			out[n++] = (struct health_dest){ rs->conf, 0 };
	}
	if (sorry)
		out[n++] = (struct health_dest){ conf->sorry, conf->sorry->weight };
	else if (conf->sorry && conf->sorry_server_inhibit)
		out[n++] = (struct health_dest){ conf->sorry, 0 };
	return n;
}
