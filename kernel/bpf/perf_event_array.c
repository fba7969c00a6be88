// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY and the helpers that write to or read
 * the perf events it holds, with the behaviour and errno of Linux 6.1
 * (the perf event part of kernel/bpf/arraymap.c, and
 * bpf_perf_event_output() / bpf_event_output() of kernel/trace/bpf_trace.c
 * with the skb and xdp variants of net/core/filter.c).
 *
 * The array is a struct bpf_array whose slots (ptrs[]) hold a struct
 * bpf_event_entry: the perf event (include/linux/perf_event.h), and the
 * map file through which it was put there.  When that file is released
 * its entries go, unless the map was made with BPF_F_PRESERVE_ELEMS.
 * User space can put perf event fds in and take them out, but not read
 * the slots back (-ENOTSUPP), as in 6.1.
 *
 * Programs write samples with bpf_perf_event_output() and friends to
 * the slot of the current CPU (BPF_F_CURRENT_CPU) or of an index; the
 * record lands in the event's ring, which libbpf's perf_buffer reads.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/skbuff.h>
#include <net/xdp.h>

#define ARRAY_CREATE_FLAG_MASK \
	(BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_ACCESS_MASK | \
	 BPF_F_PRESERVE_ELEMS | BPF_F_INNER_MAP)

struct bpf_event_entry {
	struct perf_event *event;
	struct file *map_file;
	int ufd;		/* the user's fd, until the update resolves it */
	struct rcu_head rcu;
};

static struct bpf_array *to_array(const struct bpf_map *map)
{
	return container_of(map, struct bpf_array, map);
}

static u32 key_index(const void *key)
{
	u32 index;

	memcpy(&index, key, sizeof(index));
	return index;
}

/* 6.1's fd_array_map_alloc_check() and array_map_alloc_check(), for this type. */
static int perf_event_array_map_alloc_check(union bpf_attr *attr)
{
	if (attr->value_size != sizeof(u32))
		return -EINVAL;
	if (attr->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return -EINVAL;
	if (attr->max_entries == 0 || attr->key_size != 4 ||
	    attr->map_flags & ~ARRAY_CREATE_FLAG_MASK)
		return -EINVAL;
	if (attr->map_flags & (BPF_F_MMAPABLE | BPF_F_INNER_MAP))
		return -EINVAL;
	return 0;
}

static struct bpf_map *perf_event_array_map_alloc(union bpf_attr *attr)
{
	int numa_node = (attr->map_flags & BPF_F_NUMA_NODE) ?
			(int)attr->numa_node : NUMA_NO_NODE;
	u32 max_entries = attr->max_entries;
	struct bpf_array *array;
	u64 mask64, hdr_size;

	/*
	 * Without CAP_PERFMON 6.1 sizes the array to a power of two (the
	 * bounds check cannot be speculated past); past 2^31 that
	 * overflows: -E2BIG.  Only max_entries slots are allocated here.
	 */
	mask64 = max_entries > 1 ? 64 - __builtin_clzll((u64)max_entries - 1) : 0;
	mask64 = (1ULL << mask64) - 1;
	if (!perfmon_capable() && (u32)(mask64 + 1) < max_entries)
		return ERR_PTR(-E2BIG);

	hdr_size = round_up(sizeof(*array), (size_t)SMP_CACHE_BYTES);
	array = bpf_map_area_alloc(hdr_size + (u64)max_entries * sizeof(void *),
				   numa_node);
	if (!array)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&array->map, attr);
	array->map.spin_lock_off = -EINVAL;
	array->map.timer_off = -EINVAL;
	array->elem_size = round_up(attr->value_size, 8);
	array->index_mask = (u32)mask64;
	array->mmap_fd = -1;
	array->value_base = (char *)array + hdr_size;
	array->ptrs = array->value_base;
	/* 6.1's memlock: max_entries * round_up(key + value, 8), page-rounded */
	array->map.memory_usage = round_up((u64)max_entries * 8, (u64)PAGE_SIZE);
	return &array->map;
}

static void bpf_event_entry_free_rcu(struct rcu_head *rcu)
{
	struct bpf_event_entry *ee = container_of(rcu, struct bpf_event_entry, rcu);

	rcu_callback_enter();
	perf_event_put(ee->event);
	kfree(ee);
}

/* The slot took the event; running programs may still write to it: after a grace period. */
static void perf_event_fd_array_put_ptr(struct bpf_map *map, void *ptr, bool need_defer)
{
	struct bpf_event_entry *ee = ptr;

	if (!need_defer && !ee->event) {
		kfree(ee);
		return;
	}
	call_rcu(&ee->rcu, bpf_event_entry_free_rcu);
}

/*
 * syscall.c resolves the fd before it knows whether the key and flags
 * are good; 6.1 checks those first.  So the entry only notes the fd here,
 * and the update resolves it once the slot is known to be valid.
 */
