// SPDX-License-Identifier: GPL-2.0
/*
 * Option parsing with popt, as ipvsadm.c parse_options() (ipvsadm.c:529-927):
 * the first option must be a command, each option may be given once, and
 * popt's own errors ("-t: missing argument") come out as ipvsadm prints them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <popt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "cli.h"

/* popt values of options without a short name; above the ASCII range. */
enum {
	TAG_SET = 128,
	TAG_START_DAEMON,
	TAG_STOP_DAEMON,
	TAG_MCAST_INTERFACE,
	TAG_SYNCID,
	TAG_TIMEOUT,
	TAG_DAEMON,
	TAG_STATS,
	TAG_RATE,
	TAG_THRESHOLDS,
	TAG_PERSISTENTCONN,
	TAG_SORT,
	TAG_NO_SORT,
	TAG_PE,
	TAG_SCTP_SERVICE,
	TAG_MCAST_GROUP,
	TAG_MCAST_PORT,
	TAG_MCAST_TTL,
	TAG_SYNC_MAXLEN,
	TAG_TUN_INFO,
	TAG_TUN_TYPE,
	TAG_TUN_PORT,
	TAG_TUN_NOCSUM,
	TAG_TUN_CSUM,
	TAG_TUN_REMCSUM,
	TAG_XVS_REASONS,
	TAG_XVS_IFACES,
	TAG_XVS_SYSCTL,
	TAG_XVS_MARK,
	TAG_XVS_MARK_DEL,
	TAG_XVS_SYNC,
};

#define NOARG(l, s, v) { l, s, POPT_ARG_NONE, NULL, v, NULL, NULL }
#define STRARG(l, s, v) { l, s, POPT_ARG_STRING, NULL, v, NULL, NULL }

/* Arguments are fetched with poptGetOptArg(), so no arg pointers here. */
static const struct poptOption popt_table[] = {
	NOARG("add-service", 'A', 'A'), NOARG("edit-service", 'E', 'E'),
	NOARG("delete-service", 'D', 'D'), NOARG("clear", 'C', 'C'),
	NOARG("list", 'L', 'L'), NOARG("list", 'l', 'l'),
	NOARG("zero", 'Z', 'Z'), NOARG("add-server", 'a', 'a'),
	NOARG("edit-server", 'e', 'e'), NOARG("delete-server", 'd', 'd'),
	NOARG("set", '\0', TAG_SET), NOARG("help", 'h', 'h'),
	NOARG("version", 'v', 'v'), NOARG("restore", 'R', 'R'),
	NOARG("save", 'S', 'S'),
	STRARG("start-daemon", '\0', TAG_START_DAEMON),
	STRARG("stop-daemon", '\0', TAG_STOP_DAEMON),
	STRARG("tcp-service", 't', 't'), STRARG("udp-service", 'u', 'u'),
	STRARG("sctp-service", '\0', TAG_SCTP_SERVICE),
	STRARG("fwmark-service", 'f', 'f'), STRARG("scheduler", 's', 's'),
	{ "persistent", 'p', POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL, NULL, 'p', NULL, NULL },
	STRARG("netmask", 'M', 'M'), STRARG("real-server", 'r', 'r'),
	NOARG("masquerading", 'm', 'm'), NOARG("ipip", 'i', 'i'),
	NOARG("gatewaying", 'g', 'g'), STRARG("weight", 'w', 'w'),
	STRARG("u-threshold", 'x', 'x'), STRARG("l-threshold", 'y', 'y'),
	NOARG("numeric", 'n', 'n'), NOARG("connection", 'c', 'c'),
	STRARG("mcast-interface", '\0', TAG_MCAST_INTERFACE),
	STRARG("syncid", '\0', TAG_SYNCID), NOARG("timeout", '\0', TAG_TIMEOUT),
	NOARG("daemon", '\0', TAG_DAEMON), NOARG("stats", '\0', TAG_STATS),
	NOARG("rate", '\0', TAG_RATE), NOARG("thresholds", '\0', TAG_THRESHOLDS),
	NOARG("persistent-conn", '\0', TAG_PERSISTENTCONN),
	NOARG("nosort", '\0', TAG_NO_SORT), NOARG("sort", '\0', TAG_SORT),
	NOARG("exact", 'X', 'X'), NOARG("ipv6", '6', '6'), NOARG("ops", 'o', 'o'),
	STRARG("pe", '\0', TAG_PE), STRARG("sched-flags", 'b', 'b'),
	STRARG("mcast-group", '\0', TAG_MCAST_GROUP),
	STRARG("mcast-port", '\0', TAG_MCAST_PORT),
	STRARG("mcast-ttl", '\0', TAG_MCAST_TTL),
	STRARG("sync-maxlen", '\0', TAG_SYNC_MAXLEN),
	NOARG("tun-info", '\0', TAG_TUN_INFO), STRARG("tun-type", '\0', TAG_TUN_TYPE),
	STRARG("tun-port", '\0', TAG_TUN_PORT), NOARG("tun-nocsum", '\0', TAG_TUN_NOCSUM),
	NOARG("tun-csum", '\0', TAG_TUN_CSUM), NOARG("tun-remcsum", '\0', TAG_TUN_REMCSUM),
	/* xvs extensions; ipvsadm rejects both, so no ipvsadm line changes */
	NOARG("xvs-reasons", '\0', TAG_XVS_REASONS), NOARG("xvs-ifaces", '\0', TAG_XVS_IFACES),
	NOARG("xvs-sysctl", '\0', TAG_XVS_SYSCTL), NOARG("xvs-mark", '\0', TAG_XVS_MARK),
	NOARG("xvs-mark-del", '\0', TAG_XVS_MARK_DEL), NOARG("xvs-sync", '\0', TAG_XVS_SYNC),
	POPT_TABLEEND
};

