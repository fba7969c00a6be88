/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by tc_classifier.bpf.c and its loader.
 */
#ifndef TC_CLASSIFIER_H
#define TC_CLASSIFIER_H

#include <linux/types.h>

/*
 * Traffic classes, also the index into the class_stats array.  A
 * classified packet leaves with skb->mark = TC_CLASS_MARK(class) and
 * skb->priority = class, for a qdisc or routing rule further on.
 */
enum tc_class {
	TC_CLASS_BEST_EFFORT,
	TC_CLASS_VOICE,		/* DSCP EF */
	TC_CLASS_VIDEO,		/* DSCP AF41 */
	TC_CLASS_INTERACTIVE,	/* ssh */
	TC_CLASS_WEB,		/* http, https */
	TC_CLASS_PREMARKED,	/* mark set before us: left alone */
	TC_CLASS_BLOCKED,	/* blocked destination port: shot */
	TC_CLASS_MALFORMED,	/* headers cut short: shot */
	TC_CLASS_NON_IP,	/* passed untouched */
	TC_CLASS_MAX,
};

#define TC_CLASS_MARK(class)	(0x100u | (class))

/* skb->cb[] words the program fills in for whoever runs after it. */
#define TC_CB_CLASS	0
#define TC_CB_IFINDEX	1

struct tc_class_stats {
	__u64 packets;
	__u64 bytes;
};

#endif /* TC_CLASSIFIER_H */
