"""Execution speed: the fast engine against the reference interpreter, in one process.

    python bench/bench_vm.py [--repeat N] [--bench PATH] [--only NAME,...]

For each workload, prints instructions per second on the reference interpreter and on the
fast engine (best of N runs each) and their ratio.  The workloads are the CPU benchmark
(loops), a call-heavy recursion, and the kinds of code translation helps least: code that
rewrites itself, TRAP after TRAP, polling a device register, and hello world (mostly the
OS's boot).  No ratio should be below 1.0.  Compare ratios, not raw figures: the machines
this runs on are shared.

Then "with history": bench.asm and the recursion run by a Session as the page runs them (in
50 ms slices, the debugger recording reverse-step history and taking its snapshots), against
the fast engine alone; the ratio should be close to 1.0.

Last, "host": bench.asm's bubble sort written by hand in plain Python, the shape of code the
engine generates for it.  Its rate on one Python against another is what that Python makes
of such code, whatever the engine does: the yardstick for the engine's own ratio between them.
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
from vmcore.session import Session  # noqa: E402

HELLO = """.ORIG x3000
        LEA R0, MSG
        PUTS
        HALT
MSG     .STRINGZ "Hello, world!\\n"
        .END"""

# fib(22) by JSR/RET, arguments and saved registers on an R6 stack: ~1.6 M instructions.
RECURSION = """.ORIG x3000
        LD R0, N
        JSR FIB
        HALT
N       .FILL #22
FIB     ADD R6, R6, #-3         ; R1 = fib(R0), keeping R0 and R2
        STR R7, R6, #0
        STR R0, R6, #1
        STR R2, R6, #2
        ADD R1, R0, #-2
        BRzp FIB_REC
        ADD R1, R0, #0          ; fib(0) = 0, fib(1) = 1
        BRnzp FIB_END
FIB_REC ADD R0, R0, #-1
        JSR FIB
        ADD R2, R1, #0
        ADD R0, R0, #-1
        JSR FIB
        ADD R1, R1, R2
FIB_END LDR R7, R6, #0
        LDR R0, R6, #1
        LDR R2, R6, #2
        ADD R6, R6, #3
        RET
        .END"""

SELF_MODIFYING = """.ORIG x3000
        LD R2, COUNT
AGAIN   LD R3, PATCH
        ADD R3, R3, R4
        ST R3, TARGET           ; rewrite the ADD below every time round
        AND R4, R4, #1
        ADD R4, R4, #1
TARGET  ADD R1, R1, #0
        ADD R2, R2, #-1
        BRp AGAIN
        HALT
PATCH   ADD R1, R1, #0
COUNT   .FILL #20000
        .END"""

TRAPS = """.ORIG x3000
        LD R2, COUNT
        LD R0, CHAR
AGAIN   OUT
        ADD R2, R2, #-1
        BRp AGAIN
        HALT
CHAR    .FILL x2E
COUNT   .FILL #10000
        .END"""

POLLING = """.ORIG x3000
        LD R2, COUNT
AGAIN   LDI R1, DSR             ; wait for the display, then write to it directly
        BRzp AGAIN
        LD R0, CHAR
        STI R0, DDR
        ADD R2, R2, #-1
        BRp AGAIN
        HALT
DSR     .FILL xFE04
DDR     .FILL xFE06
CHAR    .FILL x2A
COUNT   .FILL #30000
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


def run_with_history(source: str) -> tuple[float, int]:
    """A Session runs the program to its end in 50 ms slices, as the page's worker does."""
    session = Session()
    session.load_source(source, "bench.asm")
    session.start("run")
    t = time.perf_counter()
    while session.run_slice(0.05) == "running":
        pass
    elapsed = time.perf_counter() - t
    assert session.state == "halted", session.message
    return elapsed, session.machine.instructions


def history_rows(workloads: dict[str, str], repeat: int) -> None:
    print(f"\nwith history (a Session: snapshots every "
          f"{Session().debugger.snapshot_every:,} instructions)")
    print(f"{'workload':<16}{'instructions':>14}{'fast M/s':>10}{'history M/s':>13}{'ratio':>8}")
    for name in ("bench.asm", "recursion"):
        if name not in workloads:
            continue
        program = assemble(workloads[name], name)
        plain, history = [], []
        for _ in range(repeat):             # taking turns, so that load weighs on both alike
            plain.append(run_once(program, "fast")[0])
            elapsed, count = run_with_history(workloads[name])
            history.append(elapsed)
        fast, slow = min(plain), min(history)
        print(f"{name:<16}{count:>14,}{count / fast / 1e6:>10.2f}{count / slow / 1e6:>13.2f}"
              f"{fast / slow:>7.2f}x")


def bubble_sort(values: list[int]) -> int:
    """Ascending, in place, as bench.asm's BSORT does it; returns the inner steps taken."""
    steps = 0
    for passes in range(len(values) - 1, 0, -1):
        for i in range(passes):
            a, b = values[i], values[i + 1]
            if a - b > 0:
                values[i], values[i + 1] = b, a
        steps += passes
    return steps


def host_row(repeat: int) -> None:
    seed, values = 0x1234, []
    for _ in range(200):
        seed = (5 * seed + 13849) & 0xFFFF
        values.append(seed & 0x0FFF)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        steps = sum(bubble_sort(list(values)) for _ in range(20))
        best = min(best, time.perf_counter() - t)
    print(f"\nhost: bench.asm's bubble sort in plain Python {steps / best / 1e6:>8.2f} M steps/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bench", default=os.path.join(HERE, "..", "..", "shared", "bench",
                                                    "bench.asm"))
    ap.add_argument("--only", default="", help="comma-separated workload names")
    args = ap.parse_args()
    workloads = {"recursion": RECURSION, "self-modifying": SELF_MODIFYING, "traps": TRAPS,
                 "polling": POLLING, "hello": HELLO}
    if os.path.exists(args.bench):
        with open(args.bench) as f:
            workloads = {"bench.asm": f.read(), **workloads}
    else:
        print(f"(no {args.bench}: bench.asm skipped)")
    only = set(filter(None, args.only.split(",")))
    print(f"python {sys.version.split()[0]}, best of {args.repeat}")
    named = only - {"history", "host"}        # workloads asked for by name; none: all of them
    rows = [name for name in workloads if not only or name in named]
    if rows:
        print(f"{'workload':<16}{'instructions':>14}{'interp M/s':>12}{'fast M/s':>10}{'ratio':>8}")
    for name in rows:
        program = assemble(workloads[name], name)
        best = {}
        for engine in ("interp", "fast"):
            times = []
            for _ in range(args.repeat):
                elapsed, m = run_once(program, engine)
                times.append(elapsed)
            best[engine] = min(times)
        count = m.instructions
        print(f"{name:<16}{count:>14,}{count / best['interp'] / 1e6:>12.2f}"
              f"{count / best['fast'] / 1e6:>10.2f}{best['interp'] / best['fast']:>7.2f}x")
    if not only or "history" in only:
        history_rows({k: v for k, v in workloads.items() if not named or k in named}, args.repeat)
    if not only or "host" in only:
        host_row(args.repeat)


if __name__ == "__main__":
    main()
