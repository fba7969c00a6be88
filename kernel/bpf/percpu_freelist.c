// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU free lists of preallocated map elements (the hash map's
 * elements, later the LRU's).  See include/linux/percpu_freelist.h.
 */
#include <linux/percpu_freelist.h>
#include <linux/kernel.h>

int pcpu_freelist_init(struct pcpu_freelist *s)
{
	unsigned int cpu;

	s->freelist = __alloc_percpu(sizeof(struct pcpu_freelist_head),
				     SMP_CACHE_BYTES);
	if (!s->freelist)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct pcpu_freelist_head *head = per_cpu_ptr(s->freelist, cpu);

		raw_spin_lock_init(&head->lock);
		head->first = NULL;
	}
	return 0;
}

void pcpu_freelist_destroy(struct pcpu_freelist *s)
{
	free_percpu(s->freelist);
	s->freelist = NULL;
}

static void pcpu_freelist_push_node(struct pcpu_freelist_head *head,
				    struct pcpu_freelist_node *node)
{
	raw_spin_lock(&head->lock);
	node->next = head->first;
	WRITE_ONCE(head->first, node);
	raw_spin_unlock(&head->lock);
}

void pcpu_freelist_push(struct pcpu_freelist *s, struct pcpu_freelist_node *node)
{
	unsigned int cpu = raw_smp_processor_id();

	/* a thread outside any program may carry a stale CPU number */
	if (cpu >= nr_cpu_ids)
		cpu = 0;
	pcpu_freelist_push_node(per_cpu_ptr(s->freelist, cpu), node);
}

static struct pcpu_freelist_node *
pcpu_freelist_pop_head(struct pcpu_freelist_head *head)
{
	struct pcpu_freelist_node *node;

	/* peek without the lock: most stacks a thief looks at are empty */
	if (!READ_ONCE(head->first))
		return NULL;
	raw_spin_lock(&head->lock);
	node = head->first;
	if (node)
		WRITE_ONCE(head->first, node->next);
	raw_spin_unlock(&head->lock);
	return node;
}

struct pcpu_freelist_node *pcpu_freelist_pop(struct pcpu_freelist *s)
{
	unsigned int start = raw_smp_processor_id(), i;
	struct pcpu_freelist_node *node;

	if (start >= nr_cpu_ids)
		start = 0;
	/* our own CPU first, then the others in order, wrapping around */
	for (i = 0; i < nr_cpu_ids; i++) {
		unsigned int cpu = (start + i) % nr_cpu_ids;

		node = pcpu_freelist_pop_head(per_cpu_ptr(s->freelist, cpu));
		if (node)
			return node;
	}
	return NULL;
}

void pcpu_freelist_populate(struct pcpu_freelist *s, void *buf, u32 elem_size,
			    u32 nr_elems)
{
	u32 per_cpu = nr_elems / nr_cpu_ids + 1, i = 0;
	unsigned int cpu;

	/* even shares, so that early pops rarely need to steal */
	for_each_possible_cpu(cpu) {
		struct pcpu_freelist_head *head = per_cpu_ptr(s->freelist, cpu);
		u32 n;

		for (n = 0; n < per_cpu && i < nr_elems; n++, i++) {
			struct pcpu_freelist_node *node = buf;

			node->next = head->first;
			head->first = node;
			buf = (char *)buf + elem_size;
		}
	}
}