/* Options that only set their bit and a format flag. */
static const struct flag_opt {
	int val;
	enum xvsadm_opt opt;
	unsigned int fmt;
} flag_opts[] = {
	{ 'c', OPT_CONNECTION, 0 },
	{ 'n', OPT_NUMERIC, FMT_NUMERIC },
	{ TAG_TIMEOUT, OPT_TIMEOUT, 0 },
	{ TAG_DAEMON, OPT_DAEMON, 0 },
	{ TAG_STATS, OPT_STATS, FMT_STATS },
	{ TAG_RATE, OPT_RATE, FMT_RATE },
	{ TAG_THRESHOLDS, OPT_THRESHOLDS, FMT_THRESHOLDS },
	{ TAG_PERSISTENTCONN, OPT_PERSISTENTCONN, FMT_PERSISTENTCONN },
	{ TAG_NO_SORT, OPT_NOSORT, FMT_NOSORT },
	{ 'X', OPT_EXACT, FMT_EXACT },
	{ TAG_TUN_INFO, OPT_TUN_INFO, FMT_TUN_INFO },
};

/* Options whose argument is a number in a range (string_to_number). */
static const struct num_opt {
	int val;
	enum xvsadm_opt opt;
	int min, max;
	const char *what;
} num_opts[] = {
	{ 'w', OPT_WEIGHT, 0, 0x7fffffff, "weight" },
	{ 'x', OPT_UTHRESHOLD, 0, 0x7fffffff, "u_threshold" },
	{ 'y', OPT_LTHRESHOLD, 0, 0x7fffffff, "l_threshold" },
	{ TAG_SYNCID, OPT_SYNCID, 0, 255, "syncid" },
	{ TAG_MCAST_PORT, OPT_MCAST_PORT, 1, 65535, "mcast-port" },
	{ TAG_MCAST_TTL, OPT_MCAST_TTL, 1, 255, "mcast-ttl" },
	{ TAG_SYNC_MAXLEN, OPT_SYNC_MAXLEN, 1, 65535 - 20 - 8, "sync-maxlen" },
	{ TAG_TUN_PORT, OPT_TUN_PORT, 1, 65535, "tunnel port" },
};

/* Forwarding methods and tunnel checksum options. */
static const struct set_opt {
	int val;
	enum xvsadm_opt opt;
	uint32_t value;
} fwd_opts[] = {
	{ 'i', OPT_FORWARD, XVS_FWD_TUNNEL },
	{ 'g', OPT_FORWARD, XVS_FWD_DROUTE },
	{ 'm', OPT_FORWARD, XVS_FWD_MASQ },
}, csum_opts[] = {
	{ TAG_TUN_NOCSUM, OPT_TUN_NOCSUM, XVSADM_TUN_F_NOCSUM },
	{ TAG_TUN_CSUM, OPT_TUN_CSUM, XVSADM_TUN_F_CSUM },
	{ TAG_TUN_REMCSUM, OPT_TUN_REMCSUM, XVSADM_TUN_F_REMCSUM },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Parser state of one command line. */
struct parse {
	poptContext ctx;
	const char *prog;
	struct xvsadm_cmd *cmd;
	struct xvsadm_err *err;
	char sched_flags[128]; /* -b, parsed after all options (ipvsadm.c:1289) */
};

int xvsadm_fail(struct xvsadm_err *err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n > sizeof(err->msg) - 2)
		n = sizeof(err->msg) - 2;
	strcpy(err->msg + n, "\n");
	err->status = 2;
	err->fatal = true;
	return -1;
}

