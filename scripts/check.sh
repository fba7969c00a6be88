#!/usr/bin/env bash
# Runs every test and ends with the line "N passed, N failed" (and
# ", N skipped" when TAP lines said "# SKIP").
#  - the unit and shim tests of tools/testing/selftests/bpf (TAP lines)
#  - the upstream 6.1 test_verifier through the shim, with its known
#    failures as skips (scripts/upstream-test-verifier.sh)
#  - the upstream 6.1 test_lru_map through the shim
#    (scripts/upstream-test-lru-map.sh)
#  - the examples end to end under the shim, against their recorded
#    output, and against the host kernel where bpf(2) is allowed
#  - fuzz_verifier on its committed inputs and for a minute (clang)
set -uo pipefail
O=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
pass=0
fail=0
skip=0
# A sanitizer build of the shim needs its runtimes loaded before it, ASan first.
shim=$top/$O/libsysbpf.so
preload=$shim
for rt in ubsan tsan asan; do
	if ldd "$shim" 2>/dev/null | grep -q "lib$rt"; then
		preload="$(gcc -print-file-name=lib$rt.so) $preload"
	fi
done
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
# liburcu's call_rcu thread makes every process multithreaded before fork
export TSAN_OPTIONS=${TSAN_OPTIONS:-suppressions=$top/tools/testing/selftests/bpf/tsan.supp:die_after_fork=0}
log=$O/check.log
: > "$log"

count_tap() {	# name, output file, exit code
	local p f s
	p=$(grep -c '^ok ' "$2")
	f=$(grep -c '^not ok ' "$2")
	s=$(grep -c '^ok .*# SKIP' "$2")
	pass=$((pass + p - s))
	fail=$((fail + f))
	skip=$((skip + s))
	grep '^not ok ' "$2" | sed "s/^/$1: /"
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$1: exited with status $3 without a failed check"
		fail=$((fail + 1))
	fi
}

while read -r line; do
	line=${line%%#*}
	[ -z "${line// /}" ] && continue
	name=${line%%:*}
	bin=$O/tests/$name
	out=$O/tests/$name.out
	if [ ! -x "$bin" ]; then
		echo "$name: not built"
		fail=$((fail + 1))
		continue
	fi
	if [[ " $line " == *" shim "* ]]; then
		LD_PRELOAD="$preload" timeout 600 "$bin" > "$out" 2>&1
	else
		timeout 600 "$bin" > "$out" 2>&1
	fi
	rc=$?
	cat "$out" >> "$log"
	count_tap "$name" "$out" "$rc"
	echo "# $name: $(grep -c '^ok ' "$out") passed, $(grep -c '^not ok ' "$out") failed"
done < tools/testing/selftests/bpf/tests.list

# The examples, as a user runs them: unmodified libbpf under the shim.
host_bpf=0
if scripts/host-bpf.sh 2>/dev/null; then
	host_bpf=1
fi
for demo in xdp_flow tc_classifier socket_filter; do
	bin=$O/examples/$demo
	want=examples/expected/$demo.out
	got=$O/examples/$demo.sysbpf.out
	if [ ! -x "$bin" ]; then
		echo "example $demo: not built"
		fail=$((fail + 1))
		continue
	fi
	# as a user runs it: sysbpf exec; a sanitizer build preloads by hand
	if [ "$preload" = "$shim" ]; then
		timeout 120 "$O/sysbpf" exec -- "$bin" > "$got" 2>> "$log"
	else
		LD_PRELOAD="$preload" timeout 120 "$bin" > "$got" 2>> "$log"
	fi
	rc=$?
	if [ $rc -eq 0 ] && diff -u "$want" "$got" >> "$log"; then
		pass=$((pass + 1))
		echo "# example $demo under sysbpf: matches examples/expected/$demo.out"
	else
		fail=$((fail + 1))
		echo "example $demo under sysbpf: status $rc, output differs (see $log)"
	fi
	if [ $host_bpf -eq 1 ]; then
		kern=$O/examples/$demo.kernel.out
		timeout 120 "$bin" > "$kern" 2>> "$log"
		if diff -u "$kern" "$got" >> "$log"; then
			pass=$((pass + 1))
			echo "# example $demo: sysbpf and the host kernel agree"
		else
			fail=$((fail + 1))
			echo "example $demo: sysbpf and the host kernel differ (see $log)"
		fi
	fi
done

# The upstream 6.1 test_verifier through the shim; known failures are
# skips, and where bpf(2) is allowed a differential against the host.
tv=$O/test_verifier.tap
timeout 900 scripts/upstream-test-verifier.sh "$O" > "$tv" 2>> "$log"
rc=$?
cat "$tv" >> "$log"
count_tap test_verifier "$tv" "$rc"
grep -e '^# now passes' -e '^# test_verifier' -e '^# known_failures' "$tv"

# The upstream 6.1 test_lru_map through the shim: 26 Pass lines, the
# known failures (tools/testing/selftests/bpf/test_lru_map.known_failures)
# as skips.
tl=$O/test_lru_map.tap
timeout 900 scripts/upstream-test-lru-map.sh "$O" > "$tl" 2>> "$log"
rc=$?
cat "$tl" >> "$log"
count_tap test_lru_map "$tl" "$rc"

# The verifier's fuzzer: its committed inputs, then a minute of fuzzing
# (tools/testing/selftests/bpf/fuzz/run_short.sh; FUZZ_SECONDS=N for longer).
fz=$O/fuzz_verifier.tap
timeout 1800 tools/testing/selftests/bpf/fuzz/run_short.sh > "$fz" 2>> "$log"
rc=$?
cat "$fz" >> "$log"
count_tap fuzz_verifier "$fz" "$rc"
sed -n 's/^ok [0-9]* - /# /p' "$fz"

# Documentation/bpf/compat.md must list what this build really has.
if [ -x "$O/tools/helper_matrix" ]; then
	doc=Documentation/bpf/compat.md
	cp "$doc" "$O/compat.md.orig"
	if scripts/gen-compat.sh "$O" && diff -u "$O/compat.md.orig" "$doc" >> "$log"; then
		pass=$((pass + 1))
		echo "# compat.md tables match the uapi and this build"
	else
		fail=$((fail + 1))
		echo "compat.md tables are stale: run make compat-doc (see $log)"
	fi
	cp "$O/compat.md.orig" "$doc"
fi

if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
