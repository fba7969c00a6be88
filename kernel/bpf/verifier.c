// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_check(): the load-time checker that stands in for the verifier.
 * It makes Linux 6.1's structural checks with 6.1's messages and errno
 * (opcodes, registers, reserved fields, jumps, subprograms, the flow
 * graph, map references, helper calls and who may call them, context
 * accesses) and its post-verification rewrites, and writes the log as
 * 6.1 does.  It does not track values: the checking interpreter bounds
 * every access the program makes at run time instead.
 *
 * The walk (do_check) visits each instruction once, in the order the
 * verifier would first reach it: fall-through first, branches later,
 * into a callee at its first call.  Loops are accepted from the
 * privileged, as 6.1 accepts bounded ones; nothing proves them bounded
 * here, the interpreter's run limits do.
 */
#include "verifier_env.h"
#include <linux/bpf.h>
#include <linux/btf.h>
#include <ctype.h>

/* ---- registers ---- */

static int check_reg_arg(struct bpf_verifier_env *env, u32 regno, bool dst)
{
	if (regno >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", regno);
		return -EINVAL;
	}
	if (dst && regno == BPF_REG_FP) {
		verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	return 0;
}

#define SRC_OP	false
#define DST_OP	true

/* ---- what the context typing found ---- */

static int check_ctx_access(struct bpf_verifier_env *env, u32 idx)
{
	const struct bpf_insn_aux_data *aux = &env->insn_aux_data[idx];
	const struct bpf_insn *insn = &env->prog->insnsi[idx];
	int size = bpf_size_bytes(insn->code);
	struct bpf_prog_aux *prog_aux = env->prog->aux;

	if (!(aux->ctx_flags & CTX_ACCESS_VALID)) {
		verbose(env, "invalid bpf_context access off=%d size=%d\n", insn->off, size);
		return -EACCES;
	}
	/* the last byte of the context a program reads or writes */
	if (insn->off + size > 0 && prog_aux->max_ctx_offset < (u32)(insn->off + size))
		prog_aux->max_ctx_offset = insn->off + size;
	return 0;
}

static int report_verdict(struct bpf_verifier_env *env, u32 idx)
{
	const struct bpf_insn_aux_data *aux = &env->insn_aux_data[idx];
	int reg = aux->verdict_reg, off = aux->verdict_off;

	switch (aux->verdict) {
	case V_NONE:
		return 0;
	case V_CTX:
		return check_ctx_access(env, idx);
	case V_CTX_MODIFIED:
		verbose(env, "dereference of modified ctx ptr R%d off=%d disallowed\n", reg, off);
		return -EACCES;
	case V_CTX_NEGATIVE:
		verbose(env, "negative offset ctx ptr R%d off=%d disallowed\n", reg, off);
		return -EACCES;
	case V_CTX_VARIABLE:
		verbose(env, "variable ctx access var_off=(0x0; 0xffffffffffffffff) disallowed\n");
		return -EACCES;
	case V_MIXED_SCALAR:
		verbose(env, "R%d invalid mem access 'scalar'\n", reg);
		return -EACCES;
	case V_MIXED_UNINIT:
	case V_LD_ABS_UNINIT:
	case V_ARG_UNINIT:
	case V_R0_UNINIT:
		verbose(env, "R%d !read_ok\n", reg);
		return -EACCES;
	case V_MIXED_PTR:
		verbose(env, "same insn cannot be used with different pointers\n");
		return -EINVAL;
	case V_ST_CTX:
		verbose(env, "BPF_ST stores into R%d %s is not allowed\n", reg, reg_type_str(off));
		return -EACCES;
	case V_ATOMIC_BAD:
		verbose(env, "BPF_ATOMIC stores into R%d %s is not allowed\n", reg,
			reg_type_str(off));
		return -EACCES;
	case V_LEAK_CTX:
		verbose(env, "R%d leaks addr into ctx\n", reg);
		return -EACCES;
	case V_R0_LEAK:
		verbose(env, "R0 leaks addr as return value\n");
		return -EACCES;
	case V_RET_STACK:
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	case V_LD_ABS_NOT_CTX:
		verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	case V_ARG_TYPE:
		verbose(env, "R%d type=%s expected=ctx\n", reg, reg_type_str(off));
		return -EACCES;
	}
	return 0;
}

/* ---- instruction classes ---- */

static int check_alu_op(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	u8 op = BPF_OP(insn->code);
	bool x = BPF_SRC(insn->code) == BPF_X;
	int err;

	if (op == BPF_NEG || op == BPF_END) {
		if (op == BPF_NEG && (x || insn->src_reg || insn->off || insn->imm)) {
			verbose(env, "BPF_NEG uses reserved fields\n");
			return -EINVAL;
		}
		if (op == BPF_END &&
		    (insn->src_reg || insn->off ||
		     (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
		     BPF_CLASS(insn->code) == BPF_ALU64)) {
			verbose(env, "BPF_END uses reserved fields\n");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->dst_reg, SRC_OP);
		return err ?: check_reg_arg(env, insn->dst_reg, DST_OP);
	}

	if (op == BPF_MOV) {
		if (x ? (insn->imm || insn->off) : (insn->src_reg || insn->off)) {
			verbose(env, "BPF_MOV uses reserved fields\n");
			return -EINVAL;
		}
		if (x) {
			err = check_reg_arg(env, insn->src_reg, SRC_OP);
			if (err)
				return err;
		}
		return check_reg_arg(env, insn->dst_reg, DST_OP);
	}

	if (op > BPF_END) {
		verbose(env, "invalid BPF_ALU opcode %x\n", op);
		return -EINVAL;
	}

	if (x ? (insn->imm || insn->off) : (insn->src_reg || insn->off)) {
		verbose(env, "BPF_ALU uses reserved fields\n");
		return -EINVAL;
	}
	if (x) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if ((op == BPF_DIV || op == BPF_MOD) && !x && !insn->imm) {
		verbose(env, "div by zero\n");
		return -EINVAL;
	}
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && !x) {
		int bits = BPF_CLASS(insn->code) == BPF_ALU64 ? 64 : 32;

		if (insn->imm < 0 || insn->imm >= bits) {
			verbose(env, "invalid shift %d\n", insn->imm);
			return -EINVAL;
		}
	}
	return check_reg_arg(env, insn->dst_reg, DST_OP);
}

static int check_ldx(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	int err;

	/* the reserved fields were checked with the opcodes */
	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	err = err ?: check_reg_arg(env, insn->dst_reg, DST_OP);
	return err ?: report_verdict(env, idx);
}

static bool atomic_op_known(s32 imm)
{
	switch (imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		return true;
	default:
		return false;
	}
}

static int check_atomic(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	int err;

	if (!atomic_op_known(insn->imm)) {
		verbose(env, "BPF_ATOMIC uses invalid atomic opcode %02x\n", insn->imm);
		return -EINVAL;
	}
	if (BPF_SIZE(insn->code) != BPF_W && BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid atomic operand size\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	err = err ?: check_reg_arg(env, insn->dst_reg, SRC_OP);
	err = err ?: report_verdict(env, idx);
	if (err)
		return err;
	/* the old value goes to src_reg, or to r0 for cmpxchg */
	if (insn->imm & BPF_FETCH)
		return check_reg_arg(env, insn->imm == BPF_CMPXCHG ? BPF_REG_0 :
				     insn->src_reg, DST_OP);
	return 0;
}

static int check_stx(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	int err;

	if (BPF_MODE(insn->code) == BPF_ATOMIC)
		return check_atomic(env, insn, idx);
	if (BPF_MODE(insn->code) != BPF_MEM || insn->imm) {
		verbose(env, "BPF_STX uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	err = err ?: check_reg_arg(env, insn->dst_reg, SRC_OP);
	return err ?: report_verdict(env, idx);
}

static int check_st(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	int err;

	if (BPF_MODE(insn->code) != BPF_MEM || insn->src_reg) {
		verbose(env, "BPF_ST uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	return err ?: report_verdict(env, idx);
}

static int check_ld_abs(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	const struct bpf_prog_ops *ops = env->prog->aux->ops;
	int err;

	/* the program types that can read a packet this way have ld_abs_ptr */
	if (!ops || !ops->ld_abs_ptr) {
		verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
		return -EINVAL;
	}
	if (insn->dst_reg || insn->off || BPF_SIZE(insn->code) == BPF_DW ||
	    (BPF_MODE(insn->code) == BPF_ABS && insn->src_reg)) {
		verbose(env, "BPF_LD_[ABS|IND] uses reserved fields\n");
		return -EINVAL;
	}
	err = report_verdict(env, idx);
	if (!err && BPF_MODE(insn->code) == BPF_IND)
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
	return err;
}

static int check_ld(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	u8 mode = BPF_MODE(insn->code);

	if (mode == BPF_ABS || mode == BPF_IND)
		return check_ld_abs(env, insn, idx);
	if (mode != BPF_IMM) {
		verbose(env, "invalid BPF_LD mode\n");
		return -EINVAL;
	}
	if (BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid BPF_LD_IMM insn\n");
		return -EINVAL;
	}
	if (insn->off) {
		verbose(env, "BPF_LD_IMM64 uses reserved fields\n");
		return -EINVAL;
	}
	return check_reg_arg(env, insn->dst_reg, DST_OP);
}

static int check_helper_call(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			     u32 idx)
{
	const struct bpf_func_proto *fn;
	s32 func_id = insn->imm;
	int err;

	if (func_id < 0 || func_id >= __BPF_FUNC_MAX_ID) {
		verbose(env, "invalid func %s#%d\n", func_id_name(func_id), func_id);
		return -EINVAL;
	}
	fn = env->helper_proto[func_id];
	if (!fn) {
		verbose(env, "unknown func %s#%d\n", func_id_name(func_id), func_id);
		return -EINVAL;
	}
	if (!env->prog->gpl_compatible && fn->gpl_only) {
		verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}
	if (fn->allowed && !fn->allowed(env->prog)) {
		verbose(env, "helper call is not allowed in probe\n");
		return -EINVAL;
	}
	if (!env->prog->aux->sleepable && fn->might_sleep) {
		verbose(env, "helper call might sleep in a non-sleepable prog\n");
		return -EINVAL;
	}
	err = report_verdict(env, idx);
	if (err)
		return err;
	if (!env->call_idx[func_id]) {
		env->call_ids[env->call_cnt] = func_id;
		env->call_idx[func_id] = ++env->call_cnt;
	}
	return 0;
}

static int check_call(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	if (BPF_SRC(insn->code) != BPF_K ||
	    (insn->src_reg != BPF_PSEUDO_KFUNC_CALL && insn->off) ||
	    (insn->src_reg != BPF_REG_0 && insn->src_reg != BPF_PSEUDO_CALL &&
	     insn->src_reg != BPF_PSEUDO_KFUNC_CALL) ||
	    insn->dst_reg || BPF_CLASS(insn->code) == BPF_JMP32) {
		verbose(env, "BPF_CALL uses reserved fields\n");
		return -EINVAL;
	}
	if (insn->src_reg == BPF_REG_0)
		return check_helper_call(env, insn, idx);
	/* bpf-to-bpf calls: the walk checks the depth; kfuncs never got here */
	return 0;
}

static int check_ja(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	bool jmp64 = BPF_CLASS(insn->code) == BPF_JMP;

	if (BPF_SRC(insn->code) != BPF_K || insn->src_reg || insn->dst_reg ||
	    (jmp64 ? insn->imm : insn->off)) {
		verbose(env, "BPF_JA uses reserved fields\n");
		return -EINVAL;
	}
	return 0;
}

static int check_exit(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	if (BPF_SRC(insn->code) != BPF_K || insn->imm || insn->src_reg ||
	    insn->dst_reg || BPF_CLASS(insn->code) == BPF_JMP32) {
		verbose(env, "BPF_EXIT uses reserved fields\n");
		return -EINVAL;
	}
	return report_verdict(env, idx);
}

static int check_cond_jmp_op(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			     u32 idx)
{
	u8 op = BPF_OP(insn->code);
	int err;

	if (op == BPF_JA || op > BPF_JSLE) {
		verbose(env, "invalid BPF_JMP/JMP32 opcode %x\n", op);
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm) {
			verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
			return -EINVAL;
		}
		return check_reg_arg(env, insn->src_reg, SRC_OP);
	}
	if (insn->src_reg) {
		verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
		return -EINVAL;
	}
	return 0;
}

static int check_jmp(struct bpf_verifier_env *env, const struct bpf_insn *insn, u32 idx)
{
	switch (BPF_OP(insn->code)) {
	case BPF_CALL:
		return check_call(env, insn, idx);
	case BPF_JA:
		return check_ja(env, insn, idx);
	case BPF_EXIT:
		return check_exit(env, insn, idx);
	default:
		return check_cond_jmp_op(env, insn, idx);
	}
}

typedef int (*check_insn_fn)(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			     u32 idx);

static const check_insn_fn check_class[8] = {
	[BPF_LD]	= check_ld,
	[BPF_LDX]	= check_ldx,
	[BPF_ST]	= check_st,
	[BPF_STX]	= check_stx,
	[BPF_ALU]	= check_alu_op,
	[BPF_JMP]	= check_jmp,
	[BPF_JMP32]	= check_jmp,
	[BPF_ALU64]	= check_alu_op,
};

/* ---- the walk ---- */

struct walk_pos {
	u32 insn;
	u32 prev;
	u32 log_pos;		/* where the log stood when the branch was seen */
	u32 depth;		/* frames above the current one */
	u32 rets[MAX_CALL_FRAMES];
};

struct walk {
	struct walk_pos cur;
	struct walk_pos *stack;
	u32 sp;
	bool popped;		/* cur came off the branch stack */
};

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

/* The source line of insn idx, once per line, as 6.1's verbose_linfo prints it. */
static void print_linfo(struct bpf_verifier_env *env, u32 idx)
{
	const struct bpf_line_info *linfo;
	const char *line;

	if (!env->prog->aux->btf || !bpf_verifier_log_needed(&env->log))
		return;
	linfo = bpf_prog_linfo_find(env->prog, idx);
	if (!linfo || linfo == env->prev_linfo)
		return;
	line = btf_name_by_offset(env->prog->aux->btf, linfo->line_off);
	while (line && isspace((unsigned char)*line))
		line++;
	verbose(env, "; %s\n", line ? line : "");
	env->prev_linfo = linfo;
}

static void print_insn(struct bpf_verifier_env *env, u32 idx)
{
	const struct bpf_insn_cbs cbs = {
		.cb_print	= log_insn_cb,
		.private_data	= env,
	};

	verbose(env, "%d: ", idx);
	print_bpf_insn(&cbs, &env->prog->insnsi[idx], env->allow_ptr_leaks);
}

/* Continues with the last branch left aside; false when none is left. */
static bool walk_pop(struct bpf_verifier_env *env, struct walk *w)
{
	if (!w->sp)
		return false;
	w->cur = w->stack[--w->sp];
	/* at level 1 only the path that ends the walk stays in the log */
	if (!(env->log.level & BPF_LOG_LEVEL2))
		bpf_vlog_reset(&env->log, w->cur.log_pos);
	w->popped = true;
	return true;
}

static void walk_push(struct bpf_verifier_env *env, struct walk *w, u32 target, u32 from)
{
	struct walk_pos *pos = &w->stack[w->sp++];

	*pos = w->cur;
	pos->insn = target;
	pos->prev = from;
	pos->log_pos = env->log.len_used;
}

/* Enters a bpf-to-bpf call, or steps over it when the callee was walked. */
static int walk_call(struct bpf_verifier_env *env, struct walk *w, u32 t)
{
	const struct bpf_insn *insn = &env->prog->insnsi[t];
	int callee = find_subprog(env, (int)t + insn->imm + 1);

	if (callee < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n",
			(int)t + insn->imm + 1);
		return -EFAULT;
	}
	if (w->cur.depth + 1 + env->subprog_info[callee].call_height >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n", MAX_CALL_FRAMES + 1);
		return -E2BIG;
	}
	if (env->insn_aux_data[env->subprog_info[callee].start].seen) {
		w->cur.insn = t + 1;
		return 0;
	}
	w->cur.rets[w->cur.depth++] = t + 1;
	w->cur.insn = env->subprog_info[callee].start;
	return 0;
}

/* Moves the walk past insn t; returns 1 when the path ended. */
static int walk_next(struct bpf_verifier_env *env, struct walk *w, u32 t)
{
	const struct bpf_insn *insn = &env->prog->insnsi[t];
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	w->cur.prev = t;
	if (class != BPF_JMP && class != BPF_JMP32) {
		w->cur.insn = t + (bpf_is_ldimm64(insn) ? 2 : 1);
		return 0;
	}
	switch (op) {
	case BPF_CALL:
		if (insn->src_reg == BPF_PSEUDO_CALL)
			return walk_call(env, w, t);
		w->cur.insn = t + 1;
		return 0;
	case BPF_JA:
		w->cur.insn = t + (class == BPF_JMP ? insn->off : insn->imm) + 1;
		return 0;
	case BPF_EXIT:
		if (!w->cur.depth)
			return 1;
		w->cur.insn = w->cur.rets[--w->cur.depth];
		return 0;
	default:
		walk_push(env, w, t + insn->off + 1, t);
		w->cur.insn = t + 1;
		return 0;
	}
}

static int walk_from(struct bpf_verifier_env *env, struct walk *w, u32 start)
{
	u32 t;
	int err;

	memset(&w->cur, 0, sizeof(w->cur));
	w->cur.insn = start;
	w->cur.prev = start;
	w->popped = false;
	for (;;) {
		t = w->cur.insn;
		if (t >= env->prog->len) {
			verbose(env, "invalid insn idx %d insn_cnt %d\n", t, env->prog->len);
			return -EFAULT;
		}
		if (env->insn_aux_data[t].seen) {
			if (env->log.level & BPF_LOG_LEVEL) {
				if (w->popped)
					verbose(env, "\nfrom %d to %d: safe\n", w->cur.prev, t);
				else
					verbose(env, "%d: safe\n", t);
			}
			goto next_path;
		}
		env->insn_aux_data[t].seen = true;
		if (++env->insn_processed > BPF_COMPLEXITY_LIMIT_INSNS) {
			verbose(env, "BPF program is too large. Processed %d insn\n",
				env->insn_processed);
			return -E2BIG;
		}
		if ((env->log.level & BPF_LOG_LEVEL2) && w->popped)
			verbose(env, "\nfrom %d to %d:\n", w->cur.prev, t);
		w->popped = false;
		if (env->log.level & BPF_LOG_LEVEL) {
			print_linfo(env, t);
			print_insn(env, t);
		}

		err = check_class[BPF_CLASS(env->prog->insnsi[t].code)](env,
							&env->prog->insnsi[t], t);
		err = err ?: walk_next(env, w, t);
		if (err < 0)
			return err;
		if (!err)
			continue;
next_path:
		if (!walk_pop(env, w))
			return 0;
	}
}

/*
 * 6.1's do_check_main(), one visit per insn.  Callbacks are entered where
 * the verifier would check them, at the helper call that runs them: here
 * after the main walk, each from its start.
 */
static int do_check(struct bpf_verifier_env *env)
{
	struct walk w = {};
	int err;
	u32 s;

	w.stack = kvcalloc(env->prog->len, sizeof(*w.stack), GFP_KERNEL);
	if (!w.stack)
		return -ENOMEM;
	err = walk_from(env, &w, 0);
	for (s = 1; !err && s < env->subprog_cnt; s++) {
		u32 start = env->subprog_info[s].start;

		if (!env->insn_aux_data[start].seen)
			err = walk_from(env, &w, start);
	}
	kvfree(w.stack);
	return err;
}

/* ---- helpers ---- */

/* Each helper the program names is looked up once, for the typing and the walk. */
static void lookup_helpers(struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = env->prog->insnsi;
	u32 i;

	for (i = 0; i < env->prog->len; i++) {
		s32 id = insn[i].imm;

		if (!bpf_helper_call(&insn[i]) || id < 0 || id >= __BPF_FUNC_MAX_ID ||
		    env->helper_looked_up[id])
			continue;
		env->helper_looked_up[id] = true;
		if (env->ops && env->ops->get_func_proto)
			env->helper_proto[id] = env->ops->get_func_proto(id, env->prog);
	}
}

/* ---- bpf_check ---- */

static void print_verification_stats(struct bpf_verifier_env *env)
{
	u32 i;

	if (env->log.level & BPF_LOG_STATS) {
		verbose(env, "verification time %lld usec\n",
			(long long)(env->verification_time / 1000));
		verbose(env, "stack depth ");
		for (i = 0; i < env->subprog_cnt; i++) {
			verbose(env, "%d", env->subprog_info[i].stack_depth);
			if (i + 1 < env->subprog_cnt)
				verbose(env, "+");
		}
		verbose(env, "\n");
	}
	/* one visit per insn: there are no states to count */
	verbose(env, "processed %d insns (limit %d) max_states_per_insn %d "
		"total_states %d peak_states %d mark_read %d\n",
		env->insn_processed, BPF_COMPLEXITY_LIMIT_INSNS, 0, 0, 0, 0);
}

static int check_program(struct bpf_verifier_env *env)
{
	int ret;

	ret = add_subprog_and_kfunc(env);
	ret = ret ?: check_subprogs(env);
	ret = ret ?: resolve_pseudo_ldimm64(env);
	ret = ret ?: check_cfg(env);
	if (ret)
		return ret;

	lookup_helpers(env);
	compute_call_heights(env);
	ret = ctx_typing(env);
	ret = ret ?: do_check(env);

	/* the program is accepted: the rewrites */
	ret = ret ?: convert_ctx_accesses(env);
	return ret ?: do_misc_fixups(env);
}

int bpf_check(struct bpf_prog **prog, union bpf_attr *attr, union bpf_attr __user *uattr)
{
	u64 start_time = ktime_get_ns();
	struct bpf_verifier_env *env;
	struct bpf_verifier_log *log;
	int ret;

	env = kzalloc(sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->insn_aux_data = kvcalloc((*prog)->len, sizeof(*env->insn_aux_data), GFP_KERNEL);
	if (!env->insn_aux_data) {
		kfree(env);
		return -ENOMEM;
	}
	env->prog = *prog;
	env->ops = (*prog)->aux->vops;
	env->attr = attr;
	env->bpf_capable = bpf_capable();
	env->allow_ptr_leaks = perfmon_capable();

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
