// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the verifier's pointer arithmetic and pointer
 * branches (kernel/bpf/verifier_ptr.c), without the walk: each case sets
 * up the registers an insn sees in one state, calls the function the
 * walk would call, and checks the errno, the exact 6.1 log text (the
 * errstr of upstream test_verifier cases) and the resulting registers.
 *
 * verifier_ptr.c is compiled into this test; the few functions of the
 * other verifier parts it calls are weak stand-ins below with their 6.1
 * contracts, reduced to what these cases need.
 */
#include "../../../../kernel/bpf/verifier_ptr.c"

#include <stdarg.h>
#include <stdio.h>
#include "sysbpf_test.h"

#define WEAK __attribute__((weak))
#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

/* ---- the log ---- */

static char logbuf[4096];
static size_t loglen;

WEAK void bpf_log(struct bpf_verifier_log *log, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
	va_end(ap);
	if (n > 0)
		loglen = min(loglen + n, sizeof(logbuf) - 1);
}

WEAK void pr_warn(const char *fmt, ...)
{
}

static void log_reset(void)
{
	loglen = 0;
	logbuf[0] = 0;
}

static bool log_has(const char *s)
{
	return strstr(logbuf, s) != NULL;
}

WEAK const char *const bpf_alu_string[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

WEAK const char *reg_type_str(struct bpf_verifier_env *env, enum bpf_reg_type type)
{
	static const char *const names[] = {
		[SCALAR_VALUE] = "scalar", [PTR_TO_CTX] = "ctx",
		[CONST_PTR_TO_MAP] = "map_ptr", [PTR_TO_MAP_VALUE] = "map_value",
		[PTR_TO_STACK] = "fp", [PTR_TO_PACKET] = "pkt",
		[PTR_TO_PACKET_META] = "pkt_meta", [PTR_TO_PACKET_END] = "pkt_end",
		[PTR_TO_FLOW_KEYS] = "flow_keys", [PTR_TO_SOCKET] = "sock",
	};

	snprintf(env->type_str_buf, sizeof(env->type_str_buf), "%s%s",
		 names[base_type(type)], type & PTR_MAYBE_NULL ? "_or_null" : "");
	return env->type_str_buf;
}

static int printed_states;

WEAK void print_verifier_state(struct bpf_verifier_env *env,
			       const struct bpf_func_state *state, bool print_all)
{
	printed_states++;
}

/* ---- tnum (the few operations used) ---- */

WEAK const struct tnum tnum_unknown = { .value = 0, .mask = -1 };

WEAK struct tnum tnum_const(u64 value)
{
	return TNUM(value, 0);
}

WEAK struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask, sv = a.value + b.value;
	u64 chi = (sm + sv) ^ sv, mu = chi | a.mask | b.mask;

	return TNUM(sv & ~mu, mu);
}

WEAK struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 alpha = dv + a.mask, beta = dv - b.mask;
	u64 chi = alpha ^ beta, mu = chi | a.mask | b.mask;

	return TNUM(dv & ~mu, mu);
}

WEAK int tnum_strn(char *str, size_t size, struct tnum a)
{
	return snprintf(str, size, "(0x%llx; 0x%llx)", (unsigned long long)a.value,
			(unsigned long long)a.mask);
}

/* ---- scalar register helpers (verifier_scalar.c) ---- */

static void set_bounds(struct bpf_reg_state *reg, s64 smin, s64 smax, u64 umin, u64 umax)
{
	reg->smin_value = smin;
	reg->smax_value = smax;
	reg->umin_value = umin;
	reg->umax_value = umax;
}

WEAK void __mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->off = 0;
	memset(&reg->raw, 0, sizeof(reg->raw));
	reg->id = 0;
	reg->ref_obj_id = 0;
	reg->var_off = tnum_const(imm);
	set_bounds(reg, imm, imm, imm, imm);
	reg->s32_min_value = reg->s32_max_value = (s32)imm;
	reg->u32_min_value = reg->u32_max_value = (u32)imm;
}

WEAK void __mark_reg32_unbounded(struct bpf_reg_state *reg)
{
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

WEAK void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	memset(reg, 0, offsetof(struct bpf_reg_state, var_off));
	reg->type = SCALAR_VALUE;
	reg->var_off = tnum_unknown;
	set_bounds(reg, S64_MIN, S64_MAX, 0, U64_MAX);
	__mark_reg32_unbounded(reg);
}

WEAK void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_unknown(env, regs + regno);
}

static int bounds_synced;

WEAK void reg_bounds_sync(struct bpf_reg_state *reg)
{
	bounds_synced++;
}

static int scalar_alu_calls;

WEAK int adjust_scalar_min_max_vals(struct bpf_verifier_env *env, struct bpf_insn *insn,
				    struct bpf_reg_state *dst_reg, struct bpf_reg_state src_reg)
{
	scalar_alu_calls++;
	return 0;
}

/* ---- states, memory, references ---- */

static u32 precise_regs;	/* bit per regno given to mark_chain_precision */

WEAK int mark_chain_precision(struct bpf_verifier_env *env, int regno)
{
	precise_regs |= 1U << regno;
	return 0;
}

#define MAX_PUSHED 8
static struct bpf_verifier_state *pushed[MAX_PUSHED];
static int pushed_idx[MAX_PUSHED];
static bool pushed_spec[MAX_PUSHED];
static int npushed;
static bool push_fails;

WEAK struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env, int insn_idx,
					   int prev_insn_idx, bool speculative)
{
	struct bpf_verifier_state *cur = env->cur_state, *st;
	u32 i;

	if (push_fails || npushed == MAX_PUSHED)
		return NULL;
	st = calloc(1, sizeof(*st));
	*st = *cur;
	for (i = 0; i <= cur->curframe; i++) {
		st->frame[i] = malloc(sizeof(*st->frame[i]));
		*st->frame[i] = *cur->frame[i];
	}
	st->speculative |= speculative;
	pushed_idx[npushed] = insn_idx;
	pushed_spec[npushed] = speculative;
	pushed[npushed++] = st;
	return st;
}

static void free_pushed(void)
{
	while (npushed) {
		struct bpf_verifier_state *st = pushed[--npushed];
		u32 i;

		for (i = 0; i <= st->curframe; i++)
			free(st->frame[i]);
		free(st);
	}
}

WEAK int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  bool zero_size_allowed, enum bpf_access_src src)
{
	const struct bpf_reg_state *reg = &cur_regs(env)[regno];
	s64 lo = reg->smin_value + off, hi = (s64)reg->umax_value + off + size;

	if (lo < 0 || hi > reg->map_ptr->value_size) {
		verbose(env, "invalid access to map value, value_size=%u off=%d size=%d\n",
			reg->map_ptr->value_size, off, size);
		return -EACCES;
	}
	return 0;
}

