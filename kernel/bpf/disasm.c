// SPDX-License-Identifier: GPL-2.0
/*
 * The eBPF instruction printer: one line per instruction, in the text
 * Linux 6.1 writes into verifier logs and bpftool shows in xlated dumps,
 * e.g. "(07) r1 += -8", "(85) call bpf_map_lookup_elem#1", "(95) exit".
 * The instructions sysbpf itself generates print as their public
 * counterparts: trusted context loads as plain loads.
 */
#include <linux/disasm.h>
#include <linux/filter.h>
#include <stdio.h>

#define FUNC_NAME(x)	[BPF_FUNC_ ## x] = "bpf_" #x
static const char *const func_id_str[__BPF_FUNC_MAX_ID] = {
	__BPF_FUNC_MAPPER(FUNC_NAME)
};
#undef FUNC_NAME

const char *func_id_name(int id)
{
	if (id < 0 || id >= __BPF_FUNC_MAX_ID || !func_id_str[id])
		return "unknown";
	return func_id_str[id];
}

const char *const bpf_class_string[8] = {
	[BPF_LD]	= "ld",
	[BPF_LDX]	= "ldx",
	[BPF_ST]	= "st",
	[BPF_STX]	= "stx",
	[BPF_ALU]	= "alu",
	[BPF_JMP]	= "jmp",
	[BPF_JMP32]	= "jmp32",
	[BPF_ALU64]	= "alu64",
};

const char *const bpf_alu_string[16] = {
	[BPF_ADD >> 4]	= "+=",
	[BPF_SUB >> 4]	= "-=",
	[BPF_MUL >> 4]	= "*=",
	[BPF_DIV >> 4]	= "/=",
	[BPF_OR >> 4]	= "|=",
	[BPF_AND >> 4]	= "&=",
	[BPF_LSH >> 4]	= "<<=",
	[BPF_RSH >> 4]	= ">>=",
	[BPF_NEG >> 4]	= "neg",
	[BPF_MOD >> 4]	= "%=",
	[BPF_XOR >> 4]	= "^=",
	[BPF_MOV >> 4]	= "=",
	[BPF_ARSH >> 4]	= "s>>=",
	[BPF_END >> 4]	= "endian",
};

static const char *const bpf_atomic_alu_string[16] = {
	[BPF_ADD >> 4]	= "add",
	[BPF_AND >> 4]	= "and",
	[BPF_OR >> 4]	= "or",
	[BPF_XOR >> 4]	= "xor",
};

static const char *const bpf_ldst_string[4] = {
	[BPF_W >> 3]	= "u32",
	[BPF_H >> 3]	= "u16",
	[BPF_B >> 3]	= "u8",
	[BPF_DW >> 3]	= "u64",
};

static const char *const bpf_jmp_string[16] = {
	[BPF_JA >> 4]	= "jmp",
	[BPF_JEQ >> 4]	= "==",
	[BPF_JGT >> 4]	= ">",
	[BPF_JLT >> 4]	= "<",
	[BPF_JGE >> 4]	= ">=",
	[BPF_JLE >> 4]	= "<=",
	[BPF_JSET >> 4]	= "&",
	[BPF_JNE >> 4]	= "!=",
	[BPF_JSGT >> 4]	= "s>",
	[BPF_JSLT >> 4]	= "s<",
	[BPF_JSGE >> 4]	= "s>=",
	[BPF_JSLE >> 4]	= "s<=",
	[BPF_CALL >> 4]	= "call",
	[BPF_EXIT >> 4]	= "exit",
};

#define PRINT(cbs, ...)	(cbs)->cb_print((cbs)->private_data, __VA_ARGS__)

static const char *ldst_size(const struct bpf_insn *insn)
{
	return bpf_ldst_string[BPF_SIZE(insn->code) >> 3];
}

/* 'w' names the 32-bit half of a register in ALU and JMP32 instructions. */
static char reg_prefix(bool wide)
{
	return wide ? 'r' : 'w';
}

/* The memory modes a load or store may print as a plain access. */
static bool mode_is_mem(u8 code)
{
	return BPF_MODE(code) == BPF_MEM || BPF_MODE(code) == BPF_TRUSTED_MEM ||
	       (BPF_MODE(code) == BPF_PROBE_MEM && BPF_CLASS(code) == BPF_LDX);
}

