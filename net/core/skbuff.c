// SPDX-License-Identifier: GPL-2.0
/*
 * Socket buffers as BPF test runs need them: linear skbs over a
 * kmalloc'ed head, the header and VLAN manipulations the skb helpers
 * do, the loopback device, Internet checksums and the flow hash.
 */
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/jhash.h>
#include <net/xdp.h>
#include <arpa/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <pthread.h>

static struct xdp_rxq_info loopback_rxq = {
	.dev		= &loopback_dev,
	.queue_index	= 0,
	.reg_state	= REG_STATE_REGISTERED,
	/* what every XDP test run sets: fragments are whole pages */
	.frag_size	= PAGE_SIZE,
};

/* As drivers/net/loopback.c sets it up: all-zero addresses, 64K MTU. */
struct net_device loopback_dev = {
	.name			= "lo",
	.ifindex		= LOOPBACK_IFINDEX,
	.mtu			= 64 * 1024,
	.hard_header_len	= ETH_HLEN,
	.real_num_rx_queues	= 1,
	.rx_queues		= &loopback_rxq,
};

struct net_device *dev_get_by_index(int ifindex)
{
	return ifindex == LOOPBACK_IFINDEX ? &loopback_dev : NULL;
}

struct sk_buff *build_skb(void *data, unsigned int size)
{
	struct sk_buff *skb;

	if (!data || size < SKB_SHINFO_SIZE) {
		kfree(data);
		return NULL;
	}
	skb = kzalloc(sizeof(*skb), GFP_ATOMIC);
	if (!skb) {
		kfree(data);
		return NULL;
	}
	skb->head = data;
	skb->data = data;
	skb->tail = data;
	skb->end = (unsigned char *)data + size - SKB_SHINFO_SIZE;
	skb->truesize = size;
	skb->mac_header = (u16)~0U;
	skb->transport_header = (u16)~0U;
	memset(skb_shinfo(skb), 0, sizeof(struct skb_shared_info));
	return skb;
}

void kfree_skb(struct sk_buff *skb)
{
	if (!skb)
		return;
	kfree(skb->head);
	kfree(skb);
}

int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp)
{
	unsigned int osize = skb->end - skb->head;
	unsigned int size;
	unsigned char *data;
	long off;

	if (nhead < 0 || ntail < 0)
		return -EINVAL;
	size = SKB_DATA_ALIGN(osize + nhead + ntail);
	data = kmalloc(size + SKB_SHINFO_SIZE, gfp);
	if (!data)
		return -ENOMEM;
	memcpy(data + nhead, skb->head, skb->tail - skb->head);
	memcpy(data + size, skb_shinfo(skb), sizeof(struct skb_shared_info));

	off = data + nhead - skb->head;
	kfree(skb->head);
	skb->head = data;
	skb->data += off;
	skb->tail += off;
	skb->end = data + size;
	/* header offsets count from head, which moved back by nhead */
	skb->mac_header += skb_mac_header_was_set(skb) ? nhead : 0;
	skb->network_header += nhead;
	if (skb_transport_header_was_set(skb))
		skb->transport_header += nhead;
	skb->inner_mac_header += nhead;
	skb->inner_network_header += nhead;
	skb->inner_transport_header += nhead;
	skb_shinfo(skb)->meta_len = 0;
	skb->truesize += size - osize;
	return 0;
}

int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	int delta = 0;

	if (headroom > skb_headroom(skb))
		delta = headroom - skb_headroom(skb);
	if (!delta)
		return 0;
	return pskb_expand_head(skb, round_up(delta, NET_SKB_PAD), 0, GFP_ATOMIC);
}

int __skb_grow(struct sk_buff *skb, unsigned int len)
{
	unsigned int diff = len - skb->len;

	if (skb_tailroom(skb) < (int)diff) {
		int ret = pskb_expand_head(skb, 0, diff - skb_tailroom(skb),
					   GFP_ATOMIC);
		if (ret)
			return ret;
	}
	__skb_set_length(skb, len);
	return 0;
}

