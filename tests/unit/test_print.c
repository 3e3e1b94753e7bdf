// SPDX-License-Identifier: GPL-2.0
/*
 * xvsadm output formats, byte for byte.  Expected texts are the VERIFIED
 * samples of shared/specs/ipvs.md §2 (trailing spaces included) or are
 * spelled out from the printf formats it quotes.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "print.h"

static char *buf;
static size_t buflen;
static FILE *out;

static int open_out(void **state)
{
	(void)state;
	out = open_memstream(&buf, &buflen);
	return out ? 0 : -1;
}

static int close_out(void **state)
{
	(void)state;
	fclose(out);
	free(buf);
	buf = NULL;
	return 0;
}

/* What was printed since the last call. */
static const char *printed(void)
{
	static char *text;

	free(text);
	fclose(out);
	text = buf;
	out = open_memstream(&buf, &buflen);
	assert_non_null(out);
	return text;
}

static void addr_of(union xvs_addr *a, int *af, const char *text)
{
	struct in6_addr in6;
	struct in_addr in;

	if (inet_pton(AF_INET, text, &in) == 1) {
		*af = AF_INET;
		xvs_addr_from_in(a, &in);
	} else {
		assert_int_equal(inet_pton(AF_INET6, text, &in6), 1);
		*af = AF_INET6;
		xvs_addr_from_in6(a, &in6);
	}
}

static struct xvs_service_entry svc(uint16_t proto, const char *addr, uint16_t port, const char *sched)
{
	struct xvs_service_entry e = { 0 };

	addr_of(&e.svc.addr, &e.svc.af, addr);
	e.svc.protocol = proto;
	e.svc.port = port;
	e.svc.netmask = e.svc.af == AF_INET ? 0xffffffff : 128;
	snprintf(e.svc.sched_name, sizeof(e.svc.sched_name), "%s", sched);
	return e;
}

static struct xvs_service_entry fwm(uint32_t mark, int af, const char *sched)
{
	struct xvs_service_entry e = svc(IPPROTO_TCP, af == AF_INET ? "0.0.0.0" : "::", 0, sched);

	e.svc.fwmark = mark;
	return e;
}

static struct xvs_dest_entry dest(const char *addr, uint16_t port, uint32_t fwd, int weight, uint32_t act,
				  uint32_t inact)
{
	struct xvs_dest_entry d = { 0 };

	addr_of(&d.dest.addr, &d.dest.af, addr);
	d.dest.port = port;
	d.dest.conn_flags = fwd;
	d.dest.weight = weight;
	d.activeconns = act;
	d.inactconns = inact;
	return d;
}

/* A table to list: services with their destinations, in any order. */
struct table {
	struct xvs_service_entry se[8];
	struct xvs_dest_entry d[8][4];
	size_t nd[8];
	size_t n;
};

static size_t add(struct table *t, struct xvs_service_entry se)
{
	se.seq = t->n;
	t->se[t->n] = se;
	return t->n++;
}

/* Sorted as ipvsadm lists a whole table, without the header line. */
static void list(struct table *t, unsigned int format)
{
	xvsadm_sort_services(t->se, t->n);
	xvsadm_print_title(out, format);
	for (size_t i = 0; i < t->n; i++) {
		size_t k = t->se[i].seq;

		xvsadm_sort_dests(t->d[k], t->nd[k]);
		xvsadm_print_service(out, &t->se[i], t->d[k], t->nd[k], format);
	}
}

