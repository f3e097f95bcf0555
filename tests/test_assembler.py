import pytest
from hypothesis import given, settings, strategies as st

from vmcore import AssemblyError, assemble

from .conftest import CONFORMANCE, shared_file


def words(body: str, origin: str = "x3000") -> list[int]:
    return assemble(f".ORIG {origin}\n{body}\n.END\n").segments[0].words


def errors(source: str) -> list[tuple[int, int, str]]:
    with pytest.raises(AssemblyError) as e:
        assemble(source)
    return [(d.line, d.column, d.message) for d in e.value.errors]


def warnings(source: str) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in assemble(source).warnings]


# -- every instruction form -----------------------------------------------------------------
@pytest.mark.parametrize("text,word", [
    ("ADD R1, R2, R3", 0x1283), ("ADD R7, R0, #-16", 0x1E30), ("ADD R0, R0, #15", 0x102F),
    ("AND R1, R2, R3", 0x5283), ("AND R4, R4, #0", 0x5920),
    ("NOT R2, R5", 0x957F),
    ("JMP R3", 0xC0C0), ("RET", 0xC1C0), ("JSRR R4", 0x4100), ("JSR #-1", 0x4FFF),
    ("LD R1, #5", 0x2205), ("LDI R2, #-1", 0xA5FF), ("LEA R3, #0", 0xE600),
    ("ST R4, #255", 0x38FF), ("STI R5, #-256", 0xBB00),
    ("LDR R1, R2, #-32", 0x62A0), ("STR R6, R7, #31", 0x7DDF),
    ("RTI", 0x8000), ("TRAP x25", 0xF025), ("TRAP #255", 0xF0FF),
    ("GETC", 0xF020), ("OUT", 0xF021), ("PUTS", 0xF022), ("IN", 0xF023), ("PUTSP", 0xF024),
    ("HALT", 0xF025),
    ("BRn #1", 0x0801), ("BRz #1", 0x0401), ("BRp #1", 0x0201), ("BRnz #1", 0x0C01),
    ("BRnp #1", 0x0A01), ("BRzp #1", 0x0601), ("BRnzp #1", 0x0E01), ("BR #1", 0x0E01),
])
def test_instruction_forms(text, word):
    assert words(text) == [word]


def test_pc_relative_labels_forward_and_back():
    assert words("""
TOP     ADD R0, R0, #1
        BRp TOP
        JSR SUB
        LD R1, DATA
        HALT
SUB     RET
DATA    .FILL #7""") == [0x1021, 0x03FE, 0x4802, 0x2202, 0xF025, 0xC1C0, 7]


def test_case_insensitive_mnemonics_registers_and_labels():
    assert words("loop add r1, R1, #1\n brnzp LOOP\n Ld r2, Loop") == [0x1261, 0x0FFE, 0x25FD]


def test_label_colons_and_several_labels():
    program = assemble(".ORIG x3000\nA: B:\nC ADD R0,R0,#0\n.END")
    assert program.symbols == {"A": 0x3000, "B": 0x3000, "C": 0x3000}
    assert assemble(".ORIG x3000\nADD: HALT\n BR ADD\n.END").segments[0].words == [0xF025, 0x0FFE]


# -- directives and numbers -----------------------------------------------------------------
def test_fill_numbers_and_labels():
    assert words(".FILL #-1\n.FILL 300\n.FILL xBEEF\n.FILL xbeef\n.FILL x-1\n.FILL b101\n"
                 "L .FILL L") == [0xFFFF, 300, 0xBEEF, 0xBEEF, 0xFFFF, 5, 0x3006]


def test_blkw_reserves_zeroed_words_and_moves_labels():
    program = assemble(".ORIG x3000\nA .BLKW 3\nB .FILL #9\n.END")
    assert program.segments[0].words == [0, 0, 0, 9]
    assert program.symbols == {"A": 0x3000, "B": 0x3003}


def test_stringz_escapes_and_terminator():
    assert words(r'.STRINGZ "a\n\t\"\\\e"') == [97, 10, 9, 34, 92, 27, 0]
    assert words('.STRINGZ ""') == [0]
    assert words('.STRINGZ "a;b"') == [97, 59, 98, 0]


def test_several_orig_blocks_are_several_segments():
    program = assemble(".ORIG x3000\nHALT\n.END\n\n.ORIG x4000\nX .FILL #1\n.END\n")
    assert [(s.origin, s.words) for s in program.segments] == [(0x3000, [0xF025]),
                                                               (0x4000, [1])]
    assert program.symbols == {"X": 0x4000}


def test_source_map_gives_each_word_its_line():
    program = assemble(".ORIG x3000\n\nADD R0,R0,#1\n.STRINGZ \"ab\"\n.END")
    assert program.source_map == {0x3000: 3, 0x3001: 4, 0x3002: 4, 0x3003: 4}


