"""The memory bus and the memory-mapped devices that attach to it by address range.

The machine reads and writes memory only through the bus; below the lowest device address
that is a plain list access, and above it the bus hands the access to the device that owns
the address.  No instruction knows which addresses are devices.
"""
from __future__ import annotations

import time
from collections import deque
from functools import lru_cache
from collections.abc import Callable

KBSR, KBDR, DSR, DDR, TMR, TMI = 0xFE00, 0xFE02, 0xFE04, 0xFE06, 0xFE08, 0xFE0A
PSR_ADDR, MCR = 0xFFFC, 0xFFFE
VIDEO_BASE, VIDEO_WIDTH, VIDEO_HEIGHT = 0xC000, 128, 124
VIDEO_END = VIDEO_BASE + VIDEO_WIDTH * VIDEO_HEIGHT      # xFE00, one past the last pixel


class Device:
    """Something on the bus.  `ranges` are inclusive (low, high) address pairs."""
    ranges: tuple[tuple[int, int], ...] = ()

    def read(self, address: int) -> int:
        return 0

    def write(self, address: int, value: int) -> None:
        pass

    def reset(self) -> None:
        pass


class Bus:
    def __init__(self) -> None:
        self.memory = [0] * 0x10000
        self.io_base = 0x10000          # addresses at or above this may belong to a device
        self._owner: list[Device | None] = []
        self.devices: list[Device] = []

    def attach(self, device: Device) -> None:
        self.devices.append(device)
        low = min(lo for lo, _ in device.ranges)
        if low < self.io_base:
            self._owner = [None] * (self.io_base - low) + self._owner
            self.io_base = low
        for lo, hi in device.ranges:
            self._owner[lo - self.io_base:hi + 1 - self.io_base] = [device] * (hi + 1 - lo)

    def owner(self, address: int) -> Device | None:
        return self._owner[address - self.io_base] if address >= self.io_base else None

    def read(self, address: int) -> int:
        if address < self.io_base:
            return self.memory[address]
        device = self._owner[address - self.io_base]
        return device.read(address) if device else self.memory[address]

    def write(self, address: int, value: int) -> None:
        if address < self.io_base:
            self.memory[address] = value
            return
        device = self._owner[address - self.io_base]
        if device:
            device.write(address, value)
        else:
            self.memory[address] = value


class Keyboard(Device):
    """KBSR/KBDR.  Keys wait in a queue; the head is visible in KBDR until KBDR is read.

    Keys can also be scheduled to arrive later, as LC3Tools' graders feed them: `arrivals`
    holds (instruction count, key) pairs, and a key joins the queue once the machine has
    executed that many instructions (`clock` reads the machine's count).

    `starved` counts reads of KBSR that found no key since the last key was taken: a program
    waiting for input polls, so a long streak tells a front end the program is waiting.
    """
    ranges = ((KBSR, KBSR), (KBDR, KBDR))

    WAITING_POLLS = 2000      # empty polls in a row that mean the program waits for input

    def __init__(self, clock: Callable[[], int] = lambda: 0) -> None:
        self.queue: deque[int] = deque()
        self.arrivals: deque[tuple[int, int]] = deque()
        self.clock = clock
        self.interrupt_enable = False
        self.starved = 0
        self.closed = False      # no more keys will ever come (scripted input, a pipe)

    def reset(self) -> None:
        self.queue.clear()
        self.arrivals.clear()
        self.interrupt_enable = False
        self.starved = 0

    def busy(self) -> None:
        """The program did something other than wait for a key."""
        self.starved = 0

    def push(self, keys: str | bytes | int) -> None:
        if isinstance(keys, int):
            keys = bytes([keys & 0xFF])
        elif isinstance(keys, str):
            keys = keys.encode("latin-1", errors="replace")
        self.queue.extend(keys)

    def schedule(self, keys: bytes, delay: int, start: int) -> None:
        """LC3Tools' key timing: key k (from 0) arrives once `delay + k * (delay + 1)`
        instructions have run since instruction count `start` (the program's first)."""
        for k, key in enumerate(keys):
            self.arrivals.append((start + delay + k * (delay + 1), key))

    def _arrive(self, now: int) -> None:
        arrivals = self.arrivals
        while arrivals and arrivals[0][0] <= now:
            self.queue.append(arrivals.popleft()[1])

    @property
    def ready(self) -> bool:
        if self.arrivals:
            self._arrive(self.clock())
        return bool(self.queue)

    @property
    def waiting(self) -> bool:
        """The program has polled an empty keyboard long enough to be waiting for a key
        that will not come by itself."""
        return self.starved >= self.WAITING_POLLS and not self.queue and not self.arrivals

    @property
    def interrupting(self) -> bool:
        """Between instructions: a key is there and interrupts are enabled."""
        if not self.interrupt_enable:
            return False
        if self.arrivals:
            self._arrive(self.clock())
        return bool(self.queue)

    def read(self, address: int) -> int:
        if self.arrivals:
            self._arrive(self.clock() - 1)       # during an instruction: the ones before it
        if address == KBSR:
            if not self.queue:
                self.starved += 1
            return (0x8000 if self.queue else 0) | (0x4000 if self.interrupt_enable else 0)
        if self.queue:
            self.starved = 0
            return self.queue.popleft()
        return 0

    def write(self, address: int, value: int) -> None:
        if address == KBSR:
            self.interrupt_enable = bool(value & 0x4000)


