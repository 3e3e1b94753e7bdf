// SPDX-License-Identifier: GPL-2.0
/*
 * The VRRP side's root keywords (config.h: kw_vrrp_roots) and the
 * vrrp_instance block (spec 1.9).  Each keyword records what the config
 * says, with keepalived's parse-time reports (vrrp_parser.c); what follows
 * from several keywords together is vrrp_validate()'s, once everything is
 * read, as keepalived leaves it to vrrp_complete_instance().
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "kw_vrrp.h"

#define TIMER_MAX_SEC 1000 /* preempt_delay's limit */

static struct vrrp_instance *vi_of(void *obj)
{
	return ((struct kv *)obj)->vi;
}

/* ---- the block ---- */

static struct vrrp_instance *instance_new(struct model *m, const struct conf_line *l)
{
	struct vrrp_instance *vi = model_alloc(m, sizeof(*vi));

	vi->file = kv_file(m, l->file);
	vi->line = l->line;
	vi->name = model_strdup(m, l->argv[1]);
	vi->strict = MODEL_UNSET;
	vi->accept = MODEL_UNSET;
	vi->unicast_ttl = MODEL_UNSET;
	vi->garp_master_delay_us = MODEL_UNSET;
	vi->garp_master_repeat = MODEL_UNSET;
	vi->garp_master_refresh_us = MODEL_UNSET;
	vi->garp_master_refresh_repeat = MODEL_UNSET;
	vi->garp_lower_prio_delay_us = MODEL_UNSET;
	vi->garp_lower_prio_repeat = MODEL_UNSET;
	vi->lower_prio_no_advert = MODEL_UNSET;
	vi->higher_prio_send_advert = MODEL_UNSET;
	vi->down_timer_adverts = MODEL_UNSET;
	vi->timer_expired_backup = MODEL_UNSET;
	vi->notify.priority_changes = MODEL_UNSET;
	vi->notify.smtp_alert = MODEL_UNSET;
	return vi;
}

static int instance_root(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model *m = obj;
	struct vrrp_instance *vi;
	struct kv *kv;

	if (l->argc != 2) {
		parse_error(p, l, "vrrp_instance must have a name");
		return -1;
	}
	for (vi = kv_vrrp(m)->instances; vi; vi = vi->next) {
		if (!strcmp(vi->name, l->argv[1])) {
			parse_error(p, l, "vrrp instance %s already defined", l->argv[1]);
			return -1;
		}
	}
	kv = kv_new(m);
	vi = kv->vi = instance_new(m, l);
	kv->name = vi->name;
	kv->track = &vi->track;
	kv->notify = &vi->notify;
	KV_APPEND(m->vrrp->instances, vi);
	*child = kv;
	return 0;
}

/* What keepalived settles as the instance's block closes (vrrp_end_handler()). */
static int instance_end(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (vi->peers && (vi->use_vmac || vi->use_ipvlan)) {
		if (!vi->ifname[0]) {
			parse_warn(p, l, "(%s): Cannot use VMAC/ipvlan with unicast peers and no interface - clearing use_vmac",
				   vi->name);
			vi->use_vmac = vi->use_ipvlan = false;
			vi->vmac_ifname[0] = 0;
		} else if (!vi->vmac_xmit_base) {
			parse_warn(p, l, "(%s) unicast with use_vmac requires vmac_xmit_base - setting", vi->name);
			vi->vmac_xmit_base = true;
		}
	}
	if (!vi->peers && vi->unicast_ttl != MODEL_UNSET) {
		parse_warn(p, l, "(%s): Cannot use unicast_ttl without unicast peers - resetting", vi->name);
		vi->unicast_ttl = MODEL_UNSET;
	}
	if (!vi->ifname[0])
		vi->linkbeat_use_polling = false;
	return 0;
}

/* ---- who and where ---- */

static int kw_state(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!strcmp(l->argv[1], "MASTER")) {
		vi->want = VRRP_WANT_MASTER;
	} else if (!strcmp(l->argv[1], "BACKUP")) {
		if (vi->want == VRRP_WANT_MASTER)
			parse_warn(p, l, "(%s) state previously set as MASTER - ignoring BACKUP", vi->name);
		else
			vi->want = VRRP_WANT_BACKUP;
	} else {
		parse_warn(p, l, "(%s) unknown state '%s', defaulting to BACKUP", vi->name, l->argv[1]);
		vi->want = VRRP_WANT_BACKUP;
	}
	return 0;
}

/*
 * The one loopback interface there is; keepalived asks the interface's
 * hardware type, xvsd knows the name (config_if_exists() answers no more).
 */
