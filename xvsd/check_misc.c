// SPDX-License-Identifier: GPL-2.0
/*
 * MISC_CHECK: a script's exit status (keepalived's check_misc.c).  Exit 0
 * passes; with misc_dynamic, exit 1 fails and 2..255 pass and ask for
 * weight exit - 2; without it any other exit fails.  misc_timeout (default
 * the delay_loop) ends it with SIGTERM, then SIGKILL, and fails.
 */
#include <errno.h>
#include <stdio.h>

#include "check.h"
#include "script.h"

static void on_end(struct script *s, const struct script_end *e, void *arg)
{
	struct checker *c = arg;
	char why[64];

	(void)s;
	c->priv = NULL;
	if (e->timed_out) {
		checker_done(c, CHECK_FAIL, "timed out");
		return;
	}
	if (e->status < 0) {
		snprintf(why, sizeof(why), "killed by signal %d", e->signal);
		checker_done(c, CHECK_FAIL, why);
		return;
	}
	if (c->conf->misc_dynamic && e->status >= 2) {
		c->dynamic_weight = e->status - 2;
		checker_done(c, CHECK_OK, NULL);
		return;
	}
	if (e->status == 0) {
		checker_done(c, CHECK_OK, NULL);
		return;
	}
	snprintf(why, sizeof(why), "exited with status %d", e->status);
	checker_done(c, CHECK_FAIL, why);
}

static int misc_start(struct checker *c)
{
	static const struct model_global none;
	const struct model_global *g = c->global ? c->global : &none;
	int64_t timeout = c->conf->misc_timeout_us > 0 ? c->conf->misc_timeout_us : c->conf->delay_loop_us;

	c->priv = script_run(c->loop, &c->conf->misc, g, timeout, on_end, c);
	return c->priv ? 0 : -ENOEXEC;
}

static void misc_stop(struct checker *c)
{
	if (c->priv)
		script_cancel(c->priv);
	c->priv = NULL;
}

const struct check_type check_misc_type = {
	.type = CHECK_MISC,
	.start = misc_start,
	.stop = misc_stop,
};
