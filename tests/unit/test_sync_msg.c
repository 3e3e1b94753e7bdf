// SPDX-License-Identifier: GPL-2.0
/*
 * IPVS's sync messages (lib/sync_msg.c) against messages written by hand
 * from ip_vs_sync.c's structs: each entry encodes to those bytes and reads
 * back to its fields; messages fill up where IPVS's would; and whatever
 * makes ip_vs_process_message() drop the rest of a message is refused
 * whole, nothing delivered.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hexaddr.h"

#include "xvs_sync.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* v1 header: reserved 0, syncid 5, @size, @nr conns, version 1, spare 0 */
#define HDR1(size, nr) "00" "05" size nr "01" "0000"
/* v0 header: @nr conns, syncid 5, @size */
#define HDR0(nr, size) nr "05" size

/*
 * v1 entries (struct ip_vs_sync_v4 / _v6).  E_TCP_DR is split after its
 * ver_size so that the malformed messages can vary it.
 */
#define E_TCP_DR_HEAD "00" "06" /* type IPv4, TCP */
#define E_TCP_DR_REST \
	"00000003" /* flags: DROUTE */ \
	"0001"     /* state ESTABLISHED */ \
	"9c40"     /* cport 40000 */ \
	"0050"     /* vport 80 */ \
	"0050"     /* dport 80 */ \
	"00000000" /* fwmark */ \
	"00000384" /* timeout 900 s */ \
	"c000020a" /* caddr 192.0.2.10 */ \
	"0a000064" /* vaddr 10.0.0.100 */ \
	"0a000002" /* daddr 10.0.0.2 */
#define E_TCP_DR E_TCP_DR_HEAD "0024" /* ver_size: version 0, 36 bytes */ E_TCP_DR_REST

#define E_UDP6 \
	"01" "11" "0048"                   /* type IPv6, UDP, 72 bytes */ \
	"00000000"                         /* flags: MASQ */ \
	"0000"                             /* state (UDP has one) */ \
	"14e9" "0035" "0035"               /* cport 5353, vport 53, dport 53 */ \
	"00000000"                         /* fwmark */ \
	"0000012c"                         /* timeout 300 s */ \
	"20010db8000000000000000000000010" /* caddr 2001:db8::10 */ \
	"20010db8000100000000000000000001" /* vaddr 2001:db8:1::1 */ \
	"20010db8000200000000000000000002" /* daddr 2001:db8:2::2 */

/* A mark service's template: protocol IP, the mark as its virtual address. */
#define E_MARK_TPL \
	"00" "00" "0024"   /* type IPv4, IPPROTO_IP, 36 bytes */ \
	"00001003"         /* flags: TEMPLATE | DROUTE */ \
	"0000"             /* state CTPL_NONE */ \
	"0000" "0000" "0000" /* cport, vport, dport 0 */ \
	"00000007"         /* fwmark 7 */ \
	"00000168"         /* timeout 360 s (persistence) */ \
	"c000020a"         /* caddr 192.0.2.10 */ \
	"00000007"         /* vaddr 0.0.0.7 */ \
	"0a000002"         /* daddr 10.0.0.2 */

/* A SIP persistence template: PE data (the Call-ID), then the PE's name. */
#define E_SIP_TPL \
	"00" "11" "0036"         /* type IPv4, UDP, 54 bytes */ \
	"00001000"               /* flags: TEMPLATE | MASQ */ \
	"0000"                   /* state CTPL_NONE */ \
	"0000" "13c4" "13c4"     /* cport 0, vport 5060, dport 5060 */ \
	"00000000"               /* fwmark */ \
	"00000168"               /* timeout 360 s */ \
	"c000020a" "0a000064" "0a000003" /* 192.0.2.10, 10.0.0.100, 10.0.0.3 */ \
	"02" "0b" "61626331323340686f7374" /* PE_DATA, 11: "abc123@host" */ \
	"03" "03" "736970"       /* PE_NAME, 3: "sip" */

/* v0 entries (struct ip_vs_sync_conn_v0) */
#define E0_TCP_DR \
	"00" "06"                        /* reserved, TCP */ \
	"9c40" "0050" "0050"             /* cport 40000, vport 80, dport 80 */ \
	"c000020a" "0a000064" "0a000002" /* caddr, vaddr, daddr */ \
	"0003"                           /* flags: DROUTE */ \
	"0001"                           /* state ESTABLISHED */
#define E0_FTP_HEAD \
	"00" "06" "c350" "0015" "0015"   /* TCP, cport 50000, vport 21, dport 21 */ \
	"c000020a" "0a000064" "0a000003" \
	"0600"                           /* flags: IN_SEQ | OUT_SEQ | MASQ */ \
	"0001"                           /* state ESTABLISHED */
