// SPDX-License-Identifier: GPL-2.0
/*
 * DNS_CHECK (../shared/specs/keepalived.md 3.2): one query over UDP to the
 * checker's address (type and name from the config, SOA and "." by
 * default, RD set, a random ID); a response with QR set and RCODE 0
 * (NOERROR, RFC 1035 4.1.1) within connect_timeout passes.
 *
 * c-ares (1.18 in Debian 12) does the query: one channel per attempt, as
 * the server is the checker's own, with its sockets on the daemon's libuv
 * loop (ARES_OPT_SOCK_STATE_CB, one uv_poll_t each).  The channel is told
 * to hand back whatever answer comes (ARES_FLAG_NOCHECKRESP: SERVFAIL and
 * REFUSED are answers to judge, not servers to skip; ARES_FLAG_IGNTC: no
 * TCP retry, keepalived asks once over UDP), with one try.  c-ares drops
 * a response whose ID or question differs from the query's, where
 * keepalived looks at the ID only: such a response ends in a timeout.
 */
#include <ares.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "check_net.h"

#define DNS_DEFAULT_NAME "."
#define DNS_CLASS_IN 1
#define DNS_HEADER_LEN 12
#define DNS_SOCKS 4 /* one UDP socket is what one query opens; room to spare */

struct dns_sock {
	uv_poll_t poll;
	ares_socket_t fd;
	bool used;
};

struct dns_att {
	struct netcheck_att base; /* first: the block is freed through it */
	ares_channel channel;
	struct dns_sock socks[DNS_SOCKS];
	bool answered;            /* the query's callback has run: result and why hold its verdict */
	bool destroying;          /* ares_destroy() runs: callbacks are the channel's goodbye */
	enum check_result result;
	char verdict[160];
	char dst[64];
};

static const char *const rcode_name[16] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
	"NXRRSET", "NOTAUTH", "NOTZONE",
};

/* The attempt's release(): the polls, the channel, the timer. */
static void dns_release(struct netcheck_att *base)
{
	struct dns_att *a = (struct dns_att *)base;

	for (int i = 0; i < DNS_SOCKS; i++) {
		if (a->socks[i].used)
			netcheck_close((uv_handle_t *)&a->socks[i].poll);
		a->socks[i].used = false;
	}
	if (a->channel) {
		/* The polls are closed first: the sockets' goodbyes below find none. */
		a->destroying = true;
		ares_destroy(a->channel);
		a->channel = NULL;
	}
	netcheck_close((uv_handle_t *)&base->timer);
}

/* dns_settle() - end the attempt if the query's callback has spoken (never inside c-ares). */
static void dns_settle(struct dns_att *a)
{
	if (a->base.c && a->answered)
		netcheck_end(&a->base, a->result, "%s", a->verdict);
}

static void on_timeout(uv_timer_t *t)
{
	struct dns_att *a = t->data;

	if (!a->base.c)
		return;
	if (a->answered)
		dns_settle(a);
	else
		netcheck_end(&a->base, CHECK_FAIL, "DNS_CHECK: no answer from %s", a->dst);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	struct dns_sock *s = (struct dns_sock *)p;
	struct dns_att *a = p->data;
	ares_socket_t rfd = ARES_SOCKET_BAD, wfd = ARES_SOCKET_BAD;

	if (!a->base.c)
		return;
	/* An error (an ICMP for the connected socket) is read as such by c-ares. */
	if (status < 0 || (events & UV_READABLE))
		rfd = s->fd;
	if (status < 0 || (events & UV_WRITABLE))
		wfd = s->fd;
	ares_process_fd(a->channel, rfd, wfd);
	dns_settle(a);
}

/* ARES_OPT_SOCK_STATE_CB: watch @fd for what c-ares wants; neither: it is about to close it. */
static void on_sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct dns_att *a = data;
	struct dns_sock *s = NULL, *free_slot = NULL;
	int events = (readable ? UV_READABLE : 0) | (writable ? UV_WRITABLE : 0);

	if (a->destroying)
		return;
	for (int i = 0; i < DNS_SOCKS; i++) {
		if (a->socks[i].used && a->socks[i].fd == fd)
			s = &a->socks[i];
		else if (!a->socks[i].used && !a->socks[i].poll.data && !free_slot)
			free_slot = &a->socks[i];
	}
	if (!events) {
		if (s) {
			s->used = false;
			netcheck_close((uv_handle_t *)&s->poll);
		}
		return;
	}
	if (!s) {
		/* A slot is used once: a closing poll keeps its memory until its callback. */
		if (!free_slot || uv_poll_init_socket(a->base.c->loop, &free_slot->poll, fd))
			return; /* unwatched: the attempt's timer ends it */
		s = free_slot;
		s->fd = fd;
		s->used = true;
		netcheck_hold(&a->base, (uv_handle_t *)&s->poll);
	}
	uv_poll_start(&s->poll, events, on_poll);
}

/*
 * ares_set_socket_configure_callback(): the checker's fwmark, bind_if and
 * bindto, before c-ares connects (its create callback comes after).
 */
static int on_sock_config(ares_socket_t fd, int type, void *data)
{
	struct dns_att *a = data;

	(void)type;
	return a->base.c && netcheck_sock_opts(fd, a->base.c, true) ? -1 : 0;
}

