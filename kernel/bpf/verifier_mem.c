// SPDX-License-Identifier: GPL-2.0
/*
 * Memory accesses: every load, store and atomic of a program, and the
 * memory arguments of helpers, checked against what the abstract state
 * knows of the pointer register (Linux 6.1's check_mem_access() and the
 * functions under it, with the same outcomes and log messages).
 *
 * The stack is the one memory whose contents are tracked: a store of a
 * register to an aligned 8-byte slot keeps the register (a spill), a
 * load of that slot gives it back (a fill), and the bytes of a slot are
 * known to be zero, some number, or never written.  Every other memory
 * only has bounds: map keys and values, packets, helper-returned memory,
 * the context (whose fields the program type's is_valid_access() knows),
 * sockets, tracepoint and iterator buffers.
 *
 * Loads through PTR_TO_BTF_ID and CONST_PTR_TO_MAP are checked by 6.1's
 * walk of the kernel struct (btf_access.c), which also says what such a
 * load reads here; convert_btf_access() makes the load that after
 * verification.
 *
 * Left out of 6.1: kptr fields of map values (struct bpf_map has no
 * kptr_off_tab); program types with their own btf_struct_access
 * (struct_ops), so every store through a BTF pointer is refused.
 */
#include "verifier_env.h"
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/bpf_trace.h>
#include <net/sock.h>

#define NET_IP_ALIGN_STRICT	2	/* what strict mode checks packets against */

/* What a program may do with a map's values (BPF_F_RDONLY_PROG / _WRONLY_PROG). */
#define BPF_MAP_CAN_READ	BIT(0)
#define BPF_MAP_CAN_WRITE	BIT(1)

/* ---- small predicates on register types ---- */

static struct bpf_reg_state *reg_state(struct bpf_verifier_env *env, int regno)
{
	return cur_regs(env) + regno;
}

static bool type_is_pkt_pointer(enum bpf_reg_type type)
{
	type = base_type(type);
	return type == PTR_TO_PACKET || type == PTR_TO_PACKET_META;
}

static bool type_is_sk_pointer(enum bpf_reg_type type)
{
	return type == PTR_TO_SOCKET || type == PTR_TO_SOCK_COMMON ||
	       type == PTR_TO_TCP_SOCK || type == PTR_TO_XDP_SOCK;
}

static bool type_is_rdonly_mem(u32 type)
{
	return type & MEM_RDONLY;
}

/* Pointers that may be kept in a stack slot and given back by a fill. */
static bool is_spillable_regtype(enum bpf_reg_type type)
{
	switch (base_type(type)) {
	case PTR_TO_MAP_VALUE:
	case PTR_TO_STACK:
	case PTR_TO_CTX:
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
	case PTR_TO_FLOW_KEYS:
	case CONST_PTR_TO_MAP:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
	case PTR_TO_BUF:
	case PTR_TO_MEM:
	case PTR_TO_FUNC:
	case PTR_TO_MAP_KEY:
		return true;
	default:
		return false;
	}
}

/* An unprivileged program must not see an address as a number. */
static bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg)
{
	return !allow_ptr_leaks && reg->type != SCALAR_VALUE;
}

bool is_pointer_value(struct bpf_verifier_env *env, int regno)
{
	return __is_pointer_value(env->allow_ptr_leaks, reg_state(env, regno));
}

bool is_ctx_reg(struct bpf_verifier_env *env, int regno)
{
	return reg_state(env, regno)->type == PTR_TO_CTX;
}

bool is_sk_reg(struct bpf_verifier_env *env, int regno)
{
	return type_is_sk_pointer(reg_state(env, regno)->type);
}

bool is_pkt_reg(struct bpf_verifier_env *env, int regno)
{
	return type_is_pkt_pointer(reg_state(env, regno)->type);
}

/* Apart from is_ctx_reg(): BPF_ST may store into flow keys, not into ctx. */
bool is_flow_key_reg(struct bpf_verifier_env *env, int regno)
{
	return reg_state(env, regno)->type == PTR_TO_FLOW_KEYS;
}

/* An extension program is checked as the type of the program it replaces. */
static enum bpf_prog_type resolve_prog_type(const struct bpf_prog *prog)
{
	if (prog->type == BPF_PROG_TYPE_EXT && prog->aux->dst_prog)
		return prog->aux->dst_prog->type;
	return prog->type;
}

static u32 bpf_map_flags_to_cap(const struct bpf_map *map)
{
	if (map->map_flags & BPF_F_RDONLY_PROG)
		return BPF_MAP_CAN_READ;
	if (map->map_flags & BPF_F_WRONLY_PROG)
		return BPF_MAP_CAN_WRITE;
	return BPF_MAP_CAN_READ | BPF_MAP_CAN_WRITE;
}

/*
 * verifier_ptr.c's: a maybe-NULL pointer as it is once checked non-NULL.
 * Not in verifier_env.h yet (static there): see the wanted line in its section.
 */
void mark_ptr_not_null_reg(struct bpf_reg_state *reg);

/* Number of significant bits of v (fls64). */
static int value_bits(u64 v)
{
	return v ? 64 - __builtin_clzll(v) : 0;
}

/* ---- pointers that must be used unmodified ---- */

int __check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			int regno, bool fixed_off_ok)
{
	char tn_buf[48];

	if (reg->off < 0) {
		verbose(env, "negative offset %s ptr R%d off=%d disallowed\n",
			reg_type_str(env, reg->type), regno, reg->off);
		return -EACCES;
	}
	if (!fixed_off_ok && reg->off) {
		verbose(env, "dereference of modified %s ptr R%d off=%d disallowed\n",
			reg_type_str(env, reg->type), regno, reg->off);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "variable %s access var_off=%s disallowed\n",
			reg_type_str(env, reg->type), tn_buf);
		return -EACCES;
	}
	return 0;
}

int check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno)
{
	return __check_ptr_off_reg(env, reg, regno, false);
}

/* ---- alignment ---- */

/*
 * Packet data starts NET_IP_ALIGN (2) bytes into an aligned buffer on
 * the machines that care, so that the IP header behind a 14-byte
 * Ethernet header is aligned: strict mode checks against that layout.
 * Metadata sits right before the data and is held to the same rule.
 */
static int check_pkt_ptr_alignment(struct bpf_verifier_env *env,
				   const struct bpf_reg_state *reg,
				   int off, int size, bool strict)
{
	struct tnum reg_off;
	char tn_buf[48];

	if (!strict || size == 1)
		return 0;

	reg_off = tnum_add(reg->var_off,
			   tnum_const(NET_IP_ALIGN_STRICT + reg->off + off));
	if (tnum_is_aligned(reg_off, size))
		return 0;

	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "misaligned packet access off %d+%s+%d+%d size %d\n",
		NET_IP_ALIGN_STRICT, tn_buf, reg->off, off, size);
	return -EACCES;
}

static int check_generic_ptr_alignment(struct bpf_verifier_env *env,
				       const struct bpf_reg_state *reg,
				       const char *pointer_desc,
				       int off, int size, bool strict)
{
	struct tnum reg_off;
	char tn_buf[48];

	if (!strict || size == 1)
		return 0;

	reg_off = tnum_add(reg->var_off, tnum_const(reg->off + off));
	if (tnum_is_aligned(reg_off, size))
		return 0;

	tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
	verbose(env, "misaligned %saccess off %s+%d+%d size %d\n",
		pointer_desc, tn_buf, reg->off, off, size);
	return -EACCES;
}

/* How the misalignment message names a pointer, by its (flag-less) type. */
static const char *const pointer_descs[__BPF_REG_TYPE_MAX] = {
	[PTR_TO_FLOW_KEYS]	= "flow keys ",
	[PTR_TO_MAP_KEY]	= "key ",
	[PTR_TO_MAP_VALUE]	= "value ",
	[PTR_TO_CTX]		= "context ",
	[PTR_TO_STACK]		= "stack ",
	[PTR_TO_SOCKET]		= "sock ",
	[PTR_TO_SOCK_COMMON]	= "sock_common ",
	[PTR_TO_TCP_SOCK]	= "tcp_sock ",
	[PTR_TO_XDP_SOCK]	= "xdp_sock ",
};

int check_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			int off, int size, bool strict_alignment_once)
{
	bool strict = env->strict_alignment || strict_alignment_once;
	const char *pointer_desc = "";

	if (reg->type == PTR_TO_PACKET || reg->type == PTR_TO_PACKET_META)
		return check_pkt_ptr_alignment(env, reg, off, size, strict);

	if (reg->type < __BPF_REG_TYPE_MAX && pointer_descs[reg->type])
		pointer_desc = pointer_descs[reg->type];
	/*
	 * Spill and fill tracking works on whole aligned slots: the stack
	 * is always checked strictly.
	 */
	if (reg->type == PTR_TO_STACK)
		strict = true;
	return check_generic_ptr_alignment(env, reg, pointer_desc, off, size, strict);
}

