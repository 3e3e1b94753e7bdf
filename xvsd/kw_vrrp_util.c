// SPDX-License-Identifier: GPL-2.0
/*
 * How the VRRP side reads values (kw_vrrp.h): keepalived's numbers,
 * interface names and script commands, with its messages.  The syntax of
 * numbers, booleans and addresses is kw_read.h's, shared with the
 * checker side.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kw_vrrp.h"

struct model_vrrp *kv_vrrp(struct model *m)
{
	if (!m->vrrp) {
		m->vrrp = model_alloc(m, sizeof(*m->vrrp));
		m->vrrp->next_rule_pref4 = 16384;
		m->vrrp->next_rule_pref6 = 16384;
	}
	return m->vrrp;
}

const char *kv_file(struct model *m, const char *file)
{
	struct model_vrrp *v = kv_vrrp(m);
	struct vrrp_file_name *f;

	for (f = v->file_names; f; f = f->next)
		if (!strcmp(f->name, file))
			return f->name;
	f = model_alloc(m, sizeof(*f) + strlen(file) + 1);
	strcpy(f->name, file);
	f->next = v->file_names;
	v->file_names = f;
	return f->name;
}

struct kv *kv_new(struct model *m)
{
	struct kv *kv = model_alloc(m, sizeof(*kv));

	kv->m = m;
	kv_vrrp(m);
	return kv;
}

bool kv_args(struct parse *p, const struct conf_line *l, int n)
{
	if (l->argc > n)
		return true;
	parse_error(p, l, "*** Configuration line starting `%s` is missing a parameter after keyword `%s` at word position %d",
		    l->argv[0], l->argv[l->argc - 1], l->argc + 1);
	return false;
}

static int64_t pow10i(int digits)
{
	int64_t v = 1;

	while (digits-- > 0)
		v *= 10;
	return v;
}

/*
 * A decimal number with a sign and at most @digits fractional digits,
 * scaled.  Returns: false when @s is not one: hex, exponents, more
 * decimals and junk are not, nor is a whole part so large that, scaled,
 * it would come near INT64_MAX (far beyond any range asked for).
 */
static bool scan_decimal(const char *s, int digits, int64_t *out)
{
	uint64_t max_whole = (INT64_MAX / 10 - 10) / pow10i(digits) * 10 + 9, v;
	bool neg = *s == '-';

	if (*s == '-' || *s == '+')
		s++;
	if (kw_decimal(s, digits, max_whole, &v) != KW_DEC_OK)
		return false;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

bool kv_num(struct parse *p, const struct conf_line *l, const char *s, int digits, int64_t lo, int64_t hi,
	    int64_t *out)
{
	int64_t v;

	if (!s)
		s = "";
	if (!scan_decimal(s, digits, &v)) {
		parse_warn(p, l, "invalid number '%s'", s);
		return false;
	}
	if (v < lo || v > hi) {
		if (digits)
			parse_warn(p, l, "number '%s' outside range [%f, %f]", s, (double)lo / pow10i(digits),
				   (double)hi / pow10i(digits));
		else
			parse_warn(p, l, "number '%s' outside range [%lld, %lld]", s, (long long)lo, (long long)hi);
		return false;
	}
	*out = v;
	return true;
}

bool kv_int(struct parse *p, const struct conf_line *l, const char *s, int lo, int hi, int *out)
{
	int64_t v;

	if (!kv_num(p, l, s, 0, lo, hi, &v))
		return false;
	*out = (int)v;
	return true;
}

bool kv_ifname(char *dst, const char *name)
{
	if (strlen(name) >= VRRP_IFNAMSIZ)
		return false;
	strcpy(dst, name);
	return true;
}

bool kv_if_exists(struct model *m, const char *name)
{
	if (m->global.dynamic_interfaces || config_if_exists(name))
		return true;
	kv_vrrp(m)->missing_ifs++;
	return false;
}

/*
 * The words of @text split as keepalived splits a script keyword's line:
 * '...' and "..." quote (the quotes go, an escaped quote of the same kind
 * stays as the quote), every other backslash is kept for the command's
 * own split.  Returns: the number of words, in @buf.
 */
static int quoted_words(const char *text, char *buf, char **w, int max)
{
	int n = 0;

	while (n < max) {
		char q = 0;

		while (*text && isspace((unsigned char)*text))
			text++;
		if (!*text)
			break;
		w[n++] = buf;
		if (*text == '"' || *text == '\'')
			q = *text++;
		while (*text) {
			if (q && *text == '\\' && text[1] == q) {
				*buf++ = q;
				text += 2;
				continue;
			}
			if (q && *text == q) {
				text++;
				break;
			}
			if (!q && isspace((unsigned char)*text))
				break;
			*buf++ = *text++;
		}
		*buf++ = 0;
	}
	return n;
}

bool kv_cmd(struct parse *p, const struct conf_line *l, struct model *m, struct model_cmd *cmd, bool with_user)
{
	char *buf = model_alloc(m, strlen(l->text) + 1), *w[4];
	int n = quoted_words(l->text, buf, w, 4);
	struct model_cmd c = { 0 };

	if (n < 2 || model_cmd_set(m, &c, w[1])) {
		parse_warn(p, l, "Invalid script '%s' for %s - ignoring", n < 2 ? "" : w[1], l->argv[0]);
		return false;
	}
	if (with_user && n > 2) {
		char *colon = strchr(w[2], ':');

		if (colon) {
			*colon = 0;
			if (colon[1])
				c.group = model_strdup(m, colon + 1);
		}
		c.user = model_strdup(m, w[2]);
		if (n > 3 && !c.group)
			c.group = model_strdup(m, w[3][0] == ':' ? w[3] + 1 : w[3]);
	}
	*cmd = c;
	return true;
}

bool kv_cmd_runnable(const struct model_cmd *cmd)
{
	const char *path = getenv("PATH");
	char file[4096];

	if (!cmd->argc)
		return false;
	if (strchr(cmd->argv[0], '/'))
		return access(cmd->argv[0], X_OK) == 0;
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		snprintf(file, sizeof(file), "%.*s/%s", (int)len, len ? path : ".", cmd->argv[0]);
		if (access(file, X_OK) == 0)
			return true;
		path += len + (path[len] == ':');
	}
	return false;
}
