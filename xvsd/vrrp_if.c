// SPDX-License-Identifier: GPL-2.0
/*
 * The host's interfaces as the VRRP engine needs them (vrrp_if.h).
 *
 * Requests go over rtnetlink through libxvs's one-request helper (a
 * socket per call: these are rare, at state changes), answers and
 * notifications are parsed with libmnl.
 */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>

#include "inet_csum.h"
#include "internal.h"
#include "log.h"
#include "vrrp_if.h"

#define INFINITY_LIFE_TIME 0xffffffffu
#define MONITOR_BUF 32768      /* a link notification carries its statistics: a few KB */

/* RFC 4861 4.4: the Neighbor Advertisement, its flags and the option we add. */
#define ND_NA_TYPE 136
#define ND_NA_LEN 32           /* header 24 + target link-layer address option 8 */
#define ND_NA_ROUTER 0x80
#define ND_NA_OVERRIDE 0x20
#define ND_OPT_TARGET_LL 2

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static size_t addr_len(int af)
{
	return af == AF_INET ? 4 : 16;
}

/* An address's bytes on the wire (an IPv4 one is the last word of libxvs's v4-mapped form). */
static const uint8_t *addr_bytes(int af, const union xvs_addr *a)
{
	return af == AF_INET ? (const uint8_t *)&a->w[3] : a->b;
}

static bool valid_ifname(const char *name)
{
	return name && name[0] && strlen(name) < VRRP_IFNAMSIZ;
}

/* One rtnetlink request on a socket of its own; @cb (may be NULL) sees the answers. */
static int nl_do(struct nlmsghdr *nlh, xvs_nl_cb cb, void *data)
{
	struct xvs_nl nl;
	int err;

	err = xvs_nl_open(&nl);
	if (err)
		return err;
	err = xvs_nl_talk(&nl, nlh, cb, data);
	xvs_nl_close(&nl);
	return err;
}

/* A link message, and what a VMAC is checked against besides. */
struct link_ans {
	struct vrrp_ifinfo *ifi;
	bool found;
	int link;                    /* IFLA_LINK: the lower device, 0 if none */
	char kind[16];               /* IFLA_INFO_KIND, "" if none */
};

static void link_kind(struct nlattr *linkinfo, char *kind, size_t len)
{
	struct nlattr *a;

	mnl_attr_for_each_nested(a, linkinfo)
		if (mnl_attr_get_type(a) == IFLA_INFO_KIND && mnl_attr_validate(a, MNL_TYPE_STRING) >= 0)
			snprintf(kind, len, "%.*s", (int)mnl_attr_get_payload_len(a), mnl_attr_get_str(a));
}

/* RTM_NEWLINK / RTM_DELLINK @nlh into @ans (found stays false for a short message). */
static void link_parse(const struct nlmsghdr *nlh, struct link_ans *ans)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct vrrp_ifinfo *ifi = ans->ifi;
	struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return;
	memset(ifi, 0, sizeof(*ifi));
	ifi->ifindex = ifm->ifi_index;
	ifi->hwtype = ifm->ifi_type;
	ifi->up = (ifm->ifi_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(ifi->name, sizeof(ifi->name), "%s", mnl_attr_get_str(a));
			break;
		case IFLA_ADDRESS:
			if (mnl_attr_get_payload_len(a) == sizeof(ifi->mac))
				memcpy(ifi->mac, mnl_attr_get_payload(a), sizeof(ifi->mac));
			break;
		case IFLA_MTU:
			if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
				ifi->mtu = mnl_attr_get_u32(a);
			break;
		case IFLA_LINK:
			if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
				ans->link = mnl_attr_get_u32(a);
			break;
		case IFLA_LINKINFO:
			link_kind(a, ans->kind, sizeof(ans->kind));
			break;
		}
	}
	ans->found = true;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWLINK)
		link_parse(nlh, data);
	return MNL_CB_OK;
}

/* An address message's facts. */
struct addr_msg {
	int af;
	int ifindex;
	uint8_t prefix;
	uint32_t flags;              /* IFA_FLAGS when given, else the 8-bit ifa_flags */
	const uint8_t *local;        /* IFA_LOCAL, else IFA_ADDRESS (IPv6 without a peer has only that) */
};

