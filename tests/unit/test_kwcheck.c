// SPDX-License-Identifier: GPL-2.0
/*
 * The checker side of keepalived.conf (xvsd/kw_check.c, kw_checker.c,
 * kw_global.c, check_validate.c) through config_load(): small configs per
 * feature against the model they make, broken ones against keepalived's
 * complaint at keepalived's line, and every config of the corpus against
 * what keepalived 2.2.7's -t said of it (VERDICTS-keepalived-2.2.7.txt).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "corpus.h"
#include "tmpdir.h"

/* Every report of the last load: "LINE: [warning: ]message\n". */
static char diags[16384];

static void collect(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	size_t n = strlen(diags);

	(void)arg, (void)file;
	snprintf(diags + n, sizeof(diags) - n, "%d: %s%s\n", line, level == CONF_ERROR ? "" : "warning: ", msg);
}

/* The verdicts were taken on a host with eth0 (and lo). */
static bool fake_if_exists(const char *name)
{
	return !strcmp(name, "lo") || !strcmp(name, "eth0");
}

static struct model *loaded;
static enum config_status status;

/* load() - @text as the config file; the model stays until the next load. */
static struct model *load(const char *text)
{
	struct config_opts o = { .config_id = "lvs1", .diag = collect };
	char path[256];

	model_free(loaded);
	diags[0] = 0;
	tmpdir_write("k.conf", text);
	snprintf(path, sizeof(path), "%s/k.conf", tmpdir);
	loaded = config_load(path, &o, &status);
	assert_non_null(loaded);
	return loaded;
}

static void assert_diag(const char *line_and_msg)
{
	if (!strstr(diags, line_and_msg))
		fail_msg("no \"%s\" in:\n%s", line_and_msg, diags);
}

static uint32_t v4(const union xvs_addr *a)
{
	return ntohl(a->w[3]);
}

static int nth_check_type(const struct model_rs *rs, int n)
{
	const struct model_check *c = rs->checks;

	while (c && n--)
		c = c->next;
	return c ? (int)c->type : -1;
}

/* A service with what keepalived's samples always have, and @body. */
#define VS(head, body) "virtual_server " head " {\n delay_loop 6\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" body "}\n"

/* ---- virtual servers ---- */

static void test_vs_forms(void **state)
{
	struct model *m;
	struct model_vs *vs;

	(void)state;
	m = load("virtual_server_group WEB {\n"
		 "  192.168.1.10 80\n"
		 "}\n"
		 VS("10.0.0.1 80", " real_server 10.0.0.2 8080 {\n }\n")
		 VS("2001:db8::1 443", " real_server 2001:db8::2 443 {\n }\n")
		 "virtual_server fwmark 7 {\n"
		 " lb_algo wrr\n"
		 " lb_kind DR\n"
		 " real_server 10.0.0.3 {\n"
		 " }\n"
		 "}\n"
		 VS("group WEB", " persistence_timeout\n real_server 10.0.0.4 80 {\n }\n"));
	assert_string_equal(diags, "");
	assert_int_equal(status, CONFIG_OK);
	vs = m->vs;
	assert_int_equal(vs->kind, VS_ADDR);
	assert_int_equal(vs->af, AF_INET);
	assert_int_equal(v4(&vs->addr), 0x0a000001);
	assert_int_equal(vs->port, 80);
	assert_int_equal(vs->protocol, IPPROTO_TCP);
	assert_string_equal(vs->sched, "rr");
	assert_int_equal(vs->fwd, XVS_FWD_MASQ);
	assert_int_equal(vs->delay_loop_us, 6 * MODEL_SEC);
	assert_int_equal(vs->rs->port, 8080); /* NAT maps ports */
	vs = vs->next;
	assert_int_equal(vs->af, AF_INET6);
	assert_int_equal(vs->addr.b[0], 0x20);
	assert_int_equal(vs->port, 443);
	vs = vs->next;
	assert_int_equal(vs->kind, VS_FWMARK);
	assert_int_equal(vs->fwmark, 7);
	assert_int_equal(vs->af, AF_INET); /* from its real server */
	assert_int_equal(vs->protocol, 0);
	assert_int_equal(vs->fwd, XVS_FWD_DROUTE);
	assert_int_equal(vs->rs->port, 0);
	vs = vs->next;
	assert_int_equal(vs->kind, VS_GROUP);
	assert_string_equal(vs->group, "WEB");
	assert_int_equal(vs->persistence_timeout, 360);
	assert_null(vs->next);
	assert_int_equal(v4(&m->groups->entries->lo), 0xc0a8010a);
	assert_int_equal(m->groups->entries->port, 80);
}

/* keepalived's completion of a service, in its words. */
static void test_vs_defaults(void **state)
{
	struct model *m;

	(void)state;
	m = load("virtual_server 10.0.0.1 80 {\n"
		 "  real_server 10.0.0.2 80 {\n"
		 "  }\n"
		 "}\n"
		 "virtual_server fwmark 1 {\n"
		 "  protocol TCP\n"
		 "  lb_algo rr\n"
		 "  lb_kind NAT\n"
		 "  real_server 10.0.0.3 80 {\n"
		 "  }\n"
		 "}\n"
		 "virtual_server 10.0.0.9 80 {\n"
		 "  protocol TCP\n"
		 "}\n");
	assert_string_equal(
		diags,
		"1: warning: Virtual server [10.0.0.1]:none:80: no protocol set - defaulting to UDP\n"
		"1: warning: Virtual server [10.0.0.1]:udp:80: no scheduler set, setting default 'wlc'\n"
		"1: warning: Virtual server [10.0.0.1]:udp:80: no forwarding method set, setting default NAT\n"
		"5: warning: Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored\n"
		"12: warning: Virtual server [10.0.0.9]:tcp:80 has no real servers - ignoring\n");
	assert_int_equal(status, CONFIG_WARNINGS);
	assert_int_equal(m->vs->protocol, IPPROTO_UDP);
	assert_string_equal(m->vs->sched, "wlc");
	assert_int_equal(m->vs->fwd, XVS_FWD_MASQ);
	assert_int_equal(m->vs->next->protocol, 0);
	assert_null(m->vs->next->next);
}

