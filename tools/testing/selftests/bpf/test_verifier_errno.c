// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's load-time errors, black-box: every program goes through
 * bpf(2) (BPF_PROG_LOAD, BPF_MAP_CREATE, BPF_OBJ_GET_INFO_BY_FD, ...) as
 * an application sends it, and each case asserts the errno Linux 6.1
 * gives and, where 6.1 writes one, the line of its verifier log
 * (kernel/bpf/verifier.c, log.c, syscall.c of 6.1).  This restores what
 * the white-box test_checker of the old structural checker covered,
 * against the real verifier: log attributes, program structure, map
 * references, context accesses, helpers, subprograms and the complexity
 * limit, and the instruction printer through a level-2 log.
 *
 * The unprivileged cases drop CAP_SYS_ADMIN, CAP_BPF and CAP_PERFMON from
 * the effective set, as test_verifier does; they need
 * kernel.unprivileged_bpf_disabled = 0, so the test runs itself again
 * with SYSBPF_UNPRIVILEGED_BPF_DISABLED=0 when it is not set.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "sysbpf_test.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif
#ifndef CAP_BPF
#define CAP_BPF		39
#endif

/* Linux 6.1's numbers, written out: the test must not take them from sysbpf. */
#define LINUX_MAX_USED_MAPS		64	/* bpf_verifier.h */
#define LINUX_COMPLEXITY_LIMIT_INSNS	1000000	/* bpf.h */
#define LINUX_MAXINSNS			4096	/* uapi bpf_common.h */
#define LINUX_MAX_VAR_OFF		(1 << 29)
#define LINUX_ENOTSUPP			524
#define LOG_MIN_SIZE			128
#define LOG_MAX_SIZE			(UINT32_MAX >> 2)

#define LOG_SIZE	65536
static char logbuf[LOG_SIZE];

#define PTR(p)		((__u64)(uintptr_t)(p))
/* An instruction array and its length, as two arguments. */
#define PROG(...)	(const struct bpf_insn[]){ __VA_ARGS__ },			\
			ARRAY_SIZE(((const struct bpf_insn[]){ __VA_ARGS__ }))

struct load_opts {
	__u32 prog_type;	/* 0: BPF_PROG_TYPE_SOCKET_FILTER */
	__u32 log_level;
	__u32 log_size;		/* 0: the whole of logbuf (with zero_size: 0) */
	bool zero_size;
	bool no_log_buf;
	const char *license;	/* NULL: "GPL" */
	const __u32 *fd_array;
	__u32 expected_attach_type;
	__u32 prog_flags;
	const char *prog_name;	/* copied whole: BPF_OBJ_NAME_LEN bytes */
};

static const struct load_opts level1 = { .log_level = 1 };
static const struct load_opts no_log = { .no_log_buf = true, .zero_size = true };

