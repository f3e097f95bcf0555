"""The fast execution engine: hot LC-3 code translated into Python functions.

Interpreting one instruction at a time spends most of its time decoding and dispatching.
Here, once an address has been reached often enough, the code reachable from it through
branches (a region) is translated into the source of one Python function, compiled once and
cached by its entry address.  Inside a region the registers are local variables, the
condition codes are the last result written, a loop is a Python loop, and 16-bit arithmetic
is a lookup in a table of wrapped results.

A region is a set of traces: runs of instructions from a head, following JSR and BRnzp to
their targets (a call runs straight into its subroutine), in which a forward branch to a
later instruction of the same trace becomes an `if`, a branch back to the head becomes
`continue`, and any other transfer (RET among them) goes through a dispatch on the PC.  A
region can be entered at any of its heads.

Whatever the translated code cannot do exactly as `Machine.step` would, it leaves to
`step`: device registers, a privileged or faulting access, TRAP, RTI, the reserved opcode,
a breakpoint, a pending interrupt, and the last few instructions before a step limit.  It
returns with the PC at that instruction, and the run loop steps it.  A store into translated
code invalidates every region that read that word, so self-modifying code works; code that
keeps being rewritten is translated less and less often, then never.  Code that is not hot
runs from instructions decoded once per address (`decoded.py`), so no program runs slower
than on the interpreter.  When the machine has a deadline (a front end that must answer
Stop), the run loop looks at the clock as it goes.

This module is the one hot path of the project, and is written for speed; `Machine.step`
is written for reading and is the reference this engine is tested against.
"""
from __future__ import annotations

from array import array
from time import perf_counter

from . import isa
from .decoded import decode
from .devices import VIDEO_BASE, VIDEO_END, Video

HOT = 100                  # times the run loop reaches a jump target before translating it
BACKOFF = 4                # each invalidation of an entry multiplies the visits it needs by this
MAX_INVALIDATIONS = 6      # an entry invalidated this often is left to step for good
NEVER = -(1 << 62)         # a hot count that never reaches the threshold
MAX_TRACE = 64             # instructions in one trace
MAX_REGION = 1024          # instructions in one region
MAX_FRAMES = 4096          # call stack depth kept (a program that never returns is not held)
TIME_SLICE = 50_000        # instructions a region runs between looks at the clock, if asked
SMALL = 200                # the most of its budget a region counts down at a time
USER_SPACE = 0x3000

_CC_VALUE = {4: 0x8000, 2: 0, 1: 1}        # a result value that sets exactly these N Z P bits
_CONDITION = {                             # BR's condition on `cc`, the last result written
    0b100: "cc >= 32768", 0b010: "not cc", 0b001: "positive[cc]",
    0b110: "not positive[cc]", 0b101: "cc", 0b011: "cc < 32768", 0b111: "True",
}
_STEP_OPS = (isa.OP_TRAP, isa.OP_RTI, isa.OP_RES)     # always left to Machine.step
_SETS_CC = (isa.OP_ADD, isa.OP_AND, isa.OP_NOT, isa.OP_LD, isa.OP_LDI, isa.OP_LDR)
GUARD_CODE, GUARD_VIDEO, GUARD_DEVICE, GUARD_WATCH = 1, 2, 4, 8
GUARD_PAD = 32             # guards past xFFFF: base + offset, offsets -32 to 31, unwrapped
NEAR = 8                   # stores this close together check one word of FastEngine.near
_INCREMENT = [isa.OP_ADD << 12 | r << 9 | r << 6 | 0x21 for r in range(8)]   # ADD Rr, Rr, #1
_SEEN = (-1, None)         # a word executed once, not decoded yet


def _plus(x: str, offset: int) -> str:
    return x if offset == 0 else f"{x} + {offset}" if offset > 0 else f"{x} - {-offset}"


# Tables that translated code indexes.  "positive": whether each 16-bit value is positive,
# one list index where a test of P alone would take two comparisons.  The rest are
# arithmetic: a sum that CPython computes allocates a new int (only -5 to 256 are cached),
# and then needs a test to wrap it; a list index yields an int that already exists, wrapped.
# wrap[x] is x mod 65536 for x in -65536..131071 (a negative index counts from the end), so
# a sum or difference of two registers wraps by one index; "plus{k}" and "minus{k}" (an
# ADD's constant) and "inverse" (NOT) compute nothing.  Each is built at the first
# translation that names it (half a megabyte; 36 at most), and shared by every machine.
_TABLES: dict[str, list] = {}


