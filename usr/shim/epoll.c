// SPDX-License-Identifier: GPL-2.0
/*
 * epoll and poll of map fds.
 *
 * The kernel's epoll and poll ask a bpf map's map_poll whether it is
 * ready; a map fd here is a pipe's write end, which never turns
 * readable.  Maps that can be polled (ring buffers) own an eventfd that
 * their wakeups signal (bpf_map_poll_fd()), and these interposers put
 * that eventfd in the place of the map fd: epoll_ctl registers it with
 * the caller's data, poll() waits on it.
 *
 * The kernel's epoll is level-triggered on the map's readiness: after a
 * wakeup the map is reported while it stays ready, and drops off when a
 * wait finds it empty.  An eventfd stays readable until it is read, so
 * before each wait the eventfds registered on that epoll fd are synced
 * with their maps (bpf_map_poll_sync()), which drains them when the
 * ring has emptied.  The registrations are kept here for that, per
 * epoll fd.  An epoll fd closed without EPOLL_CTL_DEL leaves entries
 * behind: epoll_create() of the same number clears them, and those of
 * freed maps go at the next wait.
 *
 * select() is left alone: internal fds live above FD_SETSIZE.
 */
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/perf_event.h>
#include "shim.h"
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>

/* The real libc functions, resolved at first use. */
#define EPOLL_REAL_FUNCS(X)						\
	X(epoll_create, int, (int))					\
	X(epoll_create1, int, (int))					\
	X(epoll_ctl, int, (int, int, int, struct epoll_event *))	\
	X(epoll_wait, int, (int, struct epoll_event *, int, int))	\
	X(epoll_pwait, int, (int, struct epoll_event *, int, int,	\
			     const sigset_t *))				\
	X(epoll_pwait2, int, (int, struct epoll_event *, int,		\
			      const struct timespec *, const sigset_t *)) \
	X(poll, int, (struct pollfd *, nfds_t, int))			\
	X(ppoll, int, (struct pollfd *, nfds_t, const struct timespec *, \
		       const sigset_t *))