static void print_alu(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	char r = reg_prefix(class == BPF_ALU64);
	const char *op_str = bpf_alu_string[op >> 4];

	if (op == BPF_END) {
		if (class == BPF_ALU64) {
			PRINT(cbs, "BUG_alu64_%02x\n", insn->code);
			return;
		}
		PRINT(cbs, "(%02x) r%d = %s%d r%d\n", insn->code, insn->dst_reg,
		      BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le",
		      insn->imm, insn->dst_reg);
	} else if (op == BPF_NEG) {
		PRINT(cbs, "(%02x) %c%d = -%c%d\n", insn->code, r, insn->dst_reg,
		      r, insn->dst_reg);
	} else if (!op_str) {
		PRINT(cbs, "BUG_alu_%02x\n", insn->code);
	} else if (BPF_SRC(insn->code) == BPF_X) {
		PRINT(cbs, "(%02x) %c%d %s %c%d\n", insn->code, r, insn->dst_reg,
		      op_str, r, insn->src_reg);
	} else {
		PRINT(cbs, "(%02x) %c%d %s %d\n", insn->code, r, insn->dst_reg,
		      op_str, insn->imm);
	}
}

static void print_atomic(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn)
{
	const char *bits = BPF_SIZE(insn->code) == BPF_DW ? "64" : "";
	int op = insn->imm & ~BPF_FETCH;

	switch (insn->imm) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		PRINT(cbs, "(%02x) lock *(%s *)(r%d %+d) %s r%d\n", insn->code,
		      ldst_size(insn), insn->dst_reg, insn->off,
		      bpf_alu_string[op >> 4], insn->src_reg);
		break;
	case BPF_ADD | BPF_FETCH:
	case BPF_AND | BPF_FETCH:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR | BPF_FETCH:
		PRINT(cbs, "(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)\n",
		      insn->code, insn->src_reg, bits,
		      bpf_atomic_alu_string[op >> 4], ldst_size(insn),
		      insn->dst_reg, insn->off, insn->src_reg);
		break;
	case BPF_CMPXCHG:
		PRINT(cbs, "(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)\n",
		      insn->code, bits, ldst_size(insn), insn->dst_reg, insn->off,
		      insn->src_reg);
		break;
	case BPF_XCHG:
		PRINT(cbs, "(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)\n",
		      insn->code, insn->src_reg, bits, ldst_size(insn),
		      insn->dst_reg, insn->off, insn->src_reg);
		break;
	default:
		PRINT(cbs, "BUG_%02x\n", insn->code);
	}
}

static void print_stx(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn)
{
	if (mode_is_mem(insn->code))
		PRINT(cbs, "(%02x) *(%s *)(r%d %+d) = r%d\n", insn->code,
		      ldst_size(insn), insn->dst_reg, insn->off, insn->src_reg);
	else if (BPF_MODE(insn->code) == BPF_ATOMIC)
		print_atomic(cbs, insn);
	else
		PRINT(cbs, "BUG_%02x\n", insn->code);
}

/* The speculation barrier of the kernel: BPF_ST | BPF_NOSPEC, not in the uapi. */
#define BPF_NOSPEC	0xc0

static void print_st(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn)
{
	if (mode_is_mem(insn->code))
		PRINT(cbs, "(%02x) *(%s *)(r%d %+d) = %d\n", insn->code,
		      ldst_size(insn), insn->dst_reg, insn->off, insn->imm);
	else if (BPF_MODE(insn->code) == BPF_NOSPEC)
		PRINT(cbs, "(%02x) nospec\n", insn->code);
	else
		PRINT(cbs, "BUG_st_%02x\n", insn->code);
}

static void print_ldx(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn)
{
	if (!mode_is_mem(insn->code)) {
		PRINT(cbs, "BUG_ldx_%02x\n", insn->code);
		return;
	}
	PRINT(cbs, "(%02x) r%d = *(%s *)(r%d %+d)\n", insn->code, insn->dst_reg,
	      ldst_size(insn), insn->src_reg, insn->off);
}

/* LD_IMM64 forms whose immediate is a kernel address once resolved. */
static bool ld_imm64_is_ptr(const struct bpf_insn *insn)
{
	switch (insn->src_reg) {
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX:
	case BPF_PSEUDO_MAP_IDX_VALUE:
	case BPF_PSEUDO_BTF_ID:
		return true;
	default:
		return false;
	}
}

