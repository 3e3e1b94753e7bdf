// SPDX-License-Identifier: GPL-2.0
/*
 * Packet generator for bench/pps, run by build/bench/xdp_flood through
 * BPF_PROG_RUN in live-frames mode (BPF_F_TEST_XDP_LIVE_FRAMES): each run
 * turns the same UDP frame into a real one that leaves by XDP_TX, which in
 * that mode means "transmit on the ingress interface given to BPF_PROG_RUN".
 * That is what xdp-trafficgen does; this one exists because xdp-tools 1.3.1
 * cannot load on kernels without the xdp_redirect_map tracepoints.
 *
 * The kernel recycles a live frame's page without copying the frame in
 * again, and the page comes back as the receiver left it: after a reflector
 * swapped its MACs or a DR director rewrote them.  So every run writes the
 * whole header from cfg; otherwise every other frame would leave with the
 * previous receiver's MACs.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "flood.h"

/* Set by xdp_flood before loading. */
const volatile struct flood_cfg cfg = { .sport_base = 40000, .flows = 1 };

/* Plain increments: xdp_flood runs the program on one CPU only. */
struct flood_state state;

SEC("xdp")
int xvs_flood(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *udp = data + FLOOD_HDR_LEN - 8;
	__u16 *dst = data;
	__u32 n = 0;

	if (data + FLOOD_HDR_LEN > end)
		return XDP_ABORTED;
	/* Read through volatile: a plain memcpy from cfg lets clang copy the
	 * compile-time initializer instead of what xdp_flood set. */
#pragma unroll
	for (int i = 0; i < FLOOD_HDR_LEN / 2; i++)
		dst[i] = ((const volatile __u16 *)cfg.hdr)[i];
	if (cfg.flows > 1) {
		n = state.next_flow;
		state.next_flow = n + 1 < cfg.flows ? n + 1 : 0;
	}
	/* The UDP checksum is 0 (none, RFC 768), so nothing to fix. */
	*(__be16 *)udp = bpf_htons(cfg.sport_base + n);
	state.sent++;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
