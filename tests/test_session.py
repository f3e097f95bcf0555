from vmcore.devices import VIDEO_WIDTH
from vmcore.session import Session

ECHO = ".ORIG x3000\nGETC\nOUT\nHALT\n.END"


def test_load_run_and_halt():
    s = Session()
    assert s.load_source('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "hi"\n.END').ok
    assert s.run_slice(1.0) == "halted"
    assert s.take_output().startswith(b"hi")


def test_failed_assembly_reports_and_forgets_the_old_program():
    s = Session()
    s.load_source(ECHO)
    result = s.load_source(".ORIG x3000\nBR NOWHERE\n.END")
    assert not result.ok and s.program is None
    assert (s.state, s.message) == ("error", "1 error: line 2: unknown label NOWHERE")
    assert s.run_slice(0.1) == "error"


def test_waits_for_input_then_takes_keys_with_enter_as_newline():
    s = Session()
    s.load_source(ECHO)
    assert s.run_slice(1.0) == "input"
    s.key("\r")
    assert s.state == "running"
    assert s.run_slice(1.0) == "halted" and s.take_output().startswith(b"\n")


def test_a_runaway_loop_yields_at_the_end_of_its_slice():
    s = Session()
    s.load_source(".ORIG x3000\nL BR L\n.END")
    assert s.run_slice(0.05) == "running"
    s.stop()
    assert s.state == "stopped" and s.message.startswith("stopped at x300")


def test_instruction_limit_for_slow_speeds():
    s = Session()
    s.load_source(".ORIG x3000\nL ADD R1, R1, #1\nBR L\n.END")
    s.run_slice(1.0, max_instructions=5000)
    assert s.machine.instructions == 5000


def test_display_rows_come_as_little_endian_words_once():
    s = Session()
    s.load_source(".ORIG x3000\nLD R1, P\nLD R2, C\nSTR R2, R1, #0\nHALT\n"
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