static bool is_loopback(const char *name)
{
	return !strcmp(name, "lo");
}

static int kw_interface(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_instance *vi = kv->vi;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (strlen(l->argv[1]) >= VRRP_IFNAMSIZ) {
		parse_warn(p, l, "Interface name '%s' too long - ignoring", l->argv[1]);
		return 0;
	}
	strcpy(vi->ifname, l->argv[1]);
	vi->if_missing = false;
	if (!kv_if_exists(kv->m, l->argv[1])) {
		parse_warn(p, l, "WARNING - interface %s for vrrp_instance %s doesn't exist", l->argv[1], vi->name);
		vi->if_missing = true;
	} else if (is_loopback(l->argv[1])) {
		parse_warn(p, l, "(%s) cannot use a loopback interface (%s) for vrrp - ignoring", vi->name, l->argv[1]);
		vi->ifname[0] = 0;
	}
	return 0;
}

static int kw_vrf(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_instance *vi = kv->vi;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (strlen(l->argv[1]) >= VRRP_IFNAMSIZ)
		parse_warn(p, l, "(%s) VRF interface name '%s' too long - ignoring", vi->name, l->argv[1]);
	else if (vi->ifname[0])
		parse_warn(p, l, "(%s) Cannot specify VRF interface and interface - ignoring", vi->name);
	else if (vi->vrf[0])
		parse_warn(p, l, "(%s) VRF interface already specified as '%s' - ignoring", vi->name, vi->vrf);
	else if (!kv_if_exists(kv->m, l->argv[1]))
		parse_warn(p, l, "(%s) WARNING - VRF interface %s doesn't exist", vi->name, l->argv[1]);
	else if (is_loopback(l->argv[1]))
		parse_warn(p, l, "(%s) cannot use a loopback interface (%s) for VRF - ignoring", vi->name, l->argv[1]);
	else
		strcpy(vi->vrf, l->argv[1]);
	return 0;
}

static int kw_vrid(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (kv_args(p, l, 1) && !kv_int(p, l, l->argv[1], 1, 255, &vi->vrid))
		parse_warn(p, l, "(%s): VRID '%s' not valid - must be between 1 & 255", vi->name, l->argv[1]);
	return 0;
}

static int kw_priority(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (kv_args(p, l, 1) && !kv_int(p, l, l->argv[1], 1, VRRP_PRIO_OWNER, &vi->priority)) {
		parse_warn(p, l, "(%s) Priority not valid! must be between 1 & %d. Using default %d", vi->name,
			   VRRP_PRIO_OWNER, VRRP_PRIO_DFL);
		vi->priority = VRRP_PRIO_DFL;
	}
	return 0;
}

/* advert_int: 0.01 to 255 s here; the version's rounding comes with validation. */
static int kw_advert_int(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (kv_args(p, l, 1) && !kv_num(p, l, l->argv[1], 6, MODEL_SEC / 100, 255 * MODEL_SEC, &vi->advert_int_us))
		parse_warn(p, l, "(%s) Advert interval (%s) not valid! Must be > 0 - ignoring", vi->name, l->argv[1]);
	return 0;
}

static int kw_version(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	int version;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_int(p, l, l->argv[1], 2, 3, &version)) {
		parse_warn(p, l, "(%s): Version must be either 2 or 3", vi->name);
		return 0;
	}
	if ((vi->version && vi->version != version) || (version == 2 && vi->family == AF_INET6)) {
		parse_warn(p, l, "(%s) vrrp_version %d conflicts with configured or deduced version %d; ignoring.",
			   vi->name, version, vi->version);
		return 0;
	}
	vi->version = version;
	return 0;
}

static int kw_native_ipv6(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (vi->family == AF_INET) {
		parse_warn(p, l, "(%s) Cannot specify native_ipv6 with IPv4 addresses", vi->name);
		return 0;
	}
	vi->family = AF_INET6;
	vi->version = 3;
	return 0;
}

/* ---- transport ---- */

/*
 * The family the instance's addresses take: the first one sets it.
 * Returns: whether @af fits.
 */
static bool take_family(struct vrrp_instance *vi, int af)
{
	if (!vi->family)
		vi->family = af;
	return vi->family == af;
}

/* unicast_src_ip and mcast_src_ip: one handler, unicast_src_ip also means unicast was meant */
static int kw_src_ip(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	struct model_addr a;

	(void)child;
	if (!strcmp(l->argv[0], "unicast_src_ip"))
		vi->unicast_configured = true;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kw_addr(l->argv[1], &a.af, &a.addr)) {
		parse_warn(p, l, "Configuration error: VRRP instance[%s] malformed src address[%s]. Skipping...", vi->name,
			   l->argv[1]);
		return 0;
	}
	if (!take_family(vi, a.af)) {
		parse_warn(p, l, "Configuration error: VRRP instance[%s] and src address[%s] MUST be of the same family !!! Skipping...",
			   vi->name, l->argv[1]);
		vi->src.af = 0;
		return 0;
	}
	vi->src = a;
	return 0;
}

