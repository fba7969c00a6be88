// SPDX-License-Identifier: GPL-2.0
/*
 * The stacks bpf_get_stack() and bpf_get_stackid() see when sysbpf is
 * the preloaded shim, as for an unmodified application: the user stack
 * starts at the function that called syscall(SYS_bpf, ...) (the shim's
 * syscall() is sysbpf's, not the application's), and every frame of the
 * kernel stack is in libsysbpf.so.  The static-link case is
 * test_stackmap.c.
 */
#include <linux/bpf.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <unwind.h>
#include "sysbpf_test.h"

#define P(x)	((__u64)(uintptr_t)(x))
#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)
#define STACK_N	16

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(__u32 type, __u32 value_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = type == BPF_MAP_TYPE_ARRAY ? 1 : 16;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

/* args[0]: bpf_get_stack() flags; frames into buf[0], then r0 = stack id */
static int load(int buf_fd, int stack_fd)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, 8, 6, 0, 0),
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, buf_fd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 1, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 3, 0, 0, STACK_N * 8),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 8, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_stack),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 2, BPF_PSEUDO_MAP_FD, 0, stack_fd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 3, 8, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_stackid),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
	attr.insns = P(insns);
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = P("GPL");
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* The application's caller of bpf(2). */
static __attribute__((noipa)) long run(int prog, __u64 flags)
{
	__u64 args[1] = { flags };
	union bpf_attr attr;
	long ret;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog;
	attr.test.ctx_in = P(args);
	attr.test.ctx_size_in = sizeof(args);
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	__asm__ volatile("" : "+r"(ret) : : "memory");
	return ret ? -errno : (int)attr.test.retval;
}

static __attribute__((noipa)) long outer_caller(int prog, __u64 flags)
{
	long r = run(prog, flags);

	__asm__ volatile("" : "+r"(r));
	return r;
}

static bool in_func(__u64 ip, void *fn)
{
	return _Unwind_FindEnclosingFunction((void *)(uintptr_t)(ip - 1)) == fn;
}

static bool in_libsysbpf(__u64 ip)
{
	Dl_info info;

	return dladdr((void *)(uintptr_t)ip, &info) && info.dli_fname &&
	       strstr(info.dli_fname, "libsysbpf");
}

int main(void)
{
	int buf = map_create(BPF_MAP_TYPE_ARRAY, STACK_N * 8);
	int sm = map_create(BPF_MAP_TYPE_STACK_TRACE, 8 * 4);
	int prog = load(buf, sm), i, n, all_ours = 1;
	__u64 frames[STACK_N], value[4];
	__u32 key = 0;
	union bpf_attr attr;
	long id;

	CHECK(buf >= 0 && sm >= 0 && prog >= 0, "maps and program through the shim");
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = buf;
	attr.key = P(&key);
	attr.value = P(frames);

	id = outer_caller(prog, BPF_F_USER_STACK);
	memset(frames, 0, sizeof(frames));
	sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
	CHECK(in_func(frames[0], run), "user frame 0: the caller of syscall(SYS_bpf)");
	CHECK(in_func(frames[1], outer_caller), "user frame 1: its caller");
	CHECK(in_func(frames[2], main), "user frame 2: main");
	CHECK(!in_libsysbpf(frames[0]), "no frame of the shim in the user stack");
	CHECK(id >= 0, "bpf_get_stackid of the user stack");
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = sm;
	attr.key = P(&id);
	attr.value = P(value);
	TEST_EQ(sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr), 0, "lookup of the stack");
	TEST_EQ(memcmp(value, frames, sizeof(value)), 0, "the stack map holds the same frames");

	id = outer_caller(prog, 0);
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = buf;
	attr.key = P(&key);
	attr.value = P(frames);
	memset(frames, 0, sizeof(frames));
	sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
	for (n = 0; n < STACK_N && frames[n]; n++)
		all_ours &= in_libsysbpf(frames[n]);
	CHECK(n >= 2, "the kernel stack has frames");
	CHECK(all_ours, "every kernel frame is in libsysbpf.so");
	for (i = 0; i < n; i++)
		all_ours &= !in_func(frames[i], run);
	CHECK(all_ours, "none is the application's");
	/* its slot may be the user stack's, by the addresses' hash */
	TEST_OK(id >= 0 || id == -EEXIST, "bpf_get_stackid of the kernel stack", "id %ld", id);
	return sysbpf_test_done();
}
