// SPDX-License-Identifier: GPL-2.0
/*
 * What VRRP instances and sync groups track, and the blocks that define
 * it (kw_vrrp.h): vrrp_script, track_file, vrrp_track_process,
 * bfd_instance, the track_* items that name them with a weight, and the
 * notify scripts.
 *
 * keepalived looks a tracked object up while the tracking line is read,
 * so an object must be defined before the instance or group that names it
 * (spec 1.4); a forward reference is reported and the tracker dropped, as
 * keepalived does.
 */
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kw_vrrp.h"

#define BFD_NAME_MAX 31

/*
 * Would keepalived find a user for a script configured without one?  Only
 * enable_script_security makes a missing keepalived_script user an error
 * (it will not fall back to root then).
 */
bool kv_default_user_ok(struct model *m)
{
	return !m->global.enable_script_security || m->global.script_user || getpwnam("keepalived_script");
}

/* ---- vrrp_script ---- */

int kv_script_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv;

	if (!kv_args(p, l, 1))
		return -1;
	kv = kv_new(obj);
	kv->vs = model_alloc(kv->m, sizeof(*kv->vs));
	kv->vs->file = kv_file(kv->m, l->file);
	kv->vs->line = l->line;
	kv->vs->name = model_strdup(kv->m, l->argv[1]);
	kv->vs->interval_us = MODEL_SEC;
	kv->vs->rise = 1;
	kv->vs->fall = 1;
	kv->name = kv->vs->name;
	*child = kv;
	return 0;
}

static int script_script(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct model_cmd old = kv->vs->cmd;

	(void)child;
	if (!kv_args(p, l, 1) || !kv_cmd(p, l, kv->m, &kv->vs->cmd, false))
		return 0;
	/* `user` may come first */
	kv->vs->cmd.user = old.user;
	kv->vs->cmd.group = old.group;
	kv->has_script = true;
	return 0;
}

/* interval / timeout: seconds, to the millisecond; 0 means 1 (pre-2.0.7 configs have it). */
static int script_time(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	bool interval = !strcmp(l->argv[0], "interval");
	int64_t ms;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_num(p, l, l->argv[1], 3, 0, 4294967LL, &ms)) {
		if (interval)
			parse_warn(p, l, "(%s): vrrp script interval '%s' must be between 1 and %u - ignoring",
				   kv->vs->name, l->argv[1], 4294u);
		else
			parse_warn(p, l, "(%s): vrrp script timeout '%s' invalid - ignoring", kv->vs->name, l->argv[1]);
		return 0;
	}
	if (!ms) {
		parse_warn(p, l, "(%s): vrrp script %s must be greater than 0, setting to 1", kv->vs->name, l->argv[0]);
		ms = 1000;
	}
	if (interval)
		kv->vs->interval_us = ms * 1000;
	else
		kv->vs->timeout_us = ms * 1000;
	return 0;
}

static int script_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_int(p, l, l->argv[1], -253, 253, &kv->vs->weight))
		parse_warn(p, l, "vrrp_script %s weight %s must be in [-253, 253]", kv->vs->name, l->argv[1]);
	if (l->argc > 2) {
		if (!strcmp(l->argv[2], "reverse"))
			kv->vs->weight_reverse = true;
		else
			parse_warn(p, l, "vrrp_script %s unknown weight option %s", kv->vs->name, l->argv[2]);
	}
	return 0;
}

static int script_rise_fall(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	int *v = !strcmp(l->argv[0], "rise") ? &kv->vs->rise : &kv->vs->fall;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_int(p, l, l->argv[1], 1, INT32_MAX, v)) {
		parse_warn(p, l, "(%s): vrrp script %s value '%s' invalid, defaulting to 1", kv->vs->name, l->argv[0],
			   l->argv[1]);
		*v = 1;
	}
	return 0;
}

