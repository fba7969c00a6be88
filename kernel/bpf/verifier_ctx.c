// SPDX-License-Identifier: GPL-2.0
/*
 * Context typing: the part of the verifier's register tracking that the
 * post-verification rewrites need.  For every instruction it computes
 * what each register and each 8-byte slot of the frame's stack may hold
 * (struct cval: the context pointer plus an offset, this frame's stack
 * pointer plus an offset, a pointer into a caller's stack, a number,
 * another pointer, nothing yet), by a fixpoint over the flow graph that
 * joins what the paths into an instruction bring.  Calls to subprograms
 * carry their arguments in and r0 out.
 *
 * A load or store whose base is the unmodified context on every path is
 * a context access (converted later); one whose base is the context on
 * some path only is refused with 6.1's message.  Nothing here runs a
 * path twice, so the typing is coarser than the verifier's: a program
 * that spills the context and lets a stack address escape into memory
 * loses its spilled context (what it reloads is not trusted as one).
 *
 * The soundness that matters: a base typed "the context" is the context
 * whenever the instruction runs, since the rewrite turns it into loads
 * the interpreter does not check.  Hence the care with stack slots: a
 * slot keeps a spilled context only while nothing we cannot see may
 * have written it (untracked stack pointers, helpers and subprograms
 * writing through pointers into the frame).
 */
#include "verifier_env.h"

static const char *const reg_type_names[] = {
	[NOT_INIT]		= "?",
	[SCALAR_VALUE]		= "scalar",
	[PTR_TO_CTX]		= "ctx",
	[CONST_PTR_TO_MAP]	= "map_ptr",
	[PTR_TO_MAP_VALUE]	= "map_value",
	[PTR_TO_STACK]		= "fp",
	[PTR_TO_PACKET]		= "pkt",
	[PTR_TO_PACKET_META]	= "pkt_meta",
	[PTR_TO_PACKET_END]	= "pkt_end",
	[PTR_TO_FLOW_KEYS]	= "flow_keys",
	[PTR_TO_SOCKET]		= "sock",
	[PTR_TO_SOCK_COMMON]	= "sock_common",
	[PTR_TO_TCP_SOCK]	= "tcp_sock",
	[PTR_TO_TP_BUFFER]	= "tp_buffer",
	[PTR_TO_XDP_SOCK]	= "xdp_sock",
	[PTR_TO_BTF_ID]		= "ptr_",
	[PTR_TO_MEM]		= "mem",
	[PTR_TO_BUF]		= "buf",
	[PTR_TO_FUNC]		= "func",
	[PTR_TO_MAP_KEY]	= "map_key",
	[PTR_TO_DYNPTR]		= "dynptr_ptr",
};

const char *reg_type_str(u32 type)
{
	if (type >= ARRAY_SIZE(reg_type_names) || !reg_type_names[type])
		return "?";
	return reg_type_names[type];
}

/* ---- the values ---- */

static const struct cval cv_bottom;

static bool cv_is_bottom(struct cval v)
{
	return !v.kinds;
}

static bool cv_equal(struct cval a, struct cval b)
{
	return a.kinds == b.kinds && a.var == b.var && a.ptype == b.ptype &&
	       a.off == b.off;
}

/* The kind off and var speak for: context, else stack, else number. */
static u32 cv_primary(u32 kinds)
{
	if (kinds & K_CTX)
		return K_CTX;
	if (kinds & K_FP)
		return K_FP;
	if (kinds & K_SCALAR)
		return K_SCALAR;
	return 0;
}

/* Keeps one canonical form per meaning, so that equal values compare equal. */
static struct cval cv_norm(struct cval v)
{
	u32 prim = cv_primary(v.kinds);

	if (!prim || (v.var && prim != K_CTX)) {
		/* only the context keeps an offset when var: the one a message names */
		v.off = 0;
		v.var = !!prim;
	}
	if (!(v.kinds & K_PTR))
		v.ptype = 0;
	return v;
}

static bool off_fits(s64 off)
{
	return off >= -CVAL_OFF_MAX && off <= CVAL_OFF_MAX;
}

static struct cval cv_make(u32 kinds, s64 off)
{
	struct cval v = { .kinds = kinds };

	if (off_fits(off))
		v.off = off;
	else
		v = (struct cval){ .kinds = kinds, .var = 1,
				   .off = off < 0 ? -CVAL_OFF_MAX : CVAL_OFF_MAX };
	return cv_norm(v);
}

static struct cval cv_var(u32 kinds)
{
	return cv_norm((struct cval){ .kinds = kinds, .var = 1 });
}

static struct cval cv_ptr(u32 ptype)
{
	return (struct cval){ .kinds = K_PTR, .ptype = ptype };
}

static struct cval cv_scalar(void)
{
	return cv_var(K_SCALAR);
}

static struct cval cv_uninit(void)
{
	return (struct cval){ .kinds = K_UNINIT };
}

/* Anything a write we cannot follow may have left: never the context. */
static struct cval cv_unknown(void)
{
	return cv_var(K_SCALAR | K_PTR | K_FP | K_FPX);
}

static struct cval cv_join(struct cval a, struct cval b)
{
	u32 kinds = a.kinds | b.kinds, prim = cv_primary(kinds);
	struct cval r = { .kinds = kinds };

