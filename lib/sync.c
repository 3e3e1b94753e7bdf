// SPDX-License-Identifier: GPL-2.0
/*
 * The connection sync daemons, IPVS's ipvs-m / ipvs-b threads as
 * processes: xvs_sync_start() forks one for a role, which registers in the
 * instance's xvs_sync map and runs until xvs_sync_stop() (or until its
 * instance goes).
 *
 * The master drains the data plane's event ring (lib/sync_dp.c) every
 * SYNC_FLUSH_MS, packs the entries into messages of up to maxlen bytes and
 * sends them to the group; IPVS holds a part-filled buffer up to 2 s, which
 * a fail-over inside those 2 s would lose, so a master here sends what it
 * has at each drain.  The backup checks each message whole and installs its
 * entries (lib/sync_msg.c, lib/sync_dp.c).  Both keep their counters in
 * their slot of xvs_sync, and log to syslog as "xvs-sync", as IPVS logs its
 * threads' start and stop to the kernel log.
 */
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "internal.h"
#include "xvs_sync.h"

#define SYNC_FLUSH_MS 20      /* the master drains the ring this often (IPVS: 20 ms wakeups) */
#define SYNC_CHECK_MS 1000    /* both write their counters and check they are still wanted */
#define SYNC_START_WAIT_MS 5000
#define SYNC_STOP_WAIT_MS 2000
#define SYNC_BUF_MAX 65536

static const char *const role_names[XVS_SYNC_ROLES] = { "MASTER", "BACKUP" };

/*
 * The start time of process @pid in clock ticks since boot (/proc/PID/stat
 * field 22), or 0 when there is no such process or it has ended (a zombie
 * its parent has not reaped yet).
 */
static uint64_t proc_start_time(pid_t pid)
{
	char path[64], buf[1024], *p, state;
	unsigned long long start = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* the command name may hold spaces and parentheses: count from the last ')' */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
			 &state, &start) != 2)
		return 0;
	return state == 'Z' || state == 'X' ? 0 : start;
}

/* Whether the process @d names still runs (and is that one, not a later one of its pid). */
static bool daemon_alive(const struct xvs_sync_daemon *d)
{
	if (!d->pid || (kill((pid_t)d->pid, 0) && errno != EPERM))
		return false;
	return proc_start_time((pid_t)d->pid) == d->start_time;
}

int xvs_sync_get(struct xvs_ctx *ctx, struct xvs_sync_daemon out[XVS_SYNC_ROLES])
{
	for (int role = 0; role < XVS_SYNC_ROLES; role++) {
		int rc = xvs_sync_slot_get(ctx, role, &out[role]);

		if (rc)
			return rc;
		if (!daemon_alive(&out[role]))
			memset(&out[role], 0, sizeof(out[role]));
	}
	return 0;
}

/* The MTU of interface @ifname, or 1500 when it cannot be read. */
static unsigned if_mtu(const char *ifname)
{
	struct ifreq ifr = {};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned mtu = 1500;

	if (fd < 0)
		return mtu;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (!ioctl(fd, SIOCGIFMTU, &ifr))
		mtu = (unsigned)ifr.ifr_mtu;
	close(fd);
	return mtu;
}

