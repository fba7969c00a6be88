// SPDX-License-Identifier: GPL-2.0
/*
 * The interpreter and the program core (kernel/bpf/core.c, interp.c,
 * run_guard.c), white box: programs are built from instruction arrays,
 * given stub helpers, maps and a packet context, selected and run.
 *
 *  - every ALU/ALU64 and JMP/JMP32 opcode, register and immediate form,
 *    against tables computed by an independent model of the 6.1
 *    semantics (a Python script at authoring time: unsigned division,
 *    division by zero 0, modulo by zero leaves dst, 32-bit results
 *    zero-extended, shift amounts masked, signed and unsigned compares);
 *  - BPF_END, LD_IMM64, loads and stores of every size, the atomics;
 *  - bpf-to-bpf calls, frames and their limit, tail calls and theirs,
 *    LD_ABS/LD_IND, callbacks;
 *  - the run-time guard: what it lets through and what stops a run;
 *  - bpf_patch_insn_single(), the tag (SHA-1 of 6.1), select_runtime.
 *
 * What the test needs of the rest of the core is stubbed here, weak, so
 * that the archive's own objects are not pulled in for them.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <pthread.h>
#include <stdarg.h>
#include "sysbpf_test.h"

#define INSNS(...)	((const struct bpf_insn[]){ __VA_ARGS__ }),	\
			(u32)(sizeof((const struct bpf_insn[]){ __VA_ARGS__ }) / \
			      sizeof(struct bpf_insn))
#define CHECK(cond, name)	TEST_OK(cond, name, "%s", "condition is false")
#define U(x)		((u64)(uintptr_t)(x))

/* ---- stand-ins for the rest of the core ---- */

__attribute__((weak)) int sysctl_bpf_stats_enabled;

__attribute__((weak)) bool bpf_prog_map_compatible(struct bpf_map *map,
						   const struct bpf_prog *fp)
{
	return true;
}

static char last_msg[512];
static int nr_msgs;

static void stub_emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
	nr_msgs++;
}

void bpf_trace_printk_emit(const char *fmt, ...)
	__attribute__((weak, alias("stub_emit")));

/* The messages are checked only when the stand-in is the one linked. */
static bool msg_stubbed(void)
{
	return (void *)bpf_trace_printk_emit == (void *)stub_emit;
}

static bool stopped_with(const char *what)
{
	if (!msg_stubbed())
		return true;
	return strstr(last_msg, what) != NULL;
}

/* ---- the packet context of the test program type ---- */

struct test_ctx {
	u8 *data;
	u8 *data_end;
	u8 *meta;
	u64 cookie;
};

static u8 frame[128];
static struct test_ctx tctx;

static void reset_ctx(void)
{
	int i;

	for (i = 0; i < (int)sizeof(frame); i++)
		frame[i] = i - 16;
	tctx.meta = frame + 8;
	tctx.data = frame + 16;
	tctx.data_end = frame + 16 + 64;
	tctx.cookie = 0x1234;
}

static void test_pkt_bounds(const void *ctx, struct bpf_pkt_bounds *b)
{
	const struct test_ctx *c = ctx;

	b->meta = c->meta;
	b->data = c->data;
	b->data_end = c->data_end;
}

/* Odd offsets come through buf, as from a non-linear packet. */
static void *test_ld_abs_ptr(const void *ctx, int off, int size, void *buf)
{
	const struct test_ctx *c = ctx;

	if (off < 0 || off + size > c->data_end - c->data)
		return NULL;
	if (off & 1) {
		memcpy(buf, c->data + off, size);
		return buf;
	}
	return c->data + off;
}

static const struct bpf_prog_ops test_ops = {
	.pkt_bounds	= test_pkt_bounds,
	.ld_abs_ptr	= test_ld_abs_ptr,
};

static const struct bpf_prog_ops no_pkt_ops = { };

/* ---- maps ---- */

struct test_map {
	struct bpf_map map;
	u8 value[64];
};

static int test_direct_value_addr(const struct bpf_map *map, u64 *imm, u32 off)
{
	if (off >= map->value_size)
		return -EINVAL;
	*imm = U(container_of(map, struct test_map, map)->value);
	return 0;
}

static const struct bpf_map_ops global_map_ops = {
	.map_direct_value_addr = test_direct_value_addr,
};
static const struct bpf_map_ops plain_map_ops = { };

static struct test_map data_map = {
	.map = { .ops = &global_map_ops, .map_type = BPF_MAP_TYPE_ARRAY,
		 .key_size = 4, .value_size = 16, .max_entries = 1 },
};
static struct test_map rodata_map = {
	.map = { .ops = &global_map_ops, .map_type = BPF_MAP_TYPE_ARRAY,
		 .key_size = 4, .value_size = 32, .max_entries = 1,
		 .map_flags = BPF_F_RDONLY_PROG },
};
static struct test_map hash_map = {
	.map = { .ops = &plain_map_ops, .map_type = BPF_MAP_TYPE_HASH,
		 .key_size = 4, .value_size = 16, .max_entries = 8 },
};
static struct test_map inner_map = {
	.map = { .ops = &plain_map_ops, .map_type = BPF_MAP_TYPE_HASH,
		 .key_size = 4, .value_size = 24, .max_entries = 8 },
};
static struct test_map outer_map = {
	.map = { .ops = &plain_map_ops, .map_type = BPF_MAP_TYPE_ARRAY_OF_MAPS,
		 .key_size = 4, .value_size = 4, .max_entries = 1,
		 .inner_map_meta = &inner_map.map },
};
static struct test_map stray_map = {
	.map = { .ops = &plain_map_ops, .map_type = BPF_MAP_TYPE_HASH,
		 .key_size = 4, .value_size = 16, .max_entries = 8 },
};

static void *prog_slots[4];
static struct bpf_array prog_array = {
	.map = { .ops = &plain_map_ops, .map_type = BPF_MAP_TYPE_PROG_ARRAY,
		 .key_size = 4, .value_size = 4, .max_entries = 4 },
	.ptrs = prog_slots,
};

/* ---- helpers ---- */

static u64 rec[8];
static int nr_rec;
static int counter;
static u8 hash_value[16];
static u8 alloc_buf[64];
static struct bpf_prog *inner_prog;

BPF_CALL_1(t_record, u64, v)
{
	if (nr_rec < (int)ARRAY_SIZE(rec))
		rec[nr_rec++] = v;
	return v;
}

BPF_CALL_0(t_count)
{
	return ++counter;
}

BPF_CALL_2(t_lookup, struct bpf_map *, map, u32 *, key)
{
	return *key == 0 ? U(hash_value) : 0;
}

BPF_CALL_2(t_outer_lookup, struct bpf_map *, map, u32 *, key)
{
	return *key == 0 ? U(&inner_map.map) : 0;
}

BPF_CALL_1(t_value_size, struct bpf_map *, map)
{
	return map->value_size;
}

BPF_CALL_2(t_mem_sum, const u8 *, p, u32, size)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < size; i++)
		sum += p[i];
	return sum;
}

BPF_CALL_2(t_fill, u8 *, p, u32, size)
{
	memset(p, 0xab, size);
	return size;
}

BPF_CALL_1(t_fixed, u64 *, p)
{
	*p = 0x0102030405060708ULL;
	return 0;
}

BPF_CALL_1(t_ctx, void *, ctx)
{
	return ctx == &tctx;
}

BPF_CALL_4(t_loop, u32, nr, void *, fn, void *, ctx, u64, flags)
{
	u32 i;

	for (i = 0; i < nr; i++)
		if (bpf_prog_run_subprog(fn, i, U(ctx), 0, 0, 0))
			return i + 1;
	return nr;
}

BPF_CALL_1(t_strlen, const char *, s)
{
	return strlen(s);
}

/* Runs inner_prog; its context's cookie is the last value recorded. */
BPF_CALL_0(t_run_inner)
{
	if (nr_rec)
		tctx.cookie = rec[nr_rec - 1];
	return bpf_prog_run(inner_prog, &tctx);
}

BPF_CALL_1(t_alloc, u64, size)
{
	return size <= sizeof(alloc_buf) ? U(alloc_buf) : 0;
}

/* Fires a callback of some program now, as a timer might. */
static const struct bpf_subprog_entry *fire_entry;

BPF_CALL_1(t_fire, u64, arg)
{
	return bpf_prog_run_subprog(fire_entry, arg, 0, 0, 0, 0);
}

/* Moves the packet 8 bytes down at its end, as a helper may. */
BPF_CALL_0(t_pkt_trim)
{
	tctx.data_end -= 8;
	return 0;
}

enum {
	H_RECORD, H_COUNT, H_LOOKUP, H_LOOKUP_INT, H_OUTER_LOOKUP,
	H_VALUE_SIZE, H_MEM_SUM, H_FILL, H_FIXED, H_CTX, H_LOOP, H_STRLEN,
	H_RUN_INNER, H_ALLOC, H_PKT_TRIM, H_FIRE, H_NO_FUNC, NR_HELPERS
};

static const struct bpf_func_proto protos[NR_HELPERS] = {
	[H_RECORD] = { .func = t_record, .ret_type = RET_INTEGER,
		       .arg1_type = ARG_ANYTHING },
	[H_COUNT] = { .func = t_count, .ret_type = RET_INTEGER },
	[H_LOOKUP] = { .func = t_lookup, .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
		       .arg1_type = ARG_CONST_MAP_PTR, .arg2_type = ARG_PTR_TO_MAP_KEY },
	[H_LOOKUP_INT] = { .func = t_lookup, .ret_type = RET_INTEGER,
			   .arg1_type = ARG_CONST_MAP_PTR, .arg2_type = ARG_PTR_TO_MAP_KEY },
	[H_OUTER_LOOKUP] = { .func = t_outer_lookup,
			     .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
			     .arg1_type = ARG_CONST_MAP_PTR,
			     .arg2_type = ARG_PTR_TO_MAP_KEY },
	[H_VALUE_SIZE] = { .func = t_value_size, .ret_type = RET_INTEGER,
			   .arg1_type = ARG_CONST_MAP_PTR },
	[H_MEM_SUM] = { .func = t_mem_sum, .ret_type = RET_INTEGER,
			.arg1_type = ARG_PTR_TO_MEM | MEM_RDONLY,
			.arg2_type = ARG_CONST_SIZE },
	[H_FILL] = { .func = t_fill, .ret_type = RET_INTEGER,
		     .arg1_type = ARG_PTR_TO_UNINIT_MEM,
		     .arg2_type = ARG_CONST_SIZE_OR_ZERO },
	[H_FIXED] = { .func = t_fixed, .ret_type = RET_INTEGER,
		      .arg1_type = ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE,
		      .arg1_size = sizeof(u64) },
	[H_CTX] = { .func = t_ctx, .ret_type = RET_INTEGER,
		    .arg1_type = ARG_PTR_TO_CTX },
	[H_LOOP] = { .func = t_loop, .ret_type = RET_INTEGER,
		     .arg1_type = ARG_ANYTHING, .arg2_type = ARG_PTR_TO_FUNC,
		     .arg3_type = ARG_PTR_TO_STACK_OR_NULL, .arg4_type = ARG_ANYTHING },
	[H_STRLEN] = { .func = t_strlen, .ret_type = RET_INTEGER,
		       .arg1_type = ARG_PTR_TO_CONST_STR },
	[H_RUN_INNER] = { .func = t_run_inner, .ret_type = RET_INTEGER },
	[H_ALLOC] = { .func = t_alloc, .ret_type = RET_PTR_TO_ALLOC_MEM_OR_NULL,
		      .arg1_type = ARG_CONST_ALLOC_SIZE_OR_ZERO },
	[H_PKT_TRIM] = { .func = t_pkt_trim, .ret_type = RET_INTEGER },
	[H_FIRE] = { .func = t_fire, .ret_type = RET_INTEGER,
		     .arg1_type = ARG_ANYTHING },
	[H_NO_FUNC] = { .func = NULL, .ret_type = RET_INTEGER },
};

/* ---- building programs ---- */

struct env {
	const struct bpf_prog_ops *ops;
	struct bpf_map *const *maps;	/* NULL: the default set */
	u32 nr_maps;
	const u32 *subprogs;		/* callable entries, by insn offset */
	u32 nr_subprogs;
	bool no_helpers;
};

static struct bpf_map *const default_maps[] = {
	&data_map.map, &rodata_map.map, &hash_map.map, &outer_map.map,
	&prog_array.map,
};

static struct bpf_prog *build_err(const char *name, const struct bpf_insn *insns,
				  u32 len, const struct env *env, int *err)
{
	struct bpf_prog *p = bpf_prog_alloc(len);
	struct bpf_prog_aux *aux;
	u32 i;

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	aux = p->aux;
	memcpy(p->insnsi, insns, len * sizeof(*insns));
	p->len = len;
	snprintf(aux->name, sizeof(aux->name), "%s", name);
	aux->ops = env && env->ops ? env->ops : &test_ops;
	if (!env || !env->no_helpers) {
		aux->call_protos = kcalloc(NR_HELPERS, sizeof(*aux->call_protos), GFP_KERNEL);
		for (i = 0; i < NR_HELPERS; i++)
			aux->call_protos[i] = &protos[i];
		aux->call_proto_cnt = NR_HELPERS;
	}
	if (env && env->maps) {
		aux->used_maps = kmemdup(env->maps, env->nr_maps * sizeof(env->maps[0]),
					 GFP_KERNEL);
		aux->used_map_cnt = env->nr_maps;
	} else if (!env || !env->nr_maps) {
		aux->used_maps = kmemdup(default_maps, sizeof(default_maps), GFP_KERNEL);
		aux->used_map_cnt = ARRAY_SIZE(default_maps);
	}
	if (env && env->nr_subprogs) {
		aux->subprog_entries = kcalloc(env->nr_subprogs,
					       sizeof(*aux->subprog_entries), GFP_KERNEL);
		for (i = 0; i < env->nr_subprogs; i++)
			aux->subprog_entries[i] = (struct bpf_subprog_entry){
				.prog = p, .insn_off = env->subprogs[i] };
		aux->subprog_cnt = env->nr_subprogs;
	}
	p = bpf_prog_select_runtime(p, err);
	return p;
}

