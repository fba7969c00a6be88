// SPDX-License-Identifier: GPL-2.0
/*
 * The BTF ids helpers and the verifier name (6.1's BTF_ID_LIST /
 * BTF_SET): the kernel's build patches them into the image with
 * resolve_btfids; sysbpf looks them up by kind and name in the vmlinux
 * BTF once, when btf_vmlinux.c makes that object and before it is
 * published.  A name the BTF lacks leaves its id 0, which is what a
 * kernel built without the type has: the verifier then refuses the
 * helper ("invalid return type", "missing arg compatible BTF ID"...).
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <net/sock.h>
#include <stdlib.h>
#include "btf_internal.h"

u32 btf_tracing_ids[MAX_BTF_TRACING_TYPE];
u32 btf_seq_file_ids[1];
u32 bpf_d_path_btf_ids[1];
u32 bpf_task_pt_regs_ids[1];
u32 bpf_skb_output_btf_ids[1];
u32 bpf_xdp_output_btf_ids[1];
u32 bpf_sock_from_file_btf_ids[1];
u32 bpf_inode_storage_btf_ids[1];
u32 btf_bpf_map_id[1];
u32 btf_bpf_prog_id[1];
u32 btf_bpf_link_id[1];
struct btf_id_set btf_allowlist_d_path;

/* The struct each map type keeps its state in (6.1's ops->map_btf_id). */
static u32 map_btf_ids[BPF_MAP_TYPE_USER_RINGBUF + 1];

struct btf_id_ref {
	u32 *id;
	u8 kind;
	const char *name;
};

#define SOCK_ID(idx, tname) \
	{ (u32 *)&btf_sock_ids[idx], BTF_KIND_STRUCT, tname }
#define MAP_ID(type, tname) \
	{ &map_btf_ids[type], BTF_KIND_STRUCT, tname }

