// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's pointer arithmetic and pointer branches.
 *
 *   - ALU on registers that are not both scalars: which pointer types may
 *     move, by how much, and what the result is (adjust_ptr_min_max_vals);
 *   - the speculative-execution sanitation of pointer ALU for programs
 *     loaded without CAP_PERFMON (Spectre v1): the masking limits recorded
 *     in insn_aux_data for do_misc_fixups() and the speculative paths the
 *     walk must also survive;
 *   - what a comparison of packet pointers or a NULL check teaches the
 *     branches of a conditional jump.
 *
 * Linux 6.1 semantics and log text; see kernel/bpf/verifier.c there.
 */
#include <linux/bpf.h>
#include <linux/kernel.h>
#include <linux/tnum.h>
#include <stdlib.h>

#include "verifier_env.h"

/* Packet offsets a program may reach: the max a u16 length can address. */
#define MAX_PACKET_OFF	0xffff

/*
 * Why sanitize_ptr_alu() refused an insn, for sanitize_err().  Negative
 * so that they travel back as "errors" of the helpers below.
 */
enum {
	REASON_BOUNDS	= -1,	/* the offset may be negative and positive */
	REASON_TYPE	= -2,	/* no masking limit is known for this pointer */
	REASON_PATHS	= -3,	/* the insn needs different masks on two paths */
	REASON_LIMIT	= -4,	/* the pointer is already out of its object */
	REASON_STACK	= -5,	/* the speculative path could not be queued */
};

/*
 * What one pointer ALU insn learnt in its first (pre-operation) call to
 * sanitize_ptr_alu(), for the second (commit) call after the operation.
 */
struct bpf_sanitize_info {
	struct bpf_insn_aux_data aux;
	bool mask_to_left;
};

static struct bpf_insn_aux_data *cur_aux(struct bpf_verifier_env *env)
{
	return &env->insn_aux_data[env->insn_idx];
}

static bool type_is_pkt_pointer(enum bpf_reg_type type)
{
	type = base_type(type);
	return type == PTR_TO_PACKET || type == PTR_TO_PACKET_META;
}

static bool reg_is_pkt_pointer(const struct bpf_reg_state *reg)
{
	return type_is_pkt_pointer(reg->type);
}

/*
 * A packet pointer as the context load gave it: never moved, so its
 * range (if any) still starts at its own base.
 */
static bool reg_is_init_pkt_pointer(const struct bpf_reg_state *reg,
				    enum bpf_reg_type which)
{
	return reg->type == which && reg->id == 0 && reg->off == 0 &&
	       tnum_equals_const(reg->var_off, 0);
}

static bool reg_may_point_to_spin_lock(const struct bpf_reg_state *reg)
{
	return reg->type == PTR_TO_MAP_VALUE && map_value_has_spin_lock(reg->map_ptr);
}

/* A register takes another's value; its liveness chain stays its own. */
static void ptr_copy_register_state(struct bpf_reg_state *dst,
				    const struct bpf_reg_state *src)
{
	struct bpf_reg_state *parent = dst->parent;
	enum bpf_reg_liveness live = dst->live;

	*dst = *src;
	dst->parent = parent;
	dst->live = live;
}

/* Overflow tests done in unsigned arithmetic, where wrapping is defined. */
static bool signed_add_overflows(s64 a, s64 b)
{
	s64 sum = (s64)((u64)a + (u64)b);

	return b < 0 ? sum > a : sum < a;
}

static bool signed_sub_overflows(s64 a, s64 b)
{
	s64 diff = (s64)((u64)a - (u64)b);

	return b < 0 ? diff < a : diff > a;
}

/* ---- speculative-execution sanitation ---- */

/*
 * A pointer (or the offset added to it) must stay within this many bytes
 * of its object even under misprediction; offsets outside are masked to 0
 * at run time.  The limit is the distance from the pointer to the edge of
 * its object in the direction the offset moves it.
 */
static int retrieve_ptr_limit(const struct bpf_reg_state *ptr_reg,
			      u32 *alu_limit, bool mask_to_left)
{
	u32 max, ptr_limit;

	switch (ptr_reg->type) {
	case PTR_TO_STACK:
		/*
		 * Moving left from fp itself is fine (fp is one past the
		 * frame), hence the extra byte in that direction; variable
		 * stack offsets never get here unprivileged.
		 */
		max = MAX_BPF_STACK + mask_to_left;
		ptr_limit = (u32)-(ptr_reg->var_off.value + (u64)(s64)ptr_reg->off);
		break;
	case PTR_TO_MAP_VALUE:
		max = ptr_reg->map_ptr->value_size;
		ptr_limit = (u32)((mask_to_left ? (u64)ptr_reg->smin_value :
				   ptr_reg->umax_value) + (u64)(s64)ptr_reg->off);
		break;
	default:
		return REASON_TYPE;
	}

	if (ptr_limit >= max)
		return REASON_LIMIT;
	*alu_limit = ptr_limit;
	return 0;
}

/*
 * Privileged enough to ignore Spectre v1, or an immediate operand the
 * program cannot steer speculatively.
 */
