// SPDX-License-Identifier: GPL-2.0
/*
 * Calls of helper functions, as Linux 6.1's verifier checks them: the
 * proto of the helper for this program type, each argument register
 * against the ARG_* type the proto names (with the memory, map, lock,
 * timer, dynptr and reference rules that come with it), the pairing of
 * maps and helpers, and the value the helper leaves in r0.
 *
 * Also here: the reference state (objects a program acquired through a
 * helper and must release before it exits), and kernel function calls,
 * which sysbpf's kernel does not offer.
 */
#include "verifier_env.h"
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/bpf_trace.h>
#include <net/sock.h>

#ifndef MAX_ERRNO
#define MAX_ERRNO		4095
#endif
/* a dynptr on the stack: struct bpf_dynptr_kern, two 8-byte slots */
#define BPF_DYNPTR_SIZE		16
#define BPF_DYNPTR_NR_SLOTS	(BPF_DYNPTR_SIZE / BPF_REG_SIZE)
#define DYNPTR_TYPE_FLAG_MASK	(DYNPTR_TYPE_LOCAL | DYNPTR_TYPE_RINGBUF)

/* ---- small queries ---- */

/* An extension program runs with the context of the program it replaces. */
static enum bpf_prog_type resolve_prog_type(const struct bpf_prog *prog)
{
	if (prog->type == BPF_PROG_TYPE_EXT && prog->aux->saved_dst_prog_type)
		return prog->aux->saved_dst_prog_type;
	return prog->type;
}

static bool type_is_pkt_pointer(enum bpf_reg_type type)
{
	type = base_type(type);
	return type == PTR_TO_PACKET || type == PTR_TO_PACKET_META;
}

static bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg)
{
	return type_is_pkt_pointer(reg->type) || base_type(reg->type) == PTR_TO_PACKET_END;
}

static bool arg_type_is_mem_size(enum bpf_arg_type type)
{
	return type == ARG_CONST_SIZE || type == ARG_CONST_SIZE_OR_ZERO;
}

/* memory the helper writes without reading it first: it may be uninitialized */
static bool arg_type_is_raw_mem(enum bpf_arg_type type)
{
	return base_type(type) == ARG_PTR_TO_MEM && (type & MEM_UNINIT);
}

static bool arg_type_is_release(enum bpf_arg_type type)
{
	return type & OBJ_RELEASE;
}

static bool arg_type_is_dynptr(enum bpf_arg_type type)
{
	return base_type(type) == ARG_PTR_TO_DYNPTR;
}

/*
 * Debian's 6.1 marks the memory a helper writes with MEM_WRITE (a
 * read-only map or buffer may not be passed there); the rest is read.
 */
static enum bpf_access_type arg_access_type(enum bpf_arg_type type)
{
	return type & MEM_WRITE ? BPF_WRITE : BPF_READ;
}

/* The kernel's BTF, NULL when sysbpf could not make one. */
static struct btf *verifier_btf_vmlinux(void)
{
	struct btf *btf = bpf_get_btf_vmlinux();

	return IS_ERR(btf) ? NULL : btf;
}

static const char *kernel_type_name(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf ? btf_type_by_id(btf, id) : NULL;

	return t ? btf_name_by_offset(btf, t->name_off) : "";
}

/*
 * A map is read-only for the verifier when the program cannot write it
 * and user space froze it with no write left in flight: its content is
 * then a constant the verifier may read (format strings).
 */
static bool bpf_map_is_rdonly(const struct bpf_map *map)
{
	return (map->map_flags & BPF_F_RDONLY_PROG) && READ_ONCE(map->frozen) &&
	       !bpf_map_write_active(map);
}

/* ---- which helpers do what to references ---- */

static bool is_acquire_function(enum bpf_func_id func_id, const struct bpf_map *map)
{
	enum bpf_map_type map_type = map ? map->map_type : BPF_MAP_TYPE_UNSPEC;

	switch (func_id) {
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_kptr_xchg:
		return true;
	case BPF_FUNC_map_lookup_elem:
		/* a socket found in a sockmap is held until released */
		return map_type == BPF_MAP_TYPE_SOCKMAP || map_type == BPF_MAP_TYPE_SOCKHASH;
	default:
		return false;
	}
}

/* the result is the argument seen as another type: it shares its reference */
static bool is_ptr_cast_function(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_tcp_sock:
	case BPF_FUNC_sk_fullsock:
	case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp6_sock:
	case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_mptcp_sock:
	case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock:
		return true;
	default:
		return false;
	}
}

static bool is_dynptr_ref_function(enum bpf_func_id func_id)
{
	return func_id == BPF_FUNC_dynptr_data;
}

static bool helper_multiple_ref_obj_use(enum bpf_func_id func_id, const struct bpf_map *map)
{
	return is_ptr_cast_function(func_id) + is_acquire_function(func_id, map) +
	       is_dynptr_ref_function(func_id) > 1;
}

/*
 * The helpers after which every packet pointer is stale: they may move,
 * grow or shrink the packet (6.1's bpf_helper_changes_pkt_data(), by id:
 * each of these ids names such a function in every program type).
 */
static bool helper_changes_pkt_data(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_vlan_push:
	case BPF_FUNC_skb_vlan_pop:
	case BPF_FUNC_skb_store_bytes:
	case BPF_FUNC_skb_change_proto:
	case BPF_FUNC_skb_change_head:
	case BPF_FUNC_skb_change_tail:
	case BPF_FUNC_skb_adjust_room:
	case BPF_FUNC_skb_pull_data:
	case BPF_FUNC_clone_redirect:
	case BPF_FUNC_l3_csum_replace:
	case BPF_FUNC_l4_csum_replace:
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_meta:
	case BPF_FUNC_msg_pull_data:
	case BPF_FUNC_msg_push_data:
	case BPF_FUNC_msg_pop_data:
	case BPF_FUNC_xdp_adjust_tail:
	case BPF_FUNC_lwt_seg6_store_bytes:
	case BPF_FUNC_lwt_seg6_adjust_srh:
	case BPF_FUNC_lwt_seg6_action:
	case BPF_FUNC_store_hdr_opt:
	case BPF_FUNC_lwt_push_encap:
		return true;
	default:
		return false;
	}
}

/* ---- references ---- */

/* Grows the frame's table of acquired references to n entries. */
static int resize_reference_state(struct bpf_func_state *state, int n)
{
	struct bpf_reference_state *refs;

	refs = krealloc(state->refs, n * sizeof(*refs), GFP_KERNEL);
	if (!refs)
		return -ENOMEM;
	if (n > state->acquired_refs)
		memset(refs + state->acquired_refs, 0,
		       (n - state->acquired_refs) * sizeof(*refs));
	state->refs = refs;
	state->acquired_refs = n;
	return 0;
}

int copy_reference_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	struct bpf_reference_state *refs;
	int n = src->acquired_refs;

	if (n) {
		refs = krealloc(dst->refs, n * sizeof(*refs), GFP_KERNEL);
		if (!refs)
			return -ENOMEM;
		memcpy(refs, src->refs, n * sizeof(*refs));
		dst->refs = refs;
	}
	dst->acquired_refs = n;
	return 0;
}

/*
 * Records an object acquired at insn_idx in the current frame and gives
 * it a fresh id: the ref_obj_id of every register that will carry it.
 */
int acquire_reference_state(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_func_state *state = cur_func(env);
	int slot = state->acquired_refs, id, err;

	err = resize_reference_state(state, slot + 1);
	if (err)
		return err;
	id = new_reg_id(env);
	state->refs[slot].id = id;
	state->refs[slot].insn_idx = insn_idx;
	/* a callback must give back what it took before it returns */
	state->refs[slot].callback_ref = state->in_callback_fn ? (int)state->frameno : 0;
	return id;
}

int release_reference_state(struct bpf_func_state *state, int ptr_id)
{
	int i, last = state->acquired_refs - 1;

	for (i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].id != ptr_id)
			continue;
		/* a callback may not release what its caller holds */
		if (state->in_callback_fn && state->refs[i].callback_ref != (int)state->frameno)
			return -EINVAL;
		if (i != last)
			state->refs[i] = state->refs[last];
		memset(&state->refs[last], 0, sizeof(state->refs[last]));
		state->acquired_refs--;
		return 0;
	}
	return -EINVAL;
}

/*
 * The object ref_obj_id was released: every copy of a pointer to it, in
 * any frame, registers and spilled slots alike, is dead.
 */
int release_reference(struct bpf_verifier_env *env, int ref_obj_id)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int err;

	err = release_reference_state(cur_func(env), ref_obj_id);
	if (err)
		return err;

	bpf_for_each_reg_in_vstate(env->cur_state, state, reg, ({
		if (reg->ref_obj_id == (u32)ref_obj_id) {
			if (!env->allow_ptr_leaks)
				__mark_reg_not_init(env, reg);
			else
				__mark_reg_unknown(env, reg);
		}
	}));
	return 0;
}

/*
 * At an exit of the program (or of a callback, for what the callback
 * acquired itself) nothing may still be held.
 */
int check_reference_leak(struct bpf_verifier_env *env)
{
	struct bpf_func_state *state = cur_func(env);
	bool lingering = false;
	int i;

	/* a plain subprogram hands its references back to its caller */
	if (state->frameno && !state->in_callback_fn)
		return 0;

	for (i = 0; i < state->acquired_refs; i++) {
		if (state->in_callback_fn &&
		    state->refs[i].callback_ref != (int)state->frameno)
			continue;
		verbose(env, "Unreleased reference id=%d alloc_insn=%d\n",
			state->refs[i].id, state->refs[i].insn_idx);
		lingering = true;
	}
	return lingering ? -EINVAL : 0;
}

/* ---- the register types each argument type accepts ---- */

struct bpf_reg_types {
	const enum bpf_reg_type types[10];
	u32 *btf_id;
};

