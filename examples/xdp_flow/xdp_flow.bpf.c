// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_flow: count packets and bytes per flow at the XDP hook.
 *
 * Parses Ethernet with at most one 802.1Q/802.1ad tag, then IPv4 or IPv6,
 * then the TCP or UDP ports.  Every flow gets a hash map entry; every IP
 * protocol a per-CPU counter.  Frames to a destination port listed in the
 * load-time config are dropped, and so are frames too short for the
 * headers they claim to carry.
 *
 * Only bpf_map_lookup_elem() and bpf_map_update_elem() are called; all
 * packet access is direct, each read preceded by the data_end check the
 * verifier insists on.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xdp_flow.h"

/* Not in the uapi headers: the kernel keeps these in internal ones. */
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

#define IP_MF		0x2000
#define IP_OFFSET	0x1fff

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP_FLOW_MAX_FLOWS);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} flows SEC(".maps");

/* Indexed by IP protocol number; per-CPU so the hot path needs no atomics. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct flow_stats);
} proto_stats SEC(".maps");

/*
 * const volatile: the loader fills it in before load, after which libbpf
 * freezes the map and the verifier treats the values as constants.
 */
const volatile struct xdp_flow_config cfg = {};

struct xdp_flow_counters counters = {};

/* A non-zero initial min puts this in .data rather than .bss. */
struct xdp_flow_len_range len_range = { .min = 0xffffffff, .max = 0 };

/* Where parsing stands: next unread byte and the end of the frame. */
struct cursor {
	void *pos;
	void *end;
};

/* Ethernet plus one optional VLAN tag; returns the ethertype or -1. */
static __always_inline int parse_l2(struct cursor *c)
{
	struct ethhdr *eth = c->pos;
	struct vlan_hdr *vh;
	__u16 proto;

	if ((void *)(eth + 1) > c->end)
		return -1;
	c->pos = eth + 1;
	proto = bpf_ntohs(eth->h_proto);
	if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
		return proto;

	vh = c->pos;
	if ((void *)(vh + 1) > c->end)
		return -1;
	c->pos = vh + 1;
	__sync_fetch_and_add(&counters.vlan, 1);
	return bpf_ntohs(vh->h_vlan_encapsulated_proto);
}

static __always_inline void map_v4(__u8 *dst, const __be32 *addr)
{
	dst[10] = 0xff;
	dst[11] = 0xff;
	__builtin_memcpy(dst + 12, addr, sizeof(*addr));
}

/*
 * Fills the addresses and protocol of @key.  Returns 1 if an L4 header
 * follows at c->pos, 0 if not (a non-first fragment), -1 if malformed.
 */
static __always_inline int parse_ipv4(struct cursor *c, struct flow_key *key)
{
	struct iphdr *iph = c->pos;
	__u32 hlen;

	if ((void *)(iph + 1) > c->end)
		return -1;
	hlen = iph->ihl * 4;
	if (iph->version != 4 || hlen < sizeof(*iph))
		return -1;
	/* Options are skipped, not parsed, but must be inside the frame. */
	if (c->pos + hlen > c->end)
		return -1;
	c->pos += hlen;

	map_v4(key->saddr, &iph->saddr);
	map_v4(key->daddr, &iph->daddr);
	key->proto = iph->protocol;
	return (bpf_ntohs(iph->frag_off) & IP_OFFSET) ? 0 : 1;
}

/* As parse_ipv4(); extension headers are not walked, nexthdr is the key. */
static __always_inline int parse_ipv6(struct cursor *c, struct flow_key *key)
{
	struct ipv6hdr *ip6h = c->pos;

	if ((void *)(ip6h + 1) > c->end)
		return -1;
	if (ip6h->version != 6)
		return -1;
	c->pos = ip6h + 1;

	__builtin_memcpy(key->saddr, &ip6h->saddr, sizeof(key->saddr));
	__builtin_memcpy(key->daddr, &ip6h->daddr, sizeof(key->daddr));
	key->proto = ip6h->nexthdr;
	return 1;
}

