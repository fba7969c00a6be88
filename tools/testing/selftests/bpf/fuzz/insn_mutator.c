// SPDX-License-Identifier: GPL-2.0
/*
 * The structured mutator of fuzz_verifier.
 *
 * Random bytes are rejected by the verifier's first checks (unknown
 * opcode, reserved field, jump out of range), so byte mutations of a
 * program mostly test those checks.  This mutator treats an input as a
 * program (fuzz_verifier.h): it changes one field of an instruction to
 * a value that field can take, inserts and deletes instructions while
 * keeping every jump, call and callback pointing at the instruction it
 * pointed at, and inserts idioms that verified programs are made of (a
 * map lookup and its NULL check, a packet bounds check, a bounded loop,
 * a bpf-to-bpf call, a bpf_loop callback, a tail call, spills).  It
 * mostly writes the fields an opcode uses, and registers that hold a
 * value where they are read.  One mutation in sixteen is libFuzzer's
 * byte mutator, mostly on the packet, now and then on instructions, so
 * that what the idioms cannot say still happens.
 */
#include <linux/bpf.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include "fuzz_verifier.h"
#include "insn_mutator.h"

#define DATA_MAX	256
#define SNIPPET_MAX	32

struct prog {
	uint8_t hdr[FUZZ_HDR_LEN];
	uint32_t cnt;
	uint32_t data_len;
	struct bpf_insn insns[FUZZ_MAX_INSNS];
	uint8_t data[DATA_MAX];
};

static struct prog prog_a, prog_b;
static uint64_t rng;

static uint32_t rnd(void)
{
	/* xorshift64*: libFuzzer's seed makes a mutation reproducible */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static bool one_in(uint32_t n)
{
	return below(n) == 0;
}

#define PICK(a)	((a)[below(sizeof(a) / sizeof((a)[0]))])

/* ---- parsing ---- */

static void prog_parse(const uint8_t *d, size_t s, struct prog *p)
{
	size_t avail, rest;
	uint32_t n;

	memset(p->hdr, 0, sizeof(p->hdr));
	p->cnt = 0;
	p->data_len = 0;
	if (s < FUZZ_HDR_LEN) {
		p->hdr[2] = 64;
		return;
	}
	memcpy(p->hdr, d, FUZZ_HDR_LEN);
	n = d[4] | d[5] << 8;
	avail = (s - FUZZ_HDR_LEN) / sizeof(struct bpf_insn);
	p->cnt = n < avail ? n : avail;
	if (p->cnt > FUZZ_MAX_INSNS)
		p->cnt = FUZZ_MAX_INSNS;
	memcpy(p->insns, d + FUZZ_HDR_LEN, p->cnt * sizeof(struct bpf_insn));
	rest = s - FUZZ_HDR_LEN - p->cnt * sizeof(struct bpf_insn);
	p->data_len = rest < DATA_MAX ? rest : DATA_MAX;
	memcpy(p->data, d + FUZZ_HDR_LEN + p->cnt * sizeof(struct bpf_insn), p->data_len);
}

static size_t prog_write(struct prog *p, uint8_t *out, size_t max)
{
	size_t need;

	if (max < FUZZ_HDR_LEN)
		return 0;
	need = FUZZ_HDR_LEN + p->cnt * sizeof(struct bpf_insn) + p->data_len;
	if (need > max) {
		size_t over = need - max;

		p->data_len -= over < p->data_len ? over : p->data_len;
		need = FUZZ_HDR_LEN + p->cnt * sizeof(struct bpf_insn) + p->data_len;
		if (need > max)
			p->cnt = (max - FUZZ_HDR_LEN) / sizeof(struct bpf_insn);
	}
	p->hdr[4] = p->cnt & 0xff;
	p->hdr[5] = p->cnt >> 8;
	memcpy(out, p->hdr, FUZZ_HDR_LEN);
	memcpy(out + FUZZ_HDR_LEN, p->insns, p->cnt * sizeof(struct bpf_insn));
	memcpy(out + FUZZ_HDR_LEN + p->cnt * sizeof(struct bpf_insn), p->data, p->data_len);
	return FUZZ_HDR_LEN + p->cnt * sizeof(struct bpf_insn) + p->data_len;
}

/* ---- what an instruction is ---- */

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Is insns[i] the second half of an LD_IMM64? */
static bool second_half(const struct prog *p, uint32_t i)
{
	uint32_t j = 0;

	while (j < i)
		j += is_ld_imm64(&p->insns[j]) ? 2 : 1;
	return j != i;
}

static bool ends_flow(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_EXIT) || insn->code == (BPF_JMP | BPF_JA);
}

enum rel { REL_NONE, REL_OFF, REL_IMM };

/* Does the instruction name another by its distance, in off or in imm? */
static enum rel insn_rel(const struct bpf_insn *insn)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (is_ld_imm64(insn))
		return insn->src_reg == BPF_PSEUDO_FUNC ? REL_IMM : REL_NONE;
	if (cls != BPF_JMP && cls != BPF_JMP32)
		return REL_NONE;
	if (op == BPF_EXIT)
		return REL_NONE;
	if (op == BPF_CALL)
		return cls == BPF_JMP && insn->src_reg == BPF_PSEUDO_CALL ? REL_IMM : REL_NONE;
	return REL_OFF;
}

/*
 * Keeps every relative reference pointing at the same instruction when
 * n instructions are inserted at pos (insert) or removed from pos on: a
 * reference into the removed range goes to what follows it.
 */
static void relocate(struct prog *p, uint32_t pos, uint32_t n, bool insert)
{
	uint32_t i;

	for (i = 0; i < p->cnt; i++) {
		struct bpf_insn *insn = &p->insns[i];
		enum rel rel = insn_rel(insn);
		int64_t t, ni, nt, d;

		if (rel == REL_NONE || second_half(p, i))
			continue;
		if (!insert && i >= pos && i < pos + n)
			continue;
		t = (int64_t)i + 1 + (rel == REL_OFF ? insn->off : insn->imm);
		if (insert) {
			ni = i >= pos ? i + n : i;
			nt = t >= pos ? t + n : t;
		} else {
			ni = i >= pos + n ? i - n : i;
			nt = t < pos ? t : t >= pos + n ? t - n : pos;
		}
		d = nt - ni - 1;
		if (rel == REL_OFF && d >= SHRT_MIN && d <= SHRT_MAX)
			insn->off = d;
		else if (rel == REL_IMM)
			insn->imm = d;
	}
}

