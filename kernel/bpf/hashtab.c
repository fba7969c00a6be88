// SPDX-License-Identifier: GPL-2.0
/*
 * Hash maps: BPF_MAP_TYPE_HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH and
 * HASH_OF_MAPS, with the behaviour and errno of Linux 6.1.
 *
 * A table of n_buckets (max_entries rounded up to a power of two) lists,
 * chosen by jhash(key) with a per-map random seed (0 with
 * BPF_F_ZERO_SEED, so that two such maps iterate alike).  Writers take
 * the bucket's spinlock; lookups take no lock and walk the lists under
 * RCU.
 *
 * Elements are preallocated at creation and kept on a per-CPU free list
 * (percpu_freelist.c), as the kernel does: a deleted element goes back to
 * the free list at once and may be reused while a reader is still
 * walking over it.  The lists are therefore "nulls" lists: the end
 * marker of a list encodes its bucket, so a reader that was carried into
 * another bucket by a reused element notices at the end and starts over.
 * Readers load the hash and the key of an element with atomic word loads
 * since a reuse may rewrite them under the reader's feet.  Replacing the
 * value of an existing key takes a spare element (nr_cpu_ids of them, as
 * the kernel's per-CPU extra_elems) so that a full map can still be
 * updated; the replaced element becomes the spare.
 *
 * The LRU maps keep their preallocated elements on the LRU lists
 * (bpf_lru_list.c) instead of the free lists: an update takes a node
 * from there, evicting the least recently used element when none is
 * free, and a program's lookup marks the element used.  A node is taken
 * before the bucket lock, as evicting takes a bucket lock.
 *
 * With BPF_F_NO_PREALLOC every element is allocated on insert and freed
 * after an RCU grace period (call_rcu), and an element count enforces
 * max_entries.
 *
 * Unlike the kernel there is no per-CPU "map_locked" recursion guard
 * (-EBUSY): no BPF program can run inside a bucket's critical section
 * here, and threads that share a CPU number must not fail each other.
 */
#include <linux/bpf.h>
#include <linux/bpf_lru_list.h>
#include <linux/filter.h>
#include <linux/jhash.h>
#include <linux/percpu_freelist.h>
#include "map_in_map.h"

#ifndef PCPU_MIN_UNIT_SIZE
#define PCPU_MIN_UNIT_SIZE	(32 << 10)
#endif

#define HTAB_CREATE_FLAG_MASK						\
	(BPF_F_NO_PREALLOC | BPF_F_NO_COMMON_LRU | BPF_F_NUMA_NODE |	\
	 BPF_F_ACCESS_MASK | BPF_F_ZERO_SEED)

/* ---- RCU "nulls" lists ---- */

struct hlist_nulls_node {
	struct hlist_nulls_node *next, **pprev;
};

struct hlist_nulls_head {
	struct hlist_nulls_node *first;
};

/* An odd pointer ends a list and carries the bucket number. */
static inline struct hlist_nulls_node *nulls_marker(unsigned long value)
{
	return (struct hlist_nulls_node *)(1UL | (value << 1));
}

static inline bool is_a_nulls(const struct hlist_nulls_node *ptr)
{
	return (unsigned long)ptr & 1;
}

static inline unsigned long get_nulls_value(const struct hlist_nulls_node *ptr)
{
	return (unsigned long)ptr >> 1;
}

static inline struct hlist_nulls_node *
hlist_nulls_first_rcu(struct hlist_nulls_head *h)
{
	return smp_load_acquire(&h->first);
}

static inline struct hlist_nulls_node *
hlist_nulls_next_rcu(struct hlist_nulls_node *n)
{
	return smp_load_acquire(&n->next);
}

/* Under the bucket lock.  Concurrent readers see the node whole or not at all. */
static void hlist_nulls_add_head_rcu(struct hlist_nulls_node *n,
				     struct hlist_nulls_head *h)
{
	struct hlist_nulls_node *first = READ_ONCE(h->first);

	WRITE_ONCE(n->next, first);
	n->pprev = &h->first;
	smp_store_release(&h->first, n);
	if (!is_a_nulls(first))
		first->pprev = &n->next;
}

/* Under the bucket lock.  n->next stays, so that readers on n walk on. */
static void hlist_nulls_del_rcu(struct hlist_nulls_node *n)
{
	struct hlist_nulls_node *next = READ_ONCE(n->next);
	struct hlist_nulls_node **pprev = n->pprev;

	WRITE_ONCE(*pprev, next);
	if (!is_a_nulls(next))
		next->pprev = pprev;
	n->pprev = NULL;
}

/* ---- the map ---- */

struct bucket {
	struct hlist_nulls_head head;
	raw_spinlock_t raw_lock;
};

struct bpf_htab {
	struct bpf_map map;
	struct bucket *buckets;
	void *elems;			/* the preallocated elements */
	u32 nr_elems;			/* how many there are, spares included */
	union {
		struct pcpu_freelist freelist;
		struct bpf_lru lru;	/* the LRU maps' lists of all elements */
	};
	struct pcpu_freelist extra_elems; /* spares for replacing a value */
	atomic_t count;			/* elements of a BPF_F_NO_PREALLOC map */
	u32 n_buckets;
	u32 elem_size;			/* header + round_up(key) + round_up(value) */
	u32 hashrnd;
};

/*
 * An element: the header, the key padded to 8 bytes with zeros, then the
 * value (for per-CPU maps, the per-CPU value is behind pptr instead).
 */
struct htab_elem {
	struct hlist_nulls_node hash_node;
	union {
		/*
		 * Apart from hash_node: readers may still follow
		 * hash_node.next of an element on the free list.
		 */
		struct pcpu_freelist_node fnode;
		struct rcu_head rcu;	/* BPF_F_NO_PREALLOC: on its way out */
		struct bpf_lru_node lru_node;	/* the LRU maps */
	};
	void __percpu *pptr;
	u32 hash;
	u64 key[];
};

/*
 * The element header the kernel counts in its E2BIG limit (measured: a
 * key and value of KMALLOC_MAX_SIZE - 48 bytes are refused).  Ours is
 * bigger by the LRU node.
 */
#define HTAB_ELEM_HDR_LIMIT	48
_Static_assert(sizeof(struct htab_elem) == 56, "htab_elem header");
/* 6.1 sizes the bucket table with this struct size in its -E2BIG check. */
_Static_assert(sizeof(struct bucket) == 16, "bucket size");

static inline struct bpf_htab *to_htab(const struct bpf_map *map)
{
	return container_of(map, struct bpf_htab, map);
}

static inline bool htab_is_prealloc(const struct bpf_htab *htab)
{
	return !(htab->map.map_flags & BPF_F_NO_PREALLOC);
}