static int released_id;

WEAK int release_reference_state(struct bpf_func_state *state, int ptr_id)
{
	int i;

	for (i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].id == ptr_id) {
			state->refs[i] = state->refs[--state->acquired_refs];
			released_id = ptr_id;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---- the setup ---- */

static struct bpf_verifier_env env;
static struct bpf_verifier_state vstate;
static struct bpf_func_state frame0, frame1;
static struct bpf_stack_state stack0[4];
static struct bpf_insn_aux_data aux[16];
static struct bpf_map map48 = { .map_type = BPF_MAP_TYPE_HASH, .value_size = 48,
				.spin_lock_off = -1, .timer_off = -1 };

static struct bpf_reg_state *R;	/* cur_regs() */

/* priv: CAP_BPF + CAP_PERFMON; unpriv: neither */
static void setup(bool priv)
{
	int i;

	memset(&env, 0, sizeof(env));
	memset(&vstate, 0, sizeof(vstate));
	memset(&frame0, 0, sizeof(frame0));
	memset(&frame1, 0, sizeof(frame1));
	memset(stack0, 0, sizeof(stack0));
	memset(aux, 0, sizeof(aux));
	env.allow_ptr_leaks = env.bpf_capable = priv;
	env.bypass_spec_v1 = env.bypass_spec_v4 = priv;
	env.insn_aux_data = aux;
	env.insn_idx = 3;
	env.pass_cnt = 1;
	env.id_gen = 100;
	env.cur_state = &vstate;
	vstate.frame[0] = &frame0;
	frame0.stack = stack0;
	frame0.allocated_stack = sizeof(stack0) / sizeof(stack0[0]) * BPF_REG_SIZE;
	R = frame0.regs;
	for (i = 0; i < MAX_BPF_REG; i++)
		R[i].type = NOT_INIT;
	log_reset();
	precise_regs = 0;
	scalar_alu_calls = 0;
	printed_states = 0;
	released_id = 0;
	push_fails = false;
	free_pushed();
}

static void set_const(struct bpf_reg_state *reg, s64 v)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = SCALAR_VALUE;
	__mark_reg_known(reg, v);
}

static void set_range(struct bpf_reg_state *reg, s64 smin, s64 smax, u64 umin, u64 umax,
		      struct tnum var_off)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = SCALAR_VALUE;
	reg->var_off = var_off;
	set_bounds(reg, smin, smax, umin, umax);
	__mark_reg32_unbounded(reg);
}

static void set_ptr(struct bpf_reg_state *reg, enum bpf_reg_type type, s32 off)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = type;
	reg->off = off;
	reg->var_off = tnum_const(0);
	__mark_reg32_unbounded(reg);
	if (base_type(type) == PTR_TO_MAP_VALUE || base_type(type) == CONST_PTR_TO_MAP)
		reg->map_ptr = &map48;
}

static int alu(u8 class_op_src, u8 dst, u8 src, s32 imm)
{
	struct bpf_insn insn = { .code = class_op_src, .dst_reg = dst, .src_reg = src,
				 .imm = imm };

	log_reset();
	return adjust_reg_min_max_vals(&env, &insn);
}

#define ALU64_X(op)	(BPF_ALU64 | (op) | BPF_X)
#define ALU64_K(op)	(BPF_ALU64 | (op) | BPF_K)
#define ALU32_X(op)	(BPF_ALU | (op) | BPF_X)

/* ---- the cases ---- */

static void test_refusals(void)
{
	setup(true);
	set_ptr(&R[1], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[1].id = 1;
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, 4), -EACCES, "maybe-null += K refused");
	TEST_OK(log_has("R1 pointer arithmetic on map_value_or_null prohibited, null-check it first\n"),
		"maybe-null message", "%s", logbuf);

	set_ptr(&R[3], PTR_TO_PACKET_END, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 3, 0, 1), -EACCES, "pkt_end += K refused");
	TEST_OK(log_has("R3 pointer arithmetic on pkt_end prohibited\n"), "pkt_end message", "%s", logbuf);

	set_ptr(&R[1], CONST_PTR_TO_MAP, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, 0), 0, "map_ptr += 0 allowed");
	TEST_EQ(alu(ALU64_K(BPF_SUB), 1, 0, 0), -EACCES, "map_ptr -= 0 refused");
	TEST_OK(log_has("R1 pointer arithmetic on map_ptr prohibited\n"), "map_ptr message", "%s", logbuf);

	set_ptr(&R[1], PTR_TO_FLOW_KEYS, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, 4), 0, "flow_keys += K allowed");
	TEST_EQ(R[1].off, 4, "flow_keys off 4");
	set_range(&R[2], 0, 4, 0, 4, TNUM(0, 7));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "flow_keys += var refused");
	TEST_OK(log_has("R1 pointer arithmetic on flow_keys prohibited\n"), "flow_keys message",
		"%s", logbuf);

	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_const(&R[2], 1);
	TEST_EQ(alu(ALU32_X(BPF_ADD), 1, 2, 0), -EACCES, "alu32 on pointer refused");
	TEST_OK(log_has("R1 32-bit pointer arithmetic prohibited\n"), "alu32 message", "%s", logbuf);
	TEST_EQ(alu(ALU32_X(BPF_SUB), 1, 2, 0), 0, "alu32 sub on pointer: root gets a scalar");
	TEST_EQ(R[1].type, SCALAR_VALUE, "alu32 sub result is a scalar");

	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	TEST_EQ(alu(ALU64_K(BPF_AND), 1, 0, 1), -EACCES, "ptr &= K refused");
	TEST_OK(log_has("R1 bitwise operator &= on pointer prohibited\n"), "bitwise message", "%s", logbuf);
	TEST_EQ(alu(ALU64_K(BPF_MUL), 1, 0, 2), -EACCES, "ptr *= K refused");
	TEST_OK(log_has("R1 pointer arithmetic with *= operator prohibited\n"), "mul message", "%s", logbuf);
	TEST_EQ(alu(ALU64_K(BPF_NEG), 1, 0, 0), -EACCES, "neg ptr refused (root)");
	TEST_OK(log_has("R1 pointer arithmetic with neg operator prohibited\n"), "neg message", "%s", logbuf);

	set_ptr(&R[10], PTR_TO_STACK, 0);
	TEST_EQ(alu(ALU64_K(BPF_SUB), 10, 0, 8), -EACCES, "fp -= K refused");
	TEST_OK(log_has("R10 subtraction from stack pointer prohibited\n"), "fp sub message", "%s", logbuf);

	set_const(&R[0], 4);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	TEST_EQ(alu(ALU64_X(BPF_SUB), 0, 1, 0), -EACCES, "scalar -= ptr refused");
	TEST_OK(log_has("R0 tried to subtract pointer from scalar\n"), "scalar -= ptr message", "%s", logbuf);
}

