// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_STACK_TRACE and the helpers that fill it, bpf_get_stackid()
 * and bpf_get_stack(), with the semantics and errno of Linux 6.1.
 *
 * What a stack is here (Documentation/bpf/stackmap.md): the native call
 * stack of the thread that runs the program, unwound from the unwind
 * tables (.eh_frame) with libgcc's _Unwind_Backtrace, so that code built
 * without frame pointers unwinds too.  The frames of the program itself
 * (the helper, the interpreter) are left out, and what remains is split
 * where the application entered sysbpf:
 *  - the "kernel" stack is sysbpf's own frames, from the function that
 *    ran the program (the hook: BPF_PROG_TEST_RUN's runner)
 *    up to the bpf(2) entry (__sys_bpf, and the shim's syscall() or
 *    sysbpf_bpf() when sysbpf is a shared library);
 *  - the user stack (BPF_F_USER_STACK) is the application's frames,
 *    from the caller of bpf(2) outwards.  A thread that did not enter
 *    sysbpf through bpf(2) (a thread of sysbpf's own) has none.
 * Each frame is the address the frame returns to, as the kernel records
 * user frames.
 *
 * The map is 6.1's: max_entries preallocated buckets on a per-CPU free
 * list, and a table of roundup_pow_of_two(max_entries) slots; a stack
 * goes to the slot its jhash2 picks, and its id is that slot.  A slot
 * that holds another stack is -EEXIST unless BPF_F_REUSE_STACKID
 * replaces it.  Buckets are never freed while the map lives, so a
 * program that read a slot a moment before it changed still reads a
 * bucket; its fields are read and written in whole atomic words so that
 * such a read is a race of values, not of memory.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/jhash.h>
#include <linux/percpu_freelist.h>
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <unwind.h>
#include "map_in_map.h"
#include "run_guard.h"

#define STACK_CREATE_FLAG_MASK					\
	(BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY |	\
	 BPF_F_STACK_BUILD_ID)

/* kernel.perf_event_max_stack: 6.1's default, PERF_MAX_STACK_DEPTH */
#define sysctl_perf_event_max_stack	127
#define BUILD_ID_SIZE_MAX		20

/*
 * Frames one capture looks at: the program's own, sysbpf's, then as
 * many of the application's as a stack can hold.
 */
#define STACK_WALK_MAX			256

struct stack_map_bucket {
	struct pcpu_freelist_node fnode;
	u32 hash;
	u32 nr;
	u64 data[];
};

struct bpf_stack_map {
	struct bpf_map map;
	void *elems;
	struct pcpu_freelist freelist;
	u32 n_buckets;
	struct stack_map_bucket *buckets[];
};

/* The frames of one capture: ip[0..nr), innermost first. */
struct stack_trace {
	u32 nr;
	u64 ip[STACK_WALK_MAX];
};

static inline struct bpf_stack_map *to_smap(const struct bpf_map *map)
{
	return container_of(map, struct bpf_stack_map, map);
}

static inline bool stack_map_use_build_id(const struct bpf_map *map)
{
	return map->map_flags & BPF_F_STACK_BUILD_ID;
}

static inline u32 stack_map_data_size(const struct bpf_map *map)
{
	return stack_map_use_build_id(map) ?
		sizeof(struct bpf_stack_build_id) : sizeof(u64);
}

/* ---- the native stack ---- */

/*
 * Where sysbpf's code lives when it is a shared library (the preload
 * shim, -lsysbpf): its wrappers around __sys_bpf belong to the kernel
 * side.  Linked into the program itself it has no range of its own,
 * and __sys_bpf alone marks the entry.
 */
#define SYSBPF_TEXT_RANGES	4

static struct {
	pthread_once_t once;
	u32 nr;
	uintptr_t start[SYSBPF_TEXT_RANGES];
	uintptr_t end[SYSBPF_TEXT_RANGES];
} sysbpf_text = { .once = PTHREAD_ONCE_INIT };

static bool phdr_has(const struct dl_phdr_info *info, const ElfW(Phdr) *ph,
		     uintptr_t addr)
{
	uintptr_t start = info->dlpi_addr + ph->p_vaddr;

	return ph->p_type == PT_LOAD && addr >= start && addr - start < ph->p_memsz;
}

static int sysbpf_text_find(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t entry = (uintptr_t)__sys_bpf;
	bool *main_program = data;
	bool found = false;
	int i;

	for (i = 0; i < info->dlpi_phnum; i++)
		found |= phdr_has(info, &info->dlpi_phdr[i], entry);
	if (!found) {
		*main_program = false;
		return 0;
	}
	/* the first object is the program: nothing to tell apart there */
	if (*main_program)
		return 1;
	for (i = 0; i < info->dlpi_phnum && sysbpf_text.nr < SYSBPF_TEXT_RANGES; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		sysbpf_text.start[sysbpf_text.nr] = info->dlpi_addr + ph->p_vaddr;
		sysbpf_text.end[sysbpf_text.nr] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
		sysbpf_text.nr++;
	}
	return 1;
}

static void sysbpf_text_init(void)
{
	bool main_program = true;

	dl_iterate_phdr(sysbpf_text_find, &main_program);
}

static bool in_sysbpf_library(uintptr_t ip)
{
	u32 i;

	for (i = 0; i < sysbpf_text.nr; i++)
		if (ip >= sysbpf_text.start[i] && ip < sysbpf_text.end[i])
			return true;
	return false;
}

struct stack_walk {
	struct stack_trace *all;
	int self;	/* the frame of the stack helper's entry */
	int run;	/* the innermost frame that started a program run */
	int callback;	/* the innermost frame that started a callback run */
	int entry;	/* the outermost bpf(2) entry */
};

static _Unwind_Reason_Code stack_walk_frame(struct _Unwind_Context *uctx, void *arg)
{
	struct stack_walk *w = arg;
	uintptr_t ip = _Unwind_GetIP(uctx), fn;
	int idx = w->all->nr;

	if (!ip || idx >= STACK_WALK_MAX)
		return _URC_END_OF_STACK;
	fn = _Unwind_GetRegionStart(uctx);
	if (fn == (uintptr_t)__bpf_get_stackid || fn == (uintptr_t)__bpf_get_stack) {
		if (w->self < 0)
			w->self = idx;
	} else if (fn == (uintptr_t)__bpf_prog_run_interp) {
		if (w->run < 0)
			w->run = idx;
	} else if (fn == (uintptr_t)bpf_interp_run_subprog) {
		if (w->callback < 0)
			w->callback = idx;
	} else if (fn == (uintptr_t)__sys_bpf) {
		w->entry = idx;
	}
	w->all->ip[w->all->nr++] = ip;
	return _URC_NO_REASON;
}

/*
 * The kernel or the user stack of the thread now, at most max_depth
 * frames of it, into trace.  See the head of the file for the split.
 */
static noinline void stack_capture(struct stack_trace *trace, bool user,
				   u32 max_depth)
{
	struct stack_trace all;
	struct stack_walk w = {
		.all = &all, .self = -1, .run = -1, .callback = -1, .entry = -1,
	};
	int first, last, i;

	all.nr = 0;
	_Unwind_Backtrace(stack_walk_frame, &w);

	/* the frames above the program: its hook onwards */
	if (w.run >= 0)
		first = w.run + 1;
	else if (w.callback >= 0)
		first = w.callback + 1;
	else
		first = w.self + 1;
	if (w.entry >= first) {
		pthread_once(&sysbpf_text.once, sysbpf_text_init);
		last = w.entry;
		while (last + 1 < (int)all.nr && in_sysbpf_library(all.ip[last + 1]))
			last++;
	} else {
		last = all.nr - 1;
	}
	if (user) {
		first = last + 1;
		last = w.entry >= 0 ? (int)all.nr - 1 : last;
	}
	trace->nr = 0;
	for (i = first; i <= last && trace->nr < max_depth; i++)
		trace->ip[trace->nr++] = all.ip[i];
}

/* ---- build ids ---- */

/* The loaded object around one address, as far as the lookup needs it. */
struct build_id_object {
	uintptr_t addr;			/* in: the address */
	uintptr_t seg_start, seg_end;	/* out: its PT_LOAD segment */
	u64 seg_offset;			/* out: the file offset of seg_start */
	bool found;
	bool has_build_id;
	unsigned char build_id[BUILD_ID_SIZE_MAX];
};

static bool note_build_id(const struct dl_phdr_info *info, const ElfW(Phdr) *ph,
			  unsigned char *build_id)
{
	const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr);
	const char *end = p + ph->p_filesz;

	while (p + sizeof(ElfW(Nhdr)) <= end) {
		const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
		const char *name = p + sizeof(*nh);
		const char *desc = name + round_up(nh->n_namesz, 4);

		if (desc > end || round_up(nh->n_descsz, 4) > (size_t)(end - desc))
			return false;
		if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
		    !memcmp(name, "GNU", 4) && nh->n_descsz) {
			memset(build_id, 0, BUILD_ID_SIZE_MAX);
			memcpy(build_id, desc, min_t(u32, nh->n_descsz, BUILD_ID_SIZE_MAX));
			return true;
		}
		p = desc + round_up(nh->n_descsz, 4);
	}
	return false;
}