	if (cv_is_bottom(a))
		return b;
	if (cv_is_bottom(b))
		return a;
	if ((a.kinds & prim) && (b.kinds & prim)) {
		r.off = a.off;
		r.var = a.var | b.var | (a.off != b.off);
		/* a context message names an offset that is not 0 */
		if (r.var && !r.off)
			r.off = b.off;
	} else if (a.kinds & prim) {
		r.off = a.off;
		r.var = a.var;
	} else if (b.kinds & prim) {
		r.off = b.off;
		r.var = b.var;
	}
	if ((a.kinds & K_PTR) && (b.kinds & K_PTR))
		r.ptype = a.ptype == b.ptype ? a.ptype : 0;
	else
		r.ptype = (a.kinds & K_PTR) ? a.ptype : b.ptype;
	return cv_norm(r);
}

/* The part of a value that may be an address on a stack. */
static struct cval cv_taint(struct cval v)
{
	u32 kinds = v.kinds & (K_FP | K_FPX);

	return kinds ? cv_var(kinds) : cv_bottom;
}

/* v without some kinds; off and var stay only if they still describe it. */
static struct cval cv_drop(struct cval v, u32 kinds)
{
	u32 prim = cv_primary(v.kinds);

	v.kinds &= ~kinds;
	if (cv_primary(v.kinds) != prim)
		v.var = 1;
	return cv_norm(v);
}

static bool cv_is_ctx(struct cval v)
{
	return v.kinds == K_CTX && !v.var && !v.off;
}

static bool cv_is_fp(struct cval v)
{
	return v.kinds == K_FP && !v.var;
}

static bool cv_is_const(struct cval v)
{
	return v.kinds == K_SCALAR && !v.var;
}

/* A value read where nothing was written is a number to the privileged. */
static struct cval cv_readable(struct cval v)
{
	if (cv_is_bottom(v))
		return cv_scalar();
	if (v.kinds & K_UNINIT)
		v = cv_join(cv_drop(v, K_UNINIT), cv_scalar());
	return v;
}

/* ---- the analysis ---- */

struct ctx_df {
	struct bpf_verifier_env *env;
	u32 nblocks;
	u32 *block_start;
	struct cstate *block_in;
	u32 *queue;
	bool *queued;
	u32 qhead, qlen;
	/* call sites per callee: blocks ending with a call to it */
	u32 *site_off;
	u32 *site_block;
	bool escaped;		/* a stack address went where we cannot follow it */
	bool escape_mode;	/* ... so slots may change behind our back */
	bool cb_writes_outer;	/* some callback stores through its arguments */
	bool flags_changed;
	bool final;		/* the last pass: record verdicts */
	/* the block and state being walked */
	u32 subprog;
	struct cstate st;
};

static struct bpf_insn_aux_data *aux_of(struct ctx_df *df, u32 idx)
{
	return &df->env->insn_aux_data[idx];
}

static void df_enqueue(struct ctx_df *df, u32 b)
{
	if (df->queued[b])
		return;
	df->queued[b] = true;
	df->queue[(df->qhead + df->qlen++) % df->nblocks] = b;
}

static bool cstate_join(struct cstate *dst, const struct cstate *src)
{
	bool changed = false;
	struct cval v;
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		v = cv_join(dst->regs[i], src->regs[i]);
		if (!cv_equal(v, dst->regs[i])) {
			dst->regs[i] = v;
			changed = true;
		}
	}
	for (i = 0; i < CTX_STACK_SLOTS; i++) {
		v = cv_join(dst->slots[i], src->slots[i]);
		if (!cv_equal(v, dst->slots[i])) {
			dst->slots[i] = v;
			changed = true;
		}
	}
	return changed;
}

static void flow_to(struct ctx_df *df, u32 insn_idx, const struct cstate *st)
{
	s32 b;

	if (df->final || insn_idx >= df->env->prog->len)
		return;
	b = aux_of(df, insn_idx)->block;
	if (b < 0)
		return;
	if (cstate_join(&df->block_in[b], st))
		df_enqueue(df, b);
}

/* The state every function starts in: r10 is its frame, nothing else is set. */
static void entry_state(struct cstate *st)
{
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++)
		st->regs[i] = cv_uninit();
	for (i = 0; i < CTX_STACK_SLOTS; i++)
		st->slots[i] = cv_uninit();
	st->regs[BPF_REG_FP] = cv_make(K_FP, 0);
}

static void set_escaped(struct ctx_df *df)
{
	df->escaped = true;
}

static void set_writes_outer(struct ctx_df *df, u32 subprog)
{
	struct bpf_subprog_info *info = &df->env->subprog_info[subprog];

	if (info->writes_outer)
		return;
	info->writes_outer = true;
	if (info->is_cb)
		df->cb_writes_outer = true;
	df->flags_changed = true;
}

static void note_stack_depth(struct ctx_df *df, s64 off)
{
	struct bpf_subprog_info *info = &df->env->subprog_info[df->subprog];

	if (df->final && off < 0 && -off <= MAX_BPF_STACK && (u32)-off > info->stack_depth)
		info->stack_depth = -off;
}

static bool slots_hold_stack_addr(const struct cstate *st, u32 from)
{
	u32 i;

	for (i = from; i < CTX_STACK_SLOTS; i++)
		if (st->slots[i].kinds & (K_FP | K_FPX))
			return true;
	return false;
}

/* Slot index of fp + off, when [off, off + size) lies in the frame. */
static int slot_of(s64 off, int size)
{
	if (off < -MAX_BPF_STACK || off + size > 0)
		return -1;
	return (off + MAX_BPF_STACK) / 8;
}

static void slots_join_all(struct cstate *st, u32 from, struct cval v)
{
	u32 i;

	for (i = from; i < CTX_STACK_SLOTS; i++)
		st->slots[i] = cv_join(st->slots[i], v);
}

/* ---- loads and stores ---- */

