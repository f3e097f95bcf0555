"""The one description of the LC-3 instruction set.

Every instruction form is a row of FORMS: its mnemonic, the bits that are fixed, and the
operand fields with their kind and position.  The assembler encodes from these rows, the
disassembler matches words against them, and the machine and the engine decode through
`fields()` and the opcode constants, so an encoding is written down in exactly one place.
"""
from __future__ import annotations

from collections import namedtuple
from enum import Enum
from functools import lru_cache

# Opcodes (bits 15:12), named as in the textbook.
OP_BR, OP_ADD, OP_LD, OP_ST, OP_JSR, OP_AND, OP_LDR, OP_STR = range(8)
OP_RTI, OP_NOT, OP_LDI, OP_STI, OP_JMP, OP_RES, OP_LEA, OP_TRAP = range(8, 16)

OPCODE_NAMES = ("BR", "ADD", "LD", "ST", "JSR", "AND", "LDR", "STR",
                "RTI", "NOT", "LDI", "STI", "JMP", "reserved", "LEA", "TRAP")


class Kind(Enum):
    """What an operand field holds, which decides how it is written in assembly."""
    REG = "register"
    IMM = "immediate"          # signed, two's complement
    PCOFFSET = "PC offset"     # signed, relative to the incremented PC; a label in assembly
    TRAPVECT = "trap vector"   # unsigned


# Field and Form are named tuples rather than dataclasses: the machine imports this module,
# and importing dataclasses would add milliseconds to every start of the `lc3` command.
class Field(namedtuple("Field", "kind lo width")):
    """An operand field: its kind, lowest bit and width."""
    __slots__ = ()

    @property
    def mask(self) -> int:
        return ((1 << self.width) - 1) << self.lo

    def get(self, word: int) -> int:
        """The field's value from an instruction word, sign-extended where it is signed."""
        v = (word >> self.lo) & ((1 << self.width) - 1)
        if self.kind in (Kind.IMM, Kind.PCOFFSET) and v >> (self.width - 1):
            v -= 1 << self.width
        return v

    def put(self, value: int) -> int:
        return (value & ((1 << self.width) - 1)) << self.lo


R9, R6, R0 = Field(Kind.REG, 9, 3), Field(Kind.REG, 6, 3), Field(Kind.REG, 0, 3)
IMM5, OFF6 = Field(Kind.IMM, 0, 5), Field(Kind.IMM, 0, 6)
PC9, PC11 = Field(Kind.PCOFFSET, 0, 9), Field(Kind.PCOFFSET, 0, 11)
VECT8 = Field(Kind.TRAPVECT, 0, 8)
NZP = Field(Kind.TRAPVECT, 9, 3)   # BR's condition mask; written as the mnemonic's suffix


class Form(namedtuple("Form", "mnemonic opcode fixed match operands sets_cc",
                      defaults=(False,))):
    """One way of writing an instruction: `match` is the value of the bits in `fixed`;
    `operands` are Fields."""
    __slots__ = ()

    def encode(self, values: list[int]) -> int:
        word = self.match
        for f, v in zip(self.operands, values):
            word |= f.put(v)
        return word

    def matches(self, word: int) -> bool:
        return word & self.fixed == self.match


