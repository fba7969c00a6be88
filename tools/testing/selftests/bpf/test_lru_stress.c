// SPDX-License-Identifier: GPL-2.0
/*
 * LRU hash maps under threads: each thread updates, looks up and
 * deletes keys of a range four times max_entries on one map, common and
 * per-CPU LRU.  Afterwards every element found holds the value its key
 * was written with, no key appears twice, there are at most max_entries
 * of them, and a full map still takes updates.  Run in make check, and
 * by the sanitizer builds (TSan: the lists' locks).
 */
#include <linux/bpf.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define PTR(p)		((__u64)(uintptr_t)(p))
#define MAX_ENTRIES	256
#define KEYS		(4 * MAX_ENTRIES)
#define THREADS		4
#define OPS		20000

static int map_fd;
static int bad_values;

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static long elem(int cmd, __u32 *key, __u64 *value, __u64 flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = map_fd;
	a.key = PTR(key);
	a.value = PTR(value);
	a.flags = flags;
	return sys_bpf(cmd, &a);
}

static __u64 value_of(__u32 key)
{
	return (__u64)key * 2654435761u + 7;
}

static void *worker(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;

	for (int i = 0; i < OPS; i++) {
		__u32 key = rand_r(&seed) % KEYS;
		__u64 v = value_of(key);
		int op = rand_r(&seed) % 8;

		if (op < 5) {
			elem(BPF_MAP_UPDATE_ELEM, &key, &v, BPF_ANY);
		} else if (op < 7) {
			v = 0;
			if (!elem(BPF_MAP_LOOKUP_ELEM, &key, &v, 0) && v != value_of(key))
				__atomic_fetch_add(&bad_values, 1, __ATOMIC_RELAXED);
		} else {
			elem(BPF_MAP_DELETE_ELEM, &key, NULL, 0);
		}
	}
	return NULL;
}

static void run(__u32 flags, const char *name)
{
	static bool seen[KEYS];
	pthread_t th[THREADS];
	__u32 key, next, count = 0, dups = 0, wrong = 0;
	union bpf_attr a;
	char msg[128];
	__u64 v;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_LRU_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = MAX_ENTRIES;
	a.map_flags = flags;
	map_fd = (int)sys_bpf(BPF_MAP_CREATE, &a);
	snprintf(msg, sizeof(msg), "%s: create", name);
	if (!TEST_OK(map_fd >= 0, msg, "errno %d", errno))
		return;
	bad_values = 0;
	for (long t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, worker, (void *)(t + 1));
	for (int t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	snprintf(msg, sizeof(msg), "%s: every lookup during the run saw its key's value", name);
	TEST_EQ(bad_values, 0, msg);

	memset(seen, 0, sizeof(seen));
	memset(&a, 0, sizeof(a));
	a.map_fd = map_fd;
	a.next_key = PTR(&next);
	while (!sys_bpf(BPF_MAP_GET_NEXT_KEY, &a)) {
		if (next >= KEYS || seen[next])
			dups++;
		else
			seen[next] = true;
		v = 0;
		if (elem(BPF_MAP_LOOKUP_ELEM, &next, &v, 0) || v != value_of(next))
			wrong++;
		count++;
		key = next;
		a.key = PTR(&key);
		if (count > 4 * MAX_ENTRIES)
			break;
	}
	snprintf(msg, sizeof(msg), "%s: at most max_entries elements after the run", name);
	TEST_OK(count <= MAX_ENTRIES && count > 0, msg, "%u elements", count);
	snprintf(msg, sizeof(msg), "%s: no key twice", name);
	TEST_EQ(dups, 0, msg);
	snprintf(msg, sizeof(msg), "%s: every element holds its key's value", name);
	TEST_EQ(wrong, 0, msg);
	for (key = KEYS; key < KEYS + 2 * MAX_ENTRIES; key++) {
		v = value_of(key);
		if (elem(BPF_MAP_UPDATE_ELEM, &key, &v, BPF_NOEXIST))
			break;
	}
	snprintf(msg, sizeof(msg), "%s: a full map keeps taking new keys (evicting)", name);
	TEST_EQ(key, KEYS + 2 * MAX_ENTRIES, msg);
	close(map_fd);
}

int main(void)
{
	run(0, "common LRU");
	run(BPF_F_NO_COMMON_LRU, "per-CPU LRU");
	return sysbpf_test_done();
}
