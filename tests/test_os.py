"""Our operating system, observed as a user sees it: console text and where programs stop."""
import sys

import pytest

from vmcore import osbuild
from vmcore.machine import OS_START, Machine, boot_length, os_image

from .conftest import machine_for

BANNER = {2: b"\n\n--- halting the LC-3 ---\n\n", 3: b"\n\n--- Halting the LC-3 ---\n\n"}


def output(source, edition=3, keys=b"", **kw):
    m = machine_for(source, edition, keys, **kw)
    stop = m.run(200_000)
    return m, stop, m.console.take()


@pytest.mark.parametrize("edition", [2, 3])
def test_os_boots_at_x0200_and_starts_the_program_at_its_load_address(edition):
    m = machine_for(".ORIG x4000\nHALT\n.END", edition)
    assert m.pc == OS_START and os_image(edition).segments[0].origin == OS_START
    while m.pc != 0x4000:
        m.step()
    assert m.user_mode == (edition == 3) and m.reg[:6] == [0] * 6


def test_the_prebuilt_os_image_is_current_with_its_source():
    with open(osbuild.IMAGE_FILE, encoding="utf-8") as f:
        assert f.read() == osbuild.image_text(), \
            "vmcore/osimage.py is stale: run `python -m vmcore.osbuild` to rewrite it"


@pytest.mark.parametrize("edition", [2, 3])
def test_without_the_prebuilt_image_the_os_is_assembled_from_its_source(edition, monkeypatch):
    prebuilt, boot = os_image(edition), boot_length(edition)
    monkeypatch.setitem(sys.modules, "vmcore.osimage", None)     # import fails
    os_image.cache_clear()
    boot_length.cache_clear()
    try:
        built = os_image(edition)
        assert built is not prebuilt and built.segments == prebuilt.segments
        assert built.symbols == prebuilt.symbols and built.data == prebuilt.data
        assert boot_length(edition) == boot
        m = machine_for(".ORIG x3000\nHALT\n.END", edition)
        m.run(boot)
        assert m.pc == 0x3000 and m.instructions == boot
    finally:
        os_image.cache_clear()
        boot_length.cache_clear()


def test_the_boot_length_is_the_instructions_before_the_programs_first():
    for edition in (2, 3):
        m = machine_for(".ORIG x3000\nHALT\n.END", edition)
        while m.pc != 0x3000:
            m.step()
        assert m.instructions == boot_length(edition) == Machine(edition).boot_instructions


@pytest.mark.parametrize("edition", [2, 3])
def test_halt_prints_the_reference_banner(edition):
    m, stop, out = output(".ORIG x3000\nHALT\n.END", edition)
    assert stop.reason == "halted" and out == BANNER[edition]


@pytest.mark.parametrize("edition", [2, 3])
def test_getc_out_puts_putsp_in(edition):
    src = """.ORIG x3000
        GETC
        OUT
        LEA R0, S
        PUTS
        LEA R0, P
        PUTSP
        IN
        OUT
        HALT
S       .STRINGZ "hi "
P       .FILL x6261     ; "ab"
        .FILL x0063     ; "c"
        .END"""
    m, stop, out = output(src, edition, b"xy")
    assert out == b"xhi abc\nInput a character> y\ny" + BANNER[edition]


# The console shows exactly what the reference OS of each edition prints; the address and
# what went wrong are the machine's explanation, outside the console.
def test_undefined_trap_prints_lc3tools_words():
    m, stop, out = output(".ORIG x3000\nTRAP x26\n.END")
    assert out == b"\n\n--- Undefined trap executed ---\n\n" + BANNER[3]
    assert m.fault.message == "unknown trap at x3000"


def test_undefined_trap_edition_2_prints_lc3sim_words():
    m, stop, out = output(".ORIG x3000\nADD R0, R0, #0\nTRAP x30\n.END", 2)
    assert out == b"\n\n--- undefined trap executed ---\n\n" + BANNER[2]
    assert m.fault.message == "unknown trap at x3001"


@pytest.mark.parametrize("word,text,explained", [
    ("x8000", b"\n\n--- Privilege violation ---\n\n",
     "privilege mode violation (RTI in user mode) at x3001"),
    ("xD000", b"\n\n--- Illegal opcode ---\n\n", "illegal opcode at x3001"),
])
def test_exceptions_print_lc3tools_words_and_halt(word, text, explained):
    m, stop, out = output(f".ORIG x3000\nADD R0, R0, #0\n.FILL {word}\nHALT\n.END")
    assert stop.reason == "halted" and out == text + BANNER[3]
    assert m.fault.address == 0x3001 and m.fault.message == explained




@pytest.mark.parametrize("edition", [2, 3])
@pytest.mark.parametrize("values", [[1, 2, 3, 4, 5, 6, 7], [-1, -2, -3, -4, -5, 300, -7]])
def test_halt_leaves_every_register_as_the_program_left_it(edition, values):
    """Graders read registers after HALT: the OS's HALT changes none of them (R6 in the
    3rd edition is the supervisor stack's, since the machine stops inside the trap; R7 in
    the 2nd is TRAP's return link)."""
    loads = "\n".join(f"LD R{r}, V{r}" for r in range(8) if r != 6 or edition == 2)
    data = "\n".join(f"V{r} .FILL #{v}" for r, v in enumerate([-9] + values))
    m, stop, out = output(f".ORIG x3000\n{loads}\nHALT\n{data}\n.END", edition)
    assert stop.reason == "halted"
    expect = [v & 0xFFFF for v in [-9] + values]
    if edition == 2:
        expect[7] = 0x3009      # just past the HALT (eight loads, then HALT)
    assert [m.reg[r] for r in range(8) if r != 6 or edition == 2] == \
        [expect[r] for r in range(8) if r != 6 or edition == 2]
