/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvsd's configuration model: what keepalived.conf says, as plain data.
 * The keyword tables (kw_*.c) fill it, the validators complete it with
 * keepalived's defaults and checks, and the rest of xvsd only reads it.
 *
 * Every object of one configuration lives in that configuration's arena
 * and goes with it (model_free()), so a reload builds a new model beside
 * the running one and the two can be compared.
 *
 * Times are microseconds (keepalived's TIMER values); a field that the
 * config may leave to an enclosing level holds MODEL_UNSET (-1) until the
 * validator resolves it.  Addresses are libxvs's (v4-mapped for AF_INET),
 * ports host order.
 */
#ifndef XVSD_MODEL_H
#define XVSD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xvs.h"

#define MODEL_UNSET (-1)
#define MODEL_SEC 1000000LL

/* A script and how to run it: argv split as keepalived splits it (no shell). */
struct model_cmd {
	char *text;   /* as configured, for logs; NULL: none */
	int argc;
	char **argv;  /* argv[argc] == NULL */
	char *user;   /* NULL: the global script_user */
	char *group;
};

/* An address with its family, for bindto, connect_ip, sorry_server ... */
struct model_addr {
	int af; /* 0: not set */
	union xvs_addr addr;
};

enum model_check_type {
	CHECK_TCP,
	CHECK_HTTP,
	CHECK_SSL,
	CHECK_MISC,
	CHECK_SMTP,
	CHECK_DNS,
	CHECK_UDP,
	CHECK_PING,
	CHECK_FILE,
	CHECK_BFD,
	CHECK_TYPES,
};

/* One url { } of HTTP_GET / SSL_GET. */
struct model_url {
	char *path;
	char *digest;           /* lower-case hex MD5 of the body; NULL: not checked */
	uint8_t status[128];    /* bitmap of accepted codes 0..1023; all zero: 200-299 */
	bool status_set;
	char *virtualhost;      /* NULL: the checker's, RS's or VS's */
	char *regex;            /* NULL: none */
	bool regex_no_match;
	struct model_url *next;
};

struct model_check {
	enum model_check_type type;
	const char *file;
	int line;

	/* Connection options (all but MISC/FILE/BFD). */
	struct model_addr connect_ip;   /* af 0: the RS address */
	int connect_port;               /* MODEL_UNSET: the RS port */
	struct model_addr bindto;
	int bind_port;                  /* 0: any */
	char bind_if[16];
	uint32_t fwmark;                /* SO_MARK, 0: none */

	/* Timing; MODEL_UNSET until resolved (checker, RS, VS, type default). */
	int64_t connect_timeout_us;
	int64_t delay_loop_us;
	int64_t delay_before_retry_us;
	int64_t warmup_us;
	int retry;
	int alpha;                      /* MODEL_UNSET, 0 or 1 */
	bool log_all_failures;

	/* HTTP_GET / SSL_GET */
	struct model_url *urls;
	int http_protocol;              /* 0: 1.0, 1: 1.0 with Connection: close, 2: 1.1 */
	char *virtualhost;
	bool fast_recovery;
	bool enable_sni;
	char *sni_name;
	bool tls_compliant;

	/* MISC_CHECK */
	struct model_cmd misc;
	int64_t misc_timeout_us;        /* MODEL_UNSET: the delay_loop */
	bool misc_dynamic;

	/* SMTP_CHECK */
	char *helo_name;                /* NULL: smtpchecker.keepalived.org */

	/* DNS_CHECK */
	int dns_type;                   /* ns_t_* (A 1, NS 2, CNAME 5, SOA 6, MX 15, TXT 16, AAAA 28) */
	char *dns_name;                 /* NULL: "." */

	/* UDP_CHECK */
	uint8_t *payload;
	size_t payload_len;
	bool require_reply;
	uint8_t *reply;                 /* require_reply's bytes, NULL: any reply */
	uint8_t *reply_mask;            /* NULL: every bit counts; a 0xf nibble: any ('x' in the config) */
	size_t reply_len;
	int min_reply_len, max_reply_len; /* 0: no limit */

	/* FILE_CHECK / BFD_CHECK */
	char *track_name;               /* the track_file / bfd_instance it follows */
	int track_weight;               /* FILE_CHECK weight (-253..253), 0: none */
	bool track_reverse;

	struct model_check *next;
};

/* A real_server block (or a sorry server, which has no checkers). */
struct model_rs {
	const char *file;
	int line;
	int af;
	union xvs_addr addr;
	int port;                       /* resolved: the VS port when omitted */
	int64_t weight;                 /* 0..2147483647; default 1 (or the VS weight) */
	int fwd;                        /* XVS_FWD_*, MODEL_UNSET: the VS's */
	uint8_t tun_type;               /* XVS_TUN_* with TUN */
	uint16_t tun_port;
	uint16_t tun_flags;
	uint32_t u_threshold, l_threshold;
	int inhibit_on_failure;         /* MODEL_UNSET, 0, 1 */
	int alpha;
	int retry;
	int64_t delay_before_retry_us, connect_timeout_us, delay_loop_us, warmup_us;
	char *virtualhost;
	struct model_cmd notify_up, notify_down;
	struct model_check *checks;
	struct model_rs *next;
};

enum model_vs_kind { VS_ADDR, VS_FWMARK, VS_GROUP };

/* One virtual_server block. */
struct model_vs {
	const char *file;
	int line;
	enum model_vs_kind kind;
	int af;                          /* AF_INET/AF_INET6; fwmark: ip_family, default AF_INET */
	union xvs_addr addr;             /* VS_ADDR */
	int port;                        /* VS_ADDR, VS_GROUP (entries without a port) */
	uint32_t fwmark;                 /* VS_FWMARK */
	char *group;                     /* VS_GROUP: the virtual_server_group's name */
	uint16_t protocol;               /* IPPROTO_*; UDP when absent (keepalived's default) */
	char sched[XVS_NAME_LEN];        /* default "wlc" */
	uint32_t sched_flags;            /* XVS_SVC_F_SCHED* and ONEPACKET (ops) */
	int fwd;                         /* XVS_FWD_*, default MASQ */
	uint8_t tun_type;
	uint16_t tun_port;
	uint16_t tun_flags;
	uint32_t persistence_timeout;    /* seconds, 0: not persistent */
	uint32_t granularity;            /* IPv4 mask (network order) or IPv6 prefix; 0: host */
	char pe[XVS_NAME_LEN];           /* persistence_engine */
	int64_t delay_loop_us;           /* default 60 s */
	int64_t delay_before_retry_us, connect_timeout_us, warmup_us;
	int retry;
	int64_t weight;                  /* MODEL_UNSET: RS default 1 */
	bool ha_suspend, alpha, omega, inhibit_on_failure;
	char *virtualhost;
	uint32_t quorum;                 /* default 1 */
	uint32_t hysteresis;
	struct model_cmd quorum_up, quorum_down;
	struct model_rs *sorry;          /* NULL: none */
	bool sorry_server_inhibit;
	struct model_rs *rs;
	struct model_vs *next;
};

/* One line of a virtual_server_group: an address range with a port, or a fwmark. */
struct model_vsg_entry {
	const char *file;
	int line;
	bool is_fwmark;
	int af;                          /* fwmark: 0 when no family is given */
	union xvs_addr lo, hi;           /* inclusive; lo == hi for one address */
	int port;                        /* MODEL_UNSET: the virtual_server's port */
	uint32_t fwmark;
	struct model_vsg_entry *next;
};

struct model_vsg {
	const char *file;
	int line;
	char *name;
	struct model_vsg_entry *entries;
	struct model_vsg *next;
};

/* global_defs: what xvsd acts on, and the VRRP defaults the next issue needs. */
struct model_global {
	char *router_id;
	char **notification_email;       /* NULL-terminated */
	char *notification_email_from;
	struct model_addr smtp_server;
	int smtp_port;                   /* 25 */
	int64_t smtp_connect_timeout_us; /* 30 s */
	char *smtp_helo_name;
	bool smtp_alert, smtp_alert_vrrp, smtp_alert_checker;
	bool checker_log_all_failures;   /* every checker's log_all_failures */
	bool enable_script_security;
	char *script_user, *script_group; /* NULL: keepalived_script if it exists, else root */
	bool lvs_flush;
	int lvs_flush_on_stop;           /* 0: release what xvsd made, 1: flush all, 2: VS only */
	struct xvs_timeouts lvs_timeouts;
	/* lvs_sync_daemon IF [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP] */
	struct {
		char ifname[16];
		char *instance;
		int syncid, maxlen, port, ttl;
		struct model_addr group;
	} lvs_sync;
	/* VRRP side */
	int vrrp_version;                /* 2 */
	struct model_addr vrrp_mcast_group4, vrrp_mcast_group6;
	int64_t vrrp_garp_master_delay_us;   /* 5 s */
	int vrrp_garp_master_repeat;         /* 5 */
	int64_t vrrp_garp_master_refresh_us; /* 0 */
	int vrrp_garp_master_refresh_repeat; /* 1 */
	int64_t vrrp_garp_lower_prio_delay_us; /* MODEL_UNSET: master_delay */
	int vrrp_garp_lower_prio_repeat;       /* MODEL_UNSET: master_repeat */
	int64_t vrrp_garp_interval_us, vrrp_gna_interval_us;
	bool vrrp_strict, vrrp_skip_check_adv_addr, vrrp_check_unicast_src;
	bool vrrp_lower_prio_no_advert, vrrp_higher_prio_send_advert;
	bool v3_checksum_as_v2;
	int vrrp_down_timer_adverts;     /* 3 */
	bool dynamic_interfaces;
	char default_interface[16];      /* eth0 */
	struct model_cmd startup_script, shutdown_script;
};

/* The root SSL block: SSL_GET's client context. */
struct model_ssl {
	char *password;
	char *ca;
	char *certificate;
	char *key;
};

struct model_vrrp; /* the vrrp blocks (kw_vrrp.c), acted on by the VRRP side */

struct model {
	struct model_global global;
	struct model_vsg *groups;
	struct model_vs *vs;
	struct model_ssl *ssl;           /* NULL: no SSL block */
	struct model_vrrp *vrrp;
	bool uses_scripts;               /* for -t's exit status 5 */
	struct model_arena *arena;
};

/* model_new() - an empty model with keepalived's global defaults. NULL: no memory. */
struct model *model_new(void);
void model_free(struct model *m);

/* Zeroed memory and copies that live as long as @m. Never NULL (abort on OOM). */
void *model_alloc(struct model *m, size_t size);
char *model_strdup(struct model *m, const char *s);

/*
 * model_cmd_set() - split @text into @cmd's argv as keepalived does for
 * scripts: words separated by blanks, "..." and '...' quote (the quotes
 * removed), a backslash takes the next character literally.
 * Returns: 0, or -EINVAL (empty, or an unterminated quote).
 */
int model_cmd_set(struct model *m, struct model_cmd *cmd, const char *text);

/* New objects with their defaults (every override field MODEL_UNSET), not linked. */
struct model_vs *model_vs_new(struct model *m);
struct model_rs *model_rs_new(struct model *m);
struct model_check *model_check_new(struct model *m, enum model_check_type type);

/* keepalived's name of a checker type: "TCP_CHECK", "HTTP_GET", ... */
const char *model_check_name(enum model_check_type type);

/*
 * The virtual server's name as keepalived logs it: "[192.168.1.1]:tcp:80",
 * "FWM 1", "[group]:80".  @buf of at least MODEL_NAME_LEN.
 */
#define MODEL_NAME_LEN 80
const char *model_vs_name(const struct model_vs *vs, char *buf);
/* "[192.0.2.10]:80" */
const char *model_rs_name(const struct model_rs *rs, char *buf);
/*
 * keepalived's inet_sockaddrtotrio(): "[192.0.2.10]:tcp:80", with "none"
 * for protocol 0 (a fwmark service's).  @buf of at least MODEL_NAME_LEN.
 */
const char *model_addr_name(int af, const union xvs_addr *a, uint16_t protocol, int port, char *buf);

#endif /* XVSD_MODEL_H */
