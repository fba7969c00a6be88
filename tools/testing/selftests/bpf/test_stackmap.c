// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_STACK_TRACE, bpf_get_stackid() and bpf_get_stack()
 * (kernel/bpf/stackmap.c) through bpf(2).
 *
 * The syscall side: every errno 6.1 gives at creation, lookup, update,
 * delete and get_next_key.  The program side: a raw tracepoint program
 * run with BPF_PROG_TEST_RUN from known call chains of this file
 * (chain_*() -> run_prog() -> __sys_bpf()), which records its user stack
 * with bpf_get_stack() into an array and its stack id with
 * bpf_get_stackid().  The user stack must start at run_prog(), the
 * caller of bpf(2), and follow the chain; the kernel stack must be
 * sysbpf's own frames ending at __sys_bpf; the id must be the slot the
 * stack's jhash2 picks, with 6.1's -EEXIST, BPF_F_REUSE_STACKID,
 * BPF_F_FAST_STACK_CMP and -ENOMEM semantics; a BPF_F_STACK_BUILD_ID map
 * must hold this program's build id and file offsets.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/btf.h>
#include <linux/jhash.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unwind.h>
#include "sysbpf_test.h"
#include "../../../../kernel/bpf/run_guard.h"

#define P(x)		((u64)(uintptr_t)(x))
#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)
#define ENOTSUPP_ERRNO	524
/* the frames bpf_get_stack() copies into the array: its size argument */
#define STACK_N		32
#define RUN_FAILED	(-100000)

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret = __sys_bpf(cmd, attr, sizeof(*attr));

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

static void user_close(int fd)
{
	if (fd < 0)
		return;
	close(fd);
	sysbpf_fd_closed(fd);
}

static int map_create_btf(u32 type, u32 key_size, u32 value_size, u32 max_entries,
			  u32 flags, int btf_fd, u32 key_id, u32 value_id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	attr.btf_fd = btf_fd;
	attr.btf_key_type_id = key_id;
	attr.btf_value_type_id = value_id;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_create(u32 type, u32 key_size, u32 value_size, u32 max_entries, u32 flags)
{
	return map_create_btf(type, key_size, value_size, max_entries, flags, 0, 0, 0);
}

static int stackmap(u32 value_size, u32 max_entries, u32 flags)
{
	return map_create(BPF_MAP_TYPE_STACK_TRACE, 4, value_size, max_entries, flags);
}

static int map_op(int cmd, int fd, const void *key, void *value, u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(key);
	if (cmd == BPF_MAP_GET_NEXT_KEY)
		attr.next_key = P(value);
	else
		attr.value = P(value);
	attr.flags = flags;
	return sys_bpf(cmd, &attr);
}

static int lookup(int fd, u32 key, void *value)
{
	return map_op(BPF_MAP_LOOKUP_ELEM, fd, &key, value, 0);
}

static int delete(int fd, u32 key)
{
	return map_op(BPF_MAP_DELETE_ELEM, fd, &key, NULL, 0);
}

/* ---- the syscall side ---- */

static int btf_load(void)
{
	static const char strs[] = "\0int\0long";
	u32 types[] = {
		1, BTF_KIND_INT << 24, 4, BTF_INT_SIGNED << 24 | 32,
		5, BTF_KIND_INT << 24, 8, BTF_INT_SIGNED << 24 | 64,
	};
	struct btf_header hdr = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(hdr),
		.type_len = sizeof(types), .str_off = sizeof(types),
		.str_len = sizeof(strs),
	};
	char blob[sizeof(hdr) + sizeof(types) + sizeof(strs)];
	union bpf_attr attr;

	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, sizeof(types));
	memcpy(blob + sizeof(hdr) + sizeof(types), strs, sizeof(strs));
	memset(&attr, 0, sizeof(attr));
	attr.btf = P(blob);
	attr.btf_size = sizeof(blob);
	return sys_bpf(BPF_BTF_LOAD, &attr);
}

