// SPDX-License-Identifier: GPL-2.0
/*
 * The run-time guard: the memory a program run may touch, and the checks
 * of helper arguments the verifier would otherwise make statically.
 *
 * The memory of a run is
 *  - the stacks of its live frames (a frame may hand a pointer to its
 *    stack to a callee or a callback), checked inline by the interpreter;
 *  - the packet of the context, [meta, data_end) as the program type's
 *    pkt_bounds reports it, re-read after every helper call since
 *    helpers may move it;
 *  - the direct value areas (global data) of the program's maps, and the
 *    values of the maps whose lookups are inlined (map_gen_lookup.c), read
 *    only for BPF_F_RDONLY_PROG maps;
 *  - the regions helpers registered with bpf_run_guard_add() (map values,
 *    allocated records), for the rest of the run.
 * The state is per thread: callbacks (bpf_loop, for_each) share the state
 * of the run they are called from, tail calls keep it, and a program run
 * from inside a helper gets its own.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <stdarg.h>
#include <stdio.h>
#include "run_guard.h"

__thread struct bpf_run *bpf_current_run;

void bpf_run_init(struct bpf_run *run, const struct bpf_prog *prog,
		  const void *ctx)
{
	run->prev = bpf_current_run;
	run->prog = prog;
	run->ctx = ctx;
	run->tail_call_cnt = 0;
	run->stopped = false;
	run->pkt_valid = false;
	run->areas_prog = NULL;
	run->nr_areas = 0;
	run->regions = run->inline_regions;
	run->nr_regions = 0;
	run->regions_cap = BPF_RUN_REGIONS_INLINE;
	run->regions_head = 0;
	run->nr_inner_maps = 0;
	bpf_run_set_depth(run, 0);
}

void bpf_run_release(struct bpf_run *run)
{
	if (run->regions != run->inline_regions)
		kfree(run->regions);
	run->regions = run->inline_regions;
}

static bool region_has(const struct bpf_run_region *r, uintptr_t addr, u64 size)
{
	return addr >= r->start && addr < r->end && size <= r->end - addr;
}

static bool pkt_ok(struct bpf_run *run, uintptr_t addr, u64 size)
{
	const struct bpf_prog_ops *ops = run->prog->aux->ops;
	struct bpf_pkt_bounds b;

	if (!run->pkt_valid) {
		run->pkt_start = run->pkt_end = 0;
		if (ops && ops->pkt_bounds && run->ctx) {
			memset(&b, 0, sizeof(b));
			ops->pkt_bounds(run->ctx, &b);
			/* a type without metadata may report meta past data */
			if (!b.meta || b.meta > b.data)
				b.meta = b.data;
			if (b.meta && b.data_end >= b.meta) {
				run->pkt_start = (uintptr_t)b.meta;
				run->pkt_end = (uintptr_t)b.data_end;
			}
		}
		run->pkt_valid = true;
	}
	return addr >= run->pkt_start && addr < run->pkt_end &&
	       size <= run->pkt_end - addr;
}

/* The used maps of the running program, safe against bpf_prog_bind_map. */
static struct bpf_map *const *prog_used_maps(const struct bpf_prog *prog, u32 *cnt)
{
	/* bind_map publishes the array before the count grows */
	*cnt = __atomic_load_n(&prog->aux->used_map_cnt, __ATOMIC_ACQUIRE);
	return rcu_dereference(prog->aux->used_maps);
}

static void areas_build(struct bpf_run *run)
{
	struct bpf_map *const *maps;
	struct bpf_map *map;
	u32 i, cnt;
	u64 addr, size;

	maps = prog_used_maps(run->prog, &cnt);
	run->nr_areas = 0;
	for (i = 0; i < cnt && run->nr_areas < MAX_USED_MAPS; i++) {
		map = maps[i];
		/* values an inlined lookup computes: no helper hands them out */
		if (bpf_map_gen_lookup_area(map, &addr, &size)) {
			if (!map->ops->map_direct_value_addr ||
			    map->ops->map_direct_value_addr(map, &addr, 0))
				continue;
			size = map->value_size;
		}
		run->areas[run->nr_areas++] = (struct bpf_run_region){
			.start = (uintptr_t)addr,
			.end = (uintptr_t)addr + size,
			.writable = !(map->map_flags & BPF_F_RDONLY_PROG),
		};
	}
	run->areas_prog = run->prog;
}

