// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_flow loader: load xdp_flow.bpf.o through its skeleton, run a fixed
 * set of synthetic frames through BPF_PROG_TEST_RUN, then print what the
 * program counted.
 *
 * Everything printed on stdout is deterministic: the frames, their order,
 * the sort order of the flow table and the per-CPU sums do not depend on
 * the machine.  Two BPF subsystems that agree give byte-identical output,
 * which is how sysbpf is compared with the kernel.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>

#include "pkt.h"
#include "xdp_flow.h"
#include "xdp_flow.skel.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Destination ports the program is told to drop (discard, telnet). */
static const __u16 drop_ports[] = { 9, 23 };

struct xdp_case {
	const char *name;
	struct pkt_spec pkt;
	unsigned int times;	/* how often the frame is run */
	int verdict;		/* the XDP action we expect back */
};

static const struct xdp_case cases[] = {
	{ "v4 tcp request",
	  { AF_INET, IPPROTO_TCP, "192.0.2.1", "192.0.2.2", 40000, 80,
	    .payload = 100 }, 3, XDP_PASS },
	{ "v4 tcp reply",
	  { AF_INET, IPPROTO_TCP, "192.0.2.2", "192.0.2.1", 80, 40000,
	    .payload = 1000 }, 2, XDP_PASS },
	{ "v4 udp dns",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "198.51.100.53", 33333, 53,
	    .payload = 40 }, 2, XDP_PASS },
	{ "v4 udp mdns",
	  { AF_INET, IPPROTO_UDP, "192.0.2.1", "224.0.0.251", 5353, 5353,
	    .payload = 60 }, 1, XDP_PASS },
	{ "v4 icmp echo",
	  { AF_INET, IPPROTO_ICMP, "192.0.2.1", "192.0.2.2", .payload = 56 },
	  2, XDP_PASS },
	{ "v6 tcp https",
	  { AF_INET6, IPPROTO_TCP, "2001:db8::1", "2001:db8::2", 50000, 443,
	    .payload = 200 }, 2, XDP_PASS },
	{ "v6 udp dns",
	  { AF_INET6, IPPROTO_UDP, "2001:db8::1", "2001:db8::53", 40001, 53,
	    .payload = 30 }, 1, XDP_PASS },
	{ "v6 icmp echo",
	  { AF_INET6, IPPROTO_ICMPV6, "fe80::1", "ff02::1", .payload = 8 },
	  1, XDP_PASS },
	{ "vlan 100 v4 ssh",
	  { AF_INET, IPPROTO_TCP, "203.0.113.5", "203.0.113.6", 12345, 22,
	    .vlan = 100, .payload = 48 }, 1, XDP_PASS },
	{ "v4 udp discard",
	  { AF_INET, IPPROTO_UDP, "192.0.2.9", "192.0.2.2", 1000, 9,
	    .payload = 16 }, 2, XDP_DROP },
	{ "v4 tcp truncated",
	  { AF_INET, IPPROTO_TCP, "192.0.2.7", "192.0.2.2", 41000, 80,
	    .truncate = 14 + 20 + 10 }, 1, XDP_DROP },
	{ "arp request",
	  { 0 }, 1, XDP_PASS },
};

static int verbose;

/* Keep libbpf quiet on stdout; its warnings go to stderr. */
static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static const char *xdp_action_name(int act)
{
	static const char *const names[] = {
		[XDP_ABORTED] = "XDP_ABORTED", [XDP_DROP] = "XDP_DROP",
		[XDP_PASS] = "XDP_PASS", [XDP_TX] = "XDP_TX",
		[XDP_REDIRECT] = "XDP_REDIRECT",
	};

	if (act >= 0 && act < (int)ARRAY_SIZE(names))
		return names[act];
	return "?";
}

/* Run one frame @times times; returns 0, or -1 on a wrong verdict. */
static int run_case(int prog_fd, const struct xdp_case *c)
{
	__u8 frame[PKT_MAX_LEN];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .repeat = 1);
	unsigned int i;
	int len, err;

	len = pkt_build(&c->pkt, frame, sizeof(frame));
	if (len < 0) {
		fprintf(stderr, "%s: cannot build frame\n", c->name);
		return -1;
	}
	opts.data_size_in = len;
	for (i = 0; i < c->times; i++) {
		err = bpf_prog_test_run_opts(prog_fd, &opts);
		if (err) {
			fprintf(stderr, "%s: bpf_prog_test_run_opts: %s\n",
				c->name, strerror(-err));
			return -1;
		}
		if ((int)opts.retval != c->verdict)
			break;
	}
	printf("%-18s %5d %5u  %s", c->name, len, c->times,
	       xdp_action_name(opts.retval));
	if ((int)opts.retval != c->verdict) {
		printf("  FAIL: expected %s\n", xdp_action_name(c->verdict));
		return -1;
	}
	printf("\n");
	return 0;
}

static int run_cases(int prog_fd)
{
	unsigned int i;
	int ret = 0;

	printf("%-18s %5s %5s  %s\n", "frame", "len", "runs", "verdict");
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (run_case(prog_fd, &cases[i]))
			ret = -1;
	return ret;
}

struct flow {
	struct flow_key key;
	struct flow_stats st;
};

static int flow_cmp(const void *a, const void *b)
{
	const struct flow_key *x = &((const struct flow *)a)->key;
	const struct flow_key *y = &((const struct flow *)b)->key;
	int d;

	if (x->proto != y->proto)
		return x->proto - y->proto;
	d = memcmp(x->saddr, y->saddr, sizeof(x->saddr));
	if (d)
		return d;
	if (x->sport != y->sport)
		return x->sport - y->sport;
	d = memcmp(x->daddr, y->daddr, sizeof(x->daddr));
	if (d)
		return d;
	return x->dport - y->dport;
}

