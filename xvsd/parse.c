// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived.conf's block structure (parse.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

struct parse {
	struct conf_reader *r;
	struct conf_line *cur, *next; /* the line at hand, and one read ahead */
	bool have_next;
	int errors;
	conf_diag_fn diag;
	void *diag_arg;
};

static void say(struct parse *p, enum conf_level level, const struct conf_line *l, const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (level == CONF_ERROR)
		p->errors++;
	if (p->diag)
		p->diag(p->diag_arg, level, l->file, l->line, msg);
}

void parse_error(struct parse *p, const struct conf_line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(p, CONF_ERROR, l, fmt, ap);
	va_end(ap);
}

void parse_warn(struct parse *p, const struct conf_line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(p, CONF_WARN, l, fmt, ap);
	va_end(ap);
}

/* Make the next logical line the one at hand. Returns: 0 at the end. */
static int advance(struct parse *p)
{
	struct conf_line *t;

	if (p->have_next) {
		p->have_next = false;
		t = p->cur;
		p->cur = p->next;
		p->next = t;
		return 1;
	}
	return conf_next(p->r, p->cur);
}

/* The line after the one at hand, read ahead, or NULL at the end. */
static const struct conf_line *peek(struct parse *p)
{
	if (!p->have_next)
		p->have_next = conf_next(p->r, p->next) == 1;
	return p->have_next ? p->next : NULL;
}

static bool is(const struct conf_line *l, const char *word)
{
	return l && l->argc == 1 && !strcmp(l->argv[0], word);
}

/* Skip a block whose '{' was the line at hand, to its '}'. */
static void skip_block(struct parse *p)
{
	int depth = 1;

	while (depth && advance(p)) {
		if (is(p->cur, "{"))
			depth++;
		else if (is(p->cur, "}"))
			depth--;
	}
}

/*
 * The '{' that must follow the line at hand: taken when there, else the
 * error keepalived reports.  Returns: whether it was there.
 */
static bool open_brace(struct parse *p)
{
	if (is(peek(p), "{")) {
		advance(p);
		return true;
	}
	parse_error(p, p->cur, "Missing '{' at beginning of configuration block");
	return false;
}

/* The "}" entry of a block's table, called as the block closes (parse.h). */
static void close_block(struct parse *p, const struct parse_kw *kws, void *obj)
{
	for (const struct parse_kw *k = kws; k && k->name; k++)
		if (!strcmp(k->name, "}") && k->fn)
			k->fn(p, p->cur, obj, NULL);
}

/* The items of a PARSE_ITEMS or PARSE_WORDS block, to its '}'. */
static void parse_items(struct parse *p, const struct parse_kw *kw, void *obj)
{
	while (advance(p)) {
		if (is(p->cur, "}"))
			break;
		if (is(p->cur, "{")) {
			parse_error(p, p->cur, "Unexpected '{' - ignoring");
			skip_block(p);
			continue;
		}
		if (kw->kind == PARSE_ITEMS) {
			kw->item(p, p->cur, obj, NULL);
			continue;
		}
		for (int i = 0; i < p->cur->argc; i++) {
			struct conf_line *word = malloc(sizeof(*word));

			if (!word)
				return;
			word->file = p->cur->file;
			word->line = p->cur->line;
			snprintf(word->text, sizeof(word->text), "%s", p->cur->argv[i]);
			word->argc = 1;
			word->argv[0] = word->text;
			kw->item(p, word, obj, NULL);
			free(word);
		}
	}
	close_block(p, kw->sub, obj);
}

/*
 * parse_block() - keywords of @kws for @obj until the '}' that closes the
 * block (@root: until the end).
 */
static void parse_block(struct parse *p, const struct parse_kw *kws, void *obj, bool root)
{
	while (advance(p)) {
		const struct parse_kw *kw = NULL;
		void *child = obj;
		int rc = 0;

		if (is(p->cur, "}")) {
			if (!root)
				break;
			parse_warn(p, p->cur, "Unknown keyword '}'");
			continue;
		}
		if (is(p->cur, "{")) {
			parse_warn(p, p->cur, "Unexpected '{' - ignoring");
			skip_block(p);
			continue;
		}
		for (const struct parse_kw *k = kws; k && k->name; k++)
			if (!strcmp(k->name, p->cur->argv[0]))
				kw = k;
		if (!kw) {
			parse_warn(p, p->cur, "Unknown keyword '%s'", p->cur->argv[0]);
			if (is(peek(p), "{")) {
				advance(p);
				parse_warn(p, p->cur, "Unexpected '{' - ignoring");
				skip_block(p);
			}
			continue;
		}
		if (kw->fn)
			rc = kw->fn(p, p->cur, obj, &child);
		if (kw->kind == PARSE_LINE)
			continue;
		if (!open_brace(p))
			continue;
		if (rc)
			skip_block(p);
		else if (kw->kind == PARSE_BLOCK)
			parse_block(p, kw->sub, child, false);
		else
			parse_items(p, kw, child);
	}
	if (!root)
		close_block(p, kws, obj);
}

int parse_run(struct conf_reader *r, const struct parse_kw *root, void *obj, conf_diag_fn diag, void *diag_arg)
{
	struct parse p = { .r = r, .diag = diag, .diag_arg = diag_arg };

	p.cur = malloc(sizeof(*p.cur));
	p.next = malloc(sizeof(*p.next));
	if (!p.cur || !p.next) {
		free(p.cur);
		free(p.next);
		return -1;
	}
	parse_block(&p, root, obj, true);
	free(p.cur);
	free(p.next);
	return p.errors + conf_errors(r);
}
