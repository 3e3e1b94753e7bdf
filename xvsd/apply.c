// SPDX-License-Identifier: GPL-2.0
/*
 * The data plane as configuration and health say (apply.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "log.h"

/* A service's persistence mask when granularity does not set one: the host (IPVS's default). */
static uint32_t netmask_of(int af, uint32_t granularity)
{
	if (granularity)
		return granularity;
	return af == AF_INET6 ? 128 : 0xffffffff;
}

/* @s as the fwmark service @mark of @af: no address or port, and the placeholder protocol ipvsadm sends with -f. */
static void as_fwmark(struct xvs_service *s, uint32_t mark, int af, uint32_t granularity)
{
	s->fwmark = mark;
	s->af = af;
	s->netmask = netmask_of(af, granularity);
	s->protocol = IPPROTO_TCP;
	memset(&s->addr, 0, sizeof(s->addr));
	s->port = 0;
}

static void service_of(const struct model_vs *vs, struct xvs_service *s)
{
	memset(s, 0, sizeof(*s));
	s->af = vs->af;
	s->protocol = vs->protocol;
	s->addr = vs->addr;
	s->port = vs->port;
	snprintf(s->sched_name, sizeof(s->sched_name), "%s", vs->sched);
	s->flags = vs->sched_flags;
	if (vs->persistence_timeout) {
		s->flags |= XVS_SVC_F_PERSISTENT;
		s->timeout = vs->persistence_timeout;
	}
	s->netmask = netmask_of(vs->af, vs->granularity);
	snprintf(s->pe_name, sizeof(s->pe_name), "%s", vs->pe);
}

static const struct model_vsg *group_of(const struct model *m, const char *name)
{
	for (const struct model_vsg *g = m->groups; g; g = g->next)
		if (!strcmp(g->name, name))
			return g;
	return NULL;
}

/* @a + 1 as a 128-bit big-endian number (an IPv4 address lives in the last word). */
static void addr_next(union xvs_addr *a)
{
	for (int i = 15; i >= 0; i--)
		if (++a->b[i])
			break;
}

