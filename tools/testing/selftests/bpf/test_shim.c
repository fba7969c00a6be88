// SPDX-License-Identifier: GPL-2.0
/*
 * The preload shim, end to end, as an unmodified application sees it:
 * this program is not linked with sysbpf and runs under
 * LD_PRELOAD=libsysbpf.so.  It uses raw syscall(SYS_bpf, ...) and libc
 * only: object fds that close, dup and fork like the kernel's, bpffs
 * pins and paths, statfs magic, /proc/self/fd names and fdinfo, and
 * mmap of map fds, with 6.1's errno for each mistake.
 */
#include <linux/bpf.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <mntent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define CHECK(cond, name)	TEST_OK(cond, name, "%s", #cond)
#define ENOTSUPP		524
#define BPFFS_MAGIC		0xcafe4a11
#define ANON_INODE_MAGIC	0x09041934
#define DIR_			"/sys/fs/bpf/test_shim"

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int map_create(__u32 type, __u32 key, __u32 value, __u32 max, __u32 flags)
{
	union bpf_attr attr = {
		.map_type = type,
		.key_size = key,
		.value_size = value,
		.max_entries = max,
		.map_flags = flags,
	};

	return (int)sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_update(int fd, __u32 key, __u64 value)
{
	union bpf_attr attr = {
		.map_fd = fd,
		.key = (__u64)(unsigned long)&key,
		.value = (__u64)(unsigned long)&value,
	};

	return (int)sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
}

static int map_lookup(int fd, __u32 key, __u64 *value)
{
	union bpf_attr attr = {
		.map_fd = fd,
		.key = (__u64)(unsigned long)&key,
		.value = (__u64)(unsigned long)value,
	};

	return (int)sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

static int obj_pin(int fd, const char *path)
{
	union bpf_attr attr = {
		.bpf_fd = fd,
		.pathname = (__u64)(unsigned long)path,
	};

	return (int)sys_bpf(BPF_OBJ_PIN, &attr);
}

static int obj_get(const char *path, __u32 flags)
{
	union bpf_attr attr = {
		.pathname = (__u64)(unsigned long)path,
		.file_flags = flags,
	};

	return (int)sys_bpf(BPF_OBJ_GET, &attr);
}

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	union bpf_attr attr = {
		.info.bpf_fd = fd,
		.info.info_len = sizeof(info),
		.info.info = (__u64)(unsigned long)&info,
	};

	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) ? 0 : info.id;
}

static int map_get_fd_by_id(__u32 id, __u32 flags)
{
	union bpf_attr attr = { .map_id = id, .open_flags = flags };

	return (int)sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
}

static int map_freeze(int fd)
{
	union bpf_attr attr = { .map_fd = fd };

	return (int)sys_bpf(BPF_MAP_FREEZE, &attr);
}