/* ---- bounded memory regions: map keys and values, mem, packets ---- */

/* [off, off + size) against a region of mem_size bytes, for one offset. */
static int __check_mem_access(struct bpf_verifier_env *env, int regno, int off,
			      int size, u32 mem_size, bool zero_size_allowed)
{
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);
	struct bpf_reg_state *reg;

	if (off >= 0 && size_ok && (u64)off + size <= mem_size)
		return 0;

	reg = reg_state(env, regno);
	switch (reg->type) {
	case PTR_TO_MAP_KEY:
		verbose(env, "invalid access to map key, key_size=%d off=%d size=%d\n",
			mem_size, off, size);
		break;
	case PTR_TO_MAP_VALUE:
		verbose(env, "invalid access to map value, value_size=%d off=%d size=%d\n",
			mem_size, off, size);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
		verbose(env, "invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)\n",
			off, size, regno, reg->id, off, mem_size);
		break;
	default:
		verbose(env, "invalid access to memory, mem_size=%u off=%d size=%d\n",
			mem_size, off, size);
	}
	return -EACCES;
}

/*
 * A region access through a pointer with a variable part: both ends of
 * the variable part must keep the access inside.  The lower end must
 * not be negative (signed indexes need a >= 0 check), the upper end must
 * be bounded at all.
 */
static int check_mem_region_access(struct bpf_verifier_env *env, u32 regno, int off,
				   int size, u32 mem_size, bool zero_size_allowed)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	int err;

	if (reg->smin_value < 0 &&
	    (reg->smin_value == S64_MIN ||
	     (off + reg->smin_value != (s64)(s32)(off + reg->smin_value)) ||
	     reg->smin_value + off < 0)) {
		verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			regno);
		return -EACCES;
	}
	err = __check_mem_access(env, regno, reg->smin_value + off, size,
				 mem_size, zero_size_allowed);
	if (err) {
		verbose(env, "R%d min value is outside of the allowed memory range\n",
			regno);
		return err;
	}

	if (reg->umax_value >= BPF_MAX_VAR_OFF) {
		verbose(env, "R%d unbounded memory access, make sure to bounds check any such access\n",
			regno);
		return -EACCES;
	}
	err = __check_mem_access(env, regno, reg->umax_value + off, size,
				 mem_size, zero_size_allowed);
	if (err) {
		verbose(env, "R%d max value is outside of the allowed memory range\n",
			regno);
		return err;
	}
	return 0;
}

int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type)
{
	struct bpf_map *map = reg_state(env, regno)->map_ptr;
	u32 cap = bpf_map_flags_to_cap(map);

	if (type == BPF_WRITE && !(cap & BPF_MAP_CAN_WRITE)) {
		verbose(env, "write into map forbidden, value_size=%d off=%d size=%d\n",
			map->value_size, off, size);
		return -EACCES;
	}
	if (type == BPF_READ && !(cap & BPF_MAP_CAN_READ)) {
		verbose(env, "read from map forbidden, value_size=%d off=%d size=%d\n",
			map->value_size, off, size);
		return -EACCES;
	}
	return 0;
}

/* Whether [lo, hi) of the access may overlap [start, start + len). */
static bool access_overlaps(const struct bpf_reg_state *reg, int off, int size,
			    u32 start, u32 len)
{
	return reg->smin_value + off < (s64)(start + len) &&
	       (u64)start < reg->umax_value + off + size;
}

int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed, enum bpf_access_src src)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_map *map = reg->map_ptr;
	int err;

	err = check_mem_region_access(env, regno, off, size, map->value_size,
				      zero_size_allowed);
	if (err)
		return err;

	/*
	 * The lock and the timer are the kernel's, inside the value: only
	 * their helpers may touch them, by any offset the access could take.
	 */
	if (map_value_has_spin_lock(map) &&
	    access_overlaps(reg, off, size, map->spin_lock_off,
			    sizeof(struct bpf_spin_lock))) {
		verbose(env, "bpf_spin_lock cannot be accessed directly by load/store\n");
		return -EACCES;
	}
	if (map_value_has_timer(map) &&
	    access_overlaps(reg, off, size, map->timer_off, sizeof(struct bpf_timer))) {
		verbose(env, "bpf_timer cannot be accessed directly by load/store\n");
		return -EACCES;
	}
	return 0;
}

/*
 * A map the program cannot write and user space froze (with no write
 * still in flight) never changes again: loads from it are constants.
 */
static bool bpf_map_is_rdonly(const struct bpf_map *map)
{
	return (map->map_flags & BPF_F_RDONLY_PROG) &&
	       READ_ONCE(map->frozen) &&
	       !bpf_map_write_active(map);
}

static int bpf_map_direct_read(struct bpf_map *map, int off, int size, u64 *val)
{
	u64 addr;
	void *ptr;
	int err;

	err = map->ops->map_direct_value_addr(map, &addr, off);
	if (err)
		return err;
	ptr = (u8 *)(uintptr_t)addr + off;

	/* off need not be aligned (not for map values on x86): copy, not load */
	switch (size) {
	case sizeof(u8):
		*val = *(u8 *)ptr;
		break;
	case sizeof(u16): {
		u16 v;

		memcpy(&v, ptr, sizeof(v));
		*val = v;
		break;
	}
	case sizeof(u32): {
		u32 v;

		memcpy(&v, ptr, sizeof(v));
		*val = v;
		break;
	}
	case sizeof(u64):
		memcpy(val, ptr, sizeof(*val));
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

/* ---- packets ---- */

bool may_access_direct_pkt_data(struct bpf_verifier_env *env,
				const struct bpf_call_arg_meta *meta, enum bpf_access_type t)
{
	switch (resolve_prog_type(env->prog)) {
	/* these types may read their packet but not write it */
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (t == BPF_WRITE)
			return false;
		fallthrough;
	/* these may read and write it */
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		if (meta)
			return meta->pkt_access;
		/*
		 * 6.1 records a direct write for every direct access of
		 * these types (reads included): the prologue that unclones
		 * the skb then runs.
		 */
		env->seen_direct_write = true;
		return true;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		if (t == BPF_WRITE)
			env->seen_direct_write = true;
		return true;
	default:
		return false;
	}
}

/*
 * reg->range is what a comparison with data_end proved readable past
 * the fixed offset of the pointer; a variable part was added before
 * that comparison, so only the fixed offset counts here.
 */
static int check_packet_access(struct bpf_verifier_env *env, u32 regno, int off,
			       int size, bool zero_size_allowed)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	u32 last;
	int err;

	if (reg->smin_value < 0) {
		verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			regno);
		return -EACCES;
	}

	err = reg->range < 0 ? -EINVAL :
	      __check_mem_access(env, regno, off, size, reg->range, zero_size_allowed);
	if (err) {
		verbose(env, "R%d offset is outside of the packet\n", regno);
		return err;
	}

	/* range and umax stay within 0xffff (MAX_PACKET_OFF): no u32 overflow */
	last = off + reg->umax_value + size - 1;
	if (env->prog->aux->max_pkt_offset < last)
		env->prog->aux->max_pkt_offset = last;
	return 0;
}

/* ---- the context, flow keys, sockets ---- */

/*
 * The program type decides which context fields exist and what a load
 * of one gives; a field it allows with a nonzero ctx_field_size may be
 * read narrower, and the rewrite then loads the whole field and masks.
 */
static int check_ctx_access(struct bpf_verifier_env *env, int insn_idx, int off, int size,
			    enum bpf_access_type t, enum bpf_reg_type *reg_type,
			    struct btf **btf, u32 *btf_id)
{
	struct bpf_insn_access_aux info = {
		.reg_type = *reg_type,
		.log = &env->log,
	};

	if (!env->ops->is_valid_access ||
	    !env->ops->is_valid_access(off, size, t, env->prog, &info)) {
		verbose(env, "invalid bpf_context access off=%d size=%d\n", off, size);
		return -EACCES;
	}

	*reg_type = info.reg_type;
	if (base_type(*reg_type) == PTR_TO_BTF_ID) {
		*btf = info.btf;
		*btf_id = info.btf_id;
	} else {
		env->insn_aux_data[insn_idx].ctx_field_size = info.ctx_field_size;
	}
	if (env->prog->aux->max_ctx_offset < (u32)(off + size))
		env->prog->aux->max_ctx_offset = off + size;
	return 0;
}

static int check_flow_keys_access(struct bpf_verifier_env *env, int off, int size)
{
	if (size < 0 || off < 0 || (u64)off + size > sizeof(struct bpf_flow_keys)) {
		verbose(env, "invalid access to flow keys off=%d size=%d\n", off, size);
		return -EACCES;
	}
	return 0;
}

