/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tracing family of program types shares between its files:
 * kernel/trace/ (kprobe, tracepoint, perf_event, raw_tp, tracing, EXT
 * and their helpers), kernel/trace/bpf_trampoline.c (attach targets and
 * the trampolines that run fentry/fexit/fmod_ret programs),
 * kernel/bpf/btf_vmlinux.c (the vmlinux BTF), kernel/bpf/bpf_lsm.c,
 * kernel/bpf/bpf_syscall_prog.c and net/bpf/test_run_tracing.c.
 */
#ifndef _SYSBPF_LINUX_BPF_TRACE_H
#define _SYSBPF_LINUX_BPF_TRACE_H

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>

/* The perf tracepoint buffer a TRACEPOINT program reads (PERF_MAX_TRACE_SIZE). */
#define PERF_MAX_TRACE_SIZE	2048

#ifndef __weak
#define __weak	__attribute__((weak))
#endif

/* ---- the vmlinux BTF (kernel/bpf/btf_vmlinux.c) ---- */

/*
 * The kernel's BTF: the host's /sys/kernel/btf/vmlinux when it can be
 * read and parsed, else the one sysbpf builds of what it can attach to.
 * Made at first need, id 1, never freed.  ERR_PTR when even the built-in
 * one cannot be made (no memory).  No reference is taken.
 */
struct btf *bpf_get_btf_vmlinux(void);
/* The vmlinux BTF if it was already made, else NULL (no parse). */
struct btf *btf_vmlinux_peek(void);
/* The bytes of the vmlinux BTF sysbpf uses, for the shim to serve. */
const void *btf_vmlinux_data(u32 *size);
/* True when sysbpf built its own vmlinux BTF (no usable host file). */
bool btf_vmlinux_is_builtin(void);
/* The id of the vmlinux BTF object (btf.c keeps it free for it). */
#define BTF_VMLINUX_ID	1
/* Registers the vmlinux BTF object under BTF_VMLINUX_ID (btf.c). */
int btf_alloc_vmlinux_id(struct btf *btf);

/* ---- attach targets (kernel/trace/bpf_attach_target.c) ---- */

#define BTF_TRACE_PREFIX	"btf_trace_"

struct bpf_attach_target_info {
	const struct btf_type *tgt_type;	/* the FUNC_PROTO */
	const char *tgt_name;
	long tgt_addr;
};

int bpf_check_attach_target(struct bpf_verifier_log *log,
			    const struct bpf_prog *prog,
			    const struct bpf_prog *tgt_prog, u32 btf_id,
			    struct bpf_attach_target_info *tgt_info,
			    const union bpf_attr *attr);
/*
 * BPF_PROG_LOAD's handling of attach_prog_fd, attach_btf_obj_fd and
 * attach_btf_id (6.1's bpf_prog_load() and bpf_prog_load_check_attach()
 * for the types that attach by BTF): takes the references the program
 * keeps in aux->attach_btf and aux->dst_prog.  0 or -errno.
 */
int bpf_prog_load_attach_btf(const union bpf_attr *attr, struct btf **attach_btf,
			     struct bpf_prog **dst_prog);
int bpf_prog_load_check_attach_tracing(enum bpf_prog_type prog_type,
				       enum bpf_attach_type expected_attach_type,
				       struct btf *attach_btf, u32 btf_id,
				       struct bpf_prog *dst_prog);
/*
 * The verifier's check_attach_btf_id(): the target of a TRACING, LSM or
 * EXT program and the sleepable rules of every type, with 6.1's log.
 * *ops is replaced by the target's ops for an EXT program.
 */
int bpf_check_attach_btf_id(struct bpf_prog *prog, const union bpf_attr *attr,
			    const struct bpf_verifier_ops **ops,
			    struct bpf_verifier_log *log);
/* Both of the above, references dropped on failure: BPF_PROG_LOAD's entry. */
int bpf_prog_load_attach(const union bpf_attr *attr, struct btf **attach_btf,
			 struct bpf_prog **dst_prog);
