// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: programs through the verifier, and every program it
 * accepts run once in the checking interpreter.
 *
 * The interpreter's guard (kernel/bpf/run_guard.c) bounds every load and
 * store of a run to the memory the program was given.  A verified
 * program that trips it is a soundness bug of the verifier, so the hook
 * aborts and libFuzzer keeps the input.  A crash, a sanitizer report or
 * a hang inside the verifier is a bug as well.
 *
 * The input format, the program types and the maps are in
 * fuzz_verifier.h; insn_mutator.c mutates inputs as programs (fields of
 * instructions, jumps kept pointing where they did, idioms such as a map
 * lookup or a packet bounds check) rather than as bytes.  Each input
 * says whether it is loaded and run with or without the capabilities:
 * the effective set is changed around the command, as the upstream
 * test_verifier does for its unprivileged variants.
 *
 * The verifier may walk 100000 insns rather than 1M (FUZZ_VERIFIER_INSNS
 * sets another number).  FUZZ_VERIFIER_STATS=1 prints counts (loads,
 * accepted, runs) every 65536 inputs and at exit (=2: also why programs
 * were rejected, which costs a verifier log each), FUZZ_VERIFIER_DEBUG=1
 * the verdict and the end of the verifier log of each input.
 * Documentation/bpf/fuzzing.md says more.
 */
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <linux/capability.h>
#include <linux/btf.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fuzz_verifier.h"
#include "insn_mutator.h"

extern void (*bpf_run_stop_hook)(const char *prog_name, const char *why);
extern int sysctl_unprivileged_bpf_disabled;
extern u32 bpf_complexity_limit_insns;

#define LOG_SIZE	(1 << 16)
#define DATA_MAX	256
#define ETH_HLEN	14
#define NR_PROG_TYPES	64
/* The verifier walks at most 1M insns: about 6 s with the sanitizers. */
#define COMPLEXITY_LIMIT	100000

static int map_fds[FUZZ_NR_MAPS];
static int prog_array_fds[NR_PROG_TYPES];
static char log_buf[LOG_SIZE];
static bool can_drop_caps;
static int btf_fd = -1;

/* Ids of btf_init()'s BTF: int is 1, the map values' types from 25 */
#define BTF_SPIN_LOCK		25
#define BTF_TIMER		26
#define BTF_LOCK_TIMER_VALUE	27
#define BTF_TIMER_VALUE		28

static struct {
	unsigned long inputs;
	unsigned long loads[2];		/* privileged, unprivileged */
	unsigned long accepted[2];
	unsigned long runs;
	unsigned long skipped_runs;	/* helpers that act on the fuzzer itself */
	unsigned long type_loads[32];
	unsigned long type_accepted[32];
} stats;
static bool print_stats;
static bool debug;

/* FUZZ_VERIFIER_STATS=2: the reasons of the rejections, digits as '#' */
#define NR_REASONS	128
static struct {
	char text[72];
	unsigned long count;
} reasons[NR_REASONS];
static bool count_reasons;

static void reason_add(int err)
{
	size_t len = strnlen(log_buf, sizeof(log_buf)), i, end, start;
	char text[72];
	int r;

	/* the line before "processed N insns ...", or the last one */
	end = len;
	while (end && log_buf[end - 1] == '\n')
		end--;
	start = end;
	while (start && log_buf[start - 1] != '\n')
		start--;
	if (!strncmp(log_buf + start, "processed ", 10) && start) {
		end = start - 1;
		start = end;
		while (start && log_buf[start - 1] != '\n')
			start--;
	}
	for (i = 0; start + i < end && i < sizeof(text) - 1; i++) {
		char c = log_buf[start + i];

		text[i] = c >= '0' && c <= '9' ? '#' : c;
	}
	text[i] = 0;
	if (!i)
		snprintf(text, sizeof(text), "(no log) %s", strerror(-err));
	for (r = 0; r < NR_REASONS && reasons[r].count; r++)
		if (!strcmp(reasons[r].text, text))
			break;
	if (r == NR_REASONS)
		return;
	if (!reasons[r].count)
		memcpy(reasons[r].text, text, sizeof(text));
	reasons[r].count++;
}

