// SPDX-License-Identifier: GPL-2.0
/*
 * The generic helpers (kernel/bpf/helpers.c) and the trace pipe
 * (kernel/trace/bpf_trace.c), called as the interpreter calls them:
 * through proto->func with five u64 registers.
 *
 * Callbacks of bpf_loop() and bpf_for_each_map_elem() run through
 * bpf_prog_run_subprog() of kernel/bpf/core.c.  This file carries a weak
 * stand-in that runs C functions instead (entry->insn_off indexes
 * test_callbacks[]); when the real one is linked, the checks that need
 * callbacks run only where they do not depend on it.  The same holds for
 * bpf_run_guard_add(), whose stand-in records what the helpers declare.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define U(x)		((u64)(uintptr_t)(x))
#define RET(x)		((long)(s64)(x))
/* A check whose failure needs no explanation beyond its name. */
#define CHECK(cond, name)	TEST_OK(cond, name, "%s", "condition is false")
#define TEST_COMM	"helpers_test"

/* ---- stand-ins for kernel/bpf/core.c ---- */

typedef u64 (*test_cb_t)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
static test_cb_t test_callbacks[8];
static int subprog_calls;

static u64 stub_run_subprog(const struct bpf_subprog_entry *entry,
			    u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	subprog_calls++;
	return test_callbacks[entry->insn_off](r1, r2, r3, r4, r5);
}

