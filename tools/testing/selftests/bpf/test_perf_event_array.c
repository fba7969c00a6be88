// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY end to end, as an application sees it:
 * this program runs under LD_PRELOAD=libsysbpf.so with raw bpf(2) and
 * perf_event_open(2), and with libbpf 1.1's perf_buffer.
 *  - MAP_CREATE, update, delete, lookup and get_next_key, with the
 *    errno of 6.1 for each mistake (checked on the host kernel too);
 *  - bpf_perf_event_output() / bpf_skb_event_output() from programs run
 *    with BPF_PROG_TEST_RUN: their errno (empty slot, bad index, bad
 *    flags, an event that is not a BPF_OUTPUT one) and the records they
 *    leave in the event's ring (PERF_RECORD_SAMPLE with the raw bytes,
 *    PERF_RECORD_LOST after a full ring), read by hand from the mmap()ed
 *    ring and by libbpf's perf_buffer__poll();
 *  - entries go when the map fd that put them there is closed.
 */
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define CHECK(cond, name)	TEST_OK(cond, name, "%s", #cond)
#define ENOTSUPP		524
#define P(x)			((__u64)(uintptr_t)(x))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define PAGE			4096

#define INSN(c, d, s, o, i)	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)		INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_DW(d, o, i)		INSN(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)
#define LD_IMM64_RAW(d, s, i)	INSN(BPF_LD | BPF_DW | BPF_IMM, d, s, 0, (__u32)(i)), INSN(0, 0, 0, 0, 0)
#define LD_IMM64_FLAGS(d, v)	INSN(BPF_LD | BPF_DW | BPF_IMM, d, 0, 0, (__u32)(v)), INSN(0, 0, 0, 0, (__u32)((__u64)(v) >> 32))
#define LD_MAP_FD(d, fd)	LD_IMM64_RAW(d, BPF_PSEUDO_MAP_FD, fd)
#define CALL(f)			INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static bool on_host;

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(__u32 type, __u32 key, __u32 value, __u32 max, __u32 flags)
{
	union bpf_attr attr = {
		.map_type = type, .key_size = key, .value_size = value,
		.max_entries = max, .map_flags = flags,
	};

	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int upd(int map, __u32 key, int fd, __u64 flags)
{
	union bpf_attr attr = {
		.map_fd = map, .key = P(&key), .value = P(&fd), .flags = flags,
	};

	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static int del(int map, __u32 key)
{
	union bpf_attr attr = { .map_fd = map, .key = P(&key) };

	return sys_bpf(BPF_MAP_DELETE_ELEM, &attr);
}

static int lookup(int map, __u32 key, __u32 *value)
{
	union bpf_attr attr = { .map_fd = map, .key = P(&key), .value = P(value) };

	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

static int next_key(int map, const __u32 *key, __u32 *next)
{
	union bpf_attr attr = { .map_fd = map, .key = P(key), .next_key = P(next) };

	return sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
}

static int perf_open(__u64 config, int pid, int cpu, bool inherit)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = config,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.wakeup_events = 1,
		.inherit = inherit,
	};

	return (int)syscall(SYS_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

static int nr_cpus(void)
{
	return libbpf_num_possible_cpus();
}

/* ---- syscall side ---- */

static void test_create(void)
{
	int fd;

	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 8, 4, 0), EINVAL,
		   "create: value_size 8 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 8, 4, 4, 0), EINVAL,
		   "create: key_size 8 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0, 0), EINVAL,
		   "create: max_entries 0 is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, BPF_F_RDONLY_PROG),
		   EINVAL, "create: BPF_F_RDONLY_PROG is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, BPF_F_MMAPABLE),
		   EINVAL, "create: BPF_F_MMAPABLE is EINVAL");
	TEST_ERRNO(map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, BPF_F_NO_PREALLOC),
		   EINVAL, "create: BPF_F_NO_PREALLOC is EINVAL");
	fd = map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, BPF_F_PRESERVE_ELEMS);
	TEST_OK(fd >= 0, "create: BPF_F_PRESERVE_ELEMS is allowed", "errno %d", errno);
	close(fd);
	fd = map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, BPF_F_RDONLY);
	TEST_OK(fd >= 0, "create: BPF_F_RDONLY is allowed", "errno %d", errno);
	close(fd);
}

