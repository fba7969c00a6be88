// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of the array and hash maps (arraymap.c, hashtab.c,
 * percpu_freelist.c): the ops are driven directly, as syscall.c and the
 * helpers drive them, for every errno of 6.1 and for the semantics
 * (NOEXIST/EXIST, a full map, per-CPU layouts, get_next_key order,
 * mmapable values, prog array references), plus a 4-thread stress to run
 * under TSan.
 *
 * The few syscall.c functions the maps call are replaced below by weak
 * stand-ins with the same contract, so that the test needs no program
 * loading and can make stub programs; a check fails if the real ones got
 * linked in instead.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <linux/jhash.h>
#include <linux/percpu_freelist.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sysbpf_test.h"

/* A check that shows its condition when it fails. */
#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

/* ---- stand-ins for syscall.c ---- */

#define __stub __attribute__((weak))

static int stub_init_calls;
static int stub_locked_copies;
static int stub_zero_special_calls;
static bool test_unpriv;

/* The batch commands (map_batch.c) would pull in the real syscall.c. */
__stub int generic_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
				    union bpf_attr __user *uattr)
{
	return -ENOTSUPP;
}

__stub int generic_map_update_batch(struct bpf_map *map, const union bpf_attr *attr,
				    union bpf_attr __user *uattr)
{
	return -ENOTSUPP;
}

__stub int generic_map_delete_batch(struct bpf_map *map, const union bpf_attr *attr,
				    union bpf_attr __user *uattr)
{
	return -ENOTSUPP;
}

__stub void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr)
{
	stub_init_calls++;
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = attr->map_flags & ~BPF_F_RDONLY & ~BPF_F_WRONLY;
	map->numa_node = (attr->map_flags & BPF_F_NUMA_NODE) ?
			 (int)attr->numa_node : NUMA_NO_NODE;
	map->map_extra = attr->map_extra;
}

/* struct bpf_map is __aligned(64): so is the memory maps are made in. */
__stub void *bpf_map_area_alloc(u64 size, int numa_node)
{
	char *raw, *p;

	if (size >= SIZE_MAX - PAGE_SIZE)
		return NULL;
	raw = kzalloc(size + 64, GFP_KERNEL);
	if (!raw)
		return NULL;
	p = (char *)round_up((unsigned long)raw + sizeof(void *), 64UL);
	memcpy(p - sizeof(void *), &raw, sizeof(raw));
	return p;
}

__stub void bpf_map_area_free(void *base)
{
	void *raw;

	if (!base)
		return;
	memcpy(&raw, (char *)base - sizeof(void *), sizeof(raw));
	kfree(raw);
}

__stub bool bpf_capable(void)
{
	return !test_unpriv;
}

__stub bool perfmon_capable(void)
{
	return !test_unpriv;
}

/* Leaves the spin lock (4 bytes) and the timer (16 bytes) of a value alone. */
static bool in_special(struct bpf_map *map, u32 off)
{
	if (map->spin_lock_off >= 0 && off >= (u32)map->spin_lock_off &&
	    off < (u32)map->spin_lock_off + sizeof(struct bpf_spin_lock))
		return true;
	if (map->timer_off >= 0 && off >= (u32)map->timer_off &&
	    off < (u32)map->timer_off + sizeof(struct bpf_timer))
		return true;
	return false;
}

__stub void copy_map_value(struct bpf_map *map, void *dst, void *src)
{
	u32 i;

	for (i = 0; i < map->value_size; i++)
		if (!in_special(map, i))
			((char *)dst)[i] = ((char *)src)[i];
}

__stub void zero_map_value_special(struct bpf_map *map, void *dst)
{
	u32 i;

	__atomic_fetch_add(&stub_zero_special_calls, 1, __ATOMIC_RELAXED);
	for (i = 0; i < map->value_size; i++)
		if (in_special(map, i))
			((char *)dst)[i] = 0;
}

__stub void copy_map_value_locked(struct bpf_map *map, void *dst, void *src,
				  bool lock_src)
{
	spinlock_t *lock = (spinlock_t *)((char *)(lock_src ? src : dst) +
					  map->spin_lock_off);

	__atomic_fetch_add(&stub_locked_copies, 1, __ATOMIC_RELAXED);
	spin_lock(lock);
	copy_map_value(map, dst, src);
	spin_unlock(lock);
}

/* Stub programs behind made-up fd numbers. */
#define STUB_FD_BASE	7000
#define NR_STUB_FDS	16

static struct {
	struct bpf_prog *prog;
	bool not_a_prog;
} stub_fds[NR_STUB_FDS];
static int stub_progs_freed;

__stub struct bpf_prog *bpf_prog_get(u32 ufd)
{
	u32 i = ufd - STUB_FD_BASE;

	if (ufd < STUB_FD_BASE || i >= NR_STUB_FDS ||
	    (!stub_fds[i].prog && !stub_fds[i].not_a_prog))
		return ERR_PTR(-EBADF);
	if (stub_fds[i].not_a_prog)
		return ERR_PTR(-EINVAL);
	atomic64_inc(&stub_fds[i].prog->aux->refcnt);
	return stub_fds[i].prog;
}

__stub void bpf_prog_put(struct bpf_prog *prog)
{
	if (atomic64_dec_and_test(&prog->aux->refcnt)) {
		kfree(prog->aux);
		kfree(prog);
		stub_progs_freed++;
	}
}

__stub bool bpf_prog_map_compatible(struct bpf_map *map, const struct bpf_prog *fp)
{
	bool ret;

	spin_lock(&map->owner_lock);
	if (!map->owner.type) {
		map->owner.type = fp->type;
		map->owner.jited = fp->jited;
		ret = true;
	} else {
		ret = map->owner.type == fp->type && map->owner.jited == fp->jited;
	}
	spin_unlock(&map->owner_lock);
	return ret;
}

/*
 * map_in_map.c's calls into syscall.c, which arraymap.c and hashtab.c
 * link in for their map-in-map types (tested in test_map_in_map.c).
 */
__stub struct bpf_map *__bpf_map_get(struct fd f)
{
	return ERR_PTR(f.file ? -EINVAL : -EBADF);
}

__stub void bpf_map_inc(struct bpf_map *map)
{
	atomic64_inc(&map->refcnt);
}

__stub void bpf_map_put(struct bpf_map *map)
{
	atomic64_sub(1, &map->refcnt);
}

/* and into btf.c, for a template's BTF */
__stub void btf_get(struct btf *btf)
{
}

__stub void btf_put(struct btf *btf)
{
}

static int stub_prog_new(enum bpf_prog_type type, u32 id)
{
	struct bpf_prog *prog = kzalloc(sizeof(*prog), GFP_KERNEL);
	int i;

	prog->aux = kzalloc(sizeof(*prog->aux), GFP_KERNEL);
	prog->aux->prog = prog;
	prog->aux->id = id;
	atomic64_set(&prog->aux->refcnt, 1);
	prog->type = type;
	for (i = 0; i < NR_STUB_FDS; i++) {
		if (!stub_fds[i].prog && !stub_fds[i].not_a_prog) {
			stub_fds[i].prog = prog;
			return STUB_FD_BASE + i;
		}
	}
	abort();
}

static struct bpf_prog *stub_prog_of(int fd)
{
	return stub_fds[fd - STUB_FD_BASE].prog;
}

static s64 stub_prog_refs(int fd)
{
	return atomic64_read(&stub_prog_of(fd)->aux->refcnt);
}

/* The fd's own reference goes. */
static void stub_prog_close(int fd)
{
	struct bpf_prog *prog = stub_prog_of(fd);

	stub_fds[fd - STUB_FD_BASE].prog = NULL;
	bpf_prog_put(prog);
}

/* ---- making maps the way map_create does ---- */

static union bpf_attr map_attr(u32 type, u32 key, u32 value, u32 max, u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key;
	attr.value_size = value;
	attr.max_entries = max;
	attr.map_flags = flags;
	return attr;
}

static int check_attr(const struct bpf_map_ops *ops, u32 type, u32 key, u32 value,
		      u32 max, u32 flags)
{
	union bpf_attr attr = map_attr(type, key, value, max, flags);

	return ops->map_alloc_check(&attr);
}