/* bpf_check_attach_btf_id() with the log of attr, before bpf_check() runs. */
int bpf_prog_load_check_attach_btf_id(struct bpf_prog *prog, const union bpf_attr *attr);
/* BPF_LINK_CREATE of the tracing family; -EOPNOTSUPP for the other types. */
int bpf_link_create_tracing(const union bpf_attr *attr);
/* What aux keeps for the attach: dropped when the program is freed. */
void bpf_prog_put_attach(struct bpf_prog_aux *aux);
/* The context access rules of BTF-typed arguments (6.1's btf_ctx_access). */
bool btf_ctx_access(int off, int size, enum bpf_access_type type,
		    const struct bpf_prog *prog, struct bpf_insn_access_aux *info);
bool bpf_tracing_ctx_access(int off, int size, enum bpf_access_type type);
bool bpf_tracing_btf_ctx_access(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info);
/*
 * The memory of a context, for the interpreter's run-time bounds (the
 * prog_ops pkt_bounds of these types): where 6.1 reads the context in
 * place, sysbpf lets a run touch exactly the context it was given.
 */
void bpf_trace_ctx_bounds(const void *ctx, struct bpf_pkt_bounds *b);
void bpf_syscall_ctx_bounds(const void *ctx, struct bpf_pkt_bounds *b);

/*
 * The context of a raw tracepoint run: the u64 arguments, then the
 * buffer of a writable tracepoint, inside the bounds the run may touch
 * (argument 0 of a writable tracepoint points to buf).
 */
struct bpf_raw_tp_ctx {
	u64 args[MAX_BPF_FUNC_ARGS];
	u64 buf[1];
};

/* A SYSCALL program's context: its size before the bytes the program sees. */
struct bpf_syscall_ctx {
	u64 size;
	u8 data[];
};

/* fentry/fexit/fmod_ret/LSM run through a trampoline; they have func args. */
static inline bool bpf_prog_has_trampoline(const struct bpf_prog *prog)
{
	enum bpf_attach_type eatype = prog->expected_attach_type;

	return (prog->type == BPF_PROG_TYPE_TRACING &&
		(eatype == BPF_TRACE_FENTRY || eatype == BPF_TRACE_FEXIT ||
		 eatype == BPF_MODIFY_RETURN)) ||
	       (prog->type == BPF_PROG_TYPE_LSM && eatype == BPF_LSM_MAC);
}

/* ---- kernel functions sysbpf has (kernel/trace/bpf_trampoline.c) ---- */

/*
 * A kernel function programs may attach to: sysbpf's own (the test
 * functions of net/bpf/test_run_tracing.c, the LSM hook stubs) or one
 * that exists only in the host's BTF (addr 0: loads, attaches, never runs).
 */
struct bpf_ksym_func {
	const char *name;
	void *addr;
	bool error_injection;	/* ALLOW_ERROR_INJECTION in 6.1 */
};

/* The sysbpf function of that name, or NULL ("kallsyms"). */
const struct bpf_ksym_func *bpf_ksym_find(const char *name);
u64 kallsyms_lookup_name(const char *name);
bool within_error_injection_list(const char *name);

/*
 * The frame a trampoline builds for its programs, as 6.1's on x86-64:
 * ctx[-2] the function's address, ctx[-1] the number of arguments,
 * ctx[0..nr_args) the arguments, ctx[nr_args] the return value.
 */
struct bpf_tramp_frame {
	u64 ip;
	u64 nr_args;
	u64 args[MAX_BPF_FUNC_ARGS + 1];
};

/* The bytes a tracing context spans from args: both layouts fit in it. */
#define BPF_TRACE_CTX_SIZE	(sizeof(u64) * (MAX_BPF_FUNC_ARGS + 1))
_Static_assert(sizeof(struct bpf_raw_tp_ctx) == BPF_TRACE_CTX_SIZE, "one size");

/*
 * Calls fn through the trampoline of the kernel function name: fentry
 * programs, fmod_ret programs (a non-zero return skips fn), fn itself,
 * fexit programs.  args hold nr_args values; fn is called by the caller's
 * thunk with them.  Returns fn's return value or the fmod_ret one.
 */
typedef u64 (*bpf_tramp_call_t)(const u64 *args);
u64 bpf_trampoline_call(const char *name, bpf_tramp_call_t fn, u32 nr_args,
			const u64 *args);
