// SPDX-License-Identifier: GPL-2.0
/*
 * check_mem_access() and its family (kernel/bpf/verifier_mem.c) on
 * hand-built verifier states: verdict, errno, the 6.1 log line, and what
 * the access leaves in the registers, the stack and the env.
 *
 * The file under test is compiled into this test; the other parts of the
 * verifier it calls are stubbed below, with just the 6.1 behaviour these
 * checks rely on, so that the test stands alone (nothing is taken from
 * libsysbpf-core.a).
 */
#include "../../../../kernel/bpf/verifier_mem.c"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "sysbpf_test.h"

/* ---- stubs of the other parts ---- */

static int nr_mark_read, nr_precision, nr_linfo;
static bool map_writes_active;

const struct tnum tnum_unknown = { .value = 0, .mask = ~0ULL };

struct tnum tnum_const(u64 value)
{
	return TNUM(value, 0);
}

struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask, sv = a.value + b.value, sigma = sm + sv;
	u64 chi = sigma ^ sv, mu = chi | a.mask | b.mask;

	return TNUM(sv & ~mu, mu);
}

bool tnum_is_aligned(struct tnum a, u64 size)
{
	return !size || !((a.value | a.mask) & (size - 1));
}

int tnum_strn(char *str, size_t size, struct tnum a)
{
	/* the kernel's %#llx prints 0 as 0x0 */
	return snprintf(str, size, "(0x%llx; 0x%llx)", (unsigned long long)a.value,
			(unsigned long long)a.mask);
}

static struct tnum tnum_cast_stub(struct tnum a, u8 size)
{
	u64 mask = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;

	return TNUM(a.value & mask, a.mask & mask);
}

void bpf_log(struct bpf_verifier_log *log, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!log->ubuf || log->len_used + 1 >= log->len_total)
		return;
	va_start(ap, fmt);
	n = vsnprintf(log->ubuf + log->len_used, log->len_total - log->len_used, fmt, ap);
	va_end(ap);
	if (n > 0)
		log->len_used = min(log->len_used + n, log->len_total - 1);
}

void verbose_linfo(struct bpf_verifier_env *env, u32 insn_off, const char *prefix_fmt, ...)
{
	nr_linfo++;
}

const char *reg_type_str(struct bpf_verifier_env *env, enum bpf_reg_type type)
{
	static const char *const names[] = {
		[NOT_INIT] = "?", [SCALAR_VALUE] = "scalar", [PTR_TO_CTX] = "ctx",
		[CONST_PTR_TO_MAP] = "map_ptr", [PTR_TO_MAP_VALUE] = "map_value",
		[PTR_TO_STACK] = "fp", [PTR_TO_PACKET] = "pkt",
		[PTR_TO_PACKET_META] = "pkt_meta", [PTR_TO_PACKET_END] = "pkt_end",
		[PTR_TO_FLOW_KEYS] = "flow_keys", [PTR_TO_SOCKET] = "sock",
		[PTR_TO_SOCK_COMMON] = "sock_common", [PTR_TO_TCP_SOCK] = "tcp_sock",
		[PTR_TO_TP_BUFFER] = "tp_buffer", [PTR_TO_XDP_SOCK] = "xdp_sock",
		[PTR_TO_BTF_ID] = "ptr_", [PTR_TO_MEM] = "mem", [PTR_TO_BUF] = "buf",
		[PTR_TO_FUNC] = "func", [PTR_TO_MAP_KEY] = "map_key",
	};

	snprintf(env->type_str_buf, TYPE_STR_BUF_LEN, "%s%s%s",
		 type & MEM_RDONLY ? "rdonly_" : "", names[base_type(type)],
		 type & PTR_MAYBE_NULL ? "_or_null" : "");
	return env->type_str_buf;
}

void __mark_reg_known(struct bpf_reg_state *reg, u64 imm)
{
	enum bpf_reg_type type = reg->type;

	memset(reg, 0, offsetof(struct bpf_reg_state, parent));
	reg->type = type;
	reg->var_off = tnum_const(imm);
	reg->smin_value = reg->smax_value = (s64)imm;
	reg->umin_value = reg->umax_value = imm;
	reg->s32_min_value = reg->s32_max_value = (s32)imm;
	reg->u32_min_value = reg->u32_max_value = (u32)imm;
}

void __mark_reg_const_zero(struct bpf_reg_state *reg)
{
	__mark_reg_known(reg, 0);
	reg->type = SCALAR_VALUE;
}

void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	memset(reg, 0, offsetof(struct bpf_reg_state, parent));
	reg->type = SCALAR_VALUE;
	reg->var_off = tnum_unknown;
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umax_value = U64_MAX;
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_max_value = U32_MAX;
}

void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_unknown(env, regs + regno);
}

void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_known(regs + regno, 0);
}

bool register_is_null(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0);
}

bool register_is_bounded(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE &&
	       !(tnum_is_unknown(reg->var_off) && reg->smin_value == S64_MIN &&
		 reg->smax_value == S64_MAX && reg->umin_value == 0 &&
		 reg->umax_value == U64_MAX);
}

void coerce_reg_to_size(struct bpf_reg_state *reg, int size)
{
	u64 mask = (1ULL << (size * 8)) - 1;

	reg->var_off = tnum_cast_stub(reg->var_off, size);
	if ((reg->umin_value & ~mask) == (reg->umax_value & ~mask)) {
		reg->umin_value &= mask;
		reg->umax_value &= mask;
	} else {
		reg->umin_value = 0;
		reg->umax_value = mask;
	}
	reg->smin_value = reg->umin_value;
	reg->smax_value = reg->umax_value;
}

int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t)
{
	struct bpf_reg_state *reg = cur_regs(env) + regno;

	if (t == SRC_OP) {
		if (reg->type == NOT_INIT) {
			verbose(env, "R%d !read_ok\n", regno);
			return -EACCES;
		}
		return 0;
	}
	__mark_reg_unknown(env, reg);
	return 0;
}

