// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived.conf's lexical layer (conf.h): the steps of keepalived's
 * read_line(), in its order, with its messages.
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "conf.h"

#define MAX_INCLUDE_DEPTH 16 /* nested includes before a loop is assumed */
#define MAX_SUBST_PASSES 16  /* substitution rounds on one line */

struct conf_file {
	FILE *f;
	char *path;
	char *dir;
	int line;
	struct conf_file *up;
};

struct conf_def {
	char *name;
	char *value; /* lines joined by '\n' for a multi-line definition */
	struct conf_def *next;
};

/* Lines still to read before the files: a multi-line definition's. */
struct conf_queued {
	char *text;
	struct conf_queued *next;
};

struct conf_reader {
	struct conf_opts opts;
	char config_id[256];
	struct conf_file *file;     /* the one being read, its includer above it */
	int file_depth;
	char **paths;               /* every file opened, kept for conf_line.file */
	size_t npaths;
	struct conf_def *defs;
	struct conf_def *continuing; /* a multi-line definition being read */
	struct conf_queued *queue;
	char pushback[CONF_MAXBUF * 4]; /* the rest of a line split at a brace */
	bool have_pushback;
	const char *where;          /* file and line of the text being split */
	int where_line;
	int depth;
	int errors;
};

static void report(struct conf_reader *r, enum conf_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct conf_reader *r, enum conf_level level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (level == CONF_ERROR)
		r->errors++;
	if (r->opts.diag)
		r->opts.diag(r->opts.diag_arg, level, r->where ? r->where : "", r->where_line, msg);
}

static const char *keep_path(struct conf_reader *r, const char *path)
{
	char **p = realloc(r->paths, (r->npaths + 1) * sizeof(*p));

	if (!p)
		return NULL;
	r->paths = p;
	p[r->npaths] = strdup(path);
	return p[r->npaths] ? p[r->npaths++] : NULL;
}

static int push_file(struct conf_reader *r, const char *path)
{
	struct conf_file *f;
	char *copy;

	if (r->file_depth >= MAX_INCLUDE_DEPTH) {
		report(r, CONF_ERROR, "include depth exceeds %d: not reading %s", MAX_INCLUDE_DEPTH, path);
		return -ELOOP;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->f = fopen(path, "r");
	if (!f->f) {
		int err = -errno;

		free(f);
		return err;
	}
	f->path = (char *)keep_path(r, path);
	copy = strdup(path);
	f->dir = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	if (!f->path || !f->dir) {
		fclose(f->f);
		free(f->dir);
		free(f);
		return -ENOMEM;
	}
	f->up = r->file;
	r->file = f;
	r->file_depth++;
	return 0;
}

static void pop_file(struct conf_reader *r)
{
	struct conf_file *f = r->file;

	r->file = f->up;
	r->file_depth--;
	fclose(f->f);
	free(f->dir);
	free(f);
}

/*
 * decomment() - step 2: leading blanks off; outside double quotes the
 * first '#' or '!' ends the line (mid-word too), and "\#", "\!" are the
 * characters themselves; trailing blanks off.  *@continued: the line ends
 * in a single '\' (kept in the text).
 * Returns: 0, or -1 for an odd number of quotes.
 */
static int decomment(const char *in, char *out, size_t size, bool *continued)
{
	bool quoted = false;
	size_t n = 0;

	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in && n + 1 < size; in++) {
		if (*in == '"')
			quoted = !quoted;
		else if (!quoted && (*in == '#' || *in == '!'))
			break;
		else if (!quoted && *in == '\\' && (in[1] == '#' || in[1] == '!'))
			in++;
		out[n++] = *in;
	}
	while (n && isspace((unsigned char)out[n - 1]))
		n--;
	out[n] = 0;
	*continued = n && out[n - 1] == '\\' && (n < 2 || out[n - 2] != '\\');
	return quoted ? -1 : 0;
}