static int kw_mcast_dst(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	struct model_addr a;
	bool mcast;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kw_addr(l->argv[1], &a.af, &a.addr)) {
		parse_warn(p, l, "(%s) malformed mcast dest address %s. Skipping...", vi->name, l->argv[1]);
		return 0;
	}
	if (!take_family(vi, a.af)) {
		parse_warn(p, l, "(%s) mcast dest address %s MUST match VRRP instance family. Skipping...", vi->name,
			   l->argv[1]);
		return 0;
	}
	/* IPv4 224/4; IPv6 link-local scope (ff02::/16), as adverts never leave the link */
	mcast = a.af == AF_INET ? (a.addr.b[12] & 0xf0) == 0xe0 : a.addr.b[0] == 0xff && (a.addr.b[1] & 0x0f) == 2;
	if (!mcast) {
		parse_warn(p, l, "(%s) mcast_dst_ip %s not%s multicast. Skipping...", vi->name, l->argv[1],
			   a.af == AF_INET6 ? " link-local" : "");
		return 0;
	}
	vi->mcast_dst = a;
	return 0;
}

/* unicast_peer { IP [min_ttl N] [max_ttl N] } */
static int unicast_peer_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_instance *vi = kv->vi;
	struct vrrp_peer *peer = model_alloc(kv->m, sizeof(*peer));

	(void)child;
	peer->file = kv_file(kv->m, l->file);
	peer->line = l->line;
	peer->max_ttl = 255;
	if (!kw_addr(l->argv[0], &peer->addr.af, &peer->addr.addr)) {
		parse_warn(p, l, "Configuration error: VRRP instance[%s] malformed unicast peer address[%s]. Skipping...",
			   vi->name, l->argv[0]);
		return 0;
	}
	if (!take_family(vi, peer->addr.af)) {
		parse_warn(p, l, "Configuration error: VRRP instance[%s] and unicast peer address[%s] MUST be of the same family !!! Skipping...",
			   vi->name, l->argv[0]);
		return 0;
	}
	for (int i = 1; i < l->argc; i += 2) {
		bool min = !strcmp(l->argv[i], "min_ttl");

		if (i + 1 >= l->argc) {
			parse_warn(p, l, "(%s) %s is missing a value", vi->name, l->argv[i]);
			return 0;
		}
		if (!min && strcmp(l->argv[i], "max_ttl")) {
			parse_warn(p, l, "(%s) unknown unicast_peer option %s", vi->name, l->argv[i]);
			return 0;
		}
		if (!kv_int(p, l, l->argv[i + 1], 0, 255, min ? &peer->min_ttl : &peer->max_ttl))
			return 0;
		/* a TTL range is only of use when the source is checked */
		vi->check_unicast_src = true;
	}
	if (peer->min_ttl > peer->max_ttl)
		parse_warn(p, l, "(%s) min_ttl %d > max_ttl %d - all packets will be discarded", vi->name, peer->min_ttl,
			   peer->max_ttl);
	KV_APPEND(vi->peers, peer);
	vi->npeers++;
	return 0;
}

static int kw_unicast_peer(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)child;
	vi_of(obj)->unicast_configured = true;
	return 0;
}

static int kw_unicast_ttl(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (kv_args(p, l, 1) && !kv_int(p, l, l->argv[1], 0, 255, &vi->unicast_ttl))
		parse_warn(p, l, "(%s): TTL '%s' not valid - must be between 0 & 255", vi->name, l->argv[1]);
	return 0;
}

static int kw_old_chksum(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	vi->unicast_configured = true;
	if (l->argc < 2)
		vi->old_unicast_checksum = VRRP_CHKSUM_OLD;
	else if (!strcmp(l->argv[1], "never"))
		vi->old_unicast_checksum = VRRP_CHKSUM_NEVER;
	else
		parse_warn(p, l, "(%s) Unknown old_unicast_chksum mode %s - ignoring", vi->name, l->argv[1]);
	return 0;
}

/*
 * The keywords that only set a flag of the instance (and, for the unicast
 * ones, say unicast was meant).
 */