int grow_stack_state(struct bpf_func_state *state, int size)
{
	int old_n = state->allocated_stack / BPF_REG_SIZE, n = size / BPF_REG_SIZE;
	struct bpf_stack_state *stack;

	if (old_n >= n)
		return 0;
	stack = realloc(state->stack, n * sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	memset(stack + old_n, 0, (n - old_n) * sizeof(*stack));
	state->stack = stack;
	state->allocated_stack = size;
	return 0;
}

int mark_chain_precision(struct bpf_verifier_env *env, int regno)
{
	nr_precision++;
	return 0;
}

int mark_reg_read(struct bpf_verifier_env *env, const struct bpf_reg_state *state,
		  struct bpf_reg_state *parent, u8 flag)
{
	nr_mark_read++;
	return 0;
}

void mark_ptr_not_null_reg(struct bpf_reg_state *reg)
{
	reg->type &= ~PTR_MAYBE_NULL;
}

bool bpf_map_write_active(const struct bpf_map *map)
{
	return map_writes_active;
}

/* struct bpf_sock: family at 4 is readable as a u32 */
static bool sock_field_ok(int off, int size, enum bpf_access_type type,
			  struct bpf_insn_access_aux *info)
{
	if (type != BPF_READ || off != 4 || size != 4)
		return false;
	info->ctx_field_size = 4;
	return true;
}

bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info)
{
	return sock_field_ok(off, size, type, info);
}

bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info)
{
	return sock_field_ok(off, size, type, info);
}

bool bpf_tcp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct bpf_insn_access_aux *info)
{
	return sock_field_ok(off, size, type, info);
}

bool bpf_xdp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct bpf_insn_access_aux *info)
{
	return sock_field_ok(off, size, type, info);
}

const struct btf_type *btf_type_by_id(const struct btf *btf, u32 type_id)
{
	return NULL;
}

const char *btf_name_by_offset(const struct btf *btf, u32 offset)
{
	return "";
}

/* no vmlinux BTF here: BTF and map pointer loads are test_btf_ptr's */
struct btf *bpf_get_btf_vmlinux(void)
{
	return ERR_PTR(-ENOENT);
}

int btf_struct_access_xlate(struct bpf_verifier_log *log, const struct btf *btf,
			    const struct btf_type *t, int off, int size,
			    enum bpf_access_type atype, u32 *next_btf_id,
			    enum bpf_type_flag *flag, struct btf_access_xlate *xlate)
{
	return -EACCES;
}

u32 bpf_map_btf_id(u32 map_type)
{
	return 0;
}

struct bpf_prog *patch_insn_data(struct bpf_verifier_env *env, u32 off,
				 const struct bpf_insn *patch, u32 len)
{
	return NULL;
}

/* ---- a program type: a 16-byte context, data (pkt) at 0, a u32 at 8 ---- */

static bool test_is_valid_access(int off, int size, enum bpf_access_type type,
				 const struct bpf_prog *prog, struct bpf_insn_access_aux *info)
{
	if (off == 0 && size == 8 && type == BPF_READ) {
		info->reg_type = PTR_TO_PACKET;
		return true;
	}
	if (off >= 8 && off + size <= 12) {
		info->ctx_field_size = 4;
		return true;
	}
	return false;
}

static u32 test_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				   struct bpf_insn *insn_buf, struct bpf_prog *prog,
				   u32 *target_size)
{
	return 0;
}

static const struct bpf_verifier_ops test_ops = {
	.is_valid_access = test_is_valid_access,
	.convert_ctx_access = test_convert_ctx_access,
};

/* an array-like map with a direct value area */
static u8 map_area[64];

static int test_direct_value_addr(const struct bpf_map *map, u64 *imm, u32 off)
{
	*imm = (uintptr_t)map_area;
	return 0;
}

static const struct bpf_map_ops test_map_ops = {
	.map_direct_value_addr = test_direct_value_addr,
};

/* ---- the fixture ---- */

#define NR_INSNS	8

static struct bpf_verifier_env *env;
static struct bpf_verifier_state vstate;
static struct bpf_func_state frame;
static struct bpf_prog *prog;
static struct bpf_prog_aux prog_aux;
static struct bpf_insn_aux_data insn_aux[NR_INSNS];
static char logbuf[4096];
static struct bpf_map map;

static void setup(enum bpf_prog_type type, bool priv)
{
	int i;

	free(frame.stack);
	memset(&frame, 0, sizeof(frame));
	memset(&vstate, 0, sizeof(vstate));
	memset(&prog_aux, 0, sizeof(prog_aux));
	memset(insn_aux, 0, sizeof(insn_aux));
	memset(&map, 0, sizeof(map));
	if (!env)
		env = calloc(1, sizeof(*env));
	memset(env, 0, sizeof(*env));
	if (!prog)
		prog = calloc(1, sizeof(*prog) + NR_INSNS * sizeof(struct bpf_insn));
	memset(prog, 0, sizeof(*prog) + NR_INSNS * sizeof(struct bpf_insn));

	prog->type = type;
	prog->len = NR_INSNS;
	prog->aux = &prog_aux;
	env->prog = prog;
	env->ops = &test_ops;
	env->insn_aux_data = insn_aux;
	env->log.level = BPF_LOG_LEVEL1;
	env->log.ubuf = logbuf;
	env->log.len_total = sizeof(logbuf);
	logbuf[0] = 0;
	env->allow_ptr_leaks = priv;
	env->bpf_capable = priv;
	env->bypass_spec_v1 = priv;
	env->bypass_spec_v4 = priv;
	env->allow_uninit_stack = priv;

	vstate.frame[0] = &frame;
	env->cur_state = &vstate;
	for (i = 0; i < MAX_BPF_REG; i++)
		frame.regs[i].type = NOT_INIT;
	frame.regs[BPF_REG_FP].type = PTR_TO_STACK;
	frame.regs[BPF_REG_FP].var_off = tnum_const(0);
	frame.regs[BPF_REG_1].type = PTR_TO_CTX;
	frame.regs[BPF_REG_1].var_off = tnum_const(0);

	map.ops = &test_map_ops;
	map.value_size = 16;
	map.key_size = 4;
	map.spin_lock_off = -1;
	map.timer_off = -1;
	nr_mark_read = nr_precision = nr_linfo = 0;
	map_writes_active = false;
}

