/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BPF_LRU_LIST_H
#define _SYSBPF_LINUX_BPF_LRU_LIST_H

/*
 * The LRU lists behind BPF_MAP_TYPE_LRU_HASH and LRU_PERCPU_HASH
 * (kernel/bpf/bpf_lru_list.c; Documentation/bpf/lru.md tells the design).
 * Every element is a node on exactly one list: the global (or, with
 * BPF_F_NO_COMMON_LRU, the CPU's) active, inactive or free list, or a
 * CPU's local free or pending list.
 */
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/types.h>

enum bpf_lru_list_type {
	BPF_LRU_LIST_T_ACTIVE,
	BPF_LRU_LIST_T_INACTIVE,
	BPF_LRU_LIST_T_FREE,
	BPF_LRU_LOCAL_LIST_T_FREE,
	BPF_LRU_LOCAL_LIST_T_PENDING,
};

#define NR_BPF_LRU_LIST_T	3	/* the global lists */
#define NR_BPF_LRU_LIST_COUNT	2	/* counted: active and inactive */
#define NR_BPF_LRU_LOCAL_LIST_T	2	/* a CPU's free and pending lists */

struct bpf_lru_node {
	struct list_head list;
	u16 cpu;		/* whose local or per-CPU list */
	u8 type;		/* enum bpf_lru_list_type */
	u8 ref;			/* a program looked it up since it last moved */
};

struct bpf_lru_list {
	struct list_head lists[NR_BPF_LRU_LIST_T];
	unsigned int counts[NR_BPF_LRU_LIST_COUNT];
	/* where the next walk of the inactive list starts (towards the head) */
	struct list_head *next_inactive_rotation;
	raw_spinlock_t lock;
};

struct bpf_lru_locallist {
	struct list_head lists[NR_BPF_LRU_LOCAL_LIST_T];
	u16 next_steal;		/* the CPU to steal from next */
	raw_spinlock_t lock;
};

struct bpf_common_lru {
	struct bpf_lru_list lru_list;
	struct bpf_lru_locallist __percpu *local_list;
};

/* Takes the element of @node out of its hash table; false if it is gone. */
typedef bool (*del_from_htab_func)(void *arg, struct bpf_lru_node *node);

struct bpf_lru {
	union {
		struct bpf_common_lru common_lru;
		struct bpf_lru_list __percpu *percpu_lru;
	};
	del_from_htab_func del_from_htab;
	void *del_arg;
	unsigned int hash_offset;	/* of the element's u32 hash, from its node */
	unsigned int nr_scans;		/* nodes a rotation or shrink looks at */
	bool percpu;
};

/* A program's lookup: the node has been used (no lock, a racy bit). */
static inline void bpf_lru_node_set_ref(struct bpf_lru_node *node)
{
	if (!READ_ONCE(node->ref))
		WRITE_ONCE(node->ref, 1);
}

int bpf_lru_init(struct bpf_lru *lru, bool percpu, u32 hash_offset,
		 del_from_htab_func del_from_htab, void *delete_arg);
void bpf_lru_populate(struct bpf_lru *lru, void *buf, u32 node_offset,
		      u32 elem_size, u32 nr_elems);
void bpf_lru_destroy(struct bpf_lru *lru);
struct bpf_lru_node *bpf_lru_pop_free(struct bpf_lru *lru, u32 hash);
void bpf_lru_push_free(struct bpf_lru *lru, struct bpf_lru_node *node);

#endif
