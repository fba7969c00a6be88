// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of bpf_check(), the load-time checker (kernel/bpf/
 * verifier*.c), its log (log.c) and the instruction printer (disasm.c).
 * Programs are fed straight to bpf_check() with a made-up program type
 * (its context, helpers and context conversion are below), made-up maps
 * behind made-up fds, and a log buffer; each case checks the errno and
 * the exact log text 6.1 would write, or the rewritten program.
 *
 * The few functions of syscall.c and core.c the checker calls are weak
 * stand-ins here with the kernel's contract (bpf_patch_insn_single()
 * moves jumps, calls and callback loads across a patch); a check fails
 * if the real ones got linked in instead of the map stand-ins.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/disasm.h>
#include <linux/filter.h>
#include <stdarg.h>
#include "sysbpf_test.h"

#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

#define PROCESSED(n)	"processed " #n " insns (limit 1000000) max_states_per_insn 0 " \
			"total_states 0 peak_states 0 mark_read 0\n"

/* ---- stand-ins for syscall.c and core.c ---- */

static bool test_unpriv;

static bool stub_bpf_capable(void)
{
	return !test_unpriv;
}

bool bpf_capable(void) __attribute__((weak, alias("stub_bpf_capable")));
bool perfmon_capable(void) __attribute__((weak, alias("stub_bpf_capable")));

/* Maps live behind fds 100..199; fd 7 is open but not a map. */
#define MAP_FD0		100
#define NR_MAPS		70
#define NOT_A_MAP_FD	7

struct test_map {
	struct bpf_map map;
	char values[64];
};

static struct test_map maps[NR_MAPS];

static int test_direct_value_addr(const struct bpf_map *map, u64 *imm, u32 off)
{
	if (off >= map->value_size)
		return -EINVAL;
	*imm = (u64)(uintptr_t)container_of(map, struct test_map, map)->values;
	return 0;
}

static const struct bpf_map_ops array_like_ops = {
	.map_direct_value_addr = test_direct_value_addr,
};
static const struct bpf_map_ops hash_like_ops;

static struct bpf_map *stub_bpf_map_get(u32 ufd)
{
	struct bpf_map *map;

	if (ufd == NOT_A_MAP_FD)
		return ERR_PTR(-EINVAL);
	if (ufd < MAP_FD0 || ufd >= MAP_FD0 + NR_MAPS)
		return ERR_PTR(-EBADF);
	map = &maps[ufd - MAP_FD0].map;
	atomic64_inc(&map->refcnt);
	return map;
}

static void stub_bpf_map_put(struct bpf_map *map)
{
	atomic64_sub(1, &map->refcnt);
}

struct bpf_map *bpf_map_get(u32 ufd) __attribute__((weak, alias("stub_bpf_map_get")));
void bpf_map_put(struct bpf_map *map) __attribute__((weak, alias("stub_bpf_map_put")));

static int tag_calls;

static int stub_bpf_prog_calc_tag(struct bpf_prog *fp)
{
	tag_calls++;
	return 0;
}

int bpf_prog_calc_tag(struct bpf_prog *fp) __attribute__((weak, alias("stub_bpf_prog_calc_tag")));

static struct bpf_prog *stub_bpf_prog_alloc(u32 insn_cnt)
{
	struct bpf_prog *fp = kzalloc(bpf_prog_size(insn_cnt), GFP_KERNEL);

	if (!fp)
		return NULL;
	fp->aux = kzalloc(sizeof(*fp->aux), GFP_KERNEL);
	if (!fp->aux) {
		kfree(fp);
		return NULL;
	}
	fp->aux->prog = fp;
	fp->len = insn_cnt;
	return fp;
}

static void stub_bpf_prog_free(struct bpf_prog *fp)
{
	kfree(fp->aux->call_protos);
	kfree(fp->aux->call_func_ids);
	kfree(fp->aux->subprog_starts);
	kfree(fp->aux->subprog_entries);
	kfree(fp->aux);
	kfree(fp);
}

struct bpf_prog *bpf_prog_alloc(u32 insn_cnt) __attribute__((weak, alias("stub_bpf_prog_alloc")));
void bpf_prog_free(struct bpf_prog *fp) __attribute__((weak, alias("stub_bpf_prog_free")));

/* The field of insn that is relative to its position, as the kernel moves it. */
static s32 *rel_imm(struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code);

	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
		return insn->src_reg == BPF_PSEUDO_FUNC ? &insn->imm : NULL;
	if (insn->code == (BPF_JMP | BPF_CALL))
		return insn->src_reg == BPF_PSEUDO_CALL ? &insn->imm : NULL;
	if (insn->code == (BPF_JMP32 | BPF_JA))
		return &insn->imm;
	(void)class;
	return NULL;
}

static bool rel_off(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (class != BPF_JMP && class != BPF_JMP32)
		return false;
	return op != BPF_CALL && op != BPF_EXIT && op != BPF_TAIL_CALL &&
	       insn->code != (BPF_JMP32 | BPF_JA);
}

static int patch_calls;

static struct bpf_prog *stub_bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
						   const struct bpf_insn *patch, u32 len)
{
	u32 delta = len - 1, n = prog->len + delta, i, old;
	struct bpf_prog *np;
	s64 target;
	s32 *imm;

	patch_calls++;
	if (len == 1) {
		prog->insnsi[off] = patch[0];
		return prog;
	}
	np = kzalloc(bpf_prog_size(n), GFP_KERNEL);
	if (!np)
		return ERR_PTR(-ENOMEM);
	memcpy(np, prog, sizeof(*prog));
	memcpy(np->insnsi, prog->insnsi, off * sizeof(struct bpf_insn));
	memcpy(np->insnsi + off, patch, len * sizeof(struct bpf_insn));
	memcpy(np->insnsi + off + len, prog->insnsi + off + 1,
	       (prog->len - off - 1) * sizeof(struct bpf_insn));
	np->len = n;
	np->aux->prog = np;
	for (i = 0; i < n; i++) {
		if (i >= off && i < off + len)
			continue;
		old = i < off ? i : i - delta;
		imm = rel_imm(&np->insnsi[i]);
		if (imm) {
			target = (s64)old + *imm + 1;
			*imm = (target > off ? target + delta : target) - i - 1;
		} else if (rel_off(&np->insnsi[i])) {
			target = (s64)old + np->insnsi[i].off + 1;
			np->insnsi[i].off = (target > off ? target + delta : target) - i - 1;
		}
	}
	kfree(prog);
	return np;
}

struct bpf_prog *bpf_patch_insn_single(struct bpf_prog *prog, u32 off,
				       const struct bpf_insn *patch, u32 len)
	__attribute__((weak, alias("stub_bpf_patch_insn_single")));

/* ---- the program type: its context, helpers and conversion ---- */

/* What programs see ... */
struct test_ctx {
	__u32 len;		/* read-only, narrow reads */
	__u32 mark;		/* read-write, whole */
	__u64 data;		/* read-only, a packet pointer */
	__u32 cb[4];		/* read-write, any size */
};

/* ... and what it is. */
struct test_kern {
	__u64 pad;
	__u32 mark;
	__u32 len;
	void *data;
	__u32 cb[4];
};

static bool test_is_valid_access(int off, int size, enum bpf_access_type type,
				 const struct bpf_prog *prog,
				 struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= (int)sizeof(struct test_ctx) || off % size)
		return false;
	switch (off) {
	case offsetof(struct test_ctx, len) ... offsetofend(struct test_ctx, len) - 1:
		if (type == BPF_WRITE)
			return false;
		bpf_ctx_record_field_size(info, 4);
		return bpf_ctx_narrow_access_ok(off, size, 4);
	case offsetof(struct test_ctx, mark) ... offsetofend(struct test_ctx, mark) - 1:
		return size == 4;
	case offsetof(struct test_ctx, data) ... offsetofend(struct test_ctx, data) - 1:
		if (type == BPF_WRITE || size != 8)
			return false;
		info->reg_type = PTR_TO_PACKET;
		return true;
	default:
		return off + size <= (int)offsetofend(struct test_ctx, cb[3]);
	}
}

