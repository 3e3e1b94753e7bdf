/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxvs: the only code that touches the data plane's maps.  Functions have
 * IPVS's semantics and return 0 or a negative errno (the same errno the IPVS
 * kernel code returns in the same situation, so that callers can map it to
 * ipvsadm's messages).  Nothing here prints or exits; diagnostics go through
 * the log callback.
 */
#ifndef XVS_H
#define XVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xvs/abi.h"

struct xvs_ctx;

enum xvs_log_level { XVS_LOG_ERR, XVS_LOG_WARN, XVS_LOG_INFO, XVS_LOG_DEBUG };
typedef void (*xvs_log_fn)(enum xvs_log_level level, const char *msg, void *arg);

struct xvs_open_opts {
	const char *instance;   /* NULL: XVS_INSTANCE env, else derived from the netns */
	bool create;            /* load and attach the data plane if there is none */
	uint32_t conn_tab_size; /* at load only; 0: XVS_CONN_TABLE_SIZE env or default */
	const char *bpf_obj;    /* NULL: the object built into libxvs */
	xvs_log_fn log;
	void *log_arg;
};

/*
 * xvs_open() - find this network namespace's data plane, or load it.
 * Returns 0 and a context, -ENOENT when there is no data plane and
 * opts->create is false, or another -errno.  Never detaches, reloads or
 * resets a running data plane; attaches it to interfaces that have none yet.
 */
int xvs_open(struct xvs_ctx **ctx, const struct xvs_open_opts *opts);
void xvs_close(struct xvs_ctx *ctx);
const char *xvs_instance_name(const struct xvs_ctx *ctx);
const char *xvs_pin_dir(const struct xvs_ctx *ctx);

/* A virtual service as ipvsadm describes it. Ports in host order. */
struct xvs_service {
	int af;                /* AF_INET or AF_INET6 */
	uint16_t protocol;     /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP */
	union xvs_addr addr;   /* v4-mapped for AF_INET */
	uint16_t port;
	uint32_t fwmark;
	char sched_name[XVS_NAME_LEN];
	uint32_t flags;        /* XVS_SVC_F_* */
	uint32_t timeout;      /* persistence, seconds */
	uint32_t netmask;      /* IPv4: mask in network order; IPv6: prefix length */
	char pe_name[XVS_NAME_LEN];
};

struct xvs_dest_cfg {
	int af;
	union xvs_addr addr;
	uint16_t port;
	uint32_t conn_flags;   /* XVS_FWD_* */
	int weight;
	uint32_t u_threshold;
	uint32_t l_threshold;
	uint8_t tun_type;
	uint16_t tun_port;
	uint16_t tun_flags;
};

struct xvs_stats_out {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t cps, inpps, outpps, inbps, outbps;
};

struct xvs_service_entry {
	struct xvs_service svc;
	uint32_t num_dests;
	uint64_t seq;
	struct xvs_stats_out stats;
};

struct xvs_dest_entry {
	struct xvs_dest_cfg dest;
	uint32_t activeconns;
	uint32_t inactconns;
	uint32_t persistconns;
	struct xvs_stats_out stats;
};

/*
 * Service and destination operations, with IPVS's errors:
 * add_service -EEXIST (exists), -ENOENT (scheduler not supported);
 * edit/del/zero_service -ESRCH; add_dest -ESRCH (no service), -EEXIST;
 * edit/del_dest -ESRCH (no service), -ENOENT (no such destination);
 * -ENOENT also for a persistence engine other than "sip";
 * -EOPNOTSUPP for what this data plane does not do yet (SCTP services).
 */
int xvs_add_service(struct xvs_ctx *ctx, const struct xvs_service *svc);
int xvs_edit_service(struct xvs_ctx *ctx, const struct xvs_service *svc);
int xvs_del_service(struct xvs_ctx *ctx, const struct xvs_service *svc);
int xvs_flush(struct xvs_ctx *ctx);

