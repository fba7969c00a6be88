// SPDX-License-Identifier: GPL-2.0
/*
 * The skb program types: BPF_PROG_TYPE_SOCKET_FILTER, the tc types
 * BPF_PROG_TYPE_SCHED_CLS/SCHED_ACT, CGROUP_SKB, the lightweight tunnel
 * types LWT_IN/OUT/XMIT/SEG6LOCAL and the sockmap stream type SK_SKB.
 * Their helpers, which fields of struct __sk_buff each may touch, and
 * the rewrite of those accesses into accesses of our struct sk_buff
 * (and the socket it belongs to), with Linux 6.1's rules.
 */
#include <net/sock.h>
#include <linux/filter.h>
#include <linux/skbuff.h>
#include <arpa/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include "filter_conv.h"

/* Offsets into skb->cb of the tc control block and the packet pointers. */
#define SKB_CB_OFF(FIELD) \
	(offsetof(struct sk_buff, cb) + offsetof(struct qdisc_skb_cb, FIELD))
#define SKB_DATA_END_OFF(FIELD) \
	(offsetof(struct sk_buff, cb) + offsetof(struct bpf_skb_data_end, FIELD))

_Static_assert(sizeof(struct bpf_skb_data_end) <= sizeof_field(struct sk_buff, cb),
	       "cb holds the tc control block and the packet pointers");
_Static_assert(SKB_CB_OFF(data) % sizeof(u64) == 0, "cb data is u64 aligned");
_Static_assert(sizeof_field(struct qdisc_skb_cb, data) >=
	       sizeof_field(struct __sk_buff, cb), "cb[] fits the qdisc private data");
_Static_assert(sizeof(struct skb_shared_info) <= SKB_SHINFO_SIZE,
	       "shared info fits the tailroom the kernel keeps");

/*
 * The uapi <linux/filter.h> bases of negative LD_ABS/LD_IND offsets (our
 * linux/filter.h takes that header's place).
 */
#ifndef SKF_NET_OFF
#define SKF_NET_OFF	(-0x100000)
#define SKF_LL_OFF	(-0x200000)
#endif

/* The headers a classic socket filter and LD_ABS/LD_IND read from. */
static int bpf_skb_load_helper_convert_offset(const struct sk_buff *skb, int offset)
{
	if (likely(offset >= 0))
		return offset;
	if (offset >= SKF_NET_OFF)
		return offset - SKF_NET_OFF + skb_network_offset(skb);
	if (offset >= SKF_LL_OFF && skb_mac_header_was_set(skb))
		return offset - SKF_LL_OFF + skb_mac_offset(skb);
	return INT_MIN;
}

static void *bpf_skb_ld_abs_ptr(const void *ctx, int off, int size, void *buf)
{
	const struct sk_buff *skb = ctx;
	int offset = bpf_skb_load_helper_convert_offset(skb, off);

	if (offset == INT_MIN)
		return NULL;
	/* linear skbs only: what is not in the head is not in the packet */
	if ((int)skb_headlen(skb) - offset >= size)
		return skb->data + offset;
	return NULL;
}

static void bpf_skb_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct sk_buff *skb = ctx;

	b->meta = skb->data - skb_shinfo(skb)->meta_len;
	b->data = skb->data;
	b->data_end = skb->data + skb_headlen(skb);
}

static int bpf_try_make_writable(struct sk_buff *skb, unsigned int write_len)
{
	int err = skb_ensure_writable(skb, write_len);

	bpf_compute_data_pointers(skb);
	return err;
}

static void skb_postpull_rcsum_off(struct sk_buff *skb, const void *start,
				   unsigned int len, unsigned int off)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_block_sub(skb->csum, csum_partial(start, len, 0), off);
}

static void skb_postpush_rcsum_off(struct sk_buff *skb, const void *start,
				   unsigned int len, unsigned int off)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_block_add(skb->csum, csum_partial(start, len, 0), off);
}

BPF_CALL_5(bpf_skb_store_bytes, struct sk_buff *, skb, u32, offset,
	   const void *, from, u32, len, u64, flags)
{
	void *ptr;

	if (unlikely(flags & ~(BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH)))
		return -EINVAL;
	if (unlikely(offset > INT_MAX))
		return -EFAULT;
	if (unlikely(bpf_try_make_writable(skb, offset + len)))
		return -EFAULT;

	ptr = skb->data + offset;
	if (flags & BPF_F_RECOMPUTE_CSUM)
		skb_postpull_rcsum_off(skb, ptr, len, offset);
	memcpy(ptr, from, len);
	if (flags & BPF_F_RECOMPUTE_CSUM)
		skb_postpush_rcsum_off(skb, ptr, len, offset);
	if (flags & BPF_F_INVALIDATE_HASH)
		skb_clear_hash(skb);
	return 0;
}

static const struct bpf_func_proto bpf_skb_store_bytes_proto = {
	.func		= bpf_skb_store_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE,
	.arg5_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_skb_load_bytes, const struct sk_buff *, skb, u32, offset,
	   void *, to, u32, len)
{
	if (unlikely(offset > INT_MAX))
		goto err_clear;
	if (unlikely((s64)skb_headlen(skb) - offset < (s64)len))
		goto err_clear;
	memcpy(to, skb->data + offset, len);
	return 0;
err_clear:
	memset(to, 0, len);
	return -EFAULT;
}

const struct bpf_func_proto bpf_skb_load_bytes_proto = {
	.func		= bpf_skb_load_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_skb_load_bytes_relative, const struct sk_buff *, skb,
	   u32, offset, void *, to, u32, len, u32, start_header)
{
	u8 *end = skb_tail_pointer(skb);
	u8 *start;

	if (unlikely(offset > 0xffff))
		goto err_clear;

	switch (start_header) {
	case BPF_HDR_START_MAC:
		if (unlikely(!skb_mac_header_was_set(skb)))
			goto err_clear;
		start = skb_mac_header(skb);
		break;
	case BPF_HDR_START_NET:
		start = skb_network_header(skb);
		break;
	default:
		goto err_clear;
	}

	if (likely((u64)len <= (u64)(end - start) &&
		   offset <= (u64)(end - start) - len)) {
		memcpy(to, start + offset, len);
		return 0;
	}
err_clear:
	memset(to, 0, len);
	return -EFAULT;
}

const struct bpf_func_proto bpf_skb_load_bytes_relative_proto = {
	.func		= bpf_skb_load_bytes_relative,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
	.arg5_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_skb_pull_data, struct sk_buff *, skb, u32, len)
{
	/* len 0 asks for the whole head, which a linear skb already is */
	return bpf_try_make_writable(skb, len ? : skb_headlen(skb));
}