/* Is the map with this id still there?  (ENOENT once freed) */
static bool map_alive(__u32 id)
{
	int fd = map_get_fd_by_id(id, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void test_syscall(void)
{
	union bpf_attr attr = {};

	TEST_ERRNO(syscall(SYS_bpf, 1000, &attr, sizeof(attr)), EINVAL,
		   "an unknown command: -1/EINVAL");
	TEST_EQ(syscall(SYS_getpid), getpid(), "other syscalls go to the kernel");
}

static void test_map_fd(void)
{
	char link[64], buf[256], line[128];
	int fd, fd2, n;
	__u64 v = 0;
	FILE *f;

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0);
	TEST_OK(fd >= 0, "BPF_MAP_CREATE of an array", "errno %d", errno);
	TEST_EQ(map_update(fd, 1, 42), 0, "update through the fd");
	TEST_OK(map_lookup(fd, 1, &v) == 0 && v == 42, "lookup sees it", "v %llu", (unsigned long long)v);

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	TEST_OK(!strcmp(buf, "anon_inode:bpf-map"), "readlink of the fd: anon_inode:bpf-map",
		"got '%s'", buf);

	snprintf(link, sizeof(link), "/proc/self/fdinfo/%d", fd);
	fd2 = open(link, O_RDONLY);
	n = fd2 >= 0 ? read(fd2, buf, sizeof(buf) - 1) : -1;
	buf[n > 0 ? n : 0] = '\0';
	close(fd2);
	CHECK(!strncmp(buf, "pos:\t0\nflags:\t02000002\n", 22),
	      "fdinfo starts with pos and flags (O_RDWR|O_CLOEXEC)");
	CHECK(strstr(buf, "\nmap_type:\t2\nkey_size:\t4\nvalue_size:\t8\nmax_entries:\t4\n") != NULL,
	      "fdinfo has the map's type and sizes, in 6.1's order");
	/* the kernel's %#x prints 0 as 0x0, where glibc's prints 0 */
	CHECK(strstr(buf, "\nmap_flags:\t0x0\nmap_extra:\t0x0\n") != NULL,
	      "fdinfo's map_flags and map_extra are printed as the kernel prints them");
	snprintf(line, sizeof(line), "\nmap_id:\t%u\nfrozen:\t0\n", map_id(fd));
	CHECK(strstr(buf, line) != NULL, "fdinfo has map_id and frozen");

	snprintf(link, sizeof(link), "/proc/%d/fdinfo/%d", getpid(), fd);
	f = fopen(link, "r");
	n = 0;
	while (f && fgets(line, sizeof(line), f))
		if (!strcmp(line, "max_entries:\t4\n"))
			n++;
	if (f)
		fclose(f);
	TEST_EQ(n, 1, "fopen of /proc/<pid>/fdinfo/N works as libbpf reads it");

	struct statfs sfs;

	TEST_EQ(fstatfs(fd, &sfs), 0, "fstatfs of a map fd");
	TEST_EQ(sfs.f_type, ANON_INODE_MAGIC, "...is on anon_inodefs, as in the kernel");
	close(fd);
}

static void test_lifetime(void)
{
	int fd, d;
	__u32 id;
	pid_t pid;
	int status = -1;
	__u64 v = 0;

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	id = map_id(fd);
	CHECK(id != 0 && map_alive(id), "a new map has an id");
	d = dup(fd);
	close(fd);
	CHECK(map_alive(id), "a dup keeps the map after the original is closed");
	TEST_EQ(map_update(d, 0, 7), 0, "the dup works as the map fd");

	pid = fork();
	if (pid == 0) {
		/* the child has its own copy of the instance and of the fd */
		__u64 cv = 0;

		_exit(map_lookup(d, 0, &cv) == 0 && cv == 7 ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the fd works in a forked child");
	CHECK(map_alive(id), "the child's exit leaves the parent's map");
	TEST_OK(map_lookup(d, 0, &v) == 0 && v == 7, "and its value", "v %llu", (unsigned long long)v);
	close(d);
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "closing the last fd frees the map");

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	id = map_id(fd);
	d = open("/dev/null", O_RDONLY);
	TEST_EQ(dup2(d, fd), fd, "dup2 over a map fd");
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "dup2 over the last fd frees the map");
	TEST_ERRNO(map_update(fd, 0, 1), EINVAL, "the fd is /dev/null now: EINVAL");
	close(fd);
	close(d);
	TEST_ERRNO(map_update(fd, 0, 1), EBADF, "a closed fd: EBADF");
}

static void test_bpffs(void)
{
	int fd, devnull;
	struct statfs sfs;
	struct stat st;
	__u32 id;
	__u64 v = 0;

	umask(022);
	TEST_EQ(statfs("/sys/fs/bpf", &sfs), 0, "statfs of /sys/fs/bpf");
	TEST_EQ(sfs.f_type, BPFFS_MAGIC, "...says BPF_FS_MAGIC");
	TEST_ERRNO(statfs("/sys/fs/bpf/nope", &sfs), ENOENT, "statfs of a missing bpffs path");
	CHECK(statfs("/", &sfs) == 0 && sfs.f_type != BPFFS_MAGIC, "statfs of / is not bpffs");

	TEST_EQ(mkdir(DIR_, 0700), 0, "mkdir under bpffs");
	TEST_ERRNO(mkdir(DIR_, 0700), EEXIST, "mkdir of an existing dir: EEXIST");
	TEST_ERRNO(mkdir("/sys/fs/bpf", 0700), EEXIST, "mkdir of the mount point: EEXIST");
	TEST_ERRNO(mkdir(DIR_ "/a/b", 0700), ENOENT, "mkdir without a parent: ENOENT");
	TEST_ERRNO(mkdir(DIR_ "/x.y", 0700), EPERM, "dotted names are reserved: EPERM");
	CHECK(stat(DIR_, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0700,
	      "stat of the new dir: a 0700 directory");
	CHECK(stat("/sys/fs/bpf", &st) == 0 && (st.st_mode & 07777) == 01777,
	      "the bpffs root is 01777");

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	id = map_id(fd);
	map_update(fd, 1, 99);
	TEST_EQ(obj_pin(fd, DIR_ "/map"), 0, "BPF_OBJ_PIN of a map");
	TEST_ERRNO(obj_pin(fd, DIR_ "/map"), EEXIST, "pinning an existing name: EEXIST");
	TEST_ERRNO(obj_pin(fd, DIR_ "/none/map"), ENOENT, "pinning into a missing dir: ENOENT");
	TEST_ERRNO(obj_pin(fd, "/tmp/sysbpf_test_shim_pin"), EPERM,
		   "pinning off bpffs: EPERM");
	devnull = open("/dev/null", O_RDONLY);
	TEST_ERRNO(obj_pin(devnull, DIR_ "/null"), EINVAL, "pinning a non-bpf fd: EINVAL");
	close(devnull);
	TEST_ERRNO(obj_pin(devnull, DIR_ "/null"), EINVAL, "pinning a closed fd: EINVAL");
	CHECK(stat(DIR_ "/map", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600,
	      "a pin is a 0600 regular file");
	TEST_EQ(access(DIR_ "/map", R_OK | W_OK), 0, "access R_OK|W_OK of a pin");
	TEST_ERRNO(access(DIR_ "/map", X_OK), EACCES, "access X_OK of a pin: EACCES");
	TEST_ERRNO(open(DIR_ "/map", O_RDONLY), EIO, "open of a pinned map without BTF: EIO");

	close(fd);
	CHECK(map_alive(id), "a pin keeps the map after its last fd");
	fd = obj_get(DIR_ "/map", 0);
	TEST_OK(fd >= 0, "BPF_OBJ_GET of the pin", "errno %d", errno);
	TEST_OK(map_lookup(fd, 1, &v) == 0 && v == 99, "the map got back has the value",
		"v %llu", (unsigned long long)v);
	TEST_EQ(map_id(fd), id, "it is the same map");
	close(fd);

	fd = obj_get(DIR_ "/map", BPF_F_RDONLY);
	CHECK(fd >= 0 && map_lookup(fd, 1, &v) == 0, "OBJ_GET with BPF_F_RDONLY reads");
	TEST_ERRNO(map_update(fd, 1, 1), EPERM, "...and cannot update: EPERM");
	close(fd);
	fd = obj_get(DIR_ "/map", BPF_F_WRONLY);
	TEST_ERRNO(map_lookup(fd, 1, &v), EPERM, "OBJ_GET with BPF_F_WRONLY cannot look up");
	close(fd);
	TEST_ERRNO(obj_get(DIR_ "/map", BPF_F_RDONLY | BPF_F_WRONLY), EINVAL,
		   "RDONLY|WRONLY: EINVAL");
	TEST_ERRNO(obj_get(DIR_, 0), EACCES, "OBJ_GET of a directory: EACCES");
	TEST_ERRNO(obj_get(DIR_ "/nope", 0), ENOENT, "OBJ_GET of a missing pin: ENOENT");

	TEST_ERRNO(rmdir(DIR_), ENOTEMPTY, "rmdir of a dir with a pin: ENOTEMPTY");
	TEST_ERRNO(unlink(DIR_), EISDIR, "unlink of a dir: EISDIR");
	TEST_ERRNO(rmdir(DIR_ "/map"), ENOTDIR, "rmdir of a pin: ENOTDIR");
	TEST_ERRNO(rmdir("/sys/fs/bpf"), EBUSY, "rmdir of the mount point: EBUSY");
	TEST_EQ(rename(DIR_ "/map", DIR_ "/map2"), 0, "rename of a pin");
	TEST_ERRNO(obj_get(DIR_ "/map", 0), ENOENT, "the old name is gone");
	CHECK(map_alive(id), "the map is still pinned under the new name");
	TEST_EQ(unlink(DIR_ "/map2"), 0, "unlink of the pin");
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "unlinking the last pin frees the map");
	TEST_ERRNO(unlink(DIR_ "/map2"), ENOENT, "unlink again: ENOENT");
	TEST_EQ(rmdir(DIR_), 0, "rmdir of the empty dir");
	TEST_ERRNO(stat(DIR_, &st), ENOENT, "...is gone");
}

/*
 * The VFS permission checks on bpffs, as another user: the mode bits of
 * pins and directories, the sticky root.  Needs root to become nobody.
 */
static void test_permissions(void)
{
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	int status = -1;
	pid_t pid;

	if (geteuid() != 0) {
		printf("# not root: bpffs permissions not checked\n");
		close(fd);
		return;
	}
	umask(022);
	CHECK(mkdir(DIR_, 0700) == 0 && obj_pin(fd, DIR_ "/map") == 0 &&
	      obj_pin(fd, "/sys/fs/bpf/rootpin") == 0, "pins of root");
	pid = fork();
	if (pid == 0) {
		struct stat st;
		int bad = 0;

		if (setgid(65534) || setuid(65534))
			_exit(100);
		if (!(stat(DIR_ "/map", &st) < 0 && errno == EACCES))
			bad |= 1;	/* no search permission on the dir */
		if (!(mkdir(DIR_ "/sub", 0700) < 0 && errno == EACCES))
			bad |= 2;	/* no write permission on the dir */
		if (!(access("/sys/fs/bpf/rootpin", R_OK) < 0 && errno == EACCES))
			bad |= 4;	/* a 0600 pin of root */
		if (access("/sys/fs/bpf/rootpin", F_OK))
			bad |= 8;	/* but it is there */
		if (!(unlink("/sys/fs/bpf/rootpin") < 0 && errno == EPERM))
			bad |= 16;	/* the sticky root */
		if (mkdir("/sys/fs/bpf/nobody", 0700) || rmdir("/sys/fs/bpf/nobody"))
			bad |= 32;	/* the root is world-writable */
		_exit(bad);
	}
	waitpid(pid, &status, 0);
	TEST_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		"as nobody: EACCES on 0700 dirs and 0600 pins, EPERM on the sticky root");
	CHECK(unlink(DIR_ "/map") == 0 && rmdir(DIR_) == 0 &&
	      unlink("/sys/fs/bpf/rootpin") == 0, "root cleans up");
	close(fd);
}

static int nftw_found;

static int nftw_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_F && !strcmp(path, "/sys/fs/bpf/walked") && S_ISREG(st->st_mode))
		nftw_found++;
	return 0;
}

