"""How fast `lc3 grade` grades a class: 500 generated submissions of the multiply exercise
(most right, some with the do-while bug, some that do not assemble, a few that never halt),
graded with `--jobs 2` in separate processes, as an instructor would run it.

    python bench/bench_grade.py [--count 500] [--jobs 2]
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = ROOT / "web" / "exercises" / "02-multiply.toml"

RIGHT = """; student {n}
        .ORIG x3000
        AND R{t}, R{t}, #0
        LD R{a}, A
        LD R{c}, B
        BRz DONE
LOOP    ADD R{t}, R{t}, R{a}
        ADD R{c}, R{c}, #-1
        BRp LOOP
DONE    ST R{t}, PRODUCT
        HALT
A       .FILL #6
B       .FILL #7
PRODUCT .BLKW 1
        .END
"""
DO_WHILE = RIGHT.replace("        BRz DONE\n", "")
NO_ASSEMBLY = RIGHT.replace("ADD R{c}, R{c}, #-1", "ADD R{c}, #-1")
RUNAWAY = RIGHT.replace("BRp LOOP", "BRnzp LOOP")


def generate(folder: Path, count: int) -> None:
    rng = random.Random(13)
    for n in range(count):
        kind = rng.choices([RIGHT, DO_WHILE, NO_ASSEMBLY, RUNAWAY], [70, 20, 8, 2])[0]
        t, a, c = rng.sample(range(6), 3)
        (folder / f"student{n:03d}.asm").write_text(kind.format(n=n, t=t, a=a, c=c))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "submissions"
        folder.mkdir()
        generate(folder, args.count)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        started = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "vmcore", "grade", str(EXERCISE),
                            *sorted(map(str, folder.iterdir())), "--jobs", str(args.jobs),
                            "--quiet", "--out", str(Path(tmp) / "grades")],
                           env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if r.returncode:
            sys.exit(r.stderr)
        rows = list(csv.DictReader(open(Path(tmp) / "grades" / "grades.csv")))
        full = sum(row["score"] == row["max_score"] for row in rows)
        print(f"{len(rows)} submissions ({full} with full marks), --jobs {args.jobs}: "
              f"{elapsed:.1f} s, {len(rows) / elapsed:.1f} submissions/s "
              f"({elapsed / len(rows) * 1000:.0f} ms each)")
        print(r.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
