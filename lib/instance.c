// SPDX-License-Identifier: GPL-2.0
/*
 * Finding, loading and attaching a network namespace's data plane.
 *
 * The default instance belongs to the network namespace: its maps and
 * program are pinned under /sys/fs/bpf/xvs/<instance>/ where <instance> is
 * "default" for the initial namespace, the `ip netns` name of a named one, or
 * "ns<inode>".  A mount namespace without that bpffs (`ip netns exec` mounts
 * a fresh /sys) still finds its data plane through the XDP program attached
 * to its interfaces.  Nothing here ever detaches, reloads or resets a running
 * data plane.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "xvs_xdp.skel.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif
#define BPF_FS_MAGIC_NUM 0xcafe4a11
#define BPFFS_ROOT "/sys/fs/bpf"
#define XVS_PROG_NAME "xvs_xdp"
#define XVS_EST_PROG_NAME "xvs_est_ctl"

const char *const xvs_map_names[XVS_M_MAX] = {
	[XVS_M_SVCS] = "xvs_svcs",
	[XVS_M_DESTS] = "xvs_dests",
	[XVS_M_RING] = "xvs_ring",
	[XVS_M_SCHED_POS] = "xvs_sched_pos",
	[XVS_M_CONNS] = "xvs_conns",
	[XVS_M_NAT_REV] = "xvs_nat_rev",
	[XVS_M_SVC_STATS] = "xvs_svc_stats",
	[XVS_M_DEST_STATS] = "xvs_dest_stats",
	[XVS_M_DEST_CONNS] = "xvs_dest_conns",
	[XVS_M_REASONS] = "xvs_reasons",
	[XVS_M_CONFIG] = "xvs_config",
	[XVS_M_TREE] = "xvs_tree",
	[XVS_M_LBLC] = "xvs_lblc",
	[XVS_M_MARKS] = "xvs_marks",
	[XVS_M_SVC_EST] = "xvs_svc_est",
	[XVS_M_DEST_EST] = "xvs_dest_est",
	[XVS_M_EST_CLOCK] = "xvs_est_clock",
	[XVS_M_PE_DATA] = "xvs_pe_data",
	[XVS_M_NAT_RS] = "xvs_nat_rs",
	[XVS_M_PROGS] = "xvs_progs",
	[XVS_M_VIPS] = "xvs_vips",
	[XVS_M_SYNC_RING] = "xvs_sync_ring",
	[XVS_M_SYNC] = "xvs_sync",
};

/* IPVS's default timeouts (ip_vs_proto_tcp.c tcp_timeouts, udp 300 s). */
static const uint32_t default_timeouts[XVS_NR_TIMEOUTS] = {
	[XVS_TCP_NONE] = 2,         [XVS_TCP_ESTABLISHED] = 900, [XVS_TCP_SYN_SENT] = 120,
	[XVS_TCP_SYN_RECV] = 60,    [XVS_TCP_FIN_WAIT] = 120,    [XVS_TCP_TIME_WAIT] = 120,
	[XVS_TCP_CLOSE] = 10,       [XVS_TCP_CLOSE_WAIT] = 60,   [XVS_TCP_LAST_ACK] = 30,
	[XVS_TCP_LISTEN] = 120,     [XVS_TCP_SYNACK] = 120,      [XVS_UDP_STATE] = 300,
};

void xvs_logf(struct xvs_ctx *ctx, enum xvs_log_level level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!ctx->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->log(level, msg, ctx->log_arg);
}

static uint64_t netns_cookie(void)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (fd < 0)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len))
		cookie = 0;
	close(fd);
	return cookie;
}

