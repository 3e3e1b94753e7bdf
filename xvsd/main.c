// SPDX-License-Identifier: GPL-2.0
/*
 * xvsd: keepalived's place for the virtual-server side.  It takes
 * keepalived's command line, reads keepalived.conf, programs the xvs data
 * plane through libxvs and keeps it true with the health checkers; SIGHUP
 * reloads (only the difference is applied), SIGUSR1 dumps the state,
 * SIGTERM stops and leaves the data plane as lvs_flush_on_stop says.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "apply.h"
#include "config.h"
#include "engine.h"
#include "log.h"
#include "vrrp_run.h"
#include "xvs.h"

#define XVSD_VERSION "xvsd 0.6 (keepalived 2.2 configuration)"
#define DEFAULT_CONF "/etc/keepalived/keepalived.conf"
#define DEFAULT_PID "/run/keepalived.pid"
#define CHECK_DUMP "/tmp/keepalived_check.data"
#define VRRP_DUMP "/tmp/keepalived.data"
#define VRRP_STATS "/tmp/keepalived.stats"

struct opts {
	const char *conf;
	const char *pid_file;
	const char *config_id;
	bool test, foreground, console, detail, vrrp_only, check_only, dont_release, no_syslog, dump;
	bool dont_release_vrrp, active_active;
	enum vrrp_fence fence;
};

struct daemon {
	struct opts o;
	uv_loop_t *loop;
	struct xvs_ctx *xvs;
	struct model *model;
	struct engine engine;
	struct vrrp_run *vrrp;
	struct syncd syncd;       /* lvs_sync_daemon */
	struct model *vrrp_model; /* VRRP runs on the model it started with */
	uv_signal_t sig[5];
};

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"Usage: %s [OPTION...]\n"
		"  -f, --use-file=FILE          Use the specified configuration file\n"
		"  -P, --vrrp                   Only run with VRRP subsystem\n"
		"  -C, --check                  Only run with Health-checker subsystem\n"
		"  -l, --log-console            Log messages to local console\n"
		"  -D, --log-detail             Detailed log messages\n"
		"  -G, --no-syslog              Don't log via syslog\n"
		"  -n, --dont-fork              Don't fork the daemon process\n"
		"  -d, --dump-conf              Dump the configuration data\n"
		"  -V, --dont-release-vrrp      Don't remove VRRP VIPs and VROUTEs on daemon stop\n"
		"  -I, --dont-release-ipvs      Don't remove IPVS topology on daemon stop\n"
		"      --fence=lease|off        A master's VIPs lapse in the data plane when its adverts\n"
		"                               stop (lease, the default) or never (off)\n"
		"      --active-active          Balance VIP traffic whatever the VRRP state\n"
		"  -p, --pid=FILE               Use specified pidfile for parent process\n"
		"  -i, --config-id id           Skip any configuration lines beginning '@' that don't match id\n"
		"  -t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to\n"
		"                               stderr by default\n"
		"  -v, --version                Display the version number\n"
		"  -h, --help                   Display this help message\n",
		prog);
}

/* Errors (not warnings) in the configuration read last. */
static int load_errors;

