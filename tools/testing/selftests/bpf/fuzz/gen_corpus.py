#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes seeds of fuzz_verifier (input format: fuzz_verifier.h).

  gen_corpus.py [OUTDIR]
      small hand-written programs the verifier accepts, one or more for
      each program type and idiom (default OUTDIR: corpus/verifier)

  gen_corpus.py --from-test-verifier BUILD OUTDIR
      every program the upstream 6.1 test_verifier gets accepted, through
      BUILD/libsysbpf.so, privileged and unprivileged (BUILD/upstream/
      test_verifier: scripts/upstream-test-verifier.sh builds it).  A
      preload library in front of the shim (seed_dump.c) writes them.
      Then keep what adds coverage:
        fuzz_verifier -merge=1 corpus/verifier OUTDIR

Byte 0 of an input is the index of the program type in fuzz_prog_types[]
(bit 5: unprivileged, the index then in fuzz_unpriv_types[]); byte 1 the
prog_flags; byte 2 the packet length; bytes 4-5 the instruction count.
LD_IMM64 map references carry the index of one of fuzz_maps[].
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# fuzz_prog_types[] indexes
SOCKET_FILTER, SCHED_CLS, SCHED_ACT, XDP, CGROUP_SKB_IN, CGROUP_SKB_OUT, RAW_TP, \
    KPROBE, TRACEPOINT, PERF_EVENT, LWT_IN, LWT_OUT, LWT_XMIT, FLOW_DISSECTOR, \
    SK_LOOKUP, SYSCALL, SOCK_OPS, SK_SKB = range(18)
UNPRIV = 0x20
# fuzz_maps[] indexes
ARRAY_48, HASH_8, HASH_48, HASH_16, PROG_ARRAY, ARRAY_RO, ARRAY_WO = range(7)
RINGBUF = 13

# helpers (uapi enum bpf_func_id)
MAP_LOOKUP, MAP_UPDATE, MAP_DELETE = 1, 2, 3
KTIME, TRACE_PRINTK, PRANDOM = 5, 6, 7
TAIL_CALL = 12
SKB_LOAD_BYTES = 26
XDP_ADJUST_HEAD = 44
PROBE_READ_KERNEL = 113
RINGBUF_RESERVE, RINGBUF_SUBMIT = 131, 132
SNPRINTF = 165
LOOP = 181


def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhi', code, (src << 4) | dst, off, imm)


def ld_imm64(dst, src, imm, hi=0):
    return insn(0x18, dst, src, 0, imm) + insn(0, 0, 0, 0, hi)


EXIT = insn(0x95)
def mov64_imm(d, i): return insn(0xb7, d, 0, 0, i)
def mov64_reg(d, s): return insn(0xbf, d, s)
def mov32_imm(d, i): return insn(0xb4, d, 0, 0, i)
def add64_imm(d, i): return insn(0x07, d, 0, 0, i)
def add64_reg(d, s): return insn(0x0f, d, s)
def and64_imm(d, i): return insn(0x57, d, 0, 0, i)
def ldx_w(d, s, off): return insn(0x61, d, s, off)
def ldx_b(d, s, off): return insn(0x71, d, s, off)
def ldx_dw(d, s, off): return insn(0x79, d, s, off)
def stx_dw(d, s, off): return insn(0x7b, d, s, off)
def stx_w(d, s, off): return insn(0x63, d, s, off)
def st_w(d, off, imm): return insn(0x62, d, 0, off, imm)
def st_dw(d, off, imm): return insn(0x7a, d, 0, off, imm)
def st_b(d, off, imm): return insn(0x72, d, 0, off, imm)
def jgt_reg(d, s, off): return insn(0x2d, d, s, off)
def jeq_imm(d, imm, off): return insn(0x15, d, 0, off, imm)
def jne_imm(d, imm, off): return insn(0x55, d, 0, off, imm)
def jlt_imm(d, imm, off): return insn(0xa5, d, 0, off, imm)
def ja(off): return insn(0x05, 0, 0, off)
def call(i): return insn(0x85, 0, 0, 0, i)
def call_rel(off): return insn(0x85, 0, 1, 0, off)
def ld_func(dst, off): return ld_imm64(dst, 4, off)
def ld_map(dst, m): return ld_imm64(dst, 1, m)
def ld_map_value(dst, m, off): return ld_imm64(dst, 2, m, off)
def ld_abs_b(imm): return insn(0x30, 0, 0, 0, imm)
def ld_ind_w(s, imm): return insn(0x40, 0, s, 0, imm)
def atomic_add_dw(d, s, off): return insn(0xdb, d, s, off, 0)


