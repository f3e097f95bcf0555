"""The page's messages for exercises: read one, check a program, debug one test."""
from vmcore.protocol import Protocol

from ..conftest import ROOT

EXERCISE = (ROOT / "web" / "exercises" / "09-factorial-stack.toml").read_text()
GOOD = (ROOT / "tests" / "grading" / "solutions" / "09-factorial-stack.asm").read_text()
WRONG = (ROOT / "tests" / "grading" / "wrong" /
         "09-factorial-pops-return-value.asm").read_text()


def one(replies, kind):
    found = [r for r in replies if r["type"] == kind]
    assert len(found) == 1, replies
    return found[0]


def test_exercise_message_gives_what_the_page_shows():
    info = one(Protocol().handle({"type": "exercise", "exercise": EXERCISE}), "exercise")
    assert info["ok"] and info["title"] == "Factorial with a stack frame"
    assert "FACT" in info["starter"] and info["max_score"] == 5
    assert info["tests"][2] == {"name": "5!", "points": 2, "call": "FACT"}


def test_exercise_errors_come_back_as_diagnostics_with_lines():
    info = one(Protocol().handle({"type": "exercise", "exercise": 'title = "t"\n[[tests]]\n'
                                                                  'pionts = 1\n'}), "exercise")
    assert not info["ok"]
    assert info["diagnostics"] == [{"line": 3, "column": 1, "end_column": 2,
                                    "severity": "error", "message": "unknown key 'pionts' "
                                    "in [[tests]]; did you mean 'points'?"}]


def test_check_gives_the_same_results_as_lc3_test():
    p = Protocol()
    good = one(p.handle({"type": "check", "source": GOOD, "exercise": EXERCISE}), "checked")
    assert good["ok"] and (good["score"], good["max_score"]) == (5, 5)
    bad = one(p.handle({"type": "check", "source": WRONG, "exercise": EXERCISE}), "checked")
    assert bad["score"] == 0
    assert bad["tests"][2] == {
        "name": "5!", "passed": False, "score": 0, "max_score": 2,
        "message": "R6 should be xBFFE when FACT returns (its return value pushed on top of "
                   "the 1 argument), but it is xBFFF: 1 word too high (popped too much)"}


def test_check_debug_pauses_at_the_subroutine_with_the_tests_setup():
    p = Protocol()
    p.handle({"type": "breakpoints", "lines": [35]})       # RETURN in the wrong solution
    replies = p.handle({"type": "check_debug", "source": WRONG, "exercise": EXERCISE,
                        "test": "5!"})
    ready = one(replies, "check_debug")
    status, debug = one(replies, "status"), one(replies, "debug")
    symbols = one(replies, "loaded")["symbols"]
    assert ready["ok"] and ready["pc"] == symbols["FACT"] == debug["pc"]
    assert status["state"] == "paused" and status["message"] == \
        "test '5!' set up: paused at FACT"
    regs = debug["registers"]
    assert regs["R6"] == 0xBFFF and regs["R7"] == ready["return_trap"]
    memory = p.session.machine.memory
    assert memory[0xBFFF] == 5                     # the argument, pushed
    # The student's breakpoint is in place: continuing stops at it, in the first call.
    p.handle({"type": "debug", "action": "continue"})
    while p.session.state == "running":
        p.handle({"type": "tick", "seconds": 0.02})
    assert p.session.state == "paused" and p.session.machine.pc == \
        p.session.debugger.address_of_line(35)[0]


def test_check_debug_of_a_missing_test_says_so():
    replies = Protocol().handle({"type": "check_debug", "source": GOOD,
                                 "exercise": EXERCISE, "test": "9!"})
    assert replies == [{"type": "error", "message": "the exercise has no test '9!'"}]