static bool eth_proto_is_802_3(__be16 proto)
{
	return ntohs(proto) >= ETH_P_802_3_MIN;
}

static void eth_skb_pkt_type(struct sk_buff *skb, const struct net_device *dev)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb_mac_header(skb);

	if (!memcmp(eth->h_dest, dev->dev_addr, ETH_ALEN))
		return;
	if (eth->h_dest[0] & 1) {
		if (!memcmp(eth->h_dest, dev->broadcast, ETH_ALEN))
			skb->pkt_type = PACKET_BROADCAST;
		else
			skb->pkt_type = PACKET_MULTICAST;
	} else {
		skb->pkt_type = PACKET_OTHERHOST;
	}
}

__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	const struct ethhdr *eth;
	u16 sap;

	skb->dev = dev;
	skb_reset_mac_header(skb);
	eth = (const struct ethhdr *)skb->data;
	__skb_pull(skb, ETH_HLEN);
	eth_skb_pkt_type(skb, dev);

	if (eth_proto_is_802_3(eth->h_proto))
		return eth->h_proto;
	/* Novell's raw 802.3 carries IPX with 0xFFFF where the LLC SAPs go */
	if (skb_headlen(skb) >= sizeof(sap)) {
		memcpy(&sap, skb->data, sizeof(sap));
		if (sap == 0xFFFF)
			return htons(ETH_P_802_3);
	}
	return htons(ETH_P_802_2);
}

static void vlan_set_encap_proto(struct sk_buff *skb, const unsigned char *vhdr)
{
	__be16 proto;
	u16 raw;

	memcpy(&proto, vhdr + 2, sizeof(proto));
	if (eth_proto_is_802_3(proto)) {
		skb->protocol = proto;
		return;
	}
	memcpy(&raw, vhdr + VLAN_HLEN, sizeof(raw));
	skb->protocol = raw == 0xFFFF ? htons(ETH_P_802_3) : htons(ETH_P_802_2);
}

/* Takes the outer VLAN header out of the packet (data at the MAC header). */
static int __skb_vlan_pop(struct sk_buff *skb, u16 *vlan_tci)
{
	unsigned char *vhdr;
	__be16 tci;
	int err;

	if (skb->data != skb_mac_header(skb))
		return -EINVAL;
	err = skb_ensure_writable(skb, VLAN_ETH_HLEN);
	if (err)
		return err;

	skb_postpull_rcsum(skb, skb->data + 2 * ETH_ALEN, VLAN_HLEN);
	vhdr = skb->data + ETH_HLEN;
	memcpy(&tci, vhdr, sizeof(tci));
	*vlan_tci = ntohs(tci);
	memmove(skb->data + VLAN_HLEN, skb->data, 2 * ETH_ALEN);
	vlan_set_encap_proto(skb, vhdr);
	__skb_pull(skb, VLAN_HLEN);

	skb->mac_header += VLAN_HLEN;
	if (skb_network_offset(skb) < ETH_HLEN)
		skb_set_network_header(skb, ETH_HLEN);
	skb_reset_mac_len(skb);
	return 0;
}

/* Puts a VLAN header into the packet behind the MAC addresses. */
static int __vlan_insert_tag(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)
{
	const unsigned int mac_len = ETH_HLEN;
	unsigned char *veth;
	__be16 tci = htons(vlan_tci);

	if (!pskb_may_pull(skb, mac_len))
		return -EINVAL;
	if (skb_cow_head(skb, VLAN_HLEN) < 0)
		return -ENOMEM;
	__skb_push(skb, VLAN_HLEN);
	memmove(skb->data, skb->data + VLAN_HLEN, mac_len - ETH_TLEN);
	skb->mac_header -= VLAN_HLEN;

	veth = skb->data + mac_len - ETH_HLEN;
	memcpy(veth + 2 * ETH_ALEN, &vlan_proto, sizeof(vlan_proto));
	memcpy(veth + ETH_HLEN, &tci, sizeof(tci));
	return 0;
}

int skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci)
{
	if (skb_vlan_tag_present(skb)) {
		int err;

		if (skb->data != skb_mac_header(skb))
			return -EINVAL;
		/* the tag in the accelerated slot goes into the packet */
		err = __vlan_insert_tag(skb, skb->vlan_proto, skb->vlan_tci);
		if (err)
			return err;
		skb->protocol = skb->vlan_proto;
		skb->mac_len += VLAN_HLEN;
		skb_postpush_rcsum(skb, skb->data + 2 * ETH_ALEN, VLAN_HLEN);
	}
	__vlan_hwaccel_put_tag(skb, vlan_proto, vlan_tci);
	return 0;
}

int skb_vlan_pop(struct sk_buff *skb)
{
	__be16 vlan_proto;
	u16 vlan_tci;
	int err;

	if (skb_vlan_tag_present(skb)) {
		__vlan_hwaccel_clear_tag(skb);
	} else {
		if (!eth_type_vlan(skb->protocol))
			return 0;
		err = __skb_vlan_pop(skb, &vlan_tci);
		if (err)
			return err;
	}
	/* an inner tag moves up into the accelerated slot */
	if (!eth_type_vlan(skb->protocol))
		return 0;
	vlan_proto = skb->protocol;
	err = __skb_vlan_pop(skb, &vlan_tci);
	if (err)
		return err;
	__vlan_hwaccel_put_tag(skb, vlan_proto, vlan_tci);
	return 0;
}

/*
 * The x86-64 csum_partial(): 64-bit words summed with end-around carry,
 * folded to 32 bits; a buffer at an odd address is summed one byte
 * rotated and swapped back, so results match the kernel's bit for bit.
 */
static u64 add64_with_carry(u64 a, u64 b)
{
	u64 sum = a + b;

	return sum + (sum < a);
}

static u32 add32_with_carry(u32 a, u32 b)
{
	u32 sum = a + b;

	return sum + (sum < a);
}

static u16 from32to16(u32 a)
{
	u16 hi = a >> 16, lo = a;
	u16 sum = hi + lo;

	return sum + (sum < lo);
}

__wsum csum_partial(const void *buff, int len, __wsum sum)
{
	const unsigned char *p = buff;
	u64 acc = sum;
	bool odd = (uintptr_t)p & 1;
	u32 result;

	if (len <= 0)
		return sum;
	if (odd) {
		acc = (sum >> 8) | ((u64)(sum & 0xff) << 24);
		acc += (u64)p[0] << 8;
		p++;
		len--;
	}
	while (len >= 8) {
		u64 w;

		memcpy(&w, p, sizeof(w));
		acc = add64_with_carry(acc, w);
		p += 8;
		len -= 8;
	}
	if (len) {
		u64 trail = 0;

		memcpy(&trail, p, len);
		acc = add64_with_carry(acc, trail);
	}
	result = add32_with_carry(acc >> 32, acc & 0xffffffff);
	if (odd) {
		result = from32to16(result);
		result = ((result >> 8) & 0xff) | ((result & 0xff) << 8);
	}
	return result;
}

__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum csum)
{
	return csum_partial(skb->data + offset, len, csum);
}

void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb,
			      __be32 from, __be32 to, bool pseudohdr)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace4(sum, from, to);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr)
			skb->csum = ~csum_add(csum_sub(~skb->csum, from), to);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_add(csum_sub(csum_unfold(*sum), from), to));
	}
}

void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb,
				     __wsum diff, bool pseudohdr, bool ipv6)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL) {
		csum_replace_by_diff(sum, diff);
		if (skb->ip_summed == CHECKSUM_COMPLETE && pseudohdr && !ipv6)
			skb->csum = ~csum_sub(diff, skb->csum);
	} else if (pseudohdr) {
		*sum = ~csum_fold(csum_add(diff, csum_unfold(*sum)));
	}
}

