/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The values of keepalived.conf's keywords, read as keepalived 2.x reads
 * them and refused in its words, so an operator's log search finds them:
 * integers are decimal only ('+' and leading blanks allowed, "0x10" not),
 * timers are seconds with up to six decimals, booleans are
 * on|off|true|false|yes|no, addresses are numeric.  The readers given
 * the parse report at the line through parse_error(); all leave their
 * output alone on error.
 */
#ifndef XVSD_KW_READ_H
#define XVSD_KW_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "parse.h"

#define KW_TIMER_MAX 0 /* kw_timer()'s max: as large as keepalived's unsigned long */

/*
 * kw_arg() - word @i of @l.
 * Returns: the word, or NULL after keepalived's "missing a parameter"
 * report.
 */
const char *kw_arg(struct parse *p, const struct conf_line *l, int i);

/*
 * kw_uint() - word @i of @l as an unsigned 32-bit integer in [@min, @max].
 * Returns: whether *@out was set ("invalid number", "negative number" and
 * "outside range" reported otherwise, as read_unsigned_strvec() does).
 */
bool kw_uint(struct parse *p, const struct conf_line *l, int i, uint32_t min, uint32_t max, uint32_t *out);

/* kw_int() - the same for a signed 32-bit integer. */
bool kw_int(struct parse *p, const struct conf_line *l, int i, int32_t min, int32_t max, int32_t *out);

/* What kw_decimal() found wrong, in the order it looks. */
enum kw_dec {
	KW_DEC_OK,
	KW_DEC_INVALID, /* not digits with at most one '.' among them */
	KW_DEC_PLACES,  /* more decimal places than asked for */
	KW_DEC_RANGE,   /* the whole part beyond the limit */
};

/*
 * kw_decimal() - @s as an unsigned decimal number: digits with at most
 * one '.' (".5" and "5." too), no sign, no blanks, at most @places digits
 * after the point, the whole part at most @max_whole; scaled by
 * 10^@places.  It reports nothing: each side words its own complaint.
 * Returns: KW_DEC_OK with *@out set, else what is wrong (*@out untouched).
 */
enum kw_dec kw_decimal(const char *s, int places, uint64_t max_whole, uint64_t *out);

/*
 * kw_timer() - word @i of @l as seconds with microsecond resolution, into
 * microseconds in [@min_us, @max_us] (@max_us KW_TIMER_MAX: no limit but
 * keepalived's).  Returns: whether *@out was set.
 */
bool kw_timer(struct parse *p, const struct conf_line *l, int i, int64_t min_us, int64_t max_us, int64_t *out);

/* kw_bool() - word @i of @l as a boolean.  Returns: 1 or 0 (1 when the
 * word is absent, as for most keepalived flags), -1 when it is not one. */
int kw_bool(const struct conf_line *l, int i);

/* kw_addr() - @s as a numeric IPv4 or IPv6 address.  Returns: whether it was one. */
bool kw_addr(const char *s, int *af, union xvs_addr *addr);

/*
 * kw_port() - @s as the port of an "IP PORT" header: "0" or absent (NULL)
 * is no port (*@port MODEL_UNSET), as keepalived treats both.
 * Returns: whether it was a port (a bad one is reported as kw_uint() does).
 */
bool kw_port(struct parse *p, const struct conf_line *l, int i, int *port);

/*
 * kw_hex() - the words of @l from @i on as keepalived's hex strings
 * (read_hex_str()): octets as pairs of hex digits, blanks between them, a
 * lone digit before a blank or the end an octet of its own; with @mask,
 * 'x' digits are wildcards (their nibble 0xf in *@mask, which stays NULL
 * without any).  Returns: the number of octets into *@data, 0 when invalid.
 */
size_t kw_hex(struct model *m, const struct conf_line *l, int i, uint8_t **data, uint8_t **mask);

/*
 * kw_script() - the script of a script-valued keyword, re-read from @l's
 * raw text as keepalived's install_keyword_quoted() keywords are: words
 * quoted with ' or ", the first of them split again into argv by
 * model_cmd_set().  With @user_words, the second and third words are the
 * user and group to run it as ("cmd args" [user [group]]); without
 * (misc_path), they are more arguments.
 * Returns: 0, or -1 after a report (no command).
 */
int kw_script(struct parse *p, const struct conf_line *l, struct model *m, struct model_cmd *cmd, bool user_words);

/*
 * kw_script_runs() - would keepalived run @cmd: its program is an existing
 * file (searched in PATH when it has no '/').  keepalived counts only
 * those in its script-security check, so a missing script changes -t's
 * verdict from 5 to 0.
 */
bool kw_script_runs(const struct model_cmd *cmd);

#endif /* XVSD_KW_READ_H */