static const struct bpf_reg_types map_key_value_types = {
	.types = { PTR_TO_STACK, PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_MAP_KEY,
		   PTR_TO_MAP_VALUE },
};

static const struct bpf_reg_types sock_types = {
	.types = { PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK },
};

static const struct bpf_reg_types btf_id_sock_common_types = {
	.types = { PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK,
		   PTR_TO_BTF_ID },
	.btf_id = (u32 *)&btf_sock_ids[BTF_SOCK_TYPE_SOCK_COMMON],
};

static const struct bpf_reg_types mem_types = {
	.types = { PTR_TO_STACK, PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_MAP_KEY,
		   PTR_TO_MAP_VALUE, PTR_TO_MEM, PTR_TO_MEM | MEM_ALLOC, PTR_TO_BUF },
};

static const struct bpf_reg_types fullsock_types = { .types = { PTR_TO_SOCKET } };
static const struct bpf_reg_types scalar_types = { .types = { SCALAR_VALUE } };
static const struct bpf_reg_types context_types = { .types = { PTR_TO_CTX } };
static const struct bpf_reg_types alloc_mem_types = { .types = { PTR_TO_MEM | MEM_ALLOC } };
static const struct bpf_reg_types const_map_ptr_types = { .types = { CONST_PTR_TO_MAP } };
static const struct bpf_reg_types btf_ptr_types = { .types = { PTR_TO_BTF_ID } };
static const struct bpf_reg_types spin_lock_types = { .types = { PTR_TO_MAP_VALUE } };
static const struct bpf_reg_types percpu_btf_ptr_types = {
	.types = { PTR_TO_BTF_ID | MEM_PERCPU },
};
static const struct bpf_reg_types func_ptr_types = { .types = { PTR_TO_FUNC } };
static const struct bpf_reg_types stack_ptr_types = { .types = { PTR_TO_STACK } };
static const struct bpf_reg_types const_str_ptr_types = { .types = { PTR_TO_MAP_VALUE } };
static const struct bpf_reg_types timer_types = { .types = { PTR_TO_MAP_VALUE } };
static const struct bpf_reg_types kptr_types = { .types = { PTR_TO_MAP_VALUE } };
static const struct bpf_reg_types dynptr_types = {
	.types = { PTR_TO_STACK, PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL },
};

static const struct bpf_reg_types *const compatible_reg_types[__BPF_ARG_TYPE_MAX] = {
	[ARG_PTR_TO_MAP_KEY]		= &map_key_value_types,
	[ARG_PTR_TO_MAP_VALUE]		= &map_key_value_types,
	[ARG_CONST_SIZE]		= &scalar_types,
	[ARG_CONST_SIZE_OR_ZERO]	= &scalar_types,
	[ARG_CONST_ALLOC_SIZE_OR_ZERO]	= &scalar_types,
	[ARG_CONST_MAP_PTR]		= &const_map_ptr_types,
	[ARG_PTR_TO_CTX]		= &context_types,
	[ARG_PTR_TO_SOCK_COMMON]	= &sock_types,
	[ARG_PTR_TO_BTF_ID_SOCK_COMMON]	= &btf_id_sock_common_types,
	[ARG_PTR_TO_SOCKET]		= &fullsock_types,
	[ARG_PTR_TO_BTF_ID]		= &btf_ptr_types,
	[ARG_PTR_TO_SPIN_LOCK]		= &spin_lock_types,
	[ARG_PTR_TO_MEM]		= &mem_types,
	[ARG_PTR_TO_ALLOC_MEM]		= &alloc_mem_types,
	[ARG_PTR_TO_PERCPU_BTF_ID]	= &percpu_btf_ptr_types,
	[ARG_PTR_TO_FUNC]		= &func_ptr_types,
	[ARG_PTR_TO_STACK]		= &stack_ptr_types,
	[ARG_PTR_TO_CONST_STR]		= &const_str_ptr_types,
	[ARG_PTR_TO_TIMER]		= &timer_types,
	[ARG_PTR_TO_KPTR]		= &kptr_types,
	[ARG_PTR_TO_DYNPTR]		= &dynptr_types,
};

/*
 * Does the BTF object (btf, id) at offset off hold the wanted type?  The
 * type itself at offset 0, or (unless strict) a struct nested at off,
 * the way 6.1 lets a struct sock stand for its struct sock_common.
 * Without a kernel BTF (btf NULL) only the very id at offset 0 matches.
 */
static bool btf_struct_ids_match(const struct btf *btf, u32 id, int off,
				 const struct btf *need_btf, u32 need_type_id, bool strict)
{
	const struct btf_type *t;
	const struct btf_member *m;
	int depth;

	if (off < 0)
		return false;
	if (!btf)
		return !off && id == need_type_id && !need_btf;
	for (depth = 0; depth < 32; depth++) {
		bool found = false;
		u32 i;

		if (!off && id == need_type_id && need_btf == btf)
			return true;
		if (strict)
			return false;
		t = btf_type_skip_modifiers(btf, id, &id);
		if (!t || !btf_type_is_struct(t))
			return false;
		/* dive into the struct member that covers off */
		m = btf_type_member(t);
		for (i = 0; i < btf_type_vlen(t); i++, m++) {
			u32 moff = __btf_member_bit_offset(t, m) / 8, msize = 0, mid = m->type;
			const struct btf_type *mt = btf_type_id_size(btf, &mid, &msize);

			if (!mt || !btf_type_is_struct(mt) || (u32)off < moff ||
			    (u32)off >= moff + msize)
				continue;
			off -= moff;
			id = mid;
			found = true;
			break;
		}
		if (!found)
			return false;
	}
	return false;
}

int check_reg_type(struct bpf_verifier_env *env, u32 regno, enum bpf_arg_type arg_type,
		   const u32 *arg_btf_id, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	const struct bpf_reg_types *compatible = NULL;
	enum bpf_reg_type type = reg->type;
	struct btf *btf_vmlinux;
	int i, n;

	if (base_type(arg_type) < __BPF_ARG_TYPE_MAX)
		compatible = compatible_reg_types[base_type(arg_type)];
	if (!compatible) {
		verbose(env, "verifier internal error: unsupported arg type %d\n", arg_type);
		return -EFAULT;
	}

	/*
	 * An argument that only reads accepts read-only memory too, and one
	 * that may be NULL accepts a maybe-NULL pointer: those flags of the
	 * register are not held against it.
	 */
	if (arg_type & MEM_RDONLY)
		type &= ~MEM_RDONLY;
	if (arg_type & PTR_MAYBE_NULL)
		type &= ~PTR_MAYBE_NULL;

	for (n = 0; n < (int)ARRAY_SIZE(compatible->types) && compatible->types[n] != NOT_INIT; n++)
		if (type == compatible->types[n])
			goto found;

	verbose(env, "R%d type=%s expected=", regno, reg_type_str(env, reg->type));
	for (i = 0; i + 1 < n; i++)
		verbose(env, "%s, ", reg_type_str(env, compatible->types[i]));
	verbose(env, "%s\n", reg_type_str(env, compatible->types[n - 1]));
	return -EACCES;

found:
	if (reg->type != PTR_TO_BTF_ID)
		return 0;

	if (!arg_btf_id) {
		if (!compatible->btf_id) {
			verbose(env, "verifier internal error: missing arg compatible BTF ID\n");
			return -EFAULT;
		}
		arg_btf_id = compatible->btf_id;
	}
	if (meta->func_id == BPF_FUNC_kptr_xchg) {
		/* maps have no kptr fields here: process_kptr_func() refused the call */
		verbose(env, "verifier internal error: kptr_xchg without a kptr\n");
		return -EACCES;
	}
	/*
	 * A release must get the very type it takes; bpf_sk_release takes
	 * any socket through its leading struct sock_common.
	 */
	btf_vmlinux = verifier_btf_vmlinux();
	if (!btf_struct_ids_match(reg->btf, reg->btf_id, reg->off, btf_vmlinux, *arg_btf_id,
				  arg_type_is_release(arg_type) &&
				  meta->func_id != BPF_FUNC_sk_release)) {
		verbose(env, "R%d is of type %s but %s is expected\n", regno,
			kernel_type_name(reg->btf, reg->btf_id),
			kernel_type_name(btf_vmlinux, *arg_btf_id));
		return -EACCES;
	}
	return 0;
}

/*
 * Which pointer types may carry an offset into a helper: memory-like
 * ones may, a BTF object a fixed one (none when it is released), the
 * others none at all.
 */
int check_func_arg_reg_off(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			   int regno, enum bpf_arg_type arg_type)
{
	bool fixed_off_ok = false;

	switch ((u32)reg->type) {
	case PTR_TO_STACK:
		if (arg_type_is_dynptr(arg_type) && reg->off % BPF_REG_SIZE) {
			verbose(env, "cannot pass in dynptr at an offset\n");
			return -EINVAL;
		}
		fallthrough;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_MEM | MEM_RDONLY:
	case PTR_TO_MEM | MEM_ALLOC:
	case PTR_TO_BUF:
	case PTR_TO_BUF | MEM_RDONLY:
	case SCALAR_VALUE:
		/* ringbuf memory goes back whole: from its start */
		if (base_type(arg_type) != ARG_PTR_TO_ALLOC_MEM)
			return 0;
		break;
	case PTR_TO_BTF_ID:
		if (arg_type_is_release(arg_type) && reg->off) {
			verbose(env, "R%d must have zero offset when passed to release func\n",
				regno);
			return -EINVAL;
		}
		fixed_off_ok = true;
		break;
	default:
		break;
	}
	return __check_ptr_off_reg(env, reg, regno, fixed_off_ok);
}

/* ---- bpf_spin_lock, bpf_timer, kptr ---- */

/*
 * One lock at a time: the lock taken is remembered by the id of the map
 * value pointer it lives in (map values with a lock keep their id after
 * the NULL check), and only that lock can be released.
 */
