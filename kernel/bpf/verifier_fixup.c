// SPDX-License-Identifier: GPL-2.0
/*
 * The rewrites of an accepted program, in the order 6.1 makes them after
 * verification:
 *  - bpf_loop() calls with a known callback become a loop around a
 *    bpf-to-bpf call (optimize_bpf_loop);
 *  - code no path reached goes: removed for bpf_capable loaders, a trap
 *    for the others (opt_remove_dead_code, sanitize_dead_code);
 *  - context accesses become accesses of the structure behind the context
 *    (vops->convert_ctx_access, narrow loads widened, shifted and masked);
 *  - helper calls name their proto by an index into prog->aux->call_protos[],
 *    bpf_tail_call() becomes BPF_JMP | BPF_TAIL_CALL (bounded for the
 *    unprivileged), lookups in an array map are inlined (map_gen_lookup),
 *    BPF_PSEUDO_FUNC loads point at the callback's struct bpf_subprog_entry
 *    (in publish_prog_aux(), after the last patch);
 *  - with BPF_F_TEST_RND_HI32, the upper halves nobody reads are randomized
 *    (opt_subreg_zext_lo32_rnd_hi32);
 * and what the program uses (maps, helpers, subprograms) goes to its aux.
 */
#include "verifier_env.h"
#include <net/sock.h>


/* The most insns one converted access may take, as the kernel's insn_buf. */
#define CTX_PATCH_MAX	16
/* What a tail call lets a program reach of a packet, as in 6.1. */
#define MAX_PACKET_OFF	0xffff

/* A subprogram starts later when insns were inserted before it. */
static void adjust_subprog_starts(struct bpf_verifier_env *env, u32 off, u32 len)
{
	u32 i;

	if (len == 1)
		return;
	for (i = 0; i <= env->subprog_cnt; i++)
		if (env->subprog_info[i].start > off)
			env->subprog_info[i].start += len - 1;
}

/*
 * The aux data follows its insns: a patched insn's data moves to the last
 * insn of the patch, the new ones before it inherit its seen mark.  data
 * is the new array, NULL when the patch is one insn.
 */
static void adjust_insn_aux_data(struct bpf_verifier_env *env,
				 struct bpf_insn_aux_data *data, u32 new_len,
				 u32 off, u32 cnt)
{
	struct bpf_insn_aux_data *old = env->insn_aux_data;
	u32 old_len = new_len - (cnt - 1), i;

	if (cnt == 1)
		return;
	memcpy(data, old, sizeof(*data) * off);
	memcpy(data + off + cnt - 1, old + off, sizeof(*data) * (old_len - off));
	for (i = off; i < off + cnt - 1; i++)
		data[i].seen = old[off].seen;
	env->insn_aux_data = data;
	kvfree(old);
}

/*
 * Which insns of the patch define a 32-bit register is decided afresh, as
 * 6.1 does: what the fixups write is never given random upper halves.
 */
static void adjust_insn_zext(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	u32 i;

	for (i = off; i < off + cnt; i++)
		env->insn_aux_data[i].zext_dst =
			insn_has_def32(env, &env->prog->insnsi[i]);
}

/*
 * Replaces the insn at off by the len insns of patch; NULL (the program
 * unchanged, a log line for a jump out of range) on failure.
 */
struct bpf_prog *patch_insn_data(struct bpf_verifier_env *env, u32 off,
				 const struct bpf_insn *patch, u32 len)
{
	struct bpf_insn_aux_data *data = NULL;
	struct bpf_prog *new_prog;

	/* before the program may move: a failure after it could not be undone */
	if (len > 1) {
		data = kvcalloc(env->prog->len + len - 1, sizeof(*data), GFP_KERNEL);
		if (!data)
			return NULL;
	}
	new_prog = bpf_patch_insn_single(env->prog, off, patch, len);
	if (IS_ERR_OR_NULL(new_prog)) {
		if (PTR_ERR(new_prog) == -ERANGE)
			verbose(env, "insn %d cannot be patched due to 16-bit range\n",
				env->insn_aux_data[off].orig_idx);
		kvfree(data);
		return NULL;
	}
	adjust_insn_aux_data(env, data, new_prog->len, off, len);
	new_prog->aux->prog = new_prog;
	env->prog = new_prog;
	adjust_insn_zext(env, off, len);
	adjust_subprog_starts(env, off, len);
	return new_prog;
}

/* A field wider than a register is read a register at a time. */
static u32 ctx_off_adjust_machine(u32 size)
{
	if (size > sizeof(unsigned long) && size % sizeof(unsigned long) == 0)
		return sizeof(unsigned long);
	return size;
}

/* Where in the wide load the narrow one's bytes are (little-endian). */
static u32 ctx_narrow_access_offset(u32 off, u32 size_default)
{
	return off & (size_default - 1);
}

