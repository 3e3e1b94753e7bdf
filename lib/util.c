// SPDX-License-Identifier: GPL-2.0
/* Pure helpers: addresses, state and reason names.  No I/O. */
#include <errno.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <string.h>

#include "xvs.h"

void xvs_addr_from_in(union xvs_addr *a, const struct in_addr *in)
{
	memset(a, 0, sizeof(*a));
	a->w[2] = htonl(0xffff);
	a->w[3] = in->s_addr;
}

void xvs_addr_from_in6(union xvs_addr *a, const struct in6_addr *in6)
{
	memcpy(a->b, in6->s6_addr, 16);
}

bool xvs_addr_is_v4(const union xvs_addr *a)
{
	return !a->w[0] && !a->w[1] && a->w[2] == htonl(0xffff);
}

const char *xvs_addr_ntop(int af, const union xvs_addr *a, char *buf, size_t len)
{
	return inet_ntop(af, af == AF_INET ? (const void *)&a->w[3] : (const void *)a->b, buf, len);
}

const char *xvs_proto_name(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	}
	return NULL;
}

/* Names as IPVS prints them (ip_vs_proto_tcp.c tcp_state_name_table). */
static const char *const tcp_state_names[XVS_TCP_S_LAST] = {
	[XVS_TCP_NONE] = "NONE",
	[XVS_TCP_ESTABLISHED] = "ESTABLISHED",
	[XVS_TCP_SYN_SENT] = "SYN_SENT",
	[XVS_TCP_SYN_RECV] = "SYN_RECV",
	[XVS_TCP_FIN_WAIT] = "FIN_WAIT",
	[XVS_TCP_TIME_WAIT] = "TIME_WAIT",
	[XVS_TCP_CLOSE] = "CLOSE",
	[XVS_TCP_CLOSE_WAIT] = "CLOSE_WAIT",
	[XVS_TCP_LAST_ACK] = "LAST_ACK",
	[XVS_TCP_LISTEN] = "LISTEN",
	[XVS_TCP_SYNACK] = "SYNACK",
};

/* ip_vs_proto_sctp.c sctp_state_name_table */
static const char *const sctp_state_names[XVS_SCTP_S_LAST] = {
	[XVS_SCTP_NONE] = "NONE",
	[XVS_SCTP_INIT1] = "INIT1",
	[XVS_SCTP_INIT] = "INIT",
	[XVS_SCTP_COOKIE_SENT] = "C-SENT",
	[XVS_SCTP_COOKIE_REPLIED] = "C-REPLIED",
	[XVS_SCTP_COOKIE_WAIT] = "C-WAIT",
	[XVS_SCTP_COOKIE] = "COOKIE",
	[XVS_SCTP_COOKIE_ECHOED] = "C-ECHOED",
	[XVS_SCTP_ESTABLISHED] = "ESTABLISHED",
	[XVS_SCTP_SHUTDOWN_SENT] = "S-SENT",
	[XVS_SCTP_SHUTDOWN_RECEIVED] = "S-RECEIVED",
	[XVS_SCTP_SHUTDOWN_ACK_SENT] = "S-ACK-SENT",
	[XVS_SCTP_REJECTED] = "REJECTED",
	[XVS_SCTP_CLOSED] = "CLOSED",
};

const char *xvs_state_name(uint16_t protocol, unsigned state)
{
	if (protocol == IPPROTO_UDP)
		return "UDP";
	if (protocol == IPPROTO_SCTP)
		return state < XVS_SCTP_S_LAST ? sctp_state_names[state] : "ERR!";
	if (state >= XVS_TCP_S_LAST)
		return "ERR!";
	return tcp_state_names[state];
}

/* A persistence template's state (ip_vs_ctpl_state_name_table). */
const char *xvs_template_state_name(unsigned state)
{
	static const char *const names[] = { [XVS_CTPL_NONE] = "NONE", [XVS_CTPL_ASSURED] = "ASSURED" };

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "ERR!";
}

static const char *const reason_names[XVS_R_MAX] = {
	[XVS_R_PASS_NOT_IP] = "pass_not_ip",
	[XVS_R_PASS_NOT_SERVICE] = "pass_not_service",
	[XVS_R_PASS_L4_OTHER] = "pass_l4_other",
	[XVS_R_PASS_IPV6_EXT] = "pass_ipv6_ext",
	[XVS_R_PASS_NOT_SYN] = "pass_not_syn",
	[XVS_R_PASS_FRAGMENT] = "pass_fragment",
	[XVS_R_DROP_TRUNCATED] = "drop_truncated",
	[XVS_R_DROP_BAD_IP] = "drop_bad_ip",
	[XVS_R_DROP_BAD_L4] = "drop_bad_l4",
	[XVS_R_DROP_FRAGMENT] = "drop_fragment",
	[XVS_R_DROP_NO_DEST] = "drop_no_dest",
	[XVS_R_DROP_DEST_GONE] = "drop_dest_gone",
	[XVS_R_DROP_NO_ROUTE] = "drop_no_route",
	[XVS_R_DROP_NO_NEIGH] = "drop_no_neigh",
	[XVS_R_DROP_FWD_UNSUPP] = "drop_fwd_unsupported",
	[XVS_R_DROP_CONN_ALLOC] = "drop_conn_alloc",
	[XVS_R_DROP_NO_FORWARDING] = "drop_no_forwarding",
	[XVS_R_REDIRECT] = "redirect",
	[XVS_R_NAT_TO_KERNEL] = "nat_to_kernel",
	[XVS_R_TUN_TOO_BIG] = "tun_too_big",
	[XVS_R_DROP_ENCAP] = "drop_encap",
	[XVS_R_LOCAL] = "local",
	[XVS_R_ICMP_RELATED] = "icmp_related",
	[XVS_R_RESET_DEST_GONE] = "reset_dest_gone",
	[XVS_R_DROP_DEFENSE] = "drop_defense",
	[XVS_R_BYPASS] = "bypass",
	[XVS_R_NO_DEST_UNREACH] = "no_dest_unreach",
	[XVS_R_DROP_PE_SIP] = "drop_pe_sip",
	[XVS_R_ICMP_SCHEDULED] = "icmp_scheduled",
	[XVS_R_NAT_ICMP_SEND] = "nat_icmp_send",
	[XVS_R_DROP_ENTRY] = "drop_entry",
	[XVS_R_PASS_NOT_OWNER] = "pass_not_owner",
	[XVS_R_DROP_FENCED] = "drop_fenced",
	[XVS_R_DROP_VIP_ARP] = "drop_vip_arp",
	[XVS_R_PASS_BACKUP_ONLY] = "pass_backup_only",
	[XVS_R_SYNC_LOST] = "sync_lost",
};

