// SPDX-License-Identifier: GPL-2.0
/*
 * xvs-sctp-peer: both ends of SCTP associations, over raw IPv4 sockets, for
 * the end-to-end tests on kernels built without SCTP.
 *
 *   xvs-sctp-peer serve PORT NAME
 *       answer associations to PORT on every local address: INIT-ACK with
 *       a cookie, COOKIE-ACK, DATA answered by SACK + DATA carrying NAME,
 *       SHUTDOWN-ACK.  A packet whose CRC32c is wrong is counted and
 *       ignored; each event is a line on stdout ("bad-crc ...").
 *   xvs-sctp-peer assoc ADDR PORT [--sport P] [--hold SECONDS]
 *       one association: handshake, one DATA, the server's name printed,
 *       then after --hold seconds another DATA (its answer printed again,
 *       or "aborted" when an ABORT came instead), then SHUTDOWN.
 *       Exit 0 when every step was answered, 1 otherwise.
 *
 * Every packet is checked the way a receiver checks it (RFC 9260 §6.8,
 * §8.5): CRC32c, ports and verification tag.  Each wait is bounded (2 s a
 * step, 3 tries); nothing runs unbounded.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "xvs/crc32c.h"

enum { DATA = 0, INIT = 1, INIT_ACK = 2, SACK = 3, ABORT = 6, SHUTDOWN = 7, SHUTDOWN_ACK = 8,
       COOKIE_ECHO = 10, COOKIE_ACK = 11, SHUTDOWN_COMPLETE = 14 };

#define PKT 1500
#define COOKIE_PARAM 7

struct pkt {
	uint8_t b[PKT];
	size_t len; /* of the SCTP packet at b + 20 */
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t vtag;
	uint8_t type; /* first chunk */
	const uint8_t *chunk; /* its value */
	size_t chunk_len;
};

static int raw_socket(void)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_SCTP), one = 1;

	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("raw socket");
		exit(2);
	}
	return fd;
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

/*
 * rx() - the next SCTP packet for @port within @ms milliseconds, with its
 * CRC32c right.  A wrong one is reported on stdout and skipped.
 * Returns: 0, or -1 on timeout.
 */
static int rx(int fd, uint16_t port, int ms, struct pkt *p)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int left, hl;
		ssize_t n;
		uint8_t *s;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return -1;
		n = recv(fd, p->b, sizeof(p->b), 0);
		if (n < 20 + 16)
			continue;
		hl = (p->b[0] & 0xf) * 4;
		s = p->b + hl;
		p->len = n - hl;
		if (p->len < 16 || get16(s + 2) != port)
			continue;
		memcpy(&p->src, p->b + 12, 4);
		memcpy(&p->dst, p->b + 16, 4);
		p->sport = get16(s);
		p->dport = get16(s + 2);
		{
			uint32_t want = xvs_crc32c_load(s + 8);

			memset(s + 8, 0, 4);
			if (xvs_crc32c(s, p->len) != want) {
				char a[INET_ADDRSTRLEN];

				inet_ntop(AF_INET, &p->src, a, sizeof(a));
				printf("bad-crc from %s:%u\n", a, p->sport);
				fflush(stdout);
				continue;
			}
		}
		p->vtag = get32(s + 4);
		p->type = s[12];
		p->chunk = s + 16;
		p->chunk_len = get16(s + 14) >= 4 ? get16(s + 14) - 4 : 0;
		if (16 + p->chunk_len > p->len)
			p->chunk_len = p->len - 16;
		/* RFC 9260 §3.1, §8.5 */
		memmove(p->b, s, p->len);
		p->chunk = p->b + 16;
		return 0;
	}
}

