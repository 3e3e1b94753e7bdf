// SPDX-License-Identifier: GPL-2.0
/*
 * What keepalived completes once the checker side's blocks are read
 * (its block-end handlers, validate_check_config() and link_vsg_to_vs()),
 * with its warnings, then every default resolved so the engine never meets
 * MODEL_UNSET: checker, then real server, then virtual server, then the
 * checker type's default (spec 3.1).
 *
 * keepalived reports a block-end problem at the block's closing '}';
 * parse.h has no block-end hook, so these are reported here, at the
 * block's first line.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kw_check.h"

#define DEFAULT_CONNECT_TIMEOUT (5 * MODEL_SEC)

static void warn_at(struct config_diag *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void warn_at(struct config_diag *d, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	config_report(d, CONF_WARN, file, line, "%s", msg);
}

static struct model_vsg *find_group(const struct model *m, const char *name)
{
	for (struct model_vsg *g = m->groups; g; g = g->next)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

/* Does @g have fwmark entries (@fwmark) or address entries (!@fwmark)? */
static bool group_has(const struct model_vsg *g, bool fwmark)
{
	for (const struct model_vsg_entry *e = g ? g->entries : NULL; e; e = e->next)
		if (e->is_fwmark == fwmark)
			return true;
	return false;
}

/* ---- virtual_server_group ---- */

/* Is @g usable: not empty, and its fwmark entries' family can be told?
 * (An entry's missing port is the group service's: 0.) */
static bool group_usable(struct model_vsg *g, struct config_diag *d)
{
	bool v4 = false, v6 = false, bare_mark = false;

	for (struct model_vsg_entry *e = g->entries; e; e = e->next) {
		if (e->port == MODEL_UNSET)
			e->port = 0;
		v4 |= !e->is_fwmark && e->af == AF_INET;
		v6 |= !e->is_fwmark && e->af == AF_INET6;
		bare_mark |= e->is_fwmark && !e->af;
	}
	if (!g->entries) {
		warn_at(d, g->file, g->line, "virtual server group %s has no entries - removing", g->name);
		return false;
	}
	if (v4 && v6 && bare_mark) {
		warn_at(d, g->file, g->line,
			"virtual server group %s cannot have IPv4, IPv6 and fwmark without family - removing", g->name);
		return false;
	}
	return true;
}

static void validate_groups(struct model *m, struct config_diag *d)
{
	for (struct model_vsg **gp = &m->groups; *gp;) {
		if (group_usable(*gp, d))
			gp = &(*gp)->next;
		else
			*gp = (*gp)->next;
	}
}

/* ---- the checker blocks' ends ---- */

static bool link_local(const struct model_addr *a)
{
	return a->af == AF_INET6 && a->addr.b[0] == 0xfe && (a->addr.b[1] & 0xc0) == 0x80;
}

