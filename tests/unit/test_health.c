// SPDX-License-Identifier: GPL-2.0
/*
 * keepalived's health semantics (xvsd/health.c) on a fake clock: a small
 * event simulator runs each checker's attempts at the times health_result()
 * asks for, against servers that are up or down on a script, and the
 * tests read when real servers leave and come back, how quorum moves with
 * hysteresis, and which destinations a virtual server should have.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "health.h"

#define S MODEL_SEC

struct sim_rs {
	struct rs_state st;
	struct model_rs *conf;
	int64_t down_from, down_until; /* the server fails attempts in [from, until) */
	int64_t went_down, went_up;    /* when health said so, -1: never */
};

struct sim {
	struct model *m;
	struct model_vs *vconf;
	struct vs_state vs;
	struct sim_rs rs[4];
	int nrs;
	unsigned changes;               /* every change seen */
	int quorum_ups, quorum_downs;
};

/* A checker with resolved timing: delay_loop 5 s, connect_timeout 3 s, retry 3, delay_before_retry 2 s. */
static struct model_check *tcp_conf(struct model *m)
{
	struct model_check *c = model_check_new(m, CHECK_TCP);

	c->delay_loop_us = 5 * S;
	c->connect_timeout_us = 3 * S;
	c->retry = 3;
	c->delay_before_retry_us = 2 * S;
	c->warmup_us = 0;
	c->alpha = 0;
	return c;
}

static void sim_init(struct sim *s, int nrs, int alpha)
{
	memset(s, 0, sizeof(*s));
	s->m = model_new();
	s->vconf = model_vs_new(s->m);
	s->vs.conf = s->vconf;
	s->nrs = nrs;
	for (int i = nrs - 1; i >= 0; i--) {
		struct sim_rs *r = &s->rs[i];
		struct checker *c = calloc(1, sizeof(*c));
		struct model_check *cc = tcp_conf(s->m);

		cc->alpha = alpha;
		r->conf = model_rs_new(s->m);
		r->conf->weight = 1;
		r->conf->inhibit_on_failure = 0;
		r->conf->addr.b[15] = 10 + i;
		r->conf->next = s->vconf->rs;
		s->vconf->rs = r->conf;
		r->st.conf = r->conf;
		r->st.vs = &s->vs;
		r->st.next = s->vs.rs;
		s->vs.rs = &r->st;
		c->conf = cc;
		c->owner = &r->st;
		health_checker_init(c);
		r->st.checkers = c;
		r->down_from = r->down_until = -1;
		r->went_down = r->went_up = -1;
		health_rs_init(&r->st);
	}
	health_vs_init(&s->vs);
}

static void sim_free(struct sim *s)
{
	for (int i = 0; i < s->nrs; i++)
		free(s->rs[i].st.checkers);
	model_free(s->m);
}

/*
 * Run until @end: each checker first at 1 s, an attempt on a down server
 * takes connect_timeout and fails, one on an up server passes at once.
 */
static void sim_run(struct sim *s, int64_t end)
{
	int64_t due[4];

	for (int i = 0; i < s->nrs; i++)
		due[i] = 1 * S;
	for (;;) {
		int k = 0;

		for (int i = 1; i < s->nrs; i++)
			if (due[i] < due[k])
				k = i;
		if (due[k] >= end)
			return;
		struct sim_rs *r = &s->rs[k];
		struct checker *c = r->st.checkers;
		bool down = r->down_from >= 0 && due[k] >= r->down_from && (r->down_until < 0 || due[k] < r->down_until);
		int64_t t = due[k] + (down ? c->conf->connect_timeout_us : 0);
		unsigned change;
		int64_t delay = health_result(c, down ? CHECK_FAIL : CHECK_OK, &change);

		if (change & HEALTH_RS_DOWN)
			r->went_down = t;
		if (change & HEALTH_RS_UP)
			r->went_up = t;
		s->quorum_ups += !!(change & HEALTH_QUORUM_UP);
		s->quorum_downs += !!(change & HEALTH_QUORUM_DOWN);
		s->changes |= change;
		due[k] = t + delay;
	}
}

