/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libxvs: connection sync between directors, IPVS's sync daemons
 * (net/netfilter/ipvs/ip_vs_sync.c) in user space.
 *
 * A master daemon takes the flows the data plane reports (xvs_sync_ring,
 * include/xvs/abi.h) and sends them in IPVS's sync message format to a
 * multicast group; a backup daemon receives them and installs them in its
 * own connection table, so that when it becomes master the connections
 * carry on.  The daemons are processes that libxvs starts and stops, as
 * IPVS's are kernel threads that ipvsadm starts and stops: they outlive the
 * program that started them.
 */
#ifndef XVS_SYNC_H
#define XVS_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xvs.h"

/* IPVS's connection flags as the messages carry them (IP_VS_CONN_F_*). */
#define XVS_SYNC_F_FWD_MASK 0x0007
#define XVS_SYNC_F_BYPASS 0x0004
#define XVS_SYNC_F_SYNC 0x0020 /* entry came from a sync message */
#define XVS_SYNC_F_HASHED 0x0040
#define XVS_SYNC_F_NOOUTPUT 0x0080
#define XVS_SYNC_F_INACTIVE 0x0100
#define XVS_SYNC_F_OUT_SEQ 0x0200
#define XVS_SYNC_F_IN_SEQ 0x0400
#define XVS_SYNC_F_SEQ_MASK 0x0600
#define XVS_SYNC_F_NO_CPORT 0x0800
#define XVS_SYNC_F_TEMPLATE 0x1000
#define XVS_SYNC_F_ONE_PACKET 0x2000
/* what a backup takes from a message (IP_VS_CONN_F_BACKUP_MASK) */
#define XVS_SYNC_F_BACKUP_MASK                                                                   \
	(XVS_SYNC_F_FWD_MASK | XVS_SYNC_F_NOOUTPUT | XVS_SYNC_F_INACTIVE | XVS_SYNC_F_SEQ_MASK | \
	 XVS_SYNC_F_NO_CPORT | XVS_SYNC_F_TEMPLATE)

#define XVS_SYNC_PE_NAME_MAX 16 /* IP_VS_PENAME_MAXLEN */
#define XVS_SYNC_PE_DATA_MAX 255

/*
 * One entry of a sync message, as IPVS's struct ip_vs_sync_conn_v4/v6 has
 * it.  A template has flags TEMPLATE and cport 0; a mark service's template
 * has protocol IPPROTO_IP and the mark as its virtual address (0.0.0.MARK),
 * as IPVS's.
 */
struct xvs_sync_conn {
	int af;           /* AF_INET or AF_INET6 */
	uint8_t proto;
	uint32_t flags;   /* XVS_SYNC_F_* */
	uint16_t state;   /* IPVS's state number (xvs numbers them alike) */
	uint16_t cport;   /* network order, as the addresses */
	uint16_t vport;
	uint16_t dport;
	uint32_t fwmark;
	uint32_t timeout; /* seconds; 0 from a v0 message: the state's own timeout */
	union xvs_addr caddr, vaddr, daddr; /* IPv4 v4-mapped */
	bool has_seq;     /* a SEQ_DATA option was there (xvs does not adjust sequences) */
	uint8_t pe_name_len;
	char pe_name[XVS_SYNC_PE_NAME_MAX];
	uint8_t pe_data_len;
	uint8_t pe_data[XVS_SYNC_PE_DATA_MAX];
};

/* --- messages: pure, no I/O (lib/sync_msg.c) --- */

#define XVS_SYNC_MAXLEN 1472 /* the master's default payload: 1500 - IPv4 - UDP */

/*
 * A message being built: xvs_sync_msg_init() it over @buf of at least
 * @maxlen bytes, xvs_sync_msg_add() entries until it says the message is
 * full, xvs_sync_msg_end() gives its length with the header filled in.
 */
struct xvs_sync_msg {
	uint8_t *buf;
	size_t maxlen;
	size_t len;
	unsigned nr;
	int version; /* 1 or 0 */
	uint8_t syncid;
};
void xvs_sync_msg_init(struct xvs_sync_msg *m, uint8_t *buf, size_t maxlen, int version, uint8_t syncid);
/*
 * Returns: 0; -ENOSPC when the entry does not fit (send this message and
 * start another); -EINVAL when the entry cannot be put in this version at
 * all (v0 and IPv6, a PE name or data too long) or is bigger than @maxlen.
 */
int xvs_sync_msg_add(struct xvs_sync_msg *m, const struct xvs_sync_conn *c);
/* The message's length, header written; 0 when it holds no entry. */
size_t xvs_sync_msg_end(struct xvs_sync_msg *m);

