// SPDX-License-Identifier: GPL-2.0
/* Reading the data plane: services, destinations, counters and rates, connections. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>

#include "internal.h"

/* Sum a per-CPU xvs_stats slot. */
static int read_stats(struct xvs_ctx *ctx, int map, uint32_t idx, struct xvs_stats_out *out)
{
	struct xvs_stats *v = calloc(ctx->nr_cpus, sizeof(*v));

	memset(out, 0, sizeof(*out));
	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(ctx->map_fd[map], &idx, v)) {
		free(v);
		return -errno;
	}
	for (int c = 0; c < ctx->nr_cpus; c++) {
		out->conns += v[c].conns;
		out->inpkts += v[c].inpkts;
		out->outpkts += v[c].outpkts;
		out->inbytes += v[c].inbytes;
		out->outbytes += v[c].outbytes;
	}
	free(v);
	return 0;
}

static void service_of(const struct xvs_svc_key *k, const struct xvs_svc *v, struct xvs_service *s)
{
	memset(s, 0, sizeof(*s));
	s->af = v->af;
	s->fwmark = v->fwmark;
	if (v->fwmark) {
		s->protocol = IPPROTO_TCP; /* what ipvsadm gives a mark service */
	} else {
		s->protocol = k->proto;
		s->addr = k->addr;
		s->port = ntohs(k->port);
	}
	s->flags = v->flags;
	s->timeout = v->timeout;
	s->netmask = v->netmask;
	snprintf(s->sched_name, sizeof(s->sched_name), "%s", v->sched_name);
	snprintf(s->pe_name, sizeof(s->pe_name), "%s", v->pe_name);
}

static int entry_of(struct xvs_ctx *ctx, const struct xvs_svc_key *k, const struct xvs_svc *v,
		    struct xvs_service_entry *e)
{
	int err;

	service_of(k, v, &e->svc);
	e->seq = v->seq;
	err = read_stats(ctx, XVS_M_SVC_STATS, v->idx, &e->stats);
	return err ? err : xvs_read_rates(ctx, XVS_M_SVC_EST, v->idx, v->est_gen, &e->stats);
}

static int cmp_entry_seq(const void *a, const void *b)
{
	const struct xvs_service_entry *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int xvs_get_services(struct xvs_ctx *ctx, struct xvs_service_entry **out, size_t *n)
{
	struct xvs_service_entry *e = calloc(XVS_MAX_SERVICES, sizeof(*e));
	struct xvs_svc_key *k = NULL;
	struct xvs_svc *v = NULL;
	size_t cnt = 0;
	int err = e ? xvs_load_svcs(ctx, &k, &v, &cnt) : -ENOMEM;

	for (size_t i = 0; i < cnt && !err; i++) {
		err = entry_of(ctx, &k[i], &v[i], &e[i]);
		e[i].num_dests = 0;
	}
	free(k);
	free(v);
	if (err) {
		free(e);
		return err;
	}
	qsort(e, cnt, sizeof(*e), cmp_entry_seq);
	*out = e;
	*n = cnt;
	return 0;
}

int xvs_get_service(struct xvs_ctx *ctx, const struct xvs_service *s, struct xvs_service_entry *out)
{
	struct xvs_dest *all = NULL;
	struct xvs_svc_key k;
	struct xvs_svc v;
	int err = xvs_find_svc(ctx, s, &k, &v);

	if (!err)
		err = entry_of(ctx, &k, &v, out);
	if (!err)
		err = xvs_load_dests(ctx, &all);
	out->num_dests = 0;
	for (uint32_t i = 0, end = err ? 0 : xvs_dests_end(ctx); i < end; i++)
		out->num_dests += (all[i].flags & XVS_DEST_F_LIVE) && all[i].svc_idx == v.idx;
	xvs_dests_put(ctx, all);
	return err;
}

static int dest_entry(struct xvs_ctx *ctx, uint32_t slot, const struct xvs_dest *d, struct xvs_dest_entry *e)
{
	struct xvs_dest_conns dc;
	int err;

	memset(e, 0, sizeof(*e));
	e->dest.af = d->af;
	e->dest.addr = d->addr;
	e->dest.port = ntohs(d->port);
	e->dest.conn_flags = d->fwd;
	e->dest.weight = d->weight;
	e->dest.u_threshold = d->u_threshold;
	e->dest.l_threshold = d->l_threshold;
	e->dest.tun_type = d->tun_type;
	e->dest.tun_port = ntohs(d->tun_port);
	e->dest.tun_flags = d->tun_flags;
	if (!bpf_map_lookup_elem(ctx->map_fd[XVS_M_DEST_CONNS], &slot, &dc) && dc.gen == d->gen) {
		e->activeconns = dc.active > 0 ? dc.active : 0;
		e->inactconns = dc.inactive > 0 ? dc.inactive : 0;
		e->persistconns = dc.persist > 0 ? dc.persist : 0;
	}
	err = read_stats(ctx, XVS_M_DEST_STATS, slot, &e->stats);
	return err ? err : xvs_read_rates(ctx, XVS_M_DEST_EST, slot, d->est_gen, &e->stats);
}

int xvs_get_dests(struct xvs_ctx *ctx, const struct xvs_service *s, struct xvs_dest_entry **out, size_t *n)
{
	struct xvs_sched_dest *list = NULL;
	struct xvs_dest *all = NULL;
	struct xvs_svc_key k;
	struct xvs_svc v;
	ssize_t cnt = 0;
	int err = xvs_find_svc(ctx, s, &k, &v);

	*out = NULL;
	if (!err)
		err = xvs_load_dests(ctx, &all);
	if (!err)
		cnt = xvs_dest_list(ctx, all, v.idx, &list);
	if (cnt < 0)
		err = cnt;
	if (!err) {
		*out = calloc(cnt ? cnt : 1, sizeof(**out));
		err = *out ? 0 : -ENOMEM;
	}
	for (ssize_t i = 0; !err && i < cnt; i++)
		err = dest_entry(ctx, list[i].idx, &all[list[i].idx], &(*out)[i]);
	free(list);
	xvs_dests_put(ctx, all);
	if (err) {
		free(*out);
		*out = NULL;
		return err;
	}
	*n = cnt;
	return 0;
}

static int read_cfg(struct xvs_ctx *ctx, struct xvs_config *cfg)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, cfg) ? -errno : 0;
}

