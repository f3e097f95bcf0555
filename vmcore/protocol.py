"""The message protocol between the playground page and its worker.

The page never calls Python.  It posts messages to a Web Worker, which hands each one to
`Protocol.handle` and posts back the replies, unchanged.  Messages are plain objects
(structured-clone values): strings, numbers, booleans, lists, objects and byte arrays.

Page -> worker (`type` and its fields):
  load       source, filename, edition (2|3), access_control   assemble and load
  load_obj   data (bytes), sym (text or null), filename, edition, access_control
  run        input (optional text), key_delay (optional): boot the loaded program again
             and run it, with the input's keys waiting in the keyboard from the start, or
             with key_delay N arriving as LC3Tools feeds them (key k after N + k*(N+1) of
             the program's instructions)
  debug      action (start|continue|step|over|out|back|reverse|to), line (for "to"):
             a debugger action; "back" and "reverse" finish at once, the others run in
             ticks like "run"
  breakpoints  lines: the source lines that carry a breakpoint (the first 1,000 are
             taken; those past the program's last line are dropped)
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
  frame      (answered by the worker itself; never reaches Python) the page has drawn the
             last display frame: while a program runs, the worker gathers changed rows and
             sends them as one frame per frame the page draws
  export     ask for the assembled .obj and .sym
  exercise   exercise (TOML text): read an exercise file (vmcore.grading.page)
  check      source, exercise (TOML text): run every test of the exercise on the source
  check_debug  source, exercise, test (index or name): load the program with that test's
             setup and pause at its first instruction (or the subroutine's entry); go on
             with "debug" actions, since "run" and "reset" boot the program afresh
  assemble   source, id: assemble without loading, for the editor's errors as the user
             types; the loaded program and the machine are left as they are

Worker -> page:
  ready      version, mnemonics, directives, registers    the VM is loaded; the words are
                                                           the ISA table's, for highlighting
  loaded     ok, diagnostics [{line, column, end_column, severity, message}] (the first
             1,000), omitted (how many more there are), message, symbols {label: address},
             filename, and for an object file (no source) listing [{address, word, label,
             text}]: its disassembly, to show in its place.  A source over 2 MB (2,000,000
             characters) is refused with one diagnostic saying so.
  output     data (bytes written to the console since the last reply)
  display    rows [{first, count, words (RGB555, little-endian bytes)}]
  status     state (idle|running|input|paused|halted|error|stopped), message, pc,
             instructions, speed (instructions per second over the last second), keyboard
             (the program has read the keyboard since it booted), explanation ({kind, line,
             text} or null): after an error, a Stop or while waiting for input, the common
             mistake recognised (see `explain`), with the source line where execution left
             the program
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
  exercise   ok, diagnostics (mistakes in the file, by line), message, title, statement,
             starter, edition, access_control, max_score, tests [{name, points, call}]
  checked    ok, diagnostics, message, title, score, max_score, tests [{name, passed,
             score, max_score, message}]
  check_debug  ok, test, index, pc, return_trap (then loaded, status and debug as usual)
  assembled  id (the assemble message's), diagnostics (as in loaded, at most MAX_ASSEMBLED),
             more (how many were left out)
  error      message                                       a message the VM could not handle

A message with a bad field (a count of steps back that is not 1 or more, an address outside
x0000-xFFFF, `seconds` that is not a number) is answered with an error and changes nothing:
the next message is handled as if it had not come.

Warming up: once it has said ready, and until the page sends a message that touches the
machine, the worker runs Protocol.WARM_UP through load, run and tick itself (dropping the
replies), then calls `forget()`: the page finds a protocol that has had no message, and a
first Run that goes at full speed.
"""
from __future__ import annotations

import math
import time
import traceback
from collections import deque

from . import __version__, isa
from .assembler import assemble
from .diagnostics import AssemblyError, capped
from .grading import page as grading_page
from .program import MAX_OBJECT_BYTES
from .session import REGISTERS, Session