typedef bool (*sock_is_valid_access_fn)(int off, int size, enum bpf_access_type type,
					struct bpf_insn_access_aux *info);

static const sock_is_valid_access_fn sock_is_valid_access[__BPF_REG_TYPE_MAX] = {
	[PTR_TO_SOCK_COMMON]	= bpf_sock_common_is_valid_access,
	[PTR_TO_SOCKET]		= bpf_sock_is_valid_access,
	[PTR_TO_TCP_SOCK]	= bpf_tcp_sock_is_valid_access,
	[PTR_TO_XDP_SOCK]	= bpf_xdp_sock_is_valid_access,
};

static int check_sock_access(struct bpf_verifier_env *env, int insn_idx, u32 regno,
			     int off, int size, enum bpf_access_type t)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_insn_access_aux info = {};
	sock_is_valid_access_fn valid = NULL;

	if (reg->smin_value < 0) {
		verbose(env, "R%d min value is negative, either use unsigned index or do a if (index >=0) check.\n",
			regno);
		return -EACCES;
	}

	if (reg->type < __BPF_REG_TYPE_MAX)
		valid = sock_is_valid_access[reg->type];
	if (valid && valid(off, size, t, &info)) {
		env->insn_aux_data[insn_idx].ctx_field_size = info.ctx_field_size;
		return 0;
	}

	verbose(env, "R%d invalid %s access off=%d size=%d\n",
		regno, reg_type_str(env, reg->type), off, size);
	return -EACCES;
}

/* ---- tracepoint and iterator buffers: fixed offsets only ---- */

static int __check_buffer_access(struct bpf_verifier_env *env, const char *buf_info,
				 const struct bpf_reg_state *reg, int regno,
				 int off, int size)
{
	char tn_buf[48];

	if (off < 0) {
		verbose(env, "R%d invalid %s buffer access: off=%d, size=%d\n",
			regno, buf_info, off, size);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d invalid variable buffer offset: off=%d, var_off=%s\n",
			regno, off, tn_buf);
		return -EACCES;
	}
	return 0;
}

static int check_tp_buffer_access(struct bpf_verifier_env *env,
				  const struct bpf_reg_state *reg,
				  int regno, int off, int size)
{
	int err;

	err = __check_buffer_access(env, "tracepoint", reg, regno, off, size);
	if (err)
		return err;
	if ((u32)(off + size) > env->prog->aux->max_tp_access)
		env->prog->aux->max_tp_access = off + size;
	return 0;
}

/* The size of the buffer is known at attach time: record the furthest byte. */
static int check_buffer_access(struct bpf_verifier_env *env,
			       const struct bpf_reg_state *reg, int regno,
			       int off, int size, bool zero_size_allowed,
			       u32 *max_access)
{
	const char *buf_info = type_is_rdonly_mem(reg->type) ? "rdonly" : "rdwr";
	int err;

	err = __check_buffer_access(env, buf_info, reg, regno, off, size);
	if (err)
		return err;
	if ((u32)(off + size) > *max_access)
		*max_access = off + size;
	return 0;
}

static u32 *buffer_max_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	return type_is_rdonly_mem(reg->type) ? &env->prog->aux->max_rdonly_access :
					       &env->prog->aux->max_rdwr_access;
}

/* ---- kernel objects by BTF ---- */

/* A load through a BTF pointer gives a number or another BTF pointer. */
static void mark_btf_ld_reg(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
			    u32 regno, enum bpf_reg_type reg_type, struct btf *btf,
			    u32 btf_id, enum bpf_type_flag flag)
{
	if (reg_type == SCALAR_VALUE) {
		mark_reg_unknown(env, regs, regno);
		return;
	}
	mark_reg_known_zero(env, regs, regno);
	regs[regno].type = PTR_TO_BTF_ID | flag;
	regs[regno].btf = btf;
	regs[regno].btf_id = btf_id;
}

/*
 * What the load at insn_idx reads at run time (btf_access.c decides);
 * its offset is made relative to the register, which may point reg->off
 * into the object.  Two paths that disagree (different objects, or
 * different fixed offsets in the register) read 0: one insn is one
 * rewrite.
 */
static void record_btf_xlate(struct bpf_verifier_env *env, int insn_idx,
			     const struct bpf_reg_state *reg, struct btf_access_xlate x)
{
	struct btf_access_xlate *prev = &env->insn_aux_data[insn_idx].btf_xlate;

	x.off -= reg->off;
	if (x.kind == BTF_XLATE_FIELD && (x.off < INT16_MIN || x.off > INT16_MAX))
		x = (struct btf_access_xlate){ .kind = BTF_XLATE_ZERO };
	if (x.kind == BTF_XLATE_ZERO)
		x.off = 0;
	if (prev->kind == BTF_XLATE_NONE)
		*prev = x;
	else if (prev->kind != x.kind || prev->off != x.off)
		*prev = (struct btf_access_xlate){ .kind = BTF_XLATE_ZERO };
}

static int check_ptr_to_btf_access(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
				   int regno, int off, int size,
				   enum bpf_access_type atype, int value_regno)
{
	struct bpf_reg_state *reg = regs + regno;
	const struct btf_type *t = NULL;
	enum bpf_type_flag flag = 0;
	struct btf_access_xlate x;
	const char *tname;
	char tn_buf[48];
	u32 btf_id = 0;
	int ret;

	if (reg->btf)
		t = btf_type_by_id(reg->btf, reg->btf_id);
	if (!t) {
		verbose(env, "verifier internal error: R%d has no BTF type %u\n",
			regno, reg->btf_id);
		return -EFAULT;
	}
	tname = btf_name_by_offset(reg->btf, t->name_off);