static struct bpf_map *map_new(const struct bpf_map_ops *ops, u32 type, u32 key,
			       u32 value, u32 max, u32 flags)
{
	union bpf_attr attr = map_attr(type, key, value, max, flags);
	struct bpf_map *map;
	int err;

	err = ops->map_alloc_check ? ops->map_alloc_check(&attr) : 0;
	if (err)
		return ERR_PTR(err);
	map = ops->map_alloc(&attr);
	if (IS_ERR(map))
		return map;
	map->ops = ops;
	atomic64_set(&map->refcnt, 1);
	atomic64_set(&map->usercnt, 1);
	spin_lock_init(&map->owner_lock);
	map->spin_lock_off = -EINVAL;
	map->timer_off = -EINVAL;
	return map;
}

static void map_del(struct bpf_map *map)
{
	map->ops->map_free(map);
}

static void *lookup(struct bpf_map *map, u32 k)
{
	return map->ops->map_lookup_elem(map, &k);
}

static int update(struct bpf_map *map, u32 k, const void *v, u64 flags)
{
	return map->ops->map_update_elem(map, &k, (void *)v, flags);
}

static int update64(struct bpf_map *map, u32 k, u64 v, u64 flags)
{
	return update(map, k, &v, flags);
}

static int delete(struct bpf_map *map, u32 k)
{
	return map->ops->map_delete_elem(map, &k);
}

static int next_key(struct bpf_map *map, const u32 *k, u32 *next)
{
	return map->ops->map_get_next_key(map, (void *)k, next);
}

static u64 lookup64(struct bpf_map *map, u32 k)
{
	u64 *v = lookup(map, k), r;

	if (!v)
		return ~0ULL;
	memcpy(&r, v, sizeof(r));
	return r;
}

#define PCPU_SLOT(map) round_up((map)->value_size, 8)

/* ---- jhash and the free list ---- */

static void test_jhash(void)
{
	static const char four[] = "Four score and seven years ago";
	u32 words[7] = { 1, 2, 3, 4, 5, 6, 7 }, n;
	bool same = true;

	/* the reference values of lookup3's own self-test */
	TEST_EQ(jhash("", 0, 0), 0xdeadbeef, "jhash: empty key, seed 0");
	TEST_EQ(jhash("", 0, 0xdeadbeef), 0xbd5b7dde, "jhash: empty key, seed deadbeef");
	TEST_EQ(jhash(four, 30, 0), 0x17770551, "jhash: lookup3 vector, seed 0");
	TEST_EQ(jhash(four, 30, 1), 0xcd628161, "jhash: lookup3 vector, seed 1");
	for (n = 0; n <= 7; n++)
		same &= jhash2(words, n, 42) == jhash(words, 4 * n, 42);
	CHECK(same, "jhash2 of words equals jhash of their bytes");
}

static void test_freelist(void)
{
	struct pcpu_freelist fl;
	struct pcpu_freelist_node nodes[10], *seen[11];
	unsigned int saved = sysbpf_this_cpu;
	int i, n = 0, distinct = 1;

	TEST_EQ(pcpu_freelist_init(&fl), 0, "freelist: init");
	pcpu_freelist_populate(&fl, nodes, sizeof(nodes[0]), 10);
	/* pop from the last CPU: it must reach the others' nodes too */
	sysbpf_this_cpu = nr_cpu_ids - 1;
	while (n < 11 && (seen[n] = pcpu_freelist_pop(&fl)))
		n++;
	TEST_EQ(n, 10, "freelist: every node can be popped from any CPU");
	for (i = 0; i < n; i++) {
		int j;

		for (j = 0; j < i; j++)
			distinct &= seen[i] != seen[j];
		distinct &= seen[i] >= nodes && seen[i] < nodes + 10;
	}
	CHECK(distinct, "freelist: nodes popped once each");
	pcpu_freelist_push(&fl, seen[3]);
	sysbpf_this_cpu = 0;
	CHECK(pcpu_freelist_pop(&fl) == seen[3], "freelist: pushed node found from another CPU");
	CHECK(pcpu_freelist_pop(&fl) == NULL, "freelist: empty again");
	pcpu_freelist_destroy(&fl);
	sysbpf_this_cpu = saved;
}

/* ---- arrays ---- */

static void test_array_alloc_check(void)
{
	const struct bpf_map_ops *a = &array_map_ops;
	u32 A = BPF_MAP_TYPE_ARRAY, P = BPF_MAP_TYPE_PERCPU_ARRAY;
	struct bpf_map *map;

	TEST_EQ(check_attr(a, A, 4, 8, 16, 0), 0, "array: valid attrs");
	TEST_EQ(check_attr(a, A, 8, 8, 16, 0), -EINVAL, "array: key_size 8 is EINVAL");
	TEST_EQ(check_attr(a, A, 4, 0, 16, 0), -EINVAL, "array: value_size 0 is EINVAL");
	TEST_EQ(check_attr(a, A, 4, 8, 0, 0), -EINVAL, "array: max_entries 0 is EINVAL");
	TEST_EQ(check_attr(a, A, 4, 8, 16, BPF_F_NO_PREALLOC), -EINVAL,
		"array: BPF_F_NO_PREALLOC is EINVAL");
	TEST_EQ(check_attr(a, A, 4, 8, 16, BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG), -EINVAL,
		"array: RDONLY_PROG|WRONLY_PROG is EINVAL");
	TEST_EQ(check_attr(a, A, 4, 8, 16, BPF_F_RDONLY_PROG | BPF_F_NUMA_NODE |
			   BPF_F_MMAPABLE | BPF_F_INNER_MAP), 0,
		"array: NUMA, MMAPABLE, INNER_MAP, RDONLY_PROG accepted");
	TEST_EQ(check_attr(a, A, 4, 8, 16, BPF_F_PRESERVE_ELEMS), -EINVAL,
		"array: PRESERVE_ELEMS is EINVAL");
	TEST_EQ(check_attr(&percpu_array_map_ops, P, 4, 8, 16, BPF_F_NUMA_NODE), -EINVAL,
		"percpu array: NUMA node is EINVAL");
	TEST_EQ(check_attr(&percpu_array_map_ops, P, 4, 8, 16, BPF_F_MMAPABLE), -EINVAL,
		"percpu array: MMAPABLE is EINVAL");
	TEST_EQ(check_attr(&percpu_array_map_ops, P, 4, 8, 16, BPF_F_INNER_MAP), -EINVAL,
		"percpu array: INNER_MAP is EINVAL");
	TEST_EQ(check_attr(a, A, 4, (u32)INT_MAX + 1, 1, 0), -E2BIG,
		"array: value_size > INT_MAX is E2BIG");
	TEST_EQ(check_attr(&percpu_array_map_ops, P, 4, 32769, 1, 0), -E2BIG,
		"percpu array: value over PCPU_MIN_UNIT_SIZE is E2BIG");
	TEST_EQ(check_attr(&percpu_array_map_ops, P, 4, 32768, 1, 0), 0,
		"percpu array: value of PCPU_MIN_UNIT_SIZE accepted");

	map = map_new(a, A, 4, 8, 5, 0);
	CHECK(!IS_ERR(map) && container_of(map, struct bpf_array, map)->index_mask == 7,
		"array: index_mask of 5 entries is 7");
	if (!IS_ERR(map))
		map_del(map);
	CHECK(stub_init_calls > 0,
		"the test's syscall.c stand-ins are linked (else this test is void)");

	test_unpriv = true;
	map = map_new(a, A, 4, 8, 0x80000001u, 0);
	TEST_EQ(IS_ERR(map) ? PTR_ERR(map) : 0, -E2BIG,
		"array: unprivileged, max_entries past 2^31 is E2BIG (rounding)");
	if (!IS_ERR(map))
		map_del(map);
	test_unpriv = false;
}

static u64 for_each_cb_count;
static u64 for_each_cb_stop_at;
static u64 for_each_cb_bad;

static u64 array_cb(u64 map, u64 key, u64 value, u64 ctx, u64 zero)
{
	u32 k;

	memcpy(&k, (void *)(unsigned long)key, sizeof(k));
	if ((void *)(unsigned long)value != lookup((struct bpf_map *)(unsigned long)map, k) ||
	    ctx != 0x1234 || zero != 0)
		for_each_cb_bad++;
	for_each_cb_count++;
	return k == for_each_cb_stop_at;
}

