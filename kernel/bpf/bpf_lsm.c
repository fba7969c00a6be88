// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TYPE_LSM: programs attached to the bpf_lsm_<hook>() functions
 * of the LSM hooks of Linux 6.1.  A hook is known by name: the 6.1 list
 * of hooks (lsm_hook_defs.h), which of them may sleep, and which BPF may
 * not attach to.  The vmlinux BTF says what their arguments are.
 *
 * Nothing in sysbpf calls an LSM hook: LSM programs load, verify and
 * attach; no BPF_PROG_TEST_RUN, as in 6.1.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/btf.h>
#include <stdlib.h>

#define LSM_PREFIX	"bpf_lsm_"
#define LSM_SLEEPABLE	0x1
#define LSM_DISABLED	0x2

struct lsm_hook {
	const char *name;	/* without bpf_lsm_ */
	u32 flags;
};

/* Sorted by name. */
static const struct lsm_hook lsm_hooks[] = {
	{ "audit_rule_free", 0 },
	{ "audit_rule_init", 0 },
	{ "audit_rule_known", 0 },
	{ "audit_rule_match", LSM_DISABLED },
	{ "binder_set_context_mgr", 0 },
	{ "binder_transaction", 0 },
	{ "binder_transfer_binder", 0 },
	{ "binder_transfer_file", 0 },
	{ "bpf", LSM_SLEEPABLE },
	{ "bpf_map", LSM_SLEEPABLE },
	{ "bpf_map_alloc_security", LSM_SLEEPABLE },
	{ "bpf_map_free_security", LSM_SLEEPABLE },
	{ "bpf_prog", LSM_SLEEPABLE },
	{ "bpf_prog_alloc_security", 0 },
	{ "bpf_prog_free_security", 0 },
	{ "bprm_check_security", LSM_SLEEPABLE },
	{ "bprm_committed_creds", LSM_SLEEPABLE },
	{ "bprm_committing_creds", LSM_SLEEPABLE },
	{ "bprm_creds_for_exec", LSM_SLEEPABLE },
	{ "bprm_creds_from_file", LSM_SLEEPABLE },
	{ "capable", 0 },
	{ "capget", LSM_SLEEPABLE },
	{ "capset", LSM_SLEEPABLE },
	{ "cred_alloc_blank", 0 },
	{ "cred_free", 0 },
	{ "cred_getsecid", 0 },
	{ "cred_prepare", LSM_SLEEPABLE },
	{ "cred_transfer", 0 },
	{ "current_getsecid_subj", LSM_SLEEPABLE },
	{ "d_instantiate", 0 },
	{ "dentry_create_files_as", 0 },
	{ "dentry_init_security", 0 },
	{ "file_alloc_security", 0 },
	{ "file_fcntl", 0 },
	{ "file_free_security", 0 },
	{ "file_ioctl", LSM_SLEEPABLE },
	{ "file_ioctl_compat", 0 },
	{ "file_lock", LSM_SLEEPABLE },
	{ "file_mprotect", 0 },
	{ "file_open", LSM_SLEEPABLE },
	{ "file_permission", 0 },
	{ "file_receive", LSM_SLEEPABLE },
	{ "file_send_sigiotask", 0 },
	{ "file_set_fowner", 0 },
	{ "fs_context_dup", 0 },
	{ "fs_context_parse_param", 0 },
	{ "fs_context_submount", 0 },
	{ "getprocattr", LSM_DISABLED },
	{ "ib_alloc_security", 0 },
	{ "ib_endport_manage_subnet", 0 },
	{ "ib_free_security", 0 },
	{ "ib_pkey_access", 0 },
	{ "inet_conn_established", LSM_SLEEPABLE },
	{ "inet_conn_request", 0 },
	{ "inet_csk_clone", 0 },
	{ "inode_alloc_security", 0 },
	{ "inode_copy_up", 0 },
	{ "inode_copy_up_xattr", LSM_DISABLED },
	{ "inode_create", LSM_SLEEPABLE },
	{ "inode_follow_link", 0 },
	{ "inode_free_security", LSM_SLEEPABLE },
	{ "inode_getattr", LSM_SLEEPABLE },
	{ "inode_getsecctx", 0 },
	{ "inode_getsecid", 0 },
	{ "inode_getsecurity", LSM_DISABLED },
	{ "inode_getxattr", LSM_SLEEPABLE },
	{ "inode_init_security", 0 },
	{ "inode_init_security_anon", 0 },
	{ "inode_invalidate_secctx", 0 },
	{ "inode_killpriv", 0 },
	{ "inode_link", 0 },
	{ "inode_listsecurity", LSM_DISABLED },
	{ "inode_listxattr", 0 },
	{ "inode_mkdir", 0 },
	{ "inode_mknod", LSM_SLEEPABLE },
	{ "inode_need_killpriv", LSM_SLEEPABLE | LSM_DISABLED },
	{ "inode_notifysecctx", 0 },
	{ "inode_permission", 0 },
	{ "inode_post_setxattr", LSM_SLEEPABLE },
	{ "inode_readlink", LSM_SLEEPABLE },
	{ "inode_removexattr", 0 },
	{ "inode_rename", LSM_SLEEPABLE },
	{ "inode_rmdir", LSM_SLEEPABLE },
	{ "inode_setattr", LSM_SLEEPABLE },
	{ "inode_setsecctx", 0 },
	{ "inode_setsecurity", 0 },
	{ "inode_setxattr", LSM_SLEEPABLE },
	{ "inode_symlink", LSM_SLEEPABLE },
	{ "inode_unlink", LSM_SLEEPABLE },
	{ "ipc_getsecid", 0 },
	{ "ipc_permission", 0 },
	{ "ismaclabel", LSM_DISABLED },
	{ "kernel_act_as", 0 },
	{ "kernel_create_files_as", 0 },
	{ "kernel_load_data", 0 },
	{ "kernel_module_request", LSM_SLEEPABLE },
	{ "kernel_post_load_data", 0 },
	{ "kernel_post_read_file", 0 },
	{ "kernel_read_file", LSM_SLEEPABLE },
	{ "kernfs_init_security", LSM_SLEEPABLE },
	{ "key_alloc", 0 },
	{ "key_free", LSM_SLEEPABLE },
	{ "key_getsecurity", LSM_DISABLED },
	{ "key_permission", 0 },
	{ "locked_down", 0 },
	{ "mmap_addr", 0 },
	{ "mmap_file", LSM_SLEEPABLE },
	{ "move_mount", 0 },
	{ "msg_msg_alloc_security", 0 },
	{ "msg_msg_free_security", 0 },
	{ "msg_queue_alloc_security", 0 },
	{ "msg_queue_associate", 0 },
	{ "msg_queue_free_security", 0 },
	{ "msg_queue_msgctl", 0 },
	{ "msg_queue_msgrcv", 0 },
	{ "msg_queue_msgsnd", 0 },
	{ "netlink_send", LSM_SLEEPABLE },
	{ "path_chmod", 0 },
	{ "path_chown", 0 },
	{ "path_chroot", 0 },
	{ "path_link", 0 },
	{ "path_mkdir", 0 },
	{ "path_mknod", 0 },
	{ "path_notify", LSM_SLEEPABLE },
	{ "path_rename", 0 },
	{ "path_rmdir", 0 },
	{ "path_symlink", 0 },
	{ "path_truncate", 0 },
	{ "path_unlink", 0 },
	{ "perf_event_alloc", 0 },
	{ "perf_event_free", 0 },
	{ "perf_event_open", 0 },
	{ "perf_event_read", 0 },
	{ "perf_event_write", 0 },
	{ "post_notification", 0 },
	{ "ptrace_access_check", 0 },
	{ "ptrace_traceme", 0 },
	{ "quota_on", 0 },
	{ "quotactl", 0 },
	{ "release_secctx", LSM_SLEEPABLE },
	{ "req_classify_flow", 0 },
	{ "sb_alloc_security", LSM_SLEEPABLE },
	{ "sb_clone_mnt_opts", 0 },
	{ "sb_delete", 0 },
	{ "sb_eat_lsm_opts", LSM_SLEEPABLE },
	{ "sb_free_mnt_opts", 0 },
	{ "sb_free_security", 0 },
	{ "sb_kern_mount", LSM_SLEEPABLE },
	{ "sb_mnt_opts_compat", 0 },
	{ "sb_mount", LSM_SLEEPABLE },
	{ "sb_pivotroot", 0 },
	{ "sb_remount", LSM_SLEEPABLE },
	{ "sb_set_mnt_opts", LSM_SLEEPABLE },
	{ "sb_show_options", LSM_SLEEPABLE },
	{ "sb_statfs", LSM_SLEEPABLE },
	{ "sb_umount", LSM_SLEEPABLE },
	{ "sctp_assoc_established", 0 },
	{ "sctp_assoc_request", 0 },
	{ "sctp_bind_connect", 0 },
	{ "sctp_sk_clone", 0 },
	{ "secctx_to_secid", 0 },
	{ "secid_to_secctx", 0 },
	{ "secmark_refcount_dec", 0 },
	{ "secmark_refcount_inc", 0 },
	{ "secmark_relabel_packet", 0 },
	{ "sem_alloc_security", 0 },
	{ "sem_associate", 0 },
	{ "sem_free_security", 0 },
	{ "sem_semctl", 0 },
	{ "sem_semop", 0 },
	{ "setprocattr", LSM_DISABLED },
	{ "settime", LSM_SLEEPABLE },
	{ "shm_alloc_security", 0 },
	{ "shm_associate", 0 },
	{ "shm_free_security", 0 },
	{ "shm_shmat", 0 },
	{ "shm_shmctl", 0 },
	{ "sk_alloc_security", 0 },
	{ "sk_clone_security", 0 },
	{ "sk_free_security", 0 },
	{ "sk_getsecid", 0 },
	{ "sock_graft", 0 },
	{ "socket_accept", LSM_SLEEPABLE },
	{ "socket_bind", LSM_SLEEPABLE },
	{ "socket_connect", LSM_SLEEPABLE },
	{ "socket_create", LSM_SLEEPABLE },
	{ "socket_getpeername", LSM_SLEEPABLE },
	{ "socket_getpeersec_dgram", LSM_SLEEPABLE },
	{ "socket_getpeersec_stream", 0 },
	{ "socket_getsockname", LSM_SLEEPABLE },
	{ "socket_getsockopt", LSM_SLEEPABLE },
	{ "socket_listen", LSM_SLEEPABLE },
	{ "socket_post_create", LSM_SLEEPABLE },
	{ "socket_recvmsg", LSM_SLEEPABLE },
	{ "socket_sendmsg", LSM_SLEEPABLE },
	{ "socket_setsockopt", 0 },
	{ "socket_shutdown", LSM_SLEEPABLE },
	{ "socket_sock_rcv_skb", 0 },
	{ "socket_socketpair", LSM_SLEEPABLE },
	{ "syslog", LSM_SLEEPABLE },
	{ "task_alloc", LSM_SLEEPABLE },
	{ "task_fix_setgid", 0 },
	{ "task_fix_setgroups", 0 },
	{ "task_fix_setuid", 0 },
	{ "task_free", 0 },
	{ "task_getioprio", 0 },
	{ "task_getpgid", 0 },
	{ "task_getscheduler", 0 },
	{ "task_getsecid_obj", LSM_SLEEPABLE },
	{ "task_getsid", 0 },
	{ "task_kill", 0 },
	{ "task_movememory", 0 },
	{ "task_prctl", LSM_SLEEPABLE },
	{ "task_prlimit", 0 },
	{ "task_setioprio", 0 },
	{ "task_setnice", 0 },
	{ "task_setpgid", 0 },
	{ "task_setrlimit", 0 },
	{ "task_setscheduler", LSM_SLEEPABLE },
	{ "task_to_inode", 0 },
	{ "tun_dev_alloc_security", 0 },
	{ "tun_dev_attach", 0 },
	{ "tun_dev_attach_queue", 0 },
	{ "tun_dev_create", 0 },
	{ "tun_dev_free_security", 0 },
	{ "tun_dev_open", 0 },
	{ "unix_may_send", 0 },
	{ "unix_stream_connect", 0 },
	{ "uring_cmd", 0 },
	{ "uring_override_creds", 0 },
	{ "uring_sqpoll", 0 },
	{ "userns_create", LSM_SLEEPABLE },
	{ "vm_enough_memory", LSM_DISABLED },
	{ "watch_key", 0 },
	{ "xfrm_decode_session", LSM_DISABLED },
	{ "xfrm_policy_alloc_security", 0 },
	{ "xfrm_policy_clone_security", 0 },
	{ "xfrm_policy_delete_security", 0 },
	{ "xfrm_policy_free_security", 0 },
	{ "xfrm_policy_lookup", 0 },
	{ "xfrm_state_alloc", 0 },
	{ "xfrm_state_alloc_acquire", 0 },
	{ "xfrm_state_delete_security", 0 },
	{ "xfrm_state_free_security", 0 },
	{ "xfrm_state_pol_flow_match", 0 },
};

