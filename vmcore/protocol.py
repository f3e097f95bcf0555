"""The message protocol between the playground page and its worker.

The page never calls Python.  It posts messages to a Web Worker, which hands each one to
`Protocol.handle` and posts back the replies, unchanged.  Messages are plain objects
(structured-clone values): strings, numbers, booleans, lists, objects and byte arrays.

Page -> worker (`type` and its fields):
  load       source, filename, edition (2|3), access_control   assemble and load
  load_obj   data (bytes), sym (text or null), filename, edition, access_control
  run        input (optional text): boot the loaded program again and run it, with the
             input's keys waiting in the keyboard from the start
  debug      action (start|continue|step|over|out|back|reverse|to), line (for "to"):
             a debugger action; "back" and "reverse" finish at once, the others run in
             ticks like "run"
  breakpoints  lines: the source lines that carry a breakpoint
  set        target ("R0".."R7", "PC", "PSR", or an address), value: edit the machine
  inspect    memory (an address, a label, or null), count: ask for the debugger's view
  watch      address (an address, a label, or null to clear), count: stop the program
             after it writes any of those words
  tick       seconds: run one time slice of at most that long; the worker sends these
             while the state is "running", with the real time since the last tick, which
             a slow speed turns into that many seconds' worth of instructions
  stop       stop running
  reset      reload the program and boot again
  key        text: keys typed, in order
  speed      ips: instructions per second, 0 for full speed; a slow speed paces the
             program, not the OS's boot, which runs at full speed
  export     ask for the assembled .obj and .sym
  check      source, id: assemble without loading, for the editor's errors as the user
             types; the loaded program and the machine are left as they are

Worker -> page:
  ready      version, mnemonics, directives, registers    the VM is loaded; the words are
                                                           the ISA table's, for highlighting
  loaded     ok, diagnostics [{line, column, end_column, severity, message}], message,
             symbols {label: address}, filename, and for an object file (no source)
             listing [{address, word, label, text}]: its disassembly, to show in its place
  output     data (bytes written to the console since the last reply)
  display    rows [{first, count, words (RGB555, little-endian bytes)}]
  status     state (idle|running|input|paused|halted|error|stopped), message, pc,
             instructions, speed (instructions per second over the last second), keyboard
             (the program has read the keyboard since it booted)
  debug      registers {R0..R7, PC, IR, PSR}, changed [names], psr {user, priority, cc},
             pc, line (of the PC in the source, or null), disassembly [{address, word,
             label, text, breakpoint}], stack [{kind, site, target, return_address,
             site_label, target_label}], history {earliest, now, frontier, snapshots,
             bytes}, breakpoint_lines, watches [[first, last]], and memory {start, words}
             when asked for; live (true while running); sent whenever the program is not
             running, and while it runs: after every tick at a slow speed (each of the
             program's instructions is seen), every LIVE_EVERY seconds at full speed.
             After HALT it shows the program's HALT line and the registers it left.
  breakpoints  lines: where the breakpoints took effect (the first line with code)
  exported   obj (bytes), sym (text), filename
  checked    id (the check's), diagnostics (as in loaded, at most MAX_CHECKED), more
             (how many were left out)
  error      message                                       a message the VM could not handle
"""
from __future__ import annotations

import time
import traceback
from collections import deque

from . import __version__, isa
from .assembler import assemble
from .diagnostics import AssemblyError
from .session import REGISTERS, Session

MAX_SLICE = 0.05        # seconds: the longest the worker is deaf to Stop
MAX_CHECKED = 200       # diagnostics a check sends: an editor shows no more than this
LIVE_EVERY = 0.25       # seconds between views of a program running at full speed
RATE_WINDOW = 1.0       # seconds of history behind the speed a status reports
MAX_LISTING = 4096      # words of an object file's disassembly sent when it loads