static const struct btf_id_ref btf_id_refs[] = {
	SOCK_ID(BTF_SOCK_TYPE_INET, "inet_sock"),
	SOCK_ID(BTF_SOCK_TYPE_INET_CONN, "inet_connection_sock"),
	SOCK_ID(BTF_SOCK_TYPE_INET_REQ, "inet_request_sock"),
	SOCK_ID(BTF_SOCK_TYPE_INET_TW, "inet_timewait_sock"),
	SOCK_ID(BTF_SOCK_TYPE_REQ, "request_sock"),
	SOCK_ID(BTF_SOCK_TYPE_SOCK, "sock"),
	SOCK_ID(BTF_SOCK_TYPE_SOCK_COMMON, "sock_common"),
	SOCK_ID(BTF_SOCK_TYPE_TCP, "tcp_sock"),
	SOCK_ID(BTF_SOCK_TYPE_TCP_REQ, "tcp_request_sock"),
	SOCK_ID(BTF_SOCK_TYPE_TCP_TW, "tcp_timewait_sock"),
	SOCK_ID(BTF_SOCK_TYPE_TCP6, "tcp6_sock"),
	SOCK_ID(BTF_SOCK_TYPE_UDP, "udp_sock"),
	SOCK_ID(BTF_SOCK_TYPE_UDP6, "udp6_sock"),
	SOCK_ID(BTF_SOCK_TYPE_UNIX, "unix_sock"),
	SOCK_ID(BTF_SOCK_TYPE_MPTCP, "mptcp_sock"),
	SOCK_ID(BTF_SOCK_TYPE_SOCKET, "socket"),
	{ &btf_tracing_ids[BTF_TRACING_TYPE_TASK], BTF_KIND_STRUCT, "task_struct" },
	{ &btf_tracing_ids[BTF_TRACING_TYPE_FILE], BTF_KIND_STRUCT, "file" },
	{ &btf_tracing_ids[BTF_TRACING_TYPE_VMA], BTF_KIND_STRUCT, "vm_area_struct" },
	{ &btf_seq_file_ids[0], BTF_KIND_STRUCT, "seq_file" },
	{ &bpf_d_path_btf_ids[0], BTF_KIND_STRUCT, "path" },
	{ &bpf_task_pt_regs_ids[0], BTF_KIND_STRUCT, "pt_regs" },
	{ &bpf_skb_output_btf_ids[0], BTF_KIND_STRUCT, "sk_buff" },
	{ &bpf_xdp_output_btf_ids[0], BTF_KIND_STRUCT, "xdp_buff" },
	{ &bpf_sock_from_file_btf_ids[0], BTF_KIND_STRUCT, "file" },
	{ &bpf_inode_storage_btf_ids[0], BTF_KIND_STRUCT, "inode" },
	{ &btf_bpf_map_id[0], BTF_KIND_STRUCT, "bpf_map" },
	{ &btf_bpf_prog_id[0], BTF_KIND_STRUCT, "bpf_prog" },
	{ &btf_bpf_link_id[0], BTF_KIND_STRUCT, "bpf_link" },
	MAP_ID(BPF_MAP_TYPE_HASH, "bpf_htab"),
	MAP_ID(BPF_MAP_TYPE_ARRAY, "bpf_array"),
	MAP_ID(BPF_MAP_TYPE_PROG_ARRAY, "bpf_array"),
	MAP_ID(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "bpf_array"),
	MAP_ID(BPF_MAP_TYPE_PERCPU_HASH, "bpf_htab"),
	MAP_ID(BPF_MAP_TYPE_PERCPU_ARRAY, "bpf_array"),
	MAP_ID(BPF_MAP_TYPE_STACK_TRACE, "bpf_stack_map"),
	MAP_ID(BPF_MAP_TYPE_CGROUP_ARRAY, "bpf_array"),
	MAP_ID(BPF_MAP_TYPE_LRU_HASH, "bpf_htab"),
	MAP_ID(BPF_MAP_TYPE_LRU_PERCPU_HASH, "bpf_htab"),
	MAP_ID(BPF_MAP_TYPE_LPM_TRIE, "lpm_trie"),
	MAP_ID(BPF_MAP_TYPE_ARRAY_OF_MAPS, "bpf_array"),
	MAP_ID(BPF_MAP_TYPE_HASH_OF_MAPS, "bpf_htab"),
	MAP_ID(BPF_MAP_TYPE_DEVMAP, "bpf_dtab"),
	MAP_ID(BPF_MAP_TYPE_SOCKMAP, "bpf_stab"),
	MAP_ID(BPF_MAP_TYPE_CPUMAP, "bpf_cpu_map"),
	MAP_ID(BPF_MAP_TYPE_XSKMAP, "xsk_map"),
	MAP_ID(BPF_MAP_TYPE_SOCKHASH, "bpf_shtab"),
	MAP_ID(BPF_MAP_TYPE_CGROUP_STORAGE, "bpf_cgroup_storage_map"),
	MAP_ID(BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, "reuseport_array"),
	MAP_ID(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, "bpf_cgroup_storage_map"),
	MAP_ID(BPF_MAP_TYPE_QUEUE, "bpf_queue_stack"),
	MAP_ID(BPF_MAP_TYPE_STACK, "bpf_queue_stack"),
	MAP_ID(BPF_MAP_TYPE_SK_STORAGE, "bpf_local_storage_map"),
	MAP_ID(BPF_MAP_TYPE_DEVMAP_HASH, "bpf_dtab"),
	MAP_ID(BPF_MAP_TYPE_STRUCT_OPS, "bpf_struct_ops_map"),
	MAP_ID(BPF_MAP_TYPE_RINGBUF, "bpf_ringbuf_map"),
	MAP_ID(BPF_MAP_TYPE_INODE_STORAGE, "bpf_local_storage_map"),
	MAP_ID(BPF_MAP_TYPE_TASK_STORAGE, "bpf_local_storage_map"),
	MAP_ID(BPF_MAP_TYPE_BLOOM_FILTER, "bpf_bloom_filter"),
	MAP_ID(BPF_MAP_TYPE_USER_RINGBUF, "bpf_ringbuf_map"),
};

/* A set: its functions by name; sorted by id once resolved. */
struct btf_id_set_ref {
	struct btf_id_set *set;
	const char *const *names;
	u32 nr;
};

