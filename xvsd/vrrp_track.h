/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What VRRP instances track (../shared/specs/keepalived.md 2.4), live:
 * vrrp_script runs with their rise and fall, track_file values, and the
 * link state of interfaces.  The runner asks vrrp_track_eval() what a
 * set of trackers makes of an instance (a priority adjustment, or FAULT)
 * whenever @changed says something moved.
 */
#ifndef XVSD_VRRP_TRACK_H
#define XVSD_VRRP_TRACK_H

#include <stdbool.h>
#include <uv.h>

#include "model.h"
#include "vrrp_model.h"

enum track_state { TRACK_INIT, TRACK_OK, TRACK_FAIL };

struct track_script {
	const struct vrrp_script *conf;
	struct vrrp_tracker *t;
	uv_timer_t timer;
	struct script *running;
	enum track_state state;
	int run;                 /* consecutive results the same way */
	bool last_ok;
};

struct track_file {
	const struct vrrp_track_file *conf;
	struct vrrp_tracker *t;
	uv_timer_t timer;
	long value;
};

struct track_if {
	char name[VRRP_IFNAMSIZ];
	bool up;
};

struct vrrp_tracker {
	uv_loop_t *loop;
	const struct model *m;
	void (*changed)(void *arg);
	void *arg;
	int nscripts, nfiles, nifs;
	struct track_script *scripts;
	struct track_file *files;
	struct track_if *ifs;
};

/* vrrp_track_start() - start watching every script and file of @m. Returns 0 or -ENOMEM. */
int vrrp_track_start(struct vrrp_tracker *t, uv_loop_t *loop, const struct model *m, void (*changed)(void *arg),
		     void *arg);

/* vrrp_track_stop() - stop the scripts and timers; the handles close on the loop. */
void vrrp_track_stop(struct vrrp_tracker *t);

/* vrrp_track_free() - once the loop has closed the handles. */
void vrrp_track_free(struct vrrp_tracker *t);

/* vrrp_track_link() - interface @name is now @up (a change calls @changed). */
void vrrp_track_link(struct vrrp_tracker *t, const char *name, bool up);

/* Is @name up, as last told (an interface never told of is down)? */
bool vrrp_track_if_up(const struct vrrp_tracker *t, const char *name);

/*
 * vrrp_track_eval() - @tr against what is known: *@adj the sum of the
 * weights (only with @weights; sync groups ignore them).
 * Returns: true when a weight-0 object (or a file below -253) means FAULT.
 */
bool vrrp_track_eval(const struct vrrp_tracker *t, const struct vrrp_trackers *tr, bool weights, int *adj);

#endif /* XVSD_VRRP_TRACK_H */
