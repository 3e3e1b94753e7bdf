// SPDX-License-Identifier: GPL-2.0
/*
 * The address, route and rule lines of the VRRP side (kw_vrrp.h):
 * virtual_ipaddress, virtual_ipaddress_excluded, static_ipaddress,
 * virtual_routes, static_routes, virtual_rules, static_rules.
 *
 * Addresses are parsed whole, because the VRRP engine adds them and
 * advertises them.  Routes and rules are `ip route` / `ip rule` syntax
 * that xvsd passes on as words; they are walked only as far as keepalived
 * looks at them when reading (interfaces, families, tracking, the rule
 * preference it makes up), so that the same lines draw the same reports
 * (keepalived's alloc_ipaddress(), alloc_route(), alloc_rule()).
 */
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kw_vrrp.h"

/* rt_scopes names as iproute2 and keepalived know them. */
static bool scope_value(const char *s, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t value;
	} names[] = {
		{ "global", 0 }, { "universe", 0 }, { "site", 200 }, { "link", 253 }, { "host", 254 }, { "nowhere", 255 },
	};
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i].name)) {
			*out = names[i].value;
			return true;
		}
	}
	v = strtol(s, &end, 0);
	if (!*s || *end || v < 0 || v > 255)
		return false;
	*out = (uint8_t)v;
	return true;
}

/*
 * An address word IP[/len] into @ip (family, address, prefix); the
 * prefix only when @allow_prefix.  Returns: false after keepalived's
 * "invalid IP" report.
 */
static bool parse_ip(struct parse *p, const struct conf_line *l, const char *s, bool allow_prefix,
		     struct vrrp_ipaddr *ip)
{
	const char *slash = allow_prefix ? strchr(s, '/') : NULL;
	char word[INET6_ADDRSTRLEN + 8];
	struct model_addr a;

	ip->af = strchr(s, ':') ? AF_INET6 : AF_INET;
	ip->prefix = ip->af == AF_INET6 ? 128 : 32;
	snprintf(word, sizeof(word), "%.*s", slash ? (int)(slash - s) : (int)strlen(s), s);
	if (slash) {
		int len;

		/* keepalived reads the length as a number of its own, with that report */
		if (kv_int(p, l, slash + 1, 0, ip->prefix, &len))
			ip->prefix = (uint8_t)len;
		else
			parse_warn(p, l, "Invalid address prefix len %s for address %s - using %d", slash + 1, s,
				   ip->prefix);
	}
	if (!kw_addr(word, &a.af, &a.addr) || a.af != ip->af) {
		parse_warn(p, l, "VRRP parsed invalid IP %s. skipping IP...", s);
		return false;
	}
	ip->addr = a.addr;
	return true;
}

/* brd '+' / '-': the subnet's broadcast or network address. */
static void set_brd(struct parse *p, const struct conf_line *l, struct vrrp_ipaddr *ip, int brd_kind)
{
	uint32_t base, mask;

	if (ip->prefix > 30) {
		parse_warn(p, l, "Address prefix length %d too long for broadcast", ip->prefix);
		return;
	}
	base = ntohl(ip->has_peer ? ip->peer.w[3] : ip->addr.w[3]);
	mask = ip->prefix ? 0xffffffffu >> ip->prefix : 0xffffffffu;
	base = brd_kind > 0 ? base | mask : base & ~mask;
	ip->brd = ip->addr;
	ip->brd.w[3] = htonl(base);
	ip->has_brd = true;
}

/* The peer option: one only, of the address's family, and it takes the prefix. */
static void set_peer(struct parse *p, const struct conf_line *l, const char *s, struct vrrp_ipaddr *ip)
{
	struct vrrp_ipaddr peer = { 0 };

	if (ip->has_peer) {
		parse_warn(p, l, "Peer %s - another peer has already been specified", s);
		return;
	}
	if (!parse_ip(p, l, s, false, &peer)) {
		parse_warn(p, l, "Invalid peer address %s", s);
		return;
	}
	if (peer.af != ip->af) {
		parse_warn(p, l, "Peer address %s does not match address family", s);
		return;
	}
	if (ip->prefix != (ip->af == AF_INET6 ? 128 : 32))
		parse_warn(p, l, "Cannot specify address prefix when specifying peer address - ignoring");
	ip->has_peer = true;
	ip->prefix = peer.prefix;
	ip->peer = peer.addr;
}