	if (off < 0) {
		verbose(env, "R%d is ptr_%s invalid negative access: off=%d\n",
			regno, tname, off);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d is ptr_%s invalid variable offset: off=%d, var_off=%s\n",
			regno, tname, off, tn_buf);
		return -EACCES;
	}
	if (reg->type & MEM_USER) {
		verbose(env, "R%d is ptr_%s access user memory: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	if (reg->type & MEM_PERCPU) {
		verbose(env, "R%d is ptr_%s access percpu memory: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	/* no program type of sysbpf has its own btf_struct_access (struct_ops) */
	if (atype != BPF_READ) {
		verbose(env, "only read is supported\n");
		return -EACCES;
	}
	ret = btf_struct_access_xlate(&env->log, reg->btf, t, off, size, atype, &btf_id,
				      &flag, &x);
	if (ret < 0)
		return ret;
	record_btf_xlate(env, env->insn_idx, reg, x);

	/* what an untrusted pointer leads to is untrusted too */
	if (type_flag(reg->type) & PTR_UNTRUSTED)
		flag |= PTR_UNTRUSTED;
	if (value_regno >= 0)
		mark_btf_ld_reg(env, regs, value_regno, ret, reg->btf, btf_id, flag);
	return 0;
}

/*
 * A map pointer reads as the kernel's struct of its map type (struct
 * bpf_array, bpf_htab...), typed by vmlinux BTF, for CAP_PERFMON.
 */
static int check_ptr_to_map_access(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
				   int regno, int off, int size,
				   enum bpf_access_type atype, int value_regno)
{
	struct bpf_reg_state *reg = regs + regno;
	struct bpf_map *map = reg->map_ptr;
	struct btf *btf_vmlinux = bpf_get_btf_vmlinux();
	enum bpf_type_flag flag = 0;
	const struct btf_type *t;
	struct btf_access_xlate x;
	const char *tname;
	u32 btf_id = 0, map_btf_id;
	int ret;

	if (IS_ERR_OR_NULL(btf_vmlinux)) {
		verbose(env, "map_ptr access not supported without CONFIG_DEBUG_INFO_BTF\n");
		return -ENOTSUPP;
	}
	map_btf_id = bpf_map_btf_id(map->map_type);
	t = map_btf_id ? btf_type_by_id(btf_vmlinux, map_btf_id) : NULL;
	if (!t) {
		verbose(env, "map_ptr access not supported for map type %d\n", map->map_type);
		return -ENOTSUPP;
	}
	tname = btf_name_by_offset(btf_vmlinux, t->name_off);

	if (!env->allow_ptr_to_map_access) {
		verbose(env, "%s access is allowed only to CAP_PERFMON and CAP_SYS_ADMIN\n",
			tname);
		return -EPERM;
	}
	if (off < 0) {
		verbose(env, "R%d is %s invalid negative access: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	if (atype != BPF_READ) {
		verbose(env, "only read from %s is supported\n", tname);
		return -EACCES;
	}
	ret = btf_struct_access_xlate(&env->log, btf_vmlinux, t, off, size, atype, &btf_id,
				      &flag, &x);
	if (ret < 0)
		return ret;
	record_btf_xlate(env, env->insn_idx, reg, x);
	if (value_regno >= 0)
		mark_btf_ld_reg(env, regs, value_regno, ret, btf_vmlinux, btf_id, flag);
	return 0;
}

bool is_btf_access(struct bpf_verifier_env *env, u32 insn_idx)
{
	const struct bpf_insn *insn = &env->prog->insnsi[insn_idx];

	return BPF_CLASS(insn->code) == BPF_LDX && BPF_MODE(insn->code) == BPF_MEM &&
	       env->insn_aux_data[insn_idx].btf_xlate.kind != BTF_XLATE_NONE;
}

/*
 * 6.1 turns such a load into a BPF_PROBE_MEM one: a fault reads 0.  Here
 * a load of an object that is not ours probes the same way (interp.c);
 * one of our object's fields is read where our object has it, behind a
 * NULL check for BTF pointers (a map pointer is never NULL); a field our
 * object lacks reads 0.
 */
int convert_btf_access(struct bpf_verifier_env *env, u32 insn_idx)
{
	const struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	struct bpf_insn *insn = &env->prog->insnsi[insn_idx];
	struct btf_access_xlate x = aux->btf_xlate;
	u8 size = BPF_SIZE(insn->code);
	struct bpf_insn patch[4];

	switch (x.kind) {
	case BTF_XLATE_PROBE:
		insn->code = BPF_LDX | BPF_PROBE_MEM | size;
		return 0;
	case BTF_XLATE_FIELD:
		if (aux->ptr_type == CONST_PTR_TO_MAP) {
			insn->code = BPF_LDX | BPF_TRUSTED_MEM | size;
			insn->off = x.off;
			return 0;
		}
		patch[0] = BPF_JMP_IMM(BPF_JEQ, insn->src_reg, 0, 2);
		patch[1] = *insn;
		patch[1].code = BPF_LDX | BPF_TRUSTED_MEM | size;
		patch[1].off = x.off;
		patch[2] = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
		patch[3] = BPF_MOV64_IMM(insn->dst_reg, 0);
		if (!patch_insn_data(env, insn_idx, patch, ARRAY_SIZE(patch)))
			return -ENOMEM;
		return ARRAY_SIZE(patch) - 1;
	case BTF_XLATE_ZERO:
		*insn = BPF_MOV64_IMM(insn->dst_reg, 0);
		return 0;
	default:
		return 0;
	}
}

/* ---- the stack ---- */

/* A byte of a slot that held part of a spill: still written, no longer a spill. */
static void scrub_spilled_slot(u8 *stype)
{
	if (*stype != STACK_INVALID)
		*stype = STACK_MISC;
}

/* Copies the value of src; dst keeps its place in the liveness chain. */
static void copy_register_state(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct bpf_reg_state *parent = dst->parent;
	enum bpf_reg_liveness live = dst->live;

	*dst = *src;
	dst->parent = parent;
	dst->live = live;
}

/*
 * A spill of size bytes: the low size bytes of the slot (the highest
 * indexes of slot_type) become STACK_SPILL; what stays of the slot is
 * some number.  Only a whole-slot spill screens reads of the parents.
 */
static void save_register_state(struct bpf_func_state *state, int spi,
				struct bpf_reg_state *reg, int size)
{
	int i;

	copy_register_state(&state->stack[spi].spilled_ptr, reg);
	if (size == BPF_REG_SIZE)
		state->stack[spi].spilled_ptr.live |= REG_LIVE_WRITTEN;

	for (i = BPF_REG_SIZE; i > BPF_REG_SIZE - size; i--)
		state->stack[spi].slot_type[i - 1] = STACK_SPILL;
	for (; i; i--)
		scrub_spilled_slot(&state->stack[spi].slot_type[i - 1]);
}

static bool is_bpf_st_mem(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_ST && BPF_MODE(insn->code) == BPF_MEM;
}

/*
 * A store at a known stack offset (aligned and in bounds: checked by the
 * caller).  state is the frame written, which may be a caller's.
 */
static int check_stack_write_fixed_off(struct bpf_verifier_env *env,
				       struct bpf_func_state *state,
				       int off, int size, int value_regno, int insn_idx)
{
	struct bpf_func_state *cur = cur_func(env);
	int i, slot = -off - 1, spi = slot / BPF_REG_SIZE, err;
	struct bpf_insn *insn = &env->prog->insnsi[insn_idx];
	struct bpf_stack_state *slot_state = &state->stack[spi];
	struct bpf_reg_state *reg = NULL;
	u8 type;

	if (!env->allow_ptr_leaks && is_spilled_reg(slot_state) && size != BPF_REG_SIZE) {
		verbose(env, "attempt to corrupt spilled pointer on stack\n");
		return -EACCES;
	}

	if (value_regno >= 0)
		reg = &cur->regs[value_regno];

	/*
	 * Spectre v4: a store may be bypassed by a later load of the same
	 * slot, which then sees the old contents.  Unless those are plain
	 * data and what is stored is too, the store is made to stick.
	 */
	if (!env->bypass_spec_v4) {
		bool sanitize = reg && is_spillable_regtype(reg->type);

		for (i = 0; i < size && !sanitize; i++) {
			type = slot_state->slot_type[(slot - i) % BPF_REG_SIZE];
			if (type != STACK_MISC && type != STACK_ZERO)
				sanitize = true;
		}
		if (sanitize)
			env->insn_aux_data[insn_idx].sanitize_stack_spill = true;
	}

	mark_stack_slot_scratched(env, spi);

	if (reg && !(off % BPF_REG_SIZE) && register_is_bounded(reg) &&
	    !register_is_null(reg) && env->bpf_capable) {
		/*
		 * A bounded scalar is kept whole.  Backtracking only follows
		 * stores through r10: a spill through another stack pointer
		 * makes the scalar precise now.
		 */
		if (insn->dst_reg != BPF_REG_FP) {
			err = mark_chain_precision(env, value_regno);
			if (err)
				return err;
		}
		save_register_state(state, spi, reg, size);
		/* a narrowing spill holds another value than the register */
		if (value_bits(reg->umax_value) > 8 * size)
			slot_state->spilled_ptr.id = 0;
	} else if (!reg && !(off % BPF_REG_SIZE) && is_bpf_st_mem(insn) &&
		   insn->imm != 0 && env->bpf_capable) {
		struct bpf_reg_state fake_reg = {};

		__mark_reg_known(&fake_reg, (u64)(s64)insn->imm);
		fake_reg.type = SCALAR_VALUE;
		save_register_state(state, spi, &fake_reg, size);
	} else if (reg && is_spillable_regtype(reg->type)) {
		if (size != BPF_REG_SIZE) {
			verbose_linfo(env, insn_idx, "; ");
			verbose(env, "invalid size of register spill\n");
			return -EACCES;
		}
		if (state != cur && reg->type == PTR_TO_STACK) {
			verbose(env, "cannot spill pointers to stack into stack frame of the caller\n");
			return -EINVAL;
		}
		save_register_state(state, spi, reg, size);
	} else {
		type = STACK_MISC;

		/* data over a spill: the spilled register is gone */
		slot_state->spilled_ptr.type = NOT_INIT;
		if (is_spilled_reg(slot_state))
			for (i = 0; i < BPF_REG_SIZE; i++)
				scrub_spilled_slot(&slot_state->slot_type[i]);

		/*
		 * A partial write leaves bytes the parents wrote: only a
		 * whole-slot write may stop read propagation.
		 */
		if (size == BPF_REG_SIZE)
			slot_state->spilled_ptr.live |= REG_LIVE_WRITTEN;

		if ((reg && register_is_null(reg)) ||
		    (!reg && is_bpf_st_mem(insn) && insn->imm == 0)) {
			/* STACK_ZERO is not backtracked: the zero must be exact */
			if (value_regno >= 0) {
				err = mark_chain_precision(env, value_regno);
				if (err)
					return err;
			}
			type = STACK_ZERO;
		}

		for (i = 0; i < size; i++)
			slot_state->slot_type[(slot - i) % BPF_REG_SIZE] = type;
	}
	return 0;
}

/*
 * A store through a stack pointer with a variable offset: any byte of
 * [min, max) may be written.  Spills in range are lost (as data), which
 * would hide a pointer from an unprivileged program: refused then.  An
 * unwritten byte in range becomes "written" only for those allowed to
 * read uninitialized stack.
 */
static int check_stack_write_var_off(struct bpf_verifier_env *env,
				     struct bpf_func_state *state,
				     int ptr_regno, int off, int size,
				     int value_regno, int insn_idx)
{
	struct bpf_func_state *cur = cur_func(env);
	struct bpf_reg_state *ptr_reg = &cur->regs[ptr_regno];
	bool writing_zero = false, zero_used = false;
	int min_off, max_off, i, err;

	min_off = ptr_reg->smin_value + off;
	max_off = ptr_reg->smax_value + off + size;
	if (value_regno >= 0 && register_is_null(&cur->regs[value_regno]))
		writing_zero = true;

	for (i = min_off; i < max_off; i++) {
		int slot = -i - 1, spi = slot / BPF_REG_SIZE;
		u8 *stype = &state->stack[spi].slot_type[slot % BPF_REG_SIZE];
		u8 new_type = STACK_MISC;

		mark_stack_slot_scratched(env, spi);

		if (!env->allow_ptr_leaks && *stype != STACK_MISC && *stype != STACK_ZERO) {
			verbose(env, "spilled ptr in range of var-offset stack write; insn %d, ptr off: %d",
				insn_idx, i);
			return -EINVAL;
		}

		state->stack[spi].spilled_ptr.type = NOT_INIT;

		if (writing_zero && *stype == STACK_ZERO) {
			new_type = STACK_ZERO;
			zero_used = true;
		}
		if (*stype == STACK_INVALID && !env->allow_uninit_stack) {
			verbose(env, "uninit stack in range of var-offset write prohibited for !root; insn %d, off: %d",
				insn_idx, i);
			return -EINVAL;
		}
		*stype = new_type;
	}
	if (zero_used) {
		err = mark_chain_precision(env, value_regno);
		if (err)
			return err;
	}
	return 0;
}

/*
 * dst_regno gets what [min_off, max_off) of ptr_state's stack holds as
 * data: zero if every byte is known zero, else an unknown number.
 * Spills in range were already marked read by the caller.
 */
static void mark_reg_stack_read(struct bpf_verifier_env *env,
				struct bpf_func_state *ptr_state,
				int min_off, int max_off, int dst_regno)
{
	struct bpf_func_state *state = cur_func(env);
	int i, slot, spi, zeros = 0;

	for (i = min_off; i < max_off; i++) {
		slot = -i - 1;
		spi = slot / BPF_REG_SIZE;
		if (ptr_state->stack[spi].slot_type[slot % BPF_REG_SIZE] != STACK_ZERO)
			break;
		zeros++;
	}
	if (zeros == max_off - min_off) {
		/* loads zero-extend: the whole register is 0 */
		__mark_reg_const_zero(&state->regs[dst_regno]);
		/*
		 * Backtracking cannot see through STACK_ZERO: the zero is
		 * precise here, so that it stops at this load.
		 */
		state->regs[dst_regno].precise = true;
	} else {
		mark_reg_unknown(env, state->regs, dst_regno);
	}
	state->regs[dst_regno].live |= REG_LIVE_WRITTEN;
}

/* The bytes of a read must all have been written (or be readable uninit). */
static int check_stack_bytes_readable(struct bpf_verifier_env *env, const u8 *stype,
				      int off, int size, bool spill_ok)
{
	int slot = -off - 1, i;
	u8 type;

	for (i = 0; i < size; i++) {
		type = stype[(slot - i) % BPF_REG_SIZE];
		if (type == STACK_MISC)
			continue;
		if (type == (spill_ok ? STACK_SPILL : STACK_ZERO))
			continue;
		if (type == STACK_INVALID && env->allow_uninit_stack)
			continue;
		verbose(env, "invalid read from stack off %d+%d size %d\n", off, i, size);
		return -EACCES;
	}
	return 0;
}

/*
 * A load at a known stack offset, into dst_regno (or, with -1, only to
 * know whether the value may be used as a number: atomics).
 */
static int check_stack_read_fixed_off(struct bpf_verifier_env *env,
				      struct bpf_func_state *reg_state,
				      int off, int size, int dst_regno)
{
	struct bpf_func_state *state = cur_func(env);
	int i, slot = -off - 1, spi = slot / BPF_REG_SIZE, err;
	struct bpf_stack_state *slot_state = &reg_state->stack[spi];
	struct bpf_reg_state *reg = &slot_state->spilled_ptr;
	u8 *stype = slot_state->slot_type;
	u8 spill_size = 1;

	if (!is_spilled_reg(slot_state)) {
		err = check_stack_bytes_readable(env, stype, off, size, false);
		if (err)
			return err;
		err = mark_reg_read(env, reg, reg->parent, REG_LIVE_READ64);
		if (err)
			return err;
		if (dst_regno >= 0)
			mark_reg_stack_read(env, reg_state, off, off + size, dst_regno);
		return 0;
	}

	for (i = BPF_REG_SIZE - 1; i > 0 && stype[i - 1] == STACK_SPILL; i--)
		spill_size++;

	if (size != BPF_REG_SIZE || spill_size != BPF_REG_SIZE) {
		/* only a scalar may be filled partly, or from a partial spill */
		if (reg->type != SCALAR_VALUE) {
			verbose_linfo(env, env->insn_idx, "; ");
			verbose(env, "invalid size of register fill\n");
			return -EACCES;
		}
		err = mark_reg_read(env, reg, reg->parent, REG_LIVE_READ64);
		if (err)
			return err;
		if (dst_regno < 0)
			return 0;

		if (!(off % BPF_REG_SIZE) && size == spill_size) {
			/* check_reg_arg() chose the subreg_def of this load */
			s32 subreg_def = state->regs[dst_regno].subreg_def;

			copy_register_state(&state->regs[dst_regno], reg);
			state->regs[dst_regno].subreg_def = subreg_def;
		} else {
			err = check_stack_bytes_readable(env, stype, off, size, true);
			if (err)
				return err;
			mark_reg_unknown(env, state->regs, dst_regno);
		}
		state->regs[dst_regno].live |= REG_LIVE_WRITTEN;
		return 0;
	}

	if (dst_regno >= 0) {
		copy_register_state(&state->regs[dst_regno], reg);
		/*
		 * is_state_visited() may have cleared the liveness of the
		 * spilled copy: the register is written here whatever it says.
		 */
		state->regs[dst_regno].live |= REG_LIVE_WRITTEN;
	} else if (__is_pointer_value(env->allow_ptr_leaks, reg)) {
		verbose(env, "leaking pointer from stack off %d\n", off);
		return -EACCES;
	}
	return mark_reg_read(env, reg, reg->parent, REG_LIVE_READ64);
}

/*
 * A load through a stack pointer with a variable offset: every byte the
 * range may touch must be initialized (a NULL meta: no raw access); the
 * result is a number (zero if every byte is a known zero), never a fill.
 */
static int check_stack_read_var_off(struct bpf_verifier_env *env, int ptr_regno,
				    int off, int size, int dst_regno)
{
	struct bpf_reg_state *reg = reg_state(env, ptr_regno);
	struct bpf_func_state *ptr_state = func(env, reg);
	int err, min_off, max_off;

	err = check_stack_range_initialized(env, ptr_regno, off, size, false,
					    ACCESS_DIRECT, NULL);
	if (err)
		return err;

	min_off = reg->smin_value + off;
	max_off = reg->smax_value + off;
	mark_reg_stack_read(env, ptr_state, min_off, max_off + size, dst_regno);
	return 0;
}

/* off includes the pointer's fixed offset, not its variable part. */
static int check_stack_read(struct bpf_verifier_env *env, int ptr_regno, int off,
			    int size, int dst_regno)
{
	struct bpf_reg_state *reg = reg_state(env, ptr_regno);
	struct bpf_func_state *state = func(env, reg);
	char tn_buf[48];

	if (tnum_is_const(reg->var_off))
		return check_stack_read_fixed_off(env, state, off + reg->var_off.value,
						  size, dst_regno);

	/*
	 * A read that goes to no register asks whether the bytes may be
	 * used as a number (a pointer must not leak): that needs a fixed
	 * offset.  Unprivileged programs never get here: pointer ALU
	 * refuses them variable stack pointers (spectre masking).
	 */
	if (dst_regno < 0) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "variable offset stack pointer cannot be passed into helper function; var_off=%s off=%d size=%d\n",
			tn_buf, off, size);
		return -EACCES;
	}
	return check_stack_read_var_off(env, ptr_regno, off, size, dst_regno);
}

static int check_stack_write(struct bpf_verifier_env *env, int ptr_regno, int off,
			     int size, int value_regno, int insn_idx)
{
	struct bpf_reg_state *reg = reg_state(env, ptr_regno);
	struct bpf_func_state *state = func(env, reg);

	if (tnum_is_const(reg->var_off))
		return check_stack_write_fixed_off(env, state, off + reg->var_off.value,
						   size, value_regno, insn_idx);
	return check_stack_write_var_off(env, state, ptr_regno, off, size,
					 value_regno, insn_idx);
}

int update_stack_depth(struct bpf_verifier_env *env, const struct bpf_func_state *func,
		       int off)
{
	u16 *depth = &env->subprog_info[func->subprogno].stack_depth;

	if (*depth < -off)
		*depth = -off;
	return 0;
}

/*
 * Writes (and helpers, which may write) may go anywhere in the 512
 * bytes; reads only into what was written, the frame's allocated
 * stack, unless uninitialized stack may be read.
 */
static int check_stack_slot_within_bounds(struct bpf_verifier_env *env, s64 off,
					  struct bpf_func_state *state,
					  enum bpf_access_type t)
{
	int min_valid_off;

	if (t == BPF_WRITE || env->allow_uninit_stack)
		min_valid_off = -MAX_BPF_STACK;
	else
		min_valid_off = -state->allocated_stack;

	if (off < min_valid_off || off > -1)
		return -EACCES;
	return 0;
}

/*
 * The bounds of a stack access at regno + off (off has the fixed part of
 * the pointer), over the whole range of its variable part; the frame's
 * tracked stack and the subprog's depth grow to cover it.
 */
static int check_stack_access_within_bounds(struct bpf_verifier_env *env, int regno,
					    int off, int access_size,
					    enum bpf_access_src src,
					    enum bpf_access_type type)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_func_state *state = func(env, reg);
	const char *err_extra;
	s64 min_off, max_off;
	char tn_buf[48];
	int err, size;

	if (src == ACCESS_HELPER)
		err_extra = " indirect access to";	/* a helper may read or write */
	else if (type == BPF_READ)
		err_extra = " read from";
	else
		err_extra = " write to";

	if (tnum_is_const(reg->var_off)) {
		min_off = (s64)reg->var_off.value + off;
		max_off = min_off + access_size;
	} else {
		if (reg->smax_value >= BPF_MAX_VAR_OFF ||
		    reg->smin_value <= -BPF_MAX_VAR_OFF) {
			verbose(env, "invalid unbounded variable-offset%s stack R%d\n",
				err_extra, regno);
			return -EACCES;
		}
		min_off = reg->smin_value + off;
		max_off = reg->smax_value + off + access_size;
	}

	err = check_stack_slot_within_bounds(env, min_off, state, type);
	if (!err && max_off > 0)
		err = -EINVAL;		/* reaches at or above the frame pointer */
	if (!err && access_size < 0)
		err = -EFAULT;		/* a size that overflowed on the way here */

	if (err) {
		if (tnum_is_const(reg->var_off)) {
			verbose(env, "invalid%s stack R%d off=%d size=%d\n",
				err_extra, regno, off, access_size);
		} else {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "invalid variable-offset%s stack R%d var_off=%s size=%d\n",
				err_extra, regno, tn_buf, access_size);
		}
		return err;
	}

	size = round_up((int)-min_off, BPF_REG_SIZE);
	err = grow_stack_state(state, size);
	if (err)
		return err;
	return update_stack_depth(env, state, -size);
}

