// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_check() and the walk at its heart (do_check): an abstract
 * interpreter that follows every path of the program with one state of
 * registers and stack per frame, forks it at conditional jumps, and
 * prunes a path when it reaches a point in a state no more general than
 * one already proven safe there.  The other files of the verifier give
 * it its parts (see verifier_env.h); this one holds the instruction
 * classes that are not memory accesses or calls, and the order of the
 * passes, which follows Linux 6.1 so that the same program gets the same
 * verdict and the same log.
 */
#include "verifier_env.h"
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/tnum.h>

/*
 * The instructions one verification may walk: BPF_COMPLEXITY_LIMIT_INSNS.
 * The verifier's fuzzer lowers it, since a walk of 1M insns takes minutes
 * in a sanitizer build (tools/testing/selftests/bpf/fuzz/fuzz_verifier.c).
 */
u32 bpf_complexity_limit_insns = BPF_COMPLEXITY_LIMIT_INSNS;

#define CALLER_SAVED_REGS	6
static const int caller_saved[CALLER_SAVED_REGS] = {
	BPF_REG_0, BPF_REG_1, BPF_REG_2, BPF_REG_3, BPF_REG_4, BPF_REG_5
};

/* ---- registers: reads, writes, and which are 32-bit ---- */

/*
 * Whether insn uses regno as a 64-bit value.  A 32-bit write leaves the
 * upper half to be zero-extended; only a 64-bit read of such a value
 * makes the extension matter (mark_insn_zext).
 */
bool is_reg64(struct bpf_verifier_env *env, struct bpf_insn *insn, u32 regno,
	      struct bpf_reg_state *reg, enum reg_arg_type t)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (class == BPF_JMP) {
		if (op == BPF_EXIT)
			return true;
		if (op == BPF_CALL) {
			/* caller-saved regs of a bpf-to-bpf call are NOT_INIT anyway */
			if (insn->src_reg == BPF_PSEUDO_CALL)
				return false;
			return t == SRC_OP;
		}
	}
	if (class == BPF_ALU64 || class == BPF_JMP ||
	    (class == BPF_ALU && op == BPF_END && insn->imm == 64))
		return true;
	if (class == BPF_ALU || class == BPF_JMP32)
		return false;
	if (class == BPF_LDX)
		return t == SRC_OP || BPF_SIZE(insn->code) == BPF_DW;
	if (class == BPF_STX) {
		if (t == SRC_OP && reg->type != SCALAR_VALUE)
			return true;
		return BPF_SIZE(insn->code) == BPF_DW;
	}
	if (class == BPF_LD)
		/* LD_ABS/IND define 32 bits; their sources are full width */
		return BPF_MODE(insn->code) == BPF_IMM || t == SRC_OP;
	return true;
}

/* The register insn defines, -1 when none. */
int insn_def_regno(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_JMP:
	case BPF_JMP32:
	case BPF_ST:
		return -1;
	case BPF_STX:
		if (BPF_MODE(insn->code) != BPF_ATOMIC || !(insn->imm & BPF_FETCH))
			return -1;
		return insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
	default:
		return insn->dst_reg;
	}
}

bool insn_has_def32(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	int regno = insn_def_regno(insn);

	return regno >= 0 && !is_reg64(env, insn, regno, NULL, DST_OP);
}

void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	s32 def = reg->subreg_def;

	if (def == DEF_NOT_SUBREG)
		return;
	env->insn_aux_data[def - 1].zext_dst = true;
	/* once extended, the value is a full 64-bit one */
	reg->subreg_def = DEF_NOT_SUBREG;
}

int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t)
{
	struct bpf_insn *insn = env->prog->insnsi + env->insn_idx;
	struct bpf_reg_state *regs = cur_regs(env), *reg;
	bool rw64;

	if (regno >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", regno);
		return -EINVAL;
	}
	mark_reg_scratched(env, regno);
	reg = &regs[regno];
	rw64 = is_reg64(env, insn, regno, reg, t);
	if (t == SRC_OP) {
		if (reg->type == NOT_INIT) {
			verbose(env, "R%d !read_ok\n", regno);
			return -EACCES;
		}
		/* r10 is never written: nothing to learn from reading it */
		if (regno == BPF_REG_FP)
			return 0;
		if (rw64)
			mark_insn_zext(env, reg);
		return mark_reg_read(env, reg, reg->parent,
				     rw64 ? REG_LIVE_READ64 : REG_LIVE_READ32);
	}
	if (regno == BPF_REG_FP) {
		verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	reg->live |= REG_LIVE_WRITTEN;
	reg->subreg_def = rw64 ? DEF_NOT_SUBREG : env->insn_idx + 1;
	if (t == DST_OP)
		mark_reg_unknown(env, regs, regno);
	return 0;
}

/* A copy keeps the destination's place in the liveness chain. */
static void copy_register_state(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct bpf_reg_state *parent = dst->parent;
	enum bpf_reg_liveness live = dst->live;

	*dst = *src;
	dst->parent = parent;
	dst->live = live;
}

static bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg)
{
	return reg->type == PTR_TO_PACKET || reg->type == PTR_TO_PACKET_META ||
	       reg->type == PTR_TO_PACKET_END;
}

/* Types one insn may access under different pointers on different paths. */
static bool reg_type_mismatch_ok(enum bpf_reg_type type)
{
	switch (base_type(type)) {
	case PTR_TO_CTX:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
		/* their accesses are rewritten per type: one insn, one type */
		return false;
	default:
		return true;
	}
}

static bool reg_type_mismatch(enum bpf_reg_type src, enum bpf_reg_type prev)
{
	return src != prev && (!reg_type_mismatch_ok(src) || !reg_type_mismatch_ok(prev));
}

/* The type whose rules a program follows: an extension takes its target's. */
static enum bpf_prog_type resolve_prog_type(const struct bpf_prog *prog)
{
	return prog->aux->dst_prog ? prog->aux->dst_prog->type : prog->type;
}

/* ---- ALU ---- */