static bool find_track_group(struct model *m, const char *name)
{
	for (struct vrrp_track_group *tg = kv_vrrp(m)->track_groups; tg; tg = tg->next)
		if (!strcmp(tg->name, name))
			return true;
	return false;
}

/* The flag words of an address line. Returns: false when @w is none of them. */
static bool addr_flag(const char *w, struct vrrp_ipaddr *ip)
{
	static const struct {
		const char *word;
		uint32_t flag;
		bool set;
	} flags[] = {
		{ "home", IFA_F_HOMEADDRESS, true },	   { "-nodad", IFA_F_NODAD, false },
		{ "mngtmpaddr", IFA_F_MANAGETEMPADDR, true }, { "noprefixroute", IFA_F_NOPREFIXROUTE, true },
		{ "autojoin", IFA_F_MCAUTOJOIN, true },
	};

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (!strcmp(w, flags[i].word)) {
			if (flags[i].set)
				ip->ifa_flags |= flags[i].flag;
			ip->ifa_flagmask |= flags[i].flag;
			return true;
		}
	}
	if (!strcmp(w, "no_track")) {
		ip->no_track = true;
		return true;
	}
	return false;
}

/*
 * One option with its value (@v) of an address line.  Returns: 1 taken,
 * 0 not such an option, -1 the address must be dropped (reported).
 */
static int addr_option(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, const char *w,
		       const char *v, struct vrrp_ipaddr *ip, int *brd_kind, bool *lft_set)
{
	if (!strcmp(w, "dev")) {
		if (ip->dev[0]) {
			parse_warn(p, l, "Cannot specify ipaddress device more than once for %s", ip->text);
			return -1;
		}
		if (!kv_if_exists(m, v) || !kv_ifname(ip->dev, v)) {
			parse_warn(p, l, "WARNING - interface %s for ip address %s doesn't exist", v, ip->text);
			return -1;
		}
	} else if (!strcmp(w, "scope")) {
		if (!scope_value(v, &ip->scope))
			parse_warn(p, l, "Invalid scope '%s' specified for %s - ignoring", v, ip->text);
	} else if (!strcmp(w, "broadcast") || !strcmp(w, "brd")) {
		if (ip->af == AF_INET6) {
			parse_warn(p, l, "VRRP is trying to assign a broadcast %s to the IPv6 address %s !!?? WTF... skipping VIP...",
				   w, ip->text);
			return -1;
		}
		*brd_kind = !strcmp(v, "+") ? 1 : !strcmp(v, "-") ? -1 : 0;
		if (!*brd_kind && inet_pton(AF_INET, v, &ip->brd.w[3]) != 1) {
			parse_warn(p, l, "VRRP is trying to assign invalid broadcast %s. skipping VIP...", v);
			return -1;
		}
		ip->brd.h[5] = 0xffff;
		ip->has_brd = true;
	} else if (!strcmp(w, "label")) {
		if (!kv_ifname(ip->label, v)) {
			parse_warn(p, l, "Address label %s is longer than maximum length %d - removing address", v,
				   VRRP_IFNAMSIZ - 1);
			return -1;
		}
	} else if (!strcmp(w, "peer")) {
		set_peer(p, l, v, ip);
	} else if (!strcmp(w, "preferred_lft")) {
		int64_t lft;

		if (!strcmp(v, "forever")) {
			ip->preferred_lft = VRRP_LFT_FOREVER;
			*lft_set = true;
		} else {
			if (kv_num(p, l, v, 0, 0, UINT32_MAX, &lft)) {
				ip->preferred_lft = (uint32_t)lft;
				*lft_set = true;
			} else {
				parse_warn(p, l, "preferred_lft %s is invalid", v);
			}
		}
	} else if (is_static && !strcmp(w, "track_group")) {
		if (ip->track_group)
			parse_warn(p, l, "track_group %s is a duplicate", v);
		else if (!find_track_group(m, v))
			parse_warn(p, l, "track_group %s not found", v);
		else
			ip->track_group = model_strdup(m, v);
	} else {
		return 0;
	}
	return 1;
}

