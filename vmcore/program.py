"""An assembled program, and the object and symbol file formats it is stored in.

.obj (lc3as): big-endian 16-bit words, the first being the load address.  A program of
several segments cannot be written that way, so it is written as an LC3Tools object, whose
entries each say whether they start a new segment; both formats are read.
.sym (lc3as): a fixed header, then `//\\t%-16s  %04X` per label in source order.
"""
from __future__ import annotations

import re
import struct
from functools import cached_property

TYPE_CHECKING = False           # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .diagnostics import Diagnostic

MEMORY_WORDS = 0x10000
LC3TOOLS_MAGIC = b"\x1c\x30\x15\xc0\x01"
# The largest object worth reading: an LC3Tools entry may carry its source line's text.
MAX_OBJECT_BYTES = 16_000_000
MAX_SOURCE_CHARS = 2_000_000     # 2 MB: far beyond any LC-3 program, and cheap to refuse


class ObjectFileError(ValueError):
    """An object or symbol file that cannot be loaded; the message says why."""


# Segment and Program are plain classes rather than dataclasses: `lc3 run prog.obj` reads
# a program, and importing dataclasses would add milliseconds to every start.
class Segment:
    __slots__ = ("origin", "words")

    def __init__(self, origin: int, words: list[int]) -> None:
        self.origin = origin
        self.words = words

    def __repr__(self) -> str:
        return f"Segment(origin={self.origin!r}, words={self.words!r})"

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.origin == other.origin and self.words == other.words

    __hash__ = None         # mutable, as a dataclass is

    @property
    def end(self) -> int:
        """One past the last address."""
        return self.origin + len(self.words)


