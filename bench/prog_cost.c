// SPDX-License-Identifier: GPL-2.0
/*
 * Program cost: ns per packet of the xvs data plane under BPF_PROG_TEST_RUN
 * with repeat, as a ratio to a bare XDP_TX reflector measured in the same
 * run.  Each figure is the median of several runs, with min and max.
 * Then the cost of a new connection per scheduler at 2, 64 and 1024 real
 * servers: whether choosing stays flat as the servers grow.  Last, what one
 * period of the rate estimator (bpf/est.h, every 2 s) costs with every
 * service slot in use and none, some or all destination slots live.
 *
 *   prog_cost [--smoke] [--runs N] [--repeat N] [--csv FILE]
 *
 * Runs in a private network namespace with a data plane of its own.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "internal.h"
#include "pkt.h"

#define MAX_RUNS 31

struct fixture {
	const char *name;
	struct pkt_spec spec;
	int prime; /* send a SYN of the same flow first (established flow) */
};

static const struct fixture fixtures[] = {
	{ "dr_v4_established", { .proto = IPPROTO_TCP, .saddr = "192.0.2.100", .daddr = "192.0.2.50",
				 .sport = 40000, .dport = 80, .tcp_flags = 0x10, .payload = 64 }, 1 },
	{ "dr_v6_established", { .v6 = 1, .proto = IPPROTO_TCP, .saddr = "2001:db8::100", .daddr = "2001:db8::50",
				 .sport = 40000, .dport = 80, .tcp_flags = 0x10, .payload = 64 }, 1 },
	{ "pass_not_service", { .proto = IPPROTO_TCP, .saddr = "192.0.2.100", .daddr = "192.0.2.2",
				.sport = 40000, .dport = 22, .tcp_flags = 0x10, .payload = 64 }, 0 },
};

static int sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc)
		fprintf(stderr, "prog_cost: failed: %s\n", cmd);
	return rc;
}

static int setup_netns(void)
{
	if (unshare(CLONE_NEWNET)) {
		perror("prog_cost: unshare");
		return -1;
	}
	return sh("ip link add b0 type veth peer name b1 && ip link set b0 up && ip link set b1 up && "
		  "ip addr add 192.0.2.2/24 dev b0 && ip addr add 2001:db8::2/64 dev b0 nodad && "
		  "ip neigh add 192.0.2.11 lladdr 02:5e:00:00:00:11 dev b0 nud permanent && "
		  "ip neigh add 2001:db8::11 lladdr 02:5e:00:00:00:11 dev b0 nud permanent && "
		  "ip addr add 10.1.255.254/16 dev b0 && "
		  "for i in $(seq 0 1023); do a=$((i / 250)) b=$((i % 250 + 1)); "
		  "printf 'neigh add 10.1.%d.%d lladdr 02:5e:00:00:%02x:%02x dev b0 nud permanent\\n' "
		  "$a $b $a $b; done | ip -batch -");
}

static int add_service(struct xvs_ctx *ctx, int v6)
{
	struct xvs_service s = { .protocol = IPPROTO_TCP, .port = 80, .sched_name = "rr" };
	struct xvs_dest_cfg d = { .port = 80, .conn_flags = XVS_FWD_DROUTE, .weight = 1 };
	struct in6_addr a6;
	struct in_addr a4;
	int err;

	s.af = d.af = v6 ? AF_INET6 : AF_INET;
	s.netmask = v6 ? 128 : 0xffffffff;
	if (v6) {
		inet_pton(AF_INET6, "2001:db8::50", &a6);
		xvs_addr_from_in6(&s.addr, &a6);
		inet_pton(AF_INET6, "2001:db8::11", &a6);
		xvs_addr_from_in6(&d.addr, &a6);
	} else {
		inet_pton(AF_INET, "192.0.2.50", &a4);
		xvs_addr_from_in(&s.addr, &a4);
		inet_pton(AF_INET, "192.0.2.11", &a4);
		xvs_addr_from_in(&d.addr, &a4);
	}
	err = xvs_add_service(ctx, &s);
	return err ? err : xvs_add_dest(ctx, &s, &d);
}

