// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived.conf's keyword values (kw_read.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kw_read.h"

const char *kw_arg(struct parse *p, const struct conf_line *l, int i)
{
	if (i < l->argc)
		return l->argv[i];
	parse_error(p, l,
		    "Configuration line starting `%s` is missing a parameter after keyword `%s` at word position %d",
		    l->argv[0], l->argv[l->argc - 1], i + 1);
	return NULL;
}

/* The digits of a decimal number after blanks and a '+': NULL, and
 * keepalived's complaint in @why, when @s is not one. */
static const char *digits(const char *s, const char **why)
{
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') {
		*why = isdigit((unsigned char)s[1]) ? "negative number '%s'" : "invalid number '%s'";
		return NULL;
	}
	if (*s == '+')
		s++;
	if (!isdigit((unsigned char)*s)) {
		*why = "invalid number '%s'";
		return NULL;
	}
	return s;
}

/* The @n characters of @s as a decimal number into *@v, at most @limit.
 * Returns: 0, 1 when a character is not a digit, 2 when the number goes
 * beyond @limit (whichever comes first). */
static int decimal(const char *s, size_t n, uint64_t limit, uint64_t *v)
{
	*v = 0;
	for (; n--; s++) {
		if (!isdigit((unsigned char)*s))
			return 1;
		if (*v > (limit - (uint64_t)(*s - '0')) / 10)
			return 2;
		*v = *v * 10 + (uint64_t)(*s - '0');
	}
	return 0;
}

