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

/* What @cmd asks for that is missing: subject and verb of the refusal. */
static const char *command_refusal(const struct xvsadm_cmd *cmd)
{
	if (cmd->cmd == CMD_STARTDAEMON || cmd->cmd == CMD_STOPDAEMON)
		return "connection synchronisation (--start-daemon, --stop-daemon) is";
	return NULL;
}

const char *xvsadm_refusal(const struct xvsadm_cmd *cmd, char *buf, size_t len)
{
	const char *what = command_refusal(cmd);

	if (!what)
		return NULL;
	snprintf(buf, len, "xvsadm: %s not supported yet", what);
	return buf;
}