/* ---- capabilities ---- */

static const int dropped_caps[] = { CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_PERFMON, CAP_BPF };

static int caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };

	return syscall(SYS_capget, &hdr, data);
}

static int caps_set(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };

	return syscall(SYS_capset, &hdr, data);
}

/* Raises or clears the capabilities of the privileged policy in the effective set. */
static void caps_effective(bool on)
{
	struct __user_cap_data_struct data[2];
	size_t i;

	if (!can_drop_caps || caps_get(data))
		return;
	for (i = 0; i < sizeof(dropped_caps) / sizeof(dropped_caps[0]); i++) {
		__u32 bit = 1U << (dropped_caps[i] % 32);

		if (on)
			data[dropped_caps[i] / 32].effective |= bit;
		else
			data[dropped_caps[i] / 32].effective &= ~bit;
	}
	if (caps_set(data)) {
		fprintf(stderr, "fuzz_verifier: capset: %s\n", strerror(errno));
		abort();
	}
}

static bool caps_permitted(void)
{
	struct __user_cap_data_struct data[2];
	size_t i;

	if (caps_get(data))
		return false;
	for (i = 0; i < sizeof(dropped_caps) / sizeof(dropped_caps[0]); i++)
		if (!(data[dropped_caps[i] / 32].permitted & (1U << (dropped_caps[i] % 32))))
			return false;
	return true;
}

/*
 * The instance counts a capability the process could never raise as
 * held (kernel/bpf/syscall.c), so the unprivileged policy needs the
 * capabilities in the permitted set, to clear them from the effective
 * one: a non-root user gets them in a user namespace of its own.
 */
static void caps_init(void)
{
	if (getenv("SYSBPF_UNPRIV"))
		fprintf(stderr, "fuzz_verifier: SYSBPF_UNPRIV is set: every input runs unprivileged\n");
	if (!caps_permitted())
		unshare(CLONE_NEWUSER);		/* may fail: checked next */
	can_drop_caps = caps_permitted();
	if (!can_drop_caps)
		fprintf(stderr, "fuzz_verifier: cannot hold CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN and CAP_SYS_ADMIN: the unprivileged inputs run privileged\n");
}

/* ---- maps ---- */

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return __sys_bpf(cmd, attr, sizeof(*attr));
}