/* The services of the spec's -L -n sample, added in a scrambled order. */
static void sample_table(struct table *t)
{
	struct xvs_service_entry s;
	size_t i;

	memset(t, 0, sizeof(*t));
	add(t, fwm(7, AF_INET6, "wrr"));
	s = fwm(5, AF_INET, "sh");
	s.svc.flags = XVS_SVC_F_PERSISTENT | XVS_SVC_F_SCHED1 | XVS_SVC_F_SCHED2;
	s.svc.timeout = 300;
	i = add(t, s);
	t->d[i][t->nd[i]++] = dest("192.168.1.20", 0, XVS_FWD_TUNNEL, 1, 0, 0);
	s = svc(IPPROTO_TCP, "2001:db8::1", 443, "mh");
	s.svc.flags = XVS_SVC_F_PERSISTENT | XVS_SVC_F_SCHED2;
	s.svc.timeout = 3600;
	s.svc.netmask = 64;
	i = add(t, s);
	/* newest first, as the data plane lists them; the sort wraps */
	t->d[i][t->nd[i]++] = dest("2001:db8::20", 443, XVS_FWD_MASQ, 1, 1, 2);
	t->d[i][t->nd[i]++] = dest("2001:db8:ffff:ffff:ffff:ffff:ffff:10", 443, XVS_FWD_DROUTE, 3, 0, 0);
	s = svc(IPPROTO_SCTP, "10.0.0.2", 3868, "lc");
	s.svc.flags = XVS_SVC_F_SCHED3;
	add(t, s);
	s = svc(IPPROTO_UDP, "10.0.0.3", 5060, "wlc");
	s.svc.flags = XVS_SVC_F_PERSISTENT;
	s.svc.timeout = 300;
	strcpy(s.svc.pe_name, "sip");
	add(t, s);
	s = svc(IPPROTO_UDP, "10.0.0.1", 53, "rr");
	s.svc.flags = XVS_SVC_F_PERSISTENT | XVS_SVC_F_ONEPACKET;
	s.svc.timeout = 360;
	s.svc.netmask = inet_addr("255.255.255.0");
	add(t, s);
	i = add(t, svc(IPPROTO_TCP, "10.0.0.1", 80, "wlc"));
	t->d[i][t->nd[i]++] = dest("192.168.100.200", 65535, XVS_FWD_TUNNEL, 65535, 1234567, 12345678);
	t->d[i][t->nd[i]++] = dest("192.168.1.11", 80, XVS_FWD_MASQ, 1, 3, 10);
	t->d[i][t->nd[i]++] = dest("192.168.1.10", 8080, XVS_FWD_DROUTE, 0, 0, 1);
}

static void test_list_sample(void **state)
{
	struct table t;

	(void)state;
	sample_table(&t);
	xvsadm_print_header(out, XVS_IPVS_VERSION, 4096);
	list(&t, FMT_NUMERIC);
	assert_string_equal(printed(),
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.1.10:8080            Route   0      0          1         \n"
		"  -> 192.168.1.11:80              Masq    1      3          10        \n"
		"  -> 192.168.100.200:65535        Tunnel  65535  1234567    12345678  \n"
		"UDP  10.0.0.1:53 rr persistent 360 mask 255.255.255.0 ops\n"
		"UDP  10.0.0.3:5060 wlc persistent 300 pe sip\n"
		"SCTP 10.0.0.2:3868 lc (flag-3)\n"
		"TCP  [2001:db8::1]:443 mh (mh-port) persistent 3600 mask 64\n"
		"  -> [2001:db8:ffff:ffff:ffff:ffff:ffff:10]:443 Route   3      0          0         \n"
		"  -> [2001:db8::20]:443           Masq    1      1          2         \n"
		"FWM  5 sh (sh-fallback,sh-port) persistent 300\n"
		"  -> 192.168.1.20:0               Tunnel  1      0          0         \n"
		"FWM  7 IPv6 wrr\n");
}

static void test_save_sample(void **state)
{
	struct table t;

	(void)state;
	sample_table(&t);
	t.d[6][0].dest.tun_type = XVSADM_TUN_GUE;
	t.d[6][0].dest.tun_port = 6080;
	t.d[6][0].dest.tun_flags = XVSADM_TUN_F_REMCSUM;
	t.d[1][0].dest.tun_type = XVSADM_TUN_GRE;
	t.d[1][0].dest.tun_flags = XVSADM_TUN_F_CSUM;
	list(&t, FMT_RULE | FMT_NUMERIC);
	/* the spec's -S lines, in table order; no header, no title */
	assert_string_equal(printed(),
		"-A -t 10.0.0.1:80 -s wlc\n"
		"-a -t 10.0.0.1:80 -r 192.168.1.10:8080 -g -w 0\n"
		"-a -t 10.0.0.1:80 -r 192.168.1.11:80 -m -w 1\n"
		"-a -t 10.0.0.1:80 -r 192.168.100.200:65535 -i -w 65535 --tun-type gue --tun-port 6080 --tun-remcsum\n"
		"-A -u 10.0.0.1:53 -s rr -p 360 -M 255.255.255.0 -o\n"
		"-A -u 10.0.0.3:5060 -s wlc -p 300 --pe sip\n"
		"-A --sctp-service 10.0.0.2:3868 -s lc -b flag-3\n"
		"-A -t [2001:db8::1]:443 -s mh -p 3600 -M 64 -b mh-port\n"
		"-a -t [2001:db8::1]:443 -r [2001:db8:ffff:ffff:ffff:ffff:ffff:10]:443 -g -w 3\n"
		"-a -t [2001:db8::1]:443 -r [2001:db8::20]:443 -m -w 1\n"
		"-A -f 5 -s sh -p 300 -b sh-fallback,sh-port\n"
		"-a -f 5 -r 192.168.1.20:0 -i -w 1 --tun-type gre --tun-csum\n"
		"-A -f 7 -6 -s wrr\n");
}

