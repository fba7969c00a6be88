// SPDX-License-Identifier: GPL-2.0
/*
 * tc_classifier: a direct-action classifier for the tc hook.
 *
 * Sorts IPv4 and IPv6 packets into a few traffic classes by DSCP first,
 * then by well-known port, and writes the class into skb->mark and
 * skb->priority where a qdisc or an ip rule can act on it.  A mark that
 * is already set (by an earlier hook) wins over ours.  Packets to the
 * blocked port, and packets whose headers are cut short, are shot.
 *
 * The Ethernet and VLAN headers are read in place through skb->data;
 * the IP and L4 headers with bpf_skb_load_bytes(), which copies across
 * non-linear skbs, so no bounds juggling is needed for them.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "tc_classifier.h"

/* Not in the uapi headers: the kernel keeps these in internal ones. */
struct vlan_hdr {
	__be16 h_vlan_TCI;
	__be16 h_vlan_encapsulated_proto;
};

#define IP_OFFSET	0x1fff
#define DSCP_EF		46
#define DSCP_AF41	34

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TC_CLASS_MAX);
	__type(key, __u32);
	__type(value, struct tc_class_stats);
} class_stats SEC(".maps");

/* Destination port whose packets are shot; 0 blocks nothing. */
const volatile __u16 blocked_dport = 0;

/* What the classifier needs to know about one packet. */
struct pkt_info {
	__u32 l3_off;
	__u32 l4_off;
	__u8 dscp;
	__u8 proto;
	__u8 has_ports;		/* false for non-first IPv4 fragments */
	__u16 sport;
	__u16 dport;
};

/*
 * The L3 protocol and where its header starts.  skb->protocol is what
 * the stack found after the Ethernet header; for a frame whose VLAN tag
 * was not stripped by the NIC that is the TPID, and the real ethertype
 * sits in the tag, read in place.
 */
static __always_inline int l3_proto(struct __sk_buff *skb, __u32 *l3_off)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct vlan_hdr *vh = data + ETH_HLEN;

	*l3_off = ETH_HLEN;
	if (skb->protocol != bpf_htons(ETH_P_8021Q) &&
	    skb->protocol != bpf_htons(ETH_P_8021AD))
		return bpf_ntohs(skb->protocol);
	if ((void *)(vh + 1) > data_end)
		return -1;
	*l3_off += sizeof(*vh);
	return bpf_ntohs(vh->h_vlan_encapsulated_proto);
}

static __always_inline int load_ipv4(struct __sk_buff *skb,
				     struct pkt_info *pi)
{
	struct iphdr iph;

	if (bpf_skb_load_bytes(skb, pi->l3_off, &iph, sizeof(iph)) < 0)
		return -1;
	if (iph.version != 4 || iph.ihl < 5)
		return -1;
	pi->dscp = iph.tos >> 2;
	pi->proto = iph.protocol;
	pi->l4_off = pi->l3_off + iph.ihl * 4;
	pi->has_ports = !(bpf_ntohs(iph.frag_off) & IP_OFFSET);
	return 0;
}

/* Extension headers are not walked: nexthdr is taken as the L4 protocol. */
static __always_inline int load_ipv6(struct __sk_buff *skb,
				     struct pkt_info *pi)
{
	struct ipv6hdr ip6h;

	if (bpf_skb_load_bytes(skb, pi->l3_off, &ip6h, sizeof(ip6h)) < 0)
		return -1;
	if (ip6h.version != 6)
		return -1;
	/* The traffic class straddles the first two bytes. */
	pi->dscp = ip6h.priority << 2 | ip6h.flow_lbl[0] >> 6;
	pi->proto = ip6h.nexthdr;
	pi->l4_off = pi->l3_off + sizeof(ip6h);
	pi->has_ports = 1;
	return 0;
}

/* Source and destination port lead both the TCP and the UDP header. */
static __always_inline int load_ports(struct __sk_buff *skb,
				      struct pkt_info *pi)
{
	__be16 ports[2];

	if (!pi->has_ports ||
	    (pi->proto != IPPROTO_TCP && pi->proto != IPPROTO_UDP))
		return 0;
	if (bpf_skb_load_bytes(skb, pi->l4_off, ports, sizeof(ports)) < 0)
		return -1;
	pi->sport = bpf_ntohs(ports[0]);
	pi->dport = bpf_ntohs(ports[1]);
	return 0;
}

static __always_inline int is_port(const struct pkt_info *pi, __u16 port)
{
	return pi->sport == port || pi->dport == port;
}

/* DSCP says what the sender asked for; ports are the fallback guess. */
static __always_inline __u32 classify(const struct pkt_info *pi)
{
	if (pi->dscp == DSCP_EF)
		return TC_CLASS_VOICE;
	if (pi->dscp == DSCP_AF41)
		return TC_CLASS_VIDEO;
	if (is_port(pi, 22))
		return TC_CLASS_INTERACTIVE;
	if (is_port(pi, 80) || is_port(pi, 443))
		return TC_CLASS_WEB;
	return TC_CLASS_BEST_EFFORT;
}

/* Count the packet in its class and tell later hooks which one it was. */
static __always_inline int finish(struct __sk_buff *skb, __u32 class,
				  int action)
{
	struct tc_class_stats *st;

	st = bpf_map_lookup_elem(&class_stats, &class);
	if (st) {
		__sync_fetch_and_add(&st->packets, 1);
		__sync_fetch_and_add(&st->bytes, skb->len);
	}
	skb->cb[TC_CB_CLASS] = class;
	return action;
}

SEC("tc")
int tc_classify(struct __sk_buff *skb)
{
	struct pkt_info pi = {};
	__u32 class;
	int proto, err;

	skb->cb[TC_CB_IFINDEX] = skb->ifindex;

	proto = l3_proto(skb, &pi.l3_off);
	if (proto == ETH_P_IP)
		err = load_ipv4(skb, &pi);
	else if (proto == ETH_P_IPV6)
		err = load_ipv6(skb, &pi);
	else if (proto < 0)
		err = -1;
	else
		return finish(skb, TC_CLASS_NON_IP, TC_ACT_OK);
	if (err || load_ports(skb, &pi))
		return finish(skb, TC_CLASS_MALFORMED, TC_ACT_SHOT);

	if (blocked_dport && pi.dport == blocked_dport)
		return finish(skb, TC_CLASS_BLOCKED, TC_ACT_SHOT);
	if (skb->mark)
		return finish(skb, TC_CLASS_PREMARKED, TC_ACT_OK);

	class = classify(&pi);
	skb->mark = TC_CLASS_MARK(class);
	skb->priority = class;
	return finish(skb, class, TC_ACT_OK);
}

char LICENSE[] SEC("license") = "GPL";
