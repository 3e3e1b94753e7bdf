// SPDX-License-Identifier: GPL-2.0
/*
 * VRRP running (vrrp_run.h): the glue between vrrp.c's state machine and
 * the host — sockets, timers, trackers, addresses, GARPs, notifies and the
 * data plane's VIP entries.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kw_vrrp.h"
#include "log.h"
#include "script.h"
#include "vrrp.h"
#include "vrrp_if.h"
#include "vrrp_run.h"
#include "vrrp_sock.h"
#include "vrrp_track.h"

#define RX_BURST 64         /* packets read per wake-up, so one socket cannot starve the loop */
#define STOP_NOTIFY_US 1000000 /* STOP notifies get 1 s, as keepalived gives them */

struct vsock {
	int fd;
	int family;
	int ifindex;
	bool unicast;
	uv_poll_t poll;
	struct vrrp_run *r;
	uint64_t rejects[VRRP_R_MAX];
	uint64_t unknown_vrid;
	struct vsock *next;
};

struct inst {
	struct vrrp_rt rt;
	struct vrrp_run *r;
	const struct vrrp_instance *conf;
	struct vsock *sock;
	struct vrrp_ifinfo ifi;       /* where adverts and GARPs leave (the VMAC with use_vmac) */
	char vmac[VRRP_IFNAMSIZ];     /* "": none made */
	uint8_t mac[6];               /* GARP source */
	union xvs_addr src;           /* advert source */
	bool no_src;                  /* no address to send from: FAULT */
	bool vips_up;                 /* its addresses are on (the lease is renewed) */
	uint16_t ip_id;               /* keepalived's: from 1, never 0 */
	uv_timer_t timer;
};

struct vrrp_run {
	struct vrrp_run_opts o;
	int ninst, ngroups;
	struct inst *insts;
	struct vrrp_group_rt *groups;
	struct vrrp_rt **members;
	struct vsock *socks;
	struct vrrp_tracker track;
	int mon_fd;
	uv_poll_t mon;
	bool stopping;
};

static int64_t now_us(void)
{
	return (int64_t)(uv_hrtime() / 1000);
}

static struct inst *inst_of(struct vrrp_rt *rt)
{
	return rt->arg;
}

/* ---- the timers: every call into the state machine may move any member's ---- */

static void on_timer(uv_timer_t *h);

static void arm(struct inst *in)
{
	int64_t next = vrrp_next(&in->rt), now = now_us();

	if (next == INT64_MAX) {
		uv_timer_stop(&in->timer);
		return;
	}
	/* round up: a timer that fires early only sleeps again */
	uv_timer_start(&in->timer, on_timer, next > now ? (uint64_t)(next - now + 999) / 1000 : 0, 0);
}

static void arm_all(struct vrrp_run *r)
{
	if (r->stopping)
		return;
	for (int i = 0; i < r->ninst; i++)
		arm(&r->insts[i]);
}

static void on_timer(uv_timer_t *h)
{
	struct inst *in = h->data;

	vrrp_tick(&in->rt, now_us());
	arm_all(in->r);
}

/* ---- what the state machine asks for ---- */

/*
 * The addresses @c adds and removes, VIPs then eVIPs, one after the other:
 * for (ip = next_addr(c, NULL); ip; ip = next_addr(c, ip)).
 */
static const struct vrrp_ipaddr *next_addr(const struct vrrp_instance *c, const struct vrrp_ipaddr *ip)
{
	const struct vrrp_ipaddr *last = c->vips;

	if (!ip)
		return c->vips ? c->vips : c->evips;
	if (ip->next)
		return ip->next;
	while (last && last->next)
		last = last->next;
	return ip == last ? c->evips : NULL;
}

/*
 * The data plane's entries for @in's addresses: held under a lease of
 * down_timer_adverts × advert_int from now (none with --fence=off), or
 * not held.
 */
