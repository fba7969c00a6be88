// SPDX-License-Identifier: GPL-2.0
/*
 * The id spaces of maps, programs, links and BTF objects.  A sorted array
 * is enough: ids are looked up by GET_FD_BY_ID and walked by GET_NEXT_ID,
 * both rare next to map operations, and binary search keeps them cheap.
 */
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static u32 idr_pos(const struct idr *idr, u32 id)
{
	u32 lo = 0, hi = idr->nr;

	while (lo < hi) {
		u32 mid = (lo + hi) / 2;

		if (idr->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int idr_grow(struct idr *idr)
{
	u32 cap = idr->cap ? idr->cap * 2 : 16;
	void **slots = krealloc(idr->slots, cap * sizeof(*slots), GFP_ATOMIC);
	u32 *ids;

	if (!slots)
		return -ENOMEM;
	idr->slots = slots;
	ids = krealloc(idr->ids, cap * sizeof(*ids), GFP_ATOMIC);
	if (!ids)
		return -ENOMEM;
	idr->ids = ids;
	idr->cap = cap;
	return 0;
}

static bool idr_used(const struct idr *idr, u32 id)
{
	u32 pos = idr_pos(idr, id);

	return pos < idr->nr && idr->ids[pos] == id;
}

int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end)
{
	u32 lo = start > 0 ? start : 0, hi = end > 0 ? (u32)end : (u32)INT_MAX;
	u32 id, pos, tries;

	if (idr->nr == idr->cap && idr_grow(idr))
		return -ENOMEM;
	if (lo >= hi)
		return -ENOSPC;
	id = idr->next < lo || idr->next >= hi ? lo : idr->next;
	/* ids of other ranges count for nothing: give up once the range is seen */
	for (tries = 0; idr_used(idr, id); tries++) {
		if (tries + 1 >= hi - lo || tries >= idr->nr)
			return -ENOSPC;
		id = id + 1 >= hi ? lo : id + 1;
	}
	pos = idr_pos(idr, id);
	memmove(&idr->ids[pos + 1], &idr->ids[pos], (idr->nr - pos) * sizeof(u32));
	memmove(&idr->slots[pos + 1], &idr->slots[pos], (idr->nr - pos) * sizeof(void *));
	idr->ids[pos] = id;
	idr->slots[pos] = ptr;
	idr->nr++;
	/* taking a reserved id (the vmlinux BTF's 1) leaves the cursor alone */
	if (hi - lo > 1)
		idr->next = id + 1;
	return id;
}

void *idr_find(const struct idr *idr, unsigned long id)
{
	u32 pos;

	if (id > U32_MAX)
		return NULL;
	pos = idr_pos(idr, id);
	return pos < idr->nr && idr->ids[pos] == id ? idr->slots[pos] : NULL;
}

void *idr_get_next(const struct idr *idr, int *nextid)
{
	u32 pos = idr_pos(idr, *nextid < 0 ? 0 : (u32)*nextid);

	if (pos >= idr->nr)
		return NULL;
	*nextid = idr->ids[pos];
	return idr->slots[pos];
}

void *idr_remove(struct idr *idr, unsigned long id)
{
	u32 pos;
	void *ptr;

	if (id > U32_MAX)
		return NULL;
	pos = idr_pos(idr, id);
	if (pos >= idr->nr || idr->ids[pos] != id)
		return NULL;
	ptr = idr->slots[pos];
	memmove(&idr->ids[pos], &idr->ids[pos + 1], (idr->nr - pos - 1) * sizeof(u32));
	memmove(&idr->slots[pos], &idr->slots[pos + 1], (idr->nr - pos - 1) * sizeof(void *));
	idr->nr--;
	return ptr;
}

void *idr_replace(struct idr *idr, void *ptr, unsigned long id)
{
	u32 pos = idr_pos(idr, id);
	void *old;

	if (pos >= idr->nr || idr->ids[pos] != id)
		return ERR_PTR(-ENOENT);
	old = idr->slots[pos];
	idr->slots[pos] = ptr;
	return old;
}

void idr_destroy(struct idr *idr)
{
	kfree(idr->slots);
	kfree(idr->ids);
	memset(idr, 0, sizeof(*idr));
}