static inline bool htab_is_percpu(const struct bpf_htab *htab)
{
	return htab->map.map_type == BPF_MAP_TYPE_PERCPU_HASH ||
	       htab->map.map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Per-CPU maps update values in place and need no spare elements. */
static inline bool htab_is_lru(const struct bpf_htab *htab)
{
	return htab->map.map_type == BPF_MAP_TYPE_LRU_HASH ||
	       htab->map.map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static inline bool htab_has_extra_elems(const struct bpf_htab *htab)
{
	return !htab_is_percpu(htab) && !htab_is_lru(htab);
}

static inline void *htab_elem_value(struct htab_elem *l, u32 key_size)
{
	return (char *)l->key + round_up(key_size, 8);
}

static inline struct htab_elem *get_htab_elem(struct bpf_htab *htab, u32 i)
{
	return (struct htab_elem *)((char *)htab->elems + (u64)i * htab->elem_size);
}

static inline u32 htab_map_hash(const void *key, u32 key_len, u32 hashrnd)
{
	return jhash(key, key_len, hashrnd);
}

static inline struct bucket *__select_bucket(struct bpf_htab *htab, u32 hash)
{
	return &htab->buckets[hash & (htab->n_buckets - 1)];
}

static inline struct hlist_nulls_head *select_bucket(struct bpf_htab *htab, u32 hash)
{
	return &__select_bucket(htab, hash)->head;
}

/*
 * Keys of elements are written and read in whole words with atomic
 * accesses: a lockless reader may look at an element being reused.
 */
static void elem_key_write(struct htab_elem *l, const void *key, u32 key_size)
{
	u32 off;
	u64 w;

	for (off = 0; off < key_size; off += 8) {
		w = 0;
		memcpy(&w, (const char *)key + off, min(8u, key_size - off));
		__atomic_store_n(&l->key[off / 8], w, __ATOMIC_RELAXED);
	}
}

static bool elem_key_equal(const struct htab_elem *l, const void *key, u32 key_size)
{
	u32 off;
	u64 w;

	for (off = 0; off < key_size; off += 8) {
		w = 0;
		memcpy(&w, (const char *)key + off, min(8u, key_size - off));
		if (__atomic_load_n(&l->key[off / 8], __ATOMIC_RELAXED) != w)
			return false;
	}
	return true;
}

static void elem_key_read(void *dst, const struct htab_elem *l, u32 key_size)
{
	u32 off;
	u64 w;

	for (off = 0; off < key_size; off += 8) {
		w = __atomic_load_n(&l->key[off / 8], __ATOMIC_RELAXED);
		memcpy((char *)dst + off, &w, min(8u, key_size - off));
	}
}

static inline bool elem_matches(const struct htab_elem *l, u32 hash,
				const void *key, u32 key_size)
{
	return READ_ONCE(l->hash) == hash && elem_key_equal(l, key, key_size);
}

/* What 6.1 shows as "memlock" in fdinfo: max_entries * (key + user value), page-rounded. */
static u64 htab_map_footprint(const struct bpf_map *map)
{
	u64 value_size = map->value_size;

	if (htab_is_percpu(to_htab(map)))
		value_size = (u64)round_up(map->value_size, 8) * num_possible_cpus();
	return round_up((u64)map->max_entries * round_up(map->key_size + value_size, 8),
			(u64)PAGE_SIZE);
}

/*
 * A hash of maps keeps a struct bpf_map * where the user's value (an fd,
 * 4 bytes) would be: its value area is round_up(4, 8) bytes, enough for
 * a pointer.  Lockless readers may meet an element being reused: the
 * pointer is one atomic word.
 */
static inline bool htab_is_fd_map(const struct bpf_htab *htab)
{
	return htab->map.map_type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

static inline void *fd_htab_map_get_ptr(const struct bpf_map *map,
					struct htab_elem *l)
{
	return __atomic_load_n((void **)htab_elem_value(l, map->key_size),
			       __ATOMIC_RELAXED);
}

/* An element leaves the map: the inner map it held loses that reference. */
static void htab_put_fd_value(struct bpf_htab *htab, struct htab_elem *l)
{
	struct bpf_map *map = &htab->map;

	if (map->ops->map_fd_put_ptr)
		map->ops->map_fd_put_ptr(map, fd_htab_map_get_ptr(map, l), true);
}

/* ---- preallocation ---- */

static bool htab_lru_map_delete_node(void *arg, struct bpf_lru_node *node);
static void htab_lru_push_free(struct bpf_htab *htab, struct htab_elem *l);

static void htab_free_elems(struct bpf_htab *htab)
{
	u32 i;

	if (htab_is_percpu(htab)) {
		for (i = 0; i < htab->nr_elems; i++)
			free_percpu(get_htab_elem(htab, i)->pptr);
	}
	bpf_map_area_free(htab->elems);
	htab->elems = NULL;
}

static int prealloc_init(struct bpf_htab *htab)
{
	u32 nr_extra = htab_has_extra_elems(htab) ? nr_cpu_ids : 0;
	u32 num_entries = htab->map.max_entries + nr_extra, i;
	int err;

	htab->elems = bpf_map_area_alloc((u64)htab->elem_size * num_entries,
					 htab->map.numa_node);
	if (!htab->elems)
		return -ENOMEM;
	htab->nr_elems = num_entries;

	if (htab_is_percpu(htab)) {
		u32 size = round_up(htab->map.value_size, 8);

		for (i = 0; i < num_entries; i++) {
			void __percpu *pptr;

			pptr = __alloc_percpu_gfp(size, 8, GFP_USER | __GFP_NOWARN);
			if (!pptr) {
				err = -ENOMEM;
				goto free_elems;
			}
			get_htab_elem(htab, i)->pptr = pptr;
		}
	}

	if (htab_is_lru(htab))
		err = bpf_lru_init(&htab->lru, htab->map.map_flags & BPF_F_NO_COMMON_LRU,
				   offsetof(struct htab_elem, hash) -
				   offsetof(struct htab_elem, lru_node),
				   htab_lru_map_delete_node, htab);
	else
		err = pcpu_freelist_init(&htab->freelist);
	if (err)
		goto free_elems;
	err = pcpu_freelist_init(&htab->extra_elems);
	if (err)
		goto free_freelist;
	if (htab_is_lru(htab))
		bpf_lru_populate(&htab->lru, htab->elems, offsetof(struct htab_elem, lru_node),
				 htab->elem_size, num_entries);
	else
		pcpu_freelist_populate(&htab->freelist,
				       (char *)htab->elems + offsetof(struct htab_elem, fnode),
				       htab->elem_size, htab->map.max_entries);
	if (nr_extra)
		pcpu_freelist_populate(&htab->extra_elems,
				       (char *)get_htab_elem(htab, htab->map.max_entries) +
				       offsetof(struct htab_elem, fnode),
				       htab->elem_size, nr_extra);
	return 0;

free_freelist:
	if (htab_is_lru(htab))
		bpf_lru_destroy(&htab->lru);
	else
		pcpu_freelist_destroy(&htab->freelist);
free_elems:
	htab_free_elems(htab);
	return err;
}

static void prealloc_destroy(struct bpf_htab *htab)
{
	htab_free_elems(htab);
	pcpu_freelist_destroy(&htab->extra_elems);
	if (htab_is_lru(htab))
		bpf_lru_destroy(&htab->lru);
	else
		pcpu_freelist_destroy(&htab->freelist);
}

/* ---- create and destroy ---- */

/* Called from syscall */
static int htab_map_alloc_check(union bpf_attr *attr)
{
	bool percpu = attr->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
		      attr->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	bool lru = attr->map_type == BPF_MAP_TYPE_LRU_HASH ||
		   attr->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	/* one LRU list per CPU; nothing to do with per-CPU values */
	bool percpu_lru = attr->map_flags & BPF_F_NO_COMMON_LRU;
	bool prealloc = !(attr->map_flags & BPF_F_NO_PREALLOC);
	bool zero_seed = attr->map_flags & BPF_F_ZERO_SEED;
	int numa_node = bpf_map_attr_numa_node(attr);

	if (lru && !bpf_capable())
		return -EPERM;
	/* a fixed seed invites collisions: CAP_SYS_ADMIN only */
	if (zero_seed && !bpf_capable())
		return -EPERM;
	if (attr->map_flags & ~HTAB_CREATE_FLAG_MASK ||
	    !bpf_map_flags_access_ok(attr->map_flags))
		return -EINVAL;
	if (!lru && percpu_lru)
		return -EINVAL;
	if (lru && !prealloc)
		return -ENOTSUPP;
	if (numa_node != NUMA_NO_NODE && (percpu || percpu_lru))
		return -EINVAL;
	/* value_size 0 (a set) is not allowed in 6.1 */
	if (attr->max_entries == 0 || attr->key_size == 0 ||
	    attr->value_size == 0)
		return -EINVAL;
	/* bigger elements could not go through bpf(2) in one piece */
	if ((u64)attr->key_size + attr->value_size >=
	    KMALLOC_MAX_SIZE - HTAB_ELEM_HDR_LIMIT)
		return -E2BIG;
	if (percpu && round_up(attr->value_size, 8) > PCPU_MIN_UNIT_SIZE)
		return -E2BIG;
	return 0;
}

static struct bpf_map *htab_map_alloc(union bpf_attr *attr)
{
	struct bpf_htab *htab;
	u32 i;
	int err;

	htab = bpf_map_area_alloc(sizeof(*htab), NUMA_NO_NODE);
	if (!htab)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&htab->map, attr);
	if (attr->map_flags & BPF_F_NO_COMMON_LRU) {
		/* as many elements on each CPU's list, at least one */
		u32 n = nr_cpu_ids;

		htab->map.max_entries = roundup(attr->max_entries, n);
		if (htab->map.max_entries < attr->max_entries)
			htab->map.max_entries = rounddown(attr->max_entries, n);
	}
	/* no BTF yet: map_create finds the special fields after alloc */
	htab->map.spin_lock_off = -EINVAL;
	htab->map.timer_off = -EINVAL;

	/* the table size is a power of two, and the check keeps it in u32 */
	err = -E2BIG;
	if (htab->map.max_entries > 1UL << 31)
		goto free_htab;
	htab->n_buckets = roundup_pow_of_two(htab->map.max_entries);
	htab->elem_size = sizeof(struct htab_elem) + round_up(htab->map.key_size, 8);
	if (!htab_is_percpu(htab))
		htab->elem_size += round_up(htab->map.value_size, 8);
	if (htab->n_buckets > U32_MAX / sizeof(struct bucket))
		goto free_htab;

	err = -ENOMEM;
	htab->buckets = bpf_map_area_alloc((u64)htab->n_buckets * sizeof(struct bucket),
					   htab->map.numa_node);
	if (!htab->buckets)
		goto free_htab;
	for (i = 0; i < htab->n_buckets; i++) {
		htab->buckets[i].head.first = nulls_marker(i);
		raw_spin_lock_init(&htab->buckets[i].raw_lock);
	}
	htab->hashrnd = (htab->map.map_flags & BPF_F_ZERO_SEED) ? 0 : get_random_u32();
	atomic_set(&htab->count, 0);

	if (htab_is_prealloc(htab)) {
		err = prealloc_init(htab);
		if (err)
			goto free_buckets;
	}
	htab->map.memory_usage = htab_map_footprint(&htab->map);
	return &htab->map;

free_buckets:
	bpf_map_area_free(htab->buckets);
free_htab:
	bpf_map_area_free(htab);
	return ERR_PTR(err);
}

/* A BPF_F_NO_PREALLOC element, once no reader can hold it any more. */
static void htab_elem_free_rcu(struct rcu_head *head)
{
	struct htab_elem *l = container_of(head, struct htab_elem, rcu);

	rcu_callback_enter();
	free_percpu(l->pptr);
	kfree(l);
}

static void delete_all_elements(struct bpf_htab *htab)
{
	struct hlist_nulls_node *n, *next;
	u32 i;

	for (i = 0; i < htab->n_buckets; i++) {
		for (n = htab->buckets[i].head.first; !is_a_nulls(n); n = next) {
			struct htab_elem *l = container_of(n, struct htab_elem, hash_node);

			next = n->next;
			free_percpu(l->pptr);
			kfree(l);
		}
		htab->buckets[i].head.first = nulls_marker(i);
	}
}

/* Called after the last reference and a grace period: nobody reads the map. */
static void htab_map_free(struct bpf_map *map)
{
	struct bpf_htab *htab = to_htab(map);

	/*
	 * Elements already handed to call_rcu() free themselves: their
	 * callback does not look at the map.
	 */
	if (htab_is_prealloc(htab))
		prealloc_destroy(htab);
	else
		delete_all_elements(htab);
	bpf_map_area_free(htab->buckets);
	bpf_map_area_free(htab);
}

/* ---- lookup ---- */

/* Under the bucket lock: the list cannot change. */
static struct htab_elem *lookup_elem_raw(struct hlist_nulls_head *head, u32 hash,
					 const void *key, u32 key_size)
{
	struct hlist_nulls_node *n;

	for (n = READ_ONCE(head->first); !is_a_nulls(n); n = READ_ONCE(n->next)) {
		struct htab_elem *l = container_of(n, struct htab_elem, hash_node);

		if (elem_matches(l, hash, key, key_size))
			return l;
	}
	return NULL;
}

/*
 * Without the lock, under RCU.  A walk that ends on another bucket's
 * marker was carried away by a reused element: walk again.
 */
static struct htab_elem *lookup_nulls_elem_raw(struct hlist_nulls_head *head,
					       u32 hash, const void *key,
					       u32 key_size, u32 n_buckets)
{
	struct hlist_nulls_node *n;

again:
	for (n = hlist_nulls_first_rcu(head); !is_a_nulls(n); n = hlist_nulls_next_rcu(n)) {
		struct htab_elem *l = container_of(n, struct htab_elem, hash_node);

		if (elem_matches(l, hash, key, key_size))
			return l;
	}
	if (unlikely(get_nulls_value(n) != (hash & (n_buckets - 1))))
		goto again;
	return NULL;
}

static struct htab_elem *__htab_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct bpf_htab *htab = to_htab(map);
	u32 key_size = map->key_size;
	u32 hash = htab_map_hash(key, key_size, htab->hashrnd);

	return lookup_nulls_elem_raw(select_bucket(htab, hash), hash, key,
				     key_size, htab->n_buckets);
}

/* Called from syscall or from eBPF program */
static void *htab_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	return l ? htab_elem_value(l, map->key_size) : NULL;
}