/* A server that fails at 20 s leaves after 1 + retry failures: retry x (timeout + delay_before_retry) later. */
static void test_down_after_retries(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, 1, 0);
	s.rs[0].down_from = 20 * S;
	sim_run(&s, 60 * S);
	/* Checks at 1, 6, 11, 16, 21 s; the one at 21 fails at 24; three retries 5 s apart. */
	assert_int_equal(s.rs[0].went_down, 24 * S + 3 * (3 + 2) * S);
	assert_false(s.rs[0].st.alive);
	sim_free(&s);
}

/* A server down at start leaves at its first failure: no retries on the first check. */
static void test_down_at_start(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, 1, 0);
	assert_true(s.rs[0].st.alive);
	s.rs[0].down_from = 0;
	sim_run(&s, 10 * S);
	assert_int_equal(s.rs[0].went_down, 4 * S);
	sim_free(&s);
}

/* One success brings a failed server back; it is checked every delay_loop while down. */
static void test_up_after_one_success(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, 1, 0);
	s.rs[0].down_from = 0;
	s.rs[0].down_until = 15 * S;
	sim_run(&s, 40 * S);
	/* Down at 4 s; checks at 9 (fails at 12), 17: passes. */
	assert_int_equal(s.rs[0].went_down, 4 * S);
	assert_int_equal(s.rs[0].went_up, 17 * S);
	assert_true(s.rs[0].st.alive);
	sim_free(&s);
}

/* alpha: not alive until the first success; a failure then is not a change. */
static void test_alpha(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, 1, 1);
	assert_false(s.rs[0].st.alive);
	sim_run(&s, 2 * S);
	assert_int_equal(s.rs[0].went_up, 1 * S);
	sim_free(&s);

	sim_init(&s, 1, 1);
	s.rs[0].down_from = 0;
	sim_run(&s, 30 * S);
	assert_int_equal(s.rs[0].went_down, -1);
	assert_false(s.rs[0].st.alive);
	sim_free(&s);
}

/* Quorum 2 with hysteresis 1 over three servers: lost below 1, regained at 3. */
static void test_quorum_hysteresis(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s, 3, 0);
	s.vconf->quorum = 2;
	s.vconf->hysteresis = 1;
	health_vs_init(&s.vs);
	assert_true(s.vs.quorum);
	/* Two down: weight 1, not below quorum - hysteresis = 1: kept. */
	s.rs[0].down_from = s.rs[1].down_from = 0;
	sim_run(&s, 10 * S);
	assert_true(s.vs.quorum);
	assert_int_equal(s.quorum_downs, 0);
	sim_free(&s);

	sim_init(&s, 3, 0);
	s.vconf->quorum = 2;
	s.vconf->hysteresis = 1;
	health_vs_init(&s.vs);
	for (int i = 0; i < 3; i++) {
		s.rs[i].down_from = 0;
		s.rs[i].down_until = i == 0 ? 30 * S : 100 * S;
	}
	sim_run(&s, 60 * S);
	/* All down: lost.  One back (weight 1 < 3): not regained. */
	assert_int_equal(s.quorum_downs, 1);
	assert_int_equal(s.quorum_ups, 0);
	assert_true(s.rs[0].st.alive);
	assert_false(s.vs.quorum);
	sim_free(&s);
}

