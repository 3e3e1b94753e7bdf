// SPDX-License-Identifier: GPL-2.0
/*
 * SCTP's CRC32c (include/xvs/crc32c.h): the published check values, the
 * table of x^(8 * 2^k) derived again, and the update for a changed port
 * against the checksum computed from scratch over random packets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "xvs/crc32c.h"

/* "123456789" is the usual check string; RFC 3720 B.4 gives the others. */
static void test_known_values(void **state)
{
	uint8_t buf[32];

	(void)state;
	assert_int_equal(xvs_crc32c("123456789", 9), 0xe3069283);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(xvs_crc32c(buf, sizeof(buf)), 0x8a9136aa);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(xvs_crc32c(buf, sizeof(buf)), 0x62a8ab43);
	for (int i = 0; i < 32; i++)
		buf[i] = i;
	assert_int_equal(xvs_crc32c(buf, sizeof(buf)), 0x46dd794e);
}

/* x^8 is 2^23 in the reflected form; each next entry is the square. */
static void test_table(void **state)
{
	uint32_t t = 1u << 23;

	(void)state;
	for (int k = 0; k < 16; k++) {
		assert_int_equal(xvs_crc32c_x8_pow2[k], t);
		t = xvs_crc32c_mul(t, t);
	}
}

/* Shifting by n zero bytes is feeding n zero bytes. */
static void test_shift(void **state)
{
	(void)state;
	srand(7);
	for (int i = 0; i < 200; i++) {
		uint32_t v = (uint32_t)rand() * 2654435761u, reg = v;
		uint32_t n = rand() % 9000;

		for (uint32_t j = 0; j < n; j++)
			reg = xvs_crc32c_byte(reg, 0);
		assert_int_equal(xvs_crc32c_shift(v, n), reg);
	}
}

/* A masqueraded packet's port changes: the update equals a new checksum. */
static void test_update_matches_recompute(void **state)
{
	static uint8_t pkt[9000];

	(void)state;
	srand(11);
	for (int i = 0; i < 300; i++) {
		uint32_t len = 16 + rand() % (sizeof(pkt) - 16), off = (rand() & 1) * 2, crc;
		uint16_t from, to;

		for (uint32_t j = 0; j < len; j++)
			pkt[j] = rand();
		memset(pkt + 8, 0, 4);
		crc = xvs_crc32c(pkt, len);
		memcpy(&from, pkt + off, 2);
		to = rand();
		memcpy(pkt + off, &to, 2);
		assert_int_equal(xvs_crc32c_update(crc, len, off, from, to), xvs_crc32c(pkt, len));
	}
}

/* The field holds the CRC least significant byte first. */
static void test_field_order(void **state)
{
	uint8_t f[4];

	(void)state;
	xvs_crc32c_store(f, 0x11223344);
	assert_int_equal(f[0], 0x44);
	assert_int_equal(f[3], 0x11);
	assert_int_equal(xvs_crc32c_load(f), 0x11223344);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_update_matches_recompute),
		cmocka_unit_test(test_field_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