const char *xvs_reason_name(enum xvs_reason r)
{
	return (unsigned)r < XVS_R_MAX && reason_names[r] ? reason_names[r] : "unknown";
}

/*
 * Run-time switches: name, default, largest value (the smallest is 0), and
 * the values whose meaning the data plane cannot give (bit v for value v):
 * setting one is refused, not ignored.
 */
static const struct {
	const char *name;
	uint32_t def, max, todo;
} sysctls[XVS_SC_MAX] = {
	[XVS_SC_CONN_REUSE_MODE] = { "conn_reuse_mode", 1, 3 },
	[XVS_SC_EXPIRE_NODEST_CONN] = { "expire_nodest_conn", 0, 1 },
	[XVS_SC_LBLC_EXPIRATION] = { "lblc_expiration", 86400, INT32_MAX },
	[XVS_SC_LBLCR_EXPIRATION] = { "lblcr_expiration", 86400, INT32_MAX },
	[XVS_SC_SLOPPY_TCP] = { "sloppy_tcp", 0, 1 },
	[XVS_SC_NODEST_RESET] = { "nodest_reset", 1, 1 },
	[XVS_SC_EXPIRE_QUIESCENT_TEMPLATE] = { "expire_quiescent_template", 0, 1 },
	[XVS_SC_SECURE_TCP] = { "secure_tcp", 0, 3 },
	[XVS_SC_DROP_PACKET] = { "drop_packet", 0, 3 },
	[XVS_SC_AM_DROPRATE] = { "am_droprate", 10, INT32_MAX },
	[XVS_SC_AMEMTHRESH] = { "amemthresh", 1024, INT32_MAX },
	[XVS_SC_CACHE_BYPASS] = { "cache_bypass", 0, 1 },
	[XVS_SC_RUN_ESTIMATION] = { "run_estimation", 1, 1 },
	[XVS_SC_SLOPPY_SCTP] = { "sloppy_sctp", 0, 1 },
	[XVS_SC_BACKUP_ONLY] = { "backup_only", 0, 1 },
	[XVS_SC_CONNTRACK] = { "conntrack", 0, 1 },
	[XVS_SC_SNAT_REROUTE] = { "snat_reroute", 1, 1 },
	[XVS_SC_IGNORE_TUNNELED] = { "ignore_tunneled", 0, 1 },
	[XVS_SC_PMTU_DISC] = { "pmtu_disc", 1, 1, 1u << 0 },
	[XVS_SC_NAT_ICMP_SEND] = { "nat_icmp_send", 0, 1 },
	[XVS_SC_SCHEDULE_ICMP] = { "schedule_icmp", 0, 1 },
	[XVS_SC_DROP_ENTRY] = { "drop_entry", 0, 3 },
	[XVS_SC_SYNC_THRESHOLD] = { "sync_threshold", 3, INT32_MAX },
	[XVS_SC_SYNC_PERIOD] = { "sync_period", 50, INT32_MAX },
	[XVS_SC_SYNC_VERSION] = { "sync_version", 1, 1 },
	[XVS_SC_SYNC_PERSIST_MODE] = { "sync_persist_mode", 0, 1 },
};

bool xvs_sysctl_supported(int i, uint32_t v)
{
	return i >= 0 && i < XVS_SC_MAX && (v >= 32 || !(sysctls[i].todo & (1u << v)));
}

const char *xvs_sysctl_name(int i)
{
	return i >= 0 && i < XVS_SC_MAX ? sysctls[i].name : NULL;
}

int xvs_sysctl_index(const char *name)
{
	for (int i = 0; i < XVS_SC_MAX; i++)
		if (!strcmp(name, sysctls[i].name))
			return i;
	return -ENOENT;
}

uint32_t xvs_sysctl_max(int i)
{
	return sysctls[i].max;
}

void xvs_sysctl_defaults(uint32_t *v)
{
	for (int i = 0; i < XVS_SC_MAX; i++)
		v[i] = sysctls[i].def;
}