static int map_create(const struct fuzz_map *m, int inner_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = m->type;
	attr.key_size = m->key_size;
	attr.value_size = m->value_size;
	attr.max_entries = m->max_entries;
	attr.map_flags = m->flags;
	attr.inner_map_fd = inner_fd;
	if (m->btf != FUZZ_BTF_NONE) {
		attr.btf_fd = btf_fd;
		attr.btf_key_type_id = 1;	/* int */
		attr.btf_value_type_id = m->btf == FUZZ_BTF_LOCK_TIMER ?
					 BTF_LOCK_TIMER_VALUE : BTF_TIMER_VALUE;
	}
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_update(int fd, const void *key, const void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (uint64_t)(uintptr_t)key;
	attr.value = (uint64_t)(uintptr_t)value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

/*
 * What test_verifier puts in its arrays; in the read-only one, format
 * strings of 1, 2, 3 and 0 arguments at offsets 0, 4, 16 and 32.
 */
static void map_fill(int i, int fd)
{
	uint32_t val[12] = { 7 * sizeof(uint32_t), 0, 0, 0, 0, 0, 0, 0xabcdef12 };
	uint32_t key = 0;
	union bpf_attr attr;
	char fmt[48] = "%d";

	memcpy(fmt + 4, "%llx %u", 8);
	memcpy(fmt + 16, "%s %c %pI4", 11);
	memcpy(fmt + 32, "sysbpf\n", 8);

	if (fuzz_maps[i].type != BPF_MAP_TYPE_ARRAY || fuzz_maps[i].value_size < 48) {
		if (fuzz_maps[i].type == BPF_MAP_TYPE_ARRAY)
			map_update(fd, &key, val);
		return;
	}
	if (fuzz_maps[i].flags & BPF_F_RDONLY_PROG) {
		map_update(fd, &key, fmt);
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		sys_bpf(BPF_MAP_FREEZE, &attr);
		return;
	}
	map_update(fd, &key, val);
}

static void maps_init(void)
{
	static const struct fuzz_map inner = { BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0 };
	static const struct fuzz_map stand_in = { BPF_MAP_TYPE_ARRAY, 4, 48, 1, 0 };
	uint32_t key = 0;
	int i, inner_fd;

	inner_fd = map_create(&inner, 0);
	for (i = 0; i < FUZZ_NR_MAPS; i++) {
		bool in_map = fuzz_maps[i].type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
			      fuzz_maps[i].type == BPF_MAP_TYPE_HASH_OF_MAPS;

		map_fds[i] = -1;
		if (i == FUZZ_MAP_PROG_ARRAY)
			continue;
		map_fds[i] = map_create(&fuzz_maps[i], in_map ? inner_fd : 0);
		if (map_fds[i] < 0) {
			if (print_stats)
				fprintf(stderr, "fuzz_verifier: map %d (type %d): %s, an array stands in\n",
					i, fuzz_maps[i].type, strerror(-map_fds[i]));
			map_fds[i] = map_create(&stand_in, 0);
		} else if (in_map && inner_fd >= 0) {
			map_update(map_fds[i], &key, &inner_fd);
		}
		if (map_fds[i] < 0) {
			fprintf(stderr, "fuzz_verifier: cannot create map %d: %s\n", i,
				strerror(-map_fds[i]));
			exit(1);
		}
		map_fill(i, map_fds[i]);
	}
	/* the outer map holds the inner one */
	if (inner_fd >= 0) {
		sysbpf_fd_closing(inner_fd);
		close(inner_fd);
		sysbpf_fd_closed(inner_fd);
	}
	for (i = 0; i < NR_PROG_TYPES; i++)
		prog_array_fds[i] = -1;
}

static void fd_close(int fd)
{
	sysbpf_fd_closing(fd);
	close(fd);
	sysbpf_fd_closed(fd);
}

static int prog_load(const struct fuzz_prog_type *t, const struct bpf_insn *insns,
		     unsigned int cnt, unsigned int flags, unsigned int log_level,
		     const int *fd_array, const struct bpf_func_info *fi, uint32_t nfi)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = t->type;
	attr.expected_attach_type = t->attach;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = cnt;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.prog_flags = flags;
	attr.fd_array = (uint64_t)(uintptr_t)fd_array;
	memcpy(attr.prog_name, "fuzz", 5);
	if (nfi) {
		attr.prog_btf_fd = btf_fd;
		attr.func_info = (uint64_t)(uintptr_t)fi;
		attr.func_info_rec_size = sizeof(*fi);
		attr.func_info_cnt = nfi;
	}
	if (t->type == BPF_PROG_TYPE_SYSCALL)
		attr.prog_flags |= BPF_F_SLEEPABLE;
	if (log_level) {
		attr.log_level = log_level;
		attr.log_buf = (uint64_t)(uintptr_t)log_buf;
		attr.log_size = sizeof(log_buf);
	}
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/*
 * The prog array of a program type (a prog array takes the programs of
 * one type): slot 0 returns 42, slot 1 tail-calls slot 1 again (the
 * tail call limit), slot 2 returns 24, slot 3 is empty.  Made the first
 * time a program of the type names it, with the capabilities.
 */
static int prog_array_of(const struct fuzz_prog_type *t)
{
	static const struct fuzz_map pa = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0 };
	int fd, progs[3], i;
	uint32_t key;

	if ((unsigned int)t->type >= NR_PROG_TYPES)
		return map_fds[0];
	if (prog_array_fds[t->type] >= 0)
		return prog_array_fds[t->type];
	fd = map_create(&pa, 0);
	if (fd < 0)
		return map_fds[0];
	{
		struct bpf_insn ret42[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 42 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		struct bpf_insn loop[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 3, .imm = 1 },
			{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 2,
			  .src_reg = BPF_PSEUDO_MAP_FD, .imm = fd },
			{ 0 },
			{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_tail_call },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 41 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		struct bpf_insn ret24[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 24 },
			{ .code = BPF_JMP | BPF_EXIT },
		};

		progs[0] = prog_load(t, ret42, 2, 0, 0, NULL, NULL, 0);
		progs[1] = prog_load(t, loop, 6, 0, 0, NULL, NULL, 0);
		progs[2] = prog_load(t, ret24, 2, 0, 0, NULL, NULL, 0);
	}
	for (i = 0; i < 3; i++) {
		if (progs[i] < 0)
			continue;
		key = i;
		map_update(fd, &key, &progs[i]);
		fd_close(progs[i]);
	}
	prog_array_fds[t->type] = fd;
	return fd;
}

/* ---- BTF of the functions ---- */

/*
 * 6.1 takes a callback (BPF_PSEUDO_FUNC) only from a program with BTF
 * func_info, and checks a global function by the types of its BTF
 * prototype.  One BTF, loaded at start: the prototypes
 *	int (void), int (int a, int b, int c, int d, int e), int (int *p),
 *	int (struct __sk_buff *ctx), int (struct xdp_md *ctx), int (int a, int *p)
 * each as a static and as a global function.  An input with byte 3 bit 7
 * set (or with a callback) is loaded with it: subprogram i > 0 has
 * prototype (bits 4-6 + i) % 6 and is global when bit i - 1 is set.
 * The same BTF types the values of the maps with a spin lock or a timer.
 */
#define FUZZ_BTF		0x80
#define NR_PROTOS		6
#define FIRST_PROTO		7
#define FIRST_STATIC		(FIRST_PROTO + NR_PROTOS)
#define FIRST_GLOBAL		(FIRST_STATIC + NR_PROTOS)
#define MAX_SUBPROGS		256

struct btf_buf {
	uint8_t types[1024];
	uint32_t types_len;
	char strs[256];
	uint32_t strs_len;
};

static uint32_t blob_str(struct btf_buf *b, const char *s)
{
	uint32_t off = b->strs_len;

	memcpy(b->strs + off, s, strlen(s) + 1);
	b->strs_len += strlen(s) + 1;
	return off;
}

static void blob_put(struct btf_buf *b, const void *p, size_t n)
{
	memcpy(b->types + b->types_len, p, n);
	b->types_len += n;
}

static void blob_type(struct btf_buf *b, uint32_t name, uint32_t kind, uint32_t vlen,
		     uint32_t size_or_type)
{
	struct btf_type t = {
		.name_off = name,
		.info = kind << 24 | vlen,
		.size = size_or_type,
	};

	blob_put(b, &t, sizeof(t));
}

static void blob_member(struct btf_buf *b, const char *name, uint32_t type,
			uint32_t bit_off)
{
	struct btf_member m = { .name_off = blob_str(b, name), .type = type,
				.offset = bit_off };

	blob_put(b, &m, sizeof(m));
}

static void blob_param(struct btf_buf *b, const char *name, uint32_t type)
{
	struct btf_param p = { .name_off = blob_str(b, name), .type = type };

	blob_put(b, &p, sizeof(p));
}

static void btf_init(void)
{
	static const char *const ints[] = { "a", "b", "c", "d", "e" };
	static struct btf_buf b;
	struct btf_header *h;
	uint8_t blob[sizeof(*h) + sizeof(b.types) + sizeof(b.strs)];
	union bpf_attr attr;
	uint32_t int_enc = BTF_INT_SIGNED << 24 | 32;
	char name[8];
	int i;

	b.strs_len = 1;
	/* 1 int, 2 int *, 3-6 the context structs and pointers to them */
	blob_type(&b, blob_str(&b, "int"), BTF_KIND_INT, 0, 4);
	blob_put(&b, &int_enc, sizeof(int_enc));
	blob_type(&b, 0, BTF_KIND_PTR, 0, 1);
	blob_type(&b, blob_str(&b, "__sk_buff"), BTF_KIND_STRUCT, 0, 4);
	blob_type(&b, 0, BTF_KIND_PTR, 0, 3);
	blob_type(&b, blob_str(&b, "xdp_md"), BTF_KIND_STRUCT, 0, 4);
	blob_type(&b, 0, BTF_KIND_PTR, 0, 5);
	/* 7-12 the prototypes */
	blob_type(&b, 0, BTF_KIND_FUNC_PROTO, 0, 1);
	blob_type(&b, 0, BTF_KIND_FUNC_PROTO, 5, 1);
	for (i = 0; i < 5; i++)
		blob_param(&b, ints[i], 1);
	blob_type(&b, 0, BTF_KIND_FUNC_PROTO, 1, 1);
	blob_param(&b, "p", 2);
	blob_type(&b, 0, BTF_KIND_FUNC_PROTO, 1, 1);
	blob_param(&b, "ctx", 4);
	blob_type(&b, 0, BTF_KIND_FUNC_PROTO, 1, 1);
	blob_param(&b, "ctx", 6);
	blob_type(&b, 0, BTF_KIND_FUNC_PROTO, 2, 1);
	blob_param(&b, "a", 1);
	blob_param(&b, "p", 2);
	/* 13-18 static functions, 19-24 global ones */
	for (i = 0; i < 2 * NR_PROTOS; i++) {
		snprintf(name, sizeof(name), "%c%d", i < NR_PROTOS ? 's' : 'g', i % NR_PROTOS);
		blob_type(&b, blob_str(&b, name), BTF_KIND_FUNC,
			  i < NR_PROTOS ? BTF_FUNC_STATIC : BTF_FUNC_GLOBAL,
			  FIRST_PROTO + i % NR_PROTOS);
	}
	/* 25, 26: the special structs, found by name and size */
	blob_type(&b, blob_str(&b, "bpf_spin_lock"), BTF_KIND_STRUCT, 0, 4);
	blob_type(&b, blob_str(&b, "bpf_timer"), BTF_KIND_STRUCT, 0, 16);
	/* 27, 28: the map values of enum fuzz_map_btf */
	blob_type(&b, blob_str(&b, "lock_timer"), BTF_KIND_STRUCT, 3, 24);
	blob_member(&b, "cnt", 1, 0);
	blob_member(&b, "lock", BTF_SPIN_LOCK, 32);
	blob_member(&b, "timer", BTF_TIMER, 64);
	blob_type(&b, blob_str(&b, "timer_only"), BTF_KIND_STRUCT, 1, 16);
	blob_member(&b, "timer", BTF_TIMER, 0);

	h = (struct btf_header *)blob;
	memset(h, 0, sizeof(*h));
	h->magic = BTF_MAGIC;
	h->version = BTF_VERSION;
	h->hdr_len = sizeof(*h);
	h->type_off = 0;
	h->type_len = b.types_len;
	h->str_off = b.types_len;
	h->str_len = b.strs_len;
	memcpy(blob + sizeof(*h), b.types, b.types_len);
	memcpy(blob + sizeof(*h) + b.types_len, b.strs, b.strs_len);

	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(uintptr_t)blob;
	attr.btf_size = sizeof(*h) + b.types_len + b.strs_len;
	attr.btf_log_buf = (uint64_t)(uintptr_t)log_buf;
	attr.btf_log_size = sizeof(log_buf);
	attr.btf_log_level = 1;
	btf_fd = sys_bpf(BPF_BTF_LOAD, &attr);
	if (btf_fd < 0)
		fprintf(stderr, "fuzz_verifier: BTF_LOAD: %s\n%s\n", strerror(-btf_fd), log_buf);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The func_info of a program: its subprograms start where the verifier
 * finds them (insn 0, the targets of bpf-to-bpf calls and callbacks).
 * Returns their number, 0 when the program is loaded without BTF.
 */
static uint32_t func_info_of(const struct bpf_insn *insns, size_t cnt, uint8_t sel,
			     struct bpf_func_info *fi)
{
	static uint32_t starts[MAX_SUBPROGS + 1];
	bool callback = false;
	uint32_t n = 1, i, j;
	int64_t t;

	starts[0] = 0;
	for (i = 0; i < cnt; i++) {
		const struct bpf_insn *insn = &insns[i];

		if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL) {
			t = (int64_t)i + insn->imm + 1;
		} else if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
			   insn->src_reg == BPF_PSEUDO_FUNC) {
			t = (int64_t)i + insn->imm + 1;
			callback = true;
		} else {
			continue;
		}
		if (t >= 0 && t < (int64_t)cnt && n < MAX_SUBPROGS)
			starts[n++] = t;
	}
	if (btf_fd < 0 || (!callback && !(sel & FUZZ_BTF)))
		return 0;
	qsort(starts, n, sizeof(starts[0]), cmp_u32);
	for (i = 0, j = 0; i < n; i++) {
		uint32_t proto = (((sel >> 4) & 7) + j) % NR_PROTOS;
		bool global = j > 0 && j <= 4 && (sel & (1U << (j - 1)));

		if (j && starts[i] == fi[j - 1].insn_off)
			continue;
		fi[j].insn_off = starts[i];
		fi[j].type_id = j == 0 ? FIRST_STATIC :
				(global ? FIRST_GLOBAL : FIRST_STATIC) + proto;
		j++;
	}
	return j;
}

