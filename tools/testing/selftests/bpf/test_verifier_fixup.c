// SPDX-License-Identifier: GPL-2.0
/*
 * The rewrites the verifier makes of an accepted program
 * (kernel/bpf/verifier_fixup.c, map_gen_lookup.c), seen as user space
 * sees them, through bpf(2): the xlated program, its func_info and
 * line_info (BPF_OBJ_GET_INFO_BY_FD), the verifier's log, and runs
 * (BPF_PROG_TEST_RUN):
 *  - dead code: removed for bpf_capable loaders with its jumps, line info,
 *    func info and whole subprograms adjusted; a trap (ja -1) otherwise;
 *  - bpf_loop() inlined into 6.1's exact sequence, its loop variables
 *    below the frame's own stack, and the same result as the helper;
 *  - lookups in array maps inlined (map_gen_lookup), their results and
 *    bounds (out-of-range keys, the last byte of the last value, an
 *    mmapable array);
 *  - BPF_F_TEST_RND_HI32: random upper halves after 32-bit definitions no
 *    one reads as 64 bits, none after the others, the CMPXCHG zero
 *    extension;
 *  - the unprivileged tail call: bounded and masked, and refused with
 *    "tail_call abusing map_ptr" when two prog arrays reach it.
 * TEST_VERIFIER_FIXUP_HOST=1 runs the checks whose expectations do not
 * depend on sysbpf's own structures against the host kernel instead.
 */
#include <linux/filter.h>
#include <linux/btf.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define P(x)		((__u64)(uintptr_t)(x))
#define MAX_XLATED	256
/* the verifier's log levels (BPF_LOG_LEVEL1, BPF_LOG_STATS) */
#define LOG_LEVEL1	1
#define LOG_STATS	4

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);

static bool on_host;
static int btf_fd = -1;

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret;

	if (on_host)
		return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
	ret = __sys_bpf(cmd, attr, sizeof(*attr));
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* ---------------------------------------------------------------- */
/* Loading, reading back, running                                    */
/* ---------------------------------------------------------------- */

static char logbuf[1 << 16];

struct load {
	enum bpf_prog_type type;
	const struct bpf_insn *insns;
	u32 cnt;
	u32 prog_flags;
	u32 log_level;
	int btf_fd;
	const struct bpf_func_info *finfo;
	u32 nr_finfo;
	const struct bpf_line_info *linfo;
	u32 nr_linfo;
};

static int prog_load(const struct load *l)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	logbuf[0] = '\0';
	attr.prog_type = l->type ? l->type : BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = P(l->insns);
	attr.insn_cnt = l->cnt;
	attr.license = P("GPL");
	attr.prog_flags = l->prog_flags;
	attr.log_buf = P(logbuf);
	attr.log_size = sizeof(logbuf);
	attr.log_level = l->log_level ? l->log_level : 1;
	if (l->nr_finfo || l->nr_linfo) {
		attr.prog_btf_fd = l->btf_fd;
		attr.func_info = P(l->finfo);
		attr.func_info_cnt = l->nr_finfo;
		attr.func_info_rec_size = sizeof(*l->finfo);
		attr.line_info = P(l->linfo);
		attr.line_info_cnt = l->nr_linfo;
		attr.line_info_rec_size = sizeof(*l->linfo);
	}
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

#define LOAD_FLAGS(flags, ...)						\
	({ const struct bpf_insn __i[] = { __VA_ARGS__ };			\
	   struct load __l = { .insns = __i, .cnt = ARRAY_SIZE(__i),		\
			       .prog_flags = (flags) };				\
	   prog_load(&__l); })
#define LOAD(...)	LOAD_FLAGS(0, __VA_ARGS__)

struct xlated {
	struct bpf_insn insns[MAX_XLATED];
	u32 cnt;
	struct bpf_func_info finfo[8];
	u32 nr_finfo;
	struct bpf_line_info linfo[32];
	u32 nr_linfo;
};

static int get_xlated(int fd, struct xlated *x)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	int err;

	memset(x, 0, sizeof(*x));
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(x->insns);
	info.xlated_prog_insns = P(x->insns);
	info.nr_func_info = ARRAY_SIZE(x->finfo);
	info.func_info_rec_size = sizeof(x->finfo[0]);
	info.func_info = P(x->finfo);
	info.nr_line_info = ARRAY_SIZE(x->linfo);
	info.line_info_rec_size = sizeof(x->linfo[0]);
	info.line_info = P(x->linfo);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = P(&info);
	err = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	if (err)
		return err;
	if (info.xlated_prog_len > sizeof(x->insns) ||
	    info.nr_func_info > ARRAY_SIZE(x->finfo) ||
	    info.nr_line_info > ARRAY_SIZE(x->linfo))
		return -1;
	x->cnt = info.xlated_prog_len / sizeof(struct bpf_insn);
	x->nr_finfo = info.nr_func_info;
	x->nr_linfo = info.nr_line_info;
	return 0;
}

