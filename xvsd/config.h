/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading a keepalived.conf into a model: the lexical layer (conf.h), the
 * block structure (parse.h) over the root keyword tables of both sides
 * (kw_check.c: global_defs, virtual_server_group, virtual_server, SSL;
 * kw_vrrp.c: the vrrp blocks), then the validators that complete the model
 * as keepalived completes its own after reading, with keepalived's
 * warnings.
 */
#ifndef XVSD_CONFIG_H
#define XVSD_CONFIG_H

#include <stdbool.h>

#include "conf.h"
#include "model.h"
#include "parse.h"

/* Where the validators report, and what was reported so far. */
struct config_diag {
	conf_diag_fn fn;
	void *arg;
	int errors, warnings;
	bool security; /* scripts configured without enable_script_security */
};

/* Report at @file:@line (NULL, 0: about the config as a whole). */
void config_report(struct config_diag *d, enum conf_level level, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

struct config_opts {
	const char *config_id;  /* -i */
	conf_diag_fn diag;      /* every warning and error, with file and line */
	void *diag_arg;
};

/* keepalived -t's exit statuses (keepalived.8). */
enum config_status {
	CONFIG_OK = 0,
	CONFIG_UNUSABLE = 3,    /* cannot run with it (the file cannot be read) */
	CONFIG_WARNINGS = 4,    /* problems reported; runs with them corrected or ignored */
	CONFIG_SECURITY = 5,    /* scripts configured without enable_script_security */
};

/*
 * config_load() - read @path into a new model.  Every problem is reported
 * through @opts->diag; *@status says how bad it was, as -t exits.
 * Returns: the model (also with warnings), or NULL when it cannot be used
 * (*@status CONFIG_UNUSABLE).
 */
struct model *config_load(const char *path, const struct config_opts *opts, enum config_status *status);

/* Is @name an interface of this host?  Tests replace it. */
extern bool (*config_if_exists)(const char *name);

/* The VRRP side's root keywords (kw_vrrp.c), ended by { NULL }, and its
 * validation once everything is read. */
extern const struct parse_kw kw_vrrp_roots[];
void vrrp_validate(struct model *m, struct config_diag *d);

/* The checker side's (kw_check.c). */
extern const struct parse_kw kw_check_roots[];
void check_validate(struct model *m, struct config_diag *d);

#endif /* XVSD_CONFIG_H */
