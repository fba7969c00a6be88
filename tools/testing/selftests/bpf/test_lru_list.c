// SPDX-License-Identifier: GPL-2.0
/*
 * White-box test of the LRU lists (kernel/bpf/bpf_lru_list.c): elements
 * of a stand-in hash table go through bpf_lru_pop_free() and
 * bpf_lru_push_free(), and each step checks which elements the LRU
 * evicts, in which order, and which survive, as the design of 6.1 (the
 * seed) orders them: pending nodes flushed oldest first, referenced ones
 * to the active list; the inactive list shrunk from its tail; the
 * active list rotated when the inactive one runs low; a forced eviction
 * when every node is referenced; per-CPU lists that never mix.
 */
#include <linux/bpf_lru_list.h>
#include <stddef.h>
#include "sysbpf_test.h"

#define NR	8

struct elem {
	struct bpf_lru_node node;
	u32 hash;
	int key;
	bool in_table;
};

static struct elem elems[NR];
static int evicted[4 * NR], nr_evicted;

static bool del_from_htab(void *arg, struct bpf_lru_node *node)
{
	struct elem *e = container_of(node, struct elem, node);

	if (!e->in_table)
		return false;
	e->in_table = false;
	evicted[nr_evicted++] = e->key;
	return true;
}

static struct elem *insert(struct bpf_lru *lru, int key)
{
	struct bpf_lru_node *node = bpf_lru_pop_free(lru, 1000 + key);
	struct elem *e;

	if (!node)
		return NULL;
	e = container_of(node, struct elem, node);
	e->key = key;
	e->in_table = true;
	return e;
}

static struct elem *find(int key)
{
	for (int i = 0; i < NR; i++)
		if (elems[i].in_table && elems[i].key == key)
			return &elems[i];
	return NULL;
}

