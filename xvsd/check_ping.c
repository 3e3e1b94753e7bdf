// SPDX-License-Identifier: GPL-2.0
/*
 * PING_CHECK (../shared/specs/keepalived.md 3.2): one ICMP (RFC 792) or
 * ICMPv6 (RFC 4443 4.1) echo request; an echo reply with our sequence
 * number and payload within connect_timeout passes.
 *
 * The socket is an unprivileged ICMP datagram socket where
 * net.ipv4.ping_group_range allows it (the kernel then owns the echo
 * identifier and gives each socket only its own replies), else a raw
 * socket (xvsd runs as root).  A raw socket sees every ICMP message of
 * the host, so it is narrowed in the kernel to echo replies (ICMP_FILTER,
 * ICMP6_FILTER) from the target (connect()); what remains is told apart
 * by identifier, sequence and a random payload.
 */
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/icmp.h>

#include "check_net.h"
#include "inet_csum.h"

#define ICMP4_ECHO_REQUEST 8
#define ICMP4_ECHO_REPLY 0
#define ICMP_HDR_LEN 8
#define PING_COOKIE_LEN 16

struct ping_att {
	struct netcheck_dgram dg; /* first: the block is freed through it */
	bool raw;
	uint16_t id, seq;
	uint8_t cookie[PING_COOKIE_LEN];
	char dst[64];
};

static void on_timeout(uv_timer_t *t)
{
	struct ping_att *a = t->data;

	if (a->dg.att.c)
		netcheck_end(&a->dg.att, CHECK_FAIL, "PING_CHECK: no echo reply from %s", a->dst);
}

/* ping_is_ours() - is @icmp (@len bytes from the ICMP header on) the reply to @a's request? */
static bool ping_is_ours(const struct ping_att *a, const uint8_t *icmp, size_t len)
{
	uint8_t reply = a->dg.att.c->dst.ss_family == AF_INET6 ? ICMP6_ECHO_REPLY : ICMP4_ECHO_REPLY;

	if (len < ICMP_HDR_LEN + PING_COOKIE_LEN || icmp[0] != reply || icmp[1] != 0)
		return false;
	/* A datagram socket's identifier is the kernel's, which already matched it. */
	if (a->raw && (icmp[4] << 8 | icmp[5]) != a->id)
		return false;
	return (icmp[6] << 8 | icmp[7]) == a->seq && !memcmp(icmp + ICMP_HDR_LEN, a->cookie, PING_COOKIE_LEN);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	uint8_t buf[1500];
	struct ping_att *a = p->data;
	size_t off = 0;
	ssize_t n;

	(void)events;
	if (!a->dg.att.c)
		return;
	if (status < 0) {
		netcheck_end(&a->dg.att, CHECK_FAIL, "PING_CHECK: %s: %s", a->dst,
			     strerror(netcheck_sock_error(a->dg.fd)));
		return;
	}
	while ((n = recv(a->dg.fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
		/* A raw IPv4 socket gets the IP header too. */
		if (a->raw && a->dg.att.c->dst.ss_family == AF_INET)
			off = n > 0 ? (buf[0] & 0x0f) * 4u : 0;
		if ((size_t)n > off && ping_is_ours(a, buf + off, n - off)) {
			netcheck_end(&a->dg.att, CHECK_OK, "PING_CHECK: echo reply from %s", a->dst);
			return;
		}
	}
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
		netcheck_end(&a->dg.att, CHECK_FAIL, "PING_CHECK: %s: %s", a->dst, strerror(errno));
}

/* ping_filter() - a raw socket's kernel filter: echo replies only. */
static int ping_filter(int fd, int af)
{
	if (af == AF_INET6) {
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		return setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) ? -errno : 0;
	} else {
		struct icmp_filter f = { .data = ~(1u << ICMP4_ECHO_REPLY) };

		return setsockopt(fd, SOL_RAW, ICMP_FILTER, &f, sizeof(f)) ? -errno : 0;
	}
}

/* ping_socket() - a datagram ICMP socket if allowed, else a filtered raw one; connected to c->dst. */
static int ping_socket(struct ping_att *a, const struct checker *c)
{
	int af = c->dst.ss_family, proto = af == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	struct sockaddr_storage ss;
	int fd, err;

	fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	a->raw = fd < 0;
	if (fd < 0 && errno != EACCES && errno != EPERM && errno != EPROTONOSUPPORT)
		return -errno;
	if (fd < 0)
		fd = socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	err = a->raw ? ping_filter(fd, af) : 0;
	if (!err)
		err = netcheck_sock_opts(fd, c, false);
	/* ICMP has no ports: the ones of bindto and connect_ip would be misread as identifiers. */
	if (!err && c->src.ss_family) {
		ss = c->src;
		((struct sockaddr_in *)&ss)->sin_port = 0;
		err = bind(fd, (struct sockaddr *)&ss, netcheck_sockaddr_len(&ss)) ? -errno : 0;
	}
	if (!err) {
		ss = c->dst;
		((struct sockaddr_in *)&ss)->sin_port = 0;
		err = connect(fd, (struct sockaddr *)&ss, netcheck_sockaddr_len(&ss)) ? -errno : 0;
	}
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* ping_send() - the echo request: 8-byte header and the random payload. */
static int ping_send(struct ping_att *a, int af)
{
	uint8_t pkt[ICMP_HDR_LEN + PING_COOKIE_LEN] = { 0 };
	uint16_t csum;

	pkt[0] = af == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP4_ECHO_REQUEST;
	pkt[4] = a->id >> 8;
	pkt[5] = a->id & 0xff;
	pkt[6] = a->seq >> 8;
	pkt[7] = a->seq & 0xff;
	memcpy(pkt + ICMP_HDR_LEN, a->cookie, PING_COOKIE_LEN);
	if (af == AF_INET) {
		csum = inet_csum_fold(inet_csum_add(0, pkt, sizeof(pkt))); /* ICMPv4 only: the kernel sums ICMPv6 */
		pkt[2] = csum >> 8;
		pkt[3] = csum & 0xff;
	}
	return send(a->dg.fd, pkt, sizeof(pkt), 0) < 0 ? -errno : 0;
}

/* ping_random() - the identifier, sequence and payload: unpredictable, so no stray reply matches. */
static void ping_random(struct ping_att *a)
{
	uint8_t r[4];

	netcheck_random(r, sizeof(r));
	netcheck_random(a->cookie, sizeof(a->cookie));
	a->id = r[0] << 8 | r[1];
	a->seq = r[2] << 8 | r[3];
}

/* ping_open() - netcheck_dgram_start()'s open_sock(): the socket, and the echo request sent. */
static int ping_open(struct netcheck_dgram *d, struct checker *c)
{
	struct ping_att *a = (struct ping_att *)d;

	ping_random(a);
	netcheck_addr(&c->dst, false, a->dst, sizeof(a->dst));
	d->fd = ping_socket(a, c);
	return d->fd < 0 ? d->fd : ping_send(a, c->dst.ss_family);
}

static int ping_start(struct checker *c)
{
	return netcheck_dgram_start(c, sizeof(struct ping_att), ping_open, on_poll, on_timeout);
}

const struct check_type check_ping_type = {
	.type = CHECK_PING,
	.start = ping_start,
	.stop = netcheck_stop,
};
