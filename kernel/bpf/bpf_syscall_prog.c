// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_SYSCALL: sleepable programs run by BPF_PROG_TEST_RUN on
 * a buffer the caller gives (ctx_in), which they may read and write, and
 * that may call bpf(2) themselves (bpf_sys_bpf) - what libbpf's light
 * skeletons load programs with.  The pointers inside the attr a program
 * passes are plain addresses of the process, as everything in sysbpf.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf.h>
#include <unistd.h>

static bool syscall_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					 const struct bpf_prog *prog,
					 struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= U16_MAX)
		return false;
	return off % size == 0;
}

/* The commands a loader needs; the rest are -EINVAL, as 6.1 allows no more. */
BPF_CALL_3(bpf_sys_bpf, int, cmd, union bpf_attr *, attr, u32, attr_size)
{
	switch (cmd) {
	case BPF_MAP_CREATE:
	case BPF_MAP_DELETE_ELEM:
	case BPF_MAP_UPDATE_ELEM:
	case BPF_MAP_FREEZE:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_PROG_LOAD:
	case BPF_BTF_LOAD:
	case BPF_LINK_CREATE:
	case BPF_RAW_TRACEPOINT_OPEN:
		break;
	default:
		return -EINVAL;
	}
	return __sys_bpf(cmd, attr, attr_size);
}

static const struct bpf_func_proto bpf_sys_bpf_proto = {
	.func		= bpf_sys_bpf,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
};

BPF_CALL_1(bpf_sys_close, u32, fd)
{
	/* close(2) of the shim drops the instance's reference of a bpf fd */
	return close(fd) ? -errno : 0;
}

static const struct bpf_func_proto bpf_sys_close_proto = {
	.func		= bpf_sys_close,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
};

/* The id of a type of the vmlinux BTF; sysbpf has no module BTF to add an fd for. */
BPF_CALL_4(bpf_btf_find_by_name_kind, char *, name, int, name_sz, u32, kind, int, flags)
{
	struct btf *btf;

	if (flags)
		return -EINVAL;
	if (name_sz <= 1 || name[name_sz - 1])
		return -EINVAL;
	btf = bpf_get_btf_vmlinux();
	if (IS_ERR(btf))
		return PTR_ERR(btf);
	if (!btf)
		return -EINVAL;
	return btf_find_by_name_kind(btf, name, kind);
}

static const struct bpf_func_proto bpf_btf_find_by_name_kind_proto = {
	.func		= bpf_btf_find_by_name_kind,
	.gpl_only	= false,
	.might_sleep	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_ANYTHING,
};

/* Addresses of the functions sysbpf has; the others are not found. */
BPF_CALL_4(bpf_kallsyms_lookup_name, const char *, name, int, name_sz, int, flags,
	   u64 *, res)
{
	*res = 0;
	if (flags)
		return -EINVAL;
	if (name_sz <= 1 || name[name_sz - 1])
		return -EINVAL;
	if (!perfmon_capable())
		return -EPERM;
	*res = kallsyms_lookup_name(name);
	return *res ? 0 : -ENOENT;
}

static const struct bpf_func_proto bpf_kallsyms_lookup_name_proto = {
	.func		= bpf_kallsyms_lookup_name,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED,
	.arg4_size	= sizeof(u64),
};

static const struct bpf_func_proto *syscall_prog_func_proto(enum bpf_func_id func_id,
							    const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_sys_bpf:
		return !perfmon_capable() ? NULL : &bpf_sys_bpf_proto;
	case BPF_FUNC_btf_find_by_name_kind:
		return &bpf_btf_find_by_name_kind_proto;
	case BPF_FUNC_sys_close:
		return &bpf_sys_close_proto;
	case BPF_FUNC_kallsyms_lookup_name:
		return &bpf_kallsyms_lookup_name_proto;
	default:
		return tracing_prog_func_proto(func_id, prog);
	}
}

const struct bpf_verifier_ops bpf_syscall_verifier_ops = {
	.get_func_proto		= syscall_prog_func_proto,
	.is_valid_access	= syscall_prog_is_valid_access,
};

/* The buffer test_run made: its size is kept just before it. */
void bpf_syscall_ctx_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct bpf_syscall_ctx *c = container_of(ctx, struct bpf_syscall_ctx, data);

	b->meta = b->data = (void *)ctx;
	b->data_end = (char *)ctx + c->size;
}

const struct bpf_prog_ops bpf_syscall_prog_ops = {
	.test_run	= bpf_prog_test_run_syscall,
	.pkt_bounds	= bpf_syscall_ctx_bounds,
};