static int build_id_find(struct dl_phdr_info *info, size_t size, void *data)
{
	struct build_id_object *o = data;
	const ElfW(Phdr) *seg = NULL;
	int i;

	for (i = 0; i < info->dlpi_phnum && !seg; i++)
		if (phdr_has(info, &info->dlpi_phdr[i], o->addr))
			seg = &info->dlpi_phdr[i];
	if (!seg)
		return 0;
	o->found = true;
	o->seg_start = info->dlpi_addr + seg->p_vaddr;
	o->seg_end = o->seg_start + seg->p_memsz;
	o->seg_offset = seg->p_offset;
	o->has_build_id = false;
	for (i = 0; i < info->dlpi_phnum && !o->has_build_id; i++)
		if (info->dlpi_phdr[i].p_type == PT_NOTE)
			o->has_build_id = note_build_id(info, &info->dlpi_phdr[i],
							o->build_id);
	return 1;
}

/*
 * (build id, file offset) of each frame, as 6.1 gives for user stacks;
 * a frame outside any object with a build id, and every frame of a
 * kernel stack, keeps its address (BPF_STACK_BUILD_ID_IP).
 */
static void stack_map_get_build_id_offset(struct bpf_stack_build_id *id_offs,
					  const u64 *ips, u32 trace_nr, bool user)
{
	struct build_id_object o = {};
	u32 i;

	for (i = 0; i < trace_nr; i++) {
		struct bpf_stack_build_id *id = &id_offs[i];
		uintptr_t ip = ips[i];

		memset(id, 0, sizeof(*id));
		if (user && !(o.found && ip >= o.seg_start && ip < o.seg_end)) {
			o.addr = ip;
			o.found = false;
			dl_iterate_phdr(build_id_find, &o);
		}
		if (!user || !o.found || !o.has_build_id) {
			id->status = BPF_STACK_BUILD_ID_IP;
			id->ip = ip;
			continue;
		}
		id->status = BPF_STACK_BUILD_ID_VALID;
		memcpy(id->build_id, o.build_id, BUILD_ID_SIZE_MAX);
		id->offset = o.seg_offset + (ip - o.seg_start);
	}
}