/* Called from eBPF program: this CPU's copy */
static void *htab_percpu_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	return l ? this_cpu_ptr(l->pptr) : NULL;
}

static void *htab_percpu_map_lookup_percpu_elem(struct bpf_map *map, void *key,
						u32 cpu)
{
	struct htab_elem *l;

	if (cpu >= nr_cpu_ids)
		return NULL;
	l = __htab_map_lookup_elem(map, key);
	return l ? per_cpu_ptr(l->pptr, cpu) : NULL;
}

/* Called from syscall, under RCU: next key in bucket order, or the first. */
static int htab_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	struct bpf_htab *htab = to_htab(map);
	struct hlist_nulls_node *n;
	u32 hash, key_size = map->key_size, i = 0;
	struct htab_elem *l;

	if (!key)
		goto find_first_elem;
	hash = htab_map_hash(key, key_size, htab->hashrnd);
	l = lookup_nulls_elem_raw(select_bucket(htab, hash), hash, key, key_size,
				  htab->n_buckets);
	/* a key that is not (or no longer) there restarts the walk */
	if (!l)
		goto find_first_elem;
	n = hlist_nulls_next_rcu(&l->hash_node);
	if (!is_a_nulls(n)) {
		elem_key_read(next_key, container_of(n, struct htab_elem, hash_node),
			      key_size);
		return 0;
	}
	i = (hash & (htab->n_buckets - 1)) + 1;