static const struct bpf_func_proto bpf_skb_pull_data_proto = {
	.func		= bpf_skb_pull_data,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_5(bpf_l3_csum_replace, struct sk_buff *, skb, u32, offset,
	   u64, from, u64, to, u64, flags)
{
	__sum16 sum;

	if (unlikely(flags & ~(BPF_F_HDR_FIELD_MASK)))
		return -EINVAL;
	if (unlikely(offset > 0xffff || offset & 1))
		return -EFAULT;
	if (unlikely(bpf_try_make_writable(skb, offset + sizeof(sum))))
		return -EFAULT;

	memcpy(&sum, skb->data + offset, sizeof(sum));
	switch (flags & BPF_F_HDR_FIELD_MASK) {
	case 0:
		if (unlikely(from != 0))
			return -EINVAL;
		csum_replace_by_diff(&sum, to);
		break;
	case 2:
		csum_replace2(&sum, from, to);
		break;
	case 4:
		csum_replace4(&sum, from, to);
		break;
	default:
		return -EINVAL;
	}
	memcpy(skb->data + offset, &sum, sizeof(sum));
	return 0;
}

static const struct bpf_func_proto bpf_l3_csum_replace_proto = {
	.func		= bpf_l3_csum_replace,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
	.arg5_type	= ARG_ANYTHING,
};

#define CSUM_MANGLED_0	((__sum16)0xffff)

BPF_CALL_5(bpf_l4_csum_replace, struct sk_buff *, skb, u32, offset,
	   u64, from, u64, to, u64, flags)
{
	bool is_pseudo = flags & BPF_F_PSEUDO_HDR;
	bool is_mmzero = flags & BPF_F_MARK_MANGLED_0;
	bool do_mforce = flags & BPF_F_MARK_ENFORCE;
	bool is_ipv6   = flags & BPF_F_IPV6;
	__sum16 sum;

	if (unlikely(flags & ~(BPF_F_MARK_MANGLED_0 | BPF_F_MARK_ENFORCE |
			       BPF_F_PSEUDO_HDR | BPF_F_HDR_FIELD_MASK | BPF_F_IPV6)))
		return -EINVAL;
	if (unlikely(offset > 0xffff || offset & 1))
		return -EFAULT;
	if (unlikely(bpf_try_make_writable(skb, offset + sizeof(sum))))
		return -EFAULT;

	memcpy(&sum, skb->data + offset, sizeof(sum));
	/* a UDP checksum of 0 means "none": leave it so unless forced */
	if (is_mmzero && !do_mforce && !sum)
		return 0;

	switch (flags & BPF_F_HDR_FIELD_MASK) {
	case 0:
		if (unlikely(from != 0))
			return -EINVAL;
		inet_proto_csum_replace_by_diff(&sum, skb, to, is_pseudo, is_ipv6);
		break;
	case 2:
		inet_proto_csum_replace2(&sum, skb, from, to, is_pseudo);
		break;
	case 4:
		inet_proto_csum_replace4(&sum, skb, from, to, is_pseudo);
		break;
	default:
		return -EINVAL;
	}

	if (is_mmzero && !sum)
		sum = CSUM_MANGLED_0;
	memcpy(skb->data + offset, &sum, sizeof(sum));
	return 0;
}

static const struct bpf_func_proto bpf_l4_csum_replace_proto = {
	.func		= bpf_l4_csum_replace,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
	.arg5_type	= ARG_ANYTHING,
};

BPF_CALL_5(bpf_csum_diff, __be32 *, from, u32, from_size,
	   __be32 *, to, u32, to_size, __wsum, seed)
{
	__be32 diff[MAX_BPF_STACK / sizeof(__be32)];
	u32 diff_size = from_size + to_size;
	u32 i, j = 0;

	/*
	 * from only: pulling data; to only: pushing data; both: the
	 * difference of two equally placed blocks (sizes may differ).
	 */
	if (unlikely(((from_size | to_size) & (sizeof(__be32) - 1)) ||
		     diff_size > sizeof(diff)))
		return -EINVAL;

	for (i = 0; i < from_size / sizeof(__be32); i++, j++) {
		__be32 w;

		memcpy(&w, (u8 *)from + i * sizeof(w), sizeof(w));
		diff[j] = ~w;
	}
	for (i = 0; i < to_size / sizeof(__be32); i++, j++)
		memcpy(&diff[j], (u8 *)to + i * sizeof(__be32), sizeof(__be32));

	return csum_partial(diff, diff_size, seed);
}

const struct bpf_func_proto bpf_csum_diff_proto = {
	.func		= bpf_csum_diff,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg5_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_csum_update, struct sk_buff *, skb, __wsum, csum)
{
	/* for direct packet writes, with the diff from bpf_csum_diff() */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		return (skb->csum = csum_add(skb->csum, csum));
	return -ENOTSUPP;
}

static const struct bpf_func_proto bpf_csum_update_proto = {
	.func		= bpf_csum_update,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_csum_level, struct sk_buff *, skb, u64, level)
{
	switch (level) {
	case BPF_CSUM_LEVEL_INC:
		if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
			if (skb->csum_level < SKB_MAX_CSUM_LEVEL)
				skb->csum_level++;
		} else if (skb->ip_summed == CHECKSUM_NONE) {
			skb->ip_summed = CHECKSUM_UNNECESSARY;
			skb->csum_level = 0;
		}
		break;
	case BPF_CSUM_LEVEL_DEC:
		if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
			if (skb->csum_level == 0)
				skb->ip_summed = CHECKSUM_NONE;
			else
				skb->csum_level--;
		}
		break;
	case BPF_CSUM_LEVEL_RESET:
		__skb_reset_checksum_unnecessary(skb);
		break;
	case BPF_CSUM_LEVEL_QUERY:
		return skb->ip_summed == CHECKSUM_UNNECESSARY ?
		       skb->csum_level : -EACCES;
	default:
		return -EINVAL;
	}
	return 0;
}

static const struct bpf_func_proto bpf_csum_level_proto = {
	.func		= bpf_csum_level,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_redirect, u32, ifindex, u64, flags)
{
	struct bpf_redirect_info *ri = bpf_this_redirect_info();

	if (unlikely(flags & ~BPF_F_INGRESS))
		return TC_ACT_SHOT;
	ri->flags = flags;
	ri->tgt_index = ifindex;
	return TC_ACT_REDIRECT;
}

static const struct bpf_func_proto bpf_redirect_proto = {
	.func		= bpf_redirect,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
};

/* No net_cls cgroup and no route here: the kernel's answers for neither. */
BPF_CALL_1(bpf_get_cgroup_classid, const struct sk_buff *, skb)
{
	return 0;
}

static const struct bpf_func_proto bpf_get_cgroup_classid_proto = {
	.func		= bpf_get_cgroup_classid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_route_realm, const struct sk_buff *, skb)
{
	return 0;
}

static const struct bpf_func_proto bpf_get_route_realm_proto = {
	.func		= bpf_get_route_realm,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_hash_recalc, struct sk_buff *, skb)
{
	return skb_get_hash(skb);
}

static const struct bpf_func_proto bpf_get_hash_recalc_proto = {
	.func		= bpf_get_hash_recalc,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_set_hash_invalid, struct sk_buff *, skb)
{
	skb_clear_hash(skb);
	return 0;
}

