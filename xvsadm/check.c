// SPDX-License-Identifier: GPL-2.0
/*
 * What ipvsadm's process_options() checks once all options are read:
 * the command x option matrix (ipvsadm.c:270-297, generic_opt_check
 * 1349-1380), the tunnel type x option matrix (326-341, 1383-1415), and
 * the defaults and cross-checks of ipvsadm.c:992-1076.
 */
#include <string.h>

#include "cli.h"

static const char *const opt_names[OPT_COUNT] = {
	"numeric",     "connection",	  "service-address", "scheduler",   "persistent",
	"netmask",     "real-server",	  "forwarding-method", "weight",    "u-threshold",
	"l-threshold", "mcast-interface", "timeout",	     "daemon",	    "stats",
	"rate",	       "thresholds",	  "persistent-conn", "nosort",	    "syncid",
	"exact",       "ops",		  "pe",		     "sched-flags", "mcast-group",
	"mcast-port",  "mcast-ttl",	  "sync-maxlen",     "tun-info",    "tun-type",
	"tun-port",    "tun-nocsum",	  "tun-csum",	     "tun-remcsum",
};

static const char *const cmd_names[CMD_MATRIX_ROWS] = {
	"add-service", "edit-service", "delete-service", "flush",   "list",
	"add-server",  "delete-server", "edit-server",	 "set",	    "start-daemon",
	"stop-daemon", "restore",      "save",		 "zero",    "xvs-reasons",
	"xvs-ifaces",  "xvs-sysctl",   "xvs-mark",	 "xvs-mark-del", "xvs-sync",
};

/*
 * One row per command, one column per enum xvsadm_opt: '+' required,
 * 'x' illegal, '1' at most one of the '1's, '.' optional.
 */
#define ALL_X "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
static const char matrix[CMD_MATRIX_ROWS][OPT_COUNT + 1] = {
	[CMD_ADD - 1] = "xx+...xxxxxxxxxxxxxxx...xxxxxxxxxx",
	[CMD_EDIT - 1] = "xx+...xxxxxxxxxxxxxxx...xxxxxxxxxx",
	[CMD_DEL - 1] = "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_FLUSH - 1] = ALL_X,
	[CMD_LIST - 1] = ".11xxxxxxxxx11.......xxxxxxx.xxxxx",
	[CMD_ADDDEST - 1] = "xx+xxx+....xxxxxxxxxxxxxxxxxx.....",
	[CMD_DELDEST - 1] = "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_EDITDEST - 1] = "xx+xxx+....xxxxxxxxxxxxxxxxxx.....",
	[CMD_TIMEOUT - 1] = ALL_X,
	[CMD_STARTDAEMON - 1] = "xxxxxxxxxxx.xxxxxxx.xxxx....xxxxxx",
	[CMD_STOPDAEMON - 1] = "xxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxx",
	[CMD_RESTORE - 1] = ALL_X,
	[CMD_SAVE - 1] = ".xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_ZERO - 1] = "xx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	[CMD_XVS_REASONS - 1] = ALL_X,
	[CMD_XVS_IFACES - 1] = ALL_X,
	[CMD_XVS_SYSCTL - 1] = ALL_X,
	[CMD_XVS_MARK - 1] = ALL_X,
	[CMD_XVS_MARK_DEL - 1] = ALL_X,
	[CMD_XVS_SYNC - 1] = ALL_X,
};

const char *xvsadm_opt_name(enum xvsadm_opt o)
{
	return o < OPT_COUNT ? opt_names[o] : "?";
}

const char *xvsadm_cmd_name(enum xvsadm_cmd_id c)
{
	return c >= CMD_ADD && c <= CMD_MATRIX_ROWS ? cmd_names[c - 1] : "?";
}

/*
 * The matrix walk shared by commands and tunnel types: columns in order,
 * the first violation wins.  @cols maps a row position to its option.
 */
static int matrix_check(const char *row, const enum xvsadm_opt *cols, int ncols, uint64_t options,
			const char *what, const char *kind, struct xvsadm_err *err)
{
	int seen = -1;

	for (int j = 0; j < ncols; j++) {
		const char *name = xvsadm_opt_name(cols[j]);

		if (!(options & OPTB(cols[j]))) {
			if (row[j] == '+')
				return xvsadm_fail(err, "You need to supply the '%s' option for the '%s' %s",
						   name, what, kind);
			continue;
		}
		if (row[j] == 'x')
			return xvsadm_fail(err, "Illegal '%s' option with the '%s' %s", name, what, kind);
		if (row[j] != '1')
			continue;
		if (seen >= 0)
			return xvsadm_fail(err, "The option '%s' conflicts with the '%s' option in the '%s' %s",
					   name, xvsadm_opt_name(cols[seen]), what, kind);
		seen = j;
	}
	return 0;
}

