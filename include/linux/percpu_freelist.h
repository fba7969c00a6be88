/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_PERCPU_FREELIST_H
#define _SYSBPF_LINUX_PERCPU_FREELIST_H

/*
 * A free list of preallocated objects, one LIFO stack per possible CPU
 * so that CPUs rarely meet on a lock.  A push goes to the current CPU's
 * stack; a pop tries the current CPU first and then takes from the
 * others, so no free object is ever out of reach.
 *
 * Unlike the kernel we cannot rely on "one CPU = one context": several
 * threads may run as the same CPU (sysbpf_this_cpu is only a hint), so
 * every stack is always taken under its lock.
 */
#include <linux/types.h>
#include <linux/spinlock.h>
#include <linux/percpu.h>

struct pcpu_freelist_node {
	struct pcpu_freelist_node *next;
};

struct pcpu_freelist_head {
	struct pcpu_freelist_node *first;
	raw_spinlock_t lock;
};

struct pcpu_freelist {
	struct pcpu_freelist_head __percpu *freelist;
};

int pcpu_freelist_init(struct pcpu_freelist *s);
void pcpu_freelist_destroy(struct pcpu_freelist *s);
void pcpu_freelist_push(struct pcpu_freelist *s, struct pcpu_freelist_node *node);
/* NULL when every CPU's stack is empty. */
struct pcpu_freelist_node *pcpu_freelist_pop(struct pcpu_freelist *s);
/*
 * Spreads nr_elems objects of elem_size bytes starting at buf over the
 * CPUs' stacks; buf points at the pcpu_freelist_node of the first one.
 */
void pcpu_freelist_populate(struct pcpu_freelist *s, void *buf, u32 elem_size,
			    u32 nr_elems);

#endif
