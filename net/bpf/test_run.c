// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN for the skb types (socket filter, tc, cgroup skb,
 * lwt in/out/xmit), XDP, the flow dissector and sk_lookup: build the
 * context the program would see on the loopback device from the
 * caller's packet and context, run the program `repeat` times, and hand
 * back retval, the average duration, the packet and the context, with
 * Linux 6.1's checks and errno.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include <linux/filter.h>
#include <linux/bpf-cgroup.h>
#include <linux/skbuff.h>
#include <net/xdp.h>
#include <arpa/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

/* The kernel's bpf_test_timer: wall time over all runs, divided by runs. */
struct bpf_test_timer {
	u32 i;
	u64 time_start, time_spent;
};

static void bpf_test_timer_enter(struct bpf_test_timer *t)
{
	t->time_start = ktime_get_ns();
}

static bool bpf_test_timer_continue(struct bpf_test_timer *t, int iterations,
				    u32 repeat, int *err, u32 *duration)
{
	t->i += iterations;
	if (t->i < repeat)
		return true;

	t->time_spent += ktime_get_ns() - t->time_start;
	t->time_spent /= t->i;
	*duration = t->time_spent > U32_MAX ? U32_MAX : (u32)t->time_spent;
	*err = 0;
	t->i = 0;
	return false;
}

static int bpf_test_run(struct bpf_prog *prog, void *ctx, u32 repeat,
			u32 *retval, u32 *time)
{
	struct bpf_cgroup_storage *storage[MAX_BPF_CGROUP_STORAGE_TYPE], **old;
	struct bpf_test_timer t = {};
	int ret = 0;

	/* the program's cgroup storages, for this test run only (6.1) */
	ret = bpf_test_run_storages_alloc(prog, storage);
	if (ret)
		return ret;
	if (!repeat)
		repeat = 1;

	old = bpf_cgroup_storage_set(storage);
	bpf_test_timer_enter(&t);
	do {
		*retval = bpf_prog_run(prog, ctx);
	} while (bpf_test_timer_continue(&t, 1, repeat, &ret, time));
	bpf_cgroup_storage_restore(old);
	bpf_cgroup_storages_free(storage);
	return ret;
}

/*
 * Copies the packet out.  A data_size_out smaller than the packet
 * truncates the copy and makes the result -ENOSPC, with data_size_out
 * set to the full size; no data_size_out copies it all.
 */
static int bpf_test_finish(const union bpf_attr *kattr,
			   union bpf_attr __user *uattr, const void *data,
			   const struct skb_shared_info *sinfo, u32 size,
			   u32 retval, u32 duration)
{
	void __user *data_out = u64_to_user_ptr(kattr->test.data_out);
	u32 copy_size = size;
	int err = 0;

	if (kattr->test.data_size_out && copy_size > kattr->test.data_size_out) {
		copy_size = kattr->test.data_size_out;
		err = -ENOSPC;
	}

	if (data_out) {
		int len = sinfo ? (int)(copy_size - sinfo->xdp_frags_size) : (int)copy_size;

		if (len < 0)
			return -ENOSPC;
		if (copy_to_user(data_out, data, len))
			return -EFAULT;

		if (sinfo) {
			u32 offset = len;
			int i;

			for (i = 0; i < sinfo->nr_frags; i++) {
				const skb_frag_t *frag = &sinfo->frags[i];
				u32 data_len;

				if (offset >= copy_size) {
					err = -ENOSPC;
					break;
				}
				data_len = min_t(u32, copy_size - offset, skb_frag_size(frag));
				if (copy_to_user((u8 *)data_out + offset,
						 skb_frag_address(frag), data_len))
					return -EFAULT;
				offset += data_len;
			}
		}
	}

	/* the attr was read with the cheap copy: written back the same way */
	if (__copy_to_user(&uattr->test.data_size_out, &size, sizeof(size)) ||
	    __copy_to_user(&uattr->test.retval, &retval, sizeof(retval)) ||
	    __copy_to_user(&uattr->test.duration, &duration, sizeof(duration)))
		return -EFAULT;
	return err;
}

