// SPDX-License-Identifier: GPL-2.0
/*
 * Whole xvsadm invocations against an in-memory libxvs: which data plane
 * call a command makes, ipvsadm's message for each error (spec §2.11), the
 * empty table when no data plane is loaded, and -R's semantics
 * (spec §1.8) down to its tokenizer.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_backend.h"
#include "restore.h"

static char *out_text, *err_text;
static int status;

/* Run "ipvsadm <line>" (split on single spaces) with @input on stdin. */
static void run(const char *line, const char *input)
{
	char buf[512], *argv[64] = { "ipvsadm" }, *save = NULL;
	size_t olen, elen;
	int argc = 1;
	FILE *in, *out, *err;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	free(out_text);
	free(err_text);
	in = input ? fmemopen((void *)input, strlen(input), "r") : fopen("/dev/null", "r");
	out = open_memstream(&out_text, &olen);
	err = open_memstream(&err_text, &elen);
	assert_true(in && out && err);
	status = xvsadm_run(argc, argv, &fake_backend, in, out, err);
	fclose(in);
	fclose(out);
	fclose(err);
}

static int reset(void **state)
{
	(void)state;
	fake_reset();
	return 0;
}

static void expect(int st, const char *out, const char *err)
{
	assert_int_equal(status, st);
	assert_string_equal(out_text, out);
	assert_string_equal(err_text, err);
}

static void test_add_service(void **state)
{
	(void)state;
	run("-A -t 10.0.0.1:80 -s rr", NULL);
	expect(0, "", "");
	assert_string_equal(fake.last, "add_service");
	assert_int_equal(fake.creates, 1);
	assert_int_equal(fake.svc.port, 80);
	assert_int_equal(fake.svc.protocol, IPPROTO_TCP);
	assert_string_equal(fake.svc.sched_name, "rr");
	run("-a -t 10.0.0.1:80 -r 192.168.1.1:8080 -w 3", NULL);
	expect(0, "", "");
	assert_string_equal(fake.last, "add_dest");
	assert_int_equal(fake.dest.port, 80);
	assert_int_equal(fake.dest.weight, 3);
	assert_int_equal(fake.dest.conn_flags, XVS_FWD_DROUTE);
}

