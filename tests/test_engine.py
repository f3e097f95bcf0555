"""The fast engine must be indistinguishable from the reference interpreter."""
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from vmcore import assemble
from vmcore.machine import Machine
from vmcore.engine import HOT, MAX_INVALIDATIONS, NEVER
from vmcore.program import Program, Segment

from . import programs


def state(m: Machine):
    kb = m.keyboard
    kb.ready            # keys due by now join the queue (they do so when next looked at)
    return (list(m.reg), m.pc, m.ir, m.psr, m.saved_ssp, m.saved_usp, list(m.memory),
            bytes(m.console.output), m.instructions, m.user_instructions, m.halted,
            m.fault, m.error, kb.interrupt_enable, list(kb.queue), list(kb.arrivals),
            kb.starved, list(m.calls), m.watch_hit, bytes(m.video.dirty))


def pair(program: Program, edition=3, access_control=False, hot=1):
    machines = []
    for engine in ("interp", "fast"):
        m = Machine(edition=edition, access_control=access_control, clock=lambda: 0.0)
        m.engine = engine
        m.fast.hot_threshold = hot
        m.load(program)
        m.keyboard.closed = True
        machines.append(m)
    return machines


def compare_machines(interp, fast, chunks, keys=b""):
    """Run both in the same chunks, comparing the whole state after each."""
    for k, chunk in enumerate(chunks):
        if keys and k == 1:
            interp.keyboard.push(keys)
            fast.keyboard.push(keys)
        a, b = interp.run(chunk), fast.run(chunk)
        assert (a.reason, a.address, a.message) == (b.reason, b.address, b.message), \
            f"chunk {k}"
        assert state(interp) == state(fast), f"after chunk {k}"
        if a.reason in ("halted", "error"):
            break
        for m in (interp, fast):            # as a front end takes them: each chunk's rows show
            m.video.dirty[:] = bytes(len(m.video.dirty))


def compare_runs(program, chunks, edition=3, access_control=False, keys=b"", hot=1):
    compare_machines(*pair(program, edition, access_control, hot), chunks, keys)


# Real programs' shapes (tests/programs.py), at a threshold of 1 (everything reached is
# translated at once), at the default, and never (decoded, untranslated code alone);
# LC3_DIFF_EXAMPLES=N runs N of each.
EXAMPLES = int(os.environ.get("LC3_DIFF_EXAMPLES", "150"))


@pytest.mark.parametrize("hot", [1, HOT, NEVER])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(blocks=programs.programs, halt=st.booleans(),
       chunks=st.lists(st.integers(1, 3000), min_size=1, max_size=8),
       edition=st.sampled_from([2, 3]), access_control=st.booleans(),
       keys=st.binary(max_size=6), key_delay=st.one_of(st.none(), st.integers(0, 300)))
def test_programs_run_identically_on_both_engines(hot, blocks, halt, chunks, edition,
                                                  access_control, keys, key_delay):
    program = assemble(programs.source(blocks, halt))
    machines = [programs.prepare(program, edition, access_control, engine, hot, keys, key_delay)
                for engine in ("interp", "fast")]
    assert state(machines[0]) == state(machines[1]), "after the boot"
    compare_machines(*machines, chunks)


