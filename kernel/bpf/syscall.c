// SPDX-License-Identifier: GPL-2.0
/*
 * The bpf(2) system call: attr checks, the object model (maps, programs,
 * links with user and kernel reference counts, their id spaces and fds)
 * and the commands, with the errno Linux 6.1 gives for each mistake.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/idr.h>
#include <linux/bpf_trace.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include "run_guard.h"

/* Debian's default; SYSBPF_UNPRIVILEGED_BPF_DISABLED sets it at start-up. */
int sysctl_unprivileged_bpf_disabled = 2;
int sysctl_bpf_stats_enabled;

static DEFINE_IDR(prog_idr);
static DEFINE_SPINLOCK(prog_idr_lock);
static DEFINE_IDR(map_idr);
static DEFINE_SPINLOCK(map_idr_lock);
static DEFINE_IDR(link_idr);
static DEFINE_SPINLOCK(link_idr_lock);

/* The sysctl takes 0, 1 or 2, as kernel.unprivileged_bpf_disabled does. */
__attribute__((constructor)) static void unprivileged_bpf_disabled_init(void)
{
	const char *e = getenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED");

	if (e && e[0] >= '0' && e[0] <= '2' && !e[1])
		sysctl_unprivileged_bpf_disabled = e[0] - '0';
}

/*
 * capable() of the calling thread, from its effective set as the kernel
 * reads it.  The instance belongs to the process, so a capability the
 * process could never raise (not in its permitted set: any non-root
 * user) counts as held: it is the root of its own instance, as in a
 * user namespace.  A process that holds the capability but cleared it
 * from its effective set (test_verifier does, between cases) is
 * unprivileged, and SYSBPF_UNPRIV=1 forces the unprivileged policy.
 * Nothing is cached: the effective set changes between calls.
 */
static int unpriv_mode = -1;

static bool capable(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	__u32 bit = 1U << (cap % 32);

	if (unpriv_mode < 0) {
		const char *e = getenv("SYSBPF_UNPRIV");

		unpriv_mode = e && *e == '1';
	}
	if (unpriv_mode)
		return false;
	if (syscall(SYS_capget, &hdr, data))
		return true;
	return (data[cap / 32].effective & bit) || !(data[cap / 32].permitted & bit);
}

bool bpf_capable(void)
{
	return capable(CAP_BPF) || capable(CAP_SYS_ADMIN);
}

bool perfmon_capable(void)
{
	return capable(CAP_PERFMON) || capable(CAP_SYS_ADMIN);
}

/* Everything past the known part of attr must be zero. */
int bpf_check_uarg_tail_zero(const void __user *uaddr, size_t expected_size,
			     size_t actual_size)
{
	unsigned char tail[PAGE_SIZE];
	size_t i, n;

	if (actual_size > PAGE_SIZE)
		return -E2BIG;
	if (actual_size <= expected_size)
		return 0;
	n = actual_size - expected_size;
	if (copy_from_user(tail, (const char *)uaddr + expected_size, n))
		return -EFAULT;
	for (i = 0; i < n; i++)
		if (tail[i])
			return -E2BIG;
	return 0;
}

static bool memchr_inv_zero(const void *start, size_t n)
{
	const unsigned char *p = start;

	while (n--)
		if (*p++)
			return true;
	return false;
}

