// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_XDP: the helpers that move the packet's head, tail and
 * metadata inside its frame, the fragment-aware load/store helpers,
 * the redirect helper, and struct xdp_md over struct xdp_buff, with
 * Linux 6.1's rules.
 */
#include <linux/filter.h>
#include <net/xdp.h>
#include <net/sock.h>
#include "filter_conv.h"


static void xdp_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct xdp_buff *xdp = ctx;

	/* no metadata support shows as data_meta past data */
	b->meta = xdp_data_meta_unsupported(xdp) ? xdp->data : xdp->data_meta;
	b->data = xdp->data;
	b->data_end = xdp->data_end;
}

BPF_CALL_1(bpf_xdp_get_buff_len, struct xdp_buff *, xdp)
{
	return xdp_get_buff_len(xdp);
}

static const struct bpf_func_proto bpf_xdp_get_buff_len_proto = {
	.func		= bpf_xdp_get_buff_len,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

static unsigned long xdp_get_metalen(const struct xdp_buff *xdp)
{
	return xdp_data_meta_unsupported(xdp) ? 0 :
	       (char *)xdp->data - (char *)xdp->data_meta;
}

BPF_CALL_2(bpf_xdp_adjust_head, struct xdp_buff *, xdp, int, offset)
{
	/* the frame's own header stays in front of the metadata */
	char *xdp_frame_end = (char *)xdp->data_hard_start + XDP_FRAME_HEADROOM;
	unsigned long metalen = xdp_get_metalen(xdp);
	char *data_start = xdp_frame_end + metalen;
	char *data = (char *)xdp->data + offset;

	if (unlikely(data < data_start ||
		     data > (char *)xdp->data_end - ETH_HLEN))
		return -EINVAL;

	if (metalen)
		memmove((char *)xdp->data_meta + offset, xdp->data_meta, metalen);
	xdp->data_meta = (char *)xdp->data_meta + offset;
	xdp->data = data;
	return 0;
}

static const struct bpf_func_proto bpf_xdp_adjust_head_proto = {
	.func		= bpf_xdp_adjust_head,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* Copies len bytes at packet offset off to (flush: from) buf, across frags. */
static void bpf_xdp_copy_buf(struct xdp_buff *xdp, unsigned long off,
			     void *buf, unsigned long len, bool flush)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	unsigned long ptr_len = (char *)xdp->data_end - (char *)xdp->data;
	unsigned long ptr_off = 0;
	u8 *ptr_buf = xdp->data;
	int next = 0;

	for (;;) {
		if (off < ptr_off + ptr_len) {
			unsigned long copy_off = off - ptr_off;
			unsigned long copy_len = min(len, ptr_len - copy_off);

			if (flush)
				memcpy(ptr_buf + copy_off, buf, copy_len);
			else
				memcpy(buf, ptr_buf + copy_off, copy_len);
			off += copy_len;
			len -= copy_len;
			buf = (u8 *)buf + copy_len;
		}
		if (!len || next == sinfo->nr_frags)
			break;
		ptr_off += ptr_len;
		ptr_buf = skb_frag_address(&sinfo->frags[next]);
		ptr_len = skb_frag_size(&sinfo->frags[next]);
		next++;
	}
}

/* The bytes in one piece, NULL when they cross pieces, or an ERR_PTR. */
static void *bpf_xdp_pointer(struct xdp_buff *xdp, u32 offset, u32 len)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	u32 size = (char *)xdp->data_end - (char *)xdp->data;
	void *addr = xdp->data;
	int i;

	if (unlikely(offset > 0xffff || len > 0xffff))
		return ERR_PTR(-EFAULT);
	if (offset + len > xdp_get_buff_len(xdp))
		return ERR_PTR(-EINVAL);

	if (offset >= size) {
		offset -= size;
		for (i = 0; i < sinfo->nr_frags; i++) {
			u32 frag_size = skb_frag_size(&sinfo->frags[i]);

			if (offset < frag_size) {
				addr = skb_frag_address(&sinfo->frags[i]);
				size = frag_size;
				break;
			}
			offset -= frag_size;
		}
	}
	return offset + len <= size ? (char *)addr + offset : NULL;
}

BPF_CALL_4(bpf_xdp_load_bytes, struct xdp_buff *, xdp, u32, offset,
	   void *, buf, u32, len)
{
	void *ptr = bpf_xdp_pointer(xdp, offset, len);

	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	if (!ptr)
		bpf_xdp_copy_buf(xdp, offset, buf, len, false);
	else
		memcpy(buf, ptr, len);
	return 0;
}

