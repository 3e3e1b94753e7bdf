// SPDX-License-Identifier: GPL-2.0
/*
 * L2 data toward a real server, from the kernel's routing and neighbour
 * tables over rtnetlink.  The data plane asks bpf_fib_lookup() first; this is
 * what it falls back to when the kernel cannot answer there (forwarding
 * disabled on the interface, as a DR director needs none).  An unresolved
 * neighbour is created as "managed", so the kernel keeps it resolved.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "internal.h"

#ifndef NTF_EXT_MANAGED
#define NTF_EXT_MANAGED (1 << 0)
#endif

struct route_ans {
	int family;
	int oif;
	uint8_t gw[16];
	uint8_t src[16];
	bool has_gw;
	bool has_src;
	bool local; /* RTN_LOCAL: an address of this host */
};

struct neigh_ans {
	int family;
	int ifindex;
	const uint8_t *want; /* next-hop address, 4 or 16 bytes */
	bool found;
	uint16_t state;
	uint8_t mac[6];
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_ans *ans = data;
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct nlattr *a;
	size_t alen = ans->family == AF_INET ? 4 : 16;

	ans->local = rtm->rtm_type == RTN_LOCAL;

	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		if (mnl_attr_get_type(a) == RTA_OIF)
			ans->oif = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) == RTA_GATEWAY && mnl_attr_get_payload_len(a) == alen) {
			memcpy(ans->gw, mnl_attr_get_payload(a), alen);
			ans->has_gw = true;
		}
		if (mnl_attr_get_type(a) == RTA_PREFSRC && mnl_attr_get_payload_len(a) == alen) {
			memcpy(ans->src, mnl_attr_get_payload(a), alen);
			ans->has_src = true;
		}
	}
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct neigh_ans *ans = data;
	struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	size_t alen = ans->family == AF_INET ? 4 : 16;
	const uint8_t *dst = NULL, *ll = NULL;
	struct nlattr *a;

	if (ndm->ndm_ifindex != ans->ifindex || ndm->ndm_family != ans->family)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ndm)) {
		if (mnl_attr_get_type(a) == NDA_DST && mnl_attr_get_payload_len(a) == alen)
			dst = mnl_attr_get_payload(a);
		if (mnl_attr_get_type(a) == NDA_LLADDR && mnl_attr_get_payload_len(a) == 6)
			ll = mnl_attr_get_payload(a);
	}
	if (!dst || memcmp(dst, ans->want, alen))
		return MNL_CB_OK;
	ans->found = true;
	ans->state = ndm->ndm_state;
	if (ll)
		memcpy(ans->mac, ll, 6);
	return MNL_CB_OK;
}

static const uint8_t *addr_bytes(const union xvs_addr *a, int family)
{
	return family == AF_INET ? &a->b[12] : a->b;
}

static int get_route(struct xvs_nl *nl, const union xvs_addr *addr, int family, struct route_ans *ans)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = RTM_GETROUTE;
	/* The ACK ends the exchange: a single answer has no NLMSG_DONE. */
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family;
	rtm->rtm_dst_len = family == AF_INET ? 32 : 128;
	mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, addr_bytes(addr, family));
	ans->family = family;
	return xvs_nl_talk(nl, nlh, route_cb, ans);
}

static int get_neigh(struct xvs_nl *nl, struct neigh_ans *ans)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;

	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = ans->family;
	ans->found = false;
	return xvs_nl_talk(nl, nlh, neigh_cb, ans);
}

/* Ask the kernel to resolve @nh on @ifindex and keep it resolved. */
static int kick_neigh(struct xvs_nl *nl, int family, int ifindex, const uint8_t *nh)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *ndm;
	int err;

	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_NONE;
	mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, nh);
	mnl_attr_put_u32(nlh, NDA_FLAGS_EXT, NTF_EXT_MANAGED);
	err = xvs_nl_talk(nl, nlh, NULL, NULL);
	if (!err || err == -EEXIST)
		return 0;
	/* Older kernels: no managed entries; NTF_USE still starts resolution. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK;
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_flags = NTF_USE;
	mnl_attr_put(nlh, NDA_DST, family == AF_INET ? 4 : 16, nh);
	return xvs_nl_talk(nl, nlh, NULL, NULL);
}

/* The interface's MAC and MTU. */
static int iface_info(int ifindex, uint8_t mac[6], int *mtu)
{
	struct ifreq ifr = {};
	int fd, err = 0;

	if (!if_indextoname(ifindex, ifr.ifr_name))
		return -errno;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr))
		err = -errno;
	else
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (!err && ioctl(fd, SIOCGIFMTU, &ifr))
		err = -errno;
	else if (!err)
		*mtu = ifr.ifr_mtu;
	close(fd);
	return err;
}

static bool neigh_valid(const struct neigh_ans *ans)
{
	return ans->found &&
	       (ans->state & (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP));
}

/*
 * xvs_resolve_l2() - egress interface, its MAC and the next hop's MAC toward
 * @addr, waiting up to @wait_ms for the kernel to resolve the neighbour.
 * For an address of this host, only l2->local is set.
 * Returns: 0, -ENETUNREACH (no route), -EHOSTUNREACH (not resolved), -errno.
 */
int xvs_resolve_l2(const union xvs_addr *addr, struct xvs_l2 *l2, int wait_ms)
{
	int family = xvs_addr_is_v4(addr) ? AF_INET : AF_INET6;
	struct route_ans rt = {};
	struct neigh_ans nb = {};
	struct xvs_nl nl;
	int err;

	err = xvs_nl_open(&nl);
	if (err)
		return err;
	err = get_route(&nl, addr, family, &rt);
	if (!err && !rt.oif)
		err = -ENETUNREACH;
	if (err)
		goto out;
	l2->local = rt.local;
	if (rt.local)
		goto out; /* delivered by this host's stack: no neighbour */
	l2->ifindex = rt.oif;
	err = iface_info(rt.oif, l2->smac, &l2->mtu);
	if (err)
		goto out;
	memset(&l2->src, 0, sizeof(l2->src));
	if (rt.has_src && family == AF_INET)
		xvs_addr_from_in(&l2->src, (const struct in_addr *)rt.src);
	else if (rt.has_src)
		xvs_addr_from_in6(&l2->src, (const struct in6_addr *)rt.src);
	nb.family = family;
	nb.ifindex = rt.oif;
	nb.want = rt.has_gw ? rt.gw : addr_bytes(addr, family);
	err = get_neigh(&nl, &nb);
	if (!err && !neigh_valid(&nb) && !(nb.found && nb.state == NUD_INCOMPLETE))
		kick_neigh(&nl, family, rt.oif, nb.want);
	for (int waited = 0; !err && !neigh_valid(&nb) && waited < wait_ms; waited += 20) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		err = get_neigh(&nl, &nb);
	}
	if (!err && !neigh_valid(&nb))
		err = -EHOSTUNREACH;
	if (!err)
		memcpy(l2->dmac, nb.mac, 6);
out:
	xvs_nl_close(&nl);
	return err;
}
