// SPDX-License-Identifier: GPL-2.0
/*
 * ipvsadm's listing order (libipvs.c:817-856, spec §2.6).  The address
 * comparison subtracts two host-order u32s and keeps the result as an int,
 * so it wraps: 192.168.1.1 sorts before 10.0.0.1, and the relation is not
 * even transitive.  The order a sort produces then depends on its exact
 * sequence of comparisons, so this uses glibc's qsort() like ipvsadm.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "print.h"

static int cmp_addr(int af, const union xvs_addr *a, const union xvs_addr *b)
{
	int r = 0;

	if (af != AF_INET6)
		return (int)(ntohl(a->w[3]) - ntohl(b->w[3]));
	for (int i = 0; !r && i < 4; i++)
		r = (int)(ntohl(a->w[i]) - ntohl(b->w[i]));
	return r;
}

int xvsadm_cmp_services(const void *a, const void *b)
{
	const struct xvs_service *s1 = &((const struct xvs_service_entry *)a)->svc;
	const struct xvs_service *s2 = &((const struct xvs_service_entry *)b)->svc;
	int r;

	r = (int)(s1->fwmark - s2->fwmark);
	if (r)
		return r;
	r = s1->af - s2->af;
	if (r)
		return r;
	r = s1->protocol - s2->protocol;
	if (r)
		return r;
	r = cmp_addr(s1->af, &s1->addr, &s2->addr);
	if (r)
		return r;
	return s1->port - s2->port;
}

int xvsadm_cmp_dests(const void *a, const void *b)
{
	/* the first entry's family decides, as in libipvs */
	const struct xvs_dest_cfg *d1 = &((const struct xvs_dest_entry *)a)->dest;
	const struct xvs_dest_cfg *d2 = &((const struct xvs_dest_entry *)b)->dest;
	int r = cmp_addr(d1->af, &d1->addr, &d2->addr);

	return r ? r : d1->port - d2->port;
}

void xvsadm_sort_services(struct xvs_service_entry *e, size_t n)
{
	qsort(e, n, sizeof(*e), xvsadm_cmp_services);
}

void xvsadm_sort_dests(struct xvs_dest_entry *e, size_t n)
{
	qsort(e, n, sizeof(*e), xvsadm_cmp_dests);
}
