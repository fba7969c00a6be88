// SPDX-License-Identifier: GPL-2.0
/* Warnings of the "kernel": to stderr, prefixed so they are told from the app's. */
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <stdarg.h>
#include <stdio.h>

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("sysbpf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void rcu_kfree_head(struct rcu_head *head)
{
	kfree(head);
}
