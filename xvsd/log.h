/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvsd's log: syslog (daemon facility, as keepalived) or, with -l, the
 * console too.  Lines use keepalived's wording, so what operators grep for
 * is found.
 */
#ifndef XVSD_LOG_H
#define XVSD_LOG_H

#include <stdbool.h>
#include <syslog.h>

/* log_setup() - @ident for syslog; @console: also stderr; @debug: LOG_DEBUG too. */
void log_setup(const char *ident, bool console, bool use_syslog, bool debug);

void xvsd_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* XVSD_LOG_H */
