/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_SKBUFF_H
#define _SYSBPF_LINUX_SKBUFF_H

/*
 * The socket buffer that skb programs (socket filters, tc) see through
 * struct __sk_buff.  A linear buffer only (data_len is always 0): BPF
 * test runs never build paged skbs.  The layout is ours; the behaviour
 * of every field and helper is the kernel's.  Pointers rather than
 * offsets for tail/end, so that a converted context access is one load.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <endian.h>

/* The x86-64 values of Linux 6.1 (L1_CACHE_BYTES 64, NET_IP_ALIGN 0). */
#define NET_SKB_PAD		64
#define NET_IP_ALIGN		0
#define SKB_DATA_ALIGN(x)	round_up((x), SMP_CACHE_BYTES)
/*
 * SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) of 6.1 on x86-64: the
 * tailroom every skb and XDP buffer keeps.  Our skb_shared_info is
 * smaller and lives in the same place, so the size limits users see
 * (3712 bytes of skb test data, 3520 of linear XDP data) are the kernel's.
 */
#define SKB_SHINFO_SIZE		320
#define MAX_SKB_FRAGS		17
#define SKB_MAX_ALLOC		((PAGE_SIZE << 2) - SKB_SHINFO_SIZE)
#define GSO_MAX_SEGS		65535u
#define GSO_LEGACY_MAX_SIZE	65536u
#define NO_QUEUE_MAPPING	USHRT_MAX
#define HH_DATA_MOD		16
#define HH_DATA_ALIGN(len)	(((len) + (HH_DATA_MOD - 1)) & ~(HH_DATA_MOD - 1))

#define CHECKSUM_NONE		0
#define CHECKSUM_UNNECESSARY	1
#define CHECKSUM_COMPLETE	2
#define CHECKSUM_PARTIAL	3
#define SKB_MAX_CSUM_LEVEL	3

#define SKB_GSO_TCPV4		(1 << 0)
#define SKB_GSO_DODGY		(1 << 1)
#define SKB_GSO_TCPV6		(1 << 4)
#define SKB_GSO_UDP_L4		(1 << 16)

#define VLAN_HLEN		4
#define VLAN_ETH_HLEN		18
#define ETH_TLEN		2

/* Smallest napi id (CONFIG_NR_CPUS 8192 + 1): lower values are sender CPUs. */
#define MIN_NAPI_ID		((unsigned int)(8192 + 1))

struct sock;
struct xdp_rxq_info;

/* A network device, as much of one as BPF contexts look into. */
struct net_device {
	char name[16];
	int ifindex;
	unsigned int mtu;
	unsigned short hard_header_len;
	unsigned int real_num_rx_queues;
	unsigned char dev_addr[ETH_ALEN];
	unsigned char broadcast[ETH_ALEN];
	struct xdp_rxq_info *rx_queues;	/* real_num_rx_queues of them */
};

/* The loopback device of the (only) network namespace: ifindex 1, "lo". */
extern struct net_device loopback_dev;
#define LOOPBACK_IFINDEX	1

/*
 * The device with this ifindex, or NULL.  Only the loopback device
 * exists, so no reference is taken (dev_put() is a no-op).
 */
struct net_device *dev_get_by_index(int ifindex);
static inline void dev_put(struct net_device *dev) { }

struct skb_frag {
	void *page;		/* PAGE_SIZE bytes */
	u32 offset;
	u32 size;
};
typedef struct skb_frag skb_frag_t;

static inline void *skb_frag_address(const skb_frag_t *frag)
{
	return (char *)frag->page + frag->offset;
}

static inline u32 skb_frag_size(const skb_frag_t *frag)
{
	return frag->size;
}

struct skb_shared_hwtstamps {
	u64 hwtstamp;
};

/* At skb->end (and at the hard end of an XDP buffer), as in the kernel. */
struct skb_shared_info {
	u8 nr_frags;
	u8 meta_len;
	u16 gso_size;
	u16 gso_segs;
	u32 gso_type;
	u32 xdp_frags_size;
	struct skb_shared_hwtstamps hwtstamps;
	skb_frag_t frags[MAX_SKB_FRAGS];
};

/* The tc view of skb->cb: qdisc data, then the cached packet pointers. */
struct qdisc_skb_cb {
	struct {
		unsigned int pkt_len;
		u16 slave_dev_queue_mapping;
		u16 tc_classid;
	};
#define QDISC_CB_PRIV_LEN 20
	unsigned char data[QDISC_CB_PRIV_LEN];
};

struct bpf_skb_data_end {
	struct qdisc_skb_cb qdisc_cb;
	void *data_meta;
	void *data_end;
};

struct sk_buff {
	struct net_device *dev;
	struct sock *sk;	/* a test run's socket, as 6.1 makes one */
	char cb[48] __aligned(8);

	unsigned int len;
	unsigned int data_len;	/* always 0: linear */
	u16 mac_len;
	u16 queue_mapping;

