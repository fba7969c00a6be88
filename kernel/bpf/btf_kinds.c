// SPDX-License-Identifier: GPL-2.0
/*
 * What each BTF kind checks at BPF_BTF_LOAD, as Linux 6.1 checks it: its
 * own record in the meta pass (check_meta), what it refers to in the type
 * pass (resolve), and, for types a struct member can have, the member
 * (check_member, check_kflag_member for kind_flag structs), with the
 * kernel's log lines (log_details).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include "btf_parse.h"

static int btf_func_check(struct btf_verifier_env *env, const struct btf_type *t);

static const char *btf_int_encoding_str(u8 encoding)
{
	switch (encoding) {
	case 0:
		return "(none)";
	case BTF_INT_SIGNED:
		return "SIGNED";
	case BTF_INT_CHAR:
		return "CHAR";
	case BTF_INT_BOOL:
		return "BOOL";
	}
	return "UNKN";
}

/* ---- operations shared by kinds ---- */

static int btf_df_check_member(struct btf_verifier_env *env,
			       const struct btf_type *struct_type,
			       const struct btf_member *member,
			       const struct btf_type *member_type)
{
	btf_verifier_log_basic(env, struct_type, "Unsupported check_member");
	return -EINVAL;
}

static int btf_df_check_kflag_member(struct btf_verifier_env *env,
				     const struct btf_type *struct_type,
				     const struct btf_member *member,
				     const struct btf_type *member_type)
{
	btf_verifier_log_basic(env, struct_type, "Unsupported check_kflag_member");
	return -EINVAL;
}

/* Members that cannot be bitfields (ptr, array, struct, float). */
static int btf_generic_check_kflag_member(struct btf_verifier_env *env,
					  const struct btf_type *struct_type,
					  const struct btf_member *member,
					  const struct btf_type *member_type)
{
	if (BTF_MEMBER_BITFIELD_SIZE(member->offset)) {
		btf_verifier_log_member(env, struct_type, member,
					"Invalid member bitfield_size");
		return -EINVAL;
	}
	/* no bitfield size: the offset is the bit offset alone */
	return btf_type_ops(member_type)->check_member(env, struct_type, member,
						       member_type);
}

static int btf_df_resolve(struct btf_verifier_env *env,
			  const struct resolve_vertex *v)
{
	btf_verifier_log_basic(env, v->t, "Unsupported resolve");
	return -EINVAL;
}

/* A byte-aligned member of size bytes must end inside the struct. */
static int btf_check_member_bytes(struct btf_verifier_env *env,
				  const struct btf_type *struct_type,
				  const struct btf_member *member, u32 size)
{
	u32 struct_bits_off = member->offset;
	u32 bytes_offset = BITS_ROUNDDOWN_BYTES(struct_bits_off);

	if (BITS_PER_BYTE_MASKED(struct_bits_off)) {
		btf_verifier_log_member(env, struct_type, member,
					"Member is not byte aligned");
		return -EINVAL;
	}
	if (struct_type->size - bytes_offset < size) {
		btf_verifier_log_member(env, struct_type, member,
					"Member exceeds struct_size");
		return -EINVAL;
	}
	return 0;
}

/* ---- INT ---- */

static int btf_int_check_member(struct btf_verifier_env *env,
				const struct btf_type *struct_type,
				const struct btf_member *member,
				const struct btf_type *member_type)
{
	u32 int_data = btf_type_int(member_type);
	u32 struct_bits_off = member->offset;
	u32 struct_size = struct_type->size;
	u32 nr_copy_bits, bytes_offset;

	if (U32_MAX - struct_bits_off < BTF_INT_OFFSET(int_data)) {
		btf_verifier_log_member(env, struct_type, member,
					"bits_offset exceeds U32_MAX");
		return -EINVAL;
	}
	struct_bits_off += BTF_INT_OFFSET(int_data);
	bytes_offset = BITS_ROUNDDOWN_BYTES(struct_bits_off);
	nr_copy_bits = BTF_INT_BITS(int_data) + BITS_PER_BYTE_MASKED(struct_bits_off);
	if (nr_copy_bits > BITS_PER_U128) {
		btf_verifier_log_member(env, struct_type, member,
					"nr_copy_bits exceeds 128");
		return -EINVAL;
	}
	if (struct_size < bytes_offset ||
	    struct_size - bytes_offset < BITS_ROUNDUP_BYTES(nr_copy_bits)) {
		btf_verifier_log_member(env, struct_type, member,
					"Member exceeds struct_size");
		return -EINVAL;
	}
	return 0;
}

static int btf_int_check_kflag_member(struct btf_verifier_env *env,
				      const struct btf_type *struct_type,
				      const struct btf_member *member,
				      const struct btf_type *member_type)
{
	u32 struct_bits_off, nr_bits, nr_int_data_bits, bytes_offset;
	u32 int_data = btf_type_int(member_type);
	u32 struct_size = struct_type->size;
	u32 nr_copy_bits;

	/* the bitfield size lives in the member: the int must be plain */
	if (!btf_type_int_is_regular(member_type)) {
		btf_verifier_log_member(env, struct_type, member,
					"Invalid member base type");
		return -EINVAL;
	}

	nr_bits = BTF_MEMBER_BITFIELD_SIZE(member->offset);
	struct_bits_off = BTF_MEMBER_BIT_OFFSET(member->offset);
	nr_int_data_bits = BTF_INT_BITS(int_data);
	if (!nr_bits) {
		/* not a bitfield: whole bytes */
		if (BITS_PER_BYTE_MASKED(struct_bits_off)) {
			btf_verifier_log_member(env, struct_type, member,
						"Invalid member offset");
			return -EINVAL;
		}
		nr_bits = nr_int_data_bits;
	} else if (nr_bits > nr_int_data_bits) {
		btf_verifier_log_member(env, struct_type, member,
					"Invalid member bitfield_size");
		return -EINVAL;
	}

	bytes_offset = BITS_ROUNDDOWN_BYTES(struct_bits_off);
	nr_copy_bits = nr_bits + BITS_PER_BYTE_MASKED(struct_bits_off);
	if (nr_copy_bits > BITS_PER_U128) {
		btf_verifier_log_member(env, struct_type, member,
					"nr_copy_bits exceeds 128");
		return -EINVAL;
	}
	if (struct_size < bytes_offset ||
	    struct_size - bytes_offset < BITS_ROUNDUP_BYTES(nr_copy_bits)) {
		btf_verifier_log_member(env, struct_type, member,
					"Member exceeds struct_size");
		return -EINVAL;
	}
	return 0;
}

