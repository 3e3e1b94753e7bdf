// SPDX-License-Identifier: GPL-2.0
/*
 * xvsd's diff (xvsd/apply.c) on a real data plane: a keepalived.conf is
 * read, expanded into services (an address, a fwmark, a group's range and
 * fwmark) and applied; a second one is applied over it, and only what
 * differs changes: a service whose scheduler changed is edited in place
 * (same creation sequence, so its connections stay), destinations are
 * added, re-weighted and removed, services the new config no longer names
 * are deleted, and health decides which destinations exist.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"

/*
 * The packet helpers use <linux/tcp.h>; libuv's header pulls in glibc's
 * <netinet/tcp.h>, which defines the same structs.  Nothing here needs the
 * latter, so its guard keeps it out.
 */
#define _NETINET_TCP_H 1
#include "apply.h"
#include "config.h"
#include "engine.h"

static char conf_path[] = "/tmp/xvs-apply.XXXXXX";

static int setup(void **state)
{
	int fd = mkstemp(conf_path);

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	return harness_up("test-apply", NULL);
}

static int teardown(void **state)
{
	unlink(conf_path);
	return harness_down(state);
}

static int reset(void **state)
{
	(void)state;
	fresh_start(NULL, 0);
	return 0;
}

static void quiet(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	(void)arg, (void)level, (void)file, (void)line, (void)msg;
}