static void test_elems(void)
{
	int map, pfd, pfd_inherit, pfd_clock, nf;
	__u32 key, next, value;

	map = map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, 0);
	if (!TEST_OK(map >= 0, "elems: create", "errno %d", errno))
		return;
	pfd = perf_open(PERF_COUNT_SW_BPF_OUTPUT, -1, 0, false);
	pfd_inherit = perf_open(PERF_COUNT_SW_BPF_OUTPUT, 0, -1, true);
	pfd_clock = perf_open(PERF_COUNT_SW_CPU_CLOCK, 0, -1, false);
	nf = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (!TEST_OK(pfd >= 0 && pfd_inherit >= 0 && pfd_clock >= 0 && nf >= 0,
		     "elems: perf_event_open", "errno %d", errno))
		goto out;

	TEST_ERRNO(upd(map, 0, pfd, BPF_NOEXIST), EINVAL, "update: BPF_NOEXIST is EINVAL");
	TEST_ERRNO(upd(map, 0, pfd, BPF_EXIST), EINVAL, "update: BPF_EXIST is EINVAL");
	TEST_ERRNO(upd(map, 4, pfd, 0), E2BIG, "update: index past the end is E2BIG");
	TEST_ERRNO(upd(map, 4, nf, 0), E2BIG, "update: the index is checked before the fd");
	TEST_ERRNO(upd(map, 1, nf, 0), EBADF, "update: a file that is not a perf event is EBADF");
	TEST_ERRNO(upd(map, 1, 999, 0), EBADF, "update: a closed fd is EBADF");
	TEST_ERRNO(upd(map, 1, -1, 0), EBADF, "update: fd -1 is EBADF");
	TEST_ERRNO(upd(map, 1, map, 0), EBADF, "update: a map fd is EBADF");
	TEST_ERRNO(upd(map, 1, pfd_inherit, 0), EOPNOTSUPP,
		   "update: an inherited event is EOPNOTSUPP");
	TEST_EQ(upd(map, 0, pfd, 0), 0, "update: a BPF_OUTPUT event");
	TEST_EQ(upd(map, 2, pfd_clock, 0), 0, "update: a cpu-clock event is taken too");
	TEST_EQ(upd(map, 0, pfd, 0), 0, "update: replacing a slot");

	TEST_ERRNO(lookup(map, 0, &value), ENOTSUPP, "lookup: a filled slot is ENOTSUPP");
	TEST_ERRNO(lookup(map, 1, &value), ENOTSUPP, "lookup: an empty slot is ENOTSUPP");
	TEST_ERRNO(lookup(map, 9, &value), ENOTSUPP, "lookup: past the end is ENOTSUPP");

	TEST_EQ(next_key(map, NULL, &next), 0, "next_key: NULL");
	TEST_EQ(next, 0, "next_key: NULL gives 0");
	key = 2;
	TEST_EQ(next_key(map, &key, &next), 0, "next_key: 2");
	TEST_EQ(next, 3, "next_key: 2 gives 3");
	key = 3;
	TEST_ERRNO(next_key(map, &key, &next), ENOENT, "next_key: the last is ENOENT");
	key = 9;
	TEST_EQ(next_key(map, &key, &next), 0, "next_key: past the end");
	TEST_EQ(next, 0, "next_key: past the end gives 0");

	TEST_ERRNO(del(map, 1), ENOENT, "delete: an empty slot is ENOENT");
	TEST_ERRNO(del(map, 4), E2BIG, "delete: past the end is E2BIG");
	TEST_EQ(del(map, 0), 0, "delete: a filled slot");
	TEST_ERRNO(del(map, 0), ENOENT, "delete: twice is ENOENT");
	TEST_EQ(del(map, 2), 0, "delete: the cpu-clock slot");
out:
	close(map);
	close(pfd);
	close(pfd_inherit);
	close(pfd_clock);
	close(nf);
}

/* ---- programs ---- */

static char logbuf[1 << 16];

