#!/usr/bin/env bash
# Regenerates the reference tables of Documentation/bpf/compat.md from the
# 6.1 uapi, scripts/compat-status.txt and the helper sets this build's
# program types really provide (tools/compat/helper_matrix.c).
set -euo pipefail
O=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
doc=Documentation/bpf/compat.md
tmp=$(mktemp)
cat scripts/compat-status.txt > "$tmp"
"$O/tools/helper_matrix" >> "$tmp"
{
	sed -n '1,/^<!-- generated tables below/p' "$doc"
	python3 scripts/compat-tables.py "$tmp"
} > "$doc.new"
mv "$doc.new" "$doc"
rm -f "$tmp"
