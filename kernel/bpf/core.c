// SPDX-License-Identifier: GPL-2.0
/*
 * The program object: allocation, patching of its instructions, its tag,
 * the choice of its runtime, and bpf_prog_run(), the one way to run it.
 * The interpreter itself is interp.c, its memory guard run_guard.c.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <endian.h>
#include "run_guard.h"

#ifndef S16_MAX
#define S16_MAX		((s16)(U16_MAX >> 1))
#endif

/* No JIT yet: programs run in the interpreter and report prog_jited 0. */
int bpf_jit_enable;
int bpf_jit_harden;

/* Programs live in page-rounded blocks, so most patches need no move. */
static size_t bpf_prog_alloc_size(u32 insn_cnt)
{
	if (insn_cnt > (U32_MAX - sizeof(struct bpf_prog)) / sizeof(struct bpf_insn))
		return 0;
	return round_up((size_t)bpf_prog_size(insn_cnt), PAGE_SIZE);
}

struct bpf_prog *bpf_prog_alloc(u32 insn_cnt)
{
	size_t size = bpf_prog_alloc_size(insn_cnt);
	struct bpf_prog_aux *aux;
	struct bpf_prog *fp;

	if (!size)
		return NULL;
	fp = kzalloc(size, GFP_KERNEL | __GFP_ACCOUNT);
	if (!fp)
		return NULL;
	aux = kzalloc(sizeof(*aux), GFP_KERNEL | __GFP_ACCOUNT);
	if (!aux) {
		kfree(fp);
		return NULL;
	}
	fp->aux = aux;
	fp->len = insn_cnt;
	fp->jit_requested = !!bpf_jit_enable;
	fp->blinding_requested = !!bpf_jit_harden;
	aux->prog = fp;
	mutex_init(&aux->used_maps_mutex);
	return fp;
}

/*
 * Room for insn_cnt instructions.  When the program moves, the old block
 * is freed and everything that points back at the program follows it.
 */
struct bpf_prog *bpf_prog_realloc(struct bpf_prog *fp, u32 insn_cnt)
{
	size_t size = bpf_prog_alloc_size(insn_cnt), old = ksize(fp);
	struct bpf_prog_aux *aux = fp->aux;
	struct bpf_prog *nfp;
	u32 i;

	if (!size)
		return NULL;
	if (size <= old)
		return fp;
	nfp = kzalloc(size, GFP_KERNEL | __GFP_ACCOUNT);
	if (!nfp)
		return NULL;
	memcpy(nfp, fp, old);
	aux->prog = nfp;
	for (i = 0; aux->subprog_entries && i < aux->subprog_cnt; i++)
		if (aux->subprog_entries[i].prog == fp)
			aux->subprog_entries[i].prog = nfp;
	kfree(fp);
	return nfp;
}

/*
 * Frees the program and what its aux owns.  Map references, BTF and the
 * used_maps array belong to the syscall layer, which drops them first.
 */
void bpf_prog_free(struct bpf_prog *fp)
{
	struct bpf_prog_aux *aux;

	if (!fp)
		return;
	aux = fp->aux;
	if (aux) {
		kfree(aux->call_protos);
		kfree(aux->call_func_ids);
		kfree(aux->subprog_starts);
		kfree(aux->subprog_entries);
		kfree(aux->linfo);
		kfree(aux->func_info);
		kfree(aux->func_info_aux);
		kfree(aux);
	}
	kfree(fp);
}

/* ---- patching ---- */

enum rel_field {
	REL_NONE,
	REL_OFF,	/* insn->off, 16 bits */
	REL_IMM,	/* insn->imm, 32 bits */
};

/* Which field of insn, if any, is relative to its position. */
static enum rel_field insn_rel_field(const struct bpf_insn *insn)
{
	u8 code = insn->code;

	if (code == (BPF_LD | BPF_IMM | BPF_DW))
		return insn->src_reg == BPF_PSEUDO_FUNC ? REL_IMM : REL_NONE;
	if (BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_JMP32)
		return REL_NONE;
	switch (BPF_OP(code)) {
	case BPF_EXIT:
	case BPF_TAIL_CALL:
		return REL_NONE;
	case BPF_CALL:
		return insn->src_reg == BPF_PSEUDO_CALL ? REL_IMM : REL_NONE;
	case BPF_JA:
		return code == (BPF_JMP32 | BPF_JA) ? REL_IMM : REL_OFF;
	default:
		return REL_OFF;
	}
}

