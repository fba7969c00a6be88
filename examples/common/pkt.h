/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic packet builder shared by the example loaders.
 *
 * The loaders feed BPF programs through BPF_PROG_TEST_RUN, so every frame
 * is built here, in memory, byte for byte the same on every run: the
 * demo's output must not depend on the machine, only on the BPF subsystem
 * that runs the program.
 */
#ifndef EXAMPLES_PKT_H
#define EXAMPLES_PKT_H

#include <stddef.h>
#include <linux/types.h>

#define PKT_MAX_LEN	1514	/* one Ethernet frame without FCS */

struct pkt_spec {
	int family;		/* AF_INET, AF_INET6, or 0 for an ARP frame */
	__u8 proto;		/* IPPROTO_TCP, _UDP, _ICMP or _ICMPV6 */
	const char *saddr;	/* numeric address, as for inet_pton() */
	const char *daddr;
	__u16 sport;		/* host byte order; unused for ICMP */
	__u16 dport;
	__u16 vlan;		/* 802.1Q VLAN id, 0 for an untagged frame */
	__u8 dscp;		/* DiffServ code point, 0..63 */
	__u16 payload;		/* L4 payload bytes */
	__u16 truncate;		/* cut the frame to this length if non-zero */
};

/*
 * Build the frame described by @s into @buf.  Returns the frame length, or
 * -1 if an address does not parse or the frame does not fit in @cap.
 */
int pkt_build(const struct pkt_spec *s, void *buf, size_t cap);

/* Short protocol name for tables: "tcp", "udp", "icmp", "icmp6", "42". */
const char *pkt_proto_name(__u8 proto, char *tmp, size_t tmplen);

#endif /* EXAMPLES_PKT_H */