def key0_lookup(m):
    """*(u64 *)(fp - 8) = 0; r0 = bpf_map_lookup_elem(&map m, fp - 8)"""
    return [st_dw(10, -8, 0), mov64_reg(2, 10), add64_imm(2, -8), ld_map(1, m),
            call(MAP_LOOKUP)]


RET0 = [mov64_imm(0, 0), EXIT]

# packet bounds check and one-byte read; data/data_end offsets per context
SKB_PKT = [ldx_w(2, 1, 76), ldx_w(3, 1, 80), mov64_reg(4, 2), add64_imm(4, 14),
           jgt_reg(4, 3, 2), ldx_b(0, 2, 12), EXIT, mov64_imm(0, 0), EXIT]
XDP_PKT = [ldx_w(2, 1, 0), ldx_w(3, 1, 4), mov64_reg(4, 2), add64_imm(4, 14),
           jgt_reg(4, 3, 2), ldx_b(0, 2, 12), EXIT, mov64_imm(0, 2), EXIT]

MAP_LOOKUP_USE = key0_lookup(ARRAY_48) + [
    jeq_imm(0, 0, 5), ldx_b(1, 0, 0), and64_imm(1, 31), add64_reg(0, 1),
    ldx_b(0, 0, 0), EXIT, mov64_imm(0, 0), EXIT]

HASH_UPDATE = [st_dw(10, -8, 1), st_dw(10, -16, 7), mov64_reg(2, 10), add64_imm(2, -8),
               mov64_reg(3, 10), add64_imm(3, -16), mov64_imm(4, 0), ld_map(1, HASH_8),
               call(MAP_UPDATE),
               mov64_reg(2, 10), add64_imm(2, -8), ld_map(1, HASH_8), call(MAP_LOOKUP),
               jeq_imm(0, 0, 3), mov64_imm(1, 1), atomic_add_dw(0, 1, 0), ldx_dw(0, 0, 0),
               EXIT]

BPF2BPF = [st_dw(10, -8, 3), mov64_reg(1, 10), add64_imm(1, -8), call_rel(1), EXIT,
           ldx_dw(0, 1, 0), EXIT]

BPF_LOOP = [mov64_imm(1, 4), ld_func(2, 6), mov64_imm(3, 0), mov64_imm(4, 0),
            call(LOOP), mov64_imm(0, 0), EXIT, mov64_imm(0, 0), EXIT]

TAIL = [ld_map(2, PROG_ARRAY), mov64_imm(3, 0), call(TAIL_CALL), mov64_imm(0, 1), EXIT]

BOUNDED_LOOP = [mov64_imm(0, 0), add64_imm(0, 1), jlt_imm(0, 10, -2), EXIT]

STACK_SPILL = [stx_dw(10, 1, -8), ldx_dw(1, 10, -8), mov64_imm(0, 0), EXIT]

DIRECT_VALUE = [ld_map_value(1, ARRAY_48, 4), ldx_w(0, 1, 0), EXIT]

RO_STRING = [st_dw(10, -8, 5), ld_map_value(3, ARRAY_RO, 0), mov64_reg(1, 10),
             add64_imm(1, -32), mov64_imm(2, 16), mov64_reg(4, 10), add64_imm(4, -8),
             mov64_imm(5, 8), st_dw(10, -32, 0), st_dw(10, -24, 0), call(SNPRINTF),
             mov64_imm(0, 0), EXIT]

LD_ABS = [mov64_reg(6, 1), ld_abs_b(12), mov64_imm(7, 2), ld_ind_w(7, 10), EXIT]

RAW_TP_ARGS = [ldx_dw(2, 1, 0), ldx_dw(3, 1, 8), add64_reg(2, 3), mov64_reg(0, 2), EXIT]

PROBE_READ = [ldx_dw(3, 1, 0), mov64_reg(1, 10), add64_imm(1, -8), mov64_imm(2, 8),
              call(PROBE_READ_KERNEL), ldx_dw(0, 10, -8), EXIT]

XDP_ADJUST = [mov64_imm(2, -4), mov64_reg(6, 1), call(XDP_ADJUST_HEAD)] + [
    mov64_reg(1, 6)] + XDP_PKT

SKB_LOAD = [mov64_imm(2, 0), mov64_reg(3, 10), add64_imm(3, -8),
            mov64_imm(4, 8), call(SKB_LOAD_BYTES), ldx_dw(0, 10, -8), EXIT]

SYSCALL_CTX = [ldx_w(0, 1, 0), EXIT]

