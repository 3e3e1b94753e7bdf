// SPDX-License-Identifier: GPL-2.0
/*
 * Firewall-mark classification rules (the data plane's bpf/mark.h): the
 * rules as an operator gives them, kept as the longest-prefix sets the data
 * plane reads.  Each set holds the rules of its own prefix and of every
 * shorter prefix that contains it, most specific first, each group in the
 * order it was given; a rule records its own prefix length, so the sets
 * also are the list of rules.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "internal.h"

/* Byte @i of the mask of a @plen-bit prefix of a 16-byte address. */
static uint8_t prefix_byte(uint32_t plen, uint32_t i)
{
	int bits = (int)plen - 8 * (int)i;

	return bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
}

/* Prefix length over the 16-byte address, and the address masked to it. */
static int lpm_of(const struct xvs_mark_spec *r, struct xvs_mark_key *k)
{
	uint32_t max = r->af == AF_INET ? 32 : 128;

	if ((r->af != AF_INET && r->af != AF_INET6) || r->plen > max)
		return -EINVAL;
	memset(k, 0, sizeof(*k));
	k->prefixlen = r->plen + (r->af == AF_INET ? 96 : 0);
	for (uint32_t i = 0; i < 16; i++)
		k->addr.b[i] = r->addr.b[i] & prefix_byte(k->prefixlen, i);
	return 0;
}

/* An IPv4 rule's prefix: ::ffff:0:0/96 or longer. */
static bool key_is_v4(const struct xvs_mark_key *k)
{
	return k->prefixlen >= 96 && !k->addr.w[0] && !k->addr.w[1] && k->addr.w[2] == htonl(0xffff);
}

/* Does prefix @outer contain prefix @inner, of the same family? */
static bool contains(const struct xvs_mark_key *outer, const struct xvs_mark_key *inner)
{
	if (outer->prefixlen > inner->prefixlen || key_is_v4(outer) != key_is_v4(inner))
		return false;
	for (uint32_t i = 0; i < 16; i++)
		if ((inner->addr.b[i] & prefix_byte(outer->prefixlen, i)) != outer->addr.b[i])
			return false;
	return true;
}

struct own {
	struct xvs_mark_key key;
	uint32_t n;
	struct xvs_mark_rule r[XVS_MARK_SET];
};

/* Every prefix with its own rules, as the map holds them (room for one more). */
static int load_own(struct xvs_ctx *ctx, struct own **out, size_t *n)
{
	int fd = ctx->map_fd[XVS_M_MARKS];
	struct own *o = calloc(XVS_MARK_PREFIXES + 1, sizeof(*o));
	struct xvs_mark_key k, next;
	void *prev = NULL;
	size_t cnt = 0;

	if (!o)
		return -ENOMEM;
	while (cnt < XVS_MARK_PREFIXES && !bpf_map_get_next_key(fd, prev, &next)) {
		struct xvs_mark_set set;

		k = next;
		prev = &k;
		if (bpf_map_lookup_elem(fd, &k, &set))
			continue;
		o[cnt].key = k;
		for (uint32_t i = 0; i < set.n && i < XVS_MARK_SET; i++)
			if (set.r[i].plen == k.prefixlen)
				o[cnt].r[o[cnt].n++] = set.r[i];
		cnt++;
	}
	*out = o;
	*n = cnt;
	return 0;
}

static int cmp_len_desc(const void *a, const void *b)
{
	const struct own *x = a, *y = b;

	return (int)y->key.prefixlen - (int)x->key.prefixlen;
}

/*
 * store() - write the sets for prefixes @o, deleting those of @gone.  Each
 * set gathers its own rules and those of the prefixes containing it; more
 * than XVS_MARK_SET is -E2BIG and changes nothing.
 */
static int store(struct xvs_ctx *ctx, struct own *o, size_t n, const struct xvs_mark_key *gone)
{
	struct xvs_mark_set *sets = calloc(n ? n : 1, sizeof(*sets));
	struct xvs_config cfg;
	uint32_t zero = 0;
	int err = sets ? 0 : -ENOMEM;

	qsort(o, n, sizeof(*o), cmp_len_desc);
	for (size_t i = 0; !err && i < n; i++) {
		for (size_t j = i; j < n && !err; j++) {
			if (!contains(&o[j].key, &o[i].key))
				continue;
			if (sets[i].n + o[j].n > XVS_MARK_SET)
				err = -E2BIG;
			for (uint32_t r = 0; !err && r < o[j].n; r++)
				sets[i].r[sets[i].n++] = o[j].r[r];
		}
	}
	for (size_t i = 0; !err && i < n; i++)
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_MARKS], &o[i].key, &sets[i], 0))
			err = -errno;
	free(sets);
	if (!err && gone && bpf_map_delete_elem(ctx->map_fd[XVS_M_MARKS], gone) && errno != ENOENT)
		err = -errno;
	if (!err && bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		err = -errno;
	if (!err && ((cfg.flags & XVS_CFG_F_MARKS) != 0) != (n > 0)) {
		cfg.flags ^= XVS_CFG_F_MARKS;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0))
			err = -errno;
	}
	return err;
}

