// SPDX-License-Identifier: GPL-2.0
/*
 * The checkers on the loop (engine.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "log.h"
#include "script.h"

const struct check_type *check_type_of(enum model_check_type type)
{
	static const struct check_type *const types[CHECK_TYPES] = {
		[CHECK_TCP] = &check_tcp_type,   [CHECK_HTTP] = &check_http_type, [CHECK_SSL] = &check_ssl_type,
		[CHECK_MISC] = &check_misc_type, [CHECK_SMTP] = &check_smtp_type, [CHECK_DNS] = &check_dns_type,
		[CHECK_UDP] = &check_udp_type,   [CHECK_PING] = &check_ping_type,
	};

	return type < CHECK_TYPES ? types[type] : NULL;
}

/* Types whose init() ran, so fini() runs once for each at exit. */
static bool type_ready[CHECK_TYPES];

static int type_init(uv_loop_t *loop, const struct check_type *t)
{
	int rc = 0;

	if (type_ready[t->type])
		return 0;
	if (t->init)
		rc = t->init(loop);
	if (rc) {
		xvsd_log(LOG_ERR, "%s cannot start: %s", model_check_name(t->type), strerror(rc < 0 ? -rc : rc));
		return rc;
	}
	type_ready[t->type] = true;
	return 0;
}

void engine_fini(void)
{
	for (int t = 0; t < CHECK_TYPES; t++)
		if (type_ready[t]) {
			const struct check_type *type = check_type_of(t);

			if (type->fini)
				type->fini();
			type_ready[t] = false;
		}
}

/* @af's @a at @port as a socket address. */
static socklen_t sockaddr_of(int af, const union xvs_addr *a, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (af == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, &a->w[3], 4);
		return sizeof(*in);
	}
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons(port);
	memcpy(&in6->sin6_addr, a->b, 16);
	return sizeof(*in6);
}

static void on_done(struct checker *c, enum check_result r, const char *why);

static int checker_new(struct engine *e, struct rs_state *rs, const struct model_check *conf)
{
	const struct model_rs *rc = rs->conf;
	const struct model_vs *vs = rs->vs->conf;
	struct checker *c = calloc(1, sizeof(*c));
	int port = conf->connect_port != MODEL_UNSET ? conf->connect_port : rc->port;
	/* connect_ip, else the real server's */
	int af = conf->connect_ip.af ? conf->connect_ip.af : rc->af;
	const union xvs_addr *addr = conf->connect_ip.af ? &conf->connect_ip.addr : &rc->addr;

	if (!c)
		return -ENOMEM;
	c->conf = conf;
	c->rs = rc;
	c->vs = vs;
	c->loop = e->loop;
	c->global = &e->model->global;
	c->type = check_type_of(conf->type);
	c->owner = rs;
	c->done = on_done;
	c->due_ms = -1;
	c->dst_len = sockaddr_of(af, addr, port, &c->dst);
	if (conf->bindto.af)
		c->src_len = sockaddr_of(conf->bindto.af, &conf->bindto.addr, conf->bind_port, &c->src);
	c->virtualhost = conf->virtualhost ? conf->virtualhost : rc->virtualhost ? rc->virtualhost : vs->virtualhost;
	/* A fwmark service has no protocol; keepalived's checks still say tcp. */
	model_addr_name(af, addr, vs->protocol ? vs->protocol : IPPROTO_TCP, port, c->rs_name);
	model_vs_name(vs, c->vs_name);
	health_checker_init(c);
	uv_timer_init(e->loop, &c->timer);
	c->timer.data = c;
	c->next = rs->checkers;
	rs->checkers = c;
	return 0;
}