/* user USER [GROUP]: a user this host has, or the script goes. */
static int script_user(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct passwd *pw;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	pw = getpwnam(l->argv[1]);
	if (!pw) {
		parse_warn(p, l, "Unable to set uid/gid for script %s", kv->vs->cmd.text ? kv->vs->cmd.text : "");
		kv->user_failed = true;
		return 0;
	}
	kv->user_failed = false;
	kv->vs->cmd.user = model_strdup(kv->m, l->argv[1]);
	kv->vs->cmd.group = l->argc > 2 ? model_strdup(kv->m, l->argv[2]) : NULL;
	return 0;
}

static int script_init_fail(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)child;
	((struct kv *)obj)->vs->init_fail = true;
	return 0;
}

/* The script joins the model only now, complete; keepalived drops it otherwise. */
static int kv_script_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv->has_script) {
		parse_warn(p, l, "No script set for vrrp_script %s - removing", kv->vs->name);
		return 0;
	}
	if (kv->user_failed)
		return 0;
	if (!kv->vs->cmd.user && !kv_default_user_ok(kv->m)) {
		parse_warn(p, l, "Unable to set default user for vrrp script %s - removing", kv->vs->name);
		return 0;
	}
	KV_APPEND(kv->m->vrrp->scripts, kv->vs);
	return 0;
}

const struct parse_kw kv_script_kws[] = {
	{ "script", PARSE_LINE, script_script, NULL, NULL },
	{ "interval", PARSE_LINE, script_time, NULL, NULL },
	{ "timeout", PARSE_LINE, script_time, NULL, NULL },
	{ "weight", PARSE_LINE, script_weight, NULL, NULL },
	{ "rise", PARSE_LINE, script_rise_fall, NULL, NULL },
	{ "fall", PARSE_LINE, script_rise_fall, NULL, NULL },
	{ "user", PARSE_LINE, script_user, NULL, NULL },
	{ "init_fail", PARSE_LINE, script_init_fail, NULL, NULL },
	{ "}", PARSE_LINE, kv_script_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- track_file ---- */

int kv_track_file_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv;

	if (!kv_args(p, l, 1))
		return -1;
	if (!strcmp(l->argv[0], "vrrp_track_file"))
		parse_warn(p, l, "\"vrrp_track_file\" is deprecated, please use \"track_file\"");
	kv = kv_new(obj);
	kv->tf = model_alloc(kv->m, sizeof(*kv->tf));
	kv->tf->file = kv_file(kv->m, l->file);
	kv->tf->line = l->line;
	kv->tf->name = model_strdup(kv->m, l->argv[1]);
	kv->tf->weight = 1;
	*child = kv;
	return 0;
}

static int track_file_file(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (kv->tf->path)
		parse_warn(p, l, "File already set for track file %s - ignoring %s", kv->tf->name, l->argv[1]);
	else
		kv->tf->path = model_strdup(kv->m, l->argv[1]);
	return 0;
}

static int track_file_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	int w;

	(void)child;
	if (l->argc < 2) {
		parse_warn(p, l, "No weight specified for track file %s - ignoring", kv->tf->name);
		return 0;
	}
	if (!kv_int(p, l, l->argv[1], -254, 254, &w)) {
		parse_warn(p, l, "Weight (%s) for track_file %s must be between [-254..254] inclusive. Ignoring...",
			   l->argv[1], kv->tf->name);
		return 0;
	}
	if (l->argc > 2) {
		if (!strcmp(l->argv[2], "reverse"))
			kv->tf->weight_reverse = true;
		else
			parse_warn(p, l, "track_file %s unknown weight option %s", kv->tf->name, l->argv[2]);
	}
	kv->tf->weight = w;
	return 0;
}

/* init_file [VALUE] [overwrite] */
static int track_file_init(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	kv->tf->init_file = true;
	for (int i = 1; i < l->argc; i++) {
		if (!strcmp(l->argv[i], "overwrite"))
			kv->tf->init_overwrite = true;
		else if (i == 1 && !kv_int(p, l, l->argv[i], -2147483647, 2147483647, &kv->tf->init_value))
			parse_warn(p, l, "Track file %s init value %s is invalid", kv->tf->name, l->argv[i]);
		else if (i > 1)
			parse_warn(p, l, "Unknown track file init option %s", l->argv[i]);
	}
	return 0;
}