static void test_save_details(void **state)
{
	struct xvs_service_entry s = svc(IPPROTO_UDP, "10.0.0.3", 5060, "rr");
	struct xvs_dest_entry d[2] = {
		dest("10.1.1.1", 5060, XVS_FWD_TUNNEL, 2, 0, 0),
		dest("10.1.1.2", 5060, XVS_FWD_LOCALNODE, 3, 0, 0),
	};

	(void)state;
	/* --pe is saved even without -p; LOCALNODE is saved as -g */
	strcpy(s.svc.pe_name, "sip");
	d[0].dest.u_threshold = 9;
	xvsadm_print_service(out, &s, d, 2, FMT_RULE | FMT_NUMERIC);
	assert_string_equal(printed(), "-A -u 10.0.0.3:5060 -s rr --pe sip\n"
				       "-a -u 10.0.0.3:5060 -r 10.1.1.1:5060 -i -w 2 --tun-type ipip\n"
				       "-a -u 10.0.0.3:5060 -r 10.1.1.2:5060 -g -w 3\n");
	/* ... but pe is listed only for persistent services */
	xvsadm_print_service(out, &s, NULL, 0, FMT_NUMERIC);
	assert_string_equal(printed(), "UDP  10.0.0.3:5060 rr\n");
}

static struct xvs_service_entry stats_service(void)
{
	struct xvs_service_entry s = svc(IPPROTO_TCP, "10.0.0.1", 80, "wlc");

	s.stats = (struct xvs_stats_out){ .conns = 123456789, .inpkts = 99999999, .outpkts = 100000000,
					  .inbytes = 123456789012ULL, .outbytes = 123456789012345ULL,
					  .cps = 12, .inpps = 3456, .outpps = 7, .inbps = 1234567890,
					  .outbps = 5 };
	return s;
}

static void test_stats_and_rate_samples(void **state)
{
	struct xvs_service_entry s = stats_service();
	struct xvs_dest_entry d = dest("192.168.1.11", 80, XVS_FWD_MASQ, 1, 0, 0);

	(void)state;
	d.stats = (struct xvs_stats_out){ .conns = 5, .inbytes = 999999999, .cps = 1, .inpps = 2,
					  .outpps = 3, .inbps = 400000000, .outbps = 100 };
	xvsadm_print_title(out, FMT_STATS);
	xvsadm_print_service(out, &s, &d, 1, FMT_STATS | FMT_NUMERIC);
	assert_string_equal(printed(),
		"Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80                   123456K 99999999  100000K     123G     123T\n"
		"  -> 192.168.1.11:80                     5        0        0  999999K        0\n");
	xvsadm_print_title(out, FMT_RATE);
	xvsadm_print_service(out, &s, &d, 1, FMT_RATE | FMT_NUMERIC);
	assert_string_equal(printed(),
		"Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80                        12     3456        7    1234M        5\n"
		"  -> 192.168.1.11:80                     1        2        3  400000K      100\n");
}

static void test_rate_dest_pps_unscaled(void **state)
{
	struct xvs_service_entry s = stats_service();
	struct xvs_dest_entry d = dest("10.1.1.1", 80, XVS_FWD_DROUTE, 1, 0, 0);

	(void)state;
	/* a real server's CPS and PPS are printed raw, %8llu (spec §10.9) */
	d.stats = (struct xvs_stats_out){ .cps = 4000000000ULL, .inpps = 123456789, .outpps = 6,
					  .inbps = 999999999999ULL, .outbps = 123 };
	xvsadm_print_service(out, &s, &d, 1, FMT_RATE | FMT_NUMERIC | FMT_EXACT);
	assert_string_equal(printed(),
		"TCP  10.0.0.1:80                        12     3456        7 1234567890        5\n"
		"  -> 10.1.1.1:80                  4000000000 123456789        6 999999999999      123\n");
}