static void test_create(void)
{
	struct bpf_map_info info;
	union bpf_attr attr;
	int fd, btf;

	TEST_ERRNO(map_create(BPF_MAP_TYPE_STACK_TRACE, 8, 8, 4, 0), EINVAL, "key_size 8: EINVAL");
	TEST_ERRNO(stackmap(0, 4, 0), EINVAL, "value_size 0: EINVAL");
	TEST_ERRNO(stackmap(4, 4, 0), EINVAL, "value_size 4: EINVAL");
	TEST_ERRNO(stackmap(12, 4, 0), EINVAL, "value_size 12 (not frames): EINVAL");
	TEST_ERRNO(stackmap(8 * 128, 4, 0), EINVAL, "128 frames (> perf_event_max_stack): EINVAL");
	CHECK((fd = stackmap(8 * 127, 4, 0)) >= 0, "127 frames");
	user_close(fd);
	TEST_ERRNO(stackmap(8, 0, 0), EINVAL, "max_entries 0: EINVAL");
	TEST_ERRNO(stackmap(8, 4, BPF_F_NO_PREALLOC), EINVAL, "BPF_F_NO_PREALLOC: EINVAL");
	TEST_ERRNO(stackmap(8, 4, BPF_F_RDONLY_PROG), EINVAL, "BPF_F_RDONLY_PROG: EINVAL");
	TEST_ERRNO(stackmap(8, 4, BPF_F_INNER_MAP), EINVAL, "BPF_F_INNER_MAP: EINVAL");
	TEST_ERRNO(stackmap(40, 4, BPF_F_STACK_BUILD_ID), EINVAL,
		   "build id map, value_size 40 (not 32-byte entries): EINVAL");
	TEST_ERRNO(stackmap(32 * 128, 4, BPF_F_STACK_BUILD_ID), EINVAL,
		   "build id map, 128 entries: EINVAL");
	CHECK((fd = stackmap(32 * 127, 4, BPF_F_STACK_BUILD_ID)) >= 0, "build id map, 127 entries");
	user_close(fd);
	TEST_ERRNO(stackmap(8, (1U << 31) + 1, 0), E2BIG, "max_entries 2^31 + 1: E2BIG");
	CHECK((fd = stackmap(8, 4, BPF_F_RDONLY)) >= 0, "BPF_F_RDONLY fd");
	user_close(fd);

	btf = btf_load();
	CHECK(btf >= 0, "BTF of an int and a long");
	TEST_ERRNO(map_create_btf(BPF_MAP_TYPE_STACK_TRACE, 4, 8, 4, 0, btf, 1, 2),
		   ENOTSUPP_ERRNO, "stack map with BTF: ENOTSUPP");
	user_close(btf);

	fd = stackmap(24, 5, 0);
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = P(&info);
	TEST_EQ(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr), 0, "map info");
	CHECK(info.type == BPF_MAP_TYPE_STACK_TRACE && info.key_size == 4 &&
	      info.value_size == 24 && info.max_entries == 5, "map info: type and sizes");
	user_close(fd);
}

static void test_empty_map(void)
{
	int fd = stackmap(16, 5, 0);
	u64 value[2];
	u32 key = 0, next;

	/* 5 entries: 8 slots */
	TEST_ERRNO(lookup(fd, 0, value), ENOENT, "empty slot: lookup ENOENT");
	TEST_ERRNO(lookup(fd, 8, value), ENOENT, "slot past the table: lookup ENOENT");
	TEST_ERRNO(map_op(BPF_MAP_LOOKUP_ELEM, fd, &key, value, BPF_F_LOCK), EINVAL,
		   "lookup with BPF_F_LOCK: EINVAL");
	TEST_ERRNO(map_op(BPF_MAP_UPDATE_ELEM, fd, &key, value, BPF_ANY), EINVAL,
		   "update: EINVAL (only programs add stacks)");
	TEST_ERRNO(delete(fd, 8), E2BIG, "delete past the table: E2BIG");
	TEST_ERRNO(delete(fd, 7), ENOENT, "delete of an empty slot: ENOENT");
	TEST_ERRNO(map_op(BPF_MAP_GET_NEXT_KEY, fd, NULL, &next, 0), ENOENT,
		   "get_next_key of an empty map: ENOENT");
	TEST_ERRNO(map_op(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, &key, value, 0), ENOTSUPP_ERRNO,
		   "lookup_and_delete: ENOTSUPP");
	user_close(fd);
}

static void test_unpriv(const char *self)
{
	pid_t pid = fork();
	int status = -1;

	if (pid == 0) {
		char *argv[] = { (char *)self, "unpriv", NULL };

		setenv("SYSBPF_UNPRIV", "1", 1);
		execv("/proc/self/exe", argv);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	TEST_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, EPERM,
		"without CAP_BPF: EPERM");
}

/* ---- the program side ---- */

int main(int argc, char **argv);

static int prog_load(const struct bpf_insn *insns, u32 cnt)
{
	static char log[65536];
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
	attr.insns = P(insns);
	attr.insn_cnt = cnt;
	attr.license = P("GPL");
	attr.log_buf = P(log);
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	return fd;
}

/*
 * args[0]: the flags of bpf_get_stackid(), args[1] those of
 * bpf_get_stack().  The program calls bpf_get_stack(ctx, buf, size,
 * args[1]) into the value of buf_fd[0] (u64 frames, and the return
 * value after size bytes), then returns bpf_get_stackid(ctx, stack_fd,
 * args[0]), or 0 without a stack map.
 */
