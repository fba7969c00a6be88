// SPDX-License-Identifier: GPL-2.0
/*
 * Scalar tracking of the verifier (kernel/bpf/verifier_scalar.c).
 *
 * Soundness by sampling: each abstract register goes with a set of
 * concrete values it stands for.  After every ALU op, every branch
 * refinement and every truncation the abstract result must hold each
 * concrete result (its tnum, and all four ranges).  Random walks chain
 * the operations, so states made by the code itself (not only tight
 * ones) are checked too.  Exact figures come from 6.1's own logs
 * (test_progs/align.c) and test_verifier's messages (verifier/bounds.c).
 */
#include "../../../../kernel/bpf/verifier_scalar.c"

#include <stdarg.h>
#include <stdio.h>
#include "sysbpf_test.h"

#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

/* ---- stubs: the sanitation hooks belong to verifier_ptr.c ---- */
static int sanitize_calls, sanitize_ret, sanitize_err_reason;
static const void *sanitize_err_regs[2];

int sanitize_val_alu(struct bpf_verifier_env *env, struct bpf_insn *insn)
{
	sanitize_calls++;
	return sanitize_ret;
}

int sanitize_err(struct bpf_verifier_env *env, const struct bpf_insn *insn, int reason,
		 const struct bpf_reg_state *off_reg, const struct bpf_reg_state *dst_reg)
{
	sanitize_err_reason = reason;
	sanitize_err_regs[0] = off_reg;
	sanitize_err_regs[1] = dst_reg;
	return -EACCES;
}

/* ---- one frame, the env around it ---- */
static struct bpf_verifier_env env;
static struct bpf_func_state frame0;
static struct bpf_verifier_state vstate;
static char log_buf[4096];

static void env_reset(void)
{
	memset(&env, 0, sizeof(env));
	memset(&frame0, 0, sizeof(frame0));
	memset(&vstate, 0, sizeof(vstate));
	vstate.frame[0] = &frame0;
	env.cur_state = &vstate;
	env.bpf_capable = true;
	env.allow_ptr_leaks = true;
	env.bypass_spec_v1 = true;
	log_buf[0] = '\0';
	env.log.level = BPF_LOG_LEVEL1;
	env.log.ubuf = log_buf;
	env.log.len_total = sizeof(log_buf);
}

/* ---- xorshift64* ---- */
static u64 rng_state = 0x853c49e6748fea9bULL;

static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* ---- what a state holds ---- */
static bool reg_holds(const struct bpf_reg_state *r, u64 x)
{
	return (x & ~r->var_off.mask) == r->var_off.value &&
	       x >= r->umin_value && x <= r->umax_value &&
	       (s64)x >= r->smin_value && (s64)x <= r->smax_value &&
	       (u32)x >= r->u32_min_value && (u32)x <= r->u32_max_value &&
	       (s32)x >= r->s32_min_value && (s32)x <= r->s32_max_value;
}

static bool tnum_eq(struct tnum a, struct tnum b)
{
	return a.value == b.value && a.mask == b.mask;
}

static const char *reg_str(const struct bpf_reg_state *r)
{
	static char buf[4][400];
	static int i;
	char *b = buf[i++ % 4];

	snprintf(b, 400, "type=%d var_off=(%#llx; %#llx) s=[%lld,%lld] u=[%#llx,%#llx] "
		 "s32=[%d,%d] u32=[%#x,%#x]", r->type,
		 (unsigned long long)r->var_off.value, (unsigned long long)r->var_off.mask,
		 (long long)r->smin_value, (long long)r->smax_value,
		 (unsigned long long)r->umin_value, (unsigned long long)r->umax_value,
		 r->s32_min_value, r->s32_max_value, r->u32_min_value, r->u32_max_value);
	return b;
}

/* A register with the set of values it stands for. */
#define MAXV 24

struct creg {
	struct bpf_reg_state st;
	u64 v[MAXV];
	int n;
};

/* The tightest state holding v[0..n): every view's hull, the common bits. */
static void tight_state(struct bpf_reg_state *r, const u64 *v, int n)
{
	u64 and = ~0ULL, or = 0;
	int i;

	memset(r, 0, sizeof(*r));
	r->type = SCALAR_VALUE;
	r->smin_value = S64_MAX;
	r->smax_value = S64_MIN;
	r->umin_value = U64_MAX;
	r->umax_value = 0;
	r->s32_min_value = S32_MAX;
	r->s32_max_value = S32_MIN;
	r->u32_min_value = U32_MAX;
	r->u32_max_value = 0;
	for (i = 0; i < n; i++) {
		and &= v[i];
		or |= v[i];
		r->smin_value = min(r->smin_value, (s64)v[i]);
		r->smax_value = max(r->smax_value, (s64)v[i]);
		r->umin_value = min(r->umin_value, v[i]);
		r->umax_value = max(r->umax_value, v[i]);
		r->s32_min_value = min(r->s32_min_value, (s32)v[i]);
		r->s32_max_value = max(r->s32_max_value, (s32)v[i]);
		r->u32_min_value = min(r->u32_min_value, (u32)v[i]);
		r->u32_max_value = max(r->u32_max_value, (u32)v[i]);
	}
	r->var_off = TNUM(and, and ^ or);
}

static u64 interesting(void)
{
	static const u64 edges[] = {
		0, 1, 2, 0x7f, 0xff, 0x100, 0x7fff, 0xffff, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xffffffffffffffffULL, 0xfffffffffffffffeULL, 0xffffffff80000000ULL,
		0xffffffff7fffffffULL, 0x17fffffffULL, 0x80000001ULL,
	};

	return edges[rnd() % ARRAY_SIZE(edges)];
}

/* A set of values of one of the shapes programs produce. */
static void gen_values(struct creg *c)
{
	u64 base = rnd(), mask, span;
	int i, shape = rnd() % 8;

	c->n = 1 + rnd() % MAXV;
	switch (shape) {
	case 0:		/* a small range */
		base = rnd() % 3 ? rnd() % 1024 : (rnd() % 2 ? interesting() : base);
		span = 1 + rnd() % 300;
		for (i = 0; i < c->n; i++)
			c->v[i] = base + rnd() % span;
		break;
	case 1:		/* around a boundary of some view */
		base = interesting();
		for (i = 0; i < c->n; i++)
			c->v[i] = base + (rnd() % 64) - 32;
		break;
	case 2:		/* some unknown bits */
		mask = rnd() & rnd() & rnd();
		base &= ~mask;
		for (i = 0; i < c->n; i++)
			c->v[i] = base | (rnd() & mask);
		break;
	case 3:		/* anything */
		for (i = 0; i < c->n; i++)
			c->v[i] = rnd();
		break;
	case 4:		/* zero-extended 32-bit values */
		for (i = 0; i < c->n; i++)
			c->v[i] = (u32)(rnd() % 2 ? rnd() : interesting() + rnd() % 16);
		break;
	case 5:		/* sign-extended small numbers */
		for (i = 0; i < c->n; i++)
			c->v[i] = (u64)(s64)((s64)(rnd() % 2000) - 1000);
		break;
	case 6:		/* below a power of two: products near overflow */
		span = 1 + rnd() % 40;
		for (i = 0; i < c->n; i++)
			c->v[i] = rnd() >> (64 - span);
		break;
	default:	/* one constant */
		c->n = 1;
		c->v[0] = rnd() % 2 ? interesting() : rnd() % 64;
	}
}

/* Values below 2^bits, the largest among them: where products overflow. */
static void gen_below(struct creg *c, int bits)
{
	int i;

	c->n = 1 + rnd() % MAXV;
	for (i = 0; i < c->n; i++)
		c->v[i] = rnd() >> (64 - bits);
	c->v[0] = (1ULL << bits) - 1 - rnd() % 4;
	tight_state(&c->st, c->v, c->n);
}

/* A state for c->v: the tight one, sometimes widened and then synced. */
static void gen_creg(struct creg *c)
{
	struct bpf_reg_state *r = &c->st;

	gen_values(c);
	tight_state(r, c->v, c->n);
	if (rnd() % 3 == 0) {
		switch (rnd() % 5) {
		case 0: r->var_off = tnum_unknown; break;
		case 1: __mark_reg64_unbounded(r); break;
		case 2: __mark_reg32_unbounded(r); break;
		case 3: r->smin_value = S64_MIN; r->umax_value = U64_MAX; break;
		default: r->var_off = tnum_or(r->var_off, TNUM(0, rnd() & ~r->var_off.value));
		}
		reg_bounds_sync(r);
	}
}

static const char *const alu_name[16] = {
	"add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor",
	"mov", "arsh", "end", "?", "?",
};

static const u8 alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH, BPF_MOD,
	BPF_XOR, BPF_ARSH,
};