/*
 * Debian's 6.1 has CONFIG_SECURITY and CONFIG_SECURITY_PATH: the hooks
 * of both are in the list.
 */
static const char *const d_path_allowed_funcs[] = {
	"security_file_permission",
	"security_inode_getattr",
	"security_file_open",
	"security_path_truncate",
	"vfs_truncate",
	"vfs_fallocate",
	"dentry_open",
	"vfs_getattr",
	"filp_close",
};

static const struct btf_id_set_ref btf_id_set_refs[] = {
	{ &btf_allowlist_d_path, d_path_allowed_funcs, ARRAY_SIZE(d_path_allowed_funcs) },
};

/* One name the pass looks for; it stores the id in every matching ref. */
struct wanted {
	const char *name;
	u8 kind;
	u32 *id;
};

static int wanted_cmp(const void *a, const void *b)
{
	const struct wanted *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (int)x->kind - (int)y->kind;
}

static int u32_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The first type (in id order) of a name and kind wins, as resolve_btfids' lookup. */
static void resolve_pass(const struct btf *btf, struct wanted *w, u32 nr)
{
	u32 i, n = btf_nr_types(btf);

	qsort(w, nr, sizeof(*w), wanted_cmp);
	for (i = 1; i < n; i++) {
		const struct btf_type *t = btf_type_by_id(btf, i);
		struct wanted key = { .kind = BTF_INFO_KIND(t->info) }, *hit;

		if (key.kind != BTF_KIND_STRUCT && key.kind != BTF_KIND_FUNC)
			continue;
		key.name = btf_name_by_offset(btf, t->name_off);
		if (!key.name || !*key.name)
			continue;
		hit = bsearch(&key, w, nr, sizeof(*w), wanted_cmp);
		if (!hit)
			continue;
		/* equal names sit together: fill the ones not filled yet */
		while (hit > w && !wanted_cmp(hit - 1, &key))
			hit--;
		for (; hit < w + nr && !wanted_cmp(hit, &key); hit++)
			if (!*hit->id)
				*hit->id = i;
	}
}

void btf_ids_resolve(const struct btf *vmlinux)
{
	u32 nr = ARRAY_SIZE(btf_id_refs), i, j, k;
	struct wanted *w;

	for (i = 0; i < ARRAY_SIZE(btf_id_set_refs); i++)
		nr += btf_id_set_refs[i].nr;
	w = calloc(nr, sizeof(*w));
	if (!w)
		return;		/* every id stays 0: the helpers are refused */

	for (i = 0; i < ARRAY_SIZE(btf_id_refs); i++) {
		*btf_id_refs[i].id = 0;
		w[i] = (struct wanted){ btf_id_refs[i].name, btf_id_refs[i].kind,
					btf_id_refs[i].id };
	}
	for (j = 0; j < ARRAY_SIZE(btf_id_set_refs); j++) {
		const struct btf_id_set_ref *r = &btf_id_set_refs[j];

		memset(r->set, 0, sizeof(*r->set));
		for (k = 0; k < r->nr && k < ARRAY_SIZE(r->set->ids); k++, i++)
			w[i] = (struct wanted){ r->names[k], BTF_KIND_FUNC, &r->set->ids[k] };
	}
	resolve_pass(vmlinux, w, i);
	free(w);

	/* a set keeps the ids found, sorted for btf_id_set_contains() */
	for (j = 0; j < ARRAY_SIZE(btf_id_set_refs); j++) {
		struct btf_id_set *set = btf_id_set_refs[j].set;
		u32 n = 0;

		for (k = 0; k < ARRAY_SIZE(set->ids); k++)
			if (set->ids[k])
				set->ids[n++] = set->ids[k];
		set->cnt = n;
		qsort(set->ids, n, sizeof(set->ids[0]), u32_cmp);
	}
}

bool btf_id_set_contains(const struct btf_id_set *set, u32 id)
{
	return id && bsearch(&id, set->ids, set->cnt, sizeof(u32), u32_cmp);
}

u32 bpf_map_btf_id(u32 map_type)
{
	return map_type < ARRAY_SIZE(map_btf_ids) ? map_btf_ids[map_type] : 0;
}