static const struct bpf_run_region *area_find(struct bpf_run *run,
					      uintptr_t addr, u64 size)
{
	u32 i;

	if (run->areas_prog != run->prog)
		areas_build(run);
	for (i = 0; i < run->nr_areas; i++)
		if (region_has(&run->areas[i], addr, size))
			return &run->areas[i];
	return NULL;
}

static struct bpf_run_region *region_at(struct bpf_run *run, u32 age)
{
	return &run->regions[(run->regions_head - 1 - age) & (run->regions_cap - 1)];
}

/* The newest region that holds [addr, addr + size), or NULL. */
static const struct bpf_run_region *region_find(struct bpf_run *run,
						uintptr_t addr, u64 size,
						bool write)
{
	const struct bpf_run_region *r;
	u32 i;

	for (i = 0; i < run->nr_regions; i++) {
		r = region_at(run, i);
		if (region_has(r, addr, size) && (!write || r->writable))
			return r;
	}
	return NULL;
}

bool bpf_run_access_ok(struct bpf_run *run, u64 addr, u64 size, bool write)
{
	u64 off = addr - (u64)(uintptr_t)run->stack;
	const struct bpf_run_region *r;
	uintptr_t a = (uintptr_t)addr;

	if (off < run->stack_span && size <= run->stack_span - off)
		return true;
	if (pkt_ok(run, a, size))
		return true;
	r = area_find(run, a, size);
	if (r && (!write || r->writable))
		return true;
	return region_find(run, a, size, write) != NULL;
}

static bool regions_grow(struct bpf_run *run)
{
	u32 cap = run->regions_cap * 2, i, nr = run->nr_regions;
	struct bpf_run_region *n;

	n = kmalloc_array(cap, sizeof(*n), GFP_ATOMIC);
	if (!n)
		return false;
	/* oldest first: the ring may have wrapped when memory was short */
	for (i = 0; i < nr; i++)
		n[i] = *region_at(run, nr - 1 - i);
	if (run->regions != run->inline_regions)
		kfree(run->regions);
	run->regions = n;
	run->regions_cap = cap;
	run->regions_head = nr;
	return true;
}

static void region_add(struct bpf_run *run, uintptr_t start, uintptr_t end,
		       bool writable)
{
	struct bpf_run_region *r;
	u32 i;

	/* lookups in a loop hand out the same or neighbouring values */
	for (i = 0; i < run->nr_regions && i < 8; i++) {
		r = region_at(run, i);
		if (r->start <= start && end <= r->end &&
		    (r->writable || !writable))
			return;
	}
	if (run->nr_regions) {
		r = region_at(run, 0);
		if (r->writable == writable && r->end == start) {
			r->end = end;
			return;
		}
	}
	if (run->nr_regions == run->regions_cap &&
	    run->regions_cap < BPF_RUN_REGIONS_MAX)
		regions_grow(run);
	/* at the maximum (or without memory) the oldest region goes */
	r = &run->regions[run->regions_head];
	*r = (struct bpf_run_region){ start, end, writable };
	run->regions_head = (run->regions_head + 1) & (run->regions_cap - 1);
	if (run->nr_regions < run->regions_cap)
		run->nr_regions++;
}

void bpf_run_guard_add(const void *start, u64 size, bool writable)
{
	struct bpf_run *run = bpf_current_run;
	uintptr_t s = (uintptr_t)start;

	if (!run || !start || !size || s + size < s)
		return;
	region_add(run, s, s + size, writable);
}

bool bpf_run_guard_check(const void *p, u64 size, bool write)
{
	struct bpf_run *run = bpf_current_run;

	/* outside a run nothing is guarded */
	if (!run)
		return true;
	if (!size)
		return true;
	return bpf_run_access_ok(run, (u64)(uintptr_t)p, size, write);
}

static const char *prog_name(const struct bpf_prog *prog)
{
	return prog->aux->name[0] ? prog->aux->name : "(unnamed)";
}

void (*bpf_run_stop_hook)(const char *prog_name, const char *why);

void bpf_run_stop(struct bpf_run *run, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	if (run->stopped)
		return;
	run->stopped = true;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	bpf_trace_printk_emit("sysbpf: program %s stopped: %s",
			      prog_name(run->prog), why);
	if (bpf_run_stop_hook)
		bpf_run_stop_hook(prog_name(run->prog), why);
}

