// SPDX-License-Identifier: GPL-2.0
/*
 * The tracing family of program types through bpf(2), against Linux
 * 6.1's rules: which context fields each type may read (errno and the
 * verifier's "invalid bpf_context access" line), the attach checks of
 * TRACING, LSM and EXT programs with their log lines, BPF_PROG_TEST_RUN
 * where 6.1 has it (raw_tp arguments and CPU, fentry/fexit/fmod_ret
 * through the test functions, syscall programs and their context) and
 * -ENOTSUPP where it has none, the vmlinux BTF object, and the fault-safe
 * probe helpers.
 *
 * The built-in vmlinux BTF is used (SYSBPF_VMLINUX_BTF=builtin), so that
 * the ids do not depend on the host; a child process checks the host's
 * /sys/kernel/btf/vmlinux when it can be read.
 */
#include <linux/filter.h>
#include <linux/btf.h>
#include <linux/bpf_trace.h>
#include <asm/ptrace.h>
#include <linux/bpf_perf_event.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define ENOTSUPP_ERR	524

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret = __sys_bpf(cmd, attr, sizeof(*attr));

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

static char log_buf[65536];

struct load_opts {
	enum bpf_prog_type type;
	enum bpf_attach_type eatype;
	u32 attach_btf_id;
	u32 attach_prog_fd;
	u32 flags;
	const char *license;
	u32 btf_fd;
	const struct bpf_func_info *finfo;
	u32 nr_finfo;
};

static int load(const struct load_opts *o, const struct bpf_insn *insns, u32 cnt)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	memset(log_buf, 0, sizeof(log_buf));
	attr.prog_type = o->type;
	attr.expected_attach_type = o->eatype;
	attr.insns = (u64)(uintptr_t)insns;
	attr.insn_cnt = cnt;
	attr.license = (u64)(uintptr_t)(o->license ? o->license : "GPL");
	attr.attach_btf_id = o->attach_btf_id;
	attr.attach_prog_fd = o->attach_prog_fd;
	attr.prog_flags = o->flags;
	attr.log_buf = (u64)(uintptr_t)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	if (o->btf_fd) {
		attr.prog_btf_fd = o->btf_fd;
		attr.func_info = (u64)(uintptr_t)o->finfo;
		attr.func_info_cnt = o->nr_finfo;
		attr.func_info_rec_size = sizeof(struct bpf_func_info);
	}
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

static bool log_has(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

/* A load refused with errno e and line in the log. */
static void expect_reject(const struct load_opts *o, const struct bpf_insn *insns, u32 cnt,
			  int e, const char *line, const char *name)
{
	int fd = load(o, insns, cnt);

	TEST_ERRNO(fd, e, name);
	if (line)
		TEST_OK(log_has(line), name, "log lacks \"%s\": %s", line, log_buf);
	if (fd >= 0)
		close(fd);
}

static int load_ok(const struct load_opts *o, const struct bpf_insn *insns, u32 cnt,
		   const char *name)
{
	int fd = load(o, insns, cnt);

	TEST_OK(fd >= 0, name, "errno %d, log: %s", errno, log_buf);
	return fd;
}

static int test_run(int prog_fd, void *ctx, u32 ctx_size, u32 flags, u32 cpu, u32 *retval)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.ctx_in = (u64)(uintptr_t)ctx;
	attr.test.ctx_size_in = ctx_size;
	attr.test.flags = flags;
	attr.test.cpu = cpu;
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	if (retval)
		*retval = attr.test.retval;
	return ret;
}

static int raw_tp_open(int prog_fd, const char *name)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.prog_fd = prog_fd;
	attr.raw_tracepoint.name = (u64)(uintptr_t)name;
	return sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
}

static int link_info(int fd, struct bpf_link_info *info)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info = (u64)(uintptr_t)info;
	attr.info.info_len = sizeof(*info);
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

static u32 vmlinux_id(const char *name, u8 kind)
{
	struct btf *btf = bpf_get_btf_vmlinux();
	s32 id = IS_ERR_OR_NULL(btf) ? -1 : btf_find_by_name_kind(btf, name, kind);

	return id < 0 ? 0 : id;
}

