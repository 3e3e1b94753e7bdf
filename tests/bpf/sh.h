/* SPDX-License-Identifier: GPL-2.0 */
/* sh(): a shell command a test needs to succeed (ip, tc ...).  Include after cmocka.h. */
#ifndef XVS_TEST_SH_H
#define XVS_TEST_SH_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static inline void sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("command failed: %s", cmd);
}

#endif /* XVS_TEST_SH_H */