/* ---- helper arguments ---- */

bool bpf_run_map_ok(struct bpf_run *run, const struct bpf_map *map)
{
	struct bpf_map *const *maps;
	u32 i, cnt;

	if (!map)
		return false;
	maps = prog_used_maps(run->prog, &cnt);
	for (i = 0; i < cnt; i++)
		if (maps[i] == map)
			return true;
	for (i = 0; i < run->nr_inner_maps && i < BPF_RUN_INNER_MAPS; i++)
		if (run->inner_maps[i] == map)
			return true;
	return false;
}

static bool func_ok(const struct bpf_run *run, u64 value)
{
	const struct bpf_prog_aux *aux = run->prog->aux;
	uintptr_t base = (uintptr_t)aux->subprog_entries;
	uintptr_t p = (uintptr_t)value;
	const struct bpf_subprog_entry *e;

	if (!base || p < base ||
	    p >= base + (u64)aux->subprog_cnt * sizeof(*e) ||
	    (p - base) % sizeof(*e))
		return false;
	e = (const void *)p;
	return e->prog && e->insn_off < e->prog->len;
}

/* A string in read-only map memory, ending within it. */
static bool const_str_ok(struct bpf_run *run, u64 value)
{
	const struct bpf_run_region *r;
	uintptr_t p = (uintptr_t)value;

	r = area_find(run, p, 1);
	if (!r || r->writable)
		r = region_find(run, p, 1, false);
	if (!r || r->writable)
		return false;
	return memchr((const void *)p, 0, r->end - p) != NULL;
}

static const char *arg_name(enum bpf_arg_type t)
{
	switch (base_type(t)) {
	case ARG_CONST_MAP_PTR:		return "map pointer";
	case ARG_PTR_TO_MAP_KEY:	return "map key";
	case ARG_PTR_TO_MAP_VALUE:	return "map value";
	case ARG_PTR_TO_CTX:		return "context";
	case ARG_PTR_TO_FUNC:		return "callback";
	case ARG_PTR_TO_CONST_STR:	return "constant string";
	case ARG_PTR_TO_STACK:		return "stack pointer";
	case ARG_PTR_TO_SPIN_LOCK:	return "spin lock";
	case ARG_PTR_TO_TIMER:		return "timer";
	case ARG_PTR_TO_KPTR:		return "kptr";
	case ARG_PTR_TO_DYNPTR:		return "dynptr";
	case ARG_PTR_TO_ALLOC_MEM:	return "allocated memory";
	case ARG_CONST_SIZE:		return "size";
	default:			return "memory";
	}
}

struct helper_check {
	struct bpf_run *run;
	const struct bpf_func_proto *fn;
	const u64 *regs;
	const struct bpf_map *map;
	u64 alloc_size;
};

static bool mem_arg_ok(struct bpf_run *run, u64 p, u64 size, enum bpf_arg_type t)
{
	return bpf_run_access_ok(run, p, size, t & (MEM_WRITE | MEM_UNINIT));
}

/* The size a memory argument spans: fixed, or the next size argument. */
static bool mem_arg_size(const struct helper_check *c, int i, u64 *size)
{
	enum bpf_arg_type t = c->fn->arg_type[i];
	enum bpf_arg_type next = i + 1 < 5 ? c->fn->arg_type[i + 1] : ARG_DONTCARE;

	if (t & MEM_FIXED_SIZE) {
		*size = c->fn->arg_size[i];
		return true;
	}
	if (base_type(next) == ARG_CONST_SIZE ||
	    base_type(next) == ARG_CONST_SIZE_OR_ZERO) {
		*size = c->regs[BPF_REG_1 + i + 1];
		/* a zero size is the verifier's "invalid zero-sized read" */
		return *size || base_type(next) == ARG_CONST_SIZE_OR_ZERO;
	}
	*size = 1;
	return true;
}