/* ---- buckets ---- */

static inline u64 bucket_word(const struct stack_map_bucket *b, u32 i)
{
	return __atomic_load_n(&b->data[i], __ATOMIC_RELAXED);
}

static inline void bucket_set_word(struct stack_map_bucket *b, u32 i, u64 w)
{
	__atomic_store_n(&b->data[i], w, __ATOMIC_RELAXED);
}

static void bucket_fill(struct stack_map_bucket *b, const void *data, u32 len)
{
	u32 i;
	u64 w;

	for (i = 0; i < len / sizeof(u64); i++) {
		memcpy(&w, (const char *)data + i * sizeof(u64), sizeof(w));
		bucket_set_word(b, i, w);
	}
}

static bool bucket_equal(const struct stack_map_bucket *b, const void *data, u32 len)
{
	u32 i;
	u64 w;

	for (i = 0; i < len / sizeof(u64); i++) {
		memcpy(&w, (const char *)data + i * sizeof(u64), sizeof(w));
		if (bucket_word(b, i) != w)
			return false;
	}
	return true;
}

static inline u32 bucket_hash(const struct stack_map_bucket *b)
{
	return __atomic_load_n(&b->hash, __ATOMIC_RELAXED);
}

static inline u32 bucket_nr(const struct stack_map_bucket *b)
{
	return __atomic_load_n(&b->nr, __ATOMIC_RELAXED);
}

static inline void bucket_set(struct stack_map_bucket *b, u32 hash, u32 nr)
{
	__atomic_store_n(&b->hash, hash, __ATOMIC_RELAXED);
	__atomic_store_n(&b->nr, nr, __ATOMIC_RELAXED);
}

static inline struct stack_map_bucket *bucket_get(struct bpf_stack_map *smap, u32 id)
{
	return __atomic_load_n(&smap->buckets[id], __ATOMIC_ACQUIRE);
}

