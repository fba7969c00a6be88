// SPDX-License-Identifier: GPL-2.0
/*
 * The fds of bpf objects: close and its cousins tell the instance when
 * fds go away, and mmap of a map fd maps the memory behind the map.
 */
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/perf_event.h>
#include "shim.h"
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define ANON_INODE_FS_MAGIC	0x09041934

/* ---- close ---- */

__sysbpf_public int close(int fd)
{
	int ret, err;

	/* the instance's own fds are not the user's to close */
	if (sysbpf_fd_is_internal(fd)) {
		errno = EBADF;
		return -1;
	}
	sysbpf_fd_closing(fd);
	ret = REAL(close)(fd);
	err = errno;
	/* Linux frees the fd even when close reports an error, but EBADF */
	if (ret == 0 || err != EBADF)
		sysbpf_fd_closed(fd);
	errno = err;
	return ret;
}

/* close_range() that steps over the instance's fds. */
int shim_close_range(unsigned int first, unsigned int last, int flags)
{
	unsigned int lo = first;
	int ret = 0, err = 0;

	if (first > last || (flags & CLOSE_RANGE_CLOEXEC))
		return REAL(close_range)(first, last, flags);
	for (;;) {
		int in = sysbpf_fd_next_internal((int)min_t(unsigned int, lo, INT_MAX));
		bool stop = in < 0 || (unsigned int)in > last;
		unsigned int hi = stop ? last : (unsigned int)in - 1;

		if (stop || (unsigned int)in > lo) {
			ret = REAL(close_range)(lo, hi, flags);
			if (ret) {
				err = errno;
				break;
			}
		}
		if (stop || (unsigned int)in == last)
			break;
		lo = (unsigned int)in + 1;
	}
	sysbpf_fd_closed_range(first, last);
	errno = err;
	return ret;
}

__sysbpf_public int close_range(unsigned int first, unsigned int last, int flags)
{
	return shim_close_range(first, last, flags);
}

__sysbpf_public void closefrom(int lowfd)
{
	int err = errno;

	shim_close_range(lowfd < 0 ? 0 : (unsigned int)lowfd, ~0U, 0);
	errno = err;
}

/* dup2/dup3 close newfd first: the same bookkeeping as close(). */
static int shim_dup(int oldfd, int newfd, int flags, bool three)
{
	int ret, err;

	if (oldfd == newfd)
		return three ? REAL(dup3)(oldfd, newfd, flags) : REAL(dup2)(oldfd, newfd);
	if (sysbpf_fd_is_internal(oldfd)) {
		errno = EBADF;
		return -1;
	}
	if (sysbpf_fd_is_internal(newfd)) {
		err = sysbpf_fd_evict_internal(newfd);
		if (err)
			return (int)shim_ret(err);
	}
	sysbpf_fd_closing(newfd);
	ret = three ? REAL(dup3)(oldfd, newfd, flags) : REAL(dup2)(oldfd, newfd);
	err = errno;
	if (ret >= 0)
		sysbpf_fd_closed(newfd);
	errno = err;
	return ret;
}

__sysbpf_public int dup2(int oldfd, int newfd)
{
	return shim_dup(oldfd, newfd, 0, false);
}

__sysbpf_public int dup3(int oldfd, int newfd, int flags)
{
	return shim_dup(oldfd, newfd, flags, true);
}

/* ---- mmap of map fds ---- */

/*
 * A mapping of a map: it holds a reference on the file, as a vma's
 * vm_file does, and writable ones count in the map's writecnt, which
 * keeps BPF_MAP_FREEZE away.  Split and trimmed as munmap cuts it.
 */
struct bpf_vma {
	unsigned long start, end;
	struct file *file;
	struct bpf_map *map;
	bool writable;
};

static DEFINE_MUTEX(vma_lock);
static struct bpf_vma *vmas;
static size_t nr_vmas, cap_vmas;

