// SPDX-License-Identifier: GPL-2.0
/*
 * UDP_CHECK (../shared/specs/keepalived.md 3.2): send the payload (an
 * empty datagram without one) on a connected UDP socket and wait up to
 * connect_timeout.  An ICMP error fails the attempt: the socket is
 * connected and has IP_RECVERR, so the kernel hands back port unreachable
 * (ECONNREFUSED) and every other ICMP error for this flow.
 *
 * Without require_reply, silence until the timeout or any reply is a
 * success, as keepalived's.  With it, the first reply decides: it must
 * hold between min_reply_length and max_reply_length bytes (0: no limit)
 * and start as the require_reply bytes do, over the shorter of the two
 * (keepalived's prefix compare, so a reply shorter than the pattern
 * passes when it is a prefix of it).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_net.h"

#define UDP_REPLY_MAX 65536 /* the largest datagram */

struct udp_att {
	struct netcheck_att base; /* first: the block is freed through it */
	uv_poll_t poll;
	uv_timer_t timer;
	int fd;
	char dst[64];
};

/* udp_release() - close @a's socket and handles (the block goes with the last). */
static void udp_release(struct udp_att *a)
{
	if (a->poll.data)
		netcheck_close((uv_handle_t *)&a->poll);
	netcheck_close((uv_handle_t *)&a->timer);
	if (a->fd >= 0)
		close(a->fd); /* after the poll's close, which stops it first */
	a->fd = -1;
}

static void __attribute__((format(printf, 3, 4))) udp_end(struct udp_att *a, enum check_result result,
							 const char *fmt, ...)
{
	va_list ap;

	udp_release(a);
	va_start(ap, fmt);
	netcheck_vdone(&a->base, result, fmt, ap);
	va_end(ap);
}

static void on_timeout(uv_timer_t *t)
{
	struct udp_att *a = t->data;

	if (!a->base.c)
		return;
	if (a->base.c->conf->require_reply)
		udp_end(a, CHECK_FAIL, "UDP_CHECK: no reply from %s", a->dst);
	else
		udp_end(a, CHECK_OK, "UDP_CHECK: no error from %s", a->dst);
}

/* udp_judge() - the reply @buf of @len bytes (@len beyond the buffer when truncated). */
static void udp_judge(struct udp_att *a, const uint8_t *buf, size_t len)
{
	const struct model_check *conf = a->base.c->conf;
	size_t cmp = len < conf->reply_len ? len : conf->reply_len;

	if (!conf->require_reply) {
		udp_end(a, CHECK_OK, "UDP_CHECK: reply from %s", a->dst);
		return;
	}
	if (conf->min_reply_len && len < (size_t)conf->min_reply_len) {
		udp_end(a, CHECK_FAIL, "UDP_CHECK: reply of %zu bytes from %s, less than min_reply_length %d", len,
			a->dst, conf->min_reply_len);
		return;
	}
	if (conf->max_reply_len && len > (size_t)conf->max_reply_len) {
		udp_end(a, CHECK_FAIL, "UDP_CHECK: reply of %zu bytes from %s, more than max_reply_length %d", len,
			a->dst, conf->max_reply_len);
		return;
	}
	if (conf->reply && memcmp(buf, conf->reply, cmp)) {
		udp_end(a, CHECK_FAIL, "UDP check to %s reply data mismatch.", a->dst);
		return;
	}
	udp_end(a, CHECK_OK, "UDP_CHECK: reply from %s", a->dst);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	static uint8_t buf[UDP_REPLY_MAX];
	struct udp_att *a = p->data;
	socklen_t elen = sizeof(int);
	int err = 0;
	ssize_t n;

	(void)events;
	if (!a->base.c)
		return;
	if (status < 0) {
		/* POLLERR: libuv stopped the handle; the error is the ICMP's. */
		if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &err, &elen) || !err)
			err = EIO;
		udp_end(a, CHECK_FAIL, "UDP connection to %s failed: %s", a->dst, strerror(err));
		return;
	}
	n = recv(a->fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		udp_end(a, CHECK_FAIL, "UDP connection to %s failed: %s", a->dst, strerror(errno));
		return;
	}
	udp_judge(a, buf, n);
}

/* udp_socket() - a connected UDP socket with the checker's options and ICMP errors on. */
static int udp_socket(struct checker *c)
{
	int fd, on = 1, err = 0;

	fd = socket(c->dst.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0)
		return -errno;
	if (c->dst.ss_family == AF_INET6)
		err = setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on)) ? -errno : 0;
	else
		err = setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on)) ? -errno : 0;
	if (!err)
		err = netcheck_sock_opts(fd, c, true);
	if (!err && connect(fd, (const struct sockaddr *)&c->dst, netcheck_sockaddr_len(&c->dst)))
		err = -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

static int udp_start(struct checker *c)
{
	const struct model_check *conf = c->conf;
	struct udp_att *a;
	int err;

	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->fd = udp_socket(c);
	if (a->fd < 0) {
		err = a->fd;
		free(a);
		return err;
	}
	if (send(a->fd, conf->payload ? conf->payload : (const uint8_t *)"", conf->payload_len, 0) < 0) {
		err = -errno;
		close(a->fd);
		free(a);
		return err;
	}
	netcheck_addr(&c->dst, true, a->dst, sizeof(a->dst));
	err = uv_timer_init(c->loop, &a->timer);
	if (err) {
		close(a->fd);
		free(a);
		return err;
	}
	netcheck_hold(&a->base, (uv_handle_t *)&a->timer);
	err = uv_poll_init_socket(c->loop, &a->poll, a->fd);
	if (!err) {
		netcheck_hold(&a->base, (uv_handle_t *)&a->poll);
		err = uv_poll_start(&a->poll, UV_READABLE, on_poll);
	}
	if (err) {
		udp_release(a);
		return err;
	}
	a->base.c = c;
	c->priv = a;
	uv_timer_start(&a->timer, on_timeout, netcheck_timeout_ms(c), 0);
	return 0;
}

static void udp_stop(struct checker *c)
{
	struct udp_att *a = c->priv;

	if (!a)
		return;
	netcheck_detach(&a->base);
	udp_release(a);
}

const struct check_type check_udp_type = {
	.type = CHECK_UDP,
	.start = udp_start,
	.stop = udp_stop,
};