/* The interpreter trusts only the memory insns that sysbpf wrote. */
static void mark_trusted(struct bpf_insn *insn, u32 cnt)
{
	u32 i;

	for (i = 0; i < cnt; i++) {
		u8 class = BPF_CLASS(insn[i].code);

		if ((class == BPF_LDX || class == BPF_STX || class == BPF_ST) &&
		    BPF_MODE(insn[i].code) == BPF_MEM)
			insn[i].code = class | BPF_SIZE(insn[i].code) | BPF_TRUSTED_MEM;
	}
}

static int convert_one(struct bpf_verifier_env *env, u32 pos, bpf_convert_ctx_access_t convert)
{
	const struct bpf_insn_aux_data *aux = &env->insn_aux_data[pos];
	struct bpf_insn *insn = &env->prog->insnsi[pos];
	struct bpf_insn insn_buf[CTX_PATCH_MAX];
	u32 ctx_field_size = aux->ctx_field_size, size_default, target_size = 0;
	int size = bpf_size_bytes(insn->code), cnt, off = insn->off;
	enum bpf_access_type type;
	bool narrower;
	u8 shift = 0;

	type = BPF_CLASS(insn->code) == BPF_LDX ? BPF_READ : BPF_WRITE;
	narrower = (u32)size < ctx_field_size;
	size_default = ctx_off_adjust_machine(ctx_field_size);
	if (narrower) {
		u8 size_code = ctx_field_size == 8 ? BPF_DW :
			       ctx_field_size == 4 ? BPF_W : BPF_H;

		if (type == BPF_WRITE) {
			verbose(env, "bpf verifier narrow ctx access misconfigured\n");
			return -EINVAL;
		}
		insn->off = off & ~(size_default - 1);
		insn->code = BPF_LDX | BPF_MEM | size_code;
	}

	cnt = convert(type, insn, insn_buf, env->prog, &target_size);
	if (cnt <= 0 || cnt >= CTX_PATCH_MAX || (ctx_field_size && !target_size)) {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}
	mark_trusted(insn_buf, cnt);

	if (narrower && (u32)size < target_size) {
		shift = ctx_narrow_access_offset(off, size_default) * 8;
		if (cnt + (shift ? 2 : 1) > CTX_PATCH_MAX) {
			verbose(env, "bpf verifier narrow ctx load misconfigured\n");
			return -EINVAL;
		}
		if (ctx_field_size <= 4) {
			if (shift)
				insn_buf[cnt++] = BPF_ALU32_IMM(BPF_RSH, insn->dst_reg, shift);
			insn_buf[cnt++] = BPF_ALU32_IMM(BPF_AND, insn->dst_reg,
							(1 << size * 8) - 1);
		} else {
			if (shift)
				insn_buf[cnt++] = BPF_ALU64_IMM(BPF_RSH, insn->dst_reg, shift);
			insn_buf[cnt++] = BPF_ALU32_IMM(BPF_AND, insn->dst_reg,
							(s32)((1ULL << size * 8) - 1));
		}
	}

	if (!patch_insn_data(env, pos, insn_buf, cnt))
		return -ENOMEM;
	return cnt - 1;
}

/* What converts an access through a pointer of this type, NULL: nothing to convert. */
static bpf_convert_ctx_access_t ctx_converter(struct bpf_verifier_env *env,
					      enum bpf_reg_type type)
{
	switch (base_type(type)) {
	case PTR_TO_CTX:
		return env->ops ? env->ops->convert_ctx_access : NULL;
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
		return bpf_sock_convert_ctx_access;
	case PTR_TO_TCP_SOCK:
		return bpf_tcp_sock_convert_ctx_access;
	case PTR_TO_XDP_SOCK:
		return bpf_xdp_sock_convert_ctx_access;
	default:
		return NULL;
	}
}

static bool is_mem_access(const struct bpf_insn *insn, enum bpf_access_type *type)
{
	u8 class = BPF_CLASS(insn->code);

	if (BPF_MODE(insn->code) != BPF_MEM)
		return false;
	if (class == BPF_LDX)
		*type = BPF_READ;
	else if (class == BPF_STX || class == BPF_ST)
		*type = BPF_WRITE;
	else
		return false;
	return true;
}

/* The type's prologue goes first, when the program writes packet data or the type always wants it. */
static int insert_prologue(struct bpf_verifier_env *env)
{
	struct bpf_insn insn_buf[CTX_PATCH_MAX * 2];
	int cnt;

	if (!env->ops || !env->ops->gen_prologue)
		return 0;
	cnt = env->ops->gen_prologue(insn_buf, env->seen_direct_write, env->prog);
	if (cnt >= (int)ARRAY_SIZE(insn_buf)) {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}
	if (cnt <= 0)
		return 0;
	mark_trusted(insn_buf, cnt);
	insn_buf[cnt] = env->prog->insnsi[0];
	if (!patch_insn_data(env, 0, insn_buf, cnt + 1))
		return -ENOMEM;
	return 0;
}

