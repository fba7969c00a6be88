// SPDX-License-Identifier: GPL-2.0
/*
 * BTF-typed pointers (kernel/bpf/btf_access.c, btf_ids.c, verifier_mem.c),
 * on the built-in vmlinux BTF (SYSBPF_VMLINUX_BTF=builtin) so that the
 * results do not depend on the host's kernel:
 *  - the BTF ids helpers name are resolved from the vmlinux BTF
 *    (btf_sock_ids, btf_tracing_ids, the d_path allowlist, the struct of
 *    each map type);
 *  - 6.1's btf_struct_access() verdicts and log lines on struct bpf_map;
 *  - where our objects keep what a BTF load reads (the translation of
 *    kernel BTF offsets to our struct sock / struct bpf_map fields);
 *  - map pointer loads through bpf(2): 6.1's refusals, and what the
 *    loads read at run time (our map's fields, 0 for the fields we lack,
 *    a NULL pointer walked gives 0);
 *  - bpf_skc_to_tcp_sock() returns a BTF pointer the verifier tracks;
 *  - bpf_d_path() only from 6.1's allowlist, bpf_get_task_stack() of an
 *    iterator program, both through bpf(2) with the log lines of 6.1.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <net/sock.h>
#include <stdlib.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define P(x)		((__u64)(uintptr_t)(x))
#define INSNS(...)	((const struct bpf_insn[]){ __VA_ARGS__ }), \
			(sizeof((const struct bpf_insn[]){ __VA_ARGS__ }) / sizeof(struct bpf_insn))

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);

static struct btf *vmlinux;
static char logbuf[1 << 16];

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret = __sys_bpf(cmd, attr, sizeof(*attr));

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

static u32 id_of(const char *name, u8 kind)
{
	s32 id = btf_find_by_name_kind(vmlinux, name, kind);

	return id < 0 ? 0 : id;
}

/* ---- the ids ---- */

static void test_ids(void)
{
	TEST_OK(btf_sock_ids[BTF_SOCK_TYPE_TCP] &&
		(u32)btf_sock_ids[BTF_SOCK_TYPE_TCP] == id_of("tcp_sock", BTF_KIND_STRUCT),
		"btf_sock_ids[TCP] is struct tcp_sock", "%d", btf_sock_ids[BTF_SOCK_TYPE_TCP]);
	TEST_OK(btf_sock_ids[BTF_SOCK_TYPE_SOCK_COMMON] &&
		(u32)btf_sock_ids[BTF_SOCK_TYPE_SOCK_COMMON] ==
		id_of("sock_common", BTF_KIND_STRUCT),
		"btf_sock_ids[SOCK_COMMON] is struct sock_common", "-");
	TEST_OK(btf_sock_ids[BTF_SOCK_TYPE_MPTCP] &&
		(u32)btf_sock_ids[BTF_SOCK_TYPE_MPTCP] == id_of("mptcp_sock", BTF_KIND_STRUCT),
		"every socket kind is in the built-in BTF (mptcp_sock)", "-");
	TEST_OK(btf_tracing_ids[BTF_TRACING_TYPE_TASK] &&
		btf_tracing_ids[BTF_TRACING_TYPE_TASK] == id_of("task_struct", BTF_KIND_STRUCT),
		"btf_tracing_ids[TASK] is struct task_struct", "-");
	TEST_OK(btf_tracing_ids[BTF_TRACING_TYPE_VMA] ==
		id_of("vm_area_struct", BTF_KIND_STRUCT) && btf_tracing_ids[BTF_TRACING_TYPE_VMA],
		"btf_tracing_ids[VMA] is struct vm_area_struct", "-");
	TEST_OK(bpf_d_path_btf_ids[0] && bpf_d_path_btf_ids[0] == id_of("path", BTF_KIND_STRUCT),
		"bpf_d_path takes a struct path", "-");
	TEST_OK(btf_seq_file_ids[0] && btf_seq_file_ids[0] == id_of("seq_file", BTF_KIND_STRUCT),
		"bpf_seq_write takes a struct seq_file", "-");
	TEST_EQ(btf_allowlist_d_path.cnt, 9, "the d_path allowlist has 6.1's 9 functions");
	TEST_OK(btf_id_set_contains(&btf_allowlist_d_path, id_of("dentry_open", BTF_KIND_FUNC)),
		"dentry_open may call bpf_d_path", "-");
	TEST_OK(btf_id_set_contains(&btf_allowlist_d_path,
				    id_of("security_file_open", BTF_KIND_FUNC)),
		"security_file_open may call bpf_d_path", "-");
	TEST_OK(!btf_id_set_contains(&btf_allowlist_d_path, id_of("d_path", BTF_KIND_FUNC)),
		"d_path may not call bpf_d_path", "-");
	TEST_OK(!btf_id_set_contains(&btf_allowlist_d_path, 0), "id 0 is in no set", "-");
	TEST_EQ(bpf_map_btf_id(BPF_MAP_TYPE_ARRAY), id_of("bpf_array", BTF_KIND_STRUCT),
		"an array map is a struct bpf_array");
	TEST_EQ(bpf_map_btf_id(BPF_MAP_TYPE_LRU_PERCPU_HASH), id_of("bpf_htab", BTF_KIND_STRUCT),
		"an LRU per-CPU hash is a struct bpf_htab");
	TEST_EQ(bpf_map_btf_id(BPF_MAP_TYPE_RINGBUF), id_of("bpf_ringbuf_map", BTF_KIND_STRUCT),
		"a ring buffer is a struct bpf_ringbuf_map");
	TEST_EQ(bpf_map_btf_id(BPF_MAP_TYPE_UNSPEC), 0, "no map type 0");
	TEST_EQ(bpf_map_btf_id(1000), 0, "no map type 1000");
}

