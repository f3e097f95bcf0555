"""The tutorial's demo programs and the CPU benchmark, on both engines."""
import re

import pytest

from vmcore import assemble
from vmcore.machine import Machine
from vmcore.program import read_obj

from .conftest import PROGRAMS, SHARED, shared_file

ENGINES = ["interp", "fast"]


def demo(name: str, keys: bytes, engine: str) -> tuple[Machine, str]:
    obj = shared_file(PROGRAMS / name)
    m = Machine()
    m.engine = engine
    m.load(read_obj(obj.read_bytes(), name))
    m.keyboard.push(keys)
    m.keyboard.closed = True
    stop = m.run(20_000_000)
    assert stop.reason == "input"          # played out the keys, now waiting for more
    return m, m.console.take().decode("latin-1")


def last_screen(text: str) -> str:
    return text.split("\x1b[2J")[-1]


def tiles(screen: str) -> list[int]:
    return [int(n) for n in re.findall(r"\x1b\[[0-9;]*m\s*(\d+)\s*\x1b\[0m", screen)]


@pytest.mark.parametrize("engine", ENGINES)
def test_2048_asks_about_the_terminal_and_plays_moves(engine):
    m, text = demo("2048.obj", b"y", engine)
    assert "Are you on an ANSI terminal (y/n)?" in text
    board = last_screen(text)
    assert board.count("+--------------------------+") == 2
    assert tiles(board) == [2, 2]                  # a new game shows two 2s

    total = sum(tiles(board))
    for key in b"wasd":
        m.keyboard.push(bytes([key]))
        assert m.run(20_000_000).reason == "input"
        screens = m.console.take().decode("latin-1").split("\x1b[2J")[1:]
        assert len(screens) == 1                   # each move redraws the board once
        new_total = sum(tiles(screens[0]))
        assert new_total - total in (2, 4)         # merges keep the sum; one new tile appears
        total = new_total


@pytest.mark.parametrize("engine", ENGINES)
def test_rogue_reaches_its_maze_after_a_key(engine):
    m, text = demo("rogue.obj", b" ", engine)
    assert "Welcome to LC3 Rogue." in text
    maze = last_screen(text)
    assert "@" in maze and "D" in maze and maze.count("#") > 300


@pytest.mark.parametrize("engine", ENGINES)
def test_benchmark_checksum_and_instruction_count(engine):
    bench = shared_file(SHARED / "bench" / "bench.asm")
    m = Machine()
    m.engine = engine
    m.load(assemble(bench.read_text(), "bench.asm"))
    assert m.run().reason == "halted"
    assert m.console.take().startswith(b"CHK=DA18\n")
    assert m.user_instructions == 8_497_912
