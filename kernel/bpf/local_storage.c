// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroup storage: BPF_MAP_TYPE_CGROUP_STORAGE and
 * BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, with the behaviour and errno of
 * Linux 6.1 (see include/linux/bpf-cgroup.h for the model).
 *
 * The map holds no values of its own: its elements are the storages of
 * the attachments of the programs that use it, which the attach code
 * links in and out.  User space can read and overwrite them but neither
 * add nor delete one (-ENOENT for a key nobody is attached with, -EINVAL
 * for delete), and max_entries must be 0.
 *
 * A shared storage's value lives in a buffer that a syscall update
 * replaces whole, under RCU, as 6.1 does: a program that already holds
 * the old value keeps a valid (if stale) one.  An update with BPF_F_LOCK
 * writes in place under the value's bpf_spin_lock instead.
 *
 * Attachments are few: the storages of a map are kept on one list, in
 * the order 6.1's get_next_key walks them (newest first), and looked up
 * by walking it.
 */
#include <linux/bpf-cgroup.h>
#include <linux/btf.h>
#include <linux/filter.h>

#define LOCAL_STORAGE_CREATE_FLAG_MASK	(BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK)

/*
 * 6.1's BPF_LOCAL_STORAGE_MAX_VALUE_SIZE on x86-64: U16_MAX less the
 * 128 bytes of struct bpf_local_storage_elem; per-CPU values are also
 * bound by the smallest per-CPU unit (PCPU_MIN_UNIT_SIZE).
 */
#define CGROUP_STORAGE_MAX_VALUE_SIZE	(U16_MAX - 128)
#define PCPU_MIN_UNIT_SIZE_61		(32U << 10)

struct bpf_cgroup_storage_map {
	struct bpf_map map;
	spinlock_t lock;		/* list */
	struct cds_list_head list;
};

static struct bpf_cgroup_storage_map *map_to_storage(const struct bpf_map *map)
{
	return container_of(map, struct bpf_cgroup_storage_map, map);
}

/* A 16-byte key names the attach type too; an 8-byte one only the cgroup. */
static bool attach_type_isolated(const struct bpf_map *map)
{
	return map->key_size == sizeof(struct bpf_cgroup_storage_key);
}

/* Keys come from user memory or program stacks at any alignment. */
static void storage_key_read(const struct bpf_map *map, const void *key,
			     struct bpf_cgroup_storage_key *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(&out->cgroup_inode_id, key, sizeof(out->cgroup_inode_id));
	if (attach_type_isolated(map))
		memcpy(&out->attach_type,
		       (const char *)key + offsetof(struct bpf_cgroup_storage_key,
						    attach_type),
		       sizeof(out->attach_type));
}

static bool storage_key_equal(const struct bpf_map *map,
			      const struct bpf_cgroup_storage_key *a,
			      const struct bpf_cgroup_storage_key *b)
{
	if (a->cgroup_inode_id != b->cgroup_inode_id)
		return false;
	return !attach_type_isolated(map) || a->attach_type == b->attach_type;
}

struct bpf_cgroup_storage *cgroup_storage_lookup(struct bpf_cgroup_storage_map *map,
						 void *key, bool locked)
{
	struct bpf_cgroup_storage *storage, *found = NULL;
	struct bpf_cgroup_storage_key k;

	storage_key_read(&map->map, key, &k);
	if (!locked)
		spin_lock_bh(&map->lock);
	cds_list_for_each_entry(storage, &map->list, list_map) {
		if (storage_key_equal(&map->map, &k, &storage->key)) {
			found = storage;
			break;
		}
	}
	if (!locked)
		spin_unlock_bh(&map->lock);
	return found;
}

/* ---- map operations ---- */

static struct bpf_map *cgroup_storage_map_alloc(union bpf_attr *attr)
{
	u32 max_value_size = CGROUP_STORAGE_MAX_VALUE_SIZE;
	struct bpf_cgroup_storage_map *map;
	int numa_node = (attr->map_flags & BPF_F_NUMA_NODE) ?
			(int)attr->numa_node : NUMA_NO_NODE;

	if (attr->map_type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE)
		max_value_size = min_t(u32, max_value_size, PCPU_MIN_UNIT_SIZE_61);