/*
 * A zeroed buffer of headroom + SKB_DATA_ALIGN(size) + tailroom with the
 * caller's user_size bytes of data behind the headroom.
 */
static void *bpf_test_init(const union bpf_attr *kattr, u32 user_size,
			   u32 size, u32 headroom, u32 tailroom, u32 *alloc_size)
{
	void __user *data_in = u64_to_user_ptr(kattr->test.data_in);
	void *data;

	if (user_size > PAGE_SIZE - headroom - tailroom)
		return ERR_PTR(-EINVAL);
	size = SKB_DATA_ALIGN(size);
	data = kzalloc(size + headroom + tailroom, GFP_USER);
	if (!data)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user((u8 *)data + headroom, data_in, user_size)) {
		kfree(data);
		return ERR_PTR(-EFAULT);
	}
	*alloc_size = size + headroom + tailroom;
	return data;
}

/* The caller's context (or zeroes for one that is only read back). */
static void *bpf_ctx_init(const union bpf_attr *kattr, u32 max_size)
{
	void __user *data_in = u64_to_user_ptr(kattr->test.ctx_in);
	void __user *data_out = u64_to_user_ptr(kattr->test.ctx_out);
	u32 size = kattr->test.ctx_size_in;
	void *data;
	int err;

	if (!data_in && !data_out)
		return NULL;

	data = kzalloc(max_size, GFP_USER);
	if (!data)
		return ERR_PTR(-ENOMEM);

	if (data_in) {
		/* a larger context than ours is fine if the rest is zero */
		err = bpf_check_uarg_tail_zero(data_in, max_size, size);
		if (err) {
			kfree(data);
			return ERR_PTR(err);
		}
		if (copy_from_user(data, data_in, min_t(u32, max_size, size))) {
			kfree(data);
			return ERR_PTR(-EFAULT);
		}
	}
	return data;
}

static int bpf_ctx_finish(const union bpf_attr *kattr,
			  union bpf_attr __user *uattr, const void *data, u32 size)
{
	void __user *data_out = u64_to_user_ptr(kattr->test.ctx_out);
	u32 copy_size = size;
	int err = 0;

	if (!data || !data_out)
		return 0;

	if (copy_size > kattr->test.ctx_size_out) {
		copy_size = kattr->test.ctx_size_out;
		err = -ENOSPC;
	}
	if (copy_to_user(data_out, data, copy_size) ||
	    __copy_to_user(&uattr->test.ctx_size_out, &size, sizeof(size)))
		return -EFAULT;
	return err;
}

static bool range_is_zero(const void *buf, size_t from, size_t to)
{
	const u8 *p = buf;

	for (; from < to; from++)
		if (p[from])
			return false;
	return true;
}

/*
 * The __sk_buff fields a caller may set: mark, priority,
 * ingress_ifindex, ifindex, cb[], tstamp, wire_len, gso_segs, gso_size
 * and hwtstamp.  Anything else non-zero is -EINVAL.
 */