/* ares_send()'s callback: note the verdict, to be acted on outside c-ares. */
static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct dns_att *a = arg;
	int rcode;

	(void)timeouts;
	if (a->destroying || a->answered)
		return;
	a->answered = true;
	a->result = CHECK_FAIL;
	if (status != ARES_SUCCESS) {
		snprintf(a->verdict, sizeof(a->verdict), "DNS_CHECK: %s: %s", a->dst, ares_strerror(status));
		return;
	}
	if (alen < DNS_HEADER_LEN || !(abuf[2] & 0x80)) {
		snprintf(a->verdict, sizeof(a->verdict), "DNS_CHECK: %s: not a response", a->dst);
		return;
	}
	rcode = abuf[3] & 0x0f;
	if (rcode) {
		snprintf(a->verdict, sizeof(a->verdict), "DNS_CHECK: %s: error occurred (rcode = %d%s%s)", a->dst,
			 rcode, rcode_name[rcode] ? ", " : "", rcode_name[rcode] ? rcode_name[rcode] : "");
		return;
	}
	a->result = CHECK_OK;
	snprintf(a->verdict, sizeof(a->verdict), "DNS_CHECK: %s answered", a->dst);
}

/* dns_channel() - @a's channel: c->dst its only server, no resolv.conf search, one try. */
static int dns_channel(struct dns_att *a, const struct checker *c)
{
	struct ares_options o = { 0 };
	struct ares_addr_port_node server = { 0 };
	char lookups[] = "b";
	int optmask;

	o.flags = ARES_FLAG_NOCHECKRESP | ARES_FLAG_IGNTC | ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
	o.tries = 1;
	o.timeout = (int)netcheck_timeout_ms(c);
	o.ndots = 1;
	o.lookups = lookups;
	o.sock_state_cb = on_sock_state;
	o.sock_state_cb_data = a;
	/* Every setting given (no server yet: c->dst below), so /etc/resolv.conf is not read. */
	optmask = ARES_OPT_FLAGS | ARES_OPT_TRIES | ARES_OPT_TIMEOUTMS | ARES_OPT_NDOTS | ARES_OPT_LOOKUPS |
		  ARES_OPT_DOMAINS | ARES_OPT_SORTLIST | ARES_OPT_SERVERS | ARES_OPT_SOCK_STATE_CB;
	if (ares_init_options(&a->channel, &o, optmask) != ARES_SUCCESS) {
		a->channel = NULL;
		return -ENOMEM;
	}
	server.family = c->dst.ss_family;
	if (server.family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&c->dst;

		memcpy(&server.addr.addr6, &s6->sin6_addr, sizeof(server.addr.addr6));
	} else {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)&c->dst;

		memcpy(&server.addr.addr4, &s4->sin_addr, sizeof(server.addr.addr4));
	}
	server.udp_port = server.tcp_port = netcheck_port(&c->dst);
	if (ares_set_servers_ports(a->channel, &server) != ARES_SUCCESS)
		return -EINVAL;
	ares_set_socket_configure_callback(a->channel, on_sock_config, a);
	return 0;
}

/*
 * dns_query() - send the check's query on @a's channel.  ares_send() of
 * c-ares 1.18 keeps the ID it is given, so the random one is ours.
 */
static int dns_query(struct dns_att *a, const struct model_check *conf)
{
	const char *name = conf->dns_name ? conf->dns_name : DNS_DEFAULT_NAME;
	unsigned char *q;
	uint16_t id;
	int qlen;

	netcheck_random(&id, sizeof(id));
	if (ares_create_query(name, DNS_CLASS_IN, conf->dns_type, id, 1, &q, &qlen, 0) != ARES_SUCCESS)
		return -EINVAL;
	ares_send(a->channel, q, qlen, on_answer, a);
	ares_free_string(q);
	return 0;
}

static int dns_start(struct checker *c)
{
	struct dns_att *a;
	int err;

	a = netcheck_att_new(c, sizeof(*a), dns_release, &err);
	if (!a)
		return err;
	a->base.c = c; /* for the socket callbacks ares_send() may already call */
	netcheck_addr(&c->dst, true, a->dst, sizeof(a->dst));
	err = dns_channel(a, c);
	if (!err)
		err = dns_query(a, c->conf);
	if (err) {
		a->base.c = NULL;
		dns_release(&a->base);
		return err;
	}
	c->priv = a;
	/* An answer already (a socket c-ares could not open) is told on the next turn of the loop. */
	uv_timer_start(&a->base.timer, on_timeout, a->answered ? 0 : netcheck_timeout_ms(c), 0);
	return 0;
}

static int dns_init(uv_loop_t *loop)
{
	(void)loop;
	return ares_library_init(ARES_LIB_INIT_ALL) == ARES_SUCCESS ? 0 : -ENOMEM;
}

static void dns_fini(void)
{
	ares_library_cleanup();
}

const struct check_type check_dns_type = {
	.type = CHECK_DNS,
	.init = dns_init,
	.fini = dns_fini,
	.start = dns_start,
	.stop = netcheck_stop,
};
