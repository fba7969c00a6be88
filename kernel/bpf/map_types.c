// SPDX-License-Identifier: GPL-2.0
/*
 * The map types this build has, by enum bpf_map_type (the kernel's
 * bpf_types.h).  A NULL slot is a 6.1 type sysbpf does not provide yet:
 * MAP_CREATE says -EINVAL for it, as a kernel built without it does.
 */
#include <linux/bpf.h>

const struct bpf_map_ops *const bpf_map_types[] = {
	[BPF_MAP_TYPE_ARRAY]		= &array_map_ops,
	[BPF_MAP_TYPE_PERCPU_ARRAY]	= &percpu_array_map_ops,
	[BPF_MAP_TYPE_PROG_ARRAY]	= &prog_array_map_ops,
	[BPF_MAP_TYPE_HASH]		= &htab_map_ops,
	[BPF_MAP_TYPE_PERCPU_HASH]	= &htab_percpu_map_ops,
	[BPF_MAP_TYPE_LRU_HASH]		= &htab_lru_map_ops,
	[BPF_MAP_TYPE_LRU_PERCPU_HASH]	= &htab_lru_percpu_map_ops,
	[BPF_MAP_TYPE_ARRAY_OF_MAPS]	= &array_of_maps_map_ops,
	[BPF_MAP_TYPE_HASH_OF_MAPS]	= &htab_of_maps_map_ops,
	[BPF_MAP_TYPE_STACK_TRACE]	= &stack_trace_map_ops,
	[BPF_MAP_TYPE_QUEUE]		= &queue_map_ops,
	[BPF_MAP_TYPE_STACK]		= &stack_map_ops,
	[BPF_MAP_TYPE_RINGBUF]		= &ringbuf_map_ops,
	[BPF_MAP_TYPE_USER_RINGBUF]	= &user_ringbuf_map_ops,
	[BPF_MAP_TYPE_TASK_STORAGE]	= NULL,
	[BPF_MAP_TYPE_CGROUP_STORAGE]	= &cgroup_storage_map_ops,
	[BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE] = &percpu_cgroup_storage_map_ops,
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY]	= &perf_event_array_map_ops,
};

const size_t bpf_map_types_nr = ARRAY_SIZE(bpf_map_types);