static bool can_skip_alu_sanitation(const struct bpf_verifier_env *env,
				    const struct bpf_insn *insn)
{
	return env->bypass_spec_v1 || BPF_SRC(insn->code) == BPF_K;
}

/*
 * One insn is patched once: every path through it must agree on what
 * kind of masking it needs and with which limit.
 */
static int update_alu_sanitation_state(struct bpf_insn_aux_data *aux,
				       u32 alu_state, u32 alu_limit)
{
	if (aux->alu_state &&
	    (aux->alu_state != alu_state || aux->alu_limit != alu_limit))
		return REASON_PATHS;

	aux->alu_state = alu_state;
	aux->alu_limit = alu_limit;
	return 0;
}

/*
 * A scalar ADD/SUB: record that this insn operated on scalars, so that a
 * path where the same insn moves a pointer is refused (REASON_PATHS).
 */
int sanitize_val_alu(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	if (can_skip_alu_sanitation(env, insn))
		return 0;
	return update_alu_sanitation_state(cur_aux(env), BPF_ALU_NON_POINTER, 0);
}

static bool sanitize_needed(u8 opcode)
{
	return opcode == BPF_ADD || opcode == BPF_SUB;
}

/*
 * Queue next_idx to be walked as a path only a mispredicted branch (or a
 * masked offset) takes.  The operands of insn are unknown there: the CPU
 * may have run ahead with any value.
 */
struct bpf_verifier_state *sanitize_speculative_path(struct bpf_verifier_env *env,
						     const struct bpf_insn *insn,
						     u32 next_idx, u32 curr_idx)
{
	struct bpf_verifier_state *branch;
	struct bpf_reg_state *regs;

	branch = push_stack(env, next_idx, curr_idx, true);
	if (!branch || !insn)
		return branch;

	regs = branch->frame[branch->curframe]->regs;
	mark_reg_unknown(env, regs, insn->dst_reg);
	if (BPF_SRC(insn->code) == BPF_X)
		mark_reg_unknown(env, regs, insn->src_reg);
	return branch;
}

/*
 * The same as an errno, for callers that want one: 6.1's
 * check_cond_jmp_op() fails with -EFAULT when the path cannot be queued.
 */
int sanitize_speculative_path_check(struct bpf_verifier_env *env, const struct bpf_insn *insn,
				    u32 next_idx, u32 curr_idx)
{
	return sanitize_speculative_path(env, insn, next_idx, curr_idx) ? 0 : -EFAULT;
}

/*
 * Called twice per pointer ADD/SUB with a register offset: before the
 * operation (commit_window false) to refuse what cannot be masked and to
 * note the direction and the distance to the object's edge, and after it
 * (commit_window true) to narrow the limit to how far the pointer really
 * may move.  Off the non-speculative path it also queues the path where
 * the masked offset became 0.
 */
static int sanitize_ptr_alu(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    const struct bpf_reg_state *ptr_reg,
			    const struct bpf_reg_state *off_reg,
			    struct bpf_reg_state *dst_reg,
			    struct bpf_sanitize_info *info, bool commit_window)
{
	struct bpf_insn_aux_data *aux = commit_window ? cur_aux(env) : &info->aux;
	bool off_is_imm = tnum_is_const(off_reg->var_off);
	bool off_is_neg = off_reg->smin_value < 0;
	bool ptr_is_dst_reg = ptr_reg == dst_reg;
	u8 opcode = BPF_OP(insn->code);
	u32 alu_state, alu_limit;
	struct bpf_reg_state tmp;
	bool pushed;
	int err;

	if (can_skip_alu_sanitation(env, insn))
		return 0;

	/*
	 * A speculative path only looks for bad accesses: the real paths
	 * already recorded the masking.
	 */
	if (env->cur_state->speculative)
		goto simulate;

	if (!commit_window) {
		if (!off_is_imm &&
		    (off_reg->smin_value < 0) != (off_reg->smax_value < 0))
			return REASON_BOUNDS;

		info->mask_to_left = (opcode == BPF_ADD && off_is_neg) ||
				     (opcode == BPF_SUB && !off_is_neg);
	}

	err = retrieve_ptr_limit(ptr_reg, &alu_limit, info->mask_to_left);
	if (err < 0)
		return err;

	if (commit_window) {
		/* how far the pointer moved: the distance between both limits */
		alu_state = info->aux.alu_state;
		alu_limit = (u32)abs((int)(info->aux.alu_limit - alu_limit));
	} else {
		alu_state = off_is_neg ? BPF_ALU_NEG_VALUE : 0;
		alu_state |= off_is_imm ? BPF_ALU_IMMEDIATE : 0;
		alu_state |= ptr_is_dst_reg ? BPF_ALU_SANITIZE_SRC : BPF_ALU_SANITIZE_DST;

		/*
		 * Paths with other offsets may need other masks: keep
		 * exploring them rather than pruning (see states_equal).
		 */
		if (!off_is_imm)
			env->explore_alu_limits = true;
	}

	err = update_alu_sanitation_state(aux, alu_state, alu_limit);
	if (err < 0)
		return err;

simulate:
	/*
	 * The commit call has nothing left to queue; a constant offset is
	 * rewritten to an immediate and never masked, so never truncated.
	 */
	if (commit_window || off_is_imm)
		return 0;

