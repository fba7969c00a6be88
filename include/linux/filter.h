/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_FILTER_H
#define _SYSBPF_LINUX_FILTER_H

#include <linux/bpf.h>

/* Register numbers and the instruction-building macros of the kernel. */
#define BPF_REG_ARG1	BPF_REG_1
#define BPF_REG_ARG2	BPF_REG_2
#define BPF_REG_ARG3	BPF_REG_3
#define BPF_REG_ARG4	BPF_REG_4
#define BPF_REG_ARG5	BPF_REG_5
#define BPF_REG_CTX	BPF_REG_6
#define BPF_REG_FP	BPF_REG_10
#define BPF_REG_A	BPF_REG_0
#define BPF_REG_X	BPF_REG_7
#define BPF_REG_TMP	BPF_REG_2
#define BPF_REG_AX	MAX_BPF_REG	/* internal scratch register, never in user programs */
#define MAX_BPF_EXT_REG	(MAX_BPF_REG + 1)

#define MAX_BPF_STACK	512
#define BPF_TAG_SIZE	8

/* Internal opcodes (never accepted from user space). */
#define BPF_ALU64	0x07
#define BPF_DW		0x18
#define BPF_ATOMIC	0xc0
#define BPF_XADD	0xc0
#define BPF_MOV		0xb0
#define BPF_ARSH	0xc0
#define BPF_END		0xd0
#define BPF_TAIL_CALL	0xf0
#define BPF_TO_LE	0x00
#define BPF_TO_BE	0x08
#define BPF_JNE		0x50
#define BPF_JLT		0xa0
#define BPF_JLE		0xb0
#define BPF_JSGT	0x60
#define BPF_JSGE	0x70
#define BPF_JSLT	0xc0
#define BPF_JSLE	0xd0
#define BPF_CALL	0x80
#define BPF_EXIT	0x90
/*
 * Mode of loads and stores that sysbpf itself generated (context
 * conversion): the interpreter runs them without the bounds checks it
 * applies to the program's own accesses.
 */
#define BPF_TRUSTED_MEM	0x80
/*
 * 6.1's mode of a load through a BTF pointer (PTR_TO_BTF_ID) after
 * verification: a fault gives 0 instead of an oops.
 */
#define BPF_PROBE_MEM	0x20

#define BPF_OP(code)	((code) & 0xf0)
#define BPF_SRC(code)	((code) & 0x08)
#define BPF_CLASS(code)	((code) & 0x07)
#define BPF_SIZE(code)	((code) & 0x18)
#define BPF_MODE(code)	((code) & 0xe0)

#define BPF_ALU64_REG(OP, DST, SRC)	((struct bpf_insn){ .code = BPF_ALU64 | BPF_OP(OP) | BPF_X, .dst_reg = DST, .src_reg = SRC })
#define BPF_ALU32_REG(OP, DST, SRC)	((struct bpf_insn){ .code = BPF_ALU | BPF_OP(OP) | BPF_X, .dst_reg = DST, .src_reg = SRC })
#define BPF_ALU64_IMM(OP, DST, IMM)	((struct bpf_insn){ .code = BPF_ALU64 | BPF_OP(OP) | BPF_K, .dst_reg = DST, .imm = IMM })
#define BPF_ALU32_IMM(OP, DST, IMM)	((struct bpf_insn){ .code = BPF_ALU | BPF_OP(OP) | BPF_K, .dst_reg = DST, .imm = IMM })
#define BPF_ENDIAN(TYPE, DST, LEN)	((struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_SRC(TYPE), .dst_reg = DST, .imm = LEN })
#define BPF_MOV64_REG(DST, SRC)		((struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = DST, .src_reg = SRC })
#define BPF_MOV32_REG(DST, SRC)		((struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = DST, .src_reg = SRC })
#define BPF_MOV64_IMM(DST, IMM)		((struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = DST, .imm = IMM })
#define BPF_MOV32_IMM(DST, IMM)		((struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_K, .dst_reg = DST, .imm = IMM })
#define BPF_LD_IMM64_RAW(DST, SRC, IMM)						\
	((struct bpf_insn){ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = DST, .src_reg = SRC, .imm = (__u32)(IMM) }), \
	((struct bpf_insn){ .imm = (__u32)(((__u64)(IMM)) >> 32) })
