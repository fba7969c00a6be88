/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_NET_BPF_SK_CTX_H
#define _SYSBPF_NET_BPF_SK_CTX_H

/*
 * The in-memory contexts behind the socket, cgroup and sockmap program
 * types: what r1 points to while such a program runs, and what the
 * verifier rewrites the uapi context accesses into (6.1's *_kern
 * structures, with our layout).  Whoever runs a program of one of these
 * types (a test run, an embedding application) fills one in.
 */
#include <net/sock.h>

/*
 * The return value a cgroup hook hands back to the syscall it filters,
 * which bpf_get_retval()/bpf_set_retval() and bpf_sockopt->retval read
 * and write.  The runner of a cgroup program points bpf_cg_run_ctx_cur
 * at one for the run.
 */
struct bpf_cg_run_ctx {
	int retval;
};

extern __thread struct bpf_cg_run_ctx *bpf_cg_run_ctx_cur;

/* BPF_PROG_TYPE_CGROUP_SOCK_ADDR: struct bpf_sock_addr. */
struct bpf_sock_addr_kern {
	struct sock *sk;
	struct sockaddr *uaddr;		/* a sockaddr_in or sockaddr_in6 */
	/* sendmsg: the source address (struct in_addr / in6_addr) */
	void *t_ctx;
};

/* BPF_PROG_TYPE_SOCK_OPS: struct bpf_sock_ops. */
struct bpf_sock_ops_kern {
	struct sock *sk;
	union {
		u32 args[4];
		u32 reply;
		u32 replylong[4];
	};
	struct sk_buff *syn_skb;
	struct sk_buff *skb;
	void *skb_data_end;
	u8 op;
	u8 is_fullsock;
	u8 remaining_opt_len;
};

/* The part of skb->cb that TCP keeps for a segment (tcp_skb_cb). */
struct tcp_skb_cb {
	__u32 seq;
	__u32 end_seq;
	__u32 tcp_tw_isn;
	__u8 tcp_flags;
};

/* BPF_PROG_TYPE_SK_MSG: struct sk_msg_md over a linear message. */
struct sk_msg {
	void *data;		/* [data, data_end): the bytes the program sees */
	void *data_end;
	u32 size;		/* bytes of the whole message */
	u32 apply_bytes;
	u32 cork_bytes;
	u32 flags;		/* BPF_F_INGRESS of a redirect */
	struct sock *sk;
	struct sock *sk_redir;
	u8 *buf;		/* the message: size bytes, kmalloc'ed */
	u32 buf_size;		/* room in buf */
};

/* BPF_PROG_TYPE_SK_REUSEPORT: struct sk_reuseport_md. */
struct sk_reuseport_kern {
	struct sk_buff *skb;
	struct sock *sk;
	struct sock *selected_sk;
	struct sock *migrating_sk;
	void *data_end;
	u32 hash;
	u32 reuseport_id;
	bool bind_inany;
};

/* BPF_PROG_TYPE_SK_LOOKUP: struct bpf_sk_lookup. */
struct bpf_sk_lookup_kern {
	u16 family;
	u16 protocol;
	__be16 sport;
	u16 dport;
	struct {
		__be32 saddr;
		__be32 daddr;
	} v4;
	struct {
		const struct in6_addr *saddr;
		const struct in6_addr *daddr;
	} v6;
	struct sock *selected_sk;
	u32 ingress_ifindex;
	bool no_reuseport;
};

/* BPF_PROG_TYPE_CGROUP_SYSCTL: struct bpf_sysctl. */
struct bpf_sysctl_kern {
	const char *name;	/* the path under /proc/sys: "net/ipv4/tcp_mem" */
	void *cur_val;
	size_t cur_len;
	void *new_val;		/* PAGE_SIZE bytes of room when write */
	size_t new_len;
	int new_updated;
	int write;
	loff_t *ppos;
};

/* BPF_PROG_TYPE_CGROUP_SOCKOPT: struct bpf_sockopt. */
struct bpf_sockopt_kern {
	struct sock *sk;
	u8 *optval;
	u8 *optval_end;
	s32 level;
	s32 optname;
	s32 optlen;
	struct bpf_cg_run_ctx *run_ctx;	/* where retval lives */
};

/*
 * BPF_PROG_TYPE_FLOW_DISSECTOR: what __sk_buff data, data_end and
 * flow_keys read.  skb is NULL when the dissector runs on a bare buffer
 * (a test run), as in 6.1.
 */
struct bpf_flow_dissector {
	struct bpf_flow_keys *flow_keys;
	const struct sk_buff *skb;
	const void *data;
	const void *data_end;
};

/*
 * Runs a flow dissector on ctx as 6.1's bpf_flow_dissect(): the keys
 * start zeroed with n_proto, nhoff = thoff = nhoff and flags, and the
 * offsets the program leaves are clamped into [nhoff, hlen].
 */
u32 bpf_flow_dissect(struct bpf_prog *prog, struct bpf_flow_dissector *ctx,
		     __be16 proto, int nhoff, int hlen, unsigned int flags);

/*
 * 6.1's sk_lookup run over a program array: the last selection of a
 * program that returned SK_PASS wins; SK_PASS when every program passed
 * or one selected a socket, else SK_DROP.
 */
u32 bpf_sk_lookup_run_array(struct bpf_prog *const *progs, u32 cnt,
			    struct bpf_sk_lookup_kern *ctx);

#endif