def _table(name: str) -> list:
    table = _TABLES.get(name)
    if table is None:
        if name == "positive":
            table = [False] + [True] * 0x7FFF + [False] * 0x8000
        elif name == "wrap":
            table = list(range(0x10000)) * 2
        elif name == "inverse":
            table = _table("wrap")[0xFFFF::-1]
        else:
            k = int(name.removeprefix("plus")) if name.startswith("plus") \
                else -int(name.removeprefix("minus"))
            table = _table("wrap")[k & 0xFFFF:(k & 0xFFFF) + 0x10000]
        _TABLES[name] = table
    return table


def _adder(imm: int) -> str:
    return f"plus{imm}" if imm > 0 else f"minus{-imm}"


class FastEngine:
    def __init__(self, machine) -> None:
        self.machine = machine
        self.breakpoints: frozenset[int] = frozenset()
        self.watched: list[tuple[int, int]] = []
        self.hot_threshold = HOT
        video = machine.bus.owner(VIDEO_BASE)
        self.video = video if isinstance(video, Video) else None
        # Loads below read_end read plain memory (video memory reads plainly too).
        self.read_end = VIDEO_END if self.video else machine.bus.io_base
        # The rest is set up by flush(), which the machine's reset calls.

    def flush(self) -> None:
        """Forget every translation (after a reset, or a restored snapshot)."""
        # Keyed by entry address, plus x10000 for code translated for user mode under
        # access control (which must leave system-space accesses to step).
        self.regions: dict[int, object] = {}
        self.region_span: dict[int, list[int]] = {}
        self.heads_of: dict[int, list[int]] = {}     # key -> keys it is entered by
        self.readers: dict[int, list[int]] = {}      # address -> keys of regions reading it
        self.stopped: dict[int, list[int]] = {}      # breakpoint -> keys of regions ending there
        self.invalidations: dict[int, int] = {}      # entry -> times its code was rewritten
        self.code = array("H", bytes(2 * 0x10000))   # how many regions read each word
        # A store to an address whose guard is non-zero needs more than `mem[a] = v`:
        # GUARD_VIDEO marks changed rows inline; anything else is left to Machine.step.
        # A list (its items are read faster than a bytearray's), padded at both ends so
        # that translated code may look up base + offset before wrapping it: an address
        # past xFFFF, or below x0000 (a negative index), finds a guard.
        io_base = self.machine.bus.io_base
        self.guard = [0] * io_base + [GUARD_DEVICE] * (0x10000 - io_base + GUARD_PAD)
        if self.video:
            self.guard[VIDEO_BASE:VIDEO_END] = [GUARD_VIDEO] * (VIDEO_END - VIDEO_BASE)
        # near[a] is non-zero when one of the NEAR guards from a on is: a run of stores
        # within NEAR words of each other checks one word for all of them.
        guarded = min(io_base, VIDEO_BASE) if self.video else io_base
        self.near = [0] * (guarded - NEAR + 1) + [1] * (len(self.guard) - guarded + NEAR - 1)
        for lo, hi in self.watched:
            self.mark(range(lo, hi + 1), GUARD_WATCH)
        self.hot = [0] * 0x10000
        self.decoded: list = [None] * 0x10000      # (word, function) for code not yet hot
        self.machine._code = self.code          # Machine.store asks it about every write

    def set_breakpoints(self, addresses) -> None:
        """Translated code stops at breakpoints: the regions that run through a new one, or
        stop at one that is gone, are dropped, to be translated again when next reached."""
        addresses = frozenset(addresses)
        if addresses == self.breakpoints:
            return
        keys = [key for a in addresses - self.breakpoints for key in self.readers.get(a, ())]
        keys += [key for a in self.breakpoints - addresses for key in self.stopped.pop(a, ())]
        self.breakpoints = addresses
        self.retranslate(keys)

    def set_watches(self, ranges: list[tuple[int, int]]) -> None:
        """Writes to watched addresses are left to step, which notices them."""
        for lo, hi in self.watched:
            self.unmark(range(lo, hi + 1), GUARD_WATCH)
        self.watched = list(ranges)
        for lo, hi in self.watched:
            self.mark(range(lo, hi + 1), GUARD_WATCH)

    def mark(self, addresses, bit: int) -> None:
        guard, near = self.guard, self.near
        for a in addresses:
            guard[a] |= bit
            near[max(a - NEAR + 1, 0):a + 1] = [1] * (a + 1 - max(a - NEAR + 1, 0))

    def unmark(self, addresses, bit: int) -> None:
        guard, near = self.guard, self.near
        for a in addresses:
            guard[a] &= ~bit
        for a in addresses:
            for b in range(max(a - NEAR + 1, 0), a + 1):
                near[b] = 1 if any(guard[b:b + NEAR]) else 0

    def invalidate(self, address: int) -> None:
        """Drop every region that read the word at `address` (it has just been written).

        Code that keeps rewriting itself would be translated again and again, each time
        for one pass: each invalidation makes its entry wait BACKOFF times longer before it
        is translated again, and after MAX_INVALIDATIONS it is left to step for good."""
        for key in self.readers.pop(address, ()):
            if not self.drop(key):
                continue
            entry = key & 0xFFFF
            n = self.invalidations[entry] = self.invalidations.get(entry, 0) + 1
            self.hot[entry] = (NEVER if n >= MAX_INVALIDATIONS
                               else self.hot_threshold * (1 - BACKOFF ** n))

    def rewritten(self, addresses) -> None:
        """Words changed other than by a store (a snapshot restored): drop the regions that
        read them; they are translated again when next reached."""
        self.retranslate([key for a in addresses if self.code[a]
                          for key in self.readers.pop(a, ())])

    def retranslate(self, keys) -> None:
        """Drop these regions, to be translated again the next time their entry is reached."""
        for key in keys:
            if self.drop(key):
                self.hot[key & 0xFFFF] = self.hot_threshold - 1

    def drop(self, key: int) -> bool:
        """Forget the region `key`, if there is one."""
        if key not in self.heads_of:
            return False
        for head in self.heads_of.pop(key):
            del self.regions[head]
        unread = []
        for a in self.region_span.pop(key):
            self.code[a] -= 1
            if not self.code[a]:
                unread.append(a)
                self.readers.pop(a, None)
        self.unmark(unread, GUARD_CODE)
        return True

    # -- running -------------------------------------------------------------------------
    def run(self, budget: int, breakpoints=frozenset()) -> None:
        """Execute up to `budget` instructions, stopping early when the machine halts,
        polls an empty keyboard for long enough to be waiting for input, writes a watched
        address, or reaches a breakpoint after its first instruction."""
        self.set_breakpoints(breakpoints)
        m = self.machine
        regions, hot, step = self.regions, self.hot, m.step
        keyboard = m.keyboard
        target = m.instructions + budget
        mem, guard, near, R = m.memory, self.guard, self.near, m.reg
        vdirty = self.video.dirty if self.video else None
        access_control = m.access_control
        threshold = self.hot_threshold
        waiting = keyboard.WAITING_POLLS
        decoded, io_base = self.decoded, m.bus.io_base
        deadline = m.deadline
        region_slice = TIME_SLICE if deadline is not None else 1 << 62
        ticks = 0
        last = -1
        first = True
        while not m.halted:
            left = target - m.instructions
            if left <= 0:
                return
            if deadline is not None:
                ticks += 1
                if not ticks & 255 and perf_counter() >= deadline:
                    m.timed_out = True
                    return
            pc = m.pc
            if breakpoints and pc in breakpoints and not first:
                return
            first = False
            # Regions translated for user mode under access control are keyed apart.
            key = pc | 0x10000 if access_control and m.psr & 0x8000 else pc
            fn = regions.get(key)
            if fn is not None:
                budget = left if left < region_slice else region_slice
                if keyboard.interrupt_enable:
                    # Translated code takes no interrupt: stop it where the next key arrives.
                    if keyboard.interrupting:
                        budget = 0
                    elif keyboard.arrivals:
                        budget = min(budget, keyboard.arrivals[0][0] - m.instructions)
                if budget > 0 and m.psr & 7 in _CC_VALUE:
                    fn(m, mem, guard, near, vdirty, R, budget, pc)
                    if m.instructions != target - left:
                        last = -1
                        ticks |= 255        # look at the clock after every region
                        continue
            elif pc != last + 1:
                # Only jump targets start regions: loop heads, subroutines, returns.
                hot[pc] += 1
                if hot[pc] == threshold:
                    self.translate(key)
            last = pc
            # Cold code: each word decoded once (decoded.py says when that is exact).
            if access_control or keyboard.interrupt_enable or pc >= io_base:
                step()
            else:
                d = decoded[pc]
                if d is None:               # decoding pays from the second visit on
                    decoded[pc] = _SEEN
                    step()
                else:
                    if d[0] != mem[pc]:
                        d = decoded[pc] = (mem[pc], decode(pc, mem[pc], m))
                    if d[1] is None:
                        step()
                    else:
                        d[1](m)
            if keyboard.starved >= waiting and not keyboard.queue and not keyboard.arrivals \
                    or m.watch_hit:
                return

    # -- translation ---------------------------------------------------------------------
    def translate(self, key: int) -> None:
        entry, lo = key & 0xFFFF, USER_SPACE if key >> 16 else 0
        if entry < lo:
            return          # user mode under access control: fetching here is a violation
        region = _Region(self, entry, lo)
        if not region.heads:
            return
        code = compile(region.source(), f"<lc3 region x{entry:04X}>", "exec")
        namespace = {f"_{name}": _table(name) for name in region.tables}
        exec(code, namespace)
        # A region is entered at any of its heads: a run that stopped inside a loop (the
        # budget, or the clock) goes on there, rather than untranslated until the entry.
        fn = self.regions[key] = namespace["region"]
        self.heads_of[key] = [key]
        for head in region.heads[1:]:
            alias = head | (key & 0x10000)
            if alias not in self.regions:
                self.regions[alias] = fn
                self.heads_of[key].append(alias)
        self.region_span[key] = sorted(region.span)
        for a in region.span:
            self.code[a] += 1
            self.readers.setdefault(a, []).append(key)
        self.mark(region.span, GUARD_CODE)
        for a in region.stops:
            self.stopped.setdefault(a, []).append(key)


