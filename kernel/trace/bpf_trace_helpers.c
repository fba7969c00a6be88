// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of the tracing program types, with 6.1's protos.
 *
 * sysbpf's "kernel" and "user" memory are the same: the memory of the
 * process.  The probe helpers read it with process_vm_readv() on the
 * process itself, so that a bad address is an -EFAULT (and a zeroed
 * buffer, as 6.1 leaves it) rather than a crash; where that call is
 * refused (seccomp), a pipe does the same: write(2) of a bad address
 * fails with EFAULT too.
 *
 * What has no counterpart here answers as a kernel does when the thing
 * asked for is missing: no perf event behind a perf event array slot
 * (-ENOENT), no call chain to give (-EFAULT), no branch records
 * (-ENOENT), no kprobe running (an ip of 0).
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf_ids.h>
#include <net/sock.h>
#include <linux/filter.h>
#include <asm/ptrace.h>
#include <linux/bpf_perf_event.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* ---- fault-safe copies of process memory ---- */

static long copy_via_pipe(void *dst, const void *src, size_t size, bool to_src)
{
	int fds[2];
	ssize_t n;
	long ret = 0;

	if (pipe2(fds, O_CLOEXEC))
		return -EFAULT;
	while (size && !ret) {
		size_t chunk = min_t(size_t, size, PAGE_SIZE);

		/* the side the kernel reads or writes is the one that may be bad */
		n = write(fds[1], to_src ? dst : src, chunk);
		if (n != (ssize_t)chunk ||
		    read(fds[0], to_src ? (void *)src : dst, chunk) != (ssize_t)chunk)
			ret = -EFAULT;
		src = (const char *)src + chunk;
		dst = (char *)dst + chunk;
		size -= chunk;
	}
	close(fds[0]);
	close(fds[1]);
	return ret;
}

/* -1: the call cannot be used here; else 0 or -EFAULT. */
static long copy_vm(void *local, const void *remote, size_t size, bool write)
{
	struct iovec l = { .iov_base = local, .iov_len = size };
	struct iovec r = { .iov_base = (void *)remote, .iov_len = size };
	ssize_t n;

	n = write ? process_vm_writev(getpid(), &l, 1, &r, 1, 0)
		  : process_vm_readv(getpid(), &l, 1, &r, 1, 0);
	if (n == (ssize_t)size)
		return 0;
	if (n < 0 && (errno == ENOSYS || errno == EPERM))
		return -1;
	return -EFAULT;
}

long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
{
	int saved_errno = errno;
	long ret;

	if (!size)
		return 0;
	ret = copy_vm(dst, src, size, false);
	if (ret == -1)
		ret = copy_via_pipe(dst, src, size, false);
	errno = saved_errno;
	return ret;
}

static long copy_to_user_nofault(void *dst, const void *src, size_t size)
{
	int saved_errno = errno;
	long ret;

	if (!size)
		return 0;
	ret = copy_vm((void *)src, dst, size, true);
	if (ret == -1)
		ret = copy_via_pipe((void *)src, dst, size, true);
	errno = saved_errno;
	return ret;
}

/*
 * A string of at most count bytes, NUL included and always terminated:
 * its length with the NUL, or -EFAULT when a byte before the end could
 * not be read.  Reads go page by page, so that the pages after the NUL
 * are never touched.
 */
long strncpy_from_kernel_nofault(char *dst, const void *src, long count)
{
	uintptr_t p = (uintptr_t)src;
	long done = 0, chunk;
	char *nul;

	if (count <= 0)
		return 0;
	while (done < count) {
		chunk = min_t(long, count - done, PAGE_SIZE - (p + done) % PAGE_SIZE);
		if (copy_from_kernel_nofault(dst + done, (const void *)(p + done), chunk)) {
			dst[done] = '\0';
			return -EFAULT;
		}
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst + 1;
		done += chunk;
	}
	dst[count - 1] = '\0';
	return count;
}

/* ---- bpf_probe_read_{user,kernel}{,_str}, bpf_probe_read{,_str} ---- */

static u64 probe_read_common(void *dst, u32 size, const void *unsafe_ptr)
{
	long ret = copy_from_kernel_nofault(dst, unsafe_ptr, size);

	if (unlikely(ret < 0))
		memset(dst, 0, size);
	return ret;
}

static u64 probe_read_str_common(void *dst, u32 size, const void *unsafe_ptr)
{
	long ret = strncpy_from_kernel_nofault(dst, unsafe_ptr, size);

	if (unlikely(ret < 0))
		memset(dst, 0, size);
	return ret;
}

