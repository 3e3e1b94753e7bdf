// SPDX-License-Identifier: GPL-2.0
/*
 * The VRRP side of keepalived.conf (xvsd/kw_vrrp*.c, vrrp_ip.c,
 * vrrp_validate.c): small configs read through config_load() into the
 * model, each keyword family and what keepalived derives from them
 * (../shared/specs/keepalived.md 1.6 to 1.9), its reports at the right
 * lines, and every config of the corpus, whose VRRP-side verdicts of
 * keepalived 2.2.7 (VERDICTS-keepalived-2.2.7.txt) xvsd must give at the
 * same lines.  The host is faked: it has "lo" and "eth0", as the verdict
 * host had.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "corpus.h"
#include "vrrp_model.h"
#include "tmpdir.h"

static char diags[65536];

static const char *base(const char *path)
{
	return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

/* Every report as "file:line: msg" (":0:" without a place), one a line. */
static void collect(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	size_t n = strlen(diags);

	(void)arg, (void)level;
	snprintf(diags + n, sizeof(diags) - n, "%s:%d: %s\n", file ? base(file) : "", line, msg);
}

/* The verdict host's interfaces. */
static bool fake_if(const char *name)
{
	return !strcmp(name, "lo") || !strcmp(name, "eth0");
}

static struct model *model;

/* Load @text as k.conf; the model stays in `model` until the next load. */
static struct model *load(const char *text)
{
	struct config_opts o = { .config_id = "lvs1", .diag = collect };
	enum config_status status;
	char path[128];

	model_free(model);
	tmpdir_write("k.conf", text);
	snprintf(path, sizeof(path), "%s/k.conf", tmpdir);
	diags[0] = 0;
	model = config_load(path, &o, &status);
	assert_non_null(model);
	assert_non_null(model->vrrp);
	return model;
}

/* Was @msg (a part of it) reported at @line of k.conf (0: without a place)? */
static bool reported(int line, const char *msg)
{
	char where[32];

	snprintf(where, sizeof(where), line ? "k.conf:%d: " : ":0: ", line);
	for (const char *s = diags; (s = strstr(s, where)); s++) {
		const char *end = strchr(s, '\n');

		if (s != diags && s[-1] != '\n')
			continue;
		if (strstr(s, msg) && strstr(s, msg) < end)
			return true;
	}
	return false;
}

#define assert_reported(line, msg)                                              \
	do {                                                                    \
		if (!reported(line, msg))                                       \
			fail_msg("no \"%s\" at line %d in:\n%s", msg, line, diags); \
	} while (0)

static struct vrrp_instance *instance(const char *name)
{
	for (struct vrrp_instance *vi = model->vrrp->instances; vi; vi = vi->next)
		if (!strcmp(vi->name, name))
			return vi;
	fail_msg("no instance %s", name);
	return NULL;
}

static const char *addr_text(const struct vrrp_ipaddr *ip)
{
	static char buf[INET6_ADDRSTRLEN];

	return inet_ntop(ip->af, ip->af == AF_INET ? (const void *)&ip->addr.w[3] : ip->addr.b, buf, sizeof(buf));
}

static const char *maddr_text(const struct model_addr *a)
{
	static char buf[INET6_ADDRSTRLEN];

	return inet_ntop(a->af, a->af == AF_INET ? (const void *)&a->addr.w[3] : a->addr.b, buf, sizeof(buf));
}

