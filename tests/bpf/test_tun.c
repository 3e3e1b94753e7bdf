// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel packet tests: the outer headers the data plane adds for each tunnel
 * type and address family, byte by byte; the MTU limit; and xvs_decap on the
 * real-server side giving back exactly the packet the client sent.  The real
 * servers sit behind a router (192.0.2.1 / 2001:db8::1).  Needs root.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "harness.h"
#include "xvs_decap.skel.h"

#define CL4 "192.0.2.100"
#define CL6 "2001:db8::100"
#define GUE_PORT 6080

static const uint8_t router_mac[6] = { 0x02, 0x5e, 0, 0, 0, 0x01 };
static struct xvs_decap_bpf *decap;

struct tcase {
	int v6;
	int type;
	const char *vip;
	const char *rs;
};

static const struct tcase cases[] = {
	{ 0, XVS_TUN_IPIP, "192.0.2.70", "198.51.100.11" }, { 0, XVS_TUN_GUE, "192.0.2.71", "198.51.100.12" },
	{ 0, XVS_TUN_GRE, "192.0.2.72", "198.51.100.13" },  { 1, XVS_TUN_IPIP, "2001:db8::70", "2001:db8:1::11" },
	{ 1, XVS_TUN_GUE, "2001:db8::71", "2001:db8:1::12" }, { 1, XVS_TUN_GRE, "2001:db8::72", "2001:db8:1::13" },
};

/* --tun-csum (GUE and GRE) and --tun-remcsum (GUE). */
static const struct tcase csum_cases[] = {
	{ 0, XVS_TUN_GUE, "192.0.2.73", "198.51.100.14" }, { 0, XVS_TUN_GRE, "192.0.2.74", "198.51.100.15" },
	{ 1, XVS_TUN_GUE, "2001:db8::73", "2001:db8:1::14" }, { 1, XVS_TUN_GRE, "2001:db8::74", "2001:db8:1::15" },
};

/* Between families: IPv4 in IPv6 (ipip) and IPv6 in IPv4 (GUE). */
static const struct tcase mixed_cases[] = {
	{ 0, XVS_TUN_IPIP, "192.0.2.76", "2001:db8:1::16" },
	{ 1, XVS_TUN_GUE, "2001:db8::76", "198.51.100.16" },
};

static int add_decap_vip(const char *vip)
{
	union xvs_addr a;
	uint8_t one = 1;

	text_addr(vip, &a);
	return bpf_map__update_elem(decap->maps.xvs_decap_vips, &a, sizeof(a), &one, sizeof(one), 0);
}

/* A tunnel service per row, each to its own real server; --tun-remcsum
 * stands in for --tun-csum on the third checksummed row. */
