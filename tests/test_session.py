from vmcore.devices import VIDEO_WIDTH
from vmcore.session import Session

ECHO = ".ORIG x3000\nGETC\nOUT\nHALT\n.END"
COUNTER = """.ORIG x3000
        AND R1, R1, #0      ; line 2
LOOP    ADD R1, R1, #1      ; line 3
        ADD R2, R1, #-5
        BRn LOOP
        ST R1, RESULT       ; line 6
        HALT
RESULT  .FILL #0
        .END"""


def running(source, **kw):
    s = Session(**kw)
    assert s.load_source(source).ok
    s.start("run")
    return s


def test_load_run_and_halt():
    s = running('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "hi"\n.END')
    assert s.run_slice(1.0) == "halted"
    assert s.take_output().startswith(b"hi")


def test_failed_assembly_reports_and_forgets_the_old_program():
    s = Session()
    s.load_source(ECHO)
    result = s.load_source(".ORIG x3000\nBR NOWHERE\n.END")
    assert not result.ok and s.program is None
    assert (s.state, s.message) == ("error", "1 error: line 2: unknown label NOWHERE")
    s.start("run")
    assert s.state == "error" and s.message == "nothing to run: load a program first"


def test_waits_for_input_then_takes_keys_with_enter_as_newline():
    s = running(ECHO)
    assert s.run_slice(1.0) == "input"
    s.key("\r")
    assert s.state == "running"
    assert s.run_slice(1.0) == "halted" and s.take_output().startswith(b"\n")


def test_a_runaway_loop_yields_at_the_end_of_its_slice():
    s = running(".ORIG x3000\nL BR L\n.END")
    assert s.run_slice(0.05) == "running"
    s.stop()
    assert s.state == "stopped" and s.message.startswith("stopped at x300")


def test_instruction_limit_for_slow_speeds():
    s = running(".ORIG x3000\nL ADD R1, R1, #1\nBR L\n.END")
    s.run_slice(1.0, max_instructions=5000)
    assert s.machine.instructions == 5000


def test_breakpoints_on_lines_pause_the_run_and_show_where():
    s = Session()
    s.load_source(COUNTER)
    assert s.set_breakpoint_lines([1, 6]) == [2, 6]      # line 1 has no code: it moves to 2
    s.start("run")
    assert s.run_slice(1.0) == "paused" and s.inspect()["line"] == 2
    s.start("continue")
    s.run_slice(1.0)
    view = s.inspect()
    assert view["line"] == 6 and view["registers"]["R1"] == 5
    assert "R1" in view["changed"] and "R3" not in view["changed"]


def test_step_back_and_reverse_through_the_session():
    s = Session()
    s.load_source(COUNTER)
    s.set_breakpoint_lines([3])
    s.start("run")
    s.run_slice(1.0)
    s.start("continue")
    s.run_slice(1.0)
    assert s.machine.reg[1] == 1
    s.start("step")
    s.run_slice(1.0)
    assert s.machine.reg[1] == 2 and s.state == "paused"
    s.start("back")
    assert s.machine.reg[1] == 1 and s.inspect()["line"] == 3
    s.start("reverse")                 # replays the history in slices, like a run
    assert s.state == "running"
    s.run_slice(1.0)
    assert s.machine.reg[1] == 0 and s.inspect()["line"] == 3 and s.state == "paused"
    s.start("to", 6)                   # the breakpoint on line 3 stops it first, as in any IDE
    s.run_slice(1.0)
    assert s.inspect()["line"] == 3 and s.state == "paused"
    s.set_breakpoint_lines([])
    s.start("to", 6)
    s.run_slice(1.0)
    assert s.inspect()["line"] == 6 and s.machine.reg[1] == 5


def test_editing_registers_and_memory():
    s = Session()
    s.load_source(COUNTER)
    s.set_breakpoint_lines([6])
    s.start("run")
    s.run_slice(1.0)
    s.set_register("R1", 42)
    s.start("continue")
    s.run_slice(1.0)
    result = s.program.lookup("RESULT")
    assert s.machine.memory[result] == 42
    s.set_memory(result, 7)
    assert s.memory_window(result, 2)["words"][0] == 7
    assert s.debugger.resolve("result") == result and s.debugger.resolve("x3000") == 0x3000


