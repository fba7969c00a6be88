// SPDX-License-Identifier: GPL-2.0
/*
 * BTF objects: the refcounted object BPF_BTF_LOAD makes (btf_parse.c
 * checks the blob), its id, fd and info, and the type queries maps and
 * the verifier use, with the map value checks of 6.1 (spin lock, timer).
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/idr.h>
#include <fcntl.h>
#include <stdio.h>
#include <linux/bpf_trace.h>
#include "btf_internal.h"

const struct btf_type btf_void;

static DEFINE_IDR(btf_idr);
static DEFINE_SPINLOCK(btf_idr_lock);

static const char *const btf_kind_str[NR_BTF_KINDS] = {
	[BTF_KIND_UNKN]		= "UNKNOWN",
	[BTF_KIND_INT]		= "INT",
	[BTF_KIND_PTR]		= "PTR",
	[BTF_KIND_ARRAY]	= "ARRAY",
	[BTF_KIND_STRUCT]	= "STRUCT",
	[BTF_KIND_UNION]	= "UNION",
	[BTF_KIND_ENUM]		= "ENUM",
	[BTF_KIND_FWD]		= "FWD",
	[BTF_KIND_TYPEDEF]	= "TYPEDEF",
	[BTF_KIND_VOLATILE]	= "VOLATILE",
	[BTF_KIND_CONST]	= "CONST",
	[BTF_KIND_RESTRICT]	= "RESTRICT",
	[BTF_KIND_FUNC]		= "FUNC",
	[BTF_KIND_FUNC_PROTO]	= "FUNC_PROTO",
	[BTF_KIND_VAR]		= "VAR",
	[BTF_KIND_DATASEC]	= "DATASEC",
	[BTF_KIND_FLOAT]	= "FLOAT",
	[BTF_KIND_DECL_TAG]	= "DECL_TAG",
	[BTF_KIND_TYPE_TAG]	= "TYPE_TAG",
	[BTF_KIND_ENUM64]	= "ENUM64",
};

const char *btf_type_str(const struct btf_type *t)
{
	u32 kind = BTF_INFO_KIND(t->info);

	return kind < NR_BTF_KINDS ? btf_kind_str[kind] : "UNKNOWN";
}

bool btf_type_is_void(const struct btf_type *t)
{
	return t == &btf_void;
}

const char *btf_name_by_offset(const struct btf *btf, u32 offset)
{
	return btf_str_by_offset(btf, offset);
}

/* ---- type queries ---- */

u32 btf_nr_types(const struct btf *btf)
{
	return btf->nr_types;
}

const struct btf_type *btf_type_by_id(const struct btf *btf, u32 type_id)
{
	if (type_id >= btf->nr_types)
		return NULL;
	return btf->types[type_id];
}

s32 btf_find_by_name_kind(const struct btf *btf, const char *name, u8 kind)
{
	const struct btf_type *t;
	const char *tname;
	u32 i;

	for (i = 1; i < btf_nr_types(btf); i++) {
		t = btf_type_by_id(btf, i);
		if (BTF_INFO_KIND(t->info) != kind)
			continue;
		tname = btf_name_by_offset(btf, t->name_off);
		if (tname && !strcmp(tname, name))
			return i;
	}
	return -ENOENT;
}

const struct btf_type *btf_type_skip_modifiers(const struct btf *btf, u32 id,
					       u32 *res_id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	while (t && btf_type_is_modifier(t)) {
		id = t->type;
		t = btf_type_by_id(btf, t->type);
	}
	if (res_id)
		*res_id = id;
	return t;
}

const struct btf_type *btf_type_resolve_ptr(const struct btf *btf, u32 id,
					    u32 *res_id)
{
	const struct btf_type *t = btf_type_skip_modifiers(btf, id, NULL);

	if (!t || !btf_type_is_ptr(t))
		return NULL;
	return btf_type_skip_modifiers(btf, t->type, res_id);
}

