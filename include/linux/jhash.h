/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SYSBPF_LINUX_JHASH_H
#define _SYSBPF_LINUX_JHASH_H

/*
 * Bob Jenkins' lookup3 hash (public domain, 2006), the function the
 * kernel calls jhash().  The numbers must be the kernel's: the hash of a
 * key picks its bucket, and so the order in which BPF_MAP_GET_NEXT_KEY
 * walks a map made with BPF_F_ZERO_SEED.  Words are read in host byte
 * order, as the kernel reads them.
 */
#include <linux/types.h>
#include <linux/compiler.h>
#include <string.h>

#define JHASH_INITVAL		0xdeadbeef

static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

struct jhash_state {
	u32 a, b, c;
};

/* Stirs three words so that every input bit reaches every output bit. */
static inline void jhash_mix(struct jhash_state *s)
{
	s->a -= s->c; s->a ^= rol32(s->c, 4);  s->c += s->b;
	s->b -= s->a; s->b ^= rol32(s->a, 6);  s->a += s->c;
	s->c -= s->b; s->c ^= rol32(s->b, 8);  s->b += s->a;
	s->a -= s->c; s->a ^= rol32(s->c, 16); s->c += s->b;
	s->b -= s->a; s->b ^= rol32(s->a, 19); s->a += s->c;
	s->c -= s->b; s->c ^= rol32(s->b, 4);  s->b += s->a;
}

/* The last round: c ends up depending on all of a and b. */
static inline u32 jhash_final(struct jhash_state *s)
{
	s->c ^= s->b; s->c -= rol32(s->b, 14);
	s->a ^= s->c; s->a -= rol32(s->c, 11);
	s->b ^= s->a; s->b -= rol32(s->a, 25);
	s->c ^= s->b; s->c -= rol32(s->b, 16);
	s->a ^= s->c; s->a -= rol32(s->c, 4);
	s->b ^= s->a; s->b -= rol32(s->a, 14);
	s->c ^= s->b; s->c -= rol32(s->b, 24);
	return s->c;
}

static inline u32 jhash_load32(const u8 *p)
{
	u32 w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* Hash of length bytes at key (any alignment), seeded by initval. */
static inline u32 jhash(const void *key, u32 length, u32 initval)
{
	const u8 *k = key;
	struct jhash_state s;
	u32 tail[3] = { 0, 0, 0 }, i;

	s.a = s.b = s.c = JHASH_INITVAL + length + initval;
	/* whole 12-byte blocks, keeping the last (1..12 bytes) for the tail */
	while (length > 12) {
		s.a += jhash_load32(k);
		s.b += jhash_load32(k + 4);
		s.c += jhash_load32(k + 8);
		jhash_mix(&s);
		length -= 12;
		k += 12;
	}
	if (!length)
		return s.c;
	/* tail bytes fill a, b, c from their low byte up */
	for (i = 0; i < length; i++)
		tail[i / 4] += (u32)k[i] << (8 * (i % 4));
	s.a += tail[0];
	s.b += tail[1];
	s.c += tail[2];
	return jhash_final(&s);
}

/* Hash of length u32 words, for keys already made of words. */
static inline u32 jhash2(const u32 *k, u32 length, u32 initval)
{
	struct jhash_state s;

	s.a = s.b = s.c = JHASH_INITVAL + (length << 2) + initval;
	while (length > 3) {
		s.a += k[0];
		s.b += k[1];
		s.c += k[2];
		jhash_mix(&s);
		length -= 3;
		k += 3;
	}
	switch (length) {
	case 3:
		s.c += k[2];
		fallthrough;
	case 2:
		s.b += k[1];
		fallthrough;
	case 1:
		s.a += k[0];
		return jhash_final(&s);
	default:
		return s.c;
	}
}

#endif
