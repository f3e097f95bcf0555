"""The LC-3 machine: registers, PSR, memory through the bus, and the reference interpreter.

`step()` executes one instruction exactly as the chosen edition of the ISA says.  It is the
reference every faster engine is checked against, so it is written to be read: fetch,
decode through `isa`, one block per opcode.
"""
from __future__ import annotations

import time
from collections import namedtuple
from collections.abc import Callable
from functools import lru_cache

from . import isa
from .devices import Bus, Console, Keyboard, SystemControl, Timer, Video
from .engine import MAX_FRAMES, FastEngine
from .program import Program, Segment

OS_START = 0x0200
USER_SPACE = 0x3000          # x3000-xFDFF; below is system space, above are device registers
DEVICE_SPACE = 0xFE00
SUPERVISOR_STACK = 0x3000    # initial Saved_SSP: the supervisor stack grows down from here
USER_STACK = 0xC000          # initial user R6: just below video memory

# Exception and interrupt vectors (3rd edition), offsets into the table at x0100.
PRIVILEGE_VECTOR, ILLEGAL_OPCODE_VECTOR, ACCESS_VIOLATION_VECTOR = 0x00, 0x01, 0x02
KEYBOARD_VECTOR, KEYBOARD_PRIORITY = 0x80, 4


# The OS's routines that end a program that went wrong, and what went wrong.
FAULT_HANDLERS = {"EX_PRIV": "privilege mode violation (RTI in user mode)",
                  "EX_ILLEGAL": "illegal opcode", "EX_ACV": "access control violation",
                  "BAD_INT": "unexpected interrupt or exception", "BAD_TRAP": "unknown trap"}


class Stop(namedtuple("Stop", "reason address message", defaults=("",))):
    """Why a run stopped: halted, input (waiting for a key), steps (the limit), breakpoint,
    or error; `address` is the PC where it stopped, `message` says it in words.
    (A named tuple, as the run path's records are: importing dataclasses would add
    milliseconds to every start of the `lc3` command.)"""
    __slots__ = ()

    def __str__(self) -> str:
        return self.message or self.reason


class MachineError(Exception):
    """Something the machine cannot execute (2nd edition: RTI, the reserved opcode)."""


class _Exception(Exception):
    """Raised inside an instruction that must not complete (an access violation)."""

    def __init__(self, vector: int):
        self.vector = vector


@lru_cache(maxsize=None)
def os_image(edition: int) -> Program:
    """Our operating system for an edition: the image prebuilt from its source
    (vmcore/osimage.py, written by `python -m vmcore.osbuild`), or, if that is missing,
    assembled from the source once."""
    try:
        from .osimage import IMAGES
    except ImportError:
        from .osbuild import assemble_os
        return assemble_os(edition)
    image = IMAGES[edition]
    return Program([Segment(origin, list(words)) for origin, words in image["segments"]],
                   dict(image["symbols"]), data=list(image["data"]),
                   filename=f"lc3os{edition}.asm")


@lru_cache(maxsize=None)
def boot_length(edition: int) -> int:
    """Instructions from power-on to a program's first (the same for every program)."""
    try:
        from .osimage import IMAGES
    except ImportError:
        from .osbuild import measure_boot
        return measure_boot(edition, os_image(edition))
    return IMAGES[edition]["boot"]


