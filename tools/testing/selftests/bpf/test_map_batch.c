// SPDX-License-Identifier: GPL-2.0
/*
 * The batch commands (BPF_MAP_LOOKUP_BATCH, LOOKUP_AND_DELETE_BATCH,
 * UPDATE_BATCH, DELETE_BATCH) on arrays and hash maps, black-box: 6.1's
 * partial progress in batch.count, the cursors, ENOENT at the end,
 * ENOSPC, and the flags and permissions that are refused.  Run without
 * the shim it checks the same against the host kernel.
 */
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define PTR(p)		((__u64)(uintptr_t)(p))
#define LINUX_ENOTSUPP	524
#define N		10

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int create(__u32 type, __u32 value_size, __u32 max, __u32 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = 4;
	a.value_size = value_size;
	a.max_entries = max;
	a.map_flags = flags;
	return (int)sys_bpf(BPF_MAP_CREATE, &a);
}

/* One batch command; *count in and out. */
static long batch(int cmd, int fd, void *in, void *out, void *keys, void *values,
		  __u32 *count, __u64 elem_flags, __u64 flags)
{
	union bpf_attr a;
	long ret;

	memset(&a, 0, sizeof(a));
	a.batch.map_fd = fd;
	a.batch.in_batch = PTR(in);
	a.batch.out_batch = PTR(out);
	a.batch.keys = PTR(keys);
	a.batch.values = PTR(values);
	a.batch.count = *count;
	a.batch.elem_flags = elem_flags;
	a.batch.flags = flags;
	ret = sys_bpf(cmd, &a);
	*count = a.batch.count;
	return ret;
}

/* As libbpf counts them: the ranges of /sys/devices/system/cpu/possible. */
static int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	int a, b, n = 0;
	char sep;

	if (!f)
		return 1;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		if (fscanf(f, "%c", &sep) == 1 && sep == '-') {
			if (fscanf(f, "%d", &b) != 1)
				break;
			if (fscanf(f, "%c", &sep) != 1)
				sep = '\n';
		}
		n += b - a + 1;
		if (sep != ',')
			break;
	}
	fclose(f);
	return n ? n : 1;
}

static void test_array(void)
{
	__u32 keys[N], out_keys[N], count, cursor, seen = 0, i;
	__u64 values[N], out_values[N];
	int fd = create(BPF_MAP_TYPE_ARRAY, 8, N, 0);
	bool order_ok = true;
	long ret;

	if (!TEST_OK(fd >= 0, "array: create", "errno %d", errno))
		return;
	for (i = 0; i < N; i++) {
		keys[i] = i;
		values[i] = 1000 + i;
	}
	keys[7] = N + 5;	/* out of range: the update stops there */
	count = N;
	ret = batch(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values, &count, 0, 0);
	TEST_ERRNO(ret, E2BIG, "array: UPDATE_BATCH stops at an index out of range");
	TEST_EQ(count, 7, "array: ... having done the 7 before it");
	keys[7] = 7;
	count = N;
	TEST_OK(batch(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values, &count, 0, 0) == 0 &&
		count == N, "array: UPDATE_BATCH of all", "errno %d count %u", errno, count);

	/* in chunks of 4: 4, 4, then 2 and ENOENT */
	count = 4;
	ret = batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count, 0, 0);
	TEST_OK(ret == 0 && count == 4, "array: LOOKUP_BATCH of 4 from the start",
		"ret %ld errno %d count %u", ret, errno, count);
	seen = count;
	while (ret == 0) {
		count = 4;
		ret = batch(BPF_MAP_LOOKUP_BATCH, fd, &cursor, &cursor, out_keys + seen,
			    out_values + seen, &count, 0, 0);
		seen += count;
	}
	TEST_ERRNO(ret, ENOENT, "array: the walk ends with ENOENT");
	TEST_EQ(seen, N, "array: every element once");
	for (i = 0; i < N; i++)
		if (out_keys[i] != i || out_values[i] != 1000 + i)
			order_ok = false;
	TEST_OK(order_ok, "array: in index order with their values", "keys or values out of order");

	count = N;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, NULL, &cursor, out_keys, out_values,
			 &count, 0, 0), LINUX_ENOTSUPP, "array: LOOKUP_AND_DELETE_BATCH is ENOTSUPP");
	count = N;
	TEST_ERRNO(batch(BPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys, NULL, &count, 0, 0),
		   LINUX_ENOTSUPP, "array: DELETE_BATCH is ENOTSUPP");
	count = N;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count,
			 BPF_F_LOCK, 0), EINVAL, "array: BPF_F_LOCK without a lock is EINVAL");
	count = N;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count,
			 BPF_NOEXIST, 0), EINVAL, "array: elem_flags other than BPF_F_LOCK are EINVAL");
	count = 0;
	TEST_OK(batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count, 0, 0)
		== 0, "array: a count of 0 does nothing", "errno %d", errno);
	close(fd);
}