/* ---- real servers ---- */

static void test_rs_defaults(void **state)
{
	struct model *m;
	struct model_rs *rs;

	(void)state;
	m = load(VS("10.0.0.1 80", " weight 5\n inhibit_on_failure\n"
				   " real_server 10.0.0.2 {\n }\n"
				   " real_server 10.0.0.3 81 {\n  weight 0\n  inhibit_on_failure off\n }\n"
				   " real_server 10.0.0.4 82 {\n  lvs_method DR\n }\n")
		 VS("10.0.0.5 80", " real_server 10.0.0.6 80 {\n }\n"));
	rs = m->vs->rs;
	assert_int_equal(rs->port, 80);
	assert_int_equal(rs->weight, 5);
	assert_int_equal(rs->fwd, XVS_FWD_MASQ);
	assert_int_equal(rs->inhibit_on_failure, 1);
	rs = rs->next;
	assert_int_equal(rs->port, 81);
	assert_int_equal(rs->weight, 0);
	assert_int_equal(rs->inhibit_on_failure, 0);
	rs = rs->next;
	assert_int_equal(rs->fwd, XVS_FWD_DROUTE);
	assert_int_equal(rs->port, 80); /* DR cannot map ports */
	assert_diag(
		"14: warning: WARNING - virtual server [10.0.0.1]:tcp:80 and real server [10.0.0.4]:tcp:82 ports don't match - resetting\n");
	assert_int_equal(m->vs->next->rs->weight, 1);
	assert_int_equal(m->vs->next->rs->inhibit_on_failure, 0);
}

/* Duplicates go, servers of another family go (unless tunnelled). */
static void test_rs_removed(void **state)
{
	struct model *m;
	struct model_rs *rs;

	(void)state;
	m = load(VS("10.0.0.1 80", " real_server 10.0.0.2 80 {\n }\n"
				   " real_server 10.0.0.2 80 {\n }\n"
				   " real_server 2001:db8::2 80 {\n }\n"
				   " real_server 2001:db8::3 80 {\n  lvs_method TUN type gue port 6080\n }\n"));
	assert_diag(
		"10: warning: Address family of virtual server and real server 2001:db8::2 don't match - skipping real server.\n");
	assert_diag(
		"8: warning: VS [10.0.0.1]:tcp:80: real server [10.0.0.2]:tcp:80 is duplicated - removing second rs\n");
	rs = m->vs->rs;
	assert_int_equal(v4(&rs->addr), 0x0a000002);
	rs = rs->next;
	assert_int_equal(rs->af, AF_INET6);
	assert_int_equal(rs->fwd, XVS_FWD_TUNNEL);
	assert_int_equal(rs->tun_type, XVS_TUN_GUE);
	assert_int_equal(rs->tun_port, 6080);
	assert_null(rs->next);
}

/*
 * Timing, from the checker out: checker, real server, virtual server, the
 * checker type's default (spec 3.1).
 */
static void test_resolution_order(void **state)
{
	struct model *m;
	struct model_check *c;

	(void)state;
	m = load(VS("10.0.0.1 80", " connect_timeout 7\n retry 4\n"
				   " real_server 10.0.0.2 80 {\n"
				   "  connect_timeout 6\n  delay_before_retry 2\n"
				   "  TCP_CHECK {\n   connect_timeout 2.5\n  }\n"
				   "  TCP_CHECK {\n  }\n"
				   " }\n"
				   " real_server 10.0.0.3 80 {\n"
				   "  TCP_CHECK {\n  }\n"
				   "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
				   " }\n")
		 VS("10.0.0.1 81", " real_server 10.0.0.3 81 {\n  alpha\n"
				   "  TCP_CHECK {\n   warmup 1\n  }\n"
				   "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
				   "  MISC_CHECK {\n   misc_path /nonexistent/check\n  }\n"
				   "  DNS_CHECK {\n   delay_loop 30\n  }\n"
				   " }\n"));
	assert_string_equal(diags, "");
	c = m->vs->rs->checks;
	assert_int_equal(c->connect_timeout_us, 2500000);
	assert_int_equal(c->delay_before_retry_us, 2 * MODEL_SEC);
	assert_int_equal(c->retry, 4);
	c = c->next;
	assert_int_equal(c->connect_timeout_us, 6 * MODEL_SEC);
	c = m->vs->rs->next->checks;
	assert_int_equal(c->connect_timeout_us, 7 * MODEL_SEC);
	assert_int_equal(c->delay_before_retry_us, MODEL_SEC);
	assert_int_equal(c->delay_loop_us, 6 * MODEL_SEC);
	assert_int_equal(c->warmup_us, 6 * MODEL_SEC); /* = delay_loop */
	assert_int_equal(c->next->delay_before_retry_us, 3 * MODEL_SEC); /* HTTP_GET's */
	assert_int_equal(c->next->retry, 4);
	assert_int_equal(c->alpha, 0);

	c = m->vs->next->rs->checks;
	assert_int_equal(c->connect_timeout_us, 5 * MODEL_SEC);
	assert_int_equal(c->retry, 1);
	assert_int_equal(c->warmup_us, MODEL_SEC);
	assert_int_equal(c->alpha, 1);
	assert_int_equal(c->connect_port, 81);
	c = c->next;
	assert_int_equal(c->retry, 1);
	assert_int_equal(c->delay_before_retry_us, 3 * MODEL_SEC);
	c = c->next;
	assert_int_equal(c->type, CHECK_MISC);
	assert_int_equal(c->retry, 0);
	assert_int_equal(c->misc_timeout_us, 6 * MODEL_SEC);
	c = c->next;
	assert_int_equal(c->type, CHECK_DNS);
	assert_int_equal(c->retry, 3);
	assert_int_equal(c->delay_before_retry_us, 30 * MODEL_SEC); /* its delay_loop */
	assert_int_equal(c->warmup_us, 30 * MODEL_SEC);
	assert_int_equal(m->vs->next->rs->alpha, 1);
	assert_int_equal(m->vs->next->rs->retry, 1);
}