	/*
	 * Queue the path where masking truncated the offset to 0: the
	 * result is the pointer itself.  When the offset sits in dst
	 * (scalar += ptr), dst holds the pointer on that path.
	 */
	if (!ptr_is_dst_reg) {
		tmp = *dst_reg;
		ptr_copy_register_state(dst_reg, ptr_reg);
	}
	pushed = sanitize_speculative_path(env, NULL, env->insn_idx + 1, env->insn_idx);
	if (!ptr_is_dst_reg && pushed)
		*dst_reg = tmp;
	return pushed ? 0 : REASON_STACK;
}

/*
 * The walk does not count speculative visits as "seen": insns only
 * reachable speculatively stay dead code for sanitize_dead_code().
 */
void sanitize_mark_insn_seen(struct bpf_verifier_env *env)
{
	if (!env->cur_state->speculative)
		env->insn_aux_data[env->insn_idx].seen = env->pass_cnt;
}

/* The message of a sanitation refusal; always -EACCES. */
int sanitize_err(struct bpf_verifier_env *env, const struct bpf_insn *insn, int reason,
		 const struct bpf_reg_state *off_reg, const struct bpf_reg_state *dst_reg)
{
	static const char *const why = "pointer arithmetic with it prohibited for !root";
	const char *op = BPF_OP(insn->code) == BPF_ADD ? "add" : "sub";
	u32 dst = insn->dst_reg, src = insn->src_reg;

	switch (reason) {
	case REASON_BOUNDS:
		verbose(env, "R%d has unknown scalar with mixed signed bounds, %s\n",
			off_reg == dst_reg ? dst : src, why);
		break;
	case REASON_TYPE:
		verbose(env, "R%d has pointer with unsupported alu operation, %s\n",
			off_reg == dst_reg ? src : dst, why);
		break;
	case REASON_PATHS:
		verbose(env, "R%d tried to %s from different maps, paths or scalars, %s\n",
			dst, op, why);
		break;
	case REASON_LIMIT:
		verbose(env, "R%d tried to %s beyond pointer bounds, %s\n", dst, op, why);
		break;
	case REASON_STACK:
		verbose(env, "R%d could not be pushed for speculative verification, %s\n",
			dst, why);
		break;
	default:
		verbose(env, "verifier internal error: unknown reason (%d)\n", reason);
		break;
	}
	return -EACCES;
}

/*
 * Unprivileged stack pointer arithmetic must land on a known slot inside
 * the frame: the masking of a variable stack offset is not supported.
 * off is the total offset (fixed + constant variable part).
 */
static int check_stack_access_for_ptr_arithmetic(struct bpf_verifier_env *env, int regno,
						 const struct bpf_reg_state *reg, int off)
{
	if (!tnum_is_const(reg->var_off)) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d variable stack access prohibited for !root, var_off=%s off=%d\n",
			regno, tn_buf, off);
		return -EACCES;
	}

	if (off >= 0 || off < -MAX_BPF_STACK) {
		verbose(env, "R%d stack pointer arithmetic goes out of range, "
			"prohibited for !root; off=%d\n", regno, off);
		return -EACCES;
	}
	return 0;
}

/*
 * A result the masking can cover must stay inside its object: a stack
 * slot of the frame, or a byte of the map value.
 */
