// SPDX-License-Identifier: GPL-2.0
/*
 * The checker side's root keywords (config.h's kw_check_roots): SSL,
 * virtual_server_group, virtual_server with its real and sorry servers,
 * global_defs (kw_global.c) and the root keywords of neither side.  Values
 * are read and refused as keepalived 2.x does, in its words; what keepalived
 * completes once everything is read is check_validate()'s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kw_check.h"

struct kw_ctx *kw_ctx_new(struct model *m, const struct kw_ctx *parent)
{
	struct kw_ctx *c = model_alloc(m, sizeof(*c));

	if (parent)
		*c = *parent;
	c->m = m;
	c->smtp_hosts = 0;
	return c;
}

const char *kw_file(struct kw_ctx *c, const struct conf_line *l)
{
	if (!c->file || strcmp(c->file, l->file))
		c->file = model_strdup(c->m, l->file);
	return c->file;
}

const char *kw_rs_name(const struct model_vs *vs, const struct model_rs *rs, char *buf)
{
	struct model_vs trio = { .af = rs->af, .addr = rs->addr, .protocol = vs->protocol };

	trio.port = rs->port == MODEL_UNSET ? 0 : rs->port;
	return model_vs_name(&trio, buf);
}

/* The root's object is the model; a block's, its context. */
static struct kw_ctx *root_ctx(void *obj)
{
	return kw_ctx_new(obj, NULL);
}

int kw_check_script(struct parse *p, const struct conf_line *l, struct model *m, struct model_cmd *cmd)
{
	struct model_cmd c = { 0 };

	if (kw_script(p, l, m, &c, true))
		return -1;
	if (!c.user && m->global.enable_script_security && !m->global.script_user && !getpwnam("keepalived_script")) {
		parse_error(p, l, "Unable to set default user keepalived_script for script");
		return -1;
	}
	*cmd = c;
	if (kw_script_runs(cmd))
		m->uses_scripts = true;
	return 0;
}

/* ---- SSL { password ca certificate key } ---- */

static int ssl_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = root_ctx(obj);

	if (c->m->ssl)
		parse_warn(p, l, "SSL context already specified - replacing");
	c->m->ssl = model_alloc(c->m, sizeof(*c->m->ssl));
	*child = c;
	return 0;
}

static int ssl_file(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	static const struct {
		const char *kw, *what;
		size_t off;
	} files[] = {
		{ "password", "password", offsetof(struct model_ssl, password) },
		{ "ca", "cafile", offsetof(struct model_ssl, ca) },
		{ "certificate", "certfile", offsetof(struct model_ssl, certificate) },
		{ "key", "keyfile", offsetof(struct model_ssl, key) },
	};
	struct kw_ctx *c = obj;

	(void)child;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char **f = (char **)((char *)c->m->ssl + files[i].off);

		if (strcmp(l->argv[0], files[i].kw))
			continue;
		if (l->argc < 2) {
			parse_error(p, l, "SSL %s missing", files[i].what);
			return 0;
		}
		if (*f)
			parse_warn(p, l, "SSL %s already specified - replacing", files[i].what);
		*f = model_strdup(c->m, l->argv[1]);
	}
	return 0;
}

