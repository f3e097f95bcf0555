"""Put a machine in the state a test asks for, run it, and say how the run ended.

A test starts from a machine booted as usual and stopped at the program's first
instruction (the OS clears R0-R5 and R7 on the way, so registers are set after the boot).
Then the test's setup is applied: random registers and memory when asked, the values of
[tests.set], the keys of `input` (all waiting, or arriving on
`key_delay`'s schedule), and for a subroutine test the call itself: the PC at the
subroutine, R7 at a return trap (a HALT word the machine stops in front of), and under the
stack convention the arguments pushed on the stack.

The setup is a plain list of writes (`Setup`), so that the grader applies it to a bare
machine and the page applies it to its debugging session in exactly the same way.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..machine import Machine, Stop, os_image
from ..program import Program
from .exercise import Location, TestCase

USER_SPACE, STACK_TOP = 0x3000, 0xC000
HALT_WORD = 0xF025
BOOT_STEPS = 100_000
HALT_STEPS = 100_000      # for the HALT routine to print its banner


class SetupError(Exception):
    """The program lacks something the test needs (a label); the test fails with this."""


@dataclass
class Setup:
    pc: int                                                  # where the test starts
    memory: list[tuple[int, int]] = field(default_factory=list)   # (address, word), in order
    registers: dict[int, int] = field(default_factory=dict)
    keys: bytes = b""
    key_delay: int | None = None            # None: every key waiting from the start
    return_trap: int | None = None          # a subroutine test stops when the PC gets here
    call_sp: int | None = None              # stack convention: R6 just after the pushes
    at_call: list[int] = field(default_factory=list)   # registers as the test starts


@dataclass
class Outcome:
    """How one run ended, and the machine to look at."""
    machine: Machine
    setup: Setup
    stop: Stop
    returned: bool           # a subroutine test: control came back to the return trap
    halted: bool             # HALT ran (no fault)
    output: str              # console output, the halt banner left out
    steps: int               # instructions run from the test's start
    registers: list[int]     # R0-R7 as the program left them (at HALT, or on return)


def resolve(program: Program, loc: Location, purpose: str) -> int:
    if loc.address is not None:
        return loc.address
    address = program.lookup(loc.label)
    if address is None:
        raise SetupError(f"the program has no label {loc.label}, which this test {purpose}")
    return address


def plan(program: Program, test: TestCase) -> Setup:
    """The writes that set up `test` for `program` (SetupError if a label is missing)."""
    setup = Setup(pc=program.entry)
    used = set()
    for seg in program.segments:
        used.update(range(seg.origin, seg.end))
    if test.call:
        setup.pc = resolve(program, Location(test.call, label=test.call), "calls")
        setup.return_trap = _free_word(program, test, used)
    if test.randomize:
        rng = random.Random(test.seed)
        for a in range(USER_SPACE, STACK_TOP):
            if a not in used:
                setup.memory.append((a, rng.getrandbits(16)))
        for r in (0, 1, 2, 3, 4, 5, 7):
            setup.registers[r] = rng.getrandbits(16)
    for loc, value in test.set:
        if loc.register is not None:
            setup.registers[loc.register] = value.words[0]
        else:
            start = resolve(program, loc, "sets")
            setup.memory.extend(((start + k) & 0xFFFF, w) for k, w in enumerate(value.words))
    if setup.return_trap is not None:
        setup.memory.append((setup.return_trap, HALT_WORD))
        setup.registers[7] = setup.return_trap
    if test.convention == "stack":
        sp = setup.registers.get(6, STACK_TOP)
        for arg in reversed(test.args):           # the first argument ends on top
            sp = (sp - 1) & 0xFFFF
            setup.memory.append((sp, arg))
        setup.registers[6] = sp
        setup.call_sp = sp
    setup.keys = test.input.encode("latin-1")
    setup.key_delay = test.key_delay
    return setup


def _free_word(program: Program, test: TestCase, used: set[int]) -> int:
    """A word for the return trap: just past the program, clear of what the test names."""
    named = set()
    for loc, value in test.set + test.expect.locations:
        if loc.address is not None:
            named.update(range(loc.address, loc.address + len(value.words)))
    end = max((seg.end for seg in program.segments), default=USER_SPACE)
    for a in list(range(end, STACK_TOP - 0x400)) + list(range(USER_SPACE, STACK_TOP)):
        if a not in used and a not in named:
            return a
    return STACK_TOP - 0x400


def boot(machine: Machine, program: Program) -> None:
    """Load the program and run the OS's boot up to the program's first instruction."""
    machine.load(program)
    machine.keyboard.closed = True
    stop = machine.run(BOOT_STEPS, breakpoints=frozenset({program.entry}))
    if machine.pc != program.entry:
        raise RuntimeError(f"the machine did not reach the program's first instruction "
                           f"({stop})")


def apply(machine: Machine, setup: Setup) -> None:
    for address, word in setup.memory:
        machine.poke(address, word)
    for r, value in setup.registers.items():
        machine.reg[r] = value & 0xFFFF
    machine.pc = setup.pc
    if setup.key_delay is None:
        machine.keyboard.push(setup.keys)
    else:       # key k arrives once N + k(N + 1) instructions have run from here
        machine.keyboard.schedule(setup.keys, setup.key_delay, machine.instructions)
    setup.at_call = list(machine.reg)


def prepare(program: Program, test: TestCase, edition: int = 3,
            access_control: bool = False) -> tuple[Machine, Setup]:
    machine = Machine(edition, access_control)
    setup = plan(program, test)
    boot(machine, program)
    apply(machine, setup)
    return machine, setup


def run(program: Program, test: TestCase, edition: int = 3,
        access_control: bool = False) -> Outcome:
    machine, setup = prepare(program, test, edition, access_control)
    start = machine.instructions
    # The OS's HALT routine uses registers of its own, so a program's registers are read
    # as it enters HALT; a subroutine test stops in front of its return trap.
    halt = os_image(machine.edition).lookup("TRAP_HALT")
    stops = frozenset({setup.return_trap} if setup.return_trap is not None else {halt})
    registers = None
    stop = machine.run(test.max_steps, stops)
    if stop.reason == "breakpoint" and machine.pc == halt:
        registers = _caller_registers(machine)
        stop = machine.run(HALT_STEPS)
    returned = setup.return_trap is not None and stop.reason == "breakpoint" \
        and machine.pc == setup.return_trap
    halted = stop.reason == "halted" and machine.fault is None and machine.error is None
    text = machine.console.output.decode("latin-1")
    banner = halt_banner(machine.edition)
    if halted and text.endswith(banner):
        text = text[:-len(banner)]
    return Outcome(machine, setup, stop, returned, halted, text,
                   machine.instructions - start, registers or list(machine.reg))


def _caller_registers(m: Machine) -> list[int]:
    """Registers as the program had them when it executed TRAP (3rd edition: R6 is the
    program's stack pointer, which the trap put aside while on the supervisor stack)."""
    reg = list(m.reg)
    if m.edition == 3:
        pushed_psr = m.memory[(m.reg[6] + 1) & 0xFFFF]
        reg[6] = m.saved_usp if pushed_psr & 0x8000 else (m.reg[6] + 2) & 0xFFFF
    return reg


def halt_banner(edition: int) -> str:
    os = os_image(edition)
    address = os.lookup("HALT_MSG")
    words = []
    for seg in os.segments:
        if seg.origin <= address < seg.end:
            for w in seg.words[address - seg.origin:]:
                if w == 0:
                    break
                words.append(w)
    return "".join(chr(w & 0xFF) for w in words)


def where(machine: Machine, program: Program) -> str:
    """The source line the program was at: the PC's, or, inside the OS (a trap), the line
    that called into it; an address when neither is known."""
    source_map = program.source_map
    if machine.pc in source_map:
        return f"line {source_map[machine.pc]}"
    for kind, site, _target, _ret in reversed(machine.calls):
        if site in source_map:
            return f"line {source_map[site]}"
    return f"x{machine.pc:04X}"