static int add_cases(const struct tcase *t, size_t n, uint16_t flags)
{
	for (size_t i = 0; i < n; i++) {
		struct xvs_service s = service(IPPROTO_TCP, t[i].vip, 80, "rr");
		struct xvs_dest_cfg d = dest(t[i].rs, 80, XVS_FWD_TUNNEL, 1);

		d.tun_type = t[i].type;
		d.tun_port = t[i].type == XVS_TUN_GUE ? GUE_PORT : 0;
		d.tun_flags = flags && i == 2 ? XVS_TUN_F_REMCSUM : flags;
		if (xvs_add_service(ctx, &s) || xvs_add_dest(ctx, &s, &d) || add_decap_vip(t[i].vip))
			return -1;
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	if (harness_up("test-tun",
		       "ip neigh add 192.0.2.1 lladdr 02:5e:00:00:00:01 dev d0 nud permanent && "
		       "ip neigh add 2001:db8::1 lladdr 02:5e:00:00:00:01 dev d0 nud permanent && "
		       "ip route add 198.51.100.0/24 via 192.0.2.1 && ip route add 2001:db8:1::/64 via 2001:db8::1"))
		return -1;
	decap = xvs_decap_bpf__open();
	if (!decap)
		return -1;
	decap->rodata->gue_port = htons(GUE_PORT);
	if (xvs_decap_bpf__load(decap))
		return -1;
	if (add_cases(cases, sizeof(cases) / sizeof(cases[0]), 0) ||
	    add_cases(mixed_cases, sizeof(mixed_cases) / sizeof(mixed_cases[0]), 0) ||
	    add_cases(csum_cases, sizeof(csum_cases) / sizeof(csum_cases[0]), XVS_TUN_F_CSUM))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	xvs_decap_bpf__destroy(decap);
	return harness_down(state);
}

static struct pkt_spec client_syn(const struct tcase *c, uint16_t sport, int payload)
{
	struct pkt_spec s = { .v6 = c->v6, .proto = IPPROTO_TCP, .saddr = c->v6 ? CL6 : CL4, .daddr = c->vip,
			      .sport = sport, .dport = 80, .tcp_flags = 0x02, .frag_off = 0x4000,
			      .payload = payload };
	return s;
}

static int outer_extra(int type)
{
	return type == XVS_TUN_GUE ? XVS_GUE_LEN : type == XVS_TUN_GRE ? XVS_GRE_LEN : 0;
}

/* The outer header's bytes, field by field, as IPVS builds them. */
static void expect_outer(const struct tcase *c, const uint8_t *o, size_t inner_len)
{
	int extra = outer_extra(c->type), ip_len = c->v6 ? 40 : 20;
	uint8_t src[16], dst[16];
	const uint8_t *t = o + ip_len;
	uint8_t next = c->type == XVS_TUN_GUE ? IPPROTO_UDP : c->type == XVS_TUN_GRE ? 47 : (c->v6 ? 41 : 4);

	inet_pton(c->v6 ? AF_INET6 : AF_INET, c->v6 ? "2001:db8::2" : "192.0.2.2", src);
	inet_pton(c->v6 ? AF_INET6 : AF_INET, c->rs, dst);
	if (c->v6) {
		assert_int_equal(o[0] >> 4, 6);
		assert_int_equal((o[4] << 8) | o[5], inner_len + extra);
		assert_int_equal(o[6], next);
		assert_int_equal(o[7], 64); /* the inner hop limit */
		assert_memory_equal(o + 8, src, 16);
		assert_memory_equal(o + 24, dst, 16);
	} else {
		assert_int_equal(o[0], 0x45);
		assert_int_equal((o[2] << 8) | o[3], inner_len + 20 + extra);
		assert_int_equal(o[6] & 0x40, 0x40); /* DF copied from the inner packet */
		assert_int_equal(o[8], 64);          /* the inner TTL */
		assert_int_equal(o[9], next);
		assert_int_equal(pkt_fold(pkt_sum(o, 20, 0)), 0xffff);
		assert_memory_equal(o + 12, src, 4);
		assert_memory_equal(o + 16, dst, 4);
	}
	if (c->type == XVS_TUN_GUE) {
		static const uint8_t gue4[4] = { 0, 4, 0, 0 }, gue6[4] = { 0, 41, 0, 0 };

		assert_int_equal((t[2] << 8) | t[3], GUE_PORT);
		assert_int_equal((t[4] << 8) | t[5], inner_len + XVS_GUE_LEN);
		assert_int_equal(t[6] | t[7], 0); /* --tun-nocsum */
		assert_true(((t[0] << 8) | t[1]) >= 49152);
		assert_memory_equal(t + 8, c->v6 ? gue6 : gue4, 4);
	} else if (c->type == XVS_TUN_GRE) {
		static const uint8_t gre4[4] = { 0, 0, 0x08, 0x00 }, gre6[4] = { 0, 0, 0x86, 0xdd };

		assert_memory_equal(t, c->v6 ? gre6 : gre4, 4);
	}
}

/* xvs_decap, given the encapsulated frame @r, passes exactly the client's
 * frame @in of @len bytes (but for the MACs). */
static void expect_decap_gives_back(const struct run *r, const uint8_t *in, size_t len)
{
	uint8_t back[PKT_MAX];
	struct xdp_md md = { .data_end = r->out_len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, op, .data_in = r->out, .data_size_in = r->out_len, .data_out = back,
		    .data_size_out = sizeof(back), .ctx_in = &md, .ctx_size_in = sizeof(md));

	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(decap->progs.xvs_decap), &op), 0);
	assert_int_equal(op.retval, XDP_PASS);
	assert_int_equal(op.data_size_out, len);
	assert_memory_equal(back + 12, in + 12, len - 12);
}

/* Encapsulate, check the outer bytes, decapsulate, get the original back. */
static void test_encap_each_type_and_family(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		struct pkt_spec s = client_syn(c, 50000 + i, 100);
		uint8_t in[PKT_MAX];
		size_t len = pkt_build(&s, in), inner_len = len - 14;
		int encap = (c->v6 ? 40 : 20) + outer_extra(c->type);
		struct run r = run_frame(in, len);

		print_message("case %zu: %s type %d\n", i, c->v6 ? "v6" : "v4", c->type);
		assert_int_equal(r.action, XDP_TX);
		assert_int_equal(r.out_len, len + encap);
		assert_memory_equal(r.out, router_mac, 6);
		assert_memory_equal(r.out + 6, if_mac, 6);
		expect_outer(c, r.out + 14, inner_len);
		assert_memory_equal(r.out + 14 + encap, in + 14, inner_len);

		expect_decap_gives_back(&r, in, len);
	}
}

/*
 * Checksummed tunnels: the GUE UDP checksum (over its pseudo-header) and the
 * GRE checksum (RFC 2784) must be right over the whole packet, computed here
 * byte by byte; xvs_decap still gives the client's packet back.
 */