static int check_end_neg(struct bpf_verifier_env *env, struct bpf_insn *insn, u8 opcode)
{
	int err;

	if (opcode == BPF_NEG) {
		if (BPF_SRC(insn->code) != BPF_K || insn->src_reg != BPF_REG_0 ||
		    insn->off != 0 || insn->imm != 0) {
			verbose(env, "BPF_NEG uses reserved fields\n");
			return -EINVAL;
		}
	} else if (insn->src_reg != BPF_REG_0 || insn->off != 0 ||
		   (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
		   BPF_CLASS(insn->code) == BPF_ALU64) {
		verbose(env, "BPF_END uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if (is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer arithmetic prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	return check_reg_arg(env, insn->dst_reg, DST_OP);
}

static int check_mov(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *dst = &regs[insn->dst_reg], *src;
	int err;

	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0 || insn->off != 0) {
			verbose(env, "BPF_MOV uses reserved fields\n");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	} else if (insn->src_reg != BPF_REG_0 || insn->off != 0) {
		verbose(env, "BPF_MOV uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;

	if (BPF_SRC(insn->code) == BPF_K) {
		/* a fresh constant: nothing of the old value survives */
		mark_reg_unknown(env, regs, insn->dst_reg);
		dst->type = SCALAR_VALUE;
		__mark_reg_known(dst, BPF_CLASS(insn->code) == BPF_ALU64 ?
				 (u64)(s64)insn->imm : (u32)insn->imm);
		return 0;
	}

	src = &regs[insn->src_reg];
	if (BPF_CLASS(insn->code) == BPF_ALU64) {
		/* both copies will learn from a check of either */
		if (src->type == SCALAR_VALUE && !src->id)
			src->id = new_reg_id(env);
		copy_register_state(dst, src);
		dst->live |= REG_LIVE_WRITTEN;
		dst->subreg_def = DEF_NOT_SUBREG;
		return 0;
	}
	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d partial copy of pointer\n", insn->src_reg);
		return -EACCES;
	}
	if (src->type == SCALAR_VALUE) {
		copy_register_state(dst, src);
		/* the low half is not the same value as the whole: no shared id */
		dst->id = 0;
		dst->live |= REG_LIVE_WRITTEN;
		dst->subreg_def = env->insn_idx + 1;
	} else {
		mark_reg_unknown(env, regs, insn->dst_reg);
	}
	zext_32_to_64(dst);
	reg_bounds_sync(dst);
	return 0;
}

static int check_alu_op(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	int err;

	if (opcode == BPF_END || opcode == BPF_NEG)
		return check_end_neg(env, insn, opcode);
	if (opcode == BPF_MOV)
		return check_mov(env, insn);
	if (opcode > BPF_END) {
		verbose(env, "invalid BPF_ALU opcode %x\n", opcode);
		return -EINVAL;
	}

	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0 || insn->off != 0) {
			verbose(env, "BPF_ALU uses reserved fields\n");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	} else if (insn->src_reg != BPF_REG_0 || insn->off != 0) {
		verbose(env, "BPF_ALU uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;

	if ((opcode == BPF_MOD || opcode == BPF_DIV) &&
	    BPF_SRC(insn->code) == BPF_K && insn->imm == 0) {
		verbose(env, "div by zero\n");
		return -EINVAL;
	}
	if ((opcode == BPF_LSH || opcode == BPF_RSH || opcode == BPF_ARSH) &&
	    BPF_SRC(insn->code) == BPF_K) {
		int bits = BPF_CLASS(insn->code) == BPF_ALU64 ? 64 : 32;

		if (insn->imm < 0 || insn->imm >= bits) {
			verbose(env, "invalid shift %d\n", insn->imm);
			return -EINVAL;
		}
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	return adjust_reg_min_max_vals(env, insn);
}

/* ---- conditional jumps ---- */

static bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg)
{
	if (allow_ptr_leaks)
		return false;
	return reg->type != SCALAR_VALUE;
}

/* -1 unknown, else whether the branch is taken, for the known operand pairs. */
static int predict_branch(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			  struct bpf_reg_state *dst, struct bpf_reg_state *src,
			  bool is_jmp32)
{
	u8 opcode = BPF_OP(insn->code);

	if (BPF_SRC(insn->code) == BPF_K)
		return is_branch_taken(dst, insn->imm, opcode, is_jmp32);
	if (src->type == SCALAR_VALUE && is_jmp32 &&
	    tnum_is_const(tnum_subreg(src->var_off)))
		return is_branch_taken(dst, tnum_subreg(src->var_off).value, opcode, is_jmp32);
	if (src->type == SCALAR_VALUE && !is_jmp32 && tnum_is_const(src->var_off))
		return is_branch_taken(dst, src->var_off.value, opcode, is_jmp32);
	if (reg_is_pkt_pointer_any(dst) && reg_is_pkt_pointer_any(src) && !is_jmp32)
		return is_pkt_ptr_branch_taken(dst, src, opcode);
	return -1;
}

/* What both sides of a comparison of two scalars (or one and an imm) learn. */
static void learn_from_branch(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			      struct bpf_verifier_state *this_branch,
			      struct bpf_verifier_state *other_branch, bool is_jmp32)
{
	struct bpf_reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct bpf_reg_state *other = other_branch->frame[other_branch->curframe]->regs;
	struct bpf_reg_state *dst = &regs[insn->dst_reg];
	u8 opcode = BPF_OP(insn->code);

	if (BPF_SRC(insn->code) == BPF_X) {
		struct bpf_reg_state *src = &regs[insn->src_reg];

		if (dst->type == SCALAR_VALUE && src->type == SCALAR_VALUE) {
			if (tnum_is_const(src->var_off) ||
			    (is_jmp32 && tnum_is_const(tnum_subreg(src->var_off))))
				reg_set_min_max(&other[insn->dst_reg], dst,
						src->var_off.value,
						tnum_subreg(src->var_off).value,
						opcode, is_jmp32);
			else if (tnum_is_const(dst->var_off) ||
				 (is_jmp32 && tnum_is_const(tnum_subreg(dst->var_off))))
				reg_set_min_max_inv(&other[insn->src_reg], src,
						    dst->var_off.value,
						    tnum_subreg(dst->var_off).value,
						    opcode, is_jmp32);
			else if (!is_jmp32 && (opcode == BPF_JEQ || opcode == BPF_JNE))
				reg_combine_min_max(&other[insn->src_reg],
						    &other[insn->dst_reg], src, dst, opcode);
			if (src->id && src->id == other[insn->src_reg].id) {
				find_equal_scalars(this_branch, src);
				find_equal_scalars(other_branch, &other[insn->src_reg]);
			}
		}
	} else if (dst->type == SCALAR_VALUE) {
		reg_set_min_max(&other[insn->dst_reg], dst, insn->imm, (u32)insn->imm,
				opcode, is_jmp32);
	}

	if (dst->type == SCALAR_VALUE && dst->id && dst->id == other[insn->dst_reg].id) {
		find_equal_scalars(this_branch, dst);
		find_equal_scalars(other_branch, &other[insn->dst_reg]);
	}
}

static int check_cond_jmp_op(struct bpf_verifier_env *env, struct bpf_insn *insn,
			     int *insn_idx)
{
	struct bpf_verifier_state *this_branch = env->cur_state, *other_branch;
	struct bpf_reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct bpf_reg_state *dst_reg, *src_reg = NULL;
	u8 opcode = BPF_OP(insn->code);
	bool is_jmp32;
	int pred, err;

	if (opcode == BPF_JA || opcode > BPF_JSLE) {
		verbose(env, "invalid BPF_JMP/JMP32 opcode %x\n", opcode);
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_reg = &regs[insn->dst_reg];
	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0) {
			verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
		src_reg = &regs[insn->src_reg];
		if (!(reg_is_pkt_pointer_any(dst_reg) && reg_is_pkt_pointer_any(src_reg)) &&
		    is_pointer_value(env, insn->src_reg)) {
			verbose(env, "R%d pointer comparison prohibited\n", insn->src_reg);
			return -EACCES;
		}
	} else if (insn->src_reg != BPF_REG_0) {
		verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
		return -EINVAL;
	}

	is_jmp32 = BPF_CLASS(insn->code) == BPF_JMP32;
	pred = predict_branch(env, insn, dst_reg, src_reg, is_jmp32);
	if (pred >= 0) {
		/* the pruned direction depends on these values being exact */
		if (!__is_pointer_value(false, dst_reg))
			err = mark_chain_precision(env, insn->dst_reg);
		if (BPF_SRC(insn->code) == BPF_X && !err &&
		    !__is_pointer_value(false, src_reg))
			err = mark_chain_precision(env, insn->src_reg);
		if (err)
			return err;
	}
	if (pred == 1) {
		/* only the jump is real; the fall-through still runs speculatively */
		if (!env->bypass_spec_v1 &&
		    !sanitize_speculative_path(env, insn, *insn_idx + 1, *insn_idx))
			return -EFAULT;
		if (env->log.level & BPF_LOG_LEVEL)
			print_insn_state(env, this_branch->frame[this_branch->curframe]);
		*insn_idx += insn->off;
		return 0;
	}
	if (pred == 0) {
		if (!env->bypass_spec_v1 &&
		    !sanitize_speculative_path(env, insn, *insn_idx + insn->off + 1,
					       *insn_idx))
			return -EFAULT;
		if (env->log.level & BPF_LOG_LEVEL)
			print_insn_state(env, this_branch->frame[this_branch->curframe]);
		return 0;
	}

	other_branch = push_stack(env, *insn_idx + insn->off + 1, *insn_idx, false);
	if (!other_branch)
		return -EFAULT;
	/* push_stack may have reallocated nothing of ours, but re-read to be plain */
	regs = this_branch->frame[this_branch->curframe]->regs;
	dst_reg = &regs[insn->dst_reg];

	learn_from_branch(env, insn, this_branch, other_branch, is_jmp32);

	/* a NULL check of a maybe-NULL pointer (never a 32-bit compare) */
	if (!is_jmp32 && BPF_SRC(insn->code) == BPF_K && insn->imm == 0 &&
	    (opcode == BPF_JEQ || opcode == BPF_JNE) && type_may_be_null(dst_reg->type)) {
		mark_ptr_or_null_regs(this_branch, insn->dst_reg, opcode == BPF_JNE);
		mark_ptr_or_null_regs(other_branch, insn->dst_reg, opcode == BPF_JEQ);
	} else if (!try_match_pkt_pointers(insn, dst_reg, &regs[insn->src_reg],
					   this_branch, other_branch) &&
		   is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer comparison prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	if (env->log.level & BPF_LOG_LEVEL)
		print_insn_state(env, this_branch->frame[this_branch->curframe]);
	return 0;
}

/* ---- loads of immediates and of packet bytes ---- */

static int check_ld_imm_pseudo_func(struct bpf_verifier_env *env, struct bpf_insn *insn,
				    struct bpf_reg_state *dst_reg)
{
	struct bpf_prog_aux *aux = env->prog->aux;
	int subprogno = find_subprog(env, env->insn_idx + insn->imm + 1);

	if (!aux->func_info) {
		verbose(env, "missing btf func_info\n");
		return -EINVAL;
	}
	if (subprogno < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n",
			env->insn_idx + insn->imm + 1);
		return -EFAULT;
	}
	if (aux->func_info_aux[subprogno].linkage != BTF_FUNC_STATIC) {
		verbose(env, "callback function not static\n");
		return -EINVAL;
	}
	/* with one subprogram nothing would give the callback an address */
	if (subprogno == 0) {
		verbose(env, "callback function cannot be the main program\n");
		return -EINVAL;
	}
	dst_reg->type = PTR_TO_FUNC;
	dst_reg->subprogno = subprogno;
	return 0;
}

static int check_ld_imm(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[env->insn_idx];
	struct bpf_reg_state *regs = cur_regs(env), *dst_reg;
	struct bpf_map *map;
	int err;

	if (BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid BPF_LD_IMM insn\n");
		return -EINVAL;
	}
	if (insn->off != 0) {
		verbose(env, "BPF_LD_IMM64 uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP);
	if (err)
		return err;

	dst_reg = &regs[insn->dst_reg];
	if (insn->src_reg == 0) {
		u64 imm = ((u64)(insn + 1)->imm << 32) | (u32)insn->imm;

		dst_reg->type = SCALAR_VALUE;
		__mark_reg_known(dst_reg, imm);
		return 0;
	}

	/* a pointer from here on: offset 0 unless the kind says otherwise */
	mark_reg_known_zero(env, regs, insn->dst_reg);

	if (insn->src_reg == BPF_PSEUDO_BTF_ID) {
		dst_reg->type = aux->btf_var.reg_type;
		switch (base_type(dst_reg->type)) {
		case PTR_TO_MEM:
			dst_reg->mem_size = aux->btf_var.mem_size;
			return 0;
		case PTR_TO_BTF_ID:
			dst_reg->btf = aux->btf_var.btf;
			dst_reg->btf_id = aux->btf_var.btf_id;
			return 0;
		default:
			verbose(env, "bpf verifier is misconfigured\n");
			return -EFAULT;
		}
	}
	if (insn->src_reg == BPF_PSEUDO_FUNC)
		return check_ld_imm_pseudo_func(env, insn, dst_reg);

	map = env->used_maps[aux->map_index];
	dst_reg->map_ptr = map;
	if (insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
	    insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
		dst_reg->type = PTR_TO_MAP_VALUE;
		dst_reg->off = aux->map_off;
		/* the lock in the value is found again by this id */
		if (map->spin_lock_off >= 0)
			dst_reg->id = new_reg_id(env);
	} else if (insn->src_reg == BPF_PSEUDO_MAP_FD ||
		   insn->src_reg == BPF_PSEUDO_MAP_IDX) {
		dst_reg->type = CONST_PTR_TO_MAP;
	} else {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}
	return 0;
}

static bool may_access_skb(enum bpf_prog_type type)
{
	return type == BPF_PROG_TYPE_SOCKET_FILTER || type == BPF_PROG_TYPE_SCHED_CLS ||
	       type == BPF_PROG_TYPE_SCHED_ACT;
}

/*
 * LD_ABS and LD_IND read packet bytes through the skb in r6 as a call
 * would: r1-r5 are clobbered, r0 gets the (at most 32-bit) value, and a
 * read past the packet ends the program with r0 = 0.
 */
static int check_ld_abs(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u8 mode = BPF_MODE(insn->code);
	int i, err;

	if (!may_access_skb(resolve_prog_type(env->prog))) {
		verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
		return -EINVAL;
	}
	if (insn->dst_reg != BPF_REG_0 || insn->off != 0 ||
	    BPF_SIZE(insn->code) == BPF_DW ||
	    (mode == BPF_ABS && insn->src_reg != BPF_REG_0)) {
		verbose(env, "BPF_LD_[ABS|IND] uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, BPF_REG_6, SRC_OP);
	if (err)
		return err;
	/* the hidden exit would leak what the program holds */
	err = check_reference_leak(env);
	if (err) {
		verbose(env, "BPF_LD_[ABS|IND] cannot be mixed with socket references\n");
		return err;
	}
	if (env->cur_state->active_spin_lock) {
		verbose(env, "BPF_LD_[ABS|IND] cannot be used inside bpf_spin_lock-ed region\n");
		return -EINVAL;
	}
	if (regs[BPF_REG_6].type != PTR_TO_CTX) {
		verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	}
	if (mode == BPF_IND) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}
	err = check_ptr_off_reg(env, &regs[BPF_REG_6], BPF_REG_6);
	if (err < 0)
		return err;

	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, caller_saved[i]);
		check_reg_arg(env, caller_saved[i], DST_OP_NO_MARK);
	}
	mark_reg_unknown(env, regs, BPF_REG_0);
	regs[BPF_REG_0].subreg_def = env->insn_idx + 1;

	/* in a subprogram the hidden "return 0" is a path of its own */
	if (env->cur_state->curframe) {
		struct bpf_verifier_state *branch;

		mark_reg_scratched(env, BPF_REG_0);
		branch = push_stack(env, env->insn_idx + 1, env->insn_idx, false);
		if (!branch)
			return -EFAULT;
		mark_reg_known_zero(env, regs, BPF_REG_0);
		err = prepare_func_exit(env, &env->insn_idx);
		if (err)
			return err;
		env->insn_idx--;
	}
	return 0;
}

/* ---- exit ---- */

/* The values a program of this type may return, as 6.1 enforces them. */
static int return_range(struct bpf_verifier_env *env, struct tnum *range,
			struct tnum *enforce)
{
	enum bpf_attach_type at = env->prog->expected_attach_type;

	*range = tnum_range(0, 1);
	*enforce = tnum_unknown;
	switch (resolve_prog_type(env->prog)) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		if (at == BPF_CGROUP_UDP4_RECVMSG || at == BPF_CGROUP_UDP6_RECVMSG ||
		    at == BPF_CGROUP_INET4_GETPEERNAME || at == BPF_CGROUP_INET6_GETPEERNAME ||
		    at == BPF_CGROUP_INET4_GETSOCKNAME || at == BPF_CGROUP_INET6_GETSOCKNAME)
			*range = tnum_range(1, 1);
		if (at == BPF_CGROUP_INET4_BIND || at == BPF_CGROUP_INET6_BIND)
			*range = tnum_range(0, 3);
		return 1;
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (at == BPF_CGROUP_INET_EGRESS) {
			*range = tnum_range(0, 3);
			*enforce = tnum_range(2, 3);
		}
		return 1;
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return 1;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		if (!env->prog->aux->attach_btf_id)
			return 0;
		*range = tnum_const(0);
		return 1;
	case BPF_PROG_TYPE_TRACING:
		switch (at) {
		case BPF_TRACE_FENTRY:
		case BPF_TRACE_FEXIT:
			*range = tnum_const(0);
			return 1;
		case BPF_TRACE_RAW_TP:
		case BPF_MODIFY_RETURN:
			return 0;
		case BPF_TRACE_ITER:
			return 1;
		default:
			return -ENOTSUPP;
		}
	case BPF_PROG_TYPE_SK_LOOKUP:
		*range = tnum_range(SK_DROP, SK_PASS);
		return 1;
	case BPF_PROG_TYPE_LSM:
		if (at != BPF_LSM_CGROUP)
			return 0;
		return 1;
	default:
		return 0;
	}
}

static int check_return_code(struct bpf_verifier_env *env)
{
	struct bpf_func_state *frame = env->cur_state->frame[0];
	struct tnum range, enforce, const_0 = tnum_const(0);
	struct bpf_reg_state *reg;
	int err;

	err = check_reg_arg(env, BPF_REG_0, SRC_OP);
	if (err)
		return err;
	if (is_pointer_value(env, BPF_REG_0)) {
		verbose(env, "R0 leaks addr as return value\n");
		return -EACCES;
	}
	reg = cur_regs(env) + BPF_REG_0;

	if (frame->in_async_callback_fn) {
		/* a timer callback's return value is not used, and must be 0 */
		if (reg->type != SCALAR_VALUE) {
			verbose(env, "In async callback the register R0 is not a known value (%s)\n",
				reg_type_str(env, reg->type));
			return -EINVAL;
		}
		if (!tnum_in(const_0, reg->var_off)) {
			verbose_invalid_scalar(env, reg, &const_0, "async callback", "R0");
			return -EINVAL;
		}
		return 0;
	}
	if (frame->subprogno) {
		if (reg->type != SCALAR_VALUE) {
			verbose(env, "At subprogram exit the register R0 is not a scalar value (%s)\n",
				reg_type_str(env, reg->type));
			return -EINVAL;
		}
		return 0;
	}

	err = return_range(env, &range, &enforce);
	if (err <= 0)
		return err;
	if (reg->type != SCALAR_VALUE) {
		verbose(env, "At program exit the register R0 is not a known value (%s)\n",
			reg_type_str(env, reg->type));
		return -EINVAL;
	}
	if (!tnum_in(range, reg->var_off)) {
		verbose_invalid_scalar(env, reg, &range, "program exit", "R0");
		return -EINVAL;
	}
	if (!tnum_is_unknown(enforce) && tnum_in(enforce, reg->var_off))
		env->prog->enforce_expected_attach_type = 1;
	return 0;
}

static int check_exit(struct bpf_verifier_env *env, struct bpf_insn *insn, bool *frame_exit)
{
	int err;

	*frame_exit = false;
	if (BPF_SRC(insn->code) != BPF_K || insn->imm != 0 ||
	    insn->src_reg != BPF_REG_0 || insn->dst_reg != BPF_REG_0 ||
	    BPF_CLASS(insn->code) == BPF_JMP32) {
		verbose(env, "BPF_EXIT uses reserved fields\n");
		return -EINVAL;
	}
	if (env->cur_state->active_spin_lock) {
		verbose(env, "bpf_spin_unlock is missing\n");
		return -EINVAL;
	}
	/* before leaving the frame: a callback must give back what it took */
	err = check_reference_leak(env);
	if (err)
		return err;
	if (env->cur_state->curframe) {
		*frame_exit = true;
		return prepare_func_exit(env, &env->insn_idx);
	}
	return check_return_code(env);
}

/* ---- the walk ---- */

static void log_insn_cb(void *private_data, const char *fmt, ...)
{
	struct bpf_verifier_env *env = private_data;
	va_list args;

	if (!bpf_verifier_log_needed(&env->log))
		return;
	va_start(args, fmt);
	bpf_verifier_vlog(&env->log, fmt, args);
	va_end(args);
}

static void log_insn(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	struct bpf_verifier_state *state = env->cur_state;
	const struct bpf_insn_cbs cbs = {
		.cb_print	= log_insn_cb,
		.private_data	= env,
	};

	if (verifier_state_scratched(env))
		print_insn_state(env, state->frame[state->curframe]);
	verbose_linfo(env, env->insn_idx, "; ");
	env->prev_log_len = env->log.len_used;
	verbose(env, "%d: ", env->insn_idx);
	print_bpf_insn(&cbs, insn, env->allow_ptr_leaks);
	env->prev_insn_print_len = env->log.len_used - env->prev_log_len;
	env->prev_log_len = env->log.len_used;
}

static int check_call_insn(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	if (BPF_SRC(insn->code) != BPF_K ||
	    (insn->src_reg != BPF_PSEUDO_KFUNC_CALL && insn->off != 0) ||
	    (insn->src_reg != BPF_REG_0 && insn->src_reg != BPF_PSEUDO_CALL &&
	     insn->src_reg != BPF_PSEUDO_KFUNC_CALL) ||
	    insn->dst_reg != BPF_REG_0 || BPF_CLASS(insn->code) == BPF_JMP32) {
		verbose(env, "BPF_CALL uses reserved fields\n");
		return -EINVAL;
	}
	if (env->cur_state->active_spin_lock &&
	    (insn->src_reg == BPF_PSEUDO_CALL || insn->imm != BPF_FUNC_spin_unlock)) {
		verbose(env, "function calls are not allowed while holding a lock\n");
		return -EINVAL;
	}
	if (insn->src_reg == BPF_PSEUDO_CALL)
		return check_func_call(env, insn, &env->insn_idx);
	if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		return check_kfunc_call(env, insn, &env->insn_idx);
	return check_helper_call(env, insn, &env->insn_idx);
}

/* Remembers the pointer type an insn accessed: one insn, one kind of pointer. */
static int record_access_type(struct bpf_verifier_env *env, enum bpf_reg_type type)
{
	enum bpf_reg_type *prev = &env->insn_aux_data[env->insn_idx].ptr_type;

	if (*prev == NOT_INIT) {
		*prev = type;
		return 0;
	}
	if (reg_type_mismatch(type, *prev)) {
		verbose(env, "same insn cannot be used with different pointers\n");
		return -EINVAL;
	}
	return 0;
}

static int check_ldx(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	enum bpf_reg_type src_type;
	int err;

	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	err = err ?: check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	src_type = cur_regs(env)[insn->src_reg].type;
	err = check_mem_access(env, env->insn_idx, insn->src_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, insn->dst_reg, false);
	return err ?: record_access_type(env, src_type);
}

static int check_stx(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	enum bpf_reg_type dst_type;
	int err;

	if (BPF_MODE(insn->code) != BPF_MEM || insn->imm != 0) {
		verbose(env, "BPF_STX uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	err = err ?: check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_type = cur_regs(env)[insn->dst_reg].type;
	err = check_mem_access(env, env->insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_WRITE, insn->src_reg, false);
	return err ?: record_access_type(env, dst_type);
}

static int check_st(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	int err;

	if (BPF_MODE(insn->code) != BPF_MEM || insn->src_reg != BPF_REG_0) {
		verbose(env, "BPF_ST uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if (is_ctx_reg(env, insn->dst_reg)) {
		verbose(env, "BPF_ST stores into R%d %s is not allowed\n", insn->dst_reg,
			reg_type_str(env, cur_regs(env)[insn->dst_reg].type));
		return -EACCES;
	}
	return check_mem_access(env, env->insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, -1, false);
}

/*
 * What do_check does after an insn: 0 go to the next insn, 1 the insn
 * moved env->insn_idx itself (a jump or a frame change), 2 the path
 * ended (exit of the program): pop the next branch.
 */
enum { NEXT_INSN, INSN_IDX_SET, PATH_DONE };

static int do_check_jmp(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	bool frame_exit;
	int err;

	env->jmps_processed++;
	switch (opcode) {
	case BPF_CALL:
		err = check_call_insn(env, insn);
		return err ?: NEXT_INSN;
	case BPF_JA:
		if (BPF_SRC(insn->code) != BPF_K || insn->src_reg != BPF_REG_0 ||
		    insn->dst_reg != BPF_REG_0 ||
		    (BPF_CLASS(insn->code) == BPF_JMP && insn->imm != 0) ||
		    (BPF_CLASS(insn->code) == BPF_JMP32 && insn->off != 0)) {
			verbose(env, "BPF_JA uses reserved fields\n");
			return -EINVAL;
		}
		env->insn_idx += (BPF_CLASS(insn->code) == BPF_JMP ? insn->off : insn->imm) + 1;
		return INSN_IDX_SET;
	case BPF_EXIT:
		err = check_exit(env, insn, &frame_exit);
		if (err)
			return err;
		return frame_exit ? INSN_IDX_SET : PATH_DONE;
	default:
		err = check_cond_jmp_op(env, insn, &env->insn_idx);
		return err ?: NEXT_INSN;
	}
}

static int do_check_ld(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 mode = BPF_MODE(insn->code);
	int err;

	if (mode == BPF_ABS || mode == BPF_IND)
		return check_ld_abs(env, insn);
	if (mode != BPF_IMM) {
		verbose(env, "invalid BPF_LD mode\n");
		return -EINVAL;
	}
	err = check_ld_imm(env, insn);
	if (err)
		return err;
	/* the second half of the pair is seen with the first */
	env->insn_idx++;
	sanitize_mark_insn_seen(env);
	return 0;
}

/* One insn of the current path. */
static int do_check_insn(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code);
	int err;

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu_op(env, insn);
	case BPF_LDX:
		return check_ldx(env, insn);
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			err = check_atomic(env, env->insn_idx, insn);
			if (err)
				return err;
			env->insn_idx++;
			return INSN_IDX_SET;
		}
		return check_stx(env, insn);
	case BPF_ST:
		return check_st(env, insn);
	case BPF_JMP:
	case BPF_JMP32:
		return do_check_jmp(env, insn);
	case BPF_LD:
		return do_check_ld(env, insn);
	default:
		verbose(env, "unknown insn class %d\n", class);
		return -EINVAL;
	}
}

static void log_pruned(struct bpf_verifier_env *env, bool from_branch)
{
	if (!(env->log.level & BPF_LOG_LEVEL))
		return;
	if (from_branch)
		verbose(env, "\nfrom %d to %d%s: safe\n", env->prev_insn_idx, env->insn_idx,
			env->cur_state->speculative ? " (speculative execution)" : "");
	else
		verbose(env, "%d: safe\n", env->insn_idx);
}

static int do_check(struct bpf_verifier_env *env)
{
	bool pop_log = !(env->log.level & BPF_LOG_LEVEL2);
	int insn_cnt = env->prog->len, prev_insn_idx = -1, err;
	bool do_print_state = false;

	for (;;) {
		struct bpf_verifier_state *state = env->cur_state;
		struct bpf_insn *insn;

		env->prev_insn_idx = prev_insn_idx;
		if (env->insn_idx >= insn_cnt) {
			verbose(env, "invalid insn idx %d insn_cnt %d\n", env->insn_idx, insn_cnt);
			return -EFAULT;
		}
		insn = &env->prog->insnsi[env->insn_idx];
		if (++env->insn_processed > bpf_complexity_limit_insns) {
			verbose(env, "BPF program is too large. Processed %d insn\n",
				env->insn_processed);
			return -E2BIG;
		}

		err = is_state_visited(env, env->insn_idx);
		if (err < 0)
			return err;
		if (err == 1) {
			log_pruned(env, do_print_state);
			goto path_done;
		}

		if ((env->log.level & BPF_LOG_LEVEL2) && do_print_state) {
			verbose(env, "\nfrom %d to %d%s:", env->prev_insn_idx, env->insn_idx,
				state->speculative ? " (speculative execution)" : "");
			print_verifier_state(env, state->frame[state->curframe], true);
			do_print_state = false;
		}
		if (env->log.level & BPF_LOG_LEVEL)
			log_insn(env, insn);

		sanitize_mark_insn_seen(env);
		prev_insn_idx = env->insn_idx;

		err = do_check_insn(env, insn);
		if (err < 0)
			return err;
		if (err == INSN_IDX_SET) {
			/* a return from a frame prints the state it returns to */
			if (BPF_CLASS(insn->code) == BPF_JMP && BPF_OP(insn->code) == BPF_EXIT)
				do_print_state = true;
			continue;
		}
		if (err == NEXT_INSN) {
			env->insn_idx++;
			continue;
		}
path_done:
		mark_verifier_state_scratched(env);
		update_branch_counts(env, env->cur_state);
		err = pop_stack(env, &prev_insn_idx, &env->insn_idx, pop_log);
		if (err < 0) {
			if (err != -ENOENT)
				return err;
			return 0;
		}
		do_print_state = true;
	}
}

/* ---- global functions: checked once, for any arguments their BTF allows ---- */

/* The name of the struct a program type's context is, for a BTF "ctx" argument. */
static const char *ctx_struct_name(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
		return "__sk_buff";
	case BPF_PROG_TYPE_XDP:
		return "xdp_md";
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return "bpf_sock";
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return "bpf_sock_addr";
	case BPF_PROG_TYPE_SOCK_OPS:
		return "bpf_sock_ops";
	case BPF_PROG_TYPE_SK_MSG:
		return "sk_msg_md";
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "__sk_buff";
	case BPF_PROG_TYPE_KPROBE:
		return "pt_regs";
	case BPF_PROG_TYPE_PERF_EVENT:
		return "bpf_perf_event_data";
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return "bpf_raw_tracepoint_args";
	case BPF_PROG_TYPE_SK_LOOKUP:
		return "bpf_sk_lookup";
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return "sk_reuseport_md";
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return "bpf_sysctl";
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return "bpf_sockopt";
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return "bpf_cgroup_dev_ctx";
	default:
		return NULL;
	}
}

static const struct btf_type *subprog_func_proto(struct bpf_verifier_env *env, int subprog,
						 const char **name)
{
	const struct btf *btf = env->prog->aux->btf;
	const struct btf_type *t;

	if (!btf || !env->prog->aux->func_info)
		return NULL;
	t = btf_type_by_id(btf, env->prog->aux->func_info[subprog].type_id);
	if (!t || !btf_type_is_func(t))
		return NULL;
	*name = btf_name_by_offset(btf, t->name_off);
	t = btf_type_by_id(btf, t->type);
	return t && btf_type_is_func_proto(t) ? t : NULL;
}

/* One argument of a global function, as a register state. */
static int prepare_func_arg(struct bpf_verifier_env *env, const struct btf_type *t,
			    struct bpf_reg_state *reg, int i, const char *fname)
{
	const struct btf *btf = env->prog->aux->btf;
	const char *ctx_name = ctx_struct_name(resolve_prog_type(env->prog));
	const struct btf_type *ref;
	u32 ref_id, size;

	while (t && (btf_type_is_typedef(t) || btf_type_is_type_tag(t) ||
		     BTF_INFO_KIND(t->info) == BTF_KIND_CONST ||
		     BTF_INFO_KIND(t->info) == BTF_KIND_VOLATILE ||
		     BTF_INFO_KIND(t->info) == BTF_KIND_RESTRICT))
		t = btf_type_by_id(btf, t->type);
	if (t && (btf_type_is_int(t) || btf_is_any_enum(t))) {
		reg->type = SCALAR_VALUE;
		return 0;
	}
	if (t && btf_type_is_ptr(t)) {
		ref = btf_type_skip_modifiers(btf, t->type, &ref_id);
		if (ref && btf_type_is_struct(ref) && ctx_name &&
		    !strcmp(btf_name_by_offset(btf, ref->name_off), ctx_name)) {
			reg->type = PTR_TO_CTX;
			return 0;
		}
		ref_id = t->type;
		ref = btf_resolve_size(btf, btf_type_by_id(btf, ref_id), &size);
		if (ref && !IS_ERR(ref) && size) {
			reg->type = PTR_TO_MEM | PTR_MAYBE_NULL;
			reg->mem_size = size;
			return 0;
		}
		verbose(env, "Arg#%d type %s in %s() is not supported yet.\n", i,
			ref ? btf_type_str(btf_type_by_id(btf, t->type)) : "unknown", fname);
		return -EINVAL;
	}
	verbose(env, "Arg#%d type %s in %s() is not supported yet.\n", i,
		t ? btf_type_str(t) : "unknown", fname);
	return -EINVAL;
}

static int btf_prepare_func_args(struct bpf_verifier_env *env, int subprog,
				 struct bpf_reg_state *regs)
{
	const struct btf *btf = env->prog->aux->btf;
	const struct btf_param *args;
	const struct btf_type *proto, *ret;
	const char *fname = "";
	u32 nargs, i;
	int err;

	proto = subprog_func_proto(env, subprog, &fname);
	if (!proto) {
		verbose(env, "Missing or invalid BTF for subprog#%d\n", subprog);
		return -EFAULT;
	}
	nargs = btf_type_vlen(proto);
	if (nargs > MAX_BPF_FUNC_REG_ARGS) {
		verbose(env, "Global function %s() with %d > %d args. Buggy compiler.\n",
			fname, nargs, MAX_BPF_FUNC_REG_ARGS);
		return -EINVAL;
	}
	ret = btf_type_skip_modifiers(btf, proto->type, NULL);
	if (!ret || !(btf_type_is_int(ret) || btf_is_any_enum(ret))) {
		verbose(env, "Global function %s() doesn't return scalar. Only those are supported.\n",
			fname);
		return -EINVAL;
	}
	args = btf_params(proto);
	for (i = 0; i < nargs; i++) {
		err = prepare_func_arg(env, btf_type_by_id(btf, args[i].type),
				       &regs[i + 1], i, fname);
		if (err)
			return err;
	}
	return 0;
}

static int init_subprog_args(struct bpf_verifier_env *env, int subprog,
			     struct bpf_reg_state *regs)
{
	int i, err;

	err = btf_prepare_func_args(env, subprog, regs);
	if (err)
		return err;
	for (i = BPF_REG_1; i <= BPF_REG_5; i++) {
		if (regs[i].type == PTR_TO_CTX) {
			mark_reg_known_zero(env, regs, i);
		} else if (regs[i].type == SCALAR_VALUE) {
			mark_reg_unknown(env, regs, i);
		} else if (base_type(regs[i].type) == PTR_TO_MEM) {
			u32 mem_size = regs[i].mem_size;
			enum bpf_reg_type type = regs[i].type;

			mark_reg_known_zero(env, regs, i);
			regs[i].type = type;
			regs[i].mem_size = mem_size;
			regs[i].id = new_reg_id(env);
		}
	}
	return 0;
}

static int do_check_common(struct bpf_verifier_env *env, int subprog)
{
	bool pop_log = !(env->log.level & BPF_LOG_LEVEL2);
	struct bpf_verifier_state *state;
	struct bpf_reg_state *regs;
	int ret;

	env->prev_linfo = NULL;
	env->pass_cnt++;

	state = kzalloc(sizeof(*state), GFP_KERNEL);
	if (!state)
		return -ENOMEM;
	state->branches = 1;
	state->frame[0] = kzalloc(sizeof(struct bpf_func_state), GFP_KERNEL);
	if (!state->frame[0]) {
		kfree(state);
		return -ENOMEM;
	}
	env->cur_state = state;
	init_func_state(env, state->frame[0], -1 /* BPF_MAIN_FUNC */, 0, subprog);
	state->first_insn_idx = env->subprog_info[subprog].start;
	state->last_insn_idx = -1;

	regs = state->frame[0]->regs;
	if (subprog || env->prog->type == BPF_PROG_TYPE_EXT) {
		ret = init_subprog_args(env, subprog, regs);
		if (ret)
			goto out;
	} else {
		regs[BPF_REG_1].type = PTR_TO_CTX;
		mark_reg_known_zero(env, regs, BPF_REG_1);
	}
	ret = do_check(env);
out:
	if (env->cur_state) {
		free_verifier_state(env->cur_state, true);
		env->cur_state = NULL;
	}
	while (!pop_stack(env, NULL, NULL, false))
		;
	if (!ret && pop_log)
		bpf_vlog_reset(&env->log, 0);
	free_states(env);
	return ret;
}

static int do_check_subprogs(struct bpf_verifier_env *env)
{
	struct bpf_prog_aux *aux = env->prog->aux;
	u32 i;
	int ret;

	if (!aux->func_info)
		return 0;
	for (i = 1; i < env->subprog_cnt; i++) {
		if (aux->func_info_aux[i].linkage != BTF_FUNC_GLOBAL)
			continue;
		env->insn_idx = env->subprog_info[i].start;
		ret = do_check_common(env, i);
		if (ret)
			return ret;
		if (env->log.level & BPF_LOG_LEVEL)
			verbose(env, "Func#%d is safe for any args that match its prototype\n", i);
	}
	return 0;
}

static int do_check_main(struct bpf_verifier_env *env)
{
	env->insn_idx = 0;
	return do_check_common(env, 0);
}

/* ---- after the walk ---- */

static int check_program(struct bpf_verifier_env *env)
{
	int ret;

	env->explored_states = kvcalloc(env->prog->len, sizeof(*env->explored_states),
					GFP_KERNEL);
	if (!env->explored_states)
		return -ENOMEM;

	ret = add_subprog_and_kfunc(env);
	ret = ret ?: check_subprogs(env);
	ret = ret ?: resolve_pseudo_ldimm64(env);
	ret = ret ?: check_cfg(env);
	ret = ret ?: do_check_subprogs(env);
	ret = ret ?: do_check_main(env);
	kvfree(env->explored_states);
	env->explored_states = NULL;

	ret = ret ?: check_max_stack_depth(env);
	/* the program is accepted: the rewrites, in 6.1's order */
	ret = ret ?: optimize_bpf_loop(env);
	if (!ret && env->bpf_capable) {
		opt_hard_wire_dead_code_branches(env);
		ret = opt_remove_dead_code(env);
		ret = ret ?: opt_remove_nops(env);
	} else if (!ret) {
		sanitize_dead_code(env);
	}
	ret = ret ?: convert_ctx_accesses(env);
	ret = ret ?: do_misc_fixups(env);
	return ret ?: opt_subreg_zext_lo32_rnd_hi32(env, env->attr);
}

static void init_env_privileges(struct bpf_verifier_env *env, const union bpf_attr *attr)
{
	bool perfmon = perfmon_capable();

	env->bpf_capable = bpf_capable();
	env->allow_ptr_leaks = perfmon;
	env->allow_uninit_stack = perfmon;
	env->allow_ptr_to_map_access = perfmon;
	env->bypass_spec_v1 = perfmon;
	env->bypass_spec_v4 = perfmon;
	/* x86-64 and arm64 have efficient unaligned access */
	env->strict_alignment = !!(attr->prog_flags & BPF_F_STRICT_ALIGNMENT);
	if (attr->prog_flags & BPF_F_ANY_ALIGNMENT)
		env->strict_alignment = false;
	if (env->bpf_capable)
		env->test_state_freq = !!(attr->prog_flags & BPF_F_TEST_STATE_FREQ);
}

int bpf_check(struct bpf_prog **prog, union bpf_attr *attr, union bpf_attr __user *uattr)
{
	u64 start_time = ktime_get_ns();
	struct bpf_verifier_env *env;
	struct bpf_verifier_log *log;
	u32 i;
	int ret;

	env = kzalloc(sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->insn_aux_data = kvcalloc((*prog)->len, sizeof(*env->insn_aux_data), GFP_KERNEL);
	if (!env->insn_aux_data) {
		kfree(env);
		return -ENOMEM;
	}
	for (i = 0; i < (*prog)->len; i++)
		env->insn_aux_data[i].orig_idx = i;
	env->prog = *prog;
	env->ops = (*prog)->aux->vops;
	env->attr = attr;
	init_env_privileges(env, attr);

	log = &env->log;
	if (attr->log_level || attr->log_buf || attr->log_size) {
		log->level = attr->log_level;
		log->ubuf = u64_to_user_ptr(attr->log_buf);
		log->len_total = attr->log_size;
		if (!bpf_verifier_log_attr_valid(log)) {
			ret = -EINVAL;
			goto out_free;
		}
	}
	mark_verifier_state_clean(env);
	/* as 6.1: the vmlinux BTF, and the BTF ids helpers name, before the walk */
	bpf_get_btf_vmlinux();

	/* func_info and line_info describe the program as loaded: check them before any rewrite */
	ret = btf_check_prog_info_uattr(env->prog, attr, uattr, log);
	if (!ret)
		ret = check_program(env);

	env->verification_time = ktime_get_ns() - start_time;
	print_verification_stats(env);
	env->prog->aux->verified_insns = env->insn_processed;

	if (log->level && bpf_verifier_log_full(log))
		ret = -ENOSPC;
	if (log->level && !log->ubuf)
		ret = -EFAULT;
	if (!ret)
		ret = publish_prog_aux(env);

	if (ret) {
		release_maps(env);
		kfree(env->subprog_entries);
	}
	*prog = env->prog;
out_free:
	kvfree(env->insn_aux_data);
	kfree(env);
	return ret;
}
