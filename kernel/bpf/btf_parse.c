// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_BTF_LOAD: the checks of Linux 6.1 on a user's BTF blob, with its
 * verdicts, errno and verifier-log text.
 *
 * Loading runs in two passes, as the kernel's does.  The meta pass walks
 * the type section once, checking each type on its own (sizes, names,
 * flags, member offsets) and logging it.  The type pass then "resolves"
 * every type that refers to others: a depth-first walk with an explicit
 * stack that finds loops, checks members against what they turned out to
 * be, and records for each modifier/var/ptr the sized type it ends in and
 * for each array its byte size, so later lookups need no walking.  What
 * each kind checks is in btf_kinds.c.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <stdarg.h>
#include "btf_parse.h"

/* ---- the verifier log ---- */

static __printf(2, 3) void btf_log_raw(struct bpf_verifier_log *log,
				       const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	bpf_verifier_vlog(log, fmt, args);
	va_end(args);
}

__printf(2, 3) void btf_verifier_log(struct btf_verifier_env *env,
					    const char *fmt, ...)
{
	va_list args;

	if (!bpf_verifier_log_needed(&env->log))
		return;
	va_start(args, fmt);
	bpf_verifier_vlog(&env->log, fmt, args);
	va_end(args);
}

/* " <message>\n" after a type or member line; a NULL fmt only ends the line. */
static void btf_log_tail(struct bpf_verifier_log *log, const char *fmt, va_list args)
{
	if (fmt && *fmt) {
		btf_log_raw(log, " ");
		bpf_verifier_vlog(log, fmt, args);
	}
	btf_log_raw(log, "\n");
}

/*
 * "[id] KIND name details message": every type is logged once when its
 * meta is checked (fmt NULL), and again with the reason when it fails.
 */
static void btf_verifier_vlog_type(struct btf_verifier_env *env,
				   const struct btf_type *t, bool log_details,
				   const char *fmt, va_list args)
{
	struct bpf_verifier_log *log = &env->log;

	if (!bpf_verifier_log_needed(log))
		return;
	if (log->level == BPF_LOG_KERNEL && !fmt)
		return;
	btf_log_raw(log, "[%u] %s %s%s", env->log_type_id, btf_type_str(t),
		    __btf_name_by_offset(env->btf, t->name_off),
		    log_details ? " " : "");
	if (log_details)
		btf_type_ops(t)->log_details(env, t);
	btf_log_tail(log, fmt, args);
}

__printf(3, 4) void btf_verifier_log_type(struct btf_verifier_env *env,
						 const struct btf_type *t,
						 const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	btf_verifier_vlog_type(env, t, true, fmt, args);
	va_end(args);
}

/* The type line without the kind's details, for metas too short to read. */
__printf(3, 4) void btf_verifier_log_basic(struct btf_verifier_env *env,
						  const struct btf_type *t,
						  const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	btf_verifier_vlog_type(env, t, false, fmt, args);
	va_end(args);
}

/* Only the type line, ended: the struct a failing member belongs to. */
static void btf_verifier_log_type_line(struct btf_verifier_env *env,
				       const struct btf_type *t)
{
	struct bpf_verifier_log *log = &env->log;

	if (!bpf_verifier_log_needed(log) || log->level == BPF_LOG_KERNEL)
		return;
	btf_log_raw(log, "[%u] %s %s ", env->log_type_id, btf_type_str(t),
		    __btf_name_by_offset(env->btf, t->name_off));
	btf_type_ops(t)->log_details(env, t);
	btf_log_raw(log, "\n");
}

__printf(4, 5) void btf_verifier_log_member(struct btf_verifier_env *env,
						   const struct btf_type *struct_type,
						   const struct btf_member *member,
						   const char *fmt, ...)
{
	struct bpf_verifier_log *log = &env->log;
	struct btf *btf = env->btf;
	va_list args;

	if (!bpf_verifier_log_needed(log))
		return;
	if (log->level == BPF_LOG_KERNEL && !fmt)
		return;
	/* after the meta pass the struct was logged long ago: say which */
	if (env->phase != CHECK_META)
		btf_verifier_log_type_line(env, struct_type);

	if (btf_type_kflag(struct_type))
		btf_log_raw(log, "\t%s type_id=%u bitfield_size=%u bits_offset=%u",
			    __btf_name_by_offset(btf, member->name_off), member->type,
			    BTF_MEMBER_BITFIELD_SIZE(member->offset),
			    BTF_MEMBER_BIT_OFFSET(member->offset));
	else
		btf_log_raw(log, "\t%s type_id=%u bits_offset=%u",
			    __btf_name_by_offset(btf, member->name_off), member->type,
			    member->offset);
	va_start(args, fmt);
	btf_log_tail(log, fmt, args);
	va_end(args);
}