/* What a load of the context yields, as is_valid_access tells it (once). */
static void ctx_access_check(struct ctx_df *df, u32 idx, enum bpf_access_type type)
{
	struct bpf_verifier_env *env = df->env;
	struct bpf_insn_aux_data *aux = aux_of(df, idx);
	const struct bpf_insn *insn = &env->prog->insnsi[idx];
	struct bpf_insn_access_aux info = {
		.reg_type = SCALAR_VALUE,
		.log = &env->log,
	};

	if (aux->ctx_flags & CTX_ACCESS_CHECKED)
		return;
	aux->ctx_flags |= CTX_ACCESS_CHECKED;
	if (!env->ops || !env->ops->is_valid_access ||
	    !env->ops->is_valid_access(insn->off, bpf_size_bytes(insn->code), type,
				       env->prog, &info))
		return;
	aux->ctx_flags |= CTX_ACCESS_VALID;
	aux->ctx_field_size = info.ctx_field_size;
	aux->ctx_ptype = base_type(info.reg_type);
}

static struct cval stack_load(struct ctx_df *df, struct cval base, s16 off, int size)
{
	const struct cstate *st = &df->st;
	struct cval v = cv_scalar();
	s64 o = (s64)base.off + off;
	int slot, last, i;

	if (!cv_is_fp(base)) {
		for (i = 0; i < CTX_STACK_SLOTS; i++)
			v = cv_join(v, cv_readable(st->slots[i]));
		return v;
	}
	note_stack_depth(df, o);
	slot = slot_of(o, size);
	if (slot < 0)
		return v;	/* out of the frame: the run stops there */
	if (size == 8 && !(o % 8))
		return cv_readable(st->slots[slot]);
	last = slot_of(o + size - 1, 1);
	for (i = slot; i <= last; i++)
		v = cv_join(v, cv_taint(st->slots[i]));
	return v;
}

static struct cval mem_load(struct ctx_df *df, u32 idx, struct cval base,
			    const struct bpf_insn *insn)
{
	int size = bpf_size_bytes(insn->code);
	struct cval v = cv_bottom;
	struct bpf_insn_aux_data *aux;

	if (cv_is_ctx(base)) {
		ctx_access_check(df, idx, BPF_READ);
		aux = aux_of(df, idx);
		if (!(aux->ctx_flags & CTX_ACCESS_VALID) || aux->ctx_ptype == SCALAR_VALUE)
			return cv_scalar();
		return cv_ptr(aux->ctx_ptype);
	}
	if (base.kinds & K_FP)
		v = stack_load(df, base, insn->off, size);
	if (base.kinds & K_FPX)
		v = cv_join(v, cv_var(K_SCALAR | K_FPX));
	if (base.kinds & ~(K_FP | K_FPX))
		v = cv_join(v, df->escape_mode ? cv_unknown() : cv_scalar());
	return cv_readable(v);
}

/* A store into this frame through fp + off, of size bytes of val. */
static void stack_store(struct ctx_df *df, struct cval base, s16 off, int size,
			struct cval val, bool whole)
{
	struct cstate *st = &df->st;
	s64 o = (s64)base.off + off;
	int slot, last, i;

	if (!cv_is_fp(base)) {
		/* anywhere in the frame: every slot may now hold it */
		slots_join_all(st, 0, cv_join(cv_scalar(), whole ? val : cv_taint(val)));
		return;
	}
	note_stack_depth(df, o);
	slot = slot_of(o, size);
	if (slot < 0)
		return;
	if (whole && size == 8 && !(o % 8)) {
		st->slots[slot] = cv_readable(val);
		return;
	}
	/* part of a slot: what was spilled there is a number now */
	last = slot_of(o + size - 1, 1);
	for (i = slot; i <= last; i++)
		st->slots[i] = cv_join(cv_scalar(),
				       cv_join(cv_taint(st->slots[i]), cv_taint(val)));
}

static void mem_store(struct ctx_df *df, struct cval base, const struct bpf_insn *insn,
		      struct cval val, bool whole)
{
	int size = bpf_size_bytes(insn->code);

	if (base.kinds & K_FP)
		stack_store(df, base, insn->off, size, val, whole);
	if (!(base.kinds & ~K_FP))
		return;
	/* memory we do not track: a stack address stored there escapes */
	if (val.kinds & (K_FP | K_FPX))
		set_escaped(df);
	if (base.kinds & K_FPX)
		set_writes_outer(df, df->subprog);
	if (df->escape_mode)
		slots_join_all(&df->st, 0, cv_join(cv_unknown(), val));
}

/* ---- ALU ---- */

static struct cval alu_add_const(struct cval d, s64 delta)
{
	s64 off;

	d = cv_readable(d);
	if (!cv_primary(d.kinds) || d.var)
		return d;
	off = (s64)d.off + delta;
	if (off_fits(off)) {
		d.off = off;
		return d;
	}
	d.var = 1;
	d.off = off < 0 ? -CVAL_OFF_MAX : CVAL_OFF_MAX;
	return cv_norm(d);
}

/*
 * dst op= src for everything but moves and constant offsets.  Anything
 * computed from a stack address may still be one; a pointer plus or minus
 * a number stays that pointer at an unknown offset; the rest are numbers.
 */
static struct cval alu_other(struct cval d, struct cval s, u8 op, bool alu64, bool has_src)
{
	struct cval r = cv_taint(d);
	bool dn, sn, dp, sp;
	u32 ptrs;

	if (has_src)
		r = cv_join(r, cv_taint(s));
	if (!alu64 || !has_src || (op != BPF_ADD && op != BPF_SUB))
		return cv_join(r, cv_scalar());