	/* The kernel's bit fields, one byte each so a context load is one load. */
	u8 pkt_type;
	u8 ip_summed;
	u8 csum_level;
	u8 vlan_present;
	u8 mono_delivery_time;
	u8 tc_at_ingress;
	u8 l4_hash;
	u8 sw_hash;
	u8 encapsulation;

	u16 tc_index;
	__be16 vlan_proto;
	u16 vlan_tci;
	__be16 protocol;
	u32 priority;
	int skb_iif;
	u32 hash;
	u32 mark;
	u32 napi_id;
	u64 tstamp;
	__wsum csum;

	__be16 inner_protocol;
	u16 inner_transport_header;
	u16 inner_network_header;
	u16 inner_mac_header;
	/* Offsets from head; ~0 while unset. */
	u16 transport_header;
	u16 network_header;
	u16 mac_header;

	unsigned char *tail;
	unsigned char *end;	/* == (unsigned char *)skb_shinfo(skb) */
	unsigned char *head;
	unsigned char *data;
	unsigned int truesize;	/* bytes of the head buffer */
};

#define skb_shinfo(skb)	((struct skb_shared_info *)((skb)->end))

/*
 * Wraps a kmalloc'ed buffer of size bytes (data followed by room for the
 * shared info) into a new skb with len 0 at the buffer's start.  The skb
 * owns the buffer from then on, also when NULL is returned.
 */
struct sk_buff *build_skb(void *data, unsigned int size);
void kfree_skb(struct sk_buff *skb);
/* Reallocates the head with nhead more headroom and ntail more tailroom. */
int pskb_expand_head(struct sk_buff *skb, int nhead, int ntail, gfp_t gfp);
__be16 eth_type_trans(struct sk_buff *skb, struct net_device *dev);

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len;
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return skb->data - skb->head;
}

static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb->end - skb->tail;
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->tail;
}

static inline void skb_reserve(struct sk_buff *skb, int len)
{
	skb->data += len;
	skb->tail += len;
}

static inline void *__skb_put(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb->tail;

	skb->tail += len;
	skb->len += len;
	return tmp;
}

static inline void *__skb_push(struct sk_buff *skb, unsigned int len)
{
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

static inline void *__skb_pull(struct sk_buff *skb, unsigned int len)
{
	skb->len -= len;
	return skb->data += len;
}

static inline void __skb_set_length(struct sk_buff *skb, unsigned int len)
{
	skb->len = len;
	skb->tail = skb->data + len;
}

static inline void __skb_trim(struct sk_buff *skb, unsigned int len)
{
	__skb_set_length(skb, len);
}

static inline bool pskb_may_pull(const struct sk_buff *skb, unsigned int len)
{
	return len <= skb_headlen(skb);
}

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline bool skb_mac_header_was_set(const struct sk_buff *skb)
{
	return skb->mac_header != (u16)~0U;
}

static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = skb->data - skb->head;
}

static inline int skb_mac_offset(const struct sk_buff *skb)
{
	return skb_mac_header(skb) - skb->data;
}

static inline u32 skb_mac_header_len(const struct sk_buff *skb)
{
	return skb->network_header - skb->mac_header;
}

static inline void skb_reset_mac_len(struct sk_buff *skb)
{
	skb->mac_len = skb->network_header - skb->mac_header;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = skb->data - skb->head;
}

static inline void skb_set_network_header(struct sk_buff *skb, int offset)
{
	skb->network_header = skb->data - skb->head + offset;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

static inline bool skb_transport_header_was_set(const struct sk_buff *skb)
{
	return skb->transport_header != (u16)~0U;
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header - skb->data;
}

static inline void skb_set_transport_header(struct sk_buff *skb, int offset)
{
	skb->transport_header = skb->data - skb->head + offset;
}

static inline bool skb_is_gso(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_size;
}

static inline bool skb_is_gso_tcp(const struct sk_buff *skb)
{
	return skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6);
}

static inline void skb_clear_hash(struct sk_buff *skb)
{
	skb->hash = 0;
	skb->sw_hash = 0;
	skb->l4_hash = 0;
}

static inline void __skb_set_sw_hash(struct sk_buff *skb, u32 hash, bool is_l4)
{
	skb->l4_hash = is_l4;
	skb->sw_hash = 1;
	skb->hash = hash;
}

/* The flow hash, computed from the headers once and kept (skb_get_hash()). */
u32 skb_get_hash(struct sk_buff *skb);

static inline bool skb_vlan_tag_present(const struct sk_buff *skb)
{
	return skb->vlan_present;
}

static inline void __vlan_hwaccel_put_tag(struct sk_buff *skb,
					  __be16 vlan_proto, u16 vlan_tci)
{
	skb->vlan_proto = vlan_proto;
	skb->vlan_tci = vlan_tci;
	skb->vlan_present = 1;
}

static inline void __vlan_hwaccel_clear_tag(struct sk_buff *skb)
{
	skb->vlan_present = 0;
}

static inline bool eth_type_vlan(__be16 ethertype)
{
	return ethertype == htobe16(ETH_P_8021Q) || ethertype == htobe16(ETH_P_8021AD);
}

