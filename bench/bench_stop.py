"""How long Stop can take: the worst time between two chances to read a message.

    python bench/bench_stop.py [--slice SECONDS] [--seconds PER_WORKLOAD]

The page's worker runs the VM in ticks (protocol "tick" with `seconds`) and reads messages,
Stop among them, between ticks; so Stop waits at most as long as one tick lasts.  This drives
the protocol exactly as the worker does, over workloads that once made ticks overshoot: a
hot loop followed by code that rewrites itself, TRAP after TRAP, polling a device register,
and reverse continue over a long history.  It prints each workload's median and worst tick,
and the worst tick's CPU time (wall time on a shared machine includes time spent waiting).
Target: the worst under 100 ms here (the page's own figure is bench_page.py's).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from vmcore.protocol import Protocol  # noqa: E402

HOT_THEN_SELF_MODIFYING = """.ORIG x3000
        LD R2, BIG
HOT     ADD R1, R1, #1          ; a hot loop first, so the tick's chunk grows large
        ADD R2, R2, #-1
        BRp HOT
AGAIN   LD R3, PATCH
        ADD R3, R3, R4
        ST R3, TARGET           ; then a loop that rewrites itself
        AND R4, R4, #1
        ADD R4, R4, #1
TARGET  ADD R1, R1, #0
        BRnzp AGAIN
PATCH   ADD R1, R1, #0
BIG     .FILL x7FFF
        .END"""

TRAP_STORM = """.ORIG x3000
        LD R2, BIG
HOT     ADD R2, R2, #-1
        BRp HOT
        LD R0, CHAR
AGAIN   OUT
        BRnzp AGAIN
CHAR    .FILL x2E
BIG     .FILL x7FFF
        .END"""

POLLING = """.ORIG x3000
        LD R2, BIG
HOT     ADD R2, R2, #-1
        BRp HOT
AGAIN   LDI R1, DSR
        BRzp AGAIN
        STI R1, DDR
        BRnzp AGAIN
DSR     .FILL xFE04
DDR     .FILL xFE06
BIG     .FILL x7FFF
        .END"""

REVERSE = """.ORIG x3000
LOOP    ADD R1, R1, #1          ; line 2: the breakpoint reverse continue looks for
        ADD R2, R2, #-1
        BRp LOOP
        ADD R3, R3, #1
        BRnzp LOOP
        .END"""


def ticks(p: Protocol, seconds: float, slice_s: float) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each tick: on a shared machine a tick's wall time can include
    time the process was not running at all; its CPU time cannot."""
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t, c = time.perf_counter(), time.process_time()
        replies = p.handle({"type": "tick", "seconds": slice_s})
        times.append((time.perf_counter() - t, time.process_time() - c))
        state = next(r for r in replies if r["type"] == "status")["state"]
        if state != "running":
            break
    return times


def forward(source: str, seconds: float, slice_s: float) -> list[tuple[float, float]]:
    p = Protocol()
    p.handle({"type": "load", "source": source})
    p.handle({"type": "run"})
    return ticks(p, seconds, slice_s)


def reverse(seconds: float, slice_s: float) -> list[tuple[float, float]]:
    p = Protocol()
    p.handle({"type": "load", "source": REVERSE})
    p.handle({"type": "run"})
    ticks(p, seconds, slice_s)                    # a long history, no breakpoint yet
    p.handle({"type": "stop"})
    p.handle({"type": "breakpoints", "lines": [2]})
    p.handle({"type": "debug", "action": "reverse"})
    return ticks(p, 60, slice_s)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--slice", type=float, default=0.02, help="the worker's tick (s)")
    ap.add_argument("--seconds", type=float, default=3.0, help="time for each workload")
    args = ap.parse_args()
    runs = {"hot loop, then self-modifying": lambda: forward(HOT_THEN_SELF_MODIFYING,
                                                             args.seconds, args.slice),
            "TRAP storm": lambda: forward(TRAP_STORM, args.seconds, args.slice),
            "device polling": lambda: forward(POLLING, args.seconds, args.slice),
            "reverse continue": lambda: reverse(args.seconds, args.slice)}
    print(f"python {sys.version.split()[0]}, ticks of {args.slice * 1000:.0f} ms")
    print(f"{'workload':<32}{'ticks':>7}{'median ms':>11}{'worst ms':>10}{'worst CPU ms':>14}")
    worst = worst_cpu = 0.0
    for name, run in runs.items():
        times = run()
        wall = [w for w, _ in times]
        cpu = [c for _, c in times]
        worst, worst_cpu = max(worst, max(wall)), max(worst_cpu, max(cpu))
        print(f"{name:<32}{len(times):>7}{statistics.median(wall) * 1000:>11.1f}"
              f"{max(wall) * 1000:>10.1f}{max(cpu) * 1000:>14.1f}")
    print(f"worst Stop latency: {worst * 1000:.1f} ms wall, {worst_cpu * 1000:.1f} ms of CPU")


if __name__ == "__main__":
    main()
