// SPDX-License-Identifier: GPL-2.0
/*
 * The tnum algebra (kernel/bpf/tnum.c): hand-checked results, the
 * figures test_verifier and test_progs/align read in 6.1's log, and
 * soundness checked by brute force: for tnums a and b and every concrete
 * x in a and y in b, x op y must lie in (a op b).  The bitwise ops, the
 * shifts and add/sub are also checked to be the tightest tnum.
 */
#include <linux/kernel.h>
#include <linux/tnum.h>
#include <stdbool.h>
#include "sysbpf_test.h"

#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

static bool tnum_has(struct tnum t, u64 x)
{
	return (x & ~t.mask) == t.value;
}

static bool tnum_eq(struct tnum a, struct tnum b)
{
	return a.value == b.value && a.mask == b.mask;
}

#define TNUM_EQ(got, want_v, want_m, name)					\
	({ struct tnum __g = (got), __w = TNUM(want_v, want_m);		\
	   TEST_OK(tnum_eq(__g, __w), name, "got (%#llx; %#llx), want (%#llx; %#llx)", \
		   (unsigned long long)__g.value, (unsigned long long)__g.mask,	\
		   (unsigned long long)__w.value, (unsigned long long)__w.mask); })

/* ---- a small deterministic generator (xorshift64*) ---- */
static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* The k-th member of t: the bits of k spread over t's unknown bits. */
static u64 tnum_member(struct tnum t, u64 k)
{
	u64 x = t.value, m = t.mask;

	while (m && k) {
		u64 bit = m & -m;

		if (k & 1)
			x |= bit;
		k >>= 1;
		m &= m - 1;
	}
	return x;
}

static u64 tnum_count(struct tnum t)
{
	return 1ULL << __builtin_popcountll(t.mask);
}

/* The tightest tnum holding a set of values: the bits they all agree on. */
struct tnum_acc {
	u64 and, or;
	bool any;
};

static void acc_add(struct tnum_acc *acc, u64 x)
{
	if (!acc->any) {
		acc->and = acc->or = x;
		acc->any = true;
		return;
	}
	acc->and &= x;
	acc->or |= x;
}

static struct tnum acc_tnum(const struct tnum_acc *acc)
{
	u64 unknown = acc->and ^ acc->or;

	return TNUM(acc->and & ~unknown, unknown);
}

/* A random tnum with at most max_unknown unknown bits anywhere in 64. */
static struct tnum random_tnum(int max_unknown)
{
	int n = rnd() % (max_unknown + 1), i;
	u64 mask = 0;

	for (i = 0; i < n; i++) {
		switch (rnd() % 3) {
		case 0:		/* low bits, where carries start */
			mask |= 1ULL << (rnd() % 8);
			break;
		case 1:		/* the top, where signs and overflow are */
			mask |= 1ULL << (56 + rnd() % 8);
			break;
		default:
			mask |= 1ULL << (rnd() % 64);
		}
	}
	switch (rnd() % 4) {
	case 0:
		return TNUM(0, mask);
	case 1:		/* small values: most products stay exact */
		return TNUM(rnd() & 0xff & ~mask, mask & 0xff);
	default:
		return TNUM(rnd() & ~mask, mask);
	}
}

/* ---- hand-checked results ---- */

