/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The input of fuzz_verifier, shared by the target, its structured
 * mutator and seed_dump.c (which turns the programs the upstream 6.1
 * test_verifier gets accepted into inputs).
 *
 * An input is
 *
 *	byte 0	 bits 0-4: program type (index in fuzz_prog_types[], or in
 *		 fuzz_unpriv_types[] when unprivileged); bit 5: load and run
 *		 without CAP_BPF/CAP_PERFMON/CAP_NET_ADMIN/CAP_SYS_ADMIN;
 *		 bits 6-7: log level (0, 1, 2, or 1 with BPF_LOG_STATS)
 *	byte 1	 prog_flags (BPF_F_STRICT_ALIGNMENT ... BPF_F_XDP_HAS_FRAGS)
 *	byte 2	 length of the packet (or context) the program runs on
 *	byte 3	 BTF: bit 7 loads the program with BTF func_info (always
 *		 when it has a callback); subprogram i > 0 is global when
 *		 bit i - 1 is set (i <= 4), bits 4-6 pick the prototypes
 *		 (fuzz_verifier.c, btf_init())
 *	byte 4-5 number of instructions, little endian
 *	then	 the instructions, 8 bytes each (struct bpf_insn); an
 *		 LD_IMM64 of a map (BPF_PSEUDO_MAP_FD/_VALUE) or a BPF_PSEUDO_MAP_IDX
 *		 names one of fuzz_maps[] by imm % FUZZ_NR_MAPS
 *	then	 the bytes of the packet or context, zero-padded to byte 2's
 *		 length
 */
#ifndef _FUZZ_VERIFIER_H
#define _FUZZ_VERIFIER_H

#include <linux/bpf.h>

#define FUZZ_HDR_LEN		6
#define FUZZ_TYPE_MASK		0x1f
#define FUZZ_UNPRIV		0x20
#define FUZZ_LOG_SHIFT		6
#define FUZZ_PROG_FLAGS		0x3f
#define FUZZ_MAX_INSNS		4096

/* How the target runs an accepted program of a type. */
enum fuzz_run {
	FUZZ_RUN_NONE,		/* 6.1 has no BPF_PROG_TEST_RUN for the type */
	FUZZ_RUN_PKT,		/* data_in: skb, xdp, flow dissector */
	FUZZ_RUN_CTX_ARGS,	/* ctx_in: u64 arguments of a raw tracepoint */
	FUZZ_RUN_SK_LOOKUP,	/* ctx_in: struct bpf_sk_lookup */
	FUZZ_RUN_SYSCALL,	/* ctx_in: bytes of a syscall program */
};

struct fuzz_prog_type {
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	enum fuzz_run run;
};

/* 32 slots: the runnable types have more than one, so they come up more. */
static const struct fuzz_prog_type fuzz_prog_types[32] = {
	{ BPF_PROG_TYPE_SOCKET_FILTER,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_SCHED_CLS,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_SCHED_ACT,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_XDP,		0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_CGROUP_SKB,	BPF_CGROUP_INET_INGRESS,	FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_CGROUP_SKB,	BPF_CGROUP_INET_EGRESS,		FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_RAW_TRACEPOINT,	0,				FUZZ_RUN_CTX_ARGS },
	{ BPF_PROG_TYPE_KPROBE,		0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_TRACEPOINT,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_PERF_EVENT,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_LWT_IN,		0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_LWT_OUT,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_LWT_XMIT,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_FLOW_DISSECTOR,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_SK_LOOKUP,	BPF_SK_LOOKUP,			FUZZ_RUN_SK_LOOKUP },
	{ BPF_PROG_TYPE_SYSCALL,	0,				FUZZ_RUN_SYSCALL },
	{ BPF_PROG_TYPE_SOCK_OPS,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_SK_SKB,		0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_SK_MSG,		0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SOCK,	BPF_CGROUP_INET_SOCK_CREATE,	FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SOCK,	BPF_CGROUP_INET4_POST_BIND,	FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT,	FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG,	FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_DEVICE,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SYSCTL,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT,	BPF_CGROUP_GETSOCKOPT,		FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_CGROUP_SOCKOPT,	BPF_CGROUP_SETSOCKOPT,		FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_SK_REUSEPORT,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_LWT_SEG6LOCAL,	0,				FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0,			FUZZ_RUN_NONE },
	{ BPF_PROG_TYPE_SCHED_CLS,	0,				FUZZ_RUN_PKT },
	{ BPF_PROG_TYPE_XDP,		0,				FUZZ_RUN_PKT },
};