class Program:
    _FIELDS = ("segments", "symbols", "source_map", "warnings", "filename", "data")

    def __init__(self, segments: list[Segment], symbols: dict[str, int] | None = None,
                 source_map: dict[int, int] | None = None,
                 warnings: list[Diagnostic] | None = None, filename: str = "<source>",
                 data: list[tuple[int, int]] | None = None) -> None:
        self.segments = segments
        self.symbols = {} if symbols is None else symbols    # as written, source order
        self.source_map = {} if source_map is None else source_map   # address -> source line
        self.warnings = [] if warnings is None else warnings
        self.filename = filename
        # [first, end) of .FILL, .BLKW and .STRINGZ words: not meant to be executed
        self.data = [] if data is None else data

    def __repr__(self) -> str:
        return "Program(" + ", ".join(f"{name}={getattr(self, name)!r}"
                                      for name in self._FIELDS) + ")"

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._FIELDS)

    __hash__ = None

    def is_data(self, address: int) -> bool:
        return any(first <= address < end for first, end in self.data)

    def holds(self, address: int) -> bool:
        """Whether the address is one of the program's words."""
        return any(seg.origin <= address < seg.end for seg in self.segments)

    @cached_property
    def halts(self) -> frozenset[int]:
        """The addresses of the program's HALT instructions (TRAP x25), as loaded."""
        return frozenset(seg.origin + k for seg in self.segments
                         for k, word in enumerate(seg.words) if word == 0xF025)

    @property
    def entry(self) -> int:
        return self.segments[0].origin if self.segments else 0x3000

    def lookup(self, name: str) -> int | None:
        """A label's address; labels are case-insensitive, as in lc3as."""
        wanted = name.upper()
        for label, address in self.symbols.items():
            if label.upper() == wanted:
                return address
        return None

    def labels_by_address(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for label, address in self.symbols.items():
            out.setdefault(address, label)
        return out

    def to_obj(self) -> bytes:
        if len(self.segments) == 1:
            seg = self.segments[0]
            return struct.pack(f">{len(seg.words) + 1}H", seg.origin, *seg.words)
        out = bytearray(LC3TOOLS_MAGIC + b"\x01\x01")
        for seg in self.segments:
            entries = [(seg.origin, 1)] + [(w, 0) for w in seg.words]
            for value, is_orig in entries:
                out += struct.pack("<HBI", value, is_orig, 0)
        return bytes(out)

    def to_sym(self) -> str:
        lines = ["// Symbol table", "// Scope level 0:",
                 "//\tSymbol Name       Page Address", "//\t----------------  ------------"]
        lines += ["//\t%-16s  %04X" % (name, addr) for name, addr in self.symbols.items()]
        return "\n".join(lines) + "\n\n"


def read_obj(data: bytes, name: str = "program.obj") -> Program:
    """Load an lc3as or LC3Tools object file, with a clear error for anything else."""
    if len(data) > MAX_OBJECT_BYTES:
        raise ObjectFileError(f"{name}: {len(data):,} bytes is far too large for an object "
                              f"file (at most {MAX_OBJECT_BYTES / 1e6:g} MB)")
    if data.startswith(LC3TOOLS_MAGIC):
        return _read_lc3tools(data, name)
    if not data:
        raise ObjectFileError(f"{name}: the file is empty")
    if _looks_like_source(data):
        raise ObjectFileError(f"{name}: this looks like assembly source, not an object file: "
                              "use the .asm name")
    if len(data) % 2:
        raise ObjectFileError(f"{name}: odd length ({len(data)} bytes); an .obj file holds 16-bit words")
    origin = int.from_bytes(data[:2], "big")
    count = len(data) // 2 - 1
    if origin + count > MEMORY_WORDS:          # checked before unpacking anything
        raise ObjectFileError(f"{name}: {count:,} words loaded at x{origin:04X} run past the "
                              f"end of memory (xFFFF)")
    body = list(struct.unpack(f">{count}H", data[2:]))
    return Program([Segment(origin, body)], filename=name)


def _looks_like_source(data: bytes) -> bool:
    """Plain ASCII text with .ORIG in it: an .asm file given an .obj name."""
    head = data[:MEMORY_WORDS]
    return head.isascii() and b".ORIG" in head.upper() and \
        not any(b < 9 or 13 < b < 32 for b in head)


def _read_lc3tools(data: bytes, name: str) -> Program:
    pos = len(LC3TOOLS_MAGIC) + 2
    segments: list[Segment] = []
    entries = 0
    while pos < len(data):
        entries += 1
        if entries > 2 * MEMORY_WORDS:       # more than any memory image needs
            raise ObjectFileError(f"{name}: LC3Tools object with more than "
                                  f"{2 * MEMORY_WORDS:,} entries")
        if pos + 7 > len(data):
            raise ObjectFileError(f"{name}: LC3Tools object truncated at byte {pos}")
        value, is_orig, length = struct.unpack_from("<HBI", data, pos)
        pos += 7 + length
        if pos > len(data):
            raise ObjectFileError(f"{name}: LC3Tools object truncated at byte {pos - length}")
        if is_orig:
            segments.append(Segment(value, []))
        elif not segments:
            raise ObjectFileError(f"{name}: LC3Tools object has a word before its first origin")
        else:
            segments[-1].words.append(value)
    if not segments:
        raise ObjectFileError(f"{name}: LC3Tools object holds no code")
    for seg in segments:
        if seg.end > MEMORY_WORDS:
            raise ObjectFileError(f"{name}: segment at x{seg.origin:04X} runs past xFFFF")
    return Program(segments, filename=name)


_SYM_LINE = re.compile(r"^//\s+(\S+)\s+([0-9A-Fa-f]{1,4})\s*$")


def read_sym(text: str) -> dict[str, int]:
    """Labels from an lc3as .sym file (header lines are skipped)."""
    symbols: dict[str, int] = {}
    for line in text.splitlines():
        m = _SYM_LINE.match(line)
        if m and not m.group(1).startswith("-"):
            symbols[m.group(1)] = int(m.group(2), 16)
    return symbols
