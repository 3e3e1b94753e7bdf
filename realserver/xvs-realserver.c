// SPDX-License-Identifier: GPL-2.0
/*
 * xvs-realserver: prepare a real server for DR or TUN the way LVS operators
 * do it by hand, and undo it.
 *
 *   xvs-realserver dr VIP...                     VIPs on lo, ARP quiet
 *   xvs-realserver tun [--gue-port PORT] VIP...  the same, plus xvs_decap
 *   xvs-realserver undo                          remove what dr/tun did
 *   xvs-realserver status
 *
 * DR: each VIP as /32 (/128) on lo so the server accepts packets for it, and
 * arp_ignore=1 / arp_announce=2 so it never answers or announces the VIP on
 * its real interfaces (the director must own the VIP on the segment).
 * TUN: the same, plus the XDP program xvs_decap on every non-loopback
 * interface, which strips the director's tunnel headers for these VIPs.
 *
 * What was changed is recorded in /run/xvs-realserver/<netns inode>, so undo
 * removes only that: addresses the operator had put on lo stay, sysctls get
 * their old values back.  A bad command line changes nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "xvs_decap.skel.h"

#define STATE_DIR "/run/xvs-realserver"
#define MAX_VIPS 64
#define NSYSCTL 2

static const char *const sysctl_names[NSYSCTL] = {
	"net/ipv4/conf/all/arp_ignore",
	"net/ipv4/conf/all/arp_announce",
};
static const int sysctl_want[NSYSCTL] = { 1, 2 };

/* What this tool changed in this network namespace. */
struct state {
	char vips[MAX_VIPS][INET6_ADDRSTRLEN]; /* addresses we put on lo */
	int nvips;
	int old_sysctl[NSYSCTL]; /* -1: not changed by us */
	int gue_port;            /* -1: no decap attached by us */
};

static void state_path(char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st))
		st.st_ino = 0;
	snprintf(buf, len, STATE_DIR "/ns%lu", (unsigned long)st.st_ino);
}

static void state_load(struct state *s)
{
	char path[128], kind[16], val[INET6_ADDRSTRLEN];
	FILE *f;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < NSYSCTL; i++)
		s->old_sysctl[i] = -1;
	s->gue_port = -1;
	state_path(path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return;
	while (fscanf(f, "%15s %45s", kind, val) == 2) {
		if (!strcmp(kind, "vip") && s->nvips < MAX_VIPS)
			snprintf(s->vips[s->nvips++], INET6_ADDRSTRLEN, "%s", val);
		else if (!strcmp(kind, "decap"))
			s->gue_port = atoi(val);
		else if (!strncmp(kind, "sysctl", 6) && kind[6] >= '0' && kind[6] < '0' + NSYSCTL && !kind[7])
			s->old_sysctl[kind[6] - '0'] = atoi(val);
	}
	fclose(f);
}

static int state_save(const struct state *s)
{
	char path[128];
	FILE *f;

	mkdir(STATE_DIR, 0755);
	state_path(path, sizeof(path));
	f = fopen(path, "w");
	if (!f)
		return -errno;
	for (int i = 0; i < s->nvips; i++)
		fprintf(f, "vip %s\n", s->vips[i]);
	for (int i = 0; i < NSYSCTL; i++)
		if (s->old_sysctl[i] >= 0)
			fprintf(f, "sysctl%d %d\n", i, s->old_sysctl[i]);
	if (s->gue_port >= 0)
		fprintf(f, "decap %d\n", s->gue_port);
	return fclose(f) ? -errno : 0;
}

static int sysctl_rw(const char *name, int *old, int new)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", old) != 1) {
		if (f)
			fclose(f);
		return -errno;
	}
	fclose(f);
	if (new < 0)
		return 0;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "%d\n", new);
	return fclose(f) ? -errno : 0;
}

