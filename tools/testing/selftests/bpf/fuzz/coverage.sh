#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Source coverage of the verifier by a corpus of fuzz_verifier:
#
#   tools/testing/selftests/bpf/fuzz/coverage.sh [CORPUS_DIR...]
#
# builds the coverage variant (make FUZZ=1 COVERAGE=1 fuzz: clang
# -fprofile-instr-generate -fcoverage-mapping, no sanitizers, into
# build-fuzzcov/), runs every input of the corpora once (default: the
# committed ones), and prints llvm-cov's report (regions, functions,
# lines, branches) for kernel/bpf/verifier*.c, then the same for the
# interpreter and the run guard.  The raw report is in
# build-fuzzcov/fuzz/coverage.txt.
set -euo pipefail
top=$(cd "$(dirname "$0")/../../../../.." && pwd)
cd "$top"
dir=tools/testing/selftests/bpf/fuzz
out=build-fuzzcov/fuzz
[ $# -gt 0 ] || set -- "$dir/corpus/verifier" "$dir/corpus/regressions"

make -s FUZZ=1 COVERAGE=1 fuzz
rm -f "$out"/*.profraw
LLVM_PROFILE_FILE="$out/replay-%p.profraw" FUZZ_VERIFIER_STATS=1 \
	"$out/fuzz_verifier" -runs=0 -timeout=120 -rss_limit_mb=4096 "$@" \
	> "$out/replay.log" 2>&1 || { tail -20 "$out/replay.log"; exit 1; }
grep 'fuzz_verifier: [0-9]* inputs' "$out/replay.log" | tail -1
llvm-profdata merge -sparse "$out"/*.profraw -o "$out/replay.profdata"
llvm-cov report "$out/fuzz_verifier" -instr-profile="$out/replay.profdata" \
	kernel/bpf/verifier*.c kernel/bpf/interp.c kernel/bpf/run_guard.c \
	> "$out/coverage.txt"
sed -e "s|$top/||" "$out/coverage.txt"