/* ---- the checkers ---- */

static void test_tcp_http(void **state)
{
	struct model *m;
	struct model_check *c;
	struct model_url *u;

	(void)state;
	m = load(VS("10.0.0.1 80",
		    " real_server 10.0.0.2 80 {\n"
		    "  TCP_CHECK {\n"
		    "   connect_ip 10.0.0.12\n   connect_port 8080\n   bindto 10.0.0.1\n   bind_port 4000\n"
		    "   bind_if eth0\n   fwmark 9\n   retry 2\n   log_all_failures\n   nb_get_retry 3\n"
		    "  }\n"
		    "  HTTP_GET {\n"
		    "   url {\n    path /health\n    status_code 200-299 401\n"
		    "    digest 0123456789ABCDEF0123456789abcdef\n    virtualhost www.example.com\n   }\n"
		    "   url {\n    path /other\n   }\n"
		    "   http_protocol 1.1\n   virtualhost vh\n   fast_recovery\n"
		    "  }\n"
		    "  SSL_GET {\n   url {\n    path /\n    regex \"ok.*\"\n    regex_no_match\n   }\n"
		    "   enable_sni\n   sni_name sni.example.com\n  }\n"
		    " }\n"));
	assert_string_equal(diags, "16: warning: nb_get_retry is deprecated - please use 'retry'\n");
	c = m->vs->rs->checks;
	assert_int_equal(c->type, CHECK_TCP);
	assert_int_equal(v4(&c->connect_ip.addr), 0x0a00000c);
	assert_int_equal(c->connect_port, 8080);
	assert_int_equal(v4(&c->bindto.addr), 0x0a000001);
	assert_int_equal(c->bind_port, 4000);
	assert_string_equal(c->bind_if, "eth0");
	assert_int_equal(c->fwmark, 9);
	assert_int_equal(c->retry, 3);
	assert_true(c->log_all_failures);
	c = c->next;
	assert_int_equal(c->type, CHECK_HTTP);
	u = c->urls;
	assert_string_equal(u->path, "/health");
	assert_true(u->status_set);
	for (int code = 0; code < 1024; code++) {
		bool want = (code >= 200 && code <= 299) || code == 401;

		if (!!(u->status[code / 8] & (1 << (code % 8))) != want)
			fail_msg("status %d", code);
	}
	assert_string_equal(u->digest, "0123456789abcdef0123456789abcdef");
	assert_string_equal(u->virtualhost, "www.example.com");
	assert_false(u->next->status_set);
	assert_null(u->next->digest);
	assert_int_equal(c->http_protocol, 2);
	assert_string_equal(c->virtualhost, "vh");
	assert_true(c->fast_recovery);
	c = c->next;
	assert_int_equal(c->type, CHECK_SSL);
	assert_string_equal(c->urls->regex, "ok.*");
	assert_true(c->urls->regex_no_match);
	assert_true(c->enable_sni);
	assert_string_equal(c->sni_name, "sni.example.com");
}

static void test_misc_smtp_dns(void **state)
{
	struct model *m;
	struct model_check *c;

	(void)state;
	m = load("global_defs {\n enable_script_security\n script_user root\n}\n"
		 VS("10.0.0.1 25",
		    " real_server 10.0.0.2 25 {\n"
		    "  MISC_CHECK {\n   misc_path \"/bin/echo 'a b' c\"\n   misc_timeout 5\n   misc_dynamic\n"
		    "   user nobody\n  }\n"
		    "  SMTP_CHECK {\n   helo_name mail.example.com\n   host {\n    connect_ip 10.0.0.7\n"
		    "    connect_port 587\n   }\n   retry 5\n  }\n"
		    "  DNS_CHECK {\n   type aaaa\n   name example.com\n  }\n"
		    "  PING_CHECK {\n  }\n"
		    " }\n"));
	assert_string_equal(diags, "");
	c = m->vs->rs->checks;
	assert_int_equal(c->misc.argc, 3);
	assert_string_equal(c->misc.argv[0], "/bin/echo");
	assert_string_equal(c->misc.argv[1], "a b");
	assert_string_equal(c->misc.argv[2], "c");
	assert_int_equal(c->misc_timeout_us, 5 * MODEL_SEC);
	assert_true(c->misc_dynamic);
	assert_string_equal(c->misc.user, "nobody");
	assert_true(m->uses_scripts);
	c = c->next;
	assert_int_equal(c->type, CHECK_SMTP);
	assert_string_equal(c->helo_name, "mail.example.com");
	assert_int_equal(c->connect_port, 25);
	assert_int_equal(c->retry, 5);
	c = c->next; /* the host{}: a checker of its own */
	assert_int_equal(c->type, CHECK_SMTP);
	assert_int_equal(v4(&c->connect_ip.addr), 0x0a000007);
	assert_int_equal(c->connect_port, 587);
	assert_string_equal(c->helo_name, "mail.example.com");
	assert_int_equal(c->retry, 5);
	c = c->next;
	assert_int_equal(c->dns_type, 28);
	assert_string_equal(c->dns_name, "example.com");
	assert_int_equal(nth_check_type(m->vs->rs, 4), CHECK_PING);
	assert_int_equal(status, CONFIG_OK);
}

