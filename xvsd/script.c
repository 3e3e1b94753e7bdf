// SPDX-License-Identifier: GPL-2.0
/*
 * Scripts (script.h) on libuv's process handles.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "script.h"

#define KILL_GRACE_MS 2000

extern char **environ;

struct script {
	uv_process_t proc;
	uv_timer_t timer;
	script_cb cb;
	void *arg;
	bool timed_out, exited, cancelled;
	int handles; /* open libuv handles; freed at 0 */
};

static void handle_closed(uv_handle_t *h)
{
	struct script *s = h->data;

	if (--s->handles == 0)
		free(s);
}

static void finish(struct script *s)
{
	uv_close((uv_handle_t *)&s->proc, handle_closed);
	uv_close((uv_handle_t *)&s->timer, handle_closed);
}

static void on_exit_(uv_process_t *p, int64_t status, int sig)
{
	struct script *s = p->data;
	struct script_end end = { .status = sig ? -1 : (int)status, .signal = sig, .timed_out = s->timed_out };

	s->exited = true;
	/* Whatever the script left in its group goes with it. */
	kill(-p->pid, SIGKILL);
	if (s->cb && !s->cancelled)
		s->cb(s, &end, s->arg);
	finish(s);
}

static void on_timeout(uv_timer_t *t)
{
	struct script *s = t->data;

	if (s->exited)
		return;
	if (!s->timed_out) {
		s->timed_out = true;
		kill(-s->proc.pid, SIGTERM);
		uv_timer_start(&s->timer, on_timeout, KILL_GRACE_MS, 0);
		return;
	}
	kill(-s->proc.pid, SIGKILL);
}

/* The user and group to run as: the command's own, else the global script_user. */
static int credentials(const struct model_cmd *cmd, const struct model_global *g, uid_t *uid, gid_t *gid)
{
	const char *user = cmd->user ? cmd->user : g->script_user;
	const char *group = cmd->user ? cmd->group : g->script_group;
	struct passwd *pw;

	*uid = getuid();
	*gid = getgid();
	if (!user)
		return 0;
	pw = getpwnam(user);
	if (!pw)
		return -ENOENT;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (group) {
		struct group *gr = getgrnam(group);

		if (!gr)
			return -ENOENT;
		*gid = gr->gr_gid;
	}
	return 0;
}

/* The daemon's environment without what could hijack the script. */
static char **clean_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "IFS=", 4) && strncmp(environ[i], "LD_PRELOAD=", 11) &&
		    strncmp(environ[i], "LD_LIBRARY_PATH=", 16))
			env[k++] = environ[i];
	return env;
}

struct script *script_run(uv_loop_t *loop, const struct model_cmd *cmd, const struct model_global *g,
			  int64_t timeout_us, script_cb cb, void *arg)
{
	uv_process_options_t o = { 0 };
	struct script *s;
	uid_t uid;
	gid_t gid;
	int rc;

	if (credentials(cmd, g, &uid, &gid)) {
		xvsd_log(LOG_ERR, "Unable to set uid/gid for script %s", cmd->text);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	o.file = cmd->argv[0];
	o.args = cmd->argv;
	o.env = clean_env();
	o.exit_cb = on_exit_;
	/* A process group of its own (setsid), so a timeout reaches its children. */
	o.flags = UV_PROCESS_DETACHED;
	if (uid != getuid() || gid != getgid()) {
		o.flags |= UV_PROCESS_SETUID | UV_PROCESS_SETGID;
		o.uid = uid;
		o.gid = gid;
	}
	s->cb = cb;
	s->arg = arg;
	s->proc.data = s;
	rc = uv_spawn(loop, &s->proc, &o);
	free(o.env);
	if (rc) {
		xvsd_log(LOG_ERR, "Unable to run script %s: %s", cmd->text, uv_strerror(rc));
		/* A failed spawn still initialised the handle: close it. */
		s->handles = 1;
		uv_close((uv_handle_t *)&s->proc, handle_closed);
		return NULL;
	}
	s->handles = 2;
	uv_timer_init(loop, &s->timer);
	s->timer.data = s;
	if (timeout_us > 0)
		uv_timer_start(&s->timer, on_timeout, (timeout_us + 999) / 1000, 0);
	return s;
}

void script_cancel(struct script *s)
{
	s->cancelled = true;
	if (!s->exited)
		kill(-s->proc.pid, SIGKILL);
}
