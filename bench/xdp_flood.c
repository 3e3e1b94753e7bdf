// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_flood: send a bounded flood of UDP/IPv4 frames out of an interface
 * from XDP and measure, from the sinks' counters, how many arrive per second
 * in steady state.  For bench/pps.
 *
 *   xdp_flood --obj FLOOD.bpf.o --dev IFACE --src-mac MAC --dst-mac MAC
 *             --src ADDR --dst ADDR [--sport P] [--dport P] [--flows N]
 *             [--size BYTES] --count N --seconds S [--cpu N] [--rt]
 *             [--sink-map ID]... [--warmup S]
 *
 * Sending: bench/flood.bpf.c run through BPF_PROG_RUN in live-frames mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES), the mechanism xdp-trafficgen uses: the
 * kernel turns each run's XDP_TX into a real transmission on IFACE, with no
 * socket or qdisc on the way.  One BPF_PROG_RUN call carries the whole
 * flood, on a thread pinned to --cpu; it stops after --count frames or when
 * --seconds have passed (a signal interrupts the call), whichever is first.
 * With --rt that thread runs SCHED_FIFO at the lowest real-time priority, so
 * that ordinary processes on a shared machine cannot take its CPU in the
 * middle of a measurement: they get only the share the kernel reserves for
 * them (sched_rt_runtime_us: 5% by default), the same for every case.
 *
 * Measuring: each call costs tens of milliseconds of setup and teardown
 * that are no part of any packet's path, so the rate is not frames / call
 * time.  Instead the sinks' per-CPU counters (slot 0 of each --sink-map, a
 * bench/sink.bpf.c map) are read after --warmup seconds and again at the
 * end: the frames delivered in between over the time in between.
 *
 * Prints one line: "sent N elapsed_ns T window_delivered D window_ns W",
 * with W = 0 when the flood ended before the window closed (too small a
 * --count for a rate: fine for a smoke test, not for a figure).
 *
 * A veth drops frames pushed into it this way unless its peer runs an XDP
 * program (xvs-lab attaches one to every bridge-side veth).
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "flood.h"
#include "pkt.h"

/* Frames the kernel runs before it flushes them to the device (its own
 * default, and xdp-trafficgen's). */
#define BATCH 64
#define MAX_SINKS 32

struct opts {
	const char *obj, *dev, *src, *dst;
	uint8_t src_mac[ETH_ALEN], dst_mac[ETH_ALEN];
	int have_src_mac, have_dst_mac, cpu, rt, nr_sinks;
	unsigned long sport, dport, flows, size, count, sinks[MAX_SINKS];
	double seconds, warmup;
};

/* What the sending thread reports. */
struct sender {
	const struct opts *o;
	int prog_fd, ifindex, err;
	const uint8_t *frame;
	size_t len;
	atomic_int done;
};

static atomic_int stopping;

static void usage(void)
{
	fprintf(stderr, "usage: xdp_flood --obj FLOOD.bpf.o --dev IFACE --src-mac MAC --dst-mac MAC\n"
			"                 --src ADDR --dst ADDR [--sport P] [--dport P] [--flows N]\n"
			"                 [--size BYTES] --count N --seconds S [--cpu N] [--rt]\n"
			"                 [--sink-map ID]... [--warmup S]\n");
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[ETH_ALEN];

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != ETH_ALEN)
		return -1;
	for (int i = 0; i < ETH_ALEN; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

static int parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || !*s || *end || *out < min || *out > max ? -1 : 0;
}

