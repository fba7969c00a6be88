// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kernel/bpf/btf.c and btf_prog_info.c, linked with the core:
 * BPF_BTF_LOAD of raw blobs, valid and broken in every way 6.1 tells
 * apart (errno and log text as the kernel's), the object's id, fd and
 * info, the type queries, the map value checks, func_info/line_info of a
 * program, the BTF that libbpf 1.1 loads to probe the kernel, and the BTF
 * of an object clang compiles here, fixed up as libbpf fixes it.
 *
 * The raw cases, log texts and func/line info verdicts were also run
 * against a host kernel's bpf(2) (6.18): they agree but where 6.1 and
 * later kernels differ (decl tags may carry kind_flag since 6.13; since
 * 6.4 logs may be smaller than 128 bytes, BPF_LOG_FIXED (8) is a level
 * bit, and a full log keeps its tail).  Here the 6.1 rules hold.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define CHECK(cond, name) TEST_OK(cond, name, "%s", #cond)

/*
 * The log helpers live in kernel/bpf/log.c; until it is in the core these
 * weak copies follow 6.1's rules (a strong definition wins when linked).
 */
__attribute__((weak)) bool bpf_verifier_log_attr_valid(const struct bpf_verifier_log *log)
{
	return log->len_total >= 128 && log->len_total <= UINT_MAX >> 2 &&
	       log->level && log->ubuf && !(log->level & ~BPF_LOG_MASK);
}

__attribute__((weak)) void bpf_verifier_vlog(struct bpf_verifier_log *log,
					     const char *fmt, va_list args)
{
	unsigned int n = vsnprintf(log->kbuf, BPF_VERIFIER_TMP_LOG_SIZE, fmt, args);

	if (n >= BPF_VERIFIER_TMP_LOG_SIZE)
		n = BPF_VERIFIER_TMP_LOG_SIZE - 1;
	if (log->level == BPF_LOG_KERNEL)
		return;
	n = min(log->len_total - log->len_used - 1, n);
	log->kbuf[n] = '\0';
	memcpy(log->ubuf + log->len_used, log->kbuf, n + 1);
	log->len_used += n;
}

__attribute__((weak)) void bpf_log(struct bpf_verifier_log *log, const char *fmt, ...)
{
	va_list args;

	if (!bpf_verifier_log_needed(log))
		return;
	va_start(args, fmt);
	bpf_verifier_vlog(log, fmt, args);
	va_end(args);
}

/* ---- encoding raw BTF ---- */

#define BTF_INFO_ENC(kind, kflag, vlen) \
	((!!(kflag) << 31) | ((kind) << 24) | ((vlen) & BTF_MAX_VLEN))
#define BTF_TYPE_ENC(name, info, size_or_type) (name), (info), (size_or_type)
#define BTF_INT_ENC(encoding, bits_offset, nr_bits) \
	((encoding) << 24 | (bits_offset) << 16 | (nr_bits))
#define BTF_TYPE_INT_ENC(name, encoding, bits_offset, bits, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_INT, 0, 0), sz), \
	BTF_INT_ENC(encoding, bits_offset, bits)
#define BTF_INT(name)		BTF_TYPE_INT_ENC(name, BTF_INT_SIGNED, 0, 32, 4)
#define BTF_UINT(name)		BTF_TYPE_INT_ENC(name, 0, 0, 32, 4)
#define BTF_STRUCT_ENC(name, vlen, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_STRUCT, 0, vlen), sz)
#define BTF_STRUCT_KF_ENC(name, vlen, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_STRUCT, 1, vlen), sz)
#define BTF_UNION_ENC(name, vlen, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_UNION, 0, vlen), sz)
#define BTF_MEMBER_ENC(name, type, bits_offset) (name), (type), (bits_offset)
#define BTF_MEMBER_OFFSET(bitfield_size, bits_offset) \
	((bitfield_size) << 24 | (bits_offset))
#define BTF_ENUM_ENC(name, val)	(name), (val)
#define BTF_ENUM64_ENC(name, lo, hi)	(name), (lo), (hi)
#define BTF_ARRAY_ENC(type, index_type, nr_elems) \
	BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ARRAY, 0, 0), 0), \
	(type), (index_type), (nr_elems)
#define BTF_PTR_ENC(type)	BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_PTR, 0, 0), type)
#define BTF_CONST_ENC(type)	BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_CONST, 0, 0), type)
#define BTF_VOLATILE_ENC(type)	BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_VOLATILE, 0, 0), type)
#define BTF_RESTRICT_ENC(type)	BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_RESTRICT, 0, 0), type)
#define BTF_TYPEDEF_ENC(name, type) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_TYPEDEF, 0, 0), type)
#define BTF_FWD_ENC(name, kflag) BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_FWD, kflag, 0), 0)
#define BTF_FUNC_PROTO_ENC(ret, nargs) \
	BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_FUNC_PROTO, 0, nargs), ret)
#define BTF_PARAM_ENC(name, type) (name), (type)
#define BTF_FUNC_ENC(name, proto, linkage) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_FUNC, 0, linkage), proto)
#define BTF_VAR_ENC(name, type, linkage) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_VAR, 0, 0), type), (linkage)
#define BTF_DATASEC_ENC(name, vlen, sz) \
	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_DATASEC, 0, vlen), sz)
#define BTF_VAR_SECINFO_ENC(type, offset, size) (type), (offset), (size)
#define BTF_FLOAT_ENC(name, sz)	BTF_TYPE_ENC(name, BTF_INFO_ENC(BTF_KIND_FLOAT, 0, 0), sz)
#define BTF_DECL_TAG_ENC(value, type, component_idx) \
	BTF_TYPE_ENC(value, BTF_INFO_ENC(BTF_KIND_DECL_TAG, 0, 0), type), (component_idx)
#define BTF_TYPE_TAG_ENC(value, type) \
	BTF_TYPE_ENC(value, BTF_INFO_ENC(BTF_KIND_TYPE_TAG, 0, 0), type)

/* Stand-ins resolved when the blob is built: the next string, the n-th string. */
#define NAME_TBD	0xf0000000u
#define NAME_NTH(n)	(0xf1000000u | (n))
#define RAW_END		0xdeadbeefu
#define MAX_RAW		128

#define STRS(s)		.str_sec = s, .str_sec_size = sizeof(s)

struct raw_case {
	const char *descr;
	u32 raw[MAX_RAW];
	const char *str_sec;
	u32 str_sec_size;
	int err;		/* the errno expected, 0 for a load */
	const char *log;	/* text the log must contain */
	int hdr_len_delta, type_off_delta, str_off_delta, str_len_delta;
	u32 hdr_pad;		/* zero bytes after the header (a longer hdr_len) */
	u16 magic;
	u8 version, flags;
};

