// SPDX-License-Identifier: GPL-2.0
/*
 * tc_classifier loader: load tc_classifier.bpf.o through its skeleton and
 * run synthetic frames through BPF_PROG_TEST_RUN with a struct __sk_buff
 * as context in and out, so that the mark the program reads and the mark,
 * priority and cb[] it writes can be seen per packet.
 *
 * Output on stdout is deterministic; see xdp_flow.c for why that matters.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/pkt_cls.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "pkt.h"
#include "tc_classifier.h"
#include "tc_classifier.skel.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define BLOCKED_DPORT	23	/* telnet */
#define PREMARK		0x77	/* a mark "set by an earlier hook" */

struct tc_case {
	const char *name;
	struct pkt_spec pkt;
	__u32 mark_in;		/* skb->mark handed in through ctx_in */
	int action;		/* expected TC_ACT_* */
	__u32 class;		/* expected class, reported in cb[] */
};

static const struct tc_case cases[] = {
	{ "v4 tcp http",
	  { AF_INET, IPPROTO_TCP, "192.0.2.1", "192.0.2.2", 40000, 80,
	    .payload = 64 }, 0, TC_ACT_OK, TC_CLASS_WEB },
	{ "v4 udp rtp EF",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "192.0.2.3", 16384, 16384,
	    .dscp = 46, .payload = 160 }, 0, TC_ACT_OK, TC_CLASS_VOICE },
	{ "v6 udp video AF41",
	  { AF_INET6, IPPROTO_UDP, "2001:db8::1", "2001:db8::2", 5004, 5004,
	    .dscp = 34, .payload = 1200 }, 0, TC_ACT_OK, TC_CLASS_VIDEO },
	{ "v6 tcp https EF",
	  { AF_INET6, IPPROTO_TCP, "2001:db8::1", "2001:db8::2", 50443, 443,
	    .dscp = 46, .payload = 100 }, 0, TC_ACT_OK, TC_CLASS_VOICE },
	{ "v6 tcp ssh",
	  { AF_INET6, IPPROTO_TCP, "2001:db8::1", "2001:db8::2", 50022, 22,
	    .payload = 36 }, 0, TC_ACT_OK, TC_CLASS_INTERACTIVE },
	{ "v4 udp dns",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "198.51.100.53", 33333, 53,
	    .payload = 40 }, 0, TC_ACT_OK, TC_CLASS_BEST_EFFORT },
	{ "v4 icmp echo",
	  { AF_INET, IPPROTO_ICMP, "192.0.2.1", "192.0.2.2", .payload = 56 },
	  0, TC_ACT_OK, TC_CLASS_BEST_EFFORT },
	{ "v4 tcp https marked",
	  { AF_INET, IPPROTO_TCP, "192.0.2.1", "192.0.2.2", 40001, 443,
	    .payload = 64 }, PREMARK, TC_ACT_OK, TC_CLASS_PREMARKED },
	{ "vlan 200 v4 https",
	  { AF_INET, IPPROTO_TCP, "203.0.113.5", "203.0.113.6", 41000, 443,
	    .vlan = 200, .payload = 64 }, 0, TC_ACT_OK, TC_CLASS_WEB },
	{ "v4 tcp telnet",
	  { AF_INET, IPPROTO_TCP, "192.0.2.9", "192.0.2.2", 40002, 23,
	    .payload = 8 }, 0, TC_ACT_SHOT, TC_CLASS_BLOCKED },
	{ "v4 udp truncated",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 40003, 53,
	    .truncate = 14 + 20 + 2 }, 0, TC_ACT_SHOT, TC_CLASS_MALFORMED },
	{ "arp request",
	  { 0 }, 0, TC_ACT_OK, TC_CLASS_NON_IP },
};

static const char *const class_names[TC_CLASS_MAX] = {
	[TC_CLASS_BEST_EFFORT]	= "best-effort",
	[TC_CLASS_VOICE]	= "voice",
	[TC_CLASS_VIDEO]	= "video",
	[TC_CLASS_INTERACTIVE]	= "interactive",
	[TC_CLASS_WEB]		= "web",
	[TC_CLASS_PREMARKED]	= "premarked",
	[TC_CLASS_BLOCKED]	= "blocked",
	[TC_CLASS_MALFORMED]	= "malformed",
	[TC_CLASS_NON_IP]	= "non-ip",
};

static int verbose;

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static const char *class_name(__u32 class)
{
	return class < TC_CLASS_MAX ? class_names[class] : "?";
}

