// SPDX-License-Identifier: GPL-2.0
/*
 * Calls between the functions of one program, as Linux 6.1's verifier
 * follows them: a bpf-to-bpf call pushes a frame for the callee (r1-r5
 * passed, the caller's r0-r5 clobbered) and the walk goes on inside it;
 * its exit pops the frame and hands r0 back.  Global functions were
 * verified on their own: a call to one checks the arguments against
 * the function's BTF and steps over it.  Helpers that call back into
 * the program (bpf_loop, bpf_for_each_map_elem, bpf_timer_set_callback,
 * bpf_find_vma, bpf_user_ringbuf_drain) enter their callback the same
 * way, with the registers the helper will pass; timer callbacks run
 * later, on a state of their own.
 *
 * Also: the combined stack depth of every chain of calls.
 */
#include "verifier_env.h"
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/bpf_trace.h>

#define CALLER_SAVED_REGS	6
#define BPF_MAIN_FUNC		(-1)

static const int caller_saved[CALLER_SAVED_REGS] = {
	BPF_REG_0, BPF_REG_1, BPF_REG_2, BPF_REG_3, BPF_REG_4, BPF_REG_5
};

void clear_caller_saved_regs(struct bpf_verifier_env *env, struct bpf_reg_state *regs)
{
	int i;

	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, caller_saved[i]);
		/* written by the call: reads below do not reach the parent state */
		check_reg_arg(env, caller_saved[i], DST_OP_NO_MARK);
	}
}

static enum bpf_prog_type resolve_prog_type(const struct bpf_prog *prog)
{
	if (prog->type == BPF_PROG_TYPE_EXT && prog->aux->saved_dst_prog_type)
		return prog->aux->saved_dst_prog_type;
	return prog->type;
}

static bool is_callback_calling_function(int func_id)
{
	return func_id == BPF_FUNC_for_each_map_elem ||
	       func_id == BPF_FUNC_timer_set_callback ||
	       func_id == BPF_FUNC_find_vma ||
	       func_id == BPF_FUNC_loop ||
	       func_id == BPF_FUNC_user_ringbuf_drain;
}

/* ---- global functions: their BTF against the caller's registers ---- */

/*
 * The name of the context struct of a program type (6.1's bpf_types.h
 * prog_ctx_type); NULL for types whose context is not a struct (u64
 * arguments, void *).
 */
static const char *prog_ctx_struct_name(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "__sk_buff";
	case BPF_PROG_TYPE_XDP:
		return "xdp_md";
	case BPF_PROG_TYPE_CGROUP_SOCK:
		return "bpf_sock";
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return "bpf_sock_addr";
	case BPF_PROG_TYPE_SOCK_OPS:
		return "bpf_sock_ops";
	case BPF_PROG_TYPE_SK_MSG:
		return "sk_msg_md";
	case BPF_PROG_TYPE_KPROBE:
		/* bpf_user_pt_regs_t, a typedef of struct pt_regs */
		return "pt_regs";
	case BPF_PROG_TYPE_PERF_EVENT:
		return "bpf_perf_event_data";
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return "bpf_raw_tracepoint_args";
	case BPF_PROG_TYPE_CGROUP_DEVICE:
		return "bpf_cgroup_dev_ctx";
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return "bpf_sysctl";
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return "bpf_sockopt";
	case BPF_PROG_TYPE_SK_REUSEPORT:
		return "sk_reuseport_md";
	case BPF_PROG_TYPE_SK_LOOKUP:
		return "bpf_sk_lookup";
	default:
		return NULL;
	}
}

/*
 * Is the pointer type t (of the program's BTF) the program type's context?
 * 6.1 compares only the struct's name: a program may declare an empty
 * struct __sk_buff of its own.
 */
static bool btf_is_prog_ctx_type(const struct btf *btf, const struct btf_type *t,
				 enum bpf_prog_type prog_type)
{
	const char *ctx_name = prog_ctx_struct_name(prog_type);
	const char *tname;

