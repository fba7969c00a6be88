// SPDX-License-Identifier: GPL-2.0
/*
 * The networking program types beyond socket filters, tc and XDP, against
 * Linux 6.1's rules:
 *  - through bpf(2): for each type a program reading (and writing) fields
 *    its context allows loads, one touching a field it does not is
 *    refused with EACCES and 6.1's "invalid bpf_context access" line,
 *    and the expected_attach_type each type needs is checked;
 *  - BPF_PROG_TEST_RUN: cgroup skb, lwt in/out/xmit, the flow dissector
 *    and sk_lookup run and their results are checked; the types 6.1 has
 *    no test run for answer ENOTSUPP (524);
 *  - the socket pointer rules (struct bpf_sock, bpf_tcp_sock,
 *    bpf_xdp_sock) and the helper protos the verifier's reference
 *    tracking reads;
 *  - what the context conversions of the types without a test run
 *    compute, evaluated over our context structures.
 * TEST_PROG_TYPES_HOST=1 runs the bpf(2) part against the host kernel
 * instead, to check the expectations themselves where bpf(2) is allowed.
 */
#include <net/bpf_sk_ctx.h>
#include <net/bpf_net_types.h>
#include <linux/filter.h>
#include <linux/skbuff.h>
#include <arpa/inet.h>
#include <linux/ip.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sysbpf_test.h"

#define ENOTSUPP_ERRNO	524
#define P(x)		((__u64)(uintptr_t)(x))

int __sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size);

static bool on_host;

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	int ret;

	if (on_host)
		return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
	ret = __sys_bpf(cmd, attr, sizeof(*attr));
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* ---------------------------------------------------------------- */
/* Loading                                                           */
/* ---------------------------------------------------------------- */

static char logbuf[1 << 16];

static int prog_load(enum bpf_prog_type type, enum bpf_attach_type eat,
		     const struct bpf_insn *insns, u32 cnt)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	logbuf[0] = '\0';
	attr.prog_type = type;
	attr.expected_attach_type = eat;
	attr.insns = P(insns);
	attr.insn_cnt = cnt;
	attr.license = P("GPL");
	attr.log_buf = P(logbuf);
	attr.log_size = sizeof(logbuf);
	attr.log_level = 1;
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

#define LOAD(type, eat, ...)						\
	({ const struct bpf_insn __i[] = { __VA_ARGS__ };			\
	   prog_load(type, eat, __i, ARRAY_SIZE(__i)); })

/* A load the type allows: the fd, closed again. */
#define LOAD_OK(name, type, eat, ...)					\
	({ int __fd = LOAD(type, eat, __VA_ARGS__);			\
	   TEST_OK(__fd >= 0, name, "errno %d (%s), log: %.400s", errno,	\
		   strerror(errno), logbuf);					\
	   if (__fd >= 0)							\
		close(__fd); })

/* One context access (a load into r0 or a store of r2), then exit. */
static int load_access(enum bpf_prog_type type, enum bpf_attach_type eat,
		       bool write, int off, int size_code)
{
	const struct bpf_insn rd[] = {
		BPF_LDX_MEM(size_code, BPF_REG_0, BPF_REG_1, off),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn wr[] = {
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_STX_MEM(size_code, BPF_REG_1, BPF_REG_2, off),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};

	return write ? prog_load(type, eat, wr, ARRAY_SIZE(wr)) :
		       prog_load(type, eat, rd, ARRAY_SIZE(rd));
}

static int size_bytes(int size_code)
{
	switch (size_code) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* Refused with EACCES and the line 6.1 logs for it. */
static void expect_ctx_refused(const char *name, enum bpf_prog_type type,
			       enum bpf_attach_type eat, bool write, int off,
			       int size_code)
{
	char want[96], tname[160];
	int fd = load_access(type, eat, write, off, size_code);
	int err = errno;

	snprintf(want, sizeof(want), "invalid bpf_context access off=%d size=%d",
		 off, size_bytes(size_code));
	snprintf(tname, sizeof(tname), "%s: EACCES", name);
	errno = err;
	TEST_ERRNO(fd, EACCES, tname);
	if (fd >= 0)
		close(fd);
	snprintf(tname, sizeof(tname), "%s: log says \"%s\"", name, want);
	TEST_OK(strstr(logbuf, want), tname, "log: %.400s", logbuf);
}

static void expect_ctx_ok(const char *name, enum bpf_prog_type type,
			  enum bpf_attach_type eat, bool write, int off, int size_code)
{
	int fd = load_access(type, eat, write, off, size_code);

	TEST_OK(fd >= 0, name, "errno %d (%s), log: %.400s", errno, strerror(errno),
		logbuf);
	if (fd >= 0)
		close(fd);
}

/* ---------------------------------------------------------------- */
/* Test runs                                                         */
/* ---------------------------------------------------------------- */

struct run {
	const void *data_in;
	u32 size_in;
	void *data_out;
	u32 size_out;
	void *ctx_in;
	u32 ctx_size_in;
	void *ctx_out;
	u32 ctx_size_out;
	u32 repeat, flags;
	/* results */
	u32 retval, data_size_out, ctx_size_out_res;
};

static int run(int fd, struct run *r)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = P(r->data_in);
	attr.test.data_size_in = r->size_in;
	attr.test.data_out = P(r->data_out);
	attr.test.data_size_out = r->size_out;
	attr.test.ctx_in = P(r->ctx_in);
	attr.test.ctx_size_in = r->ctx_size_in;
	attr.test.ctx_out = P(r->ctx_out);
	attr.test.ctx_size_out = r->ctx_size_out;
	attr.test.repeat = r->repeat;
	attr.test.flags = r->flags;
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	r->retval = attr.test.retval;
	r->data_size_out = attr.test.data_size_out;
	r->ctx_size_out_res = attr.test.ctx_size_out;
	return ret;
}

/* Ethernet + IPv4 (10.0.0.1 -> 10.0.0.2) + UDP 4242 -> 80, 64 bytes. */
#define PKT_LEN		64
static u8 pkt[PKT_LEN];
static const u32 pkt_saddr = 0x0a000001, pkt_daddr = 0x0a000002;

static void build_pkt(void)
{
	struct iphdr iph = {
		.version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP,
		.tot_len = htons(PKT_LEN - ETH_HLEN),
		.saddr = htonl(pkt_saddr), .daddr = htonl(pkt_daddr),
	};
	u16 udp[4] = { htons(4242), htons(80), htons(PKT_LEN - ETH_HLEN - sizeof(iph)) };

	memset(pkt, 0, sizeof(pkt));
	memset(pkt, 0x02, 12);
	pkt[12] = 0x08;		/* ETH_P_IP */
	pkt[13] = 0x00;
	memcpy(pkt + ETH_HLEN, &iph, sizeof(iph));
	memcpy(pkt + ETH_HLEN + sizeof(iph), udp, sizeof(udp));
}

/* Types without a test run in 6.1 answer ENOTSUPP. */
static void expect_no_test_run(const char *name, enum bpf_prog_type type,
			       enum bpf_attach_type eat)
{
	struct run r = { .data_in = pkt, .size_in = sizeof(pkt) };
	char tname[160];
	int fd = LOAD(type, eat, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());

	snprintf(tname, sizeof(tname), "%s: loads", name);
	TEST_OK(fd >= 0, tname, "errno %d, log: %.300s", errno, logbuf);
	if (fd < 0)
		return;
	snprintf(tname, sizeof(tname), "%s: BPF_PROG_TEST_RUN is ENOTSUPP", name);
	TEST_ERRNO(run(fd, &r), ENOTSUPP_ERRNO, tname);
	close(fd);
}

#define SKB_OFF(F)	((int)offsetof(struct __sk_buff, F))
#define BSK_OFF(F)	((int)offsetof(struct bpf_sock, F))

static void test_cgroup_skb(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_6, SKB_OFF(len)),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_2, SKB_OFF(mark)),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_6, SKB_OFF(family)),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_2, SKB_OFF(priority)),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_6, SKB_OFF(remote_ip4)),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_2, SKB_OFF(cb[0])),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_6, SKB_OFF(local_ip4)),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_2, SKB_OFF(cb[1])),
		/* narrow: the first byte of the big-endian protocol */
		BPF_LDX_MEM(BPF_B, BPF_REG_2, BPF_REG_6, SKB_OFF(protocol)),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_2, SKB_OFF(cb[2])),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	struct __sk_buff ctx_in = {}, ctx_out = {};
	struct run r = {
		.data_in = pkt, .size_in = sizeof(pkt),
		.ctx_in = &ctx_in, .ctx_size_in = sizeof(ctx_in),
		.ctx_out = &ctx_out, .ctx_size_out = sizeof(ctx_out),
	};
	u8 out[PKT_LEN];
	int fd;

	fd = prog_load(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, insns,
		       ARRAY_SIZE(insns));
	TEST_OK(fd >= 0, "cgroup_skb: fields, socket fields and writes load",
		"errno %d, log: %.400s", errno, logbuf);
	if (fd < 0)
		return;
	r.data_out = out;
	r.size_out = sizeof(out);
	TEST_EQ(run(fd, &r), 0, "cgroup_skb: test run");
	TEST_EQ(r.retval, 1, "cgroup_skb: retval");
	TEST_EQ(ctx_out.mark, PKT_LEN - ETH_HLEN, "cgroup_skb: len is from the IP header on");
	TEST_EQ(ctx_out.priority, AF_INET, "cgroup_skb: the socket's family is the packet's");
	TEST_EQ(ctx_out.cb[0], htonl(pkt_daddr), "cgroup_skb: remote_ip4 is the destination");
	TEST_EQ(ctx_out.cb[1], htonl(pkt_saddr), "cgroup_skb: local_ip4 is the source");
	TEST_EQ(ctx_out.cb[2], 0x08, "cgroup_skb: narrow protocol read");
	TEST_EQ(r.data_size_out, PKT_LEN, "cgroup_skb: the packet comes back whole");
	TEST_OK(!memcmp(out + ETH_HLEN, pkt + ETH_HLEN, PKT_LEN - ETH_HLEN),
		"cgroup_skb: the packet is unchanged", "false");
	close(fd);

	/* 6.1's rules */
	expect_ctx_refused("cgroup_skb: tc_classid", BPF_PROG_TYPE_CGROUP_SKB,
			   BPF_CGROUP_INET_INGRESS, false, SKB_OFF(tc_classid), BPF_W);
	expect_ctx_refused("cgroup_skb: data_meta", BPF_PROG_TYPE_CGROUP_SKB,
			   BPF_CGROUP_INET_INGRESS, false, SKB_OFF(data_meta), BPF_W);
	expect_ctx_refused("cgroup_skb: wire_len", BPF_PROG_TYPE_CGROUP_SKB,
			   BPF_CGROUP_INET_INGRESS, false, SKB_OFF(wire_len), BPF_W);
	expect_ctx_refused("cgroup_skb: write of tc_index", BPF_PROG_TYPE_CGROUP_SKB,
			   BPF_CGROUP_INET_INGRESS, true, SKB_OFF(tc_index), BPF_W);
	expect_ctx_refused("cgroup_skb: narrow write of mark", BPF_PROG_TYPE_CGROUP_SKB,
			   BPF_CGROUP_INET_INGRESS, true, SKB_OFF(mark), BPF_B);
	expect_ctx_ok("cgroup_skb: tstamp write (CAP_BPF)", BPF_PROG_TYPE_CGROUP_SKB,
		      BPF_CGROUP_INET_INGRESS, true, SKB_OFF(tstamp), BPF_DW);
	expect_ctx_ok("cgroup_skb: data (CAP_BPF)", BPF_PROG_TYPE_CGROUP_SKB,
		      BPF_CGROUP_INET_INGRESS, false, SKB_OFF(data), BPF_W);
	expect_ctx_ok("cgroup_skb: remote_port", BPF_PROG_TYPE_CGROUP_SKB,
		      BPF_CGROUP_INET_INGRESS, false, SKB_OFF(remote_port), BPF_W);

	/* LD_ABS is for socket filters and tc only */
	fd = LOAD(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_LD_ABS(BPF_B, 0),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "cgroup_skb: LD_ABS is EINVAL");
	TEST_OK(strstr(logbuf, "BPF_LD_[ABS|IND] instructions not allowed for this program type"),
		"cgroup_skb: LD_ABS: the log says why", "log: %.300s", logbuf);
	if (fd >= 0)
		close(fd);

	/* only the ingress and egress hooks */
	errno = 0;
	fd = LOAD(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_SOCK_CREATE,
		  BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "cgroup_skb: expected_attach_type sock_create is EINVAL");
	if (fd >= 0)
		close(fd);
}