/*
 * The flow hash.  The kernel keys its hash with a secret chosen at boot,
 * so only its properties are observable: the same flow (in either
 * direction) gives the same non-zero value, different flows differ.
 */
struct flow_keys {
	u32 addrs[8];		/* lower address first, then the other */
	__be16 ports[2];	/* in the order of the addresses */
	__be16 n_proto;
	u8 ip_proto;
	u8 has_ports;
};

static u32 hashrnd;
static pthread_once_t hashrnd_once = PTHREAD_ONCE_INIT;

static void hashrnd_init(void)
{
	hashrnd = get_random_u32();
}

static bool l4_has_ports(u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP ||
	       proto == IPPROTO_DCCP;
}

static void flow_dissect(const struct sk_buff *skb, struct flow_keys *keys)
{
	const unsigned char *nh = skb_network_header(skb);
	const unsigned char *end = skb_tail_pointer(skb);
	const unsigned char *l4 = NULL;
	u8 a[16] = {}, b[16] = {};
	size_t alen;

	/* headers are copied out: an IP header need not be aligned here */
	memset(keys, 0, sizeof(*keys));
	keys->n_proto = skb->protocol;
	if (skb->protocol == htons(ETH_P_IP) && end - nh >= (long)sizeof(struct iphdr)) {
		struct iphdr iph;

		memcpy(&iph, nh, sizeof(iph));
		if (iph.ihl < 5)
			return;
		keys->ip_proto = iph.protocol;
		alen = sizeof(iph.saddr);
		memcpy(a, &iph.saddr, alen);
		memcpy(b, &iph.daddr, alen);
		if (!(ntohs(iph.frag_off) & 0x3fff))
			l4 = nh + iph.ihl * 4;
	} else if (skb->protocol == htons(ETH_P_IPV6) &&
		   end - nh >= (long)sizeof(struct ipv6hdr)) {
		struct ipv6hdr ip6h;

		memcpy(&ip6h, nh, sizeof(ip6h));
		keys->ip_proto = ip6h.nexthdr;
		alen = sizeof(ip6h.saddr);
		memcpy(a, &ip6h.saddr, alen);
		memcpy(b, &ip6h.daddr, alen);
		l4 = nh + sizeof(ip6h);
	} else {
		return;
	}

	if (l4 && l4_has_ports(keys->ip_proto) && end - l4 >= 4) {
		memcpy(keys->ports, l4, 4);
		keys->has_ports = 1;
	}
	/* both directions of a flow hash alike: lower endpoint first */
	if (memcmp(a, b, alen) > 0 ||
	    (!memcmp(a, b, alen) && ntohs(keys->ports[0]) > ntohs(keys->ports[1]))) {
		__be16 p = keys->ports[0];

		memcpy(keys->addrs, b, alen);
		memcpy(keys->addrs + 4, a, alen);
		keys->ports[0] = keys->ports[1];
		keys->ports[1] = p;
	} else {
		memcpy(keys->addrs, a, alen);
		memcpy(keys->addrs + 4, b, alen);
	}
}

u32 skb_get_hash(struct sk_buff *skb)
{
	struct flow_keys keys;
	u32 words[12], hash;

	if (skb->l4_hash || skb->sw_hash)
		return skb->hash;

	pthread_once(&hashrnd_once, hashrnd_init);
	flow_dissect(skb, &keys);
	memcpy(words, keys.addrs, sizeof(keys.addrs));
	memcpy(&words[8], keys.ports, sizeof(u32));
	words[9] = keys.n_proto;
	words[10] = keys.ip_proto;
	words[11] = 0;
	hash = jhash2(words, ARRAY_SIZE(words), hashrnd);
	if (!hash)
		hash = 1;
	__skb_set_sw_hash(skb, hash, keys.has_ports);
	return hash;
}

static __thread struct bpf_redirect_info redirect_info;

struct bpf_redirect_info *bpf_this_redirect_info(void)
{
	return &redirect_info;
}