static int kv_track_file_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv->tf->path) {
		parse_warn(p, l, "No file set for track_file %s - ignoring", kv->tf->name);
		return 0;
	}
	KV_APPEND(kv->m->vrrp->track_files, kv->tf);
	return 0;
}

const struct parse_kw kv_track_file_kws[] = {
	{ "file", PARSE_LINE, track_file_file, NULL, NULL },
	{ "weight", PARSE_LINE, track_file_weight, NULL, NULL },
	{ "init_file", PARSE_LINE, track_file_init, NULL, NULL },
	{ "}", PARSE_LINE, kv_track_file_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- vrrp_track_process ---- */

int kv_track_process_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv;

	if (!kv_args(p, l, 1))
		return -1;
	kv = kv_new(obj);
	kv->tp = model_alloc(kv->m, sizeof(*kv->tp));
	kv->tp->file = kv_file(kv->m, l->file);
	kv->tp->line = l->line;
	kv->tp->name = model_strdup(kv->m, l->argv[1]);
	kv->tp->quorum = 1;
	kv->tp->quorum_max = 65535;
	*child = kv;
	return 0;
}

/* process CMD [ARGS...]: arguments mean matching the whole command line */
static int process_process(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_track_process *tp = ((struct kv *)obj)->tp;
	struct model *m = ((struct kv *)obj)->m;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (tp->process) {
		parse_warn(p, l, "Process already set for track process %s - ignoring %s", tp->name, l->argv[1]);
		return 0;
	}
	tp->process = model_strdup(m, l->argv[1]);
	tp->nparams = l->argc - 2;
	tp->params = model_alloc(m, (tp->nparams + 1) * sizeof(char *));
	for (int i = 0; i < tp->nparams; i++)
		tp->params[i] = model_strdup(m, l->argv[i + 2]);
	if (tp->nparams) {
		if (tp->param_match == VRRP_MATCH_NONE)
			tp->param_match = VRRP_MATCH_EXACT;
		tp->full_command = true;
	}
	return 0;
}

static int process_match(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_track_process *tp = ((struct kv *)obj)->tp;

	(void)child;
	if (l->argc == 1)
		tp->param_match = VRRP_MATCH_EXACT;
	else if (!strcmp(l->argv[1], "initial"))
		tp->param_match = VRRP_MATCH_INITIAL;
	else if (!strcmp(l->argv[1], "partial"))
		tp->param_match = VRRP_MATCH_PARTIAL;
	else {
		parse_warn(p, l, "Invalid param_match type %s - ignoring", l->argv[1]);
		return 0;
	}
	tp->full_command = true;
	return 0;
}

static int process_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_track_process *tp = ((struct kv *)obj)->tp;
	int w;

	(void)child;
	if (l->argc < 2) {
		parse_warn(p, l, "No weight specified for track process %s - ignoring", tp->name);
		return 0;
	}
	if (tp->weight) {
		parse_warn(p, l, "Weight already set for track process %s - ignoring %s", tp->name, l->argv[1]);
		return 0;
	}
	if (!kv_int(p, l, l->argv[1], -254, 254, &w)) {
		parse_warn(p, l, "Weight (%s) for vrrp_track_process %s must be between [-254..254] inclusive. Ignoring...",
			   l->argv[1], tp->name);
		return 0;
	}
	if (l->argc > 2) {
		if (!strcmp(l->argv[2], "reverse"))
			tp->weight_reverse = true;
		else
			parse_warn(p, l, "vrrp_track_process %s unknown weight option %s", tp->name, l->argv[2]);
	}
	tp->weight = w;
	return 0;
}