/* The IPv4 header checksum, 0 when the header's own is right. */
static u16 ip_csum(const u8 *h)
{
	u32 sum = 0;
	int i;

	for (i = 0; i < 20; i += 2)
		sum += (h[i] << 8) | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* The socket of a test run and the socket helpers of cgroup skb programs. */
static void test_cgroup_skb_helpers(void)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_EMIT_CALL(BPF_FUNC_get_socket_cookie),
		BPF_STX_MEM(BPF_DW, BPF_REG_6, BPF_REG_0, SKB_OFF(cb[0])),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_EMIT_CALL(BPF_FUNC_get_socket_uid),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_0, SKB_OFF(mark)),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_EMIT_CALL(BPF_FUNC_skb_cgroup_id),
		BPF_STX_MEM(BPF_DW, BPF_REG_6, BPF_REG_0, SKB_OFF(cb[2])),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_EMIT_CALL(BPF_FUNC_skb_ecn_set_ce),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_0, SKB_OFF(priority)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN(),
	};
	struct __sk_buff ctx_in = {}, ctx_out = {};
	u8 ect[PKT_LEN], out[PKT_LEN];
	struct run r = {
		.data_in = ect, .size_in = sizeof(ect),
		.data_out = out, .size_out = sizeof(out),
		.ctx_in = &ctx_in, .ctx_size_in = sizeof(ctx_in),
		.ctx_out = &ctx_out, .ctx_size_out = sizeof(ctx_out),
	};
	u64 cookie, cgid;
	u16 sum;
	int fd;

	/* ECT(0), with a right header checksum */
	memcpy(ect, pkt, sizeof(ect));
	ect[ETH_HLEN + 1] = 0x02;
	sum = ip_csum(ect + ETH_HLEN);
	ect[ETH_HLEN + 10] = sum >> 8;
	ect[ETH_HLEN + 11] = sum & 0xff;

	fd = prog_load(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, insns,
		       ARRAY_SIZE(insns));
	TEST_OK(fd >= 0, "cgroup_skb: socket cookie, uid, cgroup id and ECN calls load",
		"errno %d, log: %.400s", errno, logbuf);
	if (fd < 0)
		return;
	TEST_EQ(run(fd, &r), 0, "cgroup_skb helpers: test run");
	memcpy(&cookie, ctx_out.cb, sizeof(cookie));
	memcpy(&cgid, &ctx_out.cb[2], sizeof(cgid));
	TEST_OK(cookie != 0, "cgroup_skb: the test run's socket has a cookie", "false");
	TEST_EQ(ctx_out.mark, 0, "cgroup_skb: the test run's socket belongs to uid 0");
	TEST_OK(cgid != 0, "cgroup_skb: the socket is in the caller's cgroup", "false");
	TEST_EQ(ctx_out.priority, 1, "cgroup_skb: skb_ecn_set_ce marks an ECT packet");
	TEST_EQ(out[ETH_HLEN + 1], 0x03, "cgroup_skb: the TOS says CE");
	TEST_EQ(ip_csum(out + ETH_HLEN), 0, "cgroup_skb: the header checksum still adds up");
	r.data_in = pkt;
	TEST_EQ(run(fd, &r), 0, "cgroup_skb helpers: run on a not-ECT packet");
	TEST_EQ(ctx_out.priority, 0, "cgroup_skb: a not-ECT packet is left alone");
	close(fd);
}

/* tc: the skb's socket, made a full socket, read through struct bpf_sock. */
static void test_tc_socket(void)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, SKB_OFF(sk)),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 5),
		BPF_EMIT_CALL(BPF_FUNC_sk_fullsock),
		BPF_JMP_IMM(BPF_JEQ, BPF_REG_0, 0, 5),
		BPF_LDX_MEM(BPF_W, BPF_REG_1, BPF_REG_0, BSK_OFF(family)),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_0, BSK_OFF(dst_ip4)),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 100),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 101),
		BPF_EXIT_INSN(),
	};
	struct run r = { .data_in = pkt, .size_in = sizeof(pkt) };
	int fd = prog_load(BPF_PROG_TYPE_SCHED_CLS, 0, insns, ARRAY_SIZE(insns));

	TEST_OK(fd >= 0, "tc: skb->sk, sk_fullsock() and bpf_sock loads load",
		"errno %d, log: %.600s", errno, logbuf);
	if (fd < 0)
		return;
	TEST_EQ(run(fd, &r), 0, "tc socket: test run");
	TEST_EQ(r.retval, htonl(pkt_daddr), "tc: the run's socket has the packet's addresses");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS, 0,
		  BPF_LDX_MEM(BPF_DW, BPF_REG_1, BPF_REG_1, SKB_OFF(sk)),
		  BPF_JMP_IMM(BPF_JEQ, BPF_REG_1, 0, 1),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, BSK_OFF(mark)),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EACCES, "tc: a sock_common has no mark");
	TEST_OK(strstr(logbuf, "invalid sock_common access"),
		"tc: a sock_common has no mark: the log says so", "log: %.300s", logbuf);
	if (fd >= 0)
		close(fd);
}

/*
 * bpf_fib_lookup(ctx, &params on the stack, size, flags) from XDP and tc:
 * 6.1's argument checks, then -ENODEV (an instance has no devices).
 */
static long fib_lookup_run(enum bpf_prog_type type, int family, int plen, u32 flags)
{
	const int off = -(int)sizeof(struct bpf_fib_lookup);
	const struct bpf_insn insns[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		/* zero the params, then set the family */
#define Z(i) BPF_ST_MEM(BPF_DW, BPF_REG_10, off + 8 * (i), 0)
		Z(0), Z(1), Z(2), Z(3), Z(4), Z(5), Z(6), Z(7),
#undef Z
		BPF_ST_MEM(BPF_B, BPF_REG_10, off + (int)offsetof(struct bpf_fib_lookup, family),
			   family),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_REG(BPF_REG_2, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, off),
		BPF_MOV64_IMM(BPF_REG_3, plen),
		BPF_MOV64_IMM(BPF_REG_4, flags),
		BPF_EMIT_CALL(BPF_FUNC_fib_lookup),
		BPF_EXIT_INSN(),
	};
	struct run r = { .data_in = pkt, .size_in = sizeof(pkt) };
	int fd = prog_load(type, 0, insns, ARRAY_SIZE(insns));
	long ret;

	if (fd < 0)
		return -1000 - errno;
	ret = run(fd, &r) ? -2000 - errno : (long)(int)r.retval;
	close(fd);
	return ret;
}

static void test_fib_lookup(void)
{
	static const enum bpf_prog_type types[] = { BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_SCHED_CLS };
	const int size = sizeof(struct bpf_fib_lookup);
	char name[96];
	u32 i;

	_Static_assert(sizeof(struct bpf_fib_lookup) == 64, "the stack zeroing writes 64 bytes");
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		const char *t = types[i] == BPF_PROG_TYPE_XDP ? "xdp" : "tc";

		snprintf(name, sizeof(name), "%s fib_lookup: IPv4, no devices: ENODEV", t);
		TEST_EQ(fib_lookup_run(types[i], AF_INET, size, 0), -ENODEV, name);
		snprintf(name, sizeof(name), "%s fib_lookup: IPv6 with DIRECT|OUTPUT: ENODEV", t);
		TEST_EQ(fib_lookup_run(types[i], AF_INET6, size,
				       BPF_FIB_LOOKUP_DIRECT | BPF_FIB_LOOKUP_OUTPUT), -ENODEV, name);
		snprintf(name, sizeof(name), "%s fib_lookup: size short of the struct: EINVAL", t);
		TEST_EQ(fib_lookup_run(types[i], AF_INET, size - 8, 0), -EINVAL, name);
		snprintf(name, sizeof(name), "%s fib_lookup: unknown flag: EINVAL", t);
		TEST_EQ(fib_lookup_run(types[i], AF_INET, size, 1U << 5), -EINVAL, name);
		snprintf(name, sizeof(name), "%s fib_lookup: AF_UNIX: EAFNOSUPPORT", t);
		TEST_EQ(fib_lookup_run(types[i], AF_UNIX, size, 0), -EAFNOSUPPORT, name);
	}
}