	if (!ctx_name)
		return false;
	t = btf_type_skip_modifiers(btf, t->type, NULL);
	if (!t || !btf_type_is_struct(t))
		return false;
	tname = btf_name_by_offset(btf, t->name_off);
	if (!tname)
		return false;
	return !strcmp(tname, ctx_name) ||
	       (prog_type == BPF_PROG_TYPE_KPROBE && !strcmp(tname, "bpf_user_pt_regs_t"));
}

static const char *btf_kind_name(const struct btf_type *t)
{
	return t ? btf_type_str(t) : "UNKN";
}

/*
 * One argument of a subprogram's BTF against its register: scalars take
 * scalars, the context pointer the context, and (global functions, at
 * a call) other pointers memory of the pointed-to type's size.
 */
static int btf_check_func_arg(struct bpf_verifier_env *env, const struct btf *btf,
			      const struct btf_param *arg, struct bpf_reg_state *regs,
			      u32 i, bool ptr_to_mem_ok, bool processing_call,
			      const char *func_name, u32 func_id)
{
	struct bpf_verifier_log *log = &env->log;
	u32 regno = i + 1, type_size;
	struct bpf_reg_state *reg = &regs[regno];
	const struct btf_type *t, *ref_t, *resolved;
	const char *ref_tname;
	int ret;

	t = btf_type_skip_modifiers(btf, arg->type, NULL);
	if (t && btf_type_is_scalar(t)) {
		if (reg->type == SCALAR_VALUE)
			return 0;
		bpf_log(log, "R%d is not a scalar\n", regno);
		return -EINVAL;
	}
	if (!t || !btf_type_is_ptr(t)) {
		bpf_log(log, "Unrecognized arg#%d type %s\n", i, btf_kind_name(t));
		return -EINVAL;
	}

	ref_t = btf_type_skip_modifiers(btf, t->type, NULL);
	ref_tname = ref_t ? btf_name_by_offset(btf, ref_t->name_off) : "";
	if (!ref_tname)
		ref_tname = "";

	ret = check_func_arg_reg_off(env, reg, regno, ARG_DONTCARE);
	if (ret < 0)
		return ret;

	if (btf_is_prog_ctx_type(btf, t, resolve_prog_type(env->prog))) {
		if (reg->type != PTR_TO_CTX) {
			bpf_log(log, "arg#%d expected pointer to ctx, but got %s\n",
				i, btf_type_str(t));
			return -EINVAL;
		}
		return 0;
	}
	if (ptr_to_mem_ok && processing_call) {
		resolved = ref_t ? btf_resolve_size(btf, ref_t, &type_size) : ERR_PTR(-EINVAL);
		if (IS_ERR(resolved)) {
			bpf_log(log, "arg#%d reference type('%s %s') size cannot be determined: %ld\n",
				i, btf_kind_name(ref_t), ref_tname, PTR_ERR(resolved));
			return -EINVAL;
		}
		if (check_mem_reg(env, reg, regno, type_size))
			return -EINVAL;
		return 0;
	}
	bpf_log(log, "reg type unsupported for arg#%d %sfunction %s#%d\n", i, "",
		func_name, func_id);
	return -EINVAL;
}

