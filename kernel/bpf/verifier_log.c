// SPDX-License-Identifier: GPL-2.0
/*
 * What the verifier log shows of its states, in Linux 6.1's format to the
 * character: register types ("map_value_or_null"), register and stack
 * states ("R1=ctx(off=0,imm=0) R10=fp0 fp-8_w=mmmmmmmm"), the state
 * appended to an insn line at level 2 ("; R0_w=0"), source lines from
 * line_info, and the closing statistics.  Tools and tests grep these
 * strings, so the order and the conditions of every field matter.
 */
#include "verifier_env.h"
#include <linux/btf.h>
#include <ctype.h>
#include <stdio.h>

/* where print_insn_state() puts the ';' after an insn (6.1's columns) */
#define BPF_LOG_MIN_ALIGNMENT	8U
#define BPF_LOG_ALIGNMENT	40U

static const char *const reg_type_names[__BPF_REG_TYPE_MAX] = {
	[NOT_INIT]		= "?",
	[SCALAR_VALUE]		= "scalar",
	[PTR_TO_CTX]		= "ctx",
	[CONST_PTR_TO_MAP]	= "map_ptr",
	[PTR_TO_MAP_VALUE]	= "map_value",
	[PTR_TO_STACK]		= "fp",
	[PTR_TO_PACKET]		= "pkt",
	[PTR_TO_PACKET_META]	= "pkt_meta",
	[PTR_TO_PACKET_END]	= "pkt_end",
	[PTR_TO_FLOW_KEYS]	= "flow_keys",
	[PTR_TO_SOCKET]		= "sock",
	[PTR_TO_SOCK_COMMON]	= "sock_common",
	[PTR_TO_TCP_SOCK]	= "tcp_sock",
	[PTR_TO_TP_BUFFER]	= "tp_buffer",
	[PTR_TO_XDP_SOCK]	= "xdp_sock",
	[PTR_TO_BTF_ID]		= "ptr_",
	[PTR_TO_MEM]		= "mem",
	[PTR_TO_BUF]		= "buf",
	[PTR_TO_FUNC]		= "func",
	[PTR_TO_MAP_KEY]	= "map_key",
	[PTR_TO_DYNPTR]		= "dynptr_ptr",
};

/*
 * One prefix at most: when several flags are set, the last of this list
 * wins, as in 6.1.
 */
static const struct {
	u32 flag;
	const char *prefix;
} reg_type_prefixes[] = {
	{ PTR_UNTRUSTED,	"untrusted_" },
	{ MEM_PERCPU,		"percpu_" },
	{ MEM_USER,		"user_" },
	{ MEM_ALLOC,		"alloc_" },
	{ MEM_RDONLY,		"rdonly_" },
};

/*
 * The name of a register type, in env->type_str_buf: one call per
 * verbose() line, as the buffer is reused.
 */
const char *reg_type_str(struct bpf_verifier_env *env, enum bpf_reg_type type)
{
	const char *prefix = "", *postfix = "", *name = "?";
	u32 base = base_type(type);
	size_t i;

	/* "ptr_" is followed by the BTF type name: the "or_null_" goes between */
	if (type & PTR_MAYBE_NULL)
		postfix = base == PTR_TO_BTF_ID ? "or_null_" : "_or_null";
	for (i = 0; i < ARRAY_SIZE(reg_type_prefixes); i++) {
		if (type & reg_type_prefixes[i].flag) {
			prefix = reg_type_prefixes[i].prefix;
			break;
		}
	}
	if (base < ARRAY_SIZE(reg_type_names) && reg_type_names[base])
		name = reg_type_names[base];

	snprintf(env->type_str_buf, TYPE_STR_BUF_LEN, "%s%s%s", prefix, name, postfix);
	return env->type_str_buf;
}

static const char slot_type_char[] = {
	[STACK_INVALID]	= '?',
	[STACK_SPILL]	= 'r',
	[STACK_MISC]	= 'm',
	[STACK_ZERO]	= '0',
	[STACK_DYNPTR]	= 'd',
};

static char stack_slot_char(u8 type)
{
	return type < ARRAY_SIZE(slot_type_char) ? slot_type_char[type] : '?';
}