/* ---- one input ---- */

static void guard_tripped(const char *prog_name, const char *why)
{
	fprintf(stderr, "fuzz_verifier: accepted program %s tripped the guard: %s\n",
		prog_name, why);
	abort();
}

static void stats_print(void)
{
	unsigned long loads = stats.loads[0] + stats.loads[1];
	unsigned long acc = stats.accepted[0] + stats.accepted[1];
	int i;

	fprintf(stderr, "fuzz_verifier: %lu inputs, %lu loads, %lu accepted (%.1f%%; privileged %lu/%lu, unprivileged %lu/%lu), %lu runs, %lu not run (helpers acting on the process)\n",
		stats.inputs, loads, acc, loads ? 100.0 * acc / loads : 0.0,
		stats.accepted[0], stats.loads[0], stats.accepted[1], stats.loads[1],
		stats.runs, stats.skipped_runs);
	fprintf(stderr, "fuzz_verifier: accepted/loaded by type:");
	for (i = 0; i < 32; i++)
		if (stats.type_loads[i])
			fprintf(stderr, " %d:%lu/%lu", i, stats.type_accepted[i],
				stats.type_loads[i]);
	fprintf(stderr, "\n");
	for (i = 0; count_reasons && i < NR_REASONS && reasons[i].count; i++)
		fprintf(stderr, "fuzz_verifier: rejected %6lu: %s\n", reasons[i].count,
			reasons[i].text);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *st = getenv("FUZZ_VERIFIER_STATS");

	(void)argc;
	(void)argv;
	bpf_run_stop_hook = guard_tripped;
	/* the unprivileged inputs need unprivileged BPF enabled */
	sysctl_unprivileged_bpf_disabled = 0;
	bpf_complexity_limit_insns = getenv("FUZZ_VERIFIER_INSNS") ?
				     strtoul(getenv("FUZZ_VERIFIER_INSNS"), NULL, 0) :
				     COMPLEXITY_LIMIT;
	print_stats = st && (*st == '1' || *st == '2');
	count_reasons = st && *st == '2';
	debug = getenv("FUZZ_VERIFIER_DEBUG") && *getenv("FUZZ_VERIFIER_DEBUG") == '1';
	if (print_stats)
		atexit(stats_print);
	caps_init();
	btf_init();
	maps_init();
	return 0;
}

