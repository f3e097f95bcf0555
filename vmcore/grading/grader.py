"""Run every test of an exercise against a program and collect the results.

Each test runs on a fresh machine.  A test that fails, runs away or crashes is a failed
result with its message; nothing a program does stops the other tests or the grader.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..assembler import assemble
from ..diagnostics import AssemblyError
from ..program import Program
from .checks import compare
from .exercise import Exercise, TestCase
from .runner import SetupError, run


@dataclass
class TestResult:
    name: str
    passed: bool
    score: float
    max_score: float
    message: str = ""
    steps: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "passed": self.passed, "score": self.score,
                "max_score": self.max_score, "message": self.message}


@dataclass
class Report:
    title: str
    tests: list[TestResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tests)

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tests)

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.tests)

    def to_dict(self) -> dict:
        return {"score": self.score, "max_score": self.max_score,
                "tests": [t.to_dict() for t in self.tests]}

    @classmethod
    def from_dict(cls, data: dict, title: str = "") -> "Report":
        return cls(title, [TestResult(t["name"], t["passed"], t["score"], t["max_score"],
                                      t.get("message", "")) for t in data["tests"]])


def failed_everywhere(exercise: Exercise, message: str) -> Report:
    """Every test failed for one reason (the program does not assemble, is missing...)."""
    return Report(exercise.title, [TestResult(t.name, False, 0, t.points, message)
                                   for t in exercise.tests])


def check(source: str, exercise: Exercise, filename: str = "program.asm") -> Report:
    """Assemble `source` and run every test of `exercise` on it."""
    started = time.perf_counter()
    try:
        program = assemble(source, filename)
    except AssemblyError as e:
        errors = e.errors
        first = errors[0]
        more = f" (and {len(errors) - 1} more error{'s' * (len(errors) != 2)})" \
            if len(errors) > 1 else ""
        report = failed_everywhere(exercise, f"does not assemble: line {first.line}: "
                                             f"{first.message}{more}")
    else:
        report = check_program(program, exercise)
    report.seconds = time.perf_counter() - started
    return report


def check_program(program: Program, exercise: Exercise) -> Report:
    report = Report(exercise.title)
    for test in exercise.tests:
        report.tests.append(run_test(program, test, exercise))
    return report


def run_test(program: Program, test: TestCase, exercise: Exercise) -> TestResult:
    steps = 0
    try:
        outcome = run(program, test, exercise.edition, exercise.access_control)
        steps = outcome.steps
        messages = compare(outcome, test, program)
    except SetupError as e:
        messages = [str(e)]
    except Exception as e:      # a grader bug must cost one test, never the whole run
        messages = [f"the grader could not run this test ({type(e).__name__}: {e})"]
    passed = not messages
    return TestResult(test.name, passed, test.points if passed else 0, test.points,
                      "\n".join(messages), steps)

