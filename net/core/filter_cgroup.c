// SPDX-License-Identifier: GPL-2.0
/*
 * The cgroup socket hooks: BPF_PROG_TYPE_CGROUP_SOCK (struct bpf_sock
 * over our struct sock) and BPF_PROG_TYPE_CGROUP_SOCK_ADDR (struct
 * bpf_sock_addr over struct bpf_sock_addr_kern), and the helpers every
 * cgroup hook shares, with Linux 6.1's rules.  Which fields a program
 * may touch depends on the hook it will attach to, its
 * expected_attach_type, as in 6.1.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include "filter_conv.h"

__thread struct bpf_cg_run_ctx *bpf_cg_run_ctx_cur;

/* ---- what every cgroup hook may call ---- */

BPF_CALL_0(bpf_get_retval)
{
	return bpf_cg_run_ctx_cur ? bpf_cg_run_ctx_cur->retval : 0;
}

static const struct bpf_func_proto bpf_get_retval_proto = {
	.func		= bpf_get_retval,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_1(bpf_set_retval, int, retval)
{
	if (bpf_cg_run_ctx_cur)
		bpf_cg_run_ctx_cur->retval = retval;
	return 0;
}

static const struct bpf_func_proto bpf_set_retval_proto = {
	.func		= bpf_set_retval,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
};

/* Hooks whose syscall result a program cannot change. */
static bool cgroup_retval_fixed(enum bpf_attach_type eat)
{
	switch (eat) {
	case BPF_CGROUP_INET_INGRESS:
	case BPF_CGROUP_INET_EGRESS:
	case BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
		return true;
	default:
		return false;
	}
}

/*
 * bpf_get_local_storage() needs a cgroup storage map, which this build
 * does not have: it is offered once that map's code provides it.
 */
const struct bpf_func_proto *cgroup_common_func_proto(enum bpf_func_id func_id,
						      const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_local_storage:
		return &bpf_get_local_storage_proto;
	case BPF_FUNC_get_retval:
		return cgroup_retval_fixed(prog->expected_attach_type) ?
		       NULL : &bpf_get_retval_proto;
	case BPF_FUNC_set_retval:
		return cgroup_retval_fixed(prog->expected_attach_type) ?
		       NULL : &bpf_set_retval_proto;
	default:
		return NULL;
	}
}

/*
 * The current task's cgroup: the tracing helpers may provide these
 * protos (kernel/bpf/helpers.c in 6.1); until they do, ours serve.
 */
extern const struct bpf_func_proto bpf_get_current_cgroup_id_proto
	__attribute__((weak));
extern const struct bpf_func_proto bpf_get_current_ancestor_cgroup_id_proto
	__attribute__((weak));

BPF_CALL_0(cg_get_current_cgroup_id)
{
	return task_dfl_cgroup_id();
}