/* Read @text as a keepalived.conf; every checker-less server is alive. */
static struct model *load(const char *text, struct engine *e)
{
	struct config_opts o = { .diag = quiet };
	enum config_status st;
	struct model *m;
	FILE *f = fopen(conf_path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	m = config_load(conf_path, &o, &st);
	assert_non_null(m);
	*e = (struct engine){ 0 };
	assert_int_equal(engine_build(e, uv_default_loop(), m), 0);
	return m;
}

static void apply(const struct engine *e, const struct model *old)
{
	assert_int_equal(apply_model(ctx, e->model, old), 0);
	for (struct vs_state *vs = e->vs; vs; vs = vs->next)
		assert_int_equal(apply_dests(ctx, e->model, vs), 0);
}

static void done(struct engine *e)
{
	engine_stop(e);
	uv_run(uv_default_loop(), UV_RUN_NOWAIT);
	model_free(e->model);
}

/* "192.0.2.50:80 rr seq=N" per service, and each destination "  .11 w1". */
static void table(char *out, size_t len, uint64_t *seq_of_vip)
{
	struct xvs_service_entry *s = NULL;
	size_t n = 0, used = 0;

	out[0] = 0;
	assert_int_equal(xvs_get_services(ctx, &s, &n), 0);
	for (size_t i = 0; i < n; i++) {
		struct xvs_dest_entry *d = NULL;
		size_t nd = 0;
		char a[INET6_ADDRSTRLEN];

		inet_ntop(AF_INET, &s[i].svc.addr.w[3], a, sizeof(a));
		if (s[i].svc.fwmark)
			used += snprintf(out + used, len - used, "fwm%u %s\n", s[i].svc.fwmark, s[i].svc.sched_name);
		else
			used += snprintf(out + used, len - used, "%s:%u %s\n", a, s[i].svc.port, s[i].svc.sched_name);
		if (seq_of_vip && !s[i].svc.fwmark && s[i].svc.port == 80 && s[i].svc.addr.w[3] == htonl(0xc0000232))
			*seq_of_vip = s[i].seq;
		assert_int_equal(xvs_get_dests(ctx, &s[i].svc, &d, &nd), 0);
		for (size_t j = 0; j < nd; j++)
			used += snprintf(out + used, len - used, "  .%u w%d\n", ntohl(d[j].dest.addr.w[3]) & 0xff,
					 d[j].dest.weight);
		free(d);
	}
	free(s);
}

#define CONF_A                                                                                      \
	"virtual_server_group G {\n  192.0.2.60-62 80\n  fwmark 7\n}\n"                             \
	"virtual_server 192.0.2.50 80 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"              \
	"  real_server 192.0.2.11 80 { weight 1 }\n  real_server 192.0.2.12 80 { weight 2 }\n}\n"  \
	"virtual_server fwmark 5 {\n  lb_algo wlc\n  lb_kind DR\n"                                  \
	"  real_server 192.0.2.13 80 { weight 1 }\n}\n"                                             \
	"virtual_server group G {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"                    \
	"  real_server 192.0.2.11 80 { weight 1 }\n}\n"

/* CONF_A as services, in config order, each with its servers newest first. */
#define TABLE_A                                                                    \
	"192.0.2.50:80 rr\n  .12 w2\n  .11 w1\n"                                   \
	"fwm5 wlc\n  .13 w1\n"                                                     \
	"192.0.2.60:80 rr\n  .11 w1\n"                                             \
	"192.0.2.61:80 rr\n  .11 w1\n"                                             \
	"192.0.2.62:80 rr\n  .11 w1\n"                                             \
	"fwm7 rr\n  .11 w1\n"

/* Every form of virtual_server becomes its services, each with its servers. */
static void test_expand(void **state)
{
	struct engine e;
	char t[2048];

	(void)state;
	load(CONF_A, &e);
	apply(&e, NULL);
	table(t, sizeof(t), NULL);
	assert_string_equal(t, TABLE_A);
	/* Applying the same config again changes nothing. */
	apply(&e, e.model);
	table(t, sizeof(t), NULL);
	assert_string_equal(t, TABLE_A);
	done(&e);
}

/* A reload: only the difference, and the edited service is the same service. */
static void test_reload_diff(void **state)
{
	struct engine a, b;
	uint64_t seq_before = 0, seq_after = 0;
	char t[2048];

	(void)state;
	load(CONF_A, &a);
	apply(&a, NULL);
	table(t, sizeof(t), &seq_before);
	load("virtual_server_group G {\n  192.0.2.60-61 80\n}\n"
	     "virtual_server 192.0.2.50 80 {\n  lb_algo wrr\n  lb_kind DR\n  protocol TCP\n"
	     "  real_server 192.0.2.11 80 { weight 3 }\n  real_server 192.0.2.13 80 { weight 1 }\n}\n"
	     "virtual_server group G {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"
	     "  real_server 192.0.2.11 80 { weight 1 }\n}\n",
	     &b);
	apply(&b, a.model);
	table(t, sizeof(t), &seq_after);
	assert_string_equal(t, "192.0.2.50:80 wrr\n  .13 w1\n  .11 w3\n"
			       "192.0.2.60:80 rr\n  .11 w1\n"
			       "192.0.2.61:80 rr\n  .11 w1\n");
	assert_int_not_equal(seq_before, 0);
	assert_int_equal(seq_before, seq_after);
	done(&a);
	done(&b);
}

/*
 * Health: a failed server leaves, or stays at weight 0 with
 * inhibit_on_failure; without quorum the sorry server is all there is.
 */
static void test_health_applied(void **state)
{
	struct xvs_service svc = service(IPPROTO_TCP, "192.0.2.50", 80, "rr");
	struct xvs_service_entry entry;
	struct xvs_dest_cfg sorry;
	struct engine e;
	struct rs_state *r11, *r12;
	char t[1024];

	(void)state;
	load("virtual_server 192.0.2.50 80 {\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n  quorum 2\n"
	     "  sorry_server 192.0.2.14 80\n"
	     "  real_server 192.0.2.11 80 { weight 1 }\n"
	     "  real_server 192.0.2.12 80 { weight 1\n    inhibit_on_failure\n  }\n}\n",
	     &e);
	apply(&e, NULL);
	table(t, sizeof(t), NULL);
	assert_string_equal(t, "192.0.2.50:80 rr\n  .12 w1\n  .11 w1\n");

	r11 = e.vs->rs;
	r12 = r11->next;
	r12->alive = false;
	e.vs->quorum = true;
	assert_int_equal(apply_dests(ctx, e.model, e.vs), 0);
	table(t, sizeof(t), NULL);
	assert_string_equal(t, "192.0.2.50:80 rr\n  .12 w0\n  .11 w1\n");

	r11->alive = false;
	e.vs->quorum = false;
	assert_int_equal(apply_dests(ctx, e.model, e.vs), 0);
	table(t, sizeof(t), NULL);
	assert_string_equal(t, "192.0.2.50:80 rr\n  .14 w1\n  .12 w0\n");

	r11->alive = r12->alive = e.vs->quorum = true;
	assert_int_equal(apply_dests(ctx, e.model, e.vs), 0);
	table(t, sizeof(t), NULL);
	assert_string_equal(t, "192.0.2.50:80 rr\n  .11 w1\n  .12 w1\n");
	sorry = dest("192.0.2.14", 80, XVS_FWD_DROUTE, 1);
	assert_int_equal(xvs_del_dest(ctx, &svc, &sorry), -ENOENT);
	assert_int_equal(apply_release(ctx, e.model), 0);
	assert_int_equal(xvs_get_service(ctx, &svc, &entry), -ESRCH);
	done(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_expand, reset),
		cmocka_unit_test_setup(test_reload_diff, reset),
		cmocka_unit_test_setup(test_health_applied, reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
