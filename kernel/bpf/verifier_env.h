/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_KERNEL_BPF_VERIFIER_ENV_H
#define _SYSBPF_KERNEL_BPF_VERIFIER_ENV_H

/*
 * The state bpf_check() keeps while it checks one program, shared by the
 * files the checker is split into:
 *   verifier.c		bpf_check(), the walk (do_check) and its per-insn checks
 *   verifier_cfg.c	subprograms, jump ranges, the control flow graph
 *   verifier_maps.c	LD_IMM64 map references (resolve_pseudo_ldimm64)
 *   verifier_ctx.c	context typing: which registers hold the context
 *   verifier_fixup.c	the rewrites once the program is accepted
 */
#include <linux/bpf_verifier.h>
#include <linux/disasm.h>

/*
 * What the context typing knows of a value (a register or an 8-byte
 * stack slot): the set of things it may be, one bit each.
 */
enum {
	K_UNINIT	= 1 << 0,	/* never written (NOT_INIT) */
	K_CTX		= 1 << 1,	/* the context pointer plus off */
	K_FP		= 1 << 2,	/* this frame's r10 plus off */
	K_FPX		= 1 << 3,	/* into the stack of a calling frame */
	K_SCALAR	= 1 << 4,	/* a number: off holds it unless var */
	K_PTR		= 1 << 5,	/* another pointer; ptype says which */
};

#define K_POINTERS	(K_CTX | K_FP | K_FPX | K_PTR)
#define CVAL_OFF_MAX	((1 << 19) - 1)

/*
 * off and var describe the first of K_CTX, K_FP, K_SCALAR the value may
 * be: its offset (or constant), var when it is not one known number.
 * A value with no bit set is the bottom of the lattice: no path yet.
 */
struct cval {
	u32 kinds:6;
	u32 var:1;
	u32 ptype:5;		/* base enum bpf_reg_type of K_PTR, 0: unknown */
	s32 off:20;
};

#define CTX_STACK_SLOTS	(MAX_BPF_STACK / 8)

struct cstate {
	struct cval regs[MAX_BPF_REG];
	struct cval slots[CTX_STACK_SLOTS];	/* slot i: fp - 512 + 8 * i */
};

/* What the context typing concluded about one instruction. */
enum ctx_verdict {
	V_NONE,
	V_CTX,			/* a context access: check it, then convert it */
	V_CTX_MODIFIED,		/* through ctx + off, off > 0 */
	V_CTX_NEGATIVE,		/* through ctx + off, off < 0 */
	V_CTX_VARIABLE,		/* through ctx + an unknown offset */
	V_MIXED_SCALAR,		/* ctx on one path, a number on another */
	V_MIXED_UNINIT,		/* ctx on one path, unset on another */
	V_MIXED_PTR,		/* ctx on one path, another pointer on another */
	V_ST_CTX,		/* BPF_ST into the context */
	V_ATOMIC_BAD,		/* BPF_ATOMIC into ctx/packet/socket (off: reg type) */
	V_LEAK_CTX,		/* a pointer stored into the context, unprivileged */
	V_R0_UNINIT,		/* exit of the program with r0 unset */
	V_R0_LEAK,		/* exit with a pointer in r0, unprivileged */
	V_RET_STACK,		/* a subprogram returns its stack pointer */
	V_LD_ABS_UNINIT,	/* LD_ABS/IND with r6 unset */
	V_LD_ABS_NOT_CTX,	/* LD_ABS/IND with r6 not the context */
	V_ARG_UNINIT,		/* a helper's ctx argument unset */
	V_ARG_TYPE,		/* a helper's ctx argument not the context (off: type) */
};

/* insn_aux_data.ctx_flags */
#define CTX_ACCESS_CHECKED	0x01
#define CTX_ACCESS_VALID	0x02

