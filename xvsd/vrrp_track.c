// SPDX-License-Identifier: GPL-2.0
/* Tracked scripts, files and interfaces (vrrp_track.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "script.h"
#include "vrrp_track.h"

#define FILE_POLL_MS 1000 /* track_file is read this often */

/* keepalived's rise and fall: @rise successes in a row to be OK again, @fall failures to fail. */
static void script_result(struct track_script *s, bool ok, bool timed_out)
{
	const struct vrrp_script *c = s->conf;
	enum track_state was = s->state;

	if (timed_out)
		xvsd_log(LOG_INFO, "VRRP_Script(%s) timed_out", c->name);
	s->run = ok == s->last_ok ? s->run + 1 : 1;
	s->last_ok = ok;
	if (s->state == TRACK_INIT)
		s->state = ok ? TRACK_OK : TRACK_FAIL; /* the first result counts at once */
	else if (ok && s->state == TRACK_FAIL && s->run >= c->rise)
		s->state = TRACK_OK;
	else if (!ok && s->state == TRACK_OK && s->run >= c->fall)
		s->state = TRACK_FAIL;
	if (s->state == was)
		return;
	xvsd_log(LOG_INFO, "VRRP_Script(%s) %s", c->name, s->state == TRACK_OK ? "succeeded" : "failed");
	s->t->changed(s->t->arg);
}

static void script_done(struct script *sc, const struct script_end *end, void *arg)
{
	struct track_script *s = arg;

	(void)sc;
	s->running = NULL;
	script_result(s, !end->timed_out && end->status == 0, end->timed_out);
}

static void script_tick(uv_timer_t *h)
{
	struct track_script *s = h->data;

	if (s->running)
		return; /* the last run has not ended: its timeout will end it */
	s->running = script_run(s->t->loop, &s->conf->cmd, &s->t->m->global, s->conf->timeout_us, script_done, s);
	if (!s->running)
		script_result(s, false, false);
}

/* The file's number; a file that is missing or says no number is 0. */
static long file_value(const char *path)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strtol(buf, NULL, 10);
}

static void file_tick(uv_timer_t *h)
{
	struct track_file *f = h->data;
	long v = file_value(f->conf->path);

	if (v == f->value)
		return;
	xvsd_log(LOG_INFO, "Tracked file %s (%s) is now %ld", f->conf->name, f->conf->path, v);
	f->value = v;
	f->t->changed(f->t->arg);
}

/* init_file: write the initial value unless the file exists (or overwrite). */
static void file_init(const struct vrrp_track_file *c)
{
	FILE *f;

	if (!c->init_file || (!c->init_overwrite && !access(c->path, F_OK)))
		return;
	f = fopen(c->path, "w");
	if (!f) {
		xvsd_log(LOG_WARNING, "Tracked file %s: cannot create %s: %s", c->name, c->path, strerror(errno));
		return;
	}
	fprintf(f, "%d\n", c->init_value);
	fclose(f);
}

static void add_if(struct vrrp_tracker *t, const char *name)
{
	if (!name[0])
		return;
	for (int i = 0; i < t->nifs; i++)
		if (!strcmp(t->ifs[i].name, name))
			return;
	snprintf(t->ifs[t->nifs++].name, VRRP_IFNAMSIZ, "%s", name);
}

/* Every interface named by an instance or a tracker, once. */
static int collect_ifs(struct vrrp_tracker *t)
{
	const struct model_vrrp *v = t->m->vrrp;
	int n = 0;

	for (const struct vrrp_instance *vi = v->instances; vi; vi = vi->next) {
		n++;
		for (const struct vrrp_tracked_if *ti = vi->track.ifs; ti; ti = ti->next)
			n++;
	}
	for (const struct vrrp_sync_group *g = v->sync_groups; g; g = g->next)
		for (const struct vrrp_tracked_if *ti = g->track.ifs; ti; ti = ti->next)
			n++;
	t->ifs = calloc(n ? n : 1, sizeof(*t->ifs));
	if (!t->ifs)
		return -ENOMEM;
	for (const struct vrrp_instance *vi = v->instances; vi; vi = vi->next) {
		add_if(t, vi->ifname);
		for (const struct vrrp_tracked_if *ti = vi->track.ifs; ti; ti = ti->next)
			add_if(t, ti->ifname);
	}
	for (const struct vrrp_sync_group *g = v->sync_groups; g; g = g->next)
		for (const struct vrrp_tracked_if *ti = g->track.ifs; ti; ti = ti->next)
			add_if(t, ti->ifname);
	return 0;
}

