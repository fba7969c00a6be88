#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The verifier benchmark: the repository's examples and the upstream 6.1
# selftests' BPF programs, loaded in the host kernel and in sysbpf.
#
#   scripts/bench-verifier.sh [O] [bench_verifier options: -r REPS -t SECONDS -q]
#
# Extracts tools/testing/selftests/bpf/progs (and the headers they include)
# from Debian's linux-source-6.1 tarball into O/bench-verifier/ (once: kept
# while the tarball is the same), generates vmlinux.h from the running
# kernel's BTF, compiles every progs/*.c that compiles as upstream's
# Makefile compiles them (clang -O2 -target bpf -mcpu=v3, each file on its
# own; the parts of upstream's linked objects linked with bpftool), and
# runs O/bench/bench_verifier on O/examples/*.bpf.o and those objects.  The output, a table with a summary, is also
# written to O/bench/bench_verifier.out.
# See Documentation/bpf/benchmarks.md.
set -uo pipefail

O=build
args=()
for arg in "$@"; do
	case $arg in
	-*) args+=("$arg") ;;
	*) if [ ${#args[@]} -gt 0 ]; then args+=("$arg"); else O=$arg; fi ;;
	esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
O=$(mkdir -p "$O" && cd "$O" && pwd)

tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
bv=$O/bench-verifier
src=$bv/linux-source-6.1
bpfdir=$src/tools/testing/selftests/bpf
bench=$O/bench/bench_verifier
CLANG=${CLANG:-clang}

die() { echo "bench-verifier: $*" >&2; exit 1; }

[ -x "$bench" ] || die "$bench not built (make $bench)"
[ -r "$O/libsysbpf.so" ] || die "$O/libsysbpf.so not built"

# What the progs include, and nothing else of the tree.
members=(
	'tools/testing/selftests/bpf/progs'
	'tools/testing/selftests/bpf/*.h'
	'tools/testing/selftests/bpf/bpf_testmod'
	'tools/include/uapi'
)
have_src=
if [ -r "$tarball" ]; then
	stamp="$(stat -L -c '%n %s %Y' "$tarball") ${members[*]}"
	if [ "$(cat "$bv/.extracted" 2>/dev/null)" != "$stamp" ]; then
		echo "# extracting the selftests' BPF programs from $tarball" >&2
		rm -rf "$bv.tmp"
		mkdir -p "$bv.tmp"
		if tar -xJf "$tarball" -C "$bv.tmp" --wildcards \
			"${members[@]/#/linux-source-6.1/}"; then
			rm -rf "$bv"
			mv "$bv.tmp" "$bv"
			echo "$stamp" > "$bv/.extracted"
		else
			rm -rf "$bv.tmp"
			echo "# cannot extract from $tarball: examples only" >&2
		fi
	fi
	[ -d "$bpfdir/progs" ] && have_src=1
else
	echo "# $tarball missing (apt-get install linux-source-6.1): examples only" >&2
fi

header="Upstream 6.1 selftests: not available"
objs=("$O"/examples/*.bpf.o)
[ -e "${objs[0]}" ] || objs=()

if [ -n "$have_src" ]; then
	inc=$bv/include
	mkdir -p "$inc" "$bv/progs"
	# vmlinux.h of the running kernel, as upstream generates it
	btf=/sys/kernel/btf/vmlinux
	kstamp="$(uname -r) $(stat -L -c '%s' $btf 2>/dev/null)"
	if [ ! -s "$inc/vmlinux.h" ] || [ "$(cat "$inc/.vmlinux" 2>/dev/null)" != "$kstamp" ]; then
		bpftool btf dump file $btf format c > "$inc/vmlinux.h.tmp" ||
			die "cannot generate vmlinux.h from $btf"
		mv "$inc/vmlinux.h.tmp" "$inc/vmlinux.h"
		echo "$kstamp" > "$inc/.vmlinux"
		rm -f "$bv"/progs/*.bpf.o "$bv"/progs/*.err
	fi
	# bpf_helpers.h and friends: the system libbpf's (Debian libbpf-dev 1.1)
	ln -sfn /usr/include/bpf "$inc/bpf"

	# upstream's BPF_CFLAGS and CLANG_CFLAGS for test_progs
	sysinc=$("$CLANG" -v -E - </dev/null 2>&1 |
		sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }' |
		tr '\n' ' ')
	export BV_CFLAGS="-g -Werror -D__TARGET_ARCH_x86 -mlittle-endian -I$inc -I$bpfdir \
		-I$src/tools/include/uapi $sysinc -Wno-compare-distinct-pointer-types \
		-DENABLE_ATOMICS_TESTS -O2 -target bpf -mcpu=v3" BV_OUT=$bv/progs CLANG
	compile() {
		local n extra=
		n=$(basename "$1" .c)
		case $n in test_l4lb_noinline|test_xdp_noinline) extra=-fno-inline ;; esac
		# shellcheck disable=SC2086
		if "$CLANG" $BV_CFLAGS $extra -c "$1" -o "$BV_OUT/$n.bpf.o.tmp" 2> "$BV_OUT/$n.err"; then
			mv "$BV_OUT/$n.bpf.o.tmp" "$BV_OUT/$n.bpf.o"
			rm -f "$BV_OUT/$n.err"
		else
			rm -f "$BV_OUT/$n.bpf.o.tmp"
		fi
	}
	export -f compile
	todo=()
	for c in "$bpfdir"/progs/*.c; do
		o=$bv/progs/$(basename "$c" .c)
		# built, or known not to build with this vmlinux.h
		[ "$o.bpf.o" -nt "$c" ] || [ "$o.err" -nt "$c" ] || todo+=("$c")
	done
	if [ ${#todo[@]} -gt 0 ]; then
		echo "# compiling ${#todo[@]} selftests BPF programs" >&2
		printf '%s\n' "${todo[@]}" | xargs -P "$(nproc)" -I{} bash -c 'compile "$1"' _ {}
	fi
	nsrc=$(ls "$bpfdir"/progs/*.c | wc -l)
	built=("$bv"/progs/*.bpf.o)
	failed=$(cd "$bv/progs" && ls *.err 2>/dev/null | sed 's/\.err$//' | tr '\n' ' ')

	# Upstream's linked objects (its Makefile's LINKED_SKELS): the parts
	# do not load on their own, the linked whole does.  Its SKEL_BLACKLIST
	# is not loaded either (BTF only, or loaded by other means).
	linked=(
		"test_static_linked: test_static_linked1 test_static_linked2"
		"linked_funcs: linked_funcs1 linked_funcs2"
		"linked_vars: linked_vars1 linked_vars2"
		"linked_maps: linked_maps1 linked_maps2"
		"test_subskeleton: test_subskeleton_lib2 test_subskeleton_lib test_subskeleton"
		"test_subskeleton_lib: test_subskeleton_lib2 test_subskeleton_lib"
		"test_usdt: test_usdt test_usdt_multispec"
	)
	skip=" test_pinning_invalid test_sk_assign "
	mkdir -p "$bv/linked"
	for l in "${linked[@]}"; do
		name=${l%%:*}
		parts=()
		for p in ${l#*:}; do
			skip+="$p "
			parts+=("$bv/progs/$p.bpf.o")
		done
		out=$bv/linked/$name.bpf.o
		[ -e "$out" ] && [ "$out" -nt "${parts[0]}" ] && continue
		bpftool gen object "$out" "${parts[@]}" 2> "$bv/linked/$name.err" &&
			rm -f "$bv/linked/$name.err"
	done
	nlinked=0
	for o in "${built[@]}"; do
		n=$(basename "$o" .bpf.o)
		case "$skip" in *" $n "*) continue ;; esac
		case $n in btf__*) continue ;; esac
		objs+=("$o")
	done
	for o in "$bv"/linked/*.bpf.o; do
		[ -e "$o" ] && objs+=("$o") && nlinked=$((nlinked + 1))
	done
	header="Upstream 6.1 selftests: $nsrc progs/*.c, ${#built[@]} compile against"
	header+=" the host's vmlinux.h ($(uname -r)), $((nsrc - ${#built[@]})) do not: $failed"
	header+=$'\n'"Benchmarked: those but upstream's SKEL_BLACKLIST (btf__*, test_pinning_invalid,"
	header+=" test_sk_assign), with upstream's $nlinked linked objects in place of their parts"
	header+=$'\n'"(compiler messages in $bv/progs/NAME.err)"
fi

[ ${#objs[@]} -gt 0 ] || die "no BPF objects (make examples)"
mkdir -p "$O/bench"
# A copy of the shim: a build in O during the run must not change it.
shim=$(mktemp "$O/bench/libsysbpf.XXXXXX.so") || die "mktemp"
trap 'rm -f "$shim"' EXIT
cp "$O/libsysbpf.so" "$shim" || die "cannot copy $O/libsysbpf.so"
report() {
	echo "$header"
	echo "Machine: $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo
	echo "sysbpf: $O/libsysbpf.so of $(date -u -r "$O/libsysbpf.so" '+%F %T UTC')" \
		"(git $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- 2>/dev/null || echo ' + uncommitted changes'))"
	echo
	"$bench" -s "$shim" "${args[@]}" "${objs[@]}"
}
report | tee "$O/bench/bench_verifier.out"