static void test_tunnel_checksums(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(csum_cases) / sizeof(csum_cases[0]); i++) {
		const struct tcase *c = &csum_cases[i];
		struct pkt_spec s = client_syn(c, 53000 + i, 77);
		uint8_t in[PKT_MAX];
		size_t len = pkt_build(&s, in);
		int iplen = c->v6 ? 40 : 20;
		struct run r = run_frame(in, len);
		const uint8_t *o = r.out + 14, *t = o + iplen;
		size_t tlen = r.out_len - 14 - iplen;

		assert_int_equal(r.action, XDP_TX);
		if (c->type == XVS_TUN_GUE) {
			uint32_t sum = c->v6 ? pkt_sum(o + 8, 32, 0) : pkt_sum(o + 12, 8, 0);

			sum += tlen + IPPROTO_UDP;
			assert_int_not_equal(t[6] | t[7], 0);
			assert_int_equal(pkt_fold(pkt_sum(t, tlen, sum)), 0xffff);
		} else {
			assert_int_equal(t[0], 0x80); /* C bit */
			assert_int_equal(r.out_len, len + iplen + 8);
			assert_int_equal(pkt_fold(pkt_sum(t, tlen, 0)), 0xffff);
		}
		expect_decap_gives_back(&r, in, len);
	}
}

/* IPv4 clients to IPv6 real servers and the other way round: the outer
 * header is the real server's family and names the inner one's protocol. */
static void test_tunnels_between_families(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(mixed_cases) / sizeof(mixed_cases[0]); i++) {
		const struct tcase *c = &mixed_cases[i];
		struct pkt_spec s = client_syn(c, 54000 + i, 50);
		uint8_t in[PKT_MAX], dst[16];
		size_t len = pkt_build(&s, in);
		int outer_v6 = !c->v6, olen = outer_v6 ? 40 : 20, extra = outer_extra(c->type);
		struct run r = run_frame(in, len);
		const uint8_t *o = r.out + 14;

		assert_int_equal(r.action, XDP_TX);
		assert_int_equal((r.out[12] << 8) | r.out[13], outer_v6 ? 0x86dd : 0x0800);
		assert_int_equal(r.out_len, len + olen + extra);
		inet_pton(outer_v6 ? AF_INET6 : AF_INET, c->rs, dst);
		if (outer_v6) {
			assert_int_equal(o[6], 4); /* IPv4 in IPv6 */
			assert_memory_equal(o + 24, dst, 16);
		} else {
			assert_int_equal(o[9], IPPROTO_UDP);
			assert_int_equal(o[20 + 9], 41); /* GUE carrying IPv6 */
			assert_memory_equal(o + 16, dst, 4);
			assert_int_equal(pkt_fold(pkt_sum(o, 20, 0)), 0xffff);
		}
		assert_memory_equal(o + olen + extra, in + 14, len - 14);
		expect_decap_gives_back(&r, in, len);
	}
}

/* A frame of @ip_len bytes of IP (headers of @c's family, the rest zero). */
static size_t big_frame(const struct tcase *c, uint8_t *f, uint16_t sport, int ip_len)
{
	struct pkt_spec s = client_syn(c, sport, 0);

	memset(f, 0, 2048);
	pkt_build(&s, f);
	if (c->v6) {
		f[14 + 4] = (ip_len - 40) >> 8;
		f[14 + 5] = (ip_len - 40) & 0xff;
	} else {
		uint16_t sum;

		f[14 + 2] = ip_len >> 8;
		f[14 + 3] = ip_len & 0xff;
		f[14 + 10] = f[14 + 11] = 0;
		sum = pkt_csum(f + 14, 20);
		memcpy(f + 14 + 10, &sum, 2);
	}
	return 14 + ip_len;
}

/*
 * A packet too big for the tunnel is answered with ICMP "fragmentation
 * needed" / ICMPv6 "packet too big" carrying the MTU left inside the tunnel
 * (1500 - 20 for IPIP, 1500 - 40 for IPv6-in-IPv6), from the VIP to the
 * client, quoting the invoking header and 8 bytes; checksums recomputed here.
 */
