// SPDX-License-Identifier: GPL-2.0
/*
 * Scalars in the verifier: what it knows of a number a register holds,
 * how ALU instructions change that knowledge and what a conditional jump
 * teaches each of its two branches.
 *
 * A scalar is described five times over: a tnum (its bits) and four
 * ranges (signed and unsigned, of all 64 bits and of the low 32).  Each
 * operation computes what it can in each view, then reg_bounds_sync()
 * lets the views refine one another.  The results must be Linux 6.1's
 * exactly, not merely sound: the log prints them, test_verifier compares
 * the text, and a tighter bound here would accept programs 6.1 rejects.
 *
 * The kernel relies on wrapping signed arithmetic (-fno-strict-overflow);
 * where a computation may wrap it is done in unsigned types here.
 */
#include "verifier_env.h"

/* The value part of a register becomes imm; its ids stay (see reg_set_min_max()). */
static void ___mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const(imm);
	reg->smin_value = (s64)imm;
	reg->smax_value = (s64)imm;
	reg->umin_value = imm;
	reg->umax_value = imm;

	reg->s32_min_value = (s32)imm;
	reg->s32_max_value = (s32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

/*
 * A known value: also forgets the pointer's fixed offset, what the union
 * held, and both ids, all of which lie between type and var_off.
 */
void __mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	memset(&reg->off, 0, offsetof(struct bpf_reg_state, var_off) -
			     offsetof(struct bpf_reg_state, off));
	___mark_reg_known(reg, imm);
}

void __mark_reg32_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const_subreg(reg->var_off, (u32)imm);
	reg->s32_min_value = (s32)imm;
	reg->s32_max_value = (s32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

/* For pointers: their variable offset is 0; the type stays. */
void __mark_reg_known_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
}

void __mark_reg_const_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
	reg->type = SCALAR_VALUE;
}

void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
			 u32 regno)
{
	if (WARN_ON(regno >= MAX_BPF_REG)) {
		verbose(env, "mark_reg_known_zero(regs, %u)\n", regno);
		/* the caller's state is not to be trusted: nothing of it survives */
		for (regno = 0; regno < MAX_BPF_REG; regno++)
			__mark_reg_not_init(env, regs + regno);
		return;
	}
	__mark_reg_known_zero(regs + regno);
}

void __mark_reg_unbounded(struct bpf_reg_state *reg)
{
	__mark_reg64_unbounded(reg);
	__mark_reg32_unbounded(reg);
}

void __mark_reg64_unbounded(struct bpf_reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
}

void __mark_reg32_unbounded(struct bpf_reg_state *reg)
{
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

/*
 * Any number at all.  Everything up to var_off (type, offset, pointer
 * union, ids) is cleared; parent, liveness and subreg_def are the walk's
 * and stay.  Without CAP_BPF every scalar counts as precise: state pruning
 * is then exact about scalars, which spectre sanitation depends on.
 */
void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	memset(reg, 0, offsetof(struct bpf_reg_state, var_off));
	reg->type = SCALAR_VALUE;
	reg->var_off = tnum_unknown;
	reg->frameno = 0;
	reg->precise = !env->bpf_capable;
	__mark_reg_unbounded(reg);
}

/* A bad regno is the verifier's own bug: the registers but r10 are lost. */
static void kill_regs_but_fp(const struct bpf_verifier_env *env,
			     struct bpf_reg_state *regs)
{
	u32 regno;

	for (regno = 0; regno < BPF_REG_FP; regno++)
		__mark_reg_not_init(env, regs + regno);
}

void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	if (WARN_ON(regno >= MAX_BPF_REG)) {
		verbose(env, "mark_reg_unknown(regs, %u)\n", regno);
		kill_regs_but_fp(env, regs);
		return;
	}
	__mark_reg_unknown(env, regs + regno);
}

void __mark_reg_not_init(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	__mark_reg_unknown(env, reg);
	reg->type = NOT_INIT;
}

void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	if (WARN_ON(regno >= MAX_BPF_REG)) {
		verbose(env, "mark_reg_not_init(regs, %u)\n", regno);
		kill_regs_but_fp(env, regs);
		return;
	}
	__mark_reg_not_init(env, regs + regno);
}

/*
 * ---- the five views refining one another ----
 *
 * From the tnum: the smallest value sets every known 1 and, for a signed
 * view, an unknown sign bit; the largest sets every bit that may be 1 but
 * an unknown sign bit.  The ranges only ever narrow.
 */
static void __update_reg32_bounds(struct bpf_reg_state *reg)
{
	struct tnum t = tnum_subreg(reg->var_off);
	u32 sign = 1U << 31;
	s32 smin = (s32)(u32)(t.value | (t.mask & sign));
	s32 smax = (s32)(u32)(t.value | (t.mask & ~sign));

	reg->s32_min_value = max(reg->s32_min_value, smin);
	reg->s32_max_value = min(reg->s32_max_value, smax);
	reg->u32_min_value = max(reg->u32_min_value, (u32)t.value);
	reg->u32_max_value = min(reg->u32_max_value, (u32)(t.value | t.mask));
}

