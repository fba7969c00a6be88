// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel shows of bpf fds through /proc: the anon inode names
 * of /proc/self/fd/N (bpftool tells maps from programs by them), the
 * fdinfo text of /proc/self/fdinfo/N (libbpf reads map facts from it on
 * old kernels), bpffs in /proc/mounts (bpftool walks pinned objects of
 * every bpf mount with nftw), and the instance's sysctl
 * kernel.unprivileged_bpf_disabled (test_verifier reads it).
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include "shim.h"
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <mntent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdio_ext.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- /proc/self/fd/N, /proc/<pid>/fdinfo/N, /dev/fd/N ---- */

static const char *skip_number(const char *s, long *val)
{
	char *end;

	if (*s < '0' || *s > '9')
		return NULL;
	errno = 0;
	*val = strtol(s, &end, 10);
	return errno ? NULL : end;
}

int shim_proc_fd_path(const char *path, const char *dir)
{
	size_t dlen = strlen(dir);
	const char *s;
	long v;

	if (!path)
		return -1;
	if (!strcmp(dir, "fd") && !strncmp(path, "/dev/fd/", 8)) {
		s = path + 8;
	} else {
		if (strncmp(path, "/proc/", 6))
			return -1;
		s = path + 6;
		if (!strncmp(s, "self/", 5)) {
			s += 5;
		} else if (!strncmp(s, "thread-self/", 12)) {
			s += 12;
		} else {
			s = skip_number(s, &v);
			if (!s || *s != '/' || v != getpid())
				return -1;
			s++;
		}
		if (strncmp(s, dir, dlen) || s[dlen] != '/')
			return -1;
		s += dlen + 1;
	}
	s = skip_number(s, &v);
	if (!s || *s || v > INT_MAX)
		return -1;
	return (int)v;
}

static const char *file_anon_name(const struct file *f)
{
	return f->f_name ? f->f_name : f->f_op->name;
}

static ssize_t bpf_fd_readlink(const char *path, char *buf, size_t size)
{
	struct file *f;
	char name[128];
	size_t n;
	int fd;

	if (!sysbpf_nr_files())
		return -2;
	fd = shim_proc_fd_path(path, "fd");
	f = fd >= 0 ? sysbpf_file_of_fd(fd) : NULL;
	if (!f)
		return -2;
	n = snprintf(name, sizeof(name), "anon_inode:%s", file_anon_name(f));
	n = min(n, size);
	memcpy(buf, name, n);
	return n;
}

__sysbpf_public ssize_t readlink(const char *path, char *buf, size_t size)
{
	ssize_t n = bpf_fd_readlink(path, buf, size);

	return n != -2 ? n : REAL(readlink)(path, buf, size);
}

__sysbpf_public ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	ssize_t n = path[0] == '/' ? bpf_fd_readlink(path, buf, size) : -2;

	return n != -2 ? n : REAL(readlinkat)(dirfd, path, buf, size);
}

__sysbpf_public ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen)
{
	if (len > buflen)
		abort();
	return readlink(path, buf, len);
}

__sysbpf_public ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf,
					 size_t len, size_t buflen)
{
	if (len > buflen)
		abort();
	return readlinkat(dirfd, path, buf, len);
}