/* ---- 6.1's walk ---- */

static struct bpf_verifier_log vlog;

static int walk(const char *tname, int off, int size, u32 *next_id,
		  struct btf_access_xlate *x)
{
	const struct btf_type *t = btf_type_by_id(vmlinux, id_of(tname, BTF_KIND_STRUCT));
	enum bpf_type_flag flag = 0;
	struct btf_access_xlate scratch;

	memset(&vlog, 0, sizeof(vlog));
	logbuf[0] = '\0';
	vlog.level = BPF_LOG_LEVEL1;
	vlog.ubuf = logbuf;
	vlog.len_total = sizeof(logbuf);
	return btf_struct_access_xlate(&vlog, vmlinux, t, off, size, BPF_READ, next_id, &flag,
				       x ? x : &scratch);
}

#define WALK_LOG(name, tname, off, size, err, line)				\
	do {									\
		u32 __id = 0;							\
		TEST_EQ(walk(tname, off, size, &__id, NULL), err, name);	\
		TEST_OK(!strcmp(logbuf, line), name ": the log", "\"%s\"", logbuf); \
	} while (0)

static void test_walk(void)
{
	struct btf_access_xlate x;
	u32 id = 0;

	TEST_EQ(walk("bpf_map", 0, 8, &id, NULL), PTR_TO_BTF_ID, "bpf_map.ops is a pointer");
	TEST_EQ(id, id_of("bpf_map_ops", BTF_KIND_STRUCT), "to struct bpf_map_ops");
	TEST_EQ(walk("bpf_map", 8, 8, &id, NULL), PTR_TO_BTF_ID,
		"bpf_map.inner_map_meta is a pointer");
	TEST_EQ(id, id_of("bpf_map", BTF_KIND_STRUCT), "to struct bpf_map");
	TEST_EQ(walk("bpf_map", 36, 4, &id, NULL), SCALAR_VALUE, "max_entries is a number");
	TEST_EQ(walk("bpf_map", 104, 8, &id, NULL), SCALAR_VALUE, "name[] reads 8 at a time");
	TEST_EQ(walk("bpf_map", 16, 8, &id, NULL), SCALAR_VALUE, "a void * reads as a number");
	TEST_EQ(walk("bpf_array", 36, 4, &id, NULL), SCALAR_VALUE,
		"bpf_array.map.max_entries: the walk goes into the embedded map");
	WALK_LOG("ptr member read in its middle", "bpf_map", 1, 4, -EACCES,
		 "cannot access ptr member ops with moff 0 in struct bpf_map with off 1 size 4\n");
	WALK_LOG("ptr member read with the wrong size", "bpf_map", 8, 4, -EACCES,
		 "cannot access ptr member inner_map_meta with moff 8 in struct bpf_map with off 8 size 4\n");
	WALK_LOG("a number read past its member", "bpf_map", 28, 8, -EACCES,
		 "access beyond the end of member key_size (mend:32) in struct bpf_map with off 28 size 8\n");
	WALK_LOG("past the struct", "bpf_map", 256, 4, -EACCES,
		 "access beyond struct bpf_map at off 256 size 4\n");
	WALK_LOG("a hole", "bpf_map", 240, 8, -EINVAL,
		 "struct bpf_map doesn't have field at offset 240\n");
	WALK_LOG("past bpf_array", "bpf_array", 316, 8, -EACCES,
		 "access beyond struct bpf_array at off 316 size 8\n");

	/* where ours has it */
	TEST_EQ(walk("bpf_map", 36, 4, &id, &x), SCALAR_VALUE, "max_entries again");
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct bpf_map, max_entries),
		"bpf_map.max_entries is ours at our offset", "kind %d off %d", x.kind, x.off);
	walk("bpf_map", 0, 8, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct bpf_map, ops),
		"bpf_map.ops is our ops pointer", "kind %d off %d", x.kind, x.off);
	walk("bpf_map", 106, 2, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == (int)offsetof(struct bpf_map, name) + 2,
		"bytes inside bpf_map.name are ours, at the same place in it", "kind %d off %d",
		x.kind, x.off);
	walk("bpf_map", 56, 8, &id, &x);
	TEST_EQ(x.kind, BTF_XLATE_ZERO, "bpf_map.kptr_off_tab: ours has none, it reads 0");
	walk("bpf_array", 256, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct bpf_array, elem_size),
		"bpf_array.elem_size is ours", "kind %d off %d", x.kind, x.off);
	walk("bpf_array", 28, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD &&
		x.off == (int)(offsetof(struct bpf_array, map) + offsetof(struct bpf_map, key_size)),
		"bpf_array.map.key_size is ours", "kind %d off %d", x.kind, x.off);
	walk("bpf_htab", 24, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct bpf_map, map_type),
		"bpf_htab.map.map_type is ours (every map starts with its bpf_map)",
		"kind %d off %d", x.kind, x.off);

	/* sockets: one struct tcp_sock allocation, the kernel's names */
	TEST_EQ(walk("tcp_sock", 16, 2, &id, &x), SCALAR_VALUE, "tcp_sock's family");
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct sock_common, skc_family),
		"tcp_sock...__sk_common.skc_family is ours", "kind %d off %d", x.kind, x.off);
	walk("tcp_sock", 4, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct sock_common, skc_rcv_saddr),
		"skc_rcv_saddr, inside anonymous unions, is ours", "kind %d off %d", x.kind, x.off);
	walk("sock", 14, 2, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct sock_common, skc_num),
		"sock's skc_num is ours", "kind %d off %d", x.kind, x.off);
	walk("sock_common", 60, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD &&
		x.off == (int)offsetof(struct sock_common, skc_v6_daddr) + 4,
		"a word of skc_v6_daddr is ours", "kind %d off %d", x.kind, x.off);
	walk("sock_common", 8, 4, &id, &x);
	TEST_EQ(x.kind, BTF_XLATE_ZERO, "skc_hash: ours has none, it reads 0");
	walk("sock_common", 0, 8, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct sock_common, skc_daddr),
		"skc_addrpair is our two addresses", "kind %d off %d", x.kind, x.off);
	walk("sock_common", 12, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct sock_common, skc_dport),
		"skc_portpair is our two ports", "kind %d off %d", x.kind, x.off);
	walk("sock_common", 20, 4, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD &&
		x.off == offsetof(struct sock_common, skc_bound_dev_if),
		"skc_bound_dev_if is ours", "kind %d off %d", x.kind, x.off);
	walk("tcp_request_sock", 16, 2, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_FIELD && x.off == offsetof(struct sock_common, skc_family),
		"a request socket's family is ours too", "kind %d off %d", x.kind, x.off);

	/* not ours: a probing load at the kernel's offset */
	walk("bpf_iter_meta", 8, 8, &id, &x);
	TEST_OK(x.kind == BTF_XLATE_PROBE && x.off == 8,
		"bpf_iter_meta is not ours: a probing load", "kind %d off %d", x.kind, x.off);
	walk("path", 8, 8, &id, &x);
	TEST_EQ(x.kind, BTF_XLATE_PROBE, "struct path is not ours");
}

