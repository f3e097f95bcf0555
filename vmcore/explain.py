"""What went wrong, in a beginner's words.

When a program ends badly, the machine can say only what it last did ("privilege mode
violation at xFE04"), which is rarely where the mistake is.  This module looks at the state
the program left (the fault, the registers, the call stack, memory and the program's source
map) and names the common mistakes with the source line where execution left the program:

  past_end      ran past the end of the program (no HALT)
  into_data     executed a .FILL, .BLKW or .STRINGZ word as an instruction
  clobbered_r7  a RET that returns into its own subroutine: a JSR inside it replaced R7
  stack         the stack pointer R6 ran down into the program or the OS (runaway recursion)
  bad_trap      a TRAP to a vector the OS has no routine for
  waiting       reading the keyboard with nothing typed

It only reads state; it never runs the machine.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import isa
from .disassembler import disassemble_word
from .machine import SUPERVISOR_STACK, USER_SPACE, USER_STACK, Machine, Stop

RET = isa.ALIASES["RET"]
TRAP_LIST = ", ".join(f"x{v:02X} {name}" for v, name in sorted(isa.TRAP_NAMES.items()))


@dataclass(frozen=True)
class Explanation:
    kind: str
    line: int | None       # the source line where execution left the program, if known
    text: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "line": self.line, "text": self.text}


def explain(machine: Machine, stop: Stop | None = None) -> Explanation | None:
    """An explanation of why the program stopped the way it did, or None when it ended
    well (HALT) or nothing recognisable went wrong."""
    if machine.program is None:
        return None
    reason = stop.reason if stop is not None else ""
    problem = machine.fault or machine.error
    if reason == "input" and problem is None:
        return _waiting(machine)
    if problem is None and reason in ("halted", "breakpoint", "watchpoint", "step", "history"):
        return None
    if problem is not None and problem.message.startswith("unknown trap"):
        return _bad_trap(machine, problem.address)
    return (_stack(machine) or _clobbered_r7(machine) or
            (_left_program(machine, problem.address) if problem is not None else None))


# -- each mistake ------------------------------------------------------------------------
def _bad_trap(m: Machine, address: int) -> Explanation:
    vector = m.memory[address] & 0xFF
    line = _line(m, address)
    return Explanation("bad_trap", line, f"{_at(line, address)}: TRAP x{vector:02X} is not a "
                                         f"trap the OS has; the traps are {TRAP_LIST}")


def _waiting(m: Machine) -> Explanation:
    site = m.pc
    if not m.program.holds(site):            # inside GETC or IN: name the TRAP that called
        traps = [f for f in m.calls if f[0] == "trap" and m.program.holds(f[1])]
        site = traps[-1][1] if traps else site
    line = _line(m, site)
    return Explanation("waiting", line, f"{_at(line, site)} ({_text(m, site)}) waits for a "
                                        "key to be typed")


def _stack(m: Machine) -> Explanation | None:
    """R6 below the OS's end or inside the program: the stack grew into them."""
    r6 = m.saved_usp if m.edition == 3 and not m.user_mode else m.reg[6]
    if r6 == (USER_STACK if m.edition == 3 else SUPERVISOR_STACK):     # as the OS left it
        return None
    into = "the operating system's memory (below x3000)" if r6 < USER_SPACE else \
        "the program itself" if m.program.holds(r6) else None
    if into is None:
        return None
    calls = [f for f in m.calls if f[0] == "call"]
    text = (f"the stack pointer R6 is x{r6:04X}, inside {into}: the stack grew down over "
            "it, and pushes overwrote what was there")
    line = None
    if len(calls) >= 16:
        targets = [f[2] for f in calls]
        deepest = max(set(targets), key=targets.count)
        site = next(f[1] for f in reversed(calls) if f[2] == deepest)
        line = _line(m, site)
        text += (f". {len(calls):,} calls have not returned, most of them to "
                 f"{_name(m, deepest)}: runaway recursion? ({_at(line, site)} calls it; "
                 "check that the recursion reaches its base case)")
    else:
        text += " (runaway recursion, or R6 set to the wrong address?)"
    return Explanation("stack", line, text)