/* struct ip_vs_sync_conn_options: in_seq, out_seq {init_seq, delta, previous_delta} */
#define SEQ_ZERO "000000000000000000000000" "000000000000000000000000"

/* A connection as text; ports in host order here. */
struct conn_text {
	int af;
	uint8_t proto;
	uint32_t flags;
	uint16_t state;
	const char *caddr, *vaddr, *daddr;
	uint16_t cport, vport, dport;
	uint32_t fwmark, timeout;
	const char *pe_data, *pe_name;
};

static const struct conn_text tcp_dr = {
	.af = AF_INET, .proto = IPPROTO_TCP, .flags = XVS_FWD_DROUTE, .state = XVS_TCP_ESTABLISHED,
	.caddr = "192.0.2.10", .vaddr = "10.0.0.100", .daddr = "10.0.0.2",
	.cport = 40000, .vport = 80, .dport = 80, .timeout = 900,
};
static const struct conn_text udp6 = {
	.af = AF_INET6, .proto = IPPROTO_UDP, .flags = XVS_FWD_MASQ,
	.caddr = "2001:db8::10", .vaddr = "2001:db8:1::1", .daddr = "2001:db8:2::2",
	.cport = 5353, .vport = 53, .dport = 53, .timeout = 300,
};
static const struct conn_text mark_tpl = {
	.af = AF_INET, .proto = IPPROTO_IP, .flags = XVS_SYNC_F_TEMPLATE | XVS_FWD_DROUTE, .state = XVS_CTPL_NONE,
	.caddr = "192.0.2.10", .vaddr = "0.0.0.7", .daddr = "10.0.0.2", .fwmark = 7, .timeout = 360,
};
static const struct conn_text sip_tpl = {
	.af = AF_INET, .proto = IPPROTO_UDP, .flags = XVS_SYNC_F_TEMPLATE | XVS_FWD_MASQ, .state = XVS_CTPL_NONE,
	.caddr = "192.0.2.10", .vaddr = "10.0.0.100", .daddr = "10.0.0.3", .vport = 5060, .dport = 5060,
	.timeout = 360, .pe_data = "abc123@host", .pe_name = "sip",
};
/* an FTP control connection through NAT, whose sequences IPVS adjusts */
static const struct conn_text ftp = {
	.af = AF_INET, .proto = IPPROTO_TCP, .flags = XVS_SYNC_F_SEQ_MASK | XVS_FWD_MASQ,
	.state = XVS_TCP_ESTABLISHED, .caddr = "192.0.2.10", .vaddr = "10.0.0.100", .daddr = "10.0.0.3",
	.cport = 50000, .vport = 21, .dport = 21, .timeout = 900,
};

static struct xvs_sync_conn conn_of(const struct conn_text *t)
{
	struct xvs_sync_conn c;

	memset(&c, 0, sizeof(c));
	c.af = t->af;
	c.proto = t->proto;
	c.flags = t->flags;
	c.state = t->state;
	addr_of(t->caddr, &c.caddr);
	addr_of(t->vaddr, &c.vaddr);
	addr_of(t->daddr, &c.daddr);
	c.cport = htons(t->cport);
	c.vport = htons(t->vport);
	c.dport = htons(t->dport);
	c.fwmark = t->fwmark;
	c.timeout = t->timeout;
	if (t->pe_data) {
		c.pe_data_len = strlen(t->pe_data);
		memcpy(c.pe_data, t->pe_data, c.pe_data_len);
	}
	if (t->pe_name) {
		c.pe_name_len = strlen(t->pe_name);
		memcpy(c.pe_name, t->pe_name, c.pe_name_len);
	}
	return c;
}

/* What a v0 message gives back of @c: no timeout, mark or PE data. */
static struct xvs_sync_conn as_v0(struct xvs_sync_conn c)
{
	c.timeout = 0;
	c.fwmark = 0;
	c.pe_data_len = c.pe_name_len = 0;
	memset(c.pe_data, 0, sizeof(c.pe_data));
	memset(c.pe_name, 0, sizeof(c.pe_name));
	c.has_seq = c.flags & XVS_SYNC_F_SEQ_MASK;
	return c;
}