static void dp_vips(struct inst *in, bool held)
{
	const struct vrrp_run_opts *o = &in->r->o;
	uint64_t until = XVS_LEASE_FOREVER;
	char s[INET6_ADDRSTRLEN];

	if (!o->xvs || o->active_active)
		return;
	if (held && o->fence == VRRP_FENCE_LEASE)
		until = xvs_monotonic_ns() + (uint64_t)in->conf->down_timer_adverts * in->rt.adver_us * 1000;
	for (const struct vrrp_ipaddr *ip = next_addr(in->conf, NULL); ip; ip = next_addr(in->conf, ip)) {
		int err = xvs_set_vip(o->xvs, ip->af, &ip->addr, held, held ? until : 0);

		if (err)
			xvsd_log(LOG_ERR, "(%s) cannot tell the data plane about %s: %s", in->conf->name,
				 xvs_addr_ntop(ip->af, &ip->addr, s, sizeof(s)), strerror(-err));
	}
}

static void send_advert(struct vrrp_rt *rt, uint8_t prio)
{
	struct inst *in = inst_of(rt);
	const struct vrrp_instance *c = in->conf;
	struct vrrp_advert a = { .version = c->version, .af = c->family, .vrid = c->vrid, .priority = prio };
	const struct vrrp_ipaddr *ip = c->vips;
	uint8_t buf[20 + 8 + 16 * VRRP_MAX_ADDRS + 8];
	const struct vrrp_peer *peer = c->peers;
	char s[INET6_ADDRSTRLEN];

	if (!in->sock)
		return;
	a.interval_cs = rt->adver_us / 10000;
	if (c->version == 2 && c->family == AF_INET) {
		a.auth_type = c->auth_type;
		memcpy(a.auth, c->auth_pass, VRRP_AUTH_LEN);
	}
	for (; ip && a.naddr < VRRP_MAX_ADDRS; ip = ip->next)
		a.addrs[a.naddr++] = ip->addr;
	/* multicast: one advert to the group; unicast: one to each peer */
	do {
		const union xvs_addr *dst = c->unicast ? &peer->addr.addr : &c->mcast_dst.addr;
		size_t len;
		int err;

		if (c->family == AF_INET) {
			len = vrrp_encode(&a, &in->src, dst, c->v3_checksum_as_v2, buf + 20, sizeof(buf) - 20);
			if (++in->ip_id == 0)
				in->ip_id = 1;
			vrrp_ip4_header(buf, &in->src, dst, in->ip_id, len);
			if (c->unicast)
				buf[8] = c->unicast_ttl; /* the kernel fills the header checksum */
			err = vrrp_sock_send4(in->sock->fd, buf, 20 + len, dst);
		} else {
			len = vrrp_encode(&a, &in->src, dst, false, buf, sizeof(buf));
			err = vrrp_sock_send6(in->sock->fd, buf, len, c->src.af ? &in->src : NULL, dst,
					      in->ifi.ifindex);
		}
		if (err)
			xvsd_log(LOG_WARNING, "(%s) cannot send an advert to %s: %s", c->name,
				 xvs_addr_ntop(c->family, dst, s, sizeof(s)), strerror(-err));
		peer = c->unicast ? peer->next : NULL;
	} while (peer);

	/* every advert of a master renews its VIPs' lease */
	if (prio && in->vips_up && in->r->o.fence == VRRP_FENCE_LEASE)
		dp_vips(in, true);
}

static int ip_ifindex(const struct inst *in, const struct vrrp_ipaddr *ip)
{
	return ip->dev[0] ? (int)if_nametoindex(ip->dev) : in->ifi.ifindex;
}

