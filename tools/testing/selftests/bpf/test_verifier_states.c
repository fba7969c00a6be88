// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the verifier's states (kernel/bpf/verifier_states.c)
 * and of what the log prints of them (kernel/bpf/verifier_log.c), on
 * hand-built states: state equivalence (regsafe, stacksafe, refsafe, id
 * maps), the branch stack, liveness marks, precision backtracking with
 * 6.1's level 2 log lines, pruning and loop detection in
 * is_state_visited(), and the exact text 6.1 prints for register and
 * stack states (strings from 6.1's prog_tests/align.c, verifier/precise.c
 * and the kernel's formats).
 *
 * Both files are compiled into this test; the functions they call in
 * other parts of the verifier (scalar bounds, references, 32-bit zext)
 * and in tnum.c / btf are stand-ins below with 6.1's contracts.  The log
 * (log.c), the insn printer (disasm.c) and kmalloc (slab.c, whose charge
 * counter is the leak check) are the real ones.
 */
#include "../../../../kernel/bpf/verifier_states.c"
#include "../../../../kernel/bpf/verifier_log.c"
#include <stdio.h>
#include <stdlib.h>
#include "sysbpf_test.h"

#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)
#define CHECK_STR(got, want, name)						\
	TEST_OK(strcmp((got), (want)) == 0, name, "\n  got  \"%s\"\n  want \"%s\"", (got), (want))

/* ---- stand-ins: tnum.c ---- */

const struct tnum tnum_unknown = { .value = 0, .mask = -1 };

struct tnum tnum_range(u64 min, u64 max)
{
	u64 chi = min ^ max, delta;
	int bits = chi ? 64 - __builtin_clzll(chi) : 0;

	if (bits > 63)
		return tnum_unknown;
	delta = (1ULL << bits) - 1;
	return TNUM(min & ~delta, delta);
}

bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	b.value &= ~a.mask;
	return a.value == b.value;
}

int tnum_strn(char *str, size_t size, struct tnum a)
{
	/* the kernel's "%#llx" prints 0 as 0x0 */
	return snprintf(str, size, "(0x%llx; 0x%llx)", (unsigned long long)a.value,
			(unsigned long long)a.mask);
}

/* ---- stand-ins: verifier_scalar.c, verifier.c, verifier_helpers.c ---- */

static void set_unbounded(struct bpf_reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

static void set_known(struct bpf_reg_state *reg, u64 imm)
{
	memset((u8 *)reg + sizeof(reg->type), 0,
	       offsetof(struct bpf_reg_state, var_off) - sizeof(reg->type));
	reg->var_off = TNUM(imm, 0);
	reg->smin_value = reg->smax_value = (s64)imm;
	reg->umin_value = reg->umax_value = imm;
	reg->s32_min_value = reg->s32_max_value = (s32)imm;
	reg->u32_min_value = reg->u32_max_value = (u32)imm;
}

static void mark_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	memset(reg, 0, offsetof(struct bpf_reg_state, var_off));
	reg->type = SCALAR_VALUE;
	reg->var_off = tnum_unknown;
	reg->frameno = 0;
	reg->precise = !env->bpf_capable;
	set_unbounded(reg);
}

void __mark_reg_not_init(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	mark_unknown(env, reg);
	reg->type = NOT_INIT;
}

void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_not_init(env, regs + regno);
}

void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	set_known(regs + regno, 0);
}

static int zext_marks;

void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	zext_marks++;
}

int copy_reference_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	size_t n = src->acquired_refs;

	if (n) {
		void *p = krealloc(dst->refs, n * sizeof(*dst->refs), GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		memcpy(p, src->refs, n * sizeof(*dst->refs));
		dst->refs = p;
	}
	dst->acquired_refs = n;
	return 0;
}

/* ---- stand-ins: btf ---- */

/* A "BTF" whose type 1 is named at offset 1 and strings are in one table. */
static const char btf_strings[] = "\0task_struct\0   int x = 0;\0\treturn x;";
static const struct btf_type test_btf_type = { .name_off = 1 };
static struct btf *const test_btf = (struct btf *)(uintptr_t)0x1000;

const struct btf_type *btf_type_by_id(const struct btf *btf, u32 type_id)
{
	return btf == test_btf && type_id == 1 ? &test_btf_type : NULL;
}

const char *btf_name_by_offset(const struct btf *btf, u32 offset)
{
	return btf == test_btf && offset < sizeof(btf_strings) ? btf_strings + offset : NULL;
}

const struct bpf_line_info *bpf_prog_linfo_find(const struct bpf_prog *prog, u32 insn_off)
{
	const struct bpf_line_info *linfo = prog->aux->linfo;
	u32 i;

	for (i = prog->aux->nr_linfo; i > 0; i--)
		if (linfo[i - 1].insn_off <= insn_off)
			return &linfo[i - 1];
	return NULL;
}

/* ---- the environment ---- */

static char logbuf[1 << 16];

static struct bpf_verifier_env *new_env(const struct bpf_insn *insns, u32 len, u32 level)
{
	struct bpf_verifier_env *env = calloc(1, sizeof(*env));
	struct bpf_prog *prog = calloc(1, sizeof(*prog) + len * sizeof(struct bpf_insn));

	prog->aux = calloc(1, sizeof(*prog->aux));
	prog->len = len;
	if (insns)
		memcpy(prog->insnsi, insns, len * sizeof(*insns));
	env->prog = prog;
	env->insn_aux_data = calloc(len, sizeof(*env->insn_aux_data));
	env->bpf_capable = true;
	env->allow_ptr_leaks = true;
	env->log.level = level;
	env->log.ubuf = logbuf;
	env->log.len_total = sizeof(logbuf);
	logbuf[0] = '\0';
	return env;
}

static void free_env(struct bpf_verifier_env *env)
{
	free(env->insn_aux_data);
	free(env->prog->aux);
	free(env->prog);
	free(env);
}

static void log_clear(struct bpf_verifier_env *env)
{
	env->log.len_used = 0;
	logbuf[0] = '\0';
}

/* A state of nframes frames (frame i called from insn 10 * i) with kmalloc'd parts. */
static struct bpf_verifier_state *new_state(struct bpf_verifier_env *env, int nframes)
{
	struct bpf_verifier_state *st = kzalloc(sizeof(*st), GFP_KERNEL);
	int i;

	for (i = 0; i < nframes; i++) {
		st->frame[i] = kzalloc(sizeof(*st->frame[i]), GFP_KERNEL);
		init_func_state(env, st->frame[i], i ? 10 * i : BPF_MAIN_FUNC, i, i);
	}
	st->curframe = nframes - 1;
	st->branches = 1;
	return st;
}

static struct bpf_verifier_state *clone_state(const struct bpf_verifier_state *src)
{
	struct bpf_verifier_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (copy_verifier_state(st, src))
		abort();
	return st;
}

static void set_scalar(struct bpf_reg_state *reg, s64 smin, s64 smax, u64 umin, u64 umax,
		       struct tnum var_off)
{
	memset(reg, 0, offsetof(struct bpf_reg_state, var_off));
	reg->type = SCALAR_VALUE;
	reg->var_off = var_off;
	reg->smin_value = smin;
	reg->smax_value = smax;
	reg->umin_value = umin;
	reg->umax_value = umax;
	/* 32-bit bounds that print nothing: the same or the extremes */
	reg->s32_min_value = smin >= S32_MIN && smin <= S32_MAX ? (s32)smin : S32_MIN;
	reg->s32_max_value = smax >= S32_MIN && smax <= S32_MAX ? (s32)smax : S32_MAX;
	reg->u32_min_value = umin <= U32_MAX ? (u32)umin : 0;
	reg->u32_max_value = umax <= U32_MAX ? (u32)umax : U32_MAX;
}

static void set_const(struct bpf_reg_state *reg, u64 v)
{
	reg->type = SCALAR_VALUE;
	set_known(reg, v);
}

static void set_ptr(struct bpf_reg_state *reg, enum bpf_reg_type type, s32 off)
{
	set_known(reg, 0);
	reg->type = type;
	reg->off = off;
}

static void spill(struct bpf_func_state *f, int spi, const struct bpf_reg_state *reg)
{
	int j;

	if (grow_stack_state(f, (spi + 1) * BPF_REG_SIZE))
		abort();
	f->stack[spi].spilled_ptr = *reg;
	for (j = 0; j < BPF_REG_SIZE; j++)
		f->stack[spi].slot_type[j] = STACK_SPILL;
}

static void fill_slot(struct bpf_func_state *f, int spi, u8 type)
{
	int j;

	if (grow_stack_state(f, (spi + 1) * BPF_REG_SIZE))
		abort();
	for (j = 0; j < BPF_REG_SIZE; j++)
		f->stack[spi].slot_type[j] = type;
}

static const char *state_str(struct bpf_verifier_env *env, const struct bpf_func_state *f,
			     bool print_all)
{
	log_clear(env);
	print_verifier_state(env, f, print_all);
	return logbuf;
}

/* ---- reg_type_str ---- */

