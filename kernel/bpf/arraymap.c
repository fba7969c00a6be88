// SPDX-License-Identifier: GPL-2.0
/*
 * The array family of maps: BPF_MAP_TYPE_ARRAY, PERCPU_ARRAY, PROG_ARRAY
 * and ARRAY_OF_MAPS, with the behaviour and errno of Linux 6.1.
 *
 * All elements exist from creation on and are zero: update cannot add
 * one (BPF_NOEXIST is -EEXIST) and delete cannot remove one (-EINVAL),
 * but for the prog array and the array of maps, whose slots hold
 * programs or maps, or nothing.
 *
 * Layout of struct bpf_array (include/linux/bpf.h): value_base points at
 * max_entries values of elem_size = round_up(value_size, 8) bytes.  They
 * follow the structure in the same allocation, or, for BPF_F_MMAPABLE,
 * live in a shared mapping of a memfd that user space may map a second
 * time through the map fd (ops->map_mmap_fd).  A per-CPU array keeps one
 * per-CPU value per slot in pptrs[], a prog array one struct bpf_prog *
 * per slot in ptrs[] (its value area), read under RCU by tail calls, an
 * array of maps one struct bpf_map * per slot there (map_in_map.c).
 *
 * The kernel rounds the allocation of arrays made without CAP_PERFMON up
 * to a power of two so that speculation past the bounds check stays in
 * the array.  We keep the index mask (and the -E2BIG that the rounding
 * can cause) but allocate only max_entries: every access here checks the
 * index against max_entries before it masks it.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <sys/mman.h>
#include <unistd.h>
#include "map_in_map.h"

#ifndef PCPU_MIN_UNIT_SIZE
#define PCPU_MIN_UNIT_SIZE	(32 << 10)
#endif

#define ARRAY_CREATE_FLAG_MASK \
	(BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_ACCESS_MASK | \
	 BPF_F_PRESERVE_ELEMS | BPF_F_INNER_MAP)

static inline struct bpf_array *to_array(const struct bpf_map *map)
{
	return container_of(map, struct bpf_array, map);
}

/* Keys come from program stacks at any alignment. */
static inline u32 array_key_index(const void *key)
{
	u32 index;

	memcpy(&index, key, sizeof(index));
	return index;
}

/* What 6.1 shows as "memlock" in fdinfo: max_entries * (key + user value), page-rounded. */
static u64 array_map_footprint(const struct bpf_map *map)
{
	u64 value_size = map->value_size;

	if (map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY)
		value_size = (u64)round_up(map->value_size, 8) * num_possible_cpus();
	return round_up((u64)map->max_entries * round_up(map->key_size + value_size, 8),
			(u64)PAGE_SIZE);
}

/* Called from syscall */
static int array_map_alloc_check(union bpf_attr *attr)
{
	bool percpu = attr->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;
	int numa_node = bpf_map_attr_numa_node(attr);

	if (attr->max_entries == 0 || attr->key_size != 4 ||
	    attr->value_size == 0 ||
	    attr->map_flags & ~ARRAY_CREATE_FLAG_MASK ||
	    !bpf_map_flags_access_ok(attr->map_flags) ||
	    (percpu && numa_node != NUMA_NO_NODE))
		return -EINVAL;
	/* only plain arrays can be mapped or serve as inner map templates */
	if (attr->map_type != BPF_MAP_TYPE_ARRAY &&
	    attr->map_flags & (BPF_F_MMAPABLE | BPF_F_INNER_MAP))
		return -EINVAL;
	/* 6.1 keeps elements across the last close only for perf event arrays */
	if (attr->map_type != BPF_MAP_TYPE_PERF_EVENT_ARRAY &&
	    attr->map_flags & BPF_F_PRESERVE_ELEMS)
		return -EINVAL;
	/* so that round_up(value_size, 8) cannot overflow */
	if (attr->value_size > INT_MAX)
		return -E2BIG;
	if (percpu && round_up(attr->value_size, 8) > PCPU_MIN_UNIT_SIZE)
		return -E2BIG;
	return 0;
}

static void bpf_array_free_percpu(struct bpf_array *array)
{
	u32 i;

	for (i = 0; i < array->map.max_entries; i++) {
		free_percpu(array->pptrs[i]);
		array->pptrs[i] = NULL;
	}
}

