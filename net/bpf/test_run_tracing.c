// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN of the tracing family, as Linux 6.1 has it:
 *
 *  TRACING (fentry, fexit, fmod_ret): the program is not run itself;
 *	the kernel's test functions are called, and the programs attached
 *	to them run through their trampolines (bpf_trampoline.c);
 *  RAW_TRACEPOINT: the program runs once on the u64 arguments of ctx_in,
 *	on the CPU BPF_F_TEST_RUN_ON_CPU names;
 *  SYSCALL: the program runs on a copy of ctx_in, copied back after.
 *
 * Kprobe, tracepoint, perf event, writable raw tracepoint and LSM
 * programs have no test_run in 6.1: -ENOTSUPP from syscall.c.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/filter.h>

/* ---- the test functions (6.1's net/bpf/test_run.c), through their trampolines ---- */

struct bpf_fentry_test_t {
	struct bpf_fentry_test_t *a;
};

/* An int result as x86-64 leaves it in rax: the upper half zero. */
#define INT_RET(v)	((u64)(u32)(int)(v))

static u64 fentry_test1(const u64 *a)
{
	return INT_RET((int)a[0] + 1);
}

static u64 fentry_test2(const u64 *a)
{
	return INT_RET((int)a[0] + a[1]);
}

static u64 fentry_test3(const u64 *a)
{
	return INT_RET((char)a[0] + (int)a[1] + a[2]);
}

static u64 fentry_test4(const u64 *a)
{
	return INT_RET((long)a[0] + (char)a[1] + (int)a[2] + a[3]);
}

static u64 fentry_test5(const u64 *a)
{
	return INT_RET(a[0] + (long)a[1] + (short)a[2] + (int)a[3] + a[4]);
}

static u64 fentry_test6(const u64 *a)
{
	return INT_RET(a[0] + (long)a[1] + (short)a[2] + (int)a[3] + (long)a[4] + a[5]);
}

static u64 fentry_test7(const u64 *a)
{
	return INT_RET((long)a[0]);
}

static u64 fentry_test8(const u64 *a)
{
	const struct bpf_fentry_test_t *arg = (const void *)(uintptr_t)a[0];

	return INT_RET((long)arg->a);
}

static u64 modify_return_test(const u64 *a)
{
	int *b = (int *)(uintptr_t)a[1];

	*b += 1;
	return INT_RET((int)a[0] + *b);
}

/* Arguments go to the frame as the registers hold them: zero-extended. */
#define TRAMP_CALL(name, fn, ...)						\
	({ const u64 __args[] = { __VA_ARGS__ };				\
	   (int)bpf_trampoline_call(name, fn, ARRAY_SIZE(__args), __args); })

int bpf_fentry_test1(int a);
int bpf_fentry_test1(int a)
{
	return TRAMP_CALL("bpf_fentry_test1", fentry_test1, (u32)a);
}

int bpf_fentry_test2(int a, u64 b);
int bpf_fentry_test2(int a, u64 b)
{
	return TRAMP_CALL("bpf_fentry_test2", fentry_test2, (u32)a, b);
}

int bpf_fentry_test3(char a, int b, u64 c);
int bpf_fentry_test3(char a, int b, u64 c)
{
	return TRAMP_CALL("bpf_fentry_test3", fentry_test3, (u8)a, (u32)b, c);
}

int bpf_fentry_test4(void *a, char b, int c, u64 d);
int bpf_fentry_test4(void *a, char b, int c, u64 d)
{
	return TRAMP_CALL("bpf_fentry_test4", fentry_test4, (u64)(uintptr_t)a, (u8)b,
			  (u32)c, d);
}

int bpf_fentry_test5(u64 a, void *b, short c, int d, u64 e);
int bpf_fentry_test5(u64 a, void *b, short c, int d, u64 e)
{
	return TRAMP_CALL("bpf_fentry_test5", fentry_test5, a, (u64)(uintptr_t)b, (u16)c,
			  (u32)d, e);
}

int bpf_fentry_test6(u64 a, void *b, short c, int d, void *e, u64 f);
int bpf_fentry_test6(u64 a, void *b, short c, int d, void *e, u64 f)
{
	return TRAMP_CALL("bpf_fentry_test6", fentry_test6, a, (u64)(uintptr_t)b, (u16)c,
			  (u32)d, (u64)(uintptr_t)e, f);
}

int bpf_fentry_test7(struct bpf_fentry_test_t *arg);
int bpf_fentry_test7(struct bpf_fentry_test_t *arg)
{
	return TRAMP_CALL("bpf_fentry_test7", fentry_test7, (u64)(uintptr_t)arg);
}

int bpf_fentry_test8(struct bpf_fentry_test_t *arg);
int bpf_fentry_test8(struct bpf_fentry_test_t *arg)
{
	return TRAMP_CALL("bpf_fentry_test8", fentry_test8, (u64)(uintptr_t)arg);
}

int bpf_modify_return_test(int a, int *b);
int bpf_modify_return_test(int a, int *b)
{
	return TRAMP_CALL("bpf_modify_return_test", modify_return_test, (u32)a,
			  (u64)(uintptr_t)b);
}

/* ---- TRACING ---- */

int bpf_prog_test_run_tracing(struct bpf_prog *prog, const union bpf_attr *kattr,
			      union bpf_attr __user *uattr)
{
	struct bpf_fentry_test_t arg = {};
	u16 side_effect = 0, ret = 0;
	int b = 2, err = -EFAULT;
	u32 retval;