static int vma_reserve_locked(size_t more)
{
	struct bpf_vma *n;
	size_t cap;

	if (nr_vmas + more <= cap_vmas)
		return 0;
	cap = max_t(size_t, 8, (nr_vmas + more) * 2);
	n = krealloc(vmas, cap * sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	vmas = n;
	cap_vmas = cap;
	return 0;
}

static void vma_writecnt(struct bpf_map *map, bool writable, int delta)
{
	if (writable)
		atomic64_add(delta, &map->writecnt);
}

/*
 * [start, end) is no longer mapped.  The references of the vmas that
 * went away are dropped after vma_lock: a release may unmap memory.
 */
static void vma_unmap_range(unsigned long start, unsigned long end)
{
	struct file *put[16];
	size_t i, nput = 0;

	if (!READ_ONCE(nr_vmas))
		return;
	mutex_lock(&vma_lock);
	for (i = 0; i < nr_vmas; i++) {
		struct bpf_vma *v = &vmas[i];
		bool left = v->start < start, right = v->end > end;

		if (v->end <= start || v->start >= end)
			continue;
		if (left && right) {
			/* a hole in the middle: two vmas, as split_vma() makes */
			if (vma_reserve_locked(1))
				continue;
			v = &vmas[i];
			vmas[nr_vmas] = *v;
			vmas[nr_vmas].start = end;
			get_file(v->file);
			vma_writecnt(v->map, v->writable, 1);
			WRITE_ONCE(nr_vmas, nr_vmas + 1);
			v->end = start;
		} else if (left) {
			v->end = start;
		} else if (right) {
			v->start = end;
		} else {
			vma_writecnt(v->map, v->writable, -1);
			if (nput == ARRAY_SIZE(put)) {
				/* rare: more than 16 gone at once */
				mutex_unlock(&vma_lock);
				while (nput)
					fput(put[--nput]);
				mutex_lock(&vma_lock);
				i = (size_t)-1;
				continue;
			}
			put[nput++] = v->file;
			*v = vmas[nr_vmas - 1];
			WRITE_ONCE(nr_vmas, nr_vmas - 1);
			i--;
		}
	}
	mutex_unlock(&vma_lock);
	while (nput)
		fput(put[--nput]);
}

static int vma_add(unsigned long start, unsigned long end, struct file *file,
		   struct bpf_map *map, bool writable)
{
	int err;

	mutex_lock(&vma_lock);
	err = vma_reserve_locked(1);
	if (!err) {
		vmas[nr_vmas] = (struct bpf_vma){ start, end, get_file(file), map, writable };
		WRITE_ONCE(nr_vmas, nr_vmas + 1);
	}
	mutex_unlock(&vma_lock);
	return err;
}

static bool map_shared(int flags)
{
	int type = flags & MAP_TYPE;

	return type == MAP_SHARED || type == MAP_SHARED_VALIDATE;
}

/*
 * The pieces of memfds that make [off, off + len) of a map's mmap space:
 * the map's own (map_mmap_pieces), or one piece of the memfd that backs
 * its value area (map_mmap_fd).
 */
static int map_mmap_pieces(struct bpf_map *map, off_t off, size_t len,
			   bool writable, struct bpf_mmap_piece *pieces)
{
	struct stat st;
	off_t base = 0;
	int memfd;

	if (map->ops->map_mmap_pieces)
		return map->ops->map_mmap_pieces(map, off, len, writable, pieces);
	memfd = map->ops->map_mmap_fd(map, &base);
	if (memfd < 0)
		return memfd;
	if (fstat(memfd, &st))
		return -errno;
	if ((u64)off + PAGE_ALIGN((u64)len) > (u64)(st.st_size - base))
		return -EINVAL;
	pieces[0] = (struct bpf_mmap_piece){ .fd = memfd, .off = base + off, .len = len };
	return 1;
}

/*
 * A read-only mapping is made through a read-only open of the memfd, so
 * that mprotect() cannot make it writable, as the kernel clears
 * VM_MAYWRITE.
 */
static void *mmap_piece(void *addr, int prot, int flags,
			const struct bpf_mmap_piece *piece)
{
	char path[64];
	int mfd = -1, err;
	void *p;

	if (!(prot & PROT_WRITE)) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", piece->fd);
		mfd = REAL(open)(path, O_RDONLY | O_CLOEXEC);
	}
	p = REAL(mmap)(addr, piece->len, prot, flags, mfd >= 0 ? mfd : piece->fd,
		       piece->off);
	err = errno;
	if (mfd >= 0)
		REAL(close)(mfd);
	errno = err;
	return p;
}

/*
 * Several pieces (a ring buffer's data pages, twice) must lie back to
 * back: the whole range is reserved first and the pieces mapped over it.
 */
static void *mmap_pieces(void *addr, size_t len, int prot, int flags,
			 const struct bpf_mmap_piece *pieces, int n)
{
	int fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	char *base, *at;
	int i, err;

	if (n == 1)
		return mmap_piece(addr, prot, flags, &pieces[0]);
	base = REAL(mmap)(addr, PAGE_ALIGN(len), PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | fixed, -1, 0);
	if (base == MAP_FAILED)
		return MAP_FAILED;
	flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
	for (i = 0, at = base; i < n; at += pieces[i++].len) {
		if (mmap_piece(at, prot, flags, &pieces[i]) == MAP_FAILED) {
			err = errno;
			REAL(munmap)(base, PAGE_ALIGN(len));
			errno = err;
			return MAP_FAILED;
		}
	}
	return base;
}

