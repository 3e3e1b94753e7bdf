/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Call-ID of a SIP message as IPVS's SIP persistence engine takes it
 * (ip_vs_pe_sip.c get_callid(), over nf_conntrack_sip.c ct_sip_get_header()
 * for SIP_HDR_CALL_ID and callid_len()), read one byte at a time so that
 * the XDP program can run it under bpf_loop() (bpf/pe_sip.h) and the unit
 * tests in a plain loop.  Compiled by clang for BPF and gcc for user space.
 *
 * What IPVS takes as the Call-ID:
 *  - the first header named "Call-ID", or compact "i" when no letter
 *    follows, in any case, at the start of a line: after CR, LF or CRLF.
 *    The message's first line is never one, nor is a folded line (starting
 *    with SP or HT), nor the line after an empty line ended by a lone CR or
 *    LF: the kernel steps over the first byte of every line it rejects;
 *  - after the name, blanks (SP, HT; a line folded there must go on with a
 *    blank), a colon, blanks again;
 *  - the value: a word of RFC 3261 word characters (the kernel's iswordc()),
 *    optionally "@" and a second word.  A CR or LF must follow at once, and
 *    the value must not exceed XVS_SIP_CALLID_MAX bytes.
 * The first such header decides: when it is not as above the message has no
 * Call-ID (IPVS drops it) except when its value is empty, after which the
 * search goes on from there (get_callid()'s retry).  Letters and digits are
 * the kernel's ctype ones, which count the Latin-1 letters.
 */
#ifndef XVS_SIP_H
#define XVS_SIP_H

#include <linux/types.h>

#define XVS_SIP_SCAN_MAX 2048  /* payload bytes the data plane looks at (a power of 2) */
#define XVS_SIP_CALLID_MAX 255 /* IP_VS_PEDATA_MAXLEN: a longer Call-ID is no Call-ID */

#define XVS_SIP_INLINE static inline __attribute__((always_inline))

enum xvs_sip_state {
	XVS_SIP_LINE,     /* inside a line */
	XVS_SIP_CR,       /* after a CR: an LF would end the same line */
	XVS_SIP_BOL,      /* the next byte starts a line */
	XVS_SIP_NAME,     /* "call-id" matched up to len bytes */
	XVS_SIP_COMPACT,  /* "i" matched: a letter next makes it another header */
	XVS_SIP_BLANK,    /* blanks before (colon 0) or after (colon 1) the colon */
	XVS_SIP_BLANK_CR, /* ... a CR among them: the line must be folded */
	XVS_SIP_BLANK_NL, /* ... a line ended: the next one must start with a blank */
	XVS_SIP_FOLD,     /* ... the blanks of the folded line */
	XVS_SIP_WORD,     /* the value's first word */
	XVS_SIP_AT,       /* after its '@' */
	XVS_SIP_HOST,     /* the word after the '@' */
	XVS_SIP_FOUND,    /* decided: the value at off, len bytes, hash */
	XVS_SIP_NONE,     /* decided: no Call-ID */
};

/* The scan; start it zeroed (xvs_sip_start()). */
struct xvs_sip_scan {
	__u32 state; /* enum xvs_sip_state */
	__u32 pos;   /* bytes read so far */
	__u32 colon; /* the header's colon was read */
	__u32 off;   /* the value's first byte */
	__u32 len;   /* its length so far (in NAME: the name's) */
	__u32 pad;
	__u64 hash;  /* FNV-1a 64 of its bytes so far */
};

#define XVS_FNV64_BASIS 0xcbf29ce484222325ULL
#define XVS_FNV64_PRIME 0x100000001b3ULL

/* "call-id", its byte i at bits 8i. */
#define XVS_SIP_CALLID_NAME                                                                        \
	((__u64)'c' | (__u64)'a' << 8 | (__u64)'l' << 16 | (__u64)'l' << 24 | (__u64)'-' << 32 |   \
	 (__u64)'i' << 40 | (__u64)'d' << 48)
#define XVS_SIP_CALLID_NAME_LEN 7

XVS_SIP_INLINE void xvs_sip_start(struct xvs_sip_scan *s)
{
	__builtin_memset(s, 0, sizeof(*s));
	s->state = XVS_SIP_LINE;
}

XVS_SIP_INLINE __u8 xvs_sip_lower(__u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* The kernel's isalpha(): ASCII and Latin-1 letters (lib/ctype.c). */
XVS_SIP_INLINE int xvs_sip_alpha(__u8 c)
{
	__u8 l = xvs_sip_lower(c);

	return (l >= 'a' && l <= 'z') || (c >= 0xc0 && c != 0xd7 && c != 0xf7);
}

/* nf_conntrack_sip.c iswordc(). */
XVS_SIP_INLINE int xvs_sip_wordc(__u8 c)
{
	return xvs_sip_alpha(c) || (c >= '0' && c <= '9') || c == '!' || c == '"' || c == '%' ||
	       (c >= '(' && c <= '/') || c == ':' || c == '<' || c == '>' || c == '?' ||
	       (c >= '[' && c <= ']') || c == '_' || c == '`' || c == '{' || c == '}' || c == '~';
}

XVS_SIP_INLINE int xvs_sip_blank(__u8 c)
{
	return c == ' ' || c == '\t';
}

/* The state after byte @c inside a line. */
XVS_SIP_INLINE __u32 xvs_sip_line(__u8 c)
{
	return c == '\r' ? XVS_SIP_CR : c == '\n' ? XVS_SIP_BOL : XVS_SIP_LINE;
}

/* Byte @c of the value, or the first byte after it. */
XVS_SIP_INLINE void xvs_sip_value(struct xvs_sip_scan *s, __u8 c)
{
	if (xvs_sip_wordc(c) || (s->state == XVS_SIP_WORD && s->len && c == '@')) {
		s->state = c == '@' ? XVS_SIP_AT : s->state == XVS_SIP_AT ? XVS_SIP_HOST : s->state;
		s->len++;
		s->hash = (s->hash ^ c) * XVS_FNV64_PRIME;
		return;
	}
	if (!s->len || s->state == XVS_SIP_AT) {
		/* callid_len() found nothing: get_callid() searches on from the
		 * value, whose bytes so far hold no line end */
		s->state = xvs_sip_line(c);
		return;
	}
	s->state = (c == '\r' || c == '\n') && s->len <= XVS_SIP_CALLID_MAX ? XVS_SIP_FOUND : XVS_SIP_NONE;
}

/* The first byte @c (at @pos) after the blanks of the header. */
XVS_SIP_INLINE void xvs_sip_after_blanks(struct xvs_sip_scan *s, __u8 c, __u32 pos)
{
	if (!s->colon) {
		s->colon = c == ':';
		s->state = s->colon ? XVS_SIP_BLANK : XVS_SIP_NONE;
		return;
	}
	s->state = XVS_SIP_WORD;
	s->off = pos;
	s->len = 0;
	s->hash = XVS_FNV64_BASIS;
	xvs_sip_value(s, c);
}

/* Byte @c (at @pos) where blanks may be (sip_skip_whitespace()). */
XVS_SIP_INLINE void xvs_sip_blanks(struct xvs_sip_scan *s, __u8 c, __u32 pos)
{
	if (xvs_sip_blank(c))
		s->state = XVS_SIP_BLANK;
	else if (c == '\r')
		s->state = XVS_SIP_BLANK_CR;
	else if (c == '\n')
		s->state = XVS_SIP_BLANK_NL;
	else
		xvs_sip_after_blanks(s, c, pos);
}

/* Byte @c starts a line. */
XVS_SIP_INLINE void xvs_sip_bol(struct xvs_sip_scan *s, __u8 c)
{
	__u8 l = xvs_sip_lower(c);

	s->len = 1;
	s->colon = 0;
	/* anything else, a blank (folded line) or a line end included, is
	 * stepped over: the search goes on with the next byte */
	s->state = l == 'c' ? XVS_SIP_NAME : l == 'i' ? XVS_SIP_COMPACT : XVS_SIP_LINE;
}

/*
 * xvs_sip_feed() - read the next byte @c of the message.
 * Returns: 1 once the scan is decided (XVS_SIP_FOUND or XVS_SIP_NONE; more
 * bytes change nothing), else 0.
 */
XVS_SIP_INLINE int xvs_sip_feed(struct xvs_sip_scan *s, __u8 c)
{
	__u32 pos = s->pos++;

	switch (s->state) {
	case XVS_SIP_LINE:
		s->state = xvs_sip_line(c);
		break;
	case XVS_SIP_CR:
		if (c == '\n')
			s->state = XVS_SIP_BOL;
		else
			xvs_sip_bol(s, c);
		break;
	case XVS_SIP_BOL:
		xvs_sip_bol(s, c);
		break;
	case XVS_SIP_NAME:
		/* a mismatch: the search goes on from here (the name's bytes
		 * so far hold no line end) */
		if (s->len >= XVS_SIP_CALLID_NAME_LEN ||
		    xvs_sip_lower(c) != (__u8)(XVS_SIP_CALLID_NAME >> (8 * s->len)))
			s->state = xvs_sip_line(c);
		else if (++s->len == XVS_SIP_CALLID_NAME_LEN)
			s->state = XVS_SIP_BLANK;
		break;
	case XVS_SIP_COMPACT:
		if (xvs_sip_alpha(c))
			s->state = xvs_sip_line(c);
		else
			xvs_sip_blanks(s, c, pos);
		break;
	case XVS_SIP_BLANK:
		xvs_sip_blanks(s, c, pos);
		break;
	case XVS_SIP_BLANK_CR:
	case XVS_SIP_BLANK_NL:
		/* sip_follow_continuation(): a CRLF counts as one line end */
		if (s->state == XVS_SIP_BLANK_CR && c == '\n')
			s->state = XVS_SIP_BLANK_NL;
		else
			s->state = xvs_sip_blank(c) ? XVS_SIP_FOLD : XVS_SIP_NONE;
		break;
	case XVS_SIP_FOLD:
		/* after a fold, no further line end is looked for */
		if (!xvs_sip_blank(c))
			xvs_sip_after_blanks(s, c, pos);
		break;
	case XVS_SIP_WORD:
	case XVS_SIP_AT:
	case XVS_SIP_HOST:
		xvs_sip_value(s, c);
		break;
	default:
		return 1;
	}
	return s->state == XVS_SIP_FOUND || s->state == XVS_SIP_NONE;
}

/* Whether any of the 8 bytes of @w is a CR or an LF (exact, byte-order free). */
XVS_SIP_INLINE int xvs_sip_eol_in(__u64 w)
{
	const __u64 ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	__u64 cr = w ^ (ones * '\r'), lf = w ^ (ones * '\n');

	return !!((((cr - ones) & ~cr) | ((lf - ones) & ~lf)) & highs);
}

#define XVS_SIP_SKIP 8

/*
 * xvs_sip_skip() - inside a line, pass over the XVS_SIP_SKIP message bytes
 * at @p (the next ones) at once when none of them ends it: most of a
 * message is read so.
 * Returns: 1 when they were passed over, 0 when they must be fed.
 */
XVS_SIP_INLINE int xvs_sip_skip(struct xvs_sip_scan *s, const __u8 *p)
{
	__u64 w;

	if (s->state != XVS_SIP_LINE)
		return 0;
	__builtin_memcpy(&w, p, sizeof(w));
	if (xvs_sip_eol_in(w))
		return 0;
	s->pos += XVS_SIP_SKIP;
	return 1;
}

/* The outcome of a scan: 0 when it found the Call-ID, else -1. */
XVS_SIP_INLINE int xvs_sip_result(const struct xvs_sip_scan *s)
{
	return s->state == XVS_SIP_FOUND ? 0 : -1;
}

/*
 * xvs_sip_callid() - scan the @n bytes at @msg into @s, as the data plane
 * does.
 * Returns: 0 with the Call-ID at s->off, s->len bytes long, its FNV-1a 64
 * hash in s->hash; -1 when the message has none.
 */
XVS_SIP_INLINE int xvs_sip_callid(const __u8 *msg, __u32 n, struct xvs_sip_scan *s)
{
	xvs_sip_start(s);
	while (s->pos < n) {
		if (n - s->pos >= XVS_SIP_SKIP && xvs_sip_skip(s, msg + s->pos))
			continue;
		if (xvs_sip_feed(s, msg[s->pos]))
			break;
	}
	return xvs_sip_result(s);
}

#endif /* XVS_SIP_H */