	if (attr->key_size != sizeof(struct bpf_cgroup_storage_key) &&
	    attr->key_size != sizeof(__u64))
		return ERR_PTR(-EINVAL);
	if (attr->value_size == 0)
		return ERR_PTR(-EINVAL);
	if (attr->value_size > max_value_size)
		return ERR_PTR(-E2BIG);
	if (attr->map_flags & ~LOCAL_STORAGE_CREATE_FLAG_MASK ||
	    (attr->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) ==
	    (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return ERR_PTR(-EINVAL);
	/* the elements are the attachments: there is nothing to size */
	if (attr->max_entries)
		return ERR_PTR(-EINVAL);

	map = bpf_map_area_alloc(sizeof(*map), numa_node);
	if (!map)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&map->map, attr);
	map->map.spin_lock_off = -EINVAL;
	map->map.timer_off = -EINVAL;
	spin_lock_init(&map->lock);
	CDS_INIT_LIST_HEAD(&map->list);
	/* 6.1's memlock figure: max_entries (0) elements */
	map->map.memory_usage = 0;
	return &map->map;
}

static void cgroup_storage_map_free(struct bpf_map *_map)
{
	struct bpf_cgroup_storage_map *map = map_to_storage(_map);
	struct bpf_cgroup_storage *storage, *tmp;

	/*
	 * Attachments still linked (the attach code dropped the program
	 * without unlinking) lose their storage with the map, as in 6.1.
	 */
	cds_list_for_each_entry_safe(storage, tmp, &map->list, list_map) {
		bpf_cgroup_storage_unlink(storage);
		bpf_cgroup_storage_free(storage);
	}
	bpf_map_area_free(map);
}

static void *cgroup_storage_lookup_elem(struct bpf_map *_map, void *key)
{
	struct bpf_cgroup_storage *storage;

	storage = cgroup_storage_lookup(map_to_storage(_map), key, false);
	if (!storage)
		return NULL;
	return &rcu_dereference(storage->buf)->data[0];
}

static void storage_buffer_free_rcu(struct rcu_head *rcu)
{
	rcu_callback_enter();
	kfree(container_of(rcu, struct bpf_storage_buffer, rcu));
}

static int cgroup_storage_update_elem(struct bpf_map *map, void *key,
				      void *value, u64 flags)
{
	struct bpf_cgroup_storage *storage;
	struct bpf_storage_buffer *new;

	if (unlikely(flags & ~(BPF_F_LOCK | BPF_EXIST)))
		return -EINVAL;
	if (unlikely((flags & BPF_F_LOCK) && !map_value_has_spin_lock(map)))
		return -EINVAL;

	storage = cgroup_storage_lookup(map_to_storage(map), key, false);
	if (!storage)
		return -ENOENT;

	if (flags & BPF_F_LOCK) {
		copy_map_value_locked(map, storage->buf->data, value, false);
		return 0;
	}

	new = kzalloc(sizeof(*new) + map->value_size, GFP_NOWAIT | __GFP_NOWARN);
	if (!new)
		return -ENOMEM;
	memcpy(new->data, value, map->value_size);
	/* a fresh value's lock and timer start out zero, whatever user space sent */
	zero_map_value_special(map, new->data);
	new = __atomic_exchange_n(&storage->buf, new, __ATOMIC_ACQ_REL);
	call_rcu(&new->rcu, storage_buffer_free_rcu);
	return 0;
}

int bpf_percpu_cgroup_storage_copy(struct bpf_map *_map, void *key, void *value)
{
	struct bpf_cgroup_storage *storage;
	u32 size = round_up(_map->value_size, 8);
	unsigned int cpu;
	u64 off = 0;

	rcu_read_lock();
	storage = cgroup_storage_lookup(map_to_storage(_map), key, false);
	if (!storage) {
		rcu_read_unlock();
		return -ENOENT;
	}
	/*
	 * Whole rounded slots: per-CPU memory starts zeroed and programs
	 * write value_size bytes of it, so the padding shows nothing.
	 */
	for_each_possible_cpu(cpu) {
		memcpy((char *)value + off, per_cpu_ptr(storage->percpu_buf, cpu), size);
		off += size;
	}
	rcu_read_unlock();
	return 0;
}

int bpf_percpu_cgroup_storage_update(struct bpf_map *_map, void *key,
				     void *value, u64 map_flags)
{
	struct bpf_cgroup_storage *storage;
	u32 size = round_up(_map->value_size, 8);
	unsigned int cpu;
	u64 off = 0;

	if (map_flags != BPF_ANY && map_flags != BPF_EXIST)
		return -EINVAL;

	rcu_read_lock();
	storage = cgroup_storage_lookup(map_to_storage(_map), key, false);
	if (!storage) {
		rcu_read_unlock();
		return -ENOENT;
	}
	for_each_possible_cpu(cpu) {
		memcpy(per_cpu_ptr(storage->percpu_buf, cpu), (char *)value + off, size);
		off += size;
	}
	rcu_read_unlock();
	return 0;
}

static int percpu_cgroup_storage_copy_value(struct bpf_map *map, void *key,
					    void *value, u64 flags)
{
	return bpf_percpu_cgroup_storage_copy(map, key, value);
}

static int percpu_cgroup_storage_update_value(struct bpf_map *map, void *key,
					      void *value, u64 flags)
{
	return bpf_percpu_cgroup_storage_update(map, key, value, flags);
}

static int cgroup_storage_get_next_key(struct bpf_map *_map, void *key,
				       void *_next_key)
{
	struct bpf_cgroup_storage_map *map = map_to_storage(_map);
	struct bpf_cgroup_storage *storage;
	struct bpf_cgroup_storage_key next;

	spin_lock_bh(&map->lock);
	if (cds_list_empty(&map->list))
		goto enoent;
	if (key) {
		storage = cgroup_storage_lookup(map, key, true);
		if (!storage || storage->list_map.next == &map->list)
			goto enoent;
		storage = cds_list_entry(storage->list_map.next,
					 struct bpf_cgroup_storage, list_map);
	} else {
		storage = cds_list_entry(map->list.next, struct bpf_cgroup_storage,
					 list_map);
	}
	next = storage->key;
	spin_unlock_bh(&map->lock);

	if (attach_type_isolated(_map))
		memcpy(_next_key, &next, sizeof(next));
	else
		memcpy(_next_key, &next.cgroup_inode_id, sizeof(next.cgroup_inode_id));
	return 0;

enoent:
	spin_unlock_bh(&map->lock);
	return -ENOENT;
}

static int cgroup_storage_delete_elem(struct bpf_map *map, void *key)
{
	return -EINVAL;
}

/* A plain integer member of size bytes at byte offset off (6.1's btf_member_is_reg_int). */
static bool storage_btf_member_is_int(const struct btf *btf,
				      const struct btf_type *s,
				      const struct btf_member *m, u32 off, u32 size)
{
	const struct btf_type *t;
	u32 id = m->type, int_data, nr_bits;

	t = btf_type_id_size(btf, &id, NULL);
	if (!t || !btf_type_is_int(t))
		return false;
	int_data = *(const u32 *)(t + 1);
	nr_bits = BTF_INT_BITS(int_data);
	if (btf_type_kflag(s)) {
		u32 bit_off = BTF_MEMBER_BIT_OFFSET(m->offset);

		return !BTF_MEMBER_BITFIELD_SIZE(m->offset) &&
		       DIV_ROUND_UP(bit_off, 8) == off &&
		       DIV_ROUND_UP(nr_bits, 8) == size;
	}
	return !BTF_INT_OFFSET(int_data) && !(m->offset % 8) &&
	       m->offset / 8 == off && !(nr_bits % 8) && nr_bits / 8 == size;
}

/*
 * The key's BTF must say what the key is: struct bpf_cgroup_storage_key
 * (two integers, u64 at 0 and u32 at 8), or a bare 64-bit integer.
 */
static int cgroup_storage_check_btf(const struct bpf_map *map,
				    const struct btf *btf,
				    const struct btf_type *key_type,
				    const struct btf_type *value_type)
{
	const struct btf_member *m;
	u32 int_data;

	if (attach_type_isolated(map)) {
		if (BTF_INFO_KIND(key_type->info) != BTF_KIND_STRUCT ||
		    BTF_INFO_VLEN(key_type->info) != 2)
			return -EINVAL;
		m = btf_type_member(key_type);
		if (!storage_btf_member_is_int(btf, key_type, m,
				offsetof(struct bpf_cgroup_storage_key, cgroup_inode_id),
				sizeof_field(struct bpf_cgroup_storage_key, cgroup_inode_id)))
			return -EINVAL;
		if (!storage_btf_member_is_int(btf, key_type, m + 1,
				offsetof(struct bpf_cgroup_storage_key, attach_type),
				sizeof_field(struct bpf_cgroup_storage_key, attach_type)))
			return -EINVAL;
		return 0;
	}
	if (BTF_INFO_KIND(key_type->info) != BTF_KIND_INT)
		return -EINVAL;
	int_data = *(const u32 *)(key_type + 1);
	if (BTF_INT_BITS(int_data) != 64 || BTF_INT_OFFSET(int_data))
		return -EINVAL;
	return 0;
}

const struct bpf_map_ops cgroup_storage_map_ops = {
	.map_alloc		= cgroup_storage_map_alloc,
	.map_free		= cgroup_storage_map_free,
	.map_get_next_key	= cgroup_storage_get_next_key,
	.map_lookup_elem	= cgroup_storage_lookup_elem,
	.map_update_elem	= cgroup_storage_update_elem,
	.map_delete_elem	= cgroup_storage_delete_elem,
	.map_check_btf		= cgroup_storage_check_btf,
};

/*
 * 6.1 uses the same ops table for both types and tells them apart in
 * syscall.c; here the per-CPU one brings its copy routines along.
 */
const struct bpf_map_ops percpu_cgroup_storage_map_ops = {
	.map_alloc		= cgroup_storage_map_alloc,
	.map_free		= cgroup_storage_map_free,
	.map_get_next_key	= cgroup_storage_get_next_key,
	.map_lookup_elem	= cgroup_storage_lookup_elem,
	.map_update_elem	= cgroup_storage_update_elem,
	.map_delete_elem	= cgroup_storage_delete_elem,
	.map_check_btf		= cgroup_storage_check_btf,
	.map_copy_value		= percpu_cgroup_storage_copy_value,
	.map_update_value	= percpu_cgroup_storage_update_value,
};

/* ---- storages ---- */

int bpf_cgroup_storage_assign(struct bpf_prog_aux *aux, struct bpf_map *map)
{
	enum bpf_cgroup_storage_type stype = cgroup_storage_type(map);

	if (aux->cgroup_storage[stype] && aux->cgroup_storage[stype] != map)
		return -EBUSY;
	aux->cgroup_storage[stype] = map;
	return 0;
}

struct bpf_cgroup_storage *bpf_cgroup_storage_alloc(struct bpf_prog *prog,
						    enum bpf_cgroup_storage_type stype)
{
	struct bpf_cgroup_storage *storage;
	struct bpf_map *map;

