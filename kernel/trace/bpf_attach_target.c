// SPDX-License-Identifier: GPL-2.0
/*
 * What a program that attaches by BTF may attach to, checked as 6.1
 * checks it: BPF_PROG_LOAD's attach_prog_fd / attach_btf_obj_fd /
 * attach_btf_id (syscall.c's part), the verifier's check_attach_btf_id()
 * and bpf_check_attach_target() with their log lines, and the context
 * of such a program: its u64 arguments typed by the BTF of the function
 * it attaches to (btf_ctx_access()).
 *
 * Where sysbpf differs: there is no JIT, and the interpreter stands for
 * it, so "Extension programs should be JITed" and "Can attach to only
 * JITed progs" never apply; a function named by the vmlinux BTF always
 * has an address (the kernel has every function its BTF names); the
 * error-injection list is that of the functions sysbpf has (see
 * bpf_trampoline.c).
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include "../bpf/btf_internal.h"

#define SECURITY_PREFIX		"security_"

/* ---- the context of programs with BTF-typed arguments ---- */

bool bpf_tracing_ctx_access(int off, int size, enum bpf_access_type type)
{
	if (off < 0 || off >= (int)(sizeof(u64) * MAX_BPF_FUNC_ARGS))
		return false;
	if (type != BPF_READ)
		return false;
	return off % size == 0;
}

bool bpf_tracing_btf_ctx_access(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info)
{
	if (!bpf_tracing_ctx_access(off, size, type))
		return false;
	return btf_ctx_access(off, size, type, prog, info);
}

static struct btf *bpf_prog_get_target_btf(const struct bpf_prog *prog)
{
	return prog->aux->dst_prog ? prog->aux->dst_prog->aux->btf : prog->aux->attach_btf;
}

/* Pointer size, or the size rounded up to 8, of each argument before off. */
static u32 get_ctx_arg_idx(const struct btf *btf, const struct btf_type *func_proto,
			   int off)
{
	const struct btf_param *args;
	const struct btf_type *t;
	u32 offset = 0, nr_args, i;

	if (!func_proto)
		return off / 8;
	nr_args = btf_type_vlen(func_proto);
	args = btf_params(func_proto);
	for (i = 0; i < nr_args; i++) {
		t = btf_type_skip_modifiers(btf, args[i].type, NULL);
		offset += btf_type_is_ptr(t) ? 8 : round_up(t->size, 8);
		if ((u32)off < offset)
			return i;
	}
	t = btf_type_skip_modifiers(btf, func_proto->type, NULL);
	offset += btf_type_is_ptr(t) ? 8 : round_up(t->size, 8);
	if ((u32)off < offset)
		return nr_args;
	return nr_args + 1;
}

static bool is_int_ptr(const struct btf *btf, const struct btf_type *t)
{
	t = btf_type_skip_modifiers(btf, t->type, NULL);
	return t && btf_type_is_int(t);
}

/* The type of the return value, as the attach type lets a program read it. */
static const struct btf_type *ctx_ret_type(const struct bpf_prog *prog,
					   const struct btf *btf,
					   const struct btf_type *t, u32 arg,
					   struct bpf_verifier_log *log, bool *ok)
{
	const char *tname = prog->aux->attach_func_name;

	*ok = true;
	switch (prog->expected_attach_type) {
	case BPF_LSM_CGROUP:
	case BPF_LSM_MAC:
	case BPF_TRACE_FEXIT:
		/* LSM hooks return int or void: no fmod_ret check for them */
		if (!t)
			return NULL;
		return btf_type_by_id(btf, t->type);
	case BPF_MODIFY_RETURN:
		*ok = false;
		if (!t)
			return NULL;
		t = btf_type_skip_modifiers(btf, t->type, NULL);
		if (!btf_type_is_small_int(t)) {
			bpf_log(log, "ret type %s not allowed for fmod_ret\n", btf_type_str(t));
			return NULL;
		}
		*ok = true;
		return t;
	default:
		bpf_log(log, "func '%s' doesn't have %d-th argument\n", tname, arg + 1);
		*ok = false;
		return NULL;
	}
}