static const struct raw_case raw_cases[] = {
/* ---- INT ---- */
{
	.descr = "int: a plain int",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
},
{
	.descr = "int: 128 bits",
	.raw = { BTF_TYPE_INT_ENC(NAME_TBD, BTF_INT_SIGNED, 0, 128, 16), RAW_END },
	STRS("\0__int128"),
},
{
	.descr = "int: bool and char encodings",
	.raw = {
		BTF_TYPE_INT_ENC(NAME_TBD, BTF_INT_BOOL, 0, 8, 1),
		BTF_TYPE_INT_ENC(NAME_TBD, BTF_INT_CHAR, 0, 8, 1),
		RAW_END },
	STRS("\0_Bool\0char"),
},
{
	.descr = "int: invalid int_data",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_INT, 0, 0), 4), 0x10000020,
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[1] INT (anon) Invalid int_data:10000020",
},
{
	.descr = "int: nr_bits over 128",
	.raw = { BTF_TYPE_INT_ENC(0, 0, 0, 130, 16), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "nr_bits exceeds 128",
},
{
	.descr = "int: nr_bits over type size",
	.raw = { BTF_TYPE_INT_ENC(0, 0, 0, 33, 4), RAW_END },
	STRS(""),
	.err = EINVAL,
	.log = "[1] INT (anon) size=4 bits_offset=0 nr_bits=33 encoding=(none) nr_bits exceeds type_size",
},
{
	.descr = "int: two encoding bits",
	.raw = { BTF_TYPE_INT_ENC(0, BTF_INT_SIGNED | BTF_INT_CHAR, 0, 8, 1), RAW_END },
	STRS(""),
	.err = ENOTSUPP, .log = "encoding=UNKN Unsupported encoding",
},
{
	.descr = "int: kind_flag",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_INT, 1, 0), 4),
		BTF_INT_ENC(BTF_INT_SIGNED, 0, 32), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid btf_info kind_flag",
},
{
	.descr = "int: vlen",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_INT, 0, 1), 4),
		BTF_INT_ENC(BTF_INT_SIGNED, 0, 32), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "vlen != 0",
},
{
	.descr = "int: int_data cut off",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_INT, 0, 0), 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[1] INT (anon) meta_left:0 meta_needed:4",
},
/* ---- any type ---- */
{
	.descr = "type: unused btf_info bits",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_INT, 0, 0) | 0x10000, 4),
		BTF_INT_ENC(0, 0, 32), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[1] Invalid btf_info:1010000",
},
{
	.descr = "type: kind 0",
	.raw = { BTF_INT(0), BTF_TYPE_ENC(0, 0, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[2] Invalid kind:0",
},
{
	.descr = "type: kind past ENUM64",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(NR_BTF_KINDS, 0, 0), 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[1] Invalid kind:20",
},
{
	.descr = "type: name offset past the strings",
	.raw = { BTF_INT(5), RAW_END },
	STRS("\0int"),
	.err = EINVAL, .log = "[1] Invalid name_offset:5",
},
{
	.descr = "type: record cut off",
	.raw = { BTF_INT(0), 0, BTF_INFO_ENC(BTF_KIND_PTR, 0, 0), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[2] meta_left:8 meta_needed:12",
},
/* ---- STRUCT and UNION ---- */
{
	.descr = "struct: two int members",
	.raw = {
		BTF_INT(NAME_TBD),
		BTF_STRUCT_ENC(NAME_TBD, 2, 8),
		BTF_MEMBER_ENC(NAME_TBD, 1, 0),
		BTF_MEMBER_ENC(NAME_TBD, 1, 32),
		RAW_END },
	STRS("\0int\0A\0a\0b"),
	.log = "[2] STRUCT A size=8 vlen=2\n\ta type_id=1 bits_offset=0\n\tb type_id=1 bits_offset=32\n",
},
{
	.descr = "struct: anonymous struct and member",
	.raw = {
		BTF_INT(0),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS(""),
},
{
	.descr = "struct: flexible array at the end",
	.raw = {
		BTF_INT(0),
		BTF_ARRAY_ENC(1, 1, 0),
		BTF_STRUCT_ENC(0, 2, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		BTF_MEMBER_ENC(0, 2, 32),
		RAW_END },
	STRS(""),
},
{
	.descr = "struct: members out of order",
	.raw = {
		BTF_INT(NAME_TBD),
		BTF_STRUCT_ENC(NAME_TBD, 2, 8),
		BTF_MEMBER_ENC(NAME_TBD, 1, 32),
		BTF_MEMBER_ENC(NAME_TBD, 1, 0),
		RAW_END },
	STRS("\0int\0A\0a\0b"),
	.err = EINVAL, .log = "\tb type_id=1 bits_offset=0 Invalid member bits_offset\n",
},
{
	.descr = "struct: member past the struct",
	.raw = {
		BTF_INT(NAME_TBD),
		BTF_STRUCT_ENC(NAME_TBD, 2, 4),
		BTF_MEMBER_ENC(NAME_TBD, 1, 0),
		BTF_MEMBER_ENC(NAME_TBD, 1, 32),
		RAW_END },
	STRS("\0int\0A\0a\0b"),
	.err = EINVAL,
	.log = "[2] STRUCT A size=4 vlen=2\n\tb type_id=1 bits_offset=32 Member exceeds struct_size\n",
},
{
	.descr = "struct: member offset past the struct size",
	.raw = {
		BTF_INT(0),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 1, 40),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Member bits_offset exceeds its struct size",
},
{
	.descr = "struct: void member",
	.raw = {
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 0, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "\t(anon) type_id=0 bits_offset=0 Invalid type_id",
},
{
	.descr = "struct: const void member",
	.raw = {
		BTF_CONST_ENC(0),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member",
},
{
	.descr = "struct: prototype member",
	.raw = {
		BTF_FUNC_PROTO_ENC(0, 0),
		BTF_STRUCT_ENC(0, 1, 8),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[2] STRUCT (anon) size=8 vlen=1\n\t(anon) type_id=1 bits_offset=0 Invalid member",
},
{
	.descr = "struct: invalid name",
	.raw = {
		BTF_INT(0),
		BTF_STRUCT_ENC(NAME_TBD, 1, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS("\0" "1A"),
	.err = EINVAL, .log = "[2] STRUCT 1A size=4 vlen=1 Invalid name",
},
{
	.descr = "struct: invalid member name",
	.raw = {
		BTF_INT(0),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(NAME_TBD, 1, 0),
		RAW_END },
	STRS("\0a-b"),
	.err = EINVAL, .log = "\ta-b type_id=1 bits_offset=0 Invalid name",
},
{
	.descr = "struct: member name offset past the strings",
	.raw = {
		BTF_INT(0),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(4096, 1, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member name_offset:4096",
},
{
	.descr = "struct: members cut off",
	.raw = {
		BTF_INT(0),
		BTF_STRUCT_ENC(0, 2, 8),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "meta_left:12 meta_needed:24",
},
{
	.descr = "struct: containing itself",
	.raw = {
		BTF_STRUCT_ENC(NAME_TBD, 1, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS("\0A"),
	.err = EEXIST, .log = "[1] STRUCT A size=4 vlen=1 Loop detected",
},
{
	.descr = "struct: pointer to itself",
	.raw = {
		BTF_STRUCT_ENC(NAME_TBD, 1, 8),
		BTF_MEMBER_ENC(NAME_TBD, 2, 0),
		BTF_PTR_ENC(1),
		RAW_END },
	STRS("\0list\0next"),
},
{
	.descr = "union: member at a non-zero offset",
	.raw = {
		BTF_INT(0),
		BTF_UNION_ENC(0, 2, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		BTF_MEMBER_ENC(0, 1, 8),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member bits_offset",
},
{
	.descr = "struct: var member",
	.raw = {
		BTF_INT(0),
		BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 2, 0),
		RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "Invalid member",
},
{
	.descr = "struct: members through typedef, pointer and arrays",
	.raw = {
		BTF_INT(NAME_TBD),			/* [1] */
		BTF_ARRAY_ENC(1, 1, 8),			/* [2] int[8] */
		BTF_TYPEDEF_ENC(NAME_TBD, 2),		/* [3] arr_t */
		BTF_ARRAY_ENC(3, 1, 2),			/* [4] arr_t[2] */
		BTF_PTR_ENC(4),				/* [5] */
		BTF_STRUCT_ENC(NAME_TBD, 2, 72),	/* [6] */
		BTF_MEMBER_ENC(NAME_TBD, 4, 0),
		BTF_MEMBER_ENC(NAME_TBD, 5, 512),
		RAW_END },
	STRS("\0int\0arr_t\0S\0m\0p"),
},
{
	.descr = "struct: array member too big",
	.raw = {
		BTF_INT(0),
		BTF_ARRAY_ENC(1, 1, 4),
		BTF_STRUCT_ENC(0, 1, 12),
		BTF_MEMBER_ENC(0, 2, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Member exceeds struct_size",
},
{
	.descr = "struct: pointer member not byte aligned",
	.raw = {
		BTF_PTR_ENC(0),
		BTF_STRUCT_ENC(0, 1, 16),
		BTF_MEMBER_ENC(0, 1, 4),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Member is not byte aligned",
},
/* ---- kind_flag bitfields ---- */
{
	.descr = "kflag struct: int and enum bitfields",
	.raw = {
		BTF_UINT(NAME_TBD),				/* [1] */
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 1), 4),	/* [2] */
		BTF_ENUM_ENC(NAME_TBD, 0),
		BTF_TYPEDEF_ENC(NAME_TBD, 1),			/* [3] */
		BTF_STRUCT_KF_ENC(NAME_TBD, 4, 4),		/* [4] */
		BTF_MEMBER_ENC(NAME_TBD, 1, BTF_MEMBER_OFFSET(3, 0)),
		BTF_MEMBER_ENC(NAME_TBD, 2, BTF_MEMBER_OFFSET(5, 3)),
		BTF_MEMBER_ENC(NAME_TBD, 3, BTF_MEMBER_OFFSET(8, 8)),
		BTF_MEMBER_ENC(NAME_TBD, 1, BTF_MEMBER_OFFSET(16, 16)),
		RAW_END },
	STRS("\0unsigned int\0E\0E0\0u32\0B\0a\0b\0c\0d"),
	.log = "\ta type_id=1 bitfield_size=3 bits_offset=0\n",
},
{
	.descr = "kflag struct: bitfield wider than its int",
	.raw = {
		BTF_UINT(0),
		BTF_STRUCT_KF_ENC(0, 1, 8),
		BTF_MEMBER_ENC(0, 1, BTF_MEMBER_OFFSET(33, 0)),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member bitfield_size",
},
{
	.descr = "kflag struct: bitfield past the struct",
	.raw = {
		BTF_UINT(0),
		BTF_STRUCT_KF_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 1, BTF_MEMBER_OFFSET(8, 28)),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Member exceeds struct_size",
},
{
	.descr = "kflag struct: base int is itself a bitfield",
	.raw = {
		BTF_TYPE_INT_ENC(0, 0, 0, 31, 4),
		BTF_STRUCT_KF_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 1, BTF_MEMBER_OFFSET(4, 0)),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member base type",
},
{
	.descr = "kflag struct: whole int not at a byte",
	.raw = {
		BTF_UINT(0),
		BTF_STRUCT_KF_ENC(0, 1, 8),
		BTF_MEMBER_ENC(0, 1, BTF_MEMBER_OFFSET(0, 4)),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member offset",
},
{
	.descr = "kflag struct: pointer with a bitfield size",
	.raw = {
		BTF_PTR_ENC(0),
		BTF_STRUCT_KF_ENC(0, 1, 8),
		BTF_MEMBER_ENC(0, 1, BTF_MEMBER_OFFSET(4, 0)),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member bitfield_size",
},
{
	.descr = "kflag struct: enum bitfield wider than int",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 0), 4),
		BTF_STRUCT_KF_ENC(0, 1, 8),
		BTF_MEMBER_ENC(0, 1, BTF_MEMBER_OFFSET(33, 0)),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid member bitfield_size",
},
{
	.descr = "struct: int bitfield (int bits_offset) past the struct",
	.raw = {
		BTF_TYPE_INT_ENC(0, 0, 28, 8, 8),
		BTF_STRUCT_ENC(0, 1, 4),
		BTF_MEMBER_ENC(0, 1, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Member exceeds struct_size",
},
/* ---- ARRAY ---- */
{
	.descr = "array: int[4] indexed by int",
	.raw = { BTF_INT(NAME_TBD), BTF_ARRAY_ENC(1, 1, 4), RAW_END },
	STRS("\0int"),
	.log = "[2] ARRAY (anon) type_id=1 index_type_id=1 nr_elems=4\n",
},
{
	.descr = "array: const int index and elem",
	.raw = { BTF_INT(0), BTF_CONST_ENC(1), BTF_ARRAY_ENC(2, 2, 4), RAW_END },
	STRS(""),
},
{
	.descr = "array: of pointers to const void",
	.raw = { BTF_INT(0), BTF_CONST_ENC(0), BTF_PTR_ENC(2), BTF_ARRAY_ENC(3, 1, 4), RAW_END },
	STRS(""),
},
{
	.descr = "array: void index",
	.raw = { BTF_INT(0), BTF_ARRAY_ENC(1, 0, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid index",
},
{
	.descr = "array: void elem",
	.raw = { BTF_INT(0), BTF_ARRAY_ENC(0, 1, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid elem",
},
{
	.descr = "array: const void elem",
	.raw = { BTF_INT(0), BTF_CONST_ENC(0), BTF_ARRAY_ENC(2, 1, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid elem",
},
{
	.descr = "array: pointer index",
	.raw = { BTF_INT(0), BTF_PTR_ENC(0), BTF_ARRAY_ENC(1, 2, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid index",
},
{
	.descr = "array: bitfield int index",
	.raw = { BTF_INT(0), BTF_TYPE_INT_ENC(0, 0, 0, 31, 4), BTF_ARRAY_ENC(1, 2, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid index",
},
{
	.descr = "array: of bitfield ints",
	.raw = { BTF_INT(0), BTF_TYPE_INT_ENC(0, 0, 0, 31, 4), BTF_ARRAY_ENC(2, 1, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid array of int",
},
{
	.descr = "array: with a name",
	.raw = {
		BTF_INT(0),
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_ARRAY, 0, 0), 0), 1, 1, 4,
		RAW_END },
	STRS("\0arr"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "array: size not 0",
	.raw = {
		BTF_INT(0),
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ARRAY, 0, 0), 16), 1, 1, 4,
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "size != 0",
},
{
	.descr = "array: byte size over 4G",
	.raw = { BTF_INT(0), BTF_ARRAY_ENC(1, 1, 0x40000001), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Array size overflows U32_MAX",
},
{
	.descr = "array: of var",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_ARRAY_ENC(2, 1, 4), RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "Invalid elem",
},
/* ---- PTR and modifiers ---- */
{
	.descr = "ptr: to void, const void, volatile int, restrict ptr",
	.raw = {
		BTF_INT(0),			/* [1] */
		BTF_PTR_ENC(0),			/* [2] */
		BTF_CONST_ENC(0),		/* [3] */
		BTF_PTR_ENC(3),			/* [4] */
		BTF_VOLATILE_ENC(1),		/* [5] */
		BTF_PTR_ENC(5),			/* [6] */
		BTF_RESTRICT_ENC(6),		/* [7] */
		RAW_END },
	STRS(""),
},
{
	.descr = "ptr: with a name",
	.raw = { BTF_INT(0), BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_PTR, 0, 0), 1), RAW_END },
	STRS("\0p"),
	.err = EINVAL, .log = "[2] PTR p type_id=1 Invalid name",
},
{
	.descr = "const: with a name",
	.raw = { BTF_INT(0), BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_CONST, 0, 0), 1), RAW_END },
	STRS("\0c"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "volatile: with a name",
	.raw = { BTF_INT(0), BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_VOLATILE, 0, 0), 1), RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "restrict: with a name",
	.raw = { BTF_PTR_ENC(0), BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_RESTRICT, 0, 0), 1), RAW_END },
	STRS("\0r"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "ptr: kind_flag",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_PTR, 1, 0), 0), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid btf_info kind_flag",
},
{
	.descr = "const: kind_flag",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_CONST, 1, 0), 0), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid btf_info kind_flag",
},
{
	.descr = "ptr: type id past BTF_MAX_TYPE",
	.raw = { BTF_PTR_ENC(BTF_MAX_TYPE + 1), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid type_id",
},
{
	.descr = "ptr: to a type that does not exist",
	.raw = { BTF_PTR_ENC(5), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "[1] PTR (anon) type_id=5 Invalid type_id",
},
{
	.descr = "ptr: to a var",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_PTR_ENC(2), RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "Invalid type_id",
},
{
	.descr = "typedef: no name",
	.raw = { BTF_INT(0), BTF_TYPEDEF_ENC(0, 1), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "typedef: not an identifier",
	.raw = { BTF_INT(0), BTF_TYPEDEF_ENC(NAME_TBD, 1), RAW_END },
	STRS("\0__int!"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "typedef: of a prototype, used through a pointer",
	.raw = {
		BTF_INT(NAME_TBD),
		BTF_FUNC_PROTO_ENC(0, 1), BTF_PARAM_ENC(0, 1),
		BTF_TYPEDEF_ENC(NAME_TBD, 2),
		BTF_CONST_ENC(3),
		BTF_PTR_ENC(4),
		BTF_FUNC_PROTO_ENC(1, 1), BTF_PARAM_ENC(0, 5),
		RAW_END },
	STRS("\0int\0fn_t"),
},
{
	.descr = "loop: const to const",
	.raw = { BTF_CONST_ENC(2), BTF_CONST_ENC(1), RAW_END },
	STRS(""),
	.err = EEXIST, .log = "[1] CONST (anon) type_id=2 Loop detected",
},
{
	.descr = "loop: pointer to const to the pointer",
	.raw = { BTF_PTR_ENC(2), BTF_CONST_ENC(1), RAW_END },
	STRS(""),
	.err = EEXIST, .log = "Loop detected",
},
{
	.descr = "loop: typedef through an array",
	.raw = { BTF_INT(0), BTF_ARRAY_ENC(3, 1, 4), BTF_TYPEDEF_ENC(NAME_TBD, 2), RAW_END },
	STRS("\0t"),
	.err = EEXIST, .log = "Loop detected",
},
{
	.descr = "loop: struct through typedef",
	.raw = {
		BTF_STRUCT_ENC(NAME_TBD, 1, 4), BTF_MEMBER_ENC(0, 2, 0),
		BTF_TYPEDEF_ENC(NAME_TBD, 1),
		RAW_END },
	STRS("\0S\0T"),
	.err = EEXIST, .log = "Loop detected",
},
/* ---- FWD ---- */
{
	.descr = "fwd: struct and union",
	.raw = { BTF_FWD_ENC(NAME_TBD, 0), BTF_FWD_ENC(NAME_TBD, 1), BTF_PTR_ENC(1), RAW_END },
	STRS("\0S\0U"),
	.log = "[2] FWD U union\n",
},
{
	.descr = "fwd: type not 0",
	.raw = { BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_FWD, 0, 0), 1), RAW_END },
	STRS("\0S"),
	.err = EINVAL, .log = "type != 0",
},
{
	.descr = "fwd: no name",
	.raw = { BTF_FWD_ENC(0, 0), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid name",
},
/* ---- ENUM and ENUM64 ---- */
{
	.descr = "enum: values, signed",
	.raw = {
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_ENUM, 1, 2), 4),
		BTF_ENUM_ENC(NAME_TBD, -1),
		BTF_ENUM_ENC(NAME_TBD, 7),
		RAW_END },
	STRS("\0E\0E_NEG\0E_SEVEN"),
	.log = "[1] ENUM E size=4 vlen=2\n\tE_NEG val=-1\n\tE_SEVEN val=7\n",
},
{
	.descr = "enum: unsigned value",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 1), 4),
		BTF_ENUM_ENC(NAME_TBD, -1),
		RAW_END },
	STRS("\0X"),
	.log = "\tX val=4294967295\n",
},
{
	.descr = "enum: size 3",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 0), 3), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Unexpected size",
},
{
	.descr = "enum: nameless value",
	.raw = {
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 1), 4),
		BTF_ENUM_ENC(0, 1),
		RAW_END },
	STRS("\0E"),
	.err = EINVAL, .log = "[1] ENUM E size=4 vlen=1 Invalid name",
},
{
	.descr = "enum: value name not an identifier",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 1), 4),
		BTF_ENUM_ENC(NAME_TBD, 1),
		RAW_END },
	STRS("\0a b"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "enum: value name offset past the strings",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM, 0, 1), 4),
		BTF_ENUM_ENC(100, 1),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "\tInvalid name_offset:100",
},
{
	.descr = "enum64: values",
	.raw = {
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_ENUM64, 0, 1), 8),
		BTF_ENUM64_ENC(NAME_TBD, 1, 2),
		RAW_END },
	STRS("\0E64\0BIG"),
	.log = "\tBIG val=8589934593\n",
},
{
	.descr = "enum64: size 16",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM64, 0, 0), 16), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Unexpected size",
},
{
	.descr = "enum64: values cut off",
	.raw = {
		BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_ENUM64, 0, 2), 8),
		BTF_ENUM64_ENC(NAME_TBD, 1, 0),
		RAW_END },
	STRS("\0A"),
	.err = EINVAL, .log = "meta_left:12 meta_needed:24",
},
/* ---- FUNC_PROTO and FUNC ---- */
{
	.descr = "func proto: int (*)(int, unsigned int)",
	.raw = {
		BTF_INT(NAME_TBD), BTF_UINT(NAME_TBD),
		BTF_FUNC_PROTO_ENC(1, 2), BTF_PARAM_ENC(0, 1), BTF_PARAM_ENC(0, 2),
		RAW_END },
	STRS("\0int\0unsigned int"),
	.log = "[3] FUNC_PROTO (anon) return=1 args=(1 (anon), 2 (anon))\n",
},
{
	.descr = "func proto: vararg",
	.raw = {
		BTF_INT(0),
		BTF_FUNC_PROTO_ENC(1, 2), BTF_PARAM_ENC(0, 1), BTF_PARAM_ENC(0, 0),
		RAW_END },
	STRS(""),
	.log = "return=1 args=(1 (anon), vararg)",
},
{
	.descr = "func proto: named vararg",
	.raw = {
		BTF_INT(0),
		BTF_FUNC_PROTO_ENC(1, 3), BTF_PARAM_ENC(0, 1), BTF_PARAM_ENC(0, 1),
		BTF_PARAM_ENC(NAME_TBD, 0),
		RAW_END },
	STRS("\0va"),
	.err = EINVAL, .log = "Invalid arg#3",
},
{
	.descr = "func proto: argument after the vararg",
	.raw = {
		BTF_INT(0),
		BTF_FUNC_PROTO_ENC(1, 3), BTF_PARAM_ENC(0, 1), BTF_PARAM_ENC(0, 0),
		BTF_PARAM_ENC(0, 1),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid arg#2",
},
{
	.descr = "func proto: argument name not an identifier",
	.raw = {
		BTF_INT(0),
		BTF_FUNC_PROTO_ENC(1, 2), BTF_PARAM_ENC(0, 1), BTF_PARAM_ENC(NAME_TBD, 1),
		RAW_END },
	STRS("\0!a"),
	.err = EINVAL, .log = "Invalid arg#2",
},
{
	.descr = "func proto: argument name offset past the strings",
	.raw = {
		BTF_INT(0),
		BTF_FUNC_PROTO_ENC(1, 2), BTF_PARAM_ENC(0, 1), BTF_PARAM_ENC(0xffff, 1),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid arg#2",
},
{
	.descr = "func proto: const void argument",
	.raw = {
		BTF_INT(0), BTF_CONST_ENC(0),
		BTF_FUNC_PROTO_ENC(1, 1), BTF_PARAM_ENC(0, 2),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid arg#1",
},
{
	.descr = "func proto: returns a var",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_FUNC_PROTO_ENC(2, 0),
		RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "Invalid return type",
},
{
	.descr = "func proto: returns a fwd",
	.raw = { BTF_FWD_ENC(NAME_TBD, 0), BTF_FUNC_PROTO_ENC(1, 0), RAW_END },
	STRS("\0S"),
	.err = EINVAL, .log = "Invalid return type",
},
{
	.descr = "func proto: with a name",
	.raw = { BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_FUNC_PROTO, 0, 0), 0), RAW_END },
	STRS("\0f"),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "func proto: kind_flag",
	.raw = { BTF_TYPE_ENC(0, BTF_INFO_ENC(BTF_KIND_FUNC_PROTO, 1, 0), 0), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid btf_info kind_flag",
},
{
	.descr = "func: void f(int a, unsigned int b), static and global",
	.raw = {
		BTF_INT(NAME_TBD), BTF_UINT(NAME_TBD),
		BTF_FUNC_PROTO_ENC(0, 2), BTF_PARAM_ENC(NAME_TBD, 1), BTF_PARAM_ENC(NAME_TBD, 2),
		BTF_FUNC_ENC(NAME_TBD, 3, BTF_FUNC_STATIC),
		BTF_FUNC_ENC(NAME_TBD, 3, BTF_FUNC_GLOBAL),
		RAW_END },
	STRS("\0int\0unsigned int\0a\0b\0f\0g"),
	.log = "[4] FUNC f type_id=3\n",
},
{
	.descr = "func: no name",
	.raw = {
		BTF_INT(0), BTF_FUNC_PROTO_ENC(0, 0), BTF_FUNC_ENC(0, 2, 0),
		RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "func: unnamed argument",
	.raw = {
		BTF_INT(0),
		BTF_FUNC_PROTO_ENC(0, 2), BTF_PARAM_ENC(NAME_TBD, 1), BTF_PARAM_ENC(0, 1),
		BTF_FUNC_ENC(NAME_TBD, 2, 0),
		RAW_END },
	STRS("\0a\0f"),
	.err = EINVAL, .log = "[3] FUNC f type_id=2 Invalid arg#2",
},
{
	.descr = "func: linkage extern",
	.raw = {
		BTF_FUNC_PROTO_ENC(0, 0), BTF_FUNC_ENC(NAME_TBD, 1, BTF_FUNC_EXTERN + 1),
		RAW_END },
	STRS("\0f"),
	.err = EINVAL, .log = "Invalid func linkage",
},
{
	.descr = "func: not of a prototype",
	.raw = { BTF_INT(0), BTF_FUNC_ENC(NAME_TBD, 1, 0), RAW_END },
	STRS("\0f"),
	.err = EINVAL, .log = "Invalid type_id",
},
{
	.descr = "func: kind_flag",
	.raw = {
		BTF_FUNC_PROTO_ENC(0, 0),
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_FUNC, 1, 0), 1),
		RAW_END },
	STRS("\0f"),
	.err = EINVAL, .log = "Invalid btf_info kind_flag",
},
/* ---- VAR and DATASEC ---- */
{
	.descr = "datasec: static and global vars",
	.raw = {
		BTF_INT(NAME_TBD),				/* [1] */
		BTF_VAR_ENC(NAME_TBD, 1, BTF_VAR_STATIC),	/* [2] */
		BTF_VAR_ENC(NAME_TBD, 1, BTF_VAR_GLOBAL_ALLOCATED),	/* [3] */
		BTF_DATASEC_ENC(NAME_TBD, 2, 12),		/* [4] */
		BTF_VAR_SECINFO_ENC(2, 0, 4),
		BTF_VAR_SECINFO_ENC(3, 8, 4),
		RAW_END },
	STRS("\0int\0a\0b\0.data"),
	.log = "[4] DATASEC .data size=12 vlen=2\n\t type_id=2 offset=0 size=4\n",
},
{
	.descr = "datasec: no vars",
	.raw = { BTF_DATASEC_ENC(NAME_TBD, 0, 4), RAW_END },
	STRS("\0.bss"),
},
{
	.descr = "var: extern linkage",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, BTF_VAR_GLOBAL_EXTERN), RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "[2] VAR v type_id=1 linkage=2 Linkage not supported",
},
{
	.descr = "var: void",
	.raw = { BTF_VAR_ENC(NAME_TBD, 0, 0), RAW_END },
	STRS("\0v"),
	.err = EINVAL, .log = "Invalid type_id",
},
{
	.descr = "var: of a fwd",
	.raw = { BTF_FWD_ENC(NAME_TBD, 0), BTF_VAR_ENC(NAME_TBD, 1, 0), RAW_END },
	STRS("\0S\0v"),
	.err = EINVAL, .log = "[2] VAR v type_id=1 linkage=0 Invalid type_id",
},
{
	.descr = "var: of a var",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_VAR_ENC(NAME_TBD, 2, 0), RAW_END },
	STRS("\0a\0b"),
	.err = EINVAL, .log = "Invalid type_id",
},
{
	.descr = "var: no name",
	.raw = { BTF_INT(0), BTF_VAR_ENC(0, 1, 0), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid name",
},
{
	.descr = "datasec: size 0",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_DATASEC_ENC(NAME_TBD, 1, 0),
		 BTF_VAR_SECINFO_ENC(2, 0, 4), RAW_END },
	STRS("\0v\0.data"),
	.err = EINVAL, .log = "size == 0",
},
{
	.descr = "datasec: vars overlapping",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_DATASEC_ENC(NAME_TBD, 2, 8),
		BTF_VAR_SECINFO_ENC(2, 0, 4), BTF_VAR_SECINFO_ENC(3, 2, 4),
		RAW_END },
	STRS("\0a\0b\0.data"),
	.err = EINVAL, .log = "\t type_id=3 offset=2 size=4 Invalid offset",
},
{
	.descr = "datasec: var offset past the end",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_DATASEC_ENC(NAME_TBD, 1, 8), BTF_VAR_SECINFO_ENC(2, 6, 4),
		RAW_END },
	STRS("\0a\0.data"),
	.err = EINVAL, .log = "Invalid offset+size",
},
{
	.descr = "datasec: var size 0",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_DATASEC_ENC(NAME_TBD, 1, 8), BTF_VAR_SECINFO_ENC(2, 0, 0),
		RAW_END },
	STRS("\0a\0.data"),
	.err = EINVAL, .log = "Invalid size",
},
{
	.descr = "datasec: var smaller than its type",
	.raw = {
		BTF_TYPE_INT_ENC(0, 0, 0, 64, 8), BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_DATASEC_ENC(NAME_TBD, 1, 8), BTF_VAR_SECINFO_ENC(2, 0, 4),
		RAW_END },
	STRS("\0a\0.data"),
	.err = EINVAL, .log = "[3] DATASEC .data size=8 vlen=1\n\t type_id=2 offset=0 size=4 Invalid size",
},
{
	.descr = "datasec: member not a var",
	.raw = {
		BTF_INT(0), BTF_DATASEC_ENC(NAME_TBD, 1, 4), BTF_VAR_SECINFO_ENC(1, 0, 4),
		RAW_END },
	STRS("\0.data"),
	.err = EINVAL, .log = "Not a VAR kind member",
},
{
	.descr = "datasec: var of a datasec",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 3, 0),
		BTF_DATASEC_ENC(NAME_TBD, 1, 4), BTF_VAR_SECINFO_ENC(2, 0, 4),
		RAW_END },
	STRS("\0a\0.data"),
	.err = EINVAL, .log = "Invalid type_id",
},
{
	.descr = "datasec: no name",
	.raw = { BTF_DATASEC_ENC(0, 0, 4), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid name",
},
/* ---- FLOAT ---- */
{
	.descr = "float: every size, in a struct",
	.raw = {
		BTF_FLOAT_ENC(NAME_TBD, 2), BTF_FLOAT_ENC(NAME_TBD, 4), BTF_FLOAT_ENC(NAME_TBD, 8),
		BTF_FLOAT_ENC(NAME_TBD, 12), BTF_FLOAT_ENC(NAME_TBD, 16),
		BTF_STRUCT_ENC(0, 5, 48),
		BTF_MEMBER_ENC(0, 1, 0), BTF_MEMBER_ENC(0, 2, 32), BTF_MEMBER_ENC(0, 3, 64),
		BTF_MEMBER_ENC(0, 4, 128), BTF_MEMBER_ENC(0, 5, 256),
		RAW_END },
	STRS("\0_Float16\0float\0double\0_Float80\0long double"),
	.log = "[2] FLOAT float size=4\n",
},
{
	.descr = "float: size 3",
	.raw = { BTF_FLOAT_ENC(NAME_TBD, 3), RAW_END },
	STRS("\0f"),
	.err = EINVAL, .log = "Invalid type_size",
},
{
	.descr = "float: vlen",
	.raw = { BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_FLOAT, 0, 1), 4), RAW_END },
	STRS("\0f"),
	.err = EINVAL, .log = "vlen != 0",
},
{
	.descr = "float: misaligned member",
	.raw = {
		BTF_FLOAT_ENC(NAME_TBD, 4), BTF_STRUCT_ENC(0, 1, 8), BTF_MEMBER_ENC(0, 1, 16),
		RAW_END },
	STRS("\0float"),
	.err = EINVAL, .log = "Member is not properly aligned",
},
{
	.descr = "float: member past the struct",
	.raw = {
		BTF_FLOAT_ENC(NAME_TBD, 8), BTF_STRUCT_ENC(0, 1, 12), BTF_MEMBER_ENC(0, 1, 64),
		RAW_END },
	STRS("\0double"),
	.err = EINVAL, .log = "Member exceeds struct_size",
},
/* ---- DECL_TAG ---- */
{
	.descr = "decl tag: struct, member, var, func, argument, typedef",
	.raw = {
		BTF_INT(0),					/* [1] */
		BTF_STRUCT_ENC(NAME_TBD, 2, 8),			/* [2] */
		BTF_MEMBER_ENC(NAME_TBD, 1, 0), BTF_MEMBER_ENC(NAME_TBD, 1, 32),
		BTF_VAR_ENC(NAME_TBD, 1, 0),			/* [3] */
		BTF_FUNC_PROTO_ENC(0, 2),			/* [4] */
		BTF_PARAM_ENC(NAME_NTH(3), 1), BTF_PARAM_ENC(NAME_NTH(4), 1),
		BTF_FUNC_ENC(NAME_TBD, 4, 0),			/* [5] */
		BTF_TYPEDEF_ENC(NAME_TBD, 1),			/* [6] */
		BTF_DECL_TAG_ENC(NAME_TBD, 2, -1),
		BTF_DECL_TAG_ENC(NAME_NTH(7), 2, 1),
		BTF_DECL_TAG_ENC(NAME_NTH(7), 3, -1),
		BTF_DECL_TAG_ENC(NAME_NTH(7), 5, -1),
		BTF_DECL_TAG_ENC(NAME_NTH(7), 5, 0),
		BTF_DECL_TAG_ENC(NAME_NTH(7), 6, -1),
		RAW_END },
	STRS("\0S\0m1\0m2\0v\0f\0t\0tag"),
	.log = "[8] DECL_TAG tag type=2 component_idx=1\n",
},
{
	.descr = "decl tag: empty value",
	.raw = { BTF_INT(0), BTF_DECL_TAG_ENC(0, 1, -1), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid value",
},
{
	.descr = "decl tag: of an int",
	.raw = { BTF_INT(0), BTF_DECL_TAG_ENC(NAME_TBD, 1, -1), RAW_END },
	STRS("\0tag"),
	.err = EINVAL, .log = "[2] DECL_TAG tag type=1 component_idx=-1 Invalid type_id",
},
{
	.descr = "decl tag: component_idx below -1",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_DECL_TAG_ENC(NAME_TBD, 2, -2), RAW_END },
	STRS("\0v\0tag"),
	.err = EINVAL, .log = "Invalid component_idx",
},
{
	.descr = "decl tag: component of a var",
	.raw = { BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_DECL_TAG_ENC(NAME_TBD, 2, 0), RAW_END },
	STRS("\0v\0tag"),
	.err = EINVAL, .log = "Invalid component_idx",
},
{
	.descr = "decl tag: member past the struct's",
	.raw = {
		BTF_INT(0), BTF_STRUCT_ENC(0, 1, 4), BTF_MEMBER_ENC(0, 1, 0),
		BTF_DECL_TAG_ENC(NAME_TBD, 2, 1),
		RAW_END },
	STRS("\0tag"),
	.err = EINVAL, .log = "Invalid component_idx",
},
{
	.descr = "decl tag: argument past the func's",
	.raw = {
		BTF_INT(0), BTF_FUNC_PROTO_ENC(0, 1), BTF_PARAM_ENC(NAME_TBD, 1),
		BTF_FUNC_ENC(NAME_TBD, 2, 0), BTF_DECL_TAG_ENC(NAME_TBD, 3, 1),
		RAW_END },
	STRS("\0a\0f\0tag"),
	.err = EINVAL, .log = "Invalid component_idx",
},
{
	.descr = "decl tag: kind_flag",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0),
		BTF_TYPE_ENC(NAME_TBD, BTF_INFO_ENC(BTF_KIND_DECL_TAG, 1, 0), 2), (u32)-1,
		RAW_END },
	STRS("\0v\0tag"),
	.err = EINVAL, .log = "Invalid btf_info kind_flag",
},
{
	.descr = "decl tag: as a func argument type",
	.raw = {
		BTF_INT(0), BTF_VAR_ENC(NAME_TBD, 1, 0), BTF_DECL_TAG_ENC(NAME_TBD, 2, -1),
		BTF_FUNC_PROTO_ENC(0, 1), BTF_PARAM_ENC(0, 3),
		RAW_END },
	STRS("\0v\0tag"),
	.err = EINVAL, .log = "Invalid arg#1",
},
/* ---- TYPE_TAG ---- */
{
	.descr = "type tag: ptr to tagged const int",
	.raw = {
		BTF_INT(0), BTF_CONST_ENC(1), BTF_TYPE_TAG_ENC(NAME_TBD, 2),
		BTF_TYPE_TAG_ENC(NAME_TBD, 3), BTF_PTR_ENC(4),
		RAW_END },
	STRS("\0tag1\0tag2"),
	.log = "[3] TYPE_TAG tag1 type_id=2\n",
},
{
	.descr = "type tag: after a const",
	.raw = {
		BTF_INT(0), BTF_TYPE_TAG_ENC(NAME_TBD, 1), BTF_CONST_ENC(2), BTF_PTR_ENC(3),
		RAW_END },
	STRS("\0tag"),
	.err = EINVAL, .log = "Type tags don't precede modifiers",
},
{
	.descr = "type tag: empty value",
	.raw = { BTF_INT(0), BTF_TYPE_TAG_ENC(0, 1), RAW_END },
	STRS(""),
	.err = EINVAL, .log = "Invalid name",
},
/* ---- header and sections ---- */
{
	.descr = "header: longer, zero tail",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.hdr_pad = 4, .log = "hdr_len: 28\n",
},
{
	.descr = "header: odd length, zero tail",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.hdr_pad = 1, .log = "hdr_len: 25\n",
},
{
	.descr = "header: longer, non-zero tail",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.hdr_len_delta = 4,
	.err = E2BIG, .log = "Unsupported btf_header",
},
{
	.descr = "header: past the data",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.hdr_len_delta = 1000,
	.err = EINVAL, .log = "btf_header not found",
},
{
	.descr = "header: bad magic",
	.raw = { BTF_INT(0), RAW_END },
	STRS(""),
	.magic = 0x9feb,
	.err = EINVAL, .log = "magic: 0x9feb\nversion: 1\nflags: 0x0\nhdr_len: 24\ntype_off: 0\ntype_len: 16\nstr_off: 16\nstr_len: 1\nbtf_total_size: 41\nInvalid magic",
},
{
	.descr = "header: version 2",
	.raw = { BTF_INT(0), RAW_END },
	STRS(""),
	.version = 2,
	.err = ENOTSUPP, .log = "Unsupported version",
},
{
	.descr = "header: flags",
	.raw = { BTF_INT(0), RAW_END },
	STRS(""),
	.flags = 1,
	.err = ENOTSUPP, .log = "Unsupported flags",
},
{
	.descr = "sections: gap before types",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.type_off_delta = 4,
	.err = EINVAL, .log = "Unsupported section found",
},
{
	.descr = "sections: gap before strings",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.str_off_delta = 4,
	.err = EINVAL, .log = "Unsupported section found",
},
{
	.descr = "sections: overlap",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.str_off_delta = -4,
	.err = EINVAL, .log = "Section overlap found",
},
{
	.descr = "sections: data past the strings",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.str_len_delta = -4,
	.err = EINVAL, .log = "Unsupported section found",
},
{
	.descr = "sections: strings past the data",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.str_len_delta = 4,
	.err = EINVAL, .log = "Total section length too long",
},
{
	.descr = "sections: strings offset past the data",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	STRS("\0int"),
	.str_off_delta = 100,
	.err = EINVAL, .log = "Invalid section offset",
},
{
	.descr = "strings: not ending with NUL",
	.raw = { BTF_INT(NAME_TBD), RAW_END },
	.str_sec = "\0int", .str_sec_size = sizeof("\0int") - 1,
	.err = EINVAL, .log = "Invalid string section",
},
{
	.descr = "strings: not starting with NUL",
	.raw = { BTF_INT(0), RAW_END },
	STRS("int"),
	.err = EINVAL, .log = "Invalid string section",
},
{
	.descr = "strings: empty",
	.raw = { BTF_INT(0), RAW_END },
	.str_sec = "", .str_sec_size = 0,
	.err = EINVAL, .log = "Invalid string section",
},
{
	.descr = "types: none",
	.raw = { RAW_END },
	STRS("\0int"),
	.err = EINVAL, .log = "No type found",
},
};