static long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* BPF_PROG_LOAD; the log buffer is filled with 'X' first. */
static int load(const struct bpf_insn *insns, __u32 cnt, const struct load_opts *o)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = o->prog_type ?: BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = PTR(insns);
	a.insn_cnt = cnt;
	a.license = PTR(o->license ?: "GPL");
	a.log_level = o->log_level;
	a.log_buf = o->no_log_buf ? 0 : PTR(logbuf);
	a.log_size = o->zero_size ? 0 : o->log_size ?: LOG_SIZE - 1;
	a.fd_array = PTR(o->fd_array);
	a.expected_attach_type = o->expected_attach_type;
	a.prog_flags = o->prog_flags;
	if (o->prog_name)
		memcpy(a.prog_name, o->prog_name, sizeof(a.prog_name));
	memset(logbuf, 'X', LOG_SIZE - 1);
	logbuf[LOG_SIZE - 1] = 0;
	return (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

static const char *errno_name(int e)
{
	static char buf[16];

	switch (e) {
	case 0:		return "success";
	case EINVAL:	return "EINVAL";
	case EACCES:	return "EACCES";
	case E2BIG:	return "E2BIG";
	case EPERM:	return "EPERM";
	case EBADF:	return "EBADF";
	case ENOSPC:	return "ENOSPC";
	case EPROTO:	return "EPROTO";
	case EFAULT:	return "EFAULT";
	case ENOENT:	return "ENOENT";
	case LINUX_ENOTSUPP: return "ENOTSUPP";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* The last 1500 bytes of the log, for a failure message. */
static const char *log_tail(void)
{
	size_t n = strnlen(logbuf, LOG_SIZE);

	return n > 1500 ? logbuf + n - 1500 : logbuf;
}

/* Where line starts as a whole line of the log (it may end at '\n' or at end). */
static const char *find_line(const char *line)
{
	size_t n = strlen(line);
	const char *p = logbuf;

	while ((p = strstr(p, line))) {
		if ((p == logbuf || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return p;
		p++;
	}
	return NULL;
}

/*
 * The verdict: line, then the summary 6.1's bpf_check() always ends a log
 * with (print_verification_stats() runs on errors too).
 */
static bool log_verdict(const char *line)
{
	const char *p = find_line(line);

	return p && !strncmp(p + strlen(line), "\nprocessed ", 11);
}

/* A log line that begins with prefix: an insn line may go on with "  ; state". */
static const char *find_line_prefix(const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = logbuf;

	while ((p = strstr(p, prefix))) {
		if ((p == logbuf || p[-1] == '\n') &&
		    (p[n] == '\n' || (p[n] == ' ' && strchr(" ;", p[n + 1]))))
			return p;
		p++;
	}
	return NULL;
}

/* A log line that begins with start. */
static const char *find_line_start(const char *start)
{
	const char *p = logbuf;

	while ((p = strstr(p, start))) {
		if (p == logbuf || p[-1] == '\n')
			return p;
		p++;
	}
	return NULL;
}

/* The insns count of the log's summary line, or -1. */
static long summary_insns(void)
{
	const char *p = strstr(logbuf, "processed ");
	unsigned int n;

	while (p && (p != logbuf && p[-1] != '\n'))
		p = strstr(p + 1, "processed ");
	if (!p || sscanf(p, "processed %u insns", &n) != 1)
		return -1;
	return n;
}

/* A load that 6.1 refuses with err and, if line, that verdict in its log. */
static void expect_fail(const char *name, const struct bpf_insn *insns, __u32 cnt,
			const struct load_opts *o, int err, const char *line)
{
	char what[512];
	int fd, e;

	fd = load(insns, cnt, o ?: &level1);
	e = fd < 0 ? errno : 0;
	close_fd(fd);
	snprintf(what, sizeof(what), "%s: %s", name, errno_name(err));
	TEST_OK(fd < 0 && e == err, what, "got %s, log:\n%s", errno_name(e), log_tail());
	if (!line)
		return;
	snprintf(what, sizeof(what), "%s: log \"%s\"", name, line);
	TEST_OK(log_verdict(line), what, "log:\n%s", log_tail());
}

/* A load that 6.1 accepts; returns the fd when keep, else closes it. */
static int expect_load(const char *name, const struct bpf_insn *insns, __u32 cnt,
		       const struct load_opts *o, bool keep)
{
	char what[512];
	int fd, e;

	fd = load(insns, cnt, o ?: &level1);
	e = fd < 0 ? errno : 0;
	snprintf(what, sizeof(what), "%s: loads", name);
	TEST_OK(fd >= 0, what, "got %s, log:\n%s", errno_name(e), log_tail());
	if (!keep) {
		close_fd(fd);
		return -1;
	}
	return fd;
}

#define FAIL(name, err, line, ...)	expect_fail(name, PROG(__VA_ARGS__), NULL, err, line)
#define FAIL_O(name, o, err, line, ...)	expect_fail(name, PROG(__VA_ARGS__), o, err, line)
#define LOADS(name, ...)		expect_load(name, PROG(__VA_ARGS__), NULL, false)
#define LOADS_O(name, o, ...)		expect_load(name, PROG(__VA_ARGS__), o, false)

/* ---- objects ---- */

static int map_create(__u32 type, __u32 key_size, __u32 value_size, __u32 max_entries)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key_size;
	a.value_size = value_size;
	a.max_entries = max_entries;
	return (int)sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info;
	union bpf_attr a;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = PTR(&info);
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
		return 0;
	return info.id;
}

/* BPF_MAP_GET_FD_BY_ID: an fd (closed here) or -1 with errno. */
static int map_by_id(__u32 id)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.map_id = id;
	fd = (int)sys_bpf(BPF_MAP_GET_FD_BY_ID, &a, sizeof(a));
	if (fd >= 0)
		close(fd);
	return fd;
}

/*
 * 6.1 frees a map's id synchronously when the last reference goes (close
 * of the last fd); a user-space instance may learn of the close a moment
 * later, so the lookup is retried for up to a second before it counts.
 */
static bool map_id_gone(__u32 id)
{
	struct timespec ts = { 0, 2000000 };
	int i;

	for (i = 0; i < 500; i++) {
		if (map_by_id(id) < 0 && errno == ENOENT)
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static int prog_info(int fd, struct bpf_prog_info *info, struct bpf_insn *xlated, __u32 n)
{
	union bpf_attr a;

	memset(info, 0, sizeof(*info));
	if (xlated) {
		info->xlated_prog_len = n * sizeof(*xlated);
		info->xlated_prog_insns = PTR(xlated);
	}
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(*info);
	a.info.info = PTR(info);
	return (int)sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a));
}

/* ---- capabilities ---- */

#define CAPBIT(c)	(1ULL << (c))
#define ADMIN_CAPS	(CAPBIT(CAP_SYS_ADMIN) | CAPBIT(CAP_BPF) | CAPBIT(CAP_PERFMON))

static int caps(struct __user_cap_data_struct *data)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capget, &hdr, data);
}

static bool admin_permitted(void)
{
	struct __user_cap_data_struct d[2];

	return !caps(d) && (d[0].permitted & CAPBIT(CAP_SYS_ADMIN)) &&
	       (d[1].permitted & (CAPBIT(CAP_BPF) >> 32)) &&
	       (d[1].permitted & (CAPBIT(CAP_PERFMON) >> 32));
}

static int set_admin(bool on)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (caps(d))
		return -1;
	if (on) {
		d[0].effective |= (__u32)ADMIN_CAPS;
		d[1].effective |= (__u32)(ADMIN_CAPS >> 32);
	} else {
		d[0].effective &= ~(__u32)ADMIN_CAPS;
		d[1].effective &= ~(__u32)(ADMIN_CAPS >> 32);
	}
	return (int)syscall(SYS_capset, &hdr, d);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* The fds of the objects: a test fixture shared by the sections. */
static int array_fd;	/* array, 4-byte key, 8-byte value, 1 entry */
static int array4_fd;	/* array, 4 entries */
static int hash_fd;	/* hash, 4-byte key, 8-byte value */
static int null_fd;	/* /dev/null: an fd that is no map */

/* A number that is no open fd now (fd numbers are reused: ask each time). */
static int closed_fd(void)
{
	int fd = 900;

	while ((fcntl(fd, F_GETFD) >= 0 || errno != EBADF) && fd < 65536)
		fd++;
	return fd;
}

/* ---- log attributes (bpf_check() and bpf_verifier_log_attr_valid()) ---- */

static const struct bpf_insn ret0[] = { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };

/* All 'X': the load wrote nothing into the buffer. */
static bool log_untouched(void)
{
	size_t i;

	for (i = 0; i < LOG_SIZE - 1; i++)
		if (logbuf[i] != 'X')
			return false;
	return true;
}

static void log_attr_case(const char *name, const struct load_opts *o, int err)
{
	char what[256];
	int fd, e;

	fd = load(ret0, ARRAY_SIZE(ret0), o);
	e = fd < 0 ? errno : 0;
	close_fd(fd);
	snprintf(what, sizeof(what), "attrs: %s: %s", name, errno_name(err));
	TEST_OK(err ? fd < 0 && e == err : fd >= 0, what, "got %s", errno_name(e));
	if (err == EINVAL) {
		snprintf(what, sizeof(what), "attrs: %s: nothing written to the log buffer", name);
		TEST_OK(log_untouched(), what, "log: %.200s", logbuf);
	}
}

/* r0 = 0, then n "goto pc+0" (they touch no register: no state is printed), exit. */
static struct bpf_insn *ja_chain(__u32 n)
{
	struct bpf_insn *p = calloc(n + 2, sizeof(*p));
	__u32 i;

	if (!p)
		return NULL;
	p[0] = BPF_MOV64_IMM(BPF_REG_0, 0);
	for (i = 1; i <= n; i++)
		p[i] = BPF_JMP_A(0);
	p[n + 1] = BPF_EXIT_INSN();
	return p;
}

static void test_log_attrs(void)
{
	struct load_opts o;
	struct bpf_insn *chain;
	char full[LOG_SIZE];
	union bpf_attr a;
	size_t len;
	int fd, e;

	o = level1;
	o.no_log_buf = true;
	log_attr_case("level 1 without a buffer", &o, EINVAL);
	o = level1;
	o.zero_size = true;
	log_attr_case("level 1 with a zero size", &o, EINVAL);
	o = level1;
	o.log_size = LOG_MIN_SIZE - 1;
	log_attr_case("size 127 (< 128)", &o, EINVAL);
	o.log_size = LOG_MAX_SIZE + 1;
	log_attr_case("size UINT_MAX >> 2 + 1", &o, EINVAL);
	o.log_size = UINT32_MAX;
	log_attr_case("size UINT_MAX", &o, EINVAL);
	/* the largest size is allowed: 6.1 writes only what it logs */
	o.log_size = LOG_MAX_SIZE;
	log_attr_case("size UINT_MAX >> 2", &o, 0);
	o = level1;
	o.log_level = 8;
	log_attr_case("unknown level bit 8", &o, EINVAL);
	o.log_level = 1U << 31;
	log_attr_case("unknown level bit 31", &o, EINVAL);
	o.log_level = 7;	/* BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2 | BPF_LOG_STATS */
	log_attr_case("level 7 (all known bits)", &o, 0);
	o.log_level = 4;
	log_attr_case("level 4 (BPF_LOG_STATS alone)", &o, 0);
	o = level1;
	o.log_level = 0;
	log_attr_case("buffer and size at level 0", &o, EINVAL);
	o.zero_size = true;
	log_attr_case("buffer alone at level 0", &o, EINVAL);
	o = level1;
	o.log_level = 0;
	o.no_log_buf = true;
	log_attr_case("size alone at level 0", &o, EINVAL);
	o.zero_size = true;
	log_attr_case("no log at all", &o, 0);

	/* the attrs bpf_prog_load() checks before bpf_check(): no log is written */
	o = level1;
	o.prog_type = 999;
	log_attr_case("prog_type 999", &o, EINVAL);
	o = level1;
	o.prog_flags = 1U << 20;
	log_attr_case("unknown prog_flags bit 20", &o, EINVAL);
	o = level1;
	o.prog_name = "bad-name\0\0\0\0\0\0\0\0";
	log_attr_case("prog_name with '-'", &o, EINVAL);
	o.prog_name = "sixteen_chars_xx";
	log_attr_case("prog_name of 16 chars without a NUL", &o, EINVAL);
	o.prog_name = "ok_name.15_char\0";
	log_attr_case("prog_name of [A-Za-z0-9_.]", &o, 0);

	/* the smallest buffer takes a short log whole */
	o = level1;
	o.log_size = LOG_MIN_SIZE;
	FAIL_O("log of 128 bytes", &o, EINVAL, "unreachable insn 2",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	       BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	/*
	 * A level-1 log is reset when the program is accepted (the walk is
	 * dropped, do_check_common()): with room, only the summary is left.
	 */
	chain = ja_chain(40);
	if (!chain)
		return;
	o.log_size = 0;
	fd = load(chain, 42, &o);
	e = errno;
	TEST_OK(fd >= 0, "level 1, accepted program: loads", "got %s, log: %s", errno_name(e),
		logbuf);
	close_fd(fd);
	TEST_OK(!strncmp(logbuf, "processed 42 insns (limit 1000000) ", 35) &&
		strchr(logbuf, '\n') == logbuf + strlen(logbuf) - 1,
		"level 1, accepted program: the walk is dropped, only the summary is left",
		"log: %s", logbuf);
	/*
	 * ... but a log that filled up is not reset (bpf_vlog_reset() does
	 * nothing once bpf_verifier_log_needed() is false): ENOSPC although
	 * the program is fine.
	 */
	o.log_size = LOG_MIN_SIZE;
	fd = load(chain, 42, &o);
	e = errno;
	close_fd(fd);
	TEST_OK(fd < 0 && e == ENOSPC,
		"level 1 log of 128 bytes, accepted program: ENOSPC (a full log is not reset)",
		"got %s, log: %s", fd < 0 ? errno_name(e) : "success", logbuf);
	TEST_OK(strlen(logbuf) == LOG_MIN_SIZE - 1 && !strncmp(logbuf, "0: R1=ctx(", 10),
		"level 1 log of 128 bytes: the start of the walk, 127 bytes and a NUL",
		"log: %s", logbuf);

	/* a level-2 log is kept: 128 bytes cannot hold it */
	o.log_level = 2;
	o.log_size = 0;
	fd = load(chain, 42, &o);
	TEST_OK(fd >= 0, "level 2 with room: loads", "got %s", errno_name(errno));
	close_fd(fd);
	memcpy(full, logbuf, sizeof(full));
	TEST_OK(strlen(full) > 600 && find_line("40: (05) goto pc+0") && find_line("41: (95) exit"),
		"level 2 with room: every insn logged", "log: %s", log_tail());
	o.log_size = LOG_MIN_SIZE;
	fd = load(chain, 42, &o);
	e = errno;
	close_fd(fd);
	TEST_OK(fd < 0 && e == ENOSPC, "level 2 log of 128 bytes: ENOSPC", "got %s", errno_name(e));
	TEST_OK(logbuf[LOG_MIN_SIZE - 1] == 0 && strlen(logbuf) == LOG_MIN_SIZE - 1,
		"ENOSPC: the log holds 127 bytes and a NUL", "strlen %zu", strnlen(logbuf, LOG_SIZE));
	TEST_OK(!memcmp(logbuf, full, LOG_MIN_SIZE - 1),
		"ENOSPC: the 127 bytes are the start of the whole log", "got:\n%.127s\nwant:\n%.127s",
		logbuf, full);
	TEST_OK(logbuf[LOG_MIN_SIZE] == 'X' && logbuf[LOG_SIZE - 2] == 'X',
		"ENOSPC: nothing written past log_size", "byte 128 is 0x%02x", logbuf[LOG_MIN_SIZE]);

	/* a full log wins over the verifier's own error (bpf_check() sets -ENOSPC last) */
	chain[41] = BPF_MOV64_IMM(BPF_REG_10, 0);
	chain = realloc(chain, 43 * sizeof(*chain));
	if (!chain)
		return;
	chain[42] = BPF_EXIT_INSN();
	o.log_level = 1;
	o.log_size = 0;
	expect_fail("frame pointer write, log with room", chain, 43, &o, EACCES,
		    "frame pointer is read only");
	o.log_size = LOG_MIN_SIZE;
	expect_fail("frame pointer write, log of 128 bytes", chain, 43, &o, ENOSPC, NULL);
	TEST_OK(strlen(logbuf) == LOG_MIN_SIZE - 1, "failed load, full log: 127 bytes and a NUL",
		"strlen %zu", strnlen(logbuf, LOG_SIZE));
	/*
	 * bpf_verifier_log_full() is len_used >= len_total - 1: a log that
	 * fills the buffer exactly, NUL included, is ENOSPC although all of it
	 * is there; one byte more and the verifier's own errno comes back.
	 */
	o.log_size = 0;
	expect_fail("frame pointer write, log length measured", chain, 43, &o, EACCES, NULL);
	len = strlen(logbuf);
	memcpy(full, logbuf, len + 1);
	o.log_size = len + 1;
	expect_fail("frame pointer write, log_size = strlen(log) + 1", chain, 43, &o, ENOSPC, NULL);
	TEST_OK(!strcmp(logbuf, full), "log_size = strlen(log) + 1: the whole log is there",
		"log: %s", log_tail());
	o.log_size = len + 2;
	expect_fail("frame pointer write, log_size = strlen(log) + 2", chain, 43, &o, EACCES,
		    "frame pointer is read only");
	free(chain);

	/*
	 * log_true_size came with Linux 6.4: in 6.1 the word after
	 * core_relo_rec_size is past BPF_PROG_LOAD's last field, so a non-zero
	 * value there is refused (CHECK_ATTR), and a load never writes it.
	 */
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = PTR(ret0);
	a.insn_cnt = ARRAY_SIZE(ret0);
	a.license = PTR("GPL");
	a.log_level = 1;
	a.log_buf = PTR(logbuf);
	a.log_size = LOG_SIZE - 1;
	((__u32 *)&a)[(offsetof(union bpf_attr, core_relo_rec_size) + 4) / 4] = 100;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	e = errno;
	close_fd(fd);
	TEST_OK(fd < 0 && e == EINVAL, "log_true_size (6.4) set: EINVAL in 6.1",
		"got %s", fd < 0 ? errno_name(e) : "success");
	((__u32 *)&a)[(offsetof(union bpf_attr, core_relo_rec_size) + 4) / 4] = 0;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	TEST_OK(fd >= 0, "log_true_size zero: loads", "got %s", errno_name(errno));
	close_fd(fd);
	TEST_EQ(((__u32 *)&a)[(offsetof(union bpf_attr, core_relo_rec_size) + 4) / 4], 0,
		"6.1 writes no log_true_size back");
}

/* ---- structure: opcodes, jumps, reserved fields, registers ---- */

static void test_structure(void)
{
	struct load_opts o = level1;

	FAIL("unknown opcode ff", EINVAL, "unknown opcode ff",
	     BPF_RAW_INSN(0xff, 0, 0, 0, 0), BPF_EXIT_INSN());
	FAIL("BPF_NEG with BPF_X is no opcode", EINVAL, "unknown opcode 8f",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(0x8f, 0, 0, 0, 0), BPF_EXIT_INSN());
	FAIL("BPF_END in BPF_ALU64 is no opcode in 6.1", EINVAL, "unknown opcode d7",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(0xd7, 0, 0, 0, 16), BPF_EXIT_INSN());
	FAIL("jump op 0xe0 is no opcode", EINVAL, "unknown opcode e5",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(0xe5, 0, 0, 0, 0), BPF_EXIT_INSN());
	FAIL("BPF_CALL in BPF_JMP32 is no opcode", EINVAL, "unknown opcode 86",
	     BPF_RAW_INSN(BPF_JMP32 | BPF_CALL, 0, 0, 0, BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN());
	FAIL("BPF_EXIT in BPF_JMP32 is no opcode", EINVAL, "unknown opcode 96",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0),
	     BPF_EXIT_INSN());
	FAIL("BPF_CALL with BPF_X is no opcode", EINVAL, "unknown opcode 8d",
	     BPF_RAW_INSN(BPF_JMP | BPF_CALL | BPF_X, 0, 0, 0, BPF_FUNC_ktime_get_ns),
	     BPF_EXIT_INSN());
	FAIL("BPF_ST in mode BPF_ATOMIC is no opcode", EINVAL, "unknown opcode da",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(0xda, BPF_REG_10, 0, -8, 0),
	     BPF_EXIT_INSN());
	/* sysbpf's own trusted-load mode (0x80) must not come from user space */
	FAIL("BPF_LDX in mode 0x80", EINVAL, "BPF_LDX uses reserved fields",
	     BPF_RAW_INSN(BPF_LDX | BPF_W | 0x80, 0, 1, 0, 0), BPF_EXIT_INSN());
	FAIL("BPF_LDX with an imm", EINVAL, "BPF_LDX uses reserved fields",
	     BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_MEM, 0, 1, 0, 1), BPF_EXIT_INSN());
	FAIL("jump past the end", EINVAL, "jump out of range from insn 0 to 6",
	     BPF_JMP_A(5), BPF_EXIT_INSN());
	FAIL("jump before the start", EINVAL, "jump out of range from insn 1 to -1",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -3),
	     BPF_EXIT_INSN());
	FAIL("ldimm64 without its second half", EINVAL, "invalid bpf_ld_imm64 insn",
	     BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0), BPF_EXIT_INSN());
	FAIL("ldimm64 second half with a register", EINVAL, "invalid bpf_ld_imm64 insn",
	     BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0), BPF_RAW_INSN(0, 1, 0, 0, 0),
	     BPF_EXIT_INSN());
	FAIL("ldimm64 with pseudo src 7", EINVAL, "unrecognized bpf_ld_imm64 insn",
	     BPF_LD_IMM64_RAW(BPF_REG_0, 7, 0), BPF_EXIT_INSN());
	FAIL("ldimm64 with an offset", EINVAL, "BPF_LD_IMM64 uses reserved fields",
	     BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 1, 0), BPF_RAW_INSN(0, 0, 0, 0, 0),
	     BPF_EXIT_INSN());
	FAIL("last insn falls through", EINVAL, "last insn is not an exit or jmp",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_MOV64_IMM(BPF_REG_0, 1));
	FAIL("unreachable insn", EINVAL, "unreachable insn 2",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	     BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	FAIL("jump into the second half of ldimm64", EINVAL, "jump into the middle of ldimm64 insn 2",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
	     BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN());
	LOADS("jump over a whole ldimm64",
	      BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 2),
	      BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN());
	/* bounded loops are accepted from bpf_capable() (the unprivileged part has the back-edge) */
	LOADS("bounded loop, privileged",
	      BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	      BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 10, -2), BPF_EXIT_INSN());
	/* a goto to itself is no back-edge for the privileged: what follows is unreachable */
	FAIL("goto pc-1, privileged", EINVAL, "unreachable insn 2",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_A(-1), BPF_EXIT_INSN());
	FAIL("goto over an insn", EINVAL, "unreachable insn 2",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_A(1), BPF_MOV64_IMM(BPF_REG_0, 1),
	     BPF_EXIT_INSN());
	FAIL("jump to itself", EINVAL, "infinite loop detected at insn 1",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, -1),
	     BPF_EXIT_INSN());

	/* registers */
	FAIL("write of r11", EINVAL, "R11 is invalid",
	     BPF_MOV64_IMM(11, 0), BPF_EXIT_INSN());
	FAIL("read of r12", EINVAL, "R12 is invalid",
	     BPF_MOV64_REG(BPF_REG_0, 12), BPF_EXIT_INSN());
	FAIL("load into r15", EINVAL, "R15 is invalid",
	     BPF_LDX_MEM(BPF_W, 15, BPF_REG_1, 0), BPF_EXIT_INSN());
	FAIL("mov to r10", EACCES, "frame pointer is read only",
	     BPF_MOV64_IMM(BPF_REG_10, 0), BPF_EXIT_INSN());
	FAIL("add to r10", EACCES, "frame pointer is read only",
	     BPF_ALU64_IMM(BPF_ADD, BPF_REG_10, 8), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("load into r10", EACCES, "frame pointer is read only",
	     BPF_LDX_MEM(BPF_W, BPF_REG_10, BPF_REG_1, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	FAIL("atomic fetch into r10", EACCES, "frame pointer is read only",
	     BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
	     BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_1, BPF_REG_10, -8),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("r0 unset at exit", EACCES, "R0 !read_ok", BPF_EXIT_INSN());
	FAIL("read of unset r2", EACCES, "R2 !read_ok",
	     BPF_MOV64_REG(BPF_REG_0, BPF_REG_2), BPF_EXIT_INSN());
	FAIL("div by constant zero", EINVAL, "div by zero",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("mod by constant zero", EINVAL, "div by zero",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU32_IMM(BPF_MOD, BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("32-bit shift by 32", EINVAL, "invalid shift 32",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU32_IMM(BPF_LSH, BPF_REG_0, 32), BPF_EXIT_INSN());
	FAIL("64-bit shift by 64", EINVAL, "invalid shift 64",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_RSH, BPF_REG_0, 64), BPF_EXIT_INSN());
	FAIL("shift by -1", EINVAL, "invalid shift -1",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_ARSH, BPF_REG_0, -1), BPF_EXIT_INSN());
	LOADS("64-bit shift by 63",
	      BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_LSH, BPF_REG_0, 63), BPF_EXIT_INSN());

	/* reserved fields */
	FAIL("BPF_ALU|K with a src reg", EINVAL, "BPF_ALU uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 1, 0, 1),
	     BPF_EXIT_INSN());
	FAIL("BPF_ALU|X with an imm", EINVAL, "BPF_ALU uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU | BPF_SUB | BPF_X, 0, 0, 0, 1),
	     BPF_EXIT_INSN());
	FAIL("BPF_ALU with an offset", EINVAL, "BPF_ALU uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU64 | BPF_XOR | BPF_K, 0, 0, 1, 1),
	     BPF_EXIT_INSN());
	FAIL("BPF_MOV|X with an imm", EINVAL, "BPF_MOV uses reserved fields",
	     BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 0, 3), BPF_EXIT_INSN());
	FAIL("BPF_MOV|K with a src reg", EINVAL, "BPF_MOV uses reserved fields",
	     BPF_RAW_INSN(BPF_ALU | BPF_MOV | BPF_K, 0, 1, 0, 3), BPF_EXIT_INSN());
	FAIL("BPF_NEG with an imm", EINVAL, "BPF_NEG uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_ALU64 | BPF_NEG, 0, 0, 0, 1),
	     BPF_EXIT_INSN());
	FAIL("BPF_END of 17 bits", EINVAL, "BPF_END uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 17), BPF_EXIT_INSN());
	FAIL("BPF_STX with an imm", EINVAL, "BPF_STX uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_1, 0),
	     BPF_RAW_INSN(BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_1, -4, 1),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("BPF_ST with a src reg", EINVAL, "BPF_ST uses reserved fields",
	     BPF_RAW_INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_1, -4, 0),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("BPF_JA with an imm", EINVAL, "BPF_JA uses reserved fields",
	     BPF_RAW_INSN(BPF_JMP | BPF_JA, 0, 0, 0, 1),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("BPF_JA with a dst reg", EINVAL, "BPF_JA uses reserved fields",
	     BPF_RAW_INSN(BPF_JMP | BPF_JA, 1, 0, 0, 0),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("BPF_EXIT with a dst reg", EINVAL, "BPF_EXIT uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_EXIT, 1, 0, 0, 0));
	FAIL("BPF_EXIT with an imm", EINVAL, "BPF_EXIT uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 1));
	FAIL("helper call with an offset", EINVAL, "BPF_CALL uses reserved fields",
	     BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 1, BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN());
	FAIL("helper call with a dst reg", EINVAL, "BPF_CALL uses reserved fields",
	     BPF_RAW_INSN(BPF_JMP | BPF_CALL, 1, 0, 0, BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN());
	FAIL("BPF_JMP|K with a src reg", EINVAL, "BPF_JMP/JMP32 uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0, 0),
	     BPF_EXIT_INSN());
	FAIL("BPF_JMP32|X with an imm", EINVAL, "BPF_JMP/JMP32 uses reserved fields",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP32 | BPF_JGT | BPF_X, 0, 0, 0, 1),
	     BPF_EXIT_INSN());
	FAIL("LD_ABS with a dst reg", EINVAL, "BPF_LD_[ABS|IND] uses reserved fields",
	     BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
	     BPF_RAW_INSN(BPF_LD | BPF_ABS | BPF_B, 1, 0, 0, 0), BPF_EXIT_INSN());
	FAIL("LD_ABS with r6 not the context", EINVAL,
	     "at the time of BPF_LD_ABS|IND R6 != pointer to skb",
	     BPF_MOV64_IMM(BPF_REG_6, 0), BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN());
	LOADS("LD_ABS with the context in r6",
	      BPF_MOV64_REG(BPF_REG_6, BPF_REG_1), BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN());
	o.prog_type = BPF_PROG_TYPE_XDP;
	FAIL_O("LD_ABS in XDP", &o, EINVAL,
	       "BPF_LD_[ABS|IND] instructions not allowed for this program type",
	       BPF_MOV64_REG(BPF_REG_6, BPF_REG_1), BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN());
	FAIL("atomic op 2", EINVAL, "BPF_ATOMIC uses invalid atomic opcode 02",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	     BPF_ATOMIC_OP(BPF_DW, 2, BPF_REG_1, BPF_REG_1, -8),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("atomic add of a byte", EINVAL, "unknown opcode d3",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_IMM(BPF_REG_1, 1),
	     BPF_ATOMIC_OP(BPF_B, BPF_ADD, BPF_REG_10, BPF_REG_1, -8),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());

	/* the stack */
	FAIL("store below the 512-byte stack", EACCES, "invalid write to stack R10 off=-520 size=8",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -520, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	FAIL("store at the frame pointer", EACCES, "invalid write to stack R10 off=0 size=8",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, 0, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	/* stack accesses are always checked for alignment (check_ptr_alignment(), strict) */
	FAIL("misaligned store", EACCES, "misaligned stack access off (0x0; 0x0)+0+-4 size 8",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -4, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	LOADS("store at the stack's bottom",
	      BPF_ST_MEM(BPF_DW, BPF_REG_10, -512, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	      BPF_EXIT_INSN());
	/* allow_uninit_stack: perfmon_capable() reads stack it never wrote */
	LOADS("privileged read of unwritten stack",
	      BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8), BPF_MOV64_IMM(BPF_REG_0, 0),
	      BPF_EXIT_INSN());
}

/* ---- maps: fds, fd_array, limits, compatibility, references ---- */

/* BTF of "struct map_value { struct bpf_spin_lock l; int x; }" for a map with a lock. */
static int spin_lock_btf(void)
{
	static const char strs[] = "\0int\0bpf_spin_lock\0val\0map_value\0l\0x";
	__u32 types[] = {
		/* [1] int */
		1, BTF_KIND_INT << 24, 4, (BTF_INT_SIGNED << 24) | 32,
		/* [2] struct bpf_spin_lock { int val; } */
		5, (BTF_KIND_STRUCT << 24) | 1, 4, 19, 1, 0,
		/* [3] struct map_value { struct bpf_spin_lock l; int x; } */
		23, (BTF_KIND_STRUCT << 24) | 2, 8, 33, 2, 0, 35, 1, 32,
	};
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(hdr),
		.type_off = 0,
		.type_len = sizeof(types),
		.str_off = sizeof(types),
		.str_len = sizeof(strs),
	};
	char blob[sizeof(hdr) + sizeof(types) + sizeof(strs)];
	union bpf_attr a;

	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, sizeof(types));
	memcpy(blob + sizeof(hdr) + sizeof(types), strs, sizeof(strs));
	memset(&a, 0, sizeof(a));
	a.btf = PTR(blob);
	a.btf_size = sizeof(blob);
	return (int)sys_bpf(BPF_BTF_LOAD, &a, sizeof(a));
}

static int spin_lock_map(int btf_fd)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 1;
	a.btf_fd = btf_fd;
	a.btf_key_type_id = 1;
	a.btf_value_type_id = 3;
	return (int)sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
}

static void test_spin_lock_maps(void)
{
	struct load_opts o = level1;
	int btf_fd, map_fd;

	btf_fd = spin_lock_btf();
	if (!TEST_OK(btf_fd >= 0, "BTF with a bpf_spin_lock loads", "errno %d", errno))
		return;
	map_fd = spin_lock_map(btf_fd);
	if (TEST_OK(map_fd >= 0, "array with a bpf_spin_lock value", "errno %d", errno)) {
		FAIL("map with a spin lock in a socket filter", EINVAL,
		     "socket filter progs cannot use bpf_spin_lock yet",
		     BPF_LD_MAP_FD(BPF_REG_1, map_fd), BPF_MOV64_IMM(BPF_REG_0, 0),
		     BPF_EXIT_INSN());
		o.prog_type = BPF_PROG_TYPE_KPROBE;
		FAIL_O("map with a spin lock in a kprobe", &o, EINVAL,
		       "tracing progs cannot use bpf_spin_lock yet",
		       BPF_LD_MAP_FD(BPF_REG_1, map_fd), BPF_MOV64_IMM(BPF_REG_0, 0),
		       BPF_EXIT_INSN());
		o.prog_type = BPF_PROG_TYPE_SCHED_CLS;
		LOADS_O("map with a spin lock in a tc program", &o,
			BPF_LD_MAP_FD(BPF_REG_1, map_fd), BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN());
	}
	close_fd(map_fd);
	close(btf_fd);
}

/* A program that loads the maps of fds[0..n-1], each with one ldimm64. */
static struct bpf_insn *map_loads(const int *fds, __u32 n, __u32 *cnt)
{
	struct bpf_insn *p = calloc(2 * n + 2, sizeof(*p));
	__u32 i;

	if (!p)
		return NULL;
	for (i = 0; i < n; i++) {
		struct bpf_insn ld[] = { BPF_LD_MAP_FD(BPF_REG_1, fds[i]) };

		p[2 * i] = ld[0];
		p[2 * i + 1] = ld[1];
	}
	p[2 * n] = BPF_MOV64_IMM(BPF_REG_0, 0);
	p[2 * n + 1] = BPF_EXIT_INSN();
	*cnt = 2 * n + 2;
	return p;
}

static void test_used_maps_limit(void)
{
	int fds[LINUX_MAX_USED_MAPS + 1];
	struct bpf_insn *p;
	__u32 ids[LINUX_MAX_USED_MAPS + 1];
	__u32 i, cnt, gone;
	bool made = true;

	for (i = 0; i < ARRAY_SIZE(fds); i++) {
		fds[i] = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
		made &= fds[i] >= 0;
	}
	if (!TEST_OK(made, "65 maps created", "errno %d", errno))
		goto out;
	p = map_loads(fds, LINUX_MAX_USED_MAPS + 1, &cnt);
	if (!p)
		goto out;
	/* E2BIG from resolve_pseudo_ldimm64() with nothing in the log but the summary */
	expect_fail("65 maps in one program (MAX_USED_MAPS 64)", p, cnt, NULL, E2BIG, NULL);
	TEST_OK(!strcmp(logbuf, "processed 0 insns (limit 1000000) max_states_per_insn 0 "
			"total_states 0 peak_states 0 mark_read 0\n"),
		"65 maps: 6.1 logs no message, only the summary", "log: %s", log_tail());
	free(p);
	p = map_loads(fds, LINUX_MAX_USED_MAPS, &cnt);
	if (!p)
		goto out;
	expect_load("64 maps in one program", p, cnt, NULL, false);
	free(p);
	/* the same map 65 times is one used map */
	{
		int same[LINUX_MAX_USED_MAPS + 1];

		for (i = 0; i < ARRAY_SIZE(same); i++)
			same[i] = fds[0];
		p = map_loads(same, ARRAY_SIZE(same), &cnt);
		if (p)
			expect_load("one map loaded 65 times", p, cnt, NULL, false);
		free(p);
	}
	/* the 64 references taken before E2BIG were let go: each map goes with its fd */
	for (i = 0; i < ARRAY_SIZE(fds); i++) {
		ids[i] = map_id(fds[i]);
		close(fds[i]);
		fds[i] = -1;
	}
	for (i = 0, gone = 0; i < ARRAY_SIZE(fds); i++)
		gone += ids[i] && map_id_gone(ids[i]);
	TEST_EQ(gone, ARRAY_SIZE(fds), "65 maps: every map is freed with its fd (ids ENOENT)");
out:
	for (i = 0; i < ARRAY_SIZE(fds); i++)
		close_fd(fds[i]);
}

/* The map references taken by a failed load are released (release_maps()). */
static void test_map_release(void)
{
	int m1, m2, prog;
	__u32 id1, id2;

	m1 = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	m2 = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4);
	id1 = map_id(m1);
	id2 = map_id(m2);
	if (!TEST_OK(m1 >= 0 && m2 >= 0 && id1 && id2, "maps for the release cases",
		     "fds %d %d ids %u %u", m1, m2, id1, id2))
		goto out;
	/* the verifier fails at insn 2, after resolve_pseudo_ldimm64() took both maps */
	FAIL("two maps, then an unknown helper", EINVAL, "unknown func bpf_skb_store_bytes#9",
	     BPF_LD_MAP_FD(BPF_REG_1, m1), BPF_LD_MAP_FD(BPF_REG_2, m2),
	     BPF_EMIT_CALL(BPF_FUNC_skb_store_bytes), BPF_EXIT_INSN());
	/* ... and a later ldimm64 refers to no map: the first was taken already */
	FAIL("a map, then a bad fd", EBADF, NULL,
	     BPF_LD_MAP_FD(BPF_REG_1, m1), BPF_LD_MAP_FD(BPF_REG_2, closed_fd()),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	/* a loaded program holds its map: the id outlives the map's fd */
	prog = expect_load("a program holding a map", PROG(BPF_LD_MAP_FD(BPF_REG_1, m2),
							  BPF_MOV64_IMM(BPF_REG_0, 0),
							  BPF_EXIT_INSN()), NULL, true);
	close(m2);
	m2 = -1;
	TEST_OK(map_by_id(id2) >= 0, "a map held by a program keeps its id after close",
		"errno %d", errno);
	close_fd(prog);
	TEST_OK(map_id_gone(id2), "the program's close frees the map: its id is gone (ENOENT)",
		"id %u", id2);
	close(m1);
	m1 = -1;
	TEST_OK(map_id_gone(id1), "failed loads kept no reference: the map's id is gone (ENOENT)",
		"id %u", id1);
out:
	close_fd(m1);
	close_fd(m2);
}

static void test_maps(void)
{
	__u32 fd_array[3];
	struct load_opts o = level1;
	char line[128];
	int fd;

	snprintf(line, sizeof(line), "fd %d is not pointing to valid bpf_map", closed_fd());
	FAIL("ldimm64 of a closed fd", EBADF, line,
	     BPF_LD_MAP_FD(BPF_REG_1, closed_fd()), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	snprintf(line, sizeof(line), "fd %d is not pointing to valid bpf_map", null_fd);
	FAIL("ldimm64 of a file that is no map", EINVAL, line,
	     BPF_LD_MAP_FD(BPF_REG_1, null_fd), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	fd = expect_load("r0 = 0", ret0, ARRAY_SIZE(ret0), NULL, true);
	if (fd >= 0) {
		snprintf(line, sizeof(line), "fd %d is not pointing to valid bpf_map", fd);
		FAIL("ldimm64 of a program fd", EINVAL, line,
		     BPF_LD_MAP_FD(BPF_REG_1, fd), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
		close(fd);
	}
	FAIL("map fd ldimm64 with a second-half imm", EINVAL, "unrecognized bpf_ld_imm64 insn",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_FD, ((__u64)1 << 32) | (__u32)array_fd),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	LOADS("map value at offset 4",
	      BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, ((__u64)4 << 32) | (__u32)array_fd),
	      BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN());
	FAIL("map value offset of 1 << 29", EINVAL, "direct value offset of 536870912 is not allowed",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE,
			      ((__u64)LINUX_MAX_VAR_OFF << 32) | (__u32)array_fd),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("map value offset past the value", EINVAL,
	     "invalid access to map value pointer, value_size=8 off=8",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, ((__u64)8 << 32) | (__u32)array_fd),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	/* array_map_direct_value_addr(): only an array of one element */
	FAIL("map value of a 4-element array", LINUX_ENOTSUPP,
	     "invalid access to map value pointer, value_size=8 off=0",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, (__u32)array4_fd),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("map value of a hash", EINVAL, "no direct value access support for this map type",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, (__u32)hash_fd),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());

	/* fd_array */
	FAIL("map index without fd_array", EPROTO, "fd_idx without fd_array is invalid",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX, 0),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("map value index without fd_array", EPROTO, "fd_idx without fd_array is invalid",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX_VALUE, 0),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	fd_array[0] = hash_fd;
	fd_array[1] = array_fd;
	fd_array[2] = null_fd;
	o.fd_array = fd_array;
	LOADS_O("maps by index in fd_array", &o,
		BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX, 0),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_MAP_IDX_VALUE, ((__u64)4 << 32) | 1),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 0), BPF_EXIT_INSN());
	/* the index picks the entry: entry 0 is the hash, which has no direct values */
	FAIL_O("map value index 0 is the hash", &o, EINVAL,
	       "no direct value access support for this map type",
	       BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_MAP_IDX_VALUE, 0),
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	snprintf(line, sizeof(line), "fd %d is not pointing to valid bpf_map", null_fd);
	FAIL_O("fd_array entry that is no map", &o, EINVAL, line,
	       BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX, 2),
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL_O("map index with a second-half imm", &o, EINVAL, "unrecognized bpf_ld_imm64 insn",
	       BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX, (__u64)1 << 32),
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	fd_array[2] = closed_fd();
	snprintf(line, sizeof(line), "fd %d is not pointing to valid bpf_map", fd_array[2]);
	FAIL_O("fd_array entry that is no open fd", &o, EBADF, line,
	       BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX, 2),
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	LOADS("map value at offset 7 (value_size - 1)",
	      BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, ((__u64)7 << 32) | (__u32)array_fd),
	      BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());

	/* BPF_PSEUDO_BTF_ID: a kernel variable by its vmlinux BTF id (check_pseudo_btf_id()) */
	FAIL("btf_id with a module fd that is no BTF", EINVAL,
	     "invalid module BTF object FD specified.",
	     BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_BTF_ID, ((__u64)null_fd << 32) | 1),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());

	test_spin_lock_maps();
	test_used_maps_limit();
	test_map_release();
}

/* ---- context accesses ---- */

#define SKB_OFF(f)	((short)offsetof(struct __sk_buff, f))
#define XDP_OFF(f)	((short)offsetof(struct xdp_md, f))

static void ctx_line(char *buf, size_t n, int off, int size)
{
	snprintf(buf, n, "invalid bpf_context access off=%d size=%d", off, size);
}

static void test_ctx(void)
{
	struct load_opts tc = level1, xdp = level1;
	char line[128];

	tc.prog_type = BPF_PROG_TYPE_SCHED_CLS;
	xdp.prog_type = BPF_PROG_TYPE_XDP;

	/* socket filter: __sk_buff, writes only to cb[] */
	ctx_line(line, sizeof(line), sizeof(struct __sk_buff), 4);
	FAIL("socket filter: read past __sk_buff", EACCES, line,
	     BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, sizeof(struct __sk_buff)), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), 0, 4);
	FAIL("socket filter: write of len", EACCES, line,
	     BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, 0),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(mark), 4);
	FAIL("socket filter: write of mark", EACCES, line,
	     BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(mark)),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(data), 4);
	FAIL("socket filter: read of data", EACCES, line,
	     BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SKB_OFF(data)), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(tc_classid), 4);
	FAIL("socket filter: read of tc_classid", EACCES, line,
	     BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SKB_OFF(tc_classid)), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), 2, 4);
	FAIL("socket filter: misaligned read", EACCES, line,
	     BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 2), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(cb[4]), 8);
	FAIL("socket filter: 8-byte write of cb[4]", EACCES, line,
	     BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, SKB_OFF(cb[4])),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	LOADS("socket filter: write of cb[0], narrow read of len",
	      BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(cb[0])),
	      BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, SKB_OFF(len)), BPF_EXIT_INSN());
	FAIL("socket filter: BPF_ST into cb[0]", EACCES, "BPF_ST stores into R1 ctx is not allowed",
	     BPF_ST_MEM(BPF_W, BPF_REG_1, SKB_OFF(cb[0]), 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	FAIL("socket filter: atomic add into cb[0]", EACCES,
	     "BPF_ATOMIC stores into R1 ctx is not allowed",
	     BPF_MOV64_IMM(BPF_REG_2, 1), BPF_ATOMIC_OP(BPF_W, BPF_ADD, BPF_REG_1, BPF_REG_2,
							SKB_OFF(cb[0])),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("modified context pointer", EACCES, "dereference of modified ctx ptr R1 off=4 disallowed",
	     BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 4), BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0),
	     BPF_EXIT_INSN());
	FAIL("context pointer moved back", EACCES, "negative offset ctx ptr R1 off=-4 disallowed",
	     BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -4), BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
	     BPF_EXIT_INSN());

	/* tc: __sk_buff, mark and cb[] writable, data readable */
	LOADS_O("tc: write of mark, read of data", &tc,
		BPF_MOV64_IMM(BPF_REG_2, 1), BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(mark)),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SKB_OFF(data)),
		BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(len), 4);
	FAIL_O("tc: write of len", &tc, EACCES, line,
	       BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(len)),
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(family), 4);
	FAIL_O("tc: read of family", &tc, EACCES, line,
	       BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SKB_OFF(family)), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), SKB_OFF(data), 2);
	FAIL_O("tc: 2-byte read of data", &tc, EACCES, line,
	       BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_1, SKB_OFF(data)), BPF_EXIT_INSN());

	/* XDP: xdp_md, read-only, whole words */
	ctx_line(line, sizeof(line), sizeof(struct xdp_md), 4);
	FAIL_O("xdp: read past xdp_md", &xdp, EACCES, line,
	       BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, sizeof(struct xdp_md)), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), XDP_OFF(data), 4);
	FAIL_O("xdp: write of data", &xdp, EACCES, line,
	       BPF_MOV64_IMM(BPF_REG_2, 0), BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, XDP_OFF(data)),
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), XDP_OFF(egress_ifindex), 4);
	FAIL_O("xdp: egress_ifindex outside a devmap program", &xdp, EACCES, line,
	       BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, XDP_OFF(egress_ifindex)), BPF_EXIT_INSN());
	ctx_line(line, sizeof(line), XDP_OFF(data), 2);
	FAIL_O("xdp: 2-byte read", &xdp, EACCES, line,
	       BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_1, XDP_OFF(data)), BPF_EXIT_INSN());
	LOADS_O("xdp: read of ingress_ifindex", &xdp,
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, XDP_OFF(ingress_ifindex)),
		BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN());
}

