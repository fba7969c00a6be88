// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_RINGBUF end to end, as an application sees it under
 * LD_PRELOAD=libsysbpf.so: MAP_CREATE's errno, the mmap layout and its
 * permissions, the ringbuf helpers run by BPF_PROG_TEST_RUN, epoll and
 * poll wakeups by 6.1's rules, and unmodified libbpf 1.1 consuming with
 * ring_buffer__new/poll/consume, also from several producer threads.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/btf.h>
#include <bpf/libbpf.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define CHECK(cond, name)	TEST_OK(cond, name, "%s", #cond)
#define ENOTSUPP		524
#define PG			4096UL
/* 6.1 on 64-bit: one page of struct bpf_ringbuf before the consumer page */
#define RINGBUF_PGOFF		1

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int rb_create(__u32 key, __u32 value, __u32 max, __u32 flags)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_RINGBUF,
		.key_size = key,
		.value_size = value,
		.max_entries = max,
		.map_flags = flags,
	};

	return (int)sys_bpf(BPF_MAP_CREATE, &attr);
}

static char verifier_log[65536];

/* BTF for programs with a callback: a static function at 0 and at cb_off. */
static int btf_fd = -1;
static __u32 btf_func_ids[2];

static int prog_btf(void)
{
	static const char strs[] = "\0int\0prog\0cb";
	const __u32 types[] = {
		/* [1] int */
		1, BTF_KIND_INT << 24, 4, (BTF_INT_SIGNED << 24) | 32,
		/* [2] int (void) */
		0, BTF_KIND_FUNC_PROTO << 24, 1,
		/* [3] static int prog(void), [4] static int cb(void) */
		5, BTF_KIND_FUNC << 24, 2,
		10, BTF_KIND_FUNC << 24, 2,
	};
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(hdr),
		.type_off = 0,
		.type_len = sizeof(types),
		.str_off = sizeof(types),
		.str_len = sizeof(strs),
	};
	unsigned char blob[sizeof(hdr) + sizeof(types) + sizeof(strs)];
	union bpf_attr attr = {};

	if (btf_fd >= 0)
		return btf_fd;
	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, sizeof(types));
	memcpy(blob + sizeof(hdr) + sizeof(types), strs, sizeof(strs));
	attr.btf = (__u64)(unsigned long)blob;
	attr.btf_size = sizeof(blob);
	btf_fd = (int)sys_bpf(BPF_BTF_LOAD, &attr);
	btf_func_ids[0] = 3;
	btf_func_ids[1] = 4;
	return btf_fd;
}

static int prog_load_cb(const struct bpf_insn *insns, size_t cnt, __u32 cb_off)
{
	int btf = prog_btf();
	struct bpf_func_info fi[2] = {
		{ .insn_off = 0, .type_id = btf_func_ids[0] },
		{ .insn_off = cb_off, .type_id = btf_func_ids[1] },
	};
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (__u64)(unsigned long)insns,
		.insn_cnt = (__u32)cnt,
		.license = (__u64)(unsigned long)"GPL",
		.log_buf = (__u64)(unsigned long)verifier_log,
		.log_size = sizeof(verifier_log),
		.log_level = 1,
		.prog_btf_fd = (__u32)btf,
		.func_info = (__u64)(unsigned long)fi,
		.func_info_rec_size = sizeof(fi[0]),
		.func_info_cnt = 2,
	};
	int fd;

	verifier_log[0] = 0;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		fprintf(stderr, "# load failed (errno %d):\n%s\n", errno, verifier_log);
	return fd;
}

static int prog_load(const struct bpf_insn *insns, size_t cnt)
{
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_SOCKET_FILTER,
		.insns = (__u64)(unsigned long)insns,
		.insn_cnt = (__u32)cnt,
		.license = (__u64)(unsigned long)"GPL",
		.log_buf = (__u64)(unsigned long)verifier_log,
		.log_size = sizeof(verifier_log),
		.log_level = 1,
	};
	int fd;

	verifier_log[0] = 0;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		fprintf(stderr, "# load failed (errno %d):\n%s\n", errno, verifier_log);
	return fd;
}

#define LOAD(...) ({ const struct bpf_insn __i[] = { __VA_ARGS__ }; \
		     prog_load(__i, ARRAY_SIZE(__i)); })

/*
 * Runs prog once on a 64-byte packet whose bytes 14..21 are a and b: a
 * socket filter sees the packet from its network header on, where
 * LD_ABS offsets 0 and 4 read them.
 */
