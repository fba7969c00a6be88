// SPDX-License-Identifier: GPL-2.0
/*
 * Socket pointers in BPF programs: which fields of struct bpf_sock,
 * struct bpf_tcp_sock and struct bpf_xdp_sock a load may read (or, for
 * the cgroup sock hooks, write), their rewrite into accesses of our
 * struct sock / tcp_sock / xdp_sock, and the helpers that find, cast and
 * release sockets, with Linux 6.1's rules and protos.
 *
 * There is no socket table: every lookup finds nothing.  The protos are
 * 6.1's to the flag, because the verifier's reference tracking reads
 * them (which helper acquires a socket, which releases one).
 */
#include <net/sock.h>
#include <net/xdp.h>
#include <linux/tcp.h>
#include "filter_conv.h"

int btf_sock_ids[MAX_BTF_SOCK_TYPE];

/* ---- struct bpf_sock ---- */

bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
			      struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);
	int field_size;

	if (off < 0 || off >= (int)sizeof(struct bpf_sock))
		return false;
	if (off % size != 0)
		return false;

	switch (off) {
	case offsetof(struct bpf_sock, state):
	case offsetof(struct bpf_sock, family):
	case offsetof(struct bpf_sock, type):
	case offsetof(struct bpf_sock, protocol):
	case offsetof(struct bpf_sock, src_port):
	case offsetof(struct bpf_sock, rx_queue_mapping):
	case bpf_ctx_range(struct bpf_sock, src_ip4):
	case bpf_ctx_range_till(struct bpf_sock, src_ip6[0], src_ip6[3]):
	case bpf_ctx_range(struct bpf_sock, dst_ip4):
	case bpf_ctx_range_till(struct bpf_sock, dst_ip6[0], dst_ip6[3]):
		bpf_ctx_record_field_size(info, size_default);
		return bpf_ctx_narrow_access_ok(off, size, size_default);
	case bpf_ctx_range(struct bpf_sock, dst_port):
		/* a u32 read of the u16 port stays allowed, as in 6.1 */
		field_size = size == size_default ?
			     size_default : sizeof_field(struct bpf_sock, dst_port);
		bpf_ctx_record_field_size(info, field_size);
		return bpf_ctx_narrow_access_ok(off, size, field_size);
	case offsetofend(struct bpf_sock, dst_port) ...
	     offsetof(struct bpf_sock, dst_ip4) - 1:
		return false;
	}
	return size == size_default;
}

/* A sock_common (a timewait or request socket too) has no type..priority. */
bool bpf_sock_common_is_valid_access(int off, int size,
				     enum bpf_access_type type,
				     struct bpf_insn_access_aux *info)
{
	switch (off) {
	case bpf_ctx_range_till(struct bpf_sock, type, priority):
		return false;
	default:
		return bpf_sock_is_valid_access(off, size, type, info);
	}
}

static struct bpf_insn *sock_rw(enum bpf_access_type type,
				const struct bpf_insn *si,
				struct bpf_insn *insn, int off)
{
	if (type == BPF_WRITE)
		*insn++ = CTX_STX(BPF_W, si->dst_reg, si->src_reg, off);
	else
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, off);
	return insn;
}

