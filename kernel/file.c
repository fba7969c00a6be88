// SPDX-License-Identifier: GPL-2.0
/*
 * Files of bpf objects, as real fds of the process.
 *
 * A file is a pipe: the user gets the write end, the instance keeps the
 * read end (hup_fd).  The kernel releases a file when the last fd that
 * refers to it goes away, wherever that fd went (dup, fork, SCM_RIGHTS);
 * a pipe's read end sees POLLHUP at exactly that moment, so the instance
 * learns it without having to see every close.
 *
 * A file is found from any fd by the pipe's inode (fstat), and, on the
 * hot path of every command, from a table indexed by fd number that is
 * read without locks (RCU) and filled as fds are seen.  Everything else
 * (the inode hash, the table's growth, release) is under one mutex.
 *
 * Reference counting follows the kernel: f_count counts the instance's
 * references (fdget, mmap, ...) plus one for all the user's fds together,
 * dropped when POLLHUP says they are gone.  ->release() runs when f_count
 * reaches zero.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* The fd table: per fd number, a file, the internal marker, or NULL. */
struct fdtable {
	unsigned int max_fds;
	struct rcu_head rcu;
	struct file *fd[];
};

#define FILE_HASH_BITS	8
#define FILE_HASH_SIZE	(1U << FILE_HASH_BITS)

static const struct file_operations foreign_fops = {
	.name = "foreign",
};

/*
 * fdget() of an fd that is open but not a bpf object: commands that want
 * a bpf object fail it on the f_op, as the kernel does for a socket.
 */
struct file sysbpf_foreign_file = {
	.f_op = &foreign_fops,
	.f_count = ATOMIC_INIT(1),
	.hup_fd = -1,
};

/* The slot of an instance-internal fd: neither a file nor the user's. */
static struct file internal_marker;
#define FD_INTERNAL	(&internal_marker)

static DEFINE_MUTEX(file_lock);
static struct file *file_hash[FILE_HASH_SIZE];
static struct fdtable __rcu *fdt;
static int nr_files;
static int nr_internal;
static dev_t pipefs_dev;
static bool pipefs_dev_known;
static int internal_floor = -1;

static unsigned int file_hashfn(ino_t ino)
{
	return (unsigned int)((u64)ino * 0x9E3779B97F4A7C15ULL >> (64 - FILE_HASH_BITS));
}

static bool is_real_file(const struct file *f)
{
	return f && f != FD_INTERNAL && f != &sysbpf_foreign_file;
}

/* Our atomic.h has no atomic_inc_not_zero for atomic_t. */
static bool file_count_inc_not_zero(struct file *f)
{
	int c = atomic_read(&f->f_count);

	do {
		if (c == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&f->f_count.counter, &c, c + 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return true;
}

static bool nothing_tracked(void)
{
	return !READ_ONCE(nr_files) && !READ_ONCE(nr_internal);
}

/* ---- the fd table: lock-free reads, writes under file_lock ---- */

static void fdtable_free_rcu(struct rcu_head *head)
{
	rcu_callback_enter();
	kfree(container_of(head, struct fdtable, rcu));
}

static int fdtable_expand_locked(unsigned int nr)
{
	struct fdtable *old = rcu_dereference_protected(fdt, 1);
	struct fdtable *new;
	unsigned int size = old ? old->max_fds : 0;

	if (nr < size)
		return 0;
	size = max_t(unsigned int, 64, size);
	while (size <= nr)
		size *= 2;
	new = kzalloc(sizeof(*new) + size * sizeof(new->fd[0]), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->max_fds = size;
	if (old)
		memcpy(new->fd, old->fd, old->max_fds * sizeof(old->fd[0]));
	rcu_assign_pointer(fdt, new);
	if (old)
		call_rcu(&old->rcu, fdtable_free_rcu);
	return 0;
}

static struct file *fdtable_get_locked(int fd)
{
	struct fdtable *t = rcu_dereference_protected(fdt, 1);

	if (fd < 0 || !t || (unsigned int)fd >= t->max_fds)
		return NULL;
	return t->fd[fd];
}

/* A failed growth only costs an fstat the next time fd is used. */
static void fd_install_locked(int fd, struct file *f)
{
	struct fdtable *t;

	if (fd < 0 || (f && fdtable_expand_locked(fd)))
		return;
	t = rcu_dereference_protected(fdt, 1);
	if (t && (unsigned int)fd < t->max_fds)
		WRITE_ONCE(t->fd[fd], f);
}

/* Forgets every slot still naming f: fds closed where we could not see. */
static void fdtable_forget_file_locked(struct file *f)
{
	struct fdtable *t = rcu_dereference_protected(fdt, 1);
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < t->max_fds; i++)
		if (t->fd[i] == f)
			WRITE_ONCE(t->fd[i], NULL);
}

static struct file *file_lookup_locked(ino_t ino)
{
	struct file *f;

	for (f = file_hash[file_hashfn(ino)]; f; f = f->hash_next)
		if (f->f_ino == ino)
			return f;
	return NULL;
}

static void file_unhash_locked(struct file *f)
{
	struct file **pp = &file_hash[file_hashfn(f->f_ino)];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == f) {
			*pp = f->hash_next;
			return;
		}
	}
}