static int parse_secs(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return !*s || *end || !(*out >= 0 && *out <= 3600) ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "obj", required_argument, NULL, 'o' },      { "dev", required_argument, NULL, 'd' },
		{ "src-mac", required_argument, NULL, 'M' },  { "dst-mac", required_argument, NULL, 'm' },
		{ "src", required_argument, NULL, 'A' },      { "dst", required_argument, NULL, 'a' },
		{ "sport", required_argument, NULL, 'P' },    { "dport", required_argument, NULL, 'p' },
		{ "flows", required_argument, NULL, 'f' },    { "size", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },    { "seconds", required_argument, NULL, 't' },
		{ "cpu", required_argument, NULL, 'c' },      { "sink-map", required_argument, NULL, 'k' },
		{ "warmup", required_argument, NULL, 'w' },   { "rt", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c, bad = 0;

	*o = (struct opts){ .sport = 40000, .dport = 9, .flows = 1, .size = 64, .cpu = -1, .warmup = 0.5 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->obj = optarg; break;
		case 'd': o->dev = optarg; break;
		case 'A': o->src = optarg; break;
		case 'a': o->dst = optarg; break;
		case 'M': bad |= parse_mac(optarg, o->src_mac); o->have_src_mac = 1; break;
		case 'm': bad |= parse_mac(optarg, o->dst_mac); o->have_dst_mac = 1; break;
		case 'P': bad |= parse_ulong(optarg, 1, 65535, &o->sport); break;
		case 'p': bad |= parse_ulong(optarg, 1, 65535, &o->dport); break;
		case 'f': bad |= parse_ulong(optarg, 1, 65535, &o->flows); break;
		/* 60 bytes is Ethernet's minimum without FCS; PKT_MAX is pkt.h's buffer. */
		case 's': bad |= parse_ulong(optarg, 60, PKT_MAX, &o->size); break;
		/* BPF_PROG_RUN's repeat is 32 bits. */
		case 'n': bad |= parse_ulong(optarg, 2, 4000000000UL, &o->count); break;
		case 't': bad |= parse_secs(optarg, &o->seconds); break;
		case 'w': bad |= parse_secs(optarg, &o->warmup); break;
		case 'r': o->rt = 1; break;
		case 'c':
			bad |= parse_ulong(optarg, 0, CPU_SETSIZE - 1, &v);
			o->cpu = v;
			break;
		case 'k':
			if (o->nr_sinks == MAX_SINKS)
				bad = 1;
			else
				bad |= parse_ulong(optarg, 1, UINT32_MAX, &o->sinks[o->nr_sinks++]);
			break;
		default: bad = 1;
		}
	}
	if (bad || optind != argc || !o->obj || !o->dev || !o->src || !o->dst || !o->have_src_mac ||
	    !o->have_dst_mac || !o->count || o->seconds <= 0 || o->sport + o->flows - 1 > 65535) {
		usage();
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The frame: UDP without checksum, so the generator may change its port. */
static size_t build_frame(const struct opts *o, uint8_t *buf)
{
	struct pkt_spec s = { .proto = IPPROTO_UDP, .saddr = o->src, .daddr = o->dst, .sport = o->sport,
			      .dport = o->dport, .udp_nocsum = 1 };
	struct ethhdr *eth = (struct ethhdr *)buf;

	s.payload = o->size - (sizeof(struct ethhdr) + sizeof(struct iphdr) + sizeof(struct udphdr));
	pkt_build(&s, buf);
	memcpy(eth->h_dest, o->dst_mac, ETH_ALEN);
	memcpy(eth->h_source, o->src_mac, ETH_ALEN);
	return o->size;
}

/* flood.bpf.c's global data map whose name ends in @suffix. */
static struct bpf_map *data_map(struct bpf_object *obj, const char *suffix)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t n = strlen(name), m = strlen(suffix);

		if (bpf_map__is_internal(map) && n >= m && !strcmp(name + n - m, suffix))
			return map;
	}
	return NULL;
}

/* Open the generator and give it the frame's headers and ports (its .rodata). */
static int load_prog(const struct opts *o, const uint8_t *frame, struct bpf_object **objp)
{
	struct bpf_object *obj = bpf_object__open_file(o->obj, NULL);
	struct flood_cfg cfg = { .sport_base = o->sport, .flows = o->flows };
	struct bpf_program *prog;
	struct bpf_map *ro;
	size_t sz;
	int err;

	if (!obj) {
		err = -errno;
		fprintf(stderr, "xdp_flood: open %s: %s\n", o->obj, strerror(-err));
		return err;
	}
	*objp = obj;
	ro = data_map(obj, ".rodata");
	/* cfg is flood.bpf.c's only read-only variable. */
	if (!ro || !bpf_map__initial_value(ro, &sz) || sz != sizeof(cfg)) {
		fprintf(stderr, "xdp_flood: %s: no .rodata of %zu bytes\n", o->obj, sizeof(cfg));
		return -EINVAL;
	}
	memcpy(cfg.hdr, frame, FLOOD_HDR_LEN);
	err = bpf_map__set_initial_value(ro, &cfg, sizeof(cfg));
	if (!err)
		err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "xdp_flood: load %s: %s\n", o->obj, strerror(-err));
		return err;
	}
	prog = bpf_object__find_program_by_name(obj, "xvs_flood");
	if (!prog) {
		fprintf(stderr, "xdp_flood: no program xvs_flood in %s\n", o->obj);
		return -ENOENT;
	}
	return bpf_program__fd(prog);
}

/* Frames the generator produced (its .bss). */
static int frames_sent(struct bpf_object *obj, uint64_t *sent)
{
	struct bpf_map *bss = data_map(obj, ".bss");
	struct flood_state st;
	uint32_t zero = 0;

	if (!bss || bpf_map__lookup_elem(bss, &zero, sizeof(zero), &st, sizeof(st), 0))
		return -ENOENT;
	*sent = st.sent;
	return 0;
}

/* Put the calling thread on @cpu (if >= 0), as a real-time one if @rt.
 * Returns 0 or a positive error number. */