static void test_reg_type_str(void)
{
	struct bpf_verifier_env *env = new_env(NULL, 1, 1);
	static const struct {
		u32 type;
		const char *name;
	} cases[] = {
		{ NOT_INIT, "?" },
		{ SCALAR_VALUE, "scalar" },
		{ PTR_TO_CTX, "ctx" },
		{ CONST_PTR_TO_MAP, "map_ptr" },
		{ PTR_TO_MAP_VALUE, "map_value" },
		{ PTR_TO_MAP_VALUE_OR_NULL, "map_value_or_null" },
		{ PTR_TO_MAP_KEY, "map_key" },
		{ PTR_TO_STACK, "fp" },
		{ PTR_TO_PACKET, "pkt" },
		{ PTR_TO_PACKET_META, "pkt_meta" },
		{ PTR_TO_PACKET_END, "pkt_end" },
		{ PTR_TO_FLOW_KEYS, "flow_keys" },
		{ PTR_TO_SOCKET, "sock" },
		{ PTR_TO_SOCKET_OR_NULL, "sock_or_null" },
		{ PTR_TO_SOCK_COMMON, "sock_common" },
		{ PTR_TO_TCP_SOCK_OR_NULL, "tcp_sock_or_null" },
		{ PTR_TO_TP_BUFFER, "tp_buffer" },
		{ PTR_TO_XDP_SOCK, "xdp_sock" },
		{ PTR_TO_BTF_ID, "ptr_" },
		{ PTR_TO_BTF_ID_OR_NULL, "ptr_or_null_" },
		{ PTR_TO_BTF_ID | PTR_UNTRUSTED, "untrusted_ptr_" },
		{ PTR_TO_BTF_ID | MEM_PERCPU, "percpu_ptr_" },
		{ PTR_TO_BTF_ID | MEM_USER, "user_ptr_" },
		{ PTR_TO_MEM, "mem" },
		{ PTR_TO_MEM | MEM_RDONLY, "rdonly_mem" },
		{ PTR_TO_MEM | MEM_ALLOC | PTR_MAYBE_NULL, "alloc_mem_or_null" },
		{ PTR_TO_MEM | MEM_RDONLY | MEM_ALLOC, "alloc_mem" },
		{ PTR_TO_BTF_ID | MEM_RDONLY | PTR_UNTRUSTED, "untrusted_ptr_" },
		{ PTR_TO_BUF | MEM_RDONLY, "rdonly_buf" },
		{ PTR_TO_FUNC, "func" },
		{ PTR_TO_DYNPTR, "dynptr_ptr" },
	};
	char name[96];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(name, sizeof(name), "reg_type_str %s", cases[i].name);
		CHECK_STR(reg_type_str(env, cases[i].type), cases[i].name, name);
	}
	CHECK(reg_type_str(env, PTR_TO_CTX) == env->type_str_buf,
	      "reg_type_str: the result is env->type_str_buf");
	free_env(env);
}

/* ---- print_verifier_state ---- */

static void test_print_state(void)
{
	struct bpf_verifier_env *env = new_env(NULL, 1, 1);
	struct bpf_map map = { .key_size = 4, .value_size = 48 };
	struct bpf_verifier_state *st = new_state(env, 1);
	struct bpf_func_state *f = st->frame[0];
	struct bpf_reg_state *r = f->regs;
	struct bpf_reg_state tmp = {};

	CHECK_STR(state_str(env, f, true), " R10=fp0\n", "init_reg_state: only R10=fp0");
	CHECK(r[1].type == NOT_INIT && r[10].type == PTR_TO_STACK && r[10].frameno == 0 &&
	      tnum_is_const(r[10].var_off) && r[10].var_off.value == 0,
	      "init_reg_state: NOT_INIT regs, r10 a known-zero stack pointer");
	CHECK(f->callsite == BPF_MAIN_FUNC && f->callback_ret_range.value == 0 &&
	      f->callback_ret_range.mask == 0,
	      "init_func_state: callsite, callback_ret_range [0, 0]");
	CHECK(env->scratched_regs == ~0U && env->scratched_stack_slots == ~0ULL,
	      "init_func_state: everything scratched");

	set_ptr(&r[1], PTR_TO_CTX, 0);
	CHECK_STR(state_str(env, f, true), " R1=ctx(off=0,imm=0) R10=fp0\n",
		  "R1=ctx(off=0,imm=0) R10=fp0 (align.c)");

	set_const(&r[3], 2);
	r[3].live = REG_LIVE_WRITTEN;
	log_clear(env);
	mark_verifier_state_clean(env);
	mark_reg_scratched(env, 3);
	print_verifier_state(env, f, false);
	CHECK_STR(logbuf, " R3_w=2\n", "scratched only: R3_w=2");
	CHECK(env->scratched_regs == 0 && env->scratched_stack_slots == 0,
	      "scratched only: the marks are reset");
	CHECK_STR(state_str(env, f, false), "\n", "nothing scratched: an empty line");

	set_scalar(&r[3], 0, 255, 0, 255, TNUM(0, 0xff));
	CHECK_STR(state_str(env, f, true),
		  " R1=ctx(off=0,imm=0) R3_w=scalar(umax=255,var_off=(0x0; 0xff)) R10=fp0\n",
		  "R3_w=scalar(umax=255,var_off=(0x0; 0xff))");

	memset(r + 3, 0, sizeof(r[3]));
	r[3].type = NOT_INIT;
	set_ptr(&r[5], PTR_TO_PACKET, 14);
	r[5].id = 1;
	r[5].var_off = TNUM(0, 0x3fc);
	r[5].umax_value = 1020;
	r[5].smax_value = 1020;
	r[5].u32_max_value = 1020;
	r[5].s32_max_value = 1020;
	r[5].live = REG_LIVE_WRITTEN;
	set_ptr(&r[2], PTR_TO_PACKET, 0);
	r[2].range = 18;
	CHECK_STR(state_str(env, f, true),
		  " R1=ctx(off=0,imm=0) R2=pkt(off=0,r=18,imm=0)"
		  " R5_w=pkt(id=1,off=14,r=0,umax=1020,var_off=(0x0; 0x3fc)) R10=fp0\n",
		  "pkt with id, range, var_off (align.c)");

	memset(r + 2, 0, sizeof(r[2]) * 4);
	set_scalar(&r[6], -1006, 1034, 2, 0xfffffffffffffffeULL, TNUM(2, 0xfffffffffffffffcULL));
	r[6].u32_max_value = 0xfffffffe;
	CHECK_STR(state_str(env, f, true),
		  " R1=ctx(off=0,imm=0) R6=scalar(smin=-1006,smax=1034,umin=2,"
		  "umax=18446744073709551614,var_off=(0x2; 0xfffffffffffffffc),u32_max=-2) R10=fp0\n",
		  "scalar with signed, unsigned and 32-bit bounds");

	set_scalar(&r[6], S64_MIN, S64_MAX, 0, U64_MAX, tnum_unknown);
	r[6].s32_min_value = -5;
	r[6].u32_min_value = 7;
	CHECK_STR(state_str(env, f, true),
		  " R1=ctx(off=0,imm=0) R6=scalar(s32_min=-5,u32_min=7) R10=fp0\n",
		  "scalar with only 32-bit bounds");
	set_scalar(&r[6], S64_MIN, S64_MAX, 0, U64_MAX, tnum_unknown);
	r[6].live = REG_LIVE_READ64 | REG_LIVE_WRITTEN | REG_LIVE_DONE;
	CHECK_STR(state_str(env, f, true), " R1=ctx(off=0,imm=0) R6_rwD=scalar() R10=fp0\n",
		  "unknown scalar, liveness _rwD");

	memset(r + 6, 0, sizeof(r[6]));
	set_const(&r[2], 7);
	r[2].precise = true;
	r[2].live = REG_LIVE_READ32;
	set_ptr(&r[0], PTR_TO_MAP_VALUE, 0);
	r[0].map_ptr = &map;
	set_ptr(&r[4], PTR_TO_MAP_VALUE_OR_NULL, 0);
	r[4].map_ptr = &map;
	r[4].id = 1;
	set_ptr(&r[7], PTR_TO_STACK, -8);
	r[7].live = REG_LIVE_WRITTEN;
	CHECK_STR(state_str(env, f, true),
		  " R0=map_value(off=0,ks=4,vs=48,imm=0) R1=ctx(off=0,imm=0) R2_r=P7"
		  " R4=map_value_or_null(id=1,off=0,ks=4,vs=48,imm=0) R7_w=fp-8 R10=fp0\n",
		  "map values, precise constant, fp-8");

	memset(r, 0, sizeof(r[0]) * 10);
	set_ptr(&r[0], PTR_TO_SOCKET_OR_NULL, 0);
	r[0].id = 2;
	r[0].ref_obj_id = 2;
	set_ptr(&r[1], PTR_TO_BTF_ID, 0);
	r[1].btf = test_btf;
	r[1].btf_id = 1;
	set_ptr(&r[2], PTR_TO_MAP_VALUE, 0);	/* a ref_obj_id is not shown for map values */
	r[2].map_ptr = &map;
	r[2].ref_obj_id = 9;
	r[2].var_off = TNUM(0, 0x38);
	r[2].umax_value = 56;
	r[2].smax_value = 56;
	r[2].u32_max_value = 56;
	r[2].s32_max_value = 56;
	set_ptr(&r[3], PTR_TO_STACK, -8);
	r[3].var_off = TNUM(0, 8);
	r[3].frameno = 0;
	r[3].smin_value = S64_MIN;
	r[3].smax_value = S64_MAX;
	r[3].umax_value = U64_MAX;
	r[3].s32_min_value = S32_MIN;
	r[3].s32_max_value = S32_MAX;
	r[3].u32_max_value = U32_MAX;
	CHECK_STR(state_str(env, f, true),
		  " R0=sock_or_null(id=2,ref_obj_id=2,off=0,imm=0) R1=ptr_task_struct(off=0,imm=0)"
		  " R2=map_value(off=0,ks=4,vs=48,umax=56,var_off=(0x0; 0x38))"
		  " R3=fp(off=-8,var_off=(0x0; 0x8)) R10=fp0\n",
		  "sock with ref_obj_id, btf ptr name, variable map value and stack offsets");

	/* the stack */
	memset(r, 0, sizeof(r[0]) * 10);
	fill_slot(f, 0, STACK_MISC);
	f->stack[0].spilled_ptr.live = REG_LIVE_WRITTEN;
	set_ptr(&tmp, PTR_TO_CTX, 0);
	spill(f, 1, &tmp);
	memset(&tmp, 0, sizeof(tmp));
	set_const(&tmp, 7);
	tmp.precise = true;
	tmp.live = REG_LIVE_READ64;
	spill(f, 2, &tmp);
	fill_slot(f, 3, STACK_INVALID);
	fill_slot(f, 4, STACK_MISC);
	f->stack[4].slot_type[0] = f->stack[4].slot_type[1] = STACK_INVALID;
	f->stack[4].slot_type[2] = f->stack[4].slot_type[3] = STACK_INVALID;
	fill_slot(f, 5, STACK_ZERO);
	memset(&tmp, 0, sizeof(tmp));
	mark_unknown(env, &tmp);
	spill(f, 6, &tmp);
	fill_slot(f, 7, STACK_DYNPTR);
	CHECK_STR(state_str(env, f, true),
		  " R10=fp0 fp-8_w=mmmmmmmm fp-16=ctx fp-24_r=P7 fp-40=????mmmm"
		  " fp-48=00000000 fp-56= fp-64=dddddddd\n",
		  "stack slots: misc, spilled ctx, precise constant, partial, zero, unknown, dynptr");
	CHECK(f->allocated_stack == 64, "grow_stack_state: 8 slots are 64 bytes");

	log_clear(env);
	mark_verifier_state_clean(env);
	mark_stack_slot_scratched(env, 2);
	mark_stack_slot_scratched(env, 3);	/* invalid: never printed */
	print_verifier_state(env, f, false);
	CHECK_STR(logbuf, " fp-24_r=P7\n", "scratched only: one stack slot");

	/* references and frames */
	f->refs = kzalloc(3 * sizeof(*f->refs), GFP_KERNEL);
	f->acquired_refs = 3;
	f->refs[0].id = 3;
	f->refs[1].id = 0;
	f->refs[2].id = 5;
	f->allocated_stack = 0;
	f->frameno = 1;
	f->in_callback_fn = true;
	CHECK_STR(state_str(env, f, true), " frame1: R10=fp0 refs=3,5 cb\n", "frame, refs and cb");
	f->in_callback_fn = false;
	f->in_async_callback_fn = true;
	f->refs[0].id = 0;
	CHECK_STR(state_str(env, f, true), " frame1: R10=fp0 async_cb\n",
		  "refs not shown when the first is 0; async_cb");

	free_verifier_state(st, true);
	free_env(env);
}