bool kw_uint(struct parse *p, const struct conf_line *l, int i, uint32_t min, uint32_t max, uint32_t *out)
{
	const char *word = kw_arg(p, l, i), *why = NULL, *s;
	uint64_t v;
	int rc;

	if (!word)
		return false;
	s = digits(word, &why);
	if (!s) {
		parse_error(p, l, why, word);
		return false;
	}
	rc = decimal(s, strlen(s), UINT32_MAX, &v);
	if (rc == 1) {
		parse_error(p, l, "invalid number '%s'", word);
		return false;
	}
	if (rc == 2) {
		parse_error(p, l, "number '%s' outside unsigned integer range", word);
		return false;
	}
	if (v < min || v > max) {
		parse_error(p, l, "number '%s' outside range [%u, %u]", word, min, max);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool kw_int(struct parse *p, const struct conf_line *l, int i, int32_t min, int32_t max, int32_t *out)
{
	const char *word = kw_arg(p, l, i), *s;
	bool neg;
	uint64_t v;
	int64_t val;
	int rc;

	if (!word)
		return false;
	s = word + strspn(word, " \t");
	neg = *s == '-';
	if (neg || *s == '+')
		s++;
	rc = isdigit((unsigned char)*s) ? decimal(s, strlen(s), (uint64_t)INT32_MAX + neg, &v) : 1;
	if (rc == 1) {
		parse_error(p, l, "invalid number '%s'", word);
		return false;
	}
	if (rc == 2) {
		parse_error(p, l, "number '%s' outside integer range", word);
		return false;
	}
	val = neg ? -(int64_t)v : (int64_t)v;
	if (val < min || val > max) {
		parse_error(p, l, "number '%s' outside range [%d, %d]", word, min, max);
		return false;
	}
	*out = (int32_t)val;
	return true;
}

/* A timer bound as keepalived prints it: "4294.967295". */
static const char *seconds(uint64_t us, char *buf, size_t len)
{
	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(us / MODEL_SEC), (unsigned long long)(us % MODEL_SEC));
	return buf;
}

enum kw_dec kw_decimal(const char *s, int places, uint64_t max_whole, uint64_t *out)
{
	size_t nint = strspn(s, "0123456789"), nfrac = 0;
	const char *frac = s + nint;
	uint64_t v;

	if (*frac == '.')
		nfrac = strspn(++frac, "0123456789");
	if (frac[nfrac] || !(nint + nfrac))
		return KW_DEC_INVALID;
	if (nfrac > (size_t)places)
		return KW_DEC_PLACES;
	if (decimal(s, nint, max_whole, &v))
		return KW_DEC_RANGE;
	for (int k = 0; k < places; k++)
		v = v * 10 + ((size_t)k < nfrac ? (uint64_t)(frac[k] - '0') : 0);
	*out = v;
	return KW_DEC_OK;
}

/* @s ("12", "2.5", ".5", "2.") into microseconds.  Returns: 0, or the
 * complaint's format. */
static const char *timer_value(const char *s, uint64_t *us)
{
	static const char *const why[] = {
		[KW_DEC_INVALID] = "invalid number '%s'",
		[KW_DEC_PLACES] = "number '%s' has too many decimal places",
		[KW_DEC_RANGE] = "number '%s' outside unsigned decimal range",
	};
	enum kw_dec rc;

	/* 32 characters or more before the point: invalid, before any range check */
	if (strcspn(s, ".") >= 32)
		return why[KW_DEC_INVALID];
	rc = kw_decimal(s, 6, UINT64_MAX / MODEL_SEC - 1, us);
	return rc == KW_DEC_OK ? NULL : why[rc];
}

bool kw_timer(struct parse *p, const struct conf_line *l, int i, int64_t min_us, int64_t max_us, int64_t *out)
{
	const char *word = kw_arg(p, l, i), *why = NULL, *s;
	uint64_t max = max_us == KW_TIMER_MAX ? (uint64_t)INT64_MAX : (uint64_t)max_us, us;
	char lo[32], hi[32];

	if (!word)
		return false;
	s = digits(word, &why);
	if (!s && *(word + strspn(word, " \t+")) == '.')
		s = word + strspn(word, " \t+");
	if (!s) {
		parse_error(p, l, why, word);
		return false;
	}
	why = timer_value(s, &us);
	if (why) {
		parse_error(p, l, why, word);
		return false;
	}
	if (us < (uint64_t)min_us || us > max) {
		/* keepalived's unbounded timers end at ULONG_MAX - 1 microseconds */
		parse_error(p, l, "number '%s' outside range [%s, %s]", word, seconds((uint64_t)min_us, lo, sizeof(lo)),
			    max_us == KW_TIMER_MAX ? "18446744073709.551614" : seconds(max, hi, sizeof(hi)));
		return false;
	}
	*out = (int64_t)us;
	return true;
}

int kw_bool(const struct conf_line *l, int i)
{
	static const char *const yes[] = { "on", "true", "yes" }, *const no[] = { "off", "false", "no" };

	if (i >= l->argc)
		return 1;
	for (size_t k = 0; k < 3; k++) {
		if (!strcmp(l->argv[i], yes[k]))
			return 1;
		if (!strcmp(l->argv[i], no[k]))
			return 0;
	}
	return -1;
}

bool kw_addr(const char *s, int *af, union xvs_addr *addr)
{
	union xvs_addr a = { 0 };

	if (inet_pton(AF_INET, s, &a.w[3]) == 1) {
		a.h[5] = 0xffff;
		*af = AF_INET;
	} else if (inet_pton(AF_INET6, s, a.b) == 1) {
		*af = AF_INET6;
	} else {
		return false;
	}
	*addr = a;
	return true;
}

bool kw_port(struct parse *p, const struct conf_line *l, int i, int *port)
{
	uint32_t v;

	*port = MODEL_UNSET;
	if (i >= l->argc || !l->argv[i][strspn(l->argv[i], "0")])
		return true;
	if (!kw_uint(p, l, i, 1, 65535, &v))
		return false;
	*port = (int)v;
	return true;
}

/* A hex digit's value, 0xfe for a wildcard (when allowed), 0xff for none. */
static uint8_t hex_digit(char c, bool wild)
{
	if (c >= '0' && c <= '9')
		return (uint8_t)(c - '0');
	c = (char)toupper((unsigned char)c);
	if (c >= 'A' && c <= 'F')
		return (uint8_t)(c - 'A' + 10);
	return wild && c == 'X' ? 0xfe : 0xff;
}

size_t kw_hex(struct model *m, const struct conf_line *l, int i, uint8_t **data, uint8_t **mask)
{
	size_t cap = 0, n = 0;
	uint8_t *buf, *bits;
	bool masked = false;

	for (int k = i; k < l->argc; k++)
		cap += strlen(l->argv[k]) + 1;
	buf = model_alloc(m, cap + 1);
	bits = model_alloc(m, cap + 1);
	for (int k = i; k < l->argc; k++) {
		for (const char *s = l->argv[k]; *s;) {
			uint8_t v = 0, mv = 0;

			for (int nib = 0; nib < 2 && *s; nib++) {
				uint8_t d = hex_digit(*s++, mask != NULL);

				if (d == 0xff)
					return 0;
				v = (uint8_t)(v << 4);
				mv = (uint8_t)(mv << 4);
				if (d == 0xfe) {
					mv |= 0x0f;
					masked = true;
				} else {
					v |= d;
				}
			}
			buf[n] = v;
			bits[n++] = mv;
		}
	}
	if (!n)
		return 0;
	*data = buf;
	if (mask)
		*mask = masked ? bits : NULL;
	return n;
}

/*
 * The words of a script line (alloc_strvec_quoted()): blank-separated, a
 * word opened by ' or " runs to the same quote, where \' or \" stand for
 * the quote itself and every other backslash stays for the second split.
 * Returns: the number of words put into @w (each in @buf).
 */
static int script_words(const char *s, char *buf, char **w, int max)
{
	int n = 0;

	while (n < max) {
		char q = 0;

		s += strspn(s, " \t");
		if (!*s)
			break;
		w[n++] = buf;
		if (*s == '"' || *s == '\'')
			q = *s++;
		while (*s && (q ? *s != q : !isspace((unsigned char)*s))) {
			if (q && *s == '\\' && s[1] == q)
				s++;
			*buf++ = *s++;
		}
		if (q && *s)
			s++;
		*buf++ = 0;
	}
	return n;
}

int kw_script(struct parse *p, const struct conf_line *l, struct model *m, struct model_cmd *cmd, bool user_words)
{
	size_t len = strlen(l->text) + 1;
	char *buf = model_alloc(m, len), *w[CONF_MAX_WORDS], *text;
	int n = script_words(l->text, buf, w, CONF_MAX_WORDS);

	if (n < 2) {
		parse_error(p, l, "%s script missing", l->argv[0]);
		return -1;
	}
	text = w[1];
	if (!user_words && n > 2) {
		/* misc_path's words after the first are more arguments */
		text = model_alloc(m, len);
		for (int i = 1; i < n; i++)
			strcat(strcat(text, i > 1 ? " " : ""), w[i]);
	}
	if (model_cmd_set(m, cmd, text)) {
		parse_error(p, l, "Invalid %s script %s", l->argv[0], text);
		return -1;
	}
	cmd->user = user_words && n > 2 ? w[2] : NULL;
	cmd->group = user_words && n > 3 ? w[3] : NULL;
	return 0;
}

bool kw_script_runs(const struct model_cmd *cmd)
{
	const char *path = getenv("PATH");
	char file[PATH_MAX];
	struct stat st;

	if (!cmd->argc)
		return false;
	if (strchr(cmd->argv[0], '/'))
		return !stat(cmd->argv[0], &st) && S_ISREG(st.st_mode);
	for (path = path ? path : "/usr/bin:/bin"; *path;) {
		size_t n = strcspn(path, ":");

		snprintf(file, sizeof(file), "%.*s/%s", (int)n, path, cmd->argv[0]);
		if (n && !stat(file, &st) && S_ISREG(st.st_mode))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}
