/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Incremental Internet checksum updates (RFC 1624, eqn. 3:
 * HC' = ~(~HC + ~m + m')).  Ones'-complement sums do not depend on byte
 * order (RFC 1071 §2(B)) nor on summing 32-bit words with end-around carry
 * instead of 16-bit ones, so raw network-order words are added as loaded.
 */
#ifndef XVS_BPF_CSUM_H
#define XVS_BPF_CSUM_H

#include <linux/types.h>

static __always_inline __u32 csum_add32(__u32 a, __u32 b)
{
	a += b;
	return a + (a < b);
}

static __always_inline __u16 csum_fold32(__u32 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

/* csum_replace() - update checksum field *@sum for word @from becoming @to. */
static __always_inline void csum_replace(__u16 *sum, __u32 from, __u32 to)
{
	__u32 s = (__u16)~*sum;

	s = csum_add32(s, ~from);
	s = csum_add32(s, to);
	*sum = csum_fold32(s);
}

/* Sum of @len bytes (a multiple of 4) at @p, added to @s. */
static __always_inline __u32 sum_words(const void *p, int len, __u32 s)
{
	const __u32 *w = p;

	for (int i = 0; i < len / 4; i++)
		s = csum_add32(s, w[i]);
	return s;
}

/* The checksum of a 20-byte IPv4 header whose check field is 0. */
static __always_inline __u16 ipv4_csum(const void *iph)
{
	return csum_fold32(sum_words(iph, 20, 0));
}

#endif /* XVS_BPF_CSUM_H */