static int conversions;

static u32 test_convert_ctx_access(enum bpf_access_type type, const struct bpf_insn *si,
				   struct bpf_insn *insn_buf, struct bpf_prog *prog,
				   u32 *target_size)
{
	struct bpf_insn *insn = insn_buf;

	conversions++;
	switch (si->off) {
	case offsetof(struct test_ctx, len):
		/* a plain load: the checker must make it a trusted one */
		*insn++ = BPF_LDX_MEM(BPF_W, si->dst_reg, si->src_reg,
				      offsetof(struct test_kern, len));
		*target_size = 4;
		break;
	case offsetof(struct test_ctx, mark):
		if (type == BPF_WRITE)
			*insn++ = BPF_STX_MEM(BPF_W, si->dst_reg, si->src_reg,
					      offsetof(struct test_kern, mark));
		else
			*insn++ = BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_TRUSTED_MEM,
					       si->dst_reg, si->src_reg,
					       offsetof(struct test_kern, mark), 0);
		break;
	case offsetof(struct test_ctx, data):
		*insn++ = BPF_LDX_MEM(BPF_DW, si->dst_reg, si->src_reg,
				      offsetof(struct test_kern, data));
		break;
	default: {
		int off = si->off - offsetof(struct test_ctx, cb) +
			  offsetof(struct test_kern, cb);

		if (type == BPF_WRITE)
			*insn++ = BPF_STX_MEM(BPF_SIZE(si->code), si->dst_reg, si->src_reg, off);
		else
			*insn++ = BPF_LDX_MEM(BPF_SIZE(si->code), si->dst_reg, si->src_reg, off);
	}
	}
	return insn - insn_buf;
}

static u64 dummy_helper(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0;
}

static bool never_allowed(const struct bpf_prog *prog)
{
	return false;
}

static const struct bpf_func_proto t_lookup = {
	.func = dummy_helper, .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg1_type = ARG_CONST_MAP_PTR, .arg2_type = ARG_PTR_TO_MAP_KEY,
};
static const struct bpf_func_proto t_ktime = {
	.func = dummy_helper, .ret_type = RET_INTEGER,
};
static const struct bpf_func_proto t_printk = {
	.func = dummy_helper, .gpl_only = true, .ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_MEM | MEM_RDONLY, .arg2_type = ARG_CONST_SIZE,
};
static const struct bpf_func_proto t_tail_call = {
	.func = dummy_helper, .ret_type = RET_VOID, .arg1_type = ARG_PTR_TO_CTX,
	.arg2_type = ARG_CONST_MAP_PTR, .arg3_type = ARG_ANYTHING,
};
static const struct bpf_func_proto t_load_bytes = {
	.func = dummy_helper, .ret_type = RET_INTEGER, .arg1_type = ARG_PTR_TO_CTX,
	.arg2_type = ARG_ANYTHING, .arg3_type = ARG_PTR_TO_UNINIT_MEM,
	.arg4_type = ARG_CONST_SIZE,
};
static const struct bpf_func_proto t_loop = {
	.func = dummy_helper, .ret_type = RET_INTEGER, .arg1_type = ARG_ANYTHING,
	.arg2_type = ARG_PTR_TO_FUNC, .arg3_type = ARG_PTR_TO_STACK_OR_NULL,
	.arg4_type = ARG_ANYTHING,
};
static const struct bpf_func_proto t_no_func = {
	.ret_type = RET_INTEGER,
};
static const struct bpf_func_proto t_sleeps = {
	.func = dummy_helper, .might_sleep = true, .ret_type = RET_INTEGER,
};
static const struct bpf_func_proto t_probe_only = {
	.func = dummy_helper, .ret_type = RET_INTEGER, .allowed = never_allowed,
};

static const struct bpf_func_proto *test_func_proto(enum bpf_func_id id,
						    const struct bpf_prog *prog)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		return &t_lookup;
	case BPF_FUNC_ktime_get_ns:
		return &t_ktime;
	case BPF_FUNC_trace_printk:
		return &t_printk;
	case BPF_FUNC_tail_call:
		return &t_tail_call;
	case BPF_FUNC_skb_load_bytes:
		return &t_load_bytes;
	case BPF_FUNC_loop:
		return &t_loop;
	case BPF_FUNC_get_prandom_u32:
		return &t_no_func;
	case BPF_FUNC_copy_from_user:
		return &t_sleeps;
	case BPF_FUNC_get_current_pid_tgid:
		return &t_probe_only;
	default:
		return NULL;
	}
}

static const struct bpf_verifier_ops test_vops = {
	.get_func_proto		= test_func_proto,
	.is_valid_access	= test_is_valid_access,
	.convert_ctx_access	= test_convert_ctx_access,
};

static void *test_ld_abs_ptr(const void *ctx, int off, int size, void *buf)
{
	return NULL;
}

static const struct bpf_prog_ops skb_like_ops = { .ld_abs_ptr = test_ld_abs_ptr };
static const struct bpf_prog_ops no_skb_ops;

/* ---- loading ---- */

struct opts {
	u32 log_level;
	u32 log_size;
	bool no_log_buf;
	bool non_gpl;
	bool no_ld_abs;
	bool sleepable;
	enum bpf_prog_type type;
	const u32 *fd_array;
};

static char logbuf[1 << 16];
static struct bpf_prog *prog;	/* the last program loaded */
static const struct opts def = { .log_level = 1 };

static void prog_release(void)
{
	u32 i;

	if (!prog)
		return;
	for (i = 0; i < prog->aux->used_map_cnt; i++)
		bpf_map_put(prog->aux->used_maps[i]);
	kfree(prog->aux->used_maps);
	prog->aux->used_maps = NULL;
	prog->aux->used_map_cnt = 0;
	bpf_prog_free(prog);
	prog = NULL;
}

static int load_opts(const struct bpf_insn *insns, u32 cnt, const struct opts *o)
{
	union bpf_attr attr = {};
	int ret;

	prog_release();
	prog = bpf_prog_alloc(cnt);
	if (!prog)
		return -1;
	memcpy(prog->insnsi, insns, cnt * sizeof(*insns));
	prog->len = cnt;
	prog->type = o->type ?: BPF_PROG_TYPE_SCHED_CLS;
	prog->gpl_compatible = !o->non_gpl;
	prog->aux->vops = &test_vops;
	prog->aux->ops = o->no_ld_abs ? &no_skb_ops : &skb_like_ops;
	prog->aux->sleepable = o->sleepable;

	memset(logbuf, 'X', sizeof(logbuf));
	logbuf[0] = 0;
	attr.insn_cnt = cnt;
	attr.log_level = o->log_level;
	if (o->log_level && !o->no_log_buf) {
		attr.log_buf = (u64)(uintptr_t)logbuf;
		attr.log_size = o->log_size ?: sizeof(logbuf);
	}
	attr.fd_array = (u64)(uintptr_t)o->fd_array;
	ret = bpf_check(&prog, &attr, &attr);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

static int load(const struct bpf_insn *insns, u32 cnt)
{
	return load_opts(insns, cnt, &def);
}

#define LOG_IS(want, name)						\
	TEST_OK(!strcmp(logbuf, want), name, "log:\n%s\n-- want:\n%s", logbuf, want)

/* A load that must fail with err and exactly this log (level 1). */
#define LOAD_FAIL(name, err, want, ...)					\
	do {								\
		const struct bpf_insn __p[] = { __VA_ARGS__ };		\
		TEST_ERRNO(load(__p, ARRAY_SIZE(__p)), err, name);	\
		LOG_IS(want, name " (log)");				\
	} while (0)

#define LOAD_OK(name, ...)						\
	({								\
		const struct bpf_insn __p[] = { __VA_ARGS__ };		\
		int __r = load(__p, ARRAY_SIZE(__p));			\
		TEST_OK(!__r, name, "errno %d, log:\n%s", errno, logbuf); \
		!__r;							\
	})

static bool insn_is(const struct bpf_insn *insn, struct bpf_insn want)
{
	return !memcmp(insn, &want, sizeof(want));
}

static void init_maps(void)
{
	u32 i;

	for (i = 0; i < NR_MAPS; i++) {
		maps[i].map.ops = i % 2 ? &hash_like_ops : &array_like_ops;
		maps[i].map.map_type = i % 2 ? BPF_MAP_TYPE_HASH : BPF_MAP_TYPE_ARRAY;
		maps[i].map.value_size = 16;
		maps[i].map.spin_lock_off = -EINVAL;
		maps[i].map.timer_off = -EINVAL;
		maps[i].map.id = i + 1;
	}
	/* one with a bpf_spin_lock in its value */
	maps[4].map.spin_lock_off = 0;
}

static long map_refs(u32 i)
{
	return atomic64_read(&maps[i].map.refcnt);
}

static long all_map_refs(void)
{
	long n = 0;
	u32 i;

	for (i = 0; i < NR_MAPS; i++)
		n += map_refs(i);
	return n;
}

/* ---- the instruction printer ---- */

static char dis_buf[256];

static void dis_print(void *priv, const char *fmt, ...)
{
	va_list ap;
	size_t used = strlen(dis_buf);

	va_start(ap, fmt);
	vsnprintf(dis_buf + used, sizeof(dis_buf) - used, fmt, ap);
	va_end(ap);
}

static const char *dis_map_imm(void *priv, const struct bpf_insn *insn, __u64 imm)
{
	static char buf[64];

	if (insn->src_reg == BPF_PSEUDO_MAP_FD)
		snprintf(buf, sizeof(buf), "map[id:%u]", insn->imm);
	else
		snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)imm);
	return buf;
}

