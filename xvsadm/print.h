/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipvsadm's output formats, byte for byte (shared/specs/ipvs.md §2).  Pure
 * functions of plain entry arrays that write to a FILE, so unit tests can
 * check exact bytes; the only lookups are name resolution without FMT_NUMERIC.
 */
#ifndef XVSADM_PRINT_H
#define XVSADM_PRINT_H

#include <stdint.h>
#include <stdio.h>

#include "xvs.h"

/* "IP Virtual Server version 1.2.1 (size=4096)" */
void xvsadm_print_header(FILE *f, uint32_t version, uint32_t conn_tab_size);
/* Column titles of the listing; nothing for FMT_RULE. */
void xvsadm_print_title(FILE *f, unsigned int format);
/* One service line and its destination lines, in the order given. */
void xvsadm_print_service(FILE *f, const struct xvs_service_entry *se, const struct xvs_dest_entry *d,
			  size_t n, unsigned int format);
/* A counter in a 9-wide column, K/M/G/T-scaled unless FMT_EXACT. */
void xvsadm_print_largenum(FILE *f, uint64_t n, unsigned int format);
void xvsadm_print_timeouts(FILE *f, const struct xvs_timeouts *t);
/* --daemon: one line for a running sync daemon of @role ("master", "backup"). */
void xvsadm_print_daemon(FILE *f, const char *role, const struct xvs_sync_daemon *d);
/* --xvs-sync: a running daemon's pid and counters, one "name value" a line after its role's. */
void xvsadm_print_sync(FILE *f, const char *role, const struct xvs_sync_daemon *d);
/* -L -c: the two title lines, then one line per connection. */
void xvsadm_print_conn_title(FILE *f, unsigned int format);
void xvsadm_print_conn(FILE *f, const struct xvs_conn_entry *c, unsigned int format);
/* -h and -v, with @prog as typed (argv[0]). */
void xvsadm_print_usage(FILE *f, const char *prog);
void xvsadm_print_version(FILE *f);
/* xvs extensions: reason counters and served interfaces. */
void xvsadm_print_reasons(FILE *f, const uint64_t counts[XVS_R_MAX]);
void xvsadm_print_mark(FILE *f, const struct xvs_mark_spec *m);
void xvsadm_print_ifaces(FILE *f, const struct xvs_iface *ifs, size_t n);

/* ipvsadm's sort order (libipvs.c:817-856), wrap-around included. */
int xvsadm_cmp_services(const void *a, const void *b);
int xvsadm_cmp_dests(const void *a, const void *b);
void xvsadm_sort_services(struct xvs_service_entry *e, size_t n);
void xvsadm_sort_dests(struct xvs_dest_entry *e, size_t n);

#endif /* XVSADM_PRINT_H */
