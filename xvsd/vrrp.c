// SPDX-License-Identifier: GPL-2.0
/*
 * The VRRP state machine (vrrp.h): keepalived's vrrp_state_backup(),
 * vrrp_state_master_rx(), vrrp_state_goto_master() and the sync-group
 * rules, on a clock the caller passes in.
 */
#include <string.h>

#include "log.h"
#include "vrrp.h"

#define SEC 1000000LL
#define CS 10000LL /* a centisecond in µs */

static const char *const state_names[] = {
	[VRRP_STATE_INIT] = "INIT",     [VRRP_STATE_BACKUP] = "BACKUP", [VRRP_STATE_MASTER] = "MASTER",
	[VRRP_STATE_FAULT] = "FAULT",   [VRRP_STATE_STOP] = "STOP",
};

static const char *const rx_names[VRRP_RX_MAX] = {
	[VRRP_RX_OK] = "accepted",
	[VRRP_RX_VERSION] = "version",
	[VRRP_RX_AUTH_TYPE] = "auth type",
	[VRRP_RX_AUTH] = "auth failure",
	[VRRP_RX_INTERVAL] = "advert interval",
	[VRRP_RX_MODE] = "unicast/multicast",
	[VRRP_RX_UNICAST_SRC] = "unicast source",
	[VRRP_RX_OWNER] = "owner ignores",
	[VRRP_RX_STATE] = "not listening",
};

const char *vrrp_state_name(enum vrrp_state s)
{
	return (unsigned)s <= VRRP_STATE_STOP ? state_names[s] : "?";
}

const char *vrrp_rx_name(enum vrrp_rx r)
{
	return (unsigned)r < VRRP_RX_MAX ? rx_names[r] : "?";
}

static bool owner(const struct vrrp_rt *rt)
{
	return rt->conf->priority == VRRP_PRIO_OWNER;
}

static const char *addr_str(const struct vrrp_rt *rt, const union xvs_addr *a, char *buf, size_t len)
{
	return xvs_addr_ntop(rt->conf->family, a, buf, len);
}

/*
 * Skew_Time for priority @prio: v2 (256 - P) / 256 s (RFC 3768 6.1); v3
 * (256 - P) × M / 256 with M in centiseconds (RFC 5798 6.1), reckoned in
 * centiseconds as keepalived does.
 */
int64_t vrrp_skew_us(const struct vrrp_rt *rt, int prio)
{
	if (rt->conf->version == 3)
		return (256 - prio) * (rt->master_adver_us / CS) / 256 * CS;
	return (256 - prio) * SEC / 256;
}

/* Master_Down_Interval: down_timer_adverts (3) × M + Skew_Time. */
int64_t vrrp_down_us(const struct vrrp_rt *rt)
{
	return rt->conf->down_timer_adverts * rt->master_adver_us + vrrp_skew_us(rt, rt->prio);
}

void vrrp_init(struct vrrp_rt *rt, const struct vrrp_instance *conf, const struct vrrp_ops *ops, void *arg,
	       const union xvs_addr *saddr)
{
	memset(rt, 0, sizeof(*rt));
	rt->conf = conf;
	rt->ops = ops;
	rt->arg = arg;
	rt->state = VRRP_STATE_INIT;
	rt->prio = conf->priority;
	rt->saddr = *saddr;
	rt->adver_us = conf->advert_int_us;
	rt->master_adver_us = conf->advert_int_us;
}

void vrrp_group_init(struct vrrp_group_rt *g, const struct vrrp_sync_group *conf, const struct vrrp_ops *ops,
		     void *arg, struct vrrp_rt **members, int n)
{
	memset(g, 0, sizeof(*g));
	g->conf = conf;
	g->ops = ops;
	g->arg = arg;
	g->state = VRRP_STATE_INIT;
	g->members = members;
	g->n = n;
	for (int i = 0; i < n; i++)
		members[i]->group = g;
}

static void advert(struct vrrp_rt *rt, uint8_t prio)
{
	rt->stats.tx_adverts++;
	if (!prio)
		rt->stats.tx_prio0++;
	rt->ops->advert(rt, prio);
}

static void group_enter(struct vrrp_group_rt *g, enum vrrp_state s)
{
	if (!g || g->state == s)
		return;
	g->state = s;
	xvsd_log(LOG_INFO, "VRRP_Group(%s) Syncing instances to %s state", g->conf->name, vrrp_state_name(s));
	g->ops->group_state(g, s);
}