/* "_r", "_w", "_D" and their combinations after a register or slot name */
static void print_liveness(struct bpf_verifier_env *env, enum bpf_reg_liveness live)
{
	if (live & (REG_LIVE_READ | REG_LIVE_WRITTEN | REG_LIVE_DONE))
		verbose(env, "_");
	if (live & REG_LIVE_READ)
		verbose(env, "r");
	if (live & REG_LIVE_WRITTEN)
		verbose(env, "w");
	if (live & REG_LIVE_DONE)
		verbose(env, "D");
}

static bool type_is_pkt_pointer(enum bpf_reg_type type)
{
	type = base_type(type);
	return type == PTR_TO_PACKET || type == PTR_TO_PACKET_META;
}

static bool reg_type_may_be_refcounted_or_null(enum bpf_reg_type type)
{
	type = base_type(type);
	return type == PTR_TO_SOCKET || type == PTR_TO_TCP_SOCK ||
	       type == PTR_TO_MEM || type == PTR_TO_BTF_ID;
}

static bool reg_type_has_map(enum bpf_reg_type type)
{
	type = base_type(type);
	return type == CONST_PTR_TO_MAP || type == PTR_TO_MAP_KEY ||
	       type == PTR_TO_MAP_VALUE;
}

static const char *kernel_type_name(const struct btf *btf, u32 id)
{
	const struct btf_type *t = btf ? btf_type_by_id(btf, id) : NULL;
	const char *name = t ? btf_name_by_offset(btf, t->name_off) : NULL;

	return name ? name : "";
}

/*
 * The fields of "type(f1,f2,...)": each one only where it says something
 * (6.1 leaves out default bounds), comma-separated.
 */
struct field_list {
	struct bpf_verifier_env *env;
	const char *sep;
};

__printf(2, 3) static void field_add(struct field_list *fl, const char *fmt, ...)
{
	va_list args;

	if (!bpf_verifier_log_needed(&fl->env->log))
		return;
	verbose(fl->env, "%s", fl->sep);
	va_start(args, fmt);
	bpf_verifier_vlog(&fl->env->log, fmt, args);
	va_end(args);
	fl->sep = ",";
}

static void print_reg_bounds(struct field_list *fl, const struct bpf_reg_state *reg)
{
	char tn_buf[48];

	if (reg->smin_value != (s64)reg->umin_value && reg->smin_value != S64_MIN)
		field_add(fl, "smin=%lld", (long long)reg->smin_value);
	if (reg->smax_value != (s64)reg->umax_value && reg->smax_value != S64_MAX)
		field_add(fl, "smax=%lld", (long long)reg->smax_value);
	if (reg->umin_value != 0)
		field_add(fl, "umin=%llu", (unsigned long long)reg->umin_value);
	if (reg->umax_value != U64_MAX)
		field_add(fl, "umax=%llu", (unsigned long long)reg->umax_value);
	if (!tnum_is_unknown(reg->var_off)) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		field_add(fl, "var_off=%s", tn_buf);
	}
	/* the 32-bit bounds when they tell more than the 64-bit ones */
	if (reg->s32_min_value != reg->smin_value && reg->s32_min_value != S32_MIN)
		field_add(fl, "s32_min=%d", (int)reg->s32_min_value);
	if (reg->s32_max_value != reg->smax_value && reg->s32_max_value != S32_MAX)
		field_add(fl, "s32_max=%d", (int)reg->s32_max_value);
	if (reg->u32_min_value != reg->umin_value && reg->u32_min_value != 0)
		field_add(fl, "u32_min=%d", (int)reg->u32_min_value);
	if (reg->u32_max_value != reg->umax_value && reg->u32_max_value != U32_MAX)
		field_add(fl, "u32_max=%d", (int)reg->u32_max_value);
}