	map = prog->aux->cgroup_storage[stype];
	if (!map)
		return NULL;

	storage = kzalloc(sizeof(*storage), GFP_USER);
	if (!storage)
		return ERR_PTR(-ENOMEM);
	if (stype == BPF_CGROUP_STORAGE_SHARED) {
		storage->buf = kzalloc(sizeof(struct bpf_storage_buffer) +
				       map->value_size, GFP_USER);
		if (!storage->buf)
			goto enomem;
	} else {
		storage->percpu_buf = __alloc_percpu_gfp(map->value_size, 8,
							 GFP_USER | __GFP_ZERO);
		if (!storage->percpu_buf)
			goto enomem;
	}
	storage->map = map_to_storage(map);
	CDS_INIT_LIST_HEAD(&storage->list_map);
	return storage;

enomem:
	kfree(storage);
	return ERR_PTR(-ENOMEM);
}

static void free_shared_cgroup_storage_rcu(struct rcu_head *rcu)
{
	struct bpf_cgroup_storage *storage =
		container_of(rcu, struct bpf_cgroup_storage, rcu);

	rcu_callback_enter();
	kfree(storage->buf);
	kfree(storage);
}

static void free_percpu_cgroup_storage_rcu(struct rcu_head *rcu)
{
	struct bpf_cgroup_storage *storage =
		container_of(rcu, struct bpf_cgroup_storage, rcu);

	rcu_callback_enter();
	free_percpu(storage->percpu_buf);
	kfree(storage);
}

void bpf_cgroup_storage_free(struct bpf_cgroup_storage *storage)
{
	if (!storage)
		return;
	if (cgroup_storage_type(&storage->map->map) == BPF_CGROUP_STORAGE_SHARED)
		call_rcu(&storage->rcu, free_shared_cgroup_storage_rcu);
	else
		call_rcu(&storage->rcu, free_percpu_cgroup_storage_rcu);
}

void bpf_cgroup_storage_link(struct bpf_cgroup_storage *storage, u64 cgroup_id,
			     enum bpf_attach_type type)
{
	struct bpf_cgroup_storage_map *map;

