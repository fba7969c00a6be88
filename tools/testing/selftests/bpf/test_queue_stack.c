// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_QUEUE and BPF_MAP_TYPE_STACK, black-box through bpf(2):
 * 6.1's create checks, FIFO and LIFO order, a full map (E2BIG, or the
 * oldest value dropped with BPF_EXIST), the keyed commands that are
 * invalid, and push/pop/peek from a program.  Run without the shim it
 * checks the same against the host kernel.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define PTR(p)		((__u64)(uintptr_t)(p))

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int create(__u32 type, __u32 key_size, __u32 value_size, __u32 max, __u32 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key_size;
	a.value_size = value_size;
	a.max_entries = max;
	a.map_flags = flags;
	return (int)sys_bpf(BPF_MAP_CREATE, &a);
}

static long elem(int cmd, int fd, void *key, void *value, __u64 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = PTR(key);
	a.value = PTR(value);
	a.flags = flags;
	return sys_bpf(cmd, &a);
}

#define push(fd, v, f)	elem(BPF_MAP_UPDATE_ELEM, fd, NULL, v, f)
#define peek(fd, v)	elem(BPF_MAP_LOOKUP_ELEM, fd, NULL, v, 0)
#define pop(fd, v)	elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, NULL, v, 0)

static void test_create(__u32 type, const char *name)
{
	char msg[128];
	int fd;

#define CREATE_ERR(ks, vs, max, flags, err, what)					\
	do {										\
		snprintf(msg, sizeof(msg), "%s: %s", name, what);			\
		fd = create(type, ks, vs, max, flags);					\
		TEST_ERRNO(fd, err, msg);						\
		if (fd >= 0)								\
			close(fd);							\
	} while (0)
	CREATE_ERR(4, 8, 4, 0, EINVAL, "a key size is EINVAL");
	CREATE_ERR(0, 0, 4, 0, EINVAL, "value size 0 is EINVAL");
	CREATE_ERR(0, 8, 0, 0, EINVAL, "max_entries 0 is EINVAL");
	CREATE_ERR(0, 8, 4, BPF_F_NO_PREALLOC, EINVAL, "BPF_F_NO_PREALLOC is EINVAL");
	CREATE_ERR(0, 8, 4, BPF_F_MMAPABLE, EINVAL, "BPF_F_MMAPABLE is EINVAL");
	CREATE_ERR(0, 8, 4, BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG, EINVAL,
		   "RDONLY_PROG with WRONLY_PROG is EINVAL");
	CREATE_ERR(0, (4 << 20) + 1, 1, 0, E2BIG, "a value over KMALLOC_MAX_SIZE is E2BIG");
	fd = create(type, 0, 8, 4, BPF_F_RDONLY_PROG);
	snprintf(msg, sizeof(msg), "%s: BPF_F_RDONLY_PROG is fine", name);
	TEST_OK(fd >= 0, msg, "errno %d", errno);
	if (fd >= 0)
		close(fd);
}