static void test_array_ops(void)
{
	struct bpf_map *map;
	u8 v[12], buf[12];
	u32 k, n;
	bool zero = true;

	map = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 12, 5, 0);
	if (!CHECK(!IS_ERR(map), "array: create"))
		return;
	TEST_EQ(map->memory_usage, PAGE_SIZE, "array: memlock figure as 6.1 (page-rounded)");
	for (k = 0; k < 5; k++)
		zero &= lookup(map, k) && !memcmp(lookup(map, k), "\0\0\0\0\0\0\0\0\0\0\0", 12);
	CHECK(zero, "array: values start zeroed");
	CHECK(lookup(map, 5) == NULL, "array: lookup past the end is NULL");
	CHECK((char *)lookup(map, 1) - (char *)lookup(map, 0) == 16,
		"array: values are round_up(value_size, 8) apart");

	memset(v, 0xab, sizeof(v));
	TEST_EQ(update(map, 5, v, BPF_ANY), -E2BIG, "array: update past the end is E2BIG");
	TEST_EQ(update(map, 5, v, BPF_NOEXIST), -E2BIG, "array: index checked before NOEXIST");
	TEST_EQ(update(map, 1, v, BPF_NOEXIST), -EEXIST, "array: NOEXIST is EEXIST");
	TEST_EQ(update(map, 1, v, 3), -EINVAL, "array: flags 3 are EINVAL");
	TEST_EQ(update(map, 1, v, 8), -EINVAL, "array: unknown flag is EINVAL");
	TEST_EQ(update(map, 1, v, BPF_F_LOCK), -EINVAL, "array: F_LOCK without a lock is EINVAL");
	TEST_EQ(update(map, 1, v, BPF_EXIST), 0, "array: EXIST updates");
	CHECK(!memcmp(lookup(map, 1), v, 12), "array: value written");
	v[0] = 7;
	TEST_EQ(update(map, 4, v, BPF_ANY), 0, "array: ANY updates the last element");
	CHECK(!memcmp(lookup(map, 4), v, 12), "array: last value written");
	TEST_EQ(delete(map, 1), -EINVAL, "array: delete is EINVAL");

	TEST_EQ(next_key(map, NULL, &n), 0, "array: next of no key");
	TEST_EQ(n, 0, "array: next of no key is 0");
	k = 2;
	CHECK(next_key(map, &k, &n) == 0 && n == 3, "array: next of 2 is 3");
	k = 4;
	TEST_EQ(next_key(map, &k, &n), -ENOENT, "array: next of the last is ENOENT");
	k = 99;
	CHECK(next_key(map, &k, &n) == 0 && n == 0, "array: next of an out-of-range key is 0");

	for_each_cb_count = 0;
	for_each_cb_stop_at = 2;
	for_each_cb_bad = 0;
	TEST_EQ(map->ops->map_for_each_callback(map, array_cb, (void *)0x1234, 0), 3,
		"array: for_each stops when the callback says 1");
	CHECK(for_each_cb_count == 3 && !for_each_cb_bad,
		"array: for_each passes map, &key, value, ctx, 0");
	TEST_EQ(map->ops->map_for_each_callback(map, array_cb, NULL, 1), -EINVAL,
		"array: for_each flags are EINVAL");
	for_each_cb_stop_at = 99;
	TEST_EQ(map->ops->map_for_each_callback(map, array_cb, (void *)0x1234, 0), 5,
		"array: for_each visits every element");

	{
		u64 imm = 0;
		off_t base;

		TEST_EQ(map->ops->map_direct_value_addr(map, &imm, 0), -ENOTSUPP,
			"array: direct value access needs max_entries 1");
		TEST_EQ(map->ops->map_mmap_fd(map, &base), -EINVAL,
			"array: mmap of a non-mmapable array is EINVAL");
	}

	/* BPF_F_LOCK with a lock at offset 0: the copy goes through the lock */
	map->spin_lock_off = 0;
	memset(buf, 0x11, sizeof(buf));
	memcpy(buf, "\0\0\0\0", 4);
	memcpy(lookup(map, 3), buf, 12);
	memset(v, 0x22, sizeof(v));
	n = stub_locked_copies;
	TEST_EQ(update(map, 3, v, BPF_F_LOCK), 0, "array: F_LOCK update with a lock");
	CHECK(stub_locked_copies == (int)n + 1 && !memcmp(lookup(map, 3), "\0\0\0\0", 4) &&
		!memcmp((char *)lookup(map, 3) + 4, v + 4, 8),
		"array: F_LOCK copies under the lock, lock field untouched");
	TEST_EQ(update(map, 3, v, BPF_F_LOCK | BPF_NOEXIST), -EEXIST,
		"array: F_LOCK|NOEXIST is EEXIST");
	map->spin_lock_off = -EINVAL;
	map_del(map);
}

static void test_array_global_data(void)
{
	struct bpf_map *map = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 20, 1, 0);
	u64 imm = 0, base;
	u32 off = 0;

	if (!CHECK(!IS_ERR(map), "global data: create"))
		return;
	TEST_EQ(map->ops->map_direct_value_addr(map, &imm, 19), 0,
		"global data: direct address of the last byte");
	CHECK(imm == (unsigned long)lookup(map, 0), "global data: address is the value's");
	TEST_EQ(map->ops->map_direct_value_addr(map, &imm, 20), -EINVAL,
		"global data: offset past the value is EINVAL");
	base = imm;
	CHECK(map->ops->map_direct_value_meta(map, base + 3, &off) == 0 && off == 3,
		"global data: meta gives the offset back");
	TEST_EQ(map->ops->map_direct_value_meta(map, base + 24, &off), -ENOENT,
		"global data: meta past the value is ENOENT");
	TEST_EQ(map->ops->map_direct_value_meta(map, base - 1, &off), -ENOENT,
		"global data: meta before the value is ENOENT");
	map_del(map);
}

#define BTF_INFO(kind)		((u32)(kind) << 24)
#define BTF_INT(off, bits)	(((u32)(off) << 16) | (bits))

static void test_array_btf_and_meta(void)
{
	struct { struct btf_type t; u32 data; } int32 = { { 0, BTF_INFO(BTF_KIND_INT), { 4 } },
							  BTF_INT(0, 32) };
	struct { struct btf_type t; u32 data; } int64 = { { 0, BTF_INFO(BTF_KIND_INT), { 8 } },
							  BTF_INT(0, 64) };
	struct { struct btf_type t; u32 data; } int_off = { { 0, BTF_INFO(BTF_KIND_INT), { 4 } },
							    BTF_INT(8, 32) };
	struct btf_type st = { 0, BTF_INFO(BTF_KIND_STRUCT), { 4 } };
	struct btf_type datasec = { 0, BTF_INFO(BTF_KIND_DATASEC), { 8 } };
	struct btf_type void_t = { 0, 0, { 0 } };
	struct bpf_map *m5, *m1, *p1, *m5b, *m6, *i5, *i6;

	m5 = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 5, 0);
	m1 = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	p1 = map_new(&percpu_array_map_ops, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, 0);
	m5b = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 5, 0);
	m6 = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 6, 0);
	i5 = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 5, BPF_F_INNER_MAP);
	i6 = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 6, BPF_F_INNER_MAP);
	if (!CHECK(!IS_ERR(m5) && !IS_ERR(m1) && !IS_ERR(p1) && !IS_ERR(m5b) &&
		     !IS_ERR(m6) && !IS_ERR(i5) && !IS_ERR(i6), "array btf: create"))
		return;

	TEST_EQ(m5->ops->map_check_btf(m5, NULL, &int32.t, &st), 0, "array btf: u32 key");
	TEST_EQ(m5->ops->map_check_btf(m5, NULL, &int64.t, &st), -EINVAL,
		"array btf: 64-bit int key is EINVAL");
	TEST_EQ(m5->ops->map_check_btf(m5, NULL, &int_off.t, &st), -EINVAL,
		"array btf: int key with a bit offset is EINVAL");
	TEST_EQ(m5->ops->map_check_btf(m5, NULL, &st, &st), -EINVAL,
		"array btf: struct key is EINVAL");
	TEST_EQ(m1->ops->map_check_btf(m1, NULL, &void_t, &datasec), 0,
		"array btf: keyless DATASEC of a 1-entry array (global data)");
	TEST_EQ(m1->ops->map_check_btf(m1, NULL, NULL, &datasec), 0,
		"array btf: keyless given as NULL key type");
	TEST_EQ(m5->ops->map_check_btf(m5, NULL, &void_t, &datasec), -EINVAL,
		"array btf: keyless with 5 entries is EINVAL");
	TEST_EQ(m1->ops->map_check_btf(m1, NULL, &void_t, &st), -EINVAL,
		"array btf: keyless non-DATASEC is EINVAL");
	TEST_EQ(p1->ops->map_check_btf(p1, NULL, &void_t, &datasec), -EINVAL,
		"array btf: keyless percpu array is EINVAL");

	CHECK(m5->ops->map_meta_equal(m5, m5b), "array meta: same shape is equal");
	CHECK(!m5->ops->map_meta_equal(m5, m6), "array meta: other max_entries differs");
	CHECK(i5->ops->map_meta_equal(i5, i6), "array meta: INNER_MAP ignores max_entries");
	CHECK(!m5->ops->map_meta_equal(m5, p1), "array meta: other type differs");
	CHECK(prog_array_map_ops.map_meta_equal == NULL,
		"prog array: no meta_equal (cannot be an inner map)");

	map_del(m5);
	map_del(m1);
	map_del(p1);
	map_del(m5b);
	map_del(m6);
	map_del(i5);
	map_del(i6);
}