static int array_map(u32 value_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = value_size;
	attr.max_entries = 4;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_lookup(int fd, u32 key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (u64)(uintptr_t)&key;
	attr.value = (u64)(uintptr_t)value;
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

#define PROG(...)	((const struct bpf_insn[]){ __VA_ARGS__ })
#define N(...)		(sizeof((const struct bpf_insn[]){ __VA_ARGS__ }) / sizeof(struct bpf_insn))
#define LOAD(o, ...)	load(o, PROG(__VA_ARGS__), N(__VA_ARGS__))
#define LOAD_OK(o, name, ...)	load_ok(o, PROG(__VA_ARGS__), N(__VA_ARGS__), name)
#define REJECT(o, e, line, name, ...)	expect_reject(o, PROG(__VA_ARGS__), N(__VA_ARGS__), e, line, name)

/* r2 = *(size *)(r1 + off); r0 = 0; exit (fentry/fexit must return 0) */
static int ctx_read(const struct load_opts *o, int size, s16 off)
{
	return LOAD(o, BPF_LDX_MEM(size, BPF_REG_2, BPF_REG_1, off),
		    BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
}

static void expect_ctx_read(const struct load_opts *o, int size, s16 off, bool ok,
			    const char *name)
{
	static const int bytes[] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1,
				     [BPF_DW >> 3] = 8 };
	char line[96];
	int fd = ctx_read(o, size, off);

	if (ok) {
		TEST_OK(fd >= 0, name, "errno %d, log: %s", errno, log_buf);
	} else {
		snprintf(line, sizeof(line), "invalid bpf_context access off=%d size=%d",
			 off, bytes[size >> 3]);
		TEST_ERRNO(fd, EACCES, name);
		TEST_OK(log_has(line), name, "log lacks \"%s\": %s", line, log_buf);
	}
	if (fd >= 0)
		close(fd);
}

/* ---- the vmlinux BTF ---- */

static void test_vmlinux_btf(void)
{
	struct bpf_btf_info info;
	union bpf_attr attr;
	char name[32] = "";
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = 0;
	TEST_OK(sys_bpf(BPF_BTF_GET_NEXT_ID, &attr) == 0 && attr.next_id == 1,
		"vmlinux: BTF_GET_NEXT_ID from 0 is id 1", "next %u errno %d", attr.next_id, errno);

	memset(&attr, 0, sizeof(attr));
	attr.btf_id = 1;
	fd = sys_bpf(BPF_BTF_GET_FD_BY_ID, &attr);
	TEST_OK(fd >= 0, "vmlinux: BTF_GET_FD_BY_ID 1", "errno %d", errno);
	if (fd < 0)
		return;
	memset(&info, 0, sizeof(info));
	info.name = (u64)(uintptr_t)name;
	info.name_len = sizeof(name);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info = (u64)(uintptr_t)&info;
	attr.info.info_len = sizeof(info);
	TEST_OK(sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0, "vmlinux: info", "errno %d", errno);
	TEST_EQ(info.id, 1, "vmlinux: info.id is 1");
	TEST_EQ(info.kernel_btf, 1, "vmlinux: kernel_btf is set");
	TEST_OK(!strcmp(name, "vmlinux"), "vmlinux: its name is vmlinux", "name '%s'", name);
	TEST_OK(info.btf_size > sizeof(struct btf_header), "vmlinux: it has a blob",
		"size %u", info.btf_size);
	TEST_OK(btf_vmlinux_is_builtin(), "vmlinux: SYSBPF_VMLINUX_BTF=builtin is honoured",
		"the host's file was used");
	TEST_OK(vmlinux_id("bpf_fentry_test1", BTF_KIND_FUNC) > 0,
		"vmlinux: names bpf_fentry_test1", "not found");
	TEST_OK(vmlinux_id("btf_trace_bpf_test_finish", BTF_KIND_TYPEDEF) > 0,
		"vmlinux: names btf_trace_bpf_test_finish", "not found");
	close(fd);
}

/* The host's file, in a child whose first use of vmlinux reads it. */
static void test_vmlinux_host(void)
{
	int status = 0;
	pid_t pid;

	if (access("/sys/kernel/btf/vmlinux", R_OK))
		return;
	pid = fork();
	if (!pid) {
		setenv("SYSBPF_VMLINUX_BTF", "/sys/kernel/btf/vmlinux", 1);
		_exit(btf_vmlinux_is_builtin() ? 1 :
		      !vmlinux_id("bpf_fentry_test1", BTF_KIND_FUNC) ? 2 :
		      btf_obj_id(bpf_get_btf_vmlinux()) != 1 ? 3 : 0);
	}
	waitpid(pid, &status, 0);
	TEST_OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"vmlinux: the host's BTF is parsed and used, with id 1",
		"status %d", status);
}

/* ---- kprobe, tracepoint, perf_event ---- */

static void test_kprobe(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_KPROBE };
	int fd;
	u32 retval;

	expect_ctx_read(&o, BPF_DW, offsetof(struct pt_regs, rax), true,
			"kprobe: read pt_regs->rax");
	expect_ctx_read(&o, BPF_W, offsetof(struct pt_regs, rdi), true,
			"kprobe: read half of pt_regs->rdi");
	expect_ctx_read(&o, BPF_DW, sizeof(struct pt_regs), false,
			"kprobe: read past pt_regs is denied");
	expect_ctx_read(&o, BPF_DW, 4, false, "kprobe: misaligned read is denied");
	REJECT(&o, EACCES, "invalid bpf_context access off=0 size=8",
	       "kprobe: a write to pt_regs is denied",
	       BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	       BPF_EXIT_INSN());
	fd = LOAD_OK(&o, "kprobe: get_current_pid_tgid, override_return and get_func_ip",
		     BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		     BPF_EMIT_CALL(BPF_FUNC_get_current_pid_tgid),
		     BPF_MOV64_REG(BPF_REG_1, BPF_REG_6), BPF_MOV64_IMM(BPF_REG_2, 0),
		     BPF_EMIT_CALL(BPF_FUNC_override_return),
		     BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		     BPF_EMIT_CALL(BPF_FUNC_get_func_ip), BPF_EXIT_INSN());
	if (fd >= 0) {
		TEST_ERRNO(test_run(fd, NULL, 0, 0, 0, &retval), ENOTSUPP_ERR,
			   "kprobe: no test_run in 6.1 (ENOTSUPP)");
		close(fd);
	}
	REJECT(&o, EINVAL, NULL, "kprobe: skb_load_bytes is not a tracing helper",
	       BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes), BPF_EXIT_INSN());
}