static int btf_check_func_arg_match(struct bpf_verifier_env *env, const struct btf *btf,
				    u32 func_id, struct bpf_reg_state *regs,
				    bool ptr_to_mem_ok, bool processing_call)
{
	struct bpf_verifier_log *log = &env->log;
	const struct btf_param *args;
	const struct btf_type *t;
	const char *func_name;
	u32 i, nargs;
	int err;

	t = btf_type_by_id(btf, func_id);
	if (!t || !btf_type_is_func(t)) {
		/* check_btf_func() saw to this when the program was loaded */
		bpf_log(log, "BTF of func_id %u doesn't point to KIND_FUNC\n", func_id);
		return -EFAULT;
	}
	func_name = btf_name_by_offset(btf, t->name_off);
	if (!func_name)
		func_name = "";

	t = btf_type_by_id(btf, t->type);
	if (!t || !btf_type_is_func_proto(t)) {
		bpf_log(log, "Invalid BTF of func %s\n", func_name);
		return -EFAULT;
	}
	args = btf_params(t);
	nargs = btf_type_vlen(t);
	if (nargs > MAX_BPF_FUNC_REG_ARGS) {
		bpf_log(log, "Function %s has %d > %d args\n", func_name, nargs,
			MAX_BPF_FUNC_REG_ARGS);
		return -EINVAL;
	}
	for (i = 0; i < nargs; i++) {
		err = btf_check_func_arg(env, btf, &args[i], regs, i, ptr_to_mem_ok,
					 processing_call, func_name, func_id);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The BTF of subprogram subprog against regs: -EINVAL when it does not
 * match (or there is no BTF); the function is then unreliable from BTF's
 * point of view: the compiler may have dropped arguments of a static one.
 */
static int btf_check_subprog(struct bpf_verifier_env *env, int subprog,
			     struct bpf_reg_state *regs, bool processing_call)
{
	struct bpf_prog_aux *aux = env->prog->aux;
	bool is_global;
	u32 btf_id;
	int err;

	if (!aux->func_info || !aux->func_info_aux || !aux->btf ||
	    (u32)subprog >= aux->func_info_cnt)
		return -EINVAL;
	btf_id = aux->func_info[subprog].type_id;
	if (!btf_id)
		return -EFAULT;
	if (aux->func_info_aux[subprog].unreliable)
		return -EINVAL;

	is_global = aux->func_info_aux[subprog].linkage == BTF_FUNC_GLOBAL;
	err = btf_check_func_arg_match(env, aux->btf, btf_id, regs, is_global, processing_call);
	if (err)
		aux->func_info_aux[subprog].unreliable = true;
	return err;
}

int btf_check_subprog_arg_match(struct bpf_verifier_env *env, int subprog,
				struct bpf_reg_state *regs)
{
	return btf_check_subprog(env, subprog, regs, false);
}

static int btf_check_subprog_call(struct bpf_verifier_env *env, int subprog,
				  struct bpf_reg_state *regs)
{
	return btf_check_subprog(env, subprog, regs, true);
}

/* ---- entering a function ---- */

/*
 * A timer callback runs later, from nothing the caller's state says: it
 * gets a state of its own on the branch stack, entered at its start like
 * a program of its own.
 */
static struct bpf_verifier_state *push_async_cb(struct bpf_verifier_env *env, int insn_idx,
						int prev_insn_idx, int subprog)
{
	struct bpf_verifier_stack_elem *elem;
	struct bpf_func_state *frame;

	elem = kzalloc(sizeof(*elem), GFP_KERNEL);
	if (!elem)
		goto err;
	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->next = env->head;
	elem->log_pos = env->log.len_used;
	env->head = elem;
	env->stack_size++;
	if (env->stack_size > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verbose(env, "The sequence of %d jumps is too complex for async cb.\n",
			env->stack_size);
		goto err;
	}
	elem->st.branches = 1;
	frame = kzalloc(sizeof(*frame), GFP_KERNEL);
	if (!frame)
		goto err;
	init_func_state(env, frame, BPF_MAIN_FUNC, 0, subprog);
	elem->st.frame[0] = frame;
	return &elem->st;
err:
	free_verifier_state(env->cur_state, true);
	env->cur_state = NULL;
	/* drop every pending branch: the walk is over */
	while (!pop_stack(env, NULL, NULL, false))
		;
	return NULL;
}

/* After a call that the walk steps over: r0-r5 clobbered, r0 a 64-bit number. */
static void step_over_call(struct bpf_verifier_env *env, struct bpf_func_state *caller)
{
	clear_caller_saved_regs(env, caller->regs);
	mark_reg_unknown(env, caller->regs, BPF_REG_0);
	caller->regs[BPF_REG_0].subreg_def = DEF_NOT_SUBREG;
}

/* The timer callback is queued as its own state; the call itself goes on. */
static int setup_async_callback(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				int *insn_idx, int subprog,
				set_callee_state_fn set_callee_state_cb)
{
	struct bpf_verifier_state *async_cb;
	struct bpf_func_state *callee;
	int err;

	env->subprog_info[subprog].is_async_cb = true;
	async_cb = push_async_cb(env, env->subprog_info[subprog].start, *insn_idx, subprog);
	if (!async_cb)
		return -EFAULT;
	callee = async_cb->frame[0];
	callee->async_entry_cnt = caller->async_entry_cnt + 1;

	/* the helper's arguments become the callback's */
	err = set_callee_state_cb(env, caller, callee, *insn_idx);
	if (err)
		return err;
	step_over_call(env, caller);
	return 0;
}

int __check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx,
		      int subprog, set_callee_state_fn set_callee_state_cb)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_info_aux *func_info_aux = env->prog->aux->func_info_aux;
	struct bpf_func_state *caller, *callee;
	bool is_global = false;
	int err;

	if (state->curframe + 1 >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n", state->curframe + 2);
		return -E2BIG;
	}
	caller = state->frame[state->curframe];
	if (state->frame[state->curframe + 1]) {
		verbose(env, "verifier bug. Frame %d already allocated\n", state->curframe + 1);
		return -EFAULT;
	}

	if (func_info_aux && (u32)subprog < env->prog->aux->func_info_cnt)
		is_global = func_info_aux[subprog].linkage == BTF_FUNC_GLOBAL;
	err = btf_check_subprog_call(env, subprog, caller->regs);
	if (err == -EFAULT)
		return err;
	if (is_global) {
		if (err) {
			verbose(env, "Caller passes invalid args into func#%d\n", subprog);
			return err;
		}
		/* it was verified on its own: what it returns is any number */
		if (env->log.level & BPF_LOG_LEVEL)
			verbose(env, "Func#%d is global and valid. Skipping.\n", subprog);
		step_over_call(env, caller);
		return 0;
	}

	/* only the helpers that take a callback may enter one */
	if (set_callee_state_cb != set_callee_state &&
	    !is_callback_calling_function(insn->imm)) {
		verbose(env, "verifier bug: helper %s#%d is not marked as callback-calling\n",
			func_id_name(insn->imm), insn->imm);
		return -EFAULT;
	}

	if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0 &&
	    insn->imm == BPF_FUNC_timer_set_callback)
		return setup_async_callback(env, caller, insn_idx, subprog, set_callee_state_cb);

	callee = kzalloc(sizeof(*callee), GFP_KERNEL);
	if (!callee)
		return -ENOMEM;
	state->frame[state->curframe + 1] = callee;

	/*
	 * The callee starts with its own empty stack and only r1-r5 (and
	 * r10) readable; it may reach the caller's stack through pointers.
	 */
	init_func_state(env, callee, *insn_idx, state->curframe + 1, subprog);

	/* what the caller holds, the callee holds too */
	err = copy_reference_state(callee, caller);
	if (err)
		goto err_out;
	err = set_callee_state_cb(env, caller, callee, *insn_idx);
	if (err)
		goto err_out;

	clear_caller_saved_regs(env, caller->regs);
	/* check_reg_arg() above worked on the caller's frame: move on now */
	state->curframe++;

	/* the walk continues at the callee's first insn */
	*insn_idx = env->subprog_info[subprog].start - 1;

	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "caller:\n");
		print_verifier_state(env, caller, true);
		verbose(env, "callee:\n");
		print_verifier_state(env, callee, true);
	}
	return 0;