/* The fields after CMD's last one must be zero: the kernel's CHECK_ATTR. */
#define CHECK_ATTR(CMD)								\
	memchr_inv_zero((char *)&attr->CMD##_LAST_FIELD +			\
			sizeof(attr->CMD##_LAST_FIELD),				\
			sizeof(*attr) - offsetof(union bpf_attr, CMD##_LAST_FIELD) - \
			sizeof(attr->CMD##_LAST_FIELD))

/* Object names: [A-Za-z0-9_.], NUL-terminated within BPF_OBJ_NAME_LEN. */
static int bpf_obj_name_cpy(char *dst, const char *src, unsigned int size)
{
	const char *end = src + size;
	const char *orig_src = src;

	memset(dst, 0, size);
	while (src < end && *src) {
		if (!isalnum((unsigned char)*src) && *src != '_' && *src != '.')
			return -EINVAL;
		*dst++ = *src++;
	}
	if (src == end)
		return -EINVAL;
	return src - orig_src;
}

static int bpf_get_file_flag(int flags)
{
	if ((flags & BPF_F_RDONLY) && (flags & BPF_F_WRONLY))
		return -EINVAL;
	if (flags & BPF_F_RDONLY)
		return O_RDONLY;
	if (flags & BPF_F_WRONLY)
		return O_WRONLY;
	return O_RDWR;
}

/* ---- maps ---- */

void *bpf_map_area_alloc(u64 size, int numa_node)
{
	if (size >= SIZE_MAX - PAGE_SIZE)
		return NULL;
	return kzalloc(size, GFP_KERNEL);
}

void bpf_map_area_free(void *base)
{
	kfree(base);
}

void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr)
{
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = attr->map_flags & ~BPF_F_RDONLY & ~BPF_F_WRONLY;
	map->numa_node = (attr->map_flags & BPF_F_NUMA_NODE) ? (int)attr->numa_node : NUMA_NO_NODE;
	map->map_extra = attr->map_extra;
}

u32 bpf_map_value_size(const struct bpf_map *map)
{
	if (map->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	    map->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	    map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	    map->map_type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE)
		return round_up(map->value_size, 8) * num_possible_cpus();
	if (map->map_type == BPF_MAP_TYPE_PROG_ARRAY ||
	    map->map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	    map->map_type == BPF_MAP_TYPE_HASH_OF_MAPS ||
	    map->map_type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return sizeof(u32);
	return map->value_size;
}

static void bpf_map_free_id(struct bpf_map *map)
{
	if (!map->id)
		return;
	spin_lock(&map_idr_lock);
	idr_remove(&map_idr, map->id);
	map->id = 0;
	spin_unlock(&map_idr_lock);
}

static void bpf_map_free_rcu(struct rcu_head *rcu)
{
	struct bpf_map *map = container_of(rcu, struct bpf_map, rcu);
	struct btf *btf;

	rcu_callback_enter();
	btf = map->btf;
	mutex_destroy(&map->freeze_mutex);
	map->ops->map_free(map);
	if (btf)
		btf_put(btf);
}

void bpf_map_inc(struct bpf_map *map)
{
	atomic64_inc(&map->refcnt);
}

void bpf_map_inc_with_uref(struct bpf_map *map)
{
	atomic64_inc(&map->refcnt);
	atomic64_inc(&map->usercnt);
}

struct bpf_map *bpf_map_inc_not_zero(struct bpf_map *map)
{
	if (!atomic64_inc_not_zero(&map->refcnt))
		return ERR_PTR(-ENOENT);
	return map;
}

/*
 * The last kernel reference: unpublish the id at once, free after a
 * grace period, since programs may still be reading the map.
 */
void bpf_map_put(struct bpf_map *map)
{
	if (atomic64_dec_and_test(&map->refcnt)) {
		bpf_map_free_id(map);
		call_rcu(&map->rcu, bpf_map_free_rcu);
	}
}

void bpf_map_put_with_uref(struct bpf_map *map)
{
	if (atomic64_dec_and_test(&map->usercnt) && map->ops->map_release_uref)
		map->ops->map_release_uref(map);
	bpf_map_put(map);
}

static int bpf_map_release(struct inode *inode, struct file *filp)
{
	struct bpf_map *map = filp->private_data;

	if (map->ops->map_release)
		map->ops->map_release(map, filp);
	bpf_map_put_with_uref(map);
	return 0;
}

static fmode_t map_get_sys_perms(struct bpf_map *map, struct fd f)
{
	fmode_t mode = f.file->f_mode;

	/* programs' rdonly/wronly flags do not restrict user space */
	if (READ_ONCE(map->frozen))
		mode &= ~FMODE_CAN_WRITE;
	return mode;
}

static void bpf_map_show_fdinfo(struct file *filp, char *buf, size_t size);

const struct file_operations bpf_map_fops = {
	.release = bpf_map_release,
	.show_fdinfo = bpf_map_show_fdinfo,
	.name = "bpf-map",
};

int bpf_map_new_fd(struct bpf_map *map, int flags)
{
	return anon_inode_getfd("bpf-map", &bpf_map_fops, map, flags | O_CLOEXEC);
}

struct bpf_map *__bpf_map_get(struct fd f)
{
	if (!f.file)
		return ERR_PTR(-EBADF);
	if (f.file->f_op != &bpf_map_fops) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	return f.file->private_data;
}

struct bpf_map *bpf_map_get(u32 ufd)
{
	struct fd f = fdget(ufd);
	struct bpf_map *map = __bpf_map_get(f);

	if (IS_ERR(map))
		return map;
	bpf_map_inc(map);
	fdput(f);
	return map;
}

struct bpf_map *bpf_map_get_with_uref(u32 ufd)
{
	struct fd f = fdget(ufd);
	struct bpf_map *map = __bpf_map_get(f);

	if (IS_ERR(map))
		return map;
	bpf_map_inc_with_uref(map);
	fdput(f);
	return map;
}

bool bpf_map_write_active(const struct bpf_map *map)
{
	return atomic64_read(&((struct bpf_map *)map)->writecnt) != 0;
}

static void bpf_map_write_active_inc(struct bpf_map *map)
{
	atomic64_inc(&map->writecnt);
}

static void bpf_map_write_active_dec(struct bpf_map *map)
{
	atomic64_sub(1, &map->writecnt);
}

static void bpf_map_show_fdinfo(struct file *filp, char *buf, size_t size)
{
	struct bpf_map *map = filp->private_data;
	u32 type = 0, jited = 0;

	if (map->map_type == BPF_MAP_TYPE_PROG_ARRAY) {
		spin_lock(&map->owner_lock);
		type = map->owner.type;
		jited = map->owner.jited;
		spin_unlock(&map->owner_lock);
	}
	snprintf(buf, size,
		 "map_type:\t%u\nkey_size:\t%u\nvalue_size:\t%u\nmax_entries:\t%u\n"
		 "map_flags:\t0x%x\nmap_extra:\t0x%llx\nmemlock:\t%llu\nmap_id:\t%u\nfrozen:\t%u\n%s",
		 map->map_type, map->key_size, map->value_size, map->max_entries,
		 map->map_flags, (unsigned long long)map->map_extra,
		 (unsigned long long)map->memory_usage, map->id, READ_ONCE(map->frozen),
		 "");
	if (type) {
		size_t n = strlen(buf);

		snprintf(buf + n, size - n, "owner_prog_type:\t%u\nowner_jited:\t%u\n", type, jited);
	}
}

static int bpf_map_alloc_id(struct bpf_map *map)
{
	int id;

	spin_lock(&map_idr_lock);
	id = idr_alloc_cyclic(&map_idr, map, 1, INT_MAX);
	if (id > 0)
		map->id = id;
	spin_unlock(&map_idr_lock);
	return id > 0 ? 0 : (id ? id : -ENOSPC);
}

static const struct bpf_map_ops *find_map_ops(u32 type)
{
	if (type >= bpf_map_types_nr)
		return NULL;
	return bpf_map_types[type];
}

static struct bpf_map *find_and_alloc_map(union bpf_attr *attr)
{
	const struct bpf_map_ops *ops = find_map_ops(attr->map_type);
	struct bpf_map *map;
	int err;

	if (!ops)
		return ERR_PTR(-EINVAL);
	if (ops->map_alloc_check) {
		err = ops->map_alloc_check(attr);
		if (err)
			return ERR_PTR(err);
	}
	map = ops->map_alloc(attr);
	if (IS_ERR(map))
		return map;
	map->ops = ops;
	map->map_type = attr->map_type;
	return map;
}

/*
 * The checks of 6.1's map_check_btf live in btf.c with the BTF walkers;
 * only the pairing of ids is checked here.
 */
static int map_attach_btf(struct bpf_map *map, union bpf_attr *attr)
{
	struct btf *btf;
	int err;

	if (!attr->btf_key_type_id && !attr->btf_value_type_id &&
	    !attr->btf_vmlinux_value_type_id)
		return 0;
	btf = btf_get_by_fd(attr->btf_fd);
	if (IS_ERR(btf))
		return PTR_ERR(btf);
	if (btf_is_kernel(btf)) {
		btf_put(btf);
		return -EACCES;
	}
	map->btf = btf;
	if (attr->btf_value_type_id) {
		err = map_check_btf(map, btf, attr->btf_key_type_id, attr->btf_value_type_id);
		if (err)
			return err;
	}
	map->btf_key_type_id = attr->btf_key_type_id;
	map->btf_value_type_id = attr->btf_value_type_id;
	map->btf_vmlinux_value_type_id = attr->btf_vmlinux_value_type_id;
	return 0;
}

#define BPF_MAP_CREATE_LAST_FIELD map_extra

static int map_create(union bpf_attr *attr)
{
	struct bpf_map *map;
	int f_flags, err;

	if (CHECK_ATTR(BPF_MAP_CREATE))
		return -EINVAL;
	if (attr->btf_vmlinux_value_type_id) {
		if (attr->map_type != BPF_MAP_TYPE_STRUCT_OPS ||
		    attr->btf_key_type_id || attr->btf_value_type_id)
			return -EINVAL;
	} else if (attr->btf_key_type_id && !attr->btf_value_type_id) {
		return -EINVAL;
	}
	if (attr->map_type != BPF_MAP_TYPE_BLOOM_FILTER && attr->map_extra != 0)
		return -EINVAL;
	f_flags = bpf_get_file_flag(attr->map_flags);
	if (f_flags < 0)
		return f_flags;
	/* one NUMA node here, as on a machine with a single node */
	if ((attr->map_flags & BPF_F_NUMA_NODE) && attr->numa_node != 0)
		return -EINVAL;

	map = find_and_alloc_map(attr);
	if (IS_ERR(map))
		return PTR_ERR(map);
	err = bpf_obj_name_cpy(map->name, attr->map_name, sizeof(attr->map_name));
	if (err < 0)
		goto free_map;
	atomic64_set(&map->refcnt, 1);
	atomic64_set(&map->usercnt, 1);
	mutex_init(&map->freeze_mutex);
	spin_lock_init(&map->owner_lock);
	map->spin_lock_off = -EINVAL;
	map->timer_off = -EINVAL;
	err = map_attach_btf(map, attr);
	if (err)
		goto free_map;
	err = bpf_map_alloc_id(map);
	if (err)
		goto free_map;
	err = bpf_map_new_fd(map, f_flags);
	if (err < 0)
		/* the id is public: someone may hold the map through it already */
		bpf_map_put_with_uref(map);
	return err;

free_map:
	if (map->btf)
		btf_put(map->btf);
	mutex_destroy(&map->freeze_mutex);
	map->ops->map_free(map);
	return err;
}

/*
 * The kernel's memdup_user() for the per-element commands: their copies
 * only catch a NULL pointer (include/linux/kernel.h says why).
 */
static void *bpf_memdup_user(const void __user *src, size_t len)
{
	void *p = kmalloc(len, GFP_USER);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (__copy_from_user(p, src, len)) {
		kfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
}

static void *__bpf_copy_key(void __user *ukey, u64 key_size)
{
	if (key_size)
		return bpf_memdup_user(ukey, key_size);
	if (ukey)
		return ERR_PTR(-EINVAL);
	return NULL;
}

static bool map_is_fd_holder(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_PROG_ARRAY ||
	       map->map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	       map->map_type == BPF_MAP_TYPE_HASH_OF_MAPS ||
	       map->map_type == BPF_MAP_TYPE_PERF_EVENT_ARRAY ||
	       map->map_type == BPF_MAP_TYPE_CGROUP_ARRAY;
}

int bpf_map_copy_value(struct bpf_map *map, void *key, void *value, u64 flags)
{
	void *ptr;
	int err = 0;

	if (map->ops->map_copy_value)
		return map->ops->map_copy_value(map, key, value, flags);
	if (map->map_type == BPF_MAP_TYPE_QUEUE || map->map_type == BPF_MAP_TYPE_STACK ||
	    map->map_type == BPF_MAP_TYPE_BLOOM_FILTER)
		return map->ops->map_peek_elem(map, value);
	rcu_read_lock();
	if (map->ops->map_lookup_elem_sys_only)
		ptr = map->ops->map_lookup_elem_sys_only(map, key);
	else
		ptr = map->ops->map_lookup_elem(map, key);
	if (IS_ERR(ptr)) {
		err = PTR_ERR(ptr);
	} else if (!ptr) {
		err = -ENOENT;
	} else if (map_is_fd_holder(map)) {
		u32 id = map->ops->map_fd_sys_lookup_elem ?
			 map->ops->map_fd_sys_lookup_elem(READ_ONCE(*(void **)ptr)) : 0;

		memcpy(value, &id, sizeof(id));
	} else if (flags & BPF_F_LOCK) {
		copy_map_value_locked(map, value, ptr, true);
	} else {
		copy_map_value(map, value, ptr);
	}
	/* the lock and timer fields are never shown to user space */
	if (!err && !(flags & BPF_F_LOCK) && !map_is_fd_holder(map))
		zero_map_value_special(map, value);
	rcu_read_unlock();
	return err;
}

#define BPF_MAP_LOOKUP_ELEM_LAST_FIELD flags

static int map_lookup_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *uvalue = u64_to_user_ptr(attr->value);
	struct bpf_map *map;
	void *key, *value;
	u32 value_size;
	struct fd f;
	int err;

	if (CHECK_ATTR(BPF_MAP_LOOKUP_ELEM))
		return -EINVAL;
	if (attr->flags & ~BPF_F_LOCK)
		return -EINVAL;
	f = fdget(attr->map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_READ)) {
		err = -EPERM;
		goto err_put;
	}
	if ((attr->flags & BPF_F_LOCK) && !map_value_has_spin_lock(map)) {
		err = -EINVAL;
		goto err_put;
	}
	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto err_put;
	}
	value_size = bpf_map_value_size(map);
	err = -ENOMEM;
	value = kzalloc(value_size, GFP_USER | __GFP_NOWARN);
	if (!value)
		goto free_key;
	err = bpf_map_copy_value(map, key, value, attr->flags);
	if (!err && __copy_to_user(uvalue, value, value_size))
		err = -EFAULT;
	kfree(value);
free_key:
	kfree(key);
err_put:
	fdput(f);
	return err;
}

int bpf_map_update_value(struct bpf_map *map, struct fd f, void *key,
			 void *value, u64 flags)
{
	int err;

	if (map->ops->map_update_value)
		return map->ops->map_update_value(map, key, value, flags);
	if (map->ops->map_fd_get_ptr && map_is_fd_holder(map))
		return bpf_fd_map_update_elem(map, f.file, key, value, flags);
	if (map->map_type == BPF_MAP_TYPE_QUEUE || map->map_type == BPF_MAP_TYPE_STACK ||
	    map->map_type == BPF_MAP_TYPE_BLOOM_FILTER)
		return map->ops->map_push_elem(map, value, flags);
	rcu_read_lock();
	err = map->ops->map_update_elem(map, key, value, flags);
	rcu_read_unlock();
	return err;
}

#define BPF_MAP_UPDATE_ELEM_LAST_FIELD flags

static int map_update_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *uvalue = u64_to_user_ptr(attr->value);
	struct bpf_map *map;
	void *key, *value;
	u32 value_size;
	struct fd f;
	int err;

	if (CHECK_ATTR(BPF_MAP_UPDATE_ELEM))
		return -EINVAL;
	f = fdget(attr->map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	bpf_map_write_active_inc(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_WRITE)) {
		err = -EPERM;
		goto err_put;
	}
	if ((attr->flags & BPF_F_LOCK) && !map_value_has_spin_lock(map)) {
		err = -EINVAL;
		goto err_put;
	}
	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto err_put;
	}
	value_size = bpf_map_value_size(map);
	value = bpf_memdup_user(uvalue, value_size);
	if (IS_ERR(value)) {
		err = PTR_ERR(value);
		kfree(key);
		goto err_put;
	}
	err = bpf_map_update_value(map, f, key, value, attr->flags);
	kfree(value);
	kfree(key);
err_put:
	bpf_map_write_active_dec(map);
	fdput(f);
	return err;
}

