"""Grade a class: many submissions in parallel, each in a process of its own with a
wall-clock limit, so that no submission can stop, slow down or crash the others."""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from .exercise import Exercise
from .grader import Report, check, failed_everywhere


class SubmissionError(Exception):
    """A submission that cannot be graded at all (no .asm file, several, unreadable)."""


def find_program(path: str | os.PathLike) -> Path:
    """The .asm file of a submission: the file itself, or the one .asm in a folder."""
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".asm" and p.is_file()
                       and "__MACOSX" not in p.parts and not p.name.startswith("._"))
        if not found:
            raise SubmissionError(f"{path}: the submission holds no .asm file")
        if len(found) > 1:
            names = ", ".join(str(p.relative_to(path)) for p in found[:5])
            raise SubmissionError(f"{path}: the submission holds {len(found)} .asm files "
                                  f"({names}); it should hold one")
        return found[0]
    if not path.is_file():
        raise SubmissionError(f"{path}: no such file or folder")
    return path


def grade_path(exercise: Exercise, path: str | os.PathLike) -> Report:
    """Grade one submission (a file or a folder); a bad submission fails every test."""
    try:
        program = find_program(path)
        source = program.read_text(encoding="utf-8", errors="replace")
    except SubmissionError as e:
        return failed_everywhere(exercise, str(e))
    except OSError as e:
        return failed_everywhere(exercise, f"{path}: cannot read: {e.strerror}")
    return check(source, exercise, program.name)


@dataclass
class Graded:
    name: str
    path: str
    report: Report


def submission_names(paths: list[str]) -> list[str]:
    """A short, unique name per submission: the file's stem or the folder's name."""
    names, seen = [], {}
    for p in paths:
        path = Path(p)
        base = path.name if path.is_dir() else path.stem
        base = base or "submission"
        n = seen.get(base, 0) + 1
        seen[base] = n
        names.append(base if n == 1 else f"{base}-{n}")
    return names


def _child(conn, exercise: Exercise, path: str) -> None:
    try:
        report = grade_path(exercise, path)
        conn.send((report.to_dict(), report.seconds))
    except BaseException as e:                  # noqa: BLE001 - reported to the parent
        conn.send(({"error": f"{type(e).__name__}: {e}"}, 0.0))
    finally:
        conn.close()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def grade_all(exercise: Exercise, paths: list[str], jobs: int | None = None,
              timeout: float = 60.0, progress=None) -> list[Graded]:
    """Grade every submission, at most `jobs` at a time, in submission order.
    `progress(graded)` is called as each one finishes."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    names = submission_names(paths)
    results: list[Graded | None] = [None] * len(paths)
    pending = deque(range(len(paths)))
    running: dict = {}                  # connection -> (process, index, deadline)
    ctx = _context()

    def finish(index: int, report: Report) -> None:
        results[index] = Graded(names[index], str(paths[index]), report)
        if progress:
            progress(results[index])

    while pending or running:
        while pending and len(running) < jobs:
            index = pending.popleft()
            receiver, sender = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child, args=(sender, exercise, str(paths[index])),
                                  daemon=True)
            process.start()
            sender.close()
            running[receiver] = (process, index, time.monotonic() + timeout)
        soonest = min(deadline for _, _, deadline in running.values())
        for conn in wait(list(running), timeout=max(0.0, soonest - time.monotonic())):
            process, index, _ = running.pop(conn)
            try:
                data, seconds = conn.recv()
            except (EOFError, OSError):
                data, seconds = None, 0.0
            conn.close()
            process.join()
            if data is None or "error" in data:
                why = data["error"] if data else f"exit code {process.exitcode}"
                finish(index, failed_everywhere(
                    exercise, f"the grader's process for this submission failed ({why})"))
            else:
                report = Report.from_dict(data, exercise.title)
                report.seconds = seconds
                finish(index, report)
        now = time.monotonic()
        for conn, (process, index, deadline) in list(running.items()):
            if now >= deadline:
                process.kill()
                process.join()
                conn.close()
                del running[conn]
                finish(index, failed_everywhere(
                    exercise, f"grading stopped after {timeout:g} seconds (the wall-clock "
                              f"limit for one submission)"))
    return results
