// SPDX-License-Identifier: GPL-2.0
/*
 * Copies between "user" memory and the instance's own.  In sysbpf the
 * user is the process sysbpf runs in, so a plain memcpy() would do, but a
 * bad pointer in a bpf_attr must end as the kernel ends it, -EFAULT, not
 * as a SIGSEGV in the caller.  The kernel does the copy for us:
 * process_vm_readv() and process_vm_writev() on our own pid report an
 * unmapped or protected range as EFAULT.  That is a system call a copy,
 * so only the paths where the kernel's cost is of the same order use
 * these (loads, BTF, info, test runs); see include/linux/kernel.h.
 *
 * Where the calls are refused (a seccomp filter, an old kernel), the copy
 * falls back to memcpy(): faithful for good pointers, as before.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static bool uaccess_plain;	/* process_vm_*() refused: plain copies */

/*
 * Copy @n bytes; returns the number NOT copied, as the kernel's
 * copy_{from,to}_user() do (a partial copy counts up to the bad page).
 */
static unsigned long uaccess_copy(void *dst, const void *src, unsigned long n,
				  bool to_user)
{
	unsigned long done = 0;

	while (done < n && !READ_ONCE(uaccess_plain)) {
		struct iovec local, remote;
		ssize_t r;

		local.iov_base = to_user ? (void *)((const char *)src + done) :
					   (char *)dst + done;
		remote.iov_base = to_user ? (char *)dst + done :
					    (void *)((const char *)src + done);
		local.iov_len = remote.iov_len = n - done;
		if (to_user)
			r = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
		else
			r = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
		if (r > 0) {
			done += r;
			continue;
		}
		if (r == 0 || errno == EFAULT)
			return n - done;
		if (errno == EINTR)
			continue;
		/* ENOSYS, EPERM: no way to check here */
		WRITE_ONCE(uaccess_plain, true);
	}
	if (done < n)
		memcpy((char *)dst + done, (const char *)src + done, n - done);
	return 0;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	if (!n)
		return 0;
	if (!from)
		return n;
	return uaccess_copy(to, from, n, false);
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!n)
		return 0;
	if (!to)
		return n;
	return uaccess_copy(to, from, n, true);
}

/*
 * As the kernel's: the length of the string copied (without its NUL, at
 * most @count), or -EFAULT.  The string is read a page at a time so a
 * short string at the end of a mapping is not a fault.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long done = 0;

	if (count <= 0)
		return 0;
	if (!src)
		return -EFAULT;
	while (done < count) {
		unsigned long in_page = PAGE_SIZE - ((uintptr_t)(src + done) & (PAGE_SIZE - 1));
		long chunk = min_t(long, count - done, in_page);
		char *nul;

		if (copy_from_user(dst + done, src + done, chunk))
			return -EFAULT;
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	return count;
}