/* What keepalived fixes up once an address line is read. Returns: false to drop it. */
static bool addr_finish(struct parse *p, const struct conf_line *l, struct model *m, bool is_static,
			struct vrrp_ipaddr *ip, int brd_kind, bool lft_set)
{
	if (ip->has_brd && ip->has_peer) {
		parse_warn(p, l, "Cannot specify broadcast and peer addresses - ignoring broadcast address");
		ip->has_brd = false;
	} else if (brd_kind) {
		ip->has_brd = false;
		set_brd(p, l, ip, brd_kind);
	}
	if (is_static && !ip->dev[0]) {
		const char *def = m->global.default_interface;

		if (!m->global.dynamic_interfaces && !config_if_exists(def)) {
			parse_error(p, l, "Static address %s requires either an interface or default interface must exist",
				    ip->text);
			return false;
		}
		snprintf(ip->dev, sizeof(ip->dev), "%s", def);
	}
	if (ip->af == AF_INET6) {
		if (ip->scope) {
			parse_warn(p, l, "Cannot specify scope for IPv6 addresses (%s) - ignoring scope", ip->text);
			ip->scope = 0;
		}
		if (ip->label[0]) {
			parse_warn(p, l, "Cannot specify label for IPv6 addresses (%s) - ignoring label", ip->text);
			ip->label[0] = 0;
		}
		/* a /128 VIP is deprecated, so that it is never a source address */
		if (!lft_set)
			ip->preferred_lft = ip->prefix == 128 ? 0 : VRRP_LFT_FOREVER;
	}
	if (ip->track_group && !ip->dev[0]) {
		parse_warn(p, l, "Static route cannot have track_group if interface not specified");
		ip->track_group = NULL;
	}
	return true;
}

bool kv_ipaddr(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, struct vrrp_ipaddr **out)
{
	struct vrrp_ipaddr *ip = model_alloc(m, sizeof(*ip));
	bool lft_set = false;
	int brd_kind = 0;
	int i;

	ip->file = kv_file(m, l->file);
	ip->line = l->line;
	ip->text = model_strdup(m, l->argv[0]);
	if (!parse_ip(p, l, l->argv[0], true, ip))
		return false;
	for (i = 1; i < l->argc; i++) {
		const char *w = l->argv[i];
		int rc;

		if (addr_flag(w, ip))
			continue;
		if (!is_static && !strcmp(w, "use_vmac")) {
			ip->use_vmac = true;
			continue;
		}
		if (i + 1 >= l->argc) {
			static const char *const with_value[] = { "dev", "scope", "broadcast", "brd", "label",
								  "peer", "preferred_lft", "track_group" };

			for (size_t k = 0; k < sizeof(with_value) / sizeof(with_value[0]); k++) {
				if (!strcmp(w, with_value[k])) {
					parse_warn(p, l, "No %s parameter specified for %s", w, ip->text);
					return false;
				}
			}
			rc = 0;
		} else {
			rc = addr_option(p, l, m, is_static, w, l->argv[i + 1], ip, &brd_kind, &lft_set);
		}
		if (rc < 0)
			return false;
		if (rc)
			i++;
		else
			parse_warn(p, l, "Unknown configuration entry '%s' for ip address - ignoring", w);
	}
	if (!addr_finish(p, l, m, is_static, ip, brd_kind, lft_set))
		return false;
	*out = ip;
	return true;
}

/*
 * The line's words, kept for the kernel.
 */