class Machine:
    def __init__(self, edition: int = 3, access_control: bool = False,
                 clock: Callable[[], float] | None = None, os_program: Program | None = None,
                 program: Program | None = None):
        """`program`: loaded at power-on, as `load` does, without a second reset.
        `os_program` replaces the edition's OS image (to measure a freshly assembled one)."""
        if edition not in (2, 3):
            raise ValueError("edition must be 2 or 3")
        self.edition = edition
        self.access_control = access_control and edition == 3
        self.bus = Bus()
        self.memory = self.bus.memory
        self.keyboard = Keyboard(lambda: self.instructions)
        self.console = Console()
        self.timer = Timer(clock)
        self.video = Video(self.memory)
        self.system = SystemControl(self)
        for device in (self.video, self.keyboard, self.console, self.timer, self.system):
            self.bus.attach(device)
        self.timer.on_read = self.keyboard.busy
        self.program: Program | None = program
        self.reg = [0] * 8
        self.watches: list[tuple[int, int]] = []   # inclusive address ranges whose writes stop a run
        self.engine = "fast"            # or "interp", the reference interpreter alone
        # A front end that must answer (Stop, a redraw) sets a time.perf_counter() deadline:
        # run() then returns soon after it, with timed_out set.
        self.deadline: float | None = None
        self.timed_out = False
        self.fast = FastEngine(self)
        self.os = os = os_program or os_image(edition)
        self._fault_handlers = {address: text for address, text in
                                ((os.lookup(name), text) for name, text in FAULT_HANDLERS.items())
                                if address is not None}
        self._trap_fault = os.lookup("BAD_TRAP")
        self._user_pc = os.lookup("USER_PC")
        self._user_psr = os.lookup("USER_PSR")
        self.reset()

    # -- state --------------------------------------------------------------------------
    def reset(self) -> None:
        """Power on: clear memory and registers, load the OS and the program, PC = x0200."""
        self.memory[:] = [0] * 0x10000
        self.fast.flush()
        for device in self.bus.devices:
            device.reset()
        self.reg[:] = [0] * 8
        self.reg[6] = SUPERVISOR_STACK
        self.pc = OS_START
        self.ir = 0
        self.psr = 0x0002                       # supervisor, priority 0, Z
        self.saved_ssp = SUPERVISOR_STACK
        self.saved_usp = USER_STACK
        self.halted = False
        self.error: Stop | None = None
        self.fault: Stop | None = None          # set when the OS's fault handler takes over
        # The call stack: (kind, site, target, return address) for each JSR/JSRR (call),
        # TRAP (trap), interrupt and exception not yet returned from.
        self.calls: list[tuple[str, int, int, int]] = []
        self.watch_hit: tuple[int, int, int] | None = None     # (address, old, new)
        self.instructions = 0
        self.user_instructions = 0
        self._load_segments(self.os)
        if self.program is not None:
            self._load_segments(self.program)
            self.memory[self._user_pc] = self.program.entry
            if self._user_psr is not None and self.program.entry < USER_SPACE:
                self.memory[self._user_psr] = 0x0002    # system code starts as supervisor
        self.video.mark_all()

    @property
    def boot_instructions(self) -> int:
        """How many instructions the OS runs before the program's first one."""
        return boot_length(self.edition)

    def schedule_keys(self, keys: bytes, delay: int) -> None:
        """Feed keys as LC3Tools' graders do: key k arrives once the program has executed
        delay + k * (delay + 1) instructions (the OS's boot does not count)."""
        self.keyboard.schedule(keys, delay, self.boot_instructions)

    def load(self, program: Program) -> None:
        """Make `program` the one this machine runs, and reset to boot it."""
        self.program = program
        self.reset()

    def _load_segments(self, program: Program) -> None:
        for seg in program.segments:
            self.memory[seg.origin:seg.end] = seg.words

    @property
    def user_mode(self) -> bool:
        return bool(self.psr & 0x8000)

    @property
    def priority(self) -> int:
        return (self.psr >> 8) & 7

    @property
    def cc(self) -> str:
        return "".join(c for c, bit in zip("NZP", (4, 2, 1)) if self.psr & bit)

    def set_cc(self, value: int) -> None:
        self.psr = (self.psr & ~7) | (4 if value & 0x8000 else 2 if value == 0 else 1)

    # -- memory through the bus, with the 3rd edition's access control --------------------
    def _check(self, address: int) -> None:
        if self.access_control and self.psr & 0x8000 and \
                (address < USER_SPACE or address >= DEVICE_SPACE):
            raise _Exception(ACCESS_VIOLATION_VECTOR)

    def read(self, address: int) -> int:
        self._check(address)
        return self.bus.read(address)

    def write(self, address: int, value: int) -> None:
        self._check(address)
        self.store(address, value)

    def store(self, address: int, value: int) -> None:
        """Write memory as the machine does, keeping translated code in step with it."""
        if self.watches and self.watch_hit is None:
            for lo, hi in self.watches:
                if lo <= address <= hi:
                    self.watch_hit = (address, self.memory[address], value)
                    break
        self.poke(address, value)

    def poke(self, address: int, value: int) -> None:
        """Write a word from outside the program (loader, debugger): no watchpoint fires."""
        self.bus.write(address, value & 0xFFFF)
        if self._code[address]:
            self.fast.invalidate(address)

    def set_watches(self, ranges) -> None:
        self.watches = [(lo & 0xFFFF, hi & 0xFFFF) for lo, hi in ranges]
        self.fast.set_watches(self.watches)

    # -- the call stack ------------------------------------------------------------------
    def called(self, frame: tuple[str, int, int, int]) -> None:
        self.calls.append(frame)
        if len(self.calls) > MAX_FRAMES:
            del self.calls[0]

    def returned(self, target: int) -> None:
        """Control went to `target` by RET or RTI: drop the frame that returns there."""
        calls = self.calls
        for k in range(len(calls) - 1, -1, -1):
            if calls[k][3] == target:
                del calls[k:]
                return

    def _push(self, value: int) -> None:
        self.reg[6] = (self.reg[6] - 1) & 0xFFFF
        self.store(self.reg[6], value)

    def _pop(self) -> int:
        value = self.bus.read(self.reg[6])
        self.reg[6] = (self.reg[6] + 1) & 0xFFFF
        return value

    # -- interrupts and exceptions (3rd edition) -----------------------------------------
    def _enter_supervisor(self, return_pc: int, table_address: int, priority: int | None,
                          kind: str, site: int) -> None:
        """Save PSR and PC on the supervisor stack and jump through a vector table entry."""
        psr = self.psr
        if psr & 0x8000:
            self.saved_usp = self.reg[6]
            self.reg[6] = self.saved_ssp
        self._push(psr)
        self._push(return_pc)
        psr &= 0x7FFF
        if priority is not None:
            psr = (psr & ~0x0700) | (priority << 8)
        self.psr = psr
        self.pc = self.bus.read(table_address)
        self.called((kind, site, self.pc, return_pc))
        self._note_fault(return_pc)

    def _note_fault(self, return_pc: int) -> None:
        """Remember what went wrong when control reaches one of the OS's fault handlers."""
        text = self._fault_handlers.get(self.pc)
        if text and self.fault is None:
            where = (return_pc - 1) & 0xFFFF if self.pc == self._trap_fault else return_pc
            self.fault = Stop("error", where, f"{text} at x{where:04X}")

    def interrupt_pending(self) -> bool:
        return (self.edition == 3 and self.keyboard.interrupting
                and KEYBOARD_PRIORITY > (self.psr >> 8) & 7)

    # -- the reference interpreter -------------------------------------------------------
    def step(self) -> None:
        """Execute one instruction (taking a pending interrupt first)."""
        if self.halted:
            return
        if self.interrupt_pending():
            self._enter_supervisor(self.pc, 0x0100 + KEYBOARD_VECTOR, KEYBOARD_PRIORITY,
                                   "interrupt", self.pc)
        pc = self.pc
        try:
            self._execute(pc)
        except _Exception as e:
            self._enter_supervisor(pc, 0x0100 + e.vector, None, "exception", pc)
        except MachineError as e:
            self.pc = pc
            self.halted = True
            self.error = Stop("error", pc, str(e))

    def _execute(self, pc: int) -> None:
        self.instructions += 1          # counted even if the fetch faults: one step each
        if pc >= USER_SPACE:
            self.user_instructions += 1
        ir = self.read(pc)
        self.ir = ir
        self.pc = npc = (pc + 1) & 0xFFFF
        op = ir >> 12
        reg = self.reg
        f = isa.fields(ir)

        if op == isa.OP_ADD or op == isa.OP_AND:
            dr, sr1, third = f
            b = third & 0xFFFF if ir & 0x20 else reg[third]
            value = (reg[sr1] + b if op == isa.OP_ADD else reg[sr1] & b) & 0xFFFF
            reg[dr] = value
            self.set_cc(value)
        elif op == isa.OP_NOT:
            dr, sr = f
            reg[dr] = value = ~reg[sr] & 0xFFFF
            self.set_cc(value)
        elif op == isa.OP_BR:
            if (ir >> 9) & self.psr & 7:
                self.pc = (npc + f[0]) & 0xFFFF
        elif op == isa.OP_JMP:
            self.pc = reg[f[0]]
            if f[0] == 7:
                self.returned(self.pc)
        elif op == isa.OP_JSR:
            target = (npc + f[0]) & 0xFFFF if ir & 0x0800 else reg[f[0]]
            reg[7] = npc
            self.pc = target
            self.called(("call", pc, target, npc))
        elif op == isa.OP_LD or op == isa.OP_LDI:
            dr, offset = f
            address = (npc + offset) & 0xFFFF
            if op == isa.OP_LDI:
                address = self.read(address)
            reg[dr] = value = self.read(address)
            self.set_cc(value)
        elif op == isa.OP_LDR:
            dr, base, offset = f
            reg[dr] = value = self.read((reg[base] + offset) & 0xFFFF)
            self.set_cc(value)
        elif op == isa.OP_LEA:
            dr, offset = f
            reg[dr] = value = (npc + offset) & 0xFFFF
            if self.edition == 2:
                self.set_cc(value)
        elif op == isa.OP_ST or op == isa.OP_STI:
            sr, offset = f
            address = (npc + offset) & 0xFFFF
            if op == isa.OP_STI:
                address = self.read(address)
            self.write(address, reg[sr])
        elif op == isa.OP_STR:
            sr, base, offset = f
            self.write((reg[base] + offset) & 0xFFFF, reg[sr])
        elif op == isa.OP_TRAP:
            if self.edition == 2:
                reg[7] = npc
                self.pc = self.bus.read(f[0])
                self.called(("trap", pc, self.pc, npc))
                self._note_fault(npc)
            else:
                self._enter_supervisor(npc, f[0], None, "trap", pc)
        elif op == isa.OP_RTI:
            if self.edition == 2:
                raise MachineError(f"RTI at x{pc:04X}: the 2nd edition has no RTI "
                                   "(illegal instruction)")
            if self.psr & 0x8000:
                raise _Exception(PRIVILEGE_VECTOR)
            self.pc = self._pop()
            self.psr = self._pop() & 0x8707
            if self.psr & 0x8000:
                self.saved_ssp = reg[6]
                reg[6] = self.saved_usp
            self.returned(self.pc)
        else:   # the reserved opcode 1101
            if self.edition == 2:
                raise MachineError(f"illegal instruction x{ir:04X} at x{pc:04X} "
                                   "(reserved opcode 1101)")
            raise _Exception(ILLEGAL_OPCODE_VECTOR)

    # -- running -------------------------------------------------------------------------
    def stop_state(self) -> Stop | None:
        """Why the machine cannot go on by itself, if it cannot."""
        if self.error:
            return self.error
        if self.halted:
            return Stop("halted", self.pc, "halted")
        return None

    def run(self, max_steps: int | None = None, breakpoints=frozenset()) -> Stop:
        """Run until the program halts, fails, waits for input, writes a watched address,
        reaches one of `breakpoints` (after its first instruction), or `max_steps`
        instructions have run; with the fast engine or (engine = "interp") the reference
        interpreter."""
        start = self.instructions
        budget = (1 << 62) if max_steps is None else max_steps
        self.watch_hit = None
        self.timed_out = False
        if self.engine == "fast":
            self.fast.run(budget, breakpoints)
        else:
            step, keyboard, target = self.step, self.keyboard, start + budget
            deadline = self.deadline
            while not self.halted and self.instructions < target and not keyboard.waiting:
                if breakpoints and self.pc in breakpoints and self.instructions > start:
                    break
                step()
                if self.watch_hit:
                    break
                if deadline is not None and not self.instructions & 511 \
                        and time.perf_counter() >= deadline:
                    self.timed_out = True
                    break
        state = self.stop_state()
        if state:
            return state
        if self.watch_hit:
            address, old, new = self.watch_hit
            return Stop("watchpoint", self.pc, f"x{address:04X} changed from x{old:04X} "
                                               f"to x{new:04X}")
        if breakpoints and self.pc in breakpoints and self.instructions > start:
            return Stop("breakpoint", self.pc, f"breakpoint at x{self.pc:04X}")
        if self.keyboard.waiting:
            self.keyboard.starved = 0        # so that a resumed run polls a while again
            return Stop("input", self.pc, "waiting for input")
        return Stop("steps", self.pc, f"stopped after {self.instructions - start:,} "
                                      "instructions")