# Every bit not covered by an operand is fixed: a word with a stray bit set in an unused
# field is not one of these forms (the disassembler shows it as .FILL).
FORMS: tuple[Form, ...] = (
    Form("ADD", OP_ADD, 0xF038, 0x1000, (R9, R6, R0), True),
    Form("ADD", OP_ADD, 0xF020, 0x1020, (R9, R6, IMM5), True),
    Form("AND", OP_AND, 0xF038, 0x5000, (R9, R6, R0), True),
    Form("AND", OP_AND, 0xF020, 0x5020, (R9, R6, IMM5), True),
    Form("BR", OP_BR, 0xF000, 0x0000, (PC9,)),
    Form("JMP", OP_JMP, 0xFE3F, 0xC000, (R6,)),
    Form("JSR", OP_JSR, 0xF800, 0x4800, (PC11,)),
    Form("JSRR", OP_JSR, 0xFE3F, 0x4000, (R6,)),
    Form("LD", OP_LD, 0xF000, 0x2000, (R9, PC9), True),
    Form("LDI", OP_LDI, 0xF000, 0xA000, (R9, PC9), True),
    Form("LDR", OP_LDR, 0xF000, 0x6000, (R9, R6, OFF6), True),
    Form("LEA", OP_LEA, 0xF000, 0xE000, (R9, PC9)),   # sets N Z P in the 2nd edition only
    Form("NOT", OP_NOT, 0xF03F, 0x903F, (R9, R6), True),
    Form("RTI", OP_RTI, 0xFFFF, 0x8000, ()),
    Form("ST", OP_ST, 0xF000, 0x3000, (R9, PC9)),
    Form("STI", OP_STI, 0xF000, 0xB000, (R9, PC9)),
    Form("STR", OP_STR, 0xF000, 0x7000, (R9, R6, OFF6)),
    Form("TRAP", OP_TRAP, 0xFF00, 0xF000, (VECT8,)),
)

# Mnemonics that stand for one fixed word.
ALIASES: dict[str, int] = {
    "RET": 0xC1C0,      # JMP R7
    "GETC": 0xF020, "OUT": 0xF021, "PUTS": 0xF022,
    "IN": 0xF023, "PUTSP": 0xF024, "HALT": 0xF025,
}
TRAP_NAMES: dict[int, str] = {w & 0xFF: name for name, w in ALIASES.items() if w >> 12 == OP_TRAP}

# BR's condition suffixes as lc3as reads them: n, z, p in that order, each optional.
BR_CONDITIONS: dict[str, int] = {
    "BR" + "n" * n + "z" * z + "p" * p: (n << 2 | z << 1 | p) or 0b111
    for n in (0, 1) for z in (0, 1) for p in (0, 1)
}

MNEMONICS: frozenset[str] = frozenset({f.mnemonic for f in FORMS if f.mnemonic != "BR"}
                                      | {m.upper() for m in BR_CONDITIONS} | set(ALIASES))
DIRECTIVES = (".ORIG", ".FILL", ".BLKW", ".STRINGZ", ".END")

FORMS_BY_MNEMONIC: dict[str, tuple[Form, ...]] = {}
for _f in FORMS:
    FORMS_BY_MNEMONIC[_f.mnemonic] = FORMS_BY_MNEMONIC.get(_f.mnemonic, ()) + (_f,)

FORMS_BY_OPCODE: tuple[tuple[Form, ...], ...] = tuple(
    tuple(f for f in FORMS if f.opcode == op) for op in range(16))


def form_of(word: int) -> Form | None:
    """The form a word is written in, or None (reserved opcode, stray bits, BR never)."""
    for f in FORMS_BY_OPCODE[word >> 12]:
        if f.matches(word) and not (f.opcode == OP_BR and word & NZP.mask == 0):
            return f
    return None


# What the machine decodes: per opcode, the fields it reads, ignoring the don't-care bits
# (hardware does not check them).  JSR's bit 11 and ADD/AND's bit 5 choose the variant.
STEERING = {OP_ADD: 1 << 5, OP_AND: 1 << 5, OP_JSR: 1 << 11}


def execution_form(word: int) -> Form | None:
    """The form the machine executes a word as; None for the reserved opcode 1101."""
    op = word >> 12
    forms = FORMS_BY_OPCODE[op]
    if not forms:
        return None
    if len(forms) == 1:
        return forms[0]
    bit = STEERING[op]
    for f in forms:
        if f.match & bit == word & bit:
            return f
    raise AssertionError("ISA table: no variant for %04X" % word)


@lru_cache(maxsize=None)
def fields(word: int) -> tuple[int, ...]:
    """The operand values the machine reads from a word, in the form's operand order."""
    f = execution_form(word)
    return tuple(fl.get(word) for fl in f.operands) if f else ()
