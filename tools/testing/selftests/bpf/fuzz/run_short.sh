#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The short run of fuzz_verifier in make check (scripts/check.sh), as TAP:
#   1. clang and its libFuzzer runtime are installed (scripts/deps.sh)
#   2. make FUZZ=1 fuzz builds the target (clang, ASan, UBSan, -Werror)
#   3. every committed input runs clean: the seeds (corpus/verifier) and
#      the reproducers of the bugs fuzzing found (corpus/regressions)
#   4. FUZZ_SECONDS (default 60) of fuzzing from them finds nothing
# New inputs go to a scratch corpus under build-fuzz/, never into the
# repository; a crash leaves its input in build-fuzz/fuzz/artifacts/.
# Documentation/bpf/fuzzing.md says more.
set -uo pipefail
top=$(cd "$(dirname "$0")/../../../../.." && pwd)
cd "$top"
dir=tools/testing/selftests/bpf/fuzz
out=build-fuzz/fuzz
bin=$out/fuzz_verifier
log=$out/run_short.log
secs=${FUZZ_SECONDS:-60}
# a smaller quarantine: the verifier reallocates a lot, and 2 cores are shared
export ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-quarantine_size_mb=64:detect_leaks=1}
export UBSAN_OPTIONS=print_stacktrace=1

n=0
ok() { n=$((n + 1)); echo "ok $n - fuzz_verifier: $*"; }
notok() { n=$((n + 1)); echo "not ok $n - fuzz_verifier: $*"; }

# libFuzzer's lines of a failed run: the report, the input it saved
why() {
	grep -m1 -E 'ERROR: |runtime error|tripped the guard|Test unit written' "$1" |
		sed 's/^/# /'
	grep -E 'Test unit written' "$1" | sed 's/^/# /'
}

mkdir -p "$out"
if ! command -v clang > /dev/null; then
	notok "clang is not installed (scripts/deps.sh installs clang and libclang-rt-dev)"
	exit 1
fi
rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)
if [ "$(uname -m)" = x86_64 ] && [ ! -e "$rt" ]; then
	notok "clang's libFuzzer runtime is missing (apt-get install libclang-rt-dev)"
	exit 1
fi
ok "clang $(clang -dumpversion) with its libFuzzer runtime"

# not the variables of an outer make (make check SANITIZE=...): our own flags
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 FUZZ=1 fuzz > "$log" 2>&1; then
	notok "make FUZZ=1 fuzz failed (see $log)"
	tail -20 "$log" | sed 's/^/# /'
	exit 1
fi
ok "make FUZZ=1 fuzz"

# 3. the committed inputs, each run once
seeds=("$dir/corpus/verifier" "$dir/corpus/regressions")
nr=$(find "${seeds[@]}" -type f | wc -l)
rm -rf "$out/artifacts"
mkdir -p "$out/artifacts"
if FUZZ_VERIFIER_STATS=1 "$bin" -runs=0 -rss_limit_mb=4096 -timeout=60 \
	-artifact_prefix="$out/artifacts/" "${seeds[@]}" > "$out/replay.log" 2>&1; then
	ok "$nr committed inputs run clean ($(grep -m1 -o 'accepted ([0-9.]*%' "$out/replay.log" | tr -d '(') of the loads)"
else
	notok "a committed input fails (see $out/replay.log)"
	why "$out/replay.log"
fi

# 4. fuzzing from them, into a scratch corpus
scratch=$out/corpus.short
rm -rf "$scratch"
mkdir -p "$scratch"
if FUZZ_VERIFIER_STATS=1 "$bin" -max_total_time="$secs" -max_len=8192 -timeout=60 \
	-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
	"$scratch" "${seeds[@]}" > "$out/fuzz.log" 2>&1; then
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
	cov=$(grep -E '^#[0-9]+' "$out/fuzz.log" | tail -1 | grep -o 'cov: [0-9]* ft: [0-9]*')
	acc=$(grep 'fuzz_verifier: [0-9]* inputs' "$out/fuzz.log" | tail -1 |
	      grep -o 'accepted ([0-9.]*%' | tr -d '(')
	ok "${secs}s of fuzzing: $execs runs, $cov, $acc of the loads, nothing found"
else
	notok "${secs}s of fuzzing found a bug (see $out/fuzz.log; minimize with -minimize_crash=1)"
	why "$out/fuzz.log"
fi
