/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BPF_VERIFIER_H
#define _SYSBPF_LINUX_BPF_VERIFIER_H

#include <linux/filter.h>
#include <stdarg.h>

/* The log of BPF_PROG_LOAD and BPF_BTF_LOAD: the kernel's log_buf rules. */
#define BPF_LOG_LEVEL1	1
#define BPF_LOG_LEVEL2	2
#define BPF_LOG_STATS	4
#define BPF_LOG_LEVEL	(BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2)
#define BPF_LOG_MASK	(BPF_LOG_LEVEL | BPF_LOG_STATS)
#define BPF_LOG_KERNEL	(BPF_LOG_MASK + 1)
#define BPF_VERIFIER_TMP_LOG_SIZE	1024

struct bpf_verifier_log {
	u32 level;
	char kbuf[BPF_VERIFIER_TMP_LOG_SIZE];
	char __user *ubuf;
	u32 len_used;
	u32 len_total;
	u32 len_checked;	/* ubuf[0, len_checked) known writable (log.c) */
};

static inline bool bpf_verifier_log_full(const struct bpf_verifier_log *log)
{
	return log->len_used >= log->len_total - 1;
}

static inline bool bpf_verifier_log_needed(const struct bpf_verifier_log *log)
{
	return log && ((log->level && log->ubuf && !bpf_verifier_log_full(log)) ||
		       log->level == BPF_LOG_KERNEL);
}

/* Checks level/buf/size of a log from attrs: -EINVAL as the kernel says it. */
bool bpf_verifier_log_attr_valid(const struct bpf_verifier_log *log);
void bpf_verifier_vlog(struct bpf_verifier_log *log, const char *fmt, va_list args);
__printf(2, 3) void bpf_log(struct bpf_verifier_log *log, const char *fmt, ...);
/* Cuts the log back to new_pos (a NUL there), as 6.1 does when a path is dropped. */
void bpf_vlog_reset(struct bpf_verifier_log *log, u32 new_pos);

/*
 * The abstract state of the verifier (6.1's shapes and names).  The
 * verifier walks every path of a program with one bpf_verifier_state,
 * forks it at branches (push_stack) and compares it with the states it
 * kept at prune points (is_state_visited).
 */
#include <linux/tnum.h>

/* Largest variable offset a pointer may carry: keeps off + size in range. */
#define BPF_MAX_VAR_OFF		(1 << 29)
/* Largest variable size of an ARG_CONST_SIZE argument. */
#define BPF_MAX_VAR_SIZ		(1 << 29)
#define TYPE_STR_BUF_LEN	64
#define BPF_REG_SIZE		8	/* bytes of a register, and of a stack slot */
#define BPF_COMPLEXITY_LIMIT_INSNS	1000000
#define BPF_COMPLEXITY_LIMIT_JMP_SEQ	8192
#define BPF_COMPLEXITY_LIMIT_STATES	64
#define BPF_ID_MAP_SIZE		((MAX_BPF_REG + MAX_BPF_STACK / BPF_REG_SIZE) * MAX_CALL_FRAMES)

/*
 * Liveness: a read mark walks up the parent chain until a state whose
 * straight-line code wrote the register first (a write mark); a register
 * no descendant read need not match when states are compared.
 */
enum bpf_reg_liveness {
	REG_LIVE_NONE = 0,
	REG_LIVE_READ32 = 0x1,	/* the low 32 bits were read */
	REG_LIVE_READ64 = 0x2,	/* all 64 bits were read */
	REG_LIVE_READ = REG_LIVE_READ32 | REG_LIVE_READ64,
	REG_LIVE_WRITTEN = 0x4,	/* written before any read on this link */
	REG_LIVE_DONE = 0x8,	/* the state is complete: no more marks */
};

enum bpf_dynptr_type {
	BPF_DYNPTR_TYPE_INVALID,
	BPF_DYNPTR_TYPE_LOCAL,
	BPF_DYNPTR_TYPE_RINGBUF,
};

struct bpf_reg_state {
	/* states_equal() compares the fields up to id as one block */
	enum bpf_reg_type type;
	s32 off;		/* fixed part of a pointer's offset */
	union {
		int range;	/* PTR_TO_PACKET: bytes known readable past off */
		struct {	/* CONST_PTR_TO_MAP, PTR_TO_MAP_VALUE(_OR_NULL), PTR_TO_MAP_KEY */
			struct bpf_map *map_ptr;
			u32 map_uid;	/* nonzero: an inner map, per lookup site */
		};
		struct {	/* PTR_TO_BTF_ID */
			struct btf *btf;
			u32 btf_id;
		};
		u32 mem_size;	/* PTR_TO_MEM, PTR_TO_BUF */
		struct {	/* a dynptr's stack slots */
			enum bpf_dynptr_type type;
			bool first_slot;
		} dynptr;
		struct {
			unsigned long raw1;
			unsigned long raw2;
		} raw;
		u32 subprogno;	/* PTR_TO_FUNC */
	};
	/*
	 * Copies of one value share an id: a NULL check of one (maybe-NULL
	 * pointers), a range check of one (packet pointers), a bound learnt
	 * on one (scalars) holds for all.
	 */
	u32 id;
	/*
	 * The reference (acquire_reference_state id) this pointer derives
	 * from: releasing it invalidates every register carrying it.
	 */
	u32 ref_obj_id;
	/* what is known of the value (scalars) or the variable offset (pointers) */
	struct tnum var_off;
	s64 smin_value;
	s64 smax_value;
	u64 umin_value;
	u64 umax_value;
	s32 s32_min_value;
	s32 s32_max_value;
	u32 u32_min_value;
	u32 u32_max_value;
	/* the same register in the parent state: where read marks go */
	struct bpf_reg_state *parent;
	u32 frameno;		/* the frame a PTR_TO_STACK points into */
	/* insn idx + 1 of the 32-bit def of the register, 0: none since entry */
	s32 subreg_def;
	enum bpf_reg_liveness live;
	bool precise;		/* its exact value matters for pruning */
};