	if (!storage)
		return;
	map = storage->map;
	memset(&storage->key, 0, sizeof(storage->key));
	storage->key.cgroup_inode_id = cgroup_id;
	storage->key.attach_type = type;

	spin_lock_bh(&map->lock);
	/* one storage per key: the attach code looks before it allocates */
	WARN_ON(cgroup_storage_lookup(map, &storage->key, true));
	cds_list_add(&storage->list_map, &map->list);
	storage->linked = true;
	spin_unlock_bh(&map->lock);
}

void bpf_cgroup_storage_unlink(struct bpf_cgroup_storage *storage)
{
	struct bpf_cgroup_storage_map *map;

	if (!storage)
		return;
	map = storage->map;
	spin_lock_bh(&map->lock);
	if (storage->linked) {
		cds_list_del(&storage->list_map);
		storage->linked = false;
	}
	spin_unlock_bh(&map->lock);
}

void bpf_cgroup_storages_free(struct bpf_cgroup_storage *storages[])
{
	enum bpf_cgroup_storage_type stype;

	for_each_cgroup_storage_type(stype)
		bpf_cgroup_storage_free(storages[stype]);
}

int bpf_cgroup_storages_alloc(struct bpf_cgroup_storage *storages[],
			      struct bpf_cgroup_storage *new_storages[],
			      enum bpf_attach_type type, struct bpf_prog *prog,
			      u64 cgroup_id)
{
	enum bpf_cgroup_storage_type stype;
	struct bpf_cgroup_storage_key key = {
		.cgroup_inode_id = cgroup_id,
		.attach_type = type,
	};
	struct bpf_map *map;

	for_each_cgroup_storage_type(stype) {
		map = prog->aux->cgroup_storage[stype];
		if (!map)
			continue;
		/* programs on the same cgroup and hook share the storage */
		storages[stype] = cgroup_storage_lookup(map_to_storage(map), &key, false);
		if (storages[stype])
			continue;
		storages[stype] = bpf_cgroup_storage_alloc(prog, stype);
		if (IS_ERR(storages[stype])) {
			storages[stype] = NULL;
			bpf_cgroup_storages_free(new_storages);
			return -ENOMEM;
		}
		new_storages[stype] = storages[stype];
	}
	return 0;
}

void bpf_cgroup_storages_link(struct bpf_cgroup_storage *storages[],
			      u64 cgroup_id, enum bpf_attach_type type)
{
	enum bpf_cgroup_storage_type stype;

	for_each_cgroup_storage_type(stype)
		bpf_cgroup_storage_link(storages[stype], cgroup_id, type);
}

void bpf_cgroup_storages_unlink(struct bpf_cgroup_storage *storages[])
{
	enum bpf_cgroup_storage_type stype;

	for_each_cgroup_storage_type(stype)
		bpf_cgroup_storage_unlink(storages[stype]);
}

int bpf_test_run_storages_alloc(struct bpf_prog *prog,
				struct bpf_cgroup_storage *storages[MAX_BPF_CGROUP_STORAGE_TYPE])
{
	enum bpf_cgroup_storage_type stype;

