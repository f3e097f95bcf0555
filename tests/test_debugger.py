"""The debugger's commands, as a student at a breakpoint uses them."""
import pytest

from vmcore import assemble
from vmcore.debugger import PAGE, Debugger, _Goal
from vmcore.machine import Machine

PROGRAM = """.ORIG x3000
MAIN    LD R6, STACK
        AND R1, R1, #0
        ADD R1, R1, #3
        JSR TWICE           ; line 5
        ADD R2, R1, #0
        LEA R0, MSG
        PUTS
        HALT
TWICE   ST R7, SAVE7        ; line 10
        ADD R1, R1, R1
        JSR NOTHING
        LD R7, SAVE7
        RET
NOTHING RET
SAVE7   .FILL #0
STACK   .FILL x6000
MSG     .STRINGZ "done"
        .END"""

ECHO = """.ORIG x3000
LOOP    GETC
        OUT
        ST R0, LAST
        ADD R1, R1, #1
        ADD R3, R1, #-3
        BRn LOOP
        HALT
LAST    .FILL #0
        .END"""


def debugger_for(source, **kw):
    program = assemble(source)
    m = Machine()
    m.load(program)
    m.keyboard.closed = True
    return Debugger(m, **kw), program


def state(m):
    return (list(m.reg), m.pc, m.psr, list(m.memory), m.instructions, list(m.calls))


def at(d, program, label):
    return d.machine.pc == program.lookup(label)


def test_breakpoint_by_address_stops_before_the_instruction():
    d, p = debugger_for(PROGRAM)
    d.set_breakpoints({p.lookup("TWICE")})
    stop = d.cont()
    assert stop.reason == "breakpoint" and at(d, p, "TWICE") and d.machine.reg[1] == 3


def test_breakpoint_by_source_line_uses_the_source_map():
    d, p = debugger_for(PROGRAM)
    assert d.address_of_line(10) == (p.lookup("TWICE"), 10)
    assert d.address_of_line(1) == (0x3000, 2)           # a line with no code: the next one
    address, _ = d.address_of_line(5)
    d.set_breakpoints({address})
    d.cont()
    assert d.machine.pc == address and d.machine.memory[address] >> 12 == 0x4   # the JSR


def test_step_into_over_and_out():
    d, p = debugger_for(PROGRAM)
    d.run_to(p.lookup("MAIN") + 3)                       # at JSR TWICE
    d.step()
    assert at(d, p, "TWICE") and [f.target_label for f in d.call_stack()] == ["TWICE"]
    d.step(2)
    d.step_over()                                         # JSR NOTHING runs through
    assert d.machine.pc == p.lookup("TWICE") + 3 and len(d.machine.calls) == 1
    d.step_out()
    assert d.machine.pc == p.lookup("MAIN") + 4 and d.machine.calls == []
    assert d.machine.reg[1] == 6


def test_step_over_a_trap_and_step_out_of_a_trap():
    d, p = debugger_for(PROGRAM)
    d.run_to(p.lookup("MAIN") + 6)                       # at PUTS
    d.step_over()
    assert d.machine.pc == p.lookup("MAIN") + 7 and d.machine.console.take() == b"done"
    d.step()                                              # into HALT's routine
    frames = d.call_stack()
    assert frames[0].kind == "trap" and frames[0].target_label.startswith("HALT (TRAP_HALT")
    assert d.step_out().reason == "halted"


def test_watchpoint_stops_after_the_write():
    d, p = debugger_for(ECHO)
    d.machine.keyboard.push(b"abc")
    d.watch(p.lookup("LAST"))
    stop = d.cont()
    assert stop.reason == "watchpoint" and d.machine.memory[p.lookup("LAST")] == ord("a")
    assert stop.message == f"x{p.lookup('LAST'):04X} changed from x0000 to x0061"
    assert d.cont().reason == "watchpoint" and d.machine.memory[p.lookup("LAST")] == ord("b")