static const struct parse_kw kw_ssl[] = {
	{ "password", PARSE_LINE, ssl_file, NULL, NULL },
	{ "ca", PARSE_LINE, ssl_file, NULL, NULL },
	{ "certificate", PARSE_LINE, ssl_file, NULL, NULL },
	{ "key", PARSE_LINE, ssl_file, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- virtual_server_group NAME { entries } ---- */

static int vsg_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = root_ctx(obj);
	struct model_vsg **tail = &c->m->groups;

	if (!kw_arg(p, l, 1))
		return -1;
	c->vsg = model_alloc(c->m, sizeof(*c->vsg));
	c->vsg->file = kw_file(c, l);
	c->vsg->line = l->line;
	c->vsg->name = model_strdup(c->m, l->argv[1]);
	while (*tail)
		tail = &(*tail)->next;
	*tail = c->vsg;
	*child = c;
	return 0;
}

/* @e at the end of @vsg's entries. */
static void vsg_append(struct model_vsg *vsg, struct model_vsg_entry *e)
{
	struct model_vsg_entry **t = &vsg->entries;

	while (*t)
		t = &(*t)->next;
	*t = e;
}

/* "fwmark N [inet|inet6]" of a group. */
static void vsg_fwmark(struct parse *p, const struct conf_line *l, struct kw_ctx *c, struct model_vsg_entry *e)
{
	uint32_t mark;

	if (!kw_uint(p, l, 1, 1, UINT32_MAX, &mark)) {
		parse_error(p, l, "(%s): fwmark '%s' must be in [1, %u] - ignoring", c->vsg->name,
			    l->argc > 1 ? l->argv[1] : "", UINT32_MAX);
		return;
	}
	e->is_fwmark = true;
	e->fwmark = mark;
	if (l->argc > 2 && !strcmp(l->argv[2], "inet")) {
		e->af = AF_INET;
	} else if (l->argc > 2 && !strcmp(l->argv[2], "inet6")) {
		e->af = AF_INET6;
	} else if (l->argc > 2) {
		parse_error(p, l, "(%s): unknown fwmark address family %s - ignoring", c->vsg->name, l->argv[2]);
		return;
	}
	e->port = 0;
	e->next = NULL;
	vsg_append(c->vsg, e);
}

/* The end of an address range "A-B" (B a whole address or A's last
 * octet / hextet) or a prefix "A/len" into @e->hi.  Returns: whether valid. */
static bool vsg_range_end(const char *sep, struct model_vsg_entry *e)
{
	union xvs_addr hi = e->lo;
	int af;

	if (*sep == '/') {
		int bits = e->af == AF_INET ? 32 : 128, len = atoi(sep + 1);

		if (!sep[1] || strspn(sep + 1, "0123456789") != strlen(sep + 1) || len > bits)
			return false;
		for (int b = (128 - bits) + len; b < 128; b++)
			hi.b[b / 8] |= (uint8_t)(0x80 >> (b % 8));
	} else if (strpbrk(sep + 1, ".:")) {
		if (!kw_addr(sep + 1, &af, &hi) || af != e->af)
			return false;
	} else {
		char *end;
		unsigned long v = strtoul(sep + 1, &end, e->af == AF_INET ? 10 : 16);

		if (!sep[1] || *end || v > (e->af == AF_INET ? 255UL : 65535UL))
			return false;
		if (e->af == AF_INET)
			hi.b[15] = (uint8_t)v;
		else
			hi.h[7] = htons((uint16_t)v);
	}
	e->hi = hi;
	return true;
}

/* One address entry: "IP[-END|/LEN] [PORT]". */
static void vsg_address(struct parse *p, const struct conf_line *l, struct kw_ctx *c, struct model_vsg_entry *e)
{
	char addr[128];
	const char *sep;
	size_t n = strcspn(l->argv[0], "-/");

	sep = l->argv[0] + n;
	snprintf(addr, sizeof(addr), "%.*s", (int)n, l->argv[0]);
	if (!kw_port(p, l, 1, &e->port) || !kw_addr(addr, &e->af, &e->lo)) {
		if (l->argc > 1)
			parse_error(p, l, "Invalid virtual server group IP address %s /port/%s - skipping", l->argv[0],
				    l->argv[1]);
		else
			parse_error(p, l, "Invalid virtual server group IP address %s - skipping", l->argv[0]);
		return;
	}
	e->hi = e->lo;
	if (*sep && !vsg_range_end(sep, e)) {
		parse_error(p, l, "Invalid virtual server group range '%s' - skipping", l->argv[0]);
		return;
	}
	if (memcmp(e->hi.b, e->lo.b, sizeof(e->lo.b)) < 0 || (*sep == '-' && !memcmp(e->hi.b, e->lo.b, 16))) {
		parse_error(p, l, "Address range end is not greater than address range start - %s - skipping",
			    l->argv[0]);
		return;
	}
	vsg_append(c->vsg, e);
}

static int vsg_entry(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	struct model_vsg_entry *e = model_alloc(c->m, sizeof(*e));

	(void)child;
	e->file = kw_file(c, l);
	e->line = l->line;
	if (!strcmp(l->argv[0], "fwmark"))
		vsg_fwmark(p, l, c, e);
	else
		vsg_address(p, l, c, e);
	return 0;
}

/* ---- forwarding methods: "NAT|DR|TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]" ---- */

struct fwd {
	int fwd;
	uint8_t tun_type;
	uint16_t tun_port;
	uint16_t tun_flags;
};

/* The tunnel options after "TUN" (words from 2). Returns: whether valid. */
static bool tunnel_options(struct parse *p, const struct conf_line *l, const char *who, struct fwd *f)
{
	int type = XVS_TUN_IPIP, flags = -1;
	uint32_t port = 0;

	for (int i = 2; i < l->argc; i++) {
		const char *w = l->argv[i];

		if (!strcmp(w, "type")) {
			const char *t = i + 1 < l->argc ? l->argv[++i] : NULL;

			if (!t) {
				parse_error(p, l, "Missing tunnel type for %s server.", who);
				return false;
			}
			if (!strcmp(t, "ipip"))
				type = XVS_TUN_IPIP;
			else if (!strcmp(t, "gue"))
				type = XVS_TUN_GUE;
			else if (!strcmp(t, "gre"))
				type = XVS_TUN_GRE;
			else {
				parse_error(p, l, "Unknown tunnel type %s for %s server.", t, who);
				return false;
			}
		} else if (!strcmp(w, "port")) {
			if (i + 1 >= l->argc) {
				parse_error(p, l, "Missing port for %s server gue tunnel.", who);
				return false;
			}
			if (!kw_uint(p, l, ++i, 1, 65535, &port)) {
				parse_error(p, l, "Invalid gue tunnel port %s for %s server.", l->argv[i], who);
				return false;
			}
		} else if (!strcmp(w, "nocsum") || !strcmp(w, "csum") || !strcmp(w, "remcsum")) {
			flags = w[0] == 'n' ? 0 : w[0] == 'c' ? XVS_TUN_F_CSUM : XVS_TUN_F_REMCSUM;
		} else {
			parse_error(p, l, "Invalid tunnel option %s for %s server.", w, who);
			return false;
		}
	}
	if ((type == XVS_TUN_GUE) != (port != 0)) {
		parse_error(p, l, "gue tunnels require port, otherwise cannot have port.");
		return false;
	}
	if (type == XVS_TUN_IPIP && flags > 0) {
		parse_error(p, l, "ipip tunnels do not support checksum option.");
		return false;
	}
	if (type == XVS_TUN_GRE && flags == XVS_TUN_F_REMCSUM) {
		parse_error(p, l, "gre tunnels do not support remote checksum option.");
		return false;
	}
	f->tun_type = (uint8_t)type;
	f->tun_port = (uint16_t)port;
	f->tun_flags = (uint16_t)(flags < 0 ? 0 : flags);
	return true;
}

/*
 * lb_kind / lvs_method / sorry_server_lvs_method for a @who ("virtual",
 * "real", "sorry") server into @f.  keepalived matches NAT, DR and TUN
 * case-sensitively and falls back to NAT for "dr"; the operator meant DR,
 * so a lowercase method is taken, with keepalived's complaint (spec 4.1).
 * Returns: whether @f->fwd was set.
 */
static bool forwarding(struct parse *p, const struct conf_line *l, const char *who, struct fwd *f)
{
	static const struct {
		const char *name;
		int fwd;
	} methods[] = { { "NAT", XVS_FWD_MASQ }, { "DR", XVS_FWD_DROUTE }, { "TUN", XVS_FWD_TUNNEL } };
	const char *m = kw_arg(p, l, 1);

	if (!m)
		return false;
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		if (strcasecmp(m, methods[i].name))
			continue;
		if (strcmp(m, methods[i].name))
			parse_warn(p, l, "PARSER : unknown [%s] routing method for %s server. Taking it as %s.", m, who,
				   methods[i].name);
		f->fwd = methods[i].fwd;
		f->tun_type = 0;
		f->tun_port = 0;
		f->tun_flags = 0;
		if (f->fwd == XVS_FWD_TUNNEL)
			tunnel_options(p, l, who, f);
		return true;
	}
	parse_error(p, l, "PARSER : unknown [%s] routing method for %s server.", m, who);
	return false;
}

