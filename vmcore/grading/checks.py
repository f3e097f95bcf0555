"""Compare how a run ended with what a test expects, in messages a student can act on."""
from __future__ import annotations

import difflib
import json
import re

from ..program import Program
from .exercise import Location, TestCase, Value
from .runner import Outcome, resolve, where

SHOWN = 160          # characters of a string or output quoted in a message


def number(w: int) -> str:
    """A word as a student reads it: signed decimal and hex, and the character if any."""
    signed = w - 0x10000 if w & 0x8000 else w
    char = f", {chr(w)!r}" if 32 <= w < 127 else ""
    return f"{signed} (x{w:04X}{char})"


def quote(text: str, limit: int = SHOWN) -> str:
    shown = json.dumps(text[:limit], ensure_ascii=False)
    return shown + (f" … ({len(text) - limit} more characters)" if len(text) > limit else "")


def ending(out: Outcome, test: TestCase, program: Program) -> str | None:
    """What went wrong with how the run ended, or None."""
    m = out.machine
    who = test.call or "the program"
    crash = m.fault or m.error
    if crash is not None:
        line = program.source_map.get(crash.address)
        at = f" (line {line})" if line else ""
        return f"{who} crashed: {crash}{at}"
    if test.call:
        if not test.expect.halted:
            return f"{who} returned, but this test expects it not to" if out.returned else None
        if out.returned:
            return None
        if out.halted:
            return f"{who} halted ({where(m, program)}) instead of returning to its caller"
        story = _stuck(out, test, program, f"return within {test.max_steps:,} instructions")
        if m.reg[7] != out.setup.return_trap:
            story += (f"; R7 no longer holds the return address x{out.setup.return_trap:04X}: "
                      f"was it saved before a JSR or TRAP inside {who}?")
        return story
    if not test.expect.halted:
        return "the program halted, but this test expects it to keep running" \
            if out.halted else None
    if out.halted:
        return None
    return _stuck(out, test, program, f"halt within {test.max_steps:,} instructions")


def _stuck(out: Outcome, test: TestCase, program: Program, goal: str) -> str:
    who = test.call or "the program"
    at = where(out.machine, program)
    if out.stop.reason == "input":
        if test.input:
            n = len(test.input)
            return (f"{who} waited for more input after reading all {n} character"
                    f"{'s' * (n != 1)} of this test's input ({at})")
        return f"{who} waits for a key, but this test types none ({at})"
    return f"did not {goal} (last at {at})"


def compare(out: Outcome, test: TestCase, program: Program) -> list[str]:
    """Every expectation that does not hold, as messages (empty: the test passes)."""
    problem = ending(out, test, program)
    if problem:
        return [problem]
    m, e, setup = out.machine, test.expect, out.setup
    who = test.call or "the program"
    messages = []
    if test.convention == "stack" and test.expect.halted:
        messages += _stack(out, test)
    for r in e.preserved:
        before, after = setup.at_call[r], out.registers[r]
        if before != after:
            messages.append(f"R{r} was changed by {who} (x{before:04X} → x{after:04X})")
    for loc, value in e.locations:
        if loc.register is not None:
            got = out.registers[loc.register]
            if got != value.words[0]:
                messages.append(f"R{loc.register}: expected {number(value.words[0])}, "
                                f"got {number(got)}")
        else:
            message = _memory(m.memory, program, loc, value)
            if message:
                messages.append(message)
    messages += _output(out.output, e)
    return messages


def _stack(out: Outcome, test: TestCase) -> list[str]:
    m, setup = out.machine, out.setup
    messages = []
    expected_sp = (setup.call_sp - 1) & 0xFFFF
    n = len(test.args)
    if m.reg[6] != expected_sp:
        diff = (m.reg[6] - expected_sp + 0x8000) % 0x10000 - 0x8000
        messages.append(
            f"R6 should be x{expected_sp:04X} when {test.call} returns (its return value "
            f"pushed on top of the {n} argument{'s' * (n != 1)}), but it is "
            f"x{m.reg[6]:04X}: {abs(diff)} word{'s' * (abs(diff) != 1)} "
            + ("too high (popped too much)" if diff > 0 else "too low (pushed more than it popped)"))
    elif test.expect.ret is not None and m.memory[expected_sp] != test.expect.ret:
        messages.append(f"return value (on top of the stack at x{expected_sp:04X}): expected "
                        f"{number(test.expect.ret)}, got {number(m.memory[expected_sp])}")
    if m.reg[5] != setup.at_call[5]:
        messages.append(f"R5 (the caller's frame pointer) was changed by {test.call} "
                        f"(x{setup.at_call[5]:04X} → x{m.reg[5]:04X})")
    return messages