/* RTM_NEWADDR / RTM_DELADDR @nlh into @m.  Returns: false if it is no IPv4 / IPv6 address. */
static bool addr_parse(const struct nlmsghdr *nlh, struct addr_msg *m)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const uint8_t *address = NULL;
	struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return false;
	memset(m, 0, sizeof(*m));
	m->af = ifa->ifa_family;
	m->ifindex = ifa->ifa_index;
	m->prefix = ifa->ifa_prefixlen;
	m->flags = ifa->ifa_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		uint16_t type = mnl_attr_get_type(a);
		bool is_addr = mnl_attr_get_payload_len(a) == addr_len(m->af);

		if (type == IFA_LOCAL && is_addr)
			m->local = mnl_attr_get_payload(a);
		else if (type == IFA_ADDRESS && is_addr)
			address = mnl_attr_get_payload(a);
		else if (type == IFA_FLAGS && mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			m->flags = mnl_attr_get_u32(a);
	}
	if (!m->local)
		m->local = address;
	return m->local != NULL;
}

/* The addresses vrrp_if_get() reports, from a dump of all of them. */
static int ifaddr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vrrp_ifinfo *ifi = data;
	struct addr_msg m;

	if (nlh->nlmsg_type != RTM_NEWADDR || !addr_parse(nlh, &m) || m.ifindex != ifi->ifindex)
		return MNL_CB_OK;
	/* The kernel lists an interface's primaries before its secondaries, as `ip addr` shows them. */
	if (m.af == AF_INET && !ifi->has_addr4 && !(m.flags & IFA_F_SECONDARY)) {
		memcpy(&ifi->addr4, m.local, 4);
		ifi->has_addr4 = true;
	}
	/* fe80::/10; one still in DAD (or failed it) cannot be bound to send adverts from */
	if (m.af == AF_INET6 && !ifi->has_ll6 && m.local[0] == 0xfe && (m.local[1] & 0xc0) == 0x80 &&
	    !(m.flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))) {
		memcpy(&ifi->ll6, m.local, 16);
		ifi->has_ll6 = true;
	}
	return MNL_CB_OK;
}

/* The link by @name or, if NULL, by @ifindex into @ans; with its addresses when @addrs. */
static int link_get(const char *name, int ifindex, struct link_ans *ans, bool addrs)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct ifaddrmsg *ifa;
	int err;

	nlh->nlmsg_type = RTM_GETLINK;
	/* The ACK ends the exchange: a single answer has no NLMSG_DONE. */
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = name ? 0 : ifindex;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	/* the statistics would only make the answer big */
	mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	ans->found = false;
	err = nl_do(nlh, link_cb, ans);
	if (!err && !ans->found)
		err = -ENODEV;
	if (err || !addrs)
		return err;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	return nl_do(nlh, ifaddr_cb, ans->ifi);
}

int vrrp_if_get(const char *name, struct vrrp_ifinfo *out)
{
	struct link_ans ans = { .ifi = out };

	if (!valid_ifname(name))
		return -EINVAL;
	return link_get(name, 0, &ans, true);
}

int vrrp_if_get_index(int ifindex, struct vrrp_ifinfo *out)
{
	struct link_ans ans = { .ifi = out };

	if (ifindex <= 0)
		return -EINVAL;
	return link_get(NULL, ifindex, &ans, true);
}

/* An address request for @ip on @ifindex, with its IFA_LOCAL. */
static struct nlmsghdr *addr_req(char *buf, uint16_t type, uint16_t flags, const struct vrrp_ipaddr *ip,
				 int ifindex, struct ifaddrmsg **ifa_out)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = ip->af;
	ifa->ifa_prefixlen = ip->prefix;
	ifa->ifa_scope = ip->scope;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, addr_len(ip->af), addr_bytes(ip->af, &ip->addr));
	*ifa_out = ifa;
	return nlh;
}

