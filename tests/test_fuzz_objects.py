"""The object reader fuzzed: random bytes, and real object files (lc3as's and LC3Tools') cut,
grown, flipped and spliced.  Out comes a program that loads and runs, or an ObjectFileError
that says why; never another exception.  LC3_FUZZ_EXAMPLES=N runs N cases per test."""
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from vmcore import assemble
from vmcore.machine import Machine
from vmcore.program import LC3TOOLS_MAGIC, ObjectFileError, read_obj, read_sym
from vmcore.session import Session

from .conftest import FUZZ_PHASES, ROOT, fuzz_examples

FUZZ = settings(max_examples=fuzz_examples(60), deadline=None, phases=FUZZ_PHASES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HELLO = assemble((ROOT / "web" / "examples" / "hello.asm").read_text())
TWO_BLOCKS = assemble(".ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ \"a\"\n.END\n"
                      ".ORIG x4000\n.FILL x1234\n.END\n")
OBJECTS = [HELLO.to_obj(), TWO_BLOCKS.to_obj(), b"\x30\x00\xf0\x25",
           LC3TOOLS_MAGIC + b"\x01\x01"]


def check(data: bytes) -> None:
    started = time.perf_counter()
    try:
        program = read_obj(data, "fuzz.obj")
    except ObjectFileError as e:
        message = str(e)
        assert message.startswith("fuzz.obj: ") and len(message) < 300
        program = None
    assert time.perf_counter() - started < 5
    if program is not None:
        machine = Machine()
        machine.load(program)
        machine.keyboard.closed = True
        machine.run(2000)
    session = Session()                       # the page's way in says the same
    result = session.load_object(data, None, "fuzz.obj")
    assert result.ok == (program is not None)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    check(data)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_after_the_lc3tools_header(data):
    check(LC3TOOLS_MAGIC + b"\x01\x01" + data)


@st.composite
def damaged(draw):
    data = bytearray(draw(st.sampled_from(OBJECTS)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "grow", "flip", "splice", "length"]))
        i = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "cut":
            del data[i:]
        elif kind == "grow":
            data[i:i] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "flip" and data:
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "splice":
            data += draw(st.sampled_from(OBJECTS))
        elif kind == "length" and len(data) > i + 4:         # an LC3Tools length field
            data[i:i + 4] = draw(st.integers(0, 0xFFFFFFFF)).to_bytes(4, "little")
    return bytes(data)


@FUZZ
@given(damaged())
def test_damaged_object_files(data):
    check(data)


@FUZZ
@given(st.text(max_size=500))
def test_random_symbol_files(text):
    symbols = read_sym(text)
    assert all(0 <= address <= 0xFFFF for address in symbols.values())
