/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VRRP state machine of one instance, and of the sync group it may be
 * part of, as keepalived runs it (../shared/specs/keepalived.md 2.3 to
 * 2.6; RFC 3768 6.4, RFC 5798 6.4): no sockets and no clock.  The caller
 * passes the time (µs, monotonic) into every call, runs vrrp_tick() at
 * vrrp_next(), and does what the state machine asks through struct
 * vrrp_ops: send an advert, add or remove the addresses, send GARPs, tell
 * the world about a new state.  tests/unit/test_vrrp.c drives it on a fake
 * clock.
 */
#ifndef XVSD_VRRP_H
#define XVSD_VRRP_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp_model.h"
#include "vrrp_pkt.h"

enum vrrp_state {
	VRRP_STATE_INIT,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_STOP,
};

/* Why an advert that decoded was not taken by its instance, each counted. */
enum vrrp_rx {
	VRRP_RX_OK,
	VRRP_RX_VERSION,      /* not the instance's version: v2 and v3 never talk */
	VRRP_RX_AUTH_TYPE,    /* v2: not the configured authentication type */
	VRRP_RX_AUTH,         /* v2: the password differs */
	VRRP_RX_INTERVAL,     /* v2: not our advert_int (dropped silently, RFC 3768 7.1) */
	VRRP_RX_MODE,         /* multicast to a unicast instance, or the reverse */
	VRRP_RX_UNICAST_SRC,  /* check_unicast_src: not one of unicast_peer */
	VRRP_RX_OWNER,        /* we own the addresses and ignore adverts */
	VRRP_RX_STATE,        /* in FAULT, INIT or STOP, adverts are not heard */
	VRRP_RX_MAX,
};

/* What is counted besides the refusals (keepalived's SIGUSR2 stats). */
struct vrrp_stats {
	uint64_t rx_adverts, tx_adverts;
	uint64_t rx_prio0, tx_prio0;
	uint64_t became_master, released_master;
	uint64_t addr_list_mismatch;   /* accepted and logged, as keepalived >= 2.3.3 */
	uint64_t interval_mismatch;    /* v3: logged, the master's is followed */
	uint64_t rx[VRRP_RX_MAX];
};

struct vrrp_rt;
struct vrrp_group_rt;

struct vrrp_ops {
	/* Send one advert with priority @prio now. */
	void (*advert)(struct vrrp_rt *rt, uint8_t prio);
	/* Add (@up) or remove the VIPs and eVIPs, routes and rules. */
	void (*addresses)(struct vrrp_rt *rt, bool up);
	/* Send @repeat rounds of GARP / unsolicited NA for every VIP and eVIP. */
	void (*garp)(struct vrrp_rt *rt, int repeat);
	/* @rt entered @state (@init: at start): notifies, log, data plane. */
	void (*state)(struct vrrp_rt *rt, enum vrrp_state state, bool init);
	/* As master, heard a lower priority (notify_master_rx_lower_pri). */
	void (*lower_prio)(struct vrrp_rt *rt, const union xvs_addr *from, uint8_t prio);
	/* The group @g entered @state. */
	void (*group_state)(struct vrrp_group_rt *g, enum vrrp_state state);
};

struct vrrp_rt {
	const struct vrrp_instance *conf;
	const struct vrrp_ops *ops;
	void *arg;                    /* the caller's */
	struct vrrp_group_rt *group;  /* NULL: not in a sync group */

	enum vrrp_state state;
	bool wants_master;            /* its down timer ran out while its group held it */
	bool faulted;                 /* the caller says: interface or weight-0 tracker down */
	int prio;                     /* effective priority (255 for the owner) */
	union xvs_addr saddr;         /* our advert source, for the equal-priority tie-break */

	int64_t adver_us;             /* A: what we send as master */
	int64_t master_adver_us;      /* M: the master's (v3 follows it; v2: A) */
	int64_t timer_at;             /* BACKUP: master down; MASTER: next advert; 0: none */
	int64_t garp_at;              /* MASTER: the delayed GARP burst */
	int64_t refresh_at;           /* MASTER: garp_master_refresh */
	int garp_repeat;              /* the rounds garp_at will send */
	int64_t preempt_at;           /* BACKUP: preempt_delay runs out; 0: not started */
	bool has_master;
	union xvs_addr master_addr;
	uint8_t master_prio;

	struct vrrp_stats stats;
};

struct vrrp_group_rt {
	const struct vrrp_sync_group *conf;
	const struct vrrp_ops *ops;
	void *arg;
	enum vrrp_state state;
	int n;
	struct vrrp_rt **members;
};

const char *vrrp_state_name(enum vrrp_state s);
const char *vrrp_rx_name(enum vrrp_rx r);

/*
 * vrrp_init() - @rt for @conf, in INIT; @prio its effective priority
 * (conf->priority until trackers say otherwise), @faulted whether it
 * starts in FAULT.  @saddr is the address its adverts leave from.
 */
void vrrp_init(struct vrrp_rt *rt, const struct vrrp_instance *conf, const struct vrrp_ops *ops, void *arg,
	       const union xvs_addr *saddr);

/* vrrp_group_init() - @g over its @n members (already vrrp_init()ed). */
void vrrp_group_init(struct vrrp_group_rt *g, const struct vrrp_sync_group *conf, const struct vrrp_ops *ops,
		     void *arg, struct vrrp_rt **members, int n);

/*
 * vrrp_start() - leave INIT as keepalived's vrrp_init_state() does: the
 * owner that wants MASTER becomes master at once, a faulted instance
 * enters FAULT, every other one BACKUP with its down timer running.
 */
void vrrp_start(struct vrrp_rt *rt, int64_t now);

/* vrrp_next() - when vrrp_tick() wants to run next (INT64_MAX: never). */
int64_t vrrp_next(const struct vrrp_rt *rt);

/* vrrp_tick() - run what is due at @now. */
void vrrp_tick(struct vrrp_rt *rt, int64_t now);

/*
 * vrrp_check() - the checks an advert that decoded must pass for @rt (spec
 * 2.3 steps 3, 4, 9, 10, 12): version, v2 authentication and interval,
 * unicast or multicast, the unicast source, the owner's deafness.
 * Returns: VRRP_RX_OK, or why it was refused (counted in rt->stats.rx).
 */
enum vrrp_rx vrrp_check(struct vrrp_rt *rt, const struct vrrp_advert *a, const union xvs_addr *src,
			bool multicast);

/* vrrp_recv() - an advert that passed vrrp_check(), from @src, at @now. */
void vrrp_recv(struct vrrp_rt *rt, int64_t now, const struct vrrp_advert *a, const union xvs_addr *src);

/* vrrp_set_prio() - trackers moved the effective priority to @prio. */
void vrrp_set_prio(struct vrrp_rt *rt, int64_t now, int prio);

/* vrrp_set_fault() - an interface or weight-0 tracker went down (@fault) or all came back. */
void vrrp_set_fault(struct vrrp_rt *rt, int64_t now, bool fault);

/*
 * vrrp_stop() - shutdown: a master sends priority 0 and, unless @keep,
 * removes its addresses; then STOP.
 */
void vrrp_stop(struct vrrp_rt *rt, bool keep);

/* The skew and the master down interval as they stand (µs). */
int64_t vrrp_skew_us(const struct vrrp_rt *rt, int prio);
int64_t vrrp_down_us(const struct vrrp_rt *rt);

#endif /* XVSD_VRRP_H */
