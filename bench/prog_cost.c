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
 *   prog_cost [--smoke] [--sync] [--runs N] [--repeat N] [--csv FILE]
 *
 * --sync: as while a master sync daemon runs (bpf/sync.h), the ring
 * drained between runs as the daemon would.
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
#include "xvs_sync.h"
#include "addr.h"
#include "pkt.h"

#define MAX_RUNS 31

/* A TCP segment of 64 bytes of payload. */
#define SEG(v6_, s_, d_, sp_, dp_, fl_) \
	{ .v6 = v6_, .proto = IPPROTO_TCP, .saddr = s_, .daddr = d_, .sport = sp_, .dport = dp_, \
	  .tcp_flags = fl_, .payload = 64 }

struct fixture {
	const char *name;
	struct pkt_spec spec;
	struct pkt_spec prime; /* run once first: the SYN that makes the entry (.proto 0: none) */
	int each;              /* rewrites the packet: one run a call (cost_each()) */
};

/* DR on .50, NAT on .70 (to 198.51.100.11:8080), IPIP on .71 (setup_netns(), add_service()). */
static const struct fixture fixtures[] = {
	{ "dr_v4_established", SEG(0, "192.0.2.100", "192.0.2.50", 40000, 80, 0x10),
	  SEG(0, "192.0.2.100", "192.0.2.50", 40000, 80, 0x02), 0 },
	{ "dr_v6_established", SEG(1, "2001:db8::100", "2001:db8::50", 40000, 80, 0x10),
	  SEG(1, "2001:db8::100", "2001:db8::50", 40000, 80, 0x02), 0 },
	{ "nat_in_established", SEG(0, "192.0.2.100", "192.0.2.70", 40001, 80, 0x10),
	  SEG(0, "192.0.2.100", "192.0.2.70", 40001, 80, 0x02), 1 },
	{ "nat_out_established", SEG(0, "198.51.100.11", "192.0.2.100", 8080, 40001, 0x10),
	  SEG(0, "192.0.2.100", "192.0.2.70", 40001, 80, 0x02), 1 },
	{ "tun_established", SEG(0, "192.0.2.100", "192.0.2.71", 40002, 80, 0x10),
	  SEG(0, "192.0.2.100", "192.0.2.71", 40002, 80, 0x02), 1 },
	{ "pass_not_service", SEG(0, "192.0.2.100", "192.0.2.2", 40000, 22, 0x10), {}, 0 },
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
		  "ip neigh add 192.0.2.12 lladdr 02:5e:00:00:00:12 dev b0 nud permanent && "
		  "ip addr add 198.51.100.1/24 dev b0 && "
		  "ip neigh add 198.51.100.11 lladdr 02:5e:00:00:01:11 dev b0 nud permanent && "
		  "ip neigh add 192.0.2.100 lladdr 02:cc:00:00:00:01 dev b0 nud permanent && "
		  "sysctl -qw net.ipv4.conf.all.forwarding=0 && "
		  "ip addr add 10.1.255.254/16 dev b0 && "
		  "for i in $(seq 0 8191); do a=$((i / 250)) b=$((i % 250 + 1)); "
		  "printf 'neigh add 10.1.%d.%d lladdr 02:5e:00:00:%02x:%02x dev b0 nud permanent\\n' "
		  "$a $b $a $b; done | ip -batch -");
}

/* The fixtures' services: each with one real server. */
static const struct {
	const char *vip, *rs;
	uint16_t rport;
	uint32_t fwd;
} services[] = {
	{ "192.0.2.50", "192.0.2.11", 80, XVS_FWD_DROUTE },
	{ "2001:db8::50", "2001:db8::11", 80, XVS_FWD_DROUTE },
	{ "192.0.2.70", "198.51.100.11", 8080, XVS_FWD_MASQ },
	{ "192.0.2.71", "192.0.2.12", 80, XVS_FWD_TUNNEL },
};

