// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_RINGBUF: a ring of variable-length records that programs
 * produce (from any number of threads at once) and one user-space
 * consumer reads, with the layout, behaviour and errno of Linux 6.1;
 * and BPF_MAP_TYPE_USER_RINGBUF, the same ring the other way round:
 * user space produces, bpf_user_ringbuf_drain() consumes.
 *
 * User space (libbpf) reads and writes the memory itself, so the layout
 * is the kernel's to the byte.  struct bpf_ringbuf is one contiguous
 * area, as the kernel's vmap is:
 *
 *   page 0      what user space never sees: lock, mask, fds
 *   page 1      consumer_pos (user space moves it)
 *   page 2      producer_pos, pending_pos
 *   data        max_entries bytes of records
 *   data again  the same pages a second time, so that a record wrapping
 *               around the end reads as one piece
 *
 * Pages 1 and 2 and the data come from one memfd, mapped twice for the
 * two copies of the data; page 0 is private.  The shim maps the memfd the
 * same way for user space (ops->map_mmap_pieces), where the map's mmap
 * offset 0 is page 1.
 *
 * A record is an 8-byte header, u32 length (with BPF_RINGBUF_BUSY_BIT
 * while reserved, BPF_RINGBUF_DISCARD_BIT once discarded) and u32 page
 * offset of the header from the start of the area, then the sample,
 * padded to 8 bytes.  The page offset is how a commit finds its ring
 * from the sample pointer alone.
 *
 * Wakeups: the kernel wakes the map's wait queue through irq_work.  Here
 * the map owns an eventfd that a wakeup writes, and the shim's epoll_ctl,
 * epoll_wait and poll wait on it in place of the map fd, whose pipe
 * never turns readable (bpf_map_poll_fd(), bpf_map_poll_sync()).  A
 * ring is ready as 6.1's map_poll says: with data to read, or, for a
 * user ring, with room to write.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/filter.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#define RINGBUF_CREATE_FLAG_MASK	(BPF_F_NUMA_NODE)

/* pages of struct bpf_ringbuf before the consumer page, as 6.1 on 64-bit */
#define RINGBUF_PGOFF		1
/* the consumer page and the producer page */
#define RINGBUF_POS_PAGES	2

#define RINGBUF_MAX_RECORD_SZ	(UINT_MAX / 4)

/*
 * A record header keeps its page offset in 32 bits; 8 of them are kept
 * for later use, and the position pages count too: 64 GB of data.
 */
#define RINGBUF_MAX_DATA_SZ \
	(((1ULL << 24) - RINGBUF_POS_PAGES - RINGBUF_PGOFF) * PAGE_SIZE)
_Static_assert((1ULL << 31) <= RINGBUF_MAX_DATA_SZ,
	       "every u32 power of two is a ring size a header can address");

struct bpf_ringbuf {
	struct bpf_ringbuf *poll_next;	/* on ringbuf_poll_list */
	u64 mask;
	size_t area_size;		/* the whole area, both data copies */
	int memfd;			/* position pages and data */
	int wait_fd;			/* eventfd: the wait queue */
	int wake_pending;		/* wait_fd holds a wakeup */
	bool user_producer;		/* BPF_MAP_TYPE_USER_RINGBUF */
	raw_spinlock_t spinlock __aligned(SMP_CACHE_BYTES);
	/* user ring buffers: one kernel consumer at a time */
	atomic_t busy __aligned(SMP_CACHE_BYTES);
	/*
	 * Each position on its own page, so that each can be mapped with
	 * its own permission: user space moves the consumer of a kernel-
	 * produced ring, and only reads the producer.
	 */
	unsigned long consumer_pos __aligned(PAGE_SIZE);
	unsigned long producer_pos __aligned(PAGE_SIZE);
	unsigned long pending_pos;
	char data[] __aligned(PAGE_SIZE);
};

_Static_assert(offsetof(struct bpf_ringbuf, consumer_pos) == RINGBUF_PGOFF * PAGE_SIZE,
	       "the consumer page follows the private pages");
