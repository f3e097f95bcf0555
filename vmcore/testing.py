"""The grader's checks for instructors who would rather write Python, from pytest or a
script.  The same exercise files, the same runs and the same messages as `lc3 test`.

    from vmcore.testing import assert_passes, call_subroutine, run_program

    def test_the_exercise():
        assert_passes(open("fact.asm").read(), "fact.toml")   # a path, TOML text or Exercise

    def test_fact_by_hand():
        run = call_subroutine(SOURCE, "FACT", set={"R0": 5})
        assert run.returned and run.registers[0] == 120
        assert run.check(R0=120, preserved=["R1", "R2"]) == []

    def test_output():
        run = run_program(SOURCE, input="42\\n", set={"COUNT": 5})
        assert run.halted and run.output == "Sum: 15\\n"
        assert run.memory("RESULT") == 15 and run.string("NAME") == "Ada"
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .assembler import assemble
from .grading.checks import compare
from .grading.exercise import (Exercise, ExerciseError, Location, load_exercise,
                               parse_exercise, test_from_dict)
from .grading.formats import text
from .grading.grader import Report, TestResult
from .grading.grader import check as _check
from .grading.runner import Outcome, resolve, run
from .program import Program

__all__ = ["load_exercise", "parse_exercise", "check", "assert_passes", "run_program",
           "call_subroutine", "Run", "Report", "TestResult", "Exercise", "ExerciseError"]


def _exercise(exercise) -> Exercise:
    if isinstance(exercise, Exercise):
        return exercise
    if isinstance(exercise, os.PathLike) or (isinstance(exercise, str)
                                             and "\n" not in exercise):
        return load_exercise(exercise)
    return parse_exercise(exercise)


def check(source: str, exercise) -> Report:
    """Every test of an exercise (an Exercise, a path to a .toml file, or TOML text) run on
    the program's source.  Never raises for anything the program does."""
    return _check(source, _exercise(exercise))


def assert_passes(source: str, exercise) -> Report:
    """check(), then AssertionError listing each failed test and why, if any failed."""
    report = check(source, exercise)
    if not report.passed:
        raise AssertionError("\n" + text(report))
    return report


@dataclass
class Run:
    """One run of a program or one call of a subroutine, with what it left behind."""
    outcome: Outcome
    program: Program
    test: object

    @property
    def registers(self) -> list[int]:
        """R0-R7 as the program left them (as it entered HALT, or as the call returned)."""
        return list(self.outcome.registers)

    @property
    def output(self) -> str:
        return self.outcome.output

    @property
    def halted(self) -> bool:
        return self.outcome.halted

    @property
    def returned(self) -> bool:
        return self.outcome.returned

    @property
    def steps(self) -> int:
        return self.outcome.steps

    def _address(self, where) -> int:
        if isinstance(where, int):
            return where & 0xFFFF
        if where[:1] in "xX" and all(c in "0123456789abcdefABCDEF" for c in where[1:]):
            return int(where[1:], 16)
        return resolve(self.program, Location(where, label=where), "reads")

    def memory(self, where, count: int | None = None):
        """The word at an address or label; a list of `count` words if count is given."""
        start = self._address(where)
        words = [self.outcome.machine.memory[(start + k) & 0xFFFF] for k in range(count or 1)]
        return words if count is not None else words[0]

    def string(self, where) -> str:
        """The zero-terminated string at an address or label, one character a word."""
        start, chars = self._address(where), []
        memory = self.outcome.machine.memory
        while len(chars) < 0x10000 and memory[(start + len(chars)) & 0xFFFF]:
            chars.append(chr(memory[(start + len(chars)) & 0xFFFF] & 0xFF))
        return "".join(chars)

    @property
    def return_value(self) -> int:
        """The stack convention's return value: the word R6 points at."""
        return self.outcome.machine.memory[self.outcome.registers[6]]

    def check(self, **expect) -> list[str]:
        """The messages of [tests.expect] checks on this run: [] when all of them hold.
        Keys as in the file: R0=5, RESULT=[1, 2], output="...", preserved=["R4"], ..."""
        test = test_from_dict(_table(self.test, expect))
        return compare(self.outcome, test, self.program)


def _table(test, expect: dict) -> dict:
    table = {"max_steps": test.max_steps, "expect": expect}
    if test.call:
        table["call"] = test.call
        if test.convention == "stack":
            table["convention"] = "stack"
            table["args"] = [a - 0x10000 if a & 0x8000 else a for a in test.args]
    return table


def _program(source) -> Program:
    return source if isinstance(source, Program) else assemble(str(source))


def run_program(source, *, set: dict | None = None, input: str = "", max_steps: int = 1_000_000,
                randomize: bool = False, seed: int = 1, edition: int = 3,
                access_control: bool = False) -> Run:
    """Assemble and run a program from its first instruction, with registers and memory
    set first (keys as in [tests.set]) and `input` waiting in the keyboard.  Raises
    AssemblyError if it does not assemble."""
    table = {"set": set or {}, "input": input, "max_steps": max_steps, "randomize": randomize}
    if randomize:
        table["seed"] = seed
    return _run(source, table, edition, access_control)


def call_subroutine(source, label: str, *, set: dict | None = None, args=None,
                    convention: str = "registers", input: str = "",
                    max_steps: int = 1_000_000, randomize: bool = False, seed: int = 1,
                    edition: int = 3, access_control: bool = False) -> Run:
    """Call a subroutine as a [[tests]] table with call = LABEL does: R7 at a return trap,
    and under convention="stack" the args pushed (the first on top)."""
    table = {"call": label, "set": set or {}, "input": input, "max_steps": max_steps,
             "randomize": randomize}
    if convention != "registers":
        table["convention"] = convention
    if args is not None:
        table["args"] = list(args)
    if randomize:
        table["seed"] = seed
    return _run(source, table, edition, access_control)


def _run(source, table: dict, edition: int, access_control: bool) -> Run:
    program = _program(source)
    test = test_from_dict(table)
    return Run(run(program, test, edition, access_control), program, test)