/* ---- helpers ---- */

static void test_helpers(void)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	static const char *const not_gpl[] = { "Proprietary", "MIT", "BSD", "", "gpl" };
	struct load_opts o = level1, xdp = level1;
	char name[128];
	size_t i;

	xdp.prog_type = BPF_PROG_TYPE_XDP;
	FAIL("socket filter: bpf_skb_store_bytes is not its helper", EINVAL,
	     "unknown func bpf_skb_store_bytes#9",
	     BPF_EMIT_CALL(BPF_FUNC_skb_store_bytes), BPF_EXIT_INSN());
	FAIL_O("xdp: bpf_skb_load_bytes is not its helper", &xdp, EINVAL,
	       "unknown func bpf_skb_load_bytes#26",
	       BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes), BPF_EXIT_INSN());
	FAIL("helper id 10000", EINVAL, "invalid func unknown#10000",
	     BPF_EMIT_CALL(10000), BPF_EXIT_INSN());
	FAIL("helper id -1", EINVAL, "invalid func unknown#-1",
	     BPF_EMIT_CALL(-1), BPF_EXIT_INSN());
	snprintf(name, sizeof(name), "invalid func unknown#%d", __BPF_FUNC_MAX_ID);
	FAIL("helper id __BPF_FUNC_MAX_ID (6.1's)", EINVAL, name,
	     BPF_EMIT_CALL(__BPF_FUNC_MAX_ID), BPF_EXIT_INSN());
	FAIL("helper wants the context in r1", EACCES, "R1 type=fp expected=ctx",
	     BPF_MOV64_REG(BPF_REG_1, BPF_REG_10), BPF_MOV64_IMM(BPF_REG_2, 0),
	     BPF_MOV64_REG(BPF_REG_3, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
	     BPF_MOV64_IMM(BPF_REG_4, 8), BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes),
	     BPF_EXIT_INSN());
	FAIL("helper args are clobbered by a call", EACCES, "R1 !read_ok",
	     BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
	     BPF_MOV64_IMM(BPF_REG_2, 0), BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
	     BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8), BPF_MOV64_IMM(BPF_REG_4, 8),
	     BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes), BPF_EXIT_INSN());

	/* license_is_gpl_compatible() of 6.1 and trace_printk (gpl_only) */
	for (i = 0; i < ARRAY_SIZE(not_gpl); i++) {
		o.license = not_gpl[i];
		snprintf(name, sizeof(name), "license \"%s\": bpf_trace_printk", not_gpl[i]);
		FAIL_O(name, &o, EINVAL,
		       "cannot call GPL-restricted function from non-GPL compatible program",
		       BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		       BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8), BPF_MOV64_IMM(BPF_REG_2, 8),
		       BPF_EMIT_CALL(BPF_FUNC_trace_printk), BPF_EXIT_INSN());
	}
	for (i = 0; i < ARRAY_SIZE(gpl); i++) {
		o.license = gpl[i];
		snprintf(name, sizeof(name), "license \"%s\": bpf_trace_printk", gpl[i]);
		LOADS_O(name, &o,
			BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8), BPF_MOV64_IMM(BPF_REG_2, 8),
			BPF_EMIT_CALL(BPF_FUNC_trace_printk), BPF_EXIT_INSN());
	}
	o.license = "Proprietary";
	LOADS_O("license \"Proprietary\": bpf_ktime_get_ns is not GPL-only", &o,
		BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns), BPF_EXIT_INSN());
	/*
	 * 6.1's other refusal, "helper call is not allowed in probe", comes
	 * from a proto's allowed() hook: only bpf_ima_*_hash of BPF LSM
	 * programs have one.  A helper outside a type's list is "unknown func".
	 */
}