static int bpf_array_alloc_percpu(struct bpf_array *array)
{
	u32 i;

	for (i = 0; i < array->map.max_entries; i++) {
		array->pptrs[i] = __alloc_percpu_gfp(array->elem_size, 8,
						     GFP_USER | __GFP_NOWARN);
		if (!array->pptrs[i]) {
			bpf_array_free_percpu(array);
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * The values of a BPF_F_MMAPABLE array: a memfd, so that the shim can
 * give user space a second MAP_SHARED view of the very same pages.
 */
static int array_map_mmapable_alloc(struct bpf_array *array, u64 size)
{
	void *base;
	int fd;

	fd = memfd_create("bpf-array", MFD_CLOEXEC);
	if (fd < 0)
		return -ENOMEM;
	if (ftruncate(fd, (off_t)size) < 0) {
		close(fd);
		return -ENOMEM;
	}
	base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) {
		close(fd);
		return -ENOMEM;
	}
	array->mmap_fd = fd;
	array->mmap_size = size;
	array->value_base = base;
	return 0;
}

static void array_map_mmapable_free(struct bpf_array *array)
{
	if (array->mmap_fd < 0)
		return;
	munmap(array->value_base, array->mmap_size);
	close(array->mmap_fd);
	array->mmap_fd = -1;
}

static struct bpf_map *array_map_alloc(union bpf_attr *attr)
{
	bool percpu = attr->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;
	bool mmapable = attr->map_flags & BPF_F_MMAPABLE;
	int numa_node = bpf_map_attr_numa_node(attr);
	u32 elem_size, index_mask, max_entries = attr->max_entries;
	u64 hdr_size, area_size, mask64;
	struct bpf_array *array;
	int err;

	elem_size = round_up(attr->value_size, 8);
	/* in u64: a mask of 32 bits would overflow 1U << 32 */
	mask64 = max_entries > 1 ? 64 - __builtin_clzll((u64)max_entries - 1) : 0;
	mask64 = (1ULL << mask64) - 1;
	index_mask = mask64;
	if (!perfmon_capable() && (u32)(index_mask + 1) < max_entries)
		return ERR_PTR(-E2BIG);

	hdr_size = round_up(sizeof(*array), (size_t)SMP_CACHE_BYTES);
	if (percpu)
		area_size = (u64)max_entries * sizeof(void *);
	else if (mmapable)
		area_size = 0;
	else
		area_size = (u64)max_entries * elem_size;

	array = bpf_map_area_alloc(hdr_size + area_size, numa_node);
	if (!array)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&array->map, attr);
	/* no BTF yet: map_create finds the special fields after alloc */
	array->map.spin_lock_off = -EINVAL;
	array->map.timer_off = -EINVAL;
	array->index_mask = index_mask;
	/* a creator who may speculate past the end gets no index mask inlined */
	array->map.bypass_spec_v1 = perfmon_capable();
	array->elem_size = elem_size;
	array->mmap_fd = -1;
	array->value_base = (char *)array + hdr_size;
	if (percpu)
		array->pptrs = array->value_base;
	else if (attr->map_type == BPF_MAP_TYPE_PROG_ARRAY ||
		 attr->map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
		array->ptrs = array->value_base;

	if (mmapable) {
		err = array_map_mmapable_alloc(array,
					       PAGE_ALIGN((u64)max_entries * elem_size));
		if (err)
			goto free_array;
	}
	if (percpu) {
		err = bpf_array_alloc_percpu(array);
		if (err)
			goto free_array;
	}
	array->map.memory_usage = array_map_footprint(&array->map);
	return &array->map;

free_array:
	bpf_map_area_free(array);
	return ERR_PTR(err);
}

static inline void *array_map_elem_ptr(const struct bpf_array *array, u32 index)
{
	return (char *)array->value_base + (u64)array->elem_size * index;
}

/* Called from syscall or from eBPF program */
static void *array_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key);

	if (unlikely(index >= map->max_entries))
		return NULL;
	return array_map_elem_ptr(array, index & array->index_mask);
}

/* Called from eBPF program: this CPU's copy */
static void *percpu_array_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key);

	if (unlikely(index >= map->max_entries))
		return NULL;
	return this_cpu_ptr(array->pptrs[index & array->index_mask]);
}

static void *percpu_array_map_lookup_percpu_elem(struct bpf_map *map, void *key,
						 u32 cpu)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key);

	if (cpu >= nr_cpu_ids)
		return NULL;
	if (unlikely(index >= map->max_entries))
		return NULL;
	return per_cpu_ptr(array->pptrs[index & array->index_mask], cpu);
}

