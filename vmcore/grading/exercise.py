"""An exercise file: a statement, starter code and tests, written in TOML.

Read with the standard library's tomllib, then checked key by key, so that every mistake in
the file (a syntax error, an unknown key, a value of the wrong type) is reported with its
line, as the assembler reports errors in a program.  See the README's "Teaching with the
playground" for the format.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from .toml_lines import KeyLines

DEFAULT_MAX_STEPS = 1_000_000
MAX_MAX_STEPS = 100_000_000

TOP_KEYS = ("title", "statement", "edition", "starter", "access_control", "tests")
TEST_KEYS = ("name", "points", "input", "key_delay", "max_steps", "randomize", "seed", "call",
             "convention", "args", "set", "expect")
EXPECT_KEYS = ("halted", "output", "output_contains", "output_matches", "preserved", "return")
CONVENTIONS = ("registers", "stack")

_REGISTER = re.compile(r"[Rr][0-7]$")
_ADDRESS = re.compile(r"[xX][0-9A-Fa-f]{1,4}$")
_LABEL = re.compile(r"[A-Za-z_][A-Za-z_0-9]*$")


class ExerciseError(Exception):
    """An exercise file with mistakes; `diagnostics` has each one at its line."""

    def __init__(self, diagnostics: list[Diagnostic], filename: str = "exercise.toml"):
        self.diagnostics = diagnostics
        self.filename = filename
        first = diagnostics[0]
        n = len(diagnostics)
        super().__init__(f"{filename}:{first.line}:{first.column}: {first.message}"
                         + (f" (and {n - 1} more)" if n > 1 else ""))

    def format(self, source: str | None = None) -> str:
        """Every mistake as `FILE:LINE:COL: error: MESSAGE`, with the line and a caret."""
        return "\n".join(d.format(self.filename, source) for d in self.diagnostics)


@dataclass(frozen=True)
class Location:
    """A register, an address, or a label (resolved against the program when it runs)."""
    key: str                       # as written in the file
    register: int | None = None
    address: int | None = None
    label: str | None = None

    def __str__(self) -> str:
        if self.register is not None:
            return f"R{self.register}"
        return self.label if self.label else f"x{self.address:04X}"


@dataclass(frozen=True)
class Value:
    """Words to store or compare: one number, a list of numbers, or a string laid out as
    .STRINGZ lays it out (one character a word, then a zero)."""
    words: tuple[int, ...]
    kind: str                      # number, list, string
    text: str | None = None


@dataclass
class Expect:
    halted: bool = True
    output: str | None = None
    output_contains: str | None = None
    output_matches: str | None = None
    locations: list[tuple[Location, Value]] = field(default_factory=list)
    preserved: list[int] = field(default_factory=list)      # register numbers
    ret: int | None = None                                   # the stack convention's return


@dataclass
class TestCase:
    name: str
    index: int
    line: int
    points: float = 1
    input: str = ""
    key_delay: int | None = None
    max_steps: int = DEFAULT_MAX_STEPS
    randomize: bool = False
    seed: int = 1
    call: str | None = None
    convention: str = "registers"
    args: list[int] = field(default_factory=list)
    set: list[tuple[Location, Value]] = field(default_factory=list)
    expect: Expect = field(default_factory=Expect)


@dataclass
class Exercise:
    title: str
    statement: str = ""
    edition: int = 3
    starter: str = ""
    access_control: bool = False
    tests: list[TestCase] = field(default_factory=list)
    filename: str = "exercise.toml"

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tests)


def load_exercise(path) -> Exercise:
    """Read and check an exercise file; ExerciseError lists its mistakes with their lines."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return parse_exercise(text, str(path))


def parse_exercise(text: str, filename: str = "exercise.toml") -> Exercise:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line, column, message = _decode_error(e, text)
        raise ExerciseError([Diagnostic(line, column, message)], filename) from None
    reader = _Reader(text, filename)
    exercise = reader.exercise(data)
    if reader.diagnostics:
        raise ExerciseError(reader.diagnostics, filename)
    return exercise


def _decode_error(e: tomllib.TOMLDecodeError, text: str) -> tuple[int, int, str]:
    message = str(getattr(e, "msg", None) or e)
    line, column = getattr(e, "lineno", None), getattr(e, "colno", None)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if found:
        line, column = line or int(found.group(1)), column or int(found.group(2))
        message = message[:found.start()] + message[found.end():]
    elif "(at end of document)" in message:
        message = message.replace(" (at end of document)", "") + " at the end of the file"
        line, column = max(1, len(text.splitlines())), 1
    return line or 1, column or 1, f"TOML: {message}"


def _is_number(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _type_name(v) -> str:
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, int):
        return "a number"
    if isinstance(v, float):
        return "a decimal number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a table"
    return type(v).__name__


