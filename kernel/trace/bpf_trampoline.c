// SPDX-License-Identifier: GPL-2.0
/*
 * Where tracing programs attach and how they run.
 *
 * Kernel functions.  The functions of the vmlinux BTF are the kernel's;
 * sysbpf has a few of them for real (the test functions of 6.1's
 * test_run, net/bpf/test_run_tracing.c): those are the ones that call
 * their trampoline and so run the fentry, fmod_ret and fexit programs
 * attached to them.  A program attached to any other function of the
 * BTF is linked as in 6.1 and never runs.
 *
 * A trampoline (one per function name) keeps the programs linked to it,
 * by kind.  A call through it builds the frame of struct bpf_tramp_frame
 * and runs: the fentry programs; the fmod_ret programs, the first one
 * returning non-zero giving the return value and skipping the function;
 * the function; the fexit programs, which see the return value after the
 * arguments.  Each program runs with the cookie of its link.
 *
 * Raw tracepoints.  sysbpf has the one tracepoint its test_run fires in
 * 6.1: bpf_test_finish(int *err), writable (4 bytes).  RAW_TRACEPOINT,
 * RAW_TRACEPOINT_WRITABLE and tp_btf programs attach to it by name.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf.h>
#include <linux/filter.h>
#include <pthread.h>
#include <stdlib.h>

#define BPF_MAX_TRAMP_LINKS	38

/* ---- the functions sysbpf has ("kallsyms") ---- */

/* The test functions of net/bpf/test_run_tracing.c. */
int bpf_fentry_test1(int a);
int bpf_fentry_test2(int a, u64 b);
int bpf_fentry_test3(char a, int b, u64 c);
int bpf_fentry_test4(void *a, char b, int c, u64 d);
int bpf_fentry_test5(u64 a, void *b, short c, int d, u64 e);
int bpf_fentry_test6(u64 a, void *b, short c, int d, void *e, u64 f);
struct bpf_fentry_test_t;
int bpf_fentry_test7(struct bpf_fentry_test_t *arg);
int bpf_fentry_test8(struct bpf_fentry_test_t *arg);
int bpf_modify_return_test(int a, int *b);

/* Sorted by name. */
static const struct bpf_ksym_func ksym_funcs[] = {
	{ "bpf_fentry_test1", bpf_fentry_test1, true },
	{ "bpf_fentry_test2", bpf_fentry_test2, false },
	{ "bpf_fentry_test3", bpf_fentry_test3, false },
	{ "bpf_fentry_test4", bpf_fentry_test4, false },
	{ "bpf_fentry_test5", bpf_fentry_test5, false },
	{ "bpf_fentry_test6", bpf_fentry_test6, false },
	{ "bpf_fentry_test7", bpf_fentry_test7, false },
	{ "bpf_fentry_test8", bpf_fentry_test8, false },
	{ "bpf_modify_return_test", bpf_modify_return_test, true },
};

static int ksym_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct bpf_ksym_func *)elem)->name);
}

const struct bpf_ksym_func *bpf_ksym_find(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, ksym_funcs, ARRAY_SIZE(ksym_funcs), sizeof(ksym_funcs[0]),
		       ksym_cmp);
}

u64 kallsyms_lookup_name(const char *name)
{
	const struct bpf_ksym_func *f = bpf_ksym_find(name);

	return f ? (u64)(uintptr_t)f->addr : 0;
}

/* 6.1 marks these ALLOW_ERROR_INJECTION: fmod_ret and sleepable fentry may use them. */
bool within_error_injection_list(const char *name)
{
	const struct bpf_ksym_func *f = bpf_ksym_find(name);

	return f && f->error_injection;
}

/* ---- the cookie of the running program ---- */

static __thread u64 trace_run_cookie;

u64 bpf_trace_run_cookie(void)
{
	return trace_run_cookie;
}

u32 bpf_trace_run_prog(struct bpf_prog *prog, void *ctx, u64 cookie)
{
	u64 saved = trace_run_cookie;
	u32 ret;

	trace_run_cookie = cookie;
	ret = bpf_prog_run(prog, ctx);
	trace_run_cookie = saved;
	return ret;
}

