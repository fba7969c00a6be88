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
/* The vmlinux BTF (kernel/bpf/btf_vmlinux.c), made at first call; ERR_PTR if none. */
struct btf *bpf_get_btf_vmlinux(void);

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

/*
 * The rest of the kernel's include/linux/btf.h that the verifier, maps
 * and struct_ops use: the same names and meanings.
 */
#define BTF_MAX_SIZE	(16 * 1024 * 1024)	/* largest blob BPF_BTF_LOAD takes */

/*
 * As btf_check_prog_info(); a func_info/line_info record with a non-zero
 * tail beyond the known fields also writes the record size the kernel
 * knows to uattr (func_info_rec_size / line_info_rec_size), as 6.1 does,
 * so that the loader can retry with it.  uattr may be NULL.
 */
int btf_check_prog_info_uattr(struct bpf_prog *prog, const union bpf_attr *attr,
			      union bpf_attr __user *uattr,
			      struct bpf_verifier_log *log);
/* Frees what btf_check_prog_info() stored in aux (not aux->btf). */
void btf_prog_info_free(struct bpf_prog_aux *aux);

bool btf_type_is_void(const struct btf_type *t);
const char *btf_type_str(const struct btf_type *t);
/* Id of the first type of that kind and name, or -ENOENT. */
s32 btf_find_by_name_kind(const struct btf *btf, const char *name, u8 kind);
/* Follows typedef/volatile/const/restrict/type_tag; *res_id gets the id reached. */
const struct btf_type *btf_type_skip_modifiers(const struct btf *btf, u32 id,
					       u32 *res_id);
/* The type a pointer (behind modifiers) points to, modifiers skipped; else NULL. */
const struct btf_type *btf_type_resolve_ptr(const struct btf *btf, u32 id,
					    u32 *res_id);
const struct btf_type *btf_type_resolve_func_ptr(const struct btf *btf, u32 id,
						 u32 *res_id);
/* Total size of type (arrays multiplied out); the array or sized type, or ERR_PTR. */
const struct btf_type *btf_resolve_size(const struct btf *btf,
					const struct btf_type *type,
					u32 *type_size);

/*
 * 6.1's walk of the struct t (a kernel object) to the field a load of
 * size bytes at off reads: SCALAR_VALUE, PTR_TO_BTF_ID (a pointer field:
 * *next_btf_id and *flag type it), or -errno with 6.1's log line.
 */
int btf_struct_access(struct bpf_verifier_log *log, const struct btf *btf,
		      const struct btf_type *t, int off, int size,
		      enum bpf_access_type atype, u32 *next_btf_id,
		      enum bpf_type_flag *flag);

/* What a load through a BTF pointer reads at run time (kernel/bpf/btf_access.c). */
enum btf_xlate_kind {
	BTF_XLATE_NONE,		/* not decided yet */
	BTF_XLATE_PROBE,	/* not our object: a probing load at the kernel offset */
	BTF_XLATE_FIELD,	/* our object: our field at off */
	BTF_XLATE_ZERO,		/* our object without such a field: 0 */
};

struct btf_access_xlate {
	enum btf_xlate_kind kind;
	int off;		/* from the start of the object */
};

/* btf_struct_access(), and where sysbpf's object keeps what it reads. */
int btf_struct_access_xlate(struct bpf_verifier_log *log, const struct btf *btf,
			    const struct btf_type *t, int off, int size,
			    enum bpf_access_type atype, u32 *next_btf_id,
			    enum bpf_type_flag *flag, struct btf_access_xlate *xlate);

static inline u16 btf_type_vlen(const struct btf_type *t) { return BTF_INFO_VLEN(t->info); }
static inline bool btf_type_kflag(const struct btf_type *t) { return BTF_INFO_KFLAG(t->info); }

static inline bool btf_type_is_ptr(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_PTR;
}

static inline bool btf_type_is_int(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_INT;
}

static inline bool btf_type_is_small_int(const struct btf_type *t)
{
	return btf_type_is_int(t) && t->size <= sizeof(u64);
}

static inline bool btf_type_is_enum(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_ENUM;
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_ENUM ||
	       BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64;
}

static inline bool btf_type_is_scalar(const struct btf_type *t)
{
	return btf_type_is_int(t) || btf_type_is_enum(t);
}

static inline bool btf_type_is_typedef(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_TYPEDEF;
}

static inline bool btf_type_is_func(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_FUNC;
}

static inline bool btf_type_is_func_proto(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_FUNC_PROTO;
}

static inline bool btf_type_is_var(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_VAR;
}

static inline bool btf_type_is_type_tag(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_TYPE_TAG;
}

static inline const struct btf_member *btf_type_member(const struct btf_type *t)
{
	return (const struct btf_member *)(t + 1);
}

static inline const struct btf_var_secinfo *btf_type_var_secinfo(const struct btf_type *t)
{
	return (const struct btf_var_secinfo *)(t + 1);
}

static inline const struct btf_param *btf_params(const struct btf_type *t)
{
	return (const struct btf_param *)(t + 1);
}

/* Bit offset of a member: with kind_flag the low 24 bits, else all 32. */
static inline u32 __btf_member_bit_offset(const struct btf_type *struct_type,
					  const struct btf_member *member)
{
	return btf_type_kflag(struct_type) ? BTF_MEMBER_BIT_OFFSET(member->offset)
					   : member->offset;
}

static inline u32 __btf_member_bitfield_size(const struct btf_type *struct_type,
					     const struct btf_member *member)
{
	return btf_type_kflag(struct_type) ? BTF_MEMBER_BITFIELD_SIZE(member->offset)
					   : 0;
}

static inline u64 btf_enum64_value(const struct btf_enum64 *e)
{
	return ((u64)e->val_hi32 << 32) | e->val_lo32;
}

#endif
