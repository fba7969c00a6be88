// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_ARRAY_OF_MAPS and HASH_OF_MAPS (map_in_map.c, arraymap.c,
 * hashtab.c) through bpf(2): the inner map template and every errno 6.1
 * gives at creation, update, lookup, delete and get_next_key; the
 * references slots hold (an inner map lives on after its last fd while
 * a slot holds it, and goes with the slot); and the program side, run
 * with BPF_PROG_TEST_RUN: a lookup in the outer map gives the inner map,
 * whose values the program then reads and writes.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/btf.h>
#include <fcntl.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define P(x)		((u64)(uintptr_t)(x))
#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)
/* 6.1's ENOTSUPP, which user space sees as errno 524 */
#define ENOTSUPP_ERRNO	524

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret = __sys_bpf(cmd, attr, sizeof(*attr));

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* What the shim's close() interposer does around the real close. */
static void user_close(int fd)
{
	if (fd < 0)
		return;
	close(fd);
	sysbpf_fd_closed(fd);
}

struct map_def {
	u32 type, key_size, value_size, max_entries, flags;
	int inner_fd;
	int btf_fd;
	u32 btf_key, btf_value;
};

static int map_create(const struct map_def *d)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = d->type;
	attr.key_size = d->key_size;
	attr.value_size = d->value_size;
	attr.max_entries = d->max_entries;
	attr.map_flags = d->flags;
	attr.inner_map_fd = d->inner_fd;
	if (d->btf_key || d->btf_value) {
		attr.btf_fd = d->btf_fd;
		attr.btf_key_type_id = d->btf_key;
		attr.btf_value_type_id = d->btf_value;
	}
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int array(u32 value_size, u32 max_entries, u32 flags)
{
	struct map_def d = { BPF_MAP_TYPE_ARRAY, 4, value_size, max_entries, flags };

	return map_create(&d);
}

static int outer(u32 type, u32 max_entries, int inner_fd)
{
	struct map_def d = { type, 4, 4, max_entries, 0, inner_fd };

	return map_create(&d);
}

static int update(int fd, const void *key, const void *value, u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(key);
	attr.value = P(value);
	attr.flags = flags;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static int lookup(int fd, const void *key, void *value, u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(key);
	attr.value = P(value);
	attr.flags = flags;
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

static int delete(int fd, const void *key)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(key);
	return sys_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

static int next_key(int fd, const void *key, void *next)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(key);
	attr.next_key = P(next);
	return sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
}

static int lookup_and_delete(int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(key);
	attr.value = P(value);
	return sys_bpf(BPF_MAP_LOOKUP_AND_DELETE_ELEM, &attr);
}

static u32 map_id(int fd)
{
	struct bpf_map_info info;
	union bpf_attr attr;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = P(&info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr))
		return 0;
	return info.id;
}

static int map_fd_by_id(u32 id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	return sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
}

/* Waits (a little) for a map freed after a grace period to lose its id. */
static bool id_gone(u32 id)
{
	int i, fd;

	for (i = 0; i < 200; i++) {
		fd = map_fd_by_id(id);
		if (fd < 0 && errno == ENOENT)
			return true;
		user_close(fd);
		usleep(5000);
	}
	return false;
}

static int set_u32(int fd, u32 key, u32 value)
{
	return update(fd, &key, &value, BPF_ANY);
}

static u32 get_u32(int fd, u32 key)
{
	u32 value = 0xdeadbeef;

	lookup(fd, &key, &value, 0);
	return value;
}

/* ---- BTF: an int, a u64, and a value holding a bpf_spin_lock ---- */

#define BTF_INFO(kind, vlen)	(((u32)(kind) << 24) | (vlen))
#define BTF_INT(bits)		(BTF_INT_SIGNED << 24 | (bits))