/* ---- subprograms ---- */

/* main calls n subprograms "r0 = 0; exit" one after another */
static void test_too_many_subprogs(void)
{
	const __u32 n = 256;	/* with main, one more than BPF_MAX_SUBPROGS */
	__u32 i, cnt = n + 2 + 2 * n;
	struct bpf_insn *p = calloc(cnt, sizeof(*p));

	if (!p)
		return;
	for (i = 0; i < n; i++)
		p[i] = BPF_CALL_REL(n + 2 + 2 * i - i - 1);
	p[n] = BPF_MOV64_IMM(BPF_REG_0, 0);
	p[n + 1] = BPF_EXIT_INSN();
	for (i = 0; i < n; i++) {
		p[n + 2 + 2 * i] = BPF_MOV64_IMM(BPF_REG_0, 0);
		p[n + 2 + 2 * i + 1] = BPF_EXIT_INSN();
	}
	expect_fail("257 functions (BPF_MAX_SUBPROGS 256)", p, cnt, NULL, E2BIG,
		    "too many subprograms");
	/* 255 subprograms and main: the last call becomes a jump to an exit */
	p[n - 1] = BPF_JMP_A(0);
	expect_fail("256 functions, one unreachable", p, cnt, NULL, EINVAL,
		    "unreachable insn 768");
	free(p);
}