static void test_ptr_ptr(void)
{
	setup(false);
	set_ptr(&R[9], PTR_TO_MAP_VALUE, 0);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	TEST_EQ(alu(ALU64_X(BPF_SUB), 9, 1, 0), -EACCES, "unpriv ptr -= ptr refused");
	TEST_OK(log_has("R9 pointer -= pointer prohibited\n"), "ptr -= ptr message", "%s", logbuf);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 9, 1, 0), -EACCES, "ptr += ptr refused");
	TEST_OK(log_has("R9 pointer += pointer prohibited\n"), "ptr += ptr message", "%s", logbuf);

	setup(true);
	set_ptr(&R[9], PTR_TO_PACKET, 8);
	set_ptr(&R[1], PTR_TO_PACKET, 0);
	TEST_EQ(alu(ALU64_X(BPF_SUB), 9, 1, 0), 0, "root ptr -= ptr allowed");
	TEST_EQ(R[9].type, SCALAR_VALUE, "root ptr -= ptr: unknown scalar");
	CHECK(tnum_is_unknown(R[9].var_off), "root ptr -= ptr: unknown bits");
	set_ptr(&R[9], PTR_TO_PACKET, 8);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 9, 1, 0), -EACCES, "root ptr += ptr refused");
}

static void test_sane_offsets(void)
{
	setup(true);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_const(&R[2], 1 << 29);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EINVAL, "ptr += 2^29 refused");
	TEST_OK(log_has("math between map_value pointer and 536870912 is not allowed\n"),
		"huge constant message", "%s", logbuf);

	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_const(&R[2], 0xffffffffLL);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EINVAL, "ptr += 0xffffffff refused");
	TEST_OK(log_has("math between map_value pointer and 4294967295 is not allowed"),
		"upstream errstr (bounds.c)", "%s", logbuf);

	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], S64_MIN, 4, 0, U64_MAX, tnum_unknown);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EINVAL, "unbounded min refused");
	TEST_OK(log_has("math between map_value pointer and register with unbounded min value is not allowed\n"),
		"unbounded min message", "%s", logbuf);

	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], -4294967168LL, 4, 0, U64_MAX, tnum_unknown);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EINVAL, "huge negative min refused");
	TEST_OK(log_has("value -4294967168 makes map_value pointer be out of bounds\n"),
		"out of bounds message", "%s", logbuf);

	set_ptr(&R[1], PTR_TO_STACK, 1073741822);
	set_const(&R[2], 4);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EINVAL, "pointer with huge fixed off refused");
	TEST_OK(log_has("fp pointer offset 1073741822 is not allowed\n"), "fixed offset message",
		"%s", logbuf);

	/* the result is checked too: off grows past the limit */
	set_ptr(&R[1], PTR_TO_MAP_VALUE, (1 << 29) - 4);
	set_const(&R[2], 8);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EINVAL, "result offset checked");
	TEST_OK(log_has("map_value pointer offset 536870916 is not allowed\n"), "result message",
		"%s", logbuf);

	/* contradicting bounds (dead branch): dst becomes unknown, no error */
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], 5, 4, 0, 10, TNUM(0, 15));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "invalid bounds: no error");
	TEST_EQ(R[1].type, SCALAR_VALUE, "invalid bounds: dst unknown scalar");
}

static void test_fixed_and_var_offsets(void)
{
	setup(true);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 4);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, 8), 0, "map_value += 8");
	TEST_EQ(R[1].off, 12, "fixed offset accumulates");
	TEST_EQ(R[1].map_ptr == &map48, 1, "map_ptr kept");
	TEST_EQ(alu(ALU64_K(BPF_SUB), 1, 0, 2), 0, "map_value -= 2");
	TEST_EQ(R[1].off, 10, "fixed offset subtracts");

	/* scalar += ptr: dst takes the pointer; the scalar must be precise */
	set_const(&R[0], 6);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	precise_regs = 0;
	TEST_EQ(alu(ALU64_X(BPF_ADD), 0, 1, 0), 0, "scalar += ptr");
	TEST_EQ(R[0].type, PTR_TO_MAP_VALUE, "scalar += ptr: dst is the pointer");
	TEST_EQ(R[0].off, 6, "scalar += ptr: off 6");
	TEST_EQ(precise_regs, 1U << 0, "scalar += ptr: the scalar (dst) made precise");
	{
		struct bpf_reg_state parent0, parent1;

		set_const(&R[0], 6);
		R[0].parent = &parent0;
		R[0].live = REG_LIVE_WRITTEN;
		set_ptr(&R[1], PTR_TO_MEM, 0);
		R[1].mem_size = 64;
		R[1].ref_obj_id = 3;
		R[1].parent = &parent1;
		R[1].live = REG_LIVE_READ64;
		TEST_EQ(alu(ALU64_X(BPF_ADD), 0, 1, 0), 0, "scalar += mem");
		CHECK(R[0].parent == &parent0, "scalar += ptr: dst keeps its parent");
		TEST_EQ(R[0].live, REG_LIVE_WRITTEN, "scalar += ptr: dst keeps its liveness");
		TEST_EQ(R[0].ref_obj_id, 3, "scalar += ptr: dst inherits the reference");
		TEST_EQ(R[0].mem_size, 64, "scalar += ptr: dst inherits mem_size");
		TEST_EQ(R[0].off, 6, "scalar += mem: off 6");
		R[0].parent = R[1].parent = NULL;
	}

	/* variable offset */
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 2);
	set_range(&R[2], 0, 15, 0, 15, TNUM(0, 15));
	precise_regs = 0;
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "map_value += var");
	TEST_EQ(precise_regs, 1U << 2, "ptr += scalar: the scalar (src) made precise");
	TEST_EQ(R[1].off, 2, "var add keeps off");
	TEST_EQ(R[1].umax_value, 15, "var add umax");
	TEST_EQ(R[1].smin_value, 0, "var add smin");
	TEST_EQ(R[1].var_off.mask, 15, "var add var_off");
	TEST_EQ(R[1].s32_max_value, S32_MAX, "pointer has no 32-bit bounds");
	TEST_EQ(alu(ALU64_X(BPF_SUB), 1, 2, 0), 0, "map_value -= var");
	TEST_EQ(R[1].umin_value, 0, "var sub may wrap: umin 0");
	TEST_EQ(R[1].umax_value, U64_MAX, "var sub may wrap: umax");
	TEST_EQ(R[1].smin_value, -15, "var sub smin");
	TEST_EQ(R[1].smax_value, 15, "var sub smax");

	/* packet pointers: a variable move makes a new id and no range */
	set_ptr(&R[2], PTR_TO_PACKET, 0);
	R[2].range = 14;
	set_range(&R[3], 0, 255, 0, 255, TNUM(0, 255));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 2, 3, 0), 0, "pkt += var");
	TEST_EQ(R[2].id, 101, "pkt += var: new id");
	TEST_EQ(R[2].range, 0, "pkt += var: range 0");
	R[2].range = 20;
	TEST_EQ(alu(ALU64_K(BPF_ADD), 2, 0, 8), 0, "pkt += K");
	TEST_EQ(R[2].id, 101, "pkt += K keeps id");
	TEST_EQ(R[2].range, 20, "pkt += K keeps range");
	TEST_EQ(R[2].off, 8, "pkt += K off");
	/* moving left by a nonnegative amount keeps the range */
	set_range(&R[3], 0, 4, 0, 4, TNUM(0, 7));
	TEST_EQ(alu(ALU64_X(BPF_SUB), 2, 3, 0), 0, "pkt -= var");
	TEST_EQ(R[2].id, 102, "pkt -= var: new id");
	TEST_EQ(R[2].range, 20, "pkt -= nonneg var keeps range");
	set_range(&R[3], -4, 4, 0, U64_MAX, tnum_unknown);
	TEST_EQ(alu(ALU64_X(BPF_SUB), 2, 3, 0), 0, "pkt -= signed var");
	TEST_EQ(R[2].range, 0, "pkt -= maybe negative: range 0");

	/* two scalars go to verifier_scalar.c; a precise dst makes src precise */
	set_const(&R[4], 1);
	set_const(&R[5], 2);
	R[4].id = 7;
	R[4].precise = true;
	precise_regs = 0;
	TEST_EQ(alu(ALU64_X(BPF_ADD), 4, 5, 0), 0, "scalar += scalar");
	TEST_EQ(scalar_alu_calls, 1, "adjust_scalar_min_max_vals called");
	TEST_EQ(R[4].id, 0, "scalar dst loses its id");
	TEST_EQ(precise_regs, 1U << 5, "precise dst: src made precise");
	TEST_EQ(alu(ALU64_K(BPF_ADD), 4, 0, 3), 0, "scalar += K");
	TEST_EQ(scalar_alu_calls, 2, "adjust_scalar_min_max_vals called for K");
}

