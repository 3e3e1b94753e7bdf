// SPDX-License-Identifier: GPL-2.0
/* Connection listing (ipvsadm.c:1630-1744, spec §2.9) and the xvs tables. */
#include <arpa/inet.h>

#include "addr.h"
#include "cli.h"
#include "print.h"

void xvsadm_print_conn_title(FILE *f, unsigned int format)
{
	fprintf(f, "IPVS connection entries\n");
	/* wider "destination" than the rows use: ipvsadm's quirk (spec §10.10) */
	if (format & FMT_PERSISTENTCONN)
		fprintf(f, "pro expire %-11s %-18s %-18s %-18s %-16s %s\n", "state", "source", "virtual",
			"destination", "pe name", "pe_data");
	else
		fprintf(f, "pro expire %-11s %-18s %-18s %s\n", "state", "source", "virtual",
			"destination");
}

/* The protocol column as /proc/net/ip_vs_conn names it (ip_vs_proto_name). */
static void conn_proto(char *buf, size_t len, uint16_t protocol)
{
	static const struct {
		uint16_t proto;
		const char *name;
	} names[] = {
		{ IPPROTO_IP, "IP" },	  { IPPROTO_TCP, "TCP" },   { IPPROTO_UDP, "UDP" },
		{ IPPROTO_SCTP, "SCTP" }, { IPPROTO_ICMP, "ICMP" }, { IPPROTO_ICMPV6, "ICMPv6" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].proto == protocol) {
			snprintf(buf, len, "%s", names[i].name);
			return;
		}
	}
	snprintf(buf, len, "IP_%u", protocol);
}

/*
 * One row.  ipvsadm reads the row back from /proc and names ports with the
 * row's protocol.  With --persistent-conn, a row with persistence-engine
 * data (a --pe sip template: "sip" and its Call-ID) gets the pe columns;
 * the others keep the short layout, as ipvsadm prints rows from which it
 * scanned fewer than 11 fields.
 */
void xvsadm_print_conn(FILE *f, const struct xvs_conn_entry *c, unsigned int format)
{
	char proto[16], expire[24], src[XVSADM_ADDRPORT_LEN], virt[XVSADM_ADDRPORT_LEN];
	char dst[XVSADM_ADDRPORT_LEN];
	bool numeric = format & FMT_NUMERIC;
	uint16_t p = c->protocol;

	conn_proto(proto, sizeof(proto), c->protocol);
	if (p != IPPROTO_TCP && p != IPPROTO_UDP && p != IPPROTO_SCTP)
		p = 0;
	xvsadm_addrport(src, c->af, &c->caddr, c->cport, p, numeric);
	xvsadm_addrport(virt, c->af, &c->vaddr, c->vport, p, numeric);
	xvsadm_addrport(dst, c->af, &c->daddr, c->dport, p, numeric);
	/* minutes are not capped: 900 s is "15:00" */
	snprintf(expire, sizeof(expire), "%02d:%02d", (int)(c->expires / 60), (int)(c->expires % 60));
	if ((format & FMT_PERSISTENTCONN) && c->pe_name[0] && c->pe_data[0])
		/* the quirk again: dst and pe name swap widths with the title */
		fprintf(f, "%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n", proto, expire,
			c->state ? c->state : "(null)", src, virt, dst, c->pe_name, c->pe_data);
	else
		fprintf(f, "%-3s %-6s %-11s %-18s %-18s %s\n", proto, expire, c->state ? c->state : "(null)",
			src, virt, dst);
}

void xvsadm_print_reasons(FILE *f, const uint64_t counts[XVS_R_MAX])
{
	for (int r = 0; r < XVS_R_MAX; r++)
		fprintf(f, "%-20s %llu\n", xvs_reason_name(r), (unsigned long long)counts[r]);
}

/* A mark rule as --xvs-mark takes it. */
void xvsadm_print_mark(FILE *f, const struct xvs_mark_spec *m)
{
	const struct xvs_mark_rule *r = &m->rule;
	char a[INET6_ADDRSTRLEN];

	xvs_addr_ntop(m->af, &m->addr, a, sizeof(a));
	fprintf(f, "%u %s/%u", r->mark, a, m->plen);
	if (r->proto)
		fprintf(f, " %s", r->proto == IPPROTO_TCP ? "tcp" : r->proto == IPPROTO_UDP ? "udp" : "sctp");
	if (r->port_lo == r->port_hi)
		fprintf(f, " port %u", r->port_lo);
	else if (r->port_lo || r->port_hi != 65535)
		fprintf(f, " port %u:%u", r->port_lo, r->port_hi);
	for (int i = 0; i < r->nmacs && i < XVS_MARK_MACS; i++)
		fprintf(f, "%s%02x:%02x:%02x:%02x:%02x:%02x", i ? "," : " not-from ", r->macs[i][0],
			r->macs[i][1], r->macs[i][2], r->macs[i][3], r->macs[i][4], r->macs[i][5]);
	fputc('\n', f);
}

void xvsadm_print_ifaces(FILE *f, const struct xvs_iface *ifs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %d %s\n", ifs[i].name, ifs[i].ifindex, ifs[i].native ? "native" : "generic");
}