/*
 * The stack bytes a helper (or a variable-offset load) reads must be
 * initialized; a helper may also write them, which turns what they held
 * into unknown data.  With meta->raw_mode (an uninit memory argument at
 * a fixed offset) the helper only writes: nothing needs to be there.
 * Spills in range are marked read.
 */
int check_stack_range_initialized(struct bpf_verifier_env *env, int regno, int off,
				  int access_size, bool zero_size_allowed,
				  enum bpf_access_src type, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_func_state *state = func(env, reg);
	const char *err_extra = type == ACCESS_HELPER ? " indirect" : "";
	enum bpf_access_type bounds_check_type = BPF_READ;
	bool clobber = false;
	int err, min_off, max_off, i, j, slot, spi;
	char tn_buf[48];

	if (access_size == 0 && !zero_size_allowed) {
		verbose(env, "invalid zero-sized read\n");
		return -EACCES;
	}

	if (type == ACCESS_HELPER) {
		/* writes have the wider bounds; reads are checked byte by byte below */
		bounds_check_type = BPF_WRITE;
		clobber = true;
	}
	err = check_stack_access_within_bounds(env, regno, off, access_size, type,
					       bounds_check_type);
	if (err)
		return err;

	if (tnum_is_const(reg->var_off)) {
		min_off = max_off = reg->var_off.value + off;
	} else {
		/* spectre masking of stack ALU cannot cover a variable offset */
		if (!env->bypass_spec_v1) {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "R%d%s variable offset stack access prohibited for !root, var_off=%s\n",
				regno, err_extra, tn_buf);
			return -EACCES;
		}
		/*
		 * Which bytes an uninit buffer at a variable offset gets
		 * written is unknown: it must be initialized beforehand.
		 */
		if (meta && meta->raw_mode)
			meta = NULL;
		min_off = reg->smin_value + off;
		max_off = reg->smax_value + off;
	}

	if (meta && meta->raw_mode) {
		meta->access_size = access_size;
		meta->regno = regno;
		return 0;
	}

	for (i = min_off; i < max_off + access_size; i++) {
		struct bpf_stack_state *slot_state;
		u8 *stype;

		slot = -i - 1;
		spi = slot / BPF_REG_SIZE;
		if (state->allocated_stack <= slot) {
			verbose(env, "verifier bug: allocated_stack too small");
			return -EFAULT;
		}
		slot_state = &state->stack[spi];
		stype = &slot_state->slot_type[slot % BPF_REG_SIZE];

		if (*stype == STACK_MISC)
			goto mark;
		if (*stype == STACK_ZERO ||
		    (*stype == STACK_INVALID && env->allow_uninit_stack)) {
			if (clobber)
				*stype = STACK_MISC;
			goto mark;
		}
		if (is_spilled_reg(slot_state) &&
		    (slot_state->spilled_ptr.type == SCALAR_VALUE || env->allow_ptr_leaks)) {
			if (clobber) {
				__mark_reg_unknown(env, &slot_state->spilled_ptr);
				for (j = 0; j < BPF_REG_SIZE; j++)
					scrub_spilled_slot(&slot_state->slot_type[j]);
			}
			goto mark;
		}

		if (tnum_is_const(reg->var_off)) {
			verbose(env, "invalid%s read from stack R%d off %d+%d size %d\n",
				err_extra, regno, min_off, i - min_off, access_size);
		} else {
			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose(env, "invalid%s read from stack R%d var_off %s+%d size %d\n",
				err_extra, regno, tn_buf, i - min_off, access_size);
		}
		return -EACCES;
mark:
		/*
		 * A read of any byte reads the slot.  No write mark: the
		 * helper may write only part of the range.
		 */
		err = mark_reg_read(env, &slot_state->spilled_ptr,
				    slot_state->spilled_ptr.parent, REG_LIVE_READ64);
		if (err)
			return err;
	}
	return 0;
}