static void free_prog(struct bpf_prog *p)
{
	if (!p)
		return;
	kfree(p->aux->used_maps);
	bpf_prog_free(p);
}

static struct bpf_prog *build(const char *name, const struct bpf_insn *insns,
			      u32 len, const struct env *env)
{
	int err = 0;
	struct bpf_prog *p = build_err(name, insns, len, env, &err);

	if (err) {
		TEST_OK(false, name, "select_runtime: %d", err);
		free_prog(p);
		return NULL;
	}
	return p;
}

/* Writes value into the imm pair of the LD_IMM64 at idx. */
static void set_imm64(struct bpf_prog *p, u32 idx, u64 value)
{
	p->insnsi[idx].imm = (u32)value;
	p->insnsi[idx + 1].imm = (u32)(value >> 32);
}

/* Runs a program once on the test context; -1 when it could not be built. */
static s64 run_env(const char *name, const struct bpf_insn *insns, u32 len,
		   const struct env *env)
{
	struct bpf_prog *p = build(name, insns, len, env);
	s64 ret;

	if (!p)
		return -1;
	reset_ctx();
	nr_rec = 0;
	last_msg[0] = 0;
	ret = bpf_prog_run(p, &tctx);
	free_prog(p);
	return ret;
}

static s64 run(const char *name, const struct bpf_insn *insns, u32 len)
{
	return run_env(name, insns, len, NULL);
}

/* A run the guard must stop: r0 0 and a line that says why. */
static void expect_stop(const char *name, const char *why,
			const struct bpf_insn *insns, u32 len, const struct env *env)
{
	int before = nr_msgs;
	s64 ret = run_env(name, insns, len, env);

	TEST_OK(ret == 0 && (!msg_stubbed() || nr_msgs == before + 1) &&
		stopped_with(why) && stopped_with("sysbpf: program "),
		name, "ret %lld, message \"%s\", want \"%s\"", (long long)ret,
		last_msg, why);
}

/* ---- ALU and JMP tables (independent model, see the top) ---- */

struct alu_case {
	u8 code;
	u64 dst;
	u64 src;
	s32 imm;
	u64 want;
	int set;
};

struct jmp_case {
	u8 code;
	u64 dst;
	u64 src;
	s32 imm;
	int taken;
	int set;
};

