// SPDX-License-Identifier: GPL-2.0
/*
 * Perf events for BPF: the events of the process and the ring buffers of
 * its software BPF_OUTPUT events (see include/linux/perf_event.h).
 *
 * Every event the process opens is recorded by the kernel's event id
 * (PERF_EVENT_IOC_ID), which any dup of the fd answers alike, with what
 * BPF needs of its attr.  Records are dropped once their fd is closed
 * and nothing holds them: checked when new events are opened.
 *
 * The ring of a BPF_OUTPUT event lives in a memfd: one header page
 * (struct perf_event_mmap_page) and 2^n data pages, mapped by us to
 * write and by the user to read, as the kernel's is.  Writing follows
 * 6.1's ring_buffer.c: a record goes in only if it fits below the
 * user's data_tail (else it is counted lost and a PERF_RECORD_LOST goes
 * before the next record that fits), data_head is published with
 * release order, and the reader is woken every wakeup_events records,
 * or when data_head moves a watermark further.
 */
#include <linux/perf_event.h>
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* The sample fields we can write; any other bit leaves the ring to the kernel. */
#define BPF_OUTPUT_SAMPLE_TYPES						\
	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |	\
	 PERF_SAMPLE_TIME | PERF_SAMPLE_ADDR | PERF_SAMPLE_ID |		\
	 PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD |	\
	 PERF_SAMPLE_RAW)

struct perf_buffer {
	int memfd;
	struct perf_event_mmap_page *user_page;	/* our mapping of it all */
	char *data;
	u64 data_size;			/* bytes, a power of two */
	u64 head;
	u64 wakeup;			/* head at the last wakeup mark */
	u64 watermark;
	u64 lost;
	u32 events;
	bool overwrite;			/* mapped read-only: no tail to respect */
};

struct perf_event {
	atomic_t refcnt;		/* the registry's one while open, plus users */
	u64 id;
	int fd;				/* the fd perf_event_open() gave */
	int kfd;			/* our dup while referenced, or -1 */
	int cpu;
	pid_t pid;
	struct perf_event_attr attr;
	bool registered;
	bool ring_ours;			/* a BPF_OUTPUT event whose ring we write */
	int wake_fd;			/* eventfd the user's epoll watches, or -1 */
	spinlock_t lock;		/* output */
	struct perf_buffer *rb;
	struct perf_event *next;
};

static DEFINE_MUTEX(perf_events_lock);
static struct perf_event *perf_events;
static int nr_perf_events;

static bool is_bpf_output(const struct perf_event_attr *attr)
{
	return attr->type == PERF_TYPE_SOFTWARE &&
	       attr->config == PERF_COUNT_SW_BPF_OUTPUT;
}

