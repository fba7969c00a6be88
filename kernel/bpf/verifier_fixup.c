// SPDX-License-Identifier: GPL-2.0
/*
 * The rewrites of an accepted program, as 6.1 makes them after
 * verification: context accesses become accesses of the structure behind
 * the context (vops->convert_ctx_access, narrow loads widened, shifted and
 * masked), helper calls name their proto by an index into
 * prog->aux->call_protos[], bpf_tail_call() becomes BPF_JMP | BPF_TAIL_CALL,
 * BPF_PSEUDO_FUNC loads point at the callback's struct bpf_subprog_entry,
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
 * insn of the patch, the new ones before it inherit its seen mark.
 */
static int adjust_insn_aux_data(struct bpf_verifier_env *env, u32 new_len,
				u32 off, u32 cnt)
{
	struct bpf_insn_aux_data *old = env->insn_aux_data, *data;
	u32 old_len = new_len - (cnt - 1), i;

	if (cnt == 1)
		return 0;
	data = kvcalloc(new_len, sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	memcpy(data, old, sizeof(*data) * off);
	memcpy(data + off + cnt - 1, old + off, sizeof(*data) * (old_len - off));
	for (i = off; i < off + cnt - 1; i++)
		data[i].seen = old[off].seen;
	env->insn_aux_data = data;
	kvfree(old);
	return 0;
}

struct bpf_prog *patch_insn_data(struct bpf_verifier_env *env, u32 off,
				 const struct bpf_insn *patch, u32 len)
{
	struct bpf_prog *new_prog;

	new_prog = bpf_patch_insn_single(env->prog, off, patch, len);
	if (IS_ERR_OR_NULL(new_prog)) {
		if (PTR_ERR(new_prog) == -ERANGE)
			verbose(env, "insn %d cannot be patched due to 16-bit range\n",
				env->insn_aux_data[off].orig_idx);
		return NULL;
	}
	if (adjust_insn_aux_data(env, new_prog->len, off, len))
		return NULL;
	new_prog->aux->prog = new_prog;
	env->prog = new_prog;
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

static int fixup_helper_call(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	const struct bpf_func_proto *fn = env_helper_proto(env, insn->imm);
	struct bpf_prog *prog = env->prog;

	if (!fn || !env->call_idx[insn->imm])
		return 0;	/* not a call the walk checked: not ours */
	/* bpf_tail_call has no function: it becomes an instruction */
	if (insn->imm == BPF_FUNC_tail_call) {
		/* the target may be any program of the array: assume the worst */
		prog->cb_access = 1;
		prog->aux->max_pkt_offset = MAX_PACKET_OFF;
		insn->code = BPF_JMP | BPF_TAIL_CALL;
		insn->imm = 0;
		return 0;
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
	struct bpf_insn *insn = env->prog->insnsi;
	u32 i;
	int err;

	env->subprog_entries = kcalloc(env->subprog_cnt, sizeof(*env->subprog_entries),
				       GFP_KERNEL);
	if (!env->subprog_entries)
		return -ENOMEM;

	for (i = 0; i < env->prog->len; i++) {
		insn = &env->prog->insnsi[i];
		err = fixup_alu_sanitation(env, i);
		if (err < 0)
			return err;
		i += err;
		insn = &env->prog->insnsi[i];
		err = 0;
		if (bpf_helper_call(insn))
			err = fixup_helper_call(env, insn);
		else if (bpf_pseudo_func(insn))
			err = fixup_pseudo_func(env, insn, i);
		if (err)
			return err;
		if (bpf_is_ldimm64(insn))
			i++;
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
	u32 i;

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
