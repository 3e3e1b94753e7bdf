// SPDX-License-Identifier: GPL-2.0
/*
 * The -R tokenizer.  ipvsadm's config_stream_read() scans "token, one
 * separator" pairs with fscanf; these are its observable rules:
 *  - tokens are separated by blanks, tabs and CRs; a newline ends the line;
 *  - its '#' handling only looks at the separator, so it never triggers;
 *  - runs of separators are skipped char by char, and if the input ends in
 *    such a run (no final newline), the tokens of that last line are lost.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "restore.h"

static bool is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int push(struct xvsadm_line *l, const char *s, size_t len)
{
	char **v = realloc(l->argv, (l->argc + 2) * sizeof(*v));

	if (!v)
		return -1;
	l->argv = v;
	v[l->argc] = strndup(s, len);
	if (!v[l->argc])
		return -1;
	v[++l->argc] = NULL;
	return 0;
}

void xvsadm_line_free(struct xvsadm_line *l)
{
	for (int i = 0; i < l->argc; i++)
		free(l->argv[i]);
	free(l->argv);
	l->argv = NULL;
	l->argc = 0;
}

/* Read one token starting with @c; returns the character after it. */
static int read_token(FILE *in, int c, char **buf, size_t *cap, size_t *len)
{
	*len = 0;
	while (c != EOF && c != '\n' && !is_sep(c)) {
		if (*len + 1 >= *cap) {
			char *b = realloc(*buf, *cap ? *cap * 2 : 64);

			if (!b)
				return -2;
			*buf = b;
			*cap = *cap ? *cap * 2 : 64;
		}
		(*buf)[(*len)++] = c;
		c = fgetc(in);
	}
	return c;
}

static bool dropped(const char *tok, size_t len)
{
	return (len == 7 && !memcmp(tok, "ipvsadm", 7)) || (len == 6 && !memcmp(tok, "xvsadm", 6));
}

/* A run of separators: 1 at a newline, 0 at the end of input, 2 before a token. */
static int skip_seps(FILE *in, int c)
{
	while (is_sep(c))
		c = fgetc(in);
	if (c == '\n')
		return 1;
	if (c == EOF)
		return 0;
	ungetc(c, in);
	return 2;
}

static int scan_line(FILE *in, struct xvsadm_line *l, char **buf, size_t *cap)
{
	int ntoken = 0, c, rc;
	size_t len;

	for (;;) {
		c = fgetc(in);
		if (c == EOF)
			return ntoken ? 1 : 0;
		if (c == '\n' || is_sep(c)) {
			/* a newline or separator where a token should start */
			rc = c == '\n' ? 1 : skip_seps(in, c);
			if (rc != 2)
				return rc;
			continue;
		}
		c = read_token(in, c, buf, cap, &len);
		if (c == -2)
			return -1;
		if (!dropped(*buf, len)) {
			if (push(l, *buf, len))
				return -1;
			ntoken++;
		}
		/* the one separator scanned with the token */
		if (c == '\n')
			return 1;
	}
}

int xvsadm_read_line(FILE *in, const char *prog, struct xvsadm_line *l)
{
	char *buf = NULL;
	size_t cap = 0;
	int rc;

	l->argc = 0;
	l->argv = NULL;
	if (push(l, prog, strlen(prog))) {
		xvsadm_line_free(l);
		return -1;
	}
	rc = scan_line(in, l, &buf, &cap);
	free(buf);
	if (rc <= 0)
		xvsadm_line_free(l);
	return rc;
}