static struct bpf_reg_state *R(int regno)
{
	return &frame.regs[regno];
}

static void set_const(int regno, u64 v)
{
	R(regno)->type = SCALAR_VALUE;
	__mark_reg_known(R(regno), v);
}

static void set_unknown(int regno)
{
	__mark_reg_unknown(env, R(regno));
}

static void set_ptr(int regno, enum bpf_reg_type type)
{
	memset(R(regno), 0, offsetof(struct bpf_reg_state, parent));
	R(regno)->type = type;
	R(regno)->var_off = tnum_const(0);
}

/* a pointer with a variable part of [0, max] (max + 1 a power of two) */
static void set_var_ptr(int regno, enum bpf_reg_type type, u64 max)
{
	set_ptr(regno, type);
	R(regno)->var_off = TNUM(0, max);
	R(regno)->umax_value = max;
	R(regno)->smax_value = max;
}

static void set_insn(int idx, struct bpf_insn insn)
{
	prog->insnsi[idx] = insn;
}

static bool log_has(const char *s)
{
	return strstr(logbuf, s) != NULL;
}

#define CHECK(cond, name) TEST_OK(cond, name, "log: '%s'", logbuf)
#define LOG_HAS(s, name) TEST_OK(log_has(s), name, "log: '%s', want '%s'", logbuf, s)

static int mem(u32 regno, int off, int size, enum bpf_access_type t, int value_regno)
{
	logbuf[0] = 0;
	env->log.len_used = 0;
	return check_mem_access(env, 0, regno, off, size, t, value_regno, false);
}

/* ---- the stack ---- */

static void test_stack_spill_fill(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -8));
	set_const(BPF_REG_2, 42);
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, BPF_REG_2), 0, "spill of a constant");
	TEST_EQ(frame.allocated_stack, 8, "stack grew to 8 bytes");
	TEST_EQ(env->subprog_info[0].stack_depth, 8, "stack depth of the subprog is 8");
	TEST_EQ(frame.stack[0].slot_type[7], STACK_SPILL, "slot is a spill");
	CHECK(frame.stack[0].spilled_ptr.live & REG_LIVE_WRITTEN, "whole spill screens reads");
	TEST_EQ(nr_precision, 0, "spill through r10 needs no precision mark");

	set_unknown(BPF_REG_3);
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_READ, BPF_REG_3), 0, "fill");
	CHECK(R(3)->type == SCALAR_VALUE && tnum_equals_const(R(3)->var_off, 42), "fill gives the constant back");
	CHECK(R(3)->live & REG_LIVE_WRITTEN, "filled register is written");
	TEST_EQ(nr_mark_read, 1, "fill marks the slot read");

	/* a narrow fill of a spilled scalar is some number */
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_READ, BPF_REG_4), 0, "narrow fill of a scalar");
	TEST_OK(R(4)->type == SCALAR_VALUE && R(4)->umax_value == U32_MAX,
		"narrow fill is an unknown u32", "umax %llu", (unsigned long long)R(4)->umax_value);

	/* spill of a pointer, then a narrow fill of it */
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -16));
	TEST_EQ(mem(BPF_REG_10, -16, BPF_DW, BPF_WRITE, BPF_REG_1), 0, "spill of ctx");
	TEST_EQ(frame.stack[1].spilled_ptr.type, PTR_TO_CTX, "spilled ctx kept");
	TEST_EQ(env->subprog_info[0].stack_depth, 16, "stack depth 16");
	TEST_EQ(mem(BPF_REG_10, -16, BPF_W, BPF_READ, BPF_REG_4), -EACCES, "narrow fill of ctx");
	LOG_HAS("invalid size of register fill\n", "fill message");
	TEST_EQ(mem(BPF_REG_10, -16, BPF_DW, BPF_READ, BPF_REG_4), 0, "fill of ctx");
	TEST_EQ(R(4)->type, PTR_TO_CTX, "filled ctx");

	TEST_EQ(mem(BPF_REG_10, -16, BPF_W, BPF_WRITE, BPF_REG_1), -EACCES, "4-byte spill of ctx");
	LOG_HAS("invalid size of register spill\n", "spill size message");
	CHECK(nr_linfo > 0, "source line printed before it");
}

static void test_stack_zero_misc(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_insn(0, BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_WRITE, -1), 0, "st of 0");
	TEST_EQ(frame.stack[0].slot_type[7], STACK_ZERO, "byte fp-8 zero");
	TEST_EQ(frame.stack[0].slot_type[4], STACK_ZERO, "byte fp-5 zero");
	TEST_EQ(frame.stack[0].slot_type[3], STACK_INVALID, "byte fp-4 untouched");
	TEST_EQ(frame.stack[0].slot_type[0], STACK_INVALID, "byte fp-1 untouched");
	CHECK(!(frame.stack[0].spilled_ptr.live & REG_LIVE_WRITTEN), "partial write screens nothing");

	/* read back the zeros */
	set_unknown(BPF_REG_2);
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_READ, BPF_REG_2), 0, "read of zeros");
	CHECK(tnum_equals_const(R(2)->var_off, 0) && R(2)->precise, "zeros read as precise 0");

	/* unprivileged: reading an unwritten byte fails */
	setup(BPF_PROG_TYPE_SOCKET_FILTER, false);
	set_insn(0, BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_WRITE, -1), 0, "unpriv st of 0");
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_READ, BPF_REG_2), -EACCES, "read of uninit bytes");
	LOG_HAS("invalid read from stack off -8+4 size 8\n", "uninit read message");
	TEST_EQ(mem(BPF_REG_10, -16, BPF_DW, BPF_READ, BPF_REG_2), -EACCES,
		"read below the allocated stack");
	LOG_HAS("invalid read from stack R10 off=-16 size=8\n", "read bounds message");

	/* st of a nonzero imm: a spill of a constant when privileged, data otherwise */
	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 7));
	TEST_EQ(mem(BPF_REG_10, -16, BPF_DW, BPF_WRITE, -1), 0, "unpriv st of 7");
	TEST_EQ(frame.stack[1].slot_type[0], STACK_MISC, "unpriv: misc");
	CHECK(insn_aux[0].sanitize_stack_spill, "store over uninit stack sanitized (v4)");
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, -7));
	TEST_EQ(mem(BPF_REG_10, -16, BPF_DW, BPF_WRITE, -1), 0, "priv st of -7");
	CHECK(is_spilled_reg(&frame.stack[1]) &&
		tnum_equals_const(frame.stack[1].spilled_ptr.var_off, (u64)-7), "priv: a spilled constant -7");
	CHECK(!insn_aux[0].sanitize_stack_spill, "no v4 sanitation when bypassed");
}