static void test_udp_file_bfd(void **state)
{
	struct model *m;
	struct model_check *c;

	(void)state;
	m = load(VS("10.0.0.1 53", " real_server 10.0.0.2 53 {\n"
				   "  UDP_CHECK {\n   payload 0a0B ff\n   require_reply 0x\n   min_reply_length 2\n"
				   "   max_reply_length 512\n  }\n"
				   "  FILE_CHECK {\n   track_file tf1\n   weight -10 reverse\n  }\n"
				   "  BFD_CHECK {\n   name bfd1\n   alpha\n  }\n"
				   " }\n"));
	assert_string_equal(diags, "");
	c = m->vs->rs->checks;
	assert_int_equal(c->payload_len, 3);
	assert_memory_equal(c->payload, "\x0a\x0b\xff", 3);
	assert_true(c->require_reply);
	assert_int_equal(c->reply_len, 1);
	assert_int_equal(c->reply[0], 0x00);
	assert_int_equal(c->reply_mask[0], 0x0f);
	assert_int_equal(c->min_reply_len, 2);
	assert_int_equal(c->max_reply_len, 512);
	c = c->next;
	assert_string_equal(c->track_name, "tf1");
	assert_int_equal(c->track_weight, -10);
	assert_true(c->track_reverse);
	c = c->next;
	assert_string_equal(c->track_name, "bfd1");
	assert_int_equal(c->alpha, 1);
}

/* Checkers keepalived drops at their block's end. */
static void test_checker_dropped(void **state)
{
	struct model *m;

	(void)state;
	m = load(VS("10.0.0.1 80", " real_server 10.0.0.2 80 {\n"
				   "  HTTP_GET {\n   url {\n    status_code 200\n   }\n  }\n"
				   "  MISC_CHECK {\n   misc_timeout 3\n  }\n"
				   "  FILE_CHECK {\n  }\n"
				   "  TCP_CHECK {\n   connect_ip fe80::1\n  }\n"
				   "  TCP_CHECK {\n  }\n"
				   " }\n"));
	assert_diag("7: warning: HTTP/SSL_GET checker url has no path - ignoring\n");
	assert_diag("7: warning: HTTP/SSL_GET checker has no urls specified - ignoring\n");
	assert_diag("12: warning: No script path has been specified for MISC_CHECKER - skipping\n");
	assert_diag("15: warning: FILE_CHECK has no track_file specified - ignoring\n");
	assert_diag("17: warning: Checker link local address fe80::1 requires a bind_if\n");
	assert_int_equal(m->vs->rs->checks->type, CHECK_TCP);
	assert_null(m->vs->rs->checks->next);
}

/* ---- sorry server, quorum ---- */

static void test_sorry_server(void **state)
{
	struct model *m;

	(void)state;
	m = load(VS("10.0.0.1 80", " sorry_server 10.0.0.9\n sorry_server_inhibit\n real_server 10.0.0.2 80 {\n }\n")
		 "virtual_server 10.0.0.1 443 {\n"
		 " protocol TCP\n lb_algo rr\n lb_kind DR\n"
		 " sorry_server 10.0.0.9 8443\n"
		 " real_server 10.0.0.2 443 {\n }\n"
		 "}\n"
		 "virtual_server 10.0.0.1 444 {\n"
		 " protocol TCP\n lb_algo rr\n lb_kind DR\n"
		 " sorry_server 10.0.0.9 8443\n sorry_server_lvs_method NAT\n"
		 " real_server 10.0.0.2 444 {\n }\n"
		 "}\n");
	assert_int_equal(v4(&m->vs->sorry->addr), 0x0a000009);
	assert_int_equal(m->vs->sorry->port, 80);
	assert_int_equal(m->vs->sorry->fwd, XVS_FWD_MASQ);
	assert_true(m->vs->sorry_server_inhibit);
	assert_int_equal(m->vs->sorry->inhibit_on_failure, 1);
	assert_int_equal(m->vs->next->sorry->port, 443);
	assert_diag(
		"11: warning: WARNING - virtual server [10.0.0.1]:tcp:443 and sorry server ports don't match - resetting\n");
	assert_int_equal(m->vs->next->next->sorry->port, 8443);
	assert_int_equal(m->vs->next->next->sorry->fwd, XVS_FWD_MASQ);
}

