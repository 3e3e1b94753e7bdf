/* SPDX-License-Identifier: GPL-2.0 */
/* Address text to libxvs's storage, for the data-plane tests and benchmarks. */
#ifndef XVS_TEST_ADDR_H
#define XVS_TEST_ADDR_H

#include <arpa/inet.h>

#include "xvs.h"

/* Address text of either family into v4-mapped storage; returns its family. */
static inline int text_addr(const char *text, union xvs_addr *a)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, text, &a4) == 1) {
		xvs_addr_from_in(a, &a4);
		return AF_INET;
	}
	inet_pton(AF_INET6, text, &a6);
	xvs_addr_from_in6(a, &a6);
	return AF_INET6;
}

#endif /* XVS_TEST_ADDR_H */
