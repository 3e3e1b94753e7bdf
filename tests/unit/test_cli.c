// SPDX-License-Identifier: GPL-2.0
/*
 * xvsadm command line parsing: every command, the error paths of
 * shared/specs/ipvs.md §1.3-1.7 with ipvsadm's exact message and status,
 * the defaults of §1.6 and the address forms of §1.5.  Expected texts come
 * from the spec (and were checked against ipvsadm 1.31 itself).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

static struct xvsadm_cmd cmd;
static struct xvsadm_err err;

/* Parse "ipvsadm <line>", the line split on single spaces. */
static int parse(const char *line)
{
	char buf[512], *argv[64] = { "ipvsadm" }, *save = NULL;
	int argc = 1;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	return xvsadm_parse(argc, argv, &cmd, &err);
}

static void ok(const char *line)
{
	if (parse(line))
		fail_msg("'%s' rejected: %s", line, err.msg);
}

/* fail(): message and newline on stderr, exit 2, ends even a restore. */
static void fails(const char *line, const char *msg)
{
	assert_int_equal(parse(line), -1);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.status, 2);
	assert_true(err.fatal);
}

static const char *tryhelp = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";

static uint32_t v4(const char *s)
{
	return inet_addr(s);
}

static void test_first_option_must_be_command(void **state)
{
	(void)state;
	const char *lines[] = { "-nL", "-t 1.2.3.4:80 -A", "--foo", "-t", "-n -L", "foo" };

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		assert_int_equal(parse(lines[i]), -1);
		assert_string_equal(err.msg, tryhelp);
		assert_int_equal(err.status, 255);
		assert_true(err.fatal);
	}
}

