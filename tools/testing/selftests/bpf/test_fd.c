// SPDX-License-Identifier: GPL-2.0
/*
 * White-box tests of kernel/file.c: object fds are real fds, released
 * when the last copy is closed wherever it went (dup, fork), never
 * before; fdget() tells bpf files from foreign and closed fds; the
 * instance's own fds are kept apart.  Linked with the core, without the
 * shim: the close hooks the shim would call are called by hand.
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

/* A check whose failure message is its condition. */
#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

static int released;
static void *released_priv;

static int test_release(struct inode *inode, struct file *filp)
{
	released++;
	released_priv = filp->private_data;
	return 0;
}

static const struct file_operations test_fops = {
	.release = test_release,
	.name = "test-obj",
};

static const struct file_operations other_fops = {
	.release = test_release,
	.name = "other-obj",
};

/* What the shim's close() interposer does around the real close. */
static int user_close(int fd)
{
	int ret;

	sysbpf_fd_closing(fd);
	ret = close(fd);
	sysbpf_fd_closed(fd);
	return ret;
}

static int lowest_free_fd(void)
{
	int fd = dup(0);

	close(fd);
	return fd;
}

static void test_create(void)
{
	int want = lowest_free_fd(), fd, fd2;
	struct fd f;

	fd = anon_inode_getfd("test-obj", &test_fops, &want, O_RDWR | O_CLOEXEC);
	TEST_OK(fd >= 0, "anon_inode_getfd makes an fd", "ret %d", fd);
	TEST_EQ(fd, want, "the user's fd is the lowest free number");
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC, "O_CLOEXEC gives FD_CLOEXEC");
	TEST_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY, "the user holds the write end");

	f = fdget(fd);
	CHECK(f.file && f.file->f_op == &test_fops, "fdget finds the file");
	CHECK(f.file && f.file->private_data == &want, "private_data is kept");
	CHECK(f.file && !strcmp(f.file->f_name, "test-obj"), "the anon inode name is kept");
	TEST_EQ(f.file ? (f.file->f_mode & (FMODE_CAN_READ | FMODE_CAN_WRITE)) : 0,
		FMODE_CAN_READ | FMODE_CAN_WRITE, "O_RDWR: can read and write");
	TEST_EQ(f.file ? atomic_read(&f.file->f_count) : 0, 2, "fdget takes a reference");
	CHECK(sysbpf_file_of_fd(fd) == f.file, "sysbpf_file_of_fd agrees with fdget");
	CHECK(f.file && sysbpf_fd_is_internal(f.file->hup_fd), "the read end is internal");
	CHECK(f.file && f.file->hup_fd > fd, "the read end is kept above the user's fds");
	CHECK(!sysbpf_fd_is_internal(fd), "the user's fd is not internal");
	CHECK(f.file && fdget(f.file->hup_fd).file == NULL,
		"fdget of the read end: not open as far as the user knows");
	fdput(f);
	TEST_EQ(atomic_read(&f.file->f_count), 1, "fdput drops it");

	fd2 = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR);
	CHECK(fd2 >= 0 && !(fcntl(fd2, F_GETFD) & FD_CLOEXEC),
		"without O_CLOEXEC the fd is inherited by exec");
	released = 0;
	user_close(fd2);
	TEST_EQ(released, 1, "closing the only fd releases the file");
	user_close(fd);
	TEST_EQ(released, 2, "...each file once");
	CHECK(released_priv == &want, "release gets the file's private_data");
	CHECK(fdget(fd).file == NULL, "fdget of a closed fd: NULL (EBADF)");
}