static int convert___skb_to_skb(struct sk_buff *skb, const struct __sk_buff *__skb)
{
	struct qdisc_skb_cb *cb = (struct qdisc_skb_cb *)skb->cb;

	if (!__skb)
		return 0;

	if (!range_is_zero(__skb, 0, offsetof(struct __sk_buff, mark)) ||
	    !range_is_zero(__skb, offsetofend(struct __sk_buff, mark),
			   offsetof(struct __sk_buff, priority)) ||
	    !range_is_zero(__skb, offsetofend(struct __sk_buff, ifindex),
			   offsetof(struct __sk_buff, cb)) ||
	    !range_is_zero(__skb, offsetofend(struct __sk_buff, cb),
			   offsetof(struct __sk_buff, tstamp)) ||
	    !range_is_zero(__skb, offsetofend(struct __sk_buff, gso_segs),
			   offsetof(struct __sk_buff, gso_size)) ||
	    !range_is_zero(__skb, offsetofend(struct __sk_buff, gso_size),
			   offsetof(struct __sk_buff, hwtstamp)) ||
	    !range_is_zero(__skb, offsetofend(struct __sk_buff, hwtstamp),
			   sizeof(struct __sk_buff)))
		return -EINVAL;

	skb->mark = __skb->mark;
	skb->priority = __skb->priority;
	skb->skb_iif = __skb->ingress_ifindex;
	skb->tstamp = __skb->tstamp;
	memcpy(&cb->data, __skb->cb, QDISC_CB_PRIV_LEN);

	if (__skb->wire_len == 0) {
		cb->pkt_len = skb->len;
	} else {
		if (__skb->wire_len < skb->len ||
		    __skb->wire_len > GSO_LEGACY_MAX_SIZE)
			return -EINVAL;
		cb->pkt_len = __skb->wire_len;
	}

	if (__skb->gso_segs > GSO_MAX_SEGS)
		return -EINVAL;
	skb_shinfo(skb)->gso_segs = __skb->gso_segs;
	skb_shinfo(skb)->gso_size = __skb->gso_size;
	skb_shinfo(skb)->hwtstamps.hwtstamp = __skb->hwtstamp;
	return 0;
}

static void convert_skb_to___skb(struct sk_buff *skb, struct __sk_buff *__skb)
{
	struct qdisc_skb_cb *cb = (struct qdisc_skb_cb *)skb->cb;

	if (!__skb)
		return;

	__skb->mark = skb->mark;
	__skb->priority = skb->priority;
	__skb->ingress_ifindex = skb->skb_iif;
	__skb->ifindex = skb->dev->ifindex;
	__skb->tstamp = skb->tstamp;
	memcpy(__skb->cb, &cb->data, QDISC_CB_PRIV_LEN);
	__skb->wire_len = cb->pkt_len;
	__skb->gso_segs = skb_shinfo(skb)->gso_segs;
	__skb->hwtstamp = skb_shinfo(skb)->hwtstamps.hwtstamp;
}

/*
 * The socket every skb of a test run belongs to, as 6.1 makes one: no
 * family until the packet gives one, uid 0, the caller's cgroup.  It is
 * freed by the test run, never through a program (RCU-freed: a stray
 * bpf_sk_release() cannot drop it).
 */
static struct sock *bpf_test_sk_alloc(void)
{
	struct sock *sk = sk_alloc(AF_UNSPEC, 0, 0);

	if (!sk)
		return NULL;
	sk->sk_uid = 0;
	sock_set_flag(sk, SOCK_RCU_FREE);
	return sk;
}

/* The packet's addresses, as if the socket had sent it. */
static void bpf_test_sk_set_addrs(struct sock *sk, const struct sk_buff *skb)
{
	const unsigned char *nh = skb_network_header(skb);

	/* the headers need not be aligned: copied out by offset */
	if (skb->protocol == htons(ETH_P_IP)) {
		sk->sk_family = AF_INET;
		memcpy(&sk->sk_rcv_saddr, nh + offsetof(struct iphdr, saddr),
		       sizeof(sk->sk_rcv_saddr));
		memcpy(&sk->sk_daddr, nh + offsetof(struct iphdr, daddr),
		       sizeof(sk->sk_daddr));
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		sk->sk_family = AF_INET6;
		memcpy(&sk->sk_v6_rcv_saddr, nh + offsetof(struct ipv6hdr, saddr),
		       sizeof(struct in6_addr));
		memcpy(&sk->sk_v6_daddr, nh + offsetof(struct ipv6hdr, daddr),
		       sizeof(struct in6_addr));
	}
}

/* L3 headers shorter than their minimum are refused before the run. */
static int bpf_test_check_l3(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP) &&
	    skb_headlen(skb) < sizeof(struct iphdr))
		return -EINVAL;
	if (skb->protocol == htons(ETH_P_IPV6) &&
	    skb_headlen(skb) < sizeof(struct ipv6hdr))
		return -EINVAL;
	return 0;
}