static void __update_reg64_bounds(struct bpf_reg_state *reg)
{
	struct tnum t = reg->var_off;
	u64 sign = 1ULL << 63;
	s64 smin = (s64)(t.value | (t.mask & sign));
	s64 smax = (s64)(t.value | (t.mask & ~sign));

	reg->smin_value = max(reg->smin_value, smin);
	reg->smax_value = min(reg->smax_value, smax);
	reg->umin_value = max(reg->umin_value, t.value);
	reg->umax_value = min(reg->umax_value, t.value | t.mask);
}

void __update_reg_bounds(struct bpf_reg_state *reg)
{
	__update_reg32_bounds(reg);
	__update_reg64_bounds(reg);
}

/*
 * Signed and unsigned ranges agree wherever the signed one does not
 * cross from -1 to 0 (the unsigned one then does not cross from the
 * largest positive to the smallest negative either): intersect them.
 * Otherwise an unsigned range on one side of the sign boundary still
 * tells the sign and gives back the signed range.
 */
static void __reg32_deduce_bounds(struct bpf_reg_state *reg)
{
	u32 lo, hi;

	if (reg->s32_min_value >= 0 || reg->s32_max_value < 0) {
		lo = max_t(u32, reg->s32_min_value, reg->u32_min_value);
		hi = min_t(u32, reg->s32_max_value, reg->u32_max_value);
		reg->s32_min_value = (s32)lo;
		reg->u32_min_value = lo;
		reg->s32_max_value = (s32)hi;
		reg->u32_max_value = hi;
		return;
	}
	if ((s32)reg->u32_max_value >= 0) {
		/* all non-negative: smin is below 0 and useless, smax is good */
		hi = min_t(u32, reg->s32_max_value, reg->u32_max_value);
		reg->s32_min_value = (s32)reg->u32_min_value;
		reg->s32_max_value = (s32)hi;
		reg->u32_max_value = hi;
	} else if ((s32)reg->u32_min_value < 0) {
		/* all negative: smax is at least 0 and useless, smin is good */
		lo = max_t(u32, reg->s32_min_value, reg->u32_min_value);
		reg->s32_min_value = (s32)lo;
		reg->u32_min_value = lo;
		reg->s32_max_value = (s32)reg->u32_max_value;
	}
}

static void __reg64_deduce_bounds(struct bpf_reg_state *reg)
{
	u64 lo, hi;

	if (reg->smin_value >= 0 || reg->smax_value < 0) {
		lo = max_t(u64, reg->smin_value, reg->umin_value);
		hi = min_t(u64, reg->smax_value, reg->umax_value);
		reg->smin_value = (s64)lo;
		reg->umin_value = lo;
		reg->smax_value = (s64)hi;
		reg->umax_value = hi;
		return;
	}
	if ((s64)reg->umax_value >= 0) {
		hi = min_t(u64, reg->smax_value, reg->umax_value);
		reg->smin_value = (s64)reg->umin_value;
		reg->smax_value = (s64)hi;
		reg->umax_value = hi;
	} else if ((s64)reg->umin_value < 0) {
		lo = max_t(u64, reg->smin_value, reg->umin_value);
		reg->smin_value = (s64)lo;
		reg->umin_value = lo;
		reg->smax_value = (s64)reg->umax_value;
	}
}

static void __reg_deduce_bounds(struct bpf_reg_state *reg)
{
	__reg32_deduce_bounds(reg);
	__reg64_deduce_bounds(reg);
}

/*
 * The unsigned ranges give bits back to the tnum: the bits above the
 * highest one umin and umax disagree on are known.  The low half learns
 * from the 64-bit result and from the 32-bit range.
 */
static void __reg_bound_offset(struct bpf_reg_state *reg)
{
	struct tnum off64 = tnum_intersect(reg->var_off,
					   tnum_range(reg->umin_value, reg->umax_value));
	struct tnum off32 = tnum_intersect(tnum_subreg(off64),
					   tnum_range(reg->u32_min_value,
						      reg->u32_max_value));

	reg->var_off = tnum_or(tnum_clear_subreg(off64), off32);
}

void reg_bounds_sync(struct bpf_reg_state *reg)
{
	__update_reg_bounds(reg);
	__reg_deduce_bounds(reg);
	__reg_bound_offset(reg);
	/* the sharper tnum may sharpen the ranges once more */
	__update_reg_bounds(reg);
}

static bool __reg32_bound_s64(s32 a)
{
	return a >= 0;
}

/* The upper half is known 0: the 64-bit value is the 32-bit one. */
static void __reg_assign_32_into_64(struct bpf_reg_state *reg)
{
	reg->umin_value = reg->u32_min_value;
	reg->umax_value = reg->u32_max_value;
	/*
	 * A negative s32 bound is a large u32 value, not a negative s64:
	 * only a non-negative signed range carries over; otherwise the
	 * tnum refines [0, U32_MAX] later.
	 */
	if (__reg32_bound_s64(reg->s32_min_value) &&
	    __reg32_bound_s64(reg->s32_max_value)) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
	} else {
		reg->smin_value = 0;
		reg->smax_value = U32_MAX;
	}
}

/*
 * After a jmp32 refined the low half: with a zero upper half the 32-bit
 * bounds are the 64-bit ones.  Otherwise the old 64-bit bounds may
 * contradict the new low half, so they are dropped and rebuilt from the
 * tnum, which holds the refined low bits.
 */
