// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's cost: the same BPF objects loaded into the host kernel
 * and into sysbpf, side by side in one run.
 *
 *	bench_verifier [-r REPS] [-t SECONDS] [-s SHIM] [-q] OBJ.bpf.o ...
 *
 * Each object is loaded with unmodified libbpf in two child processes,
 * one on the host kernel's bpf(2) and one with the shim (LD_PRELOAD),
 * one after the other so that both see the same machine load.  A child
 * loads all programs of the object at once with log_level BPF_LOG_STATS
 * and a log buffer a program; when that fails it loads each program on
 * its own (every other program's autoload off), so one rejected program
 * does not hide the figures of the others.  Per program it reads the
 * verifier's own "verification time N usec" and "processed N insns"
 * lines, REPS times (the object opened anew each time), and reports the
 * medians.
 *
 * The table has the programs that both load; the programs that load in
 * one only are listed apart with the reason from the log (a verdict
 * difference).  Ratios are sysbpf / host: 1.0 is parity, lower is better.
 * Times are the kernel's whole microseconds; a time of 0 counts as 1 in
 * a ratio.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_REPS	31
#define LOG_SIZE	(256 * 1024)
#define REASON_LEN	200
#define NAME_LEN	128

enum side { HOST, SYSBPF, NR_SIDES };

static const char *const side_name[NR_SIDES] = { "host", "sysbpf" };

enum verdict {
	V_NONE,		/* no figures: the child stopped before this program */
	V_ACCEPTED,
	V_REJECTED,	/* the verifier said no: its log explains */
	V_FAILED,	/* not loaded before the verifier ran (libbpf, maps, BTF) */
};

static const char *const verdict_name[] = {
	[V_NONE] = "none", [V_ACCEPTED] = "accepted",
	[V_REJECTED] = "rejected", [V_FAILED] = "failed",
};

/* ---- the child: loads one object on whatever bpf(2) it has ---- */

struct prog_slot {
	char name[NAME_LEN];
	const char *expect;	/* what the 6.1 selftest expects, if it says */
	char *log;
	enum verdict verdict;
	int err;
	unsigned int insns;
	int nrep;
	long long usec[MAX_REPS];
	char reason[REASON_LEN];
};

static char libbpf_msg[REASON_LEN];

/* The first warning libbpf gives after a load starts says why it failed. */
static int keep_first_warning(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[1024], *p;

	if (level != LIBBPF_WARN || libbpf_msg[0])
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (strstr(line, "-- BEGIN PROG LOAD LOG --"))
		return 0;
	p = line;
	if (!strncmp(p, "libbpf: ", 8))
		p += 8;
	snprintf(libbpf_msg, sizeof(libbpf_msg), "%.*s", REASON_LEN - 1, p);
	return 0;
}

/* One field of a tab-separated line: no tabs, no newlines, no trailing blanks. */
static void flatten(char *s)
{
	char *end = s;

	for (; *s; s++) {
		if (*s == '\t' || *s == '\n')
			*s = ' ';
		if (*s != ' ')
			end = s + 1;
	}
	*end = '\0';
}

/* The log line that says why: the last one that is not a statistic. */
static void reason_from_log(const char *log, char *reason)
{
	const char *line = log, *end, *last = NULL;
	int last_len = 0;

	for (; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (end == line || !strncmp(line, "processed ", 10) ||
		    !strncmp(line, "verification time", 17) ||
		    !strncmp(line, "stack depth", 11))
			continue;
		last = line;
		last_len = end - line;
	}
	if (!last) {
		snprintf(reason, REASON_LEN, "(no message in the log)");
		return;
	}
	snprintf(reason, REASON_LEN, "%.*s", last_len, last);
	flatten(reason);
}

static long long log_figure(const char *log, const char *prefix)
{
	const char *p = strstr(log, prefix);

	return p ? strtoll(p + strlen(prefix), NULL, 10) : -1;
}

static unsigned int verified_insns(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return 0;
	return info.verified_insns;
}

/* What one load told about one program. */
static void record(struct prog_slot *s, struct bpf_program *prog, int err)
{
	long long usec = log_figure(s->log, "verification time ");
	long long insns = log_figure(s->log, "processed ");

	if (!err) {
		s->verdict = V_ACCEPTED;
		s->err = 0;
		if (insns < 0)
			insns = verified_insns(bpf_program__fd(prog));
		s->insns = insns;
		if (s->nrep < MAX_REPS)
			s->usec[s->nrep++] = usec < 0 ? 0 : usec;
		return;
	}
	s->err = -err;
	s->insns = insns < 0 ? 0 : insns;
	if (s->log[0]) {
		s->verdict = V_REJECTED;
		reason_from_log(s->log, s->reason);
		if (usec >= 0 && s->nrep < MAX_REPS)
			s->usec[s->nrep++] = usec;
	} else {
		s->verdict = V_FAILED;
		snprintf(s->reason, REASON_LEN, "%s", libbpf_msg[0] ? libbpf_msg : "-");
		flatten(s->reason);
	}
}

/*
 * libbpf names the map it could not create, not its type: the type is
 * what tells a missing map type from a bad map definition.
 */
static void add_map_type(struct bpf_object *obj, char *reason)
{
	static const char *const marks[] = { "map '", "bpf_create_map_xattr(" };
	char name[NAME_LEN];
	struct bpf_map *map;
	const char *p = NULL;
	size_t i, len;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]) && !p; i++) {
		p = strstr(reason, marks[i]);
		if (p)
			p += strlen(marks[i]);
	}
	if (!p)
		return;
	len = strcspn(p, "'):");
	if (len >= sizeof(name))
		return;
	memcpy(name, p, len);
	name[len] = '\0';
	map = bpf_object__find_map_by_name(obj, name);
	if (!map)
		return;
	len = strlen(reason);
	snprintf(reason + len, REASON_LEN - len, " [%s map]",
		 libbpf_bpf_map_type_str(bpf_map__type(map)) ?: "unknown");
}