int bpf_prog_test_run_skb(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr)
{
	bool is_l2 = false, is_direct_pkt_access = false;
	struct net_device *dev = &loopback_dev;
	u32 size = kattr->test.data_size_in;
	u32 repeat = kattr->test.repeat;
	struct __sk_buff *ctx = NULL;
	u32 retval = 0, duration = 0, alloc_size = 0;
	const int hh_len = ETH_HLEN;
	struct sk_buff *skb;
	struct sock *sk;
	void *data;
	int ret;

	if ((kattr->test.flags & ~BPF_F_TEST_SKB_CHECKSUM_COMPLETE) ||
	    kattr->test.cpu || kattr->test.batch_size)
		return -EINVAL;
	if (size < ETH_HLEN)
		return -EINVAL;

	data = bpf_test_init(kattr, size, size, NET_SKB_PAD + NET_IP_ALIGN,
			     SKB_SHINFO_SIZE, &alloc_size);
	if (IS_ERR(data))
		return PTR_ERR(data);

	ctx = bpf_ctx_init(kattr, sizeof(struct __sk_buff));
	if (IS_ERR(ctx)) {
		kfree(data);
		return PTR_ERR(ctx);
	}

	switch (prog->type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		/* tc sees the MAC header and may use packet pointers */
		is_l2 = true;
		is_direct_pkt_access = true;
		break;
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
		is_direct_pkt_access = true;
		break;
	default:
		break;
	}

	sk = bpf_test_sk_alloc();
	if (!sk) {
		kfree(data);
		kfree(ctx);
		return -ENOMEM;
	}
	skb = build_skb(data, alloc_size);
	if (!skb) {
		sock_put(sk);
		kfree(ctx);
		return -ENOMEM;
	}
	skb->sk = sk;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	__skb_put(skb, size);

	if (ctx && ctx->ifindex > 1) {
		dev = dev_get_by_index(ctx->ifindex);
		if (!dev) {
			ret = -ENODEV;
			goto out;
		}
	}
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	ret = bpf_test_check_l3(skb);
	if (ret)
		goto out;
	bpf_test_sk_set_addrs(sk, skb);

	if (is_l2)
		__skb_push(skb, hh_len);
	if (is_direct_pkt_access)
		bpf_compute_data_pointers(skb);

	ret = convert___skb_to_skb(skb, ctx);
	if (ret)
		goto out;

	if (kattr->test.flags & BPF_F_TEST_SKB_CHECKSUM_COMPLETE) {
		const int off = skb_network_offset(skb);

		skb->csum = skb_checksum(skb, off, skb->len - off, 0);
		skb->ip_summed = CHECKSUM_COMPLETE;
	}

	ret = bpf_test_run(prog, skb, repeat, &retval, &duration);
	if (ret)
		goto out;

	if (!is_l2) {
		/* the output starts at a (zeroed) MAC header for every type */
		if (skb_headroom(skb) < (unsigned int)hh_len) {
			int nhead = HH_DATA_ALIGN(hh_len - skb_headroom(skb));

			if (pskb_expand_head(skb, nhead, 0, GFP_USER)) {
				ret = -ENOMEM;
				goto out;
			}
		}
		memset(__skb_push(skb, hh_len), 0, hh_len);
	}

	if (kattr->test.flags & BPF_F_TEST_SKB_CHECKSUM_COMPLETE) {
		const int off = skb_network_offset(skb);
		__wsum csum = skb_checksum(skb, off, skb->len - off, 0);

		/* the program's csum updates must add up to the new sum */
		if (csum_fold(skb->csum) != csum_fold(csum)) {
			ret = -EBADMSG;
			goto out;
		}
	}

	convert_skb_to___skb(skb, ctx);

	ret = bpf_test_finish(kattr, uattr, skb->data, NULL, skb->len, retval,
			      duration);
	if (!ret)
		ret = bpf_ctx_finish(kattr, uattr, ctx, sizeof(struct __sk_buff));
out:
	kfree_skb(skb);
	sock_put(sk);
	kfree(ctx);
	return ret;
}