static void test_print_insn_state(void)
{
	struct bpf_verifier_env *env = new_env(NULL, 4, 2);
	struct bpf_verifier_state *st = new_state(env, 1);
	struct bpf_func_state *f = st->frame[0];
	char want[128];

	/* as do_check prints an insn line at level 2 */
	log_clear(env);
	env->prev_log_len = env->log.len_used;
	verbose(env, "%d: ", 0);
	verbose(env, "(b7) r0 = 0\n");
	env->prev_insn_print_len = env->log.len_used - env->prev_log_len;
	env->prev_log_len = env->log.len_used;

	set_const(&f->regs[0], 0);
	f->regs[0].live = REG_LIVE_WRITTEN;
	mark_verifier_state_clean(env);
	mark_reg_scratched(env, 0);
	env->insn_idx = 0;
	print_insn_state(env, f);
	/* "0: (b7) r0 = 0" is 14 bytes + '\n': the ';' goes at byte 38 */
	snprintf(want, sizeof(want), "0: (b7) r0 = 0%24s; R0_w=0\n", "");
	CHECK_STR(logbuf, want, "print_insn_state: appended to the insn line");

	verbose(env, "something else\n");
	mark_reg_scratched(env, 0);
	env->insn_idx = 1;
	log_clear(env);
	verbose(env, "x\n");
	print_insn_state(env, f);
	CHECK_STR(logbuf, "x\n1: R0_w=0\n", "print_insn_state: on its own line after other output");

	/* a long insn line: the ';' one byte past it, rounded to 8 */
	log_clear(env);
	env->prev_log_len = 0;
	verbose(env, "%s\n", "12345: (85) call bpf_probe_read_kernel#113");
	env->prev_insn_print_len = env->log.len_used;
	env->prev_log_len = env->log.len_used;
	mark_reg_scratched(env, 0);
	print_insn_state(env, f);
	/* 43 bytes with '\n': round_up(47, 8) - 44 = 4 spaces */
	CHECK_STR(logbuf, "12345: (85) call bpf_probe_read_kernel#113    ; R0_w=0\n",
		  "print_insn_state: alignment past 40 columns");

	free_verifier_state(st, true);
	free_env(env);
}

static void test_stats_linfo_scalar(void)
{
	struct bpf_insn insns[4] = {};
	struct bpf_verifier_env *env = new_env(insns, 4, 1);
	struct bpf_line_info linfo[2] = {
		{ .insn_off = 0, .line_off = 13 },
		{ .insn_off = 2, .line_off = 27 },
	};
	struct bpf_reg_state reg = {};
	struct tnum range = TNUM(0, 1);

	env->insn_processed = 7;
	env->max_states_per_insn = 2;
	env->total_states = 3;
	env->peak_states = 3;
	env->longest_mark_read_walk = 1;
	env->subprog_cnt = 2;
	env->subprog_info[0].stack_depth = 8;
	env->subprog_info[1].stack_depth = 16;
	env->verification_time = 12345;
	print_verification_stats(env);
	CHECK_STR(logbuf, "processed 7 insns (limit 1000000) max_states_per_insn 2 total_states 3"
		  " peak_states 3 mark_read 1\n", "verification stats at level 1");
	log_clear(env);
	env->log.level = BPF_LOG_STATS;
	print_verification_stats(env);
	CHECK_STR(logbuf, "verification time 12 usec\nstack depth 8+16\n"
		  "processed 7 insns (limit 1000000) max_states_per_insn 2 total_states 3"
		  " peak_states 3 mark_read 1\n", "verification stats with BPF_LOG_STATS");

	env->log.level = 1;
	log_clear(env);
	env->prog->aux->btf = test_btf;
	env->prog->aux->linfo = linfo;
	env->prog->aux->nr_linfo = 2;
	verbose_linfo(env, 0, "; ");
	verbose_linfo(env, 1, "; ");
	verbose_linfo(env, 2, "%d: ", 2);
	verbose_linfo(env, 3, "; ");
	verbose_linfo(env, 4, "; ");
	CHECK_STR(logbuf, "; int x = 0;\n2: return x;\n",
		  "verbose_linfo: once per line, trimmed, with the prefix");
	log_clear(env);
	env->prev_linfo = NULL;
	env->log.level = 0;
	verbose_linfo(env, 0, "; ");
	CHECK(env->prev_linfo == NULL, "verbose_linfo: nothing without a log");
	env->log.level = 1;

	log_clear(env);
	reg.type = SCALAR_VALUE;
	reg.var_off = TNUM(2, 0);
	verbose_invalid_scalar(env, &reg, &range, "program exit", "R0");
	CHECK_STR(logbuf, "At program exit the register R0 has value (0x2; 0x0)"
		  " should have been in (0x0; 0x1)\n", "verbose_invalid_scalar: a value");
	log_clear(env);
	reg.var_off = tnum_unknown;
	verbose_invalid_scalar(env, &reg, &range, "async callback", "R0");
	CHECK_STR(logbuf, "At async callback the register R0 has unknown scalar value"
		  " should have been in (0x0; 0x1)\n", "verbose_invalid_scalar: unknown");
	free_env(env);
}

/* ---- states_equal / regsafe / stacksafe / refsafe ---- */