#define BPF_LD_IMM64(DST, IMM)		BPF_LD_IMM64_RAW(DST, 0, IMM)
#define BPF_LD_MAP_FD(DST, MAP_FD)	BPF_LD_IMM64_RAW(DST, BPF_PSEUDO_MAP_FD, MAP_FD)
#define BPF_LD_ABS(SIZE, IMM)		((struct bpf_insn){ .code = BPF_LD | BPF_SIZE(SIZE) | BPF_ABS, .imm = IMM })
#define BPF_LD_IND(SIZE, SRC, IMM)	((struct bpf_insn){ .code = BPF_LD | BPF_SIZE(SIZE) | BPF_IND, .src_reg = SRC, .imm = IMM })
#define BPF_LDX_MEM(SIZE, DST, SRC, OFF) ((struct bpf_insn){ .code = BPF_LDX | BPF_SIZE(SIZE) | BPF_MEM, .dst_reg = DST, .src_reg = SRC, .off = OFF })
#define BPF_STX_MEM(SIZE, DST, SRC, OFF) ((struct bpf_insn){ .code = BPF_STX | BPF_SIZE(SIZE) | BPF_MEM, .dst_reg = DST, .src_reg = SRC, .off = OFF })
#define BPF_ST_MEM(SIZE, DST, OFF, IMM)	((struct bpf_insn){ .code = BPF_ST | BPF_SIZE(SIZE) | BPF_MEM, .dst_reg = DST, .off = OFF, .imm = IMM })
#define BPF_ATOMIC_OP(SIZE, OP, DST, SRC, OFF) ((struct bpf_insn){ .code = BPF_STX | BPF_SIZE(SIZE) | BPF_ATOMIC, .dst_reg = DST, .src_reg = SRC, .off = OFF, .imm = OP })
#define BPF_JMP_REG(OP, DST, SRC, OFF)	((struct bpf_insn){ .code = BPF_JMP | BPF_OP(OP) | BPF_X, .dst_reg = DST, .src_reg = SRC, .off = OFF })
#define BPF_JMP_IMM(OP, DST, IMM, OFF)	((struct bpf_insn){ .code = BPF_JMP | BPF_OP(OP) | BPF_K, .dst_reg = DST, .off = OFF, .imm = IMM })
#define BPF_JMP32_REG(OP, DST, SRC, OFF) ((struct bpf_insn){ .code = BPF_JMP32 | BPF_OP(OP) | BPF_X, .dst_reg = DST, .src_reg = SRC, .off = OFF })
#define BPF_JMP32_IMM(OP, DST, IMM, OFF) ((struct bpf_insn){ .code = BPF_JMP32 | BPF_OP(OP) | BPF_K, .dst_reg = DST, .off = OFF, .imm = IMM })
#define BPF_JMP_A(OFF)			((struct bpf_insn){ .code = BPF_JMP | BPF_JA, .off = OFF })
#define BPF_CALL_REL(IMM)		((struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = IMM })
#define BPF_EMIT_CALL(FUNC_ID)		((struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = FUNC_ID })
#define BPF_EXIT_INSN()			((struct bpf_insn){ .code = BPF_JMP | BPF_EXIT })
#define BPF_RAW_INSN(CODE, DST, SRC, OFF, IMM) ((struct bpf_insn){ .code = CODE, .dst_reg = DST, .src_reg = SRC, .off = OFF, .imm = IMM })

/* The field of a context structure that a converted access reads. */
#define bpf_target_off(TYPE, MEMBER, SIZE, PTR_SIZE)			\
	({ BUILD_BUG_ON(sizeof_field(TYPE, MEMBER) != (SIZE));		\
	   *(PTR_SIZE) = (SIZE); offsetof(TYPE, MEMBER); })
