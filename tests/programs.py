"""Random LC-3 programs shaped like real ones, for comparing the engines.

A program is a list of blocks, each a few lines of assembly with labels of its own: loops
with counters, LEA followed by a branch, the subtraction idiom, runs of loads and stores off
one base register, subroutine calls (some saving R7, some not), stores
into the program's own code, traps, RTI and the reserved opcode with handlers that return,
device registers, video memory, keyboard interrupts.  The machine is set up with a handler
for every exception and the keyboard interrupt, in system space, so a fault is something a
program lives through, as in the textbook's exercises.
"""
from __future__ import annotations

from hypothesis import strategies as st

from vmcore import assemble
from vmcore.machine import Machine

# Handlers installed below x3000 by `prepare`: an exception skips the instruction that
# raised it (its pushed PC + 1) and counts; the keyboard interrupt keeps the key and counts.
HANDLERS = """.ORIG x2000
EXC     ST R0, SAVE
        LDR R0, R6, #0
        ADD R0, R0, #1
        STR R0, R6, #0
        LD R0, NEXC
        ADD R0, R0, #1
        ST R0, NEXC
        LD R0, SAVE
        RTI
KINT    ST R0, SAVE
        LDI R0, PKBDR
        ST R0, LASTK
        LD R0, NINT
        ADD R0, R0, #1
        ST R0, NINT
        LD R0, SAVE
        RTI
SAVE    .FILL 0
NEXC    .FILL 0
NINT    .FILL 0
LASTK   .FILL 0
PKBDR   .FILL xFE02
.END"""
_handlers = assemble(HANDLERS)
EXC, KINT = _handlers.lookup("EXC"), _handlers.lookup("KINT")

REG = st.integers(0, 7)
SMALL = st.integers(-16, 15)


def _alu(d, s, t, imm, kind):
    return [f"ADD R{d}, R{s}, #{imm}", f"AND R{d}, R{s}, #{imm}", f"ADD R{d}, R{s}, R{t}",
            f"AND R{d}, R{s}, R{t}", f"NOT R{d}, R{s}"][kind]


alu = st.builds(lambda *a: [_alu(*a)], REG, REG, REG, SMALL, st.integers(0, 4))


def _lea_branch(n, d, nzp, skip):
    """LEA then a branch on the condition codes LEA leaves (3rd) or sets (2nd)."""
    cond = "".join(c for c, bit in zip("nzp", (4, 2, 1)) if nzp & bit)
    lines = [f"LEA R{d}, D{n}", f"BR{cond} S{n}" if nzp else ".FILL x0001"]   # BR never
    lines += [f"ADD R{(d + 1) % 8}, R{(d + 1) % 8}, #{skip}", f"S{n} ADD R0, R0, #0",
              f"BRnzp E{n}", f"D{n} .FILL #{skip}", f"E{n} ADD R0, R0, #0"]
    return lines


lea_branch = st.builds(lambda d, nzp, skip: lambda n: _lea_branch(n, d, nzp, skip),
                       REG, st.integers(0, 7), SMALL)


def _loop(n, count, body, use_r6, test_first):
    """A counted loop: tested at the bottom, or at the top by a branch out past the bottom's
    branch back (the body, and the way back, inside the skipped part)."""
    r = 5 if not use_r6 else 3
    if test_first:
        return ([f"LD R{r}, C{n}", f"L{n} ADD R{r}, R{r}, #-1", f"BRn O{n}"] + body
                + [f"ADD R{r}, R{r}, #0", f"BRzp L{n}", f"O{n} ADD R0, R0, #0", f"BRnzp Y{n}",
                   f"C{n} .FILL #{count}", f"Y{n} ADD R0, R0, #0"])
    return ([f"LD R{r}, C{n}", f"L{n}"] + body
            + [f"ADD R{r}, R{r}, #-1", f"BRp L{n}", f"BRnzp O{n}", f"C{n} .FILL #{count}",
               f"O{n} ADD R0, R0, #0"])


def loop(inner):
    return st.builds(lambda count, body, use_r6, test_first:
                     lambda n: _loop(n, count, body(n), use_r6, test_first),
                     st.integers(1, 300), inner, st.booleans(), st.booleans())