static const struct alu_case alu_cases[] = {
	{ BPF_ALU64 | BPF_ADD | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x80000010fffffff8ULL, 0 },
	{ BPF_ALU64 | BPF_ADD | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000ffffffff2ULL, 0 },
	{ BPF_ALU | BPF_ADD | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff8ULL, 0 },
	{ BPF_ALU | BPF_ADD | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff2ULL, 0 },
	{ BPF_ALU64 | BPF_ADD | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_ADD | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_ADD | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_ADD | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_ADD | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xfffffffffffffffeULL, 2 },
	{ BPF_ALU64 | BPF_ADD | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xfffffffffffffffeULL, 2 },
	{ BPF_ALU | BPF_ADD | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000fffffffeULL, 2 },
	{ BPF_ALU | BPF_ADD | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000fffffffeULL, 2 },
	{ BPF_ALU64 | BPF_ADD | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x7fffffffffffffffULL, 3 },
	{ BPF_ALU64 | BPF_ADD | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x7fffffffffffffffULL, 3 },
	{ BPF_ALU | BPF_ADD | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU | BPF_ADD | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU64 | BPF_ADD | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000680000000ULL, 4 },
	{ BPF_ALU64 | BPF_ADD | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000007ULL, 4 },
	{ BPF_ALU | BPF_ADD | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_ADD | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000007ULL, 4 },
	{ BPF_ALU64 | BPF_ADD | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000000180000042ULL, 5 },
	{ BPF_ALU64 | BPF_ADD | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000000080000022ULL, 5 },
	{ BPF_ALU | BPF_ADD | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000042ULL, 5 },
	{ BPF_ALU | BPF_ADD | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000022ULL, 5 },
	{ BPF_ALU64 | BPF_SUB | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000efffffff2ULL, 0 },
	{ BPF_ALU64 | BPF_SUB | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000ffffffff8ULL, 0 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff2ULL, 0 },
	{ BPF_ALU | BPF_SUB | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff8ULL, 0 },
	{ BPF_ALU64 | BPF_SUB | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_SUB | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_SUB | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_SUB | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_SUB | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU | BPF_SUB | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_SUB | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000001ULL, 3 },
	{ BPF_ALU64 | BPF_SUB | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000001ULL, 3 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 3 },
	{ BPF_ALU | BPF_SUB | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 3 },
	{ BPF_ALU64 | BPF_SUB | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000480000000ULL, 4 },
	{ BPF_ALU64 | BPF_SUB | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x000000057ffffff9ULL, 4 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_SUB | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x000000007ffffff9ULL, 4 },
	{ BPF_ALU64 | BPF_SUB | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xefffffff7fffffc0ULL, 5 },
	{ BPF_ALU64 | BPF_SUB | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf00000007fffffe0ULL, 5 },
	{ BPF_ALU | BPF_SUB | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x000000007fffffc0ULL, 5 },
	{ BPF_ALU | BPF_SUB | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x000000007fffffe0ULL, 5 },
	{ BPF_ALU64 | BPF_MUL | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x80000024ffffffdfULL, 0 },
	{ BPF_ALU64 | BPF_MUL | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x7fffffd000000021ULL, 0 },
	{ BPF_ALU | BPF_MUL | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000ffffffdfULL, 0 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000021ULL, 0 },
	{ BPF_ALU64 | BPF_MUL | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_MUL | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_MUL | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_MUL | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU64 | BPF_MUL | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU | BPF_MUL | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU64 | BPF_MUL | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_MUL | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 3 },
	{ BPF_ALU | BPF_MUL | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_MUL | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x8000000000000000ULL, 4 },
	{ BPF_ALU64 | BPF_MUL | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000002680000000ULL, 4 },
	{ BPF_ALU | BPF_MUL | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU64 | BPF_MUL | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x7000002180000041ULL, 5 },
	{ BPF_ALU64 | BPF_MUL | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000001080000021ULL, 5 },
	{ BPF_ALU | BPF_MUL | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000041ULL, 5 },
	{ BPF_ALU | BPF_MUL | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000021ULL, 5 },
	{ BPF_ALU64 | BPF_DIV | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x000000008000000eULL, 0 },
	{ BPF_ALU64 | BPF_DIV | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000000ULL, 0 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000055555551ULL, 0 },
	{ BPF_ALU | BPF_DIV | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000000ULL, 0 },
	{ BPF_ALU64 | BPF_DIV | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_DIV | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_DIV | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_DIV | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU64 | BPF_DIV | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU | BPF_DIV | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU64 | BPF_DIV | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_DIV | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_DIV | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_DIV | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000005ULL, 4 },
	{ BPF_ALU64 | BPF_DIV | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x00000000c9249249ULL, 4 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU | BPF_DIV | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000012492492ULL, 4 },
	{ BPF_ALU64 | BPF_DIV | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x00000000efffffc3ULL, 5 },
	{ BPF_ALU64 | BPF_DIV | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0745d17460f83e0fULL, 5 },
	{ BPF_ALU | BPF_DIV | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000001f81f81ULL, 5 },
	{ BPF_ALU | BPF_DIV | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000003e0f83eULL, 5 },
	{ BPF_ALU64 | BPF_MOD | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x000000007fffffcbULL, 0 },
	{ BPF_ALU64 | BPF_MOD | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000ffffffff5ULL, 0 },
	{ BPF_ALU | BPF_MOD | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000002ULL, 0 },
	{ BPF_ALU | BPF_MOD | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff5ULL, 0 },
	{ BPF_ALU64 | BPF_MOD | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_MOD | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_MOD | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_MOD | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_MOD | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_MOD | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU | BPF_MOD | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU | BPF_MOD | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_MOD | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_MOD | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 3 },
	{ BPF_ALU | BPF_MOD | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_MOD | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_MOD | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU64 | BPF_MOD | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000001ULL, 4 },
	{ BPF_ALU | BPF_MOD | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_MOD | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000002ULL, 4 },
	{ BPF_ALU64 | BPF_MOD | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000090000f7eULL, 5 },
	{ BPF_ALU64 | BPF_MOD | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000012ULL, 5 },
	{ BPF_ALU | BPF_MOD | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000040ULL, 5 },
	{ BPF_ALU | BPF_MOD | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000003ULL, 5 },
	{ BPF_ALU64 | BPF_OR | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000ffffffff7ULL, 0 },
	{ BPF_ALU64 | BPF_OR | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0xfffffffffffffffdULL, 0 },
	{ BPF_ALU | BPF_OR | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff7ULL, 0 },
	{ BPF_ALU | BPF_OR | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffffdULL, 0 },
	{ BPF_ALU64 | BPF_OR | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_OR | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_OR | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_OR | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_OR | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU64 | BPF_OR | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU | BPF_OR | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU | BPF_OR | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU64 | BPF_OR | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 3 },
	{ BPF_ALU64 | BPF_OR | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 3 },
	{ BPF_ALU | BPF_OR | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU | BPF_OR | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU64 | BPF_OR | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000000ULL, 4 },
	{ BPF_ALU64 | BPF_OR | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000007ULL, 4 },
	{ BPF_ALU | BPF_OR | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_OR | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000007ULL, 4 },
	{ BPF_ALU64 | BPF_OR | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000000180000041ULL, 5 },
	{ BPF_ALU64 | BPF_OR | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000000080000021ULL, 5 },
	{ BPF_ALU | BPF_OR | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000041ULL, 5 },
	{ BPF_ALU | BPF_OR | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000021ULL, 5 },
	{ BPF_ALU64 | BPF_AND | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000100000001ULL, 0 },
	{ BPF_ALU64 | BPF_AND | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000ffffffff5ULL, 0 },
	{ BPF_ALU | BPF_AND | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000001ULL, 0 },
	{ BPF_ALU | BPF_AND | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff5ULL, 0 },
	{ BPF_ALU64 | BPF_AND | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_AND | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_AND | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_AND | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_AND | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU64 | BPF_AND | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU | BPF_AND | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU | BPF_AND | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU64 | BPF_AND | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_AND | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 3 },
	{ BPF_ALU | BPF_AND | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_AND | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_AND | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000100000000ULL, 4 },
	{ BPF_ALU64 | BPF_AND | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU | BPF_AND | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU | BPF_AND | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU64 | BPF_AND | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000001ULL, 5 },
	{ BPF_ALU64 | BPF_AND | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000001ULL, 5 },
	{ BPF_ALU | BPF_AND | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000001ULL, 5 },
	{ BPF_ALU | BPF_AND | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000001ULL, 5 },
	{ BPF_ALU64 | BPF_XOR | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x8000000efffffff6ULL, 0 },
	{ BPF_ALU64 | BPF_XOR | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x7ffffff000000008ULL, 0 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffff6ULL, 0 },
	{ BPF_ALU | BPF_XOR | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000008ULL, 0 },
	{ BPF_ALU64 | BPF_XOR | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_XOR | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_XOR | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_XOR | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_XOR | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU | BPF_XOR | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_XOR | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x7fffffffffffffffULL, 3 },
	{ BPF_ALU64 | BPF_XOR | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x7fffffffffffffffULL, 3 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU | BPF_XOR | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU64 | BPF_XOR | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000480000000ULL, 4 },
	{ BPF_ALU64 | BPF_XOR | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000007ULL, 4 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_XOR | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000007ULL, 4 },
	{ BPF_ALU64 | BPF_XOR | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000000180000040ULL, 5 },
	{ BPF_ALU64 | BPF_XOR | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf000000080000020ULL, 5 },
	{ BPF_ALU | BPF_XOR | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000040ULL, 5 },
	{ BPF_ALU | BPF_XOR | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000080000020ULL, 5 },
	{ BPF_ALU64 | BPF_LSH | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000007fffffffa8ULL, 0 },
	{ BPF_ALU64 | BPF_LSH | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0xa000000000000000ULL, 0 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000ffffffa8ULL, 0 },
	{ BPF_ALU | BPF_LSH | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000a0000000ULL, 0 },
	{ BPF_ALU64 | BPF_LSH | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_LSH | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_LSH | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_LSH | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 2 },
	{ BPF_ALU64 | BPF_LSH | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x8000000000000000ULL, 2 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000080000000ULL, 2 },
	{ BPF_ALU | BPF_LSH | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000080000000ULL, 2 },
	{ BPF_ALU64 | BPF_LSH | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_LSH | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_LSH | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_LSH | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000000ULL, 4 },
	{ BPF_ALU64 | BPF_LSH | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x000002c000000000ULL, 4 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_LSH | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU64 | BPF_LSH | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xe000000100000002ULL, 5 },
	{ BPF_ALU64 | BPF_LSH | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000200000000ULL, 5 },
	{ BPF_ALU | BPF_LSH | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000002ULL, 5 },
	{ BPF_ALU | BPF_LSH | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000002ULL, 5 },
	{ BPF_ALU64 | BPF_RSH | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x10000001fffffffeULL, 0 },
	{ BPF_ALU64 | BPF_RSH | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000004ULL, 0 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x000000001ffffffeULL, 0 },
	{ BPF_ALU | BPF_RSH | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000007ULL, 0 },
	{ BPF_ALU64 | BPF_RSH | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_RSH | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_RSH | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_RSH | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU64 | BPF_RSH | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU | BPF_RSH | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 2 },
	{ BPF_ALU64 | BPF_RSH | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 3 },
	{ BPF_ALU64 | BPF_RSH | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000001ULL, 3 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_RSH | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_RSH | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000000ULL, 4 },
	{ BPF_ALU64 | BPF_RSH | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x000000000b000000ULL, 4 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_RSH | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000001000000ULL, 4 },
	{ BPF_ALU64 | BPF_RSH | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x7800000040000000ULL, 5 },
	{ BPF_ALU64 | BPF_RSH | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000078000000ULL, 5 },
	{ BPF_ALU | BPF_RSH | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000040000000ULL, 5 },
	{ BPF_ALU | BPF_RSH | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000040000000ULL, 5 },
	{ BPF_ALU64 | BPF_ARSH | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0xf0000001fffffffeULL, 0 },
	{ BPF_ALU64 | BPF_ARSH | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0xfffffffffffffffcULL, 0 },
	{ BPF_ALU | BPF_ARSH | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffffeULL, 0 },
	{ BPF_ALU | BPF_ARSH | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000ffffffffULL, 0 },
	{ BPF_ALU64 | BPF_ARSH | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_ARSH | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x123456789abcdef0ULL, 1 },
	{ BPF_ALU | BPF_ARSH | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU | BPF_ARSH | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x000000009abcdef0ULL, 1 },
	{ BPF_ALU64 | BPF_ARSH | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU64 | BPF_ARSH | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU | BPF_ARSH | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU | BPF_ARSH | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU64 | BPF_ARSH | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 3 },
	{ BPF_ALU64 | BPF_ARSH | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 3 },
	{ BPF_ALU | BPF_ARSH | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU | BPF_ARSH | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x0000000000000000ULL, 3 },
	{ BPF_ALU64 | BPF_ARSH | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000580000000ULL, 4 },
	{ BPF_ALU64 | BPF_ARSH | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x000000000b000000ULL, 4 },
	{ BPF_ALU | BPF_ARSH | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000080000000ULL, 4 },
	{ BPF_ALU | BPF_ARSH | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x00000000ff000000ULL, 4 },
	{ BPF_ALU64 | BPF_ARSH | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xf800000040000000ULL, 5 },
	{ BPF_ALU64 | BPF_ARSH | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0xfffffffff8000000ULL, 5 },
	{ BPF_ALU | BPF_ARSH | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x00000000c0000000ULL, 5 },
	{ BPF_ALU | BPF_ARSH | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x00000000c0000000ULL, 5 },
	{ BPF_ALU64 | BPF_MOV | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000100000003ULL, 0 },
	{ BPF_ALU64 | BPF_MOV | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0xfffffffffffffffdULL, 0 },
	{ BPF_ALU | BPF_MOV | BPF_X, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x0000000000000003ULL, 0 },
	{ BPF_ALU | BPF_MOV | BPF_K, 0x8000000ffffffff5ULL, 0x0000000100000003ULL, -3, 0x00000000fffffffdULL, 0 },
	{ BPF_ALU64 | BPF_MOV | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_MOV | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_MOV | BPF_X, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU | BPF_MOV | BPF_K, 0x123456789abcdef0ULL, 0x0000000000000000ULL, 0, 0x0000000000000000ULL, 1 },
	{ BPF_ALU64 | BPF_MOV | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU64 | BPF_MOV | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 2 },
	{ BPF_ALU | BPF_MOV | BPF_X, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU | BPF_MOV | BPF_K, 0xffffffffffffffffULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 2 },
	{ BPF_ALU64 | BPF_MOV | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 3 },
	{ BPF_ALU64 | BPF_MOV | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0xffffffffffffffffULL, 3 },
	{ BPF_ALU | BPF_MOV | BPF_X, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU | BPF_MOV | BPF_K, 0x8000000000000000ULL, 0xffffffffffffffffULL, -1, 0x00000000ffffffffULL, 3 },
	{ BPF_ALU64 | BPF_MOV | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000100000000ULL, 4 },
	{ BPF_ALU64 | BPF_MOV | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000007ULL, 4 },
	{ BPF_ALU | BPF_MOV | BPF_X, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000000ULL, 4 },
	{ BPF_ALU | BPF_MOV | BPF_K, 0x0000000580000000ULL, 0x0000000100000000ULL, 7, 0x0000000000000007ULL, 4 },
	{ BPF_ALU64 | BPF_MOV | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000100000041ULL, 5 },
	{ BPF_ALU64 | BPF_MOV | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000021ULL, 5 },
	{ BPF_ALU | BPF_MOV | BPF_X, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000041ULL, 5 },
	{ BPF_ALU | BPF_MOV | BPF_K, 0xf000000080000001ULL, 0x0000000100000041ULL, 33, 0x0000000000000021ULL, 5 },
};
static const struct jmp_case jmp_cases[] = {
	{ BPF_JMP | BPF_JEQ | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JEQ | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JEQ | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JEQ | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JEQ | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JEQ | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JEQ | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JEQ | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JEQ | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JEQ | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JEQ | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JEQ | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JEQ | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JEQ | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JEQ | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JEQ | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JEQ | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JEQ | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JEQ | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JNE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JNE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JNE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JNE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JNE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JNE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JNE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JNE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JNE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JNE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JNE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JNE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JNE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JNE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JNE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JNE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JNE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JNE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JNE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JNE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JNE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JNE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JNE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JNE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JSET | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JSET | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JSET | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JSET | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JSET | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JSET | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JSET | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JSET | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JSET | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JSET | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JSET | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JSET | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JSET | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JSET | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JSET | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JSET | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JSET | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JSET | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JSET | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JSET | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JSET | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JSET | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JSET | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JSET | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JGT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JGT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JGT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JGT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JGT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JGT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JGT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JGT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JGT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JGT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JGT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JGT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JGT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JGT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JGT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JGT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JGT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JGT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JGT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JGT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JGT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JGT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JGT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JGT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JGE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JGE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JGE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JGE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JGE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JGE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JGE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JGE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JGE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JGE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JGE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JGE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JGE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JGE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JGE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JGE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JGE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JGE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JGE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JGE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JGE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JGE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JGE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JGE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JLT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JLT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JLT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JLT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JLT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JLT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JLT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JLT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JLT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JLT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JLT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JLT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JLT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JLT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JLT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JLT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JLT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JLT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JLT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JLT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JLT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JLT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JLT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JLT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JLE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JLE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JLE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JLE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JLE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JLE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JLE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JLE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JLE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JLE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JLE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JLE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JLE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JLE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JLE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JLE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JLE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JLE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JLE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JLE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JLE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JLE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JLE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JLE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JSGT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JSGT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JSGT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JSGT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JSGT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JSGT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JSGT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JSGT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JSGT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JSGT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JSGT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JSGT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JSGT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JSGT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JSGT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JSGT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JSGT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JSGT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JSGT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JSGT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JSGT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JSGT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JSGT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JSGT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JSGE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JSGE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JSGE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JSGE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JSGE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JSGE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JSGE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP32 | BPF_JSGE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 0, 1 },
	{ BPF_JMP | BPF_JSGE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JSGE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JSGE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JSGE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JSGE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JSGE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JSGE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP32 | BPF_JSGE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 0, 3 },
	{ BPF_JMP | BPF_JSGE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JSGE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JSGE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JSGE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JSGE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JSGE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JSGE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP32 | BPF_JSGE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 1, 5 },
	{ BPF_JMP | BPF_JSLT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JSLT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JSLT | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP32 | BPF_JSLT | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 0, 0 },
	{ BPF_JMP | BPF_JSLT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JSLT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JSLT | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JSLT | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JSLT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JSLT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JSLT | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP32 | BPF_JSLT | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 0, 2 },
	{ BPF_JMP | BPF_JSLT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JSLT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JSLT | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JSLT | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JSLT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JSLT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JSLT | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JSLT | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JSLT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JSLT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JSLT | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JSLT | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JSLE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JSLE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JSLE | BPF_X, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP32 | BPF_JSLE | BPF_K, 0x0000000000000005ULL, 0x0000000000000005ULL, 5, 1, 0 },
	{ BPF_JMP | BPF_JSLE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JSLE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JSLE | BPF_X, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP32 | BPF_JSLE | BPF_K, 0x0000000000000001ULL, 0x0000000000000002ULL, 2, 1, 1 },
	{ BPF_JMP | BPF_JSLE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JSLE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JSLE | BPF_X, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP32 | BPF_JSLE | BPF_K, 0xffffffff00000001ULL, 0x0000000000000001ULL, 1, 1, 2 },
	{ BPF_JMP | BPF_JSLE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JSLE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JSLE | BPF_X, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP32 | BPF_JSLE | BPF_K, 0x8000000000000000ULL, 0x0000000000000001ULL, 1, 1, 3 },
	{ BPF_JMP | BPF_JSLE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP | BPF_JSLE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 0, 4 },
	{ BPF_JMP32 | BPF_JSLE | BPF_X, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP32 | BPF_JSLE | BPF_K, 0x0000000080000000ULL, 0xffffffffffffffffULL, -1, 1, 4 },
	{ BPF_JMP | BPF_JSLE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP | BPF_JSLE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JSLE | BPF_X, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
	{ BPF_JMP32 | BPF_JSLE | BPF_K, 0x0000000000000007ULL, 0xfffffffffffffff0ULL, -16, 0, 5 },
};

static const char *op_name(u8 code)
{
	static const char *const alu[16] = {
		"ADD", "SUB", "MUL", "DIV", "OR", "AND", "LSH", "RSH",
		"NEG", "MOD", "XOR", "MOV", "ARSH", "END", "?", "?",
	};
	static const char *const jmp[16] = {
		"JA", "JEQ", "JGT", "JGE", "JSET", "JNE", "JSGT", "JSGE",
		"CALL", "EXIT", "JLT", "JLE", "JSLT", "JSLE", "?", "?",
	};
	u8 cls = BPF_CLASS(code);

	return (cls == BPF_JMP || cls == BPF_JMP32 ? jmp : alu)[BPF_OP(code) >> 4];
}

static void test_alu_table(void)
{
	char name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		s64 ret;

		snprintf(name, sizeof(name), "%s %s %s #%d",
			 BPF_CLASS(c->code) == BPF_ALU64 ? "alu64" : "alu32",
			 op_name(c->code), BPF_SRC(c->code) == BPF_X ? "reg" : "imm",
			 c->set);
		ret = run(name, INSNS(
			BPF_LD_IMM64(BPF_REG_0, c->dst),
			BPF_LD_IMM64(BPF_REG_1, c->src),
			BPF_RAW_INSN(c->code, BPF_REG_0, BPF_REG_1, 0, c->imm),
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
			BPF_EMIT_CALL(H_RECORD),
			BPF_EXIT_INSN()));
		TEST_OK(nr_rec == 1 && rec[0] == c->want && ret == (u32)c->want, name,
			"dst 0x%llx src 0x%llx imm %d: got 0x%llx, want 0x%llx",
			(unsigned long long)c->dst, (unsigned long long)c->src, c->imm,
			(unsigned long long)rec[0], (unsigned long long)c->want);
	}
}

static void test_jmp_table(void)
{
	char name[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(jmp_cases); i++) {
		const struct jmp_case *c = &jmp_cases[i];
		s64 ret;

		snprintf(name, sizeof(name), "%s %s %s #%d %s",
			 BPF_CLASS(c->code) == BPF_JMP ? "jmp" : "jmp32",
			 op_name(c->code), BPF_SRC(c->code) == BPF_X ? "reg" : "imm",
			 c->set, c->taken ? "taken" : "not taken");
		ret = run(name, INSNS(
			BPF_LD_IMM64(BPF_REG_1, c->dst),
			BPF_LD_IMM64(BPF_REG_2, c->src),
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_RAW_INSN(c->code, BPF_REG_1, BPF_REG_2, 1, c->imm),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN()));
		TEST_EQ(ret, c->taken, name);
	}
}

/* r0 = the 64-bit value computed by body (which leaves it in r0). */
static u64 run64(const char *name, const struct bpf_insn *body, u32 n)
{
	struct bpf_insn insns[64];
	s64 ret;

	memcpy(insns, body, n * sizeof(*body));
	insns[n] = BPF_MOV64_REG(BPF_REG_1, BPF_REG_0);
	insns[n + 1] = BPF_EMIT_CALL(H_RECORD);
	insns[n + 2] = BPF_EXIT_INSN();
	ret = run(name, insns, n + 3);
	if (nr_rec != 1 || ret != (u32)rec[0])
		return 0xdeadbeefdeadbeefULL;
	return rec[0];
}

#define EXPECT64(name, want, ...)					\
	({ u64 __w = (want), __g = run64(name, INSNS(__VA_ARGS__));	\
	   TEST_OK(__g == __w, name, "got 0x%llx, want 0x%llx",		\
		   (unsigned long long)__g, (unsigned long long)__w); })