bool btf_ctx_access(int off, int size, enum bpf_access_type type,
		    const struct bpf_prog *prog, struct bpf_insn_access_aux *info)
{
	const struct btf_type *t = prog->aux->attach_func_proto;
	struct bpf_prog *tgt_prog = prog->aux->dst_prog;
	struct btf *btf = bpf_prog_get_target_btf(prog);
	const char *tname = prog->aux->attach_func_name;
	struct bpf_verifier_log *log = info->log;
	const struct btf_param *args = NULL;
	const struct bpf_ctx_arg_aux *ctx_arg;
	const char *tag_value;
	u32 nr_args, arg, i;
	bool ok;

	if (off % 8) {
		bpf_log(log, "func '%s' offset %d is not multiple of 8\n", tname, off);
		return false;
	}
	if (!btf)
		return false;
	arg = get_ctx_arg_idx(btf, t, off);
	if (t)
		args = btf_params(t);
	nr_args = t ? btf_type_vlen(t) : MAX_BPF_FUNC_REG_ARGS;
	if (prog->aux->attach_btf_trace) {
		/* the first argument of btf_trace_<tp> is the hidden void *__data */
		args++;
		nr_args--;
	}
	if (arg > nr_args) {
		bpf_log(log, "func '%s' doesn't have %d-th argument\n", tname, arg + 1);
		return false;
	}

	if (arg == nr_args) {
		t = ctx_ret_type(prog, btf, t, arg, log, &ok);
		if (!ok)
			return false;
		if (!t)
			return true;
	} else {
		if (!t)
			return true;	/* MAX_BPF_FUNC_REG_ARGS u64 arguments */
		t = btf_type_by_id(btf, args[arg].type);
	}

	while (t && btf_type_is_modifier(t))
		t = btf_type_by_id(btf, t->type);
	if (!t)
		return false;
	if (btf_type_is_small_int(t) || btf_is_any_enum(t) || __btf_type_is_struct(t))
		return true;	/* a scalar */
	if (!btf_type_is_ptr(t)) {
		bpf_log(log, "func '%s' arg%d '%s' has type %s. Only pointer access is allowed\n",
			tname, arg, __btf_name_by_offset(btf, t->name_off), btf_type_str(t));
		return false;
	}
	/* an iterator's buffer that may be NULL (bpf_map_elem's key and value) */
	for (i = 0; i < prog->aux->ctx_arg_info_size; i++) {
		ctx_arg = &prog->aux->ctx_arg_info[i];
		if (ctx_arg->offset == (u32)off && base_type(ctx_arg->reg_type) == PTR_TO_BUF &&
		    (type_flag(ctx_arg->reg_type) & PTR_MAYBE_NULL)) {
			info->reg_type = ctx_arg->reg_type;
			return true;
		}
	}
	if (t->type == 0)
		return true;	/* void *: a number to the program */
	if (is_int_ptr(btf, t))
		return true;

	/* an iterator's object, typed by the target (it may be NULL) */
	for (i = 0; i < prog->aux->ctx_arg_info_size; i++) {
		ctx_arg = &prog->aux->ctx_arg_info[i];
		if (ctx_arg->offset != (u32)off)
			continue;
		if (!ctx_arg->btf_id) {
			bpf_log(log, "invalid btf_id for context argument offset %u\n", off);
			return false;
		}
		info->reg_type = ctx_arg->reg_type;
		info->btf = bpf_get_btf_vmlinux();
		info->btf_id = ctx_arg->btf_id;
		return true;
	}

	info->reg_type = PTR_TO_BTF_ID;
	if (tgt_prog) {
		/* a context pointer of a BPF program: its kernel type is not described here */
		bpf_log(log, "func '%s' arg%d type %s is not a struct\n",
			tname, arg, btf_type_str(t));
		return false;
	}
	info->btf = btf;
	info->btf_id = t->type;
	t = btf_type_by_id(btf, t->type);
	if (t && btf_type_is_type_tag(t)) {
		tag_value = __btf_name_by_offset(btf, t->name_off);
		if (!strcmp(tag_value, "user"))
			info->reg_type |= MEM_USER;
		if (!strcmp(tag_value, "percpu"))
			info->reg_type |= MEM_PERCPU;
	}
	while (t && btf_type_is_modifier(t)) {
		info->btf_id = t->type;
		t = btf_type_by_id(btf, t->type);
	}
	if (!t || !btf_type_is_struct(t)) {
		bpf_log(log, "func '%s' arg%d type %s is not a struct\n",
			tname, arg, t ? btf_type_str(t) : "UNKNOWN");
		return false;
	}
	bpf_log(log, "func '%s' arg%d has btf_id %d type %s '%s'\n",
		tname, arg, info->btf_id, btf_type_str(t),
		__btf_name_by_offset(btf, t->name_off));
	return true;
}