void __reg_combine_32_into_64(struct bpf_reg_state *reg)
{
	if (tnum_equals_const(tnum_clear_subreg(reg->var_off), 0))
		__reg_assign_32_into_64(reg);
	else
		__mark_reg64_unbounded(reg);
	reg_bounds_sync(reg);
}

static bool __reg64_bound_s32(s64 a)
{
	return a >= S32_MIN && a <= S32_MAX;
}

static bool __reg64_bound_u32(u64 a)
{
	return a <= U32_MAX;
}

/* 64-bit bounds that fit in 32 bits are the low half's bounds too. */
void __reg_combine_64_into_32(struct bpf_reg_state *reg)
{
	__mark_reg32_unbounded(reg);
	if (__reg64_bound_s32(reg->smin_value) && __reg64_bound_s32(reg->smax_value)) {
		reg->s32_min_value = (s32)reg->smin_value;
		reg->s32_max_value = (s32)reg->smax_value;
	}
	if (__reg64_bound_u32(reg->umin_value) && __reg64_bound_u32(reg->umax_value)) {
		reg->u32_min_value = (u32)reg->umin_value;
		reg->u32_max_value = (u32)reg->umax_value;
	}
	reg_bounds_sync(reg);
}

/* What an ALU32 result or a MOV32 leaves in the whole register. */
void zext_32_to_64(struct bpf_reg_state *reg)
{
	reg->var_off = tnum_subreg(reg->var_off);
	__reg_assign_32_into_64(reg);
}

/*
 * A load of size bytes (< 8): the value is the low bytes, zero-extended.
 * The unsigned range survives the truncation only if all of it lies in
 * one 2^(8 * size) block.
 */
void coerce_reg_to_size(struct bpf_reg_state *reg, int size)
{
	u64 mask;

	if (size <= 0 || size >= BPF_REG_SIZE)
		return;
	reg->var_off = tnum_cast(reg->var_off, size);

	mask = (1ULL << (size * 8)) - 1;
	if ((reg->umin_value & ~mask) == (reg->umax_value & ~mask)) {
		reg->umin_value &= mask;
		reg->umax_value &= mask;
	} else {
		reg->umin_value = 0;
		reg->umax_value = mask;
	}
	reg->smin_value = reg->umin_value;
	reg->smax_value = reg->umax_value;

	/* narrower than the low half: its bounds are the 64-bit ones now */
	if (size < 4)
		__reg_combine_64_into_32(reg);
}

bool register_is_null(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0);
}

bool register_is_const(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_is_const(reg->var_off);
}

bool __is_scalar_unbounded(const struct bpf_reg_state *reg)
{
	return tnum_is_unknown(reg->var_off) &&
	       reg->smin_value == S64_MIN && reg->smax_value == S64_MAX &&
	       reg->umin_value == 0 && reg->umax_value == U64_MAX &&
	       reg->s32_min_value == S32_MIN && reg->s32_max_value == S32_MAX &&
	       reg->u32_min_value == 0 && reg->u32_max_value == U32_MAX;
}

bool register_is_bounded(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && !__is_scalar_unbounded(reg);
}

/* Pointer types that are never NULL: a test against 0 is decided. */
bool reg_type_not_null(enum bpf_reg_type type)
{
	return type == PTR_TO_SOCKET ||
	       type == PTR_TO_TCP_SOCK ||
	       type == PTR_TO_MAP_VALUE ||
	       type == PTR_TO_MAP_KEY ||
	       type == PTR_TO_SOCK_COMMON;
}

/*
 * ---- ALU on two scalars ----
 *
 * Each op has a 32-bit and a 64-bit bounds function; dst's tnum is
 * already the result's when they run (the bitwise ones read it).
 */
static void scalar32_min_max_add(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	s32 smin, smax;

	if (__builtin_add_overflow(dst->s32_min_value, src->s32_min_value, &smin) ||
	    __builtin_add_overflow(dst->s32_max_value, src->s32_max_value, &smax)) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	} else {
		dst->s32_min_value = smin;
		dst->s32_max_value = smax;
	}
	if (dst->u32_min_value + src->u32_min_value < src->u32_min_value ||
	    dst->u32_max_value + src->u32_max_value < src->u32_max_value) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	} else {
		dst->u32_min_value += src->u32_min_value;
		dst->u32_max_value += src->u32_max_value;
	}
}

static void scalar_min_max_add(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	s64 smin, smax;

	if (__builtin_add_overflow(dst->smin_value, src->smin_value, &smin) ||
	    __builtin_add_overflow(dst->smax_value, src->smax_value, &smax)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = smin;
		dst->smax_value = smax;
	}
	if (dst->umin_value + src->umin_value < src->umin_value ||
	    dst->umax_value + src->umax_value < src->umax_value) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value += src->umin_value;
		dst->umax_value += src->umax_value;
	}
}

static void scalar32_min_max_sub(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	s32 smin, smax;

	if (__builtin_sub_overflow(dst->s32_min_value, src->s32_max_value, &smin) ||
	    __builtin_sub_overflow(dst->s32_max_value, src->s32_min_value, &smax)) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	} else {
		dst->s32_min_value = smin;
		dst->s32_max_value = smax;
	}
	if (dst->u32_min_value < src->u32_max_value) {
		/* may wrap below 0 */
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	} else {
		dst->u32_min_value -= src->u32_max_value;
		dst->u32_max_value -= src->u32_min_value;
	}
}

