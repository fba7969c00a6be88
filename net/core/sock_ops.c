// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SOCK_OPS: struct bpf_sock_ops over struct
 * bpf_sock_ops_kern and the socket (a struct tcp_sock) it names, the
 * TCP callbacks' helpers, with Linux 6.1's rules.  The TCP fields read 0
 * unless the socket is a full one (is_fullsock), as in 6.1.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

BPF_CALL_5(bpf_sock_ops_setsockopt, struct bpf_sock_ops_kern *, bpf_sock,
	   int, level, int, optname, char *, optval, int, optlen)
{
	return bpf_sock_setsockopt(bpf_sock->sk, level, optname, optval, optlen);
}

static const struct bpf_func_proto bpf_sock_ops_setsockopt_proto = {
	.func		= bpf_sock_ops_setsockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_sock_ops_getsockopt, struct bpf_sock_ops_kern *, bpf_sock,
	   int, level, int, optname, char *, optval, int, optlen)
{
	return bpf_sock_getsockopt(bpf_sock->sk, level, optname, optval, optlen);
}

static const struct bpf_func_proto bpf_sock_ops_getsockopt_proto = {
	.func		= bpf_sock_ops_getsockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg5_type	= ARG_CONST_SIZE,
};

/* Keeps the callbacks the kernel knows; hands back the bits it does not. */
BPF_CALL_2(bpf_sock_ops_cb_flags_set, struct bpf_sock_ops_kern *, bpf_sock,
	   int, argval)
{
	struct sock *sk = bpf_sock->sk;

	if (!sk_fullsock(sk))
		return -EINVAL;
	tcp_sk(sk)->bpf_sock_ops_cb_flags = argval & BPF_SOCK_OPS_ALL_CB_FLAGS;
	return argval & ~BPF_SOCK_OPS_ALL_CB_FLAGS;
}

