// SPDX-License-Identifier: GPL-2.0
/*
 * global_defs (spec 1.5) and the root keywords that belong to neither
 * side (spec 1.4).  What struct model_global holds is stored, with
 * keepalived's checks and words; the rest is accepted and ignored: in
 * silence where keepalived 2.2.7 accepts it too, with a word where it does
 * not (keywords of later keepalived, legacy names), so that nothing an
 * operator wrote disappears without a trace.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kw_check.h"

int kw_global_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l;
	*child = kw_ctx_new(obj, NULL);
	return 0;
}

static struct model_global *global(void *obj)
{
	return &((struct kw_ctx *)obj)->m->global;
}

/* ---- mail ---- */

static int router_id(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	/* lvs_id: keepalived 1.x's name, unknown to 2.x (spec 4.1) */
	if (!strcmp(l->argv[0], "lvs_id"))
		parse_warn(p, l, "lvs_id is deprecated - please use 'router_id'");
	if (l->argc < 2)
		parse_error(p, l, "routerid name missing - ignoring");
	else
		c->m->global.router_id = model_strdup(c->m, l->argv[1]);
	return 0;
}

static int email(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	char **old = c->m->global.notification_email, **list;
	size_t n = 0;

	(void)p, (void)child;
	while (old && old[n])
		n++;
	list = model_alloc(c->m, (n + 2) * sizeof(*list));
	if (n)
		memcpy(list, old, n * sizeof(*list));
	list[n] = model_strdup(c->m, l->argv[0]);
	c->m->global.notification_email = list;
	return 0;
}

static int email_from(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	if (l->argc < 2)
		parse_error(p, l, "emailfrom missing - ignoring");
	else
		c->m->global.notification_email_from = model_strdup(c->m, l->argv[1]);
	return 0;
}

/* A host name getaddrinfo() may be asked about: no lookup of what no DNS
 * could answer ("**" in a published config). */
static bool host_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") == strlen(s);
}

/* @host's first address by name (the hosts file, DNS) into @a. */
static void resolve(const char *host, struct model_addr *a)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	char text[INET6_ADDRSTRLEN];
	const void *in;

	if (!host_name(host) || getaddrinfo(host, NULL, &hints, &res))
		return;
	if (res->ai_family == AF_INET)
		in = &((struct sockaddr_in *)res->ai_addr)->sin_addr;
	else
		in = &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
	if (inet_ntop(res->ai_family, in, text, sizeof(text)))
		kw_addr(text, &a->af, &a->addr);
	freeaddrinfo(res);
}

/* smtp_server IP|NAME [PORT]: a name is resolved now, as keepalived does. */
static int smtp_server(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	const char *host = kw_arg(p, l, 1), *port = l->argc > 2 ? l->argv[2] : "25";
	char *end;
	long n = strtol(port, &end, 10);
	struct model_addr a = { 0 };

	(void)child;
	if (!host)
		return 0;
	if (!kw_addr(host, &a.af, &a.addr))
		resolve(host, &a);
	if (!a.af || *end || n < 1 || n > 65535) {
		parse_error(p, l, "Invalid smtp server %s %s", host, port);
		return 0;
	}
	g->smtp_server = a;
	g->smtp_port = (int)n;
	return 0;
}

static int smtp_connect_timeout(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	uint32_t secs, max = UINT32_MAX / MODEL_SEC;

	(void)child;
	if (!kw_uint(p, l, 1, 0, max, &secs)) {
		parse_error(p, l, "smtp_connect_timeout '%s' must be in [0, %u] - ignoring",
			    l->argc > 1 ? l->argv[1] : "", max);
		return 0;
	}
	if (!secs) {
		/* keepalived's own spelling */
		parse_warn(p, l, "smtp_conect_timeout must be greater than 0, setting to 1");
		secs = 1;
	}
	g->smtp_connect_timeout_us = secs * MODEL_SEC;
	return 0;
}

