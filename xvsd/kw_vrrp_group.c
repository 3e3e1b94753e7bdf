// SPDX-License-Identifier: GPL-2.0
/*
 * The VRRP side's grouping blocks (kw_vrrp.h): vrrp_sync_group,
 * track_group, garp_group, and the interface lists linkbeat_interfaces
 * and interface_up_down_delays.  Sync group members are names here; they
 * are resolved once everything is read (vrrp_validate()), so a group may
 * come before its instances (spec 1.4).
 */
#include <stdio.h>
#include <string.h>

#include "kw_vrrp.h"

/* ---- smtp_alert and notify_priority_changes (instances and sync groups) ---- */

int kv_smtp_alert_kw(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	int b = kw_bool(l, 1);

	(void)child;
	if (b < 0)
		parse_warn(p, l, "Invalid vrrp_%s smtp_alert parameter %s", kv->vi ? "instance" : "group", l->argv[1]);
	else
		kv->notify->smtp_alert = b;
	return 0;
}

int kv_prio_changes_kw(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	int b = kw_bool(l, 1);

	(void)child;
	if (b < 0)
		parse_warn(p, l, "(%s) Invalid value '%s' for %snotify_priority_changes specified", kv->name, l->argv[1],
			   kv->vi ? "" : "sync group ");
	else
		kv->notify->priority_changes = b;
	return 0;
}

/* ---- a block's word list: group { A B ... } ---- */

static void add_name(struct model *m, int *n, char ***names, const char *name)
{
	char **grown = model_alloc(m, (*n + 2) * sizeof(char *));

	if (*n)
		memcpy(grown, *names, *n * sizeof(char *));
	grown[(*n)++] = model_strdup(m, name);
	*names = grown;
}

/* ---- vrrp_sync_group ---- */

int kv_sync_group_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model *m = obj;
	struct vrrp_sync_group *sg;
	struct kv *kv;

	if (l->argc != 2) {
		parse_warn(p, l, "vrrp_sync_group must have a name - skipping");
		return -1;
	}
	for (sg = kv_vrrp(m)->sync_groups; sg; sg = sg->next) {
		if (!strcmp(sg->name, l->argv[1])) {
			parse_warn(p, l, "vrrp sync group %s already defined", l->argv[1]);
			return -1;
		}
	}
	kv = kv_new(m);
	sg = kv->sg = model_alloc(m, sizeof(*sg));
	sg->file = kv_file(m, l->file);
	sg->line = l->line;
	sg->name = model_strdup(m, l->argv[1]);
	sg->notify.priority_changes = MODEL_UNSET;
	sg->notify.smtp_alert = MODEL_UNSET;
	kv->name = sg->name;
	kv->track = &sg->track;
	kv->notify = &sg->notify;
	KV_APPEND(m->vrrp->sync_groups, sg);
	*child = kv;
	return 0;
}

static int sync_group_group(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (kv->sg->group_line) {
		parse_warn(p, l, "Group list already specified for sync group %s", kv->sg->name);
		return -1;
	}
	kv->sg->group_line = l->line;
	return 0;
}

static int sync_group_member(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)p, (void)child;
	add_name(kv->m, &kv->sg->nnames, &kv->sg->names, l->argv[0]);
	return 0;
}

static int sync_group_group_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv->sg->nnames)
		parse_warn(p, l, "Warning - sync group %s has empty group block", kv->sg->name);
	return 0;
}

static int sync_group_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!strcmp(l->argv[0], "global_tracking"))
		parse_warn(p, l, "(%s) global_tracking is deprecated. Use track_interface/script/file on the sync group",
			   kv->sg->name);
	kv->sg->tracking_weight = true;
	return 0;
}