static const struct bpf_func_proto bpf_sock_ops_cb_flags_set_proto = {
	.func		= bpf_sock_ops_cb_flags_set,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_1(bpf_get_socket_cookie_sock_ops, struct bpf_sock_ops_kern *, ctx)
{
	return sock_gen_cookie(ctx->sk);
}

static const struct bpf_func_proto bpf_get_socket_cookie_sock_ops_proto = {
	.func		= bpf_get_socket_cookie_sock_ops,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_netns_cookie_sock_ops, struct bpf_sock_ops_kern *, ctx)
{
	return bpf_net_cookie(ctx ? ctx->sk : NULL);
}

static const struct bpf_func_proto bpf_get_netns_cookie_sock_ops_proto = {
	.func		= bpf_get_netns_cookie_sock_ops,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX_OR_NULL,
};

/*
 * TCP header options need segments being built or received by a TCP
 * stack, which this build does not have: the calls are accepted as 6.1
 * accepts them and fail.
 */
BPF_CALL_4(bpf_sock_ops_load_hdr_opt, struct bpf_sock_ops_kern *, bpf_sock,
	   void *, search_res, u32, len, u64, flags)
{
	if (len < 2 || flags & ~BPF_LOAD_HDR_OPT_TCP_SYN)
		return -EINVAL;
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_sock_ops_load_hdr_opt_proto = {
	.func		= bpf_sock_ops_load_hdr_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_WRITE,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_sock_ops_store_hdr_opt, struct bpf_sock_ops_kern *, bpf_sock,
	   const void *, from, u32, len, u64, flags)
{
	if (flags || len < 2)
		return -EINVAL;
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_sock_ops_store_hdr_opt_proto = {
	.func		= bpf_sock_ops_store_hdr_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_sock_ops_reserve_hdr_opt, struct bpf_sock_ops_kern *, bpf_sock,
	   u32, len, u64, flags)
{
	if (bpf_sock->op != BPF_SOCK_OPS_HDR_OPT_LEN_CB)
		return -EPERM;
	if (flags || len < 2)
		return -EINVAL;
	return -EOPNOTSUPP;
}

static const struct bpf_func_proto bpf_sock_ops_reserve_hdr_opt_proto = {
	.func		= bpf_sock_ops_reserve_hdr_opt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
};

static const struct bpf_func_proto *
sock_ops_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_setsockopt:
		return &bpf_sock_ops_setsockopt_proto;
	case BPF_FUNC_getsockopt:
		return &bpf_sock_ops_getsockopt_proto;
	case BPF_FUNC_sock_ops_cb_flags_set:
		return &bpf_sock_ops_cb_flags_set_proto;
	case BPF_FUNC_sock_map_update:
		return &bpf_sock_map_update_proto;
	case BPF_FUNC_sock_hash_update:
		return &bpf_sock_hash_update_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_sock_ops_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_sock_ops_proto;
	case BPF_FUNC_load_hdr_opt:
		return &bpf_sock_ops_load_hdr_opt_proto;
	case BPF_FUNC_store_hdr_opt:
		return &bpf_sock_ops_store_hdr_opt_proto;
	case BPF_FUNC_reserve_hdr_opt:
		return &bpf_sock_ops_reserve_hdr_opt_proto;
	case BPF_FUNC_tcp_sock:
		return &bpf_tcp_sock_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

/* reply and sk_txhash are the only writes; most reads are whole u32s. */
static bool sock_ops_is_valid_access(int off, int size, enum bpf_access_type type,
				     const struct bpf_prog *prog,
				     struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct bpf_sock_ops))
		return false;
	if (off % size != 0)
		return false;

	if (type == BPF_WRITE) {
		switch (off) {
		case offsetof(struct bpf_sock_ops, reply):
		case offsetof(struct bpf_sock_ops, sk_txhash):
			return size == size_default;
		default:
			return false;
		}
	}

	switch (off) {
	case bpf_ctx_range_till(struct bpf_sock_ops, bytes_received, bytes_acked):
		return size == sizeof(__u64);
	case bpf_ctx_range_ptr(struct bpf_sock_ops, sk):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET_OR_NULL;
		return true;
	case bpf_ctx_range_ptr(struct bpf_sock_ops, skb_data):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET;
		return true;
	case bpf_ctx_range_ptr(struct bpf_sock_ops, skb_data_end):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET_END;
		return true;
	case offsetof(struct bpf_sock_ops, skb_tcp_flags):
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	default:
		return size == size_default;
	}
}

#define SOCK_OPS_OFF(F)	offsetof(struct bpf_sock_ops_kern, F)

/*
 * A field of the socket (TCP state in a struct tcp_sock) for a full
 * socket, 0 for a request or timewait one.  AX holds is_fullsock, so the
 * context register survives even when it is also the destination.
 */
static struct bpf_insn *sock_ops_get_full(const struct bpf_insn *si,
					  struct bpf_insn *insn,
					  u8 size, int field_off)
{
	*insn++ = CTX_LDX(BPF_B, BPF_REG_AX, si->src_reg, SOCK_OPS_OFF(is_fullsock));
	*insn++ = BPF_JMP_IMM(BPF_JNE, BPF_REG_AX, 0, 2);
	*insn++ = BPF_MOV64_IMM(si->dst_reg, 0);
	*insn++ = BPF_JMP_A(field_off < 0 ? 1 : 2);
	*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, SOCK_OPS_OFF(sk));
	if (field_off >= 0)
		*insn++ = CTX_LDX(size, si->dst_reg, si->dst_reg, field_off);
	return insn;
}

/* A store into the full socket; none into a request or timewait one. */
static struct bpf_insn *sock_ops_set_full(const struct bpf_insn *si,
					  struct bpf_insn *insn,
					  u8 size, int field_off)
{
	*insn++ = CTX_LDX(BPF_B, BPF_REG_AX, si->dst_reg, SOCK_OPS_OFF(is_fullsock));
	*insn++ = BPF_JMP_IMM(BPF_JEQ, BPF_REG_AX, 0, 2);
	*insn++ = CTX_LDX(BPF_DW, BPF_REG_AX, si->dst_reg, SOCK_OPS_OFF(sk));
	*insn++ = CTX_STX(size, BPF_REG_AX, si->src_reg, field_off);
	return insn;
}