static bool insn_eq(const struct bpf_insn *a, const struct bpf_insn *b)
{
	return a->code == b->code && a->dst_reg == b->dst_reg &&
	       a->src_reg == b->src_reg && a->off == b->off && a->imm == b->imm;
}

/* Masks: an insn field the expectation does not fix. */
#define ANY_IMM		((s32)0x7eadbeef)
#define ANY_OFF		((s16)0x7ead)

static bool insn_match(const struct bpf_insn *got, const struct bpf_insn *want)
{
	struct bpf_insn w = *want;

	if (w.imm == ANY_IMM)
		w.imm = got->imm;
	if (w.off == ANY_OFF)
		w.off = got->off;
	return insn_eq(got, &w);
}

static void print_insns(const char *what, const struct bpf_insn *insns, u32 cnt)
{
	u32 i;

	printf("# %s:\n", what);
	for (i = 0; i < cnt; i++)
		printf("#  %3u: code %02x dst %u src %u off %d imm %d\n", i, insns[i].code,
		       insns[i].dst_reg, insns[i].src_reg, insns[i].off, insns[i].imm);
}

/* The xlated program is exactly want (masked fields aside). */
static bool xlated_is(const struct xlated *x, const struct bpf_insn *want, u32 cnt)
{
	u32 i;

	if (x->cnt != cnt)
		goto differ;
	for (i = 0; i < cnt; i++)
		if (!insn_match(&x->insns[i], &want[i]))
			goto differ;
	return true;
differ:
	print_insns("xlated", x->insns, x->cnt);
	print_insns("expected", want, cnt);
	return false;
}

/* Where want appears in the xlated program, -1 when nowhere. */
static int xlated_find(const struct xlated *x, const struct bpf_insn *want, u32 cnt)
{
	u32 i, j;

	for (i = 0; i + cnt <= x->cnt; i++) {
		for (j = 0; j < cnt; j++)
			if (!insn_match(&x->insns[i + j], &want[j]))
				break;
		if (j == cnt)
			return i;
	}
	return -1;
}

static bool has_helper_call(const struct xlated *x, int func_id)
{
	u32 i;

	for (i = 0; i < x->cnt; i++)
		if (x->insns[i].code == (BPF_JMP | BPF_CALL) && !x->insns[i].src_reg &&
		    (func_id < 0 || x->insns[i].imm == func_id))
			return true;
	return false;
}

static u8 pkt[64];

/* retval of one run of fd on a packet of len bytes, ~0 when the run failed */
static u32 run_prog(int fd, u32 len)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = P(pkt);
	attr.test.data_size_in = len;
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
		return ~0U;
	return attr.test.retval;
}

