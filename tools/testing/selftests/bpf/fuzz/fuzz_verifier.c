// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: random and mutated programs through the verifier,
 * and every program it accepts run once in the checking interpreter.
 *
 * The interpreter's guard (kernel/bpf/run_guard.c) bounds every load and
 * store of a run to the memory the program was given.  A verified
 * program that trips it is a soundness bug of the verifier, so the hook
 * aborts, and libFuzzer keeps the input.  A crash or a sanitizer report
 * inside the verifier itself is a bug as well.
 *
 * Input: byte 0 picks the program type and the log level, byte 1 the
 * packet length; the rest are instructions, 8 bytes each.  LD_IMM64 map
 * references are pointed at two maps made once: an array and a hash.
 */
#include <linux/bpf.h>
#include <sysbpf/sysbpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void (*bpf_run_stop_hook)(const char *prog_name, const char *why);

#define MAX_INSNS	512
#define LOG_SIZE	(1 << 16)

static int map_fds[2] = { -1, -1 };
static char log_buf[LOG_SIZE];
static unsigned long accepted;	/* for a debugger: how many loaded */

static const enum bpf_prog_type prog_types[] = {
	BPF_PROG_TYPE_SOCKET_FILTER,
	BPF_PROG_TYPE_SCHED_CLS,
	BPF_PROG_TYPE_XDP,
	BPF_PROG_TYPE_SCHED_ACT,
};

static void guard_tripped(const char *prog_name, const char *why)
{
	fprintf(stderr, "fuzz_verifier: accepted program %s tripped the guard: %s\n",
		prog_name, why);
	abort();
}

static int make_map(enum bpf_map_type type, unsigned int key, unsigned int value,
		    unsigned int entries)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key;
	attr.value_size = value;
	attr.max_entries = entries;
	return sysbpf_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the guard's messages go to stderr, not to a trace pipe nobody reads */
	setenv("SYSBPF_TRACE_PIPE", "stderr", 0);
	bpf_run_stop_hook = guard_tripped;
	map_fds[0] = make_map(BPF_MAP_TYPE_ARRAY, 4, 48, 4);
	map_fds[1] = make_map(BPF_MAP_TYPE_HASH, 8, 16, 8);
	if (map_fds[0] < 0 || map_fds[1] < 0) {
		fprintf(stderr, "fuzz_verifier: cannot create the maps\n");
		exit(1);
	}
	return 0;
}

/* LD_IMM64 of a map names one of ours; anything else goes as it came. */
static void fix_map_refs(struct bpf_insn *insns, size_t cnt)
{
	size_t i;

	for (i = 0; i + 1 < cnt; i++) {
		struct bpf_insn *insn = &insns[i];

		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insn->src_reg == BPF_PSEUDO_MAP_FD ||
		    insn->src_reg == BPF_PSEUDO_MAP_VALUE)
			insn->imm = map_fds[insn->imm & 1];
		i++;
	}
}

static void run_once(int prog_fd, const uint8_t *pkt, size_t pkt_len)
{
	unsigned char data_out[256];
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = (uint64_t)(uintptr_t)pkt;
	attr.test.data_size_in = pkt_len;
	attr.test.data_out = (uint64_t)(uintptr_t)data_out;
	attr.test.data_size_out = sizeof(data_out);
	attr.test.repeat = 1;
	sysbpf_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bpf_insn insns[MAX_INSNS];
	static uint8_t pkt[256];
	union bpf_attr attr;
	size_t cnt, pkt_len;
	int fd;

	if (size < 2 + sizeof(struct bpf_insn))
		return 0;
	cnt = (size - 2) / sizeof(struct bpf_insn);
	if (cnt > MAX_INSNS)
		cnt = MAX_INSNS;
	memcpy(insns, data + 2, cnt * sizeof(struct bpf_insn));
	fix_map_refs(insns, cnt);

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog_types[data[0] % (sizeof(prog_types) / sizeof(prog_types[0]))];
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = cnt;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	/* one input in eight also exercises the log printing */
	if ((data[0] >> 4) == 1 || (data[0] >> 4) == 2) {
		attr.log_level = data[0] >> 4;
		attr.log_buf = (uint64_t)(uintptr_t)log_buf;
		attr.log_size = sizeof(log_buf);
	}
	fd = sysbpf_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0)
		return 0;
	accepted++;

	/* the packet: at least an Ethernet header, bytes from the input's tail */
	pkt_len = 14 + data[1] % (sizeof(pkt) - 14);
	memset(pkt, 0, sizeof(pkt));
	memcpy(pkt, data + 2, size - 2 < pkt_len ? size - 2 : pkt_len);
	run_once(fd, pkt, pkt_len);
	close(fd);
	/* a raw close: release the program now, not at the next id walk */
	sysbpf_reap();
	return 0;
}
