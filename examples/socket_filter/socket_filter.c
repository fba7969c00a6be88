// SPDX-License-Identifier: GPL-2.0
/*
 * socket_filter loader: load socket_filter.bpf.o through its skeleton and run
 * synthetic frames through BPF_PROG_TEST_RUN.  For a socket filter the
 * return value is the number of bytes the socket would receive.
 *
 * Output on stdout is deterministic; see xdp_flow.c for why that matters.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "pkt.h"
#include "socket_filter.h"
#include "socket_filter.skel.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SNAP_LEN	64

struct sf_case {
	const char *name;
	struct pkt_spec pkt;
	__u32 keep;		/* expected return: bytes kept from L3 on */
};

static const struct sf_case cases[] = {
	{ "v4 udp dns",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "198.51.100.53", 33333, 53,
	    .payload = 40 }, SNAP_LEN },
	{ "v4 udp short",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 40000, 7,
	    .payload = 10 }, 20 + 8 + 10 },
	{ "v4 udp snap exact",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 40001, 7,
	    .payload = SNAP_LEN - 28 }, SNAP_LEN },
	{ "v4 tcp http",
	  { AF_INET, IPPROTO_TCP, "192.0.2.1", "192.0.2.2", 40002, 80,
	    .payload = 100 }, 0 },
	{ "v4 icmp echo",
	  { AF_INET, IPPROTO_ICMP, "192.0.2.1", "192.0.2.2", .payload = 56 },
	  0 },
	{ "v6 udp dns",
	  { AF_INET6, IPPROTO_UDP, "2001:db8::1", "2001:db8::53", 40001, 53,
	    .payload = 30 }, SNAP_LEN },
	{ "v6 tcp https",
	  { AF_INET6, IPPROTO_TCP, "2001:db8::1", "2001:db8::2", 50000, 443,
	    .payload = 20 }, 0 },
	{ "vlan 100 v4 udp",
	  { AF_INET, IPPROTO_UDP, "203.0.113.5", "203.0.113.6", 5000, 5001,
	    .vlan = 100, .payload = 20 }, 0 },
	{ "arp request",
	  { 0 }, 0 },
};

static const char *const counter_names[SF_MAX] = {
	[SF_SEEN]	= "seen",
	[SF_ACCEPTED]	= "accepted",
	[SF_TRUNCATED]	= "truncated",
};

static int verbose;

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static int run_case(int prog_fd, const struct sf_case *c)
{
	__u8 frame[PKT_MAX_LEN];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .repeat = 1);
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
	/* The filter sees the packet from L3 on: the frame less Ethernet. */
	printf("%-18s %5d %5d %5u", c->name, len, len - ETH_HLEN,
	       opts.retval);
	if (opts.retval != c->keep) {
		printf("  FAIL: expected %u\n", c->keep);
		return -1;
	}
	printf("\n");
	return 0;
}

static int run_cases(int prog_fd)
{
	unsigned int i;
	int ret = 0;

	printf("%-18s %5s %5s %5s\n", "packet", "frame", "l3", "keep");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (run_case(prog_fd, &cases[i]))
			ret = -1;
	return ret;
}

static int dump_counters(int map_fd)
{
	__u32 idx;
	__u64 val;
	int err;

	printf("\n%-10s %6s\n", "counter", "value");
	for (idx = 0; idx < SF_MAX; idx++) {
		err = bpf_map_lookup_elem(map_fd, &idx, &val);
		if (err) {
			fprintf(stderr, "counters: lookup %u: %s\n", idx,
				strerror(-err));
			return err;
		}
		printf("%-10s %6llu\n", counter_names[idx],
		       (unsigned long long)val);
	}
	return 0;
}

static struct socket_filter *open_and_load(void)
{
	struct socket_filter *skel;
	int err;

	skel = socket_filter__open();
	if (!skel) {
		fprintf(stderr, "socket_filter__open: %s\n", strerror(errno));
		return NULL;
	}
	skel->rodata->snap_len = SNAP_LEN;

	err = socket_filter__load(skel);
	if (err) {
		fprintf(stderr, "socket_filter__load: %s\n", strerror(-err));
		socket_filter__destroy(skel);
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	struct socket_filter *skel;
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

	printf("socket_filter: udp only, snap length %u\n\n", SNAP_LEN);
	ret = run_cases(bpf_program__fd(skel->progs.udp_snap)) ? 1 : 0;
	if (dump_counters(bpf_map__fd(skel->maps.counters)))
		ret = 1;

	socket_filter__destroy(skel);
	return ret;
}