static int btf_load(void)
{
	/* "\0int\0long\0bpf_spin_lock\0val\0locked\0cnt\0lock\0" */
	static const char strs[] = "\0int\0long\0bpf_spin_lock\0val\0locked\0cnt\0lock";
	enum { S_INT = 1, S_LONG = 5, S_LOCK = 10, S_VAL = 24, S_LOCKED = 28,
	       S_CNT = 35, S_LOCKM = 39 };
	u32 types[] = {
		/* [1] int */
		S_INT, BTF_INFO(BTF_KIND_INT, 0), 4, BTF_INT(32),
		/* [2] long */
		S_LONG, BTF_INFO(BTF_KIND_INT, 0), 8, BTF_INT(64),
		/* [3] struct bpf_spin_lock { int val; } */
		S_LOCK, BTF_INFO(BTF_KIND_STRUCT, 1), 4, S_VAL, 1, 0,
		/* [4] struct locked { int cnt; struct bpf_spin_lock lock; } */
		S_LOCKED, BTF_INFO(BTF_KIND_STRUCT, 2), 8,
		S_CNT, 1, 0, S_LOCKM, 3, 32,
	};
	static char blob[512];
	struct btf_header hdr = {
		.magic = BTF_MAGIC, .version = BTF_VERSION,
		.hdr_len = sizeof(hdr),
		.type_off = 0, .type_len = sizeof(types),
		.str_off = sizeof(types), .str_len = sizeof(strs),
	};
	union bpf_attr attr;

	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, sizeof(types));
	memcpy(blob + sizeof(hdr) + sizeof(types), strs, sizeof(strs));
	memset(&attr, 0, sizeof(attr));
	attr.btf = P(blob);
	attr.btf_size = sizeof(hdr) + sizeof(types) + sizeof(strs);
	return sys_bpf(BPF_BTF_LOAD, &attr);
}

/* ---- MAP_CREATE ---- */