	dn = d.kinds & (K_SCALAR | K_UNINIT);
	sn = s.kinds & (K_SCALAR | K_UNINIT);
	dp = d.kinds & K_POINTERS;
	sp = s.kinds & K_POINTERS;
	ptrs = sn ? d.kinds & (K_CTX | K_PTR) : 0;
	if (op == BPF_ADD && dn)
		ptrs |= s.kinds & (K_CTX | K_PTR);
	if (ptrs) {
		struct cval p = cv_var(ptrs);

		p.ptype = (d.kinds & K_PTR) ? d.ptype : s.ptype;
		if ((ptrs & K_CTX) && (d.kinds & K_CTX))
			p.off = d.off;	/* keep the offset a message names */
		r = cv_join(r, cv_norm(p));
	}
	if ((dn && sn) || (dp && sp) || (op == BPF_SUB && sp) || cv_is_bottom(r))
		r = cv_join(r, cv_scalar());
	return r;
}

static void alu_transfer(struct ctx_df *df, const struct bpf_insn *insn)
{
	struct cstate *st = &df->st;
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool x = BPF_SRC(insn->code) == BPF_X;
	u8 op = BPF_OP(insn->code);
	struct cval d, s = cv_bottom, r;

	if (insn->dst_reg >= BPF_REG_FP || (x && insn->src_reg >= MAX_BPF_REG))
		return;
	d = st->regs[insn->dst_reg];
	if (x)
		s = st->regs[insn->src_reg];

	if (op == BPF_NEG || op == BPF_END) {
		r = cv_join(cv_scalar(), cv_taint(d));
	} else if (op == BPF_MOV) {
		if (!x)
			r = cv_make(K_SCALAR, alu64 ? (s64)insn->imm : (s64)(u32)insn->imm);
		else if (alu64)
			r = s;
		else if (cv_is_const(s) && s.off >= 0)
			r = s;
		else
			r = cv_join(cv_scalar(), cv_taint(s));
	} else if (alu64 && (op == BPF_ADD || op == BPF_SUB) && (!x || cv_is_const(s))) {
		s64 c = x ? s.off : insn->imm;

		r = alu_add_const(d, op == BPF_ADD ? c : -c);
	} else {
		r = alu_other(d, s, op, alu64, x);
	}
	st->regs[insn->dst_reg] = r;
}

/* ---- calls ---- */

enum arg_use {
	ARG_USE_NONE,		/* a number, or nothing */
	ARG_USE_READ,		/* memory the helper reads */
	ARG_USE_WRITE,		/* memory the helper may write */
	ARG_USE_CB_CTX,		/* handed to a callback, which may write it */
	ARG_USE_VALUE,		/* a number the helper may keep */
};

static enum arg_use helper_arg_use(u32 arg_type)
{
	switch (base_type(arg_type)) {
	case ARG_DONTCARE:
		return ARG_USE_NONE;
	case ARG_CONST_MAP_PTR:
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
	case ARG_PTR_TO_CTX:
	case ARG_PTR_TO_CONST_STR:
	case ARG_PTR_TO_FUNC:
	case ARG_PTR_TO_SOCK_COMMON:
	case ARG_PTR_TO_SOCKET:
	case ARG_PTR_TO_BTF_ID_SOCK_COMMON:
		return ARG_USE_READ;
	case ARG_PTR_TO_MEM:
		return (arg_type & MEM_RDONLY) ? ARG_USE_READ : ARG_USE_WRITE;
	case ARG_PTR_TO_STACK:
		return ARG_USE_CB_CTX;
	case ARG_ANYTHING:
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		return ARG_USE_VALUE;
	default:
		return ARG_USE_WRITE;
	}
}

/* How many bytes at arg i the helper may write, or -1 when not known. */
static s64 helper_write_size(const struct bpf_func_proto *fn, u32 i, const struct cstate *st)
{
	u32 next;

	if (fn->arg_type[i] & MEM_FIXED_SIZE)
		return fn->arg_size[i];
	if (i + 1 >= 5)
		return -1;
	next = base_type(fn->arg_type[i + 1]);
	if ((next == ARG_CONST_SIZE || next == ARG_CONST_SIZE_OR_ZERO) &&
	    cv_is_const(st->regs[BPF_REG_1 + i + 1]) && st->regs[BPF_REG_1 + i + 1].off >= 0)
		return st->regs[BPF_REG_1 + i + 1].off;
	return -1;
}

static void helper_clobber(struct ctx_df *df, struct cval p, s64 size, struct cval what)
{
	struct cstate *st = &df->st;
	int first, last, i;

	if (!cv_is_fp(p)) {
		slots_join_all(st, 0, what);
		return;
	}
	note_stack_depth(df, p.off);
	if (p.off >= 0)
		return;		/* above the frame: it writes upwards */
	first = p.off < -MAX_BPF_STACK ? 0 : slot_of(p.off, 1);
	if (size < 0 || p.off + size > 0 || p.off < -MAX_BPF_STACK) {
		slots_join_all(st, first, what);
		return;
	}
	if (!size)
		return;
	last = slot_of(p.off + size - 1, 1);
	for (i = first; i <= last; i++)
		st->slots[i] = cv_join(st->slots[i], what);
}

