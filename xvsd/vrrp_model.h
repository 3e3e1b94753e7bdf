/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VRRP side of the configuration model: every vrrp block of a
 * keepalived.conf (../shared/specs/keepalived.md 1.6 to 1.9), as plain
 * data in the model's arena.  kw_vrrp*.c fill it while the file is read,
 * vrrp_validate() completes it as keepalived's vrrp_complete_init() does
 * (defaults, derived values, the checks that change what runs), and the
 * VRRP engine only reads it.
 *
 * Lists keep config order.  Every object carries the file and line it
 * was configured at.  Times are microseconds, addresses libxvs's
 * (v4-mapped for AF_INET).  A field an enclosing level may provide holds
 * MODEL_UNSET until vrrp_validate() resolves it; after validation every
 * field of an instance that is not disabled is final, and m->vrrp is
 * never NULL.
 */
#ifndef XVSD_VRRP_MODEL_H
#define XVSD_VRRP_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

#define VRRP_IFNAMSIZ 16      /* IFNAMSIZ: names are shorter than this */
#define VRRP_AUTH_LEN 8       /* the v2 authentication field (RFC 2338 5.3.10) */
#define VRRP_PRIO_OWNER 255   /* the address owner (RFC 5798 5.2.4) */
#define VRRP_PRIO_DFL 100
#define VRRP_MAX_VIPS 255     /* the count field is 8 bits */
#define VRRP_LFT_FOREVER UINT32_MAX

/* The state an instance starts out wanting (its `state`). */
enum vrrp_want {
	VRRP_WANT_UNSET,  /* only before validation */
	VRRP_WANT_BACKUP,
	VRRP_WANT_MASTER,
};

/* The v2 auth_type field's values (RFC 2338 5.3.6). */
enum vrrp_auth {
	VRRP_AUTH_NONE = 0,
	VRRP_AUTH_PASS = 1,
	VRRP_AUTH_AH = 2,
};

/* old_unicast_checksum */
enum vrrp_old_chksum {
	VRRP_CHKSUM_AUTO,   /* detect the pre-1.3.6 form on receipt */
	VRRP_CHKSUM_OLD,    /* send it from the start */
	VRRP_CHKSUM_NEVER,  /* never use it */
};

/*
 * One line of virtual_ipaddress, virtual_ipaddress_excluded or
 * static_ipaddress: IP[/len] [brd IP|+|-] [dev IF] [scope S] [label L]
 * [peer IP] [home] [-nodad] [mngtmpaddr] [noprefixroute] [autojoin]
 * [no_track] [preferred_lft N|forever] [use_vmac] [track_group G].
 */
struct vrrp_ipaddr {
	const char *file;
	int line;
	char *text;                  /* the address word as written, for logs */
	int af;
	union xvs_addr addr;
	uint8_t prefix;              /* 32 / 128 unless given */
	bool has_brd;                /* IPv4 only; '+' and '-' are computed */
	union xvs_addr brd;
	char dev[VRRP_IFNAMSIZ];     /* "": the instance's interface (static: default_interface) */
	uint8_t scope;               /* RT_SCOPE_*; 0: global */
	char label[VRRP_IFNAMSIZ];   /* IPv4 only; "": none */
	bool has_peer;               /* then prefix is the peer's */
	union xvs_addr peer;
	uint32_t ifa_flags;          /* IFA_F_HOMEADDRESS, _MANAGETEMPADDR, _NOPREFIXROUTE, _MCAUTOJOIN */
	uint32_t ifa_flagmask;       /* those and IFA_F_NODAD (-nodad) */
	uint32_t preferred_lft;      /* IPv6: 0 (deprecated) for a /128 unless given, else forever */
	bool no_track;               /* its interface going down is no fault */
	bool use_vmac;
	char *track_group;           /* static_ipaddress: NULL or a track_group's name */
	struct vrrp_ipaddr *next;
};

/*
 * One line of virtual_routes / static_routes (`ip route add` syntax) or
 * virtual_rules / static_rules (`ip rule add` syntax), kept as its words:
 * xvsd hands them to the kernel as they are.  What keepalived itself
 * looks at is pulled out.
 */