/* What the insn computes (BPF semantics; shift amounts are masked). */
static u64 alu_concrete(u8 op, bool alu32, u64 x, u64 y)
{
	u64 r;

	if (alu32) {
		u32 a = x, b = y;

		switch (op) {
		case BPF_ADD: return (u32)(a + b);
		case BPF_SUB: return (u32)(a - b);
		case BPF_MUL: return (u32)(a * b);
		case BPF_DIV: return b ? a / b : 0;
		case BPF_MOD: return b ? a % b : a;
		case BPF_OR: return a | b;
		case BPF_AND: return a & b;
		case BPF_XOR: return a ^ b;
		case BPF_LSH: return (u32)(a << (b & 31));
		case BPF_RSH: return a >> (b & 31);
		case BPF_ARSH: return (u32)((s32)a >> (b & 31));
		}
		return 0;
	}
	switch (op) {
	case BPF_ADD: r = x + y; break;
	case BPF_SUB: r = x - y; break;
	case BPF_MUL: r = x * y; break;
	case BPF_DIV: r = y ? x / y : 0; break;
	case BPF_MOD: r = y ? x % y : x; break;
	case BPF_OR: r = x | y; break;
	case BPF_AND: r = x & y; break;
	case BPF_XOR: r = x ^ y; break;
	case BPF_LSH: r = x << (y & 63); break;
	case BPF_RSH: r = x >> (y & 63); break;
	case BPF_ARSH: r = (u64)((s64)x >> (y & 63)); break;
	default: r = 0;
	}
	return r;
}

static bool jmp_concrete(u8 op, bool jmp32, u64 x, u64 y)
{
	if (jmp32) {
		x = (u32)x;
		y = (u32)y;
	}
#define S(v) (jmp32 ? (s64)(s32)(v) : (s64)(v))
	switch (op) {
	case BPF_JEQ: return x == y;
	case BPF_JNE: return x != y;
	case BPF_JSET: return x & y;
	case BPF_JGT: return x > y;
	case BPF_JGE: return x >= y;
	case BPF_JLT: return x < y;
	case BPF_JLE: return x <= y;
	case BPF_JSGT: return S(x) > S(y);
	case BPF_JSGE: return S(x) >= S(y);
	case BPF_JSLT: return S(x) < S(y);
	case BPF_JSLE: return S(x) <= S(y);
	}
#undef S
	return false;
}

static const u8 jmp_ops[] = {
	BPF_JEQ, BPF_JNE, BPF_JSET, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
	BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE,
};

static const char *const jmp_name[16] = {
	"ja", "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", "call", "exit",
	"jlt", "jle", "jslt", "jsle", "?", "?",
};

/* Failures per check, the first one spelled out. */
struct tally {
	long cases, failures;
	char first[1024];
};

static __printf(2, 3) void tally_fail(struct tally *t, const char *fmt, ...)
{
	va_list ap;

	if (!t->failures++) {
		va_start(ap, fmt);
		vsnprintf(t->first, sizeof(t->first), fmt, ap);
		va_end(ap);
	}
}

static void tally_report(const struct tally *t, const char *name)
{
	TEST_OK(t->cases && !t->failures, name, "%ld of %ld cases failed; first: %s",
		t->failures, t->cases, t->first);
}

/* ---- ALU ---- */

/* The parts of a register no scalar operation may touch. */
#define SENTINEL_PARENT	((struct bpf_reg_state *)0x1234)

/*
 * dst op= src as the walk does it: dst sits in the frame (a result that
 * becomes unknown is set through regs[insn->dst_reg]).  Returns what
 * adjust_scalar_min_max_vals() returned; the result is in dst->st.
 */
static int do_alu(const struct creg *dst, const struct creg *src, u8 op, bool alu32, bool use_imm,
		  s32 imm, struct creg *out)
{
	struct bpf_insn insn = {
		.code = (alu32 ? BPF_ALU : BPF_ALU64) | op | (use_imm ? BPF_K : BPF_X),
		.dst_reg = BPF_REG_3,
		.src_reg = use_imm ? 0 : BPF_REG_4,
		.imm = use_imm ? imm : 0,
	};
	struct bpf_reg_state *regs = frame0.regs, src_reg;
	int i, j, k, ret;

	regs[BPF_REG_3] = dst->st;
	regs[BPF_REG_3].parent = SENTINEL_PARENT;
	regs[BPF_REG_3].live = REG_LIVE_READ64;
	regs[BPF_REG_3].subreg_def = 77;
	if (use_imm) {
		/* what the walk passes for a BPF_K operand */
		memset(&src_reg, 0, sizeof(src_reg));
		src_reg.type = SCALAR_VALUE;
		__mark_reg_known(&src_reg, (u64)(s64)imm);
	} else {
		src_reg = src->st;
		regs[BPF_REG_4] = src->st;
	}
	ret = adjust_scalar_min_max_vals(&env, &insn, &regs[BPF_REG_3], src_reg);
	out->st = regs[BPF_REG_3];

	/* a sample of all x op y */
	k = 0;
	for (i = 0; i < dst->n; i++) {
		int nsrc = use_imm ? 1 : src->n;

		for (j = 0; j < nsrc; j++) {
			u64 y = use_imm ? (alu32 ? (u32)imm : (u64)(s64)imm) : src->v[j];
			u64 z = alu_concrete(op, alu32, dst->v[i], y);
			int slot = k < MAXV ? k : (int)(rnd() % (k + 1));

			if (slot < MAXV)
				out->v[slot] = z;
			k++;
		}
	}
	out->n = min(k, MAXV);
	return ret;
}

/* Checks every x op y of the two sets against the result, not just the sample. */
static void check_alu_case(struct tally *t, const struct creg *dst, const struct creg *src,
			   u8 op, bool alu32, bool use_imm, s32 imm)
{
	struct creg out;
	int i, j, ret;

	t->cases++;
	ret = do_alu(dst, src, op, alu32, use_imm, imm, &out);
	if (ret) {
		tally_fail(t, "returned %d", ret);
		return;
	}
	if (out.st.type != SCALAR_VALUE || out.st.parent != SENTINEL_PARENT ||
	    out.st.live != REG_LIVE_READ64 || out.st.subreg_def != 77 ||
	    (out.st.var_off.value & out.st.var_off.mask)) {
		tally_fail(t, "result not a well-formed scalar, or parent/live/subreg_def touched: %s",
			   reg_str(&out.st));
		return;
	}
	for (i = 0; i < dst->n; i++) {
		int nsrc = use_imm ? 1 : src->n;

		for (j = 0; j < nsrc; j++) {
			u64 y = use_imm ? (alu32 ? (u32)imm : (u64)(s64)imm) : src->v[j];
			u64 z = alu_concrete(op, alu32, dst->v[i], y);

			if (!reg_holds(&out.st, z)) {
				tally_fail(t, "%s%s %#llx %s %#llx = %#llx not in %s; dst was %s, src %s",
					   alu32 ? "w" : "r", use_imm ? " (imm)" : "",
					   (unsigned long long)dst->v[i], alu_name[op >> 4],
					   (unsigned long long)y, (unsigned long long)z,
					   reg_str(&out.st), reg_str(&dst->st),
					   use_imm ? "imm" : reg_str(&src->st));
				return;
			}
		}
	}
}

/* A src for op: shift amounts mostly in range, sometimes not. */
static void gen_src(struct creg *src, u8 op, bool alu32, s32 *imm)
{
	bool shift = op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH;
	int width = alu32 ? 32 : 64, i;

	gen_creg(src);
	*imm = rnd() % 3 ? (s32)(rnd() % 64) - 8 : (s32)interesting();
	if (!shift || rnd() % 8 == 0)
		return;
	*imm = rnd() % width;
	if (rnd() % 2) {
		src->n = 1;
		src->v[0] = rnd() % width;
	} else {
		for (i = 0; i < src->n; i++)
			src->v[i] = rnd() % width;
	}
	tight_state(&src->st, src->v, src->n);
}

static void test_alu_soundness(void)
{
	char name[96];
	unsigned int o;
	int w, k, i;

	env_reset();
	for (o = 0; o < ARRAY_SIZE(alu_ops); o++) {
		u8 op = alu_ops[o];

		for (w = 0; w < 2; w++) {
			for (k = 0; k < 2; k++) {
				struct tally t = {};

				for (i = 0; i < 3000; i++) {
					struct creg dst, src;
					s32 imm;

					gen_creg(&dst);
					gen_src(&src, op, w, &imm);
					if (op == BPF_MUL && rnd() % 2) {
						/* both just below or above 6.1's limits */
						int bits = (w ? 15 : 31) + rnd() % 4;

						gen_below(&dst, bits);
						gen_below(&src, bits);
						imm = src.v[0];
					}
					/* two known operands: bounds must be exact too */
					check_alu_case(&t, &dst, &src, op, w, k, imm);
				}
				snprintf(name, sizeof(name), "ALU%s %s %s: every result within the bounds",
					 w ? "32" : "64", alu_name[op >> 4], k ? "K" : "X");
				tally_report(&t, name);
			}
		}
	}
}