find_first_elem:
	for (; i < htab->n_buckets; i++) {
		n = hlist_nulls_first_rcu(&htab->buckets[i].head);
		if (!is_a_nulls(n)) {
			elem_key_read(next_key,
				      container_of(n, struct htab_elem, hash_node),
				      key_size);
			return 0;
		}
	}
	return -ENOENT;
}

/* ---- update and delete ---- */

static void pcpu_copy_value(struct bpf_htab *htab, void __percpu *pptr,
			    const void *value, bool onallcpus)
{
	u32 size = round_up(htab->map.value_size, 8);
	unsigned int cpu;
	u64 off = 0;

	if (!onallcpus) {
		memcpy(this_cpu_ptr(pptr), value, htab->map.value_size);
		return;
	}
	for_each_possible_cpu(cpu) {
		memcpy(per_cpu_ptr(pptr, cpu), (const char *)value + off, size);
		off += size;
	}
}

/*
 * A new element from a program holds the value on this CPU and zeros on
 * the others, so that a program knows what every CPU starts from.
 */
static void pcpu_init_value(struct bpf_htab *htab, void __percpu *pptr,
			    const void *value, bool onallcpus)
{
	u32 size = round_up(htab->map.value_size, 8);
	unsigned int cpu;

	if (onallcpus) {
		pcpu_copy_value(htab, pptr, value, true);
		return;
	}
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(pptr, cpu), 0, size);
	memcpy(this_cpu_ptr(pptr), value, htab->map.value_size);
}

static struct htab_elem *htab_pop_prealloc(struct bpf_htab *htab, bool replacing)
{
	struct pcpu_freelist_node *node;

	if (!replacing || !htab_has_extra_elems(htab)) {
		node = pcpu_freelist_pop(&htab->freelist);
		return node ? container_of(node, struct htab_elem, fnode) : NULL;
	}
	/*
	 * There are nr_cpu_ids spares and each replacement gives one back
	 * before it returns without waiting on anything: when more threads
	 * than that replace at once, the extra ones wait here briefly.
	 */
	while (!(node = pcpu_freelist_pop(&htab->extra_elems)))
		cpu_relax();
	return container_of(node, struct htab_elem, fnode);
}

static struct htab_elem *alloc_htab_elem(struct bpf_htab *htab, void *key,
					 void *value, u32 key_size, u32 hash,
					 bool percpu, bool onallcpus,
					 struct htab_elem *old_elem)
{
	struct htab_elem *l_new;

	if (htab_is_prealloc(htab)) {
		l_new = htab_pop_prealloc(htab, old_elem != NULL);
		/* every preallocated element is in use */
		if (!l_new)
			return ERR_PTR(-E2BIG);
	} else {
		/* a full map may still replace: the old element goes at once */
		if ((u32)atomic_inc_return(&htab->count) > htab->map.max_entries &&
		    !old_elem) {
			atomic_dec(&htab->count);
			return ERR_PTR(-E2BIG);
		}
		l_new = kzalloc(htab->elem_size, GFP_ATOMIC | __GFP_NOWARN);
		if (!l_new)
			goto enomem;
		if (percpu) {
			l_new->pptr = __alloc_percpu_gfp(round_up(htab->map.value_size, 8),
							 8, GFP_ATOMIC | __GFP_NOWARN);
			if (!l_new->pptr) {
				kfree(l_new);
				goto enomem;
			}
		}
	}

	elem_key_write(l_new, key, key_size);
	if (percpu)
		pcpu_init_value(htab, l_new->pptr, value, onallcpus);
	else if (htab_is_fd_map(htab))
		__atomic_store_n((void **)htab_elem_value(l_new, key_size),
				 *(void **)value, __ATOMIC_RELAXED);
	else
		copy_map_value(&htab->map, htab_elem_value(l_new, key_size), value);
	WRITE_ONCE(l_new->hash, hash);
	return l_new;

enomem:
	atomic_dec(&htab->count);
	return ERR_PTR(-ENOMEM);
}

/* An element no longer in any list. */
static void free_htab_elem(struct bpf_htab *htab, struct htab_elem *l)
{
	htab_put_fd_value(htab, l);
	if (htab_is_prealloc(htab)) {
		pcpu_freelist_push(&htab->freelist, &l->fnode);
	} else {
		atomic_dec(&htab->count);
		call_rcu(&l->rcu, htab_elem_free_rcu);
	}
}

static int check_flags(struct htab_elem *l_old, u64 map_flags)
{
	if (l_old && (map_flags & ~BPF_F_LOCK) == BPF_NOEXIST)
		return -EEXIST;
	if (!l_old && (map_flags & ~BPF_F_LOCK) == BPF_EXIST)
		return -ENOENT;
	return 0;
}

/* Called from syscall or from eBPF program, under RCU */
static int htab_map_update_elem(struct bpf_map *map, void *key, void *value,
				u64 map_flags)
{
	struct bpf_htab *htab = to_htab(map);
	struct htab_elem *l_new, *l_old;
	struct hlist_nulls_head *head;
	u32 key_size = map->key_size, hash;
	struct bucket *b;
	int ret;

	if (unlikely((map_flags & ~BPF_F_LOCK) > BPF_EXIST))
		return -EINVAL;

	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = __select_bucket(htab, hash);
	head = &b->head;

	if (unlikely(map_flags & BPF_F_LOCK)) {
		if (unlikely(!map_value_has_spin_lock(map)))
			return -EINVAL;
		/* the value's own lock is enough to update it in place */
		l_old = lookup_nulls_elem_raw(head, hash, key, key_size,
					      htab->n_buckets);
		ret = check_flags(l_old, map_flags);
		if (ret)
			return ret;
		if (l_old) {
			copy_map_value_locked(map, htab_elem_value(l_old, key_size),
					      value, false);
			return 0;
		}
		/* not there: insert under the bucket lock, looking once more */
	}

	raw_spin_lock(&b->raw_lock);
	l_old = lookup_elem_raw(head, hash, key, key_size);
	ret = check_flags(l_old, map_flags);
	if (ret)
		goto err;
	if (unlikely(l_old && (map_flags & BPF_F_LOCK))) {
		/* it appeared in between */
		copy_map_value_locked(map, htab_elem_value(l_old, key_size),
				      value, false);
		goto err;
	}

	l_new = alloc_htab_elem(htab, key, value, key_size, hash, false, false,
				l_old);
	if (IS_ERR(l_new)) {
		ret = PTR_ERR(l_new);
		goto err;
	}
	/* at the head, so that a concurrent lookup finds the new one first */
	hlist_nulls_add_head_rcu(&l_new->hash_node, head);
	if (l_old)
		hlist_nulls_del_rcu(&l_old->hash_node);
	raw_spin_unlock(&b->raw_lock);

	if (l_old) {
		if (htab_is_prealloc(htab)) {
			htab_put_fd_value(htab, l_old);
			pcpu_freelist_push(&htab->extra_elems, &l_old->fnode);
		} else {
			free_htab_elem(htab, l_old);
		}
	}
	return 0;
err:
	raw_spin_unlock(&b->raw_lock);
	return ret;
}