static void test_commands(void **state)
{
	static const struct {
		const char *line;
		enum xvsadm_cmd_id cmd;
	} t[] = {
		{ "-A -t 1.2.3.4:80", CMD_ADD },
		{ "--add-service -t 1.2.3.4:80", CMD_ADD },
		{ "-E -t 1.2.3.4:80", CMD_EDIT },
		{ "-D -t 1.2.3.4:80", CMD_DEL },
		{ "-C", CMD_FLUSH },
		{ "--clear", CMD_FLUSH },
		{ "-R", CMD_RESTORE },
		{ "-S", CMD_SAVE },
		{ "-a -t 1.2.3.4:80 -r 5.6.7.8", CMD_ADDDEST },
		{ "-e -t 1.2.3.4:80 -r 5.6.7.8", CMD_EDITDEST },
		{ "-d -t 1.2.3.4:80 -r 5.6.7.8", CMD_DELDEST },
		{ "-L", CMD_LIST },
		{ "-l", CMD_LIST },
		{ "--list", CMD_LIST },
		{ "-Z", CMD_ZERO },
		{ "--set 1 2 3", CMD_TIMEOUT },
		{ "--start-daemon master", CMD_STARTDAEMON },
		{ "--stop-daemon backup", CMD_STOPDAEMON },
		{ "-h", CMD_HELP },
		{ "--help", CMD_HELP },
		{ "-v", CMD_VERSION },
		{ "--version", CMD_VERSION },
		{ "--xvs-reasons", CMD_XVS_REASONS },
		{ "--xvs-ifaces", CMD_XVS_IFACES },
		{ "--xvs-sync", CMD_XVS_SYNC },
		{ "--xvs-sysctl", CMD_XVS_SYSCTL },
		{ "--xvs-sysctl nodest_reset=0", CMD_XVS_SYSCTL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ok(t[i].line);
		assert_int_equal(cmd.cmd, t[i].cmd);
	}
}

static void test_help_stops_parsing(void **state)
{
	(void)state;
	/* -h first: usage whatever follows; -h later: a second command */
	ok("-h --foo");
	assert_int_equal(cmd.cmd, CMD_HELP);
	fails("-L -h", "invalid option `-h'\n");
}

static void test_clustered_short_options(void **state)
{
	(void)state;
	ok("-Ln");
	assert_int_equal(cmd.cmd, CMD_LIST);
	assert_true(cmd.format & FMT_NUMERIC);
	ok("-At 1.2.3.4:80");
	assert_int_equal(cmd.cmd, CMD_ADD);
	fails("-LA", "invalid option `-LA'\n");
	fails("-L -A", "invalid option `-A'\n");
}

static void test_popt_errors(void **state)
{
	(void)state;
	/* popt's own errors: process_options() returns -1, exit 255 */
	assert_int_equal(parse("-L -t"), -1);
	assert_string_equal(err.msg, "-t: missing argument\n");
	assert_int_equal(err.status, 255);
	assert_false(err.fatal);
	assert_int_equal(parse("-L --foo"), -1);
	assert_string_equal(err.msg, "--foo: unknown option\n");
	assert_false(err.fatal);
	/* an xvs extension after the command is no option to ipvsadm */
	assert_int_equal(parse("-L --xvs-reasons"), -1);
	assert_string_equal(err.msg, "--xvs-reasons: unknown option\n");
	assert_int_equal(err.status, 255);
}

static void test_each_option_once(void **state)
{
	(void)state;
	fails("-A -t 1.2.3.4:80 -s rr -s wrr", "multiple 'scheduler' options specified\n");
	fails("-A -t 1.2.3.4:80 -u 1.2.3.4:53", "multiple 'service-address' options specified\n");
	fails("-A -f 1 -t 1.2.3.4:80", "multiple 'service-address' options specified\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -g -m", "multiple 'forwarding-method' options specified\n");
	fails("-L -n -n", "multiple 'numeric' options specified\n");
	/* --sort and -6 set no option bit */
	ok("-L --sort --sort");
}

static void test_legality_matrix(void **state)
{
	(void)state;
	fails("-A", "You need to supply the 'service-address' option for the 'add-service' command\n");
	fails("-a -t 1.2.3.4:80", "You need to supply the 'real-server' option for the 'add-server' command\n");
	fails("-A -t 1.2.3.4:80 -m", "Illegal 'forwarding-method' option with the 'add-service' command\n");
	fails("-A -t 1.2.3.4:80 -r 1.1.1.1", "Illegal 'real-server' option with the 'add-service' command\n");
	fails("-D -t 1.2.3.4:80 -s rr", "Illegal 'scheduler' option with the 'delete-service' command\n");
	fails("-C -n", "Illegal 'numeric' option with the 'flush' command\n");
	fails("-S -c", "Illegal 'connection' option with the 'save' command\n");
	fails("-R -n", "Illegal 'numeric' option with the 'restore' command\n");
	fails("-Z -n", "Illegal 'numeric' option with the 'zero' command\n");
	fails("--set 1 2 3 -n", "Illegal 'numeric' option with the 'set' command\n");
	fails("-d -t 1.2.3.4:80 -r 1.1.1.1 -w 3", "Illegal 'weight' option with the 'delete-server' command\n");
	fails("--start-daemon master -n", "Illegal 'numeric' option with the 'start-daemon' command\n");
	fails("-L -s rr", "Illegal 'scheduler' option with the 'list' command\n");
	fails("-L -c -t 1.2.3.4:80",
	      "The option 'service-address' conflicts with the 'connection' option in the 'list' command\n");
	fails("-L --timeout --daemon",
	      "The option 'daemon' conflicts with the 'timeout' option in the 'list' command\n");
	fails("--xvs-reasons -n", "Illegal 'numeric' option with the 'xvs-reasons' command\n");
	ok("-L -n --stats --exact --nosort --syncid 5");
	ok("-S -n");
	ok("-Z -t 1.2.3.4:80");
	ok("--stop-daemon master --syncid 3");
}

static void test_list_conflicts(void **state)
{
	(void)state;
	fails("-L -c --stats", "options conflicts in the list command\n");
	fails("-L --daemon --rate", "options conflicts in the list command\n");
	fails("-L --timeout --thresholds", "options conflicts in the list command\n");
	fails("-L --timeout --persistent-conn", "options conflicts in the list command\n");
	ok("-L -c --persistent-conn");
	ok("-L --stats --rate");
}

static void test_service_defaults(void **state)
{
	(void)state;
	ok("-A -t 10.0.0.1:80");
	assert_string_equal(cmd.svc.sched_name, "wlc");
	assert_int_equal(cmd.svc.af, AF_INET);
	assert_int_equal(cmd.svc.protocol, IPPROTO_TCP);
	assert_int_equal(cmd.svc.port, 80);
	assert_int_equal(cmd.svc.addr.w[3], v4("10.0.0.1"));
	assert_true(xvs_addr_is_v4(&cmd.svc.addr));
	assert_int_equal(cmd.svc.netmask, 0xffffffff);
	assert_int_equal(cmd.svc.flags, 0);
	/* -E replaces everything: what is not given is back to its default */
	ok("-E -u 10.0.0.1:53");
	assert_string_equal(cmd.svc.sched_name, "wlc");
	assert_int_equal(cmd.svc.protocol, IPPROTO_UDP);
	assert_int_equal(cmd.svc.flags, 0);
	assert_int_equal(cmd.svc.timeout, 0);
	assert_int_equal(cmd.svc.netmask, 0xffffffff);
	ok("-A -t 10.0.0.1:80 -s abcdefghijklmnopqrstu");
	assert_string_equal(cmd.svc.sched_name, "abcdefghijklmno");
}

static void test_zero_port_and_ops(void **state)
{
	(void)state;
	fails("-A -t 1.2.3.4:0", "Zero port specified for non-persistent service\n");
	fails("-E -t 1.2.3.4", "Zero port specified for non-persistent service\n");
	ok("-A -t 1.2.3.4 -p");
	ok("-A -f 7");
	fails("-A -t 1.2.3.4:80 -o", "One-Packet Scheduling is only for UDP virtual services\n");
	ok("-A -u 1.2.3.4:80 -o");
	assert_int_equal(cmd.svc.flags, XVS_SVC_F_ONEPACKET);
	ok("-A -f 3 -o");
}

static void test_persistence(void **state)
{
	(void)state;
	ok("-A -t 1.2.3.4:80 -p");
	assert_int_equal(cmd.svc.flags, XVS_SVC_F_PERSISTENT);
	assert_int_equal(cmd.svc.timeout, 360);
	ok("-A -t 1.2.3.4:80 -p -s rr");
	assert_int_equal(cmd.svc.timeout, 360);
	assert_string_equal(cmd.svc.sched_name, "rr");
	ok("-A -t 1.2.3.4:80 -p50");
	assert_int_equal(cmd.svc.timeout, 50);
	ok("-A -t 1.2.3.4:80 --persistent=50");
	assert_int_equal(cmd.svc.timeout, 50);
	ok("-A -t 1.2.3.4:80 -p 2678400");
	fails("-A -t 1.2.3.4:80 -p 0", "invalid timeout value `0' specified\n");
	fails("-A -t 1.2.3.4:80 -p 2678401", "invalid timeout value `2678401' specified\n");
	/* an optional argument that does not start with '-' is taken */
	fails("-A -t 1.2.3.4:80 -p rr", "invalid timeout value `rr' specified\n");
	ok("-A -t 1.2.3.4:80 -M 255.255.255.0");
	assert_int_equal(cmd.svc.netmask, v4("255.255.255.0"));
	ok("-A -t 1.2.3.4:80 -M 1.2.3");
	assert_int_equal(cmd.svc.netmask, v4("1.2.0.3"));
	fails("-A -t 1.2.3.4:80 -M no.such.host.invalid", "illegal virtual server persistent mask specified\n");
	ok("-A -t [2001:db8::1]:80 -M 64");
	assert_int_equal(cmd.svc.netmask, 64);
	fails("-A -t [2001:db8::1]:80 -M 129", "illegal ipv6 netmask specified\n");
	fails("-A -t [2001:db8::1]:80 -M x", "illegal ipv6 netmask specified\n");
}

static void test_fwmark(void **state)
{
	(void)state;
	ok("-A -f 5");
	assert_int_equal(cmd.svc.fwmark, 5);
	assert_int_equal(cmd.svc.af, AF_INET);
	assert_int_equal(cmd.svc.protocol, IPPROTO_TCP);
	ok("-A -f 4294967295");
	assert_int_equal(cmd.svc.fwmark, 4294967295u);
	fails("-A -f 0", "invalid fwmark value `0' specified\n");
	fails("-A -f -1", "invalid fwmark value `-1' specified\n");
	fails("-A -f 4294967296", "invalid fwmark value `4294967296' specified\n");
	fails("-A -f 12x", "invalid fwmark value `12x' specified\n");
	/* -6 only after -f, and its message ends in a blank line */
	fails("-A -6 -f 5", "-6 used before -f\n\n");
	fails("-A -t 1.2.3.4:80 -6", "-6 used before -f\n\n");
	ok("-A -f 5 -6");
	assert_int_equal(cmd.svc.af, AF_INET6);
	assert_int_equal(cmd.svc.netmask, 128);
}

static void test_addresses(void **state)
{
	(void)state;
	ok("-D -t 10.1:8080");
	assert_int_equal(cmd.svc.addr.w[3], v4("10.0.0.1"));
	assert_int_equal(cmd.svc.port, 8080);
	ok("-D -t [2001:db8::1]:443");
	assert_int_equal(cmd.svc.af, AF_INET6);
	assert_int_equal(cmd.svc.port, 443);
	assert_int_equal(cmd.svc.netmask, 128);
	assert_int_equal(cmd.svc.addr.b[15], 1);
	/* a bare IPv6 address has no port: the whole text is the address */
	ok("-D -t 2001:db8::1:80");
	assert_int_equal(cmd.svc.af, AF_INET6);
	assert_int_equal(cmd.svc.port, 0);
	assert_int_equal(ntohs(cmd.svc.addr.h[7]), 0x80);
	/* bracketed IPv4: the port is forgotten (ipvsadm.c parse_service) */
	ok("-D -t [1.2.3.4]:80");
	assert_int_equal(cmd.svc.af, AF_INET);
	assert_int_equal(cmd.svc.port, 0);
	ok("-D -t 1.2.3.4:+80");
	assert_int_equal(cmd.svc.port, 80);
	ok("-D -t localhost:80");
	assert_int_equal(cmd.svc.addr.w[3], v4("127.0.0.1"));

	const char *bad[] = { "1234", "[::1]", "[::1]:", "1.2.3.4:", "1.2.3.4:65536", "1.2.3.4:-1",
			      "1.2.3.4:nosuchservice", "no.such.host.invalid:80", "[::1:80" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[64];

		snprintf(line, sizeof(line), "-D -t %s", bad[i]);
		fails(line, "illegal virtual server address[:port] specified\n");
	}
	char *empty[] = { "ipvsadm", "-D", "-t", "" };

	assert_int_equal(xvsadm_parse(4, empty, &cmd, &err), -1);
	assert_string_equal(err.msg, "illegal virtual server address[:port] specified\n");
}

static void test_service_names(void **state)
{
	(void)state;
	if (!getservbyname("http", "tcp") || !getservbyname("domain", "udp"))
		skip();
	ok("-D -t 1.2.3.4:http");
	assert_int_equal(cmd.svc.port, 80);
	ok("-D -u 1.2.3.4:domain");
	assert_int_equal(cmd.svc.port, 53);
	/* -r before -t has no protocol yet to look the name up with */
	fails("-a -r 1.1.1.1:http -t 1.2.3.4:80", "illegal real server address[:port] specified\n");
	ok("-a -t 1.2.3.4:80 -r 1.1.1.1:http -m");
	assert_int_equal(cmd.dest.port, 80);
}

static void test_dest_defaults(void **state)
{
	(void)state;
	ok("-a -t 10.0.0.1:80 -r 192.168.1.1");
	assert_int_equal(cmd.dest.weight, 1);
	assert_int_equal(cmd.dest.conn_flags, XVS_FWD_DROUTE);
	assert_int_equal(cmd.dest.port, 80);
	assert_int_equal(cmd.dest.addr.w[3], v4("192.168.1.1"));
	assert_int_equal(cmd.dest.af, AF_INET);
	/* DR and TUN: the service's port, even over an explicit one */
	ok("-a -t 10.0.0.1:80 -r 192.168.1.1:8080");
	assert_int_equal(cmd.dest.port, 80);
	ok("-a -t 10.0.0.1:80 -r 192.168.1.1:8080 -i");
	assert_int_equal(cmd.dest.port, 80);
	ok("-a -t 10.0.0.1:80 -r 192.168.1.1:8080 -m");
	assert_int_equal(cmd.dest.port, 8080);
	assert_int_equal(cmd.dest.conn_flags, XVS_FWD_MASQ);
	ok("-a -t 10.0.0.1:80 -r 192.168.1.1 -m");
	assert_int_equal(cmd.dest.port, 80);
	/* -r before -t: no port means the service port known so far, 0 */
	ok("-a -r 192.168.1.1 -t 10.0.0.1:80 -m");
	assert_int_equal(cmd.dest.port, 0);
	/* fwmark services keep the given port */
	ok("-a -f 5 -r 192.168.1.1:8080");
	assert_int_equal(cmd.dest.port, 8080);
	/* -d does not force the port */
	ok("-d -t 10.0.0.1:80 -r 192.168.1.1:8080");
	assert_int_equal(cmd.dest.port, 8080);
	/* -e replaces everything too */
	ok("-e -t 10.0.0.1:80 -r 192.168.1.1");
	assert_int_equal(cmd.dest.weight, 1);
	assert_int_equal(cmd.dest.conn_flags, XVS_FWD_DROUTE);
	assert_int_equal(cmd.dest.u_threshold, 0);
	assert_int_equal(cmd.dest.l_threshold, 0);
}

static void test_dest_numbers(void **state)
{
	(void)state;
	ok("-a -t 1.2.3.4:80 -r 1.1.1.1 -w 0");
	assert_int_equal(cmd.dest.weight, 0);
	/* ipvsadm 1.31 as shipped takes any int, not 0..65535 */
	ok("-a -t 1.2.3.4:80 -r 1.1.1.1 -w 2147483647");
	assert_int_equal(cmd.dest.weight, 2147483647);
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -w 2147483648", "illegal weight specified\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -w -1", "illegal weight specified\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -w 5x", "illegal weight specified\n");
	ok("-a -t 1.2.3.4:80 -r 1.1.1.1 -x 5 -y 10");
	assert_int_equal(cmd.dest.u_threshold, 5);
	assert_int_equal(cmd.dest.l_threshold, 10);
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -x -1", "illegal u_threshold specified\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -y 2147483648", "illegal l_threshold specified\n");
}

static void test_real_server_errors(void **state)
{
	(void)state;
	fails("-a -t 1.2.3.4:80 -r 1234", "illegal real server address[:port] specified\n");
	fails("-a -t 1.2.3.4:80 -r no.such.host.invalid", "illegal real server address[:port] specified\n");
	fails("-a -t 1.2.3.4:80 -r [::1]:80",
	      "Different address family is allowed only for tunneling servers\n");
	ok("-a -t 1.2.3.4:80 -r [::1]:80 -i");
	assert_int_equal(cmd.dest.af, AF_INET6);
	fails("-a -f 5 -6 -r 1.1.1.1", "Different address family is allowed only for tunneling servers\n");
}

static void test_tunnel_options(void **state)
{
	(void)state;
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 --tun-type gue", "Tunnel options conflict with forward method\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -m --tun-csum", "Tunnel options conflict with forward method\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type bogus", "illegal tunnel type specified\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-port 0", "illegal tunnel port specified\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gue",
	      "You need to supply the 'tun-port' option for the 'gue' tunnel type\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-port 6080",
	      "Illegal 'tun-port' option with the 'ipip' tunnel type\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gre --tun-port 6080",
	      "Illegal 'tun-port' option with the 'gre' tunnel type\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gre --tun-remcsum",
	      "Illegal 'tun-remcsum' option with the 'gre' tunnel type\n");
	fails("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gue --tun-port 6080 --tun-csum --tun-nocsum",
	      "The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gue' tunnel type\n");
	ok("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gue --tun-port 6080 --tun-remcsum");
	assert_int_equal(cmd.dest.tun_type, XVSADM_TUN_GUE);
	assert_int_equal(cmd.dest.tun_port, 6080);
	assert_int_equal(cmd.dest.tun_flags, XVSADM_TUN_F_REMCSUM);
	ok("-a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gre --tun-csum");
	assert_int_equal(cmd.dest.tun_type, XVSADM_TUN_GRE);
	assert_int_equal(cmd.dest.tun_flags, XVSADM_TUN_F_CSUM);
}

