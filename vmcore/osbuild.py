"""Assemble our operating system from its source, and write the prebuilt image the machine
loads instead, so that starting a machine does not run the assembler.

    python -m vmcore.osbuild            rewrite vmcore/osimage.py from vmcore/os/*.asm
    python -m vmcore.osbuild --check    exit 1 if vmcore/osimage.py is out of date

The image holds what the machine needs of each edition's OS: its words, labels, data ranges
and how many instructions the boot takes.
"""
from __future__ import annotations

import os
import sys

from .assembler import assemble
from .program import Program

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "os")
IMAGE_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "osimage.py")
EDITIONS = (2, 3)


def read_source(name: str) -> str:
    """A file of vmcore/os as text: from the package's resources, so that it is found in a
    zip or a wheel as well as in a folder."""
    from importlib import resources
    return resources.files(__package__).joinpath("os", name).read_text(encoding="utf-8")


def assemble_os(edition: int) -> Program:
    """The OS for an edition from its source: the edition's own file, then the subroutines
    both editions share, then .END."""
    name = f"lc3os{edition}.asm"
    source = read_source(name) + read_source("common.asm") + "        .END\n"
    return assemble(source, name)


def measure_boot(edition: int, image: Program) -> int:
    """Instructions from power-on to a program's first: the boot never waits or branches on
    anything the program decides, so one boot without a program measures it."""
    from .machine import Machine
    m = Machine(edition, os_program=image)
    m.engine = "interp"
    entry = m.memory[m._user_pc]
    while m.pc != entry and not m.halted:
        m.step()
    return m.instructions


def image_text() -> str:
    """The text of vmcore/osimage.py, made from the sources as they are now."""
    lines = ['"""Our operating system, assembled: generated from vmcore/os/*.asm by',
             "`python -m vmcore.osbuild`; do not edit (tests/test_os.py checks it is current).",
             '"""', "IMAGES = {"]
    for edition in EDITIONS:
        program = assemble_os(edition)
        lines.append(f"    {edition}: {{")
        lines.append("        'segments': (")
        for seg in program.segments:
            lines.append(f"            (0x{seg.origin:04X}, (")
            for i in range(0, len(seg.words), 10):
                lines.append("                " + " ".join(
                    f"0x{w:04X}," for w in seg.words[i:i + 10]))
            lines.append("            )),")
        lines.append("        ),")
        lines.append("        'symbols': {")
        for label, address in program.symbols.items():
            lines.append(f"            {label!r}: 0x{address:04X},")
        lines.append("        },")
        lines.append("        'data': (")
        lines += [f"            (0x{a:04X}, 0x{b:04X})," for a, b in program.data]
        lines.append("        ),")
        lines.append(f"        'boot': {measure_boot(edition, program)},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = image_text()
    if argv == ["--check"]:
        try:
            with open(IMAGE_FILE, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != text:
            print(f"{IMAGE_FILE} is out of date with vmcore/os/*.asm: run "
                  "`python -m vmcore.osbuild` to rewrite it", file=sys.stderr)
            return 1
        return 0
    if argv:
        print("usage: python -m vmcore.osbuild [--check]", file=sys.stderr)
        return 2
    with open(IMAGE_FILE, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {IMAGE_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