static void test_alu_edges(void)
{
	EXPECT64("div64 by zero reg is 0", 0,
		 BPF_MOV64_IMM(BPF_REG_0, 7), BPF_MOV64_IMM(BPF_REG_1, 0),
		 BPF_ALU64_REG(BPF_DIV, BPF_REG_0, BPF_REG_1));
	EXPECT64("div32 by zero reg is 0, upper half cleared", 0,
		 BPF_LD_IMM64(BPF_REG_0, 0xffffffff00000007ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 0),
		 BPF_ALU32_REG(BPF_DIV, BPF_REG_0, BPF_REG_1));
	EXPECT64("div32 by a register whose low half is zero is 0", 0,
		 BPF_MOV64_IMM(BPF_REG_0, 9),
		 BPF_LD_IMM64(BPF_REG_1, 0x100000000ULL),
		 BPF_ALU32_REG(BPF_DIV, BPF_REG_0, BPF_REG_1));
	EXPECT64("div64 by 2^32 divides", 3,
		 BPF_LD_IMM64(BPF_REG_0, 0x300000005ULL),
		 BPF_LD_IMM64(BPF_REG_1, 0x100000000ULL),
		 BPF_ALU64_REG(BPF_DIV, BPF_REG_0, BPF_REG_1));
	EXPECT64("mod64 by zero leaves dst", 0xffffffff12345678ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0xffffffff12345678ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 0),
		 BPF_ALU64_REG(BPF_MOD, BPF_REG_0, BPF_REG_1));
	EXPECT64("mod32 by zero leaves dst truncated", 0x12345678,
		 BPF_LD_IMM64(BPF_REG_0, 0xffffffff12345678ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 0),
		 BPF_ALU32_REG(BPF_MOD, BPF_REG_0, BPF_REG_1));
	EXPECT64("mod64 by imm 0 leaves dst", 0x8000000000000001ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000001ULL),
		 BPF_ALU64_IMM(BPF_MOD, BPF_REG_0, 0));
	EXPECT64("div64 by imm 0 is 0", 0,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000001ULL),
		 BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, 0));
	EXPECT64("div64 INT64_MIN by -1 is unsigned: 0", 0,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000000ULL),
		 BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, -1));
	EXPECT64("mod64 INT64_MIN by -1 is unsigned: dst", 0x8000000000000000ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000000ULL),
		 BPF_ALU64_IMM(BPF_MOD, BPF_REG_0, -1));
	EXPECT64("div32 INT32_MIN by -1 is unsigned: 0", 0,
		 BPF_MOV32_IMM(BPF_REG_0, 0x80000000),
		 BPF_ALU32_IMM(BPF_DIV, BPF_REG_0, -1));
	EXPECT64("div64 by imm -1 divides by 2^64-1", 1,
		 BPF_MOV64_IMM(BPF_REG_0, -1),
		 BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, -1));
	EXPECT64("mov64 imm sign-extends", 0xfffffffffffffffeULL,
		 BPF_MOV64_IMM(BPF_REG_0, -2));
	EXPECT64("mov32 imm zero-extends", 0xfffffffeULL,
		 BPF_MOV32_IMM(BPF_REG_0, -2));
	EXPECT64("mov32 reg zero-extends", 0x89abcdefULL,
		 BPF_LD_IMM64(BPF_REG_1, 0x0123456789abcdefULL),
		 BPF_MOV32_REG(BPF_REG_0, BPF_REG_1));
	EXPECT64("add32 wraps and clears the upper half", 0,
		 BPF_MOV64_IMM(BPF_REG_0, -1),
		 BPF_ALU32_IMM(BPF_ADD, BPF_REG_0, 1));
	EXPECT64("add64 imm -1 sign-extends", 0xffffffffffffffffULL,
		 BPF_MOV64_IMM(BPF_REG_0, 0),
		 BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, -1));
	EXPECT64("and64 imm sign-extends", 0x0123456789abcdefULL & ~0xfULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x0123456789abcdefULL),
		 BPF_ALU64_IMM(BPF_AND, BPF_REG_0, -16));
	EXPECT64("and32 imm", 0x89abcde0ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x0123456789abcdefULL),
		 BPF_ALU32_IMM(BPF_AND, BPF_REG_0, -16));
	EXPECT64("lsh64 by 64 (reg) is masked to 0", 0x8000000000000001ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000001ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 64),
		 BPF_ALU64_REG(BPF_LSH, BPF_REG_0, BPF_REG_1));
	EXPECT64("lsh64 by 65 is by 1", 2,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000001ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 65),
		 BPF_ALU64_REG(BPF_LSH, BPF_REG_0, BPF_REG_1));
	EXPECT64("lsh32 by 32 is masked to 0, zero-extends", 0x80000001ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0xffffffff80000001ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 32),
		 BPF_ALU32_REG(BPF_LSH, BPF_REG_0, BPF_REG_1));
	EXPECT64("rsh32 by 33 is by 1", 0x40000000ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0xffffffff80000001ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 33),
		 BPF_ALU32_REG(BPF_RSH, BPF_REG_0, BPF_REG_1));
	EXPECT64("arsh64 by 63 spreads the sign", 0xffffffffffffffffULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000000ULL),
		 BPF_ALU64_IMM(BPF_ARSH, BPF_REG_0, 63));
	EXPECT64("arsh32 uses bit 31, result zero-extended", 0xffffffffULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x0000000080000000ULL),
		 BPF_ALU32_IMM(BPF_ARSH, BPF_REG_0, 31));
	EXPECT64("arsh32 ignores the upper half", 0x1ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000040000000ULL),
		 BPF_ALU32_IMM(BPF_ARSH, BPF_REG_0, 30));
	EXPECT64("arsh64 by 64 (reg) is masked to 0", 0x8000000000000000ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000000ULL),
		 BPF_MOV64_IMM(BPF_REG_1, 64),
		 BPF_ALU64_REG(BPF_ARSH, BPF_REG_0, BPF_REG_1));
	EXPECT64("neg64", 0xfffffffffffffffbULL,
		 BPF_MOV64_IMM(BPF_REG_0, 5),
		 BPF_RAW_INSN(BPF_ALU64 | BPF_NEG, BPF_REG_0, 0, 0, 0));
	EXPECT64("neg64 of INT64_MIN", 0x8000000000000000ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x8000000000000000ULL),
		 BPF_RAW_INSN(BPF_ALU64 | BPF_NEG, BPF_REG_0, 0, 0, 0));
	EXPECT64("neg32 zero-extends", 0xfffffffbULL,
		 BPF_LD_IMM64(BPF_REG_0, 0x1234567800000005ULL),
		 BPF_RAW_INSN(BPF_ALU | BPF_NEG, BPF_REG_0, 0, 0, 0));
	EXPECT64("mul32 wraps", 0xfffffffeULL,
		 BPF_MOV32_IMM(BPF_REG_0, 0x7fffffff),
		 BPF_ALU32_IMM(BPF_MUL, BPF_REG_0, 2));
	EXPECT64("mul64 by negative imm", 0xfffffffffffffff9ULL,
		 BPF_MOV64_IMM(BPF_REG_0, 7),
		 BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, -1));
	EXPECT64("alu on r10 copy keeps r10", 1,
		 BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		 BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 8),
		 BPF_MOV64_IMM(BPF_REG_0, 0),
		 BPF_JMP_REG(BPF_JEQ, BPF_REG_1, BPF_REG_10, 1),
		 BPF_MOV64_IMM(BPF_REG_0, 1));
}

static void test_end(void)
{
	static const struct {
		const char *name;
		u8 src;
		s32 bits;
		u64 want;
	} cases[] = {
		{ "to_be 16", BPF_TO_BE, 16, 0x8877 },
		{ "to_be 32", BPF_TO_BE, 32, 0x88776655 },
		{ "to_be 64", BPF_TO_BE, 64, 0x8877665544332211ULL },
		{ "to_le 16 truncates", BPF_TO_LE, 16, 0x7788 },
		{ "to_le 32 truncates", BPF_TO_LE, 32, 0x55667788 },
		{ "to_le 64 keeps", BPF_TO_LE, 64, 0x1122334455667788ULL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		EXPECT64(cases[i].name, cases[i].want,
			 BPF_LD_IMM64(BPF_REG_0, 0x1122334455667788ULL),
			 BPF_ENDIAN(cases[i].src, BPF_REG_0, cases[i].bits));
}

static void test_ld_imm64_and_mem(void)
{
	EXPECT64("ld_imm64", 0xfedcba9876543210ULL,
		 BPF_LD_IMM64(BPF_REG_0, 0xfedcba9876543210ULL));
	EXPECT64("ld_imm64 into r9", 0x8000000000000000ULL,
		 BPF_LD_IMM64(BPF_REG_9, 0x8000000000000000ULL),
		 BPF_MOV64_REG(BPF_REG_0, BPF_REG_9));
	EXPECT64("st dw imm sign-extends", 0xfffffffffffffff0ULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8));
	EXPECT64("st w imm", 0xfffffff0ULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		 BPF_ST_MEM(BPF_W, BPF_REG_10, -8, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8));
	EXPECT64("st h imm", 0xfff0ULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		 BPF_ST_MEM(BPF_H, BPF_REG_10, -8, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8));
	EXPECT64("st b imm", 0xf0ULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		 BPF_ST_MEM(BPF_B, BPF_REG_10, -8, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8));
	EXPECT64("stx dw / ldx dw", 0x0123456789abcdefULL,
		 BPF_LD_IMM64(BPF_REG_1, 0x0123456789abcdefULL),
		 BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -16));
	EXPECT64("stx w stores the low half", 0x89abcdefULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		 BPF_LD_IMM64(BPF_REG_1, 0x0123456789abcdefULL),
		 BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_1, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -16));
	EXPECT64("stx h", 0xcdefULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		 BPF_LD_IMM64(BPF_REG_1, 0x0123456789abcdefULL),
		 BPF_STX_MEM(BPF_H, BPF_REG_10, BPF_REG_1, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -16));
	EXPECT64("stx b", 0xefULL,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		 BPF_LD_IMM64(BPF_REG_1, 0x0123456789abcdefULL),
		 BPF_STX_MEM(BPF_B, BPF_REG_10, BPF_REG_1, -16),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -16));
	EXPECT64("ldx w zero-extends", 0xfedcba98ULL,
		 BPF_LD_IMM64(BPF_REG_1, 0xfedcba9876543210ULL),
		 BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		 BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -4));
	EXPECT64("ldx h zero-extends", 0xfedcULL,
		 BPF_LD_IMM64(BPF_REG_1, 0xfedcba9876543210ULL),
		 BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		 BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_10, -2));
	EXPECT64("ldx b zero-extends", 0xfeULL,
		 BPF_LD_IMM64(BPF_REG_1, 0xfedcba9876543210ULL),
		 BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		 BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_10, -1));
	EXPECT64("unaligned stack load", 0x9876543210ULL >> 8 & 0xffffffffULL,
		 BPF_LD_IMM64(BPF_REG_1, 0xfedcba9876543210ULL),
		 BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		 BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -7));
	EXPECT64("stack bottom r10-512 usable", 77,
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -512, 77),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -512));
	EXPECT64("ldx into the base register", 5,
		 BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		 BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 5),
		 BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, -8),
		 BPF_MOV64_REG(BPF_REG_0, BPF_REG_1));
}

/* One atomic on the stack: the memory after, and the register after. */
static void atomic_case(const char *name, u8 size, s32 op, u64 init, u64 operand,
			u64 r0, u64 want_mem, u64 want_reg, u64 want_r0)
{
	s64 ret;

	ret = run(name, INSNS(
		BPF_LD_IMM64(BPF_REG_1, init),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		BPF_LD_IMM64(BPF_REG_2, operand),
		BPF_LD_IMM64(BPF_REG_0, r0),
		BPF_ATOMIC_OP(size, op, BPF_REG_10, BPF_REG_2, -8),
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_2),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_EMIT_CALL(H_RECORD),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_EMIT_CALL(H_RECORD),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_7),
		BPF_EMIT_CALL(H_RECORD),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN()));
	TEST_OK(ret == 1 && nr_rec == 3 && rec[0] == want_mem && rec[1] == want_reg &&
		rec[2] == want_r0, name,
		"ret %lld mem 0x%llx reg 0x%llx r0 0x%llx, want 0x%llx 0x%llx 0x%llx",
		(long long)ret, (unsigned long long)rec[0], (unsigned long long)rec[1],
		(unsigned long long)rec[2], (unsigned long long)want_mem,
		(unsigned long long)want_reg, (unsigned long long)want_r0);
}