static void test_modes(void)
{
	static const struct { int flags; fmode_t mode; const char *name; } t[] = {
		{ O_RDONLY, FMODE_READ | FMODE_CAN_READ, "O_RDONLY: read only" },
		{ O_WRONLY, FMODE_WRITE | FMODE_CAN_WRITE, "O_WRONLY: write only" },
		{ O_RDWR, FMODE_READ | FMODE_WRITE | FMODE_CAN_READ | FMODE_CAN_WRITE,
		  "O_RDWR: both" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int fd = anon_inode_getfd("test-obj", &test_fops, NULL, t[i].flags | O_CLOEXEC);
		struct fd f = fdget(fd);

		TEST_EQ(f.file ? f.file->f_mode : 0, t[i].mode, t[i].name);
		TEST_EQ(f.file ? f.file->f_flags : ~0u, (unsigned int)t[i].flags,
			"f_flags keeps the access mode for fdinfo");
		fdput(f);
		user_close(fd);
	}
}

static void test_foreign(void)
{
	int p[2], sv[2], devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	struct fd f;

	f = fdget(devnull);
	CHECK(f.file == &sysbpf_foreign_file, "fdget of /dev/null: a foreign file");
	CHECK(f.file && f.file->f_op != &test_fops, "...whose f_op is nobody's");
	fdput(f);
	CHECK(pipe2(p, O_CLOEXEC) == 0, "a pipe of the application");
	CHECK(fdget(p[1]).file == &sysbpf_foreign_file, "fdget of the app's pipe: foreign");
	CHECK(fdget(p[0]).file == &sysbpf_foreign_file, "...of its read end too");
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0, "a socket pair");
	CHECK(fdget(sv[0]).file == &sysbpf_foreign_file, "fdget of a socket: foreign");
	CHECK(fdget(-1).file == NULL, "fdget(-1): NULL");
	CHECK(fdget(1 << 20).file == NULL, "fdget of a huge fd: NULL");
	CHECK(sysbpf_file_of_fd(devnull) == NULL, "sysbpf_file_of_fd of a foreign fd: NULL");
	/* no-ops on what is not ours */
	fput(&sysbpf_foreign_file);
	fdput((struct fd){ NULL });
	TEST_EQ(atomic_read(&sysbpf_foreign_file.f_count), 1,
		"the foreign file is never counted");
	user_close(p[0]);
	user_close(p[1]);
	user_close(sv[0]);
	user_close(sv[1]);
	user_close(devnull);
}

static void test_dup(void)
{
	int fd = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
	int d = dup(fd), d2 = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	struct fd f;

	released = 0;
	user_close(fd);
	TEST_EQ(released, 0, "dup keeps the file when the original is closed");
	f = fdget(d);
	CHECK(f.file && f.file->f_op == &test_fops, "fdget of the dup finds the same file");
	fdput(f);
	user_close(d);
	TEST_EQ(released, 0, "a second copy keeps it still");
	user_close(d2);
	TEST_EQ(released, 1, "closing the last copy releases it");
}

static void test_dup2_over(void)
{
	int fd = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);

	released = 0;
	sysbpf_fd_closing(fd);
	TEST_EQ(dup2(devnull, fd), fd, "dup2 over a bpf fd");
	sysbpf_fd_closed(fd);
	TEST_EQ(released, 1, "dup2 over the last copy releases the file");
	CHECK(fdget(fd).file == &sysbpf_foreign_file, "the fd is now the new file");
	user_close(fd);
	user_close(devnull);
}

static void test_fork(void)
{
	int fd = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
	int go[2], status = -1;
	pid_t pid;
	struct fd f;
	char c;

	released = 0;
	pid = fork();
	if (pid == 0) {
		/* the child's copy goes, the parent's stays */
		user_close(fd);
		_exit(released == 0 ? 0 : 3);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"a child closing its copy sees no release (parent holds one)");
	TEST_EQ(sysbpf_reap_files(), 0, "the child's close does not release the parent's file");
	f = fdget(fd);
	CHECK(f.file && f.file->f_op == &test_fops, "the parent's fd still works");
	fdput(f);

	/* the parent closes while a child still holds its inherited copy */
	CHECK(pipe2(go, O_CLOEXEC) == 0, "a pipe to hold the child");
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	close(go[0]);
	user_close(fd);
	TEST_EQ(released, 0, "closing in the parent while a child holds a copy: kept");
	close(go[1]);
	waitpid(pid, &status, 0);
	TEST_EQ(sysbpf_reap_files(), 1, "after the child exits, the reap releases it");
	TEST_EQ(released, 1, "...with one release");
}

static void test_unseen_close(void)
{
	int before = sysbpf_nr_files();
	int fd = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);

	released = 0;
	close(fd);	/* a close the shim could not see */
	TEST_EQ(sysbpf_nr_files(), before + 1, "an unseen close leaves the file");
	TEST_EQ(sysbpf_reap_files(), 1, "the reap finds it gone");
	TEST_EQ(released, 1, "and releases it");
	TEST_EQ(sysbpf_nr_files(), before, "nr_files is back");
}

static void test_references(void)
{
	int fd = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
	struct fd f = fdget(fd);
	struct file *file = f.file;

	get_file(file);		/* as an mmap of the fd would */
	fdput(f);
	released = 0;
	user_close(fd);
	TEST_EQ(released, 0, "an instance reference outlives the fds");
	TEST_EQ(atomic_read(&file->f_count), 1, "the fds' reference is gone");
	fput(file);
	TEST_EQ(released, 1, "release at the last fput");
}