# Raw words: anything at all, including what no assembler would write.
def instruction_words():
    reg = st.integers(0, 7)
    return st.one_of(
        st.builds(lambda d, s, i: 0x1020 | d << 9 | s << 6 | (i & 31), reg, reg, st.integers(-16, 15)),
        st.builds(lambda d, s, t: 0x1000 | d << 9 | s << 6 | t, reg, reg, reg),
        st.builds(lambda d, s, i: 0x5020 | d << 9 | s << 6 | (i & 31), reg, reg, st.integers(-16, 15)),
        st.builds(lambda d, s: 0x903F | d << 9 | s << 6, reg, reg),
        st.builds(lambda op, r, o: op << 12 | r << 9 | (o & 0x1FF),
                  st.sampled_from([0x2, 0x3, 0xA, 0xB, 0xE]), reg, st.integers(-24, 24)),
        st.builds(lambda op, r, b, o: op << 12 | r << 9 | b << 6 | (o & 63),
                  st.sampled_from([0x6, 0x7]), reg, reg, st.integers(-8, 8)),
        st.builds(lambda nzp, o: nzp << 9 | (o & 0x1FF), st.integers(0, 7), st.integers(-12, 12)),
        st.builds(lambda o: 0x4800 | (o & 0x7FF), st.integers(-12, 12)),
        st.just(0xC1C0),                      # RET
        st.sampled_from([0xF021, 0xF025]),    # OUT, HALT
        st.sampled_from([0x4040, 0x4080]),    # JSRR R1, JSRR R2
    )


def compare_runs(program, chunks, edition=3, access_control=False, keys=b""):
    interp, fast = pair(program, edition, access_control)
    for k, chunk in enumerate(chunks):
        if keys and k == 1:
            interp.keyboard.push(keys)
            fast.keyboard.push(keys)
        a, b = interp.run(chunk), fast.run(chunk)
        assert (a.reason, a.address) == (b.reason, b.address)
        assert state(interp) == state(fast), f"after chunk {k}"
        if a.reason in ("halted", "error"):
            break
        for m in (interp, fast):            # as a front end takes them: each chunk's rows show
            m.video.dirty[:] = bytes(len(m.video.dirty))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(instruction_words(), min_size=4, max_size=40),
       data=st.lists(st.integers(0, 0xFFFF), min_size=8, max_size=8),
       chunks=st.lists(st.integers(1, 400), min_size=1, max_size=6),
       edition=st.sampled_from([2, 3]), access_control=st.booleans())
def test_random_programs_run_identically_on_both_engines(body, data, chunks, edition,
                                                         access_control):
    words = [0x2200 | 0x1FF & (len(body) + 1)] + body + [0xF025] + data   # R1 <- a data word
    program = Program([Segment(0x3000, words)])
    compare_runs(program, chunks, edition, access_control)


LOOP_WITH_INTERRUPTS = """.ORIG x3000
        LD R0, ISR
        STI R0, VEC
        LD R0, IE
        STI R0, KBSR
LOOP    ADD R1, R1, #1
        STR R1, R6, #-1
        ADD R2, R2, R1
        BRnp LOOP
        ADD R3, R3, #1
        BRnzp LOOP
ISR     .FILL HANDLER
VEC     .FILL x0180
IE      .FILL x4000
KBSR    .FILL xFE00
HANDLER LDI R4, KBDR
        ADD R5, R5, R4
        RTI
KBDR    .FILL xFE02
.END"""


@pytest.mark.parametrize("chunks", [[50, 1000, 7, 333, 2000], [1] * 60 + [5000], [3000, 3000]])
def test_interrupts_are_taken_at_the_same_instruction(chunks):
    compare_runs(assemble(LOOP_WITH_INTERRUPTS), chunks, keys=b"abc")


SELF_MODIFYING = """.ORIG x3000
        AND R1, R1, #0
        LD R2, COUNT
AGAIN   LD R3, PATCH        ; rewrite the ADD below to add one more each time round
        ADD R3, R3, #1
        ST R3, PATCH
        ST R3, TARGET
TARGET  ADD R1, R1, #0
        ADD R2, R2, #-1
        BRp AGAIN
        HALT
PATCH   ADD R1, R1, #0
COUNT   .FILL #12
.END"""


@pytest.mark.parametrize("engine", ["interp", "fast"])
def test_self_modifying_code(engine):
    m = Machine()
    m.engine = engine
    m.fast.hot_threshold = 2
    m.load(assemble(SELF_MODIFYING))
    assert m.run().reason == "halted"
    assert m.reg[1] == sum(range(1, 13))
    if engine == "fast":
        assert m.fast.regions, "the loop should have been translated"


