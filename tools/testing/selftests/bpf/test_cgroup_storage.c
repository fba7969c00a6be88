// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_CGROUP_STORAGE and PERCPU_CGROUP_STORAGE (local_storage.c)
 * against Linux 6.1:
 *  - MAP_CREATE's errno for each bad attribute (TEST_CGROUP_STORAGE_HOST=1
 *    runs that part on the host kernel, to check the expectations);
 *  - an empty map (no attachment): lookup/update ENOENT, delete EINVAL,
 *    get_next_key ENOENT, and the flags errno;
 *  - the storages of attachments, linked as the attach code does
 *    (bpf_cgroup_storages_alloc/link): lookup, update (BPF_EXIST, the
 *    per-CPU layout), get_next_key order, 8- and 16-byte keys, unlink;
 *  - the verifier's binding: one map of each type a program, -EBUSY and
 *    6.1's message for a second one; non-zero flags refused;
 *  - the program side: bpf_get_local_storage() in BPF_PROG_TEST_RUN
 *    (a fresh storage each run, as 6.1's test run) and in a run with an
 *    attachment's storages current, seen from user space after.
 */
#include <linux/bpf-cgroup.h>
#include <linux/filter.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define CHECK(cond, name)	TEST_OK(cond, name, "%s", #cond)
#define P(x)			((__u64)(uintptr_t)(x))

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);
u64 bpf_get_local_storage(u64 map, u64 flags, u64 r3, u64 r4, u64 r5);

static bool on_host;

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret;

	if (on_host)
		return (int)syscall(__NR_bpf, cmd, attr, sizeof(*attr));
	ret = __sys_bpf(cmd, attr, sizeof(*attr));
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

static int map_create(u32 type, u32 key, u32 value, u32 max, u32 flags)
{
	union bpf_attr attr = {
		.map_type = type, .key_size = key, .value_size = value,
		.max_entries = max, .map_flags = flags,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int lookup(int map, const void *key, void *value, u64 flags)
{
	union bpf_attr attr = { .map_fd = map, .key = P(key), .value = P(value), .flags = flags };

	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

static int update(int map, const void *key, const void *value, u64 flags)
{
	union bpf_attr attr = { .map_fd = map, .key = P(key), .value = P(value), .flags = flags };

	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static int delete(int map, const void *key)
{
	union bpf_attr attr = { .map_fd = map, .key = P(key) };

	return sys_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

static int next_key(int map, const void *key, void *next)
{
	union bpf_attr attr = { .map_fd = map, .key = P(key), .next_key = P(next) };

	return sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
}

static char logbuf[1 << 16];

static int prog_load(enum bpf_prog_type type, const struct bpf_insn *insns, u32 cnt)
{
	union bpf_attr attr = {
		.prog_type = type,
		.expected_attach_type = BPF_CGROUP_INET_EGRESS,
		.insns = P(insns),
		.insn_cnt = cnt,
		.license = P("GPL"),
		.log_buf = P(logbuf),
		.log_size = sizeof(logbuf),
		.log_level = 1,
	};

	logbuf[0] = '\0';
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

#define LOAD(type, ...)							\
	({ const struct bpf_insn __i[] = { __VA_ARGS__ };			\
	   prog_load(type, __i, ARRAY_SIZE(__i)); })

/* r0 = ++*(u64 *)get_local_storage(map, 0) & 3 (an egress hook returns 0..3) */
#define INC_STORAGE(map)						\
	BPF_LD_MAP_FD(BPF_REG_1, map),					\
	BPF_MOV64_IMM(BPF_REG_2, 0),					\
	BPF_EMIT_CALL(BPF_FUNC_get_local_storage),			\
	BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_0, 0),			\
	BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 1),				\
	BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),			\
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),				\
	BPF_ALU64_IMM(BPF_AND, BPF_REG_0, 3),				\
	BPF_EXIT_INSN()

static u32 test_run(int prog)
{
	char pkt[64] = { 0 };
	union bpf_attr attr = {
		.test.prog_fd = prog,
		.test.data_in = P(pkt),
		.test.data_size_in = sizeof(pkt),
		.test.repeat = 1,
	};

	if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
		return 0xdead;
	return attr.test.retval;
}

/* ---- MAP_CREATE ---- */

static void test_create(void)
{
	const u32 K = sizeof(struct bpf_cgroup_storage_key);
	int fd;

	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, 12, 8, 0, 0), EINVAL,
		   "create: key_size 12 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, 4, 8, 0, 0), EINVAL,
		   "create: key_size 4 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 0, 0, 0), EINVAL,
		   "create: value_size 0 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 65408, 0, 0), E2BIG,
		   "create: value_size 65408 is E2BIG");
	fd = map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 65407, 0, 0);
	TEST_OK(fd >= 0, "create: value_size 65407 is the largest", "errno %d", errno);
	close(fd);
	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, K, 32769, 0, 0), E2BIG,
		   "create: per-CPU value_size 32769 is E2BIG");
	fd = map_create(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, K, 32768, 0, 0);
	TEST_OK(fd >= 0, "create: per-CPU value_size 32768 is the largest", "errno %d", errno);
	close(fd);
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 1, 0), EINVAL,
		   "create: max_entries 1 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0, BPF_F_NO_PREALLOC),
		   EINVAL, "create: BPF_F_NO_PREALLOC is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0, BPF_F_MMAPABLE),
		   EINVAL, "create: BPF_F_MMAPABLE is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0,
			      BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG),
		   EINVAL, "create: RDONLY_PROG with WRONLY_PROG is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_CGROUP_STORAGE, 8, 8, 5, 0), EINVAL,
		   "create: 8-byte key, max_entries 5 is EINVAL");
	fd = map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0, BPF_F_RDONLY_PROG);
	TEST_OK(fd >= 0, "create: BPF_F_RDONLY_PROG is allowed", "errno %d", errno);
	close(fd);
	fd = map_create(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, 8, 8, 0, 0);
	TEST_OK(fd >= 0, "create: per-CPU with an 8-byte key", "errno %d", errno);
	close(fd);
}