/*
 * Syscall lookup of a per-CPU array: the user buffer holds one
 * round_up(value_size, 8) slot per possible CPU.  Per-CPU memory starts
 * zeroed and programs write only value_size bytes of a slot, so copying
 * whole slots shows nothing that was not put there by user space.
 */
static int percpu_array_map_copy_value(struct bpf_map *map, void *key,
				       void *value, u64 flags)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key), size = array->elem_size;
	void __percpu *pptr;
	unsigned int cpu;
	u64 off = 0;

	if (unlikely(index >= map->max_entries))
		return -ENOENT;
	rcu_read_lock();
	pptr = array->pptrs[index & array->index_mask];
	for_each_possible_cpu(cpu) {
		memcpy((char *)value + off, per_cpu_ptr(pptr, cpu), size);
		off += size;
	}
	rcu_read_unlock();
	return 0;
}

/* Syscall update of a per-CPU array: every CPU's slot from the user buffer. */
static int percpu_array_map_update_value(struct bpf_map *map, void *key,
					 void *value, u64 map_flags)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key), size = array->elem_size;
	void __percpu *pptr;
	unsigned int cpu;
	u64 off = 0;

	if (unlikely(map_flags > BPF_EXIST))
		return -EINVAL;
	if (unlikely(index >= map->max_entries))
		return -E2BIG;
	if (unlikely(map_flags == BPF_NOEXIST))
		return -EEXIST;
	rcu_read_lock();
	pptr = array->pptrs[index & array->index_mask];
	for_each_possible_cpu(cpu) {
		memcpy(per_cpu_ptr(pptr, cpu), (char *)value + off, size);
		off += size;
	}
	rcu_read_unlock();
	return 0;
}

/* Called from syscall */
static int array_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	u32 index = key ? array_key_index(key) : U32_MAX;
	u32 next;

	/* no key, or one past the end, starts the walk over */
	if (index >= map->max_entries) {
		next = 0;
		memcpy(next_key, &next, sizeof(next));
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	next = index + 1;
	memcpy(next_key, &next, sizeof(next));
	return 0;
}

/* Called from syscall or from eBPF program */
static int array_map_update_elem(struct bpf_map *map, void *key, void *value,
				 u64 map_flags)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key);
	void *val;

	if (unlikely((map_flags & ~BPF_F_LOCK) > BPF_EXIST))
		return -EINVAL;
	/* all elements exist already: there is none to add */
	if (unlikely(index >= map->max_entries))
		return -E2BIG;
	if (unlikely(map_flags & BPF_NOEXIST))
		return -EEXIST;
	if (unlikely((map_flags & BPF_F_LOCK) && !map_value_has_spin_lock(map)))
		return -EINVAL;

	if (map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY) {
		val = this_cpu_ptr(array->pptrs[index & array->index_mask]);
		copy_map_value(map, val, value);
	} else {
		val = array_map_elem_ptr(array, index & array->index_mask);
		if (map_flags & BPF_F_LOCK)
			copy_map_value_locked(map, val, value, false);
		else
			copy_map_value(map, val, value);
	}
	return 0;
}

/* Called from syscall or from eBPF program */
static int array_map_delete_elem(struct bpf_map *map, void *key)
{
	return -EINVAL;
}

/* Called when the last reference is gone: no program or syscall uses the map. */
static void array_map_free(struct bpf_map *map)
{
	struct bpf_array *array = to_array(map);

	if (map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY)
		bpf_array_free_percpu(array);
	array_map_mmapable_free(array);
	bpf_map_area_free(array);
}

/* Global data (.data/.bss/.rodata): one value, addressed by LD_IMM64. */
static int array_map_direct_value_addr(const struct bpf_map *map, u64 *imm,
				       u32 off)
{
	struct bpf_array *array = to_array(map);

	if (map->max_entries != 1)
		return -ENOTSUPP;
	if (off >= map->value_size)
		return -EINVAL;
	*imm = (unsigned long)array->value_base;
	return 0;
}

static int array_map_direct_value_meta(const struct bpf_map *map, u64 imm,
				       u32 *off)
{
	struct bpf_array *array = to_array(map);
	u64 base = (unsigned long)array->value_base;
	u64 range = array->elem_size;

	if (map->max_entries != 1)
		return -ENOTSUPP;
	if (imm < base || imm >= base + range)
		return -ENOENT;
	*off = imm - base;
	return 0;
}

