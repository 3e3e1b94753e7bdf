// SPDX-License-Identifier: GPL-2.0
/*
 * xvs-udp-peer: both ends of a UDP service for the end-to-end tests.
 *
 *   xvs-udp-peer serve ADDR PORT NAME [SECONDS]
 *       answer every datagram to ADDR:PORT with NAME, from ADDR:PORT (so a
 *       DR real server answers from the VIP it holds on lo); stop after
 *       SECONDS (default 120).  ADDR "any": every IPv4 address of the
 *       host, each answer sent from the address its question was sent to
 *       (IP_PKTINFO), as a UDP server on a DR real server must.
 *   xvs-udp-peer ask ADDR PORT [COUNT]
 *       COUNT datagrams (default 1), each from a new socket, so each is a
 *       new flow for the director; print each answer, or "FAIL" after 1 s.
 *       Exit 0 when every one was answered.
 *
 * Every wait is bounded; nothing runs unbounded.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int address(const char *host, const char *port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;

	if (getaddrinfo(host, port, &hints, &ai))
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/* One answer from the address the question went to. */
static void answer_pktinfo(int fd, const char *name)
{
	char buf[2048], cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct sockaddr_in from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct in_pktinfo *pi = NULL;

	if (recvmsg(fd, &m, 0) < 0)
		return;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_PKTINFO)
			pi = (struct in_pktinfo *)CMSG_DATA(c);
	if (!pi)
		return;
	pi->ipi_spec_dst = pi->ipi_addr;
	pi->ipi_ifindex = 0;
	iov.iov_base = (void *)name;
	iov.iov_len = strlen(name);
	m.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
	sendmsg(fd, &m, 0);
}

static int serve(struct sockaddr_storage *ss, socklen_t len, const char *name, int seconds, bool any)
{
	int fd = socket(ss->ss_family, SOCK_DGRAM, 0), one = 1;
	time_t end = time(NULL) + seconds;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_IP, IP_PKTINFO, &one, sizeof(one));
	/* The VIP sits on lo of a DR real server; binding to it needs no freebind, but allow it anyway. */
	setsockopt(fd, SOL_IP, IP_FREEBIND, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)ss, len)) {
		perror("bind");
		return 1;
	}
	while (time(NULL) < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		char buf[2048];

		if (poll(&p, 1, 1000) <= 0)
			continue;
		if (any) {
			answer_pktinfo(fd, name);
			continue;
		}
		if (recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) < 0)
			continue;
		sendto(fd, name, strlen(name), 0, (struct sockaddr *)&from, flen);
	}
	return 0;
}

static int ask(struct sockaddr_storage *ss, socklen_t len, int count)
{
	int failed = 0;

	for (int i = 0; i < count; i++) {
		int fd = socket(ss->ss_family, SOCK_DGRAM, 0);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char buf[2048];
		ssize_t n = -1;

		if (fd >= 0 && !connect(fd, (struct sockaddr *)ss, len) && send(fd, "?", 1, 0) == 1 &&
		    poll(&p, 1, 1000) == 1)
			n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n > 0) {
			buf[n] = 0;
			printf("%s\n", buf);
		} else {
			printf("FAIL\n");
			failed++;
		}
		if (fd >= 0)
			close(fd);
	}
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (argc >= 5 && !strcmp(argv[1], "serve")) {
		bool any = !strcmp(argv[2], "any");

		if (!address(any ? "0.0.0.0" : argv[2], argv[3], &ss, &len))
			return serve(&ss, len, argv[4], argc > 5 ? atoi(argv[5]) : 120, any);
	}
	if (argc >= 4 && !strcmp(argv[1], "ask") && !address(argv[2], argv[3], &ss, &len))
		return ask(&ss, len, argc > 4 ? atoi(argv[4]) : 1);
	fprintf(stderr, "usage: %s serve ADDR PORT NAME [SECONDS] | ask ADDR PORT [COUNT]\n", argv[0]);
	return 2;
}
