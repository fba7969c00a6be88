/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_NET_SOCK_H
#define _SYSBPF_NET_SOCK_H

/*
 * The sockets that socket program types see through struct bpf_sock,
 * struct bpf_tcp_sock and struct bpf_xdp_sock.  sysbpf has no network
 * stack: a socket here is an in-memory object that a test run (or an
 * embedding application) fills in.  The layout is ours; the names and
 * the meaning of every field are the kernel's, and a struct tcp_sock
 * starts with its struct sock as in the kernel, so that one pointer is
 * both (PTR_TO_SOCKET and PTR_TO_TCP_SOCK share it).
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/filter.h>
#include <linux/skbuff.h>

/* Connection states (include/net/tcp_states.h). */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
	TCP_NEW_SYN_RECV,
	TCP_MAX_STATES
};

#define TCPF_TIME_WAIT		(1 << TCP_TIME_WAIT)
#define TCPF_NEW_SYN_RECV	(1 << TCP_NEW_SYN_RECV)

/* sk_flags bits this build uses (enum sock_flags). */
enum sock_flags {
	SOCK_DEAD,
	SOCK_RCU_FREE = 23,	/* the kernel's bit number */
};

/* The part every socket kind shares, timewait and request sockets included. */
struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	volatile unsigned char skc_state;
	unsigned char skc_reuse;
	unsigned char skc_reuseport;
	unsigned char skc_ipv6only;
	int skc_bound_dev_if;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
	atomic64_t skc_cookie;
	refcount_t skc_refcnt;
};

struct sock {
	struct sock_common __sk_common;
#define sk_daddr		__sk_common.skc_daddr
#define sk_rcv_saddr		__sk_common.skc_rcv_saddr
#define sk_dport		__sk_common.skc_dport
#define sk_num			__sk_common.skc_num
#define sk_family		__sk_common.skc_family
#define sk_state		__sk_common.skc_state
#define sk_reuse		__sk_common.skc_reuse
#define sk_reuseport		__sk_common.skc_reuseport
#define sk_ipv6only		__sk_common.skc_ipv6only
#define sk_bound_dev_if		__sk_common.skc_bound_dev_if
#define sk_v6_daddr		__sk_common.skc_v6_daddr
#define sk_v6_rcv_saddr		__sk_common.skc_v6_rcv_saddr
#define sk_cookie		__sk_common.skc_cookie
#define sk_refcnt		__sk_common.skc_refcnt
	u16 sk_type;
	u16 sk_protocol;
	u16 sk_rx_queue_mapping;
	u32 sk_mark;
	u32 sk_priority;
	u32 sk_txhash;
	int sk_rcvbuf;
	int sk_sndbuf;
	int sk_rcvlowat;
	unsigned long sk_flags;
	uid_t sk_uid;
	u64 sk_cgrp_id;		/* the cgroup (v2 id) the socket was made in */
	u32 sk_cgrp_level;	/* and its depth below the root */
	u64 sk_cgrp_ancestors[16];	/* ids from the root (level 0) down */
};

/* As struct inet_sock, struct inet_connection_sock, struct tcp_sock. */
struct inet_sock {
	struct sock sk;
};

struct inet_connection_sock {
	struct inet_sock icsk_inet;
	u8 icsk_retransmits;
};

struct minmax_sample {
	u32 t;
	u32 v;
};

struct minmax {
	struct minmax_sample s[3];
};

struct tcp_sock {
	struct inet_connection_sock inet_conn;
	u32 snd_cwnd;
	u32 srtt_us;
	struct minmax rtt_min;
	u32 snd_ssthresh;
	u32 rcv_nxt;
	u32 snd_nxt;
	u32 snd_una;
	u32 mss_cache;
	u8 ecn_flags;
	u8 bpf_sock_ops_cb_flags;
	u32 rate_delivered;
	u32 rate_interval_us;
	u32 packets_out;
	u32 retrans_out;
	u32 total_retrans;
	u32 segs_in;
	u32 data_segs_in;
	u32 segs_out;
	u32 data_segs_out;
	u32 lost_out;
	u32 sacked_out;
	u64 bytes_received;
	u64 bytes_acked;
	u32 dsack_dups;
	u32 delivered;
	u32 delivered_ce;
};