BPF_CALL_3(bpf_probe_read_user, void *, dst, u32, size, const void *, unsafe_ptr)
{
	return probe_read_common(dst, size, unsafe_ptr);
}

const struct bpf_func_proto bpf_probe_read_user_proto = {
	.func		= bpf_probe_read_user,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_probe_read_user_str, void *, dst, u32, size, const void *, unsafe_ptr)
{
	return probe_read_str_common(dst, size, unsafe_ptr);
}

const struct bpf_func_proto bpf_probe_read_user_str_proto = {
	.func		= bpf_probe_read_user_str,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_probe_read_kernel, void *, dst, u32, size, const void *, unsafe_ptr)
{
	return probe_read_common(dst, size, unsafe_ptr);
}

const struct bpf_func_proto bpf_probe_read_kernel_proto = {
	.func		= bpf_probe_read_kernel,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_probe_read_kernel_str, void *, dst, u32, size, const void *, unsafe_ptr)
{
	return probe_read_str_common(dst, size, unsafe_ptr);
}

const struct bpf_func_proto bpf_probe_read_kernel_str_proto = {
	.func		= bpf_probe_read_kernel_str,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

/* x86-64 keeps user and kernel addresses apart: the old helpers take either. */
BPF_CALL_3(bpf_probe_read_compat, void *, dst, u32, size, const void *, unsafe_ptr)
{
	return probe_read_common(dst, size, unsafe_ptr);
}

static const struct bpf_func_proto bpf_probe_read_compat_proto = {
	.func		= bpf_probe_read_compat,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_probe_read_compat_str, void *, dst, u32, size, const void *, unsafe_ptr)
{
	return probe_read_str_common(dst, size, unsafe_ptr);
}

static const struct bpf_func_proto bpf_probe_read_compat_str_proto = {
	.func		= bpf_probe_read_compat_str,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_probe_write_user, void *, unsafe_ptr, const void *, src, u32, size)
{
	return copy_to_user_nofault(unsafe_ptr, src, size);
}

static const struct bpf_func_proto bpf_probe_write_user_proto = {
	.func		= bpf_probe_write_user,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE,
};

/* 6.1 warns at load that the program may corrupt user memory. */
static const struct bpf_func_proto *bpf_get_probe_write_proto(void)
{
	char comm[16] = "";

	if (!bpf_capable())
		return NULL;
	prctl(PR_GET_NAME, comm);
	pr_warn("%.16s[%d] is installing a program with bpf_probe_write_user helper that may corrupt user memory!",
		comm, (int)gettid());
	return &bpf_probe_write_user_proto;
}

BPF_CALL_3(bpf_copy_from_user, void *, dst, u32, size, const void *, user_ptr)
{
	long ret = copy_from_kernel_nofault(dst, user_ptr, size);

	if (unlikely(ret)) {
		memset(dst, 0, size);
		ret = -EFAULT;
	}
	return ret;
}

const struct bpf_func_proto bpf_copy_from_user_proto = {
	.func		= bpf_copy_from_user,
	.gpl_only	= false,
	.might_sleep	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg3_type	= ARG_ANYTHING,
};

/* ---- the current task ---- */

/* "current": one opaque object per thread, as a task_struct is per task. */
static __thread u64 current_task_cookie;

BPF_CALL_0(bpf_get_current_task)
{
	return (u64)(uintptr_t)&current_task_cookie;
}

const struct bpf_func_proto bpf_get_current_task_proto = {
	.func		= bpf_get_current_task,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
};

/*
 * The same object, typed struct task_struct.  It is not a kernel
 * task_struct: a program's loads of its fields read 0 (they probe, and
 * the run knows no such memory).
 */
BPF_CALL_0(bpf_get_current_task_btf)
{
	return (u64)(uintptr_t)&current_task_cookie;
}

const struct bpf_func_proto bpf_get_current_task_btf_proto = {
	.func		= bpf_get_current_task_btf,
	.gpl_only	= true,
	.ret_type	= RET_PTR_TO_BTF_ID,
	.ret_btf_id	= (int *)&btf_tracing_ids[BTF_TRACING_TYPE_TASK],
};

/* No task was interrupted here: its registers read as zeros. */
static __thread struct pt_regs task_regs;

BPF_CALL_1(bpf_task_pt_regs, void *, task)
{
	return (u64)(uintptr_t)&task_regs;
}

const struct bpf_func_proto bpf_task_pt_regs_proto = {
	.func		= bpf_task_pt_regs,
	.gpl_only	= true,
	.arg1_type	= ARG_PTR_TO_BTF_ID,
	.arg1_btf_id	= &btf_tracing_ids[BTF_TRACING_TYPE_TASK],
	.ret_type	= RET_PTR_TO_BTF_ID,
	.ret_btf_id	= (int *)&bpf_task_pt_regs_ids[0],
};

/*
 * The cgroup v2 path of the process (the "0::" line of /proc/self/cgroup)
 * cut to level components, "" for the root; false when there is none.
 */
static bool current_cgroup_path(char *path, size_t size, int level, bool *too_deep)
{
	char line[PATH_MAX + 8], *p, *s;
	bool found = false;
	int depth = 0;
	FILE *f;

	f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		found = true;
		break;
	}
	fclose(f);
	if (!found)
		return false;
	*too_deep = false;
	p = line + 3;
	if (level >= 0) {
		for (s = p; *s && depth < level; ) {
			s++;
			s += strcspn(s, "/");
			depth++;
		}
		if (depth < level)
			*too_deep = true;
		*s = '\0';
	}
	if (!strcmp(p, "/"))
		p[0] = '\0';
	snprintf(path, size, "/sys/fs/cgroup%s", p);
	return true;
}