def _memory(memory: list[int], program: Program, loc: Location, value: Value) -> str | None:
    start = resolve(program, loc, "checks")
    name = f"{loc} (x{start:04X})" if loc.label else str(loc)
    got = [memory[(start + k) & 0xFFFF] for k in range(len(value.words))]
    if got == list(value.words):
        return None
    if value.kind == "number":
        return f"{name}: expected {number(value.words[0])}, got {number(got[0])}"
    k = next(k for k, (a, b) in enumerate(zip(value.words, got)) if a != b)
    at = (start + k) & 0xFFFF
    if value.kind == "list":
        return (f"{name}: expected {_words(value.words, k)}, got {_words(got, k)} (word {k}, "
                f"at x{at:04X}, is {number(got[k])} instead of {number(value.words[k])})")
    text = _text_at(memory, start, len(value.words) + 16)
    if k == len(value.words) - 1:
        detail = f"no zero after its {k} character{'s' * (k != 1)}: x{at:04X} holds {number(got[k])}"
    else:
        detail = f"character {k}, at x{at:04X}, is {number(got[k])} instead of " \
                 f"{number(value.words[k])}"
    return f"{name}: expected the string {quote(value.text)}, got {quote(text)} ({detail})"


def _words(words, k: int) -> str:
    """A list of words as decimals (hex when they look like bit patterns), with long lists
    cut down to the part around word k."""
    signed = [w - 0x10000 if w & 0x8000 else w for w in words]
    hexadecimal = any(not -256 <= v <= 255 for v in signed)
    shown = [f"x{w:04X}" if hexadecimal else str(v) for w, v in zip(words, signed)]
    first, last = max(0, k - 4), min(len(shown), k + 4)
    middle = ", ".join(shown[first:last])
    return "[" + ("…, " if first else "") + middle + (", …" if last < len(shown) else "") + "]"


def _text_at(memory: list[int], start: int, limit: int) -> str:
    chars = []
    for k in range(limit):
        w = memory[(start + k) & 0xFFFF]
        if w == 0:
            break
        chars.append(chr(w) if w < 0x110000 and (32 <= w < 127 or w in (9, 10, 13))
                     else f"⟨x{w:04X}⟩")
    return "".join(chars)


def _output(actual: str, e) -> list[str]:
    if e.output is not None and actual != e.output:
        return [output_diff(e.output, actual)]
    if e.output_contains is not None and e.output_contains not in actual:
        return [f"the output should contain {quote(e.output_contains)}, but it is "
                f"{quote(actual) if actual else 'empty'}"]
    if e.output_matches is not None and not re.search(e.output_matches, actual):
        return [f"the output should match the pattern {quote(e.output_matches)}, but it is "
                f"{quote(actual) if actual else 'empty'}"]
    return []


def output_diff(expected: str, actual: str) -> str:
    if not actual:
        return f"the program printed nothing; expected {quote(expected)}"
    k = next((k for k, (a, b) in enumerate(zip(expected, actual)) if a != b),
             min(len(expected), len(actual)))
    line = expected.count("\n", 0, k) + 1
    column = k - (expected.rfind("\n", 0, k) + 1) + 1
    head = f"the output differs at line {line}, column {column}"
    if expected.count("\n") <= 1 and actual.count("\n") <= 1:
        return f"{head}:\n  expected: {quote(expected)}\n  actual:   {quote(actual)}"
    diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                actual.splitlines(keepends=True), "expected", "actual", n=1)
    lines = [d.rstrip("\n") if d.startswith(("---", "+++", "@@")) else d[0] + " " + quote(d[1:])
             for d in diff]
    return head + ":\n" + "\n".join("  " + d for d in lines[:40])
