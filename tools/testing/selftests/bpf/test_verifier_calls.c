// SPDX-License-Identifier: GPL-2.0
/*
 * Helper calls, references, locks and bpf-to-bpf calls of the verifier
 * (kernel/bpf/verifier_helpers.c, verifier_calls.c), through BPF_PROG_LOAD
 * of sysbpf's entry: each case is a program with the verdict, errno and
 * log line Linux 6.1 gives it.  The upstream test_verifier covers the
 * common cases; these are the ones it leaves to other suites (stack depth
 * across calls, tail calls below deep frames, callback return values,
 * the frames in the level 2 log, the full type list of a mismatch).
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/btf.h>
#include <stdbool.h>
#include <unistd.h>
#include "sysbpf_test.h"

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);

#define MAX_INSNS	48
#define LOG_SIZE	(256 * 1024)

enum fixup_map { MAP_NONE, MAP_ARRAY, MAP_PROG_ARRAY };

struct vcase {
	const char *name;
	enum bpf_prog_type type;
	struct bpf_insn insns[MAX_INSNS];
	enum fixup_map map;		/* what the BPF_LD_MAP_FD insns load */
	/* with BTF func_info: the first insns of the subprograms after main */
	int subprogs[3];
	bool global;			/* the subprograms are global int f(int) */
	int err;			/* 0: accepted; else the errno */
	u32 log_level;
	const char *errstr[3];		/* substrings the log must have */
};

/* bpf_sock_tuple's ipv4 part, for the socket lookups */
#define TUPLE_V4_SIZE	12

/* a 16-byte zeroed tuple at fp-16 in r2, and bpf_sk_lookup_tcp(ctx, tuple, 12, 0, 0) */
#define SK_LOOKUP_TCP							\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),				\
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),				\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16),				\
	BPF_MOV64_IMM(BPF_REG_3, TUPLE_V4_SIZE),			\
	BPF_MOV64_IMM(BPF_REG_4, 0),					\
	BPF_MOV64_IMM(BPF_REG_5, 0),					\
	BPF_EMIT_CALL(BPF_FUNC_sk_lookup_tcp)

/* r1 = array map, r2 = &key (0) at fp-4, then bpf_map_lookup_elem (4 insns + 2) */
#define ARRAY_LOOKUP							\
	BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),				\
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),				\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),				\
	BPF_LD_MAP_FD(BPF_REG_1, 0),					\
	BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem)

/* r2 = the subprogram starting at insn target, from the LD_IMM64 at insn at */
#define LD_FUNC(at, target)						\
	BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, (target) - (at) - 1)

