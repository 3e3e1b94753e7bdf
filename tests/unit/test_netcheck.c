// SPDX-License-Identifier: GPL-2.0
/*
 * The network checker types (HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK,
 * UDP_CHECK, PING_CHECK) against real servers on loopback only: small
 * HTTP, SMTP, DNS and UDP servers on the test's own libuv loop, the one
 * the checkers run on, and `openssl s_server` (a child, stopped by its
 * PID) for TLS.  Each case builds struct checker objects as the engine
 * would, starts attempts and runs the loop until every one has called
 * back, bounded by a guard timer, then judges the results.  The group
 * leaves no process, file, socket or libuv handle behind.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>
#include <cmocka.h>

#include "check.h"
#include "model.h"
#include "tmpdir.h"

#define GUARD_MS 8000
#define TIMEOUT_US (400 * 1000) /* connect_timeout of most cases */
#define BODY "hello\n"
#define BODY_MD5 "b1946ac92492d2347c6235b4d2611184"
#define MANY 500

/* ---- the harness: checkers started by hand, the loop run until they called back ---- */

static uv_loop_t loop;
static uv_timer_t guard;
static struct model *m;
static int pending;      /* attempts started and not yet called back */
static bool in_start;    /* a type's start() is running */
static int early_done;   /* checker_done() from inside start(): a contract breach */

struct probe {
	struct checker c;
	int fired;
	enum check_result result;
	bool priv_cleared;       /* c->priv was NULL when checker_done() came */
	char why[256];
	uint64_t start_ns;
	uint64_t ms;             /* start() to checker_done() */
};

static void on_done(struct checker *c, enum check_result result, const char *why)
{
	struct probe *p = (struct probe *)c;

	if (in_start)
		early_done++;
	p->fired++;
	p->result = result;
	p->priv_cleared = !c->priv;
	snprintf(p->why, sizeof(p->why), "%s", why ? why : "");
	p->ms = (uv_hrtime() - p->start_ns) / 1000000;
	if (--pending == 0)
		uv_stop(&loop);
}

static void loopback(struct sockaddr_storage *ss, socklen_t *len, int af, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
	}
}

/* The types under test (the engine's type_of() is not linked in). */
static const struct check_type *type_of(enum model_check_type type)
{
	switch (type) {
	case CHECK_HTTP:
		return &check_http_type;
	case CHECK_SSL:
		return &check_ssl_type;
	case CHECK_SMTP:
		return &check_smtp_type;
	case CHECK_DNS:
		return &check_dns_type;
	case CHECK_UDP:
		return &check_udp_type;
	case CHECK_PING:
		return &check_ping_type;
	default:
		return NULL;
	}
}

/* A checker of @conf's type towards loopback of @af, @port. */
static void probe_init(struct probe *p, const struct model_check *conf, int af, uint16_t port)
{
	memset(p, 0, sizeof(*p));
	p->c.conf = conf;
	p->c.loop = &loop;
	p->c.type = type_of(conf->type);
	p->c.dynamic_weight = MODEL_UNSET;
	p->c.done = on_done;
	loopback(&p->c.dst, &p->c.dst_len, af, port);
}

static void probe_start(struct probe *p)
{
	int err;

	p->c.running = true;
	p->start_ns = uv_hrtime();
	in_start = true;
	err = p->c.type->start(&p->c);
	in_start = false;
	assert_int_equal(err, 0);
	pending++;
}

static void on_guard(uv_timer_t *t)
{
	(void)t;
	uv_stop(&loop);
}

/* Run the loop until every probe called back, or @max_ms passed. */
static void run_until_done(uint64_t max_ms)
{
	uv_timer_start(&guard, on_guard, max_ms, 0);
	if (pending)
		uv_run(&loop, UV_RUN_DEFAULT);
	uv_timer_stop(&guard);
}

/* Run the loop for @ms: the servers finish their side, closes complete. */
static void run_for(uint64_t ms)
{
	uv_timer_start(&guard, on_guard, ms, 0);
	uv_run(&loop, UV_RUN_DEFAULT);
}

/* Start @p and wait for its verdict. */
static void probe_run(struct probe *p)
{
	probe_start(p);
	run_until_done(GUARD_MS);
	assert_int_equal(p->fired, 1);
	assert_true(p->priv_cleared);
	assert_int_equal(early_done, 0);
}

static struct model_check *check_new(enum model_check_type type)
{
	struct model_check *conf = model_check_new(m, type);

	conf->connect_timeout_us = TIMEOUT_US;
	return conf;
}

static struct model_url *url_new(struct model_check *conf, const char *path)
{
	struct model_url *u = model_alloc(m, sizeof(*u));

	u->path = model_strdup(m, path);
	u->next = conf->urls;
	conf->urls = u;
	return u;
}

static void url_status(struct model_url *u, int code)
{
	u->status[code >> 3] |= 1u << (code & 7);
	u->status_set = true;
}