struct bpf_insn_aux_data {
	s32 verdict_off;	/* the offset or register type a message names */
	u8 verdict;		/* enum ctx_verdict */
	u8 verdict_reg;
	u8 ctx_field_size;	/* from is_valid_access: narrow loads of it */
	u8 ctx_flags;
	u8 ctx_ptype;		/* what a valid context load yields */
	bool seen;		/* walked by do_check */
	u16 subprog;		/* the subprogram the insn belongs to */
	s32 block;		/* context typing: block starting here, else -1 */
};

struct bpf_subprog_info {
	u32 start;		/* first insn; subprog_info[cnt].start is the end */
	u32 stack_depth;	/* bytes below r10 its direct accesses reach */
	u32 call_height;	/* longest chain of bpf-to-bpf calls below it */
	bool is_cb;		/* a BPF_PSEUDO_FUNC target (callback) */
	bool writes_outer;	/* may store into a calling frame's stack */
	struct cval ret;	/* r0 at its exits */
};

struct bpf_verifier_env {
	struct bpf_prog *prog;
	const struct bpf_line_info *prev_linfo;	/* the source line the log showed last */
	const struct bpf_verifier_ops *ops;
	const union bpf_attr *attr;
	struct bpf_verifier_log log;
	struct bpf_insn_aux_data *insn_aux_data;
	struct bpf_subprog_info subprog_info[BPF_MAX_SUBPROGS + 1];
	u32 subprog_cnt;
	struct bpf_map *used_maps[MAX_USED_MAPS];
	u32 used_map_cnt;
	/* helper protos by func id, looked up once */
	const struct bpf_func_proto *helper_proto[__BPF_FUNC_MAX_ID];
	bool helper_looked_up[__BPF_FUNC_MAX_ID];
	/* the helpers the program calls, in the order the walk met them */
	u16 call_idx[__BPF_FUNC_MAX_ID];	/* 1 + index into call_ids */
	u32 call_ids[__BPF_FUNC_MAX_ID];
	u32 call_cnt;
	/* BPF_PSEUDO_FUNC loads point at these; they go to prog->aux */
	struct bpf_subprog_entry *subprog_entries;
	u32 insn_processed;
	u64 verification_time;
	bool bpf_capable;
	bool allow_ptr_leaks;
};

/* The verifier's log line, written only when the log wants it. */
#define verbose(env, ...)	bpf_log(&(env)->log, __VA_ARGS__)

static inline bool bpf_is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static inline bool bpf_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

static inline bool bpf_pseudo_kfunc_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) &&
	       insn->src_reg == BPF_PSEUDO_KFUNC_CALL;
}

static inline bool bpf_helper_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0;
}

static inline bool bpf_pseudo_func(const struct bpf_insn *insn)
{
	return bpf_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC;
}

static inline int bpf_size_bytes(u8 code)
{
	static const u8 bytes[4] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2,
				     [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8 };

	return bytes[BPF_SIZE(code) >> 3];
}

/* The helper proto of a call to func_id, NULL when the type has none. */
static inline const struct bpf_func_proto *
env_helper_proto(const struct bpf_verifier_env *env, s32 func_id)
{
	if (func_id < 0 || func_id >= __BPF_FUNC_MAX_ID)
		return NULL;
	return env->helper_proto[func_id];
}

/* verifier_cfg.c */
int find_subprog(struct bpf_verifier_env *env, int off);
int add_subprog_and_kfunc(struct bpf_verifier_env *env);
int check_subprogs(struct bpf_verifier_env *env);
int check_cfg(struct bpf_verifier_env *env);
void compute_call_heights(struct bpf_verifier_env *env);

/* verifier_maps.c */
int resolve_pseudo_ldimm64(struct bpf_verifier_env *env);
void release_maps(struct bpf_verifier_env *env);
void convert_pseudo_ld_imm64(struct bpf_verifier_env *env);

/* verifier_ctx.c */
int ctx_typing(struct bpf_verifier_env *env);
const char *reg_type_str(u32 type);

/* verifier_fixup.c */
int convert_ctx_accesses(struct bpf_verifier_env *env);
int do_misc_fixups(struct bpf_verifier_env *env);
int publish_prog_aux(struct bpf_verifier_env *env);

#endif