static int sanitize_check_bounds(struct bpf_verifier_env *env, const struct bpf_insn *insn,
				 const struct bpf_reg_state *dst_reg)
{
	u32 dst = insn->dst_reg;

	if (env->bypass_spec_v1)
		return 0;

	switch (dst_reg->type) {
	case PTR_TO_STACK:
		if (check_stack_access_for_ptr_arithmetic(env, dst, dst_reg,
				(int)(dst_reg->off + dst_reg->var_off.value)))
			return -EACCES;
		break;
	case PTR_TO_MAP_VALUE:
		if (check_map_access(env, dst, dst_reg->off, 1, false, ACCESS_HELPER)) {
			verbose(env, "R%d pointer arithmetic of map value goes out of range, "
				"prohibited for !root\n", dst);
			return -EACCES;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* ---- pointer arithmetic ---- */

/*
 * Keeps every offset a pointer may carry far from overflowing the s32
 * offset math of later accesses: |value| < BPF_MAX_VAR_OFF.
 */
static bool check_reg_sane_offset(struct bpf_verifier_env *env,
				  const struct bpf_reg_state *reg, enum bpf_reg_type type)
{
	bool known = tnum_is_const(reg->var_off);
	s64 val = (s64)reg->var_off.value;
	s64 smin = reg->smin_value;

	if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) {
		verbose(env, "math between %s pointer and %lld is not allowed\n",
			reg_type_str(env, type), (long long)val);
		return false;
	}

	if (reg->off >= BPF_MAX_VAR_OFF || reg->off <= -BPF_MAX_VAR_OFF) {
		verbose(env, "%s pointer offset %d is not allowed\n",
			reg_type_str(env, type), reg->off);
		return false;
	}

	if (smin == S64_MIN) {
		verbose(env, "math between %s pointer and register with unbounded min value is not allowed\n",
			reg_type_str(env, type));
		return false;
	}

	if (smin >= BPF_MAX_VAR_OFF || smin <= -BPF_MAX_VAR_OFF) {
		verbose(env, "value %lld makes %s pointer be out of bounds\n",
			(long long)smin, reg_type_str(env, type));
		return false;
	}
	return true;
}

/*
 * Pointer types that may not move at all (sockets, pkt_end), or only by
 * a constant (flow keys), or not at all but for "+ 0" (map pointers).
 * Returns true when the arithmetic is refused.
 */
static bool ptr_arith_prohibited(const struct bpf_reg_state *ptr_reg, bool known,
				 s64 smin_val, u8 opcode)
{
	switch (base_type(ptr_reg->type)) {
	case PTR_TO_FLOW_KEYS:
		return !known;
	case CONST_PTR_TO_MAP:
		return !(known && smin_val == 0 && opcode == BPF_ADD);
	case PTR_TO_PACKET_END:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
		return true;
	default:
		return false;
	}
}

/* ptr += off: a constant goes into the fixed offset, anything else into var_off. */
static void ptr_add(struct bpf_verifier_env *env, struct bpf_reg_state *dst_reg,
		    const struct bpf_reg_state *ptr, const struct bpf_reg_state *off_reg,
		    bool known)
{
	s64 smin_ptr = ptr->smin_value, smax_ptr = ptr->smax_value;
	u64 umin_ptr = ptr->umin_value, umax_ptr = ptr->umax_value;
	s64 smin_val = off_reg->smin_value, smax_val = off_reg->smax_value;
	u64 umin_val = off_reg->umin_value, umax_val = off_reg->umax_value;
	s64 new_off = (s64)ptr->off + smin_val;

	if (known && new_off == (s64)(s32)new_off) {
		dst_reg->smin_value = smin_ptr;
		dst_reg->smax_value = smax_ptr;
		dst_reg->umin_value = umin_ptr;
		dst_reg->umax_value = umax_ptr;
		dst_reg->var_off = ptr->var_off;
		dst_reg->off = (s32)new_off;
		dst_reg->raw = ptr->raw;
		return;
	}

	if (signed_add_overflows(smin_ptr, smin_val) ||
	    signed_add_overflows(smax_ptr, smax_val)) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value = smin_ptr + smin_val;
		dst_reg->smax_value = smax_ptr + smax_val;
	}
	if (umin_ptr + umin_val < umin_ptr || umax_ptr + umax_val < umax_ptr) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	} else {
		dst_reg->umin_value = umin_ptr + umin_val;
		dst_reg->umax_value = umax_ptr + umax_val;
	}
	dst_reg->var_off = tnum_add(ptr->var_off, off_reg->var_off);
	dst_reg->off = ptr->off;
	dst_reg->raw = ptr->raw;
	/*
	 * A packet pointer moved by an unknown amount is a new base: no
	 * copy shares its range checks, and it has none yet.
	 */
	if (reg_is_pkt_pointer(ptr)) {
		dst_reg->id = new_reg_id(env);
		memset(&dst_reg->raw, 0, sizeof(dst_reg->raw));
	}
}

/* ptr -= off, the mirror of ptr_add(). */
static void ptr_sub(struct bpf_verifier_env *env, struct bpf_reg_state *dst_reg,
		    const struct bpf_reg_state *ptr, const struct bpf_reg_state *off_reg,
		    bool known)
{
	s64 smin_ptr = ptr->smin_value, smax_ptr = ptr->smax_value;
	u64 umin_ptr = ptr->umin_value, umax_ptr = ptr->umax_value;
	s64 smin_val = off_reg->smin_value, smax_val = off_reg->smax_value;
	u64 umin_val = off_reg->umin_value, umax_val = off_reg->umax_value;
	s64 new_off = (s64)ptr->off - smin_val;

	if (known && new_off == (s64)(s32)new_off) {
		dst_reg->smin_value = smin_ptr;
		dst_reg->smax_value = smax_ptr;
		dst_reg->umin_value = umin_ptr;
		dst_reg->umax_value = umax_ptr;
		dst_reg->var_off = ptr->var_off;
		dst_reg->id = ptr->id;
		dst_reg->off = (s32)new_off;
		dst_reg->raw = ptr->raw;
		return;
	}

	if (signed_sub_overflows(smin_ptr, smax_val) ||
	    signed_sub_overflows(smax_ptr, smin_val)) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	} else {
		dst_reg->smin_value = smin_ptr - smax_val;
		dst_reg->smax_value = smax_ptr - smin_val;
	}
	if (umin_ptr < umax_val) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	} else {
		dst_reg->umin_value = umin_ptr - umax_val;
		dst_reg->umax_value = umax_ptr - umin_val;
	}
	dst_reg->var_off = tnum_sub(ptr->var_off, off_reg->var_off);
	dst_reg->off = ptr->off;
	dst_reg->raw = ptr->raw;
	/*
	 * A new base again; but moving left by a known nonnegative amount
	 * keeps the bytes already checked to its right readable.
	 */
	if (reg_is_pkt_pointer(ptr)) {
		dst_reg->id = new_reg_id(env);
		if (smin_val < 0)
			memset(&dst_reg->raw, 0, sizeof(dst_reg->raw));
	}
}