static char **copy_words(struct model *m, const struct conf_line *l)
{
	char **argv = model_alloc(m, (l->argc + 1) * sizeof(char *));

	for (int i = 0; i < l->argc; i++)
		argv[i] = model_strdup(m, l->argv[i]);
	return argv;
}

/* Take the family of address @s for a route or rule; false on a mix (reported). */
static bool route_family(struct parse *p, const struct conf_line *l, int *af, int addr_af, const char *what)
{
	if (*af && addr_af && *af != addr_af) {
		parse_warn(p, l, "%s", what);
		return false;
	}
	if (!*af)
		*af = addr_af;
	return true;
}

/* A route or rule destination word: default/any/all, default6, or IP[/len]. */
static bool route_addr(struct parse *p, const struct conf_line *l, const char *s, int *af)
{
	struct vrrp_ipaddr ip = { 0 };

	if (!strcmp(s, "default") || !strcmp(s, "any") || !strcmp(s, "all"))
		return true;
	if (!strcmp(s, "default6")) {
		parse_warn(p, l, "'default6' is deprecated - please replace with 'inet6 default'");
		*af = AF_INET6;
		return true;
	}
	if (!parse_ip(p, l, s, true, &ip))
		return false;
	return route_family(p, l, af, ip.af, "Cannot mix IPv4 and IPv6 addresses for route");
}

/* A plain address (via, src): family checked. */
static bool route_host(struct parse *p, const struct conf_line *l, const char *s, int *af, const char *bad)
{
	struct model_addr a;

	if (!kw_addr(s, &a.af, &a.addr)) {
		parse_warn(p, l, "VRRP parsed invalid IP %s. skipping IP...", s);
		parse_warn(p, l, bad, s);
		return false;
	}
	return route_family(p, l, af, a.af, "Cannot mix IPv4 and IPv6 addresses for route");
}

static bool in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return true;
	return false;
}

static const char *const rtn_types[] = { "unicast", "local", "broadcast", "multicast", "throw", "unreachable",
					 "prohibit", "blackhole", "nat", "anycast", NULL };

/* Route keywords with one value, and those whose value may follow "lock". */
static const char *const route_one[] = { "tos", "dsfield", "table", "protocol", "scope", "metric", "priority",
					 "preference", "expires", "hoplimit", "window", "initcwnd", "initrwnd",
					 "features", "quickack", "pref", "ttl-propagate", "fastopen_no_cookie",
					 "realms", "from", NULL };
static const char *const route_lock[] = { "mtu", "advmss", "rtt", "rttvar", "reordering", "cwnd", "ssthresh",
					  "rto_min", "congctl", NULL };

/* Does route keyword @w take a value (the word after it)? */
static bool route_takes_value(const char *w, bool is_static)
{
	static const char *const with_value[] = { "via", "gw", "or", "src", "dev", "oif", "as", "encap", NULL };

	return in_list(w, with_value) || in_list(w, route_one) || in_list(w, route_lock) ||
	       (is_static && !strcmp(w, "track_group"));
}

/*
 * The nexthop part of a route, from word @i: each `nexthop` with its
 * via, dev, weight, onlink, realms.  A missing interface drops that hop
 * only, as keepalived's parse_nexthops() does.
 */
static bool route_nexthops(struct parse *p, const struct conf_line *l, struct model *m, int i, int *af)
{
	while (i < l->argc && !strcmp(l->argv[i], "nexthop")) {
		for (i++; i < l->argc && strcmp(l->argv[i], "nexthop"); i++) {
			const char *w = l->argv[i];

			if (!strcmp(w, "onlink"))
				continue;
			if (!kv_args(p, l, i + 1))
				return false;
			if (!strcmp(w, "via")) {
				if (!strcmp(l->argv[i + 1], "inet") || !strcmp(l->argv[i + 1], "inet6"))
					i++;
				if (i + 1 >= l->argc || !route_host(p, l, l->argv[i + 1], af, "invalid nexthop address %s"))
					return true;
			} else if (!strcmp(w, "dev")) {
				if (!kv_if_exists(m, l->argv[i + 1])) {
					parse_warn(p, l, "WARNING - interface %s for VROUTE nexthop doesn't exist",
						   l->argv[i + 1]);
					return true;
				}
			} else if (strcmp(w, "weight") && strcmp(w, "realms")) {
				parse_warn(p, l, "Route has trailing nonsense after nexthops - %s", w);
				return true;
			}
			i++;
		}
	}
	if (i < l->argc)
		parse_warn(p, l, "Route has trailing nonsense after nexthops - %s", l->argv[i]);
	return true;
}