static int map_create(enum bpf_map_type type, u32 value_size, u32 max_entries, u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.map_flags = flags;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_update(int fd, u32 key, const void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = P(&key);
	attr.value = P(value);
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

/* ---------------------------------------------------------------- */
/* BTF for func_info and line_info                                   */
/* ---------------------------------------------------------------- */

/* "\0int\0main\0sub1\0sub2\0t.c\0l0\0l1\0...\0l9" */
#define STR_INT		1
#define STR_MAIN	5
#define STR_SUB1	10
#define STR_SUB2	15
#define STR_FILE	20
#define STR_LINE(n)	(24 + 3 * (n))

static int load_btf(void)
{
	struct {
		struct btf_header hdr;
		u32 types[3 + 1 + 3 + 3 * 3];
		char strs[24 + 3 * 10 + 2];	/* a whole number of words */
	} b;
	union bpf_attr attr;
	u32 *t = b.types;
	int i;

	memset(&b, 0, sizeof(b));
	/* [1] int */
	*t++ = STR_INT;
	*t++ = BTF_KIND_INT << 24;
	*t++ = 4;
	*t++ = BTF_INT_SIGNED << 24 | 32;
	/* [2] int (void) */
	*t++ = 0;
	*t++ = BTF_KIND_FUNC_PROTO << 24;
	*t++ = 1;
	/* [3] main, [4] sub1, [5] sub2: static int f(void) */
	*t++ = STR_MAIN;
	*t++ = BTF_KIND_FUNC << 24 | BTF_FUNC_GLOBAL;
	*t++ = 2;
	*t++ = STR_SUB1;
	*t++ = BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC;
	*t++ = 2;
	*t++ = STR_SUB2;
	*t++ = BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC;
	*t++ = 2;
	memcpy(b.strs, "\0int\0main\0sub1\0sub2\0t.c", 24);
	for (i = 0; i < 10; i++) {
		b.strs[STR_LINE(i)] = 'l';
		b.strs[STR_LINE(i) + 1] = '0' + i;
	}
	b.hdr.magic = BTF_MAGIC;
	b.hdr.version = BTF_VERSION;
	b.hdr.hdr_len = sizeof(b.hdr);
	b.hdr.type_off = 0;
	b.hdr.type_len = sizeof(b.types);
	b.hdr.str_off = sizeof(b.types);
	b.hdr.str_len = sizeof(b.strs);

	memset(&attr, 0, sizeof(attr));
	attr.btf = P(&b);
	attr.btf_size = sizeof(b);
	logbuf[0] = '\0';
	attr.btf_log_buf = P(logbuf);
	attr.btf_log_size = sizeof(logbuf);
	attr.btf_log_level = 1;
	return sys_bpf(BPF_BTF_LOAD, &attr);
}

#define LINE(off, n)	{ .insn_off = off, .file_name_off = STR_FILE, .line_off = STR_LINE(n) }

/* ---------------------------------------------------------------- */
/* Dead code                                                         */
/* ---------------------------------------------------------------- */

/*
 * A conditional jump that stays, across a hole: the branch proven taken
 * at insn 4 is hard-wired, insn 5 removed, the jump left of length 0
 * removed, and insn 2's target moves two insns closer.
 */
static void test_dead_code_jumps(void)
{
	const struct bpf_insn want[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_6, BPF_REG_1, ANY_OFF),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_6, 20, 2),
		BPF_MOV64_IMM(BPF_REG_2, 1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 2),
		BPF_EXIT_INSN(),
	};
	struct xlated x;
	int fd;

	fd = LOAD(BPF_LDX_MEM(BPF_W, BPF_REG_6, BPF_REG_1,
			      offsetof(struct __sk_buff, len)),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_JMP_IMM(BPF_JGT, BPF_REG_6, 20, 4),
		  BPF_MOV64_IMM(BPF_REG_2, 1),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 1, 1),
		  BPF_MOV64_IMM(BPF_REG_0, 99),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 2),
		  BPF_EXIT_INSN());
	if (!TEST_OK(fd >= 0, "dead code: program with a dead insn loads", "%s", logbuf))
		return;
	TEST_OK(!get_xlated(fd, &x) && xlated_is(&x, want, ARRAY_SIZE(want)),
		"dead code: removed, the taken branch and the nop it left gone, jumps adjusted", "see the lines above");
	TEST_EQ(run_prog(fd, 64), 2, "dead code: the long packet takes the kept jump");
	TEST_EQ(run_prog(fd, 14), 3, "dead code: the short packet falls through");
	close(fd);

	/* a user's own "ja +0" goes too; a jump never taken becomes a nop first */
	fd = LOAD(BPF_MOV64_IMM(BPF_REG_0, 5),
		  BPF_JMP_A(0),
		  BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 5, 2),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		  BPF_EXIT_INSN(),
		  BPF_MOV64_IMM(BPF_REG_0, 9),
		  BPF_EXIT_INSN());
	TEST_OK(fd >= 0 && !get_xlated(fd, &x) && x.cnt == 3 &&
		insn_eq(&x.insns[1], &BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1)),
		"dead code: ja +0 and a never-taken branch disappear", "see the lines above");
	TEST_EQ(run_prog(fd, 64), 6, "dead code: still returns 6");
	if (fd >= 0)
		close(fd);
}

/*
 * A dead call to a subprogram that is nowhere else called: the call, the
 * branch around it, and the subprogram go, with its func_info; the line
 * info of the removed insns goes, but for the first insn that stays
 * without a line of its own, which takes the last removed one.
 */