__printf(4, 5) void btf_verifier_log_vsi(struct btf_verifier_env *env,
						const struct btf_type *datasec_type,
						const struct btf_var_secinfo *vsi,
						const char *fmt, ...)
{
	struct bpf_verifier_log *log = &env->log;
	va_list args;

	if (!bpf_verifier_log_needed(log))
		return;
	if (log->level == BPF_LOG_KERNEL && !fmt)
		return;
	if (env->phase != CHECK_META)
		btf_verifier_log_type_line(env, datasec_type);

	btf_log_raw(log, "\t type_id=%u offset=%u size=%u",
		    vsi->type, vsi->offset, vsi->size);
	va_start(args, fmt);
	btf_log_tail(log, fmt, args);
	va_end(args);
}

static void btf_verifier_log_hdr(struct btf_verifier_env *env, u32 btf_data_size)
{
	struct bpf_verifier_log *log = &env->log;
	const struct btf_header *hdr = &env->btf->hdr;

	if (!bpf_verifier_log_needed(log) || log->level == BPF_LOG_KERNEL)
		return;
	btf_log_raw(log, "magic: 0x%x\n", hdr->magic);
	btf_log_raw(log, "version: %u\n", hdr->version);
	btf_log_raw(log, "flags: 0x%x\n", hdr->flags);
	btf_log_raw(log, "hdr_len: %u\n", hdr->hdr_len);
	btf_log_raw(log, "type_off: %u\n", hdr->type_off);
	btf_log_raw(log, "type_len: %u\n", hdr->type_len);
	btf_log_raw(log, "str_off: %u\n", hdr->str_off);
	btf_log_raw(log, "str_len: %u\n", hdr->str_len);
	btf_log_raw(log, "btf_total_size: %u\n", btf_data_size);
}

/* ---- the resolve stack ---- */

static int env_resolve_init(struct btf_verifier_env *env)
{
	struct btf *btf = env->btf;
	u32 nr_types = btf->nr_types;

	btf->resolved_sizes = kvcalloc(nr_types, sizeof(u32), GFP_KERNEL);
	btf->resolved_ids = kvcalloc(nr_types, sizeof(u32), GFP_KERNEL);
	env->visit_states = kvcalloc(nr_types, sizeof(u8), GFP_KERNEL);
	if (!btf->resolved_sizes || !btf->resolved_ids || !env->visit_states)
		return -ENOMEM;
	return 0;
}

bool env_type_is_resolve_sink(const struct btf_verifier_env *env,
				     const struct btf_type *next_type)
{
	switch (env->resolve_mode) {
	case RESOLVE_TBD:
		/* int, enum, void... */
		return !btf_type_needs_resolve(next_type);
	case RESOLVE_PTR:
		return !btf_type_is_modifier(next_type) &&
		       !btf_type_is_ptr(next_type);
	case RESOLVE_STRUCT_OR_ARRAY:
		return !btf_type_is_modifier(next_type) &&
		       !btf_type_is_array(next_type) &&
		       !btf_type_is_struct(next_type);
	}
	return true;
}

bool env_type_is_resolved(const struct btf_verifier_env *env, u32 type_id)
{
	return env->visit_states[type_id] == RESOLVED;
}