static void enter_master(struct vrrp_rt *rt, int64_t now)
{
	const struct vrrp_instance *c = rt->conf;

	rt->state = VRRP_STATE_MASTER;
	rt->wants_master = false;
	rt->preempt_at = 0;
	rt->stats.became_master++;
	xvsd_log(LOG_INFO, "(%s) Entering MASTER STATE", c->name);
	/* the advert first, so the old master lets go before the GARPs (spec 2.6) */
	advert(rt, rt->prio);
	rt->ops->addresses(rt, true);
	if (c->garp_master_repeat)
		rt->ops->garp(rt, c->garp_master_repeat);
	rt->garp_at = c->garp_master_delay_us > 0 ? now + c->garp_master_delay_us : 0;
	rt->garp_repeat = c->garp_master_repeat;
	rt->refresh_at = c->garp_master_refresh_us > 0 ? now + c->garp_master_refresh_us : 0;
	rt->timer_at = now + rt->adver_us;
	rt->ops->state(rt, VRRP_STATE_MASTER, false);
}

/* Leave MASTER (or come up from FAULT / INIT) into BACKUP, the down timer running. */
static void enter_backup(struct vrrp_rt *rt, int64_t now, bool init)
{
	bool was_master = rt->state == VRRP_STATE_MASTER;

	rt->state = VRRP_STATE_BACKUP;
	rt->garp_at = rt->refresh_at = 0;
	rt->wants_master = false;
	rt->timer_at = now + vrrp_down_us(rt);
	xvsd_log(LOG_INFO, "(%s) Entering BACKUP STATE%s", rt->conf->name, init ? " (init)" : "");
	if (was_master)
		rt->stats.released_master++;
	/* at start too: a VIP left behind by an earlier run is not ours now */
	if (was_master || init)
		rt->ops->addresses(rt, false);
	rt->ops->state(rt, VRRP_STATE_BACKUP, init);
}

static void enter_fault(struct vrrp_rt *rt, bool init)
{
	bool was_master = rt->state == VRRP_STATE_MASTER;

	if (was_master) {
		/* RFC 5798 6.4.3: a master that stops sends priority 0 */
		advert(rt, 0);
		xvsd_log(LOG_INFO, "(%s) sent 0 priority", rt->conf->name);
		rt->stats.released_master++;
	}
	rt->state = VRRP_STATE_FAULT;
	rt->timer_at = rt->garp_at = rt->refresh_at = 0;
	rt->wants_master = false;
	xvsd_log(LOG_INFO, "(%s) Entering FAULT STATE", rt->conf->name);
	if (was_master || init)
		rt->ops->addresses(rt, false);
	rt->ops->state(rt, VRRP_STATE_FAULT, init);
}

static bool group_faulted(const struct vrrp_group_rt *g)
{
	for (int i = 0; i < g->n; i++)
		if (g->members[i]->faulted)
			return true;
	return false;
}

void vrrp_start(struct vrrp_rt *rt, int64_t now)
{
	if (rt->faulted || (rt->group && group_faulted(rt->group))) {
		enter_fault(rt, true);
		group_enter(rt->group, VRRP_STATE_FAULT);
	} else if (rt->conf->want == VRRP_WANT_MASTER && owner(rt) && !rt->group) {
		enter_master(rt, now);
	} else {
		enter_backup(rt, now, true);
		/* the owner that wants MASTER: M + skew, in a group too */
		if (rt->conf->want == VRRP_WANT_MASTER && owner(rt))
			rt->timer_at = now + 1;
		group_enter(rt->group, VRRP_STATE_BACKUP);
	}
}

int64_t vrrp_next(const struct vrrp_rt *rt)
{
	int64_t t = INT64_MAX;

	if (rt->timer_at && rt->timer_at < t)
		t = rt->timer_at;
	if (rt->garp_at && rt->garp_at < t)
		t = rt->garp_at;
	if (rt->refresh_at && rt->refresh_at < t)
		t = rt->refresh_at;
	return t;
}

/*
 * A sync group goes MASTER only when every member wants it, keeping
 * BACKUP rather than thrashing (keepalived's vrrp_sync_can_goto_master());
 * a member left waiting looks again after M + skew of priority 1.
 */