/* ---- map pointers through bpf(2) ---- */

static int prog_load(enum bpf_prog_type type, enum bpf_attach_type eat, u32 btf_id,
		     const struct bpf_insn *insns, u32 cnt)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	logbuf[0] = '\0';
	attr.prog_type = type;
	attr.expected_attach_type = eat;
	attr.attach_btf_id = btf_id;
	attr.insns = P(insns);
	attr.insn_cnt = cnt;
	attr.license = P("GPL");
	attr.log_buf = P(logbuf);
	attr.log_size = sizeof(logbuf);
	attr.log_level = 1;
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

static int map_create(enum bpf_map_type type, u32 key, u32 value, u32 max, int inner_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key;
	attr.value_size = value;
	attr.max_entries = max;
	attr.inner_map_fd = inner_fd;
	strcpy(attr.map_name, "btfptr");
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static u8 pkt[64];

/* A socket filter run once: its r0, or -1 when it did not load or run. */
static long long run_filter(const char *name, int map_fd, const struct bpf_insn *insns,
			    u32 cnt)
{
	struct bpf_insn prog[32];
	union bpf_attr attr;
	int fd, ret;
	u32 i;

	for (i = 0; i < cnt; i++) {
		prog[i] = insns[i];
		if (prog[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    prog[i].src_reg == BPF_PSEUDO_MAP_FD)
			prog[i].imm = map_fd;
	}
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, prog, cnt);
	TEST_OK(fd >= 0, name, "load: errno %d, log: %.500s", errno, logbuf);
	if (fd < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = P(pkt);
	attr.test.data_size_in = sizeof(pkt);
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	close(fd);
	if (ret) {
		TEST_OK(false, name, "test run: errno %d", errno);
		return -1;
	}
	return attr.test.retval;
}

#define MAP_READ(size, off)						\
	INSNS(BPF_LD_MAP_FD(BPF_REG_1, 0),				\
	      BPF_LDX_MEM(size, BPF_REG_0, BPF_REG_1, off),		\
	      BPF_EXIT_INSN())

static void expect_refused(const char *name, int map_fd, int err, const char *line,
			   const struct bpf_insn *insns, u32 cnt)
{
	struct bpf_insn prog[32];
	u32 i;
	int fd;

	for (i = 0; i < cnt; i++) {
		prog[i] = insns[i];
		if (prog[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    prog[i].src_reg == BPF_PSEUDO_MAP_FD)
			prog[i].imm = map_fd;
	}
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, prog, cnt);
	TEST_ERRNO(fd, err, name);
	if (fd >= 0)
		close(fd);
	TEST_OK(strstr(logbuf, line), name, "want \"%s\" in the log: %.500s", line, logbuf);
}

static void test_map_ptr(void)
{
	int arr = map_create(BPF_MAP_TYPE_ARRAY, 4, 44, 7, 0);
	int hash = map_create(BPF_MAP_TYPE_HASH, 8, 16, 5, 0);
	long long v;

	TEST_OK(arr >= 0 && hash >= 0, "maps", "errno %d", errno);
	if (arr < 0 || hash < 0)
		return;

	TEST_EQ(run_filter("array: map_type", arr, MAP_READ(BPF_W, 24)), BPF_MAP_TYPE_ARRAY,
		"map->map_type at 6.1's offset reads our map type");
	TEST_EQ(run_filter("array: key_size", arr, MAP_READ(BPF_W, 28)), 4,
		"map->key_size");
	TEST_EQ(run_filter("array: value_size", arr, MAP_READ(BPF_W, 32)), 44,
		"map->value_size");
	TEST_EQ(run_filter("array: max_entries", arr, MAP_READ(BPF_W, 36)), 7,
		"map->max_entries");
	TEST_EQ(run_filter("array: elem_size", arr, MAP_READ(BPF_W, 256)), 48,
		"bpf_array->elem_size is round_up(value_size, 8)");
	TEST_EQ(run_filter("array: name", arr, MAP_READ(BPF_B, 105)), 't',
		"a byte of map->name");
	TEST_EQ(run_filter("array: kptr_off_tab", arr, MAP_READ(BPF_DW, 56)), 0,
		"map->kptr_off_tab (ours has none) reads 0");
	TEST_EQ(run_filter("hash: max_entries", hash, MAP_READ(BPF_W, 36)), 5,
		"a hash map's max_entries (struct bpf_htab)");
	TEST_EQ(run_filter("hash: key_size", hash, MAP_READ(BPF_W, 28)), 8,
		"a hash map's key_size");

	v = run_filter("ops is not NULL", arr, INSNS(
		BPF_LD_MAP_FD(BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN()));
	TEST_EQ(v, 1, "map->ops reads our (non-NULL) ops pointer");

	v = run_filter("walk a NULL inner_map_meta", arr, INSNS(
		BPF_LD_MAP_FD(BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 8),
		BPF_MOV64_IMM(BPF_REG_0, 99),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 36),
		BPF_EXIT_INSN()));
	TEST_EQ(v, 0, "map->inner_map_meta->max_entries of an array (NULL) reads 0");

	v = run_filter("a load through ops probes", arr, INSNS(
		BPF_LD_MAP_FD(BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 8),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN()));
	TEST_EQ(v, 1, "a pointer field read that goes nowhere loads");

	expect_refused("negative offset", arr, EACCES,
		       "R1 is bpf_array invalid negative access: off=-8",
		       INSNS(BPF_LD_MAP_FD(BPF_REG_1, 0),
			     BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, -8),
			     BPF_EXIT_INSN()));
	expect_refused("write", arr, EACCES, "only read from bpf_array is supported",
		       INSNS(BPF_LD_MAP_FD(BPF_REG_1, 0),
			     BPF_ST_MEM(BPF_W, BPF_REG_1, 24, 0),
			     BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_EXIT_INSN()));
	expect_refused("inside the ops pointer", arr, EACCES,
		       "cannot access ptr member ops with moff 0 in struct bpf_map with off 1 size 4",
		       INSNS(BPF_LD_MAP_FD(BPF_REG_1, 0),
			     BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 1),
			     BPF_EXIT_INSN()));
	expect_refused("hash: past bpf_htab", hash, EACCES,
		       "access beyond struct bpf_htab at off 256 size 4",
		       MAP_READ(BPF_W, 256));
	expect_refused("through ops: an opaque struct", arr, EACCES,
		       "access beyond struct bpf_map_ops at off 0 size 8",
		       INSNS(BPF_LD_MAP_FD(BPF_REG_1, 0),
			     BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0),
			     BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_2, 0),
			     BPF_EXIT_INSN()));
	expect_refused("store through a BTF pointer", arr, EACCES, "only read is supported",
		       INSNS(BPF_LD_MAP_FD(BPF_REG_1, 0),
			     BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 8),
			     BPF_ST_MEM(BPF_W, BPF_REG_2, 36, 0),
			     BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_EXIT_INSN()));
	close(arr);
	close(hash);
}