static int fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

#define expect_ok(p) \
	do { \
		if ((p)->result != CHECK_OK) \
			fail_msg("expected OK, got FAIL: %s", (p)->why); \
	} while (0)
#define expect_fail(p) \
	do { \
		if ((p)->result != CHECK_FAIL) \
			fail_msg("expected FAIL, got OK: %s", (p)->why); \
	} while (0)

/* ---- small servers on the loop ---- */

/* Where the last request to any server came from ("127.0.0.2"), for bindto. */
static char last_peer[64];

static void note_peer(const struct sockaddr *sa)
{
	const void *a = sa->sa_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
						  : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	inet_ntop(sa->sa_family, a, last_peer, sizeof(last_peer));
}

static void note_tcp_peer(uv_tcp_t *t)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss);

	if (!uv_tcp_getpeername(t, (struct sockaddr *)&ss, &len))
		note_peer((struct sockaddr *)&ss);
}

/* Connections the servers accepted carry this tag, so teardown frees them. */
static char conn_tag;

struct conn {
	uv_tcp_t tcp; /* first: freed through it */
	const void *srv;
	char in[4096];
	size_t len;
};

static void free_conn(uv_handle_t *h)
{
	free(h);
}

static void conn_close(struct conn *k)
{
	if (!uv_is_closing((uv_handle_t *)&k->tcp))
		uv_close((uv_handle_t *)&k->tcp, free_conn);
}

static void conn_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	struct conn *k = (struct conn *)h;

	(void)size;
	*buf = uv_buf_init(k->in + k->len, sizeof(k->in) - 1 - k->len);
}

/* accept_conn() - the next connection of @server, reading with @read_cb. */
static struct conn *accept_conn(uv_stream_t *server, const void *srv, uv_read_cb read_cb)
{
	struct conn *k = calloc(1, sizeof(*k));

	assert_non_null(k);
	uv_tcp_init(&loop, &k->tcp);
	k->tcp.data = &conn_tag;
	k->srv = srv;
	if (uv_accept(server, (uv_stream_t *)&k->tcp)) {
		conn_close(k);
		return NULL;
	}
	uv_read_start((uv_stream_t *)&k->tcp, conn_alloc, read_cb);
	return k;
}

static void reply(struct conn *k, const char *text)
{
	uv_buf_t b = uv_buf_init((char *)text, strlen(text));

	/* Loopback takes a few hundred bytes at once. */
	assert_int_equal(uv_try_write((uv_stream_t *)&k->tcp, &b, 1), (int)b.len);
}

static uint16_t bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
					      : ((struct sockaddr_in *)&ss)->sin_port);
}

static uint16_t handle_port(uv_handle_t *h)
{
	uv_os_fd_t fd;

	assert_int_equal(uv_fileno(h, &fd), 0);
	return bound_port(fd);
}

static uint16_t tcp_listen(uv_tcp_t *t, int af, uv_connection_cb cb)
{
	struct sockaddr_storage ss;
	socklen_t len;

	loopback(&ss, &len, af, 0);
	assert_int_equal(uv_tcp_init(&loop, t), 0);
	assert_int_equal(uv_tcp_bind(t, (struct sockaddr *)&ss, 0), 0);
	assert_int_equal(uv_listen((uv_stream_t *)t, 1024, cb), 0);
	return handle_port((uv_handle_t *)t);
}

static uint16_t udp_bind(uv_udp_t *u, int af, uv_udp_recv_cb cb, uv_alloc_cb alloc)
{
	struct sockaddr_storage ss;
	socklen_t len;

	loopback(&ss, &len, af, 0);
	assert_int_equal(uv_udp_init(&loop, u), 0);
	assert_int_equal(uv_udp_bind(u, (struct sockaddr *)&ss, 0), 0);
	assert_int_equal(uv_udp_recv_start(u, alloc, cb), 0);
	return handle_port((uv_handle_t *)u);
}

/* A socket bound to loopback of @af and @type, listening (TCP) or not. */
static int raw_bound(int af, int type, bool do_listen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = socket(af, type | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	loopback(&ss, &len, af, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&ss, len), 0);
	if (do_listen)
		assert_int_equal(listen(fd, 1024), 0);
	return fd;
}

/* A port of @type nobody listens on: bound, then closed. */
static uint16_t closed_port(int af, int type)
{
	int fd = raw_bound(af, type, false);
	uint16_t port = bound_port(fd);

	close(fd);
	return port;
}

/* HTTP: /ok answers BODY, /err 503, /redir 301 to /ok, /v11 an HTTP/1.1 200. */
static uv_tcp_t http4, http6;
static uint16_t http_port4, http_port6;
static char http_req[4096];
static int http_requests;