static void addresses(struct vrrp_rt *rt, bool up)
{
	struct inst *in = inst_of(rt);
	const struct vrrp_instance *c = in->conf;
	char s[INET6_ADDRSTRLEN];

	in->vips_up = up;
	if (in->conf->nvips || in->conf->nevips)
		xvsd_log(LOG_INFO, "(%s) %s VIPs.", c->name, up ? "Setting" : "Removing");
	/* held only once the addresses are there; not held before they go */
	if (!up)
		dp_vips(in, false);
	for (const struct vrrp_ipaddr *ip = next_addr(c, NULL); ip; ip = next_addr(c, ip)) {
		int ifindex = ip_ifindex(in, ip), err;

		if (!ifindex)
			err = -ENODEV;
		else
			err = up ? vrrp_ip_add(ip, ifindex) : vrrp_ip_del(ip, ifindex);
		if (err)
			xvsd_log(LOG_ERR, "(%s) cannot %s %s: %s", c->name, up ? "add" : "remove",
				 xvs_addr_ntop(ip->af, &ip->addr, s, sizeof(s)), strerror(-err));
	}
	if (up)
		dp_vips(in, true);
}

static void garp(struct vrrp_rt *rt, int repeat)
{
	struct inst *in = inst_of(rt);
	const struct vrrp_instance *c = in->conf;
	char s[INET6_ADDRSTRLEN];

	for (const struct vrrp_ipaddr *ip = next_addr(c, NULL); ip; ip = next_addr(c, ip))
		xvsd_log(LOG_INFO, "(%s) Sending/queueing gratuitous %s on %s for %s", c->name,
			 ip->af == AF_INET ? "ARPs" : "NAs", in->ifi.name, xvs_addr_ntop(ip->af, &ip->addr, s, sizeof(s)));
	/* the whole list each round: VIP1, VIP2, VIP1, ... (spec 2.6) */
	for (int i = 0; i < repeat; i++) {
		for (const struct vrrp_ipaddr *ip = next_addr(c, NULL); ip; ip = next_addr(c, ip)) {
			struct vrrp_ifinfo ifi = in->ifi;
			int err;

			if (ip->dev[0] && vrrp_if_get(ip->dev, &ifi))
				continue;
			err = vrrp_garp_send(&ifi, ip->dev[0] ? NULL : in->mac, ip->af, &ip->addr);
			if (err && !i)
				xvsd_log(LOG_WARNING, "(%s) gratuitous ARP/NA for %s failed: %s", c->name,
					 xvs_addr_ntop(ip->af, &ip->addr, s, sizeof(s)), strerror(-err));
		}
	}
}

/* Run @cmd, with @extra appended when it is the generic `notify` (TYPE NAME STATE PRIO). */
static void notify_run(struct vrrp_run *r, const struct model_cmd *cmd, const char *const *extra, int64_t timeout)
{
	struct model_cmd c = *cmd;
	char *argv[64];
	int n = 0;

	if (!cmd->text || !kv_cmd_runnable(cmd))
		return;
	for (int i = 0; i < cmd->argc && n < 58; i++)
		argv[n++] = cmd->argv[i];
	for (int i = 0; extra && extra[i]; i++)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	c.argc = n;
	c.argv = argv;
	script_run(r->o.loop, &c, &r->o.m->global, timeout, NULL, NULL);
}

static void notify(struct vrrp_run *r, const struct vrrp_notify *nt, const char *type, const char *name,
		   enum vrrp_state s, int prio)
{
	const struct model_cmd *by_state[] = {
		[VRRP_STATE_MASTER] = &nt->master, [VRRP_STATE_BACKUP] = &nt->backup,
		[VRRP_STATE_FAULT] = &nt->fault,   [VRRP_STATE_STOP] = &nt->stop,
	};
	int64_t timeout = s == VRRP_STATE_STOP ? STOP_NOTIFY_US : 0;
	char p[8];
	const char *extra[] = { type, name, vrrp_state_name(s), p, NULL };

	snprintf(p, sizeof(p), "%d", prio);
	/* the state's own script first, then notify (spec 2.11) */
	if (s != VRRP_STATE_INIT && by_state[s])
		notify_run(r, by_state[s], NULL, timeout);
	notify_run(r, &nt->notify, extra, timeout);
}

