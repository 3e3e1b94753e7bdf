/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A directory of files for a group of tests: made by the group setup,
 * removed with everything in it by the group teardown.
 */
#ifndef XVS_TEST_TMPDIR_H
#define XVS_TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

static char tmpdir[] = "/tmp/xvs-test.XXXXXX";

static int tmpdir_setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int tmpdir_teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd);
}

/* Write @text to @name under the directory. */
static void tmpdir_write(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#endif /* XVS_TEST_TMPDIR_H */