static void test_stack_corrupt_and_leak(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, false);
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, BPF_REG_1), 0, "unpriv spill of ctx");
	set_insn(0, BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 1));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_WRITE, -1), -EACCES, "partial overwrite");
	LOG_HAS("attempt to corrupt spilled pointer on stack\n", "corrupt message");
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_READ, -1), -EACCES, "read as a number");
	LOG_HAS("leaking pointer from stack off -8\n", "leak message");

	/* a whole-slot data store over the spill destroys it */
	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 1));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, -1), 0, "overwrite of the slot");
	TEST_EQ(frame.stack[0].spilled_ptr.type, NOT_INIT, "spill gone");
	TEST_EQ(frame.stack[0].slot_type[7], STACK_MISC, "slot is misc");
}

/* spill_fill.c of 6.1's test_verifier: a ctx spill partly overwritten */
static void test_stack_corrupted_priv(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, BPF_REG_1), 0, "spill of ctx");
	set_insn(0, BPF_ST_MEM(BPF_B, BPF_REG_10, -7, 0x23));
	TEST_EQ(mem(BPF_REG_10, -7, BPF_B, BPF_WRITE, -1), 0, "priv: a byte into the spill");
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_READ, BPF_REG_0), 0, "fill of the corrupted slot");
	TEST_EQ(R(0)->type, SCALAR_VALUE, "gives a number");
	TEST_EQ(mem(BPF_REG_0, 8, BPF_DW, BPF_READ, BPF_REG_0), -EACCES, "deref of it");
	LOG_HAS("R0 invalid mem access 'scalar'\n", "scalar deref message");

	/* LSB: a 2-byte imm store at the slot start is a 2-byte spill of 0xcafe */
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, BPF_REG_1), 0, "spill of ctx again");
	set_insn(0, BPF_ST_MEM(BPF_H, BPF_REG_10, -8, 0xcafe));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_H, BPF_WRITE, -1), 0, "2-byte imm over it");
	TEST_OK(frame.stack[0].slot_type[7] == STACK_SPILL && frame.stack[0].slot_type[6] == STACK_SPILL &&
		frame.stack[0].slot_type[5] == STACK_MISC, "low 2 bytes spilled, rest misc",
		"%d %d %d", frame.stack[0].slot_type[7], frame.stack[0].slot_type[6],
		frame.stack[0].slot_type[5]);
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_READ, BPF_REG_0), 0, "8-byte fill");
	CHECK(R(0)->type == SCALAR_VALUE && !tnum_is_const(R(0)->var_off), "an unknown number");

	/* "Spill a u32 scalar at fp-4 and then at fp-8": two halves, a 64-bit fill */
	setup(BPF_PROG_TYPE_SCHED_CLS, true);
	set_const(BPF_REG_4, 4321);
	set_insn(0, BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_4, -4));
	TEST_EQ(mem(BPF_REG_10, -4, BPF_W, BPF_WRITE, BPF_REG_4), 0, "u32 at fp-4");
	set_insn(0, BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_4, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_WRITE, BPF_REG_4), 0, "u32 at fp-8");
	TEST_EQ(nr_precision, 0, "no precision through r10");
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_READ, BPF_REG_4), 0, "u64 fill");

	/* u32 spill, u16 refill: the constant survives only an exact-size fill */
	setup(BPF_PROG_TYPE_SCHED_CLS, true);
	set_const(BPF_REG_4, 20);
	set_insn(0, BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_4, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_WRITE, BPF_REG_4), 0, "u32 spill of 20");
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_READ, BPF_REG_5), 0, "u32 fill");
	CHECK(tnum_equals_const(R(5)->var_off, 20), "u32 fill is 20");
	TEST_EQ(mem(BPF_REG_10, -8, BPF_H, BPF_READ, BPF_REG_5), 0, "u16 fill");
	CHECK(!tnum_is_const(R(5)->var_off) && R(5)->umax_value == 0xffff, "u16 fill unknown");

	/* unprivileged: "refill from another half of the uninit u32" */
	setup(BPF_PROG_TYPE_SOCKET_FILTER, false);
	set_const(BPF_REG_4, 20);
	set_insn(0, BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_4, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_W, BPF_WRITE, BPF_REG_4), 0, "unpriv u32 store");
	TEST_EQ(mem(BPF_REG_10, -4, BPF_W, BPF_READ, BPF_REG_4), -EACCES, "read of the other half");
	LOG_HAS("invalid read from stack off -4+0 size 4\n", "other half message");
}

static void test_stack_bounds_alignment(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	TEST_EQ(mem(BPF_REG_10, 0, BPF_DW, BPF_WRITE, -1), -EACCES, "write at fp");
	LOG_HAS("invalid write to stack R10 off=0 size=8\n", "write at fp message");
	TEST_EQ(mem(BPF_REG_10, -520, BPF_DW, BPF_WRITE, -1), -EACCES, "write below 512");
	LOG_HAS("invalid write to stack R10 off=-520 size=8\n", "write below 512 message");
	TEST_EQ(mem(BPF_REG_10, -4, BPF_DW, BPF_WRITE, -1), -EACCES, "misaligned stack");
	LOG_HAS("misaligned stack access off (0x0; 0x0)+0+-4 size 8\n", "misaligned message");
	TEST_EQ(mem(BPF_REG_10, -512, BPF_DW, BPF_WRITE, -1), 0, "write at fp-512");
	TEST_EQ(env->subprog_info[0].stack_depth, 512, "depth 512");
	/* with uninit stack readable, a read below what was written grows too */
	TEST_EQ(frame.allocated_stack, 512, "allocated 512");
}

