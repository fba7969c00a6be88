// SPDX-License-Identifier: GPL-2.0
/*
 * The program types this build has, by enum bpf_prog_type (the kernel's
 * bpf_types.h).  A NULL slot is a 6.1 type sysbpf does not provide yet:
 * BPF_PROG_LOAD says -EINVAL for it, as a kernel built without it does.
 * SCHED_CLS and SCHED_ACT share the tc context, as in the kernel.
 */
#include <linux/bpf.h>

const struct bpf_verifier_ops *const bpf_verifier_ops_table[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &sk_filter_verifier_ops,
	[BPF_PROG_TYPE_SCHED_CLS]	= &tc_cls_act_verifier_ops,
	[BPF_PROG_TYPE_SCHED_ACT]	= &tc_cls_act_verifier_ops,
	[BPF_PROG_TYPE_XDP]		= &xdp_verifier_ops,
};

const struct bpf_prog_ops *const bpf_prog_ops_table[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &sk_filter_prog_ops,
	[BPF_PROG_TYPE_SCHED_CLS]	= &tc_cls_act_prog_ops,
	[BPF_PROG_TYPE_SCHED_ACT]	= &tc_cls_act_prog_ops,
	[BPF_PROG_TYPE_XDP]		= &xdp_prog_ops,
};

_Static_assert(ARRAY_SIZE(bpf_verifier_ops_table) == ARRAY_SIZE(bpf_prog_ops_table),
	       "one size for both tables");

const size_t bpf_prog_types_nr = ARRAY_SIZE(bpf_prog_ops_table);
