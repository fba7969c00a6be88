// SPDX-License-Identifier: GPL-2.0
/*
 * The networking program types' contexts and BPF_PROG_TEST_RUN, against
 * Linux 6.1's rules:
 *  - which struct __sk_buff / struct xdp_md fields each type may read or
 *    write, at which sizes (an independent model of 6.1's
 *    *_is_valid_access, compared at every offset and size);
 *  - what the context conversions compute (the emitted instructions are
 *    evaluated here over a real sk_buff / xdp_buff);
 *  - the helpers' bounds and results, called directly;
 *  - BPF_PROG_TEST_RUN end to end through bpf(2): programs loaded,
 *    converted and run by the core, every errno path of 6.1.
 * TEST_RUN_CTX_HOST=1 runs the bpf(2) part against the host kernel
 * instead, to check the expectations themselves where bpf(2) is allowed.
 */
#include <linux/filter.h>
#include <linux/skbuff.h>
#include <net/xdp.h>
#include <arpa/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysbpf_test.h"

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
/* Part 1: access verdicts                                           */
/* ---------------------------------------------------------------- */

enum skb_kind {
	K_U32,		/* plain u32: narrow reads, whole writes */
	K_CB,		/* cb[]: any size within cb[] */
	K_PTR,		/* data, data_end, data_meta: u32 only */
	K_IP,		/* remote/local ip4/ip6: u32 only */
	K_SOCK,		/* family .. local_port: sk_skb types only */
	K_FLOW_KEYS,
	K_TSTAMP,
	K_SK,
	K_TSTAMP_TYPE,
	K_PAD,
	K_HWTSTAMP,
};

struct skb_field {
	const char *name;
	int off, len;
	enum skb_kind kind;
};

#define SKB_F(f, k)	\
	{ #f, offsetof(struct __sk_buff, f), sizeof_field(struct __sk_buff, f), k }

static const struct skb_field skb_fields[] = {
	SKB_F(len, K_U32), SKB_F(pkt_type, K_U32), SKB_F(mark, K_U32),
	SKB_F(queue_mapping, K_U32), SKB_F(protocol, K_U32),
	SKB_F(vlan_present, K_U32), SKB_F(vlan_tci, K_U32),
	SKB_F(vlan_proto, K_U32), SKB_F(priority, K_U32),
	SKB_F(ingress_ifindex, K_U32), SKB_F(ifindex, K_U32),
	SKB_F(tc_index, K_U32), SKB_F(cb, K_CB), SKB_F(hash, K_U32),
	SKB_F(tc_classid, K_U32), SKB_F(data, K_PTR), SKB_F(data_end, K_PTR),
	SKB_F(napi_id, K_U32), SKB_F(family, K_SOCK), SKB_F(remote_ip4, K_SOCK),
	SKB_F(local_ip4, K_SOCK), SKB_F(remote_ip6, K_SOCK),
	SKB_F(local_ip6, K_SOCK), SKB_F(remote_port, K_SOCK),
	SKB_F(local_port, K_SOCK), SKB_F(data_meta, K_PTR),
	SKB_F(flow_keys, K_FLOW_KEYS), SKB_F(tstamp, K_TSTAMP),
	SKB_F(wire_len, K_U32), SKB_F(gso_segs, K_U32), SKB_F(sk, K_SK),
	SKB_F(gso_size, K_U32), SKB_F(tstamp_type, K_TSTAMP_TYPE),
	{ "padding", offsetof(struct __sk_buff, tstamp_type) + 1, 3, K_PAD },
	SKB_F(hwtstamp, K_HWTSTAMP),
};

static const struct skb_field *skb_field_at(int off)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(skb_fields); i++)
		if (off >= skb_fields[i].off &&
		    off < skb_fields[i].off + skb_fields[i].len)
			return &skb_fields[i];
	return NULL;
}

static bool is(const struct skb_field *f, const char *name)
{
	return !strcmp(f->name, name);
}

/* 6.1: what a socket filter (sk) or tc program may do, written from the rules. */
static bool model_skb_access(bool tc, int off, int size, bool write)
{
	const struct skb_field *f;

	if (off < 0 || off >= (int)sizeof(struct __sk_buff) || off % size)
		return false;
	f = skb_field_at(off);
	if (!f || f->kind == K_SOCK || f->kind == K_FLOW_KEYS || f->kind == K_PAD)
		return false;

	if (!tc) {
		if (is(f, "tc_classid") || f->kind == K_PTR || is(f, "tstamp") ||
		    is(f, "wire_len") || is(f, "hwtstamp") || f->kind == K_TSTAMP_TYPE)
			return false;
		if (write && f->kind != K_CB)
			return false;
	} else {
		if (f->kind == K_TSTAMP_TYPE)
			return !write && size == 1;
		if (write && !(is(f, "mark") || is(f, "tc_index") || is(f, "priority") ||
			       is(f, "tc_classid") || f->kind == K_CB ||
			       is(f, "tstamp") || is(f, "queue_mapping")))
			return false;
	}

	switch (f->kind) {
	case K_CB:
		return off + size <= f->off + f->len;
	case K_PTR:
	case K_IP:
		return size == 4;
	case K_TSTAMP:
		return size == 8;
	case K_SK:
	case K_HWTSTAMP:
		return !write && size == 8;
	default:
		return write ? size == 4 : size <= 4;
	}
}

static const struct bpf_prog dummy_prog;

static void test_skb_verdicts(const char *tname, const struct bpf_verifier_ops *ops,
			      bool tc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(skb_fields); i++) {
		const struct skb_field *f = &skb_fields[i];
		int bad = 0, off, size, w, first_off = -1, first_size = 0, first_w = 0;
		char name[96];

		for (off = f->off; off < f->off + f->len; off++)
			for (size = 1; size <= 8; size <<= 1)
				for (w = 0; w < 2; w++) {
					struct bpf_prog prog = dummy_prog;
					struct bpf_insn_access_aux info = {};
					bool got = ops->is_valid_access(off, size,
							w ? BPF_WRITE : BPF_READ,
							&prog, &info);

					if (got != model_skb_access(tc, off, size, w)) {
						if (!bad++) {
							first_off = off;
							first_size = size;
							first_w = w;
						}
					}
				}
		snprintf(name, sizeof(name), "%s: __sk_buff.%s verdicts (every offset, size, r/w)",
			 tname, f->name);
		TEST_OK(!bad, name, "%d mismatches, first off %d size %d %s", bad,
			first_off, first_size, first_w ? "write" : "read");
	}
}

static void test_skb_verdict_details(void)
{
	const struct bpf_verifier_ops *tc = &tc_cls_act_verifier_ops;
	const struct bpf_verifier_ops *sk = &sk_filter_verifier_ops;
	struct bpf_prog prog = dummy_prog;
	struct bpf_insn_access_aux info;
	int off, bad = 0;

	memset(&info, 0, sizeof(info));
	tc->is_valid_access(offsetof(struct __sk_buff, data), 4, BPF_READ, &prog, &info);
	TEST_EQ(info.reg_type, PTR_TO_PACKET, "tc: data reads as PTR_TO_PACKET");
	memset(&info, 0, sizeof(info));
	tc->is_valid_access(offsetof(struct __sk_buff, data_end), 4, BPF_READ, &prog, &info);
	TEST_EQ(info.reg_type, PTR_TO_PACKET_END, "tc: data_end reads as PTR_TO_PACKET_END");
	memset(&info, 0, sizeof(info));
	tc->is_valid_access(offsetof(struct __sk_buff, data_meta), 4, BPF_READ, &prog, &info);
	TEST_EQ(info.reg_type, PTR_TO_PACKET_META, "tc: data_meta reads as PTR_TO_PACKET_META");
	memset(&info, 0, sizeof(info));
	sk->is_valid_access(offsetof(struct __sk_buff, sk), 8, BPF_READ, &prog, &info);
	TEST_EQ(info.reg_type, PTR_TO_SOCK_COMMON_OR_NULL,
		"sk_filter: sk reads as PTR_TO_SOCK_COMMON_OR_NULL");
	memset(&info, 0, sizeof(info));
	sk->is_valid_access(offsetof(struct __sk_buff, len) + 2, 2, BPF_READ, &prog, &info);
	TEST_EQ(info.ctx_field_size, 4, "narrow read of len records a 4-byte field");

	/* cb[] is not a narrowed field: no field size recorded */
	for (off = offsetof(struct __sk_buff, cb[0]);
	     off < (int)offsetofend(struct __sk_buff, cb[4]); off++) {
		memset(&info, 0, sizeof(info));
		if (sk->is_valid_access(off, 1, BPF_READ, &prog, &info) && info.ctx_field_size)
			bad++;
	}
	TEST_EQ(bad, 0, "cb[] byte reads record no field size");

	prog = dummy_prog;
	tc->is_valid_access(offsetof(struct __sk_buff, tstamp_type), 1, BPF_READ, &prog, &info);
	TEST_EQ(prog.tstamp_type_access, 1, "tc: reading tstamp_type marks the program");
	TEST_OK(!tc->is_valid_access(-4, 4, BPF_READ, &prog, &info),
		"tc: negative offset refused", "false");
	TEST_OK(!tc->is_valid_access(sizeof(struct __sk_buff), 4, BPF_READ, &prog, &info),
		"tc: offset past __sk_buff refused", "false");
}

static void test_xdp_verdicts(void)
{
	struct bpf_prog prog = dummy_prog, devmap = dummy_prog;
	int bad = 0, bad_dev = 0, off, size, w;

	devmap.expected_attach_type = BPF_XDP_DEVMAP;
	for (off = -4; off < (int)sizeof(struct xdp_md) + 8; off++)
		for (size = 1; size <= 8; size <<= 1)
			for (w = 0; w < 2; w++) {
				struct bpf_insn_access_aux info = {};
				bool ok = off >= 0 && off < (int)sizeof(struct xdp_md) &&
					  size == 4 && off % 4 == 0 && !w;
				bool egress = off == offsetof(struct xdp_md, egress_ifindex);
				enum bpf_access_type t = w ? BPF_WRITE : BPF_READ;

				if (xdp_verifier_ops.is_valid_access(off, size, t, &prog, &info) !=
				    (ok && !egress))
					bad++;
				if (xdp_verifier_ops.is_valid_access(off, size, t, &devmap,
								     &info) != ok)
					bad_dev++;
			}
	TEST_EQ(bad, 0, "xdp: xdp_md verdicts (u32 reads only, no egress_ifindex)");
	TEST_EQ(bad_dev, 0, "xdp devmap: egress_ifindex readable too");
}