static int process_spin_lock(struct bpf_verifier_env *env, int regno, bool is_lock)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_map *map = reg->map_ptr;
	u64 val = reg->var_off.value;

	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "R%d doesn't have constant offset. bpf_spin_lock has to be at the constant offset\n",
			regno);
		return -EINVAL;
	}
	if (!map->btf) {
		verbose(env, "map '%s' has to have BTF in order to use bpf_spin_lock\n",
			map->name);
		return -EINVAL;
	}
	if (!map_value_has_spin_lock(map)) {
		if (map->spin_lock_off == -E2BIG)
			verbose(env, "map '%s' has more than one 'struct bpf_spin_lock'\n",
				map->name);
		else if (map->spin_lock_off == -ENOENT)
			verbose(env, "map '%s' doesn't have 'struct bpf_spin_lock'\n",
				map->name);
		else
			verbose(env, "map '%s' is not a struct type or bpf_spin_lock is mangled\n",
				map->name);
		return -EINVAL;
	}
	if ((u64)map->spin_lock_off != val + reg->off) {
		verbose(env, "off %lld doesn't point to 'struct bpf_spin_lock'\n",
			(long long)(val + reg->off));
		return -EINVAL;
	}
	if (is_lock) {
		if (cur->active_spin_lock) {
			verbose(env, "Locking two bpf_spin_locks are not allowed\n");
			return -EINVAL;
		}
		cur->active_spin_lock = reg->id;
		return 0;
	}
	if (!cur->active_spin_lock) {
		verbose(env, "bpf_spin_unlock without taking a lock\n");
		return -EINVAL;
	}
	if (cur->active_spin_lock != reg->id) {
		verbose(env, "bpf_spin_unlock of different lock\n");
		return -EINVAL;
	}
	cur->active_spin_lock = 0;
	return 0;
}

static int process_timer_func(struct bpf_verifier_env *env, int regno,
			      struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	struct bpf_map *map = reg->map_ptr;
	u64 val = reg->var_off.value;

	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "R%d doesn't have constant offset. bpf_timer has to be at the constant offset\n",
			regno);
		return -EINVAL;
	}
	if (!map->btf) {
		verbose(env, "map '%s' has to have BTF in order to use bpf_timer\n", map->name);
		return -EINVAL;
	}
	if (!map_value_has_timer(map)) {
		if (map->timer_off == -E2BIG)
			verbose(env, "map '%s' has more than one 'struct bpf_timer'\n", map->name);
		else if (map->timer_off == -ENOENT)
			verbose(env, "map '%s' doesn't have 'struct bpf_timer'\n", map->name);
		else
			verbose(env, "map '%s' is not a struct type or bpf_timer is mangled\n",
				map->name);
		return -EINVAL;
	}
	if ((u64)map->timer_off != val + reg->off) {
		verbose(env, "off %lld doesn't point to 'struct bpf_timer' that is at %d\n",
			(long long)(val + reg->off), map->timer_off);
		return -EINVAL;
	}
	if (meta->map_ptr) {
		verbose(env, "verifier bug. Two map pointers in a timer helper\n");
		return -EFAULT;
	}
	/* the map argument that follows must be this very (inner) map */
	meta->map_uid = reg->map_uid;
	meta->map_ptr = map;
	return 0;
}

/*
 * bpf_kptr_xchg(): sysbpf's maps hold no kptr fields, so every map value
 * is one "with no valid kptr", which is what 6.1 says of such maps.
 */
static int process_kptr_func(struct bpf_verifier_env *env, int regno,
			     struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	struct bpf_map *map = reg->map_ptr;

	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "R%d doesn't have constant offset. kptr has to be at the constant offset\n",
			regno);
		return -EINVAL;
	}
	if (!map->btf) {
		verbose(env, "map '%s' has to have BTF in order to use bpf_kptr_xchg\n",
			map->name);
		return -EINVAL;
	}
	verbose(env, "map '%s' has no valid kptr\n", map->name);
	return -EINVAL;
}

/* ---- dynptrs: two stack slots a helper initializes ---- */

static int get_spi(s32 off)
{
	return (-off - 1) / BPF_REG_SIZE;
}

/* slots spi - nr_slots + 1 .. spi all lie in the frame's tracked stack */
static bool is_spi_bounds_valid(const struct bpf_func_state *state, int spi, int nr_slots)
{
	return spi - nr_slots + 1 >= 0 && spi < state->allocated_stack / BPF_REG_SIZE;
}

static enum bpf_dynptr_type arg_to_dynptr_type(enum bpf_arg_type arg_type)
{
	switch (arg_type & DYNPTR_TYPE_FLAG_MASK) {
	case DYNPTR_TYPE_LOCAL:
		return BPF_DYNPTR_TYPE_LOCAL;
	case DYNPTR_TYPE_RINGBUF:
		return BPF_DYNPTR_TYPE_RINGBUF;
	default:
		return BPF_DYNPTR_TYPE_INVALID;
	}
}

/* a ringbuf dynptr holds a reservation: it must be submitted or discarded */
static bool dynptr_type_refcounted(enum bpf_dynptr_type type)
{
	return type == BPF_DYNPTR_TYPE_RINGBUF;
}

static int mark_stack_slots_dynptr(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				   enum bpf_arg_type arg_type, int insn_idx)
{
	struct bpf_func_state *state = func(env, reg);
	enum bpf_dynptr_type type;
	int spi = get_spi(reg->off), i, id;

	if (!is_spi_bounds_valid(state, spi, BPF_DYNPTR_NR_SLOTS))
		return -EINVAL;
	for (i = 0; i < BPF_REG_SIZE; i++) {
		state->stack[spi].slot_type[i] = STACK_DYNPTR;
		state->stack[spi - 1].slot_type[i] = STACK_DYNPTR;
	}
	type = arg_to_dynptr_type(arg_type);
	if (type == BPF_DYNPTR_TYPE_INVALID)
		return -EINVAL;
	state->stack[spi].spilled_ptr.dynptr.first_slot = true;
	state->stack[spi].spilled_ptr.dynptr.type = type;
	state->stack[spi - 1].spilled_ptr.dynptr.type = type;

	if (dynptr_type_refcounted(type)) {
		id = acquire_reference_state(env, insn_idx);
		if (id < 0)
			return id;
		state->stack[spi].spilled_ptr.id = id;
		state->stack[spi - 1].spilled_ptr.id = id;
	}
	return 0;
}

static int unmark_stack_slots_dynptr(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi = get_spi(reg->off), i;

	if (!is_spi_bounds_valid(state, spi, BPF_DYNPTR_NR_SLOTS))
		return -EINVAL;
	for (i = 0; i < BPF_REG_SIZE; i++) {
		state->stack[spi].slot_type[i] = STACK_INVALID;
		state->stack[spi - 1].slot_type[i] = STACK_INVALID;
	}
	/* the data slices of the reservation die with it */
	if (dynptr_type_refcounted(state->stack[spi].spilled_ptr.dynptr.type)) {
		release_reference(env, state->stack[spi].spilled_ptr.id);
		state->stack[spi].spilled_ptr.id = 0;
		state->stack[spi - 1].spilled_ptr.id = 0;
	}
	state->stack[spi].spilled_ptr.dynptr.first_slot = false;
	state->stack[spi].spilled_ptr.dynptr.type = 0;
	state->stack[spi - 1].spilled_ptr.dynptr.type = 0;
	return 0;
}

static bool is_dynptr_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi = get_spi(reg->off), i;

	if (!is_spi_bounds_valid(state, spi, BPF_DYNPTR_NR_SLOTS))
		return true;
	for (i = 0; i < BPF_REG_SIZE; i++)
		if (state->stack[spi].slot_type[i] == STACK_DYNPTR ||
		    state->stack[spi - 1].slot_type[i] == STACK_DYNPTR)
			return false;
	return true;
}

static bool is_dynptr_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	struct bpf_func_state *state = func(env, reg);
	int spi = get_spi(reg->off), i;

	if (!is_spi_bounds_valid(state, spi, BPF_DYNPTR_NR_SLOTS) ||
	    !state->stack[spi].spilled_ptr.dynptr.first_slot)
		return false;
	for (i = 0; i < BPF_REG_SIZE; i++)
		if (state->stack[spi].slot_type[i] != STACK_DYNPTR ||
		    state->stack[spi - 1].slot_type[i] != STACK_DYNPTR)
			return false;
	return true;
}

static bool is_dynptr_type_expected(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				    enum bpf_arg_type arg_type)
{
	struct bpf_func_state *state = func(env, reg);

	/* a plain ARG_PTR_TO_DYNPTR takes any kind */
	if (arg_type == ARG_PTR_TO_DYNPTR)
		return true;
	return state->stack[get_spi(reg->off)].spilled_ptr.dynptr.type ==
	       arg_to_dynptr_type(arg_type);
}

static u32 stack_slot_get_id(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	return func(env, reg)->stack[get_spi(reg->off)].spilled_ptr.id;
}

static int check_dynptr_arg(struct bpf_verifier_env *env, u32 arg, struct bpf_reg_state *reg,
			    enum bpf_arg_type arg_type, struct bpf_call_arg_meta *meta)
{
	const char *kind;

	/* a dynptr a helper handed over (a callback's argument) is valid */
	if (base_type(reg->type) == PTR_TO_DYNPTR)
		return 0;
	if (arg_type & MEM_UNINIT) {
		if (!is_dynptr_reg_valid_uninit(env, reg)) {
			verbose(env, "Dynptr has to be an uninitialized dynptr\n");
			return -EINVAL;
		}
		if (meta->uninit_dynptr_regno) {
			verbose(env, "verifier internal error: multiple uninitialized dynptr args\n");
			return -EFAULT;
		}
		meta->uninit_dynptr_regno = arg + BPF_REG_1;
		return 0;
	}
	if (!is_dynptr_reg_valid_init(env, reg)) {
		verbose(env, "Expected an initialized dynptr as arg #%d\n", arg + 1);
		return -EINVAL;
	}
	if (is_dynptr_type_expected(env, reg, arg_type))
		return 0;
	switch (arg_type & DYNPTR_TYPE_FLAG_MASK) {
	case DYNPTR_TYPE_LOCAL:
		kind = "local";
		break;
	case DYNPTR_TYPE_RINGBUF:
		kind = "ringbuf";
		break;
	default:
		kind = "<unknown>";
		break;
	}
	verbose(env, "Expected a dynptr of type %s as arg #%d\n", kind, arg + 1);
	return -EINVAL;
}

