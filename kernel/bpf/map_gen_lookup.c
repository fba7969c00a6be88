// SPDX-License-Identifier: GPL-2.0
/*
 * Inline lookups: the instructions do_misc_fixups() puts in place of a
 * bpf_map_lookup_elem() call when the map at the call site is known
 * (ops->map_gen_lookup), as 6.1 does for arrays.  The sequence reads the
 * key through r2, compares it with max_entries and leaves in r0 the
 * address of the value or NULL, without a call.
 *
 * The address is computed, not handed out by a helper, so the run-time
 * guard cannot learn it from a helper's return; bpf_map_gen_lookup_area()
 * tells it which memory such an address can point into, and the guard
 * treats that memory as it treats global data.
 */
#include <linux/bpf.h>
#include <linux/filter.h>

static inline struct bpf_array *gen_lookup_array(const struct bpf_map *map)
{
	return container_of(map, struct bpf_array, map);
}

/*
 * The first insn turns the map pointer in r1 into the base of its values.
 * The kernel's values follow struct bpf_array, ours do unless the array
 * is BPF_F_MMAPABLE (a memfd mapping): then the base is read from the map.
 */
static struct bpf_insn gen_lookup_value_base(const struct bpf_array *array)
{
	intptr_t delta = (const char *)array->value_base - (const char *)array;

	if (delta > 0 && delta <= S32_MAX)
		return BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, (s32)delta);
	/* our own structure: not a load of the program, the guard trusts it */
	return (struct bpf_insn){
		.code = BPF_LDX | BPF_TRUSTED_MEM | BPF_DW,
		.dst_reg = BPF_REG_1,
		.src_reg = BPF_REG_1,
		.off = offsetof(struct bpf_array, value_base),
	};
}

int array_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf)
{
	struct bpf_array *array = gen_lookup_array(map);
	struct bpf_insn *insn = insn_buf;
	u32 elem_size = array->elem_size;
	const int ret = BPF_REG_0, map_ptr = BPF_REG_1, index = BPF_REG_2;

	/* inner arrays of any size may sit behind one template: no constants */
	if (map->map_flags & BPF_F_INNER_MAP)
		return -EOPNOTSUPP;

	*insn++ = gen_lookup_value_base(array);
	*insn++ = BPF_LDX_MEM(BPF_W, ret, index, 0);
	if (!map->bypass_spec_v1) {
		/* the mask keeps a mispredicted bounds check inside the array */
		*insn++ = BPF_JMP_IMM(BPF_JGE, ret, map->max_entries, 4);
		*insn++ = BPF_ALU32_IMM(BPF_AND, ret, array->index_mask);
	} else {
		*insn++ = BPF_JMP_IMM(BPF_JGE, ret, map->max_entries, 3);
	}
	if (is_power_of_2(elem_size))
		*insn++ = BPF_ALU64_IMM(BPF_LSH, ret, ilog2_u64(elem_size));
	else
		*insn++ = BPF_ALU64_IMM(BPF_MUL, ret, elem_size);
	*insn++ = BPF_ALU64_REG(BPF_ADD, ret, map_ptr);
	*insn++ = BPF_JMP_IMM(BPF_JA, 0, 0, 1);
	*insn++ = BPF_MOV64_IMM(ret, 0);
	return insn - insn_buf;
}

/*
 * [start, start + size): every address an inline lookup of map can
 * produce, the values of all its elements.  -EOPNOTSUPP for maps whose
 * lookups are not inlined this way.
 */
int bpf_map_gen_lookup_area(const struct bpf_map *map, u64 *start, u64 *size)
{
	const struct bpf_array *array;

	if (!map || map->ops->map_gen_lookup != array_map_gen_lookup ||
	    (map->map_flags & BPF_F_INNER_MAP) || !map->max_entries)
		return -EOPNOTSUPP;
	array = gen_lookup_array(map);
	*start = (u64)(uintptr_t)array->value_base;
	*size = (u64)(map->max_entries - 1) * array->elem_size + map->value_size;
	return 0;
}