/* The memfd behind the values; the shim maps [base, base + mmap_size). */
static int array_map_mmap_fd(struct bpf_map *map, off_t *base)
{
	struct bpf_array *array = to_array(map);

	if (!(map->map_flags & BPF_F_MMAPABLE) || array->mmap_fd < 0)
		return -EINVAL;
	*base = 0;
	return array->mmap_fd;
}

static bool btf_type_is_void_key(const struct btf_type *t)
{
	return !t || BTF_INFO_KIND(t->info) == BTF_KIND_UNKN;
}

static int array_map_check_btf(const struct bpf_map *map,
			       const struct btf *btf,
			       const struct btf_type *key_type,
			       const struct btf_type *value_type)
{
	u32 int_data;

	/* keyless BTF is for global data only: one value, a DATASEC */
	if (btf_type_is_void_key(key_type)) {
		if (map->map_type != BPF_MAP_TYPE_ARRAY || map->max_entries != 1)
			return -EINVAL;
		if (!value_type || BTF_INFO_KIND(value_type->info) != BTF_KIND_DATASEC)
			return -EINVAL;
		return 0;
	}
	if (BTF_INFO_KIND(key_type->info) != BTF_KIND_INT)
		return -EINVAL;
	/* the key is a u32 index: a 32-bit int at bit offset 0 */
	memcpy(&int_data, key_type + 1, sizeof(int_data));
	if (BTF_INT_BITS(int_data) != 32 || BTF_INT_OFFSET(int_data))
		return -EINVAL;
	return 0;
}

static bool array_map_meta_equal(const struct bpf_map *meta0,
				 const struct bpf_map *meta1)
{
	if (!bpf_map_meta_equal(meta0, meta1))
		return false;
	/* BPF_F_INNER_MAP lets inner arrays of any size share a slot type */
	return meta0->map_flags & BPF_F_INNER_MAP ? true :
	       meta0->max_entries == meta1->max_entries;
}

/* bpf_for_each_map_elem(): callback(map, &key, value, ctx, 0) per element, in order. */
static int bpf_for_each_array_elem(struct bpf_map *map, bpf_callback_t callback_fn,
				   void *callback_ctx, u64 flags)
{
	struct bpf_array *array = to_array(map);
	bool is_percpu = map->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;
	u32 i, key;
	int num_elems = 0;
	void *val;

	if (flags != 0)
		return -EINVAL;
	for (i = 0; i < map->max_entries; i++) {
		if (is_percpu)
			val = this_cpu_ptr(array->pptrs[i]);
		else
			val = array_map_elem_ptr(array, i);
		num_elems++;
		key = i;
		/* 0: go on, 1: stop */
		if (callback_fn((u64)(unsigned long)map, (u64)(unsigned long)&key,
				(u64)(unsigned long)val,
				(u64)(unsigned long)callback_ctx, 0))
			break;
	}
	return num_elems;
}

const struct bpf_map_ops array_map_ops = {
	.map_lookup_batch = generic_map_lookup_batch,
	.map_update_batch = generic_map_update_batch,
	.map_meta_equal = array_map_meta_equal,
	.map_alloc_check = array_map_alloc_check,
	.map_alloc = array_map_alloc,
	.map_free = array_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = array_map_lookup_elem,
	.map_update_elem = array_map_update_elem,
	.map_delete_elem = array_map_delete_elem,
	.map_direct_value_addr = array_map_direct_value_addr,
	.map_direct_value_meta = array_map_direct_value_meta,
	.map_mmap_fd = array_map_mmap_fd,
	.map_check_btf = array_map_check_btf,
	.map_gen_lookup = array_map_gen_lookup,
	.map_for_each_callback = bpf_for_each_array_elem,
};

const struct bpf_map_ops percpu_array_map_ops = {
	.map_lookup_batch = generic_map_lookup_batch,
	.map_update_batch = generic_map_update_batch,
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = array_map_alloc_check,
	.map_alloc = array_map_alloc,
	.map_free = array_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = percpu_array_map_lookup_elem,
	.map_update_elem = array_map_update_elem,
	.map_delete_elem = array_map_delete_elem,
	.map_lookup_percpu_elem = percpu_array_map_lookup_percpu_elem,
	.map_check_btf = array_map_check_btf,
	.map_for_each_callback = bpf_for_each_array_elem,
	.map_copy_value = percpu_array_map_copy_value,
	.map_update_value = percpu_array_map_update_value,
};