static long prog_run(int fd, __u32 a, __u32 b)
{
	unsigned char pkt[64] = {};
	__u32 na = htonl(a), nb = htonl(b);
	union bpf_attr attr = {};

	memcpy(pkt + 14, &na, 4);
	memcpy(pkt + 18, &nb, 4);
	attr.test.prog_fd = fd;
	attr.test.data_in = (__u64)(unsigned long)pkt;
	attr.test.data_size_in = sizeof(pkt);
	attr.test.repeat = 1;
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
		return -1000 - errno;
	return (long)(int)attr.test.retval;
}

/* The two mappings libbpf makes: the consumer page, then the rest read-only. */
struct rb_view {
	unsigned long *cons;
	unsigned long *prod;
	unsigned char *data;
	size_t size;
};

static bool rb_map(int fd, size_t size, struct rb_view *v)
{
	void *c, *p;

	c = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	p = mmap(NULL, PG + 2 * size, PROT_READ, MAP_SHARED, fd, PG);
	if (c == MAP_FAILED || p == MAP_FAILED)
		return false;
	v->cons = c;
	v->prod = p;
	v->data = (unsigned char *)p + PG;
	v->size = size;
	return true;
}

static void rb_unmap(struct rb_view *v)
{
	munmap(v->cons, PG);
	munmap(v->prod, PG + 2 * v->size);
}

struct rec_hdr {
	__u32 len;
	__u32 pg_off;
};

static struct rec_hdr rb_hdr(const struct rb_view *v, unsigned long pos)
{
	struct rec_hdr h;

	memcpy(&h, v->data + (pos & (v->size - 1)), sizeof(h));
	return h;
}

/* ---- MAP_CREATE ---- */

static void test_create(void)
{
	union bpf_attr attr = {};
	struct bpf_map_info info = {};
	__u32 key = 0;
	__u64 value = 0;
	int fd;

	TEST_ERRNO(rb_create(4, 0, PG, 0), EINVAL, "key_size 4: EINVAL");
	TEST_ERRNO(rb_create(0, 8, PG, 0), EINVAL, "value_size 8: EINVAL");
	TEST_ERRNO(rb_create(0, 0, 0, 0), EINVAL, "max_entries 0: EINVAL");
	TEST_ERRNO(rb_create(0, 0, 3 * PG, 0), EINVAL, "max_entries not a power of 2: EINVAL");
	TEST_ERRNO(rb_create(0, 0, 2048, 0), EINVAL, "max_entries below a page: EINVAL");
	TEST_ERRNO(rb_create(0, 0, PG + 8, 0), EINVAL, "max_entries not page aligned: EINVAL");
	TEST_ERRNO(rb_create(0, 0, PG, BPF_F_MMAPABLE), EINVAL, "BPF_F_MMAPABLE: EINVAL");
	TEST_ERRNO(rb_create(0, 0, PG, BPF_F_NO_PREALLOC), EINVAL, "BPF_F_NO_PREALLOC: EINVAL");
	TEST_ERRNO(rb_create(0, 0, PG, BPF_F_RDONLY_PROG), EINVAL, "BPF_F_RDONLY_PROG: EINVAL");
	TEST_ERRNO(rb_create(0, 0, PG, BPF_F_RDONLY), EINVAL, "BPF_F_RDONLY: EINVAL");
	TEST_ERRNO(rb_create(0, 0, PG, BPF_F_INNER_MAP), EINVAL, "BPF_F_INNER_MAP: EINVAL");

	attr.map_type = BPF_MAP_TYPE_RINGBUF;
	attr.max_entries = PG;
	attr.map_extra = 1;
	TEST_ERRNO(sys_bpf(BPF_MAP_CREATE, &attr), EINVAL, "map_extra: EINVAL");

	attr.map_extra = 0;
	attr.map_flags = BPF_F_NUMA_NODE;
	attr.numa_node = 0;
	fd = (int)sys_bpf(BPF_MAP_CREATE, &attr);
	CHECK(fd >= 0, "BPF_F_NUMA_NODE, node 0: created");
	if (fd >= 0)
		close(fd);

	fd = rb_create(0, 0, 16 * PG, 0);
	if (!CHECK(fd >= 0, "a 64 KB ring: created"))
		return;
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (__u64)(unsigned long)&info;
	TEST_EQ(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr), 0, "map info");
	TEST_EQ(info.type, BPF_MAP_TYPE_RINGBUF, "info: type 27");
	TEST_EQ(info.key_size, 0, "info: key_size 0");
	TEST_EQ(info.value_size, 0, "info: value_size 0");
	TEST_EQ(info.max_entries, 16 * PG, "info: max_entries");

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	/* no key: the map has none; a value pointer, of 0 bytes */
	attr.value = (__u64)(unsigned long)&value;
	TEST_ERRNO(sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr), ENOTSUPP, "lookup: ENOTSUPP");
	TEST_ERRNO(sys_bpf(BPF_MAP_UPDATE_ELEM, &attr), ENOTSUPP, "update: ENOTSUPP");
	TEST_ERRNO(sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr), ENOTSUPP, "get_next_key: ENOTSUPP");
	attr.value = 0;
	TEST_ERRNO(sys_bpf(BPF_MAP_DELETE_ELEM, &attr), ENOTSUPP, "delete: ENOTSUPP");
	attr.key = (__u64)(unsigned long)&key;
	attr.value = (__u64)(unsigned long)&value;
	TEST_ERRNO(sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr), EINVAL,
		   "lookup with a key for a keyless map: EINVAL");
	close(fd);
}