static const struct vcase cases[] = {
{
	"bpf-to-bpf call: caller, callee and the return in the level 2 log",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_1, 40),
	BPF_CALL_REL(2),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 2),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	BPF_EXIT_INSN(),
	},
	.log_level = 2,
	.errstr = { "caller:\n", "callee:\n", "returning from callee:\n" },
},
{
	"bpf-to-bpf call: back to the insn after the call",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_1, 40),
	BPF_CALL_REL(2),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 2),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
	BPF_EXIT_INSN(),
	},
	.log_level = 2,
	.errstr = { "to caller at 2:\n" },
},
{
	"bpf-to-bpf call: the callee's r0 is the caller's",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_CALL_REL(1),
	BPF_EXIT_INSN(),
	BPF_MOV64_IMM(BPF_REG_0, 1),
	BPF_EXIT_INSN(),
	},
},
{
	"bpf-to-bpf call: the caller's r1-r5 are gone after the call",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_2, 1),
	BPF_CALL_REL(2),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_2),
	BPF_EXIT_INSN(),
	BPF_MOV64_IMM(BPF_REG_0, 1),
	BPF_EXIT_INSN(),
	},
	.err = EACCES,
	.errstr = { "R2 !read_ok" },
},
{
	"bpf-to-bpf call: 256 + 288 bytes of stack on one chain",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -256, 0),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -288, 0),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EACCES,
	.errstr = { "combined stack size of 2 calls is 544. Too large" },
},
{
	"bpf-to-bpf call: 256 + 256 bytes fit",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -256, 0),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -256, 0),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
},
{
	"bpf-to-bpf call: frames round up to 32 bytes",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	/* 8 bytes count as 32: 32 + 488 (504 rounded) > 512 */
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -488, 0),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EACCES,
	.errstr = { "combined stack size of 2 calls is 544. Too large" },
},
{
	"bpf-to-bpf call: the call stack of 9 frames",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_CALL_REL(1), BPF_EXIT_INSN(),	/* main */
	BPF_CALL_REL(1), BPF_EXIT_INSN(),	/* 1 */
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),	/* 7 */
	BPF_MOV64_IMM(BPF_REG_0, 0),		/* 8: one too many */
	BPF_EXIT_INSN(),
	},
	.err = E2BIG,
	.errstr = { "the call stack of 9 frames is too deep" },
},
{
	"bpf-to-bpf call: 8 frames are allowed",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_CALL_REL(1), BPF_EXIT_INSN(),	/* main */
	BPF_CALL_REL(1), BPF_EXIT_INSN(),	/* 1 */
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),
	BPF_CALL_REL(1), BPF_EXIT_INSN(),	/* 6 */
	BPF_MOV64_IMM(BPF_REG_0, 0),		/* 7 */
	BPF_EXIT_INSN(),
	},
},
{
	"bpf-to-bpf call: a callee returns its stack pointer",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_10),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, -8),
	BPF_EXIT_INSN(),
	},
	.err = EINVAL,
	.errstr = { "cannot return stack pointer to the caller" },
},
{
	"tail call below 256 bytes of caller frames",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -256, 0),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_LD_MAP_FD(BPF_REG_2, 0),		/* 4: r1 is still the context */
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_EMIT_CALL(BPF_FUNC_tail_call),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.subprogs = { 4 },
	.map = MAP_PROG_ARRAY,
	.err = EACCES,
	.errstr = { "tail_calls are not allowed when call stack of previous frames is 256 bytes. Too large" },
},
{
	"tail call below 224 bytes of caller frames",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -224, 0),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_LD_MAP_FD(BPF_REG_2, 0),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_EMIT_CALL(BPF_FUNC_tail_call),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.subprogs = { 4 },
	.map = MAP_PROG_ARRAY,
},
{
	"bpf_loop: the callback returns 2",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_1, 1),
	LD_FUNC(1, 8),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_MOV64_IMM(BPF_REG_4, 0),
	BPF_EMIT_CALL(BPF_FUNC_loop),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_IMM(BPF_REG_0, 2),		/* 8: the callback */
	BPF_EXIT_INSN(),
	},
	.subprogs = { 8 },
	.err = EINVAL,
	.errstr = { "At callback return the register R0 has value (0x2; 0x0) should have been in (0x0; 0x1)\n" },
},
{
	"bpf_loop: the callback returns 1",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_1, 1),
	LD_FUNC(1, 8),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_MOV64_IMM(BPF_REG_4, 0),
	BPF_EMIT_CALL(BPF_FUNC_loop),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_IMM(BPF_REG_0, 1),
	BPF_EXIT_INSN(),
	},
	.subprogs = { 8 },
},
{
	"bpf_loop: the callback's index is a number, its r3 unset",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_1, 1),
	LD_FUNC(1, 8),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_MOV64_IMM(BPF_REG_4, 0),
	BPF_EMIT_CALL(BPF_FUNC_loop),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_3),
	BPF_EXIT_INSN(),
	},
	.subprogs = { 8 },
	.err = EACCES,
	.errstr = { "R3 !read_ok" },
},
{
	"bpf_for_each_map_elem: the callback returns the map",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_LD_MAP_FD(BPF_REG_1, 0),
	LD_FUNC(2, 9),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_MOV64_IMM(BPF_REG_4, 0),
	BPF_EMIT_CALL(BPF_FUNC_for_each_map_elem),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),	/* 9: the callback */
	BPF_EXIT_INSN(),
	},
	.subprogs = { 9 },
	.map = MAP_ARRAY,
	.err = EACCES,
	.errstr = { "R0 not a scalar value" },
},
{
	"bpf_for_each_map_elem: the callback reads key and value",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_LD_MAP_FD(BPF_REG_1, 0),
	LD_FUNC(2, 9),
	BPF_MOV64_IMM(BPF_REG_3, 0),
	BPF_MOV64_IMM(BPF_REG_4, 0),
	BPF_EMIT_CALL(BPF_FUNC_for_each_map_elem),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 0),	/* 9 */
	BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_3, 0),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.subprogs = { 9 },
	.map = MAP_ARRAY,
},
{
	"global function: verified on its own, stepped over at the call",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_1, 5),
	BPF_CALL_REL(1),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),	/* 3: gfunc(x) */
	BPF_EXIT_INSN(),
	},
	.subprogs = { 3 },
	.global = true,
	.log_level = 2,
	.errstr = { "Func#1 is global and valid. Skipping.\n" },
},
{
	"global function: the context where an int is expected",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_CALL_REL(1),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),	/* 2: gfunc(x) */
	BPF_EXIT_INSN(),
	},
	.subprogs = { 2 },
	.global = true,
	.err = EINVAL,
	.errstr = { "R1 is not a scalar\nCaller passes invalid args into func#1\n" },
},
{
	"global function: its result is any number",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	BPF_MOV64_IMM(BPF_REG_1, 0),
	BPF_CALL_REL(5),
	/* r0 from a global function is unbounded: no stack index */
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	BPF_ALU64_REG(BPF_ADD, BPF_REG_2, BPF_REG_0),
	BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, -8),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_IMM(BPF_REG_0, 0),		/* 8: gfunc(x) */
	BPF_EXIT_INSN(),
	},
	.subprogs = { 8 },
	.global = true,
	.err = EINVAL,
	.errstr = { "math between fp pointer and register with unbounded min value is not allowed" },
},
{
	"bpf_spin_lock: a map without BTF",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	ARRAY_LOOKUP,
	BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	BPF_EMIT_CALL(BPF_FUNC_spin_lock),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.map = MAP_ARRAY,
	.err = EACCES,
	.errstr = { "map '' has to have BTF in order to use bpf_spin_lock" },
},
{
	"bpf_map_lookup_elem: a number as the key, every allowed type listed",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_2, 0),
	BPF_LD_MAP_FD(BPF_REG_1, 0),
	BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.map = MAP_ARRAY,
	.err = EACCES,
	.errstr = { "R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value\n" },
},
{
	"bpf_map_lookup_elem: the map argument is not a map",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EACCES,
	.errstr = { "R1 type=ctx expected=map_ptr" },
},
{
	"bpf_map_pop_elem on an array: the helper refuses the map",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	BPF_LD_MAP_FD(BPF_REG_1, 0),
	BPF_EMIT_CALL(BPF_FUNC_map_pop_elem),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.map = MAP_ARRAY,
	.err = EINVAL,
	.errstr = { "cannot pass map_type 2 into func bpf_map_pop_elem#" },
},
{
	"bpf_map_lookup_elem on a prog array: the map refuses the helper",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	ARRAY_LOOKUP,
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.map = MAP_PROG_ARRAY,
	.err = EINVAL,
	.errstr = { "cannot pass map_type 3 into func bpf_map_lookup_elem#1" },
},
{
	"a helper the program type does not have",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_head),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EINVAL,
	.errstr = { "unknown func bpf_xdp_adjust_head#44" },
},
{
	"a helper id past the last one",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_EMIT_CALL(__BPF_FUNC_MAX_ID),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EINVAL,
	.errstr = { "invalid func " },
},
{
	"a helper leaves r1-r5 unset",
	BPF_PROG_TYPE_SOCKET_FILTER,
	{
	BPF_MOV64_IMM(BPF_REG_5, 1),
	BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_5),
	BPF_EXIT_INSN(),
	},
	.err = EACCES,
	.errstr = { "R5 !read_ok" },
},
{
	"bpf_sk_lookup_tcp without bpf_sk_release",
	BPF_PROG_TYPE_SCHED_CLS,
	{
	SK_LOOKUP_TCP,
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EINVAL,
	.errstr = { "Unreleased reference id=2 alloc_insn=7" },
},
{
	"bpf_sk_lookup_tcp and bpf_sk_release",
	BPF_PROG_TYPE_SCHED_CLS,
	{
	SK_LOOKUP_TCP,
	BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	BPF_EMIT_CALL(BPF_FUNC_sk_release),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
},
{
	"bpf_sk_release twice: the copy became a number with the first",
	BPF_PROG_TYPE_SCHED_CLS,
	{
	SK_LOOKUP_TCP,
	BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 5),
	BPF_MOV64_REG(BPF_REG_6, BPF_REG_0),
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	BPF_EMIT_CALL(BPF_FUNC_sk_release),
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
	BPF_EMIT_CALL(BPF_FUNC_sk_release),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
	.err = EACCES,
	.errstr = { "R1 type=scalar expected=sock_common, sock, tcp_sock, xdp_sock, ptr_\n" },
},
{
	"a callee may release what its caller acquired",
	BPF_PROG_TYPE_SCHED_CLS,
	{
	SK_LOOKUP_TCP,
	BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_EMIT_CALL(BPF_FUNC_sk_release),	/* 13: the callee */
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	},
},
};

/*
 * The program BTF of the cases with func_info: int main(void) and
 * static int sub(void), or global int gfunc(int x).
 */
static const u32 prog_btf[] = {
	0x0001eb9f, 24, 0, 0, 0, 0,		/* header: lengths set in load_btf() */
	/* [1] int */
	1, BTF_KIND_INT << 24, 4, (BTF_INT_SIGNED << 24) | 32,
	/* [2] int (void) */
	0, BTF_KIND_FUNC_PROTO << 24, 1,
	/* [3] static int main(void) */
	5, BTF_KIND_FUNC << 24, 2,
	/* [4] static int sub(void) */
	10, BTF_KIND_FUNC << 24, 2,
	/* [5] int (int x) */
	0, (BTF_KIND_FUNC_PROTO << 24) | 1, 1, 14, 1,
	/* [6] global int gfunc(int x) */
	16, (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL, 5,
};
static const char prog_btf_str[] = "\0int\0main\0sub\0x\0gfunc";

static int load_btf(char *log)
{
	static unsigned char blob[sizeof(prog_btf) + sizeof(prog_btf_str)];
	u32 hdr[6];
	union bpf_attr a;

	memcpy(hdr, prog_btf, sizeof(hdr));
	hdr[3] = sizeof(prog_btf) - sizeof(hdr);	/* type_len */
	hdr[4] = hdr[3];				/* str_off */
	hdr[5] = sizeof(prog_btf_str);			/* str_len */
	memcpy(blob, hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), prog_btf + 6, hdr[3]);
	memcpy(blob + sizeof(prog_btf), prog_btf_str, sizeof(prog_btf_str));

	memset(&a, 0, sizeof(a));
	a.btf = (u64)(unsigned long)blob;
	a.btf_size = sizeof(blob);
	a.btf_log_buf = (u64)(unsigned long)log;
	a.btf_log_size = LOG_SIZE;
	a.btf_log_level = 1;
	return __sys_bpf(BPF_BTF_LOAD, &a, sizeof(a));
}

static int map_create(u32 type, u32 key_size, u32 value_size, u32 max_entries)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key_size;
	a.value_size = value_size;
	a.max_entries = max_entries;
	return __sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static int prog_len(const struct vcase *c)
{
	int n = MAX_INSNS;

	while (n > 0 && !c->insns[n - 1].code && !c->insns[n - 1].imm &&
	       !c->insns[n - 1].dst_reg && !c->insns[n - 1].src_reg && !c->insns[n - 1].off)
		n--;
	return n;
}

/* Every map load of the case gets the case's map. */
static void fixup(struct bpf_insn *insns, int len, int fd)
{
	int i;

	for (i = 0; i + 1 < len; i++)
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insns[i].src_reg == BPF_PSEUDO_MAP_FD)
			insns[i++].imm = fd;
}

