/* SPDX-License-Identifier: GPL-2.0 */
/* -R input: lines split into argument vectors as ipvsadm's config_stream.c. */
#ifndef XVSADM_RESTORE_H
#define XVSADM_RESTORE_H

#include <stdio.h>

struct xvsadm_line {
	int argc;
	char **argv; /* argv[0] is the program name; NULL-terminated */
};

/*
 * xvsadm_read_line() - the next line of @in, split on blanks, tabs and CRs,
 * with every token "ipvsadm" or "xvsadm" dropped and @prog put first.
 * '#' is an ordinary character, as in ipvsadm.  Returns 1 and a line
 * (argc 1 for a line with no tokens), 0 at the end of the input, -1 when
 * out of memory.
 */
int xvsadm_read_line(FILE *in, const char *prog, struct xvsadm_line *line);
void xvsadm_line_free(struct xvsadm_line *line);

#endif /* XVSADM_RESTORE_H */
