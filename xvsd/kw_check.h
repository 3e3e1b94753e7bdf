/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checker side's keyword tables, inside: kw_check.c (the root blocks,
 * virtual servers, real servers), kw_checker.c (the checker blocks),
 * kw_global.c (global_defs and the root keywords of neither side), and
 * check_validate.c (what keepalived completes after reading).
 *
 * Every block's handlers get a struct kw_ctx: the model and the objects
 * of the blocks around them.  Each block gets its own, in the model's
 * arena, so a handler never looks for "the last one" in a list.
 */
#ifndef XVSD_KW_CHECK_H
#define XVSD_KW_CHECK_H

#include "config.h"
#include "kw_read.h"
#include "model.h"
#include "parse.h"

struct kw_ctx {
	struct model *m;
	struct model_vsg *vsg;
	struct model_vs *vs;
	struct model_rs *rs;
	struct model_check *check;
	struct model_url *url;
	int smtp_hosts; /* SMTP_CHECK: host{} checkers following check in the list */
	const char *file; /* the last file name copied into the model */
};

/* kw_ctx_new() - the context of a block inside @parent's (NULL: a root block's). */
struct kw_ctx *kw_ctx_new(struct model *m, const struct kw_ctx *parent);

/* kw_file() - @l's file name, for the model's objects: the reader's goes
 * at conf_close(), a copy in the model stays. */
const char *kw_file(struct kw_ctx *c, const struct conf_line *l);

/*
 * kw_check_script() - a script-valued keyword into @cmd, as keepalived
 * takes it: without a user of its own under enable_script_security, the
 * default user must exist (script_user, or keepalived_script), else the
 * script is refused.  A script keepalived would run (its program exists)
 * sets m->uses_scripts, for the script-security check.
 * Returns: 0, or -1 (reported).
 */
int kw_check_script(struct parse *p, const struct conf_line *l, struct model *m, struct model_cmd *cmd);

/* global_defs' keywords and its opening (the model's context), and the
 * root keywords taken without effect (kw_global.c). */
extern const struct parse_kw kw_global_defs[];
int kw_global_open(struct parse *p, const struct conf_line *l, void *obj, void **child);
int kw_root_ignored(struct parse *p, const struct conf_line *l, void *obj, void **child);

/* A checker block of a real_server (its keyword, argv[0], is the type):
 * a new model_check at the end of the real server's, and the keywords of
 * each type (kw_checker.c). */
int kw_checker_open(struct parse *p, const struct conf_line *l, void *obj, void **child);
extern const struct parse_kw kw_tcp_check[], kw_http_check[], kw_misc_check[], kw_smtp_check[], kw_dns_check[],
	kw_udp_check[], kw_ping_check[], kw_file_check[], kw_bfd_check[];

/*
 * kw_rs_name() - keepalived's FMT_RS: the real server with its service's
 * protocol, "[10.0.0.2]:tcp:80" ("none" while the protocol is unset).
 * (FMT_VS is model_vs_name().)  @buf of MODEL_NAME_LEN.
 */
const char *kw_rs_name(const struct model_vs *vs, const struct model_rs *rs, char *buf);

#endif /* XVSD_KW_CHECK_H */