static int process_quorum(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_track_process *tp = ((struct kv *)obj)->tp;
	bool max = !strcmp(l->argv[0], "quorum_max");
	int q;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_int(p, l, l->argv[1], max ? 0 : 1, 65535, &q)) {
		parse_warn(p, l, "%s (%s) for vrrp_track_process %s must be between [%d..65535] inclusive. Ignoring...",
			   max ? "quorum_max" : "Quorum", l->argv[1], tp->name, max ? 0 : 1);
		return 0;
	}
	if (!max && q > tp->quorum_max) {
		parse_warn(p, l, "Quorum is greater than quorum_max - ignoring");
		return 0;
	}
	if (max && (q || tp->quorum > 1) && q < tp->quorum) {
		parse_warn(p, l, "quorum_max is less than quorum - ignoring");
		return 0;
	}
	if (!max) {
		tp->quorum = q;
		return 0;
	}
	tp->quorum_max = q;
	if (!q)
		tp->quorum = 0;
	else if (!tp->quorum)
		tp->quorum = 1;
	return 0;
}

/* delay sets both terminate_delay and fork_delay */
static int process_delay(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_track_process *tp = ((struct kv *)obj)->tp;
	const char *kw = l->argv[0];
	int64_t us;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_num(p, l, l->argv[1], 6, 1, 3600 * MODEL_SEC, &us)) {
		parse_warn(p, l, "%s (%s) for vrrp_track_process %s must be between [0.000001..3600] inclusive. Ignoring...",
			   kw, l->argv[1], tp->name);
		return 0;
	}
	if (strcmp(kw, "fork_delay"))
		tp->terminate_delay_us = us;
	if (strcmp(kw, "terminate_delay"))
		tp->fork_delay_us = us;
	return 0;
}

static int process_full(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)child;
	((struct kv *)obj)->tp->full_command = true;
	return 0;
}

static int kv_track_process_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv->tp->process) {
		parse_warn(p, l, "track process '%s' process name not specified", kv->tp->name);
		return 0;
	}
	KV_APPEND(kv->m->vrrp->track_processes, kv->tp);
	return 0;
}

const struct parse_kw kv_track_process_kws[] = {
	{ "process", PARSE_LINE, process_process, NULL, NULL },
	{ "param_match", PARSE_LINE, process_match, NULL, NULL },
	{ "weight", PARSE_LINE, process_weight, NULL, NULL },
	{ "quorum", PARSE_LINE, process_quorum, NULL, NULL },
	{ "quorum_max", PARSE_LINE, process_quorum, NULL, NULL },
	{ "delay", PARSE_LINE, process_delay, NULL, NULL },
	{ "terminate_delay", PARSE_LINE, process_delay, NULL, NULL },
	{ "fork_delay", PARSE_LINE, process_delay, NULL, NULL },
	{ "full_command", PARSE_LINE, process_full, NULL, NULL },
	{ "}", PARSE_LINE, kv_track_process_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- bfd_instance ---- */

int kv_bfd_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model *m = obj;
	struct vrrp_bfd *bfd;
	struct kv *kv;

	if (!kv_args(p, l, 1))
		return -1;
	if (strlen(l->argv[1]) > BFD_NAME_MAX) {
		parse_error(p, l, "BFD name %s too long", l->argv[1]);
		return -1;
	}
	for (bfd = kv_vrrp(m)->bfds; bfd; bfd = bfd->next) {
		if (!strcmp(bfd->name, l->argv[1])) {
			parse_error(p, l, "BFD %s already specified", l->argv[1]);
			return -1;
		}
	}
	kv = kv_new(m);
	bfd = kv->bfd = model_alloc(m, sizeof(*bfd));
	bfd->file = kv_file(m, l->file);
	bfd->line = l->line;
	bfd->name = model_strdup(m, l->argv[1]);
	bfd->min_rx_ms = 10;
	bfd->min_tx_ms = 10;
	bfd->idle_tx_ms = 1000;
	bfd->multiplier = 5;
	*child = kv;
	return 0;
}

/* A session needs its neighbor; it joins the model complete. */
static int bfd_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_bfd *bfd = kv->bfd;

	(void)child;
	if (!bfd->neighbor.af) {
		parse_warn(p, l, "Configuration error: BFD instance %s has no neighbor address set, disabling instance",
			   bfd->name);
		return 0;
	}
	if (bfd->source.af && bfd->source.af != bfd->neighbor.af) {
		parse_warn(p, l, "Configuration error: BFD instance %s source address and neighbor address are not of the same family, disabling instance",
			   bfd->name);
		return 0;
	}
	KV_APPEND(kv->m->vrrp->bfds, bfd);
	return 0;
}