/*
 * One word of a route line at *@i (moved past its values).  Returns: 1
 * taken, 0 the nexthops start, -1 the route is dropped (reported).
 */
static int route_word(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, int *i,
		      struct vrrp_route *rt)
{
	const char *w = l->argv[*i];

	if (!strcmp(w, "inet") || !strcmp(w, "inet6"))
		return route_family(p, l, &rt->af, w[4] ? AF_INET6 : AF_INET, "inet6 specified for IPv4 route") ? 1 : -1;
	if (!strcmp(w, "onlink"))
		return 1;
	if (!strcmp(w, "no_track")) {
		rt->no_track = true;
		return 1;
	}
	if (!strcmp(w, "nexthop"))
		return 0;
	if (route_takes_value(w, is_static) && !kv_args(p, l, *i + 1))
		return -1;
	if (!strcmp(w, "via") || !strcmp(w, "gw")) {
		/* "gw" is keepalived's own old word */
		if (w[0] == 'g')
			parse_warn(p, l, "\"gw\" for routes is deprecated. Please use \"via\"");
		if (!strcmp(l->argv[*i + 1], "inet") || !strcmp(l->argv[*i + 1], "inet6"))
			++*i;
		if (!kv_args(p, l, *i + 1) || !route_host(p, l, l->argv[++*i], &rt->af, "invalid route via address %s"))
			return -1;
	} else if (!strcmp(w, "or")) {
		parse_warn(p, l, "\"or\" for routes is deprecated. Please use \"nexthop\"");
		if (!route_host(p, l, l->argv[++*i], &rt->af, "Invalid \"or\" address %s"))
			return -1;
	} else if (!strcmp(w, "src")) {
		if (!route_host(p, l, l->argv[++*i], &rt->af, "invalid route src address %s"))
			return -1;
	} else if (!strcmp(w, "dev") || !strcmp(w, "oif")) {
		w = l->argv[++*i];
		if (!kv_if_exists(m, w) || !kv_ifname(rt->oif, w)) {
			parse_warn(p, l, "WARNING - interface %s for VROUTE nexthop doesn't exist", w);
			return -1;
		}
	} else if (is_static && !strcmp(w, "track_group")) {
		w = l->argv[++*i];
		if (rt->track_group)
			parse_warn(p, l, "track_group %s is a duplicate", w);
		else if (!find_track_group(m, w))
			parse_warn(p, l, "track_group %s not found", w);
		else
			rt->track_group = model_strdup(m, w);
	} else if (in_list(w, route_one)) {
		++*i;
	} else if (in_list(w, route_lock)) {
		if (!strcmp(l->argv[++*i], "lock") && !kv_args(p, l, ++*i))
			return -1;
	} else if (!strcmp(w, "as")) {
		if (!strcmp(l->argv[++*i], "to") && !kv_args(p, l, ++*i))
			return -1;
	} else if (!strcmp(w, "encap")) {
		/* encap TYPE then its KEY VALUE pairs */
		for (++*i; *i + 2 < l->argc && in_list(l->argv[*i + 1], (const char *const[]){ "id", "dst", "src", "tos",
			   "tc", "ttl", "hoplimit", "csum-mode", NULL }); *i += 2)
			;
		if (!strcmp(l->argv[*i], "mpls") && *i + 1 < l->argc)
			++*i;
	} else {
		if (!strcmp(w, "to")) {
			if (!kv_args(p, l, *i + 1))
				return -1;
			w = l->argv[++*i];
		}
		if (in_list(w, rtn_types)) {
			if (!kv_args(p, l, *i + 1))
				return -1;
			w = l->argv[++*i];
		}
		if (!route_addr(p, l, w, &rt->af)) {
			parse_warn(p, l, "unknown route keyword %s", w);
			return -1;
		}
		rt->dst = model_strdup(m, w);
	}
	return 1;
}

