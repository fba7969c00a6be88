/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load-time checker of BTF, split in two: btf_parse.c runs the passes
 * (header, strings, meta pass, type pass) and owns the log and the resolve
 * stack; btf_kinds.c has what each kind checks, in the kind_ops table.
 */
#ifndef _SYSBPF_KERNEL_BPF_BTF_PARSE_H
#define _SYSBPF_KERNEL_BPF_BTF_PARSE_H

#include <linux/bpf_verifier.h>
#include "btf_internal.h"

#define BITS_PER_U128			128
#define BITS_PER_BYTE_MASKED(bits)	((bits) & 7)
#define BITS_ROUNDDOWN_BYTES(bits)	((bits) >> 3)
#define BITS_ROUNDUP_BYTES(bits) \
	(BITS_ROUNDDOWN_BYTES(bits) + !!BITS_PER_BYTE_MASKED(bits))

#define BTF_INFO_MASK			0x9f00ffff
#define BTF_INT_MASK			0x0fffffff
#define BTF_TYPE_ID_VALID(type_id)	((type_id) <= BTF_MAX_TYPE)
#define BTF_STR_OFFSET_VALID(name_off)	((name_off) <= BTF_MAX_NAME_OFFSET)

/* Identifiers are bounded like kernel symbols. */
#define KSYM_NAME_LEN			512

enum verifier_phase {
	CHECK_META,
	CHECK_TYPE,
};

struct resolve_vertex {
	const struct btf_type *t;
	u32 type_id;
	u16 next_member;
};

enum visit_state {
	NOT_VISITED,
	VISITED,
	RESOLVED,
};

/*
 * What ends a resolving walk depends on where it started: a pointer may
 * point at anything but another pointer or modifier (that is how loops
 * through pointers are found), a struct or array only needs its members'
 * sizes, so pointers end it.
 */
enum resolve_mode {
	RESOLVE_TBD,
	RESOLVE_PTR,
	RESOLVE_STRUCT_OR_ARRAY,
};

struct btf_sec_info {
	u32 off;
	u32 len;
};

struct btf_verifier_env {
	struct btf *btf;
	u8 *visit_states;
	struct resolve_vertex stack[MAX_RESOLVE_DEPTH];
	struct bpf_verifier_log log;
	u32 log_type_id;
	u32 top_stack;
	enum verifier_phase phase;
	enum resolve_mode resolve_mode;
};

struct btf_kind_operations {
	s32 (*check_meta)(struct btf_verifier_env *env, const struct btf_type *t,
			  u32 meta_left);
	int (*resolve)(struct btf_verifier_env *env, const struct resolve_vertex *v);
	int (*check_member)(struct btf_verifier_env *env,
			    const struct btf_type *struct_type,
			    const struct btf_member *member,
			    const struct btf_type *member_type);
	int (*check_kflag_member)(struct btf_verifier_env *env,
				  const struct btf_type *struct_type,
				  const struct btf_member *member,
				  const struct btf_type *member_type);
	void (*log_details)(struct btf_verifier_env *env, const struct btf_type *t);
};

extern const struct btf_kind_operations *const kind_ops[NR_BTF_KINDS];

static inline u32 btf_type_int(const struct btf_type *t)
{
	return *(const u32 *)(t + 1);
}

static inline const struct btf_enum *btf_type_enum(const struct btf_type *t)
{
	return (const struct btf_enum *)(t + 1);
}

static inline const struct btf_enum64 *btf_type_enum64(const struct btf_type *t)
{
	return (const struct btf_enum64 *)(t + 1);
}

static inline const struct btf_var *btf_type_var(const struct btf_type *t)
{
	return (const struct btf_var *)(t + 1);
}

static inline const struct btf_decl_tag *btf_type_decl_tag(const struct btf_type *t)
{
	return (const struct btf_decl_tag *)(t + 1);
}

static inline const struct btf_kind_operations *btf_type_ops(const struct btf_type *t)
{
	return kind_ops[BTF_INFO_KIND(t->info)];
}