/* A usual instance: everything where it was written, in order, with the defaults. */
static void test_instance(void **state)
{
	struct vrrp_instance *vi;
	struct vrrp_ipaddr *ip;

	(void)state;
	load("global_defs {\n"
	     "  enable_script_security\n"
	     "  script_user nobody\n"
	     "}\n"
	     "vrrp_instance VI_1 {\n"
	     "  state BACKUP\n"
	     "  interface eth0\n"
	     "  virtual_router_id 51\n"
	     "  priority 150\n"
	     "  nopreempt\n"
	     "  virtual_ipaddress {\n"
	     "    192.168.200.16/24 brd + dev eth0 scope link label eth0:1\n"
	     "    192.168.200.17\n"
	     "  }\n"
	     "  virtual_ipaddress_excluded {\n"
	     "    2001:db8::5/64 no_track\n"
	     "  }\n"
	     "  notify_master \"/bin/echo master 'a b'\" nobody\n"
	     "  notify /bin/true\n"
	     "  notify_backup '/bin/echo \"b c\"' nobody:nogroup\n"
	     "  notify_fault \"/bin/echo \\\"x y\\\"\"\n"
	     "  smtp_alert\n"
	     "}\n");
	vi = instance("VI_1");
	assert_string_equal(base(vi->file), "k.conf");
	assert_int_equal(vi->line, 5);
	assert_false(vi->disabled);
	assert_string_equal(vi->ifname, "eth0");
	assert_int_equal(vi->vrid, 51);
	assert_int_equal(vi->priority, 150);
	assert_int_equal(vi->want, VRRP_WANT_BACKUP);
	assert_true(vi->nopreempt);
	assert_int_equal(vi->advert_int_us, MODEL_SEC);
	assert_int_equal(vi->version, 2);
	assert_int_equal(vi->family, AF_INET);
	assert_int_equal(vi->auth_type, VRRP_AUTH_NONE);
	assert_false(vi->unicast);
	assert_string_equal(maddr_text(&vi->mcast_dst), "224.0.0.18");
	assert_int_equal(vi->unicast_ttl, 255);
	assert_int_equal(vi->accept, 1);
	assert_int_equal(vi->down_timer_adverts, 3);
	assert_int_equal(vi->garp_master_repeat, 5);
	assert_int_equal(vi->garp_master_delay_us, 5 * MODEL_SEC);
	assert_int_equal(vi->garp_lower_prio_repeat, 5);
	assert_int_equal(vi->lower_prio_no_advert, 0);
	assert_int_equal(vi->notify.smtp_alert, 1);

	assert_int_equal(vi->nvips, 2);
	ip = vi->vips;
	assert_string_equal(addr_text(ip), "192.168.200.16");
	assert_int_equal(ip->line, 12);
	assert_int_equal(ip->prefix, 24);
	assert_true(ip->has_brd);
	assert_int_equal(ntohl(ip->brd.w[3]), 0xc0a8c8ff);
	assert_string_equal(ip->dev, "eth0");
	assert_int_equal(ip->scope, 253);
	assert_string_equal(ip->label, "eth0:1");
	ip = ip->next;
	assert_string_equal(addr_text(ip), "192.168.200.17");
	assert_int_equal(ip->prefix, 32);
	assert_string_equal(ip->dev, "");
	assert_null(ip->next);
	assert_int_equal(vi->nevips, 1);
	assert_int_equal(vi->evips->af, AF_INET6);
	assert_int_equal(vi->evips->prefix, 64);
	assert_true(vi->evips->no_track);
	assert_int_equal(vi->evips->preferred_lft, VRRP_LFT_FOREVER);

	/* the command split as keepalived splits it, the user after it */
	assert_int_equal(vi->notify.master.argc, 3);
	assert_string_equal(vi->notify.master.argv[0], "/bin/echo");
	assert_string_equal(vi->notify.master.argv[2], "a b");
	assert_string_equal(vi->notify.master.user, "nobody");
	assert_string_equal(vi->notify.notify.argv[0], "/bin/true");
	/* the line itself, split with both quote kinds, not its words */
	assert_int_equal(vi->notify.backup.argc, 2);
	assert_string_equal(vi->notify.backup.argv[1], "b c");
	assert_string_equal(vi->notify.backup.user, "nobody");
	assert_string_equal(vi->notify.backup.group, "nogroup");
	assert_int_equal(vi->notify.fault.argc, 2);
	assert_string_equal(vi->notify.fault.argv[1], "x y");
	assert_null(vi->notify.stop.text);
	assert_true(model->uses_scripts);
	assert_string_equal(diags, "");
}

/* Priority from state, state from priority; what an owner or a MASTER start clears. */
static void test_priority_state(void **state)
{
	(void)state;
	load("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n state MASTER\n"
	     " virtual_ipaddress {\n 10.0.0.1\n }\n}\n"
	     "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n priority 255\n nopreempt\n"
	     " virtual_ipaddress {\n 10.0.0.2\n }\n}\n"
	     "vrrp_instance C {\n interface eth0\n virtual_router_id 3\n"
	     " virtual_ipaddress {\n 10.0.0.3\n }\n}\n"
	     "vrrp_instance D {\n interface eth0\n virtual_router_id 4\n state MASTER\n priority 100\n nopreempt\n"
	     " preempt_delay 10\n virtual_ipaddress {\n 10.0.0.4\n }\n}\n"
	     "vrrp_instance E {\n interface eth0\n virtual_router_id 5\n priority 0\n state BOSS\n"
	     " virtual_ipaddress {\n 10.0.0.5\n }\n}\n");
	assert_int_equal(instance("A")->priority, 255);
	assert_int_equal(instance("A")->want, VRRP_WANT_MASTER);
	assert_int_equal(instance("B")->want, VRRP_WANT_MASTER);
	assert_false(instance("B")->nopreempt);
	assert_reported(0, "(B) nopreempt is incompatible with priority 255. resetting nopreempt");
	assert_int_equal(instance("C")->priority, 100);
	assert_int_equal(instance("C")->want, VRRP_WANT_BACKUP);
	assert_int_equal(instance("D")->want, VRRP_WANT_MASTER);
	assert_false(instance("D")->nopreempt);
	assert_int_equal(instance("D")->preempt_delay_us, 0);
	assert_reported(0, "(D) Warning - nopreempt will not work with initial state MASTER - clearing");
	assert_reported(0, "(D) Warning - preempt delay will not work with initial state MASTER - clearing");
	assert_int_equal(instance("E")->priority, 100);
	assert_int_equal(instance("E")->want, VRRP_WANT_BACKUP);
	assert_reported(39, "(E) Priority not valid! must be between 1 & 255. Using default 100");
	assert_reported(40, "(E) unknown state 'BOSS', defaulting to BACKUP");
}