/* ---- prog array: slots of programs for bpf_tail_call() ---- */

static int fd_array_map_alloc_check(union bpf_attr *attr)
{
	/* user space stores fds, 4 bytes */
	if (attr->value_size != sizeof(u32))
		return -EINVAL;
	/* program read-only/write-only is not for special maps (yet, in 6.1) */
	if (attr->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return -EINVAL;
	return array_map_alloc_check(attr);
}

/*
 * Programs can only tail-call through a prog array: the 6.1 verifier
 * refuses every other helper on it.  Without that verifier a program
 * that tries gets nothing rather than a pointer to a struct bpf_prog *.
 */
static void *fd_array_map_lookup_elem(struct bpf_map *map, void *key)
{
	return NULL;
}

static int fd_array_map_update_elem(struct bpf_map *map, void *key, void *value,
				    u64 map_flags)
{
	return -EINVAL;
}

/* Syscall lookup: the id of the program in the slot (6.1's bpf_fd_array_map_lookup_elem). */
static int fd_array_map_copy_value(struct bpf_map *map, void *key, void *value,
				   u64 flags)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key), id;
	void *ptr = NULL;

	if (!map->ops->map_fd_sys_lookup_elem)
		return -ENOTSUPP;
	rcu_read_lock();
	if (index < map->max_entries)
		ptr = READ_ONCE(array->ptrs[index & array->index_mask]);
	if (ptr) {
		id = map->ops->map_fd_sys_lookup_elem(ptr);
		memcpy(value, &id, sizeof(id));
	}
	rcu_read_unlock();
	return ptr ? 0 : -ENOENT;
}

/* Syscall update: value is an fd; the slot takes a reference on what it names. */
static int fd_array_map_update_value(struct bpf_map *map, void *key, void *value,
				     u64 map_flags)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key), ufd;
	void *new_ptr, *old_ptr;

	if (map_flags != BPF_ANY)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	memcpy(&ufd, value, sizeof(ufd));
	new_ptr = map->ops->map_fd_get_ptr(map, NULL, ufd);
	if (IS_ERR(new_ptr))
		return PTR_ERR(new_ptr);
	/* release: a tail call that sees the pointer sees the whole program */
	old_ptr = __atomic_exchange_n(&array->ptrs[index & array->index_mask],
				      new_ptr, __ATOMIC_ACQ_REL);
	if (old_ptr)
		map->ops->map_fd_put_ptr(map, old_ptr, true);
	return 0;
}

static int fd_array_map_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key);
	void *old_ptr;

	if (index >= map->max_entries)
		return -E2BIG;
	old_ptr = __atomic_exchange_n(&array->ptrs[index & array->index_mask],
				      NULL, __ATOMIC_ACQ_REL);
	if (!old_ptr)
		return -ENOENT;
	map->ops->map_fd_put_ptr(map, old_ptr, true);
	return 0;
}

static void *prog_fd_array_get_ptr(struct bpf_map *map, struct file *map_file,
				   int fd)
{
	struct bpf_prog *prog = bpf_prog_get(fd);

	if (IS_ERR(prog))
		return prog;
	/* extensions cannot be tail-called; the rest must match the owner */
	if (prog->type == BPF_PROG_TYPE_EXT || !bpf_prog_map_compatible(map, prog)) {
		bpf_prog_put(prog);
		return ERR_PTR(-EINVAL);
	}
	return prog;
}

/* bpf_prog_put() frees after a grace period: running tail calls finish first. */
static void prog_fd_array_put_ptr(struct bpf_map *map, void *ptr, bool need_defer)
{
	bpf_prog_put(ptr);
}

static u32 prog_fd_array_sys_lookup_elem(void *ptr)
{
	return ((struct bpf_prog *)ptr)->aux->id;
}

/*
 * Empties every slot.  Run when the last user reference goes: programs
 * in the array may hold the array itself (a program tail-calling its
 * own array), and only emptying it breaks that cycle of references.
 */
static void bpf_fd_array_map_clear(struct bpf_map *map)
{
	u32 i, key;

	for (i = 0; i < map->max_entries; i++) {
		memcpy(&key, &i, sizeof(key));
		fd_array_map_delete_elem(map, &key);
	}
}