static const struct bpf_func_proto cg_get_current_cgroup_id_proto = {
	.func		= cg_get_current_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_1(cg_get_current_ancestor_cgroup_id, int, ancestor_level)
{
	return task_dfl_cgroup_ancestor_id(ancestor_level);
}

static const struct bpf_func_proto cg_get_current_ancestor_cgroup_id_proto = {
	.func		= cg_get_current_ancestor_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
};

/* No net_cls controller here: every task is in classid 0. */
BPF_CALL_0(bpf_get_cgroup_classid_curr)
{
	return 0;
}

const struct bpf_func_proto bpf_get_cgroup_classid_curr_proto = {
	.func		= bpf_get_cgroup_classid_curr,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

const struct bpf_func_proto *cgroup_current_func_proto(enum bpf_func_id func_id,
						       const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_current_uid_gid:
		return &bpf_get_current_uid_gid_proto;
	case BPF_FUNC_get_current_pid_tgid:
		return &bpf_get_current_pid_tgid_proto;
	case BPF_FUNC_get_current_comm:
		return &bpf_get_current_comm_proto;
	case BPF_FUNC_get_current_cgroup_id:
		if (&bpf_get_current_cgroup_id_proto)
			return &bpf_get_current_cgroup_id_proto;
		return &cg_get_current_cgroup_id_proto;
	case BPF_FUNC_get_current_ancestor_cgroup_id:
		if (&bpf_get_current_ancestor_cgroup_id_proto)
			return &bpf_get_current_ancestor_cgroup_id_proto;
		return &cg_get_current_ancestor_cgroup_id_proto;
	case BPF_FUNC_get_cgroup_classid:
		return &bpf_get_cgroup_classid_curr_proto;
	default:
		return NULL;
	}
}

/* ---- BPF_PROG_TYPE_CGROUP_SOCK ---- */

BPF_CALL_1(bpf_get_socket_cookie_sock, struct sock *, ctx)
{
	return sock_gen_cookie(ctx);
}

static const struct bpf_func_proto bpf_get_socket_cookie_sock_proto = {
	.func		= bpf_get_socket_cookie_sock,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_netns_cookie_sock, struct sock *, ctx)
{
	return bpf_net_cookie(ctx);
}

static const struct bpf_func_proto bpf_get_netns_cookie_sock_proto = {
	.func		= bpf_get_netns_cookie_sock,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX_OR_NULL,
};

static const struct bpf_func_proto *
sock_filter_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;
	func_proto = cgroup_current_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_sock_proto;
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_sock_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_cg_sock_proto;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

/*
 * Which bpf_sock fields each hook may touch beyond the common reads:
 * socket creation and release may set the device, mark and priority;
 * post-bind hooks read the bound address and port of their family.
 */
static bool __sock_filter_check_attach_type(int off, enum bpf_access_type access_type,
					    enum bpf_attach_type attach_type)
{
	switch (off) {
	case offsetof(struct bpf_sock, bound_dev_if):
	case offsetof(struct bpf_sock, mark):
	case offsetof(struct bpf_sock, priority):
		switch (attach_type) {
		case BPF_CGROUP_INET_SOCK_CREATE:
		case BPF_CGROUP_INET_SOCK_RELEASE:
			return true;
		default:
			return false;
		}
	case bpf_ctx_range(struct bpf_sock, src_ip4):
		if (attach_type != BPF_CGROUP_INET4_POST_BIND)
			return false;
		break;
	case bpf_ctx_range_till(struct bpf_sock, src_ip6[0], src_ip6[3]):
		if (attach_type != BPF_CGROUP_INET6_POST_BIND)
			return false;
		break;
	case bpf_ctx_range(struct bpf_sock, src_port):
		if (attach_type != BPF_CGROUP_INET4_POST_BIND &&
		    attach_type != BPF_CGROUP_INET6_POST_BIND)
			return false;
		break;
	}
	return access_type == BPF_READ;
}

static bool sock_filter_is_valid_access(int off, int size, enum bpf_access_type type,
					const struct bpf_prog *prog,
					struct bpf_insn_access_aux *info)
{
	if (!bpf_sock_is_valid_access(off, size, type, info))
		return false;
	return __sock_filter_check_attach_type(off, type, prog->expected_attach_type);
}

const struct bpf_verifier_ops cg_sock_verifier_ops = {
	.get_func_proto		= sock_filter_func_proto,
	.is_valid_access	= sock_filter_is_valid_access,
	.convert_ctx_access	= bpf_sock_convert_ctx_access,
};

const struct bpf_prog_ops cg_sock_prog_ops = {
};

/* ---- BPF_PROG_TYPE_CGROUP_SOCK_ADDR ---- */

BPF_CALL_1(bpf_get_socket_cookie_sock_addr, struct bpf_sock_addr_kern *, ctx)
{
	return sock_gen_cookie(ctx->sk);
}

static const struct bpf_func_proto bpf_get_socket_cookie_sock_addr_proto = {
	.func		= bpf_get_socket_cookie_sock_addr,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_netns_cookie_sock_addr, struct bpf_sock_addr_kern *, ctx)
{
	return bpf_net_cookie(ctx ? ctx->sk : NULL);
}

static const struct bpf_func_proto bpf_get_netns_cookie_sock_addr_proto = {
	.func		= bpf_get_netns_cookie_sock_addr,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX_OR_NULL,
};

/* The RFC 2133 sockaddr_in6, without sin6_scope_id. */
#define SIN6_LEN_RFC2133	24

/*
 * bpf_bind() from a connect hook: the socket gets the address (the
 * port only when the program names one).  No port is in use by anyone
 * here, so the bind succeeds once the address is a sane one.
 */
BPF_CALL_3(bpf_bind, struct bpf_sock_addr_kern *, ctx, struct sockaddr *, addr,
	   int, addr_len)
{
	struct sock *sk = ctx->sk;

	if (addr_len < (int)offsetofend(struct sockaddr, sa_family))
		return -EINVAL;
	if (addr->sa_family == AF_INET) {
		struct sockaddr_in sin;

		if (addr_len < (int)sizeof(struct sockaddr_in))
			return -EINVAL;
		if (sk->sk_family != AF_INET)
			return -EAFNOSUPPORT;
		memcpy(&sin, addr, sizeof(sin));
		sk->sk_rcv_saddr = sin.sin_addr.s_addr;
		if (sin.sin_port)
			sk->sk_num = ntohs(sin.sin_port);
		return 0;
	}
	if (addr->sa_family == AF_INET6) {
		struct sockaddr_in6 sin6 = {};

		if (addr_len < SIN6_LEN_RFC2133)
			return -EINVAL;
		if (sk->sk_family != AF_INET6)
			return -EINVAL;
		memcpy(&sin6, addr, min_t(int, addr_len, sizeof(sin6)));
		sk->sk_v6_rcv_saddr = sin6.sin6_addr;
		if (sin6.sin6_port)
			sk->sk_num = ntohs(sin6.sin6_port);
		return 0;
	}
	return -EAFNOSUPPORT;
}

static const struct bpf_func_proto bpf_bind_proto = {
	.func		= bpf_bind,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_sock_addr_setsockopt, struct bpf_sock_addr_kern *, ctx,
	   int, level, int, optname, char *, optval, int, optlen)
{
	return bpf_sock_setsockopt(ctx->sk, level, optname, optval, optlen);
}

static const struct bpf_func_proto bpf_sock_addr_setsockopt_proto = {
	.func		= bpf_sock_addr_setsockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_sock_addr_getsockopt, struct bpf_sock_addr_kern *, ctx,
	   int, level, int, optname, char *, optval, int, optlen)
{
	return bpf_sock_getsockopt(ctx->sk, level, optname, optval, optlen);
}

static const struct bpf_func_proto bpf_sock_addr_getsockopt_proto = {
	.func		= bpf_sock_addr_getsockopt,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg5_type	= ARG_CONST_SIZE,
};

/* The hooks whose socket is set up enough for socket options. */
static bool sock_addr_sockopt_ok(enum bpf_attach_type eat)
{
	switch (eat) {
	case BPF_CGROUP_INET4_BIND:
	case BPF_CGROUP_INET6_BIND:
	case BPF_CGROUP_INET4_CONNECT:
	case BPF_CGROUP_INET6_CONNECT:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP6_SENDMSG:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
		return true;
	default:
		return false;
	}
}

static const struct bpf_func_proto *
sock_addr_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	const struct bpf_func_proto *func_proto;
	enum bpf_attach_type eat = prog->expected_attach_type;

	func_proto = cgroup_common_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;
	func_proto = cgroup_current_func_proto(func_id, prog);
	if (func_proto)
		return func_proto;

	switch (func_id) {
	case BPF_FUNC_bind:
		if (eat == BPF_CGROUP_INET4_CONNECT || eat == BPF_CGROUP_INET6_CONNECT)
			return &bpf_bind_proto;
		return NULL;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_sock_addr_proto;
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_sock_addr_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_event_output_data_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_sock_addr_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_sock_addr_sk_lookup_udp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_sock_addr_skc_lookup_tcp_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_setsockopt:
		return sock_addr_sockopt_ok(eat) ? &bpf_sock_addr_setsockopt_proto : NULL;
	case BPF_FUNC_getsockopt:
		return sock_addr_sockopt_ok(eat) ? &bpf_sock_addr_getsockopt_proto : NULL;
	default:
		return bpf_sk_base_func_proto(func_id);
	}
}