/* "default", the `ip netns` name, or "ns<inode>" for this network namespace. */
static void default_instance(char *buf, size_t len)
{
	struct stat self, other;
	struct dirent *de;
	DIR *dir;

	if (stat("/proc/self/ns/net", &self)) {
		snprintf(buf, len, "default");
		return;
	}
	/* kthreadd always lives in the initial namespace. */
	if (!stat("/proc/2/ns/net", &other) && other.st_ino == self.st_ino) {
		snprintf(buf, len, "default");
		return;
	}
	dir = opendir("/run/netns");
	while (dir && (de = readdir(dir))) {
		char path[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", de->d_name);
		if (!stat(path, &other) && other.st_ino == self.st_ino && other.st_dev == self.st_dev) {
			snprintf(buf, len, "%s", de->d_name);
			closedir(dir);
			return;
		}
	}
	if (dir)
		closedir(dir);
	snprintf(buf, len, "ns%lu", (unsigned long)self.st_ino);
}

/* Make sure /sys/fs/bpf is a BPF filesystem, mounting one as systemd would. */
static bool bpffs_ready(struct xvs_ctx *ctx)
{
	struct statfs st;

	if (!statfs(BPFFS_ROOT, &st) && st.f_type == BPF_FS_MAGIC_NUM)
		return true;
	if (mount("bpf", BPFFS_ROOT, "bpf", 0, "mode=0700")) {
		xvs_logf(ctx, XVS_LOG_DEBUG, "cannot mount bpffs on %s: %s", BPFFS_ROOT, strerror(errno));
		return false;
	}
	return true;
}

static void close_fds(struct xvs_ctx *ctx)
{
	for (int i = 0; i < XVS_M_MAX; i++) {
		if (ctx->map_fd[i] >= 0)
			close(ctx->map_fd[i]);
		ctx->map_fd[i] = -1;
	}
	if (ctx->prog_fd >= 0)
		close(ctx->prog_fd);
	ctx->prog_fd = -1;
	if (ctx->est_prog_fd >= 0)
		close(ctx->est_prog_fd);
	ctx->est_prog_fd = -1;
}

static int read_config(struct xvs_ctx *ctx, struct xvs_config *cfg)
{
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, cfg))
		return -errno;
	return 0;
}

/*
 * check_instance() - is the opened state this netns's, of this ABI?
 * Returns: 0, -ESTALE (left over from a deleted netns), or -EPROTO.
 */
static int check_instance(struct xvs_ctx *ctx, uint64_t cookie)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);
	struct xvs_config cfg;
	int err = read_config(ctx, &cfg);

	if (err)
		return err;
	if (cfg.abi_version != XVS_ABI_VERSION) {
		xvs_logf(ctx, XVS_LOG_ERR, "data plane of instance %s has ABI %u, this xvs has %u", ctx->instance,
			 cfg.abi_version, XVS_ABI_VERSION);
		return -EPROTO;
	}
	if (cookie && cfg.netns_cookie != cookie)
		return -ESTALE;
	ctx->conn_tab_size = cfg.conn_tab_size;
	if (bpf_obj_get_info_by_fd(ctx->prog_fd, &info, &len))
		return -errno;
	ctx->prog_id = info.id;
	return 0;
}

static int open_pinned(struct xvs_ctx *ctx)
{
	char path[PATH_MAX];

	for (int i = 0; i < XVS_M_MAX; i++) {
		snprintf(path, sizeof(path), "%s/%s", ctx->pin_dir, xvs_map_names[i]);
		ctx->map_fd[i] = bpf_obj_get(path);
		if (ctx->map_fd[i] < 0)
			return -errno;
	}
	snprintf(path, sizeof(path), "%s/%s", ctx->pin_dir, XVS_PROG_NAME);
	ctx->prog_fd = bpf_obj_get(path);
	return ctx->prog_fd < 0 ? -errno : 0;
}

/*
 * The rate estimator's maps.  Only its timer holds them, and the kernel
 * stops a timer when the last pin or descriptor of its map goes: a data
 * plane whose pins went with a mount namespace is found through its XDP
 * program without them, and its rates read 0.
 */
static bool est_map(int m)
{
	return m == XVS_M_SVC_EST || m == XVS_M_DEST_EST || m == XVS_M_EST_CLOCK;
}

/* The ids of the maps program @prog_fd uses (at most 32): their count. */
static int prog_map_ids(int prog_fd, uint32_t ids[32])
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);

	info.nr_map_ids = 32;
	info.map_ids = (uint64_t)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	return info.nr_map_ids < 32 ? info.nr_map_ids : 32;
}

static bool prog_uses_map(int prog_fd, uint32_t map_id)
{
	uint32_t ids[32];
	int n = prog_map_ids(prog_fd, ids);

	for (int i = 0; i < n; i++)
		if (ids[i] == map_id)
			return true;
	return false;
}

