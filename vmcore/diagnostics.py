"""Messages about a source file, located at a line and column, for people and editors."""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"
MAX_SHOWN = 1000      # diagnostics listed in full; past that, only how many more there are


@dataclass(frozen=True)
class Diagnostic:
    line: int          # 1-based
    column: int        # 1-based, in characters
    message: str
    severity: str = ERROR
    end_column: int = 0   # exclusive; 0 means one character wide

    @property
    def end(self) -> int:
        return self.end_column if self.end_column > self.column else self.column + 1

    def format(self, filename: str = "<source>", source: str | None = None,
               lines: list[str] | None = None) -> str:
        """`FILE:LINE:COL: error: MESSAGE`, then the source line and a caret under the column.
        Pass the source's `lines` (split once) when formatting many."""
        text = f"{filename}:{self.line}:{self.column}: {self.severity}: {self.message}"
        if lines is None:
            lines = source.splitlines() if source is not None else []
        if 0 < self.line <= len(lines):
            src = lines[self.line - 1].expandtabs(1)
            width = max(1, min(self.end, len(src) + 1) - self.column)
            text += f"\n{src}\n{' ' * (self.column - 1)}^{'~' * (width - 1)}"
        return text

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "end_column": self.end,
                "severity": self.severity, "message": self.message}


class AssemblyError(Exception):
    """Raised when a source has errors; carries every diagnostic found, warnings included."""

    def __init__(self, diagnostics: list[Diagnostic], filename: str = "<source>"):
        self.diagnostics = diagnostics
        self.filename = filename
        errors = [d for d in diagnostics if d.severity == ERROR]
        first = errors[0] if errors else None
        summary = f"{len(errors)} error{'s' * (len(errors) != 1)}"
        if first:
            summary += f"; first at {filename}:{first.line}:{first.column}: {first.message}"
        super().__init__(summary)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def capped(diagnostics: list[Diagnostic], limit: int = MAX_SHOWN) -> tuple[list[Diagnostic], str]:
    """The first `limit` diagnostics, and a line saying how many more were left out ("" if
    none): a source with 100,000 mistakes needs its first few fixed, not a 50 MB list."""
    rest = diagnostics[limit:]
    if not rest:
        return diagnostics, ""
    errors = sum(d.severity == ERROR for d in rest)
    kinds = ", ".join(f"{n:,} {word}{'s' * (n != 1)}" for n, word in
                      ((errors, ERROR), (len(rest) - errors, WARNING)) if n)
    return diagnostics[:limit], f"... and {len(rest):,} more not shown ({kinds})"


def format_all(diagnostics: list[Diagnostic], filename: str, source: str,
               limit: int = MAX_SHOWN) -> list[str]:
    """Each diagnostic formatted with its source line, up to `limit`, then the count of the
    rest; the source is split once, so this takes time in proportion to what it prints."""
    shown, more = capped(diagnostics, limit)
    lines = source.splitlines() if shown else []
    out = [d.format(filename, lines=lines) for d in shown]
    return out + [more] if more else out