def test_step_back_restores_registers_and_memory_exactly():
    d, p = debugger_for(PROGRAM, snapshot_every=40)
    d.run_to(p.lookup("TWICE"))
    states = [state(d.machine)]
    for _ in range(6):
        d.step()
        states.append(state(d.machine))
    for expected in reversed(states[:-1]):
        assert d.back().reason == "step"
        assert state(d.machine) == expected
    for expected in states[1:]:                          # and forward again: the same states
        d.step()
        assert state(d.machine) == expected


def test_reverse_continue_goes_to_the_previous_breakpoint_hit():
    d, p = debugger_for(PROGRAM)
    d.set_breakpoints({p.lookup("NOTHING"), p.lookup("MAIN") + 6})
    d.cont()
    first = state(d.machine)
    d.cont()
    assert d.machine.pc == p.lookup("MAIN") + 6
    assert d.reverse_continue().reason == "breakpoint" and state(d.machine) == first
    assert d.reverse_continue().reason == "history" and d.machine.instructions == 0


def test_replay_with_input_is_deterministic_and_prints_nothing_twice():
    d, p = debugger_for(ECHO, snapshot_every=25)
    d.cont()                                              # waits for the first key
    d.key("x")
    d.cont()
    d.key("y")
    d.cont()
    d.key("z")
    assert d.cont().reason == "halted"
    out = d.machine.console.take()
    assert out.startswith(b"xyz")
    end = state(d.machine)
    assert d.back(10**9).reason == "step" and d.machine.instructions == 0  # the beginning
    assert d.machine.memory[p.lookup("LAST")] == 0
    assert d.cont().reason == "halted" and state(d.machine) == end
    assert d.machine.console.take() == b""               # it was all shown already


def test_typing_in_the_past_starts_a_new_future():
    d, p = debugger_for(ECHO)
    d.cont()
    typed_at = d.count
    d.key("a")
    d.cont()
    assert d.machine.memory[p.lookup("LAST")] == ord("a")
    d.back(d.count - typed_at + 1)                       # just before "a" was typed
    assert d.machine.memory[p.lookup("LAST")] == 0 and not d.machine.keyboard.queue
    d.key("q")                                            # a different key this time
    d.cont()
    assert d.machine.memory[p.lookup("LAST")] == ord("q")
    assert d.machine.console.take().endswith(b"q")


def test_register_edit_changes_the_run_and_survives_replay():
    d, p = debugger_for(PROGRAM)
    d.run_to(p.lookup("MAIN") + 3)
    d.set_register("R1", 10)
    d.run_to(p.lookup("MAIN") + 5)
    assert d.machine.reg[2] == 20
    d.back(3)
    d.run_to(p.lookup("MAIN") + 5)
    assert d.machine.reg[2] == 20
    d.set_memory(0x4000, 0x1234)
    assert d.machine.memory[0x4000] == 0x1234
    with pytest.raises(ValueError):
        d.set_register("R9", 1)


def test_history_is_bounded_and_reported():
    loop = ".ORIG x3000\nL ADD R1, R1, #1\nBRnzp L\n.END"
    d, p = debugger_for(loop, history=10_000, snapshot_every=1_000)
    d.start(_Goal("continue"), max_steps=100_000)
    info = d.history_info()
    assert info["now"] == 100_000 and 10_000 <= info["now"] - info["earliest"] <= 11_000
    assert info["snapshots"] <= 12 and info["bytes"] < 12 * 200_000
    assert d.back(50_000).reason == "step" and d.machine.instructions == info["earliest"]
    assert d.back().reason == "history"


def test_default_history_covers_a_million_instructions():
    loop = ".ORIG x3000\nL ADD R1, R1, #1\nBRnzp L\n.END"
    d, p = debugger_for(loop)
    d.start(_Goal("continue"), max_steps=1_500_000)
    assert d.count - d.earliest >= 1_000_000
    r1 = d.machine.reg[1]
    d.back(1_000_000)
    assert (r1 - d.machine.reg[1]) & 0xFFFF == 500_000 & 0xFFFF   # half are the branch


def test_disassembly_marks_breakpoints_and_labels():
    d, p = debugger_for(PROGRAM)
    d.set_breakpoints({p.lookup("TWICE")})
    rows = d.disassembly(p.lookup("TWICE"), 2)
    assert rows[0] == {"address": p.lookup("TWICE"), "word": 0x3E05, "label": "TWICE",
                       "text": "ST R7, SAVE7", "breakpoint": True}
    assert rows[1]["text"] == "ADD R1, R1, R1" and not rows[1]["breakpoint"]