static const char *tc_action_name(int act)
{
	switch (act) {
	case TC_ACT_OK:
		return "TC_ACT_OK";
	case TC_ACT_SHOT:
		return "TC_ACT_SHOT";
	default:
		return "?";
	}
}

/* The mark a packet should leave with. */
static __u32 expected_mark(const struct tc_case *c)
{
	if (c->class <= TC_CLASS_WEB)
		return TC_CLASS_MARK(c->class);
	return c->mark_in;
}

static int check_case(const struct tc_case *c, int action,
		      const struct __sk_buff *out)
{
	if (action != c->action) {
		printf("  FAIL: expected %s\n", tc_action_name(c->action));
		return -1;
	}
	if (out->cb[TC_CB_CLASS] != c->class) {
		printf("  FAIL: expected class %s\n", class_name(c->class));
		return -1;
	}
	if (out->mark != expected_mark(c)) {
		printf("  FAIL: expected mark 0x%x\n", expected_mark(c));
		return -1;
	}
	printf("\n");
	return 0;
}

/*
 * Only some __sk_buff fields may be set in ctx_in (mark, priority,
 * ifindex, cb[], tstamp, wire_len, gso_*); the kernel rejects the rest
 * with EINVAL, so everything else stays zero here.
 */
static int run_case(int prog_fd, const struct tc_case *c)
{
	__u8 frame[PKT_MAX_LEN];
	struct __sk_buff in = { .mark = c->mark_in }, out = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = frame,
		.ctx_in = &in,
		.ctx_size_in = sizeof(in),
		.ctx_out = &out,
		.ctx_size_out = sizeof(out),
		.repeat = 1,
	);
	int len, err;

	len = pkt_build(&c->pkt, frame, sizeof(frame));
	if (len < 0) {
		fprintf(stderr, "%s: cannot build frame\n", c->name);
		return -1;
	}
	opts.data_size_in = len;
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (err) {
		fprintf(stderr, "%s: bpf_prog_test_run_opts: %s\n", c->name,
			strerror(-err));
		return -1;
	}
	printf("%-20s %5d  0x%-6x %-11s  0x%-6x %4u  %-11s %3u", c->name, len,
	       c->mark_in, tc_action_name(opts.retval), out.mark,
	       out.priority, class_name(out.cb[TC_CB_CLASS]),
	       out.cb[TC_CB_IFINDEX]);
	return check_case(c, opts.retval, &out);
}

static int run_cases(int prog_fd)
{
	unsigned int i;
	int ret = 0;

	printf("%-20s %5s  %-8s %-11s  %-8s %4s  %-11s %3s\n", "packet",
	       "len", "mark-in", "verdict", "mark-out", "prio", "class",
	       "if");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (run_case(prog_fd, &cases[i]))
			ret = -1;
	return ret;
}

static int dump_class_stats(int map_fd)
{
	struct tc_class_stats st;
	__u32 class;
	int err;

	printf("\n%-11s %8s %8s\n", "class", "packets", "bytes");
	for (class = 0; class < TC_CLASS_MAX; class++) {
		err = bpf_map_lookup_elem(map_fd, &class, &st);
		if (err) {
			fprintf(stderr, "class_stats: lookup %u: %s\n", class,
				strerror(-err));
			return err;
		}
		printf("%-11s %8llu %8llu\n", class_name(class),
		       (unsigned long long)st.packets,
		       (unsigned long long)st.bytes);
	}
	return 0;
}

static struct tc_classifier *open_and_load(void)
{
	struct tc_classifier *skel;
	int err;

	skel = tc_classifier__open();
	if (!skel) {
		fprintf(stderr, "tc_classifier__open: %s\n", strerror(errno));
		return NULL;
	}
	skel->rodata->blocked_dport = BLOCKED_DPORT;

	err = tc_classifier__load(skel);
	if (err) {
		fprintf(stderr, "tc_classifier__load: %s\n", strerror(-err));
		tc_classifier__destroy(skel);
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	struct tc_classifier *skel;
	int opt, ret;

	while ((opt = getopt(argc, argv, "v")) != -1) {
		if (opt != 'v') {
			fprintf(stderr, "usage: %s [-v]\n", argv[0]);
			return 2;
		}
		verbose = 1;
	}
	libbpf_set_print(print_libbpf);

	skel = open_and_load();
	if (!skel)
		return 1;

	printf("tc_classifier: blocked dport %u\n\n", BLOCKED_DPORT);
	ret = run_cases(bpf_program__fd(skel->progs.tc_classify)) ? 1 : 0;
	if (dump_class_stats(bpf_map__fd(skel->maps.class_stats)))
		ret = 1;

	tc_classifier__destroy(skel);
	return ret;
}