static void test_func_protos(void)
{
	const struct bpf_prog *p = &dummy_prog;

	TEST_OK(sk_filter_verifier_ops.get_func_proto(BPF_FUNC_skb_load_bytes, p) &&
		sk_filter_verifier_ops.get_func_proto(BPF_FUNC_skb_load_bytes_relative, p) &&
		!sk_filter_verifier_ops.get_func_proto(BPF_FUNC_skb_store_bytes, p) &&
		!sk_filter_verifier_ops.get_func_proto(BPF_FUNC_redirect, p),
		"sk_filter helper set: loads only, no store/redirect", "false");
	TEST_OK(tc_cls_act_verifier_ops.get_func_proto(BPF_FUNC_skb_store_bytes, p) &&
		tc_cls_act_verifier_ops.get_func_proto(BPF_FUNC_l4_csum_replace, p) &&
		tc_cls_act_verifier_ops.get_func_proto(BPF_FUNC_skb_vlan_push, p) &&
		!tc_cls_act_verifier_ops.get_func_proto(BPF_FUNC_xdp_adjust_head, p),
		"tc helper set: skb helpers, no xdp helpers", "false");
	TEST_OK(xdp_verifier_ops.get_func_proto(BPF_FUNC_xdp_adjust_tail, p) &&
		xdp_verifier_ops.get_func_proto(BPF_FUNC_csum_diff, p) &&
		!xdp_verifier_ops.get_func_proto(BPF_FUNC_skb_load_bytes, p),
		"xdp helper set: xdp helpers, no skb helpers", "false");
	TEST_OK(sk_filter_verifier_ops.get_func_proto(BPF_FUNC_map_lookup_elem, p) ==
		bpf_base_func_proto(BPF_FUNC_map_lookup_elem) &&
		sk_filter_verifier_ops.get_func_proto(BPF_FUNC_ktime_get_coarse_ns, p),
		"base helpers and ktime_get_coarse_ns for every network type", "false");
	TEST_EQ(bpf_csum_diff_proto.arg1_type, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
		"csum_diff takes nullable read-only memory");
	TEST_EQ(tc_cls_act_verifier_ops.get_func_proto(BPF_FUNC_skb_load_bytes, p)->arg3_type,
		ARG_PTR_TO_UNINIT_MEM, "skb_load_bytes writes uninit memory");
}

/* ---------------------------------------------------------------- */
/* Part 2: what the conversions compute                              */
/* ---------------------------------------------------------------- */

/* BPF_W, BPF_H, BPF_B, BPF_DW in bytes */
static int bpf_size_bytes(u8 code)
{
	static const int bytes[] = { 4, 2, 1, 8 };

	return bytes[BPF_SIZE(code) >> 3];
}

/* Runs a converted sequence: trusted loads/stores, moves, jumps, ALU. */
static u64 eval_insns(const struct bpf_insn *insn, u32 cnt, u64 *r)
{
	u32 pc = 0;

	while (pc < cnt) {
		const struct bpf_insn *in = &insn[pc++];
		u8 cls = BPF_CLASS(in->code);
		int sz = bpf_size_bytes(in->code);
		u64 src = BPF_SRC(in->code) == BPF_X ? r[in->src_reg] : (u64)(s64)in->imm;

		if ((cls == BPF_LDX || cls == BPF_STX) && BPF_MODE(in->code) != BPF_TRUSTED_MEM)
			return ~0ULL;	/* conversions must only emit trusted accesses */
		switch (cls) {
		case BPF_LDX: {
			u64 v = 0;

			memcpy(&v, (void *)(uintptr_t)(r[in->src_reg] + in->off), sz);
			r[in->dst_reg] = v;
			break;
		}
		case BPF_STX:
			memcpy((void *)(uintptr_t)(r[in->dst_reg] + in->off), &r[in->src_reg], sz);
			break;
		case BPF_ALU64:
		case BPF_ALU: {
			u64 v = r[in->dst_reg];

			switch (BPF_OP(in->code)) {
			case BPF_MOV: v = src; break;
			case BPF_AND: v &= src; break;
			case BPF_RSH: v >>= src; break;
			default: return ~0ULL;
			}
			r[in->dst_reg] = cls == BPF_ALU ? (u32)v : v;
			break;
		}
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JEQ && r[in->dst_reg] == src)
				pc += in->off;
			else if (BPF_OP(in->code) == BPF_JGE && r[in->dst_reg] >= src)
				pc += in->off;
			else if (BPF_OP(in->code) != BPF_JEQ && BPF_OP(in->code) != BPF_JGE)
				return ~0ULL;
			break;
		default:
			return ~0ULL;
		}
	}
	return r[0];
}

/* A context conversion of one access, then its evaluation on ctx. */
static u64 conv_run(const struct bpf_verifier_ops *ops, struct bpf_prog *prog,
		    void *ctx, enum bpf_access_type type, int off, int size_code,
		    u64 value, u32 *target_size)
{
	struct bpf_insn si, buf[32];
	u64 r[MAX_BPF_EXT_REG] = {};
	u32 cnt, ts = 0;

	if (type == BPF_READ)
		si = BPF_LDX_MEM(size_code, BPF_REG_0, BPF_REG_1, off);
	else
		si = BPF_STX_MEM(size_code, BPF_REG_1, BPF_REG_2, off);
	cnt = ops->convert_ctx_access(type, &si, buf, prog, &ts);
	if (target_size)
		*target_size = ts;
	if (!cnt || cnt >= ARRAY_SIZE(buf))
		return ~0ULL - 1;
	r[1] = (u64)(uintptr_t)ctx;
	r[2] = value;
	return eval_insns(buf, cnt, r);
}

static u8 test_pkt[128];

/* Ethernet + IPv4 + UDP 10.0.0.1:1234 -> 10.0.0.2:80, payload to len. */
static void build_pkt(u8 *p, u32 len, const u8 *dst_mac, u16 proto)
{
	struct ethhdr eth = {};
	struct iphdr iph = {};
	u8 udp[8];
	u32 i;

	memset(p, 0, len);
	for (i = ETH_HLEN; i < len; i++)
		p[i] = (u8)(i * 7);
	if (dst_mac)
		memcpy(eth.h_dest, dst_mac, ETH_ALEN);
	memcpy(eth.h_source, "\x02\x00\x00\x00\x00\x01", ETH_ALEN);
	eth.h_proto = htons(proto);
	memcpy(p, &eth, ETH_HLEN);
	if (proto != ETH_P_IP || len < ETH_HLEN + sizeof(iph) + sizeof(udp))
		return;
	iph.version = 4;
	iph.ihl = 5;
	iph.tot_len = htons(len - ETH_HLEN);
	iph.ttl = 64;
	iph.protocol = IPPROTO_UDP;
	iph.saddr = htonl(0x0a000001);
	iph.daddr = htonl(0x0a000002);
	iph.check = csum_fold(csum_partial(&iph, sizeof(iph), 0));
	memcpy(p + ETH_HLEN, &iph, sizeof(iph));
	udp[0] = 1234 >> 8;
	udp[1] = 1234 & 0xff;
	udp[2] = 0;
	udp[3] = 80;
	udp[4] = (len - ETH_HLEN - sizeof(iph)) >> 8;
	udp[5] = (len - ETH_HLEN - sizeof(iph)) & 0xff;
	udp[6] = udp[7] = 0;
	memcpy(p + ETH_HLEN + sizeof(iph), udp, sizeof(udp));
}

/* The skb test_run builds for a type: data at MAC (tc) or network header. */
static struct sk_buff *make_skb(const u8 *pkt, u32 len, bool l2)
{
	u32 size = NET_SKB_PAD + SKB_DATA_ALIGN(len) + SKB_SHINFO_SIZE;
	struct sk_buff *skb = build_skb(kzalloc(size, GFP_KERNEL), size);

	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD);
	memcpy(__skb_put(skb, len), pkt, len);
	skb->protocol = eth_type_trans(skb, &loopback_dev);
	skb_reset_network_header(skb);
	if (l2)
		__skb_push(skb, ETH_HLEN);
	bpf_compute_data_pointers(skb);
	return skb;
}

#define SKB_OFF(f)	offsetof(struct __sk_buff, f)

static void test_skb_conversions(void)
{
	const struct bpf_verifier_ops *tc = &tc_cls_act_verifier_ops;
	const struct bpf_verifier_ops *sk = &sk_filter_verifier_ops;
	struct bpf_prog *prog = calloc(1, sizeof(*prog));
	struct sk_buff *skb;
	u32 ts;

	build_pkt(test_pkt, 100, NULL, ETH_P_IP);
	skb = make_skb(test_pkt, 100, true);
	if (!TEST_OK(skb && prog, "skb for the conversion tests", "false"))
		return;
	skb->mark = 0x11223344;
	skb->priority = 7;
	skb->skb_iif = 9;
	skb->hash = 0xabcdef01;
	skb->vlan_present = 1;
	skb->vlan_tci = 0x123;
	skb->vlan_proto = htons(ETH_P_8021Q);
	skb->queue_mapping = 3;
	skb->tc_index = 0x55;
	skb->tstamp = 0x1122334455667788ULL;
	skb->pkt_type = PACKET_MULTICAST;
	skb_shinfo(skb)->gso_segs = 5;
	skb_shinfo(skb)->gso_size = 1400;
	skb_shinfo(skb)->hwtstamps.hwtstamp = 0x99;
	((struct qdisc_skb_cb *)skb->cb)->pkt_len = 1000;
	((struct qdisc_skb_cb *)skb->cb)->tc_classid = 0x10;
	memcpy(((struct qdisc_skb_cb *)skb->cb)->data, "ABCDEFGHIJKLMNOPQRST", 20);

	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(len), BPF_W, 0, &ts), 100,
		"conv: len");
	TEST_EQ(ts, 4, "conv: len target size 4");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(protocol), BPF_W, 0, &ts),
		htons(ETH_P_IP), "conv: protocol (network order)");
	TEST_EQ(ts, 2, "conv: protocol target size 2");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(pkt_type), BPF_W, 0, &ts),
		PACKET_MULTICAST, "conv: pkt_type");
	TEST_EQ(ts, 1, "conv: pkt_type target size 1");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(mark), BPF_W, 0, NULL),
		0x11223344, "conv: mark");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(queue_mapping), BPF_W, 0, &ts), 3,
		"conv: queue_mapping");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(vlan_present), BPF_W, 0, NULL), 1,
		"conv: vlan_present");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(vlan_tci), BPF_W, 0, NULL), 0x123,
		"conv: vlan_tci");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(vlan_proto), BPF_W, 0, NULL),
		htons(ETH_P_8021Q), "conv: vlan_proto");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(priority), BPF_W, 0, NULL), 7,
		"conv: priority");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(ingress_ifindex), BPF_W, 0, NULL), 9,
		"conv: ingress_ifindex");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(ifindex), BPF_W, 0, NULL), 1,
		"conv: ifindex of lo");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(ifindex), BPF_W, 0, NULL), 1,
		"conv: tc ifindex of lo");
	skb->dev = NULL;
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(ifindex), BPF_W, 0, NULL), 0,
		"conv: ifindex without a device is 0");
	skb->dev = &loopback_dev;
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(tc_index), BPF_W, 0, NULL), 0x55,
		"conv: tc_index");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(hash), BPF_W, 0, NULL), 0xabcdef01,
		"conv: hash");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(cb[1]), BPF_W, 0, NULL),
		0x48474645, "conv: cb[1]");
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(cb[2]) + 1, BPF_B, 0, NULL), 'J',
		"conv: cb byte read at its own offset");
	TEST_EQ(prog->cb_access, 1, "conv: cb access is recorded");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(tc_classid), BPF_W, 0, &ts), 0x10,
		"conv: tc_classid");
	TEST_EQ(ts, 2, "conv: tc_classid target size 2");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(data), BPF_W, 0, NULL),
		(uintptr_t)skb->data, "conv: data is the 64-bit skb->data");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(data_end), BPF_W, 0, NULL),
		(uintptr_t)(skb->data + skb->len), "conv: data_end is data + headlen");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(data_meta), BPF_W, 0, NULL),
		(uintptr_t)skb->data, "conv: data_meta is data (no metadata)");
	skb->napi_id = 5;
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(napi_id), BPF_W, 0, NULL), 0,
		"conv: napi_id below MIN_NAPI_ID reads 0");
	skb->napi_id = MIN_NAPI_ID + 2;
	TEST_EQ(conv_run(sk, prog, skb, BPF_READ, SKB_OFF(napi_id), BPF_W, 0, NULL),
		MIN_NAPI_ID + 2, "conv: napi_id");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(tstamp), BPF_DW, 0, NULL),
		0x1122334455667788ULL, "conv: tstamp");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(wire_len), BPF_W, 0, NULL), 1000,
		"conv: wire_len");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(gso_segs), BPF_W, 0, &ts), 5,
		"conv: gso_segs");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(gso_size), BPF_W, 0, NULL), 1400,
		"conv: gso_size");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(hwtstamp), BPF_DW, 0, NULL), 0x99,
		"conv: hwtstamp");
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(sk), BPF_DW, 0, NULL), 0,
		"conv: sk (none in a test run)");
	skb->mono_delivery_time = 1;
	TEST_EQ(conv_run(tc, prog, skb, BPF_READ, SKB_OFF(tstamp_type), BPF_B, 0, NULL),
		BPF_SKB_TSTAMP_DELIVERY_MONO, "conv: tstamp_type");

	conv_run(tc, prog, skb, BPF_WRITE, SKB_OFF(mark), BPF_W, 0xfeed, NULL);
	TEST_EQ(skb->mark, 0xfeed, "conv: mark write");
	conv_run(tc, prog, skb, BPF_WRITE, SKB_OFF(tc_index), BPF_W, 0x12345, NULL);
	TEST_EQ(skb->tc_index, 0x2345, "conv: tc_index write keeps 16 bits");
	conv_run(tc, prog, skb, BPF_WRITE, SKB_OFF(queue_mapping), BPF_W, 0xffff, NULL);
	TEST_EQ(skb->queue_mapping, 3, "conv: queue_mapping write of NO_QUEUE_MAPPING ignored");
	conv_run(tc, prog, skb, BPF_WRITE, SKB_OFF(queue_mapping), BPF_W, 9, NULL);
	TEST_EQ(skb->queue_mapping, 9, "conv: queue_mapping write");
	conv_run(tc, prog, skb, BPF_WRITE, SKB_OFF(cb[4]), BPF_H, 0x7a7a, NULL);
	TEST_EQ(memcmp(((struct qdisc_skb_cb *)skb->cb)->data + 16, "zzST", 4), 0,
		"conv: cb[4] half-word write");
	conv_run(tc, prog, skb, BPF_WRITE, SKB_OFF(tstamp), BPF_DW, 42, NULL);
	TEST_EQ(skb->tstamp, 42, "conv: tstamp write");

	kfree_skb(skb);
	free(prog);
}