static struct conf_def *find_def(struct conf_reader *r, const char *name, size_t len)
{
	for (struct conf_def *d = r->defs; d; d = d->next)
		if (strlen(d->name) == len && !strncmp(d->name, name, len))
			return d;
	return NULL;
}

static int set_def(struct conf_reader *r, const char *name, size_t len, const char *value)
{
	struct conf_def *d = find_def(r, name, len);
	char *v = strdup(value);

	if (!v)
		return -ENOMEM;
	if (!d) {
		d = calloc(1, sizeof(*d));
		if (!d || !(d->name = strndup(name, len))) {
			free(d);
			free(v);
			return -ENOMEM;
		}
		d->next = r->defs;
		r->defs = d;
	}
	free(d->value);
	d->value = v;
	return 0;
}

/*
 * builtin() - ${_PWD}, ${_INSTANCE}, ${_HASH}, ${_BANG}, ${_ENV VAR},
 * ${_RANDOM [MIN [MAX]]} into @out.  '#' and '!' come out escaped, so the
 * second decomment keeps them.
 * Returns: true when @name (of @len bytes) is one.
 */
static bool builtin(struct conf_reader *r, const char *name, size_t len, char *out, size_t size)
{
	char buf[256];

	if (len >= sizeof(buf))
		return false;
	memcpy(buf, name, len);
	buf[len] = 0;
	if (!strcmp(buf, "_PWD"))
		snprintf(out, size, "%s", r->file ? r->file->dir : ".");
	else if (!strcmp(buf, "_INSTANCE"))
		snprintf(out, size, "%s", r->config_id);
	else if (!strcmp(buf, "_HASH"))
		snprintf(out, size, "\\#");
	else if (!strcmp(buf, "_BANG"))
		snprintf(out, size, "\\!");
	else if (!strncmp(buf, "_ENV ", 5))
		snprintf(out, size, "%s", getenv(buf + 5) ? getenv(buf + 5) : "");
	else if (!strcmp(buf, "_RANDOM") || !strncmp(buf, "_RANDOM ", 8)) {
		long lo = 0, hi = 32767;

		sscanf(buf + 7, "%ld %ld", &lo, &hi);
		snprintf(out, size, "%ld", hi > lo ? lo + random() % (hi - lo + 1) : lo);
	} else {
		return false;
	}
	return true;
}

/*
 * substitute() - one round of $NAME and ${NAME} in @in into @out.  $NAME
 * must end at a blank, ',', ')' or the line's end; unknown names stay.
 * Returns: whether anything changed, or -1 when the result is too long.
 */
static int substitute(struct conf_reader *r, const char *in, char *out, size_t size)
{
	size_t n = 0;
	int changed = 0;

	while (*in) {
		char value[CONF_MAXBUF];
		const char *name = NULL, *after = NULL, *with = NULL;
		size_t len = 0;

		if (in[0] == '$' && in[1] == '{' && strchr(in + 2, '}')) {
			name = in + 2;
			len = strchr(name, '}') - name;
			after = name + len + 1;
		} else if (in[0] == '$' && (isalpha((unsigned char)in[1]) || in[1] == '_')) {
			name = in + 1;
			while (isalnum((unsigned char)name[len]) || name[len] == '_')
				len++;
			after = name + len;
			if (*after && !isspace((unsigned char)*after) && *after != ',' && *after != ')')
				name = NULL;
		}
		if (name) {
			struct conf_def *d = find_def(r, name, len);

			if (d)
				with = d->value;
			else if (in[1] == '{' && builtin(r, name, len, value, sizeof(value)))
				with = value;
		}
		if (!with) {
			if (n + 1 >= size)
				return -1;
			out[n++] = *in++;
			continue;
		}
		if (n + strlen(with) >= size)
			return -1;
		memcpy(out + n, with, strlen(with));
		n += strlen(with);
		in = after;
		changed = 1;
	}
	out[n] = 0;
	return changed;
}

