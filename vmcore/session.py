"""One object a front end drives: load a program, run it in time slices, feed it keys, and
collect its output, the display rows that changed, and why it stopped.

It knows nothing of browsers or terminals; the web worker reaches it through `protocol`.
"""
from __future__ import annotations

import time
from array import array
from dataclasses import dataclass, field

from .assembler import assemble
from .devices import VIDEO_BASE, VIDEO_WIDTH
from .diagnostics import AssemblyError, Diagnostic
from .machine import Machine
from .program import ObjectFileError, Program, read_obj, read_sym

SLICE_TARGET = 0.004      # seconds one machine.run call aims for, so a slice ends on time


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
        self.program: Program | None = None
        self.source = ""
        self.chunk = 10_000          # instructions per machine.run, adapted to SLICE_TARGET
        self.state = "idle"          # idle, running, input, halted, error, stopped
        self.message = ""
        self.speed = 0.0             # instructions per second over the last slice

    @property
    def machine(self) -> Machine:
        if self._machine is None:
            self._machine = Machine(self.edition, self.access_control)
        return self._machine

    # -- loading -------------------------------------------------------------------------
    def configure(self, edition: int, access_control: bool) -> None:
        if (edition, access_control) != (self.edition, self.access_control):
            self.edition, self.access_control = edition, access_control
            self._machine = None
            if self.program:
                self.machine.load(self.program)

    def load_source(self, source: str, filename: str = "program.asm") -> LoadResult:
        self.source = source
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
        self.source = ""
        self._install(program)
        return LoadResult(True)

    def _install(self, program: Program) -> None:
        self.program = program
        self.machine.load(program)
        self.state, self.message = "idle", ""

    def reset(self) -> None:
        self.machine.reset()
        self.state, self.message = "idle", ""

    # -- running -------------------------------------------------------------------------
    def key(self, text: str) -> None:
        """Keys typed by the user; Enter arrives as a newline, as the LC-3 tools expect."""
        self.machine.keyboard.push(text.replace("\r\n", "\n").replace("\r", "\n"))
        if self.state == "input":
            self.state = "running"

    def run_slice(self, seconds: float, max_instructions: int | None = None) -> str:
        """Run for about `seconds` (or `max_instructions`), then say the state."""
        m = self.machine
        if self.program is None:
            self.state, self.message = "error", "no program is loaded"
            return self.state
        start_time = time.perf_counter()
        start = m.instructions
        deadline = start_time + seconds
        left = max_instructions
        while True:
            budget = self.chunk if left is None else min(self.chunk, left)
            t = time.perf_counter()
            stop = m.run(budget)
            elapsed = time.perf_counter() - t
            done = m.instructions - start
            if elapsed > 0 and stop.reason == "steps" and left is None:
                self.chunk = max(1000, min(2_000_000, int(self.chunk * SLICE_TARGET / elapsed)))
            if stop.reason != "steps":
                break
            if left is not None:
                left = max_instructions - done
                if left <= 0:
                    break
            if time.perf_counter() >= deadline:
                break
        wall = time.perf_counter() - start_time
        self.speed = (m.instructions - start) / wall if wall > 0 else 0.0
        if stop.reason == "halted" and m.fault is None:
            self.state, self.message = "halted", "halted"
        elif stop.reason in ("halted", "error"):
            self.state, self.message = "error", str(m.fault or stop)
        elif stop.reason == "input":
            self.state, self.message = "input", "waiting for input"
        else:
            self.state, self.message = "running", ""
        return self.state

    def stop(self) -> None:
        if self.state in ("running", "input"):
            self.state, self.message = "stopped", f"stopped at x{self.machine.pc:04X}"

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
            if words.itemsize != 2:                    # pragma: no cover - exotic platforms
                raise RuntimeError("array('H') is not 16-bit here")
            data = words.tobytes() if _LITTLE else _swap(words)
            out.append((first, count, data))
        return out

    def registers(self) -> dict:
        m = self.machine
        return {"r": list(m.reg), "pc": m.pc, "ir": m.ir, "psr": m.psr,
                "instructions": m.instructions, "user_instructions": m.user_instructions}


_LITTLE = array("H", [1]).tobytes() == b"\x01\x00"


def _swap(words: array) -> bytes:
    copy = array("H", words)
    copy.byteswap()
    return copy.tobytes()
