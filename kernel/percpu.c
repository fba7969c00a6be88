// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU memory.  One reservation of nr_cpu_ids units, PCPU_UNIT_SIZE
 * each, made without backing store: only touched pages cost memory.  An
 * allocation is an offset valid in every unit, handed out by a first-fit
 * allocator over CPU 0's unit; per_cpu_ptr() is then one multiply-add.
 *
 * A program's CPU is the CPU its thread is running on when the run
 * starts, kept in a thread-local for the run (the kernel disables
 * migration for the same effect).
 */
#include <linux/percpu.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

unsigned int nr_cpu_ids = 1;
__thread unsigned int sysbpf_this_cpu;

static char *pcpu_base;
static size_t pcpu_brk;			/* bump pointer in unit 0 */
static DEFINE_SPINLOCK(pcpu_lock);

/* Freed blocks, by size class (power of two, 8 bytes and up). */
#define PCPU_NR_CLASSES	48
struct pcpu_free_block {
	struct pcpu_free_block *next;	/* lives in unit 0 of the freed block */
};
static struct pcpu_free_block *pcpu_free[PCPU_NR_CLASSES];

/* Parses "0-3,5" as the kernel writes cpu masks; the count is the highest cpu + 1. */
static unsigned int parse_possible(const char *s)
{
	unsigned int hi = 0, a, b;
	int n;

	while (*s) {
		if (sscanf(s, "%u-%u%n", &a, &b, &n) == 2)
			hi = max(hi, b);
		else if (sscanf(s, "%u%n", &a, &n) == 1)
			hi = max(hi, a);
		else
			break;
		s += n;
		if (*s == ',')
			s++;
		else
			break;
	}
	return hi + 1;
}

static void pcpu_setup(void)
{
	char buf[256] = "";
	const char *env = getenv("SYSBPF_NR_CPUS");
	FILE *f;

	if (env && atoi(env) > 0) {
		nr_cpu_ids = atoi(env);
	} else if ((f = fopen("/sys/devices/system/cpu/possible", "r"))) {
		if (fgets(buf, sizeof(buf), f))
			nr_cpu_ids = parse_possible(buf);
		fclose(f);
	}
	if (!nr_cpu_ids)
		nr_cpu_ids = 1;
}

static int pcpu_reserve(void)
{
	void *p;

	if (pcpu_base)
		return 0;
	p = mmap(NULL, (size_t)nr_cpu_ids * PCPU_UNIT_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	pcpu_base = p;
	return 0;
}

static unsigned int pcpu_class(size_t size)
{
	return size <= 8 ? 3 : 64 - __builtin_clzl(size - 1);
}

/*
 * Each block starts with a header in unit 0 whose last 8 bytes name its
 * size class, so free_percpu() can recycle it; the payload follows,
 * aligned as asked (the header of the other units is simply unused).
 */
struct pcpu_hdr {
	unsigned int cls;
	unsigned int hdr_size;
};

static char *pcpu_take(unsigned int cls)
{
	size_t csize = 1UL << cls, off;
	struct pcpu_free_block *b = pcpu_free[cls];

	if (b) {
		pcpu_free[cls] = b->next;
		return (char *)b;
	}
	off = round_up(pcpu_brk, (size_t)64);
	if (off + csize > PCPU_UNIT_SIZE)
		return NULL;
	pcpu_brk = off + csize;
	return pcpu_base + off;
}

void __percpu *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp)
{
	size_t hdr_size = align > 16 ? round_up(align, (size_t)16) : 16;
	unsigned int cls = pcpu_class(hdr_size + (size ? size : 1));
	struct pcpu_hdr *h;
	char *blk = NULL, *p;
	unsigned int cpu;

	if (align > 4096 || size > PCPU_UNIT_SIZE / 2)
		return NULL;
	spin_lock(&pcpu_lock);
	if (!pcpu_reserve())
		blk = pcpu_take(cls);
	spin_unlock(&pcpu_lock);
	if (!blk)
		return NULL;
	p = blk + hdr_size;
	h = (struct pcpu_hdr *)p - 1;
	h->cls = cls;
	h->hdr_size = hdr_size;
	/* kernel per-CPU allocations are always zeroed */
	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(p, cpu), 0, size);
	return p;
}

void free_percpu(void __percpu *ptr)
{
	struct pcpu_free_block *b;
	struct pcpu_hdr *h;
	unsigned int cls;
	char *p = ptr;

	if (!p)
		return;
	h = (struct pcpu_hdr *)p - 1;
	cls = h->cls;
	b = (struct pcpu_free_block *)(p - h->hdr_size);
	spin_lock(&pcpu_lock);
	b->next = pcpu_free[cls];
	pcpu_free[cls] = b;
	spin_unlock(&pcpu_lock);
}

void sysbpf_enter_cpu(void)
{
	int cpu = sched_getcpu();

	sysbpf_this_cpu = cpu < 0 ? 0 : (unsigned int)cpu % nr_cpu_ids;
}

__attribute__((constructor(101))) static void percpu_init(void)
{
	pcpu_setup();
}