class Console(Device):
    """DSR/DDR: always ready; each character written to DDR is appended to the output."""
    ranges = ((DSR, DSR), (DDR, DDR))

    def __init__(self) -> None:
        self.output = bytearray()
        self.written = 0          # characters ever written
        self.mute_until = 0       # replaying history: characters before this were shown

    def reset(self) -> None:
        self.output.clear()

    def take(self) -> bytes:
        out = bytes(self.output)
        self.output.clear()
        return out

    def read(self, address: int) -> int:
        return 0x8000 if address == DSR else 0

    def write(self, address: int, value: int) -> None:
        if address == DDR:
            if self.written >= self.mute_until:
                self.output.append(value & 0xFF)
            self.written += 1


class Timer(Device):
    """TMR/TMI as in PennSim: TMR[15] is set once TMI milliseconds have passed, and reading
    TMR clears it.  The host supplies the clock (milliseconds), so tests can use a fake one."""
    ranges = ((TMR, TMR), (TMI, TMI))

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.clock = clock or (lambda: time.monotonic() * 1000.0)
        self.interval = 0
        self.started = 0.0
        # Called on every TMR read: a program that watches the clock is animating, not
        # merely waiting for a key, even while it polls the keyboard.
        self.on_read: Callable[[], None] = lambda: None

    def reset(self) -> None:
        self.interval = 0

    def read(self, address: int) -> int:
        if address == TMI:
            return self.interval
        self.on_read()
        if self.interval and self.clock() - self.started >= self.interval:
            self.started = self.clock()
            return 0x8000
        return 0

    def write(self, address: int, value: int) -> None:
        if address == TMI:
            self.interval = value
            self.started = self.clock()


class Video(Device):
    """128 x 124 pixels of RGB555 at xC000-xFDFF, one word per pixel, row-major.

    Pixels live in main memory; the device marks the rows a write touches, so a front end
    redraws only what changed.
    """
    ranges = ((VIDEO_BASE, VIDEO_END - 1),)

    def __init__(self, memory: list[int]) -> None:
        self.memory = memory
        self.dirty = bytearray(b"\x01" * VIDEO_HEIGHT)   # 1: row written since the last take

    def reset(self) -> None:
        self.mark_all()

    def mark_all(self) -> None:
        self.dirty[:] = b"\x01" * VIDEO_HEIGHT

    def read(self, address: int) -> int:
        return self.memory[address]

    def write(self, address: int, value: int) -> None:
        self.memory[address] = value
        self.dirty[(address - VIDEO_BASE) >> 7] = 1

    def take_dirty_rows(self) -> list[tuple[int, int]]:
        """Runs of changed rows as (first, count), and forget them."""
        runs: list[tuple[int, int]] = []
        if not any(self.dirty):
            return runs
        y = 0
        while y < VIDEO_HEIGHT:
            if self.dirty[y]:
                start = y
                while y < VIDEO_HEIGHT and self.dirty[y]:
                    y += 1
                runs.append((start, y - start))
            else:
                y += 1
        self.dirty[:] = bytes(VIDEO_HEIGHT)       # in place: the engine holds this array
        return runs

    def pixel(self, x: int, y: int) -> int:
        return self.memory[VIDEO_BASE + VIDEO_WIDTH * y + x] & 0x7FFF

    def rgba(self, first_row: int = 0, rows: int = VIDEO_HEIGHT) -> bytes:
        """Rows of the frame as RGBA bytes (4 per pixel), 5-bit channels scaled to 8 bits."""
        start = VIDEO_BASE + first_row * VIDEO_WIDTH
        table = _rgba_table()
        return b"".join(table[w & 0x7FFF] for w in self.memory[start:start + rows * VIDEO_WIDTH])

    def rgb(self) -> bytes:
        table = _rgba_table()
        return b"".join(table[w & 0x7FFF][:3] for w in self.memory[VIDEO_BASE:VIDEO_END])


@lru_cache(maxsize=1)
def _rgba_table() -> list[bytes]:
    """RGBA bytes for every RGB555 colour (built on first use: it costs start-up time)."""
    def scale(c: int) -> int:
        return (c << 3) | (c >> 2)
    return [bytes((scale(w >> 10 & 31), scale(w >> 5 & 31), scale(w & 31), 255))
            for w in range(0x8000)]


class SystemControl(Device):
    """PSR at xFFFC and MCR at xFFFE: the machine's own registers, seen as memory."""
    ranges = ((PSR_ADDR, PSR_ADDR), (MCR, MCR))

    def __init__(self, machine) -> None:
        self.machine = machine

    def read(self, address: int) -> int:
        if address == PSR_ADDR:
            return self.machine.psr
        return 0 if self.machine.halted else 0x8000

    def write(self, address: int, value: int) -> None:
        if address == PSR_ADDR:
            self.machine.psr = value & 0x8707
        elif not value & 0x8000:
            self.machine.halted = True