/* Queue the lines after the first of a multi-line expansion, in order. */
static int queue_rest(struct conf_reader *r, char *text)
{
	struct conf_queued **tail = &r->queue;
	char *nl = strchr(text, '\n');

	if (!nl)
		return 0;
	*nl = 0;
	for (char *line = nl + 1; line;) {
		char *next = strchr(line, '\n');
		struct conf_queued *q = calloc(1, sizeof(*q));

		if (next)
			*next++ = 0;
		if (!q || !(q->text = strdup(line))) {
			free(q);
			return -ENOMEM;
		}
		q->next = *tail;
		*tail = q;
		tail = &q->next;
		line = next;
	}
	return 0;
}

/* The include variants and the errors each raises (spec 1.2). */
enum { INC_UNREADABLE = 1, INC_NOMATCH = 2, INC_NOMATCH_WILD = 4, INC_BRACE = 8 };

static int include_kind(const char *word)
{
	static const struct {
		const char *word;
		int checks;
	} kinds[] = {
		{ "include", 0 },
		{ "includer", INC_UNREADABLE },
		{ "includem", INC_NOMATCH },
		{ "includew", INC_NOMATCH | INC_NOMATCH_WILD },
		{ "includeb", INC_BRACE },
		{ "includea", INC_UNREADABLE | INC_NOMATCH | INC_NOMATCH_WILD | INC_BRACE },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(word, kinds[i].word))
			return kinds[i].checks;
	return -1;
}

/* Step 8: read the files @pattern names, relative to the including file. */
static void include(struct conf_reader *r, int checks, const char *pattern)
{
	char path[4096];
	glob_t g = { 0 };
	bool wild = strpbrk(pattern, "*?[") != NULL;
	int rc;

	if (pattern[0] == '/' || !r->file)
		snprintf(path, sizeof(path), "%s", pattern);
	else
		snprintf(path, sizeof(path), "%s/%s", r->file->dir, pattern);
	rc = glob(path, GLOB_BRACE, NULL, &g);
	if (rc || !g.gl_pathc) {
		/* a missing file is a pattern that matched nothing */
		if (checks & (wild ? INC_NOMATCH_WILD : INC_NOMATCH | INC_UNREADABLE | INC_BRACE))
			report(r, CONF_ERROR, "No config files matched '%s'.", pattern);
		globfree(&g);
		return;
	}
	/* the last match first onto the stack, so the first is read first */
	for (size_t i = g.gl_pathc; i-- > 0;) {
		int err = push_file(r, g.gl_pathv[i]);

		if (err && err != -ELOOP && (checks & INC_UNREADABLE))
			report(r, CONF_ERROR, "Unable to open include file %s - %s", g.gl_pathv[i], strerror(-err));
	}
	globfree(&g);
}

/*
 * next_text() - the next line that steps 1 to 8 leave: read (or queued),
 * decommented, definitions and conditional lines taken, substituted,
 * includes opened.
 * Returns: 1, or 0 at the end.
 */