static void assert_conn_equal(const struct xvs_sync_conn *got, const struct xvs_sync_conn *want)
{
	assert_int_equal(got->af, want->af);
	assert_int_equal(got->proto, want->proto);
	assert_int_equal(got->flags, want->flags);
	assert_int_equal(got->state, want->state);
	assert_int_equal(got->cport, want->cport);
	assert_int_equal(got->vport, want->vport);
	assert_int_equal(got->dport, want->dport);
	assert_int_equal(got->fwmark, want->fwmark);
	assert_int_equal(got->timeout, want->timeout);
	assert_memory_equal(&got->caddr, &want->caddr, sizeof(union xvs_addr));
	assert_memory_equal(&got->vaddr, &want->vaddr, sizeof(union xvs_addr));
	assert_memory_equal(&got->daddr, &want->daddr, sizeof(union xvs_addr));
	assert_int_equal(got->has_seq, want->has_seq);
	assert_int_equal(got->pe_name_len, want->pe_name_len);
	assert_memory_equal(got->pe_name, want->pe_name, want->pe_name_len);
	assert_int_equal(got->pe_data_len, want->pe_data_len);
	assert_memory_equal(got->pe_data, want->pe_data, want->pe_data_len);
}

/* Entries a parse delivered, kept for checking. */
struct got {
	unsigned n;
	struct xvs_sync_conn c[300];
};

static void keep(const struct xvs_sync_conn *c, void *arg)
{
	struct got *g = arg;

	assert_true(g->n < ARRAY_SIZE(g->c));
	g->c[g->n++] = *c;
}

/* Parse message @hex from a heap block of exactly its length, so that a sanitizer sees any overread. */
static int parse_hex(const char *hex, unsigned syncid, struct got *g, int *version)
{
	uint8_t tmp[2048], *buf;
	size_t len = unhex(hex, tmp, sizeof(tmp));
	int ret;

	buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, tmp, len);
	g->n = 0;
	ret = xvs_sync_msg_parse(buf, len, syncid, keep, g, version);
	free(buf);
	return ret;
}

/* One message as the master builds it: @n connections, version @version, syncid 5. */
static void expect_encoded(int version, const struct conn_text *const *conns, size_t n, const char *hex)
{
	uint8_t buf[XVS_SYNC_MAXLEN], want[XVS_SYNC_MAXLEN];
	size_t want_len = unhex(hex, want, sizeof(want));
	struct xvs_sync_msg m;

	xvs_sync_msg_init(&m, buf, sizeof(buf), version, 5);
	for (size_t i = 0; i < n; i++) {
		struct xvs_sync_conn c = conn_of(conns[i]);

		assert_int_equal(xvs_sync_msg_add(&m, &c), 0);
	}
	assert_int_equal(xvs_sync_msg_end(&m), want_len);
	assert_memory_equal(buf, want, want_len);
}

/* One message as the backup reads it. */
static void expect_parsed(int version, const struct conn_text *const *conns, size_t n, const char *hex)
{
	struct got g;
	int v = -1;

	assert_int_equal(parse_hex(hex, 5, &g, &v), n);
	assert_int_equal(v, version);
	assert_int_equal(g.n, n);
	for (size_t i = 0; i < n; i++) {
		struct xvs_sync_conn want = conn_of(conns[i]);

		if (!version)
			want = as_v0(want);
		assert_conn_equal(&g.c[i], &want);
	}
}

struct message {
	const char *name;
	int version;
	const struct conn_text *conns[4];
	size_t n;
	const char *hex;
};

static const struct message messages[] = {
	{ "v1 IPv4 TCP ESTABLISHED DR", 1, { &tcp_dr }, 1, HDR1("002c", "01") E_TCP_DR },
	{ "v1 IPv6 UDP", 1, { &udp6 }, 1, HDR1("0050", "01") E_UDP6 },
	{ "v1 mark service template", 1, { &mark_tpl }, 1, HDR1("002c", "01") E_MARK_TPL },
	{ "v1 SIP template, PE_DATA and PE_NAME", 1, { &sip_tpl }, 1, HDR1("003e", "01") E_SIP_TPL },
	/* 54 bytes of SIP template, 2 of padding, then the next entry */
	{ "v1 four entries, padded", 1, { &sip_tpl, &tcp_dr, &udp6, &mark_tpl }, 4,
	  HDR1("00d0", "04") E_SIP_TPL "0000" E_TCP_DR E_UDP6 E_MARK_TPL },
	{ "v0 one entry", 0, { &tcp_dr }, 1, HDR0("01", "001c") E0_TCP_DR },
	{ "v0 with sequence options", 0, { &tcp_dr, &ftp }, 2, HDR0("02", "004c") E0_TCP_DR E0_FTP_HEAD SEQ_ZERO },
};

/* The master puts each message's connections in exactly those bytes. */
static void test_encode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(messages); i++) {
		printf("# %s\n", messages[i].name);
		expect_encoded(messages[i].version, messages[i].conns, messages[i].n, messages[i].hex);
	}
}

