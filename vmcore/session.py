"""One object a front end drives: load a program, run it in time slices, step it in either
direction, feed it keys, and collect its output, the display rows that changed, why it
stopped, and what a debugger shows.

Every run goes through the debugger, so that after any stop the user can step back.  It
knows nothing of browsers or terminals; the web worker reaches it through `protocol`.
"""
from __future__ import annotations

import time
from array import array
from dataclasses import dataclass, field

from .assembler import assemble
from .debugger import MAX_BREAKPOINTS, NOT_DONE, Debugger
from .devices import VIDEO_BASE, VIDEO_WIDTH
from .diagnostics import AssemblyError, Diagnostic
from .explain import Explanation, explain
from .machine import Machine, Stop
from .program import ObjectFileError, Program, read_obj, read_sym

SLICE_TARGET = 0.004      # seconds one debugger.resume call aims for, so a slice ends on time
UNCUT = 10_000            # instructions a resume call does whole, whatever the clock says
REGISTERS = ("R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "PC", "IR", "PSR")


@dataclass
class LoadResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    message: str = ""


class Session:
    def __init__(self, edition: int = 3, access_control: bool = False) -> None:
        self.edition = edition
        self.access_control = access_control
        self._machine: Machine | None = None     # built on first use: it costs start-up
        self._debugger: Debugger | None = None
        self.program: Program | None = None
        self.breakpoint_lines: set[int] = set()      # as the user set them
        self.placed_lines: list[int] = []             # where they took effect
        self.chunk = UNCUT           # instructions per resume, adapted to SLICE_TARGET
        self.state = "idle"          # idle, running, input, paused, halted, error, stopped
        self.message = ""
        self.speed = 0.0             # instructions per second over the last slice
        self.last_registers: dict[str, int] = {}
        self.explanation: Explanation | None = None   # why it stopped, in a beginner's words
        self.keyboard_polled = False     # the program has looked at the keyboard since boot
        self.booting = True              # the OS's boot has not reached the program yet
        self.halt_count: int | None = None   # instructions before the program's HALT ran
        self._forward: list[list] = []   # [count before, count after] of recent steps

    @property
    def machine(self) -> Machine:
        if self._machine is None:
            self._machine = Machine(self.edition, self.access_control)
            self._debugger = Debugger(self._machine)
            self._notice_keyboard_reads(self._machine.keyboard)
        return self._machine

    def _notice_keyboard_reads(self, keyboard) -> None:
        # A front end gives the keyboard to a program that reads it (a game that polls
        # KBSR between timer ticks never waits for a key).  The bus looks the device's
        # read up at each access, so this wrapper sees every read of KBSR and KBDR.
        read = keyboard.read

        def noticing(address: int) -> int:
            self.keyboard_polled = True
            return read(address)
        keyboard.read = noticing

    @property
    def debugger(self) -> Debugger:
        self.machine
        return self._debugger

    # -- loading -------------------------------------------------------------------------
    def configure(self, edition: int, access_control: bool) -> None:
        if (edition, access_control) != (self.edition, self.access_control):
            self.edition, self.access_control = edition, access_control
            self._machine = self._debugger = None

    def load_source(self, source: str, filename: str = "program.asm") -> LoadResult:
        try:
            program = assemble(source, filename)
        except AssemblyError as e:
            self.program = None          # the source changed: never run an older program
            errors = e.errors
            first = errors[0]
            self.state = "error"
            self.message = (f"{len(errors)} error{'s' * (len(errors) != 1)}: "
                            f"line {first.line}: {first.message}")
            return LoadResult(False, e.diagnostics, self.message)
        self._install(program)
        return LoadResult(True, program.warnings)

    def load_object(self, data: bytes, sym: str | None = None,
                    filename: str = "program.obj") -> LoadResult:
        try:
            program = read_obj(data, filename)
        except ObjectFileError as e:
            self.program = None
            self.state, self.message = "error", str(e)
            return LoadResult(False, [], str(e))
        if sym:
            program.symbols = read_sym(sym)
        self._install(program)
        return LoadResult(True)

    def _install(self, program: Program) -> None:
        self.program = program
        self.machine.load(program)
        self.debugger.restart()
        self.set_breakpoint_lines(self.breakpoint_lines)
        self.state, self.message = "idle", ""
        self.explanation = None
        self.last_registers = self.registers()

    def reset(self) -> None:
        self.debugger.reset()
        self.state, self.message = "idle", ""
        self.explanation = None
        self.last_registers = self.registers()
        self.keyboard_polled = False
        self.booting = True
        self.halt_count = None
        self._forward.clear()

    # -- breakpoints ---------------------------------------------------------------------
    def set_breakpoint_lines(self, lines) -> list[int]:
        """Breakpoints on source lines; each moves to the first line with code at or after
        it.  Returns the lines they ended up on."""
        self.breakpoint_lines = set(sorted(set(lines))[:MAX_BREAKPOINTS])
        if self.program is None:                  # nothing to place them in yet
            self.placed_lines = sorted(self.breakpoint_lines)
            return self.placed_lines
        found = self.debugger.addresses_of_lines(self.breakpoint_lines)
        self.debugger.set_breakpoints(address for address, _ in found)
        self.placed_lines = sorted({line for _, line in found})
        return self.placed_lines

    # -- running and stepping -----------------------------------------------------------------
    def start(self, action: str, argument: int | None = None) -> None:
        """Begin a debugger action: run (from a fresh boot), start (boot, then pause at the
        program's first instruction), continue, step, over, out, back, reverse, or to (a
        source line)."""
        if self.program is None:
            self.state, self.message = "error", "nothing to run: load a program first"
            return
        d = self.debugger
        m = self.machine
        self.explanation = None
        ended = m.halted or self.state == "halted"     # (the view of a halt is not halted)
        if action == "start" or (ended and action in ("step", "over", "out")):
            self.reset()
            d.run_to(self.program.entry, max_steps=0)
            self.state, self.message = "running", ""
            return
        if action == "run" or (action == "continue" and ended):
            self.reset()
            action = "continue"
        if ended and action == "to":
            self.reset()
        self.last_registers = self.registers()
        if action == "back":
            if (argument or 1) == 1 and self._forward and self._forward[-1][1] == m.instructions:
                # Back over what the last step did as one step: a TRAP stepped over
                # comes back to its line at once, as it went forward.
                before, _ = self._forward.pop()
                stop = d.back(m.instructions - before)
            else:
                stop = d.back(argument or 1)
            self._stopped(stop)
            return
        if action == "reverse":             # replays the history: run_slice does it in slices
            d.start_reverse()
            self.state, self.message = "running", ""
            return
        if action in ("step", "over", "out"):
            self._forward = self._forward[-999:] + [[m.instructions, None]]
        if action == "to":
            found = d.address_of_line(argument or 1)
            if found is None:
                self.state, self.message = "paused", f"no code at or after line {argument}"
                return
            d.run_to(found[0], max_steps=0)
        else:
            operation = {"continue": d.cont, "step": lambda max_steps: d.step(1, max_steps),
                         "over": d.step_over, "out": d.step_out}.get(action)
            if operation is None:
                raise ValueError(f"unknown debugger action {action!r}")
            operation(max_steps=0)
        self.state, self.message = "running", ""

    def scheduled_keys(self, text: str, delay: int) -> None:
        """Keys that arrive as LC3Tools' graders feed them: key k once the program has
        executed delay + k * (delay + 1) instructions."""
        if self.program is not None:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            self.debugger.schedule_keys(text.encode("latin-1", errors="replace"), delay)

    def key(self, text: str) -> None:
        """Keys typed by the user; Enter arrives as a newline, as the LC-3 tools expect."""
        if self.program is None:
            return
        self.debugger.key(text.replace("\r\n", "\n").replace("\r", "\n"))
        if self.state == "input":
            self.state = "running"
            self.explanation = None

    def run_slice(self, seconds: float, max_instructions: int | None = None,
                  until_booted: bool = False) -> str:
        """Go on with the action in progress for about `seconds` (or at most
        `max_instructions`; or, with `until_booted`, only as far as the program's first
        instruction), then say the state."""
        if self.state != "running":
            return self.state
        d, m = self.debugger, self.machine
        start_time = time.perf_counter()
        start = m.instructions
        deadline = start_time + seconds
        try:
            while True:
                done = m.instructions - start
                budget = self.chunk if max_instructions is None else \
                    min(self.chunk, max_instructions - done)
                if budget <= 0:
                    break
                # A chunk the size of a first one is done whole: it takes milliseconds
                # even on the interpreter, so what it does never depends on how busy the
                # computer is.  Larger chunks (grown during fast code, which may slow
                # down) have the engines look at the clock as they go.  The boot is done
                # whole too, so a slow run's pace always starts at the program's first
                # instruction.
                m.deadline = None if until_booted or budget <= UNCUT else deadline
                t = time.perf_counter()
                stop = self._resume(budget)
                elapsed = time.perf_counter() - t
                self._note_keyboard()
                if stop.reason != NOT_DONE:
                    self._stopped(stop)
                    break
                if until_booted and not self.booting:
                    break
                if elapsed > 0 and max_instructions is None and not m.timed_out:
                    self.chunk = max(1000, min(2_000_000,
                                               int(self.chunk * SLICE_TARGET / elapsed)))
                if time.perf_counter() >= deadline:
                    break
        finally:
            m.deadline = None
        wall = time.perf_counter() - start_time
        self.speed = (m.instructions - start) / wall if wall > 0 else 0.0
        return self.state

    def _resume(self, budget: int) -> Stop:
        """debugger.resume, noting two moments on the way without stopping there: the
        program's first instruction (the boot is over: a slow speed starts pacing) and the
        entry of the OS's HALT routine (where the program's own state is last seen)."""
        d, m = self.debugger, self.machine
        goal = d.goal
        marks = set()
        halts = self.program.halts if self.program is not None else frozenset()
        if goal is not None and not d.reversing and goal.budget is None:
            if self.booting and self.program is not None:
                marks.add(self.program.entry)
            halt = self._halt_routine()
            if halt is not None and self.halt_count is None:
                marks.add(halt)
                marks |= halts
            marks -= d.breakpoints
        d.breakpoints |= marks
        try:
            stop = d.resume(budget)
        finally:
            d.breakpoints -= marks
        if stop.reason == "breakpoint" and m.pc in marks:
            if self.booting and self.program is not None and m.pc == self.program.entry:
                self.booting = False
            elif m.pc in halts:
                d.snapshot_now()        # showing the HALT line after it ran replays nothing
            else:
                self.halt_count = m.instructions - 1        # the TRAP just ran
            d.goal = goal                                   # and the action goes on
            return Stop(NOT_DONE, m.pc)
        if stop.reason == "step" and self.program is not None and m.pc == self.program.entry:
            self.booting = False
        return stop

    def _halt_routine(self) -> int | None:
        """Where TRAP x25 goes, once the OS has filled the trap table."""
        if self.booting:
            return None
        target = self.machine.memory[0x25]
        return target if target < 0x3000 else None

    def finish_boot(self, seconds: float) -> str:
        """Run the OS's boot at full speed up to the program's first instruction (a slow
        speed paces the program, not the boot)."""
        if self.booting and self.state == "running":
            self.run_slice(seconds, until_booted=True)
        return self.state

    def _note_keyboard(self) -> None:
        if self.machine.keyboard.interrupt_enable:       # keys arrive by interrupt
            self.keyboard_polled = True

    def _stopped(self, stop: Stop) -> None:
        m = self.machine
        if stop.reason == "halted" and m.fault is None:
            self.state, self.message = "halted", "halted"
            self._show_halt()
        elif stop.reason in ("halted", "error"):
            self.state, self.message = "error", str(m.fault or stop)
        elif stop.reason == "input":
            self.state, self.message = "input", "waiting for input"
            self.keyboard_polled = True
        else:            # breakpoint, watchpoint, a finished step, the start of history
            self.state = "paused"
            self.message = stop.message or f"paused at x{m.pc:04X}"
            if stop.reason == "step" and self._forward and self._forward[-1][1] is None:
                self._forward[-1][1] = m.instructions
        self.explanation = explain(m, stop) if self.state in ("error", "input") else None

    def _show_halt(self) -> None:
        """After HALT, show the program as it left itself: its HALT line and its registers,
        not the OS's halt loop.  The machine goes back in its history to just before the
        TRAP (the console keeps what was printed); Continue or Run starts afresh."""
        m, d = self.machine, self.debugger
        if self.halt_count is None or self.halt_count < d.earliest:
            return
        video = m.video
        written = bytes(video.dirty)         # rows the program drew and the page has not seen
        d.back(m.instructions - self.halt_count)
        video.dirty[:] = written             # going back redraws nothing the page lacks

    def stop(self) -> None:
        if self.state in ("running", "input"):
            self.debugger.pause()
            self.state, self.message = "stopped", f"stopped at x{self.machine.pc:04X}"
            self.explanation = explain(self.machine, Stop("stopped", self.machine.pc))

    def watch(self, address: int | None, count: int = 1) -> None:
        """Stop after any write to `count` words from `address` (None: watch nothing)."""
        self.debugger.clear_watches()
        if address is not None:
            self.debugger.watch(address, address + max(1, count) - 1)

    # -- edits ---------------------------------------------------------------------------
    def set_register(self, name: str, value: int) -> None:
        if name.upper() == "IR":
            raise ValueError("IR holds the instruction just executed; it cannot be set")
        self.debugger.set_register(name, value)

    def set_memory(self, address: int, value: int) -> None:
        self.debugger.set_memory(address, value)

    # -- what the front end shows -----------------------------------------------------------
    def take_output(self) -> bytes:
        return self.machine.console.take()

    def take_display(self) -> list[tuple[int, int, bytes]]:
        """Changed display rows as (first row, count, RGB555 words little-endian)."""
        out = []
        memory = self.machine.memory
        for first, count in self.machine.video.take_dirty_rows():
            start = VIDEO_BASE + first * VIDEO_WIDTH
            words = array("H", memory[start:start + count * VIDEO_WIDTH])
            data = words.tobytes() if _LITTLE else _swap(words)
            out.append((first, count, data))
        return out

    def registers(self) -> dict[str, int]:
        m = self.machine
        return {**{f"R{i}": v for i, v in enumerate(m.reg)}, "PC": m.pc, "IR": m.ir,
                "PSR": m.psr}

    def inspect(self, memory_start: int | None = None, memory_count: int = 64) -> dict:
        """What a debugger shows at a stop: registers (and which changed since the action
        began), the source line of the PC, disassembly around it, the call stack, a memory
        window and how far back the history reaches."""
        m, d = self.machine, self.debugger
        regs = self.registers()
        line = self.program.source_map.get(m.pc) if self.program else None
        start = (m.pc - 8) & 0xFFFF
        out = {"registers": regs,
               "changed": [n for n in REGISTERS if self.last_registers.get(n, regs[n]) != regs[n]],
               "psr": {"user": m.user_mode, "priority": m.priority, "cc": m.cc},
               "pc": m.pc, "line": line, "instructions": m.instructions,
               "disassembly": d.disassembly(start, 24),
               "stack": [{"kind": f.kind, "site": f.site, "target": f.target,
                          "return_address": f.return_address, "site_label": f.site_label,
                          "target_label": f.target_label} for f in reversed(d.call_stack())],
               "history": d.history_info(), "breakpoint_lines": self.placed_lines,
               "watches": [list(w) for w in d.watches]}
        if memory_start is not None:
            out["memory"] = self.memory_window(memory_start, memory_count)
        return out

    def listing(self, limit: int = 4096) -> list[dict]:
        """The loaded program's words disassembled, segment by segment (for an object file,
        which has no source to show)."""
        out: list[dict] = []
        for seg in self.program.segments if self.program else []:
            count = min(len(seg.words), limit - len(out))
            if count <= 0:
                break
            out += [{k: row[k] for k in ("address", "word", "label", "text")}
                    for row in self.debugger.disassembly(seg.origin, count)]
        return out

    def memory_window(self, start: int, count: int) -> dict:
        start &= 0xFFFF
        count = max(1, min(count, 512))
        return {"start": start,
                "words": [self.machine.memory[(start + k) & 0xFFFF] for k in range(count)]}


_LITTLE = array("H", [1]).tobytes() == b"\x01\x00"


def _swap(words: array) -> bytes:
    copy = array("H", words)
    copy.byteswap()
    return copy.tobytes()