int vrrp_ip_add(const struct vrrp_ipaddr *ip, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t flags = ip->ifa_flags;
	struct ifaddrmsg *ifa;
	struct nlmsghdr *nlh;
	int err;

	if (ip->af != AF_INET && ip->af != AF_INET6)
		return -EAFNOSUPPORT;
	if (ifindex <= 0)
		return -EINVAL;
	nlh = addr_req(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ip, ifindex, &ifa);
	/* IFA_ADDRESS is the peer, or the address itself, as iproute2 sends it */
	mnl_attr_put(nlh, IFA_ADDRESS, addr_len(ip->af), addr_bytes(ip->af, ip->has_peer ? &ip->peer : &ip->addr));
	if (ip->af == AF_INET) {
		if (ip->has_brd)
			mnl_attr_put(nlh, IFA_BROADCAST, 4, addr_bytes(AF_INET, &ip->brd));
		if (ip->label[0])
			mnl_attr_put_strz(nlh, IFA_LABEL, ip->label);
	} else {
		/*
		 * keepalived adds IPv6 VIPs without DAD unless -nodad says
		 * otherwise: usable at once, and a split brain cannot leave
		 * one "dadfailed" for good.
		 */
		if (!(ip->ifa_flagmask & IFA_F_NODAD))
			flags |= IFA_F_NODAD;
		/* a deprecated address (RFC 4862 5.5.4) is never chosen as a source */
		if (ip->preferred_lft != VRRP_LFT_FOREVER) {
			struct ifa_cacheinfo ci = { .ifa_prefered = ip->preferred_lft, .ifa_valid = INFINITY_LIFE_TIME };

			mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
		}
	}
	ifa->ifa_flags = flags & 0xff;
	if (flags)
		mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
	err = nl_do(nlh, NULL, NULL);
	return err == -EEXIST ? 0 : err;
}

int vrrp_ip_del(const struct vrrp_ipaddr *ip, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct ifaddrmsg *ifa;
	struct nlmsghdr *nlh;
	int err;

	if (ip->af != AF_INET && ip->af != AF_INET6)
		return -EAFNOSUPPORT;
	if (ifindex <= 0)
		return -EINVAL;
	nlh = addr_req(buf, RTM_DELADDR, 0, ip, ifindex, &ifa);
	if (ip->has_peer)
		mnl_attr_put(nlh, IFA_ADDRESS, addr_len(ip->af), addr_bytes(ip->af, &ip->peer));
	err = nl_do(nlh, NULL, NULL);
	/* not there, or no interface to be on */
	return err == -EADDRNOTAVAIL || err == -ENODEV ? 0 : err;
}

struct present_ans {
	int af;
	int ifindex;
	const uint8_t *want;
	bool found;
};

static int present_cb(const struct nlmsghdr *nlh, void *data)
{
	struct present_ans *ans = data;
	struct addr_msg m;

	if (nlh->nlmsg_type == RTM_NEWADDR && addr_parse(nlh, &m) && m.af == ans->af && m.ifindex == ans->ifindex &&
	    !memcmp(m.local, ans->want, addr_len(m.af)))
		ans->found = true;
	return MNL_CB_OK;
}

bool vrrp_ip_present(const struct vrrp_ipaddr *ip, int ifindex)
{
	struct present_ans ans = { .af = ip->af, .ifindex = ifindex, .want = addr_bytes(ip->af, &ip->addr) };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	int err;

	if (ip->af != AF_INET && ip->af != AF_INET6)
		return false;
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = ip->af;
	err = nl_do(nlh, present_cb, &ans);
	if (err) {
		/* the answer is a bool: this is the only place the error can be told */
		xvsd_log(LOG_ERR, "Cannot read the addresses of interface index %d: %s", ifindex, strerror(-err));
		return false;
	}
	return ans.found;
}

size_t vrrp_garp_build(uint8_t *buf, size_t len, const uint8_t mac[6], const union xvs_addr *vip)
{
	uint8_t *arp = buf + ETH_HLEN;

	if (len < VRRP_GARP_LEN)
		return 0;
	memset(buf, 0xff, ETH_ALEN);
	memcpy(buf + ETH_ALEN, mac, ETH_ALEN);
	put16(buf + 2 * ETH_ALEN, ETH_P_ARP);
	/* RFC 826: hrd, pro, hln, pln, op, sha, spa, tha, tpa */
	put16(arp, ARPHRD_ETHER);
	put16(arp + 2, ETH_P_IP);
	arp[4] = ETH_ALEN;
	arp[5] = 4;
	put16(arp + 6, ARPOP_REQUEST);
	memcpy(arp + 8, mac, ETH_ALEN);
	memcpy(arp + 14, &vip->w[3], 4);
	/* keepalived's tha is all ones, not the zeros of RFC 5227 3 [LAB] */
	memset(arp + 18, 0xff, ETH_ALEN);
	memcpy(arp + 24, &vip->w[3], 4);
	return VRRP_GARP_LEN;
}