static const struct bpf_func_proto bpf_set_hash_invalid_proto = {
	.func		= bpf_set_hash_invalid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_2(bpf_set_hash, struct sk_buff *, skb, u32, hash)
{
	/* an L4 hash: skb_get_hash() returns it until it is cleared */
	__skb_set_sw_hash(skb, hash, true);
	return 0;
}

static const struct bpf_func_proto bpf_set_hash_proto = {
	.func		= bpf_set_hash,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_skb_vlan_push, struct sk_buff *, skb, __be16, vlan_proto,
	   u16, vlan_tci)
{
	int ret;

	if (unlikely(vlan_proto != htons(ETH_P_8021Q) &&
		     vlan_proto != htons(ETH_P_8021AD)))
		vlan_proto = htons(ETH_P_8021Q);
	/* never at tc ingress here, so no MAC rcsum to push and pull */
	ret = skb_vlan_push(skb, vlan_proto, vlan_tci);
	bpf_compute_data_pointers(skb);
	return ret;
}

static const struct bpf_func_proto bpf_skb_vlan_push_proto = {
	.func		= bpf_skb_vlan_push,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_1(bpf_skb_vlan_pop, struct sk_buff *, skb)
{
	int ret = skb_vlan_pop(skb);

	bpf_compute_data_pointers(skb);
	return ret;
}

static const struct bpf_func_proto bpf_skb_vlan_pop_proto = {
	.func		= bpf_skb_vlan_pop,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* Room in the packet behind the first off bytes (the MAC header). */
static int bpf_skb_generic_push(struct sk_buff *skb, u32 off, u32 len)
{
	__skb_push(skb, len);
	memmove(skb->data, skb->data + len, off);
	/* zeroes add nothing to a CHECKSUM_COMPLETE sum */
	memset(skb->data + off, 0, len);
	return 0;
}

static int bpf_skb_generic_pop(struct sk_buff *skb, u32 off, u32 len)
{
	void *old_data;

	if (unlikely(!pskb_may_pull(skb, off + len)))
		return -ENOMEM;
	old_data = skb->data;
	__skb_pull(skb, len);
	skb_postpull_rcsum(skb, (u8 *)old_data + off, len);
	memmove(skb->data, old_data, off);
	return 0;
}

static int bpf_skb_net_hdr_push(struct sk_buff *skb, u32 off, u32 len)
{
	bool trans_same = skb->transport_header == skb->network_header;
	int ret = bpf_skb_generic_push(skb, off, len);

	if (likely(!ret)) {
		skb->mac_header -= len;
		skb->network_header -= len;
		if (trans_same)
			skb->transport_header = skb->network_header;
	}
	return ret;
}

static int bpf_skb_net_hdr_pop(struct sk_buff *skb, u32 off, u32 len)
{
	bool trans_same = skb->transport_header == skb->network_header;
	int ret = bpf_skb_generic_pop(skb, off, len);

	if (likely(!ret)) {
		skb->mac_header += len;
		skb->network_header += len;
		if (trans_same)
			skb->transport_header = skb->network_header;
	}
	return ret;
}

static void bpf_skb_gso_mark_dodgy(struct sk_buff *skb, u32 from, u32 to)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!skb_is_gso(skb))
		return;
	if (shinfo->gso_type & from) {
		shinfo->gso_type &= ~from;
		shinfo->gso_type |= to;
	}
	shinfo->gso_type |= SKB_GSO_DODGY;
}

static int bpf_skb_proto_4_to_6(struct sk_buff *skb)
{
	const u32 len_diff = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	u32 off = skb_mac_header_len(skb);
	int ret;

	ret = skb_cow(skb, len_diff);
	if (unlikely(ret < 0))
		return ret;
	ret = bpf_skb_net_hdr_push(skb, off, len_diff);
	if (unlikely(ret < 0))
		return ret;
	bpf_skb_gso_mark_dodgy(skb, SKB_GSO_TCPV4, SKB_GSO_TCPV6);
	skb->protocol = htons(ETH_P_IPV6);
	skb_clear_hash(skb);
	return 0;
}

static int bpf_skb_proto_6_to_4(struct sk_buff *skb)
{
	const u32 len_diff = sizeof(struct ipv6hdr) - sizeof(struct iphdr);
	u32 off = skb_mac_header_len(skb);
	int ret;

	ret = bpf_skb_net_hdr_pop(skb, off, len_diff);
	if (unlikely(ret < 0))
		return ret;
	bpf_skb_gso_mark_dodgy(skb, SKB_GSO_TCPV6, SKB_GSO_TCPV4);
	skb->protocol = htons(ETH_P_IP);
	skb_clear_hash(skb);
	return 0;
}

BPF_CALL_3(bpf_skb_change_proto, struct sk_buff *, skb, __be16, proto,
	   u64, flags)
{
	int ret = -ENOTSUPP;

	if (unlikely(flags))
		return -EINVAL;
	/*
	 * Only the room for the new L3 header is made; the program writes
	 * the header and fixes checksums with the other helpers.
	 */
	if (skb->protocol == htons(ETH_P_IP) && proto == htons(ETH_P_IPV6))
		ret = bpf_skb_proto_4_to_6(skb);
	else if (skb->protocol == htons(ETH_P_IPV6) && proto == htons(ETH_P_IP))
		ret = bpf_skb_proto_6_to_4(skb);
	bpf_compute_data_pointers(skb);
	return ret;
}

static const struct bpf_func_proto bpf_skb_change_proto_proto = {
	.func		= bpf_skb_change_proto,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

static bool skb_pkt_type_ok(u32 ptype)
{
	return ptype <= PACKET_OTHERHOST;
}

BPF_CALL_2(bpf_skb_change_type, struct sk_buff *, skb, u32, pkt_type)
{
	/* host, broadcast, multicast and otherhost only */
	if (unlikely(!skb_pkt_type_ok(skb->pkt_type) ||
		     !skb_pkt_type_ok(pkt_type)))
		return -EINVAL;
	skb->pkt_type = pkt_type;
	return 0;
}

static const struct bpf_func_proto bpf_skb_change_type_proto = {
	.func		= bpf_skb_change_type,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

static u32 bpf_skb_net_base_len(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return sizeof(struct iphdr);
	if (skb->protocol == htons(ETH_P_IPV6))
		return sizeof(struct ipv6hdr);
	return ~0U;
}

#define BPF_F_ADJ_ROOM_ENCAP_L3_MASK	(BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 | \
					 BPF_F_ADJ_ROOM_ENCAP_L3_IPV6)
#define BPF_F_ADJ_ROOM_MASK		(BPF_F_ADJ_ROOM_FIXED_GSO | \
					 BPF_F_ADJ_ROOM_ENCAP_L3_MASK | \
					 BPF_F_ADJ_ROOM_ENCAP_L4_GRE | \
					 BPF_F_ADJ_ROOM_ENCAP_L4_UDP | \
					 BPF_F_ADJ_ROOM_ENCAP_L2_ETH | \
					 BPF_F_ADJ_ROOM_ENCAP_L2(BPF_ADJ_ROOM_ENCAP_L2_MASK))

static int bpf_skb_adjust_room_gso_check(const struct sk_buff *skb, u64 flags)
{
	/* a UDP gso_size delimits datagrams: only kept when fixed */
	if (skb_is_gso(skb) && !skb_is_gso_tcp(skb) &&
	    (!(skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4) ||
	     !(flags & BPF_F_ADJ_ROOM_FIXED_GSO)))
		return -ENOTSUPP;
	return 0;
}

static int bpf_skb_net_grow(struct sk_buff *skb, u32 off, u32 len_diff, u64 flags)
{
	u8 inner_mac_len = flags >> BPF_ADJ_ROOM_ENCAP_L2_SHIFT;
	bool encap = flags & BPF_F_ADJ_ROOM_ENCAP_L3_MASK;
	u16 mac_len = 0, inner_net = 0, inner_trans = 0;
	int ret;

	ret = bpf_skb_adjust_room_gso_check(skb, flags);
	if (ret)
		return ret;
	ret = skb_cow_head(skb, len_diff);
	if (unlikely(ret < 0))
		return ret;

	if (encap) {
		if (skb->protocol != htons(ETH_P_IP) &&
		    skb->protocol != htons(ETH_P_IPV6))
			return -ENOTSUPP;
		if ((flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV4) &&
		    (flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV6))
			return -EINVAL;
		if ((flags & BPF_F_ADJ_ROOM_ENCAP_L4_GRE) &&
		    (flags & BPF_F_ADJ_ROOM_ENCAP_L4_UDP))
			return -EINVAL;
		if ((flags & BPF_F_ADJ_ROOM_ENCAP_L2_ETH) && inner_mac_len < ETH_HLEN)
			return -EINVAL;
		if (skb->encapsulation)
			return -EALREADY;
		mac_len = skb->network_header - skb->mac_header;
		inner_net = skb->network_header;
		if (inner_mac_len > len_diff)
			return -EINVAL;
		inner_trans = skb->transport_header;
	}

	ret = bpf_skb_net_hdr_push(skb, off, len_diff);
	if (unlikely(ret < 0))
		return ret;

	if (encap) {
		skb->inner_mac_header = inner_net - inner_mac_len;
		skb->inner_network_header = inner_net;
		skb->inner_transport_header = inner_trans;
		skb->inner_protocol = (flags & BPF_F_ADJ_ROOM_ENCAP_L2_ETH) ?
				      htons(ETH_P_TEB) : skb->protocol;
		skb->encapsulation = 1;
		skb_set_network_header(skb, mac_len);
		if (flags & (BPF_F_ADJ_ROOM_ENCAP_L4_GRE | BPF_F_ADJ_ROOM_ENCAP_L4_UDP)) {
			int nh_len = (flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV6) ?
				     sizeof(struct ipv6hdr) : sizeof(struct iphdr);

			skb_set_transport_header(skb, mac_len + nh_len);
		}
		/* the outer L3 protocol is the skb's protocol now */
		if (skb->protocol == htons(ETH_P_IP) &&
		    (flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV6))
			skb->protocol = htons(ETH_P_IPV6);
		else if (skb->protocol == htons(ETH_P_IPV6) &&
			 (flags & BPF_F_ADJ_ROOM_ENCAP_L3_IPV4))
			skb->protocol = htons(ETH_P_IP);
	}

	if (skb_is_gso(skb)) {
		struct skb_shared_info *shinfo = skb_shinfo(skb);

		/* headers grew: they must be checked and the MSS shrinks */
		shinfo->gso_type |= SKB_GSO_DODGY;
		shinfo->gso_segs = 0;
		if (!(flags & BPF_F_ADJ_ROOM_FIXED_GSO))
			shinfo->gso_size -= len_diff;
	}
	return 0;
}

static int bpf_skb_net_shrink(struct sk_buff *skb, u32 off, u32 len_diff, u64 flags)
{
	int ret;

	if (unlikely(flags & ~(BPF_F_ADJ_ROOM_FIXED_GSO |
			       BPF_F_ADJ_ROOM_NO_CSUM_RESET)))
		return -EINVAL;
	ret = bpf_skb_adjust_room_gso_check(skb, flags);
	if (ret)
		return ret;
	ret = bpf_skb_net_hdr_pop(skb, off, len_diff);
	if (unlikely(ret < 0))
		return ret;

	if (skb_is_gso(skb)) {
		struct skb_shared_info *shinfo = skb_shinfo(skb);

		if (!(flags & BPF_F_ADJ_ROOM_FIXED_GSO))
			shinfo->gso_size += len_diff;
		shinfo->gso_type |= SKB_GSO_DODGY;
		shinfo->gso_segs = 0;
	}
	return 0;
}

BPF_CALL_4(bpf_skb_adjust_room, struct sk_buff *, skb, s32, len_diff,
	   u32, mode, u64, flags)
{
	u32 len_diff_abs = len_diff < 0 ? -(u32)len_diff : (u32)len_diff;
	u32 len_min = bpf_skb_net_base_len(skb);
	u32 len_cur, off;
	bool shrink = len_diff < 0;
	int ret;

	if (unlikely(flags & ~(BPF_F_ADJ_ROOM_MASK | BPF_F_ADJ_ROOM_NO_CSUM_RESET)))
		return -EINVAL;
	if (unlikely(len_diff_abs > 0xfffU))
		return -EFAULT;
	if (unlikely(skb->protocol != htons(ETH_P_IP) &&
		     skb->protocol != htons(ETH_P_IPV6)))
		return -ENOTSUPP;

	off = skb_mac_header_len(skb);
	switch (mode) {
	case BPF_ADJ_ROOM_NET:
		off += bpf_skb_net_base_len(skb);
		break;
	case BPF_ADJ_ROOM_MAC:
		break;
	default:
		return -ENOTSUPP;
	}

	len_cur = skb->len - skb_network_offset(skb);
	if ((shrink && (len_diff_abs >= len_cur ||
			len_cur - len_diff_abs < len_min)) ||
	    (!shrink && skb->len + len_diff_abs > SKB_MAX_ALLOC &&
	     !skb_is_gso(skb)))
		return -ENOTSUPP;

	ret = shrink ? bpf_skb_net_shrink(skb, off, len_diff_abs, flags) :
		       bpf_skb_net_grow(skb, off, len_diff_abs, flags);
	if (!ret && !(flags & BPF_F_ADJ_ROOM_NO_CSUM_RESET))
		__skb_reset_checksum_unnecessary(skb);

	bpf_compute_data_pointers(skb);
	return ret;
}

static const struct bpf_func_proto bpf_skb_adjust_room_proto = {
	.func		= bpf_skb_adjust_room,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

/* The packet may not shrink into the headers it has. */
static u32 __bpf_skb_min_len(const struct sk_buff *skb)
{
	int offset = skb_network_offset(skb);
	u32 min_len = 0;

	if (offset > 0)
		min_len = offset;
	if (skb_transport_header_was_set(skb)) {
		offset = skb_transport_offset(skb);
		if (offset > 0)
			min_len = offset;
	}
	return min_len;
}

static int __bpf_skb_change_tail(struct sk_buff *skb, u32 new_len, u64 flags)
{
	u32 min_len = __bpf_skb_min_len(skb);
	unsigned int old_len = skb->len;
	int ret;

	if (unlikely(flags || new_len > SKB_MAX_ALLOC || new_len < min_len))
		return -EINVAL;
	if (skb->encapsulation)
		return -ENOTSUPP;

	/* a changed length invalidates a complete checksum */
	if (new_len != old_len && skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	if (new_len > old_len) {
		ret = __skb_grow(skb, new_len);
		if (ret)
			return ret;
		memset(skb->data + old_len, 0, new_len - old_len);
	} else if (new_len < old_len) {
		__skb_trim(skb, new_len);
	}
	if (skb_is_gso(skb)) {
		skb_shinfo(skb)->gso_size = 0;
		skb_shinfo(skb)->gso_segs = 0;
		skb_shinfo(skb)->gso_type = 0;
	}
	return 0;
}

BPF_CALL_3(bpf_skb_change_tail, struct sk_buff *, skb, u32, new_len,
	   u64, flags)
{
	int ret = __bpf_skb_change_tail(skb, new_len, flags);

	bpf_compute_data_pointers(skb);
	return ret;
}

static const struct bpf_func_proto bpf_skb_change_tail_proto = {
	.func		= bpf_skb_change_tail,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

static int __bpf_skb_change_head(struct sk_buff *skb, u32 head_room, u64 flags)
{
	u32 new_len = skb->len + head_room;
	int ret;

	if (unlikely(flags || (!skb_is_gso(skb) && new_len > SKB_MAX_ALLOC) ||
		     new_len < skb->len))
		return -EINVAL;

	ret = skb_cow(skb, head_room);
	if (likely(!ret)) {
		/* a new MAC header in front: protocol and L3 stay as they are */
		__skb_push(skb, head_room);
		memset(skb->data, 0, head_room);
		skb_reset_mac_header(skb);
		skb_reset_mac_len(skb);
	}
	return ret;
}

BPF_CALL_3(bpf_skb_change_head, struct sk_buff *, skb, u32, head_room,
	   u64, flags)
{
	int ret = __bpf_skb_change_head(skb, head_room, flags);

	bpf_compute_data_pointers(skb);
	return ret;
}

static const struct bpf_func_proto bpf_skb_change_head_proto = {
	.func		= bpf_skb_change_head,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_skb_set_tstamp, struct sk_buff *, skb, u64, tstamp,
	   u32, tstamp_type)
{
	/* only inet protocols clear a delivery time on the way up */
	if (skb->protocol != htons(ETH_P_IP) &&
	    skb->protocol != htons(ETH_P_IPV6))
		return -EOPNOTSUPP;

	switch (tstamp_type) {
	case BPF_SKB_TSTAMP_DELIVERY_MONO:
		if (!tstamp)
			return -EINVAL;
		skb->tstamp = tstamp;
		skb->mono_delivery_time = 1;
		break;
	case BPF_SKB_TSTAMP_UNSPEC:
		if (tstamp)
			return -EINVAL;
		skb->tstamp = 0;
		skb->mono_delivery_time = 0;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static const struct bpf_func_proto bpf_skb_set_tstamp_proto = {
	.func		= bpf_skb_set_tstamp,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

/* ---- the socket behind an skb ---- */

BPF_CALL_1(bpf_get_socket_cookie, struct sk_buff *, skb)
{
	return skb->sk ? sock_gen_cookie(skb->sk) : 0;
}

static const struct bpf_func_proto bpf_get_socket_cookie_proto = {
	.func		= bpf_get_socket_cookie,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* The kernel's overflowuid: what a packet without a full socket gets. */
#define OVERFLOWUID	65534

BPF_CALL_1(bpf_get_socket_uid, struct sk_buff *, skb)
{
	struct sock *sk = skb->sk ? sk_to_full_sk(skb->sk) : NULL;

	if (!sk || !sk_fullsock(sk))
		return OVERFLOWUID;
	return sk->sk_uid;
}

static const struct bpf_func_proto bpf_get_socket_uid_proto = {
	.func		= bpf_get_socket_uid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

static u64 skb_sk_cgroup_id(const struct sk_buff *skb, int level, bool ancestor)
{
	struct sock *sk = skb->sk ? sk_to_full_sk(skb->sk) : NULL;

	if (!sk || !sk_fullsock(sk))
		return 0;
	if (!ancestor)
		return sk->sk_cgrp_id;
	if (level < 0 || (u32)level > sk->sk_cgrp_level ||
	    level >= (int)ARRAY_SIZE(sk->sk_cgrp_ancestors))
		return 0;
	return (u32)level == sk->sk_cgrp_level ? sk->sk_cgrp_id :
						  sk->sk_cgrp_ancestors[level];
}

BPF_CALL_1(bpf_skb_cgroup_id, const struct sk_buff *, skb)
{
	return skb_sk_cgroup_id(skb, 0, false);
}

static const struct bpf_func_proto bpf_skb_cgroup_id_proto = {
	.func		= bpf_skb_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_2(bpf_skb_ancestor_cgroup_id, const struct sk_buff *, skb,
	   int, ancestor_level)
{
	return skb_sk_cgroup_id(skb, ancestor_level, true);
}

static const struct bpf_func_proto bpf_skb_ancestor_cgroup_id_proto = {
	.func		= bpf_skb_ancestor_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* ---- ECN ---- */

#define INET_ECN_MASK	3
#define INET_ECN_CE	3

/*
 * Marks an ECN-capable IPv4 header CE, fixing its checksum.  The header
 * need not be aligned: it is worked on as a copy.
 */
static int ip_ecn_set_ce(unsigned char *nh)
{
	struct iphdr iph;
	u32 ecn;

	memcpy(&iph, nh, sizeof(iph));
	ecn = iph.tos & INET_ECN_MASK;
	if (ecn == 0)		/* not ECN-capable: left alone */
		return 0;
	if (ecn == INET_ECN_CE)
		return 1;
	/* tos gains (CE - ecn) in the low bits of the header's first word */
	iph.check = csum16_sub(iph.check, htons(INET_ECN_CE - ecn));
	iph.tos |= INET_ECN_CE;
	memcpy(nh, &iph, sizeof(iph));
	return 1;
}

static int ipv6_ecn_set_ce(struct sk_buff *skb, unsigned char *nh)
{
	__be32 from, to;

	memcpy(&from, nh, sizeof(from));
	/* traffic class bits 20-21 of the first word */
	if (!(ntohl(from) & (INET_ECN_MASK << 20)))
		return 0;
	to = from | htonl(INET_ECN_CE << 20);
	memcpy(nh, &to, sizeof(to));
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_add(csum_sub(skb->csum, from), to);
	return 1;
}

BPF_CALL_1(bpf_skb_ecn_set_ce, struct sk_buff *, skb)
{
	unsigned char *nh = skb_network_header(skb);

	if (skb->protocol == htons(ETH_P_IP)) {
		if (skb_headlen(skb) < sizeof(struct iphdr) ||
		    nh + sizeof(struct iphdr) > skb_tail_pointer(skb))
			return 0;
		return ip_ecn_set_ce(nh);
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		if (skb_headlen(skb) < sizeof(struct ipv6hdr) ||
		    nh + sizeof(struct ipv6hdr) > skb_tail_pointer(skb))
			return 0;
		return ipv6_ecn_set_ce(skb, nh);
	}
	return 0;
}

static const struct bpf_func_proto bpf_skb_ecn_set_ce_proto = {
	.func		= bpf_skb_ecn_set_ce,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* ---- redirects that leave for another device or namespace ---- */

/* Internal redirect flags, as 6.1 keeps them apart from the uapi ones. */
enum {
	BPF_F_NEIGH	= (1ULL << 16),
	BPF_F_PEER	= (1ULL << 17),
	BPF_F_NEXTHOP	= (1ULL << 18),
#define BPF_F_REDIRECT_INTERNAL	(BPF_F_NEIGH | BPF_F_PEER | BPF_F_NEXTHOP)
};

/*
 * A copy of the packet is sent out (or in) the device.  lo is the only
 * device and there is no stack behind it: the copy is dropped there,
 * and the program sees what a successful send returns.
 */
BPF_CALL_3(bpf_clone_redirect, struct sk_buff *, skb, u32, ifindex, u64, flags)
{
	if (unlikely(flags & (~(BPF_F_INGRESS) | BPF_F_REDIRECT_INTERNAL)))
		return -EINVAL;
	if (unlikely(skb_is_gso(skb) && !skb_shinfo(skb)->gso_type))
		return -EBADMSG;
	if (unlikely(!dev_get_by_index(ifindex)))
		return -EINVAL;
	return 0;
}

static const struct bpf_func_proto bpf_clone_redirect_proto = {
	.func		= bpf_clone_redirect,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_redirect_peer, u32, ifindex, u64, flags)
{
	struct bpf_redirect_info *ri = bpf_this_redirect_info();

	if (unlikely(flags))
		return TC_ACT_SHOT;
	ri->flags = BPF_F_PEER;
	ri->tgt_index = ifindex;
	return TC_ACT_REDIRECT;
}

static const struct bpf_func_proto bpf_redirect_peer_proto = {
	.func		= bpf_redirect_peer,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_redirect_neigh, u32, ifindex, struct bpf_redir_neigh *, params,
	   int, plen, u64, flags)
{
	struct bpf_redirect_info *ri = bpf_this_redirect_info();

	if (unlikely((plen && plen < (int)sizeof(*params)) || flags))
		return TC_ACT_SHOT;
	ri->flags = BPF_F_NEIGH | (plen ? BPF_F_NEXTHOP : 0);
	ri->tgt_index = ifindex;
	if (plen)
		memcpy(&ri->nh, params, sizeof(ri->nh));
	return TC_ACT_REDIRECT;
}

static const struct bpf_func_proto bpf_redirect_neigh_proto = {
	.func		= bpf_redirect_neigh,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/* ---- tunnel metadata: no skb here carries any ---- */

BPF_CALL_4(bpf_skb_get_tunnel_key, struct sk_buff *, skb,
	   struct bpf_tunnel_key *, to, u32, size, u64, flags)
{
	memset(to, 0, size);
	return -EINVAL;
}

static const struct bpf_func_proto bpf_skb_get_tunnel_key_proto = {
	.func		= bpf_skb_get_tunnel_key,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_skb_get_tunnel_opt, struct sk_buff *, skb, u8 *, to, u32, size)
{
	memset(to, 0, size);
	return -ENOENT;
}

static const struct bpf_func_proto bpf_skb_get_tunnel_opt_proto = {
	.func		= bpf_skb_get_tunnel_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
};

/*
 * Setting tunnel metadata needs metadata dsts and an encapsulating
 * device: not built.  The call is accepted (6.1 accepts it) and fails.
 */
BPF_CALL_4(bpf_skb_set_tunnel_key, struct sk_buff *, skb,
	   const struct bpf_tunnel_key *, from, u32, size, u64, flags)
{
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_skb_set_tunnel_key_proto = {
	.func		= bpf_skb_set_tunnel_key,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_skb_set_tunnel_opt, struct sk_buff *, skb,
	   const u8 *, from, u32, size)
{
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_skb_set_tunnel_opt_proto = {
	.func		= bpf_skb_set_tunnel_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
};

/* ---- sk_skb: its own pull, tail, head and room helpers ---- */

BPF_CALL_2(sk_skb_pull_data, struct sk_buff *, skb, u32, len)
{
	return skb_ensure_writable(skb, len ? : skb_headlen(skb));
}

static const struct bpf_func_proto sk_skb_pull_data_proto = {
	.func		= sk_skb_pull_data,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_3(sk_skb_change_tail, struct sk_buff *, skb, u32, new_len, u64, flags)
{
	return __bpf_skb_change_tail(skb, new_len, flags);
}

static const struct bpf_func_proto sk_skb_change_tail_proto = {
	.func		= sk_skb_change_tail,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(sk_skb_change_head, struct sk_buff *, skb, u32, head_room, u64, flags)
{
	return __bpf_skb_change_head(skb, head_room, flags);
}

static const struct bpf_func_proto sk_skb_change_head_proto = {
	.func		= sk_skb_change_head,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

/* Room at the front of the stream data: no headers to keep in place. */
BPF_CALL_4(sk_skb_adjust_room, struct sk_buff *, skb, s32, len_diff,
	   u32, mode, u64, flags)
{
	u32 len_diff_abs = len_diff < 0 ? -(u32)len_diff : (u32)len_diff;
	int ret;

	if (unlikely(flags || mode))
		return -EINVAL;
	if (unlikely(len_diff_abs > 0xfffU))
		return -EFAULT;
	if (len_diff >= 0) {
		ret = skb_cow(skb, len_diff_abs);
		if (unlikely(ret < 0))
			return ret;
		memset(__skb_push(skb, len_diff_abs), 0, len_diff_abs);
	} else {
		if (unlikely(!pskb_may_pull(skb, len_diff_abs)))
			return -ENOMEM;
		__skb_pull(skb, len_diff_abs);
	}
	return 0;
}

static const struct bpf_func_proto sk_skb_adjust_room_proto = {
	.func		= sk_skb_adjust_room,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

/* ---- lwt encapsulation ---- */

/*
 * Pushing an IP or seg6 encapsulation needs routing (and seg6 state)
 * that this build does not have: accepted as 6.1 accepts it, and fails.
 */
BPF_CALL_4(bpf_lwt_push_encap, struct sk_buff *, skb, u32, type, void *, hdr,
	   u32, len)
{
	switch (type) {
	case BPF_LWT_ENCAP_SEG6:
	case BPF_LWT_ENCAP_SEG6_INLINE:
	case BPF_LWT_ENCAP_IP:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static const struct bpf_func_proto bpf_lwt_in_push_encap_proto = {
	.func		= bpf_lwt_push_encap,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE
};

static const struct bpf_func_proto bpf_lwt_xmit_push_encap_proto = {
	.func		= bpf_lwt_push_encap,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE
};

/* seg6local actions need an SRH being processed: accepted, and they fail. */
BPF_CALL_4(bpf_lwt_seg6_store_bytes, struct sk_buff *, skb, u32, offset,
	   const void *, from, u32, len)
{
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_lwt_seg6_store_bytes_proto = {
	.func		= bpf_lwt_seg6_store_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE
};

BPF_CALL_4(bpf_lwt_seg6_action, struct sk_buff *, skb, u32, action,
	   void *, param, u32, param_len)
{
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_lwt_seg6_action_proto = {
	.func		= bpf_lwt_seg6_action,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE
};

BPF_CALL_3(bpf_lwt_seg6_adjust_srh, struct sk_buff *, skb, u32, offset,
	   s32, len)
{
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_lwt_seg6_adjust_srh_proto = {
	.func		= bpf_lwt_seg6_adjust_srh,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

/* ---- sk_assign at tc ---- */

/* Only tc ingress may steer to a socket; no program here runs there. */
BPF_CALL_3(bpf_sk_assign, struct sk_buff *, skb, struct sock *, sk, u64, flags)
{
	if (!sk || flags != 0)
		return -EINVAL;
	if (!skb->tc_at_ingress)
		return -EOPNOTSUPP;
	if (unlikely(sk_fullsock(sk) && sk->sk_reuseport))
		return -ESOCKTNOSUPPORT;
	return -EOPNOTSUPP;	/* never hashed: no stack */
}

static const struct bpf_func_proto bpf_sk_assign_proto = {
	.func		= bpf_sk_assign,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	.arg3_type	= ARG_ANYTHING,
};

/* ---- the helper sets ---- */

static const struct bpf_func_proto *
sk_filter_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &bpf_skb_load_bytes_relative_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

static const struct bpf_func_proto *
cg_skb_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_sk_fullsock:
		return &bpf_sk_fullsock_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_skb_cgroup_id:
		return &bpf_skb_cgroup_id_proto;
	case BPF_FUNC_skb_ancestor_cgroup_id:
		return &bpf_skb_ancestor_cgroup_id_proto;
	case BPF_FUNC_sk_cgroup_id:
		return &bpf_sk_cgroup_id_proto;
	case BPF_FUNC_sk_ancestor_cgroup_id:
		return &bpf_sk_ancestor_cgroup_id_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_sk_lookup_udp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_skc_lookup_tcp_proto;
	case BPF_FUNC_tcp_sock:
		return &bpf_tcp_sock_proto;
	case BPF_FUNC_get_listener_sock:
		return &bpf_get_listener_sock_proto;
	case BPF_FUNC_skb_ecn_set_ce:
		return &bpf_skb_ecn_set_ce_proto;
	default:
		return sk_filter_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
tc_cls_act_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_fib_lookup:
		return &bpf_skb_fib_lookup_proto;
	case BPF_FUNC_skb_store_bytes:
		return &bpf_skb_store_bytes_proto;
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &bpf_skb_load_bytes_relative_proto;
	case BPF_FUNC_skb_pull_data:
		return &bpf_skb_pull_data_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_csum_update:
		return &bpf_csum_update_proto;
	case BPF_FUNC_csum_level:
		return &bpf_csum_level_proto;
	case BPF_FUNC_l3_csum_replace:
		return &bpf_l3_csum_replace_proto;
	case BPF_FUNC_l4_csum_replace:
		return &bpf_l4_csum_replace_proto;
	case BPF_FUNC_clone_redirect:
		return &bpf_clone_redirect_proto;
	case BPF_FUNC_get_cgroup_classid:
		return &bpf_get_cgroup_classid_proto;
	case BPF_FUNC_skb_vlan_push:
		return &bpf_skb_vlan_push_proto;
	case BPF_FUNC_skb_vlan_pop:
		return &bpf_skb_vlan_pop_proto;
	case BPF_FUNC_skb_change_proto:
		return &bpf_skb_change_proto_proto;
	case BPF_FUNC_skb_change_type:
		return &bpf_skb_change_type_proto;
	case BPF_FUNC_skb_adjust_room:
		return &bpf_skb_adjust_room_proto;
	case BPF_FUNC_skb_change_tail:
		return &bpf_skb_change_tail_proto;
	case BPF_FUNC_skb_change_head:
		return &bpf_skb_change_head_proto;
	case BPF_FUNC_skb_get_tunnel_key:
		return &bpf_skb_get_tunnel_key_proto;
	case BPF_FUNC_skb_set_tunnel_key:
		return &bpf_skb_set_tunnel_key_proto;
	case BPF_FUNC_skb_get_tunnel_opt:
		return &bpf_skb_get_tunnel_opt_proto;
	case BPF_FUNC_skb_set_tunnel_opt:
		return &bpf_skb_set_tunnel_opt_proto;
	case BPF_FUNC_redirect:
		return &bpf_redirect_proto;
	case BPF_FUNC_redirect_neigh:
		return &bpf_redirect_neigh_proto;
	case BPF_FUNC_redirect_peer:
		return &bpf_redirect_peer_proto;
	case BPF_FUNC_get_route_realm:
		return &bpf_get_route_realm_proto;
	case BPF_FUNC_get_hash_recalc:
		return &bpf_get_hash_recalc_proto;
	case BPF_FUNC_set_hash_invalid:
		return &bpf_set_hash_invalid_proto;
	case BPF_FUNC_set_hash:
		return &bpf_set_hash_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	case BPF_FUNC_sk_fullsock:
		return &bpf_sk_fullsock_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_skb_cgroup_id:
		return &bpf_skb_cgroup_id_proto;
	case BPF_FUNC_skb_ancestor_cgroup_id:
		return &bpf_skb_ancestor_cgroup_id_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_tc_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_tc_sk_lookup_udp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_tcp_sock:
		return &bpf_tcp_sock_proto;
	case BPF_FUNC_get_listener_sock:
		return &bpf_get_listener_sock_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_tc_skc_lookup_tcp_proto;
	case BPF_FUNC_tcp_check_syncookie:
		return &bpf_tcp_check_syncookie_proto;
	case BPF_FUNC_skb_ecn_set_ce:
		return &bpf_skb_ecn_set_ce_proto;
	case BPF_FUNC_tcp_gen_syncookie:
		return &bpf_tcp_gen_syncookie_proto;
	case BPF_FUNC_sk_assign:
		return &bpf_sk_assign_proto;
	case BPF_FUNC_skb_set_tstamp:
		return &bpf_skb_set_tstamp_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

static const struct bpf_func_proto *
lwt_out_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_pull_data:
		return &bpf_skb_pull_data_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_get_cgroup_classid:
		return &bpf_get_cgroup_classid_proto;
	case BPF_FUNC_get_route_realm:
		return &bpf_get_route_realm_proto;
	case BPF_FUNC_get_hash_recalc:
		return &bpf_get_hash_recalc_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

static const struct bpf_func_proto *
lwt_in_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_lwt_push_encap:
		return &bpf_lwt_in_push_encap_proto;
	default:
		return lwt_out_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
lwt_xmit_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_get_tunnel_key:
		return &bpf_skb_get_tunnel_key_proto;
	case BPF_FUNC_skb_set_tunnel_key:
		return &bpf_skb_set_tunnel_key_proto;
	case BPF_FUNC_skb_get_tunnel_opt:
		return &bpf_skb_get_tunnel_opt_proto;
	case BPF_FUNC_skb_set_tunnel_opt:
		return &bpf_skb_set_tunnel_opt_proto;
	case BPF_FUNC_redirect:
		return &bpf_redirect_proto;
	case BPF_FUNC_clone_redirect:
		return &bpf_clone_redirect_proto;
	case BPF_FUNC_skb_change_tail:
		return &bpf_skb_change_tail_proto;
	case BPF_FUNC_skb_change_head:
		return &bpf_skb_change_head_proto;
	case BPF_FUNC_skb_store_bytes:
		return &bpf_skb_store_bytes_proto;
	case BPF_FUNC_csum_update:
		return &bpf_csum_update_proto;
	case BPF_FUNC_csum_level:
		return &bpf_csum_level_proto;
	case BPF_FUNC_l3_csum_replace:
		return &bpf_l3_csum_replace_proto;
	case BPF_FUNC_l4_csum_replace:
		return &bpf_l4_csum_replace_proto;
	case BPF_FUNC_set_hash_invalid:
		return &bpf_set_hash_invalid_proto;
	case BPF_FUNC_lwt_push_encap:
		return &bpf_lwt_xmit_push_encap_proto;
	default:
		return lwt_out_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
lwt_seg6local_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_pull_data:
		return NULL;
	case BPF_FUNC_lwt_seg6_store_bytes:
		return &bpf_lwt_seg6_store_bytes_proto;
	case BPF_FUNC_lwt_seg6_action:
		return &bpf_lwt_seg6_action_proto;
	case BPF_FUNC_lwt_seg6_adjust_srh:
		return &bpf_lwt_seg6_adjust_srh_proto;
	default:
		return lwt_out_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *
sk_skb_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_store_bytes:
		return &bpf_skb_store_bytes_proto;
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_pull_data:
		return &sk_skb_pull_data_proto;
	case BPF_FUNC_skb_change_tail:
		return &sk_skb_change_tail_proto;
	case BPF_FUNC_skb_change_head:
		return &sk_skb_change_head_proto;
	case BPF_FUNC_skb_adjust_room:
		return &sk_skb_adjust_room_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	case BPF_FUNC_sk_redirect_map:
		return &bpf_sk_redirect_map_proto;
	case BPF_FUNC_sk_redirect_hash:
		return &bpf_sk_redirect_hash_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_sk_lookup_udp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_skc_lookup_tcp_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

/* The __sk_buff rules every skb type shares. */
bool bpf_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				    const struct bpf_prog *prog,
				    struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct __sk_buff))
		return false;
	if (off % size != 0)
		return false;

	switch (off) {
	case bpf_ctx_range_till(struct __sk_buff, cb[0], cb[4]):
		/* any size, within cb[] */
		if (off + size > (int)offsetofend(struct __sk_buff, cb[4]))
			return false;
		break;
	case bpf_ctx_range_till(struct __sk_buff, remote_ip6[0], remote_ip6[3]):
	case bpf_ctx_range_till(struct __sk_buff, local_ip6[0], local_ip6[3]):
	case bpf_ctx_range_till(struct __sk_buff, remote_ip4, remote_ip4):
	case bpf_ctx_range_till(struct __sk_buff, local_ip4, local_ip4):
	case bpf_ctx_range(struct __sk_buff, data):
	case bpf_ctx_range(struct __sk_buff, data_meta):
	case bpf_ctx_range(struct __sk_buff, data_end):
		if (size != size_default)
			return false;
		break;
	case bpf_ctx_range_ptr(struct __sk_buff, flow_keys):
		return false;
	case bpf_ctx_range(struct __sk_buff, hwtstamp):
		if (type == BPF_WRITE || size != sizeof(__u64))
			return false;
		break;
	case bpf_ctx_range(struct __sk_buff, tstamp):
		if (size != sizeof(__u64))
			return false;
		break;
	case bpf_ctx_range_ptr(struct __sk_buff, sk):
		if (type == BPF_WRITE || size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCK_COMMON_OR_NULL;
		break;
	case offsetof(struct __sk_buff, tstamp_type):
		return false;
	case offsetofend(struct __sk_buff, tstamp_type) ...
	     offsetof(struct __sk_buff, hwtstamp) - 1:
		/* the padding */
		return false;
	default:
		/* narrow reads of u32 fields; writes whole */
		if (type == BPF_WRITE) {
			if (size != size_default)
				return false;
		} else {
			bpf_ctx_record_field_size(info, size_default);
			if (!bpf_ctx_narrow_access_ok(off, size, size_default))
				return false;
		}
	}
	return true;
}

static bool sk_filter_is_valid_access(int off, int size, enum bpf_access_type type,
				      const struct bpf_prog *prog,
				      struct bpf_insn_access_aux *info)
{
	switch (off) {
	case bpf_ctx_range(struct __sk_buff, tc_classid):
	case bpf_ctx_range(struct __sk_buff, data):
	case bpf_ctx_range(struct __sk_buff, data_meta):
	case bpf_ctx_range(struct __sk_buff, data_end):
	case bpf_ctx_range_till(struct __sk_buff, family, local_port):
	case bpf_ctx_range(struct __sk_buff, tstamp):
	case bpf_ctx_range(struct __sk_buff, wire_len):
	case bpf_ctx_range(struct __sk_buff, hwtstamp):
		return false;
	}

	if (type == BPF_WRITE) {
		switch (off) {
		case bpf_ctx_range_till(struct __sk_buff, cb[0], cb[4]):
			break;
		default:
			return false;
		}
	}
	return bpf_skb_is_valid_access(off, size, type, prog, info);
}

static bool tc_cls_act_is_valid_access(int off, int size, enum bpf_access_type type,
				       const struct bpf_prog *prog,
				       struct bpf_insn_access_aux *info)
{
	if (type == BPF_WRITE) {
		switch (off) {
		case bpf_ctx_range(struct __sk_buff, mark):
		case bpf_ctx_range(struct __sk_buff, tc_index):
		case bpf_ctx_range(struct __sk_buff, priority):
		case bpf_ctx_range(struct __sk_buff, tc_classid):
		case bpf_ctx_range_till(struct __sk_buff, cb[0], cb[4]):
		case bpf_ctx_range(struct __sk_buff, tstamp):
		case bpf_ctx_range(struct __sk_buff, queue_mapping):
			break;
		default:
			return false;
		}
	}

	switch (off) {
	case bpf_ctx_range(struct __sk_buff, data):
		info->reg_type = PTR_TO_PACKET;
		break;
	case bpf_ctx_range(struct __sk_buff, data_meta):
		info->reg_type = PTR_TO_PACKET_META;
		break;
	case bpf_ctx_range(struct __sk_buff, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		break;
	case bpf_ctx_range_till(struct __sk_buff, family, local_port):
		return false;
	case offsetof(struct __sk_buff, tstamp_type):
		/*
		 * A program that reads tstamp_type knows tstamp may hold a
		 * delivery time; the tstamp conversion depends on it.
		 */
		((struct bpf_prog *)prog)->tstamp_type_access = 1;
		return size == sizeof(__u8);
	}
	return bpf_skb_is_valid_access(off, size, type, prog, info);
}

/*
 * cgroup skb programs see the packet from the IP header on.  Direct
 * packet access and tstamp writes need CAP_BPF: the type is one an
 * unprivileged user may load.
 */
static bool cg_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				   const struct bpf_prog *prog,
				   struct bpf_insn_access_aux *info)
{
	switch (off) {
	case bpf_ctx_range(struct __sk_buff, tc_classid):
	case bpf_ctx_range(struct __sk_buff, data_meta):
	case bpf_ctx_range(struct __sk_buff, wire_len):
		return false;
	case bpf_ctx_range(struct __sk_buff, data):
	case bpf_ctx_range(struct __sk_buff, data_end):
		if (!bpf_capable())
			return false;
		break;
	}

	if (type == BPF_WRITE) {
		switch (off) {
		case bpf_ctx_range(struct __sk_buff, mark):
		case bpf_ctx_range(struct __sk_buff, priority):
		case bpf_ctx_range_till(struct __sk_buff, cb[0], cb[4]):
			break;
		case bpf_ctx_range(struct __sk_buff, tstamp):
			if (!bpf_capable())
				return false;
			break;
		default:
			return false;
		}
	}

	switch (off) {
	case bpf_ctx_range(struct __sk_buff, data):
		info->reg_type = PTR_TO_PACKET;
		break;
	case bpf_ctx_range(struct __sk_buff, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		break;
	}
	return bpf_skb_is_valid_access(off, size, type, prog, info);
}

/* Lightweight tunnels: the packet without its socket, timestamps or metadata. */
static bool lwt_is_valid_access(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info)
{
	switch (off) {
	case bpf_ctx_range(struct __sk_buff, tc_classid):
	case bpf_ctx_range_till(struct __sk_buff, family, local_port):
	case bpf_ctx_range(struct __sk_buff, data_meta):
	case bpf_ctx_range(struct __sk_buff, tstamp):
	case bpf_ctx_range(struct __sk_buff, wire_len):
	case bpf_ctx_range(struct __sk_buff, hwtstamp):
		return false;
	}

	if (type == BPF_WRITE) {
		switch (off) {
		case bpf_ctx_range(struct __sk_buff, mark):
		case bpf_ctx_range(struct __sk_buff, priority):
		case bpf_ctx_range_till(struct __sk_buff, cb[0], cb[4]):
			break;
		default:
			return false;
		}
	}

	switch (off) {
	case bpf_ctx_range(struct __sk_buff, data):
		info->reg_type = PTR_TO_PACKET;
		break;
	case bpf_ctx_range(struct __sk_buff, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		break;
	}
	return bpf_skb_is_valid_access(off, size, type, prog, info);
}

/* sockmap stream programs: the socket's data, no mark, no timestamps. */
static bool sk_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				   const struct bpf_prog *prog,
				   struct bpf_insn_access_aux *info)
{
	switch (off) {
	case bpf_ctx_range(struct __sk_buff, tc_classid):
	case bpf_ctx_range(struct __sk_buff, data_meta):
	case bpf_ctx_range(struct __sk_buff, tstamp):
	case bpf_ctx_range(struct __sk_buff, wire_len):
	case bpf_ctx_range(struct __sk_buff, hwtstamp):
		return false;
	}

	if (type == BPF_WRITE) {
		switch (off) {
		case bpf_ctx_range(struct __sk_buff, tc_index):
		case bpf_ctx_range(struct __sk_buff, priority):
			break;
		default:
			return false;
		}
	}

	switch (off) {
	case bpf_ctx_range(struct __sk_buff, mark):
		return false;
	case bpf_ctx_range(struct __sk_buff, data):
		info->reg_type = PTR_TO_PACKET;
		break;
	case bpf_ctx_range(struct __sk_buff, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		break;
	}
	return bpf_skb_is_valid_access(off, size, type, prog, info);
}

/*
 * skb->sk into dst, for the socket fields of __sk_buff.  Only types
 * whose skbs always have a socket may read them (6.1 does not check);
 * a socketless skb jumps over the field load and reads 0 rather than
 * fault in the process.
 */
static struct bpf_insn *bpf_convert_skb_sk_access(const struct bpf_insn *si,
						  struct bpf_insn *insn)
{
	*insn++ = CTX_LDX_PTR(struct sk_buff, sk, si->dst_reg, si->src_reg);
	*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1 + (si->off ==
		  offsetof(struct __sk_buff, remote_port)));
	return insn;
}

/* skb_shinfo(skb) into dst: skb->end is the shared info. */
static struct bpf_insn *bpf_convert_shinfo_access(const struct bpf_insn *si,
						  struct bpf_insn *insn)
{
	*insn++ = CTX_LDX_PTR(struct sk_buff, end, si->dst_reg, si->src_reg);
	return insn;
}

static struct bpf_insn *bpf_convert_rw(enum bpf_access_type type,
				       const struct bpf_insn *si,
				       struct bpf_insn *insn, int size, int off)
{
	if (type == BPF_WRITE)
		*insn++ = CTX_STX(size, si->dst_reg, si->src_reg, off);
	else
		*insn++ = CTX_LDX(size, si->dst_reg, si->src_reg, off);
	return insn;
}

/*
 * __sk_buff field -> sk_buff field.  Narrow reads arrive here widened
 * to the field; *target_size says how wide the source really is so the
 * verifier can shift and mask.  tstamp needs none of the kernel's
 * ingress fix-ups: no program here runs at tc ingress.
 */
u32 bpf_convert_ctx_access(enum bpf_access_type type,
				  const struct bpf_insn *si,
				  struct bpf_insn *insn_buf,
				  struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	int off;

	switch (si->off) {
	case offsetof(struct __sk_buff, len):
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, len, 4, target_size));
		break;
	case offsetof(struct __sk_buff, protocol):
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, protocol, 2, target_size));
		break;
	case offsetof(struct __sk_buff, vlan_proto):
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, vlan_proto, 2, target_size));
		break;
	case offsetof(struct __sk_buff, priority):
		insn = bpf_convert_rw(type, si, insn, BPF_W,
				      bpf_target_off(struct sk_buff, priority, 4, target_size));
		break;
	case offsetof(struct __sk_buff, ingress_ifindex):
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, skb_iif, 4, target_size));
		break;
	case offsetof(struct __sk_buff, ifindex):
		*insn++ = CTX_LDX_PTR(struct sk_buff, dev, si->dst_reg, si->src_reg);
		*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct net_device, ifindex, 4, target_size));
		break;
	case offsetof(struct __sk_buff, hash):
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, hash, 4, target_size));
		break;
	case offsetof(struct __sk_buff, mark):
		insn = bpf_convert_rw(type, si, insn, BPF_W,
				      bpf_target_off(struct sk_buff, mark, 4, target_size));
		break;
	case offsetof(struct __sk_buff, pkt_type):
		*insn++ = CTX_LDX(BPF_B, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, pkt_type, 1, target_size));
		break;
	case offsetof(struct __sk_buff, queue_mapping):
		if (type == BPF_WRITE) {
			/* NO_QUEUE_MAPPING and above are not queues: ignored */
			*insn++ = BPF_JMP_IMM(BPF_JGE, si->src_reg, NO_QUEUE_MAPPING, 1);
			*insn++ = CTX_STX(BPF_H, si->dst_reg, si->src_reg,
					  bpf_target_off(struct sk_buff, queue_mapping,
							 2, target_size));
		} else {
			*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg,
					  bpf_target_off(struct sk_buff, queue_mapping,
							 2, target_size));
		}
		break;
	case offsetof(struct __sk_buff, vlan_present):
		*insn++ = CTX_LDX(BPF_B, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, vlan_present, 1, target_size));
		break;
	case offsetof(struct __sk_buff, vlan_tci):
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, vlan_tci, 2, target_size));
		break;
	case offsetof(struct __sk_buff, cb[0]) ...
	     offsetofend(struct __sk_buff, cb[4]) - 1:
		prog->cb_access = 1;
		off = si->off - offsetof(struct __sk_buff, cb[0]) + SKB_CB_OFF(data);
		insn = bpf_convert_rw(type, si, insn, BPF_SIZE(si->code), off);
		break;
	case offsetof(struct __sk_buff, tc_classid):
		off = si->off - offsetof(struct __sk_buff, tc_classid) +
		      SKB_CB_OFF(tc_classid);
		*target_size = 2;
		insn = bpf_convert_rw(type, si, insn, BPF_H, off);
		break;
	case offsetof(struct __sk_buff, data):
		*insn++ = CTX_LDX_PTR(struct sk_buff, data, si->dst_reg, si->src_reg);
		break;
	case offsetof(struct __sk_buff, data_meta):
		off = si->off - offsetof(struct __sk_buff, data_meta) +
		      SKB_DATA_END_OFF(data_meta);
		*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, off);
		break;
	case offsetof(struct __sk_buff, data_end):
		off = si->off - offsetof(struct __sk_buff, data_end) +
		      SKB_DATA_END_OFF(data_end);
		*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, off);
		break;
	case offsetof(struct __sk_buff, tc_index):
		insn = bpf_convert_rw(type, si, insn, BPF_H,
				      bpf_target_off(struct sk_buff, tc_index, 2, target_size));
		break;
	case offsetof(struct __sk_buff, napi_id):
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  bpf_target_off(struct sk_buff, napi_id, 4, target_size));
		/* smaller values are a sender CPU, not a NAPI instance */
		*insn++ = BPF_JMP_IMM(BPF_JGE, si->dst_reg, MIN_NAPI_ID, 1);
		*insn++ = BPF_MOV64_IMM(si->dst_reg, 0);
		break;
	case offsetof(struct __sk_buff, tstamp):
		insn = bpf_convert_rw(type, si, insn, BPF_DW,
				      offsetof(struct sk_buff, tstamp));
		break;
	case offsetof(struct __sk_buff, tstamp_type):
		/* mono_delivery_time is 0/1: BPF_SKB_TSTAMP_UNSPEC/DELIVERY_MONO */
		*insn++ = CTX_LDX(BPF_B, si->dst_reg, si->src_reg,
				  offsetof(struct sk_buff, mono_delivery_time));
		break;
	case offsetof(struct __sk_buff, gso_segs):
		insn = bpf_convert_shinfo_access(si, insn);
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct skb_shared_info, gso_segs, 2,
						 target_size));
		break;
	case offsetof(struct __sk_buff, gso_size):
		insn = bpf_convert_shinfo_access(si, insn);
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct skb_shared_info, gso_size, 2,
						 target_size));
		break;
	case offsetof(struct __sk_buff, family):
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct sock_common, skc_family, 2,
						 target_size));
		break;
	case offsetof(struct __sk_buff, remote_ip4):
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct sock_common, skc_daddr, 4,
						 target_size));
		break;
	case offsetof(struct __sk_buff, local_ip4):
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct sock_common, skc_rcv_saddr, 4,
						 target_size));
		break;
	case offsetof(struct __sk_buff, remote_ip6[0]) ...
	     offsetof(struct __sk_buff, remote_ip6[3]):
		off = si->off - offsetof(struct __sk_buff, remote_ip6[0]);
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  offsetof(struct sock_common, skc_v6_daddr) + off);
		break;
	case offsetof(struct __sk_buff, local_ip6[0]) ...
	     offsetof(struct __sk_buff, local_ip6[3]):
		off = si->off - offsetof(struct __sk_buff, local_ip6[0]);
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  offsetof(struct sock_common, skc_v6_rcv_saddr) + off);
		break;
	case offsetof(struct __sk_buff, remote_port):
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct sock_common, skc_dport, 2,
						 target_size));
		/* the port in network order sits in the high half, as in 6.1 */
		*insn++ = BPF_ALU32_IMM(BPF_LSH, si->dst_reg, 16);
		break;
	case offsetof(struct __sk_buff, local_port):
		insn = bpf_convert_skb_sk_access(si, insn);
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct sock_common, skc_num, 2,
						 target_size));
		break;
	case offsetof(struct __sk_buff, wire_len):
		off = si->off - offsetof(struct __sk_buff, wire_len) +
		      SKB_CB_OFF(pkt_len);
		*target_size = 4;
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, off);
		break;
	case offsetof(struct __sk_buff, sk):
		*insn++ = CTX_LDX_PTR(struct sk_buff, sk, si->dst_reg, si->src_reg);
		break;
	case offsetof(struct __sk_buff, hwtstamp):
		insn = bpf_convert_shinfo_access(si, insn);
		*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct skb_shared_info, hwtstamps, 8,
						 target_size));
		break;
	}
	return insn - insn_buf;
}