/* Take the maps of program @prog_fd by their names, those not taken yet. */
static int maps_of_prog(struct xvs_ctx *ctx, int prog_fd)
{
	uint32_t ids[32];
	int n = prog_map_ids(prog_fd, ids);

	for (int i = 0; i < n; i++) {
		struct bpf_map_info mi = {};
		uint32_t mlen = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			return -errno;
		if (bpf_obj_get_info_by_fd(fd, &mi, &mlen)) {
			close(fd);
			return -errno;
		}
		for (int m = 0; m < XVS_M_MAX; m++) {
			if (!strcmp(mi.name, xvs_map_names[m]) && ctx->map_fd[m] < 0) {
				ctx->map_fd[m] = fd;
				fd = -1;
				break;
			}
		}
		if (fd >= 0)
			close(fd);
	}
	return n < 0 ? n : 0;
}

/*
 * find_est_prog() - this instance's xvs_est_ctl: the program of that name
 * that uses the service map already taken.  BPF ids are global, so this
 * walks every program of the host.
 */
static int find_est_prog(struct xvs_ctx *ctx)
{
	struct bpf_map_info svcs = {};
	uint32_t len = sizeof(svcs), id = 0;

	if (bpf_obj_get_info_by_fd(ctx->map_fd[XVS_M_SVCS], &svcs, &len))
		return -errno;
	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info = {};
		uint32_t ilen = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue; /* unloaded meanwhile */
		if (!bpf_obj_get_info_by_fd(fd, &info, &ilen) && !strcmp(info.name, XVS_EST_PROG_NAME) &&
		    prog_uses_map(fd, svcs.id)) {
			ctx->est_prog_fd = fd;
			return 0;
		}
		close(fd);
	}
	return -ENOENT;
}

/* The rate estimator's maps are not the XDP program's (the packet path
 * does not touch them): take them from xvs_est_ctl. */
static int maps_of_est_prog(struct xvs_ctx *ctx)
{
	int err = find_est_prog(ctx);

	return err ? err : maps_of_prog(ctx, ctx->est_prog_fd);
}

int xvs_est_prog(struct xvs_ctx *ctx)
{
	if (ctx->est_prog_fd < 0 && ctx->map_fd[XVS_M_SVCS] >= 0)
		find_est_prog(ctx);
	return ctx->est_prog_fd >= 0 ? ctx->est_prog_fd : -ENOENT;
}

int xvs_xdp_prog_on(int ifindex, const char *name, uint32_t *mode)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info), id;
	int fd;

	if (bpf_xdp_query(ifindex, 0, &q))
		return -errno;
	id = q.drv_prog_id ? q.drv_prog_id : q.skb_prog_id;
	if (mode)
		*mode = q.drv_prog_id ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	if (!id)
		return -ENOENT;
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || strcmp(info.name, name)) {
		close(fd);
		return -EEXIST;
	}
	return fd;
}

/* Find the data plane through the XDP program on this netns's interfaces. */
static int open_attached(struct xvs_ctx *ctx)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	int err = -ENOENT;

	for (i = ifs; i && i->if_index; i++) {
		int fd = xvs_xdp_prog_on(i->if_index, XVS_PROG_NAME, NULL);

		if (fd < 0)
			continue;
		ctx->prog_fd = fd;
		err = maps_of_prog(ctx, fd);
		if (!err && ctx->map_fd[XVS_M_SVCS] >= 0 && maps_of_est_prog(ctx))
			xvs_logf(ctx, XVS_LOG_INFO, "instance %s has no rate estimator left (its pins are gone): "
				 "rates read 0", ctx->instance);
		for (int m = 0; m < XVS_M_MAX && !err; m++)
			if (ctx->map_fd[m] < 0 && !est_map(m))
				err = -ENOENT;
		break;
	}
	if (ifs)
		if_freenameindex(ifs);
	return err;
}

