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
	char why[256];      /* checker_done()'s text, alive during the call */
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

/* netcheck_free_if_idle() - free @a when it holds no handle (an attempt that never got one). */
void netcheck_free_if_idle(struct netcheck_att *a);

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

#endif /* XVSD_CHECK_NET_H */