static void test_dead_code_subprog(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_1, 0),			/* 0 l0 */
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 1),		/* 1 l1 */
		BPF_CALL_REL(4),				/* 2 -> sub2 */
		BPF_CALL_REL(1),				/* 3 -> sub1 */
		BPF_EXIT_INSN(),				/* 4 l4 */
		BPF_MOV64_IMM(BPF_REG_0, 42),			/* 5 l5 sub1 */
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 7),			/* 7 l7 sub2 */
		BPF_EXIT_INSN(),
	};
	const struct bpf_func_info finfo[] = {
		{ 0, 3 }, { 5, 4 }, { 7, 5 },
	};
	const struct bpf_line_info linfo[] = {
		LINE(0, 0), LINE(1, 1), LINE(4, 4), LINE(5, 5), LINE(7, 7),
	};
	const struct bpf_insn want[] = {
		BPF_MOV64_IMM(BPF_REG_1, 0),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, ANY_OFF, ANY_IMM),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 42),
		BPF_EXIT_INSN(),
	};
	struct load l = {
		.insns = insns, .cnt = ARRAY_SIZE(insns), .btf_fd = btf_fd,
		.finfo = finfo, .nr_finfo = ARRAY_SIZE(finfo),
		.linfo = linfo, .nr_linfo = ARRAY_SIZE(linfo),
	};
	struct xlated x;
	int fd;

	fd = prog_load(&l);
	if (!TEST_OK(fd >= 0, "dead code: program with a dead subprogram loads", "%s", logbuf))
		return;
	if (!TEST_OK(!get_xlated(fd, &x), "dead code: info of the program", "see the lines above"))
		goto out;
	TEST_OK(xlated_is(&x, want, ARRAY_SIZE(want)),
		"dead code: the dead call and subprogram are removed", "see the lines above");
	/* sysbpf keeps the call relative; 6.1 shows the subprog index once JITed */
	if (!on_host)
		TEST_EQ(x.insns[1].imm, 1, "dead code: the call still reaches sub1");
	TEST_OK(x.nr_finfo == 2 && x.finfo[0].insn_off == 0 && x.finfo[0].type_id == 3 &&
		x.finfo[1].insn_off == 3 && x.finfo[1].type_id == 4,
		"dead code: func_info lost sub2, sub1 starts at 3",
		"%u records: {%u,%u} {%u,%u}", x.nr_finfo, x.finfo[0].insn_off,
		x.finfo[0].type_id, x.finfo[1].insn_off, x.finfo[1].type_id);
	TEST_OK(x.nr_linfo == 4 &&
		x.linfo[0].insn_off == 0 && x.linfo[0].line_off == STR_LINE(0) &&
		x.linfo[1].insn_off == 1 && x.linfo[1].line_off == STR_LINE(1) &&
		x.linfo[2].insn_off == 2 && x.linfo[2].line_off == STR_LINE(4) &&
		x.linfo[3].insn_off == 3 && x.linfo[3].line_off == STR_LINE(5),
		"dead code: line info follows, the call inherits the removed branch's line",
		"%u records, [1] at %u line %u, [2] at %u line %u", x.nr_linfo,
		x.linfo[1].insn_off, x.linfo[1].line_off, x.linfo[2].insn_off,
		x.linfo[2].line_off);
	TEST_EQ(run_prog(fd, 64), 42, "dead code: the program still returns sub1's 42");
out:
	close(fd);
}

/* What the unprivileged get: the dead insn is a trap, nothing moves. */
static void test_dead_code_unpriv(void)
{
	struct xlated x;
	int fd;

	fd = LOAD(BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 1, 1),
		  BPF_MOV64_IMM(BPF_REG_0, 2),
		  BPF_EXIT_INSN());
	if (!TEST_OK(fd >= 0, "unpriv: dead code: loads", "%s", logbuf))
		return;
	TEST_OK(!get_xlated(fd, &x) && x.cnt == 4 &&
		insn_eq(&x.insns[1], &BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 1, 1)) &&
		insn_eq(&x.insns[2], &BPF_JMP_A(-1)),
		"unpriv: dead code: kept, the dead insn is ja -1", "see the lines above");
	TEST_EQ(run_prog(fd, 64), 1, "unpriv: dead code: returns 1");
	close(fd);
}

/* ---------------------------------------------------------------- */
/* bpf_loop inlining                                                 */
/* ---------------------------------------------------------------- */

/*
 * sum = 0; n = bpf_loop(nr, cb, &sum, 0); return n * 100 + sum, with
 * cb(i, ctx) adding i to *ctx; a stack of 8 bytes of its own.
 */
static int load_loop(u32 nr, u32 flags, u32 log_level)
{
	const struct bpf_insn insns[] = {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		BPF_MOV64_IMM(BPF_REG_1, nr),
		BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_2, BPF_PSEUDO_FUNC, 0, 9),
		BPF_RAW_INSN(0, 0, 0, 0, 0),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, flags),
		BPF_EMIT_CALL(BPF_FUNC_loop),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 100),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
		/* callback */
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_2, 0),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_3, BPF_REG_1),
		BPF_STX_MEM(BPF_DW, BPF_REG_2, BPF_REG_3, 0),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	};
	const struct bpf_func_info finfo[] = { { 0, 3 }, { 12, 4 } };
	struct load l = {
		.insns = insns, .cnt = ARRAY_SIZE(insns), .log_level = log_level,
		.btf_fd = btf_fd, .finfo = finfo, .nr_finfo = ARRAY_SIZE(finfo),
	};

	return prog_load(&l);
}