/* ---- mmap ---- */

static void test_mmap(void)
{
	size_t size = 2 * PG;
	union bpf_attr attr = {};
	void *p, *q;
	int fd;

	fd = rb_create(0, 0, size, 0);
	if (!CHECK(fd >= 0, "mmap: ring created"))
		return;
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "consumer page: read-write at offset 0");
	q = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	TEST_ERRNO(q == MAP_FAILED ? -1 : 0, EPERM, "two writable pages from 0: EPERM");
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	TEST_ERRNO(q == MAP_FAILED ? -1 : 0, EPERM, "writable producer page: EPERM");
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PG);
	TEST_ERRNO(q == MAP_FAILED ? -1 : 0, EPERM, "writable data: EPERM");
	q = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	TEST_ERRNO(q == MAP_FAILED ? -1 : 0, EINVAL, "MAP_PRIVATE: EINVAL");
	q = mmap(NULL, PG + 2 * size + PG, PROT_READ, MAP_SHARED, fd, PG);
	TEST_ERRNO(q == MAP_FAILED ? -1 : 0, EINVAL, "past the second data copy: EINVAL");
	q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 2 * PG + 2 * size);
	TEST_ERRNO(q == MAP_FAILED ? -1 : 0, EINVAL, "offset past the area: EINVAL");

	q = mmap(NULL, 2 * PG + 2 * size, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(q != MAP_FAILED, "the whole area read-only from 0");
	if (q != MAP_FAILED) {
		TEST_ERRNO(mprotect(q, PG, PROT_READ | PROT_WRITE), EACCES,
			   "mprotect of a read-only mapping to writable: EACCES");
		munmap(q, 2 * PG + 2 * size);
	}
	q = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 2 * PG + size);
	CHECK(q != MAP_FAILED, "the second data copy alone, read-only");
	if (q != MAP_FAILED)
		munmap(q, PG);

	/* a writable mapping counts as a writer: no freeze while it lasts */
	attr.map_fd = fd;
	if (p != MAP_FAILED) {
		TEST_ERRNO(sys_bpf(BPF_MAP_FREEZE, &attr), EBUSY,
			   "freeze with the consumer page mapped writable: EBUSY");
		munmap(p, PG);
	}
	TEST_EQ(sys_bpf(BPF_MAP_FREEZE, &attr), 0, "freeze once unmapped");
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	TEST_ERRNO(p == MAP_FAILED ? -1 : 0, EPERM, "writable mapping of a frozen map: EPERM");
	close(fd);
}

/* ---- helpers ---- */

/* r0 = bpf_ringbuf_output(map, fp - 16, size, flags) of {a, b, 0xdeadbeef...} */
static int load_output(int map, __u32 size, __u32 flags)
{
	return LOAD(
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LD_ABS(BPF_W, 0),
		BPF_MOV64_REG(BPF_REG_8, BPF_REG_0),
		BPF_LD_ABS(BPF_W, 4),
		BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_8, -16),
		BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_0, -12),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0x5eadbeef),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16),
		BPF_MOV64_IMM(BPF_REG_3, size),
		BPF_MOV64_IMM(BPF_REG_4, flags),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_output),
		BPF_EXIT_INSN());
}

/*
 * Reserves size bytes (with reserve flags rflags), writes a and b from the
 * packet at its start when it has room, then submits or discards with
 * flags; returns 1, or 2 when the reservation failed.
 */
static int load_reserve(int map, __u32 size, __u32 rflags, bool discard, __u32 flags)
{
	return LOAD(
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LD_ABS(BPF_W, 0),
		BPF_MOV64_REG(BPF_REG_8, BPF_REG_0),
		BPF_LD_ABS(BPF_W, 4),
		BPF_MOV64_REG(BPF_REG_9, BPF_REG_0),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_MOV64_IMM(BPF_REG_2, size),
		BPF_MOV64_IMM(BPF_REG_3, rflags),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_reserve),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
		size >= 8 ? BPF_STX_MEM(BPF_W, BPF_REG_0, BPF_REG_8, 0) : BPF_MOV64_IMM(BPF_REG_2, 0),
		size >= 8 ? BPF_STX_MEM(BPF_W, BPF_REG_0, BPF_REG_9, 4) : BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_2, flags),
		BPF_EMIT_CALL(discard ? BPF_FUNC_ringbuf_discard : BPF_FUNC_ringbuf_submit),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
}

