// SPDX-License-Identifier: GPL-2.0
/*
 * The Call-ID a SIP message gives IPVS's SIP persistence engine
 * (include/xvs/sip.h), against what ip_vs_pe_sip.c's get_callid() takes
 * from each message: the first "Call-ID" / "i" header at a line start, its
 * word [ "@" word ] value ending its line, or none (IPVS drops the packet).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "xvs/sip.h"

/* The Call-ID of @msg as a string, or NULL when there is none. */
static const char *callid(const char *msg)
{
	static char out[512];
	struct xvs_sip_scan s;

	if (xvs_sip_callid((const __u8 *)msg, strlen(msg), &s))
		return NULL;
	assert_true(s.off + s.len <= strlen(msg));
	snprintf(out, sizeof(out), "%.*s", (int)s.len, msg + s.off);
	return out;
}

static void expect_callid(const char *msg, const char *want)
{
	const char *got = callid(msg);

	if (!want && got)
		fail_msg("found \"%s\" in \"%s\"", got, msg);
	if (want && !got)
		fail_msg("no Call-ID in \"%s\"", msg);
	if (want)
		assert_string_equal(got, want);
}

static const char invite[] = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
			     "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
			     "Max-Forwards: 70\r\n"
			     "To: Bob <sip:bob@biloxi.com>\r\n"
			     "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
			     "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
			     "CSeq: 314159 INVITE\r\n"
			     "Contact: <sip:alice@pc33.atlanta.com>\r\n"
			     "Content-Type: application/sdp\r\n"
			     "Content-Length: 4\r\n"
			     "\r\n"
			     "v=0\n";

/* RFC 3261 §4's INVITE, and the header's other spellings. */
static void test_header_forms(void **state)
{
	(void)state;
	expect_callid(invite, "a84b4c76e66710@pc33.atlanta.com");
	expect_callid("BYE sip:x SIP/2.0\r\ni:abc\r\n", "abc");
	expect_callid("M\r\nI: abc\r\n", "abc");
	expect_callid("M\r\nCALL-id \t: \t xyz\r\n", "xyz");
	expect_callid("M\ncall-ID:q\n", "q");
	expect_callid("M\rCall-ID: q\r", "q");
	/* folded before or after the colon (RFC 3261 §7.3.1 LWS) */
	expect_callid("M\r\nCall-ID:\r\n  f@h\r\n", "f@h");
	expect_callid("M\r\nCall-ID\r\n\t: v\r\n", "v");
	/* every character iswordc() takes */
	expect_callid("M\r\ni: aZ09!\"%()*+,-./:<>?[\\]_`{}~@x.y\r\n", "aZ09!\"%()*+,-./:<>?[\\]_`{}~@x.y");
}

/* A header IPVS finds but cannot use: no Call-ID, the packet is dropped. */
static void test_bad_values(void **state)
{
	(void)state;
	expect_callid("M\r\nCall-ID:\r\nv\r\n", NULL);     /* a line break that is no fold */
	expect_callid("M\r\nCall-ID: abc \r\n", NULL);     /* a blank before the line end */
	expect_callid("M\r\nCall-ID: ab;c\r\n", NULL);     /* not a word character */
	expect_callid("M\r\nCall-ID: a@b@c\r\n", NULL);    /* two '@' */
	expect_callid("M\r\nCall-ID: abc", NULL);          /* no line end after it */
	expect_callid("M\r\nCall-ID abc\r\n", NULL);       /* no colon */
	expect_callid("M\r\nCall-ID:", NULL);
	expect_callid("M\r\nCall-IDs: v\r\nCall-ID: w\r\n", NULL); /* a longer name */
	expect_callid("M\r\ni-x: y\r\nCall-ID: z\r\n", NULL);      /* "i", then no letter */
}

/* An empty value, or nothing after its '@', and the search goes on. */
static void test_search_goes_on(void **state)
{
	(void)state;
	expect_callid("M\r\nCall-ID: ;x\r\ni: second\r\n", "second");
	expect_callid("M\r\nCall-ID: abc@\r\nCall-ID: def\r\n", "def");
	expect_callid("M\r\nCall-ID: @abc\r\ni:def\r\n", "def");
	expect_callid("M\r\nIdentity: x\r\nCall-ID: y\r\n", "y");
	expect_callid("M\r\nCall-Info: <http://x>\r\nCall-ID: y\r\n", "y");
}

/* What counts as a line start. */
static void test_line_starts(void **state)
{
	(void)state;
	expect_callid("Call-ID: x\r\n", NULL);         /* the first line */
	expect_callid("M\r\n Call-ID: x\r\n", NULL);   /* a folded line */
	expect_callid("M\r\n\r\nCall-ID: x\r\n", "x"); /* after an empty CRLF line */
	/* the kernel steps over the first byte of a line it rejects: an
	 * empty line ended by a lone LF or CR hides the next one */
	expect_callid("M\n\nCall-ID: x\n", NULL);
	expect_callid("M\r\rCall-ID: x\r", NULL);
	expect_callid("M\r\n\nCall-ID: x\r\n", NULL);
	expect_callid("M\n\r\nCall-ID: x\r\n", "x");
	/* SDP's "i=" in a body, with no Call-ID header before it */
	expect_callid("M\r\nTo: x\r\n\r\nv=0\r\ni=s\r\n", NULL);
	expect_callid("", NULL);
}

