// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived.conf's block structure (xvsd/parse.c) on a small keyword
 * table: nesting however the braces are written, line-item and word-list
 * blocks, and keepalived's reports of what it does not know, without the
 * quirk that lets an unknown block end its enclosing one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "parse.h"
#include "tmpdir.h"

static char log_[4096], diags[4096];

static void collect(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	size_t n = strlen(diags);

	(void)arg;
	snprintf(diags + n, sizeof(diags) - n, "%d: %s%s\n", line, level == CONF_ERROR ? "" : "warning: ", msg);
	(void)file;
}

/* Every handler call: "object:keyword args" in the log. */
static int record(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	size_t n = strlen(log_);

	(void)p;
	n += snprintf(log_ + n, sizeof(log_) - n, "%s:%s", obj ? (char *)obj : "-", l->argv[0]);
	for (int i = 1; i < l->argc; i++)
		n += snprintf(log_ + n, sizeof(log_) - n, " %s", l->argv[i]);
	snprintf(log_ + n, sizeof(log_) - n, "\n");
	if (child)
		*child = l->argc > 1 ? strdup(l->argv[1]) : (void *)"anon";
	return 0;
}

/* A handler that refuses its line: its block is skipped. */
static int refuse(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)obj, (void)child;
	parse_error(p, l, "refused");
	return -1;
}

static const struct parse_kw instance_kws[] = {
	{ "state", PARSE_LINE, record, NULL, NULL },
	{ "virtual_ipaddress", PARSE_ITEMS, NULL, NULL, record },
	{ "authentication", PARSE_BLOCK, NULL, (const struct parse_kw[]){ { "auth_type", PARSE_LINE, record, NULL, NULL },
									{ NULL, 0, NULL, NULL, NULL } },
	  NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct parse_kw root_kws[] = {
	{ "vrrp_instance", PARSE_BLOCK, record, instance_kws, NULL },
	{ "notification_email", PARSE_WORDS, NULL, NULL, record },
	{ "bad_block", PARSE_BLOCK, refuse, instance_kws, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static int run(const char *text)
{
	struct conf_opts o = { .config_id = "x", .diag = collect };
	struct conf_reader *r;
	char path[128];
	int errors;

	tmpdir_write("k.conf", text);
	snprintf(path, sizeof(path), "%s/k.conf", tmpdir);
	log_[0] = diags[0] = 0;
	assert_int_equal(conf_open(&r, path, &o), 0);
	errors = parse_run(r, root_kws, NULL, collect, NULL);
	conf_close(r);
	return errors;
}

/* Blocks nest however their braces are written; the opening keyword's
 * object is its block's. */
static void test_nesting(void **state)
{
	(void)state;
	assert_int_equal(run("vrrp_instance VI_1 {\n"
			     "  state MASTER\n"
			     "  authentication { auth_type PASS }\n"
			     "}\n"
			     "vrrp_instance VI_2\n"
			     "{\n"
			     "  state BACKUP }\n"),
			 0);
	assert_string_equal(log_, "-:vrrp_instance VI_1\n"
				  "VI_1:state MASTER\n"
				  "VI_1:auth_type PASS\n"
				  "-:vrrp_instance VI_2\n"
				  "VI_2:state BACKUP\n");
	assert_string_equal(diags, "");
}

/* One item a line in a line-item block (extra words are the item's), one
 * item a word in a word-list block. */
static void test_items_and_words(void **state)
{
	(void)state;
	assert_int_equal(run("vrrp_instance V {\n"
			     "  virtual_ipaddress { 10.0.0.1 10.0.0.2 }\n"
			     "  virtual_ipaddress {\n"
			     "    192.0.2.1/24 dev eth0\n"
			     "  }\n"
			     "}\n"
			     "notification_email { a@x b@x\n"
			     "c@x }\n"),
			 0);
	assert_string_equal(log_, "-:vrrp_instance V\n"
				  "V:10.0.0.1 10.0.0.2\n"
				  "V:192.0.2.1/24 dev eth0\n"
				  "-:a@x\n"
				  "-:b@x\n"
				  "-:c@x\n");
}

/* An unknown keyword is reported with its line and its block skipped
 * whole, so the enclosing block's later keywords still count (keepalived
 * would let the unknown block's '}' close the enclosing one). */
static void test_unknown(void **state)
{
	(void)state;
	assert_int_equal(run("vrrp_instance V {\n"
			     "  foo_unknown { bar 1\n"
			     "    nested { x }\n"
			     "  }\n"
			     "  state BACKUP\n"
			     "  Debug\n"
			     "}\n"),
			 0);
	assert_string_equal(log_, "-:vrrp_instance V\n"
				  "V:state BACKUP\n");
	assert_string_equal(diags, "2: warning: Unknown keyword 'foo_unknown'\n"
				   "2: warning: Unexpected '{' - ignoring\n"
				   "6: warning: Unknown keyword 'Debug'\n");
}

/* Errors: a block keyword without '{', a handler that refuses its line
 * (its block is skipped), a stray '}' at the top. */
static void test_errors(void **state)
{
	(void)state;
	assert_int_equal(run("vrrp_instance V\n"
			     "state MASTER\n"
			     "bad_block B {\n"
			     "  state X\n"
			     "}\n"
			     "}\n"),
			 3); /* the stray brace is a warning here and an error to the reader */
	assert_string_equal(log_, "-:vrrp_instance V\n");
	assert_string_equal(diags, "1: Missing '{' at beginning of configuration block\n"
				   "2: warning: Unknown keyword 'state'\n"
				   "3: refused\n"
				   "6: Extra '}' found\n"
				   "6: warning: Unknown keyword '}'\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_items_and_words),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("keepalived.conf blocks", tests, tmpdir_setup, tmpdir_teardown);
}