static int pin_all(struct xvs_ctx *ctx)
{
	char path[PATH_MAX];

	mkdir(BPFFS_ROOT "/xvs", 0700);
	if (mkdir(ctx->pin_dir, 0700) && errno != EEXIST)
		return -errno;
	for (int i = 0; i < XVS_M_MAX; i++) {
		if (ctx->map_fd[i] < 0 && est_map(i))
			continue;
		snprintf(path, sizeof(path), "%s/%s", ctx->pin_dir, xvs_map_names[i]);
		if (bpf_obj_pin(ctx->map_fd[i], path) && errno != EEXIST)
			return -errno;
	}
	snprintf(path, sizeof(path), "%s/%s", ctx->pin_dir, XVS_PROG_NAME);
	if (bpf_obj_pin(ctx->prog_fd, path) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Remove a pinned instance left behind by a network namespace that is gone. */
static void unpin_all(const char *dir)
{
	char path[PATH_MAX];

	for (int i = 0; i < XVS_M_MAX; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, xvs_map_names[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, XVS_PROG_NAME);
	unlink(path);
	rmdir(dir);
}

static uint32_t conn_tab_size(const struct xvs_open_opts *opts)
{
	const char *env = getenv("XVS_CONN_TABLE_SIZE");
	unsigned long v;

	if (opts->conn_tab_size)
		return opts->conn_tab_size;
	if (env && (v = strtoul(env, NULL, 0)) >= 64 && v <= (1UL << 27))
		return v;
	return XVS_CONN_DEFAULT;
}

/* Put @prog in slot @slot of xvs_progs, which holds it once the skeleton
 * lets go of it. */
static int set_prog(struct xvs_ctx *ctx, uint32_t slot, const struct bpf_program *prog)
{
	int fd = bpf_program__fd(prog);

	return bpf_map_update_elem(ctx->map_fd[XVS_M_PROGS], &slot, &fd, 0) ? -errno : 0;
}

static int load(struct xvs_ctx *ctx, const struct xvs_open_opts *opts, uint64_t cookie)
{
	struct xvs_config cfg = {};
	struct xvs_xdp_bpf *skel;
	uint32_t zero = 0;
	int err;

	skel = xvs_xdp_bpf__open();
	if (!skel)
		return -errno;
	ctx->conn_tab_size = conn_tab_size(opts);
	skel->rodata->est_nr_cpus = ctx->nr_cpus;
	err = bpf_map__set_max_entries(skel->maps.xvs_conns, ctx->conn_tab_size);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.xvs_nat_rev, ctx->conn_tab_size);
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.xvs_pe_data, ctx->conn_tab_size);
	if (!err)
		err = xvs_xdp_bpf__load(skel);
	if (err) {
		xvs_logf(ctx, XVS_LOG_ERR, "loading the XDP data plane: %s", strerror(-err));
		xvs_xdp_bpf__destroy(skel);
		return err;
	}
	for (int i = 0; i < XVS_M_MAX; i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(skel->obj, xvs_map_names[i]);

		ctx->map_fd[i] = dup(bpf_map__fd(m));
	}
	ctx->prog_fd = dup(bpf_program__fd(skel->progs.xvs_xdp));
	ctx->est_prog_fd = dup(bpf_program__fd(skel->progs.xvs_est_ctl));
	err = set_prog(ctx, XVS_PROG_ICMP_FLOW, skel->progs.xvs_xdp_icmp);
	xvs_xdp_bpf__destroy(skel);
	if (err) {
		xvs_logf(ctx, XVS_LOG_ERR, "loading the XDP data plane: %s", strerror(-err));
		return err;
	}

	cfg.abi_version = XVS_ABI_VERSION;
	cfg.conn_tab_size = ctx->conn_tab_size;
	cfg.netns_cookie = cookie;
	memcpy(cfg.timeout, default_timeouts, sizeof(cfg.timeout));
	xvs_sysctl_defaults(cfg.sysctl);
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0))
		return -errno;
	/* The timer lives in a pinned map and holds the program, so it keeps
	 * estimating after this process is gone. */
	err = xvs_est_ctl(ctx, XVS_EST_START);
	if (err) {
		xvs_logf(ctx, XVS_LOG_ERR, "starting the rate estimator: %s", strerror(-err));
		return err;
	}
	xvs_logf(ctx, XVS_LOG_INFO, "loaded data plane instance %s (connection table %u)", ctx->instance,
		 ctx->conn_tab_size);
	return 0;
}

