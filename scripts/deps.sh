#!/usr/bin/env bash
# Installs the Debian packages sysbpf builds and tests with, if missing.
# As root it runs apt-get; otherwise it names what to install and fails.
set -euo pipefail

# libclang-rt-dev: clang's sanitizer and libFuzzer runtimes (only a
# Recommends of clang, which --no-install-recommends leaves out)
pkgs=(gcc make clang llvm libclang-rt-dev libbpf-dev bpftool liburcu-dev
      libfuse3-dev fuse3 linux-libc-dev libelf-dev zlib1g-dev pkg-config
      linux-source-6.1 python3 xz-utils)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "sysbpf: missing Debian packages: ${missing[*]}" >&2
	echo "sysbpf: install them as root: apt-get install ${missing[*]}" >&2
	exit 1
fi
echo "sysbpf: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