# -- lc3as's quiet surprises: same words, with a warning ------------------------------------
def test_wrapped_immediate_keeps_lc3as_encoding_with_a_warning():
    source = ".ORIG x3000\nAND R1, R1, x001F\nLDR R0, R1, #32\n.END"
    assert assemble(source).segments[0].words == [0x527F, 0x6060]
    assert [w[:2] for w in warnings(source)] == [(2, 13), (3, 13)]
    assert "wraps to #-1" in warnings(source)[0][2]


def test_hex_looking_operand_is_a_number_even_when_a_label_has_that_name():
    source = ".ORIG x3000\nLD R0, XA\nXA .FILL #1\n.END"
    assert assemble(source).segments[0].words == [0x200A, 1]
    assert warnings(source) == [(2, 8, "XA is read as the number x000A, not as the label XA "
                                       "(lc3as reads it so); rename the label")]


def test_lone_unknown_word_is_a_label_with_a_warning():
    source = ".ORIG x3000\nPUTC\nHALT\n.END"
    program = assemble(source)
    assert program.segments[0].words == [0xF025] and program.symbols == {"PUTC": 0x3000}
    assert warnings(source) == [(2, 1, "'PUTC' is not an LC-3 instruction; it is taken as a "
                                       "label, as lc3as does (did you mean OUT?)")]


def test_stringz_with_two_strings_keeps_the_last():
    source = '.ORIG x3000\n.STRINGZ "ab","cd"\n.END'
    assert assemble(source).segments[0].words == [99, 100, 0]
    assert warnings(source)[0][:2] == (2, 10)


def test_text_after_end_is_ignored_with_a_warning():
    source = ".ORIG x3000\nHALT\n.END\nthis is ignored\n"
    assert assemble(source).segments[0].words == [0xF025]
    assert warnings(source)[0][:2] == (4, 1)


# -- errors: every one found, each at its place ---------------------------------------------
def test_unknown_label():
    assert errors(".ORIG x3000\nBRz DONE\nHALT\n.END") == [(2, 5, "unknown label DONE")]


def test_unknown_label_suggests_a_near_one():
    assert errors(".ORIG x3000\nLOOP BR LOPO\n.END")[0][2] == \
        "unknown label LOPO (did you mean LOOP?)"


def test_duplicate_label():
    assert errors(".ORIG x3000\nX HALT\nx HALT\n.END") == \
        [(3, 1, "label x is already defined on line 2")]


def test_operand_out_of_range():
    assert errors(".ORIG x3000\nADD R0, R0, #32\n.END") == \
        [(2, 13, "#32 is out of range: a 5-bit immediate holds -16..15")]


def test_label_out_of_reach():
    (line, col, msg), = errors(".ORIG x3000\nBR FAR\n.BLKW 300\nFAR HALT\n.END")
    assert (line, col) == (2, 4) and msg.startswith("label FAR is +300 words away")


def test_missing_orig_and_missing_end():
    assert errors("ADD R0, R0, #1\n")[0][:2] == (1, 1)
    assert "before .ORIG" in errors("ADD R0, R0, #1\n")[0][2]
    assert errors(".ORIG x3000\nHALT\n") == [(2, 1, "no .END found: the program must end "
                                                    "with .END")]


def test_bad_register():
    assert errors(".ORIG x3000\nADD R8, R1, R2\n.END") == \
        [(2, 5, "expected a register R0-R7, found 'R8'")]


def test_unterminated_string():
    assert errors('.ORIG x3000\n.STRINGZ "abc\n.END') == \
        [(2, 10, 'unterminated string: add the closing "')]


def test_all_errors_are_reported_not_just_the_first():
    found = errors(".ORIG x3000\nADD R9, R0, #1\nBR NOWHERE\nFOO R1, R2\nLD R0\n.END")
    assert [e[0] for e in found] == [2, 3, 4, 5]
    assert found[2][2] == "unknown instruction 'FOO'"
    assert found[3][2].startswith("missing operand")


def test_misordered_branch_conditions_are_an_error():
    assert errors(".ORIG x3000\nL BRzn L\n.END")[0] == \
        (2, 3, "BRzn: write the conditions in the order n, z, p (BRnz)")


def test_error_formats_with_file_line_column_and_caret():
    with pytest.raises(AssemblyError) as e:
        assemble(".ORIG x3000\n  ADD R0, R0, #99\n.END", "prog.asm")
    text = e.value.diagnostics[0].format("prog.asm", ".ORIG x3000\n  ADD R0, R0, #99\n.END")
    assert text.splitlines() == ["prog.asm:2:15: error: #99 is out of range: a 5-bit "
                                 "immediate holds -16..15",
                                 "  ADD R0, R0, #99", "              ^~~"]