static unsigned clampu(unsigned v, unsigned lo, unsigned hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * sync_config() - @p with IPVS's defaults filled in (start_sync_thread()):
 * group 224.0.0.81, port 8848, TTL 1; maxlen clamped to [1 (master) or
 * 1024 (backup), 65535 - headers], by default the master's 1500 and the
 * backup's interface MTU (at least 1500) less the IP and UDP headers.
 */
static int sync_config(const struct xvs_sync_params *p, struct xvs_sync_daemon *d)
{
	unsigned hlen, mtu;

	memset(d, 0, sizeof(*d));
	if (p->role != XVS_SYNC_MASTER && p->role != XVS_SYNC_BACKUP)
		return -EINVAL;
	if (!p->ifname[0] || strnlen(p->ifname, sizeof(p->ifname)) >= sizeof(d->ifname) ||
	    p->syncid > 255 || p->port > 65535 || p->ttl > 255)
		return -EINVAL;
	if (!if_nametoindex(p->ifname))
		return -ENODEV;
	snprintf(d->ifname, sizeof(d->ifname), "%s", p->ifname);
	d->syncid = p->syncid;
	d->port = p->port ? p->port : XVS_SYNC_PORT;
	d->ttl = p->ttl ? p->ttl : 1;
	if (p->mcast_af == AF_UNSPEC) {
		struct in_addr g = { htonl(XVS_SYNC_GROUP) };

		d->mcast_af = AF_INET;
		xvs_addr_from_in(&d->group, &g);
	} else if (p->mcast_af == AF_INET || p->mcast_af == AF_INET6) {
		bool v4 = xvs_addr_is_v4(&p->group);

		if (v4 != (p->mcast_af == AF_INET) ||
		    (v4 ? !IN_MULTICAST(ntohl(p->group.w[3])) : p->group.b[0] != 0xff))
			return -EINVAL;
		d->mcast_af = (uint8_t)p->mcast_af;
		d->group = p->group;
	} else {
		return -EAFNOSUPPORT;
	}
	hlen = d->mcast_af == AF_INET6 ? 40 + 8 : 20 + 8;
	mtu = p->role == XVS_SYNC_BACKUP ? clampu(if_mtu(p->ifname), 1500, 65535) : 1500;
	if (p->maxlen)
		d->maxlen = clampu(p->maxlen, p->role == XVS_SYNC_BACKUP ? 1024 : 1, 65535 - hlen);
	else
		d->maxlen = mtu - hlen;
	return 0;
}

/* The first IPv4 address of @ifname, which the master sends from (IPVS's bind_mcastif_addr()). */
static int if_ipv4(const char *ifname, struct in_addr *out)
{
	struct ifaddrs *all, *i;
	int rc = -EADDRNOTAVAIL;

	if (getifaddrs(&all))
		return -errno;
	for (i = all; i; i = i->ifa_next) {
		if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET && !strcmp(i->ifa_name, ifname)) {
			*out = ((struct sockaddr_in *)i->ifa_addr)->sin_addr;
			rc = 0;
			break;
		}
	}
	freeifaddrs(all);
	return rc;
}

static int setopt(int fd, int level, int name, const void *v, socklen_t len)
{
	return setsockopt(fd, level, name, v, len) ? -errno : 0;
}

/*
 * sync_socket() - the daemon's socket, as IPVS makes it: the master's
 * connected to the group, multicast loop off, its TTL, no path MTU
 * discovery, from the interface's address; the backup's bound to the group
 * and port on the interface, member of the group.
 * Returns: the socket, or -errno (-EADDRNOTAVAIL: an IPv4 master's
 * interface has no IPv4 address).
 */