_Static_assert(offsetof(struct bpf_ringbuf, data) ==
	       (RINGBUF_PGOFF + RINGBUF_POS_PAGES) * PAGE_SIZE,
	       "the data follows the position pages");

struct bpf_ringbuf_map {
	struct bpf_map map;
	struct bpf_ringbuf *rb;
};

/* The 8-byte record header. */
struct bpf_ringbuf_hdr {
	u32 len;
	u32 pg_off;
};

/*
 * A record's memory is reused once user space has consumed it, which a
 * thread sanitizer cannot see: the consumer reads through a mapping of
 * its own, in code it does not instrument.  Under TSan a commit releases
 * the ring and a reservation acquires it, as the positions do between
 * producers and the consumer.
 */
#ifdef __SANITIZE_THREAD__
#include <sanitizer/tsan_interface.h>
#define ringbuf_tsan_release(rb)	__tsan_release(&(rb)->consumer_pos)
#define ringbuf_tsan_acquire(rb)	__tsan_acquire(&(rb)->consumer_pos)
#else
#define ringbuf_tsan_release(rb)	do { } while (0)
#define ringbuf_tsan_acquire(rb)	do { } while (0)
#endif

static DEFINE_MUTEX(ringbuf_poll_lock);
static struct bpf_ringbuf *ringbuf_poll_list;

static struct bpf_ringbuf *map_to_rb(const struct bpf_map *map)
{
	return container_of(map, struct bpf_ringbuf_map, map)->rb;
}

static u32 ringbuf_total_data_sz(const struct bpf_ringbuf *rb)
{
	return rb->mask + 1;
}

static unsigned long ringbuf_avail_data_sz(struct bpf_ringbuf *rb)
{
	unsigned long cons_pos, prod_pos;

	cons_pos = smp_load_acquire(&rb->consumer_pos);
	prod_pos = smp_load_acquire(&rb->producer_pos);
	return prod_pos - cons_pos;
}

/* The memfd holds the position pages and one copy of the data. */
static u64 ringbuf_memfd_size(u64 data_sz)
{
	return RINGBUF_POS_PAGES * PAGE_SIZE + data_sz;
}

/*
 * Reserves the whole area first, so that the second copy of the data
 * lands right after the first: the memfd is then mapped over it twice.
 * The kernel allocates every page at once; memfd pages come as they are
 * touched, so a big ring costs what it holds.
 */
static struct bpf_ringbuf *bpf_ringbuf_area_map(int memfd, u64 data_sz)
{
	const size_t priv = RINGBUF_PGOFF * PAGE_SIZE;
	const int prot = PROT_READ | PROT_WRITE;
	u64 shared = ringbuf_memfd_size(data_sz);
	size_t area = priv + shared + data_sz;
	struct bpf_ringbuf *rb;
	char *base;

	base = mmap(NULL, area, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		    -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base, priv, prot) ||
	    mmap(base + priv, shared, prot, MAP_SHARED | MAP_FIXED, memfd, 0) == MAP_FAILED ||
	    mmap(base + priv + shared, data_sz, prot, MAP_SHARED | MAP_FIXED, memfd,
		 RINGBUF_POS_PAGES * PAGE_SIZE) == MAP_FAILED) {
		munmap(base, area);
		return NULL;
	}
	rb = (struct bpf_ringbuf *)base;
	rb->area_size = area;
	return rb;
}

static int bpf_ringbuf_internal_fd(int fd)
{
	return fd < 0 ? -errno : sysbpf_fd_make_internal(fd);
}

/*
 * The area is made, and unmade, under the list's lock: the lock orders
 * a free (from the RCU callback thread) before whatever reuses its
 * addresses, which thread sanitizers cannot see through mmap.
 */
static struct bpf_ringbuf *bpf_ringbuf_alloc(u64 data_sz, bool user_producer)
{
	struct bpf_ringbuf *rb = NULL;
	int memfd, wait_fd = -1;