/* a statement, as the kernel's: it may follow a case label */
#define BUILD_BUG_ON(c)	do { _Static_assert(!(c), #c); } while (0)
#define bpf_ctx_range(TYPE, MEMBER) \
	offsetof(TYPE, MEMBER) ... offsetofend(TYPE, MEMBER) - 1
#define bpf_ctx_range_till(TYPE, MEMBER1, MEMBER2) \
	offsetof(TYPE, MEMBER1) ... offsetofend(TYPE, MEMBER2) - 1
#define bpf_ctx_range_ptr(TYPE, MEMBER) \
	offsetof(TYPE, MEMBER) ... offsetofend(TYPE, MEMBER) - 1

/* What is_valid_access tells the verifier about narrow loads of a field. */
static inline void bpf_ctx_record_field_size(struct bpf_insn_access_aux *aux,
					     u32 size)
{
	aux->ctx_field_size = size;
}

static inline bool bpf_ctx_narrow_access_ok(u32 off, u32 size, u32 size_default)
{
	return size <= size_default && (size & (size - 1)) == 0;
}

struct bpf_prog {
	u16 jited:1,		/* machine code in bpf_func */
	    jit_requested:1,
	    gpl_compatible:1,
	    cb_access:1,
	    dst_needed:1,
	    blinding_requested:1,
	    blinded:1,
	    kprobe_override:1,
	    has_callchain_buf:1,
	    enforce_expected_attach_type:1,
	    call_get_stack:1,
	    call_get_func_ip:1,
	    tstamp_type_access:1;
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	u32 len;		/* number of filter blocks */
	u32 jited_len;
	u8 tag[BPF_TAG_SIZE];
	struct bpf_prog_aux *aux;
	unsigned int (*bpf_func)(const void *ctx, const struct bpf_insn *insn);
	struct bpf_insn insnsi[];
};

static inline u32 bpf_prog_insn_size(const struct bpf_prog *prog)
{
	return prog->len * sizeof(struct bpf_insn);
}

static inline u32 bpf_prog_size(u32 insn_cnt)
{
	return sizeof(struct bpf_prog) + insn_cnt * sizeof(struct bpf_insn);
}

struct bpf_prog *bpf_prog_alloc(u32 insn_cnt);
struct bpf_prog *bpf_prog_realloc(struct bpf_prog *fp, u32 insn_cnt);
void bpf_prog_free(struct bpf_prog *fp);
/* Replaces insn off by the len insns of patch; the program may move. */
struct bpf_prog *bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
				       const struct bpf_insn *patch, u32 len);
int bpf_prog_calc_tag(struct bpf_prog *fp);
/* Chooses the runner (interpreter; later the JIT) once verification is done. */
struct bpf_prog *bpf_prog_select_runtime(struct bpf_prog *fp, int *err);

/*
 * Runs a program on ctx with the kernel's calling convention, on one CPU
 * and inside an RCU read-side section, counting run time when stats are
 * enabled.  Returns r0 truncated as the kernel's bpf_prog_run() does.
 */
u32 bpf_prog_run(const struct bpf_prog *prog, const void *ctx);
/* Runs a subprogram (a bpf_loop or for_each callback) with five arguments. */
u64 bpf_prog_run_subprog(const struct bpf_subprog_entry *entry,
			 u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

/*
 * The packet a context exposes, for the run-time bounds checks that stand
 * in for the verifier until it lands: [meta, data) is metadata, [data,
 * data_end) the linear packet.  Set by the program type's test_run.
 */
struct bpf_pkt_bounds {
	void *meta;
	void *data;
	void *data_end;
};
typedef void (*bpf_pkt_bounds_fn)(const void *ctx, struct bpf_pkt_bounds *b);

/* Registers a memory region a helper returned (a map value) for this run. */
void bpf_run_guard_add(const void *start, u64 size, bool writable);
/* True when [p, p + size) lies in memory the current run may touch. */
bool bpf_run_guard_check(const void *p, u64 size, bool write);

/* The trace pipe and why a run was stopped short by a guard. */
void bpf_trace_printk_emit(const char *fmt, ...) __printf(1, 2);

extern int bpf_jit_enable;
extern int bpf_jit_harden;

#endif
