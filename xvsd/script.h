/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scripts (MISC_CHECK, notify_up/down, quorum_up/down): run from their
 * configured argv with execve, never through a shell, as the configured
 * user or the global script_user, in a process group of their own so a
 * timeout kills the whole of it: SIGTERM, then SIGKILL 2 s later, as
 * keepalived does.  The environment loses IFS, LD_PRELOAD and
 * LD_LIBRARY_PATH (spec 2.11).
 */
#ifndef XVSD_SCRIPT_H
#define XVSD_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "model.h"

struct script;

/* How a script ended: its exit status, or the signal that ended it. */
struct script_end {
	int status;      /* exit status, -1 when killed by a signal */
	int signal;
	bool timed_out;
};

typedef void (*script_cb)(struct script *s, const struct script_end *end, void *arg);

/*
 * script_run() - start @cmd; @cb (may be NULL) once it has ended, with
 * @timeout_us (0: none) enforced.  @g gives the default user.
 * Returns: the running script, or NULL (the reason logged).
 */
struct script *script_run(uv_loop_t *loop, const struct model_cmd *cmd, const struct model_global *g,
			  int64_t timeout_us, script_cb cb, void *arg);

/* script_cancel() - kill @s's process group now; its @cb is not called. */
void script_cancel(struct script *s);

#endif /* XVSD_SCRIPT_H */