/* ---- check_mem_access(): one handler per pointer type ---- */

/* One load or store being checked. */
struct mem_access {
	struct bpf_verifier_env *env;
	struct bpf_reg_state *regs;
	struct bpf_reg_state *reg;	/* the pointer */
	int insn_idx;
	u32 regno;
	int off;			/* insn off + reg->off */
	int size;
	enum bpf_access_type t;
	int value_regno;		/* stored or loaded register, -1: none */
};

/* A store of value_regno must not put an address where it can be read back as data. */
static int check_value_leak(const struct mem_access *a, const char *where)
{
	if (a->t == BPF_WRITE && a->value_regno >= 0 &&
	    is_pointer_value(a->env, a->value_regno)) {
		verbose(a->env, "R%d leaks addr into %s\n", a->value_regno, where);
		return -EACCES;
	}
	return 0;
}

static void mark_value_unknown(const struct mem_access *a, bool cond)
{
	if (cond && a->value_regno >= 0)
		mark_reg_unknown(a->env, a->regs, a->value_regno);
}

static int cannot_write_into(const struct mem_access *a)
{
	verbose(a->env, "R%d cannot write into %s\n",
		a->regno, reg_type_str(a->env, a->reg->type));
	return -EACCES;
}

static int map_key_access(struct mem_access *a)
{
	int err;

	if (a->t == BPF_WRITE) {
		verbose(a->env, "write to change key R%d not allowed\n", a->regno);
		return -EACCES;
	}
	err = check_mem_region_access(a->env, a->regno, a->off, a->size,
				      a->reg->map_ptr->key_size, false);
	if (err)
		return err;
	mark_value_unknown(a, true);
	return 0;
}

static int map_value_access(struct mem_access *a)
{
	struct bpf_map *map = a->reg->map_ptr;
	struct bpf_reg_state *val;
	u64 v = 0;
	int err;

	err = check_value_leak(a, "map");
	if (err)
		return err;
	err = check_map_access_type(a->env, a->regno, a->off, a->size, a->t);
	if (err)
		return err;
	err = check_map_access(a->env, a->regno, a->off, a->size, false, ACCESS_DIRECT);
	if (err)
		return err;
	if (a->t != BPF_READ || a->value_regno < 0)
		return 0;

	val = &a->regs[a->value_regno];
	if (tnum_is_const(a->reg->var_off) && bpf_map_is_rdonly(map) &&
	    map->ops->map_direct_value_addr) {
		err = bpf_map_direct_read(map, a->off + a->reg->var_off.value, a->size, &v);
		if (err)
			return err;
		val->type = SCALAR_VALUE;
		__mark_reg_known(val, v);
	} else {
		mark_reg_unknown(a->env, a->regs, a->value_regno);
	}
	return 0;
}