static void test_hand_checked(void)
{
	char buf[80];
	int n;

	TNUM_EQ(tnum_const(5), 5, 0, "const 5");
	CHECK(tnum_is_unknown(tnum_unknown) && tnum_unknown.value == 0, "tnum_unknown");

	TNUM_EQ(tnum_range(5, 5), 5, 0, "range [5,5] is a constant");
	TNUM_EQ(tnum_range(0, 255), 0, 0xff, "range [0,255]");
	TNUM_EQ(tnum_range(4, 7), 4, 3, "range [4,7]");
	TNUM_EQ(tnum_range(4, 8), 0, 0xf, "range [4,8] spans bit 3");
	TNUM_EQ(tnum_range(0, U64_MAX), 0, U64_MAX, "range of everything");
	TNUM_EQ(tnum_range(0, 1ULL << 63), 0, U64_MAX, "range across bit 63 is unknown");
	TNUM_EQ(tnum_range(1ULL << 63, U64_MAX), 1ULL << 63, S64_MAX, "range of the negatives");

	TNUM_EQ(tnum_lshift(TNUM(1, 2), 3), 8, 16, "lshift");
	TNUM_EQ(tnum_rshift(TNUM(0x80, 1), 4), 8, 0, "rshift drops unknown low bits");
	TNUM_EQ(tnum_arshift(TNUM(0x80000000, 0), 4, 32), 0xf8000000, 0, "arshift32 of a negative");
	TNUM_EQ(tnum_arshift(TNUM(0, 0x80000000), 4, 32), 0, 0xf8000000,
		"arshift32 spreads an unknown sign");
	TNUM_EQ(tnum_arshift(TNUM(0x180000000ULL, 0), 4, 32), 0xf8000000, 0,
		"arshift32 ignores the upper half");
	TNUM_EQ(tnum_arshift(TNUM(0x80000000, 0), 4, 64), 0x08000000, 0,
		"arshift64 of a positive");
	TNUM_EQ(tnum_arshift(TNUM(0x8000000000000010ULL, 0xf), 4, 64),
		0xf800000000000001ULL, 0, "arshift64 of a negative");

	TNUM_EQ(tnum_add(TNUM(0, 1), TNUM(0, 1)), 0, 3, "add: carry out of unknown bits");
	TNUM_EQ(tnum_add(TNUM(1, 0), TNUM(1, 0)), 2, 0, "add of constants");
	/* test_progs/align "packet variable offset 2": (4n) + 14 is (4n+2) */
	TNUM_EQ(tnum_add(TNUM(0, 0x3fc), tnum_const(14)), 2, 0x7fc, "add (0;0x3fc) + 14");
	/* align "pointer variable subtraction": (4n) + 76 */
	TNUM_EQ(tnum_add(TNUM(0, 0x3fc), tnum_const(76)), 0, 0x7fc, "add (0;0x3fc) + 76");
	/* align "variable subtraction": (4n+2) - (4n) */
	TNUM_EQ(tnum_sub(TNUM(2, 0x7fc), TNUM(0, 0x3fc)), 2, 0xfffffffffffffffcULL,
		"sub (0x2;0x7fc) - (0;0x3fc)");
	TNUM_EQ(tnum_sub(tnum_const(0), tnum_const(1)), U64_MAX, 0, "sub 0 - 1 wraps");

	TNUM_EQ(tnum_and(TNUM(0, 0xff), tnum_const(0xf)), 0, 0xf, "and with a constant");
	TNUM_EQ(tnum_and(TNUM(3, 4), TNUM(5, 2)), 1, 6, "and {3,7} & {5,7}");
	TNUM_EQ(tnum_or(TNUM(1, 2), tnum_const(4)), 5, 2, "or");
	TNUM_EQ(tnum_or(TNUM(0, 0xff), TNUM(0x100, 0)), 0x100, 0xff, "or high bit");
	TNUM_EQ(tnum_or(TNUM(0, 3), tnum_const(1)), 1, 2, "or sets a known 1");
	TNUM_EQ(tnum_xor(TNUM(1, 2), tnum_const(3)), 0, 2, "xor {1,3} ^ 3");

	TNUM_EQ(tnum_mul(tnum_const(3), tnum_const(5)), 15, 0, "mul of constants");
	TNUM_EQ(tnum_mul(TNUM(0, 1), tnum_const(6)), 0, 6, "mul {0,1} * 6");
	TNUM_EQ(tnum_mul(tnum_const(6), TNUM(0, 1)), 0, 6, "mul 6 * {0,1}");
	TNUM_EQ(tnum_mul(TNUM(0, 3), TNUM(0, 3)), 0, 0xf, "mul [0,3] * [0,3]");
	/* align "unknown mul": a byte times 2, then 8 times 2 */
	TNUM_EQ(tnum_mul(TNUM(0, 0xff), tnum_const(2)), 0, 0x1fe, "mul byte * 2");
	TNUM_EQ(tnum_mul(TNUM(0, 0xff), tnum_const(1)), 0, 0xff, "mul byte * 1");
	TNUM_EQ(tnum_mul(TNUM(0, 0x7f8), tnum_const(2)), 0, 0xff0, "mul (0;0x7f8) * 2");
	/*
	 * 6.1's scheme depends on the order of its operands:
	 * {2,3} * [4,7] sums to (0;0x1f), [4,7] * {2,3} to (0;0x3f).
	 */
	TNUM_EQ(tnum_mul(TNUM(2, 1), TNUM(4, 3)), 0, 0x1f, "mul {2,3} * [4,7]");
	TNUM_EQ(tnum_mul(TNUM(4, 3), TNUM(2, 1)), 0, 0x3f, "mul [4,7] * {2,3}");

	TNUM_EQ(tnum_intersect(TNUM(0, 0xff), TNUM(0x10, 0xf0f)), 0x10, 0xf, "intersect");
	TNUM_EQ(tnum_intersect(tnum_const(1), tnum_const(2)), 3, 0,
		"intersect of contradicting facts gives known 1s");

	TNUM_EQ(tnum_cast(TNUM(0x34, 0xff00ff00), 1), 0x34, 0, "cast to a byte");
	TNUM_EQ(tnum_cast(TNUM(0x34, 0xff00ff00), 2), 0x34, 0xff00, "cast to 2 bytes");
	TNUM_EQ(tnum_cast(TNUM(0x34, 0xff00ff00ff00ULL), 4), 0x34, 0xff00ff00, "cast to 4 bytes");
	TNUM_EQ(tnum_cast(TNUM(0x34, 0xff00ff00ff00ULL), 8), 0x34, 0xff00ff00ff00ULL,
		"cast to 8 bytes keeps it");

	CHECK(tnum_is_aligned(TNUM(8, 0x10), 8), "aligned: unknown bits above");
	CHECK(!tnum_is_aligned(TNUM(8, 4), 8), "not aligned: unknown bit below");
	CHECK(!tnum_is_aligned(tnum_const(2), 4), "not aligned: known bit below");
	CHECK(tnum_is_aligned(tnum_unknown, 0), "size 0 is always aligned");
	CHECK(tnum_is_aligned(tnum_const(3), 1), "size 1 is always aligned");

	CHECK(tnum_in(TNUM(0, 0xff), TNUM(0x10, 3)), "in: subset");
	CHECK(!tnum_in(TNUM(0, 0xf), tnum_const(0x10)), "in: a known bit differs");
	CHECK(!tnum_in(tnum_const(0x10), TNUM(0, 0x10)), "in: b varies a known bit");
	CHECK(tnum_in(tnum_unknown, TNUM(5, 2)), "in: everything holds all");

	n = tnum_strn(buf, sizeof(buf), TNUM(0, 0xff));
	TEST_OK(!strcmp(buf, "(0x0; 0xff)") && n == 11, "strn prints 0 as 0x0", "got \"%s\" %d", buf, n);
	tnum_strn(buf, sizeof(buf), TNUM(2, 0xfffffffffffffffcULL));
	TEST_OK(!strcmp(buf, "(0x2; 0xfffffffffffffffc)"), "strn as the log shows it", "got \"%s\"", buf);
	n = tnum_strn(buf, 5, TNUM(0x2, 0x7fc));
	TEST_OK(!strcmp(buf, "(0x2") && n == 12, "strn truncates, returns the full length",
		"got \"%s\" %d", buf, n);

	memset(buf, '#', sizeof(buf));
	n = tnum_sbin(buf, sizeof(buf), TNUM(5, 2));
	TEST_OK(n == 64 && strlen(buf) == 64 && !strncmp(buf + 61, "1x1", 3) &&
		strspn(buf, "0") == 61, "sbin: most significant bit first", "got \"%s\"", buf);
	memset(buf, '#', sizeof(buf));
	n = tnum_sbin(buf, 4, TNUM(1ULL << 63, 1ULL << 62));
	TEST_OK(n == 64 && !strcmp(buf, "1x0") && buf[4] == '#', "sbin: size 4 gets the top 3 bits",
		"got \"%s\"", buf);
	n = tnum_sbin(buf, 0, tnum_unknown);
	CHECK(n == 64 && buf[0] == '1', "sbin: size 0 writes nothing");

	TNUM_EQ(tnum_subreg(TNUM(0x100000002ULL, 0xf00000000f0ULL)), 2, 0xf0, "subreg");
	TNUM_EQ(tnum_clear_subreg(TNUM(0x100000002ULL, 0xf00000000f0ULL)), 0x100000000ULL,
		0xf0000000000ULL, "clear_subreg");
	TNUM_EQ(tnum_const_subreg(TNUM(0x100000002ULL, 0xf00000000f0ULL), 0x77), 0x100000077ULL,
		0xf0000000000ULL, "const_subreg");
	CHECK(tnum_subreg_is_const(TNUM(0x5, 0xffffffff00000000ULL)), "subreg_is_const");
	CHECK(!tnum_subreg_is_const(TNUM(0, 0x80000000)), "subreg_is_const: bit 31 unknown");
	CHECK(tnum_equals_const(tnum_const(7), 7) && !tnum_equals_const(TNUM(6, 1), 7),
		"equals_const");
}