/* ---- the arguments ---- */

/* What a map value argument really is, for the maps that hold something else. */
static int resolve_map_arg_type(struct bpf_verifier_env *env,
				const struct bpf_call_arg_meta *meta,
				enum bpf_arg_type *arg_type)
{
	if (!meta->map_ptr) {
		/* kernel subsystem misconfigured verifier */
		verbose(env, "invalid map_ptr to access map->type\n");
		return -EACCES;
	}
	switch (meta->map_ptr->map_type) {
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		/* the value stored is a socket */
		if (*arg_type != ARG_PTR_TO_MAP_VALUE) {
			verbose(env, "invalid arg_type for sockmap/sockhash\n");
			return -EINVAL;
		}
		*arg_type = ARG_PTR_TO_BTF_ID_SOCK_COMMON;
		break;
	case BPF_MAP_TYPE_BLOOM_FILTER:
		/* peek only reads the value it tests for */
		if (meta->func_id == BPF_FUNC_map_peek_elem)
			*arg_type = ARG_PTR_TO_MAP_VALUE;
		break;
	default:
		break;
	}
	return 0;
}

/* A format string: a NUL-terminated constant inside a frozen read-only map. */
static int check_const_str_arg(struct bpf_verifier_env *env, u32 regno,
			       struct bpf_reg_state *reg)
{
	struct bpf_map *map = reg->map_ptr;
	u64 map_addr;
	int map_off, err;
	const char *str;

	if (!bpf_map_is_rdonly(map)) {
		verbose(env, "R%d does not point to a readonly map'\n", regno);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "R%d is not a constant address'\n", regno);
		return -EACCES;
	}
	if (!map->ops->map_direct_value_addr) {
		verbose(env, "no direct value access support for this map type\n");
		return -EACCES;
	}
	err = check_map_access(env, regno, reg->off, map->value_size - reg->off, false,
			       ACCESS_HELPER);
	if (err)
		return err;

	map_off = reg->off + reg->var_off.value;
	err = map->ops->map_direct_value_addr(map, &map_addr, map_off);
	if (err) {
		verbose(env, "direct value access on string failed\n");
		return err;
	}
	str = (const char *)(unsigned long)map_addr + map_off;
	if (!memchr(str, 0, map->value_size - map_off)) {
		verbose(env, "string is not zero-terminated\n");
		return -EINVAL;
	}
	return 0;
}

static int check_func_arg(struct bpf_verifier_env *env, u32 arg,
			  struct bpf_call_arg_meta *meta, const struct bpf_func_proto *fn)
{
	u32 regno = BPF_REG_1 + arg;
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	enum bpf_arg_type arg_type = fn->arg_type[arg];
	u32 *arg_btf_id = NULL;
	int err;

	if (arg_type == ARG_DONTCARE)
		return 0;

	err = check_reg_arg(env, regno, SRC_OP);
	if (err)
		return err;

	if (arg_type == ARG_ANYTHING) {
		if (is_pointer_value(env, regno)) {
			verbose(env, "R%d leaks addr into helper function\n", regno);
			return -EACCES;
		}
		return 0;
	}

	if (type_is_pkt_pointer(reg->type) && !may_access_direct_pkt_data(env, meta, BPF_READ)) {
		verbose(env, "helper access to the packet is not allowed\n");
		return -EACCES;
	}

	if (base_type(arg_type) == ARG_PTR_TO_MAP_VALUE) {
		err = resolve_map_arg_type(env, meta, &arg_type);
		if (err)
			return err;
	}

	/* NULL is a scalar: an argument that may be NULL takes it as is */
	if (!(register_is_null(reg) && type_may_be_null(arg_type))) {
		if (base_type(arg_type) == ARG_PTR_TO_BTF_ID)
			arg_btf_id = fn->arg_btf_id[arg];
		err = check_reg_type(env, regno, arg_type, arg_btf_id, meta);
		if (err)
			return err;
		err = check_func_arg_reg_off(env, reg, regno, arg_type);
		if (err)
			return err;
	}

	if (arg_type_is_release(arg_type)) {
		if (arg_type_is_dynptr(arg_type)) {
			struct bpf_func_state *state = func(env, reg);
			int spi = get_spi(reg->off);

			if (!is_spi_bounds_valid(state, spi, BPF_DYNPTR_NR_SLOTS) ||
			    !state->stack[spi].spilled_ptr.id) {
				verbose(env, "arg %d is an unacquired reference\n", regno);
				return -EINVAL;
			}
		} else if (!reg->ref_obj_id && !register_is_null(reg)) {
			verbose(env, "R%d must be referenced when passed to release function\n",
				regno);
			return -EINVAL;
		}
		if (meta->release_regno) {
			verbose(env, "verifier internal error: more than one release argument\n");
			return -EFAULT;
		}
		meta->release_regno = regno;
	}

	if (reg->ref_obj_id) {
		if (meta->ref_obj_id) {
			verbose(env, "verifier internal error: more than one arg with ref_obj_id R%d %u %u\n",
				regno, reg->ref_obj_id, meta->ref_obj_id);
			return -EFAULT;
		}
		meta->ref_obj_id = reg->ref_obj_id;
	}

	switch (base_type(arg_type)) {
	case ARG_CONST_MAP_PTR:
		/*
		 * A timer's map was taken from its value pointer: the map
		 * passed must be that one, inner maps told apart by map_uid.
		 */
		if (meta->map_ptr &&
		    (meta->map_ptr != reg->map_ptr || (u32)meta->map_uid != reg->map_uid)) {
			verbose(env, "timer pointer in R1 map_uid=%d doesn't match map pointer in R2 map_uid=%d\n",
				meta->map_uid, reg->map_uid);
			return -EINVAL;
		}
		meta->map_ptr = reg->map_ptr;
		meta->map_uid = reg->map_uid;
		break;
	case ARG_PTR_TO_MAP_KEY:
		/* the map argument comes first in every proto that has a key */
		if (!meta->map_ptr) {
			verbose(env, "invalid map_ptr to access map->key\n");
			return -EACCES;
		}
		err = check_helper_mem_access_type(env, regno, meta->map_ptr->key_size,
						   BPF_READ, false, NULL);
		break;
	case ARG_PTR_TO_MAP_VALUE:
		if (type_may_be_null(arg_type) && register_is_null(reg))
			return 0;
		if (!meta->map_ptr) {
			verbose(env, "invalid map_ptr to access map->value\n");
			return -EACCES;
		}
		meta->raw_mode = arg_type & MEM_UNINIT;
		err = check_helper_mem_access_type(env, regno, meta->map_ptr->value_size,
						   arg_access_type(arg_type), false, meta);
		break;
	case ARG_PTR_TO_PERCPU_BTF_ID:
		if (!reg->btf_id) {
			verbose(env, "Helper has invalid btf_id in R%d\n", regno);
			return -EACCES;
		}
		meta->ret_btf = reg->btf;
		meta->ret_btf_id = reg->btf_id;
		break;
	case ARG_PTR_TO_SPIN_LOCK:
		if (meta->func_id != BPF_FUNC_spin_lock && meta->func_id != BPF_FUNC_spin_unlock) {
			verbose(env, "verifier internal error\n");
			return -EFAULT;
		}
		if (process_spin_lock(env, regno, meta->func_id == BPF_FUNC_spin_lock))
			return -EACCES;
		break;
	case ARG_PTR_TO_TIMER:
		if (process_timer_func(env, regno, meta))
			return -EACCES;
		break;
	case ARG_PTR_TO_FUNC:
		meta->subprogno = reg->subprogno;
		break;
	case ARG_PTR_TO_MEM:
		/* without a fixed size, the size argument that follows checks it */
		meta->raw_mode = arg_type & MEM_UNINIT;
		if (arg_type & MEM_FIXED_SIZE) {
			err = check_helper_mem_access_type(env, regno, fn->arg_size[arg],
							   arg_access_type(arg_type), false, meta);
			if (err)
				return err;
			if (arg_type & MEM_ALIGNED)
				err = check_ptr_alignment(env, reg, 0, fn->arg_size[arg], true);
		}
		break;
	case ARG_CONST_SIZE:
		err = check_mem_size_reg_type(env, reg, regno,
					      arg_access_type(fn->arg_type[arg - 1]), false, meta);
		break;
	case ARG_CONST_SIZE_OR_ZERO:
		err = check_mem_size_reg_type(env, reg, regno,
					      arg_access_type(fn->arg_type[arg - 1]), true, meta);
		break;
	case ARG_PTR_TO_DYNPTR:
		err = check_dynptr_arg(env, arg, reg, arg_type, meta);
		break;
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!tnum_is_const(reg->var_off)) {
			verbose(env, "R%d is not a known constant'\n", regno);
			return -EACCES;
		}
		meta->mem_size = reg->var_off.value;
		err = mark_chain_precision(env, regno);
		break;
	case ARG_PTR_TO_CONST_STR:
		err = check_const_str_arg(env, regno, reg);
		break;
	case ARG_PTR_TO_KPTR:
		if (process_kptr_func(env, regno, meta))
			return -EACCES;
		break;
	default:
		break;
	}
	return err;
}

/* ---- a proto's sanity ---- */

/* one argument at most is memory the helper fills without reading */
static bool check_raw_mode_ok(const struct bpf_func_proto *fn)
{
	int i, count = 0;

	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		count += arg_type_is_raw_mem(fn->arg_type[i]);
	return count <= 1;
}