static int xdp_convert_md_to_buff(struct xdp_md *xdp_md, struct xdp_buff *xdp)
{
	unsigned int ingress_ifindex, rx_queue_index;
	struct xdp_rxq_info *rxqueue;
	struct net_device *device;

	if (!xdp_md)
		return 0;
	if (xdp_md->egress_ifindex != 0)
		return -EINVAL;

	ingress_ifindex = xdp_md->ingress_ifindex;
	rx_queue_index = xdp_md->rx_queue_index;
	if (!ingress_ifindex && rx_queue_index)
		return -EINVAL;

	if (ingress_ifindex) {
		device = dev_get_by_index(ingress_ifindex);
		if (!device)
			return -ENODEV;
		rxqueue = __netif_get_rx_queue(device, rx_queue_index);
		if (!rxqueue || !xdp_rxq_info_is_reg(rxqueue)) {
			dev_put(device);
			return -EINVAL;
		}
		xdp->rxq = rxqueue;
	}

	xdp->data = (char *)xdp->data_meta + xdp_md->data;
	return 0;
}

static void xdp_convert_buff_to_md(struct xdp_buff *xdp, struct xdp_md *xdp_md)
{
	if (!xdp_md)
		return;
	xdp_md->data = (char *)xdp->data - (char *)xdp->data_meta;
	xdp_md->data_end = (char *)xdp->data_end - (char *)xdp->data_meta;
	if (xdp_md->ingress_ifindex)
		dev_put(xdp->rxq->dev);
}

/* Of the kernel's struct xdp_page_head (two xdp_buffs and an xdp_frame). */
#define XDP_PAGE_HEAD_SIZE	(2 * 56 + XDP_FRAME_HEADROOM)
#define NAPI_POLL_WEIGHT	64
#define TEST_XDP_MAX_BATCH	256

/*
 * Live frames: every run gets a fresh copy of the packet, as the
 * kernel's page pool gives it.  The verdicts would transmit or pass
 * the frame into a network stack; there is none here, so every frame
 * ends as if dropped after the run.
 */
static int bpf_test_run_xdp_live(struct bpf_prog *prog, struct xdp_buff *orig,
				 u32 repeat, u32 *time)
{
	u32 frm_len = (char *)orig->data_end - (char *)orig->data_meta;
	u32 meta_len = (char *)orig->data - (char *)orig->data_meta;
	u32 headroom = XDP_PACKET_HEADROOM - meta_len;
	struct bpf_test_timer t = {};
	struct xdp_buff ctx;
	u8 *page, *frame;
	int ret = 0;

	if (!repeat)
		repeat = 1;
	page = kzalloc(PAGE_SIZE, GFP_USER);
	if (!page)
		return -ENOMEM;
	/* the frame follows the page head, as in the kernel's page pool */
	frame = page + XDP_PAGE_HEAD_SIZE;

	bpf_test_timer_enter(&t);
	do {
		memcpy(frame + headroom, orig->data_meta, frm_len);
		xdp_init_buff(&ctx, PAGE_SIZE - XDP_PAGE_HEAD_SIZE, orig->rxq);
		xdp_prepare_buff(&ctx, frame, headroom, frm_len, true);
		ctx.data = (char *)ctx.data_meta + meta_len;
		memset(xdp_get_shared_info_from_buff(&ctx), 0,
		       sizeof(struct skb_shared_info));
		bpf_prog_run(prog, &ctx);
	} while (bpf_test_timer_continue(&t, 1, repeat, &ret, time));

	kfree(page);
	return ret;
}

static void xdp_free_frags(struct skb_shared_info *sinfo)
{
	int i;

	for (i = 0; i < sinfo->nr_frags; i++)
		kfree(sinfo->frags[i].page);
	sinfo->nr_frags = 0;
}

