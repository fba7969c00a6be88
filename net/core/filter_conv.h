/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the context conversions of net/core share: the instruction
 * macros of the accesses they emit, and the skb helpers more than one
 * program type offers.  Private to net/core.
 */
#ifndef _SYSBPF_NET_CORE_FILTER_CONV_H
#define _SYSBPF_NET_CORE_FILTER_CONV_H

#include <linux/filter.h>
#include <linux/skbuff.h>

/*
 * Loads and stores that a context conversion emits: sysbpf generated
 * them, so the checking interpreter trusts them.
 */
#define BPF_SIZEOF_CODE(n)	((n) == 1 ? BPF_B : (n) == 2 ? BPF_H :	\
				 (n) == 4 ? BPF_W : BPF_DW)
#define CTX_LDX(SIZE, DST, SRC, OFF)					\
	BPF_RAW_INSN(BPF_LDX | (SIZE) | BPF_TRUSTED_MEM, DST, SRC, OFF, 0)
#define CTX_STX(SIZE, DST, SRC, OFF)					\
	BPF_RAW_INSN(BPF_STX | (SIZE) | BPF_TRUSTED_MEM, DST, SRC, OFF, 0)
/* A whole field of a structure, at its own size. */
#define CTX_LDX_FIELD(TYPE, FIELD, DST, SRC)				\
	CTX_LDX(BPF_SIZEOF_CODE(sizeof_field(TYPE, FIELD)), DST, SRC,	\
		offsetof(TYPE, FIELD))
#define CTX_STX_FIELD(TYPE, FIELD, DST, SRC)				\
	CTX_STX(BPF_SIZEOF_CODE(sizeof_field(TYPE, FIELD)), DST, SRC,	\
		offsetof(TYPE, FIELD))
#define CTX_LDX_PTR	CTX_LDX_FIELD
/* A field, telling the verifier its size for narrow loads. */
#define CTX_LDX_TARGET(TYPE, FIELD, DST, SRC, TARGET_SIZE)		\
	CTX_LDX(BPF_SIZEOF_CODE(sizeof_field(TYPE, FIELD)), DST, SRC,	\
		bpf_target_off(TYPE, FIELD, sizeof_field(TYPE, FIELD),	\
			       TARGET_SIZE))

/* 8-byte accesses of an array of u32 (user_ip6 and the like), 6.1's rule. */
#define bpf_ctx_wide_access_ok(off, size, type, field)			\
	((size) == sizeof(__u64) &&					\
	 (off) >= (int)offsetof(type, field) &&				\
	 (off) + (int)sizeof(__u64) <= (int)offsetofend(type, field) &&	\
	 (off) % sizeof(__u64) == 0)

/* The byte of a wide field that a narrow access starts at (little-endian). */
static inline u32 bpf_ctx_narrow_access_offset(u32 off, u32 size, u32 size_default)
{
	return off & (size_default - 1);
}

/* The access width of a load or store insn, in bytes. */
static inline u32 bpf_ldst_bytes(const struct bpf_insn *insn)
{
	switch (BPF_SIZE(insn->code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* A prologue that does nothing: none of our buffers is ever shared. */
int bpf_noop_prologue(struct bpf_insn *insn_buf, bool direct_write,
		      const struct bpf_prog *prog);

/* The __sk_buff rules and conversion that every skb type starts from. */
bool bpf_skb_is_valid_access(int off, int size, enum bpf_access_type type,
			     const struct bpf_prog *prog,
			     struct bpf_insn_access_aux *info);
u32 bpf_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
			   struct bpf_insn *insn_buf, struct bpf_prog *prog,
			   u32 *target_size);

/* skb helpers offered by more than one file's program types. */
extern const struct bpf_func_proto bpf_skb_load_bytes_proto;
extern const struct bpf_func_proto bpf_skb_load_bytes_relative_proto;
u64 bpf_skb_load_bytes(u64 skb, u64 offset, u64 to, u64 len, u64 unused);
u64 bpf_skb_load_bytes_relative(u64 skb, u64 offset, u64 to, u64 len,
				u64 start_header);
/* bpf_get_cgroup_classid() of the running task: no net_cls here, 0. */
extern const struct bpf_func_proto bpf_get_cgroup_classid_curr_proto;

/* The cgroup helpers every cgroup hook starts from (filter_cgroup.c). */
const struct bpf_func_proto *cgroup_common_func_proto(enum bpf_func_id func_id,
						      const struct bpf_prog *prog);
const struct bpf_func_proto *cgroup_current_func_proto(enum bpf_func_id func_id,
						       const struct bpf_prog *prog);

/*
 * Helpers other parts of sysbpf build (socket-local storage, the tracing
 * helpers, sockmap): weak, so a program type offers them once they are
 * linked in and 6.1's "unknown func" answers until then.
 */
extern const struct bpf_func_proto bpf_sk_storage_get_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_sk_storage_delete_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_sk_storage_get_cg_sock_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_get_local_storage_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_event_output_data_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_skb_event_output_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_xdp_event_output_proto __attribute__((weak));
/* fib_lookup.c */
extern const struct bpf_func_proto bpf_xdp_fib_lookup_proto;
extern const struct bpf_func_proto bpf_skb_fib_lookup_proto;
extern const struct bpf_func_proto bpf_sock_map_update_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_sock_hash_update_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_sk_redirect_map_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_sk_redirect_hash_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_msg_redirect_map_proto __attribute__((weak));
extern const struct bpf_func_proto bpf_msg_redirect_hash_proto __attribute__((weak));

#endif