u64 bpf_prog_run_subprog(const struct bpf_subprog_entry *entry,
			 u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
	__attribute__((weak, alias("stub_run_subprog")));

struct guard_rec {
	const void *start;
	u64 size;
	bool writable;
};
static struct guard_rec guards[64];
static int nr_guards;

static void stub_guard_add(const void *start, u64 size, bool writable)
{
	if (nr_guards < (int)ARRAY_SIZE(guards))
		guards[nr_guards++] = (struct guard_rec){ start, size, writable };
}

void bpf_run_guard_add(const void *start, u64 size, bool writable)
	__attribute__((weak, alias("stub_guard_add")));

static bool stub_subprogs(void)
{
	return (void *)bpf_prog_run_subprog == (void *)stub_run_subprog;
}

static bool stub_guards(void)
{
	return (void *)bpf_run_guard_add == (void *)stub_guard_add;
}

static bool guarded(const void *start, u64 size, bool writable)
{
	int i;

	for (i = 0; i < nr_guards; i++)
		if (guards[i].start == start && guards[i].size == size &&
		    guards[i].writable == writable)
			return true;
	return false;
}

/* ---- trace pipe access ---- */

static char pipe_buf[4 << 20];

/* Everything the pipe holds now, consumed. */
static size_t pipe_drain(char *buf, size_t size)
{
	size_t total = 0;
	ssize_t n;

	while (total + 1 < size &&
	       (n = bpf_trace_pipe_read(buf + total, size - 1 - total, true)) > 0)
		total += n;
	buf[total] = '\0';
	return total;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The text of the one line a printk made: what follows the event name. */
static const char *line_text(const char *buf)
{
	const char *p = strstr(buf, ": bpf_trace_printk: ");

	return p ? p + strlen(": bpf_trace_printk: ") : "<no line>";
}

static char text[8192];

/* Calls bpf_trace_printk(); text gets the line's text, "" if there is no line. */
static long printk3(const char *fmt, u32 fmt_size, u64 a1, u64 a2, u64 a3)
{
	long ret;

	pipe_drain(pipe_buf, sizeof(pipe_buf));
	ret = RET(bpf_trace_printk_proto.func(U(fmt), fmt_size, a1, a2, a3));
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	snprintf(text, sizeof(text), "%s", pipe_buf[0] ? line_text(pipe_buf) : "");
	return ret;
}

#define PRINTK(fmt, a1, a2, a3) printk3(fmt, sizeof(fmt), U(a1), U(a2), U(a3))

/* The format gives text (newline of the event included) and returns ret. */
#define TEST_PRINTK(fmt, a1, a2, a3, want, want_ret)				\
	({ long __r = PRINTK(fmt, a1, a2, a3);					\
	   TEST_OK(__r == (want_ret) && !strcmp(text, want "\n"),		\
		   "trace_printk " #fmt, "ret %ld text '%s'", __r, text); })

#define TEST_PRINTK_EINVAL(fmt, a1, a2, a3)					\
	({ long __r = PRINTK(fmt, a1, a2, a3);					\
	   TEST_OK(__r == -EINVAL && !pipe_buf[0],				\
		   "trace_printk rejects " #fmt, "ret %ld pipe '%s'", __r, pipe_buf); })

/* ---- tests run in children, before anything sets up process state ---- */

static void test_stderr_mirror(void)
{
	char buf[512] = "";
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return;
	pid = fork();
	if (pid == 0) {
		setenv("SYSBPF_TRACE_PIPE", "stderr", 1);
		dup2(fds[1], STDERR_FILENO);
		bpf_trace_printk_emit("to stderr %d", 7);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	TEST_OK(n > 0 && !strcmp(line_text(buf), "to stderr 7\n"),
		"SYSBPF_TRACE_PIPE=stderr writes each line to stderr", "got '%s'", buf);
}

enum {
	UNPRIV_LOOKUP	= 1 << 0,
	UNPRIV_STRNCMP	= 1 << 1,
	UNPRIV_NO_LOOP	= 1 << 2,
	UNPRIV_NO_LOCK	= 1 << 3,
	UNPRIV_NO_PRINTK = 1 << 4,
	UNPRIV_NO_SNPRINTF = 1 << 5,
	UNPRIV_PRANDOM	= 1 << 6,
};

static void test_unpriv_protos(void)
{
	int status = 0, got;
	pid_t pid = fork();

	if (pid == 0) {
		setenv("SYSBPF_UNPRIV", "1", 1);
		got = (bpf_base_func_proto(BPF_FUNC_map_lookup_elem) ==
		       &bpf_map_lookup_elem_proto ? UNPRIV_LOOKUP : 0) |
		      (bpf_base_func_proto(BPF_FUNC_strncmp) ==
		       &bpf_strncmp_proto ? UNPRIV_STRNCMP : 0) |
		      (!bpf_base_func_proto(BPF_FUNC_loop) ? UNPRIV_NO_LOOP : 0) |
		      (!bpf_base_func_proto(BPF_FUNC_spin_lock) ? UNPRIV_NO_LOCK : 0) |
		      (!bpf_base_func_proto(BPF_FUNC_trace_printk) ? UNPRIV_NO_PRINTK : 0) |
		      (!bpf_base_func_proto(BPF_FUNC_snprintf) ? UNPRIV_NO_SNPRINTF : 0) |
		      (bpf_base_func_proto(BPF_FUNC_get_prandom_u32) ? UNPRIV_PRANDOM : 0);
		_exit(got);
	}
	waitpid(pid, &status, 0);
	got = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	CHECK(got & UNPRIV_LOOKUP, "unprivileged: map_lookup_elem");
	CHECK(got & UNPRIV_STRNCMP, "unprivileged: strncmp");
	CHECK(got & UNPRIV_PRANDOM, "unprivileged: get_prandom_u32");
	CHECK(got & UNPRIV_NO_LOOP, "unprivileged: no bpf_loop (needs CAP_BPF)");
	CHECK(got & UNPRIV_NO_LOCK, "unprivileged: no spin_lock (needs CAP_BPF)");
	CHECK(got & UNPRIV_NO_PRINTK, "unprivileged: no trace_printk (needs CAP_PERFMON)");
	CHECK(got & UNPRIV_NO_SNPRINTF, "unprivileged: no snprintf (needs CAP_PERFMON)");
}

/* ---- trace_printk and the format engine ---- */

static void test_printk_header(void)
{
	char want[128];
	u64 before, after, ts;
	unsigned long sec, usec;
	const char *p;
	int n = 0;

	sysbpf_this_cpu = nr_cpu_ids > 1 ? 1 : 0;
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	before = ktime_get_ns() / 1000;
	bpf_trace_printk_proto.func(U("hdr"), 4, 0, 0, 0);
	after = ktime_get_ns() / 1000;
	pipe_drain(pipe_buf, sizeof(pipe_buf));

	snprintf(want, sizeof(want), "%16s-%-7d [%03u] d..31 ", TEST_COMM, (int)gettid(),
		 sysbpf_this_cpu);
	TEST_OK(!strncmp(pipe_buf, want, strlen(want)), "line starts with comm-pid [cpu] d..31",
		"got '%s' want prefix '%s'", pipe_buf, want);
	p = pipe_buf + strlen(want);
	TEST_OK(sscanf(p, "%lu.%6lu: bpf_trace_printk: %n", &sec, &usec, &n) == 2 && n > 0,
		"line has <sec>.<usec>: bpf_trace_printk: ", "got '%s'", p);
	ts = (u64)sec * 1000000 + usec;
	TEST_OK(ts >= before && ts <= after, "timestamp is the monotonic clock in us",
		"ts %llu not in [%llu, %llu]", (unsigned long long)ts,
		(unsigned long long)before, (unsigned long long)after);
	TEST_OK(n > 0 && !strcmp(p + n, "hdr\n"), "line ends with the text and a newline",
		"got '%s'", p);
	TEST_EQ(count_lines(pipe_buf), 1, "one call, one line");
	sysbpf_this_cpu = 0;
}

static char long_str[700];

static void test_printk_formats(void)
{
	memset(long_str, 'a', sizeof(long_str) - 1);

	TEST_PRINTK("hello %d", 42, 0, 0, "hello 42", 8);
	TEST_PRINTK("%u %x %X", -1, 255, 255, "4294967295 ff FF", 16);
	TEST_PRINTK("%ld %lu %lx", -5L, 5, 0xdeadbeefcafeUL, "-5 5 deadbeefcafe", 17);
	TEST_PRINTK("%lld %llu %llx", -1LL, ~0ULL, 0x1234, "-1 18446744073709551615 1234", 28);
	TEST_PRINTK("%li %lli", -7L, -8LL, 0, "-7 -8", 5);
	TEST_PRINTK("%i|%d|%u", 0x100000005ULL, 0xffffffffULL, 0x1ffffffffULL,
		    "5|-1|4294967295", 15);
	TEST_PRINTK("[%5d|%-5d|%05d]", 42, 42, 42, "[   42|42   |00042]", 19);
	TEST_PRINTK("%+d % d %+u", 5, 5, 5, "+5  5 5", 7);
	TEST_PRINTK("%-05d|%08x", -3, 0xab, 0, "-3   |000000ab", 14);
	TEST_PRINTK("%c%c%c", 'a', 'b', 'c', "abc", 3);
	TEST_PRINTK("[%3c|%-3c]", 'x', 'y', 0, "[  x|y  ]", 9);
	TEST_PRINTK("%s=%d%%", "key", 7, 0, "key=7%", 6);
	TEST_PRINTK("[%8s|%-8s]", "ab", "cd", 0, "[      ab|cd      ]", 19);
	TEST_PRINTK("%%", 0, 0, 0, "%", 1);
	TEST_PRINTK("no args", 0, 0, 0, "no args", 7);
	TEST_PRINTK("h\xc3\xa9llo %d", 1, 0, 0, "h\xc3\xa9llo 1", 8);
	TEST_PRINTK("%s.", "end", 0, 0, "end.", 4);
	TEST_PRINTK("%s", NULL, 0, 0, "", 0);
	TEST_PRINTK("%pks|%pus", "kernel", "user", 0, "kernel|user", 11);
	/* a format ending in a newline gets the event's newline as well */
	TEST_PRINTK("line\n", 0, 0, 0, "line\n", 5);

	/* a string is cut to the 512-byte argument buffer, NUL included */
	TEST_EQ(PRINTK("%s", long_str, 0, 0), 511, "%s of 699 bytes prints 511");
	TEST_EQ(strlen(text), 512, "... and the line holds them");
	TEST_EQ(PRINTK("%s%d", long_str, 1, 0), -ENOSPC,
		"no room left for the next argument: -ENOSPC");
	CHECK(!pipe_buf[0], "... and nothing is printed");
}

static void test_printk_bad_memory(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	u8 *ip;

	if (p == MAP_FAILED) {
		CHECK(0, "mmap for bad-address checks");
		return;
	}
	munmap(p + page, page);
	memset(p, 'z', page);
	TEST_PRINTK("[%s]", p + page, 0, 0, "[]", 2);
	/* a string running into an unmapped page is not printed at all */
	TEST_PRINTK("[%s]", p + page - 4, 0, 0, "[]", 2);
	memcpy(p + page - 3, "ok", 3);
	TEST_PRINTK("[%s]", p + page - 3, 0, 0, "[ok]", 4);
	ip = (u8 *)p + page - 2;
	TEST_PRINTK("%pI4", ip, 0, 0, "0.0.0.0", 7);
	munmap(p, page);
}

static void test_printk_pointers(void)
{
	static const u8 ip4[4] = { 192, 168, 1, 2 };
	static const u8 ip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	char want[256], hashed[64], *endp;
	int x, y;
	const ElfW(Sym) *sym = NULL;
	void *fn = (void *)&dladdr1;
	Dl_info info;

	snprintf(want, sizeof(want), "%016lx", (unsigned long)&x);
	PRINTK("%px", &x, 0, 0);
	TEST_OK(!strcmp(text, strcat(want, "\n")), "%px prints the address", "got '%s'", text);

	PRINTK("%p", &x, 0, 0);
	snprintf(hashed, sizeof(hashed), "%.60s", text);
	TEST_OK(strlen(hashed) == 17 && !strncmp(hashed, "00000000", 8) &&
		strtoul(hashed, &endp, 16) && *endp == '\n',
		"%p prints a 32-bit id in 16 digits", "got '%s'", hashed);
	TEST_OK(strcmp(hashed, want), "%p does not print the address", "got '%s'", hashed);
	PRINTK("%p", &x, 0, 0);
	TEST_OK(!strcmp(text, hashed), "%p of one address is stable", "got '%s'", text);
	PRINTK("%pK", &x, 0, 0);
	TEST_OK(!strcmp(text, hashed), "%pK prints as %p (kptr_restrict 0)", "got '%s'", text);
	PRINTK("%p", &y, 0, 0);
	TEST_OK(strcmp(text, hashed), "%p of two addresses differs", "got '%s'", text);
	TEST_PRINTK("%p", NULL, 0, 0, "0000000000000000", 16);
	TEST_PRINTK("[%20px]", 0xabc, 0, 0, "[                 abc]", 22);
	/* so are Latin-1 letters, which the kernel's ctype counts as alnum */
	TEST_PRINTK("%px\xc9\xd7", 0xabc, 0, 0, "0000000000000abc\xd7", 17);

	TEST_PRINTK("%pI4 %pi4", ip4, ip4, 0, "192.168.1.2 192.168.001.002", 27);
	TEST_PRINTK("%pI6", ip6, 0, 0, "2001:0db8:0000:0000:0000:0000:0000:0001", 39);
	TEST_PRINTK("%pi6", ip6, 0, 0, "20010db8000000000000000000000001", 32);
	/* the letters after %pI6 belong to the conversion: 'c' is swallowed */
	TEST_PRINTK("%pI6c|", ip6, 0, 0, "2001:0db8:0000:0000:0000:0000:0000:0001|", 40);

	if (dladdr1(fn, &info, (void **)&sym, RTLD_DL_SYMENT) && info.dli_sname &&
	    info.dli_saddr == fn) {
		snprintf(want, sizeof(want), "%s+0x0/0x%lx\n", info.dli_sname,
			 (unsigned long)sym->st_size);
		PRINTK("%pS", fn, 0, 0);
		TEST_OK(!strcmp(text, want), "%pS prints symbol+off/size", "got '%s' want '%s'",
			text, want);
		snprintf(want, sizeof(want), "%s\n", info.dli_sname);
		PRINTK("%ps", fn, 0, 0);
		TEST_OK(!strcmp(text, want), "%ps prints the symbol", "got '%s'", text);
		snprintf(want, sizeof(want), "%s+0x1/0x%lx\n", info.dli_sname,
			 (unsigned long)sym->st_size);
		PRINTK("%pB", (char *)fn + 1, 0, 0);
		TEST_OK(!strcmp(text, want), "%pB prints a return address", "got '%s' want '%s'",
			text, want);
	} else {
		CHECK(0, "dladdr1 finds a symbol for the %pS checks");
	}
	snprintf(want, sizeof(want), "0x%lx\n", (unsigned long)&x);
	PRINTK("%pS", &x, 0, 0);
	TEST_OK(!strcmp(text, want), "%pS of data prints 0x<address>", "got '%s'", text);
}

static void test_printk_invalid(void)
{
	char no_nul[4] = { 'a', 'b', 'c', 'd' };
	long r;

	TEST_PRINTK_EINVAL("%f", 1, 0, 0);
	TEST_PRINTK_EINVAL("%5.2d", 1, 0, 0);
	TEST_PRINTK_EINVAL("%hd", 1, 0, 0);
	TEST_PRINTK_EINVAL("%zu", 1, 0, 0);
	TEST_PRINTK_EINVAL("%*d", 1, 2, 0);
	TEST_PRINTK_EINVAL("%n", 1, 0, 0);
	TEST_PRINTK_EINVAL("%lc", 1, 0, 0);
	TEST_PRINTK_EINVAL("%lld%", 1, 0, 0);
	TEST_PRINTK_EINVAL("%d %d %d %d", 1, 2, 3);
	TEST_PRINTK_EINVAL("%pZ", 1, 0, 0);
	TEST_PRINTK_EINVAL("%pI5", 1, 0, 0);
	TEST_PRINTK_EINVAL("%sx", "a", 0, 0);
	TEST_PRINTK_EINVAL("%pksx", "a", 0, 0);
	TEST_PRINTK_EINVAL("bell\x07", 0, 0, 0);
	TEST_PRINTK_EINVAL("%\xc3\xa9", 0, 0, 0);
	TEST_PRINTK_EINVAL("%#x", 1, 0, 0);

	r = printk3(no_nul, sizeof(no_nul), 0, 0, 0);
	TEST_OK(r == -EINVAL && !pipe_buf[0], "fmt without NUL in fmt_size: -EINVAL", "ret %ld", r);
	r = printk3("abc", 0, 0, 0, 0);
	TEST_EQ(r, -EINVAL, "fmt_size 0: -EINVAL");
	r = printk3("abc%d", 3, 1, 0, 0);
	TEST_EQ(r, -EINVAL, "fmt_size short of the NUL: -EINVAL");
}

static void test_vprintk(void)
{
	u64 args[13] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
	static const char fmt5[] = "%d %d %d %d %d";
	static const char fmt12[] = "%d%d%d%d%d%d%d%d%d%d%d%d";
	static const char fmt13[] = "%d%d%d%d%d%d%d%d%d%d%d%d%d";
	const struct bpf_func_proto *p = &bpf_trace_vprintk_proto;
	long r;

	pipe_drain(pipe_buf, sizeof(pipe_buf));
	r = RET(p->func(U(fmt5), sizeof(fmt5), U(args), 5 * 8, 0));
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	TEST_OK(r == 9 && !strcmp(line_text(pipe_buf), "1 2 3 4 5\n"),
		"trace_vprintk with 5 args", "ret %ld '%s'", r, pipe_buf);
	r = RET(p->func(U(fmt12), sizeof(fmt12), U(args), 12 * 8, 0));
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	TEST_OK(r == 15 && !strcmp(line_text(pipe_buf), "123456789101112\n"),
		"trace_vprintk with 12 args", "ret %ld '%s'", r, pipe_buf);
	r = RET(p->func(U(fmt13), sizeof(fmt13), U(args), 12 * 8, 0));
	TEST_EQ(r, -EINVAL, "trace_vprintk: more conversions than args");
	r = RET(p->func(U(fmt13), sizeof(fmt13), U(args), 13 * 8, 0));
	TEST_EQ(r, -EINVAL, "trace_vprintk: 13 args");
	r = RET(p->func(U(fmt5), sizeof(fmt5), U(args), 12, 0));
	TEST_EQ(r, -EINVAL, "trace_vprintk: data_len not a multiple of 8");
	r = RET(p->func(U(fmt5), sizeof(fmt5), 0, 40, 0));
	TEST_EQ(r, -EINVAL, "trace_vprintk: data_len without args");
	r = RET(p->func(U("plain"), 6, 0, 0, 0));
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	TEST_OK(r == 5 && !strcmp(line_text(pipe_buf), "plain\n"),
		"trace_vprintk without args", "ret %ld '%s'", r, pipe_buf);
}

static void test_snprintf(void)
{
	const struct bpf_func_proto *p = &bpf_snprintf_proto;
	u64 args[3] = { 7, U("x"), 0 };
	char out[64];
	long r;

	memset(out, '#', sizeof(out));
	r = RET(p->func(U(out), sizeof(out), U("%d-%s"), U(args), 16));
	TEST_OK(r == 4 && !strcmp(out, "7-x"), "snprintf formats and returns length + 1",
		"ret %ld '%s'", r, out);
	memset(out, '#', sizeof(out));
	args[0] = 1;
	r = RET(p->func(U(out), 4, U("abcdef%d"), U(args), 8));
	TEST_OK(r == 8 && !strcmp(out, "abc") && out[4] == '#',
		"snprintf truncates to str_size, NUL included", "ret %ld '%.8s'", r, out);
	r = RET(p->func(0, 0, U("abcdef%d"), U(args), 8));
	TEST_EQ(r, 8, "snprintf with no buffer returns the size needed");
	memset(out, '#', sizeof(out));
	r = RET(p->func(U(out), sizeof(out), U("%d %q"), U(args), 16));
	TEST_OK(r == -EINVAL && out[0] == '#', "snprintf: bad format is -EINVAL, buffer untouched",
		"ret %ld", r);
	r = RET(p->func(U(out), sizeof(out), U("%d"), U(args), 4));
	TEST_EQ(r, -EINVAL, "snprintf: data_len not a multiple of 8");
	r = RET(p->func(U(out), sizeof(out), U("%d"), 0, 8));
	TEST_EQ(r, -EINVAL, "snprintf: data_len without args");
	r = RET(p->func(U(out), sizeof(out), U("%d %d"), U(args), 8));
	TEST_EQ(r, -EINVAL, "snprintf: more conversions than args");
	args[0] = U(long_str);
	args[1] = 1;
	r = RET(p->func(U(out), sizeof(out), U("%s%d"), U(args), 16));
	TEST_EQ(r, -ENOSPC, "snprintf: arguments beyond 512 bytes: -ENOSPC");
	r = RET(p->func(U(out), sizeof(out), U("100%%"), 0, 0));
	TEST_OK(r == 5 && !strcmp(out, "100%"), "snprintf without args", "ret %ld '%s'", r, out);
}

static void test_bprintf_prepare(void)
{
	struct bpf_bprintf_data data = {};
	char fmt[] = "%d %s %pI4";

	TEST_EQ(bpf_bprintf_prepare(fmt, sizeof(fmt), NULL, 3, &data), 0,
		"bpf_bprintf_prepare checks a format without arguments");
	CHECK(!data.bin_args && !data.buf, "... and takes no buffers");
	TEST_EQ(bpf_bprintf_prepare(fmt, sizeof(fmt), NULL, 2, &data), -EINVAL,
		"bpf_bprintf_prepare: too few args for the format");
}

/* ---- string helpers ---- */

static long strncmp_call(const char *s1, u32 n, const char *s2)
{
	return RET(bpf_strncmp_proto.func(U(s1), n, U(s2), 0, 0));
}

static long strtol_call(const struct bpf_func_proto *p, const char *s, size_t len,
			u64 flags, s64 *res)
{
	return RET(p->func(U(s), len, flags, U(res), 0));
}

static void test_strings(void)
{
	const struct bpf_func_proto *sl = &bpf_strtol_proto, *sul = &bpf_strtoul_proto;
	s64 res;

	TEST_EQ(strncmp_call("abc", 3, "abc"), 0, "strncmp equal");
	CHECK(strncmp_call("abd", 3, "abc") > 0, "strncmp greater");
	CHECK(strncmp_call("abb", 3, "abc") < 0, "strncmp less");
	TEST_EQ(strncmp_call("abcX", 3, "abcY"), 0, "strncmp stops at s1_sz");
	CHECK(strncmp_call("ab", 3, "abc") < 0, "strncmp stops at s1's NUL");

	TEST_OK(strtol_call(sl, "  -123abc", 9, 10, &res) == 6 && res == -123,
		"strtol skips spaces, reads the sign", "res %lld", (long long)res);
	CHECK(strtol_call(sl, "0x1f", 4, 0, &res) == 4 && res == 31, "strtol base 0 hex");
	CHECK(strtol_call(sl, "0x1f", 4, 16, &res) == 4 && res == 31, "strtol base 16 0x");
	CHECK(strtol_call(sl, "077", 3, 0, &res) == 3 && res == 63, "strtol base 0 octal");
	CHECK(strtol_call(sl, "12345", 3, 10, &res) == 3 && res == 123, "strtol within buf_len");
	CHECK(strtol_call(sl, "\xa0" "7", 2, 10, &res) == 2 && res == 7,
		"strtol: 0xa0 is a space, as the kernel's ctype says");
	TEST_EQ(strtol_call(sl, "99999999999999999999", 20, 10, &res), -ERANGE, "strtol overflow");
	TEST_EQ(strtol_call(sl, "9223372036854775808", 19, 10, &res), -ERANGE,
		"strtol above S64_MAX");
	CHECK(strtol_call(sl, "-9223372036854775808", 20, 10, &res) == 20 && res == S64_MIN,
		"strtol S64_MIN");
	TEST_EQ(strtol_call(sl, "12", 2, 3, &res), -EINVAL, "strtol base 3");
	TEST_EQ(strtol_call(sl, "12", 2, 1 << 5, &res), -EINVAL, "strtol unknown flags");
	CHECK(strtol_call(sl, "   ", 3, 10, &res) == -EINVAL && res == 0,
		"strtol of spaces only: -EINVAL, res 0");
	TEST_EQ(strtol_call(sl, "abc", 3, 10, &res), -EINVAL, "strtol without digits");
	TEST_EQ(strtol_call(sul, "-1", 2, 10, &res), -EINVAL, "strtoul of a negative");
	CHECK(strtol_call(sul, "18446744073709551615", 20, 10, &res) == 20 && res == -1,
		"strtoul U64_MAX");
	TEST_EQ(strtol_call(sul, "18446744073709551616", 20, 10, &res), -ERANGE,
		"strtoul overflow");
}

/* ---- bpf_loop ---- */

static u64 loop_ctx_seen;

static u64 loop_stop_at_4(u64 i, u64 ctx, u64 r3, u64 r4, u64 r5)
{
	loop_ctx_seen = ctx;
	return i == 4;
}

static u64 loop_never_stop(u64 i, u64 ctx, u64 r3, u64 r4, u64 r5)
{
	(*(u64 *)(uintptr_t)ctx) += i;
	return 0;
}

static u64 loop_stop_now(u64 i, u64 ctx, u64 r3, u64 r4, u64 r5)
{
	return 1;
}

static long loop_call(u32 nr, const struct bpf_subprog_entry *e, void *ctx, u64 flags)
{
	return RET(bpf_loop_proto.func(nr, U(e), U(ctx), flags, 0));
}

static void test_loop(void)
{
	struct bpf_subprog_entry stop4 = { NULL, 0 }, never = { NULL, 1 }, now = { NULL, 2 };
	u64 sum = 0;
	long r;

	test_callbacks[0] = loop_stop_at_4;
	test_callbacks[1] = loop_never_stop;
	test_callbacks[2] = loop_stop_now;

	subprog_calls = 0;
	TEST_EQ(loop_call(BPF_MAX_LOOPS + 1, &never, &sum, 0), -E2BIG,
		"bpf_loop above BPF_MAX_LOOPS");
	TEST_EQ(loop_call(3, &never, &sum, 1), -EINVAL, "bpf_loop flags");
	TEST_EQ(loop_call(0, &never, &sum, 0), 0, "bpf_loop of 0 iterations");
	TEST_EQ(subprog_calls, 0, "... none of which ran the callback");

	if (!stub_subprogs()) {
		printf("# core.c's bpf_prog_run_subprog: callbacks are run by program tests\n");
		return;
	}
	r = loop_call(10, &stop4, (void *)0x1234, 0);
	TEST_OK(r == 5 && subprog_calls == 5, "bpf_loop stops when the callback returns 1",
		"ret %ld calls %d", r, subprog_calls);
	TEST_EQ(loop_ctx_seen, 0x1234, "bpf_loop passes callback_ctx");
	r = loop_call(7, &never, &sum, 0);
	TEST_OK(r == 7 && sum == 21, "bpf_loop runs nr_loops times with i = 0..n-1",
		"ret %ld sum %llu", r, (unsigned long long)sum);
	TEST_EQ(loop_call(BPF_MAX_LOOPS, &now, NULL, 0), 1, "bpf_loop accepts BPF_MAX_LOOPS");
}

/* ---- map helpers through a stub map ---- */

struct stub_map {
	struct bpf_map map;
	u64 vals[4];
	u64 last_flags;
	u32 last_cpu;
	u64 queue[8];
	int qhead, qlen;
};

static struct stub_map *to_stub(struct bpf_map *map)
{
	return container_of(map, struct stub_map, map);
}

static void *stub_lookup(struct bpf_map *map, void *key)
{
	u32 k = *(u32 *)key;

	if (k == 99)
		return ERR_PTR(-EOPNOTSUPP);
	return k < 4 ? &to_stub(map)->vals[k] : NULL;
}

/* Flag checks as 6.1's array map makes them. */
static int stub_update(struct bpf_map *map, void *key, void *value, u64 flags)
{
	struct stub_map *m = to_stub(map);
	u32 k = *(u32 *)key;

	m->last_flags = flags;
	if (flags > BPF_EXIST)
		return -EINVAL;
	if (k >= 4)
		return -E2BIG;
	if (flags & BPF_NOEXIST)
		return -EEXIST;
	memcpy(&m->vals[k], value, sizeof(u64));
	return 0;
}

static int stub_delete(struct bpf_map *map, void *key)
{
	return -EINVAL;
}

static int stub_push(struct bpf_map *map, void *value, u64 flags)
{
	struct stub_map *m = to_stub(map);

	if (m->qlen == 8)
		return -E2BIG;
	m->queue[(m->qhead + m->qlen++) % 8] = *(u64 *)value;
	return 0;
}

static int stub_peek(struct bpf_map *map, void *value)
{
	struct stub_map *m = to_stub(map);

	if (!m->qlen)
		return -ENOENT;
	*(u64 *)value = m->queue[m->qhead];
	return 0;
}

static int stub_pop(struct bpf_map *map, void *value)
{
	struct stub_map *m = to_stub(map);
	int err = stub_peek(map, value);

	if (!err) {
		m->qhead = (m->qhead + 1) % 8;
		m->qlen--;
	}
	return err;
}

static void *stub_lookup_percpu(struct bpf_map *map, void *key, u32 cpu)
{
	to_stub(map)->last_cpu = cpu;
	return stub_lookup(map, key);
}

/* Like the array map: key on the stack, stop after the callback returns 1. */
static int stub_for_each(struct bpf_map *map, bpf_callback_t cb, void *ctx, u64 flags)
{
	struct stub_map *m = to_stub(map);
	int n = 0;
	u32 key;

	if (flags)
		return -EINVAL;
	for (key = 0; key < 4; key++) {
		n++;
		if (cb(U(map), U(&key), U(&m->vals[key]), U(ctx), 0))
			break;
	}
	return n;
}

static const struct bpf_map_ops stub_map_ops = {
	.map_lookup_elem	= stub_lookup,
	.map_update_elem	= stub_update,
	.map_delete_elem	= stub_delete,
	.map_push_elem		= stub_push,
	.map_pop_elem		= stub_pop,
	.map_peek_elem		= stub_peek,
	.map_lookup_percpu_elem	= stub_lookup_percpu,
	.map_for_each_callback	= stub_for_each,
};

static const struct bpf_map_ops empty_map_ops;

static void stub_map_init(struct stub_map *m, const struct bpf_map_ops *ops, u32 flags)
{
	memset(m, 0, sizeof(*m));
	m->map.ops = ops;
	m->map.map_type = BPF_MAP_TYPE_ARRAY;
	m->map.key_size = sizeof(u32);
	m->map.value_size = sizeof(u64);
	m->map.max_entries = 4;
	m->map.map_flags = flags;
	m->vals[0] = 10;
	m->vals[1] = 11;
	m->vals[2] = 12;
	m->vals[3] = 13;
}

#define MAP_CALL(proto, a, b, c) RET((proto).func(U(a), U(b), U(c), 0, 0))

static void test_map_helpers(void)
{
	struct stub_map m, ro, none;
	u32 k1 = 1, k7 = 7, k99 = 99;
	u64 v = 77, out = 0, p;

	stub_map_init(&m, &stub_map_ops, 0);
	stub_map_init(&ro, &stub_map_ops, BPF_F_RDONLY_PROG);
	stub_map_init(&none, &empty_map_ops, 0);

	nr_guards = 0;
	p = bpf_map_lookup_elem_proto.func(U(&m.map), U(&k1), 0, 0, 0);
	CHECK(p == U(&m.vals[1]), "map_lookup_elem returns the op's value");
	TEST_EQ(bpf_map_lookup_elem_proto.func(U(&m.map), U(&k7), 0, 0, 0), 0,
		"map_lookup_elem miss is NULL");
	TEST_EQ(bpf_map_lookup_elem_proto.func(U(&m.map), U(&k99), 0, 0, 0), 0,
		"map_lookup_elem: an error pointer of the op is NULL");
	p = bpf_map_lookup_elem_proto.func(U(&ro.map), U(&k1), 0, 0, 0);
	CHECK(p == U(&ro.vals[1]), "map_lookup_elem of a BPF_F_RDONLY_PROG map returns its value");

	TEST_EQ(RET(bpf_map_update_elem_proto.func(U(&m.map), U(&k1), U(&v), BPF_ANY, 0)), 0,
		"map_update_elem BPF_ANY");
	CHECK(m.vals[1] == 77 && m.last_flags == BPF_ANY, "... reaches the op with its flags");
	TEST_EQ(RET(bpf_map_update_elem_proto.func(U(&m.map), U(&k1), U(&v), BPF_NOEXIST, 0)),
		-EEXIST, "map_update_elem BPF_NOEXIST: the op's -EEXIST");
	TEST_EQ(RET(bpf_map_update_elem_proto.func(U(&m.map), U(&k1), U(&v), 4, 0)), -EINVAL,
		"map_update_elem bad flags: the op's -EINVAL");
	TEST_EQ(m.last_flags, 4, "... the flags went to the op unchanged");
	TEST_EQ(MAP_CALL(bpf_map_delete_elem_proto, &m.map, &k1, 0), -EINVAL,
		"map_delete_elem returns the op's result");

	v = 5;
	TEST_EQ(MAP_CALL(bpf_map_push_elem_proto, &m.map, &v, 0), 0, "map_push_elem");
	v = 6;
	MAP_CALL(bpf_map_push_elem_proto, &m.map, &v, 0);
	CHECK(MAP_CALL(bpf_map_peek_elem_proto, &m.map, &out, 0) == 0 && out == 5,
		"map_peek_elem");
	CHECK(MAP_CALL(bpf_map_pop_elem_proto, &m.map, &out, 0) == 0 && out == 5,
		"map_pop_elem first");
	CHECK(MAP_CALL(bpf_map_pop_elem_proto, &m.map, &out, 0) == 0 && out == 6,
		"map_pop_elem second");
	TEST_EQ(MAP_CALL(bpf_map_pop_elem_proto, &m.map, &out, 0), -ENOENT,
		"map_pop_elem of an empty queue");

	p = bpf_map_lookup_percpu_elem_proto.func(U(&m.map), U(&k1), 2, 0, 0);
	CHECK(p == U(&m.vals[1]) && m.last_cpu == 2, "map_lookup_percpu_elem passes the cpu");

	TEST_EQ(bpf_map_lookup_elem_proto.func(U(&none.map), U(&k1), 0, 0, 0), 0,
		"map without lookup op: NULL, no crash");
	TEST_EQ(RET(bpf_map_update_elem_proto.func(U(&none.map), U(&k1), U(&v), 0, 0)),
		-ENOTSUPP, "map without update op: -ENOTSUPP");
	TEST_EQ(MAP_CALL(bpf_map_delete_elem_proto, &none.map, &k1, 0), -ENOTSUPP,
		"map without delete op: -ENOTSUPP");
	TEST_EQ(MAP_CALL(bpf_map_pop_elem_proto, &none.map, &out, 0), -ENOTSUPP,
		"map without pop op: -ENOTSUPP");
	TEST_EQ(RET(bpf_for_each_map_elem_proto.func(U(&none.map), 1, 0, 0, 0)), -ENOTSUPP,
		"for_each_map_elem on a map without the op: -ENOTSUPP");
}

/* ---- bpf_for_each_map_elem ---- */

static struct stub_map fe_a, fe_b;
static struct bpf_subprog_entry fe_sum_entry = { NULL, 3 }, fe_stop_entry = { NULL, 4 },
				fe_outer_entry = { NULL, 5 }, fe_inner_entry = { NULL, 6 };
static int fe_outer_calls, fe_inner_calls;

static u64 fe_sum(u64 map, u64 key, u64 value, u64 ctx, u64 r5)
{
	*(u64 *)(uintptr_t)ctx += *(u64 *)(uintptr_t)value + 100 * *(u32 *)(uintptr_t)key;
	return map != U(&fe_a.map);
}

static u64 fe_stop_at_1(u64 map, u64 key, u64 value, u64 ctx, u64 r5)
{
	return *(u32 *)(uintptr_t)key == 1;
}

static u64 fe_outer(u64 map, u64 key, u64 value, u64 ctx, u64 r5)
{
	fe_outer_calls++;
	if (map != U(&fe_a.map))
		return 1;
	bpf_for_each_map_elem_proto.func(U(&fe_b.map), U(&fe_inner_entry), 0, 0, 0);
	return 0;
}

static u64 fe_inner(u64 map, u64 key, u64 value, u64 ctx, u64 r5)
{
	fe_inner_calls++;
	return map != U(&fe_b.map);
}

static void test_for_each(void)
{
	const struct bpf_func_proto *p = &bpf_for_each_map_elem_proto;
	u64 sum = 0;
	long r;

	if (!stub_subprogs())
		return;
	test_callbacks[3] = fe_sum;
	test_callbacks[4] = fe_stop_at_1;
	test_callbacks[5] = fe_outer;
	test_callbacks[6] = fe_inner;
	stub_map_init(&fe_a, &stub_map_ops, 0);
	stub_map_init(&fe_b, &stub_map_ops, 0);

	nr_guards = 0;
	r = RET(p->func(U(&fe_a.map), U(&fe_sum_entry), U(&sum), 0, 0));
	TEST_OK(r == 4 && sum == 10 + 11 + 12 + 13 + 600,
		"for_each_map_elem visits every element with map, key, value, ctx",
		"ret %ld sum %llu", r, (unsigned long long)sum);
	if (stub_guards())
		TEST_OK(nr_guards == 8 && guarded(&fe_a.vals[2], 8, true) && !guards[0].writable &&
			guards[0].size == 4, "... declaring key (read-only) and value to the run",
			"%d guards", nr_guards);
	r = RET(p->func(U(&fe_a.map), U(&fe_stop_entry), 0, 0, 0));
	TEST_EQ(r, 2, "for_each_map_elem stops after the callback returns 1");
	r = RET(p->func(U(&fe_a.map), U(&fe_sum_entry), U(&sum), 1, 0));
	TEST_EQ(r, -EINVAL, "for_each_map_elem flags go to the op (-EINVAL)");
	r = RET(p->func(U(&fe_a.map), U(&fe_outer_entry), 0, 0, 0));
	TEST_OK(r == 4 && fe_outer_calls == 4 && fe_inner_calls == 16,
		"nested for_each_map_elem runs each map's own callback",
		"ret %ld outer %d inner %d", r, fe_outer_calls, fe_inner_calls);
}

/* ---- spin lock ---- */

struct locked_value {
	struct bpf_spin_lock lock;
	u32 cnt;
};

static struct locked_value lv;

static void *spin_worker(void *arg)
{
	int i;

	for (i = 0; i < 50000; i++) {
		bpf_spin_lock_proto.func(U(&lv.lock), 0, 0, 0, 0);
		lv.cnt++;
		bpf_spin_unlock_proto.func(U(&lv.lock), 0, 0, 0, 0);
	}
	return NULL;
}

static void test_spin_lock(void)
{
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, spin_worker, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	TEST_EQ(lv.cnt, 200000, "bpf_spin_lock excludes 4 threads from each other");
	TEST_EQ(lv.lock.val, 0, "bpf_spin_unlock leaves the lock free");
	bpf_spin_lock_proto.func(U(&lv.lock), 0, 0, 0, 0);
	TEST_EQ(lv.lock.val, 1, "a held bpf_spin_lock is 1 in the value");
	bpf_spin_unlock_proto.func(U(&lv.lock), 0, 0, 0, 0);
}

/* ---- clocks, ids, randomness ---- */

static void test_clocks(void)
{
	u64 prev = 0, t, mono, boot, coarse, tai, j1, j2;
	bool mono_ok = true;
	int i;

	for (i = 0; i < 10000; i++) {
		t = bpf_ktime_get_ns_proto.func(0, 0, 0, 0, 0);
		mono_ok &= t >= prev;
		prev = t;
	}
	CHECK(mono_ok && prev > 0, "ktime_get_ns never goes back");
	mono = bpf_ktime_get_ns_proto.func(0, 0, 0, 0, 0);
	boot = bpf_ktime_get_boot_ns_proto.func(0, 0, 0, 0, 0);
	CHECK(boot >= mono, "ktime_get_boot_ns counts at least the monotonic time");
	coarse = bpf_ktime_get_coarse_ns_proto.func(0, 0, 0, 0, 0);
	t = bpf_ktime_get_ns_proto.func(0, 0, 0, 0, 0);
	TEST_OK(coarse <= t && t - coarse < 50000000ULL,
		"ktime_get_coarse_ns lags by a tick at most",
		"coarse %llu mono %llu", (unsigned long long)coarse, (unsigned long long)t);
	tai = bpf_ktime_get_tai_ns_proto.func(0, 0, 0, 0, 0);
	CHECK(tai > 1500000000ULL * 1000000000ULL, "ktime_get_tai_ns counts from 1970");

	j1 = bpf_jiffies64_proto.func(0, 0, 0, 0, 0);
	mono = bpf_ktime_get_ns_proto.func(0, 0, 0, 0, 0);
	TEST_OK(j1 + 5 >= 4294892296ULL + mono / 4000000 && j1 <= 4294892296ULL + mono / 4000000,
		"jiffies64 is INITIAL_JIFFIES + monotonic time at HZ=250", "j %llu",
		(unsigned long long)j1);
	usleep(20000);
	j2 = bpf_jiffies64_proto.func(0, 0, 0, 0, 0);
	TEST_OK(j2 >= j1 + 4 && j2 <= j1 + 250, "jiffies64 advances 250 per second",
		"%llu -> %llu", (unsigned long long)j1, (unsigned long long)j2);
}

static void test_ids(void)
{
	char comm[16];

	sysbpf_this_cpu = 3;
	TEST_EQ(bpf_get_smp_processor_id_proto.func(0, 0, 0, 0, 0), 3,
		"get_smp_processor_id is the run's cpu");
	TEST_EQ(bpf_base_func_proto(BPF_FUNC_get_smp_processor_id)->func(0, 0, 0, 0, 0), 3,
		"... also through bpf_base_func_proto");
	sysbpf_this_cpu = 0;
	TEST_EQ(bpf_get_numa_node_id_proto.func(0, 0, 0, 0, 0), 0, "get_numa_node_id is 0");
	TEST_EQ(bpf_get_current_pid_tgid_proto.func(0, 0, 0, 0, 0),
		(u64)getpid() << 32 | (u32)gettid(), "get_current_pid_tgid");
	TEST_EQ(bpf_get_current_uid_gid_proto.func(0, 0, 0, 0, 0),
		(u64)getgid() << 32 | getuid(), "get_current_uid_gid");
	memset(comm, '#', sizeof(comm));
	TEST_OK(bpf_get_current_comm_proto.func(U(comm), sizeof(comm), 0, 0, 0) == 0 &&
		!strcmp(comm, TEST_COMM), "get_current_comm", "got '%.16s'", comm);
	memset(comm, '#', sizeof(comm));
	bpf_get_current_comm_proto.func(U(comm), 4, 0, 0, 0);
	CHECK(!strcmp(comm, "hel") && comm[4] == '#', "get_current_comm truncates to size");
}

static void *rnd_worker(void *arg)
{
	u32 *out = arg;
	int i;

	for (i = 0; i < 4; i++)
		out[i] = bpf_get_prandom_u32_proto.func(0, 0, 0, 0, 0);
	return NULL;
}

static void test_prandom(void)
{
	enum { N = 200000 };
	int bits[32] = {}, buckets[16] = {}, i, b, repeats = 0;
	bool bits_ok = true;
	u32 v, prev = 0, a[4], c[4];
	pthread_t t1, t2;
	double chi = 0, e = N / 16.0;

	for (i = 0; i < N; i++) {
		v = bpf_get_prandom_u32_proto.func(0, 0, 0, 0, 0);
		for (b = 0; b < 32; b++)
			bits[b] += (v >> b) & 1;
		buckets[v >> 28]++;
		repeats += v == prev;
		prev = v;
	}
	for (b = 0; b < 32; b++)
		bits_ok &= bits[b] > N * 0.48 && bits[b] < N * 0.52;
	for (i = 0; i < 16; i++)
		chi += (buckets[i] - e) * (buckets[i] - e) / e;
	CHECK(bits_ok, "get_prandom_u32: every bit is set half of the time");
	TEST_OK(chi < 50, "get_prandom_u32: top nibble uniform (chi2, 15 df)", "chi2 %.1f", chi);
	TEST_OK(repeats < 3, "get_prandom_u32: no repeated values in a row", "%d repeats", repeats);
	pthread_create(&t1, NULL, rnd_worker, a);
	pthread_create(&t2, NULL, rnd_worker, c);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	CHECK(memcmp(a, c, sizeof(a)), "get_prandom_u32: threads have their own streams");
}

/* ---- protos ---- */

static void test_protos(void)
{
	const struct bpf_func_proto *p;

	CHECK(bpf_base_func_proto(BPF_FUNC_map_lookup_elem) == &bpf_map_lookup_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_map_update_elem) == &bpf_map_update_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_map_delete_elem) == &bpf_map_delete_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_map_push_elem) == &bpf_map_push_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_map_pop_elem) == &bpf_map_pop_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_map_peek_elem) == &bpf_map_peek_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_map_lookup_percpu_elem) ==
		&bpf_map_lookup_percpu_elem_proto, "base protos: the map helpers");
	CHECK(bpf_base_func_proto(BPF_FUNC_tail_call) == &bpf_tail_call_proto &&
		bpf_base_func_proto(BPF_FUNC_ktime_get_ns) == &bpf_ktime_get_ns_proto &&
		bpf_base_func_proto(BPF_FUNC_ktime_get_boot_ns) == &bpf_ktime_get_boot_ns_proto &&
		bpf_base_func_proto(BPF_FUNC_ktime_get_tai_ns) == &bpf_ktime_get_tai_ns_proto &&
		bpf_base_func_proto(BPF_FUNC_get_numa_node_id) == &bpf_get_numa_node_id_proto &&
		bpf_base_func_proto(BPF_FUNC_strtol) == &bpf_strtol_proto &&
		bpf_base_func_proto(BPF_FUNC_strtoul) == &bpf_strtoul_proto,
		"base protos: tail call, clocks, strtol");
	CHECK(bpf_base_func_proto(BPF_FUNC_loop) == &bpf_loop_proto &&
		bpf_base_func_proto(BPF_FUNC_for_each_map_elem) == &bpf_for_each_map_elem_proto &&
		bpf_base_func_proto(BPF_FUNC_spin_lock) == &bpf_spin_lock_proto &&
		bpf_base_func_proto(BPF_FUNC_spin_unlock) == &bpf_spin_unlock_proto &&
		bpf_base_func_proto(BPF_FUNC_jiffies64) == &bpf_jiffies64_proto,
		"base protos with CAP_BPF: loop, for_each, spin lock, jiffies64");
	CHECK(bpf_base_func_proto(BPF_FUNC_trace_printk) == &bpf_trace_printk_proto &&
		bpf_base_func_proto(BPF_FUNC_trace_vprintk) == &bpf_trace_vprintk_proto &&
		bpf_base_func_proto(BPF_FUNC_snprintf) == &bpf_snprintf_proto,
		"base protos with CAP_PERFMON: trace_printk, trace_vprintk, snprintf");
	CHECK(!bpf_base_func_proto(BPF_FUNC_ktime_get_coarse_ns) &&
		!bpf_base_func_proto(BPF_FUNC_get_current_pid_tgid) &&
		!bpf_base_func_proto(BPF_FUNC_skb_load_bytes) &&
		!bpf_base_func_proto(__BPF_FUNC_MAX_ID),
		"base protos: not the coarse clock, pid_tgid or skb helpers (as 6.1)");

	p = &bpf_map_update_elem_proto;
	CHECK(p->ret_type == RET_INTEGER && p->arg1_type == ARG_CONST_MAP_PTR &&
		p->arg2_type == ARG_PTR_TO_MAP_KEY && p->arg3_type == ARG_PTR_TO_MAP_VALUE &&
		p->arg4_type == ARG_ANYTHING && !p->gpl_only && p->pkt_access,
		"map_update_elem proto");
	p = &bpf_map_lookup_elem_proto;
	CHECK(p->ret_type == RET_PTR_TO_MAP_VALUE_OR_NULL && p->arg1_type == ARG_CONST_MAP_PTR &&
		p->arg2_type == ARG_PTR_TO_MAP_KEY && p->arg3_type == ARG_DONTCARE,
		"map_lookup_elem proto");
	TEST_EQ(bpf_map_pop_elem_proto.arg2_type, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE,
		"map_pop_elem writes an uninit value");
	p = &bpf_trace_printk_proto;
	CHECK(p->gpl_only && p->arg1_type == (ARG_PTR_TO_MEM | MEM_RDONLY) &&
		p->arg2_type == ARG_CONST_SIZE && p->arg3_type == ARG_DONTCARE,
		"trace_printk proto: GPL, fmt memory and size");
	p = &bpf_snprintf_proto;
	CHECK(p->gpl_only && p->arg1_type == ARG_PTR_TO_MEM_OR_NULL &&
		p->arg2_type == ARG_CONST_SIZE_OR_ZERO && p->arg3_type == ARG_PTR_TO_CONST_STR &&
		p->arg4_type == (ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY) &&
		p->arg5_type == ARG_CONST_SIZE_OR_ZERO, "snprintf proto");
	p = &bpf_loop_proto;
	CHECK(p->arg1_type == ARG_ANYTHING && p->arg2_type == ARG_PTR_TO_FUNC &&
		p->arg3_type == ARG_PTR_TO_STACK_OR_NULL && p->arg4_type == ARG_ANYTHING,
		"loop proto");
	CHECK(bpf_spin_lock_proto.ret_type == RET_VOID &&
		bpf_spin_lock_proto.arg1_type == ARG_PTR_TO_SPIN_LOCK, "spin_lock proto");
	CHECK(!bpf_tail_call_proto.func && bpf_tail_call_proto.arg1_type == ARG_PTR_TO_CTX &&
		bpf_tail_call_proto.arg2_type == ARG_CONST_MAP_PTR, "tail_call proto");
	CHECK(bpf_strncmp_proto.arg3_type == ARG_PTR_TO_CONST_STR &&
		bpf_strtol_proto.arg4_size == sizeof(s64), "strncmp and strtol protos");
}

/* ---- the pipe itself ---- */

static void test_pipe_basics(void)
{
	char buf[256], *line2;
	ssize_t n, m;
	int i, ok = 1;

	pipe_drain(pipe_buf, sizeof(pipe_buf));
	TEST_EQ(bpf_trace_pipe_read(buf, sizeof(buf), true), -EAGAIN,
		"empty pipe, nonblocking read: -EAGAIN");
	TEST_EQ(bpf_trace_pipe_read(buf, 0, true), 0, "read of 0 bytes: 0");

	bpf_trace_printk_emit("one");
	bpf_trace_printk_emit("two %s\n", "x");
	bpf_trace_printk_emit("three");
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	line2 = strchr(pipe_buf, '\n');
	TEST_OK(count_lines(pipe_buf) == 3 && !strncmp(line_text(pipe_buf), "one\n", 4) &&
		line2 && !strncmp(line_text(line2), "two x\n", 6),
		"emitted lines come in order, a trailing newline not doubled", "'%s'", pipe_buf);

	for (i = 0; i < 1000; i++)
		bpf_trace_printk_emit("seq %d", i);
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	line2 = pipe_buf;
	for (i = 0; i < 1000 && ok; i++) {
		char want[32];

		snprintf(want, sizeof(want), "seq %d\n", i);
		ok = !strncmp(line_text(line2), want, strlen(want));
		line2 = strchr(line2, '\n') + 1;
	}
	CHECK(ok && count_lines(pipe_buf) == 1000, "1000 lines read back in order");

	bpf_trace_printk_emit("abcdefghijklmnop");
	n = bpf_trace_pipe_read(buf, 10, true);
	m = bpf_trace_pipe_read(buf + 10, sizeof(buf) - 11, true);
	buf[n + (m > 0 ? m : 0)] = '\0';
	TEST_OK(n == 10 && m > 0 && !strcmp(line_text(buf), "abcdefghijklmnop\n"),
		"a line longer than the buffer comes in pieces", "n %zd m %zd", n, m);

	bpf_trace_printk_emit("first");
	bpf_trace_printk_emit("second");
	n = bpf_trace_pipe_read(buf, sizeof(buf), true);
	buf[n > 0 ? n : 0] = '\0';
	m = strlen(buf);
	TEST_OK(n > 0 && count_lines(buf) == 2 && buf[m - 1] == '\n',
		"a read returns whole lines", "'%s'", buf);
	n = bpf_trace_pipe_read(buf, strlen(buf) - 1, true);
	TEST_EQ(n, -EAGAIN, "read lines are consumed");

	bpf_trace_printk_emit("fits");
	bpf_trace_printk_emit("does not fit in what is left");
	n = bpf_trace_pipe_read(buf, 100, true);
	buf[n > 0 ? n : 0] = '\0';
	TEST_OK(n > 0 && count_lines(buf) == 1 && strstr(buf, "fits\n"),
		"a read stops before a line that does not fit", "n %zd", n);
	pipe_drain(pipe_buf, sizeof(pipe_buf));
}

static void test_pipe_wrap(void)
{
	enum { LINES = 20000 };
	const char *p;
	size_t total;
	int i, first = -1, last = -1, prev = -1, nr = 0;
	bool consecutive = true;

	pipe_drain(pipe_buf, sizeof(pipe_buf));
	for (i = 0; i < LINES; i++)
		bpf_trace_printk_emit("wrap %05d %040d", i, 0);
	total = pipe_drain(pipe_buf, sizeof(pipe_buf));
	for (p = pipe_buf; *p; p = strchr(p, '\n') + 1) {
		int n = -1;

		sscanf(line_text(p), "wrap %d", &n);
		if (first < 0)
			first = n;
		consecutive &= prev < 0 || n == prev + 1;
		prev = last = n;
		nr++;
	}
	TEST_OK(total <= (1 << 20) && total > (1 << 20) - 200,
		"the ring holds up to 1 MiB", "total %zu", total);
	TEST_OK(first > 0 && last == LINES - 1 && consecutive && nr == LINES - first,
		"a full ring drops the oldest whole lines",
		"first %d last %d nr %d", first, last, nr);
	TEST_OK(!strncmp(pipe_buf, "    ", 4) || pipe_buf[16] == '-',
		"the oldest line kept is whole", "'%.40s'", pipe_buf);
}

static bool reader_done;

static void *blocking_reader(void *arg)
{
	char *buf = arg;
	ssize_t n = bpf_trace_pipe_read(buf, 256, false);

	buf[n > 0 ? n : 0] = '\0';
	__atomic_store_n(&reader_done, true, __ATOMIC_SEQ_CST);
	return NULL;
}

static void test_pipe_blocking(void)
{
	static char buf[257];
	pthread_t t;
	bool early;

	pipe_drain(pipe_buf, sizeof(pipe_buf));
	pthread_create(&t, NULL, blocking_reader, buf);
	usleep(50000);
	early = __atomic_load_n(&reader_done, __ATOMIC_SEQ_CST);
	bpf_trace_printk_emit("wake up");
	pthread_join(t, NULL);
	CHECK(!early, "a blocking read waits for a line");
	TEST_OK(!strcmp(line_text(buf), "wake up\n"), "... and returns it", "'%s'", buf);
}

static void *emitter(void *arg)
{
	long id = (long)arg;
	int i;

	for (i = 0; i < 2000; i++)
		bpf_trace_printk_emit("t%ld %d", id, i);
	return NULL;
}

static void test_pipe_threads(void)
{
	int next[4] = {}, lines = 0;
	bool in_order = true;
	pthread_t t[4];
	const char *p;
	long i;

	pipe_drain(pipe_buf, sizeof(pipe_buf));
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, emitter, (void *)i);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	pipe_drain(pipe_buf, sizeof(pipe_buf));
	for (p = pipe_buf; *p; p = strchr(p, '\n') + 1) {
		int id = -1, n = -1;

		sscanf(line_text(p), "t%d %d", &id, &n);
		if (id < 0 || id > 3 || n != next[id]++)
			in_order = false;
		lines++;
	}
	TEST_OK(lines == 8000 && in_order, "4 threads' lines all arrive, each thread's in order",
		"%d lines", lines);
}

static void test_file_mirror(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int seq = 0, mirrored = 0;

	if (!f) {
		CHECK(0, "SYSBPF_TRACE_PIPE file exists");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		seq += !strncmp(line_text(line), "seq ", 4);
		mirrored += !strcmp(line_text(line), "mirrored line\n");
	}
	fclose(f);
	TEST_OK(seq == 1000 && mirrored == 1, "SYSBPF_TRACE_PIPE=<file> gets every line",
		"seq %d mirrored %d", seq, mirrored);
}

int main(void)
{
	char mirror[] = "/tmp/sysbpf_test_helpers.XXXXXX";
	int fd;

	/* these need a process in which nothing has run yet */
	test_stderr_mirror();
	test_unpriv_protos();

	fd = mkstemp(mirror);
	if (fd >= 0)
		close(fd);
	setenv("SYSBPF_TRACE_PIPE", mirror, 1);
	prctl(PR_SET_NAME, TEST_COMM);
	printf("# subprogram runs: %s, run guards: %s\n",
	       stub_subprogs() ? "test stand-in" : "core.c",
	       stub_guards() ? "test stand-in" : "core.c");

	test_printk_header();
	test_printk_formats();
	test_printk_bad_memory();
	test_printk_pointers();
	test_printk_invalid();
	test_vprintk();
	test_snprintf();
	test_bprintf_prepare();
	test_strings();
	test_loop();
	test_map_helpers();
	test_for_each();
	test_spin_lock();
	test_clocks();
	test_ids();
	test_prandom();
	test_protos();
	test_pipe_basics();
	test_pipe_blocking();
	test_pipe_threads();
	bpf_trace_printk_emit("mirrored line");
	test_pipe_wrap();
	test_file_mirror(mirror);
	unlink(mirror);
	return sysbpf_test_done();
}
