/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_KERNEL_BPF_VERIFIER_ENV_H
#define _SYSBPF_KERNEL_BPF_VERIFIER_ENV_H

/*
 * The state bpf_check() keeps while it checks one program, shared by the
 * files the verifier is split into:
 *   verifier.c		bpf_check(), the walk (do_check), ALU, jumps, exit
 *   verifier_cfg.c	subprograms, jump ranges, the control flow graph
 *   verifier_maps.c	LD_IMM64 map references (resolve_pseudo_ldimm64)
 *   verifier_scalar.c	scalar bounds (with tnum.c)
 *   verifier_ptr.c	pointer arithmetic, sanitation, pointer branches
 *   verifier_mem.c	memory accesses
 *   verifier_helpers.c	helper calls, references, locks
 *   verifier_calls.c	bpf-to-bpf calls, callbacks, stack depth
 *   verifier_states.c	branches, pruning, liveness, precision
 *   verifier_log.c	what the log prints of states
 *   verifier_fixup.c	the rewrites once the program is accepted
 */
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/disasm.h>

/* bpf_loop calls the fixups may inline (6.1's loop_inline_state) */
struct bpf_loop_inline_state {
	unsigned int initialized:1;	/* the walk reached the call once */
	unsigned int fit_for_inline:1;	/* flags 0 and one callback on every path */
	u32 callback_subprogno;		/* that callback, when fit_for_inline */
};

struct bpf_insn_aux_data {
	/* loads/stores: the pointer type it accessed (convert_ctx_accesses) */
	enum bpf_reg_type ptr_type;
	/* helper calls taking a map: BPF_MAP_PTR(state) | poison/unpriv bits */
	unsigned long map_ptr_state;
	/* helper calls taking a map key: the constant key seen, or poisoned */
	u64 map_key_state;
	s32 call_imm;		/* a call's original imm, kept across fixups */
	u32 alu_limit;		/* pointer ALU sanitation: the limit to mask with */
	u8 alu_state;		/* BPF_ALU_SANITIZE_* / NEG / IMMEDIATE / NON_POINTER */
	struct {		/* LD_IMM64 of a map value: index into used_maps, offset */
		u32 map_index;
		u32 map_off;
	};
	struct {		/* LD_IMM64 of a ksym (BPF_PSEUDO_BTF_ID) */
		enum bpf_reg_type reg_type;
		union {
			struct {
				struct btf *btf;
				u32 btf_id;
			};
			u32 mem_size;
		};
	} btf_var;
	int ctx_field_size;	/* the context field a (narrow) load reads */
	/*
	 * loads through PTR_TO_BTF_ID / CONST_PTR_TO_MAP: what they read at
	 * run time, for convert_btf_access() (verifier_mem.c)
	 */
	struct btf_access_xlate btf_xlate;
	u32 seen;		/* env->pass_cnt of the last walk that reached it */
	bool sanitize_stack_spill;	/* a spill to sanitize (spectre v4) */
	bool zext_dst;		/* its 32-bit result needs zero extension */
	bool storage_get_func_atomic;
	/* bpf_loop calls: may do_misc_fixups() inline it (verifier_helpers.c) */
	struct bpf_loop_inline_state loop_inline_state;
	bool prune_point;	/* check_cfg: is_state_visited() runs here */
	/*
	 * check_cfg (mark_jmp_point): reached other than by falling through
	 * (a jump target, the insn after a call); is_state_visited() records
	 * arrivals here in the state's jmp_history for precision backtracking.
	 * Wanted by verifier_states.c.
	 */
	bool jmp_point;
	unsigned int orig_idx;	/* its index before any patching */
};

/* map_ptr_state: a map pointer with two flag bits below it */
#define BPF_MAP_KEY_POISON	(1ULL << 63)
#define BPF_MAP_KEY_SEEN	(1ULL << 62)
#define BPF_MAP_PTR_UNPRIV	1UL
#define BPF_MAP_PTR_POISON	((void *)((0xeB9FUL << 1) + POISON_POINTER_DELTA))
#define BPF_MAP_PTR(X)		((struct bpf_map *)((X) & ~BPF_MAP_PTR_UNPRIV))
#ifndef POISON_POINTER_DELTA
#define POISON_POINTER_DELTA	0
#endif

struct bpf_subprog_info {
	u32 start;		/* first insn; subprog_info[cnt].start is the end */
	u32 linfo_idx;		/* first line_info of the subprog */
	u16 stack_depth;	/* max. stack depth used by this function */
	bool has_tail_call;
	bool tail_call_reachable;
	bool has_ld_abs;
	bool is_async_cb;
};

