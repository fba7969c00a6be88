/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_DISASM_H
#define _SYSBPF_LINUX_DISASM_H

/*
 * The instruction printer of the verifier log and of xlated dumps, with
 * the text of Linux 6.1 ("0: (b7) r0 = 0").  Callers supply the output
 * function and may name calls and 64-bit immediates themselves (bpftool
 * prints "map[id:2]" where the log prints the raw pointer).
 */
#include <linux/bpf.h>

extern const char *const bpf_alu_string[16];
extern const char *const bpf_class_string[8];

/* "bpf_map_lookup_elem" for 1, "unknown" for ids the uapi lacks. */
const char *func_id_name(int id);

typedef __printf(2, 3) void (*bpf_insn_print_t)(void *private_data,
						const char *fmt, ...);
typedef const char *(*bpf_insn_revmap_call_t)(void *private_data,
					      const struct bpf_insn *insn);
typedef const char *(*bpf_insn_print_imm_t)(void *private_data,
					    const struct bpf_insn *insn,
					    __u64 full_imm);

struct bpf_insn_cbs {
	bpf_insn_print_t	cb_print;
	bpf_insn_revmap_call_t	cb_call;
	bpf_insn_print_imm_t	cb_imm;
	void			*private_data;
};

/*
 * Prints one instruction (two for BPF_LD_IMM64: insn[1] must be readable)
 * through cbs->cb_print, one line ending in '\n'.  Without allow_ptr_leaks
 * the immediates that hold kernel pointers print as 0.
 */
void print_bpf_insn(const struct bpf_insn_cbs *cbs,
		    const struct bpf_insn *insn, bool allow_ptr_leaks);

#endif