const struct btf_type *btf_type_resolve_func_ptr(const struct btf *btf, u32 id,
						 u32 *res_id)
{
	const struct btf_type *ptype = btf_type_resolve_ptr(btf, id, res_id);

	return ptype && btf_type_is_func_proto(ptype) ? ptype : NULL;
}

const struct btf_type *btf_resolve_size(const struct btf *btf,
					const struct btf_type *type,
					u32 *type_size)
{
	const struct btf_type *array_type = NULL;
	u32 i, size, nelems = 1;

	for (i = 0; i < MAX_RESOLVE_DEPTH; i++) {
		if (!type)
			return ERR_PTR(-EINVAL);
		switch (BTF_INFO_KIND(type->info)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_FLOAT:
		case BTF_KIND_ENUM64:
			size = type->size;
			goto resolved;
		case BTF_KIND_PTR:
			size = sizeof(void *);
			goto resolved;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			type = btf_type_by_id(btf, type->type);
			break;
		case BTF_KIND_ARRAY: {
			const struct btf_array *array = btf_type_array(type);

			if (!array_type)
				array_type = type;
			if (nelems && array->nelems > U32_MAX / nelems)
				return ERR_PTR(-EINVAL);
			nelems *= array->nelems;
			type = btf_type_by_id(btf, array->type);
			break;
		}
		default:
			return ERR_PTR(-EINVAL);
		}
	}
	return ERR_PTR(-EINVAL);

resolved:
	if (nelems && size > U32_MAX / nelems)
		return ERR_PTR(-EINVAL);
	*type_size = nelems * size;
	return array_type ? array_type : type;
}

static bool btf_sized_type_size(const struct btf *btf, const struct btf_type *t,
				u32 type_id, u32 *size)
{
	if (btf_type_has_size(t))
		*size = t->size;
	else if (btf_type_is_array(t))
		*size = btf_resolved_type_size(btf, type_id);
	else if (btf_type_is_ptr(t))
		*size = sizeof(void *);
	else
		return false;
	return true;
}

const struct btf_type *btf_type_id_size(const struct btf *btf, u32 *type_id,
					u32 *ret_size)
{
	const struct btf_type *size_type;
	u32 size_type_id = *type_id;
	u32 size = 0;

	size_type = btf_type_by_id(btf, size_type_id);
	if (btf_type_nosize_or_null(size_type))
		return NULL;

	if (!btf_sized_type_size(btf, size_type, size_type_id, &size)) {
		if (WARN_ON_ONCE(!btf_type_is_modifier(size_type) &&
				 !btf_type_is_var(size_type)))
			return NULL;
		size_type_id = btf_resolved_type_id(btf, size_type_id);
		size_type = btf_type_by_id(btf, size_type_id);
		if (btf_type_nosize_or_null(size_type))
			return NULL;
		if (!btf_sized_type_size(btf, size_type, size_type_id, &size))
			return NULL;
	}

	*type_id = size_type_id;
	if (ret_size)
		*ret_size = size;
	return size_type;
}

void btf_free(struct btf *btf)
{
	kvfree(btf->types);
	kvfree(btf->resolved_sizes);
	kvfree(btf->resolved_ids);
	kvfree(btf->alloc);
	kfree(btf);
}

/* ---- the object: references, ids, fds ---- */