static int bfd_addr(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_bfd *bfd = ((struct kv *)obj)->bfd;
	bool source = !strcmp(l->argv[0], "source_ip");
	struct model_addr *a = source ? &bfd->source : &bfd->neighbor;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kw_addr(l->argv[1], &a->af, &a->addr)) {
		*a = (struct model_addr){ 0 }; /* a malformed address leaves none, not an earlier one */
		parse_warn(p, l, "Configuration error: BFD instance %s has malformed %s address %s, ignoring", bfd->name,
			   source ? "source" : "neighbor", l->argv[1]);
	}
	return 0;
}

/* The numeric settings of a BFD session, with their ranges. */
static int bfd_number(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	static const struct {
		const char *kw;
		int lo, hi;
		size_t off;
	} nums[] = {
		{ "min_rx", 1, 1000, offsetof(struct vrrp_bfd, min_rx_ms) },
		{ "min_tx", 1, 1000, offsetof(struct vrrp_bfd, min_tx_ms) },
		{ "idle_tx", 1, 1000, offsetof(struct vrrp_bfd, idle_tx_ms) },
		{ "multiplier", 1, 255, offsetof(struct vrrp_bfd, multiplier) },
		{ "ttl", 1, 255, offsetof(struct vrrp_bfd, ttl) },
		{ "hoplimit", 1, 255, offsetof(struct vrrp_bfd, ttl) },
		{ "max_hops", -1, 255, offsetof(struct vrrp_bfd, max_hops) },
	};
	struct vrrp_bfd *bfd = ((struct kv *)obj)->bfd;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		if (strcmp(nums[i].kw, l->argv[0]))
			continue;
		if (!kv_int(p, l, l->argv[1], nums[i].lo, nums[i].hi, (int *)((char *)bfd + nums[i].off)))
			parse_warn(p, l, "Configuration error: BFD instance %s %s value %s not valid (must be in range [%d-%d]), ignoring",
				   bfd->name, l->argv[0], l->argv[1], nums[i].lo, nums[i].hi);
	}
	return 0;
}

static int bfd_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_bfd *bfd = ((struct kv *)obj)->bfd;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_int(p, l, l->argv[1], -253, 253, &bfd->weight))
		parse_warn(p, l, "Configuration error: BFD instance %s weight value %s not valid (must be in range [%d-%d]), ignoring",
			   bfd->name, l->argv[1], -253, 253);
	if (l->argc > 2) {
		if (!strcmp(l->argv[2], "reverse"))
			bfd->weight_reverse = true;
		else
			parse_warn(p, l, "Configuration error: BFD instance %s unknown weight option %s", bfd->name,
				   l->argv[2]);
	}
	return 0;
}

static int bfd_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_bfd *bfd = ((struct kv *)obj)->bfd;
	const char *kw = l->argv[0];

	(void)p, (void)child;
	if (!strcmp(kw, "passive"))
		bfd->passive = true;
	else if (!strcmp(kw, "multihop"))
		bfd->multihop = true;
	else if (!strcmp(kw, "vrrp"))
		bfd->vrrp = true;
	else if (!strcmp(kw, "checker"))
		bfd->checker = true;
	return 0;
}

