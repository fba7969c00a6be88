// SPDX-License-Identifier: GPL-2.0
/*
 * The cgroup hooks of kernel/bpf/cgroup.c in 6.1 that filter syscalls
 * rather than packets: device access (BPF_PROG_TYPE_CGROUP_DEVICE),
 * sysctl reads and writes (CGROUP_SYSCTL) and socket options
 * (CGROUP_SOCKOPT), with their context rules and helpers.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

/* ---- BPF_PROG_TYPE_CGROUP_DEVICE ---- */

static const struct bpf_func_proto *
cgroup_dev_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;
	func_proto = cgroup_current_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/* Read only; access_type (type and access bits) may be read narrow. */
static bool cgroup_dev_is_valid_access(int off, int size, enum bpf_access_type type,
				       const struct bpf_prog *prog,
				       struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (type == BPF_WRITE)
		return false;
	if (off < 0 || off + size > (int)sizeof(struct bpf_cgroup_dev_ctx))
		return false;
	if (off % size != 0)
		return false;

	switch (off) {
	case bpf_ctx_range(struct bpf_cgroup_dev_ctx, access_type):
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	default:
		return size == size_default;
	}
}

/*
 * The context is struct bpf_cgroup_dev_ctx itself, as in 6.1 (which
 * converts nothing): the same loads, emitted as our own.
 */
static u32 cgroup_dev_convert_ctx_access(enum bpf_access_type type,
					 const struct bpf_insn *si,
					 struct bpf_insn *insn_buf,
					 struct bpf_prog *prog, u32 *target_size)
{
	insn_buf[0] = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->src_reg, si->off);
	*target_size = bpf_ldst_bytes(si);
	return 1;
}

const struct bpf_verifier_ops cg_dev_verifier_ops = {
	.get_func_proto		= cgroup_dev_func_proto,
	.is_valid_access	= cgroup_dev_is_valid_access,
	.convert_ctx_access	= cgroup_dev_convert_ctx_access,
};

const struct bpf_prog_ops cg_dev_prog_ops = {
};

/* ---- BPF_PROG_TYPE_CGROUP_SYSCTL ---- */