def test_stops_exactly_at_a_step_limit():
    program = assemble(LOOP_WITH_INTERRUPTS)
    for limit in (1, 17, 250, 1001, 4321):
        interp, fast = pair(program)
        interp.run(limit)
        fast.run(limit)
        assert fast.instructions == interp.instructions == limit
        assert state(fast) == state(interp)


def test_store_from_a_step_invalidates_translated_code():
    """A store made outside translated code (by step, or a debugger) must still drop the
    translation of the word it wrote."""
    m = Machine()
    m.fast.hot_threshold = 1
    m.load(assemble(".ORIG x3000\nL ADD R1, R1, #1\nBRnzp L\n.END"))
    m.run(5000)                             # through the OS's boot, into the loop
    assert m.fast.regions and m.pc in (0x3000, 0x3001)
    m.store(0x3000, 0x1262)                 # ADD R1, R1, #2
    before = m.reg[1]
    m.run(100)
    assert m.reg[1] - before == 100         # 50 times round, adding 2 each time


RECURSIVE = """.ORIG x3000
        LD R6, STACK
        AND R0, R0, #0
        ADD R0, R0, #6
        JSR FIB
        HALT
FIB     ADD R6, R6, #-2     ; fib(R0) in R1, recursively
        STR R7, R6, #0
        STR R0, R6, #1
        ADD R1, R0, #-2
        BRp DEEPER
        AND R1, R1, #0
        ADD R1, R1, #1
        BRnzp DONE
DEEPER  ADD R0, R0, #-1
        JSR FIB
        ADD R2, R1, #0
        LDR R0, R6, #1
        ADD R0, R0, #-2
        ADD R6, R6, #-1
        STR R2, R6, #0
        JSR FIB
        LDR R2, R6, #0
        ADD R6, R6, #1
        ADD R1, R1, R2
DONE    LDR R7, R6, #0
        ADD R6, R6, #2
        RET
STACK   .FILL x6000
.END"""


@pytest.mark.parametrize("chunks", [[2000, 37, 500, 100_000], [1], [3, 1, 250]])
def test_calls_returns_and_breakpoints_agree(chunks):
    program = assemble(RECURSIVE)
    interp, fast = pair(program)
    fib = program.lookup("FIB")
    hits = []
    for k in range(20_000):
        chunk = chunks[k % len(chunks)]
        a, b = interp.run(chunk, {fib}), fast.run(chunk, {fib})
        assert (a.reason, a.address) == (b.reason, b.address)
        assert state(interp) == state(fast)
        hits.append(a.reason)
        if a.reason == "halted":
            break
    assert interp.reg[1] == 8 and [f[0] for f in interp.calls] == ["trap"]   # inside HALT
    assert hits.count("breakpoint") == 15          # fib(6) enters FIB 15 times


def test_watchpoint_stops_both_engines_after_the_write():
    program = assemble(RECURSIVE)
    for engine in ("interp", "fast"):
        m = Machine()
        m.engine = engine
        m.fast.hot_threshold = 1
        m.load(program)
        m.set_watches([(0x5FF0, 0x5FFF)])
        stop = m.run(100_000)
        assert stop.reason == "watchpoint" and m.watch_hit[0] == 0x5FFE   # first push: R7
        assert stop.message == f"x5FFE changed from x0000 to x{m.memory[0x5FFE]:04X}"
        assert m.memory[m.pc - 1] >> 12 == 0x7      # the STR just executed


# -- regressions: each of these once went wrong in translated code only --------------------
LEA_THEN_BRANCH = """.ORIG x3000
        LD R2, N
LOOP    AND R0, R0, #0
        LEA R1, X
        BRz OK              ; Z from the AND: LEA leaves the condition codes (3rd edition)
        ADD R3, R3, #1
OK      ADD R2, R2, #-1
        BRp LOOP
        HALT
N       .FILL #200
X       .FILL #0
.END"""


