/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_KERNEL_H
#define _SYSBPF_LINUX_KERNEL_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <limits.h>
#include <string.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define offsetofend(TYPE, MEMBER) \
	(offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y)	((x) & ~((__typeof__(x))((y) - 1)))
/* any y, not only powers of two */
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)		((x) - ((x) % (y)))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define U8_MAX			((u8)~0U)
#define U16_MAX			((u16)~0U)
#define U32_MAX			((u32)~0U)
#define S32_MAX			((s32)(U32_MAX >> 1))
#define S32_MIN			((s32)(-S32_MAX - 1))
#define U64_MAX			((u64)~0ULL)
#define S64_MAX			((s64)(U64_MAX >> 1))
#define S64_MIN			((s64)(-S64_MAX - 1))
#define SMP_CACHE_BYTES		64
#define PAGE_SIZE		4096UL
#define PAGE_SHIFT		12
#define PAGE_ALIGN(x)		round_up((x), PAGE_SIZE)
#define KMALLOC_MAX_SIZE	(1UL << 22)

#define IS_ERR_VALUE(x)		unlikely((unsigned long)(void *)(x) >= (unsigned long)-4095)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }
#define ERR_CAST(p)		((void *)(p))

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n <= 1 ? 1 : 1UL << (64 - __builtin_clzl(n - 1));
}

static inline int ilog2_u64(u64 n)
{
	return 63 - __builtin_clzll(n);
}

/*
 * Copies from and to "user" memory, the memory of the process sysbpf runs
 * in.  copy_from_user(), copy_to_user() and strncpy_from_user() return
 * what the kernel's return (bytes not copied; -EFAULT) for a bad pointer,
 * at the price of a system call (kernel/uaccess.c): the load, BTF, info
 * and test-run commands use them.  The per-element paths, where the
 * kernel's whole syscall costs less than that (the bpf_attr itself, map
 * element commands), use __copy_from_user() and __copy_to_user(): NULL is
 * a fault, another bad pointer faults in the caller as its own access
 * would (Documentation/bpf/compat.md).
 */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);

static inline unsigned long __copy_from_user(void *to, const void __user *from,
					     unsigned long n)
{
	if (n && !from)
		return n;
	memcpy(to, from, n);
	return 0;
}

static inline unsigned long __copy_to_user(void __user *to, const void *from,
					   unsigned long n)
{
	if (n && !to)
		return n;
	memcpy(to, from, n);
	return 0;
}

static inline void *u64_to_user_ptr(u64 v)
{
	return (void *)(uintptr_t)v;
}

#define put_user(v, p)	({ __typeof__(*(p)) __pu = (v);				\
			   copy_to_user((p), &__pu, sizeof(__pu)) ? -EFAULT : 0; })
#define get_user(v, p)	({ __typeof__(*(p)) __gu;					\
			   int __e = copy_from_user(&__gu, (p), sizeof(__gu)) ? -EFAULT : 0; \
			   (v) = __e ? 0 : __gu; __e; })

__printf(1, 2) void pr_warn(const char *fmt, ...);
#define pr_err pr_warn
#define WARN_ON_ONCE(c) ({ bool __c = !!(c); if (unlikely(__c)) pr_warn("WARN_ON_ONCE %s:%d\n", __FILE__, __LINE__); __c; })
#define WARN_ON(c) WARN_ON_ONCE(c)

#endif
