// SPDX-License-Identifier: GPL-2.0
/*
 * The LRU of BPF_MAP_TYPE_LRU_HASH and LRU_PERCPU_HASH, with Linux 6.1's
 * lists, so that elements are evicted in the same order.
 *
 * The global list has three sub-lists: active, inactive and free.  A
 * program's lookup only sets a node's ref bit (no lock); the lists are
 * reordered when an update needs a free node:
 *  - the active list is rotated when the inactive one is shorter: from
 *    its tail, referenced nodes go back to its head, the others to the
 *    head of the inactive list;
 *  - the inactive list is rotated from where the last rotation stopped
 *    towards its head: referenced nodes go to the active list;
 *  - shrinking walks the inactive list from its tail and evicts the
 *    nodes without the ref bit; if none, one node is evicted from the
 *    tail of the inactive (else the active) list whatever its ref bit.
 * Each walk looks at nr_scans nodes at most.
 *
 * Each CPU has a local free list and a local pending list, so that the
 * global lock is taken once per LOCAL_FREE_TARGET updates: an update
 * takes a node from the local free list into the local pending list; an
 * empty local free list is refilled from the global one (the pending
 * nodes are flushed into the global lists first); when nothing is left
 * anywhere, a node is stolen from the CPUs' local lists in turn.
 *
 * With BPF_F_NO_COMMON_LRU each CPU has its own three lists and nodes
 * never leave the CPU they were given to.
 *
 * Lock order: a local list's lock, then the global lru lock, then a
 * bucket lock (taken by del_from_htab).  The "CPU" is sysbpf_this_cpu:
 * the CPU of the running program, or of the thread making the syscall.
 */
#include <linux/bpf_lru_list.h>

#define LOCAL_FREE_TARGET	128
#define LOCAL_NR_SCANS		LOCAL_FREE_TARGET
#define PERCPU_FREE_TARGET	4
#define PERCPU_NR_SCANS		PERCPU_FREE_TARGET

#define LOCAL_FREE_IDX		(BPF_LRU_LOCAL_LIST_T_FREE - NR_BPF_LRU_LIST_T)
#define LOCAL_PENDING_IDX	(BPF_LRU_LOCAL_LIST_T_PENDING - NR_BPF_LRU_LIST_T)

static bool is_local_type(u8 type)
{
	return type >= BPF_LRU_LOCAL_LIST_T_FREE;
}

static struct list_head *local_free_list(struct bpf_lru_locallist *loc_l)
{
	return &loc_l->lists[LOCAL_FREE_IDX];
}

static struct list_head *local_pending_list(struct bpf_lru_locallist *loc_l)
{
	return &loc_l->lists[LOCAL_PENDING_IDX];
}

static struct bpf_lru_node *to_node(struct list_head *pos)
{
	return list_entry(pos, struct bpf_lru_node, list);
}

static bool node_is_ref(const struct bpf_lru_node *node)
{
	return READ_ONCE(node->ref);
}

static void node_clear_ref(struct bpf_lru_node *node)
{
	WRITE_ONCE(node->ref, 0);
}

static void list_count_inc(struct bpf_lru_list *l, u8 type)
{
	if (type < NR_BPF_LRU_LIST_COUNT)
		l->counts[type]++;
}

static void list_count_dec(struct bpf_lru_list *l, u8 type)
{
	if (type < NR_BPF_LRU_LIST_COUNT)
		l->counts[type]--;
}

/* A node leaving its place: the inactive rotation must not point at it. */
static void rotation_skip(struct bpf_lru_list *l, struct bpf_lru_node *node)
{
	if (&node->list == l->next_inactive_rotation)
		l->next_inactive_rotation = node->list.prev;
}