/* ---- building and loading blobs ---- */

static char log_buf[1 << 16];

static void *build_blob(const u32 *raw, const char *str, u32 str_size, u32 hdr_pad,
			u32 *size)
{
	u32 nr_raw = 0, type_len, i, next_str = 0;
	const char *strs[64];
	u32 nr_strs = 0;
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(hdr) + hdr_pad,
	};
	u8 *blob;
	u32 *types;

	while (raw[nr_raw] != RAW_END)
		nr_raw++;
	type_len = nr_raw * sizeof(u32);
	/* the strings after the leading NUL, in order */
	for (i = 1; i < str_size && nr_strs < ARRAY_SIZE(strs); i += strlen(str + i) + 1)
		strs[nr_strs++] = str + i;

	hdr.type_len = type_len;
	hdr.str_off = type_len;
	hdr.str_len = str_size;
	*size = hdr.hdr_len + type_len + str_size;
	blob = calloc(1, *size);
	memcpy(blob, &hdr, sizeof(hdr));
	types = (u32 *)(blob + hdr.hdr_len);
	for (i = 0; i < nr_raw; i++) {
		u32 v = raw[i];

		if (v == NAME_TBD)
			v = next_str < nr_strs ? strs[next_str++] - str : 0;
		else if ((v & 0xff000000u) == 0xf1000000u)
			v = (v & 0xffff) - 1 < nr_strs ? strs[(v & 0xffff) - 1] - str : 0;
		memcpy(&types[i], &v, sizeof(v));
	}
	if (str_size)
		memcpy(blob + hdr.hdr_len + type_len, str, str_size);
	return blob;
}