/* ---- trampolines ---- */

enum bpf_tramp_prog_type {
	BPF_TRAMP_FENTRY,
	BPF_TRAMP_FEXIT,
	BPF_TRAMP_MODIFY_RETURN,
	BPF_TRAMP_MAX,
	BPF_TRAMP_REPLACE,	/* EXT */
};

struct bpf_tramp_link {
	struct bpf_link link;
	struct bpf_tramp_link *next;	/* in the trampoline's list of its kind */
	u64 cookie;
};

struct bpf_trampoline {
	struct bpf_trampoline *next;
	char *name;
	struct bpf_tramp_link *progs[BPF_TRAMP_MAX];
	int progs_cnt[BPF_TRAMP_MAX];
};

struct bpf_tracing_link {
	struct bpf_tramp_link link;
	enum bpf_attach_type attach_type;
	struct bpf_trampoline *trampoline;
	u32 target_btf_id;
};

/* Trampolines live as long as the process: a name is looked up at each call. */
static struct bpf_trampoline *trampolines;
static pthread_rwlock_t trampoline_lock = PTHREAD_RWLOCK_INITIALIZER;

static struct bpf_trampoline *trampoline_lookup(const char *name)
{
	struct bpf_trampoline *tr;

	for (tr = trampolines; tr; tr = tr->next)
		if (!strcmp(tr->name, name))
			return tr;
	return NULL;
}

/* Under the write lock. */
static struct bpf_trampoline *trampoline_get(const char *name)
{
	struct bpf_trampoline *tr = trampoline_lookup(name);

	if (tr)
		return tr;
	tr = kzalloc(sizeof(*tr), GFP_KERNEL);
	if (!tr)
		return NULL;
	tr->name = strdup(name);
	if (!tr->name) {
		kfree(tr);
		return NULL;
	}
	tr->next = trampolines;
	trampolines = tr;
	return tr;
}

static enum bpf_tramp_prog_type bpf_attach_type_to_tramp(const struct bpf_prog *prog)
{
	switch (prog->expected_attach_type) {
	case BPF_TRACE_FENTRY:
		return BPF_TRAMP_FENTRY;
	case BPF_MODIFY_RETURN:
		return BPF_TRAMP_MODIFY_RETURN;
	case BPF_TRACE_FEXIT:
		return BPF_TRAMP_FEXIT;
	case BPF_LSM_MAC:
		if (!prog->aux->attach_func_proto->type)
			return BPF_TRAMP_FEXIT;	/* void hooks */
		return BPF_TRAMP_MODIFY_RETURN;
	default:
		return BPF_TRAMP_REPLACE;
	}
}

static int trampoline_link_prog(struct bpf_tramp_link *link, struct bpf_trampoline *tr)
{
	enum bpf_tramp_prog_type kind = bpf_attach_type_to_tramp(link->link.prog);
	struct bpf_tramp_link *l, **pos;
	int cnt = 0, i;

	if (kind >= BPF_TRAMP_MAX)
		return -EINVAL;
	for (i = 0; i < BPF_TRAMP_MAX; i++)
		cnt += tr->progs_cnt[i];
	if (cnt >= BPF_MAX_TRAMP_LINKS)
		return -E2BIG;
	for (i = 0; i < BPF_TRAMP_MAX; i++)
		for (l = tr->progs[i]; l; l = l->next)
			if (l->link.prog == link->link.prog)
				return -EBUSY;
	/* programs run in the order they were attached */
	for (pos = &tr->progs[kind]; *pos; pos = &(*pos)->next)
		;
	link->next = NULL;
	*pos = link;
	tr->progs_cnt[kind]++;
	return 0;
}

static void trampoline_unlink_prog(struct bpf_tramp_link *link, struct bpf_trampoline *tr)
{
	enum bpf_tramp_prog_type kind = bpf_attach_type_to_tramp(link->link.prog);
	struct bpf_tramp_link **pos;

	if (kind >= BPF_TRAMP_MAX)
		return;
	for (pos = &tr->progs[kind]; *pos; pos = &(*pos)->next)
		if (*pos == link) {
			*pos = link->next;
			tr->progs_cnt[kind]--;
			return;
		}
}

