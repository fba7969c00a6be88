// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SK_MSG: struct sk_msg_md over struct sk_msg, the data a
 * sendmsg() on a sockmap socket carries, and the helpers that reshape
 * it, with Linux 6.1's rules.  The kernel keeps a message in a ring of
 * scatterlist pages; ours is one linear buffer, which every result a
 * program can see (data windows, sizes, errors) is computed over.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

/* The whole message, as sk_msg_compute_data_pointers() shows a linear one. */
static void sk_msg_compute_data_pointers(struct sk_msg *msg)
{
	msg->data = msg->buf;
	msg->data_end = msg->buf + msg->size;
}

BPF_CALL_2(bpf_msg_apply_bytes, struct sk_msg *, msg, u32, bytes)
{
	msg->apply_bytes = bytes;
	return 0;
}

static const struct bpf_func_proto bpf_msg_apply_bytes_proto = {
	.func		= bpf_msg_apply_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_msg_cork_bytes, struct sk_msg *, msg, u32, bytes)
{
	msg->cork_bytes = bytes;
	return 0;
}

static const struct bpf_func_proto bpf_msg_cork_bytes_proto = {
	.func		= bpf_msg_cork_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* [start, end) becomes what data and data_end frame. */
BPF_CALL_4(bpf_msg_pull_data, struct sk_msg *, msg, u32, start, u32, end,
	   u64, flags)
{
	if (unlikely(flags || end <= start))
		return -EINVAL;
	if (unlikely(start >= msg->size || end > msg->size))
		return -EINVAL;
	msg->data = msg->buf + start;
	msg->data_end = msg->buf + end;
	return 0;
}

static const struct bpf_func_proto bpf_msg_pull_data_proto = {
	.func		= bpf_msg_pull_data,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

/* len new (zeroed) bytes at start; the data window is the whole message again. */
BPF_CALL_4(bpf_msg_push_data, struct sk_msg *, msg, u32, start, u32, len,
	   u64, flags)
{
	u8 *buf;

	if (unlikely(flags))
		return -EINVAL;
	if (unlikely(len == 0))
		return 0;
	if (unlikely(start > msg->size))
		return -EINVAL;
	if (unlikely(msg->size + len < msg->size))
		return -EINVAL;
	if (msg->size + len > msg->buf_size) {
		buf = krealloc(msg->buf, msg->size + len, GFP_ATOMIC);
		if (unlikely(!buf))
			return -ENOMEM;
		msg->buf = buf;
		msg->buf_size = msg->size + len;
	}
	memmove(msg->buf + start + len, msg->buf + start, msg->size - start);
	memset(msg->buf + start, 0, len);
	msg->size += len;
	sk_msg_compute_data_pointers(msg);
	return 0;
}

static const struct bpf_func_proto bpf_msg_push_data_proto = {
	.func		= bpf_msg_push_data,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_msg_pop_data, struct sk_msg *, msg, u32, start, u32, len,
	   u64, flags)
{
	u64 last = (u64)start + len;

	if (unlikely(flags))
		return -EINVAL;
	if (unlikely(len == 0))
		return 0;
	if (start >= msg->size || last > msg->size)
		return -EINVAL;
	memmove(msg->buf + start, msg->buf + last, msg->size - last);
	msg->size -= len;
	sk_msg_compute_data_pointers(msg);
	return 0;
}

static const struct bpf_func_proto bpf_msg_pop_data_proto = {
	.func		= bpf_msg_pop_data,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_1(bpf_get_netns_cookie_sk_msg, struct sk_msg *, ctx)
{
	return bpf_net_cookie(ctx ? ctx->sk : NULL);
}

static const struct bpf_func_proto bpf_get_netns_cookie_sk_msg_proto = {
	.func		= bpf_get_netns_cookie_sk_msg,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX_OR_NULL,
};

static const struct bpf_func_proto *
sk_msg_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_msg_redirect_map:
		return &bpf_msg_redirect_map_proto;
	case BPF_FUNC_msg_redirect_hash:
		return &bpf_msg_redirect_hash_proto;
	case BPF_FUNC_msg_apply_bytes:
		return &bpf_msg_apply_bytes_proto;
	case BPF_FUNC_msg_cork_bytes:
		return &bpf_msg_cork_bytes_proto;
	case BPF_FUNC_msg_pull_data:
		return &bpf_msg_pull_data_proto;
	case BPF_FUNC_msg_push_data:
		return &bpf_msg_push_data_proto;
	case BPF_FUNC_msg_pop_data:
		return &bpf_msg_pop_data_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	case BPF_FUNC_get_current_uid_gid:
		return &bpf_get_current_uid_gid_proto;
	case BPF_FUNC_get_current_pid_tgid:
		return &bpf_get_current_pid_tgid_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_sk_msg_proto;
	case BPF_FUNC_get_current_cgroup_id:
	case BPF_FUNC_get_current_ancestor_cgroup_id:
	case BPF_FUNC_get_cgroup_classid:
		return cgroup_current_func_proto(func_id, prog);
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

/* Read only: the data window, the socket's addresses and the size. */
static bool sk_msg_is_valid_access(int off, int size, enum bpf_access_type type,
				   const struct bpf_prog *prog,
				   struct bpf_insn_access_aux *info)
{
	if (type == BPF_WRITE)
		return false;
	if (off % size != 0)
		return false;

	switch (off) {
	case bpf_ctx_range_ptr(struct sk_msg_md, data):
		info->reg_type = PTR_TO_PACKET;
		return size == sizeof(__u64);
	case bpf_ctx_range_ptr(struct sk_msg_md, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		return size == sizeof(__u64);
	case bpf_ctx_range_ptr(struct sk_msg_md, sk):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
		return true;
	case bpf_ctx_range(struct sk_msg_md, family):
	case bpf_ctx_range(struct sk_msg_md, remote_ip4):
	case bpf_ctx_range(struct sk_msg_md, local_ip4):
	case bpf_ctx_range_till(struct sk_msg_md, remote_ip6[0], remote_ip6[3]):
	case bpf_ctx_range_till(struct sk_msg_md, local_ip6[0], local_ip6[3]):
	case bpf_ctx_range(struct sk_msg_md, remote_port):
	case bpf_ctx_range(struct sk_msg_md, local_port):
	case bpf_ctx_range(struct sk_msg_md, size):
		return size == sizeof(__u32);
	default:
		return false;
	}
}

/* A sock_common field of msg->sk (0 without a socket). */
static struct bpf_insn *sk_msg_sk_field(const struct bpf_insn *si,
					struct bpf_insn *insn, u8 size, int off)
{
	*insn++ = CTX_LDX_FIELD(struct sk_msg, sk, si->dst_reg, si->src_reg);
	*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
	*insn++ = CTX_LDX(size, si->dst_reg, si->dst_reg, off);
	return insn;
}

static u32 sk_msg_convert_ctx_access(enum bpf_access_type type,
				     const struct bpf_insn *si,
				     struct bpf_insn *insn_buf,
				     struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	int off;

	switch (si->off) {
	case offsetof(struct sk_msg_md, data):
		*insn++ = CTX_LDX_FIELD(struct sk_msg, data, si->dst_reg, si->src_reg);
		break;
	case offsetof(struct sk_msg_md, data_end):
		*insn++ = CTX_LDX_FIELD(struct sk_msg, data_end, si->dst_reg, si->src_reg);
		break;
	case offsetof(struct sk_msg_md, family):
		insn = sk_msg_sk_field(si, insn, BPF_H,
				       offsetof(struct sock_common, skc_family));
		break;
	case offsetof(struct sk_msg_md, remote_ip4):
		insn = sk_msg_sk_field(si, insn, BPF_W,
				       offsetof(struct sock_common, skc_daddr));
		break;
	case offsetof(struct sk_msg_md, local_ip4):
		insn = sk_msg_sk_field(si, insn, BPF_W,
				       offsetof(struct sock_common, skc_rcv_saddr));
		break;
	case offsetof(struct sk_msg_md, remote_ip6[0]) ...
	     offsetof(struct sk_msg_md, remote_ip6[3]):
		off = si->off - offsetof(struct sk_msg_md, remote_ip6[0]);
		insn = sk_msg_sk_field(si, insn, BPF_W,
				       offsetof(struct sock_common, skc_v6_daddr) + off);
		break;
	case offsetof(struct sk_msg_md, local_ip6[0]) ...
	     offsetof(struct sk_msg_md, local_ip6[3]):
		off = si->off - offsetof(struct sk_msg_md, local_ip6[0]);
		insn = sk_msg_sk_field(si, insn, BPF_W,
				       offsetof(struct sock_common, skc_v6_rcv_saddr) + off);
		break;
	case offsetof(struct sk_msg_md, remote_port):
		insn = sk_msg_sk_field(si, insn, BPF_H,
				       offsetof(struct sock_common, skc_dport));
		/* network order in the high half, as 6.1 gives it */
		*insn++ = BPF_ALU32_IMM(BPF_LSH, si->dst_reg, 16);
		break;
	case offsetof(struct sk_msg_md, local_port):
		insn = sk_msg_sk_field(si, insn, BPF_H,
				       offsetof(struct sock_common, skc_num));
		break;
	case offsetof(struct sk_msg_md, size):
		*insn++ = CTX_LDX_FIELD(struct sk_msg, size, si->dst_reg, si->src_reg);
		break;
	case offsetof(struct sk_msg_md, sk):
		*insn++ = CTX_LDX_FIELD(struct sk_msg, sk, si->dst_reg, si->src_reg);
		break;
	}
	return insn - insn_buf;
}

static void sk_msg_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct sk_msg *msg = ctx;

	b->meta = b->data = msg->data;
	b->data_end = msg->data_end;
}

const struct bpf_verifier_ops sk_msg_verifier_ops = {
	.get_func_proto		= sk_msg_func_proto,
	.is_valid_access	= sk_msg_is_valid_access,
	.convert_ctx_access	= sk_msg_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
};

const struct bpf_prog_ops sk_msg_prog_ops = {
	.pkt_bounds		= sk_msg_pkt_bounds,
};