static void test_changes(void **state)
{
	static const struct {
		const char *line, *call;
	} t[] = {
		{ "-E -t 10.0.0.1:80 -s wrr", "edit_service" },
		{ "-D -t 10.0.0.1:80", "del_service" },
		{ "-C", "flush" },
		{ "-e -t 10.0.0.1:80 -r 1.1.1.1", "edit_dest" },
		{ "-d -t 10.0.0.1:80 -r 1.1.1.1", "del_dest" },
		{ "-Z -t 10.0.0.1:80", "zero" },
		{ "--set 0 60 0", "set_timeouts" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		run(t[i].line, NULL);
		expect(0, "", "");
		assert_string_equal(fake.last, t[i].call);
	}
	assert_int_equal(fake.timeouts.tcp_fin_timeout, 60);
	assert_int_equal(fake.timeouts.tcp_timeout, 0);
	/* -Z with no service zeroes every service */
	run("-Z", NULL);
	assert_true(fake.svc_null);
}

static void check_error(const char *line, int err, const char *msg)
{
	fake.err = err;
	run(line, NULL);
	assert_int_equal(status, 255);
	assert_string_equal(err_text, msg);
}

static void test_error_messages(void **state)
{
	(void)state;
	check_error("-A -t 1.2.3.4:80 -s rr", -EEXIST, "Service already exists\n");
	check_error("-A -t 1.2.3.4:80 -s bogus", -ENOENT, "Scheduler or persistence engine not found\n");
	check_error("-E -t 1.2.3.4:80 -s rr", -ESRCH, "No such service\n");
	check_error("-E -t 1.2.3.4:80 -s rr", -ENOENT, "Scheduler or persistence engine not found\n");
	check_error("-D -t 1.2.3.4:80", -ESRCH, "No such service\n");
	check_error("-Z -t 1.2.3.4:80", -ESRCH, "No such service\n");
	check_error("-a -t 1.2.3.4:80 -r 1.1.1.1", -ESRCH, "Service not defined\n");
	check_error("-a -t 1.2.3.4:80 -r 1.1.1.1", -EEXIST, "Destination already exists\n");
	check_error("-e -t 1.2.3.4:80 -r 1.1.1.1", -ENOENT, "No such destination\n");
	check_error("-d -t 1.2.3.4:80 -r 1.1.1.1", -ESRCH, "Service not defined\n");
	check_error("-d -t 1.2.3.4:80 -r 1.1.1.1", -ENOENT, "No such destination\n");
	/* generic ones, and strerror() for the rest */
	check_error("-C", -EPERM, "Permission denied (you must be root)\n");
	check_error("-a -t 1.2.3.4:80 -r 1.1.1.1", -EINVAL,
		    "Invalid operation.  Possibly wrong module version, address not unicast, ...\n");
	check_error("-C", -ENOMEM, "Memory allocation problem\n");
	check_error("--set 1 2 3", -ERANGE, "Numerical result out of range\n");
	/* ESRCH means something else to -C: strerror's text */
	check_error("-C", -ESRCH, "No such process\n");
}

static void test_daemons(void **state)
{
	(void)state;
	/* nothing runs: --daemon lists nothing, and a stop says so */
	run("-L --daemon", NULL);
	expect(0, "", "");
	run("--stop-daemon master", NULL);
	expect(255, "", "No daemon is running\n");
	/* ipvsadm's default interface, everything else left to the data plane */
	run("--start-daemon master", NULL);
	expect(0, "", "");
	assert_string_equal(fake.last, "start_daemon");
	assert_int_equal(fake.sync.role, XVS_SYNC_MASTER);
	assert_string_equal(fake.sync.ifname, "eth0");
	assert_int_equal(fake.sync.syncid, 0);
	assert_int_equal(fake.sync.maxlen, 0);
	assert_int_equal(fake.sync.mcast_af, AF_UNSPEC);
	run("--start-daemon master --mcast-interface d0", NULL);
	expect(255, "", "Daemon has already run\n");
	run("--start-daemon backup --mcast-interface d0 --syncid 7 --sync-maxlen 1400 --mcast-group 224.0.0.82 "
	    "--mcast-port 9000 --mcast-ttl 2",
	    NULL);
	expect(0, "", "");
	assert_int_equal(fake.sync.role, XVS_SYNC_BACKUP);
	assert_int_equal(fake.sync.mcast_af, AF_INET);
	assert_true(xvs_addr_is_v4(&fake.sync.group));
	assert_int_equal(fake.sync.group.w[3], htonl(0xe0000052));
	fake.daemons[XVS_SYNC_MASTER].maxlen = 1472;
	fake.daemons[XVS_SYNC_MASTER].port = 8848;
	fake.daemons[XVS_SYNC_MASTER].ttl = 1;
	fake.daemons[XVS_SYNC_MASTER].mcast_af = AF_INET;
	fake.daemons[XVS_SYNC_MASTER].group = fake.sync.group;
	fake.daemons[XVS_SYNC_MASTER].group.w[3] = htonl(0xe0000051);
	run("-L --daemon", NULL);
	expect(0,
	       "master sync daemon (mcast=eth0, syncid=0, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
	       "backup sync daemon (mcast=d0, syncid=7, maxlen=1400, group=224.0.0.82, port=9000, ttl=2)\n",
	       "");
	fake.daemons[XVS_SYNC_BACKUP].msgs = 12;
	fake.daemons[XVS_SYNC_BACKUP].conns = 40;
	fake.daemons[XVS_SYNC_BACKUP].foreign = 1;
	run("--xvs-sync", NULL);
	expect(0,
	       "master pid 1\n  sent       0\n  entries    0\n  failed     0\n"
	       "backup pid 1\n  received   12\n  installed  40\n  malformed  0\n  foreign    1\n"
	       "  unknown    0\n  failed     0\n",
	       "");
	run("--stop-daemon master", NULL);
	expect(0, "", "");
	run("--start-daemon backup --mcast-group ff02::81", NULL);
	expect(255, "", "Daemon has already run\n");
	run("--stop-daemon backup", NULL);
	expect(0, "", "");
	run("--start-daemon backup --mcast-group ff02::81", NULL);
	expect(0, "", "");
	assert_int_equal(fake.sync.mcast_af, AF_INET6);
	run("-L --daemon", NULL);
	expect(0, "backup sync daemon (mcast=eth0, syncid=0, group=ff02::81)\n", "");
	/* a data plane error is ipvsadm's message for it */
	run("--stop-daemon backup", NULL);
	fake.err = -ENODEV;
	run("--start-daemon master --mcast-interface nosuch", NULL);
	expect(255, "", "No such device\n");
}

static void test_parse_errors_open_nothing(void **state)
{
	(void)state;
	run("-nL", NULL);
	expect(255, "", "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n");
	run("-L -t", NULL);
	expect(255, "", "-t: missing argument\n");
	run("-A -t 1.2.3.4:0 -s rr", NULL);
	expect(2, "", "Zero port specified for non-persistent service\n");
	run("-v", NULL);
	expect(0, "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n", "");
	run("-h", NULL);
	assert_int_equal(status, 0);
	assert_int_equal(strncmp(out_text, "ipvsadm v1.31", 13), 0);
	assert_non_null(strstr(out_text, "  ipvsadm -L|l [virtual-service] [options]\n"));
	assert_int_equal(fake.opens, 0);
}

static const char *empty_list = "IP Virtual Server version 1.2.1 (size=262144)\n"
				"Prot LocalAddress:Port Scheduler Flags\n"
				"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

static void test_no_data_plane(void **state)
{
	(void)state;
	fake.absent = true;
	run("-L -n", NULL);
	expect(0, empty_list, "");
	run("", NULL);
	expect(0, empty_list, "");
	run("-S -n", NULL);
	expect(0, "", "");
	run("-L --timeout", NULL);
	expect(0, "Timeout (tcp tcpfin udp): 900 120 300\n", "");
	run("-L -n -c", NULL);
	expect(0, "IPVS connection entries\npro expire state       source             virtual            destination\n",
	       "");
	run("-L -n -t 10.0.0.1:80", NULL);
	expect(1, "", "No such service\n");
	run("-L --daemon", NULL);
	expect(0, "", "");
	run("--xvs-ifaces", NULL);
	expect(0, "", "");
	run("--xvs-sysctl", NULL);
	expect(0, "conn_reuse_mode = 1\nexpire_nodest_conn = 0\nlblc_expiration = 86400\n"
		  "lblcr_expiration = 86400\nsloppy_tcp = 0\nnodest_reset = 1\n"
		  "expire_quiescent_template = 0\nsecure_tcp = 0\ndrop_packet = 0\nam_droprate = 10\n"
		  "amemthresh = 1024\ncache_bypass = 0\nrun_estimation = 1\nsloppy_sctp = 0\n"
		  "backup_only = 0\nconntrack = 0\nsnat_reroute = 1\nignore_tunneled = 0\npmtu_disc = 1\n"
		  "nat_icmp_send = 0\nschedule_icmp = 0\ndrop_entry = 0\nsync_threshold = 3\n"
		  "sync_period = 50\nsync_version = 1\nsync_persist_mode = 0\n", "");
	assert_int_equal(fake.creates, 0);
	/* a change loads it */
	run("-C", NULL);
	expect(0, "", "");
	assert_int_equal(fake.creates, 1);
	run("--xvs-sysctl nodest_reset=0 sloppy_tcp=1", NULL);
	expect(0, "", "");
	assert_int_equal(fake.sysctl[XVS_SC_NODEST_RESET], 0);
	assert_int_equal(fake.sysctl[XVS_SC_SLOPPY_TCP], 1);
}

/* Mark rules print as --xvs-mark takes them. */
static void test_marks(void **state)
{
	(void)state;
	run("--xvs-mark 5 192.0.2.0/24 tcp port 80:81 not-from 02:00:00:00:00:0a", NULL);
	expect(0, "", "");
	run("--xvs-mark 6 2001:db8::/64", NULL);
	expect(0, "", "");
	run("--xvs-mark", NULL);
	expect(0, "5 192.0.2.0/24 tcp port 80:81 not-from 02:00:00:00:00:0a\n6 2001:db8::/64\n", "");
	run("--xvs-mark-del 7 2001:db8::/64", NULL);
	expect(255, "", "No such mark rule\n");
	run("--xvs-mark-del 6 2001:db8::/64", NULL);
	expect(0, "", "");
	assert_int_equal(fake.nmarks, 1);
}

static void test_open_failure(void **state)
{
	(void)state;
	fake.open_err = -EPERM;
	run("-L", NULL);
	expect(2, "",
	       "Can't initialize ipvs: Permission denied (you must be root)\n"
	       "Are you sure that IP Virtual Server is built in the kernel or as module?\n");
}

static void one_service(void)
{
	struct in_addr a = { inet_addr("10.0.0.1") };
	struct xvs_service_entry *s = &fake.services[0];
	struct xvs_dest_entry *d = &fake.dests[0][0];

	s->svc.af = AF_INET;
	s->svc.protocol = IPPROTO_TCP;
	xvs_addr_from_in(&s->svc.addr, &a);
	s->svc.port = 80;
	s->svc.netmask = 0xffffffff;
	strcpy(s->svc.sched_name, "rr");
	fake.nservices = 1;
	a.s_addr = inet_addr("192.168.1.11");
	d->dest.af = AF_INET;
	xvs_addr_from_in(&d->dest.addr, &a);
	d->dest.port = 80;
	d->dest.conn_flags = XVS_FWD_DROUTE;
	d->dest.weight = 1;
	d->activeconns = 3;
	d->inactconns = 10;
	fake.ndests[0] = 1;
}

static void test_listings(void **state)
{
	(void)state;
	one_service();
	run("-L -n", NULL);
	expect(0,
	       "IP Virtual Server version 1.2.1 (size=4096)\n"
	       "Prot LocalAddress:Port Scheduler Flags\n"
	       "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
	       "TCP  10.0.0.1:80 rr\n"
	       "  -> 192.168.1.11:80              Route   1      3          10        \n",
	       "");
	assert_int_equal(fake.creates, 0);
	/* one service: no version line */
	run("-L -n -t 10.0.0.1:80", NULL);
	expect(0,
	       "Prot LocalAddress:Port Scheduler Flags\n"
	       "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
	       "TCP  10.0.0.1:80 rr\n"
	       "  -> 192.168.1.11:80              Route   1      3          10        \n",
	       "");
	run("-L -n -t 10.0.0.1:81", NULL);
	expect(1, "", "No such service\n");
	run("-S -n", NULL);
	expect(0, "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.1.11:80 -g -w 1\n", "");
	fake.timeouts.udp_timeout = 42;
	run("-L --timeout", NULL);
	expect(0, "Timeout (tcp tcpfin udp): 900 120 42\n", "");
	fake.reasons[XVS_R_DROP_NO_DEST] = 12;
	run("--xvs-reasons", NULL);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out_text, "drop_no_dest         12\n"));
	run("--xvs-ifaces", NULL);
	expect(0, "eth0 2 native\nveth1 3 generic\n", "");
}