static const char *dis(const struct bpf_insn *insn, bool with_imm_cb, bool leaks)
{
	struct bpf_insn_cbs cbs = {
		.cb_print = dis_print,
		.cb_imm = with_imm_cb ? dis_map_imm : NULL,
	};

	dis_buf[0] = 0;
	print_bpf_insn(&cbs, insn, leaks);
	return dis_buf;
}

#define DIS_IS(want, ...)						\
	do {								\
		const struct bpf_insn __i[] = { __VA_ARGS__, {} };	\
		const char *__got = dis(__i, false, true);		\
		TEST_OK(!strcmp(__got, want "\n"), "disasm " want,	\
			"got \"%s\"", __got);				\
	} while (0)

static void test_disasm(void)
{
	const struct bpf_insn map_ld[] = { BPF_LD_MAP_FD(BPF_REG_1, 2) };

	DIS_IS("(b7) r0 = 0", BPF_MOV64_IMM(BPF_REG_0, 0));
	DIS_IS("(07) r1 += -8", BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8));
	DIS_IS("(bf) r6 = r1", BPF_MOV64_REG(BPF_REG_6, BPF_REG_1));
	DIS_IS("(b4) w2 = 7", BPF_MOV32_IMM(BPF_REG_2, 7));
	DIS_IS("(cc) w3 s>>= w4", BPF_ALU32_REG(BPF_ARSH, BPF_REG_3, BPF_REG_4));
	DIS_IS("(87) r1 = -r1", BPF_ALU64_IMM(BPF_NEG, BPF_REG_1, 0));
	DIS_IS("(84) w1 = -w1", BPF_ALU32_IMM(BPF_NEG, BPF_REG_1, 0));
	DIS_IS("(dc) r1 = be16 r1", BPF_ENDIAN(BPF_TO_BE, BPF_REG_1, 16));
	DIS_IS("(d4) r2 = le64 r2", BPF_ENDIAN(BPF_TO_LE, BPF_REG_2, 64));
	DIS_IS("(85) call bpf_map_lookup_elem#1", BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem));
	DIS_IS("(85) call unknown#300", BPF_EMIT_CALL(300));
	DIS_IS("(85) call pc+3", BPF_CALL_REL(3));
	DIS_IS("(85) call kernel-function#5",
	       BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 5));
	DIS_IS("(95) exit", BPF_EXIT_INSN());
	DIS_IS("(05) goto pc-1", BPF_JMP_A(-1));
	DIS_IS("(15) if r1 == 0x0 goto pc+2", BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 2));
	DIS_IS("(5d) if r1 != r2 goto pc-3", BPF_JMP_REG(BPF_JNE, BPF_REG_1, BPF_REG_2, -3));
	DIS_IS("(a6) if w1 < 0x5 goto pc+1", BPF_JMP32_IMM(BPF_JLT, BPF_REG_1, 5, 1));
	DIS_IS("(61) r2 = *(u32 *)(r1 +4)", BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, 4));
	DIS_IS("(63) *(u32 *)(r10 -4) = r1", BPF_STX_MEM(BPF_W, BPF_REG_10, BPF_REG_1, -4));
	DIS_IS("(7a) *(u64 *)(r10 -8) = 0", BPF_ST_MEM(BPF_DW, BPF_REG_10, -8, 0));
	DIS_IS("(c3) lock *(u32 *)(r1 +0) += r2",
	       BPF_ATOMIC_OP(BPF_W, BPF_ADD, BPF_REG_1, BPF_REG_2, 0));
	DIS_IS("(db) r2 = atomic64_fetch_add((u64 *)(r1 +8), r2)",
	       BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_1, BPF_REG_2, 8));
	DIS_IS("(db) r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)",
	       BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, BPF_REG_1, BPF_REG_2, 0));
	DIS_IS("(c3) r2 = atomic_xchg((u32 *)(r1 +0), r2)",
	       BPF_ATOMIC_OP(BPF_W, BPF_XCHG, BPF_REG_1, BPF_REG_2, 0));
	DIS_IS("(30) r0 = *(u8 *)skb[12]", BPF_LD_ABS(BPF_B, 12));
	DIS_IS("(48) r0 = *(u16 *)skb[r1 + 2]", BPF_LD_IND(BPF_H, BPF_REG_1, 2));
	DIS_IS("(18) r1 = 0x100000002", BPF_LD_IMM64(BPF_REG_1, 0x100000002ULL));
	/* sysbpf's trusted context loads print as the loads they are */
	DIS_IS("(81) r0 = *(u32 *)(r1 +12)",
	       BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_TRUSTED_MEM, 0, 1, 12, 0));

	TEST_OK(!strcmp(dis(map_ld, true, true), "(18) r1 = map[id:2]\n"),
		"disasm map load through cb_imm", "got \"%s\"", dis_buf);
	TEST_OK(!strcmp(dis(map_ld, false, false), "(18) r1 = 0x0\n"),
		"disasm hides map pointers without ptr leaks", "got \"%s\"", dis_buf);
	CHECK(!strcmp(func_id_name(BPF_FUNC_tail_call), "bpf_tail_call") &&
	      !strcmp(func_id_name(-1), "unknown") &&
	      !strcmp(func_id_name(__BPF_FUNC_MAX_ID), "unknown"),
	      "func_id_name");
}

/* ---- the log ---- */