int xvsadm_tryhelp(struct xvsadm_err *err, const char *prog)
{
	snprintf(err->msg, sizeof(err->msg), "Try `%s -h' or '%s --help' for more information.\n",
		 prog, prog);
	err->status = 255;
	err->fatal = true;
	return -1;
}

static int set_option(struct parse *p, enum xvsadm_opt o)
{
	if (p->cmd->options & OPTB(o))
		return xvsadm_fail(p->err, "multiple '%s' options specified", xvsadm_opt_name(o));
	p->cmd->options |= OPTB(o);
	return 0;
}

static void copy_name(char *dst, size_t len, const char *src)
{
	/* strncpy(dst, src, len - 1) into zeroed storage, as ipvsadm */
	snprintf(dst, len, "%.*s", (int)(len - 1), src);
}

static const char *bad_option(struct parse *p)
{
	const char *s = poptBadOption(p->ctx, POPT_BADOPTION_NOALIAS);

	return s ? s : "";
}

static int parse_daemon_state(struct parse *p, const char *arg, const char *msg)
{
	if (!strcmp(arg, "master"))
		p->cmd->daemon.state = 1;
	else if (!strcmp(arg, "backup"))
		p->cmd->daemon.state = 2;
	else
		return xvsadm_fail(p->err, "%s", msg);
	return 0;
}

static const struct {
	int val;
	enum xvsadm_cmd_id cmd;
} command_opts[] = {
	{ 'A', CMD_ADD },	 { 'E', CMD_EDIT },	   { 'D', CMD_DEL },
	{ 'a', CMD_ADDDEST },	 { 'e', CMD_EDITDEST },	   { 'd', CMD_DELDEST },
	{ 'C', CMD_FLUSH },	 { 'L', CMD_LIST },	   { 'l', CMD_LIST },
	{ 'Z', CMD_ZERO },	 { TAG_SET, CMD_TIMEOUT }, { 'R', CMD_RESTORE },
	{ 'S', CMD_SAVE },	 { 'h', CMD_HELP },	   { 'v', CMD_VERSION },
	{ TAG_START_DAEMON, CMD_STARTDAEMON },	 { TAG_STOP_DAEMON, CMD_STOPDAEMON },
	{ TAG_XVS_REASONS, CMD_XVS_REASONS },	 { TAG_XVS_IFACES, CMD_XVS_IFACES },
	{ TAG_XVS_SYSCTL, CMD_XVS_SYSCTL },	 { TAG_XVS_MARK, CMD_XVS_MARK },
	{ TAG_XVS_MARK_DEL, CMD_XVS_MARK_DEL }, { TAG_XVS_SYNC, CMD_XVS_SYNC },
};

/* The first option: a command, else the help hint (ipvsadm.c:623-688). */
static int parse_command(struct parse *p)
{
	int c = poptGetNextOpt(p->ctx);
	char *arg = c >= 0 ? poptGetOptArg(p->ctx) : NULL;
	int rc = 0;
	size_t i;

	for (i = 0; i < ARRAY_LEN(command_opts) && command_opts[i].val != c; i++)
		;
	if (i == ARRAY_LEN(command_opts))
		rc = xvsadm_tryhelp(p->err, p->prog);
	else
		p->cmd->cmd = command_opts[i].cmd;
	if (c == TAG_START_DAEMON)
		rc = parse_daemon_state(p, arg, "illegal start-daemon parameter specified");
	else if (c == TAG_STOP_DAEMON)
		/* sic: ipvsadm's message for --stop-daemon */
		rc = parse_daemon_state(p, arg, "illegal start_daemon specified");
	free(arg);
	return rc;
}