static void test_bpf_loop(void)
{
	/* the 6.1 sequence: r6-r8 saved at -(8 + 24)..-16, below sum */
	const struct bpf_insn want[] = {
		BPF_JMP_IMM(BPF_JLE, BPF_REG_1, BPF_MAX_LOOPS, 2),
		BPF_MOV32_IMM(BPF_REG_0, -E2BIG),
		BPF_JMP_IMM(BPF_JA, 0, 0, 16),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_6, -32),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_7, -24),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_8, -16),
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_MOV32_IMM(BPF_REG_7, 0),
		BPF_MOV64_REG(BPF_REG_8, BPF_REG_3),
		BPF_JMP_REG(BPF_JGE, BPF_REG_7, BPF_REG_6, 5),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_7),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_8),
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, ANY_OFF, ANY_IMM),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_7, 1),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -6),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_7),
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_10, -32),
		BPF_LDX_MEM(BPF_DW, BPF_REG_7, BPF_REG_10, -24),
		BPF_LDX_MEM(BPF_DW, BPF_REG_8, BPF_REG_10, -16),
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
	};
	struct xlated x;
	int fd, at;

	fd = load_loop(5, 0, LOG_LEVEL1 | LOG_STATS);
	if (!TEST_OK(fd >= 0, "bpf_loop: a loop with flags 0 loads", "%s", logbuf))
		return;
	TEST_OK(strstr(logbuf, "stack depth 32+0"), "bpf_loop: the main frame grew by 24",
		"%s", logbuf);
	if (!TEST_OK(!get_xlated(fd, &x), "bpf_loop: info of the program", "see the lines above"))
		goto out;
	TEST_OK(!has_helper_call(&x, -1), "bpf_loop: no helper call is left", "see the lines above");
	at = xlated_find(&x, want, ARRAY_SIZE(want));
	if (!TEST_OK(at == 7, "bpf_loop: 6.1's sequence in place of the call", "found at %d", at))
		print_insns("xlated", x.insns, x.cnt);
	/* the callback follows main's 8 + 19 - 1 + 4 insns */
	if (at == 7 && !on_host)
		TEST_EQ(at + 12 + x.insns[at + 12].imm + 1, 30,
			"bpf_loop: the call reaches the callback");
	TEST_EQ(run_prog(fd, 64), 5 * 100 + 10, "bpf_loop: 5 iterations summing 0..4");
out:
	close(fd);

	/* the bound: 6.1's -E2BIG, in 32 bits, and the loop not run */
	fd = load_loop(BPF_MAX_LOOPS + 1, 0, 1);
	if (TEST_OK(fd >= 0, "bpf_loop: too many loops loads", "%s", logbuf)) {
		TEST_EQ(run_prog(fd, 64), (u32)(-E2BIG * 100), "bpf_loop: inlined -E2BIG");
		close(fd);
	}

	/* flags != 0: the helper is called, and refuses */
	fd = load_loop(5, 1, 1);
	if (TEST_OK(fd >= 0, "bpf_loop: flags 1 loads", "%s", logbuf)) {
		TEST_OK(!get_xlated(fd, &x) && has_helper_call(&x, -1),
			"bpf_loop: flags 1: the call stays", "see the lines above");
		if (!on_host)
			TEST_EQ(run_prog(fd, 64), (u32)(-EINVAL * 100),
				"bpf_loop: flags 1: the helper's -EINVAL");
		close(fd);
	}
}

/* ---------------------------------------------------------------- */
/* Inline array lookups                                              */
/* ---------------------------------------------------------------- */

/* return *(u32 *)(lookup(map, &key) + off), or 1000 for NULL */
static int load_lookup(int map_fd, u32 key, s16 off, int size)
{
	return LOAD(BPF_ST_MEM(BPF_W, BPF_REG_10, -4, key),
		    BPF_LD_MAP_FD(BPF_REG_1, map_fd),
		    BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		    BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		    BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		    BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		    BPF_MOV64_IMM(BPF_REG_0, 1000),
		    BPF_EXIT_INSN(),
		    BPF_LDX_MEM(size, BPF_REG_0, BPF_REG_0, off),
		    BPF_EXIT_INSN());
}