/* ---- soundness (and tightness where 6.1 is tight), by brute force ---- */

enum tnum_binop { OP_ADD, OP_SUB, OP_MUL, OP_AND, OP_OR, OP_XOR, OP_INTERSECT, NR_BINOPS };

static const char *const binop_name[NR_BINOPS] = {
	"add", "sub", "mul", "and", "or", "xor", "intersect",
};

/* tnum_mul is sound but not the tightest; the others are tight. */
static const bool binop_tight[NR_BINOPS] = {
	[OP_ADD] = true, [OP_SUB] = true, [OP_AND] = true, [OP_OR] = true, [OP_XOR] = true,
};

static struct tnum apply_binop(int op, struct tnum a, struct tnum b)
{
	switch (op) {
	case OP_ADD: return tnum_add(a, b);
	case OP_SUB: return tnum_sub(a, b);
	case OP_MUL: return tnum_mul(a, b);
	case OP_AND: return tnum_and(a, b);
	case OP_OR: return tnum_or(a, b);
	case OP_XOR: return tnum_xor(a, b);
	default: return tnum_intersect(a, b);
	}
}

static u64 concrete_binop(int op, u64 x, u64 y)
{
	switch (op) {
	case OP_ADD: return x + y;
	case OP_SUB: return x - y;
	case OP_MUL: return x * y;
	case OP_AND: return x & y;
	case OP_OR: return x | y;
	default: return x ^ y;
	}
}