static int __htab_percpu_map_update_elem(struct bpf_map *map, void *key,
					 void *value, u64 map_flags,
					 bool onallcpus)
{
	struct bpf_htab *htab = to_htab(map);
	struct htab_elem *l_new, *l_old;
	struct hlist_nulls_head *head;
	u32 key_size = map->key_size, hash;
	struct bucket *b;
	int ret;

	if (unlikely(map_flags > BPF_EXIST))
		return -EINVAL;

	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = __select_bucket(htab, hash);
	head = &b->head;

	raw_spin_lock(&b->raw_lock);
	l_old = lookup_elem_raw(head, hash, key, key_size);
	ret = check_flags(l_old, map_flags);
	if (ret)
		goto out;
	if (l_old) {
		/* per-CPU values are updated in place */
		pcpu_copy_value(htab, l_old->pptr, value, onallcpus);
	} else {
		l_new = alloc_htab_elem(htab, key, value, key_size, hash, true,
					onallcpus, NULL);
		if (IS_ERR(l_new)) {
			ret = PTR_ERR(l_new);
			goto out;
		}
		hlist_nulls_add_head_rcu(&l_new->hash_node, head);
	}
out:
	raw_spin_unlock(&b->raw_lock);
	return ret;
}

/* Called from eBPF program: this CPU's value */
static int htab_percpu_map_update_elem(struct bpf_map *map, void *key,
				       void *value, u64 map_flags)
{
	return __htab_percpu_map_update_elem(map, key, value, map_flags, false);
}

/* Syscall update: every CPU's value from the user buffer (round_up(value_size, 8) each). */
static int htab_percpu_map_update_value(struct bpf_map *map, void *key,
					void *value, u64 map_flags)
{
	int ret;

	rcu_read_lock();
	ret = __htab_percpu_map_update_elem(map, key, value, map_flags, true);
	rcu_read_unlock();
	return ret;
}

/* Syscall lookup: every CPU's value into the user buffer. */
static int htab_percpu_map_copy_value(struct bpf_map *map, void *key,
				      void *value, u64 flags)
{
	u32 size = round_up(map->value_size, 8);
	struct htab_elem *l;
	unsigned int cpu;
	u64 off = 0;
	int ret = -ENOENT;

	rcu_read_lock();
	l = __htab_map_lookup_elem(map, key);
	if (l) {
		for_each_possible_cpu(cpu) {
			memcpy((char *)value + off, per_cpu_ptr(l->pptr, cpu), size);
			off += size;
		}
		ret = 0;
	}
	rcu_read_unlock();
	return ret;
}

/* The element of @key, out of its bucket (NULL: none); the caller frees it. */
static struct htab_elem *htab_unlink_elem(struct bpf_htab *htab, void *key)
{
	u32 key_size = htab->map.key_size, hash;
	struct htab_elem *l;
	struct bucket *b;

	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = __select_bucket(htab, hash);
	raw_spin_lock(&b->raw_lock);
	l = lookup_elem_raw(&b->head, hash, key, key_size);
	if (l)
		hlist_nulls_del_rcu(&l->hash_node);
	raw_spin_unlock(&b->raw_lock);
	return l;
}

/* Called from syscall or from eBPF program, under RCU */
static int htab_map_delete_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = htab_unlink_elem(to_htab(map), key);

	if (!l)
		return -ENOENT;
	free_htab_elem(to_htab(map), l);
	return 0;
}

/* BPF_MAP_LOOKUP_AND_DELETE_ELEM: the value as lookup shows it, then gone. */
static int __htab_map_lookup_and_delete_elem(struct bpf_map *map, void *key,
					     void *value, bool is_percpu,
					     u64 flags)
{
	struct bpf_htab *htab = to_htab(map);
	u32 key_size = map->key_size, hash;
	struct htab_elem *l;
	struct bucket *b;

	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = __select_bucket(htab, hash);

	raw_spin_lock(&b->raw_lock);
	l = lookup_elem_raw(&b->head, hash, key, key_size);
	if (!l) {
		raw_spin_unlock(&b->raw_lock);
		return -ENOENT;
	}
	if (is_percpu) {
		u32 size = round_up(map->value_size, 8);
		unsigned int cpu;
		u64 off = 0;

		for_each_possible_cpu(cpu) {
			memcpy((char *)value + off, per_cpu_ptr(l->pptr, cpu), size);
			off += size;
		}
	} else {
		void *src = htab_elem_value(l, key_size);

		if (flags & BPF_F_LOCK)
			copy_map_value_locked(map, value, src, true);
		else
			copy_map_value(map, value, src);
		/* user space never sees the lock or the timer */
		zero_map_value_special(map, value);
	}
	hlist_nulls_del_rcu(&l->hash_node);
	raw_spin_unlock(&b->raw_lock);
	if (htab_is_lru(htab))
		htab_lru_push_free(htab, l);
	else
		free_htab_elem(htab, l);
	return 0;
}

static int htab_map_lookup_and_delete_elem(struct bpf_map *map, void *key,
					   void *value, u64 flags)
{
	return __htab_map_lookup_and_delete_elem(map, key, value, false, flags);
}

static int htab_percpu_map_lookup_and_delete_elem(struct bpf_map *map,
						  void *key, void *value,
						  u64 flags)
{
	return __htab_map_lookup_and_delete_elem(map, key, value, true, flags);
}

/*
 * bpf_for_each_map_elem(): callback(map, key, value, ctx, 0) per element
 * in bucket order (per-CPU maps: this CPU's value); the callback may
 * delete the element it is given.  Returns how many were visited.
 */
static int bpf_for_each_hash_elem(struct bpf_map *map, bpf_callback_t callback_fn,
				  void *callback_ctx, u64 flags)
{
	struct bpf_htab *htab = to_htab(map);
	bool is_percpu = htab_is_percpu(htab);
	struct hlist_nulls_node *n, *next;
	int num_elems = 0;
	u32 i;

	if (flags != 0)
		return -EINVAL;
	for (i = 0; i < htab->n_buckets; i++) {
		rcu_read_lock();
		for (n = hlist_nulls_first_rcu(&htab->buckets[i].head);
		     !is_a_nulls(n); n = next) {
			struct htab_elem *l = container_of(n, struct htab_elem, hash_node);
			void *val;

			next = hlist_nulls_next_rcu(n);
			val = is_percpu ? this_cpu_ptr(l->pptr) :
					  htab_elem_value(l, map->key_size);
			num_elems++;
			/* 0: go on, 1: stop */
			if (callback_fn((u64)(unsigned long)map,
					(u64)(unsigned long)l->key,
					(u64)(unsigned long)val,
					(u64)(unsigned long)callback_ctx, 0)) {
				rcu_read_unlock();
				return num_elems;
			}
		}
		rcu_read_unlock();
	}
	return num_elems;
}

