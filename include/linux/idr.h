/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_IDR_H
#define _SYSBPF_LINUX_IDR_H

#include <linux/types.h>

/*
 * An id allocator with the semantics bpf(2) shows: ids are handed out
 * cyclically from 1 and a freed id is not reused until the counter wraps.
 * The caller serializes with its own lock, as syscall.c does with its
 * per-id-space spinlocks.
 */
struct idr {
	void **slots;		/* sorted by id */
	u32 *ids;
	u32 nr, cap;
	u32 next;		/* where the cyclic search starts */
};

#define IDR_INIT(name)	{ 0 }
#define DEFINE_IDR(name) struct idr name = IDR_INIT(name)

/* Returns the new id in [start, end) (end 0: INT_MAX) or -ENOSPC/-ENOMEM. */
int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end);
void *idr_find(const struct idr *idr, unsigned long id);
/* The entry with the smallest id >= *nextid; *nextid is set to its id. */
void *idr_get_next(const struct idr *idr, int *nextid);
void *idr_remove(struct idr *idr, unsigned long id);
void *idr_replace(struct idr *idr, void *ptr, unsigned long id);
void idr_destroy(struct idr *idr);

#endif
