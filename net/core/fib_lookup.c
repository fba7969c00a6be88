// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_fib_lookup() for XDP and tc.  A sysbpf instance has no network
 * devices and no routing table: after 6.1's argument checks, every
 * lookup of an IPv4 or IPv6 route finds no device for params->ifindex
 * and says -ENODEV, as 6.1 does for an ifindex that does not exist.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/skbuff.h>
#include <sys/socket.h>

/* the flags Debian's 6.1 takes (SKIP_NEIGH, TBID and SRC are backports) */
#define BPF_FIB_LOOKUP_MASK	(BPF_FIB_LOOKUP_DIRECT | BPF_FIB_LOOKUP_OUTPUT | \
				 BPF_FIB_LOOKUP_SKIP_NEIGH | BPF_FIB_LOOKUP_TBID | \
				 BPF_FIB_LOOKUP_SRC)

static long fib_lookup(const struct bpf_fib_lookup *params, int plen, u32 flags)
{
	if (plen < (int)sizeof(*params))
		return -EINVAL;
	if (flags & ~BPF_FIB_LOOKUP_MASK)
		return -EINVAL;
	switch (params->family) {
	case AF_INET:
	case AF_INET6:
		return -ENODEV;
	}
	return -EAFNOSUPPORT;
}

BPF_CALL_4(bpf_xdp_fib_lookup, void *, ctx, struct bpf_fib_lookup *, params,
	   int, plen, u32, flags)
{
	return fib_lookup(params, plen, flags);
}

const struct bpf_func_proto bpf_xdp_fib_lookup_proto = {
	.func		= bpf_xdp_fib_lookup,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_skb_fib_lookup, struct sk_buff *, skb, struct bpf_fib_lookup *, params,
	   int, plen, u32, flags)
{
	return fib_lookup(params, plen, flags);
}

const struct bpf_func_proto bpf_skb_fib_lookup_proto = {
	.func		= bpf_skb_fib_lookup,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE,
	.arg4_type	= ARG_ANYTHING,
};