int vrrp_track_start(struct vrrp_tracker *t, uv_loop_t *loop, const struct model *m, void (*changed)(void *arg),
		     void *arg)
{
	const struct model_vrrp *v = m->vrrp;
	int i;

	memset(t, 0, sizeof(*t));
	t->loop = loop;
	t->m = m;
	t->changed = changed;
	t->arg = arg;
	for (const struct vrrp_script *s = v->scripts; s; s = s->next)
		t->nscripts++;
	for (const struct vrrp_track_file *f = v->track_files; f; f = f->next)
		t->nfiles++;
	t->scripts = calloc(t->nscripts + 1, sizeof(*t->scripts));
	t->files = calloc(t->nfiles + 1, sizeof(*t->files));
	if (!t->scripts || !t->files || collect_ifs(t))
		return -ENOMEM;
	i = 0;
	for (const struct vrrp_script *c = v->scripts; c; c = c->next, i++) {
		struct track_script *s = &t->scripts[i];

		s->conf = c;
		s->t = t;
		s->state = c->init_fail ? TRACK_FAIL : TRACK_INIT;
		uv_timer_init(loop, &s->timer);
		s->timer.data = s;
		if (!c->disabled)
			uv_timer_start(&s->timer, script_tick, 0, c->interval_us / 1000);
	}
	i = 0;
	for (const struct vrrp_track_file *c = v->track_files; c; c = c->next, i++) {
		struct track_file *f = &t->files[i];

		f->conf = c;
		f->t = t;
		file_init(c);
		f->value = file_value(c->path);
		uv_timer_init(loop, &f->timer);
		f->timer.data = f;
		uv_timer_start(&f->timer, file_tick, FILE_POLL_MS, FILE_POLL_MS);
	}
	return 0;
}

void vrrp_track_free(struct vrrp_tracker *t)
{
	free(t->scripts);
	free(t->files);
	free(t->ifs);
	t->scripts = NULL;
	t->files = NULL;
	t->ifs = NULL;
}

void vrrp_track_stop(struct vrrp_tracker *t)
{
	for (int i = 0; i < t->nscripts; i++) {
		if (t->scripts[i].running)
			script_cancel(t->scripts[i].running);
		uv_close((uv_handle_t *)&t->scripts[i].timer, NULL);
	}
	for (int i = 0; i < t->nfiles; i++)
		uv_close((uv_handle_t *)&t->files[i].timer, NULL);
}

void vrrp_track_link(struct vrrp_tracker *t, const char *name, bool up)
{
	for (int i = 0; i < t->nifs; i++) {
		if (strcmp(t->ifs[i].name, name) || t->ifs[i].up == up)
			continue;
		t->ifs[i].up = up;
		xvsd_log(LOG_INFO, "Netlink reports %s %s", name, up ? "up" : "down");
		t->changed(t->arg);
	}
}

bool vrrp_track_if_up(const struct vrrp_tracker *t, const char *name)
{
	for (int i = 0; i < t->nifs; i++)
		if (!strcmp(t->ifs[i].name, name))
			return t->ifs[i].up;
	return false;
}

/*
 * One object's effect (spec 2.4): weight 0 and failed means FAULT; a
 * positive weight counts while it is OK, a negative one while it failed;
 * reverse turns OK and failed round.
 */
static bool weigh(bool ok, int weight, bool reverse, bool weights, int *adj)
{
	if (reverse)
		ok = !ok;
	if (!weight)
		return !ok;
	if (weights && ((weight > 0 && ok) || (weight < 0 && !ok)))
		*adj += weight;
	return false;
}

static const struct track_script *script_of(const struct vrrp_tracker *t, const struct vrrp_script *c)
{
	for (int i = 0; i < t->nscripts; i++)
		if (t->scripts[i].conf == c)
			return &t->scripts[i];
	return NULL;
}

static const struct track_file *file_of(const struct vrrp_tracker *t, const struct vrrp_track_file *c)
{
	for (int i = 0; i < t->nfiles; i++)
		if (t->files[i].conf == c)
			return &t->files[i];
	return NULL;
}

bool vrrp_track_eval(const struct vrrp_tracker *t, const struct vrrp_trackers *tr, bool weights, int *adj)
{
	bool fault = false;

	*adj = 0;
	for (const struct vrrp_tracked_if *ti = tr->ifs; ti; ti = ti->next)
		fault |= weigh(vrrp_track_if_up(t, ti->ifname), ti->weight, ti->reverse, weights, adj);
	for (const struct vrrp_tracked_script *ts = tr->scripts; ts; ts = ts->next) {
		const struct track_script *s = script_of(t, ts->obj);

		/* a script that has not answered yet neither adds nor takes away */
		if (s && s->state != TRACK_INIT)
			fault |= weigh(s->state == TRACK_OK, ts->weight, ts->reverse, weights, adj);
	}
	for (const struct vrrp_tracked_file *tf = tr->files; tf; tf = tf->next) {
		const struct track_file *f = file_of(t, tf->obj);
		long v = f ? f->value : 0;
		long w = tf->reverse ? -tf->weight : tf->weight;

		if (!tf->weight) {
			fault |= v != 0;
		} else if (v * w < -253) {
			fault = true;
		} else if (weights) {
			*adj += v * w;
		}
	}
	return fault;
}