static int mem_access(struct mem_access *a)
{
	bool rdonly_mem = type_is_rdonly_mem(a->reg->type);
	int err;

	if (a->t == BPF_WRITE && rdonly_mem)
		return cannot_write_into(a);
	err = check_value_leak(a, "mem");
	if (err)
		return err;
	err = check_mem_region_access(a->env, a->regno, a->off, a->size,
				      a->reg->mem_size, false);
	if (err)
		return err;
	mark_value_unknown(a, a->t == BPF_READ || rdonly_mem);
	return 0;
}

static int ctx_access(struct mem_access *a)
{
	struct bpf_verifier_env *env = a->env;
	enum bpf_reg_type reg_type = SCALAR_VALUE;
	struct bpf_reg_state *val;
	struct btf *btf = NULL;
	u32 btf_id = 0;
	int err;

	err = check_value_leak(a, "ctx");
	if (err)
		return err;
	err = check_ptr_off_reg(env, a->reg, a->regno);
	if (err < 0)
		return err;
	err = check_ctx_access(env, a->insn_idx, a->off, a->size, a->t, &reg_type,
			       &btf, &btf_id);
	if (err) {
		verbose_linfo(env, a->insn_idx, "; ");
		return err;
	}
	if (a->t != BPF_READ || a->value_regno < 0)
		return 0;

	/* a context field is a number, or a pointer (packet, socket, BTF) at offset 0 */
	val = &a->regs[a->value_regno];
	if (reg_type == SCALAR_VALUE) {
		mark_reg_unknown(env, a->regs, a->value_regno);
	} else {
		mark_reg_known_zero(env, a->regs, a->value_regno);
		if (type_may_be_null(reg_type))
			val->id = new_reg_id(env);
		/* the converted load may be wider than the insn: never a subregister */
		val->subreg_def = DEF_NOT_SUBREG;
		if (base_type(reg_type) == PTR_TO_BTF_ID) {
			val->btf = btf;
			val->btf_id = btf_id;
		}
	}
	val->type = reg_type;
	return 0;
}

static int stack_access(struct mem_access *a)
{
	int err;

	err = check_stack_access_within_bounds(a->env, a->regno, a->off, a->size,
					       ACCESS_DIRECT, a->t);
	if (err)
		return err;
	if (a->t == BPF_READ)
		return check_stack_read(a->env, a->regno, a->off, a->size, a->value_regno);
	return check_stack_write(a->env, a->regno, a->off, a->size, a->value_regno,
				 a->insn_idx);
}

static int packet_access(struct mem_access *a)
{
	int err;

	if (a->t == BPF_WRITE && !may_access_direct_pkt_data(a->env, NULL, a->t)) {
		verbose(a->env, "cannot write into packet\n");
		return -EACCES;
	}
	err = check_value_leak(a, "packet");
	if (err)
		return err;
	err = check_packet_access(a->env, a->regno, a->off, a->size, false);
	if (err)
		return err;
	mark_value_unknown(a, a->t == BPF_READ);
	return 0;
}

static int flow_keys_access(struct mem_access *a)
{
	int err;

	err = check_value_leak(a, "flow keys");
	if (err)
		return err;
	err = check_flow_keys_access(a->env, a->off, a->size);
	if (err)
		return err;
	mark_value_unknown(a, a->t == BPF_READ);
	return 0;
}

static int sock_access(struct mem_access *a)
{
	int err;

	if (a->t == BPF_WRITE)
		return cannot_write_into(a);
	err = check_sock_access(a->env, a->insn_idx, a->regno, a->off, a->size, a->t);
	if (err)
		return err;
	mark_value_unknown(a, true);
	return 0;
}

static int tp_buffer_access(struct mem_access *a)
{
	int err;

	err = check_tp_buffer_access(a->env, a->reg, a->regno, a->off, a->size);
	if (err)
		return err;
	mark_value_unknown(a, a->t == BPF_READ);
	return 0;
}

static int btf_id_access(struct mem_access *a)
{
	return check_ptr_to_btf_access(a->env, a->regs, a->regno, a->off, a->size,
				       a->t, a->value_regno);
}

static int map_ptr_access(struct mem_access *a)
{
	return check_ptr_to_map_access(a->env, a->regs, a->regno, a->off, a->size,
				       a->t, a->value_regno);
}

static int buf_access(struct mem_access *a)
{
	bool rdonly_mem = type_is_rdonly_mem(a->reg->type);
	int err;

	if (rdonly_mem && a->t == BPF_WRITE)
		return cannot_write_into(a);
	err = check_buffer_access(a->env, a->reg, a->regno, a->off, a->size, false,
				  buffer_max_access(a->env, a->reg));
	if (err)
		return err;
	mark_value_unknown(a, rdonly_mem || a->t == BPF_READ);
	return 0;
}

/*
 * Who checks an access through a pointer of each base type, and which
 * type flags that pointer may carry (any other flag: not accessible,
 * e.g. a pointer not yet checked against NULL).
 */
#define ANY_FLAG	((u32)~BPF_BASE_TYPE_MASK)
#define NON_NULL	(ANY_FLAG & ~(u32)PTR_MAYBE_NULL)

static const struct mem_access_ops {
	int (*access)(struct mem_access *a);
	u32 flags_ok;
} mem_access_ops[__BPF_REG_TYPE_MAX] = {
	[PTR_TO_MAP_KEY]	= { map_key_access, 0 },
	[PTR_TO_MAP_VALUE]	= { map_value_access, 0 },
	[PTR_TO_MEM]		= { mem_access, NON_NULL },
	[PTR_TO_CTX]		= { ctx_access, 0 },
	[PTR_TO_STACK]		= { stack_access, 0 },
	[PTR_TO_PACKET]		= { packet_access, ANY_FLAG },
	[PTR_TO_PACKET_META]	= { packet_access, ANY_FLAG },
	[PTR_TO_FLOW_KEYS]	= { flow_keys_access, 0 },
	[PTR_TO_SOCKET]		= { sock_access, 0 },
	[PTR_TO_SOCK_COMMON]	= { sock_access, 0 },
	[PTR_TO_TCP_SOCK]	= { sock_access, 0 },
	[PTR_TO_XDP_SOCK]	= { sock_access, 0 },
	[PTR_TO_TP_BUFFER]	= { tp_buffer_access, 0 },
	[PTR_TO_BTF_ID]		= { btf_id_access, NON_NULL },
	[CONST_PTR_TO_MAP]	= { map_ptr_access, 0 },
	[PTR_TO_BUF]		= { buf_access, NON_NULL },
};

static const struct mem_access_ops *mem_access_ops_of(enum bpf_reg_type type)
{
	const struct mem_access_ops *ops;

	if (base_type(type) >= __BPF_REG_TYPE_MAX)
		return NULL;
	ops = &mem_access_ops[base_type(type)];
	if (!ops->access || (type_flag(type) & ~ops->flags_ok))
		return NULL;
	return ops;
}

/*
 * A load (t == BPF_READ: value_regno receives the value, or -1 when the
 * value goes nowhere) or a store (value_regno is stored, or -1 for an
 * immediate or an unknown value) of bpf_size at regno + off.
 */
int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off,
		     int bpf_size, enum bpf_access_type t, int value_regno,
		     bool strict_alignment_once)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct mem_access a = {
		.env = env,
		.regs = regs,
		.reg = regs + regno,
		.insn_idx = insn_idx,
		.regno = regno,
		.size = bpf_size_bytes(bpf_size),
		.t = t,
		.value_regno = value_regno,
	};
	const struct mem_access_ops *ops;
	int err;

	/* the alignment checks add reg->off themselves */
	err = check_ptr_alignment(env, a.reg, off, a.size, strict_alignment_once);
	if (err)
		return err;
	a.off = off + a.reg->off;

	ops = mem_access_ops_of(a.reg->type);
	if (!ops) {
		verbose(env, "R%d invalid mem access '%s'\n", regno,
			reg_type_str(env, a.reg->type));
		return -EACCES;
	}
	err = ops->access(&a);
	if (err)
		return err;

	/* b/h/w loads zero-extend */
	if (a.size < BPF_REG_SIZE && value_regno >= 0 && t == BPF_READ &&
	    regs[value_regno].type == SCALAR_VALUE)
		coerce_reg_to_size(&regs[value_regno], a.size);
	return 0;
}