/* The kernel's strscpy(): -E2BIG (and a truncated string) when it does not fit. */
static ssize_t sysctl_strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (!size)
		return -E2BIG;
	if (len >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

/* "net/ipv4/tcp_mem": the directories part ("net/ipv4/") and the base name. */
BPF_CALL_4(bpf_sysctl_get_name, struct bpf_sysctl_kern *, ctx, char *, buf,
	   size_t, buf_len, u64, flags)
{
	const char *base = strrchr(ctx->name, '/');
	ssize_t dirs_ret = 0, ret;

	if (!buf)
		return -EINVAL;
	base = base ? base + 1 : ctx->name;
	if (!(flags & BPF_F_SYSCTL_BASE_NAME) && base != ctx->name) {
		char dirs[256];
		size_t n = min_t(size_t, base - ctx->name, sizeof(dirs) - 1);

		memcpy(dirs, ctx->name, n);
		dirs[n] = '\0';
		dirs_ret = sysctl_strscpy(buf, dirs, buf_len);
		if (dirs_ret < 0)
			return dirs_ret;
		buf += dirs_ret;
		buf_len -= dirs_ret;
	}
	ret = sysctl_strscpy(buf, base, buf_len);
	return ret < 0 ? ret : dirs_ret + ret;
}

static const struct bpf_func_proto bpf_sysctl_get_name_proto = {
	.func		= bpf_sysctl_get_name,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

/* A value as a NUL-terminated string: its length, or -E2BIG when cut. */
static int copy_sysctl_value(char *dst, size_t dst_len, const char *src,
			     size_t src_len)
{
	if (!dst)
		return -EINVAL;
	if (!dst_len)
		return -E2BIG;
	if (!src || !src_len) {
		memset(dst, 0, dst_len);
		return -EINVAL;
	}
	memcpy(dst, src, min(dst_len, src_len));
	if (dst_len > src_len) {
		memset(dst + src_len, '\0', dst_len - src_len);
		return src_len;
	}
	dst[dst_len - 1] = '\0';
	return -E2BIG;
}

BPF_CALL_3(bpf_sysctl_get_current_value, struct bpf_sysctl_kern *, ctx,
	   char *, buf, size_t, buf_len)
{
	return copy_sysctl_value(buf, buf_len, ctx->cur_val, ctx->cur_len);
}

static const struct bpf_func_proto bpf_sysctl_get_current_value_proto = {
	.func		= bpf_sysctl_get_current_value,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
};

BPF_CALL_3(bpf_sysctl_get_new_value, struct bpf_sysctl_kern *, ctx,
	   char *, buf, size_t, buf_len)
{
	if (!ctx->write) {
		if (buf && buf_len)
			memset(buf, '\0', buf_len);
		return -EINVAL;
	}
	return copy_sysctl_value(buf, buf_len, ctx->new_val, ctx->new_len);
}

static const struct bpf_func_proto bpf_sysctl_get_new_value_proto = {
	.func		= bpf_sysctl_get_new_value,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
};

BPF_CALL_3(bpf_sysctl_set_new_value, struct bpf_sysctl_kern *, ctx,
	   const char *, buf, size_t, buf_len)
{
	if (!ctx->write || !ctx->new_val || !ctx->new_len || !buf || !buf_len)
		return -EINVAL;
	if (buf_len > PAGE_SIZE - 1)
		return -E2BIG;
	memcpy(ctx->new_val, buf, buf_len);
	((char *)ctx->new_val)[buf_len] = '\0';
	ctx->new_len = buf_len;
	ctx->new_updated = 1;
	return 0;
}

static const struct bpf_func_proto bpf_sysctl_set_new_value_proto = {
	.func		= bpf_sysctl_set_new_value,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
};

static const struct bpf_func_proto *
sysctl_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;
	func_proto = cgroup_current_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_sysctl_get_name:
		return &bpf_sysctl_get_name_proto;
	case BPF_FUNC_sysctl_get_current_value:
		return &bpf_sysctl_get_current_value_proto;
	case BPF_FUNC_sysctl_get_new_value:
		return &bpf_sysctl_get_new_value_proto;
	case BPF_FUNC_sysctl_set_new_value:
		return &bpf_sysctl_set_new_value_proto;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

static bool sysctl_is_valid_access(int off, int size, enum bpf_access_type type,
				   const struct bpf_prog *prog,
				   struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off + size > (int)sizeof(struct bpf_sysctl) || off % size)
		return false;

	switch (off) {
	case bpf_ctx_range(struct bpf_sysctl, write):
		if (type != BPF_READ)
			return false;
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	case bpf_ctx_range(struct bpf_sysctl, file_pos):
		if (type == BPF_READ) {
			bpf_ctx_record_field_size(info, size_default);
			return bpf_ctx_narrow_access_ok(off, size, size_default);
		}
		return size == size_default;
	default:
		return false;
	}
}

static u32 sysctl_convert_ctx_access(enum bpf_access_type type,
				     const struct bpf_insn *si,
				     struct bpf_insn *insn_buf,
				     struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct bpf_sysctl, write):
		*insn++ = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				  bpf_target_off(struct bpf_sysctl_kern, write, 4,
						 target_size));
		break;
	case offsetof(struct bpf_sysctl, file_pos):
		/* *ppos, the low u32 of the loff_t (little-endian) */
		if (type == BPF_WRITE) {
			*insn++ = CTX_LDX_FIELD(struct bpf_sysctl_kern, ppos,
						BPF_REG_AX, si->dst_reg);
			*insn++ = CTX_STX(BPF_W, BPF_REG_AX, si->src_reg,
					  bpf_ctx_narrow_access_offset(0, sizeof(u32),
								       sizeof(loff_t)));
		} else {
			*insn++ = CTX_LDX_FIELD(struct bpf_sysctl_kern, ppos,
						si->dst_reg, si->src_reg);
			*insn++ = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->dst_reg,
					  bpf_ctx_narrow_access_offset(0, bpf_ldst_bytes(si),
								       sizeof(loff_t)));
		}
		*target_size = sizeof(u32);
		break;
	}
	return insn - insn_buf;
}

const struct bpf_verifier_ops cg_sysctl_verifier_ops = {
	.get_func_proto		= sysctl_func_proto,
	.is_valid_access	= sysctl_is_valid_access,
	.convert_ctx_access	= sysctl_convert_ctx_access,
};

const struct bpf_prog_ops cg_sysctl_prog_ops = {
};

/* ---- BPF_PROG_TYPE_CGROUP_SOCKOPT ---- */

BPF_CALL_1(bpf_get_netns_cookie_sockopt, struct bpf_sockopt_kern *, ctx)
{
	return bpf_net_cookie(ctx ? ctx->sk : NULL);
}

static const struct bpf_func_proto bpf_get_netns_cookie_sockopt_proto = {
	.func		= bpf_get_netns_cookie_sockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX_OR_NULL,
};

static const struct bpf_func_proto *
cg_sockopt_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;
	func_proto = cgroup_current_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_sockopt_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_setsockopt:
		if (prog->expected_attach_type == BPF_CGROUP_SETSOCKOPT)
			return &bpf_sk_setsockopt_proto;
		return NULL;
	case BPF_FUNC_getsockopt:
		if (prog->expected_attach_type == BPF_CGROUP_SETSOCKOPT)
			return &bpf_sk_getsockopt_proto;
		return NULL;
	case BPF_FUNC_tcp_sock:
		return &bpf_tcp_sock_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/*
 * setsockopt hooks may rewrite level, optname and the value; getsockopt
 * hooks the value and the syscall's result (retval).
 */