/* ---- LRU maps ---- */

/* The LRU evicts this element: out of its bucket, if it is still in one. */
static bool htab_lru_map_delete_node(void *arg, struct bpf_lru_node *node)
{
	struct htab_elem *tgt = container_of(node, struct htab_elem, lru_node);
	struct bpf_htab *htab = arg;
	struct hlist_nulls_node *n;
	bool found = false;
	struct bucket *b;

	b = __select_bucket(htab, READ_ONCE(tgt->hash));
	raw_spin_lock(&b->raw_lock);
	for (n = b->head.first; !is_a_nulls(n); n = n->next) {
		if (container_of(n, struct htab_elem, hash_node) == tgt) {
			hlist_nulls_del_rcu(&tgt->hash_node);
			found = true;
			break;
		}
	}
	raw_spin_unlock(&b->raw_lock);
	return found;
}

/* A node for @key, evicting if need be; taken before any bucket lock. */
static struct htab_elem *prealloc_lru_pop(struct bpf_htab *htab, void *key, u32 hash)
{
	struct bpf_lru_node *node = bpf_lru_pop_free(&htab->lru, hash);
	struct htab_elem *l;

	if (!node)
		return NULL;
	l = container_of(node, struct htab_elem, lru_node);
	elem_key_write(l, key, htab->map.key_size);
	return l;
}

static void htab_lru_push_free(struct bpf_htab *htab, struct htab_elem *l)
{
	bpf_lru_push_free(&htab->lru, &l->lru_node);
}

/* Called from eBPF program: a hit marks the element used. */
static void *htab_lru_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (!l)
		return NULL;
	bpf_lru_node_set_ref(&l->lru_node);
	return htab_elem_value(l, map->key_size);
}

/* Called from syscall: user space reading does not count as use. */
static void *htab_lru_map_lookup_elem_sys(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	return l ? htab_elem_value(l, map->key_size) : NULL;
}

static void *htab_lru_percpu_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	if (!l)
		return NULL;
	bpf_lru_node_set_ref(&l->lru_node);
	return this_cpu_ptr(l->pptr);
}

static void *htab_lru_percpu_map_lookup_percpu_elem(struct bpf_map *map, void *key, u32 cpu)
{
	struct htab_elem *l;

	if (cpu >= nr_cpu_ids)
		return NULL;
	l = __htab_map_lookup_elem(map, key);
	if (!l)
		return NULL;
	bpf_lru_node_set_ref(&l->lru_node);
	return per_cpu_ptr(l->pptr, cpu);
}

/*
 * A new element always (no spare needed: the LRU has a node or evicts
 * one); it replaces the old one, which keeps its "used" mark in the new.
 * BPF_F_LOCK is not taken here, as in 6.1.
 */
static int htab_lru_map_update_elem(struct bpf_map *map, void *key, void *value,
				    u64 map_flags)
{
	struct bpf_htab *htab = to_htab(map);
	struct htab_elem *l_new, *l_old;
	u32 key_size = map->key_size, hash;
	struct bucket *b;
	int ret;

	if (unlikely(map_flags > BPF_EXIST))
		return -EINVAL;
	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = __select_bucket(htab, hash);

	l_new = prealloc_lru_pop(htab, key, hash);
	if (!l_new)
		return -ENOMEM;
	copy_map_value(map, htab_elem_value(l_new, key_size), value);
	WRITE_ONCE(l_new->hash, hash);

	raw_spin_lock(&b->raw_lock);
	l_old = lookup_elem_raw(&b->head, hash, key, key_size);
	ret = check_flags(l_old, map_flags);
	if (!ret) {
		hlist_nulls_add_head_rcu(&l_new->hash_node, &b->head);
		if (l_old) {
			bpf_lru_node_set_ref(&l_new->lru_node);
			hlist_nulls_del_rcu(&l_old->hash_node);
		}
	}
	raw_spin_unlock(&b->raw_lock);

	if (ret)
		htab_lru_push_free(htab, l_new);
	else if (l_old)
		htab_lru_push_free(htab, l_old);
	return ret;
}

/* Per-CPU values are updated in place; a node is only taken for a new key. */
static int __htab_lru_percpu_map_update_elem(struct bpf_map *map, void *key, void *value,
					     u64 map_flags, bool onallcpus)
{
	struct bpf_htab *htab = to_htab(map);
	struct htab_elem *l_new = NULL, *l_old;
	u32 key_size = map->key_size, hash;
	struct bucket *b;
	int ret;

	if (unlikely(map_flags > BPF_EXIST))
		return -EINVAL;
	hash = htab_map_hash(key, key_size, htab->hashrnd);
	b = __select_bucket(htab, hash);

	if (map_flags != BPF_EXIST) {
		l_new = prealloc_lru_pop(htab, key, hash);
		if (!l_new)
			return -ENOMEM;
		WRITE_ONCE(l_new->hash, hash);
	}

	raw_spin_lock(&b->raw_lock);
	l_old = lookup_elem_raw(&b->head, hash, key, key_size);
	ret = check_flags(l_old, map_flags);
	if (!ret) {
		if (l_old) {
			bpf_lru_node_set_ref(&l_old->lru_node);
			pcpu_copy_value(htab, l_old->pptr, value, onallcpus);
		} else {
			pcpu_init_value(htab, l_new->pptr, value, onallcpus);
			hlist_nulls_add_head_rcu(&l_new->hash_node, &b->head);
			l_new = NULL;
		}
	}
	raw_spin_unlock(&b->raw_lock);

	if (l_new)
		htab_lru_push_free(htab, l_new);
	return ret;
}

static int htab_lru_percpu_map_update_elem(struct bpf_map *map, void *key, void *value,
					   u64 map_flags)
{
	return __htab_lru_percpu_map_update_elem(map, key, value, map_flags, false);
}

static int htab_lru_percpu_map_update_value(struct bpf_map *map, void *key, void *value,
					    u64 map_flags)
{
	int ret;

	rcu_read_lock();
	ret = __htab_lru_percpu_map_update_elem(map, key, value, map_flags, true);
	rcu_read_unlock();
	return ret;
}

static int htab_lru_map_delete_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = htab_unlink_elem(to_htab(map), key);

	if (!l)
		return -ENOENT;
	htab_lru_push_free(to_htab(map), l);
	return 0;
}

/* ---- batch commands: a bucket at a time ---- */

/*
 * The batch cursor is a bucket index: in_batch says where to start,
 * out_batch where to go on.  A bucket is taken whole or not at all: one
 * that does not fit in what is left of attr->batch.count ends the batch,
 * with ENOSPC if nothing was taken yet.  Reaching the last bucket is
 * ENOENT, with the elements copied so far.  The elements of a bucket are
 * copied out under its lock, then to user space after it (no faulting
 * copy under a spinlock); with @do_delete they leave the map there and are
 * freed through @free_elem once the lock is dropped (an LRU map frees
 * through its list, whose lock comes before a bucket's).
 */
