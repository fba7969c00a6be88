// SPDX-License-Identifier: GPL-2.0
/*
 * The context rules of the tracing program types, as 6.1 sets them:
 *
 *  KPROBE	 struct pt_regs of x86-64 (the uapi layout), read only;
 *  TRACEPOINT	 the perf tracepoint record, whose first 8 bytes are
 *		 hidden, read only, up to PERF_MAX_TRACE_SIZE;
 *  PERF_EVENT	 struct bpf_perf_event_data, rewritten to the kernel's
 *		 struct bpf_perf_event_data_kern;
 *  RAW_TRACEPOINT(_WRITABLE)  the u64 arguments of the tracepoint; the
 *		 writable kind reads a pointer to the tracepoint's buffer at
 *		 offset 0;
 *  TRACING	 the u64 arguments of the function attached to, typed by
 *		 its BTF (btf_ctx_access in bpf_attach_target.c);
 *  EXT		 the verifier works with the ops of the program replaced.
 *
 * The context is read in place, as in 6.1 (only perf_event rewrites its
 * accesses); for the interpreter's run-time bounds the prog_ops of the
 * types that run report the context they were given as the memory the
 * run may touch (pkt_bounds): BPF_TRACE_CTX_SIZE bytes, the arguments
 * of a raw tracepoint or trampoline frame.
 *
 * Who runs them: nothing in sysbpf fires a kprobe, tracepoint or perf
 * event; BPF_PROG_TEST_RUN runs the types 6.1 can run (raw_tp, tracing
 * through its test functions) and says -ENOTSUPP for the others, as
 * 6.1 does.  Documentation/bpf/tracing.md says more.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <asm/ptrace.h>
#include <linux/bpf_perf_event.h>

const struct bpf_func_proto *kprobe_prog_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog);
const struct bpf_func_proto *tp_prog_func_proto(enum bpf_func_id func_id,
						const struct bpf_prog *prog);
const struct bpf_func_proto *pe_prog_func_proto(enum bpf_func_id func_id,
						const struct bpf_prog *prog);

void bpf_trace_ctx_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	b->meta = b->data = (void *)ctx;
	b->data_end = (char *)ctx + BPF_TRACE_CTX_SIZE;
}

/* ---- kprobe ---- */

static bool kprobe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					const struct bpf_prog *prog,
					struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= (int)sizeof(struct pt_regs))
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	return off + size <= (int)sizeof(struct pt_regs);
}

const struct bpf_verifier_ops kprobe_verifier_ops = {
	.get_func_proto		= kprobe_prog_func_proto,
	.is_valid_access	= kprobe_prog_is_valid_access,
};

/* 6.1 has no test_run for kprobes: BPF_PROG_TEST_RUN says -ENOTSUPP. */
const struct bpf_prog_ops kprobe_prog_ops = {
};

/* ---- tracepoint ---- */

_Static_assert(PERF_MAX_TRACE_SIZE % sizeof(u64) == 0, "whole u64 slots");

static bool tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				    const struct bpf_prog *prog,
				    struct bpf_insn_access_aux *info)
{
	/* the first 8 bytes hold the pt_regs pointer of the event */
	if (off < (int)sizeof(void *) || off >= PERF_MAX_TRACE_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	return off % size == 0;
}

const struct bpf_verifier_ops tracepoint_verifier_ops = {
	.get_func_proto		= tp_prog_func_proto,
	.is_valid_access	= tp_prog_is_valid_access,
};

const struct bpf_prog_ops tracepoint_prog_ops = {
};

/* ---- perf_event ---- */

/* What a perf event program runs on in 6.1 (the parts the rewrite reads). */
struct perf_sample_data {
	u64 addr;
	u64 period;
};

struct bpf_perf_event_data_kern {
	bpf_user_pt_regs_t *regs;
	struct perf_sample_data *data;
	void *event;
};

static bool pe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				    const struct bpf_prog *prog,
				    struct bpf_insn_access_aux *info)
{
	const int size_u64 = sizeof(u64);

	if (off < 0 || off >= (int)sizeof(struct bpf_perf_event_data))
		return false;
	if (type != BPF_READ)
		return false;
	/* 64-bit longs: no split access of the 8-byte fields */
	if (off % size != 0)
		return false;

	switch (off) {
	case bpf_ctx_range(struct bpf_perf_event_data, sample_period):
	case bpf_ctx_range(struct bpf_perf_event_data, addr):
		bpf_ctx_record_field_size(info, size_u64);
		return bpf_ctx_narrow_access_ok(off, size, size_u64);
	default:
		return size == sizeof(long);
	}
}

