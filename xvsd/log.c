// SPDX-License-Identifier: GPL-2.0
/*
 * xvsd's log (log.h).  Until log_setup() everything goes to stderr, so the
 * unit tests and -t see every line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static bool to_console = true, to_syslog, with_debug;

void log_setup(const char *ident, bool console, bool use_syslog, bool debug)
{
	to_console = console;
	to_syslog = use_syslog;
	with_debug = debug;
	if (use_syslog)
		openlog(ident, LOG_PID, LOG_DAEMON);
}

void xvsd_log(int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (prio == LOG_DEBUG && !with_debug)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (to_syslog)
		syslog(prio, "%s", msg);
	if (to_console) {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm);
		fprintf(stderr, "%s: %s\n", when, msg);
		fflush(stderr);
	}
}