static const char *http_response(const char *req)
{
	if (!strncmp(req, "GET /ok ", 8))
		return "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\n" BODY;
	if (!strncmp(req, "GET /err ", 9))
		return "HTTP/1.0 503 Service Unavailable\r\nContent-Length: 6\r\n\r\n" BODY;
	if (!strncmp(req, "GET /redir ", 11))
		return "HTTP/1.0 301 Moved\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n";
	if (!strncmp(req, "GET /v11 ", 9))
		return "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n" BODY;
	return "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";
}

static void http_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *k = (struct conn *)s;

	(void)buf;
	if (nread < 0) {
		conn_close(k);
		return;
	}
	k->len += nread;
	k->in[k->len] = 0;
	if (!strstr(k->in, "\r\n\r\n"))
		return;
	snprintf(http_req, sizeof(http_req), "%s", k->in);
	http_requests++;
	note_tcp_peer(&k->tcp);
	reply(k, http_response(k->in));
	conn_close(k);
}

static void http_accept(uv_stream_t *server, int status)
{
	if (!status)
		accept_conn(server, NULL, http_read);
}

/* The hung server: a listening socket nobody accepts on; the kernel completes handshakes. */
static int hung_fd;
static uint16_t hung_port;

/* SMTP: a greeting, then a reply to HELO; QUIT gets 221. */
struct smtp_srv {
	uv_tcp_t tcp;
	const char *greeting, *helo_reply;
	uint16_t port;
};
static struct smtp_srv smtp_good = { .greeting = "220-smtp.test ESMTP\r\n220-second line\r\n220 ready\r\n",
				     .helo_reply = "250 smtp.test\r\n" };
static struct smtp_srv smtp_busy = { .greeting = "554 no service\r\n", .helo_reply = "250 smtp.test\r\n" };
static struct smtp_srv smtp_picky = { .greeting = "220 ready\r\n", .helo_reply = "550 go away\r\n" };
static char smtp_seen[1024];

static void smtp_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *k = (struct conn *)s;
	const struct smtp_srv *srv = k->srv;
	char *nl;

	(void)buf;
	if (nread < 0) {
		conn_close(k);
		return;
	}
	k->len += nread;
	while ((nl = memchr(k->in, '\n', k->len))) {
		size_t n = nl - k->in + 1, have = strlen(smtp_seen);

		snprintf(smtp_seen + have, sizeof(smtp_seen) - have, "%.*s", (int)n, k->in);
		if (!strncmp(k->in, "HELO ", 5))
			reply(k, srv->helo_reply);
		else if (!strncmp(k->in, "QUIT", 4))
			reply(k, "221 bye\r\n");
		k->len -= n;
		memmove(k->in, k->in + n, k->len);
	}
}

static void smtp_accept(uv_stream_t *server, int status)
{
	struct smtp_srv *srv = (struct smtp_srv *)server;
	struct conn *k;

	if (status)
		return;
	k = accept_conn(server, srv, smtp_read);
	if (k) {
		note_tcp_peer(&k->tcp);
		reply(k, srv->greeting);
	}
}

/* DNS: echo the query back as a response with the server's RCODE (handle data). */
static uv_udp_t dns_ok, dns_servfail;
static uint16_t dns_ok_port, dns_servfail_port;
static int dns_silent_fd;
static uint16_t dns_silent_port;
static uint8_t dns_query[512];
static ssize_t dns_query_len;
static int dns_queries;
static char dgram[65536];

static void dgram_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	(void)h;
	(void)size;
	*buf = uv_buf_init(dgram, sizeof(dgram));
}

static void dns_recv(uv_udp_t *u, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *from, unsigned flags)
{
	uv_buf_t b = uv_buf_init(buf->base, nread);

	(void)flags;
	if (nread < 12 || !from)
		return;
	dns_query_len = nread < (ssize_t)sizeof(dns_query) ? nread : (ssize_t)sizeof(dns_query);
	memcpy(dns_query, buf->base, dns_query_len);
	dns_queries++;
	note_peer(from);
	buf->base[2] |= 0x80;                              /* QR */
	buf->base[3] = 0x80 | (uintptr_t)u->data;          /* RA, RCODE */
	uv_udp_try_send(u, &b, 1, from);
}

/* UDP: an echo server, and a socket that never answers. */
static uv_udp_t echo4, echo6;
static uint16_t echo_port4, echo_port6;
static int silent_fd;
static uint16_t silent_port;

static void echo_recv(uv_udp_t *u, ssize_t nread, const uv_buf_t *buf, const struct sockaddr *from, unsigned flags)
{
	uv_buf_t b = uv_buf_init(buf->base, nread);

	(void)flags;
	if (nread >= 0 && from) {
		note_peer(from);
		uv_udp_try_send(u, &b, 1, from);
	}
}

/* ---- TLS: openssl s_server -WWW in a directory of its own ---- */

static uv_process_t tls_proc;
static uv_pipe_t tls_out;
static bool tls_running;
static uint16_t tls_port;
static char tls_text[4096];
static size_t tls_text_len;
static int64_t child_status;
static bool child_exited;