/*
 * The relative field of the instruction at old index i once the insn at
 * off became len instructions.  Targets up to off stay (a jump to off
 * now enters the patch), targets past it move with the tail.
 */
static int rel_adjusted(const struct bpf_insn *insn, u32 i, u32 off, u32 len,
			enum rel_field f, s64 *out)
{
	s64 delta = (s64)len - 1, rel, target, ni;

	rel = f == REL_OFF ? insn->off : insn->imm;
	target = (s64)i + rel + 1;
	ni = i < off ? (s64)i : (s64)i + delta;
	if (target > (s64)off)
		target += delta;
	rel = target - ni - 1;
	if (f == REL_OFF ? rel != (s16)rel : rel != (s32)rel)
		return -ERANGE;
	*out = rel;
	return 0;
}

/*
 * Probes (apply false, insns still the old program of n instructions)
 * or applies (insns the patched program of n) the new relative fields.
 */
static int adjust_branches(struct bpf_insn *insns, u32 n, u32 off, u32 len,
			   bool apply)
{
	enum rel_field f;
	u32 ni, i;
	s64 rel;
	int err;

	for (ni = 0; ni < n; ni++) {
		if (ni == off) {
			/* the patch's own offsets are its own */
			ni += apply ? len - 1 : 0;
			continue;
		}
		f = insn_rel_field(&insns[ni]);
		if (f == REL_NONE)
			continue;
		i = apply && ni > off ? ni - (len - 1) : ni;
		err = rel_adjusted(&insns[ni], i, off, len, f, &rel);
		if (err)
			return err;
		if (!apply)
			continue;
		if (f == REL_OFF)
			insns[ni].off = rel;
		else
			insns[ni].imm = rel;
	}
	return 0;
}

static void adjust_aux_offsets(struct bpf_prog_aux *aux, u32 off, u32 delta)
{
	u32 i;

	for (i = 0; aux->subprog_starts && i < aux->subprog_cnt; i++)
		if (aux->subprog_starts[i] > off)
			aux->subprog_starts[i] += delta;
	for (i = 0; aux->subprog_entries && i < aux->subprog_cnt; i++)
		if (aux->subprog_entries[i].insn_off > off)
			aux->subprog_entries[i].insn_off += delta;
	for (i = 0; aux->linfo && i < aux->nr_linfo; i++)
		if (aux->linfo[i].insn_off > off)
			aux->linfo[i].insn_off += delta;
	for (i = 0; aux->func_info && i < aux->func_info_cnt; i++)
		if (aux->func_info[i].insn_off > off)
			aux->func_info[i].insn_off += delta;
}

struct bpf_prog *bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
				       const struct bpf_insn *patch, u32 len)
{
	u32 delta = len - 1, new_len;
	struct bpf_prog *np;
	int err;

	if (!len || off >= prog->len)
		return ERR_PTR(-EINVAL);
	if (len == 1) {
		prog->insnsi[off] = patch[0];
		return prog;
	}
	if (delta > U32_MAX - prog->len)
		return ERR_PTR(-E2BIG);
	new_len = prog->len + delta;
	/*
	 * Every offset must still fit before anything is changed; below
	 * S16_MAX instructions no jump can be longer than a 16-bit offset.
	 */
	if (new_len > S16_MAX) {
		err = adjust_branches(prog->insnsi, prog->len, off, len, false);
		if (err)
			return ERR_PTR(err);
	}
	np = bpf_prog_realloc(prog, new_len);
	if (!np)
		return ERR_PTR(-ENOMEM);
	memmove(np->insnsi + off + len, np->insnsi + off + 1,
		(np->len - off - 1) * sizeof(struct bpf_insn));
	memcpy(np->insnsi + off, patch, len * sizeof(struct bpf_insn));
	np->len = new_len;
	adjust_branches(np->insnsi, new_len, off, len, true);
	adjust_aux_offsets(np->aux, off, delta);
	return np;
}

/* ---- the tag: SHA-1 of the instructions, map fds left out ---- */

#define SHA1_BLOCK	64

static u32 rol32(u32 v, unsigned int n)
{
	return v << n | v >> (32 - n);
}