/* The hooks of each family: the other family's address fields are out. */
static bool sock_addr_is_inet4(enum bpf_attach_type eat)
{
	switch (eat) {
	case BPF_CGROUP_INET4_BIND:
	case BPF_CGROUP_INET4_CONNECT:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_UDP4_SENDMSG:
	case BPF_CGROUP_UDP4_RECVMSG:
		return true;
	default:
		return false;
	}
}

static bool sock_addr_is_inet6(enum bpf_attach_type eat)
{
	switch (eat) {
	case BPF_CGROUP_INET6_BIND:
	case BPF_CGROUP_INET6_CONNECT:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case BPF_CGROUP_UDP6_SENDMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
		return true;
	default:
		return false;
	}
}

static bool sock_addr_attach_ok(int off, enum bpf_attach_type eat)
{
	switch (off) {
	case bpf_ctx_range(struct bpf_sock_addr, user_ip4):
		return sock_addr_is_inet4(eat);
	case bpf_ctx_range_till(struct bpf_sock_addr, user_ip6[0], user_ip6[3]):
		return sock_addr_is_inet6(eat);
	case bpf_ctx_range(struct bpf_sock_addr, msg_src_ip4):
		return eat == BPF_CGROUP_UDP4_SENDMSG;
	case bpf_ctx_range_till(struct bpf_sock_addr, msg_src_ip6[0], msg_src_ip6[3]):
		return eat == BPF_CGROUP_UDP6_SENDMSG;
	default:
		return true;
	}
}

