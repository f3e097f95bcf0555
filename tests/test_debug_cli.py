"""`lc3 debug`, driven the way a terminal user types commands."""
from .test_cli import lc3

PROGRAM = """        .ORIG x3000
MAIN    AND R1, R1, #0
        ADD R1, R1, #3
LOOP    JSR TWICE
        ADD R2, R2, #1
        ADD R3, R2, #-2
        BRn LOOP
        LEA R0, MSG
        PUTS
        HALT
TWICE   ADD R1, R1, R1
        RET
MSG     .STRINGZ "bye"
        .END
"""


def session(tmp_path, commands: str, *extra):
    (tmp_path / "p.asm").write_text(PROGRAM)
    r = lc3("debug", "p.asm", *extra, cwd=tmp_path, input=commands)
    assert r.returncode == 0, r.stderr
    lines = [line.removeprefix("(lc3) ") for line in r.stdout.splitlines()]
    assert lines[-1] == ""                # the prompt that quit was typed at
    return lines[:-1]


def test_break_continue_regs_and_stack(tmp_path):
    out = session(tmp_path, "break TWICE\ncontinue\nregs\nstack\nquit\n")
    assert "breakpoint at x3009 (TWICE)" in out
    assert "x3009  TWICE          ADD R1, R1, R1    [breakpoint]" in out
    assert any(l.startswith("R0=x0000  R1=x0003") for l in out)
    assert "#0  TWICE                    call from x3002 (LOOP), returns to x3003" in out


def test_step_next_finish_and_back(tmp_path):
    out = session(tmp_path, "until LOOP\nnext\nstep\nback\nstep 3\nbreak :11\nc\nfinish\n"
                            "back 2\nquit\n")
    assert out[1] == "x3002  LOOP           JSR TWICE"
    assert out[2] == "x3003  LOOP+1         ADD R2, R2, #1"         # next ran TWICE through
    assert out[3] == "x3004  LOOP+2         ADD R3, R2, #-2"
    assert out[4] == "x3003  LOOP+1         ADD R2, R2, #1"         # back one
    assert out[5] == "x3002  LOOP           JSR TWICE"               # round the loop
    assert "x3009  TWICE          ADD R1, R1, R1    [breakpoint]" in out   # line 11
    assert out[-2] == "x3003  LOOP+1         ADD R2, R2, #1"        # finish
    assert out[-1] == "x3009  TWICE          ADD R1, R1, R1"        # back 2: before ADD, RET


def test_program_output_watch_set_and_end(tmp_path):
    out = session(tmp_path, "set R1 x0010\nwatch x4000-x4001\nc\nquit\n")
    assert "R1 = x0010" in out and "watching writes to x4000-x4001" in out
    assert "bye" in out and any(l.endswith("[halted]") for l in out)


def test_reverse_continue_and_errors_are_one_line(tmp_path):
    out = session(tmp_path, "b TWICE\nc\nc\nrc\nregs\nb NOWHERE\nfrobnicate\nquit\n")
    assert out.count("x3009  TWICE          ADD R1, R1, R1    [breakpoint]") == 3
    assert any(l.startswith("R0=x0000  R1=x0003") for l in out)   # back at the first call
    assert "error: 'NOWHERE' is not an address, a number or a label" in out
    assert "unknown command 'frobnicate'; 'help' lists the commands" in out


def test_input_for_a_waiting_program(tmp_path):
    (tmp_path / "e.asm").write_text(".ORIG x3000\nGETC\nOUT\nHALT\n.END\n")
    r = lc3("debug", "e.asm", cwd=tmp_path, input="c\ninput k\nc\nquit\n")
    lines = r.stdout.splitlines()
    assert any("[waiting for input (type: input TEXT)]" in l for l in lines)
    assert any(l.endswith("k") for l in lines) and "[halted]" in lines[-2]


def test_listing_counts_are_capped(tmp_path):
    out = session(tmp_path, "dis x3000 99999999\nmem x3000 99999999\nmem x3000 -1\n"
                            "dis x3000 2\nquit\n")
    assert "error: dis takes a count from 1 to 65,536, not 99999999" in out
    assert "error: mem takes a count from 1 to 65,536, not 99999999" in out
    assert "error: mem takes a count from 1 to 65,536, not -1" in out
    assert "   x3000  x5260  MAIN         AND R1, R1, #0" in out


def test_input_with_a_bad_escape_is_one_line(tmp_path):
    out = session(tmp_path, "input \\u20ac\ninput \\x4\nquit\n")
    assert sum(l.startswith("error: '\\u' at character 1 is not an escape") for l in out) == 1
    assert sum(l.startswith("error: '\\x4' at character 1 is not an escape") for l in out) == 1


def test_back_with_a_negative_count_and_addresses_past_xffff_are_refused(tmp_path):
    out = session(tmp_path, "c\nback -5\nback 0\nset x10000 1\nmem x10000\nstep -2\nquit\n")
    assert "error: back takes a count from 1 to 1,000,000,000, not -5" in out
    assert "error: back takes a count from 1 to 1,000,000,000, not 0" in out
    assert "error: step takes a count from 1 to 1,000,000,000, not -2" in out
    assert out.count("error: x10000 is out of range: addresses and words are x0000 to xFFFF "
                     "(a word may also be #-32768 to #-1)") == 2