static void scalar_min_max_sub(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	s64 smin, smax;

	if (__builtin_sub_overflow(dst->smin_value, src->smax_value, &smin) ||
	    __builtin_sub_overflow(dst->smax_value, src->smin_value, &smax)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = smin;
		dst->smax_value = smax;
	}
	if (dst->umin_value < src->umax_value) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value -= src->umax_value;
		dst->umax_value -= src->umin_value;
	}
}

/*
 * Products are bounded only for two non-negative operands of at most
 * half the width each, which cannot overflow.
 */
static void scalar32_min_max_mul(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (src->s32_min_value < 0 || dst->s32_min_value < 0 ||
	    src->u32_max_value > U16_MAX || dst->u32_max_value > U16_MAX) {
		__mark_reg32_unbounded(dst);
		return;
	}
	dst->u32_min_value *= src->u32_min_value;
	dst->u32_max_value *= src->u32_max_value;
	if (dst->u32_max_value > S32_MAX) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	} else {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	}
}

static void scalar_min_max_mul(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (src->smin_value < 0 || dst->smin_value < 0 ||
	    src->umax_value > U32_MAX || dst->umax_value > U32_MAX) {
		__mark_reg64_unbounded(dst);
		return;
	}
	dst->umin_value *= src->umin_value;
	dst->umax_value *= src->umax_value;
	if (dst->umax_value > S64_MAX) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	}
}

/*
 * The bitwise ops: a result of two known operands is known (the tnum is
 * exact then).  Otherwise one unsigned bound comes from the tnum and the
 * other from the operands; the signed range survives only for two
 * non-negative operands, whose result is non-negative too.
 */
static void scalar32_min_max_and(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum t = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		__mark_reg32_known(dst, t.value);
		return;
	}
	dst->u32_min_value = (u32)t.value;
	dst->u32_max_value = min(dst->u32_max_value, src->u32_max_value);
	if (dst->s32_min_value < 0 || src->s32_min_value < 0) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	} else {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	}
}

static void scalar_min_max_and(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		__mark_reg_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = dst->var_off.value;
	dst->umax_value = min(dst->umax_value, src->umax_value);
	if (dst->smin_value < 0 || src->smin_value < 0) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	}
	__update_reg_bounds(dst);
}

static void scalar32_min_max_or(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum t = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		__mark_reg32_known(dst, t.value);
		return;
	}
	dst->u32_min_value = max(dst->u32_min_value, src->u32_min_value);
	dst->u32_max_value = (u32)(t.value | t.mask);
	if (dst->s32_min_value < 0 || src->s32_min_value < 0) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	} else {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	}
}

static void scalar_min_max_or(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		__mark_reg_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = max(dst->umin_value, src->umin_value);
	dst->umax_value = dst->var_off.value | dst->var_off.mask;
	if (dst->smin_value < 0 || src->smin_value < 0) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	} else {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	}
	__update_reg_bounds(dst);
}

static void scalar32_min_max_xor(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum t = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		__mark_reg32_known(dst, t.value);
		return;
	}
	dst->u32_min_value = (u32)t.value;
	dst->u32_max_value = (u32)(t.value | t.mask);
	if (dst->s32_min_value >= 0 && src->s32_min_value >= 0) {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	} else {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
}

static void scalar_min_max_xor(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		__mark_reg_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = dst->var_off.value;
	dst->umax_value = dst->var_off.value | dst->var_off.mask;
	if (dst->smin_value >= 0 && src->smin_value >= 0) {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	} else {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
	__update_reg_bounds(dst);
}

/*
 * ---- shifts ----
 *
 * Only a constant amount gets here (adjust_scalar_min_max_vals() makes
 * any other one an unknown result), below the width of the insn.  The
 * shift functions set the tnum themselves.
 */
static void __scalar32_min_max_lsh(struct bpf_reg_state *dst, u64 umin_val, u64 umax_val)
{
	/* the sign is whatever bit lands there: the tnum will tell */
	dst->s32_min_value = S32_MIN;
	dst->s32_max_value = S32_MAX;
	if (umax_val > 31 || dst->u32_max_value > 1ULL << (31 - umax_val)) {
		/* the top bit may be shifted out */
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	} else {
		dst->u32_min_value <<= umin_val;
		dst->u32_max_value <<= umax_val;
	}
}

static void scalar32_min_max_lsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum low = tnum_subreg(dst->var_off);

	__scalar32_min_max_lsh(dst, src->u32_min_value, src->u32_max_value);
	dst->var_off = tnum_subreg(tnum_lshift(low, src->u32_min_value));
	/* the zero extension rebuilds the 64-bit view from the tnum */
	__mark_reg64_unbounded(dst);
	__update_reg32_bounds(dst);
}

static void __scalar64_min_max_lsh(struct bpf_reg_state *dst, u64 umin_val, u64 umax_val)
{
	/*
	 * x << 32 keeps the sign of the low half as the sign of the whole
	 * (the <<32 s>>32 sign extension compilers emit), so the s32 range
	 * scaled by 2^32 is the signed range.
	 */
	if (umin_val == 32 && umax_val == 32) {
		dst->smax_value = (s64)((u64)(s64)dst->s32_max_value << 32);
		dst->smin_value = (s64)((u64)(s64)dst->s32_min_value << 32);
	} else {
		dst->smax_value = S64_MAX;
		dst->smin_value = S64_MIN;
	}
	if (dst->umax_value > 1ULL << (63 - umax_val)) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value <<= umin_val;
		dst->umax_value <<= umax_val;
	}
}