/* tc always has a device: ifindex without the NULL check. */
static u32 tc_cls_act_convert_ctx_access(enum bpf_access_type type,
					 const struct bpf_insn *si,
					 struct bpf_insn *insn_buf,
					 struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct __sk_buff, ifindex):
		*insn++ = CTX_LDX_PTR(struct sk_buff, dev, si->dst_reg, si->src_reg);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  bpf_target_off(struct net_device, ifindex, 4, target_size));
		break;
	default:
		return bpf_convert_ctx_access(type, si, insn_buf, prog, target_size);
	}
	return insn - insn_buf;
}

/*
 * sk_skb programs compute data_end from the skb itself: nothing caches
 * it for them.  Our skbs are linear, so the tail is the end of the data.
 */
static u32 sk_skb_convert_ctx_access(enum bpf_access_type type,
				     const struct bpf_insn *si,
				     struct bpf_insn *insn_buf,
				     struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct __sk_buff, data_end):
		*insn++ = CTX_LDX_PTR(struct sk_buff, tail, si->dst_reg, si->src_reg);
		break;
	default:
		return bpf_convert_ctx_access(type, si, insn_buf, prog, target_size);
	}
	return insn - insn_buf;
}

/*
 * 6.1 makes a cloned skb private before a program writes it directly;
 * our skbs and frames are never shared, so there is nothing to do.
 */