static void test_log(void)
{
	const struct bpf_insn ret0[] = { BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN() };
	struct bpf_insn many[40];
	struct opts o = def;
	char full[4096];
	u32 i;

	o.no_log_buf = true;
	TEST_ERRNO(load_opts(ret0, 2, &o), EINVAL, "log level without a buffer");
	o = def;
	o.log_size = 127;
	TEST_ERRNO(load_opts(ret0, 2, &o), EINVAL, "log of less than 128 bytes");
	o.log_size = (UINT_MAX >> 2) + 1;
	TEST_ERRNO(load_opts(ret0, 2, &o), EINVAL, "log of more than 1 GiB");
	o = def;
	o.log_level = 8;
	TEST_ERRNO(load_opts(ret0, 2, &o), EINVAL, "unknown log level bit");
	CHECK(!strcmp(logbuf, ""), "an invalid log attr writes nothing");
	{
		union bpf_attr attr = { .log_buf = (u64)(uintptr_t)logbuf, .log_size = 4096 };

		prog_release();
		prog = bpf_prog_alloc(2);
		memcpy(prog->insnsi, ret0, sizeof(ret0));
		prog->aux->vops = &test_vops;
		TEST_EQ(bpf_check(&prog, &attr, &attr), -EINVAL, "log buffer at level 0");
	}

	o = def;
	o.log_level = 0;
	TEST_EQ(load_opts(ret0, 2, &o), 0, "no log at level 0");

	TEST_EQ(load(ret0, 2), 0, "level 1 load");
	LOG_IS("0: (b7) r0 = 0\n1: (95) exit\n" PROCESSED(2), "level 1 log: insns and summary");

	o = def;
	o.log_level = BPF_LOG_STATS;
	TEST_EQ(load_opts(ret0, 2, &o), 0, "stats level load");
	CHECK(!strncmp(logbuf, "verification time ", 18) &&
	      strstr(logbuf, " usec\nstack depth 0\n" PROCESSED(2)) &&
	      strlen(strstr(logbuf, "stack depth")) == strlen("stack depth 0\n" PROCESSED(2)),
	      "stats log: time, stack depth, summary");

	/* a branch: at level 1 only the last path stays */
	{
		const struct bpf_insn br[] = {
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
			BPF_MOV64_IMM(BPF_REG_0, 1),
			BPF_EXIT_INSN(),
		};

		TEST_EQ(load(br, 4), 0, "branchy load");
		LOG_IS("0: (b7) r0 = 0\n1: (15) if r0 == 0x0 goto pc+1\n"
		       "\nfrom 1 to 3: safe\n" PROCESSED(4),
		       "level 1 keeps the last path");
		o = def;
		o.log_level = 2;
		TEST_EQ(load_opts(br, 4, &o), 0, "branchy load, level 2");
		LOG_IS("func#0 @0\n0: (b7) r0 = 0\n1: (15) if r0 == 0x0 goto pc+1\n"
		       "2: (b7) r0 = 1\n3: (95) exit\n\nfrom 1 to 3: safe\n" PROCESSED(4),
		       "level 2 keeps every path");
	}

	/* a full log: cut, NUL-terminated, and the load fails */
	for (i = 0; i < ARRAY_SIZE(many) - 1; i++)
		many[i] = BPF_MOV64_IMM(BPF_REG_0, i);
	many[i] = BPF_EXIT_INSN();
	TEST_EQ(load(many, ARRAY_SIZE(many)), 0, "a long program loads");
	memcpy(full, logbuf, sizeof(full) - 1);
	full[sizeof(full) - 1] = 0;
	o = def;
	o.log_size = 128;
	TEST_ERRNO(load_opts(many, ARRAY_SIZE(many), &o), ENOSPC, "log too small: ENOSPC");
	CHECK(logbuf[127] == 0 && strlen(logbuf) == 127 && !strncmp(logbuf, full, 127) &&
	      logbuf[128] == 'X',
	      "log too small: the first 127 bytes and a NUL");
	CHECK(prog->aux->verified_insns == ARRAY_SIZE(many),
	      "log too small: the program was still walked");
}

/* ---- structure ---- */

static void test_structure(void)
{
	LOAD_FAIL("unknown opcode", EINVAL, "unknown opcode ff\n" PROCESSED(0),
		  BPF_RAW_INSN(0xff, 0, 0, 0, 0), BPF_EXIT_INSN());
	LOAD_FAIL("user space cannot send trusted loads", EINVAL,
		  "BPF_LDX uses reserved fields\n" PROCESSED(0),
		  BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_TRUSTED_MEM, 0, 1, 0, 0), BPF_EXIT_INSN());
	LOAD_FAIL("invalid register", EINVAL,
		  "0: (b7) r11 = 0\nR11 is invalid\n" PROCESSED(1),
		  BPF_MOV64_IMM(11, 0), BPF_EXIT_INSN());
	LOAD_FAIL("frame pointer is read only", EACCES,
		  "0: (b7) r10 = 0\nframe pointer is read only\n" PROCESSED(1),
		  BPF_MOV64_IMM(BPF_REG_10, 0), BPF_EXIT_INSN());
	LOAD_FAIL("BPF_ALU reserved fields", EINVAL,
		  "0: (b7) r0 = 0\n1: (07) r0 += 1\nBPF_ALU uses reserved fields\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_RAW_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 0, 1, 0, 1), BPF_EXIT_INSN());
	LOAD_FAIL("BPF_MOV reserved fields", EINVAL,
		  "0: (bf) r0 = r1\nBPF_MOV uses reserved fields\n" PROCESSED(1),
		  BPF_RAW_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 0, 3), BPF_EXIT_INSN());
	LOAD_FAIL("BPF_END reserved fields", EINVAL,
		  "0: (b7) r0 = 0\n1: (dc) r0 = be17 r0\nBPF_END uses reserved fields\n"
		  PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ENDIAN(BPF_TO_BE, BPF_REG_0, 17),
		  BPF_EXIT_INSN());
	LOAD_FAIL("div by zero", EINVAL,
		  "0: (b7) r0 = 0\n1: (37) r0 /= 0\ndiv by zero\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU64_IMM(BPF_DIV, BPF_REG_0, 0),
		  BPF_EXIT_INSN());
	LOAD_FAIL("invalid shift", EINVAL,
		  "0: (b7) r0 = 0\n1: (64) w0 <<= 32\ninvalid shift 32\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_0, 0), BPF_ALU32_IMM(BPF_LSH, BPF_REG_0, 32),
		  BPF_EXIT_INSN());
	LOAD_FAIL("jump out of range", EINVAL,
		  "jump out of range from insn 0 to 6\n" PROCESSED(0),
		  BPF_JMP_A(5), BPF_EXIT_INSN());
	LOAD_FAIL("ldimm64 without its second half", EINVAL,
		  "invalid bpf_ld_imm64 insn\n" PROCESSED(0),
		  BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0), BPF_EXIT_INSN());
	LOAD_FAIL("last insn is not an exit or jmp", EINVAL,
		  "last insn is not an exit or jmp\n" PROCESSED(0),
		  BPF_MOV64_IMM(BPF_REG_0, 0), BPF_MOV64_IMM(BPF_REG_0, 1));
	LOAD_FAIL("unreachable insn", EINVAL, "unreachable insn 2\n" PROCESSED(0),
		  BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
		  BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	LOAD_FAIL("jump into the middle of ldimm64", EINVAL,
		  "jump into the middle of ldimm64 insn 2\n" PROCESSED(0),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		  BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN());
	LOAD_FAIL("BPF_STX reserved fields", EINVAL,
		  "0: (63) *(u32 *)(r10 -4) = r1\nBPF_STX uses reserved fields\n" PROCESSED(1),
		  BPF_RAW_INSN(BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_1, -4, 1),
		  BPF_EXIT_INSN());
	LOAD_FAIL("BPF_ST reserved fields", EINVAL,
		  "0: (62) *(u32 *)(r10 -4) = 0\nBPF_ST uses reserved fields\n" PROCESSED(1),
		  BPF_RAW_INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, BPF_REG_1, -4, 0),
		  BPF_EXIT_INSN());
	LOAD_FAIL("BPF_JA reserved fields", EINVAL,
		  "0: (05) goto pc+0\nBPF_JA uses reserved fields\n" PROCESSED(1),
		  BPF_RAW_INSN(BPF_JMP | BPF_JA, 0, 0, 0, 1), BPF_EXIT_INSN());
	LOAD_FAIL("BPF_EXIT reserved fields", EINVAL,
		  "0: (b7) r0 = 0\n1: (95) exit\nBPF_EXIT uses reserved fields\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_0, 0), BPF_RAW_INSN(BPF_JMP | BPF_EXIT, 1, 0, 0, 0));
	LOAD_FAIL("BPF_CALL reserved fields", EINVAL,
		  "0: (85) call bpf_ktime_get_ns#5\nBPF_CALL uses reserved fields\n" PROCESSED(1),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, 0, 1, BPF_FUNC_ktime_get_ns),
		  BPF_EXIT_INSN());
	LOAD_FAIL("BPF_JMP reserved fields", EINVAL,
		  "0: (b7) r0 = 0\n1: (15) if r0 == 0x0 goto pc+0\n"
		  "BPF_JMP/JMP32 uses reserved fields\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_RAW_INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0, 0), BPF_EXIT_INSN());
	LOAD_FAIL("unrecognized ldimm64", EINVAL,
		  "unrecognized bpf_ld_imm64 insn\n" PROCESSED(0),
		  BPF_LD_IMM64_RAW(BPF_REG_0, 7, 0), BPF_EXIT_INSN());
	LOAD_FAIL("BPF_LD_IMM64 reserved fields", EINVAL,
		  "0: (18) r0 = 0x0\nBPF_LD_IMM64 uses reserved fields\n" PROCESSED(1),
		  BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 1, 0), BPF_RAW_INSN(0, 0, 0, 0, 0),
		  BPF_EXIT_INSN());
	LOAD_FAIL("invalid atomic opcode", EINVAL,
		  "0: (bf) r1 = r10\n1: BUG_db\nBPF_ATOMIC uses invalid atomic opcode 02\n"
		  PROCESSED(2),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		  BPF_ATOMIC_OP(BPF_DW, 2, BPF_REG_1, BPF_REG_1, -8), BPF_EXIT_INSN());
	LOAD_FAIL("atomic fetch into the frame pointer", EACCES,
		  "0: (bf) r1 = r10\n"
		  "1: (db) r10 = atomic64_fetch_add((u64 *)(r1 -8), r10)\n"
		  "frame pointer is read only\n" PROCESSED(2),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		  BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, BPF_REG_1, BPF_REG_10, -8),
		  BPF_EXIT_INSN());
	LOAD_FAIL("r0 unset at exit", EACCES, "0: (95) exit\nR0 !read_ok\n" PROCESSED(1),
		  BPF_EXIT_INSN());

	/* loops: bounded ones are accepted from the privileged, as in 6.1 */
	{
		const struct bpf_insn loop[] = {
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_ALU64_IMM(BPF_ADD, BPF_REG_0, 1),
			BPF_JMP_IMM(BPF_JLT, BPF_REG_0, 10, -2),
			BPF_EXIT_INSN(),
		};

		TEST_EQ(load(loop, 4), 0, "a loop loads for the privileged");
		test_unpriv = true;
		TEST_ERRNO(load(loop, 4), EINVAL, "a loop is refused to the unprivileged");
		LOG_IS("back-edge from insn 2 to 1\n" PROCESSED(0), "back-edge (log)");
		test_unpriv = false;
	}
	{
		const struct bpf_insn ok[] = {
			BPF_LD_IMM64(BPF_REG_0, 1), BPF_EXIT_INSN(),
		};

		TEST_EQ(load(ok, 3), 0, "ldimm64 program loads");
		CHECK(prog->aux->verified_insns == 2 && prog->aux->stack_depth == MAX_BPF_STACK,
		      "verified_insns counts an ldimm64 once; stack depth 512");
		CHECK(tag_calls > 0, "the tag is computed");
	}
}

