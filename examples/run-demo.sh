#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run every example loader and print its tables.
#
#   examples/run-demo.sh                 against the running kernel (root)
#   SYSBPF_EXEC='sysbpf exec --' examples/run-demo.sh
#                                        against sysbpf
#
# $SYSBPF_EXEC, if set, is put in front of each loader and split on
# blanks, so it may carry a command and its options.  Only the loaders
# run under it, not make.  The output of both runs should be identical.
#
# Exits non-zero if any loader does; each one checks its own verdicts.

set -u

here=$(cd "$(dirname "$0")" && pwd)
build=$here/build
demos="xdp_flow tc_classifier socket_filter"

# Build what is missing; its chatter goes to stderr so that stdout holds
# nothing but the demo's tables, ready to diff between two runs.
for demo in $demos; do
	if [ ! -x "$build/$demo" ]; then
		make -s -C "$here" all >&2 || exit 1
		break
	fi
done

status=0
for demo in $demos; do
	echo "=== $demo"
	# Deliberately unquoted: the prefix may be several words.
	# shellcheck disable=SC2086
	${SYSBPF_EXEC:-} "$build/$demo" "$@"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "=== $demo failed (exit $rc)"
		status=1
	fi
	echo
done
exit $status