/* Add (@add) or remove @vip as a host address on lo.  -EEXIST: already there. */
static int lo_addr(const char *vip, bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	unsigned char a[16];
	int family = strchr(vip, ':') ? AF_INET6 : AF_INET;
	struct xvs_nl nl;
	int err;

	if (inet_pton(family, vip, a) != 1)
		return -EINVAL;
	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = family == AF_INET ? 32 : 128;
	ifa->ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = if_nametoindex("lo");
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, a);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, a);
	err = xvs_nl_open(&nl);
	if (err)
		return err;
	err = xvs_nl_talk(&nl, nlh, NULL, NULL);
	xvs_nl_close(&nl);
	return err;
}

/* 1: xvs_decap is on @ifindex, 0: nothing is, -1: another program is. */
static int decap_on(int ifindex, uint32_t *mode)
{
	int fd = xvs_xdp_prog_on(ifindex, "xvs_decap", mode);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return fd == -EEXIST ? -1 : 0;
}

static void detach_decap(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	uint32_t mode;

	for (i = ifs; i && i->if_index; i++)
		if (decap_on(i->if_index, &mode) > 0)
			bpf_xdp_detach(i->if_index, mode, NULL);
	if (ifs)
		if_freenameindex(ifs);
}

/* Load xvs_decap for @s's VIPs and put it on every non-loopback interface,
 * replacing an older xvs_decap. */
static int attach_decap(const struct state *s, const char *const *vips, int nvips)
{
	struct if_nameindex *ifs, *i;
	struct xvs_decap_bpf *skel = xvs_decap_bpf__open();
	uint8_t one = 1;
	int err, attached = 0;

	if (!skel)
		return -errno;
	skel->rodata->gue_port = htons(s->gue_port);
	err = xvs_decap_bpf__load(skel);
	for (int k = 0; !err && k < nvips + s->nvips; k++) {
		const char *v = k < nvips ? vips[k] : s->vips[k - nvips];
		union xvs_addr a = {};
		struct in6_addr a6;
		struct in_addr a4;

		if (inet_pton(AF_INET, v, &a4) == 1)
			xvs_addr_from_in(&a, &a4);
		else if (inet_pton(AF_INET6, v, &a6) == 1)
			xvs_addr_from_in6(&a, &a6);
		err = bpf_map__update_elem(skel->maps.xvs_decap_vips, &a, sizeof(a), &one, 1, 0);
	}
	detach_decap();
	ifs = if_nameindex();
	for (i = ifs; !err && i && i->if_index; i++) {
		int fd = bpf_program__fd(skel->progs.xvs_decap);
		uint32_t mode;

		if (!strcmp(i->if_name, "lo"))
			continue;
		if (decap_on(i->if_index, &mode) < 0) {
			fprintf(stderr, "xvs-realserver: %s has another XDP program; not attaching\n", i->if_name);
			continue;
		}
		if (bpf_xdp_attach(i->if_index, fd, XDP_FLAGS_DRV_MODE, NULL) &&
		    bpf_xdp_attach(i->if_index, fd, XDP_FLAGS_SKB_MODE, NULL))
			fprintf(stderr, "xvs-realserver: cannot attach xvs_decap to %s\n", i->if_name);
		else
			attached++;
	}
	if (ifs)
		if_freenameindex(ifs);
	xvs_decap_bpf__destroy(skel);
	if (!err && !attached)
		err = -ENODEV;
	return err;
}

static bool known_vip(const struct state *s, const char *v)
{
	for (int i = 0; i < s->nvips; i++)
		if (!strcmp(s->vips[i], v))
			return true;
	return false;
}

static int prepare(struct state *s, const char *const *vips, int nvips)
{
	int err = 0;

	for (int i = 0; i < NSYSCTL && !err; i++) {
		int old;

		err = sysctl_rw(sysctl_names[i], &old, sysctl_want[i]);
		if (!err && s->old_sysctl[i] < 0)
			s->old_sysctl[i] = old;
	}
	for (int i = 0; i < nvips && !err; i++) {
		err = lo_addr(vips[i], true);
		if (err == -EEXIST) {
			err = 0; /* the operator's, or ours from an earlier run */
			continue;
		}
		if (!err && !known_vip(s, vips[i]) && s->nvips < MAX_VIPS)
			snprintf(s->vips[s->nvips++], INET6_ADDRSTRLEN, "%s", vips[i]);
	}
	return err;
}