/* ---- maps ---- */

static void test_maps(void)
{
	long before = all_map_refs();
	u64 addr;

	{
		const struct bpf_insn p[] = {
			BPF_LD_MAP_FD(BPF_REG_1, MAP_FD0 + 0),
			BPF_LD_MAP_FD(BPF_REG_2, MAP_FD0 + 2),
			BPF_LD_MAP_FD(BPF_REG_3, MAP_FD0 + 0),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};

		TEST_EQ(load(p, ARRAY_SIZE(p)), 0, "map fds load");
		addr = ((u64)(u32)prog->insnsi[1].imm << 32) | (u32)prog->insnsi[0].imm;
		CHECK(addr == (u64)(uintptr_t)&maps[0].map && prog->insnsi[0].src_reg == 0,
		      "map fd becomes the map pointer, a plain ldimm64");
		CHECK(prog->aux->used_map_cnt == 2 && prog->aux->used_maps[0] == &maps[0].map &&
		      prog->aux->used_maps[1] == &maps[2].map, "used_maps: each map once");
		CHECK(map_refs(0) == 1 && map_refs(2) == 1, "one reference per used map");
		prog_release();
		CHECK(all_map_refs() == before, "references dropped with the program");
	}

	LOAD_FAIL("fd of no map", EBADF,
		  "fd 5 is not pointing to valid bpf_map\n" PROCESSED(0),
		  BPF_LD_MAP_FD(BPF_REG_1, 5), BPF_EXIT_INSN());
	LOAD_FAIL("fd of something else", EINVAL,
		  "fd 7 is not pointing to valid bpf_map\n" PROCESSED(0),
		  BPF_LD_MAP_FD(BPF_REG_1, NOT_A_MAP_FD), BPF_EXIT_INSN());
	LOAD_FAIL("map value offset too large", EINVAL,
		  "direct value offset of 536870912 is not allowed\n" PROCESSED(0),
		  BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE,
				   ((u64)(1 << 29) << 32) | (MAP_FD0 + 0)),
		  BPF_EXIT_INSN());
	LOAD_FAIL("map value offset past the value", EINVAL,
		  "invalid access to map value pointer, value_size=16 off=16\n" PROCESSED(0),
		  BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE,
				   ((u64)16 << 32) | (MAP_FD0 + 0)),
		  BPF_EXIT_INSN());
	LOAD_FAIL("map without direct values", EINVAL,
		  "no direct value access support for this map type\n" PROCESSED(0),
		  BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_VALUE, MAP_FD0 + 1),
		  BPF_EXIT_INSN());
	LOAD_FAIL("fd_idx without fd_array", EPROTO,
		  "fd_idx without fd_array is invalid\n" PROCESSED(0),
		  BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX, 0), BPF_EXIT_INSN());
	LOAD_FAIL("BTF variables need the kernel's BTF", EINVAL,
		  "kernel is missing BTF, make sure CONFIG_DEBUG_INFO_BTF=y is specified in Kconfig.\n"
		  PROCESSED(0),
		  BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_BTF_ID, 1), BPF_EXIT_INSN());
	CHECK(all_map_refs() == before, "failed loads hold no map");

	{
		const struct bpf_insn p[] = {
			BPF_LD_IMM64_RAW(BPF_REG_1, BPF_PSEUDO_MAP_IDX_VALUE, ((u64)8 << 32) | 1),
			BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_MAP_IDX, 0),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		const u32 fd_array[] = { MAP_FD0 + 3, MAP_FD0 + 0 };
		struct opts o = def;

		o.fd_array = fd_array;
		TEST_EQ(load_opts(p, ARRAY_SIZE(p), &o), 0, "fd_array loads");
		addr = ((u64)(u32)prog->insnsi[1].imm << 32) | (u32)prog->insnsi[0].imm;
		CHECK(addr == (u64)(uintptr_t)maps[0].values + 8,
		      "map value by index: the value's address plus the offset");
		addr = ((u64)(u32)prog->insnsi[3].imm << 32) | (u32)prog->insnsi[2].imm;
		CHECK(addr == (u64)(uintptr_t)&maps[3].map && prog->aux->used_map_cnt == 2,
		      "map by index: fd_array[0]");
		prog_release();
	}

	/* 64 maps are the most a program holds */
	{
		struct bpf_insn p[2 * 65 + 2];
		u32 i;

		for (i = 0; i < 65; i++) {
			struct bpf_insn ld[] = { BPF_LD_MAP_FD(BPF_REG_1, MAP_FD0 + i) };

			p[2 * i] = ld[0];
			p[2 * i + 1] = ld[1];
		}
		p[130] = BPF_MOV64_IMM(BPF_REG_0, 0);
		p[131] = BPF_EXIT_INSN();
		TEST_ERRNO(load(p, 132), E2BIG, "65 maps: E2BIG");
		LOG_IS(PROCESSED(0), "65 maps (log: no message in 6.1)");
		CHECK(all_map_refs() == before, "65 maps: every reference dropped");
		p[128] = BPF_MOV64_IMM(BPF_REG_0, 0);
		p[129] = BPF_EXIT_INSN();
		TEST_EQ(load(p, 130), 0, "64 maps load");
		CHECK(prog->aux->used_map_cnt == 64, "64 maps used");
		prog_release();
	}

	{
		const struct bpf_insn p[] = {
			BPF_LD_MAP_FD(BPF_REG_1, MAP_FD0 + 4),
			BPF_MOV64_IMM(BPF_REG_0, 0),
			BPF_EXIT_INSN(),
		};
		struct opts o = def;

		o.type = BPF_PROG_TYPE_SOCKET_FILTER;
		TEST_ERRNO(load_opts(p, ARRAY_SIZE(p), &o), EINVAL, "spin lock map in a socket filter");
		LOG_IS("socket filter progs cannot use bpf_spin_lock yet\n" PROCESSED(0),
		       "spin lock map (log)");
	}
	/* a later error lets go of the maps resolved before it */
	{
		const struct bpf_insn p[] = {
			BPF_LD_MAP_FD(BPF_REG_1, MAP_FD0 + 0),
			BPF_EMIT_CALL(BPF_FUNC_map_delete_elem), BPF_EXIT_INSN(),
		};
		char want[256];

		/* the privileged see the map's address, as in 6.1 */
		snprintf(want, sizeof(want), "0: (18) r1 = %p\n2: (85) call bpf_map_delete_elem#3\n"
			 "unknown func bpf_map_delete_elem#3\n" PROCESSED(2), (void *)&maps[0].map);
		TEST_ERRNO(load(p, ARRAY_SIZE(p)), EINVAL, "maps released on a later error");
		LOG_IS(want, "maps released on a later error (log)");
	}
	CHECK(all_map_refs() == before, "no reference left after the error");
}