static int prog_load(enum bpf_prog_type type, const struct bpf_insn *insns, size_t cnt)
{
	union bpf_attr attr = {
		.prog_type = type,
		.insns = P(insns),
		.insn_cnt = (__u32)cnt,
		.license = P("GPL"),
		.log_buf = P(logbuf),
		.log_size = sizeof(logbuf),
		.log_level = 1,
	};

	logbuf[0] = '\0';
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* bpf_perf_event_output(ctx, map, flags, &u64 on stack = val, 8); returns r0 */
static int load_output(enum bpf_prog_type type, int map, __u64 flags, int val)
{
	const struct bpf_insn insns[] = {
		ST_DW(BPF_REG_10, -8, val),
		MOV64_REG(BPF_REG_4, BPF_REG_10),
		ADD64_IMM(BPF_REG_4, -8),
		LD_MAP_FD(BPF_REG_2, map),
		LD_IMM64_FLAGS(BPF_REG_3, flags),
		MOV64_IMM(BPF_REG_5, 8),
		CALL(BPF_FUNC_perf_event_output),
		EXIT(),
	};
	int fd = prog_load(type, insns, ARRAY_SIZE(insns));

	if (fd < 0)
		printf("# load: %s\n", logbuf);
	return fd;
}

static int run(int prog, __u32 *retval)
{
	char pkt[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = pkt,
		.data_size_in = sizeof(pkt),
		.repeat = 1,
	);
	int err;

	for (size_t i = 0; i < sizeof(pkt); i++)
		pkt[i] = (char)(0x40 + i);
	err = bpf_prog_test_run_opts(prog, &opts);
	*retval = opts.retval;
	return err;
}

/* Output from a program of type into map with flags: the helper's result. */
static int output_result(enum bpf_prog_type type, int map, __u64 flags, int val)
{
	__u32 retval = 0xdead;
	int prog = load_output(type, map, flags, val);

	if (prog < 0)
		return -1000;
	if (run(prog, &retval))
		retval = (__u32)-1001;
	close(prog);
	return (int)retval;
}

struct ring {
	int fd;
	void *base;
	size_t size;
};

static struct perf_event_mmap_page *ring_page(struct ring *r)
{
	return r->base;
}

/* The next record of the ring, copied out (it may wrap); false when empty. */
static bool ring_next(struct ring *r, void *rec, size_t max)
{
	struct perf_event_mmap_page *up = ring_page(r);
	__u64 head = __atomic_load_n(&up->data_head, __ATOMIC_ACQUIRE);
	__u64 tail = up->data_tail, size = up->data_size, off, n;
	struct perf_event_header hdr;
	char *data = (char *)r->base + up->data_offset;
	size_t i;

	if (head == tail)
		return false;
	for (i = 0; i < sizeof(hdr); i++)
		((char *)&hdr)[i] = data[(tail + i) % size];
	n = hdr.size < max ? hdr.size : max;
	for (off = 0; off < n; off++)
		((char *)rec)[off] = data[(tail + off) % size];
	__atomic_store_n(&up->data_tail, tail + hdr.size, __ATOMIC_RELEASE);
	return true;
}

struct raw_sample {
	struct perf_event_header header;
	__u32 size;
	char data[200];
};

static void test_output(void)
{
	int ncpu = nr_cpus(), map, map2, i, clock_fd, efd;
	struct ring *rings = calloc(ncpu, sizeof(*rings));
	struct raw_sample s;
	__u64 v, cpu_flags = BPF_F_CURRENT_CPU;
	int found = -1, ret, n;

	map = map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, ncpu, 0);
	map2 = map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, ncpu, 0);
	if (!TEST_OK(map >= 0 && map2 >= 0 && rings, "output: create", "errno %d", errno))
		return;

	TEST_EQ(output_result(BPF_PROG_TYPE_SCHED_CLS, map, cpu_flags, 7), -ENOENT,
		"output: an empty slot is ENOENT");
	TEST_EQ(output_result(BPF_PROG_TYPE_SCHED_CLS, map, ncpu, 7), -E2BIG,
		"output: an index past the end is E2BIG");
	TEST_EQ(output_result(BPF_PROG_TYPE_SCHED_CLS, map, 1ULL << 40, 7), -EFAULT,
		"skb output: more context bytes than the packet is EFAULT");
	TEST_EQ(output_result(BPF_PROG_TYPE_XDP, map, 1ULL << 40, 7), -EFAULT,
		"xdp output: more context bytes than the packet is EFAULT");
	TEST_EQ(output_result(BPF_PROG_TYPE_SOCKET_FILTER, map, 1ULL << 60, 7), -EINVAL,
		"skb output: a flag outside index and ctx length is EINVAL");

	/* the cpu-clock event of this task in every slot: not a BPF_OUTPUT one */
	clock_fd = perf_open(PERF_COUNT_SW_CPU_CLOCK, 0, -1, false);
	for (i = 0; i < ncpu; i++)
		upd(map2, i, clock_fd, 0);
	TEST_EQ(output_result(BPF_PROG_TYPE_SCHED_CLS, map2, cpu_flags, 7), -EINVAL,
		"output: an event that is not BPF_OUTPUT is EINVAL");
	close(clock_fd);

	/* one BPF_OUTPUT event a CPU, as libbpf's perf_buffer makes them */
	for (i = 0; i < ncpu; i++) {
		rings[i].fd = perf_open(PERF_COUNT_SW_BPF_OUTPUT, -1, i, false);
		rings[i].size = (1 + 1) * PAGE;
		rings[i].base = mmap(NULL, rings[i].size, PROT_READ | PROT_WRITE,
				     MAP_SHARED, rings[i].fd, 0);
		if (rings[i].fd < 0 || rings[i].base == MAP_FAILED ||
		    upd(map, i, rings[i].fd, 0)) {
			TEST_OK(0, "output: open, mmap and store the per-CPU events",
				"cpu %d errno %d", i, errno);
			goto out;
		}
	}
	TEST_EQ(ring_page(&rings[0])->data_offset, PAGE, "ring: data_offset is a page");
	TEST_EQ(ring_page(&rings[0])->data_size, PAGE, "ring: data_size is the data pages");
	{
		void *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			       rings[0].fd, 0);

		TEST_OK(p == MAP_FAILED && errno == EINVAL,
			"ring: 2 data pages (not a power of two... of 1 + 2^n) is EINVAL",
			"%p errno %d", p, errno);
		p = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rings[0].fd, 0);
		TEST_OK(p == MAP_FAILED && errno == EINVAL,
			"ring: a second mapping of another size is EINVAL", "%p errno %d",
			p, errno);
		p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, rings[0].fd, 0);
		TEST_OK(p == MAP_FAILED && errno == EINVAL,
			"ring: a private mapping is EINVAL", "%p errno %d", p, errno);
		p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, rings[0].fd, 0);
		TEST_OK(p != MAP_FAILED, "ring: a second mapping of the same size",
			"errno %d", errno);
		if (p != MAP_FAILED)
			munmap(p, 2 * PAGE);
	}

	ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, cpu_flags, 0x1234);
	TEST_EQ(ret, 0, "output: into the current CPU's event");
	for (i = 0; i < ncpu; i++) {
		if (ring_next(&rings[i], &s, sizeof(s))) {
			found = i;
			break;
		}
	}
	if (!CHECK(found >= 0, "output: a record in one ring"))
		goto out;
	TEST_EQ(s.header.type, PERF_RECORD_SAMPLE, "record: PERF_RECORD_SAMPLE");
	TEST_EQ(s.header.size, 8 + 4 + 12, "record: header, size and 8 bytes padded to 12");
	TEST_EQ(s.size, 12, "record: the raw size counts the padding");
	memcpy(&v, s.data, 8);
	TEST_EQ(v, 0x1234, "record: the bytes the program gave");
	TEST_EQ(s.data[8] | s.data[9] | s.data[10] | s.data[11], 0, "record: zero padding");
	CHECK(!ring_next(&rings[found], &s, sizeof(s)), "record: only one");

	/* the reader is woken for each record (wakeup_events 1) */
	efd = 0;
	{
		int ep = epoll_create1(EPOLL_CLOEXEC);
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 77 }, got;

		epoll_ctl(ep, EPOLL_CTL_ADD, rings[found].fd, &ev);
		/* the wakeup of the first record is still pending, as perf_poll() keeps it */
		TEST_EQ(epoll_wait(ep, &got, 1, 0), 1, "wakeup: a pending wakeup is reported");
		TEST_EQ(epoll_wait(ep, &got, 1, 0), 0, "wakeup: once");
		/* the same CPU: the run stays where it was */
		ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, found, 5);
		TEST_EQ(ret, 0, "output: into the slot of index found");
		n = epoll_wait(ep, &got, 1, 1000);
		TEST_OK(n == 1 && got.data.u32 == 77, "wakeup: epoll reports the event's fd data",
			"n %d data %u", n, got.data.u32);
		TEST_EQ(epoll_wait(ep, &got, 1, 0), 0, "wakeup: reported once");
		close(ep);
		efd = 1;
	}
	if (ret == 0) {
		CHECK(ring_next(&rings[found], &s, sizeof(s)), "output by index: a record");
		memcpy(&v, s.data, 8);
		TEST_EQ(v, 5, "output by index: its bytes");
	}

	/* skb output: 8 bytes of meta, then 16 bytes of the packet */
	ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, (16ULL << 32) | found, 9);
	TEST_EQ(ret, 0, "skb output with 16 context bytes");
	if (CHECK(ring_next(&rings[found], &s, sizeof(s)), "skb output: a record")) {
		TEST_EQ(s.size, 28, "skb output: 8 + 16 bytes padded to 28");
		TEST_EQ(s.data[8], 0x40, "skb output: the packet's first byte follows the meta");
		TEST_EQ(s.data[23], 0x4f, "skb output: and its 16th");
	}
	ret = output_result(BPF_PROG_TYPE_XDP, map, (4ULL << 32) | found, 9);
	TEST_EQ(ret, 0, "xdp output with 4 context bytes");
	if (CHECK(ring_next(&rings[found], &s, sizeof(s)), "xdp output: a record")) {
		TEST_EQ(s.size, 12, "xdp output: 8 + 4 bytes, no padding needed");
		TEST_EQ(s.data[11], 0x43, "xdp output: the packet bytes");
	}

	/* a full ring: ENOSPC, then a PERF_RECORD_LOST before the next record */
	for (n = 0; n < 1000; n++) {
		ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, found, n);
		if (ret)
			break;
	}
	TEST_EQ(ret, -ENOSPC, "full ring: ENOSPC");
	TEST_EQ(n, (PAGE - 1) / 24, "full ring: as many 24-byte records as fit");
	ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, found, 1);
	TEST_EQ(ret, -ENOSPC, "full ring: a second sample lost");
	while (ring_next(&rings[found], &s, sizeof(s)))
		;
	ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, found, 42);
	TEST_EQ(ret, 0, "drained ring: output again");
	if (CHECK(ring_next(&rings[found], &s, sizeof(s)), "drained ring: a record")) {
		__u64 lost[2];

		memcpy(lost, (char *)&s + 8, sizeof(lost));
		TEST_EQ(s.header.type, PERF_RECORD_LOST, "drained ring: PERF_RECORD_LOST first");
		TEST_EQ(lost[1], 2, "drained ring: two samples lost");
	}
	if (CHECK(ring_next(&rings[found], &s, sizeof(s)), "drained ring: then the sample")) {
		memcpy(&v, s.data, 8);
		TEST_EQ(v, 42, "drained ring: its bytes");
	}

	/* the events go with the map fd that put them in */
	close(map);
	map = -1;
	TEST_EQ(efd, 1, "wakeup checks ran");
