// SPDX-License-Identifier: GPL-2.0
/*
 * Bad user pointers in bpf(2) arguments, black-box through the shim: the
 * kernel answers EFAULT (ENOENT/ENAMETOOLONG for paths) where its copy
 * from or to user memory faults, and the objects involved stay as they
 * were.  Each case names an unmapped address, or a buffer running into
 * an unmapped page, as an application with a bug would pass it.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define PTR(p)		((__u64)(uintptr_t)(p))
#define BAD		((__u64)16)	/* in the never-mapped first page */

static long page;
static char *hole;	/* a page whose next page is inaccessible */

static long sys_bpf(int cmd, void *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static const struct bpf_insn ret0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* r0 = r2 (never written): rejected with a short log */
static const struct bpf_insn bad_r0[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_0, .src_reg = BPF_REG_2 },
	{ .code = BPF_JMP | BPF_EXIT },
};

/* 64 instructions, the last reading r2: a level 1 log prints each of them */
#define LONG_LOG_INSNS	64
static struct bpf_insn long_log[LONG_LOG_INSNS];

static int load(__u64 insns, __u32 cnt, __u64 license, __u64 log, __u32 log_size)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = insns;
	a.insn_cnt = cnt;
	a.license = license;
	a.log_buf = log;
	a.log_size = log_size;
	a.log_level = log ? 1 : 0;
	return (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

static void setup_hole(void)
{
	char *p;

	page = sysconf(_SC_PAGESIZE);
	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	/* PROT_NONE, not unmapped: a later mapping must not fill the hole */
	if (mprotect(p + page, page, PROT_NONE)) {
		perror("mprotect");
		exit(1);
	}
	hole = p;
}

static void test_prog_load(void)
{
	struct bpf_insn *edge = (struct bpf_insn *)(hole + page) - 1;
	char *lic_edge = hole + page - 4;
	static char log[4096];
	int fd;

	TEST_ERRNO(load(BAD, 2, PTR("GPL"), 0, 0), EFAULT, "PROG_LOAD: insns at a bad address");
	edge[0] = ret0[0];
	TEST_ERRNO(load(PTR(edge), 2, PTR("GPL"), 0, 0), EFAULT,
		   "PROG_LOAD: insns running into an unmapped page");
	TEST_ERRNO(load(PTR(ret0), 2, 0, 0, 0), EFAULT, "PROG_LOAD: NULL license");
	TEST_ERRNO(load(PTR(ret0), 2, BAD, 0, 0), EFAULT, "PROG_LOAD: license at a bad address");

	/* a short string just before the hole is fine: read up to its NUL only */
	memcpy(lic_edge, "GPL", 4);
	fd = load(PTR(ret0), 2, PTR(lic_edge), 0, 0);
	TEST_OK(fd >= 0, "PROG_LOAD: license ending just before an unmapped page", "errno %d", errno);
	if (fd >= 0)
		close(fd);
	/* no NUL before the hole */
	memset(hole + page - 8, 'G', 8);
	TEST_ERRNO(load(PTR(ret0), 2, PTR(hole + page - 8), 0, 0), EFAULT,
		   "PROG_LOAD: license running into an unmapped page");

	TEST_ERRNO(load(PTR(ret0), 2, PTR("GPL"), BAD, 4096), EFAULT,
		   "PROG_LOAD: log_buf at a bad address");
	/*
	 * A log buffer running into an unmapped page faults where a line
	 * lands there, not before: a short log fits, a long one faults.
	 */
	TEST_ERRNO(load(PTR(bad_r0), 2, PTR("GPL"), PTR(hole + page - 200), 4096), EACCES,
		   "PROG_LOAD: a short log before the unmapped part of log_buf");
	TEST_ERRNO(load(PTR(long_log), LONG_LOG_INSNS, PTR("GPL"), PTR(hole + page - 200), 4096),
		   EFAULT, "PROG_LOAD: a log running into the unmapped part of log_buf");
	fd = load(PTR(ret0), 2, PTR("GPL"), PTR(log), sizeof(log));
	TEST_OK(fd >= 0, "PROG_LOAD: a good log_buf still loads", "errno %d", errno);
	if (fd >= 0)
		close(fd);
}

static void test_attr(void)
{
	union bpf_attr *a = (union bpf_attr *)(hole + page - sizeof(*a));

	TEST_ERRNO(sys_bpf(BPF_MAP_CREATE, NULL, sizeof(*a)), EFAULT, "bpf(): NULL attr");
	memset(a, 0, sizeof(*a));
	a->map_type = BPF_MAP_TYPE_ARRAY;
	a->key_size = 4;
	a->value_size = 8;
	a->max_entries = 1;
	/* a larger attr whose tail (that must be zero) is unmapped */
	TEST_ERRNO(sys_bpf(BPF_MAP_CREATE, a, sizeof(*a) + 8), EFAULT,
		   "bpf(): attr tail in an unmapped page");
}

static int map_create(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 4;
	return (int)sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static long map_op(int cmd, int fd, __u64 key, __u64 value, __u64 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = key;
	a.value = value;
	a.flags = flags;
	return sys_bpf(cmd, &a, sizeof(a));
}

static void test_map_elem(void)
{
	__u32 key = 1, next;
	__u64 val = 42, out = 0;
	int fd = map_create();

	if (!TEST_OK(fd >= 0, "MAP_CREATE hash", "errno %d", errno))
		return;
	TEST_OK(map_op(BPF_MAP_UPDATE_ELEM, fd, PTR(&key), PTR(&val), BPF_ANY) == 0,
		"MAP_UPDATE_ELEM", "errno %d", errno);
	TEST_ERRNO(map_op(BPF_MAP_UPDATE_ELEM, fd, 0, PTR(&val), BPF_ANY), EFAULT,
		   "MAP_UPDATE_ELEM: NULL key");
	TEST_ERRNO(map_op(BPF_MAP_UPDATE_ELEM, fd, PTR(&key), 0, BPF_ANY), EFAULT,
		   "MAP_UPDATE_ELEM: NULL value");
	TEST_ERRNO(map_op(BPF_MAP_LOOKUP_ELEM, fd, 0, PTR(&out), 0), EFAULT,
		   "MAP_LOOKUP_ELEM: NULL key");
	TEST_ERRNO(map_op(BPF_MAP_LOOKUP_ELEM, fd, PTR(&key), 0, 0), EFAULT,
		   "MAP_LOOKUP_ELEM: NULL value");
	TEST_ERRNO(map_op(BPF_MAP_DELETE_ELEM, fd, 0, 0, 0), EFAULT,
		   "MAP_DELETE_ELEM: NULL key");
	{
		union bpf_attr a;

		memset(&a, 0, sizeof(a));
		a.map_fd = fd;
		a.key = PTR(&key);
		/* as 6.1: the key has no next one before anything is copied out */
		TEST_ERRNO(sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof(a)), ENOENT,
			   "MAP_GET_NEXT_KEY: NULL next_key, no next key");
		key = 0;
		TEST_ERRNO(sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof(a)), EFAULT,
			   "MAP_GET_NEXT_KEY: NULL next_key");
		key = 1;
		a.next_key = PTR(&next);
		TEST_OK(sys_bpf(BPF_MAP_GET_NEXT_KEY, &a, sizeof(a)) < 0 && errno == ENOENT,
			"MAP_GET_NEXT_KEY: the only key has no next", "errno %d", errno);
	}
	TEST_OK(map_op(BPF_MAP_LOOKUP_ELEM, fd, PTR(&key), PTR(&out), 0) == 0 && out == 42,
		"the map is intact after the faults", "errno %d out %llu", errno,
		(unsigned long long)out);
	close(fd);
}