/* A cgroup v2 id is the inode number of its directory (kernfs node id). */
static u64 current_cgroup_id(int level)
{
	char path[PATH_MAX + 32];
	bool too_deep = false;
	int saved_errno = errno;
	struct stat st;
	u64 id = 0;

	if (current_cgroup_path(path, sizeof(path), level, &too_deep) && !too_deep &&
	    !stat(path, &st))
		id = st.st_ino;
	errno = saved_errno;
	return id;
}

BPF_CALL_0(bpf_get_current_cgroup_id)
{
	return current_cgroup_id(-1);
}

static const struct bpf_func_proto bpf_get_current_cgroup_id_proto = {
	.func		= bpf_get_current_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
};

BPF_CALL_1(bpf_get_current_ancestor_cgroup_id, int, ancestor_level)
{
	return ancestor_level < 0 ? 0 : current_cgroup_id(ancestor_level);
}

static const struct bpf_func_proto bpf_get_current_ancestor_cgroup_id_proto = {
	.func		= bpf_get_current_ancestor_cgroup_id,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_get_ns_current_pid_tgid, u64, dev, u64, ino,
	   struct bpf_pidns_info *, nsdata, u32, size)
{
	int err = -EINVAL, saved_errno = errno;
	struct stat st;

	if (unlikely(size != sizeof(struct bpf_pidns_info)))
		goto clear;
	if (stat("/proc/self/ns/pid", &st)) {
		err = -ENOENT;
		goto clear;
	}
	if ((u64)st.st_dev != dev || (u64)st.st_ino != ino)
		goto clear;
	nsdata->pid = gettid();
	nsdata->tgid = getpid();
	errno = saved_errno;
	return 0;
clear:
	errno = saved_errno;
	memset(nsdata, 0, size);
	return err;
}