#define BPF_MAP_DELETE_ELEM_LAST_FIELD key

static int map_delete_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	struct bpf_map *map;
	struct fd f;
	void *key;
	int err;

	if (CHECK_ATTR(BPF_MAP_DELETE_ELEM))
		return -EINVAL;
	f = fdget(attr->map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	bpf_map_write_active_inc(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_WRITE)) {
		err = -EPERM;
		goto err_put;
	}
	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto err_put;
	}
	if (map->ops->map_fd_put_ptr && map_is_fd_holder(map)) {
		err = map->ops->map_delete_elem(map, key);
	} else {
		rcu_read_lock();
		err = map->ops->map_delete_elem ? map->ops->map_delete_elem(map, key) : -EOPNOTSUPP;
		rcu_read_unlock();
	}
	kfree(key);
err_put:
	bpf_map_write_active_dec(map);
	fdput(f);
	return err;
}

#define BPF_MAP_GET_NEXT_KEY_LAST_FIELD next_key

static int map_get_next_key(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *unext_key = u64_to_user_ptr(attr->next_key);
	struct bpf_map *map;
	void *key, *next_key;
	struct fd f;
	int err;

	if (CHECK_ATTR(BPF_MAP_GET_NEXT_KEY))
		return -EINVAL;
	f = fdget(attr->map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_READ)) {
		err = -EPERM;
		goto err_put;
	}
	if (ukey) {
		key = __bpf_copy_key(ukey, map->key_size);
		if (IS_ERR(key)) {
			err = PTR_ERR(key);
			goto err_put;
		}
	} else {
		key = NULL;
	}
	err = -ENOMEM;
	next_key = kmalloc(map->key_size ? map->key_size : 1, GFP_USER);
	if (!next_key)
		goto free_key;
	if (!map->ops->map_get_next_key) {
		err = -ENOTSUPP;
	} else {
		rcu_read_lock();
		err = map->ops->map_get_next_key(map, key, next_key);
		rcu_read_unlock();
	}
	if (!err && __copy_to_user(unext_key, next_key, map->key_size))
		err = -EFAULT;
	kfree(next_key);
free_key:
	kfree(key);
err_put:
	fdput(f);
	return err;
}

#define BPF_MAP_LOOKUP_AND_DELETE_ELEM_LAST_FIELD flags

static int map_lookup_and_delete_elem(union bpf_attr *attr)
{
	void __user *ukey = u64_to_user_ptr(attr->key);
	void __user *uvalue = u64_to_user_ptr(attr->value);
	struct bpf_map *map;
	void *key, *value;
	u32 value_size;
	struct fd f;
	int err;

	if (CHECK_ATTR(BPF_MAP_LOOKUP_AND_DELETE_ELEM))
		return -EINVAL;
	if (attr->flags & ~BPF_F_LOCK)
		return -EINVAL;
	f = fdget(attr->map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	bpf_map_write_active_inc(map);
	if (!(map_get_sys_perms(map, f) & FMODE_CAN_READ) ||
	    !(map_get_sys_perms(map, f) & FMODE_CAN_WRITE)) {
		err = -EPERM;
		goto err_put;
	}
	if (attr->flags &&
	    (map->map_type == BPF_MAP_TYPE_QUEUE || map->map_type == BPF_MAP_TYPE_STACK)) {
		err = -EINVAL;
		goto err_put;
	}
	if ((attr->flags & BPF_F_LOCK) && !map_value_has_spin_lock(map)) {
		err = -EINVAL;
		goto err_put;
	}
	key = __bpf_copy_key(ukey, map->key_size);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto err_put;
	}
	value_size = bpf_map_value_size(map);
	err = -ENOMEM;
	value = kzalloc(value_size, GFP_USER);
	if (!value)
		goto free_key;
	err = -ENOTSUPP;
	if (map->map_type == BPF_MAP_TYPE_QUEUE || map->map_type == BPF_MAP_TYPE_STACK) {
		err = map->ops->map_pop_elem(map, value);
	} else if (map->ops->map_lookup_and_delete_elem) {
		rcu_read_lock();
		err = map->ops->map_lookup_and_delete_elem(map, key, value, attr->flags);
		rcu_read_unlock();
	}
	if (!err && __copy_to_user(uvalue, value, value_size))
		err = -EFAULT;
	kfree(value);
free_key:
	kfree(key);
err_put:
	bpf_map_write_active_dec(map);
	fdput(f);
	return err;
}

#define BPF_MAP_FREEZE_LAST_FIELD map_fd

