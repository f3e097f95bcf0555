"""Exercises and autograding: exercise files, the grader, and its result formats.

    exercise = load_exercise("sum.toml")       # ExerciseError lists mistakes by line
    report = check(source, exercise)           # a Report of TestResults, never raises
"""
# Imported when first used, so that the `lc3` command can register `lc3 test` and
# `lc3 grade` without loading the grader.
_EXPORTS = {"Exercise": "exercise", "ExerciseError": "exercise", "TestCase": "exercise",
            "load_exercise": "exercise", "parse_exercise": "exercise", "Report": "grader",
            "TestResult": "grader", "check": "grader", "check_program": "grader"}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