int convert_ctx_accesses(struct bpf_verifier_env *env)
{
	enum bpf_access_type type;
	bpf_convert_ctx_access_t convert;
	u32 i;
	int grown, err;

	err = insert_prologue(env);
	if (err)
		return err;
	for (i = 0; i < env->prog->len; i++) {
		if (!is_mem_access(&env->prog->insnsi[i], &type))
			continue;
		/* loads through BTF and map pointers: verifier_mem.c's */
		if (is_btf_access(env, i)) {
			grown = convert_btf_access(env, i);
			if (grown < 0)
				return grown;
			i += grown;
			continue;
		}
		convert = ctx_converter(env, env->insn_aux_data[i].ptr_type);
		if (!convert)
			continue;
		grown = convert_one(env, i, convert);
		if (grown < 0)
			return grown;
		i += grown;
	}
	return 0;
}

/* ---- helper calls ---- */

static bool bpf_map_ptr_poisoned(const struct bpf_insn_aux_data *aux)
{
	return BPF_MAP_PTR(aux->map_ptr_state) == BPF_MAP_PTR_POISON;
}

static bool bpf_map_ptr_unpriv(const struct bpf_insn_aux_data *aux)
{
	return aux->map_ptr_state & BPF_MAP_PTR_UNPRIV;
}

/*
 * 6.1 inlines helpers (map lookups) only for programs that ask for the
 * JIT, which Debian's 6.1 always does (CONFIG_BPF_JIT_ALWAYS_ON).  The
 * interpreter stands in for that JIT: the program is rewritten as it
 * would be for it, what needs machine code (direct tail call jumps) aside.
 */
static bool fixup_inline_helpers(const struct bpf_verifier_env *env)
{
	return true;
}

static bool env_uses_map(const struct bpf_verifier_env *env, const struct bpf_map *map)
{
	u32 i;

	for (i = 0; i < env->used_map_cnt; i++)
		if (env->used_maps[i] == map)
			return true;
	return false;
}

/*
 * bpf_tail_call() has no function: it becomes an instruction.  For the
 * unprivileged, the index is bounded (and masked) first so that not even a
 * mispredicted check reads past the prog array, which needs the one map
 * of the call site.  Returns the insns added, or -errno.
 */
static int fixup_tail_call(struct bpf_verifier_env *env, u32 i)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];
	struct bpf_insn *insn = &env->prog->insnsi[i];
	struct bpf_prog *prog = env->prog;
	struct bpf_insn insn_buf[3];
	struct bpf_map *map;

	/* the target may be any program of the array: assume the worst */
	prog->cb_access = 1;
	prog->aux->max_pkt_offset = MAX_PACKET_OFF;
	insn->code = BPF_JMP | BPF_TAIL_CALL;
	insn->imm = 0;

	if (!bpf_map_ptr_unpriv(aux))
		return 0;
	if (bpf_map_ptr_poisoned(aux)) {
		verbose(env, "tail_call abusing map_ptr\n");
		return -EINVAL;
	}
	map = BPF_MAP_PTR(aux->map_ptr_state);
	insn_buf[0] = BPF_JMP_IMM(BPF_JGE, BPF_REG_3, map->max_entries, 2);
	insn_buf[1] = BPF_ALU32_IMM(BPF_AND, BPF_REG_3,
				    container_of(map, struct bpf_array, map)->index_mask);
	insn_buf[2] = *insn;
	if (!patch_insn_data(env, i, insn_buf, ARRAY_SIZE(insn_buf)))
		return -ENOMEM;
	return ARRAY_SIZE(insn_buf) - 1;
}

/*
 * bpf_map_lookup_elem() on the one map of the call site, when its type
 * can compute the value's address inline.  Only maps of the program
 * itself: an inner map's template stands for maps the run-time guard
 * does not know.  Returns the insns added (0: left a call), or -errno.
 */
static int inline_map_lookup(struct bpf_verifier_env *env, u32 i)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];
	struct bpf_insn insn_buf[CTX_PATCH_MAX];
	struct bpf_map *map;
	int cnt;

	if (!fixup_inline_helpers(env) || bpf_map_ptr_poisoned(aux))
		return 0;
	map = BPF_MAP_PTR(aux->map_ptr_state);
	if (!map || !map->ops->map_gen_lookup || !env_uses_map(env, map))
		return 0;
	cnt = map->ops->map_gen_lookup(map, insn_buf);
	if (cnt == -EOPNOTSUPP)
		return 0;
	if (cnt <= 0 || cnt >= CTX_PATCH_MAX) {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}
	if (!patch_insn_data(env, i, insn_buf, cnt))
		return -ENOMEM;
	return cnt - 1;
}