static void test_tracepoint(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_TRACEPOINT };
	int fd;

	expect_ctx_read(&o, BPF_DW, 0, false, "tracepoint: the first 8 bytes are hidden");
	expect_ctx_read(&o, BPF_W, 4, false, "tracepoint: offset 4 is hidden too");
	expect_ctx_read(&o, BPF_DW, 8, true, "tracepoint: read at 8");
	expect_ctx_read(&o, BPF_B, 2047, true, "tracepoint: last byte of the record");
	expect_ctx_read(&o, BPF_B, 2048, false, "tracepoint: past PERF_MAX_TRACE_SIZE");
	expect_ctx_read(&o, BPF_W, 10, false, "tracepoint: misaligned");
	fd = ctx_read(&o, BPF_DW, 16);
	if (fd >= 0) {
		TEST_ERRNO(test_run(fd, NULL, 0, 0, 0, NULL), ENOTSUPP_ERR,
			   "tracepoint: no test_run in 6.1 (ENOTSUPP)");
		close(fd);
	}
}

static void test_perf_event(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_PERF_EVENT };
	const s16 period = offsetof(struct bpf_perf_event_data, sample_period);
	const s16 addr = offsetof(struct bpf_perf_event_data, addr);
	struct bpf_insn xlated[8];
	struct bpf_prog_info info;
	union bpf_attr attr;
	int fd;

	expect_ctx_read(&o, BPF_DW, period, true, "perf_event: sample_period");
	expect_ctx_read(&o, BPF_W, period + 4, true, "perf_event: narrow sample_period");
	expect_ctx_read(&o, BPF_DW, addr, true, "perf_event: addr");
	expect_ctx_read(&o, BPF_DW, 0, true, "perf_event: a register");
	expect_ctx_read(&o, BPF_W, 0, false, "perf_event: a register is read whole");
	expect_ctx_read(&o, BPF_DW, sizeof(struct bpf_perf_event_data), false,
			"perf_event: past the end");

	fd = ctx_read(&o, BPF_DW, period);
	if (fd < 0)
		return;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_insns = (u64)(uintptr_t)xlated;
	info.xlated_prog_len = sizeof(xlated);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info = (u64)(uintptr_t)&info;
	attr.info.info_len = sizeof(info);
	TEST_OK(!sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) &&
		info.xlated_prog_len == 4 * sizeof(struct bpf_insn) &&
		xlated[0].off == 8 && xlated[1].off == 8,
		"perf_event: sample_period becomes data->period (two loads)",
		"len %u off %d %d", info.xlated_prog_len, xlated[0].off, xlated[1].off);
	TEST_ERRNO(test_run(fd, NULL, 0, 0, 0, NULL), ENOTSUPP_ERR,
		   "perf_event: no test_run in 6.1 (ENOTSUPP)");
	close(fd);
}

/* ---- raw tracepoints ---- */

static void test_raw_tp(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_RAW_TRACEPOINT };
	u64 args[MAX_BPF_FUNC_ARGS + 1] = { 40, 2 };
	struct bpf_link_info info;
	char tp_name[32];
	u32 retval = 0;
	int fd, lfd;

	expect_ctx_read(&o, BPF_DW, 88, true, "raw_tp: the 12th argument");
	expect_ctx_read(&o, BPF_DW, 96, false, "raw_tp: no 13th argument");
	expect_ctx_read(&o, BPF_W, 4, true, "raw_tp: half an argument");
	expect_ctx_read(&o, BPF_DW, 4, false, "raw_tp: misaligned");
	REJECT(&o, EACCES, "invalid bpf_context access off=0 size=8", "raw_tp: read only",
	       BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, 0), BPF_MOV64_IMM(BPF_REG_0, 0),
	       BPF_EXIT_INSN());

	fd = LOAD_OK(&o, "raw_tp: args[0] + args[1]",
		     BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0),
		     BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, 8),
		     BPF_ALU64_REG(BPF_ADD, BPF_REG_0, BPF_REG_2), BPF_EXIT_INSN());
	if (fd < 0)
		return;
	TEST_OK(test_run(fd, args, 16, 0, 0, &retval) == 0 && retval == 42,
		"raw_tp: test_run sees its arguments", "errno %d retval %u", errno, retval);
	TEST_ERRNO(test_run(fd, args, 8, 0, 0, NULL), EINVAL,
		   "raw_tp: ctx_size_in below what the program reads");
	TEST_ERRNO(test_run(fd, args, 13 * 8, 0, 0, NULL), EINVAL,
		   "raw_tp: ctx_size_in over 12 arguments");
	TEST_ERRNO(test_run(fd, args, 16, 0, 1, NULL), EINVAL,
		   "raw_tp: a cpu without BPF_F_TEST_RUN_ON_CPU");
	TEST_ERRNO(test_run(fd, args, 16, BPF_F_TEST_RUN_ON_CPU, nr_cpu_ids, NULL), ENXIO,
		   "raw_tp: a cpu that does not exist");
	{
		union bpf_attr attr;

		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = fd;
		attr.test.ctx_in = (u64)(uintptr_t)args;
		attr.test.ctx_size_in = 16;
		attr.test.repeat = 2;
		TEST_ERRNO(sys_bpf(BPF_PROG_TEST_RUN, &attr), EINVAL, "raw_tp: no repeat");
	}

	TEST_ERRNO(raw_tp_open(fd, "no_such_tracepoint"), ENOENT,
		   "raw_tp: RAW_TRACEPOINT_OPEN of an unknown tracepoint");
	TEST_ERRNO(raw_tp_open(fd, "bpf_test_finish"), EINVAL,
		   "raw_tp: a program reading 2 arguments of a 1-argument tracepoint");
	close(fd);

	fd = LOAD_OK(&o, "raw_tp: smp_processor_id",
		     BPF_EMIT_CALL(BPF_FUNC_get_smp_processor_id), BPF_EXIT_INSN());
	if (fd >= 0) {
		TEST_OK(test_run(fd, NULL, 0, BPF_F_TEST_RUN_ON_CPU, nr_cpu_ids - 1, &retval) == 0 &&
			retval == nr_cpu_ids - 1, "raw_tp: runs on the cpu asked for",
			"errno %d retval %u", errno, retval);
		lfd = raw_tp_open(fd, "bpf_test_finish");
		TEST_OK(lfd >= 0, "raw_tp: attaches to bpf_test_finish", "errno %d", errno);
		if (lfd >= 0) {
			memset(&info, 0, sizeof(info));
			info.raw_tracepoint.tp_name = (u64)(uintptr_t)tp_name;
			info.raw_tracepoint.tp_name_len = sizeof(tp_name);
			TEST_OK(!link_info(lfd, &info) && info.type == BPF_LINK_TYPE_RAW_TRACEPOINT &&
				!strcmp(tp_name, "bpf_test_finish") && info.id > 0,
				"raw_tp: link info names the tracepoint", "type %u name %s",
				info.type, tp_name);
			TEST_ERRNO(raw_tp_open(fd, "bpf_test_finish"), EEXIST,
				   "raw_tp: the same program twice");
			close(lfd);
		}
		close(fd);
	}
}