static void test_states_equal(void)
{
	struct bpf_verifier_env *env = new_env(NULL, 8, 0);
	struct bpf_map map = { .key_size = 4, .value_size = 8 };
	struct bpf_verifier_state *old, *cur;
	struct bpf_func_state *fo, *fc;
	u64 mem0 = sysbpf_mem_allocated();
	int i;

	old = new_state(env, 1);
	fo = old->frame[0];
	for (i = 0; i < BPF_REG_FP; i++)
		fo->regs[i].live = REG_LIVE_READ64;
	set_scalar(&fo->regs[1], 0, 10, 0, 10, TNUM(0, 0xf));
	set_ptr(&fo->regs[2], PTR_TO_CTX, 0);
	cur = clone_state(old);
	fc = cur->frame[0];
	for (i = 0; i < BPF_REG_FP; i++)
		fc->regs[i].live = REG_LIVE_NONE;

	CHECK(states_equal(env, old, cur), "equal: a copy");

	set_scalar(&fc->regs[1], 2, 5, 2, 5, TNUM(0, 0x7));
	CHECK(states_equal(env, old, cur), "imprecise scalar: any scalar will do");
	set_scalar(&fc->regs[1], 0, 20, 0, 20, TNUM(0, 0x1f));
	CHECK(states_equal(env, old, cur), "imprecise scalar: even a wider one");
	fo->regs[1].precise = true;
	CHECK(!states_equal(env, old, cur), "precise scalar: a wider range is not covered");
	set_scalar(&fc->regs[1], 2, 5, 2, 5, TNUM(0, 0x7));
	CHECK(states_equal(env, old, cur), "precise scalar: a subsumed range is covered");
	set_scalar(&fc->regs[1], 2, 5, 2, 5, TNUM(0, 0x1f));
	CHECK(!states_equal(env, old, cur), "precise scalar: var_off must be within (tnum_in)");
	set_scalar(&fc->regs[1], 2, 5, 2, 5, TNUM(0, 0x7));
	fc->regs[1].s32_min_value = -1;
	CHECK(!states_equal(env, old, cur), "precise scalar: 32-bit bounds too");
	set_scalar(&fc->regs[1], 2, 5, 2, 5, TNUM(0, 0x7));
	env->explore_alu_limits = true;
	CHECK(!states_equal(env, old, cur), "explore_alu_limits: scalars must be equal");
	env->explore_alu_limits = false;
	set_ptr(&fc->regs[1], PTR_TO_CTX, 0);
	CHECK(!states_equal(env, old, cur), "a pointer where a scalar was");
	fc->regs[1].type = NOT_INIT;
	CHECK(!states_equal(env, old, cur), "NOT_INIT where a scalar was read");
	fo->regs[1].live = REG_LIVE_NONE;
	CHECK(states_equal(env, old, cur), "anything where old did not read");
	fo->regs[1].live = REG_LIVE_READ32;

	set_ptr(&fc->regs[1], PTR_TO_STACK, 0);
	fc->regs[1] = fo->regs[1];
	set_ptr(&fc->regs[2], PTR_TO_SOCKET, 0);
	CHECK(!states_equal(env, old, cur), "different pointer types");
	set_ptr(&fc->regs[2], PTR_TO_CTX, 8);
	CHECK(!states_equal(env, old, cur), "ctx: only an equal one");
	set_ptr(&fc->regs[2], PTR_TO_CTX, 0);
	fo->regs[2].type = NOT_INIT;
	CHECK(states_equal(env, old, cur), "old NOT_INIT (read): anything");
	set_ptr(&fo->regs[2], PTR_TO_CTX, 0);

	/* stack pointers: the frame matters */
	set_ptr(&fo->regs[3], PTR_TO_STACK, -8);
	set_ptr(&fc->regs[3], PTR_TO_STACK, -8);
	fc->regs[3].frameno = 1;
	CHECK(!states_equal(env, old, cur), "fp-8 of another frame");
	fc->regs[3].frameno = 0;
	CHECK(states_equal(env, old, cur), "fp-8 of the same frame");

	/* map values: range within, same map; or_null: id mapping */
	set_ptr(&fo->regs[4], PTR_TO_MAP_VALUE, 0);
	fo->regs[4].map_ptr = &map;
	fo->regs[4].var_off = TNUM(0, 0x7);
	fo->regs[4].umax_value = fo->regs[4].smax_value = 7;
	fo->regs[4].u32_max_value = fo->regs[4].s32_max_value = 7;
	fc->regs[4] = fo->regs[4];
	fc->regs[4].var_off = TNUM(0, 0x3);
	fc->regs[4].umax_value = fc->regs[4].smax_value = 3;
	fc->regs[4].u32_max_value = fc->regs[4].s32_max_value = 3;
	fc->regs[4].id = 77;
	CHECK(states_equal(env, old, cur), "map_value: narrower offset, id ignored");
	fc->regs[4].map_ptr = NULL;
	CHECK(!states_equal(env, old, cur), "map_value: another map");
	fc->regs[4].map_ptr = &map;

	/* two unchecked copies of one lookup (id 1) */
	set_known(&fo->regs[4], 0);
	fo->regs[4].type = PTR_TO_MAP_VALUE_OR_NULL;
	fo->regs[4].map_ptr = &map;
	fo->regs[4].id = 1;
	fo->regs[5] = fo->regs[4];
	fo->regs[5].live = REG_LIVE_READ64;
	fc->regs[4] = fo->regs[4];
	fc->regs[5] = fo->regs[4];
	fc->regs[4].id = fc->regs[5].id = 9;
	CHECK(states_equal(env, old, cur), "or_null: ids 1,1 map to 9,9");
	fc->regs[5].id = 10;
	CHECK(!states_equal(env, old, cur), "or_null: ids 1,1 do not map to 9,10");
	fc->regs[5].id = 9;
	fc->regs[4].type = PTR_TO_MAP_VALUE;
	fc->regs[4].id = 0;
	CHECK(!states_equal(env, old, cur), "or_null: a checked pointer is no match");
	fc->regs[4] = fo->regs[4];
	fc->regs[4].id = 9;
	fc->regs[4].off = 4;
	CHECK(!states_equal(env, old, cur), "or_null: another offset");
	fc->regs[4].off = 0;
	CHECK(states_equal(env, old, cur), "or_null: back to equal");

	/* packet pointers: range, off, ids */
	set_ptr(&fo->regs[6], PTR_TO_PACKET, 14);
	fo->regs[6].range = 8;
	fo->regs[6].id = 3;
	fo->regs[6].live = REG_LIVE_READ64;
	fc->regs[6] = fo->regs[6];
	fc->regs[6].range = 16;
	fc->regs[6].id = 4;
	CHECK(states_equal(env, old, cur), "pkt: a larger range, id mapped");
	fc->regs[6].range = 4;
	CHECK(!states_equal(env, old, cur), "pkt: a smaller range");
	fc->regs[6].range = 16;
	fc->regs[6].off = 15;
	CHECK(!states_equal(env, old, cur), "pkt: another off");
	fc->regs[6].off = 14;
	fc->regs[6].type = PTR_TO_PACKET_META;
	CHECK(!states_equal(env, old, cur), "pkt: pkt_meta is no match");
	fc->regs[6].type = PTR_TO_PACKET;
	fo->regs[6].range = -1;	/* BEYOND_PKT_END */
	CHECK(!states_equal(env, old, cur), "pkt: negative ranges must be equal");
	fc->regs[6].range = -1;
	CHECK(states_equal(env, old, cur), "pkt: equal negative ranges");
	fo->regs[7] = fo->regs[6];
	fc->regs[7] = fc->regs[6];
	fc->regs[7].id = 5;
	CHECK(!states_equal(env, old, cur), "pkt: old id 3 with cur ids 4 and 5");
	fc->regs[7].id = 4;
	CHECK(states_equal(env, old, cur), "pkt: old id 3 with cur id 4 twice");

	/* the stack */
	fill_slot(fo, 0, STACK_MISC);
	fo->stack[0].spilled_ptr.live = REG_LIVE_READ64;
	CHECK(!states_equal(env, old, cur), "stack: old read a slot cur lacks");
	fill_slot(fc, 0, STACK_ZERO);
	CHECK(states_equal(env, old, cur), "stack: zeroes where old had misc");
	fill_slot(fo, 0, STACK_ZERO);
	fill_slot(fc, 0, STACK_MISC);
	CHECK(!states_equal(env, old, cur), "stack: misc where old had zeroes");
	fo->stack[0].spilled_ptr.live = REG_LIVE_NONE;
	CHECK(states_equal(env, old, cur), "stack: a slot old did not read");
	fill_slot(fo, 0, STACK_MISC);
	fo->stack[0].spilled_ptr.live = REG_LIVE_READ64;
	fc->stack[0].slot_type[3] = STACK_INVALID;
	CHECK(!states_equal(env, old, cur), "stack: an invalid byte where old had misc");
	env->allow_uninit_stack = true;
	CHECK(states_equal(env, old, cur), "stack: allow_uninit_stack accepts it");
	env->allow_uninit_stack = false;
	fill_slot(fc, 0, STACK_MISC);
	fill_slot(fo, 1, STACK_INVALID);
	fo->stack[1].spilled_ptr.live = REG_LIVE_READ64;
	CHECK(states_equal(env, old, cur), "stack: old's invalid bytes need nothing");

	{
		struct bpf_reg_state sp;

		set_scalar(&sp, 0, 100, 0, 100, TNUM(0, 0x7f));
		sp.precise = true;
		spill(fo, 2, &sp);
		fo->stack[2].spilled_ptr.live = REG_LIVE_READ64;
		set_scalar(&sp, 0, 50, 0, 50, TNUM(0, 0x3f));
		spill(fc, 2, &sp);
		CHECK(states_equal(env, old, cur), "stack: a spilled scalar within");
		set_scalar(&sp, 0, 200, 0, 200, TNUM(0, 0xff));
		spill(fc, 2, &sp);
		CHECK(!states_equal(env, old, cur), "stack: a spilled scalar out of range");
		fill_slot(fc, 2, STACK_MISC);
		CHECK(!states_equal(env, old, cur), "stack: misc where old spilled");
		set_scalar(&sp, 0, 50, 0, 50, TNUM(0, 0x3f));
		spill(fc, 2, &sp);
	}
	CHECK(states_equal(env, old, cur), "stack: equal again");

	/* references */
	fo->refs = kzalloc(sizeof(*fo->refs), GFP_KERNEL);
	fo->acquired_refs = 1;
	fo->refs[0].id = 4;
	fo->refs[0].insn_idx = 3;
	CHECK(!states_equal(env, old, cur), "refs: a count differs");
	fc->refs = kzalloc(sizeof(*fc->refs), GFP_KERNEL);
	fc->acquired_refs = 1;
	fc->refs[0] = fo->refs[0];
	CHECK(states_equal(env, old, cur), "refs: the same");
	fc->refs[0].insn_idx = 5;
	CHECK(!states_equal(env, old, cur), "refs: acquired elsewhere");
	fc->refs[0].insn_idx = 3;

	/* whole-state rules */
	old->speculative = true;
	CHECK(!states_equal(env, old, cur), "a speculative state does not prune a real one");
	cur->speculative = true;
	CHECK(states_equal(env, old, cur), "a speculative state prunes a speculative one");
	old->speculative = false;
	CHECK(states_equal(env, old, cur), "a real state prunes a speculative one");
	cur->speculative = false;
	cur->active_spin_lock = 1;
	CHECK(!states_equal(env, old, cur), "spin lock held in one only");
	cur->active_spin_lock = 0;
	fc->callsite = 4;
	CHECK(!states_equal(env, old, cur), "another callsite");
	fc->callsite = fo->callsite;
	CHECK(states_equal(env, old, cur), "equal at the end");

	/* frames */
	{
		struct bpf_verifier_state *o2 = new_state(env, 2), *c2;

		o2->frame[1]->regs[1].live = REG_LIVE_READ64;
		o2->frame[1]->regs[1].precise = true;
		set_const(&o2->frame[1]->regs[1], 1);
		c2 = clone_state(o2);
		CHECK(states_equal(env, o2, c2), "two frames: a copy");
		set_const(&c2->frame[1]->regs[1], 2);
		CHECK(!states_equal(env, o2, c2), "two frames: the callee differs");
		CHECK(!states_equal(env, old, c2), "a different call depth");
		free_verifier_state(o2, true);
		free_verifier_state(c2, true);
	}

	free_verifier_state(old, true);
	free_verifier_state(cur, true);
	TEST_EQ(sysbpf_mem_allocated(), mem0, "states_equal tests: nothing leaked");
	free_env(env);
}

