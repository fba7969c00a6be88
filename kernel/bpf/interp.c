// SPDX-License-Identifier: GPL-2.0
/*
 * The BPF interpreter: the 6.1 instruction set with the kernel's exact
 * semantics, run as a checking interpreter.
 *
 * Semantics that are easy to get wrong, as 6.1 defines them:
 *  - 32-bit ALU results are zero-extended into the 64-bit register;
 *  - shift amounts are masked to the operand width;
 *  - division by zero gives 0; modulo by zero leaves dst alone (the
 *    32-bit form still truncates dst to 32 bits), which is what the
 *    verifier's rewrite of BPF_DIV/BPF_MOD makes of them;
 *  - BPF_ALU64 immediates are sign-extended, BPF_ALU ones are not;
 *  - BPF_END to the host order only truncates;
 *  - a failed LD_ABS/LD_IND leaves the current function with r0 = 0.
 * Each frame of bpf-to-bpf calls has its own 512-byte stack and r6-r9
 * survive calls; a tail call replaces the program of the current frame.
 *
 * Every load, store and atomic of the program is checked against the
 * memory of the run (run_guard.c) before it is made; the context
 * conversions the verifier emits (mode BPF_TRUSTED_MEM) are not.  A run
 * that breaks a bound stops with r0 = 0 and one line of explanation.
 * A load through a BTF pointer (BPF_PROBE_MEM, as 6.1 marks it) of an
 * object that is not sysbpf's own reads memory the run knows, and 0
 * anywhere else, as 6.1's fault handler makes of a bad address.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <endian.h>
#include "run_guard.h"

/* Every opcode the interpreter runs, with the label of its handler. */
#define ALU_OPCODES(E, op)						\
	E(BPF_ALU64 | BPF_##op | BPF_X, alu64_##op##_x)			\
	E(BPF_ALU64 | BPF_##op | BPF_K, alu64_##op##_k)			\
	E(BPF_ALU | BPF_##op | BPF_X, alu32_##op##_x)			\
	E(BPF_ALU | BPF_##op | BPF_K, alu32_##op##_k)
#define JMP_OPCODES(E, op)						\
	E(BPF_JMP | BPF_##op | BPF_X, jmp_##op##_x)			\
	E(BPF_JMP | BPF_##op | BPF_K, jmp_##op##_k)			\
	E(BPF_JMP32 | BPF_##op | BPF_X, jmp32_##op##_x)			\
	E(BPF_JMP32 | BPF_##op | BPF_K, jmp32_##op##_k)
#define MEM_OPCODES(E, sz)						\
	E(BPF_LDX | BPF_MEM | BPF_##sz, ldx_##sz)			\
	E(BPF_STX | BPF_MEM | BPF_##sz, stx_##sz)			\
	E(BPF_ST | BPF_MEM | BPF_##sz, st_##sz)				\
	E(BPF_LDX | BPF_TRUSTED_MEM | BPF_##sz, ldx_trusted_##sz)	\
	E(BPF_STX | BPF_TRUSTED_MEM | BPF_##sz, stx_trusted_##sz)	\
	E(BPF_ST | BPF_TRUSTED_MEM | BPF_##sz, st_trusted_##sz)	\
	E(BPF_LDX | BPF_PROBE_MEM | BPF_##sz, ldx_probe_##sz)

#define BPF_INTERP_OPCODES(E)						\
	ALU_OPCODES(E, ADD) ALU_OPCODES(E, SUB) ALU_OPCODES(E, MUL)	\
	ALU_OPCODES(E, DIV) ALU_OPCODES(E, MOD) ALU_OPCODES(E, OR)	\
	ALU_OPCODES(E, AND) ALU_OPCODES(E, XOR) ALU_OPCODES(E, LSH)	\
	ALU_OPCODES(E, RSH) ALU_OPCODES(E, ARSH) ALU_OPCODES(E, MOV)	\
	E(BPF_ALU64 | BPF_NEG, alu64_neg)				\
	E(BPF_ALU | BPF_NEG, alu32_neg)					\
	E(BPF_ALU | BPF_END | BPF_TO_LE, end_to_le)			\
	E(BPF_ALU | BPF_END | BPF_TO_BE, end_to_be)			\
	JMP_OPCODES(E, JEQ) JMP_OPCODES(E, JNE) JMP_OPCODES(E, JSET)	\
	JMP_OPCODES(E, JGT) JMP_OPCODES(E, JGE) JMP_OPCODES(E, JLT)	\
	JMP_OPCODES(E, JLE) JMP_OPCODES(E, JSGT) JMP_OPCODES(E, JSGE)	\
	JMP_OPCODES(E, JSLT) JMP_OPCODES(E, JSLE)			\
	E(BPF_JMP | BPF_JA, ja)						\
	E(BPF_JMP32 | BPF_JA, ja32)					\
	E(BPF_JMP | BPF_CALL, call)					\
	E(BPF_JMP | BPF_EXIT, exit)					\
	E(BPF_JMP | BPF_TAIL_CALL, tail_call)				\
	MEM_OPCODES(E, B) MEM_OPCODES(E, H)				\
	MEM_OPCODES(E, W) MEM_OPCODES(E, DW)				\
	E(BPF_STX | BPF_ATOMIC | BPF_W, atomic_W)			\
	E(BPF_STX | BPF_ATOMIC | BPF_DW, atomic_DW)			\
	E(BPF_LD | BPF_IMM | BPF_DW, ld_imm64)				\
	E(BPF_LD | BPF_ABS | BPF_B, ld_abs_B)				\
	E(BPF_LD | BPF_ABS | BPF_H, ld_abs_H)				\
	E(BPF_LD | BPF_ABS | BPF_W, ld_abs_W)				\
	E(BPF_LD | BPF_IND | BPF_B, ld_ind_B)				\
	E(BPF_LD | BPF_IND | BPF_H, ld_ind_H)				\
	E(BPF_LD | BPF_IND | BPF_W, ld_ind_W)

#define VALID_ENTRY(code, label)	[code] = true,
static const bool bpf_interp_opcode_valid[256] = {
	BPF_INTERP_OPCODES(VALID_ENTRY)
};
#undef VALID_ENTRY

/* The binary ALU operations, on a and b of the operand width. */
#define OP_ADD(a, b, w)		((a) + (b))
#define OP_SUB(a, b, w)		((a) - (b))
#define OP_MUL(a, b, w)		((a) * (b))
#define OP_DIV(a, b, w)		((b) ? (a) / (b) : 0)
#define OP_MOD(a, b, w)		((b) ? (a) % (b) : (a))
#define OP_OR(a, b, w)		((a) | (b))
#define OP_AND(a, b, w)		((a) & (b))
#define OP_XOR(a, b, w)		((a) ^ (b))
#define OP_LSH(a, b, w)		((a) << ((b) & ((w) - 1)))
#define OP_RSH(a, b, w)		((a) >> ((b) & ((w) - 1)))
#define OP_ARSH(a, b, w)	((u##w)((s##w)(a) >> ((b) & ((w) - 1))))
#define OP_MOV(a, b, w)		(b)

/* Jump conditions: the type both operands are compared as. */
#define CMP_JEQ(a, b)		((a) == (b))
#define CMP_JNE(a, b)		((a) != (b))
#define CMP_JSET(a, b)		(((a) & (b)) != 0)
#define CMP_JGT(a, b)		((a) > (b))
#define CMP_JGE(a, b)		((a) >= (b))
#define CMP_JLT(a, b)		((a) < (b))
#define CMP_JLE(a, b)		((a) <= (b))
#define CMP_JSGT(a, b)		((a) > (b))
#define CMP_JSGE(a, b)		((a) >= (b))
#define CMP_JSLT(a, b)		((a) < (b))
#define CMP_JSLE(a, b)		((a) <= (b))
#define SIGN_JEQ		u
#define SIGN_JNE		u
#define SIGN_JSET		u
#define SIGN_JGT		u
#define SIGN_JGE		u
#define SIGN_JLT		u
#define SIGN_JLE		u
#define SIGN_JSGT		s
#define SIGN_JSGE		s
#define SIGN_JSLT		s
#define SIGN_JSLE		s
#define __TYPE(s, w)		s##w
#define TYPE(s, w)		__TYPE(s, w)

#define MEM_TYPE_B		u8
#define MEM_TYPE_H		u16
#define MEM_TYPE_W		u32
#define MEM_TYPE_DW		u64

static u32 insn_idx(const struct bpf_run *run, const struct bpf_insn *insn)
{
	return insn - run->prog->insnsi;
}

static u32 ldst_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:	return 1;
	case BPF_H:	return 2;
	case BPF_W:	return 4;
	default:	return 8;
	}
}

/* Why a load, store or atomic of insn was refused. */
static noinline void bad_access(struct bpf_run *run, const struct bpf_insn *insn,
				const u64 *regs)
{
	bool load = BPF_CLASS(insn->code) == BPF_LDX;
	u8 reg = load ? insn->src_reg : insn->dst_reg;
	u64 addr = regs[reg] + insn->off;
	u32 size = ldst_bytes(insn->code);
	const char *what;

	if (BPF_MODE(insn->code) == BPF_ATOMIC && (addr & (size - 1)))
		what = "misaligned atomic";
	else if (load)
		what = "out-of-bounds load";
	else if (bpf_run_access_ok(run, addr, size, false))
		what = BPF_MODE(insn->code) == BPF_ATOMIC ?
		       "atomic on read-only memory" : "store to read-only memory";
	else
		what = BPF_MODE(insn->code) == BPF_ATOMIC ?
		       "out-of-bounds atomic" : "out-of-bounds store";
	bpf_run_stop(run, "%s of %u bytes at r%u%+d at insn %u", what, size,
		     reg, insn->off, insn_idx(run, insn));
}

static const struct bpf_func_proto *helper_proto(const struct bpf_run *run,
						 const struct bpf_insn *insn)
{
	const struct bpf_prog_aux *aux = run->prog->aux;
	u32 idx = insn->imm;

	if (insn->src_reg || idx >= aux->call_proto_cnt || !aux->call_protos)
		return NULL;
	return aux->call_protos[idx];
}

static bool prog_array_ok(struct bpf_run *run, const struct bpf_map *map)
{
	return bpf_run_map_ok(run, map) &&
	       map->map_type == BPF_MAP_TYPE_PROG_ARRAY;
}

static u64 ld_pkt_value(const u8 *p, u32 size)
{
	u16 h;
	u32 w;

	switch (size) {
	case 1:
		return *p;
	case 2:
		memcpy(&h, p, 2);
		return be16toh(h);
	default:
		memcpy(&w, p, 4);
		return be32toh(w);
	}
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

/*
 * Runs from insn until the frame that is the newest at entry returns.
 * The caller has pushed that frame and set r1-r5 and r10.
 */
static u64 bpf_interp(struct bpf_run *run, u64 *regs, const struct bpf_insn *insn)
{
#define LABEL_ENTRY(code, label)	[code] = &&label,
	static const void *const handler[256] = {
		[0 ... 255] = &&bad_insn,
		BPF_INTERP_OPCODES(LABEL_ENTRY)
	};
#undef LABEL_ENTRY
	const u32 base = run->depth - 1;
	u32 loop_budget = BPF_RUN_LOOP_BUDGET;
	const struct bpf_func_proto *fn;
	const struct bpf_map *map;
	struct bpf_run_frame *fr;
	u64 alloc_size;
	u8 ld_buf[4];
	u32 ld_size;
	s32 ld_off;
	const u8 *ld_p;
	u32 d;

#define DREG		regs[insn->dst_reg]
#define SREG		regs[insn->src_reg]
#define R(n)		regs[BPF_REG_##n]
#define DISPATCH()	goto *handler[insn->code]
#define NEXT()		do { insn++; DISPATCH(); } while (0)
#define JUMP(delta)							\
	do {								\
		if (unlikely((delta) < 0) && unlikely(--loop_budget == 0)) \
			goto loop_limit;				\
		insn += (delta) + 1;					\
		DISPATCH();						\
	} while (0)

	DISPATCH();

#define ALU_HANDLERS(op)						\
	alu64_##op##_x:							\
		DREG = OP_##op((u64)DREG, (u64)SREG, 64);		\
		NEXT();							\
	alu64_##op##_k:							\
		DREG = OP_##op((u64)DREG, (u64)(s64)insn->imm, 64);	\
		NEXT();							\
	alu32_##op##_x:							\
		DREG = (u32)OP_##op((u32)DREG, (u32)SREG, 32);		\
		NEXT();							\
	alu32_##op##_k:							\
		DREG = (u32)OP_##op((u32)DREG, (u32)insn->imm, 32);	\
		NEXT();
	ALU_HANDLERS(ADD)
	ALU_HANDLERS(SUB)
	ALU_HANDLERS(MUL)
	ALU_HANDLERS(DIV)
	ALU_HANDLERS(MOD)
	ALU_HANDLERS(OR)
	ALU_HANDLERS(AND)
	ALU_HANDLERS(XOR)
	ALU_HANDLERS(LSH)
	ALU_HANDLERS(RSH)
	ALU_HANDLERS(ARSH)
	ALU_HANDLERS(MOV)
#undef ALU_HANDLERS

alu64_neg:
	DREG = -DREG;
	NEXT();
alu32_neg:
	DREG = (u32)-(u32)DREG;
	NEXT();
end_to_le:
	switch (insn->imm) {
	case 16:
		DREG = htole16((u16)DREG);
		break;
	case 32:
		DREG = htole32((u32)DREG);
		break;
	case 64:
		DREG = htole64(DREG);
		break;
	}
	NEXT();
end_to_be:
	switch (insn->imm) {
	case 16:
		DREG = htobe16((u16)DREG);
		break;
	case 32:
		DREG = htobe32((u32)DREG);
		break;
	case 64:
		DREG = htobe64(DREG);
		break;
	}
	NEXT();

#define JMP_HANDLERS(op)						\
	jmp_##op##_x:							\
		if (CMP_##op((TYPE(SIGN_##op, 64))DREG,			\
			     (TYPE(SIGN_##op, 64))SREG))		\
			JUMP(insn->off);				\
		NEXT();							\
	jmp_##op##_k:							\
		if (CMP_##op((TYPE(SIGN_##op, 64))DREG,			\
			     (TYPE(SIGN_##op, 64))(s64)insn->imm))	\
			JUMP(insn->off);				\
		NEXT();							\
	jmp32_##op##_x:							\
		if (CMP_##op((TYPE(SIGN_##op, 32))DREG,			\
			     (TYPE(SIGN_##op, 32))SREG))		\
			JUMP(insn->off);				\
		NEXT();							\
	jmp32_##op##_k:							\
		if (CMP_##op((TYPE(SIGN_##op, 32))DREG,			\
			     (TYPE(SIGN_##op, 32))insn->imm))		\
			JUMP(insn->off);				\
		NEXT();
	JMP_HANDLERS(JEQ)
	JMP_HANDLERS(JNE)
	JMP_HANDLERS(JSET)
	JMP_HANDLERS(JGT)
	JMP_HANDLERS(JGE)
	JMP_HANDLERS(JLT)
	JMP_HANDLERS(JLE)
	JMP_HANDLERS(JSGT)
	JMP_HANDLERS(JSGE)
	JMP_HANDLERS(JSLT)
	JMP_HANDLERS(JSLE)
#undef JMP_HANDLERS

ja:
	JUMP(insn->off);
ja32:
	JUMP(insn->imm);

#define MEM_HANDLERS(sz)						\
	ldx_##sz: {							\
		u64 addr = SREG + insn->off;				\
		MEM_TYPE_##sz v;					\
									\
		if (unlikely(!bpf_run_mem_ok(run, addr, sizeof(v), false))) \
			goto bad_mem;					\
		memcpy(&v, (const void *)(uintptr_t)addr, sizeof(v));	\
		DREG = v;						\
		NEXT();							\
	}								\
	stx_##sz: {							\
		u64 addr = DREG + insn->off;				\
		MEM_TYPE_##sz v = (MEM_TYPE_##sz)SREG;			\
									\
		if (unlikely(!bpf_run_mem_ok(run, addr, sizeof(v), true))) \
			goto bad_mem;					\
		memcpy((void *)(uintptr_t)addr, &v, sizeof(v));		\
		NEXT();							\
	}								\
	st_##sz: {							\
		u64 addr = DREG + insn->off;				\
		MEM_TYPE_##sz v = (MEM_TYPE_##sz)(s64)insn->imm;	\
									\
		if (unlikely(!bpf_run_mem_ok(run, addr, sizeof(v), true))) \
			goto bad_mem;					\
		memcpy((void *)(uintptr_t)addr, &v, sizeof(v));		\
		NEXT();							\
	}								\
	ldx_trusted_##sz: {						\
		MEM_TYPE_##sz v;					\
									\
		memcpy(&v, (const void *)(uintptr_t)(SREG + insn->off), sizeof(v)); \
		DREG = v;						\
		NEXT();							\
	}								\
	stx_trusted_##sz: {						\
		MEM_TYPE_##sz v = (MEM_TYPE_##sz)SREG;			\
									\
		memcpy((void *)(uintptr_t)(DREG + insn->off), &v, sizeof(v)); \
		NEXT();							\
	}								\
	st_trusted_##sz: {						\
		MEM_TYPE_##sz v = (MEM_TYPE_##sz)(s64)insn->imm;	\
									\
		memcpy((void *)(uintptr_t)(DREG + insn->off), &v, sizeof(v)); \
		NEXT();							\
	}								\
	ldx_probe_##sz: {						\
		u64 addr = SREG + insn->off;				\
		MEM_TYPE_##sz v = 0;					\
									\
		if (bpf_run_mem_ok(run, addr, sizeof(v), false))	\
			memcpy(&v, (const void *)(uintptr_t)addr, sizeof(v)); \
		DREG = v;						\
		NEXT();							\
	}
	MEM_HANDLERS(B)
	MEM_HANDLERS(H)
	MEM_HANDLERS(W)
	MEM_HANDLERS(DW)
#undef MEM_HANDLERS

	/*
	 * Atomics: the fetch forms are fully ordered, the plain ones need
	 * not be, as the kernel's atomic_*() and atomic_fetch_*().
	 */
#define ATOMIC_HANDLER(sz)						\
	atomic_##sz: {							\
		u64 addr = DREG + insn->off;				\
		MEM_TYPE_##sz *p = (MEM_TYPE_##sz *)(uintptr_t)addr;	\
		MEM_TYPE_##sz v = (MEM_TYPE_##sz)SREG, old;		\
									\
		if (unlikely(addr & (sizeof(v) - 1)) ||			\
		    unlikely(!bpf_run_mem_ok(run, addr, sizeof(v), true))) \
			goto bad_mem;					\
		switch (insn->imm) {					\
		case BPF_ADD:						\
			__atomic_fetch_add(p, v, __ATOMIC_RELAXED);	\
			break;						\
		case BPF_AND:						\
			__atomic_fetch_and(p, v, __ATOMIC_RELAXED);	\
			break;						\
		case BPF_OR:						\
			__atomic_fetch_or(p, v, __ATOMIC_RELAXED);	\
			break;						\
		case BPF_XOR:						\
			__atomic_fetch_xor(p, v, __ATOMIC_RELAXED);	\
			break;						\
		case BPF_ADD | BPF_FETCH:				\
			SREG = __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST); \
			break;						\
		case BPF_AND | BPF_FETCH:				\
			SREG = __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST); \
			break;						\
		case BPF_OR | BPF_FETCH:				\
			SREG = __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST); \
			break;						\
		case BPF_XOR | BPF_FETCH:				\
			SREG = __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST); \
			break;						\
		case BPF_XCHG:						\
			SREG = __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); \
			break;						\
		case BPF_CMPXCHG:					\
			/* old is what was there, swapped or not */	\
			old = (MEM_TYPE_##sz)R(0);			\
			__atomic_compare_exchange_n(p, &old, v, false,	\
						    __ATOMIC_SEQ_CST,	\
						    __ATOMIC_SEQ_CST);	\
			R(0) = old;					\
			break;						\
		default:						\
			goto bad_insn;					\
		}							\
		NEXT();							\
	}
	ATOMIC_HANDLER(W)
	ATOMIC_HANDLER(DW)
#undef ATOMIC_HANDLER

ld_imm64:
	DREG = (u64)(u32)insn[0].imm | (u64)(u32)insn[1].imm << 32;
	insn++;
	NEXT();

	/*
	 * Legacy packet loads, as the verifier's rewrite into a call of
	 * bpf_skb_load_helper_*(): network order, and a miss returns 0
	 * from the current function.
	 */
ld_abs_B:
	ld_size = 1;
	ld_off = insn->imm;
	goto ld_pkt;
ld_abs_H:
	ld_size = 2;
	ld_off = insn->imm;
	goto ld_pkt;
ld_abs_W:
	ld_size = 4;
	ld_off = insn->imm;
	goto ld_pkt;
ld_ind_B:
	ld_size = 1;
	ld_off = (s32)(u32)(SREG + (u64)(s64)insn->imm);
	goto ld_pkt;
ld_ind_H:
	ld_size = 2;
	ld_off = (s32)(u32)(SREG + (u64)(s64)insn->imm);
	goto ld_pkt;
ld_ind_W:
	ld_size = 4;
	ld_off = (s32)(u32)(SREG + (u64)(s64)insn->imm);
	goto ld_pkt;
ld_pkt:
	if (unlikely(!run->prog->aux->ops || !run->prog->aux->ops->ld_abs_ptr ||
		     !run->ctx)) {
		bpf_run_stop(run, "LD_ABS/LD_IND without a packet at insn %u",
			     insn_idx(run, insn));
		return 0;
	}
	ld_p = run->prog->aux->ops->ld_abs_ptr(run->ctx, ld_off, ld_size, ld_buf);
	if (!ld_p) {
		R(0) = 0;
		goto exit;
	}
	R(0) = ld_pkt_value(ld_p, ld_size);
	NEXT();

call:
	if (insn->src_reg == BPF_PSEUDO_CALL)
		goto pseudo_call;
	fn = helper_proto(run, insn);
	if (unlikely(!fn || !fn->func)) {
		bpf_run_stop(run, "call of unknown helper %d at insn %u",
			     insn->imm, insn_idx(run, insn));
		return 0;
	}
	if (unlikely(!bpf_run_check_helper_args(run, fn, regs, insn, &map,
						&alloc_size)))
		return 0;
	R(0) = fn->func(R(1), R(2), R(3), R(4), R(5));
	/* the helper may have moved the packet, or stopped a callback */
	run->pkt_valid = false;
	if (unlikely(run->stopped))
		return 0;
	if (fn->ret_type != RET_INTEGER && fn->ret_type != RET_VOID)
		bpf_run_helper_returned(run, fn, map, alloc_size, R(0));
	NEXT();

pseudo_call:
	d = run->depth;
	if (unlikely(d >= MAX_CALL_FRAMES)) {
		bpf_run_stop(run, "call stack deeper than %d frames at insn %u",
			     MAX_CALL_FRAMES, insn_idx(run, insn));
		return 0;
	}
	fr = &run->frames[d];
	memcpy(fr->callee_saved, &R(6), sizeof(fr->callee_saved));
	fr->call = insn;
	fr->prog = run->prog;
	bpf_run_set_depth(run, d + 1);
	R(10) = bpf_run_frame_top(run, d);
	insn += insn->imm + 1;
	DISPATCH();

exit:
	d = run->depth - 1;
	if (d == base)
		return R(0);
	fr = &run->frames[d];
	memcpy(&R(6), fr->callee_saved, sizeof(fr->callee_saved));
	run->prog = fr->prog;
	bpf_run_set_depth(run, d);
	insn = fr->call;
	NEXT();

tail_call: {
	const struct bpf_map *pmap = (const void *)(uintptr_t)R(2);
	const struct bpf_prog *target;
	u32 index = R(3);

	if (unlikely(!prog_array_ok(run, pmap))) {
		bpf_run_stop(run, "tail call through R2, no prog array of the program, at insn %u",
			     insn_idx(run, insn));
		return 0;
	}
	if (index >= pmap->max_entries ||
	    run->tail_call_cnt >= MAX_TAIL_CALL_CNT)
		NEXT();
	/* an empty slot counts as a tail call, as in the kernel */
	run->tail_call_cnt++;
	target = rcu_dereference(container_of(pmap, struct bpf_array, map)->ptrs[index]);
	if (!target)
		NEXT();
	if (unlikely(target->bpf_func != __bpf_prog_run_interp)) {
		bpf_run_stop(run, "tail call into a program that is not runnable at insn %u",
			     insn_idx(run, insn));
		return 0;
	}
	run->prog = target;
	R(10) = bpf_run_frame_top(run, run->depth - 1);
	loop_budget = BPF_RUN_LOOP_BUDGET;
	insn = target->insnsi;
	DISPATCH();
}

bad_mem:
	bad_access(run, insn, regs);
	return 0;
loop_limit:
	bpf_run_stop(run, "more than %u backward jumps at insn %u",
		     BPF_RUN_LOOP_BUDGET, insn_idx(run, insn));
	return 0;
bad_insn:
	bpf_run_stop(run, "invalid instruction code 0x%02x imm %d at insn %u",
		     insn->code, insn->imm, insn_idx(run, insn));
	return 0;

#undef DREG
#undef SREG
#undef R
#undef DISPATCH
#undef NEXT
#undef JUMP
}

#pragma GCC diagnostic pop

/* The entry the program's bpf_func points to: one run on ctx. */
unsigned int __bpf_prog_run_interp(const void *ctx, const struct bpf_insn *insn)
{
	const struct bpf_prog *prog = container_of(insn, struct bpf_prog, insnsi);
	struct bpf_run run;
	u64 regs[16] = {};
	u64 ret;

	bpf_run_init(&run, prog, ctx);
	bpf_run_set_depth(&run, 1);
	regs[BPF_REG_1] = (u64)(uintptr_t)ctx;
	regs[BPF_REG_10] = bpf_run_frame_top(&run, 0);
	bpf_current_run = &run;
	ret = bpf_interp(&run, regs, insn);
	bpf_current_run = run.prev;
	bpf_run_release(&run);
	return run.stopped ? 0 : (u32)ret;
}

static u64 run_entry(struct bpf_run *run, const struct bpf_subprog_entry *entry,
		     u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	u64 regs[16] = { 0, r1, r2, r3, r4, r5 };

	regs[BPF_REG_10] = bpf_run_frame_top(run, run->depth - 1);
	return bpf_interp(run, regs, entry->prog->insnsi + entry->insn_off);
}

static bool entry_ok(const struct bpf_subprog_entry *entry)
{
	return entry && entry->prog && entry->insn_off < entry->prog->len;
}

/* A run of its own, as a timer's callback makes; the caller holds RCU. */
static u64 run_entry_alone(const struct bpf_subprog_entry *entry,
			   u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct bpf_run run;
	u64 ret;

	bpf_run_init(&run, entry->prog, NULL);
	bpf_run_set_depth(&run, 1);
	bpf_current_run = &run;
	ret = run_entry(&run, entry, r1, r2, r3, r4, r5);
	bpf_current_run = run.prev;
	bpf_run_release(&run);
	return run.stopped ? 0 : ret;
}

/*
 * A callback of the running program (bpf_loop, for_each): a new frame
 * on top of the current run, whose stacks and regions it shares.  A
 * stopped run stops the callback's caller too: the helper sees 1,
 * "stop", and the interpreter then ends the run.  The callback of
 * another program, or one called outside any run (a timer firing), is
 * a run of its own.
 */
u64 bpf_interp_run_subprog(const struct bpf_subprog_entry *entry,
			   u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct bpf_run *cur = bpf_current_run;
	const struct bpf_prog *saved_prog;
	u32 depth;
	u64 ret;

	if (!entry_ok(entry)) {
		if (!cur)
			return 0;
		bpf_run_stop(cur, "callback that is no function of a program");
		return 1;
	}
	if (!cur || cur->prog != entry->prog)
		return run_entry_alone(entry, r1, r2, r3, r4, r5);
	if (cur->stopped)
		return 1;
	depth = cur->depth;
	if (depth >= MAX_CALL_FRAMES) {
		bpf_run_stop(cur, "callback deeper than %d frames", MAX_CALL_FRAMES);
		return 1;
	}
	saved_prog = cur->prog;
	bpf_run_set_depth(cur, depth + 1);
	ret = run_entry(cur, entry, r1, r2, r3, r4, r5);
	bpf_run_set_depth(cur, depth);
	cur->prog = saved_prog;
	return cur->stopped ? 1 : ret;
}

/*
 * What the interpreter needs of a program it runs without a verifier:
 * known opcodes, jumps and calls that land on instructions of the
 * program (not inside an LD_IMM64), and no way to run off its end.
 */
int bpf_interp_check_prog(const struct bpf_prog *prog)
{
	const struct bpf_insn *insns = prog->insnsi;
	u32 len = prog->len, i;
	u8 *second = NULL;
	s64 target;
	u8 code;
	int err = -EINVAL;

	if (!len)
		return -EINVAL;
	second = kzalloc(len, GFP_KERNEL);
	if (!second)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (i + 1 >= len || insns[i + 1].code)
			goto out;
		second[++i] = 1;
	}
	code = insns[len - 1].code;
	if (second[len - 1] || (code != (BPF_JMP | BPF_EXIT) &&
				code != (BPF_JMP | BPF_JA) &&
				code != (BPF_JMP32 | BPF_JA)))
		goto out;
	for (i = 0; i < len; i++) {
		code = insns[i].code;
		if (second[i])
			continue;
		if (!bpf_interp_opcode_valid[code])
			goto out;
		if (BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_JMP32)
			continue;
		switch (BPF_OP(code)) {
		case BPF_EXIT:
		case BPF_TAIL_CALL:
			continue;
		case BPF_CALL:
			if (insns[i].src_reg == BPF_PSEUDO_KFUNC_CALL) {
				/* the kernel needs a JIT for kfuncs */
				err = -ENOTSUPP;
				goto out;
			}
			if (insns[i].src_reg != BPF_PSEUDO_CALL)
				continue;
			target = (s64)i + insns[i].imm + 1;
			break;
		default:
			target = (s64)i + 1 + (code == (BPF_JMP32 | BPF_JA) ?
					       insns[i].imm : insns[i].off);
			break;
		}
		if (target < 0 || target >= len || second[target])
			goto out;
	}
	err = 0;
out:
	kfree(second);
	return err;
}