static void test_atomics(void)
{
	const u64 a = 0x1111111180000001ULL, b = 0x22222222f0000003ULL, r0 = 0x55;
	const u64 hi = a & ~0xffffffffULL;
	const u32 a32 = (u32)a, b32 = (u32)b;

	atomic_case("atomic add dw", BPF_DW, BPF_ADD, a, b, r0, a + b, b, r0);
	atomic_case("atomic add dw fetch", BPF_DW, BPF_ADD | BPF_FETCH, a, b, r0, a + b, a, r0);
	atomic_case("atomic and dw", BPF_DW, BPF_AND, a, b, r0, a & b, b, r0);
	atomic_case("atomic and dw fetch", BPF_DW, BPF_AND | BPF_FETCH, a, b, r0, a & b, a, r0);
	atomic_case("atomic or dw", BPF_DW, BPF_OR, a, b, r0, a | b, b, r0);
	atomic_case("atomic or dw fetch", BPF_DW, BPF_OR | BPF_FETCH, a, b, r0, a | b, a, r0);
	atomic_case("atomic xor dw", BPF_DW, BPF_XOR, a, b, r0, a ^ b, b, r0);
	atomic_case("atomic xor dw fetch", BPF_DW, BPF_XOR | BPF_FETCH, a, b, r0, a ^ b, a, r0);
	atomic_case("atomic xchg dw", BPF_DW, BPF_XCHG, a, b, r0, b, a, r0);
	atomic_case("atomic cmpxchg dw success", BPF_DW, BPF_CMPXCHG, a, b, a, b, b, a);
	atomic_case("atomic cmpxchg dw failure", BPF_DW, BPF_CMPXCHG, a, b, a + 1, a, b, a);

	atomic_case("atomic add w", BPF_W, BPF_ADD, a, b, r0, hi | (u32)(a32 + b32), b, r0);
	atomic_case("atomic add w fetch zero-extends", BPF_W, BPF_ADD | BPF_FETCH, a, b, r0,
		    hi | (u32)(a32 + b32), a32, r0);
	atomic_case("atomic and w", BPF_W, BPF_AND, a, b, r0, hi | (a32 & b32), b, r0);
	atomic_case("atomic and w fetch", BPF_W, BPF_AND | BPF_FETCH, a, b, r0,
		    hi | (a32 & b32), a32, r0);
	atomic_case("atomic or w", BPF_W, BPF_OR, a, b, r0, hi | (a32 | b32), b, r0);
	atomic_case("atomic or w fetch", BPF_W, BPF_OR | BPF_FETCH, a, b, r0,
		    hi | (a32 | b32), a32, r0);
	atomic_case("atomic xor w", BPF_W, BPF_XOR, a, b, r0, hi | (a32 ^ b32), b, r0);
	atomic_case("atomic xor w fetch", BPF_W, BPF_XOR | BPF_FETCH, a, b, r0,
		    hi | (a32 ^ b32), a32, r0);
	atomic_case("atomic xchg w", BPF_W, BPF_XCHG, a, b, r0, hi | b32, a32, r0);
	atomic_case("atomic cmpxchg w compares the low half of r0", BPF_W, BPF_CMPXCHG,
		    a, b, 0xffffffff00000000ULL | a32, hi | b32, b, a32);
	atomic_case("atomic cmpxchg w failure", BPF_W, BPF_CMPXCHG, a, b, a32 + 1,
		    a, b, a32);

	expect_stop("atomic with an unknown op stops", "invalid instruction", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_ATOMIC_OP(BPF_DW, BPF_SUB, BPF_REG_10, BPF_REG_1, -8),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN()), NULL);
	expect_stop("misaligned atomic stops", "misaligned atomic of 8 bytes", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_10, BPF_REG_1, -12),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN()), NULL);
}

/* ---- calls ---- */

static void test_calls(void)
{
	s64 ret;

	/* callee-saved registers, stack per frame, a pointer to the caller's stack */
	ret = run("bpf-to-bpf call: r6-r9 and the stack survive, pointers work", INSNS(
		BPF_MOV64_IMM(BPF_REG_6, 6),
		BPF_MOV64_IMM(BPF_REG_7, 7),
		BPF_MOV64_IMM(BPF_REG_8, 8),
		BPF_MOV64_IMM(BPF_REG_9, 9),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 111),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -16),
		BPF_CALL_REL(9),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_6),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_7),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_9),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -16),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
		/* 17: the callee, with a stack of its own at r10-8 */
		BPF_MOV64_IMM(BPF_REG_6, 60),
		BPF_MOV64_IMM(BPF_REG_7, 70),
		BPF_MOV64_IMM(BPF_REG_8, 80),
		BPF_MOV64_IMM(BPF_REG_9, 90),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 999),
		BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 222),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		BPF_EXIT_INSN()));
	/* the callee's 999, r6-r9 30, the caller's 111, 222 through the pointer */
	TEST_EQ(ret, 30 + 111 + 222 + 999, "bpf-to-bpf call: r6-r9 and the stack survive, pointers work");

	ret = run("bpf-to-bpf call returns r0 and passes r1-r5", INSNS(
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_MOV64_IMM(BPF_REG_2, 2),
		BPF_MOV64_IMM(BPF_REG_3, 3),
		BPF_MOV64_IMM(BPF_REG_4, 4),
		BPF_MOV64_IMM(BPF_REG_5, 5),
		BPF_CALL_REL(2),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 10),
		BPF_EXIT_INSN(),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_2),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_3),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_4),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_5),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 150, "bpf-to-bpf call returns r0 and passes r1-r5");

	/* f(n) = n ? f(n - 1) + 1 : 1; f(6) uses 8 frames, f(7) 9 */
#define RECURSE(n)							\
	INSNS(BPF_MOV64_IMM(BPF_REG_1, n),				\
	      BPF_CALL_REL(1),						\
	      BPF_EXIT_INSN(),						\
	      BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 4),			\
	      BPF_ALU64_IMM(BPF_SUB, BPF_REG_1, 1),			\
	      BPF_CALL_REL(-3),						\
	      BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),			\
	      BPF_EXIT_INSN(),						\
	      BPF_MOV64_IMM(BPF_REG_0, 1),				\
	      BPF_EXIT_INSN())
	TEST_EQ(run("recursion in 8 frames runs", RECURSE(6)), 7,
		"recursion in 8 frames runs");
	expect_stop("recursion into a 9th frame stops", "call stack deeper than 8 frames",
		    RECURSE(7), NULL);
	expect_stop("unbounded recursion stops", "call stack deeper", RECURSE(1000), NULL);

	/* frames have their own 512 bytes: r10+8 of a callee is past its frame */
	expect_stop("callee load past its frame stops", "out-of-bounds load of 8 bytes at r10+8",
		    INSNS(BPF_CALL_REL(1),
			  BPF_EXIT_INSN(),
			  BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 8),
			  BPF_EXIT_INSN()), NULL);
	ret = run("a callee may read its caller's live frame", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 4242),
		BPF_CALL_REL(1),
		BPF_EXIT_INSN(),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -512 - 8),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 4242, "a callee may read its caller's live frame");
	expect_stop("a caller may not read a returned frame", "out-of-bounds load", INSNS(
		BPF_CALL_REL(3),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 504),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 1),
		BPF_EXIT_INSN()), NULL);

	/* helpers */
	counter = 0;
	ret = run("helper call by call_protos index", INSNS(
		BPF_EMIT_CALL(H_COUNT),
		BPF_EMIT_CALL(H_COUNT),
		BPF_EXIT_INSN()));
	TEST_OK(ret == 2 && counter == 2, "helper call by call_protos index",
		"ret %lld counter %d", (long long)ret, counter);
	ret = run("helper call keeps r6-r9", INSNS(
		BPF_MOV64_IMM(BPF_REG_6, 1),
		BPF_MOV64_IMM(BPF_REG_9, 2),
		BPF_EMIT_CALL(H_COUNT),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_6),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_9),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 3, "helper call keeps r6-r9");
	expect_stop("helper index past call_protos stops", "call of unknown helper 99",
		    INSNS(BPF_EMIT_CALL(99), BPF_EXIT_INSN()), NULL);
	expect_stop("helper without a function stops", "call of unknown helper",
		    INSNS(BPF_EMIT_CALL(H_NO_FUNC), BPF_EXIT_INSN()), NULL);
	{
		struct env env = { .no_helpers = true };

		expect_stop("program without helpers calling one stops", "unknown helper",
			    INSNS(BPF_EMIT_CALL(0), BPF_EXIT_INSN()), &env);
	}
	ret = run("r0 is truncated to u32 by bpf_prog_run", INSNS(
		BPF_LD_IMM64(BPF_REG_0, 0x1234567800000042ULL),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0x42, "r0 is truncated to u32 by bpf_prog_run");
	ret = run("r1 is the context", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_LD_IMM64(BPF_REG_2, U(&tctx)),
		BPF_JMP_REG(BPF_JNE, BPF_REG_1, BPF_REG_2, 1),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 1, "r1 is the context");
	ret = run("ja32 jumps by imm", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_RAW_INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 1, "ja32 jumps by imm");
	ret = run("ja jumps back", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_A(2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 5),
		BPF_EXIT_INSN(),
		BPF_JMP_A(-3)));
	TEST_EQ(ret, 5, "ja jumps back");
	expect_stop("a loop that never ends stops", "backward jumps",
		    INSNS(BPF_MOV64_IMM(BPF_REG_0, 1), BPF_JMP_A(-1)), NULL);
	ret = run("a bounded loop of 100000 runs", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 100000, -2),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 100000, "a bounded loop of 100000 runs");
}

/* ---- tail calls ---- */

static void test_tail_calls(void)
{
	struct bpf_prog *self, *b, *c;
	s64 ret;

#define TAIL_CALL_INSN	BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0)
	/* counts, then tail-calls slot r3 */
#define TAILER(slot)							\
	INSNS(BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),			\
	      BPF_EMIT_CALL(H_COUNT),					\
	      BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),			\
	      BPF_LD_IMM64(BPF_REG_2, U(&prog_array.map)),		\
	      BPF_MOV64_IMM(BPF_REG_3, slot),				\
	      TAIL_CALL_INSN,						\
	      BPF_MOV64_IMM(BPF_REG_0, 7),				\
	      BPF_EXIT_INSN())

	self = build("tail_self", TAILER(0), NULL);
	b = build("tail_b", INSNS(BPF_MOV64_IMM(BPF_REG_0, 42), BPF_EXIT_INSN()), NULL);
	c = build("tail_c", TAILER(2), NULL);
	if (!self || !b || !c)
		goto out;
	memset(prog_slots, 0, sizeof(prog_slots));
	prog_slots[0] = self;
	prog_slots[2] = b;

	reset_ctx();
	counter = 0;
	ret = bpf_prog_run(self, &tctx);
	TEST_OK(ret == 7 && counter == 1 + MAX_TAIL_CALL_CNT,
		"33 tail calls, the 34th falls through", "ret %lld runs %d",
		(long long)ret, counter);
	counter = 0;
	ret = bpf_prog_run(self, &tctx);
	TEST_OK(ret == 7 && counter == 34, "the tail call count is per run",
		"ret %lld runs %d", (long long)ret, counter);

	counter = 0;
	ret = bpf_prog_run(c, &tctx);
	TEST_OK(ret == 42 && counter == 1, "tail call runs the target",
		"ret %lld runs %d", (long long)ret, counter);

	counter = 0;
	TEST_EQ(run("tail call to an empty slot falls through", TAILER(1)), 7,
		"tail call to an empty slot falls through");
	TEST_EQ(counter, 1, "an empty slot runs nothing");
	TEST_EQ(run("tail call past max_entries falls through", TAILER(4)), 7,
		"tail call past max_entries falls through");
	TEST_EQ(run("tail call with a huge index falls through", TAILER(-1)), 7,
		"tail call with a huge index falls through");
	{
		struct bpf_map *const maps[] = { &data_map.map };
		struct env env = { .maps = maps, .nr_maps = 1 };

		expect_stop("tail call through a map the program does not use stops",
			    "no prog array", TAILER(2), &env);
	}
	{
		struct bpf_map *const maps[] = { &prog_array.map, &hash_map.map };
		struct env env = { .maps = maps, .nr_maps = 2 };

		expect_stop("tail call through a map that is no prog array stops",
			    "no prog array", INSNS(
			BPF_LD_IMM64(BPF_REG_2, U(&hash_map.map)),
			BPF_MOV64_IMM(BPF_REG_3, 0),
			TAIL_CALL_INSN,
			BPF_MOV64_IMM(BPF_REG_0, 7),
			BPF_EXIT_INSN()), &env);
	}
	/* from a subprogram: the target replaces the callee's frame */
	counter = 0;
	ret = run("tail call from a subprogram returns to its caller", INSNS(
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_CALL_REL(4),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_EMIT_CALL(H_COUNT),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_7),
		BPF_EXIT_INSN(),
		/* 6: subprogram */
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_LD_IMM64(BPF_REG_2, U(&prog_array.map)),
		BPF_MOV64_IMM(BPF_REG_3, 2),
		TAIL_CALL_INSN,
		BPF_MOV64_IMM(BPF_REG_0, 1000),
		BPF_EXIT_INSN()));
	TEST_OK(ret == 43 && counter == 1, "tail call from a subprogram returns to its caller",
		"ret %lld counter %d", (long long)ret, counter);
	/* the target's stack is the frame's: r10 is the same */
	{
		struct bpf_prog *r10 = build("tail_r10", INSNS(
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_JMP_REG(BPF_JNE, BPF_REG_6, BPF_REG_10, 1),
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_EXIT_INSN()), NULL);

		prog_slots[3] = r10;
		ret = run("tail call keeps the frame's stack", INSNS(
			BPF_MOV64_REG(BPF_REG_6, BPF_REG_10),
			BPF_LD_IMM64(BPF_REG_2, U(&prog_array.map)),
			BPF_MOV64_IMM(BPF_REG_3, 3),
			TAIL_CALL_INSN,
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN()));
		TEST_EQ(ret, 1, "tail call keeps the frame's stack (same r10)");
		prog_slots[3] = NULL;
		free_prog(r10);
	}
out:
	memset(prog_slots, 0, sizeof(prog_slots));
	free_prog(self);
	free_prog(b);
	free_prog(c);
}

/* ---- LD_ABS / LD_IND ---- */

