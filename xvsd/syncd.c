// SPDX-License-Identifier: GPL-2.0
/* lvs_sync_daemon (syncd.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"
#include "syncd.h"
#include "vrrp_model.h"

static const char *const role_word[XVS_SYNC_ROLES] = { "master", "backup" };

void syncd_init(struct syncd *s, struct xvs_ctx *xvs, const struct model *m)
{
	const struct model_global *g = &m->global;
	int syncid = g->lvs_sync.syncid;

	memset(s, 0, sizeof(*s));
	s->xvs = xvs;
	s->on = xvs && g->lvs_sync.ifname[0];
	if (!s->on)
		return;
	s->instance = g->lvs_sync.instance;
	if (syncid == MODEL_UNSET) {
		syncid = 0;
		for (const struct vrrp_instance *vi = m->vrrp ? m->vrrp->instances : NULL; s->instance && vi;
		     vi = vi->next)
			if (!strcmp(vi->name, s->instance))
				syncid = vi->vrid;
	}
	snprintf(s->p.ifname, sizeof(s->p.ifname), "%s", g->lvs_sync.ifname);
	s->p.syncid = (unsigned)syncid;
	s->p.maxlen = g->lvs_sync.maxlen > 0 ? (unsigned)g->lvs_sync.maxlen : 0;
	s->p.port = g->lvs_sync.port > 0 ? (unsigned)g->lvs_sync.port : 0;
	s->p.ttl = g->lvs_sync.ttl > 0 ? (unsigned)g->lvs_sync.ttl : 0;
	s->p.mcast_af = g->lvs_sync.group.af;
	s->p.group = g->lvs_sync.group.addr;
	for (int role = 0; role < XVS_SYNC_ROLES; role++)
		if (!xvs_sync_stop(xvs, role))
			xvsd_log(LOG_INFO, "Stopped the %s sync daemon left running", role_word[role]);
}

static void start(struct syncd *s, int role)
{
	int rc;

	if (s->running & (1 << role))
		return;
	s->p.role = role;
	rc = xvs_sync_start(s->xvs, &s->p);
	if (rc && rc != -EEXIST) {
		xvsd_log(LOG_ERR, "Cannot start the %s sync daemon on %s: %s", role_word[role], s->p.ifname,
			 strerror(-rc));
		return;
	}
	s->running |= 1 << role;
	xvsd_log(LOG_INFO, "Started the %s sync daemon (mcast=%s, syncid=%u)", role_word[role], s->p.ifname,
		 s->p.syncid);
}

static void stop(struct syncd *s, int role)
{
	int rc = xvs_sync_stop(s->xvs, role);

	s->running &= ~(1 << role);
	if (!rc)
		xvsd_log(LOG_INFO, "Stopped the %s sync daemon", role_word[role]);
}

void syncd_follow(struct syncd *s, bool master)
{
	int want = master ? XVS_SYNC_MASTER : XVS_SYNC_BACKUP;

	if (!s->on || s->running == 1 << want)
		return;
	stop(s, !want);
	start(s, want);
}

void syncd_both(struct syncd *s)
{
	if (!s->on)
		return;
	start(s, XVS_SYNC_MASTER);
	start(s, XVS_SYNC_BACKUP);
}

void syncd_stop(struct syncd *s)
{
	for (int role = 0; s->on && role < XVS_SYNC_ROLES; role++)
		if (s->running & (1 << role))
			stop(s, role);
}
