/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_PERCPU_H
#define _SYSBPF_LINUX_PERCPU_H

#include <linux/types.h>
#include <linux/slab.h>

/*
 * Per-CPU memory: one virtual unit per possible CPU, all units laid out
 * alike, so a per-CPU pointer is the address in CPU 0's unit and the
 * copy of CPU n lies n units further.  Pages are committed on first touch.
 */
#define PCPU_UNIT_SIZE	(1UL << 30)

extern unsigned int nr_cpu_ids;

/* The CPU the current BPF program runs on, fixed for its whole run. */
extern __thread unsigned int sysbpf_this_cpu;

void __percpu *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp);
void free_percpu(void __percpu *p);

#define __alloc_percpu(size, align)	__alloc_percpu_gfp(size, align, GFP_KERNEL)
#define alloc_percpu(type)		((type __percpu *)__alloc_percpu(sizeof(type), __alignof__(type)))
#define per_cpu_ptr(p, cpu)		((__typeof__(p))((char *)(p) + (size_t)(cpu) * PCPU_UNIT_SIZE))
#define this_cpu_ptr(p)			per_cpu_ptr(p, sysbpf_this_cpu)
#define raw_cpu_ptr(p)			this_cpu_ptr(p)
#define smp_processor_id()		(sysbpf_this_cpu)
#define raw_smp_processor_id()		(sysbpf_this_cpu)
#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < nr_cpu_ids; (cpu)++)
#define num_possible_cpus()		(nr_cpu_ids)

/* Pick this thread's CPU, as the scheduler would place it, before a run. */
void sysbpf_enter_cpu(void);

#endif
