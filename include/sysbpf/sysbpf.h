/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysbpf: the Linux 6.1 BPF subsystem in user space.  The embedding API
 * of libsysbpf.so, for applications that link it rather than preload it.
 *
 * Linking libsysbpf.so (-lsysbpf) also interposes bpf(2) through
 * syscall(), close(), mmap() and the bpffs path calls, exactly as
 * LD_PRELOAD does, so libbpf works unchanged in such an application.
 */
#ifndef _SYSBPF_SYSBPF_H
#define _SYSBPF_SYSBPF_H

#include <stddef.h>
#include <sys/types.h>
#include <linux/bpf.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SYSBPF_VERSION_MAJOR	0
#define SYSBPF_VERSION_MINOR	1
#define SYSBPF_VERSION_PATCH	0
#define SYSBPF_VERSION_CODE	((SYSBPF_VERSION_MAJOR << 16) | \
				 (SYSBPF_VERSION_MINOR << 8) | SYSBPF_VERSION_PATCH)

/*
 * The bpf(2) system call of the in-process instance: cmd, attr and size
 * are those of bpf(2) (union bpf_attr of the 6.1 uapi).  Returns what the
 * system call returns, a new fd or 0, and -1 with errno set to the errno
 * Linux 6.1 gives for the same mistake: a drop-in for
 * syscall(SYS_bpf, cmd, attr, size).
 */
int sysbpf_bpf(int cmd, union bpf_attr *attr, unsigned int size);

/*
 * Reads what programs wrote with bpf_trace_printk()/bpf_trace_vprintk(),
 * in the line format of /sys/kernel/tracing/trace_pipe, into buf (at most
 * size bytes, not NUL-terminated).  Waits for output unless nonblock is
 * set.  Returns the number of bytes read, or -1 with errno set (EAGAIN
 * when nonblock and nothing is there).  In-process mode has no tracefs:
 * this is the only way to read the trace pipe from the outside of the
 * programs.
 */
ssize_t sysbpf_trace_pipe_read(char *buf, size_t size, int nonblock);

/*
 * The version of the library that is running, as SYSBPF_VERSION_CODE
 * encodes it (major << 16 | minor << 8 | patch): compare it with the
 * SYSBPF_VERSION_CODE the application was built with.
 */
int sysbpf_version(void);

/*
 * Releases the objects whose every fd has been closed in a way the
 * library could not see (an fd closed by a child process that inherited
 * it, or by a raw system call).  Objects are found to be unused lazily,
 * on the next command that lists or looks up ids; this makes it happen
 * now.  Returns the number of objects released.
 */
int sysbpf_reap(void);

#ifdef __cplusplus
}
#endif

#endif
