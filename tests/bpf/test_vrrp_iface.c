// SPDX-License-Identifier: GPL-2.0
/*
 * xvsd/vrrp_if.c on real interfaces, in a network namespace of its own
 * (gone with the process) holding a veth pair v0 - v1:
 * - vrrp_if_get() reports what the kernel says of v0 through other means
 *   (ioctl, getifaddrs): index, MAC, MTU, primary address, link-local;
 * - VIPs are added with every attribute keepalived gives them, as
 *   `ip addr` then shows them, twice without harm, and removed, twice;
 * - GARPs and NAs sent on v0 arrive on v1 as the builders make them, and
 *   v1's kernel takes them: it learns the VIP's MAC from each;
 * - the VMAC is a private-mode macvlan, up, taken over when it is there
 *   already, removed;
 * - the monitor tells of links going down and up, addresses, deletions.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/if_addr.h>
#include <linux/if_ether.h>

#include "hexaddr.h"
#include "sh.h"
#include "vrrp_if.h"

#define WAIT_MS 2000
#define VMAC_NAME "vrrp.51"

/* The first line of @cmd's output that contains @needle, or NULL; in a static buffer. */
static const char *line_with(const char *cmd, const char *needle)
{
	static char line[1024];
	const char *found = NULL;
	FILE *f = popen(cmd, "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle)) {
			found = line;
			break;
		}
	pclose(f);
	return found;
}

