/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_SPINLOCK_H
#define _SYSBPF_LINUX_SPINLOCK_H

#include <linux/compiler.h>
#include <pthread.h>
#include <sched.h>

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	barrier();
#endif
}

/*
 * A test-and-test-and-set lock: BPF critical sections are a few dozen
 * instructions, and a futex-based mutex costs more than it saves there.
 */
typedef struct { int locked; } raw_spinlock_t;
typedef raw_spinlock_t spinlock_t;

#define __SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l) { l->locked = 0; }

static inline void spin_lock(spinlock_t *l)
{
	for (;;) {
		if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
			return;
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
	}
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#define raw_spin_lock_init spin_lock_init
#define raw_spin_lock spin_lock
#define raw_spin_unlock spin_unlock
#define spin_lock_bh spin_lock
#define spin_unlock_bh spin_unlock
#define raw_spin_lock_irqsave(l, f) do { (void)(f); spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, f) do { (void)(f); spin_unlock(l); } while (0)
#define spin_lock_irqsave raw_spin_lock_irqsave
#define spin_unlock_irqrestore raw_spin_unlock_irqrestore

struct mutex { pthread_mutex_t m; };
#define DEFINE_MUTEX(x) struct mutex x = { PTHREAD_MUTEX_INITIALIZER }
static inline void mutex_init(struct mutex *m) { pthread_mutex_init(&m->m, NULL); }
static inline void mutex_destroy(struct mutex *m) { pthread_mutex_destroy(&m->m); }
static inline void mutex_lock(struct mutex *m) { pthread_mutex_lock(&m->m); }
static inline void mutex_unlock(struct mutex *m) { pthread_mutex_unlock(&m->m); }

#endif