/* -E2BIG: too deep; -EEXIST: already on the stack (a loop) or resolved. */
int env_stack_push(struct btf_verifier_env *env, const struct btf_type *t,
			  u32 type_id)
{
	struct resolve_vertex *v;

	if (env->top_stack == MAX_RESOLVE_DEPTH)
		return -E2BIG;
	if (env->visit_states[type_id] != NOT_VISITED)
		return -EEXIST;
	env->visit_states[type_id] = VISITED;

	v = &env->stack[env->top_stack++];
	v->t = t;
	v->type_id = type_id;
	v->next_member = 0;

	if (env->resolve_mode == RESOLVE_TBD) {
		if (btf_type_is_ptr(t))
			env->resolve_mode = RESOLVE_PTR;
		else if (btf_type_is_struct(t) || btf_type_is_array(t))
			env->resolve_mode = RESOLVE_STRUCT_OR_ARRAY;
	}
	return 0;
}

void env_stack_set_next_member(struct btf_verifier_env *env, u16 next_member)
{
	env->stack[env->top_stack - 1].next_member = next_member;
}

void env_stack_pop_resolved(struct btf_verifier_env *env,
				   u32 resolved_type_id, u32 resolved_size)
{
	u32 type_id = env->stack[--env->top_stack].type_id;
	struct btf *btf = env->btf;

	btf->resolved_sizes[type_id] = resolved_size;
	btf->resolved_ids[type_id] = resolved_type_id;
	env->visit_states[type_id] = RESOLVED;
}

static const struct resolve_vertex *env_stack_peak(struct btf_verifier_env *env)
{
	return env->top_stack ? &env->stack[env->top_stack - 1] : NULL;
}

/* ---- the passes ---- */

static int btf_add_type(struct btf_verifier_env *env, const struct btf_type *t)
{
	struct btf *btf = env->btf;

	if (btf->types_size == btf->nr_types) {
		const struct btf_type **new_types;
		u32 expand_by, new_size;

		if (btf->types_size == BTF_MAX_TYPE) {
			btf_verifier_log(env, "Exceeded max num of types");
			return -E2BIG;
		}
		expand_by = max_t(u32, btf->types_size >> 2, 16);
		new_size = min_t(u32, BTF_MAX_TYPE, btf->types_size + expand_by);
		new_types = kvcalloc(new_size, sizeof(*new_types), GFP_KERNEL);
		if (!new_types)
			return -ENOMEM;
		if (btf->nr_types)
			memcpy(new_types, btf->types, sizeof(*btf->types) * btf->nr_types);
		else
			new_types[btf->nr_types++] = &btf_void;
		kvfree(btf->types);
		btf->types = new_types;
		btf->types_size = new_size;
	}
	btf->types[btf->nr_types++] = t;
	return 0;
}

static s32 btf_check_meta(struct btf_verifier_env *env, const struct btf_type *t,
			  u32 meta_left)
{
	u32 saved_meta_left = meta_left;
	s32 var_meta_size;

	if (meta_left < sizeof(*t)) {
		btf_verifier_log(env, "[%u] meta_left:%u meta_needed:%zu",
				 env->log_type_id, meta_left, sizeof(*t));
		return -EINVAL;
	}
	meta_left -= sizeof(*t);

	if (t->info & ~BTF_INFO_MASK) {
		btf_verifier_log(env, "[%u] Invalid btf_info:%x",
				 env->log_type_id, t->info);
		return -EINVAL;
	}
	if (BTF_INFO_KIND(t->info) > BTF_KIND_MAX ||
	    BTF_INFO_KIND(t->info) == BTF_KIND_UNKN) {
		btf_verifier_log(env, "[%u] Invalid kind:%u",
				 env->log_type_id, BTF_INFO_KIND(t->info));
		return -EINVAL;
	}
	if (!btf_name_offset_valid(env->btf, t->name_off)) {
		btf_verifier_log(env, "[%u] Invalid name_offset:%u",
				 env->log_type_id, t->name_off);
		return -EINVAL;
	}

	var_meta_size = btf_type_ops(t)->check_meta(env, t, meta_left);
	if (var_meta_size < 0)
		return var_meta_size;
	meta_left -= var_meta_size;
	return saved_meta_left - meta_left;
}