/* @f as the forwarding method of the real or sorry server @rs. */
static void rs_set_fwd(struct model_rs *rs, const struct fwd *f)
{
	rs->fwd = f->fwd;
	rs->tun_type = f->tun_type;
	rs->tun_port = f->tun_port;
	rs->tun_flags = f->tun_flags;
}

/* ---- values a virtual server and its real servers both take ---- */

/* "retry N" into @retry, capped to keepalived's int. */
static void read_retry(struct parse *p, const struct conf_line *l, int *retry)
{
	uint32_t v;

	if (kw_uint(p, l, 1, 1, UINT32_MAX, &v))
		*retry = (int)(v > INT32_MAX ? INT32_MAX : v);
	else if (l->argc > 1)
		parse_error(p, l, "retry value invalid - %s", l->argv[1]);
}

/* "weight N" of a @who ("Virtual", "Real") server, N in [@min, INT32_MAX], into @weight. */
static void read_weight(struct parse *p, const struct conf_line *l, uint32_t min, const char *who, int64_t *weight)
{
	uint32_t v;

	if (kw_uint(p, l, 1, min, INT32_MAX, &v))
		*weight = v;
	else if (l->argc > 1)
		parse_error(p, l, "%s server weight %s is outside range %u-%d", who, l->argv[1], min, INT32_MAX);
}

/* "virtualhost NAME" of a @who ("virtual", "real") server into @host. */
static void read_virtualhost(struct parse *p, const struct conf_line *l, struct model *m, const char *who, char **host)
{
	if (l->argc < 2)
		parse_error(p, l, "%s server virtualhost missing", who);
	else
		*host = model_strdup(m, l->argv[1]);
}

