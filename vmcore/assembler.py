"""An lc3as-compatible LC-3 assembler with diagnostics a student can act on.

Two passes: the first reads each line into a statement, gives it an address and defines its
labels; the second encodes statements into words through the forms of `isa`.  For every
source lc3as accepts, the words and the symbol table are the ones lc3as writes.  Where lc3as
is silently surprising (an immediate that wraps, a hex-looking operand taken as a number, a
lone unknown word taken as a label) the same words come out with a warning; what is clearly a
mistake is an error.  Every problem found is reported, not just the first.
"""
from __future__ import annotations

import difflib
import gc
import re
from dataclasses import dataclass, field

from . import isa
from .diagnostics import ERROR, WARNING, AssemblyError, Diagnostic
from .program import MAX_SOURCE_CHARS, MEMORY_WORDS, Program, Segment

_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+)
  | (?P<comment>;.*)
  | (?P<string>"(?:[^"\\]|\\.)*"?)
  | (?P<comma>,)
  | (?P<colon>:)
  | (?P<word>[^\s,;:"]+)
""", re.X)

_DECIMAL = re.compile(r"#?-?[0-9]+$")
_HEX = re.compile(r"[xX]-?[0-9a-fA-F]+$")
_BINARY = re.compile(r"[bB]-?[01]+$")            # LC3Tools' extension
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)("?)')
_LABEL = re.compile(r"[A-Za-z_][A-Za-z_0-9]*$")
_REGISTER = re.compile(r"[rR][0-7]$")
_BR_ANY_ORDER = re.compile(r"BR[NZP]+$", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")     # half of a UTF-16 pair: not a character

_MAX_DIGITS = 12                 # any literal longer than this is out of every range

_ESCAPES = {"a": 7, "b": 8, "e": 27, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11,
            "\\": 92, '"': 34}

_OPERAND_SHAPES = {isa.Kind.IMM: "#n", isa.Kind.PCOFFSET: "LABEL", isa.Kind.TRAPVECT: "x25"}

# Words students write for instructions the LC-3 does not have; lc3as takes them as labels.
_NOT_LC3 = {"PUTC": "OUT", "GETS": "GETC", "NOP": None, "MOV": None, "SUB": None,
            "MUL": None, "PUSH": None, "POP": None, "CALL": "JSR", "JUMP": "JMP",
            "OR": None, "XOR": None, "INC": None, "DEC": None, "PRINT": "PUTS", "EXIT": "HALT",
            "STOP": "HALT", "END": ".END", "ORIG": ".ORIG", "FILL": ".FILL",
            "BLKW": ".BLKW", "STRINGZ": ".STRINGZ"}


@dataclass
class Token:
    kind: str      # word, string, comma, colon
    text: str
    column: int    # 1-based

    @property
    def end(self) -> int:
        return self.column + len(self.text)


@dataclass
class Statement:
    line: int
    op: Token                  # the mnemonic or directive as written
    name: str                  # upper-case mnemonic or directive
    operands: list[Token]
    address: int = 0
    size: int = 0
    words: list[int] = field(default_factory=list)


class _Assembler:
    def __init__(self, source: str, filename: str):
        self.source = source
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []
        self.labels: dict[str, tuple[str, int, int]] = {}   # UPPER -> (as written, addr, line)
        self.statements: list[Statement] = []
        self.segments: list[tuple[int, list[Statement], int]] = []   # origin, stmts, line

    # -- reporting ---------------------------------------------------------------------
    def error(self, line: int, tok: Token | None, message: str, col: int = 1, end: int = 0):
        self._report(ERROR, line, tok, message, col, end)

    def warn(self, line: int, tok: Token | None, message: str, col: int = 1, end: int = 0):
        self._report(WARNING, line, tok, message, col, end)

    def _report(self, severity, line, tok, message, col, end):
        if tok is not None:
            col, end = tok.column, tok.end
        self.diagnostics.append(Diagnostic(line, col, message, severity, end))

    # -- pass 1 ------------------------------------------------------------------------
    def tokenize(self, text: str, lineno: int) -> list[Token]:
        tokens = []
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind in ("ws", "comment"):
                continue
            tokens.append(Token(kind, m.group(), m.start() + 1))
        return tokens

    def first_pass(self) -> None:
        origin: int | None = None     # None: outside .ORIG ... .END
        pc = 0
        seg_stmts: list[Statement] = []
        after_end_warned = False
        seen_any_orig = False
        lines = self.source.split("\n")
        for lineno, text in enumerate(lines, 1):
            if _SURROGATE.search(text):
                text = self.replace_surrogates(text, lineno)
            tokens = self.tokenize(text, lineno)
            if not tokens:
                continue
            labels, stmt = self.split_line(tokens, lineno)
            if stmt is not None and stmt.name == ".ORIG":
                if origin is not None:
                    self.error(lineno, stmt.op, ".ORIG inside a block that is still open: "
                                                "end the previous block with .END first")
                    continue
                for lab in labels:
                    self.error(lineno, lab, f"label {lab.text} comes before .ORIG, so it has "
                                            "no address")
                value = self.orig_value(stmt)
                origin = pc = value
                seg_stmts = []
                self.segments.append((origin, seg_stmts, lineno))
                seen_any_orig = True
                continue
            if origin is None:
                first = (labels or [stmt.op if stmt else tokens[0]])[0]
                if seen_any_orig:
                    if not after_end_warned:
                        self.warn(lineno, first, "text after .END is ignored (start another "
                                                 "block with .ORIG)")
                        after_end_warned = True
                    continue
                what = "label" if labels else "instruction"
                self.error(lineno, first, f"{what} before .ORIG: a program starts with "
                                          ".ORIG and its load address, such as .ORIG x3000")
                continue
            for lab in labels:
                self.define(lab, pc, lineno)
            if stmt is None:
                continue
            if stmt.name == ".END":
                if stmt.operands:
                    self.warn(lineno, stmt.operands[0], ".END takes no operand; this is ignored")
                origin = None
                after_end_warned = False
                continue
            stmt.address = pc
            stmt.size = self.size_of(stmt)
            pc += stmt.size
            if pc > MEMORY_WORDS:
                self.error(lineno, stmt.op, "the program runs past the end of memory (xFFFF)")
                pc &= 0xFFFF
            seg_stmts.append(stmt)
        if not seen_any_orig:
            self.error(max(1, len(lines)), None, "no .ORIG found: a program starts with .ORIG "
                                                 "and its load address, such as .ORIG x3000")
        elif origin is not None:
            last = len(lines) - (1 if lines and lines[-1] == "" else 0)
            self.error(max(1, last), None, "no .END found: the program must end with .END")
        self.check_overlaps()

    def replace_surrogates(self, text: str, lineno: int) -> str:
        """Report each lone surrogate (text that is not valid Unicode, which only a program
        can produce, not a keyboard) and read the line with U+FFFD in its place."""
        for m in _SURROGATE.finditer(text):
            self.error(lineno, None, f"U+{ord(m.group()):04X} is half of a UTF-16 pair, not "
                                     "a character: delete it", m.start() + 1)
        return _SURROGATE.sub("\ufffd", text)

    def orig_value(self, stmt: Statement) -> int:
        if len(stmt.operands) != 1:
            self.error(stmt.line, stmt.op, ".ORIG takes one address, such as .ORIG x3000")
            return 0x3000
        value = self.number(stmt.operands[0], stmt, 16)
        return 0x3000 if value is None else value & 0xFFFF

    def check_overlaps(self) -> None:
        spans = []
        for origin, stmts, line in self.segments:
            end = stmts[-1].address + stmts[-1].size if stmts else origin
            spans.append((origin, end, line))
        spans.sort()
        for (o1, e1, l1), (o2, e2, l2) in zip(spans, spans[1:]):
            if o2 < e1:
                self.error(l2, None, f"this block (x{o2:04X}) overlaps the block at x{o1:04X} "
                                     f"(line {l1}), which runs to x{e1 - 1:04X}")

    def split_line(self, tokens: list[Token], lineno: int):
        """Leading labels, then at most one statement, as lc3as reads a line."""
        labels: list[Token] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            has_colon = i + 1 < len(tokens) and tokens[i + 1].kind == "colon"
            if tok.kind != "word":
                self.error(lineno, tok, f"unexpected {self.describe(tok)} "
                                        "where a label or an instruction should be")
                return labels, None
            upper = tok.text.upper()
            if has_colon:
                if not _LABEL.match(tok.text):
                    self.error(lineno, tok, f"'{shown(tok.text)}' is not a valid label: labels start "
                                            "with a letter and hold letters, digits and _")
                else:
                    labels.append(tok)
                i += 2
                continue
            if upper in isa.MNEMONICS or upper in isa.DIRECTIVES:
                op = tokens[i]
                rest = tokens[i + 1:]
                return labels, Statement(lineno, op, upper, self.operand_list(rest, lineno, op))
            if upper.startswith("."):
                self.error(lineno, tok, f"unknown directive {shown(tok.text)} (the directives are "
                                        + ", ".join(isa.DIRECTIVES) + ")")
                return labels, None
            if _BR_ANY_ORDER.match(tok.text):
                self.error(lineno, tok, f"{shown(tok.text)}: write the conditions in the order n, z, p "
                                        f"(BR{''.join(c for c in 'nzp' if c in tok.text[2:].lower())})")
                return labels, None
            if not _LABEL.match(tok.text):
                self.error(lineno, tok, f"unexpected {self.describe(tok)} "
                                        "where a label or an instruction should be")
                return labels, None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and not (nxt.kind == "word" and (
                    nxt.text.startswith(".") or nxt.text.upper() in isa.MNEMONICS
                    or _LABEL.match(nxt.text) and not _REGISTER.match(nxt.text))):
                # Operands follow, so this word was meant as an instruction.
                self.error(lineno, tok, f"unknown instruction '{shown(tok.text)}'"
                                        + self.suggestion(upper))
                return labels, None
            if labels or (nxt is None and upper in _NOT_LC3):
                self.warn(lineno, tok, f"'{shown(tok.text)}' is not an LC-3 instruction; it is taken "
                                       "as a label, as lc3as does" + self.suggestion(upper))
            labels.append(tok)
            i += 1
        return labels, None

    @staticmethod
    def suggestion(upper: str) -> str:
        if upper in _NOT_LC3 and _NOT_LC3[upper]:
            return f" (did you mean {_NOT_LC3[upper]}?)"
        return ""

    @staticmethod
    def describe(tok: Token) -> str:
        return {"string": "string", "comma": "comma", "colon": "colon"}.get(
            tok.kind, f"'{shown(tok.text)}'")

    def operand_list(self, rest: list[Token], lineno: int, op: Token) -> list[Token]:
        """Operands separated by commas; a missing or doubled comma is an error."""
        operands: list[Token] = []
        expect_operand = True
        for tok in rest:
            if tok.kind == "comma":
                if expect_operand:
                    self.error(lineno, tok, "a comma with no operand before it")
                expect_operand = True
            elif tok.kind == "colon":
                self.error(lineno, tok, "unexpected colon in the operands")
            else:
                if not expect_operand:
                    self.error(lineno, tok, f"missing comma before {self.describe(tok)}")
                operands.append(tok)
                expect_operand = False
        if rest and expect_operand and rest[-1].kind == "comma":
            self.error(lineno, rest[-1], "a comma with no operand after it")
        return operands

    def define(self, tok: Token, address: int, lineno: int) -> None:
        key = tok.text.upper()
        if key in self.labels:
            _, _, first = self.labels[key]
            self.error(lineno, tok, f"label {shown(tok.text)} is already defined on line {first}")
            return
        if _REGISTER.match(tok.text):
            self.warn(lineno, tok, f"{shown(tok.text)} is a register name; as a label it can never "
                                   "be used as an operand")
        self.labels[key] = (tok.text, address, lineno)

    def size_of(self, stmt: Statement) -> int:
        if stmt.name == ".BLKW":
            if len(stmt.operands) != 1:
                self.error(stmt.line, stmt.op, ".BLKW takes one count, such as .BLKW #10")
                return 0
            tok = stmt.operands[0]
            count = self.parse_number(tok.text) if tok.kind == "word" else None
            if count is None:
                self.number(tok, stmt, 16)          # reports what it is instead
                return 0
            if count < 0:
                self.error(stmt.line, tok, ".BLKW needs a count of zero or more")
                return 0
            if stmt.address + count > MEMORY_WORDS:
                end = f"x{stmt.address + count - 1:04X}" if count <= MEMORY_WORDS else \
                    "beyond the 65,536 words of memory"
                self.error(stmt.line, tok, f".BLKW {shown(tok.text)} at x{stmt.address:04X} runs "
                                           f"past xFFFF: the block would end at {end}")
                return 0
            return count
        if stmt.name == ".STRINGZ":
            strings = [t for t in stmt.operands if t.kind == "string"]
            if not strings or len(strings) != len(stmt.operands):
                bad = next((t for t in stmt.operands if t.kind != "string"), None)
                self.error(stmt.line, bad or stmt.op, ".STRINGZ takes a string in double "
                                                      "quotes, such as .STRINGZ \"Hello\"")
                stmt.words = [0]
                return 1
            if len(strings) > 1:
                self.warn(stmt.line, strings[0], f"only the last string is kept, as lc3as does; "
                                                 "write one .STRINGZ per string",
                          end=strings[-1].end)
            stmt.words = self.string_words(strings[-1], stmt.line)
            return len(stmt.words)
        return 1

    def string_words(self, tok: Token, lineno: int) -> list[int]:
        m = _STRING.fullmatch(tok.text)
        if not m or not m.group(2):
            self.error(lineno, tok, "unterminated string: add the closing \"")
        words: list[int] = []
        body = m.group(1) if m else tok.text[1:]
        i = 0
        while i < len(body):
            ch = body[i]
            if ch == "\\" and i + 1 < len(body):
                esc = body[i + 1]
                if esc in _ESCAPES:
                    words.append(_ESCAPES[esc])
                else:
                    self.warn(lineno, None, f"unknown escape \\{esc} stands for '{esc}' itself",
                              tok.column + 1 + i, tok.column + 3 + i)
                    words.extend(esc.encode("utf-8"))
                i += 2
                continue
            encoded = ch.encode("utf-8")
            if len(encoded) > 1:
                self.warn(lineno, None, f"'{ch}' is not ASCII; it is stored as "
                                        f"{len(encoded)} bytes of UTF-8",
                          tok.column + 1 + i, tok.column + 2 + i)
            words.extend(encoded)
            i += 1
        return words + [0]

    # -- operands ------------------------------------------------------------------------
    def number(self, tok: Token, stmt: Statement, bits: int, what: str = ""):
        """The value lc3as's read_val gives, or None after reporting an error."""
        value = self.parse_number(tok.text)
        if value is None:
            self.error(stmt.line, tok, f"expected a number, found {self.describe(tok)} "
                                       "(numbers are written #10, 10, x1F or b101)")
            return None
        if 0x8000 <= value < 0x10000:
            value -= 0x10000
        if value < -(1 << (bits - 1)) or value >= (1 << bits):
            self.error(stmt.line, tok, f"{shown(tok.text)} is out of range: {what} "
                                       f"{-(1 << (bits - 1))}..{(1 << (bits - 1)) - 1}"
                       if what else f"{shown(tok.text)} does not fit in {bits} bits")
            return None
        return value

    def parse_number(self, text: str) -> int | None:
        value = literal_value(text)
        if value is not None:
            return value
        if _BINARY.match(text) and text.upper() not in self.labels:
            return _integer(text[1:], 2)
        return None

    def signed_field(self, tok: Token, stmt: Statement, bits: int, what: str):
        """An immediate or numeric offset: lc3as wraps values up to 2**bits; say so."""
        value = self.number(tok, stmt, bits, f"a {what} holds")
        if value is None:
            return 0
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        if value > high:
            wrapped = value - (1 << bits)
            self.warn(stmt.line, tok, f"{shown(tok.text)} is outside the {what} range {low}..{high}; "
                                      f"it wraps to #{wrapped}, as lc3as does")
            value = wrapped
        if _HEX.match(tok.text) and tok.text.upper() in self.labels and \
                tok.text[1] != "-":
            self.warn(stmt.line, tok, f"{shown(tok.text)} is read as the number x{value & 0xFFFF:04X},"
                                      f" not as the label {shown(tok.text)} (lc3as reads it so); "
                                      "rename the label")
        return value

    def register(self, tok: Token, stmt: Statement) -> int:
        if tok.kind == "word" and _REGISTER.match(tok.text):
            return int(tok.text[1])
        self.error(stmt.line, tok, f"expected a register R0-R7, found {self.describe(tok)}")
        return 0

    def pc_offset(self, tok: Token, stmt: Statement, bits: int) -> int:
        if tok.kind == "word" and self.parse_number(tok.text) is not None:
            return self.signed_field(tok, stmt, bits, f"{bits}-bit offset")
        address = self.label_address(tok, stmt)
        if address is None:
            return 0
        offset = address - (stmt.address + 1)
        limit = 1 << (bits - 1)
        if not -limit <= offset < limit:
            self.error(stmt.line, tok, f"label {shown(tok.text)} is {offset:+d} words away, out of "
                                       f"{stmt.op.text}'s reach ({-limit} to {limit - 1}); "
                                       "load its address with LD from a nearby .FILL, or use "
                                       "JSRR/JMP")
            return 0
        return offset

    def label_address(self, tok: Token, stmt: Statement) -> int | None:
        if tok.kind != "word" or not _LABEL.match(tok.text):
            self.error(stmt.line, tok, f"expected a label or a number, found "
                                       f"{self.describe(tok)}")
            return None
        entry = self.labels.get(tok.text.upper())
        if entry is None:
            self.error(stmt.line, tok, f"unknown label {shown(tok.text)}" + self.near_label(tok.text))
            return None
        return entry[1]

    def near_label(self, text: str) -> str:
        if len(text) > 64:               # no label that long exists to be near
            return ""
        names = [v[0] for v in self.labels.values()]
        close = difflib.get_close_matches(text, names, n=1)
        return f" (did you mean {close[0]}?)" if close else ""

    # -- pass 2 --------------------------------------------------------------------------
    def encode(self, stmt: Statement) -> list[int]:
        name, ops = stmt.name, stmt.operands
        if name == ".STRINGZ":
            return stmt.words
        if name == ".BLKW":
            return [0] * stmt.size
        if name == ".FILL":
            if not self.arity(stmt, 1, ".FILL takes one value, such as .FILL x0041 or .FILL LABEL"):
                return [0]
            tok = ops[0]
            if tok.kind == "word" and self.parse_number(tok.text) is not None:
                value = self.number(tok, stmt, 16)
                return [0 if value is None else value & 0xFFFF]
            address = self.label_address(tok, stmt)
            return [address or 0]
        if name in isa.ALIASES:
            self.arity(stmt, 0, f"{stmt.op.text} takes no operands")
            return [isa.ALIASES[name]]
        if name.startswith("BR"):
            nzp = isa.BR_CONDITIONS["BR" + name[2:].lower()]
            if not self.arity(stmt, 1, f"{stmt.op.text} takes a label, such as {stmt.op.text} LOOP"):
                return [nzp << 9]
            return [(nzp << 9) | isa.PC9.put(self.pc_offset(ops[0], stmt, 9))]
        forms = isa.FORMS_BY_MNEMONIC[name]
        form = forms[0]
        if len(forms) > 1 and len(ops) == 3:      # ADD/AND: register or immediate third operand
            third_is_reg = ops[2].kind == "word" and _REGISTER.match(ops[2].text)
            form = next(f for f in forms if (f.operands[2].kind == isa.Kind.REG) == bool(third_is_reg))
        if not self.arity(stmt, len(form.operands), self.usage(name)):
            return [form.match]
        values = []
        for fld, tok in zip(form.operands, ops):
            if fld.kind == isa.Kind.REG:
                values.append(self.register(tok, stmt))
            elif fld.kind == isa.Kind.PCOFFSET:
                values.append(self.pc_offset(tok, stmt, fld.width))
            elif fld.kind == isa.Kind.IMM:
                values.append(self.immediate(tok, stmt, fld.width))
            else:
                values.append(self.trap_vector(tok, stmt))
        return [form.encode(values)]

    def immediate(self, tok: Token, stmt: Statement, bits: int) -> int:
        if tok.kind == "word" and self.parse_number(tok.text) is None and _LABEL.match(tok.text):
            self.error(stmt.line, tok, f"{stmt.op.text} needs a number here, not the label "
                                       f"{shown(tok.text)}")
            return 0
        return self.signed_field(tok, stmt, bits, f"{bits}-bit immediate")

    def trap_vector(self, tok: Token, stmt: Statement) -> int:
        value = self.number(tok, stmt, 8)
        if value is None:
            return 0
        if value < 0:
            self.warn(stmt.line, tok, f"a negative trap vector wraps to x{value & 0xFF:02X}")
        return value & 0xFF

    @staticmethod
    def usage(name: str) -> str:
        """How a mnemonic is written, from its forms: `ADD R1, R2, R3 or ADD R1, R2, #n`."""
        shapes = []
        for f in isa.FORMS_BY_MNEMONIC[name]:
            regs = iter("123")
            ops = [f"R{next(regs)}" if o.kind == isa.Kind.REG else _OPERAND_SHAPES[o.kind]
                   for o in f.operands]
            shapes.append(f"{name} {', '.join(ops)}".strip())
        return f"{name} is written " + " or ".join(shapes)

    def arity(self, stmt: Statement, n: int, message: str) -> bool:
        if len(stmt.operands) == n:
            return True
        where = stmt.operands[n] if len(stmt.operands) > n else None
        if where is not None:
            self.error(stmt.line, None, f"too many operands: {message}", where.column,
                       stmt.operands[-1].end)
        else:
            self.error(stmt.line, stmt.op, f"missing operand: {message}")
        return False

    def assemble(self) -> Program:
        self.first_pass()
        segments: list[Segment] = []
        source_map: dict[int, int] = {}
        data: list[tuple[int, int]] = []
        for origin, stmts, _ in self.segments:
            words: list[int] = []
            for stmt in stmts:
                out = self.encode(stmt)
                if stmt.name in (".FILL", ".BLKW", ".STRINGZ") and out:
                    if data and data[-1][1] == stmt.address:
                        data[-1] = (data[-1][0], stmt.address + len(out))
                    else:
                        data.append((stmt.address, stmt.address + len(out)))
                for k in range(len(out)):
                    source_map[(stmt.address + k) & 0xFFFF] = stmt.line
                words.extend(out)
            segments.append(Segment(origin, words))
        self.diagnostics.sort(key=lambda d: (d.line, d.column))
        if any(d.severity == ERROR for d in self.diagnostics):
            raise AssemblyError(self.diagnostics, self.filename)
        symbols = {text: addr for text, addr, _ in self.labels.values()}
        return Program(segments, symbols, source_map, self.diagnostics, self.filename, data)


def literal_value(text: str) -> int | None:
    """A number as lc3as writes it (#10, 10, x1F, x-1), or None.  LC3Tools' b101 is left
    out: it can also be a label, and only the assembler knows the labels."""
    if _DECIMAL.match(text):
        return _integer(text.lstrip("#"), 10)
    if _HEX.match(text):
        return _integer(text[1:], 16)
    return None


def _integer(digits: str, base: int) -> int:
    """int(), except that a literal too long for any field is just "huge" (int() of
    thousands of decimal digits is slow, and past 4,300 refused with ValueError)."""
    negative = digits.startswith("-")
    significant = digits.lstrip("-").lstrip("0")
    if len(significant) > _MAX_DIGITS:
        return -(1 << 48) if negative else 1 << 48
    return int(digits, base)


def shown(text: str) -> str:
    """A token as a message quotes it: a very long one cut short, surrogates escaped."""
    if len(text) > 40:
        text = f"{text[:16]}…{text[-8:]} ({len(text):,} characters)"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def assemble(source: str, filename: str = "<source>") -> Program:
    """Assemble LC-3 source text.  Raises AssemblyError carrying every diagnostic."""
    if len(source) > MAX_SOURCE_CHARS:
        raise AssemblyError([Diagnostic(1, 1, f"the source has {len(source):,} characters; the "
                                              f"assembler takes at most {MAX_SOURCE_CHARS:,} "
                                              "(2 MB): split it into smaller programs")],
                            filename)
    if source.startswith("\ufeff"):     # a byte-order mark some editors write
        source = source[1:]
    # Assembling makes a few objects per line that all live until the end and hold no
    # cycles: the cyclic garbage collector would only walk them again and again, which at
    # 100,000 lines made each line cost 2.6 times what it does at 1,000.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Assembler(source, filename).assemble()
    finally:
        if collecting:
            gc.enable()
