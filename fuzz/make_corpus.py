#!/usr/bin/env python3
# Writes the seed corpus of fuzz_wire into fuzz/corpus/wire: well-formed
# streams of every frame kind, and the classic malformed ones. Each seed
# starts with fuzz_wire's two control bytes (piece size, payload limit).
# Re-run after changing the wire format (include/.../detail/wire.hpp).

import os
import struct

HELLO, RESULT, CHUNK_RESULT, ERROR, INITIALIZED = 16, 17, 18, 19, 20
TASK, CHUNK, INITIALIZE, STOP = 1, 2, 3, 4


def frame(kind, task_id, payload=b"", flags=0, length=None):
    n = len(payload) if length is None else length
    return struct.pack("<IHHQ", n, kind, flags, task_id) + payload


def pieces(*parts):
    return b"".join(struct.pack("<I", len(p)) + p for p in parts)


hello = b"BCFWORKR" + struct.pack("<Iq", 1, 4242)
error = struct.pack("<H", 0) + pieces(b"std::runtime_error", b"boom")
call = pieces(b"process_functions::mul") + b"\x16\x00\x00\x00\x00\x00\x00\x00serialization::archive"
chunk = pieces(b"process_functions::mul") + struct.pack("<I", 3) + b"archive bytes"
chunk_results = struct.pack("<I", 3) + b"archive bytes"

def direct_values():
    """A string, a vector<double>, a vector<long double> and a uint16 as the direct archive writes them."""
    out = struct.pack("<Q", 3) + b"abc"
    for align, elements in ((8, struct.pack("<2d", 0.5, 1.5)), (16, b"\x01" * 16)):
        out += struct.pack("<Q", len(elements) // (8 if align == 8 else 16))
        pad = (align - (len(out) + 1) % align) % align
        out += bytes([pad]) + b"\x00" * pad + elements
    return out + struct.pack("<H", 7)


seeds = {
    "hello": frame(HELLO, 0, hello),
    "session": frame(HELLO, 0, hello) + frame(RESULT, 1, b"\x2a\x00\x00\x00") + frame(ERROR, 2, error)
    + frame(CHUNK_RESULT, 3, chunk_results) + frame(INITIALIZED, 0),
    "parent_side": frame(TASK, 1, call) + frame(CHUNK, 2, chunk) + frame(INITIALIZE, 3, call) + frame(STOP, 0),
    "error_every_origin": b"".join(frame(ERROR, i, struct.pack("<H", i) + pieces(b"T", b"m")) for i in range(6)),
    "truncated_header": frame(RESULT, 1, b"0123456789")[:9],
    "truncated_payload": frame(RESULT, 1, b"0123456789")[:20],
    "oversized": frame(RESULT, 1, length=0xFFFFFFFF),
    "unknown_kind": frame(999, 1),
    "flags_set": frame(RESULT, 1, b"x", flags=1),
    "flags_reserved": frame(RESULT, 1, b"x", flags=2),
    "shared": frame(RESULT, 1, struct.pack("<QQ", 0, 4096), flags=1)
    + frame(CHUNK_RESULT, 2, struct.pack("<QQ", 100, 50), flags=1)
    + frame(TASK, 3, struct.pack("<QQ", 4000, 200), flags=1),
    "shared_wrapping": frame(RESULT, 1, struct.pack("<QQ", 2**64 - 1, 2), flags=1),
    "shared_bad_length": frame(RESULT, 1, b"\x00" * 8, flags=1),
    "shared_on_error": frame(ERROR, 1, struct.pack("<QQ", 0, 1), flags=1),
    "bad_hello": frame(HELLO, 0, b"NOTMAGIC" + b"\x00" * 12),
    "bad_error": frame(ERROR, 1, b"\x01"),
    "piece_length_past_end": frame(ERROR, 1, struct.pack("<HI", 0, 1000) + b"short"),
    "direct_values": frame(RESULT, 1, direct_values()),
    "direct_values_too_many": frame(RESULT, 1, struct.pack("<QQB", 0, 2**61, 0) + b"\x00" * 16),
}

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "wire")
os.makedirs(here, exist_ok=True)
for name, stream in seeds.items():
    # 64-byte pieces with the 1 MiB payload limit; 7-byte pieces with the 64-byte limit
    for piece, limit in ((63, 0), (6, 1)):
        with open(os.path.join(here, f"{name}_{piece}_{limit}"), "wb") as f:
            f.write(bytes([piece, limit]) + stream)
print(f"{2 * len(seeds)} seeds in {here}")