static void state(struct vrrp_rt *rt, enum vrrp_state s, bool init)
{
	struct inst *in = inst_of(rt);
	struct syncd *sd = in->r->o.syncd;

	(void)init;
	notify(in->r, &in->conf->notify, "INSTANCE", in->conf->name, s, rt->prio);
	/* lvs_sync_daemon: the master daemon while master, else the backup one */
	if (sd && sd->instance && !strcmp(sd->instance, in->conf->name)) {
		if (s == VRRP_STATE_STOP)
			syncd_stop(sd);
		else
			syncd_follow(sd, s == VRRP_STATE_MASTER);
	}
}

static void lower_prio(struct vrrp_rt *rt, const union xvs_addr *from, uint8_t prio)
{
	struct inst *in = inst_of(rt);

	(void)from, (void)prio;
	notify_run(in->r, &in->conf->notify.master_rx_lower_pri, NULL, 0);
}

static void group_state(struct vrrp_group_rt *g, enum vrrp_state s)
{
	notify(g->arg, &g->conf->notify, "GROUP", g->conf->name, s, 0);
}

static const struct vrrp_ops run_ops = {
	.advert = send_advert,
	.addresses = addresses,
	.garp = garp,
	.state = state,
	.lower_prio = lower_prio,
	.group_state = group_state,
};

/* ---- trackers: priority and FAULT from what is watched ---- */

static bool inst_fault(struct vrrp_run *r, struct inst *in, int *prio)
{
	const struct vrrp_instance *c = in->conf;
	bool weights = !c->sync || c->sync->tracking_weight;
	bool fault = in->no_src;
	int adj;

	if (!c->dont_track_primary && c->ifname[0] && !vrrp_track_if_up(&r->track, c->ifname))
		fault = true;
	fault |= vrrp_track_eval(&r->track, &c->track, weights, &adj);
	*prio = c->priority + adj;
	if (c->sync)
		fault |= vrrp_track_eval(&r->track, &c->sync->track, c->sync->tracking_weight, &adj);
	return fault;
}

static void on_track_change(void *arg)
{
	struct vrrp_run *r = arg;
	int64_t now = now_us();

	if (r->stopping)
		return;
	for (int i = 0; i < r->ninst; i++) {
		struct inst *in = &r->insts[i];
		int prio;
		bool fault = inst_fault(r, in, &prio);

		vrrp_set_prio(&in->rt, now, prio);
		vrrp_set_fault(&in->rt, now, fault);
	}
	arm_all(r);
}

static void on_link(void *arg, const struct vrrp_if_event *ev)
{
	struct vrrp_run *r = arg;

	if (ev->what == VRRP_IF_LINK)
		vrrp_track_link(&r->track, ev->name, ev->up);
	else if (ev->what == VRRP_IF_GONE)
		vrrp_track_link(&r->track, ev->name, false);
}

static void on_monitor(uv_poll_t *h, int status, int events)
{
	struct vrrp_run *r = h->data;

	(void)status, (void)events;
	if (vrrp_if_monitor_read(r->mon_fd, on_link, r) == -ENOBUFS) {
		/* changes were lost: read every interface afresh */
		for (int i = 0; i < r->track.nifs; i++) {
			struct vrrp_ifinfo ifi;

			vrrp_track_link(&r->track, r->track.ifs[i].name,
					!vrrp_if_get(r->track.ifs[i].name, &ifi) && ifi.up);
		}
	}
}

/* ---- receiving ---- */

static struct inst *inst_for(struct vrrp_run *r, const struct vsock *s, int vrid)
{
	for (int i = 0; i < r->ninst; i++)
		if (r->insts[i].sock == s && r->insts[i].conf->vrid == vrid)
			return &r->insts[i];
	return NULL;
}