static void test_array_lookup_one(const char *name, u32 map_flags)
{
	/* value_size 20: elements of 24 bytes, indexed by a multiply */
	const struct bpf_insn tail[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 0),
		BPF_JMP_IMM(BPF_JGE, BPF_REG_0, 5, ANY_OFF),
	};
	const struct bpf_insn tail2[] = {
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 24),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_JMP_IMM(BPF_JA, 0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
	};
	u8 value[20];
	char what[128];
	struct xlated x;
	int map_fd, fd, at;
	u32 i;

	map_fd = map_create(BPF_MAP_TYPE_ARRAY, sizeof(value), 5, map_flags);
	snprintf(what, sizeof(what), "array lookup (%s): map created", name);
	if (!TEST_OK(map_fd >= 0, what, "errno %d", errno))
		return;
	/* the last word of each value: 0x8i00100i, little-endian */
	for (i = 0; i < 5; i++) {
		memset(value, 0, sizeof(value));
		memcpy(value + 16, &(u32){ (0x80U | i) << 24 | 0x1000 | i }, 4);
		map_update(map_fd, i, value);
	}

	fd = load_lookup(map_fd, 3, 16, BPF_W);
	snprintf(what, sizeof(what), "array lookup (%s): loads", name);
	if (TEST_OK(fd >= 0, what, "%s", logbuf)) {
		snprintf(what, sizeof(what), "array lookup (%s): inlined, no call", name);
		TEST_OK(!get_xlated(fd, &x) && !has_helper_call(&x, -1), what, "see the lines above");
		at = xlated_find(&x, tail, ARRAY_SIZE(tail));
		snprintf(what, sizeof(what), "array lookup (%s): 6.1's sequence", name);
		TEST_OK(at == 6 && xlated_find(&x, tail2, ARRAY_SIZE(tail2)) > at, what,
			"key load at %d", at);
		if (at < 0)
			print_insns("xlated", x.insns, x.cnt);
		snprintf(what, sizeof(what), "array lookup (%s): value of key 3", name);
		TEST_EQ(run_prog(fd, 64), 0x83001003, what);
		close(fd);
	}
	/* out of range, including a key that is negative as an int */
	fd = load_lookup(map_fd, 5, 16, BPF_W);
	snprintf(what, sizeof(what), "array lookup (%s): key 5 of 5 is NULL", name);
	TEST_EQ(fd >= 0 ? run_prog(fd, 64) : ~0U, 1000, what);
	if (fd >= 0)
		close(fd);
	fd = load_lookup(map_fd, 0xffffffff, 16, BPF_W);
	snprintf(what, sizeof(what), "array lookup (%s): key -1 is NULL", name);
	TEST_EQ(fd >= 0 ? run_prog(fd, 64) : ~0U, 1000, what);
	if (fd >= 0)
		close(fd);
	/* the last byte of the last value: inside the run's bounds */
	fd = load_lookup(map_fd, 4, 19, BPF_B);
	snprintf(what, sizeof(what), "array lookup (%s): last byte of the last value", name);
	TEST_EQ(fd >= 0 ? run_prog(fd, 64) : ~0U, 0x84, what);
	if (fd >= 0)
		close(fd);
	close(map_fd);
}

static void test_array_lookup(void)
{
	struct bpf_insn buf[16];
	int map_fd, fd;

	if (!on_host) {
		TEST_OK(array_map_ops.map_gen_lookup == array_map_gen_lookup,
			"array maps inline their lookups (arraymap.c's ops table)", "see the lines above");
		TEST_OK(percpu_array_map_ops.map_gen_lookup == NULL,
			"per-CPU arrays do not, as 6.1", "see the lines above");
	}
	test_array_lookup_one("plain", 0);
	test_array_lookup_one("mmapable", BPF_F_MMAPABLE);

	/* an inner map template cannot fix max_entries: no inline code */
	if (on_host)
		return;
	map_fd = map_create(BPF_MAP_TYPE_ARRAY, 8, 4, BPF_F_INNER_MAP);
	if (TEST_OK(map_fd >= 0, "array lookup: BPF_F_INNER_MAP array created", "see the lines above")) {
		struct bpf_map *map;

		/* what the verifier holds: the map behind the fd */
		map = bpf_map_get(map_fd);
		TEST_EQ(!IS_ERR(map) ? array_map_gen_lookup(map, buf) : 0, -EOPNOTSUPP,
			"array lookup: BPF_F_INNER_MAP: -EOPNOTSUPP");
		if (!IS_ERR(map))
			bpf_map_put(map);
		fd = load_lookup(map_fd, 1, 0, BPF_W);
		TEST_OK(fd >= 0 && run_prog(fd, 64) == 0, "array lookup: BPF_F_INNER_MAP: called", "see the lines above");
		if (fd >= 0)
			close(fd);
		close(map_fd);
	}
}