static bool same_rule(const struct xvs_mark_rule *a, const struct xvs_mark_rule *b)
{
	return a->mark == b->mark && a->proto == b->proto && a->port_lo == b->port_lo &&
	       a->port_hi == b->port_hi && a->nmacs == b->nmacs &&
	       !memcmp(a->macs, b->macs, sizeof(a->macs[0]) * a->nmacs);
}

static int check_rule(const struct xvs_mark_spec *r)
{
	const struct xvs_mark_rule *m = &r->rule;

	if (!m->mark || m->port_lo > m->port_hi || m->nmacs > XVS_MARK_MACS)
		return -EINVAL;
	if (m->proto && m->proto != IPPROTO_TCP && m->proto != IPPROTO_UDP && m->proto != IPPROTO_SCTP)
		return -EINVAL;
	return 0;
}

/* The index of prefix @k in @o, or @n. */
static size_t find_prefix(const struct own *o, size_t n, const struct xvs_mark_key *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (o[i].key.prefixlen == k->prefixlen && !memcmp(&o[i].key.addr, &k->addr, sizeof(k->addr)))
			break;
	return i;
}

int xvs_add_mark_rule(struct xvs_ctx *ctx, const struct xvs_mark_spec *r)
{
	struct xvs_mark_rule rule = r->rule;
	struct xvs_mark_key k;
	struct own *o = NULL;
	size_t n = 0, i;
	int err = check_rule(r);

	if (!err)
		err = lpm_of(r, &k);
	if (!err)
		err = load_own(ctx, &o, &n);
	if (err)
		return err;
	rule.plen = k.prefixlen;
	i = find_prefix(o, n, &k);
	if (i == n) {
		if (n == XVS_MARK_PREFIXES) {
			free(o);
			return -ENOSPC;
		}
		o[n++].key = k;
	}
	for (uint32_t j = 0; j < o[i].n; j++)
		if (same_rule(&o[i].r[j], &rule))
			err = -EEXIST;
	if (!err && o[i].n == XVS_MARK_SET)
		err = -E2BIG;
	if (!err) {
		o[i].r[o[i].n++] = rule;
		err = store(ctx, o, n, NULL);
	}
	free(o);
	return err;
}

int xvs_del_mark_rule(struct xvs_ctx *ctx, const struct xvs_mark_spec *r)
{
	struct xvs_mark_rule rule = r->rule;
	struct xvs_mark_key k, gone;
	struct own *o = NULL;
	size_t n = 0, i;
	uint32_t j;
	int err = lpm_of(r, &k);

	if (!err)
		err = load_own(ctx, &o, &n);
	if (err)
		return err;
	rule.plen = k.prefixlen;
	i = find_prefix(o, n, &k);
	for (j = 0; i < n && j < o[i].n && !same_rule(&o[i].r[j], &rule); j++)
		;
	if (i == n || j == o[i].n) {
		free(o);
		return -ENOENT;
	}
	memmove(&o[i].r[j], &o[i].r[j + 1], (o[i].n - j - 1) * sizeof(rule));
	if (--o[i].n) {
		err = store(ctx, o, n, NULL);
	} else {
		gone = o[i].key;
		o[i] = o[--n];
		err = store(ctx, o, n, &gone);
	}
	free(o);
	return err;
}

int xvs_get_mark_rules(struct xvs_ctx *ctx, struct xvs_mark_spec **out, size_t *n)
{
	struct own *o = NULL;
	size_t cnt = 0, np = 0;
	struct xvs_mark_spec *e;
	int err = load_own(ctx, &o, &np);

	if (err)
		return err;
	qsort(o, np, sizeof(*o), cmp_len_desc);
	e = calloc(XVS_MARK_PREFIXES * XVS_MARK_SET, sizeof(*e));
	for (size_t i = 0; e && i < np; i++) {
		bool v4 = key_is_v4(&o[i].key);

		for (uint32_t j = 0; j < o[i].n; j++) {
			e[cnt].af = v4 ? AF_INET : AF_INET6;
			e[cnt].addr = o[i].key.addr;
			e[cnt].plen = o[i].key.prefixlen - (v4 ? 96 : 0);
			e[cnt++].rule = o[i].r[j];
		}
	}
	free(o);
	if (!e)
		return -ENOMEM;
	*out = e;
	*n = cnt;
	return 0;
}