int xvs_set_timeouts(struct xvs_ctx *ctx, const struct xvs_timeouts *t)
{
	struct xvs_config cfg;
	uint32_t zero = 0;
	int err = read_cfg(ctx, &cfg);

	if (err)
		return err;
	if (t->tcp_timeout < 0 || t->tcp_fin_timeout < 0 || t->udp_timeout < 0)
		return -EINVAL;
	if (t->tcp_timeout)
		cfg.timeout[XVS_TCP_ESTABLISHED] = t->tcp_timeout;
	if (t->tcp_fin_timeout)
		cfg.timeout[XVS_TCP_FIN_WAIT] = t->tcp_fin_timeout;
	if (t->udp_timeout)
		cfg.timeout[XVS_UDP_STATE] = t->udp_timeout;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

int xvs_get_timeouts(struct xvs_ctx *ctx, struct xvs_timeouts *t)
{
	struct xvs_config cfg;
	int err = read_cfg(ctx, &cfg);

	if (err)
		return err;
	t->tcp_timeout = cfg.timeout[XVS_TCP_ESTABLISHED];
	t->tcp_fin_timeout = cfg.timeout[XVS_TCP_FIN_WAIT];
	t->udp_timeout = cfg.timeout[XVS_UDP_STATE];
	return 0;
}

int xvs_get_info(struct xvs_ctx *ctx, uint32_t *version, uint32_t *conn_tab_size)
{
	*version = XVS_IPVS_VERSION;
	*conn_tab_size = ctx->conn_tab_size;
	return 0;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void conn_entry_of(const struct xvs_conn_key *k, const struct xvs_conn *c, const struct xvs_config *cfg,
			  uint64_t now, struct xvs_conn_entry *e)
{
	bool tmpl = c->flags & XVS_CONN_F_TEMPLATE;
	uint64_t secs = tmpl				 ? c->timeout
			: c->flags & XVS_CONN_F_ICMP ? XVS_CONN_FIRST_TIMEOUT
			: k->proto == IPPROTO_SCTP	 ? xvs_sctp_timeout(c->state)
						 : cfg->timeout[c->state % XVS_NR_TIMEOUTS];
	uint64_t end = c->last_ns + secs * 1000000000ULL;

	e->af = xvs_addr_is_v4(&k->caddr) ? AF_INET : AF_INET6;
	e->protocol = k->proto;
	e->caddr = k->caddr;
	e->vaddr = k->vaddr;
	e->daddr = c->daddr;
	/* a template's key may hold a Call-ID's hash there (abi.h) */
	e->cport = tmpl ? 0 : ntohs(k->cport);
	e->vport = ntohs(k->vport);
	e->dport = ntohs(c->dport);
	e->state = tmpl ? xvs_template_state_name(c->state) : xvs_state_name(k->proto, c->state);
	e->expires = end > now ? (end - now) / 1000000000ULL : 0;
	e->flags = c->flags;
	e->pe_name[0] = '\0';
	e->pe_data[0] = '\0';
}

/* A --pe sip template's engine and Call-ID, as IPVS lists its pe_data. */
static void conn_pe_of(struct xvs_ctx *ctx, const struct xvs_conn_key *k, struct xvs_conn_entry *e)
{
	struct xvs_pe_data pd;

	if (!xvs_key_has_pe(k))
		return;
	snprintf(e->pe_name, sizeof(e->pe_name), "sip");
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_PE_DATA], k, &pd))
		return; /* lost with its template, or not written yet */
	snprintf(e->pe_data, sizeof(e->pe_data), "%.*s",
		 (int)(pd.len < XVS_PE_DATA_LEN ? pd.len : XVS_PE_DATA_LEN), pd.data);
}

