// SPDX-License-Identifier: GPL-2.0
/*
 * The unprivileged policy of 6.1 as test_verifier drives it, under the
 * shim: bpf_capable() follows the calling thread's effective
 * capabilities (CAP_BPF or CAP_SYS_ADMIN) at every call, the sysctl
 * kernel.unprivileged_bpf_disabled starts from
 * SYSBPF_UNPRIVILEGED_BPF_DISABLED (Debian's 2 by default) and reads back
 * through /proc/sys, and SYSBPF_UNPRIV=1 forces the unprivileged policy.
 * A process that never held a capability (a non-root user) owns its
 * instance and stays privileged.  Parts that need another environment
 * run in a re-executed child.
 */
#include <linux/bpf.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define SYSCTL		"/proc/sys/kernel/unprivileged_bpf_disabled"
#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif
#ifndef CAP_BPF
#define CAP_BPF		39
#endif
#define CAPBIT(c)	(1ULL << (c))
#define CHECK(cond, name) TEST_OK(cond, name, "%s (errno %d)", #cond, errno)
#define ADMIN_CAPS	(CAPBIT(CAP_SYS_ADMIN) | CAPBIT(CAP_BPF) | CAPBIT(CAP_PERFMON))

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int array_create(void)
{
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4,
		.value_size = 8,
		.max_entries = 1,
	};

	return (int)sys_bpf(BPF_MAP_CREATE, &attr);
}

static int prog_load(__u32 type)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr = {
		.prog_type = type,
		.insns = (__u64)(uintptr_t)insns,
		.insn_cnt = 2,
		.license = (__u64)(uintptr_t)"GPL",
	};

	return (int)sys_bpf(BPF_PROG_LOAD, &attr);
}

/* An fd closed if it is one: the checks only look at the return. */
static int ok_fd(int fd)
{
	if (fd >= 0)
		close(fd);
	return fd;
}

static int caps(struct __user_cap_data_struct *data)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return (int)syscall(SYS_capget, &hdr, data);
}

/* Sets or clears caps in the effective set, as test_verifier's cap_helpers. */
static int set_effective(__u64 mask, bool on)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (caps(data))
		return -1;
	if (on) {
		data[0].effective |= (__u32)mask;
		data[1].effective |= (__u32)(mask >> 32);
	} else {
		data[0].effective &= ~(__u32)mask;
		data[1].effective &= ~(__u32)(mask >> 32);
	}
	return (int)syscall(SYS_capset, &hdr, data);
}

static bool permitted(int cap)
{
	struct __user_cap_data_struct data[2];

	return !caps(data) && (data[cap / 32].permitted & (1U << (cap % 32)));
}

static void check_sysctl(const char *want)
{
	char buf[16] = "";
	FILE *f = fopen(SYSCTL, "r");
	ssize_t n = -1;
	int fd;

	TEST_OK(f && fgets(buf, sizeof(buf), f) && !strcmp(buf, want),
		"fopen of the sysctl reads the instance's value",
		"read \"%s\", want \"%s\"", buf, want);
	if (f)
		fclose(f);
	memset(buf, 0, sizeof(buf));
	fd = open(SYSCTL, O_RDONLY);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	TEST_OK(n == (ssize_t)strlen(want) && !strcmp(buf, want),
		"open and read of the sysctl read the instance's value",
		"read %zd \"%s\", want \"%s\"", n, buf, want);
}

/* Debian's default policy (2): without CAP_BPF nothing may be created. */
static int prog_load_long(__u32 type, __u32 cnt)
{
	struct bpf_insn *insns = calloc(cnt, sizeof(*insns));
	union bpf_attr attr = {
		.prog_type = type,
		.insns = (__u64)(uintptr_t)insns,
		.insn_cnt = cnt,
		.license = (__u64)(uintptr_t)"GPL",
	};
	__u32 i;
	int fd;

	if (!insns)
		return -1;
	for (i = 0; i + 1 < cnt; i++)
		insns[i] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 0 };
	insns[cnt - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	fd = (int)sys_bpf(BPF_PROG_LOAD, &attr);
	free(insns);
	return fd;
}