static int __htab_map_lookup_and_delete_batch(struct bpf_map *map, const union bpf_attr *attr,
					      union bpf_attr __user *uattr, bool do_delete,
					      bool is_percpu,
					      void (*free_elem)(struct bpf_htab *htab,
								struct htab_elem *l))
{
	struct bpf_htab *htab = to_htab(map);
	u8 __user *uvalues = u64_to_user_ptr(attr->batch.values);
	u8 __user *ukeys = u64_to_user_ptr(attr->batch.keys);
	void __user *ubatch = u64_to_user_ptr(attr->batch.in_batch);
	u64 elem_map_flags = attr->batch.elem_flags;
	u32 key_size = map->key_size, value_size = map->value_size;
	u32 size = round_up(map->value_size, 8);
	u32 batch = 0, total = 0, max_count, bucket_cnt, bucket_size = 5, i;
	struct htab_elem **to_free = NULL, *l;
	u8 *keys = NULL, *values = NULL;
	struct hlist_nulls_node *n;
	struct bucket *b;
	int ret = 0;

	if ((elem_map_flags & ~BPF_F_LOCK) ||
	    ((elem_map_flags & BPF_F_LOCK) && !map_value_has_spin_lock(map)))
		return -EINVAL;
	if (attr->batch.flags)
		return -EINVAL;
	max_count = attr->batch.count;
	if (!max_count)
		return 0;
	if (put_user(0, &uattr->batch.count))
		return -EFAULT;
	if (ubatch && copy_from_user(&batch, ubatch, sizeof(batch)))
		return -EFAULT;
	if (batch >= htab->n_buckets)
		return -ENOENT;
	if (is_percpu)
		value_size = size * num_possible_cpus();

alloc:
	keys = kmalloc_array(bucket_size, key_size, GFP_USER);
	values = kmalloc_array(bucket_size, value_size, GFP_USER);
	to_free = kmalloc_array(bucket_size, sizeof(*to_free), GFP_USER);
	if (!keys || !values || !to_free) {
		ret = -ENOMEM;
		goto after_loop;
	}

	for (;;) {
		u8 *dst_key = keys, *dst_val = values;
		u32 nr_free = 0;

		b = &htab->buckets[batch];
		raw_spin_lock(&b->raw_lock);
		bucket_cnt = 0;
		for (n = b->head.first; !is_a_nulls(n); n = n->next)
			bucket_cnt++;
		if (bucket_cnt > max_count - total) {
			raw_spin_unlock(&b->raw_lock);
			if (total == 0)
				ret = -ENOSPC;
			goto after_loop;
		}
		if (bucket_cnt > bucket_size) {
			/* a bigger bucket than room for: grow and take it again */
			raw_spin_unlock(&b->raw_lock);
			bucket_size = bucket_cnt;
			kfree(keys);
			kfree(values);
			kfree(to_free);
			goto alloc;
		}
		for (n = b->head.first; !is_a_nulls(n); n = n->next) {
			l = container_of(n, struct htab_elem, hash_node);
			memcpy(dst_key, l->key, key_size);
			if (is_percpu) {
				unsigned int cpu;
				u64 off = 0;

				for_each_possible_cpu(cpu) {
					memcpy(dst_val + off, per_cpu_ptr(l->pptr, cpu), size);
					off += size;
				}
			} else if (map->map_type == BPF_MAP_TYPE_HASH_OF_MAPS) {
				/* user space sees the inner map's id */
				u32 id = map->ops->map_fd_sys_lookup_elem(fd_htab_map_get_ptr(map, l));

				memcpy(dst_val, &id, sizeof(id));
			} else {
				void *src = htab_elem_value(l, key_size);

				if (elem_map_flags & BPF_F_LOCK)
					copy_map_value_locked(map, dst_val, src, true);
				else
					copy_map_value(map, dst_val, src);
				zero_map_value_special(map, dst_val);
			}
			if (do_delete)
				to_free[nr_free++] = l;
			dst_key += key_size;
			dst_val += value_size;
		}
		for (i = 0; i < nr_free; i++)
			hlist_nulls_del_rcu(&to_free[i]->hash_node);
		raw_spin_unlock(&b->raw_lock);
		for (i = 0; i < nr_free; i++)
			free_elem(htab, to_free[i]);

		if (bucket_cnt &&
		    (copy_to_user(ukeys + (u64)total * key_size, keys, (u64)key_size * bucket_cnt) ||
		     copy_to_user(uvalues + (u64)total * value_size, values,
				  (u64)value_size * bucket_cnt))) {
			ret = -EFAULT;
			goto after_loop;
		}
		total += bucket_cnt;
		if (++batch >= htab->n_buckets) {
			ret = -ENOENT;
			goto after_loop;
		}
	}

after_loop:
	if (ret != -EFAULT &&
	    (copy_to_user(u64_to_user_ptr(attr->batch.out_batch), &batch, sizeof(batch)) ||
	     put_user(total, &uattr->batch.count)))
		ret = -EFAULT;
	kfree(keys);
	kfree(values);
	kfree(to_free);
	return ret;
}

static int htab_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
				 union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, false, false, free_htab_elem);
}

static int htab_map_lookup_and_delete_batch(struct bpf_map *map, const union bpf_attr *attr,
					    union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, true, false, free_htab_elem);
}

static int htab_percpu_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
					union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, false, true, free_htab_elem);
}

static int htab_percpu_map_lookup_and_delete_batch(struct bpf_map *map,
						   const union bpf_attr *attr,
						   union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, true, true, free_htab_elem);
}

static int htab_lru_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
				     union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, false, false,
						  htab_lru_push_free);
}

static int htab_lru_map_lookup_and_delete_batch(struct bpf_map *map, const union bpf_attr *attr,
						union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, true, false,
						  htab_lru_push_free);
}

static int htab_lru_percpu_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
					    union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, false, true,
						  htab_lru_push_free);
}

static int htab_lru_percpu_map_lookup_and_delete_batch(struct bpf_map *map,
						       const union bpf_attr *attr,
						       union bpf_attr __user *uattr)
{
	return __htab_map_lookup_and_delete_batch(map, attr, uattr, true, true,
						  htab_lru_push_free);
}

/*
 * 6.1's hash maps have no map_check_btf: the generic checks of
 * map_create are all there is.
 */
const struct bpf_map_ops htab_map_ops = {
	.map_lookup_batch = htab_map_lookup_batch,
	.map_lookup_and_delete_batch = htab_map_lookup_and_delete_batch,
	.map_update_batch = generic_map_update_batch,
	.map_delete_batch = generic_map_delete_batch,
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_map_lookup_elem,
	.map_lookup_and_delete_elem = htab_map_lookup_and_delete_elem,
	.map_update_elem = htab_map_update_elem,
	.map_delete_elem = htab_map_delete_elem,
	.map_for_each_callback = bpf_for_each_hash_elem,
};

