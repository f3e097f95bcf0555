"""Where each key of a TOML document was written, so that a mistake tomllib cannot see (an
unknown key, a value of the wrong type) is reported at its line, like an assembly error.

tomllib returns plain dicts without positions.  This reads the text once more, line by line,
following table headers (`[a.b]`, `[[a]]`), `key = value` lines (dotted and quoted keys too),
and skipping the inside of multi-line strings and arrays, and records the line of every key
path, e.g. ("tests", 2, "expect", "R0") -> 31.  Paths it cannot place fall back to the
nearest enclosing one that it can.
"""
from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_KEY})\s*=\s*(.*)$")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _parts(key: str) -> list[str]:
    out = []
    for part in _PART.findall(key):
        if part[0] in "\"'":
            part = part[1:-1]
            if part and key.lstrip().startswith('"'):
                part = part.encode("latin-1", "backslashreplace").decode("unicode_escape")
        out.append(part)
    return out


class KeyLines:
    def __init__(self, text: str) -> None:
        self.lines: dict[tuple, int] = {}
        counts: dict[tuple, int] = {}       # arrays of tables: how many seen so far
        table: tuple = ()
        in_string: str | None = None        # the closing quotes of an open multi-line string
        depth = 0                           # open brackets of a multi-line array
        for number, line in enumerate(text.splitlines(), 1):
            if in_string:
                if in_string in line:
                    in_string = None
                continue
            if depth > 0:
                depth += _bracket_balance(line)
                continue
            header = _HEADER.match(line)
            if header:
                path = tuple(_parts(header.group(2)))
                if header.group(1) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    # Tables named under an array of tables go in its latest element.
                    table = self._resolve(path[:-1], counts) + (path[-1], index)
                else:
                    table = self._resolve(path, counts)
                self.lines.setdefault(table, number)
                continue
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            path = table + tuple(_parts(assign.group(1)))
            for k in range(len(table) + 1, len(path) + 1):
                self.lines.setdefault(path[:k], number)
            value = assign.group(2)
            for quotes in ('"""', "'''"):
                if value.startswith(quotes) and value.count(quotes) == 1:
                    in_string = quotes
            if value.startswith("["):
                depth = _bracket_balance(value)

    @staticmethod
    def _resolve(path: tuple, counts: dict[tuple, int]) -> tuple:
        """`tests.expect` inside the third [[tests]] is ("tests", 2, "expect")."""
        out: tuple = ()
        for k, name in enumerate(path):
            out += (name,)
            n = counts.get(path[:k + 1])
            if n:
                out += (n - 1,)
        return out

    def line(self, *path) -> int:
        """The line of a key path, or of the nearest enclosing path written (1 if none)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def _bracket_balance(text: str) -> int:
    """Opening minus closing brackets outside strings and comments."""
    balance, quote = 0, None
    k = 0
    while k < len(text):
        c = text[k]
        if quote:
            if c == "\\" and quote == '"':
                k += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            break
        elif c == "[":
            balance += 1
        elif c == "]":
            balance -= 1
        k += 1
    return balance
