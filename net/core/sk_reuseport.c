// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SK_REUSEPORT: struct sk_reuseport_md over struct
 * sk_reuseport_kern, the choice of a socket in a SO_REUSEPORT group for
 * an incoming packet, with Linux 6.1's rules.  Choosing needs a
 * REUSEPORT_SOCKARRAY (or sockmap) map, which this build does not have:
 * bpf_sk_select_reuseport() is offered once that map's code provides it.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

extern const struct bpf_func_proto sk_select_reuseport_proto __attribute__((weak));

BPF_CALL_4(sk_reuseport_load_bytes, const struct sk_reuseport_kern *, reuse_kern,
	   u32, offset, void *, to, u32, len)
{
	return bpf_skb_load_bytes((unsigned long)reuse_kern->skb, offset,
				  (unsigned long)to, len, 0);
}

static const struct bpf_func_proto sk_reuseport_load_bytes_proto = {
	.func		= sk_reuseport_load_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(sk_reuseport_load_bytes_relative,
	   const struct sk_reuseport_kern *, reuse_kern, u32, offset,
	   void *, to, u32, len, u32, start_header)
{
	return bpf_skb_load_bytes_relative((unsigned long)reuse_kern->skb, offset,
					   (unsigned long)to, len, start_header);
}

static const struct bpf_func_proto sk_reuseport_load_bytes_relative_proto = {
	.func		= sk_reuseport_load_bytes_relative,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
	.arg5_type	= ARG_ANYTHING,
};

static const struct bpf_func_proto *
sk_reuseport_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_sk_select_reuseport:
		return &sk_select_reuseport_proto;
	case BPF_FUNC_skb_load_bytes:
		return &sk_reuseport_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &sk_reuseport_load_bytes_relative_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_ptr_cookie_proto;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

static bool sk_reuseport_is_valid_access(int off, int size, enum bpf_access_type type,
					 const struct bpf_prog *prog,
					 struct bpf_insn_access_aux *info)
{
	const u32 size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct sk_reuseport_md) ||
	    off % size || type != BPF_READ)
		return false;

	switch (off) {
	case offsetof(struct sk_reuseport_md, data):
		info->reg_type = PTR_TO_PACKET;
		return size == sizeof(__u64);
	case offsetof(struct sk_reuseport_md, data_end):
		info->reg_type = PTR_TO_PACKET_END;
		return size == sizeof(__u64);
	case offsetof(struct sk_reuseport_md, hash):
		return size == size_default;
	case offsetof(struct sk_reuseport_md, sk):
		info->reg_type = PTR_TO_SOCKET;
		return size == sizeof(__u64);
	case offsetof(struct sk_reuseport_md, migrating_sk):
		info->reg_type = PTR_TO_SOCK_COMMON_OR_NULL;
		return size == sizeof(__u64);
	case bpf_ctx_range(struct sk_reuseport_md, eth_protocol):
		/* no narrower than skb->protocol itself */
		if (size < (int)sizeof_field(struct sk_buff, protocol))
			return false;
		fallthrough;
	case bpf_ctx_range(struct sk_reuseport_md, ip_protocol):
	case bpf_ctx_range(struct sk_reuseport_md, bind_inany):
	case bpf_ctx_range(struct sk_reuseport_md, len):
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	default:
		return false;
	}
}

/* A field of the structure a pointer of the context points to. */
static struct bpf_insn *reuseport_nested(const struct bpf_insn *si,
					 struct bpf_insn *insn, int ptr_off,
					 u8 size, int off)
{
	*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, ptr_off);
	*insn++ = CTX_LDX(size, si->dst_reg, si->dst_reg, off);
	return insn;
}

#define REUSE_OFF(F)	offsetof(struct sk_reuseport_kern, F)

static u32 sk_reuseport_convert_ctx_access(enum bpf_access_type type,
					   const struct bpf_insn *si,
					   struct bpf_insn *insn_buf,
					   struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct sk_reuseport_md, data):
		insn = reuseport_nested(si, insn, REUSE_OFF(skb), BPF_DW,
					offsetof(struct sk_buff, data));
		break;
	case offsetof(struct sk_reuseport_md, len):
		insn = reuseport_nested(si, insn, REUSE_OFF(skb), BPF_W,
					bpf_target_off(struct sk_buff, len, 4, target_size));
		break;
	case offsetof(struct sk_reuseport_md, eth_protocol):
		insn = reuseport_nested(si, insn, REUSE_OFF(skb), BPF_H,
					bpf_target_off(struct sk_buff, protocol, 2,
						       target_size));
		break;
	case offsetof(struct sk_reuseport_md, ip_protocol):
		insn = reuseport_nested(si, insn, REUSE_OFF(sk), BPF_H,
					bpf_target_off(struct sock, sk_protocol, 2,
						       target_size));
		break;
	case offsetof(struct sk_reuseport_md, data_end):
		*insn++ = CTX_LDX_FIELD(struct sk_reuseport_kern, data_end,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct sk_reuseport_md, hash):
		*insn++ = CTX_LDX_TARGET(struct sk_reuseport_kern, hash,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct sk_reuseport_md, bind_inany):
		*insn++ = CTX_LDX_TARGET(struct sk_reuseport_kern, bind_inany,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct sk_reuseport_md, sk):
		*insn++ = CTX_LDX_FIELD(struct sk_reuseport_kern, sk,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct sk_reuseport_md, migrating_sk):
		*insn++ = CTX_LDX_FIELD(struct sk_reuseport_kern, migrating_sk,
					si->dst_reg, si->src_reg);
		break;
	}
	return insn - insn_buf;
}

static void sk_reuseport_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct sk_reuseport_kern *reuse_kern = ctx;

	b->meta = b->data = reuse_kern->skb->data;
	b->data_end = reuse_kern->data_end;
}

const struct bpf_verifier_ops sk_reuseport_verifier_ops = {
	.get_func_proto		= sk_reuseport_func_proto,
	.is_valid_access	= sk_reuseport_is_valid_access,
	.convert_ctx_access	= sk_reuseport_convert_ctx_access,
};

const struct bpf_prog_ops sk_reuseport_prog_ops = {
	.pkt_bounds		= sk_reuseport_pkt_bounds,
};