@pytest.mark.parametrize("hot", [1, HOT])
@pytest.mark.parametrize("edition,wrong_turns", [(3, 0), (2, 200)])
def test_lea_sets_the_condition_codes_only_in_the_2nd_edition(hot, edition, wrong_turns):
    for engine in ("interp", "fast"):
        m = Machine(edition=edition)
        m.engine = engine
        m.fast.hot_threshold = hot
        m.load(assemble(LEA_THEN_BRANCH))
        assert m.run().reason == "halted"
        assert m.reg[3] == wrong_turns, engine


JUMPS_INTO_SYSTEM_SPACE = """.ORIG x3000
        LD R2, N
LOOP    LD R1, SYS
        JMP R1              ; an access violation, every time
BACK    ADD R2, R2, #-1
        BRp LOOP
        HALT
N       .FILL #300
SYS     .FILL x0400
; The violation's handler (installed by the test) counts and returns to BACK.
ACV     LD R0, COUNT
        ADD R0, R0, #1
        ST R0, COUNT
        LEA R0, BACK
        STR R0, R6, #0
        RTI
COUNT   .FILL #0
.END"""


@pytest.mark.parametrize("hot", [1, HOT])
def test_access_control_is_enforced_in_translated_code(hot):
    program = assemble(JUMPS_INTO_SYSTEM_SPACE)
    for engine in ("interp", "fast"):
        m = Machine(access_control=True)
        m.engine = engine
        m.fast.hot_threshold = hot
        m.load(program)
        m.run(m.boot_instructions)
        m.poke(0x0102, program.lookup("ACV"))
        assert m.run(1_000_000).reason == "halted"
        assert m.memory[program.lookup("COUNT")] == 300, engine


def test_ir_is_the_last_instruction_at_a_breakpoint_reached_by_translated_code():
    program = assemble(LEA_THEN_BRANCH)
    interp, fast = pair(program, hot=1)
    stop_at = frozenset({program.lookup("OK")})
    for _ in range(5):
        a, b = interp.run(10_000, stop_at), fast.run(10_000, stop_at)
        assert a.reason == b.reason == "breakpoint"
        assert fast.ir == interp.ir == 0x0401          # BRz OK
        assert fast.fast.regions


REWRITES_ITSELF = """.ORIG x3000
        LD R2, COUNT
AGAIN   LD R3, PATCH
        ST R3, TARGET       ; a store into the loop's own code, every time round
TARGET  ADD R1, R1, #0
        ADD R2, R2, #-1
        BRp AGAIN
        HALT
PATCH   ADD R1, R1, #1
COUNT   .FILL #30000
.END"""


def test_code_that_keeps_rewriting_itself_stops_being_translated():
    m = Machine()
    m.fast.hot_threshold = 2
    m.load(assemble(REWRITES_ITSELF))
    translations = []
    translate = m.fast.translate
    m.fast.translate = lambda key: (translations.append(key), translate(key))
    assert m.run().reason == "halted"
    assert m.reg[1] == 30000
    assert len(translations) <= 2 * MAX_INVALIDATIONS


COUNTS_WHILE_WAITING = """.ORIG x3000
LOOP    LDI R1, PKBSR       ; four instructions a turn: KBSR read at 1, 5, 9, ...
        BRn GOT
        ADD R2, R2, #1
        BRnzp LOOP
GOT     LDI R0, PKBDR
        OUT
        ADD R3, R3, #1
        ADD R4, R3, #-3
        BRn LOOP
        HALT
PKBSR   .FILL xFE00
PKBDR   .FILL xFE02
.END"""