static void *perf_event_fd_array_get_ptr(struct bpf_map *map,
					 struct file *map_file, int fd)
{
	struct bpf_event_entry *ee = kzalloc(sizeof(*ee), GFP_ATOMIC);

	if (!ee)
		return ERR_PTR(-ENOMEM);
	ee->map_file = map_file;
	ee->ufd = fd;
	return ee;
}

static int perf_event_array_update_elem(struct bpf_map *map, void *key,
					void *value, u64 map_flags)
{
	struct bpf_array *array = to_array(map);
	struct bpf_event_entry *ee = value, *old;
	u32 index = key_index(key);
	struct perf_event *event;

	if (map_flags != BPF_ANY)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	event = perf_event_get(ee->ufd);
	if (IS_ERR(event))
		return PTR_ERR(event);
	/* an inherited event cannot be read or written from a program */
	if (perf_event_inherits(event)) {
		perf_event_put(event);
		return -EOPNOTSUPP;
	}
	ee->event = event;
	old = __atomic_exchange_n(&array->ptrs[index], ee, __ATOMIC_ACQ_REL);
	if (old)
		perf_event_fd_array_put_ptr(map, old, true);
	return 0;
}

static int perf_event_array_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_array *array = to_array(map);
	u32 index = key_index(key);
	void *old;

	if (index >= map->max_entries)
		return -E2BIG;
	old = __atomic_exchange_n(&array->ptrs[index], NULL, __ATOMIC_ACQ_REL);
	if (!old)
		return -ENOENT;
	perf_event_fd_array_put_ptr(map, old, true);
	return 0;
}

/* Programs cannot look slots up (the verifier refuses), nor can user space. */
static void *perf_event_array_lookup_elem(struct bpf_map *map, void *key)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static int perf_event_array_copy_value(struct bpf_map *map, void *key,
				       void *value, u64 flags)
{
	return -ENOTSUPP;
}

static int perf_event_array_get_next_key(struct bpf_map *map, void *key,
					 void *next_key)
{
	u32 index = key ? key_index(key) : U32_MAX, next;

	if (index >= map->max_entries) {
		next = 0;
	} else {
		if (index == map->max_entries - 1)
			return -ENOENT;
		next = index + 1;
	}
	memcpy(next_key, &next, sizeof(next));
	return 0;
}

static void perf_event_array_clear(struct bpf_map *map, struct file *map_file)
{
	struct bpf_array *array = to_array(map);
	struct bpf_event_entry *ee;
	u32 i;

	for (i = 0; i < map->max_entries; i++) {
		ee = READ_ONCE(array->ptrs[i]);
		if (ee && (!map_file || ee->map_file == map_file))
			perf_event_array_delete_elem(map, &i);
	}
}

/* The file that filled slots goes: so do they, unless the map preserves them. */
static void perf_event_fd_array_release(struct bpf_map *map, struct file *map_file)
{
	if (map->map_flags & BPF_F_PRESERVE_ELEMS)
		return;
	rcu_read_lock();
	perf_event_array_clear(map, map_file);
	rcu_read_unlock();
}

static void perf_event_array_map_free(struct bpf_map *map)
{
	perf_event_array_clear(map, NULL);
	bpf_map_area_free(to_array(map));
}

static int perf_event_array_check_btf(const struct bpf_map *map,
				      const struct btf *btf,
				      const struct btf_type *key_type,
				      const struct btf_type *value_type)
{
	return -ENOTSUPP;
}

static bool perf_event_array_meta_equal(const struct bpf_map *meta0,
					const struct bpf_map *meta1)
{
	return meta0->map_type == meta1->map_type &&
	       meta0->key_size == meta1->key_size &&
	       meta0->value_size == meta1->value_size &&
	       meta0->timer_off == meta1->timer_off &&
	       meta0->map_flags == meta1->map_flags;
}

const struct bpf_map_ops perf_event_array_map_ops = {
	.map_meta_equal		= perf_event_array_meta_equal,
	.map_alloc_check	= perf_event_array_map_alloc_check,
	.map_alloc		= perf_event_array_map_alloc,
	.map_free		= perf_event_array_map_free,
	.map_get_next_key	= perf_event_array_get_next_key,
	.map_lookup_elem	= perf_event_array_lookup_elem,
	.map_update_elem	= perf_event_array_update_elem,
	.map_delete_elem	= perf_event_array_delete_elem,
	.map_fd_get_ptr		= perf_event_fd_array_get_ptr,
	.map_fd_put_ptr		= perf_event_fd_array_put_ptr,
	.map_release		= perf_event_fd_array_release,
	.map_check_btf		= perf_event_array_check_btf,
	.map_copy_value		= perf_event_array_copy_value,
};

/* ---- programs ---- */