/* From a global list to a free list (global or a CPU's local one). */
static void __bpf_lru_node_move_to_free(struct bpf_lru_list *l, struct bpf_lru_node *node,
					struct list_head *free_list, u8 tgt_free_type)
{
	if (WARN_ON_ONCE(is_local_type(node->type)))
		return;
	rotation_skip(l, node);
	list_count_dec(l, node->type);
	node->type = tgt_free_type;
	list_move(&node->list, free_list);
}

/* From a CPU's pending list to the head of a global list. */
static void __bpf_lru_node_move_in(struct bpf_lru_list *l, struct bpf_lru_node *node,
				   u8 tgt_type)
{
	if (WARN_ON_ONCE(!is_local_type(node->type) || is_local_type(tgt_type)))
		return;
	list_count_inc(l, tgt_type);
	node->type = tgt_type;
	node_clear_ref(node);
	list_move(&node->list, &l->lists[tgt_type]);
}

/* Within the global lists, to the head of @tgt_type; the ref bit is spent. */
static void __bpf_lru_node_move(struct bpf_lru_list *l, struct bpf_lru_node *node,
				u8 tgt_type)
{
	if (WARN_ON_ONCE(is_local_type(node->type) || is_local_type(tgt_type)))
		return;
	if (node->type != tgt_type) {
		list_count_dec(l, node->type);
		list_count_inc(l, tgt_type);
		node->type = tgt_type;
	}
	node_clear_ref(node);
	rotation_skip(l, node);
	list_move(&node->list, &l->lists[tgt_type]);
}

static bool bpf_lru_list_inactive_low(const struct bpf_lru_list *l)
{
	return l->counts[BPF_LRU_LIST_T_INACTIVE] < l->counts[BPF_LRU_LIST_T_ACTIVE];
}

/*
 * From the tail of the active list up to the node that was first when
 * it started: a second chance at the head for the referenced ones, the
 * inactive list for the others.
 */
static void __bpf_lru_list_rotate_active(struct bpf_lru *lru, struct bpf_lru_list *l)
{
	struct list_head *active = &l->lists[BPF_LRU_LIST_T_ACTIVE];
	struct list_head *pos, *prev, *first = active->next;
	unsigned int i = 0;

	for (pos = active->prev; pos != active; pos = prev) {
		struct bpf_lru_node *node = to_node(pos);

		prev = pos->prev;
		__bpf_lru_node_move(l, node, node_is_ref(node) ? BPF_LRU_LIST_T_ACTIVE :
							       BPF_LRU_LIST_T_INACTIVE);
		if (++i == lru->nr_scans || pos == first)
			break;
	}
}

/*
 * From where the last rotation stopped towards the head, wrapping round:
 * the referenced nodes go to the active list, the others stay in place
 * for the next shrink.
 */
static void __bpf_lru_list_rotate_inactive(struct bpf_lru *lru, struct bpf_lru_list *l)
{
	struct list_head *inactive = &l->lists[BPF_LRU_LIST_T_INACTIVE];
	struct list_head *cur, *last, *next = inactive;
	unsigned int i = 0;

	if (list_empty(inactive))
		return;
	/* the node after the start, i.e. the lap is complete there */
	last = l->next_inactive_rotation->next;
	if (last == inactive)
		last = last->next;
	cur = l->next_inactive_rotation;
	while (i < lru->nr_scans) {
		struct bpf_lru_node *node;

		if (cur == inactive) {
			cur = cur->prev;
			continue;
		}
		node = to_node(cur);
		next = cur->prev;
		if (node_is_ref(node))
			__bpf_lru_node_move(l, node, BPF_LRU_LIST_T_ACTIVE);
		if (cur == last)
			break;
		cur = next;
		i++;
	}
	l->next_inactive_rotation = next;
}

/* From the tail of the inactive list: evict up to @tgt_nshrink unreferenced nodes. */
static unsigned int __bpf_lru_list_shrink_inactive(struct bpf_lru *lru, struct bpf_lru_list *l,
						   unsigned int tgt_nshrink,
						   struct list_head *free_list, u8 tgt_free_type)
{
	struct list_head *inactive = &l->lists[BPF_LRU_LIST_T_INACTIVE];
	struct list_head *pos, *prev;
	unsigned int nshrinked = 0, i = 0;