/* keepalived's report line: "(file: Line N) message". */
static void diag_print(void *arg, enum conf_level level, const char *file, int line, const char *msg)
{
	bool test = *(bool *)arg;

	load_errors += level == CONF_ERROR;
	if (test) {
		if (file && line)
			fprintf(stderr, "(%s: Line %d) %s\n", file, line, msg);
		else
			fprintf(stderr, "%s\n", msg);
		return;
	}
	if (file && line)
		xvsd_log(LOG_WARNING, "(%s: Line %d) %s", file, line, msg);
	else
		xvsd_log(LOG_WARNING, "%s", msg);
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
		{ "use-file", required_argument, NULL, 'f' },
		{ "vrrp", no_argument, NULL, 'P' },
		{ "check", no_argument, NULL, 'C' },
		{ "log-console", no_argument, NULL, 'l' },
		{ "log-detail", no_argument, NULL, 'D' },
		{ "no-syslog", no_argument, NULL, 'G' },
		{ "dont-fork", no_argument, NULL, 'n' },
		{ "dump-conf", no_argument, NULL, 'd' },
		{ "dont-release-ipvs", no_argument, NULL, 'I' },
		{ "dont-release-vrrp", no_argument, NULL, 'V' },
		{ "fence", required_argument, NULL, 'F' },
		{ "active-active", no_argument, NULL, 'A' },
		{ "pid", required_argument, NULL, 'p' },
		{ "config-id", required_argument, NULL, 'i' },
		{ "config-test", optional_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->conf = DEFAULT_CONF;
	o->pid_file = DEFAULT_PID;
	while ((c = getopt_long(argc, argv, "f:PClDGndIVp:i:t::vh", longs, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->conf = optarg;
			break;
		case 'P':
			o->vrrp_only = true;
			break;
		case 'C':
			o->check_only = true;
			break;
		case 'l':
			o->console = true;
			break;
		case 'D':
			o->detail = true;
			break;
		case 'G':
			o->no_syslog = true;
			break;
		case 'n':
			o->foreground = true;
			break;
		case 'd':
			o->dump = true;
			break;
		case 'I':
			o->dont_release = true;
			break;
		case 'V':
			o->dont_release_vrrp = true;
			break;
		case 'F':
			if (!strcmp(optarg, "lease")) {
				o->fence = VRRP_FENCE_LEASE;
			} else if (!strcmp(optarg, "off")) {
				o->fence = VRRP_FENCE_OFF;
			} else {
				fprintf(stderr, "%s: --fence takes lease or off, not '%s'\n", argv[0], optarg);
				return -1;
			}
			break;
		case 'A':
			o->active_active = true;
			break;
		case 'p':
			o->pid_file = optarg;
			break;
		case 'i':
			o->config_id = optarg;
			break;
		case 't':
			o->test = true;
			if (optarg && !freopen(optarg, "w", stderr))
				return -1;
			break;
		case 'v':
			printf("%s\n", XVSD_VERSION);
			exit(0);
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		default:
			usage(stderr, argv[0]);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return -1;
	}
	return 0;
}

static struct model *load(const struct opts *o, enum config_status *status)
{
	struct config_opts co = { .config_id = o->config_id, .diag = diag_print, .diag_arg = (void *)&o->test };

	load_errors = 0;

	return config_load(o->conf, &co, status);
}

static void on_change(struct engine *e, struct vs_state *vs, unsigned change)
{
	struct daemon *d = e->arg;

	(void)change;
	apply_dests(d->xvs, d->model, vs);
}

static void xvs_log_cb(enum xvs_log_level level, const char *msg, void *arg)
{
	(void)arg;
	xvsd_log(level == XVS_LOG_ERR ? LOG_ERR : level == XVS_LOG_WARN ? LOG_WARNING : LOG_DEBUG, "%s", msg);
}

/* The services and, from the health state, their destinations. */
static void apply_all(struct daemon *d, const struct model *old)
{
	apply_model(d->xvs, d->model, old);
	for (struct vs_state *vs = d->engine.vs; vs; vs = vs->next)
		apply_dests(d->xvs, d->model, vs);
}

static void reload(struct daemon *d)
{
	enum config_status status;
	struct model *m, *old = d->model;
	struct engine e = { .changed = on_change, .arg = d }, prev = d->engine;

	xvsd_log(LOG_INFO, "Reloading");
	if (d->o.vrrp_only) {
		xvsd_log(LOG_INFO, "-P: VRRP instances run on as started: changes take effect at restart");
		return;
	}
	m = load(&d->o, &status);
	if (!m) {
		xvsd_log(LOG_ERR, "Reload of %s failed - the running configuration is kept", d->o.conf);
		return;
	}
	/*
	 * Errors a fresh start would run with (keepalived corrects or drops
	 * the line) are not worth trading a running configuration for.
	 */
	if (load_errors) {
		xvsd_log(LOG_ERR, "%s has errors - reload refused, the running configuration is kept", d->o.conf);
		model_free(m);
		return;
	}
	if (engine_build(&e, d->loop, m)) {
		xvsd_log(LOG_ERR, "Reload: out of memory - the running configuration is kept");
		engine_stop(&e);
		model_free(m);
		return;
	}
	engine_carry(&e, &prev);
	engine_stop(&prev);
	d->engine = e;
	d->model = m;
	apply_all(d, old);
	engine_start(&d->engine);
	if (old != d->vrrp_model)
		model_free(old);
	else if (d->vrrp)
		xvsd_log(LOG_INFO, "VRRP instances run on as started: changes to vrrp blocks take effect at restart");
	xvsd_log(LOG_INFO, "Reload finished");
}

static void dump_to(struct daemon *d, const char *path, void (*fn)(struct daemon *d, FILE *f))
{
	FILE *f = fopen(path, "w");

	if (!f) {
		xvsd_log(LOG_ERR, "Can't open %s: %s", path, strerror(errno));
		return;
	}
	fn(d, f);
	fclose(f);
	xvsd_log(LOG_INFO, "State dumped to %s", path);
}

static void dump_check(struct daemon *d, FILE *f)
{
	engine_dump(&d->engine, f);
}

static void dump_vrrp(struct daemon *d, FILE *f)
{
	vrrp_run_dump(d->vrrp, f);
}

static void dump_stats(struct daemon *d, FILE *f)
{
	vrrp_run_stats(d->vrrp, f);
}

/* keepalived's: SIGUSR1 both data dumps, SIGUSR2 the VRRP statistics. */
static void dump(struct daemon *d, int sig)
{
	if (!d->o.vrrp_only)
		dump_to(d, CHECK_DUMP, dump_check);
	if (d->vrrp)
		dump_to(d, sig == SIGUSR1 ? VRRP_DUMP : VRRP_STATS, sig == SIGUSR1 ? dump_vrrp : dump_stats);
}

static void stop(struct daemon *d)
{
	const struct model_global *g = &d->model->global;

	xvsd_log(LOG_INFO, "Stopping");
	vrrp_run_stop(d->vrrp);
	syncd_stop(&d->syncd);
	engine_omega(&d->engine);
	engine_stop(&d->engine);
	/* -P leaves the virtual servers alone */
	if (!d->o.vrrp_only && g->lvs_flush_on_stop == 1)
		xvs_flush(d->xvs);
	else if (!d->o.vrrp_only && !d->o.dont_release)
		apply_release(d->xvs, d->model);
	engine_fini();
	for (size_t i = 0; i < sizeof(d->sig) / sizeof(d->sig[0]); i++)
		uv_close((uv_handle_t *)&d->sig[i], NULL);
}

static void on_signal(uv_signal_t *h, int sig)
{
	struct daemon *d = h->data;

	switch (sig) {
	case SIGHUP:
		reload(d);
		break;
	case SIGUSR1:
	case SIGUSR2:
		dump(d, sig);
		break;
	default:
		stop(d);
	}
}

static int write_pid(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "%d\n", getpid());
	return fclose(f) ? -errno : 0;
}

static int daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

static int run(struct daemon *d)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1, SIGUSR2 };
	struct xvs_open_opts xo = { .create = true, .log = xvs_log_cb };
	const struct model_global *g = &d->model->global;
	int rc;

	rc = xvs_open(&d->xvs, &xo);
	if (rc) {
		xvsd_log(LOG_ERR, "Cannot open the xvs data plane: %s", strerror(-rc));
		return 1;
	}
	if (g->lvs_flush)
		xvs_flush(d->xvs);
	if (g->lvs_timeouts.tcp_timeout || g->lvs_timeouts.tcp_fin_timeout || g->lvs_timeouts.udp_timeout)
		xvs_set_timeouts(d->xvs, &g->lvs_timeouts);
	d->loop = uv_default_loop();
	d->engine = (struct engine){ .changed = on_change, .arg = d };
	if (engine_build(&d->engine, d->loop, d->model)) {
		xvsd_log(LOG_ERR, "Out of memory");
		return 1;
	}
	if (d->o.dump)
		engine_dump(&d->engine, stderr);
	syncd_init(&d->syncd, d->xvs, d->model);
	if (!d->o.check_only) {
		struct vrrp_run_opts vo = {
			.loop = d->loop, .xvs = d->xvs, .m = d->model, .fence = d->o.fence,
			.active_active = d->o.active_active, .dont_release = d->o.dont_release_vrrp,
			.syncd = &d->syncd,
		};

		/* an instance starts as backup; becoming master moves the daemon */
		if (d->syncd.instance)
			syncd_follow(&d->syncd, false);

		d->vrrp = vrrp_run_start(&vo, &rc);
		if (rc) {
			xvsd_log(LOG_ERR, "VRRP cannot start: %s", strerror(-rc));
			return 1;
		}
		d->vrrp_model = d->model;
	}
	if (!d->o.vrrp_only) {
		apply_all(d, NULL);
		engine_start(&d->engine);
		if (!d->syncd.instance)
			syncd_both(&d->syncd);
	}
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		uv_signal_init(d->loop, &d->sig[i]);
		d->sig[i].data = d;
		uv_signal_start(&d->sig[i], on_signal, sigs[i]);
	}
	signal(SIGPIPE, SIG_IGN);
	uv_run(d->loop, UV_RUN_DEFAULT);
	vrrp_run_free(d->vrrp);
	uv_loop_close(d->loop);
	xvs_close(d->xvs);
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon d = { 0 };
	enum config_status status;
	int rc;

	if (parse_opts(argc, argv, &d.o))
		return 1;
	srandom(time(NULL) ^ getpid());
	if (d.o.test) {
		struct model *m = load(&d.o, &status);

		model_free(m);
		return status;
	}
	log_setup("Keepalived_healthcheckers", d.o.console || d.o.foreground, !d.o.no_syslog, d.o.detail);
	d.model = load(&d.o, &status);
	if (!d.model)
		return 1;
	if (!d.o.foreground && daemonize())
		return 1;
	if (write_pid(d.o.pid_file))
		xvsd_log(LOG_WARNING, "Cannot write pid file %s: %s", d.o.pid_file, strerror(errno));
	xvsd_log(LOG_INFO, "Starting %s", XVSD_VERSION);
	rc = run(&d);
	unlink(d.o.pid_file);
	if (d.vrrp_model != d.model)
		model_free(d.vrrp_model);
	model_free(d.model);
	xvsd_log(LOG_INFO, "Stopped");
	return rc;
}
