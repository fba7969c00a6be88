// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc and friends.  Each block carries its size in a header so that
 * kfree() can uncharge it: the global figure is what leak checks in the
 * tests and the memlock numbers read.
 */
#include <linux/slab.h>
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <stdlib.h>
#include <string.h>

struct kmalloc_hdr {
	size_t size;
	size_t pad;	/* keeps the payload 16-byte aligned, as malloc's */
};

static atomic64_t kmalloc_charged;

void *kmalloc(size_t size, gfp_t flags)
{
	struct kmalloc_hdr *h;

	if (size > SIZE_MAX - sizeof(*h))
		return NULL;
	h = (flags & __GFP_ZERO) ? calloc(1, sizeof(*h) + size) : malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	atomic64_add(size, &kmalloc_charged);
	return h + 1;
}

void kfree(const void *p)
{
	struct kmalloc_hdr *h;

	if (!p)
		return;
	h = (struct kmalloc_hdr *)p - 1;
	atomic64_sub(h->size, &kmalloc_charged);
	free(h);
}

size_t ksize(const void *p)
{
	return p ? ((const struct kmalloc_hdr *)p - 1)->size : 0;
}

void *krealloc(void *p, size_t size, gfp_t flags)
{
	void *n;
	size_t old = ksize(p);

	if (p && size <= old)
		return p;
	n = kmalloc(size, flags & ~__GFP_ZERO);
	if (!n)
		return NULL;
	if (p)
		memcpy(n, p, old);
	if (flags & __GFP_ZERO)
		memset((char *)n + old, 0, size - old);
	kfree(p);
	return n;
}

void *kmemdup(const void *src, size_t len, gfp_t flags)
{
	void *p = kmalloc(len, flags);

	/* a zero-size value may come with a NULL source */
	if (p && len)
		memcpy(p, src, len);
	return p;
}

char *kstrdup(const char *s, gfp_t flags)
{
	return s ? kmemdup(s, strlen(s) + 1, flags) : NULL;
}

u64 sysbpf_mem_allocated(void)
{
	return atomic64_read(&kmalloc_charged);
}
