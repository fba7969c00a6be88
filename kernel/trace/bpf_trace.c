// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_trace_printk() and bpf_trace_vprintk(), and the trace pipe they
 * write to: in 6.1 each call is one bpf_trace/bpf_trace_printk trace
 * event, read from /sys/kernel/debug/tracing/trace_pipe as a line
 *
 *           <comm>-<pid>     [<cpu>] d..31 <sec>.<usec>: bpf_trace_printk: <text>
 *
 * The event's output always ends the text with a newline, so a format
 * that ends in "\n" gives an empty line after it, as on 6.1.
 *
 * The pipe is a ring of TRACE_PIPE_SIZE bytes of such lines.  A line
 * that does not fit pushes the oldest lines out, as the ftrace ring
 * buffer does in its default overwrite mode.  bpf_trace_pipe_read()
 * consumes what it returns.
 *
 * In-process users have no tracefs to read.  The environment variable
 * SYSBPF_TRACE_PIPE makes every line also go elsewhere as it is
 * written: to standard error when it is "stderr", else appended to the
 * file it names (created if missing).  It is read once, at the first line.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#define TRACE_PIPE_SIZE		(1U << 20)
#define MAX_TRACE_PRINTK_VARARGS	3
#define TASK_COMM_LEN		16
#define NSEC_PER_SEC		1000000000ULL
#define NSEC_PER_USEC		1000ULL
/*
 * An ftrace line with irq-info: comm-pid, [cpu], irqs off, no resched,
 * no irq context, preempt count 3, migrate-disable 1, seconds.usecs.
 */
#define TRACE_LINE_FMT	"%16s-%-7d [%03u] d..31 %5llu.%06llu: bpf_trace_printk: %s\n"
/* header, text of at most MAX_BPRINTF_BUF - 1 bytes, newline */
#define TRACE_LINE_MAX		(128 + MAX_BPRINTF_BUF)

/* Apart from the rest, so that it is zero pages until used rather than 1 MiB of data. */
static char trace_ring[TRACE_PIPE_SIZE];

static struct trace_pipe {
	pthread_mutex_t lock;
	pthread_cond_t wait;	/* readers wait here for a line */
	u32 head;		/* offset of the oldest byte */
	u32 len;		/* bytes held */
	int mirror_fd;		/* SYSBPF_TRACE_PIPE target, or -1 */
	char *ring;		/* TRACE_PIPE_SIZE bytes */
} trace_pipe = {
	.lock		= PTHREAD_MUTEX_INITIALIZER,
	.wait		= PTHREAD_COND_INITIALIZER,
	.mirror_fd	= -1,
	.ring		= trace_ring,
};

static pthread_once_t trace_pipe_once = PTHREAD_ONCE_INIT;

/* A fork while a writer holds the lock must not leave the child locked out. */
static void trace_pipe_atfork_prepare(void)
{
	pthread_mutex_lock(&trace_pipe.lock);
}

static void trace_pipe_atfork_parent(void)
{
	pthread_mutex_unlock(&trace_pipe.lock);
}

static void trace_pipe_atfork_child(void)
{
	pthread_mutex_init(&trace_pipe.lock, NULL);
	pthread_cond_init(&trace_pipe.wait, NULL);
}

static void trace_pipe_init(void)
{
	const char *target = getenv("SYSBPF_TRACE_PIPE");

	if (target && !strcmp(target, "stderr"))
		trace_pipe.mirror_fd = STDERR_FILENO;
	else if (target && *target)
		trace_pipe.mirror_fd = open(target, O_WRONLY | O_APPEND | O_CREAT |
					    O_CLOEXEC, 0644);
	pthread_atfork(trace_pipe_atfork_prepare, trace_pipe_atfork_parent,
		       trace_pipe_atfork_child);
}

/* Bytes of the line starting at pos, newline included (all that is held if none). */
static u32 ring_line_len(const struct trace_pipe *tp, u32 pos, u32 avail)
{
	u32 first = min(avail, TRACE_PIPE_SIZE - pos);
	const char *nl = memchr(tp->ring + pos, '\n', first);

	if (nl)
		return nl - (tp->ring + pos) + 1;
	nl = memchr(tp->ring, '\n', avail - first);
	return nl ? first + (nl - tp->ring) + 1 : avail;
}

static void ring_drop_oldest_line(struct trace_pipe *tp)
{
	u32 n = ring_line_len(tp, tp->head, tp->len);

	tp->head = (tp->head + n) % TRACE_PIPE_SIZE;
	tp->len -= n;
}

static void ring_put(struct trace_pipe *tp, const char *line, u32 n)
{
	u32 tail, first;

	n = min(n, TRACE_PIPE_SIZE);
	while (TRACE_PIPE_SIZE - tp->len < n)
		ring_drop_oldest_line(tp);
	tail = (tp->head + tp->len) % TRACE_PIPE_SIZE;
	first = min(n, TRACE_PIPE_SIZE - tail);
	memcpy(tp->ring + tail, line, first);
	memcpy(tp->ring, line + first, n - first);
	tp->len += n;
}