/* ---- the function model: what a trampoline can pass ---- */

/* Size of a type as an argument: pointers 8, ints/enums/structs their size. */
static int get_type_size(const struct btf *btf, u32 btf_id, const struct btf_type **ret_type)
{
	const struct btf_type *t;

	*ret_type = &btf_void;
	if (!btf_id)
		return 0;
	t = btf_type_by_id(btf, btf_id);
	while (t && btf_type_is_modifier(t))
		t = btf_type_by_id(btf, t->type);
	if (!t)
		return -EINVAL;
	*ret_type = t;
	if (btf_type_is_ptr(t))
		return sizeof(void *);
	if (btf_type_is_int(t) || btf_is_any_enum(t) || __btf_type_is_struct(t))
		return t->size;
	return -EINVAL;
}

static int btf_distill_func_proto(struct bpf_verifier_log *log, const struct btf *btf,
				  const struct btf_type *func, const char *tname)
{
	const struct btf_param *args;
	const struct btf_type *t;
	u32 i, nargs;
	int ret;

	if (!func)
		return 0;	/* MAX_BPF_FUNC_REG_ARGS u64 arguments */
	args = btf_params(func);
	nargs = btf_type_vlen(func);
	if (nargs > MAX_BPF_FUNC_ARGS) {
		bpf_log(log, "The function %s has %d arguments. Too many.\n", tname, nargs);
		return -EINVAL;
	}
	ret = get_type_size(btf, func->type, &t);
	if (ret < 0 || __btf_type_is_struct(t)) {
		bpf_log(log, "The function %s return type %s is unsupported.\n",
			tname, btf_type_str(t));
		return -EINVAL;
	}
	for (i = 0; i < nargs; i++) {
		if (i == nargs - 1 && args[i].type == 0) {
			bpf_log(log, "The function %s with variable args is unsupported.\n", tname);
			return -EINVAL;
		}
		ret = get_type_size(btf, args[i].type, &t);
		if (ret < 0 || ret > 16) {
			bpf_log(log, "The function %s arg%d type %s is unsupported.\n",
				tname, i, btf_type_str(t));
			return -EINVAL;
		}
		if (ret == 0) {
			bpf_log(log, "The function %s has malformed void argument.\n", tname);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- EXT: the replacement's prototype must match the function replaced ---- */

static int btf_check_func_type_match(struct bpf_verifier_log *log,
				     const struct btf *btf1, const struct btf_type *t1,
				     const struct btf *btf2, const struct btf_type *t2)
{
	const struct btf_param *args1, *args2;
	const char *fn1, *fn2, *s1, *s2;
	u32 nargs1, nargs2, i;

	fn1 = btf_name_by_offset(btf1, t1->name_off);
	fn2 = btf_name_by_offset(btf2, t2->name_off);
	if (btf_vlen(t1) != BTF_FUNC_GLOBAL) {
		bpf_log(log, "%s() is not a global function\n", fn1);
		return -EINVAL;
	}
	if (btf_vlen(t2) != BTF_FUNC_GLOBAL) {
		bpf_log(log, "%s() is not a global function\n", fn2);
		return -EINVAL;
	}
	t1 = btf_type_by_id(btf1, t1->type);
	if (!t1 || !btf_type_is_func_proto(t1))
		return -EFAULT;
	t2 = btf_type_by_id(btf2, t2->type);
	if (!t2 || !btf_type_is_func_proto(t2))
		return -EFAULT;

	args1 = btf_params(t1);
	nargs1 = btf_vlen(t1);
	args2 = btf_params(t2);
	nargs2 = btf_vlen(t2);
	if (nargs1 != nargs2) {
		bpf_log(log, "%s() has %d args while %s() has %d args\n",
			fn1, nargs1, fn2, nargs2);
		return -EINVAL;
	}

	t1 = btf_type_skip_modifiers(btf1, t1->type, NULL);
	t2 = btf_type_skip_modifiers(btf2, t2->type, NULL);
	if (!t1 || !t2)
		return -EFAULT;
	if (t1->info != t2->info) {
		bpf_log(log, "Return type %s of %s() doesn't match type %s of %s()\n",
			btf_type_str(t1), fn1, btf_type_str(t2), fn2);
		return -EINVAL;
	}

	for (i = 0; i < nargs1; i++) {
		t1 = btf_type_skip_modifiers(btf1, args1[i].type, NULL);
		t2 = btf_type_skip_modifiers(btf2, args2[i].type, NULL);
		if (!t1 || !t2)
			return -EFAULT;
		if (t1->info != t2->info) {
			bpf_log(log, "arg%d in %s() is %s while %s() has %s\n",
				i, fn1, btf_type_str(t1), fn2, btf_type_str(t2));
			return -EINVAL;
		}
		if (btf_type_has_size(t1) && t1->size != t2->size) {
			bpf_log(log, "arg%d in %s() has size %d while %s() has %d\n",
				i, fn1, t1->size, fn2, t2->size);
			return -EINVAL;
		}
		/* only scalars and context pointers reach a global function */
		if (btf_type_is_int(t1) || btf_is_any_enum(t1))
			continue;
		if (!btf_type_is_ptr(t1)) {
			bpf_log(log, "arg%d in %s() has unrecognized type\n", i, fn1);
			return -EINVAL;
		}
		t1 = btf_type_skip_modifiers(btf1, t1->type, NULL);
		t2 = btf_type_skip_modifiers(btf2, t2->type, NULL);
		if (!t1 || !btf_type_is_struct(t1)) {
			bpf_log(log, "arg%d in %s() is not a pointer to context\n", i, fn1);
			return -EINVAL;
		}
		if (!t2 || !btf_type_is_struct(t2)) {
			bpf_log(log, "arg%d in %s() is not a pointer to context\n", i, fn2);
			return -EINVAL;
		}
		s1 = btf_name_by_offset(btf1, t1->name_off);
		s2 = btf_name_by_offset(btf2, t2->name_off);
		if (!s1 || !s2 || strcmp(s1, s2)) {
			bpf_log(log, "arg%d %s(struct %s *) doesn't match %s(struct %s *)\n",
				i, fn1, s1 ? s1 : "", fn2, s2 ? s2 : "");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The EXT program's own main function, from the func_info BPF_PROG_LOAD
 * gives (the verifier checks those records after this): its BTF with a
 * reference and its FUNC type.  -ENOENT when there is no func_info.
 */
static int ext_main_func(const union bpf_attr *attr, struct btf **btf,
			 const struct btf_type **t)
{
	const struct bpf_func_info *finfo = u64_to_user_ptr(attr->func_info);
	u32 type_id;

	*btf = NULL;
	if (!attr->func_info_cnt || !finfo)
		return -ENOENT;
	if (attr->func_info_rec_size < sizeof(*finfo))
		return -EINVAL;
	*btf = btf_get_by_fd(attr->prog_btf_fd);
	if (IS_ERR(*btf)) {
		int err = PTR_ERR(*btf);

		*btf = NULL;
		return err;
	}
	type_id = finfo->type_id;
	*t = type_id ? btf_type_by_id(*btf, type_id) : NULL;
	if (!*t || !btf_type_is_func(*t)) {
		btf_put(*btf);
		*btf = NULL;
		return -EFAULT;
	}
	return 0;
}

static int btf_check_type_match(struct bpf_verifier_log *log, const union bpf_attr *attr,
				const struct btf *btf2, const struct btf_type *t2)
{
	const struct btf_type *t1 = NULL;
	struct btf *btf1;
	int err;

	err = ext_main_func(attr, &btf1, &t1);
	if (err == -ENOENT) {
		bpf_log(log, "Program extension requires BTF\n");
		return -EINVAL;
	}
	if (err)
		return err;
	err = btf_check_func_type_match(log, btf1, t1, btf2, t2);
	btf_put(btf1);
	return err;
}

/* ---- the target ---- */

/* Functions the kernel's error injection cannot stand in for a sleeping caller. */
static bool check_non_sleepable_error_inject(const char *name)
{
	static const char *const deny[] = {
		"__filemap_add_folio", "should_fail_alloc_page", "should_failslab",
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(deny); i++)
		if (!strcmp(name, deny[i]))
			return true;
	return false;
}

static int check_attach_modify_return(const char *func_name)
{
	if (within_error_injection_list(func_name) ||
	    !strncmp(SECURITY_PREFIX, func_name, sizeof(SECURITY_PREFIX) - 1))
		return 0;
	return -EINVAL;
}

bool bpf_lsm_is_sleepable_hook(const char *name);

static int check_sleepable_target(struct bpf_verifier_log *log, const struct bpf_prog *prog,
				  const char *tname)
{
	int ret = -EINVAL;

	switch (prog->type) {
	case BPF_PROG_TYPE_TRACING:
		if (!check_non_sleepable_error_inject(tname) &&
		    within_error_injection_list(tname))
			ret = 0;
		break;
	case BPF_PROG_TYPE_LSM:
		if (bpf_lsm_is_sleepable_hook(tname))
			ret = 0;
		break;
	default:
		break;
	}
	if (ret)
		bpf_log(log, "%s is not sleepable\n", tname);
	return ret;
}

/* The checks of a BPF program as target: subprog, linkage, recursion. */
static int check_tgt_prog(struct bpf_verifier_log *log, const struct bpf_prog *prog,
			  const struct bpf_prog *tgt_prog, u32 btf_id, const char *tname,
			  int *subprog, bool *conservative)
{
	const struct bpf_prog_aux *aux = tgt_prog->aux;
	bool prog_extension = prog->type == BPF_PROG_TYPE_EXT;
	u32 i;

	*subprog = -1;
	for (i = 0; i < aux->func_info_cnt; i++)
		if (aux->func_info[i].type_id == btf_id) {
			*subprog = i;
			break;
		}
	if (*subprog == -1) {
		bpf_log(log, "Subprog %s doesn't exist\n", tname);
		return -EINVAL;
	}
	*conservative = aux->func_info_aux && aux->func_info_aux[*subprog].unreliable;
	if (prog_extension && *conservative) {
		bpf_log(log, "Cannot replace static functions\n");
		return -EINVAL;
	}
	/* the interpreter stands for the JIT: both programs count as JITed */
	if (tgt_prog->type == prog->type) {
		bpf_log(log, "Cannot recursively attach\n");
		return -EINVAL;
	}
	if (tgt_prog->type == BPF_PROG_TYPE_TRACING && prog_extension &&
	    (tgt_prog->expected_attach_type == BPF_TRACE_FENTRY ||
	     tgt_prog->expected_attach_type == BPF_TRACE_FEXIT)) {
		bpf_log(log, "Cannot extend fentry/fexit\n");
		return -EINVAL;
	}
	return 0;
}

static int check_raw_tp_target(struct bpf_verifier_log *log, const struct btf *btf,
			       const struct bpf_prog *tgt_prog, u32 btf_id,
			       const struct btf_type **t, const char **tname)
{
	const size_t plen = sizeof(BTF_TRACE_PREFIX) - 1;

	if (tgt_prog) {
		bpf_log(log, "Only FENTRY/FEXIT progs are attachable to another BPF prog\n");
		return -EINVAL;
	}
	if (!btf_type_is_typedef(*t)) {
		bpf_log(log, "attach_btf_id %u is not a typedef\n", btf_id);
		return -EINVAL;
	}
	if (strncmp(BTF_TRACE_PREFIX, *tname, plen)) {
		bpf_log(log, "attach_btf_id %u points to wrong type name %s\n", btf_id, *tname);
		return -EINVAL;
	}
	*tname += plen;
	*t = btf_type_by_id(btf, (*t)->type);
	if (!*t || !btf_type_is_ptr(*t))
		return -EINVAL;
	*t = btf_type_by_id(btf, (*t)->type);
	if (!*t || !btf_type_is_func_proto(*t))
		return -EINVAL;
	return 0;
}

/*
 * attr is BPF_PROG_LOAD's for the EXT prototype check (NULL when the
 * program is loaded: link time, where 6.1 uses the program's func_info).
 */
int bpf_check_attach_target(struct bpf_verifier_log *log,
			    const struct bpf_prog *prog,
			    const struct bpf_prog *tgt_prog, u32 btf_id,
			    struct bpf_attach_target_info *tgt_info,
			    const union bpf_attr *attr)
{
	bool prog_extension = prog->type == BPF_PROG_TYPE_EXT;
	bool conservative = true;
	const struct btf_type *t;
	const char *tname;
	struct btf *btf;
	int ret, subprog = -1;

	if (!btf_id) {
		bpf_log(log, "Tracing programs must provide btf_id\n");
		return -EINVAL;
	}
	btf = tgt_prog ? tgt_prog->aux->btf : prog->aux->attach_btf;
	if (!btf) {
		bpf_log(log,
			"FENTRY/FEXIT program can only be attached to another program annotated with BTF\n");
		return -EINVAL;
	}
	t = btf_type_by_id(btf, btf_id);
	if (!t) {
		bpf_log(log, "attach_btf_id %u is invalid\n", btf_id);
		return -EINVAL;
	}
	tname = btf_name_by_offset(btf, t->name_off);
	if (!tname) {
		bpf_log(log, "attach_btf_id %u doesn't have a name\n", btf_id);
		return -EINVAL;
	}
	if (tgt_prog) {
		ret = check_tgt_prog(log, prog, tgt_prog, btf_id, tname, &subprog,
				     &conservative);
		if (ret)
			return ret;
	} else if (prog_extension) {
		bpf_log(log, "Cannot replace kernel functions\n");
		return -EINVAL;
	}

	switch (prog->expected_attach_type) {
	case BPF_TRACE_RAW_TP:
		ret = check_raw_tp_target(log, btf, tgt_prog, btf_id, &t, &tname);
		if (ret)
			return ret;
		break;
	case BPF_TRACE_ITER:
		if (!btf_type_is_func(t)) {
			bpf_log(log, "attach_btf_id %u is not a function\n", btf_id);
			return -EINVAL;
		}
		t = btf_type_by_id(btf, t->type);
		if (!t || !btf_type_is_func_proto(t))
			return -EINVAL;
		ret = btf_distill_func_proto(log, btf, t, tname);
		if (ret)
			return ret;
		break;
	default:
		if (!prog_extension)
			return -EINVAL;
		fallthrough;
	case BPF_MODIFY_RETURN:
	case BPF_LSM_MAC:
	case BPF_LSM_CGROUP:
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
		if (!btf_type_is_func(t)) {
			bpf_log(log, "attach_btf_id %u is not a function\n", btf_id);
			return -EINVAL;
		}
		if (prog_extension && attr && btf_check_type_match(log, attr, btf, t))
			return -EINVAL;
		t = btf_type_by_id(btf, t->type);
		if (!t || !btf_type_is_func_proto(t))
			return -EINVAL;
		if ((prog->aux->saved_dst_prog_type || prog->aux->saved_dst_attach_type) &&
		    (!tgt_prog || prog->aux->saved_dst_prog_type != tgt_prog->type ||
		     prog->aux->saved_dst_attach_type != tgt_prog->expected_attach_type))
			return -EINVAL;
		if (tgt_prog && conservative)
			t = NULL;
		ret = btf_distill_func_proto(log, btf, t, tname);
		if (ret < 0)
			return ret;
		tgt_info->tgt_addr = tgt_prog ? (long)(uintptr_t)tgt_prog : (long)kallsyms_lookup_name(tname);
		if (prog->aux->sleepable) {
			ret = check_sleepable_target(log, prog, tname);
			if (ret)
				return ret;
		} else if (prog->expected_attach_type == BPF_MODIFY_RETURN) {
			if (tgt_prog) {
				bpf_log(log, "can't modify return codes of BPF programs\n");
				return -EINVAL;
			}
			ret = check_attach_modify_return(tname);
			if (ret) {
				bpf_log(log, "%s() is not modifiable\n", tname);
				return ret;
			}
		}
		break;
	}
	tgt_info->tgt_name = tname;
	tgt_info->tgt_type = t;
	return 0;
}

/* 6.1 never lets these be traced: they run inside the trampoline itself. */
static bool btf_id_deny(const char *name)
{
	return !strcmp(name, "migrate_disable") || !strcmp(name, "migrate_enable");
}

int bpf_lsm_verify_prog(struct bpf_verifier_log *log, const struct bpf_prog *prog);

static int check_sleepable_type(struct bpf_prog *prog, struct bpf_verifier_log *log)
{
	if (prog->type == BPF_PROG_TYPE_SYSCALL) {
		if (prog->aux->sleepable)
			return 0;
		bpf_log(log, "Syscall programs can only be sleepable\n");
		return -EINVAL;
	}
	if (prog->aux->sleepable && prog->type != BPF_PROG_TYPE_TRACING &&
	    prog->type != BPF_PROG_TYPE_LSM && prog->type != BPF_PROG_TYPE_KPROBE) {
		bpf_log(log, "Only fentry/fexit/fmod_ret, lsm, and kprobe/uprobe programs can be sleepable\n");
		return -EINVAL;
	}
	if (prog->aux->sleepable && prog->type == BPF_PROG_TYPE_LSM &&
	    prog->expected_attach_type == BPF_LSM_CGROUP) {
		bpf_log(log, "BPF_LSM_CGROUP programs cannot be sleepable\n");
		return -EINVAL;
	}
	return 0;
}

int bpf_check_attach_btf_id(struct bpf_prog *prog, const union bpf_attr *attr,
			    const struct bpf_verifier_ops **ops,
			    struct bpf_verifier_log *log)
{
	struct bpf_prog *tgt_prog = prog->aux->dst_prog;
	struct bpf_attach_target_info tgt_info = {};
	u32 btf_id = prog->aux->attach_btf_id;
	int ret;

	ret = check_sleepable_type(prog, log);
	if (ret || prog->type == BPF_PROG_TYPE_SYSCALL)
		return ret;
	if (prog->type != BPF_PROG_TYPE_TRACING && prog->type != BPF_PROG_TYPE_LSM &&
	    prog->type != BPF_PROG_TYPE_EXT)
		return 0;

	ret = bpf_check_attach_target(log, prog, tgt_prog, btf_id, &tgt_info, attr);
	if (ret)
		return ret;
	if (tgt_prog && prog->type == BPF_PROG_TYPE_EXT) {
		/* a replacement is verified as the program it replaces */
		*ops = bpf_verifier_ops_table[tgt_prog->type];
		prog->expected_attach_type = tgt_prog->expected_attach_type;
	}
	prog->aux->attach_func_proto = tgt_info.tgt_type;
	prog->aux->attach_func_name = tgt_info.tgt_name;
	if (tgt_prog) {
		prog->aux->saved_dst_prog_type = tgt_prog->type;
		prog->aux->saved_dst_attach_type = tgt_prog->expected_attach_type;
	}
	if (prog->expected_attach_type == BPF_TRACE_RAW_TP) {
		prog->aux->attach_btf_trace = true;
		return 0;
	}
	if (prog->expected_attach_type == BPF_TRACE_ITER)
		return bpf_iter_prog_supported(prog) ? 0 : -EINVAL;
	if (prog->type == BPF_PROG_TYPE_LSM)
		return bpf_lsm_verify_prog(log, prog);
	if (prog->type == BPF_PROG_TYPE_TRACING && btf_id_deny(tgt_info.tgt_name))
		return -EINVAL;
	return 0;
}

/* ---- BPF_PROG_LOAD ---- */

int bpf_prog_load_attach_btf(const union bpf_attr *attr, struct btf **attach_btf,
			     struct bpf_prog **dst_prog)
{
	struct btf *btf;

	*attach_btf = NULL;
	*dst_prog = NULL;
	/* attach_prog_fd and attach_btf_obj_fd are one field: a program or a BTF */
	if (attr->attach_prog_fd) {
		*dst_prog = bpf_prog_get(attr->attach_prog_fd);
		if (!IS_ERR(*dst_prog))
			return 0;
		*dst_prog = NULL;
		btf = btf_get_by_fd(attr->attach_btf_obj_fd);
		if (IS_ERR(btf))
			return -EINVAL;
		if (!btf_is_kernel(btf)) {
			btf_put(btf);
			return -ENOTSUPP;
		}
		*attach_btf = btf;
	} else if (attr->attach_btf_id) {
		btf = bpf_get_btf_vmlinux();
		if (IS_ERR(btf))
			return PTR_ERR(btf);
		if (!btf)
			return -EINVAL;
		btf_get(btf);
		*attach_btf = btf;
	}
	return 0;
}

int bpf_prog_load_check_attach_tracing(enum bpf_prog_type prog_type,
				       enum bpf_attach_type expected_attach_type,
				       struct btf *attach_btf, u32 btf_id,
				       struct bpf_prog *dst_prog)
{
	if (btf_id) {
		if (btf_id > BTF_MAX_TYPE)
			return -EINVAL;
		if (!attach_btf && !dst_prog)
			return -EINVAL;
		switch (prog_type) {
		case BPF_PROG_TYPE_TRACING:
		case BPF_PROG_TYPE_LSM:
		case BPF_PROG_TYPE_STRUCT_OPS:
		case BPF_PROG_TYPE_EXT:
			break;
		default:
			return -EINVAL;
		}
	}
	if (attach_btf && (!btf_id || dst_prog))
		return -EINVAL;
	if (dst_prog && prog_type != BPF_PROG_TYPE_TRACING && prog_type != BPF_PROG_TYPE_EXT)
		return -EINVAL;
	if ((prog_type == BPF_PROG_TYPE_SYSCALL || prog_type == BPF_PROG_TYPE_EXT) &&
	    expected_attach_type)
		return -EINVAL;
	return 0;
}

void bpf_prog_put_attach(struct bpf_prog_aux *aux)
{
	if (aux->attach_btf) {
		btf_put(aux->attach_btf);
		aux->attach_btf = NULL;
	}
	if (aux->dst_prog) {
		bpf_prog_put(aux->dst_prog);
		aux->dst_prog = NULL;
	}
}

int bpf_prog_load_attach(const union bpf_attr *attr, struct btf **attach_btf,
			 struct bpf_prog **dst_prog)
{
	int err = bpf_prog_load_attach_btf(attr, attach_btf, dst_prog);

	if (err)
		return err;
	if (bpf_prog_load_check_attach_tracing(attr->prog_type, attr->expected_attach_type,
					       *attach_btf, attr->attach_btf_id, *dst_prog)) {
		if (*dst_prog)
			bpf_prog_put(*dst_prog);
		if (*attach_btf)
			btf_put(*attach_btf);
		*dst_prog = NULL;
		*attach_btf = NULL;
		return -EINVAL;
	}
	return 0;
}

/*
 * check_attach_btf_id() runs inside bpf_check() in 6.1, after the log is
 * set up; here it runs just before, with a log of its own on the same
 * buffer.  A log the verifier would refuse is left to it to refuse.  On
 * failure the log ends as the verifier's does, with its statistics line.
 */
int bpf_prog_load_check_attach_btf_id(struct bpf_prog *prog, const union bpf_attr *attr)
{
	struct bpf_verifier_log *log;
	int err;

	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return -ENOMEM;
	if (attr->log_level || attr->log_buf || attr->log_size) {
		log->level = attr->log_level;
		log->ubuf = u64_to_user_ptr(attr->log_buf);
		log->len_total = attr->log_size;
		if (!bpf_verifier_log_attr_valid(log)) {
			kfree(log);
			return 0;
		}
	}
	err = bpf_check_attach_btf_id(prog, attr, &prog->aux->vops, log);
	if (err) {
		bpf_log(log, "processed 0 insns (limit %d) max_states_per_insn 0 "
			"total_states 0 peak_states 0 mark_read 0\n",
			BPF_COMPLEXITY_LIMIT_INSNS);
		if (log->level && bpf_verifier_log_full(log))
			err = -ENOSPC;
	}
	kfree(log);
	return err;
}