/* With CAP_BPF raised: the network types want CAP_NET_ADMIN, tracing CAP_PERFMON. */
static void test_type_caps(void)
{
	bool net_admin = permitted(CAP_NET_ADMIN);

	if (net_admin) {
		TEST_EQ(set_effective(CAPBIT(CAP_NET_ADMIN), false), 0, "clear CAP_NET_ADMIN");
		TEST_ERRNO(ok_fd(prog_load(BPF_PROG_TYPE_XDP)), EPERM,
			   "XDP with CAP_BPF but not CAP_NET_ADMIN: EPERM");
		TEST_ERRNO(ok_fd(prog_load(BPF_PROG_TYPE_SCHED_CLS)), EPERM,
			   "tc with CAP_BPF but not CAP_NET_ADMIN: EPERM");
		CHECK(ok_fd(prog_load(BPF_PROG_TYPE_SOCKET_FILTER)) >= 0,
		      "a socket filter needs no CAP_NET_ADMIN");
		TEST_EQ(set_effective(CAPBIT(CAP_NET_ADMIN), true), 0, "raise CAP_NET_ADMIN");
		CHECK(ok_fd(prog_load(BPF_PROG_TYPE_XDP)) >= 0, "CAP_BPF + CAP_NET_ADMIN load XDP");
	}
	TEST_ERRNO(ok_fd(prog_load(BPF_PROG_TYPE_KPROBE)), EPERM,
		   "kprobe with CAP_BPF but not CAP_PERFMON: EPERM");
	TEST_EQ(set_effective(CAPBIT(CAP_PERFMON), true), 0, "raise CAP_PERFMON");
	CHECK(ok_fd(prog_load(BPF_PROG_TYPE_KPROBE)) >= 0, "CAP_BPF + CAP_PERFMON load a kprobe");
	CHECK(ok_fd(prog_load_long(BPF_PROG_TYPE_SOCKET_FILTER, BPF_MAXINSNS + 1)) >= 0,
	      "bpf_capable: more than BPF_MAXINSNS insns load");
	TEST_EQ(set_effective(CAPBIT(CAP_PERFMON), false), 0, "clear CAP_PERFMON");
}

static void test_default_policy(void)
{
	check_sysctl("2\n");
	CHECK(ok_fd(array_create()) >= 0, "map create with the caller's capabilities");
	if (!permitted(CAP_BPF) || !permitted(CAP_SYS_ADMIN)) {
		/* a non-root user never held them: it owns its instance */
		CHECK(set_effective(ADMIN_CAPS, false) == 0 && ok_fd(array_create()) >= 0,
		      "without capabilities to drop, the process stays privileged");
		CHECK(ok_fd(prog_load(BPF_PROG_TYPE_XDP)) >= 0,
		      "and loads a program type unprivileged users may not");
		return;
	}
	TEST_EQ(set_effective(ADMIN_CAPS, false), 0, "clear CAP_BPF, CAP_SYS_ADMIN, CAP_PERFMON");
	TEST_ERRNO(ok_fd(array_create()), EPERM, "unprivileged map create, sysctl 2: EPERM");
	TEST_ERRNO(ok_fd(prog_load(BPF_PROG_TYPE_SOCKET_FILTER)), EPERM,
		   "unprivileged socket filter load, sysctl 2: EPERM");
	TEST_EQ(set_effective(CAPBIT(CAP_BPF), true), 0, "raise CAP_BPF alone");
	CHECK(ok_fd(array_create()) >= 0, "CAP_BPF is bpf_capable (not cached)");
	CHECK(ok_fd(prog_load(BPF_PROG_TYPE_XDP)) >= 0, "CAP_BPF loads an XDP program");
	test_type_caps();
	TEST_EQ(set_effective(ADMIN_CAPS, false) || set_effective(CAPBIT(CAP_SYS_ADMIN), true), 0,
		"CAP_SYS_ADMIN alone");
	CHECK(ok_fd(array_create()) >= 0, "CAP_SYS_ADMIN is bpf_capable");
	TEST_EQ(set_effective(ADMIN_CAPS, true), 0, "restore the capabilities");
}