static void write_file(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(val, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* v0's first IPv6 link-local address as getifaddrs() (not vrrp_if.c) reads it. */
static bool ll6_of(const char *ifname, struct in6_addr *out)
{
	struct ifaddrs *ifa, *i;
	bool found = false;

	if (getifaddrs(&ifa))
		return false;
	for (i = ifa; i && !found; i = i->ifa_next) {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)i->ifa_addr;

		if (s && s->sin6_family == AF_INET6 && !strcmp(i->ifa_name, ifname) &&
		    IN6_IS_ADDR_LINKLOCAL(&s->sin6_addr)) {
			*out = s->sin6_addr;
			found = true;
		}
	}
	freeifaddrs(ifa);
	return found;
}

static int setup(void **state)
{
	struct in6_addr ll;
	long end;

	(void)state;
	if (unshare(CLONE_NEWNET))
		return -1;
	/* no DAD in here: link-locals are usable at once */
	write_file("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
	write_file("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
	sh("ip link set lo up && ip link add v0 type veth peer name v1 && ip link set v0 mtu 1400");
	sh("ip link set v0 up && ip link set v1 up");
	/* 192.0.2.1 is v0's primary, .7 a secondary of it, 203.0.113.1 a later primary */
	sh("ip addr add 192.0.2.1/24 dev v0 && ip addr add 192.0.2.7/24 dev v0 && ip addr add 203.0.113.1/24 dev v0");
	/* v1 in the VIPs' subnets, learning neighbours from gratuitous ARP and unsolicited NA */
	sh("ip addr add 198.51.100.2/24 dev v1 && ip addr add 2001:db8:1::2/64 dev v1");
	write_file("/proc/sys/net/ipv4/conf/v1/arp_accept", "1");
	write_file("/proc/sys/net/ipv6/conf/v1/forwarding", "1");
	write_file("/proc/sys/net/ipv6/conf/v1/accept_untracked_na", "1");
	for (end = now_ms() + WAIT_MS; !ll6_of("v0", &ll) && now_ms() < end;)
		sleep_ms(20);
	return ll6_of("v0", &ll) ? 0 : -1;
}

static struct vrrp_ipaddr vip(const char *text, uint8_t prefix)
{
	struct vrrp_ipaddr ip = { .prefix = prefix, .preferred_lft = VRRP_LFT_FOREVER };

	addr_of(text, &ip.addr);
	ip.af = strchr(text, ':') ? AF_INET6 : AF_INET;
	return ip;
}

static void test_if_get(void **state)
{
	struct vrrp_ifinfo ifi, byindex;
	struct ifreq ifr = { .ifr_name = "v0" };
	struct in6_addr ll;
	char a[INET6_ADDRSTRLEN];
	int fd;

	(void)state;
	assert_int_equal(vrrp_if_get("v0", &ifi), 0);
	assert_int_equal(ifi.ifindex, if_nametoindex("v0"));
	assert_string_equal(ifi.name, "v0");
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(ioctl(fd, SIOCGIFHWADDR, &ifr), 0);
	close(fd);
	assert_memory_equal(ifi.mac, ifr.ifr_hwaddr.sa_data, 6);
	assert_int_equal(ifi.hwtype, ARPHRD_ETHER);
	assert_true(ifi.up);
	assert_int_equal(ifi.mtu, 1400);
	assert_true(ifi.has_addr4);
	assert_string_equal(inet_ntop(AF_INET, &ifi.addr4, a, sizeof(a)), "192.0.2.1");
	assert_true(ifi.has_ll6);
	assert_true(ll6_of("v0", &ll));
	assert_memory_equal(&ifi.ll6, &ll, 16);

	assert_int_equal(vrrp_if_get_index(ifi.ifindex, &byindex), 0);
	assert_memory_equal(&byindex, &ifi, sizeof(ifi));

	/* v1 has a primary of its own, not v0's */
	assert_int_equal(vrrp_if_get("v1", &ifi), 0);
	assert_string_equal(inet_ntop(AF_INET, &ifi.addr4, a, sizeof(a)), "198.51.100.2");
	assert_int_equal(ifi.mtu, 1500);

	assert_int_equal(vrrp_if_get("nosuch0", &ifi), -ENODEV);
	assert_int_equal(vrrp_if_get_index(999999, &ifi), -ENODEV);
	assert_int_equal(vrrp_if_get("a-name-far-too-long", &ifi), -EINVAL);
}

/* `ip -o addr show dev v0`'s line for @addr ("inet ADDR/" or "inet ADDR peer"), or NULL. */
static const char *ip_line(const char *word)
{
	return line_with("ip -o addr show dev v0", word);
}

static void assert_has(const char *line, const char *what)
{
	if (!line || !strstr(line, what))
		fail_msg("\"%s\" not in: %s", what, line ? line : "(no line)");
}

static void test_vip4(void **state)
{
	struct vrrp_ipaddr ip = vip("198.51.100.10", 24), peer = vip("10.9.9.1", 32);
	int v0 = if_nametoindex("v0");
	const char *l;

	(void)state;
	ip.has_brd = true;
	addr_of("198.51.100.255", &ip.brd);
	ip.scope = 253; /* link */
	snprintf(ip.label, sizeof(ip.label), "v0:vip");
	assert_false(vrrp_ip_present(&ip, v0));
	assert_int_equal(vrrp_ip_add(&ip, v0), 0);
	l = ip_line("inet 198.51.100.10/");
	assert_has(l, "inet 198.51.100.10/24 brd 198.51.100.255 scope link v0:vip");
	assert_true(vrrp_ip_present(&ip, v0));
	assert_false(vrrp_ip_present(&ip, if_nametoindex("v1")));
	assert_int_equal(vrrp_ip_add(&ip, v0), 0);
	assert_int_equal(vrrp_ip_del(&ip, v0), 0);
	assert_null(ip_line("198.51.100.10"));
	assert_false(vrrp_ip_present(&ip, v0));
	assert_int_equal(vrrp_ip_del(&ip, v0), 0);

	/* a point-to-point VIP: the prefix is the peer's */
	peer.has_peer = true;
	addr_of("10.9.9.2", &peer.peer);
	assert_int_equal(vrrp_ip_add(&peer, v0), 0);
	assert_has(ip_line("inet 10.9.9.1 "), "inet 10.9.9.1 peer 10.9.9.2/32 scope global v0");
	assert_int_equal(vrrp_ip_add(&peer, v0), 0);
	assert_int_equal(vrrp_ip_del(&peer, v0), 0);
	assert_null(ip_line("10.9.9.1"));
	assert_int_equal(vrrp_ip_del(&peer, v0), 0);

	assert_int_equal(vrrp_ip_add(&ip, 999999), -ENODEV);
}

static void test_vip6(void **state)
{
	struct vrrp_ipaddr net = vip("2001:db8:1::51", 64), host = vip("2001:db8:1::52", 128);
	struct vrrp_ipaddr dad = vip("2001:db8:1::53", 64);
	int v0 = if_nametoindex("v0");
	const char *l;

	(void)state;
	assert_int_equal(vrrp_ip_add(&net, v0), 0);
	l = ip_line("inet6 2001:db8:1::51/");
	assert_has(l, "inet6 2001:db8:1::51/64 scope global nodad");
	assert_has(l, "preferred_lft forever");
	assert_true(vrrp_ip_present(&net, v0));
	assert_int_equal(vrrp_ip_add(&net, v0), 0);

	/* a /128 as the model leaves it: deprecated, so never a source address */
	host.preferred_lft = 0;
	assert_int_equal(vrrp_ip_add(&host, v0), 0);
	l = ip_line("inet6 2001:db8:1::52/");
	assert_has(l, "inet6 2001:db8:1::52/128 scope global nodad deprecated");
	assert_has(l, "preferred_lft 0sec");

	/* -nodad: the kernel's DAD stays (none runs here: accept_dad is 0) */
	dad.ifa_flagmask = IFA_F_NODAD;
	assert_int_equal(vrrp_ip_add(&dad, v0), 0);
	l = ip_line("inet6 2001:db8:1::53/");
	assert_has(l, "inet6 2001:db8:1::53/64 scope global");
	assert_null(strstr(l, "nodad"));

	assert_int_equal(vrrp_ip_del(&net, v0), 0);
	assert_int_equal(vrrp_ip_del(&host, v0), 0);
	assert_int_equal(vrrp_ip_del(&dad, v0), 0);
	assert_null(ip_line("2001:db8:1::5"));
	assert_false(vrrp_ip_present(&net, v0));
	assert_int_equal(vrrp_ip_del(&net, v0), 0);
	assert_int_equal(vrrp_ip_del(&host, v0), 0);
}

/* A packet socket on v1 that sees every frame arriving there from now on. */
static int sniff_v1(void)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));

	assert_true(fd >= 0);
	sll.sll_ifindex = if_nametoindex("v1");
	assert_int_equal(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), 0);
	return fd;
}