/* Average ns per packet of @repeat runs of @prog on @frame. */
static int cost(int prog, int ifindex, const uint8_t *frame, size_t len, int repeat, uint32_t *ns, int *action)
{
	uint8_t out[PKT_MAX];
	struct xdp_md md = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = len, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &md, .ctx_size_in = sizeof(md), .repeat = repeat);

	if (bpf_prog_test_run_opts(prog, &o))
		return -errno;
	*ns = o.duration;
	*action = o.retval;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

struct figure {
	uint32_t med, min, max;
};

static int measure(int prog, int ifindex, const uint8_t *f, size_t len, int runs, int repeat, struct figure *fig)
{
	uint32_t ns[MAX_RUNS];
	int action, err;

	for (int r = 0; r < runs; r++) {
		err = cost(prog, ifindex, f, len, repeat, &ns[r], &action);
		if (err)
			return err;
	}
	qsort(ns, runs, sizeof(ns[0]), cmp_u32);
	fig->med = ns[runs / 2];
	fig->min = ns[0];
	fig->max = ns[runs - 1];
	return action;
}

/*
 * A service on 192.0.2.(60 + @which) with @n real servers 10.1.x.y, for the
 * new-connection figures.
 */
static int add_wide_service(struct xvs_ctx *ctx, int which, int n, const char *sched, struct xvs_service *s)
{
	struct xvs_dest_cfg d = { .port = 80, .conn_flags = XVS_FWD_DROUTE, .weight = 1, .af = AF_INET };
	char a[32];
	struct in_addr a4;
	int err;

	memset(s, 0, sizeof(*s));
	s->protocol = IPPROTO_TCP;
	s->port = 80;
	s->af = AF_INET;
	snprintf(s->sched_name, sizeof(s->sched_name), "%s", sched);
	snprintf(a, sizeof(a), "192.0.2.%d", 60 + which);
	inet_pton(AF_INET, a, &a4);
	xvs_addr_from_in(&s->addr, &a4);
	err = xvs_add_service(ctx, s);
	for (int i = 0; i < n && !err; i++) {
		snprintf(a, sizeof(a), "10.1.%d.%d", i / 250, i % 250 + 1);
		inet_pton(AF_INET, a, &a4);
		xvs_addr_from_in(&d.addr, &a4);
		d.weight = 1 + i % 3;
		err = xvs_add_dest(ctx, s, &d);
	}
	return err;
}

/*
 * Average ns per new connection: @count SYNs of distinct flows, each run
 * once (a SYN run twice would find its own entry), their run times summed.
 */
static int new_conn_cost(int prog, int ifindex, int which, int count, uint32_t base, uint32_t *ns)
{
	uint8_t f[PKT_MAX];
	char vip[32], client[32];
	uint64_t sum = 0;
	int action;

	snprintf(vip, sizeof(vip), "192.0.2.%d", 60 + which);
	for (int i = 0; i < count; i++) {
		uint32_t c = base + i, one;
		struct pkt_spec spec = { .proto = IPPROTO_TCP, .saddr = client, .daddr = vip,
					 .sport = 1024 + c % 60000, .dport = 80, .tcp_flags = 0x02 };
		int err;

		snprintf(client, sizeof(client), "172.%d.%d.%d", 16 + (c >> 16) % 16, (c >> 8) & 255, c & 255);
		err = cost(prog, ifindex, f, pkt_build(&spec, f), 1, &one, &action);
		if (err)
			return err;
		sum += one;
	}
	*ns = sum / count;
	return action;
}