static bool insns_insert(struct prog *p, uint32_t pos, const struct bpf_insn *src,
			 uint32_t n)
{
	if (!n || p->cnt + n > FUZZ_MAX_INSNS)
		return false;
	if (pos > p->cnt)
		pos = p->cnt;
	if (pos < p->cnt && second_half(p, pos))
		pos--;
	relocate(p, pos, n, true);
	memmove(&p->insns[pos + n], &p->insns[pos], (p->cnt - pos) * sizeof(*src));
	memcpy(&p->insns[pos], src, n * sizeof(*src));
	p->cnt += n;
	return true;
}

static void insns_delete(struct prog *p, uint32_t pos, uint32_t n)
{
	if (pos >= p->cnt)
		return;
	if (second_half(p, pos)) {
		pos--;
		n++;
	}
	if (pos + n > p->cnt)
		n = p->cnt - pos;
	if (pos + n < p->cnt && second_half(p, pos + n))
		n++;
	relocate(p, pos, n, false);
	memmove(&p->insns[pos], &p->insns[pos + n], (p->cnt - pos - n) * sizeof(p->insns[0]));
	p->cnt -= n;
}

/* ---- values fields take ---- */

static const int32_t imms[] = {
	0, 1, -1, 2, 3, 4, 7, 8, 12, 14, 15, 16, 20, 31, 32, 33, 40, 42, 48, 63, 64,
	100, 127, 128, 255, 256, 511, 512, 4095, 4096, 0x7fff, 0xffff, 0x10000,
	0x7fffffff, INT_MIN, -2, -4, -8, -16, -32, -48, -64, -512, 1 << 29, 1 << 30,
};

static const int16_t offs[] = {
	0, 1, 2, 3, 4, 6, 8, 12, 14, 16, 23, 24, 32, 40, 47, 48, 64, 76, 80, 140,
	-1, -2, -4, -8, -16, -24, -32, -40, -48, -64, -128, -256, -504, -512, -513,
	0x7fff, -0x8000,
};

/* Helpers that make programs do something: maps, packet, tracing, callbacks. */
static const int32_t helpers[] = {
	BPF_FUNC_map_lookup_elem, BPF_FUNC_map_update_elem, BPF_FUNC_map_delete_elem,
	BPF_FUNC_probe_read, BPF_FUNC_ktime_get_ns, BPF_FUNC_trace_printk,
	BPF_FUNC_get_prandom_u32, BPF_FUNC_get_smp_processor_id,
	BPF_FUNC_skb_store_bytes, BPF_FUNC_l3_csum_replace, BPF_FUNC_l4_csum_replace,
	BPF_FUNC_tail_call, BPF_FUNC_get_current_pid_tgid, BPF_FUNC_skb_load_bytes,
	BPF_FUNC_get_stackid, BPF_FUNC_csum_diff, BPF_FUNC_skb_change_tail,
	BPF_FUNC_skb_pull_data, BPF_FUNC_xdp_adjust_head, BPF_FUNC_xdp_adjust_meta,
	BPF_FUNC_xdp_adjust_tail, BPF_FUNC_probe_read_str, BPF_FUNC_perf_event_output,
	BPF_FUNC_get_socket_cookie, BPF_FUNC_skb_load_bytes_relative,
	BPF_FUNC_sk_lookup_tcp, BPF_FUNC_sk_release, BPF_FUNC_map_push_elem,
	BPF_FUNC_map_pop_elem, BPF_FUNC_map_peek_elem, BPF_FUNC_spin_lock,
	BPF_FUNC_spin_unlock, BPF_FUNC_sk_fullsock, BPF_FUNC_tcp_sock,
	BPF_FUNC_skb_ecn_set_ce, BPF_FUNC_get_listener_sock, BPF_FUNC_strtol,
	BPF_FUNC_strtoul, BPF_FUNC_probe_read_kernel, BPF_FUNC_probe_read_kernel_str,
	BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_submit,
	BPF_FUNC_ringbuf_discard, BPF_FUNC_ringbuf_query, BPF_FUNC_skc_to_tcp_sock,
	BPF_FUNC_snprintf, BPF_FUNC_for_each_map_elem, BPF_FUNC_loop,
	BPF_FUNC_strncmp, BPF_FUNC_get_func_arg, BPF_FUNC_get_func_ret,
	BPF_FUNC_get_func_arg_cnt, BPF_FUNC_timer_init, BPF_FUNC_kptr_xchg,
	BPF_FUNC_dynptr_from_mem, BPF_FUNC_ringbuf_reserve_dynptr,
	BPF_FUNC_dynptr_read, BPF_FUNC_dynptr_write, BPF_FUNC_dynptr_data,
	BPF_FUNC_get_current_comm, BPF_FUNC_get_ns_current_pid_tgid,
	BPF_FUNC_jiffies64, BPF_FUNC_get_current_task, BPF_FUNC_copy_from_user,
	BPF_FUNC_redirect, BPF_FUNC_redirect_map, BPF_FUNC_skb_vlan_push,
	BPF_FUNC_get_hash_recalc, BPF_FUNC_set_hash, BPF_FUNC_skb_get_tunnel_key,
	BPF_FUNC_get_route_realm, BPF_FUNC_check_mtu, BPF_FUNC_fib_lookup,
	BPF_FUNC_this_cpu_ptr, BPF_FUNC_per_cpu_ptr, BPF_FUNC_bind,
};

static const uint8_t alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH,
	BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END,
};

static const uint8_t jmp_ops[] = {
	BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT, BPF_JSGE,
	BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
};

static const uint8_t sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

static const int32_t atomic_ops[] = {
	BPF_ADD, BPF_OR, BPF_AND, BPF_XOR, BPF_ADD | BPF_FETCH, BPF_OR | BPF_FETCH,
	BPF_AND | BPF_FETCH, BPF_XOR | BPF_FETCH, BPF_XCHG, BPF_CMPXCHG,
};

static const uint8_t ld_srcs[] = {
	0, 0, BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_FD, BPF_PSEUDO_MAP_FD,
	BPF_PSEUDO_MAP_VALUE, BPF_PSEUDO_MAP_VALUE, BPF_PSEUDO_MAP_IDX,
	BPF_PSEUDO_MAP_IDX_VALUE, BPF_PSEUDO_FUNC, BPF_PSEUDO_BTF_ID,
};

