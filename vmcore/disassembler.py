"""Words back to assembly text, through the forms of `isa`.

The text assembles back to the same word at the same address: PC-relative operands are
written as labels when the symbol table has one for the target, else as signed offsets.
Words that no form writes (the reserved opcode, stray bits in unused fields, BR with no
condition) come back as .FILL.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import isa


def disassemble_word(word: int, address: int = 0, labels: dict[int, str] | None = None) -> str:
    """One instruction as assembly text, e.g. `ADD R1, R1, #-1` or `BRz LOOP`."""
    form = isa.form_of(word)
    if form is None:
        return f".FILL x{word:04X}"
    if word == isa.ALIASES["RET"]:
        return "RET"
    if form.opcode == isa.OP_TRAP and word & 0xFF in isa.TRAP_NAMES:
        return isa.TRAP_NAMES[word & 0xFF]
    mnemonic = form.mnemonic
    if form.opcode == isa.OP_BR:
        nzp = isa.NZP.get(word)
        mnemonic += "".join(c for c, bit in zip("nzp", (4, 2, 1)) if nzp & bit) if nzp != 7 else ""
    ops = []
    for f in form.operands:
        value = f.get(word)
        if f.kind == isa.Kind.REG:
            ops.append(f"R{value}")
        elif f.kind == isa.Kind.IMM:
            ops.append(f"#{value}")
        elif f.kind == isa.Kind.TRAPVECT:
            ops.append(f"x{value:02X}")
        else:
            target = (address + 1 + value) & 0xFFFF
            label = labels.get(target) if labels else None
            ops.append(label if label else f"#{value}")
    return f"{mnemonic} {', '.join(ops)}" if ops else mnemonic


def target_of(word: int, address: int) -> int | None:
    """The address a PC-relative instruction refers to, if it is one."""
    form = isa.form_of(word)
    if form is None:
        return None
    for f in form.operands:
        if f.kind == isa.Kind.PCOFFSET:
            return (address + 1 + f.get(word)) & 0xFFFF
    return None


@dataclass(frozen=True)
class Line:
    address: int
    word: int
    label: str | None
    text: str
    comment: str = ""     # the target address of an offset that has no label

    def format(self) -> str:
        text = f"x{self.address:04X}  x{self.word:04X}  {self.label or '':<16}{self.text}"
        return f"{text:<58}; {self.comment}" if self.comment else text


def _comment(word: int, address: int, labels: dict[int, str]) -> str:
    target = target_of(word, address)
    if target is not None and target not in labels:
        return f"x{target:04X}"
    return ""


def disassemble(words: list[int], origin: int, symbols: dict[str, int] | None = None) -> list[Line]:
    """Disassemble consecutive words loaded at `origin`."""
    labels: dict[int, str] = {}
    for name, address in (symbols or {}).items():
        labels.setdefault(address, name)
    lines = []
    for k, word in enumerate(words):
        address = (origin + k) & 0xFFFF
        lines.append(Line(address, word, labels.get(address),
                          disassemble_word(word, address, labels), _comment(word, address, labels)))
    return lines