/* Returns the insns added before the (last) insn at i, or -errno. */
static int fixup_helper_call(struct bpf_verifier_env *env, u32 i)
{
	struct bpf_insn *insn = &env->prog->insnsi[i];
	const struct bpf_func_proto *fn = env_helper_proto(env, insn->imm);
	int ret;

	if (!fn || !env->call_idx[insn->imm])
		return 0;	/* not a call the walk checked: not ours */
	if (insn->imm == BPF_FUNC_tail_call)
		return fixup_tail_call(env, i);
	if (insn->imm == BPF_FUNC_map_lookup_elem) {
		ret = inline_map_lookup(env, i);
		if (ret)
			return ret;
	}
	if (!fn->func) {
		verbose(env, "kernel subsystem misconfigured func %s#%d\n",
			func_id_name(insn->imm), insn->imm);
		return -EFAULT;
	}
	insn->imm = env->call_idx[insn->imm] - 1;
	return 0;
}

static int fixup_pseudo_func(struct bpf_verifier_env *env, struct bpf_insn *insn, u32 i)
{
	int sub = find_subprog(env, (int)i + insn->imm + 1);
	u64 addr;

	if (sub < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n",
			(int)i + insn->imm + 1);
		return -EFAULT;
	}
	addr = (u64)(uintptr_t)&env->subprog_entries[sub];
	insn[0].imm = (u32)addr;
	insn[1].imm = addr >> 32;
	return 0;
}

/*
 * A pointer ADD/SUB the verifier sanitized gets its offset masked to the
 * limit it proved, so that not even a mispredicted path goes further.
 * Returns the insns added before the original position, or -errno.
 */
static int fixup_alu_sanitation(struct bpf_verifier_env *env, u32 i)
{
	struct bpf_insn insn_buf[CTX_PATCH_MAX];
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];
	int cnt;

	if (!aux->alu_state)
		return 0;
	cnt = fixup_sanitized_alu(env, &env->prog->insnsi[i], aux, insn_buf);
	if (cnt <= 0)
		return cnt;
	if (cnt > CTX_PATCH_MAX) {
		verbose(env, "bpf verifier is misconfigured\n");
		return -EINVAL;
	}
	if (!patch_insn_data(env, i, insn_buf, cnt))
		return -ENOMEM;
	return cnt - 1;
}

int do_misc_fixups(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn;
	u32 i;
	int err;

	env->subprog_entries = kcalloc(env->subprog_cnt, sizeof(*env->subprog_entries),
				       GFP_KERNEL);
	if (!env->subprog_entries)
		return -ENOMEM;

	for (i = 0; i < env->prog->len; i++) {
		err = fixup_alu_sanitation(env, i);
		if (err < 0)
			return err;
		i += err;
		insn = &env->prog->insnsi[i];
		err = 0;
		if (bpf_helper_call(insn))
			err = fixup_helper_call(env, i);
		if (err < 0)
			return err;
		i += err;
		if (bpf_is_ldimm64(&env->prog->insnsi[i]))
			i++;
	}
	return 0;
}

/* ---- bpf_loop inlining ---- */

static bool is_bpf_loop_call(const struct bpf_insn *insn)
{
	return bpf_helper_call(insn) && insn->imm == BPF_FUNC_loop;
}

/* Where insn_buf[] of inline_bpf_loop() calls the callback. */
#define LOOP_CALL_INSN	12

/*
 * The call at pos becomes bpf_loop() itself (bpf_loop in helpers.c,
 * which this must keep in step with): r6-r8 are saved below the frame's
 * own stack at stack_base and carry the bound, the counter and the
 * context around a bpf-to-bpf call of the callback.  Returns the length
 * of the patch, or -errno.
 */