/* BPF_BTF_LOAD as the syscall layer calls it: the fd, or -errno. */
static int btf_load(const void *blob, u32 size, u32 log_level, char *log, u32 log_size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = (uintptr_t)blob;
	attr.btf_size = size;
	attr.btf_log_level = log_level;
	attr.btf_log_buf = (uintptr_t)log;
	attr.btf_log_size = log_size;
	if (log && log_size)
		log[0] = '\0';
	return btf_new_fd(&attr, &attr);
}

/* What the shim's close() interposer does around the real close. */
static void user_close(int fd)
{
	sysbpf_fd_closing(fd);
	close(fd);
	sysbpf_fd_closed(fd);
}

static int load_logged(const void *blob, u32 size)
{
	return btf_load(blob, size, 1, log_buf, sizeof(log_buf));
}

static void run_raw_case(const struct raw_case *c)
{
	struct btf_header *hdr;
	char name[256];
	u32 size;
	void *blob;
	int fd, fd2;

	blob = build_blob(c->raw, c->str_sec, c->str_sec_size, c->hdr_pad, &size);
	hdr = blob;
	hdr->hdr_len += c->hdr_len_delta;
	hdr->type_off += c->type_off_delta;
	hdr->str_off += c->str_off_delta;
	hdr->str_len += c->str_len_delta;
	if (c->magic)
		hdr->magic = c->magic;
	if (c->version)
		hdr->version = c->version;
	if (c->flags)
		hdr->flags = c->flags;

	fd = load_logged(blob, size);
	snprintf(name, sizeof(name), "raw: %s", c->descr);
	if (c->err)
		TEST_OK(fd == -c->err, name, "ret %d, want %d; log:\n%s", fd, -c->err, log_buf);
	else
		TEST_OK(fd >= 0, name, "ret %d; log:\n%s", fd, log_buf);
	if (c->log) {
		snprintf(name, sizeof(name), "raw: %s: log", c->descr);
		TEST_OK(strstr(log_buf, c->log), name, "no \"%s\" in log:\n%s", c->log, log_buf);
	}
	/* without a log the verdict is the same */
	fd2 = btf_load(blob, size, 0, NULL, 0);
	snprintf(name, sizeof(name), "raw: %s: same verdict without log", c->descr);
	TEST_OK(c->err ? fd2 == -c->err : fd2 >= 0, name, "ret %d", fd2);
	if (fd2 >= 0)
		user_close(fd2);
	if (fd >= 0)
		user_close(fd);
	free(blob);
}

/* ---- cases that need more than the table ---- */

static int load_raw(const u32 *raw, const char *str, u32 str_size)
{
	u32 size;
	void *blob = build_blob(raw, str, str_size, 0, &size);
	int fd = load_logged(blob, size);

	free(blob);
	return fd;
}

static void test_special_blobs(void)
{
	static const u32 int_only[] = { BTF_INT(0), RAW_END };
	u32 raw[3 * 41 + 8], size, i, n = 0;
	struct btf_header *hdr;
	u8 small[6] = { 0x9f, 0xeb, 1, 0, 24, 0 };
	void *blob;
	int fd;

	fd = load_logged(small, sizeof(small));
	TEST_EQ(fd, -EINVAL, "header: shorter than hdr_len");
	CHECK(strstr(log_buf, "hdr_len not found"), "header: shorter than hdr_len: log");

	blob = build_blob(int_only, "", 1, 0, &size);
	fd = btf_load(blob, BTF_MAX_SIZE + 1, 0, NULL, 0);
	TEST_EQ(fd, -E2BIG, "blob over 16 MiB: E2BIG");
	fd = btf_load(NULL, size, 0, NULL, 0);
	TEST_EQ(fd, -EFAULT, "blob at NULL: EFAULT");
	fd = btf_load(blob, 0, 1, log_buf, sizeof(log_buf));
	TEST_EQ(fd, -EINVAL, "empty blob: EINVAL");

	/* the string section alone, then an empty type section at an odd offset */
	hdr = blob;
	hdr->str_off = 0;
	hdr->str_len = 1;
	hdr->type_off = 1;
	hdr->type_len = 0;
	fd = btf_load(blob, sizeof(*hdr) + 1, 1, log_buf, sizeof(log_buf));
	TEST_EQ(fd, -EINVAL, "type_off not 4-aligned");
	CHECK(strstr(log_buf, "Unaligned type_off"), "type_off not 4-aligned: log");
	free(blob);

	/* only header: "No data" */
	blob = build_blob(int_only, "", 1, 0, &size);
	fd = btf_load(blob, sizeof(struct btf_header), 1, log_buf, sizeof(log_buf));
	TEST_EQ(fd, -EINVAL, "header only");
	CHECK(strstr(log_buf, "No data"), "header only: log");
	free(blob);

	/* 33 consts in a row: one more than the resolver's depth */
	for (i = 0; i < 33; i++) {
		raw[n++] = 0;
		raw[n++] = BTF_INFO_ENC(BTF_KIND_CONST, 0, 0);
		raw[n++] = i + 2;
	}
	raw[n++] = 0;
	raw[n++] = BTF_INFO_ENC(BTF_KIND_INT, 0, 0);
	raw[n++] = 4;
	raw[n++] = BTF_INT_ENC(0, 0, 32);
	raw[n] = RAW_END;
	fd = load_raw(raw, "", 1);
	TEST_EQ(fd, -E2BIG, "resolve: 33 modifiers deep: E2BIG");
	CHECK(strstr(log_buf, "[1] CONST (anon) type_id=2 Exceeded max resolving depth:32"),
	      "resolve: 33 modifiers deep: log");

	/* the same chain pointing backwards is fine: each link is resolved already */
	n = 0;
	raw[n++] = 0;
	raw[n++] = BTF_INFO_ENC(BTF_KIND_INT, 0, 0);
	raw[n++] = 4;
	raw[n++] = BTF_INT_ENC(0, 0, 32);
	for (i = 0; i < 40; i++) {
		raw[n++] = 0;
		raw[n++] = BTF_INFO_ENC(BTF_KIND_CONST, 0, 0);
		raw[n++] = i + 1;
	}
	raw[n] = RAW_END;
	fd = load_raw(raw, "", 1);
	TEST_OK(fd >= 0, "resolve: 40 modifiers, each to the one before", "ret %d", fd);
	if (fd >= 0)
		user_close(fd);
}

static void test_log_attrs(void)
{
	static const u32 raw[] = {
		BTF_INT(NAME_TBD),
		BTF_STRUCT_ENC(NAME_TBD, 2, 8),
		BTF_MEMBER_ENC(NAME_TBD, 1, 0),
		BTF_MEMBER_ENC(NAME_TBD, 1, 32),
		RAW_END };
	static const char strs[] = "\0int\0A\0a\0b";
	static const char want[] =
		"magic: 0xeb9f\n"
		"version: 1\n"
		"flags: 0x0\n"
		"hdr_len: 24\n"
		"type_off: 0\n"
		"type_len: 52\n"
		"str_off: 52\n"
		"str_len: 11\n"
		"btf_total_size: 87\n"
		"[1] INT int size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
		"[2] STRUCT A size=8 vlen=2\n"
		"\ta type_id=1 bits_offset=0\n"
		"\tb type_id=1 bits_offset=32\n";
	char small[128];
	u32 size;
	void *blob = build_blob(raw, strs, sizeof(strs), 0, &size);
	int fd;

	fd = btf_load(blob, size, 1, log_buf, sizeof(log_buf));
	TEST_OK(fd >= 0, "log: level 1 load", "ret %d", fd);
	TEST_OK(!strcmp(log_buf, want), "log: whole text as 6.1 prints it",
		"got:\n%s\nwant:\n%s", log_buf, want);
	if (fd >= 0)
		user_close(fd);

	TEST_EQ(btf_load(blob, size, 1, log_buf, 127), -EINVAL, "log: size below 128");
	TEST_EQ(btf_load(blob, size, 1, NULL, 1024), -EINVAL, "log: level without buffer");
	TEST_EQ(btf_load(blob, size, 0, log_buf, 1024), -EINVAL, "log: buffer without level");
	TEST_EQ(btf_load(blob, size, 8, log_buf, 1024), -EINVAL, "log: unknown level bit");
	fd = btf_load(blob, size, 1, small, sizeof(small));
	TEST_EQ(fd, -ENOSPC, "log: truncated log is ENOSPC");
	TEST_EQ(strlen(small), sizeof(small) - 1, "log: truncated log fills the buffer");
	TEST_OK(!strncmp(small, want, sizeof(small) - 1), "log: truncated log is the head", "%s", small);
	fd = btf_load(blob, size, 2, log_buf, sizeof(log_buf));
	TEST_OK(fd >= 0, "log: level 2 loads", "ret %d", fd);
	if (fd >= 0)
		user_close(fd);
	fd = btf_load(blob, size, BPF_LOG_STATS, log_buf, sizeof(log_buf));
	TEST_OK(fd >= 0, "log: stats level loads", "ret %d", fd);
	if (fd >= 0)
		user_close(fd);
	free(blob);
}