/* A sock_common field: every kind of socket has those. */
static struct bpf_insn *sock_ops_get_common(const struct bpf_insn *si,
					    struct bpf_insn *insn,
					    u8 size, int field_off)
{
	*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, SOCK_OPS_OFF(sk));
	*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
	*insn++ = CTX_LDX(size, si->dst_reg, si->dst_reg, field_off);
	return insn;
}

/* bpf_sock_ops TCP field -> its place in our struct tcp_sock. */
#define TCP_FIELD(F)							\
	[offsetof(struct bpf_sock_ops, F) / 4] = {			\
		offsetof(struct tcp_sock, F),				\
		BPF_SIZEOF_CODE(sizeof_field(struct tcp_sock, F)) }

static const struct {
	u16 off;
	u8 size;
} sock_ops_tcp_fields[sizeof(struct bpf_sock_ops) / 4] = {
	TCP_FIELD(snd_cwnd),
	TCP_FIELD(srtt_us),
	TCP_FIELD(bpf_sock_ops_cb_flags),
	[offsetof(struct bpf_sock_ops, rtt_min) / 4] = {
		offsetof(struct tcp_sock, rtt_min) +
		offsetof(struct minmax_sample, v), BPF_W },
	TCP_FIELD(snd_ssthresh),
	TCP_FIELD(rcv_nxt),
	TCP_FIELD(snd_nxt),
	TCP_FIELD(snd_una),
	TCP_FIELD(mss_cache),
	TCP_FIELD(ecn_flags),
	TCP_FIELD(rate_delivered),
	TCP_FIELD(rate_interval_us),
	TCP_FIELD(packets_out),
	TCP_FIELD(retrans_out),
	TCP_FIELD(total_retrans),
	TCP_FIELD(segs_in),
	TCP_FIELD(data_segs_in),
	TCP_FIELD(segs_out),
	TCP_FIELD(data_segs_out),
	TCP_FIELD(lost_out),
	TCP_FIELD(sacked_out),
	TCP_FIELD(bytes_received),
	TCP_FIELD(bytes_acked),
};