static int inline_bpf_loop(struct bpf_verifier_env *env, u32 pos, s32 stack_base,
			   u32 callback_subprogno)
{
	const s16 r6_off = stack_base, r7_off = stack_base + BPF_REG_SIZE,
		  r8_off = stack_base + 2 * BPF_REG_SIZE;
	const int loop_max = BPF_REG_6, loop_cnt = BPF_REG_7, loop_ctx = BPF_REG_8;
	struct bpf_insn insn_buf[] = {
		/* too many iterations: -E2BIG, past the whole loop */
		BPF_JMP_IMM(BPF_JLE, BPF_REG_1, BPF_MAX_LOOPS, 2),
		BPF_MOV32_IMM(BPF_REG_0, -E2BIG),
		BPF_JMP_IMM(BPF_JA, 0, 0, 16),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_6, r6_off),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_7, r7_off),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_8, r8_off),
		BPF_MOV64_REG(loop_max, BPF_REG_1),
		BPF_MOV32_IMM(loop_cnt, 0),
		BPF_MOV64_REG(loop_ctx, BPF_REG_3),
		/* the loop: done when the counter reaches the bound */
		BPF_JMP_REG(BPF_JGE, loop_cnt, loop_max, 5),
		BPF_MOV64_REG(BPF_REG_1, loop_cnt),
		BPF_MOV64_REG(BPF_REG_2, loop_ctx),
		BPF_CALL_REL(0),	/* LOOP_CALL_INSN: aimed once patched */
		BPF_ALU64_IMM(BPF_ADD, loop_cnt, 1),
		/* a callback returning 0 asks for more */
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -6),
		/* bpf_loop() returns the iterations made */
		BPF_MOV64_REG(BPF_REG_0, loop_cnt),
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_10, r6_off),
		BPF_LDX_MEM(BPF_DW, BPF_REG_7, BPF_REG_10, r7_off),
		BPF_LDX_MEM(BPF_DW, BPF_REG_8, BPF_REG_10, r8_off),
	};
	u32 call, callback_start;

	if (!patch_insn_data(env, pos, insn_buf, ARRAY_SIZE(insn_buf)))
		return -ENOMEM;
	/* the callback moved too if it follows the call */
	callback_start = env->subprog_info[callback_subprogno].start;
	call = pos + LOOP_CALL_INSN;
	env->prog->insnsi[call].imm = (s32)callback_start - (s32)call - 1;
	return ARRAY_SIZE(insn_buf);
}

/*
 * The three loop variables live below what the subprogram itself uses.
 * 6.1 grows the frame past MAX_BPF_STACK if need be, which its JIT
 * allows; the interpreter's frames are MAX_BPF_STACK bytes, so such a
 * call stays a call.
 */
static bool loop_vars_fit(u16 stack_depth)
{
	return round_up((u32)stack_depth, BPF_REG_SIZE) + 3 * BPF_REG_SIZE <= MAX_BPF_STACK;
}

/*
 * Inlines every bpf_loop() call the walk found fit for it (flags 0 and
 * one callback on every path: loop_inline_state), and grows the stack
 * depth of the subprograms that got loop variables.
 */
int optimize_bpf_loop(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *subprogs = env->subprog_info;
	u16 depth = subprogs[0].stack_depth;
	u16 pad = round_up(depth, BPF_REG_SIZE) - depth, extra = 0;
	u32 cur = 0, pos, callback;
	int cnt;

	for (pos = 0; pos < env->prog->len; pos++) {
		const struct bpf_loop_inline_state *state =
			&env->insn_aux_data[pos].loop_inline_state;

		if (is_bpf_loop_call(&env->prog->insnsi[pos]) && state->fit_for_inline &&
		    loop_vars_fit(depth)) {
			callback = state->callback_subprogno;
			extra = 3 * BPF_REG_SIZE + pad;
			cnt = inline_bpf_loop(env, pos, -(s32)(depth + extra), callback);
			if (cnt < 0)
				return cnt;
			pos += cnt - 1;
		}
		if (subprogs[cur + 1].start == pos + 1) {
			subprogs[cur].stack_depth += extra;
			cur++;
			depth = subprogs[cur].stack_depth;
			pad = round_up(depth, BPF_REG_SIZE) - depth;
			extra = 0;
		}
	}
	env->prog->aux->stack_depth = subprogs[0].stack_depth;
	return 0;
}

/* ---- dead code ---- */

/*
 * Insns no path reached never run, and the unprivileged must not even
 * keep them, lest a mispredicted branch run them: each becomes a jump to
 * itself minus one, which would loop rather than run off anywhere.
 */
void sanitize_dead_code(struct bpf_verifier_env *env)
{
	const struct bpf_insn trap = BPF_JMP_IMM(BPF_JA, 0, 0, -1);
	u32 i;

	for (i = 0; i < env->prog->len; i++) {
		if (env->insn_aux_data[i].seen)
			continue;
		env->prog->insnsi[i] = trap;
		env->insn_aux_data[i].zext_dst = false;
	}
}

static bool insn_is_cond_jump(u8 code)
{
	u8 op = BPF_OP(code);

	if (BPF_CLASS(code) == BPF_JMP32)
		return op != BPF_JA;
	if (BPF_CLASS(code) != BPF_JMP)
		return false;
	return op != BPF_JA && op != BPF_EXIT && op != BPF_CALL;
}

/* A conditional jump one side of which never runs becomes a plain jump. */
void opt_hard_wire_dead_code_branches(struct bpf_verifier_env *env)
{
	struct bpf_insn_aux_data *aux = env->insn_aux_data;
	struct bpf_insn ja = BPF_JMP_IMM(BPF_JA, 0, 0, 0);
	struct bpf_insn *insn = env->prog->insnsi;
	u32 i;

	for (i = 0; i < env->prog->len; i++) {
		if (!insn_is_cond_jump(insn[i].code))
			continue;
		if (!aux[i + 1].seen)
			ja.off = insn[i].off;
		else if (!aux[i + 1 + insn[i].off].seen)
			ja.off = 0;
		else
			continue;
		insn[i] = ja;
	}
}