int engine_build(struct engine *e, uv_loop_t *loop, struct model *m)
{
	struct vs_state **vtail = &e->vs;

	e->loop = loop;
	e->model = m;
	for (const struct model_vs *vc = m->vs; vc; vc = vc->next) {
		struct vs_state *vs = calloc(1, sizeof(*vs));
		struct rs_state **rtail;

		if (!vs)
			return -ENOMEM;
		vs->conf = vc;
		*vtail = vs;
		vtail = &vs->next;
		rtail = &vs->rs;
		for (const struct model_rs *rc = vc->rs; rc; rc = rc->next) {
			struct rs_state *rs = calloc(1, sizeof(*rs));

			if (!rs)
				return -ENOMEM;
			rs->conf = rc;
			rs->vs = vs;
			*rtail = rs;
			rtail = &rs->next;
			for (const struct model_check *cc = rc->checks; cc; cc = cc->next) {
				const struct check_type *t = check_type_of(cc->type);

				if (!t || type_init(loop, t)) {
					char name[MODEL_NAME_LEN], vsn[MODEL_NAME_LEN];

					xvsd_log(LOG_WARNING, "%s for %s of VS %s is not supported - ignoring it",
						 model_check_name(cc->type), model_rs_name(rc, name), model_vs_name(vc, vsn));
					continue;
				}
				if (checker_new(e, rs, cc))
					return -ENOMEM;
			}
			health_rs_init(rs);
		}
		health_vs_init(vs);
	}
	return 0;
}

static void on_timer(uv_timer_t *t);

static void arm(struct checker *c, int64_t delay_us)
{
	uv_timer_start(&c->timer, on_timer, delay_us > 0 ? (uint64_t)(delay_us + 999) / 1000 : 0, 0);
}

static void run_script(struct engine *e, const struct model_cmd *cmd)
{
	if (cmd->argv)
		script_run(e->loop, cmd, &e->model->global, 0, NULL, NULL);
}

static void on_done(struct checker *c, enum check_result r, const char *why)
{
	struct rs_state *rs = c->owner;
	struct vs_state *vs = rs->vs;
	struct engine *e = c->loop->data;
	bool was_up = c->is_up, first = !c->has_run;
	const char *name = model_check_name(c->conf->type);
	unsigned change;
	int64_t delay;

	delay = health_result(c, r, &change);
	if (r == CHECK_OK && c->is_up && (!was_up || first)) {
		if (c->conf->type == CHECK_TCP)
			xvsd_log(LOG_INFO, "TCP connection to %s success.", c->rs_name);
		else
			xvsd_log(LOG_INFO, "%s on service %s success.", name, c->rs_name);
	} else if (r == CHECK_FAIL && was_up && !c->is_up) {
		xvsd_log(LOG_INFO, "%s on service %s failed after %d retries.", name, c->rs_name, c->conf->retry);
	} else if (r == CHECK_FAIL && (was_up || c->conf->log_all_failures)) {
		xvsd_log(LOG_INFO, "%s on service %s failed%s%s.", name, c->rs_name, why ? ": " : "", why ? why : "");
	}
	/* MISC_CHECK times its next run from the start of the last one (3.2). */
	if (c->conf->type == CHECK_MISC) {
		int64_t spent = (int64_t)(uv_now(c->loop) * 1000 - c->started_us);

		delay = delay > spent ? delay - spent : 0;
	}
	arm(c, delay);
	if (!change)
		return;
	if (change & HEALTH_RS_UP)
		run_script(e, &rs->conf->notify_up);
	if (change & HEALTH_RS_DOWN)
		run_script(e, &rs->conf->notify_down);
	if (change & (HEALTH_QUORUM_UP | HEALTH_QUORUM_DOWN)) {
		const struct model_vs *vc = vs->conf;
		char vsn[MODEL_NAME_LEN];

		model_vs_name(vc, vsn);
		if (change & HEALTH_QUORUM_UP) {
			xvsd_log(LOG_INFO, "Gained quorum %u+%u=%u <= %lld for VS %s", vc->quorum, vc->hysteresis,
				 vc->quorum + vc->hysteresis, (long long)vs->weight_sum, vsn);
			run_script(e, &vc->quorum_up);
		} else {
			xvsd_log(LOG_INFO, "Lost quorum %u-%u=%u > %lld for VS %s", vc->quorum, vc->hysteresis,
				 vc->quorum - vc->hysteresis, (long long)vs->weight_sum, vsn);
			run_script(e, &vc->quorum_down);
		}
	}
	if (e->changed)
		e->changed(e, vs, change);
}

