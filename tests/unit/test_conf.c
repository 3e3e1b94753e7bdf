// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived.conf's lexical layer (xvsd/conf.c) against the traps of
 * keepalived's grammar (../shared/specs/keepalived.md 1.1 to 1.3), and
 * every config of the corpus (../shared/corpus/keepalived), which
 * keepalived 2.2.7 reads without a lexical complaint.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf.h"
#include "corpus.h"
#include "tmpdir.h"

static char diags[8192];

static void collect(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	size_t n = strlen(diags);

	(void)arg;
	snprintf(diags + n, sizeof(diags) - n, "%s:%d: %s%s\n", strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
		 line, level == CONF_ERROR ? "" : "warning: ", msg);
}

/*
 * lex() - read @name (under the test directory) with config id "dir1",
 * every logical line as "file:line word|word|...", one a line.
 */
static char *lex(const char *name)
{
	static char out[16384];
	struct conf_opts o = { .config_id = "dir1", .diag = collect };
	struct conf_reader *r;
	struct conf_line *l = malloc(sizeof(*l));
	char path[256];
	size_t n = 0;

	assert_non_null(l);
	out[0] = 0;
	diags[0] = 0;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_int_equal(conf_open(&r, path, &o), 0);
	while (conf_next(r, l) == 1) {
		n += snprintf(out + n, sizeof(out) - n, "%s:%d ", strrchr(l->file, '/') + 1, l->line);
		for (int i = 0; i < l->argc; i++)
			n += snprintf(out + n, sizeof(out) - n, "%s%s", i ? "|" : "", l->argv[i]);
		n += snprintf(out + n, sizeof(out) - n, "\n");
	}
	conf_close(r);
	free(l);
	return out;
}

/* '#' and '!' start comments anywhere outside quotes, mid-word too; "\!" is
 * the character; blank and comment lines still count. */
static void test_comments(void **state)
{
	(void)state;
	tmpdir_write("c.conf", "# head\n"
			     "\n"
			     "smtp_server 127.0.0.1 ! relay\n"
			     "auth_pass k@l!ve1\n"
			     "auth_pass \"k@l!ve1\"\n"
			     "auth_pass k@l\\!ve1\n"
			     "  smtp_helo_name \"a # b\"   \n");
	assert_string_equal(lex("c.conf"), "c.conf:3 smtp_server|127.0.0.1\n"
					   "c.conf:4 auth_pass|k@l\n"
					   "c.conf:5 auth_pass|k@l!ve1\n"
					   "c.conf:6 auth_pass|k@l!ve1\n"
					   "c.conf:7 smtp_helo_name|a # b\n");
	assert_string_equal(diags, "");
}

/* Every brace is a line of its own, wherever it is written. */
static void test_braces(void **state)
{
	(void)state;
	tmpdir_write("b.conf", "vrrp_instance X {\n"
			     "authentication { auth_type PASS auth_pass x }\n"
			     "}\n"
			     "vrrp_instance Y{\n"
			     "} }\n");
	assert_string_equal(lex("b.conf"), "b.conf:1 vrrp_instance|X\n"
					   "b.conf:1 {\n"
					   "b.conf:2 authentication\n"
					   "b.conf:2 {\n"
					   "b.conf:2 auth_type|PASS|auth_pass|x\n"
					   "b.conf:2 }\n"
					   "b.conf:3 }\n"
					   "b.conf:4 vrrp_instance|Y\n"
					   "b.conf:4 {\n"
					   "b.conf:5 }\n"
					   "b.conf:5 }\n");
	assert_string_equal(diags, "b.conf:5: Extra '}' found\n");
}

/* Quotes: a quoted word keeps its blanks; a quote ends an unquoted word;
 * single quotes are nothing special; an odd count is an error. */
static void test_quotes(void **state)
{
	(void)state;
	tmpdir_write("q.conf", "notify \"/bin/echo 'a b'\" root\n"
			     "x ab\"c d\"\n"
			     "y \"open\n");
	assert_string_equal(lex("q.conf"), "q.conf:1 notify|/bin/echo 'a b'|root\n"
					   "q.conf:2 x|ab|c d\n");
	assert_string_equal(diags, "q.conf:3: Unterminated quote\n");
}

/* @ID keeps a line for that config id only, @^ID for every other one. */
static void test_conditional(void **state)
{
	(void)state;
	tmpdir_write("i.conf", "@dir1 priority 150\n"
			     "@dir2 priority 100\n"
			     "@^dir1 state BACKUP\n"
			     "@^dir2 state MASTER\n"
			     "@dir1\n");
	assert_string_equal(lex("i.conf"), "i.conf:1 priority|150\n"
					   "i.conf:4 state|MASTER\n");
}