static int smtp_helo_name(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)p, (void)child;
	if (l->argc > 1)
		c->m->global.smtp_helo_name = model_strdup(c->m, l->argv[1]);
	return 0;
}

/* The [BOOL] flags of global_defs. */
static int global_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	static const struct {
		const char *name;
		size_t off;
	} flags[] = {
		{ "smtp_alert", offsetof(struct model_global, smtp_alert) },
		{ "smtp_alert_vrrp", offsetof(struct model_global, smtp_alert_vrrp) },
		{ "smtp_alert_checker", offsetof(struct model_global, smtp_alert_checker) },
		{ "checker_log_all_failures", offsetof(struct model_global, checker_log_all_failures) },
		{ "enable_script_security", offsetof(struct model_global, enable_script_security) },
		{ "lvs_flush", offsetof(struct model_global, lvs_flush) },
		{ "vrrp_strict", offsetof(struct model_global, vrrp_strict) },
		{ "vrrp_skip_check_adv_addr", offsetof(struct model_global, vrrp_skip_check_adv_addr) },
		{ "vrrp_check_unicast_src", offsetof(struct model_global, vrrp_check_unicast_src) },
		{ "vrrp_lower_prio_no_advert", offsetof(struct model_global, vrrp_lower_prio_no_advert) },
		{ "vrrp_higher_prio_send_advert", offsetof(struct model_global, vrrp_higher_prio_send_advert) },
		{ "v3_checksum_as_v2", offsetof(struct model_global, v3_checksum_as_v2) },
	};
	int v = kw_bool(l, 1);

	(void)child;
	if (v < 0) {
		parse_error(p, l, "Invalid value '%s' for global %s specified", l->argv[1], l->argv[0]);
		return 0;
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(l->argv[0], flags[i].name))
			*(bool *)((char *)global(obj) + flags[i].off) = v;
	return 0;
}

/* ---- scripts ---- */

static int script_user(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	char user[256], *group = NULL;

	(void)child;
	if (l->argc < 2) {
		parse_error(p, l, "No script username specified");
		return 0;
	}
	/* "user:group" or "user group" */
	snprintf(user, sizeof(user), "%s", l->argv[1]);
	if (strchr(user, ':')) {
		group = strchr(user, ':');
		*group++ = 0;
	} else if (l->argc > 2) {
		group = l->argv[2];
	}
	if (!getpwnam(user) || (group && *group && !getgrnam(group))) {
		parse_error(p, l, "Error setting global script uid/gid");
		return 0;
	}
	c->m->global.script_user = model_strdup(c->m, user);
	c->m->global.script_group = group && *group ? model_strdup(c->m, group) : NULL;
	return 0;
}

static int startup_script(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	struct model_cmd *cmd = l->argv[0][1] == 't' ? &c->m->global.startup_script : &c->m->global.shutdown_script;
	const char *what = l->argv[0][1] == 't' ? "startup" : "shutdown";

	(void)child;
	if (cmd->text) {
		parse_error(p, l, "%s script already specified", what);
		return 0;
	}
	kw_check_script(p, l, c->m, cmd);
	return 0;
}

/* notify_fifo_script and its vrrp_/lvs_ kin: keepalived runs them, so they
 * count for the script-security check; xvsd has no notify FIFO (yet). */
static int fifo_script(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_cmd cmd = { 0 };

	(void)child;
	kw_check_script(p, l, ((struct kw_ctx *)obj)->m, &cmd);
	return 0;
}

/* ---- LVS ---- */

static int lvs_flush_on_stop(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);

	(void)child;
	if (l->argc < 2)
		g->lvs_flush_on_stop = 1;
	else if (!strcmp(l->argv[1], "VS"))
		g->lvs_flush_on_stop = 2;
	else
		parse_error(p, l, "Unknown lvs_flush_on_stop type %s", l->argv[1]);
	return 0;
}