static void test_xdp_conversions(void)
{
	u8 frame[512];
	struct xdp_txq_info txq = { .dev = &loopback_dev };
	struct xdp_buff xdp = {};
	struct bpf_prog prog = dummy_prog;
	const struct bpf_verifier_ops *ops = &xdp_verifier_ops;

	xdp_init_buff(&xdp, sizeof(frame), __netif_get_rx_queue(&loopback_dev, 0));
	xdp_prepare_buff(&xdp, frame, 256, 100, true);
	xdp.data_meta = (char *)xdp.data - 8;

	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, data), BPF_W, 0, NULL),
		(uintptr_t)xdp.data, "conv xdp: data");
	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, data_end), BPF_W, 0,
			 NULL), (uintptr_t)xdp.data_end, "conv xdp: data_end");
	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, data_meta), BPF_W, 0,
			 NULL), (uintptr_t)xdp.data_meta, "conv xdp: data_meta");
	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, ingress_ifindex),
			 BPF_W, 0, NULL), 1, "conv xdp: ingress_ifindex of lo");
	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, rx_queue_index),
			 BPF_W, 0, NULL), 0, "conv xdp: rx_queue_index");
	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, egress_ifindex),
			 BPF_W, 0, NULL), 0, "conv xdp: egress_ifindex without txq is 0");
	xdp.txq = &txq;
	TEST_EQ(conv_run(ops, &prog, &xdp, BPF_READ, offsetof(struct xdp_md, egress_ifindex),
			 BPF_W, 0, NULL), 1, "conv xdp: egress_ifindex of the txq device");
}

/* ---------------------------------------------------------------- */
/* Part 3: helpers, called as a program would                        */
/* ---------------------------------------------------------------- */

static u64 call(const struct bpf_verifier_ops *ops, enum bpf_func_id id,
		u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const struct bpf_func_proto *fp = ops->get_func_proto(id, &dummy_prog);

	if (!fp)
		return 0xdead;
	return fp->func(r1, r2, r3, r4, r5);
}

#define TC(id, ...)	call(&tc_cls_act_verifier_ops, id, __VA_ARGS__)
#define XDP(id, ...)	call(&xdp_verifier_ops, id, __VA_ARGS__)
#define P(x)		((u64)(uintptr_t)(x))

static u16 ip_csum_of(const struct sk_buff *skb)
{
	return csum_fold(csum_partial(skb->data + ETH_HLEN, sizeof(struct iphdr), 0));
}

