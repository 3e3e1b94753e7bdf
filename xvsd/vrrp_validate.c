// SPDX-License-Identifier: GPL-2.0
/*
 * vrrp_validate() (config.h): the VRRP side completed once the whole file
 * is read, as keepalived's vrrp_complete_init() and
 * vrrp_complete_instance() complete theirs (spec 1.8, 1.9 "Instance-level
 * validation", 2.9), with keepalived's reports.  keepalived gives these no
 * file and line, and neither does xvsd.
 *
 * Where keepalived refuses the whole configuration (a missing interface,
 * a missing virtual_router_id, a VRID used twice), xvsd reports the same
 * and completes the rest: the instance at fault is marked disabled, the
 * others are completed, so that the VRRP engine can run what can run.
 */
#include <string.h>

#include "kw_vrrp.h"

#define VRRP_V3_MAX_CS 4095        /* the 12-bit Max Adver Int, centiseconds (RFC 5798 5.2.7) */
#define DEFAULT_MTU 1500

/* ---- reporting ---- */

#define say_warn(d, ...) config_report(d, CONF_WARN, NULL, 0, __VA_ARGS__)
#define say_error(d, ...) config_report(d, CONF_ERROR, NULL, 0, __VA_ARGS__)

/* ---- scripts ---- */

/*
 * Scripts that cannot be run are disabled, as keepalived's security
 * check does; those left, and the notify scripts, are what -t's
 * "scripts are being executed" means.
 */
static bool notify_runs(const struct vrrp_notify *n)
{
	const struct model_cmd *cmds[] = { &n->master, &n->backup, &n->fault, &n->stop,
					   &n->notify, &n->deleted, &n->master_rx_lower_pri };

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (cmds[i]->text && kv_cmd_runnable(cmds[i]))
			return true;
	return false;
}

static void check_scripts(struct model *m, struct config_diag *d)
{
	struct model_vrrp *v = m->vrrp;
	bool used = false;

	for (struct vrrp_script *s = v->scripts; s; s = s->next) {
		if (!s->timeout_us)
			s->timeout_us = s->interval_us;
		if (!kv_cmd_runnable(&s->cmd)) {
			say_warn(d, "Disabling track script %s since not found/accessible", s->name);
			s->disabled = true;
		} else {
			used = true;
		}
	}
	for (struct vrrp_instance *vi = v->instances; vi; vi = vi->next)
		used |= notify_runs(&vi->notify);
	for (struct vrrp_sync_group *sg = v->sync_groups; sg; sg = sg->next)
		used |= notify_runs(&sg->notify);
	if (used)
		m->uses_scripts = true;
}

/* ---- what every instance needs before the others can be compared ---- */

/* vrid, unicast or multicast, family, version: needed by the conflict check */
static void instance_basics(struct model *m, struct config_diag *d, struct vrrp_instance *vi)
{
	if (!vi->vrid) {
		say_error(d, "(%s) the virtual router id must be set", vi->name);
		vi->disabled = true;
	}
	vi->strict = vi->strict == MODEL_UNSET ? m->global.vrrp_strict : vi->strict;
	vi->unicast = vi->npeers > 0 || (vi->unicast_configured && vi->unicast_fault_no_peer);
	if (vi->family == AF_INET6) {
		/*
		 * keepalived honours an explicit version 2 before IPv6 VIPs
		 * outside strict mode, with a message no RFC defines; xvs does
		 * not speak it (spec 2.2)
		 */
		if (vi->version == 2 && vi->strict)
			say_warn(d, "(%s) cannot use IPv6 with VRRP version 2; setting version 3", vi->name);
		else if (vi->version == 2)
			say_warn(d, "(%s) VRRP version 2 over IPv6 is not supported - setting version 3", vi->name);
		vi->version = 3;
	}
	/* no address at all: IPv4 */
	if (!vi->family)
		vi->family = AF_INET;
	if (!vi->version)
		vi->version = m->global.vrrp_version;
}