static void ring_get(struct trace_pipe *tp, char *buf, u32 n)
{
	u32 first = min(n, TRACE_PIPE_SIZE - tp->head);

	memcpy(buf, tp->ring + tp->head, first);
	memcpy(buf + first, tp->ring, n - first);
	tp->head = (tp->head + n) % TRACE_PIPE_SIZE;
	tp->len -= n;
}

static void mirror_line(int fd, const char *line, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, line, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		line += w;
		n -= w;
	}
}

/* The trace event: one line with the ftrace context of the calling thread. */
static void trace_bpf_trace_printk(const char *text)
{
	char comm[TASK_COMM_LEN] = "", line[TRACE_LINE_MAX];
	u64 ts = ktime_get_ns();
	int saved_errno = errno;
	int n;

	pthread_once(&trace_pipe_once, trace_pipe_init);
	prctl(PR_GET_NAME, comm);
	comm[TASK_COMM_LEN - 1] = '\0';
	n = snprintf(line, sizeof(line), TRACE_LINE_FMT, comm, (int)gettid(), smp_processor_id(),
		     (unsigned long long)(ts / NSEC_PER_SEC),
		     (unsigned long long)(ts % NSEC_PER_SEC / NSEC_PER_USEC), text);
	if (n < 0)
		goto out;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}

	pthread_mutex_lock(&trace_pipe.lock);
	ring_put(&trace_pipe, line, n);
	if (trace_pipe.mirror_fd >= 0)
		mirror_line(trace_pipe.mirror_fd, line, n);
	pthread_cond_broadcast(&trace_pipe.wait);
	pthread_mutex_unlock(&trace_pipe.lock);
out:
	errno = saved_errno;
}

/*
 * sysbpf's own lines (a run stopped by a guard, ...).  They carry their
 * own end: one trailing newline of fmt is dropped rather than doubled.
 */
void bpf_trace_printk_emit(const char *fmt, ...)
{
	char text[MAX_BPRINTF_BUF];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	n = min_t(int, n, sizeof(text) - 1);
	if (n && text[n - 1] == '\n')
		text[n - 1] = '\0';
	trace_bpf_trace_printk(text);
}

/*
 * Whole lines while they fit in size; a first line longer than size comes
 * in pieces.  Waits for a line unless nonblock, where an empty pipe is
 * -EAGAIN.
 */
ssize_t bpf_trace_pipe_read(char *buf, size_t size, bool nonblock)
{
	struct trace_pipe *tp = &trace_pipe;
	u32 take = 0, n;

	if (!size)
		return 0;
	pthread_mutex_lock(&tp->lock);
	while (!tp->len) {
		if (nonblock) {
			pthread_mutex_unlock(&tp->lock);
			return -EAGAIN;
		}
		pthread_cond_wait(&tp->wait, &tp->lock);
	}
	while (take < tp->len) {
		n = ring_line_len(tp, (tp->head + take) % TRACE_PIPE_SIZE, tp->len - take);
		if (take + n > size)
			break;
		take += n;
	}
	if (!take)
		take = min_t(size_t, size, tp->len);
	ring_get(tp, buf, take);
	pthread_mutex_unlock(&tp->lock);
	return take;
}

BPF_CALL_5(bpf_trace_printk, char *, fmt, u32, fmt_size, u64, arg1,
	   u64, arg2, u64, arg3)
{
	u64 args[MAX_TRACE_PRINTK_VARARGS] = { arg1, arg2, arg3 };
	struct bpf_bprintf_data data = {
		.get_bin_args	= true,
		.get_buf	= true,
	};
	int ret;

	ret = bpf_bprintf_prepare(fmt, fmt_size, args, MAX_TRACE_PRINTK_VARARGS, &data);
	if (ret < 0)
		return ret;

	ret = bstr_printf(data.buf, MAX_BPRINTF_BUF, fmt, data.bin_args);
	trace_bpf_trace_printk(data.buf);
	bpf_bprintf_cleanup(&data);
	return ret;
}

const struct bpf_func_proto bpf_trace_printk_proto = {
	.func		= bpf_trace_printk,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg2_type	= ARG_CONST_SIZE,
};

BPF_CALL_4(bpf_trace_vprintk, char *, fmt, u32, fmt_size, const void *, args,
	   u32, data_len)
{
	struct bpf_bprintf_data data = {
		.get_bin_args	= true,
		.get_buf	= true,
	};
	int ret;

	if (data_len & 7 || data_len > MAX_BPRINTF_VARARGS * 8 ||
	    (data_len && !args))
		return -EINVAL;

	ret = bpf_bprintf_prepare(fmt, fmt_size, args, data_len / 8, &data);
	if (ret < 0)
		return ret;

	ret = bstr_printf(data.buf, MAX_BPRINTF_BUF, fmt, data.bin_args);
	trace_bpf_trace_printk(data.buf);
	bpf_bprintf_cleanup(&data);
	return ret;
}

const struct bpf_func_proto bpf_trace_vprintk_proto = {
	.func		= bpf_trace_vprintk,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM | MEM_RDONLY,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
	.arg4_type	= ARG_CONST_SIZE_OR_ZERO,
};