static void test_unpriv_bounds(void)
{
	setup(false);
	set_ptr(&R[1], PTR_TO_STACK, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, 8), -EACCES, "unpriv fp += 8 refused");
	TEST_OK(log_has("R1 stack pointer arithmetic goes out of range, prohibited for !root; off=8\n"),
		"stack range message", "%s", logbuf);
	set_ptr(&R[1], PTR_TO_STACK, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, -520), -EACCES, "unpriv fp += -520 refused");
	TEST_OK(log_has("off=-520\n"), "stack range message (low)", "%s", logbuf);
	set_ptr(&R[1], PTR_TO_STACK, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, -8), 0, "unpriv fp += -8 allowed");
	TEST_EQ(R[1].off, -8, "fp off -8");
	TEST_EQ(aux[3].alu_state, 0, "K offset: no sanitation");

	set_ptr(&R[0], PTR_TO_MAP_VALUE, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 0, 0, 48), -EACCES, "unpriv map_value += 48 refused");
	TEST_OK(log_has("R0 pointer arithmetic of map value goes out of range, prohibited for !root\n"),
		"map value range message", "%s", logbuf);

	/* root may go out of range (the access is checked later) */
	setup(true);
	set_ptr(&R[1], PTR_TO_STACK, 0);
	TEST_EQ(alu(ALU64_K(BPF_ADD), 1, 0, 8), 0, "root fp += 8 allowed");
}

