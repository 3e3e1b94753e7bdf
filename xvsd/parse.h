/* SPDX-License-Identifier: GPL-2.0 */
/*
 * keepalived.conf's block structure (keepalived's process_stream()), over
 * the logical lines of conf.h: keyword tables, one per block kind, whose
 * entries handle their own line and may open a block of their own.
 * keepalived's behaviour is kept where operators meet it: a keyword is
 * matched exactly (case counts), an unknown one is reported with file and
 * line and never aborts the read, a block's '{' may end its line or start
 * the next.  Where keepalived parses an unknown keyword's block at the
 * enclosing level (its '}' then closes the enclosing block, and later
 * keywords go astray), the block is skipped whole instead, with the same
 * warning (the spec's recommendation, 1.1).
 */
#ifndef XVSD_PARSE_H
#define XVSD_PARSE_H

#include "conf.h"

struct parse;

/*
 * A keyword's handler: its logical line @l (argv[0] the keyword) for the
 * object @obj of the block it is in.  For a keyword that opens a block,
 * what it stores in *@child is the object that block's keywords get.
 * Returns: 0, or -1 after parse_error() (the block it opens is skipped).
 */
typedef int (*parse_fn)(struct parse *p, const struct conf_line *l, void *obj, void **child);

/* What follows a keyword's line. */
enum parse_kind {
	PARSE_LINE,  /* nothing */
	PARSE_BLOCK, /* a block of keywords (sub) */
	PARSE_ITEMS, /* a block whose every line is one item, handled by item */
	PARSE_WORDS, /* a block whose every word is one item, handled by item */
};

struct parse_kw {
	const char *name;
	enum parse_kind kind;
	parse_fn fn;                 /* the keyword's own line; may be NULL */
	const struct parse_kw *sub;  /* PARSE_BLOCK: its keywords, ended by { NULL }; others: see "}" */
	parse_fn item;               /* PARSE_ITEMS / PARSE_WORDS: each item (argc 1 for words) */
};

/*
 * A block's end: an entry named "}" in the table of the block's keywords
 * (for PARSE_ITEMS and PARSE_WORDS: in sub) has its fn called with the
 * line that closed the block (the last line read when the file ended
 * first) and the block's object, because keepalived completes some
 * objects there, and reports at that line.
 */

/*
 * parse_run() - read every logical line of @r against @root (the
 * top-level keywords), handing @obj to them.
 * Returns: the number of errors reported (lexical ones included).
 */
int parse_run(struct conf_reader *r, const struct parse_kw *root, void *obj, conf_diag_fn diag, void *diag_arg);

/* Report at @l's place, as keepalived's log line would say it. */
void parse_error(struct parse *p, const struct conf_line *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void parse_warn(struct parse *p, const struct conf_line *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* XVSD_PARSE_H */
