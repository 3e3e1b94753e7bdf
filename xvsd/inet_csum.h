/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Internet checksum (RFC 1071) over pieces: sum each piece (a
 * pseudo-header, then the message), then fold.  Pieces of odd length may
 * only come last.  Byte order: the sum is of big-endian 16-bit words, and
 * inet_csum_fold() returns the value to store big-endian.
 */
#ifndef XVSD_INET_CSUM_H
#define XVSD_INET_CSUM_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t inet_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static inline uint16_t inet_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

#endif /* XVSD_INET_CSUM_H */
