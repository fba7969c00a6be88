// SPDX-License-Identifier: GPL-2.0
/*
 * Loads through BTF-typed pointers: 6.1's btf_struct_access(), which
 * walks the kernel struct a PTR_TO_BTF_ID (or a map pointer) points to
 * down to the field an access touches and types the result (a number,
 * or a PTR_TO_BTF_ID for a pointer field), with 6.1's log messages.
 *
 * And what such a load reads here.  The BTF is the kernel's (the host's
 * vmlinux BTF, or the built-in one), but some of the objects behind
 * BTF pointers are sysbpf's own, with their own layout: maps (struct
 * bpf_map and what embeds it: bpf_array, bpf_htab...) and sockets
 * (struct sock_common, sock, tcp_sock and the other socket kinds, all
 * one struct tcp_sock allocation here, include/net/sock.h).  A load at
 * a kernel BTF offset of those would read our fields at the wrong place,
 * so the walk also records the path of named members it took, and
 * btf_struct_access_xlate() maps that path to the offset of the same
 * field in our object: by member names, so that any BTF layout (6.1's,
 * a newer host's, the built-in one) finds the same field.  A field we do
 * not have, a bitfield, or one whose size differs from ours reads as 0.
 * Any other type (task_struct, file, path, the test structs of fentry
 * programs...) is not ours: its loads stay probing loads at the kernel
 * offset, which read memory the run knows and 0 otherwise (interp.c).
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <net/sock.h>
#include "btf_internal.h"

enum bpf_struct_walk_result {
	/* < 0: an error */
	WALK_SCALAR = 0,
	WALK_PTR,
	WALK_STRUCT,
};

#define WALK_PATH_MAX	16

/* A named member the walk went into or ended at. */
struct walk_step {
	const char *container;	/* the nearest named struct around it */
	const char *member;
	u32 start;		/* from the start of the root object */
	u32 size;		/* the whole member (all elements of an array) */
	bool array;		/* the walk went into one element of it */
	bool bitfield;
};

struct walk_path {
	const char *container;	/* of the struct being walked */
	u32 base;		/* where that struct starts in the root object */
	u32 access;		/* where the access starts in the root object */
	u32 nr;
	bool lost;		/* the walk took a way no step describes */
	struct walk_step step[WALK_PATH_MAX];
};

static bool btf_name_is_anon(const struct btf *btf, u32 name_off)
{
	const char *name = btf_name_by_offset(btf, name_off);

	return !name || !*name;
}

static void path_add(struct walk_path *path, const struct btf *btf,
		     const struct btf_member *member, u32 start, u32 size,
		     bool array, bool bitfield)
{
	struct walk_step *s;

	if (!path || btf_name_is_anon(btf, member->name_off))
		return;		/* an anonymous member belongs to its container */
	if (path->nr == WALK_PATH_MAX) {
		path->lost = true;
		return;
	}
	s = &path->step[path->nr++];
	s->container = path->container;
	s->member = btf_name_by_offset(btf, member->name_off);
	s->start = start;
	s->size = size;
	s->array = array;
	s->bitfield = bitfield;
}

/* The walk goes on in t, which starts at base in the root object. */
static void path_enter(struct walk_path *path, const struct btf *btf,
		       const struct btf_type *t, u32 base)
{
	if (!path)
		return;
	path->base = base;
	if (!btf_name_is_anon(btf, t->name_off))
		path->container = btf_name_by_offset(btf, t->name_off);
}

/*
 * As 6.1's __btf_resolve_size(): the size of a member type with arrays
 * multiplied out, the element type and id of an array, and the id
 * behind modifiers.
 */