static void scalar_min_max_lsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	/* the 64-bit part reads the s32 bounds before the 32-bit part changes them */
	__scalar64_min_max_lsh(dst, src->umin_value, src->umax_value);
	__scalar32_min_max_lsh(dst, src->umin_value, src->umax_value);
	dst->var_off = tnum_lshift(dst->var_off, src->umin_value);
	__update_reg_bounds(dst);
}

/*
 * A logical right shift: whatever the sign was, the result's signed
 * range follows from its unsigned range and tnum, so it is dropped here.
 */
static void scalar32_min_max_rsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum low = tnum_subreg(dst->var_off);

	dst->s32_min_value = S32_MIN;
	dst->s32_max_value = S32_MAX;
	dst->var_off = tnum_rshift(low, src->u32_min_value);
	dst->u32_min_value >>= src->u32_max_value;
	dst->u32_max_value >>= src->u32_min_value;
	__mark_reg64_unbounded(dst);
	__update_reg32_bounds(dst);
}

static void scalar_min_max_rsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	dst->smin_value = S64_MIN;
	dst->smax_value = S64_MAX;
	dst->var_off = tnum_rshift(dst->var_off, src->umin_value);
	dst->umin_value >>= src->umax_value;
	dst->umax_value >>= src->umin_value;
	/* the upper half's bits move into the low half: rebuild it from the tnum */
	__mark_reg32_unbounded(dst);
	__update_reg_bounds(dst);
}

/* An arithmetic shift by a known amount keeps the signed order. */
static void scalar32_min_max_arsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u32 shift = src->u32_min_value;

	dst->s32_min_value = dst->s32_min_value >> shift;
	dst->s32_max_value = dst->s32_max_value >> shift;
	dst->var_off = tnum_arshift(tnum_subreg(dst->var_off), shift, 32);
	dst->u32_min_value = 0;
	dst->u32_max_value = U32_MAX;
	__mark_reg64_unbounded(dst);
	__update_reg32_bounds(dst);
}

static void scalar_min_max_arsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u64 shift = src->umin_value;

	dst->smin_value >>= shift;
	dst->smax_value >>= shift;
	dst->var_off = tnum_arshift(dst->var_off, shift, 64);
	dst->umin_value = 0;
	dst->umax_value = U64_MAX;
	__mark_reg32_unbounded(dst);
	__update_reg_bounds(dst);
}

typedef void (*scalar_bounds_fn)(struct bpf_reg_state *dst, const struct bpf_reg_state *src);

/*
 * How each ALU op moves a scalar.  Arithmetic and bitwise ops set the
 * tnum and then both halves' bounds; shifts run the function of the
 * insn's width, which sets the tnum too.  Ops without an entry (DIV,
 * MOD, anything else that gets here) give an unknown result.
 */
struct scalar_alu_op {
	struct tnum (*var_off)(struct tnum dst, struct tnum src);
	scalar_bounds_fn bounds32;
	scalar_bounds_fn bounds64;
	bool shift;
};

static const struct scalar_alu_op scalar_alu_ops[16] = {
	[BPF_ADD >> 4]	= { tnum_add, scalar32_min_max_add, scalar_min_max_add },
	[BPF_SUB >> 4]	= { tnum_sub, scalar32_min_max_sub, scalar_min_max_sub },
	[BPF_MUL >> 4]	= { tnum_mul, scalar32_min_max_mul, scalar_min_max_mul },
	[BPF_AND >> 4]	= { tnum_and, scalar32_min_max_and, scalar_min_max_and },
	[BPF_OR >> 4]	= { tnum_or, scalar32_min_max_or, scalar_min_max_or },
	[BPF_XOR >> 4]	= { tnum_xor, scalar32_min_max_xor, scalar_min_max_xor },
	[BPF_LSH >> 4]	= { NULL, scalar32_min_max_lsh, scalar_min_max_lsh, true },
	[BPF_RSH >> 4]	= { NULL, scalar32_min_max_rsh, scalar_min_max_rsh, true },
	[BPF_ARSH >> 4]	= { NULL, scalar32_min_max_arsh, scalar_min_max_arsh, true },
};

static bool sanitize_needed(u8 opcode)
{
	return opcode == BPF_ADD || opcode == BPF_SUB;
}

/*
 * A src whose bounds contradict each other comes from a path that cannot
 * happen (a dead branch); computing with it would spread the
 * contradiction, so dst just becomes unknown.
 */
static bool scalar_src_invalid(const struct bpf_reg_state *src, bool alu32, bool src_known)
{
	if (alu32)
		return (src_known && (src->s32_min_value != src->s32_max_value ||
				      src->u32_min_value != src->u32_max_value)) ||
		       src->s32_min_value > src->s32_max_value ||
		       src->u32_min_value > src->u32_max_value;
	return (src_known && (src->smin_value != src->smax_value ||
			      src->umin_value != src->umax_value)) ||
	       src->smin_value > src->smax_value ||
	       src->umin_value > src->umax_value;
}