static int emit_ld_map_fd(struct bpf_insn *insns, int n, int reg, int fd)
{
	const struct bpf_insn ld[] = { BPF_LD_MAP_FD(reg, fd) };

	insns[n] = ld[0];
	insns[n + 1] = ld[1];
	return n + 2;
}

static int load_prog(int stack_fd, int buf_fd, int size)
{
	struct bpf_insn insns[32];
	int n = 0;

	insns[n++] = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);
	insns[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_7, BPF_REG_6, 0);
	insns[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_8, BPF_REG_6, 8);
	insns[n++] = BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0);
	insns[n++] = BPF_MOV64_REG(BPF_REG_2, BPF_REG_10);
	insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4);
	n = emit_ld_map_fd(insns, n, BPF_REG_1, buf_fd);
	insns[n++] = BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem);
	insns[n++] = BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 12345);
	insns[n++] = BPF_EXIT_INSN();
	insns[n++] = BPF_MOV64_REG(BPF_REG_9, BPF_REG_0);
	insns[n++] = BPF_MOV64_REG(BPF_REG_1, BPF_REG_6);
	insns[n++] = BPF_MOV64_REG(BPF_REG_2, BPF_REG_9);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_3, size);
	insns[n++] = BPF_MOV64_REG(BPF_REG_4, BPF_REG_8);
	insns[n++] = BPF_EMIT_CALL(BPF_FUNC_get_stack);
	insns[n++] = BPF_STX_MEM(BPF_DW, BPF_REG_9, BPF_REG_0, STACK_N * 32);
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	if (stack_fd >= 0) {
		insns[n++] = BPF_MOV64_REG(BPF_REG_1, BPF_REG_6);
		n = emit_ld_map_fd(insns, n, BPF_REG_2, stack_fd);
		insns[n++] = BPF_MOV64_REG(BPF_REG_3, BPF_REG_7);
		insns[n++] = BPF_EMIT_CALL(BPF_FUNC_get_stackid);
	}
	insns[n++] = BPF_EXIT_INSN();
	return prog_load(insns, n);
}

/*
 * The value of the buffer array: STACK_N * 32 bytes of frames (room
 * for build ids), then what bpf_get_stack() returned.
 */
struct stack_buf {
	u64 w[STACK_N * 4];
	s64 ret;
};

struct ctx {
	int prog;
	int buf;
};

/* The caller of bpf(2): the first frame of the user stack. */
static __attribute__((noipa)) long run_prog(const struct ctx *c, u64 sflags, u64 gflags)
{
	u64 args[2] = { sflags, gflags };
	union bpf_attr attr;
	long ret;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = c->prog;
	attr.test.ctx_in = P(args);
	attr.test.ctx_size_in = sizeof(args);
	ret = __sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	__asm__ volatile("" : "+r"(ret) : : "memory");
	return ret < 0 ? RUN_FAILED + ret : (long)(s32)attr.test.retval;
}

/* Call chains of known shape; the empty asm keeps the calls from being tail calls. */
static __attribute__((noipa)) long chain_a2(const struct ctx *c, u64 s, u64 g)
{
	long r = run_prog(c, s, g);

	__asm__ volatile("" : "+r"(r));
	return r;
}

static __attribute__((noipa)) long chain_a1(const struct ctx *c, u64 s, u64 g)
{
	long r = chain_a2(c, s, g);

	__asm__ volatile("" : "+r"(r));
	return r + 0;
}

static __attribute__((noipa)) long chain_a0(const struct ctx *c, u64 s, u64 g)
{
	long r = chain_a1(c, s, g);

	__asm__ volatile("" : "+r"(r));
	return r - 0;
}

/*
 * Every test runs chain A through here: its first five frames (run_prog,
 * chain_a2, chain_a1, chain_a0, stack_a) are the same whichever line of
 * a test calls it.
 */
static __attribute__((noipa)) long stack_a(const struct ctx *c, u64 s, u64 g)
{
	long r = chain_a0(c, s, g);

	__asm__ volatile("" : "+r"(r));
	return r;
}

static __attribute__((noipa)) long chain_b1(const struct ctx *c, u64 s, u64 g)
{
	long r;

	__asm__ volatile("" : : : "memory");
	r = run_prog(c, s, g);
	__asm__ volatile("" : "+r"(r));
	return r;
}

/* Chain B: run_prog, chain_b1, stack_b. */
static __attribute__((noipa)) long stack_b(const struct ctx *c, u64 s, u64 g)
{
	long r = chain_b1(c, s, g);

	__asm__ volatile("" : "+r"(r));
	return r + 0;
}