static void test_array_mmap(void)
{
	struct bpf_map *map;
	struct bpf_array *array;
	off_t base = -1;
	struct stat st;
	u64 *view;
	int fd;

	map = map_new(&array_map_ops, BPF_MAP_TYPE_ARRAY, 4, 8, 1000, BPF_F_MMAPABLE);
	if (!CHECK(!IS_ERR(map), "mmapable: create"))
		return;
	array = container_of(map, struct bpf_array, map);
	fd = map->ops->map_mmap_fd(map, &base);
	CHECK(fd >= 0 && base == 0, "mmapable: memfd and base offset 0");
	TEST_EQ(array->mmap_size, 8192, "mmapable: size is PAGE_ALIGN(max_entries * elem_size)");
	CHECK(fstat(fd, &st) == 0 && st.st_size == 8192, "mmapable: memfd has that size");
	view = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, base);
	if (!CHECK(view != MAP_FAILED, "mmapable: second mapping of the memfd"))
		goto out;
	CHECK((void *)view != lookup(map, 0), "mmapable: it is another mapping");
	TEST_EQ(update64(map, 7, 0x1122334455667788ULL, BPF_ANY), 0, "mmapable: update");
	TEST_EQ(view[7], 0x1122334455667788ULL, "mmapable: update seen through the mapping");
	view[999] = 42;
	TEST_EQ(lookup64(map, 999), 42, "mmapable: store through the mapping seen by lookup");
	CHECK(view[0] == 0 && view[500] == 0, "mmapable: the rest is zero");
	munmap(view, 8192);
out:
	map_del(map);
	CHECK(fcntl(fd, F_GETFD) < 0 && errno == EBADF, "mmapable: memfd closed at free");
}

static void test_percpu_array(void)
{
	struct bpf_map *map;
	u32 ncpu = nr_cpu_ids, cpu, k = 2, slot;
	u64 *buf, *out;
	bool ok = true;
	unsigned int saved = sysbpf_this_cpu;

	map = map_new(&percpu_array_map_ops, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 3, 0);
	if (!CHECK(!IS_ERR(map), "percpu array: create"))
		return;
	slot = PCPU_SLOT(map);
	TEST_EQ(slot, 8, "percpu array: a value of 4 bytes takes an 8-byte slot");
	TEST_EQ(map->memory_usage, round_up(3 * round_up(4 + 8 * ncpu, 8), PAGE_SIZE),
		"percpu array: memlock figure counts every CPU");
	buf = calloc(ncpu, 8);
	out = calloc(ncpu, 8);
	for (cpu = 0; cpu < ncpu; cpu++)
		buf[cpu] = 0x100000000ULL * cpu + 100 + cpu;
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_ANY), 0,
		"percpu array: syscall update of every CPU");
	for (cpu = 0; cpu < ncpu; cpu++) {
		u64 *p = map->ops->map_lookup_percpu_elem(map, &k, cpu);

		ok &= p && *p == buf[cpu];
	}
	CHECK(ok, "percpu array: slot i of the buffer is CPU i's value");
	CHECK(map->ops->map_lookup_percpu_elem(map, &k, ncpu) == NULL,
		"percpu array: lookup_percpu_elem of cpu >= nr_cpu_ids is NULL");
	TEST_EQ(map->ops->map_copy_value(map, &k, out, 0), 0, "percpu array: syscall lookup");
	CHECK(!memcmp(buf, out, ncpu * 8), "percpu array: lookup gives the 8-byte slots back");

	sysbpf_this_cpu = ncpu - 1;
	CHECK(*(u64 *)lookup(map, k) == buf[ncpu - 1],
	      "percpu array: program lookup is this CPU's");
	TEST_EQ(update(map, k, "\x55\x55\x55\x55", BPF_ANY), 0, "percpu array: program update");
	CHECK(*(u32 *)map->ops->map_lookup_percpu_elem(map, &k, ncpu - 1) == 0x55555555 &&
		(ncpu == 1 || *(u64 *)map->ops->map_lookup_percpu_elem(map, &k, 0) == buf[0]),
		"percpu array: program update changes only this CPU");
	sysbpf_this_cpu = saved;

	k = 3;
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_ANY), -E2BIG,
		"percpu array: syscall update past the end is E2BIG");
	TEST_EQ(map->ops->map_copy_value(map, &k, out, 0), -ENOENT,
		"percpu array: syscall lookup past the end is ENOENT");
	k = 0;
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_NOEXIST), -EEXIST,
		"percpu array: syscall NOEXIST is EEXIST");
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_F_LOCK), -EINVAL,
		"percpu array: syscall F_LOCK is EINVAL");
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_EXIST), 0,
		"percpu array: syscall EXIST updates");
	TEST_EQ(map->ops->map_delete_elem(map, &k), -EINVAL, "percpu array: delete is EINVAL");
	free(buf);
	free(out);
	map_del(map);
}

static void test_prog_array(void)
{
	const struct bpf_map_ops *ops = &prog_array_map_ops;
	u32 T = BPF_MAP_TYPE_PROG_ARRAY, k, id;
	struct bpf_array *array;
	struct bpf_map *map;
	int xdp1, xdp2, sock, ext, bad;
	int freed;

	TEST_EQ(check_attr(ops, T, 4, 8, 4, 0), -EINVAL, "prog array: value_size 8 is EINVAL");
	TEST_EQ(check_attr(ops, T, 4, 4, 4, BPF_F_RDONLY_PROG), -EINVAL,
		"prog array: RDONLY_PROG is EINVAL");
	TEST_EQ(check_attr(ops, T, 4, 4, 4, BPF_F_PRESERVE_ELEMS), -EINVAL,
		"prog array: PRESERVE_ELEMS is EINVAL (perf event arrays only in 6.1)");
	TEST_EQ(check_attr(ops, T, 4, 4, 4, BPF_F_MMAPABLE), -EINVAL,
		"prog array: MMAPABLE is EINVAL");
	TEST_EQ(check_attr(ops, T, 4, 4, 4, BPF_F_RDONLY), 0, "prog array: valid attrs");

	map = map_new(ops, T, 4, 4, 4, 0);
	if (!CHECK(!IS_ERR(map), "prog array: create"))
		return;
	array = container_of(map, struct bpf_array, map);
	xdp1 = stub_prog_new(BPF_PROG_TYPE_XDP, 11);
	xdp2 = stub_prog_new(BPF_PROG_TYPE_XDP, 12);
	sock = stub_prog_new(BPF_PROG_TYPE_SOCKET_FILTER, 13);
	ext = stub_prog_new(BPF_PROG_TYPE_EXT, 14);
	bad = STUB_FD_BASE + NR_STUB_FDS - 1;
	stub_fds[NR_STUB_FDS - 1].not_a_prog = true;

	k = 1;
	TEST_EQ(map->ops->map_update_value(map, &k, &xdp1, BPF_ANY), 0, "prog array: store a prog");
	TEST_EQ(stub_prog_refs(xdp1), 2, "prog array: the slot holds a reference");
	CHECK(array->ptrs[1] == stub_prog_of(xdp1), "prog array: ptrs[1] is the prog (tail calls)");
	CHECK(map->ops->map_copy_value(map, &k, &id, 0) == 0 && id == 11,
		"prog array: syscall lookup gives the prog id");
	CHECK(map->ops->map_lookup_elem(map, &k) == NULL,
		"prog array: programs get no pointer from lookup");
	TEST_EQ(map->ops->map_update_elem(map, &k, &xdp1, BPF_ANY), -EINVAL,
		"prog array: programs cannot update");
	TEST_EQ(map->ops->map_update_value(map, &k, &xdp2, BPF_NOEXIST), -EINVAL,
		"prog array: flags other than ANY are EINVAL");
	k = 4;
	TEST_EQ(map->ops->map_update_value(map, &k, &xdp2, BPF_ANY), -E2BIG,
		"prog array: index past the end is E2BIG");
	k = 2;
	TEST_EQ(map->ops->map_update_value(map, &k, &sock, BPF_ANY), -EINVAL,
		"prog array: prog of another type than the owner is EINVAL");
	TEST_EQ(stub_prog_refs(sock), 1, "prog array: refused prog keeps its references");
	TEST_EQ(map->ops->map_update_value(map, &k, &ext, BPF_ANY), -EINVAL,
		"prog array: extension prog is EINVAL");
	id = STUB_FD_BASE + 9;
	TEST_EQ(map->ops->map_update_value(map, &k, &id, BPF_ANY), -EBADF,
		"prog array: closed fd is EBADF");
	TEST_EQ(map->ops->map_update_value(map, &k, &bad, BPF_ANY), -EINVAL,
		"prog array: fd of something else is EINVAL");
	TEST_EQ(map->ops->map_copy_value(map, &k, &id, 0), -ENOENT,
		"prog array: syscall lookup of an empty slot is ENOENT");
	k = 9;
	TEST_EQ(map->ops->map_copy_value(map, &k, &id, 0), -ENOENT,
		"prog array: syscall lookup past the end is ENOENT");

	k = 1;
	TEST_EQ(map->ops->map_update_value(map, &k, &xdp2, BPF_ANY), 0, "prog array: replace");
	CHECK(stub_prog_refs(xdp1) == 1 && stub_prog_refs(xdp2) == 2,
		"prog array: replace drops the old prog's reference");
	TEST_EQ(map->ops->map_delete_elem(map, &k), 0, "prog array: delete");
	CHECK(stub_prog_refs(xdp2) == 1 && array->ptrs[1] == NULL,
		"prog array: delete empties the slot and drops the reference");
	TEST_EQ(map->ops->map_delete_elem(map, &k), -ENOENT,
		"prog array: delete of empty is ENOENT");
	k = 4;
	TEST_EQ(map->ops->map_delete_elem(map, &k), -E2BIG,
		"prog array: delete past the end is E2BIG");

	k = 0;
	map->ops->map_update_value(map, &k, &xdp1, BPF_ANY);
	k = 3;
	map->ops->map_update_value(map, &k, &xdp2, BPF_ANY);
	map->ops->map_release_uref(map);
	CHECK(stub_prog_refs(xdp1) == 1 && stub_prog_refs(xdp2) == 1 &&
		!array->ptrs[0] && !array->ptrs[3],
		"prog array: last user reference empties the array");

	map->ops->map_update_value(map, &k, &xdp2, BPF_ANY);
	freed = stub_progs_freed;
	stub_prog_close(xdp2);
	TEST_EQ(stub_progs_freed, freed, "prog array: prog lives on in the slot after its fd");
	map_del(map);
	TEST_EQ(stub_progs_freed, freed + 1, "prog array: free drops what is left");

	stub_prog_close(xdp1);
	stub_prog_close(sock);
	stub_prog_close(ext);
	stub_fds[NR_STUB_FDS - 1].not_a_prog = false;
}

