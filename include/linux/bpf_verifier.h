/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_BPF_VERIFIER_H
#define _SYSBPF_LINUX_BPF_VERIFIER_H

#include <linux/filter.h>
#include <stdarg.h>

/* The log of BPF_PROG_LOAD and BPF_BTF_LOAD: the kernel's log_buf rules. */
#define BPF_LOG_LEVEL1	1
#define BPF_LOG_LEVEL2	2
#define BPF_LOG_STATS	4
#define BPF_LOG_LEVEL	(BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2)
#define BPF_LOG_MASK	(BPF_LOG_LEVEL | BPF_LOG_STATS)
#define BPF_LOG_KERNEL	(BPF_LOG_MASK + 1)
#define BPF_VERIFIER_TMP_LOG_SIZE	1024

struct bpf_verifier_log {
	u32 level;
	char kbuf[BPF_VERIFIER_TMP_LOG_SIZE];
	char __user *ubuf;
	u32 len_used;
	u32 len_total;
};

static inline bool bpf_verifier_log_full(const struct bpf_verifier_log *log)
{
	return log->len_used >= log->len_total - 1;
}

static inline bool bpf_verifier_log_needed(const struct bpf_verifier_log *log)
{
	return log && ((log->level && log->ubuf && !bpf_verifier_log_full(log)) ||
		       log->level == BPF_LOG_KERNEL);
}

/* Checks level/buf/size of a log from attrs: -EINVAL as the kernel says it. */
bool bpf_verifier_log_attr_valid(const struct bpf_verifier_log *log);
void bpf_verifier_vlog(struct bpf_verifier_log *log, const char *fmt, va_list args);
__printf(2, 3) void bpf_log(struct bpf_verifier_log *log, const char *fmt, ...);
/* Cuts the log back to new_pos (a NUL there), as 6.1 does when a path is dropped. */
void bpf_vlog_reset(struct bpf_verifier_log *log, u32 new_pos);

/*
 * Checks a program and rewrites it for execution (map fds to pointers,
 * context accesses, helper calls).  The program may be reallocated.
 * Returns 0 or -errno; the log carries the kernel's message.
 */
int bpf_check(struct bpf_prog **prog, union bpf_attr *attr, union bpf_attr __user *uattr);

#endif