/* Map references name our maps; everything else goes as it came. */
static bool fix_map_refs(struct bpf_insn *insns, size_t cnt,
			 const struct fuzz_prog_type *t)
{
	bool prog_array = false;
	size_t i;
	int m;

	for (i = 0; i + 1 < cnt; i++) {
		struct bpf_insn *insn = &insns[i];

		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insn->src_reg == BPF_PSEUDO_MAP_FD ||
		    insn->src_reg == BPF_PSEUDO_MAP_VALUE) {
			m = (uint32_t)insn->imm % FUZZ_NR_MAPS;
			if (m == FUZZ_MAP_PROG_ARRAY) {
				insn->imm = prog_array_of(t);
				prog_array = true;
			} else {
				insn->imm = map_fds[m];
			}
		} else if (insn->src_reg == BPF_PSEUDO_MAP_IDX ||
			   insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
			insn->imm = (uint32_t)insn->imm % FUZZ_NR_MAPS;
			if (insn->imm == FUZZ_MAP_PROG_ARRAY)
				prog_array = true;
		}
		i++;
	}
	return prog_array;
}

/*
 * Helpers whose effect is on the process running them, that a kernel
 * would apply to the task of the event: a write to any user address, a
 * signal, closing an fd, a command of the fuzzer's own instance.  Such a
 * program is verified but not run.
 */
