// SPDX-License-Identifier: GPL-2.0
/*
 * The bpf file system, in process: a tree of directories and pinned
 * objects (maps, programs, links) rooted at each mount point, by default
 * /sys/fs/bpf ($SYSBPF_BPFFS).  Paths reach it through bpf(2)'s OBJ_PIN
 * and OBJ_GET and through the shim's interposers of mkdir, unlink, stat,
 * statfs, rename, mount and friends, with the errno 6.1's VFS and bpffs
 * give.  A pin holds one user reference on its object, as the kernel's
 * bpffs inode does, dropped when the name is unlinked.
 *
 * Paths are made absolute (relative to the cwd or dirfd) and cleaned
 * lexically before the walk: "a/../b" is "b" even when a does not exist,
 * which the kernel would refuse.  bpffs has no symlinks here.
 */
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC	0xcafe4a11
#endif
#define BPFFS_DEFAULT	"/sys/fs/bpf"

#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4

struct bpffs_node {
	struct bpffs_node *parent;
	struct bpffs_node *children;	/* directories: newest first */
	struct bpffs_node *next;	/* sibling, or the dead list */
	char *name;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	ino_t ino;
	nlink_t nlink;
	struct timespec atime, mtime, ctime;
	enum bpf_type type;		/* BPF_TYPE_UNSPEC for directories */
	void *raw;			/* the object a pin holds */
};

struct bpffs_mount {
	char *path;
	size_t len;
	struct bpffs_node *root;
	dev_t dev;
	struct bpffs_mount *next;
};

struct bpffs_lookup {
	struct bpffs_mount *mnt;
	struct bpffs_node *parent;	/* directory holding last; NULL at the root */
	struct bpffs_node *node;	/* NULL when last does not exist */
	const char *last;
};

/* A path made absolute and clean, with what cleaning hid. */
struct bpffs_path {
	char buf[PATH_MAX];
	bool trailing_slash;
	bool last_dot;			/* the last component was "." */
	bool last_dotdot;		/* ... or ".." */
};

static DEFINE_MUTEX(bpffs_lock);
static struct bpffs_mount *mounts;
static bool mounts_ready;
static ino_t next_ino = 0x1000;
static unsigned int next_minor = 0x100;

/* ---- paths ---- */

static int dirfd_path(int dirfd, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	if (dirfd == AT_FDCWD)
		return getcwd(buf, size) ? 0 : -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	n = readlink(link, buf, size - 1);
	if (n < 0)
		return -EBADF;
	buf[n] = '\0';
	return buf[0] == '/' ? 0 : -ENOTDIR;
}

/* Appends the components of src to dst (a clean absolute path). */
static int path_append(char *dst, const char *src)
{
	size_t len = strlen(dst);

	while (*src) {
		const char *end = strchrnul(src, '/');
		size_t n = end - src;

		if (n == 0 || (n == 1 && src[0] == '.')) {
			/* nothing */
		} else if (n == 2 && src[0] == '.' && src[1] == '.') {
			while (len > 1 && dst[len - 1] != '/')
				len--;
			if (len > 1)
				len--;
			dst[len] = '\0';
		} else {
			if (n > NAME_MAX)
				return -ENAMETOOLONG;
			if (len + 1 + n >= PATH_MAX)
				return -ENAMETOOLONG;
			if (len > 1)
				dst[len++] = '/';
			memcpy(dst + len, src, n);
			len += n;
			dst[len] = '\0';
		}
		src = *end ? end + 1 : end;
	}
	return 0;
}

static int path_clean(int dirfd, const char *path, struct bpffs_path *p)
{
	size_t n;
	const char *last;
	int err;

	if (!path)
		return -EFAULT;
	n = strnlen(path, PATH_MAX);
	if (n == 0)
		return -ENOENT;
	if (n >= PATH_MAX)
		return -ENAMETOOLONG;
	p->trailing_slash = n > 1 && path[n - 1] == '/';
	while (n > 1 && path[n - 1] == '/')
		n--;
	last = path + n;
	while (last > path && last[-1] != '/')
		last--;
	p->last_dot = (path + n - last == 1) && last[0] == '.';
	p->last_dotdot = (path + n - last == 2) && last[0] == '.' && last[1] == '.';

	if (path[0] == '/') {
		strcpy(p->buf, "/");
	} else {
		err = dirfd_path(dirfd, p->buf, sizeof(p->buf));
		if (err)
			return err;
	}
	return path_append(p->buf, path);
}

/* ---- nodes ---- */