struct failure {
	long count;
	char first[200];
};

static void note_failure(struct failure *f, struct tnum a, struct tnum b, u64 x, u64 y,
			 struct tnum r, const char *what)
{
	if (!f->count++)
		snprintf(f->first, sizeof(f->first),
			 "a=(%#llx;%#llx) b=(%#llx;%#llx) x=%#llx y=%#llx -> (%#llx;%#llx): %s",
			 (unsigned long long)a.value, (unsigned long long)a.mask,
			 (unsigned long long)b.value, (unsigned long long)b.mask,
			 (unsigned long long)x, (unsigned long long)y,
			 (unsigned long long)r.value, (unsigned long long)r.mask, what);
}

/* Every x op y in the result; with tight, the result is the exact hull. */
static void check_binop(int op, struct tnum a, struct tnum b, struct failure *f)
{
	struct tnum r = apply_binop(op, a, b);
	struct tnum_acc acc = {};
	u64 i, j;

	if (r.value & r.mask)
		note_failure(f, a, b, 0, 0, r, "value & mask not 0");
	for (i = 0; i < tnum_count(a); i++) {
		u64 x = tnum_member(a, i);

		for (j = 0; j < tnum_count(b); j++) {
			u64 y = tnum_member(b, j), z;

			if (op == OP_INTERSECT) {
				/* a value both allow is one the meet allows */
				if (x != y)
					continue;
				z = x;
			} else {
				z = concrete_binop(op, x, y);
			}
			acc_add(&acc, z);
			if (!tnum_has(r, z))
				note_failure(f, a, b, x, y, r, "result outside");
		}
	}
	if (binop_tight[op] && acc.any && !tnum_eq(r, acc_tnum(&acc)))
		note_failure(f, a, b, 0, 0, r, "not the tightest tnum");
}