/*
 * xvs_batch_begin() - many changes to come from this context alone (a
 * restore): the destination table is read once and kept, and the work on
 * the tables as a whole is done once, by xvs_batch_end(), instead of at
 * every change.  Until then the data plane forwards with the changes made
 * so far, but NAT replies, port-0 and FTP lookups and the rate estimator
 * follow the configuration as it was at xvs_batch_begin().
 * Returns: 0, -EBUSY (a batch is open); _end: 0, -EINVAL (none), -errno.
 */
int xvs_batch_begin(struct xvs_ctx *ctx);
int xvs_batch_end(struct xvs_ctx *ctx);
int xvs_add_dest(struct xvs_ctx *ctx, const struct xvs_service *svc, const struct xvs_dest_cfg *dest);
int xvs_edit_dest(struct xvs_ctx *ctx, const struct xvs_service *svc, const struct xvs_dest_cfg *dest);
int xvs_del_dest(struct xvs_ctx *ctx, const struct xvs_service *svc, const struct xvs_dest_cfg *dest);
/* svc NULL: zero every service, as ipvsadm -Z with no service. */
int xvs_zero(struct xvs_ctx *ctx, const struct xvs_service *svc);

/*
 * Listing.  Arrays are malloc'd and owned by the caller (free()).  Services
 * come in creation order, destinations in IPVS list order (newest first);
 * sorting is the caller's business.
 */
int xvs_get_services(struct xvs_ctx *ctx, struct xvs_service_entry **out, size_t *n);
int xvs_get_service(struct xvs_ctx *ctx, const struct xvs_service *svc, struct xvs_service_entry *out);
int xvs_get_dests(struct xvs_ctx *ctx, const struct xvs_service *svc, struct xvs_dest_entry **out, size_t *n);

struct xvs_timeouts {
	int tcp_timeout;
	int tcp_fin_timeout;
	int udp_timeout;
};
/* 0 in a field leaves that timeout unchanged, as ipvsadm --set. */
int xvs_set_timeouts(struct xvs_ctx *ctx, const struct xvs_timeouts *t);
int xvs_get_timeouts(struct xvs_ctx *ctx, struct xvs_timeouts *t);

/* Version (XVS_IPVS_VERSION) and connection table size, for the -L header. */
int xvs_get_info(struct xvs_ctx *ctx, uint32_t *version, uint32_t *conn_tab_size);

struct xvs_conn_entry {
	int af;
	uint16_t protocol;
	union xvs_addr caddr, vaddr, daddr;
	uint16_t cport, vport, dport;   /* host order */
	const char *state;              /* "ESTABLISHED", "UDP", ... */
	uint32_t expires;               /* seconds left */
	uint32_t flags;
	char pe_name[XVS_NAME_LEN];     /* a template's persistence engine ("sip"), or "" */
	char pe_data[XVS_PE_DATA_LEN + 1]; /* its data: the Call-ID (cut, abi.h) */
};
int xvs_get_conns(struct xvs_ctx *ctx, struct xvs_conn_entry **out, size_t *n);

/*
 * Firewall-mark classification, xvs's own (iptables marks come after XDP):
 * packets to @addr/@plen (of family @af) that fit the rule get its mark,
 * and a mark service (-f) takes them.  The most specific address wins;
 * rules of one address are tried in the order they were added.
 * add: -EINVAL (bad rule), -EEXIST, -ENOSPC (XVS_MARK_PREFIXES addresses
 * have rules), -E2BIG (one address would meet more than XVS_MARK_SET);
 * del: -ENOENT.  Listing: most specific address first.
 */
struct xvs_mark_spec {
	int af;
	union xvs_addr addr;
	uint32_t plen;             /* 0..32 or 0..128 */
	struct xvs_mark_rule rule; /* mark, proto, ports, excluded MACs (plen unused) */
};
int xvs_add_mark_rule(struct xvs_ctx *ctx, const struct xvs_mark_spec *r);
int xvs_del_mark_rule(struct xvs_ctx *ctx, const struct xvs_mark_spec *r);
int xvs_get_mark_rules(struct xvs_ctx *ctx, struct xvs_mark_spec **out, size_t *n);