static void test_raw_tp_writable(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE };
	int fd;

	expect_ctx_read(&o, BPF_W, 0, false, "raw_tp_writable: the buffer pointer is read whole");
	expect_ctx_read(&o, BPF_DW, 8, true, "raw_tp_writable: the other arguments");
	fd = ctx_read(&o, BPF_DW, 0);
	TEST_OK(fd >= 0, "raw_tp_writable: reads its buffer pointer", "errno %d: %s", errno,
		log_buf);
	if (fd >= 0) {
		TEST_ERRNO(test_run(fd, NULL, 0, 0, 0, NULL), ENOTSUPP_ERR,
			   "raw_tp_writable: no test_run in 6.1 (ENOTSUPP)");
		close(fd);
	}
}

/* ---- tracing ---- */

/* fentry/fexit program storing args[0..2] at keys 0..2 of map_fd. */
static int load_store_args(const struct load_opts *o, int map_fd, int nr)
{
	struct bpf_insn insns[64];
	int n = 0, i;

	insns[n++] = BPF_MOV64_REG(BPF_REG_6, BPF_REG_1);
	for (i = 0; i < nr; i++) {
		insns[n++] = BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_6, i * 8);
		insns[n++] = BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -8);
		insns[n++] = BPF_ST_MEM(BPF_W, BPF_REG_10, -16, i);
		insns[n++] = (struct bpf_insn){ .code = BPF_LD | BPF_DW | BPF_IMM,
						.dst_reg = BPF_REG_1,
						.src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd };
		insns[n++] = (struct bpf_insn){};
		insns[n++] = BPF_MOV64_REG(BPF_REG_2, BPF_REG_10);
		insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16);
		insns[n++] = BPF_MOV64_REG(BPF_REG_3, BPF_REG_10);
		insns[n++] = BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8);
		insns[n++] = BPF_MOV64_IMM(BPF_REG_4, 0);
		insns[n++] = BPF_EMIT_CALL(BPF_FUNC_map_update_elem);
	}
	insns[n++] = BPF_MOV64_IMM(BPF_REG_0, 0);
	insns[n++] = BPF_EXIT_INSN();
	return load(o, insns, n);
}

