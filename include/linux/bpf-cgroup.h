/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BPF_CGROUP_H
#define _SYSBPF_LINUX_BPF_CGROUP_H

/*
 * Cgroup storage (kernel/bpf/local_storage.c): BPF_MAP_TYPE_CGROUP_STORAGE
 * and PERCPU_CGROUP_STORAGE, as in Linux 6.1.
 *
 * A storage is one value (or one per-CPU value) that belongs to a
 * (cgroup, attach type) pair.  A program uses at most one storage map of
 * each type (prog->aux->cgroup_storage[], bound by the verifier); when
 * the program is attached, the attach code finds or makes the storages
 * of the attachment (bpf_cgroup_storages_alloc) and links them into
 * their maps (bpf_cgroup_storages_link), where user space sees them as
 * the map's elements, keyed by struct bpf_cgroup_storage_key.  Whoever
 * runs the program makes its storages current for the run
 * (bpf_cgroup_storage_set) so that bpf_get_local_storage() returns
 * them.  A test run gives the program temporary, unlinked storages.
 *
 * sysbpf has no cgroup objects: a cgroup is its cgroup v2 inode number,
 * which is also what 6.1 puts in the key.
 */
#include <linux/bpf.h>

struct bpf_cgroup_storage_map;

struct bpf_storage_buffer {
	struct rcu_head rcu;
	char data[] __aligned(8);
};

struct bpf_cgroup_storage {
	union {
		struct bpf_storage_buffer *buf;		/* shared: replaced under RCU */
		void __percpu *percpu_buf;
	};
	struct bpf_cgroup_storage_map *map;
	struct bpf_cgroup_storage_key key;
	struct cds_list_head list_map;	/* the map's storages, newest first */
	bool linked;
	struct rcu_head rcu;
};

static inline enum bpf_cgroup_storage_type
cgroup_storage_type(const struct bpf_map *map)
{
	if (map->map_type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE)
		return BPF_CGROUP_STORAGE_PERCPU;
	return BPF_CGROUP_STORAGE_SHARED;
}

static inline bool bpf_map_is_cgroup_storage(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_CGROUP_STORAGE ||
	       map->map_type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

/* Binds a storage map to the program being verified: -EBUSY for a second one of a type. */
int bpf_cgroup_storage_assign(struct bpf_prog_aux *aux, struct bpf_map *map);

/* The storage of key in map, or NULL; locked: the caller holds the map's lock. */
struct bpf_cgroup_storage *cgroup_storage_lookup(struct bpf_cgroup_storage_map *map,
						 void *key, bool locked);
/* A new zeroed storage of prog's map of type stype; NULL if none, ERR_PTR on failure. */
struct bpf_cgroup_storage *bpf_cgroup_storage_alloc(struct bpf_prog *prog,
						    enum bpf_cgroup_storage_type stype);
/* Frees after a grace period (running programs may hold its value); NULL is fine. */
void bpf_cgroup_storage_free(struct bpf_cgroup_storage *storage);
void bpf_cgroup_storage_link(struct bpf_cgroup_storage *storage, u64 cgroup_id,
			     enum bpf_attach_type type);
void bpf_cgroup_storage_unlink(struct bpf_cgroup_storage *storage);

/*
 * What the attach path of 6.1's kernel/bpf/cgroup.c does with them:
 * storages[] gets the storage of each type prog uses for (cgroup_id,
 * type), the existing one or a new one; new_storages[] the new ones
 * only, which are freed again if the attach fails (free them with
 * bpf_cgroup_storages_free) and linked if it succeeds.
 */
int bpf_cgroup_storages_alloc(struct bpf_cgroup_storage *storages[],
			      struct bpf_cgroup_storage *new_storages[],
			      enum bpf_attach_type type, struct bpf_prog *prog,
			      u64 cgroup_id);
void bpf_cgroup_storages_free(struct bpf_cgroup_storage *storages[]);
void bpf_cgroup_storages_link(struct bpf_cgroup_storage *storages[],
			      u64 cgroup_id, enum bpf_attach_type type);
void bpf_cgroup_storages_unlink(struct bpf_cgroup_storage *storages[]);

/*
 * The storages bpf_get_local_storage() returns during a run on this
 * thread (6.1 reads them from the run context of current).  set returns
 * what was current, which restore puts back after the run.
 */
struct bpf_cgroup_storage **
bpf_cgroup_storage_set(struct bpf_cgroup_storage *storages[MAX_BPF_CGROUP_STORAGE_TYPE]);
void bpf_cgroup_storage_restore(struct bpf_cgroup_storage **old);

/*
 * BPF_PROG_TEST_RUN: temporary storages for every storage map prog uses
 * (6.1's bpf_test_run), freed with bpf_cgroup_storages_free().
 */
int bpf_test_run_storages_alloc(struct bpf_prog *prog,
				struct bpf_cgroup_storage *storages[MAX_BPF_CGROUP_STORAGE_TYPE]);

/* Syscall side of the per-CPU type: round_up(value_size, 8) bytes per possible CPU. */
int bpf_percpu_cgroup_storage_copy(struct bpf_map *map, void *key, void *value);
int bpf_percpu_cgroup_storage_update(struct bpf_map *map, void *key, void *value,
				     u64 flags);

extern const struct bpf_func_proto bpf_get_local_storage_proto;

#endif
