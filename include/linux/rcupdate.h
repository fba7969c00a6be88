/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_RCUPDATE_H
#define _SYSBPF_LINUX_RCUPDATE_H

/*
 * RCU is liburcu's "bulletproof" flavour: threads register themselves on
 * their first read-side section, which is what a preloaded library needs,
 * since it cannot know the application's threads in advance.  liburcu
 * already uses the kernel's names (rcu_read_lock, call_rcu, ...).
 */
#include <urcu-bp.h>
#include <urcu/rculist.h>

#define rcu_read_lock_held()		1
#define rcu_dereference_check(p, c)	rcu_dereference(p)
#define rcu_dereference_protected(p, c)	(p)
#define RCU_INIT_POINTER(p, v)		((p) = (v))
#define rcu_access_pointer(p)		READ_ONCE(p)
#define kfree_rcu(ptr, field)		call_rcu(&(ptr)->field, __kfree_rcu_cb_##field)

/* Callback of call_rcu that frees the structure holding the rcu_head at offset 0. */
void rcu_kfree_head(struct rcu_head *head);

#ifdef __SANITIZE_THREAD__
/*
 * TSan cannot see liburcu's grace periods: tell it that a read-side
 * section ending happens before the callbacks that free what it read.
 */
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define RCU_TSAN_SYNC ((void *)&rcu_kfree_head)
static inline void sysbpf_rcu_read_unlock(void)
{
	__tsan_release(RCU_TSAN_SYNC);
	urcu_bp_read_unlock();
}
#undef rcu_read_unlock
#define rcu_read_unlock sysbpf_rcu_read_unlock
/* and that what a call_rcu() caller did happens before its callback */
static inline void sysbpf_call_rcu(struct rcu_head *head, void (*fn)(struct rcu_head *))
{
	__tsan_release(RCU_TSAN_SYNC);
	urcu_bp_call_rcu(head, fn);
}
#undef call_rcu
#define call_rcu sysbpf_call_rcu
#define rcu_callback_enter() __tsan_acquire(RCU_TSAN_SYNC)
#else
/* Called first in every call_rcu() callback: the TSan hand-off above. */
#define rcu_callback_enter() do { } while (0)
#endif

static inline void rcu_read_lock_trace(void) { rcu_read_lock(); }
static inline void rcu_read_unlock_trace(void) { rcu_read_unlock(); }
static inline void migrate_disable(void) { }
static inline void migrate_enable(void) { }
static inline void preempt_disable(void) { }
static inline void preempt_enable(void) { }

#endif