/* $NAME=: used as $NAME (ending at a blank, ',' or ')') or ${NAME},
 * recursively at use time, unknown names left alone, redefinable, and
 * multi-line with '\' giving several lines; built-ins. */
static void test_definitions(void **state)
{
	(void)state;
	tmpdir_write("d.conf", "$IF=eth0\n"
			     "$VIP = 192.0.2.${N}\n"
			     "$N=50\n"
			     "interface $IF\n"
			     "addr $VIP/24 ${VIP}/24 $UNKNOWN ${IF}x $IFx\n"
			     "$N=51\n"
			     "addr $VIP\n"
			     "$RS= \\\n"
			     "real_server ${IP} 80 { \\\n"
			     "weight 1 \\\n"
			     "}\n"
			     "$IP=10.0.0.1\n"
			     "$RS\n"
			     "h ${_HASH}x ${_BANG} ${_INSTANCE}\n");
	/* $VIP/24 is no use: '/' may not follow $NAME */
	assert_string_equal(lex("d.conf"), "d.conf:4 interface|eth0\n"
					   "d.conf:5 addr|$VIP/24|192.0.2.50/24|$UNKNOWN|eth0x|$IFx\n"
					   "d.conf:7 addr|192.0.2.51\n"
					   "d.conf:13 real_server|10.0.0.1|80\n"
					   "d.conf:13 {\n"
					   "d.conf:13 weight|1\n"
					   "d.conf:13 }\n"
					   "d.conf:14 h|#x|!|dir1\n");
	assert_string_equal(diags, "");
}

/* include: globs (braces too), relative to the including file, nested;
 * a missing plain include is nothing, includem reports it. */
static void test_include(void **state)
{
	char sub[256];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/conf.d", tmpdir);
	mkdir(sub, 0755);
	tmpdir_write("conf.d/a.conf", "a 1\ninclude ../inner.inc\n");
	tmpdir_write("conf.d/b.conf", "b 2\n");
	tmpdir_write("inner.inc", "inner 3\n");
	tmpdir_write("top.conf", "first\n"
			       "include conf.d/*.conf\n"
			       "include conf.d/{b}.conf\n"
			       "include missing.conf\n"
			       "includem none*.conf\n"
			       "includew none*.conf\n"
			       "last\n");
	assert_string_equal(lex("top.conf"), "top.conf:1 first\n"
					     "a.conf:1 a|1\n"
					     "inner.inc:1 inner|3\n"
					     "b.conf:1 b|2\n"
					     "b.conf:1 b|2\n"
					     "top.conf:7 last\n");
	assert_string_equal(diags, "top.conf:6: No config files matched 'none*.conf'.\n");
}

/* keepalived drops a line of 1023 characters or more, and says so. */
static void test_long_line(void **state)
{
	char text[2200];

	(void)state;
	memset(text, 'x', 1500);
	strcpy(text + 1500, "\nnext 1\n");
	tmpdir_write("l.conf", text);
	assert_string_equal(lex("l.conf"), "l.conf:2 next|1\n");
	assert_string_equal(diags, "l.conf:1: line too long - ignoring\n");
}

/* Every corpus config: no lexical error, and every brace closed. */
static void test_corpus(void **state)
{
	const char *corpus = corpus_dir();
	struct dirent *e;
	DIR *d = opendir(corpus);
	int files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		struct conf_opts o = { .config_id = "lvs1", .diag = collect };
		struct conf_line *l = malloc(sizeof(*l));
		struct conf_reader *r;
		char path[1024];

		if (!corpus_is_config(e->d_name)) {
			free(l);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", corpus, e->d_name);
		diags[0] = 0;
		assert_int_equal(conf_open(&r, path, &o), 0);
		while (conf_next(r, l) == 1)
			;
		if (conf_errors(r) || conf_depth(r))
			fail_msg("%s: depth %d, %s", e->d_name, conf_depth(r), diags);
		conf_close(r);
		free(l);
		files++;
	}
	closedir(d);
	assert_true(files >= 38);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comments),   cmocka_unit_test(test_braces),	cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_conditional), cmocka_unit_test(test_definitions), cmocka_unit_test(test_include),
		cmocka_unit_test(test_long_line),  cmocka_unit_test(test_corpus),
	};
	size_t n = corpus_tests(sizeof(tests) / sizeof(tests[0]));

	return _cmocka_run_group_tests("keepalived.conf lexer", tests, n, tmpdir_setup, tmpdir_teardown);
}