static int lvs_timeouts(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);

	(void)child;
	if (l->argc < 3) {
		parse_error(p, l, "lvs_timeouts requires at least one option");
		return 0;
	}
	for (int i = 1; i < l->argc; i++) {
		const char *k = l->argv[i];
		int *field = !strcmp(k, "tcp")	  ? &g->lvs_timeouts.tcp_timeout :
			     !strcmp(k, "tcpfin") ? &g->lvs_timeouts.tcp_fin_timeout :
			     !strcmp(k, "udp")	  ? &g->lvs_timeouts.udp_timeout :
						    NULL;
		uint32_t v;

		if (!field) {
			parse_error(p, l, "Unknown option %s specified for lvs_timeouts", k);
		} else if (i + 1 >= l->argc) {
			parse_error(p, l, "No value specified for lvs_timeout %s - ignoring", k);
		} else {
			if (kw_uint(p, l, ++i, 0, 86400 * 31, &v))
				*field = (int)v;
			else
				parse_error(p, l, "Invalid lvs_timeout %s (%s) - ignoring", k, l->argv[i]);
		}
	}
	return 0;
}

/* One "id N" / "maxlen N" / "port N" / "ttl N" / "group IP" of lvs_sync_daemon. */
static void sync_option(struct parse *p, const struct conf_line *l, int i, struct model_global *g)
{
	static const struct {
		const char *name;
		uint32_t max;
	} opts[] = { { "id", 255 }, { "maxlen", 65535 - 20 - 8 }, { "port", 65535 }, { "ttl", 255 } };
	int *fields[] = { &g->lvs_sync.syncid, &g->lvs_sync.maxlen, &g->lvs_sync.port, &g->lvs_sync.ttl };
	const char *k = l->argv[i];
	uint32_t v;

	if (!strcmp(k, "group")) {
		struct model_addr a = { 0 };
		bool mc;

		if (!kw_addr(l->argv[i + 1], &a.af, &a.addr)) {
			parse_error(p, l, "Invalid lvs_sync_daemon group (%s) - ignoring", l->argv[i + 1]);
			return;
		}
		mc = a.af == AF_INET ? (a.addr.b[12] & 0xf0) == 0xe0 : a.addr.b[0] == 0xff;
		if (!mc)
			parse_error(p, l, "lvs_sync_daemon group address %s is not multicast - ignoring",
				    l->argv[i + 1]);
		else
			g->lvs_sync.group = a;
		return;
	}
	for (size_t o = 0; o < sizeof(opts) / sizeof(opts[0]); o++) {
		if (strcmp(k, opts[o].name))
			continue;
		if (kw_uint(p, l, i + 1, 0, opts[o].max, &v))
			*fields[o] = (int)v;
		else if (!o)
			parse_error(p, l, "Invalid syncid (%s) - defaulting to vrid", l->argv[i + 1]);
		else
			parse_error(p, l, "Invalid lvs_sync_daemon %s (%s) - ignoring", k, l->argv[i + 1]);
	}
}

static bool sync_keyword(const char *w)
{
	return !strcmp(w, "id") || !strcmp(w, "maxlen") || !strcmp(w, "port") || !strcmp(w, "ttl") ||
	       !strcmp(w, "group");
}