static void test_subprogs(void)
{
	struct bpf_insn p[18];
	struct load_opts o = level1;
	__u32 i;

	/* frame i calls frame i + 1 (call pc+1 lands on the next pair) */
	for (i = 0; i < 9; i++) {
		p[2 * i] = i < 8 ? BPF_CALL_REL(1) : BPF_MOV64_IMM(BPF_REG_0, 0);
		p[2 * i + 1] = BPF_EXIT_INSN();
	}
	expect_fail("nine frames", p, 18, NULL, E2BIG, "the call stack of 9 frames is too deep");
	p[14] = BPF_MOV64_IMM(BPF_REG_0, 0);
	expect_load("eight frames (MAX_CALL_FRAMES)", p, 16, NULL, false);

	/* stack depths are rounded up to 32 and added along the call chain */
	FAIL("combined stack 256 + 288", EACCES, "combined stack size of 2 calls is 544. Too large",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -256, 0), BPF_CALL_REL(2),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -264, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	LOADS("combined stack 32 + 480 = 512",
	      BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_CALL_REL(2),
	      BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	      BPF_ST_MEM(BPF_DW, BPF_REG_10, -480, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	      BPF_EXIT_INSN());
	FAIL("three frames of 192", EACCES, "combined stack size of 3 calls is 576. Too large",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -192, 0), BPF_CALL_REL(2),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -192, 0), BPF_CALL_REL(2),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -192, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	FAIL("call past the end", EINVAL, "call to invalid destination",
	     BPF_CALL_REL(100), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("call before the start", EINVAL, "call to invalid destination",
	     BPF_CALL_REL(-2), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("jump from main into a subprogram", EINVAL, "jump out of range from insn 1 to 4",
	     BPF_CALL_REL(2), BPF_JMP_A(2), BPF_EXIT_INSN(),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("main falls into its subprogram", EINVAL, "last insn is not an exit or jmp",
	     BPF_CALL_REL(1), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	FAIL("recursion", EINVAL, "back-edge from insn 3 to 2",
	     BPF_CALL_REL(1), BPF_EXIT_INSN(),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_CALL_REL(-2), BPF_EXIT_INSN());
	test_too_many_subprogs();
	FAIL("subprogram returns its stack", EINVAL, "cannot return stack pointer to the caller",
	     BPF_CALL_REL(1), BPF_EXIT_INSN(),
	     BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN());
	o.log_level = 2;
	LOADS_O("subprograms at level 2", &o,
		BPF_MOV64_IMM(BPF_REG_0, 0), BPF_CALL_REL(1), BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	TEST_OK(!strncmp(logbuf, "func#0 @0\nfunc#1 @3\n", 20),
		"level 2 log begins with the subprograms (func#0 @0, func#1 @3)", "log: %.200s",
		logbuf);
	TEST_OK(find_line_prefix("1: (85) call pc+1") && find_line_prefix("3: (b7) r0 = 0") &&
		find_line_prefix("4: (95) exit") && find_line_prefix("2: (95) exit"),
		"level 2 log walks into the callee and back", "log: %s", log_tail());
}

/* ---- the complexity limit, insn_cnt, verified_insns ---- */

/*
 * At level 1 the log keeps only the path that failed: bpf_vlog_reset()
 * takes it back to where the branch was pushed (pop_stack()); level 2
 * keeps every path.
 */
static void test_log_paths(void)
{
	struct load_opts o = level1;
	int level;

	for (level = 1; level <= 2; level++) {
		char name[128];
		bool has_a;

		o.log_level = level;
		snprintf(name, sizeof(name), "second path fails, level %d", level);
		FAIL_O(name, &o, EACCES, "invalid bpf_context access off=400 size=4",
		       BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0),
		       BPF_MOV64_IMM(BPF_REG_0, 0),
		       BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 2),
		       BPF_MOV64_IMM(BPF_REG_0, 1),
		       BPF_EXIT_INSN(),
		       BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 400),
		       BPF_EXIT_INSN());
		has_a = find_line_prefix("3: (b7) r0 = 1") && find_line_prefix("4: (95) exit");
		snprintf(name, sizeof(name), "second path fails, level %d: %s", level,
			 level == 1 ? "the first path is dropped from the log"
				    : "the first path stays in the log");
		TEST_OK(has_a == (level == 2), name, "log: %s", log_tail());
		/*
		 * The branch was pushed after its line was logged, but before the
		 * line's newline gave way to the state (print_insn_state()): at
		 * level 1 the reset lands after the first pad blank, and the
		 * popped path's state goes on the branch's own line.
		 */
		snprintf(name, sizeof(name), "second path fails, level %d: %s", level,
			 level == 1 ? "the second path goes on at the branch's line"
				    : "the second path starts a \"from 2 to 5:\" line");
		TEST_OK(find_line_prefix("5: (61) r0 = *(u32 *)(r1 +400)") &&
			(level == 1 ? !!find_line_start("2: (15) if r2 == 0x0 goto pc+2 5: R0") :
				      find_line_prefix("2: (15) if r2 == 0x0 goto pc+2") &&
				      find_line_start("from 2 to 5: R0")), name, "log: %s",
			log_tail());
	}
	/* BPF_LOG_STATS: time, the stack depth of each function, the summary */
	o.log_level = 4;
	LOADS_O("stats of two functions", &o,
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_CALL_REL(2),
		BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN());
	TEST_OK(!strncmp(logbuf, "verification time ", 18) &&
		strstr(logbuf, " usec\nstack depth 8+16\nprocessed 7 insns "),
		"level 4 log: \"verification time N usec\", \"stack depth 8+16\", summary",
		"log: %s", logbuf);
}

static void test_limits(void)
{
	static const struct bpf_insn loop[] = {
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
		BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 1 << 30, -2),
		BPF_EXIT_INSN(),
	};
	struct bpf_prog_info info;
	struct load_opts o = level1;
	struct bpf_insn *chain;
	union bpf_attr a;
	int fd, e;

	/* level 4 (stats): the verdict and the summary, without the million insn lines */
	o.log_level = 4;
	expect_fail("a loop of 2^30 rounds (BPF_COMPLEXITY_LIMIT_INSNS)", loop, ARRAY_SIZE(loop),
		    &o, E2BIG, NULL);
	TEST_OK(find_line("BPF program is too large. Processed 1000001 insn"),
		"complexity limit: log \"BPF program is too large. Processed 1000001 insn\"",
		"log: %s", log_tail());
	TEST_OK(find_line_prefix("stack depth 0") && summary_insns() == 1000001,
		"complexity limit: the stats and \"processed 1000001 insns\"", "log: %s",
		log_tail());
	o.log_level = 0;
	o.no_log_buf = true;
	o.zero_size = true;
	expect_fail("the loop without a log", loop, ARRAY_SIZE(loop), &o, E2BIG, NULL);

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = PTR(ret0);
	a.license = PTR("GPL");
	a.insn_cnt = 0;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	e = errno;
	close_fd(fd);
	TEST_OK(fd < 0 && e == E2BIG, "insn_cnt 0: E2BIG", "got %s", errno_name(fd < 0 ? e : 0));
	/* 6.1 checks the count before it copies: insns may point at two insns */
	a.insn_cnt = LINUX_COMPLEXITY_LIMIT_INSNS + 1;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	e = errno;
	close_fd(fd);
	TEST_OK(fd < 0 && e == E2BIG, "insn_cnt 1000001: E2BIG", "got %s",
		errno_name(fd < 0 ? e : 0));
	a.insn_cnt = UINT32_MAX;
	fd = (int)sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	e = errno;
	close_fd(fd);
	TEST_OK(fd < 0 && e == E2BIG, "insn_cnt UINT_MAX: E2BIG", "got %s",
		errno_name(fd < 0 ? e : 0));

	/* verified_insns: the processed count of the walk, in the prog info */
	chain = ja_chain(40);
	if (!chain)
		return;
	fd = expect_load("r0 = 0, 40 gotos, exit", chain, 42, NULL, true);
	free(chain);
	if (fd >= 0) {
		TEST_OK(!prog_info(fd, &info, NULL, 0) && info.verified_insns == 42,
			"verified_insns of 42 straight insns is 42", "got %u", info.verified_insns);
		TEST_EQ(summary_insns(), 42, "the log's summary says 42 insns processed");
		close(fd);
	}
	fd = expect_load("ldimm64 and exit", PROG(BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN()),
			 NULL, true);
	if (fd >= 0) {
		TEST_OK(!prog_info(fd, &info, NULL, 0) && info.verified_insns == 2,
			"verified_insns counts an ldimm64 once", "got %u", info.verified_insns);
		close(fd);
	}
	/* a branch on an unknown value walks both ways: 0,1,2,3 then 3 again from 1 */
	fd = expect_load("a branch on the packet length",
			 PROG(BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0),
			      BPF_MOV64_IMM(BPF_REG_0, 0),
			      BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 1),
			      BPF_MOV64_IMM(BPF_REG_0, 1),
			      BPF_EXIT_INSN()), NULL, true);
	if (fd >= 0) {
		TEST_OK(!prog_info(fd, &info, NULL, 0) && info.verified_insns == 6,
			"verified_insns of both paths is 6", "got %u", info.verified_insns);
		close(fd);
	}
}