/*
 * A memory argument is followed by its size argument unless its size is
 * fixed in the proto; a size argument follows nothing else.
 */
static bool check_args_pair_invalid(const struct bpf_func_proto *fn, int arg)
{
	bool is_fixed = fn->arg_type[arg] & MEM_FIXED_SIZE;
	bool has_size = fn->arg_size[arg] != 0;
	bool is_next_size = false;

	if (arg + 1 < MAX_BPF_FUNC_REG_ARGS)
		is_next_size = arg_type_is_mem_size(fn->arg_type[arg + 1]);
	if (base_type(fn->arg_type[arg]) != ARG_PTR_TO_MEM)
		return is_next_size;
	return has_size == is_next_size || is_next_size == is_fixed;
}

static bool check_arg_pair_ok(const struct bpf_func_proto *fn)
{
	int i;

	if (arg_type_is_mem_size(fn->arg1_type))
		return false;
	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		if (check_args_pair_invalid(fn, i))
			return false;
	return true;
}

/* BTF object arguments name their type; nothing else uses the slot */
static bool check_btf_id_ok(const struct bpf_func_proto *fn)
{
	int i;

	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++) {
		enum bpf_arg_type t = fn->arg_type[i];

		if (base_type(t) == ARG_PTR_TO_BTF_ID && !fn->arg_btf_id[i])
			return false;
		/* arg_btf_id shares its storage with arg_size */
		if (base_type(t) != ARG_PTR_TO_BTF_ID && fn->arg_btf_id[i] &&
		    (base_type(t) != ARG_PTR_TO_MEM || !(t & MEM_FIXED_SIZE)))
			return false;
	}
	return true;
}

static int check_func_proto(const struct bpf_func_proto *fn)
{
	return check_raw_mode_ok(fn) && check_arg_pair_ok(fn) && check_btf_id_ok(fn) ?
	       0 : -EINVAL;
}

/* ---- maps and helpers: which go together ---- */

/* Contexts where no socket is locked: a sockmap may be changed from there. */
static bool may_update_sockmap(struct bpf_verifier_env *env, int func_id)
{
	enum bpf_attach_type eatype = env->prog->expected_attach_type;

	if (func_id != BPF_FUNC_map_update_elem && func_id != BPF_FUNC_map_delete_elem)
		return false;

	switch (resolve_prog_type(env->prog)) {
	case BPF_PROG_TYPE_TRACING:
		if (eatype == BPF_TRACE_ITER)
			return true;
		break;
	case BPF_PROG_TYPE_SOCK_OPS:
		/* updates go through bpf_sock_map_update(), which checks the event */
		if (func_id == BPF_FUNC_map_delete_elem)
			return true;
		break;
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_SK_LOOKUP:
		return true;
	default:
		break;
	}
	verbose(env, "cannot update sockmap in this context\n");
	return false;
}

/*
 * The pairing is checked both ways: a special map only goes to the
 * helpers made for it, and those helpers only take that kind of map.
 * Lists end with 0 (BPF_FUNC_unspec, BPF_MAP_TYPE_UNSPEC).
 */
#define FUNCS(...)	((const u16[]){ __VA_ARGS__, 0 })
#define MAPS(...)	((const u8[]){ __VA_ARGS__, 0 })
#define NR_MAP_TYPES	(BPF_MAP_TYPE_USER_RINGBUF + 1)

static const u16 *const map_helpers[NR_MAP_TYPES] = {
	[BPF_MAP_TYPE_PROG_ARRAY]	= FUNCS(BPF_FUNC_tail_call),
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY]	= FUNCS(BPF_FUNC_perf_event_read,
						BPF_FUNC_perf_event_output,
						BPF_FUNC_skb_output,
						BPF_FUNC_perf_event_read_value,
						BPF_FUNC_xdp_output),
	[BPF_MAP_TYPE_RINGBUF]		= FUNCS(BPF_FUNC_ringbuf_output,
						BPF_FUNC_ringbuf_reserve,
						BPF_FUNC_ringbuf_query,
						BPF_FUNC_ringbuf_reserve_dynptr,
						BPF_FUNC_ringbuf_submit_dynptr,
						BPF_FUNC_ringbuf_discard_dynptr),
	[BPF_MAP_TYPE_USER_RINGBUF]	= FUNCS(BPF_FUNC_user_ringbuf_drain),
	[BPF_MAP_TYPE_STACK_TRACE]	= FUNCS(BPF_FUNC_get_stackid),
	[BPF_MAP_TYPE_CGROUP_ARRAY]	= FUNCS(BPF_FUNC_skb_under_cgroup,
						BPF_FUNC_current_task_under_cgroup),
	[BPF_MAP_TYPE_CGROUP_STORAGE]	= FUNCS(BPF_FUNC_get_local_storage),
	[BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE] = FUNCS(BPF_FUNC_get_local_storage),
	[BPF_MAP_TYPE_DEVMAP]		= FUNCS(BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem),
	[BPF_MAP_TYPE_DEVMAP_HASH]	= FUNCS(BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem),
	/* the program side of cpumap and xskmap stays narrow until uses show up */
	[BPF_MAP_TYPE_CPUMAP]		= FUNCS(BPF_FUNC_redirect_map),
	[BPF_MAP_TYPE_XSKMAP]		= FUNCS(BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem),
	[BPF_MAP_TYPE_ARRAY_OF_MAPS]	= FUNCS(BPF_FUNC_map_lookup_elem),
	[BPF_MAP_TYPE_HASH_OF_MAPS]	= FUNCS(BPF_FUNC_map_lookup_elem),
	[BPF_MAP_TYPE_SOCKMAP]		= FUNCS(BPF_FUNC_sk_redirect_map,
						BPF_FUNC_sock_map_update,
						BPF_FUNC_msg_redirect_map,
						BPF_FUNC_sk_select_reuseport,
						BPF_FUNC_map_lookup_elem),
	[BPF_MAP_TYPE_SOCKHASH]		= FUNCS(BPF_FUNC_sk_redirect_hash,
						BPF_FUNC_sock_hash_update,
						BPF_FUNC_msg_redirect_hash,
						BPF_FUNC_sk_select_reuseport,
						BPF_FUNC_map_lookup_elem),
	[BPF_MAP_TYPE_REUSEPORT_SOCKARRAY] = FUNCS(BPF_FUNC_sk_select_reuseport),
	[BPF_MAP_TYPE_QUEUE]		= FUNCS(BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem,
						BPF_FUNC_map_push_elem),
	[BPF_MAP_TYPE_STACK]		= FUNCS(BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem,
						BPF_FUNC_map_push_elem),
	[BPF_MAP_TYPE_SK_STORAGE]	= FUNCS(BPF_FUNC_sk_storage_get, BPF_FUNC_sk_storage_delete),
	[BPF_MAP_TYPE_INODE_STORAGE]	= FUNCS(BPF_FUNC_inode_storage_get,
						BPF_FUNC_inode_storage_delete),
	[BPF_MAP_TYPE_TASK_STORAGE]	= FUNCS(BPF_FUNC_task_storage_get,
						BPF_FUNC_task_storage_delete),
	[BPF_MAP_TYPE_BLOOM_FILTER]	= FUNCS(BPF_FUNC_map_peek_elem, BPF_FUNC_map_push_elem),
};

static const u8 *const helper_maps[__BPF_FUNC_MAX_ID] = {
	[BPF_FUNC_tail_call]		= MAPS(BPF_MAP_TYPE_PROG_ARRAY),
	[BPF_FUNC_perf_event_read]	= MAPS(BPF_MAP_TYPE_PERF_EVENT_ARRAY),
	[BPF_FUNC_perf_event_output]	= MAPS(BPF_MAP_TYPE_PERF_EVENT_ARRAY),
	[BPF_FUNC_perf_event_read_value] = MAPS(BPF_MAP_TYPE_PERF_EVENT_ARRAY),
	[BPF_FUNC_skb_output]		= MAPS(BPF_MAP_TYPE_PERF_EVENT_ARRAY),
	[BPF_FUNC_xdp_output]		= MAPS(BPF_MAP_TYPE_PERF_EVENT_ARRAY),
	[BPF_FUNC_ringbuf_output]	= MAPS(BPF_MAP_TYPE_RINGBUF),
	[BPF_FUNC_ringbuf_reserve]	= MAPS(BPF_MAP_TYPE_RINGBUF),
	[BPF_FUNC_ringbuf_query]	= MAPS(BPF_MAP_TYPE_RINGBUF),
	[BPF_FUNC_ringbuf_reserve_dynptr] = MAPS(BPF_MAP_TYPE_RINGBUF),
	[BPF_FUNC_ringbuf_submit_dynptr] = MAPS(BPF_MAP_TYPE_RINGBUF),
	[BPF_FUNC_ringbuf_discard_dynptr] = MAPS(BPF_MAP_TYPE_RINGBUF),
	[BPF_FUNC_user_ringbuf_drain]	= MAPS(BPF_MAP_TYPE_USER_RINGBUF),
	[BPF_FUNC_get_stackid]		= MAPS(BPF_MAP_TYPE_STACK_TRACE),
	[BPF_FUNC_current_task_under_cgroup] = MAPS(BPF_MAP_TYPE_CGROUP_ARRAY),
	[BPF_FUNC_skb_under_cgroup]	= MAPS(BPF_MAP_TYPE_CGROUP_ARRAY),
	[BPF_FUNC_redirect_map]		= MAPS(BPF_MAP_TYPE_DEVMAP, BPF_MAP_TYPE_DEVMAP_HASH,
					       BPF_MAP_TYPE_CPUMAP, BPF_MAP_TYPE_XSKMAP),
	[BPF_FUNC_sk_redirect_map]	= MAPS(BPF_MAP_TYPE_SOCKMAP),
	[BPF_FUNC_msg_redirect_map]	= MAPS(BPF_MAP_TYPE_SOCKMAP),
	[BPF_FUNC_sock_map_update]	= MAPS(BPF_MAP_TYPE_SOCKMAP),
	[BPF_FUNC_sk_redirect_hash]	= MAPS(BPF_MAP_TYPE_SOCKHASH),
	[BPF_FUNC_msg_redirect_hash]	= MAPS(BPF_MAP_TYPE_SOCKHASH),
	[BPF_FUNC_sock_hash_update]	= MAPS(BPF_MAP_TYPE_SOCKHASH),
	[BPF_FUNC_get_local_storage]	= MAPS(BPF_MAP_TYPE_CGROUP_STORAGE,
					       BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE),
	[BPF_FUNC_sk_select_reuseport]	= MAPS(BPF_MAP_TYPE_REUSEPORT_SOCKARRAY,
					       BPF_MAP_TYPE_SOCKMAP, BPF_MAP_TYPE_SOCKHASH),
	[BPF_FUNC_map_pop_elem]		= MAPS(BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK),
	[BPF_FUNC_map_peek_elem]	= MAPS(BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK,
					       BPF_MAP_TYPE_BLOOM_FILTER),
	[BPF_FUNC_map_push_elem]	= MAPS(BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK,
					       BPF_MAP_TYPE_BLOOM_FILTER),
	[BPF_FUNC_map_lookup_percpu_elem] = MAPS(BPF_MAP_TYPE_PERCPU_ARRAY,
						 BPF_MAP_TYPE_PERCPU_HASH,
						 BPF_MAP_TYPE_LRU_PERCPU_HASH),
	[BPF_FUNC_sk_storage_get]	= MAPS(BPF_MAP_TYPE_SK_STORAGE),
	[BPF_FUNC_sk_storage_delete]	= MAPS(BPF_MAP_TYPE_SK_STORAGE),
	[BPF_FUNC_inode_storage_get]	= MAPS(BPF_MAP_TYPE_INODE_STORAGE),
	[BPF_FUNC_inode_storage_delete]	= MAPS(BPF_MAP_TYPE_INODE_STORAGE),
	[BPF_FUNC_task_storage_get]	= MAPS(BPF_MAP_TYPE_TASK_STORAGE),
	[BPF_FUNC_task_storage_delete]	= MAPS(BPF_MAP_TYPE_TASK_STORAGE),
};