static const struct bpf_func_proto bpf_get_ns_current_pid_tgid_proto = {
	.func		= bpf_get_ns_current_pid_tgid,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

/* The signal goes to the calling process (or thread), as to "current". */
static u64 send_signal_common(u32 sig, bool thread)
{
	int ret;

	if (getpid() == 1)
		return -EPERM;	/* is_global_init() */
	if (sig >= (u32)_NSIG)
		return -EINVAL;
	if (!sig)
		return 0;
	ret = thread ? syscall(SYS_tgkill, getpid(), gettid(), sig) : kill(getpid(), sig);
	return ret ? -errno : 0;
}

BPF_CALL_1(bpf_send_signal, u32, sig)
{
	return send_signal_common(sig, false);
}

static const struct bpf_func_proto bpf_send_signal_proto = {
	.func		= bpf_send_signal,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
};

BPF_CALL_1(bpf_send_signal_thread, u32, sig)
{
	return send_signal_common(sig, true);
}

static const struct bpf_func_proto bpf_send_signal_thread_proto = {
	.func		= bpf_send_signal_thread,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_ANYTHING,
};

/* ---- perf event arrays (kernel/bpf/perf_event_array.c) ---- */

BPF_CALL_2(bpf_perf_event_read, struct bpf_map *, map, u64, flags)
{
	u64 value = 0;
	int err;

	if (unlikely(flags & ~(BPF_F_INDEX_MASK)))
		return -EINVAL;
	err = bpf_perf_event_read_map(map, flags, &value, NULL, NULL);
	return err ? (u64)(long)err : value;
}

static const struct bpf_func_proto bpf_perf_event_read_proto = {
	.func		= bpf_perf_event_read,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_perf_event_read_value, struct bpf_map *, map, u64, flags,
	   struct bpf_perf_event_value *, buf, u32, size)
{
	long err = -EINVAL;

	if (unlikely(size != sizeof(struct bpf_perf_event_value)))
		goto clear;
	if (unlikely(flags & ~(BPF_F_INDEX_MASK)))
		goto clear;
	err = bpf_perf_event_read_map(map, flags, &buf->counter, &buf->enabled,
				      &buf->running);
	if (!err)
		return 0;
clear:
	memset(buf, 0, size);
	return err;
}

static const struct bpf_func_proto bpf_perf_event_read_value_proto = {
	.func		= bpf_perf_event_read_value,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg4_type	= ARG_CONST_SIZE,
};

BPF_CALL_5(bpf_perf_event_output, struct pt_regs *, regs, struct bpf_map *, map,
	   u64, flags, void *, data, u64, size)
{
	return bpf_perf_event_output_map(map, flags, data, size);
}

const struct bpf_func_proto bpf_perf_event_output_proto = {
	.func		= bpf_perf_event_output,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};

BPF_CALL_5(bpf_perf_event_output_tp, void *, tp_buff, struct bpf_map *, map,
	   u64, flags, void *, data, u64, size)
{
	return bpf_perf_event_output_map(map, flags, data, size);
}

static const struct bpf_func_proto bpf_perf_event_output_proto_tp = {
	.func		= bpf_perf_event_output_tp,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};

BPF_CALL_5(bpf_perf_event_output_raw_tp, struct bpf_raw_tracepoint_args *, args,
	   struct bpf_map *, map, u64, flags, void *, data, u64, size)
{
	return bpf_perf_event_output_map(map, flags, data, size);
}

static const struct bpf_func_proto bpf_perf_event_output_proto_raw_tp = {
	.func		= bpf_perf_event_output_raw_tp,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
	.arg4_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg5_type	= ARG_CONST_SIZE_OR_ZERO,
};

BPF_CALL_2(bpf_current_task_under_cgroup, struct bpf_map *, map, u32, idx)
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);

	if (unlikely(idx >= map->max_entries))
		return -E2BIG;
	if (map->map_type != BPF_MAP_TYPE_CGROUP_ARRAY || !array->ptrs ||
	    !READ_ONCE(array->ptrs[idx]))
		return -EAGAIN;
	return 0;
}

static const struct bpf_func_proto bpf_current_task_under_cgroup_proto = {
	.func		= bpf_current_task_under_cgroup,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_ANYTHING,
};

/* ---- stacks: the native stack of the running thread (kernel/bpf/stackmap.c) ---- */

static u64 get_stackid_common(struct bpf_map *map, u64 flags)
{
	return __bpf_get_stackid(map, flags);
}

static u64 get_stack_common(void *buf, u32 size, u64 flags)
{
	return __bpf_get_stack(buf, size, flags);
}

BPF_CALL_3(bpf_get_stackid, struct pt_regs *, regs, struct bpf_map *, map, u64, flags)
{
	return get_stackid_common(map, flags);
}

const struct bpf_func_proto bpf_get_stackid_proto = {
	.func		= bpf_get_stackid,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_get_stackid_pe, void *, ctx, struct bpf_map *, map, u64, flags)
{
	return get_stackid_common(map, flags);
}

const struct bpf_func_proto bpf_get_stackid_proto_pe = {
	.func		= bpf_get_stackid_pe,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_get_stackid_tp, void *, tp_buff, struct bpf_map *, map, u64, flags)
{
	return get_stackid_common(map, flags);
}

