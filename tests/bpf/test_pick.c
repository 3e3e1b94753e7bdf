// SPDX-License-Identifier: GPL-2.0
/*
 * The data plane's schedulers on real packets (BPF_PROG_TEST_RUN): every
 * choice of lc, wlc, sed, nq, fo and ovf against IPVS's own scan over the
 * counts the data plane reports; sh and mh against their bucket tables,
 * with the -b fallback and port flags; lblc's locality and overload;
 * twos's weights; -s none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"
#include "ipvs_scan.h"
#include "xvs/sched.h"

#define NRS 6
#define VIP "192.0.2.50"

/* Real server n is 192.0.2.(11 + n) with MAC 02:5e:00:00:00:(0x11 + n). */
static int setup(void **state)
{
	(void)state;
	return harness_up("test-pick", "for i in 11 12 13 14 15 16; do "
				       "ip neigh add 192.0.2.$i lladdr 02:5e:00:00:00:$i dev d0 nud permanent; done");
}

static struct xvs_service svc(const char *sched, uint32_t flags)
{
	struct xvs_service s = service(IPPROTO_TCP, VIP, 80, sched);

	s.flags = flags;
	return s;
}

/* A service with real servers 0..n-1 of @weights, added in that order
 * (so IPVS's list is n-1 first). */
static struct xvs_service make(const char *sched, uint32_t flags, const int *weights, int n)
{
	struct xvs_service s = svc(sched, flags);

	assert_int_equal(xvs_add_service(ctx, &s), 0);
	for (int i = 0; i < n; i++) {
		char a[32];
		struct xvs_dest_cfg d;

		snprintf(a, sizeof(a), "192.0.2.%d", 11 + i);
		d = dest(a, 80, XVS_FWD_DROUTE, weights[i]);
		assert_int_equal(xvs_add_dest(ctx, &s, &d), 0);
	}
	return s;
}

static void set_weight(struct xvs_service *s, int rs, int w)
{
	char a[32];
	struct xvs_dest_cfg d;

	snprintf(a, sizeof(a), "192.0.2.%d", 11 + rs);
	d = dest(a, 80, XVS_FWD_DROUTE, w);
	assert_int_equal(xvs_edit_dest(ctx, s, &d), 0);
}

/* Which real server a packet went to, RS_UNREACH when none took it and
 * the client was told so, or -1 when it was not forwarded. */
static int sent_to(const char *client, uint16_t sport, uint8_t flags)
{
	struct pkt_spec s = P(0, IPPROTO_TCP, client, VIP, sport, 80, flags);
	int rs = sent_to_rs(&s, NULL, NRS);

	return rs >= 0 || rs == RS_UNREACH ? rs : -1;
}

/* A server set to weight 0 keeps its last weight for mh (IPVS's last_weight). */
static int quiesced = -1, quiesced_lw;

/* The service's list as the scans see it, and the list's real servers. */
static int snapshot(const struct xvs_service *s, struct rs *r, int *who, struct xvs_sched_dest *sd)
{
	struct xvs_dest_entry *de;
	size_t n;

	assert_int_equal(xvs_get_dests(ctx, s, &de, &n), 0);
	for (size_t i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].w = de[i].dest.weight;
		r[i].act = de[i].activeconns;
		r[i].inact = de[i].inactconns;
		who[i] = de[i].dest.addr.b[15] - 11;
		if (sd) {
			memset(&sd[i], 0, sizeof(sd[i]));
			sd[i].idx = i;
			sd[i].weight = sd[i].last_weight = de[i].dest.weight;
			if (who[i] == quiesced)
				sd[i].last_weight = quiesced_lw;
			sd[i].addr = de[i].dest.addr;
			sd[i].port = htons(de[i].dest.port);
		}
	}
	free(de);
	return n;
}

/*
 * For each load-based scheduler: 150 random steps of new connections,
 * establishing ACKs and closing FINs; every new connection must go where
 * IPVS's scan over the counts at that moment sends it.
 */