static bool func_listed(const u16 *funcs, int func_id)
{
	for (; *funcs; funcs++)
		if (*funcs == func_id)
			return true;
	return false;
}

static bool map_listed(const u8 *maps, enum bpf_map_type type)
{
	for (; *maps; maps++)
		if (*maps == type)
			return true;
	return false;
}

/*
 * Tail calls from subprograms: 6.1 wants a JIT that keeps the tail call
 * count across frames; sysbpf's interpreter does, as x86's JIT does.
 */
static bool allow_tail_call_in_subprogs(struct bpf_verifier_env *env)
{
	return true;
}

static int check_map_func_compatibility(struct bpf_verifier_env *env, struct bpf_map *map,
					int func_id)
{
	const u16 *funcs;
	const u8 *maps;

	if (!map)
		return 0;

	funcs = map->map_type < NR_MAP_TYPES ? map_helpers[map->map_type] : NULL;
	if (funcs && !func_listed(funcs, func_id)) {
		bool sockmap = map->map_type == BPF_MAP_TYPE_SOCKMAP ||
			       map->map_type == BPF_MAP_TYPE_SOCKHASH;

		if (!sockmap || !may_update_sockmap(env, func_id))
			goto error;
	}

	maps = func_id >= 0 && func_id < __BPF_FUNC_MAX_ID ? helper_maps[func_id] : NULL;
	if (maps && !map_listed(maps, map->map_type))
		goto error;
	if (func_id == BPF_FUNC_tail_call && env->subprog_cnt > 1 &&
	    !allow_tail_call_in_subprogs(env)) {
		verbose(env, "tail_calls are not allowed in non-JITed programs with bpf-to-bpf calls\n");
		return -EINVAL;
	}
	return 0;
error:
	verbose(env, "cannot pass map_type %d into func %s#%d\n",
		map->map_type, func_id_name(func_id), func_id);
	return -EINVAL;
}

/* ---- what the fixups learn of a call ---- */

static bool bpf_map_ptr_unpriv(const struct bpf_insn_aux_data *aux)
{
	return aux->map_ptr_state & BPF_MAP_PTR_UNPRIV;
}

static void bpf_map_ptr_store(struct bpf_insn_aux_data *aux, const struct bpf_map *map,
			      bool unpriv)
{
	unpriv |= bpf_map_ptr_unpriv(aux);
	aux->map_ptr_state = (unsigned long)map | (unpriv ? BPF_MAP_PTR_UNPRIV : 0UL);
}

static bool bpf_map_key_poisoned(const struct bpf_insn_aux_data *aux)
{
	return aux->map_key_state & BPF_MAP_KEY_POISON;
}

static bool bpf_map_key_unseen(const struct bpf_insn_aux_data *aux)
{
	return !(aux->map_key_state & BPF_MAP_KEY_SEEN);
}

static u64 bpf_map_key_immediate(const struct bpf_insn_aux_data *aux)
{
	return aux->map_key_state & ~(BPF_MAP_KEY_SEEN | BPF_MAP_KEY_POISON);
}

static void bpf_map_key_store(struct bpf_insn_aux_data *aux, u64 state)
{
	bool poisoned = bpf_map_key_poisoned(aux);

	aux->map_key_state = state | BPF_MAP_KEY_SEEN | (poisoned ? BPF_MAP_KEY_POISON : 0ULL);
}

/*
 * The map of a map helper call, for the fixups that inline lookups and
 * tail calls: one map at this insn on every path, or poisoned when paths
 * disagree.
 */
static int record_func_map(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
			   int func_id, int insn_idx)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	struct bpf_map *map = meta->map_ptr;
	/* sysbpf's maps do not keep their creator's rights: the loader's stand in */
	bool unpriv = !env->bypass_spec_v1;

	switch (func_id) {
	case BPF_FUNC_tail_call:
	case BPF_FUNC_map_lookup_elem:
	case BPF_FUNC_map_update_elem:
	case BPF_FUNC_map_delete_elem:
	case BPF_FUNC_map_push_elem:
	case BPF_FUNC_map_pop_elem:
	case BPF_FUNC_map_peek_elem:
	case BPF_FUNC_for_each_map_elem:
	case BPF_FUNC_redirect_map:
	case BPF_FUNC_map_lookup_percpu_elem:
		break;
	default:
		return 0;
	}

	if (!map) {
		verbose(env, "kernel subsystem misconfigured verifier\n");
		return -EINVAL;
	}
	/* a map the program may only read keeps its content */
	if ((map->map_flags & BPF_F_RDONLY_PROG) &&
	    (func_id == BPF_FUNC_map_delete_elem || func_id == BPF_FUNC_map_update_elem ||
	     func_id == BPF_FUNC_map_push_elem || func_id == BPF_FUNC_map_pop_elem)) {
		verbose(env, "write into map forbidden\n");
		return -EACCES;
	}

	if (!BPF_MAP_PTR(aux->map_ptr_state))
		bpf_map_ptr_store(aux, map, unpriv);
	else if (BPF_MAP_PTR(aux->map_ptr_state) != map)
		bpf_map_ptr_store(aux, BPF_MAP_PTR_POISON, unpriv);
	return 0;
}

/* A tail call with one constant, in-range index everywhere can become a direct jump. */
static int record_func_key(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
			   int func_id, int insn_idx)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	struct bpf_reg_state *reg = &cur_regs(env)[BPF_REG_3];
	struct bpf_map *map = meta->map_ptr;
	u64 val;
	int err;

	if (func_id != BPF_FUNC_tail_call)
		return 0;
	if (!map || map->map_type != BPF_MAP_TYPE_PROG_ARRAY) {
		verbose(env, "kernel subsystem misconfigured verifier\n");
		return -EINVAL;
	}

	val = reg->var_off.value;
	if (!(register_is_const(reg) && val < map->max_entries)) {
		bpf_map_key_store(aux, BPF_MAP_KEY_POISON);
		return 0;
	}
	err = mark_chain_precision(env, BPF_REG_3);
	if (err)
		return err;
	if (bpf_map_key_unseen(aux))
		bpf_map_key_store(aux, val);
	else if (!bpf_map_key_poisoned(aux) && bpf_map_key_immediate(aux) != val)
		bpf_map_key_store(aux, BPF_MAP_KEY_POISON);
	return 0;
}

/* bpf_loop with a zero flags argument and one callback everywhere: the fixups inline it */
static bool loop_flag_is_zero(struct bpf_verifier_env *env)
{
	struct bpf_reg_state *reg = &cur_regs(env)[BPF_REG_4];
	bool zero = register_is_null(reg);

	if (zero)
		mark_chain_precision(env, BPF_REG_4);
	return zero;
}

static void update_loop_inline_state(struct bpf_verifier_env *env, u32 subprogno)
{
	struct bpf_loop_inline_state *state = &env->insn_aux_data[env->insn_idx].loop_inline_state;

	if (!state->initialized) {
		state->initialized = 1;
		state->fit_for_inline = loop_flag_is_zero(env);
		state->callback_subprogno = subprogno;
		return;
	}
	if (!state->fit_for_inline)
		return;
	state->fit_for_inline = loop_flag_is_zero(env) &&
				state->callback_subprogno == subprogno;
}

/* The call is accepted: the fixups resolve it through call_idx/call_ids. */
static void record_helper_call(struct bpf_verifier_env *env, int func_id,
			       const struct bpf_func_proto *fn)
{
	env->helper_proto[func_id] = fn;
	if (env->call_idx[func_id])
		return;
	env->call_ids[env->call_cnt] = func_id;
	env->call_idx[func_id] = ++env->call_cnt;
}

