// SPDX-License-Identifier: GPL-2.0
/*
 * Prints, for every 6.1 helper id, the program types of this build whose
 * get_func_proto() provides it, as "bpf_name: works for TYPE, ..." lines
 * that scripts/compat-tables.py merges into Documentation/bpf/compat.md.
 */
#include <linux/filter.h>
#include <stdio.h>

#define FUNC_NAME(x, ...) [BPF_FUNC_ ## x] = "bpf_" #x
static const char *const func_names[] = {
	__BPF_FUNC_MAPPER(FUNC_NAME)
};

static const char *const type_names[] = {
	[BPF_PROG_TYPE_SOCKET_FILTER] = "SOCKET_FILTER",
	[BPF_PROG_TYPE_SCHED_CLS] = "SCHED_CLS",
	[BPF_PROG_TYPE_SCHED_ACT] = "SCHED_ACT",
	[BPF_PROG_TYPE_XDP] = "XDP",
	[BPF_PROG_TYPE_CGROUP_SKB] = "CGROUP_SKB",
	[BPF_PROG_TYPE_CGROUP_SOCK] = "CGROUP_SOCK",
	[BPF_PROG_TYPE_LWT_IN] = "LWT_IN",
	[BPF_PROG_TYPE_LWT_OUT] = "LWT_OUT",
	[BPF_PROG_TYPE_LWT_XMIT] = "LWT_XMIT",
	[BPF_PROG_TYPE_SOCK_OPS] = "SOCK_OPS",
	[BPF_PROG_TYPE_SK_SKB] = "SK_SKB",
	[BPF_PROG_TYPE_CGROUP_DEVICE] = "CGROUP_DEVICE",
	[BPF_PROG_TYPE_SK_MSG] = "SK_MSG",
	[BPF_PROG_TYPE_CGROUP_SOCK_ADDR] = "CGROUP_SOCK_ADDR",
	[BPF_PROG_TYPE_LWT_SEG6LOCAL] = "LWT_SEG6LOCAL",
	[BPF_PROG_TYPE_SK_REUSEPORT] = "SK_REUSEPORT",
	[BPF_PROG_TYPE_FLOW_DISSECTOR] = "FLOW_DISSECTOR",
	[BPF_PROG_TYPE_CGROUP_SYSCTL] = "CGROUP_SYSCTL",
	[BPF_PROG_TYPE_CGROUP_SOCKOPT] = "CGROUP_SOCKOPT",
	[BPF_PROG_TYPE_SK_LOOKUP] = "SK_LOOKUP",
};

int main(void)
{
	struct bpf_prog prog = { 0 };
	struct bpf_prog_aux aux = { 0 };
	unsigned int id, t;

	prog.aux = &aux;
	prog.gpl_compatible = 1;
	for (id = 1; id < __BPF_FUNC_MAX_ID; id++) {
		char line[512];
		int n = 0;

		for (t = 0; t < bpf_prog_types_nr && t < sizeof(type_names) / sizeof(type_names[0]); t++) {
			const struct bpf_verifier_ops *vops = bpf_verifier_ops_table[t];

			if (!vops || !type_names[t])
				continue;
			prog.type = t;
			if (!vops->get_func_proto((enum bpf_func_id)id, &prog))
				continue;
			n += snprintf(line + n, sizeof(line) - n, "%s%s", n ? ", " : "", type_names[t]);
		}
		if (n)
			printf("%s: works for %s\n", func_names[id], line);
	}
	return 0;
}