/* Publishes new (or NULL) in slot id: what it held comes back. */
static inline struct stack_map_bucket *bucket_xchg(struct bpf_stack_map *smap, u32 id,
						   struct stack_map_bucket *new)
{
	return __atomic_exchange_n(&smap->buckets[id], new, __ATOMIC_ACQ_REL);
}

static struct stack_map_bucket *bucket_pop(struct bpf_stack_map *smap)
{
	struct pcpu_freelist_node *n = pcpu_freelist_pop(&smap->freelist);

	return n ? container_of(n, struct stack_map_bucket, fnode) : NULL;
}

static void bucket_push(struct bpf_stack_map *smap, struct stack_map_bucket *b)
{
	pcpu_freelist_push(&smap->freelist, &b->fnode);
}

/* ---- the map ---- */

static int prealloc_elems_and_freelist(struct bpf_stack_map *smap)
{
	u64 elem_size = sizeof(struct stack_map_bucket) + (u64)smap->map.value_size;
	int err;

	smap->elems = bpf_map_area_alloc(elem_size * smap->map.max_entries,
					 smap->map.numa_node);
	if (!smap->elems)
		return -ENOMEM;
	err = pcpu_freelist_init(&smap->freelist);
	if (err) {
		bpf_map_area_free(smap->elems);
		return err;
	}
	pcpu_freelist_populate(&smap->freelist, smap->elems, elem_size,
			       smap->map.max_entries);
	return 0;
}

/* What 6.1 shows as "memlock" in fdinfo: max_entries * (key + value), page-rounded. */
static u64 stack_map_footprint(const struct bpf_map *map)
{
	return round_up((u64)map->max_entries * round_up(map->key_size + map->value_size, 8),
			(u64)PAGE_SIZE);
}

/* Called from syscall */
static struct bpf_map *stack_map_alloc(union bpf_attr *attr)
{
	u32 value_size = attr->value_size;
	struct bpf_stack_map *smap;
	u64 cost, n_buckets;
	int err;

	if (!bpf_capable())
		return ERR_PTR(-EPERM);
	if (attr->map_flags & ~STACK_CREATE_FLAG_MASK)
		return ERR_PTR(-EINVAL);
	if (attr->max_entries == 0 || attr->key_size != 4 ||
	    value_size < 8 || value_size % 8)
		return ERR_PTR(-EINVAL);
	if (attr->map_flags & BPF_F_STACK_BUILD_ID) {
		if (value_size % sizeof(struct bpf_stack_build_id) ||
		    value_size / sizeof(struct bpf_stack_build_id) >
		    sysctl_perf_event_max_stack)
			return ERR_PTR(-EINVAL);
	} else if (value_size / 8 > sysctl_perf_event_max_stack) {
		return ERR_PTR(-EINVAL);
	}
	/* the slot table is a power of two: keep the rounding in range */
	if (attr->max_entries > 1UL << 31)
		return ERR_PTR(-E2BIG);

	n_buckets = roundup_pow_of_two(attr->max_entries);
	cost = n_buckets * sizeof(struct stack_map_bucket *) + sizeof(*smap);
	smap = bpf_map_area_alloc(cost, NUMA_NO_NODE);
	if (!smap)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&smap->map, attr);
	smap->map.spin_lock_off = -EINVAL;
	smap->map.timer_off = -EINVAL;
	smap->n_buckets = n_buckets;

	err = prealloc_elems_and_freelist(smap);
	if (err) {
		bpf_map_area_free(smap);
		return ERR_PTR(err);
	}
	smap->map.memory_usage = stack_map_footprint(&smap->map);
	return &smap->map;
}

/* Called when the last reference is gone and no program can run on the map. */
static void stack_map_free(struct bpf_map *map)
{
	struct bpf_stack_map *smap = to_smap(map);

	bpf_map_area_free(smap->elems);
	pcpu_freelist_destroy(&smap->freelist);
	bpf_map_area_free(smap);
}

/*
 * Puts the stack of trace (its first skip frames left out) in its slot
 * and returns the slot, as 6.1's __bpf_get_stackid.
 */
