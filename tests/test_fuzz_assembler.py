"""The assembler fuzzed: random bytes, and the examples and conformance programs mutated
(tokens deleted, duplicated and swapped, huge numbers, unicode, NUL bytes, very long lines).
Whatever comes in, out comes a program or diagnostics with a line and a column, in well under
a few seconds; never an exception.  LC3_FUZZ_EXAMPLES=N runs N cases per test."""
import re
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from vmcore import AssemblyError, assemble
from vmcore.diagnostics import format_all
from vmcore.disassembler import disassemble
from vmcore.machine import Machine

from .conftest import CONFORMANCE, FUZZ_PHASES, ROOT, fuzz_examples

CORPUS = sorted((ROOT / "web" / "examples").glob("*.asm")) + \
    sorted((CONFORMANCE / "programs").glob("*.asm"))
SOURCES = [path.read_text(encoding="utf-8") for path in CORPUS]
PIECES = re.compile(r"\s+|[^\s,]+|,")
ODD_TEXT = ["\x00", "\ud800", "\udfff", "€", "\u202e", "𝄞", "\ufeff", "\r", "\t", "\"", "\\",
            ";", ":", ",", ".ORIG", ".END", ".BLKW", "x", "#", "-", "b", "R8", "é", "\x7f"]
FUZZ = settings(max_examples=fuzz_examples(60), deadline=None, phases=FUZZ_PHASES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check(source: str) -> None:
    """The property: a program or diagnostics, quickly; and a program runs a while."""
    started = time.perf_counter()
    try:
        program = assemble(source, "fuzz.asm")
    except AssemblyError as e:
        diagnostics, program = e.diagnostics, None
        assert e.errors
    else:
        diagnostics = program.warnings
    assert time.perf_counter() - started < 5, "assembling took more than 5 s"
    lines = source.count("\n") + 1
    for d in diagnostics:
        assert 1 <= d.line <= lines and d.column >= 1, d
        assert len(d.message) < 400, d.message
        d.message.encode("utf-8")            # no lone surrogate: the page can show it
    format_all(diagnostics, "fuzz.asm", source)
    if program is not None:
        for seg in program.segments:
            assert 0 <= seg.origin and seg.end <= 0x10000
            list(disassemble(seg.words[:200], seg.origin, program.symbols))
        machine = Machine()
        machine.load(program)
        machine.keyboard.closed = True
        machine.run(5000)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    check(data.decode("utf-8", errors="surrogateescape"))


@FUZZ
@given(st.lists(st.sampled_from(ODD_TEXT + list("ADDRLEAHLT0123456789 \n")), max_size=300))
def test_random_text_from_the_assembler_s_alphabet(pieces):
    check("".join(pieces))


@st.composite
def mutated(draw):
    pieces = PIECES.findall(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 6))):
        if not pieces:
            break
        i = draw(st.integers(0, len(pieces) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "huge", "unicode",
                                     "long line", "nul"]))
        if kind == "delete":
            del pieces[i]
        elif kind == "duplicate":
            pieces.insert(i, pieces[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(pieces) - 1))
            pieces[i], pieces[j] = pieces[j], pieces[i]
        elif kind == "huge":
            digits = draw(st.integers(5, 6000))
            pieces[i] = draw(st.sampled_from(["#", "", "#-", "x", "x-", "b"])) + \
                draw(st.sampled_from("19F")) * digits
        elif kind == "unicode":
            pieces.insert(i, "".join(draw(st.lists(st.sampled_from(ODD_TEXT), min_size=1,
                                                   max_size=4))))
        elif kind == "long line":
            pieces[i] = " ".join([pieces[i]] * draw(st.integers(100, 20000)))
        else:
            pieces.insert(i, "\x00" * draw(st.integers(1, 3)))
    return "".join(pieces)


@FUZZ
@given(mutated())
def test_mutated_examples_and_conformance_programs(source):
    check(source)


def test_the_corpus_is_there():
    assert len(CORPUS) >= 10
