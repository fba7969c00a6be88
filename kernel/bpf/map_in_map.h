/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maps that hold maps (map_in_map.c): the inner map template an outer
 * map keeps, and the fd <-> map pointer conversions of its slots.
 * Private to kernel/bpf, as 6.1's map_in_map.h.
 */
#ifndef _SYSBPF_KERNEL_BPF_MAP_IN_MAP_H
#define _SYSBPF_KERNEL_BPF_MAP_IN_MAP_H

#include <linux/bpf.h>

struct bpf_map *bpf_map_meta_alloc(int inner_map_ufd);
void bpf_map_meta_free(struct bpf_map *map_meta);
void *bpf_map_fd_get_ptr(struct bpf_map *map, struct file *map_file, int ufd);
void bpf_map_fd_put_ptr(struct bpf_map *map, void *ptr, bool need_defer);
u32 bpf_map_fd_sys_lookup_elem(void *ptr);
/*
 * After a syscall lookup, update or delete of a map-in-map, waits until
 * every program that may still see an old inner map has finished (6.1's
 * maybe_wait_bpf_programs).
 */
void bpf_map_in_map_wait_programs(void);

/* For map types that take no BTF for their key and value (6.1's map_check_no_btf). */
static inline int map_check_no_btf(const struct bpf_map *map,
				   const struct btf *btf,
				   const struct btf_type *key_type,
				   const struct btf_type *value_type)
{
	return -ENOTSUPP;
}

#endif