/* ---- copy, push, pop, free ---- */

static void test_stack_ops(void)
{
	struct bpf_insn insns[16] = {};
	struct bpf_verifier_env *env = new_env(insns, 16, 1);
	u64 mem0 = sysbpf_mem_allocated();
	struct bpf_verifier_state *cur, *parent, *br, *copy;
	struct bpf_reg_state reg;
	int insn_idx = -5, prev_idx = -5, i, err;
	struct bpf_idx_pair *hist;

	parent = new_state(env, 1);
	parent->branches = 1;
	cur = new_state(env, 2);
	cur->parent = parent;
	cur->first_insn_idx = 3;
	cur->last_insn_idx = 4;
	cur->active_spin_lock = 7;
	set_const(&reg, 42);
	spill(cur->frame[1], 1, &reg);
	cur->frame[1]->refs = kzalloc(2 * sizeof(struct bpf_reference_state), GFP_KERNEL);
	cur->frame[1]->acquired_refs = 2;
	cur->frame[1]->refs[1].id = 11;
	cur->jmp_history = kzalloc(2 * sizeof(*cur->jmp_history), GFP_KERNEL);
	cur->jmp_history_cnt = 2;
	cur->jmp_history[1].idx = 9;
	cur->jmp_history[1].prev_idx = 2;
	env->cur_state = cur;

	copy = clone_state(cur);
	CHECK(copy->curframe == 1 && copy->parent == parent && copy->first_insn_idx == 3 &&
	      copy->last_insn_idx == 4 && copy->active_spin_lock == 7 && copy->branches == 1,
	      "copy_verifier_state: the state's fields");
	CHECK(copy->frame[1] != cur->frame[1] && copy->frame[1]->stack != cur->frame[1]->stack &&
	      copy->frame[1]->refs != cur->frame[1]->refs && copy->jmp_history != cur->jmp_history,
	      "copy_verifier_state: deep");
	CHECK(copy->frame[1]->allocated_stack == 16 &&
	      copy->frame[1]->stack[1].spilled_ptr.var_off.value == 42 &&
	      copy->frame[1]->acquired_refs == 2 && copy->frame[1]->refs[1].id == 11 &&
	      copy->jmp_history_cnt == 2 && copy->jmp_history[1].idx == 9 &&
	      copy->frame[1]->callsite == 10 && copy->frame[1]->frameno == 1,
	      "copy_verifier_state: contents");
	copy->frame[1]->stack[1].spilled_ptr.var_off.value = 1;
	copy->frame[1]->refs[1].id = 12;
	copy->jmp_history[1].idx = 10;
	CHECK(cur->frame[1]->stack[1].spilled_ptr.var_off.value == 42 &&
	      cur->frame[1]->refs[1].id == 11 && cur->jmp_history[1].idx == 9,
	      "copy_verifier_state: the source is untouched by changes to the copy");

	/* copying a shallower state frees the extra frame */
	{
		struct bpf_verifier_state *shallow = new_state(env, 1);

		err = copy_verifier_state(copy, shallow);
		CHECK(!err && copy->curframe == 0 && copy->frame[1] == NULL &&
		      copy->jmp_history_cnt == 0 && copy->parent == NULL,
		      "copy_verifier_state: into a deeper state");
		free_verifier_state(shallow, true);
	}
	free_verifier_state(copy, true);

	/* push: a copy on env->head with the insn, log position, parent branch */
	verbose(env, "abc\n");
	br = push_stack(env, 7, 6, false);
	CHECK(br && env->head && &env->head->st == br && env->stack_size == 1 &&
	      env->head->insn_idx == 7 && env->head->prev_insn_idx == 6 &&
	      env->head->log_pos == 4, "push_stack: an element on the stack");
	TEST_EQ(parent->branches, 2, "push_stack: the parent waits for one more branch");
	CHECK(br && !br->speculative && br->frame[1]->refs[1].id == 11 && br != cur,
	      "push_stack: a deep copy of cur");
	br = push_stack(env, 9, 8, true);
	CHECK(br && br->speculative && env->stack_size == 2 && parent->branches == 3,
	      "push_stack: speculative");
	verbose(env, "more log\n");

	set_const(&cur->frame[0]->regs[3], 5);
	err = pop_stack(env, &prev_idx, &insn_idx, true);
	CHECK(!err && insn_idx == 9 && prev_idx == 8 && env->stack_size == 1 &&
	      env->cur_state == cur && cur->speculative,
	      "pop_stack: the last pushed, into env->cur_state");
	CHECK(cur->frame[0]->regs[3].type == NOT_INIT, "pop_stack: cur's registers restored");
	CHECK_STR(logbuf, "abc\n", "pop_stack: the log cut back to the push");
	verbose(env, "keep\n");
	err = pop_stack(env, &prev_idx, &insn_idx, false);
	CHECK(!err && insn_idx == 7 && prev_idx == 6 && !cur->speculative && env->head == NULL,
	      "pop_stack: the first pushed");
	CHECK_STR(logbuf, "abc\nkeep\n", "pop_stack: pop_log false keeps the log");
	TEST_EQ(pop_stack(env, NULL, NULL, false), -ENOENT, "pop_stack: -ENOENT when empty");

	/* update_branch_counts: up the chain while branches reach 0 */
	parent->branches = 2;
	cur->branches = 1;
	update_branch_counts(env, cur);
	CHECK(cur->branches == 0 && parent->branches == 1, "update_branch_counts: stops at 1");
	cur->branches = 1;
	update_branch_counts(env, cur);
	CHECK(cur->branches == 0 && parent->branches == 0, "update_branch_counts: climbs on 0");

	/* the jump limit: the walk is over, everything freed */
	log_clear(env);
	for (i = 0; i < BPF_COMPLEXITY_LIMIT_JMP_SEQ; i++)
		if (!push_stack(env, i % 16, 0, false))
			break;
	TEST_EQ(i, BPF_COMPLEXITY_LIMIT_JMP_SEQ, "push_stack: 8192 pushes");
	br = push_stack(env, 1, 0, false);
	CHECK(!br && !env->cur_state && !env->head && env->stack_size == 0,
	      "push_stack: the 8193rd fails, state and stack freed");
	CHECK_STR(logbuf, "The sequence of 8193 jumps is too complex.\n",
		  "push_stack: the 6.1 message");

	/* push_jmp_history: only at jump points */
	cur = new_state(env, 1);
	env->cur_state = cur;
	env->insn_idx = 5;
	env->prev_insn_idx = 2;
	TEST_EQ(push_jmp_history(env, cur), 0, "push_jmp_history: not a jump point");
	TEST_EQ(cur->jmp_history_cnt, 0, "push_jmp_history: nothing recorded");
	env->insn_aux_data[5].jmp_point = true;
	push_jmp_history(env, cur);
	env->insn_idx = 5;
	env->prev_insn_idx = 4;
	push_jmp_history(env, cur);
	hist = cur->jmp_history;
	CHECK(cur->jmp_history_cnt == 2 && hist[0].idx == 5 && hist[0].prev_idx == 2 &&
	      hist[1].idx == 5 && hist[1].prev_idx == 4, "push_jmp_history: two arrivals");

	/* free_states: kept lists, parked states, pushed branches, the table */
	push_stack(env, 3, 2, false);
	push_stack(env, 4, 2, false);
	env->explored_states = kcalloc(16, sizeof(*env->explored_states), GFP_KERNEL);
	for (i = 0; i < 3; i++) {
		struct bpf_verifier_state_list *sl = kzalloc(sizeof(*sl), GFP_KERNEL);

		copy_verifier_state(&sl->state, cur);
		sl->next = i == 2 ? env->free_list : env->explored_states[i];
		if (i == 2)
			env->free_list = sl;
		else
			env->explored_states[i] = sl;
	}
	free_states(env);
	CHECK(!env->explored_states && !env->free_list && !env->head && env->stack_size == 0 &&
	      env->cur_state == cur, "free_states: all gone but cur_state");
	free_verifier_state(cur, true);
	free_verifier_state(parent, true);
	env->cur_state = NULL;
	TEST_EQ(sysbpf_mem_allocated(), mem0, "push/pop/copy/free: nothing leaked");
	free_env(env);
}