/* r0 = bpf_ringbuf_query(map, flags) */
static int load_query(int map, __u32 flags)
{
	return LOAD(
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_MOV64_IMM(BPF_REG_2, flags),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_query),
		BPF_EXIT_INSN());
}

static long query(int map, __u32 flags)
{
	int fd = load_query(map, flags);
	long r;

	if (fd < 0)
		return -1;
	r = prog_run(fd, 0, 0);
	close(fd);
	return r;
}

/* Loads, runs once with (a, b), closes; the program's return value. */
static long run_once(int fd, __u32 a, __u32 b)
{
	long r;

	if (fd < 0)
		return -2000;
	r = prog_run(fd, a, b);
	close(fd);
	return r;
}

static void test_helpers(void)
{
	size_t size = PG;
	struct rb_view v;
	struct rec_hdr h;
	__u32 w[4];
	int map, fd;

	map = rb_create(0, 0, size, 0);
	if (!CHECK(map >= 0 && rb_map(map, size, &v), "helpers: ring created and mapped"))
		return;

	TEST_EQ(query(map, BPF_RB_RING_SIZE), size, "query RING_SIZE");
	TEST_EQ(query(map, BPF_RB_AVAIL_DATA), 0, "query AVAIL_DATA of an empty ring");
	TEST_EQ(query(map, 42), 0, "query of an unknown flag: 0");

	TEST_EQ(run_once(load_output(map, 16, 0), 7, 9), 0, "ringbuf_output: 0");
	TEST_EQ(*v.prod, 24, "producer position: 8-byte header + 16");
	h = rb_hdr(&v, 0);
	TEST_EQ(h.len, 16, "record length 16, busy and discard bits clear");
	TEST_EQ(h.pg_off, RINGBUF_PGOFF + 2, "record page offset as 6.1 lays it out");
	memcpy(w, v.data + 8, sizeof(w));
	CHECK(w[0] == 7 && w[1] == 9 && w[2] == 0x5eadbeef && w[3] == 0,
	      "the sample holds the bytes output");
	TEST_EQ(query(map, BPF_RB_AVAIL_DATA), 24, "query AVAIL_DATA");
	TEST_EQ(query(map, BPF_RB_PROD_POS), 24, "query PROD_POS");
	TEST_EQ(query(map, BPF_RB_CONS_POS), 0, "query CONS_POS");
	TEST_EQ(run_once(load_output(map, 8, 4), 0, 0), -EINVAL, "ringbuf_output with flag 4: -EINVAL");
	TEST_EQ(run_once(load_output(map, 8, BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP), 1, 2), 0,
		"ringbuf_output with both wakeup flags: 0");

	TEST_EQ(run_once(load_reserve(map, 12, 0, false, 0), 3, 4), 1, "reserve + submit");
	h = rb_hdr(&v, 40);
	TEST_EQ(h.len, 12, "submitted record: length 12, no flag bits");
	memcpy(w, v.data + 48, 8);
	CHECK(w[0] == 3 && w[1] == 4, "the program's stores are in the record");
	TEST_EQ(*v.prod, 40 + 24, "12 bytes take 24 with header and padding");
	TEST_EQ(run_once(load_reserve(map, 8, 0, true, 0), 5, 6), 1, "reserve + discard");
	h = rb_hdr(&v, 64);
	TEST_EQ(h.len, 8 | BPF_RINGBUF_DISCARD_BIT, "discarded record: the discard bit");
	TEST_EQ(run_once(load_reserve(map, 0, 0, false, 0), 0, 0), 1, "reserve of 0 bytes + submit");
	TEST_EQ(rb_hdr(&v, 80).len, 0, "an empty record: a bare header");
	TEST_EQ(run_once(load_reserve(map, 8, 1, false, 0), 0, 0), 2, "reserve with flags: NULL");
	TEST_EQ(run_once(load_reserve(map, size, 0, false, 0), 0, 0), 2,
		"reserve of the ring's size: NULL");
	TEST_EQ(run_once(load_reserve(map, 0x40000000, 0, false, 0), 0, 0), 2,
		"reserve past the maximum record: NULL");

	/* fill: from 88, one record of size - 8 - 88 - 8 leaves 8 bytes */
	TEST_EQ(run_once(load_reserve(map, size - 104, 0, false, 0), 0, 0), 1,
		"a record up to 8 bytes short of full");
	TEST_EQ(query(map, BPF_RB_AVAIL_DATA), size - 8, "AVAIL_DATA: all but 8");
	TEST_EQ(run_once(load_reserve(map, 1, 0, false, 0), 0, 0), 2, "full: reserve NULL");
	TEST_EQ(run_once(load_output(map, 8, 0), 0, 0), -EAGAIN, "full: output -EAGAIN");

	/* the consumer frees room: wrap around */
	__atomic_store_n(v.cons, size - 8, __ATOMIC_RELEASE);
	TEST_EQ(query(map, BPF_RB_CONS_POS), size - 8, "CONS_POS follows user space");
	fd = load_output(map, 16, 0);
	TEST_EQ(run_once(fd, 0x11111111, 0x22222222), 0, "a record across the end of the ring");
	h = rb_hdr(&v, size - 8);
	TEST_EQ(h.len, 16, "its header is the last 8 bytes");
	memcpy(w, v.data + size, sizeof(w));
	CHECK(w[0] == 0x11111111 && w[1] == 0x22222222 && w[2] == 0x5eadbeef,
	      "its sample reads on through the second data copy");
	memcpy(w, v.data, sizeof(w));
	CHECK(w[0] == 0x11111111 && w[1] == 0x22222222,
	      "and is the start of the first copy");
	TEST_EQ(h.pg_off, RINGBUF_PGOFF + 2 + (size - 8) / PG, "page offset of a late header");

	rb_unmap(&v);
	close(map);
}