static void on_child_exit(uv_process_t *p, int64_t status, int sig)
{
	child_status = sig ? -sig : status;
	child_exited = true;
	uv_close((uv_handle_t *)p, NULL);
	if (p == &tls_proc)
		tls_running = false;
	uv_stop(&loop);
}

/* run_child() - run @argv in the test directory, no shell; its exit status. */
static int64_t run_child(char **argv)
{
	uv_process_t p;
	uv_stdio_container_t io[3] = { { .flags = UV_IGNORE }, { .flags = UV_IGNORE }, { .flags = UV_IGNORE } };
	uv_process_options_t o = { .file = argv[0], .args = argv, .cwd = tmpdir, .exit_cb = on_child_exit,
				   .stdio_count = 3, .stdio = io };

	child_exited = false;
	if (uv_spawn(&loop, &p, &o))
		return -1;
	uv_timer_start(&guard, on_guard, GUARD_MS, 0);
	while (!child_exited)
		uv_run(&loop, UV_RUN_ONCE);
	uv_timer_stop(&guard);
	uv_run(&loop, UV_RUN_NOWAIT); /* the process handle's close */
	return child_status;
}

static void tls_alloc(uv_handle_t *h, size_t size, uv_buf_t *buf)
{
	(void)h;
	(void)size;
	if (tls_text_len >= sizeof(tls_text) - 1)
		tls_text_len = 0; /* what follows ACCEPT is not read: keep the pipe drained */
	*buf = uv_buf_init(tls_text + tls_text_len, sizeof(tls_text) - 1 - tls_text_len);
}

static void tls_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	const char *a;

	(void)s;
	(void)buf;
	if (nread <= 0)
		return;
	tls_text_len += nread;
	tls_text[tls_text_len] = 0;
	a = strstr(tls_text, "ACCEPT 127.0.0.1:");
	if (!tls_port && a && strchr(a, '\n')) {
		tls_port = atoi(a + strlen("ACCEPT 127.0.0.1:"));
		uv_stop(&loop);
	}
}

/* tls_start() - a throw-away key and certificate, and s_server on them; false: no openssl. */
static bool tls_start(void)
{
	char *req[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
			"-nodes", "-keyout", "k.pem", "-out", "c.pem", "-subj", "/CN=netcheck.test", "-days", "1",
			NULL };
	char *srv[] = { "openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", "c.pem", "-key", "k.pem",
			"-cert2", "c.pem", "-key2", "k.pem", "-servername", "good.test", "-servername_fatal", "-WWW",
			NULL };
	uv_stdio_container_t io[3] = {
		{ .flags = UV_IGNORE },
		{ .flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&tls_out },
		{ .flags = UV_IGNORE },
	};
	uv_process_options_t o = { .file = "openssl", .args = srv, .cwd = tmpdir, .exit_cb = on_child_exit,
				   .stdio_count = 3, .stdio = io };

	tmpdir_write("page.txt", BODY);
	if (run_child(req) != 0)
		return false;
	uv_pipe_init(&loop, &tls_out, 0);
	if (uv_spawn(&loop, &tls_proc, &o)) {
		uv_close((uv_handle_t *)&tls_out, NULL);
		return false;
	}
	tls_running = true;
	uv_read_start((uv_stream_t *)&tls_out, tls_alloc, tls_read);
	uv_timer_start(&guard, on_guard, GUARD_MS, 0);
	while (!tls_port && tls_running)
		uv_run(&loop, UV_RUN_ONCE);
	uv_timer_stop(&guard);
	return tls_port;
}

static void tls_stop(void)
{
	if (tls_running) {
		uv_process_kill(&tls_proc, SIGTERM);
		uv_timer_start(&guard, on_guard, GUARD_MS, 0);
		while (tls_running)
			uv_run(&loop, UV_RUN_ONCE);
		uv_timer_stop(&guard);
	}
	if (tls_out.loop && !uv_is_closing((uv_handle_t *)&tls_out))
		uv_close((uv_handle_t *)&tls_out, NULL);
}

/* ---- group setup and teardown ---- */

static const enum model_check_type types[] = {
	CHECK_HTTP, CHECK_SSL, CHECK_SMTP, CHECK_DNS, CHECK_UDP, CHECK_PING,
};

