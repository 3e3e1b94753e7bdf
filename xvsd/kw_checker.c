// SPDX-License-Identifier: GPL-2.0
/*
 * The checker blocks of a real_server (TCP_CHECK, HTTP_GET, SSL_GET,
 * MISC_CHECK, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK,
 * BFD_CHECK), each a model_check in config order.  Their timing stays
 * MODEL_UNSET where the block leaves it to the real or virtual server;
 * check_validate() resolves it, and drops the checkers keepalived drops at
 * the end of their block (no url, no misc_path ...).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kw_check.h"

static const struct {
	const char *name;
	enum model_check_type type;
} checker_names[] = {
	{ "TCP_CHECK", CHECK_TCP },   { "HTTP_GET", CHECK_HTTP },   { "SSL_GET", CHECK_SSL },
	{ "MISC_CHECK", CHECK_MISC }, { "SMTP_CHECK", CHECK_SMTP }, { "DNS_CHECK", CHECK_DNS },
	{ "UDP_CHECK", CHECK_UDP },   { "PING_CHECK", CHECK_PING }, { "FILE_CHECK", CHECK_FILE },
	{ "BFD_CHECK", CHECK_BFD },
};

/* Link @c after @after (NULL: at the end of @rs's checkers). */
static void link_check(struct model_rs *rs, struct model_check *after, struct model_check *c)
{
	struct model_check **t = after ? &after->next : &rs->checks;

	if (!after)
		while (*t)
			t = &(*t)->next;
	c->next = *t;
	*t = c;
}

int kw_checker_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = kw_ctx_new(((struct kw_ctx *)obj)->m, obj);
	struct model_check *chk = NULL;

	(void)p;
	for (size_t i = 0; i < sizeof(checker_names) / sizeof(checker_names[0]); i++)
		if (!strcmp(l->argv[0], checker_names[i].name))
			chk = model_check_new(c->m, checker_names[i].type);
	chk->file = kw_file(c, l);
	chk->line = l->line;
	link_check(c->rs, NULL, chk);
	c->check = chk;
	c->url = NULL;
	*child = c;
	return 0;
}

/*
 * SMTP_CHECK's deprecated host{} blocks are extra checkers linked after
 * their SMTP_CHECK; what the SMTP_CHECK says of itself outside their
 * connection (timing, helo_name) is theirs too, so it is copied to them
 * after every such keyword.
 */
static void smtp_share(const struct kw_ctx *c)
{
	const struct model_check *smtp = c->check;
	struct model_check *h = smtp->next;

	for (int i = 0; i < c->smtp_hosts && h; i++, h = h->next) {
		h->delay_loop_us = smtp->delay_loop_us;
		h->delay_before_retry_us = smtp->delay_before_retry_us;
		h->warmup_us = smtp->warmup_us;
		h->retry = smtp->retry;
		h->alpha = smtp->alpha;
		h->log_all_failures = smtp->log_all_failures;
		h->helo_name = smtp->helo_name;
	}
}

/* ---- the connection keywords (all but MISC, FILE and BFD) ---- */

static int co_ip(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	bool connect = !strcmp(l->argv[0], "connect_ip");
	struct model_addr a = { 0 }, *other = connect ? &chk->bindto : &chk->connect_ip;
	const char *s = kw_arg(p, l, 1);

	(void)child;
	if (!s)
		return 0;
	if (!kw_addr(s, &a.af, &a.addr)) {
		parse_error(p, l, "Invalid %s address %s - ignoring", l->argv[0], s);
		return 0;
	}
	if (other->af && other->af != a.af) {
		parse_error(p, l, "%s address %s does not match address family of %s - skipping", l->argv[0], s,
			    connect ? "bindto" : "connect_ip");
		return 0;
	}
	if (connect)
		chk->connect_ip = a;
	else
		chk->bindto = a;
	return 0;
}