class _Reader:
    def __init__(self, text: str, filename: str) -> None:
        self.lines = KeyLines(text)
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: tuple, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.lines.line(*path), 1, message))

    def unknown_keys(self, table: dict, allowed, path: tuple, where: str) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else \
                    f" (allowed: {', '.join(allowed)})"
                self.error(path + (key,), f"unknown key {key!r} in {where}{hint}")

    # -- the file --------------------------------------------------------------------------
    def exercise(self, data: dict) -> Exercise:
        self.unknown_keys(data, TOP_KEYS, (), "the exercise")
        ex = Exercise(title="", filename=self.filename)
        ex.title = self.string(data, "title", (), required=True) or ""
        ex.statement = self.string(data, "statement", ()) or ""
        ex.starter = self.string(data, "starter", ()) or ""
        edition = data.get("edition", 3)
        if edition not in (2, 3) or not _is_number(edition):
            self.error(("edition",), f"edition must be 2 or 3, not {edition!r}")
        else:
            ex.edition = edition
        ex.access_control = self.boolean(data, "access_control", (), False)
        tests = data.get("tests")
        if tests is None:
            self.error((), "the exercise has no tests: add at least one [[tests]] table")
            return ex
        if not isinstance(tests, list) or not all(isinstance(t, dict) for t in tests):
            self.error(("tests",), "tests must be written as [[tests]] tables")
            return ex
        if not tests:
            self.error(("tests",), "the exercise has no tests: add at least one [[tests]] table")
        names: dict[str, int] = {}
        for k, table in enumerate(tests):
            test = self.test(table, k)
            if test.name in names:
                self.error(("tests", k, "name"), f"two tests are named {test.name!r} (tests "
                                                 f"{names[test.name] + 1} and {k + 1}); "
                                                 "each needs its own name")
            names.setdefault(test.name, k)
            ex.tests.append(test)
        return ex

    # -- one test --------------------------------------------------------------------------
    def test(self, table: dict, k: int) -> TestCase:
        p = ("tests", k)
        self.unknown_keys(table, TEST_KEYS, p, "[[tests]]")
        t = TestCase(name=f"test {k + 1}", index=k, line=self.lines.line(*p))
        t.name = self.string(table, "name", p) or t.name
        if not t.name.strip():
            self.error(p + ("name",), "a test's name cannot be empty")
        points = table.get("points", 1)
        if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
            self.error(p + ("points",), f"points must be a number of at least 0, not "
                                        f"{points!r}")
        else:
            t.points = points
        t.input = self.string(table, "input", p) or ""
        if any(ord(c) > 255 for c in t.input):
            self.error(p + ("input",), "input holds a character the LC-3 keyboard cannot "
                                       "type (codes above 255)")
        if "key_delay" in table:
            t.key_delay = self.count(table, "key_delay", p, 0, 0, 10_000_000)
        t.max_steps = self.count(table, "max_steps", p, DEFAULT_MAX_STEPS, 1, MAX_MAX_STEPS)
        t.randomize = self.boolean(table, "randomize", p, False)
        seed = table.get("seed", 1)
        if not _is_number(seed):
            self.error(p + ("seed",), f"seed must be a whole number, not {_type_name(seed)}")
        else:
            t.seed = seed
            if "seed" in table and not t.randomize:
                self.error(p + ("seed",), "seed is used only with randomize = true")
        call = table.get("call")
        if call is not None:
            if not isinstance(call, str) or not _LABEL.match(call):
                self.error(p + ("call",), f"call names the label of a subroutine, such as "
                                          f"call = \"FACT\", not {call!r}")
            else:
                t.call = call
        convention = table.get("convention", "registers")
        if convention not in CONVENTIONS:
            self.error(p + ("convention",), f"convention must be \"registers\" or \"stack\", "
                                            f"not {convention!r}")
        else:
            t.convention = convention
            if "convention" in table and t.call is None:
                self.error(p + ("convention",), "convention is for subroutine tests: add "
                                                "call = \"LABEL\"")
        if "args" in table:
            args = table["args"]
            if t.convention != "stack":
                self.error(p + ("args",), "args are pushed on the stack: they need "
                                          "convention = \"stack\" (with the register "
                                          "convention, set registers in [tests.set])")
            elif not isinstance(args, list) or not all(_is_number(a) for a in args):
                self.error(p + ("args",), "args must be a list of numbers, such as "
                                          "args = [5, 3]")
            else:
                t.args = [self.word(a, p + ("args",)) for a in args]
        setting = table.get("set", {})
        if not isinstance(setting, dict):
            self.error(p + ("set",), "set must be a table: [tests.set]")
        else:
            for key, value in setting.items():
                loc = self.location(key, p + ("set", key))
                val = self.value(value, p + ("set", key), loc)
                if loc and val:
                    if t.call and loc.register == 7:
                        self.error(p + ("set", key), "R7 holds the return address in a "
                                                     "subroutine test; it cannot be set")
                    else:
                        t.set.append((loc, val))
        expect = table.get("expect", {})
        if not isinstance(expect, dict):
            self.error(p + ("expect",), "expect must be a table: [tests.expect]")
        else:
            t.expect = self.expect(expect, p + ("expect",), t)
        return t

    def expect(self, table: dict, p: tuple, t: TestCase) -> Expect:
        e = Expect()
        e.halted = self.boolean(table, "halted", p, True)
        outputs = [k for k in ("output", "output_contains", "output_matches") if k in table]
        for key in outputs:
            setattr(e, key, self.string(table, key, p))
        if len(outputs) > 1:
            self.error(p + (outputs[1],), f"use one of output, output_contains and "
                                          f"output_matches, not {' and '.join(outputs)}")
        if e.output_matches is not None:
            try:
                re.compile(e.output_matches)
            except re.error as err:
                self.error(p + ("output_matches",), f"output_matches is not a valid regular "
                                                    f"expression: {err}")
        if "preserved" in table:
            preserved = table["preserved"]
            if not isinstance(preserved, list) or not all(
                    isinstance(r, str) and _REGISTER.match(r) for r in preserved):
                self.error(p + ("preserved",), "preserved must be a list of register names, "
                                               "such as [\"R1\", \"R2\"]")
            else:
                e.preserved = [int(r[1]) for r in preserved]
        if "return" in table:
            if t.convention != "stack":
                self.error(p + ("return",), "return is the value a subroutine leaves on the "
                                            "stack: it needs convention = \"stack\"")
            elif not _is_number(table["return"]):
                self.error(p + ("return",), f"return must be a number, not "
                                            f"{_type_name(table['return'])}")
            else:
                e.ret = self.word(table["return"], p + ("return",))
        for key, value in table.items():
            if key in EXPECT_KEYS:
                continue
            if key.islower():
                close = difflib.get_close_matches(key, EXPECT_KEYS, n=1, cutoff=0.75)
                if close:
                    self.error(p + (key,), f"unknown key {key!r} in [tests.expect]; did you "
                                           f"mean {close[0]!r}?")
                    continue
            loc = self.location(key, p + (key,))
            val = self.value(value, p + (key,), loc)
            if loc and val:
                e.locations.append((loc, val))
        return e

    # -- values ----------------------------------------------------------------------------
    def string(self, table: dict, key: str, p: tuple, required: bool = False) -> str | None:
        if key not in table:
            if required:
                self.error(p, f"the exercise needs a {key}")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.error(p + (key,), f"{key} must be a string, not {_type_name(value)}")
            return None
        return value

    def boolean(self, table: dict, key: str, p: tuple, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.error(p + (key,), f"{key} must be true or false, not {value!r}")
            return default
        return value

    def count(self, table: dict, key: str, p: tuple, default: int, low: int, high: int) -> int:
        value = table.get(key, default)
        if not _is_number(value) or not low <= value <= high:
            self.error(p + (key,), f"{key} must be a whole number from {low:,} to {high:,}, "
                                   f"not {value!r}")
            return default
        return value

    def word(self, value: int, p: tuple) -> int:
        if not -0x8000 <= value <= 0xFFFF:
            self.error(p, f"{value} does not fit in a 16-bit word (-32768 to 65535)")
        return value & 0xFFFF

    def location(self, key: str, p: tuple) -> Location | None:
        if _REGISTER.match(key):
            return Location(key, register=int(key[1]))
        if _ADDRESS.match(key):
            return Location(key, address=int(key[1:], 16))
        if _LABEL.match(key):
            return Location(key, label=key)
        self.error(p, f"{key!r} is not a register (R0-R7), an address (\"x3100\") or a label")
        return None

    def value(self, value, p: tuple, loc: Location | None) -> Value | None:
        if loc is not None and loc.register is not None and not _is_number(value):
            self.error(p, f"{loc} holds one number, not {_type_name(value)}")
            return None
        if _is_number(value):
            return Value((self.word(value, p),), "number")
        if isinstance(value, str):
            if any(ord(c) > 255 for c in value):
                self.error(p, "the string holds a character above code 255, which one LC-3 "
                              "word per character cannot hold as .STRINGZ does")
                return None
            return Value(tuple(ord(c) for c in value) + (0,), "string", value)
        if isinstance(value, list) and value and all(_is_number(v) for v in value):
            words = tuple(self.word(v, p) for v in value)
            if loc is not None and loc.address is not None and loc.address + len(words) > 0x10000:
                self.error(p, f"{len(words)} words from {loc} run past the end of memory")
            return Value(words, "list")
        self.error(p, f"a value must be a number, a list of numbers or a string, not "
                      f"{_type_name(value) if value != [] else 'an empty list'}")
        return None


def exercise_from_dict(data: dict, filename: str = "<exercise>") -> Exercise:
    """An exercise from the dict tomllib would make (for code that builds tests itself)."""
    reader = _Reader("", filename)
    exercise = reader.exercise(data)
    if reader.diagnostics:
        raise ExerciseError(reader.diagnostics, filename)
    return exercise


def test_from_dict(table: dict, name: str = "test") -> TestCase:
    """One test from a dict shaped like a [[tests]] table."""
    reader = _Reader("", "<test>")
    test = reader.test({"name": name, **table}, 0)
    if reader.diagnostics:
        raise ExerciseError(reader.diagnostics, "<test>")
    return test