const struct bpf_map_ops htab_percpu_map_ops = {
	.map_lookup_batch = htab_percpu_map_lookup_batch,
	.map_lookup_and_delete_batch = htab_percpu_map_lookup_and_delete_batch,
	.map_update_batch = generic_map_update_batch,
	.map_delete_batch = generic_map_delete_batch,
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_percpu_map_lookup_elem,
	.map_lookup_and_delete_elem = htab_percpu_map_lookup_and_delete_elem,
	.map_update_elem = htab_percpu_map_update_elem,
	.map_delete_elem = htab_map_delete_elem,
	.map_lookup_percpu_elem = htab_percpu_map_lookup_percpu_elem,
	.map_for_each_callback = bpf_for_each_hash_elem,
	.map_copy_value = htab_percpu_map_copy_value,
	.map_update_value = htab_percpu_map_update_value,
};

const struct bpf_map_ops htab_lru_map_ops = {
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_lru_map_lookup_elem,
	.map_lookup_elem_sys_only = htab_lru_map_lookup_elem_sys,
	.map_lookup_and_delete_elem = htab_map_lookup_and_delete_elem,
	.map_update_elem = htab_lru_map_update_elem,
	.map_delete_elem = htab_lru_map_delete_elem,
	.map_for_each_callback = bpf_for_each_hash_elem,
	.map_lookup_batch = htab_lru_map_lookup_batch,
	.map_lookup_and_delete_batch = htab_lru_map_lookup_and_delete_batch,
	.map_update_batch = generic_map_update_batch,
	.map_delete_batch = generic_map_delete_batch,
};

const struct bpf_map_ops htab_lru_percpu_map_ops = {
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc_check = htab_map_alloc_check,
	.map_alloc = htab_map_alloc,
	.map_free = htab_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_lru_percpu_map_lookup_elem,
	.map_lookup_and_delete_elem = htab_percpu_map_lookup_and_delete_elem,
	.map_update_elem = htab_lru_percpu_map_update_elem,
	.map_delete_elem = htab_lru_map_delete_elem,
	.map_lookup_percpu_elem = htab_lru_percpu_map_lookup_percpu_elem,
	.map_for_each_callback = bpf_for_each_hash_elem,
	.map_copy_value = htab_percpu_map_copy_value,
	.map_update_value = htab_lru_percpu_map_update_value,
	.map_lookup_batch = htab_lru_percpu_map_lookup_batch,
	.map_lookup_and_delete_batch = htab_lru_percpu_map_lookup_and_delete_batch,
	.map_update_batch = generic_map_update_batch,
	.map_delete_batch = generic_map_delete_batch,
};

/* ---- hash of maps: inner maps by key, looked up by programs ---- */

static int fd_htab_map_alloc_check(union bpf_attr *attr)
{
	/* user space stores fds, 4 bytes */
	if (attr->value_size != sizeof(u32))
		return -EINVAL;
	return htab_map_alloc_check(attr);
}

static struct bpf_map *htab_of_map_alloc(union bpf_attr *attr)
{
	struct bpf_map *map, *inner_map_meta;

	inner_map_meta = bpf_map_meta_alloc(attr->inner_map_fd);
	if (IS_ERR(inner_map_meta))
		return inner_map_meta;

	map = htab_map_alloc(attr);
	if (IS_ERR(map)) {
		bpf_map_meta_free(inner_map_meta);
		return map;
	}
	map->inner_map_meta = inner_map_meta;
	return map;
}

/* No program can see the map any more: the elements let go without waiting. */
static void htab_of_map_free(struct bpf_map *map)
{
	struct bpf_htab *htab = to_htab(map);
	struct hlist_nulls_node *n;
	u32 i;

	bpf_map_meta_free(map->inner_map_meta);
	map->inner_map_meta = NULL;
	for (i = 0; i < htab->n_buckets; i++) {
		for (n = htab->buckets[i].head.first; !is_a_nulls(n); n = n->next) {
			struct htab_elem *l = container_of(n, struct htab_elem, hash_node);

			map->ops->map_fd_put_ptr(map, fd_htab_map_get_ptr(map, l), false);
		}
	}
	htab_map_free(map);
}

/* Called from eBPF program: the inner map itself, which the verifier made a map pointer. */
static void *htab_of_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab_elem *l = __htab_map_lookup_elem(map, key);

	return l ? fd_htab_map_get_ptr(map, l) : NULL;
}

/* Syscall lookup: the id of the inner map (6.1's bpf_fd_htab_map_lookup_elem). */
static int htab_of_map_copy_value(struct bpf_map *map, void *key, void *value,
				  u64 flags)
{
	struct htab_elem *l;
	int ret = -ENOENT;
	u32 id;

	rcu_read_lock();
	l = __htab_map_lookup_elem(map, key);
	if (l) {
		id = map->ops->map_fd_sys_lookup_elem(fd_htab_map_get_ptr(map, l));
		memcpy(value, &id, sizeof(id));
		ret = 0;
	}
	rcu_read_unlock();
	/* as 6.1: no program older than the call runs any more */
	bpf_map_in_map_wait_programs();
	return ret;
}

/*
 * Syscall update: value is an fd, checked before the flags as 6.1 does;
 * then no program still runs with an inner map the update replaced.
 */
static int htab_of_map_update_value(struct bpf_map *map, void *key,
				    void *value, u64 map_flags)
{
	void *ptr;
	u32 ufd;
	int ret;

	memcpy(&ufd, value, sizeof(ufd));
	ptr = map->ops->map_fd_get_ptr(map, NULL, ufd);
	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	rcu_read_lock();
	ret = htab_map_update_elem(map, key, &ptr, map_flags);
	rcu_read_unlock();
	if (ret)
		map->ops->map_fd_put_ptr(map, ptr, false);
	bpf_map_in_map_wait_programs();
	return ret;
}

static int htab_of_map_delete_elem(struct bpf_map *map, void *key)
{
	int ret;

	rcu_read_lock();
	ret = htab_map_delete_elem(map, key);
	rcu_read_unlock();
	bpf_map_in_map_wait_programs();
	return ret;
}

/*
 * Programs only look up (the verifier allows no other helper); user
 * space stores fds and reads back map ids.  No map_meta_equal: an outer
 * map cannot be an inner one.
 */
const struct bpf_map_ops htab_of_maps_map_ops = {
	.map_lookup_batch = htab_map_lookup_batch,
	.map_lookup_and_delete_batch = htab_map_lookup_and_delete_batch,
	.map_update_batch = generic_map_update_batch,
	.map_delete_batch = generic_map_delete_batch,
	.map_alloc_check = fd_htab_map_alloc_check,
	.map_alloc = htab_of_map_alloc,
	.map_free = htab_of_map_free,
	.map_get_next_key = htab_map_get_next_key,
	.map_lookup_elem = htab_of_map_lookup_elem,
	.map_delete_elem = htab_of_map_delete_elem,
	.map_fd_get_ptr = bpf_map_fd_get_ptr,
	.map_fd_put_ptr = bpf_map_fd_put_ptr,
	.map_fd_sys_lookup_elem = bpf_map_fd_sys_lookup_elem,
	.map_check_btf = map_check_no_btf,
	.map_copy_value = htab_of_map_copy_value,
	.map_update_value = htab_of_map_update_value,
};