static void test_hash(__u32 type, const char *name)
{
	bool percpu = type == BPF_MAP_TYPE_PERCPU_HASH;
	int ncpu = percpu ? possible_cpus() : 1;
	__u32 keys[N], out_keys[N], count, cursor, seen = 0, i, mask = 0;
	__u64 *values, *out_values;
	char msg[128];
	int fd = create(type, 8, N, 0);
	long ret;

	snprintf(msg, sizeof(msg), "%s: create", name);
	if (!TEST_OK(fd >= 0, msg, "errno %d", errno))
		return;
	values = calloc((size_t)N * ncpu, 8);
	out_values = calloc((size_t)N * ncpu, 8);
	for (i = 0; i < N; i++) {
		keys[i] = i * 7 + 1;
		for (int c = 0; c < ncpu; c++)
			values[i * ncpu + c] = 100 * i + c;
	}
	count = N;
	snprintf(msg, sizeof(msg), "%s: UPDATE_BATCH of %d", name, N);
	TEST_OK(batch(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values, &count, 0, 0) == 0 &&
		count == N, msg, "errno %d count %u", errno, count);
	count = N;
	ret = batch(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values, &count, BPF_NOEXIST, 0);
	snprintf(msg, sizeof(msg), "%s: UPDATE_BATCH with BPF_NOEXIST is EINVAL (elem_flags)", name);
	TEST_ERRNO(ret, EINVAL, msg);
	snprintf(msg, sizeof(msg), "%s: nonzero batch.flags are EINVAL", name);
	count = N;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count,
			 0, 1), EINVAL, msg);

	count = 1;
	ret = batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count, 0, 0);
	snprintf(msg, sizeof(msg), "%s: a count of 1: one element or ENOSPC for a bigger bucket", name);
	TEST_OK((ret == 0 && count == 1) || (ret < 0 && errno == ENOSPC && count == 0), msg,
		"ret %ld errno %d count %u", ret, errno, count);

	/* in chunks of 5 (every bucket fits): all of them, then ENOENT */
	ret = 0;
	for (bool first = true; ret == 0; first = false) {
		count = 5;
		ret = batch(BPF_MAP_LOOKUP_BATCH, fd, first ? NULL : &cursor, &cursor,
			    out_keys + seen, out_values + (size_t)seen * ncpu, &count, 0, 0);
		if (ret && errno != ENOENT)
			break;
		seen += count;
	}
	snprintf(msg, sizeof(msg), "%s: LOOKUP_BATCH walks to ENOENT", name);
	TEST_ERRNO(ret, ENOENT, msg);
	snprintf(msg, sizeof(msg), "%s: every element once, with its values", name);
	for (i = 0; i < seen && i < N; i++) {
		__u32 k = (out_keys[i] - 1) / 7;

		if (k < N && !(mask & (1u << k)) &&
		    !memcmp(&out_values[i * ncpu], &values[k * ncpu], 8 * ncpu))
			mask |= 1u << k;
	}
	TEST_OK(seen == N && mask == (1u << N) - 1, msg, "seen %u mask 0x%x", seen, mask);

	/* delete: key 3 is missing the second time */
	count = 3;
	snprintf(msg, sizeof(msg), "%s: DELETE_BATCH of 3", name);
	TEST_OK(batch(BPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys, NULL, &count, 0, 0) == 0 &&
		count == 3, msg, "errno %d count %u", errno, count);
	count = 5;
	ret = batch(BPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys + 2, NULL, &count, 0, 0);
	snprintf(msg, sizeof(msg), "%s: DELETE_BATCH stops at a missing key with ENOENT", name);
	TEST_ERRNO(ret, ENOENT, msg);
	snprintf(msg, sizeof(msg), "%s: ... having deleted none", name);
	TEST_EQ(count, 0, msg);

	/* take the remaining 7 away */
	seen = 0;
	ret = 0;
	for (bool first = true; ret == 0; first = false) {
		count = N;
		ret = batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, first ? NULL : &cursor, &cursor,
			    out_keys + seen, out_values + (size_t)seen * ncpu, &count, 0, 0);
		if (ret && errno != ENOENT)
			break;
		seen += count;
	}
	snprintf(msg, sizeof(msg), "%s: LOOKUP_AND_DELETE_BATCH takes the other 7", name);
	TEST_OK(ret < 0 && errno == ENOENT && seen == N - 3, msg, "ret %ld errno %d seen %u",
		ret, errno, seen);
	count = N;
	ret = batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, out_keys, out_values, &count, 0, 0);
	snprintf(msg, sizeof(msg), "%s: the map is empty after", name);
	TEST_OK(ret < 0 && errno == ENOENT && count == 0, msg, "ret %ld errno %d count %u",
		ret, errno, count);
	free(values);
	free(out_values);
	close(fd);
}

static void test_perms(void)
{
	__u32 keys[1] = { 0 }, count = 1, cursor;
	__u64 values[1] = { 1 };
	int fd = create(BPF_MAP_TYPE_HASH, 8, 4, BPF_F_RDONLY);

	if (!TEST_OK(fd >= 0, "rdonly hash: create", "errno %d", errno))
		return;
	TEST_ERRNO(batch(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys, values, &count, 0, 0), EPERM,
		   "rdonly hash: UPDATE_BATCH is EPERM");
	count = 1;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, keys, values, &count, 0, 0),
		   ENOENT, "rdonly hash: LOOKUP_BATCH is allowed (and finds nothing)");
	close(fd);
	fd = create(BPF_MAP_TYPE_HASH, 8, 4, BPF_F_WRONLY);
	if (!TEST_OK(fd >= 0, "wronly hash: create", "errno %d", errno))
		return;
	count = 1;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_BATCH, fd, NULL, &cursor, keys, values, &count, 0, 0),
		   EPERM, "wronly hash: LOOKUP_BATCH is EPERM");
	count = 1;
	TEST_ERRNO(batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, NULL, &cursor, keys, values, &count,
			 0, 0), EPERM, "wronly hash: LOOKUP_AND_DELETE_BATCH is EPERM");
	close(fd);
}

int main(void)
{
	test_array();
	test_hash(BPF_MAP_TYPE_HASH, "hash");
	test_hash(BPF_MAP_TYPE_PERCPU_HASH, "percpu hash");
	test_perms();
	return sysbpf_test_done();
}