static void receive(struct vsock *s, const uint8_t *buf, ssize_t n, const struct vrrp_rx_meta *m)
{
	struct vrrp_run *r = s->r;
	struct vrrp_advert a;
	enum vrrp_reject rej;
	struct inst *in;
	int off = s->family == AF_INET && n > 0 ? (buf[0] & 0x0f) * 4 : 0;

	/* the VRID picks the instance, whose checksum form the decoding needs */
	in = n > off + 1 ? inst_for(r, s, buf[off + 1]) : NULL;
	if (s->family == AF_INET)
		rej = vrrp_decode4(buf, n, m->multicast, in && in->conf->v3_checksum_as_v2, &a);
	else
		rej = vrrp_decode6(buf, n, &m->src, &m->dst, m->hlim, m->multicast, &a);
	if (rej != VRRP_ACCEPT) {
		s->rejects[rej]++;
		return;
	}
	if (!in) {
		s->unknown_vrid++;
		xvsd_log(LOG_DEBUG, "Unknown VRID %d received on ifindex %d", a.vrid, s->ifindex);
		return;
	}
	if (vrrp_check(&in->rt, &a, &m->src, m->multicast) == VRRP_RX_OK)
		vrrp_recv(&in->rt, now_us(), &a, &m->src);
}

static void on_readable(uv_poll_t *h, int status, int events)
{
	struct vsock *s = h->data;
	uint8_t buf[4096];

	(void)status, (void)events;
	for (int i = 0; i < RX_BURST; i++) {
		struct vrrp_rx_meta m;
		ssize_t n = vrrp_sock_recv(s->fd, s->family, buf, sizeof(buf), &m);

		if (n < 0)
			break;
		receive(s, buf, n, &m);
	}
	arm_all(s->r);
}

static struct vsock *sock_for(struct vrrp_run *r, struct inst *in, int ifindex, const char *ifname)
{
	const struct vrrp_instance *c = in->conf;
	struct vsock *s;
	int fd;

	for (s = r->socks; s; s = s->next)
		if (s->family == c->family && s->ifindex == ifindex && s->unicast == c->unicast)
			return s;
	fd = vrrp_sock_open(c->family, ifindex, ifname, c->unicast, &c->mcast_dst.addr);
	if (fd < 0) {
		xvsd_log(LOG_ERR, "(%s) cannot open a VRRP socket on %s: %s", c->name, ifname, strerror(-fd));
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return NULL;
	}
	s->fd = fd;
	s->family = c->family;
	s->ifindex = ifindex;
	s->unicast = c->unicast;
	s->r = r;
	uv_poll_init_socket(r->o.loop, &s->poll, fd);
	s->poll.data = s;
	uv_poll_start(&s->poll, UV_READABLE, on_readable);
	s->next = r->socks;
	r->socks = s;
	return s;
}

/* ---- starting ---- */

/* Its interface, its VMAC, its source address and its socket. */
static void inst_setup(struct vrrp_run *r, struct inst *in)
{
	const struct vrrp_instance *c = in->conf;
	struct vrrp_ifinfo base;
	char s[INET6_ADDRSTRLEN];
	int err;

	if (!c->ifname[0] || vrrp_if_get(c->ifname, &base)) {
		xvsd_log(LOG_ERR, "(%s) interface %s not found", c->name, c->ifname);
		in->no_src = true;
		return;
	}
	in->ifi = base;
	memcpy(in->mac, base.mac, 6);
	if (c->use_vmac) {
		int ifindex;

		snprintf(in->vmac, sizeof(in->vmac), "%s", c->vmac_ifname[0] ? c->vmac_ifname : "");
		if (!in->vmac[0])
			snprintf(in->vmac, sizeof(in->vmac), "vrrp.%d", c->vrid);
		if (c->has_vmac_mac)
			memcpy(in->mac, c->vmac_mac, 6);
		else
			vrrp_vmac_mac(c->family, c->vrid, in->mac);
		err = vrrp_vmac_add(base.ifindex, in->vmac, in->mac, &ifindex);
		if (err || vrrp_if_get_index(ifindex, &in->ifi)) {
			xvsd_log(LOG_ERR, "(%s) cannot make VMAC %s: %s", c->name, in->vmac, strerror(-err));
			in->vmac[0] = 0;
			in->no_src = true;
			return;
		}
		xvsd_log(LOG_INFO, "(%s) VMAC %s created on %s", c->name, in->vmac, base.name);
	}
	if (c->src.af)
		in->src = c->src.addr;
	else if (c->family == AF_INET && base.has_addr4)
		xvs_addr_from_in(&in->src, &base.addr4);
	else if (c->family == AF_INET6 && base.has_ll6)
		xvs_addr_from_in6(&in->src, &base.ll6);
	else {
		xvsd_log(LOG_ERR, "(%s) %s has no %s address to send from", c->name, base.name,
			 c->family == AF_INET ? "IPv4" : "link-local IPv6");
		in->no_src = true;
	}
	/* adverts leave from the VMAC unless vmac_xmit_base */
	if (c->use_vmac && !c->vmac_xmit_base)
		in->sock = sock_for(r, in, in->ifi.ifindex, in->ifi.name);
	else
		in->sock = sock_for(r, in, base.ifindex, base.name);
	if (!in->sock)
		in->no_src = true;
	xvsd_log(LOG_DEBUG, "(%s) adverts from %s on %s", c->name, xvs_addr_ntop(c->family, &in->src, s, sizeof(s)),
		 in->ifi.name);
}