static bool sock_addr_is_valid_access(int off, int size, enum bpf_access_type type,
				      const struct bpf_prog *prog,
				      struct bpf_insn_access_aux *info)
{
	const int size_default = sizeof(__u32);

	if (off < 0 || off >= (int)sizeof(struct bpf_sock_addr))
		return false;
	if (off % size != 0)
		return false;
	if (!sock_addr_attach_ok(off, prog->expected_attach_type))
		return false;

	switch (off) {
	case bpf_ctx_range(struct bpf_sock_addr, user_ip4):
	case bpf_ctx_range_till(struct bpf_sock_addr, user_ip6[0], user_ip6[3]):
	case bpf_ctx_range(struct bpf_sock_addr, msg_src_ip4):
	case bpf_ctx_range_till(struct bpf_sock_addr, msg_src_ip6[0], msg_src_ip6[3]):
	case bpf_ctx_range(struct bpf_sock_addr, user_port):
		/* 8-byte accesses of the IPv6 arrays, narrow reads of the rest */
		if (type == BPF_READ)
			bpf_ctx_record_field_size(info, size_default);
		if (bpf_ctx_wide_access_ok(off, size, struct bpf_sock_addr, user_ip6) ||
		    bpf_ctx_wide_access_ok(off, size, struct bpf_sock_addr, msg_src_ip6))
			return true;
		if (type == BPF_READ)
			return bpf_ctx_narrow_access_ok(off, size, size_default);
		return size == size_default;
	case bpf_ctx_range_ptr(struct bpf_sock_addr, sk):
		if (type != BPF_READ || size != sizeof(__u64))
			return false;
		info->reg_type = PTR_TO_SOCKET;
		return true;
	case bpf_ctx_range(struct bpf_sock_addr, user_family):
	case bpf_ctx_range(struct bpf_sock_addr, family):
	case bpf_ctx_range(struct bpf_sock_addr, type):
	case bpf_ctx_range(struct bpf_sock_addr, protocol):
		return type == BPF_READ && size == size_default;
	default:
		return false;
	}
}

/*
 * A load of NF (at OFF past it, SIZE wide) in the structure that the
 * context's pointer F points to; a store goes through BPF_REG_AX, so
 * neither the context nor the value register is disturbed.
 */
static struct bpf_insn *sock_addr_nested(enum bpf_access_type type,
					 const struct bpf_insn *si,
					 struct bpf_insn *insn, int ptr_off,
					 int size, int off)
{
	if (type == BPF_WRITE) {
		*insn++ = CTX_LDX(BPF_DW, BPF_REG_AX, si->dst_reg, ptr_off);
		*insn++ = CTX_STX(size, BPF_REG_AX, si->src_reg, off);
	} else {
		*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, ptr_off);
		*insn++ = CTX_LDX(size, si->dst_reg, si->dst_reg, off);
	}
	return insn;
}

