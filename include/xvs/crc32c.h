/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC32c (Castagnoli, RFC 3309), SCTP's checksum, for the data plane and
 * the tests alike.  Masquerading an SCTP connection changes a port, and
 * SCTP's checksum covers the whole packet: instead of reading the packet
 * again, the checksum is updated for the change alone.
 *
 * CRC is linear over GF(2): for two messages of the same length,
 * crc(M') = crc(M) ^ raw(M ^ M'), where raw() is the register with zero
 * initial value and no final inversion.  M ^ M' is zero but for the two
 * changed bytes, and a raw CRC of leading zeros stays zero, so raw(M ^ M')
 * is the raw CRC of the two bytes followed by the n bytes after them -
 * the two bytes' CRC multiplied by x^(8n) modulo the polynomial.
 *
 * Values are in the reflected form SCTP uses: bit 31 is x^0.  The
 * checksum field holds the CRC least significant byte first (RFC 9260
 * appendix A).
 */
#ifndef XVS_CRC32C_H
#define XVS_CRC32C_H

#include <linux/types.h>

#ifndef XVS_CRC_INLINE
#define XVS_CRC_INLINE static inline __attribute__((always_inline))
#endif

#define XVS_CRC32C_POLY 0x82f63b78u /* reflected x^32 + ... + 1 */

/*
 * x^(8 * 2^k) mod P for k = 0..15, so a shift by any byte count below
 * 65536 is at most 16 multiplications.  tests/unit/test_crc32c.c derives
 * them again by squaring x^8.
 */
static const __u32 xvs_crc32c_x8_pow2[16] = {
	0x00800000, 0x00008000, 0x82f63b78, 0x6ea2d55c,
	0x18b8ea18, 0x510ac59a, 0xb82be955, 0xb8fdb1e7,
	0x88e56f72, 0x74c360a4, 0xe4172b16, 0x0d65762a,
	0x35d73a62, 0x28461564, 0xbf455269, 0xe2ea32dc,
};

/*
 * No branches, and no masks made by negating a bit either: the verifier
 * walks "x & -bit" as two paths, so a loop of them doubles its paths at
 * every step.  A bit hidden from the compiler is multiplied instead.
 */
#define XVS_CRC_BIT(x)                                    \
	({                                                \
		__u32 bit_ = (x) & 1;                     \
		__asm__ volatile("" : "+r"(bit_));        \
		bit_;                                     \
	})

/* a * b mod P. */
XVS_CRC_INLINE __u32 xvs_crc32c_mul(__u32 a, __u32 b)
{
	__u32 p = 0;

	for (int i = 0; i < 32; i++) {
		p ^= b * XVS_CRC_BIT(a >> 31);
		a <<= 1;
		b = (b >> 1) ^ (XVS_CRC32C_POLY * XVS_CRC_BIT(b));
	}
	return p;
}

/* Step @k of xvs_crc32c_shift(): @v times x^(8 * 2^k) if bit @k of @n is set. */
XVS_CRC_INLINE __u32 xvs_crc32c_shift_step(__u32 v, __u32 n, __u32 k)
{
	__u32 m = xvs_crc32c_mul(v, xvs_crc32c_x8_pow2[k & 15]);

	return v ^ ((m ^ v) * XVS_CRC_BIT(n >> (k & 15)));
}

/* The raw CRC @v followed by @n zero bytes (n < 65536). */
XVS_CRC_INLINE __u32 xvs_crc32c_shift(__u32 v, __u32 n)
{
	for (__u32 k = 0; k < 16; k++)
		v = xvs_crc32c_shift_step(v, n, k);
	return v;
}

/* Feed byte @b into register @reg. */
XVS_CRC_INLINE __u32 xvs_crc32c_byte(__u32 reg, __u8 b)
{
	reg ^= b;
	for (int i = 0; i < 8; i++)
		reg = (reg >> 1) ^ (XVS_CRC32C_POLY * XVS_CRC_BIT(reg));
	return reg;
}

/* The raw CRC of the change of a 16-bit field from @from to @to. */
XVS_CRC_INLINE __u32 xvs_crc32c_change(__u16 from, __u16 to)
{
	__u16 d = from ^ to;
	const __u8 *db = (const __u8 *)&d;

	return xvs_crc32c_byte(xvs_crc32c_byte(0, db[0]), db[1]);
}

/*
 * xvs_crc32c_update() - the checksum of a @len-byte SCTP packet whose
 * 16-bit field at byte @off changes from @from to @to (both as the two
 * bytes lie in the packet, read as one __u16), given its checksum @crc.
 */
XVS_CRC_INLINE __u32 xvs_crc32c_update(__u32 crc, __u32 len, __u32 off, __u16 from, __u16 to)
{
	return crc ^ xvs_crc32c_shift(xvs_crc32c_change(from, to), len - off - 2);
}

/* CRC32c of @len bytes at @p, bit by bit: small packets and tests. */
XVS_CRC_INLINE __u32 xvs_crc32c(const void *p, __u32 len)
{
	const __u8 *b = p;
	__u32 reg = ~0u;

	for (__u32 i = 0; i < len; i++)
		reg = xvs_crc32c_byte(reg, b[i]);
	return ~reg;
}

/* The checksum field's bytes hold the CRC least significant byte first. */
XVS_CRC_INLINE __u32 xvs_crc32c_load(const void *field)
{
	const __u8 *b = field;

	return b[0] | (__u32)b[1] << 8 | (__u32)b[2] << 16 | (__u32)b[3] << 24;
}

XVS_CRC_INLINE void xvs_crc32c_store(void *field, __u32 crc)
{
	__u8 *b = field;

	b[0] = crc;
	b[1] = crc >> 8;
	b[2] = crc >> 16;
	b[3] = crc >> 24;
}

#endif /* XVS_CRC32C_H */
