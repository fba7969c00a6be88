#!/usr/bin/env bash
# Succeeds when this machine lets us call the host kernel's bpf(2):
# root (or CAP_BPF) and BPF enabled.  Differential tests and benchmarks
# run only then.
exec python3 - <<'PY'
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
# union bpf_attr for BPF_MAP_CREATE: an ARRAY of one u32
attr = struct.pack("IIII", 2, 4, 4, 1) + bytes(128 - 16)
buf = ctypes.create_string_buffer(attr, len(attr))
fd = libc.syscall(321, 0, buf, len(attr))
if fd < 0:
    sys.exit(1)
os.close(fd)
PY