/* What does not fit the linear part goes to page-sized fragments. */
static int xdp_test_add_frags(const union bpf_attr *kattr, struct xdp_buff *xdp,
			      u32 size)
{
	const u8 __user *data_in = u64_to_user_ptr(kattr->test.data_in);
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);

	while (size < kattr->test.data_size_in) {
		skb_frag_t *frag;
		u32 data_len;
		void *page;

		if (sinfo->nr_frags == MAX_SKB_FRAGS)
			return -ENOMEM;
		page = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!page)
			return -ENOMEM;
		frag = &sinfo->frags[sinfo->nr_frags++];
		frag->page = page;
		frag->offset = 0;
		data_len = min_t(u32, kattr->test.data_size_in - size, PAGE_SIZE);
		frag->size = data_len;
		if (copy_from_user(page, data_in + size, data_len))
			return -EFAULT;
		sinfo->xdp_frags_size += data_len;
		size += data_len;
	}
	xdp_buff_set_frags_flag(xdp);
	return 0;
}

int bpf_prog_test_run_xdp(struct bpf_prog *prog, const union bpf_attr *kattr,
			  union bpf_attr __user *uattr)
{
	bool do_live = kattr->test.flags & BPF_F_TEST_XDP_LIVE_FRAMES;
	u32 tailroom = SKB_SHINFO_SIZE;
	u32 retval = 0, meta_sz = 0, duration = 0, max_linear_sz, size;
	u32 linear_sz = kattr->test.data_size_in;
	u32 batch_size = kattr->test.batch_size;
	u32 headroom = XDP_PACKET_HEADROOM;
	u32 repeat = kattr->test.repeat;
	struct xdp_rxq_info *rxqueue;
	struct skb_shared_info *sinfo;
	struct xdp_buff xdp = {};
	u32 alloc_size = 0;
	int ret = -EINVAL;
	struct xdp_md *ctx;
	void *data;

	if (prog->expected_attach_type == BPF_XDP_DEVMAP ||
	    prog->expected_attach_type == BPF_XDP_CPUMAP)
		return -EINVAL;
	if (kattr->test.flags & ~BPF_F_TEST_XDP_LIVE_FRAMES)
		return -EINVAL;

	if (do_live) {
		if (!batch_size)
			batch_size = NAPI_POLL_WEIGHT;
		else if (batch_size > TEST_XDP_MAX_BATCH)
			return -E2BIG;
	} else if (batch_size) {
		return -EINVAL;
	}

	ctx = bpf_ctx_init(kattr, sizeof(struct xdp_md));
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);

	if (ctx) {
		/* no user data in front of the metadata */
		if (ctx->data_meta || ctx->data_end > kattr->test.data_size_in ||
		    ctx->data > ctx->data_end ||
		    (do_live && (kattr->test.data_out || kattr->test.ctx_out)))
			goto free_ctx;

		meta_sz = ctx->data;
		if (xdp_metalen_invalid(meta_sz) ||
		    meta_sz > headroom - XDP_FRAME_HEADROOM)
			goto free_ctx;

		/* the metadata comes out of the headroom */
		headroom -= meta_sz;
		linear_sz = ctx->data_end;
	}

	/* live frames keep their page head in front of the headroom */
	if (do_live)
		headroom += XDP_PAGE_HEAD_SIZE;

	max_linear_sz = PAGE_SIZE - headroom - tailroom;
	linear_sz = min_t(u32, linear_sz, max_linear_sz);

	/* no jumbo frames live */
	if (do_live && kattr->test.data_size_in > linear_sz)
		goto free_ctx;
	if (kattr->test.data_size_in - meta_sz < ETH_HLEN)
		goto free_ctx;

	data = bpf_test_init(kattr, linear_sz, max_linear_sz, headroom, tailroom,
			     &alloc_size);
	if (IS_ERR(data)) {
		ret = PTR_ERR(data);
		goto free_ctx;
	}

	/* lo's queue 0, whose frag_size is PAGE_SIZE as a test run sets it */
	rxqueue = __netif_get_rx_queue(&loopback_dev, 0);
	xdp_init_buff(&xdp, rxqueue->frag_size, rxqueue);
	xdp_prepare_buff(&xdp, data, headroom, linear_sz, true);
	sinfo = xdp_get_shared_info_from_buff(&xdp);

	ret = xdp_convert_md_to_buff(ctx, &xdp);
	if (ret)
		goto free_data;

	size = linear_sz;
	if (unlikely(kattr->test.data_size_in > size)) {
		if (!kattr->test.data_in) {
			ret = -EFAULT;
			goto out_put_dev;
		}
		ret = xdp_test_add_frags(kattr, &xdp, size);
		if (ret)
			goto out_put_dev;
	}

	if (do_live)
		ret = bpf_test_run_xdp_live(prog, &xdp, repeat, &duration);
	else
		ret = bpf_test_run(prog, &xdp, repeat, &retval, &duration);
