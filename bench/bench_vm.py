"""Execution speed: the CPU benchmark on both engines in one process, and what translation
costs a short program.

    python bench/bench_vm.py [--repeat N] [--bench PATH]

Prints instructions per second for the reference interpreter and the fast engine, their
ratio (best run of each), and the time hello world takes on each.  Compare ratios, not raw
figures: the machines this runs on are shared.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from vmcore import assemble  # noqa: E402
from vmcore.machine import Machine  # noqa: E402

HELLO = """.ORIG x3000
        LEA R0, MSG
        PUTS
        HALT
MSG     .STRINGZ "Hello, world!\\n"
        .END"""


def run_once(program, engine: str) -> tuple[float, Machine]:
    m = Machine()
    m.engine = engine
    m.load(program)
    t = time.perf_counter()
    stop = m.run()
    elapsed = time.perf_counter() - t
    assert stop.reason == "halted", stop
    return elapsed, m


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bench", default=os.path.join(HERE, "..", "..", "shared", "bench",
                                                    "bench.asm"))
    args = ap.parse_args()
    with open(args.bench) as f:
        bench = assemble(f.read(), "bench.asm")
    speeds = {}
    for engine in ("interp", "fast"):
        best = 0.0
        for _ in range(args.repeat):
            elapsed, m = run_once(bench, engine)
            assert m.console.take().startswith(b"CHK=DA18"), "wrong checksum"
            best = max(best, m.instructions / elapsed)
        speeds[engine] = best
        print(f"bench.asm  {engine:<6} {best / 1e6:6.2f} M instructions/s "
              f"({m.instructions:,} instructions, {m.user_instructions:,} in user space)")
    print(f"bench.asm  ratio  {speeds['fast'] / speeds['interp']:6.1f}x fast / interp")

    hello = assemble(HELLO)
    times = {}
    for engine in ("interp", "fast"):
        times[engine] = min(run_once(hello, engine)[0] for _ in range(max(5, args.repeat)))
        print(f"hello      {engine:<6} {times[engine] * 1000:6.2f} ms")
    print(f"hello      ratio  {times['fast'] / times['interp']:6.2f}x fast / interp time "
          f"(python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