static const struct btf_type *resolve_member_size(const struct btf *btf,
						  const struct btf_type *type,
						  u32 *type_size,
						  const struct btf_type **elem_type,
						  u32 *elem_id, u32 *total_nelems,
						  u32 *type_id)
{
	const struct btf_type *array_type = NULL;
	const struct btf_array *array = NULL;
	u32 i, size, nelems = 1, id = 0;

	for (i = 0; i < MAX_RESOLVE_DEPTH && type; i++) {
		switch (BTF_INFO_KIND(type->info)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_FLOAT:
		case BTF_KIND_ENUM64:
			size = type->size;
			goto resolved;
		case BTF_KIND_PTR:
			size = sizeof(void *);
			goto resolved;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = type->type;
			type = btf_type_by_id(btf, type->type);
			break;
		case BTF_KIND_ARRAY:
			if (!array_type)
				array_type = type;
			array = btf_type_array(type);
			if (nelems && array->nelems > U32_MAX / nelems)
				return ERR_PTR(-EINVAL);
			nelems *= array->nelems;
			type = btf_type_by_id(btf, array->type);
			break;
		default:
			return ERR_PTR(-EINVAL);
		}
	}
	return ERR_PTR(-EINVAL);

resolved:
	if (nelems && size > U32_MAX / nelems)
		return ERR_PTR(-EINVAL);
	*type_size = nelems * size;
	*total_nelems = nelems;
	*elem_type = type;
	*elem_id = array ? array->type : 0;
	if (id)
		*type_id = id;
	return array_type ? array_type : type;
}

/* Past the end of t: only a trailing flexible array may be read there. */
static int walk_beyond(struct bpf_verifier_log *log, const struct btf *btf,
		       const struct btf_type **t, int *off, int size, const char *tname,
		       struct walk_path *path)
{
	const struct btf_member *member;
	const struct btf_type *mtype, *elem;
	const struct btf_array *array;
	u32 vlen = btf_type_vlen(*t), moff;

	if (!vlen)
		goto beyond;
	member = btf_type_member(*t) + vlen - 1;
	mtype = btf_type_skip_modifiers(btf, member->type, NULL);
	if (!mtype || !btf_type_is_array(mtype))
		goto beyond;
	array = btf_type_array(mtype);
	if (array->nelems)
		goto beyond;
	moff = __btf_member_bit_offset(*t, member) / 8;
	if ((u32)*off < moff)
		goto beyond;

	/* what our objects have there is never described: read 0 */
	if (path)
		path->lost = true;
	elem = btf_type_skip_modifiers(btf, array->type, NULL);
	if (elem && btf_type_is_int(elem))
		return WALK_SCALAR;
	if (!elem || !btf_type_is_struct(elem) || !elem->size)
		goto beyond;
	*off = (*off - moff) % elem->size;
	*t = elem;
	return -EAGAIN;

beyond:
	bpf_log(log, "access beyond struct %s at off %u size %u\n", tname, *off, size);
	return -EACCES;
}

/* A pointer member: its pointee must be a struct for a typed result. */
static int walk_ptr(struct bpf_verifier_log *log, const struct btf *btf,
		    const struct btf_type *mtype, u32 *next_btf_id,
		    enum bpf_type_flag *flag)
{
	const struct btf_type *target, *stype;
	enum bpf_type_flag tag_flag = 0;
	const char *tag;
	u32 id;

	target = btf_type_by_id(btf, mtype->type);
	if (target && btf_type_is_type_tag(target)) {
		tag = __btf_name_by_offset(btf, target->name_off);
		if (!strcmp(tag, "user"))
			tag_flag = MEM_USER;
		if (!strcmp(tag, "percpu"))
			tag_flag = MEM_PERCPU;
	}
	stype = btf_type_skip_modifiers(btf, mtype->type, &id);
	if (stype && btf_type_is_struct(stype)) {
		*next_btf_id = id;
		*flag = tag_flag;
		return WALK_PTR;
	}
	return -ENOENT;		/* a pointer to anything else reads as a number */
}

static int btf_struct_walk(struct bpf_verifier_log *log, const struct btf *btf,
			   const struct btf_type *t, int off, int size,
			   u32 *next_btf_id, enum bpf_type_flag *flag,
			   struct walk_path *path)
{
	u32 i, moff, mstart, mtrue_end, msize = 0, total_nelems = 0, mid, elem_id = 0;
	const struct btf_type *mtype, *elem_type = NULL;
	const struct btf_member *member;
	const char *tname, *mname;
	int ret;

again:
	tname = __btf_name_by_offset(btf, t->name_off);
	if (!btf_type_is_struct(t)) {
		bpf_log(log, "Type '%s' is not a struct\n", tname);
		return -EINVAL;
	}