/*
 * 6.1's do_mmap() checks on the file, then bpf_map_mmap() and the map's
 * own check of the range; the map gives the memfd pieces that back its
 * mmap space, and that is what gets mapped.
 */
static void *bpf_file_mmap(struct file *file, void *addr, size_t len, int prot,
			   int flags, off_t off)
{
	struct bpf_mmap_piece pieces[BPF_MMAP_MAX_PIECES];
	bool writable = prot & PROT_WRITE;
	struct bpf_map *map;
	int n, err;
	void *p;

	if (!len || (off & (PAGE_SIZE - 1)) || off < 0)
		return (void *)shim_ret(-EINVAL);
	if (map_shared(flags) && writable && !(file->f_mode & FMODE_WRITE))
		return (void *)shim_ret(-EACCES);
	if (!(file->f_mode & FMODE_READ))
		return (void *)shim_ret(-EACCES);
	if (file->f_op != &bpf_map_fops)
		return (void *)shim_ret(-ENODEV);
	map = file->private_data;
	if ((!map->ops->map_mmap_fd && !map->ops->map_mmap_pieces) ||
	    map_value_has_spin_lock(map) ||
	    map_value_has_timer(map))
		return (void *)shim_ret(-ENOTSUPP);
	if (!map_shared(flags))
		return (void *)shim_ret(-EINVAL);

	mutex_lock(&map->freeze_mutex);
	err = 0;
	if (writable) {
		if (READ_ONCE(map->frozen))
			err = -EPERM;
		else if (map->map_flags & BPF_F_RDONLY_PROG)
			err = -EACCES;
		else
			vma_writecnt(map, true, 1);
	}
	mutex_unlock(&map->freeze_mutex);
	if (err)
		return (void *)shim_ret(err);

	n = map_mmap_pieces(map, off, len, writable, pieces);
	if (n < 0) {
		err = n;
		goto out_err;
	}
	p = mmap_pieces(addr, len, prot, flags, pieces, n);
	err = -errno;
	if (p == MAP_FAILED)
		goto out_err;
	if (flags & MAP_FIXED)
		vma_unmap_range((unsigned long)p, (unsigned long)p + PAGE_ALIGN(len));
	if (vma_add((unsigned long)p, (unsigned long)p + PAGE_ALIGN(len), file, map, writable)) {
		REAL(munmap)(p, len);
		err = -ENOMEM;
		goto out_err;
	}
	return p;

out_err:
	vma_writecnt(map, writable, -1);
	return (void *)shim_ret(err);
}

__sysbpf_public void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct fd f;
	void *p;

	if (fd >= 0 && !(flags & MAP_ANONYMOUS) && sysbpf_nr_files()) {
		f = fdget(fd);
		if (f.file && f.file != &sysbpf_foreign_file) {
			p = bpf_file_mmap(f.file, addr, len, prot, flags, off);
			fdput(f);
			return p;
		}
		fdput(f);
	}
	if (fd >= 0 && !(flags & MAP_ANONYMOUS)) {
		/* the ring of a BPF_OUTPUT perf event is one sysbpf writes */
		p = perf_event_mmap_user(addr, len, prot, flags, fd, off);
		if (p != PERF_MMAP_PASS)
			return p;
	}
	p = REAL(mmap)(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED && (flags & MAP_FIXED) && READ_ONCE(nr_vmas)) {
		int err = errno;

		vma_unmap_range((unsigned long)p, (unsigned long)p + PAGE_ALIGN(len));
		errno = err;
	}
	return p;
}

__sysbpf_public void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

__sysbpf_public int munmap(void *addr, size_t len)
{
	int ret = REAL(munmap)(addr, len);

	if (!ret && READ_ONCE(nr_vmas)) {
		int err = errno;

		vma_unmap_range((unsigned long)addr,
				(unsigned long)addr + PAGE_ALIGN(len));
		errno = err;
	}
	return ret;
}

/* ---- fstatfs of an object fd: anon_inodefs, as in the kernel ---- */

__sysbpf_public int fstatfs(int fd, struct statfs *buf)
{
	if (sysbpf_nr_files() && sysbpf_file_of_fd(fd)) {
		memset(buf, 0, sizeof(*buf));
		buf->f_type = ANON_INODE_FS_MAGIC;
		buf->f_bsize = PAGE_SIZE;
		buf->f_frsize = PAGE_SIZE;
		buf->f_namelen = NAME_MAX;
		return 0;
	}
	return REAL(fstatfs)(fd, buf);
}

__sysbpf_public int fstatfs64(int fd, struct statfs64 *buf)
{
	return fstatfs(fd, (struct statfs *)buf);
}
