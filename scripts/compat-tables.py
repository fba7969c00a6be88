#!/usr/bin/env python3
"""Lists every bpf(2) command, map type, program type and helper of the
6.1 uapi (linux-libc-dev's <linux/bpf.h>), with the status this build
claims for each, read from scripts/compat-status.txt.  Its output is
the reference part of Documentation/bpf/compat.md; `make check` compares
the two so that the document cannot silently fall behind the uapi."""
import re
import sys

UAPI = "/usr/include/linux/bpf.h"


def enum_members(src, name):
    m = re.search(r"enum %s \{(.*?)\};" % name, src, re.S)
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    out = []
    for line in body.split(","):
        line = line.strip()
        if not line or line.startswith("__"):
            continue
        ident = line.split("=")[0].strip()
        if re.match(r"^[A-Z_0-9]+$", ident) and ident not in out:
            out.append(ident)
    return out


def helpers(src):
    m = re.search(r"#define __BPF_FUNC_MAPPER\(FN\)(.*?)\n\n", src, re.S)
    return re.findall(r"FN\((\w+)\)", m.group(1))


def load_status(path):
    status = {}
    for line in open(path):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        key, _, rest = line.partition(":")
        status[key.strip()] = rest.strip()
    return status


def table(title, names, status, prefix=""):
    rows = ["## %s\n" % title, "| name | status |", "|---|---|"]
    for n in names:
        rows.append("| %s%s | %s |" % (prefix, n, status.get(n, "not yet")))
    return "\n".join(rows) + "\n"


def main():
    src = open(UAPI).read()
    status = load_status(sys.argv[1])
    cmds = [c for c in enum_members(src, "bpf_cmd") if c.startswith("BPF_")]
    maps = enum_members(src, "bpf_map_type")
    progs = enum_members(src, "bpf_prog_type")
    funcs = ["bpf_" + f for f in helpers(src) if f != "unspec"]
    print(table("Commands", cmds, status))
    print(table("Map types", maps, status))
    print(table("Program types", progs, status))
    print(table("Helpers (by 6.1 id)", funcs, status))


main()
