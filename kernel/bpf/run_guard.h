/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of one program run, shared by the interpreter (interp.c) and
 * the run-time guard (run_guard.c).  Private to kernel/bpf.
 *
 * Until a verifier proves which memory a program may touch, every load
 * and store of the program is checked against the memory of its run:
 * the stacks of the live frames, the packet of the context, the direct
 * value areas of the program's maps, and the regions helpers handed out
 * (map values).  A run that breaks a bound is stopped with r0 = 0.
 */
#ifndef _SYSBPF_KERNEL_BPF_RUN_GUARD_H
#define _SYSBPF_KERNEL_BPF_RUN_GUARD_H

#include <linux/filter.h>

/* Regions kept inline before the run allocates, and at most. */
#define BPF_RUN_REGIONS_INLINE	16
#define BPF_RUN_REGIONS_MAX	4096
/* Inner maps (map-in-map lookups) a run may pass as ARG_CONST_MAP_PTR. */
#define BPF_RUN_INNER_MAPS	8
/*
 * Backward jumps one program may take in one invocation.  A verified
 * program stays far below (the verifier walks every iteration of a
 * bounded loop within BPF_COMPLEXITY_LIMIT_INSNS); the limit only turns
 * a program that would never end into a stopped one.
 */
#define BPF_RUN_LOOP_BUDGET	(1U << 24)

/*
 * Called when a run is stopped for breaking a bound, before it returns.
 * The fuzzer sets it to abort: a verified program that trips the guard
 * is a soundness bug of the verifier.
 */
extern void (*bpf_run_stop_hook)(const char *prog_name, const char *why);

struct bpf_run_region {
	uintptr_t start;
	uintptr_t end;
	bool writable;
};

/* What a bpf-to-bpf call saves to return to its caller. */
struct bpf_run_frame {
	u64 callee_saved[5];		/* r6-r9 and r10 of the caller */
	const struct bpf_insn *call;	/* the call instruction */
	const struct bpf_prog *prog;	/* the caller's program (tail calls) */
	u32 loop_budget;
};

struct bpf_run {
	struct bpf_run *prev;		/* the run this one is nested in */
	const struct bpf_prog *prog;	/* the program now running */
	const void *ctx;
	u32 depth;			/* live frames */
	u32 tail_call_cnt;
	bool stopped;

	/* live stacks: [stack, stack + stack_span), frame d at stack[d] */
	u64 stack_span;

	/* the packet of ctx, cached until the next helper call */
	bool pkt_valid;
	uintptr_t pkt_start;
	uintptr_t pkt_end;

	/* direct value areas of the used maps of areas_prog */
	const struct bpf_prog *areas_prog;
	u32 nr_areas;
	struct bpf_run_region areas[MAX_USED_MAPS];

	/* regions helpers registered: a ring once it holds the maximum */
	struct bpf_run_region *regions;
	u32 nr_regions;
	u32 regions_cap;
	u32 regions_head;		/* next slot to write */
	struct bpf_run_region inline_regions[BPF_RUN_REGIONS_INLINE];

	struct bpf_map *inner_maps[BPF_RUN_INNER_MAPS];
	u32 nr_inner_maps;

	struct bpf_run_frame frames[MAX_CALL_FRAMES];
	u8 stack[MAX_CALL_FRAMES][MAX_BPF_STACK] __aligned(16);
};

/* The innermost run of this thread, NULL outside runs. */
extern __thread struct bpf_run *bpf_current_run;

void bpf_run_init(struct bpf_run *run, const struct bpf_prog *prog,
		  const void *ctx);
void bpf_run_release(struct bpf_run *run);

static inline u64 bpf_run_frame_top(struct bpf_run *run, u32 frame)
{
	return (u64)(uintptr_t)run->stack[frame] + MAX_BPF_STACK;
}

static inline void bpf_run_set_depth(struct bpf_run *run, u32 depth)
{
	run->depth = depth;
	run->stack_span = (u64)depth * MAX_BPF_STACK;
}

/* The fast path: an access inside the live stacks (size <= 8). */
static __always_inline bool bpf_run_stack_ok(const struct bpf_run *run,
					     u64 addr, u32 size)
{
	return addr - (u64)(uintptr_t)run->stack <= run->stack_span - size;
}

/* Every other memory of the run; write asks for writable memory. */
bool bpf_run_access_ok(struct bpf_run *run, u64 addr, u64 size, bool write);

static __always_inline bool bpf_run_mem_ok(struct bpf_run *run, u64 addr,
					   u32 size, bool write)
{
	return likely(bpf_run_stack_ok(run, addr, size)) ||
	       bpf_run_access_ok(run, addr, size, write);
}

bool bpf_run_map_ok(struct bpf_run *run, const struct bpf_map *map);

/*
 * Checks the arguments of a helper call against its proto.  Returns the
 * map of its ARG_CONST_MAP_PTR (or NULL) through map, and the size of
 * an ARG_CONST_ALLOC_SIZE_OR_ZERO through alloc_size.  False when an
 * argument is bad; the run is then stopped.
 */
bool bpf_run_check_helper_args(struct bpf_run *run,
			       const struct bpf_func_proto *fn,
			       const u64 *regs, const struct bpf_insn *insn,
			       const struct bpf_map **map, u64 *alloc_size);
/* Registers what a helper returned (map values, allocated memory). */
void bpf_run_helper_returned(struct bpf_run *run,
			     const struct bpf_func_proto *fn,
			     const struct bpf_map *map, u64 alloc_size, u64 r0);

/* Stops the run: one line in the trace pipe says why. */
void bpf_run_stop(struct bpf_run *run, const char *fmt, ...) __printf(2, 3);

/* The interpreter (interp.c) */
unsigned int __bpf_prog_run_interp(const void *ctx, const struct bpf_insn *insn);
u64 bpf_interp_run_subprog(const struct bpf_subprog_entry *entry,
			   u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
/* Checks that the interpreter can run prog without leaving its code. */
int bpf_interp_check_prog(const struct bpf_prog *prog);

#endif
