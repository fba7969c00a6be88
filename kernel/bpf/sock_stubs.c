// SPDX-License-Identifier: GPL-2.0
/*
 * TRANSITIONAL: the socket access rules the verifier asks for
 * PTR_TO_SOCKET and friends, until net/core provides them (the network
 * program types are being added).  Weak: the real ones replace these.
 * Until then no field of a socket pointer is readable.
 */
#include <linux/bpf.h>
#include <net/sock.h>

__attribute__((weak)) bool bpf_sock_common_is_valid_access(int off, int size, enum bpf_access_type type,
					    struct bpf_insn_access_aux *info)
{
	return false;
}

__attribute__((weak)) bool bpf_sock_is_valid_access(int off, int size, enum bpf_access_type type,
				     struct bpf_insn_access_aux *info)
{
	return false;
}

__attribute__((weak)) bool bpf_tcp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
					 struct bpf_insn_access_aux *info)
{
	return false;
}

__attribute__((weak)) bool bpf_xdp_sock_is_valid_access(int off, int size, enum bpf_access_type type,
					 struct bpf_insn_access_aux *info)
{
	return false;
}

__attribute__((weak)) int btf_sock_ids[MAX_BTF_SOCK_TYPE];
