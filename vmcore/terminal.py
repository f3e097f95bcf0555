"""Raw keyboard input from a terminal for interactive runs, like the tutorial VM's.

Keys reach the program as they are typed, without echo or line buffering; Ctrl-C still
interrupts.  The terminal's settings are always put back, also when the process is told to
end (SIGTERM, or SIGHUP when the terminal window closes): those become an exception that
unwinds through `__exit__`.
"""
from __future__ import annotations

import os
import select
import signal
import sys

ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                       if hasattr(signal, name))


class Terminated(Exception):
    """The process was asked to end by a signal."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"terminated by {signal.Signals(signum).name}")


def _raise_terminated(signum, frame):
    raise Terminated(signum)


class RawTerminal:
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdin
        self.fd = self.stream.fileno()
        self.saved = None
        self.handlers: dict = {}

    def __enter__(self) -> "RawTerminal":
        import termios
        for signum in ENDING_SIGNALS:
            self.handlers[signum] = signal.signal(signum, _raise_terminated)
        try:
            self.saved = termios.tcgetattr(self.fd)
            mode = termios.tcgetattr(self.fd)
            mode[3] &= ~(termios.ICANON | termios.ECHO)     # lflags: keep ISIG for Ctrl-C
            mode[6][termios.VMIN] = 1
            mode[6][termios.VTIME] = 0
            termios.tcsetattr(self.fd, termios.TCSANOW, mode)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        import termios
        try:
            if self.saved is not None:
                termios.tcsetattr(self.fd, termios.TCSANOW, self.saved)
        except termios.error:          # the terminal is gone (SIGHUP): nothing to restore
            pass
        finally:
            for signum, handler in self.handlers.items():
                signal.signal(signum, handler)

    def read(self, timeout: float) -> bytes:
        """Whatever keys are waiting, after up to `timeout` seconds for the first."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        data = os.read(self.fd, 1024)
        return data if data else b""