static void test_create(void)
{
	int inner = array(4, 2, 0), mim, fd, devnull, btf;
	struct map_def d;

	CHECK(inner >= 0, "inner array template");
	fd = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 9999);
	TEST_ERRNO(fd, EBADF, "inner_map_fd not open: EBADF");
	devnull = open("/dev/null", O_RDONLY);
	fd = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, devnull);
	TEST_ERRNO(fd, EINVAL, "inner_map_fd not a map: EINVAL");
	fd = outer(BPF_MAP_TYPE_HASH_OF_MAPS, 4, devnull);
	TEST_ERRNO(fd, EINVAL, "hash of maps, inner_map_fd not a map: EINVAL");
	close(devnull);

	mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, inner);
	CHECK(mim >= 0, "array of maps from an array");
	fd = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, mim);
	TEST_ERRNO(fd, EINVAL, "an array of maps as template: EINVAL (one level)");
	fd = outer(BPF_MAP_TYPE_HASH_OF_MAPS, 4, mim);
	TEST_ERRNO(fd, EINVAL, "hash of maps with a map-in-map template: EINVAL");

	d = (struct map_def){ BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2 };
	fd = map_create(&d);
	CHECK(fd >= 0, "prog array");
	TEST_ERRNO(outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, fd), ENOTSUPP_ERRNO,
		   "prog array template (no map_meta_equal): ENOTSUPP");
	user_close(fd);

	btf = btf_load();
	CHECK(btf >= 0, "BTF with a bpf_spin_lock value");
	d = (struct map_def){ BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0, 0, btf, 1, 4 };
	fd = map_create(&d);
	CHECK(fd >= 0, "array with a spin lock in its value");
	TEST_ERRNO(outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, fd), ENOTSUPP_ERRNO,
		   "template with a spin lock: ENOTSUPP");
	TEST_ERRNO(outer(BPF_MAP_TYPE_HASH_OF_MAPS, 4, fd), ENOTSUPP_ERRNO,
		   "hash of maps, template with a spin lock: ENOTSUPP");
	user_close(fd);

	d = (struct map_def){ BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 1, 0, inner, btf, 1, 1 };
	TEST_ERRNO(map_create(&d), ENOTSUPP_ERRNO, "array of maps with BTF: ENOTSUPP");
	d.type = BPF_MAP_TYPE_HASH_OF_MAPS;
	TEST_ERRNO(map_create(&d), ENOTSUPP_ERRNO, "hash of maps with BTF: ENOTSUPP");
	user_close(btf);

	d = (struct map_def){ BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 8, 4, 0, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, value_size 8: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_ARRAY_OF_MAPS, 8, 4, 4, 0, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, key_size 8: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 0, 0, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, max_entries 0: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 4, BPF_F_RDONLY_PROG, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, BPF_F_RDONLY_PROG: EINVAL");
	d.flags = BPF_F_WRONLY_PROG;
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, BPF_F_WRONLY_PROG: EINVAL");
	d.flags = BPF_F_MMAPABLE;
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, BPF_F_MMAPABLE: EINVAL");
	d.flags = BPF_F_INNER_MAP;
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, BPF_F_INNER_MAP: EINVAL");
	d.flags = BPF_F_NO_PREALLOC;
	TEST_ERRNO(map_create(&d), EINVAL, "array of maps, BPF_F_NO_PREALLOC: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_HASH_OF_MAPS, 4, 8, 4, 0, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "hash of maps, value_size 8: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_HASH_OF_MAPS, 0, 4, 4, 0, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "hash of maps, key_size 0: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 0, 0, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "hash of maps, max_entries 0: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 4, BPF_F_INNER_MAP, inner };
	TEST_ERRNO(map_create(&d), EINVAL, "hash of maps, BPF_F_INNER_MAP: EINVAL");
	d = (struct map_def){ BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 4, BPF_F_NO_PREALLOC, inner };
	fd = map_create(&d);
	CHECK(fd >= 0, "hash of maps, BPF_F_NO_PREALLOC");
	user_close(fd);
	d = (struct map_def){ BPF_MAP_TYPE_HASH_OF_MAPS, 16, 4, 4, 0, inner };
	fd = map_create(&d);
	CHECK(fd >= 0, "hash of maps, 16-byte keys");
	user_close(fd);

	/* the outer map needs the template only while it is made */
	user_close(inner);
	fd = array(4, 2, 0);
	TEST_EQ(set_u32(mim, 3, fd), 0, "template's fd closed: a look-alike still goes in");
	user_close(fd);
	user_close(mim);
}

/* ---- the template check of updates ---- */