/* All 3^4 tnums of 4 bits, placed at bit 0 and at bit 60 (sign, carry out). */
static void test_exhaustive_binops(void)
{
	static const int shifts[] = { 0, 60, 30 };
	char name[96];
	int op, s;

	for (op = 0; op < NR_BINOPS; op++) {
		for (s = 0; s < (int)ARRAY_SIZE(shifts); s++) {
			struct failure f = {};
			u64 av, am, bv, bm;

			for (am = 0; am < 16; am++)
			for (av = 0; av < 16; av++) {
				if (av & am)
					continue;
				for (bm = 0; bm < 16; bm++)
				for (bv = 0; bv < 16; bv++) {
					if (bv & bm)
						continue;
					check_binop(op, TNUM(av << shifts[s], am << shifts[s]),
						    TNUM(bv << shifts[s], bm << shifts[s]), &f);
				}
			}
			snprintf(name, sizeof(name), "exhaustive 4-bit %s at bit %d",
				 binop_name[op], shifts[s]);
			TEST_OK(!f.count, name, "%ld failures, first: %s", f.count, f.first);
		}
	}
}

static void test_random_binops(void)
{
	char name[96];
	int op, i;

	for (op = 0; op < NR_BINOPS; op++) {
		struct failure f = {};

		for (i = 0; i < 20000; i++) {
			struct tnum a = random_tnum(5), b = random_tnum(5);

			if (op == OP_INTERSECT && (rnd() & 1))
				b = TNUM(tnum_member(a, rnd()) & ~b.mask, b.mask);
			check_binop(op, a, b, &f);
		}
		snprintf(name, sizeof(name), "random 64-bit %s: sound%s", binop_name[op],
			 binop_tight[op] ? " and tight" : "");
		TEST_OK(!f.count, name, "%ld failures, first: %s", f.count, f.first);
	}
}

/* Shifts by every amount, casts and the subreg helpers, on random tnums. */
static void test_unary_ops(void)
{
	struct failure lsh = {}, rsh = {}, arsh64 = {}, arsh32 = {}, cast = {}, sub = {};
	int i;

	for (i = 0; i < 4000; i++) {
		struct tnum a = random_tnum(6);
		u8 s = rnd() % 64, sh32 = rnd() % 32, size = 1U << (rnd() % 4);
		u32 imm = rnd();
		struct tnum l = tnum_lshift(a, s), r = tnum_rshift(a, s);
		struct tnum ar = tnum_arshift(a, s, 64), ar32 = tnum_arshift(a, sh32, 32);
		struct tnum c = tnum_cast(a, size), lo = tnum_subreg(a);
		struct tnum hi = tnum_clear_subreg(a), cs = tnum_const_subreg(a, imm);
		struct tnum_acc al = {}, ara = {}, ar32a = {}, rl = {};
		u64 k;

		for (k = 0; k < tnum_count(a); k++) {
			u64 x = tnum_member(a, k);
			u64 keep = size == 8 ? U64_MAX : (1ULL << (size * 8)) - 1;
			u64 y;

			acc_add(&al, x << s);
			if (!tnum_has(l, x << s))
				note_failure(&lsh, a, TNUM(s, 0), x, 0, l, "lshift");
			acc_add(&rl, x >> s);
			if (!tnum_has(r, x >> s))
				note_failure(&rsh, a, TNUM(s, 0), x, 0, r, "rshift");
			y = (u64)((s64)x >> s);
			acc_add(&ara, y);
			if (!tnum_has(ar, y))
				note_failure(&arsh64, a, TNUM(s, 0), x, 0, ar, "arshift 64");
			y = (u32)((s32)(u32)x >> sh32);
			acc_add(&ar32a, y);
			if (!tnum_has(ar32, y))
				note_failure(&arsh32, a, TNUM(sh32, 0), x, 0, ar32, "arshift 32");
			if (!tnum_has(c, x & keep))
				note_failure(&cast, a, TNUM(size, 0), x, 0, c, "cast");
			if (!tnum_has(lo, (u32)x) || !tnum_has(hi, x & ~0xffffffffULL) ||
			    !tnum_has(cs, (x & ~0xffffffffULL) | imm))
				note_failure(&sub, a, TNUM(imm, 0), x, 0, cs, "subreg helpers");
		}
		/* shifts by a known amount lose or make up no information */
		if (!tnum_eq(l, acc_tnum(&al)))
			note_failure(&lsh, a, TNUM(s, 0), 0, 0, l, "lshift not tight");
		if (!tnum_eq(r, acc_tnum(&rl)))
			note_failure(&rsh, a, TNUM(s, 0), 0, 0, r, "rshift not tight");
		if (!tnum_eq(ar, acc_tnum(&ara)))
			note_failure(&arsh64, a, TNUM(s, 0), 0, 0, ar, "arshift 64 not tight");
		if (!tnum_eq(ar32, acc_tnum(&ar32a)))
			note_failure(&arsh32, a, TNUM(sh32, 0), 0, 0, ar32, "arshift 32 not tight");
	}
	TEST_OK(!lsh.count, "lshift: sound and tight", "%ld: %s", lsh.count, lsh.first);
	TEST_OK(!rsh.count, "rshift: sound and tight", "%ld: %s", rsh.count, rsh.first);
	TEST_OK(!arsh64.count, "arshift 64: sound and tight", "%ld: %s", arsh64.count, arsh64.first);
	TEST_OK(!arsh32.count, "arshift 32: sound and tight", "%ld: %s", arsh32.count, arsh32.first);
	TEST_OK(!cast.count, "cast: sound", "%ld: %s", cast.count, cast.first);
	TEST_OK(!sub.count, "subreg, clear_subreg, const_subreg: sound", "%ld: %s",
		sub.count, sub.first);
}

