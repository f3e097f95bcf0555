import os
import subprocess
import sys

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