static int parse_service_opt(struct parse *p, int c, const char *arg)
{
	struct xvs_service *svc = &p->cmd->svc;
	struct xvsadm_hostport hp = { .af = svc->af, .addr = svc->addr, .port = svc->port };

	if (set_option(p, OPT_SERVICE))
		return -1;
	svc->protocol = c == 't' ? IPPROTO_TCP : c == 'u' ? IPPROTO_UDP : IPPROTO_SCTP;
	if (!(xvsadm_parse_hostport(arg, svc->protocol, &hp) & XVSADM_HP_ADDR))
		return xvsadm_fail(p->err, "illegal virtual server address[:port] specified");
	svc->af = hp.af;
	svc->addr = hp.addr;
	svc->port = hp.port;
	if (hp.af == AF_INET6)
		svc->netmask = 128;
	return 0;
}

static int parse_fwmark_opt(struct parse *p, const char *arg)
{
	unsigned long mark;
	char *end;

	if (set_option(p, OPT_SERVICE))
		return -1;
	/* ipvsadm.c parse_fwmark: strtol into an unsigned long, 1..UINT_MAX */
	errno = 0;
	mark = strtol(arg, &end, 10);
	if (*end || end == arg || errno == ERANGE || mark == 0 || mark > UINT32_MAX)
		return xvsadm_fail(p->err, "invalid fwmark value `%s' specified", arg);
	/* a placeholder protocol, as ipvsadm sends */
	p->cmd->svc.af = AF_INET;
	p->cmd->svc.protocol = IPPROTO_TCP;
	p->cmd->svc.fwmark = mark;
	return 0;
}

static int parse_timeout(struct parse *p, const char *arg, int min, int *out)
{
	/* -p without a value: libipvs.h's default of 360 s */
	if (!arg) {
		*out = XVSADM_PERSISTENT_TIMEOUT;
		return 0;
	}
	*out = xvsadm_str_to_num(arg, min, XVSADM_MAX_TIMEOUT);
	if (*out < 0)
		return xvsadm_fail(p->err, "invalid timeout value `%s' specified", arg);
	return 0;
}

static int parse_netmask_opt(struct parse *p, const char *arg)
{
	struct xvs_service *svc = &p->cmd->svc;

	if (set_option(p, OPT_NETMASK))
		return -1;
	/* the family is the one known so far: -M before -t [v6] is IPv4 */
	if (svc->af != AF_INET6) {
		if (!xvsadm_resolve_v4(arg, &svc->netmask))
			return xvsadm_fail(p->err, "illegal virtual server persistent mask specified");
		return 0;
	}
	svc->netmask = atoi(arg);
	if ((int)svc->netmask < 1 || svc->netmask > 128)
		return xvsadm_fail(p->err, "illegal ipv6 netmask specified");
	return 0;
}

static int parse_svc_attr(struct parse *p, int c, const char *arg)
{
	struct xvs_service *svc = &p->cmd->svc;
	int t;

	switch (c) {
	case 's':
		if (set_option(p, OPT_SCHEDULER))
			return -1;
		copy_name(svc->sched_name, sizeof(svc->sched_name), arg);
		return 0;
	case 'p':
		if (set_option(p, OPT_PERSISTENT))
			return -1;
		svc->flags |= XVS_SVC_F_PERSISTENT;
		if (parse_timeout(p, arg, 1, &t))
			return -1;
		svc->timeout = t;
		return 0;
	case 'o':
		if (set_option(p, OPT_ONEPACKET))
			return -1;
		svc->flags |= XVS_SVC_F_ONEPACKET;
		return 0;
	case TAG_PE:
		if (set_option(p, OPT_PE))
			return -1;
		copy_name(svc->pe_name, sizeof(svc->pe_name), arg);
		return 0;
	case 'b':
		if (set_option(p, OPT_SCHED_FLAGS))
			return -1;
		snprintf(p->sched_flags, sizeof(p->sched_flags), "%s", arg);
		return 0;
	}
	return 1;
}

static int parse_real_server(struct parse *p, const char *arg)
{
	struct xvs_service *svc = &p->cmd->svc;
	struct xvsadm_hostport hp = { .af = svc->af, .addr = svc->addr, .port = svc->port };
	int found;

	if (set_option(p, OPT_SERVER))
		return -1;
	/* port names follow the protocol of a service given before -r */
	found = xvsadm_parse_hostport(arg, svc->protocol, &hp);
	if (!(found & XVSADM_HP_ADDR))
		return xvsadm_fail(p->err, "illegal real server address[:port] specified");
	p->cmd->dest.af = hp.af;
	p->cmd->dest.addr = hp.addr;
	/* no port: the service's port as known at this point */
	p->cmd->dest.port = found & XVSADM_HP_PORT ? hp.port : svc->port;
	return 0;
}