static void test_load_based_match_ipvs(void **state)
{
	static const char *const names[] = { "lc", "wlc", "sed", "nq", "fo", "ovf" };
	static const int w[NRS] = { 1, 2, 3, 0, 2, 1 };
	unsigned seed = 7;

	(void)state;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		struct xvs_service s = make(names[k], 0, w, NRS);
		uint16_t open[200], base = 20000 + 1000 * k;
		int nopen = 0, kind = xvs_sched_kind(names[k]);

		for (int step = 0; step < 150; step++) {
			struct rs r[NRS];
			int who[NRS], n, want, got, pick = rand_r(&seed) % 4;

			if (nopen && pick == 0) {
				int j = rand_r(&seed) % nopen;

				assert_true(sent_to("192.0.2.100", open[j], 0x10) >= 0); /* ACK */
				continue;
			}
			if (nopen && pick == 1) {
				int j = rand_r(&seed) % nopen;

				assert_true(sent_to("192.0.2.100", open[j], 0x11) >= 0); /* FIN */
				open[j] = open[--nopen];
				continue;
			}
			n = snapshot(&s, r, who, NULL);
			want = scan(kind, r, n);
			got = sent_to("192.0.2.100", base + step, 0x02);
			if (got != (want < 0 ? RS_UNREACH : who[want]))
				fail_msg("%s step %d: sent to %d, IPVS would choose %d", names[k], step, got,
					 want < 0 ? RS_UNREACH : who[want]);
			if (got >= 0)
				open[nopen++] = base + step;
		}
		assert_int_equal(xvs_del_service(ctx, &s), 0);
	}
}

static uint32_t fold(const char *client)
{
	return ntohl(inet_addr(client));
}

/* Where sh / mh sends @client (source port @sport if the port counts). */
static int table_choice(const struct xvs_service *s, int kind, const char *client, uint16_t sport)
{
	static uint32_t table[XVS_MH_TAB_SIZE];
	struct xvs_sched_dest sd[NRS];
	struct rs r[NRS];
	int who[NRS], n = snapshot(s, r, who, sd);
	__be16 port = s->flags & XVS_SVC_F_SCHED_PORT ? htons(sport) : 0;
	size_t len = xvs_sched_table(kind, 0, sd, n, table);
	uint32_t h;

	if (kind == XVS_SCHED_MH)
		h = xvs_mh_hash(fold(client), port, 0, XVS_MH_KEY1) % len;
	else
		h = xvs_sh_hash(fold(client), port);
	if (r[table[h]].w > 0)
		return who[table[h]];
	if (!(s->flags & XVS_SVC_F_SCHED_FALLBACK))
		return -1;
	for (uint32_t off = 0; off < len; off++) {
		uint32_t ro = (off + h) % len;
		uint32_t b = kind == XVS_SCHED_MH ? xvs_mh_hash(fold(client), port, ro, XVS_MH_KEY1) % len
						  : (ro + h) & 255;

		if (r[table[b]].w > 0)
			return who[table[b]];
	}
	return -1;
}

static void clients_follow_table(struct xvs_service *s, int kind, uint16_t port0)
{
	for (int c = 0; c < 60; c++) {
		char client[32];
		int got;

		snprintf(client, sizeof(client), "10.%d.%d.%d", c % 3, c * 7 % 256, c);
		got = sent_to(client, port0 + c, 0x02);
		assert_int_equal(got, table_choice(s, kind, client, port0 + c));
		/* the same client from another port: pinned unless the port counts */
		if (!(s->flags & XVS_SVC_F_SCHED_PORT))
			assert_int_equal(sent_to(client, port0 + 100 + c, 0x02), got);
	}
}

/* sh and mh send each client where IPVS's table does; weight 0 empties a
 * bucket unless the fallback flag probes on as IPVS probes. */
static void test_sh_mh_follow_tables(void **state)
{
	static const int w[5] = { 1, 2, 1, 3, 1 };
	static const struct {
		const char *name;
		uint32_t flags;
	} t[] = {
		{ "sh", 0 }, { "sh", XVS_SVC_F_SCHED_PORT }, { "mh", 0 }, { "mh", XVS_SVC_F_SCHED_PORT },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct xvs_service s = make(t[i].name, t[i].flags, w, 5);
		int kind = xvs_sched_kind(t[i].name), rs, c;
		uint16_t port0 = 30000 + 1000 * i;
		char client[32];

		clients_follow_table(&s, kind, port0);
		/* quiesce server 3: a client hashed to it gets nothing, then,
		 * with the fallback flag, the server IPVS's probe finds */
		set_weight(&s, 3, 0);
		quiesced = 3;
		quiesced_lw = w[3];
		for (c = 0; c < 1000; c++) {
			snprintf(client, sizeof(client), "10.9.%d.%d", c / 250, c % 250 + 1);
			if (table_choice(&s, kind, client, port0 + 500) < 0)
				break;
		}
		assert_true(c < 1000);
		assert_int_equal(sent_to(client, port0 + 500, 0x02), RS_UNREACH);
		s.flags |= XVS_SVC_F_SCHED_FALLBACK;
		assert_int_equal(xvs_edit_service(ctx, &s), 0);
		rs = sent_to(client, port0 + 501, 0x02);
		assert_int_equal(rs, table_choice(&s, kind, client, port0 + 501));
		assert_true(rs >= 0 && rs != 3);
		clients_follow_table(&s, kind, port0 + 600);
		quiesced = -1;
		assert_int_equal(xvs_del_service(ctx, &s), 0);
	}
}