	for (pos = inactive->prev; pos != inactive; pos = prev) {
		struct bpf_lru_node *node = to_node(pos);

		prev = pos->prev;
		if (node_is_ref(node)) {
			__bpf_lru_node_move(l, node, BPF_LRU_LIST_T_ACTIVE);
		} else if (lru->del_from_htab(lru->del_arg, node)) {
			__bpf_lru_node_move_to_free(l, node, free_list, tgt_free_type);
			if (++nshrinked == tgt_nshrink)
				break;
		}
		if (++i == lru->nr_scans)
			break;
	}
	return nshrinked;
}

static void __bpf_lru_list_rotate(struct bpf_lru *lru, struct bpf_lru_list *l)
{
	if (bpf_lru_list_inactive_low(l))
		__bpf_lru_list_rotate_active(lru, l);
	__bpf_lru_list_rotate_inactive(lru, l);
}

/*
 * Evict what the inactive list gives up; if it gives nothing, take the
 * oldest node that can still be deleted, of the inactive list if it has
 * any, else of the active list, whatever its ref bit.
 */
static unsigned int __bpf_lru_list_shrink(struct bpf_lru *lru, struct bpf_lru_list *l,
					  unsigned int tgt_nshrink,
					  struct list_head *free_list, u8 tgt_free_type)
{
	struct list_head *victims, *pos, *prev;
	unsigned int nshrinked;

	nshrinked = __bpf_lru_list_shrink_inactive(lru, l, tgt_nshrink, free_list,
						   tgt_free_type);
	if (nshrinked)
		return nshrinked;
	victims = list_empty(&l->lists[BPF_LRU_LIST_T_INACTIVE]) ?
		  &l->lists[BPF_LRU_LIST_T_ACTIVE] : &l->lists[BPF_LRU_LIST_T_INACTIVE];
	for (pos = victims->prev; pos != victims; pos = prev) {
		struct bpf_lru_node *node = to_node(pos);

		prev = pos->prev;
		if (lru->del_from_htab(lru->del_arg, node)) {
			__bpf_lru_node_move_to_free(l, node, free_list, tgt_free_type);
			return 1;
		}
	}
	return 0;
}

/* A CPU's new elements join the global lists, oldest first. */
static void __local_list_flush(struct bpf_lru_list *l, struct bpf_lru_locallist *loc_l)
{
	struct list_head *pending = local_pending_list(loc_l), *pos, *prev;

	for (pos = pending->prev; pos != pending; pos = prev) {
		struct bpf_lru_node *node = to_node(pos);

		prev = pos->prev;
		__bpf_lru_node_move_in(l, node, node_is_ref(node) ? BPF_LRU_LIST_T_ACTIVE :
								  BPF_LRU_LIST_T_INACTIVE);
	}
}

static void bpf_lru_list_push_free(struct bpf_lru_list *l, struct bpf_lru_node *node)
{
	unsigned long flags;

	if (WARN_ON_ONCE(is_local_type(node->type)))
		return;
	raw_spin_lock_irqsave(&l->lock, flags);
	__bpf_lru_node_move(l, node, BPF_LRU_LIST_T_FREE);
	raw_spin_unlock_irqrestore(&l->lock, flags);
}