	memfd = bpf_ringbuf_internal_fd(memfd_create("bpf-ringbuf", MFD_CLOEXEC));
	if (memfd < 0)
		return NULL;
	if (ftruncate(memfd, (off_t)ringbuf_memfd_size(data_sz)))
		goto out;
	wait_fd = bpf_ringbuf_internal_fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
	if (wait_fd < 0)
		goto out;

	mutex_lock(&ringbuf_poll_lock);
	rb = bpf_ringbuf_area_map(memfd, data_sz);
	if (rb) {
		rb->memfd = memfd;
		rb->wait_fd = wait_fd;
		rb->wake_pending = 0;
		rb->user_producer = user_producer;
		raw_spin_lock_init(&rb->spinlock);
		atomic_set(&rb->busy, 0);
		rb->mask = data_sz - 1;
		rb->consumer_pos = 0;
		rb->producer_pos = 0;
		rb->pending_pos = 0;
		rb->poll_next = ringbuf_poll_list;
		WRITE_ONCE(ringbuf_poll_list, rb);
	}
	mutex_unlock(&ringbuf_poll_lock);
out:
	if (!rb) {
		if (wait_fd >= 0)
			sysbpf_fd_close_internal(wait_fd);
		sysbpf_fd_close_internal(memfd);
	}
	return rb;
}

static void bpf_ringbuf_free(struct bpf_ringbuf *rb)
{
	struct bpf_ringbuf **pp;
	int memfd, wait_fd;

	/* no poll may look at the ring or its eventfd from now on */
	mutex_lock(&ringbuf_poll_lock);
	for (pp = &ringbuf_poll_list; *pp; pp = &(*pp)->poll_next) {
		if (*pp == rb) {
			WRITE_ONCE(*pp, rb->poll_next);
			break;
		}
	}
	memfd = rb->memfd;
	wait_fd = rb->wait_fd;
	munmap(rb, rb->area_size);
	mutex_unlock(&ringbuf_poll_lock);
	sysbpf_fd_close_internal(wait_fd);
	sysbpf_fd_close_internal(memfd);
}

/* Called from syscall */
static int ringbuf_map_alloc_check(union bpf_attr *attr)
{
	if (attr->map_flags & ~RINGBUF_CREATE_FLAG_MASK)
		return -EINVAL;
	if (attr->key_size || attr->value_size ||
	    !is_power_of_2(attr->max_entries) ||
	    attr->max_entries & (PAGE_SIZE - 1))
		return -EINVAL;
	/*
	 * 6.1 says -E2BIG past RINGBUF_MAX_DATA_SZ (64 GB), which a u32
	 * power of two never reaches on a 64-bit machine.
	 */
	return 0;
}

static struct bpf_map *ringbuf_map_alloc(union bpf_attr *attr)
{
	struct bpf_ringbuf_map *rb_map;

	rb_map = bpf_map_area_alloc(sizeof(*rb_map), NUMA_NO_NODE);
	if (!rb_map)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&rb_map->map, attr);
	rb_map->rb = bpf_ringbuf_alloc(attr->max_entries,
				       attr->map_type == BPF_MAP_TYPE_USER_RINGBUF);
	if (!rb_map->rb) {
		bpf_map_area_free(rb_map);
		return ERR_PTR(-ENOMEM);
	}
	/* 6.1's memlock figure: (key + value) * max_entries, here 0 */
	rb_map->map.memory_usage = 0;
	return &rb_map->map;
}

static void ringbuf_map_free(struct bpf_map *map)
{
	struct bpf_ringbuf_map *rb_map = container_of(map, struct bpf_ringbuf_map, map);

	bpf_ringbuf_free(rb_map->rb);
	bpf_map_area_free(rb_map);
}

static void *ringbuf_map_lookup_elem(struct bpf_map *map, void *key)
{
	return ERR_PTR(-ENOTSUPP);
}

