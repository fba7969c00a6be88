// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_QUEUE and BPF_MAP_TYPE_STACK: a ring of max_entries + 1
 * value slots (one always empty, so head == tail means empty), pushed at
 * the head and taken from the tail (queue) or from the head (stack).
 * There are no keys: lookup, update, delete and get_next_key say EINVAL,
 * the syscall layer turns MAP_LOOKUP_ELEM into a peek, MAP_UPDATE_ELEM
 * into a push and MAP_LOOKUP_AND_DELETE_ELEM into a pop, as 6.1 does.
 *
 * One spin lock orders every operation; the kernel only tries it in NMI
 * context, which has no equivalent here, so it is always taken.
 */
#include <linux/bpf.h>

#define QUEUE_STACK_CREATE_FLAG_MASK	(BPF_F_NUMA_NODE | BPF_F_ACCESS_MASK)

struct bpf_queue_stack {
	struct bpf_map map;
	raw_spinlock_t lock;
	u32 head, tail;
	u32 size;		/* max_entries + 1 */
	char elements[] __aligned(8);
};

static struct bpf_queue_stack *bpf_queue_stack(struct bpf_map *map)
{
	return container_of(map, struct bpf_queue_stack, map);
}

static bool queue_stack_map_is_empty(const struct bpf_queue_stack *qs)
{
	return qs->head == qs->tail;
}

static u32 queue_stack_next(const struct bpf_queue_stack *qs, u32 i)
{
	return i + 1 >= qs->size ? 0 : i + 1;
}

static bool queue_stack_map_is_full(const struct bpf_queue_stack *qs)
{
	return queue_stack_next(qs, qs->head) == qs->tail;
}

static void *queue_stack_slot(struct bpf_queue_stack *qs, u32 i)
{
	return &qs->elements[(u64)i * qs->map.value_size];
}

static int queue_stack_map_alloc_check(union bpf_attr *attr)
{
	if (!bpf_capable())
		return -EPERM;
	if (attr->max_entries == 0 || attr->key_size != 0 ||
	    attr->value_size == 0 ||
	    attr->map_flags & ~QUEUE_STACK_CREATE_FLAG_MASK ||
	    !bpf_map_flags_access_ok(attr->map_flags))
		return -EINVAL;
	/* user space could not read a larger value */
	if (attr->value_size > KMALLOC_MAX_SIZE)
		return -E2BIG;
	return 0;
}

static struct bpf_map *queue_stack_map_alloc(union bpf_attr *attr)
{
	u64 size = (u64)attr->max_entries + 1;
	struct bpf_queue_stack *qs;

	qs = bpf_map_area_alloc(sizeof(*qs) + size * attr->value_size,
				bpf_map_attr_numa_node(attr));
	if (!qs)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&qs->map, attr);
	qs->size = size;
	raw_spin_lock_init(&qs->lock);
	/* 6.1's memlock figure: max_entries * round_up(value_size, 8), page-rounded */
	qs->map.memory_usage = round_up((u64)attr->max_entries *
					round_up((u64)attr->value_size, 8), (u64)PAGE_SIZE);
	return &qs->map;
}

static void queue_stack_map_free(struct bpf_map *map)
{
	bpf_map_area_free(bpf_queue_stack(map));
}

/*
 * Copies out the oldest (queue) or newest (stack) value, and takes it
 * away when @delete; an empty map gives zeroes and -ENOENT.
 */
static int queue_stack_map_get(struct bpf_map *map, void *value, bool stack, bool delete)
{
	struct bpf_queue_stack *qs = bpf_queue_stack(map);
	unsigned long flags;
	int err = 0;
	u32 index;

	raw_spin_lock_irqsave(&qs->lock, flags);
	if (queue_stack_map_is_empty(qs)) {
		memset(value, 0, map->value_size);
		err = -ENOENT;
		goto out;
	}
	index = stack ? (qs->head ? qs->head - 1 : qs->size - 1) : qs->tail;
	memcpy(value, queue_stack_slot(qs, index), map->value_size);
	if (delete) {
		if (stack)
			qs->head = index;
		else
			qs->tail = queue_stack_next(qs, qs->tail);
	}
out:
	raw_spin_unlock_irqrestore(&qs->lock, flags);
	return err;
}

static int queue_map_peek_elem(struct bpf_map *map, void *value)
{
	return queue_stack_map_get(map, value, false, false);
}

static int queue_map_pop_elem(struct bpf_map *map, void *value)
{
	return queue_stack_map_get(map, value, false, true);
}

static int stack_map_peek_elem(struct bpf_map *map, void *value)
{
	return queue_stack_map_get(map, value, true, false);
}

static int stack_map_pop_elem(struct bpf_map *map, void *value)
{
	return queue_stack_map_get(map, value, true, true);
}

/* BPF_EXIST makes room in a full map by dropping the oldest value. */
static int queue_stack_map_push_elem(struct bpf_map *map, void *value, u64 flags)
{
	struct bpf_queue_stack *qs = bpf_queue_stack(map);
	unsigned long irq_flags;
	int err = 0;

	if (flags & BPF_NOEXIST || flags > BPF_EXIST)
		return -EINVAL;
	raw_spin_lock_irqsave(&qs->lock, irq_flags);
	if (queue_stack_map_is_full(qs)) {
		if (!(flags & BPF_EXIST)) {
			err = -E2BIG;
			goto out;
		}
		qs->tail = queue_stack_next(qs, qs->tail);
	}
	memcpy(queue_stack_slot(qs, qs->head), value, map->value_size);
	qs->head = queue_stack_next(qs, qs->head);
out:
	raw_spin_unlock_irqrestore(&qs->lock, irq_flags);
	return err;
}

/* No keys: a program's lookup finds nothing, the keyed commands are invalid. */
static void *queue_stack_map_lookup_elem(struct bpf_map *map, void *key)
{
	return NULL;
}

static int queue_stack_map_update_elem(struct bpf_map *map, void *key, void *value,
				       u64 flags)
{
	return -EINVAL;
}

static int queue_stack_map_delete_elem(struct bpf_map *map, void *key)
{
	return -EINVAL;
}

static int queue_stack_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	return -EINVAL;
}

const struct bpf_map_ops queue_map_ops = {
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = queue_stack_map_alloc_check,
	.map_alloc = queue_stack_map_alloc,
	.map_free = queue_stack_map_free,
	.map_lookup_elem = queue_stack_map_lookup_elem,
	.map_update_elem = queue_stack_map_update_elem,
	.map_delete_elem = queue_stack_map_delete_elem,
	.map_push_elem = queue_stack_map_push_elem,
	.map_pop_elem = queue_map_pop_elem,
	.map_peek_elem = queue_map_peek_elem,
	.map_get_next_key = queue_stack_map_get_next_key,
};

const struct bpf_map_ops stack_map_ops = {
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = queue_stack_map_alloc_check,
	.map_alloc = queue_stack_map_alloc,
	.map_free = queue_stack_map_free,
	.map_lookup_elem = queue_stack_map_lookup_elem,
	.map_update_elem = queue_stack_map_update_elem,
	.map_delete_elem = queue_stack_map_delete_elem,
	.map_push_elem = queue_stack_map_push_elem,
	.map_pop_elem = stack_map_pop_elem,
	.map_peek_elem = stack_map_peek_elem,
	.map_get_next_key = queue_stack_map_get_next_key,
};