enum rel_kind {
	REL_NONE,
	REL_OFF,	/* insn->off counts insns from the next one */
	REL_IMM,	/* insn->imm does */
};

static enum rel_kind insn_rel_kind(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code);

	if (bpf_pseudo_func(insn))
		return REL_IMM;
	if (class != BPF_JMP && class != BPF_JMP32)
		return REL_NONE;
	switch (BPF_OP(insn->code)) {
	case BPF_EXIT:
	case BPF_TAIL_CALL:
		return REL_NONE;
	case BPF_CALL:
		return insn->src_reg == BPF_PSEUDO_CALL ? REL_IMM : REL_NONE;
	case BPF_JA:
		return class == BPF_JMP32 ? REL_IMM : REL_OFF;
	default:
		return REL_OFF;
	}
}

/*
 * The relative field of the insn at old index i once [off, off + cnt) is
 * gone.  Targets past the hole move with it; a target inside the hole
 * keeps its index, which is what 6.1's bpf_adj_branches() makes of it
 * (only a reference to a dead callback can have one).
 */
static int rel_after_remove(struct bpf_insn *insn, u32 i, u32 off, u32 cnt)
{
	enum rel_kind kind = insn_rel_kind(insn);
	s64 target, ni, rel;

	if (kind == REL_NONE)
		return 0;
	rel = kind == REL_OFF ? insn->off : insn->imm;
	target = (s64)i + rel + 1;
	if (target >= (s64)off + cnt)
		target -= cnt;
	ni = i < off ? (s64)i : (s64)i - cnt;
	rel = target - ni - 1;
	if (kind == REL_OFF) {
		if (rel != (s16)rel)
			return -ERANGE;
		insn->off = rel;
	} else {
		if (rel != (s32)rel)
			return -ERANGE;
		insn->imm = rel;
	}
	return 0;
}

/* The program without its insns [off, off + cnt), jumps adjusted. */
static int bpf_remove_insns(struct bpf_prog *prog, u32 off, u32 cnt)
{
	struct bpf_insn *insn = prog->insnsi;
	u32 end = off + cnt, i;
	int err;

	for (i = 0; i < prog->len; i++) {
		if (i == off) {
			i = end - 1;
			continue;
		}
		/* a program only shrinks here: no offset can overflow */
		err = rel_after_remove(&insn[i], i, off, cnt);
		if (err)
			return err;
	}
	memmove(insn + off, insn + end, (prog->len - end) * sizeof(*insn));
	prog->len -= cnt;
	return 0;
}

/*
 * Subprograms wholly inside the hole go, with their func_info; the
 * others after it start cnt insns earlier (the fake exit one too).
 */
static void adjust_subprog_starts_after_remove(struct bpf_verifier_env *env,
					       u32 off, u32 cnt)
{
	struct bpf_subprog_info *sub = env->subprog_info;
	struct bpf_prog_aux *aux = env->prog->aux;
	u32 i, j, gone;

	/* the first subprog starting in or after the hole, the first after it */
	for (i = 0; i < env->subprog_cnt; i++)
		if (sub[i].start >= off)
			break;
	for (j = i; j < env->subprog_cnt; j++)
		if (sub[j].start >= off + cnt)
			break;
	/* a hole ending inside subprog j - 1 only took its front */
	if (sub[j].start != off + cnt)
		j--;

	if (j != U32_MAX && j > i) {
		gone = j - i;
		memmove(sub + i, sub + j, sizeof(*sub) * (env->subprog_cnt + 1 - j));
		if (aux->func_info) {
			memmove(aux->func_info + i, aux->func_info + j,
				sizeof(*aux->func_info) * (aux->func_info_cnt - j));
			/* 6.1 leaves func_info_aux behind; it follows here */
			if (aux->func_info_aux)
				memmove(aux->func_info_aux + i, aux->func_info_aux + j,
					sizeof(*aux->func_info_aux) * (aux->func_info_cnt - j));
			aux->func_info_cnt -= gone;
		}
		env->subprog_cnt -= gone;
	} else if (sub[i].start == off) {
		/* the hole took only the front of subprog i: it starts there still */
		i++;
	}
	for (; i <= env->subprog_cnt; i++)
		sub[i].start -= cnt;
	/* func_info follows the subprogs (6.1's adjust_btf_func) */
	for (i = 0; aux->func_info && i < aux->func_info_cnt && i < env->subprog_cnt; i++)
		aux->func_info[i].insn_off = sub[i].start;
}