static bool in_func(u64 ip, void *fn)
{
	return ip && _Unwind_FindEnclosingFunction((void *)(uintptr_t)(ip - 1)) == fn;
}

static void read_buf(const struct ctx *c, struct stack_buf *b)
{
	memset(b, 0xa5, sizeof(*b));
	lookup(c->buf, 0, b);
}

static void fill_buf(const struct ctx *c, u8 byte)
{
	struct stack_buf b;
	u32 key = 0;

	memset(&b, byte, sizeof(b));
	map_op(BPF_MAP_UPDATE_ELEM, c->buf, &key, &b, BPF_ANY);
}

static u32 predicted_id(const u64 *ips, u32 nr, u32 n_buckets)
{
	return jhash2((const u32 *)ips, nr * 2, 0) & (n_buckets - 1);
}

static int buf_map(void)
{
	return map_create(BPF_MAP_TYPE_ARRAY, 4, sizeof(struct stack_buf), 1, 0);
}

static void test_user_stack(void)
{
	struct ctx c = { .buf = buf_map() };
	/* 3 frames: all of them fixed by the chain, even after a skip of 2 */
	int sm = stackmap(8 * 3, 16, 0);
	u64 value[3], chain[STACK_N];
	struct stack_buf b;
	u32 nr, i;
	long id;

	c.prog = load_prog(sm, c.buf, STACK_N * 8);
	CHECK(c.prog >= 0, "program with bpf_get_stack and bpf_get_stackid loads");

	id = stack_a(&c, BPF_F_USER_STACK, BPF_F_USER_STACK);
	read_buf(&c, &b);
	CHECK(b.ret > 0 && b.ret % 8 == 0, "bpf_get_stack: bytes of whole frames");
	nr = b.ret / 8;
	CHECK(nr >= 7, "the user stack: run_prog .. stack_a, test_user_stack, main");
	CHECK(in_func(b.w[0], run_prog), "user frame 0: run_prog, the caller of bpf(2)");
	CHECK(in_func(b.w[1], chain_a2), "user frame 1: chain_a2");
	CHECK(in_func(b.w[2], chain_a1), "user frame 2: chain_a1");
	CHECK(in_func(b.w[3], chain_a0), "user frame 3: chain_a0");
	CHECK(in_func(b.w[4], stack_a), "user frame 4: stack_a");
	CHECK(in_func(b.w[5], test_user_stack), "user frame 5: test_user_stack");
	CHECK(in_func(b.w[6], main), "user frame 6: main");
	for (i = nr; i < STACK_N && !b.w[i]; i++)
		;
	TEST_EQ(i, STACK_N, "bpf_get_stack zeroes the buffer past the stack");
	memcpy(chain, b.w, sizeof(chain));

	CHECK(id >= 0 && id < 16, "bpf_get_stackid gives a slot");
	TEST_EQ(id, predicted_id(chain, 3, 16),
		"the slot is jhash2 of the first value_size/8 frames");
	TEST_EQ(lookup(sm, id, value), 0, "the slot holds a stack");
	TEST_EQ(memcmp(value, chain, sizeof(value)), 0,
		"it is the stack bpf_get_stack saw");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK, BPF_F_USER_STACK), id,
		"the same stack again: the same id");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | BPF_F_FAST_STACK_CMP, BPF_F_USER_STACK), id,
		"BPF_F_FAST_STACK_CMP: the same id");

	/* skip */
	stack_a(&c, BPF_F_USER_STACK | 2, BPF_F_USER_STACK | 2);
	read_buf(&c, &b);
	TEST_EQ(b.ret, (nr - 2) * 8, "skip 2: two frames fewer");
	CHECK(in_func(b.w[0], chain_a1), "skip 2: the first frame is chain_a1");
	{
		u32 slot0 = predicted_id(chain, 3, 16), slot2 = predicted_id(chain + 2, 3, 16);

		/* the addresses decide whether the two share a slot */
		id = stack_a(&c, BPF_F_USER_STACK | 2, 0);
		TEST_EQ(id, slot2 == slot0 ? -EEXIST : (long)slot2,
			"skip 2: the slot of the stack from chain_a1 on (or EEXIST in the other's)");
	}
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | 255, BPF_F_USER_STACK | 255), -EFAULT,
		"bpf_get_stackid, skip past the stack: EFAULT");
	read_buf(&c, &b);
	TEST_EQ(b.ret, -EFAULT, "bpf_get_stack, skip past the stack: EFAULT");
	TEST_EQ(b.w[0] | b.w[STACK_N - 1], 0, "bpf_get_stack zeroes the buffer on error");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | nr, 0), -EFAULT,
		"bpf_get_stackid, skip of the whole stack: EFAULT");
	stack_a(&c, 0, BPF_F_USER_STACK | nr);
	read_buf(&c, &b);
	TEST_EQ(b.ret, 0, "bpf_get_stack, skip of the whole stack: 0 bytes");

	/* flags */
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | (1ULL << 12), 0), -EINVAL,
		"bpf_get_stackid, unknown flag: EINVAL");
	TEST_EQ(stack_a(&c, BPF_F_USER_BUILD_ID, 0), -EINVAL,
		"bpf_get_stackid, BPF_F_USER_BUILD_ID: EINVAL");
	fill_buf(&c, 0xff);
	stack_a(&c, 0, BPF_F_FAST_STACK_CMP);
	read_buf(&c, &b);
	TEST_EQ(b.ret, -EINVAL, "bpf_get_stack, BPF_F_FAST_STACK_CMP: EINVAL");
	TEST_EQ(b.w[0] | b.w[STACK_N - 1], 0, "and the buffer is zeroed");
	stack_a(&c, 0, BPF_F_USER_BUILD_ID);
	read_buf(&c, &b);
	TEST_EQ(b.ret, -EINVAL, "bpf_get_stack, BPF_F_USER_BUILD_ID without USER_STACK: EINVAL");
	user_close(c.prog);

	/* a size that is not whole frames, one that is smaller than the stack */
	c.prog = load_prog(-1, c.buf, 20);
	fill_buf(&c, 0xff);
	stack_a(&c, 0, BPF_F_USER_STACK);
	read_buf(&c, &b);
	TEST_EQ(b.ret, -EINVAL, "bpf_get_stack, size 20: EINVAL");
	TEST_EQ(b.w[0] | b.w[1], 0, "size 20: zeroed");
	TEST_EQ(b.w[2] & 0xffffffff, 0, "size 20: zeroed to its end");
	TEST_EQ(b.w[3], ~0ULL, "size 20: not past it");
	user_close(c.prog);
	c.prog = load_prog(-1, c.buf, 16);
	stack_a(&c, 0, BPF_F_USER_STACK);
	read_buf(&c, &b);
	TEST_EQ(b.ret, 16, "bpf_get_stack, size 16: two frames");
	CHECK(b.w[0] == chain[0] && b.w[1] == chain[1], "size 16: the two innermost");
	user_close(c.prog);
	c.prog = load_prog(-1, c.buf, 0);
	stack_a(&c, 0, BPF_F_USER_STACK);
	read_buf(&c, &b);
	TEST_EQ(b.ret, 0, "bpf_get_stack, size 0: 0");
	user_close(c.prog);

	/* the stack map keeps value_size / 8 frames: a 2-frame map */
	user_close(sm);
	sm = stackmap(16, 16, 0);
	c.prog = load_prog(sm, c.buf, STACK_N * 8);
	id = stack_a(&c, BPF_F_USER_STACK, 0);
	memset(value, 0xff, sizeof(value));
	TEST_EQ(lookup(sm, id, value), 0, "2-frame map: lookup");
	CHECK(value[0] == chain[0] && value[1] == chain[1], "2-frame map: the two innermost frames");
	TEST_EQ(id, predicted_id(chain, 2, 16), "2-frame map: jhash2 of two frames");
	user_close(c.prog);
	user_close(sm);
	user_close(c.buf);
}