def _call(n, save_r7, body):
    sub = [f"BRnzp A{n}", f"F{n} ADD R0, R0, #0"]
    if save_r7:
        sub += [f"ST R7, K{n}"]
    sub += body
    if save_r7:
        sub += [f"LD R7, K{n}"]
    sub += ["RET", f"K{n} .FILL 0", f"A{n} JSR F{n}", f"LEA R2, F{n}", f"JSRR R2"]
    return sub


def call(inner):
    return st.builds(lambda save, body: lambda n: _call(n, save, body(n)), st.booleans(), inner)


def _self_modify(n, imm):
    """Patch an ADD's immediate, then run it (stores into translated code)."""
    return [f"LD R4, P{n}", f"ADD R4, R4, #{imm & 15}", f"ST R4, T{n}", f"T{n} ADD R1, R1, #0",
            f"BRnzp Q{n}", f"P{n} ADD R1, R1, #1", f"Q{n} ADD R0, R0, #0"]


self_modify = st.builds(lambda imm: lambda n: _self_modify(n, imm), SMALL)


def _memory(n, kind, r, off):
    """Loads and stores of data near the code, the stack, video memory and devices."""
    return [[f"LD R{r}, M{n}", f"BRnzp N{n}", f"M{n} .FILL #{off}", f"N{n} ADD R0, R0, #0"],
            [f"LEA R4, V{n}", f"STR R{r}, R4, #0", f"LDR R{r}, R4, #1", f"BRnzp W{n}",
             f"V{n} .FILL #{off}", f".FILL #{-off}", f"W{n} ADD R0, R0, #0"],
            [f"LD R4, V{n}", f"STR R{r}, R4, #{off & 15}",
             f"BRnzp W{n}", f"V{n} .FILL xC{(off & 0x7F):03X}", f"W{n} ADD R0, R0, #0"],
            [f"LDI R{r}, V{n}", f"BRnzp W{n}",
             f"V{n} .FILL xFE{[0, 2, 4, 8, 0x0A, 0x0C][off % 6]:02X}", f"W{n} ADD R0, R0, #0"],
            [f"STI R{r}, V{n}", f"BRnzp W{n}", f"V{n} .FILL xFE06", f"W{n} ADD R0, R0, #0"],
            [f"ADD R6, R6, #-1", f"STR R{r}, R6, #0", f"LDR R{r}, R6, #0", "ADD R6, R6, #1"],
            [f"LD R4, V{n}", f"LDR R{r}, R4, #0", f"BRnzp W{n}",
             f"V{n} .FILL x{0x0020 + off % 64:04X}", f"W{n} ADD R0, R0, #0"],
            ][kind]


memory = st.builds(lambda kind, r, off: lambda n: _memory(n, kind, r, off),
                   st.integers(0, 6), st.integers(0, 3), st.integers(-30, 30))


def _negate(n, d, s, x, form, nzp):
    """The subtraction idiom (NOT, ADD #1, ADD), whole or in part, then a branch on it."""
    lines = [f"NOT R{d}, R{s}", f"ADD R{d}, R{d}, #1"]
    lines += [[], [f"ADD R{d}, R{x}, R{d}"], [f"ADD R{d}, R{d}, R{x}"], [f"ADD R{x}, R{x}, R{d}"],
              [f"ADD R{d}, R{d}, #1"]][form]
    cond = "".join(c for c, bit in zip("nzp", (4, 2, 1)) if nzp & bit)
    if cond:
        lines += [f"BR{cond} S{n}", f"ADD R1, R1, #1", f"S{n} ADD R0, R0, #0"]
    return lines


negate = st.builds(lambda *a: lambda n: _negate(n, *a), REG, REG, REG, st.integers(0, 4),
                   st.integers(0, 7))