static void test_mounts(void)
{
	char dir[] = "/tmp/sysbpf_test_shim_XXXXXX", pin[64];
	struct statfs sfs;
	struct stat st;
	struct mntent *me;
	int fd, found = 0;
	FILE *mf;

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	TEST_EQ(obj_pin(fd, "/sys/fs/bpf/walked"), 0, "a pin for the walk");
	TEST_EQ(nftw("/sys/fs/bpf", nftw_cb, 16, FTW_PHYS), 0, "nftw over bpffs");
	TEST_EQ(nftw_found, 1, "nftw sees the pinned map as a file");
	unlink("/sys/fs/bpf/walked");

	mf = setmntent("/proc/mounts", "r");
	while (mf && (me = getmntent(mf)))
		if (!strcmp(me->mnt_type, "bpf") && !strcmp(me->mnt_dir, "/sys/fs/bpf"))
			found++;
	if (mf)
		endmntent(mf);
	TEST_EQ(found, 1, "/proc/mounts lists the bpffs once");

	CHECK(mkdtemp(dir) != NULL, "a real directory to mount on");
	TEST_EQ(mount("bpf", dir, "bpf", 0, "mode=0700"), 0, "mount -t bpf on it");
	CHECK(statfs(dir, &sfs) == 0 && sfs.f_type == BPFFS_MAGIC, "it is a bpffs now");
	snprintf(pin, sizeof(pin), "%s/m", dir);
	TEST_EQ(obj_pin(fd, pin), 0, "pinning in the new bpffs");
	TEST_EQ(chdir(dir), 0, "chdir into it");
	TEST_EQ(obj_pin(fd, "rel"), 0, "pinning at a relative path");
	TEST_EQ(mkdir("d", 0755), 0, "mkdir at a relative path");
	TEST_EQ(rename("rel", "./d/../d/rel"), 0, "rename with . and .. components");
	CHECK(fstatat(AT_FDCWD, "d/rel", &st, 0) == 0 && S_ISREG(st.st_mode),
	      "fstatat(AT_FDCWD) of the moved pin");
	TEST_ERRNO(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), ENOTEMPTY,
		   "unlinkat(AT_REMOVEDIR) of a non-empty dir");
	TEST_EQ(unlinkat(AT_FDCWD, "d/rel", 0), 0, "unlinkat of the pin");
	TEST_EQ(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), 0, "unlinkat(AT_REMOVEDIR)");
	CHECK(chdir("/") == 0, "chdir out");
	TEST_ERRNO(umount(pin), EINVAL, "umount of a path that is not a mount point: EINVAL");
	TEST_EQ(umount(dir), 0, "umount of it");
	CHECK(statfs(dir, &sfs) == 0 && sfs.f_type != BPFFS_MAGIC, "the real directory is back");
	rmdir(dir);
	close(fd);
}