static bool arg_ok(struct helper_check *c, int i)
{
	enum bpf_arg_type t = c->fn->arg_type[i];
	struct bpf_run *run = c->run;
	u64 v = c->regs[BPF_REG_1 + i], size;

	if ((t & PTR_MAYBE_NULL) && !v)
		return true;
	switch (base_type(t)) {
	case ARG_DONTCARE:
	case ARG_ANYTHING:
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
		return true;
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		c->alloc_size = v;
		return true;
	case ARG_CONST_MAP_PTR:
		c->map = (const struct bpf_map *)(uintptr_t)v;
		return bpf_run_map_ok(run, c->map);
	case ARG_PTR_TO_MAP_KEY:
		return c->map && mem_arg_ok(run, v, c->map->key_size, t);
	case ARG_PTR_TO_MAP_VALUE:
		return c->map && mem_arg_ok(run, v, c->map->value_size, t);
	case ARG_PTR_TO_MEM:
		if (!mem_arg_size(c, i, &size))
			return false;
		return !size || mem_arg_ok(run, v, size, t);
	case ARG_PTR_TO_CTX:
		return (const void *)(uintptr_t)v == run->ctx;
	case ARG_PTR_TO_FUNC:
		return func_ok(run, v);
	case ARG_PTR_TO_CONST_STR:
		return const_str_ok(run, v);
	case ARG_PTR_TO_STACK:
		/* a stack pointer, not an access: fp itself (off 0) is one too */
		return bpf_run_stack_ok(run, v, 0);
	case ARG_PTR_TO_SPIN_LOCK:
		return !(v & 3) && bpf_run_access_ok(run, v, sizeof(struct bpf_spin_lock), true);
	case ARG_PTR_TO_TIMER:
		return !(v & 7) && bpf_run_access_ok(run, v, sizeof(struct bpf_timer), true);
	case ARG_PTR_TO_KPTR:
		return !(v & 7) && bpf_run_access_ok(run, v, sizeof(u64), true);
	case ARG_PTR_TO_DYNPTR:
		return bpf_run_access_ok(run, v, sizeof(struct bpf_dynptr),
					 t & MEM_UNINIT);
	case ARG_PTR_TO_ALLOC_MEM:
		return bpf_run_access_ok(run, v, 1, true);
	default:
		/* sockets, BTF objects: their helpers check them */
		return true;
	}
}

bool bpf_run_check_helper_args(struct bpf_run *run,
			       const struct bpf_func_proto *fn,
			       const u64 *regs, const struct bpf_insn *insn,
			       const struct bpf_map **map, u64 *alloc_size)
{
	const struct bpf_prog_aux *aux = run->prog->aux;
	struct helper_check c = { .run = run, .fn = fn, .regs = regs };
	int i;

	for (i = 0; i < 5; i++) {
		if (fn->arg_type[i] == ARG_DONTCARE)
			break;
		if (arg_ok(&c, i))
			continue;
		/* the helper's id is known when the verifier recorded it */
		bpf_run_stop(run, "bad %s in R%d of helper %u at insn %u",
			     arg_name(fn->arg_type[i]), i + 1,
			     aux->call_func_ids ? aux->call_func_ids[insn->imm] : 0,
			     (u32)(insn - run->prog->insnsi));
		return false;
	}
	*map = c.map;
	*alloc_size = c.alloc_size;
	return true;
}

/* Map types whose lookups hand out objects rather than memory. */
static bool map_value_is_object(const struct bpf_map *map)
{
	switch (map->map_type) {
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return true;
	default:
		return false;
	}
}

void bpf_run_helper_returned(struct bpf_run *run,
			     const struct bpf_func_proto *fn,
			     const struct bpf_map *map, u64 alloc_size, u64 r0)
{
	uintptr_t p = (uintptr_t)r0;

	if (!r0 || IS_ERR_VALUE(p))
		return;
	switch (base_type(fn->ret_type)) {
	case RET_PTR_TO_MAP_VALUE:
		if (!map)
			return;
		if (map->inner_map_meta) {
			/* the value is the inner map: a map the run may use */
			run->inner_maps[run->nr_inner_maps++ % BPF_RUN_INNER_MAPS] =
				(struct bpf_map *)p;
			return;
		}
		if (map_value_is_object(map))
			return;
		region_add(run, p, p + map->value_size,
			   !(map->map_flags & BPF_F_RDONLY_PROG));
		return;
	case RET_PTR_TO_ALLOC_MEM:
		if (alloc_size && p + alloc_size > p)
			region_add(run, p, p + alloc_size,
				   !(fn->ret_type & MEM_RDONLY));
		return;
	default:
		return;
	}
}