static void node_touch(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

static struct bpffs_node *node_alloc(const char *name, mode_t mode)
{
	struct bpffs_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	n->name = kstrdup(name, GFP_KERNEL);
	if (!n->name) {
		kfree(n);
		return NULL;
	}
	n->mode = mode;
	n->uid = geteuid();
	n->gid = getegid();
	n->ino = next_ino++;
	n->nlink = S_ISDIR(mode) ? 2 : 1;
	node_touch(&n->atime);
	n->mtime = n->ctime = n->atime;
	return n;
}

static void node_link(struct bpffs_node *dir, struct bpffs_node *n)
{
	n->parent = dir;
	n->next = dir->children;
	dir->children = n;
	if (S_ISDIR(n->mode))
		dir->nlink++;
	node_touch(&dir->mtime);
	dir->ctime = dir->mtime;
}

static void node_unlink(struct bpffs_node *n)
{
	struct bpffs_node *dir = n->parent;
	struct bpffs_node **pp;

	for (pp = &dir->children; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	}
	n->next = NULL;
	n->parent = NULL;
	if (S_ISDIR(n->mode))
		dir->nlink--;
	node_touch(&dir->mtime);
	dir->ctime = dir->mtime;
}

static struct bpffs_node *node_find(const struct bpffs_node *dir, const char *name)
{
	struct bpffs_node *n;

	for (n = dir->children; n; n = n->next)
		if (!strcmp(n->name, name))
			return n;
	return NULL;
}

/* Moves n and everything under it to the dead list, freed unlocked. */
static void node_kill(struct bpffs_node *n, struct bpffs_node **dead)
{
	while (n->children) {
		struct bpffs_node *c = n->children;

		n->children = c->next;
		node_kill(c, dead);
	}
	n->next = *dead;
	*dead = n;
}

/* Drops the pins' references: never under bpffs_lock, release may call back. */
static void nodes_free(struct bpffs_node *dead)
{
	while (dead) {
		struct bpffs_node *n = dead;

		dead = n->next;
		if (n->raw)
			bpf_any_put(n->raw, n->type);
		kfree(n->name);
		kfree(n);
	}
}

static bool in_group(gid_t gid)
{
	gid_t groups[64];
	int i, n;

	if (gid == getegid())
		return true;
	n = getgroups(ARRAY_SIZE(groups), groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* generic_permission(): the mode bits, and root's CAP_DAC_OVERRIDE. */
static bool node_permission(const struct bpffs_node *n, int mask, bool real_ids)
{
	uid_t uid = real_ids ? getuid() : geteuid();
	unsigned int perm;

	if (uid == n->uid)
		perm = n->mode >> 6;
	else if (in_group(n->gid))
		perm = n->mode >> 3;
	else
		perm = n->mode;
	if ((perm & mask & 7) == (unsigned int)mask)
		return true;
	if (uid == 0)
		return S_ISDIR(n->mode) || !(mask & MAY_EXEC) || (n->mode & 0111);
	return false;
}

/* may_delete(): write and search on the directory, and the sticky bit. */
static int may_delete(const struct bpffs_node *dir, const struct bpffs_node *n)
{
	uid_t uid = geteuid();

	if (!node_permission(dir, MAY_WRITE | MAY_EXEC, false))
		return -EACCES;
	if ((dir->mode & S_ISVTX) && uid != 0 && uid != n->uid && uid != dir->uid)
		return -EPERM;
	return 0;
}

static int may_create(const struct bpffs_node *dir)
{
	return node_permission(dir, MAY_WRITE | MAY_EXEC, false) ? 0 : -EACCES;
}

static mode_t current_umask(void)
{
	unsigned int mask = 022;
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return mask;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Umask:\t%o", &mask) == 1)
			break;
	fclose(f);
	return mask & 0777;
}

/* ---- mounts ---- */

static struct bpffs_mount *mount_new(const char *path, mode_t mode)
{
	struct bpffs_mount *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->path = kstrdup(path, GFP_KERNEL);
	m->root = node_alloc("", S_IFDIR | S_ISVTX | (mode & 0777));
	if (!m->path || !m->root) {
		if (m->root)
			kfree(m->root->name);
		kfree(m->root);
		kfree(m->path);
		kfree(m);
		return NULL;
	}
	m->root->uid = 0;
	m->root->gid = 0;
	m->len = strlen(path);
	m->dev = makedev(0, next_minor++);
	m->next = mounts;
	mounts = m;
	return m;
}

static void mounts_init_locked(void)
{
	struct bpffs_path *p;
	const char *env;

	if (mounts_ready)
		return;
	mounts_ready = true;
	env = getenv("SYSBPF_BPFFS");
	if (!env || !*env)
		env = BPFFS_DEFAULT;
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return;
	if (path_clean(AT_FDCWD, env, p) || !mount_new(p->buf, 0777))
		pr_warn("bpffs: cannot mount at %s\n", env);
	kfree(p);
}

static struct bpffs_mount *mount_find_locked(const char *path)
{
	struct bpffs_mount *m, *best = NULL;

	mounts_init_locked();
	for (m = mounts; m; m = m->next) {
		if (m->len == 1 || (!strncmp(path, m->path, m->len) &&
				    (path[m->len] == '\0' || path[m->len] == '/'))) {
			if (!best || m->len > best->len)
				best = m;
		}
	}
	return best;
}

/*
 * Walks p under its mount; p->buf is cut into components.  Fills lk and
 * returns 0, or the error of a component before the last.
 */
static int walk_locked(struct bpffs_mount *m, struct bpffs_path *p,
		       struct bpffs_lookup *lk)
{
	struct bpffs_node *dir = m->root;
	char *comp = p->buf + (m->len == 1 ? 0 : m->len);

	lk->mnt = m;
	lk->parent = NULL;
	lk->node = m->root;
	lk->last = NULL;
	while (*comp == '/')
		comp++;
	while (*comp) {
		char *end = strchrnul(comp, '/');
		bool last = !*end;
		struct bpffs_node *n;

		*end = '\0';
		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
		if (!node_permission(dir, MAY_EXEC, false))
			return -EACCES;
		n = node_find(dir, comp);
		if (last) {
			lk->parent = dir;
			lk->node = n;
			lk->last = comp;
			return 0;
		}
		/* bpf_lookup(): dotted names are reserved, even to look up */
		if (!n)
			return strchr(comp, '.') ? -EPERM : -ENOENT;
		dir = n;
		comp = end + 1;
	}
	return 0;
}

static int missing_err(const struct bpffs_lookup *lk)
{
	return lk->last && strchr(lk->last, '.') ? -EPERM : -ENOENT;
}

/*
 * Most paths an application names are nowhere near a bpffs: an absolute
 * path without "." or ".." components or doubled slashes, under no mount
 * point, is passed on without cleaning, allocation or getcwd().
 */
static bool path_surely_off_bpffs(const char *path)
{
	struct bpffs_mount *m;
	const char *s;
	bool off = true;

	if (!path || path[0] != '/')
		return false;
	for (s = path; *s; s++) {
		if (s[0] != '/')
			continue;
		if (s[1] == '/')
			return false;
		if (s[1] == '.' && (!s[2] || s[2] == '/' ||
				    (s[2] == '.' && (!s[3] || s[3] == '/'))))
			return false;
	}
	mutex_lock(&bpffs_lock);
	mounts_init_locked();
	for (m = mounts; m && off; m = m->next)
		if (m->len == 1 || (!strncmp(path, m->path, m->len) &&
				    (path[m->len] == '\0' || path[m->len] == '/')))
			off = false;
	mutex_unlock(&bpffs_lock);
	return off;
}

/*
 * Cleans path and looks it up with bpffs_lock taken: 0 with the lock
 * held, BPFFS_PASS (unlocked) when the path is not on a bpffs, or -errno
 * (unlocked).
 */
static int lookup_lock(int dirfd, const char *path, struct bpffs_path *p,
		       struct bpffs_lookup *lk)
{
	struct bpffs_mount *m;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	err = path_clean(dirfd, path, p);
	if (err)
		return err;
	mutex_lock(&bpffs_lock);
	m = mount_find_locked(p->buf);
	if (!m) {
		mutex_unlock(&bpffs_lock);
		return BPFFS_PASS;
	}
	err = walk_locked(m, p, lk);
	if (err)
		mutex_unlock(&bpffs_lock);
	return err;
}

/* Looks up an existing node: trailing slashes want a directory. */
static int lookup_existing(const struct bpffs_path *p, const struct bpffs_lookup *lk)
{
	if (!lk->node)
		return missing_err(lk);
	if (p->trailing_slash && !S_ISDIR(lk->node->mode))
		return -ENOTDIR;
	return 0;
}

static struct bpffs_path *path_alloc(void)
{
	return kmalloc(sizeof(struct bpffs_path), GFP_KERNEL);
}

bool bpffs_path_is_bpffs(int dirfd, const char *path)
{
	struct bpffs_path *p = path_alloc();
	bool ret;

	if (!p)
		return false;
	if (path_surely_off_bpffs(path) || path_clean(dirfd, path, p)) {
		kfree(p);
		return false;
	}
	mutex_lock(&bpffs_lock);
	ret = mount_find_locked(p->buf) != NULL;
	mutex_unlock(&bpffs_lock);
	kfree(p);
	return ret;
}

/* ---- bpf(2): pin and get ---- */

static void *bpf_fd_probe_obj(u32 ufd, enum bpf_type *type)
{
	struct fd f = fdget(ufd);
	void *raw = NULL;

	*type = BPF_TYPE_UNSPEC;
	if (!f.file)
		return ERR_PTR(-EINVAL);
	if (f.file->f_op == &bpf_map_fops)
		*type = BPF_TYPE_MAP;
	else if (f.file->f_op == &bpf_prog_fops)
		*type = BPF_TYPE_PROG;
	else if (f.file->f_op == &bpf_link_fops)
		*type = BPF_TYPE_LINK;
	if (*type != BPF_TYPE_UNSPEC) {
		raw = f.file->private_data;
		bpf_any_get(raw, *type);
	}
	fdput(f);
	return raw ? raw : ERR_PTR(-EINVAL);
}

/*
 * A path off bpffs: what user_path_create() says about it in the real
 * file system, and -EPERM when it would have made the name, as 6.1 does
 * for a directory that is not bpffs.
 */
static int pin_off_bpffs(const char *path)
{
	struct stat st;
	char *dir, *slash;
	int err = -EPERM;

	if (!lstat(path, &st))
		return -EEXIST;
	if (errno != ENOENT)
		return -errno;
	dir = kstrdup(path, GFP_KERNEL);
	if (!dir)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash) {
		*(slash == dir ? slash + 1 : slash) = '\0';
		if (stat(dir, &st))
			err = -errno;
		else if (!S_ISDIR(st.st_mode))
			err = -ENOTDIR;
	}
	kfree(dir);
	return err;
}

static int bpf_obj_do_pin(const char *pathname, void *raw, enum bpf_type type)
{
	struct bpffs_path *p = path_alloc();
	struct bpffs_lookup lk;
	struct bpffs_node *n;
	mode_t umask = current_umask();
	int err;

	if (!p)
		return -ENOMEM;
	err = lookup_lock(AT_FDCWD, pathname, p, &lk);
	if (err == BPFFS_PASS) {
		err = pin_off_bpffs(pathname);
		goto out;
	}
	if (err)
		goto out;
	if (!lk.parent || p->last_dot || p->last_dotdot || lk.node) {
		err = -EEXIST;
	} else if (p->trailing_slash) {
		err = -ENOENT;
	} else if (strchr(lk.last, '.')) {
		err = -EPERM;
	} else {
		err = may_create(lk.parent);
	}
	if (!err) {
		n = node_alloc(lk.last, S_IFREG | (0600 & ~umask));
		if (n) {
			n->type = type;
			n->raw = raw;
			node_link(lk.parent, n);
		} else {
			err = -ENOMEM;
		}
	}
	mutex_unlock(&bpffs_lock);
out:
	kfree(p);
	return err;
}

/*
 * The path from the caller, as the kernel's getname() takes it: a bad
 * pointer is EFAULT, an empty path ENOENT, one that does not end within
 * PATH_MAX bytes ENAMETOOLONG.
 */
static char *bpf_getname(const char __user *pathname)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, pathname, PATH_MAX);
	if (len <= 0 || len == PATH_MAX) {
		kfree(name);
		return ERR_PTR(len < 0 ? -EFAULT : len ? -ENAMETOOLONG : -ENOENT);
	}
	return name;
}