/*
 * Loads the object with every program (want < 0) or program want alone;
 * records each loaded program's figures.  Returns libbpf's error.
 */
static int load_object(const char *path, struct prog_slot *slots, int n, int want)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int i, err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	i = 0;
	bpf_object__for_each_program(prog, obj) {
		bool on = i < n && (want < 0 || want == i);

		bpf_program__set_autoload(prog, on);
		if (on) {
			slots[i].log[0] = '\0';
			bpf_program__set_log_buf(prog, slots[i].log, LOG_SIZE);
			bpf_program__set_log_level(prog, 4 /* BPF_LOG_STATS */);
		}
		i++;
	}
	libbpf_msg[0] = '\0';
	err = bpf_object__load(obj);
	i = 0;
	bpf_object__for_each_program(prog, obj) {
		if (i < n && want == i) {
			record(&slots[i], prog, err);
			if (slots[i].verdict == V_FAILED)
				add_map_type(obj, slots[i].reason);
		}
		else if (i < n && want < 0 && !err)
			record(&slots[i], prog, 0);
		i++;
	}
	bpf_object__close(obj);
	return err;
}

/*
 * 6.1's bpf_misc.h marks the programs of its RUN_TESTS selftests with
 * BTF decl tags (__failure, __success): who is right on a verdict
 * difference is then written in the object.
 */
static const char *selftest_expects(const struct btf *btf, const char *func)
{
	__u32 id, n = btf ? btf__type_cnt(btf) : 0;

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id), *target;
		const char *tag;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		target = btf__type_by_id(btf, t->type);
		if (!target || !btf_is_func(target) ||
		    strcmp(btf__name_by_offset(btf, target->name_off), func))
			continue;
		tag = btf__name_by_offset(btf, t->name_off);
		if (!strcmp(tag, "comment:test_expect_failure"))
			return "failure";
		if (!strcmp(tag, "comment:test_expect_success"))
			return "success";
	}
	return NULL;
}

static int prog_names(const char *path, struct prog_slot **slotsp)
{
	struct prog_slot *slots = NULL;
	struct bpf_program *prog;
	struct bpf_object *obj;
	int n = 0;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		struct prog_slot *s = realloc(slots, (n + 1) * sizeof(*s));

		if (!s)
			exit(1);
		slots = s;
		memset(&slots[n], 0, sizeof(slots[n]));
		snprintf(slots[n].name, NAME_LEN, "%s", bpf_program__name(prog));
		slots[n].expect = selftest_expects(bpf_object__btf(obj), slots[n].name);
		n++;
	}
	bpf_object__close(obj);
	*slotsp = slots;
	return n;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long median(long long *v, int n)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_ll);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * All at once first; if the object does not load whole, program by
 * program, and the rejected ones only once (they do not make the table).
 */