/* The kernel stack: sysbpf's frames, from the hook to __sys_bpf. */
static void test_kernel_stack(void)
{
	struct ctx c = { .buf = buf_map() };
	int sm = stackmap(8 * 32, 4, 0);
	struct stack_buf b;
	u64 value[32];
	u32 nr, i;
	long id;
	bool ours = true;

	c.prog = load_prog(sm, c.buf, STACK_N * 8);
	id = stack_a(&c, 0, 0);
	read_buf(&c, &b);
	nr = b.ret > 0 ? b.ret / 8 : 0;
	CHECK(nr >= 2, "the kernel stack has frames");
	CHECK(nr && in_func(b.w[nr - 1], __sys_bpf), "its last frame is __sys_bpf, the bpf(2) entry");
	for (i = 0; i < nr; i++)
		ours &= !in_func(b.w[i], run_prog) && !in_func(b.w[i], chain_a2) &&
			!in_func(b.w[i], __bpf_prog_run_interp) &&
			!in_func(b.w[i], (void *)__bpf_get_stack);
	CHECK(ours, "no frame of the application, the interpreter or the helper");
	CHECK(id >= 0, "bpf_get_stackid of the kernel stack");
	TEST_EQ(lookup(sm, id, value), 0, "lookup of the kernel stack");
	TEST_EQ(memcmp(value, b.w, nr * 8), 0, "it is the stack bpf_get_stack saw");
	TEST_EQ(stack_b(&c, 0, 0), id, "another application chain: the same kernel stack");
	stack_a(&c, 0, 1);
	read_buf(&c, &b);
	TEST_EQ(b.ret, (nr - 1) * 8, "skip 1 of the kernel stack: one frame fewer");
	user_close(c.prog);
	user_close(sm);
	user_close(c.buf);
}