static const struct bpf_func_proto bpf_xdp_load_bytes_proto = {
	.func		= bpf_xdp_load_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

BPF_CALL_4(bpf_xdp_store_bytes, struct xdp_buff *, xdp, u32, offset,
	   void *, buf, u32, len)
{
	void *ptr = bpf_xdp_pointer(xdp, offset, len);

	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	if (!ptr)
		bpf_xdp_copy_buf(xdp, offset, buf, len, true);
	else
		memcpy(ptr, buf, len);
	return 0;
}

static const struct bpf_func_proto bpf_xdp_store_bytes_proto = {
	.func		= bpf_xdp_store_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE,
};

static int bpf_xdp_frags_increase_tail(struct xdp_buff *xdp, int offset)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	skb_frag_t *frag = &sinfo->frags[sinfo->nr_frags - 1];
	struct xdp_rxq_info *rxq = xdp->rxq;
	int tailroom;

	if (!rxq->frag_size || rxq->frag_size > xdp->frame_sz)
		return -EOPNOTSUPP;

	tailroom = rxq->frag_size - skb_frag_size(frag) -
		   frag->offset % rxq->frag_size;
	if (unlikely(offset > tailroom))
		return -EINVAL;

	memset((char *)skb_frag_address(frag) + skb_frag_size(frag), 0, offset);
	frag->size += offset;
	sinfo->xdp_frags_size += offset;
	return 0;
}

static int bpf_xdp_frags_shrink_tail(struct xdp_buff *xdp, int offset)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);
	int i, n_frags_free = 0, len_free = 0;

	if (unlikely(offset > (int)xdp_get_buff_len(xdp) - ETH_HLEN))
		return -EINVAL;

	for (i = sinfo->nr_frags - 1; i >= 0 && offset > 0; i--) {
		skb_frag_t *frag = &sinfo->frags[i];
		int shrink = min_t(int, offset, skb_frag_size(frag));

		len_free += shrink;
		offset -= shrink;
		if (skb_frag_size(frag) == (u32)shrink) {
			kfree(frag->page);
			frag->page = NULL;
			n_frags_free++;
		} else {
			frag->size -= shrink;
			break;
		}
	}
	sinfo->nr_frags -= n_frags_free;
	sinfo->xdp_frags_size -= len_free;

	/* all fragments gone: the rest comes off the linear part */
	if (unlikely(!sinfo->nr_frags)) {
		xdp_buff_clear_frags_flag(xdp);
		xdp->data_end = (char *)xdp->data_end - offset;
	}
	return 0;
}

BPF_CALL_2(bpf_xdp_adjust_tail, struct xdp_buff *, xdp, int, offset)
{
	char *data_hard_end = xdp_data_hard_end(xdp);
	char *data_end = (char *)xdp->data_end + offset;

	if (unlikely(xdp_buff_has_frags(xdp))) {
		if (offset < 0)
			return bpf_xdp_frags_shrink_tail(xdp, -offset);
		return bpf_xdp_frags_increase_tail(xdp, offset);
	}

	/* the hard end already leaves the shared info's tailroom */
	if (unlikely(data_end > data_hard_end))
		return -EINVAL;
	if (unlikely(xdp->frame_sz > PAGE_SIZE))
		return -EINVAL;
	if (unlikely(data_end < (char *)xdp->data + ETH_HLEN))
		return -EINVAL;

	/* grown bytes were never the packet's: no stale data shows */
	if (offset > 0)
		memset(xdp->data_end, 0, offset);
	xdp->data_end = data_end;
	return 0;
}

static const struct bpf_func_proto bpf_xdp_adjust_tail_proto = {
	.func		= bpf_xdp_adjust_tail,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_xdp_adjust_meta, struct xdp_buff *, xdp, int, offset)
{
	char *xdp_frame_end = (char *)xdp->data_hard_start + XDP_FRAME_HEADROOM;
	char *meta = (char *)xdp->data_meta + offset;
	unsigned long metalen = (char *)xdp->data - meta;

	if (xdp_data_meta_unsupported(xdp))
		return -ENOTSUPP;
	if (unlikely(meta < xdp_frame_end || meta > (char *)xdp->data))
		return -EINVAL;
	if (unlikely(xdp_metalen_invalid(metalen)))
		return -EACCES;

	xdp->data_meta = meta;
	return 0;
}

static const struct bpf_func_proto bpf_xdp_adjust_meta_proto = {
	.func		= bpf_xdp_adjust_meta,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_xdp_redirect, u32, ifindex, u64, flags)
{
	struct bpf_redirect_info *ri = bpf_this_redirect_info();

	if (unlikely(flags))
		return XDP_ABORTED;
	/* map type UNSPEC with map id INT_MAX: redirect by ifindex */
	ri->tgt_index = ifindex;
	ri->map_id = INT_MAX;
	ri->map_type = BPF_MAP_TYPE_UNSPEC;
	return XDP_REDIRECT;
}

