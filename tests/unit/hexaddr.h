/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test input written as text: packets as hex strings (captures pasted
 * from tcpdump -xx), addresses as they are printed.  Include after
 * cmocka.h.
 */
#ifndef XVS_TEST_HEXADDR_H
#define XVS_TEST_HEXADDR_H

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "xvs.h"

/* unhex() - @hex (pairs of hex digits) into @out, at most @max bytes; the count. */
static inline size_t unhex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; hex[0] && hex[1] && n < max; hex += 2)
		sscanf(hex, "%2hhx", &out[n++]);
	return n;
}

/* addr_of() - an IPv6 or (v4-mapped) IPv4 address from its text. */
static inline void addr_of(const char *text, union xvs_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (strchr(text, ':')) {
		assert_int_equal(inet_pton(AF_INET6, text, a->b), 1);
		return;
	}
	a->h[5] = 0xffff;
	assert_int_equal(inet_pton(AF_INET, text, &a->w[3]), 1);
}

#endif /* XVS_TEST_HEXADDR_H */
