// SPDX-License-Identifier: GPL-2.0
/*
 * Listing and save formats of ipvsadm (ipvsadm.c:1819-2125, spec §2.1-2.7).
 * Widths, trailing spaces and truncations are ipvsadm's; where ipvsadm
 * would hand printf a NULL string, glibc prints "(null)" and so do we.
 */
#include <arpa/inet.h>
#include <string.h>

#include "addr.h"
#include "cli.h"
#include "print.h"

#define SCHED_FLAGS (XVS_SVC_F_SCHED1 | XVS_SVC_F_SCHED2 | XVS_SVC_F_SCHED3)
#define NVERSION(v) ((v) >> 16) & 0xff, ((v) >> 8) & 0xff, (v) & 0xff

void xvsadm_print_header(FILE *f, uint32_t version, uint32_t conn_tab_size)
{
	fprintf(f, "IP Virtual Server version %d.%d.%d (size=%d)\n", NVERSION(version),
		(int)conn_tab_size);
}

void xvsadm_print_largenum(FILE *f, uint64_t n, unsigned int format)
{
	static const struct {
		unsigned long long below, div;
		char unit;
	} scale[] = {
		{ 1000000000ULL, 1000ULL, 'K' },
		{ 100000000000ULL, 1000000ULL, 'M' },
		{ 100000000000000ULL, 1000000000ULL, 'G' },
	};
	unsigned long long v = n;

	if (format & FMT_EXACT) {
		int len = snprintf(NULL, 0, "%llu", v);

		fprintf(f, "%*llu", len <= 8 ? 9 : len + 1, v);
		return;
	}
	if (v < 100000000ULL) {
		fprintf(f, "%9llu", v);
		return;
	}
	for (size_t i = 0; i < sizeof(scale) / sizeof(scale[0]); i++) {
		if (v < scale[i].below) {
			fprintf(f, "%8llu%c", v / scale[i].div, scale[i].unit);
			return;
		}
	}
	fprintf(f, "%8lluT", v / 1000000000000ULL);
}

void xvsadm_print_title(FILE *f, unsigned int format)
{
	static const char *const stats[] = { "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes" };
	static const char *const rate[] = { "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS" };
	const char *const *cols = format & FMT_STATS ? stats : rate;
	const char *prot = "Prot LocalAddress:Port";

	if (format & (FMT_STATS | FMT_RATE))
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n", prot, cols[0], cols[1], cols[2], cols[3], cols[4]);
	else if (format & FMT_THRESHOLDS)
		fprintf(f, "%-33s %-10s %-10s %-10s %-10s\n", prot, "Uthreshold", "Lthreshold", "ActiveConn",
			"InActConn");
	else if (format & FMT_PERSISTENTCONN)
		fprintf(f, "%-33s %-9s %-11s %-10s %-10s\n", prot, "Weight", "PersistConn", "ActiveConn",
			"InActConn");
	else if (format & FMT_TUN_INFO)
		fprintf(f, "Prot LocalAddress:Port Scheduler Flags\n"
			   "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
	else if (!(format & FMT_RULE))
		fprintf(f, "Prot LocalAddress:Port Scheduler Flags\n"
			   "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
	if (format & (FMT_STATS | FMT_RATE | FMT_THRESHOLDS | FMT_PERSISTENTCONN))
		fprintf(f, "  -> RemoteAddress:Port\n");
}

static const char *proto_name(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	}
	return "?";
}

static const char *proto_switch(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "-t";
	case IPPROTO_UDP:
		return "-u";
	case IPPROTO_SCTP:
		return "--sctp-service";
	}
	return "--xxx-service";
}

/*
 * Protocol used to name ports.  A fwmark service has none: the kernel's
 * netlink reply carries no protocol for it (spec §2.5), so its
 * destination ports stay numeric.
 */
static uint16_t name_proto(const struct xvs_service *s)
{
	return s->fwmark ? 0 : s->protocol;
}