/* The mnt_id and ino lines of the real fdinfo of the pipe. */
static void real_fdinfo_ids(int fd, int *mnt_id, unsigned long *ino)
{
	char path[64], buf[512];
	const char *s;
	ssize_t n;
	int rfd;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	rfd = REAL(open)(path, O_RDONLY | O_CLOEXEC);
	if (rfd < 0)
		return;
	n = read(rfd, buf, sizeof(buf) - 1);
	REAL(close)(rfd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	s = strstr(buf, "mnt_id:");
	if (s)
		*mnt_id = atoi(s + 7);
	s = strstr(buf, "\nino:");
	if (s)
		*ino = strtoul(s + 5, NULL, 10);
}

/* A memfd holding text, read from its start: what a /proc file shows. */
static int memfd_of_text(const char *name, const char *text, size_t n, bool cloexec)
{
	int memfd = memfd_create(name, cloexec ? MFD_CLOEXEC : 0);

	if (memfd < 0)
		return -1;
	if (write(memfd, text, n) != (ssize_t)n || lseek(memfd, 0, SEEK_SET)) {
		int err = errno;

		REAL(close)(memfd);
		errno = err;
		return -1;
	}
	return memfd;
}

/*
 * A memfd holding what 6.1 shows in /proc/self/fdinfo/N of a bpf fd: the
 * generic lines of fs/proc/fd.c, then the object's show_fdinfo.  -2 when
 * fd is not a bpf fd.
 */
static int bpf_fdinfo_open(const char *path, bool cloexec)
{
	unsigned long ino = 0;
	int fd, mnt_id = 0, fdflags, n;
	char text[4096];
	struct fd f;

	if (!sysbpf_nr_files())
		return -2;
	fd = shim_proc_fd_path(path, "fdinfo");
	if (fd < 0)
		return -2;
	f = fdget(fd);
	if (!f.file || f.file == &sysbpf_foreign_file) {
		fdput(f);
		return -2;
	}
	real_fdinfo_ids(fd, &mnt_id, &ino);
	fdflags = fcntl(fd, F_GETFD);
	n = snprintf(text, sizeof(text), "pos:\t0\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n",
		     f.file->f_flags | (fdflags > 0 && (fdflags & FD_CLOEXEC) ? O_CLOEXEC : 0),
		     mnt_id, ino);
	if (f.file->f_op->show_fdinfo)
		f.file->f_op->show_fdinfo(f.file, text + n, sizeof(text) - n);
	fdput(f);
	return memfd_of_text("fdinfo", text, strnlen(text, sizeof(text)), cloexec);
}

/*
 * /proc/sys/kernel/unprivileged_bpf_disabled: the instance's sysctl,
 * which test_verifier reads to decide whether to run its unprivileged
 * cases.  -2 for other paths.
 */
static int bpf_sysctl_open(const char *path, bool cloexec)
{
	char text[16];

	if (strcmp(path, "/proc/sys/kernel/unprivileged_bpf_disabled"))
		return -2;
	snprintf(text, sizeof(text), "%d\n", sysctl_unprivileged_bpf_disabled);
	return memfd_of_text("sysctl", text, strlen(text), cloexec);
}

/*
 * /sys/kernel/btf/vmlinux: when sysbpf's vmlinux BTF is not the host's
 * file (no readable host file, or SYSBPF_VMLINUX_BTF=builtin), the bytes
 * of the one the instance has, so that libbpf finds the ids sysbpf uses.
 * -2 when the host's file is the instance's, or for other paths.
 */
static int bpf_vmlinux_btf_open(const char *path, bool cloexec)
{
	const void *data = NULL;
	u32 size;

	/* false while this thread reads the host file to make the object */
	if (strcmp(path, "/sys/kernel/btf/vmlinux") || !btf_vmlinux_is_builtin())
		return -2;
	data = btf_vmlinux_data(&size);
	if (!data)
		return -2;
	return memfd_of_text("vmlinux", data, size, cloexec);
}

/* A file the instance shows in place of the host's; -2 for other paths. */
static int bpf_special_open(const char *path, bool cloexec)
{
	int ret = bpf_fdinfo_open(path, cloexec);

	if (ret == -2)
		ret = bpf_sysctl_open(path, cloexec);
	if (ret == -2)
		ret = bpf_vmlinux_btf_open(path, cloexec);
	return ret;
}

/* ---- open ---- */

/*
 * fdinfo of a bpf fd, or a path on bpffs (where opening an object says
 * what 6.1 says); -2 for everything else.
 */
static int shim_open_special(int dirfd, const char *path, int flags)
{
	int ret;

	if (path && path[0] == '/' && (flags & O_ACCMODE) == O_RDONLY) {
		ret = bpf_special_open(path, flags & O_CLOEXEC);
		if (ret != -2)
			return ret;
	}
	ret = bpffs_open(dirfd, path, flags);
	if (ret == BPFFS_PASS)
		return -2;
	return (int)shim_ret(ret);
}

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(ap, mode_t) : 0;
}

__sysbpf_public int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int ret;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	ret = shim_open_special(AT_FDCWD, path, flags);
	return ret != -2 ? ret : REAL(open)(path, flags, mode);
}

__sysbpf_public int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;
	int ret;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	ret = shim_open_special(dirfd, path, flags);
	return ret != -2 ? ret : REAL(openat)(dirfd, path, flags, mode);
}

__sysbpf_public int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return open(path, flags | O_LARGEFILE, mode);
}

__sysbpf_public int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	return openat(dirfd, path, flags | O_LARGEFILE, mode);
}

/* The _FORTIFY_SOURCE entries: the same, without a mode. */
__sysbpf_public int __open_2(const char *path, int flags)
{
	return open(path, flags);
}

__sysbpf_public int __open64_2(const char *path, int flags)
{
	return open64(path, flags);
}

__sysbpf_public int __openat_2(int dirfd, const char *path, int flags)
{
	return openat(dirfd, path, flags);
}

__sysbpf_public int __openat64_2(int dirfd, const char *path, int flags)
{
	return openat64(dirfd, path, flags);
}