/*
 * A shift amount the insn's width does not define (negative ones
 * included) gives an unknown result; 6.1 decides it on the 64-bit umax.
 * ALU32 shifts then compute with the 32-bit bounds, and in a state whose
 * bounds contradict each other (a dead branch) those may still be too
 * large: 6.1 shifts by them anyway, which C leaves undefined.  Only those
 * cases get an unknown result here too; every defined one is 6.1's.
 */
static bool shift_out_of_range(const struct bpf_reg_state *src, u8 opcode, bool alu32)
{
	if (src->umax_value >= (alu32 ? 32 : 64))
		return true;
	if (!alu32)
		return false;
	switch (opcode) {
	case BPF_LSH:	/* only the tnum shifts by the (u8) minimum */
		return (u8)src->u32_min_value >= 64;
	case BPF_RSH:
		return src->u32_max_value >= 32;
	default:
		return src->u32_min_value >= 32;
	}
}

/*
 * dst_reg op= src_reg for two scalars (src_reg is a copy: dst may be the
 * same register).  ALU32 results are zero-extended into 64 bits.
 */
int adjust_scalar_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
			       struct bpf_reg_state *dst_reg, struct bpf_reg_state src_reg)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u8 opcode = BPF_OP(insn->code);
	bool alu32 = BPF_CLASS(insn->code) != BPF_ALU64;
	const struct scalar_alu_op *op = &scalar_alu_ops[opcode >> 4];
	bool src_known;
	int ret;

	src_known = alu32 ? tnum_subreg_is_const(src_reg.var_off)
			  : tnum_is_const(src_reg.var_off);
	if (scalar_src_invalid(&src_reg, alu32, src_known)) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}
	/* only add, sub and and learn anything from a variable src */
	if (!src_known && opcode != BPF_ADD && opcode != BPF_SUB && opcode != BPF_AND) {
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}

	if (sanitize_needed(opcode)) {
		ret = sanitize_val_alu(env, insn);
		if (ret < 0)
			return sanitize_err(env, insn, ret, NULL, NULL);
	}

	if (!op->bounds64) {
		mark_reg_unknown(env, regs, insn->dst_reg);
	} else if (op->shift) {
		if (shift_out_of_range(&src_reg, opcode, alu32))
			mark_reg_unknown(env, regs, insn->dst_reg);
		else if (alu32)
			op->bounds32(dst_reg, &src_reg);
		else
			op->bounds64(dst_reg, &src_reg);
	} else {
		/*
		 * Both halves are tracked for these ops whatever the insn's
		 * width: a later jmp32 may use the 32-bit view of an ALU64
		 * result.
		 */
		dst_reg->var_off = op->var_off(dst_reg->var_off, src_reg.var_off);
		op->bounds32(dst_reg, &src_reg);
		op->bounds64(dst_reg, &src_reg);
	}

	if (alu32)
		zext_32_to_64(dst_reg);
	reg_bounds_sync(dst_reg);
	return 0;
}

/*
 * ---- conditional jumps ----
 *
 * is_branch_taken() decides "reg op val" from one view of the register:
 * the low half's for jmp32, all 64 bits' otherwise.  A view is held
 * widened (unsigned zero-extended, signed sign-extended), which keeps
 * every comparison what it is in 32 bits.
 */
struct scalar_view {
	struct tnum var_off;
	u64 umin, umax;
	s64 smin, smax;
	u64 val;
	s64 sval;
};

static void scalar_view32(struct scalar_view *v, const struct bpf_reg_state *reg, u64 val)
{
	v->var_off = tnum_subreg(reg->var_off);
	v->umin = reg->u32_min_value;
	v->umax = reg->u32_max_value;
	v->smin = reg->s32_min_value;
	v->smax = reg->s32_max_value;
	v->val = (u32)val;
	v->sval = (s32)val;
}

static void scalar_view64(struct scalar_view *v, const struct bpf_reg_state *reg, u64 val)
{
	v->var_off = reg->var_off;
	v->umin = reg->umin_value;
	v->umax = reg->umax_value;
	v->smin = reg->smin_value;
	v->smax = reg->smax_value;
	v->val = val;
	v->sval = (s64)val;
}

/* 1 when "always" holds, 0 when "never" does, -1 otherwise. */
static int decided(bool always, bool never)
{
	return always ? 1 : never ? 0 : -1;
}

static int is_scalar_branch_taken(const struct scalar_view *v, u8 opcode)
{
	switch (opcode) {
	case BPF_JEQ:
		if (tnum_is_const(v->var_off))
			return v->var_off.value == v->val;
		return -1;
	case BPF_JNE:
		if (tnum_is_const(v->var_off))
			return v->var_off.value != v->val;
		return -1;
	case BPF_JSET:
		return decided(~v->var_off.mask & v->var_off.value & v->val,
			       !((v->var_off.value | v->var_off.mask) & v->val));
	case BPF_JGT:
		return decided(v->umin > v->val, v->umax <= v->val);
	case BPF_JGE:
		return decided(v->umin >= v->val, v->umax < v->val);
	case BPF_JLT:
		return decided(v->umax < v->val, v->umin >= v->val);
	case BPF_JLE:
		return decided(v->umax <= v->val, v->umin > v->val);
	case BPF_JSGT:
		return decided(v->smin > v->sval, v->smax <= v->sval);
	case BPF_JSGE:
		return decided(v->smin >= v->sval, v->smax < v->sval);
	case BPF_JSLT:
		return decided(v->smax < v->sval, v->smin >= v->sval);
	case BPF_JSLE:
		return decided(v->smax <= v->sval, v->smin > v->sval);
	}
	return -1;
}