/* New-connection cost per scheduler at each real-server count. */
static void new_conn_figures(struct xvs_ctx *ctx, int ifindex, int smoke, int runs, FILE *csv, uint32_t refl)
{
	static const char *const scheds[] = { "rr", "wlc", "lc", "sed", "nq", "mh" };
	const int sizes[3] = { 2, smoke ? 8 : 64, smoke ? 16 : 1024 };
	const int count = smoke ? 50 : 1000;
	struct xvs_service s[3];
	uint32_t flow = 0;

	for (int z = 0; z < 3; z++)
		if (add_wide_service(ctx, z, sizes[z], "rr", &s[z])) {
			fprintf(stderr, "prog_cost: cannot set up %d real servers\n", sizes[z]);
			return;
		}
	printf("\nnew connection (SYN scheduled, entry created), ns per connection, median of %d:\n", runs);
	printf("%-8s %10d %10d %10d  servers\n", "sched", sizes[0], sizes[1], sizes[2]);
	for (size_t k = 0; k < sizeof(scheds) / sizeof(scheds[0]); k++) {
		printf("%-8s", scheds[k]);
		for (int z = 0; z < 3; z++) {
			uint32_t ns[MAX_RUNS];
			int action = 0;

			snprintf(s[z].sched_name, sizeof(s[z].sched_name), "%s", scheds[k]);
			xvs_edit_service(ctx, &s[z]);
			for (int r = 0; r < runs; r++, flow += count)
				action = new_conn_cost(ctx->prog_fd, ifindex, z, count, flow, &ns[r]);
			qsort(ns, runs, sizeof(ns[0]), cmp_u32);
			printf(" %10u", ns[runs / 2]);
			if (csv)
				fprintf(csv, "new_conn_%s_%d,%u,%u,%u,%.3f\n", scheds[k], sizes[z], ns[runs / 2], ns[0],
					ns[runs - 1], refl ? (double)ns[runs / 2] / refl : 0.0);
			if (action != XDP_TX && action != XDP_DROP)
				printf("?");
		}
		printf("\n");
	}
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Fill the tables for the estimator figures: XVS_MAX_SERVICES services,
 * destination slots @first to @end - 1 live and spread over them, and the
 * estimator's walk ending at @end.  Written straight into the maps: the
 * estimator reads nothing else, and going through libxvs would take minutes.
 */
static int fill_for_est(struct xvs_ctx *ctx, uint32_t first, uint32_t end)
{
	struct xvs_dest d = { .est_gen = 1 };
	struct xvs_svc v = { .est_gen = 1 };
	struct xvs_config cfg;
	struct xvs_svc_key k;
	uint32_t zero = 0;

	for (uint32_t i = 0; i < XVS_MAX_SERVICES; i++) {
		memset(&k, 0, sizeof(k));
		k.addr.w[3] = htonl(0x0a020000 + i);
		k.port = htons(80);
		k.proto = IPPROTO_TCP;
		v.idx = i;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_SVCS], &k, &v, 0))
			return -errno;
	}
	for (uint32_t i = 0; i < XVS_MAX_DESTS; i++) {
		d.flags = i >= first && i < end ? XVS_DEST_F_LIVE : 0;
		d.svc_idx = i % XVS_MAX_SERVICES;
		if (bpf_map_update_elem(ctx->map_fd[XVS_M_DESTS], &i, &d, 0))
			return -errno;
	}
	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg))
		return -errno;
	cfg.dest_slots = end;
	return bpf_map_update_elem(ctx->map_fd[XVS_M_CONFIG], &zero, &cfg, 0) ? -errno : 0;
}

/*
 * Microseconds of one estimator period (XVS_EST_RUN, its timer stopped),
 * median of @runs, with every service slot in use and, in turn, no real
 * server, 4096, only the last slot's (the walk goes through every slot),
 * and all 65536.
 */
static void est_figures(struct xvs_ctx *ctx, int runs, FILE *csv)
{
	static const struct {
		uint32_t first, end;
	} tables[] = { { 0, 0 }, { 0, 4096 }, { XVS_MAX_DESTS - 1, XVS_MAX_DESTS }, { 0, XVS_MAX_DESTS } };

	xvs_flush(ctx);
	if (xvs_est_ctl(ctx, XVS_EST_STOP) < 0) {
		fprintf(stderr, "prog_cost: no estimator to measure\n");
		return;
	}
	printf("\nrate estimator period with %d services, %d CPUs, us, median of %d:\n", XVS_MAX_SERVICES,
	       ctx->nr_cpus, runs);
	printf("%8s %8s %8s %8s %8s\n", "dests", "walked", "us", "min", "max");
	for (size_t z = 0; z < sizeof(tables) / sizeof(tables[0]); z++) {
		uint32_t us[MAX_RUNS], live = tables[z].end - tables[z].first;

		if (fill_for_est(ctx, tables[z].first, tables[z].end)) {
			fprintf(stderr, "prog_cost: cannot fill the tables\n");
			return;
		}
		for (int r = 0; r < runs; r++) {
			uint64_t t0 = mono_ns();

			if (xvs_est_ctl(ctx, XVS_EST_RUN))
				return;
			us[r] = (mono_ns() - t0) / 1000;
		}
		qsort(us, runs, sizeof(us[0]), cmp_u32);
		printf("%8u %8u %8u %8u %8u\n", live, tables[z].end, us[runs / 2], us[0], us[runs - 1]);
		if (csv)
			fprintf(csv, "est_period_%u_of_%u_dests_us,%u,%u,%u,\n", live, tables[z].end, us[runs / 2],
				us[0], us[runs - 1]);
	}
}