/*
 * Line info of removed insns goes, but for the first insn that stays:
 * if no line of its own starts there, it takes the last removed one.
 */
static void bpf_adj_linfo_after_remove(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	struct bpf_prog_aux *aux = env->prog->aux;
	struct bpf_line_info *linfo = aux->linfo;
	u32 nr = aux->nr_linfo, i, l_off, l_cnt = 0;

	if (!nr)
		return;
	for (i = 0; i < nr; i++)
		if (linfo[i].insn_off >= off)
			break;
	l_off = i;
	for (; i < nr && linfo[i].insn_off < off + cnt; i++)
		l_cnt++;
	/* the program was cut already: len == off means nothing follows */
	if (env->prog->len != off && l_cnt &&
	    (i == nr || linfo[i].insn_off != off + cnt)) {
		l_cnt--;
		linfo[--i].insn_off = off + cnt;
	}
	if (l_cnt) {
		memmove(linfo + l_off, linfo + i, sizeof(*linfo) * (nr - i));
		aux->nr_linfo -= l_cnt;
		nr = aux->nr_linfo;
	}
	for (i = l_off; i < nr; i++)
		linfo[i].insn_off -= cnt;
	for (i = 0; i <= env->subprog_cnt; i++) {
		struct bpf_subprog_info *sub = &env->subprog_info[i];

		if (sub->linfo_idx <= l_off)
			continue;
		/* a subprog may have begun in the hole without being all of it */
		sub->linfo_idx = sub->linfo_idx >= l_off + l_cnt ? sub->linfo_idx - l_cnt : l_off;
	}
}

static int verifier_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	struct bpf_insn_aux_data *aux = env->insn_aux_data;
	u32 old_len = env->prog->len;
	int err;

	err = bpf_remove_insns(env->prog, off, cnt);
	if (err) {
		verbose(env, "verifier bug: insns %u..%u cannot be removed\n", off,
			off + cnt - 1);
		return -EFAULT;
	}
	adjust_subprog_starts_after_remove(env, off, cnt);
	bpf_adj_linfo_after_remove(env, off, cnt);
	memmove(aux + off, aux + off + cnt, sizeof(*aux) * (old_len - off - cnt));
	return 0;
}

/* For bpf_capable loaders, unreached code is not trapped but removed. */
int opt_remove_dead_code(struct bpf_verifier_env *env)
{
	struct bpf_insn_aux_data *aux = env->insn_aux_data;
	u32 i, j;
	int err;

	for (i = 0; i < env->prog->len; i++) {
		for (j = 0; i + j < env->prog->len && !aux[i + j].seen; j++)
			;
		if (!j)
			continue;
		err = verifier_remove_insns(env, i, j);
		if (err)
			return err;
	}
	return 0;
}

/* Jumps to the next insn, the program's or left by the above, go too. */
int opt_remove_nops(struct bpf_verifier_env *env)
{
	const struct bpf_insn ja = BPF_JMP_IMM(BPF_JA, 0, 0, 0);
	u32 i;
	int err;

	for (i = 0; i < env->prog->len; i++) {
		if (memcmp(&env->prog->insnsi[i], &ja, sizeof(ja)))
			continue;
		err = verifier_remove_insns(env, i, 1);
		if (err)
			return err;
		i--;
	}
	return 0;
}

/* ---- 32-bit definitions ---- */

/* mov32 dst, dst marked as a pure zero extension (imm 1), as 6.1's BPF_ZEXT_REG */
#define BPF_ZEXT_REG(DST)						\
	((struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X,		\
			    .dst_reg = DST, .src_reg = DST, .imm = 1 })

static bool is_cmpxchg_insn(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_STX &&
	       BPF_MODE(insn->code) == BPF_ATOMIC && insn->imm == BPF_CMPXCHG;
}

static bool is_ld_abs_ind(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_LD &&
	       (BPF_MODE(insn->code) == BPF_ABS || BPF_MODE(insn->code) == BPF_IND);
}

/*
 * What to put after insn, a 32-bit definition of its register that no
 * one reads as 64 bits (zext_dst clear): its upper half made random, so
 * that a verifier wrong about who reads what shows up in tests.  0: none.
 */
static u32 rnd_hi32_patch(struct bpf_verifier_env *env, u32 i, struct bpf_insn *patch)
{
	const struct bpf_insn *insn = &env->prog->insnsi[i];
	int load_reg = insn_def_regno(insn);

	if (load_reg < 0 || is_reg64(env, (struct bpf_insn *)insn, load_reg, NULL, DST_OP))
		return 0;
	/* a context load may have been widened */
	if (BPF_CLASS(insn->code) == BPF_LDX &&
	    env->insn_aux_data[i].ptr_type == PTR_TO_CTX)
		return 0;
	/* 6.1 rewrote these into calls whose result it zero-extends */
	if (is_ld_abs_ind(insn))
		return 0;
	patch[0] = *insn;
	patch[1] = BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, get_random_u32());
	patch[2] = BPF_ALU64_IMM(BPF_LSH, BPF_REG_AX, 32);
	patch[3] = BPF_ALU64_REG(BPF_OR, load_reg, BPF_REG_AX);
	return 4;
}