/*
 * A script keyword of @c's virtual server or real server (quorum_up,
 * notify_down, ...) into @cmd; keepalived refuses a second one, naming the
 * virtual server.
 */
static void read_script_once(struct parse *p, const struct conf_line *l, struct kw_ctx *c, struct model_cmd *cmd)
{
	char name[MODEL_NAME_LEN];

	if (cmd->text) {
		parse_error(p, l, "(%s) %s script already specified - ignoring %s", model_vs_name(c->vs, name),
			    l->argv[0], l->argc > 1 ? l->argv[1] : "");
		return;
	}
	kw_check_script(p, l, c->m, cmd);
}

/* ---- virtual_server IP [PORT] | fwmark N | group NAME { ... } ---- */

/* The header's service into @vs.  Returns: whether it is one. */
static bool vs_header(struct parse *p, const struct conf_line *l, struct model_vs *vs)
{
	const char *a = kw_arg(p, l, 1);

	if (!a)
		return false;
	if (!strcmp(a, "group")) {
		if (!kw_arg(p, l, 2))
			return false;
		vs->kind = VS_GROUP;
		return true;
	}
	if (!strcmp(a, "fwmark")) {
		if (!kw_uint(p, l, 2, 1, UINT32_MAX, &vs->fwmark)) {
			parse_error(p, l, "virtual server fwmark '%s' must be in [1, %u] - ignoring",
				    l->argc > 2 ? l->argv[2] : "", UINT32_MAX);
			return false;
		}
		vs->kind = VS_FWMARK;
		return true;
	}
	vs->kind = VS_ADDR;
	if (!kw_port(p, l, 2, &vs->port) || !kw_addr(a, &vs->af, &vs->addr)) {
		if (l->argc > 2)
			parse_error(p, l, "Invalid virtual server IP address/port %s/%s - skipping", a, l->argv[2]);
		else
			parse_error(p, l, "Invalid virtual server IP address %s - skipping", a);
		return false;
	}
	if (vs->port == MODEL_UNSET)
		vs->port = 0;
	return true;
}

static int vs_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = root_ctx(obj);
	struct model_vs *vs = model_vs_new(c->m), **tail = &c->m->vs;

	vs->file = kw_file(c, l);
	vs->line = l->line;
	/* unset until check_validate(), which warns as keepalived does */
	vs->af = 0;
	vs->protocol = 0;
	vs->sched[0] = 0;
	vs->fwd = MODEL_UNSET;
	if (!vs_header(p, l, vs))
		return -1;
	if (vs->kind == VS_GROUP)
		vs->group = model_strdup(c->m, l->argv[2]);
	while (*tail)
		tail = &(*tail)->next;
	*tail = vs;
	c->vs = vs;
	*child = c;
	return 0;
}

/* Timers of a virtual server or a real server, with keepalived's words. */
struct timer_kw {
	const char *name;
	size_t off;
	int64_t min, max;
	const char *bad;
};

