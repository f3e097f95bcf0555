"""Assembler speed: lines per second on a generated 10,000-line program.

    python bench/bench_asm.py
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from vmcore import assemble  # noqa: E402


def program(lines: int) -> str:
    body = [".ORIG x3000"]
    shapes = ["L{0} ADD R1, R2, #-3 ; a comment", "  LD R0, D{0}", "  BRnz L{0}",
              "  LDR R4, R5, #12", "  JSR L{0}", "D{0} .FILL x{0:04X}", '  .STRINGZ "s{0}\\n"',
              "  AND R3, R3, R4", "  NOT R1, R1", "  TRAP x21"]
    for i in range(lines - 2):
        body.append(shapes[i % len(shapes)].format(i // len(shapes)))
    body.append(".END")
    return "\n".join(body)


def main() -> None:
    source = program(10_000)
    assemble(source)
    best = min(_timed(source) for _ in range(5))
    print(f"assembled 10,000 lines in {best * 1000:.0f} ms: {10_000 / best:,.0f} lines/s "
          f"(python {sys.version.split()[0]})")


def _timed(source: str) -> float:
    t = time.perf_counter()
    assemble(source)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