int bpf_noop_prologue(struct bpf_insn *insn_buf, bool direct_write,
		      const struct bpf_prog *prog)
{
	return 0;
}

/*
 * LD_ABS/LD_IND stay as they are: the interpreter reads the packet for
 * them (prog_ops->ld_abs_ptr) with 6.1's semantics, leaving the program
 * with r0 = 0 when the bytes are not there.
 */
static int bpf_gen_ld_abs(const struct bpf_insn *orig, struct bpf_insn *insn_buf)
{
	insn_buf[0] = *orig;
	return 1;
}

const struct bpf_verifier_ops sk_filter_verifier_ops = {
	.get_func_proto		= sk_filter_func_proto,
	.is_valid_access	= sk_filter_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
	.gen_ld_abs		= bpf_gen_ld_abs,
};

const struct bpf_prog_ops sk_filter_prog_ops = {
	.test_run		= bpf_prog_test_run_skb,
	.pkt_bounds		= bpf_skb_pkt_bounds,
	.ld_abs_ptr		= bpf_skb_ld_abs_ptr,
};

const struct bpf_verifier_ops tc_cls_act_verifier_ops = {
	.get_func_proto		= tc_cls_act_func_proto,
	.is_valid_access	= tc_cls_act_is_valid_access,
	.convert_ctx_access	= tc_cls_act_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
	.gen_ld_abs		= bpf_gen_ld_abs,
};

