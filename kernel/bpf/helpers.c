// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers every program type shares: 6.1's kernel/bpf/helpers.c, with
 * bpf_loop() and bpf_for_each_map_elem() (bpf_iter.c in the kernel) and
 * the tail call proto (core.c there), and the format engine behind
 * bpf_trace_printk(), bpf_trace_vprintk() and bpf_snprintf().
 *
 * Helpers are called by the interpreter inside the run's RCU read-side
 * section; a map value a helper returns stays valid until the run ends.
 * Since no verifier proves which memory a program may touch yet, the map
 * helpers declare the values they hand out to the run's guard, and the
 * few checks the verifier would make statically are made here at run
 * time instead of dereferencing a NULL op or callback.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <ctype.h>
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef __weak
#define __weak	__attribute__((weak))
#endif

#define NSEC_PER_SEC		1000000000ULL
/* Debian's 6.1 kernels are built with CONFIG_HZ=250. */
#define HZ			250
/* jiffies start 5 minutes before wrapping 32 bits, to catch wrap bugs early. */
#define INITIAL_JIFFIES		((u64)(u32)(-300 * HZ))
#define TASK_COMM_LEN		16
/* Room for a symbol as %pS prints it: name+0xoff/0xsize */
#define KSYM_NAME_BUF		512

/*
 * An op's error pointer is NULL to the program.  The interpreter declares
 * the value to the run's guard from the proto's RET_PTR_TO_MAP_VALUE
 * (bpf_run_helper_returned), for every helper alike, so not here.
 */
static u64 map_value_to_prog(struct bpf_map *map, void *value)
{
	return IS_ERR_OR_NULL(value) ? 0 : (u64)(uintptr_t)value;
}

BPF_CALL_2(bpf_map_lookup_elem, struct bpf_map *, map, void *, key)
{
	void *value = NULL;

	rcu_read_lock();
	if (map->ops->map_lookup_elem)
		value = map->ops->map_lookup_elem(map, key);
	rcu_read_unlock();
	return map_value_to_prog(map, value);
}

const struct bpf_func_proto bpf_map_lookup_elem_proto = {
	.func		= bpf_map_lookup_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
};

/* The flags go to the map's op, which checks them as 6.1's ops do. */
BPF_CALL_4(bpf_map_update_elem, struct bpf_map *, map, void *, key,
	   void *, value, u64, flags)
{
	long ret = -ENOTSUPP;

	rcu_read_lock();
	if (map->ops->map_update_elem)
		ret = map->ops->map_update_elem(map, key, value, flags);
	rcu_read_unlock();
	return ret;
}

const struct bpf_func_proto bpf_map_update_elem_proto = {
	.func		= bpf_map_update_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
	.arg3_type	= ARG_PTR_TO_MAP_VALUE,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_map_delete_elem, struct bpf_map *, map, void *, key)
{
	long ret = -ENOTSUPP;

	rcu_read_lock();
	if (map->ops->map_delete_elem)
		ret = map->ops->map_delete_elem(map, key);
	rcu_read_unlock();
	return ret;
}

const struct bpf_func_proto bpf_map_delete_elem_proto = {
	.func		= bpf_map_delete_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
};

BPF_CALL_3(bpf_map_push_elem, struct bpf_map *, map, void *, value, u64, flags)
{
	long ret = -ENOTSUPP;

	rcu_read_lock();
	if (map->ops->map_push_elem)
		ret = map->ops->map_push_elem(map, value, flags);
	rcu_read_unlock();
	return ret;
}

const struct bpf_func_proto bpf_map_push_elem_proto = {
	.func		= bpf_map_push_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_VALUE,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_map_pop_elem, struct bpf_map *, map, void *, value)
{
	long ret = -ENOTSUPP;

	rcu_read_lock();
	if (map->ops->map_pop_elem)
		ret = map->ops->map_pop_elem(map, value);
	rcu_read_unlock();
	return ret;
}

const struct bpf_func_proto bpf_map_pop_elem_proto = {
	.func		= bpf_map_pop_elem,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE,
};

BPF_CALL_2(bpf_map_peek_elem, struct bpf_map *, map, void *, value)
{
	long ret = -ENOTSUPP;

	rcu_read_lock();
	if (map->ops->map_peek_elem)
		ret = map->ops->map_peek_elem(map, value);
	rcu_read_unlock();
	return ret;
}

const struct bpf_func_proto bpf_map_peek_elem_proto = {
	.func		= bpf_map_peek_elem,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE,
};

BPF_CALL_3(bpf_map_lookup_percpu_elem, struct bpf_map *, map, void *, key, u32, cpu)
{
	void *value = NULL;

	rcu_read_lock();
	if (map->ops->map_lookup_percpu_elem)
		value = map->ops->map_lookup_percpu_elem(map, key, cpu);
	rcu_read_unlock();
	return map_value_to_prog(map, value);
}

const struct bpf_func_proto bpf_map_lookup_percpu_elem_proto = {
	.func		= bpf_map_lookup_percpu_elem,
	.gpl_only	= false,
	.pkt_access	= true,
	.ret_type	= RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
	.arg3_type	= ARG_ANYTHING,
};

/* The generator state is per thread (kernel/random.c), which is per CPU here. */
BPF_CALL_0(bpf_get_prandom_u32)
{
	return bpf_user_rnd_u32();
}