/* ---- helper-specific rules ---- */

/* bpf_snprintf: the constant format must be one the helper will accept. */
static int check_bpf_snprintf_call(struct bpf_verifier_env *env, struct bpf_reg_state *regs)
{
	struct bpf_reg_state *fmt_reg = &regs[BPF_REG_3];
	struct bpf_reg_state *data_len_reg = &regs[BPF_REG_5];
	struct bpf_map *fmt_map = fmt_reg->map_ptr;
	struct bpf_bprintf_data data = {};
	int err, fmt_map_off, num_args;
	u64 fmt_addr;
	char *fmt;

	/* the data are u64s */
	if (data_len_reg->var_off.value % 8)
		return -EINVAL;
	num_args = data_len_reg->var_off.value / 8;

	/* ARG_PTR_TO_CONST_STR made sure of a constant, NUL-terminated string */
	fmt_map_off = fmt_reg->off + fmt_reg->var_off.value;
	err = fmt_map->ops->map_direct_value_addr(fmt_map, &fmt_addr, fmt_map_off);
	if (err) {
		verbose(env, "verifier bug\n");
		return -EFAULT;
	}
	fmt = (char *)(unsigned long)fmt_addr + fmt_map_off;

	err = bpf_bprintf_prepare(fmt, UINT_MAX, NULL, num_args, &data);
	if (err < 0)
		verbose(env, "Invalid format string\n");
	return err;
}

static int check_get_func_ip(struct bpf_verifier_env *env)
{
	enum bpf_prog_type type = resolve_prog_type(env->prog);
	int func_id = BPF_FUNC_get_func_ip;

	if (type == BPF_PROG_TYPE_TRACING) {
		if (!bpf_prog_has_trampoline(env->prog)) {
			verbose(env, "func %s#%d supported only for fentry/fexit/fmod_ret programs\n",
				func_id_name(func_id), func_id);
			return -ENOTSUPP;
		}
		return 0;
	}
	if (type == BPF_PROG_TYPE_KPROBE)
		return 0;
	verbose(env, "func %s#%d not supported for program type %d\n",
		func_id_name(func_id), func_id, type);
	return -ENOTSUPP;
}

/* bpf_dynptr_data(): the slice it returns lives as long as the dynptr's reference */
static int dynptr_data_ref(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
			   struct bpf_reg_state *regs, struct bpf_call_arg_meta *meta)
{
	int i;

	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++) {
		struct bpf_reg_state *reg = &regs[BPF_REG_1 + i];

		if (!arg_type_is_dynptr(fn->arg_type[i]))
			continue;
		if (meta->ref_obj_id) {
			verbose(env, "verifier internal error: meta.ref_obj_id already set\n");
			return -EFAULT;
		}
		if (base_type(reg->type) != PTR_TO_DYNPTR)
			meta->ref_obj_id = stack_slot_get_id(env, reg);
		return 0;
	}
	verbose(env, "verifier internal error: no dynptr in bpf_dynptr_data()\n");
	return -EFAULT;
}

/* The rules particular to one helper, once its arguments are checked. */
static int check_helper_specifics(struct bpf_verifier_env *env, struct bpf_insn *insn,
				  int *insn_idx_p, const struct bpf_func_proto *fn,
				  struct bpf_reg_state *regs, struct bpf_call_arg_meta *meta)
{
	int func_id = meta->func_id, err;

	switch (func_id) {
	case BPF_FUNC_tail_call:
		/* the program does not come back to release anything */
		err = check_reference_leak(env);
		if (err)
			verbose(env, "tail_call would lead to reference leak\n");
		return err;
	case BPF_FUNC_get_local_storage:
		/* the helper cannot fail, so it takes no flags that could make it */
		if (!register_is_null(&regs[BPF_REG_2])) {
			verbose(env, "get_local_storage() doesn't support non-zero flags\n");
			return -EINVAL;
		}
		return 0;
	case BPF_FUNC_for_each_map_elem:
		return __check_func_call(env, insn, insn_idx_p, meta->subprogno,
					 set_map_elem_callback_state);
	case BPF_FUNC_timer_set_callback:
		return __check_func_call(env, insn, insn_idx_p, meta->subprogno,
					 set_timer_callback_state);
	case BPF_FUNC_find_vma:
		return __check_func_call(env, insn, insn_idx_p, meta->subprogno,
					 set_find_vma_callback_state);
	case BPF_FUNC_snprintf:
		return check_bpf_snprintf_call(env, regs);
	case BPF_FUNC_loop:
		update_loop_inline_state(env, meta->subprogno);
		return __check_func_call(env, insn, insn_idx_p, meta->subprogno,
					 set_loop_callback_state);
	case BPF_FUNC_dynptr_from_mem:
		if (regs[BPF_REG_1].type != PTR_TO_MAP_VALUE) {
			verbose(env, "Unsupported reg type %s for bpf_dynptr_from_mem data\n",
				reg_type_str(env, regs[BPF_REG_1].type));
			return -EACCES;
		}
		return 0;
	case BPF_FUNC_set_retval:
		/* a void LSM hook has no return value to set */
		if (resolve_prog_type(env->prog) == BPF_PROG_TYPE_LSM &&
		    env->prog->expected_attach_type == BPF_LSM_CGROUP &&
		    env->prog->aux->attach_func_proto &&
		    !env->prog->aux->attach_func_proto->type) {
			verbose(env, "BPF_LSM_CGROUP that attach to void LSM hooks can't modify return value!\n");
			return -EINVAL;
		}
		return 0;
	case BPF_FUNC_dynptr_data:
		return dynptr_data_ref(env, fn, regs, meta);
	case BPF_FUNC_user_ringbuf_drain:
		return __check_func_call(env, insn, insn_idx_p, meta->subprogno,
					 set_user_ringbuf_callback_state);
	default:
		return 0;
	}
}

/* ---- the return value ---- */

/* Helpers that return at most the size of the buffer they were given. */
static void do_refine_retval_range(struct bpf_reg_state *regs, int ret_type, int func_id,
				   struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *ret_reg = &regs[BPF_REG_0];

	if (ret_type != RET_INTEGER)
		return;
	switch (func_id) {
	case BPF_FUNC_get_stack:
	case BPF_FUNC_get_task_stack:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		break;
	default:
		return;
	}
	ret_reg->smax_value = meta->msize_max_value;
	ret_reg->s32_max_value = meta->msize_max_value;
	ret_reg->smin_value = -MAX_ERRNO;
	ret_reg->s32_min_value = -MAX_ERRNO;
	reg_bounds_sync(ret_reg);
}

/* bpf_per_cpu_ptr()/bpf_this_cpu_ptr() of a ksym: memory of its size, or a BTF object */
static int set_mem_or_btf_id_ret(struct bpf_verifier_env *env, struct bpf_reg_state *r0,
				 struct bpf_call_arg_meta *meta, enum bpf_type_flag ret_flag,
				 int func_id)
{
	const struct btf_type *t, *ret;
	u32 tsize;

	t = meta->ret_btf ? btf_type_skip_modifiers(meta->ret_btf, meta->ret_btf_id, NULL) : NULL;
	if (!t) {
		verbose(env, "invalid return type %u of func %s#%d\n",
			RET_PTR_TO_MEM_OR_BTF_ID, func_id_name(func_id), func_id);
		return -EINVAL;
	}
	if (btf_type_is_struct(t)) {
		/* MEM_RDONLY means nothing to a BTF object: its fields say what is writable */
		r0->type = PTR_TO_BTF_ID | (ret_flag & ~MEM_RDONLY);
		r0->btf = meta->ret_btf;
		r0->btf_id = meta->ret_btf_id;
		return 0;
	}
	ret = btf_resolve_size(meta->ret_btf, t, &tsize);
	if (IS_ERR(ret)) {
		verbose(env, "unable to resolve the size of type '%s': %ld\n",
			btf_name_by_offset(meta->ret_btf, t->name_off), PTR_ERR(ret));
		return -EINVAL;
	}
	r0->type = PTR_TO_MEM | ret_flag;
	r0->mem_size = tsize;
	return 0;
}

static int set_btf_id_ret(struct bpf_verifier_env *env, struct bpf_reg_state *r0,
			  const struct bpf_func_proto *fn, enum bpf_type_flag ret_flag,
			  int func_id)
{
	int ret_btf_id = 0;

	r0->type = PTR_TO_BTF_ID | ret_flag;
	if (func_id == BPF_FUNC_kptr_xchg) {
		/* unreachable: no map value has a kptr field to exchange */
		verbose(env, "verifier internal error: kptr_xchg without a kptr\n");
		return -EFAULT;
	}
	if (fn->ret_btf_id)
		ret_btf_id = *fn->ret_btf_id;
	if (!ret_btf_id) {
		verbose(env, "invalid return type %u of func %s#%d\n",
			(u32)base_type(fn->ret_type), func_id_name(func_id), func_id);
		return -EINVAL;
	}
	r0->btf = verifier_btf_vmlinux();
	r0->btf_id = ret_btf_id;
	return 0;
}