/* "=..." of a register: "=P5", "=fp-8", "=scalar(umax=255,...)", "=ctx(off=0,imm=0)" */
static void print_reg_value(struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	enum bpf_reg_type t = reg->type;
	struct field_list fl = { .env = env, .sep = "" };

	if (t == SCALAR_VALUE && reg->precise)
		verbose(env, "P");
	/* a known scalar is its number, a stack pointer at a known offset fpN */
	if ((t == SCALAR_VALUE || t == PTR_TO_STACK) && tnum_is_const(reg->var_off)) {
		verbose(env, "%s", t == SCALAR_VALUE ? "" : reg_type_str(env, t));
		verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
		return;
	}

	verbose(env, "%s", reg_type_str(env, t));
	if (base_type(t) == PTR_TO_BTF_ID)
		verbose(env, "%s", kernel_type_name(reg->btf, reg->btf_id));
	verbose(env, "(");
	if (reg->id)
		field_add(&fl, "id=%d", reg->id);
	if (reg_type_may_be_refcounted_or_null(t) && reg->ref_obj_id)
		field_add(&fl, "ref_obj_id=%d", reg->ref_obj_id);
	if (t != SCALAR_VALUE)
		field_add(&fl, "off=%d", reg->off);
	if (type_is_pkt_pointer(t))
		field_add(&fl, "r=%d", reg->range);
	else if (reg_type_has_map(t) && reg->map_ptr)
		field_add(&fl, "ks=%d,vs=%d", reg->map_ptr->key_size,
			  reg->map_ptr->value_size);
	/* a constant: also a pointer whose offset did not fit in off */
	if (tnum_is_const(reg->var_off))
		field_add(&fl, "imm=%llx", (unsigned long long)reg->var_off.value);
	else
		print_reg_bounds(&fl, reg);
	verbose(env, ")");
}

/* " fp-8_w=mmmmmmmm", " fp-16=ctx", " fp-24=P7" */
static void print_stack_slot(struct bpf_verifier_env *env, const struct bpf_stack_state *slot,
			     int spi)
{
	const struct bpf_reg_state *reg = &slot->spilled_ptr;
	char types_buf[BPF_REG_SIZE + 1];
	enum bpf_reg_type t = reg->type;
	int j;

	verbose(env, " fp%d", (-spi - 1) * BPF_REG_SIZE);
	print_liveness(env, reg->live);
	if (!is_spilled_reg(slot)) {
		for (j = 0; j < BPF_REG_SIZE; j++)
			types_buf[j] = stack_slot_char(slot->slot_type[j]);
		types_buf[BPF_REG_SIZE] = '\0';
		verbose(env, "=%s", types_buf);
		return;
	}
	/* an unknown spilled scalar prints as nothing after '=' */
	verbose(env, "=%s", t == SCALAR_VALUE ? "" : reg_type_str(env, t));
	if (t == SCALAR_VALUE && reg->precise)
		verbose(env, "P");
	if (t == SCALAR_VALUE && tnum_is_const(reg->var_off))
		verbose(env, "%lld", (long long)(reg->var_off.value + reg->off));
}

static bool stack_slot_used(const struct bpf_stack_state *slot)
{
	int j;

	for (j = 0; j < BPF_REG_SIZE; j++)
		if (slot->slot_type[j] != STACK_INVALID)
			return true;
	return false;
}

/*
 * One line: the frame's registers, used stack slots and references.
 * With print_all false only what the insns since the last print touched
 * (env->scratched_*), and the marks are reset.
 */
void print_verifier_state(struct bpf_verifier_env *env, const struct bpf_func_state *state,
			  bool print_all)
{
	const struct bpf_reg_state *reg;
	int i;

	if (state->frameno)
		verbose(env, " frame%d:", state->frameno);
	for (i = 0; i < MAX_BPF_REG; i++) {
		reg = &state->regs[i];
		if (reg->type == NOT_INIT)
			continue;
		if (!print_all && !(env->scratched_regs & (1U << i)))
			continue;
		verbose(env, " R%d", i);
		print_liveness(env, reg->live);
		verbose(env, "=");
		print_reg_value(env, reg);
	}
	for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
		if (!stack_slot_used(&state->stack[i]))
			continue;
		if (!print_all && (i >= 64 || !(env->scratched_stack_slots & (1ULL << i))))
			continue;
		print_stack_slot(env, &state->stack[i], i);
	}
	if (state->acquired_refs && state->refs[0].id) {
		verbose(env, " refs=%d", state->refs[0].id);
		for (i = 1; i < state->acquired_refs; i++)
			if (state->refs[i].id)
				verbose(env, ",%d", state->refs[i].id);
	}
	if (state->in_callback_fn)
		verbose(env, " cb");
	if (state->in_async_callback_fn)
		verbose(env, " async_cb");
	verbose(env, "\n");
	if (!print_all)
		mark_verifier_state_clean(env);
}