static bool cg_sockopt_is_valid_access(int off, int size, enum bpf_access_type type,
				       const struct bpf_prog *prog,
				       struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct bpf_sockopt))
		return false;
	if (off % size != 0)
		return false;

	if (type == BPF_WRITE) {
		switch (off) {
		case offsetof(struct bpf_sockopt, retval):
			if (size != size_default)
				return false;
			return prog->expected_attach_type == BPF_CGROUP_GETSOCKOPT;
		case offsetof(struct bpf_sockopt, optname):
		case offsetof(struct bpf_sockopt, level):
			if (size != size_default)
				return false;
			return prog->expected_attach_type == BPF_CGROUP_SETSOCKOPT;
		case offsetof(struct bpf_sockopt, optlen):
			return size == size_default;
		default:
			return false;
		}
	}

	switch (off) {
	case bpf_ctx_range_ptr(struct bpf_sockopt, sk):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
		break;
	case bpf_ctx_range_ptr(struct bpf_sockopt, optval):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET;
		break;
	case bpf_ctx_range_ptr(struct bpf_sockopt, optval_end):
		if (size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_PACKET_END;
		break;
	case bpf_ctx_range(struct bpf_sockopt, retval):
		if (size != size_default)
			return false;
		return prog->expected_attach_type == BPF_CGROUP_GETSOCKOPT;
	default:
		if (size != size_default)
			return false;
		break;
	}
	return true;
}

static struct bpf_insn *sockopt_rw(enum bpf_access_type type,
				   const struct bpf_insn *si,
				   struct bpf_insn *insn, int off)
{
	if (type == BPF_WRITE)
		*insn++ = CTX_STX(BPF_W, si->dst_reg, si->src_reg, off);
	else
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, off);
	return insn;
}

#define SOCKOPT_OFF(F)	offsetof(struct bpf_sockopt_kern, F)

static u32 cg_sockopt_convert_ctx_access(enum bpf_access_type type,
					 const struct bpf_insn *si,
					 struct bpf_insn *insn_buf,
					 struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct bpf_sockopt, sk):
		*insn++ = CTX_LDX_FIELD(struct bpf_sockopt_kern, sk,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct bpf_sockopt, level):
		insn = sockopt_rw(type, si, insn, SOCKOPT_OFF(level));
		break;
	case offsetof(struct bpf_sockopt, optname):
		insn = sockopt_rw(type, si, insn, SOCKOPT_OFF(optname));
		break;
	case offsetof(struct bpf_sockopt, optlen):
		insn = sockopt_rw(type, si, insn, SOCKOPT_OFF(optlen));
		break;
	case offsetof(struct bpf_sockopt, retval):
		/* the run's result, shared with bpf_get_retval()/bpf_set_retval() */
		if (type == BPF_WRITE) {
			*insn++ = CTX_LDX_FIELD(struct bpf_sockopt_kern, run_ctx,
						BPF_REG_AX, si->dst_reg);
			*insn++ = CTX_STX(BPF_W, BPF_REG_AX, si->src_reg,
					  offsetof(struct bpf_cg_run_ctx, retval));
		} else {
			*insn++ = CTX_LDX_FIELD(struct bpf_sockopt_kern, run_ctx,
						si->dst_reg, si->src_reg);
			*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->dst_reg,
					  offsetof(struct bpf_cg_run_ctx, retval));
		}
		break;
	case offsetof(struct bpf_sockopt, optval):
		*insn++ = CTX_LDX_FIELD(struct bpf_sockopt_kern, optval,
					si->dst_reg, si->src_reg);
		break;
	case offsetof(struct bpf_sockopt, optval_end):
		*insn++ = CTX_LDX_FIELD(struct bpf_sockopt_kern, optval_end,
					si->dst_reg, si->src_reg);
		break;
	}
	return insn - insn_buf;
}

/* The option value is a private copy: nothing to make writable. */
static void cg_sockopt_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct bpf_sockopt_kern *sopt = ctx;

	b->meta = b->data = sopt->optval;
	b->data_end = sopt->optval_end;
}

const struct bpf_verifier_ops cg_sockopt_verifier_ops = {
	.get_func_proto		= cg_sockopt_func_proto,
	.is_valid_access	= cg_sockopt_is_valid_access,
	.convert_ctx_access	= cg_sockopt_convert_ctx_access,
	.gen_prologue		= bpf_noop_prologue,
};

const struct bpf_prog_ops cg_sockopt_prog_ops = {
	.pkt_bounds		= cg_sockopt_pkt_bounds,
};