static void test_nosort(void **state)
{
	(void)state;
	one_service();
	/* a second service, added later, that sorts first */
	fake.services[1] = fake.services[0];
	fake.services[1].svc.addr.w[3] = inet_addr("9.0.0.1");
	fake.nservices = 2;
	run("-S -n", NULL);
	assert_int_equal(strncmp(out_text, "-A -t 9.0.0.1:80 -s rr\n-A -t 10.0.0.1:80", 40), 0);
	run("-L -n --nosort", NULL);
	assert_non_null(strstr(out_text, "InActConn\nTCP  10.0.0.1:80 rr\n"));
	assert_non_null(strstr(out_text, "        \nTCP  9.0.0.1:80 rr\n"));
}

static void test_restore(void **state)
{
	(void)state;
	run("-R", "-A -t 10.0.0.1:80 -s rr\nipvsadm -a -t 10.0.0.1:80 -r 1.1.1.1 xvsadm\n\n");
	expect(0, "", "");
	assert_int_equal(fake.calls, 2);
	assert_string_equal(fake.last, "add_dest");
	assert_int_equal(fake.creates, 1);
	/* a data plane error goes on; the status is the last line's */
	fake_reset();
	fake.err = -EEXIST;
	run("-R", "-A -t 10.0.0.1:80 -s rr\n-L --timeout\n");
	expect(0, "Timeout (tcp tcpfin udp): 900 120 300\n", "Service already exists\n");
	run("-R", "-L --timeout\n-A -t 10.0.0.1:80 -s rr\n");
	assert_int_equal(status, 255);
	/* popt errors go on too */
	run("-R", "-L --foo\n-L --timeout\n");
	expect(0, "Timeout (tcp tcpfin udp): 900 120 300\n", "--foo: unknown option\n");
}