const struct parse_kw kv_bfd_kws[] = {
	{ "neighbor_ip", PARSE_LINE, bfd_addr, NULL, NULL },
	{ "source_ip", PARSE_LINE, bfd_addr, NULL, NULL },
	{ "min_rx", PARSE_LINE, bfd_number, NULL, NULL },
	{ "min_tx", PARSE_LINE, bfd_number, NULL, NULL },
	{ "idle_tx", PARSE_LINE, bfd_number, NULL, NULL },
	{ "multiplier", PARSE_LINE, bfd_number, NULL, NULL },
	{ "ttl", PARSE_LINE, bfd_number, NULL, NULL },
	{ "hoplimit", PARSE_LINE, bfd_number, NULL, NULL },
	{ "max_hops", PARSE_LINE, bfd_number, NULL, NULL },
	{ "weight", PARSE_LINE, bfd_weight, NULL, NULL },
	{ "passive", PARSE_LINE, bfd_flag, NULL, NULL },
	{ "multihop", PARSE_LINE, bfd_flag, NULL, NULL },
	{ "vrrp", PARSE_LINE, bfd_flag, NULL, NULL },
	{ "checker", PARSE_LINE, bfd_flag, NULL, NULL },
	{ "}", PARSE_LINE, bfd_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- the track_* items of instances and sync groups ---- */

/*
 * How one kind of tracked object takes its "weight N [reverse]" options,
 * and keepalived's words when they are wrong.  The formats take
 * (owner, option, tracked) for opt, (owner, tracked, value) for range and
 * (owner, tracked, option) for rev, positionally.
 */
struct track_kind {
	const char *noun;        /* "weight without value specified for NOUN x" */
	int lo, hi;
	bool clamp254;           /* +/-254 is read, then made +/-253 with a report */
	bool noreverse;
	bool bad_rev_drops;      /* an unknown weight option drops the tracker */
	const char *opt, *range, *rev;
};

static const struct track_kind track_if_kind = {
	"track_interface", -254, 254, true, false, false,
	"(%1$s) unknown track_interface %3$s option %2$s - ignoring",
	"(%1$s) weight %3$s for %2$s must be between [-253..253] inclusive. Ignoring...",
	"(%1$s) unknown track_interace %2$s weight option %3$s - ignoring",
};
static const struct track_kind track_script_kind = {
	"track script", -254, 254, true, true, false,
	"(%1$s) unknown track script option %2$s - ignoring",
	"(%1$s) track script %2$s: weight must be between [-253..253] inclusive, ignoring...",
	"(%1$s) unknown track_script %2$s weight option %3$s - ignoring",
};
static const struct track_kind track_file_kind = {
	"track file", -254, 254, false, true, true,
	"(%1$s) unknown track file option %2$s - ignoring",
	"(%1$s) weight for track file %2$s must be in [-254..254] inclusive. Ignoring...",
	"(%1$s) unknown track file %2$s weight option %3$s - ignoring",
};
static const struct track_kind track_process_kind = {
	"track process", -254, 254, false, true, false,
	"(%1$s) unknown track process option %2$s - ignoring",
	"(%1$s) weight for track process %2$s must be in [-254..254] inclusive. Ignoring...",
	"(%1$s) unknown track_process %2$s weight option %3$s - ignoring",
};
static const struct track_kind track_bfd_kind = {
	"track bfd", -253, 253, false, true, true,
	"(%1$s) unknown track bfd %3$s option %2$s - ignoring",
	"(%1$s) weight for track bfd %2$s must be in [-253..253] inclusive. Ignoring...",
	"(%1$s) unknown track bfd %2$s weight option %3$s - ignoring",
};

/*
 * The options after a tracked name, over *@weight / *@reverse (which hold
 * the object's own).  Returns: false when the tracker is dropped (reported).
 */
static bool track_weight(struct parse *p, const struct conf_line *l, const char *owner, const struct track_kind *k,
			 int *weight, bool *reverse)
{
	const char *name = l->argv[0];
	int w;

	if (l->argc < 2)
		return true;
	if (strcmp(l->argv[1], "weight")) {
		parse_warn(p, l, k->opt, owner, l->argv[1], name);
		return false;
	}
	if (l->argc == 2) {
		parse_warn(p, l, "(%s) weight without value specified for %s %s - ignoring", owner, k->noun, name);
		return false;
	}
	if (!kv_int(p, l, l->argv[2], k->lo, k->hi, &w)) {
		parse_warn(p, l, k->range, owner, name, l->argv[2]);
		if (k == &track_if_kind)
			*weight = 0;
	} else if (k->clamp254 && (w == 254 || w == -254)) {
		parse_warn(p, l, "(%s) weight for %s cannot be +/-254. Setting to +/-253", owner, name);
		*weight = w < 0 ? -253 : 253;
	} else {
		*weight = w;
	}
	if (l->argc < 4)
		return true;
	if (!strcmp(l->argv[3], "reverse")) {
		*reverse = true;
	} else if (k->noreverse && !strcmp(l->argv[3], "noreverse")) {
		*reverse = false;
	} else {
		parse_warn(p, l, k->rev, owner, name, l->argv[3]);
		return !k->bad_rev_drops;
	}
	return true;
}

int kv_track_if_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_tracked_if *t, tmp = { .file = kv_file(kv->m, l->file), .line = l->line };

	(void)child;
	if (!kv_ifname(tmp.ifname, l->argv[0]) || !kv_if_exists(kv->m, l->argv[0])) {
		parse_warn(p, l, "(%s) tracked interface %s doesn't exist", kv->name, l->argv[0]);
		return 0;
	}
	for (t = kv->track->ifs; t; t = t->next) {
		if (!strcmp(t->ifname, tmp.ifname)) {
			parse_warn(p, l, "(%s) duplicate track_interface %s - ignoring", kv->name, l->argv[0]);
			return 0;
		}
	}
	if (!track_weight(p, l, kv->name, &track_if_kind, &tmp.weight, &tmp.reverse))
		return 0;
	t = model_alloc(kv->m, sizeof(*t));
	*t = tmp;
	KV_APPEND(kv->track->ifs, t);
	return 0;
}

int kv_track_script_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_tracked_script *t, tmp = { .file = kv_file(kv->m, l->file), .line = l->line };

	(void)child;
	for (tmp.obj = kv->m->vrrp->scripts; tmp.obj && strcmp(tmp.obj->name, l->argv[0]); tmp.obj = tmp.obj->next)
		;
	if (!tmp.obj) {
		parse_warn(p, l, "(%s) track script %s not found, ignoring...", kv->name, l->argv[0]);
		return 0;
	}
	for (t = kv->track->scripts; t; t = t->next) {
		if (t->obj == tmp.obj) {
			parse_warn(p, l, "(%s) duplicate track_script %s - ignoring", kv->name, l->argv[0]);
			return 0;
		}
	}
	tmp.weight = tmp.obj->weight;
	tmp.reverse = tmp.obj->weight_reverse;
	if (!track_weight(p, l, kv->name, &track_script_kind, &tmp.weight, &tmp.reverse))
		return 0;
	t = model_alloc(kv->m, sizeof(*t));
	*t = tmp;
	KV_APPEND(kv->track->scripts, t);
	return 0;
}