static void test_template(void)
{
	int inner = array(8, 4, 0), mim, hom, fd, i;
	u32 k = 0;
	struct {
		const char *name;
		struct map_def d;
	} unlike[] = {
		{ "another type", { BPF_MAP_TYPE_HASH, 4, 8, 4 } },
		{ "another value_size", { BPF_MAP_TYPE_ARRAY, 4, 16, 4 } },
		{ "another max_entries", { BPF_MAP_TYPE_ARRAY, 4, 8, 8 } },
		{ "other flags", { BPF_MAP_TYPE_ARRAY, 4, 8, 4, BPF_F_RDONLY_PROG } },
		{ "a per-CPU array", { BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 4 } },
	};

	mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 2, inner);
	hom = outer(BPF_MAP_TYPE_HASH_OF_MAPS, 2, inner);
	CHECK(mim >= 0 && hom >= 0, "outer maps");
	for (i = 0; i < (int)ARRAY_SIZE(unlike); i++) {
		char name[128];

		fd = map_create(&unlike[i].d);
		snprintf(name, sizeof(name), "array of maps: %s than the template: EINVAL",
			 unlike[i].name);
		TEST_ERRNO(update(mim, &k, &fd, BPF_ANY), EINVAL, name);
		snprintf(name, sizeof(name), "hash of maps: %s than the template: EINVAL",
			 unlike[i].name);
		TEST_ERRNO(update(hom, &k, &fd, BPF_ANY), EINVAL, name);
		user_close(fd);
	}
	TEST_ERRNO(update(mim, &k, &mim, BPF_ANY), EINVAL, "the outer map into itself: EINVAL");
	fd = 9999;
	TEST_ERRNO(update(mim, &k, &fd, BPF_ANY), EBADF, "array of maps, fd not open: EBADF");
	TEST_ERRNO(update(hom, &k, &fd, BPF_ANY), EBADF, "hash of maps, fd not open: EBADF");
	fd = open("/dev/null", O_RDONLY);
	TEST_ERRNO(update(mim, &k, &fd, BPF_ANY), EINVAL, "array of maps, fd not a map: EINVAL");
	TEST_ERRNO(update(hom, &k, &fd, BPF_ANY), EINVAL, "hash of maps, fd not a map: EINVAL");
	close(fd);
	TEST_ERRNO(lookup(hom, &k, &fd, 0), ENOENT, "failed updates added nothing");
	user_close(mim);
	user_close(hom);
	user_close(inner);

	/* BPF_F_INNER_MAP: inner arrays of any size */
	inner = array(8, 4, BPF_F_INNER_MAP);
	mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 2, inner);
	fd = array(8, 100, BPF_F_INNER_MAP);
	TEST_EQ(update(mim, &k, &fd, BPF_ANY), 0, "BPF_F_INNER_MAP template: other max_entries go in");
	user_close(fd);
	fd = array(8, 100, 0);
	TEST_ERRNO(update(mim, &k, &fd, BPF_ANY), EINVAL,
		   "BPF_F_INNER_MAP template: an array without the flag: EINVAL");
	user_close(fd);
	user_close(mim);
	user_close(inner);

	/* a hash template */
	{
		struct map_def hd = { BPF_MAP_TYPE_HASH, 8, 8, 16 };

		inner = map_create(&hd);
		mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 2, inner);
		hd.max_entries = 1000;
		fd = map_create(&hd);
		TEST_EQ(update(mim, &k, &fd, BPF_ANY), 0,
			"hash template: a hash of another max_entries goes in");
		user_close(fd);
		hd.key_size = 4;
		fd = map_create(&hd);
		TEST_ERRNO(update(mim, &k, &fd, BPF_ANY), EINVAL,
			   "hash template: another key_size: EINVAL");
		user_close(fd);
		user_close(mim);
		user_close(inner);
	}
}

/* ---- the syscall side of an array of maps ---- */