/* The data plane's VIP entries are xvsd's: only this configuration's, none held yet. */
static void dp_reset(struct vrrp_run *r)
{
	struct xvs_vip_entry *v = NULL;
	size_t n = 0;

	if (!r->o.xvs)
		return;
	if (!xvs_get_vips(r->o.xvs, &v, &n))
		for (size_t i = 0; i < n; i++)
			xvs_del_vip(r->o.xvs, v[i].af, &v[i].addr);
	free(v);
	for (int i = 0; i < r->ninst; i++)
		dp_vips(&r->insts[i], false);
}

static int build_groups(struct vrrp_run *r)
{
	const struct model_vrrp *v = r->o.m->vrrp;
	int k = 0, g = 0;

	for (const struct vrrp_sync_group *sg = v->sync_groups; sg; sg = sg->next)
		r->ngroups++;
	r->groups = calloc(r->ngroups + 1, sizeof(*r->groups));
	r->members = calloc(r->ninst + 1, sizeof(*r->members));
	if (!r->groups || !r->members)
		return -ENOMEM;
	for (const struct vrrp_sync_group *sg = v->sync_groups; sg; sg = sg->next, g++) {
		int first = k;

		for (int i = 0; i < r->ninst; i++)
			if (r->insts[i].conf->sync == sg)
				r->members[k++] = &r->insts[i].rt;
		vrrp_group_init(&r->groups[g], sg, &run_ops, r, &r->members[first], k - first);
	}
	return 0;
}

struct vrrp_run *vrrp_run_start(const struct vrrp_run_opts *o, int *err)
{
	const struct model_vrrp *v = o->m->vrrp;
	struct vrrp_run *r;
	int64_t now;
	int i = 0;

