// SPDX-License-Identifier: GPL-2.0
/*
 * The vmlinux BTF: the kernel's own types and functions, which tracing,
 * LSM and tp_btf programs name with attach_btf_id, and which libbpf
 * reads from /sys/kernel/btf/vmlinux to find those ids.
 *
 * At first need, sysbpf takes the host's /sys/kernel/btf/vmlinux when it
 * can read and parse it: then libbpf, which reads that file itself, and
 * sysbpf agree on every id, and CO-RE relocations resolve against the
 * types programs were built for.  The kernel trusts its own BTF, and so
 * does sysbpf with the host's: it is checked for being well formed (every
 * type inside the section, every name inside the strings), not for the
 * rules BPF_BTF_LOAD applies to user BTF, so that a newer kernel's BTF
 * (with kinds and flags 6.1 refuses in user BTF) is taken as well.
 *
 * Without a usable host file, sysbpf builds its own: the functions it
 * can run programs on (the test functions of 6.1's test_run), a few LSM
 * hooks, the btf_trace_bpf_test_finish tracepoint typedef, the functions
 * bpf_d_path() is allowed from, the iterator targets, and the types they
 * use; the structs helpers and map pointers name (btf_ids.c): struct
 * bpf_map and bpf_array at 6.1's offsets, every map type's struct, the
 * socket kinds by what embeds what with struct sock_common's fields at
 * 6.1's offsets, struct path, struct bpf_iter_meta, and the rest (task,
 * file, seq_file...) by name only.  The shim then serves those bytes at
 * /sys/kernel/btf/vmlinux.
 *
 * SYSBPF_VMLINUX_BTF names another file to read, or "builtin" for the
 * built-in one (the tests use it to be independent of the host).
 *
 * The object has id 1, name "vmlinux" and kernel_btf set, as in 6.1;
 * it is never freed.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "btf_internal.h"

/* The encodings of uapi/linux/btf.h's comments. */
#define BTF_INFO_ENC(kind, kflag, vlen) \
	((!!(kflag) << 31) | ((u32)(kind) << 24) | ((vlen) & BTF_MAX_VLEN))
#define BTF_INT_ENC(encoding, bits_offset, nr_bits) \
	(((u32)(encoding) << 24) | ((bits_offset) << 16) | (nr_bits))

#define VMLINUX_PATH		"/sys/kernel/btf/vmlinux"
#define VMLINUX_MAX_SIZE	(256U << 20)

static struct btf *btf_vmlinux;
static bool vmlinux_builtin;
static DEFINE_MUTEX(vmlinux_mutex);
/*
 * Set while this thread makes the object: the host file is read through
 * the shim's open(), which asks whether to serve the instance's bytes.
 */
static __thread bool vmlinux_making;

/* ---- reading the host's file ---- */

static void *read_file(const char *path, u32 *size)
{
	size_t cap = 8U << 20, len = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (!buf || len == cap) {
			if (buf)
				cap *= 2;
			if (cap > VMLINUX_MAX_SIZE)
				goto fail;
			nbuf = realloc(buf, cap);
			if (!nbuf)
				goto fail;
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (!n)
			break;
		len += n;
	}
	close(fd);
	*size = len;
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* ---- a trusted parse: well formed, nothing more ---- */

/* Bytes after struct btf_type that a type of this kind has; -1 if unknown. */
static long btf_type_extra(const struct btf_type *t)
{
	u32 vlen = btf_type_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (long)vlen * sizeof(struct btf_enum64);
	default:
		return -1;
	}
}

/* The id a modifier chain ends in, and its size; 0 and 0 when it does not end. */
static void resolve_one(struct btf *btf, u32 id)
{
	const struct btf_type *t = btf->types[id];
	u32 i, cur = id, size = 0;

	if (!btf_type_is_modifier(t) && !btf_type_is_var(t) && !btf_type_is_ptr(t) &&
	    !btf_type_is_array(t))
		return;
	if (btf_type_is_array(t)) {
		const struct btf_type *sized = btf_resolve_size(btf, t, &size);

		btf->resolved_ids[id] = btf_type_array(t)->type;
		btf->resolved_sizes[id] = IS_ERR(sized) ? 0 : size;
		return;
	}
	if (btf_type_is_ptr(t)) {
		btf->resolved_ids[id] = t->type;
		btf->resolved_sizes[id] = sizeof(void *);
		return;
	}
	for (i = 0; i < MAX_RESOLVE_DEPTH; i++) {
		t = btf_type_by_id(btf, cur);
		if (!t || (!btf_type_is_modifier(t) && !btf_type_is_var(t)))
			break;
		cur = t->type;
	}
	t = btf_type_by_id(btf, cur);
	if (!t || i == MAX_RESOLVE_DEPTH)
		return;
	btf->resolved_ids[id] = cur;
	if (btf_type_has_size(t))
		btf->resolved_sizes[id] = t->size;
	else if (btf_type_is_ptr(t))
		btf->resolved_sizes[id] = sizeof(void *);
	else if (btf_type_is_array(t) && !IS_ERR(btf_resolve_size(btf, t, &size)))
		btf->resolved_sizes[id] = size;
}

