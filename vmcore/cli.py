"""The `lc3` command: assemble, disassemble and run LC-3 programs from a terminal."""
from __future__ import annotations

# Each command imports what it needs when it runs: `lc3 run prog.obj` starts in a few
# milliseconds more than Python itself, without loading the assembler or the grader.
import os
import sys

from .program import MAX_OBJECT_BYTES, MAX_SOURCE_CHARS, ObjectFileError, Program, read_obj, \
    read_sym


class CommandError(Exception):
    """A problem to report in one line, with a non-zero exit status."""


def print_diagnostics(diagnostics: list, filename: str, source: str) -> None:
    from .diagnostics import format_all
    for text in format_all(diagnostics, filename, source):
        print(text, file=sys.stderr)


def read_text(path: str, what: str = "a source") -> str:
    data = read_bytes(path, MAX_SOURCE_CHARS, what)
    return data.decode("utf-8", errors="replace")


def read_bytes(path: str, limit: int = MAX_OBJECT_BYTES, what: str = "an object file") -> bytes:
    """A file's bytes, refused without reading it all if it is larger than `limit` (it may
    be /dev/zero, or a 100 MB file given by mistake)."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise CommandError(f"{path}: cannot read: {e.strerror}") from None
    if len(data) > limit:
        raise CommandError(f"{path}: too large for {what}, which is at most "
                           f"{limit / 1e6:g} MB")
    return data


def assemble_file(path: str) -> Program:
    """Assemble a file, printing its diagnostics; CommandError if it has errors."""
    from .assembler import assemble
    from .diagnostics import AssemblyError
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
        program.symbols = read_sym(read_text(sym, "a symbol file"))
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
    from .disassembler import disassemble
    program = load_program(args.file)
    for seg in program.segments:
        print(f"; segment at x{seg.origin:04X}, {len(seg.words)} words")
        for line in disassemble(seg.words, seg.origin, program.symbols):
            print(line.format())
    return 0


SLICE = 50_000      # instructions between looks at the keyboard and flushes of the output


def cmd_run(args) -> int:
    import time

    from .machine import Machine, Stop
    program = load_program(args.file)
    machine = Machine(edition=args.edition, access_control=args.access_control,
                      program=program)
    if args.engine:
        machine.engine = args.engine
    scripted = args.input is not None or args.input_file is not None
    keys = b""
    if args.input is not None:
        keys = input_keys(args.input)
    elif args.input_file is not None:
        keys = read_bytes(args.input_file, MAX_INPUT_BYTES, "keyboard input")
    stdin = sys.stdin            # None when the shell closed it (<&-): no keys at all
    interactive = not scripted and stdin is not None and stdin.isatty()
    if not scripted and not interactive and stdin is not None:
        keys = read_stdin()
    if args.key_delay is None:
        machine.keyboard.push(keys)
    else:
        machine.schedule_keys(keys, args.key_delay)
    machine.keyboard.closed = not interactive
    started = time.perf_counter()
    try:
        if interactive:
            from .terminal import RawTerminal, Terminated
            try:
                with RawTerminal() as terminal:
                    stop = run_loop(machine, args.max_steps, terminal)
            except Terminated as e:
                flush(machine)
                print(f"\nlc3: {e} at x{machine.pc:04X}", file=sys.stderr)
                return 128 + e.signum
        else:
            stop = run_loop(machine, args.max_steps, None)
    except KeyboardInterrupt:
        flush(machine)
        print(f"\nlc3: interrupted at x{machine.pc:04X}", file=sys.stderr)
        print_explanation(machine, Stop("stopped", machine.pc))
        return 130
    elapsed = time.perf_counter() - started
    flush(machine)
    if args.stats:
        print_stats(machine, elapsed)
    if args.screenshot:
        write_screenshot(machine, args.screenshot)
    if stop.reason == "halted" and machine.fault is None:
        return 0
    reason = machine.fault or stop
    if stop.reason == "input":
        reason = "the program is waiting for input, and there is no more"
    print(f"lc3: {reason}", file=sys.stderr)
    print_explanation(machine, stop)
    return 1


def print_explanation(machine, stop) -> None:
    """The common mistake behind a bad ending, in words, on a line of its own."""
    from .explain import explain
    why = explain(machine, stop)
    if why is not None:
        print(f"lc3: {why.text}", file=sys.stderr)


MAX_INPUT_BYTES = 16_000_000     # keys from a file or a pipe: more than anyone types


def input_keys(text: str) -> bytes:
    from .keys import KeyTextError, keys_from_text
    try:
        return keys_from_text(text)
    except KeyTextError as e:
        raise CommandError(f"--input: {e}") from None


def read_stdin() -> bytes:
    try:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    except (OSError, ValueError):        # a closed or unreadable descriptor: no keys
        return b""
    if len(data) > MAX_INPUT_BYTES:
        raise CommandError(f"the keyboard input piped in is over {MAX_INPUT_BYTES / 1e6:g} MB")
    return data


def run_loop(machine, max_steps: int | None, terminal):
    """Run in slices, passing typed keys in and output out between slices."""
    done = 0
    while True:
        budget = SLICE if max_steps is None else min(SLICE, max_steps - done)
        before = machine.instructions
        stop = machine.run(budget)
        done += machine.instructions - before
        flush(machine)
        if terminal is not None:
            keys = terminal.read(0.02 if stop.reason == "input" else 0)
            machine.keyboard.push(keys)
            if stop.reason == "input":
                continue
        if stop.reason != "steps":
            return stop
        if max_steps is not None and done >= max_steps:
            return type(stop)("steps", machine.pc, f"stopped after {done:,} instructions "
                                                   f"(--max-steps {max_steps:,})")


def flush(machine) -> None:
    out = machine.console.take()
    if out:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()


def print_stats(machine, elapsed: float) -> None:
    speed = machine.instructions / elapsed / 1e6 if elapsed > 0 else 0.0
    print(f"user instructions: {machine.user_instructions:,}\n"
          f"total instructions: {machine.instructions:,}\n"
          f"time: {elapsed:.3f} s\n"
          f"speed: {speed:.2f} M instructions/s", file=sys.stderr)


def write_screenshot(machine, path: str) -> None:
    from .devices import VIDEO_HEIGHT, VIDEO_WIDTH
    from .png import encode_png
    try:
        with open(path, "wb") as f:
            f.write(encode_png(VIDEO_WIDTH, VIDEO_HEIGHT, machine.video.rgb()))
    except OSError as e:
        raise CommandError(f"cannot write {path}: {e.strerror}") from None


def cmd_debug(args) -> int:
    from .debug_cli import debug
    from .machine import Machine
    if sys.stdin is None:
        raise CommandError("lc3 debug reads its commands from standard input, which is closed")
    program = load_program(args.file)
    machine = Machine(edition=args.edition, access_control=args.access_control)
    machine.load(program)
    machine.keyboard.closed = True
    if args.input:
        machine.keyboard.push(input_keys(args.input))
    return debug(machine)


def positive(text: str) -> int:
    import argparse
    value = int(text.replace("_", "").replace(",", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value


def count(text: str) -> int:
    import argparse
    value = int(text.replace("_", "").replace(",", ""))
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return value


def help_formatter(prog: str):
    """argparse's formatter, as wide as the terminal as it would make it, but without
    importing shutil for that (and with it bz2 and lzma): a few ms at every start."""
    import argparse
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return argparse.HelpFormatter(prog, width=(columns or 80) - 2)


def build_parser():
    import argparse
    from functools import partial

    from .grading.commands import add_parsers as add_exercise_commands
    parser = argparse.ArgumentParser(prog="lc3", description="LC-3 assembler, disassembler "
                                     "and virtual machine.", formatter_class=help_formatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=partial(argparse.ArgumentParser,
                                                     formatter_class=help_formatter))

    p = sub.add_parser("asm", help="assemble FILE.asm into FILE.obj and FILE.sym")
    p.add_argument("file", metavar="FILE.asm")
    p.add_argument("-o", "--output", metavar="OUT.obj", help="object file to write (the .sym "
                   "goes beside it)")
    p.set_defaults(func=cmd_asm)

    p = sub.add_parser("disasm", help="print the instructions of an .obj (or .asm) file")
    p.add_argument("file", metavar="FILE.obj")
    p.set_defaults(func=cmd_disasm)

    p = sub.add_parser("run", help="run an .asm or .obj program")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--edition", type=int, choices=(2, 3), default=3,
                   help="ISA edition: 3 (LC3Tools, the default) or 2 (lc3sim)")
    p.add_argument("--access-control", action="store_true",
                   help="user-mode access to system space or devices raises an exception")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--input", metavar="TEXT", help="keyboard input, all there from the "
                       "start (escapes like \\n are understood)")
    group.add_argument("--input-file", metavar="F", help="keyboard input from a file")
    p.add_argument("--key-delay", type=count, metavar="N", help="feed the keys as LC3Tools' "
                   "graders do: key k arrives after N + k*(N+1) of the program's instructions")
    p.add_argument("--max-steps", type=positive, metavar="N", help="stop after N instructions")
    p.add_argument("--stats", action="store_true", help="print instruction counts and speed "
                   "to stderr")
    p.add_argument("--screenshot", metavar="OUT.png", help="write the display as a PNG at "
                   "the end")
    p.add_argument("--engine", choices=("fast", "interp"), default=None,
                   help="execution engine (default: fast)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("debug", help="debug a program interactively (break, step, back, ...)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--edition", type=int, choices=(2, 3), default=3)
    p.add_argument("--access-control", action="store_true")
    p.add_argument("--input", metavar="TEXT", help="keyboard input, there from the start")
    p.set_defaults(func=cmd_debug)
    add_exercise_commands(sub)
    return parser


def quick_args(argv: list[str]):
    """`lc3 run FILE`, the commonest command, parsed without argparse (whose import and
    set-up cost more than the rest of the start): the namespace argparse makes of it, as
    tests/test_startup.py checks; None for any other command line."""
    if len(argv) != 2 or argv[0] != "run" or argv[1].startswith("-"):
        return None
    from types import SimpleNamespace
    return SimpleNamespace(command="run", file=argv[1], edition=3, access_control=False,
                           input=None, input_file=None, key_delay=None, max_steps=None,
                           stats=False, screenshot=None, engine=None, func=cmd_run)


def main(argv: list[str] | None = None) -> int:
    """The `lc3` command; with no `argv`, the process's own, which ends when this returns."""
    exiting = argv is None
    argv = sys.argv[1:] if argv is None else argv
    args = quick_args(argv) or build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CommandError as e:
        print(f"lc3: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if exiting:
            # What the command built dies with the process: spare the cyclic collector
            # walking it (a machine's 64K-entry lists) again at exit, ~4 ms of a short run.
            import gc
            gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