static int map_freeze(const union bpf_attr *attr)
{
	struct bpf_map *map;
	struct fd f;
	int err = 0;

	if (CHECK_ATTR(BPF_MAP_FREEZE))
		return -EINVAL;
	f = fdget(attr->map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (map->map_type == BPF_MAP_TYPE_STRUCT_OPS || map_value_has_timer(map)) {
		fdput(f);
		return -ENOTSUPP;
	}
	mutex_lock(&map->freeze_mutex);
	if (bpf_map_write_active(map)) {
		err = -EBUSY;
		goto err_put;
	}
	if (READ_ONCE(map->frozen)) {
		err = -EBUSY;
		goto err_put;
	}
	if (!bpf_capable()) {
		err = -EPERM;
		goto err_put;
	}
	WRITE_ONCE(map->frozen, true);
err_put:
	mutex_unlock(&map->freeze_mutex);
	fdput(f);
	return err;
}

/*
 * Value copies that leave the spin lock and the timer of a value alone:
 * user space never reads or overwrites them (6.1's copy_map_value).
 */
static void copy_skipping(struct bpf_map *map, void *dst, void *src, bool zero)
{
	u32 offs[2], sizes[2], n = 0, start = 0, i;

	if (map_value_has_spin_lock(map)) {
		offs[n] = map->spin_lock_off;
		sizes[n++] = sizeof(struct bpf_spin_lock);
	}
	if (map_value_has_timer(map)) {
		offs[n] = map->timer_off;
		sizes[n++] = sizeof(struct bpf_timer);
	}
	if (n == 2 && offs[0] > offs[1]) {
		u32 t = offs[0], s = sizes[0];

		offs[0] = offs[1];
		sizes[0] = sizes[1];
		offs[1] = t;
		sizes[1] = s;
	}
	for (i = 0; i < n; i++) {
		if (zero)
			memset((char *)dst + offs[i], 0, sizes[i]);
		else
			memcpy((char *)dst + start, (char *)src + start, offs[i] - start);
		start = offs[i] + sizes[i];
	}
	if (!zero)
		memcpy((char *)dst + start, (char *)src + start, map->value_size - start);
}

void copy_map_value(struct bpf_map *map, void *dst, void *src)
{
	if (!map_value_has_spin_lock(map) && !map_value_has_timer(map)) {
		memcpy(dst, src, map->value_size);
		return;
	}
	copy_skipping(map, dst, src, false);
}

void zero_map_value_special(struct bpf_map *map, void *dst)
{
	if (map_value_has_spin_lock(map) || map_value_has_timer(map))
		copy_skipping(map, dst, NULL, true);
}

void zero_map_value(struct bpf_map *map, void *dst)
{
	memset(dst, 0, map->value_size);
}

static void bpf_spin_lock_raw(struct bpf_spin_lock *lock)
{
	spin_lock((spinlock_t *)lock);
}

static void bpf_spin_unlock_raw(struct bpf_spin_lock *lock)
{
	spin_unlock((spinlock_t *)lock);
}

void copy_map_value_locked(struct bpf_map *map, void *dst, void *src, bool lock_src)
{
	struct bpf_spin_lock *lock;

	lock = (struct bpf_spin_lock *)((char *)(lock_src ? src : dst) + map->spin_lock_off);
	bpf_spin_lock_raw(lock);
	copy_map_value(map, dst, src);
	bpf_spin_unlock_raw(lock);
}

int bpf_fd_map_update_elem(struct bpf_map *map, struct file *map_file,
			   void *key, void *value, u64 map_flags)
{
	void *ptr;
	int err;

	if (!map->ops->map_fd_get_ptr)
		return -EINVAL;
	ptr = map->ops->map_fd_get_ptr(map, map_file, *(int *)value);
	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	rcu_read_lock();
	err = map->ops->map_update_elem(map, key, ptr, map_flags);
	rcu_read_unlock();
	if (err)
		map->ops->map_fd_put_ptr(map, ptr, false);
	return err;
}

/* ---- programs ---- */

static void bpf_prog_free_id(struct bpf_prog *prog)
{
	if (!prog->aux->id)
		return;
	spin_lock(&prog_idr_lock);
	idr_remove(&prog_idr, prog->aux->id);
	prog->aux->id = 0;
	spin_unlock(&prog_idr_lock);
}

static int bpf_prog_alloc_id(struct bpf_prog *prog)
{
	int id;

	spin_lock(&prog_idr_lock);
	id = idr_alloc_cyclic(&prog_idr, prog, 1, INT_MAX);
	if (id > 0)
		prog->aux->id = id;
	spin_unlock(&prog_idr_lock);
	return id > 0 ? 0 : (id ? id : -ENOSPC);
}

static void free_used_maps(struct bpf_prog_aux *aux)
{
	u32 i;

	for (i = 0; i < aux->used_map_cnt; i++)
		bpf_map_put(aux->used_maps[i]);
	kfree(aux->used_maps);
	aux->used_maps = NULL;
	aux->used_map_cnt = 0;
}

static void __bpf_prog_put_rcu(struct rcu_head *rcu)
{
	struct bpf_prog_aux *aux = container_of(rcu, struct bpf_prog_aux, rcu);
	struct bpf_prog *prog;

	rcu_callback_enter();
	prog = aux->prog;
	free_used_maps(aux);
	if (aux->btf)
		btf_put(aux->btf);
	bpf_prog_put_attach(aux);
	mutex_destroy(&aux->used_maps_mutex);
	bpf_prog_free(prog);
}

void bpf_prog_inc(struct bpf_prog *prog)
{
	atomic64_inc(&prog->aux->refcnt);
}

struct bpf_prog *bpf_prog_inc_not_zero(struct bpf_prog *prog)
{
	if (!atomic64_inc_not_zero(&prog->aux->refcnt))
		return ERR_PTR(-ENOENT);
	return prog;
}

void bpf_prog_put(struct bpf_prog *prog)
{
	if (atomic64_dec_and_test(&prog->aux->refcnt)) {
		bpf_prog_free_id(prog);
		call_rcu(&prog->aux->rcu, __bpf_prog_put_rcu);
	}
}

static int bpf_prog_release(struct inode *inode, struct file *filp)
{
	bpf_prog_put(filp->private_data);
	return 0;
}

static void bpf_prog_get_stats(const struct bpf_prog *prog, struct bpf_prog_stats *stats)
{
	stats->cnt = READ_ONCE(prog->aux->stats.cnt);
	stats->nsecs = READ_ONCE(prog->aux->stats.nsecs);
	stats->misses = READ_ONCE(prog->aux->stats.misses);
}

static void bpf_prog_show_fdinfo(struct file *filp, char *buf, size_t size)
{
	const struct bpf_prog *prog = filp->private_data;
	char tag[2 * BPF_TAG_SIZE + 1];
	struct bpf_prog_stats stats;
	int i;

	bpf_prog_get_stats(prog, &stats);
	for (i = 0; i < BPF_TAG_SIZE; i++)
		sprintf(tag + 2 * i, "%02x", prog->tag[i]);
	snprintf(buf, size,
		 "prog_type:\t%u\nprog_jited:\t%u\nprog_tag:\t%s\nmemlock:\t%llu\n"
		 "prog_id:\t%u\nrun_time_ns:\t%llu\nrun_cnt:\t%llu\n"
		 "recursion_misses:\t%llu\nverified_insns:\t%u\n",
		 prog->type, prog->jited, tag,
		 (unsigned long long)round_up(bpf_prog_size(prog->len), PAGE_SIZE),
		 prog->aux->id, (unsigned long long)stats.nsecs,
		 (unsigned long long)stats.cnt, (unsigned long long)stats.misses,
		 prog->aux->verified_insns);
}

const struct file_operations bpf_prog_fops = {
	.release = bpf_prog_release,
	.show_fdinfo = bpf_prog_show_fdinfo,
	.name = "bpf-prog",
};

int bpf_prog_new_fd(struct bpf_prog *prog)
{
	return anon_inode_getfd("bpf-prog", &bpf_prog_fops, prog, O_RDWR | O_CLOEXEC);
}

static struct bpf_prog *____bpf_prog_get(struct fd f)
{
	if (!f.file)
		return ERR_PTR(-EBADF);
	if (f.file->f_op != &bpf_prog_fops) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	return f.file->private_data;
}

struct bpf_prog *bpf_prog_get_type(u32 ufd, enum bpf_prog_type type)
{
	struct fd f = fdget(ufd);
	struct bpf_prog *prog = ____bpf_prog_get(f);

	if (IS_ERR(prog))
		return prog;
	if ((int)type >= 0 && prog->type != type) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	bpf_prog_inc(prog);
	fdput(f);
	return prog;
}

struct bpf_prog *bpf_prog_get(u32 ufd)
{
	return bpf_prog_get_type(ufd, (enum bpf_prog_type)-1);
}

/*
 * A prog array takes the type of the first program that uses it, and the
 * programs placed in it must then match it (6.1's bpf_prog_map_compatible).
 */
bool bpf_prog_map_compatible(struct bpf_map *map, const struct bpf_prog *fp)
{
	bool ret;

	if (fp->kprobe_override)
		return false;
	spin_lock(&map->owner_lock);
	if (!map->owner.type) {
		map->owner.type = fp->type;
		map->owner.jited = fp->jited;
		map->owner.xdp_has_frags = fp->aux->xdp_has_frags;
		ret = true;
	} else {
		ret = map->owner.type == fp->type && map->owner.jited == fp->jited &&
		      map->owner.xdp_has_frags == fp->aux->xdp_has_frags;
	}
	spin_unlock(&map->owner_lock);
	return ret;
}

/* Licenses the kernel counts as GPL-compatible (license_is_gpl_compatible). */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gpl); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

static bool prog_type_known(u32 type)
{
	return type < bpf_prog_types_nr && bpf_prog_ops_table[type] &&
	       bpf_verifier_ops_table[type];
}

/* Socket filters and cgroup skb programs are what an unprivileged user may load. */
static bool unpriv_prog_type_allowed(enum bpf_prog_type type)
{
	return type == BPF_PROG_TYPE_SOCKET_FILTER ||
	       type == BPF_PROG_TYPE_CGROUP_SKB;
}

/* Types that touch the network stack's configuration: CAP_NET_ADMIN, as in 6.1. */
static bool is_net_admin_prog_type(enum bpf_prog_type type)
{
	static const u64 net_admin_types =
		BIT_ULL(BPF_PROG_TYPE_SCHED_CLS) | BIT_ULL(BPF_PROG_TYPE_SCHED_ACT) |
		BIT_ULL(BPF_PROG_TYPE_XDP) | BIT_ULL(BPF_PROG_TYPE_LWT_IN) |
		BIT_ULL(BPF_PROG_TYPE_LWT_OUT) | BIT_ULL(BPF_PROG_TYPE_LWT_XMIT) |
		BIT_ULL(BPF_PROG_TYPE_LWT_SEG6LOCAL) | BIT_ULL(BPF_PROG_TYPE_SK_SKB) |
		BIT_ULL(BPF_PROG_TYPE_SK_MSG) | BIT_ULL(BPF_PROG_TYPE_LIRC_MODE2) |
		BIT_ULL(BPF_PROG_TYPE_FLOW_DISSECTOR) | BIT_ULL(BPF_PROG_TYPE_CGROUP_DEVICE) |
		BIT_ULL(BPF_PROG_TYPE_CGROUP_SOCK) | BIT_ULL(BPF_PROG_TYPE_CGROUP_SOCK_ADDR) |
		BIT_ULL(BPF_PROG_TYPE_CGROUP_SOCKOPT) | BIT_ULL(BPF_PROG_TYPE_CGROUP_SYSCTL) |
		BIT_ULL(BPF_PROG_TYPE_SOCK_OPS) | BIT_ULL(BPF_PROG_TYPE_EXT);

	return type < 64 && (net_admin_types & BIT_ULL(type));
}

/* Types that can read kernel memory and trace: CAP_PERFMON, as in 6.1. */
static bool is_perfmon_prog_type(enum bpf_prog_type type)
{
	static const u64 perfmon_types =
		BIT_ULL(BPF_PROG_TYPE_KPROBE) | BIT_ULL(BPF_PROG_TYPE_TRACEPOINT) |
		BIT_ULL(BPF_PROG_TYPE_PERF_EVENT) | BIT_ULL(BPF_PROG_TYPE_RAW_TRACEPOINT) |
		BIT_ULL(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE) | BIT_ULL(BPF_PROG_TYPE_TRACING) |
		BIT_ULL(BPF_PROG_TYPE_LSM) | BIT_ULL(BPF_PROG_TYPE_STRUCT_OPS) |
		BIT_ULL(BPF_PROG_TYPE_EXT);

	return type < 64 && (perfmon_types & BIT_ULL(type));
}