def _clobbered_r7(m: Machine) -> Explanation | None:
    """A RET whose R7 points just after a JSR inside the same subroutine: that JSR set R7,
    so the RET goes back into the subroutine instead of to its caller, for ever."""
    r7 = m.reg[7]
    call = (r7 - 1) & 0xFFFF
    if not m.program.holds(call) or not _links_r7(m, m.memory[call]):
        return None
    ret = next((a for a in range(r7, min(r7 + 256, 0x10000)) if m.memory[a] == RET), None)
    if ret is None or not r7 <= m.pc <= ret or not m.program.holds(ret):
        return None
    line, call_line = _line(m, ret), _line(m, call)
    return Explanation("clobbered_r7", line, (
        f"the RET at {_where(line, ret)} returns to x{r7:04X}, just after the "
        f"{_text(m, call)} at {_where(call_line, call)}, not to its caller: that "
        f"{_text(m, call).split()[0]} put its own return address in R7. A subroutine that "
        "calls another must save R7 first (ST R7, SAVE7) and restore it before RET "
        "(LD R7, SAVE7)"))


def _left_program(m: Machine, address: int) -> Explanation | None:
    program = m.program
    if program.holds(address) and program.is_data(address):
        return _into_data(m, address)
    if program.holds(address):
        return None
    # Walk back from the fault over words that do nothing (zeros, BR with no condition) and
    # device registers: if that reaches the program, it ran off its end into memory.
    a = (address - 1) & 0xFFFF
    steps = 0
    while steps < 0x10000 and not program.holds(a) and \
            (a >= 0xFE00 or m.memory[a] >> 9 == 0):
        a = (a - 1) & 0xFFFF
        steps += 1
    if not program.holds(a):
        return None
    last = a
    while program.is_data(last) and program.holds(last - 1):
        last -= 1
    if _jumps_away(m.memory[last]):
        return None
    line = _line(m, last)
    return Explanation("past_end", line, (
        f"the program ran past its end: after {_at(line, last)} ({_text(m, last)}) the "
        f"machine went on executing whatever came next in memory, up to x{address:04X}. "
        "Did you forget HALT?"))


def _into_data(m: Machine, address: int) -> Explanation:
    program = m.program
    first = next(lo for lo, hi in program.data if lo <= address < hi)
    before = first - 1
    data_line = _line(m, address)
    if program.holds(before) and not program.is_data(before) and \
            not _jumps_away(m.memory[before]):
        line = _line(m, before)
        return Explanation("into_data", line, (
            f"{_at(line, before)} ({_text(m, before)}) runs on into the data at "
            f"{_where(data_line, first)}, and the machine executed that data as "
            "instructions. Did you forget HALT?"))
    jumps = [a for seg in program.segments for a in range(seg.origin, seg.end)
             if not program.is_data(a) and _target(m.memory[a], a) in range(first, address + 1)]
    if jumps:
        line = _line(m, jumps[0])
        return Explanation("into_data", line, (
            f"{_at(line, jumps[0])} ({_text(m, jumps[0])}) jumps to data at "
            f"{_where(data_line, address)}, and the machine executed it as an instruction: "
            "is that the right label?"))
    return Explanation("into_data", data_line, (
        f"{_at(data_line, address)} is data, not an instruction, yet the machine executed "
        "it: a jump (JMP, JSRR or RET) went there with the wrong address in its register"))


# -- helpers -----------------------------------------------------------------------------
def _links_r7(m: Machine, word: int) -> bool:
    op = word >> 12
    return op == isa.OP_JSR or (op == isa.OP_TRAP and m.edition == 2)


def _jumps_away(word: int) -> bool:
    """An instruction after which execution never simply goes on to the next word."""
    op = word >> 12
    return (op == isa.OP_BR and word & 0x0E00 == 0x0E00) or op in (isa.OP_JMP, isa.OP_RTI) \
        or word == isa.ALIASES["HALT"]


def _target(word: int, address: int) -> int | None:
    """Where a BR or JSR goes, if it is one."""
    op = word >> 12
    if op == isa.OP_BR and word & 0x0E00:
        return (address + 1 + isa.PC9.get(word)) & 0xFFFF
    if op == isa.OP_JSR and word & 0x0800:
        return (address + 1 + isa.PC11.get(word)) & 0xFFFF
    return None


def _line(m: Machine, address: int) -> int | None:
    return m.program.source_map.get(address)


def _at(line: int | None, address: int) -> str:
    return f"line {line}" if line is not None else f"x{address:04X}"


def _where(line: int | None, address: int) -> str:
    return f"line {line} (x{address:04X})" if line is not None else f"x{address:04X}"


def _text(m: Machine, address: int) -> str:
    return disassemble_word(m.memory[address], address, m.program.labels_by_address())


def _name(m: Machine, address: int) -> str:
    label = m.program.labels_by_address().get(address)
    return label or f"x{address:04X}"