static int ringbuf_map_update_elem(struct bpf_map *map, void *key, void *value,
				   u64 flags)
{
	return -ENOTSUPP;
}

static int ringbuf_map_delete_elem(struct bpf_map *map, void *key)
{
	return -ENOTSUPP;
}

static int ringbuf_map_get_next_key(struct bpf_map *map, void *key,
				    void *next_key)
{
	return -ENOTSUPP;
}

/* 6.1's bpf_map_meta_equal: any size of ring may take an inner map's place. */
static bool ringbuf_map_meta_equal(const struct bpf_map *meta0,
				   const struct bpf_map *meta1)
{
	return meta0->map_type == meta1->map_type &&
	       meta0->key_size == meta1->key_size &&
	       meta0->value_size == meta1->value_size &&
	       meta0->map_flags == meta1->map_flags;
}

/*
 * The mmap space is the area less its private page: consumer page,
 * producer page, data, data.  What lies past the memfd's end is the
 * second copy of the data, mapped from the memfd's data pages.
 */
static int ringbuf_mmap_space(struct bpf_ringbuf *rb, off_t off, size_t len,
			      struct bpf_mmap_piece *pieces)
{
	u64 data_sz = ringbuf_total_data_sz(rb);
	u64 first = ringbuf_memfd_size(data_sz);
	u64 start = (u64)off, end = start + PAGE_ALIGN((u64)len);
	int n = 0;

	/* remap_vmalloc_range(): the range must lie within the area */
	if (end < start || end > first + data_sz)
		return -EINVAL;
	if (start < first)
		pieces[n++] = (struct bpf_mmap_piece){
			.fd = rb->memfd, .off = (off_t)start,
			.len = min(end, first) - start,
		};
	if (end > first) {
		u64 s = max(start, first);

		pieces[n++] = (struct bpf_mmap_piece){
			.fd = rb->memfd, .off = (off_t)(s - data_sz), .len = end - s,
		};
	}
	return n;
}

/* Only the consumer page may be writable: user space consumes, programs produce. */
static int ringbuf_map_mmap_kern(struct bpf_map *map, off_t off, size_t len,
				 bool writable, struct bpf_mmap_piece *pieces)
{
	if (writable && (off != 0 || PAGE_ALIGN((u64)len) != PAGE_SIZE))
		return -EPERM;
	return ringbuf_mmap_space(map_to_rb(map), off, len, pieces);
}

/*
 * A ring that user space produces into: it writes the producer page and
 * the data, and only reads the consumer position the kernel moves.
 */
static int ringbuf_map_mmap_user(struct bpf_map *map, off_t off, size_t len,
				 bool writable, struct bpf_mmap_piece *pieces)
{
	if (writable && off == 0)
		return -EPERM;
	return ringbuf_mmap_space(map_to_rb(map), off, len, pieces);
}

/* ---- wakeups ---- */

/* The kernel's irq_work_queue() of the wakeup: at most one write in flight. */
static void bpf_ringbuf_wake_up(struct bpf_ringbuf *rb)
{
	u64 one = 1;

	if (__atomic_exchange_n(&rb->wake_pending, 1, __ATOMIC_SEQ_CST))
		return;
	/* an eventfd write fails only at a count of 2^64 - 1 */
	if (write(rb->wait_fd, &one, sizeof(one)) != sizeof(one))
		__atomic_store_n(&rb->wake_pending, 0, __ATOMIC_SEQ_CST);
}

/* What 6.1's map_poll reports: data to read, or room to write. */
static bool bpf_ringbuf_ready(struct bpf_ringbuf *rb)
{
	unsigned long avail = ringbuf_avail_data_sz(rb);

	if (rb->user_producer)
		return avail < ringbuf_total_data_sz(rb);
	return avail != 0;
}

static u32 bpf_ringbuf_poll_events(const struct bpf_ringbuf *rb)
{
	if (rb->user_producer)
		return EPOLLOUT | EPOLLWRNORM;
	return EPOLLIN | EPOLLRDNORM;
}