/* v2 carries whole seconds, v3 centiseconds in 12 bits: rounded half up. */
static void test_advert_int(void **state)
{
	static const struct {
		const char *version, *configured;
		int64_t us;
		const char *msg;
	} cases[] = {
		{ "2", "1.4", 1000000, "VRRPv2 advertisement interval 1.400000s must be an integer. rounding" },
		{ "2", "1.5", 2000000, "must be an integer" },
		{ "2", "0.3", 1000000, "must be an integer" },
		{ "2", "3", 3000000, NULL },
		{ "3", "0.333", 330000, "VRRPv3 advertisement interval 0.333000s must be in units of 10ms - rounding" },
		{ "3", "0.015", 20000, "in units of 10ms" },
		{ "3", "50", 40950000, "VRRPv3 advertisement interval 50.00s is out of range. Must be less than 40.96s. Setting to 40.95s" },
		{ "3", "0.25", 250000, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];

		snprintf(text, sizeof(text),
			 "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n version %s\n advert_int %s\n"
			 " virtual_ipaddress {\n 10.0.0.1\n }\n}\n",
			 cases[i].version, cases[i].configured);
		load(text);
		assert_int_equal(instance("V")->advert_int_us, cases[i].us);
		if (cases[i].msg)
			assert_reported(0, cases[i].msg);
		else
			assert_string_equal(diags, "");
	}
	/* IPv6 means v3, so its interval is v3's too */
	load("vrrp_instance V6 {\n interface eth0\n virtual_router_id 1\n advert_int 0.5\n"
	     " virtual_ipaddress {\n fe80::1\n 2001:db8::1/64\n }\n}\n");
	assert_int_equal(instance("V6")->version, 3);
	assert_int_equal(instance("V6")->family, AF_INET6);
	assert_int_equal(instance("V6")->advert_int_us, 500000);
	assert_int_equal(instance("V6")->vips->prefix, 128);
	assert_int_equal(instance("V6")->vips->preferred_lft, 0);
	assert_string_equal(maddr_text(&instance("V6")->mcast_dst), "ff02::12");
	assert_string_equal(diags, "");
	/* keepalived's non-RFC "v2 over IPv6" is not spoken */
	load("vrrp_instance W {\n interface eth0\n virtual_router_id 1\n version 2\n"
	     " virtual_ipaddress {\n fe80::2\n }\n}\n");
	assert_int_equal(instance("W")->version, 3);
	assert_reported(0, "(W) VRRP version 2 over IPv6 is not supported - setting version 3");
}

/* dynamic_interfaces: interfaces may come later, nothing is missing. */
static void test_dynamic_interfaces(void **state)
{
	(void)state;
	load("global_defs {\n dynamic_interfaces\n}\n"
	     "vrrp_instance D {\n interface eth9\n virtual_router_id 1\n track_interface {\n  eth8\n }\n"
	     " virtual_ipaddress {\n 10.0.0.1 dev eth7\n }\n}\n");
	assert_string_equal(diags, "");
	assert_false(instance("D")->if_missing);
	assert_string_equal(instance("D")->track.ifs->ifname, "eth8");
	assert_string_equal(instance("D")->vips->dev, "eth7");
}

