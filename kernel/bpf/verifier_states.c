// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's states, with Linux 6.1's algorithm and log text: making,
 * copying and freeing them; the stack of branches still to walk; read
 * liveness along the parentage chain; precision backtracking of scalars;
 * and the pruning of a path whose state is covered by one already proven
 * safe at the same insn (is_state_visited).
 *
 * A state kept at a prune point is the parent of the states that walk on
 * from it.  Registers and stack slots of the current state point at their
 * twins in the parent, so that a read can mark the parent's copy as
 * needed; a state no longer walked below (branches == 0) has final marks,
 * and what nobody read is cleared before it is compared.
 */
#include "verifier_env.h"
#include <linux/slab.h>

/* ---- making, copying, freeing ---- */

void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state)
{
	struct bpf_reg_state *regs = state->regs;
	int i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		mark_reg_not_init(env, regs, i);
		regs[i].live = REG_LIVE_NONE;
		regs[i].parent = NULL;
		regs[i].subreg_def = DEF_NOT_SUBREG;
	}

	/* r10: the frame pointer, read-only, pointing at the top of the frame */
	regs[BPF_REG_FP].type = PTR_TO_STACK;
	mark_reg_known_zero(env, regs, BPF_REG_FP);
	regs[BPF_REG_FP].frameno = state->frameno;
}

void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state,
		     int callsite, int frameno, int subprogno)
{
	state->callsite = callsite;
	state->frameno = frameno;
	state->subprogno = subprogno;
	state->callback_ret_range = tnum_range(0, 0);
	init_reg_state(env, state);
	/* a new frame: level 2 shows all of it at the next insn */
	mark_verifier_state_scratched(env);
}

/*
 * Makes *dst hold a copy of n elements of src, reusing its buffer when it
 * is big enough: states are copied into each other at every branch and
 * pop.  With n == 0 the buffer stays as it is; its contents are dead.
 */
static int copy_array(void **dst, const void *src, size_t n, size_t size)
{
	size_t bytes;
	void *buf;

	if (!n || !src)
		return 0;
	if (__builtin_mul_overflow(n, size, &bytes))
		return -ENOMEM;
	buf = krealloc(*dst, bytes, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, src, bytes);
	*dst = buf;
	return 0;
}

int grow_stack_state(struct bpf_func_state *state, int size)
{
	size_t old_n = state->allocated_stack / BPF_REG_SIZE;
	size_t n = DIV_ROUND_UP(size, BPF_REG_SIZE);
	struct bpf_stack_state *stack;

	if (size <= 0 || old_n >= n)
		return 0;
	stack = krealloc(state->stack, n * sizeof(*stack), GFP_KERNEL);
	if (!stack)
		return -ENOMEM;
	/* the new slots were never written: STACK_INVALID, NOT_INIT */
	memset(stack + old_n, 0, (n - old_n) * sizeof(*stack));
	state->stack = stack;
	state->allocated_stack = n * BPF_REG_SIZE;
	return 0;
}

void free_func_state(struct bpf_func_state *state)
{
	if (!state)
		return;
	kfree(state->refs);
	kfree(state->stack);
	kfree(state);
}

static void clear_jmp_history(struct bpf_verifier_state *state)
{
	kfree(state->jmp_history);
	state->jmp_history = NULL;
	state->jmp_history_cnt = 0;
}

void free_verifier_state(struct bpf_verifier_state *state, bool free_self)
{
	u32 i;

	for (i = 0; i <= state->curframe && i < MAX_CALL_FRAMES; i++) {
		free_func_state(state->frame[i]);
		state->frame[i] = NULL;
	}
	clear_jmp_history(state);
	if (free_self)
		kfree(state);
}

/* dst becomes a deep copy of src; dst's refs and stack buffers are reused. */
static int copy_func_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	int err;

	/* everything up to the two arrays is plain data */
	memcpy(dst, src, offsetof(struct bpf_func_state, acquired_refs));
	err = copy_reference_state(dst, src);
	if (err)
		return err;
	err = copy_array((void **)&dst->stack, src->stack,
			 src->allocated_stack / BPF_REG_SIZE, sizeof(*src->stack));
	if (err)
		return err;
	dst->allocated_stack = src->allocated_stack;
	return 0;
}