static int grow(struct xvs_service **out, int n, int *cap)
{
	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 8;
	*out = realloc(*out, *cap * sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

int apply_services(const struct model *m, const struct model_vs *vs, struct xvs_service **out)
{
	const struct model_vsg *g;
	struct xvs_service base;
	int n = 0, cap = 0;

	*out = NULL;
	service_of(vs, &base);
	if (vs->kind != VS_GROUP) {
		if (vs->kind == VS_FWMARK)
			as_fwmark(&base, vs->fwmark, vs->af, vs->granularity);
		*out = malloc(sizeof(base));
		if (!*out)
			return -ENOMEM;
		**out = base;
		return 1;
	}
	g = group_of(m, vs->group);
	for (const struct model_vsg_entry *e = g ? g->entries : NULL; e; e = e->next) {
		struct xvs_service s = base;

		if (e->is_fwmark) {
			as_fwmark(&s, e->fwmark, e->af ? e->af : vs->af, vs->granularity);
			if (grow(out, n, &cap))
				return -ENOMEM;
			(*out)[n++] = s;
			continue;
		}
		s.af = e->af;
		s.port = e->port == MODEL_UNSET ? vs->port : e->port;
		s.netmask = netmask_of(s.af, vs->granularity);
		for (union xvs_addr a = e->lo;; addr_next(&a)) {
			if (n >= APPLY_MAX_EXPAND)
				break;
			s.addr = a;
			if (grow(out, n, &cap))
				return -ENOMEM;
			(*out)[n++] = s;
			if (!memcmp(&a, &e->hi, sizeof(a)))
				break;
		}
	}
	return n;
}

void apply_dest_of(const struct model_rs *rs, struct xvs_dest_cfg *d)
{
	memset(d, 0, sizeof(*d));
	d->af = rs->af;
	d->addr = rs->addr;
	d->port = rs->port;
	d->conn_flags = rs->fwd;
	d->weight = (int)rs->weight;
	d->u_threshold = rs->u_threshold;
	d->l_threshold = rs->l_threshold;
	if (rs->fwd == XVS_FWD_TUNNEL) {
		d->tun_type = rs->tun_type;
		d->tun_port = rs->tun_port;
		d->tun_flags = rs->tun_flags;
	}
}

/* The attributes an edit changes in place. */
static bool same_attrs(const struct xvs_service *a, const struct xvs_service *b)
{
	return !strcmp(a->sched_name, b->sched_name) && a->flags == b->flags && a->timeout == b->timeout &&
	       a->netmask == b->netmask && !strcmp(a->pe_name, b->pe_name);
}

/* A data-plane service as keepalived names it; @buf of MODEL_NAME_LEN. */
static const char *svc_text(const struct xvs_service *s, char *buf)
{
	if (s->fwmark) {
		snprintf(buf, MODEL_NAME_LEN, "FWM %u", s->fwmark);
		return buf;
	}
	return model_addr_name(s->af, &s->addr, s->protocol, s->port, buf);
}

static int ensure_service(struct xvs_ctx *x, const struct xvs_service *want)
{
	struct xvs_service_entry cur;
	char name[MODEL_NAME_LEN];
	int rc = xvs_get_service(x, want, &cur);

	if (rc == -ESRCH || rc == -ENOENT) {
		rc = xvs_add_service(x, want);
		if (rc)
			xvsd_log(LOG_ERR, "Adding virtual server %s failed: %s", svc_text(want, name),
				 strerror(-rc));
		return rc;
	}
	if (rc)
		return rc;
	if (same_attrs(&cur.svc, want))
		return 0;
	rc = xvs_edit_service(x, want);
	if (rc)
		xvsd_log(LOG_ERR, "Editing virtual server %s failed: %s", svc_text(want, name),
			 strerror(-rc));
	return rc;
}

/* An order over services' identities, for looking them up among many. */
static int svc_cmp(const void *pa, const void *pb)
{
	const struct xvs_service *a = pa, *b = pb;

	if (a->fwmark != b->fwmark)
		return a->fwmark < b->fwmark ? -1 : 1;
	if (a->af != b->af)
		return a->af - b->af;
	if (a->fwmark)
		return 0;
	if (a->protocol != b->protocol)
		return a->protocol - b->protocol;
	if (a->port != b->port)
		return a->port - b->port;
	return memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

/* Every service @m names, in config order. Returns: how many, or -errno. */
static int all_services(const struct model *m, struct xvs_service **out)
{
	int n = 0;

	*out = NULL;
	for (const struct model_vs *vs = m->vs; vs; vs = vs->next) {
		struct xvs_service *svcs, *all;
		int k = apply_services(m, vs, &svcs);

		if (k < 0)
			return k;
		all = realloc(*out, (n + k + 1) * sizeof(*all));
		if (!all) {
			free(svcs);
			return -ENOMEM;
		}
		memcpy(all + n, svcs, k * sizeof(*all));
		*out = all;
		n += k;
		free(svcs);
	}
	return n;
}

int apply_model(struct xvs_ctx *x, const struct model *m, const struct model *old)
{
	struct xvs_service *want, *had;
	int nwant, nhad, err = 0;

	nwant = all_services(m, &want);
	if (nwant < 0)
		return nwant;
	/* In config order, as keepalived adds them (and as -L lists them). */
	for (int i = 0; i < nwant; i++) {
		int rc = ensure_service(x, &want[i]);

		err = err ? err : rc;
	}
	if (nwant)
		qsort(want, nwant, sizeof(*want), svc_cmp);
	nhad = old ? all_services(old, &had) : 0;
	/* What the old configuration had and the new one does not: its connections go with it. */
	for (int i = 0; i < nhad; i++) {
		char name[MODEL_NAME_LEN];
		int rc;

		if (nwant && bsearch(&had[i], want, nwant, sizeof(*want), svc_cmp))
			continue;
		xvsd_log(LOG_INFO, "Removing Virtual Server %s", svc_text(&had[i], name));
		rc = xvs_del_service(x, &had[i]);
		err = err ? err : (rc == -ESRCH ? 0 : rc);
	}
	if (old)
		free(had);
	free(want);
	return err < 0 ? err : 0;
}

static bool same_dest(const struct xvs_dest_cfg *a, const struct xvs_dest_cfg *b)
{
	return a->af == b->af && a->port == b->port && !memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

static bool same_dest_attrs(const struct xvs_dest_cfg *a, const struct xvs_dest_cfg *b)
{
	return a->weight == b->weight && (a->conn_flags & XVS_FWD_MASK) == (b->conn_flags & XVS_FWD_MASK) &&
	       a->u_threshold == b->u_threshold && a->l_threshold == b->l_threshold &&
	       a->tun_type == b->tun_type && a->tun_port == b->tun_port && a->tun_flags == b->tun_flags;
}

/* keepalived's lines for one destination's change, once per virtual server. */
static void log_change(const struct model_vs *vs, const struct model_rs *rs, const struct xvs_dest_entry *cur,
		       const struct xvs_dest_cfg *want)
{
	char vsn[MODEL_NAME_LEN], rsn[MODEL_NAME_LEN];
	bool sorry = rs && rs == vs->sorry;
	const char *what = sorry ? "sorry server" : "service";
	const struct xvs_dest_cfg *d = want ? want : &cur->dest;

	model_addr_name(d->af, &d->addr, vs->protocol, d->port, rsn);
	model_vs_name(vs, vsn);
	if (!cur)
		xvsd_log(LOG_INFO, "%s %s %s to VS %s", want->weight || sorry ? "Adding" : "Adding disabled",
			 what, rsn, vsn);
	else if (!want)
		xvsd_log(LOG_INFO, "Removing %s %s from VS %s", what, rsn, vsn);
	else if (!want->weight && cur->dest.weight)
		xvsd_log(LOG_INFO, "Disabling %s %s from VS %s", what, rsn, vsn);
	else if (want->weight && !cur->dest.weight)
		xvsd_log(LOG_INFO, "Enabling %s %s to VS %s", what, rsn, vsn);
	else if (want->weight != cur->dest.weight)
		xvsd_log(LOG_INFO, "Changing weight from %d to %d for %s %s of VS %s", cur->dest.weight, want->weight,
			 what, rsn, vsn);
}

static int dests_of_service(struct xvs_ctx *x, const struct model_vs *vs, const struct xvs_service *svc,
			    const struct health_dest *want, int nwant, bool log)
{
	struct xvs_dest_entry *cur = NULL;
	size_t ncur = 0;
	int err = xvs_get_dests(x, svc, &cur, &ncur);

	if (err)
		return err;
	for (int i = 0; i < nwant; i++) {
		struct xvs_dest_cfg d;
		struct xvs_dest_entry *have = NULL;
		int rc = 0;

		apply_dest_of(want[i].rs, &d);
		d.weight = (int)want[i].weight;
		for (size_t j = 0; j < ncur && !have; j++)
			if (same_dest(&cur[j].dest, &d))
				have = &cur[j];
		if (have && same_dest_attrs(&have->dest, &d))
			continue;
		if (log)
			log_change(vs, want[i].rs, have, &d);
		rc = have ? xvs_edit_dest(x, svc, &d) : xvs_add_dest(x, svc, &d);
		err = err ? err : rc;
	}
	for (size_t j = 0; j < ncur; j++) {
		bool wanted = false;

		for (int i = 0; i < nwant && !wanted; i++) {
			struct xvs_dest_cfg d;

			apply_dest_of(want[i].rs, &d);
			wanted = same_dest(&cur[j].dest, &d);
		}
		if (wanted)
			continue;
		if (log) {
			const struct model_rs *rs = NULL;

			for (const struct model_rs *r = vs->rs; r && !rs; r = r->next) {
				struct xvs_dest_cfg d;

				apply_dest_of(r, &d);
				rs = same_dest(&cur[j].dest, &d) ? r : NULL;
			}
			log_change(vs, rs, &cur[j], NULL);
		}
		err = err ? err : xvs_del_dest(x, svc, &cur[j].dest);
	}
	free(cur);
	return err;
}

int apply_dests(struct xvs_ctx *x, const struct model *m, const struct vs_state *vs)
{
	int nrs = 1, n, err = 0;
	struct health_dest *want;
	struct xvs_service *svcs;

	for (const struct rs_state *rs = vs->rs; rs; rs = rs->next)
		nrs++;
	want = calloc(nrs, sizeof(*want));
	if (!want)
		return -ENOMEM;
	n = health_dests(vs, want);
	int ns = apply_services(m, vs->conf, &svcs);

	for (int i = 0; i < ns; i++) {
		int rc = dests_of_service(x, vs->conf, &svcs[i], want, n, i == 0);

		err = err ? err : rc;
	}
	free(svcs);
	free(want);
	return err;
}

int apply_release(struct xvs_ctx *x, const struct model *m)
{
	int err = 0;

	for (const struct model_vs *vs = m->vs; vs; vs = vs->next) {
		struct xvs_service *svcs;
		int n = apply_services(m, vs, &svcs);

		for (int i = 0; i < n; i++) {
			int rc = xvs_del_service(x, &svcs[i]);

			err = err ? err : (rc == -ESRCH ? 0 : rc);
		}
		free(svcs);
	}
	return err;
}