/* The "TCP  1.2.3.4:80" / "-t 1.2.3.4:80" / "FWM  5" column. */
static void svc_name(char *buf, size_t len, const struct xvs_service *s, unsigned int format)
{
	bool rule = format & FMT_RULE, v6 = s->af == AF_INET6;
	char v[XVSADM_ADDRPORT_LEN];

	/* %d of an unsigned mark: marks above 2^31 print negative (spec §10.5) */
	if (s->fwmark) {
		snprintf(buf, len, "%s %d%s", rule ? "-f" : "FWM ", (int)s->fwmark,
			 v6 ? (rule ? " -6" : " IPv6") : "");
		return;
	}
	xvsadm_addrport(v, s->af, &s->addr, s->port, s->protocol, format & FMT_NUMERIC);
	if (rule) {
		snprintf(buf, len, "%s %s", proto_switch(s->protocol), v);
		return;
	}
	snprintf(buf, len, "%-4s %s", proto_name(s->protocol), v);
	/* IPv4 names are cut to the 33-wide column; IPv6 ones are not */
	if (!v6 && len > 33)
		buf[33] = '\0';
}

static void print_sched_flags(FILE *f, const struct xvs_service *s)
{
	static const char *const generic[] = { "flag-1", "flag-2", "flag-3" };
	static const char *const sh[] = { "sh-fallback", "sh-port", NULL };
	static const char *const mh[] = { "mh-fallback", "mh-port", NULL };
	const char *const *names = !strcmp(s->sched_name, "sh") ? sh
				   : !strcmp(s->sched_name, "mh") ? mh
								  : generic;
	const char *sep = "";

	for (int i = 0; i < 3; i++) {
		if (names[i] && (s->flags & (XVS_SVC_F_SCHED1 << i))) {
			fprintf(f, "%s%s", sep, names[i]);
			sep = ",";
		}
	}
}

/* " mask 255.255.255.0" / " -M 64": only when not a host mask. */
static void print_mask(FILE *f, const struct xvs_service *s, const char *word)
{
	struct in_addr m = { .s_addr = s->netmask };

	if (s->af == AF_INET && s->netmask != 0xffffffff)
		fprintf(f, " %s %s", word, inet_ntoa(m));
	if (s->af == AF_INET6 && s->netmask != 128)
		fprintf(f, " %s %i", word, (int)s->netmask);
}

static void print_rule_service(FILE *f, const struct xvs_service *s, const char *name)
{
	fprintf(f, "-A %s -s %s", name, s->sched_name);
	if (s->flags & XVS_SVC_F_PERSISTENT) {
		fprintf(f, " -p %u", s->timeout);
		print_mask(f, s, "-M");
	}
	/* saved even without -p, unlike the listing */
	if (s->pe_name[0])
		fprintf(f, " --pe %s", s->pe_name);
	if (s->flags & XVS_SVC_F_ONEPACKET)
		fprintf(f, " -o");
	if (s->flags & SCHED_FLAGS) {
		fprintf(f, " -b ");
		print_sched_flags(f, s);
	}
	fprintf(f, "\n");
}

static void print_list_service(FILE *f, const struct xvs_service *s, const char *name)
{
	fprintf(f, "%s %s", name, s->sched_name);
	if (s->flags & SCHED_FLAGS) {
		fprintf(f, " (");
		print_sched_flags(f, s);
		fprintf(f, ")");
	}
	if (s->flags & XVS_SVC_F_PERSISTENT) {
		fprintf(f, " persistent %u", s->timeout);
		print_mask(f, s, "mask");
		if (s->pe_name[0])
			fprintf(f, " pe %s", s->pe_name);
	}
	if (s->flags & XVS_SVC_F_ONEPACKET)
		fprintf(f, " ops");
	fprintf(f, "\n");
}

static void print_five(FILE *f, const uint64_t v[5], unsigned int format)
{
	for (int i = 0; i < 5; i++)
		xvsadm_print_largenum(f, v[i], format);
}

static void print_service_line(FILE *f, const struct xvs_service_entry *se, const char *name,
			       unsigned int format)
{
	const struct xvs_stats_out *st = &se->stats;

	if (format & FMT_RULE) {
		print_rule_service(f, &se->svc, name);
	} else if (format & (FMT_STATS | FMT_RATE)) {
		uint64_t counts[5] = { st->conns, st->inpkts, st->outpkts, st->inbytes, st->outbytes };
		uint64_t rates[5] = { st->cps, st->inpps, st->outpps, st->inbps, st->outbps };

		fprintf(f, "%-33s", name);
		print_five(f, format & FMT_STATS ? counts : rates, format);
		fprintf(f, "\n");
	} else {
		print_list_service(f, &se->svc, name);
	}
}