static void sha1_block(u32 h[5], const u8 *p)
{
	u32 w[80], a, b, c, d, e, f, k, t;
	int i;

	for (i = 0; i < 16; i++) {
		memcpy(&t, p + 4 * i, 4);
		w[i] = be32toh(t);
	}
	for (; i < 80; i++)
		w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol32(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

/*
 * The map fd in an LD_IMM64 is the loader's number, not the program's:
 * the tag sees zeros there, as the kernel's does.
 */
static void tag_insns(const struct bpf_prog *fp, struct bpf_insn *dst)
{
	bool after_map_ld = false;
	u32 i;

	for (i = 0; i < fp->len; i++) {
		dst[i] = fp->insnsi[i];
		if (!after_map_ld && dst[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    (dst[i].src_reg == BPF_PSEUDO_MAP_FD ||
		     dst[i].src_reg == BPF_PSEUDO_MAP_VALUE)) {
			dst[i].imm = 0;
			after_map_ld = true;
		} else if (after_map_ld && !dst[i].code && !dst[i].dst_reg &&
			   !dst[i].src_reg && !dst[i].off) {
			dst[i].imm = 0;
			after_map_ld = false;
		} else {
			after_map_ld = false;
		}
	}
}

int bpf_prog_calc_tag(struct bpf_prog *fp)
{
	u64 msg_len = bpf_prog_insn_size(fp), bits = htobe64(msg_len * 8);
	u32 h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	size_t total = round_up(msg_len + 1 + sizeof(bits), SHA1_BLOCK), i;
	u8 *buf;

	buf = kzalloc(total, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	tag_insns(fp, (struct bpf_insn *)buf);
	buf[msg_len] = 0x80;
	memcpy(buf + total - sizeof(bits), &bits, sizeof(bits));
	for (i = 0; i < total; i += SHA1_BLOCK)
		sha1_block(h, buf + i);
	for (i = 0; i < BPF_TAG_SIZE / sizeof(u32); i++) {
		u32 be = htobe32(h[i]);

		memcpy(fp->tag + i * sizeof(u32), &be, sizeof(be));
	}
	kfree(buf);
	return 0;
}

/* ---- runtime ---- */

static bool map_type_contains_progs(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_PROG_ARRAY ||
	       map->map_type == BPF_MAP_TYPE_DEVMAP ||
	       map->map_type == BPF_MAP_TYPE_CPUMAP;
}

/* A prog array takes programs of one kind: this one must be of it. */
static int bpf_check_tail_call(struct bpf_prog *fp)
{
	struct bpf_prog_aux *aux = fp->aux;
	int ret = 0;
	u32 i;

	mutex_lock(&aux->used_maps_mutex);
	for (i = 0; i < aux->used_map_cnt; i++) {
		struct bpf_map *map = aux->used_maps[i];

		if (map_type_contains_progs(map) && !bpf_prog_map_compatible(map, fp)) {
			ret = -EINVAL;
			break;
		}
	}
	mutex_unlock(&aux->used_maps_mutex);
	return ret;
}

struct bpf_prog *bpf_prog_select_runtime(struct bpf_prog *fp, int *err)
{
	if (!fp->bpf_func) {
		*err = bpf_interp_check_prog(fp);
		if (*err)
			return fp;
		fp->bpf_func = __bpf_prog_run_interp;
		fp->jited = 0;
		fp->jited_len = 0;
	}
	*err = bpf_check_tail_call(fp);
	return fp;
}

static void bpf_prog_account(const struct bpf_prog *prog, u64 start)
{
	struct bpf_prog_stats *stats = &prog->aux->stats;

	__atomic_fetch_add(&stats->cnt, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&stats->nsecs, ktime_get_ns() - start, __ATOMIC_RELAXED);
}

u32 bpf_prog_run(const struct bpf_prog *prog, const void *ctx)
{
	u64 start;
	u32 ret;

	if (WARN_ON_ONCE(!prog->bpf_func))
		return 0;
	/* the CPU of a run holds for callbacks and programs run inside it */
	if (!bpf_current_run)
		sysbpf_enter_cpu();
	rcu_read_lock();
	if (READ_ONCE(sysctl_bpf_stats_enabled)) {
		start = ktime_get_ns();
		ret = prog->bpf_func(ctx, prog->insnsi);
		bpf_prog_account(prog, start);
	} else {
		ret = prog->bpf_func(ctx, prog->insnsi);
	}
	rcu_read_unlock();
	return ret;
}

u64 bpf_prog_run_subprog(const struct bpf_subprog_entry *entry,
			 u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	u64 ret;

	if (bpf_current_run)
		return bpf_interp_run_subprog(entry, r1, r2, r3, r4, r5);
	sysbpf_enter_cpu();
	rcu_read_lock();
	ret = bpf_interp_run_subprog(entry, r1, r2, r3, r4, r5);
	rcu_read_unlock();
	return ret;
}