/*
 * The next frame on @fd, within WAIT_MS, of @ethertype with @want (@wlen
 * bytes) at @off: its length in @buf, or 0.
 */
static size_t sniff(int fd, uint16_t ethertype, size_t off, const void *want, size_t wlen, uint8_t *buf, size_t len)
{
	long end = now_ms() + WAIT_MS;

	for (long left; (left = end - now_ms()) > 0;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, left) <= 0)
			continue;
		n = recv(fd, buf, len, 0);
		if (n >= (ssize_t)(off + wlen) && (buf[12] << 8 | buf[13]) == ethertype && !memcmp(buf + off, want, wlen))
			return n;
	}
	return 0;
}

/* Wait for v1's kernel to hold @addr's neighbour entry with @mac (and "router" when @router). */
static void assert_neigh(const char *addr, const uint8_t *mac, bool router)
{
	char cmd[128], lladdr[64];
	const char *l = NULL;
	long end = now_ms() + WAIT_MS;

	snprintf(cmd, sizeof(cmd), "ip neigh show %s dev v1", addr);
	snprintf(lladdr, sizeof(lladdr), "lladdr %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	while (!(l = line_with(cmd, lladdr)) && now_ms() < end)
		sleep_ms(20);
	assert_has(l, lladdr);
	if (router)
		assert_has(l, "router");
	sh("ip neigh del %s dev v1", addr);
}

static void test_garp(void **state)
{
	static const uint8_t vmac[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 };
	uint8_t want[VRRP_GARP_LEN], got[128];
	struct vrrp_ifinfo ifi;
	union xvs_addr a;
	int fd;

	(void)state;
	addr_of("198.51.100.10", &a);
	assert_int_equal(vrrp_if_get("v0", &ifi), 0);

	fd = sniff_v1();
	assert_int_equal(vrrp_garp_send(&ifi, NULL, AF_INET, &a), 0);
	/* ARP's spa at 14 + 14 */
	assert_int_equal(sniff(fd, ETH_P_ARP, 28, &a.w[3], 4, got, sizeof(got)), VRRP_GARP_LEN);
	assert_int_equal(vrrp_garp_build(want, sizeof(want), ifi.mac, &a), VRRP_GARP_LEN);
	assert_memory_equal(got, want, VRRP_GARP_LEN);
	assert_neigh("198.51.100.10", ifi.mac, false);

	/* from a given MAC, on the same interface */
	assert_int_equal(vrrp_garp_send(&ifi, vmac, AF_INET, &a), 0);
	assert_int_equal(sniff(fd, ETH_P_ARP, 28, &a.w[3], 4, got, sizeof(got)), VRRP_GARP_LEN);
	assert_int_equal(vrrp_garp_build(want, sizeof(want), vmac, &a), VRRP_GARP_LEN);
	assert_memory_equal(got, want, VRRP_GARP_LEN);
	assert_memory_equal(got + 6, vmac, 6);
	assert_neigh("198.51.100.10", vmac, false);
	close(fd);

	assert_int_equal(vrrp_garp_send(&ifi, NULL, AF_UNIX, &a), -EAFNOSUPPORT);
	assert_int_equal(vrrp_if_get("lo", &ifi), 0);
	assert_int_equal(vrrp_garp_send(&ifi, NULL, AF_INET, &a), -EOPNOTSUPP);
}

static void test_na(void **state)
{
	uint8_t want[VRRP_NA_LEN], got[256];
	struct vrrp_ifinfo ifi;
	union xvs_addr a;
	int fd;

	(void)state;
	addr_of("2001:db8:1::51", &a);
	assert_int_equal(vrrp_if_get("v0", &ifi), 0);
	fd = sniff_v1();
	for (int fwd = 0; fwd <= 1; fwd++) {
		write_file("/proc/sys/net/ipv6/conf/v0/forwarding", fwd ? "1" : "0");
		assert_int_equal(vrrp_garp_send(&ifi, NULL, AF_INET6, &a), 0);
		/* the NA's target at 14 + 40 + 8 */
		assert_int_equal(sniff(fd, ETH_P_IPV6, 62, a.b, 16, got, sizeof(got)), VRRP_NA_LEN);
		assert_int_equal(vrrp_na_build(want, sizeof(want), ifi.mac, fwd, &a), VRRP_NA_LEN);
		assert_memory_equal(got, want, VRRP_NA_LEN);
		assert_int_equal(got[14 + 40 + 4], fwd ? 0xa0 : 0x20);
		/* v1 checks the hop limit and the checksum before it learns anything */
		assert_neigh("2001:db8:1::51", ifi.mac, fwd);
	}
	write_file("/proc/sys/net/ipv6/conf/v0/forwarding", "0");
	close(fd);
}

static void test_vmac(void **state)
{
	uint8_t mac[6], other[6], want[VRRP_GARP_LEN], got[128];
	int v0 = if_nametoindex("v0"), idx = 0, again = 0;
	struct vrrp_ifinfo ifi;
	union xvs_addr a;
	const char *l;
	int fd;

	(void)state;
	vrrp_vmac_mac(AF_INET, 51, mac);
	assert_int_equal(vrrp_vmac_add(v0, VMAC_NAME, mac, &idx), 0);
	assert_int_equal(idx, if_nametoindex(VMAC_NAME));
	l = line_with("ip -d -o link show " VMAC_NAME, VMAC_NAME);
	assert_has(l, VMAC_NAME "@v0: <BROADCAST,MULTICAST,UP,LOWER_UP>");
	assert_has(l, "link/ether 00:00:5e:00:01:33");
	assert_has(l, "macvlan mode private");

	/* one there already is taken over; something else of that name is not */
	assert_int_equal(vrrp_vmac_add(v0, VMAC_NAME, mac, &again), 0);
	assert_int_equal(again, idx);
	vrrp_vmac_mac(AF_INET6, 51, other);
	assert_int_equal(vrrp_vmac_add(v0, VMAC_NAME, other, &again), -EEXIST);
	assert_int_equal(vrrp_vmac_add(v0, "v1", mac, &again), -EEXIST);

	/* a GARP from the VMAC leaves through v0 */
	assert_int_equal(vrrp_if_get(VMAC_NAME, &ifi), 0);
	assert_memory_equal(ifi.mac, mac, 6);
	assert_true(ifi.up);
	addr_of("198.51.100.10", &a);
	fd = sniff_v1();
	assert_int_equal(vrrp_garp_send(&ifi, NULL, AF_INET, &a), 0);
	assert_int_equal(sniff(fd, ETH_P_ARP, 28, &a.w[3], 4, got, sizeof(got)), VRRP_GARP_LEN);
	assert_int_equal(vrrp_garp_build(want, sizeof(want), mac, &a), VRRP_GARP_LEN);
	assert_memory_equal(got, want, VRRP_GARP_LEN);
	close(fd);

	assert_int_equal(vrrp_vmac_del(VMAC_NAME), 0);
	assert_int_equal(if_nametoindex(VMAC_NAME), 0);
	assert_int_equal(vrrp_vmac_del(VMAC_NAME), 0);
	/* only a macvlan goes */
	assert_int_equal(vrrp_vmac_del("v1"), -EINVAL);
	assert_int_not_equal(if_nametoindex("v1"), 0);
}

/* Everything the monitor has said, in order. */
struct event_log {
	int n;
	struct {
		struct vrrp_if_event ev;
		char name[VRRP_IFNAMSIZ];
	} e[256];
};

static void on_event(void *arg, const struct vrrp_if_event *ev)
{
	struct event_log *log = arg;

	if (log->n == (int)(sizeof(log->e) / sizeof(log->e[0])))
		fail_msg("more events than the log holds");
	log->e[log->n].ev = *ev;
	snprintf(log->e[log->n].name, sizeof(log->e[0].name), "%s", ev->name);
	log->e[log->n].ev.name = log->e[log->n].name;
	log->n++;
}

/* The first event in @log like @want (for a link, its up; for an address, af, address, prefix), or NULL. */
static const struct vrrp_if_event *find_event(const struct event_log *log, const struct vrrp_if_event *want)
{
	for (int i = 0; i < log->n; i++) {
		const struct vrrp_if_event *ev = &log->e[i].ev;

		if (ev->ifindex != want->ifindex || ev->what != want->what)
			continue;
		if (ev->what == VRRP_IF_LINK && ev->up != want->up)
			continue;
		if ((ev->what == VRRP_IF_ADDR_ADD || ev->what == VRRP_IF_ADDR_DEL) &&
		    (ev->af != want->af || memcmp(&ev->addr, &want->addr, sizeof(ev->addr)) || ev->prefix != want->prefix))
			continue;
		return ev;
	}
	return NULL;
}

/* Read @fd into @log until an event like @want is there, within WAIT_MS. */
static const struct vrrp_if_event *wait_for(int fd, struct event_log *log, const struct vrrp_if_event *want)
{
	const struct vrrp_if_event *ev;
	long end = now_ms() + WAIT_MS;

	for (long left; !(ev = find_event(log, want)) && (left = end - now_ms()) > 0;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, left) > 0)
			assert_int_equal(vrrp_if_monitor_read(fd, on_event, log), 0);
	}
	if (!ev)
		fail_msg("no event %d for ifindex %d (up %d) within %d ms", want->what, want->ifindex, want->up, WAIT_MS);
	return ev;
}