static int child_main(const char *path, int reps)
{
	struct prog_slot *slots;
	bool whole = true;
	int n, i, r;

	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	libbpf_set_print(keep_first_warning);
	n = prog_names(path, &slots);
	if (n < 0) {
		flatten(libbpf_msg);
		printf("!\tfailed\t%d\t0\t0\t%s\n", -n, libbpf_msg[0] ? libbpf_msg : "cannot open");
		return 0;
	}
	for (i = 0; i < n; i++) {
		slots[i].log = malloc(LOG_SIZE);
		if (!slots[i].log)
			return 1;
	}
	for (r = 0; r < reps; r++) {
		if (whole && !load_object(path, slots, n, -1))
			continue;
		if (whole) {
			whole = false;
			for (i = 0; i < n; i++)
				slots[i].nrep = 0;
			r = -1;		/* start over, program by program */
			continue;
		}
		for (i = 0; i < n; i++)
			if (r == 0 || slots[i].verdict == V_ACCEPTED)
				load_object(path, slots, n, i);
	}
	for (i = 0; i < n; i++) {
		struct prog_slot *s = &slots[i];

		printf("%s\t%s\t%d\t%u\t%lld\t%s\n", s->name, verdict_name[s->verdict],
		       s->err, s->insns, median(s->usec, s->nrep), s->reason[0] ? s->reason : "-");
		free(s->log);
	}
	free(slots);
	fflush(stdout);
	return 0;
}

/* ---- the parent: runs the two children and compares ---- */

struct side_res {
	enum verdict verdict;
	int err;
	unsigned int insns;
	long long usec;
	char reason[REASON_LEN];
};

struct row {
	char obj[NAME_LEN];
	char prog[NAME_LEN];
	const char *expect;
	struct side_res side[NR_SIDES];
};

static struct row *rows;
static int nr_rows;

static const char *self_path;
static const char *shim_path = "build/libsysbpf.so";
static int reps = 5;
static int timeout_sec = 300;
static int timeouts_in_a_row;

