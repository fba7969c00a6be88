/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_FS_H
#define _SYSBPF_LINUX_FS_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <sys/types.h>

/*
 * A bpf object fd is a real fd of the process: the write end of a pipe.
 * The instance keeps the read end, which sees POLLHUP once every copy of
 * the write end (dup, fork) is closed: the moment the kernel would call
 * ->release() on the file.  The file is found again from any fd copy by
 * the pipe's inode number.
 */
typedef unsigned int fmode_t;
#define FMODE_READ		0x1
#define FMODE_WRITE		0x2
#define FMODE_CAN_READ		0x20000
#define FMODE_CAN_WRITE		0x40000

struct inode;
struct file;

struct file_operations {
	int (*release)(struct inode *inode, struct file *filp);
	ssize_t (*read)(struct file *filp, char *buf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *filp, const char *buf, size_t n, loff_t *pos);
	/* Shows the object in /proc/self/fdinfo/N (fdinfo text). */
	void (*show_fdinfo)(struct file *filp, char *buf, size_t size);
	/* The name readlink(/proc/self/fd/N) gives, e.g. "anon_inode:bpf-map". */
	const char *name;
};

struct file {
	const struct file_operations *f_op;
	void *private_data;
	fmode_t f_mode;
	unsigned int f_flags;	/* O_ACCMODE of the open, as fdinfo shows it */
	atomic_t f_count;	/* instance references; the user's fds are one */
	int f_user;		/* 1 while that one reference is held */
	int hup_fd;		/* read end of the pipe, kept by the instance */
	ino_t f_ino;		/* inode of the pipe: the file's identity */
	const char *f_name;	/* anon inode name: readlink gives "anon_inode:<f_name>" */
	struct file *hash_next;
	struct rcu_head f_rcu;
};

struct fd {
	struct file *file;
};

/*
 * The file of fds that are open but are not bpf objects (a socket, a
 * regular file): commands that want a map say -EINVAL for them, as the
 * kernel does on an f_op mismatch, where a closed fd is -EBADF.
 */
extern struct file sysbpf_foreign_file;

/* Makes a new file and returns its fd (O_CLOEXEC as flags asks), or -errno. */
int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags);
struct fd fdget(int fd);
void fdput(struct fd f);
struct file *get_file(struct file *f);
void fput(struct file *f);

/*
 * Closing, from the interposers of close, dup2, dup3 and close_range:
 * sysbpf_fd_closing(fd) before the real call makes sure the instance
 * knows which file fd is (an fstat, only when bpf files exist and fd was
 * never seen); sysbpf_fd_closed(fd) after it forgets the fd and drops
 * the user reference of that file if no copy of its write end remains
 * anywhere (in this process, its children, or elsewhere).
 */
void sysbpf_fd_closing(int fd);
void sysbpf_fd_closed(int fd);
/* close_range(first, last) succeeded: forget those fds, release what is gone. */
void sysbpf_fd_closed_range(unsigned int first, unsigned int last);
/* The bpf file an fd refers to, without taking a reference, or NULL. */
struct file *sysbpf_file_of_fd(int fd);
/* Releases every file whose fds are all closed; returns how many. */
int sysbpf_reap_files(void);
/* Number of live files (tests, leak checks). */
int sysbpf_nr_files(void);

/*
 * Instance-internal fds (the read ends, memfds backing mmapable maps,
 * timerfds, ...) live in the process's fd table like the user's.  They
 * are kept above a floor (half the RLIMIT_NOFILE soft limit, at most
 * 1024) so that the user's fds are numbered as the kernel numbers them,
 * and the close/close_range/dup2 interposers leave them alone: to the
 * user they are not open.
 *
 * sysbpf_fd_make_internal(fd) moves fd up to the internal range, with
 * FD_CLOEXEC, closes fd and returns the new number (or fd itself if it
 * cannot be moved, marked all the same), or -errno.
 * sysbpf_fd_close_internal(fd) unmarks and closes such an fd: owners
 * must use it rather than close(), which refuses internal fds (EBADF).
 */
int sysbpf_fd_make_internal(int fd);
int sysbpf_fd_close_internal(int fd);
bool sysbpf_fd_is_internal(int fd);
/* The first internal fd >= fd, or -1: close_range steps over them. */
int sysbpf_fd_next_internal(int fd);
/*
 * Frees fd's number for a dup2/dup3 onto it: moves the internal fd
 * elsewhere when the instance can (the read ends of files); -EBUSY when
 * it cannot, as Linux says for a descriptor it cannot replace yet.
 */
int sysbpf_fd_evict_internal(int fd);

/*
 * The in-process bpffs (kernel/bpf/inode.c): a tree of directories and
 * pinned objects at /sys/fs/bpf (or $SYSBPF_BPFFS) and wherever a "bpf"
 * file system is mounted.  The shim's interposers call these with the
 * caller's arguments.  Each returns 0 (or an fd, for bpffs_open) or
 * -errno with the errno of 6.1 for a path on a bpffs, and BPFFS_PASS
 * when the path is not on one: the real call goes on then.  dirfd is as
 * in the *at() calls (AT_FDCWD or a directory fd).
 */
#define BPFFS_PASS	1

struct stat;
struct statfs;

int bpffs_stat(int dirfd, const char *path, struct stat *st);
int bpffs_statfs(const char *path, struct statfs *st);
int bpffs_access(int dirfd, const char *path, int mode, int flags);
int bpffs_mkdir(int dirfd, const char *path, unsigned int mode);
int bpffs_rmdir(int dirfd, const char *path);
int bpffs_unlink(int dirfd, const char *path);
int bpffs_rename(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned int flags);
int bpffs_chmod(int dirfd, const char *path, unsigned int mode);
int bpffs_open(int dirfd, const char *path, int flags);
int bpffs_mount(const char *source, const char *target, const char *type,
		unsigned long flags, const void *data);
int bpffs_umount(const char *target, int flags);
/* Writes one /proc/mounts line per bpffs mount; returns the length. */
size_t bpffs_show_mounts(char *buf, size_t size);
/*
 * Walks the bpffs tree at path, directories first (or after their
 * entries with depth_first), calling fn without any lock held; fn's
 * non-zero return stops the walk and is returned.
 */
typedef int (*bpffs_walk_fn)(const char *path, const struct stat *st,
			     int level, void *arg);
int bpffs_walk(const char *path, bool depth_first, bpffs_walk_fn fn, void *arg);
/* Is path on a bpffs (whether or not it exists)? */
bool bpffs_path_is_bpffs(int dirfd, const char *path);

#endif