/* ---- liveness ---- */

static void test_mark_reg_read(void)
{
	struct bpf_verifier_env *env = new_env(NULL, 4, 1);
	struct bpf_reg_state a = {}, b = {}, c = {}, d = {}, e = {};
	int err;

	/* d (current) -> c -> b -> a */
	d.parent = &c;
	c.parent = &b;
	b.parent = &a;
	err = mark_reg_read(env, &d, d.parent, REG_LIVE_READ64);
	CHECK(!err && a.live == REG_LIVE_READ64 && b.live == REG_LIVE_READ64 &&
	      c.live == REG_LIVE_READ64 && d.live == 0, "mark_reg_read: marks all ancestors");
	TEST_EQ(env->longest_mark_read_walk, 3, "mark_reg_read: longest walk 3");

	a.live = b.live = c.live = 0;
	b.live = REG_LIVE_WRITTEN;
	mark_reg_read(env, &d, d.parent, REG_LIVE_READ32);
	CHECK(c.live == REG_LIVE_READ32 && b.live == (REG_LIVE_WRITTEN | REG_LIVE_READ32) &&
	      a.live == 0, "mark_reg_read: a write screens the states above it");
	d.live = REG_LIVE_WRITTEN;
	a.live = b.live = c.live = 0;
	mark_reg_read(env, &d, d.parent, REG_LIVE_READ32);
	CHECK(c.live == 0 && b.live == 0, "mark_reg_read: the reader's own write screens all");
	/* not the straight-line parent (propagation): the write does not screen */
	e.live = REG_LIVE_WRITTEN;
	mark_reg_read(env, &e, &c, REG_LIVE_READ32);
	CHECK(c.live == REG_LIVE_READ32 && b.live == REG_LIVE_READ32 &&
	      a.live == REG_LIVE_READ32, "mark_reg_read: writes ignored when propagating");
	d.live = 0;
	mark_reg_read(env, &d, d.parent, REG_LIVE_READ64);
	CHECK(c.live == REG_LIVE_READ64 && b.live == REG_LIVE_READ64 &&
	      a.live == REG_LIVE_READ64, "mark_reg_read: READ64 replaces READ32");
	mark_reg_read(env, &d, d.parent, REG_LIVE_READ32);
	CHECK(c.live == REG_LIVE_READ64, "mark_reg_read: READ32 adds nothing to READ64");

	c.live = REG_LIVE_READ64;
	a.live = b.live = 0;
	mark_reg_read(env, &d, d.parent, REG_LIVE_READ64);
	CHECK(b.live == 0, "mark_reg_read: stops at a parent already read");
	c.live = REG_LIVE_DONE;
	c.type = PTR_TO_CTX;
	c.off = 4;
	log_clear(env);
	err = mark_reg_read(env, &d, d.parent, REG_LIVE_READ64);
	TEST_EQ(err, -EFAULT, "mark_reg_read: a DONE parent is a bug");
	CHECK_STR(logbuf, "verifier BUG type ctx var_off 0 off 4\n", "mark_reg_read: BUG message");
	free_env(env);
}

/* ---- precision ---- */

static struct bpf_verifier_env *prec_env(const struct bpf_insn *insns, u32 len)
{
	return new_env(insns, len, BPF_LOG_LEVEL2);
}

