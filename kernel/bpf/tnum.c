// SPDX-License-Identifier: GPL-2.0
/*
 * Tracked numbers: the verifier's bit-level knowledge of a 64-bit value.
 *
 * Every operation here must be sound: if x is one of the values tnum a
 * allows and y one that b allows, x op y is one that (a op b) allows.  The
 * log prints these tnums and test_verifier matches the text, so each
 * operation must also give 6.1's exact (value; mask), not merely a sound
 * one: tnum_mul() in particular follows 6.1's partial-product scheme,
 * which is not the tightest possible answer.
 */
#include <linux/kernel.h>
#include <linux/tnum.h>
#include <stdio.h>

const struct tnum tnum_unknown = { .value = 0, .mask = ~0ULL };

struct tnum tnum_const(u64 value)
{
	return TNUM(value, 0);
}

struct tnum tnum_range(u64 min, u64 max)
{
	u64 differ = min ^ max, low;
	int bits;

	/* Every bit from the highest one min and max disagree on is free. */
	if (!differ)
		return TNUM(min, 0);
	bits = 64 - __builtin_clzll(differ);
	if (bits == 64)
		return tnum_unknown;
	low = (1ULL << bits) - 1;
	return TNUM(min & ~low, low);
}

struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	return TNUM(a.value << shift, a.mask << shift);
}

struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	return TNUM(a.value >> shift, a.mask >> shift);
}

/*
 * Shifting mask and value arithmetically copies an unknown sign bit into
 * unknown high bits and a known one into known ones, which is exact for
 * one shift amount.  Callers pass the smallest amount the shift may have.
 */
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness)
{
	if (insn_bitness == 32)
		return TNUM((u32)((s32)(u32)a.value >> min_shift),
			    (u32)((s32)(u32)a.mask >> min_shift));
	return TNUM((u64)((s64)a.value >> min_shift),
		    (u64)((s64)a.mask >> min_shift));
}

/*
 * The smallest and largest sums differ exactly in the bits a carry may
 * reach; those and the operands' own unknown bits are unknown.
 */
struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 low_sum = a.value + b.value;
	u64 high_sum = low_sum + a.mask + b.mask;
	u64 unknown = (low_sum ^ high_sum) | a.mask | b.mask;

	return TNUM(low_sum & ~unknown, unknown);
}

/* As tnum_add(): the largest and the smallest difference bound the borrows. */
struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 diff = a.value - b.value;
	u64 largest = diff + a.mask;
	u64 smallest = diff - b.mask;
	u64 unknown = (largest ^ smallest) | a.mask | b.mask;

	return TNUM(diff & ~unknown, unknown);
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 ones = a.value & b.value;
	u64 maybe = (a.value | a.mask) & (b.value | b.mask);

	return TNUM(ones, maybe & ~ones);
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 ones = a.value | b.value;

	return TNUM(ones, (a.mask | b.mask) & ~ones);
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask | b.mask;

	return TNUM((a.value ^ b.value) & ~unknown, unknown);
}

/*
 * Long multiplication, one bit of a at a time.  The product of the known
 * parts is exact; what the unknown bits may add is summed apart, as
 * tnums of value 0: a known 1 in a adds b's unknown bits, an unknown bit
 * in a adds everything b may have set.  One tnum_add() of the two sums
 * ends it.  The result depends on the order of the operands, as in 6.1.
 */
struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	u64 known_product = a.value * b.value;
	struct tnum uncertain = TNUM(0, 0);

	for (; a.value || a.mask; a = tnum_rshift(a, 1), b = tnum_lshift(b, 1)) {
		if (a.value & 1)
			uncertain = tnum_add(uncertain, TNUM(0, b.mask));
		else if (a.mask & 1)
			uncertain = tnum_add(uncertain, TNUM(0, b.value | b.mask));
	}
	return tnum_add(TNUM(known_product, 0), uncertain);
}

/*
 * A bit known in either fact is known.  Should the facts contradict each
 * other (the path is dead), the bit comes out as 1, as in 6.1.
 */
struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 unknown = a.mask & b.mask;

	return TNUM((a.value | b.value) & ~unknown, unknown);
}

struct tnum tnum_cast(struct tnum a, u8 size)
{
	/* size 8 keeps all of it; a shift by 64 would be undefined */
	u64 keep = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;

	return TNUM(a.value & keep, a.mask & keep);
}

bool tnum_is_aligned(struct tnum a, u64 size)
{
	if (!size)
		return true;
	return !((a.value | a.mask) & (size - 1));
}

bool tnum_in(struct tnum a, struct tnum b)
{
	/* b may vary a bit that a pins down: some value of b is not in a */
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}

/*
 * The kernel's "%#llx" prints 0 as "0x0" where the C library prints "0";
 * the log shows "var_off=(0x0; 0xff)", so the prefix is spelled out.
 */
int tnum_strn(char *str, size_t size, struct tnum a)
{
	return snprintf(str, size, "(0x%llx; 0x%llx)",
			(unsigned long long)a.value, (unsigned long long)a.mask);
}

/*
 * Fills at most size - 1 characters (the most significant bits first)
 * and a NUL; returns 64, the length of the whole text, as snprintf would.
 */
int tnum_sbin(char *str, size_t size, struct tnum a)
{
	size_t len = min(size ? size - 1 : 0, (size_t)64);
	size_t i;

	if (!size)
		return 64;
	for (i = 0; i < len; i++) {
		u64 bit = 1ULL << (63 - i);

		str[i] = (a.mask & bit) ? 'x' : (a.value & bit) ? '1' : '0';
	}
	str[len] = '\0';
	return 64;
}

struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

struct tnum tnum_clear_subreg(struct tnum a)
{
	return tnum_lshift(tnum_rshift(a, 32), 32);
}

struct tnum tnum_const_subreg(struct tnum a, u32 value)
{
	return tnum_or(tnum_clear_subreg(a), tnum_const(value));
}