static void helper_arg(struct ctx_df *df, const struct bpf_func_proto *fn, u32 i)
{
	struct cstate *st = &df->st;
	struct cval v = st->regs[BPF_REG_1 + i];
	enum arg_use use = helper_arg_use(fn->arg_type[i]);
	u32 from = 0;

	if (use == ARG_USE_NONE || !(v.kinds & (K_FP | K_FPX)))
		goto escape_mode;
	if (use == ARG_USE_VALUE) {
		set_escaped(df);
		return;
	}
	if (v.kinds & K_FP) {
		if (cv_is_fp(v) && slot_of(v.off, 1) >= 0)
			from = slot_of(v.off, 1);
		/* the helper may copy what it reads somewhere we cannot see */
		if (slots_hold_stack_addr(st, from))
			set_escaped(df);
		if (use == ARG_USE_WRITE)
			helper_clobber(df, v, helper_write_size(fn, i, st), cv_scalar());
		else if (use == ARG_USE_CB_CTX && df->cb_writes_outer)
			slots_join_all(st, 0, cv_unknown());
		else if (cv_is_fp(v))
			note_stack_depth(df, v.off);
	}
	if ((v.kinds & K_FPX) &&
	    (use == ARG_USE_WRITE || (use == ARG_USE_CB_CTX && df->cb_writes_outer)))
		set_writes_outer(df, df->subprog);
escape_mode:
	if (df->escape_mode && (use == ARG_USE_WRITE || use == ARG_USE_CB_CTX))
		slots_join_all(st, 0, cv_unknown());
}

static struct cval helper_ret(const struct bpf_func_proto *fn)
{
	switch (base_type(fn->ret_type)) {
	case RET_PTR_TO_MAP_VALUE:
		return cv_ptr(PTR_TO_MAP_VALUE);
	case RET_PTR_TO_SOCKET:
		return cv_ptr(PTR_TO_SOCKET);
	case RET_PTR_TO_TCP_SOCK:
		return cv_ptr(PTR_TO_TCP_SOCK);
	case RET_PTR_TO_SOCK_COMMON:
		return cv_ptr(PTR_TO_SOCK_COMMON);
	case RET_PTR_TO_ALLOC_MEM:
	case RET_PTR_TO_MEM_OR_BTF_ID:
		return cv_ptr(PTR_TO_MEM);
	case RET_PTR_TO_BTF_ID:
		return cv_ptr(PTR_TO_BTF_ID);
	default:
		return cv_scalar();
	}
}

/* r1-r5 are not readable after a call; r0 is what it returns. */
static void clobber_caller_saved(struct cstate *st, struct cval r0)
{
	u32 i;

	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		st->regs[i] = cv_uninit();
	st->regs[BPF_REG_0] = r0;
}

static void helper_transfer(struct ctx_df *df, const struct bpf_insn *insn)
{
	const struct bpf_func_proto *fn = env_helper_proto(df->env, insn->imm);
	u32 i;

	if (!fn) {
		clobber_caller_saved(&df->st, cv_scalar());
		return;
	}
	for (i = 0; i < 5; i++)
		helper_arg(df, fn, i);
	clobber_caller_saved(&df->st, helper_ret(fn));
}

/* An argument as the callee sees it: our stack is a caller's stack there. */
static struct cval arg_for_callee(struct cval v)
{
	if (v.kinds & K_FP)
		v = cv_join(cv_drop(v, K_FP), cv_var(K_FPX));
	return v;
}

/* What the caller gets in r0: a stack address of some frame, never the context's offset. */
static struct cval ret_for_caller(struct cval v)
{
	if (v.kinds & (K_FP | K_FPX))
		v = cv_join(cv_drop(v, K_FP | K_FPX), cv_var(K_FP | K_FPX));
	return v;
}

static void pseudo_call_edges(struct ctx_df *df, u32 t)
{
	struct bpf_verifier_env *env = df->env;
	const struct bpf_insn *insn = &env->prog->insnsi[t];
	struct cstate *st = &df->st;
	struct cstate callee, cont;
	bool fp_arg = false, fpx_arg = false;
	struct bpf_subprog_info *info;
	int c;
	u32 i;

	c = find_subprog(env, (int)t + insn->imm + 1);
	if (c < 0)
		return;
	info = &env->subprog_info[c];

	entry_state(&callee);
	for (i = BPF_REG_1; i <= BPF_REG_5; i++) {
		callee.regs[i] = arg_for_callee(st->regs[i]);
		fp_arg |= !!(st->regs[i].kinds & K_FP);
		fpx_arg |= !!(st->regs[i].kinds & K_FPX);
	}
	flow_to(df, info->start, &callee);

	if (fp_arg && slots_hold_stack_addr(st, 0))
		set_escaped(df);
	if (fpx_arg && info->writes_outer)
		set_writes_outer(df, df->subprog);

	cont = *st;
	clobber_caller_saved(&cont, ret_for_caller(info->ret));
	if ((fp_arg && info->writes_outer) || df->escape_mode) {
		for (i = 0; i < CTX_STACK_SLOTS; i++)
			cont.slots[i] = cv_join(cont.slots[i], cv_unknown());
	}
	flow_to(df, t + 1, &cont);
}

static void exit_edges(struct ctx_df *df)
{
	struct bpf_verifier_env *env = df->env;
	struct bpf_subprog_info *info = &env->subprog_info[df->subprog];
	struct cval r0 = df->st.regs[BPF_REG_0];
	u32 i;

	if (df->final || !df->subprog)
		return;
	r0 = cv_join(info->ret, r0);
	if (cv_equal(r0, info->ret))
		return;
	info->ret = r0;
	for (i = df->site_off[df->subprog]; i < df->site_off[df->subprog + 1]; i++)
		df_enqueue(df, df->site_block[i]);
}

/* ---- verdicts ---- */

static void set_verdict(struct ctx_df *df, u32 idx, u8 verdict, u8 reg, s32 off)
{
	struct bpf_insn_aux_data *aux = aux_of(df, idx);

	if (!df->final || aux->verdict)
		return;
	aux->verdict = verdict;
	aux->verdict_reg = reg;
	aux->verdict_off = off;
}