MAX_SLICE = 0.05        # seconds: the longest the worker is deaf to Stop
MAX_IPS = 1_000_000_000  # a slow speed above this is full speed in all but name
MAX_ASSEMBLED = 200     # diagnostics an assemble reply sends: an editor shows no more than this
LIVE_EVERY = 0.25       # seconds between views of a program running at full speed
RATE_WINDOW = 1.0       # seconds of history behind the speed a status reports
MAX_LISTING = 4096      # words of an object file's disassembly sent when it loads
# A program that never ends, which a front end runs through the protocol while it is idle
# and then has it forgotten (see forget): its host's code gets optimised for the paths a
# program takes (loops, loads and stores, calls, console output) before the user's first Run.
WARM_UP = """        .ORIG x3000
        LEA R6, TOP
AGAIN   JSR SUM
        LD R0, DOT
        OUT
        BRnzp AGAIN
SUM     ADD R6, R6, #-1         ; saves R7, goes over a table, returns
        STR R7, R6, #0
        LEA R1, TABLE
        AND R2, R2, #0
        ADD R2, R2, #8
EACH    LDR R3, R1, #0
        LDR R4, R1, #1
        NOT R4, R4
        ADD R4, R4, #1
        ADD R5, R3, R4
        BRnz SKIP
        STR R4, R1, #0
SKIP    AND R0, R5, R3
        ADD R5, R5, R0
        STR R5, R1, #1
        ADD R1, R1, #1
        ADD R2, R2, #-1
        BRp EACH
        LDR R7, R6, #0
        ADD R6, R6, #1
        RET
DOT     .FILL x2E
TABLE   .BLKW 9
        .BLKW 4
TOP     .FILL 0
        .END"""