/* ---- the map without attachments ---- */

static void test_empty(void)
{
	struct bpf_cgroup_storage_key key = { .cgroup_inode_id = 1, .attach_type = 0 };
	int fd = map_create(BPF_MAP_TYPE_CGROUP_STORAGE, sizeof(key), 8, 0, 0);
	int pfd = map_create(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, sizeof(key), 8, 0, 0);
	u64 value[1024] = { 0 };
	struct bpf_cgroup_storage_key next;

	if (!CHECK(fd >= 0 && pfd >= 0, "empty: create"))
		return;
	TEST_ERRNO(lookup(fd, &key, value, 0), ENOENT, "empty: lookup is ENOENT");
	TEST_ERRNO(update(fd, &key, value, BPF_ANY), ENOENT, "empty: update is ENOENT");
	TEST_ERRNO(update(fd, &key, value, BPF_EXIST), ENOENT,
		   "empty: update BPF_EXIST is ENOENT");
	TEST_ERRNO(update(fd, &key, value, BPF_NOEXIST), EINVAL,
		   "empty: update BPF_NOEXIST is EINVAL");
	TEST_ERRNO(update(fd, &key, value, BPF_F_LOCK), EINVAL,
		   "empty: BPF_F_LOCK without a bpf_spin_lock is EINVAL");
	TEST_ERRNO(lookup(fd, &key, value, BPF_F_LOCK), EINVAL,
		   "empty: lookup BPF_F_LOCK without a bpf_spin_lock is EINVAL");
	TEST_ERRNO(delete(fd, &key), EINVAL, "empty: delete is EINVAL");
	TEST_ERRNO(next_key(fd, NULL, &next), ENOENT, "empty: get_next_key is ENOENT");
	TEST_ERRNO(lookup(pfd, &key, value, 0), ENOENT, "empty per-CPU: lookup is ENOENT");
	TEST_ERRNO(update(pfd, &key, value, BPF_NOEXIST), EINVAL,
		   "empty per-CPU: update BPF_NOEXIST is EINVAL");
	TEST_ERRNO(update(pfd, &key, value, BPF_ANY), ENOENT,
		   "empty per-CPU: update is ENOENT");
	TEST_ERRNO(delete(pfd, &key), EINVAL, "empty per-CPU: delete is EINVAL");
	close(fd);
	close(pfd);
}