static const struct timer_kw vs_timers[] = {
	{ "delay_loop", offsetof(struct model_vs, delay_loop_us), 1, KW_TIMER_MAX,
	  "virtual server delay loop '%s' invalid - ignoring" },
	{ "delay_before_retry", offsetof(struct model_vs, delay_before_retry_us), 0, KW_TIMER_MAX,
	  "virtual server delay before retry '%s' invalid - ignoring" },
	{ "warmup", offsetof(struct model_vs, warmup_us), 0, KW_TIMER_MAX,
	  "virtual server warmup '%s' invalid - ignoring" },
	{ "connect_timeout", offsetof(struct model_vs, connect_timeout_us), 1, UINT32_MAX,
	  "virtual server connect_timeout %s invalid - ignoring" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct timer_kw rs_timers[] = {
	{ "delay_loop", offsetof(struct model_rs, delay_loop_us), 1, KW_TIMER_MAX,
	  "real server delay_loop '%s' invalid - ignoring" },
	{ "delay_before_retry", offsetof(struct model_rs, delay_before_retry_us), 0, KW_TIMER_MAX,
	  "real server delay_before_retry '%s' invalid - ignoring" },
	{ "warmup", offsetof(struct model_rs, warmup_us), 0, KW_TIMER_MAX,
	  "real server warmup '%s' invalid - ignoring" },
	{ "connect_timeout", offsetof(struct model_rs, connect_timeout_us), 1, UINT32_MAX,
	  "real server connect_timeout %s invalid - ignoring" },
	{ NULL, 0, 0, 0, NULL },
};

/* @l's timer into @base's field as @table describes it. */
static void set_timer(struct parse *p, const struct conf_line *l, const struct timer_kw *table, void *base)
{
	int64_t v;

	while (strcmp(table->name, l->argv[0]))
		table++;
	if (kw_timer(p, l, 1, table->min, table->max, &v))
		*(int64_t *)((char *)base + table->off) = v;
	else if (l->argc > 1)
		parse_error(p, l, table->bad, l->argv[1]);
}

static int vs_timer(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	set_timer(p, l, vs_timers, ((struct kw_ctx *)obj)->vs);
	return 0;
}

static int vs_retry(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	read_retry(p, l, &((struct kw_ctx *)obj)->vs->retry);
	return 0;
}

/* A [BOOL] flag, keepalived's "Invalid X parameter" when it is none. Returns: -1 then. */
static int flag(struct parse *p, const struct conf_line *l, const char *what)
{
	int v = kw_bool(l, 1);

	if (v < 0)
		parse_error(p, l, "Invalid %s parameter %s", what, l->argv[1]);
	return v;
}

static int vs_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *k = l->argv[0];
	int v = flag(p, l, k);

	(void)child;
	if (v < 0)
		return 0;
	if (!strcmp(k, "alpha"))
		vs->alpha = v;
	else if (!strcmp(k, "omega"))
		vs->omega = v;
	else if (!strcmp(k, "ha_suspend"))
		vs->ha_suspend = v;
	else if (!strcmp(k, "inhibit_on_failure"))
		vs->inhibit_on_failure = v;
	return 0;
}

static int vs_ip_family(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *f = kw_arg(p, l, 1);
	int af;

	(void)child;
	if (!f)
		return 0;
	if (!strcmp(f, "inet")) {
		af = AF_INET;
	} else if (!strcmp(f, "inet6")) {
		af = AF_INET6;
	} else {
		parse_error(p, l, "unknown address family %s", f);
		return 0;
	}
	if (vs->af && vs->af != af) {
		parse_error(p, l, "Virtual server specified family %s conflicts with server family", f);
		return 0;
	}
	vs->af = af;
	return 0;
}

static int vs_lb_algo(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	static const char *const scheds[] = { "rr", "wrr", "lc",  "wlc",   "lblc", "sh", "mh",
					      "dh", "fo",  "ovf", "lblcr", "sed",  "nq", "twos" };
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *s = kw_arg(p, l, 1);

	(void)child;
	if (!s)
		return 0;
	for (size_t i = 0; i < sizeof(scheds) / sizeof(scheds[0]); i++) {
		if (!strcmp(s, scheds[i])) {
			snprintf(vs->sched, sizeof(vs->sched), "%s", s);
			return 0;
		}
	}
	parse_error(p, l, "Invalid lvs_scheduler '%s' - ignoring", s);
	return 0;
}

/* ops, flag-1..3, sh-port, sh-fallback, mh-port, mh-fallback, hashed. */
static int vs_sched_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *k = l->argv[0];
	bool sh = !strcmp(vs->sched, "sh"), mh = !strcmp(vs->sched, "mh");

	(void)child;
	if (!strcmp(k, "ops"))
		vs->sched_flags |= XVS_SVC_F_ONEPACKET;
	else if (!strncmp(k, "flag-", 5))
		vs->sched_flags |= XVS_SVC_F_SCHED1 << (k[5] - '1');
	else if ((sh && !strcmp(k, "sh-port")) || (mh && !strcmp(k, "mh-port")))
		vs->sched_flags |= XVS_SVC_F_SCHED_PORT;
	else if ((sh && !strcmp(k, "sh-fallback")) || (mh && !strcmp(k, "mh-fallback")))
		vs->sched_flags |= XVS_SVC_F_SCHED_FALLBACK;
	else if (!sh && !mh)
		parse_warn(p, l, "%s only applies to sh scheduler - ignoring", k);
	return 0;
}

static int vs_lb_kind(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	struct fwd f = { .tun_type = vs->tun_type, .tun_port = vs->tun_port, .tun_flags = vs->tun_flags };

	(void)child;
	if (!forwarding(p, l, "virtual", &f))
		return 0;
	vs->fwd = f.fwd;
	vs->tun_type = f.tun_type;
	vs->tun_port = f.tun_port;
	vs->tun_flags = f.tun_flags;
	return 0;
}

static int vs_persistence_timeout(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;

	(void)child;
	if (l->argc < 2)
		vs->persistence_timeout = 360; /* IPVS_SVC_PERSISTENT_TIMEOUT */
	else if (!kw_uint(p, l, 1, 1, 2678400, &vs->persistence_timeout))
		parse_error(p, l, "persistence_timeout invalid");
	return 0;
}

