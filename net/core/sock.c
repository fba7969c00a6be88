// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets as BPF programs see them: allocation, cookies, the cgroup a
 * socket belongs to, and the socket options bpf_setsockopt() and
 * bpf_getsockopt() may touch.  There is no protocol behind them; a
 * socket is the state its fields describe.
 */
#include <net/sock.h>
#include <net/if.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Cookies start at 1: 0 means "no cookie yet" (and "no socket"). */
static atomic64_t sock_cookie_last;

/* init_net is the first namespace of the machine: its cookie is 1. */
#define INIT_NET_COOKIE	1

#ifndef SOL_TCP
#define SOL_TCP		6	/* the TCP level: IPPROTO_TCP */
#endif

#define CGROUP_ROOT_ID	1	/* the kernfs id of the cgroup v2 root */
#define CGROUP_MOUNT	"/sys/fs/cgroup"

/*
 * The calling task's cgroup v2 path ("0::/a/b" in /proc/self/cgroup),
 * or "/" when there is none to read.
 */
static void task_dfl_cgroup_path(char *path, size_t size)
{
	char line[4096];
	FILE *f = fopen("/proc/self/cgroup", "re");

	snprintf(path, size, "/");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(path, size, "%s", line + 3);
		break;
	}
	fclose(f);
}

/* A cgroup's id is the inode number of its directory in cgroupfs. */
static u64 cgroup_id_of(const char *path)
{
	char full[4200];
	struct stat st;

	if (!strcmp(path, "/") || !*path)
		return CGROUP_ROOT_ID;
	snprintf(full, sizeof(full), CGROUP_MOUNT "%s", path);
	if (stat(full, &st))
		return 0;
	return st.st_ino;
}

/* The path's depth below the root: "/" is 0, "/a" 1, "/a/b" 2. */
static int cgroup_level_of(const char *path)
{
	int level = 0;

	for (; *path; path++)
		if (*path == '/' && path[1])
			level++;
	return level;
}

u64 task_dfl_cgroup_id(void)
{
	char path[4096];

	task_dfl_cgroup_path(path, sizeof(path));
	return cgroup_id_of(path);
}

u64 task_dfl_cgroup_ancestor_id(int level)
{
	char path[4096];
	int depth = 0;
	char *p;

	task_dfl_cgroup_path(path, sizeof(path));
	if (level < 0 || level > cgroup_level_of(path))
		return 0;
	if (level == 0)
		return CGROUP_ROOT_ID;
	/* cut the path after its level-th component */
	for (p = path + 1; *p; p++) {
		if (*p == '/' && ++depth == level) {
			*p = '\0';
			break;
		}
	}
	return cgroup_id_of(path);
}

static void sk_set_cgroup(struct sock *sk)
{
	char path[4096], *p;
	int level;

	task_dfl_cgroup_path(path, sizeof(path));
	sk->sk_cgrp_id = cgroup_id_of(path);
	sk->sk_cgrp_level = cgroup_level_of(path);
	/* ancestors: cut the path one component at a time from the end */
	for (level = sk->sk_cgrp_level; level > 0; level--) {
		if (level < (int)ARRAY_SIZE(sk->sk_cgrp_ancestors))
			sk->sk_cgrp_ancestors[level] = cgroup_id_of(path);
		p = strrchr(path, '/');
		if (!p)
			break;
		*p = '\0';
		if (p == path)
			strcpy(path, "/");
	}
	sk->sk_cgrp_ancestors[0] = CGROUP_ROOT_ID;
}

struct sock *sk_alloc(int family, int type, int protocol)
{
	struct sock *sk = kzalloc(sizeof(struct tcp_sock), GFP_KERNEL);

	if (!sk)
		return NULL;
	sk->sk_family = family;
	sk->sk_type = type;
	sk->sk_protocol = protocol;
	sk->sk_state = TCP_CLOSE;
	sk->sk_rx_queue_mapping = NO_QUEUE_MAPPING;
	sk->sk_rcvbuf = 212992;		/* net.core.rmem_default */
	sk->sk_sndbuf = 212992;		/* net.core.wmem_default */
	sk->sk_rcvlowat = 1;
	sk->sk_uid = geteuid();
	refcount_set(&sk->sk_refcnt, 1);
	sk_set_cgroup(sk);
	return sk;
}

void sock_hold(struct sock *sk)
{
	refcount_inc(&sk->sk_refcnt);
}

void sock_put(struct sock *sk)
{
	if (refcount_dec_and_test(&sk->sk_refcnt))
		kfree(sk);
}