SEEDS = {
    'ret0_socket': (SOCKET_FILTER, RET0),
    'ret0_unpriv': (0 | UNPRIV, RET0),
    'pkt_tc': (SCHED_CLS, SKB_PKT),
    'pkt_xdp': (XDP, XDP_PKT),
    'pkt_cgroup_skb': (CGROUP_SKB_IN, SKB_PKT[:4] + [jgt_reg(4, 3, 3), ldx_b(0, 2, 12),
                                                       and64_imm(0, 1), EXIT,
                                                       mov64_imm(0, 1), EXIT]),
    'map_lookup_cgroup_skb_unpriv': (1 | UNPRIV, key0_lookup(HASH_16) + [
        jeq_imm(0, 0, 1), ldx_dw(0, 0, 8), and64_imm(0, 1), EXIT]),
    'pkt_flow_dissector': (FLOW_DISSECTOR, SKB_PKT),
    'map_lookup_tc': (SCHED_CLS, MAP_LOOKUP_USE),
    'map_lookup_unpriv': (0 | UNPRIV, MAP_LOOKUP_USE),
    'hash_update_xdp': (XDP, HASH_UPDATE),
    'bpf2bpf_socket': (SOCKET_FILTER, BPF2BPF),
    'bpf_loop_xdp': (XDP, BPF_LOOP),
    'tail_call_tc': (SCHED_CLS, TAIL),
    'bounded_loop_cgroup_skb': (CGROUP_SKB_IN, BOUNDED_LOOP[:3] + [and64_imm(0, 1), EXIT]),
    'stack_spill_socket': (SOCKET_FILTER, STACK_SPILL),
    'direct_value_xdp': (XDP, DIRECT_VALUE),
    'snprintf_raw_tp': (RAW_TP, RO_STRING),
    'ld_abs_socket': (SOCKET_FILTER, LD_ABS),
    'raw_tp_args': (RAW_TP, RAW_TP_ARGS),
    'probe_read_kprobe': (KPROBE, PROBE_READ),
    'probe_read_raw_tp': (RAW_TP, PROBE_READ),
    'xdp_adjust_head': (XDP, XDP_ADJUST),
    'skb_load_bytes_tc': (SCHED_CLS, SKB_LOAD),
    'sk_lookup_ret': (SK_LOOKUP, [mov64_imm(0, 1), EXIT]),
    'syscall_ctx': (SYSCALL, SYSCALL_CTX),
    'lwt_in': (LWT_IN, RET0),
    'tracepoint': (TRACEPOINT, [ldx_dw(0, 1, 8), mov64_imm(0, 0), EXIT]),
    'perf_event': (PERF_EVENT, [ldx_dw(0, 1, 0), EXIT]),
    'sock_ops': (SOCK_OPS, [ldx_w(0, 1, 0), mov64_imm(0, 1), EXIT]),
}


def write_seeds(out):
    os.makedirs(out, exist_ok=True)
    for name, (ptype, body) in SEEDS.items():
        code = b''.join(body)
        cnt = len(code) // 8
        with open(os.path.join(out, name), 'wb') as f:
            f.write(bytes([ptype, 0, 64, 0, cnt & 0xff, cnt >> 8]) + code)


def from_test_verifier(build, out):
    tv = os.path.join(build, 'upstream', 'test_verifier')
    shim = os.path.join(build, 'libsysbpf.so')
    for f in (tv, shim):
        if not os.path.exists(f):
            sys.exit(f'gen_corpus.py: {f} missing (make; scripts/upstream-test-verifier.sh)')
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        lib = os.path.join(tmp, 'seed_dump.so')
        subprocess.run([os.environ.get('CC', 'cc'), '-O2', '-shared', '-fPIC', '-o', lib,
                        os.path.join(HERE, 'seed_dump.c'), '-ldl'], check=True)
        env = dict(os.environ, LD_PRELOAD=f'{lib} {os.path.abspath(shim)}',
                   SEED_DUMP_DIR=os.path.abspath(out),
                   SYSBPF_UNPRIVILEGED_BPF_DISABLED='0')
        env.pop('SYSBPF_UNPRIV', None)
        # a case that crashes test_verifier must not end the dump: go on after it
        start = 0
        while True:
            r = subprocess.run([tv, str(start), '100000'], env=env, capture_output=True,
                               text=True, timeout=1800)
            done = [int(l.split('/')[0][1:]) for l in r.stdout.splitlines()
                    if l.startswith('#') and '/' in l.split()[0]]
            if r.returncode >= 0 or not done:
                break
            start = max(done) + 1
        total = len(os.listdir(out))
    print(f'gen_corpus.py: {total} programs in {out}')


def main():
    args = sys.argv[1:]
    if args and args[0] == '--from-test-verifier':
        if len(args) != 3:
            sys.exit(__doc__)
        from_test_verifier(args[1], args[2])
        return
    write_seeds(args[0] if args else os.path.join(HERE, 'corpus', 'verifier'))


if __name__ == '__main__':
    main()