static bool type_refs_ok(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_param *p;
	u32 i;

	if (t->name_off >= btf->hdr.str_len)
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_FUNC_PROTO:
		if (t->type >= btf->nr_types)
			return false;
		break;
	case BTF_KIND_ARRAY:
		if (btf_type_array(t)->type >= btf->nr_types ||
		    btf_type_array(t)->index_type >= btf->nr_types)
			return false;
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; i < btf_type_vlen(t); i++)
			if (btf_type_member(t)[i].type >= btf->nr_types ||
			    btf_type_member(t)[i].name_off >= btf->hdr.str_len)
				return false;
		break;
	default:
		break;
	}
	if (btf_type_is_func_proto(t)) {
		p = btf_params(t);
		for (i = 0; i < btf_type_vlen(t); i++)
			if (p[i].type >= btf->nr_types || p[i].name_off >= btf->hdr.str_len)
				return false;
	}
	return true;
}

static int btf_index_types(struct btf *btf)
{
	const char *cur = btf->nohdr_data + btf->hdr.type_off;
	const char *end = cur + btf->hdr.type_len;
	u32 cap = 1024, i;
	const struct btf_type **types, **ntypes;
	long extra;

	types = kvcalloc(cap, sizeof(*types), GFP_KERNEL);
	if (!types)
		return -ENOMEM;
	types[0] = &btf_void;
	btf->nr_types = 1;
	while (cur < end) {
		const struct btf_type *t = (const void *)cur;

		if ((size_t)(end - cur) < sizeof(*t))
			goto bad;
		extra = btf_type_extra(t);
		if (extra < 0 || (size_t)(end - cur) < sizeof(*t) + extra)
			goto bad;
		if (btf->nr_types == cap) {
			ntypes = kvcalloc(cap * 2, sizeof(*types), GFP_KERNEL);
			if (!ntypes)
				goto nomem;
			memcpy(ntypes, types, cap * sizeof(*types));
			kvfree(types);
			types = ntypes;
			cap *= 2;
		}
		types[btf->nr_types++] = t;
		cur += sizeof(*t) + extra;
	}
	btf->types = types;
	for (i = 1; i < btf->nr_types; i++)
		if (!type_refs_ok(btf, types[i]))
			return -EINVAL;
	btf->resolved_ids = kvcalloc(btf->nr_types, sizeof(u32), GFP_KERNEL);
	btf->resolved_sizes = kvcalloc(btf->nr_types, sizeof(u32), GFP_KERNEL);
	if (!btf->resolved_ids || !btf->resolved_sizes)
		return -ENOMEM;
	for (i = 1; i < btf->nr_types; i++)
		resolve_one(btf, i);
	return 0;
bad:
	kvfree(types);
	return -EINVAL;
nomem:
	kvfree(types);
	return -ENOMEM;
}

/* Takes data (kmalloc'ed or malloc'ed by read_file: freed with kvfree/free). */
static struct btf *btf_parse_trusted(void *data, u32 size)
{
	const struct btf_header *hdr = data;
	struct btf *btf;
	u64 type_end, str_end;
	int err = -EINVAL;

	if (size < sizeof(*hdr) || hdr->magic != BTF_MAGIC || hdr->version != BTF_VERSION ||
	    hdr->hdr_len < sizeof(*hdr) || hdr->hdr_len > size)
		return ERR_PTR(-EINVAL);
	type_end = (u64)hdr->hdr_len + hdr->type_off + hdr->type_len;
	str_end = (u64)hdr->hdr_len + hdr->str_off + hdr->str_len;
	if (type_end > size || str_end > size || !hdr->str_len || hdr->type_off % 4)
		return ERR_PTR(-EINVAL);

	btf = kzalloc(sizeof(*btf), GFP_KERNEL);
	if (!btf)
		return ERR_PTR(-ENOMEM);
	btf->data = data;
	btf->alloc = data;
	btf->data_size = size;
	memcpy(&btf->hdr, hdr, sizeof(*hdr));
	btf->nohdr_data = (char *)data + hdr->hdr_len;
	btf->strings = (const char *)btf->nohdr_data + hdr->str_off;
	if (btf->strings[0] || btf->strings[hdr->str_len - 1])
		goto fail;
	btf->types_size = hdr->type_len;
	err = btf_index_types(btf);
	if (err)
		goto fail;
	refcount_set(&btf->refcnt, 1);
	btf->kernel_btf = true;
	snprintf(btf->name, sizeof(btf->name), "vmlinux");
	return btf;
fail:
	btf->alloc = NULL;	/* the caller keeps data */
	btf_free(btf);
	return ERR_PTR(err);
}