/* ---------------------------------------------------------------- */
/* BPF_F_TEST_RND_HI32                                               */
/* ---------------------------------------------------------------- */

static void test_rnd_hi32(void)
{
	const struct bpf_insn rnd[] = {
		BPF_MOV32_IMM(BPF_REG_1, 7),
		BPF_ALU64_IMM(BPF_MOV, BPF_REG_AX, ANY_IMM),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_AX, 32),
		BPF_ALU64_REG(BPF_OR, BPF_REG_1, BPF_REG_AX),
		BPF_MOV32_REG(BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	};
	struct xlated x, y;
	int fd, fd2;

	/* r1's upper half is never read: randomized; r0's is (exit) */
	fd = LOAD_FLAGS(BPF_F_TEST_RND_HI32,
			BPF_MOV32_IMM(BPF_REG_1, 7),
			BPF_MOV32_REG(BPF_REG_0, BPF_REG_1),
			BPF_EXIT_INSN());
	if (!TEST_OK(fd >= 0, "rnd_hi32: loads", "%s", logbuf))
		return;
	TEST_OK(!get_xlated(fd, &x) && xlated_is(&x, rnd, ARRAY_SIZE(rnd)),
		"rnd_hi32: random upper half after the def no one reads as 64 bits, none after r0's", "see the lines above");
	TEST_EQ(run_prog(fd, 64), 7, "rnd_hi32: the program still returns 7");
	fd2 = LOAD_FLAGS(BPF_F_TEST_RND_HI32,
			 BPF_MOV32_IMM(BPF_REG_1, 7),
			 BPF_MOV32_REG(BPF_REG_0, BPF_REG_1),
			 BPF_EXIT_INSN());
	TEST_OK(fd2 >= 0 && !get_xlated(fd2, &y) && y.cnt == x.cnt &&
		x.insns[1].imm != y.insns[1].imm,
		"rnd_hi32: a new random value at each load", "see the lines above");
	if (fd2 >= 0)
		close(fd2);
	close(fd);

	/* without the flag: nothing added */
	fd = LOAD(BPF_MOV32_IMM(BPF_REG_1, 7),
		  BPF_MOV32_REG(BPF_REG_0, BPF_REG_1),
		  BPF_EXIT_INSN());
	TEST_OK(fd >= 0 && !get_xlated(fd, &x) && x.cnt == 3, "rnd_hi32: none without the flag", "see the lines above");
	if (fd >= 0)
		close(fd);

	/* a 32-bit def read as 64 bits, also through a spill: upper half 0 */
	fd = LOAD_FLAGS(BPF_F_TEST_RND_HI32,
			BPF_MOV32_IMM(BPF_REG_1, -1),
			BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
			BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -8),
			BPF_ALU64_IMM(BPF_RSH, BPF_REG_2, 32),
			BPF_MOV32_IMM(BPF_REG_3, 5),
			BPF_ALU64_REG(BPF_MOV, BPF_REG_0, BPF_REG_3),
			BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 32),
			BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_2),
			BPF_EXIT_INSN());
	if (TEST_OK(fd >= 0, "rnd_hi32: 64-bit reads load", "%s", logbuf)) {
		TEST_OK(!get_xlated(fd, &x) && x.cnt == 9,
			"rnd_hi32: no random half where a 64-bit read follows", "%u insns", x.cnt);
		TEST_EQ(run_prog(fd, 64), 0, "rnd_hi32: the upper halves read are 0");
		close(fd);
	}

	/* CMPXCHG whose r0 is read as 64 bits: 6.1's explicit zero extension */
	fd = LOAD(BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 3),
		  BPF_MOV64_IMM(BPF_REG_0, 3),
		  BPF_MOV64_IMM(BPF_REG_1, 9),
		  BPF_ATOMIC_OP(BPF_W, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -8),
		  BPF_EXIT_INSN());
	if (TEST_OK(fd >= 0, "cmpxchg: loads", "%s", logbuf)) {
		const struct bpf_insn zext[] = {
			BPF_ATOMIC_OP(BPF_W, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -8),
			BPF_RAW_INSN(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_0, 0, 1),
			BPF_EXIT_INSN(),
		};

		TEST_OK(!get_xlated(fd, &x) && xlated_find(&x, zext, ARRAY_SIZE(zext)) == 3,
			"cmpxchg: zero extension of r0 after it", "see the lines above");
		TEST_EQ(run_prog(fd, 64), 3, "cmpxchg: returns the old value");
		close(fd);
	}
}