/* The password field is 8 bytes: cut and zero-padded; v3 and AH rules. */
static void test_auth(void **state)
{
	struct vrrp_instance *vi;

	(void)state;
	load("vrrp_instance P {\n interface eth0\n virtual_router_id 1\n"
	     " authentication {\n  auth_type PASS\n  auth_pass 123456789\n }\n"
	     " virtual_ipaddress {\n 10.0.0.1\n }\n}\n"
	     "vrrp_instance S {\n interface eth0\n virtual_router_id 2\n"
	     " authentication { auth_type PASS auth_pass abc }\n"
	     " virtual_ipaddress {\n 10.0.0.2\n }\n}\n"
	     "vrrp_instance V3 {\n interface eth0\n virtual_router_id 3\n version 3\n"
	     " authentication {\n  auth_type PASS\n  auth_pass abc\n }\n"
	     " virtual_ipaddress {\n 10.0.0.3\n }\n}\n"
	     "vrrp_instance AH {\n interface eth0\n virtual_router_id 4\n state MASTER\n priority 150\n"
	     " authentication {\n  auth_type AH\n  auth_pass secret\n }\n"
	     " virtual_ipaddress {\n 10.0.0.4\n }\n}\n");
	vi = instance("P");
	assert_int_equal(vi->auth_type, VRRP_AUTH_PASS);
	assert_memory_equal(vi->auth_pass, "12345678", 8);
	assert_reported(6, "Truncating auth_pass to 8 characters");
	/* "authentication { auth_type PASS auth_pass abc }" is one item line: no password */
	vi = instance("S");
	assert_int_equal(vi->auth_type, VRRP_AUTH_NONE);
	vi = instance("V3");
	assert_int_equal(vi->auth_type, VRRP_AUTH_NONE);
	assert_memory_equal(vi->auth_pass, "\0\0\0\0\0\0\0\0", 8);
	assert_reported(0, "(V3) VRRP version 3 does not support authentication. Ignoring.");
	vi = instance("AH");
	assert_int_equal(vi->auth_type, VRRP_AUTH_AH);
	assert_memory_equal(vi->auth_pass, "secret\0\0", 8);
	assert_int_equal(vi->want, VRRP_WANT_BACKUP);
	assert_reported(0, "(AH) Initial state master is incompatible with AH authentication - clearing");
}

/* Peers mean unicast; a unicast keyword without peers falls back to multicast. */
static void test_unicast(void **state)
{
	struct vrrp_instance *vi;

	(void)state;
	load("vrrp_instance U {\n interface eth0\n virtual_router_id 1\n unicast_src_ip 10.0.0.10\n"
	     " unicast_peer {\n  10.0.0.11\n  10.0.0.12 min_ttl 250 max_ttl 255\n  2001:db8::1\n }\n"
	     " virtual_ipaddress {\n 10.0.0.1\n }\n}\n"
	     "vrrp_instance M {\n interface eth0\n virtual_router_id 2\n unicast_src_ip 10.0.0.10\n"
	     " mcast_dst_ip 224.0.0.99\n virtual_ipaddress {\n 10.0.0.2\n }\n}\n"
	     "vrrp_instance N {\n virtual_router_id 3\n unicast_src_ip 10.0.0.10\n"
	     " unicast_peer {\n  10.0.0.13\n }\n virtual_ipaddress {\n 10.0.0.3 dev eth0\n }\n}\n");
	vi = instance("U");
	assert_true(vi->unicast);
	assert_int_equal(vi->npeers, 2);
	assert_string_equal(maddr_text(&vi->src), "10.0.0.10");
	assert_string_equal(maddr_text(&vi->peers->addr), "10.0.0.11");
	assert_int_equal(vi->peers->next->min_ttl, 250);
	assert_int_equal(vi->peers->next->line, 7);
	assert_true(vi->check_unicast_src);
	assert_int_equal(vi->mcast_dst.af, 0);
	assert_reported(8, "Configuration error: VRRP instance[U] and unicast peer address[2001:db8::1] MUST be of the same family !!! Skipping...");
	vi = instance("M");
	assert_false(vi->unicast);
	assert_string_equal(maddr_text(&vi->mcast_dst), "224.0.0.99");
	assert_reported(0, "(M) A unicast keyword has been specified without any unicast peers. Defaulting to multicast.");
	/* no interface: unicast with a source address is enough */
	vi = instance("N");
	assert_false(vi->disabled);
	assert_string_equal(vi->ifname, "");
	assert_true(vi->unicast);
}