def test_display_rows_come_as_little_endian_words_once():
    s = running(".ORIG x3000\nLD R1, P\nLD R2, C\nSTR R2, R1, #0\nHALT\n"
                "P .FILL xC283\nC .FILL x1234\n.END")          # (3, 5)
    s.take_display()
    s.run_slice(1.0)
    rows = s.take_display()
    assert [(first, count) for first, count, _ in rows] == [(5, 1)]
    words = rows[0][2]
    assert len(words) == 2 * VIDEO_WIDTH and words[6:8] == b"\x34\x12"
    assert s.take_display() == []


def test_object_files_load_and_bad_ones_say_why():
    s = Session()
    assert s.load_object(bytes.fromhex("3000f025")).ok
    result = s.load_object(b"\x30")
    assert not result.ok and "odd length" in result.message and s.state == "error"


def test_reverse_continue_runs_in_slices_that_stop_can_end():
    s = Session()
    s.load_source(".ORIG x3000\nAND R1, R1, #0\nLOOP ADD R1, R1, #1\nBRnzp LOOP\n.END")
    s.start("run")
    s.run_slice(10.0, max_instructions=300_000)
    s.set_breakpoint_lines([2])
    s.start("reverse")
    s.run_slice(10.0, max_instructions=1000)
    assert s.state == "running"        # not done after a thousand instructions of replay
    s.stop()
    assert s.state == "stopped"
    s.start("step")
    s.run_slice(1.0)
    assert s.state == "paused"         # the next action works from where it stopped


def test_a_program_that_polls_the_keyboard_is_noticed_even_when_it_never_waits():
    # It polls KBSR between timer reads, as a game does: never "waiting for input".
    game = running(""".ORIG x3000
LOOP    LDI R0, KBSR_A
        LDI R1, TMR_A
        BR LOOP
KBSR_A  .FILL xFE00
TMR_A   .FILL xFE08
        .END""")
    assert not game.keyboard_polled
    assert game.run_slice(0.05) == "running" and game.keyboard_polled
    quiet = running(".ORIG x3000\nL ADD R1, R1, #1\nBR L\n.END")
    assert quiet.run_slice(0.05) == "running" and not quiet.keyboard_polled
    game.reset()
    assert not game.keyboard_polled


def test_after_halt_the_view_is_the_programs_halt_line_and_registers():
    s = running(COUNTER)
    assert s.run_slice(1.0) == "halted"
    assert s.take_output().endswith(b"--- Halting the LC-3 ---\n\n")
    view = s.inspect()
    assert view["pc"] == 0x3005 and view["line"] == 7               # HALT
    assert view["registers"]["R1"] == 5 and view["registers"]["R2"] == 0
    assert view["psr"]["user"] and view["stack"] == []
    assert s.take_output() == b""                                  # printed once only
    s.start("continue")                                            # a new run, from boot
    assert s.run_slice(1.0) == "halted" and s.inspect()["pc"] == 0x3005


def test_step_back_after_stepping_over_a_trap_returns_to_its_line_at_once():
    s = Session()
    s.load_source('.ORIG x3000\nLEA R0, M\nPUTS\nADD R1, R1, #1\nHALT\nM .STRINGZ "hi"\n.END')
    s.start("start")
    s.run_slice(1.0)
    assert s.machine.pc == 0x3000
    s.start("step")
    s.run_slice(1.0)
    s.start("over")                                                # PUTS: many OS steps
    s.run_slice(1.0)
    assert s.machine.pc == 0x3002 and s.take_output().startswith(b"hi")
    s.start("back")
    assert s.machine.pc == 0x3001 and s.inspect()["line"] == 3     # the PUTS line
    s.start("back")                                                # then one at a time
    assert s.machine.pc == 0x3000


def test_an_object_file_comes_with_its_disassembly():
    from vmcore import assemble
    obj = assemble('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "Hi"\n.END').to_obj()
    s = Session()
    assert s.load_object(obj).ok
    rows = s.listing()
    assert [r["address"] for r in rows] == list(range(0x3000, 0x3006))
    assert rows[0]["text"].startswith("LEA R0") and rows[1]["text"] == "PUTS"
    assert rows[3]["word"] == ord("H")