static void test_skb_helpers(void)
{
	struct sk_buff *skb, *rev;
	u8 buf[64], pkt2[128];
	u32 h1, h2;
	__be32 from[2], to[2];
	__be32 newaddr = htonl(0xc0a80001), oldaddr;

	build_pkt(test_pkt, 100, NULL, ETH_P_IP);
	skb = make_skb(test_pkt, 100, true);
	if (!TEST_OK(skb, "skb for the helper tests", "false"))
		return;

	memset(buf, 0xcc, sizeof(buf));
	TEST_EQ((s64)TC(BPF_FUNC_skb_load_bytes, P(skb), 90, P(buf), 10, 0), 0,
		"skb_load_bytes: the last 10 bytes");
	TEST_EQ((s64)TC(BPF_FUNC_skb_load_bytes, P(skb), 91, P(buf), 10, 0), -EFAULT,
		"skb_load_bytes: one past the end is -EFAULT");
	TEST_EQ(buf[0] | buf[9], 0, "skb_load_bytes: failure zeroes the buffer");
	TEST_EQ((s64)TC(BPF_FUNC_skb_load_bytes, P(skb), 0x80000000u, P(buf), 4, 0), -EFAULT,
		"skb_load_bytes: offset past INT_MAX is -EFAULT");
	TEST_EQ((s64)TC(BPF_FUNC_skb_load_bytes_relative, P(skb), 9, P(buf), 1,
			BPF_HDR_START_NET), 0, "load_bytes_relative NET");
	TEST_EQ(buf[0], IPPROTO_UDP, "load_bytes_relative NET reads the IP header");
	TEST_EQ((s64)TC(BPF_FUNC_skb_load_bytes_relative, P(skb), 12, P(buf), 2,
			BPF_HDR_START_MAC), 0, "load_bytes_relative MAC");
	TEST_EQ(buf[0] << 8 | buf[1], ETH_P_IP, "load_bytes_relative MAC reads the ethertype");
	TEST_EQ((s64)TC(BPF_FUNC_skb_load_bytes_relative, P(skb), 0, P(buf), 4, 7), -EFAULT,
		"load_bytes_relative: unknown start header is -EFAULT");

	TEST_EQ((s64)TC(BPF_FUNC_skb_store_bytes, P(skb), 98, P("xyz"), 3, 0), -EFAULT,
		"skb_store_bytes past the end is -EFAULT");
	TEST_EQ((s64)TC(BPF_FUNC_skb_store_bytes, P(skb), 0, P("xyz"), 3, 4), -EINVAL,
		"skb_store_bytes: unknown flag is -EINVAL");
	TEST_EQ((s64)TC(BPF_FUNC_skb_pull_data, P(skb), 101, 0, 0, 0), -ENOMEM,
		"skb_pull_data beyond the packet is -ENOMEM");
	TEST_EQ((s64)TC(BPF_FUNC_skb_pull_data, P(skb), 0, 0, 0, 0), 0,
		"skb_pull_data(0): the whole head");

	/* rewrite daddr and fix the IP checksum incrementally */
	memcpy(&oldaddr, skb->data + ETH_HLEN + 16, 4);
	TEST_EQ((s64)TC(BPF_FUNC_skb_store_bytes, P(skb), ETH_HLEN + 16, P(&newaddr), 4, 0),
		0, "skb_store_bytes of daddr");
	TEST_EQ((s64)TC(BPF_FUNC_l3_csum_replace, P(skb), ETH_HLEN + 10, oldaddr, newaddr, 4),
		0, "l3_csum_replace of a 4-byte field");
	TEST_EQ(ip_csum_of(skb), 0, "l3_csum_replace keeps the IP header checksum right");
	TEST_EQ((s64)TC(BPF_FUNC_l3_csum_replace, P(skb), ETH_HLEN + 11, 0, 0, 4), -EFAULT,
		"l3_csum_replace at an odd offset is -EFAULT");
	TEST_EQ((s64)TC(BPF_FUNC_l3_csum_replace, P(skb), ETH_HLEN + 10, 0, 0, 3), -EINVAL,
		"l3_csum_replace of a 3-byte field is -EINVAL");
	/* the UDP checksum is 0 ("none"): MARK_MANGLED_0 leaves it alone */
	TEST_EQ((s64)TC(BPF_FUNC_l4_csum_replace, P(skb), ETH_HLEN + 26, oldaddr, newaddr,
			4 | BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0), 0,
		"l4_csum_replace with MARK_MANGLED_0");
	TEST_EQ(skb->data[ETH_HLEN + 26] | skb->data[ETH_HLEN + 27], 0,
		"l4_csum_replace leaves a zero UDP checksum alone");

	/* csum_diff: the ones' complement difference of two words */
	memcpy(&from[0], "\x44\x33\x22\x11", 4);
	memcpy(&to[0], "\x88\x77\x66\x55", 4);
	TEST_EQ((u32)TC(BPF_FUNC_csum_diff, P(from), 4, P(to), 4, 0), 0x44444444,
		"csum_diff of two words");
	TEST_EQ((u32)TC(BPF_FUNC_csum_diff, 0, 0, P(to), 4, 0), 0x55667788,
		"csum_diff pushing a word");
	TEST_EQ((s64)TC(BPF_FUNC_csum_diff, P(from), 3, P(to), 4, 0), -EINVAL,
		"csum_diff of a size not a multiple of 4 is -EINVAL");

	/* hashes: stable, symmetric per flow, settable */
	build_pkt(pkt2, 100, NULL, ETH_P_IP);
	memcpy(pkt2 + ETH_HLEN + 12, test_pkt + ETH_HLEN + 16, 4);
	memcpy(pkt2 + ETH_HLEN + 16, test_pkt + ETH_HLEN + 12, 4);
	memcpy(pkt2 + ETH_HLEN + 20, "\x00\x50\x04\xd2", 4);
	rev = make_skb(pkt2, 100, true);
	memcpy(rev->data + ETH_HLEN + 12, &newaddr, 4);
	h1 = TC(BPF_FUNC_get_hash_recalc, P(skb), 0, 0, 0, 0);
	h2 = TC(BPF_FUNC_get_hash_recalc, P(rev), 0, 0, 0, 0);
	TEST_OK(h1 && h1 == h2 && skb->l4_hash,
		"get_hash_recalc: non-zero, same both ways, an L4 hash", "%x %x", h1, h2);
	TC(BPF_FUNC_set_hash, P(skb), 77, 0, 0, 0);
	TEST_EQ(TC(BPF_FUNC_get_hash_recalc, P(skb), 0, 0, 0, 0), 77,
		"set_hash: get_hash_recalc returns it");
	TC(BPF_FUNC_set_hash_invalid, P(skb), 0, 0, 0, 0);
	TEST_EQ(skb->hash, 0, "set_hash_invalid clears the hash");
	TEST_EQ(TC(BPF_FUNC_get_hash_recalc, P(skb), 0, 0, 0, 0), h1,
		"get_hash_recalc after invalidation recomputes");
	kfree_skb(rev);

	/* VLAN: the first tag goes to the accelerated slot, the second pushes it in */
	TEST_EQ((s64)TC(BPF_FUNC_skb_vlan_push, P(skb), htons(ETH_P_8021Q), 5, 0, 0), 0,
		"skb_vlan_push");
	TEST_OK(skb->vlan_present && skb->vlan_tci == 5 && skb->len == 100,
		"skb_vlan_push: accelerated tag, packet unchanged", "false");
	TEST_EQ((s64)TC(BPF_FUNC_skb_vlan_push, P(skb), htons(ETH_P_8021AD), 6, 0, 0), 0,
		"skb_vlan_push of a second tag");
	TEST_OK(skb->len == 104 && skb->data[12] == 0x81 && skb->data[13] == 0x00 &&
		skb->data[15] == 5 && skb->vlan_tci == 6 &&
		skb->protocol == htons(ETH_P_8021Q) && skb->data[16] == 0x08,
		"skb_vlan_push: the first tag is now in the packet", "false");
	TEST_EQ((u64)((struct bpf_skb_data_end *)skb->cb)->data_end,
		(u64)(uintptr_t)(skb->data + skb->len), "helpers refresh the cached data_end");
	TEST_EQ((s64)TC(BPF_FUNC_skb_vlan_pop, P(skb), 0, 0, 0, 0), 0, "skb_vlan_pop");
	TEST_OK(skb->len == 100 && skb->vlan_present && skb->vlan_tci == 5 &&
		skb->vlan_proto == htons(ETH_P_8021Q) && skb->protocol == htons(ETH_P_IP),
		"skb_vlan_pop: the inner tag moves up to the accelerated slot", "false");
	TC(BPF_FUNC_skb_vlan_pop, P(skb), 0, 0, 0, 0);
	TEST_EQ(skb->vlan_present, 0, "skb_vlan_pop of the last tag");

	/* sizes */
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_tail, P(skb), 13, 0, 0, 0), -EINVAL,
		"skb_change_tail below the network header is -EINVAL");
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_tail, P(skb), 200, 0, 0, 0), 0,
		"skb_change_tail grows");
	TEST_OK(skb->len == 200 && skb->data[150] == 0 && skb->data[199] == 0,
		"skb_change_tail: the new bytes are zero", "false");
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_tail, P(skb), 100, 1, 0, 0), -EINVAL,
		"skb_change_tail with flags is -EINVAL");
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_tail, P(skb), SKB_MAX_ALLOC + 1, 0, 0, 0), -EINVAL,
		"skb_change_tail past SKB_MAX_ALLOC is -EINVAL");
	TC(BPF_FUNC_skb_change_tail, P(skb), 100, 0, 0, 0);
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_head, P(skb), 100, 0, 0, 0), 0,
		"skb_change_head beyond the headroom reallocates");
	TEST_OK(skb->len == 200 && skb->data[0] == 0 && skb->data[99] == 0 &&
		skb->data[100 + 12] == 0x08 && skb_mac_header(skb) == skb->data,
		"skb_change_head: zeroes in front, MAC header reset", "false");
	kfree_skb(skb);

	skb = make_skb(test_pkt, 100, true);
	TEST_EQ((s64)TC(BPF_FUNC_skb_adjust_room, P(skb), 8, BPF_ADJ_ROOM_NET, 0, 0), 0,
		"skb_adjust_room +8 at the network layer");
	TEST_OK(skb->len == 108 && skb->data[ETH_HLEN] == 0x45 &&
		skb->data[ETH_HLEN + 20] == 0 && skb->data[ETH_HLEN + 28] == 0x04,
		"skb_adjust_room: zeroes after the IP header", "false");
	TEST_EQ((s64)TC(BPF_FUNC_skb_adjust_room, P(skb), -8, BPF_ADJ_ROOM_NET, 0, 0), 0,
		"skb_adjust_room -8 takes them out");
	TEST_EQ(memcmp(skb->data + ETH_HLEN + 20, test_pkt + ETH_HLEN + 20, 80), 0,
		"skb_adjust_room: the packet is back");
	TEST_EQ((s64)TC(BPF_FUNC_skb_adjust_room, P(skb), -80, BPF_ADJ_ROOM_NET, 0, 0),
		-ENOTSUPP, "skb_adjust_room shrinking under the L3 header is -ENOTSUPP");
	TEST_EQ((s64)TC(BPF_FUNC_skb_adjust_room, P(skb), 8, 5, 0, 0), -ENOTSUPP,
		"skb_adjust_room with an unknown mode is -ENOTSUPP");
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_proto, P(skb), htons(ETH_P_IPV6), 0, 0, 0), 0,
		"skb_change_proto 4 to 6");
	TEST_OK(skb->len == 120 && skb->protocol == htons(ETH_P_IPV6),
		"skb_change_proto: 20 more bytes of L3 header", "false");
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_proto, P(skb), htons(ETH_P_ARP), 0, 0, 0),
		-ENOTSUPP, "skb_change_proto to ARP is -ENOTSUPP");

	TEST_EQ((s64)TC(BPF_FUNC_skb_change_type, P(skb), PACKET_BROADCAST, 0, 0, 0), 0,
		"skb_change_type to broadcast");
	TEST_EQ((s64)TC(BPF_FUNC_skb_change_type, P(skb), PACKET_OUTGOING, 0, 0, 0), -EINVAL,
		"skb_change_type to outgoing is -EINVAL");
	TEST_EQ((s64)TC(BPF_FUNC_csum_level, P(skb), BPF_CSUM_LEVEL_QUERY, 0, 0, 0), -EACCES,
		"csum_level query without CHECKSUM_UNNECESSARY is -EACCES");
	TC(BPF_FUNC_csum_level, P(skb), BPF_CSUM_LEVEL_INC, 0, 0, 0);
	TC(BPF_FUNC_csum_level, P(skb), BPF_CSUM_LEVEL_INC, 0, 0, 0);
	TEST_EQ((s64)TC(BPF_FUNC_csum_level, P(skb), BPF_CSUM_LEVEL_QUERY, 0, 0, 0), 1,
		"csum_level: two increments make level 1");
	TEST_EQ((s64)TC(BPF_FUNC_csum_update, P(skb), 1, 0, 0, 0), -ENOTSUPP,
		"csum_update without CHECKSUM_COMPLETE is -ENOTSUPP");
	TEST_EQ((s64)TC(BPF_FUNC_skb_set_tstamp, P(skb), 0, BPF_SKB_TSTAMP_DELIVERY_MONO, 0, 0),
		-EINVAL, "skb_set_tstamp: a zero mono delivery time is -EINVAL");
	TEST_EQ((s64)TC(BPF_FUNC_skb_set_tstamp, P(skb), 5, BPF_SKB_TSTAMP_DELIVERY_MONO, 0, 0),
		0, "skb_set_tstamp mono");
	TEST_OK(skb->tstamp == 5 && skb->mono_delivery_time, "skb_set_tstamp sets both", "false");

	TEST_EQ(TC(BPF_FUNC_redirect, 1, BPF_F_INGRESS, 0, 0, 0), TC_ACT_REDIRECT,
		"redirect returns TC_ACT_REDIRECT");
	TEST_OK(bpf_this_redirect_info()->tgt_index == 1 &&
		bpf_this_redirect_info()->flags == BPF_F_INGRESS,
		"redirect leaves its target for the caller", "false");
	TEST_EQ(TC(BPF_FUNC_redirect, 1, 2, 0, 0, 0), TC_ACT_SHOT,
		"redirect with unknown flags is TC_ACT_SHOT");
	kfree_skb(skb);
}

static void test_ld_abs(void)
{
	struct sk_buff *sk_skb, *tc_skb;
	u8 tmp[4], *p;

	build_pkt(test_pkt, 100, NULL, ETH_P_IP);
	sk_skb = make_skb(test_pkt, 100, false);
	tc_skb = make_skb(test_pkt, 100, true);
	if (!TEST_OK(sk_skb && tc_skb, "skbs for LD_ABS", "false"))
		goto out;

	p = sk_filter_prog_ops.ld_abs_ptr(sk_skb, 9, 1, tmp);
	TEST_OK(p && *p == IPPROTO_UDP, "LD_ABS in a socket filter counts from L3", "false");
	p = tc_cls_act_prog_ops.ld_abs_ptr(tc_skb, 23, 1, tmp);
	TEST_OK(p && *p == IPPROTO_UDP, "LD_ABS in tc counts from L2", "false");
	p = tc_cls_act_prog_ops.ld_abs_ptr(tc_skb, -0x100000 + 9, 1, tmp);
	TEST_OK(p && *p == IPPROTO_UDP, "LD_ABS SKF_NET_OFF: from the network header", "false");
	p = sk_filter_prog_ops.ld_abs_ptr(sk_skb, -0x200000 + 12, 2, tmp);
	TEST_OK(p && p[0] == 0x08 && p[1] == 0x00,
		"LD_ABS SKF_LL_OFF: from the MAC header", "false");
	TEST_OK(!sk_filter_prog_ops.ld_abs_ptr(sk_skb, 84, 4, tmp),
		"LD_ABS past the end gives no pointer", "false");
	TEST_OK(sk_filter_prog_ops.ld_abs_ptr(sk_skb, 82, 4, tmp),
		"LD_ABS of the last 4 bytes", "false");
	TEST_OK(!sk_filter_prog_ops.ld_abs_ptr(sk_skb, -0x200001, 1, tmp),
		"LD_ABS below SKF_LL_OFF gives no pointer", "false");
	TEST_OK(!sk_filter_prog_ops.ld_abs_ptr(sk_skb, -0x1000, 1, tmp),
		"LD_ABS at SKF_AD_OFF gives no pointer", "false");
out:
	kfree_skb(sk_skb);
	kfree_skb(tc_skb);
}