static void test_ld_abs(void)
{
	/* data[i] = i */
	TEST_EQ(run("ld_abs b", INSNS(BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
				      BPF_LD_ABS(BPF_B, 63), BPF_EXIT_INSN())),
		63, "ld_abs b");
	TEST_EQ(run("ld_abs h network order", INSNS(BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
						    BPF_LD_ABS(BPF_H, 12), BPF_EXIT_INSN())),
		0x0c0d, "ld_abs h network order");
	TEST_EQ(run("ld_abs w network order", INSNS(BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
						    BPF_LD_ABS(BPF_W, 20), BPF_EXIT_INSN())),
		0x14151617, "ld_abs w network order");
	TEST_EQ(run("ld_abs w through the buffer", INSNS(BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
							 BPF_LD_ABS(BPF_W, 21), BPF_EXIT_INSN())),
		0x15161718, "ld_abs w through the buffer (odd offset)");
	TEST_EQ(run("ld_ind w", INSNS(BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
				      BPF_MOV64_IMM(BPF_REG_7, 2),
				      BPF_LD_IND(BPF_W, BPF_REG_7, 10), BPF_EXIT_INSN())),
		0x0c0d0e0f, "ld_ind w");
	TEST_EQ(run("ld_ind h takes the low 32 bits of src + imm", INSNS(
			BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
			BPF_LD_IMM64(BPF_REG_7, 0x100000005ULL),
			BPF_LD_IND(BPF_H, BPF_REG_7, 1), BPF_EXIT_INSN())),
		0x0607, "ld_ind h takes the low 32 bits of src + imm");
	TEST_EQ(run("ld_ind b with a negative imm", INSNS(
			BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
			BPF_MOV64_IMM(BPF_REG_7, 10),
			BPF_LD_IND(BPF_B, BPF_REG_7, -3), BPF_EXIT_INSN())),
		7, "ld_ind b with a negative imm");
	TEST_EQ(run("ld_abs keeps r6-r9", INSNS(
			BPF_MOV64_IMM(BPF_REG_7, 100),
			BPF_MOV64_IMM(BPF_REG_9, 1000),
			BPF_LD_ABS(BPF_B, 1),
			BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_7),
			BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_9),
			BPF_EXIT_INSN())),
		1101, "ld_abs keeps r6-r9");
	TEST_EQ(run("ld_abs out of the packet ends the program with 0", INSNS(
			BPF_LD_ABS(BPF_W, 62),
			BPF_MOV64_IMM(BPF_REG_0, 5),
			BPF_EXIT_INSN())),
		0, "ld_abs out of the packet ends the program with 0");
	TEST_EQ(run("ld_ind at a negative offset ends with 0", INSNS(
			BPF_MOV64_IMM(BPF_REG_7, -100),
			BPF_LD_IND(BPF_B, BPF_REG_7, 0),
			BPF_MOV64_IMM(BPF_REG_0, 5),
			BPF_EXIT_INSN())),
		0, "ld_ind at a negative offset ends with 0");
	TEST_EQ(run("ld_abs miss in a subprogram returns 0 from it", INSNS(
			BPF_CALL_REL(2),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 100),
			BPF_EXIT_INSN(),
			BPF_LD_ABS(BPF_B, 200),
			BPF_MOV64_IMM(BPF_REG_0, 5),
			BPF_EXIT_INSN())),
		100, "ld_abs miss in a subprogram returns 0 from it");
	{
		struct env env = { .ops = &no_pkt_ops };

		expect_stop("ld_abs in a type without packet loads stops",
			    "LD_ABS/LD_IND without a packet",
			    INSNS(BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN()), &env);
	}
}

/* ---- the guard ---- */

static void test_guard(void)
{
	static u64 unregistered = 5;
	s64 ret;

	expect_stop("stack load at r10+8 stops", "out-of-bounds load of 8 bytes at r10+8 at insn 0",
		    INSNS(BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 8), BPF_EXIT_INSN()), NULL);
	expect_stop("stack load at r10+0 stops", "out-of-bounds load of 1 bytes at r10+0",
		    INSNS(BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_10, 0), BPF_EXIT_INSN()), NULL);
	expect_stop("stack load straddling r10 stops", "out-of-bounds load of 4 bytes at r10-2",
		    INSNS(BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_10, -2), BPF_EXIT_INSN()), NULL);
	expect_stop("stack store below r10-512 stops", "out-of-bounds store of 8 bytes at r10-520",
		    INSNS(BPF_ST_MEM(BPF_DW, BPF_REG_10, -520, 1),
			  BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN()), NULL);
	expect_stop("load through an unregistered pointer stops", "out-of-bounds load of 8 bytes at r1+0 at insn 2",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(&unregistered)),
			  BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN()), NULL);
	expect_stop("load through NULL stops", "out-of-bounds load",
		    INSNS(BPF_MOV64_IMM(BPF_REG_1, 0),
			  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN()), NULL);
	expect_stop("load through the context pointer stops", "out-of-bounds load",
		    INSNS(BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN()), NULL);
	expect_stop("stop after side effects still returns 0", "out-of-bounds store",
		    INSNS(BPF_MOV64_IMM(BPF_REG_0, 9),
			  BPF_ST_MEM(BPF_DW, BPF_REG_10, 0, 1), BPF_EXIT_INSN()), NULL);
	expect_stop("guard_msg", "out-of-bounds",
		    INSNS(BPF_MOV64_IMM(BPF_REG_0, 3),
			  BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 8), BPF_EXIT_INSN()), NULL);
	if (msg_stubbed())
		TEST_OK(!strcmp(last_msg, "sysbpf: program guard_msg stopped: "
				"out-of-bounds load of 8 bytes at r10+8 at insn 1"),
			"the line names the program, the access and the insn", "\"%s\"", last_msg);

	/* trusted loads are the context conversions' */
	ret = run("trusted load from the context runs", INSNS(
		BPF_RAW_INSN(BPF_LDX | BPF_TRUSTED_MEM | BPF_DW, BPF_REG_0, BPF_REG_1,
			     offsetof(struct test_ctx, cookie), 0),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0x1234, "trusted load from the context runs");
	ret = run("trusted store to the context runs", INSNS(
		BPF_RAW_INSN(BPF_ST | BPF_TRUSTED_MEM | BPF_W, BPF_REG_1, 0,
			     offsetof(struct test_ctx, cookie), 0x777),
		BPF_RAW_INSN(BPF_LDX | BPF_TRUSTED_MEM | BPF_W, BPF_REG_0, BPF_REG_1,
			     offsetof(struct test_ctx, cookie), 0),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0x777, "trusted store to the context runs");

	/* probing loads (BTF pointers): known memory reads, anything else is 0 */
	ret = run("probe load of the stack reads it", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0x4242),
		BPF_RAW_INSN(BPF_LDX | BPF_PROBE_MEM | BPF_DW, BPF_REG_0, BPF_REG_10, -8, 0),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0x4242, "probe load of the stack reads it");
	ret = run("probe load of NULL reads 0", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 7),
		BPF_MOV64_IMM(BPF_REG_1, 0),
		BPF_RAW_INSN(BPF_LDX | BPF_PROBE_MEM | BPF_W, BPF_REG_0, BPF_REG_1, 16, 0),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0, "probe load of NULL reads 0 (no stop)");
	ret = run("probe load of memory the run does not know reads 0", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 7),
		BPF_RAW_INSN(BPF_LDX | BPF_PROBE_MEM | BPF_DW, BPF_REG_0, BPF_REG_1,
			     offsetof(struct test_ctx, cookie), 0),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0, "probe load of memory the run does not know reads 0");
	ret = run("probe load one byte past the stack reads 0", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 7),
		BPF_RAW_INSN(BPF_LDX | BPF_PROBE_MEM | BPF_B, BPF_REG_0, BPF_REG_10, 0, 0),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 0, "probe load past the stack reads 0, no stop");

#define LOAD_DATA(reg)	BPF_RAW_INSN(BPF_LDX | BPF_TRUSTED_MEM | BPF_DW, reg, BPF_REG_1, \
				     offsetof(struct test_ctx, data), 0)
#define LOAD_META(reg)	BPF_RAW_INSN(BPF_LDX | BPF_TRUSTED_MEM | BPF_DW, reg, BPF_REG_1, \
				     offsetof(struct test_ctx, meta), 0)
	/* the packet: data[i] = i, meta 8 bytes before data */
	TEST_EQ(run("packet load at the last byte", INSNS(
			LOAD_DATA(BPF_REG_2),
			BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 63), BPF_EXIT_INSN())),
		63, "packet load at the last byte");
	expect_stop("packet load past data_end stops", "out-of-bounds load of 1 bytes at r2+64",
		    INSNS(LOAD_DATA(BPF_REG_2),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 64), BPF_EXIT_INSN()), NULL);
	expect_stop("packet load straddling data_end stops", "out-of-bounds load of 4 bytes",
		    INSNS(LOAD_DATA(BPF_REG_2),
			  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 62), BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("metadata load", INSNS(
			LOAD_DATA(BPF_REG_2),
			BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, -8), BPF_EXIT_INSN())),
		(u8)-8, "metadata load (meta is part of the packet)");
	expect_stop("load before meta stops", "out-of-bounds load",
		    INSNS(LOAD_META(BPF_REG_2),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, -1), BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("packet store and load", INSNS(
			LOAD_DATA(BPF_REG_2),
			BPF_ST_MEM(BPF_W, BPF_REG_2, 60, 0x01020304),
			BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 60), BPF_EXIT_INSN())),
		0x01020304, "packet store and load");
	expect_stop("packet bounds are re-read after a helper", "out-of-bounds load of 1 bytes at r6+60",
		    INSNS(LOAD_DATA(BPF_REG_6),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_6, 60),
			  BPF_EMIT_CALL(H_PKT_TRIM),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_6, 60),
			  BPF_EXIT_INSN()), NULL);
	{
		struct env env = { .ops = &no_pkt_ops };

		expect_stop("no packet for a type without pkt_bounds", "out-of-bounds load",
			    INSNS(LOAD_DATA(BPF_REG_2),
				  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 0), BPF_EXIT_INSN()), &env);
	}

	/* direct value areas: .data writable, .rodata read-only */
	memset(data_map.value, 0, sizeof(data_map.value));
	strcpy((char *)rodata_map.value, "hello");
	TEST_EQ(run("global data store and load", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(data_map.value)),
			BPF_ST_MEM(BPF_DW, BPF_REG_1, 8, 31),
			BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 8), BPF_EXIT_INSN())),
		31, "global data store and load");
	expect_stop("global data past value_size stops", "out-of-bounds store of 8 bytes at r1+16",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(data_map.value)),
			  BPF_ST_MEM(BPF_DW, BPF_REG_1, 16, 31),
			  BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("rodata load", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 1), BPF_EXIT_INSN())),
		'e', "rodata load");
	expect_stop("rodata store stops", "store to read-only memory of 1 bytes at r1+0",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			  BPF_ST_MEM(BPF_B, BPF_REG_1, 0, 'j'),
			  BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN()), NULL);
	TEST_OK(rodata_map.value[0] == 'h', "rodata is unchanged", "%c", rodata_map.value[0]);
	expect_stop("atomic on rodata stops", "atomic on read-only memory",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			  BPF_MOV64_IMM(BPF_REG_2, 1),
			  BPF_ATOMIC_OP(BPF_W, BPF_ADD, BPF_REG_1, BPF_REG_2, 0),
			  BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN()), NULL);
	{
		struct bpf_map *const maps[] = { &hash_map.map };
		struct env env = { .maps = maps, .nr_maps = 1 };

		expect_stop("global data of a map the program does not use stops",
			    "out-of-bounds load",
			    INSNS(BPF_LD_IMM64(BPF_REG_1, U(data_map.value)),
				  BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN()), &env);
	}
	TEST_EQ(run("atomic add on global data", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(data_map.value)),
			BPF_ST_MEM(BPF_DW, BPF_REG_1, 0, 40),
			BPF_MOV64_IMM(BPF_REG_2, 2),
			BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_1, BPF_REG_2, 0),
			BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
			BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_2), BPF_EXIT_INSN())),
		2, "atomic add on global data");

	/* map values handed out by helpers */
#define LOOKUP(helper, key)						\
	BPF_ST_MEM(BPF_W, BPF_REG_10, -4, key),				\
	BPF_LD_IMM64(BPF_REG_1, U(&hash_map.map)),			\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),				\
	BPF_EMIT_CALL(helper)
	memset(hash_value, 0, sizeof(hash_value));
	TEST_EQ(run("map value from a lookup: store and load", INSNS(
			LOOKUP(H_LOOKUP, 0),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
			BPF_ST_MEM(BPF_DW, BPF_REG_0, 8, 99),
			BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 8),
			BPF_EXIT_INSN(),
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_EXIT_INSN())),
		99, "map value from a lookup: store and load");
	expect_stop("map value past value_size stops", "out-of-bounds load of 1 bytes at r0+16",
		    INSNS(LOOKUP(H_LOOKUP, 0),
			  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 16),
			  BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("lookup miss returns NULL", INSNS(
			LOOKUP(H_LOOKUP, 1),
			BPF_EXIT_INSN())),
		0, "lookup miss returns NULL");
	expect_stop("the same pointer from a RET_INTEGER helper stops", "out-of-bounds load",
		    INSNS(LOOKUP(H_LOOKUP_INT, 0),
			  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
			  BPF_EXIT_INSN()), NULL);
	expect_stop("a value registered in one run is gone in the next", "out-of-bounds load",
		    INSNS(BPF_LD_IMM64(BPF_REG_0, U(hash_value)),
			  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 0),
			  BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("many lookups keep working", INSNS(
			BPF_MOV64_IMM(BPF_REG_7, 0),
			LOOKUP(H_LOOKUP, 0),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 3),
			BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_0, 15),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_7, 1),
			BPF_JMP_IMM(BPF_JLT, BPF_REG_7, 10000, -10),
			BPF_MOV64_REG(BPF_REG_0, BPF_REG_7),
			BPF_EXIT_INSN())),
		10000, "many lookups keep working");
	/* allocated memory: the size argument bounds it */
	TEST_EQ(run("allocated memory within its size", INSNS(
			BPF_MOV64_IMM(BPF_REG_1, 24),
			BPF_EMIT_CALL(H_ALLOC),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
			BPF_ST_MEM(BPF_DW, BPF_REG_0, 16, 5),
			BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 16),
			BPF_EXIT_INSN())),
		5, "allocated memory within its size");
	expect_stop("allocated memory past its size stops", "out-of-bounds store of 8 bytes at r0+24",
		    INSNS(BPF_MOV64_IMM(BPF_REG_1, 24),
			  BPF_EMIT_CALL(H_ALLOC),
			  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
			  BPF_ST_MEM(BPF_DW, BPF_REG_0, 24, 5),
			  BPF_EXIT_INSN()), NULL);
}