/* Spaces that put the ';' at 6.1's column after an insn of pos bytes. */
static u32 vlog_alignment(u32 pos)
{
	return round_up(max(pos + BPF_LOG_MIN_ALIGNMENT / 2, BPF_LOG_ALIGNMENT),
			BPF_LOG_MIN_ALIGNMENT) - pos - 1;
}

/*
 * The state after an insn.  When nothing was logged since the insn's own
 * line, the state goes on that line after a ';', else on its own "N:".
 */
void print_insn_state(struct bpf_verifier_env *env, const struct bpf_func_state *state)
{
	if (env->prev_log_len && env->prev_log_len == env->log.len_used) {
		/* take the insn line's '\n' back */
		bpf_vlog_reset(&env->log, env->prev_log_len - 1);
		verbose(env, "%*c;", (int)vlog_alignment(env->prev_insn_print_len), ' ');
	} else {
		verbose(env, "%d:", env->insn_idx);
	}
	print_verifier_state(env, state, false);
}

void print_verification_stats(struct bpf_verifier_env *env)
{
	u32 i;

	if (env->log.level & BPF_LOG_STATS) {
		verbose(env, "verification time %lld usec\n",
			(long long)(env->verification_time / 1000));
		verbose(env, "stack depth ");
		for (i = 0; i < env->subprog_cnt; i++) {
			verbose(env, "%d", env->subprog_info[i].stack_depth);
			if (i + 1 < env->subprog_cnt)
				verbose(env, "+");
		}
		verbose(env, "\n");
	}
	verbose(env, "processed %d insns (limit %d) max_states_per_insn %d "
		"total_states %d peak_states %d mark_read %d\n",
		env->insn_processed, BPF_COMPLEXITY_LIMIT_INSNS,
		env->max_states_per_insn, env->total_states,
		env->peak_states, env->longest_mark_read_walk);
}

/* The line_info record covering insn_off, NULL past the program. */
static const struct bpf_line_info *find_linfo(const struct bpf_verifier_env *env, u32 insn_off)
{
	const struct bpf_prog *prog = env->prog;

	if (!prog || !prog->aux || !prog->aux->nr_linfo || insn_off >= prog->len)
		return NULL;
	return bpf_prog_linfo_find(prog, insn_off);
}

/*
 * The source line of insn_off, once each time the line changes, after
 * an optional prefix ("; ", "%d: ").
 */
void verbose_linfo(struct bpf_verifier_env *env, u32 insn_off, const char *prefix_fmt, ...)
{
	const struct bpf_line_info *linfo;
	const char *line;

	if (!bpf_verifier_log_needed(&env->log))
		return;
	linfo = find_linfo(env, insn_off);
	if (!linfo || linfo == env->prev_linfo)
		return;

	if (prefix_fmt) {
		va_list args;

		va_start(args, prefix_fmt);
		bpf_verifier_vlog(&env->log, prefix_fmt, args);
		va_end(args);
	}
	line = env->prog->aux->btf ?
	       btf_name_by_offset(env->prog->aux->btf, linfo->line_off) : NULL;
	if (!line)
		line = "";
	while (isspace((unsigned char)*line))
		line++;
	verbose(env, "%s\n", line);
	env->prev_linfo = linfo;
}

/* "At program exit the register R0 has value (0x2; 0x0) should have been in (0x0; 0x1)" */
void verbose_invalid_scalar(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    struct tnum *range, const char *ctx, const char *reg_name)
{
	char tn_buf[48];

	verbose(env, "At %s the register %s ", ctx, reg_name);
	if (!tnum_is_unknown(reg->var_off)) {
		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "has value %s", tn_buf);
	} else {
		verbose(env, "has unknown scalar value");
	}
	tnum_strn(tn_buf, sizeof(tn_buf), *range);
	verbose(env, " should have been in %s\n", tn_buf);
}