/* Refill a CPU's free list with LOCAL_FREE_TARGET nodes, evicting if need be. */
static void bpf_lru_list_pop_free_to_local(struct bpf_lru *lru, struct bpf_lru_locallist *loc_l)
{
	struct bpf_lru_list *l = &lru->common_lru.lru_list;
	struct list_head *free = &l->lists[BPF_LRU_LIST_T_FREE], *pos, *next;
	unsigned int nfree = 0;

	raw_spin_lock(&l->lock);
	__local_list_flush(l, loc_l);
	__bpf_lru_list_rotate(lru, l);
	for (pos = free->next; pos != free && nfree < LOCAL_FREE_TARGET; pos = next) {
		next = pos->next;
		__bpf_lru_node_move_to_free(l, to_node(pos), local_free_list(loc_l),
					    BPF_LRU_LOCAL_LIST_T_FREE);
		nfree++;
	}
	if (nfree < LOCAL_FREE_TARGET)
		__bpf_lru_list_shrink(lru, l, LOCAL_FREE_TARGET - nfree, local_free_list(loc_l),
				      BPF_LRU_LOCAL_LIST_T_FREE);
	raw_spin_unlock(&l->lock);
}

static void __local_list_add_pending(struct bpf_lru *lru, struct bpf_lru_locallist *loc_l,
				     int cpu, struct bpf_lru_node *node, u32 hash)
{
	memcpy((char *)node + lru->hash_offset, &hash, sizeof(hash));
	node->cpu = cpu;
	node->type = BPF_LRU_LOCAL_LIST_T_PENDING;
	node_clear_ref(node);
	list_add(&node->list, local_pending_list(loc_l));
}

static struct bpf_lru_node *__local_list_pop_free(struct bpf_lru_locallist *loc_l)
{
	struct list_head *free = local_free_list(loc_l);
	struct bpf_lru_node *node;

	if (list_empty(free))
		return NULL;
	node = to_node(free->next);
	list_del(&node->list);
	return node;
}

/* The oldest pending node that can be deleted: unreferenced first, then any. */
static struct bpf_lru_node *__local_list_pop_pending(struct bpf_lru *lru,
						     struct bpf_lru_locallist *loc_l)
{
	struct list_head *pending = local_pending_list(loc_l), *pos;
	int force;

	for (force = 0; force < 2; force++) {
		for (pos = pending->prev; pos != pending; pos = pos->prev) {
			struct bpf_lru_node *node = to_node(pos);

			if ((force || !node_is_ref(node)) &&
			    lru->del_from_htab(lru->del_arg, node)) {
				list_del(&node->list);
				return node;
			}
		}
	}
	return NULL;
}

static struct bpf_lru_node *bpf_percpu_lru_pop_free(struct bpf_lru *lru, u32 hash)
{
	struct bpf_lru_list *l = per_cpu_ptr(lru->percpu_lru, raw_smp_processor_id());
	struct list_head *free = &l->lists[BPF_LRU_LIST_T_FREE];
	struct bpf_lru_node *node = NULL;
	unsigned long flags;

	raw_spin_lock_irqsave(&l->lock, flags);
	__bpf_lru_list_rotate(lru, l);
	if (list_empty(free))
		__bpf_lru_list_shrink(lru, l, PERCPU_FREE_TARGET, free, BPF_LRU_LIST_T_FREE);
	if (!list_empty(free)) {
		node = to_node(free->next);
		memcpy((char *)node + lru->hash_offset, &hash, sizeof(hash));
		node_clear_ref(node);
		__bpf_lru_node_move(l, node, BPF_LRU_LIST_T_INACTIVE);
	}
	raw_spin_unlock_irqrestore(&l->lock, flags);
	return node;
}

static struct bpf_lru_node *bpf_common_lru_pop_free(struct bpf_lru *lru, u32 hash)
{
	struct bpf_common_lru *clru = &lru->common_lru;
	struct bpf_lru_locallist *loc_l, *steal_loc_l;
	int cpu = raw_smp_processor_id(), steal, first_steal;
	struct bpf_lru_node *node;
	unsigned long flags;

