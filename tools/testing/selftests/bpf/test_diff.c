// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test: hand-written instruction sequences loaded into
 * sysbpf (in-process entry) and, where this machine allows bpf(2), into
 * the host kernel, run with BPF_PROG_TEST_RUN on the same packet; retval,
 * data_out and the map contents must agree.  Each case also carries the
 * result the ISA defines, so the test means something without a kernel.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);

struct engine {
	const char *name;
	long (*bpf)(int cmd, union bpf_attr *attr, unsigned int size);
};

static long kernel_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static long sysbpf_bpf_entry(int cmd, union bpf_attr *attr, unsigned int size)
{
	int ret = __sys_bpf(cmd, attr, size);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

static const struct engine engines[] = {
	{ "sysbpf", sysbpf_bpf_entry },
	{ "kernel", kernel_bpf },
};

#define MAP_FD_SLOT	0x7fff	/* replaced by the array map's fd */
#define MAX_INSNS	64

struct diff_case {
	const char *name;
	enum bpf_prog_type type;
	struct bpf_insn insns[MAX_INSNS];
	u32 retval;		/* what the ISA defines */
	bool check_retval;
};

/* r0 = expression over r1 (ctx) only: ALU edge cases. */
#define RET_IMM64(v)	BPF_LD_IMM64(BPF_REG_0, v)

static const struct diff_case cases[] = {
	{ "alu64 div by zero gives 0", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_0, 77),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_ALU64_REG(BPF_DIV, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	}, 0, true },
	{ "alu64 mod by zero keeps dst", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_0, 77),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_ALU64_REG(BPF_MOD, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	}, 77, true },
	{ "alu32 mod by zero zero-extends", BPF_PROG_TYPE_SCHED_CLS, {
		RET_IMM64(0x1234567800000005ULL),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_ALU32_REG(BPF_MOD, BPF_REG_0, BPF_REG_2),
		BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 32),
		BPF_EXIT_INSN(),
	}, 0, true },
	{ "alu32 div by zero", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV32_IMM(BPF_REG_0, 9),
		BPF_MOV32_IMM(BPF_REG_2, 0),
		BPF_ALU32_REG(BPF_DIV, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	}, 0, true },
	{ "unsigned div of negative", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_0, -8),
		BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, 2),
		BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 32),
		BPF_EXIT_INSN(),
	}, 0x7fffffff, true },
	{ "lsh by register masked to 63", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_MOV64_IMM(BPF_REG_2, 65),
		BPF_ALU64_REG(BPF_LSH, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	}, 2, true },
	{ "arsh keeps sign", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_0, -256),
		BPF_ALU64_IMM(BPF_ARSH, BPF_REG_0, 4),
		BPF_EXIT_INSN(),
	}, (u32)-16, true },
	{ "arsh32 by register", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV32_IMM(BPF_REG_0, 0x80000000),
		BPF_MOV32_IMM(BPF_REG_2, 35),
		BPF_ALU32_REG(BPF_ARSH, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	}, 0xf0000000, true },
	{ "neg32 zero-extends", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_0, 5),
		BPF_ALU32_IMM(BPF_NEG, BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 32),
		BPF_EXIT_INSN(),
	}, 0, true },
	{ "be16 swaps and truncates", BPF_PROG_TYPE_SCHED_CLS, {
		RET_IMM64(0x1122334455667788ULL),
		BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 16),
		BPF_EXIT_INSN(),
	}, 0x8877, true },
	{ "be64 high half", BPF_PROG_TYPE_SCHED_CLS, {
		RET_IMM64(0x1122334455667788ULL),
		BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 64),
		BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 32),
		BPF_EXIT_INSN(),
	}, 0x88776655, true },
	{ "le32 truncates", BPF_PROG_TYPE_SCHED_CLS, {
		RET_IMM64(0x1122334455667788ULL),
		BPF_ENDIAN(BPF_TO_LE, BPF_REG_0, 32),
		BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 16),
		BPF_EXIT_INSN(),
	}, 0x5566, true },
	{ "jmp32 signed compare", BPF_PROG_TYPE_SCHED_CLS, {
		RET_IMM64(0x00000001ffffffffULL),
		BPF_JMP32_IMM(BPF_JSLT, BPF_REG_0, 0, 2),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
	}, 2, true },
	{ "jmp64 unsigned vs signed", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_1, -1),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_IMM(BPF_JGT, BPF_REG_1, 5, 1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JSGT, BPF_REG_1, 5, 1),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 10),
		BPF_EXIT_INSN(),
	}, 10, true },
	{ "jset", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_1, 0x30),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JSET, BPF_REG_1, 0x10, 1),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 2),
		BPF_EXIT_INSN(),
	}, 2, true },
	{ "stack store and narrow loads", BPF_PROG_TYPE_SCHED_CLS, {
		RET_IMM64(0x1122334455667788ULL),
		BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_0, -8),
		BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_10, -6),
		BPF_LDX_MEM(BPF_B, BPF_REG_2, BPF_REG_10, -1),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_2, 16),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	}, 0x115566, true },
	{ "atomic fetch add on stack", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 40),
		BPF_MOV64_IMM(BPF_REG_1, 2),
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_10, BPF_REG_1, -8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	}, 82, true },
	{ "atomic cmpxchg miss and hit", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 7),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_MOV64_IMM(BPF_REG_1, 100),
		BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -8),
		BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_10, BPF_REG_1, -8),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8),
		BPF_EXIT_INSN(),
	}, 100, true },
	{ "atomic xchg32", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 5),
		BPF_MOV64_IMM(BPF_REG_0, 9),
		BPF_ATOMIC_OP(BPF_W, BPF_XCHG, BPF_REG_10, BPF_REG_0, -4),
		BPF_LDX_MEM(BPF_W, BPF_REG_1, BPF_REG_10, -4),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_1, 10),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	}, 95, true },
	{ "bpf-to-bpf call", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_6, 1000),
		BPF_MOV64_IMM(BPF_REG_1, 20),
		BPF_CALL_REL(2),
		BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_6),
		BPF_EXIT_INSN(),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_MOV64_IMM(BPF_REG_6, 3),
		BPF_ALU64_IMM(BPF_MUL, BPF_REG_0, 3),
		BPF_EXIT_INSN(),
	}, 1060, true },
	{ "xdp packet bytes", BPF_PROG_TYPE_XDP, {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, offsetof(struct xdp_md, data_end)),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 16),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 3),
		BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_2, 12),
		BPF_ST_MEM(BPF_B, BPF_REG_2, 0, 0x42),
		BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 16),
		BPF_EXIT_INSN(),
	}, 0x0800, true },
	{ "tc skb fields", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct __sk_buff, len)),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct __sk_buff, protocol)),
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_2, 16),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_2),
		BPF_MOV64_IMM(BPF_REG_3, 0x55),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_3, offsetof(struct __sk_buff, mark)),
		BPF_EXIT_INSN(),
	}, 0, false },
	{ "map update then lookup", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 1),		/* key = 1 */
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0x1234),	/* value */
		BPF_LD_MAP_FD(BPF_REG_1, MAP_FD_SLOT),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
		BPF_MOV64_IMM(BPF_REG_4, BPF_ANY),
		BPF_EMIT_CALL(BPF_FUNC_map_update_elem),
		BPF_LD_MAP_FD(BPF_REG_1, MAP_FD_SLOT),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
		BPF_MOV64_IMM(BPF_REG_1, 3),
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_0, BPF_REG_1, 0),
		BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
	}, 0x1237, true },
	{ "map lookup of missing index", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 100),
		BPF_LD_MAP_FD(BPF_REG_1, MAP_FD_SLOT),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -4),
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		BPF_MOV64_IMM(BPF_REG_1, 7),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_1, 9),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	}, 9, true },
	{ "skb_load_bytes", BPF_PROG_TYPE_SCHED_CLS, {
		BPF_MOV64_IMM(BPF_REG_2, 12),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, 2),
		BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 2),
		BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_10, -8),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	}, 0x0008, true },
	{ "ld_abs and ld_ind", BPF_PROG_TYPE_SOCKET_FILTER, {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LD_ABS(BPF_B, 9),			/* IPv4 protocol */
		BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		BPF_MOV64_IMM(BPF_REG_8, 2),
		BPF_LD_IND(BPF_H, BPF_REG_8, 0),	/* total length */
		BPF_ALU64_IMM(BPF_LSH, BPF_REG_7, 16),
		BPF_ALU64_REG(BPF_OR, BPF_REG_0, BPF_REG_7),
		BPF_EXIT_INSN(),
	}, (17 << 16) | 46, true },
};