/* Known operands give known results for the ops 6.1 computes exactly. */
static void test_alu_constants(void)
{
	static const u8 exact_ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_OR, BPF_AND, BPF_XOR,
					BPF_LSH, BPF_RSH, BPF_ARSH };
	struct tally t = {};
	unsigned int o;
	int i;

	env_reset();
	for (i = 0; i < 4000; i++) {
		for (o = 0; o < ARRAY_SIZE(exact_ops); o++) {
			u8 op = exact_ops[o];
			bool alu32 = rnd() & 1;
			bool shift = op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH;
			struct creg dst = { .n = 1 }, src = { .n = 1 }, out;
			u64 z;

			dst.v[0] = rnd() % 2 ? rnd() : interesting();
			src.v[0] = shift ? rnd() % (alu32 ? 32 : 64) : rnd() % 2 ? rnd() : interesting();
			/* 6.1 only multiplies bounds below 2^16 / 2^32 */
			if (op == BPF_MUL) {
				dst.v[0] &= alu32 ? 0xffff : 0xffffffff;
				src.v[0] &= alu32 ? 0xffff : 0xffffffff;
			}
			tight_state(&dst.st, dst.v, 1);
			tight_state(&src.st, src.v, 1);
			t.cases++;
			do_alu(&dst, &src, op, alu32, false, 0, &out);
			z = alu_concrete(op, alu32, dst.v[0], src.v[0]);
			if (!tnum_equals_const(out.st.var_off, z) ||
			    out.st.umin_value != z || out.st.umax_value != z ||
			    out.st.smin_value != (s64)z || out.st.smax_value != (s64)z ||
			    out.st.u32_min_value != (u32)z || out.st.u32_max_value != (u32)z ||
			    out.st.s32_min_value != (s32)z || out.st.s32_max_value != (s32)z)
				tally_fail(&t, "%s %#llx %s %#llx: want %#llx, got %s",
					   alu32 ? "w" : "r", (unsigned long long)dst.v[0],
					   alu_name[op >> 4], (unsigned long long)src.v[0],
					   (unsigned long long)z, reg_str(&out.st));
		}
	}
	tally_report(&t, "ALU on two constants: a constant, every view exact");
}

static struct bpf_reg_state alu_k(struct bpf_reg_state dst, u8 cls, u8 op, s32 imm)
{
	struct creg d = { .st = dst, .n = 0 }, out;

	do_alu(&d, NULL, op, cls == BPF_ALU, true, imm, &out);
	out.st.parent = NULL;
	out.st.live = 0;
	out.st.subreg_def = 0;
	return out.st;
}

static struct bpf_reg_state alu_x(struct bpf_reg_state dst, u8 cls, u8 op,
				  struct bpf_reg_state src)
{
	struct creg d = { .st = dst, .n = 0 }, s = { .st = src, .n = 0 }, out;

	do_alu(&d, &s, op, cls == BPF_ALU, false, 0, &out);
	out.st.parent = NULL;
	out.st.live = 0;
	out.st.subreg_def = 0;
	return out.st;
}

static void test_alu_rules(void)
{
	struct bpf_reg_state a, b, r;
	struct creg d, s, out;
	int ret;

	env_reset();
	/* a variable src: only add, sub and and learn anything */
	memset(&a, 0, sizeof(a));
	a.type = SCALAR_VALUE;
	__mark_reg_known(&a, 0x10);
	memset(&b, 0, sizeof(b));
	b.type = SCALAR_VALUE;
	__mark_reg_known(&b, 0);
	b.var_off = TNUM(0, 3);
	b.umax_value = b.smax_value = 3;
	b.u32_max_value = b.s32_max_value = 3;
	r = alu_x(a, BPF_ALU64, BPF_ADD, b);
	CHECK(tnum_eq(r.var_off, TNUM(0x10, 3)) && r.umin_value == 0x10 && r.umax_value == 0x13,
	      "add of a variable src is tracked");
	r = alu_x(a, BPF_ALU64, BPF_AND, b);
	CHECK(tnum_equals_const(r.var_off, 0), "and of a variable src is tracked");
	r = alu_x(a, BPF_ALU64, BPF_OR, b);
	CHECK(__is_scalar_unbounded(&r), "or with a variable src: unknown");
	r = alu_x(a, BPF_ALU64, BPF_LSH, b);
	CHECK(__is_scalar_unbounded(&r), "lsh by a variable amount: unknown");
	/* ... and no zero extension then, even for ALU32 */
	r = alu_x(a, BPF_ALU, BPF_MUL, b);
	CHECK(__is_scalar_unbounded(&r), "alu32 mul by a variable: unknown, not zero-extended");

	/* out-of-range shifts: unknown, zero-extended for ALU32 */
	r = alu_k(a, BPF_ALU64, BPF_LSH, 64);
	CHECK(__is_scalar_unbounded(&r), "lsh by 64: unknown");
	r = alu_k(a, BPF_ALU64, BPF_RSH, -1);
	CHECK(__is_scalar_unbounded(&r), "rsh by -1: unknown");
	r = alu_k(a, BPF_ALU, BPF_ARSH, 32);
	CHECK(tnum_eq(r.var_off, TNUM(0, 0xffffffff)) && r.umax_value == U32_MAX &&
	      r.smin_value == 0 && r.smax_value == U32_MAX,
	      "alu32 arsh by 32: unknown low half, upper half 0");
	r = alu_k(a, BPF_ALU64, BPF_LSH, 63);
	CHECK(tnum_equals_const(r.var_off, 0), "lsh 0x10 by 63 is 0");

	/* div and mod are not tracked */
	r = alu_k(a, BPF_ALU64, BPF_DIV, 2);
	CHECK(__is_scalar_unbounded(&r), "div: unknown");
	r = alu_k(a, BPF_ALU, BPF_MOD, 3);
	CHECK(tnum_eq(r.var_off, TNUM(0, 0xffffffff)) && r.smin_value == 0 &&
	      r.smax_value == U32_MAX && r.s32_min_value == S32_MIN,
	      "alu32 mod: unknown low half, zero-extended");

	/* a src with contradicting bounds (a dead branch) taints dst */
	b = a;
	b.umin_value = 5;
	b.umax_value = 4;
	r = alu_x(a, BPF_ALU64, BPF_ADD, b);
	CHECK(__is_scalar_unbounded(&r), "src umin > umax: dst unknown");
	b = a;
	b.s32_min_value = 1;
	r = alu_x(a, BPF_ALU, BPF_ADD, b);
	CHECK(__is_scalar_unbounded(&r), "alu32, known src with s32_min != s32_max: unknown");
	b = a;
	b.smax_value = 0x20;
	r = alu_x(a, BPF_ALU, BPF_ADD, b);
	CHECK(tnum_equals_const(r.var_off, 0x20), "alu32 ignores a 64-bit contradiction");

	/* an unknown result keeps precise = !bpf_capable */
	env.bpf_capable = false;
	r = alu_k(a, BPF_ALU64, BPF_DIV, 2);
	CHECK(r.precise, "unprivileged: an unknown result is precise");
	env.bpf_capable = true;

	/* the sanitation hook: ADD and SUB only, its error is the insn's */
	sanitize_calls = 0;
	sanitize_ret = 0;
	alu_x(a, BPF_ALU64, BPF_ADD, a);
	alu_x(a, BPF_ALU64, BPF_SUB, a);
	alu_k(a, BPF_ALU, BPF_ADD, 1);
	alu_x(a, BPF_ALU64, BPF_XOR, a);
	alu_x(a, BPF_ALU64, BPF_MUL, a);
	TEST_EQ(sanitize_calls, 3, "sanitize_val_alu for add and sub");
	sanitize_ret = -3;	/* REASON_PATHS */
	d.st = a;
	d.n = 0;
	s.st = a;
	s.n = 0;
	ret = do_alu(&d, &s, BPF_ADD, false, false, 0, &out);
	CHECK(ret == -EACCES && sanitize_err_reason == -3 && !sanitize_err_regs[0] &&
	      !sanitize_err_regs[1], "a sanitation error is passed to sanitize_err(NULL, NULL)");
	sanitize_ret = 0;
	/* src is a copy: r3 += r3 reads the old r3 */
	frame0.regs[BPF_REG_3] = a;
	{
		struct bpf_insn insn = BPF_ALU64_REG(BPF_ADD, BPF_REG_3, BPF_REG_3);

		adjust_scalar_min_max_vals(&env, &insn, &frame0.regs[BPF_REG_3],
					   frame0.regs[BPF_REG_3]);
		CHECK(tnum_equals_const(frame0.regs[BPF_REG_3].var_off, 0x20), "r3 += r3");
	}
}

/* ---- branches ---- */

/*
 * is_branch_taken(), reg_set_min_max() and reg_set_min_max_inv() on one
 * register against a constant: a decided branch is right for every value,
 * and every value lands in the state of the branch it takes.
 */
static void check_branch_k(struct tally *taken, struct tally *refine, const struct creg *c,
			   u64 val, u8 op, bool jmp32, bool inv)
{
	struct bpf_reg_state t = c->st, f = c->st;
	int pred = inv ? -1 : is_branch_taken((struct bpf_reg_state *)&c->st, val, op, jmp32);
	int i;

	t.parent = f.parent = SENTINEL_PARENT;
	t.id = f.id = 42;
	if (inv)
		reg_set_min_max_inv(&t, &f, val, (u32)val, op, jmp32);
	else
		reg_set_min_max(&t, &f, val, (u32)val, op, jmp32);
	if (!inv)
		taken->cases++;
	refine->cases++;
	if (t.parent != SENTINEL_PARENT || f.parent != SENTINEL_PARENT || t.id != 42 || f.id != 42)
		tally_fail(refine, "parent or id changed");
	for (i = 0; i < c->n; i++) {
		u64 x = c->v[i];
		bool jumps = inv ? jmp_concrete(op, jmp32, val, x) : jmp_concrete(op, jmp32, x, val);

		if (pred >= 0 && jumps != pred) {
			tally_fail(taken, "%s %#llx %s %#llx: said %d, x=%#llx does %d; %s",
				   jmp32 ? "w" : "r", (unsigned long long)x, jmp_name[op >> 4],
				   (unsigned long long)val, pred, (unsigned long long)x, jumps,
				   reg_str(&c->st));
			break;
		}
		if (!reg_holds(jumps ? &t : &f, x)) {
			tally_fail(refine, "%s%s %s %#llx: x=%#llx %s, not in %s; before %s",
				   inv ? "inv " : "", jmp32 ? "w" : "r", jmp_name[op >> 4],
				   (unsigned long long)val, (unsigned long long)x,
				   jumps ? "jumps" : "falls through", reg_str(jumps ? &t : &f),
				   reg_str(&c->st));
			break;
		}
	}
}