err_out:
	free_func_state(callee);
	state->frame[state->curframe + 1] = NULL;
	return err;
}

/* A bpf-to-bpf call: the callee gets the caller's r1-r5, read marks and all. */
int set_callee_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
		     struct bpf_func_state *callee, int insn_idx)
{
	int i;

	/* the copies keep their parent links: the callee's reads reach the caller's */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		callee->regs[i] = caller->regs[i];
	return 0;
}

int check_func_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx)
{
	int target_insn = *insn_idx + insn->imm + 1;
	int subprog = find_subprog(env, target_insn);

	if (subprog < 0) {
		verbose(env, "verifier bug. No program starts at insn %d\n", target_insn);
		return -EFAULT;
	}
	return __check_func_call(env, insn, insn_idx, subprog, set_callee_state);
}

/* ---- the callbacks' arguments ---- */

/*
 * bpf_for_each_map_elem(map, callback_fn, callback_ctx, flags) calls
 * callback_fn(map, key, value, callback_ctx) for each element.
 */
static int map_set_for_each_callback_args(struct bpf_verifier_env *env,
					  struct bpf_func_state *caller,
					  struct bpf_func_state *callee)
{
	struct bpf_map *map = caller->regs[BPF_REG_1].map_ptr;

	callee->regs[BPF_REG_1] = caller->regs[BPF_REG_1];