out_put_dev:
	/* back to an xdp_md first: it also drops the device reference */
	xdp_convert_buff_to_md(&xdp, ctx);
	if (ret)
		goto free_data;

	size = (char *)xdp.data_end - (char *)xdp.data_meta + sinfo->xdp_frags_size;
	ret = bpf_test_finish(kattr, uattr, xdp.data_meta, sinfo, size, retval,
			      duration);
	if (!ret)
		ret = bpf_ctx_finish(kattr, uattr, ctx, sizeof(struct xdp_md));
free_data:
	xdp_free_frags(sinfo);
	kfree(data);
free_ctx:
	kfree(ctx);
	return ret;
}

/* Of the keys, a caller may only set flags: the rest is the program's output. */
static int verify_user_bpf_flow_keys(struct bpf_flow_keys *ctx)
{
	if (!range_is_zero(ctx, 0, offsetof(struct bpf_flow_keys, flags)))
		return -EINVAL;
	if (!range_is_zero(ctx, offsetofend(struct bpf_flow_keys, flags),
			   sizeof(struct bpf_flow_keys)))
		return -EINVAL;
	return 0;
}

/*
 * The keys sit right in front of the packet in one buffer, so that the
 * run's memory checks see them as the writable area before the data.
 */
#define FLOW_KEYS_ROOM	round_up(sizeof(struct bpf_flow_keys), 8)

int bpf_prog_test_run_flow_dissector(struct bpf_prog *prog,
				     const union bpf_attr *kattr,
				     union bpf_attr __user *uattr)
{
	struct bpf_test_timer t = {};
	u32 size = kattr->test.data_size_in;
	struct bpf_flow_dissector ctx = {};
	u32 repeat = kattr->test.repeat;
	struct bpf_flow_keys *user_ctx, *flow_keys;
	u32 retval = 0, duration = 0, alloc_size = 0;
	const struct ethhdr *eth;
	unsigned int flags = 0;
	u8 *data, *pkt;
	int ret = 0;

	if (kattr->test.flags || kattr->test.cpu || kattr->test.batch_size)
		return -EINVAL;
	if (size < ETH_HLEN)
		return -EINVAL;

	data = bpf_test_init(kattr, size, size, 0, 0, &alloc_size);
	if (IS_ERR(data))
		return PTR_ERR(data);
	/* the checks were 6.1's (no headroom): now make room for the keys */
	pkt = kmalloc(FLOW_KEYS_ROOM + alloc_size, GFP_USER);
	if (!pkt) {
		kfree(data);
		return -ENOMEM;
	}
	memcpy(pkt + FLOW_KEYS_ROOM, data, alloc_size);
	kfree(data);
	data = pkt;
	flow_keys = (struct bpf_flow_keys *)(data + FLOW_KEYS_ROOM -
					     sizeof(struct bpf_flow_keys));
	eth = (const struct ethhdr *)(data + FLOW_KEYS_ROOM);

	if (!repeat)
		repeat = 1;

	user_ctx = bpf_ctx_init(kattr, sizeof(struct bpf_flow_keys));
	if (IS_ERR(user_ctx)) {
		kfree(data);
		return PTR_ERR(user_ctx);
	}
	if (user_ctx) {
		ret = verify_user_bpf_flow_keys(user_ctx);
		if (ret)
			goto out;
		flags = user_ctx->flags;
	}