/* Trackers: defined before use, with their own weights unless given. */
static void test_tracking(void **state)
{
	struct vrrp_instance *vi;
	struct vrrp_script *s;

	(void)state;
	load("vrrp_script chk {\n script \"/bin/true\"\n interval 2\n weight -20\n rise 2\n fall 3\n init_fail\n}\n"
	     "track_file tf {\n file /tmp/xvs-track\n weight 5\n}\n"
	     "vrrp_track_process tp {\n process nginx -g daemon\n weight 10 reverse\n quorum 2\n}\n"
	     "bfd_instance b1 {\n neighbor_ip 10.0.0.9\n weight 7\n}\n"
	     "vrrp_instance T {\n interface eth0\n virtual_router_id 1\n"
	     " track_script {\n  chk\n  later weight 5\n }\n"
	     " track_interface {\n  eth0\n  lo weight -10 reverse\n  eth9\n }\n"
	     " track_file {\n  tf weight 3 reverse\n }\n"
	     " track_process {\n  tp\n }\n"
	     " track_bfd {\n  b1\n }\n"
	     " virtual_ipaddress {\n 10.0.0.1\n }\n}\n"
	     "vrrp_script later {\n script \"/bin/true\"\n}\n");
	s = model->vrrp->scripts;
	assert_string_equal(s->name, "chk");
	assert_int_equal(s->interval_us, 2 * MODEL_SEC);
	assert_int_equal(s->timeout_us, 2 * MODEL_SEC);
	assert_int_equal(s->weight, -20);
	assert_int_equal(s->rise, 2);
	assert_int_equal(s->fall, 3);
	assert_true(s->init_fail);
	assert_string_equal(s->cmd.argv[0], "/bin/true");
	vi = instance("T");
	assert_non_null(vi->track.scripts);
	assert_ptr_equal(vi->track.scripts->obj, s);
	assert_int_equal(vi->track.scripts->weight, -20);
	assert_null(vi->track.scripts->next);
	assert_reported(27, "(T) track script later not found, ignoring...");
	/* its own interface goes; a missing one is reported where it is named */
	assert_string_equal(vi->track.ifs->ifname, "lo");
	assert_int_equal(vi->track.ifs->weight, -10);
	assert_true(vi->track.ifs->reverse);
	assert_null(vi->track.ifs->next);
	assert_reported(0, "(T) Ignoring track_interface eth0 since own interface");
	assert_reported(32, "(T) tracked interface eth9 doesn't exist");
	assert_reported(0, "Non-existent interface specified in configuration");
	assert_int_equal(vi->track.files->weight, 3);
	assert_true(vi->track.files->reverse);
	assert_string_equal(vi->track.files->obj->path, "/tmp/xvs-track");
	assert_int_equal(vi->track.processes->weight, 10);
	assert_true(vi->track.processes->reverse);
	assert_int_equal(vi->track.processes->obj->nparams, 2);
	assert_int_equal(vi->track.processes->obj->param_match, VRRP_MATCH_EXACT);
	assert_int_equal(vi->track.bfds->weight, 7);
	assert_string_equal(maddr_text(&vi->track.bfds->obj->neighbor), "10.0.0.9");
}

/* keepalived completes a vrrp_script at its '}' and reports there. */
static void test_script_end(void **state)
{
	(void)state;
	load("vrrp_script empty {\n interval 1\n}\n"
	     "vrrp_script bad {\n script \"/bin/true\"\n weight 300\n interval x\n rise 0\n}\n"
	     "vrrp_script gone {\n script \"/nonexistent/xvs-check\"\n}\n");
	assert_reported(3, "No script set for vrrp_script empty - removing");
	assert_reported(6, "number '300' outside range [-253, 253]");
	assert_reported(6, "vrrp_script bad weight 300 must be in [-253, 253]");
	assert_reported(7, "(bad): vrrp script interval 'x' must be between 1 and 4294 - ignoring");
	assert_reported(8, "(bad): vrrp script rise value '0' invalid, defaulting to 1");
	assert_reported(0, "Disabling track script gone since not found/accessible");
	assert_string_equal(model->vrrp->scripts->name, "bad");
	assert_int_equal(model->vrrp->scripts->weight, 0);
	assert_int_equal(model->vrrp->scripts->rise, 1);
	assert_true(model->vrrp->scripts->next->disabled);
}

