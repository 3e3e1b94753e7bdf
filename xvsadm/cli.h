/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvsadm command line: the plain model an ipvsadm command line is parsed
 * into, and the parser.  Nothing here touches the data plane, so every
 * parse can be unit-tested without root.  Line references "ipvsadm.c:N" are
 * to ipvsadm 1.31 as cited in shared/specs/ipvs.md.
 */
#ifndef XVSADM_CLI_H
#define XVSADM_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "xvs.h"

/* Commands in ipvsadm's order: the rows of the legality matrix. */
enum xvsadm_cmd_id {
	CMD_NONE = 0,
	CMD_ADD,
	CMD_EDIT,
	CMD_DEL,
	CMD_FLUSH,
	CMD_LIST,
	CMD_ADDDEST,
	CMD_DELDEST,
	CMD_EDITDEST,
	CMD_TIMEOUT,
	CMD_STARTDAEMON,
	CMD_STOPDAEMON,
	CMD_RESTORE,
	CMD_SAVE,
	CMD_ZERO,
	/* xvs extensions: rows of their own, every option illegal */
	CMD_XVS_REASONS,
	CMD_XVS_IFACES,
	CMD_XVS_SYSCTL,
	CMD_XVS_MARK,
	CMD_XVS_MARK_DEL,
	CMD_XVS_SYNC,
	CMD_MATRIX_ROWS = CMD_XVS_SYNC,
	/* -h and -v end option processing at once (ipvsadm.c usage_exit) */
	CMD_HELP,
	CMD_VERSION,
};

/* Options in ipvsadm's order: the columns of the legality matrix. */
enum xvsadm_opt {
	OPT_NUMERIC,
	OPT_CONNECTION,
	OPT_SERVICE,
	OPT_SCHEDULER,
	OPT_PERSISTENT,
	OPT_NETMASK,
	OPT_SERVER,
	OPT_FORWARD,
	OPT_WEIGHT,
	OPT_UTHRESHOLD,
	OPT_LTHRESHOLD,
	OPT_MCAST,
	OPT_TIMEOUT,
	OPT_DAEMON,
	OPT_STATS,
	OPT_RATE,
	OPT_THRESHOLDS,
	OPT_PERSISTENTCONN,
	OPT_NOSORT,
	OPT_SYNCID,
	OPT_EXACT,
	OPT_ONEPACKET,
	OPT_PE,
	OPT_SCHED_FLAGS,
	OPT_MCAST_GROUP,
	OPT_MCAST_PORT,
	OPT_MCAST_TTL,
	OPT_SYNC_MAXLEN,
	OPT_TUN_INFO,
	OPT_TUN_TYPE,
	OPT_TUN_PORT,
	OPT_TUN_NOCSUM,
	OPT_TUN_CSUM,
	OPT_TUN_REMCSUM,
	OPT_COUNT,
};

#define OPTB(o) (1ULL << (o))

/* Listing format flags (ipvsadm.c FMT_*). */
#define FMT_NONE 0x0000
#define FMT_NUMERIC 0x0001
#define FMT_RULE 0x0002
#define FMT_STATS 0x0004
#define FMT_RATE 0x0008
#define FMT_THRESHOLDS 0x0010
#define FMT_PERSISTENTCONN 0x0020
#define FMT_NOSORT 0x0040
#define FMT_EXACT 0x0080
#define FMT_TUN_INFO 0x0100

/* Tunnel types and encapsulation flags as IPVS numbers them. */
enum { XVSADM_TUN_IPIP, XVSADM_TUN_GUE, XVSADM_TUN_GRE, XVSADM_TUN_MAX };
#define XVSADM_TUN_F_NOCSUM 0
#define XVSADM_TUN_F_CSUM 1
#define XVSADM_TUN_F_REMCSUM 2

#define XVSADM_DEF_SCHED "wlc"
#define XVSADM_DEF_MCAST_IFN "eth0"
#define XVSADM_PERSISTENT_TIMEOUT 360 /* libipvs.h IPVS_SVC_PERSISTENT_TIMEOUT */
#define XVSADM_MAX_TIMEOUT (86400 * 31)

/* Sync daemon parameters, parsed and checked like ipvsadm's. */
struct xvsadm_daemon {
	int state; /* 1 master, 2 backup */
	char mcast_ifn[16];
	int syncid;
	int sync_maxlen;
	int mcast_port;
	int mcast_ttl;
	int mcast_af;
	uint8_t mcast_group[16];
};

/* One parsed command line. */
struct xvsadm_cmd {
	enum xvsadm_cmd_id cmd;
	uint64_t options; /* OPTB(OPT_*) */
	unsigned int format; /* FMT_* */
	struct xvs_service svc;
	struct xvs_dest_cfg dest;
	struct xvs_timeouts timeouts;
	/* --xvs-sysctl NAME=VALUE ...: the switches to set (none: list them) */
	struct {
		int idx;
		uint32_t value;
	} sysctl[XVS_SC_MAX];
	int nsysctl;
	/* --xvs-mark / --xvs-mark-del RULE (none: list the rules) */
	struct xvs_mark_spec mark;
	bool has_mark;
	struct xvsadm_daemon daemon;
};

/* Why a command line was rejected, and how ipvsadm would have ended. */
struct xvsadm_err {
	int status; /* exit status: 2 for fail(), 255 for the help hint or popt */
	bool fatal; /* exits the process, even inside -R (fail, tryhelp_exit) */
	char msg[4096]; /* stderr text, newline included */
};

/*
 * xvsadm_parse() - parse and check one command line as ipvsadm's
 * process_options() does before it talks to the kernel: popt options,
 * the legality matrix, defaults and cross-checks.
 * Returns 0 and fills @cmd, or -1 and fills @err.
 */
int xvsadm_parse(int argc, char **argv, struct xvsadm_cmd *cmd, struct xvsadm_err *err);

/* Names as ipvsadm prints them in its messages. */
const char *xvsadm_opt_name(enum xvsadm_opt o);
const char *xvsadm_cmd_name(enum xvsadm_cmd_id c);

/* Checks after option parsing (check.c); 0 or -1 with @err filled. */
int xvsadm_check(struct xvsadm_cmd *cmd, struct xvsadm_err *err);

/* Helpers shared by cli.c and check.c: fill @err as ipvsadm's fail(). */
int xvsadm_fail(struct xvsadm_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int xvsadm_tryhelp(struct xvsadm_err *err, const char *prog);

#endif /* XVSADM_CLI_H */