static bool same_addr(const struct model_addr *a, const struct model_addr *b)
{
	return a->af == b->af && !memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

/*
 * Two instances that would answer each other's adverts: the same VRID and
 * family, multicasting on one interface, or unicasting from one source.
 */
static bool vrid_conflict(struct config_diag *d, const struct vrrp_instance *a, const struct vrrp_instance *b)
{
	if (a->family != b->family || a->vrid != b->vrid || a->unicast != b->unicast)
		return false;
	if (a->unicast) {
		if (a->ifname[0] && b->ifname[0] && strcmp(a->ifname, b->ifname))
			return false;
		if (a->src.af && b->src.af && !same_addr(&a->src, &b->src))
			return false;
		say_error(d, "(%s) duplicate VRID conflict with %s VRID %d", a->name, b->name, a->vrid);
		return true;
	}
	if (!a->ifname[0] || a->if_missing || strcmp(a->ifname, b->ifname))
		return false;
	say_error(d, "%s and %s both use VRID %d with IPv%d on interface %s", a->name, b->name, a->vrid,
		  a->family == AF_INET ? 4 : 6, a->ifname);
	return true;
}

static void check_vrid_conflicts(struct model_vrrp *v, struct config_diag *d)
{
	for (struct vrrp_instance *a = v->instances; a; a = a->next) {
		if (a->disabled)
			continue;
		for (struct vrrp_instance *b = a->next; b; b = b->next)
			if (!b->disabled && vrid_conflict(d, a, b))
				b->disabled = true;
	}
}

/* ---- sync groups ---- */

static struct vrrp_instance *find_instance(struct model_vrrp *v, const char *name)
{
	for (struct vrrp_instance *vi = v->instances; vi; vi = vi->next)
		if (!strcmp(vi->name, name))
			return vi;
	return NULL;
}

/*
 * The members of @sg by name; an instance belongs to one group only.
 * keepalived judges the members' starts here, on their state as
 * configured: a group starts MASTER only if all are owners wanting it.
 */
static void resolve_members(struct model *m, struct config_diag *d, struct vrrp_sync_group *sg)
{
	int state = 0; /* 0 unknown, 1 master, 2 backup */

	sg->members = model_alloc(m, (sg->nnames + 1) * sizeof(*sg->members));
	for (int i = 0; i < sg->nnames; i++) {
		struct vrrp_instance *vi = find_instance(m->vrrp, sg->names[i]);

		if (!vi) {
			say_warn(d, "Virtual router %s specified in sync group %s doesn't exist - ignoring", sg->names[i],
				 sg->name);
		} else if (vi->sync) {
			say_warn(d, "Virtual router %s cannot exist in more than one sync group; ignoring %s", sg->names[i],
				 sg->name);
		} else {
			vi->sync = sg;
			sg->members[sg->nmembers++] = vi;
			if (state == 1 && vi->want == VRRP_WANT_BACKUP)
				say_warn(d, "Sync group %s has some member(s) as address owner and some not as address owner. This won't work.",
					 sg->name);
			if (state != 2)
				state = vi->want == VRRP_WANT_MASTER && vi->priority == VRRP_PRIO_OWNER ? 1 : 2;
		}
	}
}

static void resolve_sync_groups(struct model *m, struct config_diag *d)
{
	struct vrrp_sync_group **pp = &m->vrrp->sync_groups;

	while (*pp) {
		struct vrrp_sync_group *sg = *pp;

		if (!sg->nnames) {
			say_warn(d, "Sync group %s has no virtual router(s). removing", sg->name);
			*pp = sg->next;
			continue;
		}
		resolve_members(m, d, sg);
		if (sg->nmembers <= 1)
			say_warn(d, "Sync group %s has only %d virtual router(s) - %s", sg->name, sg->nmembers,
				 sg->nmembers ? "this probably isn't what you want" : "removing");
		if (!sg->nmembers) {
			*pp = sg->next;
			continue;
		}
		pp = &sg->next;
	}
}

/* ---- one instance ---- */

static void unicast_mode(struct config_diag *d, struct vrrp_instance *vi)
{
	if (!vi->unicast_configured || vi->npeers)
		return;
	if (vi->unicast_fault_no_peer)
		say_warn(d, "(%s) Cannot use unicast without any peers - going to fault state", vi->name);
	else
		say_warn(d, "(%s) A unicast keyword has been specified without any unicast peers. Defaulting to multicast. This usage is deprecated - please update your configuration.",
			 vi->name);
}

/* Priority and initial state, each from the other when not given (spec 1.9). */
static void priority_and_state(struct config_diag *d, struct vrrp_instance *vi)
{
	if (!vi->priority)
		vi->priority = vi->want == VRRP_WANT_MASTER ? VRRP_PRIO_OWNER : VRRP_PRIO_DFL;
	if (vi->want == VRRP_WANT_UNSET) {
		vi->want = vi->priority == VRRP_PRIO_OWNER ? VRRP_WANT_MASTER : VRRP_WANT_BACKUP;
	} else if (vi->strict && (vi->want == VRRP_WANT_MASTER) != (vi->priority == VRRP_PRIO_OWNER)) {
		say_warn(d, "(%s) State MASTER must match being address owner", vi->name);
		vi->want = vi->priority == VRRP_PRIO_OWNER ? VRRP_WANT_MASTER : VRRP_WANT_BACKUP;
	}
}

/* Authentication is v2, IPv4 (AH), and not strict (RFC 3768 dropped it). */
static void authentication(struct config_diag *d, struct vrrp_instance *vi)
{
	if (vi->auth_type == VRRP_AUTH_NONE)
		return;
	if (vi->strict)
		say_warn(d, "(%s) Strict mode does not support authentication. Ignoring.", vi->name);
	else if (vi->version == 3)
		say_warn(d, "(%s) VRRP version 3 does not support authentication. Ignoring.", vi->name);
	else if (!vi->auth_pass[0])
		say_warn(d, "(%s) Authentication specified but no password given. Ignoring", vi->name);
	else if (vi->family == AF_INET6 && vi->auth_type == VRRP_AUTH_AH)
		say_warn(d, "(%s) Cannot use AH authentication with IPv6. ignoring", vi->name);
	else {
		/* AH needs a received advert's sequence number before taking over */
		if (vi->auth_type == VRRP_AUTH_AH && vi->want == VRRP_WANT_MASTER && vi->priority != VRRP_PRIO_OWNER) {
			say_warn(d, "(%s) Initial state master is incompatible with AH authentication - clearing", vi->name);
			vi->want = VRRP_WANT_BACKUP;
		}
		return;
	}
	vi->auth_type = VRRP_AUTH_NONE;
	memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
}

/* Where adverts go and come from. Returns: false when the instance cannot run. */
static bool transport(struct model *m, struct config_diag *d, struct vrrp_instance *vi)
{
	if (vi->strict && vi->npeers && vi->ifname[0] && !vi->if_missing) {
		say_error(d, "(%s) Unicast peers are not supported in strict mode", vi->name);
		return false;
	}
	if (!vi->ifname[0] && !vi->if_missing) {
		if (!vi->src.af) {
			say_error(d, "(%s): Unicast instances must have unicast_src_ip or interface", vi->name);
			return false;
		}
		if (vi->family == AF_INET6 && vi->src.addr.b[0] == 0xfe && (vi->src.addr.b[1] & 0xc0) == 0x80) {
			say_error(d, "(%s) Non link-local address required if interface omitted", vi->name);
			return false;
		}
	}
	if (vi->family == AF_INET && vi->unicast_ttl == MODEL_UNSET)
		vi->unicast_ttl = 255;
	if (vi->unicast) {
		memset(&vi->mcast_dst, 0, sizeof(vi->mcast_dst));
	} else if (!vi->mcast_dst.af) {
		vi->mcast_dst = vi->family == AF_INET ? m->global.vrrp_mcast_group4 : m->global.vrrp_mcast_group6;
	}
	if (!vi->src.af)
		vi->track_src_ip = false;
	return true;
}

/*
 * An instance needs a VIP to advertise when the protocol says so (v3,
 * IPv6, strict).  Returns: false when it cannot run.
 */
static bool have_vips(struct config_diag *d, const struct vrrp_instance *vi)
{
	if (vi->nvips)
		return true;
	if (vi->version == 3 || vi->family == AF_INET6 || vi->strict) {
		say_error(d, "(%s) No VIP specified; at least one is required", vi->name);
		return false;
	}
	if (!vi->no_vips_ok)
		say_warn(d, "(%s) No VIP specified; at least one is sensible", vi->name);
	return true;
}

static bool is_linklocal6(const struct vrrp_ipaddr *ip)
{
	return ip->addr.b[0] == 0xfe && (ip->addr.b[1] & 0xc0) == 0x80;
}

/* Drop the addresses that have no interface to live on. */
static int drop_homeless(struct config_diag *d, struct vrrp_instance *vi, struct vrrp_ipaddr **list, const char *e)
{
	int dropped = 0;

	while (*list) {
		if (!(*list)->dev[0] && !vi->ifname[0]) {
			say_warn(d, "(%s): no interface for %svip %s - removing", vi->name, e, (*list)->text);
			*list = (*list)->next;
			dropped++;
			continue;
		}
		list = &(*list)->next;
	}
	return dropped;
}

/*
 * The VIP list: what an advert can carry (the excess moves to the eVIPs,
 * in order), and what the protocol asks of the first IPv6 one.
 * Returns: false when the instance cannot run.
 */
static bool addresses(struct config_diag *d, struct vrrp_instance *vi)
{
	size_t hdr, max;
	int dropped = drop_homeless(d, vi, &vi->vips, "");

	vi->nvips -= dropped;
	vi->nevips -= drop_homeless(d, vi, &vi->evips, "e");
	if (dropped && !have_vips(d, vi))
		return false;
	if (vi->family == AF_INET6 && !vi->unicast && vi->vips && !is_linklocal6(vi->vips)) {
		if (vi->strict)
			say_warn(d, "(%s) the first IPv6 VIP address must be link local", vi->name);
		else
			say_warn(d, "(%s) the first IPv6 VIP address should be link local", vi->name);
	}
	/* ethernet + IP + VRRP headers, v2's auth data and AH's header, then the addresses */
	hdr = 14 + (vi->family == AF_INET ? 20 : 40) + 8;
	if (vi->family == AF_INET && vi->version == 2)
		hdr += VRRP_AUTH_LEN + (vi->auth_type == VRRP_AUTH_AH ? 24 : 0);
	max = (DEFAULT_MTU - hdr) / (vi->family == AF_INET ? 4 : 16);
	if (max > VRRP_MAX_VIPS)
		max = VRRP_MAX_VIPS;
	if ((size_t)vi->nvips > max) {
		struct vrrp_ipaddr **pp = &vi->vips, *excess;

		say_warn(d, "(%s) Number of VIPs (%d) exceeds maximum/space available in packet (max %zu addresses) - excess moved to eVIPs",
			 vi->name, vi->nvips, max);
		for (size_t i = 0; i < max; i++)
			pp = &(*pp)->next;
		excess = *pp;
		*pp = NULL;
		KV_APPEND(vi->evips, excess);
		vi->nevips += vi->nvips - (int)max;
		vi->nvips = (int)max;
	}
	return true;
}

/* nopreempt and preempt_delay: neither with an owner, a MASTER start or strict */
static void preemption(struct config_diag *d, struct vrrp_instance *vi)
{
	if (vi->priority == VRRP_PRIO_OWNER && vi->nopreempt) {
		say_warn(d, "(%s) nopreempt is incompatible with priority %d. resetting nopreempt", vi->name, VRRP_PRIO_OWNER);
		vi->nopreempt = false;
	}
	if (vi->want == VRRP_WANT_MASTER) {
		if (vi->nopreempt) {
			say_warn(d, "(%s) Warning - nopreempt will not work with initial state MASTER - clearing", vi->name);
			vi->nopreempt = false;
		}
		if (vi->preempt_delay_us) {
			say_warn(d, "(%s) Warning - preempt delay will not work with initial state MASTER - clearing", vi->name);
			vi->preempt_delay_us = 0;
		}
	}
	if (vi->preempt_delay_us && vi->strict) {
		say_warn(d, "(%s) preempt_delay is incompatible with strict mode - resetting", vi->name);
		vi->preempt_delay_us = 0;
	}
	if (vi->preempt_delay_us && vi->nopreempt) {
		say_warn(d, "(%s) preempt_delay is incompatible with nopreempt mode - resetting", vi->name);
		vi->preempt_delay_us = 0;
	}
}

/*
 * An override of a strict-mode default: unset takes @strict_value in strict
 * mode and the global otherwise; a set value strict mode forbids is reset
 * with @msg.
 */
static void strict_default(struct config_diag *d, const struct vrrp_instance *vi, int *v, int strict_value,
			   int global, const char *msg)
{
	if (*v == MODEL_UNSET) {
		*v = vi->strict ? strict_value : global;
	} else if (vi->strict && *v != strict_value) {
		say_warn(d, msg, vi->name);
		*v = strict_value;
	}
}

/* What the instance leaves to the global settings, and strict mode's rules (spec 2.9). */
static void election_defaults(struct model *m, struct config_diag *d, struct vrrp_instance *vi)
{
	const struct model_global *g = &m->global;
	int lower_rep = g->vrrp_garp_lower_prio_repeat == MODEL_UNSET ? g->vrrp_garp_master_repeat
								       : g->vrrp_garp_lower_prio_repeat;
	int64_t lower_delay = g->vrrp_garp_lower_prio_delay_us == MODEL_UNSET ? g->vrrp_garp_master_delay_us
									       : g->vrrp_garp_lower_prio_delay_us;
	int delay_set = vi->garp_lower_prio_delay_us != MODEL_UNSET;

	if (vi->accept == MODEL_UNSET)
		vi->accept = vi->priority == VRRP_PRIO_OWNER || !vi->strict;
	if (vi->accept && vi->priority != VRRP_PRIO_OWNER && vi->strict && vi->version == 2) {
		say_warn(d, "(%s) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting", vi->name);
		vi->accept = 0;
	}
	strict_default(d, vi, &vi->garp_lower_prio_repeat, 0, lower_rep, "(%s) Strict mode requires no repeat garps. resetting");
	if (!delay_set) {
		vi->garp_lower_prio_delay_us = vi->strict ? 0 : lower_delay;
	} else if (vi->strict && vi->garp_lower_prio_delay_us) {
		say_warn(d, "(%s) Strict mode requires no repeat garp delay. resetting", vi->name);
		vi->garp_lower_prio_delay_us = 0;
	}
	strict_default(d, vi, &vi->lower_prio_no_advert, 1, g->vrrp_lower_prio_no_advert,
		       "(%s) Strict mode requires no lower priority advert. resetting");
	strict_default(d, vi, &vi->higher_prio_send_advert, 0, g->vrrp_higher_prio_send_advert,
		       "(%s) strict mode requires higher_prio_send_advert to be clear. resetting");
	if (vi->down_timer_adverts == MODEL_UNSET)
		vi->down_timer_adverts = g->vrrp_down_timer_adverts;
	else if (vi->strict && vi->down_timer_adverts != 3) {
		say_warn(d, "(%s) down_timer_adverts is incompatible with strict mode - resetting", vi->name);
		vi->down_timer_adverts = 3;
	}
	if (vi->garp_master_delay_us == MODEL_UNSET)
		vi->garp_master_delay_us = g->vrrp_garp_master_delay_us;
	if (vi->garp_master_repeat == MODEL_UNSET)
		vi->garp_master_repeat = g->vrrp_garp_master_repeat;
	if (vi->garp_master_refresh_us == MODEL_UNSET)
		vi->garp_master_refresh_us = g->vrrp_garp_master_refresh_us;
	if (vi->garp_master_refresh_repeat == MODEL_UNSET)
		vi->garp_master_refresh_repeat = g->vrrp_garp_master_refresh_repeat;
	if (vi->notify.smtp_alert == MODEL_UNSET)
		vi->notify.smtp_alert = g->smtp_alert_vrrp || g->smtp_alert;
	if (vi->notify.priority_changes == MODEL_UNSET)
		vi->notify.priority_changes = vi->sync && vi->sync->notify.priority_changes != MODEL_UNSET ?
						      vi->sync->notify.priority_changes : 0;
	if (!vi->skip_check_adv_addr)
		vi->skip_check_adv_addr = g->vrrp_skip_check_adv_addr;
	if (!vi->check_unicast_src)
		vi->check_unicast_src = g->vrrp_check_unicast_src;
	if (!vi->v3_checksum_as_v2)
		vi->v3_checksum_as_v2 = g->v3_checksum_as_v2;
}

/*
 * The advert interval a version can carry: v2 whole seconds to 255, v3
 * centiseconds in 12 bits (RFC 3768 5.3.7, RFC 5798 5.2.7), rounded half up.
 */
static void advert_interval(struct config_diag *d, struct vrrp_instance *vi)
{
	int64_t unit = vi->version == 2 ? MODEL_SEC : MODEL_SEC / 100;
	int64_t max = vi->version == 2 ? 255 * MODEL_SEC : VRRP_V3_MAX_CS * unit;
	int64_t us = vi->advert_int_us ? vi->advert_int_us : MODEL_SEC;
	double s = (double)us / MODEL_SEC;

	if (us > max) {
		if (vi->version == 2)
			say_warn(d, "(%s) VRRPv2 advertisement interval %.2fs is out of range. Must be less than %ds. Setting to %ds",
				 vi->name, s, 256, 255);
		else
			say_warn(d, "(%s) VRRPv3 advertisement interval %.2fs is out of range. Must be less than %.2fs. Setting to %.2fs",
				 vi->name, s, (VRRP_V3_MAX_CS + 1) / 100.0, VRRP_V3_MAX_CS / 100.0);
		us = max;
	} else if (us % unit) {
		if (vi->version == 2)
			say_warn(d, "(%s) VRRPv2 advertisement interval %fs must be an integer. rounding", vi->name, s);
		else
			say_warn(d, "(%s) VRRPv3 advertisement interval %fs must be in units of 10ms - rounding", vi->name, s);
		us = (us + unit / 2) / unit * unit;
		if (!us)
			us = unit;
	}
	vi->advert_int_us = us;
}

static void vmac(struct config_diag *d, struct vrrp_instance *vi)
{
	if (vi->use_vmac && vi->strict && vi->vmac_xmit_base) {
		say_warn(d, "(%s) xmit_base is incompatible with strict mode - resetting", vi->name);
		vi->vmac_xmit_base = false;
	}
	if ((vi->use_vmac || vi->use_ipvlan) && vi->promote_secondaries) {
		say_warn(d, "(%s) promote_secondaries is automatically set for vmacs - ignoring", vi->name);
		vi->promote_secondaries = false;
	}
	if (vi->vmac_xmit_base && !vi->use_vmac) {
		say_warn(d, "(%s) vmac_xmit_base is only valid with a vmac", vi->name);
		vi->vmac_xmit_base = false;
	}
}

/* The instance's own interface is tracked anyway (unless dont_track_primary). */
static void own_interface(struct config_diag *d, struct vrrp_instance *vi)
{
	struct vrrp_tracked_if **pp = &vi->track.ifs;

	if (!vi->ifname[0] || vi->if_missing)
		return;
	while (*pp) {
		if (!strcmp((*pp)->ifname, vi->ifname)) {
			say_warn(d, "(%s) Ignoring track_interface %s since own interface", vi->name, vi->ifname);
			*pp = (*pp)->next;
			continue;
		}
		pp = &(*pp)->next;
	}
}

/*
 * Weights an instance cannot have: in a sync group (unless
 * sync_group_tracking_weight), members move together, so a weight would
 * mean nothing; an owner's priority never changes.
 */
static void tracker_weights(struct config_diag *d, struct vrrp_instance *vi)
{
	bool sync = vi->sync && !vi->sync->tracking_weight;
	const char *why = sync ? "SYNC group" : "address_owner";

	if (!sync && vi->priority != VRRP_PRIO_OWNER)
		return;
	for (struct vrrp_tracked_if **pp = &vi->track.ifs; *pp;) {
		if ((*pp)->weight) {
			say_warn(d, "(%s) ignoring %s tracked interface %sdue to %s", vi->name, (*pp)->ifname,
				 sync ? "weight " : "", sync ? "SYNC group" : "address owner");
			if (sync) {
				(*pp)->weight = 0;
			} else {
				*pp = (*pp)->next;
				continue;
			}
		}
		pp = &(*pp)->next;
	}
	for (struct vrrp_tracked_script **pp = &vi->track.scripts; *pp;) {
		if ((*pp)->weight) {
			say_warn(d, "(%s) ignoring tracked script %s with weights due to %s", vi->name, (*pp)->obj->name, why);
			*pp = (*pp)->next;
			continue;
		}
		pp = &(*pp)->next;
	}
	for (struct vrrp_tracked_file **pp = &vi->track.files; *pp;) {
		/* weight 1 is the default: keep the file, unweighted */
		if ((*pp)->weight == 1) {
			say_warn(d, "(%s) ignoring weight from tracked file %s due to %s. specify weight 0", vi->name,
				 (*pp)->obj->name, why);
			(*pp)->weight = 0;
		} else if ((*pp)->weight) {
			say_warn(d, "(%s) ignoring tracked file %s with weight %d due to %s", vi->name, (*pp)->obj->name,
				 (*pp)->weight, why);
			*pp = (*pp)->next;
			continue;
		}
		pp = &(*pp)->next;
	}
	for (struct vrrp_tracked_bfd **pp = &vi->track.bfds; *pp;) {
		if ((*pp)->weight) {
			say_warn(d, "(%s) ignoring tracked bfd %s with weight %d due to %s", vi->name, (*pp)->obj->name,
				 (*pp)->weight, why);
			*pp = (*pp)->next;
			continue;
		}
		pp = &(*pp)->next;
	}
}

/* vrrp_complete_instance(): false when the instance cannot run. */
static bool complete_instance(struct model *m, struct config_diag *d, struct vrrp_instance *vi)
{
	unicast_mode(d, vi);
	if (!have_vips(d, vi))
		return false;
	priority_and_state(d, vi);
	authentication(d, vi);
	if (!transport(m, d, vi) || !addresses(d, vi))
		return false;
	preemption(d, vi);
	election_defaults(m, d, vi);
	advert_interval(d, vi);
	vmac(d, vi);
	own_interface(d, vi);
	tracker_weights(d, vi);
	return true;
}

/* ---- after the instances ---- */

static bool has_owner(const struct vrrp_sync_group *sg)
{
	for (int i = 0; i < sg->nmembers; i++)
		if (sg->members[i]->priority == VRRP_PRIO_OWNER)
			return true;
	return false;
}

/* A group with an owner member cannot have weighted trackers either. */
static void group_weights(struct config_diag *d, struct vrrp_sync_group *sg)
{
	const char *fmt = "(%s) Cannot have weighted track %s '%s' with member having priority %d - %s";

	if (!has_owner(sg))
		return;
	for (struct vrrp_tracked_script *t = sg->track.scripts; t; t = t->next) {
		if (t->weight)
			say_warn(d, fmt, sg->name, "script", t->obj->name, VRRP_PRIO_OWNER, "clearing weight");
		t->weight = 0;
	}
	for (struct vrrp_tracked_file *t = sg->track.files; t; t = t->next) {
		if (t->weight)
			say_warn(d, fmt, sg->name, "file", t->obj->name, VRRP_PRIO_OWNER, "setting weight 0");
		t->weight = 0;
	}
	for (struct vrrp_tracked_process *t = sg->track.processes; t; t = t->next) {
		if (t->weight)
			say_warn(d, fmt, sg->name, "process", t->obj->name, VRRP_PRIO_OWNER, "setting weight 0");
		t->weight = 0;
	}
	for (struct vrrp_tracked_bfd *t = sg->track.bfds; t; t = t->next) {
		if (t->weight)
			say_warn(d, fmt, sg->name, "bfd", t->obj->name, VRRP_PRIO_OWNER, "setting weight 0");
		t->weight = 0;
	}
	for (struct vrrp_tracked_if *t = sg->track.ifs; t; t = t->next) {
		if (t->weight)
			say_warn(d, fmt, sg->name, "interface", t->ifname, VRRP_PRIO_OWNER, "clearing weight");
		t->weight = 0;
	}
}

/*
 * Members move together, so they start together: only when every member
 * is an owner wanting MASTER does the group start as MASTER
 * (vrrp_sync_set_group(), vrrp_complete_init()).
 */
static void group_start(struct model *m, struct vrrp_sync_group *sg)
{
	bool master = false, backup = false;

	for (int i = 0; i < sg->nmembers; i++) {
		struct vrrp_instance *vi = sg->members[i];

		backup |= vi->want == VRRP_WANT_BACKUP || vi->priority != VRRP_PRIO_OWNER;
		master |= vi->want == VRRP_WANT_MASTER;
	}
	for (int i = 0; master && backup && i < sg->nmembers; i++)
		sg->members[i]->want = VRRP_WANT_BACKUP;
	if (sg->notify.smtp_alert == MODEL_UNSET)
		sg->notify.smtp_alert = m->global.smtp_alert_vrrp || m->global.smtp_alert;
}

/* The old lvs_sync_daemon_interface and global lvs_sync_daemon IF INSTANCE name an instance. */
static void lvs_sync_instance(struct model *m, struct config_diag *d)
{
	struct model_global *g = &m->global;

	if (!g->lvs_sync.instance || find_instance(m->vrrp, g->lvs_sync.instance))
		return;
	say_warn(d, "Unable to find vrrp instance %s for lvs_syncd - clearing lvs_syncd config", g->lvs_sync.instance);
	g->lvs_sync.instance = NULL;
	g->lvs_sync.ifname[0] = 0;
}

void vrrp_validate(struct model *m, struct config_diag *d)
{
	struct model_vrrp *v = kv_vrrp(m);

	/* keepalived stops here; xvsd completes the rest and waits for the interface */
	if (v->missing_ifs)
		say_error(d, "Non-existent interface specified in configuration");
	check_scripts(m, d);
	for (struct vrrp_instance *vi = v->instances; vi; vi = vi->next)
		instance_basics(m, d, vi);
	check_vrid_conflicts(v, d);
	resolve_sync_groups(m, d);
	for (struct vrrp_instance *vi = v->instances; vi; vi = vi->next)
		if (!vi->disabled && !complete_instance(m, d, vi))
			vi->disabled = true;
	for (struct vrrp_sync_group *sg = v->sync_groups; sg; sg = sg->next) {
		group_weights(d, sg);
		group_start(m, sg);
	}
	lvs_sync_instance(m, d);
}