static void test_stack_var_off(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0));
	TEST_EQ(mem(BPF_REG_10, -16, BPF_DW, BPF_WRITE, -1), 0, "zero fp-16");
	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, -1), 0, "zero fp-8");

	/* r2 = fp - 16 + [0, 8] */
	set_var_ptr(BPF_REG_2, PTR_TO_STACK, 8);
	R(2)->off = -16;
	R(2)->var_off = TNUM(0, 8);
	set_unknown(BPF_REG_3);
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_READ, BPF_REG_3), 0, "var-off read of zeros");
	CHECK(tnum_equals_const(R(3)->var_off, 0), "reads 0");
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_READ, -1), -EACCES, "var-off read to no register");
	LOG_HAS("variable offset stack pointer cannot be passed into helper function; var_off=(0x0; 0x8) off=-16 size=8\n",
		"var-off helper message");

	set_unknown(BPF_REG_4);
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_2, BPF_REG_4, 0));
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_WRITE, BPF_REG_4), 0, "var-off write");
	TEST_EQ(frame.stack[1].slot_type[0], STACK_MISC, "range becomes misc");

	/* unprivileged: a var-off read is refused by the range check */
	env->bypass_spec_v1 = false;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_READ, BPF_REG_3), -EACCES, "unpriv var-off read");
	LOG_HAS("R2 variable offset stack access prohibited for !root, var_off=(0x0; 0x8)\n",
		"unpriv var-off message");

	/* unbounded */
	set_var_ptr(BPF_REG_2, PTR_TO_STACK, (1ULL << 30) - 8);
	R(2)->smin_value = -(1LL << 30);
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_WRITE, -1), -EACCES, "unbounded var-off write");
	LOG_HAS("invalid unbounded variable-offset write to stack R2\n", "unbounded message");

	/* uninit slot in range of a var-off write, unprivileged */
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	env->allow_uninit_stack = false;
	set_var_ptr(BPF_REG_2, PTR_TO_STACK, 8);
	R(2)->off = -16;
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0));
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_WRITE, -1), -EINVAL, "var-off write over uninit");
	LOG_HAS("uninit stack in range of var-offset write prohibited for !root; insn 0, off: -16",
		"uninit var-off message");
}

/* ---- maps ---- */