static void test_mmap(void)
{
	__u64 *p, *ro, v = 0;
	int fd, fd2, rdfd;
	__u32 id;

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 512, BPF_F_MMAPABLE);
	TEST_OK(fd >= 0, "an mmapable array", "errno %d", errno);
	id = map_id(fd);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap of the map fd");
	if (p == MAP_FAILED)
		return;
	p[3] = 1234;
	TEST_OK(map_lookup(fd, 3, &v) == 0 && v == 1234, "a store through the mapping shows in lookup",
		"v %llu", (unsigned long long)v);
	map_update(fd, 5, 777);
	TEST_EQ(p[5], 777, "an update shows in the mapping");
	TEST_ERRNO(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL,
		   "MAP_PRIVATE: EINVAL");
	TEST_ERRNO(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0), EINVAL,
		   "past the end of the values: EINVAL");
	TEST_ERRNO(map_freeze(fd), EBUSY, "freeze with a writable mapping: EBUSY");
	TEST_EQ(munmap(p, 4096), 0, "munmap");
	TEST_EQ(map_freeze(fd), 0, "freeze after munmap");
	TEST_ERRNO(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM,
		   "writable mmap of a frozen map: EPERM");
	ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(ro != MAP_FAILED && ro[3] == 1234, "read-only mmap of a frozen map");
	TEST_ERRNO(mprotect(ro, 4096, PROT_READ | PROT_WRITE), EACCES,
		   "mprotect to writable: EACCES");
	close(fd);
	CHECK(map_alive(id), "a mapping keeps the map after its last fd");
	munmap(ro, 4096);
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "munmap of the last mapping frees it");

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 512, BPF_F_MMAPABLE | BPF_F_RDONLY_PROG);
	TEST_ERRNO(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES,
		   "writable mmap of a BPF_F_RDONLY_PROG map: EACCES");
	fd2 = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 512, BPF_F_MMAPABLE);
	rdfd = map_get_fd_by_id(map_id(fd2), BPF_F_RDONLY);
	TEST_ERRNO(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rdfd, 0), EACCES,
		   "writable mmap through a read-only fd: EACCES");
	close(rdfd);
	close(fd2);
	close(fd);

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 512, 0);
	TEST_ERRNO(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0), EINVAL,
		   "mmap of an array without BPF_F_MMAPABLE: EINVAL");
	close(fd);
	fd = map_create(BPF_MAP_TYPE_HASH, 4, 8, 16, 0);
	TEST_ERRNO(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0), ENOTSUPP,
		   "mmap of a hash map: ENOTSUPP");
	close(fd);
}

