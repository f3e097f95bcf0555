"""Our machine against the other LC-3 simulators that pip installs, on the same workloads.

    python -m venv /tmp/peers
    /tmp/peers/bin/pip install lc3-ensemble-test lc3vm lc3lab
    /tmp/peers/bin/python bench/bench_peers.py [--repeat N] [--bench PATH]

Run it with an interpreter that has the peers installed (a venv of its own: they are no
dependency of ours); a peer that is not installed is skipped with a line saying so.  The
workloads are bench.asm (loops) and the call-heavy recursion of bench_vm.py (setting its
own stack pointer, which our OS sets and the peers do not), each run to its HALT in this
process.  For each it prints the best time of N runs (fewer for a peer whose runs take
more than SLOW seconds together), the speed in
millions of instructions per second (counted as our machine counts the program's
instructions, so that every row divides the same number), and the peer's time as a ratio
to ours: above 1.0, we are faster.  It also checks that each printed what we print.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from bench_vm import RECURSION  # noqa: E402
from vmcore import assemble  # noqa: E402
from vmcore.machine import Machine  # noqa: E402


SLOW = 15.0          # seconds of runs after which a slow peer is not run again


def with_stack(source: str) -> str:
    """The program with R6 set to xC000 first, as our OS leaves it for a program."""
    head, body = source.split("\n", 1)
    assert head.strip().upper().startswith(".ORIG"), head
    body, end = body.rsplit(".END", 1)
    return (f"{head}\n        LD R6, STACK_TOP\n{body.rstrip()}\nSTACK_TOP .FILL xC000\n"
            f"        .END{end}")


def run_ours(source: str, program, obj_path: str) -> tuple[float, str]:
    m = Machine()
    m.load(program)
    t = time.perf_counter()
    stop = m.run()
    elapsed = time.perf_counter() - t
    assert stop.reason == "halted", stop
    return elapsed, m.console.take().decode("latin-1")


def run_ensemble(source: str, program, obj_path: str) -> tuple[float, str]:
    """lc3-ensemble-test: a Rust simulator (lc3-ensemble) with Python bindings; it
    assembles the source itself."""
    from ensemble_test import core
    sim = core.Simulator()
    sim.init(core.MemoryFillType.Single, 0)
    sim.load_code(source)
    t = time.perf_counter()
    sim.run()
    elapsed = time.perf_counter() - t
    assert sim.hit_halt(), "lc3-ensemble-test did not halt"
    return elapsed, sim.output


def run_lc3vm(source: str, program, obj_path: str) -> tuple[float, str]:
    """lc3vm: the "write your own VM" tutorial in Python, with traps done in Python and no
    OS; it keeps its machine in module globals and runs from an .obj file."""
    import lc3vm as vm
    vm.read_image_file(obj_path)
    for r in range(vm.R.COUNT):
        vm.reg[r] = 0
    vm.reg[vm.R.PC] = program.entry
    vm.reg[vm.R.COND] = vm.FL.ZRO
    vm.is_running = 1
    mem_read, reg, ops, bad_opcode, PC = vm.mem_read, vm.reg, vm.ops, vm.bad_opcode, vm.R.PC
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        t = time.perf_counter()
        while vm.is_running:               # its own main loop, as vm.main() runs it
            instr = mem_read(reg[PC])
            reg[PC] += 1
            ops.get(instr >> 12, bad_opcode)(instr)
        elapsed = time.perf_counter() - t
    return elapsed, out.getvalue()


def run_lc3lab(source: str, program, obj_path: str) -> tuple[float, str]:
    """lc3lab: a pure-Python simulator with traps done in Python."""
    from lc3lab import LC3, assemble as lab_assemble
    sim = LC3()
    sim.load(lab_assemble(source, "bench.asm"))
    t = time.perf_counter()
    status = sim.run(max_instr=1 << 40)
    elapsed = time.perf_counter() - t
    assert status == "halt", f"lc3lab: {status} {sim.error}"
    return elapsed, sim.output_text()


PEERS = {"lc3-ensemble-test": ("ensemble_test", run_ensemble), "lc3vm": ("lc3vm", run_lc3vm),
         "lc3lab": ("lc3lab", run_lc3lab)}


def installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bench", default=os.path.join(HERE, "..", "..", "shared", "bench",
                                                    "bench.asm"))
    args = ap.parse_args()
    workloads = {"recursion": with_stack(RECURSION)}
    if os.path.exists(args.bench):
        with open(args.bench) as f:
            workloads = {"bench.asm": f.read(), **workloads}
    else:
        print(f"(no {args.bench}: bench.asm skipped)")
    runners = {"ours (vmcore)": run_ours}
    for name, (module, runner) in PEERS.items():
        if installed(module):
            runners[name] = runner
        else:
            print(f"{name}: not installed, skipped (pip install {name})")
    print(f"python {sys.version.split()[0]}, best of {args.repeat}")
    print(f"{'workload':<12}{'simulator':<20}{'seconds':>9}{'M instr/s':>11}{'vs ours':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for workload, source in workloads.items():
            program = assemble(source, workload)
            obj_path = os.path.join(folder, "program.obj")
            with open(obj_path, "wb") as f:
                f.write(program.to_obj())
            count = _instructions(program)
            ours = expected = None
            for name, runner in runners.items():
                results = []
                try:
                    while len(results) < args.repeat and sum(t for t, _ in results) < SLOW:
                        results.append(runner(source, program, obj_path))
                except Exception as e:          # a peer that cannot run it: say so, go on
                    print(f"{workload:<12}{name:<20} failed: {type(e).__name__}: {e}")
                    continue
                best = min(t for t, _ in results)
                output = results[0][1]
                if ours is None:
                    ours, expected = best, _program_output(output)
                note = "" if output.startswith(expected) else \
                    f"   printed {output[-40:]!r}, not {expected!r}"
                runs = "" if len(results) == args.repeat else \
                    f"   ({len(results)} run{'s' * (len(results) > 1)})"
                print(f"{workload:<12}{name:<20}{best:>9.3f}{count / best / 1e6:>11.2f}"
                      f"{best / ours:>8.2f}x{runs}{note}")


def _instructions(program) -> int:
    """The program's own instructions, as our machine counts them (the OS's boot and
    trap routines left out, as most peers do traps in their host language)."""
    m = Machine()
    m.load(program)
    assert m.run().reason == "halted"
    return m.user_instructions


def _program_output(text: str) -> str:
    """What the program printed, without our OS's halt banner (peers print none, or their
    own)."""
    return text.split("\n\n--- Halting", 1)[0].split("\n\n--- halting", 1)[0]


if __name__ == "__main__":
    main()
