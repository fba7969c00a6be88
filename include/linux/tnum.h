/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_TNUM_H
#define _SYSBPF_LINUX_TNUM_H

/*
 * A tracked number: what the verifier knows of a 64-bit value bit by bit.
 * A bit set in mask is unknown; a bit clear in mask has the value of the
 * same bit in value.  value & mask is always 0.
 */
#include <linux/types.h>

struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(_v, _m)	(struct tnum){ .value = (_v), .mask = (_m) }

extern const struct tnum tnum_unknown;

/* A known constant. */
struct tnum tnum_const(u64 value);
/* The smallest tnum containing every value of [min, max]. */
struct tnum tnum_range(u64 min, u64 max);

struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
/* Arithmetic shift right of a, seen as a value of insn_bitness (32 or 64) bits. */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness);
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
/* The values both a and b allow (a meet of two facts about one value). */
struct tnum tnum_intersect(struct tnum a, struct tnum b);
/* a truncated to its low size bytes. */
struct tnum tnum_cast(struct tnum a, u8 size);

static inline bool tnum_is_const(struct tnum a)
{
	return !a.mask;
}

static inline bool tnum_equals_const(struct tnum a, u64 b)
{
	return tnum_is_const(a) && a.value == b;
}

static inline bool tnum_is_unknown(struct tnum a)
{
	return !~a.mask;
}

/* Whether a is aligned to size (a power of two). */
bool tnum_is_aligned(struct tnum a, u64 size);
/* Whether every value b allows, a allows too. */
bool tnum_in(struct tnum a, struct tnum b);

/* Prints a as (value; mask) into str; returns what snprintf returns. */
int tnum_strn(char *str, size_t size, struct tnum a);
/* Prints a bit by bit, 0/1/x, most significant first. */
int tnum_sbin(char *str, size_t size, struct tnum a);

/* The low and high 32 bits of a 64-bit tnum. */
struct tnum tnum_subreg(struct tnum a);
struct tnum tnum_clear_subreg(struct tnum a);
struct tnum tnum_const_subreg(struct tnum a, u32 value);

static inline bool tnum_subreg_is_const(struct tnum a)
{
	return !(tnum_subreg(a)).mask;
}

#endif
