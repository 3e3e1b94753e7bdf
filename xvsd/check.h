/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Health checkers: one struct checker per checker block of the running
 * configuration, each run on the daemon's libuv loop.  A checker type
 * (check_tcp.c, check_http.c, ...) does one attempt at a time: start()
 * begins it, and the type calls checker_done() exactly once when it is
 * over, by success, failure or its own timeout, never from inside start().
 * The timing between attempts (delay_loop, retry, delay_before_retry,
 * warmup, alpha) is the engine's (check.c), as keepalived's, so a type
 * only answers "did this one attempt pass".
 */
#ifndef XVSD_CHECK_H
#define XVSD_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "model.h"

struct checker;

enum check_result {
	CHECK_OK,
	CHECK_FAIL,
};

struct check_type {
	enum model_check_type type;
	/* Once per loop before the first checker of the type starts, and at exit (both may be NULL). */
	int (*init)(uv_loop_t *loop);
	void (*fini)(void);
	/*
	 * start() - begin one attempt of @c.  Returns 0, or -errno when the
	 * attempt could not even begin (counted as a failure by the caller,
	 * checker_done() must then not be called).
	 */
	int (*start)(struct checker *c);
	/* stop() - abandon @c's attempt in progress: no checker_done() after it. */
	void (*stop)(struct checker *c);
};

/* What a checker type reads, and the engine's state of it. */
struct checker {
	const struct model_check *conf;   /* timing fields resolved */
	const struct model_rs *rs;
	const struct model_vs *vs;
	const struct model_global *global; /* script_user for MISC_CHECK */
	uv_loop_t *loop;
	const struct check_type *type;

	/* Where to connect: connect_ip/connect_port, else the RS's. */
	struct sockaddr_storage dst;
	socklen_t dst_len;
	/* bindto/bind_port; ss_family 0: none. */
	struct sockaddr_storage src;
	socklen_t src_len;
	/* HTTP/SSL: the Host to send when a url has none (checker, RS, VS vhost), or NULL. */
	const char *virtualhost;
	/* For logs: "[192.0.2.11]:80" and keepalived's "service [192.0.2.11]:tcp:80". */
	char rs_name[MODEL_NAME_LEN];
	char vs_name[MODEL_NAME_LEN];

	/* Attempt state, the type's own (freed by the type at checker_done/stop). */
	void *priv;
	/*
	 * MISC_CHECK with misc_dynamic: the weight its last exit asked for
	 * (exit - 2), MODEL_UNSET otherwise.  Set by the type before checker_done().
	 */
	int64_t dynamic_weight;
	/* HTTP/SSL: the url the next attempt fetches (the engine moves it on). */
	const struct model_url *url;

	/* The engine's state machine (check.c). */
	bool is_up;
	bool has_run;
	bool running;
	int retry_it;
	uint64_t started_us;             /* when the attempt in progress began (loop ms * 1000) */
	int64_t due_ms;                  /* first run in this many ms (a reload's carry), -1: warmup */
	uint64_t attempts, failures;
	uv_timer_t timer;
	void *owner;                     /* the engine's real-server record */
	/* Where checker_done() goes: the engine's state machine, or a test's. */
	void (*done)(struct checker *c, enum check_result result, const char *why);
	struct checker *next;
};

/* checker_done() - the attempt of @c is over with @result; @why says what failed (logged). */
static inline void checker_done(struct checker *c, enum check_result result, const char *why)
{
	c->running = false;
	c->done(c, result, why);
}

/* The checker types, by model type (NULL where there is none). */
const struct check_type *check_type_of(enum model_check_type type);

extern const struct check_type check_tcp_type, check_misc_type, check_http_type, check_ssl_type,
	check_smtp_type, check_dns_type, check_udp_type, check_ping_type;

#include "log.h"

#endif /* XVSD_CHECK_H */
