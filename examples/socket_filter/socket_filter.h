/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by socket_filter.bpf.c and its loader.
 */
#ifndef SOCKET_FILTER_H
#define SOCKET_FILTER_H

/* Indexes of the counters array. */
enum socket_filter_counter {
	SF_SEEN,
	SF_ACCEPTED,
	SF_TRUNCATED,		/* accepted, but longer than the snap length */
	SF_MAX,
};

#endif /* SOCKET_FILTER_H */