/* ---- the verifier's binding ---- */

static void test_binding(void)
{
	const u32 K = sizeof(struct bpf_cgroup_storage_key);
	int a = map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0, 0);
	int b = map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0, 0);
	int c = map_create(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, K, 8, 0, 0);
	int fd;

	if (!CHECK(a >= 0 && b >= 0 && c >= 0, "binding: create"))
		return;
	fd = LOAD(BPF_PROG_TYPE_CGROUP_SKB,
		  BPF_LD_MAP_FD(BPF_REG_1, a),
		  BPF_LD_MAP_FD(BPF_REG_1, b),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EBUSY, "binding: two shared storage maps are EBUSY");
	CHECK(strstr(logbuf, "only one cgroup storage of each type is allowed"),
	      "binding: 6.1's message");
	fd = LOAD(BPF_PROG_TYPE_CGROUP_SKB,
		  BPF_LD_MAP_FD(BPF_REG_1, a),
		  BPF_LD_MAP_FD(BPF_REG_1, a),
		  BPF_LD_MAP_FD(BPF_REG_1, c),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_OK(fd >= 0, "binding: one map of each type, named twice", "errno %d %s",
		errno, logbuf);
	close(fd);
	fd = LOAD(BPF_PROG_TYPE_CGROUP_SKB,
		  BPF_LD_MAP_FD(BPF_REG_1, a),
		  BPF_MOV64_IMM(BPF_REG_2, 1),
		  BPF_EMIT_CALL(BPF_FUNC_get_local_storage),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "binding: non-zero flags are EINVAL");
	CHECK(strstr(logbuf, "get_local_storage() doesn't support non-zero flags"),
	      "binding: flags message");
	fd = LOAD(BPF_PROG_TYPE_SOCKET_FILTER,
		  BPF_LD_MAP_FD(BPF_REG_1, a),
		  BPF_MOV64_IMM(BPF_REG_2, 0),
		  BPF_EMIT_CALL(BPF_FUNC_get_local_storage),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "binding: socket filters have no bpf_get_local_storage");
	close(a);
	close(b);
	close(c);
}

/* ---- attachments and programs ---- */