static void test_array_of_maps(void)
{
	int inner = array(4, 2, 0), a = array(4, 2, 0), b = array(4, 2, 0), mim;
	u32 k, v, next, id_a = map_id(a), id_b = map_id(b);

	mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 3, inner);
	CHECK(mim >= 0 && id_a && id_b, "array of maps and two inner arrays");

	k = 0;
	TEST_ERRNO(lookup(mim, &k, &v, 0), ENOENT, "empty slot: lookup ENOENT");
	k = 3;
	TEST_ERRNO(lookup(mim, &k, &v, 0), ENOENT, "slot past the end: lookup ENOENT");
	TEST_ERRNO(update(mim, &k, &a, BPF_ANY), E2BIG, "slot past the end: update E2BIG");
	TEST_ERRNO(delete(mim, &k), E2BIG, "slot past the end: delete E2BIG");
	k = 0;
	TEST_ERRNO(update(mim, &k, &a, BPF_NOEXIST), EINVAL, "BPF_NOEXIST: EINVAL");
	TEST_ERRNO(update(mim, &k, &a, BPF_EXIST), EINVAL, "BPF_EXIST: EINVAL");
	TEST_ERRNO(update(mim, &k, &a, BPF_F_LOCK), EINVAL, "BPF_F_LOCK: EINVAL");
	TEST_ERRNO(delete(mim, &k), ENOENT, "empty slot: delete ENOENT");

	TEST_EQ(update(mim, &k, &a, BPF_ANY), 0, "slot 0 takes a");
	v = 0;
	TEST_EQ(lookup(mim, &k, &v, 0), 0, "lookup of slot 0");
	TEST_EQ(v, id_a, "lookup gives the id of the inner map");
	TEST_ERRNO(lookup(mim, &k, &v, BPF_F_LOCK), EINVAL, "lookup with BPF_F_LOCK: EINVAL");
	TEST_ERRNO(lookup_and_delete(mim, &k, &v), ENOTSUPP_ERRNO,
		   "lookup_and_delete: ENOTSUPP");
	k = 2;
	TEST_EQ(update(mim, &k, &a, BPF_ANY), 0, "one map in two slots");
	TEST_EQ(update(mim, &k, &b, BPF_ANY), 0, "slot 2 replaced by b");
	v = 0;
	lookup(mim, &k, &v, 0);
	TEST_EQ(v, id_b, "slot 2 now gives b's id");

	TEST_EQ(next_key(mim, NULL, &next), 0, "get_next_key from nothing");
	TEST_EQ(next, 0, "first key 0 (arrays walk every slot)");
	k = 1;
	next_key(mim, &k, &next);
	TEST_EQ(next, 2, "after 1 comes 2, though 1 is empty");
	k = 2;
	TEST_ERRNO(next_key(mim, &k, &next), ENOENT, "after the last: ENOENT");
	k = 100;
	next_key(mim, &k, &next);
	TEST_EQ(next, 0, "a key past the end restarts at 0");

	/* the slots hold their maps after the user's last fd */
	user_close(a);
	user_close(b);
	a = map_fd_by_id(id_a);
	CHECK(a >= 0, "a, held by slot 0, can be opened by id");
	user_close(a);
	k = 0;
	TEST_EQ(delete(mim, &k), 0, "delete slot 0");
	TEST_ERRNO(lookup(mim, &k, &v, 0), ENOENT, "deleted slot: lookup ENOENT");
	TEST_ERRNO(map_fd_by_id(id_a), ENOENT, "a, held by nothing any more, is gone");
	b = map_fd_by_id(id_b);
	CHECK(b >= 0, "b, still in slot 2, is there");
	user_close(b);
	user_close(inner);
	user_close(mim);
	CHECK(id_gone(id_b), "closing the outer map lets go of b");
}

/* ---- the syscall side of a hash of maps ---- */