static void test_info(void)
{
	struct bpf_prog_info info;
	union bpf_attr a;
	int fd = load(PTR(ret0), 2, PTR("GPL"), 0, 0);

	if (!TEST_OK(fd >= 0, "PROG_LOAD for the info cases", "errno %d", errno))
		return;
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = BAD;
	TEST_ERRNO(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)), EFAULT,
		   "OBJ_GET_INFO_BY_FD: info at a bad address");
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = 16;
	info.xlated_prog_insns = BAD;
	a.info.info = PTR(&info);
	TEST_ERRNO(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)), EFAULT,
		   "OBJ_GET_INFO_BY_FD: xlated_prog_insns at a bad address");
	memset(&info, 0, sizeof(info));
	TEST_OK(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)) == 0 && info.xlated_prog_len == 16,
		"OBJ_GET_INFO_BY_FD: the program is intact", "errno %d len %u", errno,
		info.xlated_prog_len);
	close(fd);
}

static void test_run(void)
{
	union bpf_attr a;
	char pkt[64] = { 0 };
	int fd = load(PTR(ret0), 2, PTR("GPL"), 0, 0);

	if (!TEST_OK(fd >= 0, "PROG_LOAD for the test-run cases", "errno %d", errno))
		return;
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.data_in = BAD;
	a.test.data_size_in = sizeof(pkt);
	TEST_ERRNO(sys_bpf(BPF_PROG_TEST_RUN, &a, sizeof(a)), EFAULT,
		   "PROG_TEST_RUN: data_in at a bad address");
	a.test.data_in = PTR(pkt);
	a.test.data_out = BAD;
	a.test.data_size_out = sizeof(pkt);
	TEST_ERRNO(sys_bpf(BPF_PROG_TEST_RUN, &a, sizeof(a)), EFAULT,
		   "PROG_TEST_RUN: data_out at a bad address");
	a.test.data_out = 0;
	a.test.data_size_out = 0;
	TEST_OK(sys_bpf(BPF_PROG_TEST_RUN, &a, sizeof(a)) == 0, "PROG_TEST_RUN: good buffers run",
		"errno %d", errno);
	close(fd);
}

