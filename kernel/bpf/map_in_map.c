// SPDX-License-Identifier: GPL-2.0
/*
 * Maps of maps (BPF_MAP_TYPE_ARRAY_OF_MAPS, HASH_OF_MAPS): the parts
 * both kinds share, with the errno of Linux 6.1.
 *
 * An outer map is made from a template, the map whose fd MAP_CREATE
 * gets in inner_map_fd.  The outer map keeps a copy of what the verifier
 * needs to know of it (type, key and value sizes, flags, max_entries,
 * the special fields of its value) as map->inner_map_meta, and from then
 * on takes only maps that look the same (bpf_map_meta_equal, or the
 * type's own map_meta_equal).  A program that looks up the outer map
 * gets an inner map, which the verifier types CONST_PTR_TO_MAP with the
 * template as its map: every inner map a slot can hold passes the
 * template's checks.
 *
 * Slots hold a reference on their map (refcnt, not a user reference),
 * and user space reads the map's id from them.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include "map_in_map.h"

struct bpf_map *bpf_map_meta_alloc(int inner_map_ufd)
{
	struct bpf_map *inner_map, *inner_map_meta;
	u32 inner_map_meta_size;
	struct fd f;

	f = fdget(inner_map_ufd);
	inner_map = __bpf_map_get(f);
	if (IS_ERR(inner_map))
		return inner_map;

	/* one level only: an outer map cannot be a template */
	if (inner_map->inner_map_meta) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	/* a type that cannot say which maps are alike cannot be inner */
	if (!inner_map->ops->map_meta_equal) {
		fdput(f);
		return ERR_PTR(-ENOTSUPP);
	}
	if (map_value_has_spin_lock(inner_map)) {
		fdput(f);
		return ERR_PTR(-ENOTSUPP);
	}

	/* the verifier may look at an inner array as a struct bpf_array */
	inner_map_meta_size = sizeof(*inner_map_meta);
	if (inner_map->ops == &array_map_ops)
		inner_map_meta_size = sizeof(struct bpf_array);
	inner_map_meta = kzalloc(inner_map_meta_size, GFP_USER);
	if (!inner_map_meta) {
		fdput(f);
		return ERR_PTR(-ENOMEM);
	}

	inner_map_meta->map_type = inner_map->map_type;
	inner_map_meta->key_size = inner_map->key_size;
	inner_map_meta->value_size = inner_map->value_size;
	inner_map_meta->map_flags = inner_map->map_flags;
	inner_map_meta->max_entries = inner_map->max_entries;
	inner_map_meta->spin_lock_off = inner_map->spin_lock_off;
	inner_map_meta->timer_off = inner_map->timer_off;
	if (inner_map->btf) {
		btf_get(inner_map->btf);
		inner_map_meta->btf = inner_map->btf;
	}
	/* not compared, but the verifier calls through the template's ops */
	inner_map_meta->ops = inner_map->ops;
	if (inner_map->ops == &array_map_ops) {
		struct bpf_array *inner_array_meta =
			container_of(inner_map_meta, struct bpf_array, map);
		struct bpf_array *inner_array =
			container_of(inner_map, struct bpf_array, map);

		inner_array_meta->index_mask = inner_array->index_mask;
		inner_array_meta->elem_size = inner_array->elem_size;
		inner_array_meta->mmap_fd = -1;
		inner_map_meta->bypass_spec_v1 = inner_map->bypass_spec_v1;
	}

	fdput(f);
	return inner_map_meta;
}

void bpf_map_meta_free(struct bpf_map *map_meta)
{
	if (!map_meta)
		return;
	if (map_meta->btf)
		btf_put(map_meta->btf);
	kfree(map_meta);
}

/* What two maps must share to stand in for each other in a slot. */
bool bpf_map_meta_equal(const struct bpf_map *meta0,
			const struct bpf_map *meta1)
{
	/* the type implies the ops */
	return meta0->map_type == meta1->map_type &&
	       meta0->key_size == meta1->key_size &&
	       meta0->value_size == meta1->value_size &&
	       meta0->timer_off == meta1->timer_off &&
	       meta0->map_flags == meta1->map_flags;
}

/* Syscall update: the fd must name a map that fits the outer map's template. */
void *bpf_map_fd_get_ptr(struct bpf_map *map, struct file *map_file, int ufd)
{
	struct bpf_map *inner_map, *inner_map_meta;
	struct fd f;

	f = fdget(ufd);
	inner_map = __bpf_map_get(f);
	if (IS_ERR(inner_map))
		return inner_map;

	inner_map_meta = map->inner_map_meta;
	if (inner_map_meta->ops->map_meta_equal(inner_map_meta, inner_map))
		bpf_map_inc(inner_map);
	else
		inner_map = ERR_PTR(-EINVAL);

	fdput(f);
	return inner_map;
}

/*
 * A slot lets go of its map.  Programs that looked the map up may still
 * use it: bpf_map_put() frees a map only after an RCU grace period, and
 * programs run inside RCU read-side sections, so need_defer is always
 * honoured.
 */
void bpf_map_fd_put_ptr(struct bpf_map *map, void *ptr, bool need_defer)
{
	bpf_map_put(ptr);
}

u32 bpf_map_fd_sys_lookup_elem(void *ptr)
{
	return ((struct bpf_map *)ptr)->id;
}

/*
 * A program run holds rcu_read_lock(): once a grace period has passed,
 * no program still sees what the update or delete replaced.  A program
 * that changes a map-in-map itself (bpf_sys_bpf) is inside such a
 * section and must not wait for its own end.
 */
void bpf_map_in_map_wait_programs(void)
{
	if (!rcu_read_ongoing())
		synchronize_rcu();
}