/* Two stacks and the slot they share. */
static void test_collisions(void)
{
	struct ctx c = { .buf = buf_map() };
	u64 stacks[3][3], value[3];
	int sm, skip_a = -1, skip_b = -1, i, j;
	u32 slot[3], s;
	struct stack_buf b;
	long id;

	/* three different stacks (skips 0..2 of one chain) of 3 frames */
	c.prog = load_prog(-1, c.buf, 8 * 3);
	for (i = 0; i < 3; i++) {
		stack_a(&c, 0, BPF_F_USER_STACK | i);
		read_buf(&c, &b);
		memcpy(stacks[i], b.w, sizeof(stacks[i]));
		slot[i] = predicted_id(stacks[i], 3, 2);
	}
	user_close(c.prog);
	/* 2 slots: two of the three share one */
	for (i = 0; i < 3 && skip_a < 0; i++)
		for (j = i + 1; j < 3; j++)
			if (slot[i] == slot[j]) {
				skip_a = i;
				skip_b = j;
				break;
			}
	CHECK(skip_a >= 0, "two of three stacks share one of two slots");
	if (skip_a < 0)
		return;
	s = slot[skip_a];

	sm = stackmap(8 * 3, 2, 0);
	c.prog = load_prog(sm, c.buf, 8);
	id = stack_a(&c, BPF_F_USER_STACK | skip_a, 0);
	TEST_EQ(id, s, "the first stack takes its slot");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | skip_b, 0), -EEXIST,
		"another stack in the same slot: EEXIST");
	lookup(sm, s, value);
	TEST_EQ(memcmp(value, stacks[skip_a], sizeof(value)), 0, "the slot keeps the first stack");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | BPF_F_REUSE_STACKID | skip_b, 0), s,
		"BPF_F_REUSE_STACKID: the second stack takes the slot");
	lookup(sm, s, value);
	TEST_EQ(memcmp(value, stacks[skip_b], sizeof(value)), 0, "the slot holds the second stack");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | skip_b, 0), s, "the second stack finds itself");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | skip_a, 0), -EEXIST, "the first is now EEXIST");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | BPF_F_REUSE_STACKID | skip_a, 0), s,
		"and takes the slot back with REUSE");
	TEST_EQ(delete(sm, s), 0, "delete of the slot");
	TEST_ERRNO(lookup(sm, s, value), ENOENT, "deleted: lookup ENOENT");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK | skip_b, 0), s, "an emptied slot takes a stack");
	user_close(c.prog);
	user_close(sm);

	/* one bucket in all: a replacement needs a free one, as in 6.1 */
	sm = stackmap(8 * 3, 1, 0);
	c.prog = load_prog(sm, c.buf, 8);
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK, 0), 0, "1-entry map: slot 0");
	TEST_EQ(stack_b(&c, BPF_F_USER_STACK, 0), -EEXIST, "another chain: EEXIST");
	TEST_EQ(stack_b(&c, BPF_F_USER_STACK | BPF_F_REUSE_STACKID, 0), -ENOMEM,
		"REUSE with no free bucket: ENOMEM");
	TEST_EQ(delete(sm, 0), 0, "delete frees the bucket");
	TEST_EQ(stack_b(&c, BPF_F_USER_STACK, 0), 0, "the freed bucket takes the other chain");
	user_close(c.prog);
	user_close(sm);

	/* get_next_key over the filled slots */
	sm = stackmap(8 * 3, 8, 0);
	c.prog = load_prog(sm, c.buf, 8);
	{
		u32 filled = 0, walked = 0, key, next;
		int n = 0;

		for (i = 0; i < 3; i++) {
			id = stack_a(&c, BPF_F_USER_STACK | i, 0);
			if (id >= 0)
				filled |= 1u << id;
		}
		id = stack_b(&c, BPF_F_USER_STACK, 0);
		if (id >= 0)
			filled |= 1u << id;
		CHECK(filled, "some slots filled");
		if (!map_op(BPF_MAP_GET_NEXT_KEY, sm, NULL, &next, 0)) {
			do {
				walked |= 1u << next;
				key = next;
				n++;
			} while (n < 16 && !map_op(BPF_MAP_GET_NEXT_KEY, sm, &key, &next, 0));
		}
		TEST_EQ(walked, filled, "get_next_key walks the filled slots");
		TEST_EQ(n, __builtin_popcount(filled), "each once, in order");
		for (key = 0; key < 8 && (filled >> key) & 1; key++)
			;
		if (key < 8) {
			map_op(BPF_MAP_GET_NEXT_KEY, sm, &key, &next, 0);
			TEST_EQ(next, __builtin_ctz(filled), "an empty slot as key restarts the walk");
		}
	}
	user_close(c.prog);
	user_close(sm);
	user_close(c.buf);
}

