// SPDX-License-Identifier: GPL-2.0
/*
 * IPVS features the xvs data plane does not have yet.  A command line that
 * asks for one is parsed exactly as ipvsadm parses it (so its syntax errors
 * keep ipvsadm's messages), then refused as a whole: silently dropping an
 * option would leave a director that does something else than asked.
 */
#include <errno.h>
#include <stdio.h>

#include "cli.h"

static const struct {
	enum xvsadm_opt opt;
	const char *what; /* subject and verb of the refusal */
} unsupported_opts[] = {
	{ OPT_PERSISTENT, "persistence (-p) is" },
	{ OPT_NETMASK, "persistence granularity (-M) is" },
	{ OPT_PE, "persistence engines (--pe) are" },
	{ OPT_ONEPACKET, "one-packet scheduling (-o) is" },
	{ OPT_SCHED_FLAGS, "scheduler flags (-b) are" },
	{ OPT_UTHRESHOLD, "connection thresholds (-x) are" },
	{ OPT_LTHRESHOLD, "connection thresholds (-y) are" },
};

static const char *service_refusal(const struct xvsadm_cmd *cmd)
{
	if (cmd->cmd == CMD_STARTDAEMON || cmd->cmd == CMD_STOPDAEMON)
		return "connection synchronisation (--start-daemon, --stop-daemon) is";
	if (!(cmd->options & OPTB(OPT_SERVICE)))
		return NULL;
	if (cmd->svc.fwmark)
		return "firewall-mark services (-f) are";
	if (cmd->svc.protocol == IPPROTO_SCTP)
		return "SCTP services (--sctp-service) are";
	return NULL;
}


static const char *sched_refusal(const struct xvsadm_cmd *cmd, char *buf, size_t len)
{
	if (cmd->cmd != CMD_ADD && cmd->cmd != CMD_EDIT)
		return NULL;
	/* -ENOENT is not ours to refuse: it is IPVS's own "not found" error */
	if (xvs_sched_supported(cmd->svc.sched_name) != -EOPNOTSUPP)
		return NULL;
	if (cmd->options & OPTB(OPT_SCHEDULER))
		snprintf(buf, len, "xvsadm: scheduler '%s' is not supported yet", cmd->svc.sched_name);
	else
		snprintf(buf, len, "xvsadm: scheduler '%s' (the default without -s) is not supported yet",
			 cmd->svc.sched_name);
	return buf;
}

const char *xvsadm_refusal(const struct xvsadm_cmd *cmd, char *buf, size_t len)
{
	const char *what = service_refusal(cmd);

	for (size_t i = 0; !what && i < sizeof(unsupported_opts) / sizeof(unsupported_opts[0]); i++)
		if (cmd->options & OPTB(unsupported_opts[i].opt))
			what = unsupported_opts[i].what;
	if (!what)
		return sched_refusal(cmd, buf, len);
	snprintf(buf, len, "xvsadm: %s not supported yet", what);
	return buf;
}
