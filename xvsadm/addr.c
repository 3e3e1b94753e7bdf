// SPDX-License-Identifier: GPL-2.0
/* Numbers, addresses and ports as ipvsadm reads and writes them. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int xvsadm_str_to_num(const char *s, int min, int max)
{
	char *end;
	long n;

	/* strtol as ipvsadm.c:1149-1162: so "+5" and " 5" are numbers too */
	errno = 0;
	n = strtol(s, &end, 10);
	if (*end != '\0' || end == s || errno == ERANGE || n < min || n > max)
		return -1;
	return n;
}

/* An empty string counts as all digits, as in ipvsadm's str_is_digit(). */
static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

bool xvsadm_resolve_v4(const char *name, uint32_t *be_addr)
{
	struct in_addr in;
	struct hostent *h;

	if (inet_aton(name, &in)) {
		*be_addr = in.s_addr;
		return true;
	}
	/* gethostbyname() and only its first A record, as host_to_addr() */
	h = gethostbyname(name);
	if (!h || h->h_addrtype != AF_INET || h->h_length != sizeof(in))
		return false;
	memcpy(be_addr, h->h_addr_list[0], sizeof(in));
	return true;
}

static int parse_port(const char *text, uint16_t protocol)
{
	const char *proto = xvs_proto_name(protocol);
	struct servent *se;
	int n = xvsadm_str_to_num(text, 0, 65535);

	if (n >= 0 || !proto)
		return n;
	se = getservbyname(text, proto);
	return se ? ntohs((uint16_t)se->s_port) : -1;
}

/* Split "[inside]:rest" in place; NULL when the brackets are malformed. */
static char *split_brackets(char *buf, char **port)
{
	char *end = strchr(buf + 1, ']');

	if (!end || end[1] != ':')
		return NULL;
	*end = '\0';
	*port = end + 2;
	return buf + 1;
}

static int hostport_of(char *buf, uint16_t protocol, struct xvsadm_hostport *hp)
{
	char *host = buf, *port = NULL, *colon;
	struct in6_addr in6;
	struct in_addr in;
	int n;

	if (all_digits(buf))
		return 0;
	if (buf[0] == '[' && !(host = split_brackets(buf, &port)))
		return 0;
	if (inet_pton(AF_INET6, host, &in6) > 0) {
		hp->af = AF_INET6;
		xvs_addr_from_in6(&hp->addr, &in6);
	} else {
		/*
		 * ipvsadm.c parse_service looks for the port again, in the
		 * address alone: "[1.2.3.4]:80" is 1.2.3.4 with no port.
		 */
		colon = strrchr(host, ':');
		port = colon ? colon + 1 : NULL;
		if (colon)
			*colon = '\0';
		if (!xvsadm_resolve_v4(host, &in.s_addr))
			return 0;
		hp->af = AF_INET;
		xvs_addr_from_in(&hp->addr, &in);
	}
	if (!port)
		return XVSADM_HP_ADDR;
	n = parse_port(port, protocol);
	if (n < 0)
		return 0;
	hp->port = n;
	return XVSADM_HP_ADDR | XVSADM_HP_PORT;
}

int xvsadm_parse_hostport(const char *text, uint16_t protocol, struct xvsadm_hostport *hp)
{
	char *buf = strdup(text);
	int rc;

	if (!buf)
		return 0;
	rc = hostport_of(buf, protocol, hp);
	free(buf);
	return rc;
}

const void *xvsadm_raw_addr(int af, const union xvs_addr *a)
{
	return af == AF_INET ? (const void *)&a->w[3] : (const void *)a->b;
}

static void host_name(char *buf, size_t len, int af, const union xvs_addr *a)
{
	socklen_t alen = af == AF_INET ? 4 : 16;
	struct hostent *h = gethostbyaddr(xvsadm_raw_addr(af, a), alen, af);

	if (h)
		snprintf(buf, len, "%s", h->h_name);
	else
		xvs_addr_ntop(af, a, buf, len);
}

static void port_name(char *buf, size_t len, uint16_t port, uint16_t protocol)
{
	const char *proto = xvs_proto_name(protocol);
	struct servent *se = proto ? getservbyport(htons(port), proto) : NULL;

	if (se)
		snprintf(buf, len, "%s", se->s_name);
	else
		snprintf(buf, len, "%u", port);
}

void xvsadm_addrport(char buf[XVSADM_ADDRPORT_LEN], int af, const union xvs_addr *a, uint16_t port,
		     uint16_t protocol, bool numeric)
{
	const char *lb = af == AF_INET ? "" : "[", *rb = af == AF_INET ? "" : "]";
	char host[NI_MAXHOST] = "", serv[NI_MAXSERV];

	if (numeric) {
		xvs_addr_ntop(af, a, host, sizeof(host));
		snprintf(serv, sizeof(serv), "%u", port);
	} else {
		host_name(host, sizeof(host), af, a);
		port_name(serv, sizeof(serv), port, protocol);
	}
	snprintf(buf, XVSADM_ADDRPORT_LEN, "%s%s%s:%s", lb, host, rb, serv);
}
