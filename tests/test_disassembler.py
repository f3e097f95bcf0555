from vmcore import assemble
from vmcore.disassembler import disassemble, disassemble_word


def test_every_word_round_trips_through_the_assembler():
    """Assembling the disassembly gives back the word, whatever the word and its address."""
    lines = [".ORIG x0000"] + [disassemble_word(w, w) for w in range(0x10000)] + [".END"]
    words = assemble("\n".join(lines)).segments[0].words
    assert words == list(range(0x10000))


def test_round_trip_at_the_top_of_memory_wraps_targets():
    for w in (0x0FFF, 0x0E00, 0x47FF, 0x4C00, 0x21FF, 0xE100):
        text = disassemble_word(w, 0xFFF0)
        assert assemble(f".ORIG xFFF0\n{text}\n.END").segments[0].words == [w], text


def test_instructions_read_as_written():
    assert disassemble_word(0x1261) == "ADD R1, R1, #1"
    assert disassemble_word(0x5020) == "AND R0, R0, #0"
    assert disassemble_word(0x0402, 0x3000) == "BRz #2"
    assert disassemble_word(0x0E00) == "BR #0"
    assert disassemble_word(0xC1C0) == "RET"
    assert disassemble_word(0xF025) == "HALT"
    assert disassemble_word(0xF026) == "TRAP x26"
    assert disassemble_word(0x8000) == "RTI"
    assert disassemble_word(0xD123) == ".FILL xD123"      # reserved opcode
    assert disassemble_word(0x1218) == ".FILL x1218"      # stray bits in ADD's unused field
    assert disassemble_word(0x0123) == ".FILL x0123"      # BR with no condition


def test_labels_from_the_symbol_table_replace_offsets():
    program = assemble(""".ORIG x3000
LOOP    ADD R1, R1, #-1
        BRp LOOP
        LEA R0, MSG
        HALT
MSG     .STRINGZ "ok"
        .END""")
    lines = disassemble(program.segments[0].words, 0x3000, program.symbols)
    assert [l.text for l in lines[:4]] == ["ADD R1, R1, #-1", "BRp LOOP", "LEA R0, MSG", "HALT"]
    assert lines[0].label == "LOOP" and lines[4].label == "MSG"
    assert "x3000  x127F  LOOP" in lines[0].format()


def test_unlabelled_targets_are_given_in_a_comment():
    line = disassemble([0x0402], 0x3000)[0]
    assert line.text == "BRz #2" and line.format().endswith("; x3003")