u32 bpf_sock_convert_ctx_access(enum bpf_access_type type,
				const struct bpf_insn *si,
				struct bpf_insn *insn_buf,
				struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	int off;

	switch (si->off) {
	case offsetof(struct bpf_sock, bound_dev_if):
		insn = sock_rw(type, si, insn, offsetof(struct sock, sk_bound_dev_if));
		break;
	case offsetof(struct bpf_sock, mark):
		insn = sock_rw(type, si, insn, offsetof(struct sock, sk_mark));
		break;
	case offsetof(struct bpf_sock, priority):
		insn = sock_rw(type, si, insn, offsetof(struct sock, sk_priority));
		break;
	case offsetof(struct bpf_sock, family):
		*insn++ = CTX_LDX_TARGET(struct sock_common, skc_family,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sock, type):
		*insn++ = CTX_LDX_TARGET(struct sock, sk_type,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sock, protocol):
		*insn++ = CTX_LDX_TARGET(struct sock, sk_protocol,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sock, src_ip4):
		*insn++ = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				  bpf_target_off(struct sock_common, skc_rcv_saddr,
						 4, target_size));
		break;
	case offsetof(struct bpf_sock, dst_ip4):
		*insn++ = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				  bpf_target_off(struct sock_common, skc_daddr,
						 4, target_size));
		break;
	case bpf_ctx_range_till(struct bpf_sock, src_ip6[0], src_ip6[3]):
		off = si->off - offsetof(struct bpf_sock, src_ip6[0]);
		*insn++ = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				  bpf_target_off(struct sock_common,
						 skc_v6_rcv_saddr.s6_addr32[0],
						 4, target_size) + off);
		break;
	case bpf_ctx_range_till(struct bpf_sock, dst_ip6[0], dst_ip6[3]):
		off = si->off - offsetof(struct bpf_sock, dst_ip6[0]);
		*insn++ = CTX_LDX(BPF_SIZE(si->code), si->dst_reg, si->src_reg,
				  bpf_target_off(struct sock_common,
						 skc_v6_daddr.s6_addr32[0],
						 4, target_size) + off);
		break;
	case offsetof(struct bpf_sock, src_port):
		*insn++ = CTX_LDX_TARGET(struct sock_common, skc_num,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sock, dst_port):
		*insn++ = CTX_LDX_TARGET(struct sock_common, skc_dport,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sock, state):
		*insn++ = CTX_LDX_TARGET(struct sock_common, skc_state,
					 si->dst_reg, si->src_reg, target_size);
		break;
	case offsetof(struct bpf_sock, rx_queue_mapping):
		*insn++ = CTX_LDX_FIELD(struct sock, sk_rx_queue_mapping,
					si->dst_reg, si->src_reg);
		/* no recorded queue reads as -1 */
		*insn++ = BPF_JMP_IMM(BPF_JNE, si->dst_reg, NO_QUEUE_MAPPING, 1);
		*insn++ = BPF_MOV32_IMM(si->dst_reg, -1);
		*target_size = sizeof_field(struct bpf_sock, rx_queue_mapping);
		break;
	}
	return insn - insn_buf;
}

/* ---- struct bpf_tcp_sock ---- */

bool bpf_tcp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= (int)offsetofend(struct bpf_tcp_sock, icsk_retransmits))
		return false;
	if (off % size != 0)
		return false;

	switch (off) {
	case offsetof(struct bpf_tcp_sock, bytes_received):
	case offsetof(struct bpf_tcp_sock, bytes_acked):
		return size == sizeof(__u64);
	default:
		return size == sizeof(__u32);
	}
}

/* bpf_tcp_sock field -> where our tcp_sock keeps it. */
#define TCP_SOCK_FIELD(F)						\
	[offsetof(struct bpf_tcp_sock, F) / 4] = {			\
		offsetof(struct tcp_sock, F),				\
		BPF_SIZEOF_CODE(sizeof_field(struct tcp_sock, F)) }

static const struct {
	u16 off;
	u8 size;
} tcp_sock_fields[] = {
	TCP_SOCK_FIELD(snd_cwnd),
	TCP_SOCK_FIELD(srtt_us),
	[offsetof(struct bpf_tcp_sock, rtt_min) / 4] = {
		offsetof(struct tcp_sock, rtt_min) +
		offsetof(struct minmax_sample, v), BPF_W },
	TCP_SOCK_FIELD(snd_ssthresh),
	TCP_SOCK_FIELD(rcv_nxt),
	TCP_SOCK_FIELD(snd_nxt),
	TCP_SOCK_FIELD(snd_una),
	TCP_SOCK_FIELD(mss_cache),
	TCP_SOCK_FIELD(ecn_flags),
	TCP_SOCK_FIELD(rate_delivered),
	TCP_SOCK_FIELD(rate_interval_us),
	TCP_SOCK_FIELD(packets_out),
	TCP_SOCK_FIELD(retrans_out),
	TCP_SOCK_FIELD(total_retrans),
	TCP_SOCK_FIELD(segs_in),
	TCP_SOCK_FIELD(data_segs_in),
	TCP_SOCK_FIELD(segs_out),
	TCP_SOCK_FIELD(data_segs_out),
	TCP_SOCK_FIELD(lost_out),
	TCP_SOCK_FIELD(sacked_out),
	TCP_SOCK_FIELD(bytes_received),
	TCP_SOCK_FIELD(bytes_acked),
	TCP_SOCK_FIELD(dsack_dups),
	TCP_SOCK_FIELD(delivered),
	TCP_SOCK_FIELD(delivered_ce),
	[offsetof(struct bpf_tcp_sock, icsk_retransmits) / 4] = {
		offsetof(struct inet_connection_sock, icsk_retransmits), BPF_B },
};