static const char *fwd_name(uint32_t conn_flags)
{
	static const char *const names[] = { "Masq", "Local", "Tunnel", "Route" };
	uint32_t fwd = conn_flags & XVS_FWD_MASK;

	return fwd < 4 ? names[fwd] : "(null)";
}

static const char *fwd_switch(uint32_t conn_flags)
{
	/* LOCALNODE is saved as -g (spec §2.7) */
	static const char *const sw[] = { "-m", "-g", "-i", "-g" };
	uint32_t fwd = conn_flags & XVS_FWD_MASK;

	return fwd < 4 ? sw[fwd] : "(null)";
}

static const char *tun_type_name(uint8_t t)
{
	static const char *const names[XVSADM_TUN_MAX] = { "ipip", "gue", "gre" };

	return t < XVSADM_TUN_MAX ? names[t] : "(null)";
}

static const char *tun_flag(uint16_t flags, bool option)
{
	static const char *const names[] = { "-c", "+c", "r+c" };
	static const char *const opts[] = { "--tun-nocsum", "--tun-csum", "--tun-remcsum" };

	if (flags > XVSADM_TUN_F_REMCSUM)
		return "(null)";
	return option ? opts[flags] : names[flags];
}

/* --tun-info column: "ipip", "gue:6080:-c", "gre:+c", or n/a. */
static void tun_info(char buf[32], const struct xvs_dest_cfg *d)
{
	const char *type = tun_type_name(d->tun_type), *flag = tun_flag(d->tun_flags, false);

	snprintf(buf, 32, "n/a");
	if ((d->conn_flags & XVS_FWD_MASK) != XVS_FWD_TUNNEL)
		return;
	if (d->tun_type == XVSADM_TUN_IPIP)
		snprintf(buf, 32, "%s", type);
	else if (d->tun_type == XVSADM_TUN_GUE)
		snprintf(buf, 32, "%s:%d:%s", type, d->tun_port, flag);
	else if (d->tun_type == XVSADM_TUN_GRE)
		snprintf(buf, 32, "%s:%s", type, flag);
	/* ipvsadm formats it into 16 bytes */
	buf[15] = '\0';
}

static void print_rule_dest(FILE *f, const char *svc, const char *dname, const struct xvs_dest_cfg *d)
{
	fprintf(f, "-a %s -r %s %s -w %d", svc, dname, fwd_switch(d->conn_flags), d->weight);
	if ((d->conn_flags & XVS_FWD_MASK) == XVS_FWD_TUNNEL && d->tun_type < XVSADM_TUN_MAX) {
		fprintf(f, " --tun-type %s", tun_type_name(d->tun_type));
		if (d->tun_type == XVSADM_TUN_GUE)
			fprintf(f, " --tun-port %d", d->tun_port);
		if (d->tun_type != XVSADM_TUN_IPIP)
			fprintf(f, " %s", tun_flag(d->tun_flags, true));
	}
	fprintf(f, "\n");
}

static void print_dest_counters(FILE *f, const struct xvs_dest_entry *e, unsigned int format)
{
	const struct xvs_stats_out *st = &e->stats;

	if (format & FMT_STATS) {
		uint64_t counts[5] = { st->conns, st->inpkts, st->outpkts, st->inbytes, st->outbytes };

		print_five(f, counts, format);
	} else {
		/* rates of a real server: pps raw, only bps scaled (spec §10.9) */
		fprintf(f, " %8llu %8llu %8llu", (unsigned long long)st->cps,
			(unsigned long long)st->inpps, (unsigned long long)st->outpps);
		xvsadm_print_largenum(f, st->inbps, format);
		xvsadm_print_largenum(f, st->outbps, format);
	}
	fprintf(f, "\n");
}