static uint8_t rand_reg(void)
{
	if (one_in(64))
		return 11 + below(5);
	/* the registers that hold something at the start or across calls */
	if (one_in(3))
		return PICK(((const uint8_t[]){ 0, 1, 6, 10 }));
	return below(11);
}

/*
 * The registers that hold a value at pos, by a walk of the instructions
 * before it in order (not by the control flow): r1 and r10 at the start,
 * what an instruction writes, r1-r5 gone after a call.  An instruction
 * that reads only such registers is far more often accepted.
 */
static uint32_t live_regs_step(uint32_t live, const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_LDX:
		live |= 1U << (insn->dst_reg & 15);
		break;
	case BPF_LD:
		if (is_ld_imm64(insn))
			live |= 1U << (insn->dst_reg & 15);
		else	/* LD_ABS and LD_IND are calls */
			live = (live & ~0x3eU) | 1U << BPF_REG_0;
		break;
	case BPF_STX:
		if (BPF_MODE(insn->code) != BPF_ATOMIC)
			break;
		if (insn->imm == BPF_CMPXCHG)
			live |= 1U << BPF_REG_0;
		else if (insn->imm & BPF_FETCH)
			live |= 1U << (insn->src_reg & 15);
		break;
	case BPF_JMP:
		if (BPF_OP(insn->code) == BPF_CALL)
			live = (live & ~0x3eU) | 1U << BPF_REG_0;
		break;
	}
	return live & 0x7ff;
}

static uint32_t live_regs(const struct prog *p, uint32_t pos)
{
	uint32_t live = 1U << BPF_REG_1 | 1U << BPF_REG_10, i;

	for (i = 0; i < pos && i < p->cnt; i++) {
		live = live_regs_step(live, &p->insns[i]);
		if (is_ld_imm64(&p->insns[i]))
			i++;
	}
	return live;
}

/* A register of the live set; now and then any. */
static uint8_t live_reg(uint32_t live)
{
	uint32_t n = __builtin_popcount(live), k;

	if (!n || one_in(64))
		return rand_reg();
	for (k = below(n); k; k--)
		live &= live - 1;
	return __builtin_ctz(live);
}

/* A register to write: any but r10. */
static uint8_t dst_reg(void)
{
	return one_in(32) ? rand_reg() : below(10);
}

static int32_t rand_imm(void)
{
	switch (below(4)) {
	case 0:
		return (int32_t)rnd();
	case 1:
		return (int32_t)below(64) - 16;
	default:
		return PICK(imms);
	}
}

static int16_t rand_off(void)
{
	if (one_in(4))
		return -8 * (int16_t)(1 + below(64));
	if (one_in(6))
		return (int16_t)rnd();
	return PICK(offs);
}

/* An offset for an access of size sz through base: the stack below r10, else small. */
static int16_t mem_off(uint8_t base, uint8_t sz)
{
	int16_t bytes = sz == BPF_B ? 1 : sz == BPF_H ? 2 : sz == BPF_W ? 4 : 8;

	if (one_in(8))
		return rand_off();
	if (base == BPF_REG_10)
		return -bytes * (int16_t)(1 + below(512 / bytes));
	return bytes * (int16_t)below(one_in(4) ? 64 : 8);
}

static int32_t rand_helper(void)
{
	if (one_in(5))
		return 1 + below(__BPF_FUNC_MAX_ID - 1);
	return PICK(helpers);
}

/* A jump distance from insn i to an instruction of the program, mostly forward. */
static int32_t rand_rel(const struct prog *p, uint32_t i)
{
	uint32_t fwd = p->cnt > i + 1 ? p->cnt - i - 1 : 0;

	if (one_in(8))
		return -(int32_t)below(i + 2);
	if (one_in(16))
		return (int32_t)below(64) - 32;
	return fwd ? (int32_t)below(fwd < 16 ? fwd : 16) : 0;
}

/* One instruction that decodes (two for an LD_IMM64); returns how many. */
static uint32_t rand_insn(const struct prog *p, uint32_t pos, struct bpf_insn *out)
{
	uint32_t live = live_regs(p, pos);
	struct bpf_insn *insn = out;
	uint8_t op;

	memset(out, 0, 2 * sizeof(*out));
	insn->dst_reg = live_reg(live);
	insn->src_reg = live_reg(live);
	switch (below(20)) {
	case 0 ... 5:	/* ALU64 */
	case 6 ... 7:	/* ALU */
		op = PICK(alu_ops);
		insn->code = (below(20) < 15 ? BPF_ALU64 : BPF_ALU) | op |
			     (one_in(2) ? BPF_K : BPF_X);
		if (op == BPF_END) {
			insn->code = BPF_ALU | BPF_END | (one_in(2) ? BPF_TO_BE : BPF_TO_LE);
			insn->imm = PICK(((const int32_t[]){ 16, 32, 64 }));
			insn->src_reg = 0;
		} else if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
			insn->imm = below(one_in(8) ? 128 : 64);
		} else {
			insn->imm = rand_imm();
		}
		if (BPF_SRC(insn->code) == BPF_K && op != BPF_END)
			insn->src_reg = 0;
		else if (op != BPF_END)
			insn->imm = 0;
		if (op == BPF_NEG) {
			insn->code &= ~BPF_X;
			insn->src_reg = 0;
			insn->imm = 0;
		}
		if (op == BPF_MOV || (insn->dst_reg == BPF_REG_10 && !one_in(8)))
			insn->dst_reg = dst_reg();
		return 1;
	case 8 ... 10:	/* conditional jumps */
		insn->code = (one_in(4) ? BPF_JMP32 : BPF_JMP) | PICK(jmp_ops) |
			     (one_in(2) ? BPF_K : BPF_X);
		if (BPF_SRC(insn->code) == BPF_K) {
			insn->src_reg = 0;
			insn->imm = rand_imm();
		}
		insn->off = rand_rel(p, pos);
		return 1;
	case 11:	/* ja, call, exit */
		insn->dst_reg = 0;
		insn->src_reg = 0;
		/* an exit or a ja leaves what follows dead: seldom */
		switch (below(16)) {
		case 0:
			insn->code = BPF_JMP | BPF_JA;
			insn->off = one_in(2) ? 0 : rand_rel(p, pos);
			break;
		case 1:
			insn->code = BPF_JMP | BPF_EXIT;
			break;
		default:
			insn->code = BPF_JMP | BPF_CALL;
			if (one_in(6)) {
				insn->src_reg = BPF_PSEUDO_CALL;
				insn->imm = rand_rel(p, pos);
			} else {
				insn->imm = rand_helper();
			}
		}
		return 1;
	case 12 ... 14:	/* loads */
		insn->code = BPF_LDX | BPF_MEM | PICK(sizes);
		insn->dst_reg = dst_reg();
		insn->off = mem_off(insn->src_reg, BPF_SIZE(insn->code));
		return 1;
	case 15 ... 16:	/* stores */
		insn->code = (one_in(3) ? BPF_ST : BPF_STX) | BPF_MEM | PICK(sizes);
		if (BPF_CLASS(insn->code) == BPF_ST) {
			insn->src_reg = 0;
			insn->imm = rand_imm();
		}
		insn->off = mem_off(insn->dst_reg, BPF_SIZE(insn->code));
		return 1;
	case 17:	/* atomics */
		insn->code = BPF_STX | BPF_ATOMIC | (one_in(3) ? BPF_W : BPF_DW);
		insn->imm = PICK(atomic_ops);
		insn->off = mem_off(insn->dst_reg, BPF_SIZE(insn->code));
		return 1;
	case 18:	/* 64-bit immediates: numbers, maps, map values, callbacks */
		insn->code = BPF_LD | BPF_IMM | BPF_DW;
		insn->dst_reg = dst_reg();
		insn->src_reg = PICK(ld_srcs);
		if (insn->src_reg == BPF_PSEUDO_FUNC)
			insn->imm = rand_rel(p, pos);
		else if (insn->src_reg)
			insn->imm = below(FUZZ_NR_MAPS);
		else
			insn->imm = rand_imm();
		out[1].imm = insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
			     insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE ?
			     (int32_t)below(56) : insn->src_reg ? 0 : rand_imm();
		return 2;
	default:	/* packet loads of the old filters */
		insn->code = BPF_LD | (one_in(2) ? BPF_ABS : BPF_IND) |
			     PICK(((const uint8_t[]){ BPF_B, BPF_H, BPF_W }));
		insn->dst_reg = 0;
		if (BPF_MODE(insn->code) == BPF_ABS)
			insn->src_reg = 0;
		insn->imm = one_in(2) ? (int32_t)below(64) : rand_imm();
		return 1;
	}
}