int skb_vlan_push(struct sk_buff *skb, __be16 vlan_proto, u16 vlan_tci);
int skb_vlan_pop(struct sk_buff *skb);

/* Headroom of at least headroom bytes (the kernel's skb_cow_head/skb_cow). */
int skb_cow_head(struct sk_buff *skb, unsigned int headroom);
static inline int skb_cow(struct sk_buff *skb, unsigned int headroom)
{
	return skb_cow_head(skb, headroom);
}

/* Our skbs are never clones: writable as soon as the bytes are linear. */
static inline int skb_ensure_writable(struct sk_buff *skb, unsigned int write_len)
{
	return pskb_may_pull(skb, write_len) ? 0 : -ENOMEM;
}

/* Grows the linear data to len bytes, reallocating if the tailroom is short. */
int __skb_grow(struct sk_buff *skb, unsigned int len);

/* The cached packet pointers that __sk_buff data_meta/data_end read (tc). */
static inline void bpf_compute_data_pointers(struct sk_buff *skb)
{
	struct bpf_skb_data_end *cb = (struct bpf_skb_data_end *)skb->cb;

	cb->data_meta = skb->data - skb_shinfo(skb)->meta_len;
	cb->data_end = skb->data + skb_headlen(skb);
}

/* Internet checksums (lib/checksum.c, x86 csum_partial results). */
__wsum csum_partial(const void *buff, int len, __wsum sum);
__wsum skb_checksum(const struct sk_buff *skb, int offset, int len, __wsum csum);

static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = csum + addend;

	return res + (res < addend);
}

static inline __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

static inline __sum16 csum_fold(__wsum csum)
{
	u32 sum = csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

static inline __wsum csum_unfold(__sum16 n)
{
	return n;
}

static inline __sum16 csum16_add(__sum16 csum, __be16 addend)
{
	u16 res = csum;

	res += addend;
	return res + (res < addend);
}

static inline __sum16 csum16_sub(__sum16 csum, __be16 addend)
{
	return csum16_add(csum, ~addend);
}

static inline __wsum csum_block_add(__wsum csum, __wsum csum2, int offset)
{
	u32 sum = csum2;

	/* an odd offset puts the block's bytes in the other half of each word */
	if (offset & 1)
		sum = (sum >> 8) | (sum << 24);
	return csum_add(csum, sum);
}

static inline __wsum csum_block_sub(__wsum csum, __wsum csum2, int offset)
{
	return csum_block_add(csum, ~csum2, offset);
}

static inline __wsum wsum_negate(__wsum val)
{
	return -val;
}

static inline void csum_replace_by_diff(__sum16 *sum, __wsum diff)
{
	*sum = csum_fold(csum_add(diff, ~csum_unfold(*sum)));
}

static inline void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	__wsum tmp = csum_sub(~csum_unfold(*sum), from);

	*sum = csum_fold(csum_add(tmp, to));
}

static inline void csum_replace2(__sum16 *sum, __be16 old, __be16 new)
{
	*sum = ~csum16_add(csum16_sub(~(*sum), old), new);
}

void inet_proto_csum_replace4(__sum16 *sum, struct sk_buff *skb,
			      __be32 from, __be32 to, bool pseudohdr);
void inet_proto_csum_replace_by_diff(__sum16 *sum, struct sk_buff *skb,
				     __wsum diff, bool pseudohdr, bool ipv6);

static inline void inet_proto_csum_replace2(__sum16 *sum, struct sk_buff *skb,
					    __be16 from, __be16 to, bool pseudohdr)
{
	inet_proto_csum_replace4(sum, skb, from, to, pseudohdr);
}

static inline void skb_postpull_rcsum(struct sk_buff *skb, const void *start,
				      unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = wsum_negate(csum_partial(start, len,
						     wsum_negate(skb->csum)));
}

static inline void skb_postpush_rcsum(struct sk_buff *skb, const void *start,
				      unsigned int len)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_block_add(skb->csum, csum_partial(start, len, 0), 0);
}

static inline void __skb_reset_checksum_unnecessary(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		skb->ip_summed = CHECKSUM_NONE;
		skb->csum_level = 0;
	}
}

/*
 * Where bpf_redirect() and the XDP redirect helper leave their target
 * for the caller of the program.  The kernel keeps it per CPU; here a
 * thread is what runs a program from start to end, so it is per thread.
 */
struct bpf_redirect_info {
	u32 flags;
	u32 tgt_index;
	u32 map_id;
	enum bpf_map_type map_type;
	struct bpf_redir_neigh nh;	/* bpf_redirect_neigh()'s next hop */
};

struct bpf_redirect_info *bpf_this_redirect_info(void);

/* Shared by the skb and XDP types (net/core/filter.c). */
extern const struct bpf_func_proto bpf_csum_diff_proto;
const struct bpf_func_proto *bpf_sk_base_func_proto(enum bpf_func_id func_id);

/* BPF_PROG_TEST_RUN of the skb types (net/bpf/test_run.c). */
int bpf_prog_test_run_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr);

#endif