/* Two reservations committed out of order: the consumer sees them in reservation order. */
static void test_out_of_order(void)
{
	struct rb_view v;
	int map, fd;

	map = rb_create(0, 0, PG, 0);
	if (!CHECK(map >= 0 && rb_map(map, PG, &v), "out of order: ring"))
		return;
	fd = LOAD(
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_MOV64_IMM(BPF_REG_2, 8),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_reserve),
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_0),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_MOV64_IMM(BPF_REG_2, 8),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_reserve),
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_6, 0, 10),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_7, 0, 15),
		BPF_ST_MEM(BPF_DW, BPF_REG_6, 0, 1),
		BPF_ST_MEM(BPF_DW, BPF_REG_7, 0, 2),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_7),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_submit),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_submit),
		BPF_JMP_IMM(BPF_JA, 0, 0, 11),
		/* r6 NULL: release r7 if it is not */
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_7, 0, 3),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_7),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_discard),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
		/* r7 NULL, r6 not */
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_EMIT_CALL(BPF_FUNC_ringbuf_discard),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	TEST_EQ(run_once(fd, 0, 0), 1, "two reservations, the second submitted first");
	CHECK(rb_hdr(&v, 0).len == 8 && rb_hdr(&v, 16).len == 8, "both committed");
	CHECK(v.data[8] == 1 && v.data[24] == 2, "in reservation order");
	rb_unmap(&v);
	close(map);
}

/* ---- wakeups: epoll and poll on the map fd ---- */

static int epoll_ready(int ep, int timeout)
{
	struct epoll_event ev;

	return epoll_wait(ep, &ev, 1, timeout);
}