static void test_quorum(void **state)
{
	struct model *m;

	(void)state;
	m = load(VS("10.0.0.1 80",
		    " quorum 3\n hysteresis 1\n quorum_up \"/bin/true up\"\n quorum_down /bin/false\n"
		    " real_server 10.0.0.2 80 {\n  weight 2\n }\n real_server 10.0.0.3 80 {\n  weight 2\n }\n")
		 VS("10.0.0.1 81", " quorum 2\n hysteresis 2\n real_server 10.0.0.2 81 {\n  weight 2\n }\n")
		 VS("10.0.0.1 82", " quorum 5\n real_server 10.0.0.2 82 {\n  weight 3\n }\n"));
	assert_int_equal(m->vs->quorum, 3);
	assert_int_equal(m->vs->hysteresis, 1);
	assert_int_equal(m->vs->quorum_up.argc, 2);
	assert_string_equal(m->vs->quorum_down.argv[0], "/bin/false");
	assert_int_equal(m->vs->next->hysteresis, 1);
	assert_diag(
		"17: warning: Virtual server [10.0.0.1]:tcp:81: hysteresis 2 >= quorum 2; setting hysteresis to 1\n");
	assert_int_equal(m->vs->next->next->quorum, 3);
	assert_diag(
		"28: warning: Warning - quorum 5 for [10.0.0.1]:tcp:82 exceeds total weight of real servers 3, reducing quorum to 3\n");
	assert_int_equal(status, CONFIG_SECURITY);
	assert_diag("0: warning: SECURITY VIOLATION - scripts are being executed but script_security not enabled.\n");
}

/* ---- groups ---- */

static void test_groups(void **state)
{
	struct model *m;
	struct model_vsg_entry *e;

	(void)state;
	m = load("virtual_server_group EMPTY {\n}\n"
		 "virtual_server_group G {\n"
		 "  10.0.0.1-10 80\n"
		 "  10.0.1.0/30 443\n"
		 "  10.0.2.1-10.0.3.5 80\n"
		 "  fwmark 5 inet\n"
		 "  10.0.4.5-3 80\n"
		 "  10.0.5.300 80\n"
		 "}\n"
		 "virtual_server_group NOPORT {\n  10.1.0.1\n}\n"
		 VS("group G", " real_server 10.0.0.20 80 {\n }\n")
		 VS("group MISSING", " real_server 10.0.0.20 80 {\n }\n")
		 VS("group NOPORT", " real_server 10.0.0.20 80 {\n }\n"));
	assert_diag("1: warning: virtual server group EMPTY has no entries - removing\n");
	assert_diag("8: Address range end is not greater than address range start - 10.0.4.5-3 - skipping\n");
	assert_diag("9: Invalid virtual server group IP address 10.0.5.300 /port/80 - skipping\n");
	assert_diag(
		"Virtual server group MISSING specified but not configured - ignoring virtual server [MISSING]:0\n");
	assert_diag("Virtual server [NOPORT]:0: zero port only valid for persistent services - setting\n");
	assert_string_equal(m->groups->name, "G");
	e = m->groups->entries;
	assert_int_equal(v4(&e->lo), 0x0a000001);
	assert_int_equal(v4(&e->hi), 0x0a00000a);
	e = e->next;
	assert_int_equal(v4(&e->lo), 0x0a000100);
	assert_int_equal(v4(&e->hi), 0x0a000103);
	assert_int_equal(e->port, 443);
	e = e->next;
	assert_int_equal(v4(&e->hi), 0x0a000305);
	e = e->next;
	assert_true(e->is_fwmark);
	assert_int_equal(e->fwmark, 5);
	assert_int_equal(e->af, AF_INET);
	assert_null(e->next);
	assert_string_equal(m->vs->group, "G");
	assert_string_equal(m->vs->next->group, "NOPORT");
	assert_int_equal(m->vs->next->persistence_timeout, 360);
	assert_int_equal(m->groups->next->entries->port, 0);
}

/* ---- global_defs ---- */

static void test_global_defs(void **state)
{
	struct model *m;
	struct model_global *g;

	(void)state;
	m = load("global_defs {\n"
		 "  lvs_id OLD\n"
		 "  notification_email {\n    a@example.com b@example.com\n    c@example.com\n  }\n"
		 "  notification_email_from lvs@example.com\n"
		 "  smtp_server 192.0.2.25 2525\n"
		 "  smtp_connect_timeout 10\n"
		 "  smtp_alert\n"
		 "  lvs_timeouts tcp 900 tcpfin 120 udp 300\n"
		 "  lvs_sync_daemon eth0 VI_1 id 7 maxlen 1400 port 8848 ttl 2 group 239.1.2.3\n"
		 "  lvs_flush\n"
		 "  lvs_flush_on_stop VS\n"
		 "  vrrp_version 3\n"
		 "  vrrp_mcast_group4 224.0.0.19\n"
		 "  garp_master_delay 3\n"
		 "  vrrp_garp_master_repeat 2\n"
		 "  vrrp_garp_interval 0.001\n"
		 "  vrrp_strict\n"
		 "  vrrp_iptables\n"
		 "  checker_priority -5\n"
		 "  enable_snmp_checker\n"
		 "  json_version 2\n"
		 "  default_interface eth0\n"
		 "  router_id NEW\n"
		 "}\n"
		 "net_namespace blue\n"
		 /* the instance lvs_sync_daemon follows, or the VRRP side drops it */
		 "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n"
		 "  virtual_ipaddress {\n    192.0.2.1\n  }\n}\n");
	assert_string_equal(diags,
			    "2: warning: lvs_id is deprecated - please use 'router_id'\n"
			    "17: warning: garp_master_delay is deprecated - please use 'vrrp_garp_master_delay'\n"
			    "24: warning: json_version is not a keepalived 2.2 global_defs keyword - ignoring\n");
	g = &m->global;
	assert_string_equal(g->router_id, "NEW");
	assert_string_equal(g->notification_email[0], "a@example.com");
	assert_string_equal(g->notification_email[2], "c@example.com");
	assert_null(g->notification_email[3]);
	assert_string_equal(g->notification_email_from, "lvs@example.com");
	assert_int_equal(v4(&g->smtp_server.addr), 0xc0000219);
	assert_int_equal(g->smtp_port, 2525);
	assert_int_equal(g->smtp_connect_timeout_us, 10 * MODEL_SEC);
	assert_true(g->smtp_alert);
	assert_int_equal(g->lvs_timeouts.tcp_timeout, 900);
	assert_int_equal(g->lvs_timeouts.tcp_fin_timeout, 120);
	assert_int_equal(g->lvs_timeouts.udp_timeout, 300);
	assert_string_equal(g->lvs_sync.ifname, "eth0");
	assert_string_equal(g->lvs_sync.instance, "VI_1");
	assert_int_equal(g->lvs_sync.syncid, 7);
	assert_int_equal(g->lvs_sync.maxlen, 1400);
	assert_int_equal(g->lvs_sync.port, 8848);
	assert_int_equal(g->lvs_sync.ttl, 2);
	assert_int_equal(v4(&g->lvs_sync.group.addr), 0xef010203);
	assert_true(g->lvs_flush);
	assert_int_equal(g->lvs_flush_on_stop, 2);
	assert_int_equal(g->vrrp_version, 3);
	assert_int_equal(v4(&g->vrrp_mcast_group4.addr), 0xe0000013);
	assert_int_equal(g->vrrp_garp_master_delay_us, 3 * MODEL_SEC);
	assert_int_equal(g->vrrp_garp_master_repeat, 2);
	assert_int_equal(g->vrrp_garp_interval_us, 1000);
	assert_true(g->vrrp_strict);
	assert_string_equal(g->default_interface, "eth0");
}