#define BPF_FIELD_SIZEOF(type, field)					\
	(sizeof_field(type, field) == 8 ? BPF_DW :			\
	 sizeof_field(type, field) == 4 ? BPF_W :			\
	 sizeof_field(type, field) == 2 ? BPF_H : BPF_B)

static u32 pe_prog_convert_ctx_access(enum bpf_access_type type,
				      const struct bpf_insn *si,
				      struct bpf_insn *insn_buf,
				      struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct bpf_perf_event_data, sample_period):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_perf_event_data_kern, data),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_perf_event_data_kern, data));
		*insn++ = BPF_LDX_MEM(BPF_DW, si->dst_reg, si->dst_reg,
				      bpf_target_off(struct perf_sample_data, period, 8,
						     target_size));
		break;
	case offsetof(struct bpf_perf_event_data, addr):
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_perf_event_data_kern, data),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_perf_event_data_kern, data));
		*insn++ = BPF_LDX_MEM(BPF_DW, si->dst_reg, si->dst_reg,
				      bpf_target_off(struct perf_sample_data, addr, 8,
						     target_size));
		break;
	default:
		/* a register of the sampled pt_regs */
		*insn++ = BPF_LDX_MEM(BPF_FIELD_SIZEOF(struct bpf_perf_event_data_kern, regs),
				      si->dst_reg, si->src_reg,
				      offsetof(struct bpf_perf_event_data_kern, regs));
		*insn++ = BPF_LDX_MEM(BPF_DW, si->dst_reg, si->dst_reg, si->off);
		*target_size = sizeof(long);
		break;
	}
	return insn - insn_buf;
}

const struct bpf_verifier_ops perf_event_verifier_ops = {
	.get_func_proto		= pe_prog_func_proto,
	.is_valid_access	= pe_prog_is_valid_access,
	.convert_ctx_access	= pe_prog_convert_ctx_access,
};

const struct bpf_prog_ops perf_event_prog_ops = {
};

/* ---- raw tracepoints ---- */

static bool raw_tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					const struct bpf_prog *prog,
					struct bpf_insn_access_aux *info)
{
	return bpf_tracing_ctx_access(off, size, type);
}

const struct bpf_verifier_ops raw_tracepoint_verifier_ops = {
	.get_func_proto		= raw_tp_prog_func_proto,
	.is_valid_access	= raw_tp_prog_is_valid_access,
};

const struct bpf_prog_ops raw_tracepoint_prog_ops = {
	.test_run	= bpf_prog_test_run_raw_tp,
	.pkt_bounds	= bpf_trace_ctx_bounds,
};

/* Argument 0 of a writable tracepoint is its buffer, max_tp_access bounds it. */
static bool raw_tp_writable_prog_is_valid_access(int off, int size,
						 enum bpf_access_type type,
						 const struct bpf_prog *prog,
						 struct bpf_insn_access_aux *info)
{
	if (off == 0) {
		if (size != sizeof(u64) || type != BPF_READ)
			return false;
		info->reg_type = PTR_TO_TP_BUFFER;
	}
	return raw_tp_prog_is_valid_access(off, size, type, prog, info);
}

const struct bpf_verifier_ops raw_tracepoint_writable_verifier_ops = {
	.get_func_proto		= raw_tp_prog_func_proto,
	.is_valid_access	= raw_tp_writable_prog_is_valid_access,
};

/* 6.1 runs writable raw tracepoints only where they are attached. */
const struct bpf_prog_ops raw_tracepoint_writable_prog_ops = {
	.pkt_bounds	= bpf_trace_ctx_bounds,
};

/* ---- tracing (fentry, fexit, fmod_ret, tp_btf, iter) ---- */

static bool tracing_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					 const struct bpf_prog *prog,
					 struct bpf_insn_access_aux *info)
{
	return bpf_tracing_btf_ctx_access(off, size, type, prog, info);
}

const struct bpf_verifier_ops tracing_verifier_ops = {
	.get_func_proto		= tracing_prog_func_proto,
	.is_valid_access	= tracing_prog_is_valid_access,
};

const struct bpf_prog_ops tracing_prog_ops = {
	.test_run	= bpf_prog_test_run_tracing,
	.pkt_bounds	= bpf_trace_ctx_bounds,
};

/* ---- extensions: the verifier takes the ops of the program they replace ---- */

const struct bpf_verifier_ops bpf_extension_verifier_ops = {
};

const struct bpf_prog_ops bpf_extension_prog_ops = {
};