/* BPF_RAW_TRACEPOINT_OPEN and BPF_LINK_CREATE of TRACING, LSM and EXT. */
int bpf_tracing_prog_attach(struct bpf_prog *prog, int tgt_prog_fd,
			    u32 btf_id, u64 bpf_cookie);
int bpf_raw_tracepoint_open(const union bpf_attr *attr);
int bpf_tracing_link_create(const union bpf_attr *attr, struct bpf_prog *prog);

/* ---- raw tracepoints (kernel/trace/bpf_trampoline.c) ---- */

/* The bpf_test_finish tracepoint of 6.1's test_run: writable, an int *. */
void trace_bpf_test_finish(int *err);

/* The cookie of the link that runs the current program (bpf_get_attach_cookie). */
u64 bpf_trace_run_cookie(void);
/* Runs prog on ctx with the cookie visible to bpf_get_attach_cookie(). */
u32 bpf_trace_run_prog(struct bpf_prog *prog, void *ctx, u64 cookie);

/* ---- test_run (net/bpf/test_run_tracing.c) ---- */

int bpf_prog_test_run_tracing(struct bpf_prog *prog, const union bpf_attr *kattr,
			      union bpf_attr __user *uattr);
int bpf_prog_test_run_raw_tp(struct bpf_prog *prog, const union bpf_attr *kattr,
			     union bpf_attr __user *uattr);
int bpf_prog_test_run_syscall(struct bpf_prog *prog, const union bpf_attr *kattr,
			      union bpf_attr __user *uattr);
/* Runs prog on cpu as 6.1 pins a run there (stats counted as bpf_prog_run). */
u32 bpf_prog_run_on_cpu(const struct bpf_prog *prog, const void *ctx, u32 cpu);

/* ---- helpers (kernel/trace/bpf_trace_helpers.c) ---- */

/* The helper set of every tracing type (6.1's bpf_tracing_func_proto). */
const struct bpf_func_proto *bpf_tracing_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog);
/* TRACING's set, which LSM, SYSCALL and EXT-of-tracing build on. */
const struct bpf_func_proto *tracing_prog_func_proto(enum bpf_func_id func_id,
						     const struct bpf_prog *prog);
const struct bpf_func_proto *raw_tp_prog_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog);

extern const struct bpf_func_proto bpf_probe_read_user_proto;
extern const struct bpf_func_proto bpf_probe_read_user_str_proto;
extern const struct bpf_func_proto bpf_probe_read_kernel_proto;
extern const struct bpf_func_proto bpf_probe_read_kernel_str_proto;
extern const struct bpf_func_proto bpf_get_current_task_proto;
extern const struct bpf_func_proto bpf_get_attach_cookie_proto_tracing;
extern const struct bpf_func_proto bpf_get_stackid_proto;
extern const struct bpf_func_proto bpf_get_stack_proto;
extern const struct bpf_func_proto bpf_get_stackid_proto_pe;
extern const struct bpf_func_proto bpf_get_stack_proto_pe;
extern const struct bpf_func_proto bpf_perf_event_output_proto;
extern const struct bpf_func_proto bpf_copy_from_user_proto;

/*
 * Perf event arrays (kernel/bpf/perf_event_array.c): a sample into the
 * event of the slot flags names (6.1's bpf_perf_event_output() checks and
 * errno), and a read of that event's counter (perf_event_read_local()).
 */
u64 bpf_perf_event_output_map(struct bpf_map *map, u64 flags, void *data, u64 size);
int bpf_perf_event_read_map(struct bpf_map *map, u64 flags, u64 *value,
			    u64 *enabled, u64 *running);

/* ---- iterators (kernel/trace/bpf_iter.c) ---- */

/*
 * A BPF_TRACE_ITER program attaches to bpf_iter_<target> of a registered
 * target: sets the program's ctx_arg_info; false if there is none.
 */
bool bpf_iter_prog_supported(struct bpf_prog *prog);
extern const struct bpf_func_proto bpf_seq_write_proto;

/* Fault-safe copies of process memory: 0 or -EFAULT; strings: length with NUL. */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);
long strncpy_from_kernel_nofault(char *dst, const void *src, long count);

#endif
