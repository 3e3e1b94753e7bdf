// SPDX-License-Identifier: GPL-2.0
/*
 * SMTP_CHECK: connect, read the 220 greeting, send HELO, read 250, send
 * QUIT (../shared/specs/keepalived.md 3.2).  Replies may span lines:
 * "220-text" lines continue, "220 text" ends the reply (RFC 5321 4.2.1).
 * connect_timeout bounds the connect, each write and each reply, as
 * keepalived applies it to each step.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check_net.h"

#define SMTP_HELO_DEFAULT "smtpchecker.keepalived.org"
#define SMTP_LINE_MAX 1024 /* RFC 5321 4.5.3.1.5 allows 512: room to spare */

enum smtp_stage { SMTP_CONNECT, SMTP_BANNER, SMTP_HELO, SMTP_QUIT };

struct smtp_att {
	struct netcheck_att base; /* first: the block is freed through it */
	uv_tcp_t tcp;             /* held once tcp.data is set */
	uv_connect_t connect;
	uv_write_t write_helo, write_quit;
	enum smtp_stage stage;
	size_t len;
	char in[SMTP_LINE_MAX];
	char helo[300];
	char dst[64];
};

static const char *const stage_name[] = {
	[SMTP_CONNECT] = "connecting to",
	[SMTP_BANNER] = "waiting for the greeting of",
	[SMTP_HELO] = "waiting for the HELO reply of",
	[SMTP_QUIT] = "sending QUIT to",
};

/* The attempt's release(): the connection and the timer. */
static void smtp_release(struct netcheck_att *base)
{
	struct smtp_att *a = (struct smtp_att *)base;

	if (a->tcp.data)
		netcheck_close((uv_handle_t *)&a->tcp);
	netcheck_close((uv_handle_t *)&base->timer);
}

static void on_timeout(uv_timer_t *t)
{
	struct smtp_att *a = t->data;

	if (!a->base.c)
		return;
	netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: timeout %s %s", stage_name[a->stage], a->dst);
}

/* Every step gets the whole connect_timeout, as keepalived's. */
static void smtp_arm(struct smtp_att *a)
{
	netcheck_arm(&a->base, on_timeout);
}

/* A reply line for the log: printable characters only, at most 80. */
static const char *printable(const char *line, size_t n, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < len && o < 80; i++)
		buf[o++] = isprint((unsigned char)line[i]) ? line[i] : '.';
	buf[o] = 0;
	return buf;
}

static void on_write(uv_write_t *req, int status)
{
	struct smtp_att *a = req->handle->data;

	if (!a->base.c)
		return;
	if (status < 0) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: cannot write to %s: %s", a->dst, uv_strerror(status));
		return;
	}
	if (req == &a->write_quit) {
		/* keepalived does not wait for the 221 either. */
		netcheck_end(&a->base, CHECK_OK, "SMTP_CHECK: %s answered", a->dst);
		return;
	}
	smtp_arm(a);
}

static int smtp_send(struct smtp_att *a, uv_write_t *req, const char *text)
{
	uv_buf_t b = uv_buf_init((char *)text, strlen(text));

	return uv_write(req, (uv_stream_t *)&a->tcp, &b, 1, on_write);
}

/*
 * smtp_reply() - act on the final line of a reply, @code its number.
 * Returns: false when the attempt is over.
 */
static bool smtp_reply(struct smtp_att *a, int code, const char *line, size_t n)
{
	static const char quit[] = "QUIT\r\n";
	char text[96];
	int err;

	if (a->stage == SMTP_BANNER && code != 220) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: bad greeting from %s: %s", a->dst,
			     printable(line, n, text, sizeof(text)));
		return false;
	}
	if (a->stage == SMTP_HELO && code != 250) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: HELO refused by %s: %s", a->dst,
			     printable(line, n, text, sizeof(text)));
		return false;
	}
	if (a->stage == SMTP_QUIT)
		return true;
	err = smtp_send(a, a->stage == SMTP_BANNER ? &a->write_helo : &a->write_quit,
			a->stage == SMTP_BANNER ? a->helo : quit);
	if (err) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: cannot write to %s: %s", a->dst, uv_strerror(err));
		return false;
	}
	a->stage++;
	smtp_arm(a);
	return true;
}