static long stack_map_get_stackid(struct bpf_map *map, struct stack_trace *trace,
				  u64 flags)
{
	struct bpf_stack_map *smap = to_smap(map);
	struct stack_map_bucket *bucket, *new_bucket, *old_bucket;
	u32 skip = flags & BPF_F_SKIP_FIELD_MASK;
	u32 hash, id, trace_nr, trace_len, max_depth;
	bool user = flags & BPF_F_USER_STACK;
	bool hash_matches;
	u64 *ips;

	/* skipping more than the stack has */
	if (trace->nr <= skip)
		return -EFAULT;

	max_depth = map->value_size / stack_map_data_size(map) + skip;
	if (max_depth > sysctl_perf_event_max_stack)
		max_depth = sysctl_perf_event_max_stack;
	trace_nr = min_t(u32, trace->nr - skip, max_depth - skip);
	trace_len = trace_nr * sizeof(u64);
	ips = trace->ip + skip;
	hash = jhash2((const u32 *)ips, trace_len / sizeof(u32), 0);
	id = hash & (smap->n_buckets - 1);
	bucket = bucket_get(smap, id);

	hash_matches = bucket && bucket_hash(bucket) == hash;
	if (hash_matches && (flags & BPF_F_FAST_STACK_CMP))
		return id;

	if (stack_map_use_build_id(map)) {
		/* the comparison is of what the bucket holds: build ids */
		struct bpf_stack_build_id id_offs[sysctl_perf_event_max_stack];

		new_bucket = bucket_pop(smap);
		if (unlikely(!new_bucket))
			return -ENOMEM;
		stack_map_get_build_id_offset(id_offs, ips, trace_nr, user);
		trace_len = trace_nr * sizeof(struct bpf_stack_build_id);
		if (hash_matches && bucket_nr(bucket) == trace_nr &&
		    bucket_equal(bucket, id_offs, trace_len)) {
			bucket_push(smap, new_bucket);
			return id;
		}
		if (bucket && !(flags & BPF_F_REUSE_STACKID)) {
			bucket_push(smap, new_bucket);
			return -EEXIST;
		}
		bucket_fill(new_bucket, id_offs, trace_len);
	} else {
		if (hash_matches && bucket_nr(bucket) == trace_nr &&
		    bucket_equal(bucket, ips, trace_len))
			return id;
		if (bucket && !(flags & BPF_F_REUSE_STACKID))
			return -EEXIST;
		new_bucket = bucket_pop(smap);
		if (unlikely(!new_bucket))
			return -ENOMEM;
		bucket_fill(new_bucket, ips, trace_len);
	}
	bucket_set(new_bucket, hash, trace_nr);

	old_bucket = bucket_xchg(smap, id, new_bucket);
	if (old_bucket)
		bucket_push(smap, old_bucket);
	return id;
}

/* bpf_get_stackid() of every program type: the stack's id in map, or -errno. */
noinline long __bpf_get_stackid(struct bpf_map *map, u64 flags)
{
	u32 skip = flags & BPF_F_SKIP_FIELD_MASK;
	bool user = flags & BPF_F_USER_STACK;
	struct stack_trace trace;
	u32 max_depth;
	long ret;

	if (unlikely(flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK |
			       BPF_F_FAST_STACK_CMP | BPF_F_REUSE_STACKID)))
		return -EINVAL;
	/* the verifier lets only stack maps here; say so if one is not */
	if (unlikely(!map || map->ops != &stack_trace_map_ops))
		return -EINVAL;

	max_depth = map->value_size / stack_map_data_size(map) + skip;
	if (max_depth > sysctl_perf_event_max_stack)
		max_depth = sysctl_perf_event_max_stack;
	stack_capture(&trace, user, max_depth);
	ret = stack_map_get_stackid(map, &trace, flags);
	/* not a tail call: this frame marks where the capture starts */
	barrier();
	return ret;
}

/*
 * bpf_get_stack() of every program type: size bytes of frames (or of
 * build ids) into buf, the rest zeroed; the bytes written, or -errno
 * with buf zeroed.
 */