static void test_global_errors(void **state)
{
	(void)state;
	load("global_defs {\n"
	     "  smtp_server **\n"
	     "  vrrp_garp_interval 0\n"
	     "  vrrp_version 4\n"
	     "  lvs_sync_daemon eth0 VI_1\n"
	     "  lvs_sync_daemon eth1 VI_2\n"
	     "  default_interface eth9\n"
	     "  vrrp_mcast_group4 10.0.0.1\n"
	     "  smtp_connect_timeout 0\n"
	     "}\n");
	assert_string_equal(diags, "2: Invalid smtp server ** 25\n"
				   "3: number '0' outside range [0.000001, 4294.967295]\n"
				   "3: vrrp_garp_interval '0' is invalid\n"
				   "4: number '4' outside range [2, 3]\n"
				   "4: VRRP Error: Version must be either 2 or 3\n"
				   "6: lvs_sync_daemon has already been specified as eth0 VI_1 - ignoring\n"
				   "7: warning: WARNING - default interface eth9 doesn't exist\n"
				   "8: vrrp_mcast_group4 [10.0.0.1] is not multicast. Skipping\n"
				   "9: warning: smtp_conect_timeout must be greater than 0, setting to 1\n"
				   "0: warning: Unable to find vrrp instance VI_1 for lvs_syncd - clearing lvs_syncd config\n");
	assert_int_equal(status, CONFIG_WARNINGS);
}

/* ---- scripts ---- */

/* A script line is re-read whole, with both quotes (the lexer keeps the
 * raw line for it); only scripts that exist count for script security. */
static void test_scripts(void **state)
{
	struct model *m;

	(void)state;
	m = load(VS("10.0.0.1 80", " real_server 10.0.0.2 80 {\n"
				   "  notify_up '/bin/echo up now' nobody\n"
				   "  notify_down /nonexistent/xvs-script\n"
				   " }\n"));
	assert_int_equal(m->vs->rs->notify_up.argc, 3);
	assert_string_equal(m->vs->rs->notify_up.argv[2], "now");
	assert_string_equal(m->vs->rs->notify_up.user, "nobody");
	assert_string_equal(m->vs->rs->notify_down.argv[0], "/nonexistent/xvs-script");
	assert_true(m->uses_scripts);
	assert_int_equal(status, CONFIG_SECURITY);

	m = load(VS("10.0.0.1 80", " real_server 10.0.0.2 80 {\n  notify_down /nonexistent/xvs-script\n }\n"));
	assert_false(m->uses_scripts);
	assert_int_equal(status, CONFIG_OK);

	m = load("global_defs {\n enable_script_security\n script_user root\n}\n"
		 VS("10.0.0.1 80", " real_server 10.0.0.2 80 {\n  notify_up true\n }\n"));
	assert_true(m->uses_scripts);
	assert_int_equal(status, CONFIG_OK);
}

/* ---- broken inputs: keepalived's complaint at keepalived's line ---- */