struct vrrp_route {
	const char *file;
	int line;
	int argc;
	char **argv;                 /* the line's words; argv[argc] == NULL */
	int af;                      /* AF_INET unless an address says otherwise */
	char *dst;                   /* the destination word as written */
	char oif[VRRP_IFNAMSIZ];     /* dev / oif; "": none */
	bool no_track;               /* as configured, or because there is no oif */
	char *track_group;
	struct vrrp_route *next;
};

struct vrrp_rule {
	const char *file;
	int line;
	int argc;
	char **argv;
	int af;
	uint32_t preference;         /* as configured, or keepalived's 16384 counting down */
	bool preference_set;         /* configured */
	char iif[VRRP_IFNAMSIZ], oif[VRRP_IFNAMSIZ];
	bool no_track;
	char *track_group;
	struct vrrp_rule *next;
};

/* vrrp_script NAME { } */
struct vrrp_script {
	const char *file;
	int line;
	char *name;
	struct model_cmd cmd;        /* cmd.user/group from `user` */
	int64_t interval_us;         /* 1 s */
	int64_t timeout_us;          /* 0 until validated: the interval */
	int weight;                  /* -253..253 */
	bool weight_reverse;
	int rise, fall;              /* 1, 1 */
	bool init_fail;              /* start in the failed state */
	bool disabled;               /* not found / not executable: never run */
	struct vrrp_script *next;
};

/* track_file NAME { file PATH; weight N [reverse]; init_file [V] [overwrite] } */
struct vrrp_track_file {
	const char *file;
	int line;
	char *name;
	char *path;
	int weight;                  /* 1 */
	bool weight_reverse;
	bool init_file;              /* create / set it at start */
	int init_value;
	bool init_overwrite;
	struct vrrp_track_file *next;
};

enum vrrp_param_match {
	VRRP_MATCH_NONE,             /* the process name only */
	VRRP_MATCH_EXACT,
	VRRP_MATCH_INITIAL,
	VRRP_MATCH_PARTIAL,
};

/* vrrp_track_process NAME { } */
struct vrrp_track_process {
	const char *file;
	int line;
	char *name;
	char *process;               /* the command (path or comm) */
	int nparams;
	char **params;               /* its arguments, for param_match */
	enum vrrp_param_match param_match;
	int weight;                  /* -254..254 */
	bool weight_reverse;
	int quorum, quorum_max;      /* 1, 65535 */
	int64_t terminate_delay_us, fork_delay_us;
	bool full_command;           /* match the command line, not comm */
	struct vrrp_track_process *next;
};

/* bfd_instance NAME { } as the VRRP side tracks it (RFC 5880). */
struct vrrp_bfd {
	const char *file;
	int line;
	char *name;
	struct model_addr neighbor, source;
	int min_rx_ms, min_tx_ms, idle_tx_ms; /* 10, 10, 1000 */
	int multiplier;              /* 5 */
	bool passive, multihop;
	int ttl, max_hops;           /* 0: defaults */
	int weight;
	bool weight_reverse;
	bool vrrp, checker;          /* who is told; neither given: both */
	struct vrrp_bfd *next;
};

/* A tracked interface, script, file, process or BFD, with its weight. */
struct vrrp_tracked_if {
	const char *file;
	int line;
	char ifname[VRRP_IFNAMSIZ];
	int weight;                  /* 0: down means FAULT */
	bool reverse;
	struct vrrp_tracked_if *next;
};

struct vrrp_tracked_script {
	const char *file;
	int line;
	struct vrrp_script *obj;
	int weight;                  /* the script's unless given */
	bool reverse;
	struct vrrp_tracked_script *next;
};

struct vrrp_tracked_file {
	const char *file;
	int line;
	struct vrrp_track_file *obj;
	int weight;
	bool reverse;
	struct vrrp_tracked_file *next;
};

struct vrrp_tracked_process {
	const char *file;
	int line;
	struct vrrp_track_process *obj;
	int weight;
	bool reverse;
	struct vrrp_tracked_process *next;
};

