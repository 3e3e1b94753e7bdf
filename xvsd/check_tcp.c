// SPDX-License-Identifier: GPL-2.0
/*
 * TCP_CHECK: the connection is made within connect_timeout, then closed
 * (keepalived's check_tcp.c).  Nothing is sent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"

struct tcp_attempt {
	struct checker *c;
	uv_tcp_t tcp;
	uv_timer_t timer;
	uv_connect_t req;
	int handles;
	bool over;
};

static void closed(uv_handle_t *h)
{
	struct tcp_attempt *a = h->data;

	if (--a->handles == 0)
		free(a);
}

/* End the attempt: close its handles, and tell the engine unless stopped. */
static void end(struct tcp_attempt *a, bool report, enum check_result r, const char *why)
{
	struct checker *c = a->c;

	if (a->over)
		return;
	a->over = true;
	c->priv = NULL;
	uv_close((uv_handle_t *)&a->tcp, closed);
	uv_close((uv_handle_t *)&a->timer, closed);
	if (report)
		checker_done(c, r, why);
}

static void on_connect(uv_connect_t *req, int status)
{
	struct tcp_attempt *a = req->data;

	if (status == UV_ECANCELED)
		return;
	end(a, true, status ? CHECK_FAIL : CHECK_OK, status ? uv_strerror(status) : NULL);
}

static void on_timeout(uv_timer_t *t)
{
	end(t->data, true, CHECK_FAIL, "timeout");
}

/* A socket as the checker's options want it: bound, marked. Returns 0 or a libuv error. */
static int prepare(struct checker *c, uv_tcp_t *tcp)
{
	int rc = uv_tcp_init_ex(c->loop, tcp, c->dst.ss_family);
	uv_os_fd_t fd;

	if (rc)
		return rc;
	if (c->conf->fwmark && !uv_fileno((uv_handle_t *)tcp, &fd) &&
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &c->conf->fwmark, sizeof(c->conf->fwmark)))
		return uv_translate_sys_error(errno);
	if (c->src.ss_family)
		rc = uv_tcp_bind(tcp, (const struct sockaddr *)&c->src, 0);
	return rc;
}

static int tcp_start(struct checker *c)
{
	struct tcp_attempt *a = calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return -ENOMEM;
	a->c = c;
	a->tcp.data = a->timer.data = a->req.data = a;
	rc = prepare(c, &a->tcp);
	if (rc == 0)
		rc = uv_tcp_connect(&a->req, &a->tcp, (const struct sockaddr *)&c->dst, on_connect);
	uv_timer_init(c->loop, &a->timer);
	a->handles = 2;
	if (rc) {
		/* Refused at once (no route, bad bind): fail on the next turn of the loop. */
		uv_timer_start(&a->timer, on_timeout, 0, 0);
		xvsd_log(LOG_DEBUG, "TCP connection to %s: %s", c->rs_name, uv_strerror(rc));
	} else {
		uv_timer_start(&a->timer, on_timeout, (c->conf->connect_timeout_us + 999) / 1000, 0);
	}
	c->priv = a;
	return 0;
}

static void tcp_stop(struct checker *c)
{
	if (c->priv)
		end(c->priv, false, CHECK_FAIL, NULL);
}

const struct check_type check_tcp_type = {
	.type = CHECK_TCP,
	.start = tcp_start,
	.stop = tcp_stop,
};