/* lwt: direct packet reads from the IP header, return its first byte. */
static void test_lwt_run(const char *name, enum bpf_prog_type type)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SKB_OFF(data_end)),
		BPF_LDX_MEM(BPF_W, BPF_REG_5, BPF_REG_1, SKB_OFF(len)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_5, SKB_OFF(mark)),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 20),
		BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 2),
		BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 0),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, 0x99),
		BPF_EXIT_INSN(),
	};
	struct __sk_buff ctx_in = {}, ctx_out = {};
	struct run r = {
		.data_in = pkt, .size_in = sizeof(pkt),
		.ctx_in = &ctx_in, .ctx_size_in = sizeof(ctx_in),
		.ctx_out = &ctx_out, .ctx_size_out = sizeof(ctx_out),
	};
	char tname[160];
	int fd = prog_load(type, 0, insns, ARRAY_SIZE(insns));

	snprintf(tname, sizeof(tname), "%s: packet pointers and mark load", name);
	TEST_OK(fd >= 0, tname, "errno %d, log: %.400s", errno, logbuf);
	if (fd < 0)
		return;
	snprintf(tname, sizeof(tname), "%s: test run", name);
	TEST_EQ(run(fd, &r), 0, tname);
	snprintf(tname, sizeof(tname), "%s: data is the IP header (0x45)", name);
	TEST_EQ(r.retval, 0x45, tname);
	snprintf(tname, sizeof(tname), "%s: mark written", name);
	TEST_EQ(ctx_out.mark, PKT_LEN - ETH_HLEN, tname);
	close(fd);

	snprintf(tname, sizeof(tname), "%s: tstamp", name);
	expect_ctx_refused(tname, type, 0, false, SKB_OFF(tstamp), BPF_DW);
	snprintf(tname, sizeof(tname), "%s: family (no socket)", name);
	expect_ctx_refused(tname, type, 0, false, SKB_OFF(family), BPF_W);
	snprintf(tname, sizeof(tname), "%s: write of tc_index", name);
	expect_ctx_refused(tname, type, 0, true, SKB_OFF(tc_index), BPF_W);
	snprintf(tname, sizeof(tname), "%s: priority write", name);
	expect_ctx_ok(tname, type, 0, true, SKB_OFF(priority), BPF_W);
}

static void test_lwt(void)
{
	test_lwt_run("lwt_in", BPF_PROG_TYPE_LWT_IN);
	test_lwt_run("lwt_out", BPF_PROG_TYPE_LWT_OUT);
	test_lwt_run("lwt_xmit", BPF_PROG_TYPE_LWT_XMIT);
	expect_no_test_run("lwt_seg6local", BPF_PROG_TYPE_LWT_SEG6LOCAL, 0);
	expect_ctx_refused("lwt_seg6local: data_meta", BPF_PROG_TYPE_LWT_SEG6LOCAL, 0,
			   false, SKB_OFF(data_meta), BPF_W);
}

#define FK_OFF(F)	((int)offsetof(struct bpf_flow_keys, F))

static void test_flow_dissector(void)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_1, SKB_OFF(flow_keys)),
		BPF_LDX_MEM(BPF_H, BPF_REG_2, BPF_REG_6, FK_OFF(nhoff)),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 20),
		BPF_STX_MEM(BPF_H, BPF_REG_6, BPF_REG_2, FK_OFF(thoff)),
		BPF_ST_MEM(BPF_B, BPF_REG_6, FK_OFF(ip_proto), IPPROTO_UDP),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SKB_OFF(data_end)),
		BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, ETH_HLEN + 20),
		BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 4),
		/* the source address, at 12 into the IP header */
		BPF_LDX_MEM(BPF_W, BPF_REG_5, BPF_REG_2, ETH_HLEN + 12),
		BPF_STX_MEM(BPF_W, BPF_REG_6, BPF_REG_5, FK_OFF(ipv4_src)),
		BPF_MOV64_IMM(BPF_REG_0, BPF_OK),
		BPF_EXIT_INSN(),
		BPF_MOV64_IMM(BPF_REG_0, BPF_DROP),
		BPF_EXIT_INSN(),
	};
	/* offsets outside [nhoff, packet] are pulled back in */
	const struct bpf_insn clamp[] = {
		BPF_LDX_MEM(BPF_DW, BPF_REG_6, BPF_REG_1, SKB_OFF(flow_keys)),
		BPF_ST_MEM(BPF_H, BPF_REG_6, FK_OFF(nhoff), 2),
		BPF_ST_MEM(BPF_H, BPF_REG_6, FK_OFF(thoff), 60000),
		BPF_MOV64_IMM(BPF_REG_0, BPF_OK),
		BPF_EXIT_INSN(),
	};
	struct bpf_flow_keys keys, ctx_in = {}, ctx_out;
	struct run r = {
		.data_in = pkt, .size_in = sizeof(pkt),
		.data_out = &keys, .size_out = sizeof(keys),
	};
	int fd;

	fd = prog_load(BPF_PROG_TYPE_FLOW_DISSECTOR, 0, insns, ARRAY_SIZE(insns));
	TEST_OK(fd >= 0, "flow_dissector: keys, data and data_end load",
		"errno %d, log: %.400s", errno, logbuf);
	if (fd < 0)
		return;
	memset(&keys, 0xaa, sizeof(keys));
	TEST_EQ(run(fd, &r), 0, "flow_dissector: test run");
	TEST_EQ(r.retval, BPF_OK, "flow_dissector: retval BPF_OK");
	TEST_EQ(r.data_size_out, sizeof(keys), "flow_dissector: data_out is the keys");
	TEST_EQ(keys.nhoff, ETH_HLEN, "flow_dissector: nhoff starts past Ethernet");
	TEST_EQ(keys.thoff, ETH_HLEN + 20, "flow_dissector: thoff as the program set it");
	TEST_EQ(keys.n_proto, htons(ETH_P_IP), "flow_dissector: n_proto from the frame");
	TEST_EQ(keys.ip_proto, IPPROTO_UDP, "flow_dissector: ip_proto as set");
	TEST_EQ(keys.ipv4_src, htonl(pkt_saddr), "flow_dissector: address read from data");
	TEST_EQ(keys.addr_proto, 0, "flow_dissector: the rest starts zeroed");

	/* flags go in through ctx_in; nothing else may be set */
	ctx_in.flags = BPF_FLOW_DISSECTOR_F_PARSE_1ST_FRAG;
	r.ctx_in = &ctx_in;
	r.ctx_size_in = sizeof(ctx_in);
	r.ctx_out = &ctx_out;
	r.ctx_size_out = sizeof(ctx_out);
	TEST_EQ(run(fd, &r), 0, "flow_dissector: test run with flags");
	TEST_EQ(keys.flags, BPF_FLOW_DISSECTOR_F_PARSE_1ST_FRAG,
		"flow_dissector: the program sees the flags");
	ctx_in.nhoff = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "flow_dissector: ctx_in with nhoff is EINVAL");
	ctx_in.nhoff = 0;
	ctx_in.flow_label = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "flow_dissector: ctx_in with flow_label is EINVAL");
	ctx_in.flow_label = 0;
	r.flags = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "flow_dissector: flags are EINVAL");
	r.flags = 0;
	r.size_in = ETH_HLEN - 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "flow_dissector: less than an Ethernet header");
	r.size_in = sizeof(pkt);
	close(fd);

	fd = prog_load(BPF_PROG_TYPE_FLOW_DISSECTOR, 0, clamp, ARRAY_SIZE(clamp));
	TEST_OK(fd >= 0, "flow_dissector: key stores load", "log: %.400s", logbuf);
	if (fd >= 0) {
		struct run c = {
			.data_in = pkt, .size_in = sizeof(pkt),
			.data_out = &keys, .size_out = sizeof(keys),
		};

		TEST_EQ(run(fd, &c), 0, "flow_dissector: clamp run");
		TEST_EQ(keys.nhoff, ETH_HLEN, "flow_dissector: nhoff clamped up to 14");
		TEST_EQ(keys.thoff, PKT_LEN, "flow_dissector: thoff clamped to the packet");
		close(fd);
	}

	expect_ctx_refused("flow_dissector: len", BPF_PROG_TYPE_FLOW_DISSECTOR, 0,
			   false, SKB_OFF(len), BPF_W);
	expect_ctx_refused("flow_dissector: 4-byte flow_keys", BPF_PROG_TYPE_FLOW_DISSECTOR,
			   0, false, SKB_OFF(flow_keys), BPF_W);
	expect_ctx_refused("flow_dissector: write of cb", BPF_PROG_TYPE_FLOW_DISSECTOR,
			   0, true, SKB_OFF(cb[0]), BPF_W);
}

#define SKL_OFF(F)	((int)offsetof(struct bpf_sk_lookup, F))