static void test_set_timeouts(void **state)
{
	(void)state;
	ok("--set 1 2 3");
	assert_int_equal(cmd.timeouts.tcp_timeout, 1);
	assert_int_equal(cmd.timeouts.tcp_fin_timeout, 2);
	assert_int_equal(cmd.timeouts.udp_timeout, 3);
	ok("--set 0 0 2678400");
	fails("--set", "--set option requires 3 timeout values\n");
	fails("--set 1 2", "--set option requires 3 timeout values\n");
	fails("--set 1 2 3 4", "unexpected argument 4\n");
	fails("--set 1 2 x", "invalid timeout value `x' specified\n");
	fails("-L --set", "invalid option `--set'\n");
	fails("-L foo", "unexpected argument foo\n");
	fails("-C foo", "unexpected argument foo\n");
}

static void test_sched_flags(void **state)
{
	(void)state;
	ok("-A -t 1.2.3.4:80 -s sh -b sh-fallback,sh-port");
	assert_int_equal(cmd.svc.flags, XVS_SVC_F_SCHED1 | XVS_SVC_F_SCHED2);
	/* read after all options, so -b may come before -s */
	ok("-A -t 1.2.3.4:80 -b mh-port -s mh");
	assert_int_equal(cmd.svc.flags, XVS_SVC_F_SCHED2);
	ok("-A -t 1.2.3.4:80 -b flag-1,flag-3");
	assert_int_equal(cmd.svc.flags, XVS_SVC_F_SCHED1 | XVS_SVC_F_SCHED3);
	fails("-A -t 1.2.3.4:80 -b sh-port -s rr", "incompatible scheduler flag `sh-port'\n");
	fails("-A -t 1.2.3.4:80 -b sh-port", "incompatible scheduler flag `sh-port'\n");
	fails("-A -t 1.2.3.4:80 -b bogus", "invalid scheduler flag `bogus'\n");
	/* checked before the matrix, as in ipvsadm */
	fails("-L -b foo", "invalid scheduler flag `foo'\n");
	/* --xvs-sysctl: names and ranges checked before anything is set */
	ok("--xvs-sysctl conn_reuse_mode=2 expire_nodest_conn=1 lblc_expiration=60");
	assert_int_equal(cmd.nsysctl, 3);
	assert_int_equal(cmd.sysctl[2].value, 60);
	fails("--xvs-sysctl bogus=1", "unknown run-time switch `bogus'\n");
	fails("--xvs-sysctl sloppy_tcp=2", "sloppy_tcp takes 0 to 1, not `2'\n");
	fails("--xvs-sysctl sloppy_tcp=-1", "sloppy_tcp takes 0 to 1, not `-1'\n");
	fails("--xvs-sysctl sloppy_tcp=", "sloppy_tcp takes 0 to 1, not `'\n");
	fails("--xvs-sysctl sloppy_tcp", "--xvs-sysctl takes NAME=VALUE, not `sloppy_tcp'\n");
	/* a value the data plane cannot give is refused, with nothing set */
	fails("--xvs-sysctl sloppy_tcp=1 pmtu_disc=0", "pmtu_disc=0 is not supported by the XDP data plane\n");
	ok("--xvs-sysctl drop_entry=3 schedule_icmp=1 nat_icmp_send=1 pmtu_disc=1 backup_only=1 conntrack=1 "
	   "snat_reroute=0");
	assert_int_equal(cmd.nsysctl, 7);
	/* --xvs-mark: one classification rule, or none to list them */
	ok("--xvs-mark");
	assert_false(cmd.has_mark);
	ok("--xvs-mark 5 192.0.2.0/24 tcp port 80:443 not-from 02:00:00:00:00:0a,02:00:00:00:00:0B");
	assert_true(cmd.has_mark);
	assert_int_equal(cmd.mark.rule.mark, 5);
	assert_int_equal(cmd.mark.af, AF_INET);
	assert_int_equal(cmd.mark.plen, 24);
	assert_int_equal(cmd.mark.addr.b[15], 0);
	assert_int_equal(cmd.mark.addr.b[12], 192);
	assert_int_equal(cmd.mark.rule.proto, IPPROTO_TCP);
	assert_int_equal(cmd.mark.rule.port_lo, 80);
	assert_int_equal(cmd.mark.rule.port_hi, 443);
	assert_int_equal(cmd.mark.rule.nmacs, 2);
	assert_int_equal(cmd.mark.rule.macs[1][5], 0x0b);
	ok("--xvs-mark-del 1 2001:db8::50");
	assert_int_equal(cmd.mark.af, AF_INET6);
	assert_int_equal(cmd.mark.plen, 128);
	assert_int_equal(cmd.mark.rule.port_hi, 65535);
	fails("--xvs-mark-del", "--xvs-mark-del needs a rule\n");
	fails("--xvs-mark 0 192.0.2.1", "invalid mark `0'\n");
	fails("--xvs-mark 1", "a mark rule needs ADDR[/LEN] after the mark\n");
	fails("--xvs-mark 1 192.0.2.1/33", "invalid prefix length `33'\n");
	fails("--xvs-mark 1 bogus", "invalid address `bogus'\n");
	fails("--xvs-mark 1 192.0.2.1 port 90:80", "port takes PORT or LOW:HIGH\n");
	fails("--xvs-mark 1 192.0.2.1 not-from 02:00:00", "invalid MAC address `02:00:00'\n");
	fails("--xvs-mark 1 192.0.2.1 icmp", "unexpected `icmp' in a mark rule\n");
	fails("--xvs-mark 1 192.0.2.1 -n", "Illegal 'numeric' option with the 'xvs-mark' command\n");
}