static void test_hash_of_maps(u32 flags)
{
	int inner = array(4, 2, 0), a = array(4, 2, 0), b = array(4, 2, 0), c, hom;
	u32 k, v, next, id_a = map_id(a), id_b = map_id(b), seen = 0;
	struct map_def d = { BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 2, flags, inner };
	const char *mode = flags ? " (no prealloc)" : "";
	char name[128];

#define NAME(s) (snprintf(name, sizeof(name), "%s%s", s, mode), name)
	hom = map_create(&d);
	CHECK(hom >= 0, NAME("hash of maps"));
	k = 7;
	TEST_ERRNO(lookup(hom, &k, &v, 0), ENOENT, NAME("missing key: lookup ENOENT"));
	TEST_ERRNO(delete(hom, &k), ENOENT, NAME("missing key: delete ENOENT"));
	TEST_ERRNO(update(hom, &k, &a, BPF_EXIST), ENOENT, NAME("BPF_EXIST on a missing key: ENOENT"));
	TEST_ERRNO(update(hom, &k, &a, 4), EINVAL, NAME("flags 4: EINVAL"));
	TEST_ERRNO(update(hom, &k, &a, BPF_F_LOCK), EINVAL, NAME("BPF_F_LOCK: EINVAL"));
	TEST_ERRNO(next_key(hom, NULL, &next), ENOENT, NAME("empty: get_next_key ENOENT"));
	TEST_EQ(update(hom, &k, &a, BPF_NOEXIST), 0, NAME("key 7 takes a"));
	TEST_ERRNO(update(hom, &k, &b, BPF_NOEXIST), EEXIST, NAME("BPF_NOEXIST on key 7: EEXIST"));
	v = 0;
	lookup(hom, &k, &v, 0);
	TEST_EQ(v, id_a, NAME("key 7 still gives a's id"));
	TEST_EQ(update(hom, &k, &b, BPF_EXIST), 0, NAME("BPF_EXIST replaces a by b"));
	lookup(hom, &k, &v, 0);
	TEST_EQ(v, id_b, NAME("key 7 gives b's id"));
	k = 9;
	TEST_EQ(update(hom, &k, &a, BPF_ANY), 0, NAME("key 9 takes a"));
	k = 11;
	TEST_ERRNO(update(hom, &k, &a, BPF_ANY), E2BIG, NAME("full (max_entries 2): E2BIG"));
	k = 9;
	TEST_EQ(update(hom, &k, &b, BPF_ANY), 0, NAME("a full map still replaces"));
	TEST_ERRNO(lookup_and_delete(hom, &k, &v), ENOTSUPP_ERRNO,
		   NAME("lookup_and_delete: ENOTSUPP"));
	TEST_EQ(next_key(hom, NULL, &next), 0, NAME("get_next_key: first"));
	seen |= 1u << next;
	k = next;
	TEST_EQ(next_key(hom, &k, &next), 0, NAME("get_next_key: second"));
	seen |= 1u << next;
	k = next;
	TEST_ERRNO(next_key(hom, &k, &next), ENOENT, NAME("get_next_key: no third"));
	TEST_EQ(seen, (1u << 7) | (1u << 9), NAME("get_next_key walks keys 7 and 9"));

	/* references */
	user_close(a);
	TEST_ERRNO(map_fd_by_id(id_a), ENOENT, NAME("a, replaced everywhere, is gone"));
	user_close(b);
	c = map_fd_by_id(id_b);
	CHECK(c >= 0, NAME("b, held by two keys, lives on"));
	user_close(c);
	k = 7;
	TEST_EQ(delete(hom, &k), 0, NAME("delete key 7"));
	c = map_fd_by_id(id_b);
	CHECK(c >= 0, NAME("b, still held by key 9, lives on"));
	user_close(c);
	k = 9;
	TEST_EQ(delete(hom, &k), 0, NAME("delete key 9"));
	TEST_ERRNO(map_fd_by_id(id_b), ENOENT, NAME("b, held by nothing, is gone"));

	a = array(4, 2, 0);
	id_a = map_id(a);
	k = 1;
	update(hom, &k, &a, BPF_ANY);
	user_close(a);
	user_close(hom);
	CHECK(id_gone(id_a), NAME("closing the outer map lets go of its inner maps"));
	user_close(inner);
#undef NAME
}

/* ---- the program side ---- */

static int prog_load(const struct bpf_insn *insns, u32 cnt, char *log, u32 log_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
	attr.insns = P(insns);
	attr.insn_cnt = cnt;
	attr.license = P("GPL");
	attr.log_buf = P(log);
	attr.log_size = log ? log_size : 0;
	attr.log_level = log ? 1 : 0;
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* retval of one run with args (u64 each), or ~0 when the run failed */
static u32 run(int fd, u64 a0, u64 a1, u64 a2)
{
	u64 args[3] = { a0, a1, a2 };
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.ctx_in = P(args);
	attr.test.ctx_size_in = sizeof(args);
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
		return ~0u;
	return attr.test.retval;
}

#define NO_OUTER	1000
#define NO_INNER	2000

/*
 * args[0]: the key in the outer map, args[1]: the key in the inner
 * map; args[2]: 0 reads the inner value, else writes args[2] to it.
 * Returns the value read, 0 after a write, or NO_OUTER/NO_INNER.
 */
static int load_access(int outer_fd, u32 outer_key_size)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_6, 0),
		BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_1, -16),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16),
		BPF_LD_MAP_FD(BPF_REG_1, outer_fd),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, NO_OUTER),
		BPF_EXIT_INSN(),
		/* r0: the inner map */
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_6, 8),
		BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_1, -4),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, NO_INNER),
		BPF_EXIT_INSN(),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_6, 16),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 3),
		BPF_STX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	(void)outer_key_size;
	return prog_load(insns, ARRAY_SIZE(insns), NULL, 0);
}