static void print_ld(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn,
		     bool allow_ptr_leaks)
{
	u8 mode = BPF_MODE(insn->code);
	const char *imm_str;
	char buf[64];
	u64 imm;

	if (mode == BPF_ABS) {
		PRINT(cbs, "(%02x) r0 = *(%s *)skb[%d]\n", insn->code,
		      ldst_size(insn), insn->imm);
		return;
	}
	if (mode == BPF_IND) {
		PRINT(cbs, "(%02x) r0 = *(%s *)skb[r%d + %d]\n", insn->code,
		      ldst_size(insn), insn->src_reg, insn->imm);
		return;
	}
	if (mode != BPF_IMM || BPF_SIZE(insn->code) != BPF_DW) {
		PRINT(cbs, "BUG_ld_%02x\n", insn->code);
		return;
	}
	imm = ((u64)(u32)insn[1].imm << 32) | (u32)insn[0].imm;
	if (ld_imm64_is_ptr(insn) && !allow_ptr_leaks)
		imm = 0;
	if (cbs->cb_imm) {
		imm_str = cbs->cb_imm(cbs->private_data, insn, imm);
	} else {
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)imm);
		imm_str = buf;
	}
	PRINT(cbs, "(%02x) r%d = %s\n", insn->code, insn->dst_reg, imm_str);
}

/*
 * The callee of a call: a helper by its uapi name, else what the caller's
 * cb_call says, else the relative target of a bpf-to-bpf call.
 */
static const char *call_name(const struct bpf_insn_cbs *cbs,
			     const struct bpf_insn *insn, char *buf, size_t len)
{
	const char *name;

	if (insn->src_reg == 0 && insn->imm >= 0 && insn->imm < __BPF_FUNC_MAX_ID &&
	    func_id_str[insn->imm])
		return func_id_str[insn->imm];
	if (cbs->cb_call) {
		name = cbs->cb_call(cbs->private_data, insn);
		if (name)
			return name;
	}
	if (insn->src_reg == BPF_PSEUDO_CALL)
		snprintf(buf, len, "%+d", insn->imm);
	else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		snprintf(buf, len, "kernel-function");
	else
		snprintf(buf, len, "unknown");
	return buf;
}

static void print_jmp(const struct bpf_insn_cbs *cbs, const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	char r = reg_prefix(class == BPF_JMP);
	char buf[64];

	if (insn->code == (BPF_JMP | BPF_CALL)) {
		if (insn->src_reg == BPF_PSEUDO_CALL)
			PRINT(cbs, "(%02x) call pc%s\n", insn->code,
			      call_name(cbs, insn, buf, sizeof(buf)));
		else
			PRINT(cbs, "(%02x) call %s#%d\n", insn->code,
			      call_name(cbs, insn, buf, sizeof(buf)), insn->imm);
	} else if (insn->code == (BPF_JMP | BPF_JA)) {
		PRINT(cbs, "(%02x) goto pc%+d\n", insn->code, insn->off);
	} else if (insn->code == (BPF_JMP32 | BPF_JA)) {
		PRINT(cbs, "(%02x) gotol pc%+d\n", insn->code, insn->imm);
	} else if (insn->code == (BPF_JMP | BPF_EXIT)) {
		PRINT(cbs, "(%02x) exit\n", insn->code);
	} else if (insn->code == (BPF_JMP | BPF_TAIL_CALL)) {
		PRINT(cbs, "(%02x) tail_call\n", insn->code);
	} else if (op == BPF_CALL || op == BPF_EXIT || op == BPF_JA ||
		   !bpf_jmp_string[op >> 4]) {
		PRINT(cbs, "BUG_%s_%02x\n", bpf_class_string[class], insn->code);
	} else if (BPF_SRC(insn->code) == BPF_X) {
		PRINT(cbs, "(%02x) if %c%d %s %c%d goto pc%+d\n", insn->code, r,
		      insn->dst_reg, bpf_jmp_string[op >> 4], r, insn->src_reg,
		      insn->off);
	} else {
		PRINT(cbs, "(%02x) if %c%d %s 0x%x goto pc%+d\n", insn->code, r,
		      insn->dst_reg, bpf_jmp_string[op >> 4], insn->imm, insn->off);
	}
}

void print_bpf_insn(const struct bpf_insn_cbs *cbs,
		    const struct bpf_insn *insn, bool allow_ptr_leaks)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		print_alu(cbs, insn);
		break;
	case BPF_STX:
		print_stx(cbs, insn);
		break;
	case BPF_ST:
		print_st(cbs, insn);
		break;
	case BPF_LDX:
		print_ldx(cbs, insn);
		break;
	case BPF_LD:
		print_ld(cbs, insn, allow_ptr_leaks);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		print_jmp(cbs, insn);
		break;
	}
}
