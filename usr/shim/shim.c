// SPDX-License-Identifier: GPL-2.0
/*
 * The shim's entry points: the real libc functions, syscall(SYS_bpf, ...)
 * and the embedding API of include/sysbpf/sysbpf.h.
 */
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sysbpf/sysbpf.h>
#include "shim.h"
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <unistd.h>

#define SHIM_DEFINE(name, ret, args) \
	ret (*real_##name) args;
SHIM_REAL_FUNCS(SHIM_DEFINE)
#undef SHIM_DEFINE

void *shim_dlsym(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		/* nothing to fall back on: say so once, loudly */
		fprintf(stderr, "sysbpf: libc has no %s: %s\n", name, dlerror());
		abort();
	}
	return p;
}

__attribute__((constructor)) static void shim_init(void)
{
#define SHIM_RESOLVE(name, ret, args) (void)REAL(name);
	SHIM_REAL_FUNCS(SHIM_RESOLVE)
#undef SHIM_RESOLVE
}

/*
 * syscall() is variadic: the arguments are read as six longs, as libc's
 * own syscall() passes them on, whatever the call takes.  The calls that
 * reach files or mappings of bpf objects go through the interposers.
 * Reading the slots of arguments a caller did not pass is what libc does
 * too (the sixth comes from the caller's stack); ASan must not flag it.
 */
__attribute__((no_sanitize("address")))
__sysbpf_public long syscall(long number, ...)
{
	long a[6];
	va_list ap;
	int i;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);

	switch (number) {
	case SYS_bpf:
		return shim_ret(__sys_bpf((int)a[0], (union bpf_attr *)a[1],
					  (unsigned int)a[2]));
	case SYS_close:
		return close((int)a[0]);
#ifdef SYS_dup2
	case SYS_dup2:
		return dup2((int)a[0], (int)a[1]);
#endif
	case SYS_dup3:
		return dup3((int)a[0], (int)a[1], (int)a[2]);
	case SYS_close_range:
		return shim_close_range((unsigned int)a[0], (unsigned int)a[1], (int)a[2]);
	case SYS_mmap:
		return (long)mmap((void *)a[0], (size_t)a[1], (int)a[2], (int)a[3],
				  (int)a[4], (off_t)a[5]);
	case SYS_munmap:
		return munmap((void *)a[0], (size_t)a[1]);
	case SYS_perf_event_open: {
		/* the event is the kernel's; BPF output into it is ours */
		long fd = REAL(syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);

		if (fd >= 0) {
			int err = errno;

			perf_event_opened((int)fd, (const struct perf_event_attr *)a[0],
					  (pid_t)a[1], (int)a[2], (unsigned long)a[4]);
			errno = err;
		}
		return fd;
	}
	}
	return REAL(syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

__sysbpf_public int sysbpf_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return (int)shim_ret(__sys_bpf(cmd, attr, size));
}

__sysbpf_public ssize_t sysbpf_trace_pipe_read(char *buf, size_t size, int nonblock)
{
	return shim_ret(bpf_trace_pipe_read(buf, size, nonblock != 0));
}

__sysbpf_public int sysbpf_version(void)
{
	return SYSBPF_VERSION_CODE;
}

__sysbpf_public int sysbpf_reap(void)
{
	return sysbpf_reap_files();
}