/* ---- the mutations ---- */

static uint32_t rand_pos(const struct prog *p)
{
	return p->cnt ? below(p->cnt) : 0;
}

/*
 * Where to insert: before an exit or ja rather than after it, where the
 * new code would be dead, or the tail of the function before.
 */
static uint32_t insert_pos(const struct prog *p)
{
	uint32_t pos = rand_pos(p);

	while (pos && ends_flow(&p->insns[pos - 1]) && !second_half(p, pos - 1) && !one_in(16))
		pos--;
	return pos;
}

enum { F_CODE, F_SRC, F_DST, F_OFF, F_IMM };

/* The fields an instruction uses: the others must be zero. */
static uint32_t insn_fields(const struct bpf_insn *insn)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	uint32_t f = 1U << F_CODE;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		f |= 1U << F_DST;
		if (op == BPF_NEG)
			return f;
		if (op == BPF_END)
			return f | 1U << F_IMM;
		return f | (BPF_SRC(insn->code) == BPF_X ? 1U << F_SRC : 1U << F_IMM);
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT)
			return f;
		if (op == BPF_CALL)
			return f | 1U << F_SRC | 1U << F_IMM;
		if (op == BPF_JA)
			return f | 1U << F_OFF;
		return f | 1U << F_DST | 1U << F_OFF |
		       (BPF_SRC(insn->code) == BPF_X ? 1U << F_SRC : 1U << F_IMM);
	case BPF_LDX:
		return f | 1U << F_DST | 1U << F_SRC | 1U << F_OFF;
	case BPF_ST:
		return f | 1U << F_DST | 1U << F_OFF | 1U << F_IMM;
	case BPF_STX:
		f |= 1U << F_DST | 1U << F_SRC | 1U << F_OFF;
		return BPF_MODE(insn->code) == BPF_ATOMIC ? f | 1U << F_IMM : f;
	default:	/* BPF_LD */
		if (is_ld_imm64(insn))
			return f | 1U << F_DST | 1U << F_SRC | 1U << F_IMM;
		return f | 1U << F_IMM | (BPF_MODE(insn->code) == BPF_IND ? 1U << F_SRC : 0);
	}
}

static void mut_field(struct prog *p)
{
	struct bpf_insn *insn, fresh[2];
	uint32_t i, fields, field;

	if (!p->cnt)
		return;
	/* an exit or ja ends a function or a branch: seldom changed */
	i = rand_pos(p);
	for (field = 0; field < 4 && ends_flow(&p->insns[i]) && !one_in(8); field++)
		i = rand_pos(p);
	if (second_half(p, i)) {
		/* the upper half of the number, or the offset into a map value */
		switch (p->insns[i - 1].src_reg) {
		case 0:
			p->insns[i].imm = rand_imm();
			break;
		case BPF_PSEUDO_MAP_VALUE:
		case BPF_PSEUDO_MAP_IDX_VALUE:
			p->insns[i].imm = one_in(8) ? rand_imm() : (int32_t)below(56);
			break;
		default:
			p->insns[i].imm = one_in(8) ? rand_imm() : 0;
			break;
		}
		return;
	}
	insn = &p->insns[i];
	/* a field the instruction uses; now and then one it must leave zero */
	fields = one_in(32) ? 0x1f : insn_fields(insn);
	do
		field = below(6);
	while (field != F_IMM + 1 && !(fields & (1U << field)));
	if (field == F_IMM + 1)
		field = fields & (1U << F_IMM) ? F_IMM : F_CODE;
	switch (field) {
	case F_CODE:	/* another opcode */
		rand_insn(p, i, fresh);
		if (is_ld_imm64(fresh) != is_ld_imm64(insn))
			break;
		if (one_in(2) && BPF_CLASS(fresh->code) == BPF_CLASS(insn->code)) {
			insn->code = fresh->code;
			fields = insn_fields(insn);
			if (!(fields & (1U << F_SRC)) && !is_ld_imm64(insn))
				insn->src_reg = 0;
			if (!(fields & (1U << F_IMM)))
				insn->imm = 0;
			if (!(fields & (1U << F_OFF)))
				insn->off = 0;
		} else {
			*insn = fresh[0];
		}
		break;
	case F_SRC:
		if (is_ld_imm64(insn))
			insn->src_reg = PICK(ld_srcs);
		else if (insn->code == (BPF_JMP | BPF_CALL))
			insn->src_reg = one_in(3) ? BPF_PSEUDO_CALL : 0;
		else
			insn->src_reg = live_reg(live_regs(p, i));
		break;
	case F_DST:
		/* what ALU, LDX and LD write is any register but r10 */
		if (BPF_CLASS(insn->code) == BPF_ALU || BPF_CLASS(insn->code) == BPF_ALU64 ||
		    BPF_CLASS(insn->code) == BPF_LDX || BPF_CLASS(insn->code) == BPF_LD)
			insn->dst_reg = BPF_OP(insn->code) == BPF_MOV || BPF_CLASS(insn->code) != BPF_ALU64 ?
					dst_reg() : live_reg(live_regs(p, i) & ~(1U << BPF_REG_10));
		else
			insn->dst_reg = live_reg(live_regs(p, i));
		break;
	case F_OFF:
		if (insn->code == (BPF_JMP | BPF_JA))
			insn->off = one_in(4) ? rand_rel(p, i) : 0;
		else if (insn_rel(insn) == REL_OFF)
			insn->off = rand_rel(p, i);
		else if (one_in(2))
			insn->off = (int16_t)((uint16_t)insn->off + below(17) - 8);
		else
			insn->off = rand_off();
		break;
	default:
		if (BPF_CLASS(insn->code) == BPF_STX)
			insn->imm = PICK(atomic_ops);
		else if (BPF_OP(insn->code) == BPF_END && BPF_CLASS(insn->code) == BPF_ALU)
			insn->imm = PICK(((const int32_t[]){ 16, 32, 64 }));
		else if (insn->code == (BPF_JMP | BPF_CALL))
			insn->imm = insn->src_reg == BPF_PSEUDO_CALL ? rand_rel(p, i) :
				    rand_helper();
		else if (insn_rel(insn) == REL_IMM)
			insn->imm = rand_rel(p, i);
		else if (is_ld_imm64(insn) && insn->src_reg)
			insn->imm = below(FUZZ_NR_MAPS);
		else if (one_in(2))
			insn->imm = (int32_t)((uint32_t)insn->imm + below(17) - 8);
		else
			insn->imm = rand_imm();
		break;
	}
}