/* ---- strings and names ---- */

static inline bool btf_name_offset_valid(const struct btf *btf, u32 offset)
{
	return BTF_STR_OFFSET_VALID(offset) && offset < btf->hdr.str_len;
}

/* C identifiers, plus '.' which section and some kernel names carry; ASCII only. */
static inline bool btf_name_char_ok(char c, bool first)
{
	bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	bool digit = c >= '0' && c <= '9';

	if (c == '_' || c == '.')
		return true;
	return first ? alpha : alpha || digit;
}

/* offset must be valid: the string section ends with a NUL. */
static inline bool btf_name_valid(const struct btf *btf, u32 offset)
{
	const char *src = btf_str_by_offset(btf, offset);
	const char *src_limit;

	if (!btf_name_char_ok(*src, true))
		return false;
	src_limit = src + KSYM_NAME_LEN;
	for (src++; *src && src < src_limit; src++)
		if (!btf_name_char_ok(*src, false))
			return false;
	return !*src;
}

static inline bool btf_name_valid_identifier(const struct btf *btf, u32 offset)
{
	return btf_name_valid(btf, offset);
}

static inline bool btf_name_valid_section(const struct btf *btf, u32 offset)
{
	return btf_name_valid(btf, offset);
}

/* A plain u8/u16/u32/u64/u128: no bit offset, whole bytes. */
static inline bool btf_type_int_is_regular(const struct btf_type *t)
{
	u32 int_data = btf_type_int(t);
	u8 nr_bits = BTF_INT_BITS(int_data);
	u8 nr_bytes = BITS_ROUNDUP_BYTES(nr_bits);

	if (BITS_PER_BYTE_MASKED(nr_bits) || BTF_INT_OFFSET(int_data))
		return false;
	return nr_bytes == 1 || nr_bytes == 2 || nr_bytes == 4 ||
	       nr_bytes == 8 || nr_bytes == 16;
}

/* ---- the log (btf_parse.c) ---- */

__printf(2, 3) void btf_verifier_log(struct btf_verifier_env *env, const char *fmt, ...);
/* "[id] KIND name details message\n"; a NULL fmt logs the type alone. */
__printf(3, 4) void btf_verifier_log_type(struct btf_verifier_env *env,
					  const struct btf_type *t, const char *fmt, ...);
/* The type line without the kind's details, for metas too short to read. */
__printf(3, 4) void btf_verifier_log_basic(struct btf_verifier_env *env,
					   const struct btf_type *t, const char *fmt, ...);
__printf(4, 5) void btf_verifier_log_member(struct btf_verifier_env *env,
					    const struct btf_type *struct_type,
					    const struct btf_member *member,
					    const char *fmt, ...);
__printf(4, 5) void btf_verifier_log_vsi(struct btf_verifier_env *env,
					 const struct btf_type *datasec_type,
					 const struct btf_var_secinfo *vsi,
					 const char *fmt, ...);

/* ---- the resolve stack (btf_parse.c) ---- */

bool env_type_is_resolve_sink(const struct btf_verifier_env *env,
			      const struct btf_type *next_type);
bool env_type_is_resolved(const struct btf_verifier_env *env, u32 type_id);
/* -E2BIG: too deep; -EEXIST: already on the stack (a loop) or resolved. */
int env_stack_push(struct btf_verifier_env *env, const struct btf_type *t, u32 type_id);
void env_stack_set_next_member(struct btf_verifier_env *env, u16 next_member);
void env_stack_pop_resolved(struct btf_verifier_env *env, u32 resolved_type_id,
			    u32 resolved_size);
/* Resolves t and what it refers to; the prototype checks call it too. */
int btf_resolve(struct btf_verifier_env *env, const struct btf_type *t, u32 type_id);

/* ---- kinds (btf_kinds.c) ---- */

/* The return type and arguments of a prototype, once the type pass reached it. */
int btf_func_proto_check(struct btf_verifier_env *env, const struct btf_type *t);

#endif