static void test_daemons(void **state)
{
	(void)state;
	ok("--start-daemon master");
	assert_int_equal(cmd.daemon.state, 1);
	assert_string_equal(cmd.daemon.mcast_ifn, "eth0");
	ok("--start-daemon backup --mcast-interface eth1 --syncid 7");
	assert_string_equal(cmd.daemon.mcast_ifn, "eth1");
	assert_int_equal(cmd.daemon.syncid, 7);
	fails("--start-daemon foo", "illegal start-daemon parameter specified\n");
	fails("--stop-daemon foo", "illegal start_daemon specified\n");
	fails("--start-daemon master --mcast-group 1.2.3.4", "invalid IPv4 mcast-group `1.2.3.4'\n");
	fails("--start-daemon master --mcast-group 1::1", "invalid IPv6 mcast-group `1::1'\n");
	ok("--start-daemon master --mcast-group ff02::1");
	fails("--start-daemon master --mcast-port 0", "illegal mcast-port specified\n");
	fails("--start-daemon master --mcast-ttl 256", "illegal mcast-ttl specified\n");
	fails("--start-daemon master --sync-maxlen 65508", "illegal sync-maxlen specified\n");
	fails("-L --syncid 256", "illegal syncid specified\n");
}

static void test_list_formats(void **state)
{
	(void)state;
	ok("-L -n --stats --exact --nosort");
	assert_int_equal(cmd.format, FMT_NUMERIC | FMT_STATS | FMT_EXACT | FMT_NOSORT);
	ok("-L --rate -X");
	assert_int_equal(cmd.format, FMT_RATE | FMT_EXACT);
	ok("-L --thresholds");
	assert_int_equal(cmd.format, FMT_THRESHOLDS);
	ok("-L --persistent-conn --tun-info");
	assert_int_equal(cmd.format, FMT_PERSISTENTCONN | FMT_TUN_INFO);
	ok("-L -t 1.2.3.4:80");
	assert_true(cmd.options & OPTB(OPT_SERVICE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_option_must_be_command),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_help_stops_parsing),
		cmocka_unit_test(test_clustered_short_options),
		cmocka_unit_test(test_popt_errors),
		cmocka_unit_test(test_each_option_once),
		cmocka_unit_test(test_legality_matrix),
		cmocka_unit_test(test_list_conflicts),
		cmocka_unit_test(test_service_defaults),
		cmocka_unit_test(test_zero_port_and_ops),
		cmocka_unit_test(test_persistence),
		cmocka_unit_test(test_fwmark),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_service_names),
		cmocka_unit_test(test_dest_defaults),
		cmocka_unit_test(test_dest_numbers),
		cmocka_unit_test(test_real_server_errors),
		cmocka_unit_test(test_tunnel_options),
		cmocka_unit_test(test_set_timeouts),
		cmocka_unit_test(test_sched_flags),
		cmocka_unit_test(test_daemons),
		cmocka_unit_test(test_list_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