/* The xlated program shows plain loads, as 6.1 hides PROBE_MEM. */
static void test_xlated(void)
{
	struct bpf_insn xl[16];
	struct bpf_prog_info info;
	union bpf_attr attr;
	int arr = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0), fd;
	u32 i, probes = 0, loads = 0;
	struct bpf_insn prog[] = {
		BPF_LD_MAP_FD(BPF_REG_1, arr),
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 36),
		BPF_EXIT_INSN(),
	};

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0, prog, ARRAY_SIZE(prog));
	TEST_OK(fd >= 0, "xlated: loads", "errno %d, log %.300s", errno, logbuf);
	if (fd < 0)
		goto out;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(xl);
	info.xlated_prog_insns = P(xl);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = P(&info);
	TEST_EQ(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr), 0, "xlated: info");
	for (i = 0; i < info.xlated_prog_len / sizeof(xl[0]) && i < ARRAY_SIZE(xl); i++) {
		if (BPF_CLASS(xl[i].code) != BPF_LDX)
			continue;
		loads += BPF_MODE(xl[i].code) == BPF_MEM;
		probes += BPF_MODE(xl[i].code) != BPF_MEM;
	}
	TEST_OK(loads == 2 && !probes, "xlated: map pointer loads dump as plain loads",
		"%u plain, %u other", loads, probes);
	close(fd);