/* Is fd a kernel perf event?  Its anon inode says so, as f_op does in the kernel. */
static bool fd_is_perf_event(int fd)
{
	char path[64], link[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return false;
	link[n] = '\0';
	return !strcmp(link, "anon_inode:[perf_event]");
}

static int fd_event_id(int fd, u64 *id)
{
	return ioctl(fd, PERF_EVENT_IOC_ID, id) ? -errno : 0;
}

static void perf_buffer_free(struct perf_buffer *rb)
{
	if (!rb)
		return;
	munmap(rb->user_page, PAGE_SIZE + rb->data_size);
	sysbpf_fd_close_internal(rb->memfd);
	kfree(rb);
}

static void perf_event_free(struct perf_event *event)
{
	perf_buffer_free(event->rb);
	if (event->wake_fd >= 0)
		sysbpf_fd_close_internal(event->wake_fd);
	if (event->kfd >= 0)
		sysbpf_fd_close_internal(event->kfd);
	kfree(event);
}

void perf_event_put(struct perf_event *event)
{
	if (event && atomic_dec_and_test(&event->refcnt))
		perf_event_free(event);
}

static struct perf_event *find_event_locked(u64 id)
{
	struct perf_event *e;

	for (e = perf_events; e; e = e->next)
		if (e->id == id)
			return e;
	return NULL;
}

/*
 * Drops the records whose fd no longer names their event (closed, or
 * reused by another file) and that no map slot holds.  The user's
 * mappings of a ring keep its pages, not the record.
 */
static void prune_events_locked(void)
{
	struct perf_event **pp = &perf_events, *e;
	u64 id;

	while ((e = *pp)) {
		if (atomic_read(&e->refcnt) == 1 &&
		    (fd_event_id(e->fd, &id) || id != e->id)) {
			*pp = e->next;
			nr_perf_events--;
			e->registered = false;
			perf_event_put(e);
			continue;
		}
		pp = &e->next;
	}
}

static struct perf_event *perf_event_new(u64 id, int fd)
{
	struct perf_event *event = kzalloc(sizeof(*event), GFP_KERNEL);

	if (!event)
		return NULL;
	atomic_set(&event->refcnt, 1);
	event->id = id;
	event->fd = fd;
	event->kfd = -1;
	event->wake_fd = -1;
	event->cpu = -1;
	spin_lock_init(&event->lock);
	return event;
}

void perf_event_opened(int fd, const struct perf_event_attr *attr, pid_t pid,
		       int cpu, unsigned long flags)
{
	struct perf_event *event;
	u64 id;

	if (fd < 0 || !attr || fd_event_id(fd, &id))
		return;
	event = perf_event_new(id, fd);
	if (!event)
		return;
	memcpy(&event->attr, attr, min_t(size_t, sizeof(event->attr),
					 attr->size ? attr->size : PERF_ATTR_SIZE_VER0));
	event->pid = pid;
	event->cpu = cpu;
	event->ring_ours = is_bpf_output(attr) && !attr->write_backward &&
			   !(attr->sample_type & ~BPF_OUTPUT_SAMPLE_TYPES) &&
			   !attr->sample_id_all;
	if (event->ring_ours) {
		int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

		event->wake_fd = efd >= 0 ? sysbpf_fd_make_internal(efd) : -1;
		if (event->wake_fd < 0)
			event->ring_ours = false;
	}
	mutex_lock(&perf_events_lock);
	prune_events_locked();
	event->registered = true;
	event->next = perf_events;
	perf_events = event;
	WRITE_ONCE(nr_perf_events, nr_perf_events + 1);
	mutex_unlock(&perf_events_lock);
}

/* The record of fd's event, referenced; NULL when fd is no event we know. */
static struct perf_event *lookup_event(int fd)
{
	struct perf_event *event;
	u64 id;

	if (!READ_ONCE(nr_perf_events) || fd < 0 || !fd_is_perf_event(fd) ||
	    fd_event_id(fd, &id))
		return NULL;
	mutex_lock(&perf_events_lock);
	event = find_event_locked(id);
	if (event)
		atomic_inc(&event->refcnt);
	mutex_unlock(&perf_events_lock);
	return event;
}

struct perf_event *perf_event_get(int fd)
{
	struct perf_event *event;
	int kfd;
	u64 id;

	if (fd < 0 || !fd_is_perf_event(fd) || fd_event_id(fd, &id))
		return ERR_PTR(-EBADF);
	event = lookup_event(fd);
	if (!event) {
		/* opened behind our back: an event we know nothing of */
		event = perf_event_new(id, fd);
		if (!event)
			return ERR_PTR(-ENOMEM);
	}
	/* like the kernel's file reference: the event stays open while held */
	mutex_lock(&perf_events_lock);
	if (event->kfd < 0) {
		kfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (kfd >= 0)
			event->kfd = sysbpf_fd_make_internal(kfd);
	}
	mutex_unlock(&perf_events_lock);
	return event;
}

bool perf_event_inherits(const struct perf_event *event)
{
	return event->attr.inherit;
}

/* ---- the ring ---- */

static bool map_is_shared(int flags)
{
	int type = flags & MAP_TYPE;

	return type == MAP_SHARED || type == MAP_SHARED_VALIDATE;
}

static struct perf_buffer *perf_buffer_alloc(const struct perf_event *event,
					     u64 nr_pages, bool overwrite)
{
	struct perf_buffer *rb = kzalloc(sizeof(*rb), GFP_KERNEL);
	u64 size = (nr_pages + 1) * PAGE_SIZE;
	void *base;
	int fd;

	if (!rb)
		return NULL;
	fd = memfd_create("perf-event-ring", MFD_CLOEXEC);
	if (fd < 0)
		goto err;
	if (ftruncate(fd, (off_t)size)) {
		close(fd);
		goto err;
	}
	rb->memfd = sysbpf_fd_make_internal(fd);
	if (rb->memfd < 0)
		goto err;
	base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, rb->memfd, 0);
	if (base == MAP_FAILED) {
		sysbpf_fd_close_internal(rb->memfd);
		goto err;
	}
	rb->user_page = base;
	rb->data = (char *)base + PAGE_SIZE;
	rb->data_size = nr_pages * PAGE_SIZE;
	rb->overwrite = overwrite;
	if (event->attr.watermark && event->attr.wakeup_watermark)
		rb->watermark = min_t(u64, rb->data_size, event->attr.wakeup_watermark);
	if (!rb->watermark)
		rb->watermark = rb->data_size / 2;
	rb->user_page->version = 0;
	rb->user_page->compat_version = 0;
	rb->user_page->data_offset = PAGE_SIZE;
	rb->user_page->data_size = rb->data_size;
	return rb;
err:
	kfree(rb);
	return NULL;
}