/* ---- the built-in vmlinux BTF ---- */

struct btf_builder {
	char *types;
	u32 types_len, types_cap;
	char *strs;
	u32 strs_len, strs_cap;
	u32 nr_types;		/* the next id - 1 */
	bool nomem;
};

static void *bb_grow(struct btf_builder *b, char **buf, u32 *len, u32 *cap, u32 n)
{
	char *nbuf;

	if (b->nomem)
		return NULL;
	if (*len + n > *cap) {
		u32 ncap = max(*cap * 2, *len + n + 256);

		nbuf = realloc(*buf, ncap);
		if (!nbuf) {
			b->nomem = true;
			return NULL;
		}
		*buf = nbuf;
		*cap = ncap;
	}
	*len += n;
	return *buf + *len - n;
}

static u32 bb_str(struct btf_builder *b, const char *s)
{
	u32 n = strlen(s) + 1, off;
	char *p;

	if (!*s)
		return 0;
	off = b->strs_len;
	p = bb_grow(b, &b->strs, &b->strs_len, &b->strs_cap, n);
	if (p)
		memcpy(p, s, n);
	return off;
}

/* A type with extra bytes after it; returns its id. */
static u32 bb_type(struct btf_builder *b, const char *name, u32 kind, u32 vlen,
		   bool kflag, u32 size_or_type, const void *extra, u32 extra_len)
{
	struct btf_type t = {
		.name_off = bb_str(b, name ? name : ""),
		.info = BTF_INFO_ENC(kind, kflag, vlen),
		.size = size_or_type,
	};
	char *p = bb_grow(b, &b->types, &b->types_len, &b->types_cap,
			  sizeof(t) + extra_len);

	if (p) {
		memcpy(p, &t, sizeof(t));
		if (extra_len)
			memcpy(p + sizeof(t), extra, extra_len);
	}
	return ++b->nr_types;
}

static u32 bb_int(struct btf_builder *b, const char *name, u32 size, u32 encoding)
{
	u32 info = BTF_INT_ENC(encoding, 0, size * 8);

	return bb_type(b, name, BTF_KIND_INT, 0, false, size, &info, sizeof(info));
}

static u32 bb_ref(struct btf_builder *b, u32 kind, const char *name, u32 type)
{
	return bb_type(b, name, kind, 0, false, type, NULL, 0);
}

struct bb_arg {
	const char *name;
	u32 type;
};

/* A function (global linkage, as vmlinux BTF has them) with its prototype. */
static u32 bb_func(struct btf_builder *b, const char *name, u32 ret,
		   const struct bb_arg *args, u32 nr_args)
{
	struct btf_param params[MAX_BPF_FUNC_ARGS];
	u32 i, proto;

	for (i = 0; i < nr_args; i++) {
		params[i].name_off = bb_str(b, args[i].name);
		params[i].type = args[i].type;
	}
	proto = bb_type(b, NULL, BTF_KIND_FUNC_PROTO, nr_args, false, ret, params,
			nr_args * sizeof(params[0]));
	return bb_type(b, name, BTF_KIND_FUNC, BTF_FUNC_GLOBAL, false, proto, NULL, 0);
}

#define ARGS(...)	(const struct bb_arg[]){ __VA_ARGS__ }, \
			sizeof((const struct bb_arg[]){ __VA_ARGS__ }) / sizeof(struct bb_arg)

/* A member of a struct the builder writes: name (NULL: anonymous), type, byte offset. */
struct bb_member {
	const char *name;
	u32 type;
	u32 off;
};

static u32 bb_struct(struct btf_builder *b, const char *name, u32 kind, u32 size,
		     const struct bb_member *m, u32 nr)
{
	struct btf_member members[24];
	u32 i;

	if (nr > ARRAY_SIZE(members)) {
		b->nomem = true;
		return 0;
	}
	for (i = 0; i < nr; i++)
		members[i] = (struct btf_member){
			.name_off = bb_str(b, m[i].name ? m[i].name : ""),
			.type = m[i].type,
			.offset = m[i].off * 8,
		};
	return bb_type(b, name, kind, nr, false, size, members, nr * sizeof(members[0]));
}

#define MEMBERS(...)	(const struct bb_member[]){ __VA_ARGS__ }, \
			sizeof((const struct bb_member[]){ __VA_ARGS__ }) / sizeof(struct bb_member)