static void test_wakeups(void)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 };
	struct pollfd pfd;
	struct rb_view v;
	int map, ep, out, out_nw, out_fw;

	map = rb_create(0, 0, PG, 0);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!CHECK(map >= 0 && ep >= 0 && rb_map(map, PG, &v), "wakeups: ring and epoll"))
		return;
	out = load_output(map, 8, 0);
	out_nw = load_output(map, 8, BPF_RB_NO_WAKEUP);
	out_fw = load_output(map, 8, BPF_RB_FORCE_WAKEUP);
	TEST_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, map, &ev), 0, "EPOLL_CTL_ADD of the map fd");
	TEST_ERRNO(epoll_ctl(ep, EPOLL_CTL_ADD, map, &ev), EEXIST, "added twice: EEXIST");
	TEST_EQ(epoll_ready(ep, 0), 0, "an empty ring is not ready");

	TEST_EQ(prog_run(out, 1, 0), 0, "a record with the consumer caught up");
	memset(&ev, 0, sizeof(ev));
	TEST_EQ(epoll_wait(ep, &ev, 1, 1000), 1, "wakes epoll");
	CHECK(ev.events == EPOLLIN && ev.data.u64 == 0x1234, "EPOLLIN with the caller's data");
	TEST_EQ(epoll_ready(ep, 0), 1, "level-triggered: still ready while unread");
	__atomic_store_n(v.cons, *v.prod, __ATOMIC_RELEASE);
	TEST_EQ(epoll_ready(ep, 0), 0, "consumed: not ready any more");

	TEST_EQ(prog_run(out_nw, 2, 0), 0, "a record with BPF_RB_NO_WAKEUP");
	TEST_EQ(epoll_ready(ep, 50), 0, "no wakeup");
	TEST_EQ(prog_run(out, 3, 0), 0, "a record behind an unread one");
	TEST_EQ(epoll_ready(ep, 50), 0, "no wakeup: the consumer has not caught up");
	TEST_EQ(prog_run(out_fw, 4, 0), 0, "a record with BPF_RB_FORCE_WAKEUP");
	TEST_EQ(epoll_ready(ep, 1000), 1, "wakes epoll");

	pfd = (struct pollfd){ .fd = map, .events = POLLIN };
	TEST_EQ(poll(&pfd, 1, 0), 1, "poll() of the map fd: ready");
	TEST_EQ(pfd.revents, POLLIN, "POLLIN");
	__atomic_store_n(v.cons, *v.prod, __ATOMIC_RELEASE);
	TEST_EQ(poll(&pfd, 1, 0), 0, "poll() of a consumed ring: not ready");
	pfd.events = POLLOUT;
	TEST_EQ(prog_run(out, 5, 0), 0, "a record");
	TEST_EQ(poll(&pfd, 1, 0), 0, "poll() for POLLOUT only: a ring never says so");

	TEST_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, map, NULL), 0, "EPOLL_CTL_DEL of the map fd");
	TEST_EQ(prog_run(out_fw, 6, 0), 0, "a record with BPF_RB_FORCE_WAKEUP");
	TEST_EQ(epoll_ready(ep, 0), 0, "a removed map wakes nothing");
	TEST_ERRNO(epoll_ctl(ep, EPOLL_CTL_DEL, map, NULL), ENOENT, "removed twice: ENOENT");

	close(out);
	close(out_nw);
	close(out_fw);
	rb_unmap(&v);
	close(map);
	close(ep);
}

/* ---- libbpf ---- */

struct seen {
	int n;
	__u32 a[64], b[64];
	__u32 len[64];
};

static int on_sample(void *ctx, void *data, size_t len)
{
	struct seen *s = ctx;

	if (s->n < 64) {
		memcpy(&s->a[s->n], data, 4);
		memcpy(&s->b[s->n], (char *)data + 4, 4);
		s->len[s->n] = (__u32)len;
	}
	s->n++;
	return 0;
}

struct delayed_run {
	int prog;
	int delay_ms;
	long ret;
};