/* The verdict on an access through base: a context access, or why not. */
static u8 ctx_base_verdict(struct cval base, s32 *off)
{
	*off = base.off;
	if (!(base.kinds & K_CTX))
		return V_NONE;
	if (base.kinds == K_CTX) {
		if (base.var)
			return base.off ? (base.off < 0 ? V_CTX_NEGATIVE : V_CTX_MODIFIED) :
					  V_CTX_VARIABLE;
		if (base.off)
			return base.off < 0 ? V_CTX_NEGATIVE : V_CTX_MODIFIED;
		return V_CTX;
	}
	if (base.kinds & K_SCALAR)
		return V_MIXED_SCALAR;
	if (base.kinds & K_UNINIT)
		return V_MIXED_UNINIT;
	return V_MIXED_PTR;
}

/* The first thing a non-context value may be, as 6.1 names its type. */
static u32 cv_type(struct cval v)
{
	if (v.kinds & K_SCALAR)
		return SCALAR_VALUE;
	if (v.kinds & (K_FP | K_FPX))
		return PTR_TO_STACK;
	if (v.kinds & K_PTR)
		return v.ptype;
	return NOT_INIT;
}

static void verdict_mem(struct ctx_df *df, u32 idx, const struct bpf_insn *insn)
{
	const struct cstate *st = &df->st;
	u8 class = BPF_CLASS(insn->code);
	u8 base_reg = class == BPF_LDX ? insn->src_reg : insn->dst_reg;
	struct cval base, val;
	u8 v;
	s32 off;

	if (base_reg >= MAX_BPF_REG || insn->src_reg >= MAX_BPF_REG)
		return;
	base = st->regs[base_reg];
	if (class == BPF_ST && (base.kinds & K_CTX)) {
		set_verdict(df, idx, V_ST_CTX, base_reg, PTR_TO_CTX);
		return;
	}
	if (class == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC) {
		if (base.kinds & K_CTX)
			set_verdict(df, idx, V_ATOMIC_BAD, base_reg, PTR_TO_CTX);
		else if (base.kinds == K_PTR)
			switch (base.ptype) {
			case PTR_TO_PACKET:
			case PTR_TO_PACKET_META:
			case PTR_TO_FLOW_KEYS:
			case PTR_TO_SOCKET:
			case PTR_TO_SOCK_COMMON:
			case PTR_TO_TCP_SOCK:
			case PTR_TO_XDP_SOCK:
				set_verdict(df, idx, V_ATOMIC_BAD, base_reg, base.ptype);
			}
		return;
	}
	if (class == BPF_STX && base.kinds == K_CTX && !df->env->allow_ptr_leaks) {
		val = st->regs[insn->src_reg];
		if (val.kinds & K_POINTERS) {
			set_verdict(df, idx, V_LEAK_CTX, insn->src_reg, 0);
			return;
		}
	}
	v = ctx_base_verdict(base, &off);
	if (v == V_CTX && class == BPF_STX)
		ctx_access_check(df, idx, BPF_WRITE);
	set_verdict(df, idx, v, base_reg, off);
}

static void verdict_ld_abs(struct ctx_df *df, u32 idx)
{
	struct cval r6 = df->st.regs[BPF_REG_6];
	s32 off;
	u8 v;

	if (r6.kinds & K_UNINIT) {
		set_verdict(df, idx, V_LD_ABS_UNINIT, BPF_REG_6, 0);
		return;
	}
	if (r6.kinds != K_CTX) {
		set_verdict(df, idx, V_LD_ABS_NOT_CTX, BPF_REG_6, 0);
		return;
	}
	v = ctx_base_verdict(r6, &off);
	if (v != V_CTX)
		set_verdict(df, idx, v, BPF_REG_6, off);
}

static void verdict_helper_args(struct ctx_df *df, u32 idx, const struct bpf_insn *insn)
{
	const struct bpf_func_proto *fn = env_helper_proto(df->env, insn->imm);
	struct cval v;
	u32 i, regno;
	s32 off;
	u8 verdict;

	if (!fn)
		return;
	for (i = 0; i < 5; i++) {
		if (base_type(fn->arg_type[i]) != ARG_PTR_TO_CTX)
			continue;
		regno = BPF_REG_1 + i;
		v = df->st.regs[regno];
		if (v.kinds & K_UNINIT) {
			set_verdict(df, idx, V_ARG_UNINIT, regno, 0);
			return;
		}
		if ((fn->arg_type[i] & PTR_MAYBE_NULL) && cv_is_const(v) && !v.off)
			continue;
		if (v.kinds != K_CTX) {
			set_verdict(df, idx, V_ARG_TYPE, regno, cv_type(v));
			return;
		}
		verdict = ctx_base_verdict(v, &off);
		if (verdict != V_CTX) {
			set_verdict(df, idx, verdict, regno, off);
			return;
		}
	}
}

static void verdict_exit(struct ctx_df *df, u32 idx)
{
	const struct bpf_subprog_info *info = &df->env->subprog_info[df->subprog];
	struct cval r0 = df->st.regs[BPF_REG_0];

	if (!df->subprog) {
		if (r0.kinds & K_UNINIT)
			set_verdict(df, idx, V_R0_UNINIT, BPF_REG_0, 0);
		else if (!df->env->allow_ptr_leaks && (r0.kinds & K_POINTERS))
			set_verdict(df, idx, V_R0_LEAK, BPF_REG_0, 0);
	} else if (!info->is_cb && r0.kinds == K_FP) {
		set_verdict(df, idx, V_RET_STACK, BPF_REG_0, 0);
	}
}

/* ---- the walk over one block ---- */