/* The event of the slot flags names: 6.1's checks, in its order. */
static struct perf_event *perf_event_array_slot(struct bpf_map *map, u64 flags,
						long *err)
{
	struct bpf_array *array = to_array(map);
	u64 index = flags & BPF_F_INDEX_MASK;
	struct bpf_event_entry *ee;

	if (index == BPF_F_CURRENT_CPU)
		index = smp_processor_id();
	if (unlikely(index >= map->max_entries)) {
		*err = -E2BIG;
		return NULL;
	}
	ee = rcu_dereference(array->ptrs[index]);
	if (!ee) {
		*err = -ENOENT;
		return NULL;
	}
	return ee->event;
}

/*
 * 6.1's bpf_event_output(): meta bytes from the program, then ctx_size
 * bytes of the context (the packet) through ctx_copy.  Called inside the
 * program's run (RCU read side).
 */
u64 bpf_event_output(struct bpf_map *map, u64 flags, void *meta, u64 meta_size,
		     void *ctx, u64 ctx_size,
		     unsigned long (*ctx_copy)(void *dst, const void *src,
					       unsigned long off, unsigned long len))
{
	struct perf_raw_frag frags[2] = {
		{ .data = meta, .size = meta_size },
		{ .data = ctx, .size = ctx_size, .copy = ctx_copy },
	};
	struct perf_event *event;
	long err = 0;

	if (map->map_type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return -EINVAL;
	event = perf_event_array_slot(map, flags, &err);
	if (!event)
		return err;
	return perf_event_output_bpf(event, frags, ctx_size ? 2 : 1);
}

u64 bpf_perf_event_output_map(struct bpf_map *map, u64 flags, void *data, u64 size)
{
	if (unlikely(flags & ~(BPF_F_INDEX_MASK)))
		return -EINVAL;
	return bpf_event_output(map, flags, data, size, NULL, 0, NULL);
}

int bpf_perf_event_read_map(struct bpf_map *map, u64 flags, u64 *value,
			    u64 *enabled, u64 *running)
{
	struct perf_event *event;
	long err = 0;

	if (map->map_type != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return -EINVAL;
	event = perf_event_array_slot(map, flags, &err);
	if (!event)
		return err;
	return perf_event_read_local(event, value, enabled, running);
}

BPF_CALL_5(bpf_event_output_data, void *, ctx, struct bpf_map *, map,
	   u64, flags, void *, data, u64, size)
{
	return bpf_perf_event_output_map(map, flags, data, size);
}

const struct bpf_func_proto bpf_event_output_data_proto = {
	.func		= bpf_event_output_data,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};

/* net/core's copy of packet bytes (filter.c, xdp.c), BPF_CALL ABI */
u64 bpf_skb_load_bytes(u64 skb, u64 offset, u64 to, u64 len, u64 unused);
u64 bpf_xdp_load_bytes(u64 xdp, u64 offset, u64 buf, u64 len, u64 unused);

static unsigned long bpf_skb_copy(void *dst, const void *skb, unsigned long off,
				  unsigned long len)
{
	return bpf_skb_load_bytes((unsigned long)skb, off, (unsigned long)dst,
				  len, 0) ? len : 0;
}

/* The upper 32 bits of flags ask for that many packet bytes after the data. */
BPF_CALL_5(bpf_skb_event_output, struct sk_buff *, skb, struct bpf_map *, map,
	   u64, flags, void *, meta, u64, meta_size)
{
	u64 skb_size = (flags & BPF_F_CTXLEN_MASK) >> 32;

	if (unlikely(flags & ~(BPF_F_CTXLEN_MASK | BPF_F_INDEX_MASK)))
		return -EINVAL;
	if (unlikely(!skb || skb_size > skb->len))
		return -EFAULT;
	return bpf_event_output(map, flags, meta, meta_size, skb, skb_size,
				bpf_skb_copy);
}

const struct bpf_func_proto bpf_skb_event_output_proto = {
	.func		= bpf_skb_event_output,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};

static unsigned long bpf_xdp_copy(void *dst, const void *xdp, unsigned long off,
				  unsigned long len)
{
	return bpf_xdp_load_bytes((unsigned long)xdp, off, (unsigned long)dst,
				  len, 0) ? len : 0;
}

BPF_CALL_5(bpf_xdp_event_output, struct xdp_buff *, xdp, struct bpf_map *, map,
	   u64, flags, void *, meta, u64, meta_size)
{
	u64 xdp_size = (flags & BPF_F_CTXLEN_MASK) >> 32;

	if (unlikely(flags & ~(BPF_F_CTXLEN_MASK | BPF_F_INDEX_MASK)))
		return -EINVAL;
	if (unlikely(!xdp || xdp_size > xdp_get_buff_len(xdp)))
		return -EFAULT;
	return bpf_event_output(map, flags, meta, meta_size, xdp, xdp_size,
				bpf_xdp_copy);
}

const struct bpf_func_proto bpf_xdp_event_output_proto = {
	.func		= bpf_xdp_event_output,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};