static void test_precision(void)
{
	const struct bpf_insn prog1[] = {
		BPF_MOV64_IMM(BPF_REG_2, 1),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_2),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_3),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_4, 5, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn prog2[] = {
		BPF_MOV64_IMM(BPF_REG_2, 5),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_4, BPF_REG_10, -8),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_4, 7, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn prog3[] = {
		BPF_MOV64_IMM(BPF_REG_2, 1),
		BPF_JMP_A(3),
		BPF_MOV64_IMM(BPF_REG_2, 2),
		BPF_MOV64_IMM(BPF_REG_2, 3),
		BPF_MOV64_IMM(BPF_REG_2, 4),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_4, 5, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn prog4[] = {
		BPF_MOV64_IMM(BPF_REG_6, 1),
		BPF_CALL_REL(3),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_0),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_4, 5, 0),
		BPF_EXIT_INSN(),
	};
	struct bpf_verifier_env *env;
	struct bpf_verifier_state *p, *c;
	u64 mem0 = sysbpf_mem_allocated();
	int err;

	/* a chain through two states */
	env = prec_env(prog1, ARRAY_SIZE(prog1));
	p = new_state(env, 1);
	p->first_insn_idx = 0;
	p->last_insn_idx = 1;
	set_const(&p->frame[0]->regs[2], 1);
	set_const(&p->frame[0]->regs[3], 1);
	c = clone_state(p);
	c->parent = p;
	c->first_insn_idx = 2;
	set_const(&c->frame[0]->regs[4], 1);
	env->cur_state = c;
	env->insn_idx = 3;
	log_clear(env);
	err = mark_chain_precision(env, BPF_REG_4);
	TEST_EQ(err, 0, "precision: two states");
	CHECK_STR(logbuf,
		  "last_idx 3 first_idx 2\n"
		  "regs=10 stack=0 before 2: (bf) r4 = r3\n"
		  "parent didn't have regs=8 stack=0 marks: R2=1 R3=P1 R10=fp0\n"
		  "last_idx 1 first_idx 0\n"
		  "regs=8 stack=0 before 1: (bf) r3 = r2\n"
		  "regs=4 stack=0 before 0: (b7) r2 = 1\n",
		  "precision: the 6.1 level 2 log");
	CHECK(p->frame[0]->regs[3].precise && !p->frame[0]->regs[2].precise &&
	      !c->frame[0]->regs[4].precise,
	      "precision: the parent's r3 marked, not the current state");
	log_clear(env);
	mark_chain_precision(env, BPF_REG_4);
	CHECK_STR(logbuf,
		  "last_idx 3 first_idx 2\n"
		  "regs=10 stack=0 before 2: (bf) r4 = r3\n"
		  "parent already had regs=8 stack=0 marks: R2=1 R3=P1 R10=fp0\n",
		  "precision: a second walk stops at the marked parent");
	env->bpf_capable = false;
	log_clear(env);
	p->frame[0]->regs[3].precise = false;
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), 0, "precision: unprivileged is a no-op");
	CHECK(!p->frame[0]->regs[3].precise && logbuf[0] == '\0',
	      "precision: unprivileged marks nothing");
	env->bpf_capable = true;
	env->log.level = 1;
	log_clear(env);
	mark_chain_precision(env, BPF_REG_4);
	CHECK(p->frame[0]->regs[3].precise && logbuf[0] == '\0', "precision: level 1 logs nothing");
	env->log.level = BPF_LOG_LEVEL2;

	/* reaching the entry of a global function: r1-r5 are its arguments */
	p->last_insn_idx = (u32)-1;
	p->frame[0]->subprogno = 1;
	p->frame[0]->regs[3].precise = false;
	log_clear(env);
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), 0, "precision: global func entry");
	CHECK(strstr(logbuf, "last_idx -1 first_idx 0\n") && p->frame[0]->regs[3].precise,
	      "precision: global func entry marks the argument");
	p->frame[0]->subprogno = 0;
	p->frame[0]->regs[3].precise = false;
	log_clear(env);
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), -EFAULT, "precision: main entry is a bug");
	TEST_OK(strstr(logbuf, "BUG backtracing func entry subprog 0 reg_mask 8 stack_mask 0\n"),
	      "precision: the BUG message", "%s", logbuf);
	free_verifier_state(c, true);
	free_verifier_state(p, true);
	free_env(env);

	/* through a spill and a fill */
	env = prec_env(prog2, ARRAY_SIZE(prog2));
	c = new_state(env, 1);
	set_const(&c->frame[0]->regs[2], 5);
	set_const(&c->frame[0]->regs[4], 5);
	spill(c->frame[0], 0, &c->frame[0]->regs[2]);
	env->cur_state = c;
	env->insn_idx = 3;
	log_clear(env);
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), 0, "precision: spill/fill");
	CHECK_STR(logbuf,
		  "last_idx 3 first_idx 0\n"
		  "regs=10 stack=0 before 2: (79) r4 = *(u64 *)(r10 -8)\n"
		  "regs=0 stack=1 before 1: (7b) *(u64 *)(r10 -8) = r2\n"
		  "regs=4 stack=0 before 0: (b7) r2 = 5\n",
		  "precision: spill/fill log");
	/* the slot in a parent */
	p = clone_state(c);
	c->parent = p;
	c->first_insn_idx = 2;
	p->last_insn_idx = 1;
	log_clear(env);
	mark_chain_precision(env, BPF_REG_4);
	CHECK_STR(logbuf,
		  "last_idx 3 first_idx 2\n"
		  "regs=10 stack=0 before 2: (79) r4 = *(u64 *)(r10 -8)\n"
		  "parent didn't have regs=0 stack=1 marks: R2=5 R4=5 R10=fp0 fp-8=P5\n"
		  "last_idx 1 first_idx 0\n"
		  "regs=0 stack=1 before 1: (7b) *(u64 *)(r10 -8) = r2\n"
		  "regs=4 stack=0 before 0: (b7) r2 = 5\n",
		  "precision: a spilled slot of the parent marked");
	CHECK(p->frame[0]->stack[0].spilled_ptr.precise, "precision: fp-8 precise in the parent");
	/* mark_chain_precision_stack: from a slot */
	p->frame[0]->stack[0].spilled_ptr.precise = false;
	env->insn_idx = 2;
	c->first_insn_idx = 2;
	log_clear(env);
	TEST_EQ(mark_chain_precision_stack(env, 0), 0, "precision: mark_chain_precision_stack");
	CHECK(p->frame[0]->stack[0].spilled_ptr.precise, "precision: the slot's parent twin marked");
	/* a slot the parent never had: the big hammer */
	p->frame[0]->allocated_stack = 0;
	set_const(&p->frame[0]->regs[7], 3);
	log_clear(env);
	env->insn_idx = 3;
	mark_chain_precision(env, BPF_REG_4);
	CHECK(!p->frame[0]->regs[7].precise,
	      "precision: slot beyond the parent's stack marks the parent's parents only");
	p->frame[0]->allocated_stack = 8;
	free_verifier_state(c, true);
	free_verifier_state(p, true);
	free_env(env);

	/* along the jump history */
	env = prec_env(prog3, ARRAY_SIZE(prog3));
	c = new_state(env, 1);
	set_const(&c->frame[0]->regs[2], 1);
	set_const(&c->frame[0]->regs[4], 1);
	c->jmp_history = kzalloc(sizeof(*c->jmp_history), GFP_KERNEL);
	c->jmp_history[0].prev_idx = 1;
	c->jmp_history[0].idx = 5;
	c->jmp_history_cnt = 1;
	env->cur_state = c;
	env->insn_idx = 6;
	log_clear(env);
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), 0, "precision: jump history");
	CHECK_STR(logbuf,
		  "last_idx 6 first_idx 0\n"
		  "regs=10 stack=0 before 5: (bf) r4 = r2\n"
		  "regs=4 stack=0 before 1: (05) goto pc+3\n"
		  "regs=4 stack=0 before 0: (b7) r2 = 1\n",
		  "precision: the jump skips insns 2-4");
	free_verifier_state(c, true);
	free_env(env);

	/* through a bpf-to-bpf call: every scalar of the parents */
	env = prec_env(prog4, ARRAY_SIZE(prog4));
	p = new_state(env, 1);
	set_const(&p->frame[0]->regs[6], 1);
	set_const(&p->frame[0]->regs[7], 1);
	fill_slot(p->frame[0], 0, STACK_MISC);
	c = clone_state(p);
	c->parent = p;
	c->first_insn_idx = 1;
	set_const(&c->frame[0]->regs[0], 1);
	set_const(&c->frame[0]->regs[4], 1);
	env->cur_state = c;
	env->insn_idx = 3;
	log_clear(env);
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), 0, "precision: through a call");
	CHECK(p->frame[0]->regs[6].precise && p->frame[0]->regs[7].precise &&
	      !c->frame[0]->regs[0].precise, "precision: all scalars of the parents precise");
	TEST_OK(strstr(logbuf, "regs=1 stack=0 before 1: (85) call pc+3\n") != NULL,
	      "precision: stops at the call", "%s", logbuf);
	c->frame[0]->regs[4].type = PTR_TO_CTX;
	TEST_EQ(mark_chain_precision(env, BPF_REG_4), -EFAULT, "precision: not a scalar is misuse");
	free_verifier_state(c, true);
	free_verifier_state(p, true);
	free_env(env);

	TEST_EQ(sysbpf_mem_allocated(), mem0, "precision tests: nothing leaked");
}

/* ---- is_state_visited ---- */

static struct bpf_verifier_state *list_head_state(struct bpf_verifier_env *env, int idx)
{
	struct bpf_verifier_state_list *sl = *explored_state(env, idx);

	return sl ? &sl->state : NULL;
}

static struct bpf_verifier_state_list *find_kept(struct bpf_verifier_env *env, int idx, u64 r6)
{
	struct bpf_verifier_state_list *sl;

	for (sl = *explored_state(env, idx); sl; sl = sl->next)
		if (sl->state.insn_idx == (u32)idx &&
		    sl->state.frame[0]->regs[6].type == SCALAR_VALUE &&
		    tnum_is_const(sl->state.frame[0]->regs[6].var_off) &&
		    sl->state.frame[0]->regs[6].var_off.value == r6)
			return sl;
	return NULL;
}