/*
 * ha_suspend: is @vs's address on one of this host's interfaces?  Read at
 * most once a second however many checkers ask (thousands may).
 */
static bool vip_is_local(uv_loop_t *loop, const struct model_vs *vs)
{
	static struct ifaddrs *addrs;
	static uint64_t read_at;
	uint64_t now = uv_now(loop);

	if (!addrs || now - read_at >= 1000) {
		if (addrs)
			freeifaddrs(addrs);
		addrs = NULL;
		if (getifaddrs(&addrs))
			return true; /* cannot tell: keep checking */
		read_at = now;
	}
	for (const struct ifaddrs *a = addrs; a; a = a->ifa_next) {
		const struct sockaddr *sa = a->ifa_addr;

		if (!sa || sa->sa_family != vs->af)
			continue;
		if (sa->sa_family == AF_INET && !memcmp(&((const struct sockaddr_in *)sa)->sin_addr, &vs->addr.w[3], 4))
			return true;
		if (sa->sa_family == AF_INET6 && !memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, vs->addr.b, 16))
			return true;
	}
	return false;
}

static void on_timer(uv_timer_t *t)
{
	struct checker *c = t->data;
	int rc;

	if (c->running)
		return;
	/* ha_suspend: no checks while the VIP is elsewhere (on the other director). */
	if (c->vs->ha_suspend && c->vs->kind == VS_ADDR && !vip_is_local(c->loop, c->vs)) {
		arm(c, c->conf->delay_loop_us);
		return;
	}
	c->running = true;
	c->started_us = uv_now(c->loop) * 1000;
	rc = c->type->start(c);
	if (rc) {
		c->running = false;
		on_done(c, CHECK_FAIL, strerror(-rc));
	}
}

