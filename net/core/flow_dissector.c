// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_FLOW_DISSECTOR: a program that parses a packet's headers
 * into struct bpf_flow_keys (PTR_TO_FLOW_KEYS), reading the packet
 * through struct __sk_buff data/data_end over struct bpf_flow_dissector,
 * with Linux 6.1's rules; and the run that sets up and clamps the keys.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

/* Headers come from the skb; a bare buffer (a test run) has none to give. */
BPF_CALL_4(bpf_flow_dissector_load_bytes, const struct bpf_flow_dissector *, ctx,
	   u32, offset, void *, to, u32, len)
{
	if (unlikely(offset > 0xffff))
		goto err_clear;
	if (unlikely(!ctx->skb))
		goto err_clear;
	return bpf_skb_load_bytes((unsigned long)ctx->skb, offset,
				  (unsigned long)to, len, 0);
err_clear:
	memset(to, 0, len);
	return -EFAULT;
}

static const struct bpf_func_proto bpf_flow_dissector_load_bytes_proto = {
	.func		= bpf_flow_dissector_load_bytes,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

static const struct bpf_func_proto *
flow_dissector_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes:
		return &bpf_flow_dissector_load_bytes_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

/* Only the packet pointers and the keys, read only. */
static bool flow_dissector_is_valid_access(int off, int size, enum bpf_access_type type,
					   const struct bpf_prog *prog,
					   struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct __sk_buff))
		return false;
	if (off % size != 0)
		return false;
	if (type == BPF_WRITE)
		return false;

	switch (off) {
	case bpf_ctx_range(struct __sk_buff, data):
		if (size != size_default)
			return false;
		info->reg_type = PTR_TO_PACKET;
		return true;
	case bpf_ctx_range(struct __sk_buff, data_end):
		if (size != size_default)
			return false;
		info->reg_type = PTR_TO_PACKET_END;
		return true;
	case bpf_ctx_range_ptr(struct __sk_buff, flow_keys):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_FLOW_KEYS;
		return true;
	default:
		return false;
	}
}

static u32 flow_dissector_convert_ctx_access(enum bpf_access_type type,
					     const struct bpf_insn *si,
					     struct bpf_insn *insn_buf,
					     struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct __sk_buff, data):
		*insn++ = CTX_LDX_FIELD(struct bpf_flow_dissector, data,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct __sk_buff, data_end):
		*insn++ = CTX_LDX_FIELD(struct bpf_flow_dissector, data_end,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct __sk_buff, flow_keys):
		*insn++ = CTX_LDX_FIELD(struct bpf_flow_dissector, flow_keys,
					si->dst_reg, si->src_reg);
		break;
	}
	return insn - insn_buf;
}

static u16 clamp_u16(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

u32 bpf_flow_dissect(struct bpf_prog *prog, struct bpf_flow_dissector *ctx,
		     __be16 proto, int nhoff, int hlen, unsigned int flags)
{
	struct bpf_flow_keys *flow_keys = ctx->flow_keys;
	u32 result;

	memset(flow_keys, 0, sizeof(*flow_keys));
	flow_keys->n_proto = proto;
	flow_keys->nhoff = nhoff;
	flow_keys->thoff = flow_keys->nhoff;
	flow_keys->flags = flags;

	result = bpf_prog_run(prog, ctx);

	/* offsets the program left outside the packet are pulled back in */
	flow_keys->nhoff = clamp_u16(flow_keys->nhoff, nhoff, hlen);
	flow_keys->thoff = clamp_u16(flow_keys->thoff, flow_keys->nhoff, hlen);
	return result;
}

/*
 * The keys are writable memory of the run: a test run places them right
 * in front of the packet, so they are reported as the metadata area.
 */
static void flow_dissector_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct bpf_flow_dissector *fd = ctx;
	const u8 *keys = (const u8 *)fd->flow_keys;

	b->data = (void *)fd->data;
	b->data_end = (void *)fd->data_end;
	b->meta = keys && keys + sizeof(*fd->flow_keys) == (const u8 *)fd->data ?
		  (void *)keys : (void *)fd->data;
}

const struct bpf_verifier_ops flow_dissector_verifier_ops = {
	.get_func_proto		= flow_dissector_func_proto,
	.is_valid_access	= flow_dissector_is_valid_access,
	.convert_ctx_access	= flow_dissector_convert_ctx_access,
};

const struct bpf_prog_ops flow_dissector_prog_ops = {
	.test_run		= bpf_prog_test_run_flow_dissector,
	.pkt_bounds		= flow_dissector_pkt_bounds,
};