	if ((u32)off + size > t->size) {
		ret = walk_beyond(log, btf, &t, &off, size, tname, path);
		if (ret == -EAGAIN)
			goto again;
		return ret;
	}

	for (i = 0, member = btf_type_member(t); i < btf_type_vlen(t); i++, member++) {
		u32 bit_off = __btf_member_bit_offset(t, member);
		u32 bits = __btf_member_bitfield_size(t, member);

		moff = bit_off / 8;
		if ((u32)off + size <= moff)
			break;		/* the members from here on lie beyond */

		if (bits) {
			/* the whole bitfield, and maybe more, is read: a number */
			if ((u32)off <= moff &&
			    DIV_ROUND_UP(bit_off + bits, 8) <= (u32)off + size) {
				if (path) {
					path_add(path, btf, member, path->base + moff,
						 DIV_ROUND_UP(bits, 8), false, true);
					path->access = path->base + off;
				}
				return WALK_SCALAR;
			}
			/* a part of a bitfield: as if no member were there */
			continue;
		}

		if ((u32)off < moff)
			break;		/* a hole between members */

		mid = member->type;
		mtype = btf_type_by_id(btf, member->type);
		mname = __btf_name_by_offset(btf, member->name_off);
		mtype = mtype ? resolve_member_size(btf, mtype, &msize, &elem_type,
						    &elem_id, &total_nelems, &mid)
			      : ERR_PTR(-EINVAL);
		if (IS_ERR(mtype)) {
			bpf_log(log, "field %s doesn't have size\n", mname);
			return -EFAULT;
		}

		mstart = moff;
		mtrue_end = moff + msize;
		if ((u32)off >= mtrue_end)
			continue;	/* not this member */

		if (btf_type_is_array(mtype)) {
			u32 elem_idx;

			if (moff == mtrue_end)
				continue;	/* an empty array */
			/* the element off falls in stands for the member */
			msize /= total_nelems;
			elem_idx = (off - moff) / msize;
			moff += elem_idx * msize;
			mtype = elem_type;
			mid = elem_id;
		}

		if (btf_type_is_struct(mtype)) {
			if (path)
				path_add(path, btf, member, path->base + mstart,
					 mtrue_end - mstart, mstart != moff ||
					 msize != mtrue_end - mstart, false);
			if ((u32)off == moff) {
				if (path) {
					path_enter(path, btf, mtype, path->base + moff);
					path->access = path->base;
				}
				*next_btf_id = mid;
				return WALK_STRUCT;
			}
			if (path)
				path_enter(path, btf, mtype, path->base + moff);
			off -= moff;
			t = mtype;
			goto again;
		}

		if (path) {
			path_add(path, btf, member, path->base + mstart, mtrue_end - mstart,
				 false, false);
			path->access = path->base + off;
		}

		if (btf_type_is_ptr(mtype)) {
			if (msize != (u32)size || (u32)off != moff) {
				bpf_log(log,
					"cannot access ptr member %s with moff %u in struct %s with off %u size %u\n",
					mname, moff, tname, off, size);
				return -EACCES;
			}
			ret = walk_ptr(log, btf, mtype, next_btf_id, flag);
			if (ret != -ENOENT)
				return ret;
		}

		/*
		 * A number may be read anywhere inside the whole member, so
		 * that an array of ints serves as scratch space.
		 */
		if ((u32)off + size > mtrue_end && !(*flag & PTR_UNTRUSTED)) {
			bpf_log(log,
				"access beyond the end of member %s (mend:%u) in struct %s with off %u size %u\n",
				mname, mtrue_end, tname, off, size);
			return -EACCES;
		}
		return WALK_SCALAR;
	}
	bpf_log(log, "struct %s doesn't have field at offset %d\n", tname, off);
	return -EINVAL;
}

static int __btf_struct_access(struct bpf_verifier_log *log, const struct btf *btf,
			       const struct btf_type *t, int off, int size,
			       u32 *next_btf_id, enum bpf_type_flag *flag,
			       struct walk_path *path)
{
	enum bpf_type_flag tmp_flag = 0;
	u32 id;
	int err;