static bool iface_wanted(const struct xvs_config *cfg, const char *name)
{
	char list[sizeof(cfg->ifaces)], *tok, *save;
	struct ifreq ifr = {};
	int fd;

	if (cfg->ifaces[0]) {
		snprintf(list, sizeof(list), "%s", cfg->ifaces);
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (!strcmp(tok, name))
				return true;
		return false;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return false;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		ifr.ifr_flags = IFF_LOOPBACK;
	close(fd);
	return !(ifr.ifr_flags & IFF_LOOPBACK);
}

/* XVS_IFACES=eth0,eth1 restricts (and, as "all", resets) the served set. */
static int apply_iface_policy(struct xvs_ctx *ctx, struct xvs_config *cfg)
{
	const char *env = getenv("XVS_IFACES");
	uint32_t zero = 0;

	if (!env)
		return 0;
	if (!strcmp(env, "all"))
		env = "";
	if (strlen(env) >= sizeof(cfg->ifaces))
		return -ENAMETOOLONG;
	if (!strcmp(cfg->ifaces, env))
		return 0;
	snprintf(cfg->ifaces, sizeof(cfg->ifaces), "%s", env);
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, cfg, 0))
		return -errno;
	return 1;
}

static int attach_one(struct xvs_ctx *ctx, int ifindex, const char *name)
{
	int err = bpf_xdp_attach(ifindex, ctx->prog_fd, XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);

	if (!err)
		return 0;
	err = bpf_xdp_attach(ifindex, ctx->prog_fd, XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (err) {
		xvs_logf(ctx, XVS_LOG_WARN, "cannot attach XDP to %s: %s", name, strerror(-err));
		return err;
	}
	xvs_logf(ctx, XVS_LOG_WARN, "%s: native XDP not available, using generic mode (slower)", name);
	return 0;
}

/* Does @name forward IPv4 or IPv6 (what bpf_fib_lookup requires)? */
static bool iface_forwards(const char *name)
{
	static const char *const fmt[] = { "/proc/sys/net/ipv4/conf/%s/forwarding",
					   "/proc/sys/net/ipv6/conf/%s/forwarding" };

	for (int i = 0; i < 2; i++) {
		char path[128];
		int v = 0;
		FILE *f;

		snprintf(path, sizeof(path), fmt[i], name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%d", &v) != 1)
			v = 0;
		fclose(f);
		if (v)
			return true;
	}
	return false;
}

/* Record whether any served interface forwards (XVS_CFG_F_FIB). */
static int set_fib_flag(struct xvs_ctx *ctx, struct xvs_config *cfg, bool any)
{
	uint32_t zero = 0, want = any ? XVS_CFG_F_FIB : 0;

	if ((cfg->flags & XVS_CFG_F_FIB) == want)
		return 0;
	cfg->flags = (cfg->flags & ~XVS_CFG_F_FIB) | want;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, cfg, 0) ? -errno : 0;
}

/*
 * xvs_attach_ifaces() - serve every wanted interface that has no program yet;
 * stop serving (only) interfaces an explicit XVS_IFACES no longer names.
 * An interface with someone else's XDP program is left alone, with a warning.
 * Also records whether any served interface forwards (XVS_CFG_F_FIB).
 */
int xvs_attach_ifaces(struct xvs_ctx *ctx)
{
	struct if_nameindex *ifs, *i;
	struct xvs_config cfg;
	bool forwards = false;
	int changed, err = read_config(ctx, &cfg);

	if (err)
		return err;
	changed = apply_iface_policy(ctx, &cfg);
	if (changed < 0)
		return changed;
	ifs = if_nameindex();
	for (i = ifs; i && i->if_index; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		uint32_t id;

		if (bpf_xdp_query(i->if_index, 0, &q))
			continue;
		id = q.drv_prog_id ? q.drv_prog_id : q.skb_prog_id;
		if (!iface_wanted(&cfg, i->if_name)) {
			if (changed && id == ctx->prog_id)
				bpf_xdp_detach(i->if_index, q.drv_prog_id ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE,
					       NULL);
			continue;
		}
		if (id == ctx->prog_id) {
			forwards |= iface_forwards(i->if_name);
			continue;
		}
		if (id) {
			xvs_logf(ctx, XVS_LOG_WARN, "%s already has XDP program %u; not serving it", i->if_name, id);
			continue;
		}
		if (!attach_one(ctx, i->if_index, i->if_name))
			forwards |= iface_forwards(i->if_name);
	}
	if (ifs)
		if_freenameindex(ifs);
	return set_fib_flag(ctx, &cfg, forwards);
}

int xvs_get_ifaces(struct xvs_ctx *ctx, struct xvs_iface **out, size_t *n)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	size_t cnt = 0;

	*out = NULL;
	*n = 0;
	for (i = ifs; i && i->if_index; i++)
		cnt++;
	*out = calloc(cnt ? cnt : 1, sizeof(**out));
	if (!*out) {
		if_freenameindex(ifs);
		return -ENOMEM;
	}
	for (i = ifs; i && i->if_index; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);

		if (bpf_xdp_query(i->if_index, 0, &q))
			continue;
		if (q.drv_prog_id != ctx->prog_id && q.skb_prog_id != ctx->prog_id)
			continue;
		(*out)[*n].ifindex = i->if_index;
		snprintf((*out)[*n].name, sizeof((*out)[*n].name), "%s", i->if_name);
		(*out)[*n].native = q.drv_prog_id == ctx->prog_id;
		(*n)++;
	}
	if (ifs)
		if_freenameindex(ifs);
	return 0;
}