/*
 * dst = ptr_reg op off_reg where one operand is a pointer and the other a
 * scalar (dst may be either): the pointer keeps its type and moves by the
 * scalar, or the insn is refused with a message.
 */
int adjust_ptr_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			    const struct bpf_reg_state *ptr_reg,
			    const struct bpf_reg_state *off_reg)
{
	struct bpf_reg_state *dst_reg = &cur_regs(env)[insn->dst_reg];
	/*
	 * Where the offset lives, for sanitize_err()'s register names: dst
	 * itself for scalar += ptr.  off_reg is then a copy (6.1.y's
	 * "preserve pointer state for commuted arithmetic"), but the
	 * messages name the registers as before that fix, which is what
	 * test_verifier expects ("R0 has pointer with unsupported alu
	 * operation" for r1 += r0 with r0 the pointer).
	 */
	const struct bpf_reg_state *off_at = ptr_reg == dst_reg ? off_reg : dst_reg;
	bool known = tnum_is_const(off_reg->var_off);
	s64 smin_val = off_reg->smin_value, smax_val = off_reg->smax_value;
	u64 umin_val = off_reg->umin_value, umax_val = off_reg->umax_value;
	struct bpf_sanitize_info info = {};
	u8 opcode = BPF_OP(insn->code);
	u32 dst = insn->dst_reg;
	int ret;

	/*
	 * Bounds that contradict each other only come from a branch that
	 * cannot be taken: the result does not matter, make it harmless.
	 */
	if ((known && (smin_val != smax_val || umin_val != umax_val)) ||
	    smin_val > smax_val || umin_val > umax_val) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}

	if (BPF_CLASS(insn->code) != BPF_ALU64) {
		/* the low half of a pointer is a number only root may see */
		if (opcode == BPF_SUB && env->allow_ptr_leaks) {
			__mark_reg_unknown(env, dst_reg);
			return 0;
		}
		verbose(env, "R%d 32-bit pointer arithmetic prohibited\n", dst);
		return -EACCES;
	}

	if (ptr_reg->type & PTR_MAYBE_NULL) {
		verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n",
			dst, reg_type_str(env, ptr_reg->type));
		return -EACCES;
	}

	if (ptr_arith_prohibited(ptr_reg, known, smin_val, opcode)) {
		verbose(env, "R%d pointer arithmetic on %s prohibited\n",
			dst, reg_type_str(env, ptr_reg->type));
		return -EACCES;
	}

	/*
	 * scalar += ptr: dst becomes the whole pointer (type, ids,
	 * reference, map or btf), then moves.  off_reg is never dst here
	 * (the caller passes a copy), so it survives.  dst keeps its own
	 * liveness chain: reads of it must mark dst's parents, not src's.
	 */
	if (dst_reg != ptr_reg)
		ptr_copy_register_state(dst_reg, ptr_reg);

	if (!check_reg_sane_offset(env, off_reg, ptr_reg->type) ||
	    !check_reg_sane_offset(env, ptr_reg, ptr_reg->type))
		return -EINVAL;

	/* pointers carry no 32-bit bounds */
	__mark_reg32_unbounded(dst_reg);

	if (sanitize_needed(opcode)) {
		ret = sanitize_ptr_alu(env, insn, ptr_reg, off_reg, dst_reg, &info, false);
		if (ret < 0)
			return sanitize_err(env, insn, ret, off_at, dst_reg);
	}

	switch (opcode) {
	case BPF_ADD:
		ptr_add(env, dst_reg, ptr_reg, off_reg, known);
		break;
	case BPF_SUB:
		if (dst_reg != ptr_reg) {
			verbose(env, "R%d tried to subtract pointer from scalar\n", dst);
			return -EACCES;
		}
		/* JITs address the frame from fp: it may only grow down by ADD */
		if (ptr_reg->type == PTR_TO_STACK) {
			verbose(env, "R%d subtraction from stack pointer prohibited\n", dst);
			return -EACCES;
		}
		ptr_sub(env, dst_reg, ptr_reg, off_reg, known);
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		verbose(env, "R%d bitwise operator %s on pointer prohibited\n",
			dst, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	default:
		verbose(env, "R%d pointer arithmetic with %s operator prohibited\n",
			dst, bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}

	if (!check_reg_sane_offset(env, dst_reg, ptr_reg->type))
		return -EINVAL;
	reg_bounds_sync(dst_reg);
	if (sanitize_check_bounds(env, insn, dst_reg) < 0)
		return -EACCES;
	if (sanitize_needed(opcode)) {
		ret = sanitize_ptr_alu(env, insn, dst_reg, off_reg, dst_reg, &info, true);
		if (ret < 0)
			return sanitize_err(env, insn, ret, off_at, dst_reg);
	}
	return 0;
}

/*
 * The ALU ops other than MOV (and NEG/END, which come with a K source):
 * sends each pair of operand kinds where it belongs.
 */
int adjust_reg_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_func_state *state = cur_func(env);
	struct bpf_reg_state *regs = state->regs, *dst_reg, *src_reg = NULL;
	struct bpf_reg_state *ptr_reg = NULL, off_reg = {};
	u8 opcode = BPF_OP(insn->code);
	int err;

	dst_reg = &regs[insn->dst_reg];
	if (dst_reg->type != SCALAR_VALUE)
		ptr_reg = dst_reg;
	else
		/* the result is no longer a copy: find_equal_scalars must not spread it */
		dst_reg->id = 0;

	if (BPF_SRC(insn->code) == BPF_X) {
		src_reg = &regs[insn->src_reg];
		if (src_reg->type != SCALAR_VALUE) {
			if (dst_reg->type != SCALAR_VALUE) {
				/*
				 * Two pointers combine into a number; only
				 * root may learn their distance.
				 */
				if (opcode == BPF_SUB && env->allow_ptr_leaks) {
					mark_reg_unknown(env, regs, insn->dst_reg);
					return 0;
				}
				verbose(env, "R%d pointer %s pointer prohibited\n",
					insn->dst_reg, bpf_alu_string[opcode >> 4]);
				return -EACCES;
			}
			/*
			 * scalar += ptr: the scalar's exact value now
			 * decides a pointer, so it must be precise.
			 */
			err = mark_chain_precision(env, insn->dst_reg);
			if (err)
				return err;
			off_reg = *dst_reg;
			return adjust_ptr_min_max_vals(env, insn, src_reg, &off_reg);
		} else if (ptr_reg) {
			err = mark_chain_precision(env, insn->src_reg);
			if (err)
				return err;
			return adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
		} else if (dst_reg->precise) {
			/* a precise result needs a precise operand */
			err = mark_chain_precision(env, insn->src_reg);
			if (err)
				return err;
		}
	} else {
		/* the immediate as a known scalar register */
		off_reg.type = SCALAR_VALUE;
		__mark_reg_known(&off_reg, (u64)(s64)insn->imm);
		src_reg = &off_reg;
		if (ptr_reg)
			return adjust_ptr_min_max_vals(env, insn, ptr_reg, src_reg);
	}

	/* two scalars from here on */
	if (WARN_ON_ONCE(ptr_reg)) {
		print_verifier_state(env, state, true);
		verbose(env, "verifier internal error: unexpected ptr_reg\n");
		return -EINVAL;
	}
	if (WARN_ON(!src_reg)) {
		print_verifier_state(env, state, true);
		verbose(env, "verifier internal error: no src_reg\n");
		return -EINVAL;
	}
	return adjust_scalar_min_max_vals(env, insn, dst_reg, *src_reg);
}