static int next_text(struct conf_reader *r, char *out, size_t size)
{
	char raw[CONF_MAXBUF], text[CONF_MAXBUF * 4], subst[CONF_MAXBUF * 4];
	bool continued;

	for (;;) {
		struct conf_queued *q = r->queue;

		if (q) {
			r->queue = q->next;
			snprintf(raw, sizeof(raw), "%s", q->text);
			free(q->text);
			free(q);
		} else {
			size_t len;

			if (!r->file)
				return 0;
			if (!fgets(raw, sizeof(raw), r->file->f)) {
				pop_file(r);
				continue;
			}
			r->file->line++;
			r->where = r->file->path;
			r->where_line = r->file->line;
			len = strlen(raw);
			if (len == CONF_MAXBUF - 1 && raw[len - 1] != '\n') {
				int c;

				report(r, CONF_ERROR, "line too long - ignoring");
				while ((c = fgetc(r->file->f)) != EOF && c != '\n')
					;
				continue;
			}
			raw[strcspn(raw, "\r\n")] = 0;
		}
		if (decomment(raw, text, sizeof(text), &continued)) {
			report(r, CONF_ERROR, "Unterminated quote");
			continue;
		}
		if (r->continuing) {
			/* step 3: a line of a multi-line definition */
			struct conf_def *d = r->continuing;
			size_t vlen = strlen(d->value);
			char *v;

			if (!text[0]) {
				r->continuing = NULL;
				continue;
			}
			if (continued)
				text[strlen(text) - 1] = 0;
			v = realloc(d->value, vlen + strlen(text) + 2);
			if (!v)
				return 0;
			sprintf(v + vlen, "%s%s", vlen ? "\n" : "", text);
			d->value = v;
			if (!continued)
				r->continuing = NULL;
			continue;
		}
		for (int pass = 0; text[0] && pass < MAX_SUBST_PASSES; pass++) {
			int changed;

			/* step 4: conditional line */
			if (text[0] == '@') {
				bool negate = text[1] == '^';
				char *id = text + 1 + negate, *rest = id + strcspn(id, " \t");
				bool match = (size_t)(rest - id) == strlen(r->config_id) &&
					     !strncmp(id, r->config_id, rest - id);

				rest += strspn(rest, " \t");
				if (match == negate || !*rest) {
					text[0] = 0;
					break;
				}
				memmove(text, rest, strlen(rest) + 1);
			}
			/* step 5: definition */
			if (text[0] == '$' && (isalpha((unsigned char)text[1]) || text[1] == '_')) {
				size_t len = 1 + strspn(text + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
								   "0123456789_");
				const char *eq = text + len + strspn(text + len, " \t");

				if (*eq == '=') {
					const char *value = eq + 1 + strspn(eq + 1, " \t");
					char v[CONF_MAXBUF * 4];

					snprintf(v, sizeof(v), "%s", value);
					if (continued)
						v[strlen(v) - 1] = 0;
					while (continued && strlen(v) && isspace((unsigned char)v[strlen(v) - 1]))
						v[strlen(v) - 1] = 0;
					if (set_def(r, text + 1, len - 1, v))
						return 0;
					if (continued)
						r->continuing = find_def(r, text + 1, len - 1);
					text[0] = 0;
					break;
				}
			}
			/* step 6: sequence blocks, which xvsd does not expand */
			if (!strncmp(text, "~SEQ", 4) || !strncmp(text, "~LST", 4)) {
				report(r, CONF_ERROR, "sequence blocks (~SEQ, ~LST) are not supported");
				text[0] = 0;
				break;
			}
			/* step 7: substitution, and decomment again */
			if (!strchr(text, '$'))
				break;
			changed = substitute(r, text, subst, sizeof(subst));
			if (changed < 0) {
				report(r, CONF_ERROR, "line too long after substitution - ignoring");
				text[0] = 0;
				break;
			}
			if (!changed)
				break;
			if (queue_rest(r, subst))
				return 0;
			if (decomment(subst, text, sizeof(text), &continued)) {
				report(r, CONF_ERROR, "Unterminated quote");
				text[0] = 0;
				break;
			}
		}
		if (!text[0])
			continue;
		/* step 8: include */
		{
			size_t wl = strcspn(text, " \t");
			char word[16];
			int kind;

			if (wl < sizeof(word)) {
				memcpy(word, text, wl);
				word[wl] = 0;
				kind = include_kind(word);
				if (kind >= 0 && text[wl]) {
					include(r, kind, text + wl + strspn(text + wl, " \t"));
					continue;
				}
			}
		}
		snprintf(out, size, "%s", text);
		return 1;
	}
}

