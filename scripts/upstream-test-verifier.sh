#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The upstream Linux 6.1 test_verifier, run through the shim.
#
#   scripts/upstream-test-verifier.sh [O] [--update-known-failures] [--no-diff]
#
# Extracts what test_verifier needs from Debian's linux-source-6.1 tarball
# into O/upstream/ (once: the extraction is kept while the tarball is the
# same), generates verifier/tests.h as the upstream Makefile does, builds
# test_verifier against the system libbpf, and runs it through
# O/libsysbpf.so: privileged, then the unprivileged variants.  Prints one
# TAP line a case and mode, "#N/p NAME" or "#N/u NAME", with the known
# failures of tools/testing/selftests/bpf/test_verifier.known_failures
# as "# SKIP".  Where the host allows bpf(2) it also runs the same cases
# and the repository's BPF objects on the host kernel and writes the
# verdicts that differ to O/test_verifier.diff.txt.
# See Documentation/bpf/test_verifier.md.
set -uo pipefail

O=build
update=
diff=1
for arg in "$@"; do
	case $arg in
	--update-known-failures) update=--update-known-failures ;;
	--no-diff) diff= ;;
	-*) echo "usage: $0 [O] [--update-known-failures] [--no-diff]" >&2; exit 2 ;;
	*) O=$arg ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
O=$(mkdir -p "$O" && cd "$O" && pwd)

tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
up=$O/upstream
src=$up/linux-source-6.1
bpfdir=$src/tools/testing/selftests/bpf
ours=tools/testing/selftests/bpf
known=$ours/test_verifier.known_failures

bail() {	# a reason the suite could not run: one failed TAP line
	echo "1..1"
	echo "not ok 1 - test_verifier: $*"
	exit 1
}

[ -r "$tarball" ] || bail "linux-source-6.1 missing ($tarball; apt-get install linux-source-6.1)"

# What test_verifier.c includes, and nothing else of the 150 MB tree.
members=(
	tools/include
	tools/testing/selftests/bpf/test_verifier.c
	'tools/testing/selftests/bpf/verifier/*.c'
	tools/testing/selftests/bpf/cap_helpers.c
	tools/testing/selftests/bpf/cap_helpers.h
	tools/testing/selftests/bpf/bpf_rand.h
	tools/testing/selftests/bpf/bpf_util.h
	tools/testing/selftests/bpf/test_btf.h
)
stamp="$(stat -L -c '%n %s %Y' "$tarball") ${members[*]}"
if [ "$(cat "$up/.extracted" 2>/dev/null)" != "$stamp" ]; then
	echo "# extracting test_verifier from $tarball" >&2
	rm -rf "$up.tmp"
	mkdir -p "$up.tmp"
	tar -xJf "$tarball" -C "$up.tmp" --wildcards \
		"${members[@]/#/linux-source-6.1/}" ||
		bail "cannot extract test_verifier from $tarball"
	# as the upstream Makefile generates it
	(cd "$up.tmp/linux-source-6.1/tools/testing/selftests/bpf/verifier" &&
	 { echo '/* Generated header, do not edit */'
	   echo '#ifdef FILL_ARRAY'
	   ls *.c | sed -e 's@\(.*\)@#include "\1"@'
	   echo '#endif'; } > tests.h) || bail "cannot generate verifier/tests.h"
	rm -rf "$up"
	mv "$up.tmp" "$up"
	echo "$stamp" > "$up/.extracted"
fi

# Built as upstream builds it (-O0, its own tools/include), against the
# system libbpf and the Debian 6.1 uapi headers.
CC=${CC:-gcc}
cflags=(-g -O0 -Wall -I"$bpfdir" -I"$src/tools/include")
libs=(-lbpf -lelf -lz)
build() {	# output, sources...
	local out=$1 s
	shift
	for s in "$@" "$up/.extracted"; do
		if [ ! -x "$out" ] || [ "$s" -nt "$out" ]; then
			"$CC" "${cflags[@]}" -o "$out.tmp" "$@" "${libs[@]}" >> "$up/build.log" 2>&1 &&
				mv "$out.tmp" "$out"
			return
		fi
	done
}
: > "$up/build.log"
build "$up/test_verifier" "$bpfdir/test_verifier.c" "$bpfdir/cap_helpers.c"
# the case table of the same source (main renamed, nothing else changed)
cflags+=(-w)
build "$up/test_verifier_cases" "$ours/test_verifier_cases.c" "$bpfdir/cap_helpers.c"
cflags=(-O2 -g -Wall -Wextra -Werror -Wno-unused-parameter)
build "$up/verdict_diff" "$ours/verdict_diff.c"
for b in test_verifier test_verifier_cases verdict_diff; do
	[ -x "$up/$b" ] || bail "$b does not build (see $up/build.log)"
done

# The shim; a sanitizer build needs its runtimes loaded before it.
shim=$O/libsysbpf.so
[ -r "$shim" ] || bail "$shim not built"
preload=$shim
for rt in ubsan tsan asan; do
	if ldd "$shim" 2>/dev/null | grep -q "lib$rt"; then
		preload="$("$CC" -print-file-name=lib$rt.so) $preload"
	fi
done

hostargs=()
if [ -n "$diff" ] && scripts/host-bpf.sh 2>/dev/null; then
	hostargs=(--host --verdict-diff "$up/verdict_diff" --objects)
	for obj in "$O"/examples/*.bpf.o; do
		[ -e "$obj" ] && hostargs+=("$obj")
	done
fi

exec python3 scripts/test_verifier_runner.py --bin "$up/test_verifier" \
	--lister "$up/test_verifier_cases" --preload "$preload" \
	--known "$known" --outdir "$up" --report "$O/test_verifier.diff.txt" \
	${update:+"$update"} "${hostargs[@]}"