static void test_paths(void)
{
	union bpf_attr a;
	int fd = map_create();
	char *edge = hole + page - 8;

	if (!TEST_OK(fd >= 0, "MAP_CREATE for the path cases", "errno %d", errno))
		return;
	memset(&a, 0, sizeof(a));
	a.bpf_fd = fd;
	a.pathname = BAD;
	TEST_ERRNO(sys_bpf(BPF_OBJ_PIN, &a, sizeof(a)), EFAULT, "OBJ_PIN: path at a bad address");
	a.pathname = PTR("");
	TEST_ERRNO(sys_bpf(BPF_OBJ_PIN, &a, sizeof(a)), ENOENT, "OBJ_PIN: empty path");
	memset(edge, 'a', 8);
	a.pathname = PTR(edge);
	TEST_ERRNO(sys_bpf(BPF_OBJ_PIN, &a, sizeof(a)), EFAULT,
		   "OBJ_PIN: path running into an unmapped page");
	{
		static char longpath[PATH_MAX + 16];

		memset(longpath, 'a', sizeof(longpath) - 1);
		a.pathname = PTR(longpath);
		TEST_ERRNO(sys_bpf(BPF_OBJ_PIN, &a, sizeof(a)), ENAMETOOLONG,
			   "OBJ_PIN: path longer than PATH_MAX");
	}
	memset(&a, 0, sizeof(a));
	a.pathname = BAD;
	TEST_ERRNO(sys_bpf(BPF_OBJ_GET, &a, sizeof(a)), EFAULT, "OBJ_GET: path at a bad address");
	TEST_OK(map_op(BPF_MAP_LOOKUP_ELEM, fd, PTR(&(__u32){ 0 }), PTR(&(__u64){ 0 }), 0) < 0 &&
		errno == ENOENT, "the map is still usable after the failed pins", "errno %d", errno);
	close(fd);
}

static void test_btf_load(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.btf = BAD;
	a.btf_size = 64;
	TEST_ERRNO(sys_bpf(BPF_BTF_LOAD, &a, sizeof(a)), EFAULT, "BTF_LOAD: btf at a bad address");
}

int main(void)
{
	setup_hole();
	for (int i = 0; i < LONG_LOG_INSNS - 2; i++)
		long_log[i] = ret0[0];
	long_log[LONG_LOG_INSNS - 2] = bad_r0[0];
	long_log[LONG_LOG_INSNS - 1] = bad_r0[1];
	test_prog_load();
	test_attr();
	test_map_elem();
	test_info();
	test_run();
	test_paths();
	test_btf_load();
	return sysbpf_test_done();
}