/* fopen's open is libc-internal: the special paths are caught here. */
__sysbpf_public FILE *fopen(const char *path, const char *mode)
{
	bool rdonly = mode && mode[0] == 'r' && !strchr(mode, '+');
	int fd, err;
	FILE *fp;

	if (path && path[0] == '/' && rdonly) {
		fd = bpf_special_open(path, strchr(mode, 'e') != NULL);
		if (fd >= 0) {
			fp = fdopen(fd, mode);
			if (!fp) {
				err = errno;
				REAL(close)(fd);
				errno = err;
			}
			return fp;
		}
		if (fd == -1)
			return NULL;
	}
	fd = bpffs_open(AT_FDCWD, path, rdonly ? O_RDONLY : O_RDWR);
	if (fd != BPFFS_PASS) {
		shim_ret(fd < 0 ? fd : -EIO);
		return NULL;
	}
	return REAL(fopen)(path, mode);
}

__sysbpf_public FILE *fopen64(const char *path, const char *mode)
{
	return fopen(path, mode);
}

/* ---- /proc/mounts ---- */

static bool is_mounts_file(const char *path)
{
	long pid;
	const char *s;

	if (!path)
		return false;
	if (!strcmp(path, "/proc/mounts") || !strcmp(path, "/proc/self/mounts") ||
	    !strcmp(path, "/etc/mtab"))
		return true;
	if (strncmp(path, "/proc/", 6))
		return false;
	s = skip_number(path + 6, &pid);
	return s && pid == getpid() && !strcmp(s, "/mounts");
}

/*
 * The mount table as the process sees it: the real one, less the real
 * bpf mounts (the instance's bpffs hides them), plus the instance's.
 */
__sysbpf_public FILE *setmntent(const char *file, const char *mode)
{
	char *line = NULL, fstype[64], *buf;
	size_t cap = 0, size;
	FILE *real, *fp;
	ssize_t n;
	int memfd;

	if (!is_mounts_file(file) || !mode || mode[0] != 'r')
		return REAL(setmntent)(file, mode);
	real = REAL(setmntent)(file, mode);
	memfd = memfd_create("mounts", MFD_CLOEXEC);
	if (memfd < 0) {
		return real;
	}
	while (real && (n = getline(&line, &cap, real)) > 0) {
		if (sscanf(line, "%*s %*s %63s", fstype) == 1 && !strcmp(fstype, "bpf"))
			continue;
		if (write(memfd, line, n) != n)
			break;
	}
	free(line);
	if (real)
		endmntent(real);
	size = bpffs_show_mounts(NULL, 0) + 1;
	buf = malloc(size);
	if (buf) {
		size = bpffs_show_mounts(buf, size);
		if (write(memfd, buf, size) != (ssize_t)size)
			size = 0;
		free(buf);
	}
	lseek(memfd, 0, SEEK_SET);
	fp = fdopen(memfd, "re");
	if (!fp) {
		REAL(close)(memfd);
		return NULL;
	}
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	return fp;
}

/* ---- nftw over bpffs ---- */

struct nftw_ctx {
	shim_nftw_fn fn;
	int flags;
	int ret;
};

#define NFTW_STOP	2

static int nftw_visit(const char *path, const struct stat *st, int level, void *arg)
{
	struct nftw_ctx *ctx = arg;
	const char *base = strrchr(path, '/');
	struct FTW ftw = {
		.base = base && base[1] ? (int)(base - path + 1) : 0,
		.level = level,
	};
	int type = S_ISDIR(st->st_mode) ? (ctx->flags & FTW_DEPTH ? FTW_DP : FTW_D) : FTW_F;
	int ret = ctx->fn(path, st, type, &ftw);

	if (!ret)
		return 0;
	/* FTW_ACTIONRETVAL: only FTW_STOP stops; skips walk on here */
	if ((ctx->flags & FTW_ACTIONRETVAL) && ret != FTW_STOP)
		return 0;
	ctx->ret = ret;
	return NFTW_STOP;
}

__sysbpf_public int nftw(const char *path, shim_nftw_fn fn, int nopenfd, int flags)
{
	struct nftw_ctx ctx = { fn, flags, 0 };
	int ret = bpffs_walk(path, flags & FTW_DEPTH, nftw_visit, &ctx);

	if (ret == BPFFS_PASS)
		return REAL(nftw)(path, fn, nopenfd, flags);
	if (ret == NFTW_STOP)
		return ctx.ret;
	return (int)shim_ret(ret);
}

__sysbpf_public int nftw64(const char *path, __nftw64_func_t fn, int nopenfd, int flags)
{
	/* struct stat64 is struct stat on 64-bit */
	return nftw(path, (shim_nftw_fn)fn, nopenfd, flags);
}
