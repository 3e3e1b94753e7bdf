/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the network checker types (HTTP_GET, SSL_GET, SMTP_CHECK,
 * DNS_CHECK, UDP_CHECK, PING_CHECK) share: the attempt's timeout, the
 * socket options of the checker's connection block, and the life of an
 * attempt's memory across libuv's asynchronous handle closes.
 *
 * An attempt is one calloc'ed block that starts with struct netcheck_att.
 * Its libuv handles point back at it (handle->data); it is freed when the
 * last of them is closed, so a callback that libuv still delivers after
 * the end (a cancelled write, a close) finds valid memory and a NULL ->c.
 * Every attempt has a timer, its timeout, and a release() that closes
 * what the type opened, through which it ends (netcheck_end()) or is
 * stopped (netcheck_stop()).
 */
#ifndef XVSD_CHECK_NET_H
#define XVSD_CHECK_NET_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "check.h"

struct netcheck_att {
	struct checker *c;  /* NULL once the attempt is over (done or stopped) */
	int handles;        /* libuv handles of the attempt not yet closed */
	uv_timer_t timer;   /* the attempt's timeout (held from netcheck_att_new() on) */
	/* release() - close the type's sockets and handles, the timer too (the block goes with the last). */
	void (*release)(struct netcheck_att *a);
	char why[256];      /* checker_done()'s text, alive during the call */
};

/*
 * A datagram attempt (UDP_CHECK, PING_CHECK): one connected socket, watched
 * for replies by a poll handle.  netcheck_dgram_release() is its release.
 */
struct netcheck_dgram {
	struct netcheck_att att; /* first: the block is freed through it */
	uv_poll_t poll;          /* held once poll.data is set */
	int fd;                  /* -1: none */
};

/* netcheck_timeout_ms() - @c's connect_timeout in ms (at least 1; 5 s when unresolved). */
uint64_t netcheck_timeout_ms(const struct checker *c);

/*
 * netcheck_sock_opts() - apply @c's fwmark (SO_MARK) and bind_if
 * (SO_BINDTODEVICE) to @fd, and with @bind_src bind it to c->src
 * (bindto/bind_port) when set.
 * Returns: 0, or -errno of the step that failed.
 */
int netcheck_sock_opts(int fd, const struct checker *c, bool bind_src);

/* netcheck_addr() - @ss as "1.2.3.4:80" / "[::1]:80", or without the port "1.2.3.4" / "::1". */
const char *netcheck_addr(const struct sockaddr_storage *ss, bool with_port, char *buf, size_t len);

/* netcheck_port() - @ss's port, host order. */
uint16_t netcheck_port(const struct sockaddr_storage *ss);

/* netcheck_sockaddr_len() - the length of @ss by its family (0: neither INET nor INET6). */
socklen_t netcheck_sockaddr_len(const struct sockaddr_storage *ss);

/* netcheck_random() - @len unpredictable bytes (getrandom(), else a clock-seeded PRNG). */
void netcheck_random(void *buf, size_t len);

/* netcheck_hold() - @h now belongs to @a: its close is counted (call after a successful init). */
static inline void netcheck_hold(struct netcheck_att *a, uv_handle_t *h)
{
	h->data = a;
	a->handles++;
}

/* netcheck_close() - close @h (held by netcheck_hold()); the last close frees its attempt. */
void netcheck_close(uv_handle_t *h);

/*
 * netcheck_att_new() - a new attempt of @c: a zeroed block of @size bytes
 * (a type's struct that starts with struct netcheck_att) with its timer
 * initialised on @c's loop and held, and @release as its release.  It is
 * not yet @c's (->c NULL): netcheck_begin() makes it so; until then, a
 * failed start ends it with release().
 * Returns: the attempt, or NULL with *@err set (-ENOMEM, or libuv's error).
 */
void *netcheck_att_new(struct checker *c, size_t size, void (*release)(struct netcheck_att *a), int *err);

/* netcheck_arm() - (re)start @a's timer: @cb after its checker's connect_timeout. */
void netcheck_arm(struct netcheck_att *a, uv_timer_cb cb);

/* netcheck_begin() - @a is now @c's attempt in progress, @cb called after connect_timeout. */
void netcheck_begin(struct netcheck_att *a, struct checker *c, uv_timer_cb cb);

/*
 * netcheck_stop() - a check_type's stop() for every type whose c->priv is a
 * struct netcheck_att: abandon the attempt in progress, without checker_done().
 */
void netcheck_stop(struct checker *c);

/*
 * netcheck_dgram_start() - a check_type's start() for a datagram type:
 * a new attempt of @size bytes (the type's struct, starting with struct
 * netcheck_dgram), whose @open_sock() sets its socket (d->fd) and sends the
 * request; then @on_read when the socket is readable (or in error) and
 * @on_timeout after connect_timeout.
 * Returns: 0, or -errno / libuv's error (of @open_sock() too) with nothing left.
 */
int netcheck_dgram_start(struct checker *c, size_t size, int (*open_sock)(struct netcheck_dgram *d, struct checker *c),
			 uv_poll_cb on_read, uv_timer_cb on_timeout);

/* netcheck_dgram_release() - release() of a struct netcheck_dgram: poll, timer, then the socket. */
void netcheck_dgram_release(struct netcheck_att *a);

/*
 * netcheck_sock_error() - the error pending on @fd (SO_ERROR: an ICMP's
 * for a connected datagram socket), for a poll that reported one.
 * Returns: the errno value, EIO when there is none to read.
 */
int netcheck_sock_error(int fd);

/*
 * netcheck_detach() - the attempt is over: @a and its checker forget each
 * other.  Returns: the checker, or NULL when it was already over.
 */
struct checker *netcheck_detach(struct netcheck_att *a);

/*
 * netcheck_done() - end @a's attempt with @result, @fmt saying why (empty
 * for success).  The caller has released everything but @a's handles,
 * whose close it has started or starts after; @a stays valid until then.
 */
void netcheck_done(struct netcheck_att *a, enum check_result result, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void netcheck_vdone(struct netcheck_att *a, enum check_result result, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * netcheck_end() - release @a (its release()), then netcheck_done(): the
 * usual end of an attempt, a no-op but for the release once it is over.
 */
void netcheck_end(struct netcheck_att *a, enum check_result result, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* XVSD_CHECK_NET_H */