int kv_track_file_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_tracked_file *t, tmp = { .file = kv_file(kv->m, l->file), .line = l->line };

	(void)child;
	for (tmp.obj = kv->m->vrrp->track_files; tmp.obj && strcmp(tmp.obj->name, l->argv[0]); tmp.obj = tmp.obj->next)
		;
	if (!tmp.obj) {
		parse_warn(p, l, "(%s) track file %s not found, ignoring...", kv->name, l->argv[0]);
		return 0;
	}
	for (t = kv->track->files; t; t = t->next) {
		if (t->obj == tmp.obj) {
			parse_warn(p, l, "(%s) duplicate track_file %s - ignoring", kv->name, l->argv[0]);
			return 0;
		}
	}
	tmp.weight = tmp.obj->weight;
	tmp.reverse = tmp.obj->weight_reverse;
	if (!track_weight(p, l, kv->name, &track_file_kind, &tmp.weight, &tmp.reverse))
		return 0;
	t = model_alloc(kv->m, sizeof(*t));
	*t = tmp;
	KV_APPEND(kv->track->files, t);
	return 0;
}

int kv_track_process_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_tracked_process *t, tmp = { .file = kv_file(kv->m, l->file), .line = l->line };

	(void)child;
	for (tmp.obj = kv->m->vrrp->track_processes; tmp.obj && strcmp(tmp.obj->name, l->argv[0]);
	     tmp.obj = tmp.obj->next)
		;
	if (!tmp.obj) {
		parse_warn(p, l, "(%s) track process %s not found, ignoring...", kv->name, l->argv[0]);
		return 0;
	}
	for (t = kv->track->processes; t; t = t->next) {
		if (t->obj == tmp.obj) {
			parse_warn(p, l, "(%s) duplicate track_process %s - ignoring", kv->name, l->argv[0]);
			return 0;
		}
	}
	tmp.weight = tmp.obj->weight;
	tmp.reverse = tmp.obj->weight_reverse;
	if (!track_weight(p, l, kv->name, &track_process_kind, &tmp.weight, &tmp.reverse))
		return 0;
	t = model_alloc(kv->m, sizeof(*t));
	*t = tmp;
	KV_APPEND(kv->track->processes, t);
	return 0;
}

