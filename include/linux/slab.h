/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_SLAB_H
#define _SYSBPF_LINUX_SLAB_H

#include <linux/types.h>

/*
 * Allocation with the kernel's names.  GFP flags are accepted and ignored
 * but for __GFP_ZERO; every allocation is charged to a global counter so
 * that leaks show in tests (sysbpf_mem_allocated()).
 */
typedef unsigned int gfp_t;
#define GFP_KERNEL		0x0u
#define GFP_ATOMIC		0x1u
#define GFP_USER		0x2u
#define GFP_NOWAIT		0x4u
#define __GFP_NOWARN		0x8u
#define __GFP_ACCOUNT		0x10u
#define __GFP_ZERO		0x100u
#define __GFP_NORETRY		0x20u
#define NUMA_NO_NODE		(-1)

void *kmalloc(size_t size, gfp_t flags);
void *krealloc(void *p, size_t size, gfp_t flags);
void kfree(const void *p);
/* Size that kmalloc() charged for p, as ksize() reports it. */
size_t ksize(const void *p);
void *kmemdup(const void *src, size_t len, gfp_t flags);
char *kstrdup(const char *s, gfp_t flags);
u64 sysbpf_mem_allocated(void);

static inline void *kzalloc(size_t size, gfp_t flags) { return kmalloc(size, flags | __GFP_ZERO); }
static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kzalloc(n * size, flags);
}
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags);
}
#define kvmalloc kmalloc
#define kvzalloc kzalloc
#define kvcalloc kcalloc
#define kvmalloc_array kmalloc_array
#define kvfree kfree
#define vzalloc(s) kzalloc(s, GFP_KERNEL)
#define vfree kfree

#endif