static void test_helper_args(void)
{
	/* map arguments */
	TEST_EQ(run("map of the program as ARG_CONST_MAP_PTR", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(&rodata_map.map)),
			BPF_EMIT_CALL(H_VALUE_SIZE), BPF_EXIT_INSN())),
		32, "map of the program as ARG_CONST_MAP_PTR");
	expect_stop("map not used by the program stops", "bad map pointer in R1",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(&stray_map.map)),
			  BPF_EMIT_CALL(H_VALUE_SIZE), BPF_EXIT_INSN()), NULL);
	expect_stop("NULL map stops", "bad map pointer in R1",
		    INSNS(BPF_MOV64_IMM(BPF_REG_1, 0),
			  BPF_EMIT_CALL(H_VALUE_SIZE), BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("inner map from a map-in-map lookup is usable", INSNS(
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			BPF_LD_IMM64(BPF_REG_1, U(&outer_map.map)),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_EMIT_CALL(H_OUTER_LOOKUP),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
			BPF_EMIT_CALL(H_VALUE_SIZE),
			BPF_EXIT_INSN())),
		24, "inner map from a map-in-map lookup is usable");
	expect_stop("an inner map is not memory", "out-of-bounds load",
		    INSNS(BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			  BPF_LD_IMM64(BPF_REG_1, U(&outer_map.map)),
			  BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			  BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			  BPF_EMIT_CALL(H_OUTER_LOOKUP),
			  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
			  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_0, 0),
			  BPF_EXIT_INSN()), NULL);
	expect_stop("map key with fewer than key_size bytes stops", "bad map key in R2",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(&hash_map.map)),
			  BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			  BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -2),
			  BPF_EMIT_CALL(H_LOOKUP), BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("map key in rodata is fine", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(&hash_map.map)),
			BPF_LD_IMM64(BPF_REG_2, U(rodata_map.value) + 8),
			BPF_EMIT_CALL(H_LOOKUP),
			BPF_MOV64_IMM(BPF_REG_0, 3),
			BPF_EXIT_INSN())),
		3, "map key in rodata is fine (read only)");

	/* memory and size */
	TEST_EQ(run("read-only memory argument on the stack", INSNS(
			BPF_LD_IMM64(BPF_REG_1, 0x0101010101010101ULL),
			BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
			BPF_MOV64_IMM(BPF_REG_2, 8),
			BPF_EMIT_CALL(H_MEM_SUM), BPF_EXIT_INSN())),
		8, "read-only memory argument on the stack");
	TEST_EQ(run("read-only memory argument in rodata", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			BPF_MOV64_IMM(BPF_REG_2, 2),
			BPF_EMIT_CALL(H_MEM_SUM), BPF_EXIT_INSN())),
		'h' + 'e', "read-only memory argument in rodata");
	expect_stop("memory argument past the stack stops", "bad memory in R1",
		    INSNS(BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
			  BPF_MOV64_IMM(BPF_REG_2, 9),
			  BPF_EMIT_CALL(H_MEM_SUM), BPF_EXIT_INSN()), NULL);
	expect_stop("zero size for ARG_CONST_SIZE stops", "bad memory in R1",
		    INSNS(BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
			  BPF_MOV64_IMM(BPF_REG_2, 0),
			  BPF_EMIT_CALL(H_MEM_SUM), BPF_EXIT_INSN()), NULL);
	TEST_EQ(run("uninit memory argument written by the helper", INSNS(
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -16),
			BPF_MOV64_IMM(BPF_REG_2, 16),
			BPF_EMIT_CALL(H_FILL),
			BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_10, -1),
			BPF_EXIT_INSN())),
		0xab, "uninit memory argument written by the helper");
	TEST_EQ(run("zero size with ARG_CONST_SIZE_OR_ZERO takes any pointer", INSNS(
			BPF_MOV64_IMM(BPF_REG_1, 12345),
			BPF_MOV64_IMM(BPF_REG_2, 0),
			BPF_EMIT_CALL(H_FILL),
			BPF_MOV64_IMM(BPF_REG_0, 4),
			BPF_EXIT_INSN())),
		4, "zero size with ARG_CONST_SIZE_OR_ZERO takes any pointer");
	expect_stop("uninit memory argument in rodata stops", "bad memory in R1",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			  BPF_MOV64_IMM(BPF_REG_2, 4),
			  BPF_EMIT_CALL(H_FILL), BPF_EXIT_INSN()), NULL);
	TEST_OK(rodata_map.value[0] == 'h', "rodata untouched by a refused helper", "%c",
		rodata_map.value[0]);
	TEST_EQ(run("fixed-size memory argument", INSNS(
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
			BPF_EMIT_CALL(H_FIXED),
			BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_10, -8),
			BPF_EXIT_INSN())),
		8, "fixed-size memory argument");
	expect_stop("fixed-size memory argument too short stops", "bad memory in R1",
		    INSNS(BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -4),
			  BPF_EMIT_CALL(H_FIXED), BPF_EXIT_INSN()), NULL);

	/* context */
	TEST_EQ(run("ARG_PTR_TO_CTX takes the context", INSNS(
			BPF_EMIT_CALL(H_CTX), BPF_EXIT_INSN())),
		1, "ARG_PTR_TO_CTX takes the context");
	expect_stop("ARG_PTR_TO_CTX refuses another pointer", "bad context in R1",
		    INSNS(BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			  BPF_EMIT_CALL(H_CTX), BPF_EXIT_INSN()), NULL);

	/* constant strings: NUL-terminated read-only map memory */
	TEST_EQ(run("constant string in rodata", INSNS(
			BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			BPF_EMIT_CALL(H_STRLEN), BPF_EXIT_INSN())),
		5, "constant string in rodata");
	expect_stop("constant string on the stack stops", "bad constant string in R1",
		    INSNS(BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0x41),
			  BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
			  BPF_EMIT_CALL(H_STRLEN), BPF_EXIT_INSN()), NULL);
	expect_stop("constant string in writable data stops", "bad constant string",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(data_map.value)),
			  BPF_EMIT_CALL(H_STRLEN), BPF_EXIT_INSN()), NULL);
	memset(rodata_map.value, 'x', rodata_map.map.value_size);
	expect_stop("constant string without its NUL stops", "bad constant string",
		    INSNS(BPF_LD_IMM64(BPF_REG_1, U(rodata_map.value)),
			  BPF_EMIT_CALL(H_STRLEN), BPF_EXIT_INSN()), NULL);
	strcpy((char *)rodata_map.value, "hello");
}

/* ---- callbacks ---- */

static void test_callbacks(void)
{
	static const u32 entries[] = { 0, 12 };
	struct env env = { .subprogs = entries, .nr_subprogs = 2 };
	struct bpf_prog *p;
	s64 ret;

	/* t_loop(5, cb, &counter on the stack): the callback bumps it */
	p = build("loop", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_MOV64_IMM(BPF_REG_1, 5),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 0),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(H_LOOP),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 100),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
		/* 12: callback(index, ctx) */
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_2, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 1),
		BPF_STX_MEM(BPF_DW, BPF_REG_2, BPF_REG_3, 0),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 7),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN()), &env);
	if (p) {
		set_imm64(p, 2, U(&p->aux->subprog_entries[1]));
		reset_ctx();
		ret = bpf_prog_run(p, &tctx);
		TEST_EQ(ret, 505, "callback runs in a frame of the run, on the caller's stack");
		/* as a timer would: no run around it */
		last_msg[0] = 0;
		TEST_OK(bpf_prog_run_subprog(&p->aux->subprog_entries[1], 0,
					     U(&tctx.cookie), 0, 0, 0) == 0 &&
			stopped_with("program loop stopped: out-of-bounds load of 8 bytes at r2+0"),
			"a callback outside a run is a run of its own: its loads are checked",
			"\"%s\"", last_msg);
		free_prog(p);
	}
	p = build("timer_cb", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 30),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_5),
		BPF_EXIT_INSN()), &(struct env){ .subprogs = (const u32[]){ 0, 2 },
						 .nr_subprogs = 2 });
	if (p) {
		TEST_EQ(bpf_prog_run_subprog(&p->aux->subprog_entries[1], 1, 2, 3, 4,
					     0x100000000ULL),
			0x100000000ULL + 31, "a callback outside a run returns its 64-bit r0");
		free_prog(p);
	}

	p = build("loop_stop", INSNS(
		BPF_MOV64_IMM(BPF_REG_6, 1),
		BPF_MOV64_IMM(BPF_REG_1, 1000),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 0),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(H_LOOP),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		/* 12: a callback that breaks a bound */
		BPF_EMIT_CALL(H_COUNT),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 8),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN()), &env);
	if (p) {
		int before = nr_msgs;

		set_imm64(p, 2, U(&p->aux->subprog_entries[1]));
		reset_ctx();
		counter = 0;
		ret = bpf_prog_run(p, &tctx);
		TEST_OK(ret == 0 && counter == 1 && (!msg_stubbed() || nr_msgs == before + 1),
			"a callback that breaks a bound stops the whole run",
			"ret %lld callbacks %d lines %d", (long long)ret, counter,
			nr_msgs - before);
		free_prog(p);
	}

	p = build("loop_bad_fn", INSNS(
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_LD_IMM64(BPF_REG_2, U(&tctx)),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(H_LOOP),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN()), &env);
	if (p) {
		reset_ctx();
		ret = bpf_prog_run(p, &tctx);
		TEST_OK(ret == 0 && stopped_with("bad callback in R2"),
			"a callback that is no subprogram entry stops", "ret %lld \"%s\"",
			(long long)ret, last_msg);
		free_prog(p);
	}

	p = build("loop_ctx_not_stack", INSNS(
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 0),
		BPF_LD_IMM64(BPF_REG_3, U(data_map.value)),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(H_LOOP),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN()), &env);
	if (p) {
		set_imm64(p, 1, U(&p->aux->subprog_entries[1]));
		reset_ctx();
		ret = bpf_prog_run(p, &tctx);
		TEST_OK(ret == 0 && stopped_with("bad stack pointer in R3"),
			"ARG_PTR_TO_STACK refuses other memory", "ret %lld \"%s\"",
			(long long)ret, last_msg);
		free_prog(p);
	}

	/* a callback that calls itself back through the helper: frames add up */
	p = build("loop_nest", INSNS(
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 0),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(H_LOOP),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		BPF_EXIT_INSN(),
		/* 12 */
		BPF_MOV64_IMM(BPF_REG_1, 1),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 0),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(H_LOOP),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN()), &env);
	if (p) {
		set_imm64(p, 1, U(&p->aux->subprog_entries[1]));
		set_imm64(p, 13, U(&p->aux->subprog_entries[1]));
		reset_ctx();
		ret = bpf_prog_run(p, &tctx);
		TEST_OK(ret == 0 && stopped_with("callback deeper than 8 frames"),
			"nested callbacks are limited to 8 frames", "ret %lld \"%s\"",
			(long long)ret, last_msg);
		free_prog(p);
	}
}

/* The callback of another program, fired inside a run, is a run of its own. */
static void test_foreign_callback(void)
{
	struct bpf_prog *b;
	s64 ret;

	b = build("foreign_cb", INSNS(
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		/* 2: reads through its argument */
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		/* 5: pure */
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_EXIT_INSN()), &(struct env){ .subprogs = (const u32[]){ 0, 2, 5 },
						 .nr_subprogs = 3 });
	if (!b)
		return;
	fire_entry = &b->aux->subprog_entries[2];
	TEST_EQ(run("fire", INSNS(
			BPF_MOV64_IMM(BPF_REG_1, 41),
			BPF_EMIT_CALL(H_FIRE),
			BPF_EXIT_INSN())),
		42, "another program's callback fired in a run returns its r0");
	fire_entry = &b->aux->subprog_entries[1];
	ret = run("fire", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 77),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
		BPF_EMIT_CALL(H_FIRE),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1000),
		BPF_EXIT_INSN()));
	TEST_OK(ret == 1000 && stopped_with("program foreign_cb stopped: out-of-bounds load"),
		"another program's callback does not see the run's stack; the run goes on",
		"ret %lld \"%s\"", (long long)ret, last_msg);
	fire_entry = NULL;
	free_prog(b);
}