size_t vrrp_na_build(uint8_t *buf, size_t len, const uint8_t mac[6], bool router, const union xvs_addr *vip)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	uint8_t *ip6 = buf + ETH_HLEN, *na = ip6 + 40;
	uint8_t ph_tail[8] = { 0, 0, 0, ND_NA_LEN, 0, 0, 0, IPPROTO_ICMPV6 };
	uint32_t sum;

	if (len < VRRP_NA_LEN)
		return 0;
	memset(buf, 0, VRRP_NA_LEN);
	/* RFC 2464 7: 33:33 and the group's last 32 bits */
	buf[0] = buf[1] = 0x33;
	memcpy(buf + 2, all_nodes + 12, 4);
	memcpy(buf + ETH_ALEN, mac, ETH_ALEN);
	put16(buf + 2 * ETH_ALEN, ETH_P_IPV6);

	ip6[0] = 0x60;
	put16(ip6 + 4, ND_NA_LEN);
	ip6[6] = IPPROTO_ICMPV6;
	ip6[7] = 255; /* RFC 4861 7.1.2: receivers drop any other hop limit */
	memcpy(ip6 + 8, vip->b, 16);
	memcpy(ip6 + 24, all_nodes, 16);

	/* RFC 4861 7.2.6: unsolicited, so no Solicited flag; Override so that caches change */
	na[0] = ND_NA_TYPE;
	na[4] = (router ? ND_NA_ROUTER : 0) | ND_NA_OVERRIDE;
	memcpy(na + 8, vip->b, 16);
	na[24] = ND_OPT_TARGET_LL;
	na[25] = 1; /* in units of 8 bytes */
	memcpy(na + 26, mac, ETH_ALEN);

	/* RFC 4443 2.3 over RFC 8200 8.1's pseudo-header: source, destination, length, next header */
	sum = inet_csum_add(0, ip6 + 8, 32);
	sum = inet_csum_add(sum, ph_tail, sizeof(ph_tail));
	sum = inet_csum_add(sum, na, ND_NA_LEN);
	put16(na + 2, inet_csum_fold(sum));
	return VRRP_NA_LEN;
}

/* Is IPv6 forwarding on for @ifname (then the NA says Router)?  Unreadable: no IPv6, so no. */
static bool ipv6_forwarding(const char *ifname)
{
	char path[64 + VRRP_IFNAMSIZ], val[8] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(val, sizeof(val), f))
		val[0] = 0;
	fclose(f);
	return atoi(val) == 1;
}

int vrrp_garp_send(const struct vrrp_ifinfo *ifi, const uint8_t src_mac[6], int af, const union xvs_addr *vip)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifi->ifindex, .sll_halen = ETH_ALEN };
	const uint8_t *mac = src_mac ? src_mac : ifi->mac;
	uint8_t frame[VRRP_NA_LEN];
	size_t len;
	int fd, err = 0;

	if (ifi->hwtype != ARPHRD_ETHER)
		return -EOPNOTSUPP;
	if (af == AF_INET) {
		len = vrrp_garp_build(frame, sizeof(frame), mac, vip);
		sll.sll_protocol = htons(ETH_P_ARP);
	} else if (af == AF_INET6) {
		len = vrrp_na_build(frame, sizeof(frame), mac, ipv6_forwarding(ifi->name), vip);
		sll.sll_protocol = htons(ETH_P_IPV6);
	} else {
		return -EAFNOSUPPORT;
	}
	memcpy(sll.sll_addr, frame, ETH_ALEN);
	/* protocol 0: a socket that only sends, and so is handed no frames */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, frame, len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		err = -errno;
	close(fd);
	return err;
}

void vrrp_vmac_mac(int af, uint8_t vrid, uint8_t mac[6])
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = af == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

static int link_set_up(int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	ifm->ifi_flags = IFF_UP;
	ifm->ifi_change = IFF_UP;
	return nl_do(nlh, NULL, NULL);
}

static int macvlan_create(int base_ifindex, const char *name, const uint8_t mac[6])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *info, *data;
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, IFLA_LINK, base_ifindex);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put(nlh, IFLA_ADDRESS, ETH_ALEN, mac);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macvlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* keepalived's mode: the VMAC hears nothing from the base's other macvlans */
	mnl_attr_put_u32(nlh, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nl_do(nlh, NULL, NULL);
}

