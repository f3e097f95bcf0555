"""The `lc3` command: assemble, disassemble and run LC-3 programs from a terminal."""
from __future__ import annotations

import argparse
import os
import sys

from .assembler import assemble
from .diagnostics import AssemblyError, Diagnostic
from .disassembler import disassemble
from .program import ObjectFileError, Program, read_obj, read_sym


class CommandError(Exception):
    """A problem to report in one line, with a non-zero exit status."""


def print_diagnostics(diagnostics: list[Diagnostic], filename: str, source: str) -> None:
    for d in diagnostics:
        print(d.format(filename, source), file=sys.stderr)


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            return f.read()
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror}") from None


def read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror}") from None


def assemble_file(path: str) -> Program:
    """Assemble a file, printing its diagnostics; CommandError if it has errors."""
    source = read_text(path)
    try:
        program = assemble(source, path)
    except AssemblyError as e:
        print_diagnostics(e.diagnostics, path, source)
        n = len(e.errors)
        raise CommandError(f"{path}: {n} error{'s' * (n != 1)}; nothing was written") from None
    print_diagnostics(program.warnings, path, source)
    return program


def load_program(path: str) -> Program:
    """An .asm file assembled, or an .obj file read with the .sym beside it if there is one."""
    if path.lower().endswith(".asm"):
        return assemble_file(path)
    try:
        program = read_obj(read_bytes(path), path)
    except ObjectFileError as e:
        raise CommandError(str(e)) from None
    sym = os.path.splitext(path)[0] + ".sym"
    if os.path.exists(sym):
        program.symbols = read_sym(read_text(sym))
    return program


def cmd_asm(args) -> int:
    program = assemble_file(args.file)
    out = args.output or os.path.splitext(args.file)[0] + ".obj"
    sym = os.path.splitext(out)[0] + ".sym"
    try:
        with open(out, "wb") as f:
            f.write(program.to_obj())
        with open(sym, "w", encoding="utf-8", newline="") as f:
            f.write(program.to_sym())
    except OSError as e:
        raise CommandError(f"cannot write {e.filename}: {e.strerror}") from None
    if len(program.segments) > 1:
        print(f"{out}: {len(program.segments)} segments, written as an LC3Tools object file "
              "(lc3as object files hold one)", file=sys.stderr)
    return 0


def cmd_disasm(args) -> int:
    program = load_program(args.file)
    for seg in program.segments:
        print(f"; segment at x{seg.origin:04X}, {len(seg.words)} words")
        for line in disassemble(seg.words, seg.origin, program.symbols):
            print(line.format())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lc3", description="LC-3 assembler, disassembler "
                                     "and virtual machine.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("asm", help="assemble FILE.asm into FILE.obj and FILE.sym")
    p.add_argument("file", metavar="FILE.asm")
    p.add_argument("-o", "--output", metavar="OUT.obj", help="object file to write (the .sym "
                   "goes beside it)")
    p.set_defaults(func=cmd_asm)

    p = sub.add_parser("disasm", help="print the instructions of an .obj (or .asm) file")
    p.add_argument("file", metavar="FILE.obj")
    p.set_defaults(func=cmd_disasm)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CommandError as e:
        print(f"lc3: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
