// SPDX-License-Identifier: GPL-2.0
/*
 * verdict_diff: the verifier's verdict on every program of BPF objects.
 *
 *	verdict_diff OBJ.bpf.o ...
 *
 * Loads each program of each object on its own (the object opened anew,
 * every other program's autoload off, so one rejected program does not
 * hide the verdict on the others) with unmodified libbpf, and prints
 *
 *	OBJ <TAB> PROG <TAB> accepted
 *	OBJ <TAB> PROG <TAB> rejected <TAB> errno <TAB> why, from the log
 *
 * Run under the shim and on the host kernel, the two outputs are the
 * differential of scripts/upstream-test-verifier.sh.  Exits non-zero only
 * when an object cannot be opened at all.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_SIZE	(1 << 20)

static char log_buf[LOG_SIZE];

/* libbpf's own messages would bury the verdicts: keep them quiet. */
static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/*
 * The line of the verifier log that says why: the last one that is not
 * the closing statistics.
 */
static const char *reason_line(char *log)
{
	const char *reason = "-";
	char *line, *save = NULL;

	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "processed ", 10) || !strncmp(line, "verification time", 17))
			continue;
		for (char *p = line; *p; p++)
			if (*p == '\t')
				*p = ' ';
		reason = line;
	}
	return reason;
}

static int load_one(const char *path, const char *name, const char *want)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts,
		.kernel_log_buf = log_buf,
		.kernel_log_size = sizeof(log_buf),
		.kernel_log_level = 1,
	);
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	log_buf[0] = '\0';
	obj = bpf_object__open_file(path, &opts);
	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), want));
	err = bpf_object__load(obj);
	if (err)
		printf("%s\t%s\trejected\t%d\t%s\n", name, want, -err, reason_line(log_buf));
	else
		printf("%s\t%s\taccepted\n", name, want);
	bpf_object__close(obj);
	return 0;
}

static int check_object(const char *path)
{
	char *copy = strdup(path);
	const char *name = copy ? basename(copy) : path;
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err = 0;

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		fprintf(stderr, "verdict_diff: %s: cannot open: %s\n", path, strerror(errno));
		free(copy);
		return -1;
	}
	bpf_object__for_each_program(prog, obj) {
		err = load_one(path, name, bpf_program__name(prog));
		if (err) {
			fprintf(stderr, "verdict_diff: %s: cannot reopen: %s\n", path, strerror(-err));
			break;
		}
	}
	bpf_object__close(obj);
	free(copy);
	return err;
}

int main(int argc, char **argv)
{
	int i, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: verdict_diff OBJ.bpf.o ...\n");
		return 2;
	}
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	libbpf_set_print(quiet_print);
	for (i = 1; i < argc; i++)
		if (check_object(argv[i]))
			ret = 1;
	return ret;
}