static void test_fentry_fexit(void)
{
	u32 t1 = vmlinux_id("bpf_fentry_test1", BTF_KIND_FUNC);
	u32 t2 = vmlinux_id("bpf_fentry_test2", BTF_KIND_FUNC);
	struct load_opts fentry = { .type = BPF_PROG_TYPE_TRACING, .eatype = BPF_TRACE_FENTRY,
				    .attach_btf_id = t1 };
	struct load_opts fexit = { .type = BPF_PROG_TYPE_TRACING, .eatype = BPF_TRACE_FEXIT,
				   .attach_btf_id = t2 };
	struct bpf_link_info info;
	u64 v0 = 0, v1 = 0, v2 = 0;
	int map, fd, lfd, lfd2 = -1;
	u32 retval = 1;

	map = array_map(8);
	TEST_OK(map >= 0, "tracing: a map for the arguments", "errno %d", errno);
	if (map < 0)
		return;

	expect_ctx_read(&fentry, BPF_DW, 0, true, "fentry: bpf_fentry_test1's argument");
	expect_ctx_read(&fentry, BPF_DW, 8, false, "fentry: no second argument");
	TEST_OK(log_has("func 'bpf_fentry_test1' doesn't have 2-th argument"),
		"fentry: the log says which argument", "%s", log_buf);
	expect_ctx_read(&fentry, BPF_W, 4, false, "fentry: offsets are multiples of 8");
	TEST_OK(log_has("func 'bpf_fentry_test1' offset 4 is not multiple of 8"),
		"fentry: the log says why", "%s", log_buf);
	expect_ctx_read(&fexit, BPF_DW, 16, true, "fexit: the return value after the arguments");

	fd = load_store_args(&fentry, map, 1);
	TEST_OK(fd >= 0, "fentry: bpf_fentry_test1 loads", "errno %d: %s", errno, log_buf);
	if (fd < 0)
		goto out;
	lfd = raw_tp_open(fd, NULL);
	TEST_OK(lfd >= 0, "fentry: attaches through RAW_TRACEPOINT_OPEN", "errno %d", errno);
	TEST_ERRNO(raw_tp_open(fd, NULL), EBUSY, "fentry: attached twice is EBUSY");
	TEST_ERRNO(raw_tp_open(fd, "bpf_test_finish"), EINVAL,
		   "fentry: a tracepoint name is not for it");
	TEST_OK(test_run(fd, NULL, 0, 0, 0, &retval) == 0 && retval == 0,
		"fentry: test_run calls the test functions", "errno %d retval %u", errno, retval);
	TEST_OK(!map_lookup(map, 0, &v0) && v0 == 1,
		"fentry: the program saw bpf_fentry_test1(1)", "value %llu",
		(unsigned long long)v0);
	TEST_ERRNO(test_run(fd, NULL, 0, 1, 0, NULL), EINVAL, "fentry: test_run takes no flags");
	if (lfd >= 0) {
		memset(&info, 0, sizeof(info));
		TEST_OK(!link_info(lfd, &info) && info.type == BPF_LINK_TYPE_TRACING &&
			info.tracing.attach_type == BPF_TRACE_FENTRY &&
			info.tracing.target_btf_id == t1,
			"fentry: link info", "type %u attach %u btf %u", info.type,
			info.tracing.attach_type, info.tracing.target_btf_id);
		close(lfd);
	}
	close(fd);

	/* fexit of bpf_fentry_test2(2, 3) = 5: both arguments and the result */
	fexit.attach_btf_id = t2;
	fd = load_store_args(&fexit, map, 3);
	TEST_OK(fd >= 0, "fexit: bpf_fentry_test2 loads", "errno %d: %s", errno, log_buf);
	if (fd < 0)
		goto out;
	{
		union bpf_attr attr;

		memset(&attr, 0, sizeof(attr));
		attr.link_create.prog_fd = fd;
		attr.link_create.attach_type = BPF_TRACE_FENTRY;
		TEST_ERRNO(sys_bpf(BPF_LINK_CREATE, &attr), EINVAL,
			   "fexit: LINK_CREATE with another attach type");
		attr.link_create.attach_type = BPF_TRACE_FEXIT;
		lfd2 = sys_bpf(BPF_LINK_CREATE, &attr);
		TEST_OK(lfd2 >= 0, "fexit: LINK_CREATE attaches", "errno %d", errno);
	}
	TEST_OK(test_run(fd, NULL, 0, 0, 0, &retval) == 0, "fexit: test_run", "errno %d", errno);
	TEST_OK(!map_lookup(map, 0, &v0) && !map_lookup(map, 1, &v1) &&
		!map_lookup(map, 2, &v2) && v0 == 2 && v1 == 3 && v2 == 5,
		"fexit: saw bpf_fentry_test2(2, 3) return 5", "%llu %llu %llu",
		(unsigned long long)v0, (unsigned long long)v1, (unsigned long long)v2);
	if (lfd2 >= 0)
		close(lfd2);
	close(fd);
out:
	close(map);
}

static void test_fmod_ret(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_TRACING, .eatype = BPF_MODIFY_RETURN,
			       .attach_btf_id = vmlinux_id("bpf_modify_return_test",
							   BTF_KIND_FUNC) };
	u32 retval = 0;
	int fd, lfd;

	expect_ctx_read(&o, BPF_DW, 16, true, "fmod_ret: the int return value");
	fd = LOAD_OK(&o, "fmod_ret: returning 0 lets the function run",
		     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	if (fd >= 0) {
		lfd = raw_tp_open(fd, NULL);
		TEST_OK(test_run(fd, NULL, 0, 0, 0, &retval) == 0 && retval == ((1 << 16) | 4),
			"fmod_ret: side effect and result of bpf_modify_return_test(1, &2)",
			"retval 0x%x", retval);
		if (lfd >= 0)
			close(lfd);
		close(fd);
	}
	fd = LOAD_OK(&o, "fmod_ret: returning -EINVAL",
		     BPF_MOV64_IMM(BPF_REG_0, -EINVAL), BPF_EXIT_INSN());
	if (fd >= 0) {
		lfd = raw_tp_open(fd, NULL);
		TEST_OK(test_run(fd, NULL, 0, 0, 0, &retval) == 0 &&
			retval == (u16)-EINVAL,
			"fmod_ret: the function is skipped, its result replaced",
			"retval 0x%x", retval);
		if (lfd >= 0)
			close(lfd);
		close(fd);
	}
	o.attach_btf_id = vmlinux_id("bpf_fentry_test2", BTF_KIND_FUNC);
	REJECT(&o, EINVAL, "bpf_fentry_test2() is not modifiable",
	       "fmod_ret: only error-injectable functions", BPF_MOV64_IMM(BPF_REG_0, 0),
	       BPF_EXIT_INSN());
}