int kv_track_bfd_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_tracked_bfd *t, tmp = { .file = kv_file(kv->m, l->file), .line = l->line };

	(void)child;
	for (tmp.obj = kv->m->vrrp->bfds; tmp.obj && strcmp(tmp.obj->name, l->argv[0]); tmp.obj = tmp.obj->next)
		;
	if (!tmp.obj) {
		parse_warn(p, l, "(%s) track bfd %s not found, ignoring...", kv->name, l->argv[0]);
		return 0;
	}
	for (t = kv->track->bfds; t; t = t->next) {
		if (t->obj == tmp.obj) {
			parse_warn(p, l, "(%s) duplicate track_bfd %s - ignoring", kv->name, l->argv[0]);
			return 0;
		}
	}
	tmp.weight = tmp.obj->weight;
	tmp.reverse = tmp.obj->weight_reverse;
	if (!track_weight(p, l, kv->name, &track_bfd_kind, &tmp.weight, &tmp.reverse))
		return 0;
	t = model_alloc(kv->m, sizeof(*t));
	*t = tmp;
	KV_APPEND(kv->track->bfds, t);
	return 0;
}

/* ---- notify scripts, smtp_alert, notify_priority_changes ---- */

/* The notify slot a keyword fills. */
static struct model_cmd *notify_slot(struct vrrp_notify *n, const char *kw)
{
	if (!strcmp(kw, "notify_master"))
		return &n->master;
	if (!strcmp(kw, "notify_backup"))
		return &n->backup;
	if (!strcmp(kw, "notify_fault"))
		return &n->fault;
	if (!strcmp(kw, "notify_stop"))
		return &n->stop;
	if (!strcmp(kw, "notify_deleted"))
		return &n->deleted;
	if (!strcmp(kw, "notify_master_rx_lower_pri"))
		return &n->master_rx_lower_pri;
	return &n->notify;
}

int kv_notify_kw(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	const char *kw = l->argv[0];
	struct model_cmd *slot = notify_slot(kv->notify, kw);
	bool deleted = !strcmp(kw, "notify_deleted");

	(void)child;
	if (deleted ? kv->notify->notify_deleted : slot->text != NULL) {
		const char *what = l->argc > 1 ? l->argv[1] : "";

		if (deleted)
			parse_warn(p, l, "(%s) notify_deleted already specified - ignoring %s", kv->name, what);
		else if (kv->vi)
			parse_warn(p, l, "(%s) %s script already specified - ignoring %s", kv->name, kw, what);
		else
			parse_warn(p, l, "vrrp group %s: %s script already specified - ignoring %s", kv->name, kw, what);
		return 0;
	}
	if (deleted) {
		kv->notify->notify_deleted = true;
		if (l->argc < 2)
			return 0;
	}
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_default_user_ok(kv->m) && l->argc < 3) {
		parse_warn(p, l, "Unable to set default user keepalived_script for script");
		return 0;
	}
	kv_cmd(p, l, kv->m, slot, true);
	return 0;
}