/* ---- hash maps ---- */

static void test_htab_alloc_check(void)
{
	const struct bpf_map_ops *h = &htab_map_ops, *p = &htab_percpu_map_ops;
	u32 H = BPF_MAP_TYPE_HASH, P = BPF_MAP_TYPE_PERCPU_HASH;
	struct bpf_map *map;

	TEST_EQ(check_attr(h, H, 4, 8, 16, 0), 0, "hash: valid attrs");
	TEST_EQ(check_attr(h, H, 0, 8, 16, 0), -EINVAL, "hash: key_size 0 is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 0, 16, 0), -EINVAL, "hash: value_size 0 is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 8, 0, 0), -EINVAL, "hash: max_entries 0 is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 8, 16, BPF_F_NO_COMMON_LRU), -EINVAL,
		"hash: NO_COMMON_LRU without LRU is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 8, 16, BPF_F_MMAPABLE), -EINVAL, "hash: MMAPABLE is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 8, 16, BPF_F_INNER_MAP), -EINVAL, "hash: INNER_MAP is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 8, 16, BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG), -EINVAL,
		"hash: RDONLY_PROG|WRONLY_PROG is EINVAL");
	TEST_EQ(check_attr(h, H, 4, 8, 16, BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE |
			   BPF_F_ZERO_SEED | BPF_F_WRONLY_PROG | BPF_F_RDONLY), 0,
		"hash: NO_PREALLOC, NUMA, ZERO_SEED, access flags accepted");
	TEST_EQ(check_attr(p, P, 4, 8, 16, BPF_F_NUMA_NODE), -EINVAL,
		"percpu hash: NUMA node is EINVAL");
	TEST_EQ(check_attr(h, H, 100, KMALLOC_MAX_SIZE - 48 - 100, 1, 0), -E2BIG,
		"hash: key + value reaching KMALLOC_MAX_SIZE - 48 is E2BIG");
	TEST_EQ(check_attr(h, H, 100, KMALLOC_MAX_SIZE - 48 - 101, 1, 0), 0,
		"hash: one byte less is accepted");
	TEST_EQ(check_attr(p, P, 4, 32769, 1, 0), -E2BIG,
		"percpu hash: value over PCPU_MIN_UNIT_SIZE is E2BIG");
	test_unpriv = true;
	TEST_EQ(check_attr(h, H, 4, 8, 16, BPF_F_ZERO_SEED), -EPERM,
		"hash: unprivileged ZERO_SEED is EPERM");
	test_unpriv = false;

	map = map_new(h, H, 4, 8, (1u << 31) + 1, 0);
	TEST_EQ(IS_ERR(map) ? PTR_ERR(map) : 0, -E2BIG, "hash: max_entries past 2^31 is E2BIG");
	if (!IS_ERR(map))
		map_del(map);
	map = map_new(h, H, 4, 8, (1u << 28) + 1, 0);
	TEST_EQ(IS_ERR(map) ? PTR_ERR(map) : 0, -E2BIG,
		"hash: more than 2^28 buckets is E2BIG (6.1 u32 size check)");
	if (!IS_ERR(map))
		map_del(map);
}

static int hash_cb_count;
static int hash_cb_stop;

static u64 hash_cb(u64 map, u64 key, u64 value, u64 ctx, u64 zero)
{
	u32 k;
	u64 v;

	memcpy(&k, (void *)(unsigned long)key, 4);
	memcpy(&v, (void *)(unsigned long)value, 8);
	if (v != (u64)k * 10 || ctx != 0x77 || zero)
		hash_cb_count += 1000;
	hash_cb_count++;
	return hash_cb_count == hash_cb_stop;
}