class _Region:
    """The traces reachable from one entry, and the Python source that runs them."""

    def __init__(self, engine: FastEngine, entry: int, lo: int):
        m = engine.machine
        self.engine = engine
        self.mem = m.memory
        self.edition = m.edition
        self.lo = lo                        # lowest address the code may touch plainly
        self.user = entry >= USER_SPACE
        self.low, self.high = (USER_SPACE, VIDEO_BASE) if self.user else (0, USER_SPACE)
        self.breakpoints = engine.breakpoints
        self.traces: dict[int, list[int]] = {}
        self.heads: list[int] = []
        self.span: set[int] = set()
        self.stops: set[int] = set()        # breakpoints the code stops at
        work = [entry]
        size = 0
        while work and size < MAX_REGION:
            head = work.pop(0)
            if head in self.traces or not self.inside(head) or self.stops_at(head) \
                    or self.leaves_at_once(head):
                continue
            trace = self.trace(head)
            self.traces[head] = trace
            self.heads.append(head)
            self.span.update(trace)
            size += len(trace)
            for a in trace:
                work.extend(self.successors(a, trace))
        # A jump to a head finds its trace by testing the heads in turn: after the entry come
        # the places calls return to, reached by every RET of a call-heavy program.
        returns = {a + 1 for t in self.traces.values() for a in t
                   if self.mem[a] >> 12 == isa.OP_JSR}
        self.heads[1:] = sorted(self.heads[1:], key=lambda h: h not in returns)

    def inside(self, a: int) -> bool:
        return self.low <= a < self.high

    def stops_at(self, a: int) -> bool:
        """An instruction the translated code must leave to Machine.step."""
        if self.mem[a] >> 12 in _STEP_OPS:
            return True
        if a in self.breakpoints:
            self.stops.add(a)
            return True
        return False

    def leaves_at_once(self, a: int) -> bool:
        """A load or store of a device register (a polling loop's head): a trace starting
        there would return before its first instruction every time."""
        w = self.mem[a]
        op = w >> 12
        if op not in (isa.OP_LD, isa.OP_LDI, isa.OP_ST, isa.OP_STI):
            return False
        address = self.target(a)
        if op in (isa.OP_LDI, isa.OP_STI):
            if not self.plain_read(address):
                return True
            address = self.mem[address]
        return address >= self.engine.machine.bus.io_base

    def trace(self, head: int) -> list[int]:
        """The instructions run from `head` on, following JSR and BRnzp to their targets (a
        call goes straight on into the subroutine), up to JSRR or JMP, or an address the
        trace already holds."""
        out: list[int] = []
        a = head
        while len(out) < MAX_TRACE and self.inside(a) and not self.stops_at(a):
            out.append(a)
            w = self.mem[a]
            op = w >> 12
            if op == isa.OP_JMP or op == isa.OP_JSR and not w & 0x0800:
                break
            if op == isa.OP_JSR or op == isa.OP_BR and w & 0x0E00 == 0x0E00:
                a = self.target(a)
                if a in out:
                    break
            else:
                a += 1
        return out

    def target(self, a: int) -> int:
        """The PC-relative address the instruction at `a` names: where a BR or JSR goes
        when it is taken, the word an LD, LDI, ST or STI reads or writes."""
        w = self.mem[a]
        offset = isa.PC11.get(w) if w >> 12 == isa.OP_JSR else isa.PC9.get(w)
        return (a + 1 + offset) & 0xFFFF

    def successors(self, a: int, trace: list[int]) -> list[int]:
        """Where the code goes from `a` other than on along this trace: heads of traces."""
        w = self.mem[a]
        op = w >> 12
        nxt = a + 1
        last = a == trace[-1]
        if op == isa.OP_BR and w & 0x0E00 == 0x0E00:
            return [self.target(a)] if last else []
        if op == isa.OP_BR and w & 0x0E00:
            return [self.target(a)] + ([nxt] if last else [])
        if op == isa.OP_JSR:
            return ([self.target(a)] if w & 0x0800 and last else []) + [nxt]
        if last and op != isa.OP_JMP:
            return [nxt]
        return []

    # -- code generation -----------------------------------------------------------------
    def source(self) -> str:
        self.tables: set[str] = {"positive"}         # (the conditions of _CONDITION use it)
        lines = []
        for k, head in enumerate(self.heads):
            trace = self.traces[head]
            # A trace starts with the budget for all of it; its way back to its own head
            # looks at the budget there, and goes round the dispatch when it is short.
            lines.append(f"            {'if' if k == 0 else 'elif'} pc == {head}:")
            lines.append(f"                if left < {len(trace)}:")
            lines.append(f"                    if bank > {SMALL}:")
            lines.append(f"                        bank -= {SMALL} - left")
            lines.append(f"                        left = {SMALL}")
            lines.append("                    else:")
            lines.append("                        left += bank")
            lines.append("                        bank = 0")
            lines.append(f"                        if left < {len(trace)}:")
            lines.append(f"                            pc = {head}")
            lines.append("                            return")
            lines.append("                while True:")
            self.length = len(trace)
            self.cc_needed = self.live_cc(trace)
            self.index = {a: k for k, a in enumerate(trace)}
            self.emit(trace, 0, len(trace), lines, 20)
        lines += ["            else:",
                  "                return",
                  "    finally:",
                  "        R[:] = r0, r1, r2, r3, r4, r5, r6, r7",
                  "        m.pc = pc",
                  "        if j >= 0:",
                  "            m.ir = mem[j]",
                  "        m.psr = (m.psr & 0xFFF8) | (4 if cc >= 32768 else 2 if cc == 0 else 1)",
                  "        m.instructions += budget - left - bank"]
        if self.user:
            lines.append("        m.user_instructions += budget - left - bank")
        prologue = ["def region(m, mem, guard, near, vdirty, R, budget, pc):",
                    "    r0, r1, r2, r3, r4, r5, r6, r7 = R",
                    "    cc = _CC[m.psr & 7]",
                    # The budget is spent from `left`, kept below 256 (CPython's cached small
                    # ints: counting allocates nothing), and refilled from `bank`.
                    f"    left = budget if budget < {SMALL} else {SMALL}",
                    "    bank = budget - left",
                    "    calls = m.calls",
                    *(f"    {name} = _{name}" for name in sorted(self.tables)),
                    "    j = -1",                    # the last jump taken: IR on the way out
                    "    try:",
                    "        while True:"]
        return f"_CC = {_CC_VALUE!r}\n" + "\n".join(prologue + lines) + "\n"

    def table(self, name: str) -> str:
        """The local that holds one of the arithmetic tables (see _table)."""
        self.tables.add(name)
        return name

    def plus(self, base: str, offset: int, wrapped: bool = False) -> str:
        """base + offset: by table where an ADD could name the offset (tables stay few, and
        nothing is allocated), which wraps; otherwise the plain sum, which wraps only when
        asked (`wrapped`) for a sum that may pass xFFFF."""
        if offset == 0:
            return base
        if -16 <= offset < 16:
            return f"{self.table(_adder(offset))}[{base}]"
        return f"{self.table('wrap')}[{_plus(base, offset)}]" if wrapped else _plus(base, offset)

    def sets_cc(self, w: int) -> bool:
        """LEA sets the condition codes in the 2nd edition only."""
        op = w >> 12
        return op in _SETS_CC or (op == isa.OP_LEA and self.edition == 2)

    def may_exit(self, a: int) -> bool:
        """Whether the code for the instruction at `a` can return to the run loop before
        it completes (a load or store that is not plain memory)."""
        w = self.mem[a]
        op = w >> 12
        if op in (isa.OP_LDR, isa.OP_LDI, isa.OP_STR, isa.OP_STI, isa.OP_ST):
            return True
        if op == isa.OP_LD:
            return not self.plain_read(self.target(a))
        return False

    def live_cc(self, trace: list[int]) -> list[bool]:
        """For each instruction, whether the condition codes it sets are read before the
        next instruction sets them again (by a branch, or by the run loop on an exit)."""
        needed = [False] * len(trace)
        live = True                          # the trace ends in a jump: cc goes back to PSR
        for p in range(len(trace) - 1, -1, -1):
            w = self.mem[trace[p]]
            if w >> 12 == isa.OP_BR:
                live = True
                continue
            if self.sets_cc(w):
                needed[p] = live
                live = False
            if self.may_exit(trace[p]):
                live = True
        return needed

    def plain_read(self, address: int) -> bool:
        return self.lo <= address < self.engine.read_end

    def emit(self, trace: list[int], i: int, j: int, out: list[str], ind: int,
             extra: int = 0) -> None:
        """Instructions trace[i:j]; each straight run takes its length from the budget at its
        start, and gives back what it did not execute when it leaves early.  A run that ends
        in a forward branch over an `if` body also takes the length of the run after the
        body, which both ways reach: a loop round a conditional pays once.  `extra` is what
        an exit gives back besides its own run's rest (a run after the body, taken ahead)."""
        pad = " " * ind
        index = self.index                    # position of each address in this trace
        head = trace[0]
        k = i
        charged = False                       # the run at k was paid for ahead
        while k < j:
            run_end = self.run_end(trace, k, j)
            run_len = run_end - k + 1
            ahead = 0
            merge = self.merge(trace, run_end, j)
            if merge is not None and merge < j and not charged \
                    and self.falls_through(trace, run_end + 1, merge):
                ahead = self.run_end(trace, merge, j) - merge + 1
            if not charged:
                out.append(f"{pad}left -= {run_len + ahead}")
            charged = False
            self.extra = extra + ahead
            p = k
            while p <= run_end:
                a = trace[p]
                last = p == len(trace) - 1
                w = self.mem[a]
                if w >> 12 != isa.OP_BR:
                    p = self.straight(trace, p, run_end, out, pad)
                    continue
                nzp = (w >> 9) & 7
                t = self.target(a)
                if nzp == 0 or (t == a + 1 and not last):
                    pass                      # never taken, or lands where it falls
                elif nzp == 7:
                    if last:                      # else the trace goes on at the target
                        self.jump(out, pad, t, head, a)
                elif p == run_end and merge is not None:
                    out.append(f"{pad}if {_CONDITION[7 - nzp]}:")
                    self.emit(trace, p + 1, merge, out, ind + 4, extra + ahead)
                    k = merge
                    charged = ahead > 0
                    break
                else:
                    out.append(f"{pad}if {_CONDITION[nzp]}:")
                    self.jump(out, pad + "    ", t, head, a)
                if last and nzp != 7:
                    self.jump(out, pad, a + 1, head, a)
                p += 1
            else:
                k = run_end + 1

    def run_end(self, trace: list[int], k: int, j: int) -> int:
        """The last position of the straight run from k: a branch, or j - 1."""
        while k < j - 1 and not self.is_branch(trace[k]):
            k += 1
        return k

    def falls_through(self, trace: list[int], i: int, j: int) -> bool:
        """Whether trace[i:j] always goes on to trace[j]: no branch, JMP, RET or JSRR in it
        (a JSR or BRnzp goes on along the trace)."""
        for a in trace[i:j]:
            w = self.mem[a]
            if w >> 12 == isa.OP_JMP or w >> 12 == isa.OP_JSR and not w & 0x0800 \
                    or self.is_branch(a):
                return False
        return True

    def merge(self, trace: list[int], p: int, j: int) -> int | None:
        """Where the branch at trace[p] goes when it skips forward over the instructions after
        it to a later one before j (they become an `if` body): None if it does not."""
        a = trace[p]
        w = self.mem[a]
        if w >> 12 != isa.OP_BR:
            return None
        nzp = (w >> 9) & 7
        t = self.target(a)
        if nzp in (0, 7) or t == a + 1 or t not in self.index:
            return None
        return self.index[t] if p + 1 < self.index[t] <= j else None

    def straight(self, trace: list[int], p: int, run_end: int, out: list[str], pad: str) -> int:
        """The instruction at trace[p], or an idiom starting there that ends by run_end (the
        last of this straight run): the position of the next instruction to emit."""
        head, mem = trace[0], self.mem
        w = mem[trace[p]]
        op = w >> 12
        if op == isa.OP_NOT and p < run_end:
            dr, sr = isa.fields(w)
            if mem[trace[p + 1]] == _INCREMENT[dr]:
                return self.negation(trace, p, run_end, dr, sr, out, pad)
        if op in (isa.OP_LDR, isa.OP_STR):
            members = self.group(trace, p, run_end)
            if len(members) > 1:
                self.memory_group(trace, members, run_end, out, pad)
                return members[-1] + 1
        last = p == len(trace) - 1
        self.instruction(trace[p], w, p, out, pad, run_end + 1 - p, last, head)
        return p + 1

    def negation(self, trace, p, run_end, dr, sr, out, pad) -> int:
        """NOT Rd, Rs; ADD Rd, Rd, #1 is Rd = -Rs; followed by ADD Rd, Rx, Rd (or Rd, Rd, Rx)
        it is the subtraction Rd = Rx - Rs, in one statement."""
        end = p + 1
        if end < run_end:
            w = self.mem[trace[end + 1]]
            sources = (w >> 6) & 7, w & 7
            if w >> 12 == isa.OP_ADD and not w & 0x20 and (w >> 9) & 7 == dr \
                    and (dr in sources) and sources != (dr, dr):
                x = sources[0] if sources[1] == dr else sources[1]
                end += 1
                cc = "cc = " if self.cc_needed[end] else ""
                out.append(f"{pad}{cc}r{dr} = {self.table('wrap')}[r{x} - r{sr}]")
        if end == p + 1:
            cc = "cc = " if self.cc_needed[end] else ""
            out.append(f"{pad}{cc}r{dr} = {self.table('wrap')}[-r{sr}]")
        if end == len(trace) - 1:
            a = trace[end]
            self.jump(out, pad, a + 1, trace[0], a)
        return end + 1

    def group(self, trace: list[int], p: int, run_end: int) -> list[int]:
        """The positions from p on of consecutive LDRs and STRs off one base register that
        none of them but the last changes: their addresses are checked at once."""
        base = (self.mem[trace[p]] >> 6) & 7
        members = [p]
        while True:
            w = self.mem[trace[members[-1]]]
            if w >> 12 == isa.OP_LDR and (w >> 9) & 7 == base or members[-1] == run_end:
                return members
            w = self.mem[trace[members[-1] + 1]]
            if w >> 12 not in (isa.OP_LDR, isa.OP_STR) or (w >> 6) & 7 != base:
                return members
            members.append(members[-1] + 1)

    def memory_group(self, trace, members, run_end, out, pad) -> None:
        """Loads and stores off one base register: when every address is plain memory (and no
        store needs more than `mem[a] = v`), they run as list accesses, with no exit between;
        otherwise each is translated on its own."""
        words = [self.mem[trace[p]] for p in members]
        base = (words[0] >> 6) & 7
        b = f"r{base}"
        offsets = [isa.fields(w)[2] for w in words]
        loads = [o for w, o in zip(words, offsets) if w >> 12 == isa.OP_LDR]
        stores = [o for w, o in zip(words, offsets) if w >> 12 == isa.OP_STR]
        lower = max(self.lo - min(offsets), 0)
        upper = self.engine.read_end - max(loads) if loads else None
        tests = []
        if lower and upper is not None:
            tests.append(f"{lower} <= {b} < {upper}")
        elif lower:
            tests.append(f"{b} >= {lower}")
        elif upper is not None:
            tests.append(f"{b} < {upper}")
        if stores and max(stores) - min(stores) < NEAR:
            tests.append(f"not near[{_plus(b, min(stores))}]")
        elif stores:
            tests.append("not (" + " or ".join(f"guard[{_plus(b, o)}]" for o in stores) + ")")
        out.append(f"{pad}if {' and '.join(tests)}:")
        last_load = max((p for p, w in zip(members, words) if w >> 12 == isa.OP_LDR), default=-1)
        for p, w, o in zip(members, words, offsets):
            reg = (w >> 9) & 7
            if w >> 12 == isa.OP_LDR:
                cc = "cc = " if p == last_load and self.cc_needed[p] else ""
                out.append(f"{pad}    {cc}r{reg} = mem[{self.plus(b, o)}]")
            else:
                out.append(f"{pad}    mem[{self.plus(b, o)}] = r{reg}")
        out.append(f"{pad}else:")
        for p, w in zip(members, words):
            self.instruction(trace[p], w, p, out, pad + "    ", run_end + 1 - p, False, trace[0])
        if members[-1] == len(trace) - 1:
            a = trace[-1]
            self.jump(out, pad, a + 1, trace[0], a)

    def is_branch(self, a: int) -> bool:
        """A conditional branch: it ends a straight run (BRnzp goes on along the trace)."""
        w = self.mem[a]
        return w >> 12 == isa.OP_BR and 0 < w & 0x0E00 < 0x0E00

    def jump(self, out: list[str], pad: str, target: int, head: int, site: int) -> None:
        """Go on at `target` after the instruction at `site` (recorded for IR)."""
        if target == head:
            out.append(f"{pad}if left >= {self.length}:")
            out.append(f"{pad}    continue")
        out.append(f"{pad}pc = {target}; j = {site}; break")

    def instruction(self, a, w, p, out, pad, undo, last, head) -> None:
        op = w >> 12
        f = isa.fields(w)
        nxt = (a + 1) & 0xFFFF
        exit_here = f"left += {undo + self.extra}; pc = {a}; return"
        cc = "cc = " if self.cc_needed[p] and self.sets_cc(w) else ""
        read_end = self.engine.read_end

        def read(target: str, address) -> None:
            """target = mem[address], or leave this instruction to step when the address
            is a device or, with access control in user mode, system space."""
            if isinstance(address, int):
                if self.plain_read(address):
                    out.append(f"{pad}{target} = mem[{address}]")
                else:
                    out.append(f"{pad}{exit_here}")
                return
            test = f"{self.lo} <= {address} < {read_end}" if self.lo else f"{address} < {read_end}"
            out.append(f"{pad}if {test}:")
            out.append(f"{pad}    {target} = mem[{address}]")
            out.append(f"{pad}else:")
            out.append(f"{pad}    {exit_here}")

        def store(sr: int, address) -> None:
            test = f"guard[{address}]" + (f" or {address} < {self.lo}" if self.lo else "")
            out.append(f"{pad}if {test}:")
            if self.engine.video is not None:
                out.append(f"{pad}    if guard[{address}] == {GUARD_VIDEO}:")
                out.append(f"{pad}        mem[{address}] = r{sr}")
                out.append(f"{pad}        vdirty[({address} - {VIDEO_BASE}) >> 7] = 1")
                out.append(f"{pad}    else:")
                out.append(f"{pad}        {exit_here}")
            else:
                out.append(f"{pad}    {exit_here}")
            out.append(f"{pad}else:")
            out.append(f"{pad}    mem[{address}] = r{sr}")

        if op == isa.OP_ADD and w & 0x20:
            dr, sr1, imm = f
            out.append(f"{pad}{cc}r{dr} = {self.plus(f'r{sr1}', imm)}")
        elif op == isa.OP_ADD:
            dr, sr1, sr2 = f
            out.append(f"{pad}{cc}r{dr} = {self.table('wrap')}[r{sr1} + r{sr2}]")
        elif op == isa.OP_AND:
            dr, sr1, third = f
            if w & 0x20:
                imm = third & 0xFFFF
                expr = "0" if imm == 0 else f"r{sr1}" if imm == 0xFFFF else f"r{sr1} & {imm}"
            else:
                expr = f"r{sr1} & r{third}"
            out.append(f"{pad}{cc}r{dr} = {expr}")
        elif op == isa.OP_NOT:
            out.append(f"{pad}{cc}r{f[0]} = {self.table('inverse')}[r{f[1]}]")
        elif op == isa.OP_LEA:
            out.append(f"{pad}{cc}r{f[0]} = {(nxt + f[1]) & 0xFFFF}")
        elif op == isa.OP_LD:
            read(f"{cc}r{f[0]}", (nxt + f[1]) & 0xFFFF)
        elif op == isa.OP_LDI:
            read("a", (nxt + f[1]) & 0xFFFF)
            read(f"{cc}r{f[0]}", "a")
        elif op == isa.OP_LDR:
            read(f"{cc}r{f[0]}", self.address(f[1], f[2], out, pad))
        elif op == isa.OP_ST:
            store(f[0], (nxt + f[1]) & 0xFFFF)
        elif op == isa.OP_STI:
            read("a", (nxt + f[1]) & 0xFFFF)
            store(f[0], "a")
        elif op == isa.OP_STR:
            store(f[0], self.address(f[1], f[2], out, pad))
        elif op == isa.OP_JMP:
            out.append(f"{pad}pc = r{f[0]}; j = {a}")
            if f[0] == 7:                         # Machine.returned, its usual case inline
                out.append(f"{pad}if calls:")
                out.append(f"{pad}    frame = calls.pop()")
                out.append(f"{pad}    if frame[3] != pc:")
                out.append(f"{pad}        calls.append(frame)")
                out.append(f"{pad}        m.returned(pc)")
            out.append(f"{pad}break")
            return
        elif op == isa.OP_JSR:                    # Machine.called, inline
            if w & 0x0800:
                t = (nxt + f[0]) & 0xFFFF
                out.append(f"{pad}r7 = {nxt}")
                out.append(f"{pad}calls.append(('call', {a}, {t}, {nxt}))")
            else:
                out.append(f"{pad}pc = r{f[0]}; r7 = {nxt}; j = {a}")
                out.append(f"{pad}calls.append(('call', {a}, pc, {nxt}))")
            out.append(f"{pad}if len(calls) > {MAX_FRAMES}:")
            out.append(f"{pad}    del calls[0]")
            if not w & 0x0800:
                out.append(f"{pad}break")
            elif last:                            # else the trace goes on into the subroutine
                self.jump(out, pad, t, head, a)
            return
        else:
            raise AssertionError(f"x{w:04X} should have been left to step")
        if last:
            self.jump(out, pad, nxt, head, a)

    def address(self, base: int, offset: int, out: list[str], pad: str) -> str:
        """The name holding base + offset: the register itself when the offset is 0."""
        if offset == 0:
            return f"r{base}"
        out.append(f"{pad}a = {self.plus(f'r{base}', offset, wrapped=True)}")
        return "a"
