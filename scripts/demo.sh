#!/usr/bin/env bash
# The demo: the example loaders (unmodified libbpf) run in sysbpf,
# in-process through the preload shim; packets go in through
# BPF_PROG_TEST_RUN and the tables come out of the maps.
set -euo pipefail
O=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
for demo in xdp_flow tc_classifier socket_filter; do
	echo "=== $demo (sysbpf, in-process) ==="
	"$O/sysbpf" exec -- "$O/examples/$demo"
	echo
done