static int load_reflector(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;

	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "prog_cost: cannot load %s\n", path);
		return -1;
	}
	p = bpf_object__find_program_by_name(obj, "xvs_reflect");
	return p ? bpf_program__fd(p) : -1;
}

int main(int argc, char **argv)
{
	struct xvs_open_opts opts = { .create = true, .conn_tab_size = 262144 };
	int runs = 9, repeat = 1000000, ifindex, refl, err, smoke = 0;
	const char *csv_path = NULL, *refl_path = "build/bench/reflect.bpf.o";
	struct figure base;
	struct xvs_ctx *ctx;
	char instance[64];
	uint8_t f[PKT_MAX];
	FILE *csv = NULL;
	size_t len;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--smoke")) {
			smoke = 1;
			runs = 3;
			repeat = 1000;
		} else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			runs = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			repeat = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--csv") && i + 1 < argc) {
			csv_path = argv[++i];
		} else if (!strcmp(argv[i], "--reflector") && i + 1 < argc) {
			refl_path = argv[++i];
		} else {
			fprintf(stderr, "usage: prog_cost [--smoke] [--runs N] [--repeat N] [--csv FILE]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > MAX_RUNS || repeat < 1)
		return 2;
	if (setup_netns())
		return 1;
	ifindex = if_nametoindex("b0");
	snprintf(instance, sizeof(instance), "bench-%d", getpid());
	opts.instance = instance;
	err = xvs_open(&ctx, &opts);
	if (!err)
		err = add_service(ctx, 0);
	if (!err)
		err = add_service(ctx, 1);
	refl = load_reflector(refl_path);
	if (err || refl < 0) {
		fprintf(stderr, "prog_cost: setup failed: %s\n", strerror(-err));
		return 1;
	}
	if (csv_path)
		csv = fopen(csv_path, "w");
	if (csv)
		fprintf(csv, "case,ns_median,ns_min,ns_max,ratio_to_reflector\n");

	len = pkt_build(&fixtures[0].spec, f);
	measure(refl, ifindex, f, len, runs, repeat, &base);
	printf("%-20s %8s %8s %8s %8s\n", "case", "ns/pkt", "min", "max", "x refl");
	printf("%-20s %8u %8u %8u %8.2f\n", "reflector", base.med, base.min, base.max, 1.0);
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		struct pkt_spec spec = fixtures[i].spec;
		struct figure fig;
		uint32_t dummy;
		int action;

		if (fixtures[i].prime) {
			spec.tcp_flags = 0x02;
			len = pkt_build(&spec, f);
			cost(ctx->prog_fd, ifindex, f, len, 1, &dummy, &action);
		}
		len = pkt_build(&fixtures[i].spec, f);
		action = measure(ctx->prog_fd, ifindex, f, len, runs, repeat, &fig);
		printf("%-20s %8u %8u %8u %8.2f  (%s)\n", fixtures[i].name, fig.med, fig.min, fig.max,
		       base.med ? (double)fig.med / base.med : 0.0,
		       action == XDP_TX ? "XDP_TX" : action == XDP_PASS ? "XDP_PASS" : "other");
		if (csv)
			fprintf(csv, "%s,%u,%u,%u,%.3f\n", fixtures[i].name, fig.med, fig.min, fig.max,
				base.med ? (double)fig.med / base.med : 0.0);
	}
	new_conn_figures(ctx, ifindex, smoke, runs, csv, base.med);
	est_figures(ctx, runs, csv);
	if (csv)
		fclose(csv);
	xvs_flush(ctx);
	{
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "rm -rf %s", xvs_pin_dir(ctx));
		xvs_close(ctx);
		sh(dir);
	}
	return 0;
}
