// SPDX-License-Identifier: GPL-2.0
/*
 * socket_filter: a socket filter that keeps only UDP, cut to a snap length.
 *
 * A socket filter returns how many bytes of the packet the socket gets:
 * 0 drops it, anything shorter than the packet truncates it.  Headers are
 * read relative to the network header, so the filter works the same
 * whether the socket sees the link-layer header (AF_PACKET, SOCK_RAW) or
 * not (SOCK_DGRAM, and BPF_PROG_TEST_RUN, which strips it).
 */
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "socket_filter.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SF_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

const volatile __u32 snap_len = 64;

static __always_inline void count(__u32 idx)
{
	__u64 *val = bpf_map_lookup_elem(&counters, &idx);

	if (val)
		__sync_fetch_and_add(val, 1);
}

/* The L4 protocol, or -1 for non-IP (802.1Q-tagged too) and short packets. */
static __always_inline int l4_proto(struct __sk_buff *skb)
{
	__u32 off;
	__u8 proto;

	if (skb->protocol == bpf_htons(ETH_P_IP))
		off = offsetof(struct iphdr, protocol);
	else if (skb->protocol == bpf_htons(ETH_P_IPV6))
		off = offsetof(struct ipv6hdr, nexthdr);
	else
		return -1;
	if (bpf_skb_load_bytes_relative(skb, off, &proto, sizeof(proto),
					BPF_HDR_START_NET))
		return -1;
	return proto;
}

SEC("socket")
int udp_snap(struct __sk_buff *skb)
{
	count(SF_SEEN);
	if (l4_proto(skb) != IPPROTO_UDP)
		return 0;

	count(SF_ACCEPTED);
	if (skb->len <= snap_len)
		return skb->len;
	count(SF_TRUNCATED);
	return snap_len;
}

char LICENSE[] SEC("license") = "GPL";