static int sync_socket(const struct xvs_sync_daemon *d, int role)
{
	int ifindex = (int)if_nametoindex(d->ifname), one = 1, zero = 0, ttl = d->ttl;
	bool v6 = d->mcast_af == AF_INET6;
	struct sockaddr_storage ss = {};
	socklen_t sslen;
	int fd, rc = 0;

	if (!ifindex)
		return -ENODEV;
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, d->group.b, 16);
		s6->sin6_port = htons(d->port);
		s6->sin6_scope_id = (uint32_t)ifindex;
		sslen = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = d->group.w[3];
		s4->sin_port = htons(d->port);
		sslen = sizeof(*s4);
	}
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (role == XVS_SYNC_MASTER) {
		if (v6) {
			int pmtu = IPV6_PMTUDISC_DONT;

			rc = setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex));
			if (!rc)
				rc = setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &zero, sizeof(zero));
			if (!rc)
				rc = setopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof(ttl));
			if (!rc)
				rc = setopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu, sizeof(pmtu));
			if (!rc)
				rc = setopt(fd, SOL_SOCKET, SO_BINDTODEVICE, d->ifname, (socklen_t)strlen(d->ifname));
		} else {
			struct ip_mreqn mr = { .imr_ifindex = ifindex };
			struct sockaddr_in src = { .sin_family = AF_INET };
			unsigned char loop = 0, ttl8 = (unsigned char)ttl;
			int pmtu = IP_PMTUDISC_DONT;

			rc = setopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &mr, sizeof(mr));
			if (!rc)
				rc = setopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop));
			if (!rc)
				rc = setopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl8, sizeof(ttl8));
			if (!rc)
				rc = setopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu));
			if (!rc)
				rc = if_ipv4(d->ifname, &src.sin_addr);
			if (!rc && bind(fd, (struct sockaddr *)&src, sizeof(src)))
				rc = -errno;
		}
		if (!rc && connect(fd, (struct sockaddr *)&ss, sslen))
			rc = -errno;
	} else {
		rc = setopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (!rc)
			rc = setopt(fd, SOL_SOCKET, SO_BINDTODEVICE, d->ifname, (socklen_t)strlen(d->ifname));
		if (!rc && bind(fd, (struct sockaddr *)&ss, sslen))
			rc = -errno;
		if (!rc && v6) {
			struct ipv6_mreq mr = { .ipv6mr_interface = (unsigned)ifindex };

			memcpy(&mr.ipv6mr_multiaddr, d->group.b, 16);
			rc = setopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr, sizeof(mr));
		} else if (!rc) {
			struct ip_mreqn mr = { .imr_ifindex = ifindex };

			mr.imr_multiaddr.s_addr = d->group.w[3];
			rc = setopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr, sizeof(mr));
		}
	}
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

/* --- the daemon process --- */

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

struct daemon {
	struct xvs_ctx *ctx;
	int role;
	int fd;
	struct xvs_sync_daemon d; /* its slot: parameters and counters */
	struct xvs_sync_msg msg;  /* master: the message being filled */
	int version;              /* master: sync_version */
	uint8_t buf[SYNC_BUF_MAX];
};

static uint64_t now_ms(void)
{
	return xvs_monotonic_ns() / 1000000;
}

/* Master: send the message being filled, if it holds anything, and start another. */
static void master_flush(struct daemon *m)
{
	unsigned nr = m->msg.nr;
	size_t len = xvs_sync_msg_end(&m->msg);

	if (len) {
		if (send(m->fd, m->buf, len, 0) < 0) {
			m->d.failed += nr;
		} else {
			m->d.msgs++;
			m->d.conns += nr;
		}
	}
	xvs_sync_msg_init(&m->msg, m->buf, m->d.maxlen, m->version, (uint8_t)m->d.syncid);
}

static void master_event(const struct xvs_sync_event *ev, void *arg)
{
	struct daemon *m = arg;
	struct xvs_sync_conn c;
	int rc;

	xvs_sync_conn_from_event(&c, ev);
	rc = xvs_sync_msg_add(&m->msg, &c);
	if (rc == -ENOSPC) {
		master_flush(m);
		rc = xvs_sync_msg_add(&m->msg, &c);
	}
	if (rc)
		m->d.failed++;
}

static void backup_conn(const struct xvs_sync_conn *c, void *arg)
{
	struct daemon *b = arg;
	int rc = xvs_sync_install(b->ctx, c);

	if (rc >= 0)
		b->d.conns++;
	else if (rc == -ENOENT)
		b->d.unknown++;
	else
		b->d.failed++;
}

/* Backup: take the messages waiting on the socket. */
static void backup_receive(struct daemon *b)
{
	for (;;) {
		ssize_t n = recv(b->fd, b->buf, sizeof(b->buf), MSG_DONTWAIT | MSG_TRUNC);
		int rc;

		if (n < 0)
			return;
		/* IPVS reads at most maxlen bytes, so a longer message is cut and then fails its size check */
		if ((size_t)n > b->d.maxlen || (size_t)n > sizeof(b->buf)) {
			b->d.bad++;
			continue;
		}
		rc = xvs_sync_msg_parse(b->buf, (size_t)n, b->d.syncid, backup_conn, b, NULL);
		if (rc == -EXDEV)
			b->d.foreign++;
		else if (rc < 0)
			b->d.bad++;
		else
			b->d.msgs++;
	}
}

/*
 * daemon_wanted() - whether this daemon's slot still names it and its
 * instance is still pinned; a stop, or the instance's removal, ends it.
 */