int copy_verifier_state(struct bpf_verifier_state *dst, const struct bpf_verifier_state *src)
{
	struct bpf_func_state *frame;
	u32 i;
	int err;

	err = copy_array((void **)&dst->jmp_history, src->jmp_history,
			 src->jmp_history_cnt, sizeof(*src->jmp_history));
	if (err)
		return err;
	dst->jmp_history_cnt = src->jmp_history_cnt;

	/* frames dst has beyond src's depth go */
	for (i = src->curframe + 1; i <= dst->curframe && i < MAX_CALL_FRAMES; i++) {
		free_func_state(dst->frame[i]);
		dst->frame[i] = NULL;
	}
	dst->speculative = src->speculative;
	/* a copy is a state of its own, to be marked on its own */
	dst->all_scalars_precise = false;
	dst->curframe = src->curframe;
	dst->active_spin_lock = src->active_spin_lock;
	dst->branches = src->branches;
	dst->parent = src->parent;
	dst->first_insn_idx = src->first_insn_idx;
	dst->last_insn_idx = src->last_insn_idx;
	for (i = 0; i <= src->curframe; i++) {
		frame = dst->frame[i];
		if (!frame) {
			frame = kzalloc(sizeof(*frame), GFP_KERNEL);
			if (!frame)
				return -ENOMEM;
			dst->frame[i] = frame;
		}
		err = copy_func_state(frame, src->frame[i]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- the stack of branches left to walk ---- */

/*
 * A path reached its end (exit, or pruned): the states it went through
 * have one branch less to wait for; those left with none are final.
 */
void update_branch_counts(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	u32 br;

	for (; st; st = st->parent) {
		br = --st->branches;
		if ((int)br < 0) {
			pr_warn("BUG update_branch_counts:branches_to_explore=%d\n", (int)br);
			break;
		}
		if (br)
			break;
	}
}

int pop_stack(struct bpf_verifier_env *env, int *prev_insn_idx, int *insn_idx, bool pop_log)
{
	struct bpf_verifier_stack_elem *head = env->head;
	struct bpf_verifier_state *cur = env->cur_state;
	int err;

	if (!head)
		return -ENOENT;
	if (cur) {
		err = copy_verifier_state(cur, &head->st);
		if (err)
			return err;
	}
	/* the log of the path just finished is dropped unless level 2 */
	if (pop_log)
		bpf_vlog_reset(&env->log, head->log_pos);
	if (insn_idx)
		*insn_idx = head->insn_idx;
	if (prev_insn_idx)
		*prev_insn_idx = head->prev_insn_idx;
	env->head = head->next;
	free_verifier_state(&head->st, false);
	kfree(head);
	env->stack_size--;
	return 0;
}

/* Drops every branch still pushed, without touching env->cur_state. */
static void free_pushed_branches(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *cur = env->cur_state;

	env->cur_state = NULL;
	while (!pop_stack(env, NULL, NULL, false))
		;
	env->cur_state = cur;
}

struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env, int insn_idx,
				      int prev_insn_idx, bool speculative)
{
	struct bpf_verifier_stack_elem *elem;

	elem = kzalloc(sizeof(*elem), GFP_KERNEL);
	if (!elem)
		goto fail;
	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->log_pos = env->log.len_used;
	elem->next = env->head;
	env->head = elem;
	env->stack_size++;
	if (copy_verifier_state(&elem->st, env->cur_state))
		goto fail;
	elem->st.speculative |= speculative;
	if (env->stack_size > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verbose(env, "The sequence of %d jumps is too complex.\n", env->stack_size);
		goto fail;
	}
	/*
	 * The parent now waits for one more path.  Not bounded by 2: a
	 * speculative push is no branch, and the heuristics of
	 * is_state_visited() may hang many forks off one parent.
	 */
	if (elem->st.parent)
		elem->st.parent->branches++;
	return &elem->st;
fail:
	/* the walk is over: the caller returns an error */
	free_verifier_state(env->cur_state, true);
	env->cur_state = NULL;
	while (!pop_stack(env, NULL, NULL, false))
		;
	return NULL;
}

/* Records how the walk arrived at a jump point, for backtracking. */
int push_jmp_history(struct bpf_verifier_env *env, struct bpf_verifier_state *cur)
{
	u32 cnt = cur->jmp_history_cnt + 1;
	struct bpf_idx_pair *p;

	if (!env->insn_aux_data[env->insn_idx].jmp_point)
		return 0;
	p = krealloc(cur->jmp_history, cnt * sizeof(*p), GFP_USER);
	if (!p)
		return -ENOMEM;
	p[cnt - 1].idx = env->insn_idx;
	p[cnt - 1].prev_idx = env->prev_insn_idx;
	cur->jmp_history = p;
	cur->jmp_history_cnt = cnt;
	return 0;
}

/* ---- liveness ---- */

int mark_reg_read(struct bpf_verifier_env *env, const struct bpf_reg_state *state,
		  struct bpf_reg_state *parent, u8 flag)
{
	/*
	 * Write marks belong to the straight line from the parent to this
	 * state: they screen the parent only when the read walks that line.
	 */
	bool writes = parent == state->parent;
	int cnt = 0;

	while (parent) {
		if (writes && (state->live & REG_LIVE_WRITTEN))
			break;
		if (parent->live & REG_LIVE_DONE) {
			verbose(env, "verifier BUG type %s var_off %lld off %d\n",
				reg_type_str(env, parent->type),
				(long long)parent->var_off.value, parent->off);
			return -EFAULT;
		}
		/*
		 * Marked before (the chain does not change), or already read
		 * whole: the ancestors have the mark too.
		 */
		if ((parent->live & REG_LIVE_READ) == flag ||
		    (parent->live & REG_LIVE_READ64))
			break;
		parent->live |= flag;
		/* a 64-bit read subsumes a 32-bit one */
		if (flag == REG_LIVE_READ64)
			parent->live &= ~REG_LIVE_READ32;
		state = parent;
		parent = state->parent;
		writes = true;
		cnt++;
	}

	if (env->longest_mark_read_walk < (u32)cnt)
		env->longest_mark_read_walk = cnt;
	return 0;
}

/*
 * Hands the read marks of reg (a state found equivalent) on to the chain
 * of parent_reg.  Returns the flag passed on, 0 when none was, or -errno.
 */
static int propagate_liveness_reg(struct bpf_verifier_env *env,
				  struct bpf_reg_state *reg,
				  struct bpf_reg_state *parent_reg)
{
	u8 parent_flag = parent_reg->live & REG_LIVE_READ;
	u8 flag = reg->live & REG_LIVE_READ;
	int err;

	if (!flag || parent_flag == REG_LIVE_READ64 || parent_flag == flag)
		return 0;
	err = mark_reg_read(env, reg, parent_reg, flag);
	return err ? err : flag;
}

/*
 * cur is pruned because vstate covers it: whatever the walks below
 * vstate read, cur's continuation would have read too, so cur's parent
 * chain (vparent) gets those marks.  The walk did not come through
 * vstate's straight line, so vstate's write marks do not screen them.
 */
static int propagate_liveness(struct bpf_verifier_env *env,
			      const struct bpf_verifier_state *vstate,
			      struct bpf_verifier_state *vparent)
{
	struct bpf_func_state *state, *parent;
	u32 frame;
	int i, err;

	if (vparent->curframe != vstate->curframe) {
		pr_warn("propagate_live: parent frame %d current frame %d\n",
			vparent->curframe, vstate->curframe);
		return -EFAULT;
	}
	for (frame = 0; frame <= vstate->curframe; frame++) {
		state = vstate->frame[frame];
		parent = vparent->frame[frame];
		/* callers' r0-r5 are clobbered by the call; r10 is never written */
		for (i = frame < vstate->curframe ? BPF_REG_6 : 0; i < BPF_REG_FP; i++) {
			err = propagate_liveness_reg(env, &state->regs[i], &parent->regs[i]);
			if (err < 0)
				return err;
			if (err == REG_LIVE_READ64)
				mark_insn_zext(env, &parent->regs[i]);
		}
		for (i = 0; i < state->allocated_stack / BPF_REG_SIZE &&
			    i < parent->allocated_stack / BPF_REG_SIZE; i++) {
			err = propagate_liveness_reg(env, &state->stack[i].spilled_ptr,
						     &parent->stack[i].spilled_ptr);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* Final marks: what was never read is forgotten, so that more states match. */
static void clean_func_state(struct bpf_verifier_env *env, struct bpf_func_state *st)
{
	enum bpf_reg_liveness live;
	int i, j;

	for (i = 0; i < BPF_REG_FP; i++) {
		live = st->regs[i].live;
		st->regs[i].live |= REG_LIVE_DONE;
		if (!(live & REG_LIVE_READ))
			__mark_reg_not_init(env, &st->regs[i]);
	}
	for (i = 0; i < st->allocated_stack / BPF_REG_SIZE; i++) {
		live = st->stack[i].spilled_ptr.live;
		st->stack[i].spilled_ptr.live |= REG_LIVE_DONE;
		if (!(live & REG_LIVE_READ)) {
			__mark_reg_not_init(env, &st->stack[i].spilled_ptr);
			for (j = 0; j < BPF_REG_SIZE; j++)
				st->stack[i].slot_type[j] = STACK_INVALID;
		}
	}
}

static void clean_verifier_state(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	u32 i;

	/* done once for all frames: r0 of frame 0 carries the mark */
	if (st->frame[0]->regs[0].live & REG_LIVE_DONE)
		return;
	for (i = 0; i <= st->curframe; i++)
		clean_func_state(env, st->frame[i]);
}

/* ---- precision ---- */

static bool is_atomic_fetch_insn(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_STX &&
	       BPF_MODE(insn->code) == BPF_ATOMIC &&
	       (insn->imm & BPF_FETCH);
}

/* Helpers that call back into the program: as opaque as a bpf-to-bpf call. */
static bool is_callback_calling_function(s32 func_id)
{
	return func_id == BPF_FUNC_for_each_map_elem ||
	       func_id == BPF_FUNC_timer_set_callback ||
	       func_id == BPF_FUNC_find_vma ||
	       func_id == BPF_FUNC_loop ||
	       func_id == BPF_FUNC_user_ringbuf_drain;
}

__printf(2, 3) static void log_insn_cb(void *private_data, const char *fmt, ...)
{
	struct bpf_verifier_env *env = private_data;
	va_list args;

	if (!bpf_verifier_log_needed(&env->log))
		return;
	va_start(args, fmt);
	bpf_verifier_vlog(&env->log, fmt, args);
	va_end(args);
}

/*
 * The insn before i on the path this state recorded: the jump source
 * when the history says the walk arrived at i by a jump, else i - 1.
 * -ENOENT past the state's first insn.  A loop may pass first_insn_idx
 * several times: only the history says when the state really began.
 */
static int get_prev_insn_idx(struct bpf_verifier_state *st, int i, u32 *history)
{
	u32 cnt = *history;

	if (i == (int)st->first_insn_idx) {
		if (cnt == 0)
			return -ENOENT;
		if (cnt == 1 && st->jmp_history[0].idx == (u32)i)
			return -ENOENT;
	}
	if (cnt && st->jmp_history[cnt - 1].idx == (u32)i) {
		(*history)--;
		return st->jmp_history[cnt - 1].prev_idx;
	}
	return i - 1;
}

/* The stack slot a fill or spill through r10 + off touches; -EFAULT past 64. */
static int backtrack_spi(struct bpf_verifier_env *env, s16 off)
{
	int spi = (-off - 1) / BPF_REG_SIZE;

	if (spi < 0 || spi >= 64) {
		verbose(env, "BUG spi %d\n", spi);
		pr_warn("verifier backtracking bug\n");
		return -EFAULT;
	}
	return spi;
}

/*
 * One insn backwards: which registers and stack slots the precise ones
 * after insn idx come from before it.  -ENOTSUPP when the insn hides the
 * answer (calls into the program, exits, LD_ABS/IND, pointer arithmetic).
 */
static int backtrack_insn(struct bpf_verifier_env *env, int idx,
			  u32 *reg_mask, u64 *stack_mask)
{
	const struct bpf_insn_cbs cbs = {
		.cb_print	= log_insn_cb,
		.private_data	= env,
	};
	struct bpf_insn *insn = env->prog->insnsi + idx;
	u8 class = BPF_CLASS(insn->code);
	u8 opcode = BPF_OP(insn->code);
	u8 mode = BPF_MODE(insn->code);
	u32 dreg = 1u << insn->dst_reg;
	u32 sreg = 1u << insn->src_reg;
	int spi;

	if (insn->code == 0)	/* the second half of an LD_IMM64 */
		return 0;
	if (env->log.level & BPF_LOG_LEVEL2) {
		verbose(env, "regs=%x stack=%llx before ", *reg_mask,
			(unsigned long long)*stack_mask);
		verbose(env, "%d: ", idx);
		print_bpf_insn(&cbs, insn, env->allow_ptr_leaks);
	}

	if (class == BPF_ALU || class == BPF_ALU64) {
		if (!(*reg_mask & dreg))
			return 0;
		/* END and NEG: dst depends on itself only */
		if (opcode == BPF_END || opcode == BPF_NEG)
			return 0;
		if (opcode == BPF_MOV) {
			/* dst is made here: from src, or from an imm (nothing before) */
			*reg_mask &= ~dreg;
			if (BPF_SRC(insn->code) == BPF_X)
				*reg_mask |= sreg;
		} else if (BPF_SRC(insn->code) == BPF_X) {
			/* dst op= src: both operands shape the result */
			*reg_mask |= sreg;
		}
		return 0;
	}

	if (class == BPF_LDX || is_atomic_fetch_insn(insn)) {
		u32 load_reg = dreg;
		u8 base_reg = insn->src_reg;

		if (is_atomic_fetch_insn(insn)) {
			/* the old value lands in r0 (cmpxchg) or src */
			load_reg = insn->imm == BPF_CMPXCHG ? 1u << BPF_REG_0 : sreg;
			base_reg = insn->dst_reg;
		}
		if (!(*reg_mask & load_reg))
			return 0;
		*reg_mask &= ~load_reg;
		/*
		 * Only a fill from the stack keeps a scalar exact; any other
		 * memory gave an unknown value whose precision is its own.
		 */
		if (base_reg != BPF_REG_FP)
			return 0;
		spi = backtrack_spi(env, insn->off);
		if (spi < 0)
			return spi;
		*stack_mask |= 1ull << spi;
		return 0;
	}

	if (class == BPF_STX || class == BPF_ST) {
		/* a precise scalar used as the address: pointer subtraction */
		if (*reg_mask & dreg)
			return -ENOTSUPP;
		if (insn->dst_reg != BPF_REG_FP)
			return 0;
		spi = backtrack_spi(env, insn->off);
		if (spi < 0)
			return spi;
		if (!(*stack_mask & (1ull << spi)))
			return 0;
		/* the slot is made here: from the stored register, or an imm */
		*stack_mask &= ~(1ull << spi);
		if (class == BPF_STX)
			*reg_mask |= sreg;
		return 0;
	}

	if (class == BPF_JMP || class == BPF_JMP32) {
		if (opcode == BPF_CALL) {
			if (insn->src_reg == BPF_PSEUDO_CALL)
				return -ENOTSUPP;
			/* an unresolved kfunc: fixup rejects it later; be safe */
			if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL && insn->imm == 0)
				return -ENOTSUPP;
			if (insn->src_reg == 0 && is_callback_calling_function(insn->imm))
				return -ENOTSUPP;
			/* a helper made r0; r1-r5 were needed by it, not after */
			*reg_mask &= ~1u;
			if (*reg_mask & 0x3f) {
				verbose(env, "BUG regs %x\n", *reg_mask);
				pr_warn("verifier backtracking bug\n");
				return -EFAULT;
			}
		} else if (opcode == BPF_EXIT) {
			return -ENOTSUPP;
		} else if (BPF_SRC(insn->code) == BPF_X) {
			/* a comparison of two registers ties their precision */
			if (*reg_mask & (dreg | sreg))
				*reg_mask |= dreg | sreg;
		}
		return 0;
	}

	if (class == BPF_LD) {
		if (!(*reg_mask & dreg))
			return 0;
		*reg_mask &= ~dreg;
		/* LD_IMM64 makes a constant; LD_ABS/IND are not followed */
		if (mode == BPF_IND || mode == BPF_ABS)
			return -ENOTSUPP;
	}
	return 0;
}

/* Sets the precise mark of every scalar of a frame, in registers and spilled. */
static void set_frame_scalars_precise(struct bpf_func_state *func, bool precise)
{
	struct bpf_reg_state *reg;
	int j;

	for (j = 0; j < BPF_REG_FP; j++) {
		reg = &func->regs[j];
		if (reg->type == SCALAR_VALUE)
			reg->precise = precise;
	}
	for (j = 0; j < func->allocated_stack / BPF_REG_SIZE; j++) {
		if (!is_spilled_reg(&func->stack[j]))
			continue;
		reg = &func->stack[j].spilled_ptr;
		if (reg->type == SCALAR_VALUE)
			reg->precise = precise;
	}
}

/*
 * The fallback when backtracking cannot follow a value: every scalar of
 * every state above st is precise.  st itself is not touched: marks in a
 * state not yet kept (the current one) are never looked at.
 *
 * A kept state does not change but for its marks, and marks are only
 * added: once a walk has marked a state, that state and every one above
 * it stay marked, and a later walk stops there.  Without that stop a
 * loop that falls back on each turn walks its whole history each time,
 * quadratic in the turns (minutes for a loop of 10000 turns calling
 * bpf_loop(); the fuzzer found it).  The marks are the same.
 */
void mark_all_scalars_precise(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	u32 i;

	for (st = st->parent; st && !st->all_scalars_precise; st = st->parent) {
		for (i = 0; i <= st->curframe; i++)
			set_frame_scalars_precise(st->frame[i], true);
		st->all_scalars_precise = true;
	}
}

/*
 * A state about to be kept forgets the marks it inherited: the walks
 * below it put back those they need, and fewer marks prune more.
 */
static void mark_all_scalars_imprecise(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	u32 i;

	for (i = 0; i <= st->curframe; i++)
		set_frame_scalars_precise(st->frame[i], false);
}

/* The global subprog's entry: its scalar arguments r1-r5 become precise. */
static int backtrack_reached_entry(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
				   u32 reg_mask, u64 stack_mask)
{
	struct bpf_reg_state *reg;
	int i;

	if (st->curframe == 0 && st->frame[0]->subprogno > 0 &&
	    st->frame[0]->callsite == BPF_MAIN_FUNC &&
	    stack_mask == 0 && (reg_mask & ~0x3eu) == 0) {
		for (i = 0; i < MAX_BPF_REG; i++) {
			if (!(reg_mask & (1u << i)))
				continue;
			reg = &st->frame[0]->regs[i];
			if (reg->type == SCALAR_VALUE)
				reg->precise = true;
		}
		return 0;
	}
	verbose(env, "BUG backtracing func entry subprog %d reg_mask %x stack_mask %llx\n",
		st->frame[0]->subprogno, reg_mask, (unsigned long long)stack_mask);
	pr_warn("verifier backtracking bug\n");
	return -EFAULT;
}

/*
 * Marks register regno and/or stack slot spi of frame `frame` precise,
 * and everything they were computed from, walking the insns of the
 * current state backwards along its jump history and then each parent
 * state in turn, until nothing is left to follow or a parent already had
 * the marks.  The current state itself keeps no marks (see
 * mark_all_scalars_imprecise): only kept states are compared.
 */
static int __mark_chain_precision(struct bpf_verifier_env *env, int frame, int regno, int spi)
{
	struct bpf_verifier_state *st = env->cur_state;
	int first_idx = st->first_insn_idx;
	int last_idx = env->insn_idx;
	u32 reg_mask = regno >= 0 ? 1u << regno : 0;
	u64 stack_mask = spi >= 0 ? 1ull << spi : 0;
	struct bpf_func_state *func;
	struct bpf_reg_state *reg;
	bool skip_first = true;
	bool new_marks = false;
	int i, err;

	if (!env->bpf_capable)
		return 0;

	func = st->frame[frame];
	if (regno >= 0) {
		if (func->regs[regno].type != SCALAR_VALUE) {
			pr_warn("backtracing misuse\n");
			return -EFAULT;
		}
		new_marks = true;
	}
	if (spi >= 0) {
		if (!is_spilled_reg(&func->stack[spi]) ||
		    func->stack[spi].spilled_ptr.type != SCALAR_VALUE)
			stack_mask = 0;
		else
			new_marks = true;
	}
	if (!new_marks || (!reg_mask && !stack_mask))
		return 0;

	for (;;) {
		u32 history = st->jmp_history_cnt;

		if (env->log.level & BPF_LOG_LEVEL2)
			verbose(env, "last_idx %d first_idx %d\n", last_idx, first_idx);

		if (last_idx < 0)
			return backtrack_reached_entry(env, st, reg_mask, stack_mask);

		for (i = last_idx;;) {
			if (skip_first) {
				/* the insn being checked made no mark yet */
				skip_first = false;
				err = 0;
			} else {
				err = backtrack_insn(env, i, &reg_mask, &stack_mask);
			}
			if (err == -ENOTSUPP) {
				mark_all_scalars_precise(env, st);
				return 0;
			}
			if (err)
				return err;
			/* every value was traced to where it was made */
			if (!reg_mask && !stack_mask)
				return 0;
			i = get_prev_insn_idx(st, i, &history);
			if (i == -ENOENT)
				break;
			if (i < 0 || (u32)i >= env->prog->len) {
				/* ran off insn 0 with marks left: a missed definition */
				verbose(env, "BUG backtracking idx %d\n", i);
				pr_warn("verifier backtracking bug\n");
				return -EFAULT;
			}
		}

		st = st->parent;
		if (!st)
			break;
		func = frame <= (int)st->curframe ? st->frame[frame] : NULL;
		if (!func) {
			/* cannot happen: calls and exits stop the walk above */
			mark_all_scalars_precise(env, env->cur_state);
			return 0;
		}

		new_marks = false;
		for (i = 0; i < MAX_BPF_REG; i++) {
			if (!(reg_mask & (1u << i)))
				continue;
			reg = &func->regs[i];
			if (reg->type != SCALAR_VALUE) {
				reg_mask &= ~(1u << i);
				continue;
			}
			if (!reg->precise)
				new_marks = true;
			reg->precise = true;
		}
		for (i = 0; i < 64; i++) {
			if (!(stack_mask & (1ull << i)))
				continue;
			if (i >= func->allocated_stack / BPF_REG_SIZE) {
				/*
				 * A spill through a copy of r10 (r3 = r10;
				 * *(r3 - 8) = r0) is not seen as one above, so
				 * the slot may predate this state's stack.
				 */
				mark_all_scalars_precise(env, st);
				return 0;
			}
			if (!is_spilled_reg(&func->stack[i]) ||
			    func->stack[i].spilled_ptr.type != SCALAR_VALUE) {
				stack_mask &= ~(1ull << i);
				continue;
			}
			reg = &func->stack[i].spilled_ptr;
			if (!reg->precise)
				new_marks = true;
			reg->precise = true;
		}
		if (env->log.level & BPF_LOG_LEVEL2) {
			verbose(env, "parent %s regs=%x stack=%llx marks:",
				new_marks ? "didn't have" : "already had",
				reg_mask, (unsigned long long)stack_mask);
			print_verifier_state(env, func, true);
		}

		/* nothing left, or the ancestors were marked by an earlier walk */
		if (!reg_mask && !stack_mask)
			break;
		if (!new_marks)
			break;

		last_idx = st->last_insn_idx;
		first_idx = st->first_insn_idx;
	}
	return 0;
}

int mark_chain_precision(struct bpf_verifier_env *env, int regno)
{
	return __mark_chain_precision(env, env->cur_state->curframe, regno, -1);
}

int mark_chain_precision_stack(struct bpf_verifier_env *env, int spi)
{
	return __mark_chain_precision(env, env->cur_state->curframe, -1, spi);
}

static int mark_chain_precision_frame(struct bpf_verifier_env *env, int frame, int regno)
{
	return __mark_chain_precision(env, frame, regno, -1);
}

static int mark_chain_precision_stack_frame(struct bpf_verifier_env *env, int frame, int spi)
{
	return __mark_chain_precision(env, frame, -1, spi);
}

/*
 * cur is pruned by old: the scalars old needed exact (precise and read)
 * must be exact on cur's path too, so cur's ancestors get the marks.
 */
static int propagate_precision(struct bpf_verifier_env *env,
			       const struct bpf_verifier_state *old)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int i, fr, err;

	for (fr = old->curframe; fr >= 0; fr--) {
		state = old->frame[fr];
		for (i = 0; i < BPF_REG_FP; i++) {
			reg = &state->regs[i];
			if (reg->type != SCALAR_VALUE || !reg->precise ||
			    !(reg->live & REG_LIVE_READ))
				continue;
			if (env->log.level & BPF_LOG_LEVEL2)
				verbose(env, "frame %d: propagating r%d\n", fr, i);
			err = mark_chain_precision_frame(env, fr, i);
			if (err < 0)
				return err;
		}
		for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
			if (!is_spilled_reg(&state->stack[i]))
				continue;
			reg = &state->stack[i].spilled_ptr;
			if (reg->type != SCALAR_VALUE || !reg->precise ||
			    !(reg->live & REG_LIVE_READ))
				continue;
			if (env->log.level & BPF_LOG_LEVEL2)
				verbose(env, "frame %d: propagating fp%d\n",
					fr, (-i - 1) * BPF_REG_SIZE);
			err = mark_chain_precision_stack_frame(env, fr, i);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* ---- state equivalence ---- */

/* cur's five ranges each lie inside old's. */
static bool range_within(const struct bpf_reg_state *old, const struct bpf_reg_state *cur)
{
	return old->umin_value <= cur->umin_value &&
	       old->umax_value >= cur->umax_value &&
	       old->smin_value <= cur->smin_value &&
	       old->smax_value >= cur->smax_value &&
	       old->u32_min_value <= cur->u32_min_value &&
	       old->u32_max_value >= cur->u32_max_value &&
	       old->s32_min_value <= cur->s32_min_value &&
	       old->s32_max_value >= cur->s32_max_value;
}

/*
 * Ids relate registers within one state (copies of one pointer).  The
 * numbers differ between states; what must hold is that the pairing is
 * a function: an old id seen with cur id X is seen with X again.
 */
static bool check_ids(u32 old_id, u32 cur_id, struct bpf_id_pair *idmap)
{
	unsigned int i;

	for (i = 0; i < BPF_ID_MAP_SIZE; i++) {
		if (!idmap[i].old) {
			idmap[i].old = old_id;
			idmap[i].cur = cur_id;
			return true;
		}
		if (idmap[i].old == old_id)
			return idmap[i].cur == cur_id;
	}
	WARN_ON_ONCE(1);	/* more ids than registers and slots */
	return false;
}

static bool regs_same_upto(const struct bpf_reg_state *a, const struct bpf_reg_state *b,
			   size_t end)
{
	return memcmp(a, b, end) == 0;
}

/* Whether everything safe with rold is safe with rcur. */
static bool regsafe(struct bpf_verifier_env *env, struct bpf_reg_state *rold,
		    struct bpf_reg_state *rcur, struct bpf_id_pair *idmap)
{
	bool equal;

	/* no walk below old read it: any value will do */
	if (!(rold->live & REG_LIVE_READ))
		return true;

	equal = regs_same_upto(rold, rcur, offsetof(struct bpf_reg_state, parent));

	/* fp-8 of one frame is not fp-8 of another */
	if (rold->type == PTR_TO_STACK)
		return equal && rold->frameno == rcur->frameno;
	if (equal)
		return true;
	if (rold->type == NOT_INIT)
		return true;
	if (rcur->type == NOT_INIT)
		return false;

	switch (base_type(rold->type)) {
	case SCALAR_VALUE:
		if (env->explore_alu_limits)
			return false;
		/* a pointer where a scalar was: it could leak */
		if (rcur->type != SCALAR_VALUE)
			return false;
		if (!rold->precise)
			return true;
		return range_within(rold, rcur) && tnum_in(rold->var_off, rcur->var_off);
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
		if (type_may_be_null(rold->type)) {
			/*
			 * Both still unchecked, the same map, and the null
			 * check of one would reach the same registers.
			 */
			if (!type_may_be_null(rcur->type))
				return false;
			if (!regs_same_upto(rold, rcur, offsetof(struct bpf_reg_state, id)))
				return false;
			return check_ids(rold->id, rcur->id, idmap);
		}
		/* the id only names the element for bpf_spin_lock: not compared */
		return regs_same_upto(rold, rcur, offsetof(struct bpf_reg_state, id)) &&
		       range_within(rold, rcur) &&
		       tnum_in(rold->var_off, rcur->var_off);
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
		if (rcur->type != rold->type)
			return false;
		/* at least old's checked range; a negative range is a marker */
		if (rold->range < 0 || rcur->range < 0) {
			if (rold->range != rcur->range)
				return false;
		} else if (rold->range > rcur->range) {
			return false;
		}
		/* alignment and bounds were proven for old's fixed offset */
		if (rold->off != rcur->off)
			return false;
		if (rold->id && !check_ids(rold->id, rcur->id, idmap))
			return false;
		return range_within(rold, rcur) && tnum_in(rold->var_off, rcur->var_off);
	default:
		/*
		 * ctx, map_ptr, pkt_end, flow_keys, sockets and the rest are
		 * safe only when equal, which was tested above.
		 */
		return false;
	}
}

static bool stacksafe(struct bpf_verifier_env *env, struct bpf_func_state *old,
		      struct bpf_func_state *cur, struct bpf_id_pair *idmap)
{
	int i, spi;
	u8 ot;

	/* slots only cur has were never used by old's walks */
	for (i = 0; i < old->allocated_stack; i++) {
		spi = i / BPF_REG_SIZE;

		if (!(old->stack[spi].spilled_ptr.live & REG_LIVE_READ)) {
			i += BPF_REG_SIZE - 1;
			continue;
		}
		ot = old->stack[spi].slot_type[i % BPF_REG_SIZE];
		if (ot == STACK_INVALID)
			continue;
		if (env->allow_uninit_stack && ot == STACK_MISC)
			continue;
		/* old used a byte cur does not even have */
		if (i >= cur->allocated_stack)
			return false;
		/* unknown bytes were fine, so are known zeroes; not the reverse */
		if (ot == STACK_MISC &&
		    cur->stack[spi].slot_type[i % BPF_REG_SIZE] == STACK_ZERO)
			continue;
		if (ot != cur->stack[spi].slot_type[i % BPF_REG_SIZE])
			return false;
		/* the spilled registers themselves, once per slot */
		if (i % BPF_REG_SIZE != BPF_REG_SIZE - 1)
			continue;
		if (!is_spilled_reg(&old->stack[spi]))
			continue;
		if (!regsafe(env, &old->stack[spi].spilled_ptr,
			     &cur->stack[spi].spilled_ptr, idmap))
			return false;
	}
	return true;
}

static bool refsafe(struct bpf_func_state *old, struct bpf_func_state *cur)
{
	if (old->acquired_refs != cur->acquired_refs)
		return false;
	return !old->acquired_refs ||
	       !memcmp(old->refs, cur->refs, sizeof(*old->refs) * old->acquired_refs);
}

/*
 * old (kept, proven safe or being proven) covers cur when each register
 * and stack slot old's walks read is at least as constrained in cur, and
 * both hold the same references.
 */
static bool func_states_equal(struct bpf_verifier_env *env, struct bpf_func_state *old,
			      struct bpf_func_state *cur)
{
	int i;

	memset(env->idmap_scratch, 0, sizeof(env->idmap_scratch));
	for (i = 0; i < MAX_BPF_REG; i++)
		if (!regsafe(env, &old->regs[i], &cur->regs[i], env->idmap_scratch))
			return false;
	if (!stacksafe(env, old, cur, env->idmap_scratch))
		return false;
	return refsafe(old, cur);
}

static bool states_equal(struct bpf_verifier_env *env, struct bpf_verifier_state *old,
			 struct bpf_verifier_state *cur)
{
	u32 i;

	if (old->curframe != cur->curframe)
		return false;
	/* a speculative path proves nothing for a real one */
	if (old->speculative && !cur->speculative)
		return false;
	if (old->active_spin_lock != cur->active_spin_lock)
		return false;
	/* the same call chain, frame by frame */
	for (i = 0; i <= old->curframe; i++) {
		if (old->frame[i]->callsite != cur->frame[i]->callsite)
			return false;
		if (!func_states_equal(env, old->frame[i], cur->frame[i]))
			return false;
	}
	return true;
}

/*
 * The exact same registers in the innermost frame: with the state still
 * being walked below (branches), the walk came round in a loop that
 * changed nothing.
 */
static bool states_maybe_looping(struct bpf_verifier_state *old, struct bpf_verifier_state *cur)
{
	struct bpf_func_state *fold, *fcur;
	u32 fr = cur->curframe;
	int i;

	if (old->curframe != fr)
		return false;
	fold = old->frame[fr];
	fcur = cur->frame[fr];
	for (i = 0; i < MAX_BPF_REG; i++)
		if (!regs_same_upto(&fold->regs[i], &fcur->regs[i],
				    offsetof(struct bpf_reg_state, parent)))
			return false;
	return true;
}

/* ---- the explored states ---- */

static u32 state_htab_size(struct bpf_verifier_env *env)
{
	return env->prog->len;
}

/*
 * The list of kept states of insn idx in the current call chain's
 * innermost callsite (hashed as 6.1: lists are shared, and every state
 * in a list counts towards max_states_per_insn).
 */
static struct bpf_verifier_state_list **explored_state(struct bpf_verifier_env *env, int idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_func_state *state = cur->frame[cur->curframe];

	return &env->explored_states[(u32)(idx ^ state->callsite) % state_htab_size(env)];
}

/*
 * Walking insn insn_idx again: the kept states of that insn with no walk
 * pending below them have final liveness, and are cleaned once.
 */
static void clean_live_states(struct bpf_verifier_env *env, int insn,
			      struct bpf_verifier_state *cur)
{
	struct bpf_verifier_state_list *sl;
	u32 i;

	for (sl = *explored_state(env, insn); sl; sl = sl->next) {
		if (sl->state.branches)
			continue;
		if (sl->state.insn_idx != (u32)insn || sl->state.curframe != cur->curframe)
			continue;
		for (i = 0; i <= cur->curframe; i++)
			if (sl->state.frame[i]->callsite != cur->frame[i]->callsite)
				break;
		if (i <= cur->curframe)
			continue;
		clean_verifier_state(env, &sl->state);
	}
}

/* A kept state that misses more than it hits is dropped from its list. */
static void evict_state(struct bpf_verifier_env *env, struct bpf_verifier_state_list *sl)
{
	/*
	 * Once cleaned, no read walks through it: free it.  Before that,
	 * a child's parent pointers may still lead here: park it.
	 */
	if (sl->state.frame[0]->regs[0].live & REG_LIVE_DONE) {
		if (sl->state.branches)
			pr_warn("BUG live_done but branches_to_explore %d\n",
				sl->state.branches);
		free_verifier_state(&sl->state, false);
		kfree(sl);
		env->peak_states--;
	} else {
		sl->next = env->free_list;
		env->free_list = sl;
	}
}

/* Makes cur a child of new (its copy just kept) for liveness. */
static void link_to_parent(struct bpf_verifier_state *cur, struct bpf_verifier_state *new)
{
	struct bpf_func_state *frame, *newframe;
	u32 j;
	int i;

	for (j = 0; j <= cur->curframe; j++) {
		frame = cur->frame[j];
		newframe = new->frame[j];
		/*
		 * Callers' r0-r5 die at the call (r1-r5 link to the call's
		 * state with a write mark, r0 comes back from the callee):
		 * only r6-r9 of outer frames link here.
		 */
		for (i = j < cur->curframe ? BPF_REG_6 : 0; i < BPF_REG_FP; i++)
			frame->regs[i].parent = &newframe->regs[i];
		/*
		 * cur's writes were made before new existed: they must not
		 * screen reads of cur's walk from new.  (cur has no read
		 * marks: reads mark the parent.)
		 */
		for (i = 0; i < BPF_REG_FP; i++)
			frame->regs[i].live = REG_LIVE_NONE;
		/* any frame's stack can be read by a callee: link them all */
		for (i = 0; i < frame->allocated_stack / BPF_REG_SIZE; i++) {
			frame->stack[i].spilled_ptr.live = REG_LIVE_NONE;
			frame->stack[i].spilled_ptr.parent = &newframe->stack[i].spilled_ptr;
		}
	}
}

int is_state_visited(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_verifier_state *cur = env->cur_state, *new;
	struct bpf_verifier_state_list *sl, **pprev, *new_sl;
	/*
	 * A path on which no state is kept (a loop whose exit path keeps the
	 * states, resetting the counters below) grows its jmp_history without
	 * end, and every copy and backtrack of it: an hour for a loop of two
	 * insns hitting the 1M limit.  As later kernels do, keep a state
	 * once the history passes 40 entries.
	 */
	bool force_new_state = env->test_state_freq || cur->jmp_history_cnt > 40;
	bool add_new_state = force_new_state;
	int err, states_cnt = 0;

	cur->last_insn_idx = env->prev_insn_idx;
	if (!env->insn_aux_data[insn_idx].prune_point)
		return push_jmp_history(env, cur);

	if (!env->explored_states) {
		env->explored_states = kcalloc(state_htab_size(env),
					       sizeof(*env->explored_states), GFP_KERNEL);
		if (!env->explored_states)
			return -ENOMEM;
	}

	/*
	 * Prune points come every few insns; keeping a state at each costs
	 * memory and time for little pruning.  Keep one only after at least
	 * 2 jumps and 8 insns since the last one kept.
	 */
	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new_state = true;

	pprev = explored_state(env, insn_idx);
	sl = *pprev;

	clean_live_states(env, insn_idx, cur);

	while (sl) {
		states_cnt++;
		if (sl->state.insn_idx != (u32)insn_idx)
			goto next;

		if (sl->state.branches) {
			/* sl is on the current path: the walk looped back to it */
			struct bpf_func_state *frame = sl->state.frame[sl->state.curframe];

			if (frame->in_async_callback_fn &&
			    frame->async_entry_cnt != cur->frame[cur->curframe]->async_entry_cnt) {
				/*
				 * Another entry into an async callback, not a
				 * loop; nor may it prune (sl is not done).
				 */
			} else if (states_maybe_looping(&sl->state, cur) &&
				   states_equal(env, &sl->state, cur)) {
				verbose_linfo(env, insn_idx, "; ");
				verbose(env, "infinite loop detected at insn %d\n", insn_idx);
				return -EINVAL;
			}
			/*
			 * Loop iterations have distinct states that seldom
			 * prune each other: keep fewer while looping, yet
			 * enough that a huge bound fails fast (1M insns /
			 * 100 = 10k states at most).
			 */
			if (!force_new_state &&
			    env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add_new_state = false;
			goto miss;
		}
		if (states_equal(env, &sl->state, cur)) {
			sl->hit_cnt++;
			/*
			 * Pruned: what sl's walks read, cur's would have;
			 * cur's parents get the read and precision marks.
			 */
			err = propagate_liveness(env, &sl->state, cur);
			err = err ? : push_jmp_history(env, cur);
			err = err ? : propagate_precision(env, &sl->state);
			if (err)
				return err;
			return 1;
		}
miss:
		/*
		 * Misses count only when a state is to be added, or the
		 * iterations of one loop would evict the states of earlier
		 * ones that pruning wants (some early, some late).
		 */
		if (add_new_state)
			sl->miss_cnt++;
		if (sl->miss_cnt > sl->hit_cnt * 3 + 3) {
			*pprev = sl->next;
			evict_state(env, sl);
			sl = *pprev;
			continue;
		}
next:
		pprev = &sl->next;
		sl = *pprev;
	}

	if (env->max_states_per_insn < (u32)states_cnt)
		env->max_states_per_insn = states_cnt;

	if (!env->bpf_capable && states_cnt > BPF_COMPLEXITY_LIMIT_STATES)
		return push_jmp_history(env, cur);
	if (!add_new_state)
		return push_jmp_history(env, cur);

	/*
	 * Keep a copy of cur.  It is not proven safe yet: it will be when
	 * every walk below it reaches an exit (branches drops to 0), or the
	 * program is rejected.  Until then it only serves loop detection.
	 */
	new_sl = kzalloc(sizeof(*new_sl), GFP_KERNEL);
	if (!new_sl)
		return -ENOMEM;
	env->total_states++;
	env->peak_states++;
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;

	if (env->bpf_capable)
		mark_all_scalars_imprecise(env, cur);

	new = &new_sl->state;
	err = copy_verifier_state(new, cur);
	if (err) {
		free_verifier_state(new, false);
		kfree(new_sl);
		return err;
	}
	new->insn_idx = insn_idx;
	if (new->branches != 1)
		pr_warn("BUG is_state_visited:branches_to_explore=%d insn %d\n",
			new->branches, insn_idx);

	cur->parent = new;
	cur->first_insn_idx = insn_idx;
	clear_jmp_history(cur);
	new_sl->next = *explored_state(env, insn_idx);
	*explored_state(env, insn_idx) = new_sl;
	link_to_parent(cur, new);
	return 0;
}

static void free_state_list(struct bpf_verifier_state_list *sl)
{
	struct bpf_verifier_state_list *next;

	for (; sl; sl = next) {
		next = sl->next;
		free_verifier_state(&sl->state, false);
		kfree(sl);
	}
}

/*
 * The end of a do_check run: every kept and parked state, and the
 * branches still pushed.  The table of lists goes too; is_state_visited()
 * makes a new one for the next run.  env->cur_state is the caller's.
 */
void free_states(struct bpf_verifier_env *env)
{
	u32 i;

	free_pushed_branches(env);

	free_state_list(env->free_list);
	env->free_list = NULL;

	if (!env->explored_states)
		return;
	for (i = 0; i < state_htab_size(env); i++) {
		free_state_list(env->explored_states[i]);
		env->explored_states[i] = NULL;
	}
	kfree(env->explored_states);
	env->explored_states = NULL;
}