/* A state pushed for a branch not yet explored. */
struct bpf_verifier_stack_elem {
	struct bpf_verifier_state st;
	int insn_idx;
	int prev_insn_idx;
	struct bpf_verifier_stack_elem *next;
	u32 log_pos;		/* the log is cut back here when it pops */
};

/* An id pair of the map check_ids() builds while comparing two states. */
struct bpf_id_pair {
	u32 old;
	u32 cur;
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
	/* the protos of the helpers the walk accepted, by func id */
	const struct bpf_func_proto *helper_proto[__BPF_FUNC_MAX_ID];
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

	/* ---- the abstract interpreter ---- */
	int insn_idx;		/* the insn do_check is at */
	int prev_insn_idx;
	bool strict_alignment;	/* BPF_F_STRICT_ALIGNMENT (or no efficient unaligned access) */
	bool test_state_freq;	/* BPF_F_TEST_STATE_FREQ: a checkpoint at every jump */
	bool allow_uninit_stack;
	bool bypass_spec_v1;
	bool bypass_spec_v4;
	bool seen_direct_write;	/* the program writes packet data directly */
	bool explore_alu_limits;
	bool allow_ptr_to_map_access;	/* loads from a CONST_PTR_TO_MAP (perfmon) */
	struct bpf_verifier_state *cur_state;	/* the path being walked */
	struct bpf_verifier_stack_elem *head;	/* branches left to walk */
	int stack_size;		/* number of elems in head */
	struct bpf_verifier_state_list **explored_states;	/* by insn idx (hashed) */
	struct bpf_verifier_state_list *free_list;
	u32 id_gen;		/* the last id handed out (env->id_gen++) */
	struct bpf_id_pair idmap_scratch[BPF_ID_MAP_SIZE];
	struct {
		int *insn_state;
		int *insn_stack;
		int cur_stack;
	} cfg;
	u32 pass_cnt;		/* do_check runs: the main program and each global subprog */
	u32 prev_insn_processed, prev_jmps_processed, jmps_processed;
	u32 max_states_per_insn;
	u32 total_states;
	u32 peak_states;
	u32 longest_mark_read_walk;
	/* the registers and slots the last insn touched: what level 2 prints */
	u32 scratched_regs;
	u64 scratched_stack_slots;
	u32 prev_log_len, prev_insn_print_len;
	char type_str_buf[TYPE_STR_BUF_LEN];
	char tmp_str_buf[TYPE_STR_BUF_LEN];
};

/*
 * What check_helper_call() learns from a call's arguments as it checks
 * them one by one, for the later arguments and the return value.
 */
struct bpf_call_arg_meta {
	struct bpf_map *map_ptr;
	bool raw_mode;		/* the memory argument is written, not read */
	bool pkt_access;
	u8 release_regno;
	int regno;		/* the memory argument before a size */
	int access_size;
	int mem_size;
	u64 msize_max_value;
	int ref_obj_id;
	int map_uid;
	int func_id;
	struct btf *btf;
	u32 btf_id;
	struct btf *ret_btf;
	u32 ret_btf_id;
	u32 subprogno;
	u8 uninit_dynptr_regno;
};

/* check_reg_arg(): how an insn uses a register. */
enum reg_arg_type {
	SRC_OP,			/* read: must be initialized; marks it read */
	DST_OP,			/* written: becomes unknown, marks it written */
	DST_OP_NO_MARK,		/* written, the caller sets its value */
};