/* A constant worth comparing with: an edge of the set or of some view. */
static u64 gen_cmp_val(const struct creg *c)
{
	u64 x = c->v[rnd() % c->n];

	switch (rnd() % 6) {
	case 0: return x;
	case 1: return x + 1;
	case 2: return x - 1;
	case 3: return interesting();
	case 4: return 1ULL << (rnd() % 64);
	default: return rnd() % 2 ? rnd() : rnd() % 300;
	}
}

static void test_branch_soundness(void)
{
	char name[96];
	unsigned int o;
	int w, i;

	for (o = 0; o < ARRAY_SIZE(jmp_ops); o++) {
		for (w = 0; w < 2; w++) {
			struct tally taken = {}, refine = {}, inv = {}, unused = {};

			for (i = 0; i < 6000; i++) {
				struct creg c;
				u64 val;

				gen_creg(&c);
				val = gen_cmp_val(&c);
				check_branch_k(&taken, &refine, &c, val, jmp_ops[o], w, false);
				check_branch_k(&unused, &inv, &c, val, jmp_ops[o], w, true);
			}
			snprintf(name, sizeof(name), "%s %s K: is_branch_taken right when decided",
				 w ? "jmp32" : "jmp", jmp_name[jmp_ops[o] >> 4]);
			tally_report(&taken, name);
			snprintf(name, sizeof(name), "%s %s K: reg_set_min_max holds each branch's values",
				 w ? "jmp32" : "jmp", jmp_name[jmp_ops[o] >> 4]);
			tally_report(&refine, name);
			snprintf(name, sizeof(name), "%s %s K: reg_set_min_max_inv likewise",
				 w ? "jmp32" : "jmp", jmp_name[jmp_ops[o] >> 4]);
			tally_report(&inv, name);
		}
	}
}

/* JEQ/JNE of two unknown registers: both learn what either knows. */
static void test_combine_soundness(void)
{
	struct tally t = {};
	int i, j, k;

	for (i = 0; i < 20000; i++) {
		struct creg a, b;
		struct bpf_reg_state ts, td, fs, fd;
		u8 op = rnd() % 2 ? BPF_JEQ : BPF_JNE;

		gen_creg(&a);
		/* b shares some values with a */
		gen_values(&b);
		for (k = 0; k < b.n; k += 2)
			b.v[k] = a.v[rnd() % a.n];
		tight_state(&b.st, b.v, b.n);
		if (rnd() % 3 == 0) {
			b.st.var_off = tnum_or(b.st.var_off, TNUM(0, rnd() & ~b.st.var_off.value));
			reg_bounds_sync(&b.st);
		}
		ts = fs = a.st;
		td = fd = b.st;
		reg_combine_min_max(&ts, &td, &fs, &fd, op);
		t.cases++;
		/* the equal branch: values both may have, in both registers */
		for (j = 0; j < a.n; j++)
			for (k = 0; k < b.n; k++) {
				const struct bpf_reg_state *s = op == BPF_JEQ ? &ts : &fs;
				const struct bpf_reg_state *d = op == BPF_JEQ ? &td : &fd;

				if (a.v[j] != b.v[k])
					continue;
				if (!reg_holds(s, a.v[j]) || !reg_holds(d, a.v[j])) {
					tally_fail(&t, "%#llx lost: %s / %s from %s / %s",
						   (unsigned long long)a.v[j], reg_str(s), reg_str(d),
						   reg_str(&a.st), reg_str(&b.st));
					goto next;
				}
			}
		/* the unequal branch is left alone */
		if (memcmp(op == BPF_JEQ ? &fs : &ts, &a.st, sizeof(a.st)) ||
		    memcmp(op == BPF_JEQ ? &fd : &td, &b.st, sizeof(b.st)))
			tally_fail(&t, "the other branch changed");
next:;
	}
	tally_report(&t, "reg_combine_min_max: equal values stay in both registers");
}

/* Pointers: decided only for non-NULL types against 0; never refined. */
static void test_branch_pointers(void)
{
	struct bpf_reg_state p, t, f;

	memset(&p, 0, sizeof(p));
	__mark_reg_known_zero(&p);
	p.type = PTR_TO_MAP_VALUE;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), 0, "map_value == 0: never");
	TEST_EQ(is_branch_taken(&p, 0, BPF_JNE, false), 1, "map_value != 0: always");
	TEST_EQ(is_branch_taken(&p, 0, BPF_JNE, true), 1, "map_value w!= 0: always");
	TEST_EQ(is_branch_taken(&p, 0, BPF_JGT, false), -1, "map_value > 0: unknown");
	TEST_EQ(is_branch_taken(&p, 1, BPF_JEQ, false), -1, "map_value == 1: unknown");
	p.type = PTR_TO_SOCKET;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JNE, false), 1, "socket != 0");
	p.type = PTR_TO_TCP_SOCK;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), 0, "tcp_sock == 0");
	p.type = PTR_TO_SOCK_COMMON;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), 0, "sock_common == 0");
	p.type = PTR_TO_MAP_KEY;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JNE, false), 1, "map_key != 0");
	p.type = PTR_TO_MAP_VALUE_OR_NULL;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), -1, "map_value_or_null == 0: unknown");
	p.type = PTR_TO_CTX;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), -1, "ctx == 0: unknown");
	p.type = PTR_TO_MAP_VALUE | MEM_RDONLY;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), -1, "rdonly map_value: not in the list");
	p.type = NOT_INIT;
	TEST_EQ(is_branch_taken(&p, 0, BPF_JEQ, false), -1, "not init: unknown");
	CHECK(reg_type_not_null(PTR_TO_SOCKET) && !reg_type_not_null(PTR_TO_STACK) &&
	      !reg_type_not_null(PTR_TO_PACKET) && !reg_type_not_null(PTR_TO_BTF_ID),
	      "reg_type_not_null");

	p.type = PTR_TO_PACKET;
	p.var_off = TNUM(0, 0xff);
	p.umax_value = 0xff;
	t = f = p;
	reg_set_min_max(&t, &f, 5, 5, BPF_JGT, false);
	CHECK(!memcmp(&t, &p, sizeof(p)) && !memcmp(&f, &p, sizeof(p)),
	      "reg_set_min_max leaves a pointer alone");
	reg_set_min_max_inv(&t, &f, 5, 5, BPF_JEQ, false);
	CHECK(!memcmp(&t, &p, sizeof(p)) && !memcmp(&f, &p, sizeof(p)),
	      "reg_set_min_max_inv leaves a pointer alone");
}

