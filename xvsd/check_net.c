// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers of the network checker types (check_net.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check_net.h"

#define DEFAULT_TIMEOUT_US (5 * MODEL_SEC) /* keepalived's connect_timeout */

uint64_t netcheck_timeout_ms(const struct checker *c)
{
	int64_t us = c->conf->connect_timeout_us;

	if (us <= 0)
		us = DEFAULT_TIMEOUT_US;
	return ((uint64_t)us + 999) / 1000;
}

socklen_t netcheck_sockaddr_len(const struct sockaddr_storage *ss)
{
	switch (ss->ss_family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	default:
		return 0;
	}
}

int netcheck_sock_opts(int fd, const struct checker *c, bool bind_src)
{
	const struct model_check *conf = c->conf;

	if (conf->fwmark) {
		uint32_t mark = conf->fwmark;

		if (setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)))
			return -errno;
	}
	if (conf->bind_if[0]) {
		socklen_t len = strnlen(conf->bind_if, sizeof(conf->bind_if));

		if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, conf->bind_if, len))
			return -errno;
	}
	if (bind_src && c->src.ss_family &&
	    bind(fd, (const struct sockaddr *)&c->src, netcheck_sockaddr_len(&c->src)))
		return -errno;
	return 0;
}

uint16_t netcheck_port(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)ss)->sin_port);
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return 0;
}

const char *netcheck_addr(const struct sockaddr_storage *ss, bool with_port, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	const void *a = ss->ss_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
						  : (const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	inet_ntop(ss->ss_family, a, ip, sizeof(ip));
	if (!with_port)
		snprintf(buf, len, "%s", ip);
	else if (ss->ss_family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", ip, netcheck_port(ss));
	else
		snprintf(buf, len, "%s:%u", ip, netcheck_port(ss));
	return buf;
}

void netcheck_random(void *buf, size_t len)
{
	static bool seeded;
	uint8_t *p = buf;

	if (getrandom(buf, len, GRND_NONBLOCK) == (ssize_t)len)
		return;
	if (!seeded) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		srandom(ts.tv_sec ^ ts.tv_nsec);
		seeded = true;
	}
	for (size_t i = 0; i < len; i++)
		p[i] = random();
}

static void on_close(uv_handle_t *h)
{
	struct netcheck_att *a = h->data;

	if (--a->handles == 0)
		free(a);
}

void netcheck_close(uv_handle_t *h)
{
	if (!uv_is_closing(h))
		uv_close(h, on_close);
}

void *netcheck_att_new(struct checker *c, size_t size, void (*release)(struct netcheck_att *a), int *err)
{
	struct netcheck_att *a = calloc(1, size);

	if (!a) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = uv_timer_init(c->loop, &a->timer);
	if (*err) {
		free(a);
		return NULL;
	}
	netcheck_hold(a, (uv_handle_t *)&a->timer);
	a->release = release;
	return a;
}

void netcheck_arm(struct netcheck_att *a, uv_timer_cb cb)
{
	uv_timer_start(&a->timer, cb, netcheck_timeout_ms(a->c), 0);
}

void netcheck_begin(struct netcheck_att *a, struct checker *c, uv_timer_cb cb)
{
	a->c = c;
	c->priv = a;
	netcheck_arm(a, cb);
}

void netcheck_stop(struct checker *c)
{
	struct netcheck_att *a = c->priv;

	if (!a)
		return;
	netcheck_detach(a);
	a->release(a);
}

int netcheck_dgram_start(struct checker *c, size_t size, int (*open_sock)(struct netcheck_dgram *d, struct checker *c),
			 uv_poll_cb on_read, uv_timer_cb on_timeout)
{
	struct netcheck_dgram *d;
	int err;

	d = netcheck_att_new(c, size, netcheck_dgram_release, &err);
	if (!d)
		return err;
	d->fd = -1;
	err = open_sock(d, c);
	if (!err)
		err = uv_poll_init_socket(c->loop, &d->poll, d->fd);
	if (!err) {
		netcheck_hold(&d->att, (uv_handle_t *)&d->poll);
		err = uv_poll_start(&d->poll, UV_READABLE, on_read);
	}
	if (err) {
		netcheck_dgram_release(&d->att);
		return err;
	}
	netcheck_begin(&d->att, c, on_timeout);
	return 0;
}

void netcheck_dgram_release(struct netcheck_att *a)
{
	struct netcheck_dgram *d = (struct netcheck_dgram *)a;

	if (d->poll.data)
		netcheck_close((uv_handle_t *)&d->poll);
	netcheck_close((uv_handle_t *)&a->timer);
	if (d->fd >= 0)
		close(d->fd); /* after the poll's close, which stops it first */
	d->fd = -1;
}

int netcheck_sock_error(int fd)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || !err)
		err = EIO;
	return err;
}

struct checker *netcheck_detach(struct netcheck_att *a)
{
	struct checker *c = a->c;

	if (c) {
		c->priv = NULL;
		a->c = NULL;
	}
	return c;
}

void netcheck_vdone(struct netcheck_att *a, enum check_result result, const char *fmt, va_list ap)
{
	struct checker *c = netcheck_detach(a);

	if (!c)
		return;
	vsnprintf(a->why, sizeof(a->why), fmt, ap);
	checker_done(c, result, a->why);
}

void netcheck_done(struct netcheck_att *a, enum check_result result, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	netcheck_vdone(a, result, fmt, ap);
	va_end(ap);
}

void netcheck_end(struct netcheck_att *a, enum check_result result, const char *fmt, ...)
{
	va_list ap;

	a->release(a);
	va_start(ap, fmt);
	netcheck_vdone(a, result, fmt, ap);
	va_end(ap);
}