	loc_l = per_cpu_ptr(clru->local_list, cpu);
	raw_spin_lock_irqsave(&loc_l->lock, flags);
	node = __local_list_pop_free(loc_l);
	if (!node) {
		bpf_lru_list_pop_free_to_local(lru, loc_l);
		node = __local_list_pop_free(loc_l);
	}
	if (node)
		__local_list_add_pending(lru, loc_l, cpu, node, hash);
	raw_spin_unlock_irqrestore(&loc_l->lock, flags);
	if (node)
		return node;

	/*
	 * Nothing free here nor globally: the other CPUs' local lists hold
	 * the nodes.  Take one from each in turn, from where the last steal
	 * of this CPU ended.
	 */
	first_steal = loc_l->next_steal;
	steal = first_steal;
	do {
		steal_loc_l = per_cpu_ptr(clru->local_list, steal);
		raw_spin_lock_irqsave(&steal_loc_l->lock, flags);
		node = __local_list_pop_free(steal_loc_l);
		if (!node)
			node = __local_list_pop_pending(lru, steal_loc_l);
		raw_spin_unlock_irqrestore(&steal_loc_l->lock, flags);
		steal = (steal + 1) % nr_cpu_ids;
	} while (!node && steal != first_steal);
	loc_l->next_steal = steal;

	if (node) {
		raw_spin_lock_irqsave(&loc_l->lock, flags);
		__local_list_add_pending(lru, loc_l, cpu, node, hash);
		raw_spin_unlock_irqrestore(&loc_l->lock, flags);
	}
	return node;
}

/*
 * A node for a new element, with @hash written into its element; NULL
 * when none can be found (every node is pending on CPUs that are
 * deleting at the same moment).
 */
struct bpf_lru_node *bpf_lru_pop_free(struct bpf_lru *lru, u32 hash)
{
	if (lru->percpu)
		return bpf_percpu_lru_pop_free(lru, hash);
	return bpf_common_lru_pop_free(lru, hash);
}

static void bpf_common_lru_push_free(struct bpf_lru *lru, struct bpf_lru_node *node)
{
	u8 node_type = READ_ONCE(node->type);
	struct bpf_lru_locallist *loc_l;
	unsigned long flags;

	if (WARN_ON_ONCE(node_type == BPF_LRU_LIST_T_FREE ||
			 node_type == BPF_LRU_LOCAL_LIST_T_FREE))
		return;
	if (node_type == BPF_LRU_LOCAL_LIST_T_PENDING) {
		/* still on its CPU's pending list: back to that CPU's free list */
		loc_l = per_cpu_ptr(lru->common_lru.local_list, node->cpu);
		raw_spin_lock_irqsave(&loc_l->lock, flags);
		if (node->type == BPF_LRU_LOCAL_LIST_T_PENDING) {
			node->type = BPF_LRU_LOCAL_LIST_T_FREE;
			node_clear_ref(node);
			list_move(&node->list, local_free_list(loc_l));
			raw_spin_unlock_irqrestore(&loc_l->lock, flags);
			return;
		}
		/* flushed into the global lists meanwhile */
		raw_spin_unlock_irqrestore(&loc_l->lock, flags);
	}
	bpf_lru_list_push_free(&lru->common_lru.lru_list, node);
}

static void bpf_percpu_lru_push_free(struct bpf_lru *lru, struct bpf_lru_node *node)
{
	struct bpf_lru_list *l = per_cpu_ptr(lru->percpu_lru, node->cpu);
	unsigned long flags;

	raw_spin_lock_irqsave(&l->lock, flags);
	__bpf_lru_node_move(l, node, BPF_LRU_LIST_T_FREE);
	raw_spin_unlock_irqrestore(&l->lock, flags);
}

/* A deleted or replaced element's node: free again. */
void bpf_lru_push_free(struct bpf_lru *lru, struct bpf_lru_node *node)
{
	if (lru->percpu)
		bpf_percpu_lru_push_free(lru, node);
	else
		bpf_common_lru_push_free(lru, node);
}