static void test_xdp_helpers(void)
{
	u8 *frame = calloc(1, PAGE_SIZE);
	struct xdp_buff xdp = {};
	u8 buf[16];
	u8 *start;

	if (!TEST_OK(frame, "frame for the xdp helper tests", "false"))
		return;
	xdp_init_buff(&xdp, PAGE_SIZE, __netif_get_rx_queue(&loopback_dev, 0));
	xdp_prepare_buff(&xdp, frame, XDP_PACKET_HEADROOM, 100, true);
	start = xdp.data;

	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), -(XDP_PACKET_HEADROOM - 40) - 1,
			 0, 0, 0), -EINVAL, "xdp_adjust_head into the xdp_frame is -EINVAL");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), -(XDP_PACKET_HEADROOM - 40),
			 0, 0, 0), 0, "xdp_adjust_head to the end of the xdp_frame");
	TEST_EQ((u8 *)xdp.data - frame, 40, "xdp_adjust_head moved data");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), XDP_PACKET_HEADROOM - 40 + 87,
			 0, 0, 0), -EINVAL,
		"xdp_adjust_head leaving less than ETH_HLEN is -EINVAL");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), XDP_PACKET_HEADROOM - 40 + 86,
			 0, 0, 0), 0, "xdp_adjust_head leaving ETH_HLEN");
	TEST_EQ((u8 *)xdp.data_end - (u8 *)xdp.data, ETH_HLEN, "14 bytes left");
	XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), -86, 0, 0, 0);
	TEST_OK(xdp.data == start, "xdp_adjust_head back", "false");

	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_meta, P(&xdp), -3, 0, 0, 0), -EACCES,
		"xdp_adjust_meta of 3 bytes is -EACCES");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_meta, P(&xdp), -36, 0, 0, 0), -EACCES,
		"xdp_adjust_meta of 36 bytes is -EACCES");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_meta, P(&xdp), 4, 0, 0, 0), -EINVAL,
		"xdp_adjust_meta past data is -EINVAL");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_meta, P(&xdp), -32, 0, 0, 0), 0,
		"xdp_adjust_meta of 32 bytes");
	memset(xdp.data_meta, 0x5a, 32);
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), -(XDP_PACKET_HEADROOM - 40 - 32) - 1,
			 0, 0, 0), -EINVAL, "xdp_adjust_head counts the metadata in");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), -8, 0, 0, 0), 0,
		"xdp_adjust_head with metadata");
	TEST_OK((u8 *)xdp.data - (u8 *)xdp.data_meta == 32 && *(u8 *)xdp.data_meta == 0x5a,
		"xdp_adjust_head moves the metadata along", "false");
	XDP(BPF_FUNC_xdp_adjust_head, P(&xdp), 8, 0, 0, 0);
	XDP(BPF_FUNC_xdp_adjust_meta, P(&xdp), 32, 0, 0, 0);

	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_tail, P(&xdp), -87, 0, 0, 0), -EINVAL,
		"xdp_adjust_tail below ETH_HLEN is -EINVAL");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_tail, P(&xdp), -86, 0, 0, 0), 0,
		"xdp_adjust_tail down to ETH_HLEN");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_tail, P(&xdp), 3520 - 14 + 1, 0, 0, 0), -EINVAL,
		"xdp_adjust_tail into the shared info is -EINVAL");
	memset(xdp.data_end, 0xee, 8);
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_adjust_tail, P(&xdp), 3520 - 14, 0, 0, 0), 0,
		"xdp_adjust_tail up to the hard end");
	TEST_OK(((u8 *)xdp.data)[14] == 0 && ((u8 *)xdp.data)[21] == 0,
		"xdp_adjust_tail: grown bytes are zero", "false");
	TEST_EQ(XDP(BPF_FUNC_xdp_get_buff_len, P(&xdp), 0, 0, 0, 0), 3520,
		"xdp_get_buff_len");
	memcpy(xdp.data, "hello", 5);
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_load_bytes, P(&xdp), 0, P(buf), 5, 0), 0,
		"xdp_load_bytes");
	TEST_EQ(memcmp(buf, "hello", 5), 0, "xdp_load_bytes copies");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_load_bytes, P(&xdp), 3516, P(buf), 5, 0), -EINVAL,
		"xdp_load_bytes past the end is -EINVAL");
	TEST_EQ((s64)XDP(BPF_FUNC_xdp_store_bytes, P(&xdp), 0x10000, P(buf), 1, 0), -EFAULT,
		"xdp_store_bytes past 0xffff is -EFAULT");

	TEST_EQ(XDP(BPF_FUNC_redirect, 1, 0, 0, 0, 0), XDP_REDIRECT,
		"xdp redirect returns XDP_REDIRECT");
	TEST_EQ(bpf_this_redirect_info()->map_id, INT_MAX, "xdp redirect by ifindex");
	TEST_EQ(XDP(BPF_FUNC_redirect, 1, 1, 0, 0, 0), XDP_ABORTED,
		"xdp redirect with flags is XDP_ABORTED");
	free(frame);
}

/* ---------------------------------------------------------------- */
/* Part 4: BPF_PROG_TEST_RUN through bpf(2)                          */
/* ---------------------------------------------------------------- */

static int prog_load(enum bpf_prog_type type, const struct bpf_insn *insns,
		     u32 cnt, enum bpf_attach_type eat)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = P(insns);
	attr.insn_cnt = cnt;
	attr.license = P("GPL");
	attr.expected_attach_type = eat;
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

#define LOAD(type, ...)							\
	({ const struct bpf_insn __i[] = { __VA_ARGS__ };			\
	   prog_load(type, __i, ARRAY_SIZE(__i), 0); })

/* A program returning one context field, read with size code sz. */
static int load_field(enum bpf_prog_type type, int off, int sz)
{
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(sz, BPF_REG_0, BPF_REG_1, off),
		BPF_EXIT_INSN(),
	};

	return prog_load(type, insns, ARRAY_SIZE(insns), 0);
}

struct run {
	const void *data_in;
	u32 size_in;
	void *data_out;
	u32 size_out;
	void *ctx_in;
	u32 ctx_size_in;
	void *ctx_out;
	u32 ctx_size_out;
	u32 repeat, flags, cpu, batch;
	/* results */
	u32 retval, duration, data_size_out, ctx_size_out_res;
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
	attr.test.cpu = r->cpu;
	attr.test.batch_size = r->batch;
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	r->retval = attr.test.retval;
	r->duration = attr.test.duration;
	r->data_size_out = attr.test.data_size_out;
	r->ctx_size_out_res = attr.test.ctx_size_out;
	return ret;
}

/* retval of one run of fd on pkt (len bytes), ~0 when the run failed */
static u32 run_ret(int fd, const void *pkt, u32 len, void *ctx)
{
	struct run r = { .data_in = pkt, .size_in = len };

	if (ctx) {
		r.ctx_in = ctx;
		r.ctx_size_in = sizeof(struct __sk_buff);
	}
	return run(fd, &r) ? ~0U : r.retval;
}

/* An ifindex no machine has: lo is the only device here, not on a host. */
#define NO_SUCH_IFINDEX	0x7ffffff0

static u8 pkt[8192];
static u8 out[8192];

static void test_run_skb_fields(void)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const u8 other[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 2 };
	struct __sk_buff ctx;
	int sk_len, tc_len, fd;

	build_pkt(pkt, 64, NULL, ETH_P_IP);
	sk_len = load_field(BPF_PROG_TYPE_SOCKET_FILTER, SKB_OFF(len), BPF_W);
	tc_len = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(len), BPF_W);
	if (!TEST_OK(sk_len >= 0 && tc_len >= 0, "load len readers", "errno %d", errno))
		return;
	TEST_EQ(run_ret(sk_len, pkt, 64, NULL), 50,
		"run: a socket filter's skb starts at the network header");
	TEST_EQ(run_ret(tc_len, pkt, 64, NULL), 64, "run: a tc skb starts at the MAC header");
	close(sk_len);
	close(tc_len);

	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(protocol), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), htons(ETH_P_IP), "run: protocol from the ethertype");
	close(fd);
	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(protocol), BPF_B);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 0x08, "run: narrow byte load of protocol");
	close(fd);
	build_pkt(pkt, 300, NULL, ETH_P_IP);
	fd = load_field(BPF_PROG_TYPE_SOCKET_FILTER, SKB_OFF(len) + 1, BPF_B);
	TEST_EQ(run_ret(fd, pkt, 300, NULL), 286 >> 8, "run: narrow load of len's second byte");
	close(fd);
	fd = load_field(BPF_PROG_TYPE_SOCKET_FILTER, SKB_OFF(len), BPF_H);
	TEST_EQ(run_ret(fd, pkt, 300, NULL), 286, "run: half-word load of len");
	close(fd);

	fd = load_field(BPF_PROG_TYPE_SOCKET_FILTER, SKB_OFF(pkt_type), BPF_W);
	build_pkt(pkt, 64, NULL, ETH_P_IP);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), PACKET_HOST, "run: lo's own (zero) MAC is PACKET_HOST");
	build_pkt(pkt, 64, bcast, ETH_P_IP);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), PACKET_MULTICAST,
		"run: ff:ff:.. is multicast on lo (no broadcast address)");
	build_pkt(pkt, 64, other, ETH_P_IP);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), PACKET_OTHERHOST,
		"run: another MAC is PACKET_OTHERHOST");
	close(fd);
	build_pkt(pkt, 64, NULL, ETH_P_IP);

	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(ifindex), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 1, "run: ifindex is lo's");
	close(fd);

	memset(&ctx, 0, sizeof(ctx));
	ctx.ingress_ifindex = 7;
	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(ingress_ifindex), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 7, "run: ingress_ifindex from ctx_in");
	close(fd);
	ctx.priority = 3;
	fd = load_field(BPF_PROG_TYPE_SOCKET_FILTER, SKB_OFF(priority), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 3, "run: priority from ctx_in");
	close(fd);
	ctx.cb[3] = 0xc0ffee;
	fd = load_field(BPF_PROG_TYPE_SOCKET_FILTER, SKB_OFF(cb[3]), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 0xc0ffee, "run: cb[3] from ctx_in");
	close(fd);
	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(wire_len), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 64, "run: wire_len defaults to len");
	ctx.wire_len = 100;
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 100, "run: wire_len from ctx_in");
	close(fd);
	ctx.wire_len = 0;
	ctx.gso_segs = 8;
	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(gso_segs), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 8, "run: gso_segs from ctx_in");
	close(fd);
	ctx.hwtstamp = 0x123456789ULL;
	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(hwtstamp), BPF_DW);
	TEST_EQ(run_ret(fd, pkt, 64, &ctx), 0x23456789, "run: hwtstamp from ctx_in (low word)");
	close(fd);
	fd = load_field(BPF_PROG_TYPE_SCHED_CLS, SKB_OFF(napi_id), BPF_W);
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 0, "run: napi_id is 0");
	close(fd);

	/* direct packet access in tc, with the bounds check a verifier wants */
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(data)),
		  BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SKB_OFF(data_end)),
		  BPF_MOV64_REG(BPF_REG_4, BPF_REG_2),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_4, 14),
		  BPF_JMP_REG(BPF_JGT, BPF_REG_4, BPF_REG_3, 2),
		  BPF_LDX_MEM(BPF_B, BPF_REG_0, BPF_REG_2, 12),
		  BPF_EXIT_INSN(),
		  BPF_MOV64_IMM(BPF_REG_0, 0xff),
		  BPF_EXIT_INSN());
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 0x08, "run: tc reads the ethertype through data");
	close(fd);
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(data)),
		  BPF_LDX_MEM(BPF_W, BPF_REG_3, BPF_REG_1, SKB_OFF(data_end)),
		  BPF_MOV64_REG(BPF_REG_0, BPF_REG_3),
		  BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_2),
		  BPF_EXIT_INSN());
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 64, "run: tc data_end - data is the length");
	close(fd);

	/* writes, seen in ctx_out */
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(mark)),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 5),
		  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(mark)),
		  BPF_MOV64_IMM(BPF_REG_2, 0x12345),
		  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(tc_classid)),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, SKB_OFF(tc_classid)),
		  BPF_EXIT_INSN());
	{
		struct __sk_buff in = { .mark = 10 }, o;
		struct run r = { .data_in = pkt, .size_in = 64, .ctx_in = &in,
				 .ctx_size_in = sizeof(in), .ctx_out = &o,
				 .ctx_size_out = sizeof(o) };

		memset(&o, 0xff, sizeof(o));
		TEST_EQ(run(fd, &r), 0, "run: tc program writing mark and tc_classid");
		TEST_EQ(o.mark, 15, "run: ctx_out has the written mark");
		TEST_EQ(r.retval, 0x2345, "run: tc_classid is 16 bits wide");
		TEST_OK(o.ifindex == 1 && o.len == 0 && o.ingress_ifindex == 0 && o.wire_len == 64,
			"run: ctx_out fills ifindex and wire_len only (besides what came in)",
			"ifindex %u len %u wire_len %u", o.ifindex, o.len, o.wire_len);
		TEST_EQ(r.ctx_size_out_res, sizeof(struct __sk_buff), "run: ctx_size_out");
	}
	close(fd);

	/* the same skb for every repetition: cb[] counts the runs */
	fd = LOAD(BPF_PROG_TYPE_SOCKET_FILTER,
		  BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, SKB_OFF(cb[0])),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_2, 1),
		  BPF_STX_MEM(BPF_W, BPF_REG_1, BPF_REG_2, SKB_OFF(cb[0])),
		  BPF_MOV64_IMM(BPF_REG_0, 1),
		  BPF_EXIT_INSN());
	{
		struct __sk_buff o;
		struct run r = { .data_in = pkt, .size_in = 64, .ctx_out = &o,
				 .ctx_size_out = sizeof(o), .repeat = 1000 };

		TEST_EQ(run(fd, &r), 0, "run: repeat 1000");
		TEST_EQ(o.cb[0], 1000, "run: repeat runs the program on one skb 1000 times");
		TEST_OK(r.duration > 0 && r.duration < 10000000,
			"run: duration is a per-run average in ns", "%u", r.duration);
		r.repeat = 0;
		TEST_EQ(run(fd, &r), 0, "run: repeat 0");
		TEST_EQ(o.cb[0], 1, "run: repeat 0 runs once");
	}
	close(fd);
}