static void test_prog_array_of_maps(void)
{
	int inner = array(4, 4, 0), a = array(4, 4, 0), b = array(4, 4, 0);
	int mim, prog, direct;
	char log[4096];

	mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 2, inner);
	prog = load_access(mim, 4);
	CHECK(prog >= 0, "program reading and writing through an array of maps loads");
	set_u32(a, 1, 111);
	set_u32(b, 1, 222);
	TEST_EQ(run(prog, 0, 1, 0), NO_OUTER, "empty slot: the program's lookup is NULL");
	TEST_EQ(run(prog, 5, 1, 0), NO_OUTER, "slot past the end: NULL");
	set_u32(mim, 0, a);
	TEST_EQ(run(prog, 0, 1, 0), 111, "slot 0: the program reads a's value");
	TEST_EQ(run(prog, 0, 4, 0), NO_INNER, "a key past the inner array's end: NULL");
	TEST_EQ(run(prog, 0, 2, 77), 0, "the program writes a[2]");
	TEST_EQ(get_u32(a, 2), 77, "user space reads what the program wrote in a");
	set_u32(mim, 0, b);
	TEST_EQ(run(prog, 0, 1, 0), 222, "after an update of slot 0 the program sees b");
	user_close(b);
	TEST_EQ(run(prog, 0, 1, 0), 222, "b's last fd closed: the slot still holds it");
	set_u32(mim, 1, a);
	TEST_EQ(run(prog, 1, 2, 0), 77, "slot 1 holds a");

	/*
	 * An inner map named by the program itself (LD_IMM64) and looked up
	 * through the outer map is the same map.
	 */
	{
		const struct bpf_insn insns[] = {
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 3),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_LD_MAP_FD(BPF_REG_1, a),
			BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
			BPF_ST_MEM(BPF_W, BPF_REG_0, 0, 4242),
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_EXIT_INSN(),
		};

		direct = prog_load(insns, ARRAY_SIZE(insns), log, sizeof(log));
		CHECK(direct >= 0, "a program naming the inner map directly loads");
		TEST_EQ(run(direct, 0, 0, 0), 1, "it writes a[3]");
		TEST_EQ(run(prog, 1, 3, 0), 4242, "read back through the outer map");
		user_close(direct);
	}

	/* BPF_F_INNER_MAP: the run uses the inner map's own bounds */
	{
		int t = array(4, 2, BPF_F_INNER_MAP), small = array(4, 2, BPF_F_INNER_MAP);
		int big = array(4, 64, BPF_F_INNER_MAP), m2 = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 2, t);
		int p2 = load_access(m2, 4);

		CHECK(p2 >= 0, "program on a BPF_F_INNER_MAP template loads");
		set_u32(m2, 0, small);
		set_u32(m2, 1, big);
		set_u32(big, 40, 4040);
		TEST_EQ(run(p2, 0, 40, 0), NO_INNER, "key 40 in the 2-entry inner array: NULL");
		TEST_EQ(run(p2, 1, 40, 0), 4040, "key 40 in the 64-entry inner array: found");
		user_close(p2);
		user_close(m2);
		user_close(t);
		user_close(small);
		user_close(big);
	}

	/* what the verifier refuses */
	{
		const struct bpf_insn update_insns[] = {
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -4),
			BPF_LD_MAP_FD(BPF_REG_1, mim),
			BPF_MOV64_IMM(BPF_REG_4, 0),
			BPF_EMIT_CALL(BPF_FUNC_map_update_elem),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		const struct bpf_insn no_null_check[] = {
			BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_LD_MAP_FD(BPF_REG_1, mim),
			BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
			BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
			BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
			BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		int fd;

		fd = prog_load(update_insns, ARRAY_SIZE(update_insns), log, sizeof(log));
		TEST_ERRNO(fd, EINVAL, "bpf_map_update_elem on an array of maps: refused");
		CHECK(strstr(log, "cannot pass map_type 12 into func bpf_map_update_elem"),
		      "with 6.1's message");
		user_close(fd);
		fd = prog_load(no_null_check, ARRAY_SIZE(no_null_check), log, sizeof(log));
		TEST_ERRNO(fd, EACCES, "inner map used without a NULL check: refused");
		CHECK(strstr(log, "R1 type=map_value_or_null expected=map_ptr"),
		      "with 6.1's message");
		user_close(fd);
	}

	user_close(prog);
	user_close(mim);
	user_close(inner);
	user_close(a);
}