/* Hand-checked refinements. */
static void test_branch_exact(void)
{
	struct bpf_reg_state u, t, f;
	struct creg c;

	env_reset();
	memset(&u, 0, sizeof(u));
	__mark_reg_unknown(&env, &u);

	t = f = u;
	reg_set_min_max(&t, &f, 10, 10, BPF_JGT, false);
	CHECK(t.umin_value == 11 && t.umax_value == U64_MAX && f.umin_value == 0 &&
	      f.umax_value == 10 && tnum_eq(f.var_off, TNUM(0, 0xf)) && f.smin_value == 0 &&
	      f.smax_value == 10 && f.u32_max_value == 10 && f.s32_min_value == 0,
	      "unknown > 10: false branch [0,10], (0; 0xf)");
	t = f = u;
	reg_set_min_max(&t, &f, 0, 0, BPF_JSGE, false);
	CHECK(t.smin_value == 0 && t.smax_value == S64_MAX && t.umax_value == S64_MAX &&
	      tnum_eq(t.var_off, TNUM(0, S64_MAX)) && f.smax_value == -1 &&
	      f.umin_value == 1ULL << 63 && tnum_eq(f.var_off, TNUM(1ULL << 63, S64_MAX)),
	      "unknown s>= 0: the sign bit is known on both sides");
	t = f = u;
	t.id = f.id = 7;
	reg_set_min_max(&t, &f, 42, 42, BPF_JEQ, false);
	CHECK(tnum_equals_const(t.var_off, 42) && t.id == 7 && __is_scalar_unbounded(&f),
	      "== 42: known on the true branch, id kept");
	t = f = u;
	reg_set_min_max(&t, &f, 42, 42, BPF_JNE, true);
	CHECK(tnum_eq(f.var_off, TNUM(42, 0xffffffff00000000ULL)) && f.u32_min_value == 42 &&
	      f.u32_max_value == 42 && f.umin_value == 42 && f.smin_value == S64_MIN + 42 &&
	      __is_scalar_unbounded(&t), "w != 42: the low half known on the false branch");
	t = f = u;
	reg_set_min_max(&t, &f, 8, 8, BPF_JSET, false);
	CHECK(tnum_eq(t.var_off, TNUM(8, ~8ULL)) && t.umin_value == 8 &&
	      tnum_eq(f.var_off, TNUM(0, ~8ULL)) && f.umax_value == ~8ULL,
	      "& 8: the bit known on both branches");
	t = f = u;
	reg_set_min_max(&t, &f, 6, 6, BPF_JSET, false);
	CHECK(tnum_is_unknown(t.var_off) && tnum_eq(f.var_off, TNUM(0, ~6ULL)),
	      "& 6: two bits, only the false branch learns");
	t = f = u;
	reg_set_min_max_inv(&t, &f, 10, 10, BPF_JGT, false);
	CHECK(t.umax_value == 9 && f.umin_value == 10, "10 > reg: flipped into reg < 10");
	t = f = u;
	reg_set_min_max(&t, &f, 0, 0, BPF_JA, false);
	CHECK(!memcmp(&t, &u, sizeof(u)) && !memcmp(&f, &u, sizeof(u)), "ja: no lesson");
	t = f = u;
	reg_set_min_max(&t, &f, S64_MIN, 0, BPF_JSGE, false);
	CHECK(f.smax_value == S64_MAX && t.smin_value == S64_MIN,
	      "s>= S64_MIN: the false bound wraps as in 6.1 (dead branch)");

	/* a w-compare of a zero-extended value: the 64-bit bounds follow */
	c.n = 1;
	c.v[0] = 0;
	tight_state(&c.st, c.v, 1);
	c.st.var_off = TNUM(0, 0xffffffff);
	c.st.umax_value = c.st.smax_value = U32_MAX;
	c.st.u32_max_value = U32_MAX;
	c.st.s32_min_value = S32_MIN;
	c.st.s32_max_value = S32_MAX;
	t = f = c.st;
	reg_set_min_max(&t, &f, 100, 100, BPF_JLT, true);
	CHECK(t.umax_value == 99 && t.smax_value == 99 && t.u32_max_value == 99 &&
	      tnum_eq(t.var_off, TNUM(0, 0x7f)) && f.umin_value == 100 && f.umax_value == U32_MAX,
	      "zext value w< 100: [0,99] in 64 bits too");

	/* 32-bit is_branch_taken reads only the low half */
	t = u;
	___mark_reg_known(&t, 0x100000005ULL);
	TEST_EQ(is_branch_taken(&t, 5, BPF_JEQ, true), 1, "w 0x100000005 == 5");
	TEST_EQ(is_branch_taken(&t, 5, BPF_JEQ, false), 0, "r 0x100000005 == 5");
	TEST_EQ(is_branch_taken(&t, 0x100000004ULL, BPF_JGT, true), 1, "w 5 > 4 (imm's upper half ignored)");
	TEST_EQ(is_branch_taken(&u, 0, BPF_JGE, false), 1, "unknown >= 0: always");
	TEST_EQ(is_branch_taken(&u, 0, BPF_JLT, true), 0, "unknown w< 0: never");
	TEST_EQ(is_branch_taken(&u, 1, BPF_JSET, false), -1, "unknown & 1: either");
	t = u;
	t.var_off = TNUM(4, 0xf0);
	TEST_EQ(is_branch_taken(&t, 6, BPF_JSET, false), 1, "(4; 0xf0) & 6: always");
	TEST_EQ(is_branch_taken(&t, 0x10b, BPF_JSET, false), 0, "(4; 0xf0) & 0x10b: never");
	TEST_EQ(is_branch_taken(&t, 0x18, BPF_JSET, false), -1, "(4; 0xf0) & 0x18: either");
	TEST_EQ(is_branch_taken(&t, 0x100000018ULL, BPF_JSET, true), -1,
		"w (4; 0xf0) & 0x18: either");
	TEST_EQ(is_branch_taken(&t, 0x100000000ULL, BPF_JSET, false), 0,
		"(4; 0xf0) & 1 << 32: never");
	TEST_EQ(is_branch_taken(&t, 0x100000003ULL, BPF_JSET, true), 0,
		"w (4; 0xf0) & 3: never");
}

/* ---- the random walk: every operation on states the code made ---- */

#define NREGS 4

static void walk_check(struct tally *t, const struct creg *c, const char *what)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (!reg_holds(&c->st, c->v[i])) {
			tally_fail(t, "after %s: %#llx not in %s", what,
				   (unsigned long long)c->v[i], reg_str(&c->st));
			return;
		}
}

/* Keeps the values for which keep() holds; false when none is left. */
static bool filter_values(struct creg *c, bool (*keep)(u64 x, const void *arg),
			  const void *arg)
{
	int i, n = 0;

	for (i = 0; i < c->n; i++)
		if (keep(c->v[i], arg))
			c->v[n++] = c->v[i];
	if (!n)
		return false;
	c->n = n;
	return true;
}

struct jmp_arg {
	u8 op;
	bool jmp32, want;
	u64 val;
	bool inv;
};

static bool jmp_keep(u64 x, const void *arg)
{
	const struct jmp_arg *j = arg;
	bool jumps = j->inv ? jmp_concrete(j->op, j->jmp32, j->val, x)
			    : jmp_concrete(j->op, j->jmp32, x, j->val);

	return jumps == j->want;
}

static bool in_set_keep(u64 x, const void *arg)
{
	const struct creg *other = arg;
	int i;

	for (i = 0; i < other->n; i++)
		if (other->v[i] == x)
			return true;
	return false;
}

static void walk_step(struct tally *t, struct creg *regs)
{
	struct creg *dst = &regs[rnd() % NREGS], *src = &regs[rnd() % NREGS];
	int kind = rnd() % 10, i;

	switch (kind) {
	case 0:		/* a fresh value */
		gen_creg(dst);
		break;
	case 1: {	/* a narrow load of a known slot: truncation */
		int size = 1 << (rnd() % 3);
		u64 mask = (1ULL << (size * 8)) - 1;

		coerce_reg_to_size(&dst->st, size);
		for (i = 0; i < dst->n; i++)
			dst->v[i] &= mask;
		walk_check(t, dst, "coerce_reg_to_size");
		break;
	}
	case 2:		/* w = w: a MOV32 */
		zext_32_to_64(&dst->st);
		reg_bounds_sync(&dst->st);
		for (i = 0; i < dst->n; i++)
			dst->v[i] = (u32)dst->v[i];
		walk_check(t, dst, "zext_32_to_64");
		break;
	case 3:
	case 4:
	case 5: {	/* ALU, with src a register or an imm */
		u8 op = alu_ops[rnd() % ARRAY_SIZE(alu_ops)];
		bool alu32 = rnd() & 1, use_imm = rnd() & 1;
		bool shift = op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH;
		s32 imm = shift ? (s32)(rnd() % (alu32 ? 32 : 64)) :
			  rnd() % 2 ? (s32)(rnd() % 100) - 20 : (s32)interesting();
		struct creg out;

		if (shift && !use_imm && rnd() % 4) {
			/* a known amount makes the shift tracked */
			src->n = 1;
			src->v[0] = rnd() % (alu32 ? 32 : 64);
			tight_state(&src->st, src->v, 1);
		}
		check_alu_case(t, dst, src, op, alu32, use_imm, imm);
		do_alu(dst, src, op, alu32, use_imm, imm, &out);
		out.st.parent = NULL;
		out.st.live = 0;
		out.st.subreg_def = 0;
		*dst = out;
		walk_check(t, dst, "alu");
		break;
	}
	case 6:
	case 7:
	case 8: {	/* a compare with a constant, then one of its branches */
		struct jmp_arg j = {
			.op = jmp_ops[rnd() % ARRAY_SIZE(jmp_ops)],
			.jmp32 = rnd() & 1,
			.val = gen_cmp_val(dst),
			.inv = !(rnd() % 4),
		};
		struct bpf_reg_state tr = dst->st, fr = dst->st;
		struct creg keep = *dst;

		if (j.inv)
			reg_set_min_max_inv(&tr, &fr, j.val, (u32)j.val, j.op, j.jmp32);
		else
			reg_set_min_max(&tr, &fr, j.val, (u32)j.val, j.op, j.jmp32);
		j.want = rnd() & 1;
		if (!filter_values(dst, jmp_keep, &j)) {
			j.want = !j.want;
			*dst = keep;
			filter_values(dst, jmp_keep, &j);
		}
		dst->st = j.want ? tr : fr;
		walk_check(t, dst, "a branch");
		break;
	}
	default: {	/* rX == rY: both learn */
		struct creg keep_dst = *dst;

		if (dst == src)
			break;
		if (!filter_values(dst, in_set_keep, src))
			break;
		filter_values(src, in_set_keep, dst);
		reg_combine_min_max(&src->st, &dst->st, &src->st, &dst->st, BPF_JEQ);
		walk_check(t, dst, "reg_combine_min_max (dst)");
		walk_check(t, src, "reg_combine_min_max (src)");
		(void)keep_dst;
	}
	}
}

