/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_NET_BPF_NET_TYPES_H
#define _SYSBPF_NET_BPF_NET_TYPES_H

/*
 * The networking program types of Linux 6.1 beyond the socket filter,
 * tc and XDP (declared in linux/bpf.h): their verifier and program
 * operations, by 6.1's names, for kernel/bpf/prog_types.c.
 */
#include <linux/bpf.h>

extern const struct bpf_verifier_ops cg_skb_verifier_ops;
extern const struct bpf_prog_ops cg_skb_prog_ops;
extern const struct bpf_verifier_ops cg_sock_verifier_ops;
extern const struct bpf_prog_ops cg_sock_prog_ops;
extern const struct bpf_verifier_ops cg_sock_addr_verifier_ops;
extern const struct bpf_prog_ops cg_sock_addr_prog_ops;
extern const struct bpf_verifier_ops sock_ops_verifier_ops;
extern const struct bpf_prog_ops sock_ops_prog_ops;
extern const struct bpf_verifier_ops cg_dev_verifier_ops;
extern const struct bpf_prog_ops cg_dev_prog_ops;
extern const struct bpf_verifier_ops cg_sysctl_verifier_ops;
extern const struct bpf_prog_ops cg_sysctl_prog_ops;
extern const struct bpf_verifier_ops cg_sockopt_verifier_ops;
extern const struct bpf_prog_ops cg_sockopt_prog_ops;
extern const struct bpf_verifier_ops lwt_in_verifier_ops;
extern const struct bpf_prog_ops lwt_in_prog_ops;
extern const struct bpf_verifier_ops lwt_out_verifier_ops;
extern const struct bpf_prog_ops lwt_out_prog_ops;
extern const struct bpf_verifier_ops lwt_xmit_verifier_ops;
extern const struct bpf_prog_ops lwt_xmit_prog_ops;
extern const struct bpf_verifier_ops lwt_seg6local_verifier_ops;
extern const struct bpf_prog_ops lwt_seg6local_prog_ops;
extern const struct bpf_verifier_ops sk_skb_verifier_ops;
extern const struct bpf_prog_ops sk_skb_prog_ops;
extern const struct bpf_verifier_ops sk_msg_verifier_ops;
extern const struct bpf_prog_ops sk_msg_prog_ops;
extern const struct bpf_verifier_ops sk_reuseport_verifier_ops;
extern const struct bpf_prog_ops sk_reuseport_prog_ops;
extern const struct bpf_verifier_ops flow_dissector_verifier_ops;
extern const struct bpf_prog_ops flow_dissector_prog_ops;
extern const struct bpf_verifier_ops sk_lookup_verifier_ops;
extern const struct bpf_prog_ops sk_lookup_prog_ops;

/* BPF_PROG_TEST_RUN of the types that have one (net/bpf/test_run.c). */
int bpf_prog_test_run_flow_dissector(struct bpf_prog *prog,
				     const union bpf_attr *kattr,
				     union bpf_attr __user *uattr);
int bpf_prog_test_run_sk_lookup(struct bpf_prog *prog,
				const union bpf_attr *kattr,
				union bpf_attr __user *uattr);

#endif