u32 bpf_tcp_sock_convert_ctx_access(enum bpf_access_type type,
				    const struct bpf_insn *si,
				    struct bpf_insn *insn_buf,
				    struct bpf_prog *prog, u32 *target_size)
{
	u32 idx = si->off / 4;

	if (si->off % 4 || idx >= ARRAY_SIZE(tcp_sock_fields) ||
	    (!tcp_sock_fields[idx].off && idx))
		return 0;
	insn_buf[0] = CTX_LDX(tcp_sock_fields[idx].size, si->dst_reg, si->src_reg,
			      tcp_sock_fields[idx].off);
	return 1;
}

/* ---- struct bpf_xdp_sock ---- */

bool bpf_xdp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= (int)offsetofend(struct bpf_xdp_sock, queue_id))
		return false;
	if (off % size != 0)
		return false;
	return size == sizeof(__u32);
}

u32 bpf_xdp_sock_convert_ctx_access(enum bpf_access_type type,
				    const struct bpf_insn *si,
				    struct bpf_insn *insn_buf,
				    struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	switch (si->off) {
	case offsetof(struct bpf_xdp_sock, queue_id):
		*insn++ = CTX_LDX_FIELD(struct xdp_sock, queue_id,
					si->dst_reg, si->src_reg);
		break;
	}
	return insn - insn_buf;
}

/* ---- socket pointer helpers ---- */

BPF_CALL_1(bpf_sk_fullsock, struct sock *, sk)
{
	return sk_fullsock(sk) ? (unsigned long)sk : (unsigned long)NULL;
}

const struct bpf_func_proto bpf_sk_fullsock_proto = {
	.func		= bpf_sk_fullsock,
	.gpl_only	= false,
	.ret_type	= RET_PTR_TO_SOCKET_OR_NULL,
	.arg1_type	= ARG_PTR_TO_SOCK_COMMON,
};