static int vs_persistence_granularity(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *g = kw_arg(p, l, 1);
	int af = vs->af;
	uint32_t prefix;
	struct in_addr mask;

	(void)child;
	if (!g)
		return 0;
	if (!af)
		af = strchr(g, '.') ? AF_INET : AF_INET6;
	if (af == AF_INET6) {
		if (!kw_uint(p, l, 1, 1, 128, &prefix)) {
			parse_error(p, l, "Invalid IPv6 persistence_granularity specified - %s", g);
			return 0;
		}
		vs->granularity = prefix;
	} else {
		if (!inet_aton(g, &mask)) {
			parse_error(p, l, "Invalid IPv4 persistence_granularity specified - %s", g);
			return 0;
		}
		vs->granularity = mask.s_addr;
	}
	if (!vs->af)
		vs->af = af;
	if (!vs->persistence_timeout)
		vs->persistence_timeout = 360;
	return 0;
}

static int vs_persistence_engine(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *e = kw_arg(p, l, 1);

	(void)child;
	if (!e)
		return 0;
	if (strlen(e) >= sizeof(vs->pe))
		parse_warn(p, l, "persistence_name too long, truncating - %s", e);
	snprintf(vs->pe, sizeof(vs->pe), "%s", e);
	return 0;
}

static int vs_protocol(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	const char *s = kw_arg(p, l, 1);

	(void)child;
	if (!s)
		return 0;
	if (!strcasecmp(s, "TCP"))
		vs->protocol = IPPROTO_TCP;
	else if (!strcasecmp(s, "UDP"))
		vs->protocol = IPPROTO_UDP;
	else if (!strcasecmp(s, "SCTP"))
		vs->protocol = IPPROTO_SCTP;
	else
		parse_error(p, l, "Unknown protocol %s - ignoring", s);
	return 0;
}

static int vs_virtualhost(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	read_virtualhost(p, l, c->m, "virtual", &c->vs->virtualhost);
	return 0;
}

/* smtp_alert [BOOL] and snmp_name NAME: checked, not acted on. */
static int vs_smtp_alert(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	if (kw_bool(l, 1) < 0)
		parse_error(p, l, "Invalid %s smtp_alert parameter %s",
			    ((struct kw_ctx *)obj)->rs ? "real_server" : "virtual_server", l->argv[1]);
	return 0;
}

static int snmp_name(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	if (l->argc != 2)
		parse_error(p, l, "%s server snmp_name missing or extra parameters",
			    ((struct kw_ctx *)obj)->rs ? "real" : "virtual");
	return 0;
}

static int vs_quorum_script(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	read_script_once(p, l, c, !strcmp(l->argv[0], "quorum_up") ? &c->vs->quorum_up : &c->vs->quorum_down);
	return 0;
}

static int vs_quorum(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;
	uint32_t v;

	(void)child;
	if (!strcmp(l->argv[0], "quorum")) {
		if (!kw_uint(p, l, 1, 1, UINT32_MAX, &v)) {
			parse_error(p, l, "Quorum %s must be in [1, %u]. Setting to 1.", l->argc > 1 ? l->argv[1] : "",
				    UINT32_MAX);
			v = 1;
		}
		vs->quorum = v;
	} else if (kw_uint(p, l, 1, 0, UINT32_MAX, &v)) {
		vs->hysteresis = v;
	} else {
		parse_error(p, l, "Hysteresis %s must be in [0, %u] - ignoring", l->argc > 1 ? l->argv[1] : "",
			    UINT32_MAX);
	}
	return 0;
}

static int vs_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	read_weight(p, l, 1, "Virtual", &((struct kw_ctx *)obj)->vs->weight);
	return 0;
}

/* nat_mask: LVS 0.x's, reported unknown by keepalived 2.x and meaningless
 * to IPVS; accepted with a word, not dropped in silence (spec 4.1). */
static int vs_nat_mask(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)obj, (void)child;
	parse_warn(p, l, "nat_mask is obsolete and has no effect - ignoring");
	return 0;
}

/* ---- real_server / sorry_server IP [PORT] ---- */

/* The address and port of a real or sorry server header into @rs. */
static bool server_address(struct parse *p, const struct conf_line *l, struct kw_ctx *c, struct model_rs *rs)
{
	const char *a = kw_arg(p, l, 1);

	if (!a)
		return false;
	rs->file = kw_file(c, l);
	rs->line = l->line;
	return kw_port(p, l, 2, &rs->port) && kw_addr(a, &rs->af, &rs->addr);
}