/*
 * 6.1's perf_mmap() for the main ring: offset 0, shared, one header
 * page and a power of two of data pages; a second mapping must have the
 * same size and shares the ring.
 */
void *perf_event_mmap_user(void *addr, size_t len, int prot, int flags, int fd,
			   off_t off)
{
	struct perf_event *event;
	u64 nr_pages;
	void *p;
	int err = 0;

	if (!READ_ONCE(nr_perf_events))
		return PERF_MMAP_PASS;
	event = lookup_event(fd);
	if (!event)
		return PERF_MMAP_PASS;
	if (!event->ring_ours) {
		perf_event_put(event);
		return PERF_MMAP_PASS;
	}
	nr_pages = len / PAGE_SIZE;
	if (off || !map_is_shared(flags) || len % PAGE_SIZE || !nr_pages ||
	    (nr_pages - 1 && !is_power_of_2(nr_pages - 1))) {
		err = EINVAL;
		goto out;
	}
	nr_pages--;
	mutex_lock(&perf_events_lock);
	if (!event->rb)
		/* output reads it without this lock: publish it whole */
		smp_store_release(&event->rb,
				  perf_buffer_alloc(event, nr_pages, !(prot & PROT_WRITE)));
	if (!event->rb)
		err = ENOMEM;
	else if (event->rb->data_size != nr_pages * PAGE_SIZE)
		err = EINVAL;
	mutex_unlock(&perf_events_lock);
	if (err)
		goto out;
	p = mmap(addr, len, prot, flags, event->rb->memfd, 0);
	perf_event_put(event);
	return p;
out:
	perf_event_put(event);
	errno = err;
	return MAP_FAILED;
}

int perf_event_poll_fd(int fd)
{
	struct perf_event *event = lookup_event(fd);
	int wake_fd;

	if (!event)
		return -1;
	wake_fd = event->ring_ours ? event->wake_fd : -1;
	perf_event_put(event);
	return wake_fd;
}

/* ---- output ---- */

static void rb_write(struct perf_buffer *rb, u64 *head, const void *src, u64 len)
{
	while (len) {
		u64 off = *head & (rb->data_size - 1);
		u64 n = min_t(u64, len, rb->data_size - off);

		memcpy(rb->data + off, src, n);
		src = (const char *)src + n;
		len -= n;
		*head += n;
	}
}

/* Copies a fragment that has its own copy routine through a bounce buffer. */
static void rb_write_frag(struct perf_buffer *rb, u64 *head,
			  const struct perf_raw_frag *frag)
{
	char buf[256];
	unsigned long off = 0, n;

	if (!frag->copy) {
		rb_write(rb, head, frag->data, frag->size);
		return;
	}
	while (off < frag->size) {
		n = min_t(unsigned long, sizeof(buf), frag->size - off);
		if (frag->copy(buf, frag->data, off, n))
			memset(buf, 0, n);
		rb_write(rb, head, buf, n);
		off += n;
	}
}