static int parse_tun_type(struct parse *p, const char *arg)
{
	static const char *const names[XVSADM_TUN_MAX] = { "ipip", "gue", "gre" };

	if (set_option(p, OPT_TUN_TYPE))
		return -1;
	for (int i = 0; i < XVSADM_TUN_MAX; i++) {
		if (!strcmp(arg, names[i])) {
			p->cmd->dest.tun_type = i;
			return 0;
		}
	}
	return xvsadm_fail(p->err, "illegal tunnel type specified");
}

static int parse_set_opt(struct parse *p, int c, const struct set_opt *t, size_t n, uint32_t *field,
			 bool or_in)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].val != c)
			continue;
		if (set_option(p, t[i].opt))
			return -1;
		*field = or_in ? *field | t[i].value : t[i].value;
		return 0;
	}
	return 1;
}

static int parse_dest_opt(struct parse *p, int c, const char *arg)
{
	struct xvs_dest_cfg *d = &p->cmd->dest;
	uint32_t flags = d->tun_flags;
	int rc;

	if (c == 'r')
		return parse_real_server(p, arg);
	if (c == TAG_TUN_TYPE)
		return parse_tun_type(p, arg);
	rc = parse_set_opt(p, c, fwd_opts, ARRAY_LEN(fwd_opts), &d->conn_flags, false);
	if (rc <= 0)
		return rc;
	rc = parse_set_opt(p, c, csum_opts, ARRAY_LEN(csum_opts), &flags, true);
	d->tun_flags = flags;
	return rc;
}

static void store_number(struct xvsadm_cmd *cmd, int c, int n)
{
	switch (c) {
	case 'w':
		cmd->dest.weight = n;
		break;
	case 'x':
		cmd->dest.u_threshold = n;
		break;
	case 'y':
		cmd->dest.l_threshold = n;
		break;
	case TAG_SYNCID:
		cmd->daemon.syncid = n;
		break;
	case TAG_MCAST_PORT:
		cmd->daemon.mcast_port = n;
		break;
	case TAG_MCAST_TTL:
		cmd->daemon.mcast_ttl = n;
		break;
	case TAG_SYNC_MAXLEN:
		cmd->daemon.sync_maxlen = n;
		break;
	case TAG_TUN_PORT:
		cmd->dest.tun_port = n;
		break;
	}
}

static int parse_number_opt(struct parse *p, int c, const char *arg)
{
	for (size_t i = 0; i < ARRAY_LEN(num_opts); i++) {
		const struct num_opt *o = &num_opts[i];
		int n;

		if (o->val != c)
			continue;
		if (set_option(p, o->opt))
			return -1;
		n = xvsadm_str_to_num(arg, o->min, o->max);
		if (n < 0)
			return xvsadm_fail(p->err, "illegal %s specified", o->what);
		store_number(p->cmd, c, n);
		return 0;
	}
	return 1;
}

static int parse_flag_opt(struct parse *p, int c)
{
	for (size_t i = 0; i < ARRAY_LEN(flag_opts); i++) {
		if (flag_opts[i].val != c)
			continue;
		if (set_option(p, flag_opts[i].opt))
			return -1;
		p->cmd->format |= flag_opts[i].fmt;
		return 0;
	}
	return 1;
}

static int parse_mcast_group(struct parse *p, const char *arg)
{
	struct xvsadm_daemon *d = &p->cmd->daemon;
	struct in_addr in;

	if (set_option(p, OPT_MCAST_GROUP))
		return -1;
	if (strchr(arg, ':')) {
		if (inet_pton(AF_INET6, arg, d->mcast_group) <= 0 ||
		    !IN6_IS_ADDR_MULTICAST((struct in6_addr *)d->mcast_group))
			return xvsadm_fail(p->err, "invalid IPv6 mcast-group `%s'", arg);
		d->mcast_af = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, arg, &in) <= 0 || !IN_MULTICAST(ntohl(in.s_addr)))
		return xvsadm_fail(p->err, "invalid IPv4 mcast-group `%s'", arg);
	memcpy(d->mcast_group, &in, sizeof(in));
	d->mcast_af = AF_INET;
	return 0;
}