/* ---- the instruction printer, through a level-2 log ---- */

static void check_insn_line(const char *line)
{
	char name[160];

	snprintf(name, sizeof(name), "level 2 log: \"%s\"", line);
	TEST_OK(find_line_prefix(line), name, "log: %s", log_tail());
}

static void test_disasm(void)
{
	struct load_opts o = level1;
	struct bpf_insn xlated[32];
	struct bpf_prog_info info;
	const char *p;
	unsigned long long addr = 0;
	int fd;

	o.log_level = 2;
	fd = expect_load("a program of many insn kinds, level 2", PROG(
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),			/* 0 */
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),			/* 1 */
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),			/* 2 */
		BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),			/* 3 */
		BPF_LD_MAP_FD(BPF_REG_1, array_fd),			/* 4 */
		BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),		/* 6 */
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 23),			/* 7 */
		BPF_MOV32_IMM(BPF_REG_3, 7),				/* 8 */
		BPF_MOV64_IMM(BPF_REG_4, 1),				/* 9 */
		BPF_ALU32_REG(BPF_ARSH, BPF_REG_3, BPF_REG_4),		/* 10 */
		BPF_ALU64_IMM(BPF_NEG, BPF_REG_3, 0),			/* 11 */
		BPF_ALU32_IMM(BPF_NEG, BPF_REG_3, 0),			/* 12 */
		BPF_ENDIAN(BPF_TO_BE, BPF_REG_3, 16),			/* 13 */
		BPF_ENDIAN(BPF_TO_LE, BPF_REG_3, 64),			/* 14 */
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD, BPF_REG_0, BPF_REG_3, 0),	/* 15 */
		BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_0, BPF_REG_3, 0), /* 16 */
		BPF_ATOMIC_OP(BPF_W, BPF_XCHG, BPF_REG_0, BPF_REG_4, 0),	/* 17 */
		BPF_MOV64_REG(BPF_REG_5, BPF_REG_0),			/* 18 */
		BPF_MOV64_IMM(BPF_REG_0, 0),				/* 19 */
		BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_5, BPF_REG_3, 0),	/* 20 */
		BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_4, -16),		/* 21 */
		BPF_LDX_MEM(BPF_W, BPF_REG_7, BPF_REG_10, -16),		/* 22 */
		BPF_JMP_REG(BPF_JNE, BPF_REG_7, BPF_REG_4, 0),		/* 23 */
		BPF_JMP32_IMM(BPF_JLT, BPF_REG_7, 5, 0),		/* 24 */
		BPF_LD_ABS(BPF_B, 12),					/* 25 */
		BPF_LD_IND(BPF_H, BPF_REG_7, 2),			/* 26 */
		BPF_LD_IMM64(BPF_REG_3, 0x100000002ULL),		/* 27 */
		BPF_CALL_REL(2),					/* 29 */
		BPF_JMP_A(0),						/* 30 */
		BPF_EXIT_INSN(),					/* 31 */
		BPF_MOV64_IMM(BPF_REG_0, 0),				/* 32 */
		BPF_EXIT_INSN()), &o, true);				/* 33 */
	close_fd(fd);
	check_insn_line("0: (bf) r6 = r1");
	check_insn_line("1: (bf) r2 = r10");
	check_insn_line("2: (07) r2 += -8");
	check_insn_line("3: (7a) *(u64 *)(r10 -8) = 0");
	check_insn_line("6: (85) call bpf_map_lookup_elem#1");
	check_insn_line("7: (15) if r0 == 0x0 goto pc+23");
	check_insn_line("8: (b4) w3 = 7");
	check_insn_line("10: (cc) w3 s>>= w4");
	check_insn_line("11: (87) r3 = -r3");
	check_insn_line("12: (84) w3 = -w3");
	check_insn_line("13: (dc) r3 = be16 r3");
	check_insn_line("14: (d4) r3 = le64 r3");
	check_insn_line("15: (db) lock *(u64 *)(r0 +0) += r3");
	check_insn_line("16: (db) r3 = atomic64_fetch_add((u64 *)(r0 +0), r3)");
	check_insn_line("17: (c3) r4 = atomic_xchg((u32 *)(r0 +0), r4)");
	check_insn_line("20: (db) r0 = atomic64_cmpxchg((u64 *)(r5 +0), r0, r3)");
	check_insn_line("21: (63) *(u32 *)(r10 -16) = r4");
	check_insn_line("22: (61) r7 = *(u32 *)(r10 -16)");
	check_insn_line("23: (5d) if r7 != r4 goto pc+0");
	check_insn_line("24: (a6) if w7 < 0x5 goto pc+0");
	check_insn_line("25: (30) r0 = *(u8 *)skb[12]");
	check_insn_line("26: (48) r0 = *(u16 *)skb[r7 + 2]");
	check_insn_line("27: (18) r3 = 0x100000002");
	check_insn_line("29: (85) call pc+2");
	check_insn_line("30: (05) goto pc+0");
	check_insn_line("31: (95) exit");
	/*
	 * "(18) r1 = map[id:N]" is bpftool's print of the dumped program; the
	 * verifier's own printer has no cb_imm in 6.1 and prints the map's
	 * address to those who may see pointers (bpf_allow_ptr_leaks()).
	 */
	p = find_line_start("4: (18) r1 = 0x");
	TEST_OK(p && sscanf(p, "4: (18) r1 = 0x%llx", &addr) == 1 && addr,
		"level 2 log: \"4: (18) r1 = 0x<map address>\" for the privileged",
		"log: %s", log_tail());

	/* bpf_insn_prepare_dump(): the xlated map load names the map's id */
	fd = expect_load("map load and value load", PROG(
		BPF_LD_MAP_FD(BPF_REG_1, array_fd),
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_MAP_VALUE, ((__u64)4 << 32) | (__u32)array_fd),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN()), NULL, true);
	if (fd < 0)
		return;
	memset(xlated, 0, sizeof(xlated));
	TEST_OK(!prog_info(fd, &info, xlated, ARRAY_SIZE(xlated)) &&
		info.xlated_prog_len == 6 * sizeof(struct bpf_insn),
		"prog info: 6 xlated insns", "len %u", info.xlated_prog_len);
	TEST_OK(xlated[0].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		xlated[0].src_reg == BPF_PSEUDO_MAP_FD && (__u32)xlated[0].imm == map_id(array_fd) &&
		xlated[1].imm == 0,
		"xlated: the map load is map[id:N] (src BPF_PSEUDO_MAP_FD, imm the id)",
		"src %u imm %d, id %u", xlated[0].src_reg, xlated[0].imm, map_id(array_fd));
	TEST_OK(xlated[2].src_reg == BPF_PSEUDO_MAP_VALUE &&
		(__u32)xlated[2].imm == map_id(array_fd) && xlated[3].imm == 4,
		"xlated: the value load is map[id:N][0]+4 (src BPF_PSEUDO_MAP_VALUE, off 4)",
		"src %u imm %d off %d", xlated[2].src_reg, xlated[2].imm, xlated[3].imm);
	TEST_OK(!prog_info(fd, &info, NULL, 0) && info.nr_map_ids == 1,
		"prog info: one used map", "nr_map_ids %u", info.nr_map_ids);
	close(fd);
}

