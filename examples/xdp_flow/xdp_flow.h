/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by xdp_flow.bpf.c and its loader.  Both sides must agree on
 * the byte layout, so only fixed-width uapi types are used here.
 */
#ifndef XDP_FLOW_H
#define XDP_FLOW_H

#include <linux/types.h>

#define XDP_FLOW_MAX_FLOWS	1024
#define XDP_FLOW_DROP_PORTS	4

/*
 * Hash key of one flow.  IPv4 addresses are stored IPv4-mapped
 * (::ffff:a.b.c.d) so both families share one key and one map.  Ports are
 * in host byte order, 0 for protocols without ports.  @pad is explicit and
 * always zero because the hash map compares keys byte by byte.
 */
struct flow_key {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
};

/* Load-time configuration, placed in .rodata and frozen at load. */
struct xdp_flow_config {
	__u16 drop_dport[XDP_FLOW_DROP_PORTS];	/* 0 = unused slot */
};

/* Global counters, placed in .bss and read through the skeleton's mmap. */
struct xdp_flow_counters {
	__u64 total;		/* every frame the program saw */
	__u64 parse_errors;	/* truncated or malformed, dropped */
	__u64 dropped_port;	/* dropped by the drop_dport list */
	__u64 vlan;		/* carried one 802.1Q/802.1ad tag */
	__u64 ipv4;
	__u64 ipv6;
	__u64 non_ip;		/* passed without looking further */
};

/* Smallest and largest frame seen; lives in .data for its initial min. */
struct xdp_flow_len_range {
	__u32 min;
	__u32 max;
};

#endif /* XDP_FLOW_H */