/*
 * The interpreter zero-extends every 32-bit result, so of the explicit
 * zero extensions 6.1 inserts (for JITs that ask, bpf_jit_needs_zext) only
 * the one it always inserts is made: after a CMPXCHG whose r0 is read as
 * 64 bits, since some machines load r0 only when the comparison fails.
 * BPF_F_TEST_RND_HI32 randomizes the upper halves no one reads.
 */
int opt_subreg_zext_lo32_rnd_hi32(struct bpf_verifier_env *env, const union bpf_attr *attr)
{
	bool rnd_hi32 = attr->prog_flags & BPF_F_TEST_RND_HI32;
	struct bpf_insn patch[4];
	u32 i, len;
	int load_reg;

	for (i = 0; i < env->prog->len; i++) {
		const struct bpf_insn *insn = &env->prog->insnsi[i];

		if (!env->insn_aux_data[i].zext_dst) {
			if (bpf_is_ldimm64(insn)) {
				i++;
				continue;
			}
			if (!rnd_hi32)
				continue;
			len = rnd_hi32_patch(env, i, patch);
		} else {
			if (!is_cmpxchg_insn(insn))
				continue;
			load_reg = insn_def_regno(insn);
			if (load_reg < 0) {
				verbose(env, "verifier bug. zext_dst is set, but no reg is defined\n");
				return -EFAULT;
			}
			patch[0] = *insn;
			patch[1] = BPF_ZEXT_REG(load_reg);
			len = 2;
		}
		if (!len)
			continue;
		if (!patch_insn_data(env, i, patch, len))
			return -ENOMEM;
		i += len - 1;
	}
	return 0;
}

/* Hands the program what it uses; nothing is attached unless all is. */
int publish_prog_aux(struct bpf_verifier_env *env)
{
	struct bpf_prog_aux *aux = env->prog->aux;
	const struct bpf_func_proto **protos = NULL;
	struct bpf_map **maps = NULL;
	u32 *func_ids = NULL, *starts;
	struct bpf_insn *insn;
	u32 i;
	int err;

	/*
	 * Callbacks get their address last: every patch before (the zext
	 * and rnd_hi32 pass too) moves a callback's imm as a distance.
	 */
	for (i = 0; i < env->prog->len; i++) {
		insn = &env->prog->insnsi[i];
		if (bpf_pseudo_func(insn)) {
			err = fixup_pseudo_func(env, insn, i);
			if (err)
				return err;
		}
		if (bpf_is_ldimm64(insn))
			i++;
	}

	starts = kcalloc(env->subprog_cnt, sizeof(*starts), GFP_KERNEL);
	if (env->call_cnt) {
		protos = kcalloc(env->call_cnt, sizeof(*protos), GFP_KERNEL);
		func_ids = kcalloc(env->call_cnt, sizeof(*func_ids), GFP_KERNEL);
	}
	if (env->used_map_cnt)
		maps = kmalloc_array(env->used_map_cnt, sizeof(*maps), GFP_KERNEL);
	if (!starts || (env->call_cnt && (!protos || !func_ids)) ||
	    (env->used_map_cnt && !maps)) {
		kfree(starts);
		kfree(protos);
		kfree(func_ids);
		kfree(maps);
		return -ENOMEM;
	}

	for (i = 0; i < env->call_cnt; i++) {
		func_ids[i] = env->call_ids[i];
		protos[i] = env->helper_proto[env->call_ids[i]];
	}
	for (i = 0; i < env->subprog_cnt; i++) {
		starts[i] = env->subprog_info[i].start;
		env->subprog_entries[i].prog = env->prog;
		env->subprog_entries[i].insn_off = starts[i];
	}
	if (env->used_map_cnt) {
		memcpy(maps, env->used_maps, env->used_map_cnt * sizeof(*maps));
		aux->used_maps = maps;
		aux->used_map_cnt = env->used_map_cnt;
		/* the references now belong to the program */
		env->used_map_cnt = 0;
		convert_pseudo_ld_imm64(env);
	}
	aux->call_protos = protos;
	aux->call_func_ids = func_ids;
	aux->call_proto_cnt = env->call_cnt;
	aux->subprog_starts = starts;
	aux->subprog_cnt = env->subprog_cnt;
	aux->subprog_entries = env->subprog_entries;
	env->subprog_entries = NULL;
	aux->stack_depth = MAX_BPF_STACK;
	return 0;
}
