"""Instructions decoded once per address, for code that runs too rarely to be translated.

`Machine.step` decodes every instruction it executes.  The fast engine runs code that is not
(yet) hot through these instead: `decode(pc, word, machine)` returns a function that
executes that one word at that one address exactly as `Machine.step` would, with its fields,
target and next PC worked out once.  It covers what cannot fault or change the machine's
mode: TRAP, RTI and the reserved opcode return None and are left to `step`, and the engine
uses these only with access control off, so no load or store can raise an exception, and
only with interrupts disabled, so none can be due before an instruction.

Loads and stores of plain memory are list accesses; a device register goes through the bus,
and a store whose guard is set (translated code, video memory, devices, watchpoints)
through `Machine.store`, as in translated code.
"""
from __future__ import annotations

from . import isa

USER_SPACE = 0x3000


def _cc(v: int) -> int:
    return 4 if v & 0x8000 else 2 if v == 0 else 1


def decode(pc: int, w: int, m):
    """A function of the machine that executes `w` at `pc`, or None (leave it to step)."""
    op = w >> 12
    npc = (pc + 1) & 0xFFFF
    user = 1 if pc >= USER_SPACE else 0
    f = isa.fields(w)
    reg, mem, io_base = m.reg, m.memory, m.bus.io_base
    read = m.bus.read

    if op == isa.OP_ADD or op == isa.OP_AND:
        dr, sr1, third = f
        add = op == isa.OP_ADD
        if w & 0x20:
            imm = third & 0xFFFF

            def run(m):
                m.instructions += 1
                m.user_instructions += user
                m.ir = w
                m.pc = npc
                reg[dr] = v = (reg[sr1] + imm) & 0xFFFF if add else reg[sr1] & imm
                m.psr = (m.psr & 0xFFF8) | (4 if v & 0x8000 else 2 if v == 0 else 1)
        else:
            def run(m):
                m.instructions += 1
                m.user_instructions += user
                m.ir = w
                m.pc = npc
                reg[dr] = v = (reg[sr1] + reg[third]) & 0xFFFF if add else reg[sr1] & reg[third]
                m.psr = (m.psr & 0xFFF8) | (4 if v & 0x8000 else 2 if v == 0 else 1)
        return run

    if op == isa.OP_NOT:
        dr, sr = f

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = npc
            reg[dr] = v = reg[sr] ^ 0xFFFF
            m.psr = (m.psr & 0xFFF8) | (4 if v & 0x8000 else 2 if v == 0 else 1)
        return run

    if op == isa.OP_BR:
        nzp = (w >> 9) & 7
        target = (npc + f[0]) & 0xFFFF

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = target if nzp & m.psr else npc
        return run

    if op == isa.OP_JMP:
        base = f[0]

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = reg[base]
            if base == 7:
                m.returned(m.pc)
        return run

    if op == isa.OP_JSR:
        relative = w & 0x0800
        target = (npc + f[0]) & 0xFFFF
        base = f[0]

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            to = target if relative else reg[base]      # JSRR R7 jumps where R7 was
            reg[7] = npc
            m.pc = to
            m.called(("call", pc, to, npc))
        return run

    if op == isa.OP_LEA:
        dr = f[0]
        value = (npc + f[1]) & 0xFFFF
        sets_cc = m.edition == 2
        cc = _cc(value)

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = npc
            reg[dr] = value
            if sets_cc:
                m.psr = (m.psr & 0xFFF8) | cc
        return run

    if op == isa.OP_LD or op == isa.OP_LDI:
        dr = f[0]
        address = (npc + f[1]) & 0xFFFF
        indirect = op == isa.OP_LDI

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = npc
            a = mem[address] if address < io_base else read(address)
            if indirect:
                a = mem[a] if a < io_base else read(a)
            reg[dr] = a
            m.psr = (m.psr & 0xFFF8) | (4 if a & 0x8000 else 2 if a == 0 else 1)
        return run

    if op == isa.OP_LDR:
        dr, base, offset = f

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = npc
            a = (reg[base] + offset) & 0xFFFF
            reg[dr] = v = mem[a] if a < io_base else read(a)
            m.psr = (m.psr & 0xFFF8) | (4 if v & 0x8000 else 2 if v == 0 else 1)
        return run

    if op in (isa.OP_ST, isa.OP_STI, isa.OP_STR):
        guard = m.fast.guard
        if op == isa.OP_STR:
            sr, base, offset = f
        else:
            sr, offset = f
            base = None
            pointer = (npc + offset) & 0xFFFF
        indirect = op == isa.OP_STI

        def run(m):
            m.instructions += 1
            m.user_instructions += user
            m.ir = w
            m.pc = npc
            if base is not None:
                a = (reg[base] + offset) & 0xFFFF
            elif indirect:
                a = mem[pointer] if pointer < io_base else read(pointer)
            else:
                a = pointer
            if guard[a]:
                m.store(a, reg[sr])
            else:
                mem[a] = reg[sr]
        return run

    return None                 # TRAP, RTI, the reserved opcode: Machine.step