int xvs_get_conns(struct xvs_ctx *ctx, struct xvs_conn_entry **out, size_t *n)
{
	int fd = ctx->map_fd[XVS_M_CONNS];
	struct xvs_conn_key k, next;
	size_t cap = 256, cnt = 0;
	struct xvs_conn_entry *e = malloc(cap * sizeof(*e));
	struct xvs_config cfg;
	uint64_t now = mono_ns();
	void *prev = NULL;
	int err = read_cfg(ctx, &cfg);

	if (!e)
		return -ENOMEM;
	while (!err && !bpf_map_get_next_key(fd, prev, &next)) {
		struct xvs_conn c;

		k = next;
		prev = &k;
		/* Connections of deleted real servers are listed, as IPVS does. */
		if (bpf_map_lookup_elem(fd, &k, &c))
			continue; /* expired meanwhile */
		if (cnt == cap) {
			struct xvs_conn_entry *bigger = realloc(e, 2 * cap * sizeof(*e));

			if (!bigger) {
				err = -ENOMEM;
				break;
			}
			e = bigger;
			cap *= 2;
		}
		conn_entry_of(&k, &c, &cfg, now, &e[cnt]);
		conn_pe_of(ctx, &k, &e[cnt++]);
	}
	if (err) {
		free(e);
		return err;
	}
	*out = e;
	*n = cnt;
	return 0;
}

int xvs_get_reasons(struct xvs_ctx *ctx, uint64_t counts[XVS_R_MAX])
{
	uint64_t *v = calloc(ctx->nr_cpus, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (uint32_t r = 0; r < XVS_R_MAX; r++) {
		counts[r] = 0;
		if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_REASONS], &r, v))
			continue;
		for (int c = 0; c < ctx->nr_cpus; c++)
			counts[r] += v[c];
	}
	free(v);
	return 0;
}

int xvs_get_sysctls(struct xvs_ctx *ctx, uint32_t v[XVS_SC_MAX])
{
	struct xvs_config cfg;
	int err = read_cfg(ctx, &cfg);

	if (!err)
		memcpy(v, cfg.sysctl, XVS_SC_MAX * sizeof(*v));
	return err;
}

int xvs_set_sysctl(struct xvs_ctx *ctx, int idx, uint32_t value)
{
	struct xvs_config cfg;
	uint32_t zero = 0;
	int err;

	if (idx < 0 || idx >= XVS_SC_MAX)
		return -ENOENT;
	if (value > xvs_sysctl_max(idx))
		return -EINVAL;
	if (!xvs_sysctl_supported(idx, value))
		return -EOPNOTSUPP;
	err = read_cfg(ctx, &cfg);
	if (err)
		return err;
	cfg.sysctl[idx] = value;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}