static void test_too_big_answered_with_icmp(void **state)
{
	(void)state;
	for (int k = 0; k < 2; k++) {
		const struct tcase *c = &cases[k ? 3 : 0];
		int quote = c->v6 ? 48 : 28, iplen = c->v6 ? 40 : 20;
		static uint8_t big[2048];
		uint8_t out[2048], a[16];
		size_t len = big_frame(c, big, 51000 + k, 1490);
		uint64_t before = reason(XVS_R_TUN_TOO_BIG);
		struct xdp_md md = { .data_end = len, .ingress_ifindex = ifindex };
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = big, .data_size_in = len, .data_out = out,
			    .data_size_out = sizeof(out), .ctx_in = &md, .ctx_size_in = sizeof(md));
		const uint8_t *ip = out + 14, *ic = ip + iplen;

		assert_int_equal(bpf_prog_test_run_opts(ctx->prog_fd, &o), 0);
		assert_int_equal(o.retval, XDP_TX);
		assert_int_equal(reason(XVS_R_TUN_TOO_BIG), before + 1);
		assert_int_equal(o.data_size_out, 14 + iplen + 8 + quote);
		assert_memory_equal(out, pkt_client_mac, 6);
		assert_memory_equal(out + 6, pkt_dir_mac, 6);
		assert_memory_equal(ic + 8, big + 14, quote);
		if (c->v6) {
			uint32_t sum;

			assert_int_equal(ip[6], 58);
			inet_pton(AF_INET6, c->vip, a);
			assert_memory_equal(ip + 8, a, 16);
			inet_pton(AF_INET6, CL6, a);
			assert_memory_equal(ip + 24, a, 16);
			assert_int_equal(ic[0], 2);
			assert_int_equal(ic[1], 0);
			assert_int_equal((ic[4] << 24) | (ic[5] << 16) | (ic[6] << 8) | ic[7], 1500 - 40);
			sum = pkt_sum(ip + 8, 32, 0) + 8 + quote + 58;
			assert_int_equal(pkt_fold(pkt_sum(ic, 8 + quote, sum)), 0xffff);
		} else {
			assert_int_equal(ip[9], 1);
			assert_int_equal(pkt_fold(pkt_sum(ip, 20, 0)), 0xffff);
			inet_pton(AF_INET, c->vip, a);
			assert_memory_equal(ip + 12, a, 4);
			inet_pton(AF_INET, CL4, a);
			assert_memory_equal(ip + 16, a, 4);
			assert_int_equal(ic[0], 3);
			assert_int_equal(ic[1], 4);
			assert_int_equal((ic[6] << 8) | ic[7], 1500 - 20);
			assert_int_equal(pkt_fold(pkt_sum(ic, 8 + quote, 0)), 0xffff);
		}
	}
}

/* Without DF an IPv4 packet too big for the tunnel is dropped, counted. */
static void test_too_big_without_df_dropped(void **state)
{
	static uint8_t big[2048];
	size_t len = big_frame(&cases[0], big, 51100, 1490);
	uint64_t before = reason(XVS_R_TUN_TOO_BIG);
	struct xdp_md md = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = big, .data_size_in = len, .ctx_in = &md,
		    .ctx_size_in = sizeof(md));
	uint16_t sum;

	(void)state;
	big[14 + 6] = 0; /* clear DF */
	big[14 + 10] = big[14 + 11] = 0;
	sum = pkt_csum(big + 14, 20);
	memcpy(big + 24, &sum, 2);
	assert_int_equal(bpf_prog_test_run_opts(ctx->prog_fd, &o), 0);
	assert_int_equal(o.retval, XDP_DROP);
	assert_int_equal(reason(XVS_R_TUN_TOO_BIG), before + 1);
}

/* xvs_decap leaves alone what is not a tunnel to one of its VIPs. */
static void test_decap_passes_others(void **state)
{
	const struct tcase other = { 0, XVS_TUN_IPIP, "192.0.2.70", "198.51.100.11" };
	struct pkt_spec plain = client_syn(&other, 52000, 10);
	uint8_t f[PKT_MAX], out[PKT_MAX];
	struct run r;
	size_t len;

	(void)state;
	/* a tunnel whose inner packet is for an address that is no VIP */
	plain.daddr = "192.0.2.99";
	len = pkt_build(&plain, f);
	f[14 + 9] = 4; /* pretend IPIP: the "inner" header is the TCP one */
	for (int k = 0; k < 2; k++) {
		struct xdp_md md = { .data_end = len, .ingress_ifindex = ifindex };
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = len, .data_out = out,
			    .data_size_out = sizeof(out), .ctx_in = &md, .ctx_size_in = sizeof(md));

		assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(decap->progs.xvs_decap), &o), 0);
		assert_int_equal(o.retval, XDP_PASS);
		assert_int_equal(o.data_size_out, len);
		assert_memory_equal(out, f, len);
		/* and a plain TCP packet to a VIP */
		plain.daddr = "192.0.2.70";
		len = pkt_build(&plain, f);
	}
	(void)r;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encap_each_type_and_family),
		cmocka_unit_test(test_tunnel_checksums),
		cmocka_unit_test(test_tunnels_between_families),
		cmocka_unit_test(test_too_big_answered_with_icmp),
		cmocka_unit_test(test_too_big_without_df_dropped),
		cmocka_unit_test(test_decap_passes_others),
	};

	return cmocka_run_group_tests_name("bpf tunnels", tests, setup, teardown);
}