static int kw_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	const char *kw = l->argv[0];

	(void)child;
	if (!strcmp(kw, "unicast_fault_no_peer")) {
		vi->unicast_configured = vi->unicast_fault_no_peer = true;
	} else if (!strcmp(kw, "check_unicast_src")) {
		vi->unicast_configured = vi->check_unicast_src = true;
	} else if (!strcmp(kw, "track_src_ip")) {
		vi->track_src_ip = true;
	} else if (!strcmp(kw, "dont_track_primary")) {
		vi->dont_track_primary = true;
	} else if (!strcmp(kw, "nopreempt")) {
		vi->nopreempt = true;
	} else if (!strcmp(kw, "preempt")) {
		vi->nopreempt = false;
	} else if (!strcmp(kw, "accept")) {
		vi->accept = 1;
	} else if (!strcmp(kw, "no_accept")) {
		vi->accept = 0;
	} else if (!strcmp(kw, "promote_secondaries")) {
		vi->promote_secondaries = true;
	} else if (!strcmp(kw, "no_virtual_ipaddress")) {
		vi->no_vips_ok = true;
	} else if (!strcmp(kw, "use_vmac_addr")) {
		vi->use_vmac_addr = true;
	} else if (!strcmp(kw, "vmac_xmit_base")) {
		vi->vmac_xmit_base = true;
	} else if (!strcmp(kw, "linkbeat_use_polling")) {
		parse_warn(p, l, "(%s) 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block",
			   vi->name);
		vi->linkbeat_use_polling = true;
	}
	return 0;
}

/*
 * The [BOOL] keywords: no word means true.  An invalid word is reported
 * and the setting left as it was.
 */
static int kw_bool_opt(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	const char *kw = l->argv[0];
	int b = kw_bool(l, 1);

	(void)child;
	if (b < 0) {
		parse_warn(p, l, "(%s) invalid %s %s specified", vi->name, kw, l->argv[1]);
		return 0;
	}
	if (!strcmp(kw, "skip_check_adv_addr"))
		vi->skip_check_adv_addr = b;
	else if (!strcmp(kw, "strict_mode"))
		vi->strict = b;
	else if (!strcmp(kw, "lower_prio_no_advert"))
		vi->lower_prio_no_advert = b;
	else if (!strcmp(kw, "higher_prio_send_advert"))
		vi->higher_prio_send_advert = b;
	else if (!strcmp(kw, "v3_checksum_as_v2"))
		vi->v3_checksum_as_v2 = b;
	else if (!strcmp(kw, "owner_ignore_adverts"))
		vi->owner_ignore_adverts = b;
	return 0;
}

/* ---- preemption and timers ---- */

static int kw_preempt_delay(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (kv_args(p, l, 1) && !kv_num(p, l, l->argv[1], 6, 0, TIMER_MAX_SEC * MODEL_SEC, &vi->preempt_delay_us)) {
		parse_warn(p, l, "(%s) Preempt_delay not valid! must be between 0-%u", vi->name, TIMER_MAX_SEC);
		vi->preempt_delay_us = 0;
	}
	return 0;
}

/*
 * garp_master_delay, garp_master_refresh, garp_lower_prio_delay: whole
 * seconds.
 */
static int kw_garp_secs(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	const char *kw = l->argv[0];
	int64_t s;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_num(p, l, l->argv[1], 0, 0, !strcmp(kw, "garp_master_refresh") ? UINT32_MAX : UINT32_MAX / MODEL_SEC, &s)) {
		if (!strcmp(kw, "garp_master_refresh"))
			parse_warn(p, l, "(%s): Invalid garp_master_refresh '%s' - ignoring", vi->name, l->argv[1]);
		else
			parse_warn(p, l, "(%s): %s '%s' invalid - ignoring", vi->name, kw, l->argv[1]);
		if (!strcmp(kw, "garp_master_refresh"))
			vi->garp_master_refresh_us = 0;
		return 0;
	}
	if (!strcmp(kw, "garp_master_delay"))
		vi->garp_master_delay_us = s * MODEL_SEC;
	else if (!strcmp(kw, "garp_master_refresh"))
		vi->garp_master_refresh_us = s * MODEL_SEC;
	else
		vi->garp_lower_prio_delay_us = s * MODEL_SEC;
	return 0;
}

