// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a keepalived.conf into a model (config.h): the lexical layer,
 * the block structure over both sides' root keywords, then both sides'
 * validation, with every report counted for -t's exit status.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static bool if_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

bool (*config_if_exists)(const char *name) = if_exists;

/* Every report goes through here: counted, then passed on. */
static void count(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	struct config_diag *d = arg;

	if (level == CONF_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->fn)
		d->fn(d->arg, level, file, line, msg);
}

void config_report(struct config_diag *d, enum conf_level level, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	count(d, level, file, line, msg);
}

static size_t table_len(const struct parse_kw *t)
{
	size_t n = 0;

	while (t[n].name)
		n++;
	return n;
}

/* Both sides' root keywords in one table, ended by { NULL }; free() it. */
static struct parse_kw *root_table(void)
{
	size_t nc = table_len(kw_check_roots), nv = table_len(kw_vrrp_roots);
	struct parse_kw *t = calloc(nc + nv + 1, sizeof(*t));

	if (!t)
		return NULL;
	memcpy(t, kw_check_roots, nc * sizeof(*t));
	memcpy(t + nc, kw_vrrp_roots, nv * sizeof(*t));
	return t;
}

struct model *config_load(const char *path, const struct config_opts *opts, enum config_status *status)
{
	struct config_diag d = { .fn = opts ? opts->diag : NULL, .arg = opts ? opts->diag_arg : NULL };
	struct conf_opts co = { .config_id = opts ? opts->config_id : NULL, .diag = count, .diag_arg = &d };
	struct parse_kw *roots = root_table();
	struct model *m = model_new();
	struct conf_reader *r = NULL;

	if (!roots || !m || conf_open(&r, path, &co)) {
		free(roots);
		model_free(m);
		*status = CONFIG_UNUSABLE;
		return NULL;
	}
	parse_run(r, roots, m, count, &d);
	conf_close(r);
	free(roots);
	check_validate(m, &d);
	vrrp_validate(m, &d);
	/* Once, after both sides said whether a script of theirs can run. */
	if (m->uses_scripts && !m->global.enable_script_security) {
		config_report(&d, CONF_WARN, NULL, 0,
			      "SECURITY VIOLATION - scripts are being executed but script_security not enabled.");
		d.security = true;
	}
	if (d.security)
		*status = CONFIG_SECURITY;
	else if (d.errors || d.warnings)
		*status = CONFIG_WARNINGS;
	else
		*status = CONFIG_OK;
	return m;
}