static void test_random_walks(void)
{
	struct tally t = {};
	int walk, step, r;

	env_reset();
	for (walk = 0; walk < 3000; walk++) {
		struct creg regs[NREGS];

		for (r = 0; r < NREGS; r++)
			gen_creg(&regs[r]);
		for (step = 0; step < 40; step++) {
			t.cases++;
			walk_step(&t, regs);
		}
	}
	tally_report(&t, "random walks of ALU ops, truncations and branches stay sound");
}

/* ---- register marking ---- */

static void test_marking(void)
{
	struct bpf_reg_state r, regs[MAX_BPF_REG];
	int i;
	bool ok;

	env_reset();
	memset(&r, 0xa5, sizeof(r));
	r.type = PTR_TO_STACK;
	r.parent = SENTINEL_PARENT;
	r.live = REG_LIVE_WRITTEN;
	r.subreg_def = 9;
	r.frameno = 2;
	__mark_reg_known(&r, 0xfffffffffffffff0ULL);
	CHECK(r.type == PTR_TO_STACK && r.off == 0 && r.id == 0 && r.ref_obj_id == 0 &&
	      r.raw.raw1 == 0 && r.raw.raw2 == 0 && r.parent == SENTINEL_PARENT &&
	      r.frameno == 2 && r.subreg_def == 9 && tnum_equals_const(r.var_off, -16ULL) &&
	      r.smin_value == -16 && r.smax_value == -16 && r.umin_value == -16ULL &&
	      r.s32_min_value == -16 && r.u32_max_value == 0xfffffff0,
	      "__mark_reg_known: value in every view, ids/off/union cleared, type kept");
	__mark_reg_known_zero(&r);
	CHECK(r.type == PTR_TO_STACK && tnum_equals_const(r.var_off, 0) && r.umax_value == 0,
	      "__mark_reg_known_zero keeps the type");
	__mark_reg_const_zero(&r);
	CHECK(r.type == SCALAR_VALUE && register_is_null(&r) && register_is_const(&r) &&
	      register_is_bounded(&r), "__mark_reg_const_zero: a scalar 0");

	memset(&r, 0xa5, sizeof(r));
	r.parent = SENTINEL_PARENT;
	r.live = REG_LIVE_READ32;
	r.subreg_def = 3;
	env.bpf_capable = true;
	__mark_reg_unknown(&env, &r);
	CHECK(r.type == SCALAR_VALUE && r.off == 0 && r.id == 0 && r.ref_obj_id == 0 &&
	      r.raw.raw1 == 0 && r.frameno == 0 && !r.precise && r.parent == SENTINEL_PARENT &&
	      r.live == REG_LIVE_READ32 && r.subreg_def == 3 && __is_scalar_unbounded(&r) &&
	      !register_is_bounded(&r) && !register_is_const(&r),
	      "__mark_reg_unknown: any scalar; parent, live, subreg_def kept");
	env.bpf_capable = false;
	__mark_reg_unknown(&env, &r);
	CHECK(r.precise, "__mark_reg_unknown without CAP_BPF: precise");
	__mark_reg_not_init(&env, &r);
	CHECK(r.type == NOT_INIT && __is_scalar_unbounded(&r) && !register_is_null(&r),
	      "__mark_reg_not_init");
	env.bpf_capable = true;

	r.type = SCALAR_VALUE;
	r.var_off = TNUM(0x500000000ULL, 0xf000000000ULL | 0xff);
	__mark_reg32_known(&r, 0x1234567877ULL);
	CHECK(tnum_eq(r.var_off, TNUM(0x534567877ULL, 0xf000000000ULL)) &&
	      r.u32_min_value == 0x34567877 && r.s32_max_value == 0x34567877 &&
	      r.umax_value == U64_MAX, "__mark_reg32_known: the low half only");

	/* a bad regno: the message, and the registers are gone */
	for (i = 0; i < MAX_BPF_REG; i++) {
		memset(&regs[i], 0, sizeof(regs[i]));
		__mark_reg_const_zero(&regs[i]);
	}
	mark_reg_known_zero(&env, regs, MAX_BPF_REG);
	ok = true;
	for (i = 0; i < MAX_BPF_REG; i++)
		ok &= regs[i].type == NOT_INIT;
	CHECK(ok && strstr(log_buf, "mark_reg_known_zero(regs, 11)\n"),
	      "mark_reg_known_zero(regs, 11): message, all registers not init");
	for (i = 0; i < MAX_BPF_REG; i++)
		__mark_reg_const_zero(&regs[i]);
	mark_reg_unknown(&env, regs, 12);
	ok = regs[BPF_REG_FP].type == SCALAR_VALUE;
	for (i = 0; i < BPF_REG_FP; i++)
		ok &= regs[i].type == NOT_INIT;
	CHECK(ok && strstr(log_buf, "mark_reg_unknown(regs, 12)\n"),
	      "mark_reg_unknown(regs, 12): message, r0-r9 not init, r10 kept");
	for (i = 0; i < MAX_BPF_REG; i++)
		__mark_reg_const_zero(&regs[i]);
	mark_reg_not_init(&env, regs, 99);
	ok = regs[BPF_REG_FP].type == SCALAR_VALUE;
	for (i = 0; i < BPF_REG_FP; i++)
		ok &= regs[i].type == NOT_INIT;
	CHECK(ok && strstr(log_buf, "mark_reg_not_init(regs, 99)\n"),
	      "mark_reg_not_init(regs, 99): message, r0-r9 not init");
	for (i = 0; i < MAX_BPF_REG; i++)
		__mark_reg_const_zero(&regs[i]);
	regs[2].type = PTR_TO_CTX;
	mark_reg_known_zero(&env, regs, 2);
	mark_reg_unknown(&env, regs, 3);
	mark_reg_not_init(&env, regs, 4);
	CHECK(regs[2].type == PTR_TO_CTX && regs[3].type == SCALAR_VALUE &&
	      __is_scalar_unbounded(&regs[3]) && regs[4].type == NOT_INIT &&
	      regs[5].type == SCALAR_VALUE, "good regnos touch one register");

	__mark_reg_unbounded(&r);
	r.var_off = tnum_unknown;
	CHECK(__is_scalar_unbounded(&r), "__mark_reg_unbounded");
	r.u32_max_value = 5;
	CHECK(!__is_scalar_unbounded(&r), "one bound set: not unbounded");
	r.type = PTR_TO_CTX;
	CHECK(!register_is_bounded(&r) && !register_is_const(&r), "a pointer: not a bounded scalar");
}

/* ---- the bounds helpers, hand-checked ---- */

static struct bpf_reg_state scalar(u64 umin, u64 umax)
{
	struct bpf_reg_state r;

	memset(&r, 0, sizeof(r));
	__mark_reg_unknown(&env, &r);
	r.umin_value = umin;
	r.umax_value = umax;
	reg_bounds_sync(&r);
	return r;
}