static int parse_misc_opt(struct parse *p, int c, const char *arg)
{
	switch (c) {
	case TAG_SORT:
		/* accepted for backwards compatibility, no option bit */
		return 0;
	case '6':
		/* not an option bit either; only meaningful after -f */
		if (!p->cmd->svc.fwmark)
			return xvsadm_fail(p->err, "-6 used before -f\n");
		p->cmd->svc.af = AF_INET6;
		p->cmd->svc.netmask = 128;
		return 0;
	case TAG_MCAST_INTERFACE:
		if (set_option(p, OPT_MCAST))
			return -1;
		copy_name(p->cmd->daemon.mcast_ifn, sizeof(p->cmd->daemon.mcast_ifn), arg);
		return 0;
	case TAG_MCAST_GROUP:
		return parse_mcast_group(p, arg);
	}
	return 1;
}

static int parse_option(struct parse *p, int c, const char *arg)
{
	int rc;

	if (c == 't' || c == 'u' || c == TAG_SCTP_SERVICE)
		return parse_service_opt(p, c, arg);
	if (c == 'f')
		return parse_fwmark_opt(p, arg);
	if (c == 'M')
		return parse_netmask_opt(p, arg);
	rc = parse_svc_attr(p, c, arg);
	if (rc <= 0)
		return rc;
	rc = parse_dest_opt(p, c, arg);
	if (rc <= 0)
		return rc;
	rc = parse_number_opt(p, c, arg);
	if (rc <= 0)
		return rc;
	rc = parse_flag_opt(p, c);
	if (rc <= 0)
		return rc;
	rc = parse_misc_opt(p, c, arg);
	if (rc <= 0)
		return rc;
	/* a second command, or an xvs extension after the command */
	if (c == TAG_XVS_REASONS || c == TAG_XVS_IFACES || c == TAG_XVS_SYSCTL || c == TAG_XVS_MARK ||
	    c == TAG_XVS_MARK_DEL || c == TAG_XVS_SYNC) {
		/* what ipvsadm, which has no such option, would say */
		snprintf(p->err->msg, sizeof(p->err->msg), "%s: unknown option\n", bad_option(p));
		p->err->status = 255;
		p->err->fatal = false;
		return -1;
	}
	return xvsadm_fail(p->err, "invalid option `%s'", bad_option(p));
}

static const struct {
	const char *name;
	uint32_t flag;
	const char *sched; /* NULL: any scheduler */
} sched_flag_names[] = {
	{ "flag-1", XVS_SVC_F_SCHED1, NULL },	   { "flag-2", XVS_SVC_F_SCHED2, NULL },
	{ "flag-3", XVS_SVC_F_SCHED3, NULL },	   { "sh-fallback", XVS_SVC_F_SCHED1, "sh" },
	{ "sh-port", XVS_SVC_F_SCHED2, "sh" },	   { "mh-fallback", XVS_SVC_F_SCHED1, "mh" },
	{ "mh-port", XVS_SVC_F_SCHED2, "mh" },
};

static int parse_sched_flag(struct parse *p, const char *sched, const char *flag)
{
	for (size_t i = 0; i < ARRAY_LEN(sched_flag_names); i++) {
		if (strcmp(flag, sched_flag_names[i].name))
			continue;
		if (sched_flag_names[i].sched && strcmp(sched, sched_flag_names[i].sched))
			return xvsadm_fail(p->err, "incompatible scheduler flag `%s'", flag);
		p->cmd->svc.flags |= sched_flag_names[i].flag;
		return 0;
	}
	return xvsadm_fail(p->err, "invalid scheduler flag `%s'", flag);
}

/* -b: checked against the -s scheduler, or wlc when none (ipvsadm.c:1289-1330). */
static int parse_sched_flags(struct parse *p)
{
	const char *sched = p->cmd->svc.sched_name[0] ? p->cmd->svc.sched_name : XVSADM_DEF_SCHED;
	char *save = NULL, *flag = strtok_r(p->sched_flags, ",", &save);

	p->cmd->svc.flags &= ~(XVS_SVC_F_SCHED1 | XVS_SVC_F_SCHED2 | XVS_SVC_F_SCHED3);
	/* ipvsadm crashes on a list of commas; reject it instead */
	if (!flag)
		return xvsadm_fail(p->err, "invalid scheduler flag `%s'", p->sched_flags);
	for (; flag; flag = strtok_r(NULL, ",", &save))
		if (parse_sched_flag(p, sched, flag))
			return -1;
	return 0;
}