def _number(msg: dict, key: str, default, low, high, kind=int):
    """A numeric field of a message, checked: a clear ValueError for a string, NaN or a
    value out of range, never a conversion error deep inside the machine."""
    value = msg.get(key, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            isinstance(value, float) and math.isnan(value) or not low <= value <= high:
        shown = f"{value!r:.40}"
        span = f"{low} to {high}" if high != math.inf else f"{low} or more"
        raise ValueError(f"{key} must be a number from {span}, not {shown}")
    return kind(value)


class Protocol:
    WARM_UP = WARM_UP

    def __init__(self) -> None:
        self._begin()

    def _begin(self) -> None:
        """The state of a protocol that has had no message."""
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

    def forget(self) -> None:
        """Back to the state of a protocol that has had no message, machine built: the worker
        calls this when it has run WARM_UP through the protocol while the page was idle."""
        self._begin()
        self.warm()

    def ready(self) -> list[dict]:
        return [{"type": "ready", "version": __version__,
                 "mnemonics": sorted(isa.MNEMONICS), "directives": list(isa.DIRECTIVES),
                 "registers": [f"R{i}" for i in range(8)]}]

    def handle(self, message: dict) -> list[dict]:
        """Replies to one message; never raises.  A message that is refused changes
        nothing, so the next one is handled as if it had not come."""
        try:
            if not isinstance(message, dict):
                return [{"type": "error", "message": "a message is an object with a type"}]
            kind = message.get("type")
            handler = getattr(self, f"on_{kind}", None) if isinstance(kind, str) else None
            if handler is None:
                return [{"type": "error", "message": f"unknown message type {kind!r:.60}"}]
            return handler(message)
        except ValueError as e:      # bad values in the message, said in words
            return [{"type": "error", "message": str(e)}]
        except Exception as e:       # a bug must not kill the worker: report it instead
            return [{"type": "error", "message": f"{type(e).__name__}: {e}",
                     "detail": traceback.format_exc()}]

    # -- handlers ------------------------------------------------------------------------
    def _configure(self, msg: dict) -> None:
        edition = _number(msg, "edition", 3, 2, 3)
        self.session.configure(edition, bool(msg.get("access_control", False)))

    def on_load(self, msg: dict) -> list[dict]:
        s = self.session
        self._configure(msg)
        self.filename = str(msg.get("filename") or "program.asm")
        result = s.load_source(str(msg.get("source", "")), self.filename)
        return [self._loaded(result), *self._updates()]

    def on_load_obj(self, msg: dict) -> list[dict]:
        s = self.session
        data = msg.get("data") or b""
        if isinstance(data, (list, tuple)):          # the page sends an array of numbers
            if len(data) > MAX_OBJECT_BYTES or not all(
                    isinstance(b, int) and 0 <= b < 256 for b in data):
                raise ValueError("load_obj needs the object file's bytes as data (at most "
                                 f"{MAX_OBJECT_BYTES / 1e6:g} MB)")
        elif not isinstance(data, (bytes, bytearray, memoryview)):
            raise ValueError("load_obj needs the object file's bytes as data")
        sym = msg.get("sym")
        if sym is not None and not isinstance(sym, str):
            raise ValueError("load_obj takes the symbol file as text")
        self._configure(msg)
        self.filename = str(msg.get("filename") or "program.obj")
        result = s.load_object(bytes(data), sym, self.filename)
        return [self._loaded(result), *self._updates()]

    def _loaded(self, result) -> dict:
        program = self.session.program if result.ok else None
        shown, _ = capped(result.diagnostics)
        reply = {"type": "loaded", "ok": result.ok, "message": result.message,
                 "diagnostics": [d.to_dict() for d in shown],
                 "omitted": len(result.diagnostics) - len(shown),
                 "symbols": dict(program.symbols) if program else {},
                 "filename": self.filename}
        if program is not None and not program.source_map:
            reply["listing"] = self.session.listing(MAX_LISTING)
        return reply

    def on_run(self, msg: dict) -> list[dict]:
        if self.session.program is None:
            return [{"type": "error", "message": "nothing to run: load a program first"}]
        delay = msg.get("key_delay")
        if delay is not None:
            delay = _number(msg, "key_delay", None, 0, 1 << 30)
        self.session.start("run")
        self.rate.clear()
        if msg.get("input") and delay is not None:
            self.session.scheduled_keys(str(msg["input"]), delay)
        elif msg.get("input"):
            self.session.key(str(msg["input"]))
        return self._updates()

    def on_debug(self, msg: dict) -> list[dict]:
        if self.session.program is None:
            return [{"type": "error", "message": "nothing to debug: load a program first"}]
        line = msg.get("line")
        line = _number(msg, "line", None, -(1 << 62), 1 << 62) if line is not None else None
        self.session.start(str(msg.get("action")), line)
        self.rate.clear()
        return self._updates()

    def on_breakpoints(self, msg: dict) -> list[dict]:
        lines = msg.get("lines") or []
        if not isinstance(lines, (list, tuple)) or not all(
                isinstance(n, (int, float)) and math.isfinite(n) for n in lines):
            raise ValueError("breakpoints takes lines as a list of line numbers")
        lines = self.session.set_breakpoint_lines(int(n) for n in lines)
        return [{"type": "breakpoints", "lines": lines}, *self._updates()]

    def on_set(self, msg: dict) -> list[dict]:
        s = self.session
        target = str(msg.get("target", "")).strip()
        value = _number(msg, "value", 0, -0x8000, 0xFFFF)
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
        s.watch(address, _number(msg, "count", 1, 1, 0x10000 - address))
        return self._updates(force_debug=True)

    def on_inspect(self, msg: dict) -> list[dict]:
        where = msg.get("memory", self.memory_at)
        count = _number(msg, "count", self.memory_count, 1, 512)
        if where is not None:
            where = str(where)
            if self.session.debugger.resolve(where) is None:     # checked before it is kept
                return [{"type": "error", "message": f"no address or label {where!r:.60}"}]
        self.memory_at, self.memory_count = where, count
        return self._updates(force_debug=True)

    def on_tick(self, msg: dict) -> list[dict]:
        s = self.session
        if s.state != "running":
            return self._updates()
        seconds = min(_number(msg, "seconds", 0.02, 0, math.inf, float), MAX_SLICE)
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
        self.ips = _number(msg, "ips", 0, 0, MAX_IPS)
        self.credit = 0.0
        self.rate.clear()
        return []

    def on_export(self, msg: dict) -> list[dict]:
        program = self.session.program
        if program is None:
            return [{"type": "error", "message": "nothing to export: load a program first"}]
        return [{"type": "exported", "obj": program.to_obj(), "sym": program.to_sym(),
                 "filename": self.filename}]

    def on_exercise(self, msg: dict) -> list[dict]:
        return grading_page.exercise_info(msg)

    def on_check(self, msg: dict) -> list[dict]:
        return grading_page.check_message(msg)

    def on_check_debug(self, msg: dict) -> list[dict]:
        return grading_page.debug_test(self, msg)

    def on_assemble(self, msg: dict) -> list[dict]:
        try:
            diagnostics = assemble(str(msg.get("source", "")), self.filename).warnings
        except AssemblyError as e:
            diagnostics = e.diagnostics
        shown = diagnostics[:MAX_ASSEMBLED]
        return [{"type": "assembled", "id": msg.get("id"),
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
                    "keyboard": s.keyboard_polled,
                    "explanation": s.explanation.to_dict() if s.explanation else None})
        running = s.state == "running"
        now = time.perf_counter()
        live = running and (self.ips or now - self.last_live >= LIVE_EVERY)
        if s.program is not None and (force_debug or not running or live):
            start = s.debugger.resolve(str(self.memory_at)) if self.memory_at is not None \
                else None
            if self.memory_at is not None and start is None:
                # A label of an earlier program: the window closes quietly (an error here
                # would take the status line from what the program is doing).
                self.memory_at = None
            view = s.inspect(start, self.memory_count)
            out.append({"type": "debug", **view, "live": running})
            if running:              # changes are shown from one view to the next
                self.last_live = now
                s.last_registers = view["registers"]
        return out