class Protocol:
    def __init__(self) -> None:
        self.session = Session()
        self.ips = 0             # 0: full speed
        self.credit = 0.0        # instructions a slow speed has earned and not yet run
        self.filename = "program.asm"
        self.memory_at = None    # the memory window the page shows (address or label)
        self.memory_count = 64
        self.last_live = 0.0     # when the page last got a view of the running program
        self.rate: deque[tuple[float, int]] = deque()    # (time, instructions) of ticks

    def warm(self) -> None:
        """Build the machine (and assemble the OS) now, while the user reads the page:
        the worker calls this once, just after it has said it is ready."""
        self.session.machine

    def ready(self) -> list[dict]:
        return [{"type": "ready", "version": __version__,
                 "mnemonics": sorted(isa.MNEMONICS), "directives": list(isa.DIRECTIVES),
                 "registers": [f"R{i}" for i in range(8)]}]

    def handle(self, message: dict) -> list[dict]:
        """Replies to one message; never raises."""
        try:
            kind = message.get("type")
            handler = getattr(self, f"on_{kind}", None)
            if handler is None:
                return [{"type": "error", "message": f"unknown message type {kind!r}"}]
            return handler(message)
        except Exception as e:       # a bug must not kill the worker: report it instead
            return [{"type": "error", "message": f"{type(e).__name__}: {e}",
                     "detail": traceback.format_exc()}]

    # -- handlers ------------------------------------------------------------------------
    def on_load(self, msg: dict) -> list[dict]:
        s = self.session
        s.configure(int(msg.get("edition", 3)), bool(msg.get("access_control", False)))
        self.filename = msg.get("filename") or "program.asm"
        result = s.load_source(str(msg.get("source", "")), self.filename)
        return [self._loaded(result), *self._updates()]

    def on_load_obj(self, msg: dict) -> list[dict]:
        s = self.session
        s.configure(int(msg.get("edition", 3)), bool(msg.get("access_control", False)))
        self.filename = msg.get("filename") or "program.obj"
        result = s.load_object(bytes(msg.get("data") or b""), msg.get("sym"), self.filename)
        return [self._loaded(result), *self._updates()]

    def _loaded(self, result) -> dict:
        program = self.session.program if result.ok else None
        reply = {"type": "loaded", "ok": result.ok, "message": result.message,
                 "diagnostics": [d.to_dict() for d in result.diagnostics],
                 "symbols": dict(program.symbols) if program else {},
                 "filename": self.filename}
        if program is not None and not program.source_map:
            reply["listing"] = self.session.listing(MAX_LISTING)
        return reply

    def on_run(self, msg: dict) -> list[dict]:
        if self.session.program is None:
            return [{"type": "error", "message": "nothing to run: load a program first"}]
        self.session.start("run")
        self.rate.clear()
        if msg.get("input"):
            self.session.key(str(msg["input"]))
        return self._updates()

    def on_debug(self, msg: dict) -> list[dict]:
        if self.session.program is None:
            return [{"type": "error", "message": "nothing to debug: load a program first"}]
        line = msg.get("line")
        self.session.start(str(msg.get("action")), int(line) if line is not None else None)
        self.rate.clear()
        return self._updates()

    def on_breakpoints(self, msg: dict) -> list[dict]:
        lines = self.session.set_breakpoint_lines(int(n) for n in msg.get("lines") or [])
        return [{"type": "breakpoints", "lines": lines}, *self._updates()]

    def on_set(self, msg: dict) -> list[dict]:
        s = self.session
        target = str(msg.get("target", "")).strip()
        value = int(msg.get("value", 0))
        if target.upper() in REGISTERS:
            s.set_register(target, value)
        else:
            address = s.debugger.resolve(target)
            if address is None:
                return [{"type": "error", "message": f"no address or label {target!r}"}]
            s.set_memory(address, value)
        return self._updates(force_debug=True)

    def on_watch(self, msg: dict) -> list[dict]:
        s = self.session
        where = msg.get("address")
        if where is None or str(where).strip() == "":
            s.watch(None)
            return self._updates(force_debug=True)
        address = s.debugger.resolve(str(where))
        if address is None:
            return [{"type": "error", "message": f"no address or label {where!r}"}]
        s.watch(address, int(msg.get("count", 1)))
        return self._updates(force_debug=True)

    def on_inspect(self, msg: dict) -> list[dict]:
        self.memory_at = msg.get("memory", self.memory_at)
        self.memory_count = int(msg.get("count", self.memory_count))
        return self._updates(force_debug=True)

    def on_tick(self, msg: dict) -> list[dict]:
        s = self.session
        if s.state != "running":
            return self._updates()
        seconds = min(float(msg.get("seconds", 0.02)), MAX_SLICE)
        if self.ips and s.booting:
            s.finish_boot(MAX_SLICE)         # the boot at full speed; the pace starts after
            self.credit = 0.0
        elif self.ips:
            self.credit = min(self.credit + self.ips * seconds, max(1.0, self.ips * MAX_SLICE))
            if self.credit < 1:
                return self._updates()
            limit = int(self.credit)
            self.credit -= limit
            s.run_slice(MAX_SLICE, limit)
        else:
            s.run_slice(seconds)
        self._measure()
        return self._updates()

    def _measure(self) -> None:
        now = time.perf_counter()
        self.rate.append((now, self.session.machine.instructions))
        while len(self.rate) > 2 and now - self.rate[0][0] > RATE_WINDOW:
            self.rate.popleft()

    def _speed(self) -> int:
        """Instructions per second over the last second (0 until a fifth of one has passed);
        at full speed the last slice's until then."""
        if len(self.rate) >= 2:
            (t0, n0), (t1, n1) = self.rate[0], self.rate[-1]
            if t1 - t0 >= 0.2:
                return round((n1 - n0) / (t1 - t0))
        return 0 if self.ips else round(self.session.speed)

    def on_stop(self, msg: dict) -> list[dict]:
        self.session.stop()
        return self._updates()

    def on_reset(self, msg: dict) -> list[dict]:
        self.session.reset()
        return self._updates()

    def on_key(self, msg: dict) -> list[dict]:
        self.session.key(str(msg.get("text", "")))
        return self._updates()

    def on_speed(self, msg: dict) -> list[dict]:
        self.ips = max(0, int(msg.get("ips", 0)))
        self.credit = 0.0
        self.rate.clear()
        return []

    def on_export(self, msg: dict) -> list[dict]:
        program = self.session.program
        if program is None:
            return [{"type": "error", "message": "nothing to export: load a program first"}]
        return [{"type": "exported", "obj": program.to_obj(), "sym": program.to_sym(),
                 "filename": self.filename}]

    def on_check(self, msg: dict) -> list[dict]:
        try:
            diagnostics = assemble(str(msg.get("source", "")), self.filename).warnings
        except AssemblyError as e:
            diagnostics = e.diagnostics
        shown = diagnostics[:MAX_CHECKED]
        return [{"type": "checked", "id": msg.get("id"),
                 "diagnostics": [d.to_dict() for d in shown],
                 "more": len(diagnostics) - len(shown)}]

    # -- replies -------------------------------------------------------------------------
    def _updates(self, force_debug: bool = False) -> list[dict]:
        s = self.session
        out: list[dict] = []
        data = s.take_output()
        if data:
            out.append({"type": "output", "data": data})
        rows = s.take_display()
        if rows:
            out.append({"type": "display", "rows": [
                {"first": first, "count": count, "words": words} for first, count, words in rows]})
        m = s.machine
        out.append({"type": "status", "state": s.state, "message": s.message, "pc": m.pc,
                    "instructions": m.instructions, "speed": self._speed(),
                    "keyboard": s.keyboard_polled})
        running = s.state == "running"
        now = time.perf_counter()
        live = running and (self.ips or now - self.last_live >= LIVE_EVERY)
        if s.program is not None and (force_debug or not running or live):
            start = s.debugger.resolve(str(self.memory_at)) if self.memory_at is not None \
                else None
            if self.memory_at is not None and start is None:
                out.append({"type": "error", "message": f"no address or label "
                                                        f"{self.memory_at!r}"})
                self.memory_at = None
            view = s.inspect(start, self.memory_count)
            out.append({"type": "debug", **view, "live": running})
            if running:              # changes are shown from one view to the next
                self.last_live = now
                s.last_registers = view["registers"]
        return out