/* check_map_access(): who accesses map memory, for the messages. */
enum bpf_access_src {
	ACCESS_DIRECT = 1,	/* the program's own load/store */
	ACCESS_HELPER = 2,	/* a helper's memory argument */
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

/* ---- small queries every part of the verifier uses ---- */

static inline struct bpf_func_state *cur_func(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *cur = env->cur_state;

	return cur->frame[cur->curframe];
}

static inline struct bpf_reg_state *cur_regs(struct bpf_verifier_env *env)
{
	return cur_func(env)->regs;
}

/* The frame a stack pointer register points into. */
static inline struct bpf_func_state *func(struct bpf_verifier_env *env,
					  const struct bpf_reg_state *reg)
{
	return env->cur_state->frame[reg->frameno];
}

static inline bool is_spilled_reg(const struct bpf_stack_state *stack)
{
	return stack->slot_type[BPF_REG_SIZE - 1] == STACK_SPILL;
}

static inline bool type_may_be_null(u32 type)
{
	return type & PTR_MAYBE_NULL;
}

static inline bool bpf_pseudo_call_insn(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

/* Visit every register and spilled register of every frame of a state. */
#define bpf_for_each_reg_in_vstate(__vst, __state, __reg, __expr)		\
	({									\
		struct bpf_verifier_state *___vstate = __vst;			\
		int ___i, ___j;							\
		for (___i = 0; ___i <= (int)___vstate->curframe; ___i++) {	\
			struct bpf_reg_state *___regs;				\
			__state = ___vstate->frame[___i];			\
			___regs = __state->regs;				\
			for (___j = 0; ___j < MAX_BPF_REG; ___j++) {		\
				__reg = &___regs[___j];				\
				(void)(__expr);					\
			}							\
			bpf_for_each_spilled_reg(___j, __state, __reg) {	\
				if (!__reg)					\
					continue;				\
				(void)(__expr);					\
			}							\
		}								\
	})

/* ---- verifier.c: the walk ---- */
int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t);
void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
bool insn_has_def32(struct bpf_verifier_env *env, struct bpf_insn *insn);
/* the register insn defines, -1 when none (wanted by verifier_fixup.c) */
int insn_def_regno(const struct bpf_insn *insn);
bool is_reg64(struct bpf_verifier_env *env, struct bpf_insn *insn, u32 regno,
	      struct bpf_reg_state *reg, enum reg_arg_type t);
/* The next id for a register (env->id_gen). */
static inline u32 new_reg_id(struct bpf_verifier_env *env)
{
	return ++env->id_gen;
}

/* ---- verifier_scalar.c: scalar bounds, tnum, scalar ALU and branches ---- */
void __mark_reg_known(struct bpf_reg_state *reg, u64 imm);
void __mark_reg_known_zero(struct bpf_reg_state *reg);
void __mark_reg_const_zero(struct bpf_reg_state *reg);
void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void __mark_reg_not_init(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void __mark_reg_unbounded(struct bpf_reg_state *reg);
void __mark_reg32_unbounded(struct bpf_reg_state *reg);
void __mark_reg64_unbounded(struct bpf_reg_state *reg);
void __mark_reg32_known(struct bpf_reg_state *reg, u64 imm);
void __update_reg_bounds(struct bpf_reg_state *reg);
void __reg_combine_32_into_64(struct bpf_reg_state *reg);
void __reg_combine_64_into_32(struct bpf_reg_state *reg);
/* tnum and the four bound pairs made consistent with each other */
void reg_bounds_sync(struct bpf_reg_state *reg);
void zext_32_to_64(struct bpf_reg_state *reg);
/* truncate (and zero-extend) the value to size bytes: loads, casts */
void coerce_reg_to_size(struct bpf_reg_state *reg, int size);
bool register_is_null(const struct bpf_reg_state *reg);
bool register_is_const(const struct bpf_reg_state *reg);
bool __is_scalar_unbounded(const struct bpf_reg_state *reg);
bool register_is_bounded(const struct bpf_reg_state *reg);
/* dst op= src on two scalars (or a scalar and an imm as src) */
int adjust_scalar_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			       struct bpf_reg_state *dst_reg, struct bpf_reg_state src_reg);
/* 1: taken, 0: not taken, -1: unknown, for reg op val */
int is_branch_taken(struct bpf_reg_state *reg, u64 val, u8 opcode, bool is_jmp32);
/* what reg op val (imm) teaches both branches of a jump */
void reg_set_min_max(struct bpf_reg_state *true_reg, struct bpf_reg_state *false_reg,
		     u64 val, u32 val32, u8 opcode, bool is_jmp32);
void reg_set_min_max_inv(struct bpf_reg_state *true_reg, struct bpf_reg_state *false_reg,
			 u64 val, u32 val32, u8 opcode, bool is_jmp32);
void reg_combine_min_max(struct bpf_reg_state *true_src, struct bpf_reg_state *true_dst,
			 struct bpf_reg_state *false_src, struct bpf_reg_state *false_dst,
			 u8 opcode);
/* copies of the scalar with this id learn its bounds (find_equal_scalars) */
void find_equal_scalars(struct bpf_verifier_state *vstate, struct bpf_reg_state *known_reg);
bool reg_type_not_null(enum bpf_reg_type type);

/* ---- verifier_ptr.c: pointer arithmetic and pointer branches ---- */
/* dst op= src of any ALU insn whose operands are not both scalars, and the dispatch */
int adjust_reg_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn);
int adjust_ptr_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    const struct bpf_reg_state *ptr_reg,
			    const struct bpf_reg_state *off_reg);
