/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPVS's load-based schedulers as the kernel writes them: one pass over the
 * destination list (ip_vs_lc.c, ip_vs_wlc.c, ip_vs_sed.c, ip_vs_nq.c,
 * ip_vs_fo.c, ip_vs_ovf.c).  The reference the tests hold xvs's tree to.
 */
#ifndef XVS_TEST_IPVS_SCAN_H
#define XVS_TEST_IPVS_SCAN_H

#include "xvs/abi.h"

/* A real server as the load-based scans see it, in IPVS list order. */
struct rs {
	int w, act, inact, over;
};

static inline long long oh(const struct rs *r)
{
	return (long long)r->act * 256 + r->inact;
}

/* Line-by-line ports of the kernel's scans; -1: no destination. */
static inline int scan(int kind, const struct rs *r, int n)
{
	long long loh = 0, doh;
	int least = -1, hw = 0;

	for (int i = 0; i < n; i++) {
		if (r[i].over)
			continue;
		switch (kind) {
		case XVS_SCHED_LC: /* ip_vs_lc_schedule */
			if (!r[i].w)
				continue;
			if (least < 0 || oh(&r[i]) < loh) {
				least = i;
				loh = oh(&r[i]);
			}
			break;
		case XVS_SCHED_WLC: /* ip_vs_wlc_schedule; sed with active + 1 */
		case XVS_SCHED_SED:
			doh = kind == XVS_SCHED_WLC ? oh(&r[i]) : r[i].act + 1;
			if (least < 0) {
				if (r[i].w > 0) {
					least = i;
					loh = doh;
				}
			} else if (loh * r[i].w > doh * r[least].w) {
				least = i;
				loh = doh;
			}
			break;
		case XVS_SCHED_NQ: /* ip_vs_nq_schedule */
			if (!r[i].w)
				continue;
			doh = r[i].act + 1;
			if (!r[i].act)
				return i;
			if (least < 0 || loh * r[i].w > doh * r[least].w) {
				least = i;
				loh = doh;
			}
			break;
		case XVS_SCHED_FO: /* ip_vs_fo_schedule */
			if (r[i].w > hw) {
				least = i;
				hw = r[i].w;
			}
			break;
		case XVS_SCHED_OVF: /* ip_vs_ovf_schedule */
			if (r[i].act > r[i].w || !r[i].w)
				continue;
			if (least < 0 || r[i].w > hw) {
				least = i;
				hw = r[i].w;
			}
			break;
		}
	}
	return least;
}

#endif /* XVS_TEST_IPVS_SCAN_H */