static int setup(void **state)
{
	if (uv_loop_init(&loop) || uv_timer_init(&loop, &guard) || tmpdir_setup(state))
		return -1;
	m = model_new();
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const struct check_type *t = type_of(types[i]);

		if (!t || (t->init && t->init(&loop)))
			return -1;
	}
	http_port4 = tcp_listen(&http4, AF_INET, http_accept);
	http_port6 = tcp_listen(&http6, AF_INET6, http_accept);
	hung_fd = raw_bound(AF_INET, SOCK_STREAM, true);
	hung_port = bound_port(hung_fd);
	smtp_good.port = tcp_listen(&smtp_good.tcp, AF_INET, smtp_accept);
	smtp_busy.port = tcp_listen(&smtp_busy.tcp, AF_INET, smtp_accept);
	smtp_picky.port = tcp_listen(&smtp_picky.tcp, AF_INET, smtp_accept);
	dns_ok_port = udp_bind(&dns_ok, AF_INET, dns_recv, dgram_alloc);
	dns_ok.data = (void *)0;
	dns_servfail_port = udp_bind(&dns_servfail, AF_INET, dns_recv, dgram_alloc);
	dns_servfail.data = (void *)2;
	dns_silent_fd = raw_bound(AF_INET, SOCK_DGRAM, false);
	dns_silent_port = bound_port(dns_silent_fd);
	echo_port4 = udp_bind(&echo4, AF_INET, echo_recv, dgram_alloc);
	echo_port6 = udp_bind(&echo6, AF_INET6, echo_recv, dgram_alloc);
	silent_fd = raw_bound(AF_INET, SOCK_DGRAM, false);
	silent_port = bound_port(silent_fd);
	if (!tls_start())
		printf("no openssl s_server: the SSL_GET case is skipped\n");
	return 0;
}

static void close_any(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, h->data == &conn_tag ? free_conn : NULL);
}

static int teardown(void **state)
{
	int rc;

	tls_stop();
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const struct check_type *t = type_of(types[i]);

		if (t->fini)
			t->fini();
	}
	close(hung_fd);
	close(dns_silent_fd);
	close(silent_fd);
	uv_walk(&loop, close_any, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	model_free(m);
	rc = tmpdir_teardown(state);
	return uv_loop_close(&loop) || rc ? -1 : 0;
}

/* ---- HTTP_GET ---- */

/* A 200 passes; the request is keepalived's: HTTP/1.0, its User-Agent, Host ip:port, no Accept. */
static void test_http_ok(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct probe p;
	char host[64];

	(void)state;
	url_new(conf, "/ok");
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_ok(&p);
	assert_non_null(strstr(http_req, "GET /ok HTTP/1.0\r\n"));
	assert_non_null(strstr(http_req, "\r\nUser-Agent: KeepAliveClient\r\n"));
	snprintf(host, sizeof(host), "\r\nHost: 127.0.0.1:%u\r\n", http_port4);
	assert_non_null(strstr(http_req, host));
	assert_null(strstr(http_req, "Accept"));
	assert_null(strstr(http_req, "Connection"));

	/* IPv6: the Host's address is bracketed. */
	probe_init(&p, conf, AF_INET6, http_port6);
	probe_run(&p);
	expect_ok(&p);
	snprintf(host, sizeof(host), "\r\nHost: [::1]:%u\r\n", http_port6);
	assert_non_null(strstr(http_req, host));
}

/* The url's virtualhost wins over the checker's (c->virtualhost); http_protocol 1.0C and 1.1. */
static void test_http_vhost_protocol(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct model_url *u = url_new(conf, "/ok");
	struct probe p;

	(void)state;
	probe_init(&p, conf, AF_INET, http_port4);
	p.c.virtualhost = "rs.example";
	probe_run(&p);
	expect_ok(&p);
	assert_non_null(strstr(http_req, "\r\nHost: rs.example\r\n"));

	u->virtualhost = model_strdup(m, "url.example");
	probe_init(&p, conf, AF_INET, http_port4);
	p.c.virtualhost = "rs.example";
	probe_run(&p);
	expect_ok(&p);
	assert_non_null(strstr(http_req, "\r\nHost: url.example\r\n"));

	conf->http_protocol = 1;
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_ok(&p);
	assert_non_null(strstr(http_req, "GET /ok HTTP/1.0\r\n"));
	assert_non_null(strstr(http_req, "\r\nConnection: close\r\n"));

	conf->http_protocol = 2;
	u->path = model_strdup(m, "/v11");
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_ok(&p);
	assert_non_null(strstr(http_req, "GET /v11 HTTP/1.1\r\n"));
}

/* 200-299 by default; status_code replaces the default; a redirect is not followed. */
static void test_http_status(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct model_url *u = url_new(conf, "/err");
	struct probe p;
	int before;

	(void)state;
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, "status_code [503]"));

	url_status(u, 503);
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_ok(&p);

	u->path = model_strdup(m, "/ok");
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_fail(&p);

	u->path = model_strdup(m, "/redir");
	memset(u->status, 0, sizeof(u->status));
	u->status_set = false;
	before = http_requests;
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_fail(&p);
	run_for(50);
	assert_int_equal(http_requests, before + 1);
}

/* digest: the MD5 of the body, lower-case hex. */
static void test_http_digest(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct model_url *u = url_new(conf, "/ok");
	struct probe p;

	(void)state;
	u->digest = model_strdup(m, BODY_MD5);
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_ok(&p);

	u->digest = model_strdup(m, "00000000000000000000000000000000");
	probe_init(&p, conf, AF_INET, http_port4);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, BODY_MD5)); /* the log tells what came */
}

