// SPDX-License-Identifier: GPL-2.0
/* VRRP's raw sockets (vrrp_sock.h). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vrrp_pkt.h"
#include "vrrp_sock.h"

static int opt(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v)) ? -errno : 0;
}

static int setup4(int fd, int ifindex, bool unicast, const union xvs_addr *group)
{
	struct ip_mreqn mr = { .imr_ifindex = ifindex };
	int err;

	err = opt(fd, IPPROTO_IP, IP_HDRINCL, 1);
	if (!err)
		err = opt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
	if (!err && setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr)))
		err = -errno;
	if (err || unicast)
		return err;
	memcpy(&mr.imr_multiaddr, &group->w[3], 4);
	return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr)) ? -errno : 0;
}

static int setup6(int fd, int ifindex, bool unicast, const union xvs_addr *group)
{
	struct ipv6_mreq mr = { .ipv6mr_interface = ifindex };
	int err;

	/* RFC 5798 5.1.2.3: hop limit 255; the checksum at byte 6 is the kernel's */
	err = opt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 6);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, VRRP_TTL);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, VRRP_TTL);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_TCLASS, VRRP_TOS);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
	if (!err)
		err = opt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
	if (err || unicast)
		return err;
	memcpy(&mr.ipv6mr_multiaddr, group, 16);
	return setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr, sizeof(mr)) ? -errno : 0;
}

int vrrp_sock_open(int family, int ifindex, const char *ifname, bool unicast, const union xvs_addr *group)
{
	int fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VRRP_PROTO);
	int err;

	if (fd < 0)
		return -errno;
	err = setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname) + 1) ? -errno : 0;
	if (!err)
		err = family == AF_INET ? setup4(fd, ifindex, unicast, group) : setup6(fd, ifindex, unicast, group);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int vrrp_sock_send4(int fd, const uint8_t *pkt, size_t len, const union xvs_addr *dst)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	memcpy(&sin.sin_addr, &dst->w[3], 4);
	return sendto(fd, pkt, len, 0, (struct sockaddr *)&sin, sizeof(sin)) < 0 ? -errno : 0;
}

int vrrp_sock_send6(int fd, const uint8_t *msg, size_t len, const union xvs_addr *src, const union xvs_addr *dst,
		    int ifindex)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_scope_id = ifindex };
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))] = { 0 };
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = { .msg_name = &sin6, .msg_namelen = sizeof(sin6), .msg_iov = &iov, .msg_iovlen = 1 };

	memcpy(&sin6.sin6_addr, dst, 16);
	if (src) {
		/* the source the instance was given, on its interface */
		struct cmsghdr *cm;
		struct in6_pktinfo pi = { .ipi6_ifindex = ifindex };

		memcpy(&pi.ipi6_addr, src, 16);
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	return sendmsg(fd, &mh, 0) < 0 ? -errno : 0;
}

static bool multicast(int family, const union xvs_addr *a)
{
	if (family == AF_INET)
		return (ntohl(a->w[3]) >> 28) == 0xe;
	return ((const uint8_t *)a)[0] == 0xff;
}

ssize_t vrrp_sock_recv(int fd, int family, uint8_t *buf, size_t len, struct vrrp_rx_meta *m)
{
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	struct sockaddr_storage ss;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = { .msg_name = &ss, .msg_namelen = sizeof(ss), .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return -errno;
	memset(m, 0, sizeof(*m));
	if (family == AF_INET) {
		if (n < 20)
			return n;
		xvs_addr_from_in(&m->src, (const struct in_addr *)(buf + 12));
		xvs_addr_from_in(&m->dst, (const struct in_addr *)(buf + 16));
		m->multicast = multicast(AF_INET, &m->dst);
		return n;
	}
	xvs_addr_from_in6(&m->src, &((struct sockaddr_in6 *)&ss)->sin6_addr);
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_HOPLIMIT)
			memcpy(&m->hlim, CMSG_DATA(cm), sizeof(int));
		else if (cm->cmsg_type == IPV6_PKTINFO)
			xvs_addr_from_in6(&m->dst, &((struct in6_pktinfo *)CMSG_DATA(cm))->ipi6_addr);
	}
	m->multicast = multicast(AF_INET6, &m->dst);
	return n;
}