/* ---- programs replacing stacks while user space reads and deletes them ---- */

struct churn {
	struct ctx c;
	int sm;
	bool stop;
	int runs;
};

static void *churn_thread(void *arg)
{
	struct churn *ch = arg;
	struct ctx c = { .buf = ch->c.buf };
	int i;

	/* a program of its own: one run at a time per program is not required, but clearer */
	c.prog = load_prog(ch->sm, c.buf, 8);
	for (i = 0; i < 400; i++) {
		if (i & 1)
			stack_a(&c, BPF_F_USER_STACK | BPF_F_REUSE_STACKID | (i % 3), 0);
		else
			stack_b(&c, BPF_F_USER_STACK | BPF_F_REUSE_STACKID, 0);
		__atomic_fetch_add(&ch->runs, 1, __ATOMIC_RELAXED);
	}
	user_close(c.prog);
	__atomic_store_n(&ch->stop, true, __ATOMIC_RELEASE);
	return NULL;
}

static void test_concurrent(void)
{
	struct churn ch = { .c = { .buf = buf_map() } };
	u64 known[4][3], value[3];
	int i, k, bad = 0, reads = 0;
	struct stack_buf b;
	pthread_t t;

	/* the four stacks the thread makes: chain A with skips 0..2, chain B */
	ch.c.prog = load_prog(-1, ch.c.buf, 8 * 3);
	for (i = 0; i < 3; i++) {
		stack_a(&ch.c, 0, BPF_F_USER_STACK | i);
		read_buf(&ch.c, &b);
		memcpy(known[i], b.w, sizeof(known[i]));
	}
	stack_b(&ch.c, 0, BPF_F_USER_STACK);
	read_buf(&ch.c, &b);
	memcpy(known[3], b.w, sizeof(known[3]));
	user_close(ch.c.prog);

	ch.sm = stackmap(8 * 3, 2, 0);
	pthread_create(&t, NULL, churn_thread, &ch);
	while (!__atomic_load_n(&ch.stop, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < 2; i++) {
			bool match = false;

			if (lookup(ch.sm, i, value))
				continue;
			reads++;
			for (k = 0; k < 4; k++)
				match |= !memcmp(value, known[k], sizeof(value));
			bad += !match;
			if (reads % 7 == 0)
				delete(ch.sm, i);
		}
	}
	pthread_join(t, NULL);
	TEST_EQ(ch.runs, 400, "400 runs replacing stacks");
	TEST_EQ(bad, 0, "every stack read while programs replace them is one they stored");
	user_close(ch.sm);
	user_close(ch.c.buf);
}

/* ---- build ids ---- */

struct object_id {
	unsigned char id[20];
	bool found;
};

/* This program's build id, from its file: not the way stackmap.c finds it. */
static struct object_id exe_build_id(void)
{
	struct object_id o = {};
	static char file[1 << 16];
	const Elf64_Ehdr *eh = (const void *)file;
	ssize_t len;
	int fd, i;

	fd = open("/proc/self/exe", O_RDONLY);
	len = fd >= 0 ? read(fd, file, sizeof(file)) : -1;
	close(fd);
	if (len < (ssize_t)sizeof(*eh))
		return o;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(file + eh->e_phoff + i * eh->e_phentsize);
		size_t off = ph->p_offset;

		if (ph->p_type != PT_NOTE)
			continue;
		while (off + sizeof(Elf64_Nhdr) <= ph->p_offset + ph->p_filesz &&
		       off + sizeof(Elf64_Nhdr) <= (size_t)len) {
			const Elf64_Nhdr *nh = (const void *)(file + off);
			size_t desc = off + sizeof(*nh) + round_up(nh->n_namesz, 4);

			if (nh->n_type == NT_GNU_BUILD_ID && desc + nh->n_descsz <= (size_t)len) {
				memcpy(o.id, file + desc, min_t(u32, nh->n_descsz, 20));
				o.found = true;
				return o;
			}
			off = desc + round_up(nh->n_descsz, 4);
		}
	}
	return o;
}

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
	*(uintptr_t *)data = info->dlpi_addr;
	return 1;
}