int bpf_obj_pin_user(u32 ufd, const char __user *pathname)
{
	enum bpf_type type;
	char *name;
	void *raw;
	int err;

	raw = bpf_fd_probe_obj(ufd, &type);
	if (IS_ERR(raw))
		return PTR_ERR(raw);
	name = bpf_getname(pathname);
	err = IS_ERR(name) ? PTR_ERR(name) : bpf_obj_do_pin(name, raw, type);
	if (err)
		bpf_any_put(raw, type);
	if (!IS_ERR(name))
		kfree(name);
	return err;
}

static int acc_mode(int f_flags)
{
	switch (f_flags & O_ACCMODE) {
	case O_RDONLY:
		return MAY_READ;
	case O_WRONLY:
		return MAY_WRITE;
	default:
		return MAY_READ | MAY_WRITE;
	}
}

static void *bpf_obj_do_get(const char *pathname, enum bpf_type *type, int f_flags)
{
	struct bpffs_path *p = path_alloc();
	struct bpffs_lookup lk;
	void *raw = NULL;
	struct stat st;
	int err;

	if (!p)
		return ERR_PTR(-ENOMEM);
	err = lookup_lock(AT_FDCWD, pathname, p, &lk);
	if (err == BPFFS_PASS) {
		/* a real file is not a bpf object: bpf_inode_type() says EACCES */
		err = stat(pathname, &st) ? -errno : -EACCES;
		goto out;
	}
	if (err)
		goto out;
	err = lookup_existing(p, &lk);
	if (!err && !node_permission(lk.node, acc_mode(f_flags), false))
		err = -EACCES;
	if (!err && !lk.node->raw)
		err = -EACCES;
	if (!err) {
		*type = lk.node->type;
		raw = lk.node->raw;
		bpf_any_get(raw, *type);
		node_touch(&lk.node->atime);
	}
	mutex_unlock(&bpffs_lock);
out:
	kfree(p);
	return err ? ERR_PTR(err) : raw;
}