/* Step 10: the words of @text (in place), as alloc_strvec_r() splits them. */
static void tokenize(struct conf_reader *r, char *text, struct conf_line *out)
{
	char *p = text;

	out->argc = 0;
	while (*p && out->argc < CONF_MAX_WORDS) {
		while (*p && strchr(" \t\f\n\r\v", *p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			char *end = strchr(p + 1, '"');

			if (!end) {
				report(r, CONF_ERROR, "Unmatched quote");
				return;
			}
			*end = 0;
			out->argv[out->argc++] = p + 1;
			p = end + 1;
			continue;
		}
		out->argv[out->argc++] = p;
		while (*p && !strchr(" \t\f\n\r\v\"", *p))
			p++;
		if (*p == '"') {
			/* a quote ends a word and starts the next */
			memmove(p + 1, p, strlen(p) + 1);
			*p++ = 0;
		} else if (*p) {
			*p++ = 0;
		}
	}
}

/* The first brace outside quotes in @s, or NULL. */
static char *first_brace(char *s)
{
	bool quoted = false;

	for (; *s; s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && (*s == '{' || *s == '}'))
			return s;
	}
	return NULL;
}

int conf_next(struct conf_reader *r, struct conf_line *out)
{
	char *brace;

	/* step 9: every brace is a line of its own */
	if (r->have_pushback) {
		r->have_pushback = false;
		snprintf(out->text, sizeof(out->text), "%s", r->pushback);
	} else if (!next_text(r, out->text, sizeof(out->text))) {
		return 0;
	}
	out->file = r->where;
	out->line = r->where_line;
	brace = first_brace(out->text);
	if (brace == out->text) {
		const char *rest = brace + 1 + strspn(brace + 1, " \t");

		if (*rest) {
			snprintf(r->pushback, sizeof(r->pushback), "%s", rest);
			r->have_pushback = true;
		}
		brace[1] = 0;
		if (*brace == '{') {
			r->depth++;
		} else if (r->depth) {
			r->depth--;
		} else {
			report(r, CONF_ERROR, "Extra '}' found");
		}
	} else if (brace) {
		char *end = brace;

		snprintf(r->pushback, sizeof(r->pushback), "%s", brace);
		r->have_pushback = true;
		while (end > out->text && isspace((unsigned char)end[-1]))
			end--;
		*end = 0;
	}
	/* split a copy: text stays whole for the keywords that re-read it */
	memcpy(out->words, out->text, strlen(out->text) + 1);
	tokenize(r, out->words, out);
	if (!out->argc)
		return conf_next(r, out);
	return 1;
}

int conf_open(struct conf_reader **rp, const char *path, const struct conf_opts *opts)
{
	struct conf_reader *r = calloc(1, sizeof(*r));
	struct utsname u;
	int err;

	if (!r)
		return -ENOMEM;
	if (opts)
		r->opts = *opts;
	if (opts && opts->config_id)
		snprintf(r->config_id, sizeof(r->config_id), "%s", opts->config_id);
	else if (!uname(&u))
		snprintf(r->config_id, sizeof(r->config_id), "%.*s", (int)strcspn(u.nodename, "."), u.nodename);
	err = push_file(r, path);
	if (err) {
		r->where = path;
		report(r, CONF_ERROR, "Configuration file '%s' is not a regular non-executable file", path);
		conf_close(r);
		return err;
	}
	*rp = r;
	return 0;
}

int conf_depth(const struct conf_reader *r)
{
	return r->depth;
}

int conf_errors(const struct conf_reader *r)
{
	return r->errors;
}

void conf_close(struct conf_reader *r)
{
	if (!r)
		return;
	while (r->file)
		pop_file(r);
	while (r->defs) {
		struct conf_def *d = r->defs;

		r->defs = d->next;
		free(d->name);
		free(d->value);
		free(d);
	}
	while (r->queue) {
		struct conf_queued *q = r->queue;

		r->queue = q->next;
		free(q->text);
		free(q);
	}
	for (size_t i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	free(r);
}