static void test_sk_lookup(void)
{
	/* SK_PASS for IPv4 to port 80 from port 4242, else SK_DROP */
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, SK_DROP),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKL_OFF(family)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, AF_INET, 6),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKL_OFF(local_port)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, 80, 4),
		BPF_LDX_MEM(BPF_H, BPF_REG_2, BPF_REG_1, SKL_OFF(remote_port)),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_2, htons(4242), 2),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKL_OFF(protocol)),
		BPF_MOV64_IMM(BPF_REG_0, SK_PASS),
		BPF_EXIT_INSN(),
	};
	/* selects no socket (NULL), which 6.1 allows */
	const struct bpf_insn assign[] = {
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_MOV64_IMM(BPF_REG_3, 0),
		BPF_EMIT_CALL(BPF_FUNC_sk_assign),
		BPF_MOV64_IMM(BPF_REG_1, SK_DROP),
		BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 1),
		BPF_MOV64_IMM(BPF_REG_1, SK_PASS),
		BPF_MOV64_REG(BPF_REG_0, BPF_REG_1),
		BPF_EXIT_INSN(),
	};
	struct bpf_sk_lookup ctx = {
		.family = AF_INET, .protocol = IPPROTO_TCP,
		.remote_ip4 = htonl(pkt_saddr), .local_ip4 = htonl(pkt_daddr),
		.remote_port = htons(4242), .local_port = 80,
	}, out;
	struct run r = {
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.ctx_out = &out, .ctx_size_out = sizeof(out),
	};
	int fd;

	fd = prog_load(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, insns, ARRAY_SIZE(insns));
	TEST_OK(fd >= 0, "sk_lookup: addresses and ports load", "errno %d, log: %.400s",
		errno, logbuf);
	if (fd < 0)
		return;
	memset(&out, 0xaa, sizeof(out));
	TEST_EQ(run(fd, &r), 0, "sk_lookup: test run");
	TEST_EQ(r.retval, SK_PASS, "sk_lookup: port 80 passes");
	TEST_EQ(out.cookie, 0, "sk_lookup: no socket selected: cookie 0");
	TEST_EQ(out.local_port, 80, "sk_lookup: ctx_out gives the context back");
	ctx.local_port = 81;
	TEST_EQ(run(fd, &r), 0, "sk_lookup: test run, port 81");
	TEST_EQ(r.retval, SK_DROP, "sk_lookup: port 81 is dropped");
	ctx.local_port = 80;

	/* 6.1's errno */
	r.flags = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "sk_lookup: flags are EINVAL");
	r.flags = 0;
	r.data_in = pkt;
	r.size_in = sizeof(pkt);
	TEST_ERRNO(run(fd, &r), EINVAL, "sk_lookup: data_in is EINVAL");
	r.data_in = NULL;
	r.size_in = 0;
	ctx.local_port = 0x10000;
	TEST_ERRNO(run(fd, &r), ERANGE, "sk_lookup: local_port past 65535 is ERANGE");
	ctx.local_port = 80;
	ctx.family = AF_UNIX;
	TEST_ERRNO(run(fd, &r), EAFNOSUPPORT, "sk_lookup: AF_UNIX is EAFNOSUPPORT");
	ctx.family = AF_INET;
	ctx.cookie = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "sk_lookup: a socket in ctx_in is EINVAL");
	ctx.cookie = 0;
	ctx.ingress_ifindex = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "sk_lookup: ingress_ifindex in ctx_in is EINVAL");
	ctx.ingress_ifindex = 0;
	/* ctx_out alone makes a zeroed context: family 0 */
	r.ctx_in = NULL;
	r.ctx_size_in = 0;
	TEST_ERRNO(run(fd, &r), EAFNOSUPPORT, "sk_lookup: ctx_out only: family 0");
	r.ctx_out = NULL;
	r.ctx_size_out = 0;
	TEST_ERRNO(run(fd, &r), EINVAL, "sk_lookup: no context is EINVAL");
	r.ctx_in = &ctx;
	r.ctx_size_in = sizeof(ctx);
	r.ctx_out = &out;
	r.ctx_size_out = sizeof(out);
	close(fd);

	fd = prog_load(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, assign, ARRAY_SIZE(assign));
	TEST_OK(fd >= 0, "sk_lookup: bpf_sk_assign(ctx, NULL, 0) loads",
		"errno %d, log: %.400s", errno, logbuf);
	if (fd >= 0) {
		TEST_EQ(run(fd, &r), 0, "sk_lookup: assign run");
		TEST_EQ(r.retval, SK_PASS, "sk_lookup: assigning NULL succeeds");
		TEST_EQ(out.cookie, 0, "sk_lookup: NULL selects nothing");
		close(fd);
	}

	expect_ctx_refused("sk_lookup: write of family", BPF_PROG_TYPE_SK_LOOKUP,
			   BPF_SK_LOOKUP, true, SKL_OFF(family), BPF_W);
	expect_ctx_refused("sk_lookup: 4-byte sk", BPF_PROG_TYPE_SK_LOOKUP,
			   BPF_SK_LOOKUP, false, SKL_OFF(sk), BPF_W);
	expect_ctx_ok("sk_lookup: 4-byte remote_port", BPF_PROG_TYPE_SK_LOOKUP,
		      BPF_SK_LOOKUP, false, SKL_OFF(remote_port), BPF_W);
	expect_ctx_ok("sk_lookup: the padding after remote_port",
		      BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, false,
		      SKL_OFF(remote_port) + 2, BPF_H);
	errno = 0;
	fd = LOAD(BPF_PROG_TYPE_SK_LOOKUP, 0, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "sk_lookup: expected_attach_type 0 is EINVAL");
	if (fd >= 0)
		close(fd);
}

/* ---------------------------------------------------------------- */
/* The types without a test run: loads and refusals                  */
/* ---------------------------------------------------------------- */