_PIECES = st.sampled_from(list(' \t\n,;:"#\\.-xXbBrR0123456789abzpnADLORIGENTF')
                         + [".ORIG", ".END", ".FILL", ".STRINGZ", ".BLKW", "ADD", "BR", "LD",
                            "x3000", "R1", "LABEL", "\n.ORIG x3000\n", "\n.END\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_any_text_gives_a_program_or_an_assembly_error(text):
    try:
        assemble(text)
    except AssemblyError as e:
        assert e.errors and all(d.line >= 1 and d.column >= 1 for d in e.diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises_anything_else(text):
    try:
        assemble(".ORIG x3000\n" + text + "\n.END")
    except AssemblyError:
        pass


# -- conformance: lc3as's own output, byte for byte -------------------------------------------
CONFORMANCE_NAMES = sorted(p.stem for p in (CONFORMANCE / "programs").glob("*.asm")) \
    if CONFORMANCE.exists() else ["(missing)"]


@pytest.mark.parametrize("name", CONFORMANCE_NAMES)
def test_obj_and_sym_match_lc3as_byte_for_byte(name):
    asm = shared_file(CONFORMANCE / "programs" / f"{name}.asm")
    program = assemble(asm.read_text(), str(asm))
    assert program.to_obj() == (CONFORMANCE / "expected" / f"{name}.obj").read_bytes()
    assert program.to_sym() == (CONFORMANCE / "expected" / f"{name}.sym").read_text()
    assert program.warnings == []


# -- bad input gets a diagnostic, never an exception ------------------------------------------
def test_a_huge_decimal_literal_is_an_ordinary_error():
    (line, col, msg), = errors(".ORIG x3000\nADD R0, R0, #" + "7" * 5000 + "\n.END")
    assert (line, col) == (2, 13)
    assert "out of range" in msg and len(msg) < 200          # the number is not repeated whole


@pytest.mark.parametrize("literal", ["x" + "F" * 5000, "b" + "1" * 5000, "#-" + "9" * 5000])
def test_huge_literals_of_every_base_are_errors(literal):
    (line, col, msg), = errors(f".ORIG x3000\n.FILL {literal}\n.END")
    assert (line, col) == (2, 7) and len(msg) < 200


def test_a_lone_surrogate_in_a_string_is_an_error_at_its_column():
    (line, col, msg), = errors('.ORIG x3000\nS .STRINGZ "ab\ud800"\nHALT\n.END')
    assert (line, col) == (2, 15)
    assert "U+D800" in msg and "\ud800" not in msg


def test_a_lone_surrogate_anywhere_is_an_error():
    (line, col, msg), = errors(".ORIG x3000\nHALT ; \udfff\n.END")
    assert (line, col) == (2, 8) and "U+DFFF" in msg


def test_a_byte_order_mark_is_accepted():
    program = assemble("\ufeff.ORIG x3000\nHALT\n.END\n")
    assert program.segments[0].words == [0xF025] and not program.warnings


def test_blkw_past_the_end_of_memory_says_where_it_would_end():
    (line, col, msg), = errors(".ORIG xA000\n.BLKW #40000\n.END")
    assert (line, col) == (2, 7)
    assert msg == ".BLKW #40000 at xA000 runs past xFFFF: the block would end at x13C3F"


def test_blkw_of_more_than_32767_words_fits_where_there_is_room():
    program = assemble(".ORIG x3000\n.BLKW #40000\nHALT\n.END")
    assert len(program.segments[0].words) == 40001


def test_a_negative_blkw_count_is_still_refused():
    (_, _, msg), = errors(".ORIG x3000\n.BLKW #-3\n.END")
    assert msg == ".BLKW needs a count of zero or more"


def test_a_source_over_the_size_limit_is_refused_at_once():
    import time
    from vmcore.assembler import MAX_SOURCE_CHARS
    source = ".ORIG x3000\n" + "ADD R0, R0, #1\n" * (MAX_SOURCE_CHARS // 15 + 1) + ".END\n"
    started = time.perf_counter()
    (line, col, msg), = errors(source)
    assert time.perf_counter() - started < 0.5
    assert (line, col) == (1, 1)
    assert msg == (f"the source has {len(source):,} characters; the assembler takes at most "
                   "2,000,000 (2 MB): split it into smaller programs")


def test_many_errors_are_reported_in_linear_time():
    import time
    source = ".ORIG x3000\n" + "BR NOWHERE\n" * 40000 + ".END\n"
    started = time.perf_counter()
    with pytest.raises(AssemblyError) as e:
        assemble(source)
    assert len(e.value.errors) == 40000
    assert time.perf_counter() - started < 5


def test_the_garbage_collector_is_paused_while_assembling_and_put_back_as_it_was():
    import gc
    seen = []

    class Probe(str):            # a source whose reading records the collector's state
        def split(self, *args):
            seen.append(gc.isenabled())
            return str.split(self, *args)

    assert gc.isenabled()
    assemble(Probe(".ORIG x3000\nHALT\n.END"))
    with pytest.raises(AssemblyError):
        assemble(Probe(".ORIG x3000\nADD R1\n.END"))
    assert gc.isenabled() and seen == [False, False]
    gc.disable()
    try:
        assemble(".ORIG x3000\nHALT\n.END")
        assert not gc.isenabled()            # left off, as it was
    finally:
        gc.enable()