out:
	for (i = 0; i < ncpu; i++) {
		if (rings[i].base && rings[i].base != MAP_FAILED)
			munmap(rings[i].base, rings[i].size);
		if (rings[i].fd > 0)
			close(rings[i].fd);
	}
	free(rings);
	if (map >= 0)
		close(map);
	close(map2);
}

/* ---- libbpf's perf_buffer ---- */

static int pb_samples;
static __u64 pb_value;
static __u32 pb_size;

static void pb_sample(void *ctx, int cpu, void *data, __u32 size)
{
	pb_samples++;
	pb_size = size;
	memcpy(&pb_value, data, sizeof(pb_value));
}

static void pb_lost(void *ctx, int cpu, __u64 cnt)
{
}

static void test_perf_buffer(void)
{
	int map = map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, nr_cpus(), 0);
	struct perf_buffer *pb;
	int ret, n;

	pb = perf_buffer__new(map, 4, pb_sample, pb_lost, NULL, NULL);
	if (!TEST_OK(pb != NULL, "perf_buffer: perf_buffer__new", "errno %d", errno)) {
		close(map);
		return;
	}
	TEST_EQ(perf_buffer__poll(pb, 0), 0, "perf_buffer: nothing to poll yet");
	ret = output_result(BPF_PROG_TYPE_SCHED_CLS, map, BPF_F_CURRENT_CPU, 0x5a5a);
	TEST_EQ(ret, 0, "perf_buffer: program output");
	n = perf_buffer__poll(pb, 1000);
	TEST_OK(n >= 1, "perf_buffer: perf_buffer__poll wakes up", "n %d", n);
	TEST_EQ(pb_samples, 1, "perf_buffer: one sample callback");
	TEST_EQ(pb_value, 0x5a5a, "perf_buffer: the sample's bytes");
	TEST_EQ(pb_size, 12, "perf_buffer: the sample's size (padded, as 6.1)");
	TEST_EQ(perf_buffer__poll(pb, 0), 0, "perf_buffer: nothing more");
	perf_buffer__free(pb);
	close(map);
}

int main(int argc, char **argv)
{
	cpu_set_t set;

	/* one CPU for the whole test: the current CPU's slot stays the same */
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	on_host = getenv("TEST_PERF_EVENT_ARRAY_HOST") != NULL;
	test_create();
	test_elems();
	if (!on_host) {
		test_output();
		test_perf_buffer();
	}
	return sysbpf_test_done();
}