static void test_map_value(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_ptr(BPF_REG_2, PTR_TO_MAP_VALUE);
	R(2)->map_ptr = &map;
	TEST_EQ(mem(BPF_REG_2, 8, BPF_DW, BPF_READ, BPF_REG_3), 0, "load of value bytes 8..15");
	TEST_EQ(R(3)->type, SCALAR_VALUE, "loaded a number");
	TEST_EQ(mem(BPF_REG_2, 12, BPF_DW, BPF_READ, BPF_REG_3), -EACCES, "past the value");
	LOG_HAS("invalid access to map value, value_size=16 off=12 size=8\n", "value bound message");
	LOG_HAS("R2 min value is outside of the allowed memory range\n", "min range message");

	TEST_EQ(mem(BPF_REG_2, 0, BPF_B, BPF_READ, BPF_REG_3), 0, "byte load");
	TEST_EQ(R(3)->umax_value, 255, "byte load zero-extends");

	/* pointer with [0, 7] added: the max end goes out at off 12 size 4 */
	set_var_ptr(BPF_REG_2, PTR_TO_MAP_VALUE, 7);
	R(2)->map_ptr = &map;
	TEST_EQ(mem(BPF_REG_2, 10, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "max end out");
	LOG_HAS("R2 max value is outside of the allowed memory range\n", "max range message");
	R(2)->smin_value = -4;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_B, BPF_READ, BPF_REG_3), -EACCES, "negative min");
	LOG_HAS("R2 min value is negative, either use unsigned index or do a if (index >=0) check.\n",
		"negative min message");
	R(2)->smin_value = 0;
	R(2)->umax_value = BPF_MAX_VAR_OFF;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_B, BPF_READ, BPF_REG_3), -EACCES, "unbounded");
	LOG_HAS("R2 unbounded memory access, make sure to bounds check any such access\n",
		"unbounded message");

	/* the spin lock at 4 and the timer at 0 of a 32-byte value */
	set_ptr(BPF_REG_2, PTR_TO_MAP_VALUE);
	R(2)->map_ptr = &map;
	map.value_size = 32;
	map.spin_lock_off = 4;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_READ, BPF_REG_3), -EACCES, "load over the lock");
	LOG_HAS("bpf_spin_lock cannot be accessed directly by load/store\n", "lock message");
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_READ, BPF_REG_3), 0, "load beside the lock");
	map.spin_lock_off = -1;
	map.timer_off = 16;
	TEST_EQ(mem(BPF_REG_2, 24, BPF_DW, BPF_WRITE, -1), -EACCES, "store into the timer");
	LOG_HAS("bpf_timer cannot be accessed directly by load/store\n", "timer message");

	/* leaks and access flags */
	setup(BPF_PROG_TYPE_SOCKET_FILTER, false);
	set_ptr(BPF_REG_2, PTR_TO_MAP_VALUE);
	R(2)->map_ptr = &map;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_WRITE, BPF_REG_1), -EACCES, "unpriv store of ctx");
	LOG_HAS("R1 leaks addr into map\n", "map leak message");
	map.map_flags = BPF_F_RDONLY_PROG;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_WRITE, -1), -EACCES, "store into rdonly map");
	LOG_HAS("write into map forbidden, value_size=16 off=0 size=8\n", "rdonly message");
	map.map_flags = BPF_F_WRONLY_PROG;
	TEST_EQ(mem(BPF_REG_2, 4, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "load from wronly map");
	LOG_HAS("read from map forbidden, value_size=16 off=4 size=4\n", "wronly message");

	/* a frozen read-only map reads as constants */
	map.map_flags = BPF_F_RDONLY_PROG;
	map.frozen = true;
	memset(map_area, 0, sizeof(map_area));
	map_area[4] = 0x34;
	map_area[5] = 0x12;
	TEST_EQ(mem(BPF_REG_2, 4, BPF_H, BPF_READ, BPF_REG_3), 0, "load from frozen rdonly map");
	TEST_OK(tnum_equals_const(R(3)->var_off, 0x1234), "value known",
		"var_off %llx", (unsigned long long)R(3)->var_off.value);
	map_writes_active = true;
	TEST_EQ(mem(BPF_REG_2, 4, BPF_H, BPF_READ, BPF_REG_3), 0, "load while a write is active");
	CHECK(!tnum_is_const(R(3)->var_off), "value not known");

	/* map key */
	set_ptr(BPF_REG_4, PTR_TO_MAP_KEY);
	R(4)->map_ptr = &map;
	TEST_EQ(mem(BPF_REG_4, 0, BPF_W, BPF_WRITE, -1), -EACCES, "store into key");
	LOG_HAS("write to change key R4 not allowed\n", "key write message");
	TEST_EQ(mem(BPF_REG_4, 2, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "past the key");
	LOG_HAS("invalid access to map key, key_size=4 off=2 size=4\n", "key bound message");

	/* not yet checked for NULL */
	R(2)->type = PTR_TO_MAP_VALUE_OR_NULL;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "value or null");
	LOG_HAS("R2 invalid mem access 'map_value_or_null'\n", "or_null message");
	TEST_EQ(mem(BPF_REG_3, 0, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "scalar deref");
	LOG_HAS("R3 invalid mem access 'scalar'\n", "scalar message");
}

/* ---- ctx, packet, sockets, mem, buffers ---- */

static void test_ctx(void)
{
	setup(BPF_PROG_TYPE_SCHED_CLS, true);
	TEST_EQ(mem(BPF_REG_1, 8, BPF_H, BPF_READ, BPF_REG_3), 0, "narrow ctx load");
	TEST_EQ(insn_aux[0].ctx_field_size, 4, "ctx_field_size recorded");
	TEST_EQ(prog_aux.max_ctx_offset, 10, "max_ctx_offset");
	TEST_EQ(R(3)->umax_value, 0xffff, "u16 field");

	env->id_gen = 5;
	TEST_EQ(mem(BPF_REG_1, 0, BPF_DW, BPF_READ, BPF_REG_3), 0, "load of data");
	TEST_EQ(R(3)->type, PTR_TO_PACKET, "data is a packet pointer");
	CHECK(R(3)->off == 0 && tnum_equals_const(R(3)->var_off, 0) && R(3)->id == 0, "at offset 0, no id");

	TEST_EQ(mem(BPF_REG_1, 12, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "no such field");
	LOG_HAS("invalid bpf_context access off=12 size=4\n", "ctx message");
	R(1)->off = 4;
	TEST_EQ(mem(BPF_REG_1, 4, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "modified ctx");
	LOG_HAS("dereference of modified ctx ptr R1 off=4 disallowed\n", "modified message");
	R(1)->off = -4;
	TEST_EQ(mem(BPF_REG_1, 12, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "negative ctx");
	LOG_HAS("negative offset ctx ptr R1 off=-4 disallowed\n", "negative message");
	R(1)->off = 0;
	R(1)->var_off = TNUM(0, 4);
	TEST_EQ(mem(BPF_REG_1, 8, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "variable ctx");
	LOG_HAS("variable ctx access var_off=(0x0; 0x4) disallowed\n", "variable message");

	setup(BPF_PROG_TYPE_SCHED_CLS, false);
	set_ptr(BPF_REG_2, PTR_TO_MAP_VALUE);
	TEST_EQ(mem(BPF_REG_1, 8, BPF_W, BPF_WRITE, BPF_REG_2), -EACCES, "unpriv ptr into ctx");
	LOG_HAS("R2 leaks addr into ctx\n", "ctx leak message");

	/* strict alignment */
	setup(BPF_PROG_TYPE_SCHED_CLS, true);
	env->strict_alignment = true;
	TEST_EQ(mem(BPF_REG_1, 9, BPF_H, BPF_READ, BPF_REG_3), -EACCES, "misaligned ctx");
	LOG_HAS("misaligned context access off (0x0; 0x0)+0+9 size 2\n", "ctx align message");
}

static void test_packet(void)
{
	setup(BPF_PROG_TYPE_XDP, true);
	set_ptr(BPF_REG_2, PTR_TO_PACKET);
	R(2)->range = 8;
	TEST_EQ(mem(BPF_REG_2, 4, BPF_W, BPF_READ, BPF_REG_3), 0, "read in range");
	TEST_EQ(prog_aux.max_pkt_offset, 7, "max_pkt_offset");
	CHECK(!env->seen_direct_write, "a read is no direct write");
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_WRITE, -1), 0, "write in range");
	CHECK(env->seen_direct_write, "xdp: direct write noted");
	R(2)->id = 3;
	TEST_EQ(mem(BPF_REG_2, 6, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "read past range");
	LOG_HAS("invalid access to packet, off=6 size=4, R2(id=3,off=6,r=8)\nR2 offset is outside of the packet\n",
		"packet messages");
	set_ptr(BPF_REG_4, PTR_TO_PACKET_END);
	TEST_EQ(mem(BPF_REG_4, 0, BPF_B, BPF_READ, BPF_REG_3), -EACCES, "deref of pkt_end");
	LOG_HAS("R4 invalid mem access 'pkt_end'\n", "pkt_end message");

	env->strict_alignment = true;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "strict: ip align");
	LOG_HAS("misaligned packet access off 2+(0x0; 0x0)+0+0 size 4\n", "pkt align message");
	TEST_EQ(mem(BPF_REG_2, 2, BPF_W, BPF_READ, BPF_REG_3), 0, "strict: aligned after 2");

	setup(BPF_PROG_TYPE_LWT_IN, true);
	set_ptr(BPF_REG_2, PTR_TO_PACKET);
	R(2)->range = 8;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_B, BPF_WRITE, -1), -EACCES, "lwt_in packet write");
	LOG_HAS("cannot write into packet\n", "lwt message");
	TEST_EQ(mem(BPF_REG_2, 0, BPF_B, BPF_READ, BPF_REG_3), 0, "lwt_in packet read");

	setup(BPF_PROG_TYPE_SCHED_CLS, false);
	set_ptr(BPF_REG_2, PTR_TO_PACKET);
	R(2)->range = 8;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_WRITE, BPF_REG_1), -EACCES, "unpriv ptr into packet");
	LOG_HAS("R1 leaks addr into packet\n", "packet leak message");
}