static bool daemon_wanted(struct daemon *s)
{
	struct xvs_sync_daemon cur;

	if (access(xvs_pin_dir(s->ctx), F_OK))
		return false;
	if (xvs_sync_slot_get(s->ctx, s->role, &cur))
		return false;
	return cur.pid == s->d.pid && cur.start_time == s->d.start_time;
}

/* Once a second: the counters out, sync_version in, the role's flag kept set. */
static void daemon_tick(struct daemon *s)
{
	uint32_t sc[XVS_SC_MAX];

	xvs_sync_slot_set(s->ctx, s->role, &s->d);
	/* another writer's read-modify-write of the config may have lost it */
	xvs_sync_set_role(s->ctx, s->role, true);
	if (s->role == XVS_SYNC_MASTER && !xvs_get_sysctls(s->ctx, sc))
		s->version = sc[XVS_SC_SYNC_VERSION] ? 1 : 0;
}

static void daemon_loop(struct daemon *s)
{
	struct xvs_sync_events *ev = NULL;
	uint64_t next_tick = now_ms() + SYNC_CHECK_MS;
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };

	if (s->role == XVS_SYNC_MASTER) {
		ev = xvs_sync_events_open(s->ctx, master_event, s);
		if (!ev) {
			syslog(LOG_ERR, "cannot read the data plane's sync events: %s", strerror(errno));
			return;
		}
		pfd.fd = xvs_sync_events_fd(ev);
		xvs_sync_msg_init(&s->msg, s->buf, s->d.maxlen, s->version, (uint8_t)s->d.syncid);
	}
	while (!stopping) {
		uint64_t now;

		poll(&pfd, 1, s->role == XVS_SYNC_MASTER ? SYNC_FLUSH_MS : SYNC_CHECK_MS);
		if (s->role == XVS_SYNC_MASTER) {
			xvs_sync_events_consume(ev);
			master_flush(s);
		} else {
			backup_receive(s);
		}
		now = now_ms();
		if (now >= next_tick) {
			next_tick = now + SYNC_CHECK_MS;
			if (!daemon_wanted(s))
				break;
			daemon_tick(s);
		}
	}
	if (ev) {
		xvs_sync_events_consume(ev);
		master_flush(s);
		xvs_sync_events_close(ev);
	}
}

/*
 * Only the socket and @keep stay open in the daemon, as fds 3 and 4, with
 * /dev/null for 0-2: nothing of its starter's (xvsd's sockets, a caller's
 * pipe it would hold open) lives on in it.
 */
static int daemon_fds(int *sock, int *keep)
{
	int null = open("/dev/null", O_RDWR);
	int s = fcntl(*sock, F_DUPFD, 100), k = fcntl(*keep, F_DUPFD, 100);

	if (null < 0 || s < 0 || k < 0)
		return -1;
	if (dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 || dup2(s, 3) < 0 || dup2(k, 4) < 0)
		return -1;
	*sock = 3;
	*keep = 4;
	close_range(5, ~0U, 0);
	return 0;
}

/*
 * daemon_main() - the daemon process: open the instance afresh, register,
 * tell the starter by @pipe_fd (an int: 0 or -errno), run until stopped,
 * then leave the slot and the role's flag as it found them free.
 */
