"""The debugger's core: breakpoints, watchpoints, stepping forwards and backwards.

Going backwards works by snapshots and replay.  While the program runs, the debugger keeps a
snapshot of the whole machine every `snapshot_every` instructions (its memory as pages, each
shared with the previous snapshot when it has not changed), and a log of everything
from outside that changed its course: keys typed, timer readings, and edits made in the
debugger, each stamped with the instruction count at which it happened.  Stepping back to
count k restores the last snapshot before k and runs forward to k with the fast engine,
feeding the log back in, so the machine reaches exactly the state it had.  Output the
program already printed is not printed twice.  Acting on the past (typing, editing) starts a
new future: the log and the snapshots after that point are dropped.

All of it is plain state and instruction counts; front ends call these methods, and long
operations run in slices (`resume`) so a page can keep listening while they run.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from . import isa
from .assembler import literal_value, shown
from .disassembler import disassemble_word
from .machine import Machine, Stop, os_image
from .program import Program

HISTORY = 1_000_000        # instructions of history kept by default
MAX_BACK = 1_000_000_000   # a count of steps back beyond this is a typing mistake
MAX_BREAKPOINTS = 1000     # more than anyone sets by hand; a share link may carry thousands
SNAPSHOT_EVERY = 400_000   # instructions between snapshots: a step back replays at most
                           # this many, about 8 ms on CPython 3.11 and 16 in the page
PAGE = 1024                # words in a page of a snapshot's memory
NOT_DONE = "steps"         # the Stop reason for "this operation has more to run"


@dataclass
class Snapshot:
    count: int
    pages: list[list[int]]     # memory, PAGE words a page; pages are shared, never changed
    reg: list[int]
    pc: int
    ir: int
    psr: int
    saved_ssp: int
    saved_usp: int
    halted: bool
    error: Stop | None
    fault: Stop | None
    user_instructions: int
    calls: list
    keyboard: tuple
    timer: tuple
    written: int

    @property
    def size(self) -> int:
        """Bytes of its own, leaving out its pages (which it may share)."""
        return 8 * len(self.pages) + 64 * (len(self.calls) + 40)


def memory_pages(memory: list[int], previous: list[list[int]] | None) -> list[list[int]]:
    """A copy of memory as pages, reusing each of `previous` (earlier pages) whose words
    are the same.  Comparing a page is cheap (its words are mostly the very objects the
    earlier copy took), and much cheaper than copying memory into a fresh array: a program
    changes few pages between snapshots, and the run pays for every snapshot."""
    if previous is None:
        return [memory[lo:lo + PAGE] for lo in range(0, len(memory), PAGE)]
    return [old if memory[lo:lo + PAGE] == old else memory[lo:lo + PAGE]
            for lo, old in zip(range(0, len(memory), PAGE), previous)]


@dataclass
class Event:
    count: int
    kind: str          # key, scheduled keys, reg, mem, pc
    a: object = None
    b: int = 0


@dataclass
class Frame:
    kind: str          # call, trap, interrupt, exception
    site: int
    target: int
    return_address: int
    site_label: str
    target_label: str


@dataclass
class _Goal:
    """A forward operation in progress: temporary breakpoints and when it is done."""
    name: str
    stops: set[int] = field(default_factory=set)
    depth: int = -1            # done when the call stack is at most this deep (-1: any)
    budget: int | None = None  # instructions left (for "step N")


@dataclass
class _Reverse:
    """Reverse continue in progress: replaying from the oldest snapshot up to `end`,
    remembering the last breakpoint or watchpoint hit on the way."""
    end: int
    breakpoints: frozenset
    hit: tuple[int, Stop] | None = None


class Debugger:
    def __init__(self, machine: Machine, history: int = HISTORY,
                 snapshot_every: int = SNAPSHOT_EVERY):
        self.machine = machine
        self.history = history
        self.snapshot_every = snapshot_every
        self.breakpoints: set[int] = set()
        self.watches: list[tuple[int, int]] = []
        self.goal: _Goal | None = None
        self._lines_of: Program | None = None      # the program _line_cache describes
        self._line_cache: tuple[list[int], list[int]] = ([], [])
        self._real_clock = machine.timer.clock
        machine.timer.clock = self._clock
        self.restart()

    # -- the timeline ----------------------------------------------------------------------
    def restart(self) -> None:
        """Forget the history: the machine's present is the new beginning."""
        m = self.machine
        self.events: list[Event] = []
        self.timer_log: list[tuple[int, float]] = []
        self.timer_next = 0
        self.event_next = 0
        previous = self.snapshots[-1] if getattr(self, "snapshots", None) else None
        self.snapshots: list[Snapshot] = [self._snapshot(previous)]
        self.frontier = m.instructions
        self.frontier_written = m.console.written
        self.goal = None

    def reset(self) -> None:
        """Power the machine on again with its program, and start a new history."""
        self.machine.reset()
        self.restart()

    @property
    def count(self) -> int:
        return self.machine.instructions

    @property
    def replaying(self) -> bool:
        return self.count < self.frontier

    def _clock(self) -> float:
        """The timer's clock: real time at the frontier, the recorded time in replay."""
        if self.timer_next < len(self.timer_log):
            value = self.timer_log[self.timer_next][1]
        else:
            value = self._real_clock()
            self.timer_log.append((self.count, value))
        self.timer_next += 1
        return value

    def _snapshot(self, previous: Snapshot | None = None) -> Snapshot:
        """The machine now; its memory pages shared with `previous` where they are equal."""
        m = self.machine
        kb, timer = m.keyboard, m.timer
        pages = memory_pages(m.memory, previous.pages if previous is not None else None)
        return Snapshot(m.instructions, pages, list(m.reg), m.pc, m.ir, m.psr,
                        m.saved_ssp, m.saved_usp, m.halted, m.error, m.fault,
                        m.user_instructions, list(m.calls),
                        (tuple(kb.queue), kb.interrupt_enable, kb.starved, tuple(kb.arrivals)),
                        (timer.interval, timer.started), m.console.written)

    def _restore(self, s: Snapshot) -> None:
        m = self.machine
        memory = m.memory            # the same list: the engine and devices hold it
        changed = []
        for lo, page in zip(range(0, len(memory), PAGE), s.pages):
            current = memory[lo:lo + PAGE]
            if current != page:
                changed += [lo + k for k, (a, b) in enumerate(zip(current, page)) if a != b]
                memory[lo:lo + PAGE] = page
        m.fast.rewritten(changed)    # translated code that read a word now different goes
        m.reg[:] = s.reg
        m.pc, m.ir, m.psr, m.saved_ssp, m.saved_usp = s.pc, s.ir, s.psr, s.saved_ssp, s.saved_usp
        m.halted, m.error, m.fault = s.halted, s.error, s.fault
        m.instructions, m.user_instructions = s.count, s.user_instructions
        m.calls[:] = s.calls
        queue, m.keyboard.interrupt_enable, m.keyboard.starved, arrivals = s.keyboard
        m.keyboard.queue.clear()
        m.keyboard.queue.extend(queue)
        m.keyboard.arrivals.clear()
        m.keyboard.arrivals.extend(arrivals)
        m.timer.interval, m.timer.started = s.timer
        m.console.written = s.written
        m.video.mark_all()
        self.event_next = bisect_right([e.count for e in self.events], s.count)
        self.timer_next = bisect_right([c for c, _ in self.timer_log], s.count)

    def _apply(self, event: Event) -> None:
        m = self.machine
        if event.kind == "key":
            m.keyboard.push(event.a)
        elif event.kind == "scheduled keys":
            m.schedule_keys(event.a, event.b)
        elif event.kind == "reg":
            m.reg[event.a] = event.b
        elif event.kind == "pc":
            m.pc = event.b
        elif event.kind == "psr":
            m.psr = event.b
        elif event.kind == "mem":
            m.poke(event.a, event.b)

    def _record(self, event: Event) -> None:
        """Something from outside happens now; if now is in the past, the future changes."""
        if self.replaying:
            self._diverge()
        self.events.append(event)
        self.event_next = len(self.events)
        self._apply(event)
        if self.snapshots[-1].count == event.count:
            # A snapshot taken at this very count is restored with the events up to it
            # counted as done: take it again, with this one's effect (keys typed before the
            # first instruction, say).
            self.snapshots[-1] = self._snapshot()

    def _diverge(self) -> None:
        k = self.count
        self.events = [e for e in self.events if e.count <= k]
        self.timer_log = self.timer_log[:self.timer_next]
        self.snapshots = [s for s in self.snapshots if s.count <= k]
        self.frontier = k
        self.frontier_written = self.machine.console.written
        self.machine.console.mute_until = 0

    def _advance(self, steps: int, breakpoints=frozenset()) -> Stop:
        """Run forward at most `steps` instructions: replaying the log where the timeline
        has been before, recording and taking snapshots where it has not."""
        m = self.machine
        start = m.instructions
        while True:
            done = m.instructions - start
            if done >= steps:
                return Stop(NOT_DONE, m.pc)
            limit = steps - done
            if self.event_next < len(self.events):
                limit = min(limit, self.events[self.event_next].count - m.instructions)
            next_snapshot = self.snapshots[-1].count + self.snapshot_every
            if m.instructions >= self.frontier:
                limit = min(limit, max(1, next_snapshot - m.instructions))
            else:
                limit = min(limit, self.frontier - m.instructions)
            m.console.mute_until = self.frontier_written
            stop = m.run(limit, breakpoints) if limit > 0 else Stop(NOT_DONE, m.pc)
            while self.event_next < len(self.events) and \
                    self.events[self.event_next].count == m.instructions:
                self._apply(self.events[self.event_next])
                self.event_next += 1
            if m.instructions > self.frontier:
                self.frontier = m.instructions
                self.frontier_written = m.console.written
            if m.instructions >= next_snapshot and m.instructions >= self.frontier:
                self._take_snapshot()
            if stop.reason == "input" and self.replaying:
                continue                       # the key it waited for is in the log
            if stop.reason != NOT_DONE or m.timed_out:
                return stop

    def snapshot_now(self) -> None:
        """A snapshot here, at the frontier: a place the front end will come back to."""
        if self.count >= self.frontier and self.snapshots[-1].count < self.count:
            self._take_snapshot()

    def _take_snapshot(self) -> None:
        self.snapshots.append(self._snapshot(self.snapshots[-1]))
        horizon = self.frontier - self.history
        while len(self.snapshots) > 1 and self.snapshots[1].count <= horizon:
            del self.snapshots[0]
        first = self.snapshots[0].count
        self.events = [e for e in self.events if e.count >= first]
        self.event_next = bisect_right([e.count for e in self.events], self.count)
        keep = bisect_right([c for c, _ in self.timer_log], first)
        if keep:
            self.timer_log = self.timer_log[keep:]
            self.timer_next -= keep

    def _go_to(self, target: int) -> None:
        """Put the machine in the state it had after `target` instructions."""
        base = max((s for s in self.snapshots if s.count <= target), key=lambda s: s.count)
        self._restore(base)
        watches = self.machine.watches
        self.machine.watches = []
        try:
            while self.count < target:
                self._advance(target - self.count)
        finally:
            self.machine.watches = watches

    # -- breakpoints and watchpoints ---------------------------------------------------------
    def address_of_line(self, line: int) -> tuple[int, int] | None:
        """(address, line) of the first instruction at or after a source line; None past
        the last line with code."""
        lines, addresses = self._line_index()
        k = bisect_left(lines, line)
        return (addresses[k], lines[k]) if k < len(lines) else None

    def _line_index(self) -> tuple[list[int], list[int]]:
        """The program's source lines with code, sorted, and the first address of each:
        built once per program, so that thousands of breakpoints cost a bisection each."""
        program = self.machine.program
        if self._lines_of is not program:
            first: dict[int, int] = {}
            for address, src in (program.source_map.items() if program else ()):
                if src not in first or address < first[src]:
                    first[src] = address
            lines = sorted(first)
            self._line_cache = (lines, [first[n] for n in lines])
            self._lines_of = program
        return self._line_cache

    def addresses_of_lines(self, lines) -> list[tuple[int, int]]:
        """(address, line) for breakpoints on source lines, each moved to the first line
        with code at or after it; those past the last such line are dropped, and only the
        first MAX_BREAKPOINTS lines are taken."""
        out = []
        for line in sorted(set(lines))[:MAX_BREAKPOINTS]:
            found = self.address_of_line(line)
            if found is None:
                break
            out.append(found)
        return out

    def set_breakpoints(self, addresses) -> None:
        self.breakpoints = {a & 0xFFFF for a in addresses}

    def watch(self, low: int, high: int | None = None) -> None:
        self.watches.append((low & 0xFFFF, (high if high is not None else low) & 0xFFFF))
        self.machine.set_watches(self.watches)

    def clear_watches(self) -> None:
        self.watches = []
        self.machine.set_watches([])

    # -- forward -------------------------------------------------------------------------------
    # Each forward operation runs at most `max_steps` instructions (None: no limit) and
    # returns Stop("steps") if it has more to do; `resume` goes on with it.
    def step(self, n: int = 1, max_steps: int | None = None) -> Stop:
        """Step into: exactly `n` instructions (fewer if the program stops first)."""
        return self.start(_Goal("step", budget=n), max_steps)

    def step_over(self, max_steps: int | None = None) -> Stop:
        """Step, but run a JSR, JSRR or TRAP through to its return."""
        m = self.machine
        op = m.memory[m.pc] >> 12
        if op not in (isa.OP_JSR, isa.OP_TRAP) or m.halted:
            return self.step(1, max_steps)
        return self.start(_Goal("over", {(m.pc + 1) & 0xFFFF}, depth=len(m.calls)), max_steps)

    def step_out(self, max_steps: int | None = None) -> Stop:
        """Run to the return of the current subroutine, trap or interrupt."""
        calls = self.machine.calls
        if not calls:
            return self.cont(max_steps)
        return self.start(_Goal("out", {calls[-1][3]}, depth=len(calls) - 1), max_steps)

    def run_to(self, address: int, max_steps: int | None = None) -> Stop:
        return self.start(_Goal("to", {address & 0xFFFF}), max_steps)

    def cont(self, max_steps: int | None = None) -> Stop:
        """Continue to a breakpoint, a watchpoint, input, or the end."""
        return self.start(_Goal("continue"), max_steps)

    def start(self, goal: _Goal, max_steps: int | None = None) -> Stop:
        self.goal = goal
        return self.resume(max_steps)

    def pause(self) -> None:
        """Abandon the forward operation in progress (the page's Stop button)."""
        self.goal = None

    def resume(self, max_steps: int | None = None) -> Stop:
        """Go on with the operation in progress for at most `max_steps` instructions.
        Returns Stop("steps") if it has more to do."""
        goal = self.goal
        m = self.machine
        if goal is None:
            return Stop("idle", m.pc, "")
        if isinstance(goal, _Reverse):
            return self._resume_reverse(goal, max_steps)
        left = max_steps if max_steps is not None else 1 << 62
        while left > 0:
            steps = left if goal.budget is None else min(left, goal.budget)
            before = self.count
            stop = self._advance(steps, frozenset(self.breakpoints | goal.stops))
            ran = self.count - before
            left -= ran
            if goal.budget is not None:
                goal.budget -= ran
                if goal.budget <= 0 and stop.reason == NOT_DONE:
                    self.goal = None
                    return Stop("step", m.pc, f"stepped to x{m.pc:04X}")
            if stop.reason == "breakpoint" and m.pc in goal.stops:
                if goal.depth < 0 or len(m.calls) <= goal.depth:
                    self.goal = None
                    return Stop("step", m.pc, f"stepped to x{m.pc:04X}")
                if m.pc not in self.breakpoints:
                    continue
            if stop.reason != NOT_DONE:
                if stop.reason != "input":
                    self.goal = None
                return stop
            if m.timed_out:
                break
        return Stop(NOT_DONE, m.pc)

    # -- backward ------------------------------------------------------------------------------
    @property
    def earliest(self) -> int:
        return self.snapshots[0].count

    def back(self, n: int = 1) -> Stop:
        """Step back `n` instructions (as far as the history reaches)."""
        if not 1 <= n <= MAX_BACK:
            raise ValueError(f"back takes a count from 1 to {MAX_BACK:,}, not {n}")
        self.goal = None
        target = max(self.earliest, self.count - n)
        if target == self.count:
            return Stop("history", self.machine.pc, "at the start of the recorded history")
        self._go_to(target)
        return Stop("step", self.machine.pc, f"stepped back to x{self.machine.pc:04X}")

    def reverse_continue(self) -> Stop:
        """Back to the most recent earlier breakpoint or watchpoint hit, or as far back
        as the history reaches."""
        self.start_reverse()
        return self.resume()

    @property
    def reversing(self) -> bool:
        """A reverse continue is in progress (its replay is not the program going on)."""
        return isinstance(self.goal, _Reverse)

    def start_reverse(self) -> None:
        """Begin a reverse continue that `resume` carries out in slices: it replays the
        whole recorded history, which can take a while."""
        end = self.count
        self._restore(self.snapshots[0])
        self.goal = _Reverse(end, frozenset(self.breakpoints))

    def _resume_reverse(self, goal: _Reverse, max_steps: int | None) -> Stop:
        m = self.machine
        left = max_steps if max_steps is not None else 1 << 62
        while self.count < goal.end - 1:
            if left <= 0 or m.timed_out:
                return Stop(NOT_DONE, m.pc)
            before = self.count
            stop = self._advance(min(left, goal.end - 1 - self.count), goal.breakpoints)
            left -= self.count - before
            if stop.reason in ("breakpoint", "watchpoint"):
                goal.hit = (self.count, stop)
            elif stop.reason not in (NOT_DONE, "input"):
                break
        self.goal = None
        target, stop = goal.hit or (self.earliest, None)
        self._go_to(target)
        if stop is None:
            return Stop("history", self.machine.pc, "no earlier breakpoint or watchpoint: "
                                                    "at the start of the recorded history")
        return stop

    # -- input and edits -----------------------------------------------------------------------
    def key(self, text: str | bytes) -> None:
        if isinstance(text, str):
            text = text.encode("latin-1", errors="replace")
        self._record(Event(self.count, "key", bytes(text)))

    def schedule_keys(self, keys: bytes, delay: int) -> None:
        """Keys that arrive on LC3Tools' schedule (Machine.schedule_keys)."""
        self._record(Event(self.count, "scheduled keys", bytes(keys), delay))

    def set_register(self, name: str, value: int) -> None:
        """R0-R7, PC or PSR; the change is part of the history like any other."""
        name = name.upper()
        value &= 0xFFFF
        if name == "PC":
            self._record(Event(self.count, "pc", None, value))
        elif name == "PSR":
            self._record(Event(self.count, "psr", None, value & 0x8707))
        elif len(name) == 2 and name[0] == "R" and name[1] in "01234567":
            self._record(Event(self.count, "reg", int(name[1]), value))
        else:
            raise ValueError(f"no register named {name}")

    def set_memory(self, address: int, value: int) -> None:
        self._record(Event(self.count, "mem", address & 0xFFFF, value & 0xFFFF))

    # -- what a front end shows ------------------------------------------------------------------
    def labels(self) -> dict[int, str]:
        """Labels by address: the program's, then the OS's where the program has none."""
        out = {a: name for name, a in os_image(self.machine.edition).symbols.items()}
        program: Program | None = self.machine.program
        if program:
            out.update(program.labels_by_address())
        return out

    def resolve(self, text: str) -> int | None:
        """An address or a word typed by a user: x3000, #12288, 12288, #-1 or a label of the
        program; None if it is none of these.  A number that fits no 16-bit word (x10000)
        is a ValueError, not silently another address."""
        t = text.strip()
        value = literal_value(t)
        if value is not None:
            if not -0x8000 <= value <= 0xFFFF:
                raise ValueError(f"{shown(t)} is out of range: addresses and words are x0000 "
                                 "to xFFFF (a word may also be #-32768 to #-1)")
            return value & 0xFFFF
        program = self.machine.program
        return program.lookup(t) if program is not None else None

    def describe(self, address: int, labels: dict[int, str] | None = None) -> str:
        """`LABEL`, `LABEL+3`, or `x3005` when no label comes shortly before."""
        labels = labels if labels is not None else self.labels()
        for back in range(0, 64):
            name = labels.get((address - back) & 0xFFFF)
            if name:
                return name if back == 0 else f"{name}+{back}"
        return f"x{address:04X}"

    def call_stack(self) -> list[Frame]:
        labels = self.labels()
        frames = []
        for kind, site, target, ret in self.machine.calls:
            name = self.describe(target, labels)
            if kind == "trap":
                vector = self.machine.memory[site] & 0xFF
                name = f"{isa.TRAP_NAMES.get(vector, f'TRAP x{vector:02X}')} ({name})"
            frames.append(Frame(kind, site, target, ret, self.describe(site, labels), name))
        return frames

    def disassembly(self, start: int, count: int) -> list[dict]:
        labels = self.labels()
        out = []
        for k in range(count):
            a = (start + k) & 0xFFFF
            word = self.machine.memory[a]
            out.append({"address": a, "word": word, "label": labels.get(a, ""),
                        "text": disassemble_word(word, a, labels),
                        "breakpoint": a in self.breakpoints})
        return out

    def history_info(self) -> dict:
        return {"earliest": self.earliest, "now": self.count, "frontier": self.frontier,
                "snapshots": len(self.snapshots),
                "bytes": sum(s.size for s in self.snapshots) + 48 * len(self.events)
                + 32 * len(self.timer_log) + (56 + 8 * PAGE) * len(
                    {id(page) for s in self.snapshots for page in s.pages})}