/*
 * Two types had no expected_attach_type before they had several hooks:
 * 0 still means their first one.
 */
static void bpf_prog_load_fixup_attach_type(union bpf_attr *attr)
{
	switch (attr->prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK:
		if (!attr->expected_attach_type)
			attr->expected_attach_type = BPF_CGROUP_INET_SOCK_CREATE;
		break;
	case BPF_PROG_TYPE_SK_REUSEPORT:
		if (!attr->expected_attach_type)
			attr->expected_attach_type = BPF_SK_REUSEPORT_SELECT;
		break;
	default:
		break;
	}
}

/*
 * The hooks a networking program may be loaded for: its context rules
 * and helpers depend on the one it names (the tracing types' rules are
 * bpf_prog_load_check_attach_tracing()'s).  Other types take any value.
 */
static int bpf_prog_load_check_attach(enum bpf_prog_type prog_type,
				      enum bpf_attach_type expected_attach_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK:
		switch (expected_attach_type) {
		case BPF_CGROUP_INET_SOCK_CREATE:
		case BPF_CGROUP_INET_SOCK_RELEASE:
		case BPF_CGROUP_INET4_POST_BIND:
		case BPF_CGROUP_INET6_POST_BIND:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (expected_attach_type) {
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
		case BPF_CGROUP_INET4_CONNECT:
		case BPF_CGROUP_INET6_CONNECT:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UDP4_SENDMSG:
		case BPF_CGROUP_UDP6_SENDMSG:
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_CGROUP_SKB:
		switch (expected_attach_type) {
		case BPF_CGROUP_INET_INGRESS:
		case BPF_CGROUP_INET_EGRESS:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		switch (expected_attach_type) {
		case BPF_CGROUP_SETSOCKOPT:
		case BPF_CGROUP_GETSOCKOPT:
			return 0;
		default:
			return -EINVAL;
		}
	case BPF_PROG_TYPE_SK_LOOKUP:
		return expected_attach_type == BPF_SK_LOOKUP ? 0 : -EINVAL;
	case BPF_PROG_TYPE_SK_REUSEPORT:
		switch (expected_attach_type) {
		case BPF_SK_REUSEPORT_SELECT:
		case BPF_SK_REUSEPORT_SELECT_OR_MIGRATE:
			return 0;
		default:
			return -EINVAL;
		}
	default:
		return 0;
	}
}

#define BPF_PROG_LOAD_LAST_FIELD core_relo_rec_size

static int bpf_prog_load(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	enum bpf_prog_type type = attr->prog_type;
	struct bpf_prog *prog, *dst_prog;
	struct btf *attach_btf;
	char license[128];
	int err;

	if (CHECK_ATTR(BPF_PROG_LOAD))
		return -EINVAL;
	if (attr->prog_flags & ~(BPF_F_STRICT_ALIGNMENT | BPF_F_ANY_ALIGNMENT |
				 BPF_F_TEST_STATE_FREQ | BPF_F_SLEEPABLE |
				 BPF_F_TEST_RND_HI32 | BPF_F_XDP_HAS_FRAGS))
		return -EINVAL;
	memset(license, 0, sizeof(license));
	if (strncpy_from_user(license, u64_to_user_ptr(attr->license),
			      sizeof(license) - 1) < 0)
		return -EFAULT;
	if (attr->insn_cnt == 0 ||
	    attr->insn_cnt > (bpf_capable() ? BPF_COMPLEXITY_LIMIT_INSNS : BPF_MAXINSNS))
		return -E2BIG;
	if (!bpf_capable() && !unpriv_prog_type_allowed(type))
		return -EPERM;
	if (!bpf_capable() && sysctl_unprivileged_bpf_disabled)
		return -EPERM;
	if (is_net_admin_prog_type(type) && !capable(CAP_NET_ADMIN) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (is_perfmon_prog_type(type) && !perfmon_capable())
		return -EPERM;
	/* attach_prog_fd / attach_btf_obj_fd / attach_btf_id (bpf_attach_target.c) */
	err = bpf_prog_load_attach(attr, &attach_btf, &dst_prog);
	if (err)
		return err;
	/* the networking types' expected_attach_type, as 6.1 checks it */
	bpf_prog_load_fixup_attach_type(attr);
	if (bpf_prog_load_check_attach(type, attr->expected_attach_type) ||
	    !prog_type_known(type)) {
		err = -EINVAL;
		goto put_attach;
	}

	prog = bpf_prog_alloc(attr->insn_cnt);
	if (!prog) {
		err = -ENOMEM;
		goto put_attach;
	}
	prog->aux->attach_btf = attach_btf;
	prog->aux->attach_btf_id = attr->attach_btf_id;
	prog->aux->dst_prog = dst_prog;
	prog->expected_attach_type = attr->expected_attach_type;
	prog->aux->sleepable = attr->prog_flags & BPF_F_SLEEPABLE;
	prog->aux->xdp_has_frags = attr->prog_flags & BPF_F_XDP_HAS_FRAGS;
	prog->aux->prog = prog;
	atomic64_set(&prog->aux->refcnt, 1);
	mutex_init(&prog->aux->used_maps_mutex);
	prog->len = attr->insn_cnt;
	if (copy_from_user(prog->insnsi, u64_to_user_ptr(attr->insns),
			   bpf_prog_insn_size(prog))) {
		err = -EFAULT;
		goto free_prog;
	}
	prog->gpl_compatible = license_is_gpl_compatible(license);
	prog->type = type;
	prog->aux->ops = bpf_prog_ops_table[type];
	prog->aux->vops = bpf_verifier_ops_table[type];
	prog->aux->load_time = ktime_get_boot_ns();
	prog->aux->created_by_uid = getuid();
	err = bpf_obj_name_cpy(prog->aux->name, attr->prog_name, sizeof(attr->prog_name));
	if (err < 0)
		goto free_prog;
	err = bpf_prog_load_check_attach_btf_id(prog, attr);
	if (err < 0)
		goto free_prog;

	err = bpf_check(&prog, attr, uattr);
	if (err < 0)
		goto free_used_maps;
	prog = bpf_prog_select_runtime(prog, &err);
	if (err < 0)
		goto free_used_maps;
	err = bpf_prog_alloc_id(prog);
	if (err)
		goto free_used_maps;
	err = bpf_prog_new_fd(prog);
	if (err < 0)
		bpf_prog_put(prog);
	return err;

free_used_maps:
	free_used_maps(prog->aux);
free_prog:
	if (prog->aux->btf)
		btf_put(prog->aux->btf);
	bpf_prog_put_attach(prog->aux);
	mutex_destroy(&prog->aux->used_maps_mutex);
	bpf_prog_free(prog);
	return err;
put_attach:
	if (dst_prog)
		bpf_prog_put(dst_prog);
	if (attach_btf)
		btf_put(attach_btf);
	return err;
}

#define BPF_PROG_TEST_RUN_LAST_FIELD test.batch_size

static int bpf_prog_test_run(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	struct bpf_prog *prog;
	int ret = -ENOTSUPP;

	if (CHECK_ATTR(BPF_PROG_TEST_RUN))
		return -EINVAL;
	if ((attr->test.ctx_size_in && !attr->test.ctx_in) ||
	    (!attr->test.ctx_size_in && attr->test.ctx_in))
		return -EINVAL;
	if ((attr->test.ctx_size_out && !attr->test.ctx_out) ||
	    (!attr->test.ctx_size_out && attr->test.ctx_out))
		return -EINVAL;
	prog = bpf_prog_get(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	if (prog->aux->ops->test_run)
		ret = prog->aux->ops->test_run(prog, attr, uattr);
	bpf_prog_put(prog);
	return ret;
}

#define BPF_PROG_BIND_MAP_LAST_FIELD prog_bind_map.flags

/* Keeps a map alive with a program that does not reference it (libbpf's .rodata). */
static int bpf_prog_bind_map(union bpf_attr *attr)
{
	struct bpf_prog *prog;
	struct bpf_map *map, **used_maps_old, **used_maps_new;
	int i, ret = 0;

	if (CHECK_ATTR(BPF_PROG_BIND_MAP))
		return -EINVAL;
	if (attr->prog_bind_map.flags)
		return -EINVAL;
	prog = bpf_prog_get(attr->prog_bind_map.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	map = bpf_map_get(attr->prog_bind_map.map_fd);
	if (IS_ERR(map)) {
		ret = PTR_ERR(map);
		goto out_prog_put;
	}
	mutex_lock(&prog->aux->used_maps_mutex);
	used_maps_old = prog->aux->used_maps;
	for (i = 0; i < (int)prog->aux->used_map_cnt; i++)
		if (used_maps_old[i] == map) {
			bpf_map_put(map);
			goto out_unlock;
		}
	used_maps_new = kmalloc_array(prog->aux->used_map_cnt + 1, sizeof(used_maps_new[0]),
				      GFP_KERNEL);
	if (!used_maps_new) {
		ret = -ENOMEM;
		bpf_map_put(map);
		goto out_unlock;
	}
	if (prog->aux->used_map_cnt)
		memcpy(used_maps_new, used_maps_old,
		       sizeof(used_maps_old[0]) * prog->aux->used_map_cnt);
	used_maps_new[prog->aux->used_map_cnt] = map;
	/* runs read used_maps under RCU: free the old array after a grace period */
	rcu_assign_pointer(prog->aux->used_maps, used_maps_new);
	prog->aux->used_map_cnt++;
	synchronize_rcu();
	kfree(used_maps_old);
out_unlock:
	mutex_unlock(&prog->aux->used_maps_mutex);
out_prog_put:
	bpf_prog_put(prog);
	return ret;
}

/* ---- object info ---- */

/* A copy of the xlated program as the kernel shows it: map pointers back to ids. */
static struct bpf_insn *bpf_insn_prepare_dump(const struct bpf_prog *prog)
{
	struct bpf_insn *insns = kmemdup(prog->insnsi, bpf_prog_insn_size(prog), GFP_USER);
	u32 i, j;

	if (!insns)
		return NULL;
	for (i = 0; i < prog->len; i++) {
		struct bpf_insn *insn = &insns[i];

		if (insn->code == (BPF_JMP | BPF_TAIL_CALL)) {
			insn->code = BPF_JMP | BPF_CALL;
			insn->imm = BPF_FUNC_tail_call;
			continue;
		}
		if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0) {
			if ((u32)insn->imm < prog->aux->call_proto_cnt && prog->aux->call_func_ids)
				insn->imm = prog->aux->call_func_ids[insn->imm];
			continue;
		}
		if ((BPF_MODE(insn->code) == BPF_TRUSTED_MEM &&
		     (BPF_CLASS(insn->code) == BPF_LDX || BPF_CLASS(insn->code) == BPF_STX ||
		      BPF_CLASS(insn->code) == BPF_ST)) ||
		    (BPF_MODE(insn->code) == BPF_PROBE_MEM && BPF_CLASS(insn->code) == BPF_LDX)) {
			insn->code = BPF_CLASS(insn->code) | BPF_SIZE(insn->code) | BPF_MEM;
			continue;
		}
		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		/* a map pointer or an address inside a map's values */
		for (j = 0; j < prog->aux->used_map_cnt; j++) {
			struct bpf_map *map = prog->aux->used_maps[j];
			u64 imm = ((u64)(u32)insn[1].imm << 32) | (u32)insn[0].imm;
			u32 off;

			if (imm == (u64)(uintptr_t)map) {
				insn[0].src_reg = BPF_PSEUDO_MAP_FD;
				insn[0].imm = map->id;
				insn[1].imm = 0;
				break;
			}
			if (map->ops->map_direct_value_meta &&
			    !map->ops->map_direct_value_meta(map, imm, &off)) {
				insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
				insn[0].imm = map->id;
				insn[1].imm = off;
				break;
			}
		}
		i++;
	}
	return insns;
}

/*
 * A record size user space gives must be the kernel's, unless it gives
 * neither size nor count; either way it learns the kernel's (6.1).
 */
static int set_info_rec_size(struct bpf_prog_info *info)
{
	if ((info->nr_func_info || info->func_info_rec_size) &&
	    info->func_info_rec_size != sizeof(struct bpf_func_info))
		return -EINVAL;
	if ((info->nr_line_info || info->line_info_rec_size) &&
	    info->line_info_rec_size != sizeof(struct bpf_line_info))
		return -EINVAL;
	if ((info->nr_jited_line_info || info->jited_line_info_rec_size) &&
	    info->jited_line_info_rec_size != sizeof(__u64))
		return -EINVAL;
	info->func_info_rec_size = sizeof(struct bpf_func_info);
	info->line_info_rec_size = sizeof(struct bpf_line_info);
	info->jited_line_info_rec_size = sizeof(__u64);
	return 0;
}

static int bpf_copy_info_array(u64 ubuf, u32 *ulen, const void *src, u32 elem, u32 cnt)
{
	u32 want = *ulen;

	*ulen = cnt;
	if (ubuf && want && cnt &&
	    copy_to_user(u64_to_user_ptr(ubuf), src, (size_t)min(want, cnt) * elem))
		return -EFAULT;
	return 0;
}

static int bpf_prog_get_info_by_fd(struct file *file, struct bpf_prog *prog,
				   const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	struct bpf_prog_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	struct bpf_prog_info info;
	u32 info_len = attr->info.info_len;
	struct bpf_prog_stats stats;
	u32 i, ulen;
	int err;

	err = bpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);
	memset(&info, 0, sizeof(info));
	if (copy_from_user(&info, uinfo, info_len))
		return -EFAULT;

	info.type = prog->type;
	info.id = prog->aux->id;
	info.load_time = prog->aux->load_time;
	info.created_by_uid = prog->aux->created_by_uid;
	info.gpl_compatible = prog->gpl_compatible;
	memcpy(info.tag, prog->tag, sizeof(prog->tag));
	memcpy(info.name, prog->aux->name, sizeof(prog->aux->name));
	bpf_prog_get_stats(prog, &stats);
	info.run_time_ns = stats.nsecs;
	info.run_cnt = stats.cnt;
	info.recursion_misses = stats.misses;
	info.verified_insns = prog->aux->verified_insns;

	err = set_info_rec_size(&info);
	if (err)
		return err;

	ulen = info.nr_map_ids;
	info.nr_map_ids = prog->aux->used_map_cnt;
	if (ulen && info.map_ids) {
		u32 __user *user_map_ids = u64_to_user_ptr(info.map_ids);

		for (i = 0; i < min(ulen, prog->aux->used_map_cnt); i++)
			if (put_user(prog->aux->used_maps[i]->id, &user_map_ids[i]))
				return -EFAULT;
	}

	ulen = info.xlated_prog_len;
	info.xlated_prog_len = bpf_prog_insn_size(prog);
	if (info.xlated_prog_len && ulen && info.xlated_prog_insns) {
		struct bpf_insn *insns = bpf_insn_prepare_dump(prog);

		if (!insns)
			return -ENOMEM;
		err = copy_to_user(u64_to_user_ptr(info.xlated_prog_insns), insns,
				   min_t(u32, info.xlated_prog_len, ulen)) ? -EFAULT : 0;
		kfree(insns);
		if (err)
			return err;
	}

	/* no JIT yet: the kernel reports zero lengths for interpreted programs */
	info.jited_prog_len = 0;
	info.nr_jited_ksyms = 0;
	info.nr_jited_func_lens = 0;

	if (prog->aux->btf)
		info.btf_id = btf_obj_id(prog->aux->btf);
	info.attach_btf_id = prog->aux->attach_btf_id;

	if (bpf_copy_info_array(info.func_info, &info.nr_func_info, prog->aux->func_info,
				sizeof(struct bpf_func_info), prog->aux->func_info_cnt) ||
	    bpf_copy_info_array(info.line_info, &info.nr_line_info, prog->aux->linfo,
				sizeof(struct bpf_line_info), prog->aux->nr_linfo))
		return -EFAULT;
	info.nr_jited_line_info = 0;
	(void)file;

	if (copy_to_user(uinfo, &info, info_len) ||
	    put_user(info_len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}

static int bpf_map_get_info_by_fd(struct file *file, struct bpf_map *map,
				  const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	struct bpf_map_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	struct bpf_map_info info;
	u32 info_len = attr->info.info_len;
	int err;

	err = bpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);
	memset(&info, 0, sizeof(info));
	info.type = map->map_type;
	info.id = map->id;
	info.key_size = map->key_size;
	info.value_size = map->value_size;
	info.max_entries = map->max_entries;
	info.map_flags = map->map_flags;
	info.map_extra = map->map_extra;
	memcpy(info.name, map->name, sizeof(map->name));
	if (map->btf) {
		info.btf_id = btf_obj_id(map->btf);
		info.btf_key_type_id = map->btf_key_type_id;
		info.btf_value_type_id = map->btf_value_type_id;
	}
	info.btf_vmlinux_value_type_id = map->btf_vmlinux_value_type_id;
	(void)file;
	if (copy_to_user(uinfo, &info, info_len) ||
	    put_user(info_len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}

static int bpf_link_get_info_by_fd(struct file *file, struct bpf_link *link,
				   const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	struct bpf_link_info __user *uinfo = u64_to_user_ptr(attr->info.info);
	struct bpf_link_info info;
	u32 info_len = attr->info.info_len;
	int err;

	err = bpf_check_uarg_tail_zero(uinfo, sizeof(info), info_len);
	if (err)
		return err;
	info_len = min_t(u32, sizeof(info), info_len);
	memset(&info, 0, sizeof(info));
	if (copy_from_user(&info, uinfo, info_len))
		return -EFAULT;
	info.type = link->type;
	info.id = link->id;
	info.prog_id = link->prog->aux->id;
	if (link->ops->fill_link_info) {
		err = link->ops->fill_link_info(link, &info);
		if (err)
			return err;
	}
	(void)file;
	if (copy_to_user(uinfo, &info, info_len) ||
	    put_user(info_len, &uattr->info.info_len))
		return -EFAULT;
	return 0;
}

#define BPF_OBJ_GET_INFO_BY_FD_LAST_FIELD info.info

static int bpf_obj_get_info_by_fd(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	int ufd = attr->info.bpf_fd;
	struct fd f;
	int err;

	if (CHECK_ATTR(BPF_OBJ_GET_INFO_BY_FD))
		return -EINVAL;
	f = fdget(ufd);
	if (!f.file)
		return -EBADFD;
	if (f.file->f_op == &bpf_prog_fops)
		err = bpf_prog_get_info_by_fd(f.file, f.file->private_data, attr, uattr);
	else if (f.file->f_op == &bpf_map_fops)
		err = bpf_map_get_info_by_fd(f.file, f.file->private_data, attr, uattr);
	else if (f.file->f_op == &btf_fops)
		err = btf_get_info_by_fd(f.file->private_data, attr, uattr);
	else if (f.file->f_op == &bpf_link_fops)
		err = bpf_link_get_info_by_fd(f.file, f.file->private_data, attr, uattr);
	else
		err = -EINVAL;
	fdput(f);
	return err;
}

/* ---- ids ---- */

#define BPF_OBJ_GET_NEXT_ID_LAST_FIELD next_id

static int bpf_obj_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr,
			       struct idr *idr, spinlock_t *lock)
{
	u32 next_id = attr->start_id;
	int err = 0;

	if (CHECK_ATTR(BPF_OBJ_GET_NEXT_ID) || next_id >= INT_MAX)
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	/* objects whose last fd was closed must not show up any more */
	sysbpf_reap_files();
	next_id++;
	spin_lock(lock);
	if (!idr_get_next(idr, (int *)&next_id))
		err = -ENOENT;
	spin_unlock(lock);
	if (!err)
		err = put_user(next_id, &uattr->next_id);
	return err;
}

#define BPF_PROG_GET_FD_BY_ID_LAST_FIELD prog_id

static int bpf_prog_get_fd_by_id(const union bpf_attr *attr)
{
	struct bpf_prog *prog;
	int fd;

	if (CHECK_ATTR(BPF_PROG_GET_FD_BY_ID))
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	sysbpf_reap_files();
	spin_lock(&prog_idr_lock);
	prog = idr_find(&prog_idr, attr->prog_id);
	prog = prog ? bpf_prog_inc_not_zero(prog) : ERR_PTR(-ENOENT);
	spin_unlock(&prog_idr_lock);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	fd = bpf_prog_new_fd(prog);
	if (fd < 0)
		bpf_prog_put(prog);
	return fd;
}

#define BPF_MAP_GET_FD_BY_ID_LAST_FIELD open_flags

static int bpf_map_get_fd_by_id(const union bpf_attr *attr)
{
	struct bpf_map *map;
	int f_flags, fd;

	if (CHECK_ATTR(BPF_MAP_GET_FD_BY_ID) || attr->open_flags & ~(BPF_F_RDONLY | BPF_F_WRONLY))
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	f_flags = bpf_get_file_flag(attr->open_flags);
	if (f_flags < 0)
		return f_flags;
	sysbpf_reap_files();
	spin_lock(&map_idr_lock);
	map = idr_find(&map_idr, attr->map_id);
	if (map) {
		map = bpf_map_inc_not_zero(map);
		if (!IS_ERR(map))
			atomic64_inc(&map->usercnt);
	} else {
		map = ERR_PTR(-ENOENT);
	}
	spin_unlock(&map_idr_lock);
	if (IS_ERR(map))
		return PTR_ERR(map);
	fd = bpf_map_new_fd(map, f_flags);
	if (fd < 0)
		bpf_map_put_with_uref(map);
	return fd;
}

#define BPF_BTF_LOAD_LAST_FIELD btf_log_level
#define BPF_BTF_GET_FD_BY_ID_LAST_FIELD btf_id

static int bpf_btf_load(const union bpf_attr *attr, union bpf_attr __user *uattr)
{
	if (CHECK_ATTR(BPF_BTF_LOAD))
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	return btf_new_fd(attr, uattr);
}

static int bpf_btf_get_fd_by_id(const union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_BTF_GET_FD_BY_ID))
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	sysbpf_reap_files();
	return btf_get_fd_by_id(attr->btf_id);
}

#define BPF_ENABLE_STATS_LAST_FIELD enable_stats.type

static int bpf_stats_release(struct inode *inode, struct file *filp)
{
	__atomic_sub_fetch(&sysctl_bpf_stats_enabled, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static const struct file_operations bpf_stats_fops = {
	.release = bpf_stats_release,
	.name = "bpf-stats",
};

/* Stats are on while any fd from ENABLE_STATS is open, as in 6.1. */
static int bpf_enable_stats(union bpf_attr *attr)
{
	int fd;

	if (CHECK_ATTR(BPF_ENABLE_STATS))
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	if (attr->enable_stats.type != BPF_STATS_RUN_TIME)
		return -EINVAL;
	fd = anon_inode_getfd("bpf-stats", &bpf_stats_fops, NULL, O_CLOEXEC);
	if (fd >= 0)
		__atomic_add_fetch(&sysctl_bpf_stats_enabled, 1, __ATOMIC_SEQ_CST);
	return fd;
}

/* ---- links ---- */

void bpf_link_init(struct bpf_link *link, enum bpf_link_type type,
		   const struct bpf_link_ops *ops, struct bpf_prog *prog)
{
	atomic64_set(&link->refcnt, 1);
	link->type = type;
	link->id = 0;
	link->ops = ops;
	link->prog = prog;
}

/* The id is reserved here and shown at settle, once the link is attached. */
int bpf_link_prime(struct bpf_link *link, struct bpf_link_primer *primer)
{
	int id;

	spin_lock(&link_idr_lock);
	id = idr_alloc_cyclic(&link_idr, link, 1, INT_MAX);
	spin_unlock(&link_idr_lock);
	if (id < 0)
		return id;
	primer->link = link;
	primer->id = id;
	primer->fd = -1;
	return 0;
}

/* An attached link whose fd cannot be made is detached and freed. */
int bpf_link_settle(struct bpf_link_primer *primer)
{
	struct bpf_link *link = primer->link;
	int fd = bpf_any_new_fd(link, BPF_TYPE_LINK, 0);

	if (fd < 0) {
		link->ops->release(link);
		bpf_link_cleanup(primer);
		return fd;
	}
	WRITE_ONCE(link->id, primer->id);
	return fd;
}

/* A link that never got attached: the caller keeps its program reference. */
void bpf_link_cleanup(struct bpf_link_primer *primer)
{
	struct bpf_link *link = primer->link;

	link->prog = NULL;
	spin_lock(&link_idr_lock);
	idr_remove(&link_idr, primer->id);
	spin_unlock(&link_idr_lock);
	link->ops->dealloc(link);
}

void bpf_link_inc(struct bpf_link *link)
{
	atomic64_inc(&link->refcnt);
}

static void bpf_link_free(struct bpf_link *link)
{
	if (link->id) {
		spin_lock(&link_idr_lock);
		idr_remove(&link_idr, link->id);
		spin_unlock(&link_idr_lock);
		link->id = 0;
	}
	if (link->prog) {
		link->ops->release(link);
		bpf_prog_put(link->prog);
	}
	link->ops->dealloc(link);
}

void bpf_link_put(struct bpf_link *link)
{
	if (atomic64_dec_and_test(&link->refcnt))
		bpf_link_free(link);
}

static int bpf_link_release(struct inode *inode, struct file *filp)
{
	bpf_link_put(filp->private_data);
	return 0;
}

const struct file_operations bpf_link_fops = {
	.release = bpf_link_release,
	.name = "bpf-link",
};

/* ---- bpffs glue: user references of any object kind ---- */

void bpf_any_get(void *raw, enum bpf_type type)
{
	switch (type) {
	case BPF_TYPE_PROG:
		bpf_prog_inc(raw);
		break;
	case BPF_TYPE_MAP:
		bpf_map_inc_with_uref(raw);
		break;
	case BPF_TYPE_LINK:
		bpf_link_inc(raw);
		break;
	default:
		WARN_ON_ONCE(1);
	}
}

void bpf_any_put(void *raw, enum bpf_type type)
{
	switch (type) {
	case BPF_TYPE_PROG:
		bpf_prog_put(raw);
		break;
	case BPF_TYPE_MAP:
		bpf_map_put_with_uref(raw);
		break;
	case BPF_TYPE_LINK:
		bpf_link_put(raw);
		break;
	default:
		WARN_ON_ONCE(1);
	}
}

int bpf_any_new_fd(void *raw, enum bpf_type type, int flags)
{
	switch (type) {
	case BPF_TYPE_PROG:
		return bpf_prog_new_fd(raw);
	case BPF_TYPE_MAP:
		return bpf_map_new_fd(raw, flags);
	case BPF_TYPE_LINK:
		return anon_inode_getfd("bpf-link", &bpf_link_fops, raw, flags | O_CLOEXEC);
	default:
		return -EINVAL;
	}
}

#define BPF_OBJ_LAST_FIELD file_flags

static int bpf_obj_pin(const union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_OBJ) || attr->file_flags != 0)
		return -EINVAL;
	return bpf_obj_pin_user(attr->bpf_fd, u64_to_user_ptr(attr->pathname));
}

static int bpf_obj_get(const union bpf_attr *attr)
{
	if (CHECK_ATTR(BPF_OBJ) || attr->bpf_fd != 0 ||
	    attr->file_flags & ~(BPF_F_RDONLY | BPF_F_WRONLY))
		return -EINVAL;
	return bpf_obj_get_user(u64_to_user_ptr(attr->pathname), attr->file_flags);
}

/* ---- the dispatcher ---- */

typedef int (*bpf_cmd_fn)(union bpf_attr *attr, union bpf_attr __user *uattr);

#define CMD0(fn) static int cmd_##fn(union bpf_attr *attr, union bpf_attr __user *uattr) \
	{ (void)uattr; return fn(attr); }
#define CMD1(fn) static int cmd_##fn(union bpf_attr *attr, union bpf_attr __user *uattr) \
	{ return fn(attr, uattr); }

CMD0(map_create)
CMD0(map_lookup_elem)
CMD0(map_update_elem)
CMD0(map_delete_elem)
CMD0(map_get_next_key)
CMD0(map_lookup_and_delete_elem)
CMD0(map_freeze)
CMD1(bpf_prog_load)
CMD1(bpf_prog_test_run)
CMD0(bpf_obj_pin)
CMD0(bpf_obj_get)
CMD1(bpf_obj_get_info_by_fd)
CMD1(bpf_btf_load)
CMD0(bpf_btf_get_fd_by_id)
CMD0(bpf_prog_get_fd_by_id)
CMD0(bpf_map_get_fd_by_id)
CMD0(bpf_enable_stats)
CMD0(bpf_prog_bind_map)
CMD0(bpf_raw_tracepoint_open)
CMD0(bpf_link_create_tracing)

static int cmd_prog_get_next_id(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_obj_get_next_id(attr, uattr, &prog_idr, &prog_idr_lock);
}

static int cmd_map_get_next_id(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_obj_get_next_id(attr, uattr, &map_idr, &map_idr_lock);
}

static int cmd_link_get_next_id(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_obj_get_next_id(attr, uattr, &link_idr, &link_idr_lock);
}

static int cmd_btf_get_next_id(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	if (CHECK_ATTR(BPF_OBJ_GET_NEXT_ID) || attr->start_id >= INT_MAX)
		return -EINVAL;
	if (!bpf_capable())
		return -EPERM;
	sysbpf_reap_files();
	return btf_get_next_id(attr, uattr);
}

#define BPF_MAP_BATCH_LAST_FIELD batch.flags

/*
 * The four batch commands: the fd's permissions as for one element, then
 * the map type's own batch op (map_batch.c has the generic ones); a type
 * without one says ENOTSUPP, as 6.1.
 */
static int bpf_map_do_batch(const union bpf_attr *attr, union bpf_attr __user *uattr, int cmd)
{
	bool has_read = cmd == BPF_MAP_LOOKUP_BATCH || cmd == BPF_MAP_LOOKUP_AND_DELETE_BATCH;
	bool has_write = cmd != BPF_MAP_LOOKUP_BATCH;
	int (*fn)(struct bpf_map *map, const union bpf_attr *attr,
		  union bpf_attr __user *uattr);
	struct bpf_map *map;
	struct fd f;
	int err;

	if (CHECK_ATTR(BPF_MAP_BATCH))
		return -EINVAL;
	f = fdget(attr->batch.map_fd);
	map = __bpf_map_get(f);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if (has_write)
		bpf_map_write_active_inc(map);
	if ((has_read && !(map_get_sys_perms(map, f) & FMODE_CAN_READ)) ||
	    (has_write && !(map_get_sys_perms(map, f) & FMODE_CAN_WRITE))) {
		err = -EPERM;
		goto out;
	}
	fn = cmd == BPF_MAP_LOOKUP_BATCH ? map->ops->map_lookup_batch :
	     cmd == BPF_MAP_LOOKUP_AND_DELETE_BATCH ? map->ops->map_lookup_and_delete_batch :
	     cmd == BPF_MAP_UPDATE_BATCH ? map->ops->map_update_batch :
	     map->ops->map_delete_batch;
	err = fn ? fn(map, attr, uattr) : -ENOTSUPP;
out:
	if (has_write)
		bpf_map_write_active_dec(map);
	fdput(f);
	return err;
}

static int cmd_map_lookup_batch(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_map_do_batch(attr, uattr, BPF_MAP_LOOKUP_BATCH);
}

static int cmd_map_lookup_and_delete_batch(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_map_do_batch(attr, uattr, BPF_MAP_LOOKUP_AND_DELETE_BATCH);
}

static int cmd_map_update_batch(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_map_do_batch(attr, uattr, BPF_MAP_UPDATE_BATCH);
}

static int cmd_map_delete_batch(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return bpf_map_do_batch(attr, uattr, BPF_MAP_DELETE_BATCH);
}

/*
 * Commands of 6.1 that need hooks sysbpf does not have yet (attach points,
 * iterators): they say so with the errno of a kernel built
 * without the feature.  Documentation/bpf/compat.md lists them.
 */
static int cmd_not_yet(union bpf_attr *attr, union bpf_attr __user *uattr)
{
	return -EOPNOTSUPP;
}

static const bpf_cmd_fn bpf_cmds[] = {
	[BPF_MAP_CREATE]		= cmd_map_create,
	[BPF_MAP_LOOKUP_ELEM]		= cmd_map_lookup_elem,
	[BPF_MAP_UPDATE_ELEM]		= cmd_map_update_elem,
	[BPF_MAP_DELETE_ELEM]		= cmd_map_delete_elem,
	[BPF_MAP_GET_NEXT_KEY]		= cmd_map_get_next_key,
	[BPF_PROG_LOAD]			= cmd_bpf_prog_load,
	[BPF_OBJ_PIN]			= cmd_bpf_obj_pin,
	[BPF_OBJ_GET]			= cmd_bpf_obj_get,
	[BPF_PROG_ATTACH]		= cmd_not_yet,
	[BPF_PROG_DETACH]		= cmd_not_yet,
	[BPF_PROG_TEST_RUN]		= cmd_bpf_prog_test_run,
	[BPF_PROG_GET_NEXT_ID]		= cmd_prog_get_next_id,
	[BPF_MAP_GET_NEXT_ID]		= cmd_map_get_next_id,
	[BPF_PROG_GET_FD_BY_ID]		= cmd_bpf_prog_get_fd_by_id,
	[BPF_MAP_GET_FD_BY_ID]		= cmd_bpf_map_get_fd_by_id,
	[BPF_OBJ_GET_INFO_BY_FD]	= cmd_bpf_obj_get_info_by_fd,
	[BPF_PROG_QUERY]		= cmd_not_yet,
	[BPF_RAW_TRACEPOINT_OPEN]	= cmd_bpf_raw_tracepoint_open,
	[BPF_BTF_LOAD]			= cmd_bpf_btf_load,
	[BPF_BTF_GET_FD_BY_ID]		= cmd_bpf_btf_get_fd_by_id,
	[BPF_TASK_FD_QUERY]		= cmd_not_yet,
	[BPF_MAP_LOOKUP_AND_DELETE_ELEM] = cmd_map_lookup_and_delete_elem,
	[BPF_MAP_FREEZE]		= cmd_map_freeze,
	[BPF_BTF_GET_NEXT_ID]		= cmd_btf_get_next_id,
	[BPF_MAP_LOOKUP_BATCH]		= cmd_map_lookup_batch,
	[BPF_MAP_LOOKUP_AND_DELETE_BATCH] = cmd_map_lookup_and_delete_batch,
	[BPF_MAP_UPDATE_BATCH]		= cmd_map_update_batch,
	[BPF_MAP_DELETE_BATCH]		= cmd_map_delete_batch,
	[BPF_LINK_CREATE]		= cmd_bpf_link_create_tracing,
	[BPF_LINK_UPDATE]		= cmd_not_yet,
	[BPF_LINK_GET_FD_BY_ID]		= cmd_not_yet,
	[BPF_LINK_GET_NEXT_ID]		= cmd_link_get_next_id,
	[BPF_ENABLE_STATS]		= cmd_bpf_enable_stats,
	[BPF_ITER_CREATE]		= cmd_not_yet,
	[BPF_LINK_DETACH]		= cmd_not_yet,
	[BPF_PROG_BIND_MAP]		= cmd_bpf_prog_bind_map,
};

int __sys_bpf(int cmd, union bpf_attr __user *uattr, unsigned int size)
{
	union bpf_attr attr;
	int err;

	if (!bpf_capable() && sysctl_unprivileged_bpf_disabled)
		return -EPERM;
	err = bpf_check_uarg_tail_zero(uattr, sizeof(attr), size);
	if (err)
		return err;
	size = min_t(u32, size, sizeof(attr));
	memset(&attr, 0, sizeof(attr));
	/* every command: the cheap copy (include/linux/kernel.h) */
	if (size && __copy_from_user(&attr, uattr, size) != 0)
		return -EFAULT;
	if (cmd < 0 || (size_t)cmd >= ARRAY_SIZE(bpf_cmds) || !bpf_cmds[cmd])
		return -EINVAL;
	/*
	 * The command runs on the caller's CPU, as in the kernel (the LRU
	 * maps' local lists, per-CPU values); inside a program's run (a
	 * syscall program's bpf_sys_bpf()) the run keeps its own.
	 */
	if (!bpf_current_run)
		sysbpf_enter_cpu();
	return bpf_cmds[cmd](&attr, uattr);
}
