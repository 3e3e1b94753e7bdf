/* SPDX-License-Identifier: GPL-2.0 */
/* Numbers, addresses and ports as ipvsadm reads and writes them. */
#ifndef XVSADM_ADDR_H
#define XVSADM_ADDR_H

#include <stdbool.h>
#include <stdint.h>

#include "xvs.h"

/* What xvsadm_parse_hostport() found (ipvsadm.c SERVICE_ADDR / _PORT). */
#define XVSADM_HP_ADDR 0x1
#define XVSADM_HP_PORT 0x2

struct xvsadm_hostport {
	int af;
	union xvs_addr addr; /* v4-mapped for AF_INET */
	uint16_t port;       /* host order; untouched without XVSADM_HP_PORT */
};

/* ipvsadm's string_to_number(): whole string, base 10, min..max, else -1. */
int xvsadm_str_to_num(const char *s, int min, int max);

/*
 * xvsadm_parse_hostport() - ipvsadm's parse_service(): "host[:port]",
 * "[v6]:port" or a bare IPv6 address.  Port names are looked up for
 * @protocol.  Returns XVSADM_HP_* flags, 0 when the text is not an address.
 */
int xvsadm_parse_hostport(const char *text, uint16_t protocol, struct xvsadm_hostport *hp);

/* IPv4 address or host name, as inet_aton() then gethostbyname(). */
bool xvsadm_resolve_v4(const char *name, uint32_t *be_addr);

/* The address bytes of @a as inet_ntop() and the resolver take them for @af. */
const void *xvsadm_raw_addr(int af, const union xvs_addr *a);

/* Rendered address:port, at most 59 characters as ipvsadm's 60-byte buffer. */
#define XVSADM_ADDRPORT_LEN 60

/*
 * xvsadm_addrport() - ipvsadm's addrport_to_anyname(): "a.b.c.d:port" or
 * "[v6]:port"; unless @numeric, host and service names when they resolve
 * (service names for TCP, UDP and SCTP only).
 */
void xvsadm_addrport(char buf[XVSADM_ADDRPORT_LEN], int af, const union xvs_addr *a, uint16_t port,
		     uint16_t protocol, bool numeric);

#endif /* XVSADM_ADDR_H */