static void test_sanitation(void)
{
	struct bpf_insn buf[16];
	int cnt;

	/* mixed signed bounds */
	setup(false);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], -4, 4, 0, U64_MAX, tnum_unknown);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "mixed bounds refused");
	TEST_OK(log_has("R2 has unknown scalar with mixed signed bounds, pointer arithmetic with it prohibited for !root\n"),
		"mixed bounds message (offset in src)", "%s", logbuf);
	set_range(&R[1], -4, 4, 0, U64_MAX, tnum_unknown);
	set_ptr(&R[2], PTR_TO_MAP_VALUE, 0);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "mixed bounds refused (scalar += ptr)");
	TEST_OK(log_has("R1 has unknown scalar with mixed signed bounds"),
		"mixed bounds message (offset in dst)", "%s", logbuf);

	/* no limit known for ctx */
	set_ptr(&R[1], PTR_TO_CTX, 0);
	set_range(&R[2], 0, 4, 0, 4, TNUM(0, 7));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "ctx += var refused unpriv");
	TEST_OK(log_has("R1 has pointer with unsupported alu operation, pointer arithmetic with it prohibited for !root\n"),
		"unsupported alu message", "%s", logbuf);
	set_range(&R[6], 0, 4, 0, 4, TNUM(0, 7));
	set_ptr(&R[1], PTR_TO_CTX, 0);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 6, 1, 0), -EACCES, "scalar += ctx refused unpriv");
	TEST_OK(log_has("R1 has pointer with unsupported alu operation"),
		"unsupported alu names the pointer (src)", "%s", logbuf);
	/* map_ptr.c "bpf_map_ptr: r = 0, r = r + map_ptr" */
	set_const(&R[1], 0);
	set_ptr(&R[0], CONST_PTR_TO_MAP, 0);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 0, 0), -EACCES, "r1 = 0; r1 += map_ptr refused unpriv");
	TEST_OK(log_has("R0 has pointer with unsupported alu operation"),
		"upstream errstr_unpriv (map_ptr.c)", "%s", logbuf);
	/* bounds_deduction.c "check deducing bounds from const, 3" */
	set_const(&R[0], 0);
	set_ptr(&R[1], PTR_TO_CTX, 0);
	TEST_EQ(alu(ALU64_X(BPF_SUB), 0, 1, 0), -EACCES, "r0 -= ctx refused unpriv");
	TEST_OK(log_has("R1 has pointer with unsupported alu operation"),
		"upstream errstr_unpriv (bounds_deduction.c)", "%s", logbuf);
	/* map_ptr.c "bpf_map_ptr: r = 0, map_ptr = map_ptr + r" */
	set_const(&R[0], 0);
	set_ptr(&R[1], CONST_PTR_TO_MAP, 0);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 0, 0), -EACCES, "map_ptr += r0 refused unpriv");
	TEST_OK(log_has("R1 has pointer with unsupported alu operation"),
		"upstream errstr_unpriv (map_ptr.c, ptr in dst)", "%s", logbuf);

	/* already beyond the value */
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 48);
	set_range(&R[2], 0, 4, 0, 4, TNUM(0, 7));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "beyond bounds refused");
	TEST_OK(log_has("R1 tried to add beyond pointer bounds, pointer arithmetic with it prohibited for !root\n"),
		"limit message", "%s", logbuf);

	/* a masked add: limit recorded, speculative path queued */
	setup(false);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], 0, 8, 0, 8, TNUM(0, 15));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "map_value += [0,8] allowed unpriv");
	TEST_EQ(aux[3].alu_state, BPF_ALU_SANITIZE_SRC, "alu_state: sanitize src");
	TEST_EQ(aux[3].alu_limit, 8, "alu_limit: 8");
	CHECK(env.explore_alu_limits, "explore_alu_limits set");
	TEST_EQ(npushed, 1, "speculative path pushed");
	TEST_EQ(pushed_idx[0], 4, "to the next insn");
	CHECK(pushed_spec[0], "as speculative");
	TEST_EQ(pushed[0]->frame[0]->regs[1].umax_value, 0, "spec path: the unmoved pointer");

	/* same insn, same limit on another path: fine; another limit: refused */
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], 0, 8, 0, 8, TNUM(0, 15));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "same limit again");
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], 0, 4, 0, 4, TNUM(0, 7));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "another limit refused");
	TEST_OK(log_has("R1 tried to add from different maps, paths or scalars, pointer arithmetic with it prohibited for !root\n"),
		"paths message", "%s", logbuf);

	/* a scalar op at an insn that moved a pointer */
	{
		struct bpf_insn insn = BPF_ALU64_REG(BPF_SUB, 1, 2);
		int reason = sanitize_val_alu(&env, &insn);

		TEST_EQ(reason, REASON_PATHS, "sanitize_val_alu: pointer insn seen before");
		log_reset();
		TEST_EQ(sanitize_err(&env, &insn, reason, NULL, NULL), -EACCES, "sanitize_err -EACCES");
		TEST_OK(log_has("R1 tried to sub from different maps, paths or scalars"),
			"paths message for sub", "%s", logbuf);
		env.insn_idx = 5;
		TEST_EQ(sanitize_val_alu(&env, &insn), 0, "sanitize_val_alu on a fresh insn");
		TEST_EQ(aux[5].alu_state, BPF_ALU_NON_POINTER, "non-pointer state");
		env.insn_idx = 3;
		log_reset();
		sanitize_err(&env, &insn, -9, NULL, NULL);
		TEST_OK(log_has("verifier internal error: unknown reason (-9)\n"), "unknown reason",
			"%s", logbuf);
	}

	/* the speculative path could not be queued */
	setup(false);
	push_fails = true;
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], 0, 8, 0, 8, TNUM(0, 15));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), -EACCES, "push failure refused");
	TEST_OK(log_has("R1 could not be pushed for speculative verification, pointer arithmetic with it prohibited for !root\n"),
		"stack message", "%s", logbuf);

	/* scalar += ptr with a negative offset, then its fixup */
	setup(false);
	set_range(&R[3], -8, -1, (u64)-8, (u64)-1, TNUM((u64)-8, 7));
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 16);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 3, 1, 0), 0, "neg scalar += map_value");
	TEST_EQ(R[3].type, PTR_TO_MAP_VALUE, "dst is the pointer");
	TEST_EQ(aux[3].alu_state, BPF_ALU_SANITIZE_DST | BPF_ALU_NEG_VALUE, "dst+neg state");
	TEST_EQ(aux[3].alu_limit, 8, "limit: how far it may move left");
	TEST_EQ(npushed, 1, "spec path pushed");
	TEST_EQ(pushed[0]->frame[0]->regs[3].type, PTR_TO_MAP_VALUE, "spec path: dst holds the pointer");
	TEST_EQ(pushed[0]->frame[0]->regs[3].off, 16, "spec path: unmoved");
	{
		struct bpf_insn insn = BPF_ALU64_REG(BPF_ADD, 3, 1);

		cnt = fixup_sanitized_alu(&env, &insn, &aux[3], buf);
		TEST_EQ(cnt, 9, "dst/neg fixup length");
		CHECK(buf[0].code == (BPF_ALU64 | BPF_MUL | BPF_K) && buf[0].dst_reg == 3 &&
			buf[0].imm == -1, "fixup: negate the offset");
		CHECK(buf[1].code == (BPF_ALU | BPF_MOV | BPF_K) && buf[1].dst_reg == BPF_REG_AX &&
			buf[1].imm == 8, "fixup: ax = limit");
		CHECK(buf[2].code == (BPF_ALU64 | BPF_SUB | BPF_X) && buf[2].src_reg == 3,
			"fixup: ax -= off");
		CHECK(buf[3].code == (BPF_ALU64 | BPF_OR | BPF_X), "fixup: ax |= off");
		CHECK(buf[4].code == (BPF_ALU64 | BPF_NEG | BPF_K), "fixup: ax = -ax");
		CHECK(buf[5].code == (BPF_ALU64 | BPF_ARSH | BPF_K) && buf[5].imm == 63,
			"fixup: ax s>>= 63");
		CHECK(buf[6].code == (BPF_ALU64 | BPF_AND | BPF_X) && buf[6].src_reg == 3,
			"fixup: ax &= off");
		CHECK(buf[7].code == (BPF_ALU64 | BPF_MOV | BPF_X) && buf[7].dst_reg == 3 &&
			buf[7].src_reg == 1, "fixup: dst = ptr");
		CHECK(buf[8].code == (BPF_ALU64 | BPF_SUB | BPF_X) && buf[8].dst_reg == 3 &&
			buf[8].src_reg == BPF_REG_AX, "fixup: dst -= ax (add swapped)");
		TEST_EQ(insn.src_reg, 1, "fixup leaves the insn alone");
	}
	{
		struct bpf_insn insn = BPF_ALU64_REG(BPF_SUB, 1, 2);
		struct bpf_insn_aux_data a = { .alu_state = BPF_ALU_SANITIZE_SRC | BPF_ALU_NEG_VALUE,
					       .alu_limit = 4 };

		cnt = fixup_sanitized_alu(&env, &insn, &a, buf);
		TEST_EQ(cnt, 9, "src/neg fixup length");
		CHECK(buf[7].code == (BPF_ALU64 | BPF_ADD | BPF_X) && buf[7].src_reg == BPF_REG_AX,
			"fixup: sub swapped to add of ax");
		CHECK(buf[8].code == (BPF_ALU64 | BPF_MUL | BPF_K) && buf[8].dst_reg == 2 &&
			buf[8].imm == -1, "fixup: the offset's sign restored");

		a.alu_state = BPF_ALU_SANITIZE_SRC | BPF_ALU_IMMEDIATE;
		cnt = fixup_sanitized_alu(&env, &insn, &a, buf);
		TEST_EQ(cnt, 2, "immediate fixup length");
		CHECK(buf[0].code == (BPF_ALU | BPF_MOV | BPF_K) && buf[0].imm == 4,
			"fixup: ax = |off|");
		CHECK(buf[1].code == (BPF_ALU64 | BPF_SUB | BPF_X) && buf[1].src_reg == BPF_REG_AX,
			"fixup: ptr -= ax");

		a.alu_state = BPF_ALU_NON_POINTER;
		TEST_EQ(fixup_sanitized_alu(&env, &insn, &a, buf), 0, "non-pointer: no fixup");
		a.alu_state = 0;
		TEST_EQ(fixup_sanitized_alu(&env, &insn, &a, buf), 0, "unsanitized: no fixup");
	}

	/* a known register offset: immediate state, no spec path */
	setup(false);
	set_ptr(&R[1], PTR_TO_STACK, -16);
	set_const(&R[2], 8);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "fp += known reg");
	TEST_EQ(aux[3].alu_state, BPF_ALU_SANITIZE_SRC | BPF_ALU_IMMEDIATE, "immediate state");
	TEST_EQ(aux[3].alu_limit, 8, "moved by 8");
	TEST_EQ(npushed, 0, "no spec path for a constant");
	CHECK(!env.explore_alu_limits, "no alu limit exploration");

	/* variable stack offset unpriv */
	setup(false);
	set_ptr(&R[2], PTR_TO_STACK, -64);
	set_range(&R[3], 0, 8, 0, 8, TNUM(0, 8));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 2, 3, 0), -EACCES, "unpriv variable stack offset refused");
	TEST_OK(log_has("R2 variable stack access prohibited for !root, var_off=(0x0; 0x8) off=-64\n"),
		"variable stack message", "%s", logbuf);

	/* speculative walk: no aux update, still simulates */
	setup(false);
	vstate.speculative = true;
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_range(&R[2], 0, 8, 0, 8, TNUM(0, 15));
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "speculative ptr += var");
	TEST_EQ(aux[3].alu_state, 0, "speculative: aux untouched");
	TEST_EQ(npushed, 1, "speculative: still simulated");
	sanitize_mark_insn_seen(&env);
	TEST_EQ(aux[3].seen, 0, "speculative: insn not seen");
	vstate.speculative = false;
	env.pass_cnt = 2;
	sanitize_mark_insn_seen(&env);
	TEST_EQ(aux[3].seen, 2, "insn seen in pass 2");

	/* privileged: no sanitation at all */
	setup(true);
	set_ptr(&R[1], PTR_TO_CTX, 0);
	set_range(&R[2], -4, 4, 0, U64_MAX, tnum_unknown);
	TEST_EQ(alu(ALU64_X(BPF_ADD), 1, 2, 0), 0, "root ctx += mixed allowed here");
	TEST_EQ(aux[3].alu_state, 0, "root: no alu_state");
	free_pushed();
}

