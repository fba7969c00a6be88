// SPDX-License-Identifier: GPL-2.0
/*
 * The program types this build has, by enum bpf_prog_type (the kernel's
 * bpf_types.h).  A NULL slot is a 6.1 type sysbpf does not provide yet:
 * BPF_PROG_LOAD says -EINVAL for it, as a kernel built without it does.
 * SCHED_CLS and SCHED_ACT share the tc context, as in the kernel.
 */
#include <linux/bpf.h>
#include <net/bpf_net_types.h>

const struct bpf_verifier_ops *const bpf_verifier_ops_table[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &sk_filter_verifier_ops,
	[BPF_PROG_TYPE_SCHED_CLS]	= &tc_cls_act_verifier_ops,
	[BPF_PROG_TYPE_SCHED_ACT]	= &tc_cls_act_verifier_ops,
	[BPF_PROG_TYPE_XDP]		= &xdp_verifier_ops,
	/* the networking family */
	[BPF_PROG_TYPE_CGROUP_SKB]	= &cg_skb_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_SOCK]	= &cg_sock_verifier_ops,
	[BPF_PROG_TYPE_LWT_IN]		= &lwt_in_verifier_ops,
	[BPF_PROG_TYPE_LWT_OUT]		= &lwt_out_verifier_ops,
	[BPF_PROG_TYPE_LWT_XMIT]	= &lwt_xmit_verifier_ops,
	[BPF_PROG_TYPE_SOCK_OPS]	= &sock_ops_verifier_ops,
	[BPF_PROG_TYPE_SK_SKB]		= &sk_skb_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_DEVICE]	= &cg_dev_verifier_ops,
	[BPF_PROG_TYPE_SK_MSG]		= &sk_msg_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = &cg_sock_addr_verifier_ops,
	[BPF_PROG_TYPE_LWT_SEG6LOCAL]	= &lwt_seg6local_verifier_ops,
	[BPF_PROG_TYPE_SK_REUSEPORT]	= &sk_reuseport_verifier_ops,
	[BPF_PROG_TYPE_FLOW_DISSECTOR]	= &flow_dissector_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_SYSCTL]	= &cg_sysctl_verifier_ops,
	[BPF_PROG_TYPE_CGROUP_SOCKOPT]	= &cg_sockopt_verifier_ops,
	[BPF_PROG_TYPE_SK_LOOKUP]	= &sk_lookup_verifier_ops,
	/* the tracing family */
	[BPF_PROG_TYPE_KPROBE]		= &kprobe_verifier_ops,
	[BPF_PROG_TYPE_TRACEPOINT]	= &tracepoint_verifier_ops,
	[BPF_PROG_TYPE_PERF_EVENT]	= &perf_event_verifier_ops,
	[BPF_PROG_TYPE_RAW_TRACEPOINT]	= &raw_tracepoint_verifier_ops,
	[BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = &raw_tracepoint_writable_verifier_ops,
	[BPF_PROG_TYPE_TRACING]		= &tracing_verifier_ops,
	[BPF_PROG_TYPE_EXT]		= &bpf_extension_verifier_ops,
	[BPF_PROG_TYPE_LSM]		= &lsm_verifier_ops,
	[BPF_PROG_TYPE_SYSCALL]		= &bpf_syscall_verifier_ops,
};

const struct bpf_prog_ops *const bpf_prog_ops_table[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER]	= &sk_filter_prog_ops,
	[BPF_PROG_TYPE_SCHED_CLS]	= &tc_cls_act_prog_ops,
	[BPF_PROG_TYPE_SCHED_ACT]	= &tc_cls_act_prog_ops,
	[BPF_PROG_TYPE_XDP]		= &xdp_prog_ops,
	/* the networking family */
	[BPF_PROG_TYPE_CGROUP_SKB]	= &cg_skb_prog_ops,
	[BPF_PROG_TYPE_CGROUP_SOCK]	= &cg_sock_prog_ops,
	[BPF_PROG_TYPE_LWT_IN]		= &lwt_in_prog_ops,
	[BPF_PROG_TYPE_LWT_OUT]		= &lwt_out_prog_ops,
	[BPF_PROG_TYPE_LWT_XMIT]	= &lwt_xmit_prog_ops,
	[BPF_PROG_TYPE_SOCK_OPS]	= &sock_ops_prog_ops,
	[BPF_PROG_TYPE_SK_SKB]		= &sk_skb_prog_ops,
	[BPF_PROG_TYPE_CGROUP_DEVICE]	= &cg_dev_prog_ops,
	[BPF_PROG_TYPE_SK_MSG]		= &sk_msg_prog_ops,
	[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = &cg_sock_addr_prog_ops,
	[BPF_PROG_TYPE_LWT_SEG6LOCAL]	= &lwt_seg6local_prog_ops,
	[BPF_PROG_TYPE_SK_REUSEPORT]	= &sk_reuseport_prog_ops,
	[BPF_PROG_TYPE_FLOW_DISSECTOR]	= &flow_dissector_prog_ops,
	[BPF_PROG_TYPE_CGROUP_SYSCTL]	= &cg_sysctl_prog_ops,
	[BPF_PROG_TYPE_CGROUP_SOCKOPT]	= &cg_sockopt_prog_ops,
	[BPF_PROG_TYPE_SK_LOOKUP]	= &sk_lookup_prog_ops,
	/* the tracing family */
	[BPF_PROG_TYPE_KPROBE]		= &kprobe_prog_ops,
	[BPF_PROG_TYPE_TRACEPOINT]	= &tracepoint_prog_ops,
	[BPF_PROG_TYPE_PERF_EVENT]	= &perf_event_prog_ops,
	[BPF_PROG_TYPE_RAW_TRACEPOINT]	= &raw_tracepoint_prog_ops,
	[BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE] = &raw_tracepoint_writable_prog_ops,
	[BPF_PROG_TYPE_TRACING]		= &tracing_prog_ops,
	[BPF_PROG_TYPE_EXT]		= &bpf_extension_prog_ops,
	[BPF_PROG_TYPE_LSM]		= &lsm_prog_ops,
	[BPF_PROG_TYPE_SYSCALL]		= &bpf_syscall_prog_ops,
};

_Static_assert(ARRAY_SIZE(bpf_verifier_ops_table) == ARRAY_SIZE(bpf_prog_ops_table),
	       "one size for both tables");

const size_t bpf_prog_types_nr = ARRAY_SIZE(bpf_prog_ops_table);