static void test_cgroup_sock(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_CGROUP_SOCK;
	int fd;

	/* expected_attach_type 0 means sock_create, which may set mark */
	LOAD_OK("cgroup_sock: family, type, protocol read, mark written", t, 0,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, BSK_OFF(family)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, BSK_OFF(type)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, BSK_OFF(protocol)),
		BPF_LDX_MEM(BPF_B, BPF_REG_4, BPF_REG_1, BSK_OFF(state)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, BSK_OFF(mark)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	LOAD_OK("cgroup_sock: post_bind4 reads src_ip4 and src_port", t,
		BPF_CGROUP_INET4_POST_BIND,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, BSK_OFF(src_ip4)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, BSK_OFF(src_port)),
		BPF_LDX_MEM(BPF_H, BPF_REG_3, BPF_REG_1, BSK_OFF(dst_port)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("cgroup_sock: src_ip4 at sock_create", t, 0, false,
			   BSK_OFF(src_ip4), BPF_W);
	expect_ctx_refused("cgroup_sock: mark write at post_bind4", t,
			   BPF_CGROUP_INET4_POST_BIND, true, BSK_OFF(mark), BPF_W);
	expect_ctx_refused("cgroup_sock: src_ip6 at post_bind4", t,
			   BPF_CGROUP_INET4_POST_BIND, false, BSK_OFF(src_ip6[0]), BPF_W);
	expect_ctx_refused("cgroup_sock: family write", t, 0, true, BSK_OFF(family), BPF_W);
	expect_ctx_refused("cgroup_sock: the padding after dst_port", t, 0, false,
			   BSK_OFF(dst_port) + 2, BPF_H);
	expect_ctx_refused("cgroup_sock: past the end", t, 0, false,
			   sizeof(struct bpf_sock), BPF_W);
	expect_no_test_run("cgroup_sock", t, 0);
	errno = 0;
	fd = LOAD(t, BPF_CGROUP_INET4_BIND, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "cgroup_sock: expected_attach_type inet4_bind is EINVAL");
	if (fd >= 0)
		close(fd);
}

#define SA_OFF(F)	((int)offsetof(struct bpf_sock_addr, F))

static void test_cgroup_sock_addr(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
	int fd;

	LOAD_OK("sock_addr: connect4 reads and rewrites the address and port", t,
		BPF_CGROUP_INET4_CONNECT,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SA_OFF(user_ip4)),
		BPF_LDX_MEM(BPF_B, BPF_REG_3, BPF_REG_1, SA_OFF(user_ip4) + 3),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SA_OFF(user_port)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, SA_OFF(user_family)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SA_OFF(user_ip4)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_3, SA_OFF(user_port)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	LOAD_OK("sock_addr: connect6 8-byte reads and writes of user_ip6", t,
		BPF_CGROUP_INET6_CONNECT,
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, SA_OFF(user_ip6[0])),
		BPF_STX_MEM(BPF_DW, BPF_REG_1, BPF_REG_2, SA_OFF(user_ip6[2])),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SA_OFF(family)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	LOAD_OK("sock_addr: sendmsg4 rewrites the source", t, BPF_CGROUP_UDP4_SENDMSG,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SA_OFF(msg_src_ip4)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SA_OFF(msg_src_ip4)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("sock_addr: user_ip6 at connect4", t, BPF_CGROUP_INET4_CONNECT,
			   false, SA_OFF(user_ip6[0]), BPF_W);
	expect_ctx_refused("sock_addr: msg_src_ip4 at connect4", t,
			   BPF_CGROUP_INET4_CONNECT, false, SA_OFF(msg_src_ip4), BPF_W);
	expect_ctx_refused("sock_addr: user_family write", t, BPF_CGROUP_INET4_CONNECT,
			   true, SA_OFF(user_family), BPF_W);
	expect_ctx_refused("sock_addr: narrow user_ip4 write", t, BPF_CGROUP_INET4_CONNECT,
			   true, SA_OFF(user_ip4), BPF_H);
	expect_ctx_refused("sock_addr: misaligned 8-byte user_ip6", t,
			   BPF_CGROUP_INET6_CONNECT, false, SA_OFF(user_ip6[1]), BPF_DW);
	expect_ctx_refused("sock_addr: 4-byte sk", t, BPF_CGROUP_INET4_CONNECT,
			   false, SA_OFF(sk), BPF_W);
	expect_no_test_run("sock_addr", t, BPF_CGROUP_INET4_CONNECT);

	/* bpf_bind() is for the connect hooks only */
	fd = LOAD(t, BPF_CGROUP_INET4_BIND,
		  BPF_MOV64_IMM(BPF_REG_2, 0),
		  BPF_MOV64_IMM(BPF_REG_3, 0),
		  BPF_EMIT_CALL(BPF_FUNC_bind),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "sock_addr: bpf_bind at inet4_bind is EINVAL");
	/* 6.1's words; later kernels say "cannot use helper" */
	TEST_OK(strstr(logbuf, on_host ? "bpf_bind#64" : "unknown func bpf_bind#64"),
		"sock_addr: bpf_bind at inet4_bind: unknown func", "log: %.300s", logbuf);
	if (fd >= 0)
		close(fd);
	errno = 0;
	fd = LOAD(t, 0, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "sock_addr: expected_attach_type 0 is EINVAL");
	if (fd >= 0)
		close(fd);
}

#define SO_OFF(F)	((int)offsetof(struct bpf_sock_ops, F))

static void test_sock_ops(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_SOCK_OPS;

	LOAD_OK("sock_ops: op, addresses, TCP state read, reply written", t, 0,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SO_OFF(op)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SO_OFF(family)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SO_OFF(snd_cwnd)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, SO_OFF(bytes_acked)),
		BPF_LDX_MEM(BPF_B, BPF_REG_3, BPF_REG_1, SO_OFF(skb_tcp_flags)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SO_OFF(reply)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SO_OFF(sk_txhash)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("sock_ops: op write", t, 0, true, SO_OFF(op), BPF_W);
	expect_ctx_refused("sock_ops: replylong[1] write", t, 0, true,
			   SO_OFF(replylong[1]), BPF_W);
	expect_ctx_refused("sock_ops: narrow family read", t, 0, false, SO_OFF(family), BPF_B);
	expect_ctx_refused("sock_ops: 4-byte bytes_received", t, 0, false,
			   SO_OFF(bytes_received), BPF_W);
	expect_no_test_run("sock_ops", t, 0);
}

static void test_cgroup_device(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_CGROUP_DEVICE;
	const int at = offsetof(struct bpf_cgroup_dev_ctx, access_type);
	const int major = offsetof(struct bpf_cgroup_dev_ctx, major);

	LOAD_OK("cgroup_device: access_type (narrow), major, minor", t, 0,
		BPF_LDX_MEM(BPF_H, BPF_REG_2, BPF_REG_1, at),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, major),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1,
			    offsetof(struct bpf_cgroup_dev_ctx, minor)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("cgroup_device: major write", t, 0, true, major, BPF_W);
	expect_ctx_refused("cgroup_device: narrow major", t, 0, false, major, BPF_H);
	expect_ctx_refused("cgroup_device: past the end", t, 0, false,
			   sizeof(struct bpf_cgroup_dev_ctx), BPF_W);
	expect_no_test_run("cgroup_device", t, 0);
}

static void test_cgroup_sysctl(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_CGROUP_SYSCTL;
	const int pos = offsetof(struct bpf_sysctl, file_pos);

	LOAD_OK("cgroup_sysctl: write and file_pos read, file_pos written", t, 0,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct bpf_sysctl, write)),
		BPF_LDX_MEM(BPF_B, BPF_REG_3, BPF_REG_1, pos),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_3, pos),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("cgroup_sysctl: write of write", t, 0, true,
			   offsetof(struct bpf_sysctl, write), BPF_W);
	expect_ctx_refused("cgroup_sysctl: narrow file_pos write", t, 0, true, pos, BPF_B);
	expect_ctx_refused("cgroup_sysctl: past the end", t, 0, false,
			   sizeof(struct bpf_sysctl), BPF_W);
	expect_no_test_run("cgroup_sysctl", t, 0);
}

#define SOPT_OFF(F)	((int)offsetof(struct bpf_sockopt, F))

static void test_cgroup_sockopt(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_CGROUP_SOCKOPT;
	int fd;

	LOAD_OK("cgroup_sockopt: getsockopt reads and sets retval and optlen", t,
		BPF_CGROUP_GETSOCKOPT,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SOPT_OFF(level)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SOPT_OFF(retval)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_4, BPF_REG_1, SOPT_OFF(optval)),
		BPF_MOV64_IMM(BPF_REG_2, 0),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SOPT_OFF(retval)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SOPT_OFF(optlen)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	LOAD_OK("cgroup_sockopt: setsockopt rewrites level and optname", t,
		BPF_CGROUP_SETSOCKOPT,
		BPF_MOV64_IMM(BPF_REG_2, 1),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SOPT_OFF(level)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SOPT_OFF(optname)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("cgroup_sockopt: retval at setsockopt", t,
			   BPF_CGROUP_SETSOCKOPT, false, SOPT_OFF(retval), BPF_W);
	expect_ctx_refused("cgroup_sockopt: level write at getsockopt", t,
			   BPF_CGROUP_GETSOCKOPT, true, SOPT_OFF(level), BPF_W);
	expect_ctx_refused("cgroup_sockopt: 4-byte optval", t, BPF_CGROUP_GETSOCKOPT,
			   false, SOPT_OFF(optval), BPF_W);
	expect_no_test_run("cgroup_sockopt", t, BPF_CGROUP_GETSOCKOPT);
	errno = 0;
	fd = LOAD(t, 0, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "cgroup_sockopt: expected_attach_type 0 is EINVAL");
	if (fd >= 0)
		close(fd);
}

static void test_sk_skb(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_SK_SKB;

	LOAD_OK("sk_skb: len, packet and socket fields read, priority written", t, 0,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(len)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SKB_OFF(data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, SKB_OFF(data_end)),
		BPF_LDX_MEM(BPF_W, BPF_REG_5, BPF_REG_1, SKB_OFF(local_port)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(priority)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(tc_index)),
		BPF_MOV64_IMM(BPF_REG_0, SK_PASS),
		BPF_EXIT_INSN());
	expect_ctx_refused("sk_skb: mark", t, 0, false, SKB_OFF(mark), BPF_W);
	expect_ctx_refused("sk_skb: cb write", t, 0, true, SKB_OFF(cb[0]), BPF_W);
	expect_ctx_refused("sk_skb: tstamp", t, 0, false, SKB_OFF(tstamp), BPF_DW);
	expect_no_test_run("sk_skb", t, 0);
}

#define MSG_OFF(F)	((int)offsetof(struct sk_msg_md, F))

static void test_sk_msg(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_SK_MSG;

	LOAD_OK("sk_msg: data, size and addresses read", t, 0,
		BPF_LDX_MEM(BPF_DW, BPF_REG_2, BPF_REG_1, MSG_OFF(data)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_3, BPF_REG_1, MSG_OFF(data_end)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, MSG_OFF(size)),
		BPF_LDX_MEM(BPF_W, BPF_REG_4, BPF_REG_1, MSG_OFF(remote_ip6[2])),
		BPF_MOV64_IMM(BPF_REG_0, SK_PASS),
		BPF_EXIT_INSN());
	expect_ctx_refused("sk_msg: size write", t, 0, true, MSG_OFF(size), BPF_W);
	expect_ctx_refused("sk_msg: narrow family", t, 0, false, MSG_OFF(family), BPF_B);
	expect_ctx_refused("sk_msg: 4-byte data", t, 0, false, MSG_OFF(data), BPF_W);
	expect_no_test_run("sk_msg", t, 0);
}

#define REUSE_MD_OFF(F)	((int)offsetof(struct sk_reuseport_md, F))

static void test_sk_reuseport(void)
{
	enum bpf_prog_type t = BPF_PROG_TYPE_SK_REUSEPORT;
	int fd;

	LOAD_OK("sk_reuseport: len, hash, protocols read", t, 0,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, REUSE_MD_OFF(len)),
		BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, REUSE_MD_OFF(hash)),
		BPF_LDX_MEM(BPF_H, BPF_REG_4, BPF_REG_1, REUSE_MD_OFF(eth_protocol)),
		BPF_LDX_MEM(BPF_B, BPF_REG_5, BPF_REG_1, REUSE_MD_OFF(ip_protocol)),
		BPF_LDX_MEM(BPF_DW, BPF_REG_5, BPF_REG_1, REUSE_MD_OFF(sk)),
		BPF_MOV64_IMM(BPF_REG_0, SK_PASS),
		BPF_EXIT_INSN());
	expect_ctx_refused("sk_reuseport: 1-byte eth_protocol", t, 0, false,
			   REUSE_MD_OFF(eth_protocol), BPF_B);
	expect_ctx_refused("sk_reuseport: narrow hash", t, 0, false, REUSE_MD_OFF(hash),
			   BPF_H);
	expect_ctx_refused("sk_reuseport: hash write", t, 0, true, REUSE_MD_OFF(hash), BPF_W);
	expect_no_test_run("sk_reuseport", t, 0);
	LOAD_OK("sk_reuseport: select_or_migrate hook", t,
		BPF_SK_REUSEPORT_SELECT_OR_MIGRATE,
		BPF_MOV64_IMM(BPF_REG_0, SK_PASS), BPF_EXIT_INSN());
	errno = 0;
	fd = LOAD(t, BPF_CGROUP_INET_EGRESS, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EINVAL, "sk_reuseport: expected_attach_type egress is EINVAL");
	if (fd >= 0)
		close(fd);
}

/* ---------------------------------------------------------------- */
/* Socket pointers and helper protos                                 */
/* ---------------------------------------------------------------- */

static void test_sock_access_rules(void)
{
	struct bpf_insn_access_aux info;

#define SOCK_OK(fn, off, size, t, want, name)				\
	({ memset(&info, 0, sizeof(info));				\
	   TEST_EQ(fn(off, size, t, &info), want, name); })

	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(family), 4, BPF_READ, true,
		"bpf_sock: family u32");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(family), 1, BPF_READ, true,
		"bpf_sock: family narrow");
	TEST_EQ(info.ctx_field_size, 4, "bpf_sock: narrow reads record a u32 field");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(dst_port), 2, BPF_READ, true,
		"bpf_sock: dst_port u16");
	TEST_EQ(info.ctx_field_size, 2, "bpf_sock: dst_port is a u16 field");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(dst_port), 4, BPF_READ, true,
		"bpf_sock: dst_port u32 (compat)");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(dst_port) + 2, 2, BPF_READ, false,
		"bpf_sock: the padding after dst_port");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(mark), 2, BPF_READ, false,
		"bpf_sock: mark is u32 only");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(rx_queue_mapping), 4, BPF_READ, true,
		"bpf_sock: rx_queue_mapping");
	SOCK_OK(bpf_sock_is_valid_access, sizeof(struct bpf_sock), 4, BPF_READ, false,
		"bpf_sock: past the end");
	SOCK_OK(bpf_sock_is_valid_access, BSK_OFF(src_ip6[1]) + 1, 2, BPF_READ, false,
		"bpf_sock: misaligned");
	SOCK_OK(bpf_sock_common_is_valid_access, BSK_OFF(type), 4, BPF_READ, false,
		"bpf_sock_common: no type");
	SOCK_OK(bpf_sock_common_is_valid_access, BSK_OFF(priority), 4, BPF_READ, false,
		"bpf_sock_common: no priority");
	SOCK_OK(bpf_sock_common_is_valid_access, BSK_OFF(src_port), 4, BPF_READ, true,
		"bpf_sock_common: src_port");
	SOCK_OK(bpf_tcp_sock_is_valid_access, offsetof(struct bpf_tcp_sock, bytes_acked),
		8, BPF_READ, true, "bpf_tcp_sock: bytes_acked u64");
	SOCK_OK(bpf_tcp_sock_is_valid_access, offsetof(struct bpf_tcp_sock, bytes_acked),
		4, BPF_READ, false, "bpf_tcp_sock: bytes_acked is u64 only");
	SOCK_OK(bpf_tcp_sock_is_valid_access, offsetof(struct bpf_tcp_sock, snd_cwnd),
		2, BPF_READ, false, "bpf_tcp_sock: no narrow reads");
	SOCK_OK(bpf_tcp_sock_is_valid_access,
		offsetofend(struct bpf_tcp_sock, icsk_retransmits), 4, BPF_READ, false,
		"bpf_tcp_sock: past icsk_retransmits");
	SOCK_OK(bpf_xdp_sock_is_valid_access, 0, 4, BPF_READ, true,
		"bpf_xdp_sock: queue_id");
	SOCK_OK(bpf_xdp_sock_is_valid_access, 4, 4, BPF_READ, false,
		"bpf_xdp_sock: past queue_id");