static void lru_node_init_free(struct bpf_lru_node *node, struct list_head *free, int cpu)
{
	node->cpu = cpu;
	node->type = BPF_LRU_LIST_T_FREE;
	node_clear_ref(node);
	list_add(&node->list, free);
}

/*
 * The nodes of @nr_elems elements of @elem_size bytes at @buf, each at
 * @node_offset in its element, all free: on the global free list, or
 * spread evenly over the CPUs' lists (the rest to the last CPUs).
 */
void bpf_lru_populate(struct bpf_lru *lru, void *buf, u32 node_offset, u32 elem_size,
		      u32 nr_elems)
{
	char *p = (char *)buf + node_offset;
	u32 i, per_cpu;
	unsigned int cpu;

	if (!lru->percpu) {
		for (i = 0; i < nr_elems; i++, p += elem_size)
			lru_node_init_free((struct bpf_lru_node *)p,
					   &lru->common_lru.lru_list.lists[BPF_LRU_LIST_T_FREE], 0);
		return;
	}
	per_cpu = nr_elems / num_possible_cpus();
	i = 0;
	for_each_possible_cpu(cpu) {
		struct bpf_lru_list *l = per_cpu_ptr(lru->percpu_lru, cpu);

		do {
			lru_node_init_free((struct bpf_lru_node *)p, &l->lists[BPF_LRU_LIST_T_FREE],
					   cpu);
			p += elem_size;
			i++;
		} while (i < nr_elems && per_cpu && i % per_cpu);
		if (i == nr_elems)
			break;
	}
}

static void bpf_lru_list_init(struct bpf_lru_list *l)
{
	int i;

	for (i = 0; i < NR_BPF_LRU_LIST_T; i++)
		INIT_LIST_HEAD(&l->lists[i]);
	for (i = 0; i < NR_BPF_LRU_LIST_COUNT; i++)
		l->counts[i] = 0;
	l->next_inactive_rotation = &l->lists[BPF_LRU_LIST_T_INACTIVE];
	raw_spin_lock_init(&l->lock);
}

static void bpf_lru_locallist_init(struct bpf_lru_locallist *loc_l, int cpu)
{
	int i;

	for (i = 0; i < NR_BPF_LRU_LOCAL_LIST_T; i++)
		INIT_LIST_HEAD(&loc_l->lists[i]);
	loc_l->next_steal = cpu;
	raw_spin_lock_init(&loc_l->lock);
}

/*
 * @hash_offset: where an element's u32 hash lies, from its node;
 * @del_from_htab takes an element out of the table when it is evicted.
 */
int bpf_lru_init(struct bpf_lru *lru, bool percpu, u32 hash_offset,
		 del_from_htab_func del_from_htab, void *del_arg)
{
	unsigned int cpu;

	if (percpu) {
		lru->percpu_lru = alloc_percpu(struct bpf_lru_list);
		if (!lru->percpu_lru)
			return -ENOMEM;
		for_each_possible_cpu(cpu)
			bpf_lru_list_init(per_cpu_ptr(lru->percpu_lru, cpu));
		lru->nr_scans = PERCPU_NR_SCANS;
	} else {
		struct bpf_common_lru *clru = &lru->common_lru;

		clru->local_list = alloc_percpu(struct bpf_lru_locallist);
		if (!clru->local_list)
			return -ENOMEM;
		for_each_possible_cpu(cpu)
			bpf_lru_locallist_init(per_cpu_ptr(clru->local_list, cpu), cpu);
		bpf_lru_list_init(&clru->lru_list);
		lru->nr_scans = LOCAL_NR_SCANS;
	}
	lru->percpu = percpu;
	lru->del_from_htab = del_from_htab;
	lru->del_arg = del_arg;
	lru->hash_offset = hash_offset;
	return 0;
}

void bpf_lru_destroy(struct bpf_lru *lru)
{
	if (lru->percpu)
		free_percpu(lru->percpu_lru);
	else
		free_percpu(lru->common_lru.local_list);
}