static void test_attached(void)
{
	const u32 K = sizeof(struct bpf_cgroup_storage_key);
	struct bpf_cgroup_storage *st[MAX_BPF_CGROUP_STORAGE_TYPE] = {};
	struct bpf_cgroup_storage *nst[MAX_BPF_CGROUP_STORAGE_TYPE] = {};
	struct bpf_cgroup_storage *st2[MAX_BPF_CGROUP_STORAGE_TYPE] = {};
	struct bpf_cgroup_storage *nst2[MAX_BPF_CGROUP_STORAGE_TYPE] = {};
	struct bpf_cgroup_storage **old;
	struct bpf_cgroup_storage_key key = { 1234, BPF_CGROUP_INET_EGRESS }, next;
	struct bpf_cgroup_storage_key key2 = { 99, BPF_CGROUP_INET_INGRESS };
	u32 ncpu = num_possible_cpus(), cpu;
	u64 v = 0, *pv = calloc(ncpu, sizeof(u64));
	int map, pmap, prog, pprog;
	struct bpf_prog *p, *pp;

	map = map_create(BPF_MAP_TYPE_CGROUP_STORAGE, K, 8, 0, 0);
	pmap = map_create(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, K, 8, 0, 0);
	prog = LOAD(BPF_PROG_TYPE_CGROUP_SKB, INC_STORAGE(map));
	TEST_OK(prog >= 0, "program: load", "errno %d %s", errno, logbuf);
	pprog = LOAD(BPF_PROG_TYPE_CGROUP_SKB, INC_STORAGE(pmap));
	TEST_OK(pprog >= 0, "per-CPU program: load", "errno %d %s", errno, logbuf);
	if (map < 0 || pmap < 0 || prog < 0 || pprog < 0 || !pv)
		goto out;

	/* a test run: a zeroed storage of its own each time (6.1) */
	TEST_EQ(test_run(prog), 1, "test run: the storage starts zeroed");
	TEST_EQ(test_run(prog), 1, "test run: a fresh storage each run");
	TEST_EQ(test_run(pprog), 1, "test run per-CPU: zeroed");

	/* attach as the attach code does: storages of (cgroup 1234, egress) */
	p = bpf_prog_get(prog);
	pp = bpf_prog_get(pprog);
	if (!CHECK(!IS_ERR(p) && !IS_ERR(pp), "attach: the programs"))
		goto out;
	CHECK(p->aux->cgroup_storage[BPF_CGROUP_STORAGE_SHARED] &&
	      !p->aux->cgroup_storage[BPF_CGROUP_STORAGE_PERCPU],
	      "attach: the program is bound to its map");
	TEST_EQ(bpf_cgroup_storages_alloc(st, nst, BPF_CGROUP_INET_EGRESS, p, 1234), 0,
		"attach: storages");
	CHECK(st[0] && nst[0] == st[0] && !st[1], "attach: one new shared storage");
	bpf_cgroup_storages_link(nst, 1234, BPF_CGROUP_INET_EGRESS);
	TEST_EQ(lookup(map, &key, &v, 0), 0, "attached: lookup");
	TEST_EQ(v, 0, "attached: zero");
	TEST_ERRNO(lookup(map, &key2, &v, 0), ENOENT, "attached: another key is ENOENT");
	key.attach_type = BPF_CGROUP_INET_INGRESS;
	TEST_ERRNO(lookup(map, &key, &v, 0), ENOENT,
		   "attached: the same cgroup with another hook is ENOENT");
	key.attach_type = BPF_CGROUP_INET_EGRESS;
	v = 41;
	TEST_EQ(update(map, &key, &v, BPF_EXIST), 0, "attached: update BPF_EXIST");
	TEST_ERRNO(update(map, &key, &v, BPF_NOEXIST), EINVAL,
		   "attached: update BPF_NOEXIST is EINVAL");
	TEST_ERRNO(delete(map, &key), EINVAL, "attached: delete is EINVAL");

	/* a run of the attached program sees the attachment's storage */
	/* a second program on the same cgroup and hook shares the storage */
	TEST_EQ(bpf_cgroup_storages_alloc(st2, nst2, BPF_CGROUP_INET_EGRESS, p, 1234), 0,
		"attach again: storages");
	CHECK(st2[0] == st[0] && !nst2[0], "attach again: the same storage, nothing new");

	/* another attachment: get_next_key walks the newest first */
	memset(st2, 0, sizeof(st2));
	memset(nst2, 0, sizeof(nst2));
	TEST_EQ(bpf_cgroup_storages_alloc(st2, nst2, BPF_CGROUP_INET_INGRESS, p, 99), 0,
		"attach 2: storages");
	bpf_cgroup_storages_link(nst2, 99, BPF_CGROUP_INET_INGRESS);
	TEST_EQ(next_key(map, NULL, &next), 0, "next_key: first");
	CHECK(next.cgroup_inode_id == 99 && next.attach_type == BPF_CGROUP_INET_INGRESS,
	      "next_key: the newest first");
	TEST_EQ(next_key(map, &next, &next), 0, "next_key: second");
	CHECK(next.cgroup_inode_id == 1234 && next.attach_type == BPF_CGROUP_INET_EGRESS,
	      "next_key: then the older");
	TEST_ERRNO(next_key(map, &next, &next), ENOENT, "next_key: then ENOENT");
	next = (struct bpf_cgroup_storage_key){ 5, 5 };
	TEST_ERRNO(next_key(map, &next, &next), ENOENT,
		   "next_key: of a key not there is ENOENT");
	TEST_EQ(lookup(map, &key, &v, 0), 0, "attached: lookup after update");
	TEST_EQ(v, 41, "attached: the value user space wrote");
	bpf_cgroup_storages_unlink(nst2);
	bpf_cgroup_storages_free(nst2);
	TEST_ERRNO(lookup(map, &key2, &v, 0), ENOENT, "detach: the storage is gone");

	/* per-CPU: one round_up(8, 8) slot per possible CPU */
	memset(st2, 0, sizeof(st2));
	memset(nst2, 0, sizeof(nst2));
	TEST_EQ(bpf_cgroup_storages_alloc(st2, nst2, BPF_CGROUP_INET_EGRESS, pp, 1234), 0,
		"per-CPU attach: storages");
	CHECK(!st2[0] && st2[1], "per-CPU attach: one per-CPU storage");
	bpf_cgroup_storages_link(nst2, 1234, BPF_CGROUP_INET_EGRESS);
	for (cpu = 0; cpu < ncpu; cpu++)
		pv[cpu] = 100 + cpu;
	TEST_EQ(update(pmap, &key, pv, BPF_ANY), 0, "per-CPU: update every CPU's value");
	memset(pv, 0, ncpu * sizeof(u64));
	TEST_EQ(lookup(pmap, &key, pv, 0), 0, "per-CPU: lookup");
	TEST_EQ(pv[ncpu - 1], 100 + ncpu - 1, "per-CPU: the last CPU's value");
	TEST_EQ(pv[0], 100, "per-CPU: CPU 0's value");
	TEST_ERRNO(update(pmap, &key, pv, BPF_NOEXIST), EINVAL,
		   "per-CPU: update BPF_NOEXIST is EINVAL");

	/* a program run with the attachment's storages current */
	old = bpf_cgroup_storage_set(st2);
	sysbpf_this_cpu = 0;
	CHECK(*(u64 *)bpf_get_local_storage((unsigned long)pp->aux->cgroup_storage[1], 0, 0, 0, 0) == 100,
	      "per-CPU: the helper returns this CPU's value");
	CHECK(bpf_get_local_storage((unsigned long)p->aux->cgroup_storage[0], 0, 0, 0, 0) == 0,
	      "helper: another map's storage is not handed out");
	bpf_cgroup_storage_restore(old);
	old = bpf_cgroup_storage_set(st);
	CHECK(*(u64 *)bpf_get_local_storage((unsigned long)p->aux->cgroup_storage[0], 0, 0, 0, 0) == 41,
	      "shared: the helper returns the attachment's value");
	bpf_cgroup_storage_restore(old);

	bpf_cgroup_storages_unlink(nst2);
	bpf_cgroup_storages_free(nst2);
	bpf_cgroup_storages_unlink(nst);
	bpf_cgroup_storages_free(nst);
	TEST_ERRNO(lookup(map, &key, &v, 0), ENOENT, "detach: gone");
	bpf_prog_put(p);
	bpf_prog_put(pp);
out:
	free(pv);
	close(prog);
	close(pprog);
	close(map);
	close(pmap);
}

int main(int argc, char **argv)
{
	on_host = getenv("TEST_CGROUP_STORAGE_HOST") != NULL;
	test_create();
	test_empty();
	if (!on_host) {
		test_binding();
		test_attached();
	}
	return sysbpf_test_done();
}
