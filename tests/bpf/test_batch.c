// SPDX-License-Identifier: GPL-2.0
/*
 * libxvs's batches (xvs_batch_begin() to _end(), what xvsadm -R runs in):
 * the same tables and the same packets as change by change, with the work
 * on the tables as a whole done once at the end.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

#define VIP "192.0.2.50"

static int setup(void **state)
{
	(void)state;
	return harness_up("test-batch",
			  "ip neigh add 192.0.2.11 lladdr 02:5e:00:00:00:11 dev d0 nud permanent && "
			  "ip neigh add 192.0.2.12 lladdr 02:5e:00:00:00:12 dev d0 nud permanent && "
			  "ip neigh add 192.0.2.13 lladdr 02:5e:00:00:00:13 dev d0 nud permanent && "
			  "ip addr add 198.51.100.1/24 dev d0 && "
			  "ip neigh add 198.51.100.11 lladdr 02:5e:00:00:01:11 dev d0 nud permanent && "
			  "ip neigh add 192.0.2.100 lladdr 02:cc:00:00:00:01 dev d0 nud permanent && "
			  "sysctl -qw net.ipv4.conf.all.forwarding=1");
}

static int reset(void **state)
{
	(void)state;
	fresh_start(NULL, 0);
	return 0;
}

static uint32_t cfg_flags(void)
{
	struct xvs_config cfg;
	uint32_t zero = 0;

	assert_int_equal(bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg), 0);
	return cfg.flags;
}

/* Real servers of @s, newest first, as their last address byte. */
static void dests_of(const struct xvs_service *s, char *out, size_t len)
{
	struct xvs_dest_entry *d = NULL;
	size_t n = 0, used = 0;

	out[0] = 0;
	assert_int_equal(xvs_get_dests(ctx, s, &d, &n), 0);
	for (size_t i = 0; i < n; i++)
		used += snprintf(out + used, len - used, "%s%u", i ? " " : "", ntohl(d[i].dest.addr.w[3]) & 0xff);
	free(d);
}

/*
 * Inside a batch: a real server deleted and one added reuse the slot with
 * a new generation, the list keeps IPVS's order, and rr runs over it; the
 * NAT reply lookup is switched on at the end, not before.
 */
static void test_batch_changes(void **state)
{
	struct xvs_service s = service(IPPROTO_TCP, VIP, 80, "rr"), n = service(IPPROTO_TCP, "192.0.2.60", 80, "rr");
	struct xvs_dest_cfg d[3] = { dest("192.0.2.11", 80, XVS_FWD_DROUTE, 1), dest("192.0.2.12", 80, XVS_FWD_DROUTE, 1),
				     dest("192.0.2.13", 80, XVS_FWD_DROUTE, 1) };
	struct xvs_dest_cfg nd = dest("198.51.100.11", 8080, XVS_FWD_MASQ, 1);
	char list[64];
	int seen[3] = { 0 };

	(void)state;
	assert_int_equal(xvs_batch_begin(ctx), 0);
	assert_int_equal(xvs_batch_begin(ctx), -EBUSY);
	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(xvs_add_dest(ctx, &s, &d[i]), 0);
	assert_int_equal(xvs_del_dest(ctx, &s, &d[1]), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d[1]), 0);
	assert_int_equal(xvs_add_dest(ctx, &s, &d[1]), -EEXIST);
	assert_int_equal(xvs_add_service(ctx, &n), 0);
	assert_int_equal(xvs_add_dest(ctx, &n, &nd), 0);
	dests_of(&s, list, sizeof(list));
	assert_string_equal(list, "12 13 11");
	assert_false(cfg_flags() & XVS_CFG_F_NAT);
	assert_int_equal(xvs_batch_end(ctx), 0);
	assert_int_equal(xvs_batch_end(ctx), -EINVAL);
	assert_true(cfg_flags() & XVS_CFG_F_NAT);
	dests_of(&s, list, sizeof(list));
	assert_string_equal(list, "12 13 11");
	for (int i = 0; i < 6; i++) {
		struct pkt_spec syn = P(0, IPPROTO_TCP, "192.0.2.100", VIP, 46000 + i, 80, 0x02);
		int rs = sent_to_rs(&syn, NULL, 3);

		assert_in_range(rs, 0, 2);
		seen[rs]++;
	}
	assert_int_equal(seen[0], 2);
	assert_int_equal(seen[1], 2);
	assert_int_equal(seen[2], 2);
}

/* A service deleted in a batch frees its slot for the next one, and the
 * data plane forgets its real servers. */
static void test_batch_delete(void **state)
{
	struct xvs_service a = service(IPPROTO_TCP, VIP, 80, "rr"), b = service(IPPROTO_TCP, VIP, 81, "rr");
	struct xvs_dest_cfg d = dest("192.0.2.11", 80, XVS_FWD_DROUTE, 1);
	struct pkt_spec syn = P(0, IPPROTO_TCP, "192.0.2.100", VIP, 47000, 80, 0x02);
	struct xvs_service_entry e;
	char list[64];

	(void)state;
	assert_int_equal(xvs_add_service(ctx, &a), 0);
	assert_int_equal(xvs_add_dest(ctx, &a, &d), 0);
	assert_int_equal(xvs_batch_begin(ctx), 0);
	assert_int_equal(xvs_del_service(ctx, &a), 0);
	assert_int_equal(xvs_add_service(ctx, &b), 0);
	d.port = 81;
	assert_int_equal(xvs_add_dest(ctx, &b, &d), 0);
	assert_int_equal(xvs_batch_end(ctx), 0);
	assert_int_equal(xvs_get_service(ctx, &a, &e), -ESRCH);
	dests_of(&b, list, sizeof(list));
	assert_string_equal(list, "11");
	assert_int_equal(sent_to_rs(&syn, NULL, 1), RS_PASSED);
	syn.dport = 81;
	assert_int_equal(sent_to_rs(&syn, NULL, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_batch_changes, reset),
		cmocka_unit_test_setup(test_batch_delete, reset),
	};

	return cmocka_run_group_tests_name("bpf batch", tests, setup, harness_down);
}
