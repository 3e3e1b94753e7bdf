/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the VRRP engine needs from the host's interfaces: what an
 * interface is (index, MAC, state, the addresses adverts go out from),
 * VIPs added and removed, gratuitous ARP and unsolicited NA
 * (../shared/specs/keepalived.md 2.6, 2.7), the use_vmac macvlan (2.1),
 * and a netlink socket that tells of link and address changes.
 *
 * Everything returns 0 or -errno and logs nothing: the caller knows which
 * instance asked, and logs with its name.  Interfaces and addresses are
 * read and changed over rtnetlink (libmnl), frames go out through an
 * AF_PACKET socket, as keepalived sends them.  The frame builders are
 * pure, for tests.
 */
#ifndef XVSD_VRRP_IF_H
#define XVSD_VRRP_IF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "vrrp_model.h"

#define VRRP_GARP_LEN 42  /* Ethernet + ARP; the driver pads it to 60 */
#define VRRP_NA_LEN 86    /* Ethernet + IPv6 + NA + target link-layer address option */

struct vrrp_ifinfo {
	int ifindex;
	char name[VRRP_IFNAMSIZ];
	uint8_t mac[6];              /* zeros unless the hardware address is 6 bytes */
	unsigned short hwtype;       /* ARPHRD_* */
	bool up;                     /* IFF_UP and IFF_RUNNING, as keepalived reads it */
	bool has_addr4;
	struct in_addr addr4;        /* the primary IPv4 address: the first that is not secondary */
	bool has_ll6;
	struct in6_addr ll6;         /* the first link-local IPv6 address done with DAD */
	int mtu;
};

/* vrrp_if_get() - interface @name into @out.  Returns: 0, -ENODEV if absent, -EINVAL, -errno. */
int vrrp_if_get(const char *name, struct vrrp_ifinfo *out);

/* vrrp_if_get_index() - the same by index. */
int vrrp_if_get_index(int ifindex, struct vrrp_ifinfo *out);

/*
 * vrrp_ip_add() - VIP @ip on @ifindex (its dev is the caller's to
 * resolve) with all it says: prefix, brd, scope, label, peer, flags, and
 * for IPv6 the preferred lifetime and, unless -nodad, no DAD, as
 * keepalived adds them.  Returns: 0 (also when the address is there
 * already), -errno.
 */
int vrrp_ip_add(const struct vrrp_ipaddr *ip, int ifindex);

/*
 * vrrp_ip_del() - remove VIP @ip (address and prefix; its peer if it has
 * one) from @ifindex.  Returns: 0 (also when it was not there, or the
 * interface is gone), -errno.
 */
int vrrp_ip_del(const struct vrrp_ipaddr *ip, int ifindex);

/*
 * vrrp_ip_present() - is @ip's address on @ifindex, with any prefix?
 * A netlink failure is logged and counts as absent.
 */
bool vrrp_ip_present(const struct vrrp_ipaddr *ip, int ifindex);

/*
 * vrrp_garp_build() - keepalived's gratuitous ARP for IPv4 @vip (v4-mapped)
 * from @mac into @buf: Ethernet broadcast, ARP REQUEST, sha @mac,
 * spa = tpa = @vip, tha all ones (spec 2.7).
 * Returns: VRRP_GARP_LEN, or 0 when @len is too short.
 */
size_t vrrp_garp_build(uint8_t *buf, size_t len, const uint8_t mac[6], const union xvs_addr *vip);

/*
 * vrrp_na_build() - keepalived's unsolicited neighbour advertisement
 * (RFC 4861 4.4, 7.2.6) for IPv6 @vip from @mac into @buf: from @vip to
 * ff02::1 (33:33:00:00:00:01), hop limit 255, Override set, Router set
 * if @router, target @vip, target link-layer address option @mac, the
 * ICMPv6 checksum computed.
 * Returns: VRRP_NA_LEN, or 0 when @len is too short.
 */
size_t vrrp_na_build(uint8_t *buf, size_t len, const uint8_t mac[6], bool router, const union xvs_addr *vip);

/*
 * vrrp_garp_send() - one GARP (@af AF_INET) or NA (AF_INET6) for @vip out
 * of @ifi, from @src_mac, or the interface's MAC when it is NULL.  The NA
 * has the Router flag when IPv6 forwarding is on for the interface.
 * Returns: 0, -EOPNOTSUPP (not Ethernet), -EAFNOSUPPORT, -errno.
 */
int vrrp_garp_send(const struct vrrp_ifinfo *ifi, const uint8_t src_mac[6], int af, const union xvs_addr *vip);

/* vrrp_vmac_mac() - RFC 5798 7.3's virtual router MAC: 00:00:5e:00:01:@vrid, or :02: for IPv6. */
void vrrp_vmac_mac(int af, uint8_t vrid, uint8_t mac[6]);

/*
 * vrrp_vmac_add() - the use_vmac interface: a macvlan in private mode, as
 * keepalived makes it, named @name on @base_ifindex with @mac, brought
 * up; its index into *@ifindex_out.  One already there on that base with
 * that MAC is taken as it is (xvsd restarted).
 * Returns: 0, -EEXIST (@name is something else), -EINVAL, -errno.
 */
int vrrp_vmac_add(int base_ifindex, const char *name, const uint8_t mac[6], int *ifindex_out);

/* vrrp_vmac_del() - remove interface @name.  Returns: 0 (also when absent), -errno. */
int vrrp_vmac_del(const char *name);

/* What changed, as the monitor reports it. */
enum vrrp_if_what {
	VRRP_IF_LINK,       /* a link appeared or changed: name and up say how it is now */
	VRRP_IF_GONE,       /* a link was deleted */
	VRRP_IF_ADDR_ADD,   /* an address appeared: af, addr, prefix */
	VRRP_IF_ADDR_DEL,   /* an address went */
};

struct vrrp_if_event {
	enum vrrp_if_what what;
	int ifindex;
	const char *name;            /* link events; "" for address events */
	bool up;                     /* VRRP_IF_LINK: IFF_UP and IFF_RUNNING */
	int af;                      /* address events */
	union xvs_addr addr;         /* v4-mapped for AF_INET */
	uint8_t prefix;
};

typedef void (*vrrp_if_cb)(void *arg, const struct vrrp_if_event *ev);

/*
 * vrrp_if_monitor_open() - a non-blocking rtnetlink socket subscribed to
 * link and IPv4 / IPv6 address changes, for the caller to poll.
 * Returns: its fd, or -errno.
 */
int vrrp_if_monitor_open(void);

/*
 * vrrp_if_monitor_read() - call @cb for every change queued on @fd, until
 * none is left.  A link message does not always mean its state changed
 * (the kernel sends one for any change of the link): the caller compares
 * with what it knew.
 * Returns: 0; -ENOBUFS when the kernel dropped changes because the socket
 * was full (the caller must read the state afresh); -errno.
 */
int vrrp_if_monitor_read(int fd, vrrp_if_cb cb, void *arg);

void vrrp_if_monitor_close(int fd);

#endif /* XVSD_VRRP_IF_H */