static bool host_bpf_allowed(void)
{
	union bpf_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	fd = syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static struct row *find_row(int first, const char *prog)
{
	int i;

	for (i = first; i < nr_rows; i++)
		if (!strcmp(rows[i].prog, prog))
			return &rows[i];
	return NULL;
}

static void parse_line(char *line, int first, enum side side)
{
	char *f[6], *save = NULL;
	struct side_res *res;
	struct row *row;
	int i, v;

	for (i = 0; i < 6; i++) {
		f[i] = strtok_r(i ? NULL : line, i == 5 ? "\n" : "\t\n", &save);
		if (!f[i])
			return;
	}
	if (!strcmp(f[0], "!")) {	/* the object itself does not open */
		for (i = first; i < nr_rows; i++) {
			rows[i].side[side].verdict = V_FAILED;
			rows[i].side[side].err = atoi(f[2]);
			snprintf(rows[i].side[side].reason, REASON_LEN, "%s", f[5]);
		}
		return;
	}
	row = find_row(first, f[0]);
	if (!row)
		return;
	res = &row->side[side];
	for (v = V_NONE; v <= V_FAILED; v++)
		if (!strcmp(f[1], verdict_name[v]))
			res->verdict = v;
	res->err = atoi(f[2]);
	res->insns = strtoul(f[3], NULL, 10);
	res->usec = strtoll(f[4], NULL, 10);
	snprintf(res->reason, REASON_LEN, "%s", f[5]);
}

/* Runs the child for one side of one object and reads its lines. */
static void run_side(const char *obj, int first, enum side side)
{
	char reps_arg[16], *line = NULL;
	size_t cap = 0;
	int pipefd[2], status, i;
	FILE *in;
	pid_t pid;

	if (pipe(pipefd))
		exit(1);
	pid = fork();
	if (pid < 0)
		exit(1);
	if (!pid) {
		close(pipefd[0]);
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[1]);
		if (side == SYSBPF)
			setenv("LD_PRELOAD", shim_path, 1);
		else
			unsetenv("LD_PRELOAD");
		snprintf(reps_arg, sizeof(reps_arg), "%d", reps);
		alarm(timeout_sec);	/* kept across exec */
		execl(self_path, self_path, "--child", reps_arg, obj, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	in = fdopen(pipefd[0], "r");
	while (getline(&line, &cap, in) > 0)
		parse_line(line, first, side);
	free(line);
	fclose(in);
	waitpid(pid, &status, 0);
	if (side == SYSBPF)
		timeouts_in_a_row = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM ?
				    timeouts_in_a_row + 1 : 0;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return;
	/* what the child did not report, it did not live to */
	for (i = first; i < nr_rows; i++) {
		struct side_res *res = &rows[i].side[side];

		if (res->verdict != V_NONE)
			continue;
		res->verdict = V_FAILED;
		if (WIFSIGNALED(status))
			snprintf(res->reason, REASON_LEN, "%s while loading the object",
				 WTERMSIG(status) == SIGALRM ? "timeout" :
				 strsignal(WTERMSIG(status)));
		else
			snprintf(res->reason, REASON_LEN, "loader exited with %d",
				 WEXITSTATUS(status));
	}
}

static int add_object_rows(const char *path)
{
	struct prog_slot *slots;
	char *copy = strdup(path), *base, *dot;
	int n, i;

	if (!copy)
		exit(1);
	base = basename(copy);
	dot = strstr(base, ".bpf.o");
	if (!dot)
		dot = strrchr(base, '.');
	if (dot)
		*dot = '\0';
	n = prog_names(path, &slots);
	for (i = 0; i < n; i++) {
		struct row *r = realloc(rows, (nr_rows + 1) * sizeof(*r));

		if (!r)
			exit(1);
		rows = r;
		memset(&rows[nr_rows], 0, sizeof(rows[nr_rows]));
		snprintf(rows[nr_rows].obj, NAME_LEN, "%s", base);
		snprintf(rows[nr_rows].prog, NAME_LEN, "%s", slots[i].name);
		rows[nr_rows].expect = slots[i].expect;
		nr_rows++;
	}
	if (n > 0)
		free(slots);
	free(copy);
	return n;
}

static bool both_accepted(const struct row *r)
{
	return r->side[HOST].verdict == V_ACCEPTED && r->side[SYSBPF].verdict == V_ACCEPTED;
}

static double insn_ratio(const struct row *r)
{
	return (double)(r->side[SYSBPF].insns ?: 1) / (r->side[HOST].insns ?: 1);
}

static double time_ratio(const struct row *r)
{
	long long h = r->side[HOST].usec, s = r->side[SYSBPF].usec;

	return (double)(s > 0 ? s : 1) / (h > 0 ? h : 1);
}

static void row_name(const struct row *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", r->obj, r->prog);
}

static void print_table(bool have_host)
{
	char name[2 * NAME_LEN + 2];
	int i;

	printf("| program | host insns | sysbpf insns | insn ratio | host us | sysbpf us | time ratio |\n");
	printf("|---|--:|--:|--:|--:|--:|--:|\n");
	for (i = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];

		row_name(r, name, sizeof(name));
		if (have_host && both_accepted(r))
			printf("| %s | %u | %u | %.2f | %lld | %lld | %.2f |\n", name,
			       r->side[HOST].insns, r->side[SYSBPF].insns, insn_ratio(r),
			       r->side[HOST].usec, r->side[SYSBPF].usec, time_ratio(r));
		else if (!have_host && r->side[SYSBPF].verdict == V_ACCEPTED)
			printf("| %s | - | %u | - | - | %lld | - |\n", name,
			       r->side[SYSBPF].insns, r->side[SYSBPF].usec);
	}
}

/*
 * The programs that load in one only, by what stopped the other: its
 * verifier, or something before it (libbpf, a map, BTF, a permission).
 */
static const struct {
	enum side loaded;
	enum verdict other;
	const char *title;
} diff_groups[] = {
	{ HOST, V_REJECTED, "Accepted by the host, rejected by sysbpf's verifier" },
	{ HOST, V_FAILED, "Accepted by the host, not loaded by sysbpf before its verifier ran" },
	{ SYSBPF, V_REJECTED, "Accepted by sysbpf, rejected by the host's verifier" },
	{ SYSBPF, V_FAILED, "Accepted by sysbpf, refused by the host before its verifier ran" },
};

#define NR_DIFF_GROUPS	(int)(sizeof(diff_groups) / sizeof(diff_groups[0]))

static int diff_group(const struct row *r)
{
	enum verdict v[NR_SIDES] = { r->side[HOST].verdict, r->side[SYSBPF].verdict };
	int g;

	for (g = 0; g < NR_DIFF_GROUPS; g++) {
		enum side loaded = diff_groups[g].loaded, other = !loaded;
		enum verdict ov = v[other] == V_NONE ? V_FAILED : v[other];

		if (v[loaded] == V_ACCEPTED && ov == diff_groups[g].other)
			return g;
	}
	return -1;
}

static void print_differences(void)
{
	char name[2 * NAME_LEN + 2];
	int g, i, n;

	printf("\nVerdict differences (loaded in one only):\n");
	for (g = 0; g < NR_DIFF_GROUPS; g++) {
		enum side other = !diff_groups[g].loaded;

		for (i = 0, n = 0; i < nr_rows; i++)
			n += diff_group(&rows[i]) == g;
		printf("\n%s: %d\n\n", diff_groups[g].title, n);
		if (!n)
			continue;
		printf("| program | %s errno | why |\n", side_name[other]);
		printf("|---|--:|---|\n");
		for (i = 0; i < nr_rows; i++) {
			const struct row *r = &rows[i];

			if (diff_group(r) != g)
				continue;
			row_name(r, name, sizeof(name));
			printf("| %s | %d | %s%s%s |\n", name, r->side[other].err,
			       r->side[other].reason, r->expect ? "; 6.1 selftest expects " : "",
			       r->expect ?: "");
		}
	}
}

/* Agreements on not loading, with both reasons: drift is worth a look. */
static void print_neither(void)
{
	char name[2 * NAME_LEN + 2];
	int i, n;

	printf("\nLoaded by neither:\n\n");
	printf("| program | host | sysbpf | 6.1 selftest expects |\n");
	printf("|---|---|---|---|\n");
	for (i = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];
		const struct side_res *h = &r->side[HOST], *s = &r->side[SYSBPF];

		if (h->verdict == V_ACCEPTED || s->verdict == V_ACCEPTED)
			continue;
		row_name(r, name, sizeof(name));
		printf("| %s | %s errno %d: %s | %s errno %d: %s | %s |\n", name,
		       verdict_name[h->verdict], h->err, h->reason,
		       verdict_name[s->verdict], s->err, s->reason, r->expect ?: "-");
	}
	printf("\nAccepted by sysbpf though the 6.1 selftest expects failure:");
	for (i = 0, n = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];

		if (r->side[SYSBPF].verdict != V_ACCEPTED || !r->expect ||
		    strcmp(r->expect, "failure"))
			continue;
		row_name(r, name, sizeof(name));
		printf(" %s", name);
		n++;
	}
	printf("%s\n", n ? "" : " none");
}