static void insn_transfer(struct ctx_df *df, u32 idx, const struct bpf_insn *insn)
{
	struct cstate *st = &df->st;
	u8 class = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);
	struct cval base, v;

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		alu_transfer(df, insn);
		break;
	case BPF_LDX:
		if (insn->src_reg >= MAX_BPF_REG || insn->dst_reg >= BPF_REG_FP)
			break;
		v = mem_load(df, idx, st->regs[insn->src_reg], insn);
		st->regs[insn->dst_reg] = v;
		break;
	case BPF_STX:
		if (insn->src_reg >= MAX_BPF_REG || insn->dst_reg >= MAX_BPF_REG)
			break;
		base = st->regs[insn->dst_reg];
		v = st->regs[insn->src_reg];
		if (mode != BPF_ATOMIC) {
			mem_store(df, base, insn, v, true);
			break;
		}
		/* read-modify-write: a number now, which may be fetched */
		{
			struct cval old = (base.kinds & K_FP) ?
				stack_load(df, base, insn->off, bpf_size_bytes(insn->code)) :
				cv_scalar();
			u8 fetch_reg = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;

			mem_store(df, base, insn, v, false);
			if ((insn->imm & BPF_FETCH) && fetch_reg < BPF_REG_FP)
				st->regs[fetch_reg] = cv_join(cv_scalar(), cv_taint(old));
		}
		break;
	case BPF_ST:
		if (insn->dst_reg >= MAX_BPF_REG)
			break;
		mem_store(df, st->regs[insn->dst_reg], insn, cv_make(K_SCALAR, insn->imm), true);
		break;
	case BPF_LD:
		if (mode == BPF_ABS || mode == BPF_IND) {
			clobber_caller_saved(st, cv_scalar());
			break;
		}
		if (!bpf_is_ldimm64(insn) || insn->dst_reg >= BPF_REG_FP)
			break;
		switch (insn->src_reg) {
		case BPF_PSEUDO_MAP_FD:
		case BPF_PSEUDO_MAP_IDX:
			v = cv_ptr(CONST_PTR_TO_MAP);
			break;
		case BPF_PSEUDO_MAP_VALUE:
		case BPF_PSEUDO_MAP_IDX_VALUE:
			v = cv_ptr(PTR_TO_MAP_VALUE);
			break;
		case BPF_PSEUDO_FUNC:
			v = cv_ptr(PTR_TO_FUNC);
			break;
		default:
			v = cv_make(K_SCALAR, ((s64)insn[1].imm << 32) | (u32)insn[0].imm);
		}
		st->regs[insn->dst_reg] = v;
		break;
	case BPF_JMP:
		if (bpf_helper_call(insn))
			helper_transfer(df, insn);
		break;
	}
}

static void record_verdicts(struct ctx_df *df, u32 idx, const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);

	if ((class == BPF_LDX || class == BPF_STX || class == BPF_ST))
		verdict_mem(df, idx, insn);
	else if (class == BPF_LD && (mode == BPF_ABS || mode == BPF_IND))
		verdict_ld_abs(df, idx);
	else if (bpf_helper_call(insn))
		verdict_helper_args(df, idx, insn);
	else if (insn->code == (BPF_JMP | BPF_EXIT))
		verdict_exit(df, idx);
}

static void walk_block(struct ctx_df *df, u32 b)
{
	const struct bpf_insn *insns = df->env->prog->insnsi;
	u32 len = df->env->prog->len, t = df->block_start[b];

	df->st = df->block_in[b];
	df->subprog = aux_of(df, t)->subprog;
	for (;;) {
		const struct bpf_insn *insn = &insns[t];
		u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		u32 next;

		if (df->final)
			record_verdicts(df, t, insn);

		if (class == BPF_JMP || class == BPF_JMP32) {
			if (bpf_pseudo_call(insn)) {
				pseudo_call_edges(df, t);
				return;
			}
			if (insn->code == (BPF_JMP | BPF_EXIT)) {
				exit_edges(df);
				return;
			}
			if (op == BPF_JA) {
				flow_to(df, class == BPF_JMP32 ? t + insn->imm + 1 :
						t + insn->off + 1, &df->st);
				return;
			}
			if (op != BPF_CALL) {
				flow_to(df, t + insn->off + 1, &df->st);
				flow_to(df, t + 1, &df->st);
				return;
			}
		}
		insn_transfer(df, t, insn);
		next = t + (bpf_is_ldimm64(insn) ? 2 : 1);
		if (next >= len)
			return;
		if (aux_of(df, next)->block >= 0) {
			flow_to(df, next, &df->st);
			return;
		}
		t = next;
	}
}

/* ---- setup ---- */

static bool starts_block(struct bpf_verifier_env *env, u32 i, const u8 *target)
{
	return target[i] || !i || find_subprog(env, i) >= 0;
}