static void test_htab_semantics(u32 flags, const char *what)
{
	char name[128];
	struct bpf_map *map;
	u32 k, seen = 0, n, cnt;
	u64 v;
	int i, ret = 0;

#define NAME(s) (snprintf(name, sizeof(name), "%s: %s", what, s), name)
	map = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 8, 4, flags);
	if (!CHECK(!IS_ERR(map), NAME("create")))
		return;
	TEST_EQ(map->memory_usage, PAGE_SIZE, NAME("memlock figure as 6.1"));
	CHECK(lookup(map, 1) == NULL, NAME("lookup of a missing key is NULL"));
	TEST_EQ(delete(map, 1), -ENOENT, NAME("delete of a missing key is ENOENT"));
	TEST_EQ(update64(map, 1, 10, BPF_EXIST), -ENOENT, NAME("EXIST on a missing key is ENOENT"));
	TEST_EQ(update64(map, 1, 10, BPF_NOEXIST), 0, NAME("NOEXIST inserts"));
	TEST_EQ(update64(map, 1, 11, BPF_NOEXIST), -EEXIST,
		NAME("NOEXIST on a present key is EEXIST"));
	TEST_EQ(lookup64(map, 1), 10, NAME("value after refused NOEXIST is unchanged"));
	TEST_EQ(update64(map, 1, 12, 3), -EINVAL, NAME("flags 3 are EINVAL"));
	TEST_EQ(update64(map, 1, 12, BPF_F_LOCK), -EINVAL, NAME("F_LOCK without a lock is EINVAL"));
	TEST_EQ(update64(map, 1, 13, BPF_EXIST), 0, NAME("EXIST updates"));
	TEST_EQ(lookup64(map, 1), 13, NAME("value updated"));
	for (k = 2; k <= 4; k++)
		ret |= update64(map, k, k * 10, BPF_ANY);
	update64(map, 1, 10, BPF_ANY);
	TEST_EQ(ret, 0, NAME("fill to max_entries"));
	TEST_EQ(update64(map, 5, 50, BPF_ANY), -E2BIG, NAME("new key in a full map is E2BIG"));
	ret = 0;
	for (i = 0; i < 50; i++)
		ret |= update64(map, 1 + i % 4, (1 + i % 4) * 10, BPF_ANY);
	TEST_EQ(ret, 0, NAME("replacing values of a full map, many times, works"));
	TEST_EQ(update64(map, 5, 50, BPF_NOEXIST), -E2BIG, NAME("still full after replacing"));

	/* get_next_key walks every key once */
	for (n = 0, cnt = 0; cnt < 10; cnt++) {
		if (next_key(map, cnt ? &k : NULL, &k))
			break;
		seen |= 1u << k;
		n++;
	}
	CHECK(n == 4 && seen == 0x1e, NAME("get_next_key visits each key once, then ENOENT"));
	k = 77;
	CHECK(next_key(map, &k, &n) == 0 && next_key(map, NULL, &cnt) == 0 && n == cnt,
		NAME("get_next_key of a missing key starts over"));

	hash_cb_count = 0;
	hash_cb_stop = 2;
	TEST_EQ(map->ops->map_for_each_callback(map, hash_cb, (void *)0x77, 0), 2,
		NAME("for_each stops when the callback says 1"));
	hash_cb_stop = 99;
	hash_cb_count = 0;
	CHECK(map->ops->map_for_each_callback(map, hash_cb, (void *)0x77, 0) == 4 &&
		hash_cb_count == 4, NAME("for_each passes every key and value"));
	TEST_EQ(map->ops->map_for_each_callback(map, hash_cb, NULL, 2), -EINVAL,
		NAME("for_each flags are EINVAL"));

	k = 3;
	v = 0;
	TEST_EQ(map->ops->map_lookup_and_delete_elem(map, &k, &v, 0), 0, NAME("lookup_and_delete"));
	TEST_EQ(v, 30, NAME("lookup_and_delete gives the value"));
	CHECK(lookup(map, 3) == NULL, NAME("lookup_and_delete removed the key"));
	TEST_EQ(map->ops->map_lookup_and_delete_elem(map, &k, &v, 0), -ENOENT,
		NAME("lookup_and_delete of a missing key is ENOENT"));
	TEST_EQ(update64(map, 5, 50, BPF_NOEXIST), 0, NAME("a deleted element makes room"));
	TEST_EQ(delete(map, 5), 0, NAME("delete"));
	CHECK(lookup(map, 5) == NULL, NAME("deleted key is gone"));
	map_del(map);
#undef NAME
}

/* Expected get_next_key order of a zero-seed map: bucket order, newest first. */
static void test_htab_zero_seed_order(void)
{
	u32 keys[] = { 5, 17, 3, 42, 1000, 7, 99, 64 }, nk = ARRAY_SIZE(keys);
	u32 want[8], got[8], got2[8], n = 0, n2 = 0, i, b, j, k;
	struct bpf_map *m1, *m2;
	bool same = true;

	m1 = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 8, 16, BPF_F_ZERO_SEED);
	m2 = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 8, 16,
		     BPF_F_ZERO_SEED | BPF_F_NO_PREALLOC);
	if (!CHECK(!IS_ERR(m1) && !IS_ERR(m2), "zero seed: create"))
		return;
	for (i = 0; i < nk; i++) {
		update64(m1, keys[i], 1, BPF_ANY);
		update64(m2, keys[i], 1, BPF_ANY);
	}
	/* 16 buckets; inside a bucket the last inserted comes first */
	for (b = 0, k = 0; b < 16; b++)
		for (j = nk; j-- > 0;)
			if ((jhash(&keys[j], 4, 0) & 15) == b)
				want[k++] = keys[j];
	while (n < 8 && !next_key(m1, n ? &got[n - 1] : NULL, &got[n]))
		n++;
	while (n2 < 8 && !next_key(m2, n2 ? &got2[n2 - 1] : NULL, &got2[n2]))
		n2++;
	for (i = 0; i < 8; i++)
		same &= got[i] == want[i] && got2[i] == want[i];
	CHECK(n == 8 && n2 == 8 && same,
		"zero seed: get_next_key order is jhash(key, 0) bucket order, newest first");
	map_del(m1);
	map_del(m2);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Two keys with the very same 32-bit hash: only the key tells them apart.
 * Keys of key_size bytes: 'a's, the u32 i at offset key_size - 5 (or 0
 * for 4-byte keys), then 'z': pairs differ only in that word.
 */
static void make_collision_key(u8 *key, u32 key_size, u32 i)
{
	memset(key, 'a', key_size);
	if (key_size == 4) {
		memcpy(key, &i, 4);
		return;
	}
	memcpy(key + key_size - 5, &i, 4);
	key[key_size - 1] = 'z';
}

static void test_htab_full_collision(u32 key_size)
{
	u32 n = 1u << 19, i, ka = 0, kb = 0;
	u64 *hk = malloc(n * sizeof(*hk)), va = 1, vb = 2, *p;
	u8 a[16], b[16];
	struct bpf_map *map;
	bool found = false;
	char name[128];

#define NAME(s) (snprintf(name, sizeof(name), "collision, %u-byte keys: %s", key_size, s), name)
	for (i = 0; i < n; i++) {
		make_collision_key(a, key_size, i);
		hk[i] = (u64)jhash(a, key_size, 0) << 32 | i;
	}
	qsort(hk, n, sizeof(*hk), cmp_u64);
	for (i = 1; i < n && !found; i++) {
		if (hk[i] >> 32 == hk[i - 1] >> 32) {
			ka = (u32)hk[i - 1];
			kb = (u32)hk[i];
			found = true;
		}
	}
	free(hk);
	if (!CHECK(found, NAME("two keys with one jhash")))
		return;
	make_collision_key(a, key_size, ka);
	make_collision_key(b, key_size, kb);
	map = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, key_size, 8, 4, BPF_F_ZERO_SEED);
	if (!CHECK(!IS_ERR(map), NAME("create")))
		return;
	map->ops->map_update_elem(map, a, &va, BPF_ANY);
	CHECK(map->ops->map_lookup_elem(map, b) == NULL,
	      NAME("same hash, other key is not found"));
	TEST_EQ(map->ops->map_update_elem(map, b, &vb, BPF_NOEXIST), 0,
		NAME("same hash, other key inserts"));
	p = map->ops->map_lookup_elem(map, a);
	CHECK(p && *p == 1 && (p = map->ops->map_lookup_elem(map, b)) && *p == 2,
	      NAME("each key finds its own value"));
	TEST_EQ(map->ops->map_delete_elem(map, a), 0, NAME("delete one"));
	p = map->ops->map_lookup_elem(map, b);
	CHECK(!map->ops->map_lookup_elem(map, a) && p && *p == 2, NAME("the other stays"));
	map_del(map);
#undef NAME
}

static void test_htab_odd_key(void)
{
	struct bpf_map *map = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 13, 3, 8, 0);
	char k1[13], k2[13], out[13];
	u8 *v;

	if (!CHECK(!IS_ERR(map), "odd key: create"))
		return;
	memset(k1, 'a', sizeof(k1));
	memcpy(k2, k1, sizeof(k2));
	k2[12] = 'b';
	map->ops->map_update_elem(map, k1, "\x01\x02\x03", BPF_ANY);
	CHECK(map->ops->map_lookup_elem(map, k2) == NULL,
		"odd key: keys differing in the last byte differ");
	map->ops->map_update_elem(map, k2, "\x04\x05\x06", BPF_ANY);
	v = map->ops->map_lookup_elem(map, k1);
	CHECK(v && !memcmp(v, "\x01\x02\x03", 3), "odd key: 13-byte key finds its value");
	memset(out, 0, sizeof(out));
	CHECK(map->ops->map_get_next_key(map, NULL, out) == 0 &&
		(!memcmp(out, k1, 13) || !memcmp(out, k2, 13)),
		"odd key: get_next_key copies the whole key");
	map_del(map);
}

