/* SPDX-License-Identifier: GPL-2.0 */
/* What bench/xdp_flood and bench/flood.bpf.c share: the generator's
 * settings (.rodata, set before loading) and its state (.bss). */
#ifndef XVS_BENCH_FLOOD_H
#define XVS_BENCH_FLOOD_H

#include <linux/types.h>

/* Ethernet + IPv4 (no options) + UDP */
#define FLOOD_HDR_LEN (14 + 20 + 8)

struct flood_cfg {
	__u8 hdr[FLOOD_HDR_LEN]; /* the frame's headers, written into every frame sent */
	__u16 sport_base;        /* source ports sport_base .. sport_base + flows - 1 */
	__u16 flows;
};

struct flood_state {
	__u64 sent;      /* frames generated */
	__u32 next_flow; /* index of the next source port */
	__u32 pad;
};

_Static_assert(sizeof(struct flood_cfg) == 46, "flood_cfg has no padding");
_Static_assert(sizeof(struct flood_state) == 16, "flood_state has no padding");

#endif
