// SPDX-License-Identifier: GPL-2.0
/*
 * Packet-rate sink for bench/pps: counts the frames that reach an interface
 * and drops them, so no network stack behind it limits the rate measured.
 *
 * Only UDP/IPv4 frames (the flood is the lab's only UDP) addressed to one of
 * the MACs in sink_macs (set from user space after loading) count as
 * delivered (slot SINK_MINE); everything else is counted apart (SINK_OTHER).
 * That keeps the figure honest: a frame that a bridge floods to every port,
 * a frame reflected to the wrong host, or the director's own unicast ARP
 * probes never count as delivered.  With no MAC set (all zero) every UDP
 * frame counts as delivered.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define SINK_MACS 8

enum { SINK_MINE, SINK_OTHER, SINK_SLOTS };

struct sink_macs {
	__u64 mac[SINK_MACS]; /* each in its low 6 bytes, in frame order; 0 = unused */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sink_macs);
} sink_macs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SINK_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} sink_cnt SEC(".maps");

/* Is @dst one of @m's MACs (or is @m empty)? */
static __always_inline int wanted(const struct sink_macs *m, __u64 dst)
{
	int any = 0;

	for (int i = 0; i < SINK_MACS; i++) {
		if (m->mac[i] == dst)
			return 1;
		any |= m->mac[i] != 0;
	}
	return !any;
}

SEC("xdp")
int xvs_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 key = 0, slot = SINK_OTHER;
	struct sink_macs *m;
	__u64 dst = 0, *cnt;

	if ((void *)(ip + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP) && ip->protocol == IPPROTO_UDP) {
		__builtin_memcpy(&dst, eth->h_dest, ETH_ALEN);
		m = bpf_map_lookup_elem(&sink_macs, &key);
		if (m && dst && wanted(m, dst))
			slot = SINK_MINE;
	}
	cnt = bpf_map_lookup_elem(&sink_cnt, &slot);
	if (cnt)
		(*cnt)++;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
