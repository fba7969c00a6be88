/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_ERRNO_H
#define _SYSBPF_LINUX_ERRNO_H

/* glibc's <errno.h> reaches the uapi errno through <linux/errno.h>: pass it on. */
#include_next <linux/errno.h>
#include <errno.h>

/* Kernel-internal errnos that leak to user space through bpf(2). */
#define ENOTSUPP	524
#define ERESTARTSYS	512

#endif