/* The instance's own fds survive an application that closes everything. */
static void test_close_all(void)
{
	int fd, fd2;
	__u32 id;

	fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	id = map_id(fd);
	TEST_EQ(close_range(3, ~0U, 0), 0, "close_range(3, ~0U)");
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "it closed and freed the map");
	fd2 = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	id = map_id(fd2);
	TEST_OK(fd2 == 3, "the next map gets the lowest fd", "fd %d", fd2);
	close(fd2);
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "and is freed at close as before");
	(void)fd;
}

/*
 * $SYSBPF_BPFFS moves the bpffs: checked in a fresh process (the env is
 * read when the instance starts).  Only under sysbpf: the rest of this
 * test also runs against the kernel, with a bpffs at /sys/fs/bpf.
 */
static void test_bpffs_env(const char *self)
{
	char dir[] = "/tmp/sysbpf_test_env_XXXXXX";
	int status = -1;
	pid_t pid;

	if (!dlsym(RTLD_DEFAULT, "sysbpf_version")) {
		printf("# not under sysbpf: $SYSBPF_BPFFS not checked\n");
		return;
	}
	CHECK(mkdtemp(dir) != NULL, "a directory for $SYSBPF_BPFFS");
	pid = fork();
	if (pid == 0) {
		setenv("SYSBPF_BPFFS", dir, 1);
		execl(self, self, "--bpffs-env", dir, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	TEST_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		"with $SYSBPF_BPFFS the bpffs is there, not at /sys/fs/bpf");
	rmdir(dir);
}

/* The embedding API of <sysbpf/sysbpf.h>, found as an application would. */
static void test_api(void)
{
	int (*bpf_fn)(int, union bpf_attr *, unsigned int) = dlsym(RTLD_DEFAULT, "sysbpf_bpf");
	ssize_t (*trace_fn)(char *, size_t, int) = dlsym(RTLD_DEFAULT, "sysbpf_trace_pipe_read");
	int (*version_fn)(void) = dlsym(RTLD_DEFAULT, "sysbpf_version");
	int (*reap_fn)(void) = dlsym(RTLD_DEFAULT, "sysbpf_reap");
	union bpf_attr attr = {
		.map_type = BPF_MAP_TYPE_ARRAY,
		.key_size = 4,
		.value_size = 4,
		.max_entries = 1,
	};
	int (*raw_close)(int);
	char buf[64];
	int fd, d;
	__u32 id;

	if (!bpf_fn) {
		printf("# not under sysbpf: the embedding API not checked\n");
		return;
	}
	CHECK(trace_fn && version_fn && reap_fn, "the embedding API is exported");
	if (!trace_fn || !version_fn || !reap_fn)
		return;
	TEST_EQ(version_fn(), 0x000100, "sysbpf_version() is 0.1.0");
	fd = bpf_fn(BPF_MAP_CREATE, &attr, sizeof(attr));
	TEST_OK(fd >= 0, "sysbpf_bpf(BPF_MAP_CREATE)", "errno %d", errno);
	TEST_ERRNO(bpf_fn(1000, &attr, sizeof(attr)), EINVAL, "sysbpf_bpf: -1/errno like bpf(2)");
	TEST_ERRNO(trace_fn(buf, sizeof(buf), 1), EAGAIN,
		   "sysbpf_trace_pipe_read of nothing, nonblocking: EAGAIN");
	TEST_EQ(reap_fn(), 0, "sysbpf_reap with every fd open: nothing");
	/* a close the shim cannot see: libc's internal __close */
	raw_close = dlsym(RTLD_DEFAULT, "__close");
	id = map_id(fd);
	d = dup(fd);
	close(fd);
	CHECK(raw_close && raw_close(d) == 0, "the last copy closed behind the shim's back");
	TEST_EQ(reap_fn(), 1, "sysbpf_reap finds the map's fds gone");
	TEST_ERRNO(map_get_fd_by_id(id, 0), ENOENT, "and the map is freed");
}

static int bpffs_env_child(const char *dir)
{
	struct statfs sfs;
	char pin[64];
	int fd = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);

	snprintf(pin, sizeof(pin), "%s/m", dir);
	if (statfs(dir, &sfs) || sfs.f_type != BPFFS_MAGIC)
		return 1;
	if (!statfs("/sys/fs/bpf", &sfs) && sfs.f_type == BPFFS_MAGIC)
		return 2;
	if (obj_pin(fd, pin) || obj_pin(fd, "/sys/fs/bpf/m") != -1)
		return 3;
	return 0;
}