const struct bpf_func_proto bpf_get_prandom_u32_proto = {
	.func		= bpf_get_prandom_u32,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_0(bpf_get_smp_processor_id)
{
	return smp_processor_id();
}

const struct bpf_func_proto bpf_get_smp_processor_id_proto = {
	.func		= bpf_get_smp_processor_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/* What bpf_base_func_proto() gives: the CPU id without the preemption check. */
static const struct bpf_func_proto bpf_get_raw_smp_processor_id_proto = {
	.func		= bpf_get_smp_processor_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/* One memory node, as a machine without NUMA reports. */
BPF_CALL_0(bpf_get_numa_node_id)
{
	return 0;
}

const struct bpf_func_proto bpf_get_numa_node_id_proto = {
	.func		= bpf_get_numa_node_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_0(bpf_ktime_get_ns)
{
	return ktime_get_ns();
}

const struct bpf_func_proto bpf_ktime_get_ns_proto = {
	.func		= bpf_ktime_get_ns,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_0(bpf_ktime_get_boot_ns)
{
	return ktime_get_boot_ns();
}

const struct bpf_func_proto bpf_ktime_get_boot_ns_proto = {
	.func		= bpf_ktime_get_boot_ns,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_0(bpf_ktime_get_coarse_ns)
{
	return ktime_get_coarse_ns();
}

const struct bpf_func_proto bpf_ktime_get_coarse_ns_proto = {
	.func		= bpf_ktime_get_coarse_ns,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_0(bpf_ktime_get_tai_ns)
{
	return ktime_get_tai_ns();
}

const struct bpf_func_proto bpf_ktime_get_tai_ns_proto = {
	.func		= bpf_ktime_get_tai_ns,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/* The "task" is the calling thread: tgid is the process, pid the thread. */
BPF_CALL_0(bpf_get_current_pid_tgid)
{
	return (u64)getpid() << 32 | (u32)gettid();
}

const struct bpf_func_proto bpf_get_current_pid_tgid_proto = {
	.func		= bpf_get_current_pid_tgid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_0(bpf_get_current_uid_gid)
{
	return (u64)getgid() << 32 | getuid();
}

const struct bpf_func_proto bpf_get_current_uid_gid_proto = {
	.func		= bpf_get_current_uid_gid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_2(bpf_get_current_comm, char *, buf, u32, size)
{
	char comm[TASK_COMM_LEN] = "";

	if (unlikely(!size))
		return -EINVAL;
	prctl(PR_GET_NAME, comm);
	comm[TASK_COMM_LEN - 1] = '\0';
	/* strscpy(): truncated and always terminated, the rest left as is */
	size = min_t(u32, size - 1, strlen(comm));
	memcpy(buf, comm, size);
	buf[size] = '\0';
	return 0;
}

const struct bpf_func_proto bpf_get_current_comm_proto = {
	.func		= bpf_get_current_comm,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE,
};

/*
 * struct bpf_spin_lock is one u32 in a map value, 0 when free.  The lock
 * is the same test-and-set lock as spinlock_t, so the syscall side's
 * copy_map_value_locked() and programs exclude each other.
 */
_Static_assert(sizeof(spinlock_t) == sizeof(struct bpf_spin_lock),
	       "bpf_spin_lock and spinlock_t must share their layout");

BPF_CALL_1(bpf_spin_lock, struct bpf_spin_lock *, lock)
{
	spin_lock((spinlock_t *)lock);
	return 0;
}

const struct bpf_func_proto bpf_spin_lock_proto = {
	.func		= bpf_spin_lock,
	.gpl_only	= false,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_SPIN_LOCK,
};

BPF_CALL_1(bpf_spin_unlock, struct bpf_spin_lock *, lock)
{
	spin_unlock((spinlock_t *)lock);
	return 0;
}

const struct bpf_func_proto bpf_spin_unlock_proto = {
	.func		= bpf_spin_unlock,
	.gpl_only	= false,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_SPIN_LOCK,
};

/* The tick count a CONFIG_HZ=250 kernel would show, from the monotonic clock. */
BPF_CALL_0(bpf_jiffies64)
{
	return INITIAL_JIFFIES + ktime_get_ns() / (NSEC_PER_SEC / HZ);
}

const struct bpf_func_proto bpf_jiffies64_proto = {
	.func		= bpf_jiffies64,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

/* The tail call is an instruction of the interpreter; the proto types its arguments. */
const struct bpf_func_proto bpf_tail_call_proto = {
	.func		= NULL,
	.gpl_only	= false,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

/*
 * The kernel's character classes: Latin-1 bytes have classes too (0xa0
 * is a space, 0xa1-0xbf punctuation, 0xc0-0xff letters but for the
 * multiplication and division signs), and format checks use them.
 */
static bool kisspace(unsigned char c)
{
	return c < 0x80 ? isspace(c) : c == 0xa0;
}

static bool kispunct(unsigned char c)
{
	if (c < 0x80)
		return ispunct(c);
	return (c >= 0xa1 && c <= 0xbf) || c == 0xd7 || c == 0xf7;
}

static bool kisalnum(unsigned char c)
{
	if (c < 0x80)
		return isalnum(c);
	return c >= 0xc0 && c != 0xd7 && c != 0xf7;
}

/* A bounded string ends the conversion: NUL, a space or punctuation must follow. */
static bool ends_conversion(unsigned char c)
{
	return c == '\0' || kisspace(c) || kispunct(c);
}

#define BPF_STRTOX_BASE_MASK	0x1f
#define KSTRTOX_OVERFLOW	(1U << 31)

/* Chooses the radix for base 0 and steps over a "0x" prefix for base 16. */
static const char *strtox_fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0')
			*base = tolower(s[1]) == 'x' && isxdigit((unsigned char)s[2]) ? 16 : 8;
		else
			*base = 10;
	}
	if (*base == 16 && s[0] == '0' && tolower(s[1]) == 'x')
		s += 2;
	return s;
}

/* Digits consumed, with KSTRTOX_OVERFLOW or-ed in when the value wrapped. */
static unsigned int strtox_digits(const char *s, unsigned int base, u64 *res)
{
	unsigned int consumed = 0;
	u64 v = 0;

	for (;; s++) {
		unsigned int c = (unsigned char)*s, val;

		if (c >= '0' && c <= '9')
			val = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			val = (c | 0x20) - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		if (v > (U64_MAX - val) / base)
			consumed |= KSTRTOX_OVERFLOW;
		v = v * base + val;
		consumed++;
	}
	*res = v;
	return consumed;
}

/* Parses at most buf_len bytes; returns the bytes consumed or a negative errno. */
static int bpf_strtoull(const char *buf, size_t buf_len, u64 flags,
			u64 *res, bool *is_negative)
{
	unsigned int base = flags & BPF_STRTOX_BASE_MASK, digits;
	size_t consumed = 0, len;
	const char *s;
	char str[64];

	if (!buf || !buf_len)
		return -EINVAL;
	if (base != 0 && base != 8 && base != 10 && base != 16)
		return -EINVAL;
	if (flags & ~(u64)BPF_STRTOX_BASE_MASK)
		return -EINVAL;

	while (consumed < buf_len && kisspace(buf[consumed]))
		consumed++;
	*is_negative = consumed < buf_len && buf[consumed] == '-';
	if (*is_negative)
		consumed++;
	if (consumed == buf_len)
		return -EINVAL;

	/* a bounded copy, so the parse below may look ahead safely */
	len = min(buf_len - consumed, sizeof(str) - 1);
	memcpy(str, buf + consumed, len);
	str[len] = '\0';

	s = strtox_fixup_radix(str, &base);
	digits = strtox_digits(s, base, res);
	if (digits & KSTRTOX_OVERFLOW)
		return -ERANGE;
	if (!digits)
		return -EINVAL;
	return consumed + (s - str) + digits;
}

BPF_CALL_4(bpf_strtol, const char *, buf, size_t, buf_len, u64, flags, s64 *, res)
{
	bool neg;
	u64 v;
	int err;

	*res = 0;
	err = bpf_strtoull(buf, buf_len, flags, &v, &neg);
	if (err < 0)
		return err;
	if (neg ? v > (u64)S64_MAX + 1 : v > (u64)S64_MAX)
		return -ERANGE;
	*res = neg ? (s64)(0 - v) : (s64)v;
	return err;
}

const struct bpf_func_proto bpf_strtol_proto = {
	.func		= bpf_strtol,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED,
	.arg4_size	= sizeof(s64),
};

BPF_CALL_4(bpf_strtoul, const char *, buf, size_t, buf_len, u64, flags, u64 *, res)
{
	bool neg;
	u64 v;
	int err;

	*res = 0;
	err = bpf_strtoull(buf, buf_len, flags, &v, &neg);
	if (err < 0)
		return err;
	if (neg)
		return -EINVAL;
	*res = v;
	return err;
}

const struct bpf_func_proto bpf_strtoul_proto = {
	.func		= bpf_strtoul,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED,
	.arg4_size	= sizeof(u64),
};

BPF_CALL_3(bpf_strncmp, const char *, s1, u32, s1_sz, const char *, s2)
{
	return strncmp(s1, s2, s1_sz);
}

const struct bpf_func_proto bpf_strncmp_proto = {
	.func		= bpf_strncmp,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_PTR_TO_CONST_STR,
};

/*
 * callback_fn of bpf_loop() and bpf_for_each_map_elem() is a PTR_TO_FUNC
 * value: the struct bpf_subprog_entry of the callback subprogram.
 */
BPF_CALL_4(bpf_loop, u32, nr_loops, void *, callback_fn, void *, callback_ctx,
	   u64, flags)
{
	const struct bpf_subprog_entry *entry = callback_fn;
	u32 i;

	if (flags)
		return -EINVAL;
	if (nr_loops > BPF_MAX_LOOPS)
		return -E2BIG;
	if (unlikely(!entry))
		return -EINVAL;

	for (i = 0; i < nr_loops; i++) {
		/* the callback returns 0 to go on, 1 to stop */
		if (bpf_prog_run_subprog(entry, i, (u64)(uintptr_t)callback_ctx, 0, 0, 0))
			return i + 1;
	}
	return i;
}

const struct bpf_func_proto bpf_loop_proto = {
	.func		= bpf_loop,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_PTR_TO_FUNC,
	.arg3_type	= ARG_PTR_TO_STACK_OR_NULL,
	.arg4_type	= ARG_ANYTHING,
};

/*
 * The maps' map_for_each_callback() calls a plain bpf_callback_t; this
 * trampoline turns the call into a run of the callback subprogram.  The
 * subprogram is the one of the innermost bpf_for_each_map_elem() of this
 * thread (a callback may iterate another map).
 */
static __thread const struct bpf_subprog_entry *for_each_entry;

static u64 for_each_map_trampoline(u64 map, u64 key, u64 value, u64 ctx, u64 r5)
{
	const struct bpf_map *m = (const void *)(uintptr_t)map;

	bpf_run_guard_add((void *)(uintptr_t)key, m->key_size, false);
	bpf_run_guard_add((void *)(uintptr_t)value, m->value_size,
			  !(m->map_flags & BPF_F_RDONLY_PROG));
	return bpf_prog_run_subprog(for_each_entry, map, key, value, ctx, r5);
}

BPF_CALL_4(bpf_for_each_map_elem, struct bpf_map *, map, void *, callback_fn,
	   void *, callback_ctx, u64, flags)
{
	const struct bpf_subprog_entry *outer = for_each_entry;
	long ret;

	/* the verifier's "callback function not allowed for map" */
	if (!map->ops->map_for_each_callback)
		return -ENOTSUPP;
	if (unlikely(!callback_fn))
		return -EINVAL;

	for_each_entry = callback_fn;
	ret = map->ops->map_for_each_callback(map, for_each_map_trampoline,
					      callback_ctx, flags);
	for_each_entry = outer;
	return ret;
}

const struct bpf_func_proto bpf_for_each_map_elem_proto = {
	.func		= bpf_for_each_map_elem,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_FUNC,
	.arg3_type	= ARG_PTR_TO_STACK_OR_NULL,
	.arg4_type	= ARG_ANYTHING,
};

/*
 * Reads of memory a program names by value (%s, %pI4 arguments): the
 * kernel reads them with page faults disabled and prints nothing for a
 * bad address.  process_vm_readv() on ourselves is that read: a bad
 * address fails with EFAULT instead of a crash.
 */
static bool read_nofault(void *dst, const void *src, size_t size)
{
	struct iovec local = { .iov_base = dst, .iov_len = size };
	struct iovec remote = { .iov_base = (void *)src, .iov_len = size };
	int saved_errno = errno;
	ssize_t n;
	bool ok;

	if ((uintptr_t)src < PAGE_SIZE)
		return false;
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	ok = n == (ssize_t)size;
	if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
		/* a sandbox forbids the probe: trust the address */
		memcpy(dst, src, size);
		ok = true;
	}
	errno = saved_errno;
	return ok;
}

static long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	return read_nofault(dst, src, size) ? 0 : -EFAULT;
}

/*
 * Copies a string of at most count bytes with its NUL, page by page;
 * returns the bytes stored (NUL included; a string cut at count ends in
 * NUL) or -EFAULT, leaving dst empty.
 */
static long strncpy_from_kernel_nofault(char *dst, const char *src, long count)
{
	long done = 0;

	if (count <= 0)
		return 0;
	while (done < count) {
		size_t chunk = PAGE_SIZE - ((uintptr_t)(src + done) & (PAGE_SIZE - 1));
		char *nul;

		chunk = min_t(size_t, chunk, (size_t)(count - done));
		if (!read_nofault(dst + done, src + done, chunk)) {
			dst[0] = '\0';
			return -EFAULT;
		}
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst + 1;
		done += chunk;
	}
	dst[count - 1] = '\0';
	return count;
}

/*
 * The format engine.  bpf_bprintf_prepare() checks a format against the
 * 6.1 rules and lays the arguments out in a binary buffer: integers and
 * pointers as 4- or 8-byte values on 4-byte boundaries, the characters of
 * %c as one byte, and whatever the helper must read from memory (%s,
 * %pks, %pus, %pI4/6, %pi4/6) or resolve (%pB) as NUL-terminated text.
 * bstr_printf() then prints the format with those values.  Both walk the
 * format with one parser, so they agree on every conversion.
 */
#define MAX_BPRINTF_BIN_ARGS	512
#define MAX_BPRINTF_NEST_LEVEL	3
#define FIELD_WIDTH_MAX		((1 << 23) - 1)

struct bpf_bprintf_buffers {
	char bin_args[MAX_BPRINTF_BIN_ARGS] __aligned(8);
	char buf[MAX_BPRINTF_BUF];
};

/*
 * The kernel keeps three nesting levels of buffers per CPU with
 * preemption off; threads sharing a logical CPU run at once here, so the
 * buffers are per thread.
 */
static __thread struct bpf_bprintf_buffers bprintf_bufs[MAX_BPRINTF_NEST_LEVEL];
static __thread int bprintf_nest_level;

static int try_get_buffers(struct bpf_bprintf_buffers **bufs)
{
	if (WARN_ON_ONCE(bprintf_nest_level >= MAX_BPRINTF_NEST_LEVEL))
		return -EBUSY;
	*bufs = &bprintf_bufs[bprintf_nest_level++];
	return 0;
}

void bpf_bprintf_cleanup(struct bpf_bprintf_data *data)
{
	if (!data->bin_args && !data->buf)
		return;
	if (WARN_ON_ONCE(bprintf_nest_level == 0))
		return;
	bprintf_nest_level--;
}

enum {
	SPEC_LEFT	= 1 << 0,	/* '-' */
	SPEC_PLUS	= 1 << 1,	/* '+' */
	SPEC_SPACE	= 1 << 2,	/* ' ' */
	SPEC_ZEROPAD	= 1 << 3,	/* '0' */
};

/* One conversion of a format. */
struct bprintf_spec {
	u32 end;	/* index in fmt just past the conversion */
	int width;	/* -1 when none is given */
	u8 flags;	/* SPEC_* */
	u8 size;	/* bytes of an integer or pointer argument */
	char conv;	/* 'd' 'i' 'u' 'x' 'X' 'c' 's' 'p' */
	char ptype;	/* for 'p': '\0' plain, or K x S s B i I k u */
	char ipver;	/* '4' or '6' for %pi and %pI */
};

/* After %p<letter>, every letter and digit belongs to the conversion. */
static u32 skip_alnum(const char *fmt, u32 i)
{
	while (kisalnum(fmt[i]))
		i++;
	return i;
}

static int parse_pointer_spec(const char *fmt, u32 i, struct bprintf_spec *spec)
{
	unsigned char next = fmt[i + 1];

	spec->conv = 'p';
	spec->size = sizeof(long);
	if (ends_conversion(next)) {
		spec->end = i + 1;
		return 0;
	}
	if ((next == 'k' || next == 'u') && fmt[i + 2] == 's') {
		/* a string the helper reads, like %s */
		if (!ends_conversion(fmt[i + 3]))
			return -EINVAL;
		spec->ptype = next;
		spec->end = i + 3;
		return 0;
	}
	switch (next) {
	case 'K':
	case 'x':
	case 's':
	case 'S':
	case 'B':
		spec->ptype = next;
		spec->end = skip_alnum(fmt, i + 1);
		return 0;
	case 'i':
	case 'I':
		if (fmt[i + 2] != '4' && fmt[i + 2] != '6')
			return -EINVAL;
		spec->ptype = next;
		spec->ipver = fmt[i + 2];
		spec->end = skip_alnum(fmt, i + 1);
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Parses the conversion at fmt[i] == '%' (not "%%") by the 6.1 rules:
 * flags "0+- ", a width, then d i u x X with l or ll, c, s, or one of the
 * %p forms.  No precision, no '*', no h, z or other length.
 */
static int parse_spec(const char *fmt, u32 i, struct bprintf_spec *spec)
{
	static const char flag_chars[] = "-+ 0";
	const char *f;

	memset(spec, 0, sizeof(*spec));
	spec->width = -1;
	i++;
	if ((unsigned char)fmt[i] >= 0x80)
		return -EINVAL;

	while (fmt[i] && (f = strchr(flag_chars, fmt[i]))) {
		spec->flags |= 1 << (f - flag_chars);
		i++;
	}
	if (fmt[i] >= '1' && fmt[i] <= '9') {
		spec->width = 0;
		for (; fmt[i] >= '0' && fmt[i] <= '9'; i++)
			spec->width = min(spec->width * 10 + (fmt[i] - '0'), FIELD_WIDTH_MAX);
	}

	switch (fmt[i]) {
	case 'p':
		return parse_pointer_spec(fmt, i, spec);
	case 's':
		if (!ends_conversion(fmt[i + 1]))
			return -EINVAL;
		fallthrough;
	case 'c':
		spec->conv = fmt[i];
		spec->end = i + 1;
		return 0;
	}

	spec->size = sizeof(int);
	if (fmt[i] == 'l') {
		spec->size = sizeof(long);
		i++;
	}
	if (fmt[i] == 'l') {
		spec->size = sizeof(long long);
		i++;
	}
	if (!fmt[i] || !strchr("iduxX", fmt[i]))
		return -EINVAL;
	spec->conv = fmt[i];
	spec->end = i + 1;
	return 0;
}

/* The binary argument buffer being filled: NULL data checks the format only. */
struct bin_writer {
	char *data;
	u32 off;
};

static int bin_put_value(struct bin_writer *w, u64 v, u32 size)
{
	u32 v32 = v;

	w->off = round_up(w->off, (u32)sizeof(u32));
	if (w->off > MAX_BPRINTF_BIN_ARGS || MAX_BPRINTF_BIN_ARGS - w->off < size)
		return -ENOSPC;
	if (size == sizeof(u64))
		memcpy(w->data + w->off, &v, sizeof(v));
	else
		memcpy(w->data + w->off, &v32, sizeof(v32));
	w->off += size;
	return 0;
}

static u32 bin_room(const struct bin_writer *w)
{
	return MAX_BPRINTF_BIN_ARGS - w->off;
}

/* Text made by the helper; cut to the room left, always terminated. */
static int bin_put_text(struct bin_writer *w, const char *fmt, ...) __printf(2, 3);
static int bin_put_text(struct bin_writer *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!bin_room(w))
		return -ENOSPC;
	va_start(ap, fmt);
	n = vsnprintf(w->data + w->off, bin_room(w), fmt, ap);
	va_end(ap);
	w->off += min_t(u32, n + 1, bin_room(w));
	return 0;
}

static void format_ip(char *out, size_t size, const u8 *ip, char ptype, char ipver)
{
	char *p = out;
	int i;

	if (ipver == '4') {
		snprintf(out, size, ptype == 'i' ? "%03u.%03u.%03u.%03u" : "%u.%u.%u.%u",
			 ip[0], ip[1], ip[2], ip[3]);
		return;
	}
	/* %pI6 is eight colon-separated groups, %pi6 32 bare digits */
	for (i = 0; i < 16; i += 2) {
		p += sprintf(p, "%02x%02x", ip[i], ip[i + 1]);
		if (ptype == 'I' && i != 14)
			*p++ = ':';
	}
	*p = '\0';
}

/*
 * A code address as the kernel's %pS, %ps and %pB print it: symbol+off/size
 * (name only for %ps), 0x<address> when no symbol covers it.  %pB names
 * the symbol of address - 1, as a return address is printed.
 */
static int sprint_symbol(char *buf, size_t size, unsigned long addr, char ptype)
{
	unsigned long lookup = ptype == 'B' ? addr - 1 : addr;
	const ElfW(Sym) *sym = NULL;
	Dl_info info;

	if (!dladdr1((void *)lookup, &info, (void **)&sym, RTLD_DL_SYMENT) ||
	    !info.dli_sname || !info.dli_saddr)
		return snprintf(buf, size, "0x%lx", addr);
	if (ptype == 's')
		return snprintf(buf, size, "%s", info.dli_sname);
	return snprintf(buf, size, "%s+0x%lx/0x%lx", info.dli_sname,
			addr - (unsigned long)info.dli_saddr,
			sym ? (unsigned long)sym->st_size : 0UL);
}

/* Stores the argument of one conversion; the args of %p forms are read here. */
static int bin_put_arg(struct bin_writer *w, const struct bprintf_spec *spec, u64 arg)
{
	char text[KSYM_NAME_BUF];
	u8 ip[16];
	long n;

	if (!w->data)
		return 0;
	switch (spec->conv) {
	case 'c':
		if (!bin_room(w))
			return -ENOSPC;
		w->data[w->off++] = (char)arg;
		return 0;
	case 's':
		goto copy_string;
	case 'p':
		break;
	default:
		return bin_put_value(w, arg, spec->size);
	}

	switch (spec->ptype) {
	case 'k':
	case 'u':
		goto copy_string;
	case 'B':
		sprint_symbol(text, sizeof(text), (unsigned long)arg, 'B');
		return bin_put_text(w, "%s", text);
	case 'i':
	case 'I':
		n = spec->ipver == '4' ? 4 : 16;
		if (bin_room(w) < n)
			return -ENOSPC;
		if (copy_from_kernel_nofault(ip, (const void *)(uintptr_t)arg, n))
			memset(ip, 0, n);
		format_ip(text, sizeof(text), ip, spec->ptype, spec->ipver);
		return bin_put_text(w, "%s", text);
	default:
		return bin_put_value(w, arg, sizeof(long));
	}

copy_string:
	if (!bin_room(w))
		return -ENOSPC;
	n = strncpy_from_kernel_nofault(w->data + w->off, (const char *)(uintptr_t)arg,
					bin_room(w));
	if (n < 0) {
		w->data[w->off] = '\0';
		n = 1;
	}
	w->off += n;
	return 0;
}

int bpf_bprintf_prepare(char *fmt, u32 fmt_size, const u64 *raw_args,
			u32 num_args, struct bpf_bprintf_data *data)
{
	bool get_buffers = (data->get_bin_args && num_args) || data->get_buf;
	struct bpf_bprintf_buffers *buffers = NULL;
	struct bin_writer w = { NULL, 0 };
	struct bprintf_spec spec;
	u32 i, len, num_spec = 0;
	int err = 0;

	len = strnlen(fmt, fmt_size);
	if (len == fmt_size)
		return -EINVAL;

	if (get_buffers && try_get_buffers(&buffers))
		return -EBUSY;
	if (data->get_bin_args) {
		if (num_args)
			w.data = buffers->bin_args;
		data->bin_args = (u32 *)w.data;
	}
	if (data->get_buf)
		data->buf = buffers->buf;

	for (i = 0; i < len; i++) {
		unsigned char c = fmt[i];

		/* UTF-8 text passes; ASCII control characters do not */
		if (c < 0x80 && !isprint(c) && !isspace(c)) {
			err = -EINVAL;
			break;
		}
		if (c != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (num_spec >= num_args) {
			err = -EINVAL;
			break;
		}
		err = parse_spec(fmt, i, &spec);
		/* raw_args may be NULL when only the format is checked */
		if (!err)
			err = bin_put_arg(&w, &spec, w.data ? raw_args[num_spec] : 0);
		if (err)
			break;
		num_spec++;
		i = spec.end - 1;
	}

	if (err)
		bpf_bprintf_cleanup(data);
	return err;
}

/* Output of bstr_printf(): counts what would be written past the end, as vsnprintf. */
struct bstr_out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_mem(struct bstr_out *o, const char *s, size_t n)
{
	if (o->len < o->size)
		memcpy(o->buf + o->len, s, min(n, o->size - o->len));
	o->len += n;
}

static void out_fill(struct bstr_out *o, char c, size_t n)
{
	if (o->len < o->size)
		memset(o->buf + o->len, c, min(n, o->size - o->len));
	o->len += n;
}

static void out_printf(struct bstr_out *o, const char *fmt, ...) __printf(2, 3);
static void out_printf(struct bstr_out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* Text in a field: right-aligned in spaces, or left with '-'. */
static void out_field(struct bstr_out *o, const struct bprintf_spec *spec,
		      const char *s, size_t n)
{
	size_t pad = spec->width > 0 && (size_t)spec->width > n ? spec->width - n : 0;

	if (!(spec->flags & SPEC_LEFT))
		out_fill(o, ' ', pad);
	out_mem(o, s, n);
	if (spec->flags & SPEC_LEFT)
		out_fill(o, ' ', pad);
}

/* The printf flags of a conversion, for the libc printf of numbers. */
static void spec_flags(const struct bprintf_spec *spec, char *f, bool sign)
{
	if (spec->flags & SPEC_LEFT)
		*f++ = '-';
	else if (spec->flags & SPEC_ZEROPAD)
		*f++ = '0';
	if (sign && (spec->flags & SPEC_PLUS))
		*f++ = '+';
	else if (sign && (spec->flags & SPEC_SPACE))
		*f++ = ' ';
	*f = '\0';
}

static void out_number(struct bstr_out *o, const struct bprintf_spec *spec, u64 v)
{
	bool sign = spec->conv == 'd' || spec->conv == 'i';
	char flags[4], fmt[16];

	spec_flags(spec, flags, sign);
	snprintf(fmt, sizeof(fmt), "%%%s*ll%c", flags, spec->conv);
	if (spec->size == sizeof(int))
		v = sign ? (u64)(s64)(s32)v : (u64)(u32)v;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	out_printf(o, fmt, spec->width, v);
#pragma GCC diagnostic pop
}

/* A pointer's digits: 16 zero-padded hex digits unless a width is given. */
static void out_pointer_string(struct bstr_out *o, const struct bprintf_spec *spec,
			       unsigned long v)
{
	struct bprintf_spec s = *spec;

	if (s.width == -1) {
		s.width = 2 * sizeof(void *);
		s.flags |= SPEC_ZEROPAD;
	}
	s.flags &= ~(SPEC_PLUS | SPEC_SPACE);
	s.conv = 'x';
	s.size = sizeof(long);
	out_number(o, &s, v);
}

/*
 * %p and %pK print a 32-bit id of the address, keyed at random per
 * process as the kernel keys its siphash at boot, so no address leaks
 * into the trace; NULL and error values are printed as they are.
 */
static u64 ptr_key[2];
static pthread_once_t ptr_key_once = PTHREAD_ONCE_INIT;

static void fill_ptr_key(void)
{
	ptr_key[0] = (u64)get_random_u32() << 32 | get_random_u32();
	ptr_key[1] = (u64)get_random_u32() << 32 | get_random_u32();
}

static unsigned long ptr_to_hashval(unsigned long ptr)
{
	u64 h;

	pthread_once(&ptr_key_once, fill_ptr_key);
	h = (ptr ^ ptr_key[0]) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 32;
	h = (h ^ ptr_key[1]) * 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return h & 0xffffffff;
}

static void out_pointer(struct bstr_out *o, const struct bprintf_spec *spec,
			unsigned long v)
{
	char sym[KSYM_NAME_BUF];
	int n;

	switch (spec->ptype) {
	case 'x':
		out_pointer_string(o, spec, v);
		return;
	case 'S':
	case 's':
		n = sprint_symbol(sym, sizeof(sym), v, spec->ptype);
		out_field(o, spec, sym, min_t(size_t, n, sizeof(sym) - 1));
		return;
	default:
		/* %p and %pK (kptr_restrict 0, the kernel's default) */
		if (!IS_ERR_OR_NULL((void *)v))
			v = ptr_to_hashval(v);
		out_pointer_string(o, spec, v);
		return;
	}
}

/* A reader of the binary arguments, mirror of struct bin_writer. */
struct bin_reader {
	const char *data;
	u32 off;
};

static u64 bin_get_value(struct bin_reader *r, u32 size)
{
	u32 v32;
	u64 v;

	r->off = round_up(r->off, (u32)sizeof(u32));
	if (size == sizeof(u64)) {
		memcpy(&v, r->data + r->off, sizeof(v));
	} else {
		memcpy(&v32, r->data + r->off, sizeof(v32));
		v = v32;
	}
	r->off += size;
	return v;
}

static const char *bin_get_text(struct bin_reader *r)
{
	const char *s = r->data + r->off;

	r->off += strlen(s) + 1;
	return s;
}

static void out_conversion(struct bstr_out *o, const struct bprintf_spec *spec,
			   struct bin_reader *r)
{
	const char *s;
	char c;

	switch (spec->conv) {
	case 'c':
		c = r->data[r->off++];
		out_field(o, spec, &c, 1);
		return;
	case 's':
		s = bin_get_text(r);
		out_field(o, spec, s, strlen(s));
		return;
	case 'p':
		break;
	default:
		out_number(o, spec, bin_get_value(r, spec->size));
		return;
	}

	switch (spec->ptype) {
	case 'k':
	case 'u':
	case 'B':
	case 'i':
	case 'I':
		/* made into text by bpf_bprintf_prepare(), printed without a field */
		s = bin_get_text(r);
		out_mem(o, s, strlen(s));
		return;
	default:
		out_pointer(o, spec, bin_get_value(r, sizeof(long)));
		return;
	}
}

int bstr_printf(char *buf, size_t size, const char *fmt, const u32 *bin_buf)
{
	struct bstr_out o = { .buf = buf, .size = size };
	struct bin_reader r = { .data = (const char *)bin_buf };
	struct bprintf_spec spec;
	u32 i = 0, run;

	if (WARN_ON_ONCE(size > INT_MAX))
		return 0;

	while (fmt[i]) {
		run = strchrnul(fmt + i, '%') - (fmt + i);
		out_mem(&o, fmt + i, run);
		i += run;
		if (!fmt[i])
			break;
		if (fmt[i + 1] == '%') {
			out_mem(&o, "%", 1);
			i += 2;
			continue;
		}
		/* a format bpf_bprintf_prepare() did not accept ends the output */
		if (parse_spec(fmt, i, &spec) || !bin_buf)
			break;
		out_conversion(&o, &spec, &r);
		i = spec.end;
	}

	if (size)
		buf[min(o.len, size - 1)] = '\0';
	return min_t(size_t, o.len, INT_MAX);
}

BPF_CALL_5(bpf_snprintf, char *, str, u32, str_size, char *, fmt,
	   const void *, args, u32, data_len)
{
	struct bpf_bprintf_data data = {
		.get_bin_args	= true,
	};
	int err, num_args;

	if (data_len % 8 || data_len > MAX_BPRINTF_VARARGS * 8 ||
	    (data_len && !args))
		return -EINVAL;
	num_args = data_len / 8;

	/* fmt is a constant string: its NUL is known to be there */
	err = bpf_bprintf_prepare(fmt, UINT_MAX, args, num_args, &data);
	if (err < 0)
		return err;

	err = bstr_printf(str, str_size, fmt, data.bin_args);
	bpf_bprintf_cleanup(&data);
	return err + 1;
}

const struct bpf_func_proto bpf_snprintf_proto = {
	.func		= bpf_snprintf,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM_OR_NULL,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_PTR_TO_CONST_STR,
	.arg4_type	= ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};

/*
 * Helpers that other files provide when they are built (ring buffers,
 * timers, kptrs, dynptrs, per-CPU ksyms, probes): weak, so that the base
 * set names them all as 6.1 does and a missing one is simply unknown.
 */
extern const struct bpf_func_proto bpf_ringbuf_output_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_reserve_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_submit_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_discard_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_query_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_reserve_dynptr_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_submit_dynptr_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_discard_dynptr_proto __weak;
extern const struct bpf_func_proto bpf_user_ringbuf_drain_proto __weak;
extern const struct bpf_func_proto bpf_per_cpu_ptr_proto __weak;
extern const struct bpf_func_proto bpf_this_cpu_ptr_proto __weak;
extern const struct bpf_func_proto bpf_timer_init_proto __weak;
extern const struct bpf_func_proto bpf_timer_set_callback_proto __weak;
extern const struct bpf_func_proto bpf_timer_start_proto __weak;
extern const struct bpf_func_proto bpf_timer_cancel_proto __weak;
extern const struct bpf_func_proto bpf_kptr_xchg_proto __weak;
extern const struct bpf_func_proto bpf_dynptr_from_mem_proto __weak;
extern const struct bpf_func_proto bpf_dynptr_read_proto __weak;
extern const struct bpf_func_proto bpf_dynptr_write_proto __weak;
extern const struct bpf_func_proto bpf_dynptr_data_proto __weak;
extern const struct bpf_func_proto bpf_get_current_task_proto __weak;
extern const struct bpf_func_proto bpf_get_current_task_btf_proto __weak;
extern const struct bpf_func_proto bpf_probe_read_user_proto __weak;
extern const struct bpf_func_proto bpf_probe_read_kernel_proto __weak;
extern const struct bpf_func_proto bpf_probe_read_user_str_proto __weak;
extern const struct bpf_func_proto bpf_probe_read_kernel_str_proto __weak;
extern const struct bpf_func_proto bpf_snprintf_btf_proto __weak;
extern const struct bpf_func_proto bpf_task_pt_regs_proto __weak;

/* What any program may call. */
static const struct bpf_func_proto *base_func_proto_unpriv(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_map_push_elem:
		return &bpf_map_push_elem_proto;
	case BPF_FUNC_map_pop_elem:
		return &bpf_map_pop_elem_proto;
	case BPF_FUNC_map_peek_elem:
		return &bpf_map_peek_elem_proto;
	case BPF_FUNC_map_lookup_percpu_elem:
		return &bpf_map_lookup_percpu_elem_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_raw_smp_processor_id_proto;
	case BPF_FUNC_get_numa_node_id:
		return &bpf_get_numa_node_id_proto;
	case BPF_FUNC_tail_call:
		return &bpf_tail_call_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_ktime_get_boot_ns:
		return &bpf_ktime_get_boot_ns_proto;
	case BPF_FUNC_ktime_get_tai_ns:
		return &bpf_ktime_get_tai_ns_proto;
	case BPF_FUNC_ringbuf_output:
		return &bpf_ringbuf_output_proto;
	case BPF_FUNC_ringbuf_reserve:
		return &bpf_ringbuf_reserve_proto;
	case BPF_FUNC_ringbuf_submit:
		return &bpf_ringbuf_submit_proto;
	case BPF_FUNC_ringbuf_discard:
		return &bpf_ringbuf_discard_proto;
	case BPF_FUNC_ringbuf_query:
		return &bpf_ringbuf_query_proto;
	case BPF_FUNC_strncmp:
		return &bpf_strncmp_proto;
	case BPF_FUNC_strtol:
		return &bpf_strtol_proto;
	case BPF_FUNC_strtoul:
		return &bpf_strtoul_proto;
	default:
		return NULL;
	}
}

/* What CAP_BPF adds. */
static const struct bpf_func_proto *base_func_proto_bpf(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_spin_lock:
		return &bpf_spin_lock_proto;
	case BPF_FUNC_spin_unlock:
		return &bpf_spin_unlock_proto;
	case BPF_FUNC_jiffies64:
		return &bpf_jiffies64_proto;
	case BPF_FUNC_per_cpu_ptr:
		return &bpf_per_cpu_ptr_proto;
	case BPF_FUNC_this_cpu_ptr:
		return &bpf_this_cpu_ptr_proto;
	case BPF_FUNC_timer_init:
		return &bpf_timer_init_proto;
	case BPF_FUNC_timer_set_callback:
		return &bpf_timer_set_callback_proto;
	case BPF_FUNC_timer_start:
		return &bpf_timer_start_proto;
	case BPF_FUNC_timer_cancel:
		return &bpf_timer_cancel_proto;
	case BPF_FUNC_kptr_xchg:
		return &bpf_kptr_xchg_proto;
	case BPF_FUNC_for_each_map_elem:
		return &bpf_for_each_map_elem_proto;
	case BPF_FUNC_loop:
		return &bpf_loop_proto;
	case BPF_FUNC_user_ringbuf_drain:
		return &bpf_user_ringbuf_drain_proto;
	case BPF_FUNC_ringbuf_reserve_dynptr:
		return &bpf_ringbuf_reserve_dynptr_proto;
	case BPF_FUNC_ringbuf_submit_dynptr:
		return &bpf_ringbuf_submit_dynptr_proto;
	case BPF_FUNC_ringbuf_discard_dynptr:
		return &bpf_ringbuf_discard_dynptr_proto;
	case BPF_FUNC_dynptr_from_mem:
		return &bpf_dynptr_from_mem_proto;
	case BPF_FUNC_dynptr_read:
		return &bpf_dynptr_read_proto;
	case BPF_FUNC_dynptr_write:
		return &bpf_dynptr_write_proto;
	case BPF_FUNC_dynptr_data:
		return &bpf_dynptr_data_proto;
	default:
		return NULL;
	}
}

/* What CAP_PERFMON adds: helpers that can read or print any memory. */
static const struct bpf_func_proto *base_func_proto_perfmon(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_trace_printk:
		return &bpf_trace_printk_proto;
	case BPF_FUNC_get_current_task:
		return &bpf_get_current_task_proto;
	case BPF_FUNC_get_current_task_btf:
		return &bpf_get_current_task_btf_proto;
	case BPF_FUNC_probe_read_user:
		return &bpf_probe_read_user_proto;
	case BPF_FUNC_probe_read_kernel:
		return &bpf_probe_read_kernel_proto;
	case BPF_FUNC_probe_read_user_str:
		return &bpf_probe_read_user_str_proto;
	case BPF_FUNC_probe_read_kernel_str:
		return &bpf_probe_read_kernel_str_proto;
	case BPF_FUNC_snprintf_btf:
		return &bpf_snprintf_btf_proto;
	case BPF_FUNC_snprintf:
		return &bpf_snprintf_proto;
	case BPF_FUNC_task_pt_regs:
		return &bpf_task_pt_regs_proto;
	case BPF_FUNC_trace_vprintk:
		return &bpf_trace_vprintk_proto;
	default:
		return NULL;
	}
}

const struct bpf_func_proto *bpf_base_func_proto(enum bpf_func_id func_id)
{
	const struct bpf_func_proto *fn;

	fn = base_func_proto_unpriv(func_id);
	if (fn || !bpf_capable())
		return fn;
	fn = base_func_proto_bpf(func_id);
	if (fn || !perfmon_capable())
		return fn;
	return base_func_proto_perfmon(func_id);
}
