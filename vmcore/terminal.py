"""Raw keyboard input from a terminal for interactive runs, like the tutorial VM's.

Keys reach the program as they are typed, without echo or line buffering; Ctrl-C still
interrupts.  The terminal's settings are always put back.
"""
from __future__ import annotations

import os
import select
import sys


class RawTerminal:
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdin
        self.fd = self.stream.fileno()
        self.saved = None

    def __enter__(self) -> "RawTerminal":
        import termios
        self.saved = termios.tcgetattr(self.fd)
        mode = termios.tcgetattr(self.fd)
        mode[3] &= ~(termios.ICANON | termios.ECHO)     # lflags: keep ISIG for Ctrl-C
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        termios.tcsetattr(self.fd, termios.TCSANOW, mode)
        return self

    def __exit__(self, *exc) -> None:
        import termios
        if self.saved is not None:
            termios.tcsetattr(self.fd, termios.TCSANOW, self.saved)

    def read(self, timeout: float) -> bytes:
        """Whatever keys are waiting, after up to `timeout` seconds for the first."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        data = os.read(self.fd, 1024)
        return data if data else b""