static u32 bb_ptr(struct btf_builder *b, u32 type)
{
	return bb_ref(b, BTF_KIND_PTR, NULL, type);
}

static u32 bb_array(struct btf_builder *b, u32 elem, u32 index, u32 nelems)
{
	struct btf_array a = { .type = elem, .index_type = index, .nelems = nelems };

	return bb_type(b, NULL, BTF_KIND_ARRAY, 0, false, 0, &a, sizeof(a));
}

/* The types bb_describe() and its parts share. */
struct bb_base {
	u32 t_int, t_char, t_u8, t_u16, t_uint, t_u64, t_long, t_ulong, t_bool, t_void_ptr;
	u32 t_file, t_task, t_map, t_prog, t_path, t_vma, t_seq, t_link, t_cred, t_kstat;
};

/*
 * struct bpf_map and bpf_array at 6.1's x86-64 offsets (Debian's config:
 * CONFIG_SECURITY, CONFIG_MEMCG_KMEM), the members a program may read;
 * every other map type's struct as its leading struct bpf_map.
 */
static void bb_describe_maps(struct btf_builder *b, struct bb_base *t)
{
	u32 t_map_ptr, t_ops, t_name, t_array_aux;
	static const char *const map_structs[] = {
		"bpf_htab", "bpf_stack_map", "lpm_trie", "bpf_dtab", "bpf_stab",
		"bpf_cpu_map", "xsk_map", "bpf_shtab", "bpf_cgroup_storage_map",
		"reuseport_array", "bpf_queue_stack", "bpf_local_storage_map",
		"bpf_struct_ops_map", "bpf_ringbuf_map", "bpf_bloom_filter",
	};
	u32 i;

	t_ops = bb_type(b, "bpf_map_ops", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t_name = bb_array(b, t->t_char, t->t_int, BPF_OBJ_NAME_LEN);
	t->t_map = b->nr_types + 1;
	t_map_ptr = t->t_map + 1;
	bb_struct(b, "bpf_map", BTF_KIND_STRUCT, 256, MEMBERS(
		{ "ops", t_map_ptr + 1, 0 },
		{ "inner_map_meta", t_map_ptr, 8 },
		{ "security", t->t_void_ptr, 16 },
		{ "map_type", t->t_uint, 24 },
		{ "key_size", t->t_uint, 28 },
		{ "value_size", t->t_uint, 32 },
		{ "max_entries", t->t_uint, 36 },
		{ "map_extra", t->t_u64, 40 },
		{ "map_flags", t->t_uint, 48 },
		{ "spin_lock_off", t->t_int, 52 },
		{ "kptr_off_tab", t->t_void_ptr, 56 },
		{ "timer_off", t->t_int, 64 },
		{ "id", t->t_uint, 68 },
		{ "numa_node", t->t_int, 72 },
		{ "btf_key_type_id", t->t_uint, 76 },
		{ "btf_value_type_id", t->t_uint, 80 },
		{ "btf_vmlinux_value_type_id", t->t_uint, 84 },
		{ "btf", t->t_void_ptr, 88 },
		{ "objcg", t->t_void_ptr, 96 },
		{ "name", t_name, 104 },
		{ "off_arr", t->t_void_ptr, 120 },
		{ "refcnt", t->t_u64, 128 },
		{ "usercnt", t->t_u64, 136 },
		{ "frozen", t->t_bool, 233 }));
	bb_ptr(b, t->t_map);		/* t_map_ptr */
	bb_ptr(b, t_ops);		/* t_map_ptr + 1 */

	t_array_aux = bb_ptr(b, bb_type(b, "bpf_array_aux", BTF_KIND_STRUCT, 0, false, 0,
					NULL, 0));
	bb_struct(b, "bpf_array", BTF_KIND_STRUCT, 320, MEMBERS(
		{ "map", t->t_map, 0 },
		{ "elem_size", t->t_uint, 256 },
		{ "index_mask", t->t_uint, 260 },
		{ "aux", t_array_aux, 264 }));
	for (i = 0; i < ARRAY_SIZE(map_structs); i++)
		bb_struct(b, map_structs[i], BTF_KIND_STRUCT, 256,
			  MEMBERS({ "map", t->t_map, 0 }));
}

/*
 * The socket kinds, by what embeds what; struct sock_common with its
 * fields at 6.1's offsets (its anonymous unions included).  The other
 * fields of struct sock, tcp_sock... are not described: their offsets
 * depend on the kernel's configuration.
 */
static void bb_describe_socks(struct btf_builder *b, struct bb_base *t)
{
	u32 t_in6, t_addrs, t_addrpair, t_ports, t_portpair, t_common, t_sock, t_inet;
	u32 t_icsk, t_tcp, t_udp, t_itw, t_ireq;

	t_in6 = bb_struct(b, "in6_addr", BTF_KIND_STRUCT, 16, MEMBERS(
		{ "u6_addr8", bb_array(b, t->t_u8, t->t_int, 16), 0 }));
	t_addrs = bb_struct(b, NULL, BTF_KIND_STRUCT, 8, MEMBERS(
		{ "skc_daddr", t->t_uint, 0 },
		{ "skc_rcv_saddr", t->t_uint, 4 }));
	t_addrpair = bb_struct(b, NULL, BTF_KIND_UNION, 8, MEMBERS(
		{ "skc_addrpair", t->t_u64, 0 },
		{ NULL, t_addrs, 0 }));
	t_ports = bb_struct(b, NULL, BTF_KIND_STRUCT, 4, MEMBERS(
		{ "skc_dport", t->t_u16, 0 },
		{ "skc_num", t->t_u16, 2 }));
	t_portpair = bb_struct(b, NULL, BTF_KIND_UNION, 4, MEMBERS(
		{ "skc_portpair", t->t_uint, 0 },
		{ NULL, t_ports, 0 }));
	t_common = bb_struct(b, "sock_common", BTF_KIND_STRUCT, 136, MEMBERS(
		{ NULL, t_addrpair, 0 },
		{ "skc_hash", t->t_uint, 8 },
		{ NULL, t_portpair, 12 },
		{ "skc_family", t->t_u16, 16 },
		{ "skc_state", t->t_u8, 18 },
		{ "skc_bound_dev_if", t->t_int, 20 },
		{ "skc_prot", t->t_void_ptr, 40 },
		{ "skc_v6_daddr", t_in6, 56 },
		{ "skc_v6_rcv_saddr", t_in6, 72 },
		{ "skc_cookie", t->t_u64, 88 },
		{ "skc_tx_queue_mapping", t->t_u16, 120 },
		{ "skc_rx_queue_mapping", t->t_u16, 122 },
		{ "skc_refcnt", t->t_int, 128 }));
	t_sock = bb_struct(b, "sock", BTF_KIND_STRUCT, 136,
			   MEMBERS({ "__sk_common", t_common, 0 }));
	t_inet = bb_struct(b, "inet_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "sk", t_sock, 0 }));
	t_icsk = bb_struct(b, "inet_connection_sock", BTF_KIND_STRUCT, 136,
			   MEMBERS({ "icsk_inet", t_inet, 0 }));
	t_tcp = bb_struct(b, "tcp_sock", BTF_KIND_STRUCT, 136,
			  MEMBERS({ "inet_conn", t_icsk, 0 }));
	bb_struct(b, "tcp6_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "tcp", t_tcp, 0 }));
	t_udp = bb_struct(b, "udp_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "inet", t_inet, 0 }));
	bb_struct(b, "udp6_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "udp", t_udp, 0 }));
	bb_struct(b, "unix_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "sk", t_sock, 0 }));
	bb_struct(b, "mptcp_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "sk", t_icsk, 0 }));
	t_itw = bb_struct(b, "inet_timewait_sock", BTF_KIND_STRUCT, 136,
			  MEMBERS({ "__tw_common", t_common, 0 }));
	bb_struct(b, "tcp_timewait_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "tw_sk", t_itw, 0 }));
	t_ireq = bb_struct(b, "request_sock", BTF_KIND_STRUCT, 136,
			   MEMBERS({ "__req_common", t_common, 0 }));
	t_ireq = bb_struct(b, "inet_request_sock", BTF_KIND_STRUCT, 136,
			   MEMBERS({ "req", t_ireq, 0 }));
	bb_struct(b, "tcp_request_sock", BTF_KIND_STRUCT, 136, MEMBERS({ "req", t_ireq, 0 }));
	bb_type(b, "socket", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
}

/* The objects of tracing helpers, by name only; struct path as 6.1's. */
static void bb_describe_objects(struct btf_builder *b, struct bb_base *t)
{
	static const char *const opaque[] = { "pt_regs", "sk_buff", "xdp_buff", "inode" };
	u32 i, t_mnt, t_dentry;

	t->t_file = bb_type(b, "file", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_task = bb_type(b, "task_struct", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_prog = bb_type(b, "bpf_prog", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_vma = bb_type(b, "vm_area_struct", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_seq = bb_type(b, "seq_file", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_link = bb_type(b, "bpf_link", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_cred = bb_type(b, "cred", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_kstat = bb_type(b, "kstat", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	for (i = 0; i < ARRAY_SIZE(opaque); i++)
		bb_type(b, opaque[i], BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t_mnt = bb_type(b, "vfsmount", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t_dentry = bb_type(b, "dentry", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t->t_path = bb_struct(b, "path", BTF_KIND_STRUCT, 16, MEMBERS(
		{ "mnt", bb_ptr(b, t_mnt), 0 },
		{ "dentry", bb_ptr(b, t_dentry), 8 }));
}

/* The functions bpf_d_path() may be called from (6.1's allowlist), and d_path. */
static void bb_describe_d_path(struct btf_builder *b, struct bb_base *t)
{
	u32 path = bb_ptr(b, bb_ref(b, BTF_KIND_CONST, NULL, t->t_path));
	u32 file = bb_ptr(b, t->t_file), loff = bb_ref(b, BTF_KIND_TYPEDEF, "loff_t", t->t_long);
	u32 cred = t->t_cred, kstat = t->t_kstat;

	bb_func(b, "dentry_open", file,
		ARGS({ "path", path }, { "flags", t->t_int }, { "cred", bb_ptr(b, cred) }));
	bb_func(b, "d_path", bb_ptr(b, t->t_char),
		ARGS({ "path", path }, { "buf", bb_ptr(b, t->t_char) }, { "buflen", t->t_int }));
	bb_func(b, "vfs_truncate", t->t_long, ARGS({ "path", path }, { "length", loff }));
	bb_func(b, "vfs_fallocate", t->t_long,
		ARGS({ "file", file }, { "mode", t->t_int }, { "offset", loff }, { "len", loff }));
	bb_func(b, "vfs_getattr", t->t_int,
		ARGS({ "path", path }, { "stat", bb_ptr(b, kstat) }, { "request_mask", t->t_uint },
		     { "query_flags", t->t_uint }));
	bb_func(b, "filp_close", t->t_int, ARGS({ "filp", file }, { "id", t->t_void_ptr }));
	bb_func(b, "security_file_permission", t->t_int,
		ARGS({ "file", file }, { "mask", t->t_int }));
	bb_func(b, "security_inode_getattr", t->t_int, ARGS({ "path", path }));
	bb_func(b, "security_file_open", t->t_int, ARGS({ "file", file }));
	bb_func(b, "security_path_truncate", t->t_int, ARGS({ "path", path }));
}

/* The iterator targets bpf_iter.c registers: bpf_iter_<target>(meta, ...). */
static void bb_describe_iters(struct btf_builder *b, struct bb_base *t)
{
	u32 meta, task = bb_ptr(b, t->t_task);

	meta = bb_ptr(b, bb_struct(b, "bpf_iter_meta", BTF_KIND_STRUCT, 24, MEMBERS(
		{ "seq", bb_ptr(b, t->t_seq), 0 },
		{ "session_id", t->t_u64, 8 },
		{ "seq_num", t->t_u64, 16 })));
	bb_func(b, "bpf_iter_task", t->t_int, ARGS({ "meta", meta }, { "task", task }));
	bb_func(b, "bpf_iter_task_file", t->t_int,
		ARGS({ "meta", meta }, { "task", task }, { "fd", t->t_uint },
		     { "file", bb_ptr(b, t->t_file) }));
	bb_func(b, "bpf_iter_task_vma", t->t_int,
		ARGS({ "meta", meta }, { "task", task }, { "vma", bb_ptr(b, t->t_vma) }));
	bb_func(b, "bpf_iter_bpf_map", t->t_int,
		ARGS({ "meta", meta }, { "map", bb_ptr(b, t->t_map) }));
	bb_func(b, "bpf_iter_bpf_prog", t->t_int,
		ARGS({ "meta", meta }, { "prog", bb_ptr(b, t->t_prog) }));
	bb_func(b, "bpf_iter_bpf_link", t->t_int,
		ARGS({ "meta", meta },
		     { "link", bb_ptr(b, t->t_link) }));
}

static void bb_describe(struct btf_builder *b)
{
	u32 t_int, t_char, t_short, t_u64, t_uint, t_long, t_ulong, t_void_ptr, t_int_ptr;
	u32 t_test_t, t_test_t_ptr, t_file, t_task, t_map, t_prog, t_attr, t_mm;
	u32 t_fmode, proto, ptr;
	struct btf_member member;
	struct bb_base base;

	t_int = bb_int(b, "int", 4, BTF_INT_SIGNED);
	t_char = bb_int(b, "char", 1, BTF_INT_SIGNED);
	t_short = bb_int(b, "short int", 2, BTF_INT_SIGNED);
	t_u64 = bb_int(b, "long long unsigned int", 8, 0);
	t_uint = bb_int(b, "unsigned int", 4, 0);
	t_long = bb_int(b, "long int", 8, BTF_INT_SIGNED);
	t_ulong = bb_int(b, "long unsigned int", 8, 0);
	t_u64 = bb_ref(b, BTF_KIND_TYPEDEF, "u64", t_u64);
	t_void_ptr = bb_ref(b, BTF_KIND_PTR, NULL, 0);
	t_int_ptr = bb_ref(b, BTF_KIND_PTR, NULL, t_int);

	/* the objects behind BTF pointers: maps, sockets, tasks, files, paths */
	base = (struct bb_base){
		.t_int = t_int, .t_char = t_char, .t_uint = t_uint, .t_u64 = t_u64,
		.t_long = t_long, .t_ulong = t_ulong, .t_void_ptr = t_void_ptr,
		.t_u8 = bb_int(b, "unsigned char", 1, 0),
		.t_u16 = bb_int(b, "short unsigned int", 2, 0),
		.t_bool = bb_int(b, "_Bool", 1, BTF_INT_BOOL),
	};
	bb_describe_objects(b, &base);
	bb_describe_maps(b, &base);
	bb_describe_socks(b, &base);
	bb_describe_d_path(b, &base);
	bb_describe_iters(b, &base);

	/* struct bpf_fentry_test_t { struct bpf_fentry_test_t *a; } */
	t_test_t = b->nr_types + 1;
	t_test_t_ptr = t_test_t + 1;
	member = (struct btf_member){ .name_off = bb_str(b, "a"), .type = t_test_t_ptr };
	bb_type(b, "bpf_fentry_test_t", BTF_KIND_STRUCT, 1, false, 8, &member, sizeof(member));
	bb_ref(b, BTF_KIND_PTR, NULL, t_test_t);

	bb_func(b, "bpf_fentry_test1", t_int, ARGS({ "a", t_int }));
	bb_func(b, "bpf_fentry_test2", t_int, ARGS({ "a", t_int }, { "b", t_u64 }));
	bb_func(b, "bpf_fentry_test3", t_int,
		ARGS({ "a", t_char }, { "b", t_int }, { "c", t_u64 }));
	bb_func(b, "bpf_fentry_test4", t_int,
		ARGS({ "a", t_void_ptr }, { "b", t_char }, { "c", t_int }, { "d", t_u64 }));
	bb_func(b, "bpf_fentry_test5", t_int,
		ARGS({ "a", t_u64 }, { "b", t_void_ptr }, { "c", t_short }, { "d", t_int },
		     { "e", t_u64 }));
	bb_func(b, "bpf_fentry_test6", t_int,
		ARGS({ "a", t_u64 }, { "b", t_void_ptr }, { "c", t_short }, { "d", t_int },
		     { "e", t_void_ptr }, { "f", t_u64 }));
	bb_func(b, "bpf_fentry_test7", t_int, ARGS({ "arg", t_test_t_ptr }));
	bb_func(b, "bpf_fentry_test8", t_int, ARGS({ "arg", t_test_t_ptr }));
	bb_func(b, "bpf_modify_return_test", t_int, ARGS({ "a", t_int }, { "b", t_int_ptr }));

	/* typedef void (*btf_trace_bpf_test_finish)(void *__data, int *err); */
	{
		struct btf_param params[2] = {
			{ .name_off = bb_str(b, "__data"), .type = t_void_ptr },
			{ .name_off = bb_str(b, "err"), .type = t_int_ptr },
		};

		proto = bb_type(b, NULL, BTF_KIND_FUNC_PROTO, 2, false, 0, params,
				sizeof(params));
		ptr = bb_ref(b, BTF_KIND_PTR, NULL, proto);
		bb_ref(b, BTF_KIND_TYPEDEF, "btf_trace_bpf_test_finish", ptr);
	}

	/* a few LSM hooks, on opaque kernel structs */
	t_file = base.t_file;
	t_task = base.t_task;
	t_map = base.t_map;
	t_prog = base.t_prog;
	t_attr = bb_type(b, "bpf_attr", BTF_KIND_UNION, 0, false, 0, NULL, 0);
	t_mm = bb_type(b, "mm_struct", BTF_KIND_STRUCT, 0, false, 0, NULL, 0);
	t_fmode = bb_ref(b, BTF_KIND_TYPEDEF, "fmode_t", t_uint);
	bb_func(b, "bpf_lsm_bpf", t_int,
		ARGS({ "cmd", t_int }, { "attr", bb_ref(b, BTF_KIND_PTR, NULL, t_attr) },
		     { "size", t_uint }));
	bb_func(b, "bpf_lsm_bpf_map", t_int,
		ARGS({ "map", bb_ref(b, BTF_KIND_PTR, NULL, t_map) }, { "fmode", t_fmode }));
	bb_func(b, "bpf_lsm_bpf_prog", t_int,
		ARGS({ "prog", bb_ref(b, BTF_KIND_PTR, NULL, t_prog) }));
	bb_func(b, "bpf_lsm_file_open", t_int,
		ARGS({ "file", bb_ref(b, BTF_KIND_PTR, NULL, t_file) }));
	bb_func(b, "bpf_lsm_task_alloc", t_int,
		ARGS({ "task", bb_ref(b, BTF_KIND_PTR, NULL, t_task) },
		     { "clone_flags", t_ulong }));
	bb_func(b, "bpf_lsm_task_free", 0,
		ARGS({ "task", bb_ref(b, BTF_KIND_PTR, NULL, t_task) }));
	bb_func(b, "bpf_lsm_vm_enough_memory", t_int,
		ARGS({ "mm", bb_ref(b, BTF_KIND_PTR, NULL, t_mm) }, { "pages", t_long }));
	/* not a hook: what an LSM program may not attach to */
	bb_func(b, "bpf_lsm_verify_prog", t_int,
		ARGS({ "prog", bb_ref(b, BTF_KIND_PTR, NULL, t_prog) }));
}

static void *btf_build_builtin(u32 *size)
{
	struct btf_builder b = {};
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(hdr),
	};
	char *blob;

	/* the empty name at offset 0 */
	bb_grow(&b, &b.strs, &b.strs_len, &b.strs_cap, 1);
	if (b.strs)
		b.strs[0] = '\0';
	bb_describe(&b);
	if (b.nomem)
		goto fail;
	hdr.type_len = b.types_len;
	hdr.str_off = b.types_len;
	hdr.str_len = b.strs_len;
	*size = sizeof(hdr) + b.types_len + b.strs_len;
	blob = malloc(*size);
	if (!blob)
		goto fail;
	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), b.types, b.types_len);
	memcpy(blob + sizeof(hdr) + b.types_len, b.strs, b.strs_len);
	free(b.types);
	free(b.strs);
	return blob;
fail:
	free(b.types);
	free(b.strs);
	return NULL;
}

/* ---- the object ---- */

static struct btf *btf_vmlinux_make(void)
{
	const char *src = getenv("SYSBPF_VMLINUX_BTF");
	struct btf *btf = ERR_PTR(-ENOENT);
	void *data = NULL;
	u32 size = 0;

	if (!src || !*src)
		src = VMLINUX_PATH;
	if (strcmp(src, "builtin"))
		data = read_file(src, &size);
	if (data) {
		btf = btf_parse_trusted(data, size);
		if (IS_ERR(btf))
			free(data);
	}
	if (IS_ERR(btf)) {
		data = btf_build_builtin(&size);
		if (!data)
			return ERR_PTR(-ENOMEM);
		btf = btf_parse_trusted(data, size);
		if (IS_ERR(btf)) {
			free(data);
			return btf;
		}
		vmlinux_builtin = true;
	}
	return btf;
}

/*
 * The blob came from malloc(), not kvmalloc(): btf_free() must not see it,
 * and nothing frees the vmlinux BTF anyway.
 */
struct btf *bpf_get_btf_vmlinux(void)
{
	struct btf *btf = __atomic_load_n(&btf_vmlinux, __ATOMIC_ACQUIRE);

	if (btf)
		return btf;
	mutex_lock(&vmlinux_mutex);
	btf = btf_vmlinux;
	if (!btf) {
		vmlinux_making = true;
		btf = btf_vmlinux_make();
		vmlinux_making = false;
		if (!IS_ERR(btf) && btf_alloc_vmlinux_id(btf)) {
			/* id 1 is kept for it: only a broken idr gets here */
			btf->alloc = NULL;
			btf_free(btf);
			btf = ERR_PTR(-ENOSPC);
		}
		if (!IS_ERR(btf)) {
			/* the ids helpers name are there before anyone sees the object */
			btf_ids_resolve(btf);
			__atomic_store_n(&btf_vmlinux, btf, __ATOMIC_RELEASE);
		}
	}
	mutex_unlock(&vmlinux_mutex);
	return btf;
}

struct btf *btf_vmlinux_peek(void)
{
	return __atomic_load_n(&btf_vmlinux, __ATOMIC_ACQUIRE);
}

const void *btf_vmlinux_data(u32 *size)
{
	struct btf *btf = bpf_get_btf_vmlinux();

	if (IS_ERR_OR_NULL(btf))
		return NULL;
	*size = btf->data_size;
	return btf->data;
}

bool btf_vmlinux_is_builtin(void)
{
	struct btf *btf;

	if (vmlinux_making)
		return false;
	btf = bpf_get_btf_vmlinux();

	return !IS_ERR_OR_NULL(btf) && vmlinux_builtin;
}