static int generic_opt_check(const struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	enum xvsadm_opt cols[OPT_COUNT];

	for (int j = 0; j < OPT_COUNT; j++)
		cols[j] = j;
	return matrix_check(matrix[cmd->cmd - 1], cols, OPT_COUNT, cmd->options,
			    xvsadm_cmd_name(cmd->cmd), "command", err);
}

static int tunnel_opt_check(const struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	static const char *const tun_names[XVSADM_TUN_MAX] = { "ipip", "gue", "gre" };
	static const enum xvsadm_opt cols[] = { OPT_TUN_PORT, OPT_TUN_NOCSUM, OPT_TUN_CSUM,
						OPT_TUN_REMCSUM };
	static const char rows[XVSADM_TUN_MAX][5] = { "xxxx", "+111", "x11x" };
	unsigned int t = cmd->dest.tun_type;

	return matrix_check(rows[t], cols, 4, cmd->options, tun_names[t], "tunnel type", err);
}

static int check_service_cmd(struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	struct xvs_service *svc = &cmd->svc;

	if (!svc->fwmark && !svc->port && !(svc->flags & XVS_SVC_F_PERSISTENT))
		return xvsadm_fail(err, "Zero port specified for non-persistent service");
	if ((svc->flags & XVS_SVC_F_ONEPACKET) && !svc->fwmark && svc->protocol != IPPROTO_UDP)
		return xvsadm_fail(err, "One-Packet Scheduling is only for UDP virtual services");
	if (!svc->sched_name[0])
		strcpy(svc->sched_name, XVSADM_DEF_SCHED);
	return 0;
}

#define TUN_OPTS                                                                            \
	(OPTB(OPT_TUN_TYPE) | OPTB(OPT_TUN_PORT) | OPTB(OPT_TUN_NOCSUM) | OPTB(OPT_TUN_CSUM) | \
	 OPTB(OPT_TUN_REMCSUM))

static int check_dest_cmd(struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	uint32_t fwd = cmd->dest.conn_flags & XVS_FWD_MASK;

	/*
	 * DR and TUN cannot change the port: ipvsadm silently uses the
	 * service's, even over an explicit -r ip:port (ipvsadm.c:1044).
	 */
	if (!cmd->svc.fwmark && (fwd == XVS_FWD_TUNNEL || fwd == XVS_FWD_DROUTE))
		cmd->dest.port = cmd->svc.port;
	if (cmd->dest.af != cmd->svc.af && fwd != XVS_FWD_TUNNEL)
		return xvsadm_fail(err, "Different address family is allowed only for tunneling servers");
	if ((cmd->options & TUN_OPTS) && fwd != XVS_FWD_TUNNEL)
		return xvsadm_fail(err, "Tunnel options conflict with forward method");
	return tunnel_opt_check(cmd, err);
}

static int check_list_cmd(const struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	uint64_t o = cmd->options;
	uint64_t what = OPTB(OPT_CONNECTION) | OPTB(OPT_TIMEOUT) | OPTB(OPT_DAEMON);
	uint64_t counters = OPTB(OPT_STATS) | OPTB(OPT_RATE) | OPTB(OPT_THRESHOLDS);
	uint64_t tables = OPTB(OPT_TIMEOUT) | OPTB(OPT_DAEMON);

	if (((o & what) && (o & counters)) || ((o & tables) && (o & OPTB(OPT_PERSISTENTCONN))))
		return xvsadm_fail(err, "options conflicts in the list command");
	return 0;
}

int xvsadm_check(struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	if (generic_opt_check(cmd, err))
		return -1;
	switch (cmd->cmd) {
	case CMD_ADD:
	case CMD_EDIT:
		return check_service_cmd(cmd, err);
	case CMD_STARTDAEMON:
		if (!cmd->daemon.mcast_ifn[0])
			strcpy(cmd->daemon.mcast_ifn, XVSADM_DEF_MCAST_IFN);
		return 0;
	case CMD_ADDDEST:
	case CMD_EDITDEST:
		return check_dest_cmd(cmd, err);
	case CMD_LIST:
		return check_list_cmd(cmd, err);
	default:
		return 0;
	}
}