static int co_port(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	bool connect = !strcmp(l->argv[0], "connect_port");
	uint32_t port;

	(void)child;
	if (!kw_uint(p, l, 1, 1, 65535, &port)) {
		parse_error(p, l, "Invalid checker %s '%s'", l->argv[0], l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	if (connect)
		chk->connect_port = (int)port;
	else
		chk->bind_port = (int)port;
	return 0;
}

static int co_bind_if(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	const char *ifname = kw_arg(p, l, 1);

	(void)child;
	if (!ifname)
		return 0;
	if (strlen(ifname) >= sizeof(chk->bind_if))
		parse_error(p, l, "Interface name %s is too long - ignoring", ifname);
	else
		snprintf(chk->bind_if, sizeof(chk->bind_if), "%s", ifname);
	return 0;
}

static int co_timeout(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	int64_t v;

	(void)child;
	if (kw_timer(p, l, 1, 1, UINT32_MAX, &v))
		chk->connect_timeout_us = v;
	else if (l->argc > 1)
		parse_error(p, l, "connect_timeout %s invalid - ignoring", l->argv[1]);
	return 0;
}

static int co_fwmark(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;

	(void)child;
	if (!kw_uint(p, l, 1, 0, UINT32_MAX, &chk->fwmark) && l->argc > 1)
		parse_error(p, l, "Invalid fwmark connection value '%s'", l->argv[1]);
	return 0;
}

/* ---- the timing keywords (all but FILE and BFD) ---- */

static int chk_retry(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	bool legacy = !strcmp(l->argv[0], "nb_get_retry");
	uint32_t v;

	(void)child;
	/* keepalived knows nb_get_retry in HTTP_GET/SSL_GET only; old
	 * configs have it in every checker (spec 4.1) */
	if (legacy)
		parse_warn(p, l, "nb_get_retry is deprecated - please use 'retry'");
	if (kw_uint(p, l, 1, 0, UINT32_MAX, &v))
		c->check->retry = (int)(v > INT32_MAX ? INT32_MAX : v);
	else if (l->argc > 1)
		parse_error(p, l, legacy ? "Invalid nb_get_retry value '%s'" : "Invalid retry connection value '%s'",
			    l->argv[1]);
	smtp_share(c);
	return 0;
}

static int chk_timer(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	const char *k = l->argv[0];
	bool loop = !strcmp(k, "delay_loop");
	int64_t v, *field = loop			     ? &c->check->delay_loop_us :
			    !strcmp(k, "delay_before_retry") ? &c->check->delay_before_retry_us :
							       &c->check->warmup_us;

	(void)child;
	if (kw_timer(p, l, 1, loop ? 1 : 0, KW_TIMER_MAX, &v))
		*field = v;
	else if (l->argc > 1 && loop)
		parse_error(p, l, "delay_loop '%s' is invalid - ignoring", l->argv[1]);
	else if (l->argc > 1)
		parse_error(p, l, "Invalid %s connection value '%s'", k, l->argv[1]);
	smtp_share(c);
	return 0;
}

static int chk_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	int v = kw_bool(l, 1);

	(void)child;
	if (v < 0) {
		parse_error(p, l, "Invalid %s parameter %s", l->argv[0], l->argv[1]);
		return 0;
	}
	if (!strcmp(l->argv[0], "alpha"))
		c->check->alpha = v;
	else
		c->check->log_all_failures = v;
	smtp_share(c);
	return 0;
}

/* clang-format off */
/* The keywords every connecting checker takes, and those of its timing. */
#define CONNECTION_KWS \
	{ "connect_ip", PARSE_LINE, co_ip, NULL, NULL }, \
	{ "connect_port", PARSE_LINE, co_port, NULL, NULL }, \
	{ "bindto", PARSE_LINE, co_ip, NULL, NULL }, \
	{ "bind_port", PARSE_LINE, co_port, NULL, NULL }, \
	{ "bind_if", PARSE_LINE, co_bind_if, NULL, NULL }, \
	{ "connect_timeout", PARSE_LINE, co_timeout, NULL, NULL }, \
	{ "fwmark", PARSE_LINE, co_fwmark, NULL, NULL }
#define TIMING_KWS \
	{ "retry", PARSE_LINE, chk_retry, NULL, NULL }, \
	{ "nb_get_retry", PARSE_LINE, chk_retry, NULL, NULL }, \
	{ "delay_before_retry", PARSE_LINE, chk_timer, NULL, NULL }, \
	{ "warmup", PARSE_LINE, chk_timer, NULL, NULL }, \
	{ "delay_loop", PARSE_LINE, chk_timer, NULL, NULL }, \
	{ "alpha", PARSE_LINE, chk_flag, NULL, NULL }, \
	{ "log_all_failures", PARSE_LINE, chk_flag, NULL, NULL }
#define END_KWS { NULL, 0, NULL, NULL, NULL }
/* clang-format on */

const struct parse_kw kw_tcp_check[] = { CONNECTION_KWS, TIMING_KWS, END_KWS };
const struct parse_kw kw_ping_check[] = { CONNECTION_KWS, TIMING_KWS, END_KWS };

/* ---- HTTP_GET / SSL_GET ---- */

static int url_open(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = kw_ctx_new(((struct kw_ctx *)obj)->m, obj);
	struct model_url **t = &c->check->urls;

	(void)p, (void)l;
	c->url = model_alloc(c->m, sizeof(*c->url));
	while (*t)
		t = &(*t)->next;
	*t = c->url;
	*child = c;
	return 0;
}

static int url_path(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	const char *path = kw_arg(p, l, 1);

	(void)child;
	if (path)
		c->url->path = model_strdup(c->m, path);
	return 0;
}

static int url_digest(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	const char *d = kw_arg(p, l, 1);
	char hex[33];

	(void)child;
	if (!d)
		return 0;
	if (c->url->digest) {
		parse_error(p, l, "Digest '%s' is a duplicate", d);
		return 0;
	}
	if (strlen(d) != 32) {
		parse_error(p, l, "digest '%s' character length should be %d rather than %zu", d, 32, strlen(d));
		return 0;
	}
	for (int i = 0; i < 32; i++) {
		if (!isxdigit((unsigned char)d[i])) {
			parse_error(p, l, "Unable to interpret hex digit in '%s' at offset %d/%d", d, i & ~1,
				    (i & ~1) + 1);
			return 0;
		}
		hex[i] = (char)tolower((unsigned char)d[i]);
	}
	hex[32] = 0;
	c->url->digest = model_strdup(c->m, hex);
	return 0;
}

/* "200", "200-299": keepalived takes 100..599. Returns: whether valid. */
static bool status_range(const char *s, unsigned *lo, unsigned *hi)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	*lo = (unsigned)strtoul(s, &end, 10);
	*hi = *lo;
	if (*end == '-') {
		if (!isdigit((unsigned char)end[1]))
			return false;
		*hi = (unsigned)strtoul(end + 1, &end, 10);
	}
	return !*end && *lo >= 100 && *hi <= 599 && *lo <= *hi;
}