static void test_restore_aborts(void **state)
{
	(void)state;
	/* fail() ends the restore: the third line never runs */
	run("-R", "-C\n-A -t 10.0.0.1:0 -s rr\n-C\n");
	expect(2, "", "Zero port specified for non-persistent service\n");
	assert_int_equal(fake.calls, 1);
	/* '#' is no comment: the help hint, and the end */
	fake_reset();
	run("-R", "# saved rules\n-C\n");
	expect(255, "", "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n");
	assert_int_equal(fake.calls, 0);
	run("-R", "-C # x\n");
	expect(2, "", "unexpected argument #\n");
	run("-R", "-R\n-C\n");
	expect(255, "", "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n");
	run("-R", "-v\n-C\n");
	expect(0, "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n", "");
	assert_int_equal(fake.calls, 0);
}

static void test_restore_daemon(void **state)
{
	(void)state;
	/* -R takes --start-daemon as ipvsadm -R does */
	run("-R", "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 1.1.1.1\n--start-daemon master\n");
	expect(0, "", "");
	assert_int_equal(fake.calls, 3);
	assert_string_equal(fake.last, "start_daemon");
}

/* Tokens of the next line, joined by '|', or "EOF". */
static const char *next_line(FILE *in)
{
	static char text[256];
	struct xvsadm_line l;
	int rc = xvsadm_read_line(in, "P", &l);

	if (rc <= 0)
		return "EOF";
	text[0] = '\0';
	for (int i = 0; i < l.argc; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s", i ? "|" : "", l.argv[i]);
	assert_null(l.argv[l.argc]);
	xvsadm_line_free(&l);
	return text;
}

static FILE *input(const char *text)
{
	return fmemopen((void *)text, strlen(text), "r");
}

static void test_tokenizer(void **state)
{
	FILE *in;

	(void)state;
	in = input("ipvsadm -A -t 1.2.3.4:80 ipvsadm\n\n\t -L\t-n\r\n# c x\n-C -n -xvsadm xvsadm");
	assert_string_equal(next_line(in), "P|-A|-t|1.2.3.4:80");
	assert_string_equal(next_line(in), "P");
	assert_string_equal(next_line(in), "P|-L|-n");
	assert_string_equal(next_line(in), "P|#|c|x");
	assert_string_equal(next_line(in), "P|-C|-n|-xvsadm");
	assert_string_equal(next_line(in), "EOF");
	fclose(in);
	/* one separator before the end keeps the line, two lose it */
	in = input("-L -n ");
	assert_string_equal(next_line(in), "P|-L|-n");
	fclose(in);
	in = input("-C\n-L -n  ");
	assert_string_equal(next_line(in), "P|-C");
	assert_string_equal(next_line(in), "EOF");
	fclose(in);
	in = input("ipvsadm");
	assert_string_equal(next_line(in), "EOF");
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_add_service, reset),
		cmocka_unit_test_setup(test_changes, reset),
		cmocka_unit_test_setup(test_error_messages, reset),
		cmocka_unit_test_setup(test_daemons, reset),
		cmocka_unit_test_setup(test_parse_errors_open_nothing, reset),
		cmocka_unit_test_setup(test_no_data_plane, reset),
		cmocka_unit_test_setup(test_marks, reset),
		cmocka_unit_test_setup(test_open_failure, reset),
		cmocka_unit_test_setup(test_listings, reset),
		cmocka_unit_test_setup(test_nosort, reset),
		cmocka_unit_test_setup(test_restore, reset),
		cmocka_unit_test_setup(test_restore_aborts, reset),
		cmocka_unit_test_setup(test_restore_daemon, reset),
		cmocka_unit_test(test_tokenizer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