/* ---- what libbpf 1.1 loads to probe the kernel ---- */

struct probe_blob {
	const char *name;
	u32 types[24];
	u32 types_len;
	const char *strs;
	u32 strs_len;
};

#define PROBE(n, s, ...) { .name = n, .types = { __VA_ARGS__ }, \
	.types_len = sizeof((u32[]){ __VA_ARGS__ }), .strs = s, .strs_len = sizeof(s) }

static const struct probe_blob libbpf_probes[] = {
	PROBE("probe_kern_btf", "\0int", BTF_INT(1)),
	PROBE("probe_kern_btf_func", "\0int\0x\0a",
	      BTF_INT(1),
	      BTF_FUNC_PROTO_ENC(0, 1), BTF_PARAM_ENC(7, 1),
	      BTF_FUNC_ENC(5, 2, 0)),
	PROBE("probe_kern_btf_func_global", "\0int\0x\0a",
	      BTF_INT(1),
	      BTF_FUNC_PROTO_ENC(0, 1), BTF_PARAM_ENC(7, 1),
	      BTF_FUNC_ENC(5, 2, BTF_FUNC_GLOBAL)),
	PROBE("probe_kern_btf_datasec", "\0x\0.data",
	      BTF_INT(0),
	      BTF_VAR_ENC(1, 1, BTF_VAR_STATIC),
	      BTF_DATASEC_ENC(3, 1, 4), BTF_VAR_SECINFO_ENC(2, 0, 4)),
	PROBE("probe_kern_btf_float", "\0float", BTF_FLOAT_ENC(1, 4)),
	PROBE("probe_kern_btf_decl_tag", "\0tag",
	      BTF_INT(0),
	      BTF_VAR_ENC(1, 1, BTF_VAR_STATIC),
	      BTF_DECL_TAG_ENC(1, 2, -1)),
	PROBE("probe_kern_btf_type_tag", "\0tag",
	      BTF_INT(0),
	      BTF_TYPE_TAG_ENC(1, 1),
	      BTF_PTR_ENC(2)),
	PROBE("probe_kern_btf_enum64", "\0enum64",
	      BTF_TYPE_ENC(1, BTF_INFO_ENC(BTF_KIND_ENUM64, 0, 0), 8)),
	PROBE("load_local_storage_btf", "\0bpf_spin_lock\0val\0cnt\0l",
	      BTF_INT(0),
	      BTF_STRUCT_ENC(1, 1, 4), BTF_MEMBER_ENC(15, 1, 0),
	      BTF_STRUCT_ENC(15, 2, 8), BTF_MEMBER_ENC(19, 1, 0), BTF_MEMBER_ENC(23, 2, 32)),
};

/* As libbpf__load_raw_btf lays them out: header, types, strings; no log. */
static int load_libbpf_probe(const struct probe_blob *p)
{
	struct btf_header hdr = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(hdr),
		.type_len = p->types_len,
		.str_off = p->types_len,
		.str_len = p->strs_len,
	};
	u32 size = sizeof(hdr) + p->types_len + p->strs_len;
	u8 *blob = malloc(size);
	int fd;

	memcpy(blob, &hdr, sizeof(hdr));
	memcpy(blob + sizeof(hdr), p->types, p->types_len);
	memcpy(blob + sizeof(hdr) + p->types_len, p->strs, p->strs_len);
	fd = btf_load(blob, size, 0, NULL, 0);
	free(blob);
	return fd;
}

static void test_libbpf_probes(void)
{
	char name[128];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(libbpf_probes); i++) {
		int fd = load_libbpf_probe(&libbpf_probes[i]);

		snprintf(name, sizeof(name), "libbpf 1.1 %s loads", libbpf_probes[i].name);
		TEST_OK(fd >= 0, name, "ret %d", fd);
		if (fd >= 0)
			user_close(fd);
	}
}

/* ---- the object: ids, fds, info ---- */

static int other_release(struct inode *inode, struct file *filp)
{
	return 0;
}

static const struct file_operations other_fops = {
	.release = other_release,
	.name = "bpf-map",
};

static int get_info(int fd, struct bpf_btf_info *info, u32 *info_len)
{
	union bpf_attr attr;
	struct btf *btf = btf_get_by_fd(fd);
	int err;

	if (IS_ERR(btf))
		return PTR_ERR(btf);
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = (uintptr_t)info;
	err = btf_get_info_by_fd(btf, &attr, &attr);
	*info_len = attr.info.info_len;
	btf_put(btf);
	return err;
}

static u32 info_id(int fd)
{
	struct bpf_btf_info info;
	u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return get_info(fd, &info, &len) ? 0 : info.id;
}

static int next_id(u32 start, u32 *next)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = start;
	err = btf_get_next_id(&attr, &attr);
	*next = attr.next_id;
	return err;
}

static void test_first_id(void)
{
	int fd = load_libbpf_probe(&libbpf_probes[0]);

	TEST_OK(fd >= 0, "first BTF of the instance loads", "ret %d", fd);
	TEST_EQ(info_id(fd), 2, "the first user BTF gets id 2 (id 1 is the vmlinux BTF's)");
	if (fd >= 0)
		user_close(fd);
}

static void test_object(void)
{
	static const u32 raw[] = { BTF_INT(NAME_TBD), BTF_PTR_ENC(1), RAW_END };
	static const char strs[] = "\0int";
	struct bpf_btf_info info;
	u32 size, len, id1, id2, id, n;
	char fdinfo[64], name[16];
	u8 *copy;
	void *blob = build_blob(raw, strs, sizeof(strs), 0, &size);
	int fd1, fd2, fd3, other, err;
	struct fd f;

	fd1 = btf_load(blob, size, 0, NULL, 0);
	fd2 = btf_load(blob, size, 0, NULL, 0);
	TEST_OK(fd1 >= 0 && fd2 >= 0, "two loads", "fds %d %d", fd1, fd2);
	CHECK(fcntl(fd1, F_GETFD) & FD_CLOEXEC, "btf fd is O_CLOEXEC");
	id1 = info_id(fd1);
	id2 = info_id(fd2);
	TEST_OK(id1 > 0 && id2 > id1, "ids are allocated upwards", "ids %u %u", id1, id2);

	f = fdget(fd1);
	CHECK(f.file && f.file->f_op == &btf_fops, "fd's file has btf_fops");
	if (f.file) {
		TEST_EQ(f.file->f_flags & O_ACCMODE, O_RDONLY, "btf fd is O_RDONLY");
		CHECK(!strcmp(f.file->f_name, "btf"), "anon inode name is \"btf\"");
		btf_fops.show_fdinfo(f.file, fdinfo, sizeof(fdinfo));
		snprintf(name, sizeof(name), "btf_id:\t%u\n", id1);
		TEST_OK(!strcmp(fdinfo, name), "fdinfo shows btf_id", "%s", fdinfo);
		fdput(f);
	}

	/* info: the blob back, sizes, name rules */
	copy = calloc(1, size + 8);
	memset(&info, 0, sizeof(info));
	info.btf = (uintptr_t)copy;
	info.btf_size = size + 1;
	len = sizeof(info);
	err = get_info(fd1, &info, &len);
	TEST_EQ(err, 0, "info: ok");
	TEST_EQ(len, sizeof(info), "info: info_len");
	TEST_EQ(info.btf_size, size, "info: btf_size is the blob's");
	TEST_EQ(info.id, id1, "info: id");
	TEST_EQ(info.kernel_btf, 0, "info: not kernel BTF");
	TEST_EQ(info.name_len, 0, "info: no name");
	CHECK(!memcmp(copy, blob, size), "info: the blob comes back as loaded");

	memset(copy, 0xaa, size + 8);
	memset(&info, 0, sizeof(info));
	info.btf = (uintptr_t)copy;
	info.btf_size = size - 3;
	len = sizeof(info);
	err = get_info(fd1, &info, &len);
	TEST_EQ(err, 0, "info: short btf buffer ok");
	TEST_EQ(info.btf_size, size, "info: short buffer still gets the full size");
	CHECK(!memcmp(copy, blob, size - 3) && copy[size - 3] == 0xaa,
	      "info: short buffer gets only what fits");

	memset(&info, 0, sizeof(info));
	len = 8;
	err = get_info(fd1, &info, &len);
	TEST_EQ(err, 0, "info: short info struct");
	TEST_EQ(len, 8, "info: info_len is what was copied");
	TEST_EQ(info.id, 0, "info: past info_len untouched");

	{
		u8 big[sizeof(info) + 8];

		memset(big, 0, sizeof(big));
		len = sizeof(big);
		TEST_EQ(get_info(fd1, (struct bpf_btf_info *)big, &len), 0,
			"info: longer zeroed struct is fine");
		TEST_EQ(len, sizeof(info), "info: info_len capped to what we know");
		big[sizeof(info) + 3] = 1;
		len = sizeof(big);
		TEST_EQ(get_info(fd1, (struct bpf_btf_info *)big, &len), -E2BIG,
			"info: non-zero tail past the struct is E2BIG");
	}

	memset(&info, 0, sizeof(info));
	info.name = (uintptr_t)name;
	len = sizeof(info);
	TEST_EQ(get_info(fd1, &info, &len), -EINVAL, "info: name without name_len");
	memset(&info, 0, sizeof(info));
	info.name_len = 4;
	len = sizeof(info);
	TEST_EQ(get_info(fd1, &info, &len), -EINVAL, "info: name_len without name");
	memset(name, 'x', sizeof(name));
	memset(&info, 0, sizeof(info));
	info.name = (uintptr_t)name;
	info.name_len = sizeof(name);
	len = sizeof(info);
	TEST_EQ(get_info(fd1, &info, &len), 0, "info: name of a user BTF");
	CHECK(name[0] == '\0' && info.name_len == 0, "info: user BTF's name is empty");

	/* by id */
	fd3 = btf_get_fd_by_id(id1);
	TEST_OK(fd3 >= 0, "get fd by id", "ret %d", fd3);
	TEST_EQ(fd3 >= 0 ? info_id(fd3) : 0, id1, "fd by id is the same BTF");
	TEST_EQ(btf_get_fd_by_id(id2 + 1000), -ENOENT, "get fd by unknown id: ENOENT");
	TEST_EQ(btf_get_fd_by_id(0), -ENOENT, "get fd by id 0: ENOENT");

	/* walking ids */
	TEST_EQ(next_id(id1 - 1, &n), 0, "next id from before the first");
	TEST_EQ(n, id1, "next id is the first");
	TEST_EQ(next_id(id1, &n), 0, "next id after the first");
	TEST_EQ(n, id2, "next id is the second");
	TEST_EQ(next_id(id2, &n), -ENOENT, "no id after the last: ENOENT");
	TEST_EQ(next_id(INT_MAX, &n), -EINVAL, "start_id INT_MAX: EINVAL");

	/* the object lives while any fd does */
	user_close(fd1);
	fd1 = btf_get_fd_by_id(id1);
	TEST_OK(fd1 >= 0, "still found by id while another fd holds it", "ret %d", fd1);
	if (fd1 >= 0)
		user_close(fd1);
	if (fd3 >= 0)
		user_close(fd3);
	TEST_EQ(btf_get_fd_by_id(id1), -ENOENT, "gone when the last fd closes");
	TEST_EQ(next_id(0, &n), 0, "next id from 0");
	TEST_EQ(n, 1, "next id from 0 is the vmlinux BTF's");
	TEST_EQ(next_id(1, &n), 0, "next id skips freed ids");
	TEST_EQ(n, id2, "next id is the remaining one");

	/* fds that are not BTF */
	TEST_EQ(PTR_ERR(btf_get_by_fd(fd1)), -EBADF, "closed fd: EBADF");
	TEST_EQ(PTR_ERR(btf_get_by_fd(-1)), -EBADF, "fd -1: EBADF");
	other = open("/dev/null", O_RDONLY);
	TEST_EQ(PTR_ERR(btf_get_by_fd(other)), -EINVAL, "not a BTF fd: EINVAL");
	close(other);
	other = anon_inode_getfd("bpf-map", &other_fops, NULL, O_RDWR);
	TEST_EQ(PTR_ERR(btf_get_by_fd(other)), -EINVAL, "another bpf object's fd: EINVAL");
	user_close(other);

	/* a new load does not reuse a freed id */
	fd1 = btf_load(blob, size, 0, NULL, 0);
	id = info_id(fd1);
	TEST_OK(id > id2, "ids are not reused", "id %u after %u", id, id2);
	user_close(fd1);
	user_close(fd2);
	free(copy);
	free(blob);
}

/* ---- type queries and the map value checks ---- */

