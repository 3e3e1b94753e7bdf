/* SPDX-License-Identifier: GPL-2.0 */
/*
 * keepalived.conf's lexical layer: physical lines in, logical lines out,
 * as keepalived's lib/parser.c makes them (../shared/specs/keepalived.md
 * section 1.1): comments (`#`, `!`, also mid-word), conditional lines
 * (`@ID`, `@^ID`), definitions (`$NAME=`, multi-line with `\`) and their
 * substitution, `include` and its variants with globs, every brace a line
 * of its own, and words split as keepalived splits them.  Keywords are
 * the parser's business, not this layer's.
 */
#ifndef XVSD_CONF_H
#define XVSD_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define CONF_MAXBUF 1024  /* keepalived's MAXBUF: longer lines are dropped */
#define CONF_MAX_WORDS 64 /* words of one logical line */

enum conf_level { CONF_WARN, CONF_ERROR };

/* What the reader reports: where, how bad, and keepalived's words. */
typedef void (*conf_diag_fn)(void *arg, enum conf_level level, const char *file, int line, const char *msg);

struct conf_opts {
	const char *config_id; /* -i; NULL: the host name up to its first '.' */
	conf_diag_fn diag;
	void *diag_arg;
};

/* One logical line: a brace alone, or the words before one. */
struct conf_line {
	const char *file;            /* the file it came from (valid until conf_close()) */
	int line;                    /* its physical line there */
	int argc;
	char *argv[CONF_MAX_WORDS];  /* the words, quotes removed (they point into words) */
	char text[CONF_MAXBUF * 4];  /* the line as read, after substitution (quoted keywords) */
	char words[CONF_MAXBUF * 4]; /* argv's storage: text split in place */
};

struct conf_reader;

/*
 * conf_open() - start reading @path.
 * Returns: 0, or -errno (the file cannot be opened; reported too).
 */
int conf_open(struct conf_reader **r, const char *path, const struct conf_opts *opts);

/*
 * conf_next() - the next logical line into @out.
 * Returns: 1, or 0 at the end of the top file.
 */
int conf_next(struct conf_reader *r, struct conf_line *out);

/* Braces still open at the end (keepalived reports them), and how many
 * errors were reported so far. */
int conf_depth(const struct conf_reader *r);
int conf_errors(const struct conf_reader *r);

void conf_close(struct conf_reader *r);

#endif /* XVSD_CONF_H */