static int vs_sorry_server(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	struct model_rs *rs = model_rs_new(c->m);

	(void)child;
	if (!server_address(p, l, c, rs)) {
		parse_error(p, l, "Invalid sorry server IP address %s - skipping", l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	rs->weight = 1;
	c->vs->sorry = rs;
	return 0;
}

static int vs_sorry_inhibit(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_vs *vs = ((struct kw_ctx *)obj)->vs;

	(void)child;
	if (vs->sorry)
		vs->sorry_server_inhibit = true;
	else
		parse_error(p, l, "Ignoring sorry_server inhibit used before or without sorry_server");
	return 0;
}

static int vs_sorry_method(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_rs *rs = ((struct kw_ctx *)obj)->vs->sorry;
	struct fwd f = { 0 };

	(void)child;
	if (!rs) {
		parse_error(p, l, "sorry_server forwarding used without sorry_server");
		return 0;
	}
	if (forwarding(p, l, "sorry", &f))
		rs_set_fwd(rs, &f);
	return 0;
}

static int rs_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = kw_ctx_new(((struct kw_ctx *)obj)->m, obj);
	struct model_rs *rs = model_rs_new(c->m), **tail = &c->vs->rs;

	if (!server_address(p, l, c, rs)) {
		if (l->argc > 2)
			parse_error(p, l, "Invalid real server ip address/port %s/%s - skipping", l->argv[1],
				    l->argv[2]);
		else
			parse_error(p, l, "Invalid real server ip address %s - skipping",
				    l->argc > 1 ? l->argv[1] : "");
		return -1;
	}
	while (*tail)
		tail = &(*tail)->next;
	*tail = rs;
	c->rs = rs;
	*child = c;
	return 0;
}

static int rs_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	read_weight(p, l, 0, "Real", &((struct kw_ctx *)obj)->rs->weight);
	return 0;
}

static int rs_lvs_method(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_rs *rs = ((struct kw_ctx *)obj)->rs;
	struct fwd f = { 0 };

	(void)child;
	if (forwarding(p, l, "real", &f))
		rs_set_fwd(rs, &f);
	return 0;
}

static int rs_threshold(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_rs *rs = ((struct kw_ctx *)obj)->rs;
	uint32_t v;

	(void)child;
	if (!kw_uint(p, l, 1, 0, UINT32_MAX, &v)) {
		parse_error(p, l, "Invalid real_server %s '%s' - ignoring", l->argv[0], l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	if (l->argv[0][0] == 'u')
		rs->u_threshold = v;
	else
		rs->l_threshold = v;
	return 0;
}

static int rs_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_rs *rs = ((struct kw_ctx *)obj)->rs;
	int v = flag(p, l, l->argv[0]);

	(void)child;
	if (v < 0)
		return 0;
	if (!strcmp(l->argv[0], "alpha"))
		rs->alpha = v;
	else
		rs->inhibit_on_failure = v;
	return 0;
}

static int rs_notify(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	read_script_once(p, l, c, !strcmp(l->argv[0], "notify_up") ? &c->rs->notify_up : &c->rs->notify_down);
	return 0;
}

static int rs_timer(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	set_timer(p, l, rs_timers, ((struct kw_ctx *)obj)->rs);
	return 0;
}

static int rs_retry(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)child;
	read_retry(p, l, &((struct kw_ctx *)obj)->rs->retry);
	return 0;
}

static int rs_virtualhost(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	read_virtualhost(p, l, c->m, "real", &c->rs->virtualhost);
	return 0;
}