/* The backup reads the connections back out of them. */
static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(messages); i++) {
		printf("# %s\n", messages[i].name);
		expect_parsed(messages[i].version, messages[i].conns, messages[i].n, messages[i].hex);
	}
}

/* A v0 message carries IPVS's real sequence data (host order); xvs notes it and ignores it. */
static void test_parse_v0_seq_data(void **state)
{
	const struct conn_text *conns[] = { &ftp };
	(void)state;
	expect_parsed(0, conns, 1,
		      HDR0("01", "0034") E0_FTP_HEAD
		      "78563412" "10000000" "00000000"  /* in_seq: init_seq, delta, previous_delta */
		      "efbeadde" "f0ffffff" "00000000"); /* out_seq */
}

/* What xvs leaves out: v0 has no room for PE data, v1 gets no SEQ_DATA, HASHED is never sent. */
static void test_encode_leaves_out(void **state)
{
	const struct conn_text *sip[] = { &sip_tpl }, *ftp1[] = { &ftp };
	struct conn_text hashed = tcp_dr;
	const struct conn_text *h[] = { &hashed };
	(void)state;

	expect_encoded(0, sip, 1,
		       HDR0("01", "001c") "00" "11" "0000" "13c4" "13c4" /* UDP, cport 0, vport/dport 5060 */
		       "c000020a" "0a000064" "0a000003" "1000" "0000");  /* addresses, TEMPLATE, state */
	/* the flags still say IN_SEQ | OUT_SEQ; a v1 backup takes no options from that */
	expect_encoded(1, ftp1, 1,
		       HDR1("002c", "01") "00" "06" "0024" "00000600" "0001" /* 36 bytes, SEQ flags, ESTABLISHED */
		       "c350" "0015" "0015" "00000000" "00000384"             /* ports, fwmark, timeout */
		       "c000020a" "0a000064" "0a000003");
	hashed.flags |= XVS_SYNC_F_HASHED;
	expect_encoded(1, h, 1, HDR1("002c", "01") E_TCP_DR);
	expect_encoded(0, h, 1, HDR0("01", "001c") E0_TCP_DR);
}

static uint32_t rnd_state;

/* A small deterministic generator (Numerical Recipes' LCG), the high bits. */
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1664525 + 1013904223;
	return rnd_state >> 8;
}

static void rnd_bytes(void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((uint8_t *)p)[i] = rnd();
}

static struct xvs_sync_conn rnd_conn(int version)
{
	struct xvs_sync_conn c;

	memset(&c, 0, sizeof(c));
	c.af = version && rnd() % 2 ? AF_INET6 : AF_INET;
	c.proto = rnd();
	c.flags = (version ? rnd() << 8 ^ rnd() : rnd() & 0xffff) & ~XVS_SYNC_F_HASHED;
	c.state = rnd();
	c.cport = rnd();
	c.vport = rnd();
	c.dport = rnd();
	c.fwmark = rnd() << 8 ^ rnd();
	c.timeout = rnd() << 8 ^ rnd();
	rnd_bytes(&c.caddr, 16);
	rnd_bytes(&c.vaddr, 16);
	rnd_bytes(&c.daddr, 16);
	if (c.af == AF_INET) {
		c.caddr.w[0] = c.caddr.w[1] = c.vaddr.w[0] = c.vaddr.w[1] = c.daddr.w[0] = c.daddr.w[1] = 0;
		c.caddr.w[2] = c.vaddr.w[2] = c.daddr.w[2] = htonl(0xffff);
	}
	c.pe_name_len = rnd() % 3 ? 0 : 1 + rnd() % XVS_SYNC_PE_NAME_MAX;
	rnd_bytes(c.pe_name, c.pe_name_len);
	if (c.pe_name_len && rnd() % 2) {
		c.pe_data_len = 1 + rnd() % XVS_SYNC_PE_DATA_MAX;
		rnd_bytes(c.pe_data, c.pe_data_len);
	}
	return c;
}

