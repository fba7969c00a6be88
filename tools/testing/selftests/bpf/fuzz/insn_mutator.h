/* SPDX-License-Identifier: GPL-2.0 */
/* The structured mutator of fuzz_verifier: inputs as programs. */
#ifndef _FUZZ_INSN_MUTATOR_H
#define _FUZZ_INSN_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's own byte mutator, for the parts that are just bytes. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

size_t insn_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t insn_cross_over(const uint8_t *d1, size_t s1, const uint8_t *d2, size_t s2,
		       uint8_t *out, size_t max_out, unsigned int seed);

#endif
