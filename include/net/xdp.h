/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_NET_XDP_H
#define _SYSBPF_NET_XDP_H

/*
 * The buffer an XDP program sees through struct xdp_md: a page-sized
 * frame with XDP_PACKET_HEADROOM in front of the packet and the shared
 * info (fragments) at its hard end, laid out as the kernel's.
 */
#include <linux/skbuff.h>

struct xdp_mem_info {
	u32 type;
	u32 id;
};

enum xdp_rxq_info_reg_state {
	REG_STATE_NEW = 0,
	REG_STATE_REGISTERED,
	REG_STATE_UNREGISTERED,
	REG_STATE_UNUSED,
};

struct xdp_rxq_info {
	struct net_device *dev;
	u32 queue_index;
	u32 reg_state;
	struct xdp_mem_info mem;
	unsigned int napi_id;
	u32 frag_size;
};

struct xdp_txq_info {
	struct net_device *dev;
};

enum xdp_buff_flags {
	XDP_FLAGS_HAS_FRAGS		= BIT(0),
	XDP_FLAGS_FRAGS_PF_MEMALLOC	= BIT(1),
};

struct xdp_buff {
	void *data;
	void *data_end;
	void *data_meta;
	void *data_hard_start;
	struct xdp_rxq_info *rxq;
	struct xdp_txq_info *txq;
	u32 frame_sz;
	u32 flags;
};

/*
 * sizeof(struct xdp_frame) of 6.1 on x86-64: the part of the headroom a
 * frame keeps for itself, which bpf_xdp_adjust_head/meta may not take.
 */
#define XDP_FRAME_HEADROOM	40
#define XDP_METADATA_MAX	32

static inline bool xdp_rxq_info_is_reg(const struct xdp_rxq_info *rxq)
{
	return rxq->reg_state == REG_STATE_REGISTERED;
}

static inline bool xdp_buff_has_frags(const struct xdp_buff *xdp)
{
	return xdp->flags & XDP_FLAGS_HAS_FRAGS;
}

static inline void xdp_buff_set_frags_flag(struct xdp_buff *xdp)
{
	xdp->flags |= XDP_FLAGS_HAS_FRAGS;
}

static inline void xdp_buff_clear_frags_flag(struct xdp_buff *xdp)
{
	xdp->flags &= ~XDP_FLAGS_HAS_FRAGS;
}

static inline void xdp_init_buff(struct xdp_buff *xdp, u32 frame_sz,
				 struct xdp_rxq_info *rxq)
{
	xdp->frame_sz = frame_sz;
	xdp->rxq = rxq;
	xdp->flags = 0;
}

static inline void xdp_prepare_buff(struct xdp_buff *xdp, unsigned char *hard_start,
				    int headroom, int data_len, bool meta_valid)
{
	unsigned char *data = hard_start + headroom;

	xdp->data_hard_start = hard_start;
	xdp->data = data;
	xdp->data_end = data + data_len;
	/* data_meta past data means "no metadata support" */
	xdp->data_meta = meta_valid ? data : data + 1;
}

static inline void *xdp_data_hard_end(const struct xdp_buff *xdp)
{
	return (char *)xdp->data_hard_start + xdp->frame_sz - SKB_SHINFO_SIZE;
}

static inline struct skb_shared_info *
xdp_get_shared_info_from_buff(const struct xdp_buff *xdp)
{
	return xdp_data_hard_end(xdp);
}

static inline unsigned int xdp_get_buff_len(const struct xdp_buff *xdp)
{
	unsigned int len = (char *)xdp->data_end - (char *)xdp->data;

	if (unlikely(xdp_buff_has_frags(xdp)))
		len += xdp_get_shared_info_from_buff(xdp)->xdp_frags_size;
	return len;
}

static inline bool xdp_data_meta_unsupported(const struct xdp_buff *xdp)
{
	return xdp->data_meta > xdp->data;
}

static inline bool xdp_metalen_invalid(unsigned long metalen)
{
	return (metalen & (sizeof(u32) - 1)) || metalen > XDP_METADATA_MAX;
}

/* The receive queue of a device (its rx_queues[] entry), or NULL. */
static inline struct xdp_rxq_info *__netif_get_rx_queue(struct net_device *dev,
							 unsigned int rxq)
{
	return rxq < dev->real_num_rx_queues ? &dev->rx_queues[rxq] : NULL;
}

/* BPF_PROG_TEST_RUN of XDP programs (net/bpf/test_run.c). */
int bpf_prog_test_run_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr);

#endif