/* ---- do_misc_fixups(): masking of sanitized pointer ALU ---- */

/*
 * The run-time half of sanitize_ptr_alu(): the offset register is masked
 * to 0 unless 0 <= off <= alu_limit, computed branch-free in BPF_REG_AX:
 *	ax = limit; ax -= off; ax |= off; ax = -ax; ax s>>= 63; ax &= off
 * (ax has the sign bit set iff off > limit or off < 0), then the insn
 * uses ax as its offset.  A negative offset is negated first and the
 * insn's ADD/SUB swapped; a constant offset simply becomes ax = |off|.
 * Writes the replacement of *insn into insn_buf (*insn is not changed)
 * and returns its length, 0 when the insn needs no masking.
 */
int fixup_sanitized_alu(struct bpf_verifier_env *env, struct bpf_insn *insn,
			struct bpf_insn_aux_data *aux, struct bpf_insn *insn_buf)
{
	const u8 code_add = BPF_ALU64 | BPF_ADD | BPF_X;
	const u8 code_sub = BPF_ALU64 | BPF_SUB | BPF_X;
	struct bpf_insn *patch = insn_buf;
	struct bpf_insn alu = *insn;
	bool issrc, isneg, isimm;
	u8 off_reg;

	if (insn->code != code_add && insn->code != code_sub)
		return 0;
	if (!aux->alu_state || aux->alu_state == BPF_ALU_NON_POINTER)
		return 0;

	isneg = aux->alu_state & BPF_ALU_NEG_VALUE;
	issrc = (aux->alu_state & BPF_ALU_SANITIZE) == BPF_ALU_SANITIZE_SRC;
	isimm = aux->alu_state & BPF_ALU_IMMEDIATE;

	off_reg = issrc ? insn->src_reg : insn->dst_reg;
	if (isimm) {
		*patch++ = BPF_MOV32_IMM(BPF_REG_AX, aux->alu_limit);
	} else {
		if (isneg)
			*patch++ = BPF_ALU64_IMM(BPF_MUL, off_reg, -1);
		*patch++ = BPF_MOV32_IMM(BPF_REG_AX, aux->alu_limit);
		*patch++ = BPF_ALU64_REG(BPF_SUB, BPF_REG_AX, off_reg);
		*patch++ = BPF_ALU64_REG(BPF_OR, BPF_REG_AX, off_reg);
		*patch++ = BPF_ALU64_IMM(BPF_NEG, BPF_REG_AX, 0);
		*patch++ = BPF_ALU64_IMM(BPF_ARSH, BPF_REG_AX, 63);
		*patch++ = BPF_ALU64_REG(BPF_AND, BPF_REG_AX, off_reg);
	}
	/* scalar += ptr: the pointer moves into dst, the masked offset is ax */
	if (!issrc)
		*patch++ = BPF_MOV64_REG(insn->dst_reg, insn->src_reg);
	alu.src_reg = BPF_REG_AX;
	if (isneg)
		alu.code = alu.code == code_add ? code_sub : code_add;
	*patch++ = alu;
	/* the offset register is the program's: give it its sign back */
	if (issrc && isneg && !isimm)
		*patch++ = BPF_ALU64_IMM(BPF_MUL, off_reg, -1);
	return patch - insn_buf;
}