struct tramp_run {
	struct bpf_prog *prog[BPF_MAX_TRAMP_LINKS];
	u64 cookie[BPF_MAX_TRAMP_LINKS];
	int cnt[BPF_TRAMP_MAX];
};

/* The programs of a call, taken with a reference so a detach cannot free them. */
static bool trampoline_snapshot(const char *name, struct tramp_run *run)
{
	struct bpf_trampoline *tr;
	struct bpf_tramp_link *l;
	int kind, n = 0;

	memset(run->cnt, 0, sizeof(run->cnt));
	pthread_rwlock_rdlock(&trampoline_lock);
	tr = trampoline_lookup(name);
	for (kind = 0; tr && kind < BPF_TRAMP_MAX; kind++)
		for (l = tr->progs[kind]; l && n < BPF_MAX_TRAMP_LINKS; l = l->next) {
			bpf_prog_inc(l->link.prog);
			run->prog[n] = l->link.prog;
			run->cookie[n++] = l->cookie;
			run->cnt[kind]++;
		}
	pthread_rwlock_unlock(&trampoline_lock);
	return n > 0;
}

u64 bpf_trampoline_call(const char *name, bpf_tramp_call_t fn, u32 nr_args,
			const u64 *args)
{
	struct bpf_tramp_frame frame = {};
	struct tramp_run run;
	int i, n, first_fexit, first_fmod;
	bool skip = false;
	u64 ret = 0;

	if (!trampoline_snapshot(name, &run))
		return fn(args);

	nr_args = min_t(u32, nr_args, MAX_BPF_FUNC_ARGS);
	frame.ip = kallsyms_lookup_name(name);
	frame.nr_args = nr_args;
	memcpy(frame.args, args, nr_args * sizeof(u64));

	n = run.cnt[BPF_TRAMP_FENTRY];
	first_fexit = n;
	first_fmod = n + run.cnt[BPF_TRAMP_FEXIT];
	for (i = 0; i < n; i++)
		bpf_trace_run_prog(run.prog[i], frame.args, run.cookie[i]);
	for (i = first_fmod; i < first_fmod + run.cnt[BPF_TRAMP_MODIFY_RETURN]; i++) {
		frame.args[nr_args] = bpf_trace_run_prog(run.prog[i], frame.args,
							 run.cookie[i]);
		if (frame.args[nr_args]) {
			/* the program's return stands for the function's */
			ret = frame.args[nr_args];
			skip = true;
			break;
		}
	}
	if (!skip)
		ret = fn(args);
	frame.args[nr_args] = ret;
	for (i = first_fexit; i < first_fmod; i++)
		bpf_trace_run_prog(run.prog[i], frame.args, run.cookie[i]);

	n = first_fmod + run.cnt[BPF_TRAMP_MODIFY_RETURN];
	for (i = 0; i < n; i++)
		bpf_prog_put(run.prog[i]);
	return ret;
}

/* ---- tracing links ---- */

static void bpf_tracing_link_release(struct bpf_link *link)
{
	struct bpf_tracing_link *tr_link = container_of(link, struct bpf_tracing_link,
							 link.link);

	pthread_rwlock_wrlock(&trampoline_lock);
	trampoline_unlink_prog(&tr_link->link, tr_link->trampoline);
	pthread_rwlock_unlock(&trampoline_lock);
}

static void bpf_tracing_link_dealloc(struct bpf_link *link)
{
	kfree(container_of(link, struct bpf_tracing_link, link.link));
}

static int bpf_tracing_link_fill_link_info(const struct bpf_link *link,
					   struct bpf_link_info *info)
{
	const struct bpf_tracing_link *tr_link =
		container_of(link, struct bpf_tracing_link, link.link);

	info->tracing.attach_type = tr_link->attach_type;
	/* a vmlinux function: object id 0, the BTF id of the function */
	info->tracing.target_obj_id = 0;
	info->tracing.target_btf_id = tr_link->target_btf_id;
	return 0;
}

