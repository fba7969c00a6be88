#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_verifier: small programs the verifier accepts.

Each file: byte 0 = program type index (0 socket filter, 1 tc, 2 xdp), byte 1 =
packet length selector, then 8-byte instructions (little-endian struct bpf_insn).
"""
import os
import struct
import sys

def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhi', code, (src << 4) | dst, off, imm)

def ld_imm64(dst, src, imm):
    return insn(0x18, dst, src, 0, imm) + insn(0, 0, 0, 0, 0)

EXIT = insn(0x95)
def mov64_imm(d, i): return insn(0xb7, d, 0, 0, i)
def mov64_reg(d, s): return insn(0xbf, d, s)
def add64_imm(d, i): return insn(0x07, d, 0, 0, i)
def ldx_w(d, s, off): return insn(0x61, d, s, off)
def ldx_b(d, s, off): return insn(0x71, d, s, off)
def ldx_dw(d, s, off): return insn(0x79, d, s, off)
def stx_dw(d, s, off): return insn(0x7b, d, s, off)
def st_w(d, off, imm): return insn(0x62, d, 0, off, imm)
def jgt_reg(d, s, off): return insn(0x2d, d, s, off)
def jeq_imm(d, imm, off): return insn(0x15, d, 0, off, imm)
def call(i): return insn(0x85, 0, 0, 0, i)

progs = {
    'ret0': (0, [mov64_imm(0, 0), EXIT]),
    'xdp_pkt': (2, [ldx_w(2, 1, 0), ldx_w(3, 1, 4), mov64_reg(4, 2), add64_imm(4, 14),
                    jgt_reg(4, 3, 2), ldx_b(0, 2, 12), EXIT, mov64_imm(0, 2), EXIT]),
    'map_lookup': (1, [st_w(10, -4, 0), mov64_reg(2, 10), add64_imm(2, -4),
                       ld_imm64(1, 1, 0), call(1), jeq_imm(0, 0, 2),
                       ldx_dw(0, 0, 8), EXIT, mov64_imm(0, 0), EXIT]),
    'stack_spill': (0, [stx_dw(10, 1, -8), ldx_dw(1, 10, -8), ldx_w(0, 1, 0), EXIT]),
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus', 'verifier')
os.makedirs(out, exist_ok=True)
for name, (ptype, body) in progs.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes([ptype, 50]) + b''.join(body))
