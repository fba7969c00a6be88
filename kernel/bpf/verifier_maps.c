// SPDX-License-Identifier: GPL-2.0
/*
 * LD_IMM64 instructions that name a map, by fd or by index into the
 * load's fd_array, become loads of the map pointer or of the address of
 * a map value, as 6.1's resolve_pseudo_ldimm64() makes them.  Each map is
 * held once by the program (MAX_USED_MAPS of them); syscall.c drops the
 * references when the program goes.  This pass also rejects the opcodes
 * the uapi does not have.
 */
#include "verifier_env.h"
#include <linux/bpf-cgroup.h>

/* The opcodes of the uapi, as 6.1's public instruction table lists them. */
static bool opcode_in_insntable(u8 code)
{
	u8 class = BPF_CLASS(code), op = BPF_OP(code);

	switch (class) {
	case BPF_ALU:
		if (op == BPF_END)
			return true;	/* BPF_TO_LE and BPF_TO_BE */
		fallthrough;
	case BPF_ALU64:
		if (op == BPF_NEG)
			return BPF_SRC(code) == BPF_K;
		return op <= BPF_ARSH && op != BPF_END;
	case BPF_JMP:
		if (op == BPF_CALL || op == BPF_EXIT || op == BPF_JA)
			return BPF_SRC(code) == BPF_K;
		fallthrough;
	case BPF_JMP32:
		if (op == BPF_JA)
			return BPF_SRC(code) == BPF_K;
		return op <= BPF_JSLE && op != BPF_CALL && op != BPF_EXIT;
	case BPF_STX:
		if (BPF_MODE(code) == BPF_ATOMIC)
			return BPF_SIZE(code) == BPF_W || BPF_SIZE(code) == BPF_DW;
		fallthrough;
	case BPF_ST:
	case BPF_LDX:
		return BPF_MODE(code) == BPF_MEM;
	case BPF_LD:
		if (BPF_MODE(code) == BPF_IMM)
			return BPF_SIZE(code) == BPF_DW;
		return (BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND) &&
		       BPF_SIZE(code) != BPF_DW;
	}
	return false;
}

static bool is_tracing_prog_type(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return true;
	default:
		return false;
	}
}

/* The maps a sleepable program may use, as in 6.1. */
static bool map_sleepable_ok(enum bpf_map_type type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
		return true;
	default:
		return false;
	}
}

