// SPDX-License-Identifier: GPL-2.0
/* The kernel's clocks: monotonic, boot time (counts suspend), TAI, coarse. */
#include <linux/bpf.h>
#include <time.h>

static u64 clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

u64 ktime_get_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

u64 ktime_get_boot_ns(void)
{
	return clock_ns(CLOCK_BOOTTIME);
}

u64 ktime_get_coarse_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC_COARSE);
}

u64 ktime_get_tai_ns(void)
{
	return clock_ns(CLOCK_TAI);
}
