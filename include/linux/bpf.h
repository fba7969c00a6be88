/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BPF_H
#define _SYSBPF_LINUX_BPF_H

/* The uapi of linux-libc-dev 6.1: command, map, program and helper numbers. */
#include_next <linux/bpf.h>

#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/fs.h>

struct bpf_map;
struct bpf_prog;
struct bpf_prog_aux;
struct bpf_insn;
struct btf;
struct btf_type;
struct bpf_verifier_env;
struct bpf_verifier_log;
struct bpf_link;

#define BPF_MAX_VAR_OFF		(1 << 29)
#define BPF_MAX_VAR_SIZ		(1 << 29)
#define BPF_COMPLEXITY_LIMIT_INSNS	1000000
#define MAX_BPF_FUNC_ARGS	12
#define MAX_BPF_FUNC_REG_ARGS	5
#define MAX_TAIL_CALL_CNT	33
#define MAX_CALL_FRAMES		8
#define BPF_MAX_LOOPS		(8 * 1024 * 1024)
#define BPF_MAX_SUBPROGS	256
#define MAX_USED_MAPS		64
#define BPF_COMPLEXITY_LIMIT_JMP_SEQ	8192

typedef u64 (*bpf_callback_t)(u64, u64, u64, u64, u64);

/* len bytes of the memfd fd from offset off: one piece of a map's mmap space. */
struct bpf_mmap_piece {
	int fd;
	off_t off;
	size_t len;
};
#define BPF_MMAP_MAX_PIECES	2

/* Operations a map type provides; the kernel's bpf_map_ops, less what needs hardware. */
struct bpf_map_ops {
	int (*map_alloc_check)(union bpf_attr *attr);
	struct bpf_map *(*map_alloc)(union bpf_attr *attr);
	void (*map_release)(struct bpf_map *map, struct file *map_file);
	void (*map_free)(struct bpf_map *map);
	int (*map_get_next_key)(struct bpf_map *map, void *key, void *next_key);
	void (*map_release_uref)(struct bpf_map *map);
	void *(*map_lookup_elem_sys_only)(struct bpf_map *map, void *key);
	int (*map_lookup_batch)(struct bpf_map *map, const union bpf_attr *attr,
				union bpf_attr __user *uattr);
	int (*map_lookup_and_delete_elem)(struct bpf_map *map, void *key,
					  void *value, u64 flags);
	int (*map_lookup_and_delete_batch)(struct bpf_map *map,
					   const union bpf_attr *attr,
					   union bpf_attr __user *uattr);
	int (*map_update_batch)(struct bpf_map *map, const union bpf_attr *attr,
				union bpf_attr __user *uattr);
	int (*map_delete_batch)(struct bpf_map *map, const union bpf_attr *attr,
				union bpf_attr __user *uattr);

	/* callable from user space and from programs */
	void *(*map_lookup_elem)(struct bpf_map *map, void *key);
	int (*map_update_elem)(struct bpf_map *map, void *key, void *value, u64 flags);
	int (*map_delete_elem)(struct bpf_map *map, void *key);
	int (*map_push_elem)(struct bpf_map *map, void *value, u64 flags);
	int (*map_pop_elem)(struct bpf_map *map, void *value);
	int (*map_peek_elem)(struct bpf_map *map, void *value);
	void *(*map_lookup_percpu_elem)(struct bpf_map *map, void *key, u32 cpu);

	/* fd-holding maps (prog array, map-in-map) */
	void *(*map_fd_get_ptr)(struct bpf_map *map, struct file *map_file, int fd);
	void (*map_fd_put_ptr)(struct bpf_map *map, void *ptr, bool need_defer);
	u32 (*map_fd_sys_lookup_elem)(void *ptr);

	int (*map_check_btf)(const struct bpf_map *map, const struct btf *btf,
			     const struct btf_type *key_type,
			     const struct btf_type *value_type);

	/* direct value access (global data) */
	int (*map_direct_value_addr)(const struct bpf_map *map, u64 *imm, u32 off);
	int (*map_direct_value_meta)(const struct bpf_map *map, u64 imm, u32 *off);
	/* mmap of the map's fd: the memfd and offset that back the value area */
	int (*map_mmap_fd)(struct bpf_map *map, off_t *base);
	/*
	 * mmap of maps whose mmap space is not one range of a memfd (a ring
	 * buffer shows its data pages twice): checks [off, off + len) and
	 * the permission as the map's 6.1 map_mmap does, and fills pieces
	 * of memfds that, mapped back to back, make the range.  Returns the
	 * number of pieces (at most BPF_MMAP_MAX_PIECES) or -errno.
	 */
	int (*map_mmap_pieces)(struct bpf_map *map, off_t off, size_t len,
			       bool writable, struct bpf_mmap_piece *pieces);

	bool (*map_meta_equal)(const struct bpf_map *meta0, const struct bpf_map *meta1);
	/*
	 * Inline code for bpf_map_lookup_elem(): map in r1, key pointer in r2,
	 * value or NULL in r0; returns the insn count or -EOPNOTSUPP (6.1).
	 */
	int (*map_gen_lookup)(struct bpf_map *map, struct bpf_insn *insn_buf);
	int (*map_for_each_callback)(struct bpf_map *map, bpf_callback_t callback_fn,
				     void *callback_ctx, u64 flags);
	/* Syscall-side per-CPU copy helpers (lookup/update of percpu maps). */
	int (*map_copy_value)(struct bpf_map *map, void *key, void *value, u64 flags);
	int (*map_update_value)(struct bpf_map *map, void *key, void *value, u64 flags);
};

