"""The common mistakes, each made by a real program, explained with the line where
execution left the program."""
import pytest

from vmcore import assemble
from vmcore.explain import explain
from vmcore.machine import Machine
from vmcore.protocol import Protocol


def run(source, edition=3, keys=b"", closed=True, steps=2_000_000):
    m = Machine(edition=edition)
    m.load(assemble(source))
    m.keyboard.push(keys)
    m.keyboard.closed = closed
    return m, m.run(steps)


NO_HALT = """        .ORIG x3000
        LEA R0, MSG
        PUTS            ; line 3: and then nothing stops it
MSG     .STRINGZ "Hi"
        .END
"""


@pytest.mark.parametrize("edition", [2, 3])
def test_running_past_the_end_names_the_last_instruction(edition):
    m, stop = run(NO_HALT, edition)
    assert stop.reason in ("halted", "error")
    why = explain(m, stop)
    assert (why.kind, why.line) == ("past_end", 3)
    assert why.text.startswith("the program ran past its end: after line 3 (PUTS) the "
                               "machine went on executing whatever came next in memory")
    assert why.text.endswith("Did you forget HALT?")


INTO_DATA = """        .ORIG x3000
        AND R0, R0, #0
        ADD R0, R0, #1  ; line 3: runs on into the .FILL
BAD     .FILL xD000
        .END
"""


def test_running_into_data_names_the_line_before_it():
    m, stop = run(INTO_DATA)
    why = explain(m, stop)
    assert (why.kind, why.line) == ("into_data", 3)
    assert why.text == ("line 3 (ADD R0, R0, #1) runs on into the data at line 4 (x3002), and "
                        "the machine executed that data as instructions. Did you forget HALT?")


JUMP_INTO_DATA = """        .ORIG x3000
        BRnzp TABLE     ; line 2: meant to load from it, not jump to it
        HALT
TABLE   .FILL xD000
        .END
"""


def test_jumping_into_data_names_the_jump():
    m, stop = run(JUMP_INTO_DATA)
    why = explain(m, stop)
    assert (why.kind, why.line) == ("into_data", 2)
    assert why.text.startswith("line 2 (BR TABLE) jumps to data at line 4 (x3002)")


CLOBBERED_R7 = """        .ORIG x3000
        JSR OUTER
        HALT
OUTER   ADD R1, R1, #1
        JSR INNER       ; line 5: replaces R7, which OUTER never saved
        RET             ; line 6
INNER   ADD R2, R2, #1
        RET
        .END
"""


def test_ret_with_a_clobbered_r7_names_the_ret_and_the_jsr():
    m, stop = run(CLOBBERED_R7, steps=10_000)
    assert stop.reason == "steps"                  # it never ends by itself
    why = explain(m, stop)
    assert (why.kind, why.line) == ("clobbered_r7", 6)
    assert why.text.startswith("the RET at line 6 (x3004) returns to x3004, just after the "
                               "JSR INNER at line 5 (x3003), not to its caller")
    assert "save R7 first" in why.text


RECURSION = """        .ORIG x3000
        LD R6, STACK
        JSR DOWN
        HALT
DOWN    ADD R6, R6, #-1
        STR R7, R6, #0
        JSR DOWN        ; line 7: no base case
        LDR R7, R6, #0
        ADD R6, R6, #1
        RET
STACK   .FILL x4000
        .END
"""


def test_runaway_recursion_names_the_recursive_call():
    m, stop = run(RECURSION)
    why = explain(m, stop)
    assert why.kind == "stack" and why.line == 7
    assert why.text.startswith("the stack pointer R6 is x")
    assert "runaway recursion? (line 7 calls it" in why.text and "DOWN" in why.text


BAD_TRAP = """        .ORIG x3000
        AND R0, R0, #0
        TRAP x26        ; line 3
        HALT
        .END
"""


@pytest.mark.parametrize("edition", [2, 3])
def test_an_undefined_trap_names_its_line_and_the_traps_there_are(edition):
    m, stop = run(BAD_TRAP, edition)
    why = explain(m, stop)
    assert (why.kind, why.line) == ("bad_trap", 3)
    assert why.text == ("line 3: TRAP x26 is not a trap the OS has; the traps are x20 GETC, "
                        "x21 OUT, x22 PUTS, x23 IN, x24 PUTSP, x25 HALT")


WAITS = """        .ORIG x3000
        LEA R0, ASK
        PUTS
        GETC            ; line 4
        HALT
ASK     .STRINGZ "key? "
        .END
"""


def test_waiting_for_a_key_names_the_getc():
    m, stop = run(WAITS)
    assert stop.reason == "input"
    why = explain(m, stop)
    assert (why.kind, why.line) == ("waiting", 4)
    assert why.text == "line 4 (GETC) waits for a key to be typed"


def test_a_program_that_halts_needs_no_explanation():
    m, stop = run(WAITS, keys=b"k")
    assert stop.reason == "halted" and explain(m, stop) is None


def test_the_page_gets_the_explanation_with_the_error():
    p = Protocol()
    p.handle({"type": "load", "source": NO_HALT})
    replies = p.handle({"type": "run"})
    for _ in range(100):
        status = next(r for r in replies if r["type"] == "status")
        if status["state"] != "running":
            break
        replies = p.handle({"type": "tick", "seconds": 0.05})
    assert status["state"] == "error"
    assert status["explanation"]["kind"] == "past_end" and status["explanation"]["line"] == 3
    p.handle({"type": "load", "source": WAITS})
    replies = p.handle({"type": "run"})
    while (status := next(r for r in replies if r["type"] == "status"))["state"] == "running":
        replies = p.handle({"type": "tick", "seconds": 0.05})
    assert status["state"] == "input" and status["explanation"]["line"] == 4
    p.handle({"type": "key", "text": "k"})
    replies = p.handle({"type": "tick", "seconds": 0.05})
    assert next(r for r in replies if r["type"] == "status")["explanation"] is None