static void test_htab_spin_lock(void)
{
	struct bpf_map *map = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 16, 4, 0);
	u8 v[16], out[16], *p;
	int calls;

	if (!CHECK(!IS_ERR(map), "hash lock: create"))
		return;
	map->spin_lock_off = 4;
	memset(v, 0x33, sizeof(v));
	calls = stub_locked_copies;
	TEST_EQ(update(map, 1, v, BPF_F_LOCK | BPF_EXIST), -ENOENT,
		"hash lock: F_LOCK|EXIST on a missing key is ENOENT");
	TEST_EQ(update(map, 1, v, BPF_F_LOCK), 0, "hash lock: F_LOCK inserts a missing key");
	p = lookup(map, 1);
	CHECK(p && !memcmp(p + 4, "\0\0\0\0", 4) && !memcmp(p, v, 4) && !memcmp(p + 8, v + 8, 8),
		"hash lock: new value copied around the lock field");
	memset(v, 0x44, sizeof(v));
	TEST_EQ(update(map, 1, v, BPF_F_LOCK), 0, "hash lock: F_LOCK update in place");
	CHECK(lookup(map, 1) == p && p[0] == 0x44 && stub_locked_copies == calls + 1,
		"hash lock: same element, copied under its lock");
	TEST_EQ(update(map, 1, v, BPF_F_LOCK | BPF_NOEXIST), -EEXIST,
		"hash lock: F_LOCK|NOEXIST on a present key is EEXIST");
	/* the copy skips the lock field: only the zeroing can clear it */
	calls = stub_zero_special_calls;
	memset(out, 0xff, sizeof(out));
	{
		u32 k = 1;

		TEST_EQ(map->ops->map_lookup_and_delete_elem(map, &k, out, BPF_F_LOCK), 0,
			"hash lock: lookup_and_delete with F_LOCK");
	}
	CHECK(stub_zero_special_calls == calls + 1 && !memcmp(out + 4, "\0\0\0\0", 4) &&
		out[0] == 0x44, "hash lock: lookup_and_delete clears the lock field of the copy");
	map->spin_lock_off = -EINVAL;
	map_del(map);
}

static void test_htab_meta(void)
{
	struct bpf_map *a, *b, *c;

	a = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
	b = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 8, 100, 0);
	c = map_new(&htab_map_ops, BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_NO_PREALLOC);
	if (!CHECK(!IS_ERR(a) && !IS_ERR(b) && !IS_ERR(c), "hash meta: create"))
		return;
	CHECK(a->ops->map_meta_equal(a, b), "hash meta: max_entries does not matter");
	CHECK(!a->ops->map_meta_equal(a, c), "hash meta: flags matter");
	CHECK(htab_map_ops.map_check_btf == NULL, "hash: no map_check_btf, as 6.1");
	map_del(a);
	map_del(b);
	map_del(c);
}

static void test_percpu_htab(u32 flags, const char *what)
{
	char name[128];
	struct bpf_map *map;
	u32 ncpu = nr_cpu_ids, cpu, k;
	u64 *buf, *out, x;
	unsigned int saved = sysbpf_this_cpu;
	bool ok = true;

#define NAME(s) (snprintf(name, sizeof(name), "%s: %s", what, s), name)
	map = map_new(&htab_percpu_map_ops, BPF_MAP_TYPE_PERCPU_HASH, 4, 8, 2, flags);
	if (!CHECK(!IS_ERR(map), NAME("create")))
		return;
	TEST_EQ(map->memory_usage, round_up(2 * round_up(4 + 8 * ncpu, 8), PAGE_SIZE),
		NAME("memlock figure counts every CPU"));
	buf = calloc(ncpu, 8);
	out = calloc(ncpu, 8);
	for (cpu = 0; cpu < ncpu; cpu++)
		buf[cpu] = 1000 + cpu;
	k = 1;
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_EXIST), -ENOENT,
		NAME("syscall EXIST on a missing key is ENOENT"));
	TEST_EQ(map->ops->map_copy_value(map, &k, out, 0), -ENOENT,
		NAME("syscall lookup of a missing key is ENOENT"));
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_NOEXIST), 0,
		NAME("syscall update sets every CPU"));
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_NOEXIST), -EEXIST,
		NAME("syscall NOEXIST on a present key is EEXIST"));
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_F_LOCK), -EINVAL,
		NAME("syscall F_LOCK is EINVAL"));
	CHECK(map->ops->map_copy_value(map, &k, out, 0) == 0 && !memcmp(out, buf, ncpu * 8),
		NAME("syscall lookup gives one 8-byte slot per CPU"));
	for (cpu = 0; cpu < ncpu; cpu++) {
		u64 *p = map->ops->map_lookup_percpu_elem(map, &k, cpu);

		ok &= p && *p == 1000 + cpu;
	}
	CHECK(ok, NAME("lookup_percpu_elem of each CPU"));
	CHECK(map->ops->map_lookup_percpu_elem(map, &k, ncpu) == NULL,
		NAME("lookup_percpu_elem of cpu >= nr_cpu_ids is NULL"));

	sysbpf_this_cpu = ncpu - 1;
	TEST_EQ(lookup64(map, 1), 1000 + ncpu - 1, NAME("program lookup is this CPU's"));
	TEST_EQ(update64(map, 1, 5, BPF_EXIST), 0, NAME("program update of a present key"));
	CHECK(lookup64(map, 1) == 5 &&
		(ncpu == 1 || *(u64 *)map->ops->map_lookup_percpu_elem(map, &k, 0) == 1000),
		NAME("program update changes only this CPU, in place"));
	TEST_EQ(update64(map, 2, 7, BPF_ANY), 0, NAME("program insert"));
	k = 2;
	ok = true;
	for (cpu = 0; cpu < ncpu; cpu++) {
		x = *(u64 *)map->ops->map_lookup_percpu_elem(map, &k, cpu);
		ok &= x == (cpu == ncpu - 1 ? 7 : 0);
	}
	CHECK(ok, NAME("program insert: value on this CPU, zeros elsewhere"));
	TEST_EQ(update64(map, 3, 7, BPF_ANY), -E2BIG, NAME("new key in a full map is E2BIG"));
	TEST_EQ(update64(map, 2, 8, BPF_ANY), 0, NAME("present key in a full map updates"));
	TEST_EQ(update64(map, 2, 8, BPF_F_LOCK), -EINVAL, NAME("program F_LOCK is EINVAL"));
	sysbpf_this_cpu = saved;

	k = 1;
	memset(out, 0, ncpu * 8);
	TEST_EQ(map->ops->map_lookup_and_delete_elem(map, &k, out, 0), 0,
		NAME("lookup_and_delete"));
	CHECK(out[ncpu - 1] == 5 && (ncpu == 1 || out[0] == 1000),
		NAME("lookup_and_delete gives every CPU's value"));
	CHECK(map->ops->map_copy_value(map, &k, out, 0) == -ENOENT,
		NAME("lookup_and_delete removed the key"));
	TEST_EQ(map->ops->map_update_value(map, &k, buf, BPF_ANY), 0,
		NAME("the freed element can be used again"));

	/* a reused element must not show other CPUs what it held before */
	k = 1;
	map->ops->map_lookup_and_delete_elem(map, &k, out, 0);
	sysbpf_this_cpu = ncpu - 1;
	TEST_EQ(update64(map, 4, 9, BPF_ANY), 0, NAME("program insert into a reused element"));
	sysbpf_this_cpu = saved;
	k = 4;
	ok = true;
	for (cpu = 0; cpu < ncpu; cpu++) {
		x = *(u64 *)map->ops->map_lookup_percpu_elem(map, &k, cpu);
		ok &= x == (cpu == ncpu - 1 ? 9 : 0);
	}
	CHECK(ok, NAME("reused element: value on this CPU, zeros elsewhere"));
	free(buf);
	free(out);
	map_del(map);
#undef NAME
}

/* ---- 4 threads at once ---- */

#define NR_THREADS	4
#define KEYS_PER_THREAD	100
#define STRESS_ITERS	100000
#define STRESS_TAG	(1ULL << 40)	/* no value of a written key is all zero */
#define STRESS_MAX_CPUS	256

struct stress_arg {
	struct bpf_map *map;
	u32 id;
	bool percpu_syscall;	/* use the syscall copy ops */
	u64 seq[KEYS_PER_THREAD];
	bool present[KEYS_PER_THREAD];
	u32 errors;
	u32 full;		/* inserts refused for a full map */
};

static u32 stress_key(u32 t, u32 i)
{
	return t * 1000 + i;
}

static bool stress_key_valid(u32 k)
{
	return k / 1000 < NR_THREADS && k % 1000 < KEYS_PER_THREAD;
}

/* The value of key k, version seq: the key and seq, so a wrong element shows. */
static void stress_value(struct stress_arg *a, u32 k, u64 seq, u64 *val)
{
	u32 ncpu = a->percpu_syscall ? nr_cpu_ids : 1, cpu;

	for (cpu = 0; cpu < ncpu; cpu++) {
		val[2 * cpu] = STRESS_TAG | k;
		val[2 * cpu + 1] = seq + cpu;
	}
}