/* An AF_XDP socket (struct bpf_xdp_sock reads its queue id). */
struct xdp_sock {
	struct sock sk;
	u32 queue_id;
};

static inline struct tcp_sock *tcp_sk(const struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

static inline bool sock_flag(const struct sock *sk, enum sock_flags flag)
{
	return sk->sk_flags & (1UL << flag);
}

static inline void sock_set_flag(struct sock *sk, enum sock_flags flag)
{
	sk->sk_flags |= 1UL << flag;
}

/* Timewait and request sockets are not full sockets. */
static inline bool sk_fullsock(const struct sock *sk)
{
	return (1 << sk->sk_state) & ~(TCPF_TIME_WAIT | TCPF_NEW_SYN_RECV);
}

/* No request sockets exist here: a socket is its own full socket. */
static inline struct sock *sk_to_full_sk(struct sock *sk)
{
	return sk;
}

static inline bool sk_is_refcounted(struct sock *sk)
{
	return !sk_fullsock(sk) || !sock_flag(sk, SOCK_RCU_FREE);
}

static inline bool sk_is_tcp(const struct sock *sk)
{
	return sk->sk_type == SOCK_STREAM && sk->sk_protocol == IPPROTO_TCP;
}

static inline bool sk_is_udp(const struct sock *sk)
{
	return sk->sk_type == SOCK_DGRAM && sk->sk_protocol == IPPROTO_UDP;
}

static inline bool ipv6_only_sock(const struct sock *sk)
{
	return sk->sk_ipv6only;
}

/*
 * A zeroed socket of the given family, as sk_alloc() + sock_init_data()
 * leave one: state TCP_CLOSE, no rx queue, the creating task's uid and
 * cgroup.  Room for a struct tcp_sock, so bpf_tcp_sock reads stay in it.
 * One reference; sock_put() frees it at the last.
 */
struct sock *sk_alloc(int family, int type, int protocol);
void sock_hold(struct sock *sk);
void sock_put(struct sock *sk);
/* The socket's cookie, given on first use from one counter (never 0). */
u64 sock_gen_cookie(struct sock *sk);
#define __sock_gen_cookie	sock_gen_cookie
/* The cookie of the one network namespace, init_net. */
u64 bpf_net_cookie(const struct sock *sk);
/* The cgroup v2 id of the calling task's cgroup, and its level-th ancestor. */
u64 task_dfl_cgroup_id(void);
u64 task_dfl_cgroup_ancestor_id(int level);

/*
 * A sockopt on one of our sockets, for bpf_setsockopt()/bpf_getsockopt():
 * the options 6.1 lets programs use that mean something without a
 * network stack, -EINVAL for the others.
 */
int bpf_sock_setsockopt(struct sock *sk, int level, int optname,
			char *optval, int optlen);
int bpf_sock_getsockopt(struct sock *sk, int level, int optname,
			char *optval, int optlen);

/*
 * Loads through socket pointers (6.1's names and signatures): the
 * verifier asks these for PTR_TO_SOCKET / PTR_TO_SOCK_COMMON,
 * PTR_TO_TCP_SOCK and PTR_TO_XDP_SOCK registers, and converts the
 * accepted loads with them.
 */
bool bpf_sock_common_is_valid_access(int off, int size,
				     enum bpf_access_type type,
				     struct bpf_insn_access_aux *info);
bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info);
u32 bpf_sock_convert_ctx_access(enum bpf_access_type type,
				const struct bpf_insn *si,
				struct bpf_insn *insn_buf,
				struct bpf_prog *prog, u32 *target_size);
bool bpf_tcp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct bpf_insn_access_aux *info);
u32 bpf_tcp_sock_convert_ctx_access(enum bpf_access_type type,
				    const struct bpf_insn *si,
				    struct bpf_insn *insn_buf,
				    struct bpf_prog *prog, u32 *target_size);
bool bpf_xdp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct bpf_insn_access_aux *info);
u32 bpf_xdp_sock_convert_ctx_access(enum bpf_access_type type,
				    const struct bpf_insn *si,
				    struct bpf_insn *insn_buf,
				    struct bpf_prog *prog, u32 *target_size);