static void test_speculative_path(void)
{
	struct bpf_insn insn = BPF_JMP_REG(BPF_JGT, 4, 5, 3);
	struct bpf_verifier_state *br;

	setup(false);
	set_const(&R[4], 1);
	set_const(&R[5], 2);
	br = sanitize_speculative_path(&env, &insn, 9, 3);
	CHECK(br != NULL, "speculative branch pushed");
	CHECK(br && br->speculative, "branch is speculative");
	CHECK(br && tnum_is_unknown(br->frame[0]->regs[4].var_off), "dst unknown in branch");
	CHECK(br && tnum_is_unknown(br->frame[0]->regs[5].var_off), "src unknown in branch");
	CHECK(tnum_is_const(R[4].var_off), "current state untouched");
	TEST_EQ(sanitize_speculative_path_check(&env, &insn, 9, 3), 0, "_check: 0 when pushed");
	push_fails = true;
	TEST_EQ(sanitize_speculative_path_check(&env, &insn, 9, 3), -EFAULT, "_check: -EFAULT");
	free_pushed();
}

/* ---- packet pointer branches ---- */

static struct bpf_verifier_state other;
static struct bpf_func_state other_frame;

static void setup_branches(void)
{
	setup(true);
	memset(&other, 0, sizeof(other));
	memset(&other_frame, 0, sizeof(other_frame));
	other.frame[0] = &other_frame;
}

/* r2 = pkt + 8 (id 0), r4 a copy with off 0, r3 = pkt_end; both states alike */
static void set_pkt_regs(struct bpf_func_state *f, enum bpf_reg_type t2, enum bpf_reg_type t3)
{
	set_ptr(&f->regs[2], t2, 8);
	set_ptr(&f->regs[4], t2, 0);
	set_ptr(&f->regs[3], t3, 0);
}

struct pkt_case {
	const char *name;
	u8 op;
	bool swapped;		/* pkt_end op pkt' */
	int this_range;		/* r4 range / r2 mark in this_branch */
	int other_range;	/* same in other_branch */
};