/* An Ethernet/IPv4/UDP frame of 60 bytes. */
static void make_packet(unsigned char *p, size_t len)
{
	static const unsigned char hdr[] = {
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
		0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0,
		192, 0, 2, 1, 192, 0, 2, 2,
		0x13, 0x88, 0x00, 0x35, 0, 26, 0, 0,
	};
	size_t i;

	memset(p, 0, len);
	memcpy(p, hdr, sizeof(hdr));
	for (i = sizeof(hdr); i < len; i++)
		p[i] = (unsigned char)i;
}

struct result {
	int load_err, run_err;
	u32 retval, data_size_out;
	unsigned char data_out[128];
	u64 map_vals[4];
};

static int insn_cnt(const struct bpf_insn *insns)
{
	int n = MAX_INSNS;

	while (n > 0 && !insns[n - 1].code && !insns[n - 1].imm && !insns[n - 1].dst_reg &&
	       !insns[n - 1].src_reg && !insns[n - 1].off)
		n--;
	return n;
}

static void run_case(const struct engine *e, const struct diff_case *c, struct result *r)
{
	struct bpf_insn insns[MAX_INSNS];
	unsigned char pkt[60];
	union bpf_attr a;
	int map_fd, prog_fd, n = insn_cnt(c->insns), i;
	u32 key;

	memset(r, 0, sizeof(*r));
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 4;
	map_fd = e->bpf(BPF_MAP_CREATE, &a, sizeof(a));
	if (map_fd < 0) {
		r->load_err = errno;
		return;
	}
	memcpy(insns, c->insns, sizeof(insns));
	for (i = 0; i < n; i++)
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD && insns[i].imm == MAP_FD_SLOT)
			insns[i].imm = map_fd;
	memset(&a, 0, sizeof(a));
	a.prog_type = c->type;
	a.insns = (u64)(unsigned long)insns;
	a.insn_cnt = n;
	a.license = (u64)(unsigned long)"GPL";
	prog_fd = e->bpf(BPF_PROG_LOAD, &a, sizeof(a));
	if (prog_fd < 0) {
		r->load_err = errno;
		close(map_fd);
		return;
	}
	make_packet(pkt, sizeof(pkt));
	memset(&a, 0, sizeof(a));
	a.test.prog_fd = prog_fd;
	a.test.data_in = (u64)(unsigned long)pkt;
	a.test.data_size_in = sizeof(pkt);
	a.test.data_out = (u64)(unsigned long)r->data_out;
	a.test.data_size_out = sizeof(r->data_out);
	a.test.repeat = 1;
	if (e->bpf(BPF_PROG_TEST_RUN, &a, sizeof(a)) < 0)
		r->run_err = errno;
	r->retval = a.test.retval;
	r->data_size_out = a.test.data_size_out;
	for (key = 0; key < 4; key++) {
		memset(&a, 0, sizeof(a));
		a.map_fd = map_fd;
		a.key = (u64)(unsigned long)&key;
		a.value = (u64)(unsigned long)&r->map_vals[key];
		e->bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a));
	}
	close(prog_fd);
	close(map_fd);
}