static const u32 query_raw[] = {
	BTF_INT(NAME_TBD),				/* [1] int */
	BTF_TYPE_INT_ENC(NAME_TBD, 0, 0, 64, 8),	/* [2] u64 */
	BTF_STRUCT_ENC(NAME_TBD, 1, 4),			/* [3] bpf_spin_lock */
	BTF_MEMBER_ENC(NAME_TBD, 1, 0),
	BTF_STRUCT_ENC(NAME_TBD, 2, 16),		/* [4] bpf_timer */
	BTF_MEMBER_ENC(0, 2, 0), BTF_MEMBER_ENC(0, 2, 64),
	BTF_STRUCT_ENC(NAME_TBD, 3, 24),		/* [5] val */
	BTF_MEMBER_ENC(NAME_TBD, 1, 0),
	BTF_MEMBER_ENC(NAME_TBD, 3, 32),
	BTF_MEMBER_ENC(NAME_TBD, 4, 64),
	BTF_STRUCT_ENC(NAME_TBD, 2, 8),			/* [6] two_locks */
	BTF_MEMBER_ENC(0, 3, 0), BTF_MEMBER_ENC(0, 3, 32),
	BTF_TYPEDEF_ENC(NAME_TBD, 5),			/* [7] val_t */
	BTF_ARRAY_ENC(5, 1, 2),				/* [8] val[2] */
	BTF_STRUCT_ENC(NAME_TBD, 1, 4),			/* [9] plain */
	BTF_MEMBER_ENC(0, 1, 0),
	BTF_UNION_ENC(NAME_TBD, 1, 4),			/* [10] u */
	BTF_MEMBER_ENC(0, 3, 0),
	BTF_STRUCT_ENC(NAME_TBD, 1, 8),			/* [11] misaligned */
	BTF_MEMBER_ENC(0, 3, 16),
	BTF_VAR_ENC(NAME_TBD, 3, 0),			/* [12] lock_var */
	BTF_DATASEC_ENC(NAME_TBD, 1, 8),		/* [13] .data */
	BTF_VAR_SECINFO_ENC(12, 0, 4),
	BTF_PTR_ENC(5),					/* [14] */
	BTF_CONST_ENC(8),				/* [15] */
	BTF_STRUCT_ENC(NAME_TBD, 1, 16),		/* [16] timer_only */
	BTF_MEMBER_ENC(0, 4, 0),
	RAW_END,
};
static const char query_strs[] = "\0int\0u64\0bpf_spin_lock\0val\0bpf_timer\0val\0cnt\0lock\0t"
	"\0two_locks\0val_t\0plain\0u\0misaligned\0lock_var\0.data\0timer_only";

static int check_calls;
static const struct btf_type *check_key_type;

static int ops_check_btf_ok(const struct bpf_map *map, const struct btf *btf,
			    const struct btf_type *key_type,
			    const struct btf_type *value_type)
{
	check_calls++;
	check_key_type = key_type;
	return 0;
}

static int ops_check_btf_fail(const struct bpf_map *map, const struct btf *btf,
			      const struct btf_type *key_type,
			      const struct btf_type *value_type)
{
	return -ENOTSUPP;
}

static const struct bpf_map_ops ops_plain = { 0 };
static const struct bpf_map_ops ops_ok = { .map_check_btf = ops_check_btf_ok };
static const struct bpf_map_ops ops_fail = { .map_check_btf = ops_check_btf_fail };

static int check_map(const struct btf *btf, enum bpf_map_type type, u32 flags,
		     const struct bpf_map_ops *ops, u32 key_size, u32 value_size,
		     u32 key_id, u32 value_id, struct bpf_map *out)
{
	struct bpf_map map;
	int err;

	memset(&map, 0, sizeof(map));
	map.ops = ops;
	map.map_type = type;
	map.map_flags = flags;
	map.key_size = key_size;
	map.value_size = value_size;
	map.spin_lock_off = -EINVAL;
	map.timer_off = -EINVAL;
	err = map_check_btf(&map, btf, key_id, value_id);
	if (out)
		*out = map;
	return err;
}

static void test_queries(void)
{
	const struct btf_type *t;
	struct bpf_map map;
	struct btf *btf;
	u32 id, size;
	int fd;

	fd = load_raw(query_raw, query_strs, sizeof(query_strs));
	TEST_OK(fd >= 0, "queries: BTF loads", "ret %d; log:\n%s", fd, log_buf);
	if (fd < 0)
		return;
	btf = btf_get_by_fd(fd);
	if (!TEST_OK(!IS_ERR(btf), "queries: btf_get_by_fd", "%ld", PTR_ERR(btf)))
		return;

	TEST_EQ(btf_nr_types(btf), 17, "btf_nr_types counts void");
	CHECK(btf_type_is_void(btf_type_by_id(btf, 0)), "type 0 is void");
	CHECK(btf_type_by_id(btf, 17) == NULL, "type past the last: NULL");
	CHECK(!strcmp(btf_name_by_offset(btf, 0), ""), "name at offset 0 is \"\"");
	CHECK(btf_name_by_offset(btf, sizeof(query_strs)) == NULL, "name past the strings: NULL");
	t = btf_type_by_id(btf, 5);
	CHECK(t && !strcmp(btf_name_by_offset(btf, t->name_off), "val"), "type 5 is val");
	CHECK(t && !strcmp(btf_type_str(t), "STRUCT"), "btf_type_str");

	id = 7;
	t = btf_type_id_size(btf, &id, &size);
	CHECK(t && id == 5 && size == 24, "type_id_size: typedef -> struct, 24");
	id = 8;
	t = btf_type_id_size(btf, &id, &size);
	CHECK(t && id == 8 && size == 48, "type_id_size: array of 2 -> 48");
	id = 15;
	t = btf_type_id_size(btf, &id, &size);
	CHECK(t && id == 8 && size == 48, "type_id_size: const array -> array, 48");
	id = 14;
	t = btf_type_id_size(btf, &id, &size);
	CHECK(t && id == 14 && size == 8, "type_id_size: pointer is 8");
	id = 12;
	t = btf_type_id_size(btf, &id, &size);
	CHECK(t && id == 3 && size == 4, "type_id_size: var -> its type");
	id = 0;
	CHECK(!btf_type_id_size(btf, &id, &size), "type_id_size: void has none");
	id = 99;
	CHECK(!btf_type_id_size(btf, &id, &size), "type_id_size: unknown id has none");
	t = btf_resolve_size(btf, btf_type_by_id(btf, 15), &size);
	CHECK(!IS_ERR(t) && size == 48, "btf_resolve_size of const val[2]");

	TEST_EQ(btf_find_by_name_kind(btf, "val", BTF_KIND_STRUCT), 5, "find by name and kind");
	TEST_EQ(btf_find_by_name_kind(btf, "val", BTF_KIND_TYPEDEF), -ENOENT,
		"find by name, other kind: ENOENT");
	t = btf_type_skip_modifiers(btf, 15, &id);
	CHECK(t && id == 8, "skip modifiers: const -> array");
	t = btf_type_resolve_ptr(btf, 14, &id);
	CHECK(t && id == 5, "resolve ptr -> struct val");
	CHECK(!btf_type_resolve_ptr(btf, 5, NULL), "resolve ptr of a struct: NULL");

	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 5)), 4, "spin lock at 4");
	TEST_EQ(btf_find_timer(btf, btf_type_by_id(btf, 5)), 8, "timer at 8");
	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 6)), -E2BIG, "two spin locks: E2BIG");
	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 9)), -ENOENT, "no spin lock: ENOENT");
	TEST_EQ(btf_find_timer(btf, btf_type_by_id(btf, 9)), -ENOENT, "no timer: ENOENT");
	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 10)), -EINVAL, "union value: EINVAL");
	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 1)), -EINVAL, "int value: EINVAL");
	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 11)), -EINVAL,
		"misaligned spin lock: EINVAL");
	TEST_EQ(btf_find_spin_lock(btf, btf_type_by_id(btf, 13)), 0, "spin lock var in a datasec");
	TEST_EQ(btf_find_timer(btf, btf_type_by_id(btf, 13)), -ENOENT, "no timer in the datasec");

	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 4, 24, 1, 5, &map), 0,
		"map: hash int -> val");
	TEST_EQ(map.spin_lock_off, 4, "map: spin_lock_off set");
	TEST_EQ(map.timer_off, 8, "map: timer_off set");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_ARRAY, 0, &ops_plain, 4, 24, 1, 7, NULL), 0,
		"map: value through a typedef");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 8, 24, 1, 5, NULL), -EINVAL,
		"map: key size differs: EINVAL");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 4, 20, 1, 5, NULL), -EINVAL,
		"map: value size differs: EINVAL");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 4, 24, 99, 5, NULL), -EINVAL,
		"map: unknown key type: EINVAL");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 4, 4, 1, 0, NULL), -EINVAL,
		"map: void value: EINVAL");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 4, 24, 0, 5, NULL), -EINVAL,
		"map: no key type, no map_check_btf: EINVAL");
	check_calls = 0;
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_ARRAY, 0, &ops_ok, 4, 24, 0, 5, NULL), 0,
		"map: no key type, map_check_btf agrees");
	TEST_EQ(check_calls, 1, "map: ops->map_check_btf called once");
	CHECK(check_key_type && btf_type_is_void(check_key_type), "map: key type given is void");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_ARRAY, 0, &ops_fail, 4, 24, 1, 5, NULL), -ENOTSUPP,
		"map: ops->map_check_btf's error is returned");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_PERCPU_HASH, 0, &ops_plain, 4, 24, 1, 5, NULL),
		-ENOTSUPP, "map: spin lock in a percpu hash: ENOTSUPP");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_LRU_HASH, 0, &ops_plain, 4, 24, 1, 5, NULL),
		-ENOTSUPP, "map: spin lock in an LRU hash: ENOTSUPP");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, BPF_F_RDONLY_PROG, &ops_plain, 4, 24, 1, 5, NULL),
		-EACCES, "map: spin lock, read-only for programs: EACCES");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_LRU_HASH, 0, &ops_plain, 4, 16, 1, 16, &map), 0,
		"map: timer in an LRU hash");
	TEST_EQ(map.timer_off, 0, "map: timer_off 0");
	CHECK(!map_value_has_spin_lock(&map), "map: no spin lock there");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_PERCPU_ARRAY, 0, &ops_plain, 4, 16, 1, 16, NULL),
		-EOPNOTSUPP, "map: timer in a percpu array: EOPNOTSUPP");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_ARRAY, BPF_F_RDONLY_PROG, &ops_plain, 4, 16, 1, 16, NULL),
		-EACCES, "map: timer, read-only for programs: EACCES");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_PERCPU_HASH, 0, &ops_plain, 4, 4, 1, 1, &map), 0,
		"map: plain int value anywhere");
	CHECK(!map_value_has_spin_lock(&map) && !map_value_has_timer(&map),
	      "map: int value has no lock nor timer");
	TEST_EQ(check_map(btf, BPF_MAP_TYPE_ARRAY, 0, &ops_plain, 4, 8, 1, 13, &map), 0,
		"map: datasec value (global data)");
	TEST_EQ(map.spin_lock_off, 0, "map: datasec spin lock at 0");

	btf_put(btf);
	user_close(fd);
}

/* ---- func_info and line_info ---- */

static const u32 prog_raw[] = {
	BTF_INT(NAME_TBD),				/* [1] int */
	BTF_FUNC_PROTO_ENC(1, 1), BTF_PARAM_ENC(NAME_TBD, 1),	/* [2] int (int x) */
	BTF_FUNC_ENC(NAME_TBD, 2, BTF_FUNC_GLOBAL),	/* [3] main */
	BTF_FUNC_ENC(NAME_TBD, 2, BTF_FUNC_STATIC),	/* [4] sub */
	BTF_FUNC_PROTO_ENC(0, 0),			/* [5] void (void) */
	BTF_FUNC_ENC(NAME_TBD, 5, BTF_FUNC_STATIC),	/* [6] vsub */
	RAW_END,
};
static const char prog_strs[] = "\0int\0x\0main\0sub\0vsub\0prog.c\0int main(void)\0\treturn sub(1);";
#define STR_FILE	(sizeof("\0int\0x\0main\0sub\0vsub") )
#define STR_LINE1	(STR_FILE + sizeof("prog.c"))
#define STR_LINE2	(STR_LINE1 + sizeof("int main(void)"))

static struct bpf_prog *make_prog(const struct bpf_insn *insns, u32 len)
{
	struct bpf_prog *prog = calloc(1, sizeof(*prog) + len * sizeof(*insns));

	prog->aux = calloc(1, sizeof(*prog->aux));
	prog->aux->prog = prog;
	prog->len = len;
	memcpy(prog->insnsi, insns, len * sizeof(*insns));
	return prog;
}

static void free_prog(struct bpf_prog *prog)
{
	btf_prog_info_free(prog->aux);
	if (prog->aux->btf)
		btf_put(prog->aux->btf);
	free(prog->aux);
	free(prog);
}

static struct bpf_verifier_log vlog;

static void reset_log(void)
{
	memset(&vlog, 0, sizeof(vlog));
	vlog.level = 1;
	vlog.ubuf = log_buf;
	vlog.len_total = sizeof(log_buf);
	log_buf[0] = '\0';
}

struct prog_info_case {
	const char *descr;
	struct bpf_func_info fi[3];
	u32 fi_cnt, fi_rec;
	struct bpf_line_info li[4];
	u32 li_cnt, li_rec;
	int err;
	const char *log;
};

static const struct bpf_insn two_funcs[] = {
	BPF_MOV64_IMM(BPF_REG_1, 1),
	BPF_CALL_REL(2),
	BPF_MOV64_IMM(BPF_REG_0, 0),
	BPF_EXIT_INSN(),
	BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),	/* sub: insn 4 */
	BPF_EXIT_INSN(),
};

#define FI_OK		{ { 0, 3 }, { 4, 4 } }, 2, 8
#define LI(off)		{ off, STR_FILE, STR_LINE1, (1 << 10) | 1 }
#define LI_OK		{ LI(0), LI(2), LI(4) }, 3, 16