/* garp_master_repeat, garp_master_refresh_repeat (0 means 1), garp_lower_prio_repeat */
static int kw_garp_repeat(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	const char *kw = l->argv[0];
	bool lower = !strcmp(kw, "garp_lower_prio_repeat");
	int n;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!kv_int(p, l, l->argv[1], 0, INT32_MAX, &n)) {
		if (lower)
			parse_warn(p, l, "(%s): Invalid garp_lower_prio_repeat '%s'", vi->name, l->argv[1]);
		else
			parse_warn(p, l, "(%s): %s '%s' invalid - ignoring", vi->name, kw, l->argv[1]);
		return 0;
	}
	if (lower) {
		vi->garp_lower_prio_repeat = n;
		return 0;
	}
	/* 0 was allowed before 2.0.7 */
	if (!n) {
		parse_warn(p, l, "(%s): %s must be greater than 0, setting to 1", vi->name, kw);
		n = 1;
	}
	if (!strcmp(kw, "garp_master_repeat"))
		vi->garp_master_repeat = n;
	else
		vi->garp_master_refresh_repeat = n;
	return 0;
}

/* garp_extra_if [all] SECS (vmac_garp_intvl: its old name) */
static int kw_garp_extra_if(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	const char *kw = l->argv[0];
	int64_t delay = -1;
	bool all = false;

	(void)child;
	if (!strcmp(kw, "vmac_garp_intvl"))
		parse_warn(p, l, "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"");
	for (int i = 1; i < l->argc; i++) {
		if (!strcmp(l->argv[i], "all")) {
			all = true;
		} else if (!kv_num(p, l, l->argv[i], 0, 0, 86400, &delay)) {
			parse_warn(p, l, "(%s): %s '%s' invalid - ignoring", vi->name, kw, l->argv[i]);
			return 0;
		}
	}
	if (delay < 0) {
		parse_warn(p, l, "(%s): %s specified without time - ignoring", vi->name, kw);
		return 0;
	}
	vi->garp_extra_if_all = all;
	vi->garp_extra_if_us = delay * MODEL_SEC;
	return 0;
}

/* down_timer_adverts, debug, kernel_rx_buf_size, timer_expired_backup */
static int kw_number(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	const char *kw = l->argv[0];
	int64_t v;
	int n;

	(void)child;
	if (!strcmp(kw, "timer_expired_backup")) {
		vi->timer_expired_backup = 0;
		if (l->argc > 1 && kv_int(p, l, l->argv[1], 1, 254, &n))
			vi->timer_expired_backup = n;
		return 0;
	}
	if (!kv_args(p, l, 1))
		return 0;
	if (!strcmp(kw, "down_timer_adverts")) {
		if (!kv_int(p, l, l->argv[1], 1, 100, &vi->down_timer_adverts))
			parse_warn(p, l, "(%s): Invalid down_timer_adverts [1:100] '%s'", vi->name, l->argv[1]);
	} else if (!strcmp(kw, "debug")) {
		/* keepalived has no use for it either */
		if (!kv_int(p, l, l->argv[1], 0, 4, &n))
			parse_warn(p, l, "(%s) Debug value '%s' not valid; must be between 0-4", vi->name, l->argv[1]);
	} else if (l->argc != 2 || !kv_num(p, l, l->argv[1], 0, 0, UINT32_MAX, &v)) {
		parse_warn(p, l, "(%s) invalid kernel_rx_buf_size specified", vi->name);
	} else {
		vi->kernel_rx_buf_size = v;
	}
	return 0;
}

/* ---- authentication { auth_type PASS|AH; auth_pass STR } ---- */

static int kw_auth_type(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	if (!strcmp(l->argv[1], "AH"))
		vi->auth_type = VRRP_AUTH_AH;
	else if (!strcmp(l->argv[1], "PASS"))
		vi->auth_type = VRRP_AUTH_PASS;
	else
		parse_warn(p, l, "(%s) unknown authentication type '%s'", vi->name, l->argv[1]);
	return 0;
}

/* The password field is 8 bytes on the wire (RFC 2338 5.3.10): longer ones are cut. */
static int kw_auth_pass(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);
	size_t len;

	(void)child;
	if (!kv_args(p, l, 1))
		return 0;
	len = strlen(l->argv[1]);
	if (len > VRRP_AUTH_LEN) {
		parse_warn(p, l, "Truncating auth_pass to %d characters", VRRP_AUTH_LEN);
		len = VRRP_AUTH_LEN;
	}
	memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
	memcpy(vi->auth_pass, l->argv[1], len);
	return 0;
}

static const struct parse_kw auth_kws[] = {
	{ "auth_type", PARSE_LINE, kw_auth_type, NULL, NULL },
	{ "auth_pass", PARSE_LINE, kw_auth_pass, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* auth_hmac { } is keepalived 2.4's own extension: read, and left alone. */
static int kw_auth_hmac(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	parse_warn(p, l, "(%s) auth_hmac is not supported - ignoring", vi_of(obj)->name);
	return 0;
}

static int ignore_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)obj, (void)child;
	return 0;
}

/* ---- addresses, routes, rules ---- */