struct vrrp_tracked_bfd {
	const char *file;
	int line;
	struct vrrp_bfd *obj;
	int weight;
	bool reverse;
	struct vrrp_tracked_bfd *next;
};

/* What an instance or a sync group tracks. */
struct vrrp_trackers {
	struct vrrp_tracked_if *ifs;
	struct vrrp_tracked_script *scripts;
	struct vrrp_tracked_file *files;
	struct vrrp_tracked_process *processes;
	struct vrrp_tracked_bfd *bfds;
};

/* Notify scripts of an instance or sync group (spec 2.11). */
struct vrrp_notify {
	struct model_cmd master, backup, fault, stop;
	struct model_cmd notify;             /* gets TYPE NAME STATE PRIO appended */
	struct model_cmd deleted;            /* instance only */
	struct model_cmd master_rx_lower_pri;/* instance only */
	bool notify_deleted;                 /* report DELETED, not FAULT (script or not) */
	int priority_changes;                /* MODEL_UNSET, 0, 1 */
	int smtp_alert;                      /* MODEL_UNSET until validated, 0, 1 */
};

struct vrrp_sync_group;

/* unicast_peer { IP [min_ttl N] [max_ttl N] } */
struct vrrp_peer {
	const char *file;
	int line;
	struct model_addr addr;
	int min_ttl, max_ttl;        /* 0, 255 */
	struct vrrp_peer *next;
};

/* vrrp_instance NAME { } */
struct vrrp_instance {
	const char *file;
	int line;
	char *name;
	bool disabled;               /* a config error keepalived refuses to run with */

	/* who and where */
	enum vrrp_want want;         /* resolved from state/priority */
	char ifname[VRRP_IFNAMSIZ];  /* "": none (unicast with unicast_src_ip) */
	bool if_missing;             /* named, but not on this host */
	char vrf[VRRP_IFNAMSIZ];
	int vrid;                    /* 1..255; 0: not set (disabled) */
	int priority;                /* 1..255 */
	int64_t advert_int_us;       /* v2: whole seconds 1..255; v3: 10 ms steps to 40.95 s */
	int version;                 /* 2 or 3 */
	int family;                  /* AF_INET or AF_INET6 */
	int strict;                  /* strict_mode, or the global vrrp_strict */

	/* authentication (v2 IPv4 only; dropped for v3 and strict) */
	enum vrrp_auth auth_type;
	uint8_t auth_pass[VRRP_AUTH_LEN]; /* truncated to 8, zero-padded */

	/* addresses, routes, rules */
	struct vrrp_ipaddr *vips;    /* advertised, in config order */
	struct vrrp_ipaddr *evips;   /* added and removed, never advertised */
	int nvips, nevips;
	bool no_vips_ok;             /* no_virtual_ipaddress */
	struct vrrp_route *routes;
	struct vrrp_rule *rules;

	/* preemption */
	bool nopreempt;
	int64_t preempt_delay_us;

	/* transport */
	struct model_addr src;       /* unicast_src_ip / mcast_src_ip; af 0: the interface's */
	struct model_addr mcast_dst; /* after validation: the group adverts go to (multicast) */
	struct vrrp_peer *peers;
	int npeers;
	bool unicast;                /* peers configured: one advert per peer */
	bool unicast_configured;     /* some unicast keyword was given */
	bool unicast_fault_no_peer;
	bool check_unicast_src;
	int unicast_ttl;             /* IPv4 TTL of adverts; 255 */
	enum vrrp_old_chksum old_unicast_checksum;
	bool track_src_ip;
	bool v3_checksum_as_v2;

	/* GARP / NA, falling back to the global vrrp_garp_* when unset */
	int64_t garp_master_delay_us;
	int garp_master_repeat;
	int64_t garp_master_refresh_us;
	int garp_master_refresh_repeat;
	int64_t garp_lower_prio_delay_us;
	int garp_lower_prio_repeat;
	int64_t garp_extra_if_us;    /* 0: none */
	bool garp_extra_if_all;