int vrrp_vmac_add(int base_ifindex, const char *name, const uint8_t mac[6], int *ifindex_out)
{
	struct vrrp_ifinfo ifi;
	struct link_ans ans = { .ifi = &ifi };
	bool created;
	int err;

	if (!valid_ifname(name) || base_ifindex <= 0)
		return -EINVAL;
	err = macvlan_create(base_ifindex, name, mac);
	if (err && err != -EEXIST)
		return err;
	created = !err;
	err = link_get(name, 0, &ans, false);
	if (err)
		goto fail;
	/* one left by an earlier run is ours if it is what we would have made */
	if (!created && (strcmp(ans.kind, "macvlan") || ans.link != base_ifindex || memcmp(ifi.mac, mac, ETH_ALEN)))
		return -EEXIST;
	err = link_set_up(ifi.ifindex);
	if (err)
		goto fail;
	*ifindex_out = ifi.ifindex;
	return 0;
fail:
	if (created)
		vrrp_vmac_del(name);
	return err;
}

int vrrp_vmac_del(const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct vrrp_ifinfo ifi;
	struct link_ans ans = { .ifi = &ifi };
	struct ifinfomsg *ifm;
	int err;

	if (!valid_ifname(name))
		return -EINVAL;
	err = link_get(name, 0, &ans, false);
	if (err == -ENODEV)
		return 0;
	if (err)
		return err;
	/* a wrong name must not take an interface that is not a VMAC with it */
	if (strcmp(ans.kind, "macvlan"))
		return -EINVAL;
	nlh->nlmsg_type = RTM_DELLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifi.ifindex;
	err = nl_do(nlh, NULL, NULL);
	return err == -ENODEV ? 0 : err;
}

int vrrp_if_monitor_open(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR,
	};
	int fd, err;

	/* a bare socket, not libmnl's: the caller holds only the fd, and closes only that */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

struct monitor {
	vrrp_if_cb cb;
	void *arg;
};

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	struct monitor *mon = data;
	struct vrrp_if_event ev = { .name = "" };
	struct vrrp_ifinfo ifi;
	struct link_ans ans = { .ifi = &ifi };
	struct addr_msg m;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		link_parse(nlh, &ans);
		if (!ans.found)
			return MNL_CB_OK;
		ev.what = nlh->nlmsg_type == RTM_NEWLINK ? VRRP_IF_LINK : VRRP_IF_GONE;
		ev.ifindex = ifi.ifindex;
		ev.name = ifi.name;
		ev.up = ev.what == VRRP_IF_LINK && ifi.up;
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (!addr_parse(nlh, &m))
			return MNL_CB_OK;
		ev.what = nlh->nlmsg_type == RTM_NEWADDR ? VRRP_IF_ADDR_ADD : VRRP_IF_ADDR_DEL;
		ev.ifindex = m.ifindex;
		ev.af = m.af;
		ev.prefix = m.prefix;
		if (m.af == AF_INET) {
			struct in_addr a;

			memcpy(&a, m.local, 4);
			xvs_addr_from_in(&ev.addr, &a);
		} else {
			memcpy(ev.addr.b, m.local, 16);
		}
		break;
	default:
		return MNL_CB_OK;
	}
	mon->cb(mon->arg, &ev);
	return MNL_CB_OK;
}

int vrrp_if_monitor_read(int fd, vrrp_if_cb cb, void *arg)
{
	struct monitor mon = { .cb = cb, .arg = arg };
	bool lost = false;
	char buf[MONITOR_BUF];

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		ssize_t n;

		/* MSG_TRUNC: the length the message had, so that a cut one is seen */
		n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC, (struct sockaddr *)&from, &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0 && errno == ENOBUFS) {
			lost = true; /* the kernel dropped some for a full socket; the rest is still queued */
			continue;
		}
		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof(buf)) {
			lost = true;
			continue;
		}
		/* only the kernel speaks for the interfaces */
		if (from.nl_pid != 0)
			continue;
		if (mnl_cb_run(buf, n, 0, 0, monitor_cb, &mon) < 0)
			return -errno;
	}
	return lost ? -ENOBUFS : 0;
}

void vrrp_if_monitor_close(int fd)
{
	if (fd >= 0)
		close(fd);
}