static void test_is_state_visited(void)
{
	struct bpf_insn insns[12] = {};
	struct bpf_verifier_env *env = new_env(insns, 12, BPF_LOG_LEVEL2);
	struct bpf_verifier_state *cur, *kept, *second, *gp;
	struct bpf_verifier_state_list *sl;
	u64 mem0 = sysbpf_mem_allocated();
	int err, i;

	env->insn_aux_data[5].prune_point = true;
	env->insn_aux_data[5].jmp_point = true;
	cur = new_state(env, 1);
	set_const(&cur->frame[0]->regs[6], 3);
	cur->frame[0]->regs[6].live = REG_LIVE_WRITTEN;
	set_const(&cur->frame[0]->regs[7], 8);
	fill_slot(cur->frame[0], 0, STACK_MISC);
	env->cur_state = cur;

	/* not a prune point: the history only */
	env->insn_idx = 4;
	env->prev_insn_idx = 3;
	TEST_EQ(is_state_visited(env, 4), 0, "not a prune point");
	CHECK(cur->last_insn_idx == 3 && !env->explored_states && cur->jmp_history_cnt == 0,
	      "not a prune point: nothing done");

	/* too few jumps and insns since the last kept state: none kept */
	env->insn_idx = 5;
	env->prev_insn_idx = 1;
	env->jmps_processed = 1;
	env->insn_processed = 20;
	TEST_EQ(is_state_visited(env, 5), 0, "heuristic: too few jumps");
	CHECK(env->explored_states && !list_head_state(env, 5) && cur->jmp_history_cnt == 1 &&
	      env->total_states == 0, "heuristic: nothing kept, the arrival in the history");

	/* 2 jumps and 8 insns: kept, cur becomes its child */
	env->jmps_processed = 2;
	env->insn_processed = 8;
	cur->frame[0]->regs[6].precise = true;
	TEST_EQ(is_state_visited(env, 5), 0, "a state kept");
	kept = list_head_state(env, 5);
	sl = *explored_state(env, 5);
	CHECK(kept && cur->parent == kept && kept->insn_idx == 5 && cur->first_insn_idx == 5 &&
	      cur->jmp_history_cnt == 0 && kept->jmp_history_cnt == 1 && kept->branches == 1,
	      "kept: cur's parent, cur's history cleared");
	CHECK(env->total_states == 1 && env->peak_states == 1 && env->prev_jmps_processed == 2 &&
	      env->prev_insn_processed == 8, "kept: the counters");
	CHECK(kept && cur->frame[0]->regs[6].parent == &kept->frame[0]->regs[6] &&
	      cur->frame[0]->regs[10].parent == NULL &&
	      cur->frame[0]->stack[0].spilled_ptr.parent == &kept->frame[0]->stack[0].spilled_ptr &&
	      cur->frame[0]->regs[6].live == REG_LIVE_NONE,
	      "kept: registers and slots linked, write marks cleared");
	CHECK(kept && !kept->frame[0]->regs[6].precise && !cur->frame[0]->regs[6].precise,
	      "kept: inherited precision forgotten");
	if (!kept)
		return;

	/* round a loop back to insn 5 with nothing changed: an infinite loop */
	log_clear(env);
	env->jmps_processed = env->insn_processed = 100;
	err = is_state_visited(env, 5);
	TEST_EQ(err, -EINVAL, "infinite loop detected");
	CHECK_STR(logbuf, "infinite loop detected at insn 5\n", "infinite loop message");

	/* r6 changed: an iteration that makes progress; a second state kept */
	set_const(&cur->frame[0]->regs[6], 4);
	env->jmps_processed = env->insn_processed = 200;
	TEST_EQ(is_state_visited(env, 5), 0, "a loop iteration");
	second = list_head_state(env, 5);
	CHECK(second != kept && (*explored_state(env, 5))->next == sl && sl->miss_cnt == 1 &&
	      env->total_states == 2 && second->parent == kept,
	      "loop iteration: a miss counted, a new state in front");

	/* the path exits: both kept states are done */
	update_branch_counts(env, cur);
	CHECK(second->branches == 0 && kept->branches == 0, "exit: no branches left");
	/* what the walks below them read and needed exact */
	kept->frame[0]->regs[6].live = REG_LIVE_READ64;
	kept->frame[0]->regs[6].precise = true;
	second->frame[0]->regs[6].live = REG_LIVE_READ64;
	second->frame[0]->regs[6].precise = true;

	/* another path arrives with r6 == 3: pruned by the first */
	free_verifier_state(cur, true);
	cur = new_state(env, 1);
	set_const(&cur->frame[0]->regs[6], 3);
	set_const(&cur->frame[0]->regs[7], 9);
	env->cur_state = cur;
	gp = new_state(env, 1);
	set_const(&gp->frame[0]->regs[6], 3);
	cur->parent = gp;
	cur->frame[0]->regs[6].parent = &gp->frame[0]->regs[6];
	cur->first_insn_idx = 5;
	env->prev_insn_idx = 4;
	log_clear(env);
	zext_marks = 0;
	TEST_EQ(is_state_visited(env, 5), 1, "pruned by an equal done state");
	CHECK(sl->hit_cnt == 1 && (*explored_state(env, 5))->hit_cnt == 0,
	      "pruned: a hit counted on the matching state");
	CHECK(gp->frame[0]->regs[6].live == REG_LIVE_READ64 && zext_marks == 1,
	      "pruned: the read mark passed on to cur's parent, zext marked");
	TEST_OK(strstr(logbuf, "frame 0: propagating r6\nlast_idx 5 first_idx 5\n"
			     "parent didn't have regs=40 stack=0 marks:") != NULL,
	      "pruned: precision propagated (log)", "%s", logbuf);
	CHECK(gp->frame[0]->regs[6].precise, "pruned: precision propagated to cur's parent");
	CHECK((kept->frame[0]->regs[0].live & REG_LIVE_DONE) &&
	      (second->frame[0]->regs[0].live & REG_LIVE_DONE),
	      "clean_live_states: done states cleaned");
	CHECK(kept->frame[0]->regs[7].type == NOT_INIT &&
	      kept->frame[0]->stack[0].slot_type[0] == STACK_INVALID,
	      "clean_live_states: unread registers and slots forgotten");
	CHECK(kept->frame[0]->regs[6].type == SCALAR_VALUE &&
	      kept->frame[0]->regs[10].type == PTR_TO_STACK,
	      "clean_live_states: read registers and r10 kept");
	cur->parent = NULL;
	cur->frame[0]->regs[6].parent = NULL;
	free_verifier_state(gp, true);

	/* a speculative kept state does not prune a real path; the reverse does */
	kept->speculative = true;
	env->jmps_processed = env->prev_jmps_processed;
	env->insn_processed = env->prev_insn_processed;
	clear_jmp_history(cur);
	TEST_EQ(is_state_visited(env, 5), 0, "speculative kept state: no pruning");
	TEST_EQ(env->total_states, 2, "speculative kept state: none kept either");
	cur->speculative = true;
	clear_jmp_history(cur);
	TEST_EQ(is_state_visited(env, 5), 1, "speculative kept state prunes a speculative path");
	kept->speculative = false;
	cur->speculative = false;
	TEST_EQ(sl->hit_cnt, 2, "two hits");

	/* misses evict: more than 3 * hits + 3; done states are freed, others parked */
	{
		int gone3 = -1, gone4 = -1;

		for (i = 0; i < 12; i++) {
			env->jmps_processed += 1000;
			env->insn_processed += 1000;
			set_const(&cur->frame[0]->regs[6], 100 + i);
			clear_jmp_history(cur);
			err = is_state_visited(env, 5);
			if (err)
				break;
			if (gone3 < 0 && !find_kept(env, 5, 3))
				gone3 = i;
			if (gone4 < 0 && !find_kept(env, 5, 4))
				gone4 = i;
		}
		TEST_EQ(err, 0, "twelve more states kept");
		/* 2 hits, 1 miss: gone at miss 10; no hit: gone at miss 4 */
		TEST_EQ(gone3, 8, "a state with 2 hits goes at its 10th miss");
		TEST_EQ(gone4, 3, "a state with no hit goes at its 4th miss");
	}
	TEST_EQ(env->total_states, 14, "total_states");
	TEST_EQ(env->peak_states, 12, "peak_states: the two done states were freed");
	CHECK(env->free_list != NULL, "states still walked below are parked, not freed");
	TEST_OK(env->max_states_per_insn >= 4 && env->max_states_per_insn <= 8,
	      "max_states_per_insn", "%u", env->max_states_per_insn);

	free_verifier_state(cur, true);
	env->cur_state = NULL;
	free_states(env);
	TEST_EQ(sysbpf_mem_allocated(), mem0, "is_state_visited tests: nothing leaked");
	free_env(env);
}

static void test_state_limit(void)
{
	struct bpf_insn insns[12] = {};
	struct bpf_verifier_env *env = new_env(insns, 12, 1);
	struct bpf_verifier_state_list *sl, **head;
	struct bpf_verifier_state *cur;
	u64 mem0 = sysbpf_mem_allocated();
	int i;

	env->insn_aux_data[5].prune_point = true;
	env->test_state_freq = true;
	cur = new_state(env, 1);
	env->cur_state = cur;
	env->explored_states = kcalloc(12, sizeof(*env->explored_states), GFP_KERNEL);
	/* 65 states of another insn sharing insn 5's list */
	head = explored_state(env, 5);
	for (i = 0; i < 65; i++) {
		sl = kzalloc(sizeof(*sl), GFP_KERNEL);
		copy_verifier_state(&sl->state, cur);
		sl->state.insn_idx = 6;
		sl->next = *head;
		*head = sl;
	}
	env->bpf_capable = false;
	TEST_EQ(is_state_visited(env, 5), 0, "unprivileged, 65 states in the list");
	TEST_EQ(env->total_states, 0, "unprivileged: BPF_COMPLEXITY_LIMIT_STATES, none kept");
	TEST_EQ(env->max_states_per_insn, 65, "max_states_per_insn counts the whole list");
	env->bpf_capable = true;
	TEST_EQ(is_state_visited(env, 5), 0, "privileged, 65 states in the list");
	TEST_EQ(env->total_states, 1, "privileged: a state kept");
	CHECK((*head)->state.insn_idx == 5 && (*head)->miss_cnt == 0 &&
	      (*head)->next->miss_cnt == 0, "other insns' states are not missed");

	free_verifier_state(cur, true);
	env->cur_state = NULL;
	free_states(env);
	TEST_EQ(sysbpf_mem_allocated(), mem0, "state limit tests: nothing leaked");
	free_env(env);
}

int main(void)
{
	test_reg_type_str();
	test_print_state();
	test_print_insn_state();
	test_stats_linfo_scalar();
	test_states_equal();
	test_stack_ops();
	test_mark_reg_read();
	test_precision();
	test_is_state_visited();
	test_state_limit();
	return sysbpf_test_done();
}
