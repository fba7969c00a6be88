// SPDX-License-Identifier: GPL-2.0
/*
 * BPF iterator programs (BPF_TRACE_ITER), as far as loading them: the
 * targets 6.1 registers for the objects sysbpf has a notion of (tasks,
 * their files and vmas, maps, programs, links), found by the name of the
 * bpf_iter_<target> function the program attaches to, and the type each
 * target gives its context arguments (6.1's kernel/bpf/bpf_iter.c and
 * the *_iter.c files).  The seq_file helpers are the iterator's own.
 *
 * Where sysbpf differs: nothing runs iterators yet (no iterator links,
 * BPF_LINK_CREATE gives -EOPNOTSUPP, bpf_iter_create has nothing to
 * create), so bpf_seq_write() has no seq_file to write to.  The network
 * targets (tcp, udp, unix, netlink, ipv6_route, sockmap, sk_storage_map),
 * cgroup, ksym and bpf_map_elem are not registered: their programs fail
 * to load with -EINVAL, as on a kernel without them.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>

#define BPF_ITER_FUNC_PREFIX	"bpf_iter_"
#define ITER_CTX_ARGS_MAX	2

/*
 * A target: its name and its context arguments that are not what the
 * bpf_iter_<name> prototype says (a pointer that may be NULL: the end
 * of the walk).  The ids come from the vmlinux BTF, at first use.
 */
struct bpf_iter_target {
	const char *target;
	u32 ctx_arg_info_size;
	u32 *btf_ids[ITER_CTX_ARGS_MAX];
	struct bpf_ctx_arg_aux ctx_arg_info[ITER_CTX_ARGS_MAX];
};

/* Offsets in struct bpf_iter__<target>: the meta pointer comes first. */
static struct bpf_iter_target iter_targets[] = {
	{ "task", 1, { &btf_tracing_ids[BTF_TRACING_TYPE_TASK] },
	  { { 8, PTR_TO_BTF_ID_OR_NULL } } },
	{ "task_file", 2,
	  { &btf_tracing_ids[BTF_TRACING_TYPE_TASK], &btf_tracing_ids[BTF_TRACING_TYPE_FILE] },
	  { { 8, PTR_TO_BTF_ID_OR_NULL }, { 24, PTR_TO_BTF_ID_OR_NULL } } },
	{ "task_vma", 2,
	  { &btf_tracing_ids[BTF_TRACING_TYPE_TASK], &btf_tracing_ids[BTF_TRACING_TYPE_VMA] },
	  { { 8, PTR_TO_BTF_ID_OR_NULL }, { 16, PTR_TO_BTF_ID_OR_NULL } } },
	{ "bpf_map", 1, { &btf_bpf_map_id[0] }, { { 8, PTR_TO_BTF_ID_OR_NULL } } },
	{ "bpf_prog", 1, { &btf_bpf_prog_id[0] }, { { 8, PTR_TO_BTF_ID_OR_NULL } } },
	{ "bpf_link", 1, { &btf_bpf_link_id[0] }, { { 8, PTR_TO_BTF_ID_OR_NULL } } },
};

static DEFINE_MUTEX(targets_mutex);
static bool targets_typed;

/* The ids exist once the vmlinux BTF does (the verifier made it). */
static void iter_targets_type(void)
{
	u32 i, j;

	if (targets_typed)
		return;
	for (i = 0; i < ARRAY_SIZE(iter_targets); i++)
		for (j = 0; j < iter_targets[i].ctx_arg_info_size; j++)
			iter_targets[i].ctx_arg_info[j].btf_id = *iter_targets[i].btf_ids[j];
	targets_typed = true;
}

bool bpf_iter_prog_supported(struct bpf_prog *prog)
{
	const char *fname = prog->aux->attach_func_name;
	const size_t plen = sizeof(BPF_ITER_FUNC_PREFIX) - 1;
	const struct bpf_iter_target *tinfo = NULL;
	u32 i;

	if (!fname || strncmp(fname, BPF_ITER_FUNC_PREFIX, plen))
		return false;
	if (IS_ERR_OR_NULL(bpf_get_btf_vmlinux()))
		return false;

	mutex_lock(&targets_mutex);
	iter_targets_type();
	for (i = 0; i < ARRAY_SIZE(iter_targets); i++)
		if (!strcmp(fname + plen, iter_targets[i].target)) {
			tinfo = &iter_targets[i];
			break;
		}
	mutex_unlock(&targets_mutex);

	if (!tinfo)
		return false;
	prog->aux->ctx_arg_info_size = tinfo->ctx_arg_info_size;
	prog->aux->ctx_arg_info = tinfo->ctx_arg_info;
	return true;
}

/* ---- the seq_file helpers ---- */

/* No iterator runs here: no program ever holds a seq_file. */
BPF_CALL_3(bpf_seq_write, void *, m, const void *, data, u32, len)
{
	return -EOPNOTSUPP;
}

const struct bpf_func_proto bpf_seq_write_proto = {
	.func		= bpf_seq_write,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID,
	.arg1_btf_id	= &btf_seq_file_ids[0],
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
};