static int btf_check_all_metas(struct btf_verifier_env *env)
{
	struct btf *btf = env->btf;
	u8 *cur = (u8 *)btf->nohdr_data + btf->hdr.type_off;
	u8 *end = cur + btf->hdr.type_len;
	int err;

	env->log_type_id = 1;
	while (cur < end) {
		const struct btf_type *t = (const struct btf_type *)cur;
		s32 meta_size;

		meta_size = btf_check_meta(env, t, end - cur);
		if (meta_size < 0)
			return meta_size;
		err = btf_add_type(env, t);
		if (err)
			return err;
		cur += meta_size;
		env->log_type_id++;
	}
	return 0;
}

/* What a finished walk must have left for t; anything else is our bug. */
static bool btf_resolve_valid(struct btf_verifier_env *env,
			      const struct btf_type *t, u32 type_id)
{
	struct btf *btf = env->btf;

	if (!env_type_is_resolved(env, type_id))
		return false;

	if (btf_type_is_struct(t) || btf_type_is_datasec(t))
		return !btf_resolved_type_id(btf, type_id) &&
		       !btf_resolved_type_size(btf, type_id);

	if (btf_type_is_decl_tag(t) || btf_type_is_func(t))
		return btf_resolved_type_id(btf, type_id) &&
		       !btf_resolved_type_size(btf, type_id);

	if (btf_type_is_modifier(t) || btf_type_is_ptr(t) || btf_type_is_var(t)) {
		t = btf_type_id_resolve(btf, &type_id);
		return t && !btf_type_is_modifier(t) && !btf_type_is_var(t) &&
		       !btf_type_is_datasec(t);
	}

	if (btf_type_is_array(t)) {
		const struct btf_array *array = btf_type_array(t);
		u32 elem_type_id = array->type, elem_size;
		const struct btf_type *elem_type;

		elem_type = btf_type_id_size(btf, &elem_type_id, &elem_size);
		return elem_type && !btf_type_is_modifier(elem_type) &&
		       array->nelems * elem_size == btf_resolved_type_size(btf, type_id);
	}
	return false;
}

int btf_resolve(struct btf_verifier_env *env, const struct btf_type *t,
		       u32 type_id)
{
	u32 save_log_type_id = env->log_type_id;
	const struct resolve_vertex *v;
	int err = 0;

	env->resolve_mode = RESOLVE_TBD;
	env_stack_push(env, t, type_id);
	while (!err && (v = env_stack_peak(env))) {
		env->log_type_id = v->type_id;
		err = btf_type_ops(v->t)->resolve(env, v);
	}

	env->log_type_id = type_id;
	if (err == -E2BIG)
		btf_verifier_log_type(env, t, "Exceeded max resolving depth:%u",
				      MAX_RESOLVE_DEPTH);
	else if (err == -EEXIST)
		btf_verifier_log_type(env, t, "Loop detected");

	if (!err && !btf_resolve_valid(env, t, type_id)) {
		btf_verifier_log_type(env, t, "Invalid resolve state");
		err = -EINVAL;
	}
	env->log_type_id = save_log_type_id;
	/* the stack is shared by the prototype checks' nested walks */
	env->top_stack = 0;
	return err;
}

static int btf_check_all_types(struct btf_verifier_env *env)
{
	struct btf *btf = env->btf;
	const struct btf_type *t;
	u32 type_id;
	int err;

	err = env_resolve_init(env);
	if (err)
		return err;

	env->phase = CHECK_TYPE;
	for (type_id = 1; type_id < btf->nr_types; type_id++) {
		t = btf_type_by_id(btf, type_id);
		env->log_type_id = type_id;
		if (btf_type_needs_resolve(t) && !env_type_is_resolved(env, type_id)) {
			err = btf_resolve(env, t, type_id);
			if (err)
				return err;
		}
		if (btf_type_is_func_proto(t)) {
			err = btf_func_proto_check(env, t);
			if (err)
				return err;
		}
	}
	return 0;
}

static int btf_parse_type_sec(struct btf_verifier_env *env)
{
	const struct btf_header *hdr = &env->btf->hdr;
	int err;

	if (hdr->type_off & (sizeof(u32) - 1)) {
		btf_verifier_log(env, "Unaligned type_off");
		return -EINVAL;
	}
	if (!hdr->type_len) {
		btf_verifier_log(env, "No type found");
		return -EINVAL;
	}
	err = btf_check_all_metas(env);
	if (err)
		return err;
	return btf_check_all_types(env);
}