/* Sync groups: members by name, resolved after reading, in any order. */
static void test_sync_group(void **state)
{
	struct vrrp_sync_group *sg;

	(void)state;
	load("vrrp_script chk {\n script \"/bin/true\"\n weight 10\n}\n"
	     "vrrp_sync_group G {\n group {\n  A B\n  NOPE\n }\n notify_master \"/bin/echo G\"\n}\n"
	     "vrrp_sync_group ONE {\n group { C }\n}\n"
	     "vrrp_sync_group NONE {\n group {\n }\n}\n"
	     "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
	     " track_script {\n  chk\n }\n virtual_ipaddress {\n 10.0.0.1\n }\n}\n"
	     "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n virtual_ipaddress {\n 10.0.0.2\n }\n}\n"
	     "vrrp_instance C {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress {\n 10.0.0.3\n }\n}\n");
	sg = model->vrrp->sync_groups;
	assert_string_equal(sg->name, "G");
	assert_int_equal(sg->nmembers, 2);
	assert_ptr_equal(sg->members[0], instance("A"));
	assert_ptr_equal(sg->members[1], instance("B"));
	assert_ptr_equal(instance("A")->sync, sg);
	assert_string_equal(sg->notify.master.argv[1], "G");
	assert_reported(0, "Virtual router NOPE specified in sync group G doesn't exist - ignoring");
	assert_reported(0, "Sync group ONE has only 1 virtual router(s) - this probably isn't what you want");
	assert_reported(17, "Warning - sync group NONE has empty group block");
	assert_reported(0, "Sync group NONE has no virtual router(s). removing");
	assert_null(sg->next->next);
	/* members move together: their weights mean nothing */
	assert_null(instance("A")->track.scripts);
	assert_reported(0, "(A) ignoring tracked script chk with weights due to SYNC group");
}

/* Broken lines: reported where they are, the rest read on. */
static void test_broken(void **state)
{
	(void)state;
	load("vrrp_instance X {\n"
	     " interface eth0\n"
	     " virtual_router_id 256\n"
	     " virtual_ipaddress {\n"
	     "  192.168.100./24\n"
	     "  10.0.0.1 10.0.0.2\n"
	     "  10.0.0.3 dev eth7\n"
	     " }\n"
	     " frobnicate 3\n"
	     " priority\n"
	     " lvs_sync_daemon_interface eth0\n"
	     "}\n"
	     "vrrp_instance X {\n"
	     " interface eth0\n"
	     "}\n"
	     "vrrp_instance Y {\n"
	     " interface eth1\n"
	     " virtual_router_id 2\n"
	     " virtual_ipaddress {\n 10.0.0.9\n }\n"
	     "}\n");
	assert_reported(3, "number '256' outside range [1, 255]");
	assert_reported(3, "(X): VRID '256' not valid - must be between 1 & 255");
	assert_reported(5, "VRRP parsed invalid IP 192.168.100./24. skipping IP...");
	assert_reported(6, "Unknown configuration entry '10.0.0.2' for ip address - ignoring");
	assert_reported(7, "WARNING - interface eth7 for ip address 10.0.0.3 doesn't exist");
	assert_reported(9, "Unknown keyword 'frobnicate'");
	assert_reported(10, "is missing a parameter after keyword `priority` at word position 2");
	assert_reported(11, "(X) Specifying lvs_sync_daemon_interface against a vrrp is deprecated.");
	assert_reported(11, "  Please use global lvs_sync_daemon");
	assert_string_equal(model->global.lvs_sync.ifname, "eth0");
	assert_string_equal(model->global.lvs_sync.instance, "X");
	assert_reported(13, "vrrp instance X already defined");
	assert_reported(17, "WARNING - interface eth1 for vrrp_instance Y doesn't exist");
	assert_reported(0, "Non-existent interface specified in configuration");
	assert_reported(0, "(X) the virtual router id must be set");
	assert_true(instance("X")->disabled);
	assert_int_equal(instance("X")->nvips, 1);
	/* Y waits for its interface: still complete */
	assert_false(instance("Y")->disabled);
	assert_true(instance("Y")->if_missing);
	assert_string_equal(instance("Y")->ifname, "eth1");
	assert_int_equal(instance("Y")->advert_int_us, MODEL_SEC);
	assert_null(instance("X")->next->next);
}

/* Two instances one VRID on one interface: the second cannot run. */
static void test_vrid_conflict(void **state)
{
	(void)state;
	load("vrrp_instance A {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n 10.0.0.1\n }\n}\n"
	     "vrrp_instance B {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n 10.0.0.2\n }\n}\n"
	     "vrrp_instance C {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n fe80::7\n }\n}\n");
	assert_reported(0, "A and B both use VRID 7 with IPv4 on interface eth0");
	assert_false(instance("A")->disabled);
	assert_true(instance("B")->disabled);
	assert_false(instance("C")->disabled);
}

