// SPDX-License-Identifier: GPL-2.0
/*
 * xvs_pass: lets every frame through.  The lab attaches it to the bridge-side
 * end of each veth pair because a veth drops frames that XDP_TX or
 * XDP_REDIRECT pushes into it unless its peer has an XDP program of its own.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xvs_pass(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