static int place(int cpu, int rt)
{
	struct sched_param sp = { .sched_priority = 1 };
	cpu_set_t set;
	int err = 0;

	if (cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	if (!err && rt)
		err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	return err;
}

/* Keep the calling thread (the sampler) off @cpu, where the flood runs, if
 * there is any other CPU. */
static void avoid(int cpu)
{
	cpu_set_t set;

	if (pthread_getaffinity_np(pthread_self(), sizeof(set), &set))
		return;
	CPU_CLR(cpu, &set);
	if (CPU_COUNT(&set))
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

static void *send_flood(void *arg)
{
	struct sender *s = arg;
	struct xdp_md md = { .data_end = s->len, .ingress_ifindex = s->ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = s->frame, .data_size_in = s->len, .ctx_in = &md,
		    .ctx_size_in = sizeof(md), .repeat = s->o->count, .batch_size = BATCH,
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
	int err = place(s->o->cpu, s->o->rt);

	if (err)
		s->err = -err;
	else if (bpf_prog_test_run_opts(s->prog_fd, &run) && !(errno == EINTR && atomic_load(&stopping)))
		s->err = -errno;
	atomic_store(&s->done, 1);
	return NULL;
}

/* The sinks' delivered frames (slot 0), summed over maps and CPUs. */
static int sinks_delivered(const int *fds, int n, int nr_cpus, uint64_t *total)
{
	uint64_t vals[nr_cpus];
	uint32_t key = 0;

	*total = 0;
	for (int i = 0; i < n; i++) {
		if (bpf_map_lookup_elem(fds[i], &key, vals))
			return -errno;
		for (int c = 0; c < nr_cpus; c++)
			*total += vals[c];
	}
	return 0;
}

/* Read the sinks; *@at is the middle of the reading. */
static int sample(const int *fds, int n, int nr_cpus, uint64_t *total, double *at)
{
	double t0 = now();
	int err = sinks_delivered(fds, n, nr_cpus, total);

	*at = (t0 + now()) / 2;
	return err;
}

/* Sleep until @t or until the flood is over, whichever is first. */
static void wait_until(double t, struct sender *s)
{
	while (!atomic_load(&s->done) && now() < t)
		usleep(5000);
}

static void on_stop(int sig)
{
	(void)sig; /* only there to interrupt BPF_PROG_RUN */
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop }; /* no SA_RESTART: the call must end */
	int fds[MAX_SINKS], nr_cpus = libbpf_num_possible_cpus(), err = 0;
	struct sender s = { 0 };
	struct bpf_object *obj = NULL;
	uint64_t c1 = 0, c2 = 0, sent = 0;
	double start, end, t1 = 0, t2 = 0;
	uint8_t frame[PKT_MAX];
	pthread_t th;
	struct opts o;

	if (parse_args(argc, argv, &o))
		return 2;
	for (int i = 0; i < o.nr_sinks; i++) {
		fds[i] = bpf_map_get_fd_by_id(o.sinks[i]);
		if (fds[i] < 0) {
			fprintf(stderr, "xdp_flood: sink map %lu: %s\n", o.sinks[i], strerror(errno));
			return 1;
		}
	}
	s.o = &o;
	s.ifindex = if_nametoindex(o.dev);
	if (!s.ifindex) {
		fprintf(stderr, "xdp_flood: no interface %s\n", o.dev);
		return 1;
	}
	s.len = build_frame(&o, frame);
	s.frame = frame;
	s.prog_fd = load_prog(&o, frame, &obj);
	if (s.prog_fd < 0) {
		err = s.prog_fd;
		goto out;
	}
	sigaction(SIGUSR1, &sa, NULL);
	if (o.cpu >= 0)
		avoid(o.cpu);

	start = now();
	if (pthread_create(&th, NULL, send_flood, &s)) {
		fprintf(stderr, "xdp_flood: cannot start the sender\n");
		err = -EAGAIN;
		goto out;
	}
	/* The window: from after the warm-up to the end of --seconds. */
	if (o.nr_sinks && o.warmup < o.seconds) {
		wait_until(start + o.warmup, &s);
		if (!atomic_load(&s.done))
			err = sample(fds, o.nr_sinks, nr_cpus, &c1, &t1);
	}
	wait_until(start + o.seconds, &s);
	if (!err && t1 && !atomic_load(&s.done))
		err = sample(fds, o.nr_sinks, nr_cpus, &c2, &t2);
	/* The kernel checks for signals between batches; the loop covers a
	 * signal that lands just before the call starts. */
	atomic_store(&stopping, 1);
	while (!atomic_load(&s.done)) {
		pthread_kill(th, SIGUSR1);
		usleep(20000);
	}
	pthread_join(th, NULL);
	end = now();
	if (err) {
		fprintf(stderr, "xdp_flood: reading the sinks: %s\n", strerror(-err));
		goto out;
	}
	if (s.err) {
		err = s.err;
		fprintf(stderr, "xdp_flood: sending on %s (BPF_PROG_RUN, live frames): %s\n", o.dev, strerror(-err));
		goto out;
	}
	err = frames_sent(obj, &sent);
	if (err) {
		fprintf(stderr, "xdp_flood: cannot read the generator's count\n");
		goto out;
	}
	printf("sent %llu elapsed_ns %.0f window_delivered %llu window_ns %.0f\n", (unsigned long long)sent,
	       (end - start) * 1e9, (unsigned long long)(t2 ? c2 - c1 : 0), t2 ? (t2 - t1) * 1e9 : 0);
out:
	bpf_object__close(obj);
	return err ? 1 : 0;
}