/*
 * lblc / lblcr: one destination address keeps its server until that server
 * has more active connections than weight while another is below half its
 * weight; then the wlc choice takes over.  lblc forgets the old server,
 * lblcr keeps it in the set and goes back to it once it is the least
 * loaded member.
 */
static void locality(const char *sched, int back_to_first, uint16_t p0)
{
	static const int w[3] = { 2, 2, 2 };
	struct xvs_service s = make(sched, 0, w, 3);
	int x, y, z;

	x = sent_to("10.0.0.1", p0, 0x02);
	assert_int_equal(x, 2); /* all idle: the list head */
	assert_int_equal(sent_to("10.0.0.2", p0 + 1, 0x02), x);
	assert_int_equal(sent_to("10.0.0.3", p0 + 2, 0x02), x); /* 3 active > weight 2 */
	y = sent_to("10.0.0.4", p0 + 3, 0x02);
	assert_int_not_equal(y, x);
	assert_int_equal(sent_to("10.0.0.5", p0 + 4, 0x02), y);
	assert_int_equal(sent_to("10.0.0.6", p0 + 5, 0x02), y);
	z = sent_to("10.0.0.7", p0 + 6, 0x02);
	assert_true(z != x && z != y);
	/* the first server's connections close: it is the least loaded now */
	for (int i = 0; i < 3; i++) {
		char client[32];

		snprintf(client, sizeof(client), "10.0.0.%d", i + 1);
		assert_int_equal(sent_to(client, p0 + i, 0x11), x);
	}
	assert_int_equal(sent_to("10.0.0.8", p0 + 7, 0x02), back_to_first ? x : z);
	assert_int_equal(xvs_del_service(ctx, &s), 0);
}

static void test_lblc_locality_and_overload(void **state)
{
	(void)state;
	locality("lblc", 0, 40000);
	locality("lblcr", 1, 40100);
}

/* twos: random pairs, but never a weight-0 server, and both others used. */
static void test_twos_respects_weights(void **state)
{
	static const int w[3] = { 1, 0, 3 };
	struct xvs_service s = make("twos", 0, w, 3);
	int seen[NRS] = { 0 };

	(void)state;
	for (int i = 0; i < 200; i++) {
		int rs = sent_to("10.0.0.1", 41000 + i, 0x02);

		assert_true(rs >= 0);
		seen[rs]++;
	}
	assert_int_equal(seen[1], 0);
	assert_true(seen[0] > 0 && seen[2] > 0);
	assert_int_equal(xvs_del_service(ctx, &s), 0);
}

/* -s none schedules nothing. */
static void test_none_schedules_nothing(void **state)
{
	static const int w[2] = { 1, 1 };
	struct xvs_service s = make("none", 0, w, 2);
	uint64_t before = reason(XVS_R_DROP_NO_DEST);

	(void)state;
	assert_int_equal(sent_to("10.0.0.1", 42000, 0x02), RS_UNREACH);
	assert_int_equal(reason(XVS_R_DROP_NO_DEST), before + 1);
	assert_int_equal(xvs_del_service(ctx, &s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_based_match_ipvs),
		cmocka_unit_test(test_sh_mh_follow_tables),
		cmocka_unit_test(test_lblc_locality_and_overload),
		cmocka_unit_test(test_twos_respects_weights),
		cmocka_unit_test(test_none_schedules_nothing),
	};

	return cmocka_run_group_tests_name("data-plane schedulers", tests, setup, harness_down);
}