/*
 * The wakeup is taken out of the eventfd first and cleared after, then
 * given back if the ring is still ready: a producer that saw it pending
 * in between had its record counted by the readiness check, whose
 * producer position moved at reserve time.
 */
static void bpf_ringbuf_poll_sync(struct bpf_ringbuf *rb, bool level)
{
	bool woken;
	u64 cnt;

	woken = read(rb->wait_fd, &cnt, sizeof(cnt)) == sizeof(cnt);
	if (woken)
		__atomic_store_n(&rb->wake_pending, 0, __ATOMIC_SEQ_CST);
	if ((woken || level) && bpf_ringbuf_ready(rb))
		bpf_ringbuf_wake_up(rb);
}

static bool map_is_ringbuf(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_RINGBUF ||
	       map->map_type == BPF_MAP_TYPE_USER_RINGBUF;
}

int bpf_map_poll_fd(int map_fd, u32 *events)
{
	struct fd f = fdget(map_fd);
	struct bpf_map *map = __bpf_map_get(f);
	int fd = -EINVAL;

	if (IS_ERR(map))
		return PTR_ERR(map) == -EBADF ? -EBADF : -EINVAL;
	if (map_is_ringbuf(map)) {
		fd = map_to_rb(map)->wait_fd;
		*events = bpf_ringbuf_poll_events(map_to_rb(map));
	}
	fdput(f);
	return fd;
}

/*
 * The ring is found by its eventfd under the list's lock, which its
 * free takes before the eventfd goes: a poll of a map being freed finds
 * nothing rather than a closed fd.
 */
bool bpf_map_poll_sync(int poll_fd, bool level)
{
	struct bpf_ringbuf *rb;

	if (poll_fd < 0 || !READ_ONCE(ringbuf_poll_list))
		return false;
	mutex_lock(&ringbuf_poll_lock);
	for (rb = ringbuf_poll_list; rb; rb = rb->poll_next) {
		if (rb->wait_fd != poll_fd)
			continue;
		bpf_ringbuf_poll_sync(rb, level);
		break;
	}
	mutex_unlock(&ringbuf_poll_lock);
	return rb != NULL;
}

/* ---- producing records (programs) ---- */

/* The page offset of a header from the start of the area. */
static u32 bpf_ringbuf_rec_pg_off(struct bpf_ringbuf *rb, struct bpf_ringbuf_hdr *hdr)
{
	return ((uintptr_t)hdr - (uintptr_t)rb) >> PAGE_SHIFT;
}

/* The ring of a record, from the page offset its header keeps. */
static struct bpf_ringbuf *bpf_ringbuf_restore_from_rec(struct bpf_ringbuf_hdr *hdr)
{
	uintptr_t page = (uintptr_t)hdr & ~(uintptr_t)(PAGE_SIZE - 1);

	return (struct bpf_ringbuf *)(page - ((uintptr_t)hdr->pg_off << PAGE_SHIFT));
}

/*
 * Moves the pending position over the records committed since: the
 * oldest record still reserved bounds how far producers may run ahead,
 * so that a late commit never finds its header overwritten.
 */
static unsigned long bpf_ringbuf_advance_pending(struct bpf_ringbuf *rb,
						 unsigned long prod_pos)
{
	unsigned long pend_pos = rb->pending_pos;
	struct bpf_ringbuf_hdr *hdr;
	u32 hdr_len;

	while (pend_pos != prod_pos) {
		hdr = (void *)(rb->data + (pend_pos & rb->mask));
		hdr_len = READ_ONCE(hdr->len);
		if (hdr_len & BPF_RINGBUF_BUSY_BIT)
			break;
		hdr_len &= ~BPF_RINGBUF_DISCARD_BIT;
		pend_pos += round_up(hdr_len + BPF_RINGBUF_HDR_SZ, 8);
	}
	rb->pending_pos = pend_pos;
	return pend_pos;
}