static void test_order(__u32 type, const char *name)
{
	bool stack = type == BPF_MAP_TYPE_STACK;
	__u64 v, key = 0;
	char msg[128];
	int fd = create(type, 0, 8, 3, 0);
	int i;

	snprintf(msg, sizeof(msg), "%s: create", name);
	if (!TEST_OK(fd >= 0, msg, "errno %d", errno))
		return;
	v = 7;
	snprintf(msg, sizeof(msg), "%s: peek of an empty map is ENOENT", name);
	TEST_ERRNO(peek(fd, &v), ENOENT, msg);
	snprintf(msg, sizeof(msg), "%s: pop of an empty map is ENOENT", name);
	TEST_ERRNO(pop(fd, &v), ENOENT, msg);
	for (i = 1; i <= 3; i++) {
		v = i;
		snprintf(msg, sizeof(msg), "%s: push %d", name, i);
		TEST_OK(push(fd, &v, 0) == 0, msg, "errno %d", errno);
	}
	v = 4;
	snprintf(msg, sizeof(msg), "%s: push to a full map is E2BIG", name);
	TEST_ERRNO(push(fd, &v, 0), E2BIG, msg);
	snprintf(msg, sizeof(msg), "%s: BPF_NOEXIST is EINVAL", name);
	TEST_ERRNO(push(fd, &v, BPF_NOEXIST), EINVAL, msg);
	snprintf(msg, sizeof(msg), "%s: flags above BPF_EXIST are EINVAL", name);
	TEST_ERRNO(push(fd, &v, BPF_F_LOCK), EINVAL, msg);
	snprintf(msg, sizeof(msg), "%s: BPF_EXIST drops the oldest to push", name);
	TEST_OK(push(fd, &v, BPF_EXIST) == 0, msg, "errno %d", errno);
	/* now 2, 3, 4 (oldest first) */
	v = 0;
	snprintf(msg, sizeof(msg), "%s: peek sees the %s value", name, stack ? "newest" : "oldest");
	TEST_OK(peek(fd, &v) == 0 && v == (stack ? 4 : 2), msg, "errno %d v %llu", errno,
		(unsigned long long)v);
	for (i = 0; i < 3; i++) {
		__u64 want = stack ? 4 - i : 2 + i;

		v = 0;
		snprintf(msg, sizeof(msg), "%s: pop %d gives %llu", name, i, (unsigned long long)want);
		TEST_OK(pop(fd, &v) == 0 && v == want, msg, "errno %d v %llu", errno,
			(unsigned long long)v);
	}
	snprintf(msg, sizeof(msg), "%s: empty again", name);
	TEST_ERRNO(pop(fd, &v), ENOENT, msg);
	snprintf(msg, sizeof(msg), "%s: pop with flags is EINVAL", name);
	TEST_ERRNO(elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, NULL, &v, BPF_F_LOCK), EINVAL, msg);
	snprintf(msg, sizeof(msg), "%s: MAP_DELETE_ELEM is EINVAL", name);
	TEST_ERRNO(elem(BPF_MAP_DELETE_ELEM, fd, NULL, NULL, 0), EINVAL, msg);
	snprintf(msg, sizeof(msg), "%s: MAP_GET_NEXT_KEY is EINVAL", name);
	{
		union bpf_attr a;

		memset(&a, 0, sizeof(a));
		a.map_fd = fd;
		a.next_key = PTR(&key);
		TEST_ERRNO(sys_bpf(BPF_MAP_GET_NEXT_KEY, &a), EINVAL, msg);
	}
	/* wrap around the ring a few times */
	for (i = 0; i < 10; i++) {
		v = 100 + i;
		push(fd, &v, BPF_EXIST);
	}
	v = 0;
	snprintf(msg, sizeof(msg), "%s: after wrapping, pop gives %s", name,
		 stack ? "109" : "107");
	TEST_OK(pop(fd, &v) == 0 && v == (stack ? 109 : 107), msg, "errno %d v %llu", errno,
		(unsigned long long)v);
	close(fd);
}

/* push(42), push(43), then r0 = pop() */
static void test_prog(__u32 type, const char *name)
{
	int fd = create(type, 0, 8, 4, 0);
	struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 42),
		BPF_LD_MAP_FD(BPF_REG_1, fd),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_map_push_elem),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 43),
		BPF_LD_MAP_FD(BPF_REG_1, fd),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_map_push_elem),
		BPF_LD_MAP_FD(BPF_REG_1, fd),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16),
		BPF_EMIT_CALL(BPF_FUNC_map_pop_elem),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -16),
		BPF_EXIT_INSN(),
	};
	char pkt[64] = { 0 }, msg[128];
	union bpf_attr a;
	int prog;
	__u64 v = 0;

	if (fd < 0)
		return;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	a.insns = PTR(insns);
	a.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	a.license = PTR("GPL");
	prog = (int)sys_bpf(BPF_PROG_LOAD, &a);
	snprintf(msg, sizeof(msg), "%s: a program pushing and popping loads", name);
	if (!TEST_OK(prog >= 0, msg, "errno %d", errno)) {
		close(fd);
		return;
	}
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = prog;
	a.test.data_in = PTR(pkt);
	a.test.data_size_in = sizeof(pkt);
	snprintf(msg, sizeof(msg), "%s: the program pops %s", name,
		 type == BPF_MAP_TYPE_STACK ? "43" : "42");
	TEST_OK(sys_bpf(BPF_PROG_TEST_RUN, &a) == 0 &&
		a.test.retval == (type == BPF_MAP_TYPE_STACK ? 43 : 42), msg,
		"errno %d retval %u", errno, a.test.retval);
	snprintf(msg, sizeof(msg), "%s: user space pops the other one", name);
	TEST_OK(pop(fd, &v) == 0 && v == (type == BPF_MAP_TYPE_STACK ? 42 : 43), msg,
		"errno %d v %llu", errno, (unsigned long long)v);
	close(prog);
	close(fd);
}

int main(void)
{
	test_create(BPF_MAP_TYPE_QUEUE, "queue");
	test_create(BPF_MAP_TYPE_STACK, "stack");
	test_order(BPF_MAP_TYPE_QUEUE, "queue");
	test_order(BPF_MAP_TYPE_STACK, "stack");
	test_prog(BPF_MAP_TYPE_QUEUE, "queue");
	test_prog(BPF_MAP_TYPE_STACK, "stack");
	return sysbpf_test_done();
}