/* ---- pointer branches ---- */

/*
 * After "pkt' = pkt + off; if pkt' <= pkt_end" (or an equivalent), every
 * copy of pkt' (same type and id) may read [pkt, pkt + off) — or up to
 * off + 1 bytes when the test was strict (range_right_open).
 */
void find_good_pkt_pointers(struct bpf_verifier_state *vstate, struct bpf_reg_state *dst_reg,
			    enum bpf_reg_type type, bool range_right_open)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int new_range;

	/* pkt' < pkt, or pkt' == pkt with a strict test: nothing learnt */
	if (dst_reg->off < 0 || (dst_reg->off == 0 && range_right_open))
		return;

	/*
	 * A huge variable part may wrap: pkt' could be below pkt_end only
	 * because it is below pkt.
	 */
	if (dst_reg->umax_value > MAX_PACKET_OFF ||
	    dst_reg->umax_value + dst_reg->off > MAX_PACKET_OFF)
		return;

	new_range = dst_reg->off + range_right_open;

	/*
	 * Copies with one id share one variable offset; their fixed offsets
	 * may differ, but the range counts from the base of the id.  Only
	 * ever grow a range: a weaker check later proves nothing less.
	 */
	bpf_for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg->type == type && reg->id == dst_reg->id)
			reg->range = max(reg->range, new_range);
	}));
}

/*
 * The branch where pkt > pkt_end (range_open) or pkt >= pkt_end: no byte
 * at pkt is readable, and later comparisons of it with pkt_end are
 * decided (is_pkt_ptr_branch_taken).  Meta pointers are not tracked so.
 */
void mark_pkt_end(struct bpf_verifier_state *vstate, int regn, bool range_open)
{
	struct bpf_reg_state *reg = &vstate->frame[vstate->curframe]->regs[regn];

	if (reg->type != PTR_TO_PACKET)
		return;
	reg->range = range_open ? BEYOND_PKT_END : AT_PKT_END;
}

/* The jump that tests b op a when a op b was written. */
static u8 flip_cmp_opcode(u8 opcode)
{
	switch (opcode) {
	case BPF_JGT:	return BPF_JLT;
	case BPF_JLT:	return BPF_JGT;
	case BPF_JGE:	return BPF_JLE;
	case BPF_JLE:	return BPF_JGE;
	case BPF_JSGT:	return BPF_JSLT;
	case BPF_JSLT:	return BPF_JSGT;
	case BPF_JSGE:	return BPF_JSLE;
	case BPF_JSLE:	return BPF_JSGE;
	default:	return opcode;
	}
}

/*
 * A comparison of a packet pointer with pkt_end, decided by what an
 * earlier comparison left in its range: 1 taken, 0 not, -1 unknown.
 */
int is_pkt_ptr_branch_taken(struct bpf_reg_state *dst_reg, struct bpf_reg_state *src_reg,
			    u8 opcode)
{
	struct bpf_reg_state *pkt;

	if (src_reg->type == PTR_TO_PACKET_END) {
		pkt = dst_reg;
	} else if (dst_reg->type == PTR_TO_PACKET_END) {
		pkt = src_reg;
		opcode = flip_cmp_opcode(opcode);
	} else {
		return -1;
	}

	if (pkt->range >= 0)
		return -1;

	switch (opcode) {
	case BPF_JGT:
	case BPF_JLE:
		/* only "beyond" decides pkt > pkt_end */
		if (pkt->range == BEYOND_PKT_END)
			return opcode == BPF_JGT;
		break;
	case BPF_JGE:
	case BPF_JLT:
		/* at or beyond both decide pkt >= pkt_end */
		if (pkt->range == BEYOND_PKT_END || pkt->range == AT_PKT_END)
			return opcode == BPF_JGE;
		break;
	}
	return -1;
}

/* Which comparisons of packet pointers try_match_pkt_pointers() learns from. */
static bool pkt_ptr_below(const struct bpf_reg_state *moved, const struct bpf_reg_state *limit)
{
	/* pkt' vs pkt_end, or meta' vs an untouched pkt (the meta area's end) */
	return (moved->type == PTR_TO_PACKET && limit->type == PTR_TO_PACKET_END) ||
	       (moved->type == PTR_TO_PACKET_META &&
		reg_is_init_pkt_pointer(limit, PTR_TO_PACKET));
}

/*
 * A 64-bit register comparison of a moved packet pointer with the end
 * of its area gives the branch where it is below the end a range, and
 * the other branch an AT/BEYOND_PKT_END mark.  Returns false when insn
 * is no such comparison.
 */