/*
 * The socket helpers (net/core/filter_sock.c), by 6.1's proto names.
 * The lookups search no table (there is no stack) and return NULL; what
 * matters to the verifier is the proto: which ones acquire a reference
 * (RET_PTR_TO_SOCKET_OR_NULL, RET_PTR_TO_SOCK_COMMON_OR_NULL) and which
 * release one (OBJ_RELEASE).
 */
extern const struct bpf_func_proto bpf_sk_fullsock_proto;
extern const struct bpf_func_proto bpf_tcp_sock_proto;
extern const struct bpf_func_proto bpf_get_listener_sock_proto;
extern const struct bpf_func_proto bpf_sk_release_proto;
/* skb programs (cgroup skb, sk_skb) */
extern const struct bpf_func_proto bpf_sk_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_sk_lookup_udp_proto;
extern const struct bpf_func_proto bpf_skc_lookup_tcp_proto;
/* tc */
extern const struct bpf_func_proto bpf_tc_sk_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_tc_sk_lookup_udp_proto;
extern const struct bpf_func_proto bpf_tc_skc_lookup_tcp_proto;
/* XDP */
extern const struct bpf_func_proto bpf_xdp_sk_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_xdp_sk_lookup_udp_proto;
extern const struct bpf_func_proto bpf_xdp_skc_lookup_tcp_proto;
/* cgroup sock_addr */
extern const struct bpf_func_proto bpf_sock_addr_sk_lookup_tcp_proto;
extern const struct bpf_func_proto bpf_sock_addr_sk_lookup_udp_proto;
extern const struct bpf_func_proto bpf_sock_addr_skc_lookup_tcp_proto;
/* syncookies: no socket here ever listens */
extern const struct bpf_func_proto bpf_tcp_check_syncookie_proto;
extern const struct bpf_func_proto bpf_tcp_gen_syncookie_proto;
/* skc_to_*() casts to kernel socket types (PTR_TO_BTF_ID) */
extern const struct bpf_func_proto bpf_skc_to_tcp6_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_tcp_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_tcp_timewait_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_tcp_request_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_udp6_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_unix_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_mptcp_sock_proto;
/* cookies and cgroups of a socket pointer */
extern const struct bpf_func_proto bpf_get_socket_ptr_cookie_proto;
extern const struct bpf_func_proto bpf_sk_cgroup_id_proto;
extern const struct bpf_func_proto bpf_sk_ancestor_cgroup_id_proto;
/* bpf_setsockopt()/bpf_getsockopt() on a socket pointer */
extern const struct bpf_func_proto bpf_sk_setsockopt_proto;
extern const struct bpf_func_proto bpf_sk_getsockopt_proto;

/*
 * The vmlinux BTF ids of the kernel socket types the skc_to_*() casts
 * return (6.1's btf_sock_ids[]).  sysbpf has no vmlinux BTF yet: the
 * ids are 0 until one fills them, and the verifier refuses a cast whose
 * return id is 0, as 6.1 does.
 */
enum {
	BTF_SOCK_TYPE_INET,
	BTF_SOCK_TYPE_INET_CONN,
	BTF_SOCK_TYPE_INET_REQ,
	BTF_SOCK_TYPE_INET_TW,
	BTF_SOCK_TYPE_REQ,
	BTF_SOCK_TYPE_SOCK,
	BTF_SOCK_TYPE_SOCK_COMMON,
	BTF_SOCK_TYPE_TCP,
	BTF_SOCK_TYPE_TCP_REQ,
	BTF_SOCK_TYPE_TCP_TW,
	BTF_SOCK_TYPE_TCP6,
	BTF_SOCK_TYPE_UDP,
	BTF_SOCK_TYPE_UDP6,
	BTF_SOCK_TYPE_UNIX,
	BTF_SOCK_TYPE_MPTCP,
	BTF_SOCK_TYPE_SOCKET,
	MAX_BTF_SOCK_TYPE,
};
extern int btf_sock_ids[MAX_BTF_SOCK_TYPE];

#endif