	/* no skb: the dissector sees the frame from its Ethernet header on */
	ctx.flow_keys = flow_keys;
	ctx.data = eth;
	ctx.data_end = (const u8 *)eth + size;

	bpf_test_timer_enter(&t);
	do {
		retval = bpf_flow_dissect(prog, &ctx, eth->h_proto, ETH_HLEN,
					  size, flags);
	} while (bpf_test_timer_continue(&t, 1, repeat, &ret, &duration));
	if (ret < 0)
		goto out;

	ret = bpf_test_finish(kattr, uattr, flow_keys, NULL,
			      sizeof(*flow_keys), retval, duration);
	if (!ret)
		ret = bpf_ctx_finish(kattr, uattr, user_ctx,
				     sizeof(struct bpf_flow_keys));
out:
	kfree(user_ctx);
	kfree(data);
	return ret;
}

/*
 * One lookup with the caller's addresses and ports; the result is the
 * verdict of a one-program array and, in ctx_out, the cookie of the
 * socket the program selected (0 for none).
 */
int bpf_prog_test_run_sk_lookup(struct bpf_prog *prog, const union bpf_attr *kattr,
				union bpf_attr __user *uattr)
{
	struct bpf_test_timer t = {};
	struct bpf_sk_lookup_kern ctx = {};
	u32 repeat = kattr->test.repeat;
	struct bpf_sk_lookup *user_ctx;
	u32 retval = 0, duration = 0;
	int ret = -EINVAL;

	if (kattr->test.flags || kattr->test.cpu || kattr->test.batch_size)
		return -EINVAL;
	if (kattr->test.data_in || kattr->test.data_size_in ||
	    kattr->test.data_out || kattr->test.data_size_out)
		return -EINVAL;

	if (!repeat)
		repeat = 1;

	user_ctx = bpf_ctx_init(kattr, sizeof(*user_ctx));
	if (IS_ERR(user_ctx))
		return PTR_ERR(user_ctx);
	if (!user_ctx)
		return -EINVAL;

	if (user_ctx->sk)
		goto out;
	if (!range_is_zero(user_ctx, offsetofend(typeof(*user_ctx), local_port),
			   sizeof(*user_ctx)))
		goto out;
	if (user_ctx->local_port > U16_MAX) {
		ret = -ERANGE;
		goto out;
	}

	ctx.family = (u16)user_ctx->family;
	ctx.protocol = (u16)user_ctx->protocol;
	ctx.dport = (u16)user_ctx->local_port;
	ctx.sport = user_ctx->remote_port;

	switch (ctx.family) {
	case AF_INET:
		ctx.v4.daddr = user_ctx->local_ip4;
		ctx.v4.saddr = user_ctx->remote_ip4;
		break;
	case AF_INET6:
		ctx.v6.daddr = (const struct in6_addr *)user_ctx->local_ip6;
		ctx.v6.saddr = (const struct in6_addr *)user_ctx->remote_ip6;
		break;
	default:
		ret = -EAFNOSUPPORT;
		goto out;
	}

	bpf_test_timer_enter(&t);
	do {
		ctx.selected_sk = NULL;
		retval = bpf_sk_lookup_run_array(&prog, 1, &ctx);
	} while (bpf_test_timer_continue(&t, 1, repeat, &ret, &duration));
	if (ret < 0)
		goto out;

	user_ctx->cookie = 0;
	if (ctx.selected_sk) {
		if (ctx.selected_sk->sk_reuseport && !ctx.no_reuseport) {
			ret = -EOPNOTSUPP;
			goto out;
		}
		user_ctx->cookie = sock_gen_cookie(ctx.selected_sk);
	}

	ret = bpf_test_finish(kattr, uattr, NULL, NULL, 0, retval, duration);
	if (!ret)
		ret = bpf_ctx_finish(kattr, uattr, user_ctx, sizeof(*user_ctx));
out:
	kfree(user_ctx);
	return ret;
}