struct bpf_map {
	const struct bpf_map_ops *ops;
	struct bpf_map *inner_map_meta;
	enum bpf_map_type map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u64 map_extra;
	u32 map_flags;
	int spin_lock_off;	/* >= 0 valid offset, < 0 error */
	int timer_off;		/* >= 0 valid offset, < 0 error */
	u32 id;
	int numa_node;
	u32 btf_key_type_id;
	u32 btf_value_type_id;
	u32 btf_vmlinux_value_type_id;
	struct btf *btf;
	char name[BPF_OBJ_NAME_LEN];
	/* kmalloc gives 16-byte alignment: no cache-line padding here */
	atomic64_t refcnt;
	atomic64_t usercnt;
	struct rcu_head rcu;
	struct mutex freeze_mutex;
	atomic64_t writecnt;
	spinlock_t owner_lock;
	/* prog array owner: the first program that used the map fixes these */
	struct {
		enum bpf_prog_type type;
		bool jited;
		bool xdp_has_frags;
	} owner;
	bool frozen;
	/* created with CAP_PERFMON: inlined lookups need no index mask (6.1) */
	bool bypass_spec_v1;
	u64 memory_usage;	/* bytes charged, as memlock in fdinfo */
};

static inline bool map_value_has_spin_lock(const struct bpf_map *map)
{
	return map->spin_lock_off >= 0;
}

static inline bool map_value_has_timer(const struct bpf_map *map)
{
	return map->timer_off >= 0;
}

/* Copies a value leaving the spin lock and timer fields alone, as the kernel does. */
void copy_map_value(struct bpf_map *map, void *dst, void *src);
void copy_map_value_locked(struct bpf_map *map, void *dst, void *src, bool lock_src);
void zero_map_value(struct bpf_map *map, void *dst);
/* Clears the spin lock and timer fields of a value copied out to user space. */
void zero_map_value_special(struct bpf_map *map, void *dst);
int bpf_fd_map_update_elem(struct bpf_map *map, struct file *map_file,
			   void *key, void *value, u64 map_flags);

void *bpf_map_area_alloc(u64 size, int numa_node);
void bpf_map_area_free(void *base);
void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr);
int bpf_map_alloc_check_attr(union bpf_attr *attr);

void bpf_map_inc(struct bpf_map *map);
void bpf_map_inc_with_uref(struct bpf_map *map);
struct bpf_map *bpf_map_inc_not_zero(struct bpf_map *map);
void bpf_map_put(struct bpf_map *map);
void bpf_map_put_with_uref(struct bpf_map *map);
struct bpf_map *bpf_map_get(u32 ufd);
struct bpf_map *bpf_map_get_with_uref(u32 ufd);
struct bpf_map *__bpf_map_get(struct fd f);
int bpf_map_new_fd(struct bpf_map *map, int flags);
bool bpf_map_write_active(const struct bpf_map *map);
u32 bpf_map_value_size(const struct bpf_map *map);
/* One element as MAP_LOOKUP_ELEM and MAP_UPDATE_ELEM see it (syscall.c). */
int bpf_map_copy_value(struct bpf_map *map, void *key, void *value, u64 flags);
int bpf_map_update_value(struct bpf_map *map, struct fd f, void *key, void *value, u64 flags);
/* The batch commands by get_next_key and one element at a time (map_batch.c). */
int generic_map_lookup_batch(struct bpf_map *map, const union bpf_attr *attr,
			     union bpf_attr __user *uattr);
int generic_map_update_batch(struct bpf_map *map, const union bpf_attr *attr,
			     union bpf_attr __user *uattr);
int generic_map_delete_batch(struct bpf_map *map, const union bpf_attr *attr,
			     union bpf_attr __user *uattr);

/* Byte size of one per-CPU value as user space sees it: round_up(value_size, 8). */
static inline u32 bpf_map_percpu_value_size(const struct bpf_map *map)
{
	return round_up(map->value_size, 8);
}

/*
 * The array family's map (arraymap.c); the interpreter reads prog arrays
 * directly for tail calls, as the kernel's does.
 */
struct bpf_array {
	struct bpf_map map;
	u32 elem_size;
	u32 index_mask;
	int mmap_fd;		/* memfd backing value[] for BPF_F_MMAPABLE, else -1 */
	u64 mmap_size;
	void *value_base;	/* value[] of this array, also for mmapable ones */
	void **ptrs;		/* prog array: struct bpf_prog * per slot, RCU */
	void __percpu **pptrs;	/* percpu array: per-CPU value per slot */
};