def _group(n, where, ops, reload, nzp):
    """Loads and stores off one base register, one after another: into data, video memory,
    across into the device registers, wrapping below x0000, into the code itself (the group's
    own words), and on the stack; the last may load the base register itself."""
    base = 6 if where == 5 else 4
    setup = [[f"LEA R4, V{n}"], [f"LD R4, Y{n}"], [f"LD R4, Y{n}"], [f"LD R4, Y{n}"],
             [f"LEA R4, G{n}"], ["ADD R6, R6, #-4"]][where]
    pointer = [0, 0xC000 + 37 * n % 15000, 0xFDFF, 0x0001, 0, 0][where]
    lines = setup + [f"G{n} ADD R0, R0, #0"]
    for store, r, off in ops:
        lines.append(f"{'STR' if store else 'LDR'} R{r}, R{base}, #{off}")
    if reload:
        lines.append(f"LDR R{base}, R{base}, #1")
    if where == 5:
        lines.append("ADD R6, R6, #4")
    cond = "".join(c for c, bit in zip("nzp", (4, 2, 1)) if nzp & bit)       # on the last load
    return lines + [f"BR{cond} W{n}" if cond else "ADD R0, R0, #0", f"BRnzp W{n}",
                    f"Y{n} .FILL x{pointer:04X}", f"V{n} .BLKW 6", f"W{n} ADD R1, R1, #1"]


group = st.builds(lambda *a: lambda n: _group(n, *a), st.integers(0, 5),
                  st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.integers(-3, 5)),
                           min_size=2, max_size=5),
                  st.booleans(), st.integers(0, 7))


def _trap(n, kind, r):
    return [["LD R0, Z{n}".format(n=n), "OUT", f"BRnzp Y{n}", f"Z{n} .FILL x41",
             f"Y{n} ADD R0, R0, #0"],
            [f"LEA R0, Z{n}", "PUTS", f"BRnzp Y{n}", f'Z{n} .STRINGZ "ok"', f"Y{n} ADD R0, R0, #0"],
            ["GETC"], ["TRAP x26"], [".FILL x8000"], [".FILL xD000"],
            [f"LD R{r}, Z{n}", f"JMP R{r}", f"Z{n} .FILL x0400"],
            [f"LD R0, Z{n}", f"STI R0, Y{n}", f"BRnzp E{n}", f"Z{n} .FILL x4000",
             f"Y{n} .FILL xFE00", f"E{n} ADD R0, R0, #0"],
            ][kind]


trap = st.builds(lambda kind, r: lambda n: _trap(n, kind, r), st.integers(0, 7), st.integers(1, 4))

leaf = st.one_of(alu.map(lambda lines: lambda n: lines), lea_branch, self_modify, memory, trap,
                 negate, group)


def _seq(blocks):
    def lines(n):
        out = []
        for k, block in enumerate(blocks):
            out += block(n * 64 + k + 1)
        return out
    return lines


inner = st.lists(leaf, min_size=1, max_size=5).map(_seq)
block = st.one_of(leaf, loop(inner), call(inner), loop(st.one_of(call(inner), inner)))
programs = st.lists(block, min_size=1, max_size=8).map(_seq)


def source(blocks, halt=True) -> str:
    return "\n".join([".ORIG x3000"] + blocks(1) + (["HALT"] if halt else []) + [".END"])


def prepare(program, edition=3, access_control=False, engine="fast", hot=1, keys=b"",
            key_delay=None) -> Machine:
    """A machine booted to the program's first instruction, with the exception and
    interrupt handlers installed (the boot fills the vector tables, so they go in after)."""
    m = Machine(edition=edition, access_control=access_control, clock=lambda: 0.0)
    m.engine = engine
    m.fast.hot_threshold = hot
    m.load(program)
    if key_delay is None:
        m.keyboard.push(keys)
    else:
        m.schedule_keys(keys, key_delay)
    m.keyboard.closed = True
    m.run(m.boot_instructions)
    assert m.pc == program.entry
    m.video.dirty[:] = bytes(len(m.video.dirty))    # so a row the program draws on shows
    for seg in _handlers.segments:
        for k, word in enumerate(seg.words):
            m.poke(seg.origin + k, word)
    if edition == 3:
        for vector in (0x100, 0x101, 0x102):
            m.poke(vector, EXC)
        m.poke(0x180, KINT)
    return m