static void check_largenum(uint64_t n, unsigned int format, const char *expect)
{
	xvsadm_print_largenum(out, n, format);
	assert_string_equal(printed(), expect);
}

static void test_largenum_boundaries(void **state)
{
	(void)state;
	check_largenum(0, 0, "        0");
	check_largenum(99999999, 0, " 99999999");
	check_largenum(100000000, 0, "  100000K");
	check_largenum(999999999, 0, "  999999K");
	check_largenum(1000000000, 0, "    1000M");
	check_largenum(99999999999ULL, 0, "   99999M");
	check_largenum(100000000000ULL, 0, "     100G");
	check_largenum(99999999999999ULL, 0, "   99999G");
	check_largenum(100000000000000ULL, 0, "     100T");
	check_largenum(UINT64_MAX, 0, "18446744T");
	/* --exact: width 9, or the digits and one space */
	check_largenum(0, FMT_EXACT, "        0");
	check_largenum(12345678, FMT_EXACT, " 12345678");
	check_largenum(123456789, FMT_EXACT, " 123456789");
	check_largenum(UINT64_MAX, FMT_EXACT, " 18446744073709551615");
}

static void test_titles(void **state)
{
	(void)state;
	xvsadm_print_title(out, FMT_THRESHOLDS);
	assert_string_equal(printed(),
		"Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
		"  -> RemoteAddress:Port\n");
	xvsadm_print_title(out, FMT_PERSISTENTCONN);
	assert_string_equal(printed(),
		"Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
		"  -> RemoteAddress:Port\n");
	xvsadm_print_title(out, FMT_TUN_INFO);
	assert_string_equal(printed(),
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
	/* stats wins over everything, as in print_title() */
	xvsadm_print_title(out, FMT_STATS | FMT_THRESHOLDS | FMT_TUN_INFO);
	assert_string_equal(printed(),
		"Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
		"  -> RemoteAddress:Port\n");
	xvsadm_print_title(out, FMT_RULE);
	assert_string_equal(printed(), "");
}

static void test_dest_formats(void **state)
{
	struct xvs_service_entry s = svc(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	struct xvs_dest_entry d[3] = {
		dest("10.1.1.1", 80, XVS_FWD_DROUTE, 2, 3, 4),
		dest("10.1.1.2", 80, XVS_FWD_TUNNEL, 5, 6, 7),
		dest("10.1.1.3", 80, XVS_FWD_TUNNEL, 1, 0, 0),
	};

	(void)state;
	d[0].dest.u_threshold = 100;
	d[0].dest.l_threshold = 50;
	d[0].persistconns = 9;
	d[1].dest.tun_type = XVSADM_TUN_GUE;
	d[1].dest.tun_port = 6080;
	d[1].dest.tun_flags = XVSADM_TUN_F_NOCSUM;
	d[2].dest.tun_type = XVSADM_TUN_GRE;
	d[2].dest.tun_flags = XVSADM_TUN_F_REMCSUM;
	xvsadm_print_service(out, &s, d, 1, FMT_THRESHOLDS | FMT_NUMERIC);
	assert_string_equal(printed(), "TCP  10.0.0.1:80 rr\n"
				       "  -> 10.1.1.1:80                  100        50         3          4         \n");
	xvsadm_print_service(out, &s, d, 1, FMT_PERSISTENTCONN | FMT_NUMERIC);
	assert_string_equal(printed(), "TCP  10.0.0.1:80 rr\n"
				       "  -> 10.1.1.1:80                  2         9           3          4         \n");
	xvsadm_print_service(out, &s, d, 3, FMT_TUN_INFO | FMT_NUMERIC);
	assert_string_equal(printed(),
		"TCP  10.0.0.1:80 rr\n"
		"  -> 10.1.1.1:80                  Route   n/a           2      3          4         \n"
		"  -> 10.1.1.2:80                  Tunnel  gue:6080:-c   5      6          7         \n"
		"  -> 10.1.1.3:80                  Tunnel  gre:r+c       1      0          0         \n");
}

static void test_fwmark_names(void **state)
{
	struct xvs_service_entry s = fwm(3000000000u, AF_INET, "rr");

	(void)state;
	/* %d of the mark: above 2^31 it prints negative (spec §10.5) */
	xvsadm_print_service(out, &s, NULL, 0, FMT_NUMERIC);
	assert_string_equal(printed(), "FWM  -1294967296 rr\n");
	xvsadm_print_service(out, &s, NULL, 0, FMT_RULE);
	assert_string_equal(printed(), "-A -f -1294967296 -s rr\n");
}

static void test_sort_wraps(void **state)
{
	struct xvs_service_entry s[4] = {
		svc(IPPROTO_TCP, "10.0.0.1", 80, "rr"),
		svc(IPPROTO_TCP, "192.168.1.1", 80, "rr"),
		svc(IPPROTO_UDP, "1.1.1.1", 53, "rr"),
		fwm(1, AF_INET, "rr"),
	};
	struct xvs_dest_entry d[2] = {
		dest("10.0.0.1", 80, XVS_FWD_DROUTE, 1, 0, 0),
		dest("192.168.1.1", 80, XVS_FWD_DROUTE, 1, 0, 0),
	};

	(void)state;
	/* 0x0a000001 - 0xc0a80101 wraps to a positive int */
	assert_true(xvsadm_cmp_services(&s[0], &s[1]) > 0);
	assert_true(xvsadm_cmp_dests(&d[0], &d[1]) > 0);
	xvsadm_sort_services(s, 4);
	assert_int_equal(s[0].svc.addr.w[3], inet_addr("192.168.1.1"));
	assert_int_equal(s[1].svc.addr.w[3], inet_addr("10.0.0.1"));
	assert_int_equal(s[2].svc.protocol, IPPROTO_UDP);
	assert_int_equal(s[3].svc.fwmark, 1);
	xvsadm_sort_dests(d, 2);
	assert_int_equal(d[0].dest.addr.w[3], inet_addr("192.168.1.1"));
	/* the same address: ports decide */
	d[1] = d[0];
	d[1].dest.port = 79;
	assert_true(xvsadm_cmp_dests(&d[0], &d[1]) > 0);
}

static void test_conns(void **state)
{
	struct xvs_conn_entry c = { .af = AF_INET, .protocol = IPPROTO_TCP, .cport = 54321, .vport = 80,
				    .dport = 80, .state = "ESTABLISHED", .expires = 897 };
	struct xvs_conn_entry t = { .af = AF_INET, .protocol = IPPROTO_IP, .state = "NONE", .expires = 299 };
	struct in_addr a;

	(void)state;
	inet_aton("192.168.0.1", &a);
	xvs_addr_from_in(&c.caddr, &a);
	inet_aton("10.0.0.1", &a);
	xvs_addr_from_in(&c.vaddr, &a);
	inet_aton("192.168.1.11", &a);
	xvs_addr_from_in(&c.daddr, &a);
	inet_aton("192.168.0.0", &a);
	xvs_addr_from_in(&t.caddr, &a);
	inet_aton("0.0.0.5", &a);
	xvs_addr_from_in(&t.vaddr, &a);
	inet_aton("192.168.1.21", &a);
	xvs_addr_from_in(&t.daddr, &a);
	xvsadm_print_conn_title(out, FMT_NUMERIC);
	xvsadm_print_conn(out, &c, FMT_NUMERIC);
	xvsadm_print_conn(out, &t, FMT_NUMERIC);
	c.expires = 59999;
	xvsadm_print_conn(out, &c, FMT_NUMERIC);
	assert_string_equal(printed(),
		"IPVS connection entries\n"
		"pro expire state       source             virtual            destination\n"
		"TCP 14:57  ESTABLISHED 192.168.0.1:54321  10.0.0.1:80        192.168.1.11:80\n"
		"IP  04:59  NONE        192.168.0.0:0      0.0.0.5:0          192.168.1.21:0\n"
		"TCP 999:59 ESTABLISHED 192.168.0.1:54321  10.0.0.1:80        192.168.1.11:80\n");
	/* --persistent-conn widens the title; rows without pe data keep the
	 * short layout */
	xvsadm_print_conn_title(out, FMT_PERSISTENTCONN);
	xvsadm_print_conn(out, &t, FMT_NUMERIC | FMT_PERSISTENTCONN);
	assert_string_equal(printed(),
		"IPVS connection entries\n"
		"pro expire state       source             virtual            destination        pe name          pe_data\n"
		"IP  04:59  NONE        192.168.0.0:0      0.0.0.5:0          192.168.1.21:0\n");
}

/* A --pe sip template: its engine and Call-ID with --persistent-conn only,
 * in the row's widths (spec §2.9: destination %-16s, pe name %-18s). */
static void test_conn_pe_data(void **state)
{
	struct xvs_conn_entry t = { .af = AF_INET, .protocol = IPPROTO_UDP, .vport = 5060, .dport = 5060,
				    .state = "NONE", .expires = 60, .flags = XVS_CONN_F_TEMPLATE,
				    .pe_name = "sip", .pe_data = "a84b4c76e66710@pc33.atlanta.com" };
	struct in_addr a;

	(void)state;
	inet_aton("192.168.0.1", &a);
	xvs_addr_from_in(&t.caddr, &a);
	inet_aton("10.0.0.3", &a);
	xvs_addr_from_in(&t.vaddr, &a);
	inet_aton("192.168.1.11", &a);
	xvs_addr_from_in(&t.daddr, &a);
	xvsadm_print_conn(out, &t, FMT_NUMERIC | FMT_PERSISTENTCONN);
	xvsadm_print_conn(out, &t, FMT_NUMERIC);
	assert_string_equal(printed(),
		"UDP 01:00  NONE        192.168.0.1:0      10.0.0.3:5060      192.168.1.11:5060 sip                "
		"a84b4c76e66710@pc33.atlanta.com\n"
		"UDP 01:00  NONE        192.168.0.1:0      10.0.0.3:5060      192.168.1.11:5060\n");
}

static void test_small_tables(void **state)
{
	struct xvs_timeouts to = { 900, 120, 300 };
	uint64_t counts[XVS_R_MAX] = { [XVS_R_PASS_NOT_IP] = 7, [XVS_R_REDIRECT] = 18446744073709551615ULL };
	struct xvs_iface ifs[2] = { { 2, "eth0", true }, { 5, "veth1", false } };
	const char *text;

	(void)state;
	xvsadm_print_timeouts(out, &to);
	assert_string_equal(printed(), "Timeout (tcp tcpfin udp): 900 120 300\n");
	xvsadm_print_header(out, 0x010201, 262144);
	assert_string_equal(printed(), "IP Virtual Server version 1.2.1 (size=262144)\n");
	xvsadm_print_ifaces(out, ifs, 2);
	assert_string_equal(printed(), "eth0 2 native\nveth1 5 generic\n");
	xvsadm_print_reasons(out, counts);
	text = printed();
	assert_non_null(strstr(text, "pass_not_ip          7\n"));
	assert_non_null(strstr(text, "redirect             18446744073709551615\n"));
	assert_int_equal(strncmp(text, "pass_not_ip ", 12), 0);
	assert_non_null(strstr(text, "\ndrop_pe_sip          0\n"));
}

static void test_usage_and_version(void **state)
{
	const char *text, *last;

	(void)state;
	xvsadm_print_version(out);
	assert_string_equal(printed(), "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n");
	xvsadm_print_usage(out, "./xvsadm");
	text = printed();
	assert_int_equal(strncmp(text,
				 "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n"
				 "Usage:\n"
				 "  ./xvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] "
				 "[--pe persistence_engine] [-b sched-flags]\n"
				 "  ./xvsadm -D virtual-service\n",
				 200),
			 0);
	assert_non_null(strstr(text, "  ./xvsadm -h\n\nCommands:\nEither long or short options are allowed.\n"));
	assert_non_null(strstr(text, "  --scheduler    -s scheduler         one of "
				     "rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,\n"
				     "                                      the default scheduler is wlc.\n"));
	assert_non_null(strstr(text, "  --fwmark-service|-f fwmark          fwmark is an integer greater than zero\n"
				     "\nOptions:\n"));
	assert_non_null(strstr(text, "scheduler flags (comma-separated)\nDaemon Options:\n"));
	last = "  --mcast-ttl ttl                     Multicast TTL (default=1)\n";
	assert_string_equal(text + strlen(text) - strlen(last), last);
	assert_null(strstr(text, "xvs-"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_sample, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_save_sample, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_save_details, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_stats_and_rate_samples, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_rate_dest_pps_unscaled, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_largenum_boundaries, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_titles, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_dest_formats, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_fwmark_names, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_sort_wraps, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_conns, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_conn_pe_data, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_small_tables, open_out, close_out),
		cmocka_unit_test_setup_teardown(test_usage_and_version, open_out, close_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