static void test_sock_mem_buf(void)
{
	setup(BPF_PROG_TYPE_SCHED_CLS, true);
	set_ptr(BPF_REG_2, PTR_TO_SOCKET);
	TEST_EQ(mem(BPF_REG_2, 4, BPF_W, BPF_READ, BPF_REG_3), 0, "sock field");
	TEST_EQ(insn_aux[0].ctx_field_size, 4, "sock field size");
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "no sock field");
	LOG_HAS("R2 invalid sock access off=0 size=4\n", "sock message");
	TEST_EQ(mem(BPF_REG_2, 4, BPF_W, BPF_WRITE, -1), -EACCES, "sock write");
	LOG_HAS("R2 cannot write into sock\n", "sock write message");
	R(2)->type = PTR_TO_SOCKET_OR_NULL;
	TEST_EQ(mem(BPF_REG_2, 4, BPF_W, BPF_READ, BPF_REG_3), -EACCES, "sock or null");
	LOG_HAS("invalid mem access 'sock_or_null'", "sock_or_null message");

	set_ptr(BPF_REG_2, PTR_TO_MEM | MEM_RDONLY);
	R(2)->mem_size = 16;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_WRITE, -1), -EACCES, "rdonly mem write");
	LOG_HAS("R2 cannot write into rdonly_mem\n", "rdonly mem message");
	R(2)->type = PTR_TO_MEM;
	TEST_EQ(mem(BPF_REG_2, 12, BPF_DW, BPF_READ, BPF_REG_3), -EACCES, "mem past the end");
	LOG_HAS("invalid access to memory, mem_size=16 off=12 size=8\n", "mem message");

	set_ptr(BPF_REG_2, PTR_TO_BUF | MEM_RDONLY);
	TEST_EQ(mem(BPF_REG_2, 24, BPF_DW, BPF_READ, BPF_REG_3), 0, "rdonly buf read");
	TEST_EQ(prog_aux.max_rdonly_access, 32, "max_rdonly_access");
	R(2)->off = -8;
	TEST_EQ(mem(BPF_REG_2, 0, BPF_DW, BPF_READ, BPF_REG_3), -EACCES, "buf negative");
	LOG_HAS("R2 invalid rdonly buffer access: off=-8, size=8\n", "buf message");

	set_ptr(BPF_REG_2, PTR_TO_FLOW_KEYS);
	TEST_EQ(mem(BPF_REG_2, sizeof(struct bpf_flow_keys) - 2, BPF_W, BPF_READ, BPF_REG_3),
		-EACCES, "flow keys past the end");
	LOG_HAS("invalid access to flow keys off=", "flow keys message");

	set_ptr(BPF_REG_2, PTR_TO_TP_BUFFER);
	TEST_EQ(mem(BPF_REG_2, 16, BPF_DW, BPF_READ, BPF_REG_3), 0, "tp buffer read");
	TEST_EQ(prog_aux.max_tp_access, 24, "max_tp_access");

	set_ptr(BPF_REG_2, CONST_PTR_TO_MAP);
	TEST_EQ(mem(BPF_REG_2, 0, BPF_W, BPF_READ, BPF_REG_3), -ENOTSUPP, "map ptr load");
	LOG_HAS("map_ptr access not supported without CONFIG_DEBUG_INFO_BTF\n", "map ptr message");
}

/* ---- atomics ---- */

static int atomic(struct bpf_insn insn)
{
	logbuf[0] = 0;
	env->log.len_used = 0;
	set_insn(0, insn);
	return check_atomic(env, 0, &prog->insnsi[0]);
}

static void test_atomic(void)
{
	setup(BPF_PROG_TYPE_SOCKET_FILTER, true);
	set_const(BPF_REG_2, 1);
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_1, BPF_REG_2, 0)), -EACCES,
		"atomic add into ctx");
	LOG_HAS("BPF_ATOMIC stores into R1 ctx is not allowed\n", "ctx atomic message");
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_H, BPF_ADD, BPF_REG_10, BPF_REG_2, -8)), -EINVAL,
		"16-bit atomic");
	LOG_HAS("invalid atomic operand size\n", "size message");
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_SUB, BPF_REG_10, BPF_REG_2, -8)), -EINVAL,
		"atomic sub");
	LOG_HAS("BPF_ATOMIC uses invalid atomic opcode 10\n", "opcode message");

	/* stack slot of 0, fetch-add into r2 */
	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, -1), 0, "zero fp-8");
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_10, BPF_REG_2, -8)), 0,
		"fetch add on the stack");
	CHECK(R(2)->type == SCALAR_VALUE && tnum_equals_const(R(2)->var_off, 0), "fetch gives the old 0");
	TEST_EQ(frame.stack[0].slot_type[0], STACK_MISC, "slot is misc after the add");

	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_W, BPF_CMPXCHG, BPF_REG_10, BPF_REG_2, -8)), -EACCES,
		"cmpxchg with r0 unset");
	LOG_HAS("R0 !read_ok\n", "r0 message");

	setup(BPF_PROG_TYPE_SOCKET_FILTER, false);
	set_ptr(BPF_REG_0, PTR_TO_MAP_VALUE);
	set_const(BPF_REG_2, 1);
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_10, BPF_REG_2, -8)), -EACCES,
		"unpriv cmpxchg with a pointer in r0");
	LOG_HAS("R0 leaks addr into mem\n", "r0 leak message");
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_XCHG, BPF_REG_10, BPF_REG_1, -8)), -EACCES,
		"unpriv xchg of ctx");
	LOG_HAS("R1 leaks addr into mem\n", "src leak message");
	/* reading a spilled pointer as a number */
	set_insn(0, BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, BPF_REG_1), 0, "spill ctx");
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_10, BPF_REG_2, -8)), -EACCES,
		"unpriv add to a spilled pointer");
	LOG_HAS("leaking pointer from stack off -8\n", "spilled leak message");
	TEST_EQ(atomic(BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_10, BPF_REG_2, -4)), -EACCES,
		"misaligned atomic");
	LOG_HAS("misaligned stack access off (0x0; 0x0)+0+-4 size 8\n", "atomic align message");
}