static int vip_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_instance *vi = kv->vi;
	struct vrrp_ipaddr *ip;

	(void)child;
	if (!kv_ipaddr(p, l, kv->m, false, &ip))
		return 0;
	if (!take_family(vi, ip->af)) {
		parse_warn(p, l, "(%s): address family must match VRRP instance [%s] - ignoring", vi->name, ip->text);
		return 0;
	}
	KV_APPEND(vi->vips, ip);
	vi->nvips++;
	return 0;
}

/* eVIPs are never advertised, so they may be of either family */
static int evip_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_ipaddr *ip;

	(void)child;
	if (kv_ipaddr(p, l, kv->m, false, &ip)) {
		KV_APPEND(kv->vi->evips, ip);
		kv->vi->nevips++;
	}
	return 0;
}

static int vroute_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_route *rt;

	(void)child;
	if (kv_route(p, l, kv->m, false, &rt))
		KV_APPEND(kv->vi->routes, rt);
	return 0;
}

static int vrule_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_rule *ru;

	(void)child;
	if (kv_rule(p, l, kv->m, false, &ru))
		KV_APPEND(kv->vi->rules, ru);
	return 0;
}

/* ---- VMAC / ipvlan ---- */

/* A MAC written aa:bb:cc:dd:ee:ff. */
static bool scan_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &end) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return true;
}