static int lsm_hook_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct lsm_hook *)elem)->name);
}

/* The hook of a bpf_lsm_<hook> function name, or NULL. */
static const struct lsm_hook *lsm_hook_find(const char *func_name)
{
	const size_t plen = sizeof(LSM_PREFIX) - 1;

	if (!func_name || strncmp(func_name, LSM_PREFIX, plen))
		return NULL;
	return bsearch(func_name + plen, lsm_hooks, ARRAY_SIZE(lsm_hooks),
		       sizeof(lsm_hooks[0]), lsm_hook_cmp);
}

bool bpf_lsm_is_sleepable_hook(const char *name);
bool bpf_lsm_is_sleepable_hook(const char *name)
{
	const struct lsm_hook *hook = lsm_hook_find(name);

	return hook && (hook->flags & LSM_SLEEPABLE);
}

int bpf_lsm_verify_prog(struct bpf_verifier_log *log, const struct bpf_prog *prog);
int bpf_lsm_verify_prog(struct bpf_verifier_log *log, const struct bpf_prog *prog)
{
	u32 btf_id = prog->aux->attach_btf_id;
	const char *func_name = prog->aux->attach_func_name;
	const struct lsm_hook *hook = lsm_hook_find(func_name);

	if (!prog->gpl_compatible) {
		bpf_log(log, "LSM programs must have a GPL compatible license\n");
		return -EINVAL;
	}
	if (hook && (hook->flags & LSM_DISABLED)) {
		bpf_log(log, "attach_btf_id %u points to disabled hook %s\n", btf_id, func_name);
		return -EINVAL;
	}
	if (!hook) {
		bpf_log(log, "attach_btf_id %u points to wrong type name %s\n", btf_id, func_name);
		return -EINVAL;
	}
	return 0;
}