static void test_prog_hash_of_maps(void)
{
	int inner = array(4, 4, 0), a = array(4, 4, 0), hom, prog;
	struct map_def d = { BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 8, 0, inner };
	u32 id_a = map_id(a), k = 1234;

	hom = map_create(&d);
	prog = load_access(hom, 4);
	CHECK(prog >= 0, "program reading through a hash of maps loads");
	set_u32(a, 0, 5);
	TEST_EQ(run(prog, 1234, 0, 0), NO_OUTER, "missing key: NULL");
	TEST_EQ(update(hom, &k, &a, BPF_ANY), 0, "key 1234 takes a");
	TEST_EQ(run(prog, 1234, 0, 0), 5, "the program reads a through key 1234");
	TEST_EQ(run(prog, 1234, 3, 9), 0, "and writes a[3]");
	TEST_EQ(get_u32(a, 3), 9, "user space sees the write");
	user_close(a);
	TEST_EQ(run(prog, 1234, 3, 0), 9, "a's last fd closed: still there");
	TEST_EQ(delete(hom, &k), 0, "delete key 1234");
	TEST_EQ(run(prog, 1234, 3, 0), NO_OUTER, "deleted: NULL");
	CHECK(id_gone(id_a), "a is freed");
	user_close(prog);
	user_close(hom);
	user_close(inner);
}

/* Concurrent updates of a slot while a program reads through it. */
#include <pthread.h>

struct race {
	int mim, prog, maps[2];
	bool stop;
	int bad;
};

static void *race_updater(void *arg)
{
	struct race *r = arg;
	int i;

	for (i = 0; i < 300; i++)
		set_u32(r->mim, 0, r->maps[i & 1]);
	__atomic_store_n(&r->stop, true, __ATOMIC_RELEASE);
	return NULL;
}

static void test_race(void)
{
	struct race r = { .mim = -1 };
	int inner = array(4, 1, 0);
	pthread_t t;

	r.maps[0] = array(4, 1, 0);
	r.maps[1] = array(4, 1, 0);
	set_u32(r.maps[0], 0, 10);
	set_u32(r.maps[1], 0, 20);
	r.mim = outer(BPF_MAP_TYPE_ARRAY_OF_MAPS, 1, inner);
	set_u32(r.mim, 0, r.maps[0]);
	r.prog = load_access(r.mim, 4);
	pthread_create(&t, NULL, race_updater, &r);
	while (!__atomic_load_n(&r.stop, __ATOMIC_ACQUIRE)) {
		u32 v = run(r.prog, 0, 0, 0);

		r.bad += v != 10 && v != 20;
	}
	pthread_join(t, NULL);
	TEST_EQ(r.bad, 0, "a program always sees one whole inner map while slots change");
	user_close(r.prog);
	user_close(r.mim);
	user_close(r.maps[0]);
	user_close(r.maps[1]);
	user_close(inner);
}

int main(void)
{
	test_create();
	test_template();
	test_array_of_maps();
	test_hash_of_maps(0);
	test_hash_of_maps(BPF_F_NO_PREALLOC);
	test_prog_array_of_maps();
	test_prog_hash_of_maps();
	test_race();
	return sysbpf_test_done();
}