static u64 perf_clock_now(const struct perf_event *event)
{
	clockid_t clk = event->attr.use_clockid ? (clockid_t)event->attr.clockid :
						  CLOCK_MONOTONIC;
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

/* The fixed fields of a sample, in 6.1's perf_output_sample() order. */
static u32 sample_fixed_fields(const struct perf_event *event, u64 *out)
{
	u64 type = event->attr.sample_type;
	u32 n = 0;

	if (type & PERF_SAMPLE_IDENTIFIER)
		out[n++] = event->id;
	if (type & PERF_SAMPLE_IP)
		out[n++] = 0;
	if (type & PERF_SAMPLE_TID)
		out[n++] = (u64)(u32)getpid() | (u64)(u32)syscall(SYS_gettid) << 32;
	if (type & PERF_SAMPLE_TIME)
		out[n++] = perf_clock_now(event);
	if (type & PERF_SAMPLE_ADDR)
		out[n++] = 0;
	if (type & PERF_SAMPLE_ID)
		out[n++] = event->id;
	if (type & PERF_SAMPLE_STREAM_ID)
		out[n++] = event->id;
	if (type & PERF_SAMPLE_CPU)
		out[n++] = (u64)smp_processor_id();
	/* bpf_perf_event_output() samples carry a period of 0 */
	if (type & PERF_SAMPLE_PERIOD)
		out[n++] = 0;
	return n;
}

/* Is the event counting on this CPU now (6.1: event->oncpu == cpu)? */
static bool event_on_this_cpu(const struct perf_event *event)
{
	if (event->cpu >= 0)
		return (unsigned int)event->cpu == smp_processor_id();
	/* a task's event is on the CPU the task runs on: ours, if it is us */
	return event->pid == 0 || event->pid == getpid() ||
	       event->pid == (pid_t)syscall(SYS_gettid);
}

int perf_event_output_bpf(struct perf_event *event,
			  const struct perf_raw_frag *frags, int nr_frags)
{
	struct perf_event_header hdr;
	struct perf_buffer *rb;
	u64 fields[10], sum = 0, raw_size, size, lost_size = 0, head, tail;
	u32 raw_u32, nr_fields;
	static const u64 zero;
	int i, err = 0;

	if (!is_bpf_output(&event->attr) && event->registered)
		return -EINVAL;
	if (!event->registered || !event->ring_ours)
		return -EOPNOTSUPP;
	if (!event_on_this_cpu(event))
		return -EOPNOTSUPP;

	nr_fields = sample_fixed_fields(event, fields);
	for (i = 0; i < nr_frags; i++)
		sum += frags[i].size;
	size = sizeof(hdr) + nr_fields * sizeof(u64);
	raw_size = 0;
	if (event->attr.sample_type & PERF_SAMPLE_RAW) {
		raw_size = round_up(sum + sizeof(u32), sizeof(u64));
		size += raw_size;
	}
	if (size > U16_MAX)
		return -ENOSPC;

	spin_lock(&event->lock);
	rb = smp_load_acquire(&event->rb);
	if (!rb || !rb->data_size) {
		err = -ENOSPC;
		goto out;
	}
	if (rb->lost)
		lost_size = sizeof(struct perf_event_header) + 2 * sizeof(u64);
	head = rb->head;
	if (!rb->overwrite) {
		tail = smp_load_acquire(&rb->user_page->data_tail);
		/* the kernel's CIRC_SPACE: one byte always stays free */
		if (((tail - (head + 1)) & (rb->data_size - 1)) < size + lost_size) {
			rb->lost++;
			err = -ENOSPC;
			goto out;
		}
	}
	if (lost_size) {
		struct {
			struct perf_event_header header;
			u64 id;
			u64 lost;
		} lost_event = {
			.header = { .type = PERF_RECORD_LOST, .size = sizeof(lost_event) },
			.id = event->id,
			.lost = rb->lost,
		};

		rb_write(rb, &head, &lost_event, sizeof(lost_event));
		rb->lost = 0;
	}
	hdr.type = PERF_RECORD_SAMPLE;
	hdr.misc = PERF_RECORD_MISC_KERNEL;
	hdr.size = (u16)size;
	rb_write(rb, &head, &hdr, sizeof(hdr));
	rb_write(rb, &head, fields, nr_fields * sizeof(u64));
	if (event->attr.sample_type & PERF_SAMPLE_RAW) {
		raw_u32 = (u32)(raw_size - sizeof(u32));
		rb_write(rb, &head, &raw_u32, sizeof(raw_u32));
		for (i = 0; i < nr_frags; i++)
			rb_write_frag(rb, &head, &frags[i]);
		rb_write(rb, &head, &zero, raw_size - sizeof(u32) - sum);
	}
	rb->head = head;
	smp_store_release(&rb->user_page->data_head, head);

	/* 6.1's wakeups: a watermark crossed, or wakeup_events records out */
	{
		u64 mark = rb->wakeup;

		if (head - rb->wakeup > rb->watermark)
			rb->wakeup += rb->watermark;
		if (!event->attr.watermark && event->attr.wakeup_events &&
		    ++rb->events >= event->attr.wakeup_events) {
			rb->events -= event->attr.wakeup_events;
			rb->wakeup++;
		}
		if (mark != rb->wakeup) {
			u64 one = 1;

			if (write(event->wake_fd, &one, sizeof(one)) < 0) {
				/* a full counter already says "readable" */
			}
		}
	}
out:
	spin_unlock(&event->lock);
	return err;
}

int perf_event_read_local(struct perf_event *event, u64 *value, u64 *enabled,
			  u64 *running)
{
	u64 buf[8] = {}, fmt = event->attr.read_format;
	u32 i = 1;
	ssize_t n;

	if (event->attr.inherit)
		return -EOPNOTSUPP;
	if (!event_on_this_cpu(event))
		return -EINVAL;
	if (event->kfd < 0 || (fmt & PERF_FORMAT_GROUP))
		return -EOPNOTSUPP;
	n = read(event->kfd, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(u64))
		return -EOPNOTSUPP;
	*value = buf[0];
	if (enabled)
		*enabled = (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED) ? buf[i++] : 0;
	else if (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED)
		i++;
	if (running)
		*running = (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING) ? buf[i] : 0;
	return 0;
}