static bool acts_on_process(const struct bpf_insn *insns, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++) {
		if (insns[i].code != (BPF_JMP | BPF_CALL) || insns[i].src_reg)
			continue;
		switch (insns[i].imm) {
		case BPF_FUNC_probe_write_user:
		case BPF_FUNC_send_signal:
		case BPF_FUNC_send_signal_thread:
		case BPF_FUNC_sys_bpf:
		case BPF_FUNC_sys_close:
			return true;
		}
	}
	return false;
}

static void prog_run(int fd, const struct fuzz_prog_type *t, const uint8_t *data,
		     size_t len)
{
	static uint8_t data_out[DATA_MAX + 512];
	struct bpf_sk_lookup sk_lookup;
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	switch (t->run) {
	case FUZZ_RUN_NONE:
		return;
	case FUZZ_RUN_PKT:
		if (len < ETH_HLEN)
			len = ETH_HLEN;
		attr.test.data_in = (uint64_t)(uintptr_t)data;
		attr.test.data_size_in = len;
		attr.test.data_out = (uint64_t)(uintptr_t)data_out;
		attr.test.data_size_out = sizeof(data_out);
		attr.test.repeat = 1;
		break;
	case FUZZ_RUN_CTX_ARGS:
		/* all 12 arguments: the program may read any of them */
		attr.test.ctx_in = (uint64_t)(uintptr_t)data;
		attr.test.ctx_size_in = 12 * sizeof(uint64_t);
		break;
	case FUZZ_RUN_SK_LOOKUP:
		memset(&sk_lookup, 0, sizeof(sk_lookup));
		memcpy(&sk_lookup.remote_ip4, data, 4);
		memcpy(&sk_lookup.local_ip4, data + 4, 4);
		sk_lookup.family = data[8] & 1 ? 10 /* AF_INET6 */ : 2 /* AF_INET */;
		sk_lookup.protocol = data[9] & 1 ? 17 : 6;
		sk_lookup.local_port = data[10] | data[11] << 8;
		attr.test.ctx_in = (uint64_t)(uintptr_t)&sk_lookup;
		attr.test.ctx_size_in = sizeof(sk_lookup);
		break;
	case FUZZ_RUN_SYSCALL:
		attr.test.ctx_in = (uint64_t)(uintptr_t)data;
		attr.test.ctx_size_in = len;
		break;
	}
	stats.runs++;
	sys_bpf(BPF_PROG_TEST_RUN, &attr);
}