static void *__bpf_ringbuf_reserve(struct bpf_ringbuf *rb, u64 size)
{
	unsigned long cons_pos, prod_pos, new_prod_pos, pend_pos, flags = 0;
	struct bpf_ringbuf_hdr *hdr;
	u32 len;

	if (unlikely(size > RINGBUF_MAX_RECORD_SZ))
		return NULL;
	len = round_up(size + BPF_RINGBUF_HDR_SZ, 8);
	if (len > ringbuf_total_data_sz(rb))
		return NULL;

	cons_pos = smp_load_acquire(&rb->consumer_pos);
	ringbuf_tsan_acquire(rb);
	raw_spin_lock_irqsave(&rb->spinlock, flags);
	prod_pos = rb->producer_pos;
	new_prod_pos = prod_pos + len;
	pend_pos = bpf_ringbuf_advance_pending(rb, prod_pos);

	/*
	 * Out of room when the producer would run a whole ring ahead of
	 * the consumer, or of the oldest record not committed yet.
	 */
	if (new_prod_pos - cons_pos > rb->mask ||
	    new_prod_pos - pend_pos > rb->mask) {
		raw_spin_unlock_irqrestore(&rb->spinlock, flags);
		return NULL;
	}

	hdr = (void *)(rb->data + (prod_pos & rb->mask));
	hdr->len = (u32)size | BPF_RINGBUF_BUSY_BIT;
	hdr->pg_off = bpf_ringbuf_rec_pg_off(rb, hdr);
	/* the header is written before the consumer may see the record */
	smp_store_release(&rb->producer_pos, new_prod_pos);
	raw_spin_unlock_irqrestore(&rb->spinlock, flags);

	return (char *)hdr + BPF_RINGBUF_HDR_SZ;
}

static void bpf_ringbuf_commit(void *sample, u64 flags, bool discard)
{
	struct bpf_ringbuf_hdr *hdr = (void *)((char *)sample - BPF_RINGBUF_HDR_SZ);
	struct bpf_ringbuf *rb = bpf_ringbuf_restore_from_rec(hdr);
	unsigned long rec_pos, cons_pos;
	u32 new_len;

	new_len = hdr->len ^ BPF_RINGBUF_BUSY_BIT;
	if (discard)
		new_len |= BPF_RINGBUF_DISCARD_BIT;
	/* the final length, with a full barrier: the sample is complete */
	ringbuf_tsan_release(rb);
	__atomic_exchange_n(&hdr->len, new_len, __ATOMIC_SEQ_CST);

	/*
	 * A consumer that has caught up with this record waits for it;
	 * one that has not will come to it without being woken.
	 */
	rec_pos = (uintptr_t)hdr - (uintptr_t)rb->data;
	cons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;
	if (flags & BPF_RB_FORCE_WAKEUP)
		bpf_ringbuf_wake_up(rb);
	else if (cons_pos == rec_pos && !(flags & BPF_RB_NO_WAKEUP))
		bpf_ringbuf_wake_up(rb);
}

BPF_CALL_3(bpf_ringbuf_reserve, struct bpf_map *, map, u64, size, u64, flags)
{
	void *sample;

	if (unlikely(flags))
		return 0;
	sample = __bpf_ringbuf_reserve(map_to_rb(map), size);
	/*
	 * The run guard learns the sample's [p, p + size) from the call's
	 * size argument; an empty one still needs an address the guard
	 * knows, for the submit or discard that must follow.
	 */
	if (sample && !size)
		bpf_run_guard_add(sample, 1, true);
	return (unsigned long)sample;
}

const struct bpf_func_proto bpf_ringbuf_reserve_proto = {
	.func		= bpf_ringbuf_reserve,
	.ret_type	= RET_PTR_TO_ALLOC_MEM_OR_NULL,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_CONST_ALLOC_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_ringbuf_submit, void *, sample, u64, flags)
{
	bpf_ringbuf_commit(sample, flags, false);
	return 0;
}