static int daemon_main(const char *instance, int role, int sock, const struct xvs_sync_daemon *cfg, int pipe_fd)
{
	struct xvs_open_opts opts = { .instance = instance };
	struct sigaction sa = { .sa_handler = on_stop };
	struct daemon *s = calloc(1, sizeof(*s));
	uint32_t sc[XVS_SC_MAX];
	int rc;

	if (!s || daemon_fds(&sock, &pipe_fd)) {
		rc = -ENOMEM;
		(void)!write(pipe_fd, &rc, sizeof(rc));
		return 1;
	}
	/* as ps shows it (IPVS's threads are ipvs-m:0:0 and ipvs-b:0:0) */
	prctl(PR_SET_NAME, role == XVS_SYNC_MASTER ? "xvs-sync-master" : "xvs-sync-backup");
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	s->role = role;
	s->fd = sock;
	s->d = *cfg;
	s->version = 1;
	rc = xvs_open(&s->ctx, &opts);
	if (!rc) {
		s->d.pid = (uint32_t)getpid();
		s->d.start_time = proc_start_time(getpid());
		if (!xvs_get_sysctls(s->ctx, sc))
			s->version = sc[XVS_SC_SYNC_VERSION] ? 1 : 0;
		rc = xvs_sync_slot_set(s->ctx, role, &s->d);
	}
	if (!rc)
		rc = xvs_sync_set_role(s->ctx, role, true);
	(void)!write(pipe_fd, &rc, sizeof(rc));
	close(pipe_fd);
	if (rc)
		return 1;
	openlog("xvs-sync", LOG_PID, LOG_DAEMON);
	syslog(LOG_INFO, "sync thread started: state = %s, mcast_ifn = %s, syncid = %u, id = 0", role_names[role],
	       s->d.ifname, s->d.syncid);
	daemon_loop(s);
	if (daemon_wanted(s)) {
		struct xvs_sync_daemon none = {};

		xvs_sync_slot_set(s->ctx, role, &none);
		xvs_sync_set_role(s->ctx, role, false);
	}
	syslog(LOG_INFO, "sync thread stopped: state = %s, %llu messages, %llu entries", role_names[role],
	       (unsigned long long)s->d.msgs, (unsigned long long)s->d.conns);
	xvs_close(s->ctx);
	return 0;
}

/* Wait up to @ms for an int on @fd.  Returns it, or -ETIMEDOUT / -ECHILD (closed unsaid). */
static int read_word(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc;

	if (poll(&p, 1, ms) <= 0)
		return -ETIMEDOUT;
	if (read(fd, &rc, sizeof(rc)) != (ssize_t)sizeof(rc))
		return -ECHILD;
	return rc;
}

int xvs_sync_start(struct xvs_ctx *ctx, const struct xvs_sync_params *p)
{
	struct xvs_sync_daemon d, cur;
	int rc, sock, pfd[2], status;
	pid_t pid;

	rc = sync_config(p, &d);
	if (rc)
		return rc;
	rc = xvs_sync_slot_get(ctx, p->role, &cur);
	if (rc)
		return rc;
	if (daemon_alive(&cur))
		return -EEXIST;
	sock = sync_socket(&d, p->role);
	if (sock < 0)
		return sock;
	if (pipe2(pfd, O_CLOEXEC)) {
		rc = -errno;
		close(sock);
		return rc;
	}
	/* twice, so that the daemon is no child of the caller's to reap */
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		setsid();
		pid = fork();
		if (pid)
			_exit(pid < 0 ? 1 : 0);
		_exit(daemon_main(xvs_instance_name(ctx), p->role, sock, &d, pfd[1]));
	}
	close(sock);
	close(pfd[1]);
	if (pid < 0) {
		rc = -errno;
		close(pfd[0]);
		return rc;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rc = read_word(pfd[0], SYNC_START_WAIT_MS);
	close(pfd[0]);
	return rc;
}

int xvs_sync_stop(struct xvs_ctx *ctx, int role)
{
	struct xvs_sync_daemon cur, none = {};
	uint64_t deadline;
	bool alive;
	int rc;

	if (role != XVS_SYNC_MASTER && role != XVS_SYNC_BACKUP)
		return -EINVAL;
	rc = xvs_sync_slot_get(ctx, role, &cur);
	if (rc)
		return rc;
	alive = daemon_alive(&cur);
	if (alive) {
		kill((pid_t)cur.pid, SIGTERM);
		deadline = now_ms() + SYNC_STOP_WAIT_MS;
		while (daemon_alive(&cur) && now_ms() < deadline)
			usleep(10000);
		if (daemon_alive(&cur))
			kill((pid_t)cur.pid, SIGKILL);
	}
	/* what a daemon that died left behind goes too */
	if (cur.pid) {
		xvs_sync_slot_set(ctx, role, &none);
		xvs_sync_set_role(ctx, role, false);
	}
	return alive ? 0 : -ESRCH;
}