/* --set tcp tcpfin udp: three positional values, 0 keeps a timeout. */
static int parse_set_args(struct parse *p)
{
	const char *a[3];
	int t[3];

	for (int i = 0; i < 3; i++) {
		a[i] = poptGetArg(p->ctx);
		if (!a[i])
			return xvsadm_fail(p->err, "--set option requires 3 timeout values");
	}
	for (int i = 0; i < 3; i++)
		if (parse_timeout(p, a[i], 0, &t[i]))
			return -1;
	p->cmd->timeouts.tcp_timeout = t[0];
	p->cmd->timeouts.tcp_fin_timeout = t[1];
	p->cmd->timeouts.udp_timeout = t[2];
	return 0;
}

/* --xvs-sysctl NAME=VALUE ...: every one checked before any is set. */
static int parse_sysctl_args(struct parse *p)
{
	const char *a;

	while ((a = poptGetArg(p->ctx))) {
		const char *eq = strchr(a, '=');
		char name[64], *end;
		unsigned long v;
		int idx;

		if (!eq || eq == a || (size_t)(eq - a) >= sizeof(name))
			return xvsadm_fail(p->err, "--xvs-sysctl takes NAME=VALUE, not `%s'", a);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
		idx = xvs_sysctl_index(name);
		if (idx < 0)
			return xvsadm_fail(p->err, "unknown run-time switch `%s'", name);
		errno = 0;
		v = strtoul(eq + 1, &end, 10);
		if (!eq[1] || *end || errno || eq[1] == '-' || v > xvs_sysctl_max(idx))
			return xvsadm_fail(p->err, "%s takes 0 to %u, not `%s'", name, xvs_sysctl_max(idx), eq + 1);
		if (!xvs_sysctl_supported(idx, v))
			return xvsadm_fail(p->err, "%s=%lu is not supported by the XDP data plane", name, v);
		if (p->cmd->nsysctl == XVS_SC_MAX)
			return xvsadm_fail(p->err, "too many switches at once");
		p->cmd->sysctl[p->cmd->nsysctl].idx = idx;
		p->cmd->sysctl[p->cmd->nsysctl++].value = v;
	}
	return 0;
}

/* A MAC address as six colon-separated hex bytes. */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = b[i];
	return 0;
}

/* PORT or LO:HI, 0..65535. */
static int parse_port_range(const char *s, uint16_t *lo, uint16_t *hi)
{
	char *end;
	unsigned long a, b;

	errno = 0;
	a = strtoul(s, &end, 10);
	b = a;
	if (*end == ':')
		b = strtoul(end + 1, &end, 10);
	if (end == s || *end || errno || a > 65535 || b > 65535 || a > b || *s == '-')
		return -1;
	*lo = a;
	*hi = b;
	return 0;
}

/*
 * --xvs-mark / --xvs-mark-del MARK ADDR[/LEN] [tcp|udp|sctp] [port P[:Q]]
 * [not-from MAC[,MAC...]]: one classification rule; none lists them.
 */