/* A program run by a helper is a run of its own. */
static void test_nested_run(void)
{
	s64 ret;

	inner_prog = build("inner_ok", INSNS(BPF_MOV64_IMM(BPF_REG_0, 5), BPF_EXIT_INSN()), NULL);
	ret = run("outer", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 10),
		BPF_EMIT_CALL(H_RUN_INNER),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 15, "a program run from a helper returns to its caller's run");
	free_prog(inner_prog);

	inner_prog = build("inner_bad", INSNS(
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 8), BPF_EXIT_INSN()), NULL);
	ret = run("outer", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 10),
		BPF_EMIT_CALL(H_RUN_INNER),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN()));
	TEST_OK(ret == 10 && stopped_with("program inner_bad stopped"),
		"a stopped inner run does not stop the outer one", "ret %lld \"%s\"",
		(long long)ret, last_msg);
	free_prog(inner_prog);

	/* the inner run cannot touch the outer run's stack (r10 via the cookie) */
	inner_prog = build("inner_peek", INSNS(
		BPF_RAW_INSN(BPF_LDX | BPF_TRUSTED_MEM | BPF_DW, BPF_REG_2, BPF_REG_1,
			     offsetof(struct test_ctx, cookie), 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_2, -8), BPF_EXIT_INSN()), NULL);
	ret = run("outer", INSNS(
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 10),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		BPF_EMIT_CALL(H_RECORD),
		BPF_EMIT_CALL(H_RUN_INNER),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_EXIT_INSN()));
	TEST_EQ(ret, 1, "an inner run does not see the outer run's memory");
	free_prog(inner_prog);
	inner_prog = NULL;
}

/* ---- stats, threads ---- */

static void test_stats(void)
{
	struct bpf_prog *p = build("stats", INSNS(BPF_MOV64_IMM(BPF_REG_0, 1),
						  BPF_EXIT_INSN()), NULL);

	if (!p)
		return;
	reset_ctx();
	sysctl_bpf_stats_enabled = 0;
	bpf_prog_run(p, &tctx);
	TEST_EQ(p->aux->stats.cnt, 0, "no stats while bpf_stats_enabled is off");
	sysctl_bpf_stats_enabled = 1;
	bpf_prog_run(p, &tctx);
	bpf_prog_run(p, &tctx);
	sysctl_bpf_stats_enabled = 0;
	TEST_EQ(p->aux->stats.cnt, 2, "run_cnt counts runs while stats are on");
	TEST_OK(p->aux->stats.nsecs < 1000000000ULL, "run_time_ns is plausible", "%llu",
		(unsigned long long)p->aux->stats.nsecs);
	free_prog(p);
}

static struct bpf_prog *thread_prog;

static void *thread_fn(void *arg)
{
	long id = (long)arg, bad = 0, i;
	u32 want = (u32)(id * 1000);

	for (i = 0; i < 2000; i++)
		if (bpf_prog_run(thread_prog, (void *)(uintptr_t)want) != want + 1)
			bad++;
	return (void *)bad;
}

static void test_threads(void)
{
	pthread_t t[4];
	long i, bad = 0;
	void *r;

	/* r1 (the "context") goes through the stack and comes back + 1 */
	thread_prog = build("threads", INSNS(
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		BPF_CALL_REL(3),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_EXIT_INSN()), NULL);
	if (!thread_prog)
		return;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_fn, (void *)(i + 1));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	TEST_EQ(bad, 0, "runs on four threads at once keep their own state");
	free_prog(thread_prog);
}

/* ---- select_runtime ---- */

static void expect_select(const char *name, int want, const struct bpf_insn *insns, u32 len)
{
	int err = 0;
	struct bpf_prog *p = build_err(name, insns, len, NULL, &err);

	TEST_OK(err == want && (err || p->bpf_func), name, "err %d, want %d", err, want);
	free_prog(p);
}

static void test_select_runtime(void)
{
	expect_select("select_runtime takes a plain program", 0,
		      INSNS(BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()));
	expect_select("jump past the end is refused", -EINVAL,
		      INSNS(BPF_JMP_A(1), BPF_EXIT_INSN()));
	expect_select("jump before the start is refused", -EINVAL,
		      INSNS(BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -2), BPF_EXIT_INSN()));
	expect_select("jump into an LD_IMM64 is refused", -EINVAL,
		      INSNS(BPF_JMP_A(1), BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN()));
	expect_select("a program that can run off its end is refused", -EINVAL,
		      INSNS(BPF_MOV64_IMM(BPF_REG_0, 0)));
	expect_select("a conditional jump last is refused", -EINVAL,
		      INSNS(BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -2)));
	expect_select("a truncated LD_IMM64 is refused", -EINVAL,
		      INSNS(BPF_EXIT_INSN(), BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0)));
	expect_select("an LD_IMM64 with a bad second half is refused", -EINVAL,
		      INSNS(BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0),
			    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()));
	expect_select("an unknown opcode is refused", -EINVAL,
		      INSNS(BPF_RAW_INSN(0xff, 0, 0, 0, 0), BPF_EXIT_INSN()));
	expect_select("LD_ABS dw is refused", -EINVAL,
		      INSNS(BPF_RAW_INSN(BPF_LD | BPF_ABS | BPF_DW, 0, 0, 0, 0), BPF_EXIT_INSN()));
	expect_select("a call past the end is refused", -EINVAL,
		      INSNS(BPF_CALL_REL(5), BPF_EXIT_INSN()));
	expect_select("a kfunc call needs a JIT: -ENOTSUPP", -ENOTSUPP,
		      INSNS(BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1),
			    BPF_EXIT_INSN()));
	expect_select("a program may end with ja", 0,
		      INSNS(BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(), BPF_JMP_A(-2)));
}

/* ---- patching, realloc ---- */

static void test_patch(void)
{
	const struct bpf_insn three_adds[] = {
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	};
	struct bpf_prog *p, *np;
	struct bpf_line_info *linfo;
	struct bpf_prog_aux *aux;
	int err = 0;

	p = bpf_prog_alloc(10);
	if (!p) {
		TEST_OK(false, "bpf_prog_alloc", "NULL");
		return;
	}
	aux = p->aux;
	{
		const struct bpf_insn insns[] = {
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_JMP_A(2),
			BPF_CALL_REL(5),
			BPF_EXIT_INSN(),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),	/* 4: patched */
			BPF_JMP_IMM(BPF_JGE, BPF_REG_0, 2, -4),
			BPF_MOV64_IMM(BPF_REG_0, 55),
			BPF_EXIT_INSN(),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1000),	/* 8: subprog */
			BPF_EXIT_INSN(),
		};
		memcpy(p->insnsi, insns, sizeof(insns));
	}
	aux->name[0] = 'p';
	aux->subprog_cnt = 2;
	aux->subprog_starts = kcalloc(2, sizeof(u32), GFP_KERNEL);
	aux->subprog_starts[1] = 8;
	aux->subprog_entries = kcalloc(2, sizeof(*aux->subprog_entries), GFP_KERNEL);
	aux->subprog_entries[0] = (struct bpf_subprog_entry){ p, 0 };
	aux->subprog_entries[1] = (struct bpf_subprog_entry){ p, 8 };
	aux->nr_linfo = 4;
	linfo = aux->linfo = kcalloc(4, sizeof(*linfo), GFP_KERNEL);
	linfo[1].insn_off = 4;
	linfo[2].insn_off = 5;
	linfo[3].insn_off = 8;

	np = bpf_patch_insn_single(p, 4, three_adds, 3);
	if (IS_ERR(np)) {
		TEST_OK(false, "bpf_patch_insn_single", "%ld", PTR_ERR(np));
		bpf_prog_free(p);
		return;
	}
	p = np;
	aux = p->aux;
	TEST_EQ(p->len, 12, "patch: length grows by len - 1");
	TEST_EQ(p->insnsi[1].off, 2, "patch: a jump to the patched insn enters the patch");
	TEST_EQ(p->insnsi[2].imm, 7, "patch: a call over the patch moves with the tail");
	TEST_EQ(p->insnsi[7].off, -6, "patch: a jump back over the patch grows");
	TEST_OK(p->insnsi[6].imm == 1 && p->insnsi[4].imm == 1, "patch: the patch is in place", " ");
	TEST_OK(aux->subprog_starts[0] == 0 && aux->subprog_starts[1] == 10,
		"patch: subprog starts after the patch move", "%u %u",
		aux->subprog_starts[0], aux->subprog_starts[1]);
	TEST_OK(aux->subprog_entries[1].insn_off == 10 && aux->subprog_entries[1].prog == p,
		"patch: subprog entries move and follow the program", " ");
	TEST_OK(linfo == aux->linfo && linfo[0].insn_off == 0 && linfo[1].insn_off == 4 &&
		linfo[2].insn_off == 7 && linfo[3].insn_off == 10,
		"patch: line info past the patched insn moves", "%u %u %u %u",
		aux->linfo[0].insn_off, aux->linfo[1].insn_off, aux->linfo[2].insn_off,
		aux->linfo[3].insn_off);
	aux->ops = &test_ops;
	p = bpf_prog_select_runtime(p, &err);
	TEST_EQ(err, 0, "patched program is runnable");
	if (!err) {
		reset_ctx();
		TEST_EQ(bpf_prog_run(p, &tctx), 1004, "patched program runs as patched");
	}
	np = bpf_patch_insn_single(p, 0, three_adds, 1);
	TEST_OK(np == p && p->len == 12 && p->insnsi[0].imm == 1 &&
		p->insnsi[0].code == (BPF_ALU64 | BPF_ADD | BPF_K),
		"patch with one insn replaces in place", " ");
	TEST_OK(PTR_ERR(bpf_patch_insn_single(p, 12, three_adds, 3)) == -EINVAL,
		"patch past the end is -EINVAL", " ");
	bpf_prog_free(p);

	/* a jump that would no longer fit in 16 bits: -ERANGE, nothing changed */
	p = bpf_prog_alloc(32770);
	if (p) {
		u32 i;

		p->insnsi[0] = BPF_JMP_A(32767);
		for (i = 1; i < 32769; i++)
			p->insnsi[i] = BPF_MOV64_IMM(BPF_REG_0, 0);
		p->insnsi[32769] = BPF_EXIT_INSN();
		np = bpf_patch_insn_single(p, 1, three_adds, 2);
		TEST_OK(np == ERR_PTR(-ERANGE) && p->len == 32770 && p->insnsi[0].off == 32767 &&
			p->insnsi[1].imm == 0,
			"patch that overflows a jump offset is -ERANGE and changes nothing",
			"%ld", PTR_ERR(np));
		np = bpf_patch_insn_single(p, 32768, three_adds, 2);
		TEST_OK(!IS_ERR(np) && np->len == 32771 && np->insnsi[0].off == 32767,
			"patch after the target leaves the jump", "%ld", PTR_ERR(np));
		bpf_prog_free(IS_ERR(np) ? p : np);
	}

	/* realloc: in place while the block has room, else a move */
	p = bpf_prog_alloc(1);
	if (p) {
		p->aux->subprog_cnt = 1;
		p->aux->subprog_entries = kcalloc(1, sizeof(*p->aux->subprog_entries), GFP_KERNEL);
		p->aux->subprog_entries[0].prog = p;
		p->insnsi[0] = BPF_EXIT_INSN();
		np = bpf_prog_realloc(p, 16);
		TEST_OK(np == p, "realloc within the block keeps the program", " ");
		np = bpf_prog_realloc(p, 4096);
		TEST_OK(np && np != p && np->aux->prog == np &&
			np->aux->subprog_entries[0].prog == np &&
			np->insnsi[0].code == (BPF_JMP | BPF_EXIT),
			"realloc past the block moves the program and its back pointers", " ");
		bpf_prog_free(np ? np : p);
	}
	TEST_OK(!bpf_prog_alloc(U32_MAX), "bpf_prog_alloc of 2^32-1 insns fails", " ");
}

static void test_tag(void)
{
	static const struct {
		const char *name;
		const char *tag;
	} want[] = {
		{ "tag of r0 = 0; exit (the kernel's a04f5eef06a7f555)", "a04f5eef06a7f555" },
		{ "tag leaves the map fd out", "2c24d7c519a868e3" },
		{ "tag of 56 bytes (padding in a second block)", "b0b5082fb24243bd" },
		{ "tag of 64 bytes", "48edb4ac38b47e2c" },
	};
	struct bpf_insn progs[4][8] = {
		{ BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
		{ BPF_LD_MAP_FD(BPF_REG_1, 17), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() },
	};
	const u32 lens[4] = { 2, 4, 7, 8 };
	char hex[2 * BPF_TAG_SIZE + 1];
	struct bpf_prog *p;
	int i, j;

	for (i = 0; i < 7; i++) {
		progs[2][i] = BPF_MOV64_IMM(BPF_REG_0, i + 1);
		progs[3][i] = BPF_MOV64_IMM(BPF_REG_0, i + 1);
	}
	progs[2][6] = BPF_EXIT_INSN();
	progs[3][7] = BPF_EXIT_INSN();
	for (i = 0; i < 4; i++) {
		p = bpf_prog_alloc(lens[i]);
		if (!p)
			continue;
		memcpy(p->insnsi, progs[i], lens[i] * sizeof(struct bpf_insn));
		TEST_EQ(bpf_prog_calc_tag(p), 0, "bpf_prog_calc_tag");
		for (j = 0; j < BPF_TAG_SIZE; j++)
			sprintf(hex + 2 * j, "%02x", p->tag[j]);
		TEST_OK(!strcmp(hex, want[i].tag), want[i].name, "%s", hex);
		TEST_OK(p->insnsi[0].imm == progs[i][0].imm, "the tag leaves the program alone", " ");
		bpf_prog_free(p);
	}
}

int main(void)
{
	u64 mem = sysbpf_mem_allocated();

	reset_ctx();
	test_alu_table();
	test_alu_edges();
	test_end();
	test_jmp_table();
	test_ld_imm64_and_mem();
	test_atomics();
	test_calls();
	test_tail_calls();
	test_ld_abs();
	test_guard();
	test_helper_args();
	test_callbacks();
	test_nested_run();
	test_foreign_callback();
	test_stats();
	test_threads();
	test_select_runtime();
	test_patch();
	test_tag();
	TEST_EQ(sysbpf_mem_allocated(), mem, "every program and run freed what it took");
	return sysbpf_test_done();
}