static bool btf_refcount_inc_not_zero(struct btf *btf)
{
	int c = refcount_read(&btf->refcnt);

	do {
		if (!c)
			return false;
	} while (!__atomic_compare_exchange_n(&btf->refcnt.refs.counter, &c, c + 1,
					      false, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	return true;
}

/* User BTF ids start after the vmlinux BTF's, as in a 6.1 kernel without modules. */
static int btf_alloc_id(struct btf *btf)
{
	int id;

	spin_lock(&btf_idr_lock);
	id = idr_alloc_cyclic(&btf_idr, btf, BTF_VMLINUX_ID + 1, INT_MAX);
	if (id > 0)
		btf->id = id;
	spin_unlock(&btf_idr_lock);
	if (WARN_ON_ONCE(!id))
		return -ENOSPC;
	return id > 0 ? 0 : id;
}

/* The vmlinux BTF (btf_vmlinux.c) takes the id kept for it. */
int btf_alloc_vmlinux_id(struct btf *btf)
{
	int id;

	spin_lock(&btf_idr_lock);
	id = idr_alloc_cyclic(&btf_idr, btf, BTF_VMLINUX_ID, BTF_VMLINUX_ID + 1);
	if (id > 0)
		btf->id = id;
	spin_unlock(&btf_idr_lock);
	return id == BTF_VMLINUX_ID ? 0 : -ENOSPC;
}

static void btf_free_id(struct btf *btf)
{
	spin_lock(&btf_idr_lock);
	if (btf->id) {
		idr_remove(&btf_idr, btf->id);
		WRITE_ONCE(btf->id, 0);
	}
	spin_unlock(&btf_idr_lock);
}

static void btf_free_rcu(struct rcu_head *rcu)
{
	struct btf *btf = container_of(rcu, struct btf, rcu);

	rcu_callback_enter();
	btf_free(btf);
}

void btf_get(struct btf *btf)
{
	refcount_inc(&btf->refcnt);
}

void btf_put(struct btf *btf)
{
	if (btf && refcount_dec_and_test(&btf->refcnt)) {
		btf_free_id(btf);
		/* lookups by id may still be reading it */
		call_rcu(&btf->rcu, btf_free_rcu);
	}
}

static void btf_show_fdinfo(struct file *filp, char *buf, size_t size)
{
	const struct btf *btf = filp->private_data;

	snprintf(buf, size, "btf_id:\t%u\n", READ_ONCE(btf->id));
}

static int btf_release(struct inode *inode, struct file *filp)
{
	btf_put(filp->private_data);
	return 0;
}

const struct file_operations btf_fops = {
	.release = btf_release,
	.show_fdinfo = btf_show_fdinfo,
	.name = "btf",
};

static int __btf_new_fd(struct btf *btf)
{
	return anon_inode_getfd("btf", &btf_fops, btf, O_RDONLY | O_CLOEXEC);
}

int btf_new_fd(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	struct btf *btf;
	int ret;

	btf = btf_parse(u64_to_user_ptr(attr->btf), attr->btf_size,
			attr->btf_log_level, u64_to_user_ptr(attr->btf_log_buf),
			attr->btf_log_size);
	if (IS_ERR(btf))
		return PTR_ERR(btf);

	ret = btf_alloc_id(btf);
	if (ret) {
		btf_free(btf);
		return ret;
	}
	/* the id is public now: only btf_put() may free it */
	ret = __btf_new_fd(btf);
	if (ret < 0)
		btf_put(btf);
	return ret;
}

struct btf *btf_get_by_fd(int fd)
{
	struct btf *btf;
	struct fd f = fdget(fd);

	if (!f.file)
		return ERR_PTR(-EBADF);
	if (f.file->f_op != &btf_fops) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	btf = f.file->private_data;
	btf_get(btf);
	fdput(f);
	return btf;
}

/* Bytes of a user struct past what we know must be zero (as syscall.c says). */
static int btf_uarg_tail_zero(const void __user *uaddr, size_t expected_size,
			      size_t actual_size)
{
	const u8 *p = uaddr;
	size_t i;

	if (actual_size <= expected_size)
		return 0;
	if (!uaddr)
		return -EFAULT;
	for (i = expected_size; i < actual_size; i++)
		if (p[i])
			return -E2BIG;
	return 0;
}

int btf_get_info_by_fd(const struct btf *btf, const union bpf_attr *attr,
		       union bpf_attr __user *uattr)
{
	struct bpf_btf_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	u32 uinfo_len = attr->info.info_len;
	u32 info_copy, btf_copy, uname_len, name_len;
	struct bpf_btf_info info;
	char __user *uname;
	void __user *ubtf;
	int ret = 0;

	ret = btf_uarg_tail_zero(uinfo, sizeof(info), uinfo_len);
	if (ret)
		return ret;

	info_copy = min_t(u32, uinfo_len, sizeof(info));
	memset(&info, 0, sizeof(info));
	if (info_copy && (!uinfo || copy_from_user(&info, uinfo, info_copy)))
		return -EFAULT;

	info.id = READ_ONCE(btf->id);
	ubtf = u64_to_user_ptr(info.btf);
	btf_copy = min_t(u32, btf->data_size, info.btf_size);
	if (btf_copy && (!ubtf || copy_to_user(ubtf, btf->data, btf_copy)))
		return -EFAULT;
	info.btf_size = btf->data_size;
	info.kernel_btf = btf->kernel_btf;

	uname = u64_to_user_ptr(info.name);
	uname_len = info.name_len;
	if (!uname ^ !uname_len)
		return -EINVAL;

	name_len = strlen(btf->name);
	info.name_len = name_len;
	if (uname) {
		if (uname_len >= name_len + 1) {
			if (copy_to_user(uname, btf->name, name_len + 1))
				return -EFAULT;
		} else {
			/* as much as fits, terminated, and the user is told */
			if (uname_len > 1 && copy_to_user(uname, btf->name, uname_len - 1))
				return -EFAULT;
			if (put_user('\0', uname + uname_len - 1))
				return -EFAULT;
			ret = -ENOSPC;
		}
	}

	if ((info_copy && copy_to_user(uinfo, &info, info_copy)) ||
	    put_user(info_copy, &uattr->info.info_len))
		return -EFAULT;
	return ret;
}

int btf_get_fd_by_id(u32 id)
{
	struct btf *btf;
	int fd;

	/* the vmlinux BTF exists from boot in 6.1: made here at first need */
	if (id == BTF_VMLINUX_ID)
		bpf_get_btf_vmlinux();

	spin_lock(&btf_idr_lock);
	btf = idr_find(&btf_idr, id);
	if (!btf || !btf_refcount_inc_not_zero(btf))
		btf = ERR_PTR(-ENOENT);
	spin_unlock(&btf_idr_lock);
	if (IS_ERR(btf))
		return PTR_ERR(btf);

	fd = __btf_new_fd(btf);
	if (fd < 0)
		btf_put(btf);
	return fd;
}

int btf_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	int next_id, err = 0;

	if (attr->start_id >= INT_MAX)
		return -EINVAL;
	next_id = attr->start_id + 1;
	if (next_id <= BTF_VMLINUX_ID)
		bpf_get_btf_vmlinux();
	spin_lock(&btf_idr_lock);
	if (!idr_get_next(&btf_idr, &next_id))
		err = -ENOENT;
	spin_unlock(&btf_idr_lock);
	if (!err)
		err = put_user((u32)next_id, &uattr->next_id);
	return err;
}

u32 btf_obj_id(const struct btf *btf)
{
	return READ_ONCE(btf->id);
}

bool btf_is_kernel(const struct btf *btf)
{
	return btf->kernel_btf;
}

/* ---- special fields of map values ---- */

enum btf_field_type {
	BTF_FIELD_SPIN_LOCK,
	BTF_FIELD_TIMER,
};

struct btf_field_desc {
	const char *name;
	int size;
	int align;
};

static const struct btf_field_desc btf_field_descs[] = {
	[BTF_FIELD_SPIN_LOCK] = { "bpf_spin_lock", sizeof(struct bpf_spin_lock),
				  __alignof__(struct bpf_spin_lock) },
	[BTF_FIELD_TIMER] = { "bpf_timer", sizeof(struct bpf_timer),
			      __alignof__(struct bpf_timer) },
};

/*
 * Offset of the one field of that struct type at the top level of a
 * struct or data section: -ENOENT when there is none, -E2BIG when more
 * than one, -EINVAL when one is misplaced or t is neither.  The member's
 * own type is compared, typedefs not followed, as in the kernel.
 */
static int btf_find_field(const struct btf *btf, const struct btf_type *t,
			  enum btf_field_type field_type)
{
	const struct btf_field_desc *desc = &btf_field_descs[field_type];
	const struct btf_type *ft;
	int found = -ENOENT;
	u32 i, off;

	if (__btf_type_is_struct(t)) {
		const struct btf_member *member = btf_type_member(t);

		for (i = 0; i < btf_type_vlen(t); i++, member++) {
			ft = btf_type_by_id(btf, member->type);
			if (strcmp(__btf_name_by_offset(btf, ft->name_off), desc->name))
				continue;
			off = __btf_member_bit_offset(t, member);
			/* C cannot place a struct at a bit offset */
			if (off % 8)
				return -EINVAL;
			off /= 8;
			if (off % desc->align)
				return -EINVAL;
			if (!__btf_type_is_struct(ft) || ft->size != (u32)desc->size)
				continue;
			if (found >= 0)
				return -E2BIG;
			found = off;
		}
		return found;
	}

	if (btf_type_is_datasec(t)) {
		const struct btf_var_secinfo *vsi = btf_type_var_secinfo(t);

		for (i = 0; i < btf_type_vlen(t); i++, vsi++) {
			const struct btf_type *var = btf_type_by_id(btf, vsi->type);

			ft = btf_type_by_id(btf, var->type);
			off = vsi->offset;
			if (strcmp(__btf_name_by_offset(btf, ft->name_off), desc->name))
				continue;
			if (vsi->size != (u32)desc->size)
				continue;
			if (off % desc->align)
				return -EINVAL;
			if (!__btf_type_is_struct(ft) || ft->size != (u32)desc->size)
				continue;
			if (found >= 0)
				return -E2BIG;
			found = off;
		}
		return found;
	}
	return -EINVAL;
}

int btf_find_spin_lock(const struct btf *btf, const struct btf_type *t)
{
	return btf_find_field(btf, t, BTF_FIELD_SPIN_LOCK);
}

int btf_find_timer(const struct btf *btf, const struct btf_type *t)
{
	return btf_find_field(btf, t, BTF_FIELD_TIMER);
}

static bool map_type_allows_spin_lock(enum bpf_map_type type)
{
	switch (type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
		return true;
	default:
		return false;
	}
}

static bool map_type_allows_timer(enum bpf_map_type type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_LRU_HASH ||
	       type == BPF_MAP_TYPE_ARRAY;
}

/*
 * Kernel pointers (kptr) in values need the kernel's BTF to name their
 * target; without a vmlinux BTF 6.1 ignores them, and so do we.
 */
int map_check_btf(struct bpf_map *map, const struct btf *btf,
		  u32 btf_key_id, u32 btf_value_id)
{
	const struct btf_type *key_type, *value_type;
	u32 key_size, value_size;

	/* some maps have no key type (e.g. queue, stack); their ops decide */
	if (btf_key_id) {
		key_type = btf_type_id_size(btf, &btf_key_id, &key_size);
		if (!key_type || key_size != map->key_size)
			return -EINVAL;
	} else {
		key_type = btf_type_by_id(btf, 0);
		if (!map->ops->map_check_btf)
			return -EINVAL;
	}

	value_type = btf_type_id_size(btf, &btf_value_id, &value_size);
	if (!value_type || value_size != map->value_size)
		return -EINVAL;

	map->spin_lock_off = btf_find_spin_lock(btf, value_type);
	if (map_value_has_spin_lock(map)) {
		if (map->map_flags & BPF_F_RDONLY_PROG)
			return -EACCES;
		if (!map_type_allows_spin_lock(map->map_type))
			return -ENOTSUPP;
		if (WARN_ON_ONCE(map->spin_lock_off + sizeof(struct bpf_spin_lock) >
				 map->value_size))
			return -EFAULT;
	}

	map->timer_off = btf_find_timer(btf, value_type);
	if (map_value_has_timer(map)) {
		if (map->map_flags & BPF_F_RDONLY_PROG)
			return -EACCES;
		if (!map_type_allows_timer(map->map_type))
			return -EOPNOTSUPP;
	}

	if (map->ops->map_check_btf) {
		int ret = map->ops->map_check_btf(map, btf, key_type, value_type);

		if (ret < 0)
			return ret;
	}
	return 0;
}

