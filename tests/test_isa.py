from vmcore import isa


def test_every_word_has_at_most_one_written_form():
    for word in range(0x10000):
        assert sum(f.matches(word) for f in isa.FORMS) <= 1 or word >> 12 == isa.OP_BR


def test_fields_sign_extend_offsets_and_immediates():
    assert isa.fields(0x127F) == (1, 1, -1)        # ADD R1, R1, #-1
    assert isa.fields(0x0FFA) == (-6,)             # BRnzp #-6
    assert isa.fields(0xF025) == (0x25,)           # TRAP x25 is unsigned


def test_machine_decoding_ignores_dont_care_bits():
    # NOT with its low bits clear still executes as NOT; the hardware does not look at them.
    assert isa.execution_form(0x9040).mnemonic == "NOT"
    assert isa.form_of(0x9040) is None
    assert isa.execution_form(0xD000) is None      # reserved opcode


def test_aliases_are_the_textbook_trap_vectors():
    assert isa.TRAP_NAMES == {0x20: "GETC", 0x21: "OUT", 0x22: "PUTS", 0x23: "IN",
                              0x24: "PUTSP", 0x25: "HALT"}
    assert isa.ALIASES["RET"] == 0xC1C0