/* tnum_range holds its interval; tnum_in is set inclusion exactly. */
static void test_range_and_in(void)
{
	struct failure range = {}, in = {};
	u64 av, am, bv, bm;
	int i;

	for (i = 0; i < 20000; i++) {
		u64 lo = rnd() >> (rnd() % 64), span = rnd() >> (40 + rnd() % 24);
		u64 hi = lo + span < lo ? U64_MAX : lo + span;
		struct tnum r = tnum_range(lo, hi);
		u64 step = span / 64 + 1, x;

		if (!tnum_has(r, lo) || !tnum_has(r, hi))
			note_failure(&range, TNUM(lo, 0), TNUM(hi, 0), lo, hi, r, "an end outside");
		for (x = lo; x <= hi && x >= lo; x += step)
			if (!tnum_has(r, x))
				note_failure(&range, TNUM(lo, 0), TNUM(hi, 0), x, 0, r, "inside outside");
		/* and not wider than the bits from the highest differing one down */
		if (lo != hi && r.mask != (U64_MAX >> __builtin_clzll(lo ^ hi)))
			note_failure(&range, TNUM(lo, 0), TNUM(hi, 0), 0, 0, r, "not tight");
	}
	TEST_OK(!range.count, "range: sound and tight", "%ld: %s", range.count, range.first);

	for (am = 0; am < 16; am++)
	for (av = 0; av < 16; av++) {
		if (av & am)
			continue;
		for (bm = 0; bm < 16; bm++)
		for (bv = 0; bv < 16; bv++) {
			struct tnum a = TNUM(av, am), b = TNUM(bv, bm);
			bool subset = true;
			u64 k;

			if (bv & bm)
				continue;
			for (k = 0; k < tnum_count(b); k++)
				subset &= tnum_has(a, tnum_member(b, k));
			if (tnum_in(a, b) != subset)
				note_failure(&in, a, b, 0, 0, a, "in != subset");
		}
	}
	TEST_OK(!in.count, "in: exactly set inclusion (4-bit exhaustive)", "%ld: %s",
		in.count, in.first);
}

int main(void)
{
	test_hand_checked();
	test_exhaustive_binops();
	test_random_binops();
	test_unary_ops();
	test_range_and_in();
	return sysbpf_test_done();
}