#define EPOLL_REAL(name, ret, args)					\
	static ret (*real_##name) args;					\
	static __typeof__(real_##name) get_##name(void)			\
	{								\
		__typeof__(real_##name) fn = READ_ONCE(real_##name);	\
									\
		if (unlikely(!fn)) {					\
			fn = (__typeof__(fn))shim_dlsym(#name);		\
			WRITE_ONCE(real_##name, fn);			\
		}							\
		return fn;						\
	}
EPOLL_REAL_FUNCS(EPOLL_REAL)
#undef EPOLL_REAL

/* The bits of readiness a map reports; the rest are flags of the registration. */
#define POLL_READY_BITS	(EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM | \
			 EPOLLPRI | EPOLLRDBAND | EPOLLWRBAND | EPOLLMSG | \
			 EPOLLRDHUP)

/* A map registered on an epoll fd, by its eventfd. */
struct poll_reg {
	int epfd;
	int poll_fd;
	u32 map_events;		/* what the map reports when ready */
	u32 want;		/* what the caller asked for */
	u64 data;
};

static DEFINE_MUTEX(reg_lock);
static struct poll_reg *regs;
static size_t nr_regs, cap_regs;

/* The eventfd's EPOLLIN stands for the map's events the caller wants. */
static u32 poll_events_to_eventfd(u32 want, u32 map_events)
{
	u32 ev = want & ~POLL_READY_BITS;

	if (want & map_events)
		ev |= EPOLLIN;
	return ev;
}

static u32 poll_events_from_eventfd(u32 got, u32 want, u32 map_events)
{
	u32 ev = got & ~POLL_READY_BITS;

	if (got & EPOLLIN)
		ev |= want & map_events;
	return ev;
}

/* Does the caller see other bits than the eventfd's own EPOLLIN? */
static bool poll_reg_translates(const struct poll_reg *r)
{
	return (r->want & r->map_events) != EPOLLIN;
}

static struct poll_reg *reg_find_locked(int epfd, int poll_fd)
{
	size_t i;

	for (i = 0; i < nr_regs; i++)
		if (regs[i].epfd == epfd && regs[i].poll_fd == poll_fd)
			return &regs[i];
	return NULL;
}

static void reg_remove_locked(struct poll_reg *r)
{
	*r = regs[nr_regs - 1];
	WRITE_ONCE(nr_regs, nr_regs - 1);
	if (!nr_regs) {
		kfree(regs);
		regs = NULL;
		cap_regs = 0;
	}
}

/*
 * An epoll registration succeeded: remember it (event is NULL for
 * EPOLL_CTL_DEL).  A failed growth only loses the sync.
 */
static void reg_update(int epfd, int op, int poll_fd, u32 map_events,
		       const struct epoll_event *event)
{
	struct poll_reg *r, *n;
	size_t cap;

	mutex_lock(&reg_lock);
	r = reg_find_locked(epfd, poll_fd);
	if (op == EPOLL_CTL_DEL) {
		if (r)
			reg_remove_locked(r);
		goto out;
	}
	if (!r) {
		if (nr_regs == cap_regs) {
			cap = max_t(size_t, 8, cap_regs * 2);
			n = krealloc(regs, cap * sizeof(*n), GFP_KERNEL);
			if (!n)
				goto out;
			regs = n;
			cap_regs = cap;
		}
		r = &regs[nr_regs];
		WRITE_ONCE(nr_regs, nr_regs + 1);
	}
	*r = (struct poll_reg){
		.epfd = epfd,
		.poll_fd = poll_fd,
		.map_events = map_events,
		.want = event->events,
		.data = event->data.u64,
	};
out:
	mutex_unlock(&reg_lock);
}

/* A new epoll fd has nothing registered, whatever its number had before. */
static void reg_forget_epfd(int epfd)
{
	size_t i;

	if (epfd < 0 || !READ_ONCE(nr_regs))
		return;
	mutex_lock(&reg_lock);
	for (i = 0; i < nr_regs; i++) {
		if (regs[i].epfd == epfd) {
			reg_remove_locked(&regs[i]);
			i--;
		}
	}
	mutex_unlock(&reg_lock);
}

__sysbpf_public int epoll_create(int size)
{
	int fd = get_epoll_create()(size);

	reg_forget_epfd(fd);
	return fd;
}

__sysbpf_public int epoll_create1(int flags)
{
	int fd = get_epoll_create1()(flags);

	reg_forget_epfd(fd);
	return fd;
}

__sysbpf_public int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	struct epoll_event ev;
	u32 map_events;
	int poll_fd, ret;

	if (!sysbpf_nr_files())
		return get_epoll_ctl()(epfd, op, fd, event);
	poll_fd = perf_event_poll_fd(fd);
	if (poll_fd >= 0) {
		/* a BPF_OUTPUT perf event: each wakeup reported once, as perf_poll() */
		if (event) {
			ev = *event;
			ev.events |= EPOLLET;
			event = &ev;
		}
		return get_epoll_ctl()(epfd, op, poll_fd, event);
	}
	poll_fd = bpf_map_poll_fd(fd, &map_events);
	if (poll_fd < 0)
		return get_epoll_ctl()(epfd, op, fd, event);
	if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_MOD) {
		ret = get_epoll_ctl()(epfd, op, poll_fd, event);
		if (!ret && op == EPOLL_CTL_DEL)
			reg_update(epfd, op, poll_fd, map_events, NULL);
		return ret;
	}
	if (!event) {
		errno = EFAULT;
		return -1;
	}
	ev = *event;
	ev.events = poll_events_to_eventfd(event->events, map_events);
	/* the kernel's ep_insert() polls the file: ready now is reported */
	bpf_map_poll_sync(poll_fd, true);
	ret = get_epoll_ctl()(epfd, op, poll_fd, &ev);
	if (!ret)
		reg_update(epfd, op, poll_fd, map_events, event);
	return ret;
}

/* Before a wait on epfd: each registered ring keeps its wakeup only while ready. */
static bool epoll_sync(int epfd)
{
	bool translate = false;
	size_t i;

	if (!READ_ONCE(nr_regs))
		return false;
	mutex_lock(&reg_lock);
	for (i = 0; i < nr_regs; i++) {
		if (regs[i].epfd != epfd)
			continue;
		if (!bpf_map_poll_sync(regs[i].poll_fd, false)) {
			/* the map is gone, and its eventfd with it */
			reg_remove_locked(&regs[i]);
			i--;
			continue;
		}
		translate |= poll_reg_translates(&regs[i]);
	}
	mutex_unlock(&reg_lock);
	return translate;
}

/*
 * The events of maps whose callers asked for more than EPOLLIN: the
 * registration is found by its data, the only thing epoll gives back.
 */
static void epoll_translate(int epfd, struct epoll_event *events, int n)
{
	struct poll_reg *r;
	size_t j;
	int i;

	mutex_lock(&reg_lock);
	for (i = 0; i < n; i++) {
		for (j = 0; j < nr_regs; j++) {
			r = &regs[j];
			if (r->epfd != epfd || r->data != events[i].data.u64 ||
			    !poll_reg_translates(r))
				continue;
			events[i].events = poll_events_from_eventfd(events[i].events,
								    r->want,
								    r->map_events);
			break;
		}
	}
	mutex_unlock(&reg_lock);
}

static int epoll_wait_done(int epfd, struct epoll_event *events, int ret,
			   bool translate)
{
	int err = errno;

	if (ret > 0 && translate)
		epoll_translate(epfd, events, ret);
	errno = err;
	return ret;
}

__sysbpf_public int epoll_wait(int epfd, struct epoll_event *events, int maxevents,
			       int timeout)
{
	bool translate = epoll_sync(epfd);

	return epoll_wait_done(epfd, events,
			       get_epoll_wait()(epfd, events, maxevents, timeout),
			       translate);
}

__sysbpf_public int epoll_pwait(int epfd, struct epoll_event *events, int maxevents,
				int timeout, const sigset_t *sigmask)
{
	bool translate = epoll_sync(epfd);

	return epoll_wait_done(epfd, events,
			       get_epoll_pwait()(epfd, events, maxevents, timeout,
						 sigmask),
			       translate);
}

__sysbpf_public int epoll_pwait2(int epfd, struct epoll_event *events, int maxevents,
				 const struct timespec *timeout, const sigset_t *sigmask)
{
	bool translate = epoll_sync(epfd);

	return epoll_wait_done(epfd, events,
			       get_epoll_pwait2()(epfd, events, maxevents, timeout,
						  sigmask),
			       translate);
}

/* ---- poll ---- */

#define POLL_INLINE	16

/*
 * poll() of map fds: a copy of the array with each map fd replaced by
 * its eventfd, synced to the map's readiness now, as the kernel's poll
 * asks map_poll before it sleeps.  NULL when no fd is a map that can be
 * polled: the caller's array goes to the real call as it is.
 */
static struct pollfd *poll_substitute(const struct pollfd *fds, nfds_t n,
				      struct pollfd *buf, u32 *map_events)
{
	struct pollfd *copy = NULL;
	u32 events;
	nfds_t i;
	int fd;

	if (!sysbpf_nr_files())
		return NULL;
	for (i = 0; i < n; i++) {
		fd = fds[i].fd >= 0 ? bpf_map_poll_fd(fds[i].fd, &events) : -1;
		if (fd < 0)
			continue;
		if (!copy) {
			copy = n <= POLL_INLINE ? buf :
			       kcalloc(n, sizeof(*copy) + sizeof(*map_events), GFP_KERNEL);
			if (!copy)
				return NULL;
			memcpy(copy, fds, n * sizeof(*copy));
			if (copy != buf)
				map_events = (u32 *)(copy + n);
			memset(map_events, 0, n * sizeof(*map_events));
		}
		map_events[i] = events;
		copy[i].fd = fd;
		copy[i].events = (short)poll_events_to_eventfd((u16)fds[i].events, events);
		bpf_map_poll_sync(fd, true);
	}
	return copy;
}

static int poll_done(struct pollfd *fds, nfds_t n, struct pollfd *copy,
		     struct pollfd *buf, const u32 *map_events, int ret)
{
	int err = errno;
	nfds_t i;

	if (copy != buf)
		map_events = (const u32 *)(copy + n);
	for (i = 0; ret >= 0 && i < n; i++) {
		if (map_events[i])
			fds[i].revents = (short)poll_events_from_eventfd(
				(u16)copy[i].revents, (u16)fds[i].events, map_events[i]);
		else
			fds[i].revents = copy[i].revents;
	}
	if (copy != buf)
		kfree(copy);
	errno = err;
	return ret;
}

/*
 * glibc declares poll's array write-only (access attribute), which it is
 * not: the events are read.  GCC then takes reading it for a read of
 * uninitialized memory.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

__sysbpf_public int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct pollfd buf[POLL_INLINE], *copy;
	u32 map_events[POLL_INLINE];

	copy = poll_substitute(fds, n, buf, map_events);
	if (!copy)
		return get_poll()(fds, n, timeout);
	return poll_done(fds, n, copy, buf, map_events,
			 get_poll()(copy, n, timeout));
}

__sysbpf_public int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts,
			  const sigset_t *sigmask)
{
	struct pollfd buf[POLL_INLINE], *copy;
	u32 map_events[POLL_INLINE];

	copy = poll_substitute(fds, n, buf, map_events);
	if (!copy)
		return get_ppoll()(fds, n, ts, sigmask);
	return poll_done(fds, n, copy, buf, map_events,
			 get_ppoll()(copy, n, ts, sigmask));
}

#pragma GCC diagnostic pop

/* _FORTIFY_SOURCE's entries: the array must hold n entries. */
__sysbpf_public int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		abort();
	return poll(fds, n, timeout);
}

__sysbpf_public int __ppoll_chk(struct pollfd *fds, nfds_t n, const struct timespec *ts,
				const sigset_t *sigmask, size_t fdslen)
{
	if (fdslen / sizeof(*fds) < n)
		abort();
	return ppoll(fds, n, ts, sigmask);
}
