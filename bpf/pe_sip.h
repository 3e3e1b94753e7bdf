/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPVS's SIP persistence engine (ipvsadm --pe sip, ip_vs_pe_sip.c): the
 * template of a persistent service is keyed by the message's Call-ID as well
 * as by the client network, so each call stays on one real server while one
 * client's calls spread.  Only templates carry the Call-ID (as a hash in
 * their key, its text in xvs_pe_data for listings); flows keep their
 * 5-tuple, so without -o a client socket's later datagrams follow its first.
 *
 * The Call-ID is found by include/xvs/sip.h in the first XVS_SIP_SCAN_MAX
 * bytes of the UDP payload (IPVS reads it all: a Call-ID header further in
 * is not seen here).  The bytes are copied to the per-CPU scratch and walked
 * with bpf_loop(), a byte per step, or 8 inside a line when none of them
 * ends it: one callback verified once rather than XVS_SIP_SCAN_MAX unrolled
 * steps.  The scan's state lives in the map
 * value, not on the stack: the verifier does not track what a map value
 * holds, so it checks the callback once for every state instead of once
 * per byte position.
 */
#ifndef XVS_BPF_PE_SIP_H
#define XVS_BPF_PE_SIP_H

#include "maps.h"
#include "parse.h"
#include "xvs/sip.h"

/* This CPU's Call-ID buffer (xvs_scratch.sip). */
static __always_inline struct xvs_sip_buf *sip_buf(void)
{
	struct xvs_scratch *sc = scratch();

	return sc ? &sc->sip : NULL;
}

/* bpf_loop()'s context must live on the stack: it carries the buffer. */
struct sip_walk {
	struct xvs_sip_buf *b;
	__u32 len; /* bytes of the message in it */
};

/* bpf_loop() callback: read on at the scan's position. */
static long sip_step(__u32 i, void *arg)
{
	struct sip_walk *w = arg;
	struct xvs_sip_buf *b = w->b;
	__u32 at = b->scan.pos;

	(void)i;
	if (at >= w->len)
		return 1;
	if (w->len - at >= XVS_SIP_SKIP && at <= XVS_SIP_SCAN_MAX - XVS_SIP_SKIP &&
	    xvs_sip_skip(&b->scan, b->msg + at))
		return 0;
	return xvs_sip_feed(&b->scan, b->msg[at & (XVS_SIP_SCAN_MAX - 1)]);
}

/*
 * pe_sip_callid() - the Call-ID of the UDP payload at frame offsets
 * [@off, @end), into this CPU's scratch Call-ID buffer: its hash as a template key
 * takes it (the FNV-1a 64 hash folded to 32 bits, never 0) and its first
 * XVS_PE_DATA_LEN bytes.  Global, so the verifier checks it once.
 * Returns: 0, or -1 when IPVS would find no Call-ID.
 */
__noinline int pe_sip_callid(struct xdp_md *ctx, __u32 off, __u32 end)
{
	struct sip_walk w = { .b = sip_buf() };
	struct xvs_sip_buf *b = w.b;
	__u32 len, n;
	__u64 h;

	if (!b || end <= off)
		return -1;
	len = end - off;
	if (len > XVS_SIP_SCAN_MAX)
		len = XVS_SIP_SCAN_MAX;
	/* clang knows len > 0 and would drop the test the verifier needs */
	barrier_var(len);
	if (!len)
		return -1;
	if (bpf_xdp_load_bytes(ctx, off, b->msg, len))
		return -1;
	xvs_sip_start(&b->scan);
	w.len = len;
	bpf_loop(len, sip_step, &w, 0);
	if (xvs_sip_result(&b->scan))
		return -1;
	h = b->scan.hash ^ (b->scan.hash >> 32);
	b->hash = (__u32)h ? (__u32)h : 1;
	n = b->scan.len;
	if (n > XVS_PE_DATA_LEN)
		n = XVS_PE_DATA_LEN;
	if (!n)
		return -1;
	b->pe.len = n;
	return bpf_xdp_load_bytes(ctx, off + b->scan.off, b->pe.data, n) ? -1 : 0;
}

/*
 * pe_sip_param() - IPVS's ip_vs_sip_fill_param() for packet @p: the hash
 * of its Call-ID in *@hash (its text in the scratch Call-ID buffer).
 * Returns: 0, or -1 when the packet is not UDP or has no Call-ID (IPVS
 * then drops it).
 */
static __always_inline int pe_sip_param(struct xdp_md *ctx, const struct xvs_pkt *p, __u32 *hash)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct xvs_sip_buf *b;
	__u32 l4 = sizeof(struct ethhdr);

	if (p->proto != IPPROTO_UDP)
		return -1;
	/* offsets from the headers parse_packet() checked: pointer
	 * differences would need the verifier's leak allowance */
	if (p->is_v6) {
		l4 += sizeof(struct ipv6hdr);
	} else {
		struct iphdr *iph = data + sizeof(struct ethhdr);

		if ((void *)(iph + 1) > end)
			return -1;
		l4 += iph->ihl * 4;
	}
	if (pe_sip_callid(ctx, l4 + sizeof(struct udphdr), sizeof(struct ethhdr) + p->ip_len))
		return -1;
	b = sip_buf();
	if (!b)
		return -1;
	*hash = b->hash;
	return 0;
}

/* Keep the Call-ID of this packet under its new template's key @tk. */
static __always_inline void pe_sip_remember(const struct xvs_conn_key *tk)
{
	struct xvs_sip_buf *b = sip_buf();

	if (b)
		bpf_map_update_elem(&xvs_pe_data, tk, &b->pe, BPF_ANY);
}

#endif /* XVS_BPF_PE_SIP_H */
