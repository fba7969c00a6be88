// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SK_LOOKUP: struct bpf_sk_lookup over struct
 * bpf_sk_lookup_kern, the choice of the socket an incoming connection
 * or datagram goes to, with Linux 6.1's rules; and the run of a program
 * array over one lookup, which BPF_PROG_TEST_RUN uses.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

/*
 * The socket a program picks must be able to take the packet: an
 * RCU-freed TCP listener or unconnected UDP socket of its protocol and
 * family.
 */
BPF_CALL_3(bpf_sk_lookup_assign, struct bpf_sk_lookup_kern *, ctx,
	   struct sock *, sk, u64, flags)
{
	if (unlikely(flags & ~(BPF_SK_LOOKUP_F_REPLACE |
			       BPF_SK_LOOKUP_F_NO_REUSEPORT)))
		return -EINVAL;
	if (unlikely(sk && sk_is_refcounted(sk)))
		return -ESOCKTNOSUPPORT;
	if (unlikely(sk && sk_is_tcp(sk) && sk->sk_state != TCP_LISTEN))
		return -ESOCKTNOSUPPORT;
	if (unlikely(sk && sk_is_udp(sk) && sk->sk_state != TCP_CLOSE))
		return -ESOCKTNOSUPPORT;
	if (sk && sk->sk_protocol != ctx->protocol)
		return -EPROTOTYPE;
	if (sk && sk->sk_family != ctx->family &&
	    (sk->sk_family == AF_INET || ipv6_only_sock(sk)))
		return -EAFNOSUPPORT;
	if (ctx->selected_sk && !(flags & BPF_SK_LOOKUP_F_REPLACE))
		return -EEXIST;

	ctx->selected_sk = sk;
	ctx->no_reuseport = flags & BPF_SK_LOOKUP_F_NO_REUSEPORT;
	return 0;
}

static const struct bpf_func_proto bpf_sk_lookup_assign_proto = {
	.func		= bpf_sk_lookup_assign,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_SOCKET_OR_NULL,
	.arg3_type	= ARG_ANYTHING,
};

static const struct bpf_func_proto *
sk_lookup_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	case BPF_FUNC_sk_assign:
		return &bpf_sk_lookup_assign_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

static bool sk_lookup_is_valid_access(int off, int size, enum bpf_access_type type,
				      const struct bpf_prog *prog,
				      struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= (int)sizeof(struct bpf_sk_lookup))
		return false;
	if (off % size != 0)
		return false;
	if (type != BPF_READ)
		return false;

	switch (off) {
	case bpf_ctx_range_ptr(struct bpf_sk_lookup, sk):
		info->reg_type = PTR_TO_SOCKET_OR_NULL;
		return size == sizeof(__u64);
	case bpf_ctx_range(struct bpf_sk_lookup, family):
	case bpf_ctx_range(struct bpf_sk_lookup, protocol):
	case bpf_ctx_range(struct bpf_sk_lookup, remote_ip4):
	case bpf_ctx_range(struct bpf_sk_lookup, local_ip4):
	case bpf_ctx_range_till(struct bpf_sk_lookup, remote_ip6[0], remote_ip6[3]):
	case bpf_ctx_range_till(struct bpf_sk_lookup, local_ip6[0], local_ip6[3]):
	case bpf_ctx_range(struct bpf_sk_lookup, local_port):
	case bpf_ctx_range(struct bpf_sk_lookup, ingress_ifindex):
		bpf_ctx_record_field_size(info, sizeof(__u32));
		return bpf_ctx_narrow_access_ok(off, size, sizeof(__u32));
	case bpf_ctx_range(struct bpf_sk_lookup, remote_port):
		/* a u32 read of the u16 port stays allowed */
		if (size == sizeof(__u32))
			return true;
		bpf_ctx_record_field_size(info, sizeof(__be16));
		return bpf_ctx_narrow_access_ok(off, size, sizeof(__be16));
	case offsetofend(struct bpf_sk_lookup, remote_port) ...
	     offsetof(struct bpf_sk_lookup, local_ip4) - 1:
		/* the zero padding after the port reads as zero */
		bpf_ctx_record_field_size(info, sizeof(__u16));
		return bpf_ctx_narrow_access_ok(off, size, sizeof(__u16));
	default:
		return false;
	}
}