/* Static addresses, routes, rules; garp and track groups. */
static void test_static(void **state)
{
	struct model_vrrp *v;

	(void)state;
	load("track_group TG {\n group {\n VI_1\n }\n}\n"
	     "static_ipaddress {\n 10.1.0.1/24 track_group TG\n 10.1.0.2/24 dev eth3\n}\n"
	     "static_routes {\n 10.2.0.0/16 via 10.1.0.254 dev eth0\n 10.3.0.0/16 gw 10.1.0.254\n"
	     " 10.4.0.0/16 via 10.1.0.254 or 10.1.0.253\n}\n"
	     "static_rules {\n from 10.1.0.0/24 table 100\n to 10.5.0.0/16 table 100 priority 10\n"
	     " from 2001:db8::/64 table 100\n}\n"
	     "garp_group {\n garp_interval 0.001\n interfaces {\n eth0\n }\n}\n"
	     "garp_group {\n interface lo\n}\n"
	     "interface_up_down_delays {\n eth0 1.5 2\n}\n"
	     "linkbeat_interfaces {\n eth0 MII\n}\n");
	v = model->vrrp;
	assert_string_equal(v->static_addresses->dev, "eth0");
	assert_string_equal(v->static_addresses->track_group, "TG");
	assert_null(v->static_addresses->next);
	assert_reported(8, "WARNING - interface eth3 for ip address 10.1.0.2/24 doesn't exist");
	assert_string_equal(v->static_routes->oif, "eth0");
	assert_false(v->static_routes->no_track);
	assert_int_equal(v->static_routes->argc, 5);
	assert_reported(12, "\"gw\" for routes is deprecated. Please use \"via\"");
	assert_reported(12, "Warning - cannot track route 10.3.0.0/16 with no interface specified, not tracking");
	assert_reported(13, "\"or\" for routes is deprecated. Please use \"nexthop\"");
	assert_true(v->static_routes->next->no_track);
	assert_int_equal(v->static_rules->preference, 16384);
	assert_reported(16, "Rule has no preference specified - setting to 16384. This is probably not what you want.");
	assert_int_equal(v->static_rules->next->preference, 10);
	assert_int_equal(v->static_rules->next->next->preference, 16384);
	assert_int_equal(v->static_rules->next->next->af, AF_INET6);
	assert_int_equal(v->garp_groups->garp_interval_us, 1000);
	assert_int_equal(v->garp_groups->nifs, 1);
	assert_null(v->garp_groups->next);
	assert_reported(28, "garp group 2 does not have any delay set - removing");
	assert_int_equal(v->if_delays->down_us, 1500000);
	assert_int_equal(v->if_delays->up_us, 2 * MODEL_SEC);
	assert_string_equal(v->linkbeat_ifs->type, "MII");
	assert_string_equal(v->track_groups->names[0], "VI_1");
}

/* Rare keywords are read, not "unknown". */
static void test_rare_keywords(void **state)
{
	struct vrrp_instance *vi;

	(void)state;
	load("vrrp_instance R {\n interface eth0\n virtual_router_id 9\n"
	     " use_vmac vrrp9\n vmac_xmit_base\n v3_checksum_as_v2\n version 3\n"
	     " accept\n skip_check_adv_addr on\n strict_mode off\n dont_track_primary\n"
	     " garp_master_delay 1\n garp_master_repeat 2\n garp_master_refresh 60\n garp_master_refresh_repeat 3\n"
	     " garp_lower_prio_delay 4\n garp_lower_prio_repeat 6\n garp_extra_if all 30\n"
	     " lower_prio_no_advert\n higher_prio_send_advert yes\n down_timer_adverts 5\n"
	     " preempt_delay 2.5\n promote_secondaries\n kernel_rx_buf_size 65536\n debug 2\n"
	     " notify_deleted\n notify_priority_changes\n old_unicast_checksum never\n track_src_ip\n"
	     " timer_expired_backup\n owner_ignore_adverts\n unicast_ttl 64\n"
	     " virtual_routes {\n 10.9.0.0/16 dev eth0\n }\n"
	     " virtual_rules {\n from 10.9.0.0/16 table 9 no_track priority 5\n }\n"
	     " virtual_ipaddress {\n 10.0.0.1 use_vmac\n }\n}\n");
	vi = instance("R");
	assert_true(vi->use_vmac);
	assert_string_equal(vi->vmac_ifname, "vrrp9");
	assert_true(vi->vmac_xmit_base);
	assert_true(vi->v3_checksum_as_v2);
	assert_true(vi->skip_check_adv_addr);
	assert_int_equal(vi->strict, 0);
	assert_int_equal(vi->garp_master_refresh_us, 60 * MODEL_SEC);
	assert_int_equal(vi->garp_lower_prio_repeat, 6);
	assert_int_equal(vi->garp_extra_if_us, 30 * MODEL_SEC);
	assert_true(vi->garp_extra_if_all);
	assert_int_equal(vi->lower_prio_no_advert, 1);
	assert_int_equal(vi->higher_prio_send_advert, 1);
	assert_int_equal(vi->down_timer_adverts, 5);
	assert_int_equal(vi->preempt_delay_us, 2500000);
	assert_true(vi->notify.notify_deleted);
	assert_int_equal(vi->old_unicast_checksum, VRRP_CHKSUM_NEVER);
	assert_string_equal(vi->routes->oif, "eth0");
	assert_true(vi->rules->no_track);
	assert_true(vi->vips->use_vmac);
	assert_null(strstr(diags, "Unknown keyword"));
	/* unicast_ttl without peers goes back, at the block's end */
	assert_reported(42, "(R): Cannot use unicast_ttl without unicast peers - resetting");
}