/*
 * 1: "if (reg op val) goto" always jumps, 0: never does, -1: either.
 * Of pointers only those that cannot be NULL compared with 0 (JEQ, JNE)
 * are decided.
 */
int is_branch_taken(struct bpf_reg_state *reg, u64 val, u8 opcode, bool is_jmp32)
{
	struct scalar_view v;

	if (reg->type != SCALAR_VALUE) {
		if (!reg_type_not_null(reg->type) || val != 0)
			return -1;
		if (opcode == BPF_JEQ)
			return 0;
		if (opcode == BPF_JNE)
			return 1;
		return -1;
	}

	if (is_jmp32)
		scalar_view32(&v, reg, val);
	else
		scalar_view64(&v, reg, val);
	return is_scalar_branch_taken(&v, opcode);
}

/* "a op b" as "b op' a"; 0 for ops with no such form. */
static u8 flip_opcode(u8 opcode)
{
	static const u8 flipped[16] = {
		[BPF_JEQ >> 4]	= BPF_JEQ,
		[BPF_JNE >> 4]	= BPF_JNE,
		[BPF_JSET >> 4]	= BPF_JSET,
		[BPF_JGT >> 4]	= BPF_JLT,
		[BPF_JGE >> 4]	= BPF_JLE,
		[BPF_JLT >> 4]	= BPF_JGT,
		[BPF_JLE >> 4]	= BPF_JGE,
		[BPF_JSGT >> 4]	= BPF_JSLT,
		[BPF_JSGE >> 4]	= BPF_JSLE,
		[BPF_JSLT >> 4]	= BPF_JSGT,
		[BPF_JSLE >> 4]	= BPF_JSGE,
	};

	return flipped[opcode >> 4];
}

/*
 * "if (reg op val)": true_reg is reg's state where the jump is taken,
 * false_reg where it falls through; both start as copies of reg.  Each
 * learns the bound the comparison implies in the width it was made in;
 * the other width then relearns from it.  A pointer learns nothing: the
 * compare says nothing of its variable offset.
 */
void reg_set_min_max(struct bpf_reg_state *true_reg, struct bpf_reg_state *false_reg,
		     u64 val, u32 val32, u8 opcode, bool is_jmp32)
{
	struct tnum false_32off = tnum_subreg(false_reg->var_off);
	struct tnum false_64off = false_reg->var_off;
	struct tnum true_32off = tnum_subreg(true_reg->var_off);
	struct tnum true_64off = true_reg->var_off;
	s64 sval = (s64)val;
	s32 sval32 = (s32)val32;

	if (false_reg->type != SCALAR_VALUE)
		return;

	switch (opcode) {
	case BPF_JEQ:
		/* equality keeps copies of the register linked: ids stay */
		if (is_jmp32) {
			__mark_reg32_known(true_reg, val32);
			true_32off = tnum_subreg(true_reg->var_off);
		} else {
			___mark_reg_known(true_reg, val);
			true_64off = true_reg->var_off;
		}
		break;
	case BPF_JNE:
		if (is_jmp32) {
			__mark_reg32_known(false_reg, val32);
			false_32off = tnum_subreg(false_reg->var_off);
		} else {
			___mark_reg_known(false_reg, val);
			false_64off = false_reg->var_off;
		}
		break;
	case BPF_JSET:
		/*
		 * The tnums are narrowed below; ranges that disagree with
		 * them (on a dead branch) must not survive to contradict.
		 */
		__mark_reg_unbounded(false_reg);
		if (is_jmp32) {
			false_32off = tnum_and(false_32off, tnum_const(~val32));
			if (is_power_of_2(val32))
				true_32off = tnum_or(true_32off, tnum_const(val32));
		} else {
			false_64off = tnum_and(false_64off, tnum_const(~val));
			if (is_power_of_2(val))
				true_64off = tnum_or(true_64off, tnum_const(val));
		}
		break;
	case BPF_JGE:
	case BPF_JGT:
		if (is_jmp32) {
			u32 false_umax = opcode == BPF_JGT ? val32 : val32 - 1;
			u32 true_umin = opcode == BPF_JGT ? val32 + 1 : val32;

			false_reg->u32_max_value = min(false_reg->u32_max_value, false_umax);
			true_reg->u32_min_value = max(true_reg->u32_min_value, true_umin);
		} else {
			u64 false_umax = opcode == BPF_JGT ? val : val - 1;
			u64 true_umin = opcode == BPF_JGT ? val + 1 : val;

			false_reg->umax_value = min(false_reg->umax_value, false_umax);
			true_reg->umin_value = max(true_reg->umin_value, true_umin);
		}
		break;
	case BPF_JSGE:
	case BPF_JSGT:
		if (is_jmp32) {
			s32 false_smax = opcode == BPF_JSGT ? sval32 : (s32)(val32 - 1);
			s32 true_smin = opcode == BPF_JSGT ? (s32)(val32 + 1) : sval32;

			false_reg->s32_max_value = min(false_reg->s32_max_value, false_smax);
			true_reg->s32_min_value = max(true_reg->s32_min_value, true_smin);
		} else {
			s64 false_smax = opcode == BPF_JSGT ? sval : (s64)(val - 1);
			s64 true_smin = opcode == BPF_JSGT ? (s64)(val + 1) : sval;

			false_reg->smax_value = min(false_reg->smax_value, false_smax);
			true_reg->smin_value = max(true_reg->smin_value, true_smin);
		}
		break;
	case BPF_JLE:
	case BPF_JLT:
		if (is_jmp32) {
			u32 false_umin = opcode == BPF_JLT ? val32 : val32 + 1;
			u32 true_umax = opcode == BPF_JLT ? val32 - 1 : val32;

			false_reg->u32_min_value = max(false_reg->u32_min_value, false_umin);
			true_reg->u32_max_value = min(true_reg->u32_max_value, true_umax);
		} else {
			u64 false_umin = opcode == BPF_JLT ? val : val + 1;
			u64 true_umax = opcode == BPF_JLT ? val - 1 : val;

			false_reg->umin_value = max(false_reg->umin_value, false_umin);
			true_reg->umax_value = min(true_reg->umax_value, true_umax);
		}
		break;
	case BPF_JSLE:
	case BPF_JSLT:
		if (is_jmp32) {
			s32 false_smin = opcode == BPF_JSLT ? sval32 : (s32)(val32 + 1);
			s32 true_smax = opcode == BPF_JSLT ? (s32)(val32 - 1) : sval32;

			false_reg->s32_min_value = max(false_reg->s32_min_value, false_smin);
			true_reg->s32_max_value = min(true_reg->s32_max_value, true_smax);
		} else {
			s64 false_smin = opcode == BPF_JSLT ? sval : (s64)(val + 1);
			s64 true_smax = opcode == BPF_JSLT ? (s64)(val - 1) : sval;

			false_reg->smin_value = max(false_reg->smin_value, false_smin);
			true_reg->smax_value = min(true_reg->smax_value, true_smax);
		}
		break;
	default:
		return;
	}

	if (is_jmp32) {
		false_reg->var_off = tnum_or(tnum_clear_subreg(false_64off),
					     tnum_subreg(false_32off));
		true_reg->var_off = tnum_or(tnum_clear_subreg(true_64off),
					    tnum_subreg(true_32off));
		__reg_combine_32_into_64(false_reg);
		__reg_combine_32_into_64(true_reg);
	} else {
		false_reg->var_off = false_64off;
		true_reg->var_off = true_64off;
		__reg_combine_64_into_32(false_reg);
		__reg_combine_64_into_32(true_reg);
	}
}