static void debug_verdict(int fd, const struct fuzz_prog_type *t, bool unpriv,
			  size_t cnt)
{
	size_t len = strnlen(log_buf, sizeof(log_buf));
	const char *tail = log_buf;

	/* the last lines say why */
	if (len > 400)
		tail = log_buf + len - 400;
	fprintf(stderr, "fuzz_verifier: type %d %s, %zu insns: %s\n%s\n", t->type,
		unpriv ? "unprivileged" : "privileged", cnt,
		fd >= 0 ? "accepted" : strerror(-fd), tail);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	static struct bpf_insn insns[FUZZ_MAX_INSNS];
	static struct bpf_func_info func_info[MAX_SUBPROGS];
	static uint8_t data[DATA_MAX];
	const struct fuzz_prog_type *t;
	unsigned int log_level, flags, type_idx;
	size_t cnt, len, tail;
	uint32_t nfi;
	bool unpriv;
	int fd;

	stats.inputs++;
	if (print_stats && !(stats.inputs & 0xffff))
		stats_print();
	if (size < FUZZ_HDR_LEN + sizeof(struct bpf_insn))
		return 0;
	unpriv = in[0] & FUZZ_UNPRIV;
	type_idx = in[0] & FUZZ_TYPE_MASK;
	if (unpriv)
		type_idx = fuzz_unpriv_types[type_idx % sizeof(fuzz_unpriv_types)];
	t = &fuzz_prog_types[type_idx];
	log_level = in[0] >> FUZZ_LOG_SHIFT;
	if (log_level == 3)
		log_level = 1 | 4;	/* BPF_LOG_STATS */
	flags = in[1] & FUZZ_PROG_FLAGS;
	cnt = in[4] | in[5] << 8;
	if (cnt > (size - FUZZ_HDR_LEN) / sizeof(struct bpf_insn))
		cnt = (size - FUZZ_HDR_LEN) / sizeof(struct bpf_insn);
	if (cnt > FUZZ_MAX_INSNS)
		cnt = FUZZ_MAX_INSNS;
	if (!cnt)
		return 0;
	memcpy(insns, in + FUZZ_HDR_LEN, cnt * sizeof(struct bpf_insn));

	/* the packet or context: what follows the program, zero-padded */
	len = in[2];
	tail = size - FUZZ_HDR_LEN - cnt * sizeof(struct bpf_insn);
	memset(data, 0, sizeof(data));
	memcpy(data, in + FUZZ_HDR_LEN + cnt * sizeof(struct bpf_insn),
	       tail < sizeof(data) ? tail : sizeof(data));

	fix_map_refs(insns, cnt, t);
	stats.loads[unpriv]++;
	stats.type_loads[type_idx]++;
	if (unpriv)
		caps_effective(false);
	if ((debug || count_reasons) && !log_level)
		log_level = 1;
	log_buf[0] = 0;
	nfi = func_info_of(insns, cnt, in[3], func_info);
	fd = prog_load(t, insns, cnt, flags, log_level, map_fds, func_info, nfi);
	if (debug)
		debug_verdict(fd, t, unpriv, cnt);
	if (count_reasons && fd < 0)
		reason_add(fd);
	if (fd >= 0) {
		stats.accepted[unpriv]++;
		stats.type_accepted[type_idx]++;
		if (acts_on_process(insns, cnt))
			stats.skipped_runs++;
		else
			prog_run(fd, t, data, len);
		fd_close(fd);
		/*
		 * The program is freed after a grace period: wait for it, so
		 * that an input frees what it allocated and libFuzzer's leak
		 * check (run when an input allocates more than it frees)
		 * is for real leaks.
		 */
		rcu_barrier();
	}
	if (unpriv)
		caps_effective(true);
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	return insn_mutate(data, size, max_size, seed);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
				 const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size, unsigned int seed)
{
	return insn_cross_over(data1, size1, data2, size2, out, max_out_size, seed);
}