static void test_run_skb_errors(void)
{
	struct __sk_buff ctx;
	struct run r;
	u8 big[sizeof(struct __sk_buff) + 8];
	int fd, sk;

	build_pkt(pkt, 64, NULL, ETH_P_IP);
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS, BPF_MOV64_IMM(BPF_REG_0, 2), BPF_EXIT_INSN());
	sk = LOAD(BPF_PROG_TYPE_SOCKET_FILTER, BPF_MOV64_IMM(BPF_REG_0, -1), BPF_EXIT_INSN());
	if (!TEST_OK(fd >= 0 && sk >= 0, "load trivial programs", "errno %d", errno))
		return;

	r = (struct run){ .data_in = pkt, .size_in = ETH_HLEN - 1 };
	TEST_ERRNO(run(fd, &r), EINVAL, "run: less than an Ethernet header is EINVAL");
	r = (struct run){ .data_in = pkt, .size_in = ETH_HLEN };
	r.data_in = pkt;
	build_pkt(pkt, ETH_HLEN, NULL, 0x88b5);
	TEST_EQ(run(fd, &r), 0, "run: a bare Ethernet header of an unknown type");
	build_pkt(pkt, ETH_HLEN + 19, NULL, ETH_P_IP);
	r.size_in = ETH_HLEN + 19;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: IPv4 shorter than its header is EINVAL");
	build_pkt(pkt, ETH_HLEN + 39, NULL, ETH_P_IPV6);
	r.size_in = ETH_HLEN + 39;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: IPv6 shorter than its header is EINVAL");
	build_pkt(pkt, 4096, NULL, 0x88b5);
	r.size_in = PAGE_SIZE - NET_SKB_PAD - SKB_SHINFO_SIZE;
	TEST_EQ(run(fd, &r), 0, "run: 3712 bytes fit a page with headroom and shared info");
	r.size_in++;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: 3713 bytes is EINVAL");
	r = (struct run){ .data_in = NULL, .size_in = 64 };
	TEST_ERRNO(run(fd, &r), EFAULT, "run: no data_in is EFAULT");

	build_pkt(pkt, 64, NULL, ETH_P_IP);
	r = (struct run){ .data_in = pkt, .size_in = 64, .flags = BPF_F_TEST_RUN_ON_CPU };
	TEST_ERRNO(run(fd, &r), EINVAL, "run: skb with BPF_F_TEST_RUN_ON_CPU is EINVAL");
	r = (struct run){ .data_in = pkt, .size_in = 64, .cpu = 1 };
	TEST_ERRNO(run(fd, &r), EINVAL, "run: skb with a cpu is EINVAL");
	r = (struct run){ .data_in = pkt, .size_in = 64, .batch = 1 };
	TEST_ERRNO(run(fd, &r), EINVAL, "run: skb with a batch_size is EINVAL");

	memset(&ctx, 0, sizeof(ctx));
	r = (struct run){ .data_in = pkt, .size_in = 64, .ctx_in = &ctx,
			  .ctx_size_in = sizeof(ctx) };
	ctx.len = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: ctx_in with len set is EINVAL");
	ctx.len = 0;
	ctx.tc_index = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: ctx_in with tc_index set is EINVAL");
	ctx.tc_index = 0;
	ctx.data = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: ctx_in with data set is EINVAL");
	ctx.data = 0;
	ctx.tstamp_type = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: ctx_in with tstamp_type set is EINVAL");
	ctx.tstamp_type = 0;
	ctx.mark = ctx.priority = ctx.cb[4] = ctx.gso_size = 1;
	ctx.tstamp = ctx.hwtstamp = 1;
	ctx.ingress_ifindex = 5;
	TEST_EQ(run(fd, &r), 0, "run: ctx_in with the settable fields");
	ctx.ifindex = NO_SUCH_IFINDEX;
	TEST_ERRNO(run(fd, &r), ENODEV, "run: ctx_in ifindex of no device is ENODEV");
	ctx.ifindex = 1;
	TEST_EQ(run(fd, &r), 0, "run: ctx_in ifindex of lo");
	ctx.wire_len = 63;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: wire_len below len is EINVAL");
	ctx.wire_len = 65537;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: wire_len above 64K is EINVAL");
	ctx.wire_len = 0;
	ctx.gso_segs = 65536;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: gso_segs above GSO_MAX_SEGS is EINVAL");
	ctx.gso_segs = 0;

	memset(big, 0, sizeof(big));
	r.ctx_in = big;
	r.ctx_size_in = sizeof(big);
	TEST_EQ(run(fd, &r), 0, "run: a longer ctx_in with a zero tail");
	big[sizeof(big) - 1] = 1;
	TEST_ERRNO(run(fd, &r), E2BIG, "run: a longer ctx_in with a non-zero tail is E2BIG");
	r.ctx_size_in = 4;
	memset(big, 0, sizeof(big));
	TEST_EQ(run(fd, &r), 0, "run: a shorter ctx_in");
	r.ctx_size_in = 0;
	TEST_ERRNO(run(fd, &r), EINVAL, "run: ctx_in without ctx_size_in is EINVAL");

	/* output */
	memset(out, 0xaa, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 10 };
	TEST_ERRNO(run(fd, &r), ENOSPC, "run: a short data_out is ENOSPC");
	TEST_EQ(r.data_size_out, 64, "run: ENOSPC still reports the full size");
	TEST_EQ(r.retval, 2, "run: ENOSPC still reports retval");
	TEST_OK(!memcmp(out, pkt, 10) && out[10] == 0xaa,
		"run: ENOSPC copies what fits and no more", "false");
	memset(out, 0xaa, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out };
	TEST_EQ(run(fd, &r), 0, "run: data_out without a size gets it all");
	TEST_OK(r.data_size_out == 64 && !memcmp(out, pkt, 64) && out[64] == 0xaa,
		"run: tc data_out is the packet", "false");
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 64 };
	TEST_EQ(run(sk, &r), 0, "run: socket filter with data_out");
	TEST_OK(r.retval == 0xffffffff && r.data_size_out == 64 &&
		!memcmp(out, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0", ETH_HLEN) &&
		!memcmp(out + ETH_HLEN, pkt + ETH_HLEN, 50),
		"run: a socket filter's output has a zeroed MAC header", "false");
	{
		struct __sk_buff o;

		r = (struct run){ .data_in = pkt, .size_in = 64, .ctx_out = &o, .ctx_size_out = 4 };
		TEST_ERRNO(run(fd, &r), ENOSPC, "run: a short ctx_out is ENOSPC");
		TEST_EQ(r.ctx_size_out_res, sizeof(struct __sk_buff),
			"run: ctx_size_out is the full size");
	}
	close(fd);
	close(sk);
}

static void test_run_skb_csum_complete(void)
{
	struct bpf_insn prog[] = {
		BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		BPF_ST_MEM(BPF_H, BPF_REG_10, -8, 0x3412),
		BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		BPF_MOV64_IMM(BPF_REG_2, 40),
		BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		BPF_MOV64_IMM(BPF_REG_4, 2),
		BPF_MOV64_IMM(BPF_REG_5, 0),	/* patched: flags */
		BPF_EMIT_CALL(BPF_FUNC_skb_store_bytes),
		BPF_EXIT_INSN(),
	};
	struct run r;
	int fd;

	build_pkt(pkt, 64, NULL, ETH_P_IP);
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS, BPF_MOV64_IMM(BPF_REG_0, 0), BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64,
			  .flags = BPF_F_TEST_SKB_CHECKSUM_COMPLETE };
	TEST_EQ(run(fd, &r), 0, "run: CHECKSUM_COMPLETE, packet untouched");
	close(fd);

	fd = prog_load(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), 0);
	TEST_ERRNO(run(fd, &r), EBADMSG,
		   "run: CHECKSUM_COMPLETE, a store without csum update is EBADMSG");
	close(fd);
	prog[7] = BPF_MOV64_IMM(BPF_REG_5, BPF_F_RECOMPUTE_CSUM);
	fd = prog_load(BPF_PROG_TYPE_SCHED_CLS, prog, ARRAY_SIZE(prog), 0);
	TEST_EQ(run(fd, &r), 0, "run: CHECKSUM_COMPLETE, a store with BPF_F_RECOMPUTE_CSUM");
	TEST_EQ(r.retval, 0, "run: the store succeeded");
	close(fd);
}

static void test_run_ld_abs(void)
{
	int fd;

	build_pkt(pkt, 64, NULL, ETH_P_IP);
	fd = LOAD(BPF_PROG_TYPE_SOCKET_FILTER,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_LD_ABS(BPF_B, 9),
		  BPF_EXIT_INSN());
	TEST_EQ(run_ret(fd, pkt, 64, NULL), IPPROTO_UDP, "run: LD_ABS B in a socket filter");
	close(fd);
	fd = LOAD(BPF_PROG_TYPE_SOCKET_FILTER,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_LD_ABS(BPF_H, -0x200000 + 12),
		  BPF_EXIT_INSN());
	TEST_EQ(run_ret(fd, pkt, 64, NULL), ETH_P_IP, "run: LD_ABS H at SKF_LL_OFF + 12");
	close(fd);
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_MOV64_IMM(BPF_REG_7, 12),
		  BPF_LD_IND(BPF_W, BPF_REG_7, ETH_HLEN),
		  BPF_EXIT_INSN());
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 0x0a000001, "run: LD_IND W of the source address");
	close(fd);
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_MOV64_IMM(BPF_REG_0, 7),
		  BPF_LD_ABS(BPF_W, 61),
		  BPF_MOV64_IMM(BPF_REG_0, 7),
		  BPF_EXIT_INSN());
	TEST_EQ(run_ret(fd, pkt, 64, NULL), 0,
		"run: LD_ABS past the end makes the program return 0");
	close(fd);
}