static void *run_later(void *arg)
{
	struct delayed_run *d = arg;
	struct timespec ts = { 0, d->delay_ms * 1000000L };

	nanosleep(&ts, NULL);
	d->ret = prog_run(d->prog, 77, 88);
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_libbpf(void)
{
	struct delayed_run d = { .delay_ms = 100 };
	struct ring_buffer *rb;
	struct seen s = {};
	int map, out, out_nw, disc, i, n;
	pthread_t t;
	double t0;

	map = rb_create(0, 0, 4 * PG, 0);
	out = load_output(map, 8, 0);
	out_nw = load_output(map, 8, BPF_RB_NO_WAKEUP);
	disc = load_reserve(map, 8, 0, true, 0);
	if (!CHECK(map >= 0 && out >= 0 && out_nw >= 0 && disc >= 0, "libbpf: ring and programs"))
		return;
	rb = ring_buffer__new(map, on_sample, &s, NULL);
	if (!CHECK(rb != NULL, "ring_buffer__new"))
		return;

	t0 = now_ms();
	TEST_EQ(ring_buffer__poll(rb, 100), 0, "poll of an empty ring times out with 0");
	CHECK(now_ms() - t0 >= 90, "after the timeout, not at once");

	for (i = 0; i < 5; i++)
		prog_run(i == 2 ? disc : out, i, 100 + i);
	n = ring_buffer__poll(rb, 1000);
	TEST_EQ(n, 4, "poll: 4 records (one was discarded)");
	CHECK(s.n == 4 && s.a[0] == 0 && s.a[1] == 1 && s.a[2] == 3 && s.a[3] == 4 &&
	      s.b[3] == 104 && s.len[0] == 8, "in order, with their data and length");
	TEST_EQ(ring_buffer__poll(rb, 0), 0, "nothing left");

	s.n = 0;
	TEST_EQ(prog_run(out_nw, 9, 9), 0, "a record without wakeup");
	TEST_EQ(ring_buffer__poll(rb, 50), 0, "poll is not woken");
	TEST_EQ(ring_buffer__consume(rb), 1, "ring_buffer__consume finds it");
	TEST_EQ(s.a[0], 9, "its data");

	/* a producer on another thread wakes a consumer blocked in epoll_wait */
	s.n = 0;
	d.prog = out;
	t0 = now_ms();
	pthread_create(&t, NULL, run_later, &d);
	n = ring_buffer__poll(rb, 5000);
	pthread_join(t, NULL);
	TEST_EQ(n, 1, "a blocked poll is woken by a record from another thread");
	CHECK(now_ms() - t0 < 4000 && s.a[0] == 77 && d.ret == 0, "soon, with its data");

	/* wraparound through libbpf's double mapping */
	s.n = 0;
	for (i = 0; i < 3000; i++) {
		if (prog_run(out, i, i) != 0)
			break;
		if (i % 100 == 99)
			ring_buffer__consume(rb);
	}
	ring_buffer__consume(rb);
	TEST_EQ(s.n, 3000, "3000 records through a 16 KB ring, consumed as they come");

	ring_buffer__free(rb);
	close(out);
	close(out_nw);
	close(disc);
	close(map);
}

/* ---- concurrent producers ---- */

#define NR_PRODUCERS	4
#define PER_PRODUCER	3000

struct producer {
	pthread_t thread;
	int prog;
	__u32 id;
	int full;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	__u32 seq = 0;
	long r;

	while (seq < PER_PRODUCER) {
		r = prog_run(p->prog, p->id, seq);
		if (r == 1) {
			seq++;
		} else if (r == 2) {
			/* full: the consumer catches up */
			p->full++;
			sched_yield();
		} else {
			fprintf(stderr, "# producer %u: run returned %ld\n", p->id, r);
			break;
		}
	}
	return NULL;
}

struct tally {
	__u32 next[NR_PRODUCERS];
	int total, bad;
};

static int on_tally(void *ctx, void *data, size_t len)
{
	struct tally *t = ctx;
	__u32 id, seq;

	memcpy(&id, data, 4);
	memcpy(&seq, (char *)data + 4, 4);
	if (len != 16 || id >= NR_PRODUCERS || seq != t->next[id])
		t->bad++;
	else
		t->next[id]++;
	t->total++;
	return 0;
}

static void test_producers(void)
{
	struct producer p[NR_PRODUCERS];
	struct tally t = {};
	struct ring_buffer *rb;
	int map, prog, i, full = 0;
	double t0;

	map = rb_create(0, 0, 4 * PG, 0);
	prog = load_reserve(map, 16, 0, false, 0);
	rb = map >= 0 ? ring_buffer__new(map, on_tally, &t, NULL) : NULL;
	if (!CHECK(prog >= 0 && rb != NULL, "producers: ring, program, consumer"))
		return;
	for (i = 0; i < NR_PRODUCERS; i++) {
		p[i] = (struct producer){ .prog = prog, .id = (__u32)i };
		pthread_create(&p[i].thread, NULL, produce, &p[i]);
	}
	t0 = now_ms();
	while (t.total < NR_PRODUCERS * PER_PRODUCER && now_ms() - t0 < 60000)
		if (ring_buffer__poll(rb, 100) < 0)
			break;
	for (i = 0; i < NR_PRODUCERS; i++) {
		pthread_join(p[i].thread, NULL);
		full += p[i].full;
	}
	ring_buffer__consume(rb);
	TEST_EQ(t.total, NR_PRODUCERS * PER_PRODUCER,
		"4 threads producing at once: every record received once");
	TEST_EQ(t.bad, 0, "each thread's records in its order");
	printf("# producers found the ring full %d times\n", full);
	ring_buffer__free(rb);
	close(prog);
	close(map);
}

/* ---- BPF_MAP_TYPE_USER_RINGBUF ---- */

/*
 * r0 = bpf_user_ringbuf_drain(map, cb, &count, flags) * 1000 + count,
 * where cb counts the samples it sees and returns stop.
 */
static int load_drain(int map, __u32 flags, int stop)
{
	const struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_LD_MAP_FD(BPF_REG_1, map),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 9),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, flags),
		BPF_EMIT_CALL(BPF_FUNC_user_ringbuf_drain),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 1000),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
		/* the callback: (dynptr, ctx) */
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_2, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, 1),
		BPF_STX_MEM(BPF_DW, BPF_REG_2, BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_0, stop),
		BPF_EXIT_INSN(),
	};

	return prog_load_cb(insns, ARRAY_SIZE(insns), 13);
}

static int user_rb_create(__u32 max)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_USER_RINGBUF,
		.max_entries = max,
	};

	return (int)sys_bpf(BPF_MAP_CREATE, &attr);
}

static void *reserve_later(void *arg)
{
	struct user_ring_buffer *urb = arg;

	return user_ring_buffer__reserve_blocking(urb, 1000, 5000);
}