static const struct bpf_link_ops bpf_tracing_link_lops = {
	.release	= bpf_tracing_link_release,
	.dealloc	= bpf_tracing_link_dealloc,
	.fill_link_info	= bpf_tracing_link_fill_link_info,
};

static int check_tracing_attach_type(const struct bpf_prog *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_TRACING:
		if (prog->expected_attach_type != BPF_TRACE_FENTRY &&
		    prog->expected_attach_type != BPF_TRACE_FEXIT &&
		    prog->expected_attach_type != BPF_MODIFY_RETURN)
			return -EINVAL;
		return 0;
	case BPF_PROG_TYPE_EXT:
		return prog->expected_attach_type ? -EINVAL : 0;
	case BPF_PROG_TYPE_LSM:
		return prog->expected_attach_type != BPF_LSM_MAC ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/*
 * The prog reference passes to the link on success.  Replacing or
 * tracing BPF programs (EXT, fentry on a program) needs the interpreter
 * to call through a trampoline, which it does not: -EOPNOTSUPP.
 */
int bpf_tracing_prog_attach(struct bpf_prog *prog, int tgt_prog_fd, u32 btf_id,
			    u64 bpf_cookie)
{
	struct bpf_link_primer primer;
	struct bpf_tracing_link *link;
	struct bpf_trampoline *tr;
	int err;

	err = check_tracing_attach_type(prog);
	if (err)
		return err;
	if (!!tgt_prog_fd != !!btf_id)
		return -EINVAL;
	if (tgt_prog_fd)
		return prog->type != BPF_PROG_TYPE_EXT ? -EINVAL : -EOPNOTSUPP;
	if (prog->type == BPF_PROG_TYPE_EXT || prog->aux->dst_prog)
		return -EOPNOTSUPP;
	if (!prog->aux->attach_btf || !prog->aux->attach_func_name)
		return -EINVAL;

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	bpf_link_init(&link->link.link, BPF_LINK_TYPE_TRACING, &bpf_tracing_link_lops, prog);
	link->attach_type = prog->expected_attach_type;
	link->target_btf_id = prog->aux->attach_btf_id;
	link->link.cookie = bpf_cookie;

	err = bpf_link_prime(&link->link.link, &primer);
	if (err) {
		kfree(link);
		return err;
	}
	pthread_rwlock_wrlock(&trampoline_lock);
	tr = trampoline_get(prog->aux->attach_func_name);
	err = tr ? trampoline_link_prog(&link->link, tr) : -ENOMEM;
	pthread_rwlock_unlock(&trampoline_lock);
	if (err) {
		bpf_link_cleanup(&primer);
		return err;
	}
	link->trampoline = tr;
	return bpf_link_settle(&primer);
}

/* ---- raw tracepoints ---- */

struct bpf_raw_event_map {
	const char *name;
	u32 num_args;
	u32 writable_size;
};

struct bpf_raw_tp_link {
	struct bpf_link link;
	const struct bpf_raw_event_map *btp;
	struct bpf_raw_tp_link *next;
};

static const struct bpf_raw_event_map raw_tracepoints[] = {
	{ .name = "bpf_test_finish", .num_args = 1, .writable_size = sizeof(int) },
};

static struct bpf_raw_tp_link *raw_tp_links[ARRAY_SIZE(raw_tracepoints)];
static pthread_rwlock_t raw_tp_lock = PTHREAD_RWLOCK_INITIALIZER;

static const struct bpf_raw_event_map *bpf_get_raw_tracepoint(const char *name)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(raw_tracepoints); i++)
		if (!strcmp(raw_tracepoints[i].name, name))
			return &raw_tracepoints[i];
	return NULL;
}

static void bpf_raw_tp_link_release(struct bpf_link *link)
{
	struct bpf_raw_tp_link *raw = container_of(link, struct bpf_raw_tp_link, link);
	struct bpf_raw_tp_link **pos;

	pthread_rwlock_wrlock(&raw_tp_lock);
	for (pos = &raw_tp_links[raw->btp - raw_tracepoints]; *pos; pos = &(*pos)->next)
		if (*pos == raw) {
			*pos = raw->next;
			break;
		}
	pthread_rwlock_unlock(&raw_tp_lock);
}