static const struct bpf_func_proto bpf_get_stackid_proto_tp = {
	.func		= bpf_get_stackid_tp,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_3(bpf_get_stackid_raw_tp, struct bpf_raw_tracepoint_args *, args,
	   struct bpf_map *, map, u64, flags)
{
	return get_stackid_common(map, flags);
}

static const struct bpf_func_proto bpf_get_stackid_proto_raw_tp = {
	.func		= bpf_get_stackid_raw_tp,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_CONST_MAP_PTR,
	.arg3_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_get_stack, struct pt_regs *, regs, void *, buf, u32, size, u64, flags)
{
	return get_stack_common(buf, size, flags);
}

const struct bpf_func_proto bpf_get_stack_proto = {
	.func		= bpf_get_stack,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/*
 * The stack of the current task is the running thread's, as
 * bpf_get_stack() reads it; no other task has a stack sysbpf can read:
 * -EFAULT with buf zeroed, as 6.1 for a task whose stack is gone.
 */
BPF_CALL_4(bpf_get_task_stack, void *, task, void *, buf, u32, size, u64, flags)
{
	if (task != &current_task_cookie) {
		memset(buf, 0, size);
		return -EFAULT;
	}
	return get_stack_common(buf, size, flags);
}

const struct bpf_func_proto bpf_get_task_stack_proto = {
	.func		= bpf_get_task_stack,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID,
	.arg1_btf_id	= &btf_tracing_ids[BTF_TRACING_TYPE_TASK],
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/* ---- bpf_d_path ---- */

/*
 * There are no dentries here: the functions bpf_d_path() may be called
 * from never run in sysbpf, and no struct path reaches a program.
 */
BPF_CALL_3(bpf_d_path, void *, path, char *, buf, u32, sz)
{
	if (!sz)
		return 0;
	return -EOPNOTSUPP;
}

bool bpf_lsm_is_sleepable_hook(const char *name);

/* Iterators, sleepable LSM hooks and 6.1's list of file functions. */
static bool bpf_d_path_allowed(const struct bpf_prog *prog)
{
	if (prog->type == BPF_PROG_TYPE_TRACING &&
	    prog->expected_attach_type == BPF_TRACE_ITER)
		return true;
	if (prog->type == BPF_PROG_TYPE_LSM)
		return prog->aux->attach_func_name &&
		       bpf_lsm_is_sleepable_hook(prog->aux->attach_func_name);
	return btf_id_set_contains(&btf_allowlist_d_path, prog->aux->attach_btf_id);
}

const struct bpf_func_proto bpf_d_path_proto = {
	.func		= bpf_d_path,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_BTF_ID,
	.arg1_btf_id	= &bpf_d_path_btf_ids[0],
	.arg2_type	= ARG_PTR_TO_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.allowed	= bpf_d_path_allowed,
};

BPF_CALL_4(bpf_get_stack_pe, void *, ctx, void *, buf, u32, size, u64, flags)
{
	return get_stack_common(buf, size, flags);
}

const struct bpf_func_proto bpf_get_stack_proto_pe = {
	.func		= bpf_get_stack_pe,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

BPF_CALL_4(bpf_get_stack_tp, void *, tp_buff, void *, buf, u32, size, u64, flags)
{
	return get_stack_common(buf, size, flags);
}

static const struct bpf_func_proto bpf_get_stack_proto_tp = {
	.func		= bpf_get_stack_tp,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/* 6.1 types the buffer of the raw_tp variant read-only: kept as it is. */
BPF_CALL_4(bpf_get_stack_raw_tp, struct bpf_raw_tracepoint_args *, args,
	   void *, buf, u32, size, u64, flags)
{
	return get_stack_common(buf, size, flags);
}

static const struct bpf_func_proto bpf_get_stack_proto_raw_tp = {
	.func		= bpf_get_stack_raw_tp,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/* ---- kprobe and perf_event only ---- */

BPF_CALL_2(bpf_override_return, struct pt_regs *, regs, unsigned long, rc)
{
	regs->rax = rc;
	return 0;
}

static const struct bpf_func_proto bpf_override_return_proto = {
	.func		= bpf_override_return,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
};

/* No kprobe ever runs: kprobe_running() is NULL, the ip 0. */
BPF_CALL_1(bpf_get_func_ip_kprobe, struct pt_regs *, regs)
{
	return 0;
}

static const struct bpf_func_proto bpf_get_func_ip_proto_kprobe = {
	.func		= bpf_get_func_ip_kprobe,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_func_ip_kprobe_multi, struct pt_regs *, regs)
{
	return 0;
}

static const struct bpf_func_proto bpf_get_func_ip_proto_kprobe_multi = {
	.func		= bpf_get_func_ip_kprobe_multi,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_attach_cookie_kprobe_multi, struct pt_regs *, regs)
{
	return 0;
}

static const struct bpf_func_proto bpf_get_attach_cookie_proto_kmulti = {
	.func		= bpf_get_attach_cookie_kprobe_multi,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* The cookie of the link or perf event the program runs for. */
BPF_CALL_1(bpf_get_attach_cookie_trace, void *, ctx)
{
	return bpf_trace_run_cookie();
}

static const struct bpf_func_proto bpf_get_attach_cookie_proto_trace = {
	.func		= bpf_get_attach_cookie_trace,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_attach_cookie_pe, void *, ctx)
{
	return bpf_trace_run_cookie();
}

static const struct bpf_func_proto bpf_get_attach_cookie_proto_pe = {
	.func		= bpf_get_attach_cookie_pe,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_1(bpf_get_attach_cookie_tracing, void *, ctx)
{
	return bpf_trace_run_cookie();
}

const struct bpf_func_proto bpf_get_attach_cookie_proto_tracing = {
	.func		= bpf_get_attach_cookie_tracing,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* No perf sample: no counters, no branch records. */
BPF_CALL_3(bpf_perf_prog_read_value, void *, ctx, struct bpf_perf_event_value *, buf,
	   u32, size)
{
	memset(buf, 0, size);
	return size != sizeof(struct bpf_perf_event_value) ? -EINVAL : -ENOENT;
}

static const struct bpf_func_proto bpf_perf_prog_read_value_proto = {
	.func		= bpf_perf_prog_read_value,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg3_type	= ARG_CONST_SIZE,
};

BPF_CALL_4(bpf_read_branch_records, void *, ctx, void *, buf, u32, size, u64, flags)
{
	if (unlikely(flags & ~BPF_F_GET_BRANCH_RECORDS_SIZE))
		return -EINVAL;
	return -ENOENT;
}

static const struct bpf_func_proto bpf_read_branch_records_proto = {
	.func		= bpf_read_branch_records,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_MEM_OR_NULL,
	.arg3_type	= ARG_CONST_SIZE_OR_ZERO,
	.arg4_type	= ARG_ANYTHING,
};

/* No LBR to snapshot: as an x86 kernel without one answers. */
BPF_CALL_3(bpf_get_branch_snapshot, void *, buf, u32, size, u64, flags)
{
	if (unlikely(flags))
		return -EINVAL;
	return -ENOENT;
}

static const struct bpf_func_proto bpf_get_branch_snapshot_proto = {
	.func		= bpf_get_branch_snapshot,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE_OR_ZERO,
};

/* ---- trampoline programs: the frame of struct bpf_tramp_frame ---- */

static const u64 *tramp_ctx(const void *ctx)
{
	return ctx;
}

BPF_CALL_1(bpf_get_func_ip_tracing, void *, ctx)
{
	return tramp_ctx(ctx)[-2];
}

static const struct bpf_func_proto bpf_get_func_ip_proto_tracing = {
	.func		= bpf_get_func_ip_tracing,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

BPF_CALL_3(get_func_arg, void *, ctx, u32, n, u64 *, value)
{
	u64 nr_args = tramp_ctx(ctx)[-1];

	if ((u64)n >= nr_args)
		return -EINVAL;
	*value = tramp_ctx(ctx)[n];
	return 0;
}

static const struct bpf_func_proto bpf_get_func_arg_proto = {
	.func		= get_func_arg,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_ANYTHING,
	.arg3_type	= ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED,
	.arg3_size	= sizeof(u64),
};

BPF_CALL_2(get_func_ret, void *, ctx, u64 *, value)
{
	u64 nr_args = tramp_ctx(ctx)[-1];

	*value = tramp_ctx(ctx)[min_t(u64, nr_args, MAX_BPF_FUNC_ARGS)];
	return 0;
}

static const struct bpf_func_proto bpf_get_func_ret_proto = {
	.func		= get_func_ret,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
	.arg2_type	= ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED,
	.arg2_size	= sizeof(u64),
};

BPF_CALL_1(get_func_arg_cnt, void *, ctx)
{
	return tramp_ctx(ctx)[-1];
}

static const struct bpf_func_proto bpf_get_func_arg_cnt_proto = {
	.func		= get_func_arg_cnt,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_CTX,
};

/* ---- the helper sets ---- */

/* Helpers other files provide when they are built: unknown until then. */
extern const struct bpf_func_proto bpf_ringbuf_output_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_reserve_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_submit_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_discard_proto __weak;
extern const struct bpf_func_proto bpf_ringbuf_query_proto __weak;
extern const struct bpf_func_proto bpf_per_cpu_ptr_proto __weak;
extern const struct bpf_func_proto bpf_this_cpu_ptr_proto __weak;
extern const struct bpf_func_proto bpf_task_storage_get_proto __weak;
extern const struct bpf_func_proto bpf_task_storage_delete_proto __weak;
extern const struct bpf_func_proto bpf_snprintf_btf_proto __weak;
extern const struct bpf_func_proto bpf_find_vma_proto __weak;
extern const struct bpf_func_proto bpf_copy_from_user_task_proto __weak;

/* The probe helpers need CAP_PERFMON-level trust, as 6.1's lockdown check. */
const struct bpf_func_proto *bpf_tracing_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_map_push_elem:
		return &bpf_map_push_elem_proto;
	case BPF_FUNC_map_pop_elem:
		return &bpf_map_pop_elem_proto;
	case BPF_FUNC_map_peek_elem:
		return &bpf_map_peek_elem_proto;
	case BPF_FUNC_map_lookup_percpu_elem:
		return &bpf_map_lookup_percpu_elem_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_ktime_get_boot_ns:
		return &bpf_ktime_get_boot_ns_proto;
	case BPF_FUNC_tail_call:
		return &bpf_tail_call_proto;
	case BPF_FUNC_get_current_pid_tgid:
		return &bpf_get_current_pid_tgid_proto;
	case BPF_FUNC_get_current_task:
		return &bpf_get_current_task_proto;
	case BPF_FUNC_get_current_task_btf:
		return &bpf_get_current_task_btf_proto;
	case BPF_FUNC_task_pt_regs:
		return &bpf_task_pt_regs_proto;
	case BPF_FUNC_get_current_uid_gid:
		return &bpf_get_current_uid_gid_proto;
	case BPF_FUNC_get_current_comm:
		return &bpf_get_current_comm_proto;
	case BPF_FUNC_trace_printk:
		return &bpf_trace_printk_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_get_numa_node_id:
		return &bpf_get_numa_node_id_proto;
	case BPF_FUNC_perf_event_read:
		return &bpf_perf_event_read_proto;
	case BPF_FUNC_current_task_under_cgroup:
		return &bpf_current_task_under_cgroup_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_probe_write_user:
		return bpf_get_probe_write_proto();
	case BPF_FUNC_probe_read_user:
		return &bpf_probe_read_user_proto;
	case BPF_FUNC_probe_read_kernel:
		return &bpf_probe_read_kernel_proto;
	case BPF_FUNC_probe_read_user_str:
		return &bpf_probe_read_user_str_proto;
	case BPF_FUNC_probe_read_kernel_str:
		return &bpf_probe_read_kernel_str_proto;
	case BPF_FUNC_probe_read:
		return &bpf_probe_read_compat_proto;
	case BPF_FUNC_probe_read_str:
		return &bpf_probe_read_compat_str_proto;
	case BPF_FUNC_get_current_cgroup_id:
		return &bpf_get_current_cgroup_id_proto;
	case BPF_FUNC_get_current_ancestor_cgroup_id:
		return &bpf_get_current_ancestor_cgroup_id_proto;
	case BPF_FUNC_send_signal:
		return &bpf_send_signal_proto;
	case BPF_FUNC_send_signal_thread:
		return &bpf_send_signal_thread_proto;
	case BPF_FUNC_perf_event_read_value:
		return &bpf_perf_event_read_value_proto;
	case BPF_FUNC_get_ns_current_pid_tgid:
		return &bpf_get_ns_current_pid_tgid_proto;
	case BPF_FUNC_ringbuf_output:
		return &bpf_ringbuf_output_proto;
	case BPF_FUNC_ringbuf_reserve:
		return &bpf_ringbuf_reserve_proto;
	case BPF_FUNC_ringbuf_submit:
		return &bpf_ringbuf_submit_proto;
	case BPF_FUNC_ringbuf_discard:
		return &bpf_ringbuf_discard_proto;
	case BPF_FUNC_ringbuf_query:
		return &bpf_ringbuf_query_proto;
	case BPF_FUNC_jiffies64:
		return &bpf_jiffies64_proto;
	case BPF_FUNC_get_task_stack:
		return &bpf_get_task_stack_proto;
	case BPF_FUNC_copy_from_user:
		return &bpf_copy_from_user_proto;
	case BPF_FUNC_copy_from_user_task:
		return &bpf_copy_from_user_task_proto;
	case BPF_FUNC_snprintf_btf:
		return &bpf_snprintf_btf_proto;
	case BPF_FUNC_per_cpu_ptr:
		return &bpf_per_cpu_ptr_proto;
	case BPF_FUNC_this_cpu_ptr:
		return &bpf_this_cpu_ptr_proto;
	case BPF_FUNC_task_storage_get:
		return &bpf_task_storage_get_proto;
	case BPF_FUNC_task_storage_delete:
		return &bpf_task_storage_delete_proto;
	case BPF_FUNC_for_each_map_elem:
		return &bpf_for_each_map_elem_proto;
	case BPF_FUNC_snprintf:
		return &bpf_snprintf_proto;
	case BPF_FUNC_get_func_ip:
		return &bpf_get_func_ip_proto_tracing;
	case BPF_FUNC_get_branch_snapshot:
		return &bpf_get_branch_snapshot_proto;
	case BPF_FUNC_find_vma:
		return &bpf_find_vma_proto;
	case BPF_FUNC_trace_vprintk:
		return &bpf_trace_vprintk_proto;
	default:
		return bpf_base_func_proto(func_id);
	}
}

const struct bpf_func_proto *kprobe_prog_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog);
const struct bpf_func_proto *kprobe_prog_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog)
{
	bool multi = prog->expected_attach_type == BPF_TRACE_KPROBE_MULTI;

	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto;
	case BPF_FUNC_override_return:
		return &bpf_override_return_proto;
	case BPF_FUNC_get_func_ip:
		return multi ? &bpf_get_func_ip_proto_kprobe_multi
			     : &bpf_get_func_ip_proto_kprobe;
	case BPF_FUNC_get_attach_cookie:
		return multi ? &bpf_get_attach_cookie_proto_kmulti
			     : &bpf_get_attach_cookie_proto_trace;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

const struct bpf_func_proto *tp_prog_func_proto(enum bpf_func_id func_id,
						const struct bpf_prog *prog);
const struct bpf_func_proto *tp_prog_func_proto(enum bpf_func_id func_id,
						const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto_tp;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_tp;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto_tp;
	case BPF_FUNC_get_attach_cookie:
		return &bpf_get_attach_cookie_proto_trace;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

const struct bpf_func_proto *pe_prog_func_proto(enum bpf_func_id func_id,
						const struct bpf_prog *prog);
const struct bpf_func_proto *pe_prog_func_proto(enum bpf_func_id func_id,
						const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto_tp;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_pe;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto_pe;
	case BPF_FUNC_perf_prog_read_value:
		return &bpf_perf_prog_read_value_proto;
	case BPF_FUNC_read_branch_records:
		return &bpf_read_branch_records_proto;
	case BPF_FUNC_get_attach_cookie:
		return &bpf_get_attach_cookie_proto_pe;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

const struct bpf_func_proto *raw_tp_prog_func_proto(enum bpf_func_id func_id,
						    const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto_raw_tp;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_raw_tp;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto_raw_tp;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

/*
 * 6.1's set, less what needs objects sysbpf's tracing programs never
 * see: skb/xdp output, socket storage, bpf_sock_from_file(),
 * bpf_xdp_get_buff_len() of a BTF xdp_buff, and the seq_file printers
 * (bpf_seq_printf, bpf_seq_printf_btf) are unknown here.
 */
const struct bpf_func_proto *tracing_prog_func_proto(enum bpf_func_id func_id,
						     const struct bpf_prog *prog)
{
	bool tramp = bpf_prog_has_trampoline(prog);

	switch (func_id) {
	case BPF_FUNC_skc_to_tcp6_sock:
		return &bpf_skc_to_tcp6_sock_proto;
	case BPF_FUNC_skc_to_tcp_sock:
		return &bpf_skc_to_tcp_sock_proto;
	case BPF_FUNC_skc_to_tcp_timewait_sock:
		return &bpf_skc_to_tcp_timewait_sock_proto;
	case BPF_FUNC_skc_to_tcp_request_sock:
		return &bpf_skc_to_tcp_request_sock_proto;
	case BPF_FUNC_skc_to_udp6_sock:
		return &bpf_skc_to_udp6_sock_proto;
	case BPF_FUNC_skc_to_unix_sock:
		return &bpf_skc_to_unix_sock_proto;
	case BPF_FUNC_skc_to_mptcp_sock:
		return &bpf_skc_to_mptcp_sock_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_ptr_cookie_proto;
	case BPF_FUNC_seq_write:
		return prog->expected_attach_type == BPF_TRACE_ITER ?
		       &bpf_seq_write_proto : NULL;
	case BPF_FUNC_d_path:
		return &bpf_d_path_proto;
	case BPF_FUNC_get_func_arg:
		return tramp ? &bpf_get_func_arg_proto : NULL;
	case BPF_FUNC_get_func_ret:
		return tramp ? &bpf_get_func_ret_proto : NULL;
	case BPF_FUNC_get_func_arg_cnt:
		return tramp ? &bpf_get_func_arg_cnt_proto : NULL;
	case BPF_FUNC_get_attach_cookie:
		return tramp ? &bpf_get_attach_cookie_proto_tracing : NULL;
	case BPF_FUNC_seq_printf:
	case BPF_FUNC_seq_printf_btf:
		return NULL;
	default:
		return raw_tp_prog_func_proto(func_id, prog);
	}
}