/* Indexes of the rows in the table, worst ratio first. */
static double (*sort_key)(const struct row *);

static int cmp_worst(const void *a, const void *b)
{
	double x = sort_key(&rows[*(const int *)a]), y = sort_key(&rows[*(const int *)b]);

	return x < y ? 1 : x > y ? -1 : 0;
}

static void print_worst(const char *what, double (*key)(const struct row *), int *idx, int n)
{
	char name[2 * NAME_LEN + 2];
	int i;

	sort_key = key;
	qsort(idx, n, sizeof(*idx), cmp_worst);
	printf("\nWorst %s ratios:\n", what);
	for (i = 0; i < n && i < 10; i++) {
		const struct row *r = &rows[idx[i]];

		row_name(r, name, sizeof(name));
		printf("  %-60s %8.2f  (insns %u/%u, us %lld/%lld)\n", name, key(r),
		       r->side[SYSBPF].insns, r->side[HOST].insns,
		       r->side[SYSBPF].usec, r->side[HOST].usec);
	}
}

static int nr_objs, nr_empty_objs, nr_unopened_objs;
static char unopened[4096];

/* An object libbpf cannot open (an unlinked part of a linked object...). */
static void note_unopened(const char *path, int err)
{
	char *copy = strdup(path);
	size_t len = strlen(unopened);

	if (copy)
		snprintf(unopened + len, sizeof(unopened) - len, "%s%s (%s)",
			 len ? ", " : "", basename(copy), strerror(-err));
	free(copy);
	nr_unopened_objs++;
}

