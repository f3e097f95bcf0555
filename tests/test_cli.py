import os
import subprocess
import sys

import pytest

from vmcore.cli import main

from .conftest import ROOT


def lc3(*args, cwd=None, input=None):
    """Run the command as a user would, in a separate process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "vmcore", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, input=input)


def test_asm_writes_obj_and_sym_beside_the_source(tmp_path):
    src = tmp_path / "hello.asm"
    src.write_text('.ORIG x3000\nLEA R0, MSG\nPUTS\nHALT\nMSG .STRINGZ "Hi"\n.END\n')
    assert main(["asm", str(src)]) == 0
    assert (tmp_path / "hello.obj").read_bytes() == bytes.fromhex("3000e002f022f02500480069"
                                                                   "0000")
    assert "//\tMSG               3003" in (tmp_path / "hello.sym").read_text()


def test_asm_output_option(tmp_path):
    src = tmp_path / "a.asm"
    src.write_text(".ORIG x3000\nHALT\n.END\n")
    assert main(["asm", str(src), "-o", str(tmp_path / "out.obj")]) == 0
    assert (tmp_path / "out.obj").exists() and (tmp_path / "out.sym").exists()


def test_asm_errors_go_to_stderr_with_location_and_caret(tmp_path):
    src = tmp_path / "bad.asm"
    src.write_text(".ORIG x3000\n  BRz NOWHERE\n  ADD R1, R2\n.END\n")
    r = lc3("asm", "bad.asm", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.splitlines()[:3] == ["bad.asm:2:7: error: unknown label NOWHERE",
                                         "  BRz NOWHERE", "      ^~~~~~~"]
    assert "bad.asm:3:3: error: missing operand" in r.stderr
    assert not (tmp_path / "bad.obj").exists()


def test_asm_warnings_do_not_fail(tmp_path):
    src = tmp_path / "w.asm"
    src.write_text(".ORIG x3000\nAND R1, R1, x1F\nHALT\n.END\n")
    r = lc3("asm", "w.asm", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stderr.startswith("w.asm:2:13: warning: x1F is outside")


def test_asm_missing_file_is_one_line():
    r = lc3("asm", "/nonexistent/x.asm")
    assert r.returncode == 1
    assert r.stderr == "lc3: /nonexistent/x.asm: cannot read: No such file or directory\n"


def test_disasm_uses_labels_from_the_sym_file(tmp_path):
    src = tmp_path / "p.asm"
    src.write_text(".ORIG x3000\nLOOP ADD R1, R1, #-1\nBRp LOOP\nHALT\n.END\n")
    assert main(["asm", str(src)]) == 0
    r = lc3("disasm", str(tmp_path / "p.obj"))
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[1].split() == ["x3000", "x127F", "LOOP", "ADD", "R1,", "R1,", "#-1"]
    assert lines[2].split() == ["x3001", "x03FE", "BRp", "LOOP"]


def test_disasm_rejects_a_malformed_obj(tmp_path):
    (tmp_path / "odd.obj").write_bytes(b"\x30\x00\x12")
    r = lc3("disasm", str(tmp_path / "odd.obj"))
    assert r.returncode == 1 and "odd length (3 bytes)" in r.stderr


HELLO = '.ORIG x3000\nLEA R0, M\nPUTS\nGETC\nOUT\nHALT\nM .STRINGZ "key? "\n.END\n'
BANNER = "\n\n--- Halting the LC-3 ---\n\n"


def test_run_prints_program_output_exactly(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    r = lc3("run", "h.asm", "--input", "q", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "key? q" + BANNER, "")


def test_run_takes_input_from_a_pipe_and_edition_2(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    r = lc3("run", "h.asm", "--edition", "2", cwd=tmp_path, input="z")
    assert r.returncode == 0 and r.stdout == "key? z\n\n--- halting the LC-3 ---\n\n"


def test_run_says_when_input_runs_out(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    r = lc3("run", "h.asm", cwd=tmp_path, input="")
    assert r.returncode == 1 and r.stdout == "key? "
    assert r.stderr == ("lc3: the program is waiting for input, and there is no more\n"
                        "lc3: line 4 (GETC) waits for a key to be typed\n")


def test_run_step_limit_and_stats(tmp_path):
    (tmp_path / "loop.asm").write_text(".ORIG x3000\nL BR L\n.END\n")
    r = lc3("run", "loop.asm", "--max-steps", "100000", "--stats", cwd=tmp_path)
    assert r.returncode == 1
    assert "lc3: stopped after 100,000 instructions (--max-steps 100,000)" in r.stderr
    assert "total instructions: 100,000" in r.stderr and "M instructions/s" in r.stderr


def test_run_reports_an_exception_with_its_address(tmp_path):
    (tmp_path / "bad.asm").write_text(".ORIG x3000\nADD R0, R0, #0\n.FILL xD000\n.END\n")
    r = lc3("run", "bad.asm", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.startswith("\n\n--- Illegal opcode ---\n\n")
    assert r.stderr == ("lc3: illegal opcode at x3001\n"
                        "lc3: line 2 (ADD R0, R0, #0) runs on into the data at line 3 (x3001), "
                        "and the machine executed that data as instructions. Did you forget "
                        "HALT?\n")


def test_run_explains_a_program_without_halt(tmp_path):
    (tmp_path / "nohalt.asm").write_text('.ORIG x3000\nLEA R0, M\nPUTS\nM .STRINGZ "Hi"\n.END\n')
    r = lc3("run", "nohalt.asm", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "lc3: privilege mode violation (RTI in user mode) at xFE04",
        "lc3: the program ran past its end: after line 3 (PUTS) the machine went on executing "
        "whatever came next in memory, up to xFE04. Did you forget HALT?"]


def test_run_explains_a_ret_that_lost_r7_when_the_step_limit_stops_it(tmp_path):
    (tmp_path / "r7.asm").write_text(".ORIG x3000\nJSR A\nHALT\nA JSR B\nRET\nB RET\n.END\n")
    r = lc3("run", "r7.asm", "--max-steps", "5000", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[1].startswith(
        "lc3: the RET at line 5 (x3003) returns to x3003, just after the JSR B at line 4 "
        "(x3002), not to its caller")


def test_run_access_control(tmp_path):
    (tmp_path / "acv.asm").write_text(".ORIG x3000\nLDI R0, K\nHALT\nK .FILL xFE00\n.END\n")
    assert lc3("run", "acv.asm", "--input", "", cwd=tmp_path).returncode == 0
    r = lc3("run", "acv.asm", "--access-control", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr == "lc3: access control violation at x3000\n"


def test_run_assembles_first_and_shows_diagnostics(tmp_path):
    (tmp_path / "e.asm").write_text(".ORIG x3000\nBR NOWHERE\n.END\n")
    r = lc3("run", "e.asm", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.startswith("e.asm:2:4: error: unknown label NOWHERE")


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"), (b"\x30\x00\x10", "odd length (3 bytes)"),
    (b"\xff\xff\x00\x01\x00\x02", "2 words loaded at xFFFF run past the end of memory"),
])
def test_run_rejects_malformed_object_files(tmp_path, content, message):
    (tmp_path / "x.obj").write_bytes(content)
    r = lc3("run", "x.obj", cwd=tmp_path)
    assert r.returncode == 1 and message in r.stderr and len(r.stderr.splitlines()) == 1


def test_run_screenshot_writes_the_display_as_png(tmp_path):
    from vmcore.png import decode_png_rgb
    (tmp_path / "d.asm").write_text(".ORIG x3000\nLD R1, P\nLD R2, C\nSTR R2, R1, #0\nHALT\n"
                                    "P .FILL xC102\nC .FILL x7C00\n.END\n")   # (2, 2) red
    r = lc3("run", "d.asm", "--screenshot", "s.png", cwd=tmp_path)
    assert r.returncode == 0
    width, height, rgb = decode_png_rgb((tmp_path / "s.png").read_bytes())
    assert (width, height) == (128, 124)
    assert rgb[(2 * 128 + 2) * 3:(2 * 128 + 2) * 3 + 3] == bytes((255, 0, 0))
    assert rgb[:3] == bytes((0, 0, 0))


def test_run_engine_interp_gives_the_same_output(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    r = lc3("run", "h.asm", "--engine", "interp", "--input", "q", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "key? q" + BANNER


COUNTS_WHILE_WAITING = """.ORIG x3000
LOOP    LDI R1, PKBSR
        BRn GOT
        LD R0, DOT
        OUT                 ; a dot for every turn without a key
        BRnzp LOOP