static void print_dest_line(FILE *f, const struct xvs_dest_entry *e, const char *dname,
			    unsigned int format)
{
	const struct xvs_dest_cfg *d = &e->dest;
	char ti[32];

	fprintf(f, "  -> %-28s", dname);
	if (format & (FMT_STATS | FMT_RATE)) {
		print_dest_counters(f, e, format);
	} else if (format & FMT_THRESHOLDS) {
		fprintf(f, " %-10u %-10u %-10u %-10u\n", d->u_threshold, d->l_threshold, e->activeconns,
			e->inactconns);
	} else if (format & FMT_PERSISTENTCONN) {
		fprintf(f, " %-9u %-11u %-10u %-10u\n", (unsigned int)d->weight, e->persistconns,
			e->activeconns, e->inactconns);
	} else if (format & FMT_TUN_INFO) {
		tun_info(ti, d);
		fprintf(f, " %-7s %-13s %-6d %-10u %-10u\n", fwd_name(d->conn_flags), ti, d->weight,
			e->activeconns, e->inactconns);
	} else {
		fprintf(f, " %-7s %-6d %-10u %-10u\n", fwd_name(d->conn_flags), d->weight, e->activeconns,
			e->inactconns);
	}
}

void xvsadm_print_service(FILE *f, const struct xvs_service_entry *se, const struct xvs_dest_entry *d,
			  size_t n, unsigned int format)
{
	char name[128], dname[XVSADM_ADDRPORT_LEN];

	svc_name(name, sizeof(name), &se->svc, format);
	print_service_line(f, se, name, format);
	for (size_t i = 0; i < n; i++) {
		const struct xvs_dest_cfg *dc = &d[i].dest;

		xvsadm_addrport(dname, dc->af, &dc->addr, dc->port, name_proto(&se->svc),
				format & FMT_NUMERIC);
		if (format & FMT_RULE) {
			print_rule_dest(f, name, dname, dc);
			continue;
		}
		/* IPv4 names are cut to the 28-wide column (spec §2.3) */
		if (dc->af != AF_INET6)
			dname[28] = '\0';
		print_dest_line(f, &d[i], dname, format);
	}
}

void xvsadm_print_timeouts(FILE *f, const struct xvs_timeouts *t)
{
	fprintf(f, "Timeout (tcp tcpfin udp): %d %d %d\n", t->tcp_timeout, t->tcp_fin_timeout,
		t->udp_timeout);
}

/*
 * A running sync daemon as ipvsadm prints what the kernel reports over
 * netlink (ipvsadm.c print_daemon()), which always includes maxlen, group,
 * port and ttl.
 */
void xvsadm_print_daemon(FILE *f, const char *role, const struct xvs_sync_daemon *d)
{
	char group[INET6_ADDRSTRLEN];

	fprintf(f, "%s sync daemon (mcast=%s, syncid=%u", role, d->ifname, d->syncid);
	if (d->maxlen)
		fprintf(f, ", maxlen=%u", d->maxlen);
	if (d->mcast_af && xvs_addr_ntop(d->mcast_af, &d->group, group, sizeof(group)))
		fprintf(f, ", group=%s", group);
	if (d->port)
		fprintf(f, ", port=%u", d->port);
	if (d->ttl)
		fprintf(f, ", ttl=%u", d->ttl);
	fputs(")\n", f);
}

void xvsadm_print_sync(FILE *f, const char *role, const struct xvs_sync_daemon *d)
{
	const bool master = !strcmp(role, "master");

	fprintf(f, "%s pid %u\n", role, d->pid);
	fprintf(f, "  %-10s %llu\n", master ? "sent" : "received", (unsigned long long)d->msgs);
	fprintf(f, "  %-10s %llu\n", master ? "entries" : "installed", (unsigned long long)d->conns);
	if (!master) {
		fprintf(f, "  %-10s %llu\n", "malformed", (unsigned long long)d->bad);
		fprintf(f, "  %-10s %llu\n", "foreign", (unsigned long long)d->foreign);
		fprintf(f, "  %-10s %llu\n", "unknown", (unsigned long long)d->unknown);
	}
	fprintf(f, "  %-10s %llu\n", "failed", (unsigned long long)d->failed);
}