const struct bpf_prog_ops tc_cls_act_prog_ops = {
	.test_run		= bpf_prog_test_run_skb,
	.pkt_bounds		= bpf_skb_pkt_bounds,
	.ld_abs_ptr		= bpf_skb_ld_abs_ptr,
};

const struct bpf_verifier_ops cg_skb_verifier_ops = {
	.get_func_proto		= cg_skb_func_proto,
	.is_valid_access	= cg_skb_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
};

const struct bpf_prog_ops cg_skb_prog_ops = {
	.test_run		= bpf_prog_test_run_skb,
	.pkt_bounds		= bpf_skb_pkt_bounds,
};

const struct bpf_verifier_ops lwt_in_verifier_ops = {
	.get_func_proto		= lwt_in_func_proto,
	.is_valid_access	= lwt_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
};

const struct bpf_prog_ops lwt_in_prog_ops = {
	.test_run		= bpf_prog_test_run_skb,
	.pkt_bounds		= bpf_skb_pkt_bounds,
};

const struct bpf_verifier_ops lwt_out_verifier_ops = {
	.get_func_proto		= lwt_out_func_proto,
	.is_valid_access	= lwt_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
};

const struct bpf_prog_ops lwt_out_prog_ops = {
	.test_run		= bpf_prog_test_run_skb,
	.pkt_bounds		= bpf_skb_pkt_bounds,
};

const struct bpf_verifier_ops lwt_xmit_verifier_ops = {
	.get_func_proto		= lwt_xmit_func_proto,
	.is_valid_access	= lwt_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
};

const struct bpf_prog_ops lwt_xmit_prog_ops = {
	.test_run		= bpf_prog_test_run_skb,
	.pkt_bounds		= bpf_skb_pkt_bounds,
};

/* 6.1 has no test run for seg6local programs. */
const struct bpf_verifier_ops lwt_seg6local_verifier_ops = {
	.get_func_proto		= lwt_seg6local_func_proto,
	.is_valid_access	= lwt_is_valid_access,
	.convert_ctx_access	= bpf_convert_ctx_access,
};

const struct bpf_prog_ops lwt_seg6local_prog_ops = {
	.pkt_bounds		= bpf_skb_pkt_bounds,
};

const struct bpf_verifier_ops sk_skb_verifier_ops = {
	.get_func_proto		= sk_skb_func_proto,
	.is_valid_access	= sk_skb_is_valid_access,
	.convert_ctx_access	= sk_skb_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
};

const struct bpf_prog_ops sk_skb_prog_ops = {
	.pkt_bounds		= bpf_skb_pkt_bounds,
};