	/* election behaviour */
	int lower_prio_no_advert;    /* resolved 0/1 */
	int higher_prio_send_advert; /* resolved 0/1 */
	bool owner_ignore_adverts;
	int down_timer_adverts;      /* 1..100; 3 */
	bool skip_check_adv_addr;
	int accept;                  /* resolved 0/1: answer for the VIPs when not owner */
	int timer_expired_backup;    /* MODEL_UNSET: not set */

	/* tracking */
	struct vrrp_trackers track;
	bool dont_track_primary;

	/* notifies */
	struct vrrp_notify notify;

	/* VMAC (spec 2.1) */
	bool use_vmac;
	char vmac_ifname[VRRP_IFNAMSIZ];    /* "": vrrp.VRID */
	bool has_vmac_mac;
	uint8_t vmac_mac[6];                /* a MAC of its own instead of 00:00:5e:00:0x:VRID */
	bool vmac_xmit_base, use_vmac_addr;
	bool use_ipvlan;
	char ipvlan_ifname[VRRP_IFNAMSIZ];

	/* odds and ends */
	bool promote_secondaries;
	bool linkbeat_use_polling;
	int64_t kernel_rx_buf_size;
	bool lvs_sync_daemon;        /* it named the lvs_sync_daemon interface (deprecated form) */

	struct vrrp_sync_group *sync; /* resolved: the group it is a member of */
	struct vrrp_instance *next;
};

/* vrrp_sync_group NAME { } */
struct vrrp_sync_group {
	const char *file;
	int line;
	char *name;
	int nnames;
	char **names;                /* the group { } words as written */
	int group_line;              /* where group { } was; 0: none */
	int nmembers;
	struct vrrp_instance **members; /* resolved */
	struct vrrp_trackers track;
	struct vrrp_notify notify;
	bool tracking_weight;        /* sync_group_tracking_weight / global_tracking */
	struct vrrp_sync_group *next;
};

/* track_group NAME { group { INSTANCE ... } } */
struct vrrp_track_group {
	const char *file;
	int line;
	char *name;
	int nnames;
	char **names;
	struct vrrp_track_group *next;
};

/* garp_group { garp_interval S; gna_interval S; interface IF; interfaces { IF ... } } */
struct vrrp_garp_group {
	const char *file;
	int line;
	int64_t garp_interval_us, gna_interval_us;
	bool has_garp_interval, has_gna_interval;
	int nifs;
	char (*ifs)[VRRP_IFNAMSIZ];
	struct vrrp_garp_group *next;
};

/* linkbeat_interfaces { IF [MII|ETHTOOL|IOCTL] } */
struct vrrp_linkbeat_if {
	const char *file;
	int line;
	char ifname[VRRP_IFNAMSIZ];
	char type[8];                /* "": any */
	struct vrrp_linkbeat_if *next;
};

/* interface_up_down_delays { IF DOWN [UP] } */
struct vrrp_if_delay {
	const char *file;
	int line;
	char ifname[VRRP_IFNAMSIZ];
	int64_t down_us, up_us;
	struct vrrp_if_delay *next;
};

/* A configuration file's name, kept as long as the model. */
struct vrrp_file_name {
	struct vrrp_file_name *next;
	char name[];
};

struct model_vrrp {
	struct vrrp_instance *instances;
	struct vrrp_sync_group *sync_groups;
	struct vrrp_script *scripts;
	struct vrrp_track_file *track_files;
	struct vrrp_track_process *track_processes;
	struct vrrp_bfd *bfds;
	struct vrrp_ipaddr *static_addresses;
	struct vrrp_route *static_routes;
	struct vrrp_rule *static_rules;
	struct vrrp_track_group *track_groups;
	struct vrrp_garp_group *garp_groups;
	struct vrrp_linkbeat_if *linkbeat_ifs;
	struct vrrp_if_delay *if_delays;

	/* reading state */
	struct vrrp_file_name *file_names; /* what the objects' file fields point to */
	int missing_ifs;             /* interfaces named that this host lacks */
	uint32_t next_rule_pref4, next_rule_pref6; /* keepalived's 16384, counting down */
};

#endif /* XVSD_VRRP_MODEL_H */