/* Send chunks @c (@clen bytes, already laid out) from @src:@sport to @dst:@dport. */
static void tx(int fd, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, uint32_t vtag,
	       const uint8_t *c, size_t clen)
{
	uint8_t b[PKT] = { 0 };
	struct iphdr *ip = (struct iphdr *)b;
	uint8_t *s = b + 20;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = dst };

	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_SCTP;
	ip->saddr = src;
	ip->daddr = dst;
	ip->tot_len = htons(20 + 12 + clen);
	put16(s, sport);
	put16(s + 2, dport);
	put32(s + 4, vtag);
	memcpy(s + 12, c, clen);
	xvs_crc32c_store(s + 8, xvs_crc32c(s, 12 + clen));
	if (sendto(fd, b, 20 + 12 + clen, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		perror("sendto");
}

/* Lay a chunk of @type with @vlen bytes of @v out at @c; returns its padded length. */
static size_t chunk(uint8_t *c, uint8_t type, uint8_t flags, const void *v, size_t vlen)
{
	c[0] = type;
	c[1] = flags;
	put16(c + 2, 4 + vlen);
	if (vlen)
		memcpy(c + 4, v, vlen);
	memset(c + 4 + vlen, 0, (4 - (4 + vlen) % 4) % 4);
	return (4 + vlen + 3) & ~3u;
}

/* INIT / INIT-ACK value: tag, a_rwnd, streams, initial TSN, then @param. */
static size_t init_value(uint8_t *v, uint32_t tag, const uint8_t *param, size_t plen)
{
	put32(v, tag);
	put32(v + 4, 65536);
	put16(v + 8, 1);
	put16(v + 10, 1);
	put32(v + 12, tag ^ 0x5a5a5a5a);
	memcpy(v + 16, param, plen);
	return 16 + plen;
}

/* Associations the server knows, by client address and port and own tag. */
static struct {
	uint32_t addr, my_tag, peer_tag;
	uint16_t port;
} known[256];
static unsigned known_next;

static void remember(const struct pkt *p, uint32_t peer_tag)
{
	known[known_next % 256].addr = p->src;
	known[known_next % 256].port = p->sport;
	known[known_next % 256].my_tag = p->vtag;
	known[known_next % 256].peer_tag = peer_tag;
	known_next++;
}

/* The client's tag for packet @p, which carries ours; 0 if unknown. */
static uint32_t recall(const struct pkt *p)
{
	for (unsigned i = 0; i < 256; i++)
		if (known[i].addr == p->src && known[i].port == p->sport && known[i].my_tag == p->vtag)
			return known[i].peer_tag;
	return 0;
}

static int serve(uint16_t port, const char *name)
{
	int fd = raw_socket();
	struct pkt p;

	printf("serving %u as %s\n", port, name);
	fflush(stdout);
	for (;;) {
		uint8_t c[PKT], v[256];
		size_t n = 0;
		uint32_t peer_tag = 0, my_tag;

		if (rx(fd, port, 3600 * 1000, &p))
			continue;
		switch (p.type) {
		case INIT: {
			/* the cookie keeps both tags: nothing is remembered */
			uint8_t cookie[12];

			if (p.chunk_len < 16 || p.vtag)
				break;
			peer_tag = get32(p.chunk);
			my_tag = peer_tag * 2654435761u + 1;
			put16(cookie, COOKIE_PARAM);
			put16(cookie + 2, 12);
			put32(cookie + 4, peer_tag);
			put32(cookie + 8, my_tag);
			n = chunk(c, INIT_ACK, 0, v, init_value(v, my_tag, cookie, sizeof(cookie)));
			tx(fd, p.dst, port, p.src, p.sport, peer_tag, c, n);
			continue;
		}
		case COOKIE_ECHO:
			if (p.chunk_len < 8) /* the cookie: the client's tag, ours */
				break;
			peer_tag = get32(p.chunk);
			n = chunk(c, COOKIE_ACK, 0, NULL, 0);
			break;
		case DATA: {
			uint8_t sack[12] = { 0 }, d[12 + 64] = { 0 };
			size_t len = strlen(name) < 64 ? strlen(name) : 64;

			if (p.chunk_len < 12)
				break;
			memcpy(sack, p.chunk, 4); /* cumulative TSN ack */
			put32(sack + 4, 65536);
			n = chunk(c, SACK, 0, sack, sizeof(sack));
			put32(d, 1);
			memcpy(d + 12, name, len);
			n += chunk(c + n, DATA, 0x03, d, 12 + len);
			break;
		}
		case SHUTDOWN:
			n = chunk(c, SHUTDOWN_ACK, 0, NULL, 0);
			break;
		default:
			continue;
		}
		if (!n)
			continue;
		if (peer_tag)
			remember(&p, peer_tag);
		else
			peer_tag = recall(&p);
		if (peer_tag)
			tx(fd, p.dst, port, p.src, p.sport, peer_tag, c, n);
	}
	return 0;
}

/* The local address the kernel would use toward @dst. */
static uint32_t source_for(uint32_t dst, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = dst, .sin_port = htons(port) };
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) || getsockname(fd, (struct sockaddr *)&a, &alen)) {
		perror("source address");
		exit(2);
	}
	close(fd);
	return a.sin_addr.s_addr;
}

struct assoc {
	int fd;
	uint32_t me, peer;
	uint16_t sport, dport;
	uint32_t my_tag, peer_tag;
};

/*
 * step() - send chunks @c and wait for a packet of chunk type @want in
 * answer (3 tries, 2 s each).  An ABORT ends the wait.
 * Returns: 0, 1 for an ABORT, -1 when nothing came.
 */