bool kv_route(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, struct vrrp_route **out)
{
	struct vrrp_route *rt = model_alloc(m, sizeof(*rt));
	int i;

	rt->file = kv_file(m, l->file);
	rt->line = l->line;
	for (i = 0; i < l->argc; i++) {
		int rc = route_word(p, l, m, is_static, &i, rt);

		if (rc < 0)
			return false;
		if (!rc) {
			if (!route_nexthops(p, l, m, i, &rt->af))
				return false;
			break;
		}
	}
	if (!rt->dst) {
		parse_warn(p, l, "Route must have a destination");
		return false;
	}
	/* keepalived follows a route through its interface only */
	if (!rt->no_track && !rt->oif[0]) {
		parse_warn(p, l, "Warning - cannot track route %s with no interface specified, not tracking", rt->dst);
		rt->no_track = true;
	}
	if (rt->track_group && !rt->oif[0]) {
		parse_warn(p, l, "Static route cannot have track group if no oif specified");
		rt->track_group = NULL;
	}
	if (!rt->af)
		rt->af = AF_INET;
	rt->argc = l->argc;
	rt->argv = copy_words(m, l);
	*out = rt;
	return true;
}

/* Rule keywords with one value, checked no further. */
static const char *const rule_one[] = { "tos", "dsfield", "fwmark", "realms", "suppress_prefixlength", "sup_pl",
					"suppress_ifgroup", "sup_group", "tunnel-id", "uidrange", "protocol",
					"ipproto", "sport", "dport", NULL };

struct rule_state {
	int action;          /* 0 none, 1 table, 2 another */
	bool goto_action;
};

/* Does rule keyword @w take a value? */
static bool rule_takes_value(const char *w, bool is_static)
{
	static const char *const with_value[] = { "from", "to", "table", "lookup", "preference", "order", "priority",
						  "dev", "iif", "oif", "type", "goto", NULL };

	return in_list(w, with_value) || in_list(w, rule_one) || (is_static && !strcmp(w, "track_group"));
}

/* A rule's one action (table, goto, nop, l3mdev, blackhole ...). */
static bool rule_action(struct parse *p, const struct conf_line *l, struct rule_state *st, int action)
{
	if (st->action) {
		parse_warn(p, l, "Cannot specify more than one of table/nop/goto/blackhole/prohibit/unreachable/l3mdev for rule");
		return false;
	}
	st->action = action;
	return true;
}

/* One rule word at *@i.  Returns: false when the rule is dropped (reported). */
static bool rule_word(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, int *i,
		      struct vrrp_rule *ru, struct rule_state *st)
{
	const char *w = l->argv[*i];
	int64_t v;

