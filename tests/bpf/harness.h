/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared frame for the data-plane tests: a private network namespace with a
 * veth, a data plane of its own loaded by libxvs, and BPF_PROG_TEST_RUN.
 */
#ifndef XVS_TEST_HARNESS_H
#define XVS_TEST_HARNESS_H

#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "internal.h"
#include "addr.h"
#include "pkt.h"
#include "sh.h"

/* A packet spec: family, protocol, addresses, ports, TCP flags. */
#define P(v6_, proto_, s_, d_, sp_, dp_, fl_) \
	{ .v6 = v6_, .proto = proto_, .saddr = s_, .daddr = d_, .sport = sp_, .dport = dp_, .tcp_flags = fl_ }

static struct xvs_ctx *ctx;
static int ifindex;
static uint8_t if_mac[6];

static int harness_down(void **state);

/* cmocka skips the group teardown when the group setup fails; the pins
 * must go all the same. */
static void harness_atexit(void)
{
	harness_down(NULL);
}

/*
 * harness_up() - enter a fresh netns with veth d0 (192.0.2.2/24,
 * 2001:db8::2/64, plus @extra shell commands run there) and load a data
 * plane of instance "@name-<pid>" on it.  Returns 0 or -1.
 */
static int harness_up(const char *name, const char *extra)
{
	struct xvs_open_opts opts = { .create = true, .conn_tab_size = 1024 };
	struct ifreq ifr = {};
	char instance[64];
	int fd;

	if (unshare(CLONE_NEWNET))
		return -1;
	sh("ip link add d0 type veth peer name d1 && ip link set d0 up && ip link set d1 up && ip link set lo up");
	sh("ip addr add 192.0.2.2/24 dev d0 && ip addr add 2001:db8::2/64 dev d0 nodad");
	if (extra)
		sh("%s", extra);
	ifindex = if_nametoindex("d0");
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "d0");
	ioctl(fd, SIOCGIFHWADDR, &ifr);
	memcpy(if_mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
	snprintf(instance, sizeof(instance), "%s-%d", name, getpid());
	opts.instance = instance;
	if (xvs_open(&ctx, &opts))
		return -1;
	atexit(harness_atexit);
	return 0;
}

/* Remove the data plane and its pins; the netns goes with the process. */
static int harness_down(void **state)
{
	char path[PATH_MAX], f[PATH_MAX + 32];

	(void)state;
	if (!ctx)
		return 0;
	snprintf(path, sizeof(path), "%s", xvs_pin_dir(ctx));
	xvs_flush(ctx);
	bpf_xdp_detach(ifindex, 0, NULL);
	bpf_xdp_detach(if_nametoindex("d1"), 0, NULL);
	xvs_close(ctx);
	ctx = NULL;
	for (int i = 0; i < XVS_M_MAX; i++) {
		snprintf(f, sizeof(f), "%s/%s", path, xvs_map_names[i]);
		unlink(f);
	}
	snprintf(f, sizeof(f), "%s/xvs_xdp", path);
	unlink(f);
	rmdir(path);
	return 0;
}

static struct xvs_service service(uint16_t proto, const char *vip, uint16_t port, const char *sched)
{
	struct xvs_service s;

	memset(&s, 0, sizeof(s));
	s.protocol = proto;
	s.port = port;
	s.af = text_addr(vip, &s.addr);
	s.netmask = s.af == AF_INET ? 0xffffffff : 128; /* ipvsadm's defaults */
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	return s;
}

static struct xvs_dest_cfg dest(const char *rs, uint16_t port, uint32_t fwd, int weight)
{
	struct xvs_dest_cfg d;

	memset(&d, 0, sizeof(d));
	d.port = port;
	d.conn_flags = fwd;
	d.weight = weight;
	d.af = text_addr(rs, &d.addr);
	return d;
}

struct run {
	int action;
	uint8_t out[PKT_MAX];
	uint32_t out_len;
};

static struct run run_frame(const uint8_t *frame, size_t len)
{
	struct xdp_md md = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = len, .ctx_in = &md,
		    .ctx_size_in = sizeof(md), .repeat = 1);
	struct run r = {};

	o.data_out = r.out;
	o.data_size_out = sizeof(r.out);
	assert_int_equal(bpf_prog_test_run_opts(ctx->prog_fd, &o), 0);
	r.action = o.retval;
	r.out_len = o.data_size_out;
	if (getenv("XVS_TEST_DEBUG")) {
		uint64_t c[XVS_R_MAX];

		xvs_get_reasons(ctx, c);
		print_message("action %d:", r.action);
		for (int i = 0; i < XVS_R_MAX; i++)
			if (c[i])
				print_message(" %s=%llu", xvs_reason_name(i), (unsigned long long)c[i]);
		print_message("\n");
	}
	return r;
}