/* regex over the body, and regex_no_match; c->url picks the url of the attempt. */
static void test_http_regex(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct model_url *hit = url_new(conf, "/ok"), *miss = url_new(conf, "/ok");
	struct probe p;

	(void)state;
	hit->regex = model_strdup(m, "^hel+o$");
	miss->regex = model_strdup(m, "bye|ciao");

	probe_init(&p, conf, AF_INET, http_port4);
	p.c.url = hit;
	probe_run(&p);
	expect_ok(&p);

	probe_init(&p, conf, AF_INET, http_port4);
	p.c.url = miss;
	probe_run(&p);
	expect_fail(&p);

	hit->regex_no_match = miss->regex_no_match = true;
	probe_init(&p, conf, AF_INET, http_port4);
	p.c.url = hit;
	probe_run(&p);
	expect_fail(&p);

	probe_init(&p, conf, AF_INET, http_port4);
	p.c.url = miss;
	probe_run(&p);
	expect_ok(&p);
}

/* A server that accepts and never answers costs one connect_timeout; a closed port fails at once. */
static void test_http_timeout_refused(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct probe p;

	(void)state;
	url_new(conf, "/ok");
	probe_init(&p, conf, AF_INET, hung_port);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, "timeout"));
	assert_true(p.ms >= TIMEOUT_US / 1000 - 5 && p.ms < TIMEOUT_US / 1000 + 300);

	probe_init(&p, conf, AF_INET, closed_port(AF_INET, SOCK_STREAM));
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms < TIMEOUT_US / 1000);
}

/* MANY checkers in flight against the hung server all fail by timeout in about one connect_timeout. */
static void test_http_many(void **state)
{
	struct model_check *conf = check_new(CHECK_HTTP);
	struct probe *p = calloc(MANY, sizeof(*p));
	uint64_t t0 = uv_hrtime(), total;
	int fds = fd_count();

	(void)state;
	assert_non_null(p);
	conf->connect_timeout_us = 1000 * 1000;
	url_new(conf, "/ok");
	for (int i = 0; i < MANY; i++) {
		probe_init(&p[i], conf, AF_INET, hung_port);
		probe_start(&p[i]);
	}
	run_until_done(GUARD_MS);
	total = (uv_hrtime() - t0) / 1000000;
	for (int i = 0; i < MANY; i++) {
		assert_int_equal(p[i].fired, 1);
		expect_fail(&p[i]);
		assert_true(p[i].ms >= 995);
	}
	assert_true(total < 2500);
	run_for(50);
	assert_int_equal(fd_count(), fds);
	free(p);
}

/* ---- SSL_GET ---- */

/* TLS without verification; digest over TLS; SNI is sent (s_server refuses a wrong name). */
static void test_ssl(void **state)
{
	struct model_check *conf = check_new(CHECK_SSL);
	struct model_url *u = url_new(conf, "/page.txt");
	struct probe p;

	(void)state;
	/* A TCP accept and no TLS handshake: one connect_timeout. */
	probe_init(&p, conf, AF_INET, hung_port);
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms >= TIMEOUT_US / 1000 - 5 && p.ms < TIMEOUT_US / 1000 + 300);

	if (!tls_port)
		skip();
	conf->connect_timeout_us = 3 * MODEL_SEC;
	u->digest = model_strdup(m, BODY_MD5);
	probe_init(&p, conf, AF_INET, tls_port);
	probe_run(&p);
	expect_ok(&p);

	conf->sni_name = model_strdup(m, "good.test");
	probe_init(&p, conf, AF_INET, tls_port);
	probe_run(&p);
	expect_ok(&p);

	conf->sni_name = model_strdup(m, "bad.test");
	probe_init(&p, conf, AF_INET, tls_port);
	probe_run(&p);
	expect_fail(&p);

	/* enable_sni sends the virtualhost. */
	conf->sni_name = NULL;
	conf->enable_sni = true;
	probe_init(&p, conf, AF_INET, tls_port);
	p.c.virtualhost = "bad.test";
	probe_run(&p);
	expect_fail(&p);
	probe_init(&p, conf, AF_INET, tls_port);
	p.c.virtualhost = "good.test";
	probe_run(&p);
	expect_ok(&p);

	u->digest = model_strdup(m, "00000000000000000000000000000000");
	probe_init(&p, conf, AF_INET, tls_port);
	probe_run(&p);
	expect_fail(&p);
}

/* ---- SMTP_CHECK ---- */