static int set_ret_reg(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
		       const struct bpf_func_proto *fn, struct bpf_call_arg_meta *meta,
		       int func_id)
{
	enum bpf_type_flag ret_flag = type_flag(fn->ret_type);
	struct bpf_reg_state *r0 = &regs[BPF_REG_0];

	/* a helper returns a full 64-bit value */
	r0->subreg_def = DEF_NOT_SUBREG;

	switch (base_type(fn->ret_type)) {
	case RET_INTEGER:
		mark_reg_unknown(env, regs, BPF_REG_0);
		return 0;
	case RET_VOID:
		r0->type = NOT_INIT;
		return 0;
	case RET_PTR_TO_MAP_VALUE:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		if (!meta->map_ptr) {
			verbose(env, "kernel subsystem misconfigured verifier\n");
			return -EINVAL;
		}
		r0->map_ptr = meta->map_ptr;
		r0->map_uid = meta->map_uid;
		r0->type = PTR_TO_MAP_VALUE | ret_flag;
		/* a value with a lock is told apart from other values by its id */
		if (!type_may_be_null(fn->ret_type) && map_value_has_spin_lock(meta->map_ptr))
			r0->id = new_reg_id(env);
		return 0;
	case RET_PTR_TO_SOCKET:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		r0->type = PTR_TO_SOCKET | ret_flag;
		return 0;
	case RET_PTR_TO_SOCK_COMMON:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		r0->type = PTR_TO_SOCK_COMMON | ret_flag;
		return 0;
	case RET_PTR_TO_TCP_SOCK:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		r0->type = PTR_TO_TCP_SOCK | ret_flag;
		return 0;
	case RET_PTR_TO_ALLOC_MEM:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		r0->type = PTR_TO_MEM | ret_flag;
		r0->mem_size = meta->mem_size;
		return 0;
	case RET_PTR_TO_MEM_OR_BTF_ID:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		return set_mem_or_btf_id_ret(env, r0, meta, ret_flag, func_id);
	case RET_PTR_TO_BTF_ID:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		return set_btf_id_ret(env, r0, fn, ret_flag, func_id);
	default:
		verbose(env, "unknown return type %u of func %s#%d\n",
			(u32)base_type(fn->ret_type), func_id_name(func_id), func_id);
		return -EINVAL;
	}
}

/* Packet data may have moved: every packet pointer is now just a number. */
static void clear_all_pkt_pointers(struct bpf_verifier_env *env)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	bpf_for_each_reg_in_vstate(env->cur_state, state, reg, ({
		if (reg_is_pkt_pointer_any(reg))
			__mark_reg_unknown(env, reg);
	}));
}

/* ---- check_helper_call ---- */

static const struct bpf_func_proto *helper_proto_lookup(struct bpf_verifier_env *env,
							  int func_id)
{
	if (!env->ops || !env->ops->get_func_proto)
		return NULL;
	return env->ops->get_func_proto(func_id, env->prog);
}

/* Who may call the helper at all, and whether its proto is sane. */
static int check_helper_allowed(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
				int func_id)
{
	if (!env->prog->gpl_compatible && fn->gpl_only) {
		verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}
	if (fn->allowed && !fn->allowed(env->prog)) {
		verbose(env, "helper call is not allowed in probe\n");
		return -EINVAL;
	}
	if (!env->prog->aux->sleepable && fn->might_sleep) {
		verbose(env, "helper call might sleep in a non-sleepable prog\n");
		return -EINVAL;
	}
	/* with LD_ABS/IND some JITs keep the skb in r1 across such calls */
	if (helper_changes_pkt_data(func_id) && fn->arg1_type != ARG_PTR_TO_CTX) {
		verbose(env, "kernel subsystem misconfigured func %s#%d: r1 != ctx\n",
			func_id_name(func_id), func_id);
		return -EINVAL;
	}
	if (check_func_proto(fn)) {
		verbose(env, "kernel subsystem misconfigured func %s#%d\n",
			func_id_name(func_id), func_id);
		return -EINVAL;
	}
	return 0;
}

/* What the arguments left to do: raw-mode stack bytes, dynptrs, a release. */
static int apply_arg_effects(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
			     struct bpf_call_arg_meta *meta, int insn_idx)
{
	struct bpf_reg_state *regs;
	int i, err;

	/* the stack bytes a helper writes become initialized (STACK_MISC) */
	for (i = 0; i < meta->access_size; i++) {
		err = check_mem_access(env, insn_idx, meta->regno, i, BPF_B, BPF_WRITE, -1, false);
		if (err)
			return err;
	}

	regs = cur_regs(env);
	if (meta->uninit_dynptr_regno) {
		for (i = 0; i < BPF_DYNPTR_SIZE; i += 8) {
			err = check_mem_access(env, insn_idx, meta->uninit_dynptr_regno, i,
					       BPF_DW, BPF_WRITE, -1, false);
			if (err)
				return err;
		}
		err = mark_stack_slots_dynptr(env, &regs[meta->uninit_dynptr_regno],
					      fn->arg_type[meta->uninit_dynptr_regno - BPF_REG_1],
					      insn_idx);
		if (err)
			return err;
	}

	if (meta->release_regno) {
		err = -EINVAL;
		if (arg_type_is_dynptr(fn->arg_type[meta->release_regno - BPF_REG_1]))
			err = unmark_stack_slots_dynptr(env, &regs[meta->release_regno]);
		else if (meta->ref_obj_id)
			err = release_reference(env, meta->ref_obj_id);
		else if (register_is_null(&regs[meta->release_regno]))
			/* releasing NULL is allowed and does nothing */
			err = 0;
		if (err) {
			verbose(env, "func %s#%d reference has not been acquired before\n",
				func_id_name(meta->func_id), meta->func_id);
			return err;
		}
	}
	return 0;
}

/* The reference r0 carries: a cast keeps its argument's, an acquire makes one. */
static int set_ret_reference(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
			     struct bpf_call_arg_meta *meta, int func_id, int insn_idx)
{
	int id;

	if (helper_multiple_ref_obj_use(func_id, meta->map_ptr)) {
		verbose(env, "verifier internal error: func %s#%d sets ref_obj_id more than once\n",
			func_id_name(func_id), func_id);
		return -EFAULT;
	}
	if (is_ptr_cast_function(func_id) || is_dynptr_ref_function(func_id)) {
		regs[BPF_REG_0].ref_obj_id = meta->ref_obj_id;
	} else if (is_acquire_function(func_id, meta->map_ptr)) {
		id = acquire_reference_state(env, insn_idx);
		if (id < 0)
			return id;
		/* the NULL check and the release both find it by this id */
		regs[BPF_REG_0].id = id;
		regs[BPF_REG_0].ref_obj_id = id;
	}
	return 0;
}

/* The flags the program gets for what it calls. */
static int note_prog_flags(struct bpf_verifier_env *env, int func_id)
{
	struct bpf_prog *prog = env->prog;

	/* no perf callchain buffers to take here: they are always there */
	if (func_id == BPF_FUNC_get_stack || func_id == BPF_FUNC_get_task_stack)
		prog->has_callchain_buf = true;
	if (func_id == BPF_FUNC_get_stackid || func_id == BPF_FUNC_get_stack)
		prog->call_get_stack = true;
	if (func_id == BPF_FUNC_get_func_ip) {
		if (check_get_func_ip(env))
			return -ENOTSUPP;
		prog->call_get_func_ip = true;
	}
	if (func_id == BPF_FUNC_override_return)
		prog->kprobe_override = true;
	return 0;
}

int check_helper_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx_p)
{
	const struct bpf_func_proto *fn;
	struct bpf_call_arg_meta meta;
	struct bpf_reg_state *regs;
	int insn_idx = *insn_idx_p;
	int i, err, func_id = insn->imm;

	if (func_id < 0 || func_id >= __BPF_FUNC_MAX_ID) {
		verbose(env, "invalid func %s#%d\n", func_id_name(func_id), func_id);
		return -EINVAL;
	}
	fn = helper_proto_lookup(env, func_id);
	if (!fn) {
		verbose(env, "unknown func %s#%d\n", func_id_name(func_id), func_id);
		return -EINVAL;
	}
	err = check_helper_allowed(env, fn, func_id);
	if (err)
		return err;

	memset(&meta, 0, sizeof(meta));
	meta.pkt_access = fn->pkt_access;
	meta.func_id = func_id;
	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++) {
		err = check_func_arg(env, i, &meta, fn);
		if (err)
			return err;
	}

	err = record_func_map(env, &meta, func_id, insn_idx);
	err = err ?: record_func_key(env, &meta, func_id, insn_idx);
	err = err ?: apply_arg_effects(env, fn, &meta, insn_idx);
	if (err)
		return err;

	/*
	 * The caller's registers, taken before a callback frame may be
	 * pushed: the result and the clobbered registers are the caller's.
	 */
	regs = cur_regs(env);
	err = check_helper_specifics(env, insn, insn_idx_p, fn, regs, &meta);
	if (err)
		return err;

	clear_caller_saved_regs(env, regs);
	err = set_ret_reg(env, regs, fn, &meta, func_id);
	if (err)
		return err;
	/* a maybe-NULL result: its NULL check applies to all its copies */
	if (type_may_be_null(regs[BPF_REG_0].type))
		regs[BPF_REG_0].id = new_reg_id(env);

	err = set_ret_reference(env, regs, &meta, func_id, insn_idx);
	if (err)
		return err;
	do_refine_retval_range(regs, fn->ret_type, func_id, &meta);

	err = check_map_func_compatibility(env, meta.map_ptr, func_id);
	err = err ?: note_prog_flags(env, func_id);
	if (err)
		return err;

	if (helper_changes_pkt_data(func_id))
		clear_all_pkt_pointers(env);
	record_helper_call(env, func_id, fn);
	return 0;
}

/* ---- kernel functions ---- */

/*
 * sysbpf's kernel registers no kfunc for any program type: a call that
 * got this far names a function this program may not call.  It is named
 * from the kernel's BTF when the call points there (off 0).
 */
int check_kfunc_call(struct bpf_verifier_env *env, struct bpf_insn *insn, int *insn_idx_p)
{
	struct btf *btf = insn->off ? NULL : verifier_btf_vmlinux();
	const struct btf_type *func = btf ? btf_type_by_id(btf, insn->imm) : NULL;
	const char *func_name = NULL;

	/* imm 0 is left for the fixup to refuse, as 6.1 does */
	if (!insn->imm)
		return 0;
	if (func && btf_type_is_func(func))
		func_name = btf_name_by_offset(btf, func->name_off);
	verbose(env, "calling kernel function %s is not allowed\n",
		func_name ? func_name : "(unknown)");
	return -EACCES;
}