/* ---- internal fds ---- */

static int get_internal_floor(void)
{
	int floor = READ_ONCE(internal_floor);
	struct rlimit rl;

	if (floor >= 0)
		return floor;
	floor = 512;
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY)
		floor = (int)min_t(rlim_t, rl.rlim_cur / 2, 1024);
	if (floor < 16)
		floor = 16;
	WRITE_ONCE(internal_floor, floor);
	return floor;
}

/*
 * Moves fd above the floor, close-on-exec; keeps it where it is when the
 * limit leaves no room there.  Never called with file_lock held: close()
 * may be the shim's, which looks at the tables.
 */
static int fd_move_up(int fd)
{
	int nfd = fcntl(fd, F_DUPFD_CLOEXEC, get_internal_floor());

	if (nfd < 0) {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		return fd;
	}
	close(fd);
	return nfd;
}

/*
 * Gives the user's end the lowest free number, as the kernel's
 * get_unused_fd_flags() would have, with the close-on-exec flag asked.
 */
static int fd_move_down(int fd, bool cloexec)
{
	int nfd = fcntl(fd, cloexec ? F_DUPFD_CLOEXEC : F_DUPFD, 0);

	if (nfd >= 0 && nfd < fd) {
		close(fd);
		return nfd;
	}
	if (nfd >= 0)
		close(nfd);
	fcntl(fd, F_SETFD, cloexec ? FD_CLOEXEC : 0);
	return fd;
}

int sysbpf_fd_make_internal(int fd)
{
	int nfd;

	if (fd < 0)
		return -EBADF;
	nfd = fd_move_up(fd);
	mutex_lock(&file_lock);
	fd_install_locked(nfd, FD_INTERNAL);
	if (fdtable_get_locked(nfd) == FD_INTERNAL)
		WRITE_ONCE(nr_internal, nr_internal + 1);
	mutex_unlock(&file_lock);
	return nfd;
}

static bool fd_unmark_internal(int fd)
{
	bool was;

	mutex_lock(&file_lock);
	was = fdtable_get_locked(fd) == FD_INTERNAL;
	if (was) {
		fd_install_locked(fd, NULL);
		WRITE_ONCE(nr_internal, nr_internal - 1);
	}
	mutex_unlock(&file_lock);
	return was;
}

int sysbpf_fd_close_internal(int fd)
{
	fd_unmark_internal(fd);
	return close(fd) ? -errno : 0;
}