static int step(struct assoc *a, uint32_t vtag, const uint8_t *c, size_t n, uint8_t want, struct pkt *p)
{
	for (int try = 0; try < 3; try++) {
		tx(a->fd, a->me, a->sport, a->peer, a->dport, vtag, c, n);
		while (!rx(a->fd, a->sport, 2000, p)) {
			if (p->src != a->peer || p->sport != a->dport)
				continue; /* another's, or not from the address we asked */
			if (p->type == ABORT && (p->vtag == a->my_tag || ((p->b[13] & 1) && p->vtag == vtag)))
				return 1;
			if (p->vtag != a->my_tag || p->type != want)
				continue;
			return 0;
		}
	}
	return -1;
}

static int data(struct assoc *a, uint32_t tsn)
{
	uint8_t c[64], v[16] = { 0 };
	struct pkt p;
	size_t n;
	int r;

	put32(v, tsn);
	memcpy(v + 12, "ping", 4);
	n = chunk(c, DATA, 0x03, v, sizeof(v));
	r = step(a, a->peer_tag, c, n, SACK, &p);
	if (r == 1) {
		printf("aborted\n");
		return 1;
	}
	if (r) {
		printf("no answer to DATA\n");
		return -1;
	}
	/* the DATA bundled after the SACK names the server */
	for (size_t off = (get16(p.b + 14) + 3) & ~3u; 12 + off + 4 <= p.len;) {
		const uint8_t *ch = p.b + 12 + off;
		size_t clen = get16(ch + 2);

		if (ch[0] == DATA && clen > 16) {
			printf("%.*s\n", (int)(clen - 16), ch + 16);
			return 0;
		}
		if (clen < 4)
			break;
		off += (clen + 3) & ~3u;
	}
	printf("answer without DATA\n");
	return -1;
}

static int assoc(uint32_t peer, uint16_t dport, uint16_t sport, int hold)
{
	struct assoc a = { .fd = raw_socket(), .peer = peer, .dport = dport, .sport = sport };
	uint8_t c[PKT], v[64];
	const uint8_t *cookie = NULL;
	size_t n, clen = 0;
	struct pkt p;
	int r;

	srand(getpid() ^ time(NULL));
	a.me = source_for(peer, dport);
	a.my_tag = (uint32_t)rand() | 1;
	n = chunk(c, INIT, 0, v, init_value(v, a.my_tag, NULL, 0));
	if (step(&a, 0, c, n, INIT_ACK, &p)) {
		printf("no INIT-ACK\n");
		return 1;
	}
	a.peer_tag = get32(p.chunk);
	for (size_t off = 16; off + 4 <= p.chunk_len; off += (get16(p.chunk + off + 2) + 3) & ~3u) {
		if (get16(p.chunk + off) == COOKIE_PARAM) {
			cookie = p.chunk + off + 4;
			clen = get16(p.chunk + off + 2) - 4;
			break;
		}
		if (get16(p.chunk + off + 2) < 4)
			break;
	}
	if (!cookie || clen > sizeof(v)) {
		printf("INIT-ACK without cookie\n");
		return 1;
	}
	memcpy(v, cookie, clen);
	n = chunk(c, COOKIE_ECHO, 0, v, clen);
	if (step(&a, a.peer_tag, c, n, COOKIE_ACK, &p)) {
		printf("no COOKIE-ACK\n");
		return 1;
	}
	if (data(&a, 1))
		return 1;
	if (hold > 0) {
		sleep(hold);
		r = data(&a, 2);
		if (r)
			return 1;
	}
	put32(v, hold > 0 ? 2 : 1);
	n = chunk(c, SHUTDOWN, 0, v, 4);
	if (step(&a, a.peer_tag, c, n, SHUTDOWN_ACK, &p)) {
		printf("no SHUTDOWN-ACK\n");
		return 1;
	}
	n = chunk(c, SHUTDOWN_COMPLETE, 0, NULL, 0);
	tx(a.fd, a.me, a.sport, a.peer, a.dport, a.peer_tag, c, n);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: xvs-sctp-peer serve PORT NAME\n"
			"       xvs-sctp-peer assoc ADDR PORT [--sport P] [--hold SECONDS]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct in_addr addr;
	int sport = 0, hold = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]), argv[3]);
	if (argc < 4 || strcmp(argv[1], "assoc") || inet_pton(AF_INET, argv[2], &addr) != 1)
		return usage();
	for (int i = 4; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--sport"))
			sport = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--hold"))
			hold = atoi(argv[i + 1]);
		else
			return usage();
	}
	if (!sport)
		sport = 30000 + getpid() % 30000;
	return assoc(addr.s_addr, atoi(argv[3]), sport, hold);
}