static void bpf_raw_tp_link_dealloc(struct bpf_link *link)
{
	kfree(container_of(link, struct bpf_raw_tp_link, link));
}

static int bpf_raw_tp_link_fill_link_info(const struct bpf_link *link,
					  struct bpf_link_info *info)
{
	const struct bpf_raw_tp_link *raw = container_of(link, struct bpf_raw_tp_link, link);
	char *ubuf = u64_to_user_ptr(info->raw_tracepoint.tp_name);
	u32 ulen = info->raw_tracepoint.tp_name_len;
	size_t tp_len = strlen(raw->btp->name);

	if (!ulen ^ !ubuf)
		return -EINVAL;
	info->raw_tracepoint.tp_name_len = tp_len + 1;
	if (!ubuf)
		return 0;
	if (ulen >= tp_len + 1) {
		memcpy(ubuf, raw->btp->name, tp_len + 1);
		return 0;
	}
	memcpy(ubuf, raw->btp->name, ulen - 1);
	ubuf[ulen - 1] = '\0';
	return -ENOSPC;
}

static const struct bpf_link_ops bpf_raw_tp_link_lops = {
	.release	= bpf_raw_tp_link_release,
	.dealloc	= bpf_raw_tp_link_dealloc,
	.fill_link_info	= bpf_raw_tp_link_fill_link_info,
};

/* What 6.1's tracepoint_probe_register says of a program and a tracepoint. */
static int bpf_probe_register(struct bpf_raw_tp_link *link)
{
	const struct bpf_raw_event_map *btp = link->btp;
	struct bpf_prog *prog = link->link.prog;
	struct bpf_raw_tp_link **pos;
	int err = 0;

	if (prog->aux->max_ctx_offset > btp->num_args * sizeof(u64))
		return -EINVAL;
	if (prog->aux->max_tp_access > btp->writable_size)
		return -EINVAL;
	pthread_rwlock_wrlock(&raw_tp_lock);
	for (pos = &raw_tp_links[btp - raw_tracepoints]; *pos; pos = &(*pos)->next)
		if ((*pos)->link.prog == prog)
			err = -EEXIST;
	if (!err) {
		link->next = NULL;
		*pos = link;
	}
	pthread_rwlock_unlock(&raw_tp_lock);
	return err;
}