int sanitize_speculative_path_check(struct bpf_verifier_env *env, const struct bpf_insn *insn,
				    u32 next_idx, u32 curr_idx);
struct bpf_verifier_state *sanitize_speculative_path(struct bpf_verifier_env *env,
						     const struct bpf_insn *insn,
						     u32 next_idx, u32 curr_idx);
void find_good_pkt_pointers(struct bpf_verifier_state *vstate, struct bpf_reg_state *dst_reg,
			    enum bpf_reg_type type, bool range_right_open);
bool try_match_pkt_pointers(const struct bpf_insn *insn, struct bpf_reg_state *dst_reg,
			    struct bpf_reg_state *src_reg,
			    struct bpf_verifier_state *this_branch,
			    struct bpf_verifier_state *other_branch);
int is_pkt_ptr_branch_taken(struct bpf_reg_state *dst_reg, struct bpf_reg_state *src_reg,
			    u8 opcode);
void mark_ptr_or_null_regs(struct bpf_verifier_state *vstate, u32 regno, bool is_null);
void mark_pkt_end(struct bpf_verifier_state *vstate, int regn, bool range_open);
/*
 * wanted by verifier_mem.c (check_mem_reg, check_kfunc_mem_size_reg), static in
 * verifier_ptr.c for now; declared there in verifier_mem.c until it is exported:
 * void mark_ptr_not_null_reg(struct bpf_reg_state *reg);
 */
/* do_misc_fixups(): the masking sequence of a sanitized pointer ALU insn */
int fixup_sanitized_alu(struct bpf_verifier_env *env, struct bpf_insn *insn,
			struct bpf_insn_aux_data *aux, struct bpf_insn *insn_buf);
/* scalar ADD/SUB (adjust_scalar_min_max_vals): record it as a non-pointer op */
int sanitize_val_alu(struct bpf_verifier_env *env, struct bpf_insn *insn);
/* the message of a sanitation refusal (reason < 0 from the above); -EACCES */
int sanitize_err(struct bpf_verifier_env *env, const struct bpf_insn *insn, int reason,
		 const struct bpf_reg_state *off_reg, const struct bpf_reg_state *dst_reg);
/* do_check(): aux->seen = pass_cnt, unless the path is speculative */
void sanitize_mark_insn_seen(struct bpf_verifier_env *env);
/* PTR_TO_PACKET range after "pkt >= pkt_end" / "pkt > pkt_end" (mark_pkt_end) */
enum {
	AT_PKT_END = -1,
	BEYOND_PKT_END = -2,
};

/* ---- verifier_mem.c: memory accesses ---- */
int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off,
		     int bpf_size, enum bpf_access_type t, int value_regno,
		     bool strict_alignment_once);
int check_atomic(struct bpf_verifier_env *env, int insn_idx, struct bpf_insn *insn);
int check_helper_mem_access(struct bpf_verifier_env *env, int regno, int access_size,
			    bool zero_size_allowed, struct bpf_call_arg_meta *meta);
int check_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
		       u32 regno, bool zero_size_allowed, struct bpf_call_arg_meta *meta);
int check_mem_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
		  u32 mem_size);
int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed, enum bpf_access_src src);
int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type);
int __check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			int regno, bool fixed_off_ok);
int check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno);
bool is_ctx_reg(struct bpf_verifier_env *env, int regno);
bool is_pkt_reg(struct bpf_verifier_env *env, int regno);
bool is_sk_reg(struct bpf_verifier_env *env, int regno);
bool is_flow_key_reg(struct bpf_verifier_env *env, int regno);
bool is_pointer_value(struct bpf_verifier_env *env, int regno);
bool may_access_direct_pkt_data(struct bpf_verifier_env *env,
				const struct bpf_call_arg_meta *meta, enum bpf_access_type t);
int check_stack_range_initialized(struct bpf_verifier_env *env, int regno, int off,
				  int access_size, bool zero_size_allowed,
				  enum bpf_access_src type, struct bpf_call_arg_meta *meta);
