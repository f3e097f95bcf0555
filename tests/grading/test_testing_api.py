"""vmcore.testing: the grader's checks from Python, as an instructor's pytest file uses them."""
import pytest

from vmcore.diagnostics import AssemblyError
from vmcore.testing import assert_passes, call_subroutine, check, run_program

from ..conftest import ROOT

SOLUTIONS = ROOT / "tests" / "grading" / "solutions"
WRONG = ROOT / "tests" / "grading" / "wrong"
STRINGS = ROOT / "web" / "exercises" / "05-string-length-upper.toml"


def test_check_and_assert_passes_take_a_path_or_toml_text():
    source = (SOLUTIONS / "05-string-length-upper.asm").read_text()
    assert assert_passes(source, STRINGS).score == 4
    assert check(source, STRINGS.read_text()).passed
    wrong = (WRONG / "05-string-upper-no-z-check.asm").read_text()
    with pytest.raises(AssertionError) as e:
        assert_passes(wrong, str(STRINGS))
    assert "FAILED  just past the letters (0/1)" in str(e.value)


def test_run_program_with_set_and_input():
    source = (SOLUTIONS / "05-string-length-upper.asm").read_text()
    run = run_program(source, set={"TEXT": "abc!"})
    assert run.halted and run.memory("LENGTH") == 4 and run.string("TEXT") == "ABC!"
    assert run.check(LENGTH=4, TEXT="ABC!") == []
    assert run.check(LENGTH=5) == ["LENGTH (x3015): expected 5 (x0005), got 4 (x0004)"]
    echo = run_program((SOLUTIONS / "10-echo-polling.asm").read_text(), input="ok\n")
    assert echo.output == "ok\n" and echo.check(output="ok\n") == []


def test_call_subroutine_in_both_conventions():
    mul = call_subroutine((SOLUTIONS / "08-save-restore.asm").read_text(), "MULTIPLY",
                          set={"R0": 6, "R1": 7, "R2": 99})
    assert mul.returned and mul.registers[0] == 42 and mul.registers[2] == 99
    fact = call_subroutine((SOLUTIONS / "09-factorial-stack.asm").read_text(), "FACT",
                           convention="stack", args=[6])
    assert fact.returned and fact.return_value == 720
    assert fact.check(**{"return": 720, "preserved": ["R5"]}) == []


def test_a_program_that_does_not_assemble_raises():
    with pytest.raises(AssemblyError):
        run_program(".ORIG x3000\nADD R1\n.END\n")