static void test_smtp(void **state)
{
	struct model_check *conf = check_new(CHECK_SMTP);
	struct probe p;

	(void)state;
	smtp_seen[0] = 0;
	probe_init(&p, conf, AF_INET, smtp_good.port);
	probe_run(&p);
	expect_ok(&p);
	run_for(50); /* the server reads the QUIT */
	assert_string_equal(smtp_seen, "HELO smtpchecker.keepalived.org\r\nQUIT\r\n");

	smtp_seen[0] = 0;
	conf->helo_name = model_strdup(m, "lb1.example");
	probe_init(&p, conf, AF_INET, smtp_good.port);
	probe_run(&p);
	expect_ok(&p);
	run_for(50);
	assert_string_equal(smtp_seen, "HELO lb1.example\r\nQUIT\r\n");

	probe_init(&p, conf, AF_INET, smtp_busy.port);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, "554"));

	probe_init(&p, conf, AF_INET, smtp_picky.port);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, "550"));

	probe_init(&p, conf, AF_INET, hung_port);
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms >= TIMEOUT_US / 1000 - 5);

	probe_init(&p, conf, AF_INET, closed_port(AF_INET, SOCK_STREAM));
	probe_run(&p);
	expect_fail(&p);
}

/* ---- DNS_CHECK ---- */

/* Default query: SOA of the root, RD, class IN, a random ID; NOERROR passes. */
static void test_dns(void **state)
{
	static const uint8_t root_soa[] = { 0, 0, 6, 0, 1 };
	static const uint8_t a_example[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1 };
	struct model_check *conf = check_new(CHECK_DNS);
	struct probe p;
	uint16_t id1;

	(void)state;
	probe_init(&p, conf, AF_INET, dns_ok_port);
	probe_run(&p);
	expect_ok(&p);
	assert_int_equal(dns_query_len, 12 + sizeof(root_soa));
	assert_true(dns_query[2] & 0x01);                  /* RD */
	assert_false(dns_query[2] & 0x80);                 /* a query */
	assert_int_equal(dns_query[4] << 8 | dns_query[5], 1); /* QDCOUNT */
	assert_memory_equal(dns_query + 12, root_soa, sizeof(root_soa));
	id1 = dns_query[0] << 8 | dns_query[1];

	conf->dns_type = 1;
	conf->dns_name = model_strdup(m, "example.com");
	probe_init(&p, conf, AF_INET, dns_ok_port);
	probe_run(&p);
	expect_ok(&p);
	assert_int_equal(dns_query_len, 12 + sizeof(a_example));
	assert_memory_equal(dns_query + 12, a_example, sizeof(a_example));
	assert_int_not_equal(dns_query[0] << 8 | dns_query[1], id1);

	probe_init(&p, conf, AF_INET, dns_servfail_port);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, "SERVFAIL"));

	probe_init(&p, conf, AF_INET, dns_silent_port);
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms >= TIMEOUT_US / 1000 - 5 && p.ms < TIMEOUT_US / 1000 + 300);

	probe_init(&p, conf, AF_INET, closed_port(AF_INET, SOCK_DGRAM));
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms < TIMEOUT_US / 1000);
}

/* ---- UDP_CHECK ---- */

static void test_udp_no_reply_needed(void **state)
{
	struct model_check *conf = check_new(CHECK_UDP);
	struct probe p;

	(void)state;
	/* A closed port answers ICMP port unreachable: fail at once. */
	probe_init(&p, conf, AF_INET, closed_port(AF_INET, SOCK_DGRAM));
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms < TIMEOUT_US / 1000);
	probe_init(&p, conf, AF_INET6, closed_port(AF_INET6, SOCK_DGRAM));
	probe_run(&p);
	expect_fail(&p);

	/* Silence until the timeout passes, as does any reply. */
	probe_init(&p, conf, AF_INET, silent_port);
	probe_run(&p);
	expect_ok(&p);
	assert_true(p.ms >= TIMEOUT_US / 1000 - 5);
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_ok(&p);
	assert_true(p.ms < TIMEOUT_US / 1000);
}

static void test_udp_require_reply(void **state)
{
	static const uint8_t ping[] = { 'p', 'i', 'n', 'g', 0, 1 };
	struct model_check *conf = check_new(CHECK_UDP);
	struct probe p;

	(void)state;
	conf->payload = (uint8_t *)ping;
	conf->payload_len = sizeof(ping);
	conf->require_reply = true;
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_ok(&p);
	probe_init(&p, conf, AF_INET6, echo_port6);
	probe_run(&p);
	expect_ok(&p);

	/* The reply starts as expected (keepalived compares the shorter length). */
	conf->reply = (uint8_t *)"pin";
	conf->reply_len = 3;
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_ok(&p);
	conf->reply = (uint8_t *)"pong";
	conf->reply_len = 4;
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_fail(&p);
	assert_non_null(strstr(p.why, "mismatch"));

	conf->reply = NULL;
	conf->reply_len = 0;
	conf->max_reply_len = 5;
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_fail(&p);
	conf->max_reply_len = 6;
	conf->min_reply_len = 7;
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_fail(&p);
	conf->min_reply_len = 6;
	probe_init(&p, conf, AF_INET, echo_port4);
	probe_run(&p);
	expect_ok(&p);

	/* No reply: fail by timeout. */
	probe_init(&p, conf, AF_INET, silent_port);
	probe_run(&p);
	expect_fail(&p);
	assert_true(p.ms >= TIMEOUT_US / 1000 - 5);
}