static void prog_array_map_free(struct bpf_map *map)
{
	/*
	 * Normally empty by now (map_release_uref); a slot filled through
	 * an fd got from the map's id after that still holds a reference.
	 */
	bpf_fd_array_map_clear(map);
	array_map_free(map);
}

/*
 * A prog array is bound at run time to its owner program type, which a
 * static check cannot see: it has no map_meta_equal and cannot be an
 * inner map, as in 6.1.
 */
const struct bpf_map_ops prog_array_map_ops = {
	.map_alloc_check = fd_array_map_alloc_check,
	.map_alloc = array_map_alloc,
	.map_free = prog_array_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = fd_array_map_lookup_elem,
	.map_update_elem = fd_array_map_update_elem,
	.map_delete_elem = fd_array_map_delete_elem,
	.map_fd_get_ptr = prog_fd_array_get_ptr,
	.map_fd_put_ptr = prog_fd_array_put_ptr,
	.map_fd_sys_lookup_elem = prog_fd_array_sys_lookup_elem,
	.map_release_uref = bpf_fd_array_map_clear,
	.map_copy_value = fd_array_map_copy_value,
	.map_update_value = fd_array_map_update_value,
};

/* ---- array of maps: slots of inner maps, looked up by programs ---- */

static struct bpf_map *array_of_map_alloc(union bpf_attr *attr)
{
	struct bpf_map *map, *inner_map_meta;

	inner_map_meta = bpf_map_meta_alloc(attr->inner_map_fd);
	if (IS_ERR(inner_map_meta))
		return inner_map_meta;

	map = array_map_alloc(attr);
	if (IS_ERR(map)) {
		bpf_map_meta_free(inner_map_meta);
		return map;
	}
	map->inner_map_meta = inner_map_meta;
	return map;
}

/* No program can see the map any more: the slots let go without waiting. */
static void array_of_map_free(struct bpf_map *map)
{
	bpf_map_meta_free(map->inner_map_meta);
	map->inner_map_meta = NULL;
	bpf_fd_array_map_clear(map);
	array_map_free(map);
}

/* Called from eBPF program: the inner map itself, which the verifier made a map pointer. */
static void *array_of_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = to_array(map);
	u32 index = array_key_index(key);

	if (unlikely(index >= map->max_entries))
		return NULL;
	return READ_ONCE(array->ptrs[index & array->index_mask]);
}

/* Syscall lookup: the inner map's id; then, as 6.1, no program older than the call runs. */
static int array_of_map_copy_value(struct bpf_map *map, void *key, void *value,
				   u64 flags)
{
	int err = fd_array_map_copy_value(map, key, value, flags);

	bpf_map_in_map_wait_programs();
	return err;
}

/* Syscall update, then no program still runs with the inner map it replaced. */
static int array_of_map_update_value(struct bpf_map *map, void *key,
				     void *value, u64 map_flags)
{
	int err = fd_array_map_update_value(map, key, value, map_flags);

	bpf_map_in_map_wait_programs();
	return err;
}

static int array_of_map_delete_elem(struct bpf_map *map, void *key)
{
	int err = fd_array_map_delete_elem(map, key);

	bpf_map_in_map_wait_programs();
	return err;
}

/*
 * Programs only look up (the verifier allows no other helper); user
 * space stores fds and reads back map ids.  No map_meta_equal: an outer
 * map cannot be an inner one.
 */
const struct bpf_map_ops array_of_maps_map_ops = {
	.map_lookup_batch = generic_map_lookup_batch,
	.map_update_batch = generic_map_update_batch,
	.map_alloc_check = fd_array_map_alloc_check,
	.map_alloc = array_of_map_alloc,
	.map_free = array_of_map_free,
	.map_get_next_key = array_map_get_next_key,
	.map_lookup_elem = array_of_map_lookup_elem,
	.map_delete_elem = array_of_map_delete_elem,
	.map_fd_get_ptr = bpf_map_fd_get_ptr,
	.map_fd_put_ptr = bpf_map_fd_put_ptr,
	.map_fd_sys_lookup_elem = bpf_map_fd_sys_lookup_elem,
	.map_check_btf = map_check_no_btf,
	.map_copy_value = array_of_map_copy_value,
	.map_update_value = array_of_map_update_value,
};
