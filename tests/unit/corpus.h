/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The corpus of real configs for the config tests: $XVS_CORPUS, or
 * ../shared/corpus/keepalived beside the project, with keepalived 2.2.7's
 * verdicts on them (VERDICTS-keepalived-2.2.7.txt: a section a config,
 * "===== NAME", "exit=N", then one "  message" a line).
 *
 * A checkout without the corpus runs a group's other tests: its corpus
 * test is the last, and corpus_tests() leaves it out.  Include after
 * cmocka.h.
 */
#ifndef XVS_TEST_CORPUS_H
#define XVS_TEST_CORPUS_H

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define CORPUS_MAX_LINES 4096 /* lines of a config that corpus_roots() maps */

static inline const char *corpus_dir(void)
{
	return getenv("XVS_CORPUS") ? getenv("XVS_CORPUS") : "../shared/corpus/keepalived";
}

/* corpus_tests() - how many of a group's @n tests run: without the corpus, all but the last (said). */
static inline size_t corpus_tests(size_t n)
{
	DIR *d = opendir(corpus_dir());

	if (d) {
		closedir(d);
		return n;
	}
	printf("no corpus at %s: its test is left out\n", corpus_dir());
	return n - 1;
}

/* corpus_is_config() - is the corpus file @name a config (not the sources, the verdicts, a dot file)? */
static inline bool corpus_is_config(const char *name)
{
	return name[0] != '.' && strcmp(name, "SOURCES.txt") && strncmp(name, "VERDICTS", 8);
}

/* corpus_verdicts() - the verdict file's text, to free(). */
static inline char *corpus_verdicts(void)
{
	char path[1024], *text;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/VERDICTS-keepalived-2.2.7.txt", corpus_dir());
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, len, f), (size_t)len);
	fclose(f);
	return text;
}

/* One config's section of the verdicts. */
struct verdict {
	char name[512];   /* the config's file name */
	int exit_code;    /* keepalived -t's; -1: not given */
	const char *msgs; /* its message lines, to the next section (verdict_msg()) */
};

static inline const char *verdict_next_line(const char *s)
{
	s += strcspn(s, "\n");
	return *s ? s + 1 : s;
}

/*
 * verdict_next() - the next section from *@at (at first the text) into
 * @v, *@at moved past it.  Returns: false when there is none.
 */
static inline bool verdict_next(const char **at, struct verdict *v)
{
	const char *s = *at;

	while (*s && strncmp(s, "===== ", 6))
		s = verdict_next_line(s);
	if (!*s)
		return false;
	snprintf(v->name, sizeof(v->name), "%.*s", (int)strcspn(s + 6, "\n"), s + 6);
	s = verdict_next_line(s);
	v->exit_code = -1;
	if (!strncmp(s, "exit=", 5)) {
		v->exit_code = atoi(s + 5);
		s = verdict_next_line(s);
	}
	v->msgs = s;
	while (*s && strncmp(s, "===== ", 6))
		s = verdict_next_line(s);
	*at = s;
	return true;
}

/* verdict_of() - the section of the config @name into @v.  Returns: whether there is one. */
static inline bool verdict_of(const char *verdicts, const char *name, struct verdict *v)
{
	while (verdict_next(&verdicts, v))
		if (!strcmp(v->name, name))
			return true;
	return false;
}

/*
 * verdict_msg() - the message at *@at (a struct verdict's msgs) into @msg
 * of @len, without the blanks before it; *@at moved to the next.
 * Returns: false at the section's end.
 */
static inline bool verdict_msg(const char **at, char *msg, size_t len)
{
	const char *s = *at;

	if (!*s || !strncmp(s, "===== ", 6))
		return false;
	s += strspn(s, " ");
	snprintf(msg, len, "%.*s", (int)strcspn(s, "\n"), s);
	*at = verdict_next_line(s);
	return true;
}

/*
 * verdict_line() - the line a verdict message is about: "(FILE: Line N)
 * ..." or "(Line N) ...", with @file only the first and of that file.
 * Returns: N, or 0 for a message about no line.
 */
static inline int verdict_line(const char *msg, const char *file)
{
	const char *s = strstr(msg, "Line ");
	size_t n = file ? strlen(file) : 0;

	if (file)
		return msg[0] == '(' && !strncmp(msg + 1, file, n) && !strncmp(msg + 1 + n, ": Line ", 7) ?
			       atoi(msg + 1 + n + 7) :
			       0;
	if (msg[0] != '(' || !s || s > strchr(msg, ')'))
		return 0;
	return atoi(s + 5);
}

/*
 * corpus_roots() - which root keyword each line of the config @path is
 * under (its own line, or its block's), as the lexer reads the file;
 * lines of included files and lines beyond CORPUS_MAX_LINES are not
 * mapped, a line with several logical lines gets the first one's root,
 * and a line under none "".
 */
static inline void corpus_roots(const char *path, char (*roots)[32])
{
	struct conf_opts o = { .config_id = "lvs1" };
	struct conf_line *l = malloc(sizeof(*l));
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct conf_reader *r;
	char root[32] = "";
	int depth = 0;

	assert_non_null(l);
	memset(roots, 0, CORPUS_MAX_LINES * sizeof(*roots));
	assert_int_equal(conf_open(&r, path, &o), 0);
	while (conf_next(r, l) == 1) {
		const char *file = strrchr(l->file, '/') ? strrchr(l->file, '/') + 1 : l->file;
		bool open = l->argc == 1 && !strcmp(l->argv[0], "{"), close = l->argc == 1 && !strcmp(l->argv[0], "}");

		if (!depth && !open && !close)
			snprintf(root, sizeof(root), "%s", l->argv[0]);
		if (!strcmp(file, name) && l->line > 0 && l->line < CORPUS_MAX_LINES && !roots[l->line][0])
			snprintf(roots[l->line], sizeof(roots[0]), "%s", root);
		depth += open - (close && depth);
	}
	conf_close(r);
	free(l);
}

#endif /* XVS_TEST_CORPUS_H */