	*err = 0;
	r = calloc(1, sizeof(*r));
	if (!r) {
		*err = -ENOMEM;
		return NULL;
	}
	r->o = *o;
	r->mon_fd = -1;
	for (const struct vrrp_instance *vi = v->instances; vi; vi = vi->next)
		if (!vi->disabled)
			r->ninst++;
	if (!r->ninst) {
		free(r);
		return NULL;
	}
	r->insts = calloc(r->ninst, sizeof(*r->insts));
	if (!r->insts || vrrp_track_start(&r->track, o->loop, o->m, on_track_change, r))
		goto nomem;
	r->mon_fd = vrrp_if_monitor_open();
	if (r->mon_fd >= 0) {
		uv_poll_init_socket(o->loop, &r->mon, r->mon_fd);
		r->mon.data = r;
		uv_poll_start(&r->mon, UV_READABLE, on_monitor);
	} else {
		xvsd_log(LOG_WARNING, "No link monitor (%s): interface changes go unseen", strerror(-r->mon_fd));
	}
	for (int k = 0; k < r->track.nifs; k++) {
		struct vrrp_ifinfo ifi;

		r->track.ifs[k].up = !vrrp_if_get(r->track.ifs[k].name, &ifi) && ifi.up;
	}
	for (const struct vrrp_instance *vi = v->instances; vi; vi = vi->next) {
		struct inst *in;

		if (vi->disabled)
			continue;
		in = &r->insts[i++];
		in->r = r;
		in->conf = vi;
		inst_setup(r, in);
		vrrp_init(&in->rt, vi, &run_ops, in, &in->src);
		uv_timer_init(o->loop, &in->timer);
		in->timer.data = in;
	}
	if (build_groups(r))
		goto nomem;
	dp_reset(r);
	now = now_us();
	for (i = 0; i < r->ninst; i++) {
		struct inst *in = &r->insts[i];
		int prio;

		in->rt.faulted = inst_fault(r, in, &prio);
		vrrp_set_prio(&in->rt, now, prio);
	}
	for (i = 0; i < r->ninst; i++)
		vrrp_start(&r->insts[i].rt, now);
	arm_all(r);
	return r;
nomem:
	*err = -ENOMEM;
	vrrp_run_stop(r);
	vrrp_run_free(r);
	return NULL;
}

void vrrp_run_stop(struct vrrp_run *r)
{
	if (!r || r->stopping)
		return;
	r->stopping = true;
	for (int i = 0; i < r->ninst; i++) {
		struct inst *in = &r->insts[i];

		if (in->conf) {
			if (in->rt.state != VRRP_STATE_INIT)
				vrrp_stop(&in->rt, r->o.dont_release);
			uv_timer_stop(&in->timer);
			uv_close((uv_handle_t *)&in->timer, NULL);
		}
		if (in->vmac[0] && !r->o.dont_release)
			vrrp_vmac_del(in->vmac);
	}
	/* the director holds nothing now: VIP traffic is not balanced here */
	for (int i = 0; i < r->ninst && !r->o.dont_release; i++)
		if (r->insts[i].conf)
			dp_vips(&r->insts[i], false);
	for (struct vsock *s = r->socks; s; s = s->next) {
		uv_poll_stop(&s->poll);
		uv_close((uv_handle_t *)&s->poll, NULL);
	}
	if (r->mon_fd >= 0) {
		uv_poll_stop(&r->mon);
		uv_close((uv_handle_t *)&r->mon, NULL);
	}
	vrrp_track_stop(&r->track);
}

void vrrp_run_free(struct vrrp_run *r)
{
	if (!r)
		return;
	while (r->socks) {
		struct vsock *s = r->socks;

		r->socks = s->next;
		close(s->fd);
		free(s);
	}
	if (r->mon_fd >= 0)
		vrrp_if_monitor_close(r->mon_fd);
	vrrp_track_free(&r->track);
	free(r->groups);
	free(r->members);
	free(r->insts);
	free(r);
}

/* ---- the dumps ---- */