u64 sock_gen_cookie(struct sock *sk)
{
	s64 res = atomic64_read(&sk->sk_cookie), fresh;

	if (res)
		return res;
	fresh = atomic64_inc_return(&sock_cookie_last);
	/* two first users race: the one that stores first gives the cookie */
	__atomic_compare_exchange_n(&sk->sk_cookie.counter, &res, fresh, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
	return atomic64_read(&sk->sk_cookie);
}

u64 bpf_net_cookie(const struct sock *sk)
{
	return INIT_NET_COOKIE;
}

/* SOL_SOCKET options of an int each, as 6.1's sol_socket_sockopt() lists them. */
static int *sol_socket_field(struct sock *sk, int optname, int *scratch)
{
	switch (optname) {
	case SO_SNDBUF:
		return &sk->sk_sndbuf;
	case SO_RCVBUF:
		return &sk->sk_rcvbuf;
	case SO_RCVLOWAT:
		return &sk->sk_rcvlowat;
	case SO_MARK:
		return (int *)&sk->sk_mark;
	case SO_PRIORITY:
		return (int *)&sk->sk_priority;
	case SO_BINDTOIFINDEX:
		return &sk->sk_bound_dev_if;
	default:
		/* flags and pacing: accepted, nothing reads them back */
		*scratch = 0;
		return scratch;
	}
}

static int sol_socket_check(int optname, int optlen)
{
	switch (optname) {
	case SO_REUSEADDR:
	case SO_SNDBUF:
	case SO_RCVBUF:
	case SO_KEEPALIVE:
	case SO_PRIORITY:
	case SO_REUSEPORT:
	case SO_RCVLOWAT:
	case SO_MARK:
	case SO_MAX_PACING_RATE:
	case SO_BINDTOIFINDEX:
	case SO_TXREHASH:
		return optlen == sizeof(int) ? 0 : -EINVAL;
	case SO_BINDTODEVICE:
		return 0;
	default:
		return -EINVAL;
	}
}

static int sol_socket_set(struct sock *sk, int optname, char *optval, int optlen)
{
	int val, scratch, *field;

	if (optname == SO_BINDTODEVICE) {
		char name[IFNAMSIZ] = "";

		memcpy(name, optval, min_t(int, optlen, IFNAMSIZ - 1));
		if (!name[0]) {
			sk->sk_bound_dev_if = 0;
			return 0;
		}
		if (strcmp(name, loopback_dev.name))
			return -ENODEV;
		sk->sk_bound_dev_if = loopback_dev.ifindex;
		return 0;
	}
	memcpy(&val, optval, sizeof(val));
	switch (optname) {
	case SO_REUSEADDR:
		sk->sk_reuse = !!val;
		return 0;
	case SO_REUSEPORT:
		sk->sk_reuseport = !!val;
		return 0;
	case SO_BINDTOIFINDEX:
		if (val && !dev_get_by_index(val))
			return -ENODEV;
		break;
	case SO_SNDBUF:
	case SO_RCVBUF:
		/* the kernel doubles the request for its bookkeeping */
		val = max_t(int, val, 0) * 2;
		break;
	}
	field = sol_socket_field(sk, optname, &scratch);
	*field = val;
	return 0;
}

static int sol_socket_get(struct sock *sk, int optname, char *optval, int optlen)
{
	int val, scratch;

	if (optname == SO_BINDTODEVICE)
		return -EINVAL;
	switch (optname) {
	case SO_REUSEADDR:
		val = sk->sk_reuse;
		break;
	case SO_REUSEPORT:
		val = sk->sk_reuseport;
		break;
	default:
		val = *sol_socket_field(sk, optname, &scratch);
	}
	memcpy(optval, &val, sizeof(val));
	return 0;
}

/*
 * The IP, IPv6 and TCP levels change protocol state this build does
 * not have: they answer -EOPNOTSUPP rather than pretend.
 */
static int sockopt_level_check(int level)
{
	switch (level) {
	case SOL_SOCKET:
		return 0;
	case SOL_IP:
	case SOL_IPV6:
	case SOL_TCP:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

int bpf_sock_setsockopt(struct sock *sk, int level, int optname,
			char *optval, int optlen)
{
	int err;

	if (!sk_fullsock(sk))
		return -EINVAL;
	err = sockopt_level_check(level) ?: sol_socket_check(optname, optlen);
	return err ?: sol_socket_set(sk, optname, optval, optlen);
}

int bpf_sock_getsockopt(struct sock *sk, int level, int optname,
			char *optval, int optlen)
{
	int err = -EINVAL;

	if (sk_fullsock(sk))
		err = sockopt_level_check(level) ?:
		      sol_socket_check(optname, optlen) ?:
		      sol_socket_get(sk, optname, optval, optlen);
	/* what was not filled in reads as zeroes */
	if (err)
		memset(optval, 0, optlen);
	return err;
}