GOT     LDI R0, PKBDR
        OUT
        ADD R3, R3, #1
        ADD R4, R3, #-2
        BRn LOOP
        HALT
PKBSR   .FILL xFE00
PKBDR   .FILL xFE02
DOT     .FILL x2E
.END
"""


@pytest.mark.parametrize("engine", ["fast", "interp"])
def test_run_key_delay_feeds_keys_as_lc3tools_graders_do(tmp_path, engine):
    """A turn without a key is 13 instructions (OUT is 9 of them), so the polls are at
    instructions 1, 14, 27, ...: key 0, there after 200, is seen by the 17th (at 209),
    after 16 dots; taking it is 15 instructions, and key 1, there after 401, is seen 14
    turns later."""
    (tmp_path / "count.asm").write_text(COUNTS_WHILE_WAITING)
    r = lc3("run", "count.asm", "--input", "ab", "--key-delay", "200", "--engine", engine,
            cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "." * 16 + "a" + "." * 14 + "b" + "\n\n--- Halting the LC-3 ---\n\n"
    r = lc3("run", "count.asm", "--input", "ab", cwd=tmp_path)
    assert r.stdout.startswith("ab\n")
    r = lc3("run", "count.asm", "--input", "ab", "--key-delay", "-1", cwd=tmp_path)
    assert r.returncode == 2 and "--key-delay: must be zero or more" in r.stderr


# -- bad input: a clear message, never a traceback, a hang or all the memory ----------------
def test_asm_with_a_huge_literal_prints_a_diagnostic_not_a_traceback(tmp_path):
    (tmp_path / "big.asm").write_text(".ORIG x3000\nADD R0, R0, #" + "7" * 4301 + "\n.END\n")
    r = lc3("asm", "big.asm", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("big.asm:2:13: error: #777777777777777…77777777 (4,302 "
                               "characters) is out of range")


def test_many_diagnostics_print_quickly_and_stop_after_a_thousand(tmp_path, capsys):
    import time
    (tmp_path / "many.asm").write_text(".ORIG x3000\n" + "BR NOWHERE\n" * 50_000 + ".END\n")
    started = time.perf_counter()
    assert main(["asm", str(tmp_path / "many.asm")]) == 1
    assert time.perf_counter() - started < 10
    err = capsys.readouterr().err.splitlines()
    assert err.count("BR NOWHERE") == 1000
    assert err[-2:] == ["... and 49,000 more not shown (49,000 errors)",
                        f"lc3: {tmp_path / 'many.asm'}: 50000 errors; nothing was written"]


def test_a_byte_order_mark_at_the_start_of_a_file_is_accepted(tmp_path):
    (tmp_path / "bom.asm").write_bytes(b"\xef\xbb\xbf.ORIG x3000\nHALT\n.END\n")
    r = lc3("asm", "bom.asm", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (0, "")
    assert (tmp_path / "bom.obj").read_bytes() == bytes.fromhex("3000f025")


def test_run_with_stdin_closed_runs_without_keys(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(["sh", "-c", f"exec '{sys.executable}' -m vmcore run h.asm <&-"],
                       capture_output=True, text=True, cwd=tmp_path, env=env)
    assert (r.returncode, r.stdout) == (1, "key? ")
    assert r.stderr.startswith("lc3: the program is waiting for input, and there is no more\n")


def test_debug_with_stdin_closed_says_so(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(["sh", "-c", f"exec '{sys.executable}' -m vmcore debug h.asm <&-"],
                       capture_output=True, text=True, cwd=tmp_path, env=env)
    assert r.returncode == 1
    assert r.stderr == "lc3: lc3 debug reads its commands from standard input, which is closed\n"


def test_input_escapes_take_hex_bytes(tmp_path):
    (tmp_path / "h.asm").write_text(HELLO)
    r = lc3("run", "h.asm", "--input", "\\x41", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "key? A" + BANNER)


@pytest.mark.parametrize("command", ["run", "debug"])
@pytest.mark.parametrize("text,shown", [("\\x", "\\x"), ("ab\\", "\\"), ("\\u20ac", "\\u"),
                                        ("\\xZZ", "\\xZZ")])
def test_input_with_an_unknown_escape_says_which_are_accepted(tmp_path, command, text, shown):
    (tmp_path / "h.asm").write_text(HELLO)
    r = lc3(command, "h.asm", "--input", text, cwd=tmp_path, input="quit\n")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"lc3: --input: '{shown}' at character ")
    assert "a key is one byte" in r.stderr and "\\n" in r.stderr and "\\xHH" in r.stderr
    assert len(r.stderr.splitlines()) == 1


def test_a_text_file_given_as_obj_is_recognised_as_source(tmp_path):
    (tmp_path / "prog.obj").write_text(HELLO)
    r = lc3("run", "prog.obj", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == ("lc3: prog.obj: this looks like assembly source, not an object file: "
                        "use the .asm name\n")


def test_a_huge_obj_is_refused_before_it_is_read_whole(tmp_path):
    import resource
    big = tmp_path / "big.obj"
    with open(big, "wb") as f:
        f.truncate(100_000_000)
    # The peak of this process's own memory: VmHWM where Linux gives it, since ru_maxrss
    # also counts the parent's (pytest's) memory at the fork.
    code = ("import resource, sys\nfrom vmcore.cli import main\nrc = main(['run', sys.argv[1]])\n"
            "try:\n    peak = int(next(line.split()[1] for line in open('/proc/self/status')\n"
            "                    if line.startswith('VmHWM:')))\n"
            "except OSError:\n    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "print(peak)\nsys.exit(rc)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True,
                       env=env)
    assert r.returncode == 1
    assert r.stderr == f"lc3: {big}: too large for an object file, which is at most 16 MB\n"
    assert int(r.stdout) < 200_000           # kilobytes: nothing near the file's size
    del resource


def test_run_dev_zero_is_refused(tmp_path):
    r = lc3("run", "/dev/zero")
    assert r.returncode == 1
    assert r.stderr == "lc3: /dev/zero: too large for an object file, which is at most 16 MB\n"


def test_a_source_over_two_megabytes_is_refused(tmp_path):
    (tmp_path / "huge.asm").write_text(".ORIG x3000\n" + "ADD R0, R0, #1\n" * 200_000 + ".END\n")
    r = lc3("asm", "huge.asm", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == "lc3: huge.asm: too large for a source, which is at most 2 MB\n"


def test_sigterm_during_an_interactive_run_restores_the_terminal(tmp_path):
    import pty
    import signal
    import termios
    import time
    (tmp_path / "wait.asm").write_text(".ORIG x3000\nGETC\nHALT\n.END\n")
    master, slave = pty.openpty()
    try:
        before = termios.tcgetattr(slave)
        assert before[3] & termios.ECHO and before[3] & termios.ICANON
        for signum in (signal.SIGTERM, signal.SIGHUP):
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            proc = subprocess.Popen([sys.executable, "-m", "vmcore", "run", "wait.asm"],
                                    stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                                    cwd=tmp_path, env=env)
            deadline = time.monotonic() + 20
            while termios.tcgetattr(slave)[3] & termios.ECHO:       # wait for raw mode
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.01)
            proc.send_signal(signum)
            _, err = proc.communicate(timeout=20)
            assert proc.returncode == 128 + signum
            assert err.decode().strip().startswith(
                f"lc3: terminated by {signal.Signals(signum).name} at x")
            assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)