bool sysbpf_fd_is_internal(int fd)
{
	struct fdtable *t;
	bool ret = false;

	if (fd < 0 || !READ_ONCE(nr_internal))
		return false;
	rcu_read_lock();
	t = rcu_dereference(fdt);
	if (t && (unsigned int)fd < t->max_fds)
		ret = READ_ONCE(t->fd[fd]) == FD_INTERNAL;
	rcu_read_unlock();
	return ret;
}

int sysbpf_fd_next_internal(int fd)
{
	struct fdtable *t;
	int ret = -1;

	if (fd < 0)
		fd = 0;
	if (!READ_ONCE(nr_internal))
		return -1;
	rcu_read_lock();
	t = rcu_dereference(fdt);
	for (; t && (unsigned int)fd < t->max_fds; fd++) {
		if (READ_ONCE(t->fd[fd]) == FD_INTERNAL) {
			ret = fd;
			break;
		}
	}
	rcu_read_unlock();
	return ret;
}

int sysbpf_fd_evict_internal(int fd)
{
	struct file *owner = NULL;
	unsigned int i;
	int nfd;

	mutex_lock(&file_lock);
	if (fdtable_get_locked(fd) != FD_INTERNAL) {
		mutex_unlock(&file_lock);
		return 0;
	}
	for (i = 0; i < FILE_HASH_SIZE && !owner; i++) {
		struct file *f;

		for (f = file_hash[i]; f; f = f->hash_next) {
			if (f->hup_fd == fd) {
				owner = f;
				break;
			}
		}
	}
	if (!owner) {
		mutex_unlock(&file_lock);
		return -EBUSY;
	}
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, get_internal_floor());
	if (nfd < 0)
		nfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (nfd < 0) {
		mutex_unlock(&file_lock);
		return -EBUSY;
	}
	fd_install_locked(nfd, FD_INTERNAL);
	fd_install_locked(fd, NULL);
	WRITE_ONCE(owner->hup_fd, nfd);
	mutex_unlock(&file_lock);
	close(fd);
	return 0;
}

/* ---- files ---- */

static fmode_t fmode_of_flags(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ | FMODE_CAN_READ;
	case O_WRONLY:
		return FMODE_WRITE | FMODE_CAN_WRITE;
	default:
		return FMODE_READ | FMODE_WRITE | FMODE_CAN_READ | FMODE_CAN_WRITE;
	}
}

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	struct file *f;
	struct stat st;
	int p[2], err;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	if (pipe2(p, O_CLOEXEC)) {
		err = -errno;
		kfree(f);
		return err;
	}
	p[0] = fd_move_up(p[0]);
	p[1] = fd_move_down(p[1], flags & O_CLOEXEC);
	if (fstat(p[1], &st)) {
		err = -errno;
		close(p[0]);
		close(p[1]);
		kfree(f);
		return err;
	}
	f->f_op = fops;
	f->private_data = priv;
	f->f_flags = flags & O_ACCMODE;
	f->f_mode = fmode_of_flags(flags);
	atomic_set(&f->f_count, 1);
	f->f_user = 1;
	f->hup_fd = p[0];
	f->f_ino = st.st_ino;
	f->f_name = name;

	mutex_lock(&file_lock);
	pipefs_dev = st.st_dev;
	pipefs_dev_known = true;
	f->hash_next = file_hash[file_hashfn(f->f_ino)];
	file_hash[file_hashfn(f->f_ino)] = f;
	WRITE_ONCE(nr_files, nr_files + 1);
	fd_install_locked(p[0], FD_INTERNAL);
	if (fdtable_get_locked(p[0]) == FD_INTERNAL)
		WRITE_ONCE(nr_internal, nr_internal + 1);
	fd_install_locked(p[1], f);
	mutex_unlock(&file_lock);
	return p[1];
}

static void file_free_rcu(struct rcu_head *head)
{
	rcu_callback_enter();
	kfree(container_of(head, struct file, f_rcu));
}

