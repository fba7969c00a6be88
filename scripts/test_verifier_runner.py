#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Runs the upstream 6.1 test_verifier through the shim and reports TAP.

Called by scripts/upstream-test-verifier.sh, which extracts and builds
test_verifier, its case lister and verdict_diff.  See
Documentation/bpf/test_verifier.md.

Passes (each test_verifier run as root, as upstream CI runs it):
  priv    through the shim, kernel.unprivileged_bpf_disabled=2 (Debian's
          default): test_verifier runs every case privileged (#N/p) and
          skips the unprivileged variants.
  unpriv  through the shim, kernel.unprivileged_bpf_disabled=0: test_verifier
          also runs the unprivileged variant (#N/u) of each case that has
          one, with CAP_BPF/CAP_PERFMON/CAP_NET_ADMIN cleared from its
          effective set; its #N/u lines are taken from this pass.
  host    the same binary on the host kernel, no shim (differential only).

A case that crashes or hangs test_verifier is reported and the run goes on
from the next case (test_verifier takes a "from to" range).
"""
import argparse
import os
import re
import select
import signal
import subprocess
import sys
import time

UNDEF, ACCEPT, REJECT, VERBOSE_ACCEPT = 0, 1, 2, 3
NEW_REASON = "verifier: not yet (issue 3)"

PROG_TYPES = [
    "unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
    "tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock",
    "lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb", "cgroup_device",
    "sk_msg", "raw_tracepoint", "cgroup_sock_addr", "lwt_seg6local",
    "lirc_mode2", "sk_reuseport", "flow_dissector", "cgroup_sysctl",
    "raw_tracepoint_writable", "cgroup_sockopt", "tracing", "struct_ops",
    "ext", "lsm", "sk_lookup", "syscall",
]
MAP_TYPES = [
    "unspec", "hash", "array", "prog_array", "perf_event_array",
    "percpu_hash", "percpu_array", "stack_trace", "cgroup_array",
    "lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
    "hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash",
    "cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
    "queue", "stack", "sk_storage", "devmap_hash", "struct_ops", "ringbuf",
    "inode_storage", "task_storage", "bloom_filter",
]

HEADER = re.compile(rb"^#(\d+)/([pu]) ", re.M)
SUMMARY = re.compile(rb"^Summary: \d+ PASSED, \d+ SKIPPED, \d+ FAILED$", re.M)
PASS_LINE = re.compile(r"(Did not run the program \([a-z ]+\) )*(\d+ cases )?OK"
                       r"( \(NOTE: not executed due to unknown alignment\))?\s*")


class Case:
    def __init__(self, line):
        f = line.rstrip("\n").split("\t", 8)
        self.idx = int(f[0])
        self.unpriv = f[1] == "1"
        self.result = int(f[2])
        self.result_unpriv = int(f[3])
        self.prog_type = int(f[4])
        self.needs = set() if f[5] == "-" else set(f[5].split(","))
        self.errstr = f[6]
        self.errstr_unpriv = f[7]
        self.descr = f[8]

    def modes(self):
        return ("u", "p") if self.unpriv else ("p",)

    def key(self, mode):
        return "#%d/%s %s" % (self.idx, mode, self.descr)

    def expected_err(self, mode):
        return self.errstr_unpriv if mode == "u" and self.errstr_unpriv else self.errstr

    def expected(self, mode):
        r = self.result
        if mode == "u" and self.result_unpriv != UNDEF:
            r = self.result_unpriv
        return "accept" if r in (ACCEPT, VERBOSE_ACCEPT) else "reject"


class Result:
    """status: pass, fail, skip (test_verifier skipped it), crash, timeout,
    missing.  verdict: accept, reject or None (not loaded, or unknown)."""

    def __init__(self, status, verdict=None, text="", detail=""):
        self.status = status
        self.verdict = verdict
        self.text = text
        self.detail = detail

    def why(self):
        """One line saying how the case failed."""
        if self.detail:
            return self.detail
        lines = [l for l in self.text.splitlines() if l.strip()]
        for i, l in enumerate(lines):
            if l.startswith("Failed to load prog"):
                return "%s: %s" % (l, log_reason(lines[i + 1:]))
            if l == "Unexpected error message!":
                exp = lines[i + 1].strip() if i + 1 < len(lines) else ""
                got = log_reason([x.replace("\tRES: ", "", 1) for x in lines[i + 2:]])
                return "%s %s, got: %s" % (l, exp, got)
            if (l.startswith("FAIL") and l != "FAIL") or l.startswith("Unexpected") \
                    or l.startswith("Failed"):
                return l.strip()
        return lines[0].strip() if lines else self.status


def log_reason(lines):
    """The first line of a verifier log that says something."""
    for l in lines:
        l = l.strip()
        if l and not l.startswith("verification time") and not l.startswith("processed "):
            return l
    return "(empty log)"


# What do_test_fixup() prints before the verdict, when a map cannot be made.
FIXUP_NOISE = ("Failed to create", "Failed to load BTF spec")


def classify(text, expected):
    """test_verifier's words for a case -> Result (see do_test_single())."""
    lines = text.split("\n")
    while len(lines) > 1 and lines[0].startswith(FIXUP_NOISE):
        lines.pop(0)
    first = lines[0]
    if first.startswith("SKIP"):
        return Result("skip", None, text, "test_verifier: " + first.strip())
    if PASS_LINE.fullmatch(first):
        return Result("pass", expected, text)
    if "Unexpected success to load!" in text:
        verdict = "accept"
    elif "Failed to load prog '" in text or "Unexpected error message!" in text:
        verdict = "reject"
    elif "Unexpected verifier log!" in text:
        verdict = "accept"		# VERBOSE_ACCEPT: loaded, log differs
    elif "FAIL retval" in text or "Unexpected bpf_prog_test_run error" in text:
        verdict = "accept"
    elif ("Unexpected insn_processed" in text or "subsequence of instructions" in text
          or "can't get xlated program" in text):
        verdict = expected		# checked after the verdict matched
    else:
        verdict = None			# failed before loading
    return Result("fail", verdict, text)


def load_cases(lister):
    out = subprocess.run([lister], stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    return [Case(l) for l in out.splitlines() if l]


SANITIZER = re.compile(r"runtime error|ERROR: \w+Sanitizer|WARNING: ThreadSanitizer")


def stderr_report(err, start, any_line):
    """The first sanitizer line test_verifier wrote to err past start, or
    with any_line its first line at all."""
    err.seek(start)
    lines = [l.strip() for l in err.read().decode("utf-8", "replace").splitlines()
             if l.strip() and not l.startswith("### ")]
    for line in lines:
        if SANITIZER.search(line):
            return line[:200]
    return lines[0][:200] if any_line and lines else None


def run_range(cmd, env, first, last, case_timeout, deadline, raw, err):
    """Runs test_verifier on cases first..last.  Returns (output bytes,
    finished, how it ended)."""
    start = os.fstat(err.fileno()).st_size
    proc = subprocess.Popen(cmd + [str(first), str(last)], env=env,
                            stdout=subprocess.PIPE, stderr=err,
                            start_new_session=True)
    buf = bytearray()
    scan = 0
    progress = time.monotonic()
    killed = None
    fd = proc.stdout.fileno()
    while True:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            buf += chunk
            for m in HEADER.finditer(buf, scan):
                scan = m.end()
                progress = time.monotonic()
        now = time.monotonic()
        if killed is None and now - progress > case_timeout:
            killed = "timeout: no result in %d s" % case_timeout
        elif killed is None and now > deadline:
            killed = "timeout: the suite's time limit"
        if killed and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    rc = proc.wait()
    proc.stdout.close()
    raw.write(bytes(buf))
    raw.flush()
    finished = SUMMARY.search(buf) is not None
    if killed:
        how = killed
    elif rc < 0:
        how = "killed by signal %d (%s)" % (-rc, signal.Signals(-rc).name)
    else:
        how = "exited with status %d" % rc
    said = stderr_report(err, start, not HEADER.search(buf))
    if said and not finished:
        how += ": " + said
    return bytes(buf), finished, how


def segments(buf, cases, first):
    """(case, mode, text) for each case test_verifier started, in order."""
    out = []
    matches = []
    for m in HEADER.finditer(buf):
        idx = int(m.group(1))
        if idx < first or idx >= len(cases):
            continue
        name = cases[idx].descr.encode() + b" "
        if buf[m.end():m.end() + len(name)] != name:
            continue			# not a case header: part of a log
        matches.append((m, idx, m.group(2).decode(), m.end() + len(name)))
    for i, (m, idx, mode, start) in enumerate(matches):
        end = matches[i + 1][0].start() if i + 1 < len(matches) else len(buf)
        s = SUMMARY.search(buf, start, end)
        if s:
            end = s.start()
        out.append((cases[idx], mode, buf[start:end].decode("utf-8", "replace")))
    return out


def run_pass(name, cmd, env, cases, collect, args, outdir):
    """Every case of the modes in collect -> Result."""
    results = {}
    deadline = args.deadline
    first = 0
    n = len(cases)
    base = os.path.join(outdir, "test_verifier.%s" % name)
    open(base + ".err", "wb").close()
    # appending: test_verifier shares the offset with the reads of the report
    with open(base + ".out", "wb") as raw, open(base + ".err", "a+b") as err:
        while first < n:
            raw.write(b"### test_verifier %d %d\n" % (first, n - 1))
            err.write(b"### test_verifier %d %d\n" % (first, n - 1))
            err.flush()
            buf, finished, how = run_range(cmd, env, first, n - 1, args.case_timeout,
                                           deadline, raw, err)
            segs = segments(buf, cases, first)
            for case, mode, text in segs:
                if mode in collect:
                    results[(case.idx, mode)] = classify(text, case.expected(mode))
            if finished:
                if not how.startswith("exited"):
                    results[("exit", name)] = Result("crash", detail=how)
                break
            if not segs:
                # it died before its first case: no case can run
                for case in cases[first:]:
                    for mode in case.modes():
                        if mode in collect:
                            results[(case.idx, mode)] = Result(
                                "missing", detail="(not run) test_verifier did not start a case: "
                                + how)
                break
            case, mode, text = segs[-1]
            if mode in collect:
                status = "timeout" if how.startswith("timeout") else "crash"
                results[(case.idx, mode)] = Result(status, None, text, "(%s) test_verifier %s"
                                                   % (status, how.replace("timeout: ", "")))
            if time.monotonic() > deadline:
                break
            first = case.idx + 1
    late = time.monotonic() > deadline
    for case in cases:
        for mode in case.modes():
            if mode in collect and (case.idx, mode) not in results:
                results[(case.idx, mode)] = Result(
                    "missing", detail="(not run) " + ("the suite's time limit was reached"
                                                      if late else "test_verifier did not reach it"))
    return results


# ---- the known-failures list ----

KF_LINE = re.compile(r"^#(\d+)/([pu]) (.*?) # (.*)$")


def read_known(path):
    known = {}
    if not os.path.exists(path):
        return known
    with open(path) as f:
        for line in f:
            m = KF_LINE.match(line.rstrip("\n"))
            if m:
                known[(int(m.group(1)), m.group(2))] = (m.group(3), m.group(4).strip())
    return known


def suggest_reason(case, mode, res):
    """A first reason for a new entry: coarse, to be refined by hand."""
    if res.status in ("crash", "timeout", "missing"):
        return res.detail
    if "kfunc" in case.needs and "unsupported feature" in res.detail:
        return "kfunc calls not supported yet (ENOTSUPP)"
    if "attach" in case.needs:
        return "prog type %s with a vmlinux BTF attach target not supported yet" % (
            PROG_TYPES[case.prog_type] if case.prog_type < len(PROG_TYPES) else case.prog_type)
    if res.status == "skip":
        m = re.search(r"unsupported program type (\d+)", res.detail)
        if m:
            t = int(m.group(1))
            return "prog type %s not supported yet" % (PROG_TYPES[t] if t < len(PROG_TYPES) else t)
        m = re.search(r"unsupported map type (\d+)", res.detail)
        if m:
            t = int(m.group(1))
            return "map type %s not supported yet (issue 4)" % (
                MAP_TYPES[t] if t < len(MAP_TYPES) else t)
        return "ENOTSUPP: a feature the case uses is not supported yet"
    if "kfunc" in case.needs:
        return "kfunc calls not supported yet"
    for l in res.text.splitlines():
        if l.startswith("Failed to create"):
            return "fixup: %s" % l.strip()
    why = res.why()
    err = case.expected_err(mode)
    says = " ('%s')" % err if err else ""
    if "fd -1 is not pointing to valid bpf_map" in why:
        return "fixup: no prog array (loading a bpf_tail_call program fails)"
    m = re.search(r"unknown func (bpf_\w+)#", why)
    if m and res.verdict == "reject":
        return "helper %s not implemented yet" % m.group(1)
    if res.verdict == "accept" and case.expected(mode) == "reject":
        return "verifier: accepts what 6.1 rejects%s (issue 3)" % says
    if res.verdict == "reject" and case.expected(mode) == "accept":
        return "verifier: rejects a valid program: %s (issue 3)" % why.split(": ", 1)[-1]
    if res.verdict == "reject":
        return "verifier: rejects, not with 6.1's message%s (issue 3)" % says
    if "Unexpected verifier log" in why:
        return "verifier: accepts, but its log lacks 6.1's%s (issue 3)" % says
    if "insn_processed" in why:
        return "verifier: insn_processed differs (issue 3)"
    if "FAIL retval" in why or "bpf_prog_test_run" in why:
        return "run: %s" % why
    return NEW_REASON


HEADER_TEXT = """\
# Known failures of the upstream Linux 6.1 test_verifier under sysbpf.
#
# One line a case: "#INDEX/MODE DESCRIPTION # REASON", MODE p (privileged)
# or u (unprivileged), INDEX and DESCRIPTION as test_verifier names the
# case.  A listed case that fails counts as skipped; a failing case not
# listed fails `make check`; a listed case that passes asks to be removed.
# scripts/upstream-test-verifier.sh build --update-known-failures rewrites
# this list from a run, keeping the reasons written here.
# See Documentation/bpf/test_verifier.md.
"""


def write_known(path, cases, results, known):
    lines = []
    for case in cases:
        for mode in ("p", "u"):
            res = results.get((case.idx, mode))
            if res is None or res.status == "pass":
                continue
            old = known.get((case.idx, mode))
            reason = old[1] if old and old[0] == case.descr else suggest_reason(case, mode, res)
            lines.append("%s # %s\n" % (case.key(mode), reason))
    with open(path + ".tmp", "w") as f:
        f.write(HEADER_TEXT)
        f.writelines(lines)
    os.replace(path + ".tmp", path)
    return len(lines)


# ---- the differential ----

def read_verdicts(path):
    v = {}
    if not os.path.exists(path):
        return v
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3:
                v[(p[0], p[1])] = (p[2], "\t".join(p[3:]))
    return v


def differential(cases, shim, host, modes, host_note, objs, out):
    """Writes the report; returns its one-line summary."""
    differ, drift = [], []
    compared = unknown = 0
    for case in cases:
        for mode in case.modes():
            if mode not in modes:
                continue
            s, h = shim.get((case.idx, mode)), host.get((case.idx, mode))
            if not s or not h or s.verdict is None or h.verdict is None:
                unknown += 1
                continue
            compared += 1
            if s.verdict != h.verdict:
                differ.append((case, mode, s, h))
            elif (s.status == "pass") != (h.status == "pass"):
                drift.append((case, mode, s, h))
    obj_rows, obj_differ = [], 0
    sv, hv = objs
    for key in sorted(set(sv) | set(hv)):
        a, b = sv.get(key, ("missing", "")), hv.get(key, ("missing", ""))
        same = a[0] == b[0]
        obj_differ += not same
        obj_rows.append((key, a, b, same))
    s_acc = sum(1 for d in differ if d[2].verdict == "accept")
    host_drift = sum(1 for d in differ if d[3].verdict != d[0].expected(d[1]))
    summary = ("test_verifier differential vs host %s: %d cases compared, %d same verdict, "
               "%d differ (sysbpf accepts %d the host rejects, rejects %d it accepts; "
               "%d where the host is not 6.1), "
               "%d not comparable; BPF objects: %d programs, %d differ"
               % (os.uname().release, compared, compared - len(differ), len(differ),
                  s_acc, len(differ) - s_acc, host_drift, unknown, len(obj_rows), obj_differ))
    with open(out, "w") as f:
        f.write("# sysbpf vs the host kernel (%s): verifier verdicts\n\n" % os.uname().release)
        f.write(summary + "\n")
        if host_note:
            f.write(host_note + "\n")
        f.write("\nThe host runs a newer kernel: message drift is expected, a verdict\n"
                "that differs is to be explained.  'expected' is test_verifier's.\n")
        f.write("\n## Verdicts that differ (%d)\n\n" % len(differ))
        for case, mode, s, h in differ:
            f.write("%s\n    expected %s; sysbpf %s (%s); host %s (%s)\n"
                    % (case.key(mode), case.expected(mode), s.verdict, s.status,
                       h.verdict, h.status))
            f.write("    sysbpf: %s\n    host:   %s\n" % (s.why()[:160], h.why()[:160]))
        f.write("\n## Same verdict, one side fails the case's message or retval (%d)\n\n"
                % len(drift))
        for case, mode, s, h in drift:
            f.write("%s: sysbpf %s, host %s\n" % (case.key(mode), s.status, h.status))
        f.write("\n## BPF objects of the repository (%d programs, %d differ)\n\n"
                % (len(obj_rows), obj_differ))
        for (obj, prog), a, b, same in obj_rows:
            f.write("%s %s %s: sysbpf %s%s, host %s%s\n"
                    % ("  " if same else "!!", obj, prog, a[0],
                       " (%s)" % a[1] if a[1] else "", b[0], " (%s)" % b[1] if b[1] else ""))
    return summary


# ---- main ----

def tap_name(case, mode):
    return case.key(mode)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--lister", required=True)
    ap.add_argument("--preload", required=True)
    ap.add_argument("--known", required=True)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--report", required=True, help="the differential's report")
    ap.add_argument("--update-known-failures", action="store_true")
    ap.add_argument("--host", action="store_true", help="run the differential")
    ap.add_argument("--verdict-diff", help="verdict_diff binary")
    ap.add_argument("--objects", nargs="*", default=[])
    ap.add_argument("--case-timeout", type=float, default=60,
                    help="seconds a case may run")
    ap.add_argument("--suite-timeout", type=float, default=420,
                    help="seconds all passes together may run")
    args = ap.parse_args()

    t0 = time.monotonic()
    args.deadline = t0 + args.suite_timeout
    cases = load_cases(args.lister)
    base = ["stdbuf", "-o0", args.bin]	# unbuffered: a crash loses nothing
    env = dict(os.environ)
    env.pop("SYSBPF_UNPRIV", None)
    env["LD_PRELOAD"] = args.preload
    env["SYSBPF_UNPRIVILEGED_BPF_DISABLED"] = "2"
    priv = run_pass("priv", base, env, cases, ("p",), args, args.outdir)
    unpriv_env = dict(env, SYSBPF_UNPRIVILEGED_BPF_DISABLED="0")
    unpriv = run_pass("unpriv", base, unpriv_env, cases, ("u",), args, args.outdir)
    elapsed = time.monotonic() - t0

    results = dict(priv)
    results.update(unpriv)
    known = read_known(args.known)

    n = 0
    counts = {"p": [0, 0, 0], "u": [0, 0, 0]}	# passed, known failures, failed
    print("1..%d" % sum(len(c.modes()) for c in cases))
    for case in cases:
        for mode in ("p", "u"):
            if mode not in case.modes():
                continue
            n += 1
            res = results[(case.idx, mode)]
            k = known.get((case.idx, mode))
            if k and k[0] != case.descr:
                print("# known_failures names #%d/%s \"%s\": stale, ignored" % (case.idx, mode, k[0]))
                k = None
            name = tap_name(case, mode)
            if res.status == "pass":
                counts[mode][0] += 1
                print("ok %d - %s" % (n, name))
                if k:
                    print("# now passes, remove from known_failures: %s" % name)
            elif k and res.status != "missing":
                counts[mode][1] += 1
                print("ok %d - %s # SKIP known failure: %s" % (n, name, k[1]))
            else:
                counts[mode][2] += 1
                print("not ok %d - %s: %s" % (n, name, res.why()[:200]))
    for key, res in results.items():
        if key[0] == "exit":
            print("not ok %d - test_verifier %s pass: %s after its summary"
                  % (n + 1, key[1], res.detail))
            n += 1
    for mode, label in (("p", "privileged"), ("u", "unprivileged")):
        total = sum(counts[mode])
        print("# test_verifier %s: %d of %d cases pass (%.1f%%), %d known failures, %d new failures"
              % (label, counts[mode][0], total, 100.0 * counts[mode][0] / max(total, 1),
                 counts[mode][1], counts[mode][2]))
    print("# test_verifier: %d cases (%d privileged, %d unprivileged variants) in %.1f s"
          % (len(cases), sum(counts["p"]), sum(counts["u"]), elapsed))

    if args.update_known_failures:
        nk = write_known(args.known, cases, results, known)
        print("# wrote %d known failures to %s" % (nk, args.known))

    if args.host:
        host_env = dict(os.environ)
        host_env.pop("LD_PRELOAD", None)
        modes = ("p",)
        note = ""
        try:
            with open("/proc/sys/kernel/unprivileged_bpf_disabled") as f:
                host_unpriv = f.read().strip()
        except OSError:
            host_unpriv = "?"
        if host_unpriv == "0":
            modes = ("p", "u")
        else:
            note = ("Unprivileged variants not compared: the host's "
                    "kernel.unprivileged_bpf_disabled is %s." % host_unpriv)
        host = run_pass("host", base, host_env, cases, modes, args, args.outdir)
        sv, hv = {}, {}
        if args.verdict_diff and args.objects:
            for env_, path in ((env, "verdicts.sysbpf.txt"), (host_env, "verdicts.host.txt")):
                with open(os.path.join(args.outdir, path), "w") as f:
                    subprocess.run([args.verdict_diff] + args.objects, env=env_, stdout=f,
                                   stderr=subprocess.DEVNULL, timeout=300)
            sv = read_verdicts(os.path.join(args.outdir, "verdicts.sysbpf.txt"))
            hv = read_verdicts(os.path.join(args.outdir, "verdicts.host.txt"))
        summary = differential(cases, results, host, modes, note, (sv, hv),
                               args.report)
        print("# " + summary)
    return 1 if sum(counts[m][2] for m in counts) or any(k[0] == "exit" for k in results) else 0


if __name__ == "__main__":
    sys.exit(main())