	callee->regs[BPF_REG_2].type = PTR_TO_MAP_KEY;
	__mark_reg_known_zero(&callee->regs[BPF_REG_2]);
	callee->regs[BPF_REG_2].map_ptr = map;

	callee->regs[BPF_REG_3].type = PTR_TO_MAP_VALUE;
	__mark_reg_known_zero(&callee->regs[BPF_REG_3]);
	callee->regs[BPF_REG_3].map_ptr = map;

	/* the context: a stack pointer or NULL */
	callee->regs[BPF_REG_4] = caller->regs[BPF_REG_3];

	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	return 0;
}

int set_map_elem_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				struct bpf_func_state *callee, int insn_idx)
{
	struct bpf_insn_aux_data *insn_aux = &env->insn_aux_data[insn_idx];
	struct bpf_map *map;
	int err;

	/* the callback's key and value types come from the one map of this call */
	if (BPF_MAP_PTR(insn_aux->map_ptr_state) == BPF_MAP_PTR_POISON) {
		verbose(env, "tail_call abusing map_ptr\n");
		return -EINVAL;
	}
	map = BPF_MAP_PTR(insn_aux->map_ptr_state);
	/* every map that can walk its elements takes the generic callback args */
	if (!map || !map->ops->map_for_each_callback) {
		verbose(env, "callback function not allowed for map\n");
		return -ENOTSUPP;
	}
	err = map_set_for_each_callback_args(env, caller, callee);
	if (err)
		return err;

	callee->in_callback_fn = true;
	callee->callback_ret_range = tnum_range(0, 1);
	return 0;
}

/* bpf_loop(nr_loops, callback_fn, callback_ctx, flags): callback_fn(index, callback_ctx) */
int set_loop_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
			    struct bpf_func_state *callee, int insn_idx)
{
	callee->regs[BPF_REG_1].type = SCALAR_VALUE;
	callee->regs[BPF_REG_2] = caller->regs[BPF_REG_3];

	__mark_reg_not_init(env, &callee->regs[BPF_REG_3]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);

	callee->in_callback_fn = true;
	callee->callback_ret_range = tnum_range(0, 1);
	return 0;
}

/*
 * bpf_timer_set_callback(timer, callback_fn): callback_fn(map, key, value)
 * of the map value the timer lives in.
 */
int set_timer_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
			     struct bpf_func_state *callee, int insn_idx)
{
	struct bpf_map *map_ptr = caller->regs[BPF_REG_1].map_ptr;

	callee->regs[BPF_REG_1].type = CONST_PTR_TO_MAP;
	__mark_reg_known_zero(&callee->regs[BPF_REG_1]);
	callee->regs[BPF_REG_1].map_ptr = map_ptr;

	callee->regs[BPF_REG_2].type = PTR_TO_MAP_KEY;
	__mark_reg_known_zero(&callee->regs[BPF_REG_2]);
	callee->regs[BPF_REG_2].map_ptr = map_ptr;

	callee->regs[BPF_REG_3].type = PTR_TO_MAP_VALUE;
	__mark_reg_known_zero(&callee->regs[BPF_REG_3]);
	callee->regs[BPF_REG_3].map_ptr = map_ptr;

	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_async_callback_fn = true;
	callee->callback_ret_range = tnum_range(0, 1);
	return 0;
}