/* Random connections fill messages of random sizes and come back out as they went in. */
static void test_round_trip(void **state)
{
	(void)state;
	rnd_state = 1;
	for (int round = 0; round < 200; round++) {
		int version = round % 2;
		size_t maxlen = 400 + rnd() % 3000;
		struct xvs_sync_conn sent[255];
		struct xvs_sync_msg m;
		uint8_t buf[4096];
		struct got g;
		unsigned n = 0;
		size_t len;
		int v = -1;

		xvs_sync_msg_init(&m, buf, maxlen, version, 9);
		for (;;) {
			int ret;

			sent[n] = rnd_conn(version);
			ret = xvs_sync_msg_add(&m, &sent[n]);
			if (ret == -ENOSPC)
				break;
			assert_int_equal(ret, 0);
			n++;
		}
		len = xvs_sync_msg_end(&m);
		assert_true(n > 0 && len <= maxlen);
		g.n = 0;
		assert_int_equal(xvs_sync_msg_parse(buf, len, 9, keep, &g, &v), n);
		assert_int_equal(v, version);
		assert_int_equal(g.n, n);
		for (unsigned i = 0; i < n; i++) {
			struct xvs_sync_conn want = version ? sent[i] : as_v0(sent[i]);

			assert_conn_equal(&g.c[i], &want);
		}
	}
}

/* How many copies of @t a message of @maxlen takes before -ENOSPC; *@len its length. */
static unsigned fill(const struct conn_text *t, int version, size_t maxlen, size_t *len)
{
	static uint8_t buf[65536];
	struct xvs_sync_conn c = conn_of(t);
	struct xvs_sync_msg m;
	unsigned n = 0;
	int ret;

	xvs_sync_msg_init(&m, buf, maxlen, version, 1);
	while ((ret = xvs_sync_msg_add(&m, &c)) == 0)
		n++;
	assert_int_equal(ret, -ENOSPC);
	*len = xvs_sync_msg_end(&m);
	return n;
}

/*
 * Where IPVS's master starts another buffer (ip_vs_sync_conn(): head + pad +
 * len > end): 1472 bytes hold the 8-byte header and 40 IPv4 entries of 36
 * (1448; a 41st would make 1484), or 20 IPv6 entries of 72; v0 after its
 * 4-byte header 61 entries of 24, or 30 of 48 with sequence options.
 */
static void test_full(void **state)
{
	size_t len;
	(void)state;

	assert_int_equal(fill(&tcp_dr, 1, XVS_SYNC_MAXLEN, &len), 40);
	assert_int_equal(len, 8 + 40 * 36);
	assert_int_equal(fill(&udp6, 1, XVS_SYNC_MAXLEN, &len), 20);
	assert_int_equal(len, 8 + 20 * 72);
	assert_int_equal(fill(&tcp_dr, 0, XVS_SYNC_MAXLEN, &len), 61);
	assert_int_equal(len, 4 + 61 * 24);
	assert_int_equal(fill(&ftp, 0, XVS_SYNC_MAXLEN, &len), 30);
	assert_int_equal(len, 4 + 30 * 48);
	/* exactly at the boundary, and one byte short of it */
	assert_int_equal(fill(&tcp_dr, 1, 8 + 2 * 36, &len), 2);
	assert_int_equal(fill(&tcp_dr, 1, 8 + 2 * 36 - 1, &len), 1);
	/* nr_conns is a byte: a big message stops at 255 entries */
	assert_int_equal(fill(&tcp_dr, 1, 65535, &len), 255);
	assert_int_equal(len, 8 + 255 * 36);
	assert_int_equal(fill(&tcp_dr, 0, 65535, &len), 255);
}

/* The padding before an entry counts: 54 + 2 + 36 fills 100 bytes exactly. */
static void test_full_padding(void **state)
{
	struct xvs_sync_conn sip = conn_of(&sip_tpl), tcp = conn_of(&tcp_dr);
	struct xvs_sync_msg m;
	uint8_t buf[128];
	(void)state;

	xvs_sync_msg_init(&m, buf, 99, 1, 5);
	assert_int_equal(xvs_sync_msg_add(&m, &sip), 0);
	assert_int_equal(xvs_sync_msg_add(&m, &tcp), -ENOSPC);
	assert_int_equal(xvs_sync_msg_end(&m), 62);
	xvs_sync_msg_init(&m, buf, 100, 1, 5);
	assert_int_equal(xvs_sync_msg_add(&m, &sip), 0);
	assert_int_equal(xvs_sync_msg_add(&m, &tcp), 0);
	assert_int_equal(xvs_sync_msg_end(&m), 100);
}

