"""Assembler speed on generated programs of 1,000, 10,000 and 100,000 lines: lines per
second and microseconds per line, which should not grow with the program's length.

    python bench/bench_asm.py [--seconds S]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from vmcore import assemble  # noqa: E402


def program(lines: int) -> str:
    """`lines` lines of a typical mix: instructions, data, labels, comments and blank lines,
    at half a word per line so that 100,000 lines fit in memory."""
    body = [".ORIG x3000"]
    shapes = ["L{0} ADD R1, R2, #-3 ; a comment", "  LD R0, D{1}", "; a comment on its own",
              "  BRnz L{0}", "", "M{0}  ; a label on its own line", "M{0}X", "  JSR L{0}",
              "        ; an indented comment", "D{0} .FILL x{0:04X}", '  .STRINGZ ""', "",
              "  NOT R1, R1 ; another comment", "N{0}"]
    for i in range(lines - 2):          # D{1}: the last group's, which is surely there
        group = i // len(shapes)
        body.append(shapes[i % len(shapes)].format(group, max(group - 1, 0)))
    body.append(".END")
    return "\n".join(body)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.0,
                    help="time spent on each size, in runs of the whole program")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}; the median of as many runs as fit in "
          f"{args.seconds:g} s (at least 3) per size")
    print(f"{'lines':>9}{'runs':>6}{'ms':>9}{'lines/s':>11}{'us/line':>9}{'vs 1k':>7}")
    first = None
    for lines in (1_000, 10_000, 100_000):
        source = program(lines)
        times = [_timed(source)]
        while len(times) < 4 or sum(times) < args.seconds:
            times.append(_timed(source))
        spent = statistics.median(times[1:])         # the first run warms up
        per_line = spent / lines * 1e6
        first = first or per_line
        print(f"{lines:>9,}{len(times) - 1:>6}{spent * 1000:>9.1f}{lines / spent:>11,.0f}"
              f"{per_line:>9.2f}{per_line / first:>6.2f}x")


def _timed(source: str) -> float:
    t = time.perf_counter()
    assemble(source)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