	if (!strcmp(w, "not"))
		return true;
	if (!strcmp(w, "no_track")) {
		ru->no_track = true;
		return true;
	}
	if (!strcmp(w, "inet") || !strcmp(w, "inet6"))
		return route_family(p, l, &ru->af, w[4] ? AF_INET6 : AF_INET, "rule specification has mixed IPv4 and IPv6");
	if (!strcmp(w, "l3mdev") || !strcmp(w, "nop") || !strcmp(w, "blackhole") || !strcmp(w, "unreachable") ||
	    !strcmp(w, "prohibit"))
		return rule_action(p, l, st, 2);
	if (rule_takes_value(w, is_static) && !kv_args(p, l, *i + 1))
		return false;
	if (!strcmp(w, "from") || !strcmp(w, "to")) {
		int af = 0;

		if (!route_addr(p, l, l->argv[++*i], &af)) {
			parse_warn(p, l, "Invalid rule %s address %s", w, l->argv[*i]);
			return false;
		}
		return route_family(p, l, &ru->af, af, "rule specification has mixed IPv4 and IPv6");
	}
	if (!strcmp(w, "table") || !strcmp(w, "lookup")) {
		if (!strcmp(l->argv[++*i], "0")) {
			parse_warn(p, l, "Table 0 is not valid");
			return false;
		}
		return rule_action(p, l, st, 1);
	}
	if (!strcmp(w, "preference") || !strcmp(w, "order") || !strcmp(w, "priority")) {
		if (!kv_num(p, l, l->argv[++*i], 0, 0, UINT32_MAX, &v)) {
			parse_warn(p, l, "Invalid rule preference %s specified", w);
			return false;
		}
		ru->preference = (uint32_t)v;
		ru->preference_set = true;
		return true;
	}
	if (!strcmp(w, "dev") || !strcmp(w, "iif") || !strcmp(w, "oif")) {
		const char *name = l->argv[++*i];

		if (!kv_if_exists(m, name) || !kv_ifname(w[0] == 'o' ? ru->oif : ru->iif, name)) {
			parse_warn(p, l, "WARNING - interface %s for rule doesn't exist", name);
			return false;
		}
		return true;
	}
	if (is_static && !strcmp(w, "track_group")) {
		w = l->argv[++*i];
		if (ru->track_group)
			parse_warn(p, l, "track_group %s is a duplicate", w);
		else if (!find_track_group(m, w))
			parse_warn(p, l, "track_group %s not found", w);
		else
			ru->track_group = model_strdup(m, w);
		return true;
	}
	if (in_list(w, rule_one)) {
		++*i;
		return true;
	}
	if (!strcmp(w, "type"))
		w = l->argv[++*i];
	if (!strcmp(w, "goto")) {
		if (!kv_args(p, l, *i + 1))
			return false;
		++*i;
		st->goto_action = true;
	} else if (!strcmp(w, "blackhole") || !strcmp(w, "unreachable") || !strcmp(w, "prohibit")) {
		/* an action */
	} else if (in_list(w, rtn_types)) {
		parse_warn(p, l, "Invalid rule action %s", w);
		return false;
	} else {
		parse_warn(p, l, "Unknown rule option %s", w);
		return false;
	}
	return rule_action(p, l, st, 2);
}

bool kv_rule(struct parse *p, const struct conf_line *l, struct model *m, bool is_static, struct vrrp_rule **out)
{
	struct vrrp_rule *ru = model_alloc(m, sizeof(*ru));
	struct model_vrrp *v = kv_vrrp(m);
	struct rule_state st = { 0 };

	ru->file = kv_file(m, l->file);
	ru->line = l->line;
	for (int i = 0; i < l->argc; i++)
		if (!rule_word(p, l, m, is_static, &i, ru, &st))
			return false;
	if (st.goto_action && !ru->preference_set) {
		parse_warn(p, l, "Invalid rule - goto target specified without preference");
		return false;
	}
	if (!st.action) {
		parse_warn(p, l, "No action specified for rule - ignoring");
		return false;
	}
	if (ru->track_group && !ru->iif[0]) {
		parse_warn(p, l, "Static rule cannot have track_group if dev/iif not specified");
		ru->track_group = NULL;
	}
	if (!ru->af)
		ru->af = AF_INET;
	/* keepalived makes one up, counting down per family */
	if (!ru->preference_set) {
		ru->preference = ru->af == AF_INET ? v->next_rule_pref4-- : v->next_rule_pref6--;
		parse_warn(p, l, "Rule has no preference specified - setting to %u. This is probably not what you want.",
			   ru->preference);
	}
	ru->argc = l->argc;
	ru->argv = copy_words(m, l);
	*out = ru;
	return true;
}
