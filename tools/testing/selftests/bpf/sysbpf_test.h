/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_TEST_H
#define _SYSBPF_TEST_H

/*
 * The tests' tiny framework.  Each test binary prints one line per check,
 * "ok N - name" or "not ok N - name: why" (TAP), and exits non-zero when
 * one failed; scripts/check.sh adds them up into "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

static int sysbpf_test_nr, sysbpf_test_failed;

#define TEST_OK(cond, name, ...)						\
	({ bool __ok = !!(cond);						\
	   sysbpf_test_nr++;							\
	   if (__ok)								\
		printf("ok %d - %s\n", sysbpf_test_nr, name);			\
	   else {								\
		sysbpf_test_failed++;						\
		printf("not ok %d - %s: ", sysbpf_test_nr, name);		\
		printf("" __VA_ARGS__);						\
		printf(" (%s:%d)\n", __FILE__, __LINE__);			\
	   }									\
	   fflush(stdout);							\
	   __ok; })

/* Compares two integers, printing both on failure. */
#define TEST_EQ(got, want, name)						\
	({ long long __g = (long long)(got), __w = (long long)(want);		\
	   TEST_OK(__g == __w, name, "got %lld (0x%llx), want %lld (0x%llx)",	\
		   __g, (unsigned long long)__g, __w, (unsigned long long)__w); })

/* Checks a -1/errno return against an expected errno. */
#define TEST_ERRNO(ret, want_errno, name)					\
	({ long __r = (long)(ret); int __e = errno;				\
	   TEST_OK(__r < 0 && __e == (want_errno), name,			\
		   "ret %ld errno %d (%s), want errno %d (%s)", __r, __e,	\
		   strerror(__e), (int)(want_errno), strerror(want_errno)); })

static inline int sysbpf_test_done(void)
{
	printf("# %d checks, %d failed\n", sysbpf_test_nr, sysbpf_test_failed);
	return sysbpf_test_failed ? 1 : 0;
}

#endif