static void test_broken_values(void **state)
{
	struct model *m;

	(void)state;
	m = load("virtual_server 10.0.0.1 80 {\n"
		 "  protocol TCP\n"
		 "  lb_algo rr\n"
		 "  lb_kind dr\n"
		 "  persistence_timeout 0\n"
		 "  delay_loop 1.1234567\n"
		 "  retry 0x10\n"
		 "  nat_mask 255.255.255.0\n"
		 "  real_server 10.0.0.300 80 {\n"
		 "    weight 5\n"
		 "  }\n"
		 "  real_server 10.0.0.2 80 {\n"
		 "    weight 3000000000\n"
		 "    weigth 2\n"
		 "    TCP_CHECK {\n"
		 "      connect_port 0\n"
		 "      nb_get_retry 2\n"
		 "    }\n"
		 "  }\n"
		 "}\n");
	assert_string_equal(diags,
			    "4: warning: PARSER : unknown [dr] routing method for virtual server. Taking it as DR.\n"
			    "5: number '0' outside range [1, 2678400]\n"
			    "5: persistence_timeout invalid\n"
			    "6: number '1.1234567' has too many decimal places\n"
			    "6: virtual server delay loop '1.1234567' invalid - ignoring\n"
			    "7: invalid number '0x10'\n"
			    "7: retry value invalid - 0x10\n"
			    "8: warning: nat_mask is obsolete and has no effect - ignoring\n"
			    "9: Invalid real server ip address/port 10.0.0.300/80 - skipping\n"
			    "13: number '3000000000' outside range [0, 2147483647]\n"
			    "13: Real server weight 3000000000 is outside range 0-2147483647\n"
			    "14: warning: Unknown keyword 'weigth'\n"
			    "16: number '0' outside range [1, 65535]\n"
			    "16: Invalid checker connect_port '0'\n"
			    "17: warning: nb_get_retry is deprecated - please use 'retry'\n");
	assert_int_equal(m->vs->fwd, XVS_FWD_DROUTE);
	assert_int_equal(m->vs->persistence_timeout, 0);
	assert_int_equal(m->vs->delay_loop_us, 60 * MODEL_SEC);
	assert_int_equal(v4(&m->vs->rs->addr), 0x0a000002);
	assert_int_equal(m->vs->rs->weight, 1);
	assert_null(m->vs->rs->next);
	assert_int_equal(m->vs->rs->checks->retry, 2);
	assert_int_equal(status, CONFIG_WARNINGS);
}

static void test_broken_headers(void **state)
{
	struct model *m;

	(void)state;
	m = load("virtual_server 1.2.3 80 {\n"
		 "  real_server 10.0.0.2 80 {\n"
		 "  }\n"
		 "}\n"
		 "virtual_server fwmark abc {\n"
		 "}\n"
		 "virtual_server 10.0.0.1 70000 {\n"
		 "}\n"
		 VS("10.0.0.1 80", " sorry_server_inhibit\n sorry_server nope\n real_server 10.0.0.2 80 {\n }\n"));
	assert_string_equal(diags, "1: Invalid virtual server IP address/port 1.2.3/80 - skipping\n"
				   "5: invalid number 'abc'\n"
				   "5: virtual server fwmark 'abc' must be in [1, 4294967295] - ignoring\n"
				   "7: number '70000' outside range [1, 65535]\n"
				   "7: Invalid virtual server IP address/port 10.0.0.1/70000 - skipping\n"
				   "14: Ignoring sorry_server inhibit used before or without sorry_server\n"
				   "15: Invalid sorry server IP address nope - skipping\n");
	assert_int_equal(m->vs->port, 80);
	assert_null(m->vs->sorry);
	assert_null(m->vs->next);
}

static void test_unreadable(void **state)
{
	struct config_opts o = { .diag = collect };
	enum config_status st;

	(void)state;
	diags[0] = 0;
	assert_null(config_load("/nonexistent/keepalived.conf", &o, &st));
	assert_int_equal(st, CONFIG_UNUSABLE);
	assert_non_null(strstr(diags, "/nonexistent/keepalived.conf"));
}

/* ---- every default resolved ---- */

static int unresolved_server(const struct model_rs *rs)
{
	int bad = rs->port == MODEL_UNSET || rs->weight == MODEL_UNSET || rs->fwd == MODEL_UNSET ||
		  rs->inhibit_on_failure == MODEL_UNSET || rs->alpha == MODEL_UNSET || rs->retry == MODEL_UNSET ||
		  rs->delay_before_retry_us == MODEL_UNSET || rs->connect_timeout_us == MODEL_UNSET ||
		  rs->delay_loop_us == MODEL_UNSET || rs->warmup_us == MODEL_UNSET;

	for (const struct model_check *c = rs->checks; c; c = c->next)
		bad += c->connect_port == MODEL_UNSET || c->connect_timeout_us == MODEL_UNSET ||
		       c->delay_loop_us == MODEL_UNSET || c->delay_before_retry_us == MODEL_UNSET ||
		       c->warmup_us == MODEL_UNSET || c->retry == MODEL_UNSET || c->alpha == MODEL_UNSET ||
		       c->misc_timeout_us == MODEL_UNSET;
	return bad;
}

/* Nothing the engine reads is MODEL_UNSET once the model is loaded. */
static int unresolved(const struct model *m)
{
	int bad = 0;

	for (const struct model_vs *vs = m->vs; vs; vs = vs->next) {
		bad += vs->fwd == MODEL_UNSET || vs->retry == MODEL_UNSET || vs->weight == MODEL_UNSET ||
		       vs->delay_before_retry_us == MODEL_UNSET || vs->connect_timeout_us == MODEL_UNSET ||
		       vs->warmup_us == MODEL_UNSET || !vs->af || !vs->sched[0];
		if (vs->sorry)
			bad += unresolved_server(vs->sorry);
		for (const struct model_rs *rs = vs->rs; rs; rs = rs->next)
			bad += unresolved_server(rs);
	}
	for (const struct model_vsg *g = m->groups; g; g = g->next)
		for (const struct model_vsg_entry *e = g->entries; e; e = e->next)
			bad += e->port == MODEL_UNSET;
	return bad;
}