static void test_user_ringbuf(void)
{
	struct user_ring_buffer *urb;
	struct epoll_event ev;
	struct pollfd pfd;
	int map, drain, drain1, drain_bad, i, ep;
	unsigned long *cons;
	pthread_t t;
	void *p, *got;
	double t0;

	TEST_ERRNO(user_rb_create(3 * PG), EINVAL, "user ring: max_entries not a power of 2: EINVAL");
	map = user_rb_create(PG);
	if (!CHECK(map >= 0, "user ring: created"))
		return;
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, map, 0);
	TEST_ERRNO(p == MAP_FAILED ? -1 : 0, EPERM, "user ring: writable consumer page: EPERM");
	cons = mmap(NULL, PG, PROT_READ, MAP_SHARED, map, 0);
	CHECK(cons != MAP_FAILED, "user ring: read-only consumer page");
	p = mmap(NULL, PG + 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, map, PG);
	CHECK(p != MAP_FAILED, "user ring: writable producer page and data");
	if (p != MAP_FAILED)
		munmap(p, 3 * PG);

	drain = load_drain(map, 0, 0);
	drain1 = load_drain(map, 0, 1);
	drain_bad = load_drain(map, 4, 0);
	urb = user_ring_buffer__new(map, NULL);
	if (!CHECK(drain >= 0 && drain1 >= 0 && drain_bad >= 0 && urb,
		   "user ring: drain programs and user_ring_buffer__new"))
		return;
	TEST_EQ(prog_run(drain, 0, 0), 0, "drain of an empty ring: 0 samples");
	TEST_EQ(prog_run(drain_bad, 0, 0), -EINVAL * 1000, "drain with flag 4: -EINVAL");

	for (i = 0; i < 3; i++) {
		p = user_ring_buffer__reserve(urb, 16);
		if (!p)
			break;
		memset(p, i, 16);
		if (i == 1)
			user_ring_buffer__discard(urb, p);
		else
			user_ring_buffer__submit(urb, p);
	}
	TEST_EQ(i, 3, "three samples reserved");
	TEST_EQ(prog_run(drain1, 0, 0), 1 * 1000 + 1, "a callback returning 1 stops after one");
	TEST_EQ(*cons, 24, "the consumer position moved past it");
	TEST_EQ(prog_run(drain, 0, 0), 1 * 1000 + 1,
		"the rest: the discarded sample is skipped and not counted");
	TEST_EQ(*cons, 72, "all consumed");

	/* full: a producer blocked in reserve_blocking goes on after a drain */
	for (i = 0; (p = user_ring_buffer__reserve(urb, 1000)); i++)
		user_ring_buffer__submit(urb, p);
	TEST_EQ(errno, ENOSPC, "user_ring_buffer__reserve of a full ring: ENOSPC");
	TEST_EQ(i, 4, "four 1000-byte samples fill 4 KB");
	pfd = (struct pollfd){ .fd = map, .events = POLLOUT | POLLIN };
	TEST_EQ(poll(&pfd, 1, 0), 1, "poll() of the user ring: ready while not full");
	TEST_EQ(pfd.revents, POLLOUT, "POLLOUT, never POLLIN");
	ep = epoll_create1(EPOLL_CLOEXEC);
	ev = (struct epoll_event){ .events = EPOLLOUT, .data.u64 = 77 };
	TEST_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, map, &ev), 0, "epoll of the user ring for EPOLLOUT");
	memset(&ev, 0, sizeof(ev));
	TEST_EQ(epoll_wait(ep, &ev, 1, 0), 1, "ready");
	CHECK(ev.events == EPOLLOUT && ev.data.u64 == 77, "EPOLLOUT with the caller's data");
	close(ep);
	t0 = now_ms();
	pthread_create(&t, NULL, reserve_later, urb);
	usleep(100000);
	TEST_EQ(prog_run(drain, 0, 0), 4 * 1000 + 4, "the drain takes all four");
	pthread_join(t, &got);
	CHECK(got != NULL && now_ms() - t0 >= 90 && now_ms() - t0 < 4000,
	      "user_ring_buffer__reserve_blocking returns once drained");
	if (got)
		user_ring_buffer__submit(urb, got);
	TEST_EQ(prog_run(drain, 0, 0), 1 * 1000 + 1, "and its sample is drained");

	user_ring_buffer__free(urb);
	munmap(cons, PG);
	close(drain);
	close(drain1);
	close(drain_bad);
	close(map);
}

int main(void)
{
	test_create();
	test_mmap();
	test_helpers();
	test_out_of_order();
	test_wakeups();
	test_libbpf();
	test_producers();
	test_user_ringbuf();
	return sysbpf_test_done();
}