#define DEF_NOT_SUBREG	(0)

enum bpf_stack_slot_type {
	STACK_INVALID,		/* never written: reading it is an error */
	STACK_SPILL,		/* a register spilled whole (or a scalar part) */
	STACK_MISC,		/* bytes of unknown content */
	STACK_ZERO,		/* bytes known to be 0 */
	STACK_DYNPTR,
};

struct bpf_stack_state {
	struct bpf_reg_state spilled_ptr;
	/*
	 * One per byte: slot_type[i] is the byte at fp - 8 * spi - 1 - i,
	 * so slot_type[BPF_REG_SIZE - 1] is the slot's lowest address.
	 */
	u8 slot_type[BPF_REG_SIZE];
};

struct bpf_reference_state {
	int id;			/* ref_obj_id of the acquired object */
	int insn_idx;		/* where it was acquired, for the leak message */
	int callback_ref;	/* frameno of the callback that acquired it, 0: none */
};

struct bpf_func_state {
	struct bpf_reg_state regs[MAX_BPF_REG];
	int callsite;		/* insn idx of the call into this frame */
	u32 frameno;
	u32 subprogno;
	u32 async_entry_cnt;	/* async callback frames (timers) above this */
	bool in_callback_fn;
	struct tnum callback_ret_range;
	bool in_async_callback_fn;
	int acquired_refs;
	struct bpf_reference_state *refs;
	int allocated_stack;	/* bytes below fp tracked, a multiple of 8 */
	struct bpf_stack_state *stack;	/* stack[i]: bytes fp-8*(i+1) .. fp-8*i-1 */
};

struct bpf_idx_pair {
	u32 prev_idx;
	u32 idx;
};

#define MAX_CALL_FRAMES_STATE	MAX_CALL_FRAMES

struct bpf_verifier_state {
	struct bpf_func_state *frame[MAX_CALL_FRAMES];
	struct bpf_verifier_state *parent;
	/*
	 * Paths still being explored below this state; 0 means every path
	 * from it reached an exit, and its liveness is final.
	 */
	u32 branches;
	u32 insn_idx;
	u32 curframe;
	u32 active_spin_lock;	/* id of the lock held, 0: none */
	bool speculative;	/* a path only a mispredicted branch takes */
	/* the insns of this state's straight line, and the jumps taken on it */
	u32 first_insn_idx;
	u32 last_insn_idx;
	struct bpf_idx_pair *jmp_history;
	u32 jmp_history_cnt;
	/* a kept state mark_all_scalars_precise() marked, and all above it */
	bool all_scalars_precise;
};

#define bpf_get_spilled_reg(slot, frame)				\
	(((slot) < (frame)->allocated_stack / BPF_REG_SIZE) &&		\
	 ((frame)->stack[slot].slot_type[0] == STACK_SPILL)		\
	 ? &(frame)->stack[slot].spilled_ptr : NULL)

/* Every spilled register of a frame, as iter. */
#define bpf_for_each_spilled_reg(iter, frame, reg)			\
	for (iter = 0, reg = bpf_get_spilled_reg(iter, frame);		\
	     iter < (frame)->allocated_stack / BPF_REG_SIZE;		\
	     iter++, reg = bpf_get_spilled_reg(iter, frame))

/* A state kept at a prune point, and how often it pruned or did not. */
struct bpf_verifier_state_list {
	struct bpf_verifier_state state;
	struct bpf_verifier_state_list *next;
	int miss_cnt, hit_cnt;
};

/* The speculative-execution sanitation state of an ALU insn (insn_aux->alu_state). */
#define BPF_ALU_SANITIZE_SRC		(1U << 0)
#define BPF_ALU_SANITIZE_DST		(1U << 1)
#define BPF_ALU_NEG_VALUE		(1U << 2)
#define BPF_ALU_NON_POINTER		(1U << 3)
#define BPF_ALU_IMMEDIATE		(1U << 4)
#define BPF_ALU_SANITIZE		(BPF_ALU_SANITIZE_SRC | BPF_ALU_SANITIZE_DST)

/*
 * Checks a program and rewrites it for execution (map fds to pointers,
 * context accesses, helper calls).  The program may be reallocated.
 * Returns 0 or -errno; the log carries the kernel's message.
 */
int bpf_check(struct bpf_prog **prog, union bpf_attr *attr, union bpf_attr __user *uattr);

#endif