int main(void)
{
	bool have_kernel = getenv("SYSBPF_NO_HOST") == NULL && geteuid() == 0;
	int compared = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct diff_case *c = &cases[i];
		struct result s, k;
		char name[160];

		run_case(&engines[0], c, &s);
		snprintf(name, sizeof(name), "%s: sysbpf loads and runs", c->name);
		TEST_OK(!s.load_err && !s.run_err, name, "load errno %d, run errno %d",
			s.load_err, s.run_err);
		if (c->check_retval) {
			snprintf(name, sizeof(name), "%s: retval as the ISA defines", c->name);
			TEST_EQ(s.retval, c->retval, name);
		}
		if (!have_kernel)
			continue;
		run_case(&engines[1], c, &k);
		if (k.load_err == EPERM) {
			have_kernel = false;
			continue;
		}
		compared++;
		snprintf(name, sizeof(name), "%s: kernel agrees on verdict", c->name);
		TEST_OK(k.load_err == s.load_err && k.run_err == s.run_err, name,
			"kernel load/run errno %d/%d, sysbpf %d/%d", k.load_err, k.run_err,
			s.load_err, s.run_err);
		snprintf(name, sizeof(name), "%s: kernel agrees on retval", c->name);
		TEST_EQ(s.retval, k.retval, name);
		snprintf(name, sizeof(name), "%s: kernel agrees on data_out", c->name);
		TEST_OK(s.data_size_out == k.data_size_out &&
			!memcmp(s.data_out, k.data_out, s.data_size_out), name,
			"sizes %u/%u", s.data_size_out, k.data_size_out);
		snprintf(name, sizeof(name), "%s: kernel agrees on map contents", c->name);
		TEST_OK(!memcmp(s.map_vals, k.map_vals, sizeof(s.map_vals)), name, " ");
	}
	printf("# %d cases compared with the host kernel\n", compared);
	return sysbpf_test_done();
}