static void __fput(struct file *f)
{
	mutex_lock(&file_lock);
	file_unhash_locked(f);
	fdtable_forget_file_locked(f);
	if (fdtable_get_locked(f->hup_fd) == FD_INTERNAL) {
		fd_install_locked(f->hup_fd, NULL);
		WRITE_ONCE(nr_internal, nr_internal - 1);
	}
	WRITE_ONCE(nr_files, nr_files - 1);
	mutex_unlock(&file_lock);

	if (f->f_op && f->f_op->release)
		f->f_op->release(NULL, f);
	close(f->hup_fd);
	call_rcu(&f->f_rcu, file_free_rcu);
}

struct file *get_file(struct file *f)
{
	if (is_real_file(f))
		atomic_inc(&f->f_count);
	return f;
}

void fput(struct file *f)
{
	if (is_real_file(f) && atomic_dec_and_test(&f->f_count))
		__fput(f);
}

/* The user's fds are all gone: drop the reference they held, once. */
static void file_drop_user(struct file *f)
{
	if (__atomic_exchange_n(&f->f_user, 0, __ATOMIC_SEQ_CST))
		fput(f);
}

/*
 * Every copy of the write end is closed.  A read end closed behind our
 * back (POLLNVAL) tells nothing: the file stays, a leak rather than a
 * release under the user's feet.
 */
static bool file_hung_up(const struct file *f)
{
	struct pollfd p = { .fd = READ_ONCE(f->hup_fd), .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) && !(p.revents & POLLNVAL);
}

static struct file *fdget_slow(int fd)
{
	struct file *f;
	struct stat st;
	int fl;

	if (fd < 0 || fstat(fd, &st))
		return NULL;
	if (!S_ISFIFO(st.st_mode))
		return &sysbpf_foreign_file;
	/* our read ends share the inode but are not the user's to pass */
	fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return NULL;
	if ((fl & O_ACCMODE) != O_WRONLY)
		return &sysbpf_foreign_file;

	mutex_lock(&file_lock);
	if (fdtable_get_locked(fd) == FD_INTERNAL) {
		mutex_unlock(&file_lock);
		return NULL;
	}
	if (!pipefs_dev_known || st.st_dev != pipefs_dev) {
		mutex_unlock(&file_lock);
		return &sysbpf_foreign_file;
	}
	f = file_lookup_locked(st.st_ino);
	if (!f) {
		mutex_unlock(&file_lock);
		return &sysbpf_foreign_file;
	}
	/* on its way out: the fd is being closed by another thread */
	if (!READ_ONCE(f->f_user) || !file_count_inc_not_zero(f)) {
		mutex_unlock(&file_lock);
		return NULL;
	}
	fd_install_locked(fd, f);
	mutex_unlock(&file_lock);
	return f;
}

struct fd fdget(int fd)
{
	struct fdtable *t;
	struct file *f;

	rcu_read_lock();
	t = rcu_dereference(fdt);
	if (likely(t && fd >= 0 && (unsigned int)fd < t->max_fds)) {
		f = READ_ONCE(t->fd[fd]);
		if (f == FD_INTERNAL) {
			rcu_read_unlock();
			return (struct fd){ NULL };
		}
		if (f && READ_ONCE(f->f_user) && file_count_inc_not_zero(f)) {
			rcu_read_unlock();
			return (struct fd){ f };
		}
	}
	rcu_read_unlock();
	return (struct fd){ fdget_slow(fd) };
}

void fdput(struct fd f)
{
	fput(f.file);
}

struct file *sysbpf_file_of_fd(int fd)
{
	struct fd f = fdget(fd);

	if (!is_real_file(f.file))
		return NULL;
	fdput(f);
	return f.file;
}

void sysbpf_fd_closing(int fd)
{
	struct fd f;

	if (!READ_ONCE(nr_files) || fd < 0)
		return;
	f = fdget(fd);
	fdput(f);
}

