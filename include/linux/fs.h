/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_FS_H
#define _SYSBPF_LINUX_FS_H

#include <linux/types.h>
#include <linux/atomic.h>
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
	atomic_t f_count;	/* instance references; the user's fds are one */
	int hup_fd;		/* read end of the pipe, kept by the instance */
	ino_t f_ino;		/* inode of the pipe: the file's identity */
	struct file *hash_next;
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
 * Called when the user closed an fd: forgets the fd, and releases the
 * file if no copy of its write end remains anywhere.
 */
void sysbpf_fd_closed(int fd);
/* The bpf file an fd refers to, without taking a reference, or NULL. */
struct file *sysbpf_file_of_fd(int fd);
/* Releases every file whose fds are all closed; returns how many. */
int sysbpf_reap_files(void);

#endif