/* Map types, by the kernel's ops table names. */
extern const struct bpf_map_ops array_map_ops;
extern const struct bpf_map_ops percpu_array_map_ops;
extern const struct bpf_map_ops prog_array_map_ops;
extern const struct bpf_map_ops htab_map_ops;
extern const struct bpf_map_ops htab_percpu_map_ops;
extern const struct bpf_map_ops htab_lru_map_ops;
extern const struct bpf_map_ops htab_lru_percpu_map_ops;
extern const struct bpf_map_ops array_of_maps_map_ops;
extern const struct bpf_map_ops htab_of_maps_map_ops;
extern const struct bpf_map_ops stack_trace_map_ops;
extern const struct bpf_map_ops queue_map_ops;
extern const struct bpf_map_ops stack_map_ops;
/* The template check of map-in-map slots, for map_meta_equal (map_in_map.c). */
bool bpf_map_meta_equal(const struct bpf_map *meta0, const struct bpf_map *meta1);

/* The access flags of MAP_CREATE: the program may not be both barred from reading and writing. */
#define BPF_F_ACCESS_MASK	(BPF_F_RDONLY | BPF_F_RDONLY_PROG | \
				 BPF_F_WRONLY | BPF_F_WRONLY_PROG)

static inline bool bpf_map_flags_access_ok(u32 access_flags)
{
	return (access_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) !=
	       (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG);
}

static inline int bpf_map_attr_numa_node(const union bpf_attr *attr)
{
	return (attr->map_flags & BPF_F_NUMA_NODE) ? (int)attr->numa_node : NUMA_NO_NODE;
}
/*
 * bpf_get_stackid() and bpf_get_stack() of every program type
 * (stackmap.c): the native stack of the thread running the program.
 */
long __bpf_get_stackid(struct bpf_map *map, u64 flags);
long __bpf_get_stack(void *buf, u32 size, u64 flags);
/* map_gen_lookup.c: the inline lookups, and the memory their results point into */
int array_map_gen_lookup(struct bpf_map *map, struct bpf_insn *insn_buf);
int bpf_map_gen_lookup_area(const struct bpf_map *map, u64 *start, u64 *size);
extern const struct bpf_map_ops ringbuf_map_ops;
extern const struct bpf_map_ops user_ringbuf_map_ops;
extern const struct bpf_map_ops cgroup_storage_map_ops;
extern const struct bpf_map_ops percpu_cgroup_storage_map_ops;
extern const struct bpf_map_ops perf_event_array_map_ops;
/*
 * poll and epoll of map fds (6.1's map_poll), for the shim.  A map fd
 * is a pipe's write end, which never turns readable; a map that can be
 * polled (ring buffers, ringbuf.c) owns an eventfd that its wakeups
 * signal, and the shim waits on that eventfd in place of the map fd.
 * bpf_map_poll_fd() gives the eventfd of map_fd and the poll events
 * (EPOLLIN or EPOLLOUT) it stands for, or -EINVAL.
 * bpf_map_poll_sync() runs before a wait on such an eventfd: with level
 * it leaves the eventfd signalled exactly when the map is ready (poll(),
 * EPOLL_CTL_ADD), without it only when it was signalled and the map is
 * still ready (epoll_wait: the kernel's level-triggered ready list).
 * False when no map owns poll_fd any more.
 */
int bpf_map_poll_fd(int map_fd, u32 *events);
bool bpf_map_poll_sync(int poll_fd, bool level);
/* The table indexed by enum bpf_map_type; NULL where the type is not built. */
extern const struct bpf_map_ops *const bpf_map_types[];
extern const size_t bpf_map_types_nr;

/*
 * The kernel's view of a struct bpf_dynptr (6.1): size keeps the length
 * in its low 24 bits, the enum bpf_dynptr_type from bit 28 and the
 * read-only flag in bit 31.
 */
struct bpf_dynptr_kern {
	void *data;
	u32 size;
	u32 offset;
} __aligned(8);

#define BPF_MAX_USER_RINGBUF_SAMPLES	(128 * 1024)

/* Helper argument and return types, the kernel's 6.1 encoding. */
#define BPF_BASE_TYPE_BITS	8