out:
	close(arr);
}

/* ---- helpers with BTF arguments and results ---- */

static void test_skc_to(void)
{
	int fd = prog_load(BPF_PROG_TYPE_SCHED_CLS, 0, 0, INSNS(
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, offsetof(struct __sk_buff, sk)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_EMIT_CALL(BPF_FUNC_skc_to_tcp_sock),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_0, 16),
		BPF_EXIT_INSN()));

	TEST_OK(fd >= 0, "skc_to_tcp_sock returns a tcp_sock BTF pointer whose fields load",
		"errno %d, log %.600s", errno, logbuf);
	if (fd >= 0)
		close(fd);

	fd = prog_load(BPF_PROG_TYPE_SCHED_CLS, 0, 0, INSNS(
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, offsetof(struct __sk_buff, sk)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_1, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_EMIT_CALL(BPF_FUNC_skc_to_tcp_sock),
		BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_0, 16),
		BPF_EXIT_INSN()));
	TEST_ERRNO(fd, EACCES, "a BTF pointer that may be NULL is not read");
	TEST_OK(strstr(logbuf, "invalid mem access 'ptr_or_null_'"),
		"with 6.1's line", "log %.600s", logbuf);
	if (fd >= 0)
		close(fd);
}

static void test_d_path(void)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		BPF_ST_MEM(BPF_DW, BPF_REG_2, 0, 0),
		BPF_MOV64_IMM(BPF_REG_3, 8),
		BPF_EMIT_CALL(BPF_FUNC_d_path),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	int fd;

	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id_of("dentry_open", BTF_KIND_FUNC),
		       insns, ARRAY_SIZE(insns));
	TEST_OK(fd >= 0, "d_path from fentry/dentry_open loads", "errno %d, log %.600s",
		errno, logbuf);
	if (fd >= 0)
		close(fd);
	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id_of("security_file_open", BTF_KIND_FUNC),
		       INSNS(BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0),
			     BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_EXIT_INSN()));
	TEST_OK(fd >= 0, "fentry/security_file_open loads", "errno %d, log %.600s", errno, logbuf);
	if (fd >= 0)
		close(fd);
	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id_of("d_path", BTF_KIND_FUNC),
		       insns, ARRAY_SIZE(insns));
	TEST_ERRNO(fd, EINVAL, "d_path from fentry/d_path is refused");
	TEST_OK(strstr(logbuf, "helper call is not allowed in probe"), "with 6.1's line",
		"log %.600s", logbuf);
	if (fd >= 0)
		close(fd);
	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, id_of("security_file_open", BTF_KIND_FUNC),
		       INSNS(BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0),
			     BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
			     BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
			     BPF_ST_MEM(BPF_DW, BPF_REG_2, 0, 0),
			     BPF_MOV64_IMM(BPF_REG_3, 8),
			     BPF_EMIT_CALL(BPF_FUNC_d_path),
			     BPF_MOV64_IMM(BPF_REG_0, 0),
			     BPF_EXIT_INSN()));
	TEST_ERRNO(fd, EACCES, "d_path of a struct file * is refused");
	TEST_OK(strstr(logbuf, "R1 is of type file but path is expected"), "with 6.1's line",
		"log %.600s", logbuf);
	if (fd >= 0)
		close(fd);

	/* LSM: from sleepable hooks only (the call is allowed, its argument is not a path) */
	fd = prog_load(BPF_PROG_TYPE_LSM, BPF_LSM_MAC, id_of("bpf_lsm_file_open", BTF_KIND_FUNC),
		       insns, ARRAY_SIZE(insns));
	TEST_ERRNO(fd, EACCES, "lsm/file_open (sleepable) may call d_path");
	TEST_OK(strstr(logbuf, "R1 is of type file but path is expected"),
		"lsm/file_open: past the allowlist, to the argument check", "log %.600s", logbuf);
	if (fd >= 0)
		close(fd);
	fd = prog_load(BPF_PROG_TYPE_LSM, BPF_LSM_MAC, id_of("bpf_lsm_task_free", BTF_KIND_FUNC),
		       insns, ARRAY_SIZE(insns));
	TEST_ERRNO(fd, EINVAL, "lsm/task_free (not sleepable) may not call d_path");
	TEST_OK(strstr(logbuf, "helper call is not allowed in probe"), "lsm/task_free: 6.1's line",
		"log %.600s", logbuf);
	if (fd >= 0)
		close(fd);
}

