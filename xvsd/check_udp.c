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
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_net.h"

#define UDP_REPLY_MAX 65536 /* the largest datagram */

struct udp_att {
	struct netcheck_dgram dg; /* first: the block is freed through it */
	char dst[64];
};

static void on_timeout(uv_timer_t *t)
{
	struct udp_att *a = t->data;

	if (!a->dg.att.c)
		return;
	if (a->dg.att.c->conf->require_reply)
		netcheck_end(&a->dg.att, CHECK_FAIL, "UDP_CHECK: no reply from %s", a->dst);
	else
		netcheck_end(&a->dg.att, CHECK_OK, "UDP_CHECK: no error from %s", a->dst);
}

/* udp_judge() - the reply @buf of @len bytes (@len beyond the buffer when truncated). */
static void udp_judge(struct udp_att *a, const uint8_t *buf, size_t len)
{
	const struct model_check *conf = a->dg.att.c->conf;
	size_t cmp = len < conf->reply_len ? len : conf->reply_len;

	if (!conf->require_reply) {
		netcheck_end(&a->dg.att, CHECK_OK, "UDP_CHECK: reply from %s", a->dst);
		return;
	}
	if (conf->min_reply_len && len < (size_t)conf->min_reply_len) {
		netcheck_end(&a->dg.att, CHECK_FAIL,
			     "UDP_CHECK: reply of %zu bytes from %s, less than min_reply_length %d", len, a->dst,
			     conf->min_reply_len);
		return;
	}
	if (conf->max_reply_len && len > (size_t)conf->max_reply_len) {
		netcheck_end(&a->dg.att, CHECK_FAIL,
			     "UDP_CHECK: reply of %zu bytes from %s, more than max_reply_length %d", len, a->dst,
			     conf->max_reply_len);
		return;
	}
	if (conf->reply && memcmp(buf, conf->reply, cmp)) {
		netcheck_end(&a->dg.att, CHECK_FAIL, "UDP check to %s reply data mismatch.", a->dst);
		return;
	}
	netcheck_end(&a->dg.att, CHECK_OK, "UDP_CHECK: reply from %s", a->dst);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	static uint8_t buf[UDP_REPLY_MAX];
	struct udp_att *a = p->data;
	ssize_t n;

	(void)events;
	if (!a->dg.att.c)
		return;
	if (status < 0) {
		/* POLLERR: libuv stopped the handle; the error is the ICMP's. */
		netcheck_end(&a->dg.att, CHECK_FAIL, "UDP connection to %s failed: %s", a->dst,
			     strerror(netcheck_sock_error(a->dg.fd)));
		return;
	}
	n = recv(a->dg.fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		netcheck_end(&a->dg.att, CHECK_FAIL, "UDP connection to %s failed: %s", a->dst, strerror(errno));
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

/* udp_open() - netcheck_dgram_start()'s open_sock(): the socket, and the payload sent. */
static int udp_open(struct netcheck_dgram *d, struct checker *c)
{
	const struct model_check *conf = c->conf;
	struct udp_att *a = (struct udp_att *)d;

	netcheck_addr(&c->dst, true, a->dst, sizeof(a->dst));
	d->fd = udp_socket(c);
	if (d->fd < 0)
		return d->fd;
	if (send(d->fd, conf->payload ? conf->payload : (const uint8_t *)"", conf->payload_len, 0) < 0)
		return -errno;
	return 0;
}

static int udp_start(struct checker *c)
{
	return netcheck_dgram_start(c, sizeof(struct udp_att), udp_open, on_poll, on_timeout);
}

const struct check_type check_udp_type = {
	.type = CHECK_UDP,
	.start = udp_start,
	.stop = netcheck_stop,
};