const struct bpf_func_proto bpf_ringbuf_submit_proto = {
	.func		= bpf_ringbuf_submit,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_ALLOC_MEM | OBJ_RELEASE,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_ringbuf_discard, void *, sample, u64, flags)
{
	bpf_ringbuf_commit(sample, flags, true);
	return 0;
}

const struct bpf_func_proto bpf_ringbuf_discard_proto = {
	.func		= bpf_ringbuf_discard,
	.ret_type	= RET_VOID,
	.arg1_type	= ARG_PTR_TO_ALLOC_MEM | OBJ_RELEASE,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_ringbuf_output, struct bpf_map *, map, void *, data, u64, size,
	   u64, flags)
{
	void *rec;

	if (unlikely(flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)))
		return -EINVAL;
	rec = __bpf_ringbuf_reserve(map_to_rb(map), size);
	if (!rec)
		return -EAGAIN;
	memcpy(rec, data, size);
	bpf_ringbuf_commit(rec, flags, false);
	return 0;
}

const struct bpf_func_proto bpf_ringbuf_output_proto = {
	.func		= bpf_ringbuf_output,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_2(bpf_ringbuf_query, struct bpf_map *, map, u64, flags)
{
	struct bpf_ringbuf *rb = map_to_rb(map);

	switch (flags) {
	case BPF_RB_AVAIL_DATA:
		return ringbuf_avail_data_sz(rb);
	case BPF_RB_RING_SIZE:
		return ringbuf_total_data_sz(rb);
	case BPF_RB_CONS_POS:
		return smp_load_acquire(&rb->consumer_pos);
	case BPF_RB_PROD_POS:
		return smp_load_acquire(&rb->producer_pos);
	default:
		return 0;
	}
}

const struct bpf_func_proto bpf_ringbuf_query_proto = {
	.func		= bpf_ringbuf_query,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_ANYTHING,
};

/* ---- consuming records user space produced (BPF_MAP_TYPE_USER_RINGBUF) ---- */

#define DYNPTR_MAX_SIZE		((1UL << 24) - 1)
#define DYNPTR_TYPE_SHIFT	28

static void bpf_dynptr_init_local(struct bpf_dynptr_kern *ptr, void *data, u32 size)
{
	ptr->data = data;
	ptr->offset = 0;
	ptr->size = size | (u32)BPF_DYNPTR_TYPE_LOCAL << DYNPTR_TYPE_SHIFT;
}

/*
 * The next sample, checked as the kernel must check what user space
 * wrote: a producer position of whole records, a length that fits what
 * was published and the ring.  -ENODATA when there is none (yet), and
 * -EAGAIN for a discarded one, which is consumed here.
 */
static int __bpf_user_ringbuf_peek(struct bpf_ringbuf *rb, void **sample, u32 *size)
{
	u32 hdr_len, sample_len, total_len, flags;
	u64 cons_pos, prod_pos;
	u32 *hdr;

	prod_pos = smp_load_acquire(&rb->producer_pos);
	if (prod_pos % 8)
		return -EINVAL;
	cons_pos = smp_load_acquire(&rb->consumer_pos);
	if (cons_pos >= prod_pos)
		return -ENODATA;

	hdr = (u32 *)(rb->data + (cons_pos & rb->mask));
	hdr_len = smp_load_acquire(hdr);
	flags = hdr_len & (BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
	sample_len = hdr_len & ~flags;
	total_len = round_up(sample_len + BPF_RINGBUF_HDR_SZ, 8);

	if (total_len > prod_pos - cons_pos)
		return -EINVAL;
	if (total_len > ringbuf_total_data_sz(rb))
		return -E2BIG;
	if (sample_len > DYNPTR_MAX_SIZE)
		return -E2BIG;

	if (flags & BPF_RINGBUF_DISCARD_BIT) {
		smp_store_release(&rb->consumer_pos, cons_pos + total_len);
		return -EAGAIN;
	}
	if (flags & BPF_RINGBUF_BUSY_BIT)
		return -ENODATA;

	*sample = rb->data + ((cons_pos + BPF_RINGBUF_HDR_SZ) & rb->mask);
	*size = sample_len;
	return 0;
}

static void __bpf_user_ringbuf_sample_release(struct bpf_ringbuf *rb, u32 size)
{
	u32 rounded = round_up(size + BPF_RINGBUF_HDR_SZ, 8);

	/* the busy flag keeps other kernel consumers off consumer_pos */
	smp_store_release(&rb->consumer_pos, rb->consumer_pos + rounded);
}

BPF_CALL_4(bpf_user_ringbuf_drain, struct bpf_map *, map, void *, callback_fn,
	   void *, callback_ctx, u64, flags)
{
	const struct bpf_subprog_entry *entry = callback_fn;
	struct bpf_ringbuf *rb = map_to_rb(map);
	long samples, discarded = 0, ret = 0;
	struct bpf_dynptr_kern dynptr;
	int busy = 0, err;
	void *sample;
	u32 size;

	if (unlikely(flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)))
		return -EINVAL;
	/* one kernel consumer at a time: another drains, this one leaves */
	if (!__atomic_compare_exchange_n(&rb->busy.counter, &busy, 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return -EBUSY;

	for (samples = 0; samples < BPF_MAX_USER_RINGBUF_SAMPLES && ret == 0; samples++) {
		err = __bpf_user_ringbuf_peek(rb, &sample, &size);
		if (err == -ENODATA)
			break;
		if (err == -EAGAIN) {
			discarded++;
			continue;
		}
		if (err) {
			ret = err;
			goto out;
		}
		bpf_dynptr_init_local(&dynptr, sample, size);
		ret = bpf_prog_run_subprog(entry, (u64)(uintptr_t)&dynptr,
					   (u64)(uintptr_t)callback_ctx, 0, 0, 0);
		__bpf_user_ringbuf_sample_release(rb, size);
	}
	ret = samples - discarded;

out:
	/* the positions are stored before another consumer may come */
	__atomic_store_n(&rb->busy.counter, 0, __ATOMIC_RELEASE);
	if (flags & BPF_RB_FORCE_WAKEUP)
		bpf_ringbuf_wake_up(rb);
	else if (!(flags & BPF_RB_NO_WAKEUP) && samples > 0)
		bpf_ringbuf_wake_up(rb);
	return ret;
}

const struct bpf_func_proto bpf_user_ringbuf_drain_proto = {
	.func		= bpf_user_ringbuf_drain,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_FUNC,
	.arg3_type	= ARG_PTR_TO_STACK_OR_NULL,
	.arg4_type	= ARG_ANYTHING,
};

const struct bpf_map_ops ringbuf_map_ops = {
	.map_meta_equal = ringbuf_map_meta_equal,
	.map_alloc_check = ringbuf_map_alloc_check,
	.map_alloc = ringbuf_map_alloc,
	.map_free = ringbuf_map_free,
	.map_mmap_pieces = ringbuf_map_mmap_kern,
	.map_lookup_elem = ringbuf_map_lookup_elem,
	.map_update_elem = ringbuf_map_update_elem,
	.map_delete_elem = ringbuf_map_delete_elem,
	.map_get_next_key = ringbuf_map_get_next_key,
};

const struct bpf_map_ops user_ringbuf_map_ops = {
	.map_meta_equal = ringbuf_map_meta_equal,
	.map_alloc_check = ringbuf_map_alloc_check,
	.map_alloc = ringbuf_map_alloc,
	.map_free = ringbuf_map_free,
	.map_mmap_pieces = ringbuf_map_mmap_user,
	.map_lookup_elem = ringbuf_map_lookup_elem,
	.map_update_elem = ringbuf_map_update_elem,
	.map_delete_elem = ringbuf_map_delete_elem,
	.map_get_next_key = ringbuf_map_get_next_key,
};