#undef SOCK_OK
}

static struct bpf_prog proto_prog;
static struct bpf_prog_aux proto_aux;

static const struct bpf_func_proto *proto_of(enum bpf_prog_type type,
					     enum bpf_attach_type eat,
					     enum bpf_func_id id)
{
	const struct bpf_verifier_ops *ops = bpf_verifier_ops_table[type];

	proto_prog.aux = &proto_aux;
	proto_prog.type = type;
	proto_prog.expected_attach_type = eat;
	proto_prog.gpl_compatible = 1;
	return ops ? ops->get_func_proto(id, &proto_prog) : NULL;
}

static void test_helper_protos(void)
{
	const struct bpf_func_proto *fn;

	fn = proto_of(BPF_PROG_TYPE_CGROUP_SKB, 0, BPF_FUNC_sk_lookup_tcp);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_SOCKET_OR_NULL &&
		fn->arg1_type == ARG_PTR_TO_CTX && fn->arg3_type == ARG_CONST_SIZE,
		"sk_lookup_tcp acquires a socket (RET_PTR_TO_SOCKET_OR_NULL)", "false");
	fn = proto_of(BPF_PROG_TYPE_SCHED_CLS, 0, BPF_FUNC_skc_lookup_tcp);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_SOCK_COMMON_OR_NULL && fn->pkt_access,
		"tc skc_lookup_tcp gives a sock_common or NULL", "false");
	fn = proto_of(BPF_PROG_TYPE_XDP, 0, BPF_FUNC_sk_lookup_udp);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_SOCKET_OR_NULL,
		"XDP has sk_lookup_udp", "false");
	fn = proto_of(BPF_PROG_TYPE_SCHED_CLS, 0, BPF_FUNC_sk_release);
	TEST_OK(fn && fn->arg1_type == (ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE),
		"sk_release releases (OBJ_RELEASE)", "false");
	fn = proto_of(BPF_PROG_TYPE_CGROUP_SKB, 0, BPF_FUNC_sk_fullsock);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_SOCKET_OR_NULL &&
		fn->arg1_type == ARG_PTR_TO_SOCK_COMMON, "sk_fullsock proto", "false");
	fn = proto_of(BPF_PROG_TYPE_SOCK_OPS, 0, BPF_FUNC_tcp_sock);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_TCP_SOCK_OR_NULL, "tcp_sock proto", "false");
	fn = proto_of(BPF_PROG_TYPE_SCHED_CLS, 0, BPF_FUNC_get_listener_sock);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_SOCKET_OR_NULL, "get_listener_sock proto", "false");
	fn = proto_of(BPF_PROG_TYPE_SCHED_CLS, 0, BPF_FUNC_skc_to_tcp_sock);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_BTF_ID_OR_NULL && fn->ret_btf_id &&
		fn->arg1_type == ARG_PTR_TO_BTF_ID_SOCK_COMMON,
		"skc_to_tcp_sock casts to a BTF id (CAP_PERFMON)", "false");
	fn = proto_of(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT,
		      BPF_FUNC_sk_lookup_tcp);
	TEST_OK(fn && fn->ret_type == RET_PTR_TO_SOCKET_OR_NULL && !fn->pkt_access,
		"sock_addr sk_lookup_tcp without packet access", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT,
			 BPF_FUNC_bind), "bpf_bind at connect4", "false");
	TEST_OK(!proto_of(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND,
			  BPF_FUNC_bind), "no bpf_bind at bind4", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND,
			 BPF_FUNC_setsockopt), "setsockopt at bind4", "false");
	TEST_OK(!proto_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS,
			  BPF_FUNC_get_retval), "no get_retval at inet_ingress", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE,
			 BPF_FUNC_set_retval), "set_retval at sock_create", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT,
			 BPF_FUNC_setsockopt), "bpf_setsockopt at setsockopt", "false");
	TEST_OK(!proto_of(BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT,
			  BPF_FUNC_setsockopt), "no bpf_setsockopt at getsockopt", "false");
	TEST_OK(!proto_of(BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, BPF_FUNC_skb_pull_data),
		"no skb_pull_data for seg6local", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_LWT_OUT, 0, BPF_FUNC_skb_pull_data),
		"skb_pull_data for lwt_out", "false");
	TEST_OK(!proto_of(BPF_PROG_TYPE_LWT_OUT, 0, BPF_FUNC_skb_store_bytes),
		"no skb_store_bytes for lwt_out", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_LWT_XMIT, 0, BPF_FUNC_skb_store_bytes),
		"skb_store_bytes for lwt_xmit", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_FLOW_DISSECTOR, 0, BPF_FUNC_skb_load_bytes) !=
		proto_of(BPF_PROG_TYPE_SCHED_CLS, 0, BPF_FUNC_skb_load_bytes),
		"the flow dissector has its own skb_load_bytes", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, BPF_FUNC_sk_assign) !=
		proto_of(BPF_PROG_TYPE_SCHED_CLS, 0, BPF_FUNC_sk_assign),
		"sk_lookup has its own sk_assign", "false");
	fn = proto_of(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, BPF_FUNC_sk_assign);
	TEST_OK(fn && fn->arg2_type == ARG_PTR_TO_SOCKET_OR_NULL,
		"sk_lookup sk_assign takes a socket or NULL", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_CGROUP_SYSCTL, 0, BPF_FUNC_sysctl_get_name),
		"sysctl_get_name for cgroup_sysctl", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_SK_MSG, 0, BPF_FUNC_msg_push_data),
		"msg_push_data for sk_msg", "false");
	TEST_OK(!proto_of(BPF_PROG_TYPE_SK_MSG, 0, BPF_FUNC_get_current_comm),
		"no get_current_comm for sk_msg", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_CGROUP_DEVICE, 0, BPF_FUNC_get_current_comm),
		"get_current_comm for cgroup_device", "false");
	TEST_OK(proto_of(BPF_PROG_TYPE_SOCKET_FILTER, 0, BPF_FUNC_get_socket_cookie),
		"get_socket_cookie for socket filters", "false");
}

/* ---------------------------------------------------------------- */
/* Conversions of the types without a test run                       */
/* ---------------------------------------------------------------- */

/* Runs a converted sequence: trusted loads/stores, ALU, jumps; r0 out. */
static u64 eval_insns(const struct bpf_insn *insn, u32 cnt, u64 *r)
{
	u32 pc = 0;

	while (pc < cnt) {
		const struct bpf_insn *in = &insn[pc++];
		u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		int sz = size_bytes(BPF_SIZE(in->code));
		u64 src = BPF_SRC(in->code) == BPF_X ? r[in->src_reg] : (u64)(s64)in->imm;
		u64 v;

		if ((cls == BPF_LDX || cls == BPF_STX) && BPF_MODE(in->code) != BPF_TRUSTED_MEM)
			return ~0ULL;	/* conversions emit trusted accesses only */
		switch (cls) {
		case BPF_LDX:
			v = 0;
			memcpy(&v, (void *)(uintptr_t)(r[in->src_reg] + in->off), sz);
			r[in->dst_reg] = v;
			break;
		case BPF_STX:
			memcpy((void *)(uintptr_t)(r[in->dst_reg] + in->off), &r[in->src_reg], sz);
			break;
		case BPF_ALU64:
		case BPF_ALU:
			v = r[in->dst_reg];
			switch (op) {
			case BPF_MOV: v = src; break;
			case BPF_AND: v &= src; break;
			case BPF_RSH: v = (cls == BPF_ALU ? (u32)v : v) >> src; break;
			case BPF_LSH: v <<= src; break;
			case BPF_ADD: v += src; break;
			default: return ~0ULL;
			}
			r[in->dst_reg] = cls == BPF_ALU ? (u32)v : v;
			break;
		case BPF_JMP:
			if ((op == BPF_JEQ && r[in->dst_reg] == src) ||
			    (op == BPF_JNE && r[in->dst_reg] != src) ||
			    (op == BPF_JGE && r[in->dst_reg] >= src) || op == BPF_JA)
				pc += in->off;
			else if (op != BPF_JEQ && op != BPF_JNE && op != BPF_JGE)
				return ~0ULL;
			break;
		default:
			return ~0ULL;
		}
	}
	return r[0];
}

/*
 * One access converted as the verifier would (a narrow read widened to
 * the field, then shifted and masked), evaluated on ctx.  dst and src
 * registers may be the same.
 */