/* ---- unprivileged: CAP_SYS_ADMIN, CAP_BPF and CAP_PERFMON cleared ---- */

static void test_unpriv(void)
{
	struct bpf_insn *p;
	const char *l;
	int fd;

	if (!admin_permitted()) {
		printf("# unprivileged cases not run: CAP_SYS_ADMIN/CAP_BPF/CAP_PERFMON "
		       "not in the permitted set\n");
		return;
	}
	if (!TEST_EQ(set_admin(false), 0, "unprivileged: clear the admin capabilities"))
		return;
	FAIL("unprivileged: bounded loop", EINVAL, "back-edge from insn 2 to 1",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
	     BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 10, -2), BPF_EXIT_INSN());
	FAIL("unprivileged: goto pc-1", EINVAL, "back-edge from insn 1 to 1",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_A(-1), BPF_EXIT_INSN());
	FAIL("unprivileged: goto back", EINVAL, "back-edge from insn 2 to 0",
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 1, 1),
	     BPF_JMP_A(-3), BPF_EXIT_INSN());
	FAIL("unprivileged: callback address (BPF_PSEUDO_FUNC)", EPERM,
	     "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN",
	     BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 3), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("unprivileged: bpf-to-bpf call", EPERM,
	     "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN",
	     BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("unprivileged: stack pointer into cb[0]", EACCES, "R2 leaks addr into ctx",
	     BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
	     BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, SKB_OFF(cb[0])),
	     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	FAIL("unprivileged: pointer returned", EACCES, "R0 leaks addr as return value",
	     BPF_MOV64_REG(BPF_REG_0, BPF_REG_10), BPF_EXIT_INSN());
	FAIL("unprivileged: read of unwritten stack", EACCES,
	     "invalid read from stack R10 off=-8 size=8",
	     BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, -8), BPF_MOV64_IMM(BPF_REG_0, 0),
	     BPF_EXIT_INSN());
	FAIL("unprivileged: bpf_trace_printk needs CAP_PERFMON", EINVAL,
	     "unknown func bpf_trace_printk#6",
	     BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
	     BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8), BPF_MOV64_IMM(BPF_REG_2, 8),
	     BPF_EMIT_CALL(BPF_FUNC_trace_printk), BPF_EXIT_INSN());
	FAIL("unprivileged: bpf_loop needs CAP_BPF", EINVAL, "unknown func bpf_loop#181",
	     BPF_EMIT_CALL(BPF_FUNC_loop), BPF_EXIT_INSN());
	LOADS("unprivileged: a socket filter with a map lookup",
	      BPF_MOV64_REG(BPF_REG_2, BPF_REG_10), BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -8),
	      BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0), BPF_LD_MAP_FD(BPF_REG_1, array_fd),
	      BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem), BPF_MOV64_IMM(BPF_REG_0, 0),
	      BPF_EXIT_INSN());
	{
		struct load_opts o = level1;

		/* without bpf_allow_ptr_leaks() the printer hides the map's address */
		o.log_level = 2;
		LOADS_O("unprivileged: map load at level 2", &o,
			BPF_LD_MAP_FD(BPF_REG_1, array_fd), BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN());
		l = find_line_prefix("0: (18) r1 = 0x0");
		TEST_OK(l, "unprivileged level 2 log: \"0: (18) r1 = 0x0\"", "log: %s", log_tail());
		o.prog_type = BPF_PROG_TYPE_XDP;
		o.log_level = 1;
		FAIL_O("unprivileged: XDP", &o, EPERM, NULL, BPF_MOV64_IMM(BPF_REG_0, 0),
		       BPF_EXIT_INSN());
		TEST_OK(log_untouched(), "unprivileged XDP: refused before the verifier (no log)",
			"log: %.200s", logbuf);
	}
	/* BPF_MAXINSNS for the unprivileged */
	p = ja_chain(LINUX_MAXINSNS - 1);
	if (p) {
		expect_fail("unprivileged: 4097 insns", p, LINUX_MAXINSNS + 1, NULL, E2BIG, NULL);
		TEST_OK(log_untouched(), "unprivileged 4097 insns: refused before the verifier",
			"log: %.200s", logbuf);
		p[LINUX_MAXINSNS - 1] = BPF_EXIT_INSN();
		/* no log: a level-1 walk of 4096 insns would not fit in logbuf (ENOSPC) */
		fd = expect_load("unprivileged: 4096 insns", p, LINUX_MAXINSNS, &no_log, true);
		close_fd(fd);
		free(p);
	}
	TEST_EQ(set_admin(true), 0, "unprivileged: restore the admin capabilities");
}