/*
 * SYSBPF_VMLINUX_BTF=builtin: /sys/kernel/btf/vmlinux reads as the BTF
 * the instance has as id 1, by open() and by fopen() as libbpf reads it.
 */
static int vmlinux_btf_child(void)
{
	union bpf_attr attr = { .btf_id = 1 };
	struct bpf_btf_info info = {};
	static char want[1 << 16], got[1 << 16];
	size_t n;
	FILE *f;
	int fd, btf_fd;

	btf_fd = (int)sys_bpf(BPF_BTF_GET_FD_BY_ID, &attr);
	if (btf_fd < 0)
		return 1;
	memset(&attr, 0, sizeof(attr));
	info.btf = (__u64)(uintptr_t)want;
	info.btf_size = sizeof(want);
	attr.info.bpf_fd = btf_fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (__u64)(uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) || info.btf_size > sizeof(want))
		return 2;
	fd = open("/sys/kernel/btf/vmlinux", O_RDONLY);
	if (fd < 0 || read(fd, got, sizeof(got)) != (ssize_t)info.btf_size)
		return 3;
	close(fd);
	if (memcmp(got, want, info.btf_size))
		return 4;
	f = fopen("/sys/kernel/btf/vmlinux", "rb");
	n = f ? fread(got, 1, sizeof(got), f) : 0;
	if (f)
		fclose(f);
	if (n != info.btf_size || memcmp(got, want, n))
		return 5;
	close(btf_fd);
	return 0;
}

static void test_vmlinux_btf(const char *self)
{
	int status = -1;
	pid_t pid;

	if (!dlsym(RTLD_DEFAULT, "sysbpf_version")) {
		printf("# not under sysbpf: /sys/kernel/btf/vmlinux not checked\n");
		return;
	}
	pid = fork();
	if (pid == 0) {
		setenv("SYSBPF_VMLINUX_BTF", "builtin", 1);
		execl(self, self, "--vmlinux-btf", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	TEST_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
		"built-in vmlinux BTF: /sys/kernel/btf/vmlinux reads as BTF id 1");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--bpffs-env"))
		return bpffs_env_child(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "--vmlinux-btf"))
		return vmlinux_btf_child();
	signal(SIGPIPE, SIG_IGN);
	test_syscall();
	test_map_fd();
	test_lifetime();
	test_bpffs();
	test_permissions();
	test_mounts();
	test_mmap();
	test_bpffs_env("/proc/self/exe");
	test_vmlinux_btf("/proc/self/exe");
	test_api();
	test_close_all();
	return sysbpf_test_done();
}