static u32 sock_ops_convert_ctx_access(enum bpf_access_type type,
				       const struct bpf_insn *si,
				       struct bpf_insn *insn_buf,
				       struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	u32 idx = si->off / 4;
	int off;

	switch (si->off) {
	case offsetof(struct bpf_sock_ops, op):
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_ops_kern, op,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct bpf_sock_ops, replylong[0]) ...
	     offsetof(struct bpf_sock_ops, replylong[3]):
		off = si->off - offsetof(struct bpf_sock_ops, replylong[0]) +
		      SOCK_OPS_OFF(replylong[0]);
		if (type == BPF_WRITE)
			*insn++ = CTX_STX(BPF_W, si->dst_reg, si->src_reg, off);
		else
			*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, off);
		break;
	case offsetof(struct bpf_sock_ops, family):
		insn = sock_ops_get_common(si, insn, BPF_H,
					   offsetof(struct sock_common, skc_family));
		break;
	case offsetof(struct bpf_sock_ops, remote_ip4):
		insn = sock_ops_get_common(si, insn, BPF_W,
					   offsetof(struct sock_common, skc_daddr));
		break;
	case offsetof(struct bpf_sock_ops, local_ip4):
		insn = sock_ops_get_common(si, insn, BPF_W,
					   offsetof(struct sock_common, skc_rcv_saddr));
		break;
	case offsetof(struct bpf_sock_ops, remote_ip6[0]) ...
	     offsetof(struct bpf_sock_ops, remote_ip6[3]):
		off = si->off - offsetof(struct bpf_sock_ops, remote_ip6[0]);
		insn = sock_ops_get_common(si, insn, BPF_W,
					   offsetof(struct sock_common, skc_v6_daddr) + off);
		break;
	case offsetof(struct bpf_sock_ops, local_ip6[0]) ...
	     offsetof(struct bpf_sock_ops, local_ip6[3]):
		off = si->off - offsetof(struct bpf_sock_ops, local_ip6[0]);
		insn = sock_ops_get_common(si, insn, BPF_W,
					   offsetof(struct sock_common, skc_v6_rcv_saddr) + off);
		break;
	case offsetof(struct bpf_sock_ops, remote_port):
		insn = sock_ops_get_common(si, insn, BPF_H,
					   offsetof(struct sock_common, skc_dport));
		/* network order in the high half, as 6.1 gives it */
		*insn++ = BPF_ALU32_IMM(BPF_LSH, si->dst_reg, 16);
		break;
	case offsetof(struct bpf_sock_ops, local_port):
		insn = sock_ops_get_common(si, insn, BPF_H,
					   offsetof(struct sock_common, skc_num));
		break;
	case offsetof(struct bpf_sock_ops, is_fullsock):
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_ops_kern, is_fullsock,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct bpf_sock_ops, state):
		insn = sock_ops_get_common(si, insn, BPF_B,
					   offsetof(struct sock_common, skc_state));
		break;
	case offsetof(struct bpf_sock_ops, sk_txhash):
		if (type == BPF_WRITE)
			insn = sock_ops_set_full(si, insn, BPF_W,
						 offsetof(struct sock, sk_txhash));
		else
			insn = sock_ops_get_full(si, insn, BPF_W,
						 offsetof(struct sock, sk_txhash));
		break;
	case offsetof(struct bpf_sock_ops, sk):
		/* the socket itself, NULL unless it is a full one */
		insn = sock_ops_get_full(si, insn, BPF_DW, -1);
		break;
	case offsetof(struct bpf_sock_ops, skb_data_end):
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_ops_kern, skb_data_end,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct bpf_sock_ops, skb_data):
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_ops_kern, skb,
					si->dst_reg, si->src_reg);
		*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
		*insn++ = CTX_LDX_FIELD(struct sk_buff, data, si->dst_reg, si->dst_reg);
		break;
	case offsetof(struct bpf_sock_ops, skb_len):
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_ops_kern, skb,
					si->dst_reg, si->src_reg);
		*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
		*insn++ = CTX_LDX_FIELD(struct sk_buff, len, si->dst_reg, si->dst_reg);
		break;
	case offsetof(struct bpf_sock_ops, skb_tcp_flags):
		off = offsetof(struct sk_buff, cb) + offsetof(struct tcp_skb_cb, tcp_flags);
		*target_size = sizeof_field(struct tcp_skb_cb, tcp_flags);
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_ops_kern, skb,
					si->dst_reg, si->src_reg);
		*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
		*insn++ = CTX_LDX(BPF_B, si->dst_reg, si->dst_reg, off);
		break;
	default:
		/* the TCP state of a full socket */
		if (idx >= ARRAY_SIZE(sock_ops_tcp_fields) ||
		    !sock_ops_tcp_fields[idx].off)
			return 0;
		insn = sock_ops_get_full(si, insn, sock_ops_tcp_fields[idx].size,
					 sock_ops_tcp_fields[idx].off);
		break;
	}
	return insn - insn_buf;
}

/* The segment a header-option callback sees: [skb->data, skb_data_end). */
static void sock_ops_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct bpf_sock_ops_kern *sock_ops = ctx;

	if (!sock_ops->skb)
		return;
	b->meta = b->data = sock_ops->skb->data;
	b->data_end = sock_ops->skb_data_end;
}

const struct bpf_verifier_ops sock_ops_verifier_ops = {
	.get_func_proto		= sock_ops_func_proto,
	.is_valid_access	= sock_ops_is_valid_access,
	.convert_ctx_access	= sock_ops_convert_ctx_access,
};

const struct bpf_prog_ops sock_ops_prog_ops = {
	.pkt_bounds		= sock_ops_pkt_bounds,
};