static int btf_parse_str_sec(struct btf_verifier_env *env)
{
	struct btf *btf = env->btf;
	const struct btf_header *hdr = &btf->hdr;
	const char *start = (const char *)btf->nohdr_data + hdr->str_off;
	const char *end = start + hdr->str_len;

	if (end != (const char *)btf->data + btf->data_size) {
		btf_verifier_log(env, "String section is not at the end");
		return -EINVAL;
	}
	btf->strings = start;
	/* "" at offset 0 is the empty name; the last string is terminated */
	if (!hdr->str_len || hdr->str_len - 1 > BTF_MAX_NAME_OFFSET || end[-1] ||
	    start[0]) {
		btf_verifier_log(env, "Invalid string section");
		return -EINVAL;
	}
	return 0;
}

/* The type and string sections follow the header, without gap or overlap. */
static int btf_check_sec_info(struct btf_verifier_env *env, u32 btf_data_size)
{
	const struct btf_header *hdr = &env->btf->hdr;
	struct btf_sec_info secs[2] = {
		{ hdr->type_off, hdr->type_len },
		{ hdr->str_off, hdr->str_len },
	};
	u32 total = 0, expected_total, i;
	int by_off = (int)(secs[0].off - secs[1].off);

	if (by_off > 0 || (!by_off && (int)(secs[0].len - secs[1].len) > 0)) {
		struct btf_sec_info tmp = secs[0];

		secs[0] = secs[1];
		secs[1] = tmp;
	}

	expected_total = btf_data_size - hdr->hdr_len;
	for (i = 0; i < ARRAY_SIZE(secs); i++) {
		if (expected_total < secs[i].off) {
			btf_verifier_log(env, "Invalid section offset");
			return -EINVAL;
		}
		if (total < secs[i].off) {
			btf_verifier_log(env, "Unsupported section found");
			return -EINVAL;
		}
		if (total > secs[i].off) {
			btf_verifier_log(env, "Section overlap found");
			return -EINVAL;
		}
		if (expected_total - total < secs[i].len) {
			btf_verifier_log(env, "Total section length too long");
			return -EINVAL;
		}
		total += secs[i].len;
	}
	if (expected_total != total) {
		btf_verifier_log(env, "Unsupported section found");
		return -EINVAL;
	}
	return 0;
}

static int btf_parse_hdr(struct btf_verifier_env *env)
{
	struct btf *btf = env->btf;
	u32 btf_data_size = btf->data_size;
	const struct btf_header *hdr;
	u32 hdr_len, hdr_copy, i;

	if (btf_data_size < offsetofend(struct btf_header, hdr_len)) {
		btf_verifier_log(env, "hdr_len not found");
		return -EINVAL;
	}
	memcpy(&hdr_len, (u8 *)btf->data + offsetof(struct btf_header, hdr_len),
	       sizeof(hdr_len));
	if (btf_data_size < hdr_len) {
		btf_verifier_log(env, "btf_header not found");
		return -EINVAL;
	}
	/* a longer header from a newer libbpf: its new fields must be unused */
	for (i = sizeof(btf->hdr); i < hdr_len; i++) {
		if (((u8 *)btf->data)[i]) {
			btf_verifier_log(env, "Unsupported btf_header");
			return -E2BIG;
		}
	}
	hdr_copy = min_t(u32, hdr_len, sizeof(btf->hdr));
	memcpy(&btf->hdr, btf->data, hdr_copy);
	hdr = &btf->hdr;

	btf_verifier_log_hdr(env, btf_data_size);

	if (hdr->magic != BTF_MAGIC) {
		btf_verifier_log(env, "Invalid magic");
		return -EINVAL;
	}
	if (hdr->version != BTF_VERSION) {
		btf_verifier_log(env, "Unsupported version");
		return -ENOTSUPP;
	}
	if (hdr->flags) {
		btf_verifier_log(env, "Unsupported flags");
		return -ENOTSUPP;
	}
	if (btf_data_size == hdr->hdr_len) {
		btf_verifier_log(env, "No data");
		return -EINVAL;
	}
	return btf_check_sec_info(env, btf_data_size);
}