/*
 * bpf_find_vma(task, addr, callback_fn, callback_ctx, flags):
 * callback_fn(task, vma, callback_ctx), the vma a struct vm_area_struct
 * of the kernel's BTF (id 0 when sysbpf's kernel BTF lacks it).
 */
int set_find_vma_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				struct bpf_func_state *callee, int insn_idx)
{
	struct btf *btf_vmlinux = bpf_get_btf_vmlinux();
	s32 vma_id = -ENOENT;

	if (IS_ERR(btf_vmlinux))
		btf_vmlinux = NULL;
	if (btf_vmlinux)
		vma_id = btf_find_by_name_kind(btf_vmlinux, "vm_area_struct", BTF_KIND_STRUCT);

	callee->regs[BPF_REG_1] = caller->regs[BPF_REG_1];

	callee->regs[BPF_REG_2].type = PTR_TO_BTF_ID;
	__mark_reg_known_zero(&callee->regs[BPF_REG_2]);
	callee->regs[BPF_REG_2].btf = btf_vmlinux;
	callee->regs[BPF_REG_2].btf_id = vma_id > 0 ? vma_id : 0;

	/* the context: a stack pointer or NULL */
	callee->regs[BPF_REG_3] = caller->regs[BPF_REG_4];

	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_callback_fn = true;
	callee->callback_ret_range = tnum_range(0, 1);
	return 0;
}

/*
 * bpf_user_ringbuf_drain(map, callback_fn, callback_ctx, flags):
 * callback_fn(dynptr, callback_ctx), the dynptr over one sample.
 */
int set_user_ringbuf_callback_state(struct bpf_verifier_env *env,
				    struct bpf_func_state *caller,
				    struct bpf_func_state *callee, int insn_idx)
{
	__mark_reg_not_init(env, &callee->regs[BPF_REG_0]);
	callee->regs[BPF_REG_1].type = PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL;
	__mark_reg_known_zero(&callee->regs[BPF_REG_1]);
	callee->regs[BPF_REG_2] = caller->regs[BPF_REG_3];

	__mark_reg_not_init(env, &callee->regs[BPF_REG_3]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);

	callee->in_callback_fn = true;
	callee->callback_ret_range = tnum_range(0, 1);
	return 0;
}

/* ---- leaving a function ---- */

int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller, *callee;
	struct bpf_reg_state *r0;
	int err;

	callee = state->frame[state->curframe];
	r0 = &callee->regs[BPF_REG_0];
	/*
	 * The callee's own stack dies with it; a pointer into a caller's
	 * stack would live on, but none is let through.
	 */
	if (r0->type == PTR_TO_STACK) {
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}

	caller = state->frame[state->curframe - 1];
	if (callee->in_callback_fn) {
		/* the helper acts on the callback's result: it must be in range */
		struct tnum range = callee->callback_ret_range;

		if (r0->type != SCALAR_VALUE) {
			verbose(env, "R0 not a scalar value\n");
			return -EACCES;
		}
		/* the exact value matters: keep it precise up the chain */
		err = mark_reg_read(env, r0, r0->parent, REG_LIVE_READ64);
		err = err ?: mark_chain_precision(env, BPF_REG_0);
		if (err)
			return err;
		if (!tnum_in(range, r0->var_off)) {
			verbose_invalid_scalar(env, r0, &range, "callback return", "R0");
			return -EINVAL;
		}
	} else {
		/* the caller's r0 is whatever the callee returned */
		caller->regs[BPF_REG_0] = *r0;
	}

	/*
	 * A callback released what it acquired (check_reference_leak() saw
	 * to it): its references are the caller's.  A plain callee may have
	 * acquired or released some: they go back.
	 */
	if (!callee->in_callback_fn) {
		err = copy_reference_state(caller, callee);
		if (err)
			return err;
	}

	*insn_idx = callee->callsite + 1;
	if (env->log.level & BPF_LOG_LEVEL) {
		verbose(env, "returning from callee:\n");
		print_verifier_state(env, callee, true);
		verbose(env, "to caller at %d:\n", *insn_idx);
		print_verifier_state(env, caller, true);
	}
	free_func_state(callee);
	state->frame[state->curframe--] = NULL;
	return 0;
}