/* IPv4-mapped addresses print as dotted quads, the rest as IPv6. */
static const char *addr_str(const __u8 *a, char *buf, size_t len)
{
	static const __u8 v4mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (!memcmp(a, v4mapped, sizeof(v4mapped)))
		return inet_ntop(AF_INET, a + 12, buf, len);
	return inet_ntop(AF_INET6, a, buf, len);
}

static void print_flow(const struct flow *f)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], tmp[8];

	printf("%-6s %-24s %5u  %-24s %5u %8llu %8llu\n",
	       pkt_proto_name(f->key.proto, tmp, sizeof(tmp)),
	       addr_str(f->key.saddr, src, sizeof(src)), f->key.sport,
	       addr_str(f->key.daddr, dst, sizeof(dst)), f->key.dport,
	       (unsigned long long)f->st.packets,
	       (unsigned long long)f->st.bytes);
}

/* Walk the hash map with get_next_key; the kernel's order is not ours. */
static int dump_flows(int map_fd)
{
	static struct flow flows[XDP_FLOW_MAX_FLOWS];
	struct flow_key key, *prev = NULL;
	size_t n = 0, i;
	int err;

	while ((err = bpf_map_get_next_key(map_fd, prev, &key)) == 0) {
		if (n == ARRAY_SIZE(flows))
			break;
		flows[n].key = key;
		err = bpf_map_lookup_elem(map_fd, &key, &flows[n].st);
		if (err) {
			fprintf(stderr, "flows: lookup: %s\n", strerror(-err));
			return err;
		}
		prev = &flows[n++].key;
	}
	if (err && err != -ENOENT) {
		fprintf(stderr, "flows: get_next_key: %s\n", strerror(-err));
		return err;
	}
	qsort(flows, n, sizeof(flows[0]), flow_cmp);

	printf("\n%-6s %-24s %5s  %-24s %5s %8s %8s\n", "proto", "source",
	       "sport", "destination", "dport", "packets", "bytes");
	for (i = 0; i < n; i++)
		print_flow(&flows[i]);
	return 0;
}

/* Sum each protocol's per-CPU slots; which CPU ran a packet is not ours. */
static int dump_proto_stats(int map_fd)
{
	int ncpus = libbpf_num_possible_cpus();
	struct flow_stats *vals, sum;
	char tmp[8];
	__u32 proto;
	int i, err = 0;

	if (ncpus < 0) {
		fprintf(stderr, "possible cpus: %s\n", strerror(-ncpus));
		return ncpus;
	}
	vals = calloc(ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;

	printf("\n%-6s %8s %8s   (per-CPU sums)\n", "proto", "packets",
	       "bytes");
	for (proto = 0; proto < 256; proto++) {
		err = bpf_map_lookup_elem(map_fd, &proto, vals);
		if (err) {
			fprintf(stderr, "proto_stats: lookup %u: %s\n", proto,
				strerror(-err));
			break;
		}
		memset(&sum, 0, sizeof(sum));
		for (i = 0; i < ncpus; i++) {
			sum.packets += vals[i].packets;
			sum.bytes += vals[i].bytes;
		}
		if (sum.packets)
			printf("%-6s %8llu %8llu\n",
			       pkt_proto_name(proto, tmp, sizeof(tmp)),
			       (unsigned long long)sum.packets,
			       (unsigned long long)sum.bytes);
	}
	free(vals);
	return err;
}

static void print_counter(const char *name, unsigned long long val)
{
	printf("%-16s %8llu\n", name, val);
}

/* .bss and .data are read straight from the skeleton's mmap of them. */
static void dump_globals(const struct xdp_flow *skel)
{
	const struct xdp_flow_counters *c = &skel->bss->counters;
	const struct xdp_flow_len_range *r = &skel->data->len_range;

	printf("\n%-16s %8s\n", "counter", "value");
	print_counter("total", c->total);
	print_counter("ipv4", c->ipv4);
	print_counter("ipv6", c->ipv6);
	print_counter("vlan", c->vlan);
	print_counter("non-ip", c->non_ip);
	print_counter("parse errors", c->parse_errors);
	print_counter("dropped by port", c->dropped_port);
	print_counter("min frame len", r->min);
	print_counter("max frame len", r->max);
}

static void print_config(void)
{
	unsigned int i;

	printf("xdp_flow: drop dport");
	for (i = 0; i < ARRAY_SIZE(drop_ports); i++)
		printf(" %u", drop_ports[i]);
	printf("\n\n");
}

static struct xdp_flow *open_and_load(void)
{
	struct xdp_flow *skel;
	unsigned int i;
	int err;

	skel = xdp_flow__open();
	if (!skel) {
		fprintf(stderr, "xdp_flow__open: %s\n", strerror(errno));
		return NULL;
	}
	/* .rodata is writable only until load; then it is frozen. */
	for (i = 0; i < ARRAY_SIZE(drop_ports); i++)
		skel->rodata->cfg.drop_dport[i] = drop_ports[i];

	err = xdp_flow__load(skel);
	if (err) {
		fprintf(stderr, "xdp_flow__load: %s\n", strerror(-err));
		xdp_flow__destroy(skel);
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	struct xdp_flow *skel;
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

	print_config();
	/* A wrong verdict still prints the tables: they help to see why. */
	ret = run_cases(bpf_program__fd(skel->progs.xdp_flow_count)) ? 1 : 0;
	if (dump_flows(bpf_map__fd(skel->maps.flows)) ||
	    dump_proto_stats(bpf_map__fd(skel->maps.proto_stats)))
		ret = 1;
	else
		dump_globals(skel);

	xdp_flow__destroy(skel);
	return ret;
}