#define SA_KERN_OFF(F)	offsetof(struct bpf_sock_addr_kern, F)

static u32 sock_addr_convert_ctx_access(enum bpf_access_type type,
					const struct bpf_insn *si,
					struct bpf_insn *insn_buf,
					struct bpf_prog *prog, u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;
	u32 port_size;
	int off;

	switch (si->off) {
	case offsetof(struct bpf_sock_addr, user_family):
		insn = sock_addr_nested(BPF_READ, si, insn, SA_KERN_OFF(uaddr), BPF_H,
					bpf_target_off(struct sockaddr, sa_family, 2,
						       target_size));
		break;
	case offsetof(struct bpf_sock_addr, user_ip4):
		insn = sock_addr_nested(type, si, insn, SA_KERN_OFF(uaddr),
					BPF_SIZE(si->code),
					bpf_target_off(struct sockaddr_in, sin_addr, 4,
						       target_size));
		break;
	case bpf_ctx_range_till(struct bpf_sock_addr, user_ip6[0], user_ip6[3]):
		off = si->off - offsetof(struct bpf_sock_addr, user_ip6[0]);
		insn = sock_addr_nested(type, si, insn, SA_KERN_OFF(uaddr),
					BPF_SIZE(si->code),
					bpf_target_off(struct sockaddr_in6, sin6_addr, 16,
						       target_size) + off);
		*target_size = 4;
		break;
	case offsetof(struct bpf_sock_addr, user_port):
		/* sin_port and sin6_port share their place and size */
		BUILD_BUG_ON(offsetof(struct sockaddr_in, sin_port) !=
			     offsetof(struct sockaddr_in6, sin6_port));
		port_size = min_t(u32, sizeof_field(struct sockaddr_in6, sin6_port),
				  bpf_ldst_bytes(si));
		insn = sock_addr_nested(type, si, insn, SA_KERN_OFF(uaddr),
					BPF_SIZEOF_CODE(port_size),
					bpf_target_off(struct sockaddr_in6, sin6_port, 2,
						       target_size));
		break;
	case offsetof(struct bpf_sock_addr, family):
		insn = sock_addr_nested(BPF_READ, si, insn, SA_KERN_OFF(sk), BPF_H,
					bpf_target_off(struct sock_common, skc_family, 2,
						       target_size));
		break;
	case offsetof(struct bpf_sock_addr, type):
		insn = sock_addr_nested(BPF_READ, si, insn, SA_KERN_OFF(sk), BPF_H,
					bpf_target_off(struct sock, sk_type, 2,
						       target_size));
		break;
	case offsetof(struct bpf_sock_addr, protocol):
		insn = sock_addr_nested(BPF_READ, si, insn, SA_KERN_OFF(sk), BPF_H,
					bpf_target_off(struct sock, sk_protocol, 2,
						       target_size));
		break;
	case offsetof(struct bpf_sock_addr, msg_src_ip4):
		insn = sock_addr_nested(type, si, insn, SA_KERN_OFF(t_ctx),
					BPF_SIZE(si->code),
					bpf_target_off(struct in_addr, s_addr, 4,
						       target_size));
		break;
	case bpf_ctx_range_till(struct bpf_sock_addr, msg_src_ip6[0], msg_src_ip6[3]):
		off = si->off - offsetof(struct bpf_sock_addr, msg_src_ip6[0]);
		insn = sock_addr_nested(type, si, insn, SA_KERN_OFF(t_ctx),
					BPF_SIZE(si->code), off);
		*target_size = 4;
		break;
	case offsetof(struct bpf_sock_addr, sk):
		*insn++ = CTX_LDX_FIELD(struct bpf_sock_addr_kern, sk,
					si->dst_reg, si->src_reg);
		break;
	}
	return insn - insn_buf;
}

const struct bpf_verifier_ops cg_sock_addr_verifier_ops = {
	.get_func_proto		= sock_addr_func_proto,
	.is_valid_access	= sock_addr_is_valid_access,
	.convert_ctx_access	= sock_addr_convert_ctx_access,
};

const struct bpf_prog_ops cg_sock_addr_prog_ops = {
};
