// SPDX-License-Identifier: GPL-2.0
/*
 * Path calls that may name a bpffs path: served by the in-process bpffs
 * (kernel/bpf/inode.c) when they do, passed on to libc when they do not.
 */
#include <linux/fs.h>
#include "shim.h"
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* The bpffs answer, or the real call's when the path is not on bpffs. */
#define BPFFS_OR_REAL(bpffs_call, real_call)				\
	({ int __r = (bpffs_call);					\
	   __r == BPFFS_PASS ? (real_call) : (int)shim_ret(__r); })

/* ---- statfs ---- */

__sysbpf_public int statfs(const char *path, struct statfs *buf)
{
	return BPFFS_OR_REAL(bpffs_statfs(path, buf), REAL(statfs)(path, buf));
}

__sysbpf_public int statfs64(const char *path, struct statfs64 *buf)
{
	return statfs(path, (struct statfs *)buf);
}

/* ---- stat ---- */

__sysbpf_public int stat(const char *path, struct stat *st)
{
	return BPFFS_OR_REAL(bpffs_stat(AT_FDCWD, path, st), REAL(stat)(path, st));
}

__sysbpf_public int lstat(const char *path, struct stat *st)
{
	return BPFFS_OR_REAL(bpffs_stat(AT_FDCWD, path, st), REAL(lstat)(path, st));
}

__sysbpf_public int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	const char *p = path;

	/* libc's prototype says nonnull; the kernel says EFAULT */
	__asm__("" : "+r"(p));
	/* AT_EMPTY_PATH with "" is an fstat of dirfd: never a bpffs path */
	if (p && !*p && (flags & AT_EMPTY_PATH))
		return REAL(fstatat)(dirfd, path, st, flags);
	return BPFFS_OR_REAL(bpffs_stat(dirfd, path, st),
			     REAL(fstatat)(dirfd, path, st, flags));
}

__sysbpf_public int stat64(const char *path, struct stat64 *st)
{
	return stat(path, (struct stat *)st);
}

__sysbpf_public int lstat64(const char *path, struct stat64 *st)
{
	return lstat(path, (struct stat *)st);
}

__sysbpf_public int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}

#if defined(__x86_64__)
/* Binaries built against glibc before 2.33 call these instead. */
__sysbpf_public int __xstat(int ver, const char *path, struct stat *st)
{
	return stat(path, st);
}

__sysbpf_public int __lxstat(int ver, const char *path, struct stat *st)
{
	return lstat(path, st);
}

__sysbpf_public int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
	return fstatat(dirfd, path, st, flags);
}

__sysbpf_public int __xstat64(int ver, const char *path, struct stat64 *st)
{
	return stat(path, (struct stat *)st);
}

__sysbpf_public int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	return lstat(path, (struct stat *)st);
}

__sysbpf_public int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}
#endif

/* ---- access ---- */

__sysbpf_public int access(const char *path, int mode)
{
	return BPFFS_OR_REAL(bpffs_access(AT_FDCWD, path, mode, 0), REAL(access)(path, mode));
}

__sysbpf_public int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return BPFFS_OR_REAL(bpffs_access(dirfd, path, mode, flags),
			     REAL(faccessat)(dirfd, path, mode, flags));
}

__sysbpf_public int euidaccess(const char *path, int mode)
{
	return BPFFS_OR_REAL(bpffs_access(AT_FDCWD, path, mode, AT_EACCESS),
			     REAL(euidaccess)(path, mode));
}

__sysbpf_public int eaccess(const char *path, int mode)
{
	return euidaccess(path, mode);
}

/* ---- the namespace ---- */

__sysbpf_public int mkdir(const char *path, mode_t mode)
{
	return BPFFS_OR_REAL(bpffs_mkdir(AT_FDCWD, path, mode), REAL(mkdir)(path, mode));
}

__sysbpf_public int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return BPFFS_OR_REAL(bpffs_mkdir(dirfd, path, mode), REAL(mkdirat)(dirfd, path, mode));
}

__sysbpf_public int rmdir(const char *path)
{
	return BPFFS_OR_REAL(bpffs_rmdir(AT_FDCWD, path), REAL(rmdir)(path));
}

__sysbpf_public int unlink(const char *path)
{
	return BPFFS_OR_REAL(bpffs_unlink(AT_FDCWD, path), REAL(unlink)(path));
}

__sysbpf_public int unlinkat(int dirfd, const char *path, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return REAL(unlinkat)(dirfd, path, flags);
	if (flags & AT_REMOVEDIR)
		return BPFFS_OR_REAL(bpffs_rmdir(dirfd, path), REAL(unlinkat)(dirfd, path, flags));
	return BPFFS_OR_REAL(bpffs_unlink(dirfd, path), REAL(unlinkat)(dirfd, path, flags));
}

__sysbpf_public int rename(const char *oldpath, const char *newpath)
{
	return BPFFS_OR_REAL(bpffs_rename(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0),
			     REAL(rename)(oldpath, newpath));
}

__sysbpf_public int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	return BPFFS_OR_REAL(bpffs_rename(olddirfd, oldpath, newdirfd, newpath, 0),
			     REAL(renameat)(olddirfd, oldpath, newdirfd, newpath));
}

__sysbpf_public int renameat2(int olddirfd, const char *oldpath, int newdirfd,
			      const char *newpath, unsigned int flags)
{
	return BPFFS_OR_REAL(bpffs_rename(olddirfd, oldpath, newdirfd, newpath, flags),
			     REAL(renameat2)(olddirfd, oldpath, newdirfd, newpath, flags));
}

__sysbpf_public int chmod(const char *path, mode_t mode)
{
	return BPFFS_OR_REAL(bpffs_chmod(AT_FDCWD, path, mode), REAL(chmod)(path, mode));
}

__sysbpf_public int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	return BPFFS_OR_REAL(bpffs_chmod(dirfd, path, mode),
			     REAL(fchmodat)(dirfd, path, mode, flags));
}

/* ---- mounts ---- */

__sysbpf_public int mount(const char *source, const char *target, const char *type,
			  unsigned long flags, const void *data)
{
	return BPFFS_OR_REAL(bpffs_mount(source, target, type, flags, data),
			     REAL(mount)(source, target, type, flags, data));
}

__sysbpf_public int umount(const char *target)
{
	return BPFFS_OR_REAL(bpffs_umount(target, 0), REAL(umount)(target));
}

__sysbpf_public int umount2(const char *target, int flags)
{
	return BPFFS_OR_REAL(bpffs_umount(target, flags), REAL(umount2)(target, flags));
}
