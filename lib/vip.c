// SPDX-License-Identifier: GPL-2.0
/*
 * VIP ownership for xvsd's VRRP: the entries of xvs_vips (bpf/vip.h), and
 * XVS_CFG_F_VIPS, which tells the data plane to look there and is set
 * exactly while there is something to find, so a director without VRRP
 * spends no lookup on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>

#include "internal.h"

uint64_t xvs_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The map key of @vip: 0, -EAFNOSUPPORT, or -EINVAL (not of family @af). */
static int vip_key(int af, const union xvs_addr *vip, union xvs_addr *k)
{
	if (af != AF_INET && af != AF_INET6)
		return -EAFNOSUPPORT;
	/* a v4-mapped IPv6 VIP would be the IPv4 one's entry */
	if (xvs_addr_is_v4(vip) != (af == AF_INET))
		return -EINVAL;
	memset(k, 0, sizeof(*k));
	*k = *vip;
	return 0;
}

/*
 * sync_flag() - set XVS_CFG_F_VIPS when xvs_vips has an entry, clear it when
 * it has none.  Run after every change, so a flag that another writer's
 * read-modify-write of the config lost comes back at the next lease renewal.
 */
static int sync_flag(struct xvs_ctx *ctx)
{
	union xvs_addr first;
	struct xvs_config cfg;
	uint32_t zero = 0, want;

	if (!bpf_map_get_next_key(ctx->map_fd[XVS_M_VIPS], NULL, &first))
		want = XVS_CFG_F_VIPS;
	else if (errno == ENOENT)
		want = 0;
	else
		return -errno;
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		return -errno;
	if ((cfg.flags & XVS_CFG_F_VIPS) == want)
		return 0;
	cfg.flags = (cfg.flags & ~XVS_CFG_F_VIPS) | want;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

int xvs_set_vip(struct xvs_ctx *ctx, int af, const union xvs_addr *vip, bool held, uint64_t lease_ns)
{
	struct xvs_vip v = { .lease_ns = lease_ns, .flags = held ? XVS_VIP_F_HELD : 0 };
	union xvs_addr k;
	int err = vip_key(af, vip, &k);

	if (err)
		return err;
	/* the entry before the flag: the data plane never looks for nothing
	 * (a hash map's update replaces the value whole, never torn) */
	if (bpf_map_update_elem(ctx->map_fd[XVS_M_VIPS], &k, &v, BPF_ANY))
		return errno == E2BIG ? -ENOSPC : -errno;
	err = sync_flag(ctx);
	if (err)
		xvs_logf(ctx, XVS_LOG_ERR, "setting VIP ownership: %s", strerror(-err));
	return err;
}

int xvs_del_vip(struct xvs_ctx *ctx, int af, const union xvs_addr *vip)
{
	union xvs_addr k;
	int err = vip_key(af, vip, &k);

	if (err)
		return err;
	if (bpf_map_delete_elem(ctx->map_fd[XVS_M_VIPS], &k))
		return -errno;
	err = sync_flag(ctx);
	if (err)
		xvs_logf(ctx, XVS_LOG_ERR, "deleting VIP ownership: %s", strerror(-err));
	return err;
}

int xvs_get_vips(struct xvs_ctx *ctx, struct xvs_vip_entry **out, size_t *n)
{
	int fd = ctx->map_fd[XVS_M_VIPS];
	struct xvs_vip_entry *e = calloc(XVS_MAX_VIPS, sizeof(*e));
	union xvs_addr k, next;
	void *prev = NULL;
	size_t cnt = 0;

	if (!e)
		return -ENOMEM;
	while (cnt < XVS_MAX_VIPS && !bpf_map_get_next_key(fd, prev, &next)) {
		struct xvs_vip v;

		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &v))
			continue; /* deleted meanwhile */
		e[cnt].af = xvs_addr_is_v4(&k) ? AF_INET : AF_INET6;
		e[cnt].addr = k;
		e[cnt].held = v.flags & XVS_VIP_F_HELD;
		e[cnt++].lease_ns = v.lease_ns;
	}
	*out = e;
	*n = cnt;
	return 0;
}
