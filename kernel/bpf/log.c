// SPDX-License-Identifier: GPL-2.0
/*
 * The log of BPF_PROG_LOAD and BPF_BTF_LOAD, with Linux 6.1's rules: the
 * text goes to the user's buffer as it is produced, always followed by a
 * NUL, and stops when the buffer is full; the loader then fails the load
 * with -ENOSPC (bpf_check(), btf_parse()).
 */
#include <linux/bpf_verifier.h>
#include <stdio.h>

bool bpf_verifier_log_attr_valid(const struct bpf_verifier_log *log)
{
	/* a buffer, a size of 128 bytes to 1 GiB, and only known level bits */
	if (!log->ubuf || !log->level || (log->level & ~BPF_LOG_MASK))
		return false;
	return log->len_total >= 128 && log->len_total <= (UINT_MAX >> 2);
}

/*
 * A bad log buffer is -EFAULT at the end of the load, as in 6.1, when a
 * line lands where the buffer is not writable.  A level 2 log has
 * millions of lines: a line that goes into a page of the buffer not yet
 * written goes out with the faulting copy, the rest with the cheap one
 * (include/linux/kernel.h), so a fault is found exactly where the kernel
 * finds it at one system call a page.
 */
static int bpf_log_copy(struct bpf_verifier_log *log, u32 n)
{
	char __user *dst = log->ubuf + log->len_used;
	u32 end = log->len_used + n;

	if (end <= log->len_checked)
		return __copy_to_user(dst, log->kbuf, n) ? -EFAULT : 0;
	if (copy_to_user(dst, log->kbuf, n))
		return -EFAULT;
	/* the whole page the line ended in is writable */
	log->len_checked = end + (PAGE_SIZE - 1 - ((uintptr_t)(dst + n - 1) & (PAGE_SIZE - 1)));
	return 0;
}

void bpf_verifier_vlog(struct bpf_verifier_log *log, const char *fmt, va_list args)
{
	u32 room;
	int n;

	n = vsnprintf(log->kbuf, BPF_VERIFIER_TMP_LOG_SIZE, fmt, args);
	if (n < 0)
		return;
	/* a line longer than kbuf is cut there, as scnprintf() cuts it */
	if (n >= BPF_VERIFIER_TMP_LOG_SIZE)
		n = BPF_VERIFIER_TMP_LOG_SIZE - 1;

	if (log->level == BPF_LOG_KERNEL) {
		bool newline = n > 0 && log->kbuf[n - 1] == '\n';

		pr_err("BPF: %s%s", log->kbuf, newline ? "" : "\n");
		return;
	}

	room = log->len_total - log->len_used - 1;
	if ((u32)n > room)
		n = room;
	log->kbuf[n] = '\0';
	if (bpf_log_copy(log, n + 1)) {
		log->ubuf = NULL;
		return;
	}
	log->len_used += n;
}

void bpf_log(struct bpf_verifier_log *log, const char *fmt, ...)
{
	va_list args;

	if (!bpf_verifier_log_needed(log))
		return;
	va_start(args, fmt);
	bpf_verifier_vlog(log, fmt, args);
	va_end(args);
}

void bpf_vlog_reset(struct bpf_verifier_log *log, u32 new_pos)
{
	if (!bpf_verifier_log_needed(log) || log->level == BPF_LOG_KERNEL)
		return;
	log->len_used = new_pos;
	log->ubuf[new_pos] = '\0';
}
