// SPDX-License-Identifier: GPL-2.0
/*
 * User-side cost of map commands: the host kernel's bpf(2) against
 * sysbpf's in-process entry, same map, same keys, measured in one run.
 * Prints ns/op for each and the ratio (median of several rounds, as the
 * machines are shared and noisy).
 */
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);

typedef long (*bpf_fn)(int cmd, union bpf_attr *attr, unsigned int size);

static long kernel_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static long sysbpf_call(int cmd, union bpf_attr *attr, unsigned int size)
{
	return __sys_bpf(cmd, attr, size);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int map_create(bpf_fn bpf, int type, int entries)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = entries;
	return bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static long elem_op(bpf_fn bpf, int cmd, int fd, __u32 key, __u64 *val)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (__u64)(unsigned long)&key;
	a.value = (__u64)(unsigned long)val;
	return bpf(cmd, &a, sizeof(a));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median ns/op over rounds of n operations. */
static double measure(bpf_fn bpf, int cmd, int fd, int n, int entries)
{
	double r[9];
	__u64 val = 1;
	int i, k;

	for (k = 0; k < 9; k++) {
		double t0 = now_ns();

		for (i = 0; i < n; i++)
			if (elem_op(bpf, cmd, fd, i % entries, &val) < 0) {
				perror("bpf elem op");
				exit(1);
			}
		r[k] = (now_ns() - t0) / n;
	}
	qsort(r, 9, sizeof(r[0]), cmp_double);
	return r[4];
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int type; } maps[] = {
		{ "array", BPF_MAP_TYPE_ARRAY },
		{ "hash", BPF_MAP_TYPE_HASH },
	};
	static const struct { const char *name; int cmd; } ops[] = {
		{ "MAP_UPDATE_ELEM", BPF_MAP_UPDATE_ELEM },
		{ "MAP_LOOKUP_ELEM", BPF_MAP_LOOKUP_ELEM },
	};
	int n = argc > 1 ? atoi(argv[1]) : 200000, entries = 1024;
	bool have_kernel;
	unsigned int m, o;
	int kfd;

	kfd = map_create(kernel_bpf, BPF_MAP_TYPE_ARRAY, 1);
	have_kernel = kfd >= 0;
	if (have_kernel)
		close(kfd);
	printf("%-8s %-18s %12s %12s %10s\n", "map", "command", "kernel ns/op",
	       "sysbpf ns/op", "speedup");
	for (m = 0; m < sizeof(maps) / sizeof(maps[0]); m++) {
		int sfd = map_create(sysbpf_call, maps[m].type, entries);

		kfd = have_kernel ? map_create(kernel_bpf, maps[m].type, entries) : -1;
		if (sfd < 0) {
			fprintf(stderr, "sysbpf map create failed\n");
			return 1;
		}
		for (o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
			double s = measure(sysbpf_call, ops[o].cmd, sfd, n, entries);

			if (kfd >= 0) {
				double k = measure(kernel_bpf, ops[o].cmd, kfd, n, entries);

				printf("%-8s %-18s %12.1f %12.1f %9.1fx\n", maps[m].name,
				       ops[o].name, k, s, k / s);
			} else {
				printf("%-8s %-18s %12s %12.1f %10s\n", maps[m].name,
				       ops[o].name, "n/a", s, "n/a");
			}
		}
		if (kfd >= 0)
			close(kfd);
		close(sfd);
	}
	if (!have_kernel)
		printf("(the host kernel's bpf(2) is not available here: no comparison)\n");
	return 0;
}