static u64 conv(u32 (*convert)(enum bpf_access_type, const struct bpf_insn *,
			       struct bpf_insn *, struct bpf_prog *, u32 *),
		void *ctx, enum bpf_access_type type, int off, int size_code,
		u32 field_size, u64 value, int dst, int src)
{
	struct bpf_insn si, buf[32];
	u64 r[16] = {};
	int size = size_bytes(size_code), cnt;
	u32 ts = 0;
	bool narrow = type == BPF_READ && field_size && (u32)size < field_size;

	if (type == BPF_READ)
		si = BPF_LDX_MEM(narrow ? BPF_W : size_code, dst, src,
				 narrow ? off & ~3 : off);
	else
		si = BPF_STX_MEM(size_code, dst, src, off);
	cnt = convert(type, &si, buf, &proto_prog, &ts);
	if (cnt <= 0 || cnt >= 16)
		return ~0ULL - 1;
	if (narrow && (u32)size < ts) {
		u32 shift = (off & 3) * 8;

		if (shift)
			buf[cnt++] = BPF_ALU32_IMM(BPF_RSH, dst, shift);
		buf[cnt++] = BPF_ALU32_IMM(BPF_AND, dst, (1U << size * 8) - 1);
	}
	if (type == BPF_READ) {
		r[src] = (u64)(uintptr_t)ctx;
	} else {
		r[dst] = (u64)(uintptr_t)ctx;
		r[src] = value;
	}
	eval_insns(buf, cnt, r);
	if (type == BPF_READ)
		return r[dst];
	return r[dst] == (u64)(uintptr_t)ctx ? 0 : ~0ULL;	/* ctx reg kept */
}

#define READ(fn, ctx, off, sz, fsz)	conv(fn, ctx, BPF_READ, off, sz, fsz, 0, 0, 1)

static void test_sock_conversions(void)
{
	struct sock *sk = sk_alloc(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	struct xdp_sock xs = { .queue_id = 7 };
	u32 ip6[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };

	if (!TEST_OK(sk, "a socket", "false"))
		return;
	sk->sk_daddr = htonl(0x01020304);
	sk->sk_num = 8080;
	sk->sk_dport = htons(443);
	sk->sk_state = TCP_LISTEN;
	sk->sk_mark = 5;
	memcpy(&sk->sk_v6_rcv_saddr, ip6, sizeof(ip6));
	tp->snd_cwnd = 10;
	tp->bytes_acked = 1ULL << 40;
	tp->rtt_min.s[0].v = 99;
	tp->inet_conn.icsk_retransmits = 3;

	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(family), BPF_W, 4),
		AF_INET6, "bpf_sock family");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(type), BPF_W, 4),
		SOCK_STREAM, "bpf_sock type");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(protocol), BPF_B, 4),
		IPPROTO_TCP, "bpf_sock protocol, narrow");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(dst_ip4), BPF_W, 4),
		htonl(0x01020304), "bpf_sock dst_ip4");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(dst_ip4) + 1, BPF_B, 4),
		0x02, "bpf_sock dst_ip4, second byte");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(src_ip6[2]), BPF_W, 4),
		0x33333333, "bpf_sock src_ip6[2]");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(src_port), BPF_W, 4),
		8080, "bpf_sock src_port (host order)");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(dst_port), BPF_H, 2),
		htons(443), "bpf_sock dst_port (network order)");
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(state), BPF_W, 4),
		TCP_LISTEN, "bpf_sock state");
	TEST_EQ((u32)READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(rx_queue_mapping),
			  BPF_W, 4), (u32)-1, "bpf_sock rx_queue_mapping: none is -1");
	sk->sk_rx_queue_mapping = 2;
	TEST_EQ(READ(bpf_sock_convert_ctx_access, sk, BSK_OFF(rx_queue_mapping), BPF_W, 4),
		2, "bpf_sock rx_queue_mapping");
	TEST_EQ(conv(bpf_sock_convert_ctx_access, sk, BPF_READ, BSK_OFF(mark), BPF_W, 0, 0,
		     1, 1), 5, "bpf_sock mark, dst == src register");
	TEST_EQ(conv(bpf_sock_convert_ctx_access, sk, BPF_WRITE, BSK_OFF(priority), BPF_W,
		     0, 6, 1, 2), 0, "bpf_sock priority write");
	TEST_EQ(sk->sk_priority, 6, "bpf_sock priority written");

	TEST_EQ(READ(bpf_tcp_sock_convert_ctx_access, sk,
		     offsetof(struct bpf_tcp_sock, snd_cwnd), BPF_W, 0), 10,
		"bpf_tcp_sock snd_cwnd");
	TEST_EQ(READ(bpf_tcp_sock_convert_ctx_access, sk,
		     offsetof(struct bpf_tcp_sock, bytes_acked), BPF_DW, 0), 1ULL << 40,
		"bpf_tcp_sock bytes_acked");
	TEST_EQ(READ(bpf_tcp_sock_convert_ctx_access, sk,
		     offsetof(struct bpf_tcp_sock, rtt_min), BPF_W, 0), 99,
		"bpf_tcp_sock rtt_min");
	TEST_EQ(READ(bpf_tcp_sock_convert_ctx_access, sk,
		     offsetof(struct bpf_tcp_sock, icsk_retransmits), BPF_W, 0), 3,
		"bpf_tcp_sock icsk_retransmits");
	TEST_EQ(READ(bpf_xdp_sock_convert_ctx_access, &xs, 0, BPF_W, 0), 7,
		"bpf_xdp_sock queue_id");
	sock_put(sk);
}

static u32 ctx_convert(enum bpf_prog_type type, enum bpf_attach_type eat,
		       enum bpf_access_type t, const struct bpf_insn *si,
		       struct bpf_insn *buf, struct bpf_prog *prog, u32 *ts)
{
	prog->type = type;
	prog->expected_attach_type = eat;
	return bpf_verifier_ops_table[type]->convert_ctx_access(t, si, buf, prog, ts);
}

#define DEFINE_CONV(name, type)						\
	static u32 name(enum bpf_access_type t, const struct bpf_insn *si, \
			struct bpf_insn *buf, struct bpf_prog *prog, u32 *ts) \
	{ return ctx_convert(type, 0, t, si, buf, prog, ts); }

DEFINE_CONV(conv_sock_addr, BPF_PROG_TYPE_CGROUP_SOCK_ADDR)
DEFINE_CONV(conv_sock_ops, BPF_PROG_TYPE_SOCK_OPS)
DEFINE_CONV(conv_sysctl, BPF_PROG_TYPE_CGROUP_SYSCTL)
DEFINE_CONV(conv_sockopt, BPF_PROG_TYPE_CGROUP_SOCKOPT)
DEFINE_CONV(conv_msg, BPF_PROG_TYPE_SK_MSG)
DEFINE_CONV(conv_reuseport, BPF_PROG_TYPE_SK_REUSEPORT)
DEFINE_CONV(conv_sk_lookup, BPF_PROG_TYPE_SK_LOOKUP)
DEFINE_CONV(conv_dev, BPF_PROG_TYPE_CGROUP_DEVICE)
DEFINE_CONV(conv_sk_skb, BPF_PROG_TYPE_SK_SKB)