	path_enter(path, btf, t, 0);
	while (t) {
		err = btf_struct_walk(log, btf, t, off, size, &id, &tmp_flag, path);
		switch (err) {
		case WALK_PTR:
			*next_btf_id = id;
			*flag = tmp_flag;
			return PTR_TO_BTF_ID;
		case WALK_SCALAR:
			return SCALAR_VALUE;
		case WALK_STRUCT:
			/* a struct starts right at off: go on inside it */
			t = btf_type_by_id(btf, id);
			off = 0;
			break;
		default:
			return err < 0 ? err : -EINVAL;
		}
	}
	return -EINVAL;
}

int btf_struct_access(struct bpf_verifier_log *log, const struct btf *btf,
		      const struct btf_type *t, int off, int size,
		      enum bpf_access_type atype, u32 *next_btf_id,
		      enum bpf_type_flag *flag)
{
	return __btf_struct_access(log, btf, t, off, size, next_btf_id, flag, NULL);
}

/* ---- where our objects keep the fields ---- */

enum { XF_DATA, XF_EMBED };

/*
 * A member of a kernel struct that our object has: data of the same
 * size at off (a number, a pointer of the same meaning, or bytes), or
 * an embedded struct starting at off.
 */
struct xlate_field {
	const char *container;
	const char *member;
	u8 kind;
	u16 off;
	u16 size;
};

#define XF(c, m, ours, field) \
	{ c, m, XF_DATA, offsetof(ours, field), sizeof(((ours *)0)->field) }
#define XE(c, m, off) { c, m, XF_EMBED, off, 0 }
/* a kernel union member that covers several of our fields laid out as the kernel's */
#define XR(c, m, ours, first, size) { c, m, XF_DATA, offsetof(ours, first), size }

/*
 * Every kind of socket is one struct tcp_sock allocation here, the
 * struct sock (and its sock_common) first, as in the kernel.
 */