static const struct prog_info_case prog_info_cases[] = {
	{ "func and line info", FI_OK, LI_OK },
	{ "func info only", FI_OK },
	{ "line info only", .li = { LI(0), LI(4) }, .li_cnt = 2, .li_rec = 16 },
	{ "one func for two subprogs", { { 0, 3 } }, 1, 8, .err = EINVAL,
	  .log = "number of funcs in func_info doesn't match number of subprogs\n" },
	{ "func rec size 4", { { 0, 3 }, { 4, 4 } }, 2, 4, .err = EINVAL,
	  .log = "invalid func info rec size 4\n" },
	{ "func rec size 10", { { 0, 3 }, { 4, 4 } }, 2, 10, .err = EINVAL,
	  .log = "invalid func info rec size 10\n" },
	{ "func rec size 256", { { 0, 3 }, { 4, 4 } }, 2, 256, .err = EINVAL,
	  .log = "invalid func info rec size 256\n" },
	{ "first func not at 0", { { 1, 3 }, { 4, 4 } }, 2, 8, .err = EINVAL,
	  .log = "nonzero insn_off 1 for the first func info record" },
	{ "funcs not increasing", { { 0, 3 }, { 0, 4 } }, 2, 8, .err = EINVAL,
	  .log = "same or smaller insn offset (0) than previous func info record (0)" },
	{ "func not at a subprog", { { 0, 3 }, { 3, 4 } }, 2, 8, .err = EINVAL,
	  .log = "func_info BTF section doesn't match subprog layout in BPF program\n" },
	{ "func type is an int", { { 0, 3 }, { 4, 1 } }, 2, 8, .err = EINVAL,
	  .log = "invalid type id 1 in func info" },
	{ "func type unknown", { { 0, 99 }, { 4, 4 } }, 2, 8, .err = EINVAL,
	  .log = "invalid type id 99 in func info" },
	{ "line rec size 8", FI_OK, { LI(0), LI(2), LI(4) }, 3, 8, .err = EINVAL },
	{ "line rec size 18", FI_OK, { LI(0), LI(2), LI(4) }, 3, 18, .err = EINVAL },
	{ "first line not at 0", FI_OK, { LI(1), LI(4) }, 2, 16, .err = EINVAL,
	  .log = "missing bpf_line_info for func#0\n" },
	{ "lines not increasing", FI_OK, { LI(0), LI(0), LI(4) }, 3, 16, .err = EINVAL,
	  .log = "Invalid line_info[1].insn_off:0 (prev_offset:0 prog->len:6)\n" },
	{ "line past the program", FI_OK, { LI(0), LI(4), LI(6) }, 3, 16, .err = EINVAL,
	  .log = "Invalid line_info[2].insn_off:6 (prev_offset:4 prog->len:6)\n" },
	{ "no line for the subprog", FI_OK, { LI(0), LI(2) }, 2, 16, .err = EINVAL,
	  .log = "missing bpf_line_info for 1 funcs starting from func#1\n" },
	{ "line skips the subprog start", FI_OK, { LI(0), LI(5) }, 2, 16, .err = EINVAL,
	  .log = "missing bpf_line_info for func#1\n" },
	{ "line text past the strings", FI_OK,
	  { LI(0), { 4, STR_FILE, 4096, 0 } }, 2, 16, .err = EINVAL,
	  .log = "Invalid line_info[1].line_off or .file_name_off\n" },
};

static int prog_info(struct bpf_prog *prog, int btf_fd, const void *fi, u32 fi_cnt,
		     u32 fi_rec, const void *li, u32 li_cnt, u32 li_rec,
		     union bpf_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->prog_btf_fd = btf_fd;
	attr->func_info = (uintptr_t)fi;
	attr->func_info_cnt = fi_cnt;
	attr->func_info_rec_size = fi_rec;
	attr->line_info = (uintptr_t)li;
	attr->line_info_cnt = li_cnt;
	attr->line_info_rec_size = li_rec;
	reset_log();
	return btf_check_prog_info_uattr(prog, attr, attr, &vlog);
}

/* Records of rec_size bytes: the known ones, then the tail as given. */
static void *widen(const void *recs, u32 cnt, u32 known, u32 rec_size, u8 tail)
{
	u8 *out = calloc(cnt ? cnt : 1, rec_size);
	u32 i;

	for (i = 0; i < cnt; i++) {
		memcpy(out + i * rec_size, (const u8 *)recs + i * known, min(known, rec_size));
		if (rec_size > known)
			memset(out + i * rec_size + known, tail, rec_size - known);
	}
	return out;
}