int update_stack_depth(struct bpf_verifier_env *env, const struct bpf_func_state *func, int off);
/* MEM_ALIGNED helper arguments (check_func_arg) use it too */
int check_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			int off, int size, bool strict_alignment_once);
/*
 * Debian's 6.1 (stable backport) passes the access type of a helper memory
 * argument explicitly (arg_type & MEM_WRITE ? BPF_WRITE : BPF_READ); the
 * two declared above without it take it from meta->raw_mode, as 6.1.0 did.
 */
int check_helper_mem_access_type(struct bpf_verifier_env *env, int regno, int access_size,
				 enum bpf_access_type access_type, bool zero_size_allowed,
				 struct bpf_call_arg_meta *meta);
int check_mem_size_reg_type(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    u32 regno, enum bpf_access_type access_type,
			    bool zero_size_allowed, struct bpf_call_arg_meta *meta);
/* a kfunc's (mem, size) argument pair: size in regno, memory in regno - 1 */
int check_kfunc_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			     u32 regno);
/*
 * convert_ctx_accesses(): a load the walk recorded as reading through a
 * BTF or map pointer (aux->btf_xlate set) becomes what it reads here: a
 * probing load, a load of our object's field, or 0.  Returns the insns
 * added (>= 0) or -errno; is_btf_access() tells which loads it takes.
 */
bool is_btf_access(struct bpf_verifier_env *env, u32 insn_idx);
int convert_btf_access(struct bpf_verifier_env *env, u32 insn_idx);

/* ---- verifier_helpers.c: helper calls, references, locks ---- */
int check_helper_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx_p);
int check_kfunc_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx_p);
int acquire_reference_state(struct bpf_verifier_env *env, int insn_idx);
int release_reference(struct bpf_verifier_env *env, int ref_obj_id);
/* wanted by verifier_ptr.c: drop one acquired reference of a frame (a NULL-checked ref) */
int release_reference_state(struct bpf_func_state *state, int ptr_id);
int check_reference_leak(struct bpf_verifier_env *env);
int copy_reference_state(struct bpf_func_state *dst, const struct bpf_func_state *src);
/* an arg register against the reg types an ARG_* accepts (also for kfunc/subprog args) */
int check_reg_type(struct bpf_verifier_env *env, u32 regno, enum bpf_arg_type arg_type,
		   const u32 *arg_btf_id, struct bpf_call_arg_meta *meta);
/* which pointer types may reach a helper argument with an offset (also for subprog args) */
int check_func_arg_reg_off(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			   int regno, enum bpf_arg_type arg_type);

/* ---- verifier_calls.c: bpf-to-bpf calls, callbacks, tail calls, stack depth ---- */
int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx);
int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx);
int check_max_stack_depth(struct bpf_verifier_env *env);
/* r0-r5 are clobbered by a call: NOT_INIT, and written for liveness */
void clear_caller_saved_regs(struct bpf_verifier_env *env, struct bpf_reg_state *regs);
/*
 * The main program's (or a subprog's) BTF func_info against the registers
 * on entry: 0 match, -EINVAL mismatch or no BTF (the subprog is then
 * marked unreliable), -EFAULT a verifier bug.  For do_check_common().
 */
int btf_check_subprog_arg_match(struct bpf_verifier_env *env, int subprog,
				struct bpf_reg_state *regs);
/* helper callbacks (bpf_loop, for_each_map_elem, timer, find_vma, user_ringbuf) */
typedef int (*set_callee_state_fn)(struct bpf_verifier_env *env,
				   struct bpf_func_state *caller,
				   struct bpf_func_state *callee, int insn_idx);
int __check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx,
		      int subprog, set_callee_state_fn set_callee_state_cb);
int set_callee_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
		     struct bpf_func_state *callee, int insn_idx);
int set_map_elem_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				struct bpf_func_state *callee, int insn_idx);
int set_loop_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
			    struct bpf_func_state *callee, int insn_idx);
int set_timer_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
			     struct bpf_func_state *callee, int insn_idx);
int set_find_vma_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				struct bpf_func_state *callee, int insn_idx);
int set_user_ringbuf_callback_state(struct bpf_verifier_env *env,
				    struct bpf_func_state *caller,
				    struct bpf_func_state *callee, int insn_idx);

/* ---- verifier_states.c: states, branches, pruning, liveness, precision ---- */
/* callsite of frame 0 of a do_check run (main program or global subprog) */
#ifndef BPF_MAIN_FUNC
#define BPF_MAIN_FUNC	(-1)
#endif
void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state,
		     int callsite, int frameno, int subprogno);