static s32 btf_int_check_meta(struct btf_verifier_env *env,
			      const struct btf_type *t, u32 meta_left)
{
	u32 int_data, nr_bits, meta_needed = sizeof(int_data);
	u16 encoding;

	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	int_data = btf_type_int(t);
	if (int_data & ~BTF_INT_MASK) {
		btf_verifier_log_basic(env, t, "Invalid int_data:%x", int_data);
		return -EINVAL;
	}
	nr_bits = BTF_INT_BITS(int_data) + BTF_INT_OFFSET(int_data);
	if (nr_bits > BITS_PER_U128) {
		btf_verifier_log_type(env, t, "nr_bits exceeds %u", BITS_PER_U128);
		return -EINVAL;
	}
	if (BITS_ROUNDUP_BYTES(nr_bits) > t->size) {
		btf_verifier_log_type(env, t, "nr_bits exceeds type_size");
		return -EINVAL;
	}
	/* one encoding bit at most: enough to print the value */
	encoding = BTF_INT_ENCODING(int_data);
	if (encoding && encoding != BTF_INT_SIGNED && encoding != BTF_INT_CHAR &&
	    encoding != BTF_INT_BOOL) {
		btf_verifier_log_type(env, t, "Unsupported encoding");
		return -ENOTSUPP;
	}
	btf_verifier_log_type(env, t, NULL);
	return meta_needed;
}

static void btf_int_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	u32 int_data = btf_type_int(t);

	btf_verifier_log(env, "size=%u bits_offset=%u nr_bits=%u encoding=%s",
			 t->size, BTF_INT_OFFSET(int_data), BTF_INT_BITS(int_data),
			 btf_int_encoding_str(BTF_INT_ENCODING(int_data)));
}

static const struct btf_kind_operations int_ops = {
	.check_meta = btf_int_check_meta,
	.resolve = btf_df_resolve,
	.check_member = btf_int_check_member,
	.check_kflag_member = btf_int_check_kflag_member,
	.log_details = btf_int_log,
};

/* ---- PTR and the modifiers (TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG) ---- */

/* A member of modifier type is checked as the type the modifier ends in. */
static int btf_modifier_check_any_member(struct btf_verifier_env *env,
					 const struct btf_type *struct_type,
					 const struct btf_member *member,
					 bool kflag)
{
	const struct btf_kind_operations *ops;
	const struct btf_type *resolved_type;
	u32 resolved_type_id = member->type;
	struct btf_member resolved_member;

	resolved_type = btf_type_id_size(env->btf, &resolved_type_id, NULL);
	if (!resolved_type) {
		btf_verifier_log_member(env, struct_type, member, "Invalid member");
		return -EINVAL;
	}
	resolved_member = *member;
	resolved_member.type = resolved_type_id;
	ops = btf_type_ops(resolved_type);
	if (kflag)
		return ops->check_kflag_member(env, struct_type, &resolved_member,
					       resolved_type);
	return ops->check_member(env, struct_type, &resolved_member, resolved_type);
}

static int btf_modifier_check_member(struct btf_verifier_env *env,
				     const struct btf_type *struct_type,
				     const struct btf_member *member,
				     const struct btf_type *member_type)
{
	return btf_modifier_check_any_member(env, struct_type, member, false);
}

static int btf_modifier_check_kflag_member(struct btf_verifier_env *env,
					   const struct btf_type *struct_type,
					   const struct btf_member *member,
					   const struct btf_type *member_type)
{
	return btf_modifier_check_any_member(env, struct_type, member, true);
}

static int btf_ptr_check_member(struct btf_verifier_env *env,
				const struct btf_type *struct_type,
				const struct btf_member *member,
				const struct btf_type *member_type)
{
	return btf_check_member_bytes(env, struct_type, member, sizeof(void *));
}

static int btf_ref_type_check_meta(struct btf_verifier_env *env,
				   const struct btf_type *t, u32 meta_left)
{
	const char *value;

	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	if (!BTF_TYPE_ID_VALID(t->type)) {
		btf_verifier_log_type(env, t, "Invalid type_id");
		return -EINVAL;
	}

	/* a typedef is named, a type tag carries its text, the rest are anonymous */
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_TYPEDEF:
		if (!t->name_off || !btf_name_valid_identifier(env->btf, t->name_off)) {
			btf_verifier_log_type(env, t, "Invalid name");
			return -EINVAL;
		}
		break;
	case BTF_KIND_TYPE_TAG:
		value = btf_name_by_offset(env->btf, t->name_off);
		if (!value || !value[0]) {
			btf_verifier_log_type(env, t, "Invalid name");
			return -EINVAL;
		}
		break;
	default:
		if (t->name_off) {
			btf_verifier_log_type(env, t, "Invalid name");
			return -EINVAL;
		}
	}

	btf_verifier_log_type(env, t, NULL);
	return 0;
}

/*
 * A modifier or pointer may end in void, a forward declaration or a
 * function prototype ("const void", "typedef void fn_t(int)"), which
 * have no size; anything else without a size is invalid.
 */
static bool btf_ref_resolves_to_sized(struct btf_verifier_env *env,
				      u32 *next_type_id,
				      const struct btf_type *next_type)
{
	struct btf *btf = env->btf;

	if (btf_type_id_size(btf, next_type_id, NULL))
		return true;
	if (env_type_is_resolved(env, *next_type_id))
		next_type = btf_type_id_resolve(btf, next_type_id);
	return btf_type_is_void(next_type) || btf_type_is_fwd(next_type) ||
	       btf_type_is_func_proto(next_type);
}

