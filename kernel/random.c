// SPDX-License-Identifier: GPL-2.0
/*
 * Randomness: get_random_u32() from the OS for seeds (hash seeds, prandom
 * state); bpf_user_rnd_u32() is the fast per-thread generator behind
 * bpf_get_prandom_u32(), as the kernel keeps a per-CPU prandom state.
 */
#include <linux/bpf.h>
#include <sys/random.h>

u32 get_random_u32(void)
{
	u32 v;

	while (getrandom(&v, sizeof(v), 0) != sizeof(v))
		;
	return v;
}

/* xoshiro128** state per thread, seeded on first use. */
static __thread u32 rnd_state[4];
static __thread bool rnd_seeded;

static inline u32 rotl32(u32 x, int k)
{
	return (x << k) | (x >> (32 - k));
}

u32 bpf_user_rnd_u32(void)
{
	u32 *s = rnd_state, res, t;

	if (unlikely(!rnd_seeded)) {
		do {
			s[0] = get_random_u32();
			s[1] = get_random_u32();
			s[2] = get_random_u32();
			s[3] = get_random_u32();
		} while (!(s[0] | s[1] | s[2] | s[3]));
		rnd_seeded = true;
	}
	res = rotl32(s[1] * 5, 7) * 9;
	t = s[1] << 9;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl32(s[3], 11);
	return res;
}