/* Type tags come first in a chain of modifiers: "tag const int", never "const tag int". */
static int btf_check_type_tags(struct btf_verifier_env *env, struct btf *btf,
			       int start_id)
{
	int i, n = btf_nr_types(btf), good_id = start_id - 1;
	bool in_tags;

	for (i = start_id; i < n; i++) {
		const struct btf_type *t = btf_type_by_id(btf, i);
		int chain_limit = 32;
		u32 cur_id = i;

		if (!t)
			return -EINVAL;
		if (!btf_type_is_modifier(t))
			continue;

		in_tags = btf_type_is_type_tag(t);
		while (btf_type_is_modifier(t)) {
			if (!chain_limit--) {
				btf_verifier_log(env, "Max chain length or cycle detected");
				return -ELOOP;
			}
			if (btf_type_is_type_tag(t)) {
				if (!in_tags) {
					btf_verifier_log(env, "Type tags don't precede modifiers");
					return -EINVAL;
				}
			} else if (in_tags) {
				in_tags = false;
			}
			/* the rest of this chain was checked with an earlier type */
			if ((int)cur_id <= good_id)
				break;
			cur_id = t->type;
			t = btf_type_by_id(btf, cur_id);
			if (!t)
				return -EINVAL;
		}
		good_id = i;
	}
	return 0;
}

/*
 * Copies the user's blob so that the data after the header starts at an
 * 8-byte boundary whatever hdr_len is: type records are then read at
 * their natural alignment.
 */
static int btf_copy_data(struct btf *btf, const void __user *ubtf, u32 size)
{
	u32 hdr_len, pad = 0;

	btf->alloc = kvmalloc((size_t)size + 8, GFP_KERNEL);
	if (!btf->alloc)
		return -ENOMEM;
	if (size && (!ubtf || copy_from_user(btf->alloc, ubtf, size)))
		return -EFAULT;
	if (size >= offsetofend(struct btf_header, hdr_len)) {
		memcpy(&hdr_len, (u8 *)btf->alloc + offsetof(struct btf_header, hdr_len),
		       sizeof(hdr_len));
		pad = (8 - (hdr_len & 7)) & 7;
		memmove((u8 *)btf->alloc + pad, btf->alloc, size);
	}
	btf->data = (u8 *)btf->alloc + pad;
	btf->data_size = size;
	return 0;
}

struct btf *btf_parse(const void __user *btf_data, u32 btf_data_size,
			     u32 log_level, char __user *log_ubuf, u32 log_size)
{
	struct btf_verifier_env *env;
	struct bpf_verifier_log *log;
	struct btf *btf = NULL;
	int err;

	if (btf_data_size > BTF_MAX_SIZE)
		return ERR_PTR(-E2BIG);

	env = kzalloc(sizeof(*env), GFP_KERNEL);
	if (!env)
		return ERR_PTR(-ENOMEM);

	log = &env->log;
	if (log_level || log_ubuf || log_size) {
		log->level = log_level;
		log->ubuf = log_ubuf;
		log->len_total = log_size;
		if (!bpf_verifier_log_attr_valid(log)) {
			err = -EINVAL;
			goto errout;
		}
	}

	btf = kzalloc(sizeof(*btf), GFP_KERNEL);
	if (!btf) {
		err = -ENOMEM;
		goto errout;
	}
	env->btf = btf;

	err = btf_copy_data(btf, btf_data, btf_data_size);
	if (err)
		goto errout;
	err = btf_parse_hdr(env);
	if (err)
		goto errout;
	btf->nohdr_data = (u8 *)btf->data + btf->hdr.hdr_len;
	err = btf_parse_str_sec(env);
	if (err)
		goto errout;
	err = btf_parse_type_sec(env);
	if (err)
		goto errout;
	err = btf_check_type_tags(env, btf, 1);
	if (err)
		goto errout;

	/* a truncated log is an error: the user asked for all of it */
	if (log->level && bpf_verifier_log_full(log)) {
		err = -ENOSPC;
		goto errout;
	}

	kvfree(env->visit_states);
	kfree(env);
	refcount_set(&btf->refcnt, 1);
	return btf;

errout:
	kvfree(env->visit_states);
	kfree(env);
	if (btf)
		btf_free(btf);
	return ERR_PTR(err);
}