static int url_status_code(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_url *url = ((struct kw_ctx *)obj)->url;
	unsigned lo, hi;

	(void)child;
	for (int i = 1; i < l->argc; i++) {
		if (!status_range(l->argv[i], &lo, &hi)) {
			parse_error(p, l, "Invalid HTTP_GET status code '%s'", l->argv[i]);
			continue;
		}
		for (unsigned code = lo; code <= hi; code++)
			url->status[code / 8] |= (uint8_t)(1u << (code % 8));
		url->status_set = true;
	}
	return 0;
}

static int url_virtualhost(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	if (l->argc < 2)
		parse_error(p, l, "Missing HTTP_GET virtualhost name");
	else
		c->url->virtualhost = model_strdup(c->m, l->argv[1]);
	return 0;
}

static int url_regex(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	if (!strcmp(l->argv[0], "regex_no_match")) {
		c->url->regex_no_match = true;
	} else if (l->argc != 2) {
		parse_error(p, l, "regex missing or too many fields");
	} else {
		c->url->regex = model_strdup(c->m, l->argv[1]);
	}
	return 0;
}

/* regex_options, regex_min_offset, regex_max_offset, regex_stack: PCRE
 * tuning keepalived accepts; xvsd's matcher has no use for them. */
static int url_regex_tuning(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)obj, (void)child;
	return 0;
}

static const struct parse_kw kw_url[] = {
	{ "path", PARSE_LINE, url_path, NULL, NULL },
	{ "digest", PARSE_LINE, url_digest, NULL, NULL },
	{ "status_code", PARSE_LINE, url_status_code, NULL, NULL },
	{ "virtualhost", PARSE_LINE, url_virtualhost, NULL, NULL },
	{ "regex", PARSE_LINE, url_regex, NULL, NULL },
	{ "regex_no_match", PARSE_LINE, url_regex, NULL, NULL },
	{ "regex_options", PARSE_LINE, url_regex_tuning, NULL, NULL },
	{ "regex_min_offset", PARSE_LINE, url_regex_tuning, NULL, NULL },
	{ "regex_max_offset", PARSE_LINE, url_regex_tuning, NULL, NULL },
	{ "regex_stack", PARSE_LINE, url_regex_tuning, NULL, NULL },
	END_KWS,
};