/* An IPv6 address word through the context's pointer (0 without one). */
static struct bpf_insn *sk_lookup_ip6(const struct bpf_insn *si,
				      struct bpf_insn *insn, int ptr_off, int off)
{
	*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, ptr_off);
	*insn++ = BPF_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
	*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg, off);
	return insn;
}

#define LOOKUP_OFF(F)	offsetof(struct bpf_sk_lookup_kern, F)

static u32 sk_lookup_convert_ctx_access(enum bpf_access_type type,
					const struct bpf_insn *si,
					struct bpf_insn *insn_buf,
					struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	int off;

	switch (si->off) {
	case offsetof(struct bpf_sk_lookup, sk):
		*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg,
				  LOOKUP_OFF(selected_sk));
		break;
	case offsetof(struct bpf_sk_lookup, family):
		*insn++ = CTX_LDX_TARGET(struct bpf_sk_lookup_kern, family,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sk_lookup, protocol):
		*insn++ = CTX_LDX_TARGET(struct bpf_sk_lookup_kern, protocol,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sk_lookup, remote_ip4):
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  bpf_target_off(struct bpf_sk_lookup_kern, v4.saddr, 4,
						 target_size));
		break;
	case offsetof(struct bpf_sk_lookup, local_ip4):
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  bpf_target_off(struct bpf_sk_lookup_kern, v4.daddr, 4,
						 target_size));
		break;
	case bpf_ctx_range_till(struct bpf_sk_lookup, remote_ip6[0], remote_ip6[3]):
		off = si->off - offsetof(struct bpf_sk_lookup, remote_ip6[0]) +
		      bpf_target_off(struct in6_addr, s6_addr32[0], 4, target_size);
		insn = sk_lookup_ip6(si, insn, LOOKUP_OFF(v6.saddr), off);
		break;
	case bpf_ctx_range_till(struct bpf_sk_lookup, local_ip6[0], local_ip6[3]):
		off = si->off - offsetof(struct bpf_sk_lookup, local_ip6[0]) +
		      bpf_target_off(struct in6_addr, s6_addr32[0], 4, target_size);
		insn = sk_lookup_ip6(si, insn, LOOKUP_OFF(v6.daddr), off);
		break;
	case offsetof(struct bpf_sk_lookup, remote_port):
		*insn++ = CTX_LDX_TARGET(struct bpf_sk_lookup_kern, sport,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetofend(struct bpf_sk_lookup, remote_port):
		*target_size = 2;
		*insn++ = BPF_MOV32_IMM(si->dst_reg, 0);
		break;
	case offsetof(struct bpf_sk_lookup, local_port):
		*insn++ = CTX_LDX_TARGET(struct bpf_sk_lookup_kern, dport,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sk_lookup, ingress_ifindex):
		*insn++ = CTX_LDX_TARGET(struct bpf_sk_lookup_kern, ingress_ifindex,
					 si->dst_reg, si->src_reg, target_size);
		break;
	}
	return insn - insn_buf;
}

u32 bpf_sk_lookup_run_array(struct bpf_prog *const *progs, u32 cnt,
			    struct bpf_sk_lookup_kern *ctx)
{
	struct sock *selected_sk = NULL;
	bool no_reuseport = false, all_pass = true;
	u32 i, ret;

	for (i = 0; i < cnt; i++) {
		/* each program starts from the selection so far */
		ctx->selected_sk = selected_sk;
		ctx->no_reuseport = no_reuseport;
		ret = bpf_prog_run(progs[i], ctx);
		if (ret == SK_PASS && ctx->selected_sk) {
			selected_sk = ctx->selected_sk;
			no_reuseport = ctx->no_reuseport;
		} else if (ret == SK_DROP && all_pass) {
			all_pass = false;
		}
	}
	ctx->selected_sk = selected_sk;
	ctx->no_reuseport = no_reuseport;
	return all_pass || selected_sk ? SK_PASS : SK_DROP;
}

const struct bpf_verifier_ops sk_lookup_verifier_ops = {
	.get_func_proto		= sk_lookup_func_proto,
	.is_valid_access	= sk_lookup_is_valid_access,
	.convert_ctx_access	= sk_lookup_convert_ctx_access,
};

const struct bpf_prog_ops sk_lookup_prog_ops = {
	.test_run		= bpf_prog_test_run_sk_lookup,
};