/* ---------------------------------------------------------------- */
/* Tail calls of the unprivileged                                    */
/* ---------------------------------------------------------------- */

static void test_tail_call(bool unpriv)
{
	int a, b, fd;
	struct xlated x;
	const struct bpf_insn bound[] = {
		BPF_JMP_IMM(BPF_JGE, BPF_REG_3, 3, 2),
		BPF_ALU32_IMM(BPF_AND, BPF_REG_3, 3),
		BPF_EMIT_CALL(BPF_FUNC_tail_call),
	};

	a = map_create(BPF_MAP_TYPE_PROG_ARRAY, 4, 3, 0);
	b = map_create(BPF_MAP_TYPE_PROG_ARRAY, 4, 3, 0);
	if (!TEST_OK(a >= 0 && b >= 0, "tail call: prog arrays created", "errno %d", errno))
		goto out;
	fd = LOAD(BPF_MOV64_IMM(BPF_REG_3, 1),
		  BPF_LD_MAP_FD(BPF_REG_2, a),
		  BPF_EMIT_CALL(BPF_FUNC_tail_call),
		  BPF_MOV64_IMM(BPF_REG_0, 7),
		  BPF_EXIT_INSN());
	if (TEST_OK(fd >= 0, unpriv ? "unpriv: tail call: loads" : "tail call: loads",
		    "%s", logbuf)) {
		bool found = !get_xlated(fd, &x) && xlated_find(&x, bound, ARRAY_SIZE(bound)) >= 0;

		TEST_OK(unpriv ? found : !found && x.cnt == 6,
			unpriv ? "unpriv: tail call: index bounded and masked first" :
				 "tail call: as written for the privileged", "see the lines above");
		TEST_EQ(run_prog(fd, 64), 7, unpriv ? "unpriv: tail call: empty slot, falls through" :
			"tail call: empty slot, falls through");
		close(fd);
	}
	/* two prog arrays reach one call */
	fd = LOAD(BPF_LDX_MEM(BPF_W, BPF_REG_6, BPF_REG_1, offsetof(struct __sk_buff, len)),
		  BPF_MOV64_IMM(BPF_REG_3, 1),
		  BPF_JMP_IMM(BPF_JGT, BPF_REG_6, 20, 3),
		  BPF_LD_MAP_FD(BPF_REG_2, a),
		  BPF_JMP_A(2),
		  BPF_LD_MAP_FD(BPF_REG_2, b),
		  BPF_EMIT_CALL(BPF_FUNC_tail_call),
		  BPF_MOV64_IMM(BPF_REG_0, 7),
		  BPF_EXIT_INSN());
	if (unpriv) {
		TEST_ERRNO(fd, EINVAL, "unpriv: tail call through two maps refused");
		TEST_OK(strstr(logbuf, "tail_call abusing map_ptr\n"),
			"unpriv: tail call through two maps: 6.1's message", "%s", logbuf);
	} else {
		TEST_OK(fd >= 0, "tail call through two maps loads", "%s", logbuf);
		TEST_EQ(fd >= 0 ? run_prog(fd, 64) : ~0U, 7, "tail call through two maps runs");
	}
	if (fd >= 0)
		close(fd);
out:
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
}

/* ---------------------------------------------------------------- */

static void test_unprivileged(void)
{
	test_dead_code_unpriv();
	test_tail_call(true);
}

/* Runs this test again as an unprivileged user; true when it passed. */
static bool run_unprivileged(const char *self)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return false;
	if (!pid) {
		setenv("SYSBPF_UNPRIV", "1", 1);
		setenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED", "0", 1);
		execl("/proc/self/exe", self, "--unprivileged", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	on_host = getenv("TEST_VERIFIER_FIXUP_HOST") &&
		  *getenv("TEST_VERIFIER_FIXUP_HOST") == '1';
	if (argc > 1 && !strcmp(argv[1], "--unprivileged")) {
		test_unprivileged();
		return sysbpf_test_done();
	}

	test_dead_code_jumps();
	btf_fd = load_btf();
	if (TEST_OK(btf_fd >= 0, "BTF for func_info and line_info loads", "errno %d: %s",
		    errno, logbuf)) {
		test_dead_code_subprog();
		test_bpf_loop();
	}
	test_array_lookup();
	test_rnd_hi32();
	test_tail_call(false);
	if (btf_fd >= 0)
		close(btf_fd);
	if (!on_host)
		TEST_OK(run_unprivileged(argv[0]), "the unprivileged checks pass",
			"see the lines above");
	return sysbpf_test_done();
}