static void group_try_master(struct vrrp_rt *rt, int64_t now)
{
	struct vrrp_group_rt *g = rt->group;

	rt->wants_master = true;
	for (int i = 0; i < g->n; i++) {
		struct vrrp_rt *m = g->members[i];

		if (m->state != VRRP_STATE_MASTER && !m->wants_master) {
			rt->timer_at = now + rt->master_adver_us + vrrp_skew_us(rt, 1);
			return;
		}
	}
	for (int i = 0; i < g->n; i++)
		if (g->members[i]->state == VRRP_STATE_BACKUP)
			enter_master(g->members[i], now);
	group_enter(g, VRRP_STATE_MASTER);
}

void vrrp_tick(struct vrrp_rt *rt, int64_t now)
{
	const struct vrrp_instance *c = rt->conf;

	if (rt->state == VRRP_STATE_MASTER) {
		if (rt->garp_at && now >= rt->garp_at) {
			rt->garp_at = 0;
			rt->ops->garp(rt, rt->garp_repeat);
		}
		if (rt->refresh_at && now >= rt->refresh_at) {
			rt->refresh_at = now + c->garp_master_refresh_us;
			rt->ops->garp(rt, c->garp_master_refresh_repeat);
		}
		if (rt->timer_at && now >= rt->timer_at) {
			rt->timer_at = now + rt->adver_us;
			advert(rt, rt->prio);
		}
		return;
	}
	if (rt->state != VRRP_STATE_BACKUP || !rt->timer_at || now < rt->timer_at)
		return;
	rt->timer_at = 0;
	if (!rt->wants_master)
		xvsd_log(LOG_INFO, "(%s) Receive advertisement timeout", c->name);
	if (rt->group)
		group_try_master(rt, now);
	else
		enter_master(rt, now);
}