void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state);
/* grow the frame's tracked stack to size bytes (a multiple of 8) */
int grow_stack_state(struct bpf_func_state *state, int size);
int copy_verifier_state(struct bpf_verifier_state *dst, const struct bpf_verifier_state *src);
void free_func_state(struct bpf_func_state *state);
void free_verifier_state(struct bpf_verifier_state *state, bool free_self);
void free_states(struct bpf_verifier_env *env);
struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env, int insn_idx,
				      int prev_insn_idx, bool speculative);
int pop_stack(struct bpf_verifier_env *env, int *prev_insn_idx, int *insn_idx, bool pop_log);
void update_branch_counts(struct bpf_verifier_env *env, struct bpf_verifier_state *st);
int push_jmp_history(struct bpf_verifier_env *env, struct bpf_verifier_state *cur);
/* 1: an equivalent state was seen here (prune), 0: go on, <0: error */
int is_state_visited(struct bpf_verifier_env *env, int insn_idx);
int mark_reg_read(struct bpf_verifier_env *env, const struct bpf_reg_state *state,
		  struct bpf_reg_state *parent, u8 flag);
int mark_chain_precision(struct bpf_verifier_env *env, int regno);
int mark_chain_precision_stack(struct bpf_verifier_env *env, int spi);
void mark_all_scalars_precise(struct bpf_verifier_env *env, struct bpf_verifier_state *st);

/* ---- verifier_log.c: what the log prints ---- */
const char *reg_type_str(struct bpf_verifier_env *env, enum bpf_reg_type type);
void print_verifier_state(struct bpf_verifier_env *env, const struct bpf_func_state *state,
			  bool print_all);
void print_insn_state(struct bpf_verifier_env *env, const struct bpf_func_state *state);
void print_verification_stats(struct bpf_verifier_env *env);
void verbose_linfo(struct bpf_verifier_env *env, u32 insn_off, const char *prefix_fmt, ...);
void verbose_invalid_scalar(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    struct tnum *range, const char *ctx, const char *reg_name);
static inline void mark_reg_scratched(struct bpf_verifier_env *env, u32 regno)
{
	env->scratched_regs |= 1U << regno;
}

static inline void mark_stack_slot_scratched(struct bpf_verifier_env *env, u32 spi)
{
	env->scratched_stack_slots |= 1ULL << spi;
}

/* Whether the last insn touched anything level 2 should print (do_check). */
static inline bool verifier_state_scratched(const struct bpf_verifier_env *env)
{
	return env->scratched_regs || env->scratched_stack_slots;
}

static inline void mark_verifier_state_clean(struct bpf_verifier_env *env)
{
	env->scratched_regs = 0U;
	env->scratched_stack_slots = 0ULL;
}

/* The next scratched-only print shows the whole state. */
static inline void mark_verifier_state_scratched(struct bpf_verifier_env *env)
{
	env->scratched_regs = ~0U;
	env->scratched_stack_slots = ~0ULL;
}

/* verifier_cfg.c */
int find_subprog(struct bpf_verifier_env *env, int off);
int add_subprog_and_kfunc(struct bpf_verifier_env *env);
int check_subprogs(struct bpf_verifier_env *env);
int check_cfg(struct bpf_verifier_env *env);

/* verifier_maps.c */
int resolve_pseudo_ldimm64(struct bpf_verifier_env *env);
void release_maps(struct bpf_verifier_env *env);
void convert_pseudo_ld_imm64(struct bpf_verifier_env *env);


/* verifier_fixup.c, in the order bpf_check() calls them */
int optimize_bpf_loop(struct bpf_verifier_env *env);
/* unreached code: removed for bpf_capable loaders, trapped for the others */
void opt_hard_wire_dead_code_branches(struct bpf_verifier_env *env);
int opt_remove_dead_code(struct bpf_verifier_env *env);
int opt_remove_nops(struct bpf_verifier_env *env);
void sanitize_dead_code(struct bpf_verifier_env *env);
int convert_ctx_accesses(struct bpf_verifier_env *env);
int do_misc_fixups(struct bpf_verifier_env *env);
int opt_subreg_zext_lo32_rnd_hi32(struct bpf_verifier_env *env, const union bpf_attr *attr);
int publish_prog_aux(struct bpf_verifier_env *env);
/*
 * Replaces insn off by the len insns of patch, the aux data following;
 * NULL (log line written) on failure.  Wanted by verifier_mem.c
 * (convert_btf_access).
 */
struct bpf_prog *patch_insn_data(struct bpf_verifier_env *env, u32 off,
				 const struct bpf_insn *patch, u32 len);

#endif