/* Letters as the kernel's ctype has them: Latin-1 too. */
static void test_latin1(void **state)
{
	(void)state;
	expect_callid("M\r\ni\xe9: x\r\ni: y\r\n", "y"); /* "i" and a letter: another header */
	expect_callid("M\r\ni\xd7: x\r\n", NULL);        /* × is no letter */
	expect_callid("M\r\ni: caf\xe9\r\n", "caf\xe9");
	expect_callid("M\r\ni: \xa9\r\n", NULL);          /* © is no word character */
}

/* IP_VS_PEDATA_MAXLEN: 255 bytes are a Call-ID, 256 none. */
static void test_length_limit(void **state)
{
	char msg[400], want[300];

	(void)state;
	memset(want, 'x', 255);
	want[255] = '\0';
	snprintf(msg, sizeof(msg), "M\r\nCall-ID: %s\r\n", want);
	expect_callid(msg, want);
	snprintf(msg, sizeof(msg), "M\r\nCall-ID: %sy\r\n", want);
	expect_callid(msg, NULL);
	/* with an '@': the whole value counts */
	want[200] = '@';
	snprintf(msg, sizeof(msg), "M\r\nCall-ID: %s\r\n", want);
	expect_callid(msg, want);
	snprintf(msg, sizeof(msg), "M\r\nCall-ID: %sy\r\n", want);
	expect_callid(msg, NULL);
}

/* FNV-1a 64 over the value's bytes and nothing else (the FNV test vectors). */
static void test_hash(void **state)
{
	struct xvs_sip_scan s;
	const char *m = "M\r\ni: foobar\r\nCall-ID: other\r\n";

	(void)state;
	assert_int_equal(xvs_sip_callid((const __u8 *)m, strlen(m), &s), 0);
	assert_int_equal(s.hash, 0x85944171f73967e8ULL);
	m = "M\r\nCall-ID:  a\r\n";
	assert_int_equal(xvs_sip_callid((const __u8 *)m, strlen(m), &s), 0);
	assert_int_equal(s.hash, 0xaf63dc4c8601ec8cULL);
	/* after a retry, the hash starts again with the new value */
	m = "M\r\nCall-ID: x@\r\ni: a\r\n";
	assert_int_equal(xvs_sip_callid((const __u8 *)m, strlen(m), &s), 0);
	assert_int_equal(s.hash, 0xaf63dc4c8601ec8cULL);
	/* the case of a Call-ID matters, that of the header name does not */
	assert_int_equal(xvs_sip_callid((const __u8 *)"M\r\ncall-id: A\r\n", 15, &s), 0);
	assert_int_not_equal(s.hash, 0xaf63dc4c8601ec8cULL);
}

/* Bytes past the decision change nothing: the data plane stops there. */
static void test_decided_early(void **state)
{
	struct xvs_sip_scan s;
	const char *m = "M\r\ni: abc\r\nanything";

	(void)state;
	xvs_sip_start(&s);
	for (size_t i = 0; i < strlen(m); i++) {
		int done = xvs_sip_feed(&s, m[i]);

		assert_int_equal(done, i >= 9);
	}
	assert_int_equal(xvs_sip_result(&s), 0);
	assert_int_equal(s.off, 6);
	assert_int_equal(s.len, 3);
}

/* The scan byte by byte, without xvs_sip_skip(). */
static int callid_bytewise(const char *msg, size_t n, struct xvs_sip_scan *s)
{
	xvs_sip_start(s);
	for (size_t i = 0; i < n && !xvs_sip_feed(s, msg[i]); i++)
		;
	return xvs_sip_result(s);
}

/* Passing over 8 bytes at once inside a line decides as reading them one by
 * one would: random messages made of the pieces that matter. */
static void test_skip_matches_bytes(void **state)
{
	static const char *const piece[] = {
		"\r\n", "\n", "\r", "Call-ID", "call-id", "Call-Info", "i", "I", "iX", ":", " ", "\t",
		"abc", "a84b4c76e66710", "@", "pc33.atlanta.com", ";", "INVITE sip:bob@biloxi.com SIP/2.0",
	};
	uint32_t seed = 12345;
	int found = 0, none = 0;

	(void)state;
	for (int m = 0; m < 20000; m++) {
		char msg[160] = "";
		size_t n = 0;
		struct xvs_sip_scan a, b;
		int ra, rb;

		while (n < 100) {
			const char *p;

			seed = seed * 1103515245 + 12345;
			p = piece[(seed >> 16) % (sizeof(piece) / sizeof(piece[0]))];
			memcpy(msg + n, p, strlen(p));
			n += strlen(p);
		}
		ra = xvs_sip_callid((const __u8 *)msg, n, &a);
		rb = callid_bytewise(msg, n, &b);
		assert_int_equal(ra, rb);
		if (ra) {
			none++;
			continue;
		}
		found++;
		assert_int_equal(a.off, b.off);
		assert_int_equal(a.len, b.len);
		assert_int_equal(a.hash, b.hash);
	}
	assert_true(found > 100 && none > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_forms),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_search_goes_on),
		cmocka_unit_test(test_line_starts),
		cmocka_unit_test(test_latin1),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_decided_early),
		cmocka_unit_test(test_skip_matches_bytes),
	};

	return cmocka_run_group_tests_name("SIP Call-ID", tests, NULL, NULL);
}