static void print_summary(void)
{
	int i, g, n, both = 0, host_only = 0, sysbpf_only = 0, neither = 0, *idx;
	double log_insn = 0, log_time = 0;
	long long sum_h = 0, sum_s = 0;

	idx = calloc(nr_rows + 1, sizeof(*idx));
	if (!idx)
		exit(1);
	for (i = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];
		bool h = r->side[HOST].verdict == V_ACCEPTED;
		bool s = r->side[SYSBPF].verdict == V_ACCEPTED;

		if (h && s) {
			idx[both++] = i;
			log_insn += log(insn_ratio(r));
			log_time += log(time_ratio(r));
			sum_h += r->side[HOST].usec;
			sum_s += r->side[SYSBPF].usec;
		} else if (h) {
			host_only++;
		} else if (s) {
			sysbpf_only++;
		} else {
			neither++;
		}
	}
	printf("\nSummary (ratios are sysbpf / host; goal <= 1.00):\n");
	printf("  objects                      %d (%d have no programs, %d do not open%s%s)\n",
	       nr_objs, nr_empty_objs, nr_unopened_objs, nr_unopened_objs ? ": " : "",
	       unopened);
	printf("  programs                     %d\n", nr_rows);
	printf("  loaded in both               %d\n", both);
	printf("  loaded by the host only      %d\n", host_only);
	printf("  loaded by sysbpf only        %d\n", sysbpf_only);
	for (g = 0; g < NR_DIFF_GROUPS; g++) {
		for (i = 0, n = 0; i < nr_rows; i++)
			n += diff_group(&rows[i]) == g;
		printf("    %-58s %d\n", diff_groups[g].title, n);
	}
	printf("  loaded by neither            %d\n", neither);
	if (both) {
		printf("  geomean insn ratio           %.3f\n", exp(log_insn / both));
		printf("  geomean time ratio           %.3f\n", exp(log_time / both));
		printf("  total verification time      host %lld us, sysbpf %lld us (%.2fx)\n",
		       sum_h, sum_s, sum_h ? (double)sum_s / sum_h : 0.0);
		print_worst("time", time_ratio, idx, both);
		print_worst("insn", insn_ratio, idx, both);
	}
	free(idx);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench_verifier [-r REPS] [-t SECONDS] [-s SHIM] [-q] OBJ.bpf.o ...\n"
		"  -r  loads of each object a side, median taken (default 5)\n"
		"  -t  time limit of a side of an object, seconds (default 300)\n"
		"  -s  the preload shim (default build/libsysbpf.so)\n"
		"  -q  no progress lines on stderr\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int opt, i, n, first;
	bool have_host, quiet = false;

	if (argc == 4 && !strcmp(argv[1], "--child"))
		return child_main(argv[3], atoi(argv[2]));
	while ((opt = getopt(argc, argv, "r:t:s:q")) != -1) {
		switch (opt) {
		case 'r': reps = atoi(optarg); break;
		case 't': timeout_sec = atoi(optarg); break;
		case 's': shim_path = optarg; break;
		case 'q': quiet = true; break;
		default: usage();
		}
	}
	if (optind >= argc || reps < 1 || reps > MAX_REPS)
		usage();
	if (access(shim_path, R_OK)) {
		fprintf(stderr, "bench_verifier: %s: %s\n", shim_path, strerror(errno));
		return 1;
	}
	self_path = "/proc/self/exe";
	self_path = realpath(self_path, NULL);
	if (!self_path)
		return 1;
	libbpf_set_print(keep_first_warning);
	have_host = host_bpf_allowed();
	for (i = optind; i < argc; i++) {
		first = nr_rows;
		nr_objs++;
		n = add_object_rows(argv[i]);
		if (n < 0)
			note_unopened(argv[i], n);
		if (n <= 0) {
			nr_empty_objs += !n;
			continue;
		}
		if (!quiet)
			fprintf(stderr, "[%d/%d] %s\n", i - optind + 1, argc - optind, argv[i]);
		if (have_host)
			run_side(argv[i], first, HOST);
		run_side(argv[i], first, SYSBPF);
		if (timeouts_in_a_row >= 3) {
			/* a hang of the library, not of one program: stop */
			fprintf(stderr, "bench_verifier: sysbpf timed out (%d s) on 3 objects in a row; "
				"stopping at %s\n", timeout_sec, argv[i]);
			printf("sysbpf timed out on 3 objects in a row: stopped at %s\n\n", argv[i]);
			break;
		}
	}
	printf("Verifier benchmark: %d repetitions, median verification time (usec) and\n"
	       "processed insns a program, host kernel vs sysbpf (%s).\n\n", reps, shim_path);
	print_table(have_host);
	if (!have_host) {
		for (i = 0, n = 0; i < nr_rows; i++)
			n += rows[i].side[SYSBPF].verdict == V_ACCEPTED;
		printf("\n%d objects, %d programs, %d loaded by sysbpf.\n", nr_objs, nr_rows, n);
		printf("(the host kernel's bpf(2) is not available here: sysbpf's column only)\n");
		return 0;
	}
	print_differences();
	print_neither();
	print_summary();
	return 0;
}