static void test_try_match(void)
{
	/* expected: in-range branch r4.range, out-of-range branch r2.range */
	static const struct pkt_case cases[] = {
		{ "pkt' > pkt_end",   BPF_JGT, false, 8, BEYOND_PKT_END },
		{ "pkt' < pkt_end",   BPF_JLT, false, AT_PKT_END, 9 },
		{ "pkt' >= pkt_end",  BPF_JGE, false, 9, AT_PKT_END },
		{ "pkt' <= pkt_end",  BPF_JLE, false, BEYOND_PKT_END, 8 },
		{ "pkt_end > pkt'",   BPF_JGT, true, AT_PKT_END, 9 },
		{ "pkt_end < pkt'",   BPF_JLT, true, 8, BEYOND_PKT_END },
		{ "pkt_end >= pkt'",  BPF_JGE, true, BEYOND_PKT_END, 8 },
		{ "pkt_end <= pkt'",  BPF_JLE, true, 9, AT_PKT_END },
	};
	char name[96];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct pkt_case *c = &cases[i];
		struct bpf_insn insn = c->swapped ? BPF_JMP_REG(c->op, 3, 2, 1) :
						    BPF_JMP_REG(c->op, 2, 3, 1);
		struct bpf_reg_state *dst, *src;
		int got_this, got_other;

		setup_branches();
		set_pkt_regs(&frame0, PTR_TO_PACKET, PTR_TO_PACKET_END);
		set_pkt_regs(&other_frame, PTR_TO_PACKET, PTR_TO_PACKET_END);
		/* a spilled copy in this frame learns the range too */
		stack0[0].spilled_ptr = R[4];
		memset(stack0[0].slot_type, STACK_SPILL, BPF_REG_SIZE);
		dst = &R[insn.dst_reg];
		src = &R[insn.src_reg];
		snprintf(name, sizeof(name), "try_match %s: matched", c->name);
		CHECK(try_match_pkt_pointers(&insn, dst, src, &vstate, &other), name);

		/* the in-range branch shows a range on r2/r4, the other a mark on r2 */
		got_this = c->this_range < 0 ? R[2].range : R[4].range;
		got_other = c->other_range < 0 ? other_frame.regs[2].range :
						 other_frame.regs[4].range;
		snprintf(name, sizeof(name), "try_match %s: this branch", c->name);
		TEST_EQ(got_this, c->this_range, name);
		snprintf(name, sizeof(name), "try_match %s: other branch", c->name);
		TEST_EQ(got_other, c->other_range, name);
		if (c->this_range > 0) {
			snprintf(name, sizeof(name), "try_match %s: spilled copy", c->name);
			TEST_EQ(stack0[0].spilled_ptr.range, c->this_range, name);
			snprintf(name, sizeof(name), "try_match %s: pkt' itself", c->name);
			TEST_EQ(R[2].range, c->this_range, name);
		}
	}

	/* meta' vs an untouched pkt: a range for meta, no end mark */
	setup_branches();
	set_ptr(&R[2], PTR_TO_PACKET_META, 8);
	set_ptr(&R[3], PTR_TO_PACKET, 0);
	set_ptr(&other_frame.regs[2], PTR_TO_PACKET_META, 8);
	set_ptr(&other_frame.regs[3], PTR_TO_PACKET, 0);
	{
		struct bpf_insn insn = BPF_JMP_REG(BPF_JGT, 2, 3, 1);

		CHECK(try_match_pkt_pointers(&insn, &R[2], &R[3], &vstate, &other),
			"meta' > pkt matched");
		TEST_EQ(R[2].range, 8, "meta' range in fall-through");
		TEST_EQ(other_frame.regs[2].range, 0, "no end mark on meta");
	}
	/* a moved pkt is no end of the meta area */
	R[3].off = 4;
	{
		struct bpf_insn insn = BPF_JMP_REG(BPF_JGT, 2, 3, 1);

		CHECK(!try_match_pkt_pointers(&insn, &R[2], &R[3], &vstate, &other),
			"meta' > pkt+4 not matched");
	}

	/* not matched: jmp32, K source, JEQ, two pkt */
	setup_branches();
	set_pkt_regs(&frame0, PTR_TO_PACKET, PTR_TO_PACKET_END);
	{
		struct bpf_insn j32 = BPF_JMP32_REG(BPF_JGT, 2, 3, 1);
		struct bpf_insn jk = BPF_JMP_IMM(BPF_JGT, 2, 0, 1);
		struct bpf_insn jeq = BPF_JMP_REG(BPF_JEQ, 2, 3, 1);
		struct bpf_insn jpp = BPF_JMP_REG(BPF_JGT, 2, 4, 1);

		CHECK(!try_match_pkt_pointers(&j32, &R[2], &R[3], &vstate, &other), "jmp32 not matched");
		CHECK(!try_match_pkt_pointers(&jk, &R[2], &R[0], &vstate, &other), "K not matched");
		CHECK(!try_match_pkt_pointers(&jeq, &R[2], &R[3], &vstate, &other), "JEQ not matched");
		CHECK(!try_match_pkt_pointers(&jpp, &R[2], &R[4], &vstate, &other), "pkt vs pkt not matched");
		TEST_EQ(R[4].range, 0, "no range learnt");
	}
}

static void test_find_good_pkt_pointers(void)
{
	setup_branches();
	vstate.curframe = 1;
	vstate.frame[1] = &frame1;
	set_ptr(&R[2], PTR_TO_PACKET, 8);
	R[2].id = 5;
	set_ptr(&R[5], PTR_TO_PACKET, 0);
	R[5].id = 5;
	R[5].range = 20;
	set_ptr(&R[6], PTR_TO_PACKET, 0);
	R[6].id = 6;
	set_ptr(&frame1.regs[7], PTR_TO_PACKET, 2);
	frame1.regs[7].id = 5;
	find_good_pkt_pointers(&vstate, &R[2], PTR_TO_PACKET, false);
	TEST_EQ(R[2].range, 8, "same id: range 8");
	TEST_EQ(R[5].range, 20, "larger range kept");
	TEST_EQ(R[6].range, 0, "other id untouched");
	TEST_EQ(frame1.regs[7].range, 8, "caller/callee frame copy too");

	set_ptr(&R[2], PTR_TO_PACKET, 0);
	R[2].id = 5;
	R[5].range = 0;
	find_good_pkt_pointers(&vstate, &R[2], PTR_TO_PACKET, true);
	TEST_EQ(R[5].range, 0, "off 0, open: nothing");
	find_good_pkt_pointers(&vstate, &R[2], PTR_TO_PACKET, false);
	TEST_EQ(R[5].range, 0, "off 0, closed: range 0");
	set_ptr(&R[2], PTR_TO_PACKET, -4);
	R[2].id = 5;
	find_good_pkt_pointers(&vstate, &R[2], PTR_TO_PACKET, false);
	TEST_EQ(R[5].range, 0, "negative off: nothing");
	set_ptr(&R[2], PTR_TO_PACKET, 8);
	R[2].id = 5;
	R[2].umax_value = 0xfff8;
	find_good_pkt_pointers(&vstate, &R[2], PTR_TO_PACKET, false);
	TEST_EQ(R[5].range, 0, "umax + off beyond MAX_PACKET_OFF: nothing");
	R[2].umax_value = 0xfff7;
	find_good_pkt_pointers(&vstate, &R[2], PTR_TO_PACKET, false);
	TEST_EQ(R[5].range, 8, "umax + off at MAX_PACKET_OFF: range");
}

static void test_pkt_branch_taken(void)
{
	struct bpf_reg_state pkt, end;

	set_ptr(&pkt, PTR_TO_PACKET, 0);
	set_ptr(&end, PTR_TO_PACKET_END, 0);
	pkt.range = 8;
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JGT), -1, "known range: undecided");
	pkt.range = BEYOND_PKT_END;
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JGT), 1, "beyond: pkt > end taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JLE), 0, "beyond: pkt <= end not taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JGE), 1, "beyond: pkt >= end taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JLT), 0, "beyond: pkt < end not taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&end, &pkt, BPF_JLT), 1, "beyond: end < pkt taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&end, &pkt, BPF_JGE), 0, "beyond: end >= pkt not taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JEQ), -1, "JEQ undecided");
	pkt.range = AT_PKT_END;
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JGT), -1, "at: pkt > end undecided");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JGE), 1, "at: pkt >= end taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &end, BPF_JLT), 0, "at: pkt < end not taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&end, &pkt, BPF_JLE), 1, "at: end <= pkt taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&end, &pkt, BPF_JGT), 0, "at: end > pkt not taken");
	TEST_EQ(is_pkt_ptr_branch_taken(&pkt, &pkt, BPF_JGT), -1, "no pkt_end: undecided");
}