@pytest.mark.parametrize("delay", [0, 1, 7, 100, 1000])
@pytest.mark.parametrize("hot", [1, HOT])
def test_keys_arrive_on_lc3tools_schedule(delay, hot):
    """Key k is there once delay + k * (delay + 1) instructions have run."""
    program = assemble(COUNTS_WHILE_WAITING)
    results = []
    for engine in ("interp", "fast"):
        m = Machine()
        m.engine = engine
        m.fast.hot_threshold = hot
        m.load(program)
        m.schedule_keys(b"abc", delay)
        m.keyboard.closed = True
        assert m.run(1_000_000).reason == "halted"
        assert m.console.take().startswith(b"abc")
        results.append((m.reg[2], m.instructions))
    assert results[0] == results[1]
    # The first KBSR read to see key 0 is the first at instruction 4t + 1 with 4t >= delay.
    assert results[0][0] >= -(-delay // 4)


def test_without_a_delay_every_key_waits_from_the_start():
    m = Machine()
    m.load(assemble(COUNTS_WHILE_WAITING))
    m.keyboard.push(b"abc")
    m.keyboard.closed = True
    assert m.run().reason == "halted" and m.reg[2] == 0


def test_a_program_below_x3000_starts_in_supervisor_mode():
    program = assemble(""".ORIG x2000
        LD R0, HANDLER      ; install a trap routine: system space, so supervisor only
        STI R0, VECTOR
        TRAP x40
        HALT
HANDLER .FILL MINE
VECTOR  .FILL x0040
MINE    ADD R5, R5, #7
        RTI
.END""")
    m = Machine(access_control=True)
    m.load(program)
    assert m.run(100_000).reason == "halted"
    assert m.fault is None and m.reg[5] == 7


GROUP = """.ORIG x3000
        LD R5, COUNT
        LD R1, VALUE
LOOP    LD R4, BASE
        {ops}
        ADD R5, R5, #-1
        BRp LOOP
        HALT
COUNT   .FILL #40
VALUE   .FILL x0021
BASE    .FILL x{base:04X}
.END"""
GROUP_OPS = {
    "loads": "LDR R0, R4, #-3\nLDR R2, R4, #0\nLDR R3, R4, #5",
    "stores": "STR R1, R4, #-3\nSTR R1, R4, #0\nSTR R5, R4, #5",
    "mixed": "LDR R0, R4, #5\nSTR R1, R4, #-3\nLDR R2, R4, #-3\nSTR R2, R4, #1\nLDR R4, R4, #0",
    "branch": "LDR R0, R4, #1\nLDR R2, R4, #0\nBRnp #1\nADD R6, R6, #1",   # on the last load
}


@pytest.mark.parametrize("base", [0x0000, 0x0001, 0x0002, 0x2FFE, 0x3001, 0xBFFD, 0xC000, 0xFDF9,
                                  0xFDFB, 0xFDFF, 0xFFFC])
@pytest.mark.parametrize("ops", sorted(GROUP_OPS))
@pytest.mark.parametrize("access_control", [False, True])
def test_loads_and_stores_off_one_base_register_at_every_boundary(base, ops, access_control):
    """Translated code checks a run of loads and stores off one register at once: each
    boundary (wrapping below x0000, system space under access control, the program's own
    code, video memory, the device registers, xFFFF) must still be met where step meets it.
    A fault is counted by a handler that skips the instruction, so the loop goes on."""
    program = assemble(GROUP.format(base=base, ops=GROUP_OPS[ops]).replace("\n", "\n        "))
    machines = [programs.prepare(program, 3, access_control, engine) for engine in ("interp", "fast")]
    compare_machines(*machines, [100, 1, 7, 50, 5000])


def test_a_run_of_stores_that_rewrites_its_own_loop_is_seen():
    """Now and then the first store of a run writes the loop's own code, the other writes data
    past it: the run's one check must cover the first store's word, or the old code would go on
    running."""
    program = assemble("""
        .ORIG x3000
        LD R5, COUNT
        LEA R4, DATA
LOOP    AND R2, R5, #7
        BRnp X                  ; every 8th time round:
        LD R1, ADDR6
        AND R2, R5, #15
        ADD R1, R1, R2
        STR R1, R4, #-6         ; X becomes ADD R6, R6, #(R5 & 15)
        STR R2, R4, #1
X       ADD R6, R6, #0
        ADD R5, R5, #-1
        BRp LOOP
        HALT
ADDR6   ADD R6, R6, #0
COUNT   .FILL #200
DATA    .BLKW 3
        .END""")
    assert program.lookup("DATA") - 6 == program.lookup("X")
    for hot in (1, HOT):
        machines = [programs.prepare(program, 3, False, engine, hot) for engine in ("interp", "fast")]
        compare_machines(*machines, [500, 1, 7, 300, 5000])


def test_breakpoints_set_and_cleared_while_code_is_translated():
    """A breakpoint set inside a loop already translated stops the loop there; cleared, the
    loop runs on to the end as the interpreter runs it."""
    program = assemble("""
        .ORIG x3000
        LD R5, COUNT
LOOP    ADD R1, R1, #1
        ADD R2, R2, #2      ; the breakpoint
        ADD R3, R3, #3
        ADD R5, R5, #-1
        BRp LOOP
        HALT
COUNT   .FILL #500
        .END""")
    line = program.lookup("LOOP") + 1
    interp, fast = pair(program)
    for schedule in ([3000, set()], [10**6, {line}], [10**6, {line}], [100, set()],
                     [10**6, {line}], [10**6, set()]):
        chunk, breakpoints = schedule
        a, b = interp.run(chunk, breakpoints), fast.run(chunk, breakpoints)
        assert (a.reason, a.address) == (b.reason, b.address)
        assert state(interp) == state(fast)
        if breakpoints:
            assert b.reason == "breakpoint" and fast.pc == line
    assert fast.halted and fast.fast.regions


def test_arithmetic_wraps_at_every_immediate_and_boundary_value():
    """Translated code adds by table: every ADD immediate, NOT, a sum and a difference of two
    registers, and loads and stores at offsets a table names, on values at each edge of 16 bits."""
    values = [0, 1, 2, 15, 16, 0x7FFF, 0x8000, 0x8001, 0xFFEF, 0xFFF0, 0xFFFE, 0xFFFF]
    body = []
    for k in range(-16, 16):
        body += [f"ADD R2, R1, #{k}", "STR R2, R4, #0", "ADD R4, R4, #1"]
    body += ["NOT R2, R1", "STR R2, R4, #0", "ADD R2, R1, R3", "STR R2, R4, #1",
             "NOT R2, R3", "ADD R2, R2, #1", "ADD R2, R1, R2", "STR R2, R4, #2",   # R1 - R3
             "NOT R2, R1", "ADD R2, R2, #1", "STR R2, R4, #3",                     # -R1
             "STR R1, R4, #-16", "LDR R2, R4, #-16", "STR R2, R4, #15", "LDR R2, R4, #15",
             "STR R2, R4, #4", "ADD R4, R4, #5"]
    program = assemble("\n".join([
        ".ORIG x3000", "LEA R5, VALUES", "LD R4, DEST", "LD R6, COUNT",
        "LOOP LDR R1, R5, #0", "LDR R3, R5, #1", *body,
        "ADD R5, R5, #1", "ADD R6, R6, #-1", "BRp LOOP", "HALT",
        "DEST .FILL x5000", f"COUNT .FILL #{len(values)}",
        "VALUES", *[f".FILL x{v:04X}" for v in values + values[:1]], ".END"]))
    interp, fast = pair(program)
    compare_machines(interp, fast, [100_000])
    assert interp.halted
    assert interp.memory[0x5000 + 16] == 0              # 0 + #0 ... and 0xFFFF + #1 wraps:
    assert interp.memory[0x5000 + 11 * 37 + 17] == 0
