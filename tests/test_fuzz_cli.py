"""The `lc3` command's argument handling fuzzed: random argument lists from its own words,
good and bad files and odd values.  Every run ends with an exit status and, on failure, a
message; never a traceback.  LC3_FUZZ_EXAMPLES=N runs N cases."""
import io
import sys
import time
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from vmcore.cli import main

from .conftest import FUZZ_PHASES, fuzz_examples

FILES = {
    "good.asm": b'.ORIG x3000\nLEA R0, M\nPUTS\nGETC\nHALT\nM .STRINGZ "hi"\n.END\n',
    "bad.asm": b".ORIG x3000\nADD R1, R2\nBR NOWHERE\n.END\n",
    "bom.asm": b"\xef\xbb\xbf.ORIG x3000\nHALT\n.END\n",
    "good.obj": bytes.fromhex("3000f025"),
    "text.obj": b".ORIG x3000\nHALT\n.END\n",
    "odd.obj": b"\x30\x00\x12",
    "empty.obj": b"",
    "good.sym": b"//\tSymbol table\n//\tSTART  3000\n",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli-fuzz")
    for name, data in FILES.items():
        (root / name).write_bytes(data)
    (root / "dir.asm").mkdir()
    return root


WORDS = ["asm", "disasm", "run", "debug", "-o", "--output", "--edition", "--access-control",
         "--input", "--input-file", "--max-steps", "--stats", "--screenshot", "--engine",
         "fast", "interp", "-h", "--nonsense", "2", "3", "4", "0", "-1", "1,000", "1_000",
         "9" * 30, "1" * 5000, "abc", "", "\\x", "\\u20ac", "\\", "y\\n", "\\x41", "\udcff",
         "/dev/null", "/dev/zero", "/nonexistent/x.asm"]
FILE_WORDS = list(FILES) + ["dir.asm", "out.obj", "out.png", "missing.obj"]


@settings(max_examples=fuzz_examples(60), deadline=None, phases=FUZZ_PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(FILE_WORDS).map(
    lambda name: ("file", name))), max_size=7))
def test_any_arguments_end_with_a_status_and_a_message(folder, words):
    argv = [str(folder / w[1]) if isinstance(w, tuple) else w for w in words]
    # Encoded as CPython encodes its own streams, so that arguments that are not UTF-8
    # (which arrive as surrogate escapes) print as they do in a terminal.
    out = io.TextIOWrapper(io.BytesIO(), "utf-8", errors="surrogateescape")
    err = io.TextIOWrapper(io.BytesIO(), "utf-8", errors="backslashreplace")
    saved_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""))
    started = time.perf_counter()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as e:           # argparse's usage errors and --help
                status = e.code
    finally:
        sys.stdin = saved_stdin
    assert time.perf_counter() - started < 5, argv
    err.seek(0)
    message = err.buffer.getvalue().decode("utf-8", errors="replace")
    assert status in (0, 1, 2), (argv, status, message)
    assert "Traceback" not in message
    if status == 1:
        assert message.strip(), argv                 # a failure always says why
