"""A minimal PNG writer (standard library only), for screenshots of the display."""
from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(width: int, height: int, rgb: bytes, scale: int = 1) -> bytes:
    """An 8-bit RGB PNG of `rgb` (3 bytes per pixel, row-major), each pixel scale x scale."""
    stride = width * 3
    rows = []
    for y in range(height):
        row = rgb[y * stride:(y + 1) * stride]
        if scale > 1:
            row = b"".join(row[i:i + 3] * scale for i in range(0, stride, 3))
        rows.extend([b"\x00" + row] * scale)
    header = struct.pack(">IIBBBBB", width * scale, height * scale, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def decode_png_rgb(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a PNG written by encode_png (filter 0 only)."""
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * 3 + 1
    return width, height, b"".join(raw[y * stride + 1:(y + 1) * stride] for y in range(height))