static void test_close_range(void)
{
	int fds[3], keep, i, lo, hi;

	for (i = 0; i < 3; i++)
		fds[i] = anon_inode_getfd("test-obj", &other_fops, NULL, O_RDWR | O_CLOEXEC);
	keep = fcntl(fds[1], F_DUPFD_CLOEXEC, 200);
	lo = min(fds[0], min(fds[1], fds[2]));
	hi = max(fds[0], max(fds[1], fds[2]));
	released = 0;
	TEST_EQ(sysbpf_fd_next_internal(lo) > hi, 1, "no internal fd among the user's");
	TEST_EQ(close_range(lo, hi, 0), 0, "close_range over three bpf fds");
	sysbpf_fd_closed_range(lo, hi);
	TEST_EQ(released, 2, "close_range releases the two without copies");
	user_close(keep);
	TEST_EQ(released, 3, "the copy outside the range kept the third");
}

static void test_internal(void)
{
	int memfd = memfd_create("test", 0), fd, user, hup;
	struct fd f;

	fd = sysbpf_fd_make_internal(memfd);
	TEST_OK(fd >= 16 && fd != memfd, "make_internal moves the fd up", "fd %d", fd);
	CHECK(sysbpf_fd_is_internal(fd), "it is internal");
	CHECK(fcntl(memfd, F_GETFD) < 0, "the old number is closed");
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC, "internal fds are close-on-exec");
	CHECK(fdget(fd).file == NULL, "fdget of an internal fd: NULL");
	CHECK(sysbpf_fd_next_internal(0) >= 0, "next_internal finds internal fds");
	TEST_EQ(sysbpf_fd_evict_internal(fd), -EBUSY,
		"an internal fd of someone else cannot be moved");
	TEST_EQ(sysbpf_fd_close_internal(fd), 0, "close_internal");
	CHECK(!sysbpf_fd_is_internal(fd) && fcntl(fd, F_GETFD) < 0,
		"...unmarks and closes it");

	user = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
	f = fdget(user);
	hup = f.file->hup_fd;
	fdput(f);
	TEST_EQ(sysbpf_fd_evict_internal(hup), 0, "a read end can be moved away");
	CHECK(!sysbpf_fd_is_internal(hup) && fcntl(hup, F_GETFD) < 0,
		"its number is free for dup2");
	CHECK(sysbpf_fd_is_internal(f.file->hup_fd) && f.file->hup_fd != hup,
		"the file knows its new read end");
	released = 0;
	user_close(user);
	TEST_EQ(released, 1, "and still sees the last close");
}

static void test_many(void)
{
	int before = sysbpf_nr_files(), fds[300], i, ok = 1;

	for (i = 0; i < 300; i++) {
		fds[i] = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
		if (fds[i] < 0)
			ok = 0;
	}
	CHECK(ok, "300 files at once (the fd table grows)");
	TEST_EQ(sysbpf_nr_files(), before + 300, "all of them are live");
	for (i = 0; i < 300; i++) {
		struct fd f = fdget(fds[i]);

		if (!f.file || f.file->f_op != &test_fops)
			ok = 0;
		fdput(f);
	}
	CHECK(ok, "each fd finds its file");
	released = 0;
	for (i = 0; i < 300; i++)
		user_close(fds[i]);
	TEST_EQ(released, 300, "all released");
	TEST_EQ(sysbpf_nr_files(), before, "none left");
}

static int thread_fd;
static int thread_bad;

static void *fdget_thread(void *arg)
{
	int i;

	for (i = 0; i < 20000; i++) {
		struct fd f = fdget(thread_fd);

		if (!f.file || f.file->f_op != &test_fops)
			__atomic_add_fetch(&thread_bad, 1, __ATOMIC_RELAXED);
		fdput(f);
	}
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[4];
	struct fd f;
	int i;

	thread_fd = anon_inode_getfd("test-obj", &test_fops, NULL, O_RDWR | O_CLOEXEC);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, fdget_thread, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	TEST_EQ(thread_bad, 0, "fdget from four threads always finds the file");
	f = fdget(thread_fd);
	TEST_EQ(atomic_read(&f.file->f_count), 2, "references balance across threads");
	fdput(f);
	released = 0;
	user_close(thread_fd);
	TEST_EQ(released, 1, "released once after the threads");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	test_create();
	test_modes();
	test_foreign();
	test_dup();
	test_dup2_over();
	test_fork();
	test_unseen_close();
	test_references();
	test_close_range();
	test_internal();
	test_many();
	test_threads();
	return sysbpf_test_done();
}
