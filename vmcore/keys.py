"""Keys for the keyboard written as text, as `lc3 run --input` and `lc3 debug`'s `input` take
them: `\\n` is Enter.  A key is one byte; other characters are typed as their UTF-8 bytes."""
from __future__ import annotations

import re

ESCAPES = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "e": 27, "f": 12, "v": 11, "0": 0,
           "\\": 92, '"': 34, "'": 39}
ACCEPTED = "\\n \\t \\r \\a \\b \\e \\f \\v \\0 \\\\ \\\" \\' and \\xHH"
_HEX_BYTE = re.compile(r"[0-9a-fA-F]{2}")


class KeyTextError(ValueError):
    """Text with an escape that is not understood; the message lists those that are."""


def keys_from_text(text: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out += ch.encode("utf-8", errors="replace")
            i += 1
            continue
        esc = text[i + 1:i + 2]
        if esc in ESCAPES and esc:
            out.append(ESCAPES[esc])
            i += 2
        elif esc == "x" and _HEX_BYTE.fullmatch(text[i + 2:i + 4]):
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            written = text[i:i + 4] if esc == "x" else text[i:i + 2]
            raise KeyTextError(f"'{written}' at character {i + 1} is not an escape this "
                               f"understands: a key is one byte, written as itself or as one "
                               f"of {ACCEPTED} (two hex digits)")
    return bytes(out)