static int undo(struct state *s)
{
	char path[128];

	detach_decap();
	for (int i = 0; i < s->nvips; i++)
		lo_addr(s->vips[i], false);
	for (int i = 0; i < NSYSCTL; i++) {
		int cur;

		if (s->old_sysctl[i] >= 0)
			sysctl_rw(sysctl_names[i], &cur, s->old_sysctl[i]);
	}
	state_path(path, sizeof(path));
	unlink(path);
	return 0;
}

static void status(const struct state *s)
{
	struct if_nameindex *ifs = if_nameindex(), *i;

	for (int k = 0; k < s->nvips; k++)
		printf("vip %s on lo\n", s->vips[k]);
	for (int k = 0; k < NSYSCTL; k++) {
		int cur;

		if (!sysctl_rw(sysctl_names[k], &cur, -1))
			printf("%s = %d%s\n", sysctl_names[k], cur, s->old_sysctl[k] >= 0 ? " (set by xvs)" : "");
	}
	for (i = ifs; i && i->if_index; i++) {
		uint32_t mode;

		if (decap_on(i->if_index, &mode) > 0)
			printf("xvs_decap on %s (%s)\n", i->if_name, mode == XDP_FLAGS_DRV_MODE ? "native" : "generic");
	}
	if (s->gue_port > 0)
		printf("gue port %d\n", s->gue_port);
	if (ifs)
		if_freenameindex(ifs);
}

static int usage(void)
{
	fprintf(stderr, "usage: xvs-realserver dr VIP...\n"
			"       xvs-realserver tun [--gue-port PORT] VIP...\n"
			"       xvs-realserver undo\n"
			"       xvs-realserver status\n");
	return 2;
}

/* Every VIP must be an address before anything changes. */
static int check_vips(const char *const *vips, int n)
{
	unsigned char a[16];

	if (n < 1 || n > MAX_VIPS)
		return usage();
	for (int i = 0; i < n; i++) {
		if (inet_pton(AF_INET, vips[i], a) != 1 && inet_pton(AF_INET6, vips[i], a) != 1) {
			fprintf(stderr, "xvs-realserver: '%s' is not an IPv4 or IPv6 address\n", vips[i]);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *const *vips;
	struct state s;
	int nvips, err, gue = 0, rc;

	if (argc < 2)
		return usage();
	state_load(&s);
	if (!strcmp(argv[1], "status") && argc == 2) {
		status(&s);
		return 0;
	}
	if (!strcmp(argv[1], "undo") && argc == 2)
		return undo(&s);
	if (strcmp(argv[1], "dr") && strcmp(argv[1], "tun"))
		return usage();
	vips = (const char *const *)argv + 2;
	nvips = argc - 2;
	if (!strcmp(argv[1], "tun") && nvips >= 2 && !strcmp(vips[0], "--gue-port")) {
		char *end;
		long p = strtol(vips[1], &end, 10);

		if (*end || p < 1 || p > 65535) {
			fprintf(stderr, "xvs-realserver: bad GUE port '%s'\n", vips[1]);
			return 2;
		}
		gue = p;
		vips += 2;
		nvips -= 2;
	}
	rc = check_vips(vips, nvips);
	if (rc)
		return rc;
	err = prepare(&s, vips, nvips);
	if (!err && !strcmp(argv[1], "tun")) {
		s.gue_port = gue;
		err = attach_decap(&s, vips, nvips);
	}
	rc = state_save(&s);
	if (!err)
		err = rc;
	if (err) {
		fprintf(stderr, "xvs-realserver: %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	return 0;
}