static int btf_modifier_resolve(struct btf_verifier_env *env,
				const struct resolve_vertex *v)
{
	const struct btf_type *t = v->t;
	const struct btf_type *next_type;
	u32 next_type_id = t->type;

	next_type = btf_type_by_id(env->btf, next_type_id);
	if (!next_type || btf_type_is_resolve_source_only(next_type)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	if (!env_type_is_resolve_sink(env, next_type) &&
	    !env_type_is_resolved(env, next_type_id))
		return env_stack_push(env, next_type, next_type_id);

	/* remember the sized type it ends in: later lookups need not walk */
	if (!btf_ref_resolves_to_sized(env, &next_type_id, next_type)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	env_stack_pop_resolved(env, next_type_id, 0);
	return 0;
}

/*
 * A modifier resolved while walking a struct stopped at the first
 * pointer; a pointer (or var) reaching it must go on from that pointer,
 * or a loop back to itself through it would go unseen.
 */
static int btf_continue_past_resolved_ptr(struct btf_verifier_env *env,
					  const struct btf_type *next_type,
					  u32 next_type_id, bool *pushed)
{
	const struct btf_type *resolved_type;
	u32 resolved_type_id = next_type_id;

	*pushed = false;
	if (!btf_type_is_modifier(next_type))
		return 0;
	resolved_type = btf_type_id_resolve(env->btf, &resolved_type_id);
	if (btf_type_is_ptr(resolved_type) &&
	    !env_type_is_resolve_sink(env, resolved_type) &&
	    !env_type_is_resolved(env, resolved_type_id)) {
		*pushed = true;
		return env_stack_push(env, resolved_type, resolved_type_id);
	}
	return 0;
}

static int btf_var_resolve(struct btf_verifier_env *env,
			   const struct resolve_vertex *v)
{
	const struct btf_type *t = v->t;
	const struct btf_type *next_type;
	u32 next_type_id = t->type;
	bool pushed;
	int err;

	next_type = btf_type_by_id(env->btf, next_type_id);
	if (!next_type || btf_type_is_resolve_source_only(next_type)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	if (!env_type_is_resolve_sink(env, next_type) &&
	    !env_type_is_resolved(env, next_type_id))
		return env_stack_push(env, next_type, next_type_id);

	err = btf_continue_past_resolved_ptr(env, next_type, next_type_id, &pushed);
	if (pushed)
		return err;

	/* a variable has a concrete size: no forward declaration, no void */
	if (!btf_type_id_size(env->btf, &next_type_id, NULL)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	env_stack_pop_resolved(env, next_type_id, 0);
	return 0;
}

static int btf_ptr_resolve(struct btf_verifier_env *env,
			   const struct resolve_vertex *v)
{
	const struct btf_type *t = v->t;
	const struct btf_type *next_type;
	u32 next_type_id = t->type;
	bool pushed;
	int err;

	next_type = btf_type_by_id(env->btf, next_type_id);
	if (!next_type || btf_type_is_resolve_source_only(next_type)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	if (!env_type_is_resolve_sink(env, next_type) &&
	    !env_type_is_resolved(env, next_type_id))
		return env_stack_push(env, next_type, next_type_id);

	err = btf_continue_past_resolved_ptr(env, next_type, next_type_id, &pushed);
	if (pushed)
		return err;

	if (!btf_ref_resolves_to_sized(env, &next_type_id, next_type)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	env_stack_pop_resolved(env, next_type_id, 0);
	return 0;
}

static void btf_ref_type_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "type_id=%u", t->type);
}

static const struct btf_kind_operations modifier_ops = {
	.check_meta = btf_ref_type_check_meta,
	.resolve = btf_modifier_resolve,
	.check_member = btf_modifier_check_member,
	.check_kflag_member = btf_modifier_check_kflag_member,
	.log_details = btf_ref_type_log,
};

static const struct btf_kind_operations ptr_ops = {
	.check_meta = btf_ref_type_check_meta,
	.resolve = btf_ptr_resolve,
	.check_member = btf_ptr_check_member,
	.check_kflag_member = btf_generic_check_kflag_member,
	.log_details = btf_ref_type_log,
};

/* ---- FWD ---- */

static s32 btf_fwd_check_meta(struct btf_verifier_env *env,
			      const struct btf_type *t, u32 meta_left)
{
	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (t->type) {
		btf_verifier_log_type(env, t, "type != 0");
		return -EINVAL;
	}
	if (!t->name_off || !btf_name_valid_identifier(env->btf, t->name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return 0;
}

static void btf_fwd_type_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "%s", btf_type_kflag(t) ? "union" : "struct");
}

static const struct btf_kind_operations fwd_ops = {
	.check_meta = btf_fwd_check_meta,
	.resolve = btf_df_resolve,
	.check_member = btf_df_check_member,
	.check_kflag_member = btf_df_check_kflag_member,
	.log_details = btf_fwd_type_log,
};

/* ---- ARRAY ---- */

static int btf_array_check_member(struct btf_verifier_env *env,
				  const struct btf_type *struct_type,
				  const struct btf_member *member,
				  const struct btf_type *member_type)
{
	u32 array_type_id = member->type, array_size = 0;

	if (BITS_PER_BYTE_MASKED(member->offset)) {
		btf_verifier_log_member(env, struct_type, member,
					"Member is not byte aligned");
		return -EINVAL;
	}
	btf_type_id_size(env->btf, &array_type_id, &array_size);
	return btf_check_member_bytes(env, struct_type, member, array_size);
}

static s32 btf_array_check_meta(struct btf_verifier_env *env,
				const struct btf_type *t, u32 meta_left)
{
	const struct btf_array *array = btf_type_array(t);
	u32 meta_needed = sizeof(*array);

	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (t->name_off) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	if (t->size) {
		btf_verifier_log_type(env, t, "size != 0");
		return -EINVAL;
	}
	/* neither the element nor the index can be void */
	if (!array->type || !BTF_TYPE_ID_VALID(array->type)) {
		btf_verifier_log_type(env, t, "Invalid elem");
		return -EINVAL;
	}
	if (!array->index_type || !BTF_TYPE_ID_VALID(array->index_type)) {
		btf_verifier_log_type(env, t, "Invalid index");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return meta_needed;
}

static int btf_array_resolve(struct btf_verifier_env *env,
			     const struct resolve_vertex *v)
{
	const struct btf_array *array = btf_type_array(v->t);
	const struct btf_type *elem_type, *index_type;
	u32 elem_type_id, index_type_id, elem_size;
	struct btf *btf = env->btf;

	index_type_id = array->index_type;
	index_type = btf_type_by_id(btf, index_type_id);
	if (btf_type_nosize_or_null(index_type) ||
	    btf_type_is_resolve_source_only(index_type)) {
		btf_verifier_log_type(env, v->t, "Invalid index");
		return -EINVAL;
	}
	if (!env_type_is_resolve_sink(env, index_type) &&
	    !env_type_is_resolved(env, index_type_id))
		return env_stack_push(env, index_type, index_type_id);

	index_type = btf_type_id_size(btf, &index_type_id, NULL);
	if (!index_type || !btf_type_is_int(index_type) ||
	    !btf_type_int_is_regular(index_type)) {
		btf_verifier_log_type(env, v->t, "Invalid index");
		return -EINVAL;
	}

	elem_type_id = array->type;
	elem_type = btf_type_by_id(btf, elem_type_id);
	if (btf_type_nosize_or_null(elem_type) ||
	    btf_type_is_resolve_source_only(elem_type)) {
		btf_verifier_log_type(env, v->t, "Invalid elem");
		return -EINVAL;
	}
	if (!env_type_is_resolve_sink(env, elem_type) &&
	    !env_type_is_resolved(env, elem_type_id))
		return env_stack_push(env, elem_type, elem_type_id);

	elem_type = btf_type_id_size(btf, &elem_type_id, &elem_size);
	if (!elem_type) {
		btf_verifier_log_type(env, v->t, "Invalid elem");
		return -EINVAL;
	}
	if (btf_type_is_int(elem_type) && !btf_type_int_is_regular(elem_type)) {
		btf_verifier_log_type(env, v->t, "Invalid array of int");
		return -EINVAL;
	}
	if (array->nelems && elem_size > U32_MAX / array->nelems) {
		btf_verifier_log_type(env, v->t, "Array size overflows U32_MAX");
		return -EINVAL;
	}
	env_stack_pop_resolved(env, elem_type_id, elem_size * array->nelems);
	return 0;
}

static void btf_array_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	const struct btf_array *array = btf_type_array(t);

	btf_verifier_log(env, "type_id=%u index_type_id=%u nr_elems=%u",
			 array->type, array->index_type, array->nelems);
}

static const struct btf_kind_operations array_ops = {
	.check_meta = btf_array_check_meta,
	.resolve = btf_array_resolve,
	.check_member = btf_array_check_member,
	.check_kflag_member = btf_generic_check_kflag_member,
	.log_details = btf_array_log,
};

/* ---- STRUCT and UNION ---- */

static int btf_struct_check_member(struct btf_verifier_env *env,
				   const struct btf_type *struct_type,
				   const struct btf_member *member,
				   const struct btf_type *member_type)
{
	return btf_check_member_bytes(env, struct_type, member, member_type->size);
}

static s32 btf_struct_check_meta(struct btf_verifier_env *env,
				 const struct btf_type *t, u32 meta_left)
{
	bool is_union = BTF_INFO_KIND(t->info) == BTF_KIND_UNION;
	const struct btf_member *member = btf_type_member(t);
	u32 meta_needed, last_offset, offset;
	struct btf *btf = env->btf;
	u16 i;

	meta_needed = btf_type_vlen(t) * sizeof(*member);
	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (t->name_off && !btf_name_valid_identifier(btf, t->name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);

	last_offset = 0;
	for (i = 0; i < btf_type_vlen(t); i++, member++) {
		if (!btf_name_offset_valid(btf, member->name_off)) {
			btf_verifier_log_member(env, t, member,
						"Invalid member name_offset:%u",
						member->name_off);
			return -EINVAL;
		}
		if (member->name_off &&
		    !btf_name_valid_identifier(btf, member->name_off)) {
			btf_verifier_log_member(env, t, member, "Invalid name");
			return -EINVAL;
		}
		if (!member->type || !BTF_TYPE_ID_VALID(member->type)) {
			btf_verifier_log_member(env, t, member, "Invalid type_id");
			return -EINVAL;
		}
		offset = __btf_member_bit_offset(t, member);
		if (is_union && offset) {
			btf_verifier_log_member(env, t, member,
						"Invalid member bits_offset");
			return -EINVAL;
		}
		/* equal offsets are fine: the last member may be "char a[0]" */
		if (last_offset > offset) {
			btf_verifier_log_member(env, t, member,
						"Invalid member bits_offset");
			return -EINVAL;
		}
		if (BITS_ROUNDUP_BYTES(offset) > t->size) {
			btf_verifier_log_member(env, t, member,
						"Member bits_offset exceeds its struct size");
			return -EINVAL;
		}
		btf_verifier_log_member(env, t, member, NULL);
		last_offset = offset;
	}
	return meta_needed;
}

static int btf_struct_check_one_member(struct btf_verifier_env *env,
				       const struct btf_type *struct_type,
				       const struct btf_member *member,
				       const struct btf_type *member_type)
{
	const struct btf_kind_operations *ops = btf_type_ops(member_type);

	if (btf_type_kflag(struct_type))
		return ops->check_kflag_member(env, struct_type, member, member_type);
	return ops->check_member(env, struct_type, member, member_type);
}

static int btf_struct_resolve(struct btf_verifier_env *env,
			      const struct resolve_vertex *v)
{
	const struct btf_member *member;
	int err;
	u16 i;

	/* back from resolving a member: check it now that its size is known */
	if (v->next_member) {
		const struct btf_member *last_member;
		u32 last_member_type_id;

		last_member = btf_type_member(v->t) + v->next_member - 1;
		last_member_type_id = last_member->type;
		if (WARN_ON_ONCE(!env_type_is_resolved(env, last_member_type_id)))
			return -EINVAL;
		err = btf_struct_check_one_member(env, v->t, last_member,
						  btf_type_by_id(env->btf,
								 last_member_type_id));
		if (err)
			return err;
	}

	member = btf_type_member(v->t) + v->next_member;
	for (i = v->next_member; i < btf_type_vlen(v->t); i++, member++) {
		u32 member_type_id = member->type;
		const struct btf_type *member_type = btf_type_by_id(env->btf,
								    member_type_id);

		if (btf_type_nosize_or_null(member_type) ||
		    btf_type_is_resolve_source_only(member_type)) {
			btf_verifier_log_member(env, v->t, member, "Invalid member");
			return -EINVAL;
		}
		if (!env_type_is_resolve_sink(env, member_type) &&
		    !env_type_is_resolved(env, member_type_id)) {
			env_stack_set_next_member(env, i + 1);
			return env_stack_push(env, member_type, member_type_id);
		}
		err = btf_struct_check_one_member(env, v->t, member, member_type);
		if (err)
			return err;
	}

	env_stack_pop_resolved(env, 0, 0);
	return 0;
}

static void btf_struct_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "size=%u vlen=%u", t->size, btf_type_vlen(t));
}

static const struct btf_kind_operations struct_ops = {
	.check_meta = btf_struct_check_meta,
	.resolve = btf_struct_resolve,
	.check_member = btf_struct_check_member,
	.check_kflag_member = btf_generic_check_kflag_member,
	.log_details = btf_struct_log,
};

/* ---- ENUM and ENUM64 ---- */

static int btf_enum_check_member(struct btf_verifier_env *env,
				 const struct btf_type *struct_type,
				 const struct btf_member *member,
				 const struct btf_type *member_type)
{
	return btf_check_member_bytes(env, struct_type, member, member_type->size);
}

static int btf_enum_check_kflag_member(struct btf_verifier_env *env,
				       const struct btf_type *struct_type,
				       const struct btf_member *member,
				       const struct btf_type *member_type)
{
	u32 int_bitsize = sizeof(int) * 8;
	u32 struct_bits_off, nr_bits, bytes_end;

	struct_bits_off = BTF_MEMBER_BIT_OFFSET(member->offset);
	nr_bits = BTF_MEMBER_BITFIELD_SIZE(member->offset);
	if (!nr_bits) {
		if (BITS_PER_BYTE_MASKED(struct_bits_off)) {
			btf_verifier_log_member(env, struct_type, member,
						"Member is not byte aligned");
			return -EINVAL;
		}
		nr_bits = int_bitsize;
	} else if (nr_bits > int_bitsize) {
		btf_verifier_log_member(env, struct_type, member,
					"Invalid member bitfield_size");
		return -EINVAL;
	}

	bytes_end = BITS_ROUNDUP_BYTES(struct_bits_off + nr_bits);
	if (struct_type->size < bytes_end) {
		btf_verifier_log_member(env, struct_type, member,
					"Member exceeds struct_size");
		return -EINVAL;
	}
	return 0;
}

/* What ENUM and ENUM64 check before their values. */
static int btf_enum_check_head(struct btf_verifier_env *env,
			       const struct btf_type *t, u32 meta_left,
			       u32 meta_needed)
{
	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (t->size > 8 || !is_power_of_2(t->size)) {
		btf_verifier_log_type(env, t, "Unexpected size");
		return -EINVAL;
	}
	if (t->name_off && !btf_name_valid_identifier(env->btf, t->name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return 0;
}

/* Every enumerator has a valid name. */
static int btf_enum_check_name(struct btf_verifier_env *env,
			       const struct btf_type *t, u32 name_off)
{
	if (!btf_name_offset_valid(env->btf, name_off)) {
		btf_verifier_log(env, "\tInvalid name_offset:%u", name_off);
		return -EINVAL;
	}
	if (!name_off || !btf_name_valid_identifier(env->btf, name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	return 0;
}

static s32 btf_enum_check_meta(struct btf_verifier_env *env,
			       const struct btf_type *t, u32 meta_left)
{
	const struct btf_enum *enums = btf_type_enum(t);
	u16 i, nr_enums = btf_type_vlen(t);
	u32 meta_needed = nr_enums * sizeof(*enums);
	int err;

	err = btf_enum_check_head(env, t, meta_left, meta_needed);
	if (err)
		return err;
	for (i = 0; i < nr_enums; i++) {
		err = btf_enum_check_name(env, t, enums[i].name_off);
		if (err)
			return err;
		if (env->log.level == BPF_LOG_KERNEL)
			continue;
		if (btf_type_kflag(t))
			btf_verifier_log(env, "\t%s val=%d\n",
					 __btf_name_by_offset(env->btf, enums[i].name_off),
					 enums[i].val);
		else
			btf_verifier_log(env, "\t%s val=%u\n",
					 __btf_name_by_offset(env->btf, enums[i].name_off),
					 (u32)enums[i].val);
	}
	return meta_needed;
}

static s32 btf_enum64_check_meta(struct btf_verifier_env *env,
				 const struct btf_type *t, u32 meta_left)
{
	const struct btf_enum64 *enums = btf_type_enum64(t);
	u16 i, nr_enums = btf_type_vlen(t);
	u32 meta_needed = nr_enums * sizeof(*enums);
	int err;

	err = btf_enum_check_head(env, t, meta_left, meta_needed);
	if (err)
		return err;
	for (i = 0; i < nr_enums; i++) {
		u64 val = btf_enum64_value(enums + i);

		err = btf_enum_check_name(env, t, enums[i].name_off);
		if (err)
			return err;
		if (env->log.level == BPF_LOG_KERNEL)
			continue;
		if (btf_type_kflag(t))
			btf_verifier_log(env, "\t%s val=%lld\n",
					 __btf_name_by_offset(env->btf, enums[i].name_off),
					 (long long)val);
		else
			btf_verifier_log(env, "\t%s val=%llu\n",
					 __btf_name_by_offset(env->btf, enums[i].name_off),
					 (unsigned long long)val);
	}
	return meta_needed;
}

static void btf_enum_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "size=%u vlen=%u", t->size, btf_type_vlen(t));
}

static const struct btf_kind_operations enum_ops = {
	.check_meta = btf_enum_check_meta,
	.resolve = btf_df_resolve,
	.check_member = btf_enum_check_member,
	.check_kflag_member = btf_enum_check_kflag_member,
	.log_details = btf_enum_log,
};

static const struct btf_kind_operations enum64_ops = {
	.check_meta = btf_enum64_check_meta,
	.resolve = btf_df_resolve,
	.check_member = btf_enum_check_member,
	.check_kflag_member = btf_enum_check_kflag_member,
	.log_details = btf_enum_log,
};

/* ---- FUNC_PROTO and FUNC ---- */

static s32 btf_func_proto_check_meta(struct btf_verifier_env *env,
				     const struct btf_type *t, u32 meta_left)
{
	u32 meta_needed = btf_type_vlen(t) * sizeof(struct btf_param);

	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (t->name_off) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return meta_needed;
}

static void btf_func_proto_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	const struct btf_param *args = btf_params(t);
	u16 nr_args = btf_type_vlen(t), i;

	btf_verifier_log(env, "return=%u args=(", t->type);
	if (!nr_args) {
		btf_verifier_log(env, "void");
	} else if (nr_args == 1 && !args[0].type) {
		btf_verifier_log(env, "vararg");
	} else {
		btf_verifier_log(env, "%u %s", args[0].type,
				 __btf_name_by_offset(env->btf, args[0].name_off));
		for (i = 1; i < nr_args; i++) {
			/* only the last one may be the "..." */
			if (i == nr_args - 1 && !args[i].type)
				btf_verifier_log(env, ", vararg");
			else
				btf_verifier_log(env, ", %u %s", args[i].type,
						 __btf_name_by_offset(env->btf,
								      args[i].name_off));
		}
	}
	btf_verifier_log(env, ")");
}

static const struct btf_kind_operations func_proto_ops = {
	.check_meta = btf_func_proto_check_meta,
	.resolve = btf_df_resolve,
	/* a struct holds a pointer to a prototype, never a prototype */
	.check_member = btf_df_check_member,
	.check_kflag_member = btf_df_check_kflag_member,
	.log_details = btf_func_proto_log,
};

static s32 btf_func_check_meta(struct btf_verifier_env *env,
			       const struct btf_type *t, u32 meta_left)
{
	if (!t->name_off || !btf_name_valid_identifier(env->btf, t->name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	/* vlen is the linkage */
	if (btf_type_vlen(t) > BTF_FUNC_GLOBAL) {
		btf_verifier_log_type(env, t, "Invalid func linkage");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return 0;
}

static int btf_func_resolve(struct btf_verifier_env *env,
			    const struct resolve_vertex *v)
{
	int err = btf_func_check(env, v->t);

	if (err)
		return err;
	env_stack_pop_resolved(env, v->t->type, 0);
	return 0;
}

static const struct btf_kind_operations func_ops = {
	.check_meta = btf_func_check_meta,
	.resolve = btf_func_resolve,
	.check_member = btf_df_check_member,
	.check_kflag_member = btf_df_check_kflag_member,
	.log_details = btf_ref_type_log,
};

/* ---- VAR and DATASEC ---- */

static s32 btf_var_check_meta(struct btf_verifier_env *env,
			      const struct btf_type *t, u32 meta_left)
{
	const struct btf_var *var;
	u32 meta_needed = sizeof(*var);

	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	if (!t->name_off || !btf_name_valid(env->btf, t->name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	/* a variable cannot be void */
	if (!t->type || !BTF_TYPE_ID_VALID(t->type)) {
		btf_verifier_log_type(env, t, "Invalid type_id");
		return -EINVAL;
	}
	var = btf_type_var(t);
	if (var->linkage != BTF_VAR_STATIC &&
	    var->linkage != BTF_VAR_GLOBAL_ALLOCATED) {
		btf_verifier_log_type(env, t, "Linkage not supported");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return meta_needed;
}

static void btf_var_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "type_id=%u linkage=%u", t->type,
			 btf_type_var(t)->linkage);
}

static const struct btf_kind_operations var_ops = {
	.check_meta = btf_var_check_meta,
	.resolve = btf_var_resolve,
	.check_member = btf_df_check_member,
	.check_kflag_member = btf_df_check_kflag_member,
	.log_details = btf_var_log,
};

static s32 btf_datasec_check_meta(struct btf_verifier_env *env,
				  const struct btf_type *t, u32 meta_left)
{
	const struct btf_var_secinfo *vsi = btf_type_var_secinfo(t);
	u64 last_vsi_end_off = 0, sum = 0;
	u32 i, meta_needed;

	meta_needed = btf_type_vlen(t) * sizeof(*vsi);
	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	if (!t->size) {
		btf_verifier_log_type(env, t, "size == 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	if (!t->name_off || !btf_name_valid_section(env->btf, t->name_off)) {
		btf_verifier_log_type(env, t, "Invalid name");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);

	for (i = 0; i < btf_type_vlen(t); i++, vsi++) {
		if (!vsi->type || !BTF_TYPE_ID_VALID(vsi->type)) {
			btf_verifier_log_vsi(env, t, vsi, "Invalid type_id");
			return -EINVAL;
		}
		/* sorted by offset, no overlap, inside the section */
		if (vsi->offset < last_vsi_end_off || vsi->offset >= t->size) {
			btf_verifier_log_vsi(env, t, vsi, "Invalid offset");
			return -EINVAL;
		}
		if (!vsi->size || vsi->size > t->size) {
			btf_verifier_log_vsi(env, t, vsi, "Invalid size");
			return -EINVAL;
		}
		last_vsi_end_off = (u64)vsi->offset + vsi->size;
		if (last_vsi_end_off > t->size) {
			btf_verifier_log_vsi(env, t, vsi, "Invalid offset+size");
			return -EINVAL;
		}
		btf_verifier_log_vsi(env, t, vsi, NULL);
		sum += vsi->size;
	}
	if (t->size < sum) {
		btf_verifier_log_type(env, t, "Invalid btf_info size");
		return -EINVAL;
	}
	return meta_needed;
}

static int btf_datasec_resolve(struct btf_verifier_env *env,
			       const struct resolve_vertex *v)
{
	const struct btf_var_secinfo *vsi;
	struct btf *btf = env->btf;
	u16 i;

	/* each variable starts a walk of its own */
	env->resolve_mode = RESOLVE_TBD;
	vsi = btf_type_var_secinfo(v->t) + v->next_member;
	for (i = v->next_member; i < btf_type_vlen(v->t); i++, vsi++) {
		u32 var_type_id = vsi->type, type_id, type_size = 0;
		const struct btf_type *var_type = btf_type_by_id(btf, var_type_id);

		if (!var_type || !btf_type_is_var(var_type)) {
			btf_verifier_log_vsi(env, v->t, vsi, "Not a VAR kind member");
			return -EINVAL;
		}
		if (!env_type_is_resolve_sink(env, var_type) &&
		    !env_type_is_resolved(env, var_type_id)) {
			env_stack_set_next_member(env, i + 1);
			return env_stack_push(env, var_type, var_type_id);
		}
		type_id = var_type->type;
		if (!btf_type_id_size(btf, &type_id, &type_size)) {
			btf_verifier_log_vsi(env, v->t, vsi, "Invalid type");
			return -EINVAL;
		}
		if (vsi->size < type_size) {
			btf_verifier_log_vsi(env, v->t, vsi, "Invalid size");
			return -EINVAL;
		}
	}

	env_stack_pop_resolved(env, 0, 0);
	return 0;
}

static void btf_datasec_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "size=%u vlen=%u", t->size, btf_type_vlen(t));
}

static const struct btf_kind_operations datasec_ops = {
	.check_meta = btf_datasec_check_meta,
	.resolve = btf_datasec_resolve,
	.check_member = btf_df_check_member,
	.check_kflag_member = btf_df_check_kflag_member,
	.log_details = btf_datasec_log,
};

/* ---- FLOAT ---- */

static s32 btf_float_check_meta(struct btf_verifier_env *env,
				const struct btf_type *t, u32 meta_left)
{
	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	if (t->size != 2 && t->size != 4 && t->size != 8 && t->size != 12 &&
	    t->size != 16) {
		btf_verifier_log_type(env, t, "Invalid type_size");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return 0;
}

static int btf_float_check_member(struct btf_verifier_env *env,
				  const struct btf_type *struct_type,
				  const struct btf_member *member,
				  const struct btf_type *member_type)
{
	/*
	 * Architectures align floats differently: ask only for the least
	 * any of them needs, so that types relocated by CO-RE still load.
	 */
	u64 align_bits = min_t(u64, sizeof(void *), member_type->size) * 8;
	u64 end_offset_bytes;

	if (member->offset % align_bits) {
		btf_verifier_log_member(env, struct_type, member,
					"Member is not properly aligned");
		return -EINVAL;
	}
	end_offset_bytes = member->offset / 8 + (u64)member_type->size;
	if (end_offset_bytes > struct_type->size) {
		btf_verifier_log_member(env, struct_type, member,
					"Member exceeds struct_size");
		return -EINVAL;
	}
	return 0;
}

static void btf_float_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "size=%u", t->size);
}

static const struct btf_kind_operations float_ops = {
	.check_meta = btf_float_check_meta,
	.resolve = btf_df_resolve,
	.check_member = btf_float_check_member,
	.check_kflag_member = btf_generic_check_kflag_member,
	.log_details = btf_float_log,
};

/* ---- DECL_TAG ---- */

static s32 btf_decl_tag_check_meta(struct btf_verifier_env *env,
				   const struct btf_type *t, u32 meta_left)
{
	u32 meta_needed = sizeof(struct btf_decl_tag);
	const char *value;

	if (meta_left < meta_needed) {
		btf_verifier_log_basic(env, t, "meta_left:%u meta_needed:%u",
				       meta_left, meta_needed);
		return -EINVAL;
	}
	value = btf_name_by_offset(env->btf, t->name_off);
	if (!value || !value[0]) {
		btf_verifier_log_type(env, t, "Invalid value");
		return -EINVAL;
	}
	if (btf_type_vlen(t)) {
		btf_verifier_log_type(env, t, "vlen != 0");
		return -EINVAL;
	}
	if (btf_type_kflag(t)) {
		btf_verifier_log_type(env, t, "Invalid btf_info kind_flag");
		return -EINVAL;
	}
	if (btf_type_decl_tag(t)->component_idx < -1) {
		btf_verifier_log_type(env, t, "Invalid component_idx");
		return -EINVAL;
	}
	btf_verifier_log_type(env, t, NULL);
	return meta_needed;
}

static int btf_decl_tag_resolve(struct btf_verifier_env *env,
				const struct resolve_vertex *v)
{
	const struct btf_type *t = v->t;
	const struct btf_type *next_type;
	u32 next_type_id = t->type;
	s32 component_idx;
	u32 vlen;

	next_type = btf_type_by_id(env->btf, next_type_id);
	if (!next_type || !btf_type_is_decl_tag_target(next_type)) {
		btf_verifier_log_type(env, v->t, "Invalid type_id");
		return -EINVAL;
	}
	if (!env_type_is_resolve_sink(env, next_type) &&
	    !env_type_is_resolved(env, next_type_id))
		return env_stack_push(env, next_type, next_type_id);

	/* -1 tags the declaration itself; else a member or an argument */
	component_idx = btf_type_decl_tag(t)->component_idx;
	if (component_idx != -1) {
		if (btf_type_is_var(next_type) || btf_type_is_typedef(next_type)) {
			btf_verifier_log_type(env, v->t, "Invalid component_idx");
			return -EINVAL;
		}
		if (btf_type_is_struct(next_type)) {
			vlen = btf_type_vlen(next_type);
		} else {
			/* a function: count the arguments of its prototype */
			next_type = btf_type_by_id(env->btf, next_type->type);
			vlen = btf_type_vlen(next_type);
		}
		if ((u32)component_idx >= vlen) {
			btf_verifier_log_type(env, v->t, "Invalid component_idx");
			return -EINVAL;
		}
	}
	env_stack_pop_resolved(env, next_type_id, 0);
	return 0;
}

static void btf_decl_tag_log(struct btf_verifier_env *env, const struct btf_type *t)
{
	btf_verifier_log(env, "type=%u component_idx=%d", t->type,
			 btf_type_decl_tag(t)->component_idx);
}

static const struct btf_kind_operations decl_tag_ops = {
	.check_meta = btf_decl_tag_check_meta,
	.resolve = btf_decl_tag_resolve,
	.check_member = btf_df_check_member,
	.check_kflag_member = btf_df_check_kflag_member,
	.log_details = btf_decl_tag_log,
};

const struct btf_kind_operations *const kind_ops[NR_BTF_KINDS] = {
	[BTF_KIND_INT]		= &int_ops,
	[BTF_KIND_PTR]		= &ptr_ops,
	[BTF_KIND_ARRAY]	= &array_ops,
	[BTF_KIND_STRUCT]	= &struct_ops,
	[BTF_KIND_UNION]	= &struct_ops,
	[BTF_KIND_ENUM]		= &enum_ops,
	[BTF_KIND_FWD]		= &fwd_ops,
	[BTF_KIND_TYPEDEF]	= &modifier_ops,
	[BTF_KIND_VOLATILE]	= &modifier_ops,
	[BTF_KIND_CONST]	= &modifier_ops,
	[BTF_KIND_RESTRICT]	= &modifier_ops,
	[BTF_KIND_FUNC]		= &func_ops,
	[BTF_KIND_FUNC_PROTO]	= &func_proto_ops,
	[BTF_KIND_VAR]		= &var_ops,
	[BTF_KIND_DATASEC]	= &datasec_ops,
	[BTF_KIND_FLOAT]	= &float_ops,
	[BTF_KIND_DECL_TAG]	= &decl_tag_ops,
	[BTF_KIND_TYPE_TAG]	= &modifier_ops,
	[BTF_KIND_ENUM64]	= &enum64_ops,
};

/* ---- function checks, after the types they use are resolved ---- */

/* The return type and arguments: sized types, or void for the return. */
int btf_func_proto_check(struct btf_verifier_env *env,
				const struct btf_type *t)
{
	const struct btf_param *args = btf_params(t);
	u16 nr_args = btf_type_vlen(t), i;
	struct btf *btf = env->btf;
	int err;

	if (t->type) {
		u32 ret_type_id = t->type;
		const struct btf_type *ret_type = btf_type_by_id(btf, ret_type_id);

		if (!ret_type || btf_type_is_resolve_source_only(ret_type)) {
			btf_verifier_log_type(env, t, "Invalid return type");
			return -EINVAL;
		}
		if (btf_type_needs_resolve(ret_type) &&
		    !env_type_is_resolved(env, ret_type_id)) {
			err = btf_resolve(env, ret_type, ret_type_id);
			if (err)
				return err;
		}
		if (!btf_type_id_size(btf, &ret_type_id, NULL)) {
			btf_verifier_log_type(env, t, "Invalid return type");
			return -EINVAL;
		}
	}

	if (!nr_args)
		return 0;

	/* a last argument of type 0 is the "..." and has no name */
	if (!args[nr_args - 1].type) {
		if (args[nr_args - 1].name_off) {
			btf_verifier_log_type(env, t, "Invalid arg#%u", nr_args);
			return -EINVAL;
		}
		nr_args--;
	}

	for (i = 0; i < nr_args; i++) {
		u32 arg_type_id = args[i].type;
		const struct btf_type *arg_type = btf_type_by_id(btf, arg_type_id);

		if (!arg_type || btf_type_is_resolve_source_only(arg_type)) {
			btf_verifier_log_type(env, t, "Invalid arg#%u", i + 1);
			return -EINVAL;
		}
		if (args[i].name_off &&
		    (!btf_name_offset_valid(btf, args[i].name_off) ||
		     !btf_name_valid_identifier(btf, args[i].name_off))) {
			btf_verifier_log_type(env, t, "Invalid arg#%u", i + 1);
			return -EINVAL;
		}
		if (btf_type_needs_resolve(arg_type) &&
		    !env_type_is_resolved(env, arg_type_id)) {
			err = btf_resolve(env, arg_type, arg_type_id);
			if (err)
				return err;
		}
		if (!btf_type_id_size(btf, &arg_type_id, NULL)) {
			btf_verifier_log_type(env, t, "Invalid arg#%u", i + 1);
			return -EINVAL;
		}
	}
	return 0;
}

/* A function names all its arguments and its type is a prototype. */
static int btf_func_check(struct btf_verifier_env *env, const struct btf_type *t)
{
	const struct btf_type *proto_type = btf_type_by_id(env->btf, t->type);
	const struct btf_param *args;
	u16 nr_args, i;

	if (!proto_type || !btf_type_is_func_proto(proto_type)) {
		btf_verifier_log_type(env, t, "Invalid type_id");
		return -EINVAL;
	}
	args = btf_params(proto_type);
	nr_args = btf_type_vlen(proto_type);
	for (i = 0; i < nr_args; i++) {
		if (!args[i].name_off && args[i].type) {
			btf_verifier_log_type(env, t, "Invalid arg#%u", i + 1);
			return -EINVAL;
		}
	}
	return 0;
}