static int bpf_raw_tp_link_attach(struct bpf_prog *prog, const char *user_tp_name)
{
	const struct bpf_raw_event_map *btp;
	struct bpf_link_primer primer;
	struct bpf_raw_tp_link *link;
	const char *tp_name;
	char buf[128];
	int err;

	switch (prog->type) {
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_LSM:
		/* these name their attach point with attach_btf_id at load */
		if (user_tp_name)
			return -EINVAL;
		if (prog->type == BPF_PROG_TYPE_TRACING &&
		    prog->expected_attach_type == BPF_TRACE_RAW_TP) {
			tp_name = prog->aux->attach_func_name;
			break;
		}
		return bpf_tracing_prog_attach(prog, 0, 0, 0);
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		if (!user_tp_name)
			return -EFAULT;
		strncpy(buf, user_tp_name, sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		tp_name = buf;
		break;
	default:
		return -EINVAL;
	}

	btp = tp_name ? bpf_get_raw_tracepoint(tp_name) : NULL;
	if (!btp)
		return -ENOENT;
	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	bpf_link_init(&link->link, BPF_LINK_TYPE_RAW_TRACEPOINT, &bpf_raw_tp_link_lops, prog);
	link->btp = btp;
	err = bpf_link_prime(&link->link, &primer);
	if (err) {
		kfree(link);
		return err;
	}
	err = bpf_probe_register(link);
	if (err) {
		bpf_link_cleanup(&primer);
		return err;
	}
	return bpf_link_settle(&primer);
}

#define BPF_RAW_TRACEPOINT_OPEN_LAST_FIELD raw_tracepoint.prog_fd

int bpf_raw_tracepoint_open(const union bpf_attr *attr)
{
	const char *tail = (const char *)&attr->raw_tracepoint.prog_fd +
			   sizeof(attr->raw_tracepoint.prog_fd);
	struct bpf_prog *prog;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(*attr) - (size_t)(tail - (const char *)attr); i++)
		if (tail[i])
			return -EINVAL;
	prog = bpf_prog_get(attr->raw_tracepoint.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	fd = bpf_raw_tp_link_attach(prog, u64_to_user_ptr(attr->raw_tracepoint.name));
	if (fd < 0)
		bpf_prog_put(prog);
	return fd;
}

/* BPF_LINK_CREATE of TRACING (fentry/fexit/fmod_ret, tp_btf), LSM and EXT. */
int bpf_tracing_link_create(const union bpf_attr *attr, struct bpf_prog *prog)
{
	if (prog->expected_attach_type == BPF_TRACE_RAW_TP ||
	    prog->expected_attach_type == BPF_TRACE_ITER)
		return prog->expected_attach_type == BPF_TRACE_RAW_TP ?
		       bpf_raw_tp_link_attach(prog, NULL) : -EOPNOTSUPP;
	return bpf_tracing_prog_attach(prog, attr->link_create.target_fd,
				       attr->link_create.target_btf_id,
				       attr->link_create.tracing.cookie);
}

/*
 * The bpf_test_finish tracepoint: every program attached runs with the
 * u64 argument array { err }.  A writable program writes *err through
 * its buffer pointer: a copy of *err inside the run's context, copied
 * back once the programs ran.
 */
void trace_bpf_test_finish(int *err)
{
	struct bpf_raw_tp_ctx ctx = {};
	struct bpf_prog *progs[BPF_MAX_TRAMP_LINKS];
	struct bpf_raw_tp_link *l;
	int i, n = 0;

	if (!READ_ONCE(raw_tp_links[0]))
		return;
	pthread_rwlock_rdlock(&raw_tp_lock);
	for (l = raw_tp_links[0]; l && n < BPF_MAX_TRAMP_LINKS; l = l->next) {
		bpf_prog_inc(l->link.prog);
		progs[n++] = l->link.prog;
	}
	pthread_rwlock_unlock(&raw_tp_lock);
	/* the buffer the programs write is the run's; *err takes what they left */
	ctx.args[0] = (u64)(uintptr_t)ctx.buf;
	memcpy(ctx.buf, err, sizeof(*err));
	for (i = 0; i < n; i++) {
		bpf_trace_run_prog(progs[i], ctx.args, 0);
		bpf_prog_put(progs[i]);
	}
	memcpy(err, ctx.buf, sizeof(*err));
}

/* 6.1's link_create() for the program types of the tracing family. */
int bpf_link_create_tracing(const union bpf_attr *attr)
{
	const char *tail = (const char *)attr +
			   offsetofend(union bpf_attr, link_create.kprobe_multi.cookies);
	enum bpf_attach_type atype = attr->link_create.attach_type;
	struct bpf_prog *prog;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(*attr) - (size_t)(tail - (const char *)attr); i++)
		if (tail[i])
			return -EINVAL;
	prog = bpf_prog_get(attr->link_create.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	switch (prog->type) {
	case BPF_PROG_TYPE_EXT:
		ret = bpf_tracing_prog_attach(prog, attr->link_create.target_fd,
					      attr->link_create.target_btf_id,
					      attr->link_create.tracing.cookie);
		break;
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_TRACING:
		if (atype != prog->expected_attach_type) {
			ret = -EINVAL;
			break;
		}
		ret = bpf_tracing_link_create(attr, prog);
		break;
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_TRACEPOINT:
		/* target_fd must be a perf event: sysbpf opens none */
		ret = atype != BPF_PERF_EVENT ? -EINVAL : -EBADF;
		break;
	case BPF_PROG_TYPE_KPROBE:
		if (atype != BPF_PERF_EVENT && atype != BPF_TRACE_KPROBE_MULTI)
			ret = -EINVAL;
		else
			ret = atype == BPF_PERF_EVENT ? -EBADF : -EOPNOTSUPP;
		break;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_SYSCALL:
		ret = -EINVAL;	/* no attach type leads to them */
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	if (ret < 0)
		bpf_prog_put(prog);
	return ret;
}