bool try_match_pkt_pointers(const struct bpf_insn *insn, struct bpf_reg_state *dst_reg,
			    struct bpf_reg_state *src_reg,
			    struct bpf_verifier_state *this_branch,
			    struct bpf_verifier_state *other_branch)
{
	struct bpf_verifier_state *in_range, *out_of_range;
	struct bpf_reg_state *moved;
	u8 opcode = BPF_OP(insn->code);
	bool right_open;
	int regno;

	if (BPF_SRC(insn->code) != BPF_X)
		return false;
	/* pointers are 64-bit: a 32-bit compare says nothing about them */
	if (BPF_CLASS(insn->code) == BPF_JMP32)
		return false;
	if (opcode != BPF_JGT && opcode != BPF_JLT &&
	    opcode != BPF_JGE && opcode != BPF_JLE)
		return false;

	/* read everything as "moved OP end" */
	if (pkt_ptr_below(dst_reg, src_reg)) {
		moved = dst_reg;
		regno = insn->dst_reg;
	} else if (pkt_ptr_below(src_reg, dst_reg)) {
		moved = src_reg;
		regno = insn->src_reg;
		opcode = flip_cmp_opcode(opcode);
	} else {
		return false;
	}

	/*
	 * The fall-through (this_branch) is where moved > end fails, the
	 * jump (other_branch) where moved < end holds; a strict "<" in the
	 * in-range branch makes one more byte readable.
	 */
	if (opcode == BPF_JGT || opcode == BPF_JGE) {
		in_range = this_branch;
		out_of_range = other_branch;
	} else {
		in_range = other_branch;
		out_of_range = this_branch;
	}
	right_open = opcode == BPF_JGE || opcode == BPF_JLT;

	find_good_pkt_pointers(in_range, moved, moved->type, right_open);
	mark_pkt_end(out_of_range, regno, !right_open);
	return true;
}

/*
 * A maybe-NULL pointer once known not NULL.  A map value found by a
 * lookup is what the map holds: an inner map for map-in-map, a socket
 * for sockmap/sockhash, an XDP socket for xskmap.
 */
void mark_ptr_not_null_reg(struct bpf_reg_state *reg)
{
	const struct bpf_map *map;

	if (base_type(reg->type) != PTR_TO_MAP_VALUE) {
		reg->type &= ~PTR_MAYBE_NULL;
		return;
	}

	map = reg->map_ptr;
	if (map->inner_map_meta) {
		reg->type = CONST_PTR_TO_MAP;
		reg->map_ptr = map->inner_map_meta;
		/*
		 * Each lookup site may return another inner map: its timers
		 * are told apart by the lookup's id.
		 */
		if (map_value_has_timer(map->inner_map_meta))
			reg->map_uid = reg->id;
	} else if (map->map_type == BPF_MAP_TYPE_XSKMAP) {
		reg->type = PTR_TO_XDP_SOCK;
	} else if (map->map_type == BPF_MAP_TYPE_SOCKMAP ||
		   map->map_type == BPF_MAP_TYPE_SOCKHASH) {
		reg->type = PTR_TO_SOCKET;
	} else {
		reg->type = PTR_TO_MAP_VALUE;
	}
}

static void mark_ptr_or_null_reg(struct bpf_func_state *state, struct bpf_reg_state *reg,
				 u32 id, bool is_null)
{
	if (!type_may_be_null(reg->type) || reg->id != id || WARN_ON_ONCE(!reg->id))
		return;

	/*
	 * Maybe-NULL pointers cannot move, so a copy with an offset is a
	 * verifier bug: leave it alone rather than bless it.
	 */
	if (WARN_ON_ONCE(reg->smin_value || reg->smax_value ||
			 !tnum_equals_const(reg->var_off, 0) || reg->off))
		return;

	if (is_null) {
		/*
		 * The known-zero bounds are already there; dropping the ids
		 * lets this state match others when pruning.
		 */
		reg->type = SCALAR_VALUE;
		reg->id = 0;
		reg->ref_obj_id = 0;
		return;
	}

	mark_ptr_not_null_reg(reg);

	/*
	 * The id was only needed for this NULL check, except by a map value
	 * holding a spin lock: bpf_spin_lock/unlock pair up by it.  The
	 * reference (ref_obj_id) stays until released.
	 */
	if (!reg_may_point_to_spin_lock(reg))
		reg->id = 0;
}

/*
 * "if (regno == NULL)": in the NULL branch every copy of the pointer is
 * the number 0 (and an acquired reference that is NULL needs no
 * release), in the other branch every copy is a valid pointer.
 */
void mark_ptr_or_null_regs(struct bpf_verifier_state *vstate, u32 regno, bool is_null)
{
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *reg = &state->regs[regno];
	u32 ref_obj_id = reg->ref_obj_id;
	u32 id = reg->id;

	if (ref_obj_id && ref_obj_id == id && is_null)
		WARN_ON_ONCE(release_reference_state(state, id));

	bpf_for_each_reg_in_vstate(vstate, state, reg, ({
		mark_ptr_or_null_reg(state, reg, id, is_null);
	}));
}