static void test_ctx_conversions(void)
{
	struct sock *sk = sk_alloc(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(53) };
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(8080),
				   .sin_addr.s_addr = htonl(0x7f000001) };
	struct in_addr src4 = { htonl(0x0a0a0a0a) };
	struct bpf_sock_addr_kern sa = { .sk = sk, .uaddr = (struct sockaddr *)&sin,
					 .t_ctx = &src4 };
	struct bpf_sock_ops_kern so = { .sk = sk, .op = BPF_SOCK_OPS_TCP_CONNECT_CB };
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	loff_t pos = 0x100000007LL;
	struct bpf_sysctl_kern sc = { .write = 1, .ppos = &pos };
	struct bpf_cg_run_ctx run_ctx = { .retval = -EPERM };
	struct bpf_sockopt_kern sopt = { .sk = sk, .level = SOL_SOCKET, .optlen = 4,
					 .run_ctx = &run_ctx };
	struct sk_msg msg = { .size = 100, .sk = sk };
	struct bpf_cgroup_dev_ctx dev = { .access_type = 0x00030002, .major = 1, .minor = 3 };
	struct in6_addr raddr6 = { .s6_addr32 = { 1, 2, 3, 4 } };
	struct bpf_sk_lookup_kern lk = { .family = AF_INET6, .dport = 443,
					 .sport = htons(1000), .v6.saddr = &raddr6 };
	struct sk_buff skb = { .len = 77, .protocol = htons(ETH_P_IPV6) };
	struct sk_reuseport_kern reuse = { .skb = &skb, .sk = sk, .hash = 0xabcd,
					   .bind_inany = 1 };
	unsigned char skb_buf[16];

	if (!TEST_OK(sk, "a socket", "false"))
		return;
	sk->sk_num = 53;
	sk->sk_dport = htons(5353);
	tp->snd_cwnd = 42;

	/* cgroup sock_addr */
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(user_family), BPF_W, 0), AF_INET,
		"sock_addr user_family");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(user_ip4), BPF_W, 4), htonl(0x7f000001),
		"sock_addr user_ip4");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(user_ip4), BPF_B, 4), 0x7f,
		"sock_addr user_ip4, first byte");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(user_port), BPF_W, 4), htons(8080),
		"sock_addr user_port");
	TEST_EQ(conv(conv_sock_addr, &sa, BPF_WRITE, SA_OFF(user_port), BPF_W, 0,
		     htons(9090), 1, 2), 0, "sock_addr user_port write keeps ctx");
	TEST_EQ(sin.sin_port, htons(9090), "sock_addr user_port written");
	TEST_EQ(conv(conv_sock_addr, &sa, BPF_WRITE, SA_OFF(user_ip4), BPF_W, 0,
		     htonl(0x0a000001), 1, 2), 0, "sock_addr user_ip4 write");
	TEST_EQ(sin.sin_addr.s_addr, htonl(0x0a000001), "sock_addr user_ip4 written");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(type), BPF_W, 0), SOCK_DGRAM,
		"sock_addr type");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(protocol), BPF_W, 0), IPPROTO_UDP,
		"sock_addr protocol");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(msg_src_ip4), BPF_W, 4),
		htonl(0x0a0a0a0a), "sock_addr msg_src_ip4");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(sk), BPF_DW, 0), (u64)(uintptr_t)sk,
		"sock_addr sk");
	sa.uaddr = (struct sockaddr *)&sin6;
	TEST_EQ(conv(conv_sock_addr, &sa, BPF_WRITE, SA_OFF(user_ip6[2]), BPF_DW, 0,
		     0x0807060504030201ULL, 1, 2), 0, "sock_addr 8-byte user_ip6 write");
	TEST_EQ(sin6.sin6_addr.s6_addr[8], 0x01, "sock_addr user_ip6[2..3] written");
	TEST_EQ(READ(conv_sock_addr, &sa, SA_OFF(user_ip6[2]), BPF_DW, 4),
		0x0807060504030201ULL, "sock_addr 8-byte user_ip6 read");

	/* sock_ops: TCP fields only for a full socket */
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(op), BPF_W, 0), BPF_SOCK_OPS_TCP_CONNECT_CB,
		"sock_ops op");
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(snd_cwnd), BPF_W, 0), 0,
		"sock_ops snd_cwnd of a request socket is 0");
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(sk), BPF_DW, 0), 0,
		"sock_ops sk of a request socket is NULL");
	so.is_fullsock = 1;
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(snd_cwnd), BPF_W, 0), 42,
		"sock_ops snd_cwnd of a full socket");
	TEST_EQ(conv(conv_sock_ops, &so, BPF_READ, SO_OFF(snd_cwnd), BPF_W, 0, 0, 1, 1), 42,
		"sock_ops snd_cwnd, dst == src register");
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(sk), BPF_DW, 0), (u64)(uintptr_t)sk,
		"sock_ops sk of a full socket");
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(local_port), BPF_W, 0), 53,
		"sock_ops local_port");
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(remote_port), BPF_W, 0),
		(u32)htons(5353) << 16, "sock_ops remote_port in the high half");
	TEST_EQ(conv(conv_sock_ops, &so, BPF_WRITE, SO_OFF(sk_txhash), BPF_W, 0, 0x1234,
		     1, 2), 0, "sock_ops sk_txhash write");
	TEST_EQ(sk->sk_txhash, 0x1234, "sock_ops sk_txhash written");
	TEST_EQ(conv(conv_sock_ops, &so, BPF_WRITE, SO_OFF(reply), BPF_W, 0, 9, 1, 2), 0,
		"sock_ops reply write");
	TEST_EQ(so.reply, 9, "sock_ops reply written");
	TEST_EQ(READ(conv_sock_ops, &so, SO_OFF(skb_len), BPF_W, 0), 0,
		"sock_ops skb_len without an skb is 0");

	/* sysctl */
	TEST_EQ(READ(conv_sysctl, &sc, offsetof(struct bpf_sysctl, write), BPF_W, 4), 1,
		"sysctl write");
	TEST_EQ(READ(conv_sysctl, &sc, offsetof(struct bpf_sysctl, file_pos), BPF_W, 4), 7,
		"sysctl file_pos is the low u32");
	TEST_EQ(conv(conv_sysctl, &sc, BPF_WRITE, offsetof(struct bpf_sysctl, file_pos),
		     BPF_W, 0, 3, 1, 2), 0, "sysctl file_pos write");
	TEST_EQ(pos, 0x100000003LL, "sysctl file_pos written");

	/* sockopt: retval is the run's */
	TEST_EQ(READ(conv_sockopt, &sopt, SOPT_OFF(level), BPF_W, 0), SOL_SOCKET,
		"sockopt level");
	TEST_EQ((s32)READ(conv_sockopt, &sopt, SOPT_OFF(retval), BPF_W, 0), -EPERM,
		"sockopt retval");
	TEST_EQ(conv(conv_sockopt, &sopt, BPF_WRITE, SOPT_OFF(retval), BPF_W, 0, 0, 1, 2),
		0, "sockopt retval write");
	TEST_EQ(run_ctx.retval, 0, "sockopt retval written to the run");

	/* sk_msg */
	TEST_EQ(READ(conv_msg, &msg, MSG_OFF(size), BPF_W, 0), 100, "sk_msg size");
	TEST_EQ(READ(conv_msg, &msg, MSG_OFF(local_port), BPF_W, 0), 53, "sk_msg local_port");
	msg.sk = NULL;
	TEST_EQ(READ(conv_msg, &msg, MSG_OFF(family), BPF_W, 0), 0,
		"sk_msg family without a socket");

	/* sk_reuseport */
	TEST_EQ(READ(conv_reuseport, &reuse, REUSE_MD_OFF(len), BPF_W, 4), 77,
		"sk_reuseport len");
	TEST_EQ(READ(conv_reuseport, &reuse, REUSE_MD_OFF(eth_protocol), BPF_W, 4),
		htons(ETH_P_IPV6), "sk_reuseport eth_protocol");
	TEST_EQ(READ(conv_reuseport, &reuse, REUSE_MD_OFF(ip_protocol), BPF_W, 4),
		IPPROTO_UDP, "sk_reuseport ip_protocol");
	TEST_EQ(READ(conv_reuseport, &reuse, REUSE_MD_OFF(hash), BPF_W, 0), 0xabcd,
		"sk_reuseport hash");
	TEST_EQ(READ(conv_reuseport, &reuse, REUSE_MD_OFF(bind_inany), BPF_W, 4), 1,
		"sk_reuseport bind_inany");

	/* sk_lookup */
	TEST_EQ(READ(conv_sk_lookup, &lk, SKL_OFF(family), BPF_W, 4), AF_INET6,
		"sk_lookup family");
	TEST_EQ(READ(conv_sk_lookup, &lk, SKL_OFF(local_port), BPF_W, 4), 443,
		"sk_lookup local_port");
	TEST_EQ(READ(conv_sk_lookup, &lk, SKL_OFF(remote_port), BPF_W, 0), htons(1000),
		"sk_lookup remote_port");
	TEST_EQ(READ(conv_sk_lookup, &lk, SKL_OFF(remote_port) + 2, BPF_H, 2), 0,
		"sk_lookup the padding reads 0");
	TEST_EQ(READ(conv_sk_lookup, &lk, SKL_OFF(remote_ip6[3]), BPF_W, 4), 4,
		"sk_lookup remote_ip6[3]");
	TEST_EQ(READ(conv_sk_lookup, &lk, SKL_OFF(local_ip6[0]), BPF_W, 4), 0,
		"sk_lookup local_ip6 without an address is 0");

	/* cgroup_device: the context as it is */
	TEST_EQ(READ(conv_dev, &dev, 0, BPF_H, 4), 2, "cgroup_device access_type low half");
	TEST_EQ(READ(conv_dev, &dev, 2, BPF_H, 4), 3, "cgroup_device access_type high half");
	TEST_EQ(READ(conv_dev, &dev, offsetof(struct bpf_cgroup_dev_ctx, minor), BPF_W, 0),
		3, "cgroup_device minor");

	/* sk_skb: data_end from the skb itself */
	skb.data = skb_buf;
	skb.tail = skb_buf + 10;
	skb.len = 10;
	TEST_EQ(READ(conv_sk_skb, &skb, SKB_OFF(data_end), BPF_W, 0),
		(u64)(uintptr_t)(skb_buf + 10), "sk_skb data_end");
	sk->sk_family = AF_INET;
	skb.sk = sk;
	TEST_EQ(READ(conv_sk_skb, &skb, SKB_OFF(family), BPF_W, 4), AF_INET,
		"sk_skb family from the socket");
	skb.sk = NULL;
	TEST_EQ(READ(conv_sk_skb, &skb, SKB_OFF(remote_port), BPF_W, 4), 0,
		"sk_skb remote_port without a socket is 0");
	sock_put(sk);
}

/*
 * What an unprivileged user may do (this process re-run with the
 * unprivileged policy and kernel.unprivileged_bpf_disabled = 0): cgroup
 * skb programs load, but without direct packet access or tstamp writes;
 * the other networking types need CAP_BPF.
 */
static void test_unprivileged(void)
{
	int fd;

	LOAD_OK("unpriv: cgroup_skb reads len and writes mark",
		BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS,
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(len)),
		BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(mark)),
		BPF_MOV64_IMM(BPF_REG_0, 1),
		BPF_EXIT_INSN());
	expect_ctx_refused("unpriv: cgroup_skb data needs CAP_BPF", BPF_PROG_TYPE_CGROUP_SKB,
			   BPF_CGROUP_INET_INGRESS, false, SKB_OFF(data), BPF_W);
	expect_ctx_refused("unpriv: cgroup_skb data_end needs CAP_BPF",
			   BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, false,
			   SKB_OFF(data_end), BPF_W);
	expect_ctx_refused("unpriv: cgroup_skb tstamp write needs CAP_BPF",
			   BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, true,
			   SKB_OFF(tstamp), BPF_DW);
	fd = LOAD(BPF_PROG_TYPE_CGROUP_SOCK, 0, BPF_MOV64_IMM(BPF_REG_0, 1), BPF_EXIT_INSN());
	TEST_ERRNO(fd, EPERM, "unpriv: cgroup_sock needs CAP_BPF");
	if (fd >= 0)
		close(fd);
	fd = LOAD(BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	TEST_ERRNO(fd, EPERM, "unpriv: sk_lookup needs CAP_BPF");
	if (fd >= 0)
		close(fd);
}

/* Runs this test again as an unprivileged user; true when it passed. */
static bool run_unprivileged(const char *self)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return false;
	if (!pid) {
		setenv("SYSBPF_UNPRIV", "1", 1);
		setenv("SYSBPF_UNPRIVILEGED_BPF_DISABLED", "0", 1);
		execl("/proc/self/exe", self, "--unprivileged", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
	on_host = getenv("TEST_PROG_TYPES_HOST") && *getenv("TEST_PROG_TYPES_HOST") == '1';
	build_pkt();

	if (argc > 1 && !strcmp(argv[1], "--unprivileged")) {
		test_unprivileged();
		return sysbpf_test_done();
	}

	test_cgroup_skb();
	test_cgroup_skb_helpers();
	test_tc_socket();
	test_fib_lookup();
	test_lwt();
	test_flow_dissector();
	test_sk_lookup();
	test_cgroup_sock();
	test_cgroup_sock_addr();
	test_sock_ops();
	test_cgroup_device();
	test_cgroup_sysctl();
	test_cgroup_sockopt();
	test_sk_skb();
	test_sk_msg();
	test_sk_reuseport();
	if (!on_host) {
		test_sock_access_rules();
		test_helper_protos();
		test_sock_conversions();
		test_ctx_conversions();
		TEST_OK(run_unprivileged(argv[0]), "the unprivileged checks pass",
			"see the lines above");
	}
	return sysbpf_test_done();
}