/* The types an unprivileged user may load (kernel.unprivileged_bpf_disabled=0). */
static const unsigned char fuzz_unpriv_types[] = { 0, 4, 5 };

/* The maps every input can name: what the upstream test_verifier makes, and more. */
/* A map's value may have a BTF type with special fields (btf_init()). */
enum fuzz_map_btf {
	FUZZ_BTF_NONE,
	FUZZ_BTF_LOCK_TIMER,	/* int cnt; bpf_spin_lock @4; bpf_timer @8: 24 bytes */
	FUZZ_BTF_TIMER,		/* bpf_timer @0: 16 bytes, as test_verifier's */
};

struct fuzz_map {
	enum bpf_map_type type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int flags;
	enum fuzz_map_btf btf;
};

#define FUZZ_NR_MAPS		20
#define FUZZ_MAP_PROG_ARRAY	4	/* one a program type, made when first used */

static const struct fuzz_map fuzz_maps[FUZZ_NR_MAPS] = {
	/* 0-3: test_verifier's map_array_48b, map_hash_8b, _48b, _16b */
	{ BPF_MAP_TYPE_ARRAY,		4, 48, 1, 0 },
	{ BPF_MAP_TYPE_HASH,		8, 8, 1, BPF_F_NO_PREALLOC },
	{ BPF_MAP_TYPE_HASH,		8, 48, 1, BPF_F_NO_PREALLOC },
	{ BPF_MAP_TYPE_HASH,		8, 16, 1, BPF_F_NO_PREALLOC },
	/* 4: prog_array of 4 slots: 0 returns 42, 1 tail-calls itself, 2 returns 24 */
	{ BPF_MAP_TYPE_PROG_ARRAY,	4, 4, 4, 0 },
	/* 5: read-only to programs and frozen: constant strings, direct reads */
	{ BPF_MAP_TYPE_ARRAY,		4, 48, 1, BPF_F_RDONLY_PROG },
	/* 6: write-only to programs */
	{ BPF_MAP_TYPE_ARRAY,		4, 48, 1, BPF_F_WRONLY_PROG },
	/* 7: value of one byte (map_array_small) */
	{ BPF_MAP_TYPE_ARRAY,		4, 1, 1, 0 },
	{ BPF_MAP_TYPE_PERCPU_ARRAY,	4, 48, 2, 0 },
	{ BPF_MAP_TYPE_PERCPU_HASH,	8, 48, 4, 0 },
	{ BPF_MAP_TYPE_ARRAY,		4, 8, 256, 0 },
	{ BPF_MAP_TYPE_HASH,		4, 8, 64, 0 },
	/* 12-15: types other engineers are adding; a plain map stands in
	 * until MAP_CREATE takes them */
	{ BPF_MAP_TYPE_LRU_HASH,	8, 48, 4, 0 },
	{ BPF_MAP_TYPE_RINGBUF,		0, 0, 4096, 0 },
	{ BPF_MAP_TYPE_ARRAY_OF_MAPS,	4, 4, 1, 0 },
	{ BPF_MAP_TYPE_QUEUE,		0, 8, 8, 0 },
	/* 16-18: spin locks and timers, 19: perf_event_output */
	{ BPF_MAP_TYPE_ARRAY,		4, 24, 2, 0, FUZZ_BTF_LOCK_TIMER },
	{ BPF_MAP_TYPE_HASH,		4, 24, 4, 0, FUZZ_BTF_LOCK_TIMER },
	{ BPF_MAP_TYPE_ARRAY,		4, 16, 1, 0, FUZZ_BTF_TIMER },
	{ BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 2, 0 },
};

#endif