/* ---- PING_CHECK ---- */

/* ICMP sockets: root's raw ones, or datagram ones where ping_group_range allows. */
static bool can_ping(void)
{
	int fd;

	if (!geteuid())
		return true;
	fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void test_ping(void **state)
{
	struct model_check *conf = check_new(CHECK_PING);
	struct probe p4, p6;

	(void)state;
	if (!can_ping())
		skip();
	probe_init(&p4, conf, AF_INET, 0);
	probe_init(&p6, conf, AF_INET6, 0);
	probe_start(&p4);
	probe_start(&p6);
	run_until_done(GUARD_MS);
	assert_int_equal(p4.fired, 1);
	assert_int_equal(p6.fired, 1);
	expect_ok(&p4);
	expect_ok(&p6);
	assert_true(p4.ms < TIMEOUT_US / 1000);
	assert_true(p6.ms < TIMEOUT_US / 1000);
}

/* ---- the connection options every type shares ---- */

/* bindto: the servers see the checks come from 127.0.0.2; fwmark (root: SO_MARK) is accepted. */
static void test_bindto_fwmark(void **state)
{
	static const enum model_check_type bound[] = { CHECK_HTTP, CHECK_SMTP, CHECK_DNS, CHECK_UDP, CHECK_PING };
	struct sockaddr_in *src;
	struct probe p;

	(void)state;
	for (size_t i = 0; i < sizeof(bound) / sizeof(bound[0]); i++) {
		struct model_check *conf = check_new(bound[i]);
		uint16_t port = 0;

		if (bound[i] == CHECK_PING && !can_ping())
			continue;
		if (!geteuid())
			conf->fwmark = 0x1234;
		switch (bound[i]) {
		case CHECK_HTTP:
			url_new(conf, "/ok");
			port = http_port4;
			break;
		case CHECK_SMTP:
			port = smtp_good.port;
			break;
		case CHECK_DNS:
			port = dns_ok_port;
			break;
		case CHECK_UDP:
			conf->require_reply = true;
			port = echo_port4;
			break;
		default:
			break;
		}
		probe_init(&p, conf, AF_INET, port);
		src = (struct sockaddr_in *)&p.c.src;
		src->sin_family = AF_INET;
		src->sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1);
		p.c.src_len = sizeof(*src);
		last_peer[0] = 0;
		probe_run(&p);
		expect_ok(&p);
		if (bound[i] != CHECK_PING)
			assert_string_equal(last_peer, "127.0.0.2");
	}
}

/* ---- stop() ---- */

/* An attempt stopped in flight never calls back and leaves nothing open. */
static void test_stop(void **state)
{
	struct model_check *http = check_new(CHECK_HTTP), *smtp = check_new(CHECK_SMTP),
			   *dns = check_new(CHECK_DNS), *udp = check_new(CHECK_UDP), *ping = check_new(CHECK_PING);
	static struct probe p[5]; /* static: a failed case must not leave the loop stack pointers */
	int n = can_ping() ? 5 : 4, fds;

	(void)state;
	run_for(50);
	fds = fd_count();
	url_new(http, "/ok");
	probe_init(&p[0], http, AF_INET, hung_port);
	probe_init(&p[1], smtp, AF_INET, hung_port);
	probe_init(&p[2], dns, AF_INET, dns_silent_port);
	probe_init(&p[3], udp, AF_INET, silent_port);
	probe_init(&p[4], ping, AF_INET, 0);
	for (int i = 0; i < n; i++)
		probe_start(&p[i]);
	/* Stopped before the loop runs: even PING's loopback reply is never seen. */
	for (int i = 0; i < n; i++) {
		p[i].c.type->stop(&p[i].c);
		assert_null(p[i].c.priv);
		pending--;
	}
	run_for(TIMEOUT_US / 1000 + 200);
	for (int i = 0; i < n; i++)
		assert_int_equal(p[i].fired, 0);
	assert_int_equal(fd_count(), fds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_ok),
		cmocka_unit_test(test_http_vhost_protocol),
		cmocka_unit_test(test_http_status),
		cmocka_unit_test(test_http_digest),
		cmocka_unit_test(test_http_regex),
		cmocka_unit_test(test_http_timeout_refused),
		cmocka_unit_test(test_http_many),
		cmocka_unit_test(test_ssl),
		cmocka_unit_test(test_smtp),
		cmocka_unit_test(test_dns),
		cmocka_unit_test(test_udp_no_reply_needed),
		cmocka_unit_test(test_udp_require_reply),
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_bindto_fwmark),
		cmocka_unit_test(test_stop),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("network checkers", tests, setup, teardown);
}