static void test_all_resolved(void **state)
{
	(void)state;
	/* every level leaves everything to the next */
	assert_int_equal(unresolved(load("virtual_server_group G {\n 10.0.0.1\n fwmark 3\n}\n"
					 "virtual_server group G {\n real_server 10.0.0.2 {\n  HTTP_GET {\n"
					 "   url {\n    path /\n   }\n  }\n  MISC_CHECK {\n   misc_path /x\n  }\n"
					 " }\n sorry_server 10.0.0.3\n}\n"
					 "virtual_server fwmark 1 {\n real_server 2001:db8::1 {\n  lvs_method TUN\n"
					 "  DNS_CHECK {\n  }\n }\n}\n")),
			 0);
	assert_non_null(loaded->vs->next);
}

/* ---- the corpus against keepalived 2.2.7's verdicts ---- */

/* Is a line under @root the checker side's business? */
static bool checker_side(const char *root)
{
	return !strcmp(root, "global_defs") || !strcmp(root, "virtual_server") ||
	       !strcmp(root, "virtual_server_group") || !strcmp(root, "SSL");
}

/* Did the last load report at @line? */
static bool reported_at(int line)
{
	char key[16];

	snprintf(key, sizeof(key), "%d: ", line);
	for (const char *s = diags; *s; s = strchr(s, '\n') + 1)
		if (!strncmp(s, key, strlen(key)))
			return true;
	return false;
}

/* Reports of the last load on the checker side, for a file keepalived passed. */
static int stray_reports(const char *name, char roots[][32])
{
	int bad = 0;

	for (const char *s = diags; *s; s = strchr(s, '\n') + 1) {
		int line = atoi(s);

		if (line > 0 && line < CORPUS_MAX_LINES && !checker_side(roots[line]))
			continue;
		printf("%s: keepalived passed it, xvsd said: %.*s\n", name, (int)(strchr(s, '\n') - s), s);
		bad++;
	}
	return bad;
}

static int matched; /* checker-side verdict lines xvsd reported at too */

/* One corpus file against its verdict @v. */
static int check_verdict(const struct verdict *v)
{
	static char roots[CORPUS_MAX_LINES][32];
	struct config_opts o = { .config_id = "lvs1", .diag = collect };
	const char *name = v->name, *at = v->msgs;
	char path[1024], msg[1024];
	int bad = 0;

	snprintf(path, sizeof(path), "%s/%s", corpus_dir(), name);
	diags[0] = 0;
	model_free(loaded);
	loaded = config_load(path, &o, &status);
	if (!loaded) {
		printf("%s: no model\n", name);
		return 1;
	}
	if (unresolved(loaded)) {
		printf("%s: MODEL_UNSET left in the model\n", name);
		bad++;
	}
	corpus_roots(path, roots);
	if (!v->exit_code)
		return stray_reports(name, roots);
	while (verdict_msg(&at, msg, sizeof(msg))) {
		int line = verdict_line(msg, NULL);

		if (!line || line >= CORPUS_MAX_LINES || !checker_side(roots[line]))
			continue;
		if (reported_at(line)) {
			matched++;
			continue;
		}
		printf("%s: keepalived said \"%s\", xvsd nothing at line %d\n", name, msg, line);
		bad++;
	}
	return bad;
}

static void test_corpus(void **state)
{
	char *verdicts = corpus_verdicts();
	const char *at = verdicts;
	struct verdict v;
	int files = 0, bad = 0;

	(void)state;
	while (verdict_next(&at, &v)) {
		bad += check_verdict(&v);
		files++;
	}
	free(verdicts);
	printf("%d files, %d checker-side verdict lines matched, %d mismatches\n", files, matched, bad);
	assert_true(files >= 38);
	assert_int_equal(bad, 0);
}

/* keepalived's own samples, where installed: all read into a model. */
static void test_samples(void **state)
{
	const char *dir = "/usr/share/doc/keepalived/samples";
	struct dirent *e;
	DIR *d = opendir(dir);

	(void)state;
	if (!d) {
		printf("no samples at %s\n", dir);
		return;
	}
	while ((e = readdir(d))) {
		struct config_opts o = { .diag = collect };
		char path[1024];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		diags[0] = 0;
		model_free(loaded);
		loaded = config_load(path, &o, &status);
		if (!loaded)
			fail_msg("%s: no model", e->d_name);
		if (unresolved(loaded))
			fail_msg("%s: MODEL_UNSET left in the model", e->d_name);
	}
	closedir(d);
}

static int setup(void **state)
{
	config_if_exists = fake_if_exists;
	return tmpdir_setup(state);
}

static int teardown(void **state)
{
	model_free(loaded);
	loaded = NULL;
	return tmpdir_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vs_forms),	 cmocka_unit_test(test_vs_defaults),
		cmocka_unit_test(test_rs_defaults),	 cmocka_unit_test(test_rs_removed),
		cmocka_unit_test(test_resolution_order), cmocka_unit_test(test_tcp_http),
		cmocka_unit_test(test_misc_smtp_dns),	 cmocka_unit_test(test_udp_file_bfd),
		cmocka_unit_test(test_checker_dropped),	 cmocka_unit_test(test_sorry_server),
		cmocka_unit_test(test_quorum),		 cmocka_unit_test(test_groups),
		cmocka_unit_test(test_global_defs),	 cmocka_unit_test(test_global_errors),
		cmocka_unit_test(test_scripts),		 cmocka_unit_test(test_broken_values),
		cmocka_unit_test(test_broken_headers),	 cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_all_resolved),	 cmocka_unit_test(test_samples),
		cmocka_unit_test(test_corpus),
	};
	size_t n = corpus_tests(sizeof(tests) / sizeof(tests[0]));

	return _cmocka_run_group_tests("keepalived.conf checker side", tests, n, setup, teardown);
}