int main(int argc, char **argv)
{
	int fds_before, fds_after = -1, i;
	const char *e = getenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED");

	/* the sysctl is read once, at start-up: run again with it set */
	if (!e || strcmp(e, "0")) {
		setenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED", "0", 1);
		execv("/proc/self/exe", argv);
		perror("execv");
		return 2;
	}
	(void)argc;
	/* the first call may open the instance's own fds: count after it */
	close_fd(map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1));
	fds_before = count_fds();

	array_fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	array4_fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4);
	hash_fd = map_create(BPF_MAP_TYPE_HASH, 4, 8, 4);
	null_fd = open("/dev/null", O_RDONLY);
	if (!TEST_OK(array_fd >= 0 && array4_fd >= 0 && hash_fd >= 0 && null_fd >= 0,
		     "the maps of the fixture", "errno %d", errno))
		return sysbpf_test_done();

	test_log_attrs();
	test_structure();
	test_maps();
	test_ctx();
	test_helpers();
	test_subprogs();
	test_log_paths();
	test_limits();
	test_disasm();
	test_unpriv();

	close(array_fd);
	close(array4_fd);
	close(hash_fd);
	close(null_fd);
	/* objects are released as their last fd closes; allow the instance a moment */
	for (i = 0; i < 500; i++) {
		struct timespec ts = { 0, 2000000 };

		fds_after = count_fds();
		if (fds_after == fds_before)
			break;
		nanosleep(&ts, NULL);
	}
	TEST_EQ(fds_after, fds_before, "no fd left open beyond those at start");
	return sysbpf_test_done();
}