static bool same_addr(const struct model_addr *a, const struct model_addr *b)
{
	return a->af == b->af && (!a->af || !memcmp(&a->addr, &b->addr, sizeof(a->addr)));
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_urls(const struct model_url *a, const struct model_url *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (!same_str(a->path, b->path) || !same_str(a->digest, b->digest) ||
		    memcmp(a->status, b->status, sizeof(a->status)) || !same_str(a->virtualhost, b->virtualhost) ||
		    !same_str(a->regex, b->regex) || a->regex_no_match != b->regex_no_match)
			return false;
	return !a && !b;
}

static bool same_bytes(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	return alen == blen && (!alen || !memcmp(a, b, alen));
}

/* keepalived's compare_*_check(): the same checker, so its state can move to the new config. */
static bool same_check(const struct model_check *a, const struct model_check *b)
{
	return a->type == b->type && same_addr(&a->connect_ip, &b->connect_ip) && a->connect_port == b->connect_port &&
	       same_addr(&a->bindto, &b->bindto) && a->bind_port == b->bind_port && !strcmp(a->bind_if, b->bind_if) &&
	       a->fwmark == b->fwmark && a->connect_timeout_us == b->connect_timeout_us &&
	       a->delay_loop_us == b->delay_loop_us && a->delay_before_retry_us == b->delay_before_retry_us &&
	       a->retry == b->retry && a->alpha == b->alpha && same_urls(a->urls, b->urls) &&
	       a->http_protocol == b->http_protocol && same_str(a->virtualhost, b->virtualhost) &&
	       a->enable_sni == b->enable_sni && same_str(a->sni_name, b->sni_name) &&
	       same_str(a->misc.text, b->misc.text) && a->misc_timeout_us == b->misc_timeout_us &&
	       a->misc_dynamic == b->misc_dynamic && same_str(a->helo_name, b->helo_name) &&
	       a->dns_type == b->dns_type && same_str(a->dns_name, b->dns_name) &&
	       same_bytes(a->payload, a->payload_len, b->payload, b->payload_len) &&
	       a->require_reply == b->require_reply && same_bytes(a->reply, a->reply_len, b->reply, b->reply_len) &&
	       a->min_reply_len == b->min_reply_len && a->max_reply_len == b->max_reply_len;
}

/* keepalived's vs_iseq(): address, port and protocol, or fwmark, or group and port. */
static bool same_vs(const struct model_vs *a, const struct model_vs *b)
{
	if (a->kind != b->kind || a->af != b->af)
		return false;
	switch (a->kind) {
	case VS_FWMARK:
		return a->fwmark == b->fwmark;
	case VS_GROUP:
		return !strcmp(a->group, b->group) && a->port == b->port && a->protocol == b->protocol;
	default:
		return a->port == b->port && a->protocol == b->protocol && !memcmp(&a->addr, &b->addr, sizeof(a->addr));
	}
}

static bool same_rs(const struct model_rs *a, const struct model_rs *b)
{
	return a->af == b->af && a->port == b->port && !memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

static int url_index(const struct model_url *list, const struct model_url *u)
{
	int i = 0;

	for (; list && list != u; list = list->next)
		i++;
	return list ? i : 0;
}

static void carry_checker(struct checker *c, const struct checker *o)
{
	const struct model_url *u = c->conf->urls;

	c->is_up = o->is_up;
	c->has_run = o->has_run;
	c->retry_it = o->retry_it;
	c->dynamic_weight = o->dynamic_weight;
	c->attempts = o->attempts;
	c->failures = o->failures;
	for (int i = url_index(o->conf->urls, o->url); i > 0 && u && u->next; i--)
		u = u->next;
	c->url = u;
	/* Keep its place in time; one in the middle of an attempt starts again at once. */
	c->due_ms = o->running || !uv_is_active((const uv_handle_t *)&o->timer) ? 0 :
									       (int64_t)uv_timer_get_due_in(&o->timer);
}

static void carry_rs(struct rs_state *rs, const struct rs_state *old)
{
	/* Checkers are listed newest first in both; match them in order, as keepalived does. */
	const struct checker *o = old->checkers;

	for (struct checker *c = rs->checkers; c && o; c = c->next, o = o->next) {
		if (!same_check(c->conf, o->conf))
			break;
		carry_checker(c, o);
	}
	health_rs_init(rs);
}

void engine_carry(struct engine *e, const struct engine *old)
{
	for (struct vs_state *vs = e->vs; vs; vs = vs->next) {
		const struct vs_state *ov = old->vs;

		while (ov && !same_vs(vs->conf, ov->conf))
			ov = ov->next;
		if (!ov)
			continue;
		for (struct rs_state *rs = vs->rs; rs; rs = rs->next)
			for (const struct rs_state *orr = ov->rs; orr; orr = orr->next)
				if (same_rs(rs->conf, orr->conf)) {
					carry_rs(rs, orr);
					break;
				}
		health_vs_init(vs);
		/* Quorum that was lost stays lost until regained with the hysteresis. */
		if (!ov->quorum && vs->quorum)
			vs->quorum = vs->weight_sum >= (int64_t)vs->conf->quorum + vs->conf->hysteresis;
	}
}

void engine_start(struct engine *e)
{
	e->loop->data = e;
	e->started = true;
	for (struct vs_state *vs = e->vs; vs; vs = vs->next)
		for (struct rs_state *rs = vs->rs; rs; rs = rs->next)
			for (struct checker *c = rs->checkers; c; c = c->next) {
				int64_t warmup = c->conf->warmup_us;

				if (c->due_ms >= 0) {
					uv_timer_start(&c->timer, on_timer, c->due_ms, 0);
					continue;
				}
				/* 1 s, then a random part of warmup, so checks do not all start together. */
				arm(c, MODEL_SEC + (warmup > 0 ? (int64_t)(random() % (warmup / 1000 + 1)) * 1000 : 0));
			}
}

static void checker_closed(uv_handle_t *h)
{
	free(h->data);
}

void engine_stop(struct engine *e)
{
	struct vs_state *vs = e->vs;

	while (vs) {
		struct vs_state *vnext = vs->next;
		struct rs_state *rs = vs->rs;

		while (rs) {
			struct rs_state *rnext = rs->next;
			struct checker *c = rs->checkers;

			while (c) {
				struct checker *cnext = c->next;

				if (c->running && c->type->stop)
					c->type->stop(c);
				c->running = false;
				uv_timer_stop(&c->timer);
				uv_close((uv_handle_t *)&c->timer, checker_closed);
				c = cnext;
			}
			free(rs);
			rs = rnext;
		}
		free(vs);
		vs = vnext;
	}
	e->vs = NULL;
	e->started = false;
}

void engine_omega(struct engine *e)
{
	for (struct vs_state *vs = e->vs; vs; vs = vs->next) {
		if (!vs->conf->omega)
			continue;
		for (struct rs_state *rs = vs->rs; rs; rs = rs->next)
			if (rs->alive)
				run_script(e, &rs->conf->notify_down);
		if (vs->quorum)
			run_script(e, &vs->conf->quorum_down);
	}
}

static void dump_time(FILE *f, const char *what, int64_t us)
{
	fprintf(f, "   %s = %lld.%06lld\n", what, (long long)(us / MODEL_SEC), (long long)(us % MODEL_SEC));
}

void engine_dump(const struct engine *e, FILE *f)
{
	static const char *const kinds[] = { [XVS_FWD_MASQ] = "NAT", [XVS_FWD_LOCALNODE] = "LOCAL",
					     [XVS_FWD_TUNNEL] = "TUN", [XVS_FWD_DROUTE] = "DR" };
	char vsn[MODEL_NAME_LEN], rsn[MODEL_NAME_LEN];

	fprintf(f, "------< Health checkers >------\n");
	for (const struct vs_state *vs = e->vs; vs; vs = vs->next)
		for (const struct rs_state *rs = vs->rs; rs; rs = rs->next)
			for (const struct checker *c = rs->checkers; c; c = c->next) {
				fprintf(f, " %s\n", c->rs_name);
				fprintf(f, "   Keepalive method = %s\n", model_check_name(c->conf->type));
				fprintf(f, "   Initial weight = %lld\n", (long long)rs->conf->weight);
				fprintf(f, "   Retry count = %d\n", c->conf->retry);
				fprintf(f, "   Is up = %s\n", c->is_up ? "true" : "false");
				fprintf(f, "   Has run = %s\n", c->has_run ? "true" : "false");
				fprintf(f, "   Retries left before fail = %d\n", c->conf->retry - c->retry_it);
				fprintf(f, "   Attempts = %llu, failures = %llu\n", (unsigned long long)c->attempts,
					(unsigned long long)c->failures);
				dump_time(f, "Connection timeout", c->conf->connect_timeout_us);
				dump_time(f, "Delay loop", c->conf->delay_loop_us);
				dump_time(f, "Delay before retry", c->conf->delay_before_retry_us);
			}
	fprintf(f, "------< Virtual servers >------\n");
	for (const struct vs_state *vs = e->vs; vs; vs = vs->next) {
		const struct model_vs *vc = vs->conf;

		fprintf(f, " VS = %s\n", model_vs_name(vc, vsn));
		dump_time(f, "delay_loop", vc->delay_loop_us);
		fprintf(f, "   lb_algo = %s\n", vc->sched);
		fprintf(f, "   lb_kind = %s\n", kinds[vc->fwd & XVS_FWD_MASK]);
		if (vc->persistence_timeout)
			fprintf(f, "   persistence timeout = %u\n", vc->persistence_timeout);
		fprintf(f, "   quorum = %u, hysteresis = %u, quorum state = %s, weight sum = %lld\n", vc->quorum,
			vc->hysteresis, vs->quorum ? "UP" : "DOWN", (long long)vs->weight_sum);
		if (vc->sorry)
			fprintf(f, "   sorry server = %s%s\n", model_rs_name(vc->sorry, rsn),
				vc->sorry_server_inhibit ? " (inhibit)" : "");
		for (const struct rs_state *rs = vs->rs; rs; rs = rs->next) {
			fprintf(f, "   RS = %s\n", model_rs_name(rs->conf, rsn));
			fprintf(f, "     weight = %lld (effective %lld)\n", (long long)rs->conf->weight,
				(long long)rs->weight);
			fprintf(f, "     alive = %s, failed checkers = %d of %d\n", rs->alive ? "yes" : "no",
				rs->num_failed, rs->num_checkers);
			fprintf(f, "     inhibit_on_failure = %s\n", rs->conf->inhibit_on_failure == 1 ? "yes" : "no");
		}
	}
}