/* What no message can carry is -EINVAL, and leaves the message as it was. */
static void test_encode_invalid(void **state)
{
	struct xvs_sync_conn c, tcp = conn_of(&tcp_dr);
	struct xvs_sync_msg m;
	uint8_t buf[XVS_SYNC_MAXLEN];
	(void)state;

	xvs_sync_msg_init(&m, buf, sizeof(buf), 0, 5);
	c = conn_of(&udp6);
	assert_int_equal(xvs_sync_msg_add(&m, &c), -EINVAL); /* v0 is IPv4 only */
	assert_int_equal(xvs_sync_msg_end(&m), 0);

	xvs_sync_msg_init(&m, buf, sizeof(buf), 1, 5);
	c = conn_of(&sip_tpl);
	c.pe_name_len = XVS_SYNC_PE_NAME_MAX + 1;
	assert_int_equal(xvs_sync_msg_add(&m, &c), -EINVAL);
	c = conn_of(&sip_tpl);
	c.pe_name_len = 0; /* a backup drops PE data with no engine named */
	assert_int_equal(xvs_sync_msg_add(&m, &c), -EINVAL);
	c = conn_of(&tcp_dr);
	c.af = AF_UNSPEC;
	assert_int_equal(xvs_sync_msg_add(&m, &c), -EINVAL);
	assert_int_equal(xvs_sync_msg_end(&m), 0);

	/* bigger than the message could ever be: 8 + 36 > 43 */
	xvs_sync_msg_init(&m, buf, 43, 1, 5);
	assert_int_equal(xvs_sync_msg_add(&m, &tcp), -EINVAL);
	xvs_sync_msg_init(&m, buf, 44, 1, 5);
	assert_int_equal(xvs_sync_msg_add(&m, &tcp), 0);
	assert_int_equal(xvs_sync_msg_end(&m), 44);
}

struct bad {
	const char *name;
	const char *hex;
};

/* options: type, length, data */
#define O_PE_DATA_A "020161"       /* PE_DATA "a" */
#define O_PE_NAME_SIP "0303736970" /* PE_NAME "sip" */
#define ZERO_23 "0000000000000000000000" "000000000000000000000000"

/*
 * Each makes ip_vs_process_message() stop: xvs refuses it whole.  Most are
 * the IPv4 TCP entry with its ver_size, and what follows it, changed.
 */
static const struct bad malformed[] = {
	{ "empty", "" },
	{ "header cut short", "000500" },
	{ "size field 45, 44 bytes", HDR1("002d", "01") E_TCP_DR },
	{ "size field 43, 44 bytes", HDR1("002b", "01") E_TCP_DR },
	{ "a byte after size", HDR1("002c", "01") E_TCP_DR "00" },
	{ "nr_conns 1, no entry", HDR1("0008", "01") },
	{ "nr_conns 2, one entry", HDR1("002c", "02") E_TCP_DR },
	/* 39 bytes with an ignorable option (0x4a), then the padding, then the end */
	{ "nr_conns 2, the first's padding at the end",
	  HDR1("0030", "02") E_TCP_DR_HEAD "0027" E_TCP_DR_REST "4a0100" "00" },
	{ "24 bytes left for an entry",
	  HDR1("0020", "01") E_TCP_DR_HEAD "0018" "00000003" "0001" "9c40" "0050" "0050" "00000000" "00000384" },
	{ "entry size past the end", HDR1("002c", "01") E_TCP_DR_HEAD "0028" E_TCP_DR_REST },
	{ "entry size below the fixed part", HDR1("002c", "01") E_TCP_DR_HEAD "0020" E_TCP_DR_REST },
	{ "entry size 0", HDR1("002c", "01") E_TCP_DR_HEAD "0000" E_TCP_DR_REST },
	{ "entry version 1", HDR1("002c", "01") E_TCP_DR_HEAD "1024" E_TCP_DR_REST },
	{ "IPv6 entry in 36 bytes", HDR1("002c", "01") "01" "06" "0024" E_TCP_DR_REST },
	{ "unknown entry type 2", HDR1("002c", "01") "02" "06" "0024" E_TCP_DR_REST },
	{ "half an option header", HDR1("002d", "01") E_TCP_DR_HEAD "0025" E_TCP_DR_REST "02" },
	{ "option of length 0", HDR1("002e", "01") E_TCP_DR_HEAD "0026" E_TCP_DR_REST "0200" },
	/* the option would end inside the message, but past its entry */
	{ "option past the entry", HDR1("0034", "01") E_TCP_DR_HEAD "0028" E_TCP_DR_REST "02086162" "63646566" },
	{ "SEQ_DATA of 23 bytes", HDR1("0045", "01") E_TCP_DR_HEAD "003d" E_TCP_DR_REST "0117" ZERO_23 },
	{ "SEQ_DATA twice", HDR1("0060", "01") E_TCP_DR_HEAD "0058" E_TCP_DR_REST "0118" SEQ_ZERO "4118" SEQ_ZERO },
	{ "PE_DATA twice", HDR1("0032", "01") E_TCP_DR_HEAD "002a" E_TCP_DR_REST O_PE_DATA_A "020162" },
	{ "PE_NAME twice",
	  HDR1("0039", "01") E_TCP_DR_HEAD "0031" E_TCP_DR_REST O_PE_DATA_A O_PE_NAME_SIP O_PE_NAME_SIP },
	{ "PE name of 17 bytes",
	  HDR1("0042", "01") E_TCP_DR_HEAD "003a" E_TCP_DR_REST O_PE_DATA_A
	  "0311" "6162636465666768696a6b6c6d6e6f7071" },
	/* the first entry is fine: still nothing is delivered */
	{ "second entry runs past the end", HDR1("0050", "02") E_TCP_DR E_TCP_DR_HEAD "0028" E_TCP_DR_REST },
	{ "v0 entry cut short", HDR0("01", "001b") "0006" "9c4000500050" "c000020a0a0000640a000002" "000300" },
	{ "v0 nr_conns 2, one entry", HDR0("02", "001c") E0_TCP_DR },
	{ "v0 seq flag, no room for the options", HDR0("01", "001c") E0_FTP_HEAD },
	{ "v0 seq options cut short", HDR0("01", "0033") E0_FTP_HEAD ZERO_23 },
	{ "v0 good entry, then one cut short", HDR0("02", "0028") E0_TCP_DR "0006" "9c4000500050" "c000020a" },
};