/* Blocks start at subprogram entries, jump targets and after every jump. */
static int build_blocks(struct ctx_df *df)
{
	struct bpf_verifier_env *env = df->env;
	const struct bpf_insn *insns = env->prog->insnsi;
	u32 len = env->prog->len, i, b = 0;
	u8 *target;

	target = kvcalloc(len + 1, 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		const struct bpf_insn *insn = &insns[i];
		u8 class = BPF_CLASS(insn->code);

		if (bpf_is_ldimm64(insn)) {
			i++;
			continue;
		}
		if (class != BPF_JMP && class != BPF_JMP32)
			continue;
		if (bpf_helper_call(insn))
			continue;
		target[i + 1] = 1;
		if (BPF_OP(insn->code) == BPF_JA)
			target[class == BPF_JMP32 ? i + insn->imm + 1 : i + insn->off + 1] = 1;
		else if (BPF_OP(insn->code) != BPF_EXIT && BPF_OP(insn->code) != BPF_CALL)
			target[i + insn->off + 1] = 1;
	}
	for (i = 0; i < len; i++) {
		env->insn_aux_data[i].block = -1;
		if (starts_block(env, i, target))
			df->nblocks++;
		if (bpf_is_ldimm64(&insns[i]))
			env->insn_aux_data[++i].block = -1;
	}
	df->block_start = kvcalloc(df->nblocks, sizeof(u32), GFP_KERNEL);
	df->block_in = kvcalloc(df->nblocks, sizeof(struct cstate), GFP_KERNEL);
	df->queue = kvcalloc(df->nblocks, sizeof(u32), GFP_KERNEL);
	df->queued = kvcalloc(df->nblocks, sizeof(bool), GFP_KERNEL);
	if (!df->block_start || !df->block_in || !df->queue || !df->queued) {
		kvfree(target);
		return -ENOMEM;
	}
	for (i = 0; i < len; i++) {
		if (starts_block(env, i, target)) {
			env->insn_aux_data[i].block = b;
			df->block_start[b++] = i;
		}
		if (bpf_is_ldimm64(&insns[i]))
			i++;
	}
	kvfree(target);
	return 0;
}

static int build_call_sites(struct ctx_df *df)
{
	struct bpf_verifier_env *env = df->env;
	const struct bpf_insn *insns = env->prog->insnsi;
	u32 n = env->subprog_cnt, b, t, *fill;
	int c;

	df->site_off = kvcalloc(n + 1, sizeof(u32), GFP_KERNEL);
	fill = kvcalloc(n + 1, sizeof(u32), GFP_KERNEL);
	if (!df->site_off || !fill) {
		kvfree(fill);
		return -ENOMEM;
	}
	/* the last insn of a block ending in a call is that call */
	for (b = 0; b < df->nblocks; b++) {
		t = (b + 1 < df->nblocks ? df->block_start[b + 1] : env->prog->len) - 1;
		if (!bpf_pseudo_call(&insns[t]))
			continue;
		c = find_subprog(env, (int)t + insns[t].imm + 1);
		if (c >= 0)
			df->site_off[c + 1]++;
	}
	for (c = 0; c < (int)n; c++)
		df->site_off[c + 1] += df->site_off[c];
	df->site_block = kvcalloc(df->site_off[n] + 1, sizeof(u32), GFP_KERNEL);
	if (!df->site_block) {
		kvfree(fill);
		return -ENOMEM;
	}
	for (b = 0; b < df->nblocks; b++) {
		t = (b + 1 < df->nblocks ? df->block_start[b + 1] : env->prog->len) - 1;
		if (!bpf_pseudo_call(&insns[t]))
			continue;
		c = find_subprog(env, (int)t + insns[t].imm + 1);
		if (c >= 0)
			df->site_block[df->site_off[c] + fill[c]++] = b;
	}
	kvfree(fill);
	return 0;
}

static void seed(struct ctx_df *df)
{
	struct bpf_verifier_env *env = df->env;
	struct cstate st;
	u32 s, i;

	memset(df->block_in, 0, df->nblocks * sizeof(struct cstate));
	memset(df->queued, 0, df->nblocks * sizeof(bool));
	df->qhead = df->qlen = 0;
	for (s = 0; s < env->subprog_cnt; s++) {
		env->subprog_info[s].ret = cv_bottom;
		env->subprog_info[s].writes_outer = false;
		env->subprog_info[s].stack_depth = 0;
	}
	df->cb_writes_outer = false;

	entry_state(&st);
	st.regs[BPF_REG_1] = cv_make(K_CTX, 0);
	flow_to(df, 0, &st);

	/* a callback's arguments come from the helper that calls it */
	for (s = 1; s < env->subprog_cnt; s++) {
		if (!env->subprog_info[s].is_cb)
			continue;
		entry_state(&st);
		for (i = BPF_REG_1; i <= BPF_REG_5; i++)
			st.regs[i] = cv_var(K_SCALAR | K_PTR | K_FPX);
		flow_to(df, env->subprog_info[s].start, &st);
	}
}

static void run_fixpoint(struct ctx_df *df)
{
	u32 b;

	for (;;) {
		while (df->qlen) {
			b = df->queue[df->qhead];
			df->qhead = (df->qhead + 1) % df->nblocks;
			df->qlen--;
			df->queued[b] = false;
			walk_block(df, b);
			if (df->escaped && !df->escape_mode)
				return;
		}
		if (!df->flags_changed)
			return;
		/* a function became a writer of its callers' stacks: redo the calls */
		df->flags_changed = false;
		for (b = 0; b < df->nblocks; b++)
			if (df->block_in[b].regs[BPF_REG_FP].kinds)
				df_enqueue(df, b);
	}
}

int ctx_typing(struct bpf_verifier_env *env)
{
	struct ctx_df df = { .env = env };
	int err;
	u32 b;

	err = build_blocks(&df);
	if (!err)
		err = build_call_sites(&df);
	if (err)
		goto out;

	seed(&df);
	run_fixpoint(&df);
	if (df.escaped) {
		df.escape_mode = true;
		seed(&df);
		run_fixpoint(&df);
	}

	df.final = true;
	for (b = 0; b < df.nblocks; b++)
		if (df.block_in[b].regs[BPF_REG_FP].kinds)
			walk_block(&df, b);
out:
	kvfree(df.block_start);
	kvfree(df.block_in);
	kvfree(df.queue);
	kvfree(df.queued);
	kvfree(df.site_off);
	kvfree(df.site_block);
	return err;
}