static void mut_insert(struct prog *p)
{
	struct bpf_insn fresh[2];
	uint32_t pos = insert_pos(p), n;

	n = rand_insn(p, pos, fresh);
	insns_insert(p, pos, fresh, n);
}

static void mut_delete(struct prog *p)
{
	uint32_t pos = rand_pos(p);

	/* an exit or a jump: seldom, what follows or what it jumps to goes dead */
	if (p->cnt > 1 && ((!ends_flow(&p->insns[pos]) && !insn_rel(&p->insns[pos])) ||
			   one_in(8)))
		insns_delete(p, pos, 1 + (one_in(4) ? below(4) : 0));
}

static void mut_duplicate(struct prog *p)
{
	struct bpf_insn copy[SNIPPET_MAX];
	uint32_t from, n, k;

	if (!p->cnt)
		return;
	from = rand_pos(p);
	if (second_half(p, from))
		from--;
	n = 1 + below(8);
	if (from + n > p->cnt)
		n = p->cnt - from;
	if (from + n < p->cnt && second_half(p, from + n))
		n++;
	/* a copy of an exit or ja would leave what follows it dead */
	for (k = 0; k < n; k++)
		if (ends_flow(&p->insns[from + k]) && !second_half(p, from + k))
			break;
	if (!k)
		return;
	n = k;
	memcpy(copy, &p->insns[from], n * sizeof(copy[0]));
	insns_insert(p, insert_pos(p), copy, n);
}

static void mut_swap(struct prog *p)
{
	struct bpf_insn t;
	uint32_t i;

	if (p->cnt < 2)
		return;
	i = below(p->cnt - 1);
	if (is_ld_imm64(&p->insns[i]) || is_ld_imm64(&p->insns[i + 1]) ||
	    second_half(p, i) || insn_rel(&p->insns[i]) || insn_rel(&p->insns[i + 1]))
		return;
	t = p->insns[i];
	p->insns[i] = p->insns[i + 1];
	p->insns[i + 1] = t;
}

/* A forward branch over a few instructions: a path the verifier must also walk. */
static void mut_branch(struct prog *p)
{
	struct bpf_insn j = {
		.code = (one_in(4) ? BPF_JMP32 : BPF_JMP) | PICK(jmp_ops) |
			(one_in(2) ? BPF_K : BPF_X),
		.dst_reg = rand_reg() % 10,
	};
	uint32_t pos = insert_pos(p);

	if (BPF_SRC(j.code) == BPF_X)
		j.src_reg = rand_reg() % 10;
	else
		j.imm = rand_imm();
	j.off = p->cnt > pos ? below(p->cnt - pos < 8 ? p->cnt - pos : 8) : 0;
	insns_insert(p, pos, &j, 1);
}

static void mut_header(struct prog *p)
{
	static const uint8_t flags[] = {
		BPF_F_STRICT_ALIGNMENT, BPF_F_ANY_ALIGNMENT, BPF_F_TEST_RND_HI32,
		BPF_F_TEST_STATE_FREQ, BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS,
	};

	switch (below(6)) {
	case 0:
		p->hdr[0] = (p->hdr[0] & ~FUZZ_TYPE_MASK) | below(32);
		break;
	case 5:		/* BTF, global functions, prototypes */
		p->hdr[3] ^= 1U << below(8);
		break;
	case 1:
		p->hdr[0] ^= FUZZ_UNPRIV;
		break;
	case 2:
		/* the log is slow at level 2: rarely */
		p->hdr[0] &= ~(3 << FUZZ_LOG_SHIFT);
		if (one_in(3))
			p->hdr[0] |= (1 + below(3)) << FUZZ_LOG_SHIFT;
		break;
	case 3:
		p->hdr[1] ^= PICK(flags);
		break;
	default:
		p->hdr[2] = one_in(2) ? (uint8_t)rnd() : PICK(((const uint8_t[]){ 14, 34, 54, 64, 128 }));
		break;
	}
}

