// SPDX-License-Identifier: GPL-2.0
/*
 * The shape of a program, checked before anything runs through it, with
 * Linux 6.1's verdicts and messages: where its subprograms start (bpf-to-
 * bpf calls and BPF_PSEUDO_FUNC callbacks), that no jump leaves its
 * subprogram and none falls off its end, and the control flow graph: no
 * unreachable insn, no jump into the middle of an LD_IMM64, no loop for
 * the unprivileged and no recursion.
 */
#include "verifier_env.h"
#include <stdlib.h>

static int cmp_subprog_start(const void *a, const void *b)
{
	u32 x = ((const struct bpf_subprog_info *)a)->start;
	u32 y = ((const struct bpf_subprog_info *)b)->start;

	return x < y ? -1 : x > y;
}

/* The index of the subprogram starting at insn off, or -ENOENT. */
int find_subprog(struct bpf_verifier_env *env, int off)
{
	u32 lo = 0, hi = env->subprog_cnt;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (env->subprog_info[mid].start == (u32)off)
			return mid;
		if (env->subprog_info[mid].start < (u32)off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

static int add_subprog(struct bpf_verifier_env *env, int off)
{
	int ret;

	if (off < 0 || (u32)off >= env->prog->len) {
		verbose(env, "call to invalid destination\n");
		return -EINVAL;
	}
	ret = find_subprog(env, off);
	if (ret >= 0)
		return ret;
	if (env->subprog_cnt >= BPF_MAX_SUBPROGS) {
		verbose(env, "too many subprograms\n");
		return -E2BIG;
	}
	env->subprog_info[env->subprog_cnt++].start = off;
	qsort(env->subprog_info, env->subprog_cnt, sizeof(env->subprog_info[0]),
	      cmp_subprog_start);
	return find_subprog(env, off);
}

/*
 * Kernel functions need the kernel's BTF and a JIT: 6.1 built without BTF
 * says so, and so do we, whose kernel has no functions to offer.
 */
static int add_kfunc_call(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	verbose(env, "calling kernel function is not supported without CONFIG_DEBUG_INFO_BTF\n");
	return -ENOTSUPP;
}

int add_subprog_and_kfunc(struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = env->prog->insnsi;
	u32 i, len = env->prog->len;
	int ret;

	ret = add_subprog(env, 0);
	if (ret)
		return ret;

	for (i = 0; i < len; i++, insn++) {
		if (!bpf_pseudo_func(insn) && !bpf_pseudo_call(insn) &&
		    !bpf_pseudo_kfunc_call(insn))
			continue;
		if (!env->bpf_capable) {
			verbose(env, "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN\n");
			return -EPERM;
		}
		if (bpf_pseudo_kfunc_call(insn))
			ret = add_kfunc_call(env, insn);
		else
			ret = add_subprog(env, (int)i + insn->imm + 1);
		if (ret < 0)
			return ret;
	}
	/* a sentinel: the end of the last subprogram */
	env->subprog_info[env->subprog_cnt].start = len;

	if (env->log.level & BPF_LOG_LEVEL2)
		for (i = 0; i < env->subprog_cnt; i++)
			verbose(env, "func#%d @%d\n", i, env->subprog_info[i].start);
	return 0;
}

/* Where a jump lands; JMP32 | JA (gotol) carries its offset in imm. */
static int jmp_target(const struct bpf_insn *insn, int idx)
{
	if (insn->code == (BPF_JMP32 | BPF_JA))
		return idx + insn->imm + 1;
	return idx + insn->off + 1;
}

static bool ends_subprog(u8 code)
{
	return code == (BPF_JMP | BPF_EXIT) || code == (BPF_JMP | BPF_JA) ||
	       code == (BPF_JMP32 | BPF_JA);
}

int check_subprogs(struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = env->prog->insnsi;
	u32 cur = 0, len = env->prog->len;
	int start = 0, end = env->subprog_info[1].start;
	u32 i;

	for (i = 0; i < len; i++) {
		u8 code = insn[i].code, class = BPF_CLASS(code);
		int to;

		/* check_max_stack_depth() limits the frames below a tail call */
		if (code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
		    insn[i].imm == BPF_FUNC_tail_call)
			env->subprog_info[cur].has_tail_call = true;
		if ((class == BPF_JMP || class == BPF_JMP32) &&
		    BPF_OP(code) != BPF_EXIT && BPF_OP(code) != BPF_CALL) {
			to = jmp_target(&insn[i], i);
			if (to < start || to >= end) {
				verbose(env, "jump out of range from insn %d to %d\n", i, to);
				return -EINVAL;
			}
		}
		if ((int)i != end - 1)
			continue;
		/* a subprogram must not fall through into the next one */
		if (!ends_subprog(code)) {
			verbose(env, "last insn is not an exit or jmp\n");
			return -EINVAL;
		}
		start = end;
		if (++cur < env->subprog_cnt)
			end = env->subprog_info[cur + 1].start;
	}
	return 0;
}

/*
 * Depth-first search of the flow graph, without recursion.  Each insn is
 * unseen, on the DFS path (discovered), or done (explored); the edge bits
 * say which of its out-edges were already followed.  An edge back to an
 * insn on the path is a loop.
 */
enum {
	CFG_FALLTHROUGH	= 1,
	CFG_BRANCH	= 2,
	CFG_DISCOVERED	= 0x10,
	CFG_EXPLORED	= 0x20,
};

enum {
	CFG_DONE = 0,
	CFG_MORE = 1,
};

struct cfg_dfs {
	u8 *state;
	u32 *stack;
	u32 depth;
};

static void mark_prune_jmp_point(struct bpf_verifier_env *env, int idx)
{
	env->insn_aux_data[idx].prune_point = true;
	env->insn_aux_data[idx].jmp_point = true;
}

static int cfg_edge(struct bpf_verifier_env *env, struct cfg_dfs *dfs, int t,
		    int w, int edge, bool loop_ok)
{
	u8 *state = dfs->state;

	/* this out-edge of t was followed already */
	if ((state[t] & 0xf0) == CFG_DISCOVERED && (state[t] & 0x0f) >= edge)
		return CFG_DONE;

	if (w < 0 || (u32)w >= env->prog->len) {
		verbose(env, "jump out of range from insn %d to %d\n", t, w);
		return -EINVAL;
	}

	/* a branch target: states are compared, and jumps recorded, there */
	if (edge == CFG_BRANCH)
		mark_prune_jmp_point(env, w);

	if (state[w] == 0) {
		state[t] = CFG_DISCOVERED | edge;
		state[w] = CFG_DISCOVERED;
		if (dfs->depth >= env->prog->len)
			return -E2BIG;
		dfs->stack[dfs->depth++] = w;
		return CFG_MORE;
	}
	if ((state[w] & 0xf0) == CFG_DISCOVERED) {
		/* 6.1 allows bounded loops to those with CAP_BPF */
		if (loop_ok && env->bpf_capable)
			return CFG_DONE;
		verbose(env, "back-edge from insn %d to %d\n", t, w);
		return -EINVAL;
	}
	/* a forward or cross edge into a finished insn */
	state[t] = CFG_DISCOVERED | edge;
	return CFG_DONE;
}

/* A call continues after itself; a bpf-to-bpf call also enters its callee. */
static int cfg_visit_call(struct bpf_verifier_env *env, struct cfg_dfs *dfs,
			  int t, bool visit_callee)
{
	const struct bpf_insn *insn = &env->prog->insnsi[t];
	int next = t + (bpf_is_ldimm64(insn) ? 2 : 1);
	int ret;

	ret = cfg_edge(env, dfs, t, next, CFG_FALLTHROUGH, false);
	if (ret)
		return ret;
	/* the return from a callee joins the caller's path here */
	mark_prune_jmp_point(env, next);
	if (!visit_callee)
		return ret;
	env->insn_aux_data[t].prune_point = true;
	/* recursion through calls is a loop; a callback may be registered again */
	return cfg_edge(env, dfs, t, t + insn->imm + 1, CFG_BRANCH,
			bpf_pseudo_func(insn));
}

static int cfg_visit(struct bpf_verifier_env *env, struct cfg_dfs *dfs, int t)
{
	const struct bpf_insn *insn = &env->prog->insnsi[t];
	u8 class = BPF_CLASS(insn->code);

	if (bpf_pseudo_func(insn))
		return cfg_visit_call(env, dfs, t, true);
	if (class != BPF_JMP && class != BPF_JMP32)
		return cfg_edge(env, dfs, t, t + (bpf_is_ldimm64(insn) ? 2 : 1),
				CFG_FALLTHROUGH, false);

	switch (BPF_OP(insn->code)) {
	case BPF_EXIT:
		return CFG_DONE;
	case BPF_CALL:
		/* before the call: or a timer callback's state is pushed again and again */
		if (insn->imm == BPF_FUNC_timer_set_callback)
			env->insn_aux_data[t].prune_point = true;
		return cfg_visit_call(env, dfs, t, insn->src_reg == BPF_PSEUDO_CALL);
	case BPF_JA: {
		int ret;

		if (BPF_SRC(insn->code) != BPF_K)
			return -EINVAL;
		ret = cfg_edge(env, dfs, t, jmp_target(insn, t), CFG_FALLTHROUGH, true);
		if (ret >= 0 && jmp_target(insn, t) >= 0 &&
		    (u32)jmp_target(insn, t) < env->prog->len)
			mark_prune_jmp_point(env, jmp_target(insn, t));
		return ret;
	}
	default: {
		int ret;

		env->insn_aux_data[t].prune_point = true;
		ret = cfg_edge(env, dfs, t, t + 1, CFG_FALLTHROUGH, true);

		if (ret)
			return ret;
		return cfg_edge(env, dfs, t, t + insn->off + 1, CFG_BRANCH, true);
	}
	}
}

int check_cfg(struct bpf_verifier_env *env)
{
	u32 len = env->prog->len, i;
	struct cfg_dfs dfs;
	int ret = 0;

	dfs.state = kvcalloc(len, sizeof(*dfs.state), GFP_KERNEL);
	dfs.stack = kvcalloc(len, sizeof(*dfs.stack), GFP_KERNEL);
	if (!dfs.state || !dfs.stack) {
		ret = -ENOMEM;
		goto out;
	}

	dfs.state[0] = CFG_DISCOVERED;
	dfs.stack[0] = 0;
	dfs.depth = 1;
	while (dfs.depth) {
		u32 t = dfs.stack[dfs.depth - 1];

		ret = cfg_visit(env, &dfs, t);
		if (ret < 0)
			goto out;
		if (ret == CFG_DONE) {
			dfs.state[t] = CFG_EXPLORED;
			dfs.depth--;
		}
	}

	for (i = 0; i < len; i++) {
		if (dfs.state[i] != CFG_EXPLORED) {
			verbose(env, "unreachable insn %d\n", i);
			ret = -EINVAL;
			goto out;
		}
		if (bpf_is_ldimm64(&env->prog->insnsi[i])) {
			if (dfs.state[i + 1] != 0) {
				verbose(env, "jump into the middle of ldimm64 insn %d\n", i);
				ret = -EINVAL;
				goto out;
			}
			i++;
		}
	}
	ret = 0;
out:
	kvfree(dfs.state);
	kvfree(dfs.stack);
	return ret;
}