static int http_virtualhost(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	if (l->argc < 2)
		parse_error(p, l, "HTTP_GET virtualhost name missing");
	else
		c->check->virtualhost = model_strdup(c->m, l->argv[1]);
	return 0;
}

static int http_protocol(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	const char *v = l->argc > 1 ? l->argv[1] : NULL;

	(void)child;
	if (!v)
		parse_error(p, l, "Missing http_protocol version");
	else if (!strcmp(v, "1.0"))
		chk->http_protocol = 0;
	else if (!strcmp(v, "1.0C") || !strcmp(v, "1.0c"))
		chk->http_protocol = 1;
	else if (!strcmp(v, "1.1"))
		chk->http_protocol = 2;
	else
		parse_error(p, l, "Invalid http_protocol version %s", v);
	return 0;
}

static int http_flag(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	int v = kw_bool(l, 1);

	(void)child;
	if (v < 0) {
		parse_error(p, l, "Invalid %s parameter %s", l->argv[0], l->argv[1]);
		return 0;
	}
	if (!strcmp(l->argv[0], "fast_recovery"))
		chk->fast_recovery = v;
	else if (!strcmp(l->argv[0], "enable_sni"))
		chk->enable_sni = v;
	else
		chk->tls_compliant = v;
	return 0;
}

static int http_sni_name(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	const char *name = kw_arg(p, l, 1);

	(void)child;
	if (name)
		c->check->sni_name = model_strdup(c->m, name);
	return 0;
}

const struct parse_kw kw_http_check[] = {
	CONNECTION_KWS,
	TIMING_KWS,
	{ "virtualhost", PARSE_LINE, http_virtualhost, NULL, NULL },
	{ "http_protocol", PARSE_LINE, http_protocol, NULL, NULL },
	{ "enable_sni", PARSE_LINE, http_flag, NULL, NULL },
	{ "fast_recovery", PARSE_LINE, http_flag, NULL, NULL },
	/* keepalived 2.2.8 and later (not 2.2.7): SSL_GET's */
	{ "sni_name", PARSE_LINE, http_sni_name, NULL, NULL },
	{ "tls_compliant", PARSE_LINE, http_flag, NULL, NULL },
	{ "url", PARSE_BLOCK, url_open, kw_url, NULL },
	END_KWS,
};

/* ---- MISC_CHECK ---- */

static int misc_path(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	struct model_cmd cmd = { 0 };

	(void)child;
	if (kw_script(p, l, c->m, &cmd, false))
		return 0;
	cmd.user = c->check->misc.user;
	cmd.group = c->check->misc.group;
	c->check->misc = cmd;
	if (kw_script_runs(&cmd))
		c->m->uses_scripts = true;
	return 0;
}

static int misc_timeout(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	uint32_t secs;

	(void)child;
	if (!kw_uint(p, l, 1, 0, UINT32_MAX / MODEL_SEC, &secs)) {
		parse_error(p, l, "Invalid misc_timeout value '%s'", l->argc > 1 ? l->argv[1] : "");
		return 0;
	}
	/* 0 is keepalived's "not set": the delay_loop then */
	chk->misc_timeout_us = secs ? secs * MODEL_SEC : MODEL_UNSET;
	return 0;
}

static int misc_dynamic(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	int v = kw_bool(l, 1);

	(void)child;
	if (v < 0) {
		parse_error(p, l, "Invalid misc_dynamic parameter %s", l->argv[1]);
		return 0;
	}
	/* each dynamic checker sets the weight: two fight over it */
	for (const struct model_check *o = c->rs->checks; v && o; o = o->next)
		if (o != c->check && o->type == CHECK_MISC && o->misc_dynamic) {
			parse_warn(p, l,
				   "Warning - more than one dynamic misc checker per real server will cause problems");
			break;
		}
	c->check->misc_dynamic = v;
	return 0;
}

