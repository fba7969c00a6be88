/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_ATOMIC_H
#define _SYSBPF_LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;

#define ATOMIC_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v) { return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }
static inline void atomic_set(atomic_t *v, int i) { __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }
static inline void atomic_inc(atomic_t *v) { __atomic_fetch_add(&v->counter, 1, __ATOMIC_RELAXED); }
static inline void atomic_dec(atomic_t *v) { __atomic_fetch_sub(&v->counter, 1, __ATOMIC_RELAXED); }
static inline int atomic_inc_return(atomic_t *v) { return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST); }
static inline int atomic_dec_return(atomic_t *v) { return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST); }
static inline bool atomic_dec_and_test(atomic_t *v) { return atomic_dec_return(v) == 0; }

static inline s64 atomic64_read(const atomic64_t *v) { return __atomic_load_n(&v->counter, __ATOMIC_RELAXED); }
static inline void atomic64_set(atomic64_t *v, s64 i) { __atomic_store_n(&v->counter, i, __ATOMIC_RELAXED); }
static inline void atomic64_inc(atomic64_t *v) { __atomic_fetch_add(&v->counter, 1, __ATOMIC_RELAXED); }
static inline void atomic64_add(s64 i, atomic64_t *v) { __atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED); }
static inline void atomic64_sub(s64 i, atomic64_t *v) { __atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED); }
static inline s64 atomic64_inc_return(atomic64_t *v) { return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST); }
static inline s64 atomic64_dec_return(atomic64_t *v) { return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST); }
static inline bool atomic64_dec_and_test(atomic64_t *v) { return atomic64_dec_return(v) == 0; }

/* Increment unless zero: the object is already on its way out. */
static inline bool atomic64_inc_not_zero(atomic64_t *v)
{
	s64 c = atomic64_read(v);

	do {
		if (c == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&v->counter, &c, c + 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return true;
}

#endif
