// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration model's memory and defaults (model.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Chunks of zeroed memory, freed together. */
struct model_arena {
	struct model_arena *next;
	size_t used, size;
	max_align_t data[];
};

#define ARENA_CHUNK (64 * 1024)

void *model_alloc(struct model *m, size_t size)
{
	struct model_arena *a = m->arena;
	size_t need = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	void *p;

	if (!a || a->size - a->used < need) {
		size_t cap = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		a = calloc(1, sizeof(*a) + cap);
		if (!a)
			abort();
		a->size = cap;
		a->next = m->arena;
		m->arena = a;
	}
	p = (char *)a->data + a->used;
	a->used += need;
	return p;
}

char *model_strdup(struct model *m, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(model_alloc(m, n), s, n);
}

struct model *model_new(void)
{
	struct model *m = calloc(1, sizeof(*m));
	struct model_global *g;

	if (!m)
		return NULL;
	g = &m->global;
	g->smtp_port = 25;
	g->smtp_connect_timeout_us = 30 * MODEL_SEC;
	g->vrrp_version = 2;
	g->vrrp_mcast_group4.af = AF_INET;
	inet_pton(AF_INET, "224.0.0.18", &g->vrrp_mcast_group4.addr.w[3]);
	g->vrrp_mcast_group4.addr.h[5] = 0xffff;
	g->vrrp_mcast_group6.af = AF_INET6;
	inet_pton(AF_INET6, "ff02::12", g->vrrp_mcast_group6.addr.b);
	g->vrrp_garp_master_delay_us = 5 * MODEL_SEC;
	g->vrrp_garp_master_repeat = 5;
	g->vrrp_garp_master_refresh_repeat = 1;
	g->vrrp_garp_lower_prio_delay_us = MODEL_UNSET;
	g->vrrp_garp_lower_prio_repeat = MODEL_UNSET;
	g->vrrp_down_timer_adverts = 3;
	snprintf(g->default_interface, sizeof(g->default_interface), "eth0");
	g->lvs_sync.syncid = MODEL_UNSET;
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	while (m->arena) {
		struct model_arena *next = m->arena->next;

		free(m->arena);
		m->arena = next;
	}
	free(m);
}

int model_cmd_set(struct model *m, struct model_cmd *cmd, const char *text)
{
	char *buf = model_alloc(m, strlen(text) + 1), *o = buf;
	char *words[256];
	int argc = 0;
	const char *s = text;

	while (*s) {
		char quote = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (argc == (int)(sizeof(words) / sizeof(words[0])) - 1)
			return -EINVAL;
		words[argc++] = o;
		while (*s && (quote || (*s != ' ' && *s != '\t'))) {
			if (!quote && (*s == '"' || *s == '\'')) {
				quote = *s++;
			} else if (quote && *s == quote) {
				quote = 0;
				s++;
			} else if (*s == '\\' && s[1] && quote != '\'') {
				*o++ = s[1];
				s += 2;
			} else {
				*o++ = *s++;
			}
		}
		if (quote)
			return -EINVAL;
		*o++ = 0;
	}
	if (!argc)
		return -EINVAL;
	cmd->text = model_strdup(m, text);
	cmd->argc = argc;
	cmd->argv = model_alloc(m, (argc + 1) * sizeof(char *));
	memcpy(cmd->argv, words, argc * sizeof(char *));
	return 0;
}

struct model_vs *model_vs_new(struct model *m)
{
	struct model_vs *vs = model_alloc(m, sizeof(*vs));

	vs->af = AF_INET;
	vs->port = 0;
	vs->protocol = IPPROTO_UDP;
	snprintf(vs->sched, sizeof(vs->sched), "wlc");
	vs->fwd = XVS_FWD_MASQ;
	vs->delay_loop_us = 60 * MODEL_SEC;
	vs->delay_before_retry_us = MODEL_UNSET;
	vs->connect_timeout_us = MODEL_UNSET;
	vs->warmup_us = MODEL_UNSET;
	vs->retry = MODEL_UNSET;
	vs->weight = MODEL_UNSET;
	vs->quorum = 1;
	return vs;
}

struct model_rs *model_rs_new(struct model *m)
{
	struct model_rs *rs = model_alloc(m, sizeof(*rs));

	rs->port = MODEL_UNSET;
	rs->weight = MODEL_UNSET;
	rs->fwd = MODEL_UNSET;
	rs->inhibit_on_failure = MODEL_UNSET;
	rs->alpha = MODEL_UNSET;
	rs->retry = MODEL_UNSET;
	rs->delay_before_retry_us = MODEL_UNSET;
	rs->connect_timeout_us = MODEL_UNSET;
	rs->delay_loop_us = MODEL_UNSET;
	rs->warmup_us = MODEL_UNSET;
	return rs;
}

struct model_check *model_check_new(struct model *m, enum model_check_type type)
{
	struct model_check *c = model_alloc(m, sizeof(*c));

	c->type = type;
	c->connect_port = MODEL_UNSET;
	c->connect_timeout_us = MODEL_UNSET;
	c->delay_loop_us = MODEL_UNSET;
	c->delay_before_retry_us = MODEL_UNSET;
	c->warmup_us = MODEL_UNSET;
	c->retry = MODEL_UNSET;
	c->alpha = MODEL_UNSET;
	c->misc_timeout_us = MODEL_UNSET;
	c->dns_type = 6; /* SOA */
	return c;
}

const char *model_check_name(enum model_check_type type)
{
	static const char *const names[CHECK_TYPES] = {
		[CHECK_TCP] = "TCP_CHECK",   [CHECK_HTTP] = "HTTP_GET", [CHECK_SSL] = "SSL_GET",
		[CHECK_MISC] = "MISC_CHECK", [CHECK_SMTP] = "SMTP_CHECK", [CHECK_DNS] = "DNS_CHECK",
		[CHECK_UDP] = "UDP_CHECK",   [CHECK_PING] = "PING_CHECK", [CHECK_FILE] = "FILE_CHECK",
		[CHECK_BFD] = "BFD_CHECK",
	};

	return type < CHECK_TYPES ? names[type] : "?";
}

const char *model_addr_name(int af, const union xvs_addr *a, uint16_t protocol, int port, char *buf)
{
	const char *proto = protocol ? xvs_proto_name(protocol) : "none";
	char text[INET6_ADDRSTRLEN];

	snprintf(buf, MODEL_NAME_LEN, "[%s]:%s:%d", xvs_addr_ntop(af, a, text, sizeof(text)), proto ? proto : "?",
		 port);
	return buf;
}

/* keepalived's FMT_VS(): "[addr]:proto:port", "FWM n", "[group]:port". */
const char *model_vs_name(const struct model_vs *vs, char *buf)
{
	switch (vs->kind) {
	case VS_FWMARK:
		snprintf(buf, MODEL_NAME_LEN, "FWM %u", vs->fwmark);
		break;
	case VS_GROUP:
		snprintf(buf, MODEL_NAME_LEN, "[%s]:%d", vs->group, vs->port);
		break;
	default:
		model_addr_name(vs->af, &vs->addr, vs->protocol, vs->port, buf);
	}
	return buf;
}

const char *model_rs_name(const struct model_rs *rs, char *buf)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, MODEL_NAME_LEN, "[%s]:%d", xvs_addr_ntop(rs->af, &rs->addr, a, sizeof(a)), rs->port);
	return buf;
}