/* TCP and UDP ports in host order; other protocols keep ports at 0. */
static __always_inline int parse_ports(struct cursor *c, struct flow_key *key)
{
	if (key->proto == IPPROTO_TCP) {
		struct tcphdr *th = c->pos;

		if ((void *)(th + 1) > c->end)
			return -1;
		key->sport = bpf_ntohs(th->source);
		key->dport = bpf_ntohs(th->dest);
	} else if (key->proto == IPPROTO_UDP) {
		struct udphdr *uh = c->pos;

		if ((void *)(uh + 1) > c->end)
			return -1;
		key->sport = bpf_ntohs(uh->source);
		key->dport = bpf_ntohs(uh->dest);
	}
	return 0;
}

static __always_inline void account_flow(struct flow_key *key, __u64 len)
{
	struct flow_stats *st, init = { .packets = 1, .bytes = len };

	st = bpf_map_lookup_elem(&flows, key);
	if (st) {
		/* Other CPUs may update the same flow: add atomically. */
		__sync_fetch_and_add(&st->packets, 1);
		__sync_fetch_and_add(&st->bytes, len);
		return;
	}
	/*
	 * NOEXIST so that a CPU which created the entry meanwhile does not
	 * get its count overwritten; in that case add to its entry instead.
	 * A full map fails both; the flow then goes uncounted.
	 */
	if (bpf_map_update_elem(&flows, key, &init, BPF_NOEXIST) == 0)
		return;
	st = bpf_map_lookup_elem(&flows, key);
	if (st) {
		__sync_fetch_and_add(&st->packets, 1);
		__sync_fetch_and_add(&st->bytes, len);
	}
}

static __always_inline void account_proto(__u8 proto, __u64 len)
{
	__u32 idx = proto;
	struct flow_stats *st;

	st = bpf_map_lookup_elem(&proto_stats, &idx);
	if (!st)
		return;
	st->packets++;
	st->bytes += len;
}

/*
 * Racy across CPUs (a concurrent update may be lost); acceptable for a
 * statistic, and exact under BPF_PROG_TEST_RUN which runs one at a time.
 */
static __always_inline void account_len(__u32 len)
{
	if (len < len_range.min)
		len_range.min = len;
	if (len > len_range.max)
		len_range.max = len;
}

static __always_inline int port_dropped(__u16 dport)
{
	int i;

#pragma unroll
	for (i = 0; i < XDP_FLOW_DROP_PORTS; i++) {
		if (cfg.drop_dport[i] && cfg.drop_dport[i] == dport)
			return 1;
	}
	return 0;
}

/* Parse the IP header and ports; returns -1 on a malformed frame. */
static __always_inline int parse_l3_l4(struct cursor *c, int ethertype,
				       struct flow_key *key)
{
	int l4;

	if (ethertype == ETH_P_IP) {
		__sync_fetch_and_add(&counters.ipv4, 1);
		l4 = parse_ipv4(c, key);
	} else {
		__sync_fetch_and_add(&counters.ipv6, 1);
		l4 = parse_ipv6(c, key);
	}
	if (l4 <= 0)
		return l4;
	return parse_ports(c, key);
}

SEC("xdp")
int xdp_flow_count(struct xdp_md *ctx)
{
	struct cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	/* pkt_end - pkt: allowed to privileged (CAP_PERFMON) loaders only. */
	__u64 len = c.end - c.pos;
	struct flow_key key;
	int ethertype;

	__sync_fetch_and_add(&counters.total, 1);
	account_len(len);

	ethertype = parse_l2(&c);
	if (ethertype < 0)
		goto malformed;
	if (ethertype != ETH_P_IP && ethertype != ETH_P_IPV6) {
		__sync_fetch_and_add(&counters.non_ip, 1);
		return XDP_PASS;
	}

	/* The whole key, padding included, is hashed: zero it first. */
	__builtin_memset(&key, 0, sizeof(key));
	if (parse_l3_l4(&c, ethertype, &key) < 0)
		goto malformed;

	account_flow(&key, len);
	account_proto(key.proto, len);

	if (port_dropped(key.dport)) {
		__sync_fetch_and_add(&counters.dropped_port, 1);
		return XDP_DROP;
	}
	return XDP_PASS;

malformed:
	__sync_fetch_and_add(&counters.parse_errors, 1);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