static const struct xlate_field sock_fields[] = {
	/*
	 * 6.1's walk takes the first member of a union that covers the
	 * access: the address and port pairs stand for the fields in them
	 */
	XR("sock_common", "skc_addrpair", struct sock_common, skc_daddr,
	   sizeof(__be32) * 2),
	XR("sock_common", "skc_portpair", struct sock_common, skc_dport,
	   sizeof(__be16) + sizeof(__u16)),
	XF("sock_common", "skc_daddr", struct sock_common, skc_daddr),
	XF("sock_common", "skc_rcv_saddr", struct sock_common, skc_rcv_saddr),
	XF("sock_common", "skc_dport", struct sock_common, skc_dport),
	XF("sock_common", "skc_num", struct sock_common, skc_num),
	XF("sock_common", "skc_family", struct sock_common, skc_family),
	XF("sock_common", "skc_state", struct sock_common, skc_state),
	XF("sock_common", "skc_bound_dev_if", struct sock_common, skc_bound_dev_if),
	XF("sock_common", "skc_v6_daddr", struct sock_common, skc_v6_daddr),
	XF("sock_common", "skc_v6_rcv_saddr", struct sock_common, skc_v6_rcv_saddr),
	XF("sock_common", "skc_cookie", struct sock_common, skc_cookie),
	XE("sock", "__sk_common", offsetof(struct sock, __sk_common)),
	XF("sock", "sk_type", struct sock, sk_type),
	XF("sock", "sk_protocol", struct sock, sk_protocol),
	XF("sock", "sk_rx_queue_mapping", struct sock, sk_rx_queue_mapping),
	XF("sock", "sk_mark", struct sock, sk_mark),
	XF("sock", "sk_priority", struct sock, sk_priority),
	XF("sock", "sk_txhash", struct sock, sk_txhash),
	XF("sock", "sk_rcvbuf", struct sock, sk_rcvbuf),
	XF("sock", "sk_sndbuf", struct sock, sk_sndbuf),
	XF("sock", "sk_rcvlowat", struct sock, sk_rcvlowat),
	XF("sock", "sk_flags", struct sock, sk_flags),
	XF("sock", "sk_uid", struct sock, sk_uid),
	XE("inet_sock", "sk", offsetof(struct inet_sock, sk)),
	XE("inet_connection_sock", "icsk_inet", offsetof(struct inet_connection_sock, icsk_inet)),
	XF("inet_connection_sock", "icsk_retransmits", struct inet_connection_sock,
	   icsk_retransmits),
	XE("tcp_sock", "inet_conn", offsetof(struct tcp_sock, inet_conn)),
	XF("tcp_sock", "snd_cwnd", struct tcp_sock, snd_cwnd),
	XF("tcp_sock", "srtt_us", struct tcp_sock, srtt_us),
	XF("tcp_sock", "rtt_min", struct tcp_sock, rtt_min),
	XF("tcp_sock", "snd_ssthresh", struct tcp_sock, snd_ssthresh),
	XF("tcp_sock", "rcv_nxt", struct tcp_sock, rcv_nxt),
	XF("tcp_sock", "snd_nxt", struct tcp_sock, snd_nxt),
	XF("tcp_sock", "snd_una", struct tcp_sock, snd_una),
	XF("tcp_sock", "mss_cache", struct tcp_sock, mss_cache),
	XF("tcp_sock", "ecn_flags", struct tcp_sock, ecn_flags),
	XF("tcp_sock", "bpf_sock_ops_cb_flags", struct tcp_sock, bpf_sock_ops_cb_flags),
	XF("tcp_sock", "rate_delivered", struct tcp_sock, rate_delivered),
	XF("tcp_sock", "rate_interval_us", struct tcp_sock, rate_interval_us),
	XF("tcp_sock", "packets_out", struct tcp_sock, packets_out),
	XF("tcp_sock", "retrans_out", struct tcp_sock, retrans_out),
	XF("tcp_sock", "total_retrans", struct tcp_sock, total_retrans),
	XF("tcp_sock", "segs_in", struct tcp_sock, segs_in),
	XF("tcp_sock", "data_segs_in", struct tcp_sock, data_segs_in),
	XF("tcp_sock", "segs_out", struct tcp_sock, segs_out),
	XF("tcp_sock", "data_segs_out", struct tcp_sock, data_segs_out),
	XF("tcp_sock", "lost_out", struct tcp_sock, lost_out),
	XF("tcp_sock", "sacked_out", struct tcp_sock, sacked_out),
	XF("tcp_sock", "bytes_received", struct tcp_sock, bytes_received),
	XF("tcp_sock", "bytes_acked", struct tcp_sock, bytes_acked),
	XF("tcp_sock", "dsack_dups", struct tcp_sock, dsack_dups),
	XF("tcp_sock", "delivered", struct tcp_sock, delivered),
	XF("tcp_sock", "delivered_ce", struct tcp_sock, delivered_ce),
	/* the other kinds start with one of the above */
	XE("tcp6_sock", "tcp", 0),
	XE("udp_sock", "inet", 0),
	XE("udp6_sock", "udp", 0),
	XE("unix_sock", "sk", 0),
	XE("mptcp_sock", "sk", 0),
	XE("inet_timewait_sock", "__tw_common", 0),
	XE("tcp_timewait_sock", "tw_sk", 0),
	XE("request_sock", "__req_common", 0),
	XE("inet_request_sock", "req", 0),
	XE("tcp_request_sock", "req", 0),
};

/*
 * struct bpf_map: what 6.1 lets a program read of it that ours has.
 * Every map type's struct starts with its struct bpf_map, as in the
 * kernel; only struct bpf_array is known past it.
 */
