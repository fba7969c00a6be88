/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What btf.c (the object, queries, map checks) and the checks of
 * BPF_BTF_LOAD (btf_parse.c, btf_kinds.c) share: the object and the kind
 * predicates.
 */
#ifndef _SYSBPF_KERNEL_BPF_BTF_INTERNAL_H
#define _SYSBPF_KERNEL_BPF_BTF_INTERNAL_H

#include <linux/bpf.h>
#include <linux/btf.h>

#define MAX_RESOLVE_DEPTH		32
#define MODULE_NAME_LEN			56

struct btf {
	void *data;		/* the blob, header first */
	void *alloc;		/* the allocation data lies in (see btf_copy_data) */
	const struct btf_type **types;	/* by type id; types[0] is void */
	u32 *resolved_ids;
	u32 *resolved_sizes;
	const char *strings;
	void *nohdr_data;
	struct btf_header hdr;
	u32 nr_types;		/* void included */
	u32 types_size;
	u32 data_size;
	refcount_t refcnt;
	u32 id;
	struct rcu_head rcu;
	char name[MODULE_NAME_LEN];
	bool kernel_btf;
};

/* Type id 0; its kind (0) has no operations, so it must never reach them. */
extern const struct btf_type btf_void;

/* Checks a user blob as BPF_BTF_LOAD does: the object (refcnt 1, no id) or ERR_PTR. */
struct btf *btf_parse(const void __user *btf_data, u32 btf_data_size,
		      u32 log_level, char __user *log_ubuf, u32 log_size);
/* Frees an object nobody can reach (no id, no reference). */
void btf_free(struct btf *btf);

/* ---- kinds ---- */

/*
 * Types whose size is that of the type they refer to.  A pointer is not
 * one: its size is known without following it.
 */
static inline bool btf_type_is_modifier(const struct btf_type *t)
{
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return true;
	}
	return false;
}

static inline bool btf_type_is_fwd(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_FWD;
}

static inline bool btf_type_is_decl_tag(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_DECL_TAG;
}

static inline bool btf_type_nosize(const struct btf_type *t)
{
	return btf_type_is_void(t) || btf_type_is_fwd(t) ||
	       btf_type_is_func(t) || btf_type_is_func_proto(t) ||
	       btf_type_is_decl_tag(t);
}

static inline bool btf_type_nosize_or_null(const struct btf_type *t)
{
	return !t || btf_type_nosize(t);
}

/* STRUCT only: a lock or timer inside a union is not looked for. */
static inline bool __btf_type_is_struct(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT;
}

static inline bool btf_type_is_array(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_ARRAY;
}

static inline bool btf_type_is_datasec(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info) == BTF_KIND_DATASEC;
}

static inline bool btf_type_is_decl_tag_target(const struct btf_type *t)
{
	return btf_type_is_func(t) || btf_type_is_struct(t) ||
	       btf_type_is_var(t) || btf_type_is_typedef(t);
}

/* Kinds that may refer to others but that nothing may refer to. */
static inline bool btf_type_is_resolve_source_only(const struct btf_type *t)
{
	return btf_type_is_var(t) || btf_type_is_decl_tag(t) ||
	       btf_type_is_datasec(t);
}

static inline bool btf_type_needs_resolve(const struct btf_type *t)
{
	return btf_type_is_modifier(t) || btf_type_is_ptr(t) ||
	       btf_type_is_struct(t) || btf_type_is_array(t) ||
	       btf_type_is_var(t) || btf_type_is_func(t) ||
	       btf_type_is_decl_tag(t) || btf_type_is_datasec(t);
}

/* t->size is the size of the type. */
static inline bool btf_type_has_size(const struct btf_type *t)
{
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_DATASEC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM64:
		return true;
	}
	return false;
}
static inline const struct btf_array *btf_type_array(const struct btf_type *t)
{
	return (const struct btf_array *)(t + 1);
}

/* ---- strings ---- */

static inline const char *btf_str_by_offset(const struct btf *btf, u32 offset)
{
	return offset < btf->hdr.str_len ? &btf->strings[offset] : NULL;
}

/* For the log: anonymous and broken names are spelled out. */
static inline const char *__btf_name_by_offset(const struct btf *btf, u32 offset)
{
	const char *name;

	if (!offset)
		return "(anon)";
	name = btf_str_by_offset(btf, offset);
	return name ? name : "(invalid-name-offset)";
}

/* ---- what the type pass recorded ---- */

static inline u32 btf_resolved_type_id(const struct btf *btf, u32 type_id)
{
	return btf->resolved_ids[type_id];
}

/* type_id must be of a kind that is resolved (modifier, var, ptr...). */
static inline const struct btf_type *btf_type_id_resolve(const struct btf *btf,
						  u32 *type_id)
{
	*type_id = btf_resolved_type_id(btf, *type_id);
	return btf_type_by_id(btf, *type_id);
}

static inline u32 btf_resolved_type_size(const struct btf *btf, u32 type_id)
{
	return btf->resolved_sizes[type_id];
}

#endif