/* keepalived's cmd_str(): "'/bin/check' 'arg'". */
static const char *quoted_args(const struct model_cmd *cmd, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (int i = 0; i < cmd->argc && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s'%s'", i ? " " : "", cmd->argv[i]);
	return buf;
}

/* Is @c complete as keepalived requires at its block's end?  Reports why not. */
static bool checker_complete(const struct model *m, const struct model_rs *rs, const struct model_vs *vs,
			     struct model_check *c, struct config_diag *d)
{
	struct model_addr dst = c->connect_ip.af ? c->connect_ip : (struct model_addr){ rs->af, rs->addr };
	char name[256];

	switch (c->type) {
	case CHECK_HTTP:
	case CHECK_SSL:
		for (struct model_url **u = &c->urls; *u;) {
			if ((*u)->path) {
				u = &(*u)->next;
				continue;
			}
			warn_at(d, c->file, c->line, "HTTP/SSL_GET checker url has no path - ignoring");
			*u = (*u)->next;
		}
		if (!c->urls) {
			warn_at(d, c->file, c->line, "HTTP/SSL_GET checker has no urls specified - ignoring");
			return false;
		}
		break;
	case CHECK_MISC:
		if (!c->misc.text) {
			warn_at(d, c->file, c->line, "No script path has been specified for MISC_CHECKER - skipping");
			return false;
		}
		if (!c->misc.user && m->global.enable_script_security && !m->global.script_user &&
		    !getpwnam("keepalived_script")) {
			warn_at(d, c->file, c->line, "Unable to set default user keepalived_script for script");
			warn_at(d, c->file, c->line, "Unable to set default user for misc script %s - removing",
				quoted_args(&c->misc, name, sizeof(name)));
			return false;
		}
		return true;
	case CHECK_FILE:
		if (!c->track_name)
			warn_at(d, c->file, c->line, "FILE_CHECK has no track_file specified - ignoring");
		return c->track_name != NULL;
	case CHECK_BFD:
		if (!c->track_name)
			warn_at(d, c->file, c->line, "(%s) No name has been specified for BFD_CHECKER - skipping",
				kw_rs_name(vs, rs, name));
		return c->track_name != NULL;
	case CHECK_UDP:
		if (c->max_reply_len && c->min_reply_len > c->max_reply_len)
			warn_at(d, c->file, c->line,
				"UDP_CHECK min_reply length %d > max_reply_length %d - will always fail",
				c->min_reply_len, c->max_reply_len);
		break;
	default:
		break;
	}
	if (link_local(&dst) && !c->bind_if[0]) {
		char text[INET6_ADDRSTRLEN];

		xvs_addr_ntop(AF_INET6, &dst.addr, text, sizeof(text));
		warn_at(d, c->file, c->line, "Checker link local address %s requires a bind_if", text);
		return false;
	}
	return true;
}

static void validate_checkers(struct model *m, struct model_vs *vs, struct model_rs *rs, struct config_diag *d)
{
	for (struct model_check **cp = &rs->checks; *cp;) {
		if (checker_complete(m, rs, vs, *cp, d))
			cp = &(*cp)->next;
		else
			*cp = (*cp)->next;
	}
}

/* ---- address families ---- */

static int fwd_of(const struct model_vs *vs, const struct model_rs *rs)
{
	return rs->fwd != MODEL_UNSET ? rs->fwd : vs->fwd;
}

/* Real and sorry servers of another family than the service's (tunnelled
 * ones may differ), and the family of a fwmark or group service. */
static void validate_families(struct model_vs *vs, struct config_diag *d)
{
	char text[INET6_ADDRSTRLEN];

	for (struct model_rs **rp = &vs->rs; *rp;) {
		struct model_rs *rs = *rp;

		if (fwd_of(vs, rs) != XVS_FWD_TUNNEL && vs->af && vs->af != rs->af) {
			xvs_addr_ntop(rs->af, &rs->addr, text, sizeof(text));
			warn_at(d, rs->file, rs->line,
				"Address family of virtual server and real server %s don't match - skipping real server.",
				text);
			*rp = rs->next;
			continue;
		}
		if (fwd_of(vs, rs) != XVS_FWD_TUNNEL && !vs->af)
			vs->af = rs->af;
		rp = &rs->next;
	}
	if (vs->sorry && fwd_of(vs, vs->sorry) != XVS_FWD_TUNNEL) {
		if (!vs->af) {
			vs->af = vs->sorry->af;
		} else if (vs->af != vs->sorry->af) {
			xvs_addr_ntop(vs->sorry->af, &vs->sorry->addr, text, sizeof(text));
			warn_at(d, vs->file, vs->line,
				"Address family of virtual server and sorry server %s don't match - skipping sorry server.",
				text);
			vs->sorry = NULL;
		}
	}
}

/* A group service's family, and whether the group fits it.  Returns: false
 * when the service is to go (reported). */
static bool link_group(struct model *m, struct model_vs *vs, struct config_diag *d)
{
	const struct model_vsg *g = find_group(m, vs->group);
	bool v4 = false, v6 = false;
	char name[MODEL_NAME_LEN];

	if (!g) {
		warn_at(d, vs->file, vs->line,
			"Virtual server group %s specified but not configured - ignoring virtual server %s", vs->group,
			model_vs_name(vs, name));
		return false;
	}
	for (const struct model_vsg_entry *e = g->entries; e; e = e->next) {
		v4 |= e->af == AF_INET;
		v6 |= e->af == AF_INET6;
	}
	if (v4 && v6) {
		warn_at(d, vs->file, vs->line,
			"%s: virtual server group with IPv4 & IPv6 doesn't match virtual server %s - ignoring", g->name,
			model_vs_name(vs, name));
		return false;
	}
	if (vs->af && (v4 || v6) && vs->af != (v4 ? AF_INET : AF_INET6)) {
		warn_at(d, vs->file, vs->line, "%s: address family doesn't match virtual server %s - ignoring", g->name,
			model_vs_name(vs, name));
		return false;
	}
	if (!vs->af)
		vs->af = v6 ? AF_INET6 : AF_INET;
	return true;
}

/* ---- one virtual server, as validate_check_config() ---- */

/* Is @vs a service by address (an address, or a group with addresses)? */
static bool by_address(const struct model *m, const struct model_vs *vs)
{
	return vs->kind == VS_ADDR || (vs->kind == VS_GROUP && group_has(find_group(m, vs->group), false));
}

/* ... or by fwmark only? */
static bool by_fwmark(const struct model *m, const struct model_vs *vs)
{
	return vs->kind == VS_FWMARK || (vs->kind == VS_GROUP && !group_has(find_group(m, vs->group), false) &&
					 group_has(find_group(m, vs->group), true));
}

static void validate_service(const struct model *m, struct model_vs *vs, struct config_diag *d)
{
	const struct model_vsg *g = vs->kind == VS_GROUP ? find_group(m, vs->group) : NULL;
	char name[MODEL_NAME_LEN];

	if (vs->ha_suspend && (vs->kind == VS_FWMARK || group_has(g, true))) {
		warn_at(d, vs->file, vs->line,
			"Virtual server %s: cannot use ha_suspend with fwmarks - clearing ha_suspend",
			model_vs_name(vs, name));
		vs->ha_suspend = false;
	}
	if (by_address(m, vs)) {
		if (!vs->protocol) {
			/* IPVS takes protocol 0 as UDP: say it, and make it so */
			warn_at(d, vs->file, vs->line, "Virtual server %s: no protocol set - defaulting to UDP",
				model_vs_name(vs, name));
			vs->protocol = IPPROTO_UDP;
		}
		if ((vs->sched_flags & XVS_SVC_F_ONEPACKET) && vs->protocol != IPPROTO_UDP) {
			warn_at(d, vs->file, vs->line,
				"Virtual server %s: one packet scheduling requires UDP - resetting",
				model_vs_name(vs, name));
			vs->sched_flags &= ~(uint32_t)XVS_SVC_F_ONEPACKET;
		}
		if (!vs->persistence_timeout && vs->kind == VS_ADDR && !vs->port) {
			warn_at(d, vs->file, vs->line,
				"Virtual server %s: zero port only valid for persistent services - setting",
				model_vs_name(vs, name));
			vs->persistence_timeout = 360;
		}
	}
	for (const struct model_vsg_entry *e = g ? g->entries : NULL; e && !vs->persistence_timeout; e = e->next) {
		if (!e->is_fwmark && !e->port) {
			warn_at(d, vs->file, vs->line,
				"Virtual server %s: zero port only valid for persistent services - setting",
				model_vs_name(vs, name));
			vs->persistence_timeout = 360;
		}
	}
	if (vs->protocol && by_fwmark(m, vs)) {
		warn_at(d, vs->file, vs->line,
			"Warning: Virtual server %s: protocol specified for fwmark - protocol will be ignored",
			model_vs_name(vs, name));
		vs->protocol = 0;
	}
	if (!vs->sched[0]) {
		warn_at(d, vs->file, vs->line, "Virtual server %s: no scheduler set, setting default 'wlc'",
			model_vs_name(vs, name));
		snprintf(vs->sched, sizeof(vs->sched), "wlc");
	}
}

static bool same_server(const struct model_rs *a, const struct model_rs *b)
{
	return a->af == b->af && !memcmp(&a->addr, &b->addr, sizeof(a->addr)) && a->port == b->port;
}

/* The forwarding of @rs (a real or the sorry server) when it has none of its own. */
static void default_forwarding(struct model_vs *vs, struct model_rs *rs, struct config_diag *d)
{
	char name[MODEL_NAME_LEN];

	if (rs->fwd != MODEL_UNSET)
		return;
	if (vs->fwd == MODEL_UNSET) {
		warn_at(d, vs->file, vs->line, "Virtual server %s: no forwarding method set, setting default NAT",
			model_vs_name(vs, name));
		vs->fwd = XVS_FWD_MASQ;
	}
	rs->fwd = vs->fwd;
	rs->tun_type = vs->tun_type;
	rs->tun_port = vs->tun_port;
	rs->tun_flags = vs->tun_flags;
}

/* Duplicates, forwarding, the virtual server's defaults, and the sum of
 * the weights for the quorum. */
static uint64_t validate_real_servers(struct model_vs *vs, struct config_diag *d)
{
	char name[MODEL_NAME_LEN], rsname[MODEL_NAME_LEN];
	uint64_t sum = 0;

	for (struct model_rs **rp = &vs->rs; *rp;) {
		struct model_rs *rs = *rp;
		bool dup = false;

		for (const struct model_rs *o = vs->rs; o != rs && !dup; o = o->next)
			dup = same_server(o, rs);
		if (dup) {
			warn_at(d, rs->file, rs->line, "VS %s: real server %s is duplicated - removing second rs",
				model_vs_name(vs, name), kw_rs_name(vs, rs, rsname));
			*rp = rs->next;
			continue;
		}
		default_forwarding(vs, rs, d);
		if (rs->inhibit_on_failure == MODEL_UNSET)
			rs->inhibit_on_failure = vs->inhibit_on_failure;
		if (rs->weight == MODEL_UNSET)
			rs->weight = vs->weight != MODEL_UNSET ? vs->weight : 1;
		sum += (uint64_t)rs->weight;
		if (vs->sorry && same_server(vs->sorry, rs) &&
		    vs->sorry_server_inhibit != (bool)rs->inhibit_on_failure) {
			warn_at(d, vs->file, vs->line,
				"Virtual server %s: real server %s matches sorry server, but inhibit setting differs, %sing on sorry server",
				model_vs_name(vs, name), kw_rs_name(vs, rs, rsname),
				rs->inhibit_on_failure ? "sett" : "clear");
			vs->sorry_server_inhibit = rs->inhibit_on_failure;
		}
		rp = &rs->next;
	}
	if (vs->sorry)
		default_forwarding(vs, vs->sorry, d);
	return sum;
}

static void validate_quorum(struct model_vs *vs, uint64_t weight_sum, struct config_diag *d)
{
	char name[MODEL_NAME_LEN];

	/* a quorum above every real server's weight can never be reached */
	if (vs->quorum > weight_sum) {
		warn_at(d, vs->file, vs->line,
			"Warning - quorum %u for %s exceeds total weight of real servers %u, reducing quorum to %u",
			vs->quorum, model_vs_name(vs, name), (unsigned)weight_sum, (unsigned)weight_sum);
		vs->quorum = (uint32_t)weight_sum;
	}
	/* keepalived's quorum - 1 wraps round at quorum 0; no hysteresis then */
	if (!vs->quorum) {
		vs->hysteresis = 0;
	} else if (vs->hysteresis >= vs->quorum) {
		warn_at(d, vs->file, vs->line,
			"Virtual server %s: hysteresis %u >= quorum %u; setting hysteresis to %u",
			model_vs_name(vs, name), vs->hysteresis, vs->quorum, vs->quorum - 1);
		vs->hysteresis = vs->quorum - 1;
	}
}

/* "[10.0.0.1,80]" / "FWM 5": keepalived's FMT_VSGE. */
static const char *entry_name(const struct model_vsg_entry *e, char *buf, size_t len)
{
	char lo[INET6_ADDRSTRLEN], hi[INET6_ADDRSTRLEN];

	if (e->is_fwmark) {
		snprintf(buf, len, "FWM %u", e->fwmark);
		return buf;
	}
	xvs_addr_ntop(e->af, &e->lo, lo, sizeof(lo));
	xvs_addr_ntop(e->af, &e->hi, hi, sizeof(hi));
	if (memcmp(&e->lo, &e->hi, sizeof(e->lo)))
		snprintf(buf, len, "%s-%s,%d", lo, hi, e->port);
	else
		snprintf(buf, len, "%s,%d", lo, e->port);
	return buf;
}

/* Ports of a group service's servers: only NAT maps ports. */
static void group_ports(const struct model *m, struct model_vs *vs, struct config_diag *d)
{
	const struct model_vsg *g = find_group(m, vs->group);
	char name[MODEL_NAME_LEN], rsname[MODEL_NAME_LEN], ename[128];

	for (struct model_rs *rs = vs->rs; rs; rs = rs->next) {
		for (const struct model_vsg_entry *e = g->entries; rs->fwd != XVS_FWD_MASQ && e; e = e->next) {
			if (rs->port == MODEL_UNSET)
				continue;
			if (e->is_fwmark)
				warn_at(d, rs->file, rs->line,
					"WARNING - fwmark virtual server %s, real server %s has port specified - port will be ignored",
					model_vs_name(vs, name), kw_rs_name(vs, rs, rsname));
			else if (e->port != rs->port)
				warn_at(d, rs->file, rs->line,
					"virtual server %s:[%s] and real server %s ports don't match",
					model_vs_name(vs, name), entry_name(e, ename, sizeof(ename)),
					kw_rs_name(vs, rs, rsname));
		}
		if (rs->port == MODEL_UNSET)
			rs->port = 0;
	}
	if (vs->sorry && vs->sorry->fwd != XVS_FWD_MASQ && vs->sorry->port != MODEL_UNSET)
		warn_at(d, vs->file, vs->line,
			"WARNING - %svirtual server %s, sorry server has port specified - port will be ignored",
			group_has(g, true) ? "fwmark " : "", model_vs_name(vs, name));
	if (vs->sorry && vs->sorry->port == MODEL_UNSET)
		vs->sorry->port = 0;
}

/* @rs's port under a service by address or fwmark: only NAT maps ports. */
static void server_port(struct model_vs *vs, struct model_rs *rs, bool sorry, struct config_diag *d)
{
	char name[MODEL_NAME_LEN], rsname[MODEL_NAME_LEN];
	int want = vs->kind == VS_FWMARK ? 0 : vs->port;

	if (rs->fwd == XVS_FWD_MASQ || rs->port == MODEL_UNSET || rs->port == want) {
		if (rs->port == MODEL_UNSET)
			rs->port = want;
		return;
	}
	model_vs_name(vs, name);
	kw_rs_name(vs, rs, rsname);
	if (sorry && vs->kind == VS_FWMARK)
		warn_at(d, vs->file, vs->line,
			"WARNING - virtual server %s, sorry server has port specified - clearing", name);
	else if (sorry)
		warn_at(d, vs->file, vs->line,
			"WARNING - virtual server %s and sorry server ports don't match - resetting", name);
	else if (vs->kind == VS_FWMARK)
		warn_at(d, rs->file, rs->line,
			"WARNING - fwmark virtual server %s, real server %s has port specified - clearing", name,
			rsname);
	else
		warn_at(d, rs->file, rs->line,
			"WARNING - virtual server %s and real server %s ports don't match - resetting", name, rsname);
	rs->port = want;
}

static void validate_ports(const struct model *m, struct model_vs *vs, struct config_diag *d)
{
	if (vs->kind == VS_GROUP) {
		group_ports(m, vs, d);
		return;
	}
	for (struct model_rs *rs = vs->rs; rs; rs = rs->next)
		server_port(vs, rs, false, d);
	if (vs->sorry)
		server_port(vs, vs->sorry, true, d);
}

/* ---- defaults: checker, real server, virtual server, checker type ---- */

static int64_t first_set(int64_t a, int64_t b)
{
	return a != MODEL_UNSET ? a : b;
}

static void resolve_checker(const struct model *m, const struct model_vs *vs, const struct model_rs *rs,
			    struct model_check *c)
{
	int64_t type_retry = c->type == CHECK_MISC ? 0 : c->type == CHECK_DNS ? 3 : 1;
	int64_t type_dbr = (c->type == CHECK_HTTP || c->type == CHECK_SSL) ? 3 * MODEL_SEC : MODEL_SEC;

	if (c->alpha == MODEL_UNSET)
		c->alpha = rs->alpha != MODEL_UNSET ? rs->alpha : vs->alpha;
	c->retry = (int)first_set(c->retry, first_set(rs->retry, first_set(vs->retry, type_retry)));
	c->connect_timeout_us =
		first_set(c->connect_timeout_us, first_set(rs->connect_timeout_us,
							   first_set(vs->connect_timeout_us, DEFAULT_CONNECT_TIMEOUT)));
	c->delay_loop_us = first_set(c->delay_loop_us, first_set(rs->delay_loop_us, vs->delay_loop_us));
	c->warmup_us = first_set(c->warmup_us, first_set(rs->warmup_us, first_set(vs->warmup_us, c->delay_loop_us)));
	/* DNS_CHECK has no default of its own: its delay_loop */
	if (c->type == CHECK_DNS)
		type_dbr = c->delay_loop_us;
	c->delay_before_retry_us =
		first_set(c->delay_before_retry_us,
			  first_set(rs->delay_before_retry_us, first_set(vs->delay_before_retry_us, type_dbr)));
	/* keepalived times a script out after the service's delay_loop */
	c->misc_timeout_us = first_set(c->misc_timeout_us, vs->delay_loop_us);
	if (c->connect_port == MODEL_UNSET)
		c->connect_port = rs->port;
	c->log_all_failures |= m->global.checker_log_all_failures;
}

/* A real (or sorry) server's own fields, once its checkers have taken theirs. */
static void resolve_server(const struct model_vs *vs, struct model_rs *rs)
{
	if (rs->alpha == MODEL_UNSET)
		rs->alpha = vs->alpha;
	if (rs->inhibit_on_failure == MODEL_UNSET)
		rs->inhibit_on_failure = vs->inhibit_on_failure;
	rs->retry = (int)first_set(rs->retry, first_set(vs->retry, 1));
	rs->connect_timeout_us =
		first_set(rs->connect_timeout_us, first_set(vs->connect_timeout_us, DEFAULT_CONNECT_TIMEOUT));
	rs->delay_loop_us = first_set(rs->delay_loop_us, vs->delay_loop_us);
	rs->warmup_us = first_set(rs->warmup_us, first_set(vs->warmup_us, rs->delay_loop_us));
	rs->delay_before_retry_us =
		first_set(rs->delay_before_retry_us, first_set(vs->delay_before_retry_us, MODEL_SEC));
	if (rs->weight == MODEL_UNSET)
		rs->weight = 1;
	if (rs->port == MODEL_UNSET)
		rs->port = vs->port;
}

static void resolve_service(const struct model *m, struct model_vs *vs)
{
	for (struct model_rs *rs = vs->rs; rs; rs = rs->next) {
		for (struct model_check *c = rs->checks; c; c = c->next)
			resolve_checker(m, vs, rs, c);
		resolve_server(vs, rs);
	}
	if (vs->sorry) {
		vs->sorry->inhibit_on_failure = vs->sorry_server_inhibit;
		resolve_server(vs, vs->sorry);
	}
	/* every server has a method of its own: keepalived leaves the
	 * service's unset and says nothing */
	if (vs->fwd == MODEL_UNSET)
		vs->fwd = XVS_FWD_MASQ;
	vs->retry = (int)first_set(vs->retry, 1);
	vs->connect_timeout_us = first_set(vs->connect_timeout_us, DEFAULT_CONNECT_TIMEOUT);
	vs->warmup_us = first_set(vs->warmup_us, vs->delay_loop_us);
	vs->delay_before_retry_us = first_set(vs->delay_before_retry_us, MODEL_SEC);
	vs->weight = first_set(vs->weight, 1);
}

/* ---- all of it ---- */

/* Is @vs one to keep, after its servers' checks?  Reports why not. */
static bool validate_vs(struct model *m, struct model_vs *vs, struct config_diag *d)
{
	char name[MODEL_NAME_LEN];

	for (struct model_rs *rs = vs->rs; rs; rs = rs->next)
		validate_checkers(m, vs, rs, d);
	validate_families(vs, d);
	if (vs->kind == VS_GROUP && !link_group(m, vs, d))
		return false;
	if (!vs->af)
		vs->af = AF_INET; /* fwmark with tunnelled servers only */
	if (!vs->rs) {
		warn_at(d, vs->file, vs->line, "Virtual server %s has no real servers - ignoring",
			model_vs_name(vs, name));
		return false;
	}
	validate_service(m, vs, d);
	validate_quorum(vs, validate_real_servers(vs, d), d);
	validate_ports(m, vs, d);
	resolve_service(m, vs);
	return true;
}

void check_validate(struct model *m, struct config_diag *d)
{
	validate_groups(m, d);
	for (struct model_vs **vp = &m->vs; *vp;) {
		if (validate_vs(m, *vp, d))
			vp = &(*vp)->next;
		else
			*vp = (*vp)->next;
	}
}