static const struct xlate_field map_fields[] = {
	XF("bpf_map", "ops", struct bpf_map, ops),
	XF("bpf_map", "inner_map_meta", struct bpf_map, inner_map_meta),
	XF("bpf_map", "map_type", struct bpf_map, map_type),
	XF("bpf_map", "key_size", struct bpf_map, key_size),
	XF("bpf_map", "value_size", struct bpf_map, value_size),
	XF("bpf_map", "max_entries", struct bpf_map, max_entries),
	XF("bpf_map", "map_extra", struct bpf_map, map_extra),
	XF("bpf_map", "map_flags", struct bpf_map, map_flags),
	XF("bpf_map", "spin_lock_off", struct bpf_map, spin_lock_off),
	XF("bpf_map", "timer_off", struct bpf_map, timer_off),
	XF("bpf_map", "id", struct bpf_map, id),
	XF("bpf_map", "numa_node", struct bpf_map, numa_node),
	XF("bpf_map", "btf_key_type_id", struct bpf_map, btf_key_type_id),
	XF("bpf_map", "btf_value_type_id", struct bpf_map, btf_value_type_id),
	XF("bpf_map", "btf_vmlinux_value_type_id", struct bpf_map, btf_vmlinux_value_type_id),
	XF("bpf_map", "btf", struct bpf_map, btf),
	XF("bpf_map", "name", struct bpf_map, name),
	XF("bpf_map", "frozen", struct bpf_map, frozen),
	XE("bpf_array", "map", offsetof(struct bpf_array, map)),
	XF("bpf_array", "elem_size", struct bpf_array, elem_size),
	XF("bpf_array", "index_mask", struct bpf_array, index_mask),
	XE("bpf_htab", "map", 0),
	XE("bpf_stack_map", "map", 0),
	XE("lpm_trie", "map", 0),
	XE("bpf_dtab", "map", 0),
	XE("bpf_stab", "map", 0),
	XE("bpf_shtab", "map", 0),
	XE("bpf_cpu_map", "map", 0),
	XE("xsk_map", "map", 0),
	XE("bpf_cgroup_storage_map", "map", 0),
	XE("reuseport_array", "map", 0),
	XE("bpf_queue_stack", "map", 0),
	XE("bpf_local_storage_map", "map", 0),
	XE("bpf_struct_ops_map", "map", 0),
	XE("bpf_ringbuf_map", "map", 0),
	XE("bpf_bloom_filter", "map", 0),
};

static const struct {
	const struct xlate_field *fields;
	u32 nr;
} xlate_tables[] = {
	{ sock_fields, ARRAY_SIZE(sock_fields) },
	{ map_fields, ARRAY_SIZE(map_fields) },
};

static const struct xlate_field *xlate_find(const char *container, const char *member)
{
	u32 i, j;

	for (i = 0; i < ARRAY_SIZE(xlate_tables); i++)
		for (j = 0; j < xlate_tables[i].nr; j++) {
			const struct xlate_field *f = &xlate_tables[i].fields[j];

			if (!strcmp(f->container, container) &&
			    (!member || !strcmp(f->member, member)))
				return f;
		}
	return NULL;
}

/* Is an object of this BTF struct one of ours (a map, a socket)? */
static bool xlate_is_ours(const struct btf *btf, const struct btf_type *t)
{
	const char *name = btf_name_by_offset(btf, t->name_off);

	return name && *name && xlate_find(name, NULL);
}

/* Our offset of the access the walk recorded, or -1 to read 0. */
static int xlate_path(const struct walk_path *path, int size)
{
	const struct xlate_field *f;
	u32 i, base = 0, inner;

	if (path->lost)
		return -1;
	for (i = 0; i < path->nr; i++) {
		const struct walk_step *s = &path->step[i];

		f = xlate_find(s->container, s->member);
		if (!f || s->bitfield)
			return -1;
		if (f->kind == XF_EMBED) {
			if (s->array)
				return -1;
			base += f->off;
			continue;
		}
		/* data: the same size as the kernel's, the access inside it */
		if (f->size != s->size || path->access < s->start)
			return -1;
		inner = path->access - s->start;
		if (inner + size > f->size)
			return -1;
		return base + f->off + inner;
	}
	return -1;	/* a whole struct of ours at off, read as a number */
}

int btf_struct_access_xlate(struct bpf_verifier_log *log, const struct btf *btf,
			    const struct btf_type *t, int off, int size,
			    enum bpf_access_type atype, u32 *next_btf_id,
			    enum bpf_type_flag *flag, struct btf_access_xlate *xlate)
{
	struct walk_path path = {};
	int ret, ours;

	ret = __btf_struct_access(log, btf, t, off, size, next_btf_id, flag, &path);
	if (ret < 0)
		return ret;
	if (!xlate_is_ours(btf, t)) {
		xlate->kind = BTF_XLATE_PROBE;
		xlate->off = off;
		return ret;
	}
	ours = xlate_path(&path, size);
	if (ours < 0) {
		xlate->kind = BTF_XLATE_ZERO;
		xlate->off = 0;
	} else {
		xlate->kind = BTF_XLATE_FIELD;
		xlate->off = ours;
	}
	return ret;
}