/* lvs_sync_daemon IF [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP] */
static int lvs_sync_daemon(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	struct model_global *g = &c->m->global;
	int i = 2;

	(void)child;
	if (g->lvs_sync.ifname[0]) {
		parse_error(p, l, "lvs_sync_daemon has already been specified as %s %s - ignoring", g->lvs_sync.ifname,
			    g->lvs_sync.instance ? g->lvs_sync.instance : "");
		return 0;
	}
	if (!kw_arg(p, l, 1))
		return 0;
	if (strlen(l->argv[1]) >= sizeof(g->lvs_sync.ifname)) {
		parse_error(p, l, "lvs_sync_daemon interface name '%s' too long - ignoring", l->argv[1]);
		return 0;
	}
	snprintf(g->lvs_sync.ifname, sizeof(g->lvs_sync.ifname), "%s", l->argv[1]);
	if (i < l->argc && !strcmp(l->argv[i], "inst"))
		i++;
	if (i < l->argc && !sync_keyword(l->argv[i]))
		g->lvs_sync.instance = model_strdup(c->m, l->argv[i++]);
	/* keepalived 1.x put the syncid bare after the instance */
	if (i < l->argc && isdigit((unsigned char)l->argv[i][0])) {
		uint32_t v;

		parse_warn(p, l, "Please use keyword \"id\" before lvs_sync_daemon syncid value");
		if (kw_uint(p, l, i, 0, 255, &v))
			g->lvs_sync.syncid = (int)v;
		else
			parse_error(p, l, "Invalid syncid (%s) - defaulting to vrid", l->argv[i]);
		i++;
	}
	for (; i < l->argc; i++) {
		if (!sync_keyword(l->argv[i]))
			parse_error(p, l, "Unknown option %s specified for lvs_sync_daemon", l->argv[i]);
		else if (i + 1 >= l->argc)
			parse_error(p, l, "No value specified for lvs_sync_daemon %s - ignoring", l->argv[i]);
		else
			sync_option(p, l, i++, g);
	}
	return 0;
}

/* ---- VRRP defaults ---- */

static int vrrp_version(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	int32_t v;

	(void)child;
	if (kw_int(p, l, 1, 2, 3, &v))
		global(obj)->vrrp_version = v;
	else
		parse_error(p, l, "VRRP Error: Version must be either 2 or 3");
	return 0;
}

static int vrrp_mcast_group(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	bool v6 = l->argv[0][16] == '6';
	struct model_addr a = { 0 };
	const char *s = kw_arg(p, l, 1);

	(void)child;
	if (!s)
		return 0;
	if (!kw_addr(s, &a.af, &a.addr)) {
		parse_error(p, l, "Can't parse %s [%s]. Skipping", l->argv[0], s);
	} else if (a.af != (v6 ? AF_INET6 : AF_INET)) {
		parse_error(p, l, "%s [%s] is not IPv%d. Skipping", l->argv[0], s, v6 ? 6 : 4);
	} else if (v6 ? a.addr.b[0] != 0xff : (a.addr.b[12] & 0xf0) != 0xe0) {
		parse_error(p, l, "%s [%s] is not multicast. Skipping", l->argv[0], s);
	} else {
		if (v6 && (a.addr.b[1] & 0x0f) != 2)
			parse_warn(p, l, "%s [%s] should be link-local multicast.", l->argv[0], s);
		*(v6 ? &g->vrrp_mcast_group6 : &g->vrrp_mcast_group4) = a;
	}
	return 0;
}