/*
 * smtp_line() - one line of a reply without its CRLF.
 * Returns: false when the attempt is over.
 */
static bool smtp_line(struct smtp_att *a, const char *line, size_t n)
{
	char text[96];

	if (n < 3 || !isdigit((unsigned char)line[0]) || !isdigit((unsigned char)line[1]) ||
	    !isdigit((unsigned char)line[2]) || (n > 3 && line[3] != ' ' && line[3] != '-')) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: malformed reply from %s: %s", a->dst,
			     printable(line, n, text, sizeof(text)));
		return false;
	}
	if (n > 3 && line[3] == '-')
		return true; /* a continuation line: the code that counts is on the last */
	return smtp_reply(a, (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'), line, n);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct smtp_att *a = h->data;

	(void)suggested;
	*buf = uv_buf_init(a->in + a->len, sizeof(a->in) - a->len);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct smtp_att *a = s->data;
	char *nl;

	(void)buf;
	if (!a->base.c || nread == 0)
		return;
	if (nread == UV_ENOBUFS) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: reply line too long from %s", a->dst);
		return;
	}
	if (nread < 0) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: connection to %s lost: %s", a->dst,
			     nread == UV_EOF ? "closed by the server" : uv_strerror(nread));
		return;
	}
	a->len += nread;
	while ((nl = memchr(a->in, '\n', a->len))) {
		size_t n = nl - a->in, used = n + 1;

		if (n && a->in[n - 1] == '\r')
			n--;
		if (!smtp_line(a, a->in, n))
			return;
		a->len -= used;
		memmove(a->in, a->in + used, a->len);
	}
}

static void on_connect(uv_connect_t *req, int status)
{
	struct smtp_att *a = req->handle->data;
	int err;

	if (!a->base.c)
		return;
	if (status < 0) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: cannot connect to %s: %s", a->dst, uv_strerror(status));
		return;
	}
	a->stage = SMTP_BANNER;
	err = uv_read_start((uv_stream_t *)&a->tcp, on_alloc, on_read);
	if (err) {
		netcheck_end(&a->base, CHECK_FAIL, "SMTP_CHECK: cannot read from %s: %s", a->dst, uv_strerror(err));
		return;
	}
	smtp_arm(a);
}

/* smtp_open() - @a's socket with the checker's options, bound and connecting. */
static int smtp_open(struct smtp_att *a, struct checker *c)
{
	uv_os_fd_t fd;
	int err;

	err = uv_tcp_init_ex(c->loop, &a->tcp, c->dst.ss_family);
	if (err)
		return err;
	netcheck_hold(&a->base, (uv_handle_t *)&a->tcp);
	err = uv_fileno((uv_handle_t *)&a->tcp, &fd);
	if (!err)
		err = netcheck_sock_opts(fd, c, false);
	if (!err && c->src.ss_family)
		err = uv_tcp_bind(&a->tcp, (const struct sockaddr *)&c->src, 0);
	if (!err)
		err = uv_tcp_connect(&a->connect, &a->tcp, (const struct sockaddr *)&c->dst, on_connect);
	return err;
}

static int smtp_start(struct checker *c)
{
	struct smtp_att *a;
	int err;

	a = netcheck_att_new(c, sizeof(*a), smtp_release, &err);
	if (!a)
		return err;
	snprintf(a->helo, sizeof(a->helo), "HELO %s\r\n",
		 c->conf->helo_name ? c->conf->helo_name : SMTP_HELO_DEFAULT);
	netcheck_addr(&c->dst, true, a->dst, sizeof(a->dst));
	err = smtp_open(a, c);
	if (err) {
		smtp_release(&a->base);
		return err;
	}
	netcheck_begin(&a->base, c, on_timeout);
	return 0;
}

const struct check_type check_smtp_type = {
	.type = CHECK_SMTP,
	.start = smtp_start,
	.stop = netcheck_stop,
};