/*
 * VIP ownership, for xvsd's VRRP (include/xvs/abi.h, bpf/vip.h): the data
 * plane balances a VIP that has an entry only while it is @held with its
 * lease running; not held (backup), the VIP's service packets go to the
 * host unbalanced; held with the lease run out (the daemon died while
 * master), every packet to it is dropped.  ARP requests and neighbour
 * solicitations for a VIP that is not live are dropped.  An address with
 * no entry is balanced as ever.  @vip is of family @af (AF_INET:
 * v4-mapped, as in struct xvs_service); @lease_ns is a CLOCK_MONOTONIC
 * deadline (xvs_monotonic_ns() plus the lease; the data plane sees it
 * pass up to a clock tick, 1-10 ms, late) or XVS_LEASE_FOREVER.
 * set: creates or replaces; -EAFNOSUPPORT, -EINVAL (@vip not of @af),
 * -ENOSPC (XVS_MAX_VIPS entries).  del: -ENOENT when there is none.
 * xvs_flush() leaves them: they are VRRP's state, not the service table.
 */
struct xvs_vip_entry {
	int af;
	union xvs_addr addr;
	bool held;
	uint64_t lease_ns;
};
int xvs_set_vip(struct xvs_ctx *ctx, int af, const union xvs_addr *vip, bool held, uint64_t lease_ns);
int xvs_del_vip(struct xvs_ctx *ctx, int af, const union xvs_addr *vip);
/* Every entry, in no particular order (the caller frees *@out). */
int xvs_get_vips(struct xvs_ctx *ctx, struct xvs_vip_entry **out, size_t *n);
/* CLOCK_MONOTONIC in ns: the clock of the data plane and its leases. */
uint64_t xvs_monotonic_ns(void);

/* Drop/pass reason counters summed over CPUs; names from xvs_reason_name(). */
int xvs_get_reasons(struct xvs_ctx *ctx, uint64_t counts[XVS_R_MAX]);
const char *xvs_reason_name(enum xvs_reason r);

/* Interfaces the data plane serves. */
struct xvs_iface {
	int ifindex;
	char name[16];
	bool native; /* false: generic (skb) mode */
};
int xvs_get_ifaces(struct xvs_ctx *ctx, struct xvs_iface **out, size_t *n);

/* --- pure helpers, no I/O, unit-tested without root --- */

/* State name as IPVS prints it ("ESTABLISHED", "UDP", "ERR!"). */
const char *xvs_state_name(uint16_t protocol, unsigned state);
/* A persistence template's state: "NONE" or "ASSURED". */
const char *xvs_template_state_name(unsigned state);

/*
 * Run-time switches (enum xvs_sysctl): IPVS's sysctls the data plane
 * honours, by their IPVS names, and xvs's own.  xvs_set_sysctl() returns
 * -EINVAL for a value out of range, -ENOENT for an unknown index.
 */
const char *xvs_sysctl_name(int idx);
int xvs_sysctl_index(const char *name); /* index, or -ENOENT */
uint32_t xvs_sysctl_max(int idx);
bool xvs_sysctl_supported(int idx, uint32_t value); /* false: a meaning not there yet */
void xvs_sysctl_defaults(uint32_t *values);
int xvs_get_sysctls(struct xvs_ctx *ctx, uint32_t values[XVS_SC_MAX]);
int xvs_set_sysctl(struct xvs_ctx *ctx, int idx, uint32_t value);

/* Address helpers: v4-mapped storage. */
void xvs_addr_from_in(union xvs_addr *a, const struct in_addr *in);
void xvs_addr_from_in6(union xvs_addr *a, const struct in6_addr *in6);
bool xvs_addr_is_v4(const union xvs_addr *a);

/*
 * xvs_addr_ntop() - @a of family @af (AF_INET: its v4-mapped last word;
 * AF_INET6) as inet_ntop() writes it into @buf of @len.
 * Returns: @buf, or NULL as inet_ntop() (another family, or @len less
 * than INET6_ADDRSTRLEN and too short).
 */
const char *xvs_addr_ntop(int af, const union xvs_addr *a, char *buf, size_t len);

/* xvs_proto_name() - "tcp", "udp" or "sctp" for IPPROTO_*, NULL for another protocol. */
const char *xvs_proto_name(uint16_t protocol);

#endif /* XVS_H */