static int add_services(struct xvs_ctx *ctx)
{
	int err = 0;

	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]) && !err; i++) {
		struct xvs_service s = { .protocol = IPPROTO_TCP, .port = 80, .sched_name = "rr" };
		struct xvs_dest_cfg d = { .port = services[i].rport, .conn_flags = services[i].fwd, .weight = 1 };

		s.af = text_addr(services[i].vip, &s.addr);
		d.af = text_addr(services[i].rs, &d.addr);
		s.netmask = s.af == AF_INET6 ? 128 : 0xffffffff;
		err = xvs_add_service(ctx, &s);
		if (!err)
			err = xvs_add_dest(ctx, &s, &d);
	}
	return err;
}

/* Average ns per packet of @repeat runs of @prog on @frame, the kernel's
 * own clock around the runs. */
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

/*
 * The same, one run a call: BPF_PROG_RUN repeats a program on one buffer,
 * so a program that rewrites the packet (NAT, tunnels) would meet its own
 * output from the second run on, no longer the service's packet.  Each call
 * starts from @frame; the kernel's clock still times only the run.
 */
static int cost_each(int prog, int ifindex, const uint8_t *frame, size_t len, int calls, uint32_t *ns, int *action)
{
	uint64_t sum = 0;

	for (int i = 0; i < calls; i++) {
		uint32_t one;
		int err = cost(prog, ifindex, frame, len, 1, &one, action);

		if (err)
			return err;
		sum += one;
	}
	*ns = sum / calls;
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

/* --sync: the event ring, drained between runs (the daemon's part, untimed). */
static struct xvs_sync_events *sync_ring;

static void sync_event(const struct xvs_sync_event *ev, void *arg)
{
	(void)ev;
	(void)arg;
}

/* @runs runs of cost() (@each: of cost_each()): median, min, max. */
static int measure(int prog, int ifindex, const uint8_t *f, size_t len, int runs, int repeat, int each,
		   struct figure *fig)
{
	uint32_t ns[MAX_RUNS];
	int action, err;

	for (int r = 0; r < runs; r++) {
		err = each ? cost_each(prog, ifindex, f, len, repeat, &ns[r], &action)
			   : cost(prog, ifindex, f, len, repeat, &ns[r], &action);
		if (err)
			return err;
		if (sync_ring)
			xvs_sync_events_consume(sync_ring);
	}
	qsort(ns, runs, sizeof(ns[0]), cmp_u32);
	fig->med = ns[runs / 2];
	fig->min = ns[0];
	fig->max = ns[runs - 1];
	return 0;
}

/* One CSV row (bench/run's format); @ratio < 0: none. */
static void csv_row(FILE *csv, const char *part, const char *name, const char *unit, uint32_t med, uint32_t min,
		    uint32_t max, const char *baseline, double ratio)
{
	if (!csv)
		return;
	fprintf(csv, "%s,%s,%s,%s,%u,%u,%u,%s,", part, name, unit, unit, med, min, max, baseline);
	if (ratio >= 0)
		fprintf(csv, "%.4f", ratio);
	fprintf(csv, "\n");
}

/*
 * A service on 192.0.2.(60 + @which) with @n real servers 10.1.x.y, for the
 * new-connection figures.
 */
static int add_wide_service(struct xvs_ctx *ctx, int which, int n, const char *sched, struct xvs_service *s)
{
	struct xvs_dest_cfg d = { .port = 80, .conn_flags = XVS_FWD_DROUTE, .weight = 1, .af = AF_INET };
	char a[32];
	int err;

	memset(s, 0, sizeof(*s));
	s->protocol = IPPROTO_TCP;
	s->port = 80;
	s->af = AF_INET;
	snprintf(s->sched_name, sizeof(s->sched_name), "%s", sched);
	snprintf(a, sizeof(a), "192.0.2.%d", 60 + which);
	text_addr(a, &s->addr);
	err = xvs_batch_begin(ctx);
	if (!err)
		err = xvs_add_service(ctx, s);
	for (int i = 0; i < n && !err; i++) {
		snprintf(a, sizeof(a), "10.1.%d.%d", i / 250, i % 250 + 1);
		text_addr(a, &d.addr);
		d.weight = 1 + i % 3;
		err = xvs_add_dest(ctx, s, &d);
	}
	if (xvs_batch_end(ctx) && !err)
		err = -EIO;
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

/*
 * New-connection cost per scheduler at each real-server count, each a
 * ratio to the same scheduler's at the fewest servers: flat is 1.
 */
static void new_conn_figures(struct xvs_ctx *ctx, int ifindex, int smoke, int runs, FILE *csv)
{
	static const char *const scheds[] = { "rr", "wrr", "lc", "wlc", "sed", "nq", "lblc", "lblcr",
					      "dh", "sh", "mh", "fo", "ovf", "twos" };
	const int sizes[4] = { 2, smoke ? 8 : 64, smoke ? 16 : 1024, smoke ? 32 : 8192 };
	const int count = smoke ? 50 : 1000;
	struct xvs_service s[4];
	uint32_t flow = 0;

	for (int z = 0; z < 4; z++)
		if (add_wide_service(ctx, z, sizes[z], "rr", &s[z])) {
			fprintf(stderr, "prog_cost: cannot set up %d real servers\n", sizes[z]);
			return;
		}
	printf("\nnew connection (SYN scheduled, entry created), ns per connection, median of %d:\n", runs);
	printf("%-8s %10d %10d %10d %10d  servers\n", "sched", sizes[0], sizes[1], sizes[2], sizes[3]);
	for (size_t k = 0; k < sizeof(scheds) / sizeof(scheds[0]); k++) {
		uint32_t first = 0;
		char name[32], base[32];

		printf("%-8s", scheds[k]);
		snprintf(base, sizeof(base), "%s_%d", scheds[k], sizes[0]);
		for (int z = 0; z < 4; z++) {
			uint32_t ns[MAX_RUNS];
			int action = 0;

			snprintf(s[z].sched_name, sizeof(s[z].sched_name), "%s", scheds[k]);
			xvs_edit_service(ctx, &s[z]);
			for (int r = 0; r < runs; r++, flow += count)
				action = new_conn_cost(ctx->prog_fd, ifindex, z, count, flow, &ns[r]);
			qsort(ns, runs, sizeof(ns[0]), cmp_u32);
			printf(" %10u", ns[runs / 2]);
			if (!z)
				first = ns[runs / 2];
			snprintf(name, sizeof(name), "%s_%d", scheds[k], sizes[z]);
			csv_row(csv, "new_conn", name, "ns", ns[runs / 2], ns[0], ns[runs - 1], base,
				first ? (double)ns[runs / 2] / first : -1);
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
		char name[48];

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
		snprintf(name, sizeof(name), "%u_of_%u_dests", live, tables[z].end);
		csv_row(csv, "est", name, "us", us[runs / 2], us[0], us[runs - 1], "", -1);
	}
}

/* Take the data plane off both veth ends, so that the next xvs_open() loads
 * a new one instead of finding this one through its program. */
static void detach_all(void)
{
	bpf_xdp_detach(if_nametoindex("b0"), 0, NULL);
	bpf_xdp_detach(if_nametoindex("b1"), 0, NULL);
}

/* Bytes the kernel charges map @fd (its fdinfo's memlock). */
static uint64_t map_bytes(int fd)
{
	char path[64], line[128];
	uint64_t bytes = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "memlock: %lu", &bytes) == 1)
			break;
	if (f)
		fclose(f);
	return bytes;
}

/* Flow @i of the scale figures: client 10.<i>:(1024 + i % 60000) to .50:80. */
static void scale_flow(uint32_t i, char *client, size_t n, uint16_t *sport)
{
	snprintf(client, n, "10.%u.%u.%u", 64 + (i >> 16) % 128, (i >> 8) & 255, i & 255);
	*sport = 1024 + (i >> 23);
}

/* The connection key of flow @i of the scale figures. */
static void scale_key(uint32_t i, struct xvs_conn_key *k)
{
	char client[32];
	uint16_t sport;

	scale_flow(i, client, sizeof(client), &sport);
	memset(k, 0, sizeof(*k));
	text_addr(client, &k->caddr);
	text_addr("192.0.2.50", &k->vaddr);
	k->cport = htons(sport);
	k->vport = htons(80);
	k->proto = IPPROTO_TCP;
}

/*
 * Fill the connection table of @ctx with @n established DR flows to real
 * server slot @slot (written straight into the map, in batches: through
 * packets, 10 million SYNs would take minutes).
 */
static int scale_fill(struct xvs_ctx *ctx, uint32_t n, uint32_t slot)
{
	enum { BATCH = 4096 };
	static struct xvs_conn_key keys[BATCH];
	static struct xvs_conn vals[BATCH];
	struct xvs_dest d;
	struct timespec ts;
	uint32_t done = 0;

	if (bpf_map_lookup_elem(ctx->map_fd[XVS_M_DESTS], &slot, &d))
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	while (done < n) {
		uint32_t k = 0;

		for (; k < BATCH && done + k < n; k++) {
			struct xvs_conn *c = &vals[k];

			scale_key(done + k, &keys[k]);
			memset(c, 0, sizeof(*c));
			c->last_ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
			c->fire_ns = c->last_ns + 900000000000ULL;
			c->dest_idx = slot;
			c->dest_gen = d.gen;
			c->daddr = d.addr;
			c->dport = d.port;
			c->flags = XVS_FWD_DROUTE | XVS_CONN_F_NOOUTPUT;
			c->state = XVS_TCP_ESTABLISHED;
		}
		{
			uint32_t count = k;
			LIBBPF_OPTS(bpf_map_batch_opts, o);

			if (bpf_map_update_batch(ctx->map_fd[XVS_M_CONNS], keys, vals, &count, &o))
				return -errno;
		}
		done += k;
	}
	return 0;
}

/*
 * Pick @calls random flows of the @flows filled that the table holds (an
 * LRU table may have evicted some while it was filled).
 */
static int scale_pick(struct xvs_ctx *ctx, uint32_t flows, uint32_t *picks, int calls)
{
	for (int i = 0; i < calls; i++) {
		int tries = 0;

		do {
			struct xvs_conn_key k;
			struct xvs_conn c;

			if (++tries > 1000)
				return -ENOENT;
			picks[i] = (uint32_t)random() % flows;
			scale_key(picks[i], &k);
			if (!bpf_map_lookup_elem(ctx->map_fd[XVS_M_CONNS], &k, &c))
				break;
		} while (1);
	}
	return 0;
}

/*
 * Connection-table scale: a table of each size filled with established
 * flows, then the DR packet cost of flows picked at random among them, one
 * run a call (each a new flow, as on a busy director, where the entry is
 * rarely in cache); and what the table costs in memory per entry, the
 * connection map and the NAT reverse map that is sized with it.
 */
static void scale_figures(int ifindex, int smoke, int runs, FILE *csv)
{
	static const uint32_t full[] = { 1000, 100000, 1000000, 10000000 }, small[] = { 1000, 4000 };
	const uint32_t *sizes = smoke ? small : full;
	const int nsizes = smoke ? 2 : 4, calls = smoke ? 200 : 20000;
	uint32_t first = 0;

	printf("\nconnection table, DR packet of a random established flow, ns, median of %d runs of %d:\n",
	       runs, calls);
	printf("%10s %8s %8s %8s %10s %12s\n", "entries", "ns/pkt", "min", "max", "B/entry", "+NAT rev B");
	for (int z = 0; z < nsizes; z++) {
		struct xvs_open_opts opts = { .create = true, .conn_tab_size = sizes[z] };
		static uint32_t picks[20000];
		uint32_t ns[MAX_RUNS], slot = 0, flows = sizes[z] / 10 * 9, missed = 0;
		uint64_t conns_b, rev_b;
		struct xvs_ctx *ctx;
		char instance[64], name[32], cmd[PATH_MAX + 16];
		uint8_t f[PKT_MAX];
		int err, action;

		snprintf(instance, sizeof(instance), "bench-scale-%d-%u", getpid(), sizes[z]);
		opts.instance = instance;
		err = xvs_open(&ctx, &opts);
		if (err) {
			fprintf(stderr, "prog_cost: a table of %u: %s\n", sizes[z], strerror(-err));
			return;
		}
		err = add_services(ctx);
		/* nine tenths full: an LRU table evicts before it is quite full, its
		 * free entries spread over the CPUs */
		if (!err)
			err = scale_fill(ctx, flows, slot);
		if (!err)
			err = scale_pick(ctx, flows, picks, calls);
		for (int r = 0; r < runs && !err; r++) {
			uint64_t sum = 0;

			for (int i = 0; i < calls && !err; i++) {
				struct pkt_spec spec = SEG(0, NULL, "192.0.2.50", 0, 80, 0x10);
				char client[32];
				uint32_t one;

				scale_flow(picks[i], client, sizeof(client), &spec.sport);
				spec.saddr = client;
				err = cost(ctx->prog_fd, ifindex, f, pkt_build(&spec, f), 1, &one, &action);
				missed += !err && action != XDP_TX;
				sum += one;
			}
			ns[r] = sum / calls;
		}
		conns_b = map_bytes(ctx->map_fd[XVS_M_CONNS]);
		rev_b = map_bytes(ctx->map_fd[XVS_M_NAT_REV]);
		xvs_flush(ctx);
		snprintf(cmd, sizeof(cmd), "rm -rf %s", xvs_pin_dir(ctx));
		xvs_close(ctx);
		detach_all();
		sh(cmd);
		if (!err && missed)
			err = -ENOENT; /* the figure would be partly the miss path's */
		if (err) {
			fprintf(stderr, "prog_cost: a table of %u: %s\n", sizes[z], strerror(-err));
			return;
		}
		qsort(ns, runs, sizeof(ns[0]), cmp_u32);
		if (!z)
			first = ns[runs / 2];
		printf("%10u %8u %8u %8u %10lu %12lu\n", sizes[z], ns[runs / 2], ns[0], ns[runs - 1],
		       (unsigned long)(conns_b / sizes[z]), (unsigned long)(rev_b / sizes[z]));
		snprintf(name, sizeof(name), "lookup_%u", sizes[z]);
		csv_row(csv, "scale", name, "ns", ns[runs / 2], ns[0], ns[runs - 1], "lookup_1000",
			first ? (double)ns[runs / 2] / first : -1);
		snprintf(name, sizeof(name), "bytes_per_entry_%u", sizes[z]);
		csv_row(csv, "scale", name, "B", conns_b / sizes[z], conns_b / sizes[z], conns_b / sizes[z], "", -1);
		snprintf(name, sizeof(name), "nat_rev_bytes_per_entry_%u", sizes[z]);
		csv_row(csv, "scale", name, "B", rev_b / sizes[z], rev_b / sizes[z], rev_b / sizes[z], "", -1);
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
	int runs = 9, repeat = 1000000, calls = 20000, ifindex, refl, err, smoke = 0, sync = 0;
	const char *csv_path = NULL, *refl_path = "build/bench/reflect.bpf.o";
	static const char *const base_name[2] = { "reflector", "reflector_each" };
	struct figure base[2];
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
			calls = 100;
		} else if (!strcmp(argv[i], "--sync")) {
			sync = 1;
		} else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			runs = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			repeat = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--csv") && i + 1 < argc) {
			csv_path = argv[++i];
		} else if (!strcmp(argv[i], "--reflector") && i + 1 < argc) {
			refl_path = argv[++i];
		} else {
			fprintf(stderr, "usage: prog_cost [--smoke] [--sync] [--runs N] [--repeat N] [--csv FILE]\n");
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
		err = add_services(ctx);
	if (!err && sync) {
		err = xvs_sync_set_role(ctx, XVS_SYNC_MASTER, true);
		sync_ring = err ? NULL : xvs_sync_events_open(ctx, sync_event, NULL);
		if (!err && !sync_ring)
			err = -errno;
	}
	refl = load_reflector(refl_path);
	if (err || refl < 0) {
		fprintf(stderr, "prog_cost: setup failed: %s\n", strerror(-err));
		return 1;
	}
	if (csv_path)
		csv = fopen(csv_path, "w");
	if (csv)
		fprintf(csv, "part,case,metric,unit,median,min,max,baseline,ratio\n");

	/* the reflector both ways, a baseline for each */
	len = pkt_build(&fixtures[0].spec, f);
	if (measure(refl, ifindex, f, len, runs, repeat, 0, &base[0]) ||
	    measure(refl, ifindex, f, len, runs, calls, 1, &base[1])) {
		fprintf(stderr, "prog_cost: the reflector does not run\n");
		return 1;
	}
	printf("program cost, ns per packet, median of %d runs of %d repeats (of %d calls, one run each)%s:\n",
	       runs, repeat, calls, sync ? ", master sync daemon on" : "");
	printf("%-22s %8s %8s %8s %8s\n", "case", "ns/pkt", "min", "max", "x refl");
	for (int b = 0; b < 2; b++) {
		printf("%-22s %8u %8u %8u %8.2f\n", base_name[b], base[b].med, base[b].min, base[b].max, 1.0);
		csv_row(csv, "prog", base_name[b], "ns", base[b].med, base[b].min, base[b].max, base_name[b], 1);
	}
	/* A host that forwards (NAT directors usually do) has the data plane
	 * look up every packet's next hop in the FIB; one that does not uses
	 * the MACs libxvs resolved.  Both, the second as "_fib". */
	for (int fib = 0; fib < 2; fib++) {
		if (fib && (sh("sysctl -qw net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1") ||
			    xvs_attach_ifaces(ctx))) {
			fprintf(stderr, "prog_cost: cannot make the host forward\n");
			return 1;
		}
		for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
			const struct fixture *x = &fixtures[i];
			const struct figure *b = &base[x->each];
			struct figure fig;
			char name[48];
			uint32_t dummy;
			int action;

			snprintf(name, sizeof(name), "%s%s", x->name, fib ? "_fib" : "");
			if (x->prime.proto)
				cost(ctx->prog_fd, ifindex, f, pkt_build(&x->prime, f), 1, &dummy, &action);
			len = pkt_build(&x->spec, f);
			cost(ctx->prog_fd, ifindex, f, len, 1, &dummy, &action);
			if (measure(ctx->prog_fd, ifindex, f, len, runs, x->each ? calls : repeat, x->each, &fig)) {
				fprintf(stderr, "prog_cost: %s does not run\n", name);
				return 1;
			}
			printf("%-22s %8u %8u %8u %8.2f  (%s)\n", name, fig.med, fig.min, fig.max,
			       b->med ? (double)fig.med / b->med : 0.0,
			       action == XDP_TX ? "XDP_TX" : action == XDP_PASS ? "XDP_PASS" : "other");
			csv_row(csv, "prog", name, "ns", fig.med, fig.min, fig.max, base_name[x->each],
				b->med ? (double)fig.med / b->med : -1);
		}
	}
	new_conn_figures(ctx, ifindex, smoke, runs, csv);
	est_figures(ctx, runs, csv);
	xvs_sync_events_close(sync_ring);
	sync_ring = NULL;
	xvs_flush(ctx);
	{
		char dir[PATH_MAX + 16];

		snprintf(dir, sizeof(dir), "rm -rf %s", xvs_pin_dir(ctx));
		xvs_close(ctx);
		detach_all();
		sh(dir);
	}
	scale_figures(ifindex, smoke, runs, csv);
	if (csv)
		fclose(csv);
	return 0;
}