/* Helpers other files provide when they are built: unknown until then. */
extern const struct bpf_func_proto bpf_inode_storage_get_proto __weak;
extern const struct bpf_func_proto bpf_inode_storage_delete_proto __weak;
extern const struct bpf_func_proto bpf_sk_storage_get_proto __weak;
extern const struct bpf_func_proto bpf_sk_storage_delete_proto __weak;

/*
 * 6.1's LSM set less what needs kernel objects sysbpf has not got
 * (bprm_opts_set, ima hashes, cgroup LSM socket options).
 */
static const struct bpf_func_proto *bpf_lsm_func_proto(enum bpf_func_id func_id,
							const struct bpf_prog *prog)
{
	switch (func_id) {
	case BPF_FUNC_inode_storage_get:
		return &bpf_inode_storage_get_proto;
	case BPF_FUNC_inode_storage_delete:
		return &bpf_inode_storage_delete_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_spin_lock:
		return &bpf_spin_lock_proto;
	case BPF_FUNC_spin_unlock:
		return &bpf_spin_unlock_proto;
	case BPF_FUNC_bprm_opts_set:
	case BPF_FUNC_ima_inode_hash:
	case BPF_FUNC_ima_file_hash:
	case BPF_FUNC_setsockopt:
	case BPF_FUNC_getsockopt:
		return NULL;
	case BPF_FUNC_get_attach_cookie:
		return bpf_prog_has_trampoline(prog) ? &bpf_get_attach_cookie_proto_tracing : NULL;
	default:
		return tracing_prog_func_proto(func_id, prog);
	}
}

const struct bpf_verifier_ops lsm_verifier_ops = {
	.get_func_proto		= bpf_lsm_func_proto,
	.is_valid_access	= btf_ctx_access,
};

const struct bpf_prog_ops lsm_prog_ops = {
	.pkt_bounds	= bpf_trace_ctx_bounds,
};