/* Without quorum the sorry server replaces the alive servers; inhibited ones stay at weight 0. */
static void test_sorry_and_inhibit(void **state)
{
	struct health_dest out[8];
	struct sim s;
	int n;

	(void)state;
	sim_init(&s, 2, 0);
	s.vconf->sorry = model_rs_new(s.m);
	s.vconf->sorry->weight = 1;
	s.rs[1].conf->inhibit_on_failure = 1;
	n = health_dests(&s.vs, out);
	assert_int_equal(n, 2);

	s.rs[1].down_from = 0;
	sim_run(&s, 10 * S);
	n = health_dests(&s.vs, out);
	/* rs0 alive at its weight, rs1 failed but inhibited: weight 0. */
	assert_int_equal(n, 2);
	assert_ptr_equal(out[0].rs, s.rs[0].conf);
	assert_int_equal(out[0].weight, 1);
	assert_ptr_equal(out[1].rs, s.rs[1].conf);
	assert_int_equal(out[1].weight, 0);
	sim_free(&s);

	sim_init(&s, 2, 0);
	s.vconf->sorry = model_rs_new(s.m);
	s.vconf->sorry->weight = 1;
	s.rs[1].conf->inhibit_on_failure = 1;
	s.rs[0].down_from = s.rs[1].down_from = 0;
	sim_run(&s, 10 * S);
	assert_false(s.vs.quorum);
	n = health_dests(&s.vs, out);
	assert_int_equal(n, 2);
	assert_ptr_equal(out[0].rs, s.rs[1].conf);
	assert_int_equal(out[0].weight, 0);
	assert_ptr_equal(out[1].rs, s.vconf->sorry);
	sim_free(&s);
}

/* misc_dynamic: the weight the script asks for replaces the configured one. */
static void test_dynamic_weight(void **state)
{
	struct sim s;
	struct checker *c;
	unsigned change;

	(void)state;
	sim_init(&s, 1, 0);
	c = s.rs[0].st.checkers;
	((struct model_check *)c->conf)->misc_dynamic = true;
	c->dynamic_weight = 7;
	health_result(c, CHECK_OK, &change);
	assert_true(change & HEALTH_WEIGHT);
	assert_int_equal(s.rs[0].st.weight, 7);
	assert_int_equal(s.vs.weight_sum, 7);
	sim_free(&s);
}

/* HTTP_GET with two urls: one url per delay_loop, up only after the last passed; a failing url is retried. */
static void test_urls(void **state)
{
	struct model *m = model_new();
	struct model_check *cc = tcp_conf(m);
	struct model_vs *vc = model_vs_new(m);
	struct model_url *u1 = model_alloc(m, sizeof(*u1)), *u2 = model_alloc(m, sizeof(*u2));
	struct model_rs *rc = model_rs_new(m);
	struct vs_state vs = { .conf = vc };
	struct rs_state rs = { .conf = rc, .vs = &vs };
	struct checker c = { .conf = cc, .owner = &rs };
	unsigned change;
	int64_t delay;

	(void)state;
	cc->type = CHECK_HTTP;
	cc->alpha = 1;
	cc->urls = u1;
	u1->next = u2;
	rc->weight = 1;
	vs.rs = &rs;
	rs.checkers = &c;
	health_checker_init(&c);
	health_rs_init(&rs);
	assert_false(rs.alive);
	delay = health_result(&c, CHECK_OK, &change);
	assert_int_equal(delay, 5 * S);
	assert_ptr_equal(c.url, u2);
	assert_false(rs.alive);
	/* The second url fails: a down checker tries it again after delay_loop. */
	delay = health_result(&c, CHECK_FAIL, &change);
	assert_int_equal(delay, 5 * S);
	assert_ptr_equal(c.url, u2);
	delay = health_result(&c, CHECK_OK, &change);
	assert_true(change & HEALTH_RS_UP);
	assert_ptr_equal(c.url, u1);
	assert_true(rs.alive);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_down_after_retries), cmocka_unit_test(test_down_at_start),
		cmocka_unit_test(test_up_after_one_success), cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_quorum_hysteresis), cmocka_unit_test(test_sorry_and_inhibit),
		cmocka_unit_test(test_dynamic_weight), cmocka_unit_test(test_urls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
