// SPDX-License-Identifier: GPL-2.0
/*
 * Connection thresholds (-x, -y) on real packets (BPF_PROG_TEST_RUN): a
 * real server with u_threshold connections is overloaded and passed over
 * by rr and wlc; it takes connections again when they expire below the
 * lower threshold (3/4 of the upper when there is none) or when an edit
 * raises or removes the upper one, as IPVS's.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"

#define VIP "192.0.2.50"

/* Real server n is 192.0.2.(11 + n), MAC 02:5e:00:00:00:(0x11 + n). */
static int setup(void **state)
{
	(void)state;
	return harness_up("test-thresh", "for i in 11 12; do "
					 "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done");
}

static int reset(void **state)
{
	struct xvs_timeouts t = { 900, 120, 1 }; /* UDP entries live 1 s */

	(void)state;
	assert_int_equal(xvs_flush(ctx), 0);
	assert_int_equal(xvs_set_timeouts(ctx, &t), 0);
	return 0;
}

static struct xvs_dest_cfg rs(int n, int weight, uint32_t u, uint32_t l)
{
	char a[32];
	struct xvs_dest_cfg d;

	snprintf(a, sizeof(a), "192.0.2.%d", 11 + n);
	d = dest(a, 53, XVS_FWD_DROUTE, weight);
	d.u_threshold = u;
	d.l_threshold = l;
	return d;
}

/* A UDP service with rs0 (thresholds @u, @l) and rs1, added in that order. */
static struct xvs_service make(const char *sched, int w0, uint32_t u, uint32_t l, int w1)
{
	struct xvs_service s = service(IPPROTO_UDP, VIP, 53, sched);
	struct xvs_dest_cfg d0 = rs(0, w0, u, l), d1 = rs(1, w1, 0, 0);

	assert_int_equal(xvs_add_service(ctx, &s), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d0), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d1), 0);
	return s;
}

static uint16_t next_port = 20000;

/* Which real server a new flow went to, or -1. */
static int new_flow(void)
{
	struct pkt_spec s = P(0, IPPROTO_UDP, "192.0.2.100", VIP, next_port++, 53, 0);
	int rs = sent_to_rs(&s, NULL, 2);

	return rs >= 0 ? rs : -1;
}

/* The servers of @n new flows, as a string of digits. */
static const char *flows(int n)
{
	static char seq[64];

	for (int i = 0; i < n && i < 63; i++)
		seq[i] = '0' + new_flow();
	seq[n < 63 ? n : 63] = '\0';
	return seq;
}

/* Wait until the service has no connection entries (each lives 1 s). */
static void wait_expired(const struct xvs_service *s)
{
	for (int i = 0; i < 40; i++) {
		struct xvs_dest_entry *e = NULL;
		size_t n = 0, total = 0;

		assert_int_equal(xvs_get_dests(ctx, s, &e, &n), 0);
		for (size_t k = 0; k < n; k++)
			total += e[k].activeconns + e[k].inactconns;
		free(e);
		if (!total)
			return;
		usleep(100 * 1000);
	}
	fail_msg("connections did not expire");
}

/* rr with -x 2 on rs0: after its 2nd connection it is passed over; the
 * expiry of its connections (0 < 3/4 of 2) lets it in again. */
static void test_rr_upper(void **state)
{
	struct xvs_service s = make("rr", 1, 2, 0, 1);

	(void)state;
	assert_string_equal(flows(4), "1010");
	assert_string_equal(flows(4), "1111");
	wait_expired(&s);
	assert_string_equal(flows(4), "0101");
	assert_string_equal(flows(3), "111");
	assert_int_equal(reason(XVS_R_DROP_NO_DEST), 0);
}

/* Raising the upper threshold by an edit ends the overload at once;
 * lowering it does not. */
static void test_edit(void **state)
{
	struct xvs_service s = make("rr", 1, 2, 0, 1);
	struct xvs_dest_cfg d0 = rs(0, 1, 1, 0);

	(void)state;
	assert_string_equal(flows(5), "10101");
	assert_int_equal(xvs_edit_dest(ctx, &s, &d0), 0); /* lowered: still overloaded */
	assert_string_equal(flows(2), "11");
	d0 = rs(0, 1, 3, 0);
	assert_int_equal(xvs_edit_dest(ctx, &s, &d0), 0); /* raised: in again */
	assert_string_equal(flows(3), "011");
	d0 = rs(0, 1, 0, 0);
	assert_int_equal(xvs_edit_dest(ctx, &s, &d0), 0); /* removed */
	assert_string_equal(flows(2), "01");
	d0 = rs(0, 1, 1, 2);
	assert_int_equal(xvs_edit_dest(ctx, &s, &d0), -ERANGE); /* lower above upper */
}

/* -x 4 -y 1 waits until fewer than 1 connection remains. */
static void test_lower(void **state)
{
	struct xvs_service s = make("rr", 1, 4, 1, 1);

	(void)state;
	assert_string_equal(flows(8), "10101010");
	assert_string_equal(flows(2), "11");
	wait_expired(&s);
	assert_string_equal(flows(2), "01");
}

/* wlc: rs0 weighs 10, but with -x 1 its one connection overloads it.
 * (Both idle, wlc keeps the list head, rs1.) */
static void test_wlc(void **state)
{
	struct xvs_service s = make("wlc", 10, 1, 0, 1);

	(void)state;
	assert_string_equal(flows(5), "10111");
	wait_expired(&s);
	assert_string_equal(flows(3), "101");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_rr_upper, reset),
		cmocka_unit_test_setup(test_edit, reset),
		cmocka_unit_test_setup(test_lower, reset),
		cmocka_unit_test_setup(test_wlc, reset),
	};

	return cmocka_run_group_tests_name("bpf thresholds", tests, setup, harness_down);
}