static int open_existing(struct xvs_ctx *ctx, bool pinned, uint64_t cookie)
{
	int err = -ENOENT;

	if (pinned) {
		err = open_pinned(ctx);
		if (!err)
			err = check_instance(ctx, cookie);
		if (err == -ESTALE) {
			xvs_logf(ctx, XVS_LOG_INFO, "removing stale instance %s", ctx->pin_dir);
			close_fds(ctx);
			unpin_all(ctx->pin_dir);
		}
		if (!err)
			return 0;
		close_fds(ctx);
	}
	err = open_attached(ctx);
	if (!err)
		err = check_instance(ctx, 0);
	if (err)
		close_fds(ctx);
	return err;
}

int xvs_open(struct xvs_ctx **out, const struct xvs_open_opts *opts)
{
	const char *env = getenv("XVS_INSTANCE");
	struct xvs_ctx *ctx = calloc(1, sizeof(*ctx));
	uint64_t cookie = netns_cookie();
	bool pinned;
	int err;

	if (!ctx)
		return -ENOMEM;
	ctx->log = opts->log;
	ctx->log_arg = opts->log_arg;
	ctx->prog_fd = -1;
	ctx->est_prog_fd = -1;
	for (int i = 0; i < XVS_M_MAX; i++)
		ctx->map_fd[i] = -1;
	if (opts->instance)
		snprintf(ctx->instance, sizeof(ctx->instance), "%s", opts->instance);
	else if (env && *env)
		snprintf(ctx->instance, sizeof(ctx->instance), "%s", env);
	else
		default_instance(ctx->instance, sizeof(ctx->instance));
	if (strchr(ctx->instance, '/')) {
		free(ctx);
		return -EINVAL;
	}
	snprintf(ctx->pin_dir, sizeof(ctx->pin_dir), BPFFS_ROOT "/xvs/%s", ctx->instance);
	ctx->nr_cpus = libbpf_num_possible_cpus();
	pinned = bpffs_ready(ctx);

	err = open_existing(ctx, pinned, cookie);
	if (err == -ENOENT && opts->create) {
		err = load(ctx, opts, cookie);
		if (!err)
			err = check_instance(ctx, cookie); /* fills prog_id */
	}
	if (!err && pinned)
		err = pin_all(ctx);
	/* Interfaces that appeared since the last run are served from now on;
	 * attaching is additive and never touches a working attachment. */
	if (!err)
		err = xvs_attach_ifaces(ctx);
	if (!err && opts->create)
		err = xvs_refresh_l2(ctx);
	if (err) {
		xvs_close(ctx);
		return err;
	}
	*out = ctx;
	return 0;
}

void xvs_close(struct xvs_ctx *ctx)
{
	if (!ctx)
		return;
	close_fds(ctx);
	free(ctx->sync_dests);
	free(ctx);
}

const char *xvs_instance_name(const struct xvs_ctx *ctx)
{
	return ctx->instance;
}

const char *xvs_pin_dir(const struct xvs_ctx *ctx)
{
	return ctx->pin_dir;
}