static int load_xdp_ret(int eat, const struct bpf_insn *insns, u32 cnt)
{
	return prog_load(BPF_PROG_TYPE_XDP, insns, cnt, eat);
}

/* An XDP program calling helper id(ctx, arg) and returning its result. */
static int load_xdp_call(enum bpf_func_id id, s32 arg)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_2, arg),
		BPF_EMIT_CALL(id),
		BPF_EXIT_INSN(),
	};

	return load_xdp_ret(0, insns, ARRAY_SIZE(insns));
}

static void test_run_xdp(void)
{
	const struct bpf_insn len_prog[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct xdp_md, data_end)),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	};
	const struct bpf_insn meta_prog[] = {
		BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, BPF_REG_2, BPF_REG_1, offsetof(struct xdp_md, data_meta)),
		BPF_ALU64_REG(BPF_SUB, BPF_REG_0, BPF_REG_2),
		BPF_EXIT_INSN(),
	};
	struct xdp_md ctx, octx;
	struct run r;
	u32 i;
	int fd, fd_meta, fd_len, fd_if;

	for (i = 0; i < sizeof(pkt); i++)
		pkt[i] = (u8)(i * 13 + 1);
	fd = load_xdp_ret(0, len_prog, ARRAY_SIZE(len_prog));
	fd_meta = load_xdp_ret(0, meta_prog, ARRAY_SIZE(meta_prog));
	fd_len = load_xdp_call(BPF_FUNC_xdp_get_buff_len, 0);
	if (!TEST_OK(fd >= 0 && fd_meta >= 0 && fd_len >= 0, "load xdp programs",
		     "errno %d", errno))
		return;

	r = (struct run){ .data_in = pkt, .size_in = 13 };
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: less than ETH_HLEN is EINVAL");
	r = (struct run){ .data_in = pkt, .size_in = 100, .data_out = out, .size_out = 100 };
	TEST_EQ(run(fd, &r), 0, "xdp run: 100 bytes");
	TEST_OK(r.retval == 100 && r.data_size_out == 100 && !memcmp(out, pkt, 100),
		"xdp run: data_end - data and data_out", "false");
	r = (struct run){ .data_in = pkt, .size_in = 3520 };
	TEST_EQ(run(fd, &r), 0, "xdp run: 3520 bytes");
	TEST_EQ(r.retval, 3520, "xdp run: 3520 bytes are linear");

	memset(out, 0, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 8000, .data_out = out,
			  .size_out = sizeof(out) };
	TEST_EQ(run(fd, &r), 0, "xdp run: 8000 bytes");
	TEST_EQ(r.retval, 3520, "xdp run: the linear part is 3520 bytes");
	TEST_OK(r.data_size_out == 8000 && !memcmp(out, pkt, 8000),
		"xdp run: data_out gathers the fragments", "false");
	r = (struct run){ .data_in = pkt, .size_in = 8000 };
	TEST_EQ(run(fd_len, &r), 0, "xdp run: xdp_get_buff_len with fragments");
	TEST_EQ(r.retval, 8000, "xdp run: xdp_get_buff_len counts the fragments");
	r = (struct run){ .data_in = pkt, .size_in = 8000, .data_out = out, .size_out = 100 };
	TEST_ERRNO(run(fd, &r), ENOSPC,
		   "xdp run: data_out shorter than the fragments is ENOSPC");
	TEST_EQ(r.data_size_out, 100, "xdp run: ... before data_size_out is written");

	memset(&ctx, 0, sizeof(ctx));
	r = (struct run){ .data_in = pkt, .size_in = 100, .ctx_in = &ctx,
			  .ctx_size_in = sizeof(ctx), .ctx_out = &octx,
			  .ctx_size_out = sizeof(octx) };
	ctx.data_end = 100;
	ctx.data = 4;
	TEST_EQ(run(fd_meta, &r), 0, "xdp run: 4 bytes of metadata from ctx_in");
	TEST_EQ(r.retval, 4, "xdp run: data - data_meta is the metadata");
	TEST_OK(octx.data == 4 && octx.data_end == 100 && octx.data_meta == 0,
		"xdp run: ctx_out offsets", "false");
	TEST_EQ(run(fd, &r), 0, "xdp run: metadata is not packet");
	TEST_EQ(r.retval, 96, "xdp run: data_end - data leaves the metadata out");
	ctx.data = 3;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: 3 bytes of metadata is EINVAL");
	ctx.data = 36;
	/* 6.1's limit; later kernels allow more metadata */
	if (!on_host)
		TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: 36 bytes of metadata is EINVAL");
	ctx.data = 0;
	ctx.data_meta = 4;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: ctx_in data_meta set is EINVAL");
	ctx.data_meta = 0;
	ctx.data_end = 101;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: data_end past data_size_in is EINVAL");
	ctx.data_end = 50;
	ctx.data = 52;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: data past data_end is EINVAL");
	ctx.data = 0;
	TEST_EQ(run(fd, &r), 0, "xdp run: data_end shorter than the input");
	TEST_EQ(r.retval, 50, "xdp run: ... makes the rest fragments");
	ctx.data_end = 100;
	ctx.egress_ifindex = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: egress_ifindex is EINVAL");
	ctx.egress_ifindex = 0;
	ctx.rx_queue_index = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: rx_queue_index without a device is EINVAL");
	ctx.ingress_ifindex = 1;
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: lo has one rx queue");
	ctx.rx_queue_index = 0;
	ctx.ingress_ifindex = NO_SUCH_IFINDEX;
	TEST_ERRNO(run(fd, &r), ENODEV, "xdp run: ingress_ifindex of no device is ENODEV");
	ctx.ingress_ifindex = 1;
	fd_if = LOAD(BPF_PROG_TYPE_XDP,
		     BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1,
				 offsetof(struct xdp_md, ingress_ifindex)),
		     BPF_EXIT_INSN());
	TEST_EQ(run(fd_if, &r), 0, "xdp run: ingress_ifindex of lo");
	TEST_EQ(r.retval, 1, "xdp run: the program sees ifindex 1");
	close(fd_if);

	r = (struct run){ .data_in = pkt, .size_in = 100, .flags = 4 };
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: unknown flag is EINVAL");
	r = (struct run){ .data_in = pkt, .size_in = 100, .batch = 4 };
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: batch_size without live frames is EINVAL");
	r = (struct run){ .data_in = pkt, .size_in = 100, .batch = 257,
			  .flags = BPF_F_TEST_XDP_LIVE_FRAMES };
	TEST_ERRNO(run(fd, &r), E2BIG, "xdp run: live batch_size above 256 is E2BIG");
	r = (struct run){ .data_in = pkt, .size_in = 100, .repeat = 10,
			  .flags = BPF_F_TEST_XDP_LIVE_FRAMES };
	TEST_EQ(run(fd, &r), 0, "xdp run: live frames");
	TEST_EQ(r.retval, 0, "xdp run: live frames report no retval");
	r = (struct run){ .data_in = pkt, .size_in = 5000,
			  .flags = BPF_F_TEST_XDP_LIVE_FRAMES };
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: no live jumbo frames");
	memset(&ctx, 0, sizeof(ctx));
	ctx.data_end = 100;
	r = (struct run){ .data_in = pkt, .size_in = 100, .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
			  .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .data_out = out,
			  .size_out = 100 };
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: live frames with ctx and data_out is EINVAL");
	{
		u32 jumbo = 3520 + MAX_SKB_FRAGS * 4096;
		u8 *big = calloc(1, jumbo + 1);

		r = (struct run){ .data_in = big, .size_in = jumbo, .data_out = big,
				  .size_out = jumbo };
		TEST_EQ(run(fd, &r), 0, "xdp run: 17 fragments");
		TEST_EQ(r.data_size_out, jumbo, "xdp run: 17 fragments out");
		r = (struct run){ .data_in = big, .size_in = jumbo + 1 };
		TEST_ERRNO(run(fd, &r), ENOMEM, "xdp run: more than 17 fragments is ENOMEM");
		free(big);
	}
	close(fd);
	close(fd_meta);
	close(fd_len);

	fd = load_xdp_ret(BPF_XDP_DEVMAP, len_prog, ARRAY_SIZE(len_prog));
	r = (struct run){ .data_in = pkt, .size_in = 100 };
	TEST_ERRNO(run(fd, &r), EINVAL, "xdp run: a devmap program is EINVAL");
	close(fd);
}