void vrrp_run_dump(const struct vrrp_run *r, FILE *f)
{
	char s[INET6_ADDRSTRLEN];

	fprintf(f, "------< VRRP Topology >------\n");
	for (int i = 0; i < r->ninst; i++) {
		const struct inst *in = &r->insts[i];
		const struct vrrp_rt *rt = &in->rt;
		const struct vrrp_instance *c = in->conf;

		fprintf(f, " VRRP Instance = %s\n", c->name);
		fprintf(f, "   VRRP Version = %d\n", c->version);
		fprintf(f, "   State = %s\n", vrrp_state_name(rt->state));
		if (rt->has_master)
			fprintf(f, "   Last master = %s priority %d\n",
				xvs_addr_ntop(c->family, &rt->master_addr, s, sizeof(s)), rt->master_prio);
		fprintf(f, "   Interface = %s\n", in->ifi.name);
		fprintf(f, "   Using src_ip = %s\n", xvs_addr_ntop(c->family, &in->src, s, sizeof(s)));
		fprintf(f, "   Virtual Router ID = %d\n", c->vrid);
		fprintf(f, "   Priority = %d\n", c->priority);
		fprintf(f, "   Effective priority = %d\n", rt->prio);
		fprintf(f, "   Advert interval = %lld milli-sec\n", (long long)(rt->adver_us / 1000));
		fprintf(f, "   Master advert interval = %lld milli-sec\n", (long long)(rt->master_adver_us / 1000));
		fprintf(f, "   Master down interval = %lld milli-sec\n", (long long)(vrrp_down_us(rt) / 1000));
		fprintf(f, "   Preempt = %s\n", c->nopreempt ? "disabled" : "enabled");
		fprintf(f, "   Virtual IP = %d\n", c->nvips);
		for (const struct vrrp_ipaddr *ip = c->vips; ip; ip = ip->next)
			fprintf(f, "     %s/%d dev %s\n", xvs_addr_ntop(ip->af, &ip->addr, s, sizeof(s)), ip->prefix,
				ip->dev[0] ? ip->dev : in->ifi.name);
	}
	for (int g = 0; g < r->ngroups; g++)
		fprintf(f, " VRRP Sync Group = %s, %s\n", r->groups[g].conf->name,
			vrrp_state_name(r->groups[g].state));
}

void vrrp_run_stats(const struct vrrp_run *r, FILE *f)
{
	for (int i = 0; i < r->ninst; i++) {
		const struct vrrp_stats *st = &r->insts[i].rt.stats;
		const uint64_t *sk = r->insts[i].sock ? r->insts[i].sock->rejects : NULL;

		fprintf(f, "VRRP Instance: %s\n", r->insts[i].conf->name);
		fprintf(f, "  Advertisements:\n    Received: %llu\n    Sent: %llu\n",
			(unsigned long long)st->rx_adverts, (unsigned long long)st->tx_adverts);
		fprintf(f, "  Became master: %llu\n  Released master: %llu\n",
			(unsigned long long)st->became_master, (unsigned long long)st->released_master);
		fprintf(f, "  Packet Errors:\n");
		fprintf(f, "    Length: %llu\n    TTL: %llu\n    Invalid Type: %llu\n",
			(unsigned long long)(sk ? sk[VRRP_R_LENGTH] : 0), (unsigned long long)(sk ? sk[VRRP_R_TTL] : 0),
			(unsigned long long)(sk ? sk[VRRP_R_TYPE] : 0));
		fprintf(f, "    Advertisement Interval: %llu\n    Address List: %llu\n",
			(unsigned long long)st->rx[VRRP_RX_INTERVAL], (unsigned long long)st->addr_list_mismatch);
		fprintf(f, "  Authentication Errors:\n    Invalid Type: %llu\n    Type Mismatch: %llu\n"
			   "    Failure: %llu\n",
			0ULL, (unsigned long long)st->rx[VRRP_RX_AUTH_TYPE], (unsigned long long)st->rx[VRRP_RX_AUTH]);
		fprintf(f, "  Priority Zero:\n    Received: %llu\n    Sent: %llu\n",
			(unsigned long long)st->rx_prio0, (unsigned long long)st->tx_prio0);
		fprintf(f, "  Refused:\n");
		for (int k = VRRP_RX_VERSION; k < VRRP_RX_MAX; k++)
			fprintf(f, "    %s: %llu\n", vrrp_rx_name(k), (unsigned long long)st->rx[k]);
	}
	for (const struct vsock *s = r->socks; s; s = s->next) {
		fprintf(f, "Socket %s ifindex %d %s:\n", s->family == AF_INET ? "IPv4" : "IPv6", s->ifindex,
			s->unicast ? "unicast" : "multicast");
		for (int k = VRRP_R_LENGTH; k < VRRP_R_MAX; k++)
			fprintf(f, "  %s: %llu\n", vrrp_reject_name(k), (unsigned long long)s->rejects[k]);
		fprintf(f, "  unknown vrid: %llu\n", (unsigned long long)s->unknown_vrid);
	}
}