/* "0 1 2": the keys evicted since the last call */
static const char *evictions(void)
{
	static char buf[256];
	int n = 0;

	buf[0] = '\0';
	for (int i = 0; i < nr_evicted; i++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%d", i ? " " : "", evicted[i]);
	nr_evicted = 0;
	return buf;
}

static int setup(struct bpf_lru *lru, bool percpu)
{
	memset(elems, 0, sizeof(elems));
	nr_evicted = 0;
	if (bpf_lru_init(lru, percpu, offsetof(struct elem, hash) - offsetof(struct elem, node),
			 del_from_htab, NULL))
		return -1;
	bpf_lru_populate(lru, elems, offsetof(struct elem, node), sizeof(struct elem), NR);
	return 0;
}

#define EXPECT_EVICTED(want, name)						\
	({ const char *__got = evictions();					\
	   TEST_OK(!strcmp(__got, want), name, "evicted \"%s\", want \"%s\"",	\
		   __got, want); })

static void test_common(void)
{
	struct bpf_lru lru;
	struct elem *e;
	int k;

	sysbpf_this_cpu = 0;
	if (!TEST_OK(!setup(&lru, false), "common: init", "bpf_lru_init failed"))
		return;
	for (k = 0; k < NR; k++)
		insert(&lru, k);
	EXPECT_EVICTED("", "common: the first 8 inserts take free nodes");
	TEST_OK(elems[0].hash == (u32)(1000 + elems[0].key), "common: the node's element gets the hash",
		"hash %u key %d", elems[0].hash, elems[0].key);

	/*
	 * Nothing free: the pending nodes go to the inactive list oldest
	 * first, and shrinking it from its tail evicts up to the local
	 * target (128), i.e. all 8, oldest first.
	 */
	insert(&lru, 8);
	EXPECT_EVICTED("0 1 2 3 4 5 6 7", "common: a full map evicts the whole inactive list, oldest first");

	/* keys 8..15 now; 9 and 12 looked up before the next refill */
	for (k = 9; k < 16; k++)
		insert(&lru, k);
	EXPECT_EVICTED("", "common: refilled nodes serve 7 more inserts");
	bpf_lru_node_set_ref(&find(9)->node);
	bpf_lru_node_set_ref(&find(12)->node);
	insert(&lru, 16);
	EXPECT_EVICTED("8 10 11 13 14 15", "common: referenced keys go active and survive");
	TEST_OK(find(9) && find(12), "common: 9 and 12 are still there", "one is gone");

	/*
	 * 9 and 12 are active (their ref spent), 16..21 pending.  The next
	 * refill: inactive 6 >= active 2, no active rotation; shrink evicts
	 * the unreferenced 16..21.
	 */
	for (k = 17; k < 22; k++)
		insert(&lru, k);
	insert(&lru, 22);
	EXPECT_EVICTED("16 17 18 19 20 21", "common: the active list is kept while the inactive one is not low");

	/* delete 22 (pending): its node goes back to this CPU's free list */
	e = find(22);
	e->in_table = false;
	bpf_lru_push_free(&lru, &e->node);
	for (k = 23; k < 29; k++)
		insert(&lru, k);
	EXPECT_EVICTED("", "common: a deleted pending node is reused without evicting");

	/*
	 * Looking up everything does not save the pending keys: the flush
	 * into the global lists spends their ref bits, so the active list
	 * (9 and 12, referenced) keeps them and the rotation sends 23..28
	 * to the inactive list, whose shrink evicts them.
	 */
	for (int i = 0; i < NR; i++)
		bpf_lru_node_set_ref(&elems[i].node);
	insert(&lru, 29);
	EXPECT_EVICTED("23 24 25 26 27 28", "common: the flush spends the pending nodes' ref bits");
	TEST_OK(find(9) && find(12), "common: 9 and 12 survive their second chance", "one is gone");

	/*
	 * Another CPU, with no free node of its own: its refill finds 9 and
	 * 12 active with their second chance spent, the rotation sends them
	 * to the inactive list and the shrink evicts both; its next refill
	 * flushes its own two pending keys and evicts them.
	 */
	if (nr_cpu_ids < 2) {
		TEST_OK(true, "common: other CPUs need 2 possible CPUs (skipped)", "-");
		bpf_lru_destroy(&lru);
		return;
	}
	sysbpf_this_cpu = 1;
	insert(&lru, 100);
	EXPECT_EVICTED("9 12", "common: CPU 1 evicts the active keys whose second chance is spent");
	insert(&lru, 101);
	EXPECT_EVICTED("", "common: ... and uses the second node");
	insert(&lru, 102);
	EXPECT_EVICTED("100 101", "common: CPU 1's next refill evicts its own flushed keys");
	TEST_OK(find(29) != NULL, "common: CPU 0's keys are untouched", "29 is gone");
	sysbpf_this_cpu = 0;
	bpf_lru_destroy(&lru);
}

/*
 * Nothing free on this CPU nor globally: a node is stolen from another
 * CPU's local free list, without evicting anything.
 */
static void test_steal(void)
{
	struct bpf_lru lru;

	if (nr_cpu_ids < 2) {
		TEST_OK(true, "steal: needs 2 possible CPUs (skipped)", "-");
		return;
	}
	if (!TEST_OK(!setup(&lru, false), "steal: init", "bpf_lru_init failed"))
		return;
	sysbpf_this_cpu = 0;
	insert(&lru, 0);	/* CPU 0's local free list takes all 8 nodes */
	sysbpf_this_cpu = 1;
	TEST_OK(insert(&lru, 1) != NULL, "steal: CPU 1 gets a node", "none");
	EXPECT_EVICTED("", "steal: from CPU 0's free list, evicting nothing");
	TEST_OK(find(0) && find(1), "steal: both keys are there", "one is missing");
	TEST_OK(find(1)->node.cpu == 1, "steal: the stolen node is CPU 1's now", "cpu %u",
		find(1)->node.cpu);
	sysbpf_this_cpu = 0;
	bpf_lru_destroy(&lru);
}

/*
 * BPF_F_NO_COMMON_LRU: 8 nodes over the CPUs, each CPU evicting from its
 * own lists only, PERCPU_FREE_TARGET (4) nodes at a time.
 */
static void test_percpu(void)
{
	struct bpf_lru lru;
	int k, per_cpu = NR / nr_cpu_ids;

	if (nr_cpu_ids < 2 || NR % nr_cpu_ids) {
		TEST_OK(true, "percpu: needs 2, 4 or 8 possible CPUs (skipped)", "-");
		return;
	}
	if (!TEST_OK(!setup(&lru, true), "percpu: init", "bpf_lru_init failed"))
		return;
	sysbpf_this_cpu = 0;
	for (k = 0; k < per_cpu; k++)
		TEST_OK(insert(&lru, k) != NULL, "percpu: CPU 0 fills its own nodes", "key %d", k);
	insert(&lru, 100);
	EXPECT_EVICTED(per_cpu >= 4 ? "0 1 2 3" : "0",
		       "percpu: a full CPU list evicts its own oldest (up to 4)");
	sysbpf_this_cpu = 1;
	for (k = 200; k < 200 + per_cpu; k++)
		insert(&lru, k);
	EXPECT_EVICTED("", "percpu: CPU 1 still had all its nodes free");
	for (int i = 0; i < NR; i++)
		if (elems[i].in_table)
			TEST_OK(elems[i].node.cpu == (elems[i].key >= 200 ? 1 : 0),
				"percpu: a node stays on its CPU", "key %d cpu %u", elems[i].key,
				elems[i].node.cpu);
	bpf_lru_destroy(&lru);
}

int main(void)
{
	test_common();
	test_steal();
	test_percpu();
	return sysbpf_test_done();
}