WAITS_FOR_A_KEY = """.ORIG x3000
LOOP    LDI R1, PKBSR
        BRzp LOOP
        LDI R0, PKBDR
        HALT
PKBSR   .FILL xFE00
PKBDR   .FILL xFE02
.END"""


def test_stepping_back_keeps_keys_still_to_arrive():
    d, program = debugger_for(WAITS_FOR_A_KEY, snapshot_every=300)
    d.schedule_keys(b"z", 2000)
    d.cont(max_steps=1_000_000)
    m = d.machine
    assert m.halted and m.reg[0] == ord("z")
    done = state(m)
    d.back(1500)                        # to before the key arrived
    assert m.keyboard.arrivals and not m.keyboard.queue
    d.cont(max_steps=1_000_000)
    assert state(m) == done


# -- counts, addresses and breakpoints from users and share links ----------------------------
@pytest.mark.parametrize("n", [0, -5, -3_000_000, 10**12])
def test_back_refuses_counts_that_are_not_steps_back(n):
    d, p = debugger_for(PROGRAM)
    assert d.cont().reason == "halted"
    before = state(d.machine)
    with pytest.raises(ValueError, match="back takes a count from 1 to 1,000,000,000"):
        d.back(n)
    assert state(d.machine) == before


def test_back_further_than_the_history_stops_at_its_start():
    d, p = debugger_for(PROGRAM)
    d.cont()
    assert d.back(999_999_999).reason == "step" and d.count == d.earliest
    assert d.back(1).reason == "history"


@pytest.mark.parametrize("text", ["x10000", "#65536", "-32769", "x" + "F" * 5000,
                                  "1" * 4301])
def test_resolve_refuses_numbers_outside_a_word(text):
    d, p = debugger_for(PROGRAM)
    with pytest.raises(ValueError, match="out of range: addresses and words are x0000 to xFFFF"):
        d.resolve(text)
    assert d.resolve("xFFFF") == 0xFFFF and d.resolve("#-1") == 0xFFFF
    assert d.resolve("twice") == p.lookup("TWICE") and d.resolve("nowhere") is None


def test_address_of_line_uses_an_index_built_once_per_program():
    import time
    source = ".ORIG x3000\n" + "ADD R0, R0, #1\n" * 20000 + "HALT\n.END\n"
    d, p = debugger_for(source)
    assert d.address_of_line(1) == (0x3000, 2) and d.address_of_line(20002) == (0x3000 + 20000,
                                                                                  20002)
    assert d.address_of_line(20003) is None
    started = time.perf_counter()
    found = d.addresses_of_lines(range(5000, 30000))
    assert time.perf_counter() - started < 0.5
    assert len(found) == 1000 and found[0] == (0x3000 + 4998, 5000)      # capped at 1,000


def test_breakpoints_past_the_last_line_are_dropped():
    d, p = debugger_for(PROGRAM)
    found = d.addresses_of_lines([5, 10, 500, 22375])
    assert found == [(p.lookup("MAIN") + 3, 5), (p.lookup("TWICE"), 10)]


# Writes all over memory as it runs: video memory at a stride that crosses many pages, a
# stack, and its own code (the ADD at PATCHED is rewritten every time round the loop).
SCRIBBLER = """.ORIG x3000
        LD R6, STACK
        LD R1, VIDEO
        LD R2, COUNT
LOOP    STR R2, R1, #0          ; a pixel
        LD R4, STRIDE
        ADD R1, R1, R4
        ADD R6, R6, #-1         ; push the count
        STR R2, R6, #0
        LD R3, TEMPLATE
        AND R5, R2, #15
        ADD R3, R3, R5
        ST R3, PATCHED          ; rewrite the instruction below
PATCHED ADD R0, R0, #0
        ADD R2, R2, #-1
        BRp LOOP
        HALT
STACK   .FILL x7000
VIDEO   .FILL xC000
STRIDE  .FILL #211
COUNT   .FILL #120
TEMPLATE ADD R0, R0, #0
        .END"""


