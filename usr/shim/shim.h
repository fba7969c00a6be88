/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_SHIM_H
#define _SYSBPF_SHIM_H

/*
 * The preload shim: libc functions that reach bpf objects or bpffs paths
 * are interposed; everything else goes on to the next definition (libc)
 * found with dlsym(RTLD_NEXT).  An interposer may run before the shim's
 * constructor (other libraries' constructors call close() too): each
 * real function is resolved on first use as well.
 */
#include <linux/compiler.h>
#include <linux/errno.h>
#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <ftw.h>

typedef int (*shim_nftw_fn)(const char *, const struct stat *, int, struct FTW *);

#define SHIM_REAL_FUNCS(X)						\
	X(syscall, long, (long, ...))					\
	X(close, int, (int))						\
	X(close_range, int, (unsigned int, unsigned int, int))		\
	X(dup2, int, (int, int))					\
	X(dup3, int, (int, int, int))					\
	X(mmap, void *, (void *, size_t, int, int, int, off_t))		\
	X(munmap, int, (void *, size_t))				\
	X(open, int, (const char *, int, ...))				\
	X(openat, int, (int, const char *, int, ...))			\
	X(fopen, FILE *, (const char *, const char *))			\
	X(readlink, ssize_t, (const char *, char *, size_t))		\
	X(readlinkat, ssize_t, (int, const char *, char *, size_t))	\
	X(statfs, int, (const char *, struct statfs *))			\
	X(fstatfs, int, (int, struct statfs *))				\
	X(stat, int, (const char *, struct stat *))			\
	X(lstat, int, (const char *, struct stat *))			\
	X(fstatat, int, (int, const char *, struct stat *, int))	\
	X(access, int, (const char *, int))				\
	X(faccessat, int, (int, const char *, int, int))		\
	X(euidaccess, int, (const char *, int))				\
	X(mkdir, int, (const char *, mode_t))				\
	X(mkdirat, int, (int, const char *, mode_t))			\
	X(rmdir, int, (const char *))					\
	X(unlink, int, (const char *))					\
	X(unlinkat, int, (int, const char *, int))			\
	X(rename, int, (const char *, const char *))			\
	X(renameat, int, (int, const char *, int, const char *))	\
	X(renameat2, int, (int, const char *, int, const char *, unsigned int)) \
	X(chmod, int, (const char *, mode_t))				\
	X(fchmodat, int, (int, const char *, mode_t, int))		\
	X(mount, int, (const char *, const char *, const char *, unsigned long, const void *)) \
	X(umount, int, (const char *))					\
	X(umount2, int, (const char *, int))				\
	X(setmntent, FILE *, (const char *, const char *))		\
	X(nftw, int, (const char *, shim_nftw_fn, int, int))

struct statfs;
struct stat;

#define SHIM_DECLARE(name, ret, args) \
	extern ret (*real_##name) args;
SHIM_REAL_FUNCS(SHIM_DECLARE)
#undef SHIM_DECLARE

void *shim_dlsym(const char *name);

/* The real function, resolved now if the constructor has not run yet. */
#define SHIM_GETTER(name, ret, args)					\
	static inline __typeof__(real_##name) get_real_##name(void)	\
	{								\
		__typeof__(real_##name) fn = READ_ONCE(real_##name);	\
									\
		if (unlikely(!fn)) {					\
			fn = (__typeof__(fn))shim_dlsym(#name);		\
			WRITE_ONCE(real_##name, fn);			\
		}							\
		return fn;						\
	}
SHIM_REAL_FUNCS(SHIM_GETTER)
#undef SHIM_GETTER
#define REAL(name)	(get_real_##name())

/* Returns r, or -1 with errno = -r for the kernel's negative errno. */
static inline long shim_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* Interposers shared between files of the shim. */
int shim_close_range(unsigned int first, unsigned int last, int flags);
/* /proc/self/fd/N (and its spellings) of this process: N, or -1. */
int shim_proc_fd_path(const char *path, const char *dir);

#endif