static void test_bounds_helpers(void)
{
	struct bpf_reg_state r;

	env_reset();
	r = scalar(0x10, 0x1f);
	CHECK(tnum_eq(r.var_off, TNUM(0x10, 0xf)) && r.smin_value == 0x10 && r.smax_value == 0x1f &&
	      r.u32_min_value == 0x10 && r.s32_max_value == 0x1f,
	      "reg_bounds_sync: [0x10,0x1f] in every view");
	r = scalar(0, U64_MAX);
	r.smin_value = -3;
	r.smax_value = -1;
	reg_bounds_sync(&r);
	CHECK(r.umin_value == -3ULL && r.umax_value == -1ULL && tnum_eq(r.var_off, TNUM(-4ULL, 3)) &&
	      r.s32_min_value == -4 && r.u32_min_value == 0xfffffffc,
	      "reg_bounds_sync: [-3,-1] signed is [2^64-3, 2^64-1] unsigned; the low half "
	      "learns only the tnum's [-4,-1]");
	r = scalar(0, U64_MAX);
	r.var_off = TNUM(0, 0x7ffffffffffffffcULL);
	reg_bounds_sync(&r);
	CHECK(r.smin_value == 0 && r.smax_value == 0x7ffffffffffffffcLL &&
	      r.umax_value == 0x7ffffffffffffffcULL && r.s32_min_value == S32_MIN &&
	      r.u32_max_value == 0xfffffffc, "reg_bounds_sync: bounds from the tnum");
	/* umin/umax crossing the sign: nothing for the signed view */
	r = scalar(0x7ffffffffffffff0ULL, 0x8000000000000010ULL);
	CHECK(r.smin_value == S64_MIN && r.smax_value == S64_MAX,
	      "reg_bounds_sync: u-range across the sign gives no s-range");

	/* 32 into 64 with a zero upper half, s32 range negative */
	r = scalar(0, 0xffffffff);
	r.s32_min_value = -2;
	r.s32_max_value = -1;
	r.u32_min_value = 0xfffffffe;
	__reg_combine_32_into_64(&r);
	CHECK(r.umin_value == 0xfffffffe && r.umax_value == 0xffffffff && r.smin_value == 0xfffffffe &&
	      tnum_eq(r.var_off, TNUM(0xfffffffe, 1)), "__reg_combine_32_into_64, zero upper half");
	r = scalar(0, U64_MAX);
	r.u32_min_value = 4;
	r.u32_max_value = 7;
	r.var_off = TNUM(4, 0xffffffff00000003ULL);
	r.umin_value = 4;
	__reg_combine_32_into_64(&r);
	CHECK(r.umin_value == 4 && r.umax_value == 0xffffffff00000007ULL &&
	      r.smin_value == S64_MIN + 4 && r.smax_value == 0x7fffffff00000007LL,
	      "__reg_combine_32_into_64: old 64-bit bounds dropped, the tnum's taken");
	r = scalar(0, U64_MAX);
	r.smin_value = -5;
	r.smax_value = 5;
	r.umin_value = 0;
	__reg_combine_64_into_32(&r);
	CHECK(r.s32_min_value == -5 && r.s32_max_value == 5 && r.u32_min_value == 0 &&
	      r.u32_max_value == U32_MAX, "__reg_combine_64_into_32: a signed range that fits");
	r = scalar(3, 0x100000002ULL);
	__reg_combine_64_into_32(&r);
	CHECK(r.u32_min_value == 0 && r.u32_max_value == U32_MAX,
	      "__reg_combine_64_into_32: a range wider than u32 gives nothing");

	/* zext: a negative s32 range is a large u32 one */
	r = scalar(0, U64_MAX);
	r.s32_min_value = -4;
	r.s32_max_value = -1;
	reg_bounds_sync(&r);
	zext_32_to_64(&r);
	CHECK(r.umin_value == 0xfffffffc && r.umax_value == 0xffffffff && r.smin_value == 0 &&
	      r.smax_value == U32_MAX && tnum_eq(r.var_off, TNUM(0xfffffffc, 3)),
	      "zext_32_to_64 of [-4,-1]: smin/smax left to the tnum");
	reg_bounds_sync(&r);
	CHECK(r.smin_value == 0xfffffffc && r.smax_value == 0xffffffff, "... which refines them");

	/* truncation: a range within one block keeps its shape */
	r = scalar(0x1f0, 0x1ff);
	coerce_reg_to_size(&r, 1);
	CHECK(r.umin_value == 0xf0 && r.umax_value == 0xff && r.smin_value == 0xf0 &&
	      tnum_eq(r.var_off, TNUM(0xf0, 0xf)) && r.u32_min_value == 0xf0 &&
	      r.s32_max_value == 0xff, "coerce_reg_to_size(1) of [0x1f0,0x1ff]");
	r = scalar(0x1f0, 0x20f);
	coerce_reg_to_size(&r, 1);
	CHECK(r.umin_value == 0 && r.umax_value == 0xff && tnum_eq(r.var_off, TNUM(0, 0xff)),
	      "coerce_reg_to_size(1) across a block: [0,0xff]");
	r = scalar(0, U64_MAX);
	r.s32_min_value = 5;
	r.s32_max_value = 6;
	coerce_reg_to_size(&r, 4);
	CHECK(r.umax_value == U32_MAX && r.s32_min_value == 5 && r.s32_max_value == 6,
	      "coerce_reg_to_size(4) leaves the 32-bit bounds to the caller, as 6.1");
}

/* ---- 6.1's own figures ---- */

/* The value of a narrow load: check_mem_access marks unknown, then truncates. */
static struct bpf_reg_state load(int size)
{
	struct bpf_reg_state r;

	memset(&r, 0, sizeof(r));
	__mark_reg_unknown(&env, &r);
	coerce_reg_to_size(&r, size);
	return r;
}

static struct bpf_reg_state unknown(void)
{
	struct bpf_reg_state r;

	memset(&r, 0, sizeof(r));
	__mark_reg_unknown(&env, &r);
	return r;
}

/*
 * The log's scalar(...) text, by 6.1's print_verifier_state() rules: a
 * bound is shown only when it says more than the defaults and than the
 * view it is compared with.
 */
static const char *scalar_str(const struct bpf_reg_state *r)
{
	static char buf[400];
	char tn[48];
	int n;

	if (tnum_is_const(r->var_off)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)r->var_off.value);
		return buf;
	}
	n = snprintf(buf, sizeof(buf), "scalar(");
#define P(cond, fmt, v) \
	if (cond) n += snprintf(buf + n, sizeof(buf) - n, "%s" fmt, n > 7 ? "," : "", v)
	P((u64)r->smin_value != r->umin_value && r->smin_value != S64_MIN, "smin=%lld",
	  (long long)r->smin_value);
	P((u64)r->smax_value != r->umax_value && r->smax_value != S64_MAX, "smax=%lld",
	  (long long)r->smax_value);
	P(r->umin_value != 0, "umin=%llu", (unsigned long long)r->umin_value);
	P(r->umax_value != U64_MAX, "umax=%llu", (unsigned long long)r->umax_value);
	tnum_strn(tn, sizeof(tn), r->var_off);
	P(!tnum_is_unknown(r->var_off), "var_off=%s", tn);
	P(r->s32_min_value != r->smin_value && r->s32_min_value != S32_MIN, "s32_min=%d",
	  r->s32_min_value);
	P(r->s32_max_value != r->smax_value && r->s32_max_value != S32_MAX, "s32_max=%d",
	  r->s32_max_value);
	P(r->u32_min_value != r->umin_value && r->u32_min_value != 0, "u32_min=%d",
	  (int)r->u32_min_value);
	P(r->u32_max_value != r->umax_value && r->u32_max_value != U32_MAX, "u32_max=%d",
	  (int)r->u32_max_value);
#undef P
	snprintf(buf + n, sizeof(buf) - n, ")");
	return buf;
}

#define LOG_EQ(reg, want, name)							\
	({ const char *__s = scalar_str(&(reg));					\
	   TEST_OK(!strncmp(__s, want, strlen(want)), name, "got %s, want %s", __s, want); })