/* ---- context accesses ---- */

static void test_ctx(void)
{
	struct bpf_insn *in;

	if (LOAD_OK("ctx loads and stores",
		    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct test_ctx, len)),
		    BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_0, offsetof(struct test_ctx, mark)),
		    BPF_LDX_MEM(BPF_H, BPF_REG_2, BPF_REG_1, offsetof(struct test_ctx, cb[1])),
		    BPF_EXIT_INSN())) {
		in = prog->insnsi;
		CHECK(prog->len == 4 &&
		      insn_is(&in[0], BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_TRUSTED_MEM, 0, 1,
						   offsetof(struct test_kern, len), 0)) &&
		      insn_is(&in[1], BPF_RAW_INSN(BPF_STX | BPF_W | BPF_TRUSTED_MEM, 1, 0,
						   offsetof(struct test_kern, mark), 0)) &&
		      insn_is(&in[2], BPF_RAW_INSN(BPF_LDX | BPF_H | BPF_TRUSTED_MEM, 2, 1,
						   offsetof(struct test_kern, cb[1]), 0)),
		      "converted to trusted accesses of the kernel structure");
		CHECK(prog->aux->max_ctx_offset == offsetof(struct test_ctx, cb[1]) + 2,
		      "max_ctx_offset is the last byte reached");
	}

	if (LOAD_OK("narrow ctx load",
		    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 1),
		    BPF_EXIT_INSN())) {
		in = prog->insnsi;
		CHECK(prog->len == 4 &&
		      insn_is(&in[0], BPF_RAW_INSN(BPF_LDX | BPF_W | BPF_TRUSTED_MEM, 0, 1,
						   offsetof(struct test_kern, len), 0)) &&
		      insn_is(&in[1], BPF_ALU32_IMM(BPF_RSH, 0, 8)) &&
		      insn_is(&in[2], BPF_ALU32_IMM(BPF_AND, 0, 0xff)) &&
		      insn_is(&in[3], BPF_EXIT_INSN()),
		      "narrow load: whole field, shift, mask");
	}

	LOAD_FAIL("invalid context access", EACCES,
		  "0: (61) r0 = *(u32 *)(r1 +40)\ninvalid bpf_context access off=40 size=4\n"
		  PROCESSED(1),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 40), BPF_EXIT_INSN());
	LOAD_FAIL("write of a read-only field", EACCES,
		  "0: (63) *(u32 *)(r1 +0) = r1\ninvalid bpf_context access off=0 size=4\n"
		  PROCESSED(1),
		  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_1, 0), BPF_EXIT_INSN());
	LOAD_FAIL("modified ctx pointer", EACCES,
		  "0: (07) r1 += 4\n1: (61) r0 = *(u32 *)(r1 +0)\n"
		  "dereference of modified ctx ptr R1 off=4 disallowed\n" PROCESSED(2),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 4),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN());
	LOAD_FAIL("negative ctx offset", EACCES,
		  "0: (07) r1 += -4\n1: (61) r0 = *(u32 *)(r1 +4)\n"
		  "negative offset ctx ptr R1 off=-4 disallowed\n" PROCESSED(2),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -4),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4), BPF_EXIT_INSN());
	LOAD_OK("ctx offset added and taken back",
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, 8),
		BPF_MOV64_IMM(BPF_REG_2, 8),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_1, BPF_REG_2),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4), BPF_EXIT_INSN());
	LOAD_FAIL("same insn, different pointers", EINVAL,
		  "0: (b7) r0 = 0\n1: (15) if r0 == 0x0 goto pc+1\n2: (bf) r1 = r10\n"
		  "3: (61) r0 = *(u32 *)(r1 -8)\n"
		  "same insn cannot be used with different pointers\n" PROCESSED(4),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, -8), BPF_EXIT_INSN());
	LOAD_FAIL("ctx or a number", EACCES,
		  "0: (b7) r0 = 0\n1: (15) if r0 == 0x0 goto pc+1\n2: (b7) r1 = 0\n"
		  "3: (61) r0 = *(u32 *)(r1 +0)\nR1 invalid mem access 'scalar'\n" PROCESSED(4),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 1),
		  BPF_MOV64_IMM(BPF_REG_1, 0),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 0), BPF_EXIT_INSN());
	LOAD_FAIL("atomic on the context", EACCES,
		  "0: (b7) r2 = 1\n1: (c3) lock *(u32 *)(r1 +4) += r2\n"
		  "BPF_ATOMIC stores into R1 ctx is not allowed\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_2, 1),
		  BPF_ATOMIC_OP(BPF_W, BPF_ADD, BPF_REG_1, BPF_REG_2, 4), BPF_EXIT_INSN());
	LOAD_FAIL("immediate store into the context", EACCES,
		  "0: (62) *(u32 *)(r1 +4) = 1\nBPF_ST stores into R1 ctx is not allowed\n"
		  PROCESSED(1),
		  BPF_ST_MEM(BPF_W, BPF_REG_1, 4, 1), BPF_EXIT_INSN());

	/* the context survives a spill to the stack and a fill */
	if (LOAD_OK("spilled and filled context",
		    BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		    BPF_MOV64_IMM(BPF_REG_1, 0),
		    BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -8),
		    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, offsetof(struct test_ctx, mark)),
		    BPF_EXIT_INSN()))
		CHECK(prog->insnsi[3].code == (BPF_LDX | BPF_W | BPF_TRUSTED_MEM) &&
		      prog->insnsi[3].off == offsetof(struct test_kern, mark),
		      "the filled context is converted");
	/* ... but not one that was partly overwritten: a number now */
	if (LOAD_OK("spilled context partly overwritten",
		    BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		    BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		    BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_10, -8),
		    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_2, 0),
		    BPF_EXIT_INSN()))
		CHECK(prog->insnsi[3].code == (BPF_LDX | BPF_W | BPF_MEM),
		      "a load through a number stays checked");
	/* a helper writing over the spill makes it a number, as 6.1 sees it */
	LOAD_FAIL("helper writes over a spilled context", EACCES,
		  "0: (7b) *(u64 *)(r10 -8) = r1\n1: (bf) r6 = r1\n2: (bf) r3 = r10\n"
		  "3: (07) r3 += -16\n4: (b7) r4 = 16\n5: (b7) r2 = 0\n"
		  "6: (85) call bpf_skb_load_bytes#26\n7: (79) r1 = *(u64 *)(r10 -8)\n"
		  "8: (61) r0 = *(u32 *)(r1 +4)\nR1 invalid mem access 'scalar'\n" PROCESSED(9),
		  BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
		  BPF_MOV64_IMM(BPF_REG_4, 16),
		  BPF_MOV64_IMM(BPF_REG_2, 0),
		  BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes),
		  BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
		  BPF_EXIT_INSN());
	if (LOAD_OK("helper writes next to a spilled context",
		    BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		    BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		    BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -16),
		    BPF_MOV64_IMM(BPF_REG_4, 8),
		    BPF_MOV64_IMM(BPF_REG_2, 0),
		    BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes),
		    BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
		    BPF_EXIT_INSN()))
		CHECK(prog->insnsi[7].code == (BPF_LDX | BPF_W | BPF_TRUSTED_MEM),
		      "the spill beside the helper's buffer is still the context");
	/* a stack address that went to memory makes every spill suspect */
	{
	char want[1024];
	snprintf(want, sizeof(want),
		  "0: (7b) *(u64 *)(r10 -8) = r1\n1: (18) r1 = %p\n"
		  "3: (bf) r2 = r10\n4: (07) r2 += -16\n5: (7a) *(u64 *)(r10 -16) = 0\n"
		  "6: (85) call bpf_map_lookup_elem#1\n7: (15) if r0 == 0x0 goto pc+4\n"
		  "8: (7b) *(u64 *)(r0 +0) = r10\n9: (7a) *(u64 *)(r0 +8) = 1\n"
		  "10: (79) r1 = *(u64 *)(r10 -8)\n11: (61) r0 = *(u32 *)(r1 +4)\n"
		  "R1 invalid mem access 'scalar'\n" PROCESSED(11), (void *)&maps[0].map);
	LOAD_FAIL("stack address escapes, spilled context lost", EACCES, want,
		  BPF_STX_MEM(BPF_DW, BPF_REG_10, BPF_REG_1, -8),
		  BPF_LD_MAP_FD(BPF_REG_1, MAP_FD0 + 0),
		  BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, -16),
		  BPF_ST_MEM(BPF_DW, BPF_REG_10, -16, 0),
		  BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 4),
		  BPF_STX_MEM(BPF_DW, BPF_REG_0, BPF_REG_10, 0),
		  BPF_ST_MEM(BPF_DW, BPF_REG_0, 8, 1),
		  BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_10, -8),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 4),
		  BPF_EXIT_INSN());
	}

	/* calls clobber r1-r5; r6 keeps the context across them */
	if (LOAD_OK("context kept in r6 across a call",
		    BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		    BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_6, offsetof(struct test_ctx, mark)),
		    BPF_EXIT_INSN()))
		CHECK(prog->insnsi[2].code == (BPF_LDX | BPF_W | BPF_TRUSTED_MEM),
		      "r6 access converted");
	LOAD_FAIL("r1 after a call", EACCES,
		  "0: (85) call bpf_ktime_get_ns#5\n1: (85) call bpf_tail_call#12\n"
		  "R1 !read_ok\n" PROCESSED(2),
		  BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		  BPF_EMIT_CALL(BPF_FUNC_tail_call),
		  BPF_EXIT_INSN());
	LOAD_FAIL("helper wants the context", EACCES,
		  "0: (bf) r1 = r10\n1: (85) call bpf_skb_load_bytes#26\n"
		  "R1 type=fp expected=ctx\n" PROCESSED(2),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		  BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes), BPF_EXIT_INSN());
	LOAD_FAIL("LD_ABS needs the context in r6", EINVAL,
		  "0: (b7) r6 = 0\n1: (30) r0 = *(u8 *)skb[0]\n"
		  "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n" PROCESSED(2),
		  BPF_MOV64_IMM(BPF_REG_6, 0), BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN());
	LOAD_OK("LD_ABS with the context in r6",
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1), BPF_LD_ABS(BPF_B, 0), BPF_EXIT_INSN());
	{
		const struct bpf_insn p[] = {
			BPF_MOV64_REG(BPF_REG_6, BPF_REG_1), BPF_LD_ABS(BPF_B, 0),
			BPF_EXIT_INSN(),
		};
		struct opts o = def;

		o.no_ld_abs = true;
		TEST_ERRNO(load_opts(p, 3, &o), EINVAL, "LD_ABS in a type without packets");
		LOG_IS("0: (bf) r6 = r1\n1: (30) r0 = *(u8 *)skb[0]\n"
		       "BPF_LD_[ABS|IND] instructions not allowed for this program type\n"
		       PROCESSED(2), "LD_ABS in a type without packets (log)");
	}
	test_unpriv = true;
	LOAD_FAIL("unprivileged pointer into the context", EACCES,
		  "0: (bf) r2 = r10\n1: (7b) *(u64 *)(r1 +16) = r2\n"
		  "R2 leaks addr into ctx\n" PROCESSED(2),
		  BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		  BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, 16), BPF_EXIT_INSN());
	test_unpriv = false;
}