/*
 * xvs_sync_msg_parse() - check message @buf of @len bytes whole (the
 * header's size is @len, every entry and option inside it and well formed)
 * and only then call @fn for each entry, in order.  A message is v1 when its
 * version is 1 and its reserved and spare fields 0, else v0 (as IPVS).
 * @syncid: the backup's; 0 takes every message.  *@version, if not NULL,
 * gets the message's version.
 * Returns: the number of entries delivered (an entry IPVS would skip, such
 * as one with an unknown mandatory option, is skipped); -EBADMSG (malformed:
 * nothing delivered);
 * -EXDEV (another syncid: nothing delivered).  @fn's return is ignored.
 */
typedef void (*xvs_sync_conn_fn)(const struct xvs_sync_conn *c, void *arg);
int xvs_sync_msg_parse(const uint8_t *buf, size_t len, unsigned syncid, xvs_sync_conn_fn fn, void *arg,
		       int *version);

/* --- the data plane's side (lib/sync_dp.c) --- */

/* IPVS's entry for data-plane event @ev (flags TEMPLATE, INACTIVE, ... as IPVS sets them). */
void xvs_sync_conn_from_event(struct xvs_sync_conn *c, const struct xvs_sync_event *ev);

/*
 * xvs_sync_install() - install entry @c of a message in the connection
 * table: find the service it belongs to here (by mark, or protocol, VIP
 * and port, as the data plane would) and its real server (address and
 * port), then create the entry, or move the existing one to the message's
 * state, to live @c->timeout seconds from now (0: its state's timeout).
 * Returns: 0 created, 1 updated; -ENOENT no such service or real server
 * here; -ENOSPC the table is full; -EINVAL an entry xvs cannot hold.
 */
int xvs_sync_install(struct xvs_ctx *ctx, const struct xvs_sync_conn *c);

/*
 * The data plane's event ring (the master daemon reads it).  @fn is called
 * for each event in xvs_sync_events_consume(); xvs_sync_events_fd() is an
 * fd that polls readable when the data plane asks for a wakeup (it asks
 * only when XVS_SYNC_WAKEUP_BYTES wait, so also consume on a timer).
 */
struct xvs_sync_events;
typedef void (*xvs_sync_event_fn)(const struct xvs_sync_event *ev, void *arg);
struct xvs_sync_events *xvs_sync_events_open(struct xvs_ctx *ctx, xvs_sync_event_fn fn, void *arg);
int xvs_sync_events_fd(struct xvs_sync_events *e);
int xvs_sync_events_consume(struct xvs_sync_events *e); /* events taken, or -errno */
void xvs_sync_events_close(struct xvs_sync_events *e);

/* Set or clear XVS_CFG_F_SYNC_MASTER / _BACKUP (role XVS_SYNC_MASTER / _BACKUP). */
int xvs_sync_set_role(struct xvs_ctx *ctx, int role, bool running);

/* The registry (xvs_sync map): read and write one role's slot. */
int xvs_sync_slot_get(struct xvs_ctx *ctx, int role, struct xvs_sync_daemon *d);
int xvs_sync_slot_set(struct xvs_ctx *ctx, int role, const struct xvs_sync_daemon *d);

/* --- the daemons (lib/sync.c) --- */

/*
 * What ipvsadm --start-daemon gives: role, --mcast-interface, --syncid and
 * the optional --sync-maxlen, --mcast-group, --mcast-port, --mcast-ttl
 * (0 / AF_UNSPEC: IPVS's defaults).
 */
struct xvs_sync_params {
	int role;           /* XVS_SYNC_MASTER or XVS_SYNC_BACKUP */
	char ifname[16];
	unsigned syncid;
	unsigned maxlen;
	int mcast_af;       /* AF_UNSPEC, AF_INET, AF_INET6 */
	union xvs_addr group;
	unsigned port;
	unsigned ttl;
};

/*
 * xvs_sync_start() - start the daemon of @p->role for instance @ctx: a
 * process of its own that runs until xvs_sync_stop().
 * Returns: 0; -EEXIST one of that role runs; -ENODEV no such interface;
 * -EINVAL bad parameters; -errno.
 */
int xvs_sync_start(struct xvs_ctx *ctx, const struct xvs_sync_params *p);
/* Stop the daemon of @role.  Returns 0, or -ESRCH when none runs. */
int xvs_sync_stop(struct xvs_ctx *ctx, int role);
/*
 * The daemons that run, in @out indexed by role; out[role].pid is 0 where
 * none does (a registered daemon that died is not running).
 */
int xvs_sync_get(struct xvs_ctx *ctx, struct xvs_sync_daemon out[XVS_SYNC_ROLES]);

#endif /* XVS_SYNC_H */