/* Helpers inside real runs: the packet that comes out is what they did. */
static void test_run_helpers(void)
{
	struct run r;
	struct iphdr iph;
	u32 i;
	int fd;

	build_pkt(pkt, 64, NULL, ETH_P_IP);
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_MOV64_IMM(BPF_REG_2, 0x0081),	/* htons(ETH_P_8021Q) */
		  BPF_MOV64_IMM(BPF_REG_3, 5),
		  BPF_EMIT_CALL(BPF_FUNC_skb_vlan_push),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		  BPF_MOV64_IMM(BPF_REG_2, 0xa888),	/* htons(ETH_P_8021AD) */
		  BPF_MOV64_IMM(BPF_REG_3, 6),
		  BPF_EMIT_CALL(BPF_FUNC_skb_vlan_push),
		  BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_6, SKB_OFF(vlan_tci)),
		  BPF_EXIT_INSN());
	memset(out, 0, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 128 };
	TEST_EQ(run(fd, &r), 0, "run helpers: two vlan pushes");
	TEST_OK(r.retval == 6 && r.data_size_out == 68 &&
		!memcmp(out + 12, "\x81\x00\x00\x05\x08\x00", 6) &&
		!memcmp(out + 18, pkt + 14, 50),
		"run helpers: the first tag went into the packet", "retval %u size %u",
		r.retval, r.data_size_out);
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_IMM(BPF_REG_2, 200),
		  BPF_MOV64_IMM(BPF_REG_3, 0),
		  BPF_EMIT_CALL(BPF_FUNC_skb_change_tail),
		  BPF_EXIT_INSN());
	memset(out, 0xaa, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 256 };
	TEST_EQ(run(fd, &r), 0, "run helpers: skb_change_tail to 200");
	TEST_OK(r.retval == 0 && r.data_size_out == 200 && !memcmp(out, pkt, 64) &&
		out[64] == 0 && out[199] == 0 && out[200] == 0xaa,
		"run helpers: 136 zero bytes appended", "false");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_IMM(BPF_REG_2, 100),
		  BPF_MOV64_IMM(BPF_REG_3, 0),
		  BPF_EMIT_CALL(BPF_FUNC_skb_change_head),
		  BPF_EXIT_INSN());
	memset(out, 0xaa, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 256 };
	TEST_EQ(run(fd, &r), 0, "run helpers: skb_change_head by 100");
	TEST_OK(r.retval == 0 && r.data_size_out == 164 && out[0] == 0 && out[99] == 0 &&
		!memcmp(out + 100, pkt, 64),
		"run helpers: 100 zero bytes in front", "false");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_IMM(BPF_REG_2, 8),
		  BPF_MOV64_IMM(BPF_REG_3, BPF_ADJ_ROOM_NET),
		  BPF_MOV64_IMM(BPF_REG_4, 0),
		  BPF_EMIT_CALL(BPF_FUNC_skb_adjust_room),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 256 };
	TEST_EQ(run(fd, &r), 0, "run helpers: skb_adjust_room +8 at L3");
	TEST_OK(r.retval == 0 && r.data_size_out == 72 && !memcmp(out, pkt, 34) &&
		!memcmp(out + 34, "\0\0\0\0\0\0\0\0", 8) && !memcmp(out + 42, pkt + 34, 30),
		"run helpers: 8 zero bytes behind the IP header", "false");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_IMM(BPF_REG_2, 0xdd86),	/* htons(ETH_P_IPV6) */
		  BPF_MOV64_IMM(BPF_REG_3, 0),
		  BPF_EMIT_CALL(BPF_FUNC_skb_change_proto),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 256 };
	TEST_EQ(run(fd, &r), 0, "run helpers: skb_change_proto 4 to 6");
	TEST_OK(r.retval == 0 && r.data_size_out == 84 && !memcmp(out + 34, pkt + 14, 50),
		"run helpers: 20 bytes of room after the MAC header", "false");
	close(fd);

	/* daddr := 192.168.0.1, then the incremental IP checksum fix */
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0x0100a8c0),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		  BPF_MOV64_IMM(BPF_REG_2, ETH_HLEN + 16),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -4),
		  BPF_MOV64_IMM(BPF_REG_4, 4),
		  BPF_MOV64_IMM(BPF_REG_5, 0),
		  BPF_EMIT_CALL(BPF_FUNC_skb_store_bytes),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		  BPF_MOV64_IMM(BPF_REG_2, ETH_HLEN + 10),
		  BPF_MOV64_IMM(BPF_REG_3, 0x0200000a),
		  BPF_MOV64_IMM(BPF_REG_4, 0x0100a8c0),
		  BPF_MOV64_IMM(BPF_REG_5, 4),
		  BPF_EMIT_CALL(BPF_FUNC_l3_csum_replace),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64, .data_out = out, .size_out = 256 };
	TEST_EQ(run(fd, &r), 0, "run helpers: store daddr and l3_csum_replace");
	memcpy(&iph, out + ETH_HLEN, sizeof(iph));
	TEST_OK(r.retval == 0 && iph.daddr == htonl(0xc0a80001) &&
		csum_fold(csum_partial(&iph, sizeof(iph), 0)) == 0,
		"run helpers: the IP header checksum is right after the rewrite", "false");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_EMIT_CALL(BPF_FUNC_get_hash_recalc),
		  BPF_MOV64_REG(BPF_REG_7, BPF_REG_0),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		  BPF_MOV64_IMM(BPF_REG_2, 77),
		  BPF_EMIT_CALL(BPF_FUNC_set_hash),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		  BPF_EMIT_CALL(BPF_FUNC_get_hash_recalc),
		  BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 77, 2),
		  BPF_MOV64_REG(BPF_REG_0, BPF_REG_7),
		  BPF_EXIT_INSN(),
		  BPF_MOV64_IMM(BPF_REG_0, 0),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64 };
	TEST_EQ(run(fd, &r), 0, "run helpers: hashes");
	TEST_OK(r.retval != 0, "run helpers: a flow hash, then the set one", "false");
	close(fd);

	/* csum_diff of two words on the stack: x86's csum_partial result */
	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0x11223344),
		  BPF_ST_MEM(BPF_W, BPF_REG_10, -4, 0x55667788),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_1, -8),
		  BPF_MOV64_IMM(BPF_REG_2, 4),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -4),
		  BPF_MOV64_IMM(BPF_REG_4, 4),
		  BPF_MOV64_IMM(BPF_REG_5, 0x10000),
		  BPF_EMIT_CALL(BPF_FUNC_csum_diff),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64 };
	TEST_EQ(run(fd, &r), 0, "run helpers: csum_diff");
	/* 6.1 returns csum_partial() unfolded; kernels from 6.12 fold it */
	if (!on_host)
		TEST_EQ(r.retval, 0x44454444, "run helpers: csum_diff with a seed");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SCHED_CLS,
		  BPF_MOV64_IMM(BPF_REG_2, 61),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		  BPF_MOV64_IMM(BPF_REG_4, 4),
		  BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64 };
	TEST_EQ(run(fd, &r), 0, "run helpers: skb_load_bytes past the end");
	TEST_EQ((s32)r.retval, -EFAULT, "run helpers: ... is -EFAULT");
	close(fd);

	fd = LOAD(BPF_PROG_TYPE_SOCKET_FILTER,
		  BPF_MOV64_IMM(BPF_REG_2, 12),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		  BPF_MOV64_IMM(BPF_REG_4, 2),
		  BPF_MOV64_IMM(BPF_REG_5, BPF_HDR_START_MAC),
		  BPF_EMIT_CALL(BPF_FUNC_skb_load_bytes_relative),
		  BPF_LDX_MEM(BPF_H, BPF_REG_0, BPF_REG_10, -8),
		  BPF_EXIT_INSN());
	r = (struct run){ .data_in = pkt, .size_in = 64 };
	TEST_EQ(run(fd, &r), 0, "run helpers: socket filter load_bytes_relative(MAC)");
	TEST_EQ(r.retval, 0x0008, "run helpers: the MAC header is there before data");
	close(fd);

	/* 8 bytes across the end of the linear part and the first fragment */
	for (i = 0; i < 5000; i++)
		pkt[i] = (u8)(i * 13 + 1);
	fd = LOAD(BPF_PROG_TYPE_XDP,
		  BPF_MOV64_REG(BPF_REG_6, BPF_REG_1),
		  BPF_MOV64_IMM(BPF_REG_2, 3518),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		  BPF_MOV64_IMM(BPF_REG_4, 8),
		  BPF_EMIT_CALL(BPF_FUNC_xdp_load_bytes),
		  BPF_JMP_IMM(BPF_JNE, BPF_REG_0, 0, 10),
		  BPF_LDX_MEM(BPF_W, BPF_REG_7, BPF_REG_10, -8),
		  BPF_ST_MEM(BPF_W, BPF_REG_10, -8, 0x64636261),
		  BPF_MOV64_REG(BPF_REG_1, BPF_REG_6),
		  BPF_MOV64_IMM(BPF_REG_2, 3518),
		  BPF_MOV64_REG(BPF_REG_3, BPF_REG_10),
		  BPF_ALU64_IMM(BPF_ADD, BPF_REG_3, -8),
		  BPF_MOV64_IMM(BPF_REG_4, 4),
		  BPF_EMIT_CALL(BPF_FUNC_xdp_store_bytes),
		  BPF_MOV64_REG(BPF_REG_0, BPF_REG_7),
		  BPF_EXIT_INSN(),
		  BPF_EXIT_INSN());
	memset(out, 0, sizeof(out));
	r = (struct run){ .data_in = pkt, .size_in = 5000, .data_out = out, .size_out = 8192 };
	TEST_EQ(run(fd, &r), 0, "run helpers: xdp load/store across the fragment edge");
	TEST_EQ(r.retval, (u32)pkt[3518] | pkt[3519] << 8 | pkt[3520] << 16 | (u32)pkt[3521] << 24,
		"run helpers: xdp_load_bytes reads across");
	TEST_OK(r.data_size_out == 5000 && !memcmp(out + 3518, "abcd", 4) &&
		!memcmp(out, pkt, 3518) && !memcmp(out + 3522, pkt + 3522, 5000 - 3522),
		"run helpers: xdp_store_bytes writes across", "false");
	close(fd);
}

static void test_run_xdp_adjust(void)
{
	struct run r;
	int fd;

	fd = load_xdp_call(BPF_FUNC_xdp_adjust_head, -(XDP_PACKET_HEADROOM - 40));
	r = (struct run){ .data_in = pkt, .size_in = 100 };
	TEST_EQ(run(fd, &r), 0, "xdp run: adjust_head to the xdp_frame");
	TEST_OK(r.retval == 0 && r.data_size_out == 100 + XDP_PACKET_HEADROOM - 40,
		"xdp run: the packet grew by 216", "ret %d size %u", r.retval, r.data_size_out);
	close(fd);
	fd = load_xdp_call(BPF_FUNC_xdp_adjust_head, -(XDP_PACKET_HEADROOM - 40) - 1);
	TEST_EQ(run(fd, &r), 0, "xdp run: adjust_head 1 too far");
	TEST_OK((s32)r.retval == -EINVAL && r.data_size_out == 100,
		"xdp run: adjust_head too far is -EINVAL and changes nothing", "false");
	close(fd);
	fd = load_xdp_call(BPF_FUNC_xdp_adjust_tail, -(100 - ETH_HLEN));
	TEST_EQ(run(fd, &r), 0, "xdp run: adjust_tail to ETH_HLEN");
	TEST_OK(r.retval == 0 && r.data_size_out == ETH_HLEN, "xdp run: 14 bytes out", "false");
	close(fd);
	fd = load_xdp_call(BPF_FUNC_xdp_adjust_tail, 3520 - 100 + 1);
	TEST_EQ(run(fd, &r), 0, "xdp run: adjust_tail past the hard end");
	TEST_EQ((s32)r.retval, -EINVAL, "xdp run: adjust_tail past the hard end is -EINVAL");
	close(fd);
	fd = load_xdp_call(BPF_FUNC_xdp_adjust_tail, 4096);
	r = (struct run){ .data_in = pkt, .size_in = 5000 };
	TEST_EQ(run(fd, &r), 0, "xdp run: adjust_tail of a fragmented packet");
	TEST_EQ((s32)r.retval, -EINVAL, "xdp run: a fragment grows only to its page");
	close(fd);
	fd = load_xdp_call(BPF_FUNC_xdp_adjust_tail, -(5000 - 3520) - 10);
	TEST_EQ(run(fd, &r), 0, "xdp run: adjust_tail shrinking through the fragments");
	TEST_OK(r.retval == 0 && r.data_size_out == 3510,
		"xdp run: fragments freed, then the linear part", "ret %d size %u",
		r.retval, r.data_size_out);
	close(fd);
}

int main(void)
{
	const char *host = getenv("TEST_RUN_CTX_HOST");

	on_host = host && *host == '1';
	if (!on_host) {
		test_skb_verdicts("sk_filter", &sk_filter_verifier_ops, false);
		test_skb_verdicts("tc", &tc_cls_act_verifier_ops, true);
		test_skb_verdict_details();
		test_xdp_verdicts();
		test_func_protos();
		test_skb_conversions();
		test_xdp_conversions();
		test_skb_helpers();
		test_ld_abs();
		test_xdp_helpers();
		TEST_OK(bpf_prog_types_nr > BPF_PROG_TYPE_XDP &&
			bpf_prog_ops_table[BPF_PROG_TYPE_SCHED_ACT] == &tc_cls_act_prog_ops &&
			bpf_verifier_ops_table[BPF_PROG_TYPE_SOCKET_FILTER] ==
			&sk_filter_verifier_ops &&
			bpf_prog_ops_table[BPF_PROG_TYPE_XDP] == &xdp_prog_ops,
			"prog type tables", "false");
	}
	test_run_skb_fields();
	test_run_skb_errors();
	test_run_skb_csum_complete();
	test_run_ld_abs();
	test_run_xdp();
	test_run_xdp_adjust();
	test_run_helpers();
	return sysbpf_test_done();
}