static bool same_addr(const union xvs_addr *a, const union xvs_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* Constant time, as keepalived compares the v2 password (spec 2.2). */
static bool same_pass(const uint8_t *a, const uint8_t *b)
{
	uint8_t d = 0;

	for (int i = 0; i < VRRP_AUTH_LEN; i++)
		d |= a[i] ^ b[i];
	return !d;
}

static bool from_peer(const struct vrrp_rt *rt, const union xvs_addr *src)
{
	for (const struct vrrp_peer *p = rt->conf->peers; p; p = p->next)
		if (same_addr(&p->addr.addr, src))
			return true;
	return false;
}

enum vrrp_rx vrrp_check(struct vrrp_rt *rt, const struct vrrp_advert *a, const union xvs_addr *src,
			bool multicast)
{
	const struct vrrp_instance *c = rt->conf;
	enum vrrp_rx r = VRRP_RX_OK;

	if (a->version != c->version)
		r = VRRP_RX_VERSION;
	else if (a->version == 2 && a->af == AF_INET && a->auth_type != c->auth_type)
		r = VRRP_RX_AUTH_TYPE;
	else if (a->version == 2 && a->af == AF_INET && c->auth_type == VRRP_AUTH_PASS &&
		 !same_pass(a->auth, c->auth_pass))
		r = VRRP_RX_AUTH;
	else if (a->version == 2 && a->interval_cs * CS != c->advert_int_us)
		r = VRRP_RX_INTERVAL;
	else if (multicast == c->unicast)
		r = VRRP_RX_MODE;
	else if (owner(rt) && c->owner_ignore_adverts)
		r = VRRP_RX_OWNER;
	else if (c->unicast && c->check_unicast_src && !from_peer(rt, src))
		r = VRRP_RX_UNICAST_SRC;
	else if (rt->state != VRRP_STATE_BACKUP && rt->state != VRRP_STATE_MASTER)
		r = VRRP_RX_STATE;
	rt->stats.rx[r]++;
	return r;
}

/*
 * The advertised addresses against ours (spec 2.3 step 11): a difference
 * is counted and logged, and the advert still taken, as keepalived does
 * since 2.3.3; logged once per master, not once a second.
 */
static void check_vips(struct vrrp_rt *rt, const struct vrrp_advert *a, const union xvs_addr *src)
{
	const struct vrrp_instance *c = rt->conf;
	bool same = a->naddr == c->nvips;
	char s[INET6_ADDRSTRLEN];

	if (c->skip_check_adv_addr && rt->state != VRRP_STATE_MASTER && rt->has_master &&
	    same_addr(&rt->master_addr, src))
		return;
	for (const struct vrrp_ipaddr *ip = c->vips; ip && same; ip = ip->next) {
		int i = 0;

		while (i < a->naddr && !same_addr(&a->addrs[i], &ip->addr))
			i++;
		same = i < a->naddr;
	}
	if (same)
		return;
	rt->stats.addr_list_mismatch++;
	if (!rt->has_master || !same_addr(&rt->master_addr, src))
		xvsd_log(LOG_WARNING, "(%s) advert from %s: its %u VIPs are not our %d (taken anyway)", c->name,
			 addr_str(rt, src, s, sizeof(s)), a->naddr, c->nvips);
}

/* Compare @a with @b as unsigned numbers in network order (spec 2.6). */
static int addr_cmp(const union xvs_addr *a, const union xvs_addr *b)
{
	return memcmp(a, b, sizeof(*a));
}

static void note_master(struct vrrp_rt *rt, const struct vrrp_advert *a, const union xvs_addr *src)
{
	char s[INET6_ADDRSTRLEN];

	if (rt->conf->version == 3 && a->interval_cs && a->interval_cs * CS != rt->master_adver_us) {
		/* RFC 5798 6.4.2: the backup follows the master's interval */
		rt->stats.interval_mismatch++;
		if (a->interval_cs * CS != rt->adver_us)
			xvsd_log(LOG_INFO, "(%s) advertisement interval changed: mine=%lld milli-sec, rcved=%d milli-sec",
				 rt->conf->name, (long long)(rt->adver_us / 1000), a->interval_cs * 10);
		rt->master_adver_us = a->interval_cs * CS;
	}
	if (!rt->has_master || !same_addr(&rt->master_addr, src))
		xvsd_log(LOG_INFO, "(%s) master is %s, priority %d", rt->conf->name, addr_str(rt, src, s, sizeof(s)),
			 a->priority);
	rt->has_master = true;
	rt->master_addr = *src;
	rt->master_prio = a->priority;
}

/* RFC 5798 6.4.2 as keepalived's vrrp_state_backup(). */
static void recv_backup(struct vrrp_rt *rt, int64_t now, const struct vrrp_advert *a, const union xvs_addr *src)
{
	const struct vrrp_instance *c = rt->conf;
	char s[INET6_ADDRSTRLEN];

	if (a->priority == 0) {
		xvsd_log(LOG_INFO, "(%s) Backup received priority 0 advertisement", c->name);
		rt->timer_at = now + vrrp_skew_us(rt, rt->prio);
		return;
	}
	if (c->nopreempt || a->priority >= rt->prio ||
	    (c->preempt_delay_us > 0 && (!rt->preempt_at || now < rt->preempt_at))) {
		note_master(rt, a, src);
		rt->wants_master = false;
		rt->timer_at = now + vrrp_down_us(rt);
		if (c->preempt_delay_us > 0) {
			if (a->priority >= rt->prio)
				rt->preempt_at = 0;
			else if (!rt->preempt_at)
				rt->preempt_at = now + c->preempt_delay_us;
		}
		return;
	}
	/* lower, and preemption on: let the timer run out and take over */
	xvsd_log(LOG_INFO, "(%s) received lower priority (%d) advert from %s - discarding", c->name, a->priority,
		 addr_str(rt, src, s, sizeof(s)));
}

/* Every member of @rt's group that is MASTER steps down with it. */
static void step_down(struct vrrp_rt *rt, int64_t now)
{
	struct vrrp_group_rt *g = rt->group;

	enter_backup(rt, now, false);
	if (!g)
		return;
	for (int i = 0; i < g->n; i++)
		if (g->members[i]->state == VRRP_STATE_MASTER)
			enter_backup(g->members[i], now, false);
	group_enter(g, VRRP_STATE_BACKUP);
}

/* RFC 5798 6.4.3 as keepalived's vrrp_state_master_rx(). */
static void recv_master(struct vrrp_rt *rt, int64_t now, const struct vrrp_advert *a, const union xvs_addr *src)
{
	const struct vrrp_instance *c = rt->conf;
	int cmp = addr_cmp(src, &rt->saddr);
	bool higher = a->priority > rt->prio || (a->priority == rt->prio && cmp > 0);
	char s[INET6_ADDRSTRLEN];

	addr_str(rt, src, s, sizeof(s));
	if (a->priority == 0) {
		advert(rt, rt->prio);
		return;
	}
	if (c->higher_prio_send_advert && higher)
		advert(rt, rt->prio);
	if (a->priority < rt->prio || (a->priority == rt->prio && cmp < 0)) {
		xvsd_log(LOG_INFO, "(%s) Received advert from %s with lower priority %d, ours %d, forcing new election",
			 c->name, s, a->priority, rt->prio);
		if (!c->lower_prio_no_advert)
			advert(rt, rt->prio);
		if (c->garp_lower_prio_repeat > 0) {
			rt->ops->garp(rt, c->garp_lower_prio_repeat);
			if (c->garp_lower_prio_delay_us > 0) {
				rt->garp_at = now + c->garp_lower_prio_delay_us;
				rt->garp_repeat = c->garp_lower_prio_repeat;
			}
		}
		if (rt->ops->lower_prio)
			rt->ops->lower_prio(rt, src, a->priority);
		return;
	}
	if (higher) {
		xvsd_log(LOG_INFO, "(%s) Master received advert from %s with higher priority %d, ours %d", c->name, s,
			 a->priority, rt->prio);
		note_master(rt, a, src);
		step_down(rt, now);
		return;
	}
	xvsd_log(LOG_WARNING, "(%s) Received advert from %s with the same priority %d and address as ours", c->name, s,
		 a->priority);
}

void vrrp_recv(struct vrrp_rt *rt, int64_t now, const struct vrrp_advert *a, const union xvs_addr *src)
{
	rt->stats.rx_adverts++;
	if (a->priority == 0)
		rt->stats.rx_prio0++;
	check_vips(rt, a, src);
	if (rt->state == VRRP_STATE_BACKUP)
		recv_backup(rt, now, a, src);
	else if (rt->state == VRRP_STATE_MASTER)
		recv_master(rt, now, a, src);
}

void vrrp_set_prio(struct vrrp_rt *rt, int64_t now, int prio)
{
	(void)now;
	if (owner(rt))
		return; /* the owner is never adjusted (spec 2.4) */
	if (prio < 1)
		prio = 1;
	if (prio > 254)
		prio = 254;
	if (prio == rt->prio)
		return;
	xvsd_log(LOG_INFO, "(%s) Changing effective priority from %d to %d", rt->conf->name, rt->prio, prio);
	/* a running down timer keeps its start; only its skew moves */
	if (rt->state == VRRP_STATE_BACKUP && rt->timer_at && !rt->wants_master)
		rt->timer_at += vrrp_skew_us(rt, prio) - vrrp_skew_us(rt, rt->prio);
	rt->prio = prio;
}

/* Back from FAULT into BACKUP: the owner that wants MASTER after M + skew. */
static void fault_clear(struct vrrp_rt *rt, int64_t now)
{
	enter_backup(rt, now, false);
	if (rt->conf->want == VRRP_WANT_MASTER && owner(rt))
		rt->timer_at = now + rt->master_adver_us + vrrp_skew_us(rt, rt->prio);
}

void vrrp_set_fault(struct vrrp_rt *rt, int64_t now, bool fault)
{
	struct vrrp_group_rt *g = rt->group;

	if (fault == rt->faulted)
		return;
	rt->faulted = fault;
	if (rt->state == VRRP_STATE_INIT || rt->state == VRRP_STATE_STOP)
		return;
	if (fault) {
		/* a sync group follows its member into FAULT */
		if (rt->state != VRRP_STATE_FAULT)
			enter_fault(rt, false);
		for (int i = 0; g && i < g->n; i++)
			if (g->members[i]->state != VRRP_STATE_FAULT)
				enter_fault(g->members[i], false);
		group_enter(g, VRRP_STATE_FAULT);
		return;
	}
	if (!g) {
		fault_clear(rt, now);
		return;
	}
	if (group_faulted(g))
		return;
	for (int i = 0; i < g->n; i++)
		if (g->members[i]->state == VRRP_STATE_FAULT)
			fault_clear(g->members[i], now);
	group_enter(g, VRRP_STATE_BACKUP);
}

void vrrp_stop(struct vrrp_rt *rt, bool keep)
{
	if (rt->state == VRRP_STATE_MASTER) {
		advert(rt, 0);
		xvsd_log(LOG_INFO, "(%s) sent 0 priority", rt->conf->name);
		if (!keep)
			rt->ops->addresses(rt, false);
		rt->stats.released_master++;
	}
	rt->state = VRRP_STATE_STOP;
	rt->timer_at = rt->garp_at = rt->refresh_at = 0;
	rt->ops->state(rt, VRRP_STATE_STOP, false);
}