static void test_log_figures(void)
{
	struct bpf_reg_state r3, r4, r5, r6, r7, t, f;

	env_reset();
	/* test_progs/align "unknown shift" */
	r3 = load(1);
	LOG_EQ(r3, "scalar(umax=255,var_off=(0x0; 0xff))", "align unknown shift, insn 6");
	r3 = alu_k(r3, BPF_ALU64, BPF_LSH, 1);
	LOG_EQ(r3, "scalar(umax=510,var_off=(0x0; 0x1fe))", "align unknown shift, insn 7");
	r3 = alu_k(r3, BPF_ALU64, BPF_LSH, 1);
	LOG_EQ(r3, "scalar(umax=1020,var_off=(0x0; 0x3fc))", "align unknown shift, insn 8");
	r3 = alu_k(r3, BPF_ALU64, BPF_LSH, 1);
	LOG_EQ(r3, "scalar(umax=2040,var_off=(0x0; 0x7f8))", "align unknown shift, insn 9");
	r3 = alu_k(r3, BPF_ALU64, BPF_LSH, 1);
	LOG_EQ(r3, "scalar(umax=4080,var_off=(0x0; 0xff0))", "align unknown shift, insn 10");
	r4 = alu_k(load(1), BPF_ALU64, BPF_LSH, 5);
	LOG_EQ(r4, "scalar(umax=8160,var_off=(0x0; 0x1fe0))", "align unknown shift, insn 18");
	r4 = alu_k(r4, BPF_ALU64, BPF_RSH, 1);
	LOG_EQ(r4, "scalar(umax=4080,var_off=(0x0; 0xff0))", "align unknown shift, insn 19");
	r4 = alu_k(r4, BPF_ALU64, BPF_RSH, 1);
	r4 = alu_k(r4, BPF_ALU64, BPF_RSH, 1);
	r4 = alu_k(r4, BPF_ALU64, BPF_RSH, 1);
	LOG_EQ(r4, "scalar(umax=510,var_off=(0x0; 0x1fe))", "align unknown shift, insn 22");

	/* "unknown mul" */
	r3 = load(1);
	r4 = alu_k(r3, BPF_ALU64, BPF_MUL, 1);
	LOG_EQ(r4, "scalar(umax=255,var_off=(0x0; 0xff))", "align unknown mul, insn 8");
	r4 = alu_k(r3, BPF_ALU64, BPF_MUL, 2);
	LOG_EQ(r4, "scalar(umax=510,var_off=(0x0; 0x1fe))", "align unknown mul, insn 10");
	r4 = alu_k(r3, BPF_ALU64, BPF_MUL, 4);
	LOG_EQ(r4, "scalar(umax=1020,var_off=(0x0; 0x3fc))", "align unknown mul, insn 12");
	r4 = alu_k(r3, BPF_ALU64, BPF_MUL, 8);
	LOG_EQ(r4, "scalar(umax=2040,var_off=(0x0; 0x7f8))", "align unknown mul, insn 14");
	r4 = alu_k(r4, BPF_ALU64, BPF_MUL, 2);
	LOG_EQ(r4, "scalar(umax=4080,var_off=(0x0; 0xff0))", "align unknown mul, insn 15");

	/* "packet variable offset 2": (4n) + 14, and a u32 load & 0xff << 2 */
	r6 = alu_k(alu_k(load(1), BPF_ALU64, BPF_LSH, 2), BPF_ALU64, BPF_ADD, 14);
	LOG_EQ(r6, "scalar(umin=14,umax=1034,var_off=(0x2; 0x7fc))", "align variable offset 2, insn 8");
	r6 = alu_k(alu_k(load(4), BPF_ALU64, BPF_AND, 0xff), BPF_ALU64, BPF_LSH, 2);
	LOG_EQ(r6, "scalar(umax=1020,var_off=(0x0; 0x3fc))", "align variable offset 2, insn 17");

	/* "dubious pointer arithmetic": (pkt_end - pkt) << 2, + 14, s>= 0 */
	r5 = alu_k(unknown(), BPF_ALU64, BPF_LSH, 2);
	LOG_EQ(r5, "scalar(smax=9223372036854775804,umax=18446744073709551612,"
		   "var_off=(0x0; 0xfffffffffffffffc)", "align dubious, insn 5");
	r5 = alu_k(r5, BPF_ALU64, BPF_ADD, 14);
	LOG_EQ(r5, "scalar(smin=-9223372036854775806,smax=9223372036854775806,umin=2,"
		   "umax=18446744073709551614,var_off=(0x2; 0xfffffffffffffffc)",
	       "align dubious, insn 6");
	t = f = r5;
	reg_set_min_max(&t, &f, 0, 0, BPF_JSGE, false);
	LOG_EQ(t, "scalar(umin=2,umax=9223372036854775806,var_off=(0x2; 0x7ffffffffffffffc)",
	       "align dubious, insn 9 (s>= 0 taken)");

	/* "variable subtraction" */
	r6 = load(1);
	r7 = r6;
	r6 = alu_k(alu_k(r6, BPF_ALU64, BPF_LSH, 2), BPF_ALU64, BPF_ADD, 14);
	LOG_EQ(r6, "scalar(umin=14,umax=1034,var_off=(0x2; 0x7fc))", "align subtraction, insn 9");
	r7 = alu_k(r7, BPF_ALU64, BPF_LSH, 2);
	LOG_EQ(r7, "scalar(umax=1020,var_off=(0x0; 0x3fc))", "align subtraction, insn 10");
	r6 = alu_x(r6, BPF_ALU64, BPF_SUB, r7);
	LOG_EQ(r6, "scalar(smin=-1006,smax=1034,umin=2,umax=18446744073709551614,"
		   "var_off=(0x2; 0xfffffffffffffffc)", "align subtraction, insn 11");
	t = f = r6;
	reg_set_min_max(&t, &f, 0, 0, BPF_JSGE, false);
	LOG_EQ(t, "scalar(umin=2,umax=1034,var_off=(0x2; 0x7fc))", "align subtraction, insn 14");

	/* "pointer variable subtraction" */
	r6 = load(1);
	r7 = r6;
	r6 = alu_k(alu_k(r6, BPF_ALU64, BPF_AND, 0xf), BPF_ALU64, BPF_LSH, 2);
	LOG_EQ(r6, "scalar(umax=60,var_off=(0x0; 0x3c))", "align ptr subtraction, insn 9");
	r6 = alu_k(r6, BPF_ALU64, BPF_ADD, 14);
	LOG_EQ(r6, "scalar(umin=14,umax=74,var_off=(0x2; 0x7c))", "align ptr subtraction, insn 10");
	r7 = alu_k(alu_k(r7, BPF_ALU64, BPF_LSH, 2), BPF_ALU64, BPF_ADD, 76);
	LOG_EQ(r7, "scalar(umin=76,umax=1096,var_off=(0x0; 0x7fc))", "align ptr subtraction, insn 14");

	/*
	 * test_verifier "bounds check after truncation of boundary-crossing
	 * range (1)" and (2): the offset's smin in "value -4294967168 makes
	 * map_value pointer be out of bounds".
	 */
	r3 = alu_k(alu_k(load(1), BPF_ALU64, BPF_ADD, 0xffffff80 >> 1), BPF_ALU64, BPF_ADD,
		   0xffffff80 >> 1);
	r4 = alu_k(r3, BPF_ALU, BPF_ADD, 0);
	r4 = alu_k(alu_k(r4, BPF_ALU64, BPF_SUB, 0xffffff80 >> 1), BPF_ALU64, BPF_SUB,
		   0xffffff80 >> 1);
	TEST_EQ(r4.smin_value, -4294967168LL, "bounds: truncation of boundary-crossing range (1)");
	CHECK(!tnum_is_const(r4.var_off), "... and not a constant");
	zext_32_to_64(&r3);	/* BPF_MOV32_REG */
	reg_bounds_sync(&r3);
	r3 = alu_k(alu_k(r3, BPF_ALU64, BPF_SUB, 0xffffff80 >> 1), BPF_ALU64, BPF_SUB,
		   0xffffff80 >> 1);
	TEST_EQ(r3.smin_value, -4294967168LL, "bounds: truncation of boundary-crossing range (2)");

	/*
	 * "bounds check after 32-bit right shift with 64-bit input": 2 << 31
	 * is 1 << 32, w >>= 31 gives 0, w -= 2 gives 4294967294 ("math between
	 * map_value pointer and 4294967294 is not allowed").
	 */
	r3 = unknown();
	__mark_reg_known(&r3, 2);
	r3 = alu_k(r3, BPF_ALU64, BPF_LSH, 31);
	r3 = alu_k(r3, BPF_ALU, BPF_RSH, 31);
	CHECK(tnum_equals_const(r3.var_off, 0), "bounds: w(1 << 32) >> 31 is 0");
	r3 = alu_k(r3, BPF_ALU, BPF_SUB, 2);
	CHECK(tnum_equals_const(r3.var_off, 4294967294ULL) && r3.smin_value == 4294967294LL,
	      "bounds: ... - 2 is 4294967294");
}

/* ---- copies of a scalar learn together ---- */

static void test_find_equal_scalars(void)
{
	struct bpf_func_state fr0, fr1;
	struct bpf_verifier_state st;
	struct bpf_stack_state stack[3];
	struct bpf_reg_state known, parent;
	bool ok;

	env_reset();
	memset(&fr0, 0, sizeof(fr0));
	memset(&fr1, 0, sizeof(fr1));
	memset(&st, 0, sizeof(st));
	memset(stack, 0, sizeof(stack));
	st.frame[0] = &fr0;
	st.frame[1] = &fr1;
	st.curframe = 1;
	fr1.stack = stack;
	fr1.allocated_stack = 3 * BPF_REG_SIZE;

	known = scalar(3, 9);
	known.id = 5;
	known.subreg_def = 1;
	known.live = REG_LIVE_WRITTEN;

	fr0.regs[6] = unknown();
	fr0.regs[6].id = 5;
	fr0.regs[6].parent = &parent;
	fr0.regs[6].live = REG_LIVE_READ64;
	fr0.regs[6].subreg_def = 33;
	fr0.regs[7] = unknown();
	fr0.regs[7].id = 6;
	fr1.regs[1] = unknown();
	fr1.regs[1].id = 5;
	fr1.regs[2] = unknown();
	__mark_reg_known_zero(&fr1.regs[2]);
	fr1.regs[2].type = PTR_TO_MAP_VALUE_OR_NULL;
	fr1.regs[2].id = 5;
	/* slot 0 spilled, slot 1 misc bytes with a stale spilled_ptr */
	stack[0].spilled_ptr = unknown();
	stack[0].spilled_ptr.id = 5;
	memset(stack[0].slot_type, STACK_SPILL, BPF_REG_SIZE);
	stack[1].spilled_ptr = unknown();
	stack[1].spilled_ptr.id = 5;
	memset(stack[1].slot_type, STACK_MISC, BPF_REG_SIZE);

	find_equal_scalars(&st, &known);
	ok = fr0.regs[6].umin_value == 3 && fr0.regs[6].umax_value == 9 &&
	     tnum_eq(fr0.regs[6].var_off, known.var_off);
	CHECK(ok, "a copy in the caller's frame learns the bounds");
	CHECK(fr0.regs[6].parent == &parent && fr0.regs[6].live == REG_LIVE_READ64 &&
	      fr0.regs[6].subreg_def == 33, "... and keeps its parent, liveness and subreg_def");
	CHECK(fr1.regs[1].umax_value == 9 && fr1.regs[1].id == 5, "a copy in the callee's frame");
	CHECK(stack[0].spilled_ptr.umax_value == 9, "a spilled copy");
	CHECK(__is_scalar_unbounded(&stack[1].spilled_ptr), "not a slot that holds no spill");
	CHECK(__is_scalar_unbounded(&fr0.regs[7]), "not a scalar of another id");
	CHECK(fr1.regs[2].type == PTR_TO_MAP_VALUE_OR_NULL && fr1.regs[2].umax_value == 0,
	      "not a pointer of the same id");
	st.curframe = 0;
	fr0.regs[6] = unknown();
	fr0.regs[6].id = 5;
	fr1.regs[1] = unknown();
	fr1.regs[1].id = 5;
	find_equal_scalars(&st, &known);
	CHECK(fr0.regs[6].umax_value == 9 && __is_scalar_unbounded(&fr1.regs[1]),
	      "frames above curframe are not walked");
}

int main(void)
{
	test_marking();
	test_bounds_helpers();
	test_alu_rules();
	test_alu_constants();
	test_alu_soundness();
	test_branch_pointers();
	test_branch_exact();
	test_branch_soundness();
	test_combine_soundness();
	test_random_walks();
	test_log_figures();
	test_find_equal_scalars();
	return sysbpf_test_done();
}
