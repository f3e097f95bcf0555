"""The page's side of exercises, reached through `vmcore.protocol`: read an exercise file,
check a program against it, and set a test up in the debugging session so the student can
step through exactly the case that failed."""
from __future__ import annotations

from .exercise import ExerciseError, parse_exercise
from .grader import check
from .runner import BOOT_STEPS, SetupError, apply, plan


def _parse(msg: dict):
    text = str(msg.get("exercise") or "")
    name = str(msg.get("exercise_name") or "exercise.toml")
    try:
        return parse_exercise(text, name), None
    except ExerciseError as e:
        return None, {"ok": False, "message": str(e),
                      "diagnostics": [d.to_dict() for d in e.diagnostics]}


def exercise_info(msg: dict) -> list[dict]:
    """{"type": "exercise", "exercise": TOML text} -> what the page shows of it."""
    exercise, problem = _parse(msg)
    if problem:
        return [{"type": "exercise", **problem}]
    return [{"type": "exercise", "ok": True, "diagnostics": [], "message": "",
             "title": exercise.title, "statement": exercise.statement,
             "starter": exercise.starter, "edition": exercise.edition,
             "access_control": exercise.access_control, "max_score": exercise.max_score,
             "tests": [{"name": t.name, "points": t.points, "call": t.call}
                       for t in exercise.tests]}]


def check_message(msg: dict) -> list[dict]:
    """{"type": "check", "source", "exercise"} -> the results of every test."""
    exercise, problem = _parse(msg)
    if problem:
        return [{"type": "checked", **problem, "tests": []}]
    report = check(str(msg.get("source") or ""), exercise,
                   str(msg.get("filename") or "program.asm"))
    return [{"type": "checked", "ok": True, "diagnostics": [], "message": "",
             "title": exercise.title, **report.to_dict()}]


def debug_test(protocol, msg: dict) -> list[dict]:
    """{"type": "check_debug", "source", "exercise", "test": index or name}: load the
    program, boot it, apply the test's setup, and pause at the test's first instruction
    (the program's, or the subroutine's entry), with the user's breakpoints in place."""
    exercise, problem = _parse(msg)
    if problem:
        return [{"type": "check_debug", **problem}]
    wanted = msg.get("test", 0)
    tests = exercise.tests
    found = [t for t in tests if t.name == wanted] or \
        ([tests[wanted]] if isinstance(wanted, int) and 0 <= wanted < len(tests) else [])
    if not found:
        return [{"type": "error", "message": f"the exercise has no test {wanted!r}"}]
    test = found[0]
    s = protocol.session
    s.configure(exercise.edition, exercise.access_control)
    protocol.filename = str(msg.get("filename") or "program.asm")
    result = s.load_source(str(msg.get("source") or ""), protocol.filename)
    if not result.ok:
        return [protocol._loaded(result), *protocol._updates()]
    try:
        setup = plan(s.program, test)
    except SetupError as e:
        return [protocol._loaded(result), {"type": "error", "message": str(e)}]
    machine = s.machine
    machine.reset()
    machine.run(BOOT_STEPS, breakpoints=frozenset({s.program.entry}))
    apply(machine, setup)
    s.debugger.restart()                 # history begins where the test begins
    s.state = "paused"
    where = f"{test.call}" if test.call else "the program's first instruction"
    s.message = f"test {test.name!r} set up: paused at {where}"
    s.last_registers = s.registers()
    return [protocol._loaded(result),
            {"type": "check_debug", "ok": True, "test": test.name, "index": test.index,
             "pc": setup.pc, "return_trap": setup.return_trap},
            *protocol._updates(force_debug=True)]
