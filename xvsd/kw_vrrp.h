/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the VRRP side's keyword files (kw_vrrp*.c, vrrp_ip.c) share while
 * a keepalived.conf is read: the object a vrrp block's keywords work on,
 * keepalived's ways of reading numbers and script commands, with its
 * messages (booleans and addresses are read with kw_read.h's), and the
 * block tables one file defines for another.  Not for the rest of xvsd:
 * it reads vrrp_model.h.
 */
#ifndef XVSD_KW_VRRP_H
#define XVSD_KW_VRRP_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "kw_read.h"
#include "parse.h"
#include "vrrp_model.h"

/*
 * The object every vrrp block's keywords get: the model, and the one
 * thing the block configures.  One per block, in the model's arena.
 */
struct kv {
	struct model *m;
	const char *name;             /* "(%s)" in messages: the instance's or group's */
	struct vrrp_instance *vi;
	struct vrrp_sync_group *sg;
	struct vrrp_script *vs;
	struct vrrp_track_file *tf;
	struct vrrp_track_process *tp;
	struct vrrp_bfd *bfd;
	struct vrrp_track_group *tg;
	struct vrrp_garp_group *gg;
	struct vrrp_trackers *track;  /* the instance's or the sync group's */
	struct vrrp_notify *notify;   /* likewise */
	bool has_script;              /* vrrp_script: `script` was given and usable */
	bool user_failed;             /* vrrp_script: `user` named nobody */
};

/* Append @obj to the list at @head (keeps config order). */
#define KV_APPEND(head, obj)                                  \
	do {                                                  \
		typeof(obj) *kv_pp_ = &(head);                \
		while (*kv_pp_)                               \
			kv_pp_ = &(*kv_pp_)->next;            \
		*kv_pp_ = (obj);                              \
	} while (0)

/* The model's VRRP part, made on first use. */
struct model_vrrp *kv_vrrp(struct model *m);

/*
 * kv_file() - @file (a conf_line's, gone at conf_close()) as a name that
 * lives as long as @m, one copy per file.
 */
const char *kv_file(struct model *m, const char *file);

/* A new block object for @m. */
struct kv *kv_new(struct model *m);

/*
 * kv_args() - does @l have at least @n words after its keyword?  When not,
 * keepalived's report (it stops reading there; xvsd skips the line).
 */
bool kv_args(struct parse *p, const struct conf_line *l, int n);

/*
 * kv_num() - @s (a word of @l; NULL: none) as a decimal number with at
 * most @digits fractional digits, scaled by 10^@digits, within [@lo, @hi]
 * (scaled).  Returns: true with *@out set; false after keepalived's
 * "invalid number" or "outside range" report at @l, *@out untouched.
 */
bool kv_num(struct parse *p, const struct conf_line *l, const char *s, int digits, int64_t lo, int64_t hi,
	    int64_t *out);

/* kv_int() - kv_num() for whole numbers into an int. */
bool kv_int(struct parse *p, const struct conf_line *l, const char *s, int lo, int hi, int *out);

/* kv_ifname() - copy @name into @dst (VRRP_IFNAMSIZ); false when too long. */
bool kv_ifname(char *dst, const char *name);

/*
 * kv_if_exists() - is @name an interface here?  dynamic_interfaces makes
 * every name one.  A missing one is counted for the "Non-existent
 * interface" summary; the caller reports it in its own words.
 */
bool kv_if_exists(struct model *m, const char *name);

/*
 * kv_cmd() - a script keyword's command into @cmd: @l's text split again
 * with both quote kinds (keepalived's install_keyword_quoted), word 1 the
 * command, words 2 and 3 its user and group when @with_user.
 * Returns: false (nothing set) after a report.
 */
bool kv_cmd(struct parse *p, const struct conf_line *l, struct model *m, struct model_cmd *cmd, bool with_user);

/* kv_cmd_runnable() - can @cmd's program be found and executed? */
bool kv_cmd_runnable(const struct model_cmd *cmd);

/* The address words of vrrp_ip.c: false after a report. */
bool kv_ipaddr(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, struct vrrp_ipaddr **out);
bool kv_route(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, struct vrrp_route **out);
bool kv_rule(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, struct vrrp_rule **out);

/* The tracked-object items (kw_vrrp_track.c), for instances and sync groups. */
int kv_track_if_item(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_script_item(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_file_item(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_process_item(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_bfd_item(struct parse *p, const struct conf_line *l, void *obj, void **child);

/* The notify keywords (kw_vrrp_track.c), for instances and sync groups. */
int kv_notify_kw(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_smtp_alert_kw(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_prio_changes_kw(struct parse *p, const struct conf_line *l, void *obj, void **child);

/*
 * kv_default_user_ok() - would keepalived find a user for a script given
 * none?  Only enable_script_security makes a missing keepalived_script
 * user an error (it will not fall back to root then).
 */
bool kv_default_user_ok(struct model *m);

/* Root blocks defined in kw_vrrp_track.c and kw_vrrp_group.c, listed by kw_vrrp.c. */
extern const struct parse_kw kv_script_kws[], kv_track_file_kws[], kv_track_process_kws[], kv_bfd_kws[],
	kv_sync_group_kws[], kv_track_group_kws[], kv_garp_group_kws[];
int kv_script_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_file_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_process_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_bfd_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_sync_group_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_track_group_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_garp_group_root(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_linkbeat_item(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kv_if_delay_item(struct parse *p, const struct conf_line *l, void *obj, void **child);

#endif /* XVSD_KW_VRRP_H */
