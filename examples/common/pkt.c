// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic packet builder shared by the example loaders.
 *
 * Frames carry correct IPv4 header and L4 checksums.  None of the example
 * programs verify them, but a frame that a real stack would accept keeps
 * the demo honest if the same bytes are ever replayed on a real device.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>

#include "pkt.h"

#define VLAN_HLEN	4
#define ARP_PLEN	28	/* Ethernet/IPv4 ARP body */

static const __u8 mac_src[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x01 };
static const __u8 mac_dst[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x02 };

/* One's complement sum of @len bytes, folded later by csum_fold(). */
static __u32 csum_add(__u32 sum, const void *p, size_t len)
{
	const __u8 *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (__u32)b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += (__u32)b[len - 1] << 8;
	return sum;
}

static __u16 csum_fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((__u16)~sum);
}

static size_t l4_hdr_len(__u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	default:
		return 8;	/* ICMP and ICMPv6 echo header */
	}
}

/* The L4 header and payload, checksum left zero. Returns its length. */
static size_t put_l4(const struct pkt_spec *s, __u8 *p)
{
	size_t hlen = l4_hdr_len(s->proto), i;

	memset(p, 0, hlen);
	if (s->proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)p;

		th->source = htons(s->sport);
		th->dest = htons(s->dport);
		th->seq = htonl(1000);
		th->ack_seq = htonl(2000);
		th->doff = sizeof(*th) / 4;
		th->ack = 1;
		th->psh = s->payload != 0;
		th->window = htons(65535);
	} else if (s->proto == IPPROTO_UDP) {
		struct udphdr *uh = (struct udphdr *)p;

		uh->source = htons(s->sport);
		uh->dest = htons(s->dport);
		uh->len = htons(hlen + s->payload);
	} else {
		/* Echo request: type 8 (ICMP) or 128 (ICMPv6), id 0x1234. */
		p[0] = s->proto == IPPROTO_ICMP ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
		p[4] = 0x12;
		p[5] = 0x34;
		p[7] = 1;
	}
	for (i = 0; i < s->payload; i++)
		p[hlen + i] = (__u8)(i * 7 + 1);
	return hlen + s->payload;
}

/* Where the checksum of the L4 header sits, from the header start. */
static size_t l4_csum_off(__u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return offsetof(struct tcphdr, check);
	case IPPROTO_UDP:
		return offsetof(struct udphdr, check);
	default:
		return 2;
	}
}

static void set_l4_csum(__u8 proto, __u8 *l4, size_t l4len, __u32 pseudo)
{
	__u16 sum;

	/* IPv4 ICMP has no pseudo header; everything else has one. */
	if (proto == IPPROTO_ICMP)
		pseudo = 0;
	sum = csum_fold(csum_add(pseudo, l4, l4len));
	if (proto == IPPROTO_UDP && sum == 0)
		sum = 0xffff;
	memcpy(l4 + l4_csum_off(proto), &sum, sizeof(sum));
}

static int put_ipv4(const struct pkt_spec *s, __u8 *p)
{
	struct iphdr *iph = (struct iphdr *)p;
	__u8 *l4 = p + sizeof(*iph);
	size_t l4len = put_l4(s, l4);
	__u32 pseudo;

	memset(iph, 0, sizeof(*iph));
	if (inet_pton(AF_INET, s->saddr, &iph->saddr) != 1 ||
	    inet_pton(AF_INET, s->daddr, &iph->daddr) != 1)
		return -1;
	iph->version = 4;
	iph->ihl = sizeof(*iph) / 4;
	iph->tos = s->dscp << 2;
	iph->tot_len = htons(sizeof(*iph) + l4len);
	iph->id = htons(0x4242);
	iph->frag_off = htons(0x4000);	/* DF */
	iph->ttl = 64;
	iph->protocol = s->proto;
	iph->check = csum_fold(csum_add(0, iph, sizeof(*iph)));

	pseudo = csum_add(0, &iph->saddr, 8);
	pseudo += s->proto + l4len;
	set_l4_csum(s->proto, l4, l4len, pseudo);
	return sizeof(*iph) + l4len;
}

static int put_ipv6(const struct pkt_spec *s, __u8 *p)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)p;
	__u8 *l4 = p + sizeof(*ip6h);
	size_t l4len = put_l4(s, l4);
	__u32 pseudo;

	memset(ip6h, 0, sizeof(*ip6h));
	if (inet_pton(AF_INET6, s->saddr, &ip6h->saddr) != 1 ||
	    inet_pton(AF_INET6, s->daddr, &ip6h->daddr) != 1)
		return -1;
	ip6h->version = 6;
	ip6h->priority = s->dscp >> 2;
	ip6h->flow_lbl[0] = (s->dscp & 3) << 6;
	ip6h->payload_len = htons(l4len);
	ip6h->nexthdr = s->proto;
	ip6h->hop_limit = 64;

	pseudo = csum_add(0, &ip6h->saddr, 32);
	pseudo += s->proto + l4len;
	set_l4_csum(s->proto, l4, l4len, pseudo);
	return sizeof(*ip6h) + l4len;
}

/* A fixed "who-has" ARP request: enough to be a valid non-IP frame. */
static int put_arp(__u8 *p)
{
	static const __u8 arp[ARP_PLEN] = {
		0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
		0x02, 0, 0, 0, 0, 0x01, 192, 0, 2, 1,
		0, 0, 0, 0, 0, 0, 192, 0, 2, 2,
	};

	memcpy(p, arp, sizeof(arp));
	return sizeof(arp);
}

static __u16 ethertype(int family)
{
	switch (family) {
	case AF_INET:
		return ETH_P_IP;
	case AF_INET6:
		return ETH_P_IPV6;
	default:
		return ETH_P_ARP;
	}
}

int pkt_build(const struct pkt_spec *s, void *buf, size_t cap)
{
	/* Room for the largest frame we can make, checked once below. */
	__u8 frame[ETH_HLEN + VLAN_HLEN + sizeof(struct ipv6hdr) + 8 + 1500];
	__u8 *p = frame;
	__u16 type = htons(ethertype(s->family));
	int len;

	if (s->payload > 1500 - 60)
		return -1;
	memcpy(p, mac_dst, ETH_ALEN);
	memcpy(p + ETH_ALEN, mac_src, ETH_ALEN);
	p += 2 * ETH_ALEN;
	if (s->vlan) {
		__u16 tpid = htons(ETH_P_8021Q), tci = htons(s->vlan & 0x0fff);

		memcpy(p, &tpid, 2);
		memcpy(p + 2, &tci, 2);
		p += VLAN_HLEN;
	}
	memcpy(p, &type, 2);
	p += 2;

	if (s->family == AF_INET)
		len = put_ipv4(s, p);
	else if (s->family == AF_INET6)
		len = put_ipv6(s, p);
	else
		len = put_arp(p);
	if (len < 0)
		return -1;
	len += p - frame;
	if (s->truncate && s->truncate < len)
		len = s->truncate;
	if ((size_t)len > cap)
		return -1;
	memcpy(buf, frame, len);
	return len;
}

const char *pkt_proto_name(__u8 proto, char *tmp, size_t tmplen)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_ICMPV6:
		return "icmp6";
	default:
		snprintf(tmp, tmplen, "%u", proto);
		return tmp;
	}
}