def test_stepping_back_across_many_snapshots_restores_memory_exactly():
    program = assemble(SCRIBBLER)
    reference = Machine()
    reference.engine = "interp"
    reference.load(program)
    expected = {}
    while not reference.halted:
        if reference.instructions % 7 == 0:
            expected[reference.instructions] = (list(reference.reg), reference.pc,
                                                reference.psr, list(reference.memory))
        reference.step()
    d, _ = debugger_for(SCRIBBLER, snapshot_every=50)
    assert d.cont().reason == "halted"
    assert len(d.snapshots) > 20
    end = d.count
    # Far back, then nearer, then between two snapshots, in an order that is no order.
    targets = sorted(expected, key=lambda c: (c * 7919) % 1009)
    for target in targets:
        if target < d.count:
            d.back(d.count - target)
        else:
            d.step(target - d.count)
        m = d.machine
        assert d.count == target
        assert (list(m.reg), m.pc, m.psr, list(m.memory)) == expected[target], target
    d.cont()
    assert d.count == end and list(d.machine.memory) == list(reference.memory)


def test_snapshots_share_the_pages_that_did_not_change():
    d, p = debugger_for(SCRIBBLER, snapshot_every=50)
    d.cont()
    k = next(k for k, s in enumerate(d.snapshots) if s.count >= 1000)   # in the loop
    older, newer = d.snapshots[k], d.snapshots[k + 1]
    os_page, code_page = 0x0000 // PAGE, 0x3000 // PAGE
    assert newer.pages[os_page] is older.pages[os_page]         # the OS: not written
    assert newer.pages[code_page] is not older.pages[code_page]  # rewritten code
    assert newer.pages[code_page] != older.pages[code_page]
    shared = sum(a is b for a, b in zip(older.pages, newer.pages))
    assert shared >= len(newer.pages) - 4
    info = d.history_info()
    assert info["bytes"] < 2 * 65536 * 8 + info["snapshots"] * 4 * (8 * PAGE + 56) + 100_000


@pytest.mark.parametrize("scheduled", [False, True])
def test_keys_given_before_the_first_instruction_come_back_when_stepping_back(scheduled):
    d, program = debugger_for(WAITS_FOR_A_KEY)
    if scheduled:
        d.schedule_keys(b"q", 500)
    else:
        d.key(b"q")
    d.cont(max_steps=1_000_000)
    m = d.machine
    done = state(m)
    assert m.halted and m.reg[0] == ord("q")
    d.back(20)
    d.cont(max_steps=1_000_000)
    assert state(m) == done


# Runs a loop long enough to be translated, rewrites one of its instructions once, and runs
# the loop again: stepping back to the first loop must not find the second's translation.
REWRITTEN_ONCE = """.ORIG x3000
        LD R2, COUNT
FIRST   ADD R0, R0, #1          ; counted once, then (rewritten) twice each time round
        ADD R2, R2, #-1
        BRp FIRST
        LD R3, TWICE
        ST R3, FIRST
        LD R2, COUNT
        BRnzp FIRST
COUNT   .FILL #300
TWICE   ADD R0, R0, #2
        .END"""


@pytest.mark.parametrize("hot", [1, 100])
def test_stepping_back_before_code_was_rewritten_runs_the_old_code(hot):
    program = assemble(REWRITTEN_ONCE)
    reference = Machine()
    reference.engine = "interp"
    reference.load(program)
    expected = {}
    for _ in range(5000):
        if reference.instructions % 13 == 0:
            expected[reference.instructions] = (list(reference.reg), reference.pc)
        reference.step()
    d, _ = debugger_for(REWRITTEN_ONCE, snapshot_every=200)
    d.machine.fast.hot_threshold = hot
    d.step(5000)
    assert d.machine.memory[program.lookup("FIRST")] == program.segments[0].words[-1]
    for target in sorted(expected, reverse=True)[::7]:
        d.back(d.count - target)
        assert (list(d.machine.reg), d.machine.pc) == expected[target], target
    d.step(5000 - d.count)
    assert (list(d.machine.reg), d.machine.pc) == (list(reference.reg), reference.pc)