/* ---- helper memory arguments ---- */

static void test_helper_mem(void)
{
	struct bpf_call_arg_meta meta = {};

	setup(BPF_PROG_TYPE_SOCKET_FILTER, false);
	set_ptr(BPF_REG_2, PTR_TO_STACK);
	R(2)->off = -8;
	logbuf[0] = 0;
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 8, false, NULL), -EACCES,
		"uninit stack to a helper");
	LOG_HAS("invalid indirect read from stack R2 off -8+0 size 8\n", "indirect message");
	TEST_EQ(env->subprog_info[0].stack_depth, 8, "helper access grows the depth");

	meta.raw_mode = true;
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 8, false, &meta), 0,
		"uninit stack to a raw helper");
	CHECK(meta.access_size == 8 && meta.regno == BPF_REG_2, "raw access noted in meta");

	set_insn(0, BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0));
	TEST_EQ(mem(BPF_REG_10, -8, BPF_DW, BPF_WRITE, -1), 0, "zero fp-8");
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 8, false, NULL), 0, "init stack");
	TEST_EQ(frame.stack[0].slot_type[0], STACK_MISC, "a helper may write: misc now");

	logbuf[0] = 0;
	env->log.len_used = 0;
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 0, false, NULL), -EACCES, "zero size");
	LOG_HAS("invalid zero-sized read\n", "zero size message");
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 16, false, NULL), -EINVAL, "past fp");
	LOG_HAS("invalid indirect access to stack R2 off=-8 size=16\n", "past fp message");

	/* a size register */
	memset(&meta, 0, sizeof(meta));
	set_unknown(BPF_REG_3);
	R(3)->smin_value = -1;
	logbuf[0] = 0;
	env->log.len_used = 0;
	TEST_EQ(check_mem_size_reg(env, R(3), BPF_REG_3, false, &meta), -EACCES, "negative size");
	LOG_HAS("R3 min value is negative, either use unsigned or 'var &= const'\n",
		"negative size message");
	R(3)->smin_value = 0;
	TEST_EQ(check_mem_size_reg(env, R(3), BPF_REG_3, true, &meta), -EACCES, "unbounded size");
	LOG_HAS("R3 unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
		"unbounded size message");
	set_const(BPF_REG_3, 8);
	nr_precision = 0;
	TEST_EQ(check_mem_size_reg(env, R(3), BPF_REG_3, false, &meta), 0, "size 8");
	TEST_EQ(nr_precision, 1, "size made precise");
	TEST_EQ(meta.msize_max_value, 8, "msize_max_value");

	/* a scalar where memory is wanted */
	set_const(BPF_REG_2, 0);
	logbuf[0] = 0;
	env->log.len_used = 0;
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 0, true, NULL), 0, "NULL with size 0");
	TEST_EQ(check_helper_mem_access(env, BPF_REG_2, 8, true, NULL), -EACCES, "NULL with size 8");
	LOG_HAS("R2 type=scalar expected=fp\n", "bad type message");

	/* a rdonly map: only reads */
	set_ptr(BPF_REG_2, PTR_TO_MAP_VALUE);
	R(2)->map_ptr = &map;
	map.map_flags = BPF_F_RDONLY_PROG;
	TEST_EQ(check_helper_mem_access_type(env, BPF_REG_2, 8, BPF_READ, false, NULL), 0,
		"helper reads rdonly map");
	TEST_EQ(check_helper_mem_access_type(env, BPF_REG_2, 8, BPF_WRITE, false, NULL), -EACCES,
		"helper writes rdonly map");
	LOG_HAS("write into map forbidden, value_size=16 off=0 size=8\n", "helper rdonly message");

	/* check_mem_reg: maybe-NULL mem, read and write */
	set_ptr(BPF_REG_2, PTR_TO_MEM | MEM_RDONLY | PTR_MAYBE_NULL);
	R(2)->mem_size = 16;
	logbuf[0] = 0;
	env->log.len_used = 0;
	TEST_EQ(check_mem_reg(env, R(2), BPF_REG_2, 8), -EACCES, "kfunc mem rdonly");
	LOG_HAS("R2 cannot write into rdonly_mem\n", "kfunc rdonly message");
	TEST_EQ(R(2)->type, PTR_TO_MEM | MEM_RDONLY | PTR_MAYBE_NULL, "register restored");
	R(2)->type = PTR_TO_MEM | PTR_MAYBE_NULL;
	TEST_EQ(check_mem_reg(env, R(2), BPF_REG_2, 8), 0, "kfunc mem ok");
}

int main(void)
{
	test_stack_spill_fill();
	test_stack_zero_misc();
	test_stack_corrupt_and_leak();
	test_stack_corrupted_priv();
	test_stack_bounds_alignment();
	test_stack_var_off();
	test_map_value();
	test_ctx();
	test_packet();
	test_sock_mem_buf();
	test_atomic();
	test_helper_mem();
	free(frame.stack);
	free(prog);
	free(env);
	return sysbpf_test_done();
}