/* ---- helpers ---- */

static void test_helpers(void)
{
	struct opts o = def;

	if (LOAD_OK("helper calls",
		    BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		    BPF_MOV64_IMM(BPF_REG_1, 0),
		    BPF_MOV64_IMM(BPF_REG_2, 0),
		    BPF_EMIT_CALL(BPF_FUNC_trace_printk),
		    BPF_EMIT_CALL(BPF_FUNC_ktime_get_ns),
		    BPF_EXIT_INSN())) {
		struct bpf_prog_aux *aux = prog->aux;

		CHECK(aux->call_proto_cnt == 2 && aux->call_protos[0] == &t_ktime &&
		      aux->call_protos[1] == &t_printk &&
		      aux->call_func_ids[0] == BPF_FUNC_ktime_get_ns &&
		      aux->call_func_ids[1] == BPF_FUNC_trace_printk,
		      "call_protos: each helper once, with its id");
		CHECK(prog->insnsi[0].imm == 0 && prog->insnsi[3].imm == 1 &&
		      prog->insnsi[4].imm == 0, "calls name their call_protos index");
	}
	LOAD_FAIL("unknown helper", EINVAL,
		  "0: (85) call bpf_map_delete_elem#3\nunknown func bpf_map_delete_elem#3\n"
		  PROCESSED(1),
		  BPF_EMIT_CALL(BPF_FUNC_map_delete_elem), BPF_EXIT_INSN());
	LOAD_FAIL("helper id out of range", EINVAL,
		  "0: (85) call unknown#10000\ninvalid func unknown#10000\n" PROCESSED(1),
		  BPF_EMIT_CALL(10000), BPF_EXIT_INSN());
	{
		const struct bpf_insn p[] = {
			BPF_MOV64_IMM(BPF_REG_1, 0), BPF_MOV64_IMM(BPF_REG_2, 0),
			BPF_EMIT_CALL(BPF_FUNC_trace_printk), BPF_EXIT_INSN(),
		};

		o.non_gpl = true;
		TEST_ERRNO(load_opts(p, 4, &o), EINVAL, "GPL helper from a non-GPL program");
		LOG_IS("0: (b7) r1 = 0\n1: (b7) r2 = 0\n2: (85) call bpf_trace_printk#6\n"
		       "cannot call GPL-restricted function from non-GPL compatible program\n"
		       PROCESSED(3), "GPL helper (log)");
	}
	LOAD_FAIL("helper without a function", EFAULT,
		  "0: (85) call bpf_get_prandom_u32#7\n1: (95) exit\n"
		  "kernel subsystem misconfigured func bpf_get_prandom_u32#7\n" PROCESSED(2),
		  BPF_EMIT_CALL(BPF_FUNC_get_prandom_u32), BPF_EXIT_INSN());
	LOAD_FAIL("sleeping helper", EINVAL,
		  "0: (85) call bpf_copy_from_user#148\n"
		  "helper call might sleep in a non-sleepable prog\n" PROCESSED(1),
		  BPF_EMIT_CALL(BPF_FUNC_copy_from_user), BPF_EXIT_INSN());
	LOAD_FAIL("helper not allowed", EINVAL,
		  "0: (85) call bpf_get_current_pid_tgid#14\n"
		  "helper call is not allowed in probe\n" PROCESSED(1),
		  BPF_EMIT_CALL(BPF_FUNC_get_current_pid_tgid), BPF_EXIT_INSN());
	LOAD_FAIL("kernel function calls", ENOTSUPP,
		  "calling kernel function is not supported without CONFIG_DEBUG_INFO_BTF\n"
		  PROCESSED(0),
		  BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 5),
		  BPF_EXIT_INSN());
	if (LOAD_OK("tail call",
		    BPF_LD_MAP_FD(BPF_REG_2, MAP_FD0 + 0),
		    BPF_MOV64_IMM(BPF_REG_3, 0),
		    BPF_EMIT_CALL(BPF_FUNC_tail_call),
		    BPF_MOV64_IMM(BPF_REG_0, 0),
		    BPF_EXIT_INSN()))
		CHECK(insn_is(&prog->insnsi[3], BPF_RAW_INSN(BPF_JMP | BPF_TAIL_CALL, 0, 0, 0, 0)) &&
		      prog->cb_access, "bpf_tail_call becomes BPF_JMP | BPF_TAIL_CALL");
}