/* ---- idioms ---- */

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)		I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)		I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)		I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define LDX(sz, d, s, o)	I(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	I(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i)		I(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define JMP_IMM(op, d, i, o)	I(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	I(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define CALL(f)			I(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()			I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Both halves of an LD_IMM64 at s; returns 2. */
static uint32_t ld_imm64(struct bpf_insn *s, uint8_t dst, uint8_t src, int32_t imm)
{
	s[0] = I(BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, imm);
	s[1] = I(0, 0, 0, 0, 0);
	return 2;
}

/* Which context layout the input's program type has for packet pointers. */
static bool pkt_offsets(const struct prog *p, int16_t *data, int16_t *end)
{
	const struct fuzz_prog_type *t;
	unsigned int idx = p->hdr[0] & FUZZ_TYPE_MASK;

	if (p->hdr[0] & FUZZ_UNPRIV)
		idx = fuzz_unpriv_types[idx % sizeof(fuzz_unpriv_types)];
	t = &fuzz_prog_types[idx];
	switch (t->type) {
	case BPF_PROG_TYPE_XDP:
		*data = offsetof(struct xdp_md, data);
		*end = offsetof(struct xdp_md, data_end);
		if (one_in(4)) {
			*data = offsetof(struct xdp_md, data_meta);
			*end = offsetof(struct xdp_md, data);
		}
		return true;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SOCKET_FILTER:
		*data = offsetof(struct __sk_buff, data);
		*end = offsetof(struct __sk_buff, data_end);
		if (one_in(6)) {
			*data = offsetof(struct __sk_buff, data_meta);
			*end = offsetof(struct __sk_buff, data);
		}
		return true;
	default:
		return false;
	}
}

/* lookup of key k in map m, NULL check, then a use of the value */
static uint32_t snip_map(struct bpf_insn *s, uint8_t r)
{
	uint32_t n = 0, m = below(FUZZ_NR_MAPS);
	uint8_t sz = PICK(sizes);
	uint32_t use;

	s[n++] = ST(BPF_DW, BPF_REG_10, -8, one_in(2) ? 0 : (int32_t)below(4));
	s[n++] = MOV64_REG(BPF_REG_2, BPF_REG_10);
	s[n++] = ADD64_IMM(BPF_REG_2, -8);
	n += ld_imm64(&s[n], BPF_REG_1, BPF_PSEUDO_MAP_FD, m);
	switch (below(4)) {
	case 0:		/* update with a value from the stack */
		s[n++] = ST(BPF_DW, BPF_REG_10, -16, rand_imm());
		s[n++] = MOV64_REG(BPF_REG_3, BPF_REG_10);
		s[n++] = ADD64_IMM(BPF_REG_3, -16 - 8 * (int32_t)below(6));
		s[n++] = MOV64_IMM(BPF_REG_4, below(3));
		s[n++] = CALL(BPF_FUNC_map_update_elem);
		return n;
	case 1:
		s[n++] = CALL(one_in(2) ? BPF_FUNC_map_delete_elem : BPF_FUNC_map_lookup_elem);
		return n;
	default:
		break;
	}
	s[n++] = CALL(BPF_FUNC_map_lookup_elem);
	use = 1 + below(3);
	s[n++] = JMP_IMM(BPF_JEQ, BPF_REG_0, 0, use + (one_in(8) ? -1 : 0));
	switch (use) {
	case 1:
		s[n++] = LDX(sz, r, BPF_REG_0, (int16_t)below(56));
		break;
	case 2:		/* a bounded variable offset */
		s[n++] = LDX(BPF_B, r, BPF_REG_0, (int16_t)below(48));
		s[n++] = I(BPF_ALU64 | BPF_AND | BPF_K, r, 0, 0, PICK(((const int32_t[]){ 7, 15, 31, 63 })));
		break;
	default:
		s[n++] = LDX(BPF_B, r, BPF_REG_0, 0);
		s[n++] = I(BPF_ALU64 | BPF_AND | BPF_K, r, 0, 0, PICK(((const int32_t[]){ 7, 15, 31, 63 })));
		s[n++] = I(BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_0, r, 0, 0);
		break;
	}
	if (one_in(2))
		s[n++] = STX(sz, BPF_REG_0, r, (int16_t)below(48));
	else
		s[n++] = LDX(sz, r, BPF_REG_0, (int16_t)below(48));
	return n;
}

/* r1 = ctx at the start: data, data_end, bounds check, then an access */
static uint32_t snip_pkt(const struct prog *p, struct bpf_insn *s, uint8_t r)
{
	int16_t data, end;
	int32_t len = PICK(((const int32_t[]){ 1, 2, 4, 8, 14, 20, 34, 42, 54 }));
	uint32_t n = 0;
	uint8_t sz = PICK(sizes);
	int16_t off = (int16_t)below(len + 1) - (one_in(8) ? 1 : 0);

	if (!pkt_offsets(p, &data, &end))
		return 0;
	s[n++] = LDX(BPF_W, BPF_REG_2, BPF_REG_1, data);
	s[n++] = LDX(BPF_W, BPF_REG_3, BPF_REG_1, end);
	s[n++] = MOV64_REG(BPF_REG_4, BPF_REG_2);
	s[n++] = ADD64_IMM(BPF_REG_4, len);
	s[n++] = JMP_REG(PICK(((const uint8_t[]){ BPF_JGT, BPF_JGT, BPF_JGE, BPF_JLT })),
			 BPF_REG_4, BPF_REG_3, 1);
	if (one_in(2))
		s[n++] = LDX(sz, r, BPF_REG_2, off);
	else
		s[n++] = ST(sz, BPF_REG_2, off, rand_imm());
	return n;
}

/* a loop of N rounds the verifier walks to the end */
static uint32_t snip_loop(struct bpf_insn *s, uint8_t r)
{
	uint32_t n = 0;

	s[n++] = MOV64_IMM(r, 0);
	s[n++] = ADD64_IMM(r, 1 + (one_in(4) ? below(4) : 0));
	s[n++] = JMP_IMM(PICK(((const uint8_t[]){ BPF_JLT, BPF_JNE, BPF_JSLT, BPF_JLE })),
			 r, (int32_t)below(one_in(8) ? 4096 : 32), -2);
	return n;
}

/* spill a register, fill it back, maybe in pieces */
static uint32_t snip_spill(struct bpf_insn *s, uint8_t r, uint32_t live)
{
	int16_t off = -8 * (int16_t)(1 + below(8));
	uint32_t n = 0;

	s[n++] = STX(BPF_DW, BPF_REG_10, live_reg(live), off);
	s[n++] = LDX(one_in(4) ? PICK(sizes) : BPF_DW, r, BPF_REG_10,
		     off + (one_in(4) ? (int16_t)below(8) : 0));
	return n;
}

static uint32_t snip_alu(struct bpf_insn *s, uint8_t r, uint32_t live)
{
	uint32_t n = 0, k = 1 + below(4);
	uint8_t cls;

	s[n++] = one_in(2) ? MOV64_IMM(r, rand_imm()) : LDX(PICK(sizes), r, BPF_REG_10, -8);
	while (k--) {
		cls = one_in(3) ? BPF_ALU : BPF_ALU64;
		if (one_in(2))
			s[n++] = I(cls | PICK(alu_ops) | BPF_K, r, 0, 0, rand_imm());
		else
			s[n++] = I(cls | PICK(alu_ops) | BPF_X, r, live_reg(live | 1U << r), 0, 0);
		if (BPF_OP(s[n - 1].code) == BPF_END || BPF_OP(s[n - 1].code) == BPF_NEG) {
			s[n - 1].code = cls | BPF_ADD | BPF_K;
			s[n - 1].src_reg = 0;
		}
	}
	s[n++] = I((one_in(3) ? BPF_JMP32 : BPF_JMP) | PICK(jmp_ops) | BPF_K, r, 0, 1, rand_imm());
	s[n++] = MOV64_IMM(r, rand_imm());
	return n;
}

/* r1 = ctx at the start: a tail call through the prog array */
static uint32_t snip_tail_call(struct bpf_insn *s)
{
	uint32_t n = 0;

	/* r1 is the context again after the call: r6 keeps it */
	s[n++] = MOV64_REG(BPF_REG_6, BPF_REG_1);
	n += ld_imm64(&s[n], BPF_REG_2, BPF_PSEUDO_MAP_FD, FUZZ_MAP_PROG_ARRAY);
	s[n++] = MOV64_IMM(BPF_REG_3, below(5));
	s[n++] = CALL(BPF_FUNC_tail_call);
	s[n++] = MOV64_REG(BPF_REG_1, BPF_REG_6);
	return n;
}

/* a helper call with arguments of the kinds helpers take */
static uint32_t snip_helper(struct bpf_insn *s, uint32_t live)
{
	uint32_t n = 0, a, nargs = 1 + below(5);

	s[n++] = ST(BPF_DW, BPF_REG_10, -8, 0);
	s[n++] = ST(BPF_DW, BPF_REG_10, -16, 0);
	for (a = 1; a <= nargs; a++) {
		switch (below(5)) {
		case 0:
			s[n++] = MOV64_REG(a, BPF_REG_10);
			s[n++] = ADD64_IMM(a, -8 * (int32_t)(1 + below(2)));
			break;
		case 1:
			n += ld_imm64(&s[n], a, BPF_PSEUDO_MAP_FD, below(FUZZ_NR_MAPS));
			break;
		case 2:
			s[n++] = MOV64_REG(a, live_reg(live));
			break;
		default:
			s[n++] = MOV64_IMM(a, PICK(((const int32_t[]){ 0, 1, 4, 8, 16 })));
			break;
		}
	}
	s[n++] = CALL(rand_helper());
	return n;
}

/* atomic operations on the stack */
static uint32_t snip_atomic(struct bpf_insn *s, uint32_t live)
{
	uint8_t sz = one_in(3) ? BPF_W : BPF_DW;
	int32_t op = PICK(atomic_ops);
	uint32_t n = 0;

	s[n++] = ST(BPF_DW, BPF_REG_10, -8, rand_imm());
	if (op == BPF_CMPXCHG)
		s[n++] = MOV64_IMM(BPF_REG_0, rand_imm());
	s[n++] = I(BPF_STX | BPF_ATOMIC | sz, BPF_REG_10, live_reg(live & ~1U), -8, op);
	return n;
}

/*
 * An idiom that calls a function of its own: a bpf-to-bpf call or a
 * bpf_loop callback.  The function goes to the end of the program and
 * the call at pos names it.
 */
static void snip_subprog(struct prog *p, uint32_t pos)
{
	struct bpf_insn body[8], call[8];
	uint32_t nb = 0, nc = 0, start, call_at;
	bool callback = one_in(3);

	if (callback) {
		body[nb++] = MOV64_IMM(BPF_REG_0, below(2));
		body[nb++] = EXIT();
	} else {
		switch (below(3)) {
		case 0:
			body[nb++] = LDX(BPF_DW, BPF_REG_0, BPF_REG_1, 0);
			break;
		case 1:
			body[nb++] = MOV64_REG(BPF_REG_0, BPF_REG_1);
			break;
		default:
			body[nb++] = ST(BPF_DW, BPF_REG_10, -8, 1);
			body[nb++] = LDX(BPF_DW, BPF_REG_0, BPF_REG_10, -8);
			break;
		}
		body[nb++] = EXIT();
	}
	if (p->cnt + nb + 8 > FUZZ_MAX_INSNS)
		return;
	start = p->cnt;
	memcpy(&p->insns[start], body, nb * sizeof(body[0]));
	p->cnt += nb;

	if (callback) {
		call[nc++] = MOV64_IMM(BPF_REG_1, 1 + below(one_in(8) ? 1000 : 8));
		nc += ld_imm64(&call[nc], BPF_REG_2, BPF_PSEUDO_FUNC, 0);
		call[nc++] = MOV64_IMM(BPF_REG_3, 0);
		call[nc++] = MOV64_IMM(BPF_REG_4, 0);
		call[nc++] = CALL(BPF_FUNC_loop);
	} else {
		call[nc++] = ST(BPF_DW, BPF_REG_10, -8, 0);
		call[nc++] = MOV64_REG(BPF_REG_1, BPF_REG_10);
		call[nc++] = ADD64_IMM(BPF_REG_1, -8);
		call[nc++] = I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
	}
	if (pos > start)
		pos = start;
	if (pos < p->cnt && second_half(p, pos))
		pos--;
	if (!insns_insert(p, pos, call, nc))
		return;
	/* the function moved by nc along with everything after pos */
	start += nc;
	call_at = pos + (callback ? 1 : nc - 1);
	p->insns[call_at].imm = (int32_t)start - (int32_t)call_at - 1;
}

static void mut_snippet(struct prog *p)
{
	struct bpf_insn s[SNIPPET_MAX];
	uint8_t r = PICK(((const uint8_t[]){ 0, 6, 7, 8, 9 }));
	uint32_t n, pos = insert_pos(p), live = live_regs(p, pos);

	switch (below(10)) {
	case 0:
		n = snip_map(s, r);
		break;
	case 1:
		n = snip_pkt(p, s, r);
		pos = 0;
		break;
	case 2:
		n = snip_loop(s, r);
		break;
	case 3:
		n = snip_spill(s, r, live);
		break;
	case 4:
		n = snip_alu(s, r, live);
		break;
	case 5:
		n = snip_tail_call(s);
		pos = 0;
		break;
	case 6:
		n = snip_helper(s, live);
		break;
	case 7:
		n = snip_atomic(s, live);
		break;
	case 8:		/* keep the context where helpers and idioms find it */
		s[0] = MOV64_REG(BPF_REG_6, BPF_REG_1);
		n = 1;
		pos = 0;
		break;
	default:
		if (!(p->hdr[0] & FUZZ_UNPRIV))
			snip_subprog(p, pos);
		return;
	}
	insns_insert(p, pos, s, n);
}

/* libFuzzer's byte mutations on the instructions or on the packet */
static void mut_bytes(struct prog *p)
{
	size_t n;

	if (!one_in(4) || !p->cnt) {
		if (!p->data_len)
			p->data[p->data_len++] = 0;
		n = LLVMFuzzerMutate(p->data, p->data_len, DATA_MAX);
		p->data_len = n;
		return;
	}
	{
		uint32_t from = rand_pos(p), k = 1 + below(4);

		if (from + k > p->cnt)
			k = p->cnt - from;
		LLVMFuzzerMutate((uint8_t *)&p->insns[from], k * sizeof(p->insns[0]),
				 k * sizeof(p->insns[0]));
	}
}

/* A program to start from when the input is none. */
static void prog_fresh(struct prog *p)
{
	p->hdr[0] = below(32);
	p->hdr[1] = 0;
	p->hdr[2] = 64;
	p->hdr[3] = 0;
	p->insns[0] = MOV64_IMM(BPF_REG_0, 0);
	p->insns[1] = EXIT();
	p->cnt = 2;
	p->data_len = 0;
}

/* The registers an instruction reads (the exit's r0 aside). */
static void insn_reads(const struct bpf_insn *insn, bool *dst_read, bool *src_read)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool x = BPF_SRC(insn->code) == BPF_X;

	*dst_read = *src_read = false;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		*dst_read = op != BPF_MOV;
		*src_read = x && op != BPF_END && op != BPF_NEG;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL || op == BPF_EXIT || op == BPF_JA)
			break;
		*dst_read = true;
		*src_read = x;
		break;
	case BPF_LDX:
		*src_read = true;
		break;
	case BPF_ST:
		*dst_read = true;
		break;
	case BPF_STX:
		*dst_read = *src_read = true;
		break;
	case BPF_LD:
		*src_read = BPF_MODE(insn->code) == BPF_IND;
		break;
	}
}

/*
 * Most rejections are reads of registers nothing wrote: after a
 * mutation, a read of a register that is not live in the walk of
 * live_regs() reads a live one instead (seven times in eight).
 */
static void repair_reads(struct prog *p)
{
	uint32_t live = 1U << BPF_REG_1 | 1U << BPF_REG_10, i;
	bool dr, sr;

	for (i = 0; i < p->cnt; i++) {
		struct bpf_insn *insn = &p->insns[i];

		insn_reads(insn, &dr, &sr);
		if (dr && insn->dst_reg < 11 && !(live & (1U << insn->dst_reg)) && !one_in(8))
			insn->dst_reg = live_reg(BPF_CLASS(insn->code) == BPF_ALU ||
						 BPF_CLASS(insn->code) == BPF_ALU64 ?
						 live & ~(1U << BPF_REG_10) : live);
		if (sr && insn->src_reg < 11 && !(live & (1U << insn->src_reg)) && !one_in(8))
			insn->src_reg = live_reg(live);
		/* what it writes, as live_regs() */
		live = live_regs_step(live, insn);
		if (is_ld_imm64(insn))
			i++;
	}
}

size_t insn_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	struct prog *p = &prog_a;
	uint32_t k;

	rng = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + 1;
	prog_parse(data, size, p);
	if (!p->cnt)
		prog_fresh(p);
	/* one at a time: libFuzzer applies up to -mutate_depth in a row */
	for (k = one_in(4) ? 2 : 1; k; k--) {
		switch (below(32)) {
		case 0 ... 9:
			mut_field(p);
			break;
		case 10 ... 13:
			mut_insert(p);
			break;
		case 14 ... 15:
			mut_delete(p);
			break;
		case 16 ... 21:
			mut_snippet(p);
			break;
		case 22:
			mut_duplicate(p);
			break;
		case 23:
			mut_swap(p);
			break;
		case 24 ... 25:
			mut_branch(p);
			break;
		case 26 ... 27:
			mut_header(p);
			break;
		case 28 ... 29:
			mut_snippet(p);
			break;
		default:
			mut_bytes(p);
			break;
		}
	}
	if (!one_in(4))
		repair_reads(p);
	return prog_write(p, data, max_size);
}

/*
 * The start of one program with the end of the other, or a piece of the
 * other inserted: the header and packet of the first.
 */
size_t insn_cross_over(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
		       uint8_t *out, size_t max_out, unsigned int seed)
{
	struct prog *a = &prog_a, *b = &prog_b;
	uint32_t ia, ib, n;

	rng = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + 7;
	/*
	 * libFuzzer picks this as often as the mutator: splices break more
	 * programs than they make, so three times in four mutate instead.
	 */
	if (!one_in(4)) {
		if (s1 > max_out)
			return 0;
		memcpy(out, d1, s1);
		return insn_mutate(out, s1, max_out, rnd());
	}
	prog_parse(d1, s1, a);
	prog_parse(d2, s2, b);
	if (!a->cnt || !b->cnt)
		return 0;
	ia = below(a->cnt + 1);
	ib = below(b->cnt);
	if (ia < a->cnt && second_half(a, ia))
		ia--;
	if (second_half(b, ib))
		ib--;
	if (one_in(2)) {
		/* a's head, b's tail */
		n = b->cnt - ib;
		if (ia + n > FUZZ_MAX_INSNS)
			n = FUZZ_MAX_INSNS - ia;
		memcpy(&a->insns[ia], &b->insns[ib], n * sizeof(a->insns[0]));
		a->cnt = ia + n;
	} else {
		n = 1 + below(16);
		if (ib + n > b->cnt)
			n = b->cnt - ib;
		if (ib + n < b->cnt && second_half(b, ib + n))
			n++;
		insns_insert(a, ia, &b->insns[ib], n);
	}
	return prog_write(a, out, max_out);
}
