// SPDX-License-Identifier: GPL-2.0
/* rtnetlink request/answer over libmnl, for libxvs and the xvs tools. */
#include <errno.h>
#include <time.h>
#include <libmnl/libmnl.h>

#include "internal.h"

int xvs_nl_open(struct xvs_nl *nl)
{
	nl->sk = mnl_socket_open(NETLINK_ROUTE);
	if (!nl->sk)
		return -errno;
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(nl->sk);
		return -errno;
	}
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = time(NULL);
	return 0;
}

int xvs_nl_talk(struct xvs_nl *nl, struct nlmsghdr *nlh, xvs_nl_cb cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret;

	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while ((ret = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf))) > 0) {
		ret = mnl_cb_run(buf, ret, nl->seq, nl->portid, cb, data);
		if (ret <= MNL_CB_STOP)
			break;
	}
	return ret < 0 ? -errno : 0;
}

void xvs_nl_close(struct xvs_nl *nl)
{
	mnl_socket_close(nl->sk);
}