/* The whole-second delays of gratuitous ARPs. */
static int garp_delay(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	const char *k = l->argv[0];
	bool lower = strstr(k, "lower_prio") != NULL, refresh = strstr(k, "refresh") != NULL;
	uint32_t secs;

	(void)child;
	/* garp_master_delay: a 1.x typo seen in real configs (spec 1.5) */
	if (!strcmp(k, "garp_master_delay"))
		parse_warn(p, l, "garp_master_delay is deprecated - please use 'vrrp_garp_master_delay'");
	if (!kw_uint(p, l, 1, 0, refresh ? UINT32_MAX : UINT32_MAX / MODEL_SEC, &secs)) {
		parse_error(p, l, refresh ? "Invalid %s '%s' - ignoring" : "%s '%s' invalid - ignoring",
			    k[0] == 'g' ? "vrrp_garp_master_delay" : k, l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	if (refresh)
		g->vrrp_garp_master_refresh_us = secs * MODEL_SEC;
	else if (lower)
		g->vrrp_garp_lower_prio_delay_us = secs * MODEL_SEC;
	else
		g->vrrp_garp_master_delay_us = secs * MODEL_SEC;
	return 0;
}

static int garp_repeat(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	const char *k = l->argv[0];
	uint32_t n;

	(void)child;
	if (!strcmp(k, "vrrp_garp_lower_prio_repeat")) {
		if (kw_uint(p, l, 1, 0, INT32_MAX, &n))
			g->vrrp_garp_lower_prio_repeat = (int)n;
		else
			parse_error(p, l, "Invalid vrrp_garp_lower_prio_repeat '%s'", l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	if (!kw_uint(p, l, 1, 0, INT32_MAX, &n)) {
		parse_error(p, l, "%s '%s' invalid - ignoring", k, l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	if (!n) {
		parse_warn(p, l, "%s must be greater than 0, setting to 1", k);
		n = 1;
	}
	if (strstr(k, "refresh"))
		g->vrrp_garp_master_refresh_repeat = (int)n;
	else
		g->vrrp_garp_master_repeat = (int)n;
	return 0;
}

/* vrrp_garp_interval / vrrp_gna_interval: 0 is refused (spec 1.5). */
static int garp_interval(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	int64_t us;

	(void)child;
	if (!kw_timer(p, l, 1, 1, UINT32_MAX, &us))
		parse_error(p, l, "%s '%s' is invalid", l->argv[0], l->argc > 1 ? l->argv[1] : "");
	else if (!strcmp(l->argv[0], "vrrp_garp_interval"))
		g->vrrp_garp_interval_us = us;
	else
		g->vrrp_gna_interval_us = us;
	return 0;
}

/* vrrp_min_garp [BOOL]: one GARP, no delay, no refresh, unless set otherwise. */
static int vrrp_min_garp(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);
	int v = kw_bool(l, 1);

	(void)child;
	if (v < 0) {
		parse_error(p, l, "Invalid value for vrrp_min_garp specified");
		return 0;
	}
	if (!v)
		return 0;
	if (g->vrrp_garp_master_repeat == 5)
		g->vrrp_garp_master_repeat = 1;
	if (g->vrrp_garp_master_delay_us == 5 * MODEL_SEC)
		g->vrrp_garp_master_delay_us = 0;
	g->vrrp_garp_master_refresh_us = 0;
	return 0;
}

static int vrrp_down_timer_adverts(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	uint32_t n;

	(void)child;
	if (kw_uint(p, l, 1, 1, 100, &n))
		global(obj)->vrrp_down_timer_adverts = (int)n;
	else
		parse_error(p, l, "Invalid vrrp_down_timer_adverts [1:100] '%s'", l->argc > 1 ? l->argv[1] : "");
	return 0;
}

static int dynamic_interfaces(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	global(obj)->dynamic_interfaces = true;
	if (l->argc > 1 && strcmp(l->argv[1], "allow_if_changes"))
		parse_error(p, l, "Unknown dynamic_interfaces option '%s'", l->argv[1]);
	return 0;
}

static int default_interface(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_global *g = global(obj);

	(void)child;
	if (l->argc < 2) {
		parse_error(p, l, "default_interface requires interface name");
		return 0;
	}
	if (strlen(l->argv[1]) >= sizeof(g->default_interface)) {
		parse_error(p, l, "Interface name %s is too long - ignoring", l->argv[1]);
		return 0;
	}
	snprintf(g->default_interface, sizeof(g->default_interface), "%s", l->argv[1]);
	if (!g->dynamic_interfaces && !config_if_exists(l->argv[1]))
		parse_warn(p, l, "WARNING - default interface %s doesn't exist", l->argv[1]);
	return 0;
}

/* ---- accepted, not acted on ---- */

/* Keywords keepalived 2.2.7 takes that xvsd has no use for: the process
 * layout (priorities, affinities, names), SNMP/DBus, firewalls, netlink
 * buffers, reload machinery, FIFOs. */
static int ignored(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)obj, (void)child;
	return 0;
}

/* Keywords of later keepalived (spec 1.5) that 2.2.7 reports unknown:
 * taken, with a word, since nothing here acts on them. */
static int ignored_newer(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)obj, (void)child;
	parse_warn(p, l, "%s is not a keepalived 2.2 global_defs keyword - ignoring", l->argv[0]);
	return 0;
}

int kw_root_ignored(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	return ignored(p, l, obj, child);
}

#define LINE(name, fn)                           \
	{                                        \
		name, PARSE_LINE, fn, NULL, NULL \
	}

const struct parse_kw kw_global_defs[] = {
	LINE("router_id", router_id),
	LINE("lvs_id", router_id),
	{ "notification_email", PARSE_WORDS, NULL, NULL, email },
	LINE("notification_email_from", email_from),
	LINE("smtp_server", smtp_server),
	LINE("smtp_connect_timeout", smtp_connect_timeout),
	LINE("smtp_helo_name", smtp_helo_name),
	LINE("smtp_alert", global_flag),
	LINE("smtp_alert_vrrp", global_flag),
	LINE("smtp_alert_checker", global_flag),
	LINE("checker_log_all_failures", global_flag),
	LINE("enable_script_security", global_flag),
	LINE("script_user", script_user),
	LINE("startup_script", startup_script),
	LINE("shutdown_script", startup_script),
	LINE("notify_fifo_script", fifo_script),
	LINE("vrrp_notify_fifo_script", fifo_script),
	LINE("lvs_notify_fifo_script", fifo_script),
	LINE("lvs_flush", global_flag),
	LINE("lvs_flush_on_stop", lvs_flush_on_stop),
	LINE("lvs_flush_onstop", lvs_flush_on_stop),
	LINE("lvs_timeouts", lvs_timeouts),
	LINE("lvs_sync_daemon", lvs_sync_daemon),
	LINE("vrrp_version", vrrp_version),
	LINE("vrrp_mcast_group4", vrrp_mcast_group),
	LINE("vrrp_mcast_group6", vrrp_mcast_group),
	LINE("vrrp_garp_master_delay", garp_delay),
	LINE("garp_master_delay", garp_delay),
	LINE("vrrp_garp_master_refresh", garp_delay),
	LINE("vrrp_garp_lower_prio_delay", garp_delay),
	LINE("vrrp_garp_master_repeat", garp_repeat),
	LINE("vrrp_garp_master_refresh_repeat", garp_repeat),
	LINE("vrrp_garp_lower_prio_repeat", garp_repeat),
	LINE("vrrp_garp_interval", garp_interval),
	LINE("vrrp_gna_interval", garp_interval),
	LINE("vrrp_min_garp", vrrp_min_garp),
	LINE("vrrp_strict", global_flag),
	LINE("vrrp_skip_check_adv_addr", global_flag),
	LINE("vrrp_check_unicast_src", global_flag),
	LINE("vrrp_lower_prio_no_advert", global_flag),
	LINE("vrrp_higher_prio_send_advert", global_flag),
	LINE("v3_checksum_as_v2", global_flag),
	LINE("vrrp_down_timer_adverts", vrrp_down_timer_adverts),
	LINE("dynamic_interfaces", dynamic_interfaces),
	LINE("default_interface", default_interface),

	LINE("no_email_faults", ignored),
	LINE("no_checker_emails", ignored),
	LINE("rs_init_notifies", ignored),
	LINE("startup_script_timeout", ignored),
	LINE("shutdown_script_timeout", ignored),
	LINE("notify_fifo", ignored),
	LINE("vrrp_notify_fifo", ignored),
	LINE("lvs_notify_fifo", ignored),
	LINE("fifo_write_vrrp_states_on_reload", ignored),
	LINE("vrrp_notify_priority_changes", ignored),
	LINE("max_auto_priority", ignored),
	LINE("min_auto_priority_delay", ignored),
	LINE("vrrp_garp_extra_if", ignored),
	LINE("vrrp_startup_delay", ignored),
	LINE("vrrp_iptables", ignored),
	LINE("vrrp_ipsets", ignored),
	LINE("nftables", ignored),
	LINE("nftables_priority", ignored),
	LINE("nftables_counters", ignored),
	LINE("nftables_ifindex", ignored),
	LINE("nftables_ipvs", ignored),
	LINE("nftables_ipvs_priority", ignored),
	LINE("nftables_ipvs_start_fwmark", ignored),
	LINE("vrrp_priority", ignored),
	LINE("vrrp_rt_priority", ignored),
	LINE("vrrp_no_swap", ignored),
	LINE("vrrp_cpu_affinity", ignored),
	LINE("vrrp_rlimit_rttime", ignored),
	LINE("vrrp_rlimit_rtime", ignored),
	LINE("checker_priority", ignored),
	LINE("checker_rt_priority", ignored),
	LINE("checker_no_swap", ignored),
	LINE("checker_cpu_affinity", ignored),
	LINE("checker_rlimit_rttime", ignored),
	LINE("checker_rlimit_rtime", ignored),
	LINE("bfd_priority", ignored),
	LINE("bfd_rt_priority", ignored),
	LINE("bfd_no_swap", ignored),
	LINE("bfd_cpu_affinity", ignored),
	LINE("bfd_rlimit_rttime", ignored),
	LINE("bfd_rlimit_rtime", ignored),
	LINE("process_names", ignored),
	LINE("process_name", ignored),
	LINE("vrrp_process_name", ignored),
	LINE("checker_process_name", ignored),
	LINE("lvs_process_name", ignored),
	LINE("bfd_process_name", ignored),
	LINE("enable_snmp_vrrp", ignored),
	LINE("enable_snmp_checker", ignored),
	LINE("enable_snmp_rfc", ignored),
	LINE("enable_snmp_rfcv2", ignored),
	LINE("enable_snmp_rfcv3", ignored),
	LINE("enable_snmp_keepalived", ignored),
	LINE("enable_traps", ignored),
	LINE("snmp_socket", ignored),
	LINE("enable_dbus", ignored),
	LINE("dbus_service_name", ignored),
	LINE("reload_check_config", ignored),
	LINE("reload_time_file", ignored),
	LINE("reload_repeat", ignored),
	LINE("reload_file", ignored),
	LINE("config_save_dir", ignored),
	LINE("tmp_config_directory", ignored),
	LINE("include_check", ignored),
	LINE("random_seed", ignored),
	LINE("umask", ignored),
	LINE("log_unknown_vrids", ignored),
	LINE("vmac_prefix", ignored),
	LINE("vmac_addr_prefix", ignored),
	LINE("vrrp_rx_bufs_policy", ignored),
	LINE("vrrp_rx_bufs_multiplier", ignored),
	LINE("vrrp_netlink_cmd_rcv_bufs", ignored),
	LINE("vrrp_netlink_cmd_rcv_bufs_force", ignored),
	LINE("vrrp_netlink_monitor_rcv_bufs", ignored),
	LINE("vrrp_netlink_monitor_rcv_bufs_force", ignored),
	LINE("lvs_netlink_cmd_rcv_bufs", ignored),
	LINE("lvs_netlink_cmd_rcv_bufs_force", ignored),
	LINE("lvs_netlink_monitor_rcv_bufs", ignored),
	LINE("lvs_netlink_monitor_rcv_bufs_force", ignored),
	LINE("process_monitor_rcv_bufs", ignored),
	LINE("process_monitor_rcv_bufs_force", ignored),
	LINE("disable_local_igmp", ignored),
	LINE("data_use_instance", ignored),

	LINE("vrrp_delay_after_boot", ignored_newer),
	LINE("vrrp_owner_ignore_adverts", ignored_newer),
	LINE("state_dump_file", ignored_newer),
	LINE("stats_dump_file", ignored_newer),
	LINE("json_dump_file", ignored_newer),
	LINE("json_version", ignored_newer),
	LINE("iproute_usr_dir", ignored_newer),
	LINE("iproute_etc_dir", ignored_newer),
	LINE("set_supplementary_groups", ignored_newer),
	LINE("use_symlink_paths", ignored_newer),
	LINE("child_wait_time", ignored_newer),
	LINE("thread_timer_expired", ignored_newer),
	{ NULL, 0, NULL, NULL, NULL },
};