static bool stress_check(struct stress_arg *a, u32 k, u64 seq)
{
	struct bpf_map *map = a->map;
	u64 want[2 * STRESS_MAX_CPUS], got[2 * 64];
	u32 ncpu = a->percpu_syscall ? nr_cpu_ids : 1;
	void *p;

	stress_value(a, k, seq, want);
	if (a->percpu_syscall)
		return map->ops->map_copy_value(map, &k, got, 0) == 0 &&
		       !memcmp(got, want, ncpu * 16);
	rcu_read_lock();
	p = map->ops->map_lookup_elem(map, &k);
	if (p)
		memcpy(got, p, 16);
	rcu_read_unlock();
	return p && !memcmp(got, want, 16);
}

static int stress_update(struct stress_arg *a, u32 k, u64 seq, u64 flags)
{
	u64 val[2 * STRESS_MAX_CPUS];
	int ret;

	stress_value(a, k, seq, val);
	if (a->percpu_syscall)
		return a->map->ops->map_update_value(a->map, &k, val, flags);
	rcu_read_lock();
	ret = a->map->ops->map_update_elem(a->map, &k, val, flags);
	rcu_read_unlock();
	return ret;
}

static void *stress_thread(void *p)
{
	struct stress_arg *a = p;
	struct bpf_map *map = a->map;
	bool is_array = map->map_type == BPF_MAP_TYPE_ARRAY;
	u32 rnd = 0x9e3779b9u * (a->id + 1), it;
	u64 got[2 * STRESS_MAX_CPUS];

	sysbpf_this_cpu = a->id % nr_cpu_ids;
	for (it = 0; it < STRESS_ITERS; it++) {
		u32 i, k, op;
		int ret;

		rnd ^= rnd << 13;
		rnd ^= rnd >> 17;
		rnd ^= rnd << 5;
		i = rnd % KEYS_PER_THREAD;
		op = (rnd >> 8) % 8;
		k = is_array ? a->id * KEYS_PER_THREAD + i : stress_key(a->id, i);
		if (is_array && op >= 3)
			op = op % 3;
		switch (op) {
		case 0:
		case 1:
			ret = stress_update(a, k, a->seq[i] + 1, BPF_ANY);
			if (ret == 0) {
				a->seq[i]++;
				a->present[i] = true;
			} else if (ret == -E2BIG && !a->present[i]) {
				a->full++;
			} else {
				a->errors++;
			}
			break;
		case 2:
			if (a->present[i] != stress_check(a, k, a->seq[i]))
				a->errors++;
			break;
		case 3:
			ret = stress_update(a, k, a->seq[i] + 1,
					    a->present[i] ? BPF_NOEXIST : BPF_EXIST);
			if (ret != (a->present[i] ? -EEXIST : -ENOENT))
				a->errors++;
			break;
		case 4:
		case 5:
			rcu_read_lock();
			ret = map->ops->map_delete_elem(map, &k);
			rcu_read_unlock();
			if (ret != (a->present[i] ? 0 : -ENOENT))
				a->errors++;
			a->present[i] = false;
			break;
		case 6:
			rcu_read_lock();
			ret = map->ops->map_lookup_and_delete_elem(map, &k, got, 0);
			rcu_read_unlock();
			if (ret != (a->present[i] ? 0 : -ENOENT) ||
			    (!ret && (got[0] != (STRESS_TAG | k) || got[1] != a->seq[i])))
				a->errors++;
			a->present[i] = false;
			break;
		case 7: {
			/* a walk over everybody's keys, which move under it */
			u32 cur, nxt, steps = 0;
			bool first = true;

			rcu_read_lock();
			while (steps++ < 4 * map->max_entries &&
			       !map->ops->map_get_next_key(map, first ? NULL : &cur, &nxt)) {
				if (!stress_key_valid(nxt))
					a->errors++;
				cur = nxt;
				first = false;
			}
			rcu_read_unlock();
			break;
		}
		}
	}
	return NULL;
}

static void test_stress(const struct bpf_map_ops *ops, u32 type, u32 flags,
			bool percpu_syscall, u32 max_entries, const char *what)
{
	struct stress_arg args[NR_THREADS];
	pthread_t th[NR_THREADS];
	struct bpf_map *map;
	u32 t, i, present = 0, walked = 0, errors = 0, bad = 0, filled = 0, k;
	bool is_array = type == BPF_MAP_TYPE_ARRAY;
	char name[128];

	map = map_new(ops, type, 4, 16, max_entries, flags);
	snprintf(name, sizeof(name), "stress %s: create", what);
	if (!CHECK(!IS_ERR(map) && nr_cpu_ids <= STRESS_MAX_CPUS, name))
		return;
	memset(args, 0, sizeof(args));
	for (t = 0; t < NR_THREADS; t++) {
		args[t].map = map;
		args[t].id = t;
		args[t].percpu_syscall = percpu_syscall;
		pthread_create(&th[t], NULL, stress_thread, &args[t]);
	}
	for (t = 0; t < NR_THREADS; t++) {
		pthread_join(th[t], NULL);
		errors += args[t].errors;
	}
	snprintf(name, sizeof(name), "stress %s: 4 threads saw only 6.1 results", what);
	TEST_EQ(errors, 0, name);

	/* afterwards: exactly what each thread believes is there, is there */
	for (t = 0; t < NR_THREADS; t++)
		for (i = 0; i < KEYS_PER_THREAD; i++) {
			k = is_array ? t * KEYS_PER_THREAD + i : stress_key(t, i);
			present += args[t].present[i];
			if (args[t].present[i] && !stress_check(&args[t], k, args[t].seq[i]))
				bad++;
		}
	snprintf(name, sizeof(name), "stress %s: final values are the last written", what);
	TEST_EQ(bad, 0, name);
	if (!is_array) {
		rcu_read_lock();
		while (walked <= max_entries &&
		       !map->ops->map_get_next_key(map, walked ? &k : NULL, &k))
			walked++;
		rcu_read_unlock();
		snprintf(name, sizeof(name), "stress %s: a walk finds as many keys as were left",
			 what);
		TEST_EQ(walked, present, name);
		/* no element was lost: empty the map, then it holds max_entries again */
		for (t = 0; t < NR_THREADS; t++)
			for (i = 0; i < KEYS_PER_THREAD; i++)
				if (args[t].present[i]) {
					k = stress_key(t, i);
					map->ops->map_delete_elem(map, &k);
				}
		for (k = 0; k < max_entries + 1; k++)
			filled += stress_update(&args[0], 50000 + k, 1, BPF_NOEXIST) == 0;
		snprintf(name, sizeof(name), "stress %s: afterwards exactly max_entries fit", what);
		TEST_EQ(filled, max_entries, name);
		snprintf(name, sizeof(name), "stress %s: the map got full during the run", what);
		CHECK(args[0].full + args[1].full + args[2].full + args[3].full > 0, name);
	}
	map_del(map);
}

int main(void)
{
	u64 mem_before = sysbpf_mem_allocated();

	test_jhash();
	test_freelist();
	test_array_alloc_check();
	test_array_ops();
	test_array_global_data();
	test_array_btf_and_meta();
	test_array_mmap();
	test_percpu_array();
	test_prog_array();
	test_htab_alloc_check();
	test_htab_semantics(0, "hash");
	test_htab_semantics(BPF_F_NO_PREALLOC, "hash no-prealloc");
	test_htab_zero_seed_order();
	test_htab_odd_key();
	test_htab_full_collision(4);
	test_htab_full_collision(13);
	test_htab_spin_lock();
	test_htab_meta();
	test_percpu_htab(0, "percpu hash");
	test_percpu_htab(BPF_F_NO_PREALLOC, "percpu hash no-prealloc");
	test_stress(&htab_map_ops, BPF_MAP_TYPE_HASH, 0, false, 128, "hash");
	test_stress(&htab_map_ops, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, false, 128,
		    "hash no-prealloc");
	test_stress(&htab_percpu_map_ops, BPF_MAP_TYPE_PERCPU_HASH, 0, true, 128,
		    "percpu hash");
	test_stress(&array_map_ops, BPF_MAP_TYPE_ARRAY, 0, false,
		    NR_THREADS * KEYS_PER_THREAD, "array");

	/* elements freed by call_rcu() are gone after the barrier */
	rcu_barrier();
	TEST_EQ(sysbpf_mem_allocated(), mem_before, "no memory left allocated");
	return sysbpf_test_done();
}