static int misc_user(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	if (l->argc < 2) {
		parse_error(p, l, "No user specified for misc checker script %s",
			    c->check->misc.text ? c->check->misc.text : "");
		return 0;
	}
	c->check->misc.user = model_strdup(c->m, l->argv[1]);
	c->check->misc.group = l->argc > 2 ? model_strdup(c->m, l->argv[2]) : NULL;
	return 0;
}

const struct parse_kw kw_misc_check[] = {
	TIMING_KWS,
	{ "misc_path", PARSE_LINE, misc_path, NULL, NULL },
	{ "misc_timeout", PARSE_LINE, misc_timeout, NULL, NULL },
	{ "misc_dynamic", PARSE_LINE, misc_dynamic, NULL, NULL },
	{ "user", PARSE_LINE, misc_user, NULL, NULL },
	END_KWS,
};

/* ---- SMTP_CHECK ---- */

static int smtp_helo_name(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;

	(void)child;
	if (l->argc < 2) {
		parse_error(p, l, "SMTP_CHECK helo name missing");
		return 0;
	}
	c->check->helo_name = model_strdup(c->m, l->argv[1]);
	smtp_share(c);
	return 0;
}

/*
 * host { connection keywords }: one more SMTP checker, as keepalived 2.x
 * turns each host into.  keepalived only logs that the block is
 * deprecated, not as a configuration error (-t stays 0): no report here.
 */
static int smtp_host(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *parent = obj, *c = kw_ctx_new(parent->m, parent);
	struct model_check *host = model_alloc(parent->m, sizeof(*host)), *after = parent->check;

	(void)p;
	*host = *parent->check;
	host->file = kw_file(c, l);
	host->line = l->line;
	for (int i = 0; i < parent->smtp_hosts; i++)
		after = after->next;
	link_check(parent->rs, after, host);
	parent->smtp_hosts++;
	c->check = host;
	*child = c;
	return 0;
}

static const struct parse_kw kw_smtp_host[] = { CONNECTION_KWS, TIMING_KWS, END_KWS };

const struct parse_kw kw_smtp_check[] = {
	CONNECTION_KWS,
	TIMING_KWS,
	{ "helo_name", PARSE_LINE, smtp_helo_name, NULL, NULL },
	{ "host", PARSE_BLOCK, smtp_host, kw_smtp_host, NULL },
	END_KWS,
};

/* ---- DNS_CHECK ---- */

static int dns_type(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	static const struct {
		const char *name;
		int type;
	} types[] = { { "A", 1 },    { "NS", 2 },    { "CNAME", 5 },  { "SOA", 6 },    { "MX", 15 },
		      { "TXT", 16 }, { "AAAA", 28 }, { "RRSIG", 46 }, { "DNSKEY", 48 } };
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	const char *t = kw_arg(p, l, 1);

	(void)child;
	if (!t)
		return 0;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (!strcasecmp(t, types[i].name)) {
			chk->dns_type = types[i].type;
			return 0;
		}
	}
	parse_error(p, l, "Unknown DNS check type %s - ignoring", t);
	return 0;
}

static int dns_name(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	const char *n = kw_arg(p, l, 1);

	(void)child;
	if (!n)
		return 0;
	if (c->check->dns_name) {
		parse_error(p, l, "DNS_CHECK name already specified - ignoring");
		return 0;
	}
	/* an empty label: a leading dot (but "." alone, the root), or two in a row */
	if ((n[0] == '.' && n[1]) || strstr(n, "..")) {
		parse_error(p, l, "DNS_CHECK name '%s' has empty label - ignoring", n);
		return 0;
	}
	c->check->dns_name = model_strdup(c->m, n);
	return 0;
}

const struct parse_kw kw_dns_check[] = {
	CONNECTION_KWS,
	TIMING_KWS,
	{ "type", PARSE_LINE, dns_type, NULL, NULL },
	{ "name", PARSE_LINE, dns_name, NULL, NULL },
	END_KWS,
};

/* ---- UDP_CHECK ---- */

static int udp_payload(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	size_t n;

	(void)child;
	if (l->argc < 2) {
		parse_error(p, l, "UDP_CHECK payload requires a payload");
		return 0;
	}
	n = kw_hex(c->m, l, 1, &c->check->payload, NULL);
	if (!n)
		parse_error(p, l, "Invalid hex string for UDP_CHECK payload");
	else
		c->check->payload_len = n;
	return 0;
}