/* "if (val op reg)": the same lesson, with the comparison turned round. */
void reg_set_min_max_inv(struct bpf_reg_state *true_reg, struct bpf_reg_state *false_reg,
			 u64 val, u32 val32, u8 opcode, bool is_jmp32)
{
	opcode = flip_opcode(opcode);
	/* 0 (BPF_JA) never compares, so it can mean "no such op" */
	if (opcode)
		reg_set_min_max(true_reg, false_reg, val, val32, opcode, is_jmp32);
}

/* Two registers known equal: each gets what either knows. */
static void __reg_combine_min_max(struct bpf_reg_state *src_reg,
				  struct bpf_reg_state *dst_reg)
{
	u64 umin = max(src_reg->umin_value, dst_reg->umin_value);
	u64 umax = min(src_reg->umax_value, dst_reg->umax_value);
	s64 smin = max(src_reg->smin_value, dst_reg->smin_value);
	s64 smax = min(src_reg->smax_value, dst_reg->smax_value);
	struct tnum var_off = tnum_intersect(src_reg->var_off, dst_reg->var_off);

	src_reg->umin_value = dst_reg->umin_value = umin;
	src_reg->umax_value = dst_reg->umax_value = umax;
	src_reg->smin_value = dst_reg->smin_value = smin;
	src_reg->smax_value = dst_reg->smax_value = smax;
	src_reg->var_off = dst_reg->var_off = var_off;
	reg_bounds_sync(src_reg);
	reg_bounds_sync(dst_reg);
}

/* "if (dst op src)" on two scalars: JEQ and JNE make them one on a side. */
void reg_combine_min_max(struct bpf_reg_state *true_src, struct bpf_reg_state *true_dst,
			 struct bpf_reg_state *false_src, struct bpf_reg_state *false_dst,
			 u8 opcode)
{
	switch (opcode) {
	case BPF_JEQ:
		__reg_combine_min_max(true_src, true_dst);
		break;
	case BPF_JNE:
		__reg_combine_min_max(false_src, false_dst);
		break;
	}
}

/*
 * A scalar copied by "rX = rY" shares its id with the copies: what a
 * jump taught one of them holds for all, in every frame and stack slot.
 * Each keeps its own place in the liveness chain and its own 32-bit def.
 */
void find_equal_scalars(struct bpf_verifier_state *vstate, struct bpf_reg_state *known_reg)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	bpf_for_each_reg_in_vstate(vstate, state, reg, ({
		if (reg != known_reg && reg->type == SCALAR_VALUE &&
		    reg->id == known_reg->id) {
			struct bpf_reg_state *parent = reg->parent;
			enum bpf_reg_liveness live = reg->live;
			s32 subreg_def = reg->subreg_def;

			*reg = *known_reg;
			reg->parent = parent;
			reg->live = live;
			reg->subreg_def = subreg_def;
		}
	}));
}