static int parse_mark_args(struct parse *p)
{
	struct xvs_mark_spec *m = &p->cmd->mark;
	const char *a = poptGetArg(p->ctx);
	char addr[INET6_ADDRSTRLEN + 8], *slash, *end;
	struct in_addr in4;
	unsigned long v;

	if (!a)
		return p->cmd->cmd == CMD_XVS_MARK_DEL ? xvsadm_fail(p->err, "--xvs-mark-del needs a rule") : 0;
	memset(m, 0, sizeof(*m));
	p->cmd->has_mark = true;
	errno = 0;
	v = strtoul(a, &end, 10);
	if (*end || end == a || errno || !v || v > UINT32_MAX || *a == '-')
		return xvsadm_fail(p->err, "invalid mark `%s'", a);
	m->rule.mark = v;
	m->rule.port_hi = 65535;
	a = poptGetArg(p->ctx);
	if (!a || strlen(a) >= sizeof(addr))
		return xvsadm_fail(p->err, "a mark rule needs ADDR[/LEN] after the mark");
	snprintf(addr, sizeof(addr), "%s", a);
	slash = strchr(addr, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, addr, &in4) == 1) {
		m->af = AF_INET;
		xvs_addr_from_in(&m->addr, &in4);
	} else if (inet_pton(AF_INET6, addr, &m->addr) == 1) {
		m->af = AF_INET6;
	} else {
		return xvsadm_fail(p->err, "invalid address `%s'", addr);
	}
	m->plen = m->af == AF_INET ? 32 : 128;
	if (slash) {
		errno = 0;
		v = strtoul(slash + 1, &end, 10);
		if (*end || end == slash + 1 || errno || v > m->plen)
			return xvsadm_fail(p->err, "invalid prefix length `%s'", slash + 1);
		m->plen = v;
	}
	while ((a = poptGetArg(p->ctx))) {
		if (!strcmp(a, "tcp") || !strcmp(a, "udp") || !strcmp(a, "sctp")) {
			m->rule.proto = a[0] == 't' ? IPPROTO_TCP : a[0] == 'u' ? IPPROTO_UDP : IPPROTO_SCTP;
		} else if (!strcmp(a, "port")) {
			a = poptGetArg(p->ctx);
			if (!a || parse_port_range(a, &m->rule.port_lo, &m->rule.port_hi))
				return xvsadm_fail(p->err, "port takes PORT or LOW:HIGH");
		} else if (!strcmp(a, "not-from")) {
			char list[128], *save = NULL;

			a = poptGetArg(p->ctx);
			if (!a || strlen(a) >= sizeof(list))
				return xvsadm_fail(p->err, "not-from takes MAC[,MAC...]");
			snprintf(list, sizeof(list), "%s", a);
			for (char *mac = strtok_r(list, ",", &save); mac; mac = strtok_r(NULL, ",", &save)) {
				if (m->rule.nmacs == XVS_MARK_MACS)
					return xvsadm_fail(p->err, "not-from takes at most %d MACs", XVS_MARK_MACS);
				if (parse_mac(mac, m->rule.macs[m->rule.nmacs++]))
					return xvsadm_fail(p->err, "invalid MAC address `%s'", mac);
			}
		} else {
			return xvsadm_fail(p->err, "unexpected `%s' in a mark rule", a);
		}
	}
	return 0;
}

/* Every option after the command (ipvsadm.c:690-927). */
static int parse_options(struct parse *p)
{
	const char *left;
	int c;

	while ((c = poptGetNextOpt(p->ctx)) >= 0) {
		char *arg = poptGetOptArg(p->ctx);
		int rc = parse_option(p, c, arg);

		free(arg);
		if (rc)
			return -1;
	}
	if (c < -1) {
		/* popt's error: process_options() returns -1, exit 255 */
		snprintf(p->err->msg, sizeof(p->err->msg), "%s: %s\n", bad_option(p), poptStrerror(c));
		p->err->status = 255;
		p->err->fatal = false;
		return -1;
	}
	if (p->cmd->cmd == CMD_TIMEOUT && parse_set_args(p))
		return -1;
	if (p->cmd->cmd == CMD_XVS_SYSCTL && parse_sysctl_args(p))
		return -1;
	if ((p->cmd->cmd == CMD_XVS_MARK || p->cmd->cmd == CMD_XVS_MARK_DEL) && parse_mark_args(p))
		return -1;
	left = poptGetArg(p->ctx);
	if (left)
		return xvsadm_fail(p->err, "unexpected argument %s", left);
	if (p->sched_flags[0])
		return parse_sched_flags(p);
	return 0;
}

static void init_cmd(struct xvsadm_cmd *cmd)
{
	/* ipvsadm.c process_options defaults: weight 1, DR, /32 */
	memset(cmd, 0, sizeof(*cmd));
	cmd->dest.weight = 1;
	cmd->dest.conn_flags = XVS_FWD_DROUTE;
	cmd->svc.netmask = 0xffffffff;
}

int xvsadm_parse(int argc, char **argv, struct xvsadm_cmd *cmd, struct xvsadm_err *err)
{
	struct parse p = { .prog = argv[0], .cmd = cmd, .err = err };
	int rc;

	init_cmd(cmd);
	memset(err, 0, sizeof(*err));
	p.ctx = poptGetContext("xvsadm", argc, (const char **)argv, popt_table, 0);
	if (!p.ctx)
		return xvsadm_fail(err, "out of memory");
	rc = parse_command(&p);
	if (!rc && cmd->cmd != CMD_HELP && cmd->cmd != CMD_VERSION)
		rc = parse_options(&p);
	poptFreeContext(p.ctx);
	if (rc || cmd->cmd == CMD_HELP || cmd->cmd == CMD_VERSION)
		return rc;
	return xvsadm_check(cmd, err);
}