noinline long __bpf_get_stack(void *buf, u32 size, u64 flags)
{
	u32 trace_nr, copy_len, elem_size, num_elem, max_depth;
	bool user_build_id = flags & BPF_F_USER_BUILD_ID;
	u32 skip = flags & BPF_F_SKIP_FIELD_MASK;
	bool user = flags & BPF_F_USER_STACK;
	struct stack_trace trace;
	long err = -EINVAL;

	if (unlikely(flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK |
			       BPF_F_USER_BUILD_ID)))
		goto clear;
	if (!user && user_build_id)
		goto clear;
	elem_size = user && user_build_id ? sizeof(struct bpf_stack_build_id) :
					    sizeof(u64);
	if (unlikely(size % elem_size))
		goto clear;

	num_elem = size / elem_size;
	max_depth = num_elem + skip;
	if (max_depth > sysctl_perf_event_max_stack)
		max_depth = sysctl_perf_event_max_stack;
	stack_capture(&trace, user, max_depth);
	if (trace.nr < skip) {
		err = -EFAULT;
		goto clear;
	}
	trace_nr = min_t(u32, trace.nr - skip, num_elem);
	copy_len = trace_nr * elem_size;
	if (user && user_build_id)
		stack_map_get_build_id_offset(buf, trace.ip + skip, trace_nr, true);
	else if (copy_len)
		memcpy(buf, trace.ip + skip, copy_len);
	if (size > copy_len)
		memset((char *)buf + copy_len, 0, size - copy_len);
	barrier();
	return copy_len;

clear:
	if (size)
		memset(buf, 0, size);
	return err;
}

/* Called from eBPF program: the verifier lets no program look up a stack map. */
static void *stack_map_lookup_elem(struct bpf_map *map, void *key)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline u32 stack_map_key(const void *key)
{
	u32 id;

	memcpy(&id, key, sizeof(id));
	return id;
}

/*
 * Syscall lookup: a copy of the stack, zero-padded to value_size.  The
 * bucket is out of its slot while it is copied, so that no program can
 * recycle it meanwhile; a stack that took the slot in between loses it.
 */
static int stack_map_copy_value(struct bpf_map *map, void *key, void *value,
				u64 flags)
{
	struct bpf_stack_map *smap = to_smap(map);
	struct stack_map_bucket *bucket, *old_bucket;
	u32 id = stack_map_key(key), trace_len, i;

	if (unlikely(id >= smap->n_buckets))
		return -ENOENT;
	bucket = bucket_xchg(smap, id, NULL);
	if (!bucket)
		return -ENOENT;

	trace_len = bucket_nr(bucket) * stack_map_data_size(map);
	for (i = 0; i < trace_len / sizeof(u64); i++) {
		u64 w = bucket_word(bucket, i);

		memcpy((char *)value + i * sizeof(u64), &w, sizeof(w));
	}
	memset((char *)value + trace_len, 0, map->value_size - trace_len);

	old_bucket = bucket_xchg(smap, id, bucket);
	if (old_bucket)
		bucket_push(smap, old_bucket);
	return 0;
}

/* Called from syscall: the next slot that holds a stack, or the first. */
static int stack_map_get_next_key(struct bpf_map *map, void *key, void *next_key)
{
	struct bpf_stack_map *smap = to_smap(map);
	u32 id;

	if (!key) {
		id = 0;
	} else {
		id = stack_map_key(key);
		/* a slot that is empty (or no slot) starts the walk over */
		if (id >= smap->n_buckets || !bucket_get(smap, id))
			id = 0;
		else
			id++;
	}
	while (id < smap->n_buckets && !bucket_get(smap, id))
		id++;
	if (id >= smap->n_buckets)
		return -ENOENT;
	memcpy(next_key, &id, sizeof(id));
	return 0;
}

/* Only bpf_get_stackid() puts stacks in. */
static int stack_map_update_elem(struct bpf_map *map, void *key, void *value,
				 u64 map_flags)
{
	return -EINVAL;
}

/* Called from syscall: the slot is emptied and its bucket is free again. */
static int stack_map_delete_elem(struct bpf_map *map, void *key)
{
	struct bpf_stack_map *smap = to_smap(map);
	struct stack_map_bucket *old_bucket;
	u32 id = stack_map_key(key);

	if (unlikely(id >= smap->n_buckets))
		return -E2BIG;
	old_bucket = bucket_xchg(smap, id, NULL);
	if (!old_bucket)
		return -ENOENT;
	bucket_push(smap, old_bucket);
	return 0;
}

const struct bpf_map_ops stack_trace_map_ops = {
	.map_meta_equal = bpf_map_meta_equal,
	.map_alloc = stack_map_alloc,
	.map_free = stack_map_free,
	.map_get_next_key = stack_map_get_next_key,
	.map_lookup_elem = stack_map_lookup_elem,
	.map_update_elem = stack_map_update_elem,
	.map_delete_elem = stack_map_delete_elem,
	.map_check_btf = map_check_no_btf,
	.map_copy_value = stack_map_copy_value,
};