static void test_tracing_attach_checks(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_TRACING, .eatype = BPF_TRACE_FENTRY };
	u32 t1 = vmlinux_id("bpf_fentry_test1", BTF_KIND_FUNC);
	u32 t2 = vmlinux_id("bpf_fentry_test2", BTF_KIND_FUNC);
	u32 tp = vmlinux_id("btf_trace_bpf_test_finish", BTF_KIND_TYPEDEF);
	u32 retval;
	int fd, lfd;

	REJECT(&o, EINVAL, "Tracing programs must provide btf_id",
	       "tracing: no attach_btf_id", BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = 1;
	REJECT(&o, EINVAL, "attach_btf_id 1 is not a function", "tracing: not a function",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = 100000;
	REJECT(&o, EINVAL, "attach_btf_id 100000 is invalid", "tracing: no such type",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = 1U << 21;
	REJECT(&o, EINVAL, NULL, "tracing: an id over BTF_MAX_TYPE",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());

	o.attach_btf_id = t2;
	o.flags = BPF_F_SLEEPABLE;
	REJECT(&o, EINVAL, "bpf_fentry_test2 is not sleepable", "fentry.s: not on test2",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = t1;
	fd = LOAD_OK(&o, "fentry.s: on bpf_fentry_test1 (error-injectable)",
		     BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	if (fd >= 0)
		close(fd);
	o.flags = 0;

	o.eatype = BPF_TRACE_RAW_TP;
	REJECT(&o, EINVAL, "is not a typedef", "tp_btf: a function is not a tracepoint",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = tp;
	fd = LOAD_OK(&o, "tp_btf: btf_trace_bpf_test_finish",
		     BPF_LDX_MEM(BPF_DW, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN());
	if (fd >= 0) {
		lfd = raw_tp_open(fd, NULL);
		TEST_OK(lfd >= 0, "tp_btf: attaches to bpf_test_finish", "errno %d", errno);
		TEST_ERRNO(test_run(fd, NULL, 0, 0, 0, &retval), EFAULT,
			   "tp_btf: test_run of a tracepoint program is EFAULT in 6.1");
		if (lfd >= 0)
			close(lfd);
		close(fd);
	}
	expect_ctx_read(&o, BPF_DW, 8, false, "tp_btf: one argument after __data");

	o.type = BPF_PROG_TYPE_SOCKET_FILTER;
	o.eatype = 0;
	o.attach_btf_id = t1;
	REJECT(&o, EINVAL, NULL, "socket filter: attach_btf_id is not for it",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = 0;
	o.type = BPF_PROG_TYPE_XDP;
	o.flags = BPF_F_SLEEPABLE;
	REJECT(&o, EINVAL,
	       "Only fentry/fexit/fmod_ret, lsm, and kprobe/uprobe programs can be sleepable",
	       "xdp: not sleepable", BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
}

/* ---- LSM ---- */

static void test_lsm(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_LSM, .eatype = BPF_LSM_MAC };
	int fd, lfd;

	o.attach_btf_id = vmlinux_id("bpf_lsm_file_open", BTF_KIND_FUNC);
	fd = LOAD_OK(&o, "lsm: bpf_lsm_file_open", BPF_MOV64_IMM(BPF_REG_0, 0),
		     BPF_EXIT_INSN());
	if (fd >= 0) {
		TEST_ERRNO(test_run(fd, NULL, 0, 0, 0, NULL), ENOTSUPP_ERR,
			   "lsm: no test_run in 6.1 (ENOTSUPP)");
		lfd = raw_tp_open(fd, NULL);
		TEST_OK(lfd >= 0, "lsm: attaches", "errno %d", errno);
		if (lfd >= 0)
			close(lfd);
		close(fd);
	}
	o.flags = BPF_F_SLEEPABLE;
	fd = LOAD_OK(&o, "lsm.s: file_open may sleep", BPF_MOV64_IMM(BPF_REG_0, 0),
		     BPF_EXIT_INSN());
	if (fd >= 0)
		close(fd);
	o.attach_btf_id = vmlinux_id("bpf_lsm_task_free", BTF_KIND_FUNC);
	REJECT(&o, EINVAL, "bpf_lsm_task_free is not sleepable", "lsm.s: task_free may not",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.flags = 0;
	o.license = "Proprietary";
	o.attach_btf_id = vmlinux_id("bpf_lsm_file_open", BTF_KIND_FUNC);
	REJECT(&o, EINVAL, "LSM programs must have a GPL compatible license",
	       "lsm: GPL only", BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.license = NULL;
	o.attach_btf_id = vmlinux_id("bpf_lsm_vm_enough_memory", BTF_KIND_FUNC);
	REJECT(&o, EINVAL, "points to disabled hook bpf_lsm_vm_enough_memory",
	       "lsm: a disabled hook", BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = vmlinux_id("bpf_lsm_verify_prog", BTF_KIND_FUNC);
	REJECT(&o, EINVAL, "points to wrong type name bpf_lsm_verify_prog",
	       "lsm: not a hook", BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.attach_btf_id = vmlinux_id("bpf_fentry_test1", BTF_KIND_FUNC);
	REJECT(&o, EINVAL, "points to wrong type name bpf_fentry_test1",
	       "lsm: not an LSM function", BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
}

/* ---- EXT ---- */

/*
 * A BTF with int, FUNC_PROTO int(void), FUNC "tgt" (linkage), FUNC_PROTO
 * int(int), FUNC "ext1".
 */
static int load_btf(u32 tgt_linkage)
{
	static const char strs[] = "\0int\0tgt\0ext1\0a";
	u32 types[] = {
		/* [1] int */
		1, BTF_KIND_INT << 24, 4, (BTF_INT_SIGNED << 24) | 32,
		/* [2] int (void) */
		0, BTF_KIND_FUNC_PROTO << 24, 1,
		/* [3] tgt */
		5, (BTF_KIND_FUNC << 24) | tgt_linkage, 2,
		/* [4] int (int a) */
		0, (BTF_KIND_FUNC_PROTO << 24) | 1, 1, 14, 1,
		/* [5] ext1 */
		9, (BTF_KIND_FUNC << 24) | BTF_FUNC_GLOBAL, 4,
	};
	struct btf_header hdr = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(hdr),
		.type_len = sizeof(types), .str_off = sizeof(types), .str_len = sizeof(strs),
	};
	static char blob[512];
	union bpf_attr attr;

	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), types, sizeof(types));
	memcpy(blob + sizeof(hdr) + sizeof(types), strs, sizeof(strs));
	memset(&attr, 0, sizeof(attr));
	attr.btf = (u64)(uintptr_t)blob;
	attr.btf_size = sizeof(hdr) + sizeof(types) + sizeof(strs);
	return sys_bpf(BPF_BTF_LOAD, &attr);
}

static void test_ext(void)
{
	struct bpf_func_info tgt_fi = { .insn_off = 0, .type_id = 3 };
	struct bpf_func_info ext_fi = { .insn_off = 0, .type_id = 3 };
	struct bpf_func_info bad_fi = { .insn_off = 0, .type_id = 5 };
	struct load_opts tgt = { .type = BPF_PROG_TYPE_SOCKET_FILTER, .finfo = &tgt_fi,
				 .nr_finfo = 1 };
	struct load_opts ext = { .type = BPF_PROG_TYPE_EXT, .attach_btf_id = 3,
				 .finfo = &ext_fi, .nr_finfo = 1 };
	int btf, sbtf, tfd, efd, stfd;
	union bpf_attr attr;

	ext.attach_btf_id = vmlinux_id("bpf_fentry_test1", BTF_KIND_FUNC);
	REJECT(&ext, EINVAL, "Cannot replace kernel functions", "ext: not a kernel function",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());

	btf = load_btf(BTF_FUNC_GLOBAL);
	sbtf = load_btf(BTF_FUNC_STATIC);
	TEST_OK(btf >= 0 && sbtf >= 0, "ext: BTF for the programs", "errno %d", errno);
	if (btf < 0 || sbtf < 0)
		return;
	tgt.btf_fd = btf;
	tfd = LOAD_OK(&tgt, "ext: a target with BTF", BPF_MOV64_IMM(BPF_REG_0, 0),
		      BPF_EXIT_INSN());
	tgt.btf_fd = sbtf;
	stfd = LOAD_OK(&tgt, "ext: a target whose function is static",
		       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	if (tfd < 0 || stfd < 0)
		goto out;

	ext.btf_fd = btf;
	ext.attach_prog_fd = tfd;
	ext.attach_btf_id = 3;
	efd = LOAD_OK(&ext, "ext: replaces tgt() of the same prototype",
		      BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	if (efd >= 0) {
		memset(&attr, 0, sizeof(attr));
		attr.link_create.prog_fd = efd;
		attr.link_create.target_fd = tfd;
		attr.link_create.target_btf_id = 3;
		TEST_ERRNO(sys_bpf(BPF_LINK_CREATE, &attr), EOPNOTSUPP,
			   "ext: attaching a replacement is not supported yet");
		ext.attach_prog_fd = efd;
		REJECT(&ext, EINVAL, NULL, "ext: of an extension",
		       BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
		close(efd);
	}
	ext.attach_prog_fd = tfd;
	ext.finfo = &bad_fi;
	REJECT(&ext, EINVAL, "ext1() has 1 args while tgt() has 0 args",
	       "ext: prototypes must match", BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	ext.finfo = &ext_fi;
	ext.attach_btf_id = 5;
	REJECT(&ext, EINVAL, "Subprog ext1 doesn't exist", "ext: a function of the target",
	       BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	ext.attach_btf_id = 3;
	ext.eatype = BPF_TRACE_FENTRY;
	REJECT(&ext, EINVAL, NULL, "ext: no expected_attach_type",
	       BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	ext.eatype = 0;
	ext.nr_finfo = 0;
	ext.btf_fd = 0;
	REJECT(&ext, EINVAL, "Program extension requires BTF", "ext: needs its own BTF",
	       BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	ext.btf_fd = sbtf;
	ext.nr_finfo = 1;
	ext.attach_prog_fd = stfd;
	REJECT(&ext, EINVAL, "tgt() is not a global function", "ext: of a static function",
	       BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
out:
	if (tfd >= 0)
		close(tfd);
	if (stfd >= 0)
		close(stfd);
	close(btf);
	close(sbtf);
}

/* ---- SYSCALL ---- */

static void test_syscall(void)
{
	struct load_opts o = { .type = BPF_PROG_TYPE_SYSCALL };
	u32 ctx[4] = { 21, 0, 0, 0 }, retval = 0;
	static char big[70000];
	int fd;

	REJECT(&o, EINVAL, "Syscall programs can only be sleepable", "syscall: must sleep",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.flags = BPF_F_SLEEPABLE;
	o.eatype = BPF_TRACE_FENTRY;
	REJECT(&o, EINVAL, NULL, "syscall: no expected_attach_type",
	       BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	o.eatype = 0;
	expect_ctx_read(&o, BPF_W, 32764, true, "syscall: reads far into its buffer");
	expect_ctx_read(&o, BPF_W, -4, false, "syscall: not before the buffer");

	/* ctx[1] = ctx[0] * 2; return ctx[0] + 1 */
	fd = LOAD_OK(&o, "syscall: reads and writes its buffer",
		     BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 0),
		     BPF_MOV64_REG(BPF_REG_3, BPF_REG_2),
		     BPF_ALU64_IMM(BPF_LSH, BPF_REG_3, 1),
		     BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_3, 4),
		     BPF_MOV64_REG(BPF_REG_0, BPF_REG_2),
		     BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1), BPF_EXIT_INSN());
	if (fd < 0)
		return;
	TEST_OK(test_run(fd, ctx, sizeof(ctx), 0, 0, &retval) == 0 && retval == 22 &&
		ctx[1] == 42, "syscall: test_run returns and writes back", "errno %d ret %u ctx %u",
		errno, retval, ctx[1]);
	TEST_ERRNO(test_run(fd, ctx, 4, 0, 0, NULL), EINVAL,
		   "syscall: ctx_size_in below what it reads");
	TEST_ERRNO(test_run(fd, big, sizeof(big), 0, 0, NULL), EINVAL,
		   "syscall: ctx_size_in over U16_MAX");
	TEST_ERRNO(test_run(fd, ctx, sizeof(ctx), BPF_F_TEST_RUN_ON_CPU, 0, NULL), EINVAL,
		   "syscall: no flags");
	close(fd);

	/* bpf_sys_bpf(BPF_MAP_CREATE, attr on the stack, 48): an array of 1 u64 */
	fd = LOAD_OK(&o, "syscall: bpf_sys_bpf",
		     BPF_LD_IMM64(BPF_REG_2, BPF_MAP_TYPE_ARRAY | (4ULL << 32)),
		     BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -48),
		     BPF_LD_IMM64(BPF_REG_2, 8 | (1ULL << 32)),
		     BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_2, -40),
		     BPF_ST_MEM(BPF_DW, BPF_REG_10, -32, 0),
		     BPF_ST_MEM(BPF_DW, BPF_REG_10, -24, 0),
		     BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		     BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0),
		     BPF_MOV64_IMM(BPF_REG_1, BPF_MAP_CREATE),
		     BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		     BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -48),
		     BPF_MOV64_IMM(BPF_REG_3, 48),
		     BPF_EMIT_CALL(BPF_FUNC_sys_bpf), BPF_EXIT_INSN());
	if (fd < 0)
		return;
	retval = 0;
	TEST_OK(test_run(fd, NULL, 0, 0, 0, &retval) == 0 && (int)retval > 0,
		"syscall: the program made a map", "errno %d ret %d", errno, (int)retval);
	if ((int)retval > 0)
		close(retval);
	close(fd);
}

/* ---- the probe helpers read safely ---- */

static void test_probe_read(void)
{
	char buf[16], *page;
	u64 ret;

	memset(buf, 'x', sizeof(buf));
	ret = bpf_probe_read_kernel_proto.func((u64)(uintptr_t)buf, 8, 0, 0, 0);
	TEST_EQ((long)ret, -EFAULT, "probe_read_kernel of NULL is EFAULT");
	TEST_OK(!memcmp(buf, "\0\0\0\0\0\0\0\0", 8), "probe_read_kernel zeroes on a fault",
		"buffer not zeroed");

	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return;
	munmap(page + 4096, 4096);
	memcpy(page + 4096 - 3, "abc", 3);
	ret = bpf_probe_read_user_proto.func((u64)(uintptr_t)buf, 6,
					     (u64)(uintptr_t)(page + 4096 - 3), 0, 0);
	TEST_EQ((long)ret, -EFAULT, "probe_read_user across into an unmapped page");
	ret = bpf_probe_read_kernel_str_proto.func((u64)(uintptr_t)buf, 16,
						   (u64)(uintptr_t)(page + 4096 - 3), 0, 0);
	TEST_EQ((long)ret, -EFAULT, "probe_read_kernel_str with no NUL before the hole");
	memcpy(page + 4096 - 3, "ab", 3);
	ret = bpf_probe_read_kernel_str_proto.func((u64)(uintptr_t)buf, 16,
						   (u64)(uintptr_t)(page + 4096 - 3), 0, 0);
	TEST_OK(ret == 3 && !strcmp(buf, "ab"), "probe_read_kernel_str stops at the NUL",
		"ret %lld", (long long)ret);
	ret = bpf_probe_read_user_str_proto.func((u64)(uintptr_t)buf, 2,
						 (u64)(uintptr_t)(page + 4096 - 3), 0, 0);
	TEST_OK(ret == 2 && !strcmp(buf, "a"), "probe_read_user_str truncates and terminates",
		"ret %lld", (long long)ret);
	munmap(page, 4096);
}

int main(void)
{
	/* before this process makes its vmlinux BTF: the child makes its own */
	test_vmlinux_host();
	setenv("SYSBPF_VMLINUX_BTF", "builtin", 1);
	test_vmlinux_btf();
	test_kprobe();
	test_tracepoint();
	test_perf_event();
	test_raw_tp();
	test_raw_tp_writable();
	test_fentry_fexit();
	test_fmod_ret();
	test_tracing_attach_checks();
	test_lsm();
	test_ext();
	test_syscall();
	test_probe_read();
	return sysbpf_test_done();
}