enum bpf_type_flag {
	PTR_MAYBE_NULL		= BIT(0 + BPF_BASE_TYPE_BITS),
	MEM_RDONLY		= BIT(1 + BPF_BASE_TYPE_BITS),
	MEM_ALLOC		= BIT(2 + BPF_BASE_TYPE_BITS),
	MEM_USER		= BIT(3 + BPF_BASE_TYPE_BITS),
	MEM_PERCPU		= BIT(4 + BPF_BASE_TYPE_BITS),
	OBJ_RELEASE		= BIT(5 + BPF_BASE_TYPE_BITS),
	PTR_UNTRUSTED		= BIT(6 + BPF_BASE_TYPE_BITS),
	MEM_UNINIT		= BIT(7 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_LOCAL	= BIT(8 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_RINGBUF	= BIT(9 + BPF_BASE_TYPE_BITS),
	MEM_FIXED_SIZE		= BIT(10 + BPF_BASE_TYPE_BITS),
	MEM_ALIGNED		= BIT(17 + BPF_BASE_TYPE_BITS),
	MEM_WRITE		= BIT(18 + BPF_BASE_TYPE_BITS),
	__BPF_TYPE_FLAG_MAX,
	__BPF_TYPE_LAST_FLAG	= __BPF_TYPE_FLAG_MAX - 1,
};

#define BPF_BASE_TYPE_MASK	((1UL << BPF_BASE_TYPE_BITS) - 1)
#define BPF_TYPE_LIMIT		(__BPF_TYPE_LAST_FLAG | (__BPF_TYPE_LAST_FLAG - 1))
#define base_type(t)		((t) & BPF_BASE_TYPE_MASK)
#define type_flag(t)		((t) & ~BPF_BASE_TYPE_MASK)

enum bpf_arg_type {
	ARG_DONTCARE = 0,
	ARG_CONST_MAP_PTR,
	ARG_PTR_TO_MAP_KEY,
	ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM,
	ARG_CONST_SIZE,
	ARG_CONST_SIZE_OR_ZERO,
	ARG_PTR_TO_CTX,
	ARG_ANYTHING,
	ARG_PTR_TO_SPIN_LOCK,
	ARG_PTR_TO_SOCK_COMMON,
	ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_BTF_ID,
	ARG_PTR_TO_ALLOC_MEM,
	ARG_CONST_ALLOC_SIZE_OR_ZERO,
	ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	ARG_PTR_TO_PERCPU_BTF_ID,
	ARG_PTR_TO_FUNC,
	ARG_PTR_TO_STACK,
	ARG_PTR_TO_CONST_STR,
	ARG_PTR_TO_TIMER,
	ARG_PTR_TO_KPTR,
	ARG_PTR_TO_DYNPTR,
	__BPF_ARG_TYPE_MAX,

	ARG_PTR_TO_MAP_VALUE_OR_NULL	= PTR_MAYBE_NULL | ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM_OR_NULL		= PTR_MAYBE_NULL | ARG_PTR_TO_MEM,
	ARG_PTR_TO_CTX_OR_NULL		= PTR_MAYBE_NULL | ARG_PTR_TO_CTX,
	ARG_PTR_TO_SOCKET_OR_NULL	= PTR_MAYBE_NULL | ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_ALLOC_MEM_OR_NULL	= PTR_MAYBE_NULL | ARG_PTR_TO_ALLOC_MEM,
	ARG_PTR_TO_STACK_OR_NULL	= PTR_MAYBE_NULL | ARG_PTR_TO_STACK,
	ARG_PTR_TO_BTF_ID_OR_NULL	= PTR_MAYBE_NULL | ARG_PTR_TO_BTF_ID,
	ARG_PTR_TO_UNINIT_MEM		= MEM_UNINIT | MEM_WRITE | ARG_PTR_TO_MEM,
	ARG_PTR_TO_FIXED_SIZE_MEM	= MEM_FIXED_SIZE | ARG_PTR_TO_MEM,

	__BPF_ARG_TYPE_LIMIT	= BPF_TYPE_LIMIT,
};

enum bpf_return_type {
	RET_INTEGER,
	RET_VOID,
	RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_ALLOC_MEM,
	RET_PTR_TO_MEM_OR_BTF_ID,
	RET_PTR_TO_BTF_ID,
	__BPF_RET_TYPE_MAX,

	RET_PTR_TO_MAP_VALUE_OR_NULL	= PTR_MAYBE_NULL | RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET_OR_NULL	= PTR_MAYBE_NULL | RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK_OR_NULL	= PTR_MAYBE_NULL | RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON_OR_NULL	= PTR_MAYBE_NULL | RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_ALLOC_MEM_OR_NULL	= PTR_MAYBE_NULL | MEM_ALLOC | RET_PTR_TO_ALLOC_MEM,
	RET_PTR_TO_DYNPTR_MEM_OR_NULL	= PTR_MAYBE_NULL | RET_PTR_TO_ALLOC_MEM,
	RET_PTR_TO_BTF_ID_OR_NULL	= PTR_MAYBE_NULL | RET_PTR_TO_BTF_ID,

	__BPF_RET_TYPE_LIMIT	= BPF_TYPE_LIMIT,
};

struct bpf_func_proto {
	u64 (*func)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
	bool gpl_only;
	bool pkt_access;
	bool might_sleep;
	enum bpf_return_type ret_type;
	union {
		struct {
			enum bpf_arg_type arg1_type;
			enum bpf_arg_type arg2_type;
			enum bpf_arg_type arg3_type;
			enum bpf_arg_type arg4_type;
			enum bpf_arg_type arg5_type;
		};
		enum bpf_arg_type arg_type[5];
	};
	union {
		struct {
			size_t arg1_size;
			size_t arg2_size;
			size_t arg3_size;
			size_t arg4_size;
			size_t arg5_size;
		};
		size_t arg_size[5];
	};
	/* ARG_PTR_TO_BTF_ID arguments: the BTF type id (in vmlinux) each takes */
	union {
		struct {
			u32 *arg1_btf_id;
			u32 *arg2_btf_id;
			u32 *arg3_btf_id;
			u32 *arg4_btf_id;
			u32 *arg5_btf_id;
		};
		u32 *arg_btf_id[5];
	};
	int *ret_btf_id;	/* RET_PTR_TO_BTF_ID: the type returned */
	bool (*allowed)(const struct bpf_prog *prog);
};

/* Helper definitions: BPF_CALL_n(name, type, arg, ...) defines name(u64 x5). */
#define __BPF_MAP_0(m, v, ...) v
#define __BPF_MAP_1(m, v, t, a, ...) m(t, a)
#define __BPF_MAP_2(m, v, t, a, ...) m(t, a), __BPF_MAP_1(m, v, __VA_ARGS__)
#define __BPF_MAP_3(m, v, t, a, ...) m(t, a), __BPF_MAP_2(m, v, __VA_ARGS__)
#define __BPF_MAP_4(m, v, t, a, ...) m(t, a), __BPF_MAP_3(m, v, __VA_ARGS__)
#define __BPF_MAP_5(m, v, t, a, ...) m(t, a), __BPF_MAP_4(m, v, __VA_ARGS__)
#define __BPF_REG_0(...) __BPF_PAD(5)
#define __BPF_REG_1(...) __BPF_MAP(1, __VA_ARGS__), __BPF_PAD(4)
#define __BPF_REG_2(...) __BPF_MAP(2, __VA_ARGS__), __BPF_PAD(3)
#define __BPF_REG_3(...) __BPF_MAP(3, __VA_ARGS__), __BPF_PAD(2)
#define __BPF_REG_4(...) __BPF_MAP(4, __VA_ARGS__), __BPF_PAD(1)
#define __BPF_REG_5(...) __BPF_MAP(5, __VA_ARGS__)
#define __BPF_MAP(n, ...) __BPF_MAP_##n(__VA_ARGS__)
#define __BPF_REG(n, ...) __BPF_REG_##n(__VA_ARGS__)
#define __BPF_PAD(n) __BPF_MAP(n, __BPF_DECL_ARGS, __BPF_N, u64, __ur_1, u64, __ur_2, u64, __ur_3, u64, __ur_4, u64, __ur_5)
#define __BPF_CAST(t, a) (t)(uintptr_t)a
#define __BPF_V void
#define __BPF_N
#define __BPF_DECL_ARGS(t, a) t a
#define __BPF_DECL_REGS(t, a) u64 a

#define BPF_CALL_x(x, name, ...)						\
	static __always_inline u64 ____##name(__BPF_MAP(x, __BPF_DECL_ARGS, __BPF_V, __VA_ARGS__)); \
	u64 name(__BPF_REG(x, __BPF_DECL_REGS, __BPF_N, __VA_ARGS__));		\
	u64 name(__BPF_REG(x, __BPF_DECL_REGS, __BPF_N, __VA_ARGS__))		\
	{									\
		_Pragma("GCC diagnostic push")					\
		_Pragma("GCC diagnostic ignored \"-Wunused-parameter\"")	\
		return ____##name(__BPF_MAP(x, __BPF_CAST, __BPF_N, __VA_ARGS__)); \
		_Pragma("GCC diagnostic pop")					\
	}									\
	static __always_inline u64 ____##name(__BPF_MAP(x, __BPF_DECL_ARGS, __BPF_V, __VA_ARGS__))

#define BPF_CALL_0(name, ...)	BPF_CALL_x(0, name, __VA_ARGS__)
#define BPF_CALL_1(name, ...)	BPF_CALL_x(1, name, __VA_ARGS__)
#define BPF_CALL_2(name, ...)	BPF_CALL_x(2, name, __VA_ARGS__)
#define BPF_CALL_3(name, ...)	BPF_CALL_x(3, name, __VA_ARGS__)
#define BPF_CALL_4(name, ...)	BPF_CALL_x(4, name, __VA_ARGS__)
#define BPF_CALL_5(name, ...)	BPF_CALL_x(5, name, __VA_ARGS__)

/* Per-program-type operations, as the kernel splits them. */
enum bpf_access_type {
	BPF_READ = 1,
	BPF_WRITE = 2
};

/* The type of a value in a register, the kernel's 6.1 numbering. */
enum bpf_reg_type {
	NOT_INIT = 0,
	SCALAR_VALUE,
	PTR_TO_CTX,
	CONST_PTR_TO_MAP,
	PTR_TO_MAP_VALUE,
	PTR_TO_MAP_KEY,
	PTR_TO_STACK,
	PTR_TO_PACKET_META,
	PTR_TO_PACKET,
	PTR_TO_PACKET_END,
	PTR_TO_FLOW_KEYS,
	PTR_TO_SOCKET,
	PTR_TO_SOCK_COMMON,
	PTR_TO_TCP_SOCK,
	PTR_TO_TP_BUFFER,
	PTR_TO_XDP_SOCK,
	PTR_TO_BTF_ID,
	PTR_TO_MEM,
	PTR_TO_BUF,
	PTR_TO_FUNC,
	PTR_TO_DYNPTR,
	__BPF_REG_TYPE_MAX,

	PTR_TO_MAP_VALUE_OR_NULL	= PTR_MAYBE_NULL | PTR_TO_MAP_VALUE,
	PTR_TO_SOCKET_OR_NULL		= PTR_MAYBE_NULL | PTR_TO_SOCKET,
	PTR_TO_SOCK_COMMON_OR_NULL	= PTR_MAYBE_NULL | PTR_TO_SOCK_COMMON,
	PTR_TO_TCP_SOCK_OR_NULL		= PTR_MAYBE_NULL | PTR_TO_TCP_SOCK,
	PTR_TO_BTF_ID_OR_NULL		= PTR_MAYBE_NULL | PTR_TO_BTF_ID,

	__BPF_REG_TYPE_LIMIT	= BPF_TYPE_LIMIT,
};

struct bpf_insn_access_aux {
	int reg_type;		/* enum bpf_reg_type the load produces */
	union {
		int ctx_field_size;
		struct {		/* reg_type PTR_TO_BTF_ID */
			struct btf *btf;
			u32 btf_id;
		};
	};
	struct bpf_verifier_log *log;
};

typedef u32 (*bpf_convert_ctx_access_t)(enum bpf_access_type type,
					const struct bpf_insn *src,
					struct bpf_insn *dst,
					struct bpf_prog *prog,
					u32 *target_size);

struct bpf_verifier_ops {
	const struct bpf_func_proto *(*get_func_proto)(enum bpf_func_id func_id,
						       const struct bpf_prog *prog);
	bool (*is_valid_access)(int off, int size, enum bpf_access_type type,
				const struct bpf_prog *prog,
				struct bpf_insn_access_aux *info);
	/* Writes the converted access to insn_buf; returns the number of insns. */
	u32 (*convert_ctx_access)(enum bpf_access_type type,
				  const struct bpf_insn *src,
				  struct bpf_insn *insn_buf,
				  struct bpf_prog *prog, u32 *target_size);
	/* Insns to put before the program (e.g. to unclone an skb it writes). */
	int (*gen_prologue)(struct bpf_insn *insn_buf, bool direct_write,
			    const struct bpf_prog *prog);
	/* The rewrite of one LD_ABS/LD_IND insn, for types that do it inline. */
	int (*gen_ld_abs)(const struct bpf_insn *orig, struct bpf_insn *insn_buf);
};

/*
 * The packet a context exposes, for the run-time bounds checks (see
 * struct bpf_pkt_bounds in filter.h); the typedef is repeated there.
 */
struct bpf_pkt_bounds;
typedef void (*bpf_pkt_bounds_fn)(const void *ctx, struct bpf_pkt_bounds *b);

struct bpf_prog_ops {
	int (*test_run)(struct bpf_prog *prog, const union bpf_attr *kattr,
			union bpf_attr __user *uattr);
	/* [meta, data, data_end) of ctx now; NULL for types without a packet */
	bpf_pkt_bounds_fn pkt_bounds;
	/*
	 * LD_ABS/LD_IND: size bytes at packet offset off (the classic
	 * negative SKF_NET_OFF/SKF_LL_OFF bases included), in network
	 * order, or NULL when out of the packet (the program then returns
	 * 0).  buf (size bytes) may be used when the bytes are not linear.
	 */
	void *(*ld_abs_ptr)(const void *ctx, int off, int size, void *buf);
};

/* The per-type tables, indexed by enum bpf_prog_type; NULL where not built. */
extern const struct bpf_verifier_ops *const bpf_verifier_ops_table[];
extern const struct bpf_prog_ops *const bpf_prog_ops_table[];
extern const size_t bpf_prog_types_nr;

extern const struct bpf_verifier_ops sk_filter_verifier_ops;
extern const struct bpf_prog_ops sk_filter_prog_ops;
extern const struct bpf_verifier_ops tc_cls_act_verifier_ops;
extern const struct bpf_prog_ops tc_cls_act_prog_ops;
extern const struct bpf_verifier_ops xdp_verifier_ops;
extern const struct bpf_prog_ops xdp_prog_ops;
/* The tracing family (kernel/trace, kernel/bpf/bpf_lsm.c, bpf_syscall_prog.c). */
extern const struct bpf_verifier_ops kprobe_verifier_ops;
extern const struct bpf_prog_ops kprobe_prog_ops;
extern const struct bpf_verifier_ops tracepoint_verifier_ops;
extern const struct bpf_prog_ops tracepoint_prog_ops;
extern const struct bpf_verifier_ops perf_event_verifier_ops;
extern const struct bpf_prog_ops perf_event_prog_ops;
extern const struct bpf_verifier_ops raw_tracepoint_verifier_ops;
extern const struct bpf_prog_ops raw_tracepoint_prog_ops;
extern const struct bpf_verifier_ops raw_tracepoint_writable_verifier_ops;
extern const struct bpf_prog_ops raw_tracepoint_writable_prog_ops;
extern const struct bpf_verifier_ops tracing_verifier_ops;
extern const struct bpf_prog_ops tracing_prog_ops;
extern const struct bpf_verifier_ops bpf_extension_verifier_ops;
extern const struct bpf_prog_ops bpf_extension_prog_ops;
extern const struct bpf_verifier_ops lsm_verifier_ops;
extern const struct bpf_prog_ops lsm_prog_ops;
extern const struct bpf_verifier_ops bpf_syscall_verifier_ops;
extern const struct bpf_prog_ops bpf_syscall_prog_ops;

struct bpf_func_info_aux {
	u16 linkage;
	bool unreliable;
};

/* A callable entry of a program: a subprogram start, for PTR_TO_FUNC values. */
struct bpf_subprog_entry {
	struct bpf_prog *prog;
	u32 insn_off;
};

struct bpf_prog_stats {
	u64 cnt;
	u64 nsecs;
	u64 misses;
};

/* The two kinds of cgroup storage a program may be bound to (local_storage.c). */
enum bpf_cgroup_storage_type {
	BPF_CGROUP_STORAGE_SHARED,
	BPF_CGROUP_STORAGE_PERCPU,
	__BPF_CGROUP_STORAGE_MAX
};

#define MAX_BPF_CGROUP_STORAGE_TYPE __BPF_CGROUP_STORAGE_MAX
#define for_each_cgroup_storage_type(stype) \
	for (stype = 0; stype < MAX_BPF_CGROUP_STORAGE_TYPE; stype++)

/* A context argument whose type an iterator target sets (6.1's bpf_ctx_arg_aux). */
struct bpf_ctx_arg_aux {
	u32 offset;
	enum bpf_reg_type reg_type;
	u32 btf_id;
};

struct bpf_prog_aux {
	atomic64_t refcnt;
	u32 used_map_cnt;
	u32 used_btf_cnt;
	u32 max_ctx_offset;
	u32 max_pkt_offset;
	u32 max_tp_access;
	u32 stack_depth;
	u32 id;
	u32 func_cnt;		/* used by non-func prog as the number of func progs */
	u32 func_idx;
	u32 attach_btf_id;
	u32 ctx_arg_info_size;
	/* BPF_TRACE_ITER: how the target types its context arguments (bpf_iter.c) */
	const struct bpf_ctx_arg_aux *ctx_arg_info;
	u32 max_rdonly_access;
	u32 max_rdwr_access;
	u32 verified_insns;
	bool offload_requested;
	bool attach_btf_trace;
	bool func_proto_unreliable;
	bool sleepable;
	bool tail_call_reachable;
	bool xdp_has_frags;
	struct bpf_map **used_maps;
	struct mutex used_maps_mutex;
	/* the cgroup storage map of each type the program uses, if any (no reference) */
	struct bpf_map *cgroup_storage[MAX_BPF_CGROUP_STORAGE_TYPE];
	struct btf *btf;
	struct btf *attach_btf;
	struct bpf_prog *dst_prog;
	/* what the attach checks found for TRACING, LSM and EXT (attach_target.c) */
	const struct btf_type *attach_func_proto;
	const char *attach_func_name;
	enum bpf_prog_type saved_dst_prog_type;
	enum bpf_attach_type saved_dst_attach_type;
	struct bpf_func_info *func_info;
	struct bpf_func_info_aux *func_info_aux;
	u32 func_info_cnt;
	struct bpf_line_info *linfo;
	u32 nr_linfo;
	u32 linfo_idx;
	struct bpf_prog *prog;	/* the program this aux belongs to */
	/* Helpers called, by the index the call fixup wrote into insn->imm. */
	const struct bpf_func_proto **call_protos;
	/* The helper id of each call_protos[] entry, for the xlated dump. */
	u32 *call_func_ids;
	u32 call_proto_cnt;
	/* Subprogram starts (insn offsets into the program), the first is 0. */
	u32 *subprog_starts;
	u32 subprog_cnt;
	struct bpf_subprog_entry *subprog_entries;
	char name[BPF_OBJ_NAME_LEN];
	const struct bpf_prog_ops *ops;
	const struct bpf_verifier_ops *vops;
	struct bpf_prog_stats stats;
	u64 load_time;		/* ns since boot */
	u32 created_by_uid;
	struct rcu_head rcu;
};

/* Every program has a map type compatibility owner check with prog arrays. */
bool bpf_prog_map_compatible(struct bpf_map *map, const struct bpf_prog *fp);

void bpf_prog_inc(struct bpf_prog *prog);
struct bpf_prog *bpf_prog_inc_not_zero(struct bpf_prog *prog);
void bpf_prog_put(struct bpf_prog *prog);
struct bpf_prog *bpf_prog_get(u32 ufd);
struct bpf_prog *bpf_prog_get_type(u32 ufd, enum bpf_prog_type type);
int bpf_prog_new_fd(struct bpf_prog *prog);

/* Links: a program attached to something, counted like maps. */
struct bpf_link_ops;
struct bpf_link {
	atomic64_t refcnt;
	u32 id;
	enum bpf_link_type type;
	const struct bpf_link_ops *ops;
	struct bpf_prog *prog;
	struct rcu_head rcu;
};

struct bpf_link_ops {
	void (*release)(struct bpf_link *link);
	void (*dealloc)(struct bpf_link *link);
	int (*fill_link_info)(const struct bpf_link *link, struct bpf_link_info *info);
};

void bpf_link_inc(struct bpf_link *link);
void bpf_link_put(struct bpf_link *link);
/* Making a link in two steps, as 6.1: prime (id and fd reserved), then settle or clean up. */
struct bpf_link_primer {
	struct bpf_link *link;
	int fd;
	u32 id;
};
void bpf_link_init(struct bpf_link *link, enum bpf_link_type type,
		   const struct bpf_link_ops *ops, struct bpf_prog *prog);
int bpf_link_prime(struct bpf_link *link, struct bpf_link_primer *primer);
int bpf_link_settle(struct bpf_link_primer *primer);
void bpf_link_cleanup(struct bpf_link_primer *primer);

/* BTF objects (btf.c) */
void btf_get(struct btf *btf);
void btf_put(struct btf *btf);
struct btf *btf_get_by_fd(int fd);
int btf_new_fd(const union bpf_attr *attr, union bpf_attr __user *uattr);
int btf_get_fd_by_id(u32 id);
int btf_get_info_by_fd(const struct btf *btf, const union bpf_attr *attr,
		       union bpf_attr __user *uattr);
u32 btf_obj_id(const struct btf *btf);
int btf_get_next_id(const union bpf_attr *attr, union bpf_attr __user *uattr);
/* The BTF checks of a map's key and value at creation (6.1's map_check_btf). */
int map_check_btf(struct bpf_map *map, const struct btf *btf,
		  u32 btf_key_id, u32 btf_value_id);
extern const struct file_operations btf_fops;

/* Object files and their fops: the f_op identifies the kind, as in the kernel. */
extern const struct file_operations bpf_map_fops;
extern const struct file_operations bpf_prog_fops;
extern const struct file_operations bpf_link_fops;

/* bpffs (inode.c) */
int bpf_obj_pin_user(u32 ufd, const char __user *pathname);
int bpf_obj_get_user(const char __user *pathname, int flags);
enum bpf_type {
	BPF_TYPE_UNSPEC = 0,
	BPF_TYPE_PROG,
	BPF_TYPE_MAP,
	BPF_TYPE_LINK,
};
/* Takes one user reference on the object behind raw, of kind type. */
void bpf_any_get(void *raw, enum bpf_type type);
void bpf_any_put(void *raw, enum bpf_type type);
/* Makes a new fd for an object; the caller's reference passes to it. */
int bpf_any_new_fd(void *raw, enum bpf_type type, int flags);

/* The one entry of the syscall: kernel semantics, kernel errno (negative). */
int __sys_bpf(int cmd, union bpf_attr __user *uattr, unsigned int size);
int bpf_check_uarg_tail_zero(const void __user *uaddr, size_t expected_size,
			     size_t actual_size);

/* The unprivileged policy of the sysctl kernel.unprivileged_bpf_disabled. */
extern int sysctl_unprivileged_bpf_disabled;
extern int sysctl_bpf_stats_enabled;
bool bpf_capable(void);
bool perfmon_capable(void);

/* Helpers shared between program types (helpers.c), by the kernel's proto names. */
extern const struct bpf_func_proto bpf_map_lookup_elem_proto;
extern const struct bpf_func_proto bpf_map_update_elem_proto;
extern const struct bpf_func_proto bpf_map_delete_elem_proto;
extern const struct bpf_func_proto bpf_map_push_elem_proto;
extern const struct bpf_func_proto bpf_map_pop_elem_proto;
extern const struct bpf_func_proto bpf_map_peek_elem_proto;
extern const struct bpf_func_proto bpf_map_lookup_percpu_elem_proto;
extern const struct bpf_func_proto bpf_get_prandom_u32_proto;
extern const struct bpf_func_proto bpf_get_smp_processor_id_proto;
extern const struct bpf_func_proto bpf_get_numa_node_id_proto;
extern const struct bpf_func_proto bpf_tail_call_proto;
extern const struct bpf_func_proto bpf_ktime_get_ns_proto;
extern const struct bpf_func_proto bpf_ktime_get_boot_ns_proto;
extern const struct bpf_func_proto bpf_ktime_get_coarse_ns_proto;
extern const struct bpf_func_proto bpf_ktime_get_tai_ns_proto;
extern const struct bpf_func_proto bpf_trace_printk_proto;
extern const struct bpf_func_proto bpf_trace_vprintk_proto;
extern const struct bpf_func_proto bpf_snprintf_proto;
extern const struct bpf_func_proto bpf_loop_proto;
extern const struct bpf_func_proto bpf_for_each_map_elem_proto;
extern const struct bpf_func_proto bpf_strncmp_proto;
extern const struct bpf_func_proto bpf_spin_lock_proto;
extern const struct bpf_func_proto bpf_spin_unlock_proto;
extern const struct bpf_func_proto bpf_jiffies64_proto;
extern const struct bpf_func_proto bpf_strtol_proto;
extern const struct bpf_func_proto bpf_strtoul_proto;
extern const struct bpf_func_proto bpf_get_current_pid_tgid_proto;
extern const struct bpf_func_proto bpf_get_current_uid_gid_proto;
extern const struct bpf_func_proto bpf_get_current_comm_proto;

/* The format engine of the printf-like helpers (helpers.c), as 6.1's. */
#define MAX_BPRINTF_VARARGS	12
#define MAX_BPRINTF_BUF		1024

struct bpf_bprintf_data {
	u32 *bin_args;
	char *buf;
	bool get_bin_args;
	bool get_buf;
};

int bpf_bprintf_prepare(char *fmt, u32 fmt_size, const u64 *raw_args,
			u32 num_args, struct bpf_bprintf_data *data);
void bpf_bprintf_cleanup(struct bpf_bprintf_data *data);
/* Formats fmt with the arguments bpf_bprintf_prepare() laid out in bin_buf. */
int bstr_printf(char *buf, size_t size, const char *fmt, const u32 *bin_buf);

/* The helpers every program type gets, by the kernel's bpf_base_func_proto(). */
const struct bpf_func_proto *bpf_base_func_proto(enum bpf_func_id func_id);

/* Reads of the bpf trace pipe (trace_printk output), as tracefs gives it. */
ssize_t bpf_trace_pipe_read(char *buf, size_t size, bool nonblock);

/* ns clocks of the "machine" */
u64 ktime_get_ns(void);
u64 ktime_get_boot_ns(void);
u64 ktime_get_coarse_ns(void);
u64 ktime_get_tai_ns(void);
u32 get_random_u32(void);
u32 bpf_user_rnd_u32(void);

#endif