static const struct parse_kw sync_group_group_kws[] = {
	{ "}", PARSE_LINE, sync_group_group_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct parse_kw kv_sync_group_kws[] = {
	{ "group", PARSE_WORDS, sync_group_group, sync_group_group_kws, sync_group_member },
	{ "track_interface", PARSE_ITEMS, NULL, NULL, kv_track_if_item },
	{ "track_script", PARSE_ITEMS, NULL, NULL, kv_track_script_item },
	{ "track_file", PARSE_ITEMS, NULL, NULL, kv_track_file_item },
	{ "track_process", PARSE_ITEMS, NULL, NULL, kv_track_process_item },
	{ "track_bfd", PARSE_ITEMS, NULL, NULL, kv_track_bfd_item },
	{ "notify_master", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_backup", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_fault", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_stop", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "smtp_alert", PARSE_LINE, kv_smtp_alert_kw, NULL, NULL },
	{ "global_tracking", PARSE_LINE, sync_group_weight, NULL, NULL },
	{ "sync_group_tracking_weight", PARSE_LINE, sync_group_weight, NULL, NULL },
	{ "notify_priority_changes", PARSE_LINE, kv_prio_changes_kw, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- track_group (for static addresses, routes, rules) ---- */

int kv_track_group_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model *m = obj;
	struct vrrp_track_group *tg;
	struct kv *kv;

	if (l->argc != 2) {
		parse_warn(p, l, "track_group must have a name - skipping");
		return -1;
	}
	for (tg = kv_vrrp(m)->track_groups; tg; tg = tg->next) {
		if (!strcmp(tg->name, l->argv[1])) {
			parse_warn(p, l, "track_group %s already defined", l->argv[1]);
			return -1;
		}
	}
	kv = kv_new(m);
	tg = kv->tg = model_alloc(m, sizeof(*tg));
	tg->file = kv_file(m, l->file);
	tg->line = l->line;
	tg->name = model_strdup(m, l->argv[1]);
	KV_APPEND(m->vrrp->track_groups, tg);
	*child = kv;
	return 0;
}

static int track_group_group(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	/* keepalived's own words, "sync group" and all */
	if (kv->tg->nnames) {
		parse_warn(p, l, "Group list already specified for sync group %s", kv->tg->name);
		return -1;
	}
	return 0;
}

static int track_group_member(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)p, (void)child;
	add_name(kv->m, &kv->tg->nnames, &kv->tg->names, l->argv[0]);
	return 0;
}

static int track_group_group_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;

	(void)child;
	if (!kv->tg->nnames)
		parse_warn(p, l, "Warning - track group %s has empty group block", kv->tg->name);
	return 0;
}

static const struct parse_kw track_group_group_kws[] = {
	{ "}", PARSE_LINE, track_group_group_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct parse_kw kv_track_group_kws[] = {
	{ "group", PARSE_WORDS, track_group_group, track_group_group_kws, track_group_member },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- garp_group ---- */

int kv_garp_group_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = kv_new(obj);

	(void)p;
	kv->gg = model_alloc(kv->m, sizeof(*kv->gg));
	kv->gg->file = kv_file(kv->m, l->file);
	kv->gg->line = l->line;
	*child = kv;
	return 0;
}

static int garp_group_interval(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_garp_group *gg = ((struct kv *)obj)->gg;
	bool gna = !strcmp(l->argv[0], "gna_interval");
	int64_t us;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_num(p, l, l->argv[1], 6, 0, INT32_MAX, &us)) {
		parse_warn(p, l, "garp_group %s '%s' invalid", l->argv[0], l->argv[1]);
		return 0;
	}
	if (us >= MODEL_SEC)
		parse_warn(p, l, "The %s is very large - %s seconds", l->argv[0], l->argv[1]);
	if (gna) {
		gg->gna_interval_us = us;
		gg->has_gna_interval = true;
	} else {
		gg->garp_interval_us = us;
		gg->has_garp_interval = true;
	}
	return 0;
}

/* An interface of a garp group: one that exists, in one group only. */
static void garp_group_add_if(struct parse *p, const struct conf_line *l, struct kv *kv, const char *name)
{
	struct vrrp_garp_group *gg;
	char ifname[VRRP_IFNAMSIZ];

	if (!kv_ifname(ifname, name) || !kv_if_exists(kv->m, name)) {
		parse_warn(p, l, "WARNING - interface %s specified for garp_group doesn't exist", name);
		return;
	}
	for (gg = kv->m->vrrp->garp_groups; gg; gg = gg->next) {
		for (int i = 0; i < gg->nifs; i++) {
			if (!strcmp(gg->ifs[i], ifname)) {
				parse_warn(p, l, "garp_group already specified for %s - ignoring", name);
				return;
			}
		}
	}
	for (int i = 0; i < kv->gg->nifs; i++) {
		if (!strcmp(kv->gg->ifs[i], ifname)) {
			parse_warn(p, l, "garp_group already specified for %s - ignoring", name);
			return;
		}
	}
	{
		char(*grown)[VRRP_IFNAMSIZ] = model_alloc(kv->m, (kv->gg->nifs + 1) * sizeof(*grown));

		if (kv->gg->nifs)
			memcpy(grown, kv->gg->ifs, kv->gg->nifs * sizeof(*grown));
		strcpy(grown[kv->gg->nifs++], ifname);
		kv->gg->ifs = grown;
	}
}

static int garp_group_interface(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	if (kv_args(p, l, 1))
		garp_group_add_if(p, l, obj, l->argv[1]);
	return 0;
}

static int garp_group_if_word(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	garp_group_add_if(p, l, obj, l->argv[0]);
	return 0;
}

static int garp_group_ifs_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	if (!((struct kv *)obj)->gg->nifs)
		parse_warn(p, l, "Warning - empty garp_group interfaces block");
	return 0;
}

static int kv_garp_group_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	int n = 1;

	(void)child;
	for (struct vrrp_garp_group *gg = kv->m->vrrp->garp_groups; gg; gg = gg->next)
		n++;
	if (!kv->gg->has_garp_interval && !kv->gg->has_gna_interval) {
		parse_warn(p, l, "garp group %d does not have any delay set - removing", n);
		return 0;
	}
	KV_APPEND(kv->m->vrrp->garp_groups, kv->gg);
	return 0;
}

static const struct parse_kw garp_group_ifs_kws[] = {
	{ "}", PARSE_LINE, garp_group_ifs_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct parse_kw kv_garp_group_kws[] = {
	{ "garp_interval", PARSE_LINE, garp_group_interval, NULL, NULL },
	{ "gna_interval", PARSE_LINE, garp_group_interval, NULL, NULL },
	{ "interface", PARSE_LINE, garp_group_interface, NULL, NULL },
	{ "interfaces", PARSE_WORDS, NULL, garp_group_ifs_kws, garp_group_if_word },
	{ "}", PARSE_LINE, kv_garp_group_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- linkbeat_interfaces { IF [MII|ETHTOOL|IOCTL] } ---- */

int kv_linkbeat_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_linkbeat_if *lb;

	(void)child;
	lb = model_alloc(kv->m, sizeof(*lb));
	if (!kv_ifname(lb->ifname, l->argv[0]) || !kv_if_exists(kv->m, l->argv[0])) {
		parse_error(p, l, "unknown interface %s specified for linkbeat interface", l->argv[0]);
		return 0;
	}
	if (l->argc > 1) {
		if (l->argc > 2 || (strcmp(l->argv[1], "MII") && strcmp(l->argv[1], "ETHTOOL") && strcmp(l->argv[1], "IOCTL")))
			parse_warn(p, l, "extra characters %s in linkbeat interface", l->argv[1]);
		else
			snprintf(lb->type, sizeof(lb->type), "%s", l->argv[1]);
	}
	lb->file = kv_file(kv->m, l->file);
	lb->line = l->line;
	KV_APPEND(kv->m->vrrp->linkbeat_ifs, lb);
	return 0;
}

/* ---- interface_up_down_delays { IF DOWN [UP] } ---- */

int kv_if_delay_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_if_delay *d;

	(void)child;
	d = model_alloc(kv->m, sizeof(*d));
	if (!kv_ifname(d->ifname, l->argv[0]) || !kv_if_exists(kv->m, l->argv[0])) {
		parse_error(p, l, "unknown interface %s specified for up/down delay", l->argv[0]);
		return 0;
	}
	if (l->argc < 2) {
		parse_warn(p, l, "No timeouts specified for %s up/down delays", d->ifname);
		return 0;
	}
	if (l->argc > 3)
		parse_warn(p, l, "Too many parameters for %s up/down delays", d->ifname);
	if (!kv_num(p, l, l->argv[1], 6, 0, 255 * MODEL_SEC, &d->down_us)) {
		parse_warn(p, l, "Invalid down delay %s for %s", l->argv[1], d->ifname);
		return 0;
	}
	if (l->argc > 2 && !kv_num(p, l, l->argv[2], 6, 0, 255 * MODEL_SEC, &d->up_us)) {
		parse_warn(p, l, "Invalid up delay %s for %s", l->argv[2], d->ifname);
		return 0;
	}
	d->file = kv_file(kv->m, l->file);
	d->line = l->line;
	KV_APPEND(kv->m->vrrp->if_delays, d);
	return 0;
}
