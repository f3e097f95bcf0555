"""Every shipped exercise: its reference solution passes every test, and each plausible
wrong solution fails the test written to catch it (named in the file's first line,
`; should fail: TEST NAME`)."""
from pathlib import Path

import pytest

from vmcore.assembler import assemble
from vmcore.diagnostics import AssemblyError
from vmcore.grading import check, load_exercise

from ..conftest import ROOT

EXERCISES = ROOT / "web" / "exercises"
HERE = Path(__file__).parent
SOLUTIONS = HERE / "solutions"
WRONG = HERE / "wrong"

exercise_files = sorted(EXERCISES.glob("*.toml"))
wrong_files = sorted(WRONG.glob("*.asm"))


def exercise_of(solution: Path) -> Path:
    matches = [e for e in exercise_files if solution.stem.split("-")[0] == e.stem.split("-")[0]]
    assert len(matches) == 1, f"{solution.name} belongs to no exercise"
    return matches[0]


def test_at_least_twelve_exercises_each_with_a_solution_and_a_wrong_one():
    assert len(exercise_files) >= 12
    for e in exercise_files:
        assert (SOLUTIONS / f"{e.stem}.asm").exists(), f"{e.name} has no reference solution"
        assert any(exercise_of(w) == e for w in wrong_files), f"{e.name} has no wrong solution"


@pytest.mark.parametrize("path", exercise_files, ids=lambda p: p.stem)
def test_reference_solution_passes_every_test(path):
    exercise = load_exercise(path)
    source = (SOLUTIONS / f"{path.stem}.asm").read_text()
    report = check(source, exercise)
    failures = [f"{t.name}: {t.message}" for t in report.tests if not t.passed]
    assert not failures
    assert report.score == report.max_score > 0


@pytest.mark.parametrize("path", wrong_files, ids=lambda p: p.stem)
def test_wrong_solution_fails_the_test_meant_to_catch_it(path):
    source = path.read_text()
    first = source.splitlines()[0]
    assert first.startswith("; should fail: ")
    target = first.removeprefix("; should fail: ").strip()
    exercise = load_exercise(exercise_of(path))
    report = check(source, exercise)
    by_name = {t.name: t for t in report.tests}
    assert target in by_name, f"no test named {target!r}"
    assert not by_name[target].passed
    assert by_name[target].message
    assert report.score < report.max_score


@pytest.mark.parametrize("path", exercise_files, ids=lambda p: p.stem)
def test_starter_code_assembles_and_does_not_pass(path):
    exercise = load_exercise(path)
    assert exercise.title and exercise.statement.strip() and exercise.starter.strip()
    try:
        assemble(exercise.starter)
    except AssemblyError as e:
        pytest.fail(f"the starter code of {path.name} does not assemble: {e}")
    assert not check(exercise.starter, exercise).passed