static const struct parse_kw kw_rs[] = {
	{ "weight", PARSE_LINE, rs_weight, NULL, NULL },
	{ "lvs_method", PARSE_LINE, rs_lvs_method, NULL, NULL },
	{ "uthreshold", PARSE_LINE, rs_threshold, NULL, NULL },
	{ "lthreshold", PARSE_LINE, rs_threshold, NULL, NULL },
	{ "inhibit_on_failure", PARSE_LINE, rs_flag, NULL, NULL },
	{ "alpha", PARSE_LINE, rs_flag, NULL, NULL },
	{ "notify_up", PARSE_LINE, rs_notify, NULL, NULL },
	{ "notify_down", PARSE_LINE, rs_notify, NULL, NULL },
	{ "retry", PARSE_LINE, rs_retry, NULL, NULL },
	{ "delay_before_retry", PARSE_LINE, rs_timer, NULL, NULL },
	{ "warmup", PARSE_LINE, rs_timer, NULL, NULL },
	{ "connect_timeout", PARSE_LINE, rs_timer, NULL, NULL },
	{ "delay_loop", PARSE_LINE, rs_timer, NULL, NULL },
	{ "smtp_alert", PARSE_LINE, vs_smtp_alert, NULL, NULL },
	{ "virtualhost", PARSE_LINE, rs_virtualhost, NULL, NULL },
	{ "snmp_name", PARSE_LINE, snmp_name, NULL, NULL },
	{ "TCP_CHECK", PARSE_BLOCK, kw_checker_open, kw_tcp_check, NULL },
	{ "HTTP_GET", PARSE_BLOCK, kw_checker_open, kw_http_check, NULL },
	{ "SSL_GET", PARSE_BLOCK, kw_checker_open, kw_http_check, NULL },
	{ "MISC_CHECK", PARSE_BLOCK, kw_checker_open, kw_misc_check, NULL },
	{ "SMTP_CHECK", PARSE_BLOCK, kw_checker_open, kw_smtp_check, NULL },
	{ "DNS_CHECK", PARSE_BLOCK, kw_checker_open, kw_dns_check, NULL },
	{ "UDP_CHECK", PARSE_BLOCK, kw_checker_open, kw_udp_check, NULL },
	{ "PING_CHECK", PARSE_BLOCK, kw_checker_open, kw_ping_check, NULL },
	{ "FILE_CHECK", PARSE_BLOCK, kw_checker_open, kw_file_check, NULL },
	{ "BFD_CHECK", PARSE_BLOCK, kw_checker_open, kw_bfd_check, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct parse_kw kw_vs[] = {
	{ "ip_family", PARSE_LINE, vs_ip_family, NULL, NULL },
	{ "retry", PARSE_LINE, vs_retry, NULL, NULL },
	{ "delay_before_retry", PARSE_LINE, vs_timer, NULL, NULL },
	{ "warmup", PARSE_LINE, vs_timer, NULL, NULL },
	{ "connect_timeout", PARSE_LINE, vs_timer, NULL, NULL },
	{ "delay_loop", PARSE_LINE, vs_timer, NULL, NULL },
	{ "inhibit_on_failure", PARSE_LINE, vs_flag, NULL, NULL },
	{ "lb_algo", PARSE_LINE, vs_lb_algo, NULL, NULL },
	{ "lvs_sched", PARSE_LINE, vs_lb_algo, NULL, NULL },
	{ "hashed", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "ops", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "flag-1", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "flag-2", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "flag-3", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "sh-port", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "sh-fallback", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "mh-port", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "mh-fallback", PARSE_LINE, vs_sched_flag, NULL, NULL },
	{ "lb_kind", PARSE_LINE, vs_lb_kind, NULL, NULL },
	{ "lvs_method", PARSE_LINE, vs_lb_kind, NULL, NULL },
	{ "persistence_engine", PARSE_LINE, vs_persistence_engine, NULL, NULL },
	{ "persistence_timeout", PARSE_LINE, vs_persistence_timeout, NULL, NULL },
	{ "persistence_granularity", PARSE_LINE, vs_persistence_granularity, NULL, NULL },
	{ "protocol", PARSE_LINE, vs_protocol, NULL, NULL },
	{ "ha_suspend", PARSE_LINE, vs_flag, NULL, NULL },
	{ "smtp_alert", PARSE_LINE, vs_smtp_alert, NULL, NULL },
	{ "virtualhost", PARSE_LINE, vs_virtualhost, NULL, NULL },
	{ "snmp_name", PARSE_LINE, snmp_name, NULL, NULL },
	{ "alpha", PARSE_LINE, vs_flag, NULL, NULL },
	{ "omega", PARSE_LINE, vs_flag, NULL, NULL },
	{ "quorum_up", PARSE_LINE, vs_quorum_script, NULL, NULL },
	{ "quorum_down", PARSE_LINE, vs_quorum_script, NULL, NULL },
	{ "quorum", PARSE_LINE, vs_quorum, NULL, NULL },
	{ "hysteresis", PARSE_LINE, vs_quorum, NULL, NULL },
	{ "weight", PARSE_LINE, vs_weight, NULL, NULL },
	{ "sorry_server", PARSE_LINE, vs_sorry_server, NULL, NULL },
	{ "sorry_server_inhibit", PARSE_LINE, vs_sorry_inhibit, NULL, NULL },
	{ "sorry_server_lvs_method", PARSE_LINE, vs_sorry_method, NULL, NULL },
	{ "real_server", PARSE_BLOCK, rs_open, kw_rs, NULL },
	{ "nat_mask", PARSE_LINE, vs_nat_mask, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct parse_kw kw_check_roots[] = {
	{ "global_defs", PARSE_BLOCK, kw_global_open, kw_global_defs, NULL },
	{ "SSL", PARSE_BLOCK, ssl_open, kw_ssl, NULL },
	{ "virtual_server_group", PARSE_ITEMS, vsg_open, NULL, vsg_entry },
	{ "virtual_server", PARSE_BLOCK, vs_open, kw_vs, NULL },
	/* root keywords of neither side (spec 1.4): the namespace and the
	 * process layout are the service manager's business under xvsd */
	{ "net_namespace", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ "net_namespace_ipvs", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ "namespace_with_ipsets", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ "instance", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ "use_pid_dir", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ "linkbeat_use_polling", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ "child_wait_time", PARSE_LINE, kw_root_ignored, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL },
};