static void test_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(malformed); i++) {
		struct got g;

		printf("# %s\n", malformed[i].name);
		assert_int_equal(parse_hex(malformed[i].hex, 0, &g, NULL), -EBADMSG);
		assert_int_equal(g.n, 0);
	}
}

/*
 * What makes ip_vs_proc_sync_conn() drop one entry and go on (a positive
 * return): the entry is skipped, the others delivered.
 */
static void test_skipped_entries(void **state)
{
	struct xvs_sync_conn want;
	struct got g;
	(void)state;

	/* an unknown mandatory option: IPVS reads no further options, so the bad one after it is not seen */
	assert_int_equal(parse_hex(HDR1("007c", "03") E_TCP_DR
					   E_TCP_DR_HEAD "002a" E_TCP_DR_REST "09020000" "0200" "0000" /* 42 + 2 */
					   E_MARK_TPL, 0, &g, NULL),
			 2);
	assert_int_equal(g.n, 2);
	want = conn_of(&tcp_dr);
	assert_conn_equal(&g.c[0], &want);
	want = conn_of(&mark_tpl);
	assert_conn_equal(&g.c[1], &want);

	/* PE data and no PE name: "Invalid PE parameters" */
	assert_int_equal(parse_hex(HDR1("002f", "01") E_TCP_DR_HEAD "0027" E_TCP_DR_REST O_PE_DATA_A, 0, &g, NULL), 0);
	assert_int_equal(g.n, 0);
}

/* Options a backup takes without complaint. */
static void test_options_accepted(void **state)
{
	struct xvs_sync_conn want = conn_of(&tcp_dr);
	struct got g;
	(void)state;

	/* an unknown parameter (IPVS_OPT_F_PARAM) is ignored */
	assert_int_equal(parse_hex(HDR1("0030", "01") E_TCP_DR_HEAD "0028" E_TCP_DR_REST "49020102", 0, &g, NULL),
			 1);
	assert_conn_equal(&g.c[0], &want);

	/* SEQ_DATA, with or without the parameter bit, is noted */
	want.has_seq = true;
	assert_int_equal(parse_hex(HDR1("0046", "01") E_TCP_DR_HEAD "003e" E_TCP_DR_REST "0118" SEQ_ZERO, 0, &g,
				   NULL),
			 1);
	assert_conn_equal(&g.c[0], &want);
	assert_int_equal(parse_hex(HDR1("0046", "01") E_TCP_DR_HEAD "003e" E_TCP_DR_REST "4118" SEQ_ZERO, 0, &g,
				   NULL),
			 1);
	assert_conn_equal(&g.c[0], &want);

	/* a PE name alone is kept (IPVS looks at it only with PE data) */
	want = conn_of(&tcp_dr);
	want.pe_name_len = 3;
	memcpy(want.pe_name, "sip", 3);
	assert_int_equal(parse_hex(HDR1("0031", "01") E_TCP_DR_HEAD "0029" E_TCP_DR_REST O_PE_NAME_SIP, 0, &g, NULL),
			 1);
	assert_conn_equal(&g.c[0], &want);

	/* bytes after the last entry are not looked at */
	want = conn_of(&tcp_dr);
	assert_int_equal(parse_hex(HDR1("0030", "01") E_TCP_DR "ffffffff", 0, &g, NULL), 1);
	assert_conn_equal(&g.c[0], &want);
}

