// SPDX-License-Identifier: GPL-2.0
/*
 * sysbpf: runs unmodified programs on the user-space BPF subsystem.
 *
 *   sysbpf exec [--] CMD [ARGS...]   run CMD with libsysbpf.so preloaded
 *   sysbpf version                   print the version
 *   sysbpf help                      print the usage
 *
 * The shim is looked for next to this binary (same directory, or ../lib/
 * of an installed tree), then $SYSBPF_LIB.
 */
#include <sysbpf/sysbpf.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHIM_NAME	"libsysbpf.so"

/* env(1)'s exit codes: 125 its own failure, 126 not runnable, 127 not found. */
#define EXIT_CANCELED		125
#define EXIT_CANNOT_INVOKE	126
#define EXIT_ENOENT		127

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sysbpf exec [--] CMD [ARGS...]\n"
		"       sysbpf version\n"
		"       sysbpf help\n"
		"\n"
		"  exec       run CMD with the BPF subsystem in its process: bpf(2),\n"
		"             bpffs at /sys/fs/bpf ($SYSBPF_BPFFS), mmap of maps\n"
		"  version    print the version of sysbpf\n"
		"  help       print this help\n"
		"\n"
		"Environment: SYSBPF_LIB (path of %s), SYSBPF_BPFFS (bpffs mount\n"
		"point, default /sys/fs/bpf), SYSBPF_UNPRIV=1 (unprivileged policy).\n",
		SHIM_NAME);
}

static bool is_file(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The shim next to this binary, in ../lib/, or $SYSBPF_LIB. */
static int find_shim(char *out, size_t size)
{
	char self[PATH_MAX], *slash;
	const char *env = getenv("SYSBPF_LIB");
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(out, size, "%s/%s", self, SHIM_NAME) < (int)size &&
			    is_file(out))
				return 0;
			if (snprintf(out, size, "%s/../lib/%s", self, SHIM_NAME) < (int)size &&
			    is_file(out) && realpath(out, self)) {
				snprintf(out, size, "%s", self);
				return 0;
			}
		}
	}
	if (env && *env && is_file(env)) {
		snprintf(out, size, "%s", env);
		return 0;
	}
	return -ENOENT;
}

static int cmd_exec(int argc, char **argv)
{
	char shim[PATH_MAX], *preload;
	const char *old;
	size_t len;

	if (argc > 0 && !strcmp(argv[0], "--")) {
		argc--;
		argv++;
	}
	if (argc < 1) {
		fprintf(stderr, "sysbpf exec: no command given\n");
		usage(stderr);
		return EXIT_CANCELED;
	}
	if (find_shim(shim, sizeof(shim))) {
		fprintf(stderr, "sysbpf: cannot find %s next to sysbpf, in ../lib/, "
			"or in $SYSBPF_LIB\n", SHIM_NAME);
		return EXIT_CANCELED;
	}
	/* ahead of what is preloaded already: the shim interposes first */
	old = getenv("LD_PRELOAD");
	len = strlen(shim) + (old ? strlen(old) : 0) + 2;
	preload = malloc(len);
	if (!preload) {
		perror("sysbpf");
		return EXIT_CANCELED;
	}
	if (old && *old)
		snprintf(preload, len, "%s:%s", shim, old);
	else
		snprintf(preload, len, "%s", shim);
	if (setenv("LD_PRELOAD", preload, 1)) {
		perror("sysbpf");
		free(preload);
		return EXIT_CANCELED;
	}
	free(preload);
	execvp(argv[0], argv);
	fprintf(stderr, "sysbpf: %s: %s\n", argv[0], strerror(errno));
	return errno == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
}

static int cmd_version(void)
{
	printf("sysbpf %d.%d.%d (Linux 6.1 BPF in user space)\n",
	       SYSBPF_VERSION_MAJOR, SYSBPF_VERSION_MINOR, SYSBPF_VERSION_PATCH);
	return 0;
}

/*
 * In-process mode keeps the trace pipe inside each process: there is no
 * other process to read it from.
 */
static int cmd_trace_pipe(void)
{
	fprintf(stderr,
		"sysbpf trace_pipe: in-process mode has no shared trace pipe: the\n"
		"bpf_trace_printk() output of a program belongs to the process that\n"
		"runs it; read it there with sysbpf_trace_pipe_read() of\n"
		"<sysbpf/sysbpf.h>.\n");
	return 1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "help";

	if (!strcmp(cmd, "exec"))
		return cmd_exec(argc - 2, argv + 2);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version"))
		return cmd_version();
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return argc > 1 ? 0 : 2;
	}
	if (!strcmp(cmd, "trace_pipe"))
		return cmd_trace_pipe();
	fprintf(stderr, "sysbpf: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