/* ---- the combined stack depth ---- */

/* 32 bytes: the granularity of the interpreter's stack frames */
static int subprog_frame_size(const struct bpf_subprog_info *si)
{
	return round_up(max_t(u32, si->stack_depth, 1), 32);
}

/*
 * Walks every call chain from subprogram idx (check_cfg() refused
 * recursion, so a chain is at most MAX_CALL_FRAMES long) and adds up
 * the frames on it: together they must fit in MAX_BPF_STACK.
 */
static int check_max_stack_depth_subprog(struct bpf_verifier_env *env, int idx)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	struct bpf_insn *insn = env->prog->insnsi;
	int depth = 0, frame = 0, i, j, subprog_end;
	bool tail_call_reachable = false;
	int ret_insn[MAX_CALL_FRAMES];
	int ret_prog[MAX_CALL_FRAMES];

	i = subprog[idx].start;
process_func:
	/*
	 * A tail call leaves the frames below it in place, and up to 33 of
	 * them may follow each other: the frames under a subprogram that
	 * tail calls stay below 256 bytes, so that the worst case is 8k.
	 */
	if (idx && subprog[idx].has_tail_call && depth >= 256) {
		verbose(env, "tail_calls are not allowed when call stack of previous frames is %d bytes. Too large\n",
			depth);
		return -EACCES;
	}
	depth += subprog_frame_size(&subprog[idx]);
	if (depth > MAX_BPF_STACK) {
		verbose(env, "combined stack size of %d calls is %d. Too large\n",
			frame + 1, depth);
		return -EACCES;
	}
continue_func:
	subprog_end = subprog[idx + 1].start;
	for (; i < subprog_end; i++) {
		int next_insn, sidx;

		if (!bpf_pseudo_call(insn + i) && !bpf_pseudo_func(insn + i))
			continue;
		/* where to come back to */
		ret_insn[frame] = i + 1;
		ret_prog[frame] = idx;

		next_insn = i + insn[i].imm + 1;
		sidx = find_subprog(env, next_insn);
		if (sidx < 0) {
			/* 6.1 tells the kernel log, not the program's */
			pr_warn("verifier bug. No program starts at insn %d\n", next_insn);
			return -EFAULT;
		}
		if (subprog[sidx].is_async_cb) {
			if (subprog[sidx].has_tail_call) {
				verbose(env, "verifier bug. subprog has tail_call and async cb\n");
				return -EFAULT;
			}
			/* an async callback runs on a stack of its own unless called directly */
			if (!bpf_pseudo_call(insn + i))
				continue;
		}
		i = next_insn;
		idx = sidx;
		if (subprog[idx].has_tail_call)
			tail_call_reachable = true;

		frame++;
		if (frame >= MAX_CALL_FRAMES) {
			verbose(env, "the call stack of %d frames is too deep !\n", frame);
			return -E2BIG;
		}
		goto process_func;
	}
	/*
	 * A tail call below: every frame on the chain must keep the tail
	 * call count across its calls.
	 */
	if (tail_call_reachable)
		for (j = 0; j < frame; j++)
			subprog[ret_prog[j]].tail_call_reachable = true;
	if (subprog[0].tail_call_reachable)
		env->prog->aux->tail_call_reachable = true;

	/* the end of the subprogram: back to its caller */
	if (frame == 0)
		return 0;
	depth -= subprog_frame_size(&subprog[idx]);
	frame--;
	i = ret_insn[frame];
	idx = ret_prog[frame];
	goto continue_func;
}

int check_max_stack_depth(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *si = env->subprog_info;
	int ret;
	u32 i;

	/* the main program, and each async callback: it starts a stack of its own */
	for (i = 0; i < env->subprog_cnt; i++) {
		if (i && !si[i].is_async_cb)
			continue;
		ret = check_max_stack_depth_subprog(env, i);
		if (ret < 0)
			return ret;
	}
	return 0;
}