static const struct bpf_func_proto bpf_xdp_redirect_proto = {
	.func		= bpf_xdp_redirect,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
};

/*
 * bpf_redirect_map() needs devmap/cpumap/xskmap: not built, so it is
 * absent ("unknown func").  Socket lookups find nothing (no stack), nor
 * do fib lookups (no devices: fib_lookup.c).
 */
static const struct bpf_func_proto *
xdp_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_xdp_adjust_head:
		return &bpf_xdp_adjust_head_proto;
	case BPF_FUNC_xdp_adjust_meta:
		return &bpf_xdp_adjust_meta_proto;
	case BPF_FUNC_redirect:
		return &bpf_xdp_redirect_proto;
	case BPF_FUNC_xdp_adjust_tail:
		return &bpf_xdp_adjust_tail_proto;
	case BPF_FUNC_fib_lookup:
		return &bpf_xdp_fib_lookup_proto;
	case BPF_FUNC_xdp_get_buff_len:
		return &bpf_xdp_get_buff_len_proto;
	case BPF_FUNC_xdp_load_bytes:
		return &bpf_xdp_load_bytes_proto;
	case BPF_FUNC_xdp_store_bytes:
		return &bpf_xdp_store_bytes_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_xdp_sk_lookup_udp_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_xdp_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_xdp_skc_lookup_tcp_proto;
	case BPF_FUNC_tcp_check_syncookie:
		return &bpf_tcp_check_syncookie_proto;
	case BPF_FUNC_tcp_gen_syncookie:
		return &bpf_tcp_gen_syncookie_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_xdp_event_output_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

static bool __is_valid_xdp_access(int off, int size)
{
	if (off < 0 || off >= (int)sizeof(struct xdp_md))
		return false;
	if (off % size != 0)
		return false;
	/* whole u32 fields only: no narrow loads of xdp_md */
	return size == sizeof(__u32);
}

static bool xdp_is_valid_access(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info)
{
	/* only a devmap program has an egress device */
	if (prog->expected_attach_type != BPF_XDP_DEVMAP &&
	    off == offsetof(struct xdp_md, egress_ifindex))
		return false;
	/* writes (rx_queue_index) are for device-bound programs only */
	if (type == BPF_WRITE)
		return false;

	switch (off) {
	case offsetof(struct xdp_md, data):
		info->reg_type = PTR_TO_PACKET;
		break;
	case offsetof(struct xdp_md, data_meta):
		info->reg_type = PTR_TO_PACKET_META;
		break;
	case offsetof(struct xdp_md, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		break;
	}
	return __is_valid_xdp_access(off, size);
}

static u32 xdp_convert_ctx_access(enum bpf_access_type type,
				  const struct bpf_insn *si,
				  struct bpf_insn *insn_buf,
				  struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct xdp_md, data):
		*insn++ = CTX_LDX_FIELD(struct xdp_buff, data, si->dst_reg, si->src_reg);
		break;
	case offsetof(struct xdp_md, data_meta):
		*insn++ = CTX_LDX_FIELD(struct xdp_buff, data_meta, si->dst_reg,
					si->src_reg);
		break;
	case offsetof(struct xdp_md, data_end):
		*insn++ = CTX_LDX_FIELD(struct xdp_buff, data_end, si->dst_reg,
					si->src_reg);
		break;
	case offsetof(struct xdp_md, ingress_ifindex):
		*insn++ = CTX_LDX_FIELD(struct xdp_buff, rxq, si->dst_reg, si->src_reg);
		*insn++ = CTX_LDX_FIELD(struct xdp_rxq_info, dev, si->dst_reg,
					si->dst_reg);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  offsetof(struct net_device, ifindex));
		break;
	case offsetof(struct xdp_md, rx_queue_index):
		*insn++ = CTX_LDX_FIELD(struct xdp_buff, rxq, si->dst_reg, si->src_reg);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  offsetof(struct xdp_rxq_info, queue_index));
		break;
	case offsetof(struct xdp_md, egress_ifindex):
		/* no devmap runs devmap programs here: txq may be NULL */
		*insn++ = CTX_LDX_FIELD(struct xdp_buff, txq, si->dst_reg, si->src_reg);
		*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 2);
		*insn++ = CTX_LDX_FIELD(struct xdp_txq_info, dev, si->dst_reg,
					si->dst_reg);
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
				  offsetof(struct net_device, ifindex));
		break;
	}
	return insn - insn_buf;
}

const struct bpf_verifier_ops xdp_verifier_ops = {
	.get_func_proto		= xdp_func_proto,
	.is_valid_access	= xdp_is_valid_access,
	.convert_ctx_access	= xdp_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
};

const struct bpf_prog_ops xdp_prog_ops = {
	.test_run		= bpf_prog_test_run_xdp,
	.pkt_bounds		= xdp_pkt_bounds,
};
