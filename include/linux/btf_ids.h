/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BTF_IDS_H
#define _SYSBPF_LINUX_BTF_IDS_H

/*
 * The vmlinux BTF ids that helpers and the verifier name: the kernel's
 * build fills them in (resolve_btfids); sysbpf fills them when it makes
 * the vmlinux BTF object (kernel/bpf/btf_ids.c), before anything can see
 * that object.  An id the vmlinux BTF lacks stays 0, as in a kernel
 * built without the type.
 */
#include <linux/types.h>

struct btf;

enum {
	BTF_TRACING_TYPE_TASK,
	BTF_TRACING_TYPE_FILE,
	BTF_TRACING_TYPE_VMA,
	MAX_BTF_TRACING_TYPE,
};

extern u32 btf_tracing_ids[MAX_BTF_TRACING_TYPE];
extern u32 btf_seq_file_ids[1];
extern u32 bpf_d_path_btf_ids[1];
extern u32 bpf_task_pt_regs_ids[1];
extern u32 bpf_skb_output_btf_ids[1];
extern u32 bpf_xdp_output_btf_ids[1];
extern u32 bpf_sock_from_file_btf_ids[1];
extern u32 bpf_inode_storage_btf_ids[1];
/* the objects the bpf_map, bpf_prog and bpf_link iterators walk */
extern u32 btf_bpf_map_id[1];
extern u32 btf_bpf_prog_id[1];
extern u32 btf_bpf_link_id[1];

/* A sorted set of ids (BTF_SET_START .. BTF_SET_END). */
struct btf_id_set {
	u32 cnt;
	u32 ids[16];
};

/* Functions bpf_d_path() may be called from (6.1's btf_allowlist_d_path). */
extern struct btf_id_set btf_allowlist_d_path;

bool btf_id_set_contains(const struct btf_id_set *set, u32 id);

/* Fills every id above (and btf_sock_ids[]) from the vmlinux BTF. */
void btf_ids_resolve(const struct btf *vmlinux);

/* The map's struct in vmlinux BTF (6.1's map->ops->map_btf_id), 0 if none. */
u32 bpf_map_btf_id(u32 map_type);

#endif