/* SYSBPF_UNPRIVILEGED_BPF_DISABLED=0: the unprivileged variants of 6.1. */
static void test_unpriv_allowed(void)
{
	check_sysctl("0\n");
	if (!permitted(CAP_BPF) || !permitted(CAP_SYS_ADMIN)) {
		CHECK(ok_fd(prog_load(BPF_PROG_TYPE_XDP)) >= 0,
		      "without capabilities to drop, the process stays privileged");
		return;
	}
	TEST_EQ(set_effective(ADMIN_CAPS, false), 0, "clear CAP_BPF, CAP_SYS_ADMIN, CAP_PERFMON");
	CHECK(ok_fd(array_create()) >= 0, "unprivileged map create, sysctl 0");
	CHECK(ok_fd(prog_load(BPF_PROG_TYPE_SOCKET_FILTER)) >= 0,
	      "unprivileged socket filter load, sysctl 0");
	TEST_ERRNO(ok_fd(prog_load_long(BPF_PROG_TYPE_SOCKET_FILTER, BPF_MAXINSNS + 1)), E2BIG,
		   "unprivileged: more than BPF_MAXINSNS insns: E2BIG");
	CHECK(ok_fd(prog_load_long(BPF_PROG_TYPE_SOCKET_FILTER, BPF_MAXINSNS)) >= 0,
	      "unprivileged: BPF_MAXINSNS insns load");
	TEST_ERRNO(ok_fd(prog_load(BPF_PROG_TYPE_XDP)), EPERM,
		   "unprivileged XDP load, sysctl 0: EPERM");
	TEST_EQ(set_effective(ADMIN_CAPS, true), 0, "restore the capabilities");
	CHECK(ok_fd(prog_load(BPF_PROG_TYPE_XDP)) >= 0, "privileged again: XDP loads");
}

/* SYSBPF_UNPRIV=1 overrides the capabilities. */
static void test_forced_unpriv(void)
{
	TEST_ERRNO(ok_fd(array_create()), EPERM, "SYSBPF_UNPRIV=1: map create EPERM");
}

/* A value the sysctl does not take leaves Debian's default. */
static void test_bad_value(void)
{
	check_sysctl("2\n");
}

static const struct {
	const char *name;
	const char *env;
	void (*fn)(void);
} children[] = {
	{ "unpriv-allowed", "SYSBPF_UNPRIVILEGED_BPF_DISABLED=0", test_unpriv_allowed },
	{ "forced-unpriv", "SYSBPF_UNPRIV=1", test_forced_unpriv },
	{ "bad-value", "SYSBPF_UNPRIVILEGED_BPF_DISABLED=7", test_bad_value },
};

/* Runs this program again as child i, in its environment. */
static void run_child(unsigned int i)
{
	char *argv[] = { "test_caps", (char *)children[i].name, NULL };
	char name[128];
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		putenv((char *)children[i].env);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	snprintf(name, sizeof(name), "child %s exits 0", children[i].name);
	TEST_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0, name, "status 0x%x", status);
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc > 1) {
		for (i = 0; i < sizeof(children) / sizeof(children[0]); i++)
			if (!strcmp(argv[1], children[i].name)) {
				children[i].fn();
				return sysbpf_test_done();
			}
		return 2;
	}
	/* the parent runs with Debian's default, whatever the caller set */
	if (getenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED") || getenv("SYSBPF_UNPRIV")) {
		unsetenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED");
		unsetenv("SYSBPF_UNPRIV");
		execv("/proc/self/exe", argv);
		return 2;
	}
	test_default_policy();
	for (i = 0; i < sizeof(children) / sizeof(children[0]); i++)
		run_child(i);
	return sysbpf_test_done();
}