static void run_case(const struct vcase *c, int array_fd, int prog_array_fd, int btf_fd,
		     char *log)
{
	struct bpf_func_info fi[4] = { { 0, 3 } };
	struct bpf_insn insns[MAX_INSNS];
	union bpf_attr a;
	int fd, i, nfi = 1, len = prog_len(c);
	char name[256];

	memcpy(insns, c->insns, sizeof(insns));
	if (c->map != MAP_NONE)
		fixup(insns, len, c->map == MAP_ARRAY ? array_fd : prog_array_fd);

	memset(&a, 0, sizeof(a));
	memset(log, 0, LOG_SIZE);
	a.prog_type = c->type;
	a.insns = (u64)(unsigned long)insns;
	a.insn_cnt = len;
	a.license = (u64)(unsigned long)"GPL";
	a.log_level = c->log_level ? c->log_level : 1;
	a.log_buf = (u64)(unsigned long)log;
	a.log_size = LOG_SIZE;
	for (i = 0; i < 3 && c->subprogs[i]; i++, nfi++) {
		fi[nfi].insn_off = c->subprogs[i];
		fi[nfi].type_id = c->global ? 6 : 4;
	}
	if (nfi > 1) {
		a.prog_btf_fd = btf_fd;
		a.func_info = (u64)(unsigned long)fi;
		a.func_info_rec_size = sizeof(fi[0]);
		a.func_info_cnt = nfi;
	}
	fd = __sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));

	snprintf(name, sizeof(name), "%s: %s", c->name, c->err ? "rejected" : "accepted");
	if (c->err)
		TEST_OK(fd == -c->err, name, "ret %d, want -%d; log:\n%s", fd, c->err, log);
	else
		TEST_OK(fd >= 0, name, "ret %d; log:\n%s", fd, log);
	for (i = 0; i < 3 && c->errstr[i]; i++) {
		snprintf(name, sizeof(name), "%s: log has \"%.60s\"", c->name, c->errstr[i]);
		/* one TAP line a check: the newlines of a message do not go in its name */
		for (char *p = name; *p; p++)
			if (*p == '\n')
				*p = ' ';
		TEST_OK(strstr(log, c->errstr[i]), name, "log:\n%s", log);
	}
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char *log = malloc(LOG_SIZE);
	int array_fd, prog_array_fd, btf_fd;
	size_t i;

	if (!log)
		return 1;
	array_fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	prog_array_fd = map_create(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
	TEST_OK(array_fd >= 0 && prog_array_fd >= 0, "maps for the cases",
		"array %d prog array %d", array_fd, prog_array_fd);
	btf_fd = load_btf(log);
	TEST_OK(btf_fd >= 0, "BTF for the cases", "%d: %s", btf_fd, log);

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i], array_fd, prog_array_fd, btf_fd, log);

	close(btf_fd);
	close(array_fd);
	close(prog_array_fd);
	free(log);
	return sysbpf_test_done();
}