/* ---- the corpus ---- */

static bool vrrp_root(const char *kw)
{
	for (const struct parse_kw *k = kw_vrrp_roots; k->name; k++)
		if (!strcmp(k->name, kw))
			return true;
	return false;
}

/* Was anything reported at @file:@line? */
static bool reported_at(const char *file, int line)
{
	char where[512];

	snprintf(where, sizeof(where), "%s:%d: ", file, line);
	for (const char *s = diags; (s = strstr(s, where)); s++)
		if (s == diags || s[-1] == '\n')
			return true;
	return false;
}

/*
 * Check @file's verdict lines "(FILE: Line N) msg" that fall in a VRRP
 * root block.  Returns: the number missing (printed).
 */
static int check_verdicts(const char *verdicts, const char *file, char (*roots)[32], int *checked)
{
	struct verdict v;
	const char *at;
	char msg[1024];
	int missing = 0;

	assert_true(verdict_of(verdicts, file, &v));
	for (at = v.msgs; verdict_msg(&at, msg, sizeof(msg));) {
		int n = verdict_line(msg, file);

		if (n <= 0 || n >= CORPUS_MAX_LINES || !vrrp_root(roots[n]))
			continue;
		/* keepalived_script, when the host has one, is the default user */
		if (strstr(msg, "Unable to set default user") && getpwnam("keepalived_script"))
			continue;
		++*checked;
		if (!reported_at(file, n)) {
			printf("missing: %s\n", msg);
			missing++;
		}
	}
	return missing;
}

/* Every corpus config loads, and gives keepalived's VRRP-side reports at its lines. */
static void test_corpus(void **state)
{
	const char *corpus = corpus_dir();
	char (*roots)[32] = malloc(CORPUS_MAX_LINES * sizeof(*roots));
	char path[1024], *verdicts = corpus_verdicts();
	struct dirent *e;
	DIR *d = opendir(corpus);
	int files = 0, missing = 0, checked = 0;

	(void)state;
	assert_non_null(d);
	assert_non_null(roots);
	while ((e = readdir(d))) {
		struct config_opts o = { .config_id = "lvs1", .diag = collect };
		enum config_status status;
		struct model *m;

		if (!corpus_is_config(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", corpus, e->d_name);
		diags[0] = 0;
		m = config_load(path, &o, &status);
		if (!m)
			fail_msg("%s does not load:\n%s", e->d_name, diags);
		corpus_roots(path, roots);
		missing += check_verdicts(verdicts, e->d_name, roots, &checked);
		model_free(m);
		files++;
	}
	closedir(d);
	free(verdicts);
	free(roots);
	printf("%d files, %d VRRP-side verdict lines checked, %d missing\n", files, checked, missing);
	assert_true(files >= 38);
	assert_true(checked > 0);
	assert_int_equal(missing, 0);
}

static int setup(void **state)
{
	config_if_exists = fake_if;
	return tmpdir_setup(state);
}

static int teardown(void **state)
{
	model_free(model);
	model = NULL;
	return tmpdir_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instance),      cmocka_unit_test(test_priority_state),
		cmocka_unit_test(test_advert_int),    cmocka_unit_test(test_auth),
		cmocka_unit_test(test_unicast),       cmocka_unit_test(test_tracking),
		cmocka_unit_test(test_script_end),    cmocka_unit_test(test_sync_group),
		cmocka_unit_test(test_broken),        cmocka_unit_test(test_vrid_conflict),
		cmocka_unit_test(test_static),        cmocka_unit_test(test_rare_keywords),
		cmocka_unit_test(test_dynamic_interfaces),
		cmocka_unit_test(test_corpus),
	};
	size_t n = corpus_tests(sizeof(tests) / sizeof(tests[0]));

	return _cmocka_run_group_tests("keepalived.conf VRRP side", tests, n, setup, teardown);
}