	if (kattr->test.flags || kattr->test.cpu || kattr->test.batch_size)
		return -EINVAL;

	switch (prog->expected_attach_type) {
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
		if (bpf_fentry_test1(1) != 2 ||
		    bpf_fentry_test2(2, 3) != 5 ||
		    bpf_fentry_test3(4, 5, 6) != 15 ||
		    bpf_fentry_test4((void *)7, 8, 9, 10) != 34 ||
		    bpf_fentry_test5(11, (void *)12, 13, 14, 15) != 65 ||
		    bpf_fentry_test6(16, (void *)17, 18, 19, (void *)20, 21) != 111 ||
		    bpf_fentry_test7((struct bpf_fentry_test_t *)0) != 0 ||
		    bpf_fentry_test8(&arg) != 0)
			goto out;
		break;
	case BPF_MODIFY_RETURN:
		ret = bpf_modify_return_test(1, &b);
		if (b != 2)
			side_effect = 1;
		break;
	default:
		goto out;
	}

	retval = ((u32)side_effect << 16) | ret;
	uattr->test.retval = retval;
	err = 0;
out:
	trace_bpf_test_finish(&err);
	return err;
}

/* ---- RAW_TRACEPOINT ---- */

u32 bpf_prog_run_on_cpu(const struct bpf_prog *prog, const void *ctx, u32 cpu)
{
	struct bpf_prog_stats *stats = &prog->aux->stats;
	unsigned int saved = sysbpf_this_cpu;
	u64 start = 0;
	u32 ret;

	sysbpf_this_cpu = cpu;
	rcu_read_lock();
	if (READ_ONCE(sysctl_bpf_stats_enabled))
		start = ktime_get_ns();
	ret = prog->bpf_func(ctx, prog->insnsi);
	if (start) {
		__atomic_fetch_add(&stats->cnt, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&stats->nsecs, ktime_get_ns() - start, __ATOMIC_RELAXED);
	}
	rcu_read_unlock();
	sysbpf_this_cpu = saved;
	return ret;
}

int bpf_prog_test_run_raw_tp(struct bpf_prog *prog, const union bpf_attr *kattr,
			     union bpf_attr __user *uattr)
{
	void __user *ctx_in = u64_to_user_ptr(kattr->test.ctx_in);
	u32 ctx_size_in = kattr->test.ctx_size_in;
	struct bpf_raw_tp_ctx ctx = {};
	u32 cpu = kattr->test.cpu, current_cpu, retval;
	bool on_cpu = kattr->test.flags & BPF_F_TEST_RUN_ON_CPU;

	/* no data_in/out, ctx_out, duration or repeat */
	if (kattr->test.data_in || kattr->test.data_out || kattr->test.ctx_out ||
	    kattr->test.duration || kattr->test.repeat || kattr->test.batch_size)
		return -EINVAL;
	if (ctx_size_in < prog->aux->max_ctx_offset ||
	    ctx_size_in > MAX_BPF_FUNC_ARGS * sizeof(u64))
		return -EINVAL;
	if (!on_cpu && cpu != 0)
		return -EINVAL;
	/* the rest of the argument array is zero, inside what the run may read */
	if (ctx_size_in && copy_from_user(ctx.args, ctx_in, ctx_size_in))
		return -EFAULT;

	sysbpf_enter_cpu();
	current_cpu = sysbpf_this_cpu;
	if (!on_cpu || cpu == current_cpu)
		retval = bpf_trace_run_prog(prog, ctx_size_in ? ctx.args : NULL, 0);
	else if (cpu >= nr_cpu_ids)
		return -ENXIO;
	else
		retval = bpf_prog_run_on_cpu(prog, ctx_size_in ? ctx.args : NULL, cpu);
	uattr->test.retval = retval;
	return 0;
}

/* ---- SYSCALL ---- */

int bpf_prog_test_run_syscall(struct bpf_prog *prog, const union bpf_attr *kattr,
			      union bpf_attr __user *uattr)
{
	void __user *ctx_in = u64_to_user_ptr(kattr->test.ctx_in);
	u32 ctx_size_in = kattr->test.ctx_size_in;
	struct bpf_syscall_ctx *ctx = NULL;
	u32 retval;
	int err;

	/* no data_in/out, ctx_out, duration, repeat or flags */
	if (kattr->test.data_in || kattr->test.data_out || kattr->test.ctx_out ||
	    kattr->test.duration || kattr->test.repeat || kattr->test.flags ||
	    kattr->test.batch_size)
		return -EINVAL;
	if (ctx_size_in < prog->aux->max_ctx_offset || ctx_size_in > U16_MAX)
		return -EINVAL;
	if (ctx_size_in) {
		ctx = kmalloc(sizeof(*ctx) + ctx_size_in, GFP_USER);
		if (!ctx)
			return -ENOMEM;
		ctx->size = ctx_size_in;
		if (copy_from_user(ctx->data, ctx_in, ctx_size_in)) {
			kfree(ctx);
			return -EFAULT;
		}
	}
	retval = bpf_prog_run(prog, ctx ? ctx->data : NULL);
	uattr->test.retval = retval;
	err = ctx_size_in && copy_to_user(ctx_in, ctx->data, ctx_size_in) ? -EFAULT : 0;
	kfree(ctx);
	return err;
}
