"""Start-up of the `lc3` command: `lc3 run hello.obj` as a whole process against `python -c pass`;
and a call-heavy recursion (bench_vm's RECURSION, fib(25): 3.6 M instructions) run by
`lc3 run` as a whole process, in instructions a second of wall-clock time.

    python bench/bench_cli.py [--runs N]

Runs each command N times (after one warm-up run) and prints the median wall-clock time,
and CPU time, and the differences, which are what our imports and the boot cost.  CPU
time varies less than wall-clock time on a machine shared with other work.  Uses the `lc3` script
beside the running interpreter when there is one, else `python -m vmcore`.  Compiled
bytecode is cached in a temporary folder, as an installed package has it, even when
PYTHONDONTWRITEBYTECODE is set.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_vm import RECURSION  # noqa: E402

HELLO = """.ORIG x3000
        LEA R0, MSG
        PUTS
        HALT
MSG     .STRINGZ "Hello, world!\\n"
        .END
"""


def medians_ms(commands: list[list[str]], runs: int, env: dict) -> list[tuple[float, float]]:
    """Each command's median wall-clock and CPU (user + system) time; the commands take
    turns, so that a load that comes and goes on the machine weighs on them alike."""
    times: list[list[tuple[float, float]]] = [[] for _ in commands]
    for i in range(runs + 1):
        for command, spent in zip(commands, times):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                           check=True, env=env)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            if i:                   # the first round writes the bytecode caches
                spent.append((wall, cpu))
    return [(statistics.median(w for w, _ in spent) * 1000,
             statistics.median(c for _, c in spent) * 1000) for spent in times]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    from vmcore import assemble
    script = os.path.join(os.path.dirname(sys.executable), "lc3")
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=folder)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        obj = os.path.join(folder, "hello.obj")
        with open(obj, "wb") as f:
            f.write(assemble(HELLO).to_obj())
        if os.path.exists(script):         # the installed command, as people run it
            lc3 = [script]
        else:
            lc3 = [sys.executable, "-m", "vmcore"]
            env["PYTHONPATH"] = os.path.abspath(ROOT)
        base, run = medians_ms([[sys.executable, "-c", "pass"], [*lc3, "run", obj]],
                               args.runs, env)
        program = assemble(RECURSION.replace("#22", "#25"))
        rec = os.path.join(folder, "recursion.obj")
        with open(rec, "wb") as f:
            f.write(program.to_obj())
        (recursion, _), = medians_ms([[*lc3, "run", rec]], max(3, args.runs // 3), env)
        stats = subprocess.run([*lc3, "run", "--stats", rec], capture_output=True, text=True,
                               env=env, check=True).stderr
        executed = instructions(stats)
    print(f"python {sys.version.split()[0]}, median of {args.runs} runs "
          f"({' '.join(os.path.basename(c) for c in lc3)})")
    print(f"{'':20}{'wall ms':>9}{'CPU ms':>9}")
    print(f"{'python -c pass':20}{base[0]:9.1f}{base[1]:9.1f}")
    print(f"{'lc3 run hello.obj':20}{run[0]:9.1f}{run[1]:9.1f}")
    print(f"{'difference':20}{run[0] - base[0]:+9.1f}{run[1] - base[1]:+9.1f}")
    print(f"lc3 run recursion.obj (fib(25), {executed:,} instructions, boot included): "
          f"{recursion:.0f} ms wall, {executed / recursion / 1000:.1f} M instructions/s "
          f"for the whole process")


def instructions(stats: str) -> int:
    """The instruction count `lc3 run --stats` prints."""
    found = re.search(r"total instructions: ([\d,]+)", stats)
    if not found:
        raise SystemExit(f"no instruction count in lc3 run --stats output: {stats!r}")
    return int(found.group(1).replace(",", ""))


if __name__ == "__main__":
    main()
