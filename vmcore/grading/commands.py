"""`lc3 test` and `lc3 grade`: the exercise commands of the `lc3` CLI.

Exit status: 0 when every test passes (test) or the class was graded (grade), 1 when a test
fails, 2 when the exercise file or the arguments are wrong.
"""
from __future__ import annotations

import os
import sys

# The commands import the grader when they run: the `lc3` command registers them at every
# start, and `lc3 run` should not pay for loading it.
from .formats import FORMATS

USAGE_ERROR = 2


class _Usage(Exception):
    """Wrong arguments or a wrong exercise file: exit status 2 with this message."""


def _exercise(path: str):
    from .exercise import ExerciseError, parse_exercise
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        raise _Usage(f"lc3: {path}: cannot read: {e.strerror}") from None
    try:
        return parse_exercise(text, path)
    except ExerciseError as e:
        raise _Usage(e.format(text)) from None


def add_parsers(sub) -> None:
    """Register `test` and `grade` on the `lc3` command's subparsers."""
    p = sub.add_parser("test", help="check a program against an exercise's tests")
    p.add_argument("program", metavar="PROGRAM.asm", help="the program (or a folder "
                   "holding one .asm file)")
    p.add_argument("exercise", metavar="EXERCISE.toml")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (default), json, junit or gradescope (results.json)")
    p.set_defaults(func=_guarded(cmd_test))

    p = sub.add_parser("grade", help="grade many submissions of an exercise in parallel")
    p.add_argument("exercise", metavar="EXERCISE.toml")
    p.add_argument("submissions", nargs="*", metavar="SUBMISSION",
                   help=".asm files, or folders holding one .asm file each")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="submissions graded at once (default: the number of cores)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="wall-clock limit for one submission (default 60)")
    p.add_argument("--out", default="grades", metavar="DIR",
                   help="where grades.csv and one JSON per submission go (default: grades)")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.add_argument("--gradescope-autograder", metavar="DIR",
                   help="instead of grading, write a Gradescope autograder for the "
                        "exercise into DIR (and DIR/autograder.zip)")
    p.set_defaults(func=_guarded(cmd_grade))


def _guarded(command):
    def run(args) -> int:
        try:
            return command(args)
        except _Usage as e:
            print(e, file=sys.stderr)
            return USAGE_ERROR
    return run


def cmd_test(args) -> int:
    from .batch import grade_path
    from .formats import render
    exercise = _exercise(args.exercise)
    if not os.path.exists(args.program):
        raise _Usage(f"lc3: {args.program}: no such file or folder")
    report = grade_path(exercise, args.program)
    sys.stdout.write(render(report, args.format))
    return 0 if report.passed else 1


def cmd_grade(args) -> int:
    import csv
    import json
    import time
    from pathlib import Path

    from .autograder import write_autograder
    from .batch import grade_all
    from .formats import points
    exercise = _exercise(args.exercise)
    if args.gradescope_autograder:
        archive = write_autograder(args.gradescope_autograder, args.exercise, exercise.title)
        print(f"wrote a Gradescope autograder for {exercise.title!r} in "
              f"{args.gradescope_autograder}; upload {archive}")
        return 0
    if not args.submissions:
        raise _Usage("lc3 grade: give the submissions to grade (files or folders), or "
                     "--gradescope-autograder DIR")
    if args.jobs is not None and args.jobs < 1:
        raise _Usage("lc3 grade: --jobs must be at least 1")
    if args.timeout <= 0:
        raise _Usage("lc3 grade: --timeout must be more than 0 seconds")
    missing = [s for s in args.submissions if not os.path.exists(s)]
    if missing:
        raise _Usage(f"lc3 grade: no such file or folder: {', '.join(missing)}")
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _Usage(f"lc3 grade: cannot make {out}: {e.strerror}") from None

    def progress(graded) -> None:
        r = graded.report
        (out / f"{graded.name}.json").write_text(json.dumps(
            {"submission": graded.name, "path": graded.path, **r.to_dict()}, indent=2,
            ensure_ascii=False) + "\n", encoding="utf-8")
        if not args.quiet:
            print(f"{graded.name}: {points(r.score)} of {points(r.max_score)}", flush=True)

    started = time.perf_counter()
    graded = grade_all(exercise, args.submissions, args.jobs, args.timeout, progress)
    elapsed = time.perf_counter() - started
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", "score", "max_score"] + [t.name for t in exercise.tests])
        for g in graded:
            writer.writerow([g.name, points(g.report.score), points(g.report.max_score)]
                            + [points(t.score) for t in g.report.tests])
    n = len(graded)
    rate = n / elapsed if elapsed > 0 else 0.0
    print(f"graded {n} submission{'s' * (n != 1)} in {elapsed:.1f} s ({rate:.1f} per "
          f"second); wrote {out / 'grades.csv'} and {n} JSON file{'s' * (n != 1)}")
    return 0