/* ---- atomics ---- */

static bool atomic_op_valid(s32 imm)
{
	switch (imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		return true;
	default:
		return false;
	}
}

/*
 * A read-modify-write of memory: it must be readable (as a number, so
 * no spilled pointer may be read unprivileged) and writable, and it
 * cannot go to memory whose accesses the rewrite converts (context,
 * sockets) or that may be shared with the device (packets).
 */
int check_atomic(struct bpf_verifier_env *env, int insn_idx, struct bpf_insn *insn)
{
	int load_reg, err;

	if (!atomic_op_valid(insn->imm)) {
		verbose(env, "BPF_ATOMIC uses invalid atomic opcode %02x\n", insn->imm);
		return -EINVAL;
	}
	if (BPF_SIZE(insn->code) != BPF_W && BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid atomic operand size\n");
		return -EINVAL;
	}

	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	if (err)
		return err;
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;

	if (insn->imm == BPF_CMPXCHG) {
		/* r0 is compared with the memory */
		err = check_reg_arg(env, BPF_REG_0, SRC_OP);
		if (err)
			return err;
		if (is_pointer_value(env, BPF_REG_0)) {
			verbose(env, "R%d leaks addr into mem\n", BPF_REG_0);
			return -EACCES;
		}
	}

	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d leaks addr into mem\n", insn->src_reg);
		return -EACCES;
	}

	if (is_ctx_reg(env, insn->dst_reg) || is_pkt_reg(env, insn->dst_reg) ||
	    is_flow_key_reg(env, insn->dst_reg) || is_sk_reg(env, insn->dst_reg)) {
		verbose(env, "BPF_ATOMIC stores into R%d %s is not allowed\n",
			insn->dst_reg, reg_type_str(env, reg_state(env, insn->dst_reg)->type));
		return -EACCES;
	}

	if (insn->imm & BPF_FETCH) {
		load_reg = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
		err = check_reg_arg(env, load_reg, DST_OP);
		if (err)
			return err;
	} else {
		load_reg = -1;		/* the old value goes nowhere */
	}

	/* the read, then (fetch) the old value as a fill of load_reg */
	err = check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, -1, true);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				       BPF_SIZE(insn->code), BPF_READ, load_reg, true);
	if (err)
		return err;

	return check_mem_access(env, insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, -1, true);
}

/* ---- memory arguments of helpers ---- */

static int helper_mem_bad_type(struct bpf_verifier_env *env, int regno,
			       const struct bpf_reg_state *reg)
{
	verbose(env, "R%d type=%s ", regno, reg_type_str(env, reg->type));
	verbose(env, "expected=%s\n", reg_type_str(env, PTR_TO_STACK));
	return -EACCES;
}

/*
 * access_size bytes at the pointer in regno, which a helper reads
 * (BPF_READ) or writes (BPF_WRITE).  Stack memory must be initialized
 * unless meta->raw_mode says the helper only fills it.
 */
int check_helper_mem_access_type(struct bpf_verifier_env *env, int regno, int access_size,
				 enum bpf_access_type access_type, bool zero_size_allowed,
				 struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);

	switch (base_type(reg->type)) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		return check_packet_access(env, regno, reg->off, access_size,
					   zero_size_allowed);
	case PTR_TO_MAP_KEY:
		if (access_type == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		return check_mem_region_access(env, regno, reg->off, access_size,
					       reg->map_ptr->key_size, false);
	case PTR_TO_MAP_VALUE:
		if (check_map_access_type(env, regno, reg->off, access_size, access_type))
			return -EACCES;
		return check_map_access(env, regno, reg->off, access_size,
					zero_size_allowed, ACCESS_HELPER);
	case PTR_TO_MEM:
		if (type_is_rdonly_mem(reg->type) && access_type == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		return check_mem_region_access(env, regno, reg->off, access_size,
					       reg->mem_size, zero_size_allowed);
	case PTR_TO_BUF:
		if (type_is_rdonly_mem(reg->type) && access_type == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		return check_buffer_access(env, reg, regno, reg->off, access_size,
					   zero_size_allowed, buffer_max_access(env, reg));
	case PTR_TO_STACK:
		return check_stack_range_initialized(env, regno, reg->off, access_size,
						     zero_size_allowed, ACCESS_HELPER, meta);
	case PTR_TO_CTX:
		/*
		 * A type without ctx conversion (BPF_PROG_TYPE_SYSCALL) has
		 * a plain buffer as context: its last byte is checked as a
		 * load or store of the program would be.
		 */
		if (!env->ops->convert_ctx_access) {
			if (access_size == 0)
				return zero_size_allowed ? 0 : -EACCES;
			return check_mem_access(env, env->insn_idx, regno, access_size - 1,
						BPF_B, access_type, -1, false);
		}
		fallthrough;
	default:
		/* zero bytes at NULL are fine whatever the pointer type */
		if (zero_size_allowed && access_size == 0 && register_is_null(reg))
			return 0;
		return helper_mem_bad_type(env, regno, reg);
	}
}

/* As 6.1.0: without an access type, a raw (uninit) argument is the one written. */
static enum bpf_access_type meta_access_type(const struct bpf_call_arg_meta *meta)
{
	return meta && meta->raw_mode ? BPF_WRITE : BPF_READ;
}

int check_helper_mem_access(struct bpf_verifier_env *env, int regno, int access_size,
			    bool zero_size_allowed, struct bpf_call_arg_meta *meta)
{
	return check_helper_mem_access_type(env, regno, access_size, meta_access_type(meta),
					    zero_size_allowed, meta);
}

/*
 * The size argument (regno) of the memory argument in regno - 1: every
 * size it may have must be accessible.  A variable size cannot be raw:
 * the helper might fill less than the program later reads.
 */
int check_mem_size_reg_type(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    u32 regno, enum bpf_access_type access_type,
			    bool zero_size_allowed, struct bpf_call_arg_meta *meta)
{
	int err;

	/* helpers that return at most the size refine r0 with it */
	meta->msize_max_value = reg->umax_value;

	if (!tnum_is_const(reg->var_off))
		meta = NULL;

	if (reg->smin_value < 0) {
		verbose(env, "R%d min value is negative, either use unsigned or 'var &= const'\n",
			regno);
		return -EACCES;
	}
	if (reg->umin_value == 0) {
		err = check_helper_mem_access_type(env, regno - 1, 0, access_type,
						   zero_size_allowed, meta);
		if (err)
			return err;
	}
	if (reg->umax_value >= BPF_MAX_VAR_SIZ) {
		verbose(env, "R%d unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
			regno);
		return -EACCES;
	}
	err = check_helper_mem_access_type(env, regno - 1, reg->umax_value, access_type,
					   zero_size_allowed, meta);
	if (err)
		return err;
	return mark_chain_precision(env, regno);
}

int check_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
		       u32 regno, bool zero_size_allowed, struct bpf_call_arg_meta *meta)
{
	return check_mem_size_reg_type(env, reg, regno, meta_access_type(meta),
				       zero_size_allowed, meta);
}

/*
 * A kfunc or global function memory argument of mem_size bytes, which
 * may be NULL: checked as if not NULL, for reading and for writing.
 */
int check_mem_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
		  u32 mem_size)
{
	bool may_be_null = type_may_be_null(reg->type);
	struct bpf_reg_state saved_reg;
	int err;

	if (register_is_null(reg))
		return 0;

	/* the non-NULL view is only for this check: the caller keeps its register */
	if (may_be_null) {
		saved_reg = *reg;
		mark_ptr_not_null_reg(reg);
	}

	err = check_helper_mem_access_type(env, regno, mem_size, BPF_READ, true, NULL);
	if (!err)
		err = check_helper_mem_access_type(env, regno, mem_size, BPF_WRITE, true, NULL);

	if (may_be_null)
		*reg = saved_reg;
	return err;
}

/* A kfunc's (mem, size) pair: the size in regno, the memory in regno - 1. */
int check_kfunc_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			     u32 regno)
{
	struct bpf_reg_state *mem_reg = reg_state(env, regno - 1);
	bool may_be_null = type_may_be_null(mem_reg->type);
	struct bpf_call_arg_meta meta = {};
	struct bpf_reg_state saved_reg;
	int err;

	if (regno < BPF_REG_2 || regno > BPF_REG_5) {
		verbose(env, "verifier internal error: kfunc size argument in R%d\n", regno);
		return -EFAULT;
	}

	if (may_be_null) {
		saved_reg = *mem_reg;
		mark_ptr_not_null_reg(mem_reg);
	}

	err = check_mem_size_reg_type(env, reg, regno, BPF_READ, true, &meta);
	if (!err)
		err = check_mem_size_reg_type(env, reg, regno, BPF_WRITE, true, &meta);

	if (may_be_null)
		*mem_reg = saved_reg;
	return err;
}