/* What sent_to_rs() says of a frame not sent to a real server. */
#define RS_PASSED (-2)  /* to the kernel */
#define RS_NONE (-1)    /* dropped, or another action */
#define RS_UNREACH (-3) /* answered with ICMP port unreachable: no real server */

/* Whether @r is an ICMP (ICMPv6) port unreachable sent back to the client. */
static inline int is_port_unreach(const struct run *r)
{
	const uint8_t *ip = r->out + 14;

	if (r->action != XDP_TX || memcmp(r->out, pkt_client_mac, 6))
		return 0;
	if ((ip[0] >> 4) == 6)
		return ip[6] == 58 && ip[40] == 1 && ip[41] == 4;
	return ip[9] == IPPROTO_ICMP && ip[20] == 3 && ip[21] == 3;
}

/*
 * sent_to_rs() - run the frame of @s (from source MAC @smac when not NULL):
 * real server n's index when it left for n's MAC, 02:5e:00:00:00:(0x11 + n)
 * as the tests' neighbour entries give it (checked to be below @nrs), else
 * RS_PASSED or RS_NONE.
 */
static inline int sent_to_rs(const struct pkt_spec *s, const uint8_t *smac, int nrs)
{
	uint8_t in[PKT_MAX];
	size_t len = pkt_build(s, in);
	struct run r;

	if (smac)
		memcpy(in + 6, smac, 6);
	r = run_frame(in, len);
	if (r.action == XDP_PASS)
		return RS_PASSED;
	if (is_port_unreach(&r))
		return RS_UNREACH;
	if (r.action != XDP_TX)
		return RS_NONE;
	assert_true(r.out[5] >= 0x11 && r.out[5] < 0x11 + nrs);
	return r.out[5] - 0x11;
}

/* Real server @n's address in the tests' DR plans: 192.0.2.(11 + n). */
static inline char *rs_addr(int v6, int n)
{
	static char a[64];

	snprintf(a, sizeof(a), v6 ? "2001:db8::%d" : "192.0.2.%d", 11 + n);
	return a;
}

/* Real server @n's entry (address rs_addr(), counts, counters) in @s; fails the test if none. */
static inline struct xvs_dest_entry rs_counts(const struct xvs_service *s, int n)
{
	struct xvs_dest_entry *e = NULL, out = {};
	union xvs_addr a;
	size_t cnt = 0;

	text_addr(rs_addr(s->af == AF_INET6, n), &a);
	assert_int_equal(xvs_get_dests(ctx, s, &e, &cnt), 0);
	for (size_t i = 0; i < cnt; i++) {
		if (!memcmp(&e[i].dest.addr, &a, sizeof(a))) {
			out = e[i];
			free(e);
			return out;
		}
	}
	free(e);
	fail_msg("no real server %s", rs_addr(s->af == AF_INET6, n));
	return out;
}

/* The flow (no template) of @proto from client port @cport: 1 and *@out, or 0. */
static inline int flow_entry(uint16_t proto, uint16_t cport, struct xvs_conn_entry *out)
{
	struct xvs_conn_entry *c = NULL;
	size_t n = 0;
	int found = 0;

	assert_int_equal(xvs_get_conns(ctx, &c, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (c[i].protocol == proto && c[i].cport == cport && !(c[i].flags & XVS_CONN_F_TEMPLATE)) {
			*out = c[i];
			found = 1;
		}
	free(c);
	return found;
}

/* Forget every connection entry: entries outlive their service, as IPVS's. */
static inline void clear_conns(void)
{
	struct xvs_conn_key k;

	while (!bpf_map_get_next_key(ctx->map_fd[XVS_M_CONNS], NULL, &k))
		bpf_map_delete_elem(ctx->map_fd[XVS_M_CONNS], &k);
}

/* A clean table for the next case: no service, no entry, and switches
 * @sc (@n of them) back to 0. */
static inline void fresh_start(const int *sc, size_t n)
{
	assert_int_equal(xvs_flush(ctx), 0);
	clear_conns();
	for (size_t i = 0; i < n; i++)
		assert_int_equal(xvs_set_sysctl(ctx, sc[i], 0), 0);
}

static inline uint64_t reason(enum xvs_reason r)
{
	uint64_t c[XVS_R_MAX];

	assert_int_equal(xvs_get_reasons(ctx, c), 0);
	return c[r];
}

#endif /* XVS_TEST_HARNESS_H */
