/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_COMPILER_H
#define _SYSBPF_LINUX_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#endif
#define noinline	__attribute__((noinline))
#define __maybe_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define fallthrough	__attribute__((fallthrough))
/* Symbols of the embedding API and the libc functions the shim interposes. */
#define __sysbpf_public	__attribute__((visibility("default")))

#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define barrier()		__asm__ __volatile__("" ::: "memory")

#endif