/* The kernel's rule for interface names (dev_valid_name()). */
static bool dev_name_valid(const char *name)
{
	if (!*name || strlen(name) >= VRRP_IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (; *name; name++)
		if (*name == '/' || *name == ':' || isspace((unsigned char)*name))
			return false;
	return true;
}

/* use_vmac [[name] IFNAME] [MAC] */
static int kw_use_vmac(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	vi->use_vmac = true;
	for (int i = 1; i < l->argc; i++) {
		const char *w = l->argv[i];
		uint8_t mac[6];

		if (!strcmp(w, "name") && i + 1 < l->argc)
			w = l->argv[++i];
		else if (strchr(w, ':')) {
			if (vi->has_vmac_mac)
				parse_warn(p, l, "VMAC interface address already specified");
			else if (!scan_mac(w, mac))
				parse_warn(p, l, "VMAC invalid MAC address %s - ignored", w);
			else if (mac[0] & 1)
				parse_warn(p, l, "VMAC MAC address is multicast %s - ignoring", w);
			else if (!memcmp(mac, "\x00\x00\x5e\x00", 4) && (mac[4] == 1 || mac[4] == 2))
				parse_warn(p, l, "VMAC MAC address not allowed to be RFC5798 address (%s) - ignoring", w);
			else {
				memcpy(vi->vmac_mac, mac, 6);
				vi->has_vmac_mac = true;
			}
			continue;
		}
		if (vi->vmac_ifname[0])
			parse_warn(p, l, "VMAC interface name already specified");
		else if (!dev_name_valid(w))
			parse_warn(p, l, "VMAC interface name '%s' too long or invalid characters - ignoring", w);
		else
			strcpy(vi->vmac_ifname, w);
	}
	return 0;
}

/* use_ipvlan [IFNAME] [IP[/len]] [bridge|private|vepa] */
static int kw_use_ipvlan(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance *vi = vi_of(obj);

	(void)child;
	if (vi->use_ipvlan) {
		parse_warn(p, l, "(%s) use_ipvlan already specified", vi->name);
		return 0;
	}
	vi->use_ipvlan = true;
	for (int i = 1; i < l->argc; i++) {
		const char *w = l->argv[i];
		size_t len = strcspn(w, "/");
		char addr[INET6_ADDRSTRLEN] = "";
		struct model_addr a;

		if (len < sizeof(addr))
			memcpy(addr, w, len);
		if (!strcmp(w, "bridge") || !strcmp(w, "private") || !strcmp(w, "vepa") ||
		    kw_addr(addr, &a.af, &a.addr))
			continue;
		if (!kv_ifname(vi->ipvlan_ifname, w))
			parse_warn(p, l, "(%s) IPVLAN interface name '%s' too long - ignoring", vi->name, w);
	}
	return 0;
}

/* ---- odds and ends ---- */

/* lvs_sync_daemon_interface IF: the 1.2.x way of saying global lvs_sync_daemon IF THIS */
static int kw_lvs_sync(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_instance *vi = kv->vi;
	struct model_global *g = &kv->m->global;

	(void)child;
	parse_warn(p, l, "(%s) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.", vi->name);
	parse_warn(p, l, "      %*sPlease use global lvs_sync_daemon", (int)strlen(vi->name) - 2, "");
	if (!kv_args(p, l, 1))
		return 0;
	if (g->lvs_sync.ifname[0]) {
		parse_warn(p, l, "(%s) lvs_sync_daemon_interface has already been specified as %s - ignoring", vi->name,
			   g->lvs_sync.ifname);
		return 0;
	}
	snprintf(g->lvs_sync.ifname, sizeof(g->lvs_sync.ifname), "%s", l->argv[1]);
	g->lvs_sync.instance = vi->name;
	vi->lvs_sync_daemon = true;
	return 0;
}

static const struct parse_kw instance_kws[] = {
	{ "state", PARSE_LINE, kw_state, NULL, NULL },
	{ "interface", PARSE_LINE, kw_interface, NULL, NULL },
	{ "vrf", PARSE_LINE, kw_vrf, NULL, NULL },
	{ "virtual_router_id", PARSE_LINE, kw_vrid, NULL, NULL },
	{ "priority", PARSE_LINE, kw_priority, NULL, NULL },
	{ "advert_int", PARSE_LINE, kw_advert_int, NULL, NULL },
	{ "version", PARSE_LINE, kw_version, NULL, NULL },
	{ "native_ipv6", PARSE_LINE, kw_native_ipv6, NULL, NULL },
	{ "authentication", PARSE_BLOCK, NULL, auth_kws, NULL },
	{ "auth_hmac", PARSE_ITEMS, kw_auth_hmac, NULL, ignore_item },
	{ "virtual_ipaddress", PARSE_ITEMS, NULL, NULL, vip_item },
	{ "virtual_ipaddress_excluded", PARSE_ITEMS, NULL, NULL, evip_item },
	{ "no_virtual_ipaddress", PARSE_LINE, kw_flag, NULL, NULL },
	{ "virtual_routes", PARSE_ITEMS, NULL, NULL, vroute_item },
	{ "virtual_rules", PARSE_ITEMS, NULL, NULL, vrule_item },
	{ "unicast_src_ip", PARSE_LINE, kw_src_ip, NULL, NULL },
	{ "mcast_src_ip", PARSE_LINE, kw_src_ip, NULL, NULL },
	{ "mcast_dst_ip", PARSE_LINE, kw_mcast_dst, NULL, NULL },
	{ "unicast_peer", PARSE_ITEMS, kw_unicast_peer, NULL, unicast_peer_item },
	{ "unicast_ttl", PARSE_LINE, kw_unicast_ttl, NULL, NULL },
	{ "unicast_fault_no_peer", PARSE_LINE, kw_flag, NULL, NULL },
	{ "check_unicast_src", PARSE_LINE, kw_flag, NULL, NULL },
	{ "old_unicast_checksum", PARSE_LINE, kw_old_chksum, NULL, NULL },
	{ "track_src_ip", PARSE_LINE, kw_flag, NULL, NULL },
	{ "v3_checksum_as_v2", PARSE_LINE, kw_bool_opt, NULL, NULL },
	{ "track_interface", PARSE_ITEMS, NULL, NULL, kv_track_if_item },
	{ "track_script", PARSE_ITEMS, NULL, NULL, kv_track_script_item },
	{ "track_file", PARSE_ITEMS, NULL, NULL, kv_track_file_item },
	{ "track_process", PARSE_ITEMS, NULL, NULL, kv_track_process_item },
	{ "track_bfd", PARSE_ITEMS, NULL, NULL, kv_track_bfd_item },
	{ "dont_track_primary", PARSE_LINE, kw_flag, NULL, NULL },
	{ "nopreempt", PARSE_LINE, kw_flag, NULL, NULL },
	{ "preempt", PARSE_LINE, kw_flag, NULL, NULL },
	{ "preempt_delay", PARSE_LINE, kw_preempt_delay, NULL, NULL },
	{ "accept", PARSE_LINE, kw_flag, NULL, NULL },
	{ "no_accept", PARSE_LINE, kw_flag, NULL, NULL },
	{ "skip_check_adv_addr", PARSE_LINE, kw_bool_opt, NULL, NULL },
	{ "strict_mode", PARSE_LINE, kw_bool_opt, NULL, NULL },
	{ "lower_prio_no_advert", PARSE_LINE, kw_bool_opt, NULL, NULL },
	{ "higher_prio_send_advert", PARSE_LINE, kw_bool_opt, NULL, NULL },
	{ "owner_ignore_adverts", PARSE_LINE, kw_bool_opt, NULL, NULL },
	{ "garp_master_delay", PARSE_LINE, kw_garp_secs, NULL, NULL },
	{ "garp_master_refresh", PARSE_LINE, kw_garp_secs, NULL, NULL },
	{ "garp_lower_prio_delay", PARSE_LINE, kw_garp_secs, NULL, NULL },
	{ "garp_master_repeat", PARSE_LINE, kw_garp_repeat, NULL, NULL },
	{ "garp_master_refresh_repeat", PARSE_LINE, kw_garp_repeat, NULL, NULL },
	{ "garp_lower_prio_repeat", PARSE_LINE, kw_garp_repeat, NULL, NULL },
	{ "garp_extra_if", PARSE_LINE, kw_garp_extra_if, NULL, NULL },
	{ "vmac_garp_intvl", PARSE_LINE, kw_garp_extra_if, NULL, NULL },
	{ "down_timer_adverts", PARSE_LINE, kw_number, NULL, NULL },
	{ "debug", PARSE_LINE, kw_number, NULL, NULL },
	{ "kernel_rx_buf_size", PARSE_LINE, kw_number, NULL, NULL },
	{ "timer_expired_backup", PARSE_LINE, kw_number, NULL, NULL },
	{ "notify_master", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_backup", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_fault", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_stop", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_deleted", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify_master_rx_lower_pri", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "notify", PARSE_LINE, kv_notify_kw, NULL, NULL },
	{ "smtp_alert", PARSE_LINE, kv_smtp_alert_kw, NULL, NULL },
	{ "notify_priority_changes", PARSE_LINE, kv_prio_changes_kw, NULL, NULL },
	{ "use_vmac", PARSE_LINE, kw_use_vmac, NULL, NULL },
	{ "use_vmac_addr", PARSE_LINE, kw_flag, NULL, NULL },
	{ "vmac_xmit_base", PARSE_LINE, kw_flag, NULL, NULL },
	{ "use_ipvlan", PARSE_LINE, kw_use_ipvlan, NULL, NULL },
	{ "promote_secondaries", PARSE_LINE, kw_flag, NULL, NULL },
	{ "linkbeat_use_polling", PARSE_LINE, kw_flag, NULL, NULL },
	{ "lvs_sync_daemon_interface", PARSE_LINE, kw_lvs_sync, NULL, NULL },
	{ "}", PARSE_LINE, instance_end, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- the static blocks ---- */

/* The object of a root block of items: the model, in a kv. */
static int root_items(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l;
	*child = kv_new(obj);
	return 0;
}

static int static_addr_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_ipaddr *ip;

	(void)child;
	if (kv_ipaddr(p, l, kv->m, true, &ip))
		KV_APPEND(kv->m->vrrp->static_addresses, ip);
	return 0;
}

static int static_route_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_route *rt;

	(void)child;
	if (kv_route(p, l, kv->m, true, &rt))
		KV_APPEND(kv->m->vrrp->static_routes, rt);
	return 0;
}

static int static_rule_item(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kv *kv = obj;
	struct vrrp_rule *ru;

	(void)child;
	if (kv_rule(p, l, kv->m, true, &ru))
		KV_APPEND(kv->m->vrrp->static_rules, ru);
	return 0;
}

const struct parse_kw kw_vrrp_roots[] = {
	{ "vrrp_script", PARSE_BLOCK, kv_script_root, kv_script_kws, NULL },
	{ "vrrp_sync_group", PARSE_BLOCK, kv_sync_group_root, kv_sync_group_kws, NULL },
	{ "vrrp_instance", PARSE_BLOCK, instance_root, instance_kws, NULL },
	{ "track_file", PARSE_BLOCK, kv_track_file_root, kv_track_file_kws, NULL },
	{ "vrrp_track_file", PARSE_BLOCK, kv_track_file_root, kv_track_file_kws, NULL },
	{ "vrrp_track_process", PARSE_BLOCK, kv_track_process_root, kv_track_process_kws, NULL },
	{ "bfd_instance", PARSE_BLOCK, kv_bfd_root, kv_bfd_kws, NULL },
	{ "static_ipaddress", PARSE_ITEMS, root_items, NULL, static_addr_item },
	{ "static_routes", PARSE_ITEMS, root_items, NULL, static_route_item },
	{ "static_rules", PARSE_ITEMS, root_items, NULL, static_rule_item },
	{ "track_group", PARSE_BLOCK, kv_track_group_root, kv_track_group_kws, NULL },
	{ "garp_group", PARSE_BLOCK, kv_garp_group_root, kv_garp_group_kws, NULL },
	{ "linkbeat_interfaces", PARSE_ITEMS, root_items, NULL, kv_linkbeat_item },
	{ "interface_up_down_delays", PARSE_ITEMS, root_items, NULL, kv_if_delay_item },
	{ NULL, 0, NULL, NULL, NULL },
};
