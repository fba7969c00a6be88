/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_PERF_EVENT_H
#define _SYSBPF_LINUX_PERF_EVENT_H

/*
 * Perf events as BPF programs see them (kernel/perf_event.c).
 *
 * The events are the host kernel's: perf_event_open() goes to the real
 * system call, and the fd the user gets is a real perf event fd.  What
 * the kernel cannot do for us is let BPF_OUTPUT samples that sysbpf's
 * programs emit into the event's ring buffer: user space may not write
 * the data pages of a kernel perf ring.  So for software BPF_OUTPUT
 * events the shim hands the ring to us: it tells us of each
 * perf_event_open() (perf_event_opened), the mmap() of such an event's
 * fd maps a ring that we own and write as the kernel would
 * (perf_event_mmap_user: the same perf_event_mmap_page header and
 * PERF_RECORD_SAMPLE/PERF_RECORD_LOST records), and epoll_ctl() on the
 * fd watches an eventfd that we signal at each wakeup the kernel would
 * make (perf_event_poll_fd).  libbpf's perf_buffer works unchanged.
 */
#include_next <linux/perf_event.h>
#include <linux/types.h>
#include <sys/types.h>

struct perf_event;

/* The shim: a successful perf_event_open(attr, pid, cpu, group_fd, flags) gave fd. */
void perf_event_opened(int fd, const struct perf_event_attr *attr, pid_t pid,
		       int cpu, unsigned long flags);
/*
 * The shim's mmap() of a non-bpf fd: PERF_MMAP_PASS when fd is not an
 * event whose ring we keep (the real mmap goes on), else the mapping or
 * MAP_FAILED with errno set.
 */
#define PERF_MMAP_PASS	((void *)-2L)
void *perf_event_mmap_user(void *addr, size_t len, int prot, int flags, int fd,
			   off_t off);
/* The shim's epoll_ctl(): the fd to watch instead of fd, or -1. */
int perf_event_poll_fd(int fd);

/*
 * The event behind a user fd, referenced (6.1's perf_event_get): -EBADF
 * for an fd that is not open or not a perf event.  The reference keeps
 * the kernel's event open (a private dup of the fd) and our ring.
 */
struct perf_event *perf_event_get(int fd);
void perf_event_put(struct perf_event *event);
/* attr.inherit: BPF cannot read or write such events (-EOPNOTSUPP in 6.1). */
bool perf_event_inherits(const struct perf_event *event);

/* A piece of a raw sample (6.1's perf_raw_frag): copy(dst, src, off, len) or memcpy. */
struct perf_raw_frag {
	const void *data;
	unsigned long size;
	unsigned long (*copy)(void *dst, const void *src, unsigned long off,
			      unsigned long len);
};

/*
 * bpf_perf_event_output() into event from the current CPU (6.1's
 * __bpf_perf_event_output once the slot is found): -EINVAL if it is not
 * a software BPF_OUTPUT event, -EOPNOTSUPP if it is not on this CPU (or
 * its ring is not one we write), -ENOSPC if the ring has no room (the
 * sample is counted lost) or is not mapped.
 */
int perf_event_output_bpf(struct perf_event *event,
			  const struct perf_raw_frag *frags, int nr_frags);
/* 6.1's perf_event_read_local(): the count, and enabled/running times. */
int perf_event_read_local(struct perf_event *event, u64 *value, u64 *enabled,
			  u64 *running);

#endif