static int udp_require_reply(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	size_t n;

	(void)child;
	c->check->require_reply = true;
	if (l->argc < 2)
		return 0;
	n = kw_hex(c->m, l, 1, &c->check->reply, &c->check->reply_mask);
	if (!n)
		parse_error(p, l, "Invalid hex string for UDP_CHECK reply");
	else
		c->check->reply_len = n;
	return 0;
}

static int udp_reply_length(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	bool min = !strcmp(l->argv[0], "min_reply_length");
	uint32_t v;

	(void)child;
	if (!kw_uint(p, l, 1, 0, 65535, &v)) {
		parse_error(p, l, "UDP_CHECK %s length %s not valid - must be between 0 & %d", min ? "min" : "max",
			    l->argc > 1 ? l->argv[1] : "", 65535);
		return 0;
	}
	if (min)
		chk->min_reply_len = (int)v;
	else
		chk->max_reply_len = (int)v;
	return 0;
}

const struct parse_kw kw_udp_check[] = {
	CONNECTION_KWS,
	TIMING_KWS,
	{ "payload", PARSE_LINE, udp_payload, NULL, NULL },
	{ "require_reply", PARSE_LINE, udp_require_reply, NULL, NULL },
	{ "min_reply_length", PARSE_LINE, udp_reply_length, NULL, NULL },
	{ "max_reply_length", PARSE_LINE, udp_reply_length, NULL, NULL },
	END_KWS,
};

/* ---- FILE_CHECK { track_file NAME; weight N [reverse|noreverse]; dynamic } ---- */

static int file_track(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	const char *name = kw_arg(p, l, 1);

	(void)child;
	if (name)
		c->check->track_name = model_strdup(c->m, name);
	return 0;
}

static int file_weight(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct model_check *chk = ((struct kw_ctx *)obj)->check;
	int32_t w;

	(void)child;
	if (l->argc < 2) {
		parse_error(p, l, "track file weight missing");
		return 0;
	}
	if (!kw_int(p, l, 1, -253, 253, &w)) {
		parse_error(p, l, "weight for track file must be in [%d..%d] inclusive. Ignoring...", -253, 253);
		return 0;
	}
	chk->track_weight = w;
	for (int i = 2; i < l->argc; i++) {
		if (!strcmp(l->argv[i], "reverse"))
			chk->track_reverse = true;
		else if (!strcmp(l->argv[i], "noreverse"))
			chk->track_reverse = false;
		else
			parse_error(p, l, "unknown track file weight option %s - ignoring", l->argv[i]);
	}
	return 0;
}

/* dynamic: keepalived 2.3's; the file's value is the weight either way here */
static int file_dynamic(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p, (void)l, (void)obj, (void)child;
	return 0;
}

const struct parse_kw kw_file_check[] = {
	{ "track_file", PARSE_LINE, file_track, NULL, NULL },
	{ "weight", PARSE_LINE, file_weight, NULL, NULL },
	{ "dynamic", PARSE_LINE, file_dynamic, NULL, NULL },
	END_KWS,
};

/* ---- BFD_CHECK { name BFD_INSTANCE; alpha } ---- */

static int bfd_name(struct parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct kw_ctx *c = obj;
	char rs[MODEL_NAME_LEN];

	(void)child;
	kw_rs_name(c->vs, c->rs, rs);
	if (l->argc != 2)
		parse_error(p, l, "(%s) BFD_CHECK - No or too many names specified - skipping checker", rs);
	else if (strlen(l->argv[1]) > 31)
		parse_error(p, l, "(%s) BFD_CHECK - BFD name %s too long", rs, l->argv[1]);
	else if (c->check->track_name)
		parse_error(p, l, "(%s) BFD_CHECK - BFD %s already specified as %s", rs, l->argv[1],
			    c->check->track_name);
	else
		c->check->track_name = model_strdup(c->m, l->argv[1]);
	return 0;
}

const struct parse_kw kw_bfd_check[] = {
	{ "name", PARSE_LINE, bfd_name, NULL, NULL },
	{ "alpha", PARSE_LINE, chk_flag, NULL, NULL },
	END_KWS,
};