static void test_build_id(void)
{
	struct ctx c = { .buf = buf_map() };
	struct bpf_stack_build_id ids[4], kids[2];
	struct object_id exe = exe_build_id();
	uintptr_t base = 0;
	u64 ips[4];
	int sm = stackmap(sizeof(ids), 8, BPF_F_STACK_BUILD_ID);
	struct stack_buf b;
	long id;

	dl_iterate_phdr(first_object, &base);
	CHECK(exe.found, "this program has a build id");
	c.prog = load_prog(sm, c.buf, 8 * 4);
	CHECK(c.prog >= 0, "program on a build id map loads");
	id = stack_a(&c, BPF_F_USER_STACK, BPF_F_USER_STACK);
	read_buf(&c, &b);
	memcpy(ips, b.w, sizeof(ips));
	CHECK(id >= 0, "bpf_get_stackid on a build id map");
	TEST_EQ(lookup(sm, id, ids), 0, "lookup of its entries");
	TEST_EQ(ids[0].status, BPF_STACK_BUILD_ID_VALID, "frame 0: a valid build id");
	TEST_EQ(memcmp(ids[0].build_id, exe.id, 20), 0, "frame 0: the build id of this program");
	/* the text segment's file offsets equal its addresses in a PIE */
	TEST_EQ(ids[0].offset, ips[0] - base, "frame 0: the file offset of the return address");
	TEST_EQ(ids[2].offset, ips[2] - base, "frame 2: its file offset");
	TEST_EQ(stack_a(&c, BPF_F_USER_STACK, 0), id, "the same stack: the same id");
	{
		long id_b = stack_b(&c, BPF_F_USER_STACK, BPF_F_USER_STACK);
		u32 slot_b;

		read_buf(&c, &b);
		slot_b = predicted_id(b.w, 4, 8);
		TEST_EQ(id_b, slot_b == id ? -EEXIST : (long)slot_b,
			"another chain: the slot of its addresses' hash");
	}
	user_close(c.prog);

	/* bpf_get_stack with BPF_F_USER_BUILD_ID */
	c.prog = load_prog(-1, c.buf, sizeof(ids));
	stack_a(&c, 0, BPF_F_USER_STACK | BPF_F_USER_BUILD_ID);
	read_buf(&c, &b);
	memcpy(ids, b.w, sizeof(ids));
	TEST_EQ(b.ret, sizeof(ids), "bpf_get_stack, USER_BUILD_ID: four 32-byte entries");
	CHECK(ids[1].status == BPF_STACK_BUILD_ID_VALID &&
	      !memcmp(ids[1].build_id, exe.id, 20) && ids[1].offset == ips[1] - base,
	      "entry 1: build id and offset of chain_a2's frame");
	user_close(c.prog);
	c.prog = load_prog(-1, c.buf, 40);
	stack_a(&c, 0, BPF_F_USER_STACK | BPF_F_USER_BUILD_ID);
	read_buf(&c, &b);
	TEST_EQ(b.ret, -EINVAL, "USER_BUILD_ID, size 40 (not whole entries): EINVAL");
	user_close(c.prog);

	/* a kernel stack keeps addresses */
	user_close(sm);
	sm = stackmap(sizeof(kids), 8, BPF_F_STACK_BUILD_ID);
	c.prog = load_prog(sm, c.buf, 8);
	id = stack_a(&c, 0, 0);
	TEST_EQ(lookup(sm, id, kids), 0, "kernel stack on a build id map");
	CHECK(kids[0].status == BPF_STACK_BUILD_ID_IP && kids[0].ip &&
	      kids[1].status == BPF_STACK_BUILD_ID_IP, "kernel frames: BPF_STACK_BUILD_ID_IP");
	user_close(c.prog);
	user_close(sm);
	user_close(c.buf);
}

/* The verifier's side: 6.1's refusals for stack maps. */
static void test_verifier(void)
{
	int sm = stackmap(8, 1, 0);
	const struct bpf_insn lookup_insns[] = {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		BPF_LD_MAP_FD(BPF_REG_1, sm),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_EXIT_INSN(),
	};
	int fd;

	fd = prog_load(lookup_insns, ARRAY_SIZE(lookup_insns));
	TEST_ERRNO(fd, EINVAL, "bpf_map_lookup_elem on a stack map: refused");
	user_close(fd);
	user_close(sm);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "unpriv")) {
		int fd = stackmap(8, 4, 0);

		return fd < 0 ? errno : 0;
	}
	test_create();
	test_empty_map();
	test_unpriv(argv[0]);
	test_user_stack();
	test_kernel_stack();
	test_collisions();
	test_build_id();
	test_verifier();
	test_concurrent();
	return sysbpf_test_done();
}