	for_each_cgroup_storage_type(stype) {
		storages[stype] = bpf_cgroup_storage_alloc(prog, stype);
		if (IS_ERR(storages[stype])) {
			storages[stype] = NULL;
			bpf_cgroup_storages_free(storages);
			for_each_cgroup_storage_type(stype)
				storages[stype] = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* ---- the run context and the helper ---- */

static __thread struct bpf_cgroup_storage **bpf_cgroup_storage_cur;

struct bpf_cgroup_storage **
bpf_cgroup_storage_set(struct bpf_cgroup_storage *storages[MAX_BPF_CGROUP_STORAGE_TYPE])
{
	struct bpf_cgroup_storage **old = bpf_cgroup_storage_cur;

	bpf_cgroup_storage_cur = storages;
	return old;
}

void bpf_cgroup_storage_restore(struct bpf_cgroup_storage **old)
{
	bpf_cgroup_storage_cur = old;
}

/*
 * The value of the current attachment's storage.  The verifier made sure
 * flags is 0 and map is the program's storage map of its type.  A run
 * whose runner set no storage (or one of another map, which 6.1's
 * tail-call compatibility check rules out) gets NULL: the program's
 * access to it then stops the run rather than touching a wrong value.
 */
BPF_CALL_2(bpf_get_local_storage, struct bpf_map *, map, u64, flags)
{
	enum bpf_cgroup_storage_type stype = cgroup_storage_type(map);
	struct bpf_cgroup_storage **cur = bpf_cgroup_storage_cur;
	struct bpf_cgroup_storage *storage = cur ? cur[stype] : NULL;

	if (unlikely(!storage || &storage->map->map != map))
		return 0;
	if (stype == BPF_CGROUP_STORAGE_SHARED)
		return (unsigned long)&rcu_dereference(storage->buf)->data[0];
	return (unsigned long)this_cpu_ptr(storage->percpu_buf);
}

const struct bpf_func_proto bpf_get_local_storage_proto = {
	.func		= bpf_get_local_storage,
	.gpl_only	= false,
	.ret_type	= RET_PTR_TO_MAP_VALUE,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_ANYTHING,
};
