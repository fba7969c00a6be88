// SPDX-License-Identifier: GPL-2.0
/*
 * An LD_PRELOAD library, put in front of libsysbpf.so, that writes every
 * program the instance accepts as an input of fuzz_verifier
 * (fuzz_verifier.h), into the directory $SEED_DUMP_DIR.  gen_corpus.py
 * runs the upstream 6.1 test_verifier under it: its accepted programs,
 * privileged and unprivileged, become the seeds of the fuzzer.
 *
 * A map an LD_IMM64 names is replaced by the index of the fuzzer's map
 * that is most like it (same type and sizes, else same type, else same
 * value size).  Programs that need BTF (their own or the kernel's) or a
 * program type the fuzzer does not load are left out.
 *
 * Built by gen_corpus.py: cc -shared -fPIC seed_dump.c -o seed_dump.so -ldl
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>
#include "fuzz_verifier.h"

typedef long (*syscall_fn)(long, ...);

static syscall_fn next_syscall(void)
{
	static syscall_fn fn;

	if (!fn)
		fn = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	return fn;
}

static bool privileged(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (next_syscall()(SYS_capget, &hdr, data))
		return true;
	return data[CAP_BPF / 32].effective & (1U << (CAP_BPF % 32));
}

static int type_index(const union bpf_attr *attr, bool unpriv)
{
	int i, same_type = -1;
	size_t j;

	for (i = 0; i < 32; i++) {
		if (fuzz_prog_types[i].type != attr->prog_type)
			continue;
		if (fuzz_prog_types[i].attach == attr->expected_attach_type)
			break;
		if (same_type < 0)
			same_type = i;
	}
	if (i == 32)
		i = same_type;
	if (i < 0 || !unpriv)
		return i;
	for (j = 0; j < sizeof(fuzz_unpriv_types); j++)
		if (fuzz_unpriv_types[j] == i)
			return j;
	return -1;
}

static int map_index(int fd)
{
	struct bpf_map_info info;
	union bpf_attr attr;
	int i, best = 0, score = -1, s;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uint64_t)(uintptr_t)&info;
	if (next_syscall()(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)))
		return 0;
	if (info.type == BPF_MAP_TYPE_PROG_ARRAY)
		return FUZZ_MAP_PROG_ARRAY;
	for (i = 0; i < FUZZ_NR_MAPS; i++) {
		const struct fuzz_map *m = &fuzz_maps[i];

		s = 0;
		if (m->type == info.type)
			s += 8;
		if (m->value_size == info.value_size)
			s += 4;
		if (m->key_size == info.key_size)
			s += 2;
		if ((m->flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) ==
		    (info.map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)))
			s += 1;
		/* a value with a spin lock or a timer: one of ours with BTF */
		if ((m->btf != FUZZ_BTF_NONE) == (info.btf_value_type_id != 0))
			s += 16;
		if (s > score) {
			score = s;
			best = i;
		}
	}
	return best;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void dump(const union bpf_attr *attr)
{
	static uint8_t buf[FUZZ_HDR_LEN + FUZZ_MAX_INSNS * sizeof(struct bpf_insn)];
	const char *dir = getenv("SEED_DUMP_DIR");
	struct bpf_insn *insns = (struct bpf_insn *)(buf + FUZZ_HDR_LEN);
	bool unpriv = !privileged();
	char path[4096];
	uint32_t i, cnt = attr->insn_cnt;
	size_t len;
	int type, fd;

	if (!dir || !cnt || cnt > FUZZ_MAX_INSNS || attr->prog_btf_fd ||
	    attr->attach_btf_id || attr->attach_prog_fd)
		return;
	type = type_index(attr, unpriv);
	if (type < 0)
		return;
	buf[0] = type | (unpriv ? FUZZ_UNPRIV : 0);
	buf[1] = attr->prog_flags & FUZZ_PROG_FLAGS;
	buf[2] = 64;
	buf[3] = 0;
	buf[4] = cnt & 0xff;
	buf[5] = cnt >> 8;
	memcpy(insns, (const void *)(uintptr_t)attr->insns, cnt * sizeof(*insns));
	for (i = 0; i + 1 < cnt; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD ||
		    insns[i].src_reg == BPF_PSEUDO_MAP_VALUE)
			insns[i].imm = map_index(insns[i].imm);
		i++;
	}
	len = FUZZ_HDR_LEN + cnt * sizeof(*insns);
	snprintf(path, sizeof(path), "%s/tv-%016llx", dir,
		 (unsigned long long)fnv1a(buf, len));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, buf, len) != (ssize_t)len)
		unlink(path);
	close(fd);
}

long syscall(long number, ...)
{
	long a[6], ret;
	int saved;
	va_list ap;
	int i;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	ret = next_syscall()(number, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (number == SYS_bpf && a[0] == BPF_PROG_LOAD && ret >= 0) {
		saved = errno;
		dump((const union bpf_attr *)a[1]);
		errno = saved;
	}
	return ret;
}