/* ---- subprograms ---- */

static void test_subprogs(void)
{
	struct opts o = def;

	/* main reads the context; so does the subprogram it passes it to */
	if (LOAD_OK("subprogram call",
		    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 2),
		    BPF_CALL_REL(1),
		    BPF_EXIT_INSN(),
		    BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct test_ctx, mark)),
		    BPF_EXIT_INSN())) {
		struct bpf_prog_aux *aux = prog->aux;

		/* the narrow load grew by two insns: the call and the start follow */
		CHECK(prog->len == 7 && aux->subprog_cnt == 2 && aux->subprog_starts[0] == 0 &&
		      aux->subprog_starts[1] == 5, "subprogram starts after the patch");
		CHECK(prog->insnsi[3].src_reg == BPF_PSEUDO_CALL && prog->insnsi[3].imm == 1,
		      "the call still reaches its callee");
		CHECK(prog->insnsi[5].code == (BPF_LDX | BPF_W | BPF_TRUSTED_MEM),
		      "the callee's context access is converted");
		CHECK(aux->subprog_entries[1].prog == prog && aux->subprog_entries[1].insn_off == 5,
		      "subprog_entries");
	}

	/* a callback: BPF_PSEUDO_FUNC points at its struct bpf_subprog_entry */
	if (LOAD_OK("callback",
		    BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_1, 0),
		    BPF_MOV64_IMM(BPF_REG_1, 4),
		    BPF_RAW_INSN(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_2, BPF_PSEUDO_FUNC, 0, 5),
		    BPF_RAW_INSN(0, 0, 0, 0, 0),
		    BPF_MOV64_IMM(BPF_REG_3, 0),
		    BPF_MOV64_IMM(BPF_REG_4, 0),
		    BPF_EMIT_CALL(BPF_FUNC_loop),
		    BPF_EXIT_INSN(),
		    BPF_MOV64_IMM(BPF_REG_0, 0),
		    BPF_EXIT_INSN())) {
		struct bpf_prog_aux *aux = prog->aux;
		u64 addr = ((u64)(u32)prog->insnsi[4].imm << 32) | (u32)prog->insnsi[3].imm;

		CHECK(aux->subprog_cnt == 2 && addr == (u64)(uintptr_t)&aux->subprog_entries[1] &&
		      aux->subprog_entries[1].insn_off == 9 &&
		      prog->insnsi[3].src_reg == BPF_PSEUDO_FUNC,
		      "callback load: the address of its entry, moved by the patch");
	}

	LOAD_FAIL("call to an invalid destination", EINVAL,
		  "call to invalid destination\n" PROCESSED(0),
		  BPF_CALL_REL(100), BPF_EXIT_INSN());
	LOAD_FAIL("jump into another subprogram", EINVAL,
		  "jump out of range from insn 1 to 4\n" PROCESSED(0),
		  BPF_CALL_REL(2),
		  BPF_JMP_A(2),
		  BPF_EXIT_INSN(),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_EXIT_INSN());
	LOAD_FAIL("subprogram falling off its end", EINVAL,
		  "last insn is not an exit or jmp\n" PROCESSED(0),
		  BPF_CALL_REL(1),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	LOAD_FAIL("recursion", EINVAL,
		  "back-edge from insn 3 to 2\n" PROCESSED(0),
		  BPF_CALL_REL(1),
		  BPF_EXIT_INSN(),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_CALL_REL(-2),
		  BPF_EXIT_INSN());
	LOAD_FAIL("returning a stack pointer", EINVAL,
		  "0: (85) call pc+1\n2: (bf) r0 = r10\n3: (95) exit\n"
		  "cannot return stack pointer to the caller\n" PROCESSED(3),
		  BPF_CALL_REL(1),
		  BPF_EXIT_INSN(),
		  BPF_MOV64_REG(BPF_REG_0, BPF_REG_10),
		  BPF_EXIT_INSN());
	{
		/* nine frames: main and eight nested calls */
		struct bpf_insn p[18];
		u32 i;

		for (i = 0; i < 9; i++) {
			p[2 * i] = i < 8 ? BPF_CALL_REL(1) : BPF_MOV64_IMM(BPF_REG_0, 0);
			p[2 * i + 1] = BPF_EXIT_INSN();
		}
		TEST_ERRNO(load(p, 18), E2BIG, "nine frames");
		LOG_IS("0: (85) call pc+1\nthe call stack of 9 frames is too deep\n" PROCESSED(1),
		       "nine frames (log)");
		p[14] = BPF_MOV64_IMM(BPF_REG_0, 0);
		TEST_EQ(load(p, 16), 0, "eight frames load");
	}
	test_unpriv = true;
	LOAD_FAIL("unprivileged bpf-to-bpf call", EPERM,
		  "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN\n"
		  PROCESSED(0),
		  BPF_CALL_REL(1), BPF_EXIT_INSN(), BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	test_unpriv = false;
	{
		const struct bpf_insn p[] = {
			BPF_MOV64_IMM(BPF_REG_0, 0), BPF_CALL_REL(1), BPF_EXIT_INSN(),
			BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN(),
		};

		o.log_level = 2;
		TEST_EQ(load_opts(p, 5, &o), 0, "subprograms at level 2");
		LOG_IS("func#0 @0\nfunc#1 @3\n0: (b7) r0 = 0\n1: (85) call pc+1\n"
		       "3: (b7) r0 = 0\n4: (95) exit\n2: (95) exit\n" PROCESSED(5),
		       "level 2 lists the subprograms and walks into the callee");
	}
}

int main(void)
{
	u64 mem_before;

	init_maps();
	CHECK((void *)bpf_map_get == (void *)stub_bpf_map_get &&
	      (void *)bpf_map_put == (void *)stub_bpf_map_put,
	      "the map stand-ins are the ones linked");
	mem_before = sysbpf_mem_allocated();

	test_disasm();
	test_log();
	test_structure();
	test_maps();
	test_ctx();
	test_helpers();
	test_subprogs();

	prog_release();
	TEST_EQ(sysbpf_mem_allocated(), mem_before, "no memory left allocated");
	TEST_EQ(all_map_refs(), 0, "no map reference left");
	return sysbpf_test_done();
}