/* Which header is which: v1 needs reserved 0, version 1 and spare 0. */
static void test_version(void **state)
{
	struct got g;
	int v = -1;
	(void)state;

	assert_int_equal(parse_hex(HDR1("0008", "00"), 0, &g, &v), 0);
	assert_int_equal(v, 1);
	/* spare not 0: a v0 message of 0 entries, its bytes after the header unread */
	assert_int_equal(parse_hex("00050008" "00" "01" "0001", 0, &g, &v), 0);
	assert_int_equal(v, 0);
	/* reserved not 0 (a v0 nr_conns): v0, whose one entry is the next 24 bytes */
	assert_int_equal(parse_hex("01" "05" "002c" "01" "01" "0000" E_TCP_DR, 0, &g, &v), 1);
	assert_int_equal(v, 0);
	/* version 2: v0 as well */
	assert_int_equal(parse_hex("010500" "2c" "00" "02" "0000" E_TCP_DR, 0, &g, &v), 1);
	assert_int_equal(v, 0);
	/* a v0 header alone */
	assert_int_equal(parse_hex(HDR0("00", "0004"), 0, &g, &v), 0);
	assert_int_equal(v, 0);
}

/* A backup with a syncid takes only its own; with 0, any. */
static void test_syncid(void **state)
{
	const char *v1 = HDR1("002c", "01") E_TCP_DR, *v0 = HDR0("01", "001c") E0_TCP_DR;
	struct got g;
	(void)state;

	assert_int_equal(parse_hex(v1, 5, &g, NULL), 1);
	assert_int_equal(parse_hex(v1, 0, &g, NULL), 1);
	assert_int_equal(parse_hex(v1, 6, &g, NULL), -EXDEV);
	assert_int_equal(g.n, 0);
	assert_int_equal(parse_hex(v0, 0, &g, NULL), 1);
	assert_int_equal(parse_hex(v0, 4, &g, NULL), -EXDEV);
	assert_int_equal(g.n, 0);
	/* the size is checked first, as IPVS does */
	assert_int_equal(parse_hex(HDR1("002d", "01") E_TCP_DR, 6, &g, NULL), -EBADMSG);
}

static void count_checked(const struct xvs_sync_conn *c, void *arg)
{
	assert_true(c->af == AF_INET || c->af == AF_INET6);
	assert_true(c->pe_name_len <= XVS_SYNC_PE_NAME_MAX);
	(*(int *)arg)++;
}

/*
 * Random damage to good messages: a parse either delivers as many entries
 * as it says or refuses with nothing delivered.  Every message sits in a
 * heap block of exactly its length, so that a sanitizer sees any overread.
 */
static void test_fuzz(void **state)
{
	static const char *const seeds[] = {
		HDR1("00d0", "04") E_SIP_TPL "0000" E_TCP_DR E_UDP6 E_MARK_TPL,
		HDR0("02", "004c") E0_TCP_DR E0_FTP_HEAD SEQ_ZERO,
	};
	unsigned ok = 0, bad = 0;
	(void)state;

	rnd_state = 42;
	for (int i = 0; i < 20000; i++) {
		uint8_t tmp[512];
		size_t len = unhex(seeds[i % ARRAY_SIZE(seeds)], tmp, sizeof(tmp));
		unsigned flips = 1 + rnd() % 4;
		uint8_t *buf;
		int n = 0, ret;

		for (unsigned f = 0; f < flips; f++) {
			size_t at = rnd() % len;

			tmp[at] = rnd();
		}
		if (rnd() % 4 == 0)
			len = rnd() % (len + 1);
		/* mostly a size that agrees, or every mutation stops at the header */
		if (len >= 4 && rnd() % 8) {
			tmp[2] = len >> 8;
			tmp[3] = len;
		}
		buf = malloc(len ? len : 1);
		assert_non_null(buf);
		memcpy(buf, tmp, len);
		ret = xvs_sync_msg_parse(buf, len, 0, count_checked, &n, NULL);
		free(buf);
		if (ret >= 0) {
			assert_int_equal(ret, n);
			ok++;
		} else {
			assert_int_equal(ret, -EBADMSG);
			assert_int_equal(n, 0);
			bad++;
		}
	}
	/* both outcomes were reached often */
	assert_true(ok > 1000 && bad > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_v0_seq_data),
		cmocka_unit_test(test_encode_leaves_out),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_full_padding),
		cmocka_unit_test(test_encode_invalid),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_skipped_entries),
		cmocka_unit_test(test_options_accepted),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_syncid),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests_name("sync messages", tests, NULL, NULL);
}