static void test_prog_info(void)
{
	static const struct bpf_insn ld_abs_in_sub[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_CALL_REL(2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_LD_ABS(BPF_B, 0),			/* sub: insn 4 */
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn tail_call_in_sub[] = {
		BPF_CALL_REL(2),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_3, 0),		/* sub: insn 3 */
		BPF_EMIT_CALL(BPF_FUNC_tail_call),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn bad_call[] = {
		BPF_CALL_REL(5),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn ld_imm64[] = {
		BPF_LD_IMM64(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	static const struct bpf_insn pseudo_func[] = {
		BPF_LD_IMM64_RAW(BPF_REG_2, BPF_PSEUDO_FUNC, 3),
		BPF_MOV64_IMM(BPF_REG_0, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0),		/* callback: insn 4 */
		BPF_EXIT_INSN(),
	};
	const struct bpf_line_info *l;
	struct bpf_func_info fi[2];
	struct bpf_line_info li[2];
	struct bpf_prog *prog;
	union bpf_attr attr;
	char name[160];
	int fd, err, other;
	void *wide;
	u32 i;

	fd = load_raw(prog_raw, prog_strs, sizeof(prog_strs));
	TEST_OK(fd >= 0, "prog info: BTF loads", "ret %d; log:\n%s", fd, log_buf);
	if (fd < 0)
		return;

	for (i = 0; i < ARRAY_SIZE(prog_info_cases); i++) {
		const struct prog_info_case *c = &prog_info_cases[i];

		prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
		wide = widen(c->fi, c->fi_cnt, sizeof(c->fi[0]), c->fi_rec, 0);
		err = prog_info(prog, fd, c->fi_rec == 8 ? (void *)c->fi : wide, c->fi_cnt,
				c->fi_rec, c->li, c->li_cnt, c->li_rec, &attr);
		snprintf(name, sizeof(name), "prog info: %s", c->descr);
		TEST_OK(err == -c->err, name, "ret %d want %d; log: %s", err, -c->err, log_buf);
		if (c->log) {
			snprintf(name, sizeof(name), "prog info: %s: log", c->descr);
			TEST_OK(!strcmp(log_buf, c->log), name, "got \"%s\" want \"%s\"",
				log_buf, c->log);
		}
		if (c->err) {
			snprintf(name, sizeof(name), "prog info: %s: nothing kept", c->descr);
			CHECK(!prog->aux->func_info && !prog->aux->linfo &&
			      !prog->aux->func_info_aux, name);
		}
		free(wide);
		free_prog(prog);
	}

	/* what a success keeps */
	prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
	{
		struct bpf_func_info fis[] = { { 0, 3 }, { 4, 6 } };
		struct bpf_line_info lis[] = { LI(0), LI(2), LI(4) };

		err = prog_info(prog, fd, fis, 2, 8, lis, 3, 16, &attr);
		TEST_EQ(err, 0, "prog info: void subprog without LD_ABS is fine");
		CHECK(prog->aux->btf && btf_obj_id(prog->aux->btf) == info_id(fd),
		      "prog info: aux->btf is the BTF of prog_btf_fd");
		TEST_EQ(prog->aux->func_info_cnt, 2, "prog info: func_info_cnt");
		CHECK(prog->aux->func_info && prog->aux->func_info[1].insn_off == 4 &&
		      prog->aux->func_info[1].type_id == 6, "prog info: func_info copied");
		CHECK(prog->aux->func_info_aux &&
		      prog->aux->func_info_aux[0].linkage == BTF_FUNC_GLOBAL &&
		      prog->aux->func_info_aux[1].linkage == BTF_FUNC_STATIC,
		      "prog info: linkage of each func");
		TEST_EQ(prog->aux->nr_linfo, 3, "prog info: nr_linfo");
		l = bpf_prog_linfo_find(prog, 3);
		CHECK(l && l->insn_off == 2, "linfo of insn 3 is the line at insn 2");
		l = bpf_prog_linfo_find(prog, 4);
		CHECK(l && l->insn_off == 4, "linfo of insn 4 is its own");
		l = bpf_prog_linfo_find(prog, 0);
		CHECK(l && l->insn_off == 0 &&
		      !strcmp(btf_name_by_offset(prog->aux->btf, l->line_off), "int main(void)"),
		      "linfo of insn 0 and its source text");
		l = bpf_prog_linfo_find(prog, 100);
		CHECK(l && l->insn_off == 4, "linfo past the end is the last line");
	}
	free_prog(prog);
	prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
	CHECK(bpf_prog_linfo_find(prog, 0) == NULL, "no line info: linfo NULL");
	TEST_EQ(prog_info(prog, fd, NULL, 0, 0, NULL, 0, 0, &attr), 0,
		"prog info: none given, none needed");
	CHECK(!prog->aux->btf, "prog info: no BTF taken when there is no info");
	free_prog(prog);

	/* records longer than the kernel's */
	prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
	fi[0] = (struct bpf_func_info){ 0, 3 };
	fi[1] = (struct bpf_func_info){ 4, 4 };
	wide = widen(fi, 2, sizeof(fi[0]), 12, 0);
	TEST_EQ(prog_info(prog, fd, wide, 2, 12, NULL, 0, 0, &attr), 0,
		"prog info: 12-byte func records, zero tail");
	free(wide);
	free_prog(prog);
	prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
	wide = widen(fi, 2, sizeof(fi[0]), 12, 1);
	TEST_EQ(prog_info(prog, fd, wide, 2, 12, NULL, 0, 0, &attr), -E2BIG,
		"prog info: func record tail not zero: E2BIG");
	TEST_EQ(attr.func_info_rec_size, 8, "prog info: the size the kernel knows is written back");
	CHECK(!strcmp(log_buf, "nonzero tailing record in func info"), "prog info: func tail: log");
	free(wide);
	free_prog(prog);
	prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
	{
		struct bpf_line_info lis[] = { LI(0), LI(4) };

		wide = widen(lis, 2, sizeof(lis[0]), 20, 2);
		TEST_EQ(prog_info(prog, fd, fi, 2, 8, wide, 2, 20, &attr), -E2BIG,
			"prog info: line record tail not zero: E2BIG");
		TEST_EQ(attr.line_info_rec_size, 16, "prog info: line size written back");
		CHECK(!prog->aux->func_info, "prog info: func info dropped on line failure");
		free(wide);
	}
	free_prog(prog);

	/* the BTF fd */
	prog = make_prog(two_funcs, ARRAY_SIZE(two_funcs));
	TEST_EQ(prog_info(prog, 1000, fi, 2, 8, NULL, 0, 0, &attr), -EBADF,
		"prog info: prog_btf_fd closed: EBADF");
	other = open("/dev/null", O_RDONLY);
	TEST_EQ(prog_info(prog, other, fi, 2, 8, NULL, 0, 0, &attr), -EINVAL,
		"prog info: prog_btf_fd not BTF: EINVAL");
	close(other);
	free_prog(prog);

	/* subprogram layout */
	prog = make_prog(ld_abs_in_sub, ARRAY_SIZE(ld_abs_in_sub));
	fi[1].type_id = 6;
	TEST_EQ(prog_info(prog, fd, fi, 2, 8, NULL, 0, 0, &attr), -EINVAL,
		"prog info: LD_ABS in a void subprog: EINVAL");
	CHECK(!strcmp(log_buf, "LD_ABS is only allowed in functions that return 'int'.\n"),
	      "prog info: LD_ABS in a void subprog: log");
	fi[1].type_id = 4;
	TEST_EQ(prog_info(prog, fd, fi, 2, 8, NULL, 0, 0, &attr), 0,
		"prog info: LD_ABS in an int subprog");
	free_prog(prog);
	prog = make_prog(ld_abs_in_sub, ARRAY_SIZE(ld_abs_in_sub));
	TEST_EQ(prog_info(prog, fd, NULL, 0, 0, NULL, 0, 0, &attr), -EINVAL,
		"prog info: LD_ABS in a subprog without BTF: EINVAL");
	CHECK(!strcmp(log_buf, "LD_ABS is not allowed in subprogs without BTF\n"),
	      "prog info: LD_ABS without BTF: log");
	free_prog(prog);

	prog = make_prog(tail_call_in_sub, ARRAY_SIZE(tail_call_in_sub));
	TEST_EQ(prog_info(prog, fd, NULL, 0, 0, NULL, 0, 0, &attr), -EINVAL,
		"prog info: tail call in a subprog without BTF: EINVAL");
	CHECK(!strcmp(log_buf, "tail_call is not allowed in subprogs without BTF\n"),
	      "prog info: tail call without BTF: log");
	fi[1] = (struct bpf_func_info){ 3, 6 };
	TEST_EQ(prog_info(prog, fd, fi, 2, 8, NULL, 0, 0, &attr), -EINVAL,
		"prog info: tail call in a void subprog: EINVAL");
	CHECK(!strcmp(log_buf, "tail_call is only allowed in functions that return 'int'.\n"),
	      "prog info: tail call in a void subprog: log");
	free_prog(prog);

	prog = make_prog(bad_call, ARRAY_SIZE(bad_call));
	TEST_EQ(prog_info(prog, fd, NULL, 0, 0, NULL, 0, 0, &attr), -EINVAL,
		"prog info: call past the program: EINVAL");
	CHECK(!strcmp(log_buf, "call to invalid destination\n"), "prog info: bad call: log");
	free_prog(prog);

	prog = make_prog(ld_imm64, ARRAY_SIZE(ld_imm64));
	li[0] = (struct bpf_line_info)LI(0);
	li[1] = (struct bpf_line_info)LI(1);
	fi[0] = (struct bpf_func_info){ 0, 3 };
	TEST_EQ(prog_info(prog, fd, fi, 1, 8, li, 2, 16, &attr), -EINVAL,
		"prog info: line in the middle of ld_imm64: EINVAL");
	CHECK(!strcmp(log_buf, "Invalid insn code at line_info[1].insn_off\n"),
	      "prog info: line in ld_imm64: log");
	free_prog(prog);

	prog = make_prog(pseudo_func, ARRAY_SIZE(pseudo_func));
	fi[1] = (struct bpf_func_info){ 4, 4 };
	TEST_EQ(prog_info(prog, fd, fi, 2, 8, NULL, 0, 0, &attr), 0,
		"prog info: a BPF_PSEUDO_FUNC target is a subprog");
	TEST_EQ(prog_info(prog, fd, fi, 1, 8, NULL, 0, 0, &attr), -EINVAL,
		"prog info: missing func for a callback");
	free_prog(prog);

	user_close(fd);
}

/* ---- BTF of a clang object, fixed up as libbpf 1.1 does ---- */

static const char bpf_src[] =
	"struct bpf_spin_lock { unsigned int val; };\n"
	"struct bpf_timer { unsigned long long a, b; } __attribute__((aligned(8)));\n"
	"#define SEC(n) __attribute__((section(n), used))\n"
	"#define __uint(name, val) int (*name)[val]\n"
	"#define __type(name, val) typeof(val) *name\n"
	"struct val { struct bpf_spin_lock lock; int cnt; unsigned flags:3, kind:5;\n"
	"\tstruct bpf_timer t; };\n"
	"struct { __uint(type, 1); __uint(max_entries, 16); __type(key, int);\n"
	"\t__type(value, struct val); } counts SEC(\".maps\");\n"
	"int global_cnt = 1;\n"
	"const volatile int cfg = 7;\n"
	"static long bss_thing;\n"
	"char _license[] SEC(\"license\") = \"GPL\";\n"
	"enum color { RED, GREEN = 5 };\n"
	"enum color favourite = GREEN;\n"
	"float ratio = 1.5f;\n"
	"int __attribute__((btf_decl_tag(\"user_tag\"))) tagged = 3;\n"
	"int __attribute__((btf_type_tag(\"user\"))) *tagged_ptr;\n"
	"struct xdp_md { unsigned int data, data_end, data_meta, ingress_ifindex,\n"
	"\trx_queue_index, egress_ifindex; };\n"
	"static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;\n"
	"int __attribute__((noinline)) global_helper(int x) { return x * 2; }\n"
	"SEC(\"xdp\") int prog(struct xdp_md *ctx)\n"
	"{\n"
	"\tint k = 0;\n"
	"\tstruct val *v = bpf_map_lookup_elem(&counts, &k);\n"
	"\n"
	"\tif (v)\n"
	"\t\tv->cnt++;\n"
	"\tbss_thing++;\n"
	"\treturn global_cnt + cfg + favourite + tagged + (tagged_ptr != 0);\n"
	"}\n";

struct elf_obj {
	u8 *data;
	size_t size;
	const Elf64_Shdr *shdrs;
	u32 shnum;
	const char *shstr;
};

static const Elf64_Shdr *elf_sec(const struct elf_obj *o, const char *name)
{
	u32 i;

	for (i = 0; i < o->shnum; i++)
		if (!strcmp(o->shstr + o->shdrs[i].sh_name, name))
			return &o->shdrs[i];
	return NULL;
}

static bool elf_open(struct elf_obj *o, const char *path)
{
	const Elf64_Ehdr *eh;
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return false;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	o->data = malloc(n);
	o->size = n;
	if (fread(o->data, 1, n, f) != (size_t)n || n < (long)sizeof(*eh)) {
		fclose(f);
		return false;
	}
	fclose(f);
	eh = (const Elf64_Ehdr *)o->data;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64)
		return false;
	o->shdrs = (const Elf64_Shdr *)(o->data + eh->e_shoff);
	o->shnum = eh->e_shnum;
	o->shstr = (const char *)o->data + o->shdrs[eh->e_shstrndx].sh_offset;
	return true;
}

static bool elf_sym_value(const struct elf_obj *o, const char *name, u32 *value)
{
	const Elf64_Shdr *symtab = elf_sec(o, ".symtab");
	const Elf64_Sym *syms;
	const char *strtab;
	u32 i;

	if (!symtab)
		return false;
	syms = (const Elf64_Sym *)(o->data + symtab->sh_offset);
	strtab = (const char *)o->data + o->shdrs[symtab->sh_link].sh_offset;
	for (i = 0; i < symtab->sh_size / sizeof(*syms); i++) {
		if (ELF64_ST_TYPE(syms[i].st_info) == STT_OBJECT &&
		    !strcmp(strtab + syms[i].st_name, name)) {
			*value = syms[i].st_value;
			return true;
		}
	}
	return false;
}

/* Bytes a type record takes, with what follows it. */
static u32 btf_rec_size(const struct btf_type *t)
{
	u32 vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return sizeof(*t) + 4;
	case BTF_KIND_ARRAY:
		return sizeof(*t) + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return sizeof(*t) + vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return sizeof(*t) + vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return sizeof(*t) + vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return sizeof(*t) + vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return sizeof(*t) + vlen * sizeof(struct btf_var_secinfo);
	default:
		return sizeof(*t);
	}
}

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* libbpf's btf_fixup_datasec: section sizes and global var offsets from the ELF. */
static bool fixup_datasecs(const struct elf_obj *o, u8 *btf, u32 btf_size)
{
	const struct btf_header *hdr = (const struct btf_header *)btf;
	u8 *types = btf + hdr->hdr_len + hdr->type_off;
	const char *strs = (const char *)btf + hdr->hdr_len + hdr->str_off;
	struct btf_type *by_id[512];
	u32 off = 0, n = 1, i, j;

	while (off < hdr->type_len && n < ARRAY_SIZE(by_id)) {
		by_id[n] = (struct btf_type *)(types + off);
		off += btf_rec_size(by_id[n]);
		n++;
	}
	for (i = 1; i < n; i++) {
		struct btf_type *t = by_id[i];
		struct btf_var_secinfo *vsi = (struct btf_var_secinfo *)(t + 1);
		const Elf64_Shdr *sec;

		if (BTF_INFO_KIND(t->info) != BTF_KIND_DATASEC || t->size)
			continue;
		sec = elf_sec(o, strs + t->name_off);
		if (!sec || !sec->sh_size)
			return false;
		t->size = sec->sh_size;
		for (j = 0; j < BTF_INFO_VLEN(t->info); j++) {
			const struct btf_type *var = by_id[vsi[j].type];
			u32 value;

			if (((const struct btf_var *)(var + 1))->linkage == BTF_VAR_STATIC)
				continue;
			if (!elf_sym_value(o, strs + var->name_off, &value))
				return false;
			vsi[j].offset = value;
		}
		qsort(vsi, BTF_INFO_VLEN(t->info), sizeof(*vsi), cmp_vsi);
	}
	return true;
}

/* The func_info or line_info records of one section of .BTF.ext, insn_off in insns. */
static void *btf_ext_recs(const struct elf_obj *o, const char *btf_strs, u32 which,
			  const char *sec_name, u32 *cnt, u32 *rec_size)
{
	const Elf64_Shdr *ext = elf_sec(o, ".BTF.ext");
	const u8 *p, *end;
	const u32 *h;
	u32 info_off, info_len;

	if (!ext)
		return NULL;
	p = o->data + ext->sh_offset;
	h = (const u32 *)p;	/* magic/version/flags, hdr_len, func off/len, line off/len */
	info_off = h[2 + which * 2];
	info_len = h[3 + which * 2];
	p += h[1] + info_off;
	end = p + info_len;
	*rec_size = *(const u32 *)p;
	p += 4;
	while (p < end) {
		u32 name_off = ((const u32 *)p)[0], num = ((const u32 *)p)[1];

		p += 8;
		if (!strcmp(btf_strs + name_off, sec_name)) {
			u8 *recs = malloc(num * *rec_size);
			u32 i;

			memcpy(recs, p, num * *rec_size);
			for (i = 0; i < num; i++)
				((u32 *)(recs + i * *rec_size))[0] /= 8;
			*cnt = num;
			return recs;
		}
		p += num * *rec_size;
	}
	return NULL;
}

static void test_clang_object(void)
{
	char dir[] = "/tmp/test_btf.XXXXXX", src[64], obj[64], cmd[512];
	u32 fi_cnt = 0, fi_rec = 0, li_cnt = 0, li_rec = 0;
	const Elf64_Shdr *btf_sec, *xdp;
	const struct bpf_line_info *l;
	void *fi = NULL, *li = NULL;
	struct elf_obj o = { 0 };
	struct bpf_prog *prog;
	union bpf_attr attr;
	struct btf *btf;
	u8 *blob = NULL;
	s32 val_id;
	FILE *f;
	int fd, err;

	if (!TEST_OK(mkdtemp(dir), "clang: temp dir", "%s", strerror(errno)))
		return;
	snprintf(src, sizeof(src), "%s/obj.bpf.c", dir);
	snprintf(obj, sizeof(obj), "%s/obj.bpf.o", dir);
	f = fopen(src, "w");
	fputs(bpf_src, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "clang -g -O2 -target bpf -c %s -o %s", src, obj);
	err = system(cmd);
	if (!TEST_EQ(err, 0, "clang -g -target bpf compiles the object"))
		goto out;
	if (!TEST_OK(elf_open(&o, obj), "clang: object is ELF64", " "))
		goto out;
	btf_sec = elf_sec(&o, ".BTF");
	xdp = elf_sec(&o, "xdp");
	if (!TEST_OK(btf_sec && xdp, "clang: object has .BTF and the program", " "))
		goto out;

	blob = malloc(btf_sec->sh_size);
	memcpy(blob, o.data + btf_sec->sh_offset, btf_sec->sh_size);
	fd = btf_load(blob, btf_sec->sh_size, 1, log_buf, sizeof(log_buf));
	TEST_EQ(fd, -EINVAL, "clang: raw .BTF has empty DATASECs: EINVAL as in 6.1");
	TEST_OK(strstr(log_buf, "DATASEC .bss size=0 vlen="), "clang: raw .BTF: log", "%s", log_buf);

	CHECK(fixup_datasecs(&o, blob, btf_sec->sh_size), "clang: datasecs fixed up as libbpf does");
	fd = btf_load(blob, btf_sec->sh_size, 1, log_buf, sizeof(log_buf));
	if (!TEST_OK(fd >= 0, "clang: object's BTF loads", "ret %d; log:\n%s", fd, log_buf))
		goto out;
	CHECK(strstr(log_buf, "DATASEC .maps size=32 vlen=1\n"), "clang: .maps datasec logged");
	CHECK(strstr(log_buf, "DATASEC license size=4 vlen=1\n"), "clang: license datasec logged");
	CHECK(strstr(log_buf, "FUNC prog type_id="), "clang: FUNC prog logged");
	CHECK(strstr(log_buf, "DECL_TAG user_tag"), "clang: DECL_TAG logged");
	CHECK(strstr(log_buf, "TYPE_TAG user"), "clang: TYPE_TAG logged");
	CHECK(strstr(log_buf, "FLOAT float size=4"), "clang: FLOAT logged");

	btf = btf_get_by_fd(fd);
	val_id = btf_find_by_name_kind(btf, "val", BTF_KIND_STRUCT);
	TEST_OK(val_id > 0, "clang: struct val found", "%d", val_id);
	if (val_id > 0) {
		const struct btf_type *t = btf_type_by_id(btf, val_id);

		TEST_EQ(btf_find_spin_lock(btf, t), 0, "clang: spin lock of struct val at 0");
		TEST_EQ(btf_find_timer(btf, t), 16, "clang: timer of struct val at 16");
		s32 int_id = btf_find_by_name_kind(btf, "int", BTF_KIND_INT);

		TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 4, 32, int_id, val_id, NULL),
			0, "clang: hash map int -> struct val");
		TEST_EQ(check_map(btf, BPF_MAP_TYPE_HASH, 0, &ops_plain, 8, 32, int_id, val_id, NULL),
			-EINVAL, "clang: map key type not of key size: EINVAL");
	}
	btf_put(btf);

	/* the program with its func_info and line_info, as libbpf passes them */
	fi = btf_ext_recs(&o, (const char *)blob + 24 + ((struct btf_header *)blob)->str_off,
			  0, "xdp", &fi_cnt, &fi_rec);
	li = btf_ext_recs(&o, (const char *)blob + 24 + ((struct btf_header *)blob)->str_off,
			  1, "xdp", &li_cnt, &li_rec);
	if (TEST_OK(fi && li && fi_cnt == 1, "clang: .BTF.ext has func and line info for xdp",
		    "fi %p cnt %u li %p", fi, fi_cnt, li)) {
		prog = make_prog((const struct bpf_insn *)(o.data + xdp->sh_offset),
				 xdp->sh_size / sizeof(struct bpf_insn));
		err = prog_info(prog, fd, fi, fi_cnt, fi_rec, li, li_cnt, li_rec, &attr);
		TEST_OK(err == 0, "clang: func_info and line_info accepted", "ret %d; log: %s",
			err, log_buf);
		l = bpf_prog_linfo_find(prog, 0);
		CHECK(l && strstr(btf_name_by_offset(prog->aux->btf, l->line_off), "int prog("),
		      "clang: first line of the program is its declaration");
		CHECK(l && strstr(btf_name_by_offset(prog->aux->btf, l->file_name_off), "obj.bpf.c"),
		      "clang: line info names the source file");
		free_prog(prog);
	}
	user_close(fd);
out:
	free(fi);
	free(li);
	free(blob);
	free(o.data);
	unlink(obj);
	unlink(src);
	rmdir(dir);
}

/* ---- concurrent loads, lookups by id and closes ---- */

struct id_worker_arg {
	const struct probe_blob *p;
	u32 first_id, last_id;
	long bad;
};

static void *id_worker(void *arg)
{
	struct id_worker_arg *w = arg;
	int i;

	for (i = 0; i < 200; i++) {
		int fd = load_libbpf_probe(w->p), fd2;
		u32 id, n;

		if (fd < 0) {
			w->bad++;
			continue;
		}
		id = info_id(fd);
		if (!w->first_id)
			w->first_id = id;
		w->last_id = id;
		/* ids only grow, whatever the other threads do */
		if (id <= (i ? w->last_id - 1 : 0) && i)
			w->bad++;
		fd2 = btf_get_fd_by_id(id);
		if (fd2 < 0 || info_id(fd2) != id)
			w->bad++;
		if (next_id(id - 1, &n) || n != id)
			w->bad++;
		user_close(fd);
		if (fd2 >= 0)
			user_close(fd2);
	}
	return NULL;
}

static void test_threads(void)
{
	struct id_worker_arg w[3];
	pthread_t th[3];
	long bad = 0, left = 0;
	u32 id;
	int i, fd;

	memset(w, 0, sizeof(w));
	for (i = 0; i < 3; i++) {
		w[i].p = &libbpf_probes[i];
		pthread_create(&th[i], NULL, id_worker, &w[i]);
	}
	for (i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		bad += w[i].bad;
	}
	TEST_EQ(bad, 0, "threads: load, get by id, walk ids, close, all consistent");

	/*
	 * An fd number one thread closed may be taken by another before
	 * its close hook ran; the syscall layer reaps such files before
	 * any lookup by id, and so do we.
	 */
	sysbpf_reap_files();
	for (i = 0; i < 3; i++) {
		for (id = w[i].first_id; id && id <= w[i].last_id; id++) {
			fd = btf_get_fd_by_id(id);
			if (fd >= 0) {
				left++;
				user_close(fd);
			}
		}
	}
	TEST_EQ(left, 0, "threads: every BTF is gone once its fds are closed");
}

int main(void)
{
	u64 mem_before;
	u32 i;

	test_first_id();
	/* first: the id space and the fd table grow to their size here */
	test_threads();
	/* the vmlinux BTF is made at first need and lives for good */
	TEST_OK(!IS_ERR(bpf_get_btf_vmlinux()), "the vmlinux BTF is made", "%s", "error");
	sysbpf_reap_files();
	rcu_barrier();
	mem_before = sysbpf_mem_allocated();

	for (i = 0; i < ARRAY_SIZE(raw_cases); i++)
		run_raw_case(&raw_cases[i]);
	test_special_blobs();
	test_log_attrs();
	test_libbpf_probes();
	test_object();
	test_queries();
	test_prog_info();
	test_clang_object();

	sysbpf_reap_files();
	rcu_barrier();
	TEST_EQ(sysbpf_mem_allocated(), mem_before, "no memory left allocated");
	return sysbpf_test_done();
}