static void test_null_checks(void)
{
	struct bpf_reference_state refs[2] = { { .id = 9 }, { .id = 11 } };
	struct bpf_map spin = map48, outer = map48, inner = map48, sockmap = map48;

	/* a map value copy in R0, R6, a spill, and a callee frame */
	setup_branches();
	vstate.curframe = 1;
	vstate.frame[1] = &frame1;
	R = frame1.regs;
	set_ptr(&R[0], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[0].id = 4;
	R[6] = R[0];
	frame0.regs[7] = R[0];
	stack0[1].spilled_ptr = R[0];
	memset(stack0[1].slot_type, STACK_SPILL, BPF_REG_SIZE);
	set_ptr(&R[8], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[8].id = 5;
	mark_ptr_or_null_regs(&vstate, 0, false);
	TEST_EQ(R[0].type, PTR_TO_MAP_VALUE, "not null: map_value");
	TEST_EQ(R[0].id, 0, "not null: id dropped");
	TEST_EQ(R[6].type, PTR_TO_MAP_VALUE, "copy: map_value");
	TEST_EQ(frame0.regs[7].type, PTR_TO_MAP_VALUE, "other frame copy: map_value");
	TEST_EQ(stack0[1].spilled_ptr.type, PTR_TO_MAP_VALUE, "spilled copy: map_value");
	TEST_EQ(R[8].type, PTR_TO_MAP_VALUE_OR_NULL, "other id untouched");

	set_ptr(&R[0], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[0].id = 4;
	R[6] = R[0];
	mark_ptr_or_null_regs(&vstate, 0, true);
	TEST_EQ(R[0].type, SCALAR_VALUE, "null: scalar");
	CHECK(tnum_equals_const(R[0].var_off, 0), "null: known zero");
	TEST_EQ(R[6].type, SCALAR_VALUE, "null copy: scalar");
	TEST_EQ(R[6].id, 0, "null: id dropped");

	/* spin lock values keep their id (lock pairing) */
	spin.spin_lock_off = 0;
	set_ptr(&R[0], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[0].map_ptr = &spin;
	R[0].id = 12;
	mark_ptr_or_null_regs(&vstate, 0, false);
	TEST_EQ(R[0].id, 12, "spin lock value keeps id");

	/* map in map: the inner map, with the lookup's id as uid for timers */
	outer.map_type = BPF_MAP_TYPE_ARRAY_OF_MAPS;
	outer.inner_map_meta = &inner;
	inner.timer_off = 8;
	set_ptr(&R[0], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[0].map_ptr = &outer;
	R[0].id = 13;
	mark_ptr_or_null_regs(&vstate, 0, false);
	TEST_EQ(R[0].type, CONST_PTR_TO_MAP, "inner map pointer");
	CHECK(R[0].map_ptr == &inner, "map_ptr is the inner meta");
	TEST_EQ(R[0].map_uid, 13, "map_uid from the lookup id");
	TEST_EQ(R[0].id, 0, "inner map: id dropped");

	sockmap.map_type = BPF_MAP_TYPE_SOCKMAP;
	set_ptr(&R[0], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[0].map_ptr = &sockmap;
	R[0].id = 14;
	mark_ptr_or_null_regs(&vstate, 0, false);
	TEST_EQ(R[0].type, PTR_TO_SOCKET, "sockmap lookup: socket");

	/* an acquired socket: NULL releases the reference, not-NULL keeps it */
	frame1.refs = refs;
	frame1.acquired_refs = 2;
	set_ptr(&R[0], PTR_TO_SOCKET_OR_NULL, 0);
	R[0].id = R[0].ref_obj_id = 9;
	R[6] = R[0];
	mark_ptr_or_null_regs(&vstate, 0, false);
	TEST_EQ(R[0].type, PTR_TO_SOCKET, "sock not null");
	TEST_EQ(R[0].ref_obj_id, 9, "sock keeps ref_obj_id");
	TEST_EQ(frame1.acquired_refs, 2, "not null: reference kept");
	set_ptr(&R[0], PTR_TO_SOCKET_OR_NULL, 0);
	R[0].id = R[0].ref_obj_id = 9;
	R[6] = R[0];
	mark_ptr_or_null_regs(&vstate, 0, true);
	TEST_EQ(released_id, 9, "null: reference released");
	TEST_EQ(frame1.acquired_refs, 1, "one reference left");
	TEST_EQ(R[6].ref_obj_id, 0, "null copy: ref_obj_id dropped");

	/* a moved maybe-null pointer is a verifier bug: left alone */
	set_ptr(&R[0], PTR_TO_MAP_VALUE_OR_NULL, 0);
	R[0].id = 15;
	R[6] = R[0];
	R[6].off = 4;
	mark_ptr_or_null_regs(&vstate, 0, false);
	TEST_EQ(R[6].type, PTR_TO_MAP_VALUE_OR_NULL, "moved copy left alone");
	TEST_EQ(R[0].type, PTR_TO_MAP_VALUE, "unmoved one converted");
	R = frame0.regs;
}

static void test_mark_pkt_end(void)
{
	setup(true);
	set_ptr(&R[2], PTR_TO_PACKET, 0);
	set_ptr(&R[3], PTR_TO_PACKET_META, 0);
	mark_pkt_end(&vstate, 2, true);
	TEST_EQ(R[2].range, BEYOND_PKT_END, "range_open: beyond");
	mark_pkt_end(&vstate, 2, false);
	TEST_EQ(R[2].range, AT_PKT_END, "closed: at");
	mark_pkt_end(&vstate, 3, true);
	TEST_EQ(R[3].range, 0, "meta not marked");
}

static void test_shift(void)
{
	setup(true);
	set_ptr(&R[1], PTR_TO_MAP_VALUE, 0);
	set_const(&R[2], 0);
	TEST_EQ(alu(ALU64_K(BPF_LSH), 1, 0, 1), -EACCES, "ptr <<= K refused");
	TEST_OK(log_has("R1 pointer arithmetic with <<= operator prohibited\n"), "lsh message",
		"%s", logbuf);
	TEST_EQ(printed_states, 0, "no state dump on ordinary errors");
}

int main(void)
{
	test_refusals();
	test_ptr_ptr();
	test_sane_offsets();
	test_fixed_and_var_offsets();
	test_unpriv_bounds();
	test_sanitation();
	test_speculative_path();
	test_try_match();
	test_find_good_pkt_pointers();
	test_pkt_branch_taken();
	test_null_checks();
	test_mark_pkt_end();
	test_shift();
	free_pushed();
	return sysbpf_test_done();
}