void sysbpf_fd_closed(int fd)
{
	struct file *f;

	struct fdtable *t;

	if (nothing_tracked() || fd < 0)
		return;
	/* most closed fds were never bpf files: look without the lock first */
	rcu_read_lock();
	t = rcu_dereference(fdt);
	f = t && (unsigned int)fd < t->max_fds ? READ_ONCE(t->fd[fd]) : NULL;
	rcu_read_unlock();
	if (!is_real_file(f))
		return;
	mutex_lock(&file_lock);
	f = fdtable_get_locked(fd);
	if (!is_real_file(f)) {
		mutex_unlock(&file_lock);
		return;
	}
	fd_install_locked(fd, NULL);
	if (!file_count_inc_not_zero(f))
		f = NULL;
	mutex_unlock(&file_lock);
	if (!f)
		return;
	if (file_hung_up(f))
		file_drop_user(f);
	fput(f);
}

void sysbpf_fd_closed_range(unsigned int first, unsigned int last)
{
	struct fdtable *t;
	unsigned int fd;

	if (nothing_tracked())
		return;
	mutex_lock(&file_lock);
	t = rcu_dereference_protected(fdt, 1);
	for (fd = first; t && fd < t->max_fds && fd <= last; fd++)
		if (is_real_file(t->fd[fd]))
			WRITE_ONCE(t->fd[fd], NULL);
	mutex_unlock(&file_lock);
	/* copies made by dup() were never seen: look at every file */
	sysbpf_reap_files();
}

int sysbpf_reap_files(void)
{
	struct pollfd *pfd = NULL;
	struct file **files = NULL;
	int i, n = 0, cap, reaped = 0;

	if (!READ_ONCE(nr_files))
		return 0;
	mutex_lock(&file_lock);
	cap = nr_files;
	files = kcalloc(cap, sizeof(*files), GFP_KERNEL);
	pfd = kcalloc(cap, sizeof(*pfd), GFP_KERNEL);
	if (!files || !pfd) {
		mutex_unlock(&file_lock);
		goto out;
	}
	for (i = 0; i < (int)FILE_HASH_SIZE; i++) {
		struct file *f;

		for (f = file_hash[i]; f && n < cap; f = f->hash_next) {
			if (!READ_ONCE(f->f_user) || !file_count_inc_not_zero(f))
				continue;
			files[n] = f;
			pfd[n].fd = f->hup_fd;
			pfd[n].events = POLLIN;
			n++;
		}
	}
	mutex_unlock(&file_lock);

	if (n && poll(pfd, n, 0) > 0) {
		for (i = 0; i < n; i++) {
			if ((pfd[i].revents & POLLHUP) && !(pfd[i].revents & POLLNVAL)) {
				file_drop_user(files[i]);
				reaped++;
			}
		}
	}
	for (i = 0; i < n; i++)
		fput(files[i]);
out:
	kfree(files);
	kfree(pfd);
	return reaped;
}

int sysbpf_nr_files(void)
{
	return READ_ONCE(nr_files);
}

/*
 * fork() without exec: liburcu-bp wants its reader registry and call_rcu
 * workers quiesced around it, and no thread may hold file_lock across
 * it.  The child gets copies of every file and object (in-process mode
 * has no sharing between processes); its fds stay valid in it.
 */
static void file_atfork_prepare(void)
{
	call_rcu_before_fork();
	urcu_bp_before_fork();
	mutex_lock(&file_lock);
}

static void file_atfork_parent(void)
{
	mutex_unlock(&file_lock);
	urcu_bp_after_fork_parent();
	call_rcu_after_fork_parent();
}

static void file_atfork_child(void)
{
	mutex_unlock(&file_lock);
	urcu_bp_after_fork_child();
	call_rcu_after_fork_child();
}

__attribute__((constructor)) static void file_init(void)
{
	pthread_atfork(file_atfork_prepare, file_atfork_parent, file_atfork_child);
}
