/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BTF_H
#define _SYSBPF_LINUX_BTF_H

#include <linux/bpf.h>
#include_next <linux/btf.h>

struct btf;
struct bpf_verifier_log;

/* Type lookups on a loaded (validated) BTF object. */
const struct btf_type *btf_type_by_id(const struct btf *btf, u32 type_id);
const char *btf_name_by_offset(const struct btf *btf, u32 offset);
u32 btf_nr_types(const struct btf *btf);
/* Skips modifiers and typedefs to a sized type; NULL if it has no size. */
const struct btf_type *btf_type_id_size(const struct btf *btf, u32 *type_id,
					u32 *ret_size);
/* Offset of the struct bpf_spin_lock / bpf_timer in a value type, -ENOENT or -E2BIG. */
int btf_find_spin_lock(const struct btf *btf, const struct btf_type *t);
int btf_find_timer(const struct btf *btf, const struct btf_type *t);
bool btf_is_kernel(const struct btf *btf);

/*
 * Checks func_info and line_info of BPF_PROG_LOAD against the program's
 * BTF and instructions, with the kernel's messages in the log, and stores
 * validated copies in prog->aux.  Returns 0 or -errno.
 */
int btf_check_prog_info(struct bpf_prog *prog, const union bpf_attr *attr,
			struct bpf_verifier_log *log);
/* The source line of insn_off, as "; <line> @ file:N" the verifier log prints; NULL if none. */
const struct bpf_line_info *bpf_prog_linfo_find(const struct bpf_prog *prog, u32 insn_off);

static inline u16 btf_kind(const struct btf_type *t) { return BTF_INFO_KIND(t->info); }
static inline u16 btf_vlen(const struct btf_type *t) { return BTF_INFO_VLEN(t->info); }
static inline bool btf_kflag(const struct btf_type *t) { return BTF_INFO_KFLAG(t->info); }
static inline bool btf_type_is_struct(const struct btf_type *t)
{
	u8 kind = btf_kind(t);

	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

#endif