int bpf_obj_get_user(const char __user *pathname, int flags)
{
	enum bpf_type type = BPF_TYPE_UNSPEC;
	int f_flags, ret;
	char *name;
	void *raw;

	if ((flags & BPF_F_RDONLY) && (flags & BPF_F_WRONLY))
		return -EINVAL;
	f_flags = flags & BPF_F_RDONLY ? O_RDONLY :
		  flags & BPF_F_WRONLY ? O_WRONLY : O_RDWR;
	name = bpf_getname(pathname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	raw = bpf_obj_do_get(name, &type, f_flags);
	kfree(name);
	if (IS_ERR(raw))
		return PTR_ERR(raw);
	if (type == BPF_TYPE_LINK && f_flags != O_RDWR)
		ret = -EINVAL;
	else
		ret = bpf_any_new_fd(raw, type, f_flags);
	if (ret < 0)
		bpf_any_put(raw, type);
	return ret;
}

/* ---- the VFS calls of the shim ---- */

static void node_fill_stat(const struct bpffs_mount *m, const struct bpffs_node *n,
			   struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = m->dev;
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_nlink = n->nlink;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_blksize = PAGE_SIZE;
	st->st_atim = n->atime;
	st->st_mtim = n->mtime;
	st->st_ctim = n->ctime;
}

int bpffs_stat(int dirfd, const char *path, struct stat *st)
{
	struct bpffs_path *p;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	err = lookup_lock(dirfd, path, p, &lk);
	if (!err) {
		err = lookup_existing(p, &lk);
		if (!err)
			node_fill_stat(lk.mnt, lk.node, st);
		mutex_unlock(&bpffs_lock);
	}
	kfree(p);
	return err;
}

int bpffs_statfs(const char *path, struct statfs *st)
{
	struct bpffs_path *p;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	err = lookup_lock(AT_FDCWD, path, p, &lk);
	if (!err) {
		err = lookup_existing(p, &lk);
		mutex_unlock(&bpffs_lock);
	}
	if (!err) {
		memset(st, 0, sizeof(*st));
		st->f_type = BPF_FS_MAGIC;
		st->f_bsize = PAGE_SIZE;
		st->f_frsize = PAGE_SIZE;
		st->f_namelen = NAME_MAX;
		st->f_flags = ST_RELATIME;
	}
	kfree(p);
	return err;
}

int bpffs_access(int dirfd, const char *path, int mode, int flags)
{
	struct bpffs_path *p;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	if (mode & ~(R_OK | W_OK | X_OK)) {
		kfree(p);
		return -EINVAL;
	}
	err = lookup_lock(dirfd, path, p, &lk);
	if (!err) {
		err = lookup_existing(p, &lk);
		/* R_OK, W_OK, X_OK are MAY_READ, MAY_WRITE, MAY_EXEC */
		if (!err && mode && !node_permission(lk.node, mode, !(flags & AT_EACCESS)))
			err = -EACCES;
		mutex_unlock(&bpffs_lock);
	}
	kfree(p);
	return err;
}

int bpffs_mkdir(int dirfd, const char *path, unsigned int mode)
{
	struct bpffs_path *p;
	struct bpffs_lookup lk;
	struct bpffs_node *n;
	mode_t umask;
	int err;

	/* the umask is read from /proc: only for paths on bpffs */
	if (path_surely_off_bpffs(path) || !bpffs_path_is_bpffs(dirfd, path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	umask = current_umask();
	err = lookup_lock(dirfd, path, p, &lk);
	if (err) {
		kfree(p);
		return err;
	}
	if (!lk.parent || p->last_dot || p->last_dotdot || lk.node)
		err = -EEXIST;
	else if (strchr(lk.last, '.'))
		err = -EPERM;
	else
		err = may_create(lk.parent);
	if (!err) {
		n = node_alloc(lk.last, S_IFDIR | (mode & (0777 | S_ISVTX) & ~umask));
		if (n)
			node_link(lk.parent, n);
		else
			err = -ENOMEM;
	}
	mutex_unlock(&bpffs_lock);
	kfree(p);
	return err;
}

static bool has_mount_under_locked(const struct bpffs_mount *mnt, const char *path)
{
	struct bpffs_mount *m;
	size_t len = strlen(path);

	for (m = mounts; m; m = m->next)
		if (m != mnt && m->len > len && !strncmp(m->path, path, len) &&
		    (len == 1 || m->path[len] == '/'))
			return true;
	return false;
}

int bpffs_rmdir(int dirfd, const char *path)
{
	struct bpffs_path *p;
	struct bpffs_node *dead = NULL;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	err = lookup_lock(dirfd, path, p, &lk);
	if (err) {
		kfree(p);
		return err;
	}
	if (p->last_dot)
		err = -EINVAL;
	else if (p->last_dotdot)
		err = -ENOTEMPTY;
	else if (!lk.node)
		err = missing_err(&lk);
	else if (!S_ISDIR(lk.node->mode))
		err = -ENOTDIR;
	else if (!lk.parent)
		err = -EBUSY;
	else if (lk.node->children)
		err = -ENOTEMPTY;
	else
		err = may_delete(lk.parent, lk.node);
	if (!err) {
		node_unlink(lk.node);
		node_kill(lk.node, &dead);
	}
	mutex_unlock(&bpffs_lock);
	nodes_free(dead);
	kfree(p);
	return err;
}

int bpffs_unlink(int dirfd, const char *path)
{
	struct bpffs_path *p;
	struct bpffs_node *dead = NULL;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	err = lookup_lock(dirfd, path, p, &lk);
	if (err) {
		kfree(p);
		return err;
	}
	if (p->last_dot || p->last_dotdot || !lk.parent)
		err = -EISDIR;
	else if (!lk.node)
		err = missing_err(&lk);
	else if (S_ISDIR(lk.node->mode))
		err = -EISDIR;
	else if (p->trailing_slash)
		err = -ENOTDIR;
	else
		err = may_delete(lk.parent, lk.node);
	if (!err) {
		node_unlink(lk.node);
		node_kill(lk.node, &dead);
	}
	mutex_unlock(&bpffs_lock);
	nodes_free(dead);
	kfree(p);
	return err;
}

static bool node_is_ancestor(const struct bpffs_node *a, const struct bpffs_node *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* The checks of vfs_rename() and simple_rename() on the two ends. */
static int rename_check(const struct bpffs_lookup *o, const struct bpffs_lookup *n,
			unsigned int flags)
{
	int err;

	if (o->mnt != n->mnt)
		return -EXDEV;
	if (!o->node)
		return missing_err(o);
	if (!o->parent || !n->parent)
		return -EBUSY;
	if (o->node == n->node)
		return 0;
	if (!n->node && (flags & RENAME_EXCHANGE))
		return missing_err(n);
	if (n->node && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (!n->node && strchr(n->last, '.'))
		return -EPERM;
	if (S_ISDIR(o->node->mode) && node_is_ancestor(o->node, n->parent))
		return -EINVAL;
	if (n->node && (flags & RENAME_EXCHANGE) && S_ISDIR(n->node->mode) &&
	    node_is_ancestor(n->node, o->parent))
		return -EINVAL;
	if (n->node && !(flags & RENAME_EXCHANGE)) {
		if (S_ISDIR(o->node->mode) && !S_ISDIR(n->node->mode))
			return -ENOTDIR;
		if (!S_ISDIR(o->node->mode) && S_ISDIR(n->node->mode))
			return -EISDIR;
		if (S_ISDIR(n->node->mode) && n->node->children)
			return -ENOTEMPTY;
	}
	err = may_delete(o->parent, o->node);
	if (!err)
		err = n->node ? may_delete(n->parent, n->node) : may_create(n->parent);
	return err;
}

static void node_rename(struct bpffs_node *n, struct bpffs_node *dir, char *name)
{
	node_unlink(n);
	kfree(n->name);
	n->name = name;
	node_link(dir, n);
	node_touch(&n->ctime);
}

int bpffs_rename(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned int flags)
{
	struct bpffs_path *op = path_alloc(), *np = path_alloc();
	struct bpffs_mount *om, *nm;
	struct bpffs_lookup ol, nl;
	struct bpffs_node *dead = NULL;
	char *oname = NULL, *nname = NULL;
	int err;

	if (!op || !np) {
		err = -ENOMEM;
		goto out_free;
	}
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE) ||
	    ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))) {
		err = -EINVAL;
		goto out_free;
	}
	err = path_clean(olddirfd, oldpath, op);
	if (!err)
		err = path_clean(newdirfd, newpath, np);
	if (err)
		goto out_free;
	mutex_lock(&bpffs_lock);
	om = mount_find_locked(op->buf);
	nm = mount_find_locked(np->buf);
	if (!om && !nm) {
		err = BPFFS_PASS;
		goto out_unlock;
	}
	if (om != nm) {
		err = -EXDEV;
		goto out_unlock;
	}
	err = walk_locked(om, op, &ol);
	if (!err)
		err = walk_locked(nm, np, &nl);
	if (err)
		goto out_unlock;
	if (op->last_dot || op->last_dotdot || np->last_dot || np->last_dotdot) {
		err = -EBUSY;
		goto out_unlock;
	}
	err = rename_check(&ol, &nl, flags);
	if (err || ol.node == nl.node)
		goto out_unlock;
	if ((op->trailing_slash && !S_ISDIR(ol.node->mode)) ||
	    (np->trailing_slash && !S_ISDIR(ol.node->mode))) {
		err = -ENOTDIR;
		goto out_unlock;
	}
	nname = kstrdup(nl.last, GFP_KERNEL);
	oname = kstrdup(ol.last, GFP_KERNEL);
	if (!nname || !oname) {
		err = -ENOMEM;
		goto out_unlock;
	}
	if (nl.node && (flags & RENAME_EXCHANGE)) {
		struct bpffs_node *odir = ol.parent, *ndir = nl.parent;

		node_rename(ol.node, ndir, nname);
		node_rename(nl.node, odir, oname);
		nname = oname = NULL;
	} else {
		if (nl.node) {
			node_unlink(nl.node);
			node_kill(nl.node, &dead);
		}
		node_rename(ol.node, nl.parent, nname);
		nname = NULL;
	}
out_unlock:
	mutex_unlock(&bpffs_lock);
	nodes_free(dead);
out_free:
	kfree(oname);
	kfree(nname);
	kfree(op);
	kfree(np);
	return err;
}

int bpffs_chmod(int dirfd, const char *path, unsigned int mode)
{
	struct bpffs_path *p;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	err = lookup_lock(dirfd, path, p, &lk);
	if (!err) {
		err = lookup_existing(p, &lk);
		if (!err && geteuid() != 0 && geteuid() != lk.node->uid)
			err = -EPERM;
		if (!err) {
			lk.node->mode = (lk.node->mode & S_IFMT) | (mode & 07777);
			node_touch(&lk.node->ctime);
		}
		mutex_unlock(&bpffs_lock);
	}
	kfree(p);
	return err;
}

/*
 * Opening a pinned object: 6.1 dumps maps with BTF through a seq_file
 * and says -EIO otherwise; sysbpf has no dump yet and says -EIO always.
 * bpffs has no ->create: O_CREAT of a new name is -EACCES.  Directories
 * cannot be opened here (there is no real directory behind them).
 */
int bpffs_open(int dirfd, const char *path, int flags)
{
	struct bpffs_path *p;
	struct bpffs_lookup lk;
	int err;

	if (path_surely_off_bpffs(path))
		return BPFFS_PASS;
	p = path_alloc();
	if (!p)
		return -ENOMEM;
	err = lookup_lock(dirfd, path, p, &lk);
	if (err) {
		kfree(p);
		return err;
	}
	if (!lk.node && (flags & O_CREAT) && lk.parent)
		err = strchr(lk.last, '.') ? -EPERM : -EACCES;
	else
		err = lookup_existing(p, &lk);
	if (!err && (flags & O_CREAT) && (flags & O_EXCL))
		err = -EEXIST;
	if (!err && S_ISDIR(lk.node->mode))
		err = (flags & O_ACCMODE) != O_RDONLY ? -EISDIR : -EOPNOTSUPP;
	if (!err && (flags & O_DIRECTORY))
		err = -ENOTDIR;
	if (!err && !node_permission(lk.node, acc_mode(flags), false))
		err = -EACCES;
	if (!err)
		err = -EIO;
	mutex_unlock(&bpffs_lock);
	kfree(p);
	return err;
}

static mode_t mount_opt_mode(const char *data)
{
	const char *m = data ? strstr(data, "mode=") : NULL;

	if (!m || (m != data && m[-1] != ','))
		return 0777;
	return strtoul(m + 5, NULL, 8) & 07777;
}

/*
 * mount -t bpf: a new, empty bpffs at target (a real directory or one of
 * a bpffs); mounting again where one is keeps the one there.  Changes of
 * propagation or remounts of a bpffs mount succeed and change nothing.
 */
int bpffs_mount(const char *source, const char *target, const char *type,
		unsigned long flags, const void *data)
{
	struct bpffs_path *p = path_alloc();
	struct bpffs_lookup lk;
	struct bpffs_mount *m;
	char *clean;
	bool is_bpf = type && !strcmp(type, "bpf") &&
		      !(flags & (MS_REMOUNT | MS_BIND | MS_MOVE));
	struct stat st;
	int err;

	if (!p)
		return -ENOMEM;
	err = path_clean(AT_FDCWD, target, p);
	if (err)
		goto out;
	mutex_lock(&bpffs_lock);
	m = mount_find_locked(p->buf);
	if (!m) {
		mutex_unlock(&bpffs_lock);
		err = BPFFS_PASS;
		if (!is_bpf)
			goto out;
		if (stat(p->buf, &st))
			err = -errno;
		else if (!S_ISDIR(st.st_mode))
			err = -ENOTDIR;
		else {
			mutex_lock(&bpffs_lock);
			if (!mount_find_locked(p->buf))
				err = mount_new(p->buf, mount_opt_mode(data)) ? 0 : -ENOMEM;
			else
				err = 0;
			mutex_unlock(&bpffs_lock);
		}
		goto out;
	}
	/* walk_locked() cuts p->buf into components: keep the path */
	clean = kstrdup(p->buf, GFP_KERNEL);
	err = clean ? walk_locked(m, p, &lk) : -ENOMEM;
	if (!err)
		err = lookup_existing(p, &lk);
	if (!err && !S_ISDIR(lk.node->mode))
		err = -ENOTDIR;
	if (!err && is_bpf && lk.node != m->root)
		err = mount_new(clean, mount_opt_mode(data)) ? 0 : -ENOMEM;
	kfree(clean);
	mutex_unlock(&bpffs_lock);
out:
	kfree(p);
	return err;
}

int bpffs_umount(const char *target, int flags)
{
	struct bpffs_path *p = path_alloc();
	struct bpffs_mount *m, **pp;
	struct bpffs_node *dead = NULL;
	int err;

	if (!p)
		return -ENOMEM;
	err = path_clean(AT_FDCWD, target, p);
	if (err)
		goto out;
	mutex_lock(&bpffs_lock);
	m = mount_find_locked(p->buf);
	if (!m) {
		err = BPFFS_PASS;
	} else if (strcmp(m->path, p->buf)) {
		err = -EINVAL;		/* not a mount point */
	} else if (has_mount_under_locked(m, m->path)) {
		err = -EBUSY;
	} else {
		for (pp = &mounts; *pp; pp = &(*pp)->next) {
			if (*pp == m) {
				*pp = m->next;
				break;
			}
		}
		node_kill(m->root, &dead);
		kfree(m->path);
		kfree(m);
	}
	mutex_unlock(&bpffs_lock);
	nodes_free(dead);
out:
	kfree(p);
	return err;
}

size_t bpffs_show_mounts(char *buf, size_t size)
{
	struct bpffs_mount *m;
	size_t len = 0;

	mutex_lock(&bpffs_lock);
	mounts_init_locked();
	for (m = mounts; m; m = m->next) {
		mode_t mode = m->root->mode & 0777;
		int n;

		if (mode != 0777)
			n = snprintf(buf + len, size > len ? size - len : 0,
				     "bpf %s bpf rw,relatime,mode=%o 0 0\n", m->path, mode);
		else
			n = snprintf(buf + len, size > len ? size - len : 0,
				     "bpf %s bpf rw,relatime 0 0\n", m->path);
		if (n > 0)
			len += n;
	}
	mutex_unlock(&bpffs_lock);
	return len;
}

/* ---- walks (nftw of bpftool) ---- */

struct walk_entry {
	char *path;
	struct stat st;
	int level;
};

struct walk_list {
	struct walk_entry *e;
	size_t nr, cap;
	int err;
};

static void walk_add(struct walk_list *wl, const char *path,
		     const struct bpffs_mount *m, const struct bpffs_node *n, int level)
{
	struct walk_entry *e;

	if (wl->err)
		return;
	if (wl->nr == wl->cap) {
		size_t cap = wl->cap ? wl->cap * 2 : 16;

		e = krealloc(wl->e, cap * sizeof(*e), GFP_KERNEL);
		if (!e) {
			wl->err = -ENOMEM;
			return;
		}
		wl->e = e;
		wl->cap = cap;
	}
	e = &wl->e[wl->nr];
	e->path = kstrdup(path, GFP_KERNEL);
	if (!e->path) {
		wl->err = -ENOMEM;
		return;
	}
	node_fill_stat(m, n, &e->st);
	e->level = level;
	wl->nr++;
}

static void walk_collect(struct walk_list *wl, char *path, size_t len,
			 const struct bpffs_mount *m, const struct bpffs_node *n,
			 int level, bool depth_first)
{
	struct bpffs_node *c;

	if (!depth_first)
		walk_add(wl, path, m, n, level);
	if (S_ISDIR(n->mode)) {
		for (c = n->children; c; c = c->next) {
			size_t clen = strlen(c->name);

			if (len + 1 + clen >= PATH_MAX)
				continue;
			path[len] = '/';
			memcpy(path + len + 1, c->name, clen + 1);
			walk_collect(wl, path, len + 1 + clen, m, c, level + 1, depth_first);
			path[len] = '\0';
		}
	}
	if (depth_first)
		walk_add(wl, path, m, n, level);
}

int bpffs_walk(const char *path, bool depth_first, bpffs_walk_fn fn, void *arg)
{
	struct bpffs_path *p = path_alloc();
	struct walk_list wl = { 0 };
	struct bpffs_lookup lk;
	char *start = NULL;
	size_t i, len;
	int err;

	if (!p)
		return -ENOMEM;
	/* the walk reports paths as the caller spelled them */
	len = path ? strnlen(path, PATH_MAX) : 0;
	start = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!start) {
		kfree(p);
		return -ENOMEM;
	}
	while (len > 1 && path[len - 1] == '/')
		len--;
	memcpy(start, path ? path : "", len);
	start[len] = '\0';
	err = lookup_lock(AT_FDCWD, path, p, &lk);
	if (err)
		goto out;
	err = lookup_existing(p, &lk);
	if (!err)
		walk_collect(&wl, start, len, lk.mnt, lk.node, 0, depth_first);
	mutex_unlock(&bpffs_lock);
	if (!err)
		err = wl.err;
	for (i = 0; !err && i < wl.nr; i++)
		err = fn(wl.e[i].path, &wl.e[i].st, wl.e[i].level, arg);
out:
	for (i = 0; i < wl.nr; i++)
		kfree(wl.e[i].path);
	kfree(wl.e);
	kfree(start);
	kfree(p);
	return err;
}
