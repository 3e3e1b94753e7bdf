/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VRRP's sockets (../shared/specs/keepalived.md 2.1): raw IP protocol 112,
 * one per (interface, family, unicast or multicast), bound to its device,
 * multicast loop off.  IPv4 builds its own header (IP_HDRINCL: TOS 0xc0,
 * keepalived's IP ID, TTL 255); IPv6 leaves the header and the checksum to
 * the kernel (IPV6_CHECKSUM), hop limit 255, traffic class 0xc0.
 */
#ifndef XVSD_VRRP_SOCK_H
#define XVSD_VRRP_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "xvs.h"

/* What came with a received packet besides its bytes. */
struct vrrp_rx_meta {
	union xvs_addr src, dst;
	int hlim;        /* IPv6 hop limit (IPv4 carries its TTL in the header) */
	bool multicast;  /* sent to a group */
};

/*
 * vrrp_sock_open() - a socket for @family on @ifindex (named @ifname),
 * joined to @group unless @unicast.
 * Returns: the fd, or -errno.
 */
int vrrp_sock_open(int family, int ifindex, const char *ifname, bool unicast, const union xvs_addr *group);

/* vrrp_sock_send4() - a whole IPv4 packet (header first) to @dst. */
int vrrp_sock_send4(int fd, const uint8_t *pkt, size_t len, const union xvs_addr *dst);

/* vrrp_sock_send6() - a VRRP message from @src (NULL: the kernel's choice) to @dst on @ifindex. */
int vrrp_sock_send6(int fd, const uint8_t *msg, size_t len, const union xvs_addr *src, const union xvs_addr *dst,
		    int ifindex);

/*
 * vrrp_sock_recv() - one packet: IPv4 with its header, IPv6 the message
 * alone, with @m filled.
 * Returns: its length, or -errno (-EAGAIN: nothing more).
 */
ssize_t vrrp_sock_recv(int fd, int family, uint8_t *buf, size_t len, struct vrrp_rx_meta *m);

#endif /* XVSD_VRRP_SOCK_H */