static int check_map_prog_compatibility(struct bpf_verifier_env *env,
					struct bpf_map *map, struct bpf_prog *prog)
{
	if (map_value_has_spin_lock(map)) {
		if (prog->type == BPF_PROG_TYPE_SOCKET_FILTER) {
			verbose(env, "socket filter progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
		if (is_tracing_prog_type(prog->type)) {
			verbose(env, "tracing progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
		if (prog->aux->sleepable) {
			verbose(env, "sleepable progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
	}
	if (map_value_has_timer(map) && is_tracing_prog_type(prog->type)) {
		verbose(env, "tracing progs cannot use bpf_timer yet\n");
		return -EINVAL;
	}
	if (map->map_type == BPF_MAP_TYPE_STRUCT_OPS) {
		verbose(env, "bpf_struct_ops map cannot be used in prog\n");
		return -EINVAL;
	}
	if (prog->aux->sleepable && !map_sleepable_ok(map->map_type)) {
		verbose(env, "Sleepable programs can only use array, hash, and ringbuf maps\n");
		return -EINVAL;
	}
	return 0;
}

/* The fd an LD_IMM64 names: its imm, or fd_array[imm] for the _IDX forms. */
static int ldimm64_map_fd(struct bpf_verifier_env *env, const struct bpf_insn *insn,
			  u32 *fd)
{
	const u32 *fd_array = u64_to_user_ptr(env->attr->fd_array);

	if (insn->src_reg != BPF_PSEUDO_MAP_IDX &&
	    insn->src_reg != BPF_PSEUDO_MAP_IDX_VALUE) {
		*fd = insn->imm;
		return 0;
	}
	if (!fd_array) {
		verbose(env, "fd_idx without fd_array is invalid\n");
		return -EPROTO;
	}
	if (copy_from_user(fd, fd_array + (u32)insn->imm, sizeof(*fd)))
		return -EFAULT;
	return 0;
}

/* Holds map for the program, once however often it is named: its index in used_maps. */
static int use_map(struct bpf_verifier_env *env, struct bpf_map *map)
{
	u32 i;

	for (i = 0; i < env->used_map_cnt; i++) {
		if (env->used_maps[i] == map) {
			bpf_map_put(map);
			return i;
		}
	}
	if (env->used_map_cnt >= MAX_USED_MAPS) {
		bpf_map_put(map);
		return -E2BIG;
	}
	env->used_maps[env->used_map_cnt++] = map;
	if (bpf_map_is_cgroup_storage(map) &&
	    bpf_cgroup_storage_assign(env->prog->aux, map)) {
		verbose(env, "only one cgroup storage of each type is allowed\n");
		return -EBUSY;
	}
	return env->used_map_cnt - 1;
}

static int resolve_map_ldimm64(struct bpf_verifier_env *env, struct bpf_insn *insn,
			       struct bpf_insn_aux_data *aux)
{
	struct bpf_map *map;
	u64 addr;
	u32 fd, off = 0;
	int err;

	err = ldimm64_map_fd(env, insn, &fd);
	if (err)
		return err;
	map = bpf_map_get(fd);
	if (IS_ERR(map)) {
		verbose(env, "fd %d is not pointing to valid bpf_map\n", fd);
		return PTR_ERR(map);
	}
	err = check_map_prog_compatibility(env, map, env->prog);
	if (err)
		goto put;

	if (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX) {
		addr = (u64)(uintptr_t)map;
	} else {
		off = insn[1].imm;
		if (off >= BPF_MAX_VAR_OFF) {
			verbose(env, "direct value offset of %u is not allowed\n", off);
			err = -EINVAL;
			goto put;
		}
		if (!map->ops->map_direct_value_addr) {
			verbose(env, "no direct value access support for this map type\n");
			err = -EINVAL;
			goto put;
		}
		err = map->ops->map_direct_value_addr(map, &addr, off);
		if (err) {
			verbose(env, "invalid access to map value pointer, value_size=%u off=%u\n",
				map->value_size, off);
			goto put;
		}
		addr += off;
	}
	insn[0].imm = (u32)addr;
	insn[1].imm = addr >> 32;
	err = use_map(env, map);
	if (err < 0)
		return err;
	aux->map_index = err;
	aux->map_off = off;
	return 0;
put:
	bpf_map_put(map);
	return err;
}

/*
 * An LD_IMM64 naming a kernel variable (a typed __ksym) by its BTF id, in
 * the vmlinux BTF or in the BTF object whose fd is in the second half.
 * The checks and their messages are 6.1's.  6.1 takes the address from
 * kallsyms; sysbpf's kallsyms (kernel/trace/bpf_trampoline.c) has the
 * functions sysbpf provides and no variables, as sysbpf has no kernel
 * data to point at: every variable ends as an unknown symbol does in 6.1
 * (ENOENT), and a program using a typed ksym does not load
 * (Documentation/bpf/compat.md).
 */
static int check_pseudo_btf_id(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	const struct btf_type *t;
	const char *sym_name;
	struct btf *btf;
	u32 id = insn->imm;
	int err;

	if (insn[1].imm) {
		btf = btf_get_by_fd(insn[1].imm);
		if (IS_ERR(btf)) {
			verbose(env, "invalid module BTF object FD specified.\n");
			return -EINVAL;
		}
	} else {
		btf = bpf_get_btf_vmlinux();
		if (IS_ERR_OR_NULL(btf)) {
			verbose(env, "kernel is missing BTF, make sure CONFIG_DEBUG_INFO_BTF=y is specified in Kconfig.\n");
			return -EINVAL;
		}
		btf_get(btf);
	}

	t = btf_type_by_id(btf, id);
	if (!t) {
		verbose(env, "ldimm64 insn specifies invalid btf_id %d.\n", id);
		err = -ENOENT;
	} else if (!btf_type_is_var(t)) {
		verbose(env, "pseudo btf_id %d in ldimm64 isn't KIND_VAR.\n", id);
		err = -EINVAL;
	} else {
		sym_name = btf_name_by_offset(btf, t->name_off);
		/* no variable has an address here (see above) */
		verbose(env, "ldimm64 failed to find the address for kernel symbol '%s'.\n",
			sym_name);
		err = -ENOENT;
	}
	btf_put(btf);
	return err;
}

static int check_ldimm64_pair(struct bpf_verifier_env *env, struct bpf_insn *insn,
			      bool last, struct bpf_insn_aux_data *aux)
{
	if (last || insn[1].code || insn[1].dst_reg || insn[1].src_reg || insn[1].off) {
		verbose(env, "invalid bpf_ld_imm64 insn\n");
		return -EINVAL;
	}
	switch (insn->src_reg) {
	case 0:
	case BPF_PSEUDO_FUNC:
		return 0;
	case BPF_PSEUDO_BTF_ID:
		return check_pseudo_btf_id(env, insn);
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		return resolve_map_ldimm64(env, insn, aux);
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
		if (!insn[1].imm)
			return resolve_map_ldimm64(env, insn, aux);
		fallthrough;
	default:
		verbose(env, "unrecognized bpf_ld_imm64 insn\n");
		return -EINVAL;
	}
}

int resolve_pseudo_ldimm64(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	u32 i, len = env->prog->len;
	int err;

	err = bpf_prog_calc_tag(env->prog);
	if (err)
		return err;

	for (i = 0; i < len; i++, insn++) {
		if (BPF_CLASS(insn->code) == BPF_LDX &&
		    (BPF_MODE(insn->code) != BPF_MEM || insn->imm)) {
			verbose(env, "BPF_LDX uses reserved fields\n");
			return -EINVAL;
		}
		if (bpf_is_ldimm64(insn)) {
			err = check_ldimm64_pair(env, insn, i == len - 1, &env->insn_aux_data[i]);
			if (err)
				return err;
			insn++;
			i++;
			continue;
		}
		if (!opcode_in_insntable(insn->code)) {
			verbose(env, "unknown opcode %02x\n", insn->code);
			return -EINVAL;
		}
	}
	return 0;
}

void release_maps(struct bpf_verifier_env *env)
{
	u32 i;

	for (i = 0; i < env->used_map_cnt; i++)
		bpf_map_put(env->used_maps[i]);
	env->used_map_cnt = 0;
}

/* Map loads are plain 64-bit immediates once resolved; callbacks keep their mark. */
void convert_pseudo_ld_imm64(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	u32 i;

	for (i = 0; i < env->prog->len; i++, insn++) {
		if (!bpf_is_ldimm64(insn))
			continue;
		if (insn->src_reg != BPF_PSEUDO_FUNC)
			insn->src_reg = 0;
		insn++;
		i++;
	}
}