static void test_iter(void)
{
	int arr = map_create(BPF_MAP_TYPE_ARRAY, 4, 48, 1, 0), fd;
	struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_6, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_7, BPF_REG_1, 8),
		BPF_LD_MAP_FD(BPF_REG_1, arr),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_7, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_7),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_0),
		BPF_MOV64_REG(BPF_REG_9, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_3, 48),
		BPF_MOV64_IMM(BPF_REG_4, 0),
		BPF_EMIT_CALL(BPF_FUNC_get_task_stack),
		BPF_JMP_IMM(BPF_JSGT, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_9),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_0),
		BPF_EMIT_CALL(BPF_FUNC_seq_write),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};

	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, id_of("bpf_iter_task", BTF_KIND_FUNC),
		       insns, ARRAY_SIZE(insns));
	TEST_OK(fd >= 0, "iter/task: get_task_stack into seq_write loads",
		"errno %d, log %.800s", errno, logbuf);
	if (fd >= 0)
		close(fd);

	/* ctx->task may be NULL: it is not passed unchecked */
	insns[12] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[13] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[14] = BPF_MOV64_IMM(BPF_REG_0, 0);
	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, id_of("bpf_iter_task", BTF_KIND_FUNC),
		       insns, ARRAY_SIZE(insns));
	TEST_ERRNO(fd, EACCES, "iter/task: ctx->task unchecked is refused");
	TEST_OK(strstr(logbuf, "R1 type=ptr_or_null_ expected=ptr_"), "with 6.1's line",
		"log %.600s", logbuf);
	if (fd >= 0)
		close(fd);

	fd = prog_load(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, id_of("bpf_iter_ksym", BTF_KIND_FUNC),
		       INSNS(BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN()));
	TEST_ERRNO(fd, EINVAL, "iter: an unknown target is refused");
	close(arr);
}

int main(void)
{
	setenv("SYSBPF_VMLINUX_BTF", "builtin", 1);
	vmlinux = bpf_get_btf_vmlinux();
	TEST_OK(!IS_ERR_OR_NULL(vmlinux) && btf_vmlinux_is_builtin(), "the built-in vmlinux BTF", "-");
	if (IS_ERR_OR_NULL(vmlinux))
		return sysbpf_test_done();
	memset(pkt, 0, sizeof(pkt));
	test_ids();
	test_walk();
	test_map_ptr();
	test_xlated();
	test_skc_to();
	test_d_path();
	test_iter();
	return sysbpf_test_done();
}