static void test_monitor(void **state)
{
	static struct event_log log;
	int v0 = if_nametoindex("v0"), v1 = if_nametoindex("v1"), m0;
	struct vrrp_if_event want = { .what = VRRP_IF_LINK };
	const struct vrrp_if_event *ev;
	struct vrrp_ifinfo ifi;
	int fd;

	(void)state;
	fd = vrrp_if_monitor_open();
	assert_true(fd >= 0);
	/* nothing queued yet, and it does not block */
	assert_int_equal(vrrp_if_monitor_read(fd, on_event, &log), 0);
	assert_int_equal(log.n, 0);

	sh("ip link set dev v1 down");
	want.ifindex = v1;
	ev = wait_for(fd, &log, &want);
	assert_string_equal(ev->name, "v1");
	assert_int_equal(vrrp_if_get("v1", &ifi), 0);
	assert_false(ifi.up);
	/* v0 is up but its carrier is gone: down, as keepalived reads it */
	want.ifindex = v0;
	wait_for(fd, &log, &want);
	assert_int_equal(vrrp_if_get("v0", &ifi), 0);
	assert_false(ifi.up);

	log.n = 0;
	sh("ip link set dev v1 up");
	want.up = true;
	wait_for(fd, &log, &want);
	want.ifindex = v1;
	wait_for(fd, &log, &want);

	want = (struct vrrp_if_event){ .what = VRRP_IF_ADDR_ADD, .ifindex = v0, .af = AF_INET, .prefix = 24 };
	addr_of("203.0.113.9", &want.addr);
	sh("ip addr add 203.0.113.9/24 dev v0");
	ev = wait_for(fd, &log, &want);
	assert_string_equal(ev->name, "");
	want.what = VRRP_IF_ADDR_DEL;
	sh("ip addr del 203.0.113.9/24 dev v0");
	wait_for(fd, &log, &want);
	want = (struct vrrp_if_event){ .what = VRRP_IF_ADDR_ADD, .ifindex = v0, .af = AF_INET6, .prefix = 64 };
	addr_of("2001:db8:2::9", &want.addr);
	sh("ip addr add 2001:db8:2::9/64 dev v0");
	wait_for(fd, &log, &want);

	sh("ip link add m0 type veth peer name m1");
	m0 = if_nametoindex("m0");
	want = (struct vrrp_if_event){ .what = VRRP_IF_LINK, .ifindex = m0 };
	wait_for(fd, &log, &want);
	want.what = VRRP_IF_GONE;
	sh("ip link del m0");
	ev = wait_for(fd, &log, &want);
	assert_string_equal(ev->name, "m0");
	assert_false(ev->up);
	vrrp_if_monitor_close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_if_get),
		cmocka_unit_test(test_vip4),
		cmocka_unit_test(test_vip6),
		cmocka_unit_test(test_garp),
		cmocka_unit_test(test_na),
		cmocka_unit_test(test_vmac),
		cmocka_unit_test(test_monitor),
	};

	return cmocka_run_group_tests_name("vrrp interfaces", tests, setup, NULL);
}