BPF_CALL_1(bpf_tcp_sock, struct sock *, sk)
{
	if (sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

const struct bpf_func_proto bpf_tcp_sock_proto = {
	.func		= bpf_tcp_sock,
	.gpl_only	= false,
	.ret_type	= RET_PTR_TO_TCP_SOCK_OR_NULL,
	.arg1_type	= ARG_PTR_TO_SOCK_COMMON,
};

BPF_CALL_1(bpf_get_listener_sock, struct sock *, sk)
{
	sk = sk_to_full_sk(sk);
	if (sk->sk_state == TCP_LISTEN && sock_flag(sk, SOCK_RCU_FREE))
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

const struct bpf_func_proto bpf_get_listener_sock_proto = {
	.func		= bpf_get_listener_sock,
	.gpl_only	= false,
	.ret_type	= RET_PTR_TO_SOCKET_OR_NULL,
	.arg1_type	= ARG_PTR_TO_SOCK_COMMON,
};

BPF_CALL_1(bpf_sk_release, struct sock *, sk)
{
	/* RCU-freed sockets (listeners, test-run sockets) hold no reference */
	if (sk && sk_is_refcounted(sk))
		sock_put(sk);
	return 0;
}

const struct bpf_func_proto bpf_sk_release_proto = {
	.func		= bpf_sk_release,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE,
};

/* ---- lookups ---- */

/*
 * The checks 6.1 makes of a lookup's arguments before it searches: the
 * tuple length says the family, flags must be 0 and netns_id either
 * "the caller's" (negative) or a valid id.  No table is searched.
 */
static struct sock *__bpf_skc_lookup(struct bpf_sock_tuple *tuple, u32 len,
				     u8 proto, u64 netns_id, u64 flags)
{
	if (len != sizeof(tuple->ipv4) && len != sizeof(tuple->ipv6))
		return NULL;
	if (unlikely(flags || !((s32)netns_id < 0 || netns_id <= S32_MAX)))
		return NULL;
	/*
	 * The caller's namespace (or the one netns_id names: none other than
	 * init_net exists) has no bound socket.
	 */
	return NULL;
}

/* A full socket or nothing: what bpf_sk_lookup_*() return. */
static struct sock *__bpf_sk_lookup(struct bpf_sock_tuple *tuple, u32 len,
				    u8 proto, u64 netns_id, u64 flags)
{
	struct sock *sk = __bpf_skc_lookup(tuple, len, proto, netns_id, flags);

	if (sk && !sk_fullsock(sk_to_full_sk(sk))) {
		if (sk_is_refcounted(sk))
			sock_put(sk);
		sk = NULL;
	}
	return sk;
}

/*
 * One set of functions for every context: what the context would give
 * (the device's namespace, the socket's) is the same init_net here.
 */
BPF_CALL_5(bpf_skc_lookup_tcp, void *, ctx, struct bpf_sock_tuple *, tuple,
	   u32, len, u64, netns_id, u64, flags)
{
	return (unsigned long)__bpf_skc_lookup(tuple, len, IPPROTO_TCP, netns_id, flags);
}

BPF_CALL_5(bpf_sk_lookup_tcp, void *, ctx, struct bpf_sock_tuple *, tuple,
	   u32, len, u64, netns_id, u64, flags)
{
	return (unsigned long)__bpf_sk_lookup(tuple, len, IPPROTO_TCP, netns_id, flags);
}

BPF_CALL_5(bpf_sk_lookup_udp, void *, ctx, struct bpf_sock_tuple *, tuple,
	   u32, len, u64, netns_id, u64, flags)
{
	return (unsigned long)__bpf_sk_lookup(tuple, len, IPPROTO_UDP, netns_id, flags);
}

/* XDP passes netns_id as a u32: only its low half counts. */
BPF_CALL_5(bpf_xdp_skc_lookup_tcp, void *, ctx, struct bpf_sock_tuple *, tuple,
	   u32, len, u32, netns_id, u64, flags)
{
	return (unsigned long)__bpf_skc_lookup(tuple, len, IPPROTO_TCP, netns_id, flags);
}

BPF_CALL_5(bpf_xdp_sk_lookup_tcp, void *, ctx, struct bpf_sock_tuple *, tuple,
	   u32, len, u32, netns_id, u64, flags)
{
	return (unsigned long)__bpf_sk_lookup(tuple, len, IPPROTO_TCP, netns_id, flags);
}

BPF_CALL_5(bpf_xdp_sk_lookup_udp, void *, ctx, struct bpf_sock_tuple *, tuple,
	   u32, len, u32, netns_id, u64, flags)
{
	return (unsigned long)__bpf_sk_lookup(tuple, len, IPPROTO_UDP, netns_id, flags);
}

#define SK_LOOKUP_PROTO(NAME, FUNC, RET, PKT)				\
	const struct bpf_func_proto NAME = {				\
		.func		= FUNC,					\
		.gpl_only	= false,				\
		.pkt_access	= PKT,					\
		.ret_type	= RET,					\
		.arg1_type	= ARG_PTR_TO_CTX,			\
		.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,		\
		.arg3_type	= ARG_CONST_SIZE,			\
		.arg4_type	= ARG_ANYTHING,				\
		.arg5_type	= ARG_ANYTHING,				\
	}

SK_LOOKUP_PROTO(bpf_skc_lookup_tcp_proto, bpf_skc_lookup_tcp,
		RET_PTR_TO_SOCK_COMMON_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_sk_lookup_tcp_proto, bpf_sk_lookup_tcp,
		RET_PTR_TO_SOCKET_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_sk_lookup_udp_proto, bpf_sk_lookup_udp,
		RET_PTR_TO_SOCKET_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_tc_skc_lookup_tcp_proto, bpf_skc_lookup_tcp,
		RET_PTR_TO_SOCK_COMMON_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_tc_sk_lookup_tcp_proto, bpf_sk_lookup_tcp,
		RET_PTR_TO_SOCKET_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_tc_sk_lookup_udp_proto, bpf_sk_lookup_udp,
		RET_PTR_TO_SOCKET_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_xdp_skc_lookup_tcp_proto, bpf_xdp_skc_lookup_tcp,
		RET_PTR_TO_SOCK_COMMON_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_xdp_sk_lookup_tcp_proto, bpf_xdp_sk_lookup_tcp,
		RET_PTR_TO_SOCKET_OR_NULL, true);
SK_LOOKUP_PROTO(bpf_xdp_sk_lookup_udp_proto, bpf_xdp_sk_lookup_udp,
		RET_PTR_TO_SOCKET_OR_NULL, true);
/* sock_addr programs have no packet: pkt_access stays false, as in 6.1 */
SK_LOOKUP_PROTO(bpf_sock_addr_skc_lookup_tcp_proto, bpf_skc_lookup_tcp,
		RET_PTR_TO_SOCK_COMMON_OR_NULL, false);
SK_LOOKUP_PROTO(bpf_sock_addr_sk_lookup_tcp_proto, bpf_sk_lookup_tcp,
		RET_PTR_TO_SOCKET_OR_NULL, false);
SK_LOOKUP_PROTO(bpf_sock_addr_sk_lookup_udp_proto, bpf_sk_lookup_udp,
		RET_PTR_TO_SOCKET_OR_NULL, false);

/* ---- syncookies ---- */

/*
 * A cookie is only checked or made for a TCP listener, and no socket
 * here ever listens: what 6.1 answers for anything else.
 */
BPF_CALL_5(bpf_tcp_check_syncookie, struct sock *, sk, void *, iph, u32, iph_len,
	   struct tcphdr *, th, u32, th_len)
{
	if (unlikely(!sk || th_len < sizeof(*th)))
		return -EINVAL;
	if (sk->sk_state != TCP_LISTEN || sk->sk_protocol != IPPROTO_TCP)
		return -EINVAL;
	return -ENOENT;
}

const struct bpf_func_proto bpf_tcp_check_syncookie_proto = {
	.func		= bpf_tcp_check_syncookie,
	.gpl_only	= true,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_tcp_gen_syncookie, struct sock *, sk, void *, iph, u32, iph_len,
	   struct tcphdr *, th, u32, th_len)
{
	if (unlikely(!sk || th_len < sizeof(*th) || th_len != th->doff * 4U))
		return -EINVAL;
	if (sk->sk_state != TCP_LISTEN || sk->sk_protocol != IPPROTO_TCP)
		return -EINVAL;
	return -ENOENT;
}

const struct bpf_func_proto bpf_tcp_gen_syncookie_proto = {
	.func		= bpf_tcp_gen_syncookie,
	.gpl_only	= true,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE,
};

/* ---- skc_to_*() casts ---- */

BPF_CALL_1(bpf_skc_to_tcp6_sock, struct sock *, sk)
{
	if (sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP &&
	    sk->sk_family == AF_INET6)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

BPF_CALL_1(bpf_skc_to_tcp_sock, struct sock *, sk)
{
	if (sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

/* Timewait and request sockets are never made here. */
BPF_CALL_1(bpf_skc_to_tcp_timewait_sock, struct sock *, sk)
{
	if (sk && sk->sk_protocol == IPPROTO_TCP && sk->sk_state == TCP_TIME_WAIT)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

BPF_CALL_1(bpf_skc_to_tcp_request_sock, struct sock *, sk)
{
	if (sk && sk->sk_protocol == IPPROTO_TCP && sk->sk_state == TCP_NEW_SYN_RECV)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

BPF_CALL_1(bpf_skc_to_udp6_sock, struct sock *, sk)
{
	if (sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_UDP &&
	    sk->sk_type == SOCK_DGRAM && sk->sk_family == AF_INET6)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

BPF_CALL_1(bpf_skc_to_unix_sock, struct sock *, sk)
{
	if (sk && sk_fullsock(sk) && sk->sk_family == AF_UNIX)
		return (unsigned long)sk;
	return (unsigned long)NULL;
}

/* No MPTCP: no subflow has an MPTCP socket above it. */
BPF_CALL_1(bpf_skc_to_mptcp_sock, struct sock *, sk)
{
	return (unsigned long)NULL;
}

#define SKC_TO_PROTO(NAME, FUNC, ARG, ID)				\
	const struct bpf_func_proto NAME = {				\
		.func		= FUNC,					\
		.gpl_only	= false,				\
		.ret_type	= RET_PTR_TO_BTF_ID_OR_NULL,		\
		.arg1_type	= ARG,					\
		.ret_btf_id	= &btf_sock_ids[ID],			\
	}

SKC_TO_PROTO(bpf_skc_to_tcp6_sock_proto, bpf_skc_to_tcp6_sock,
	     ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF_SOCK_TYPE_TCP6);
SKC_TO_PROTO(bpf_skc_to_tcp_sock_proto, bpf_skc_to_tcp_sock,
	     ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF_SOCK_TYPE_TCP);
SKC_TO_PROTO(bpf_skc_to_tcp_timewait_sock_proto, bpf_skc_to_tcp_timewait_sock,
	     ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF_SOCK_TYPE_TCP_TW);
SKC_TO_PROTO(bpf_skc_to_tcp_request_sock_proto, bpf_skc_to_tcp_request_sock,
	     ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF_SOCK_TYPE_TCP_REQ);
SKC_TO_PROTO(bpf_skc_to_udp6_sock_proto, bpf_skc_to_udp6_sock,
	     ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF_SOCK_TYPE_UDP6);
SKC_TO_PROTO(bpf_skc_to_unix_sock_proto, bpf_skc_to_unix_sock,
	     ARG_PTR_TO_BTF_ID_SOCK_COMMON, BTF_SOCK_TYPE_UNIX);
/* 6.1 takes any sock_common pointer here, not only a BTF one */
SKC_TO_PROTO(bpf_skc_to_mptcp_sock_proto, bpf_skc_to_mptcp_sock,
	     ARG_PTR_TO_SOCK_COMMON, BTF_SOCK_TYPE_MPTCP);

/* ---- cookies, cgroups and options of a socket pointer ---- */

BPF_CALL_1(bpf_get_socket_ptr_cookie, struct sock *, sk)
{
	return sk ? sock_gen_cookie(sk) : 0;
}

const struct bpf_func_proto bpf_get_socket_ptr_cookie_proto = {
	.func		= bpf_get_socket_ptr_cookie,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
};

static u64 __bpf_sk_cgroup_id(struct sock *sk)
{
	sk = sk_to_full_sk(sk);
	if (!sk || !sk_fullsock(sk))
		return 0;
	return sk->sk_cgrp_id;
}

static u64 __bpf_sk_ancestor_cgroup_id(struct sock *sk, int ancestor_level)
{
	sk = sk_to_full_sk(sk);
	if (!sk || !sk_fullsock(sk))
		return 0;
	if (ancestor_level < 0 || (u32)ancestor_level > sk->sk_cgrp_level ||
	    ancestor_level >= (int)ARRAY_SIZE(sk->sk_cgrp_ancestors))
		return 0;
	if ((u32)ancestor_level == sk->sk_cgrp_level)
		return sk->sk_cgrp_id;
	return sk->sk_cgrp_ancestors[ancestor_level];
}

BPF_CALL_1(bpf_sk_cgroup_id, struct sock *, sk)
{
	return __bpf_sk_cgroup_id(sk);
}

const struct bpf_func_proto bpf_sk_cgroup_id_proto = {
	.func		= bpf_sk_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
};

BPF_CALL_2(bpf_sk_ancestor_cgroup_id, struct sock *, sk, int, ancestor_level)
{
	return __bpf_sk_ancestor_cgroup_id(sk, ancestor_level);
}

const struct bpf_func_proto bpf_sk_ancestor_cgroup_id_proto = {
	.func		= bpf_sk_ancestor_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_5(bpf_sk_setsockopt, struct sock *, sk, int, level, int, optname,
	   char *, optval, int, optlen)
{
	return bpf_sock_setsockopt(sk, level, optname, optval, optlen);
}

const struct bpf_func_proto bpf_sk_setsockopt_proto = {
	.func		= bpf_sk_setsockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_sk_getsockopt, struct sock *, sk, int, level, int, optname,
	   char *, optval, int, optlen)
{
	return bpf_sock_getsockopt(sk, level, optname, optval, optlen);
}

const struct bpf_func_proto bpf_sk_getsockopt_proto = {
	.func		= bpf_sk_getsockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg5_type	= ARG_CONST_SIZE,
};

/*
 * What every networking type gets on top of the base set: the casts to
 * kernel socket types need CAP_PERFMON, as in 6.1.
 */
const struct bpf_func_proto *bpf_sk_base_func_proto(enum bpf_func_id func_id)
{
	const struct bpf_func_proto *func;

	switch (func_id) {
	case BPF_FUNC_skc_to_tcp6_sock:
		func = &bpf_skc_to_tcp6_sock_proto;
		break;
	case BPF_FUNC_skc_to_tcp_sock:
		func = &bpf_skc_to_tcp_sock_proto;
		break;
	case BPF_FUNC_skc_to_tcp_timewait_sock:
		func = &bpf_skc_to_tcp_timewait_sock_proto;
		break;
	case BPF_FUNC_skc_to_tcp_request_sock:
		func = &bpf_skc_to_tcp_request_sock_proto;
		break;
	case BPF_FUNC_skc_to_udp6_sock:
		func = &bpf_skc_to_udp6_sock_proto;
		break;
	case BPF_FUNC_skc_to_unix_sock:
		func = &bpf_skc_to_unix_sock_proto;
		break;
	case BPF_FUNC_skc_to_mptcp_sock:
		func = &bpf_skc_to_mptcp_sock_proto;
		break;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
	if (!perfmon_capable())
		return NULL;
	return func;
}
