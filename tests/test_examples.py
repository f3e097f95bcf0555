"""Every example in the playground's Examples menu assembles cleanly, runs, and shows what
its comments promise."""
import re

import pytest

from vmcore import assemble
from vmcore.machine import Machine

from .conftest import ROOT

EXAMPLES = ROOT / "web" / "examples"
RED, GREEN, BLUE, YELLOW, WHITE = 0x7C00, 0x03E0, 0x001F, 0x7FE0, 0x7FFF


def fake_clock(step=1.0):
    now = [0.0]
    def clock():
        now[0] += step
        return now[0]
    return clock


def machine(name, keys=b"", clock=None, closed=True):
    program = assemble((EXAMPLES / f"{name}.asm").read_text(), f"{name}.asm")
    assert program.warnings == []
    m = Machine(clock=clock)
    m.load(program)
    m.keyboard.push(keys)
    m.keyboard.closed = closed
    return m


def output(m, steps=5_000_000):
    stop = m.run(steps)
    return stop, m.console.take().decode("latin-1")


def test_the_menu_lists_every_example_and_each_is_commented():
    listed = re.findall(r"file: '(\w+)\.asm'", (ROOT / "web" / "src" / "examples.js").read_text())
    assert sorted(listed) == sorted(p.stem for p in EXAMPLES.glob("*.asm"))
    assert len(listed) == 10
    for path in EXAMPLES.glob("*.asm"):
        lines = path.read_text().splitlines()
        header = next(k for k, line in enumerate(lines) if not line.startswith(";"))
        assert header >= 2 and sum(";" in line for line in lines) >= min(12, len(lines) // 2)


def test_hello():
    stop, text = output(machine("hello"))
    assert stop.reason == "halted" and text.startswith("Hello, world!\n")


def test_echo():
    stop, text = output(machine("echo", b"LC-3\n"))
    assert stop.reason == "halted"
    assert text.startswith("Type something and press Enter: LC-3\nBye!\n")


def test_strings():
    stop, text = output(machine("strings"))
    assert text.startswith("LC-3 strings\npacked\nlength: 13\n")


def test_recursion():
    stop, text = output(machine("recursion"))
    assert text.startswith("0! = 1\n1! = 1\n2! = 2\n3! = 6\n4! = 24\n5! = 120\n6! = 720\n"
                           "7! = 5040\n")


def test_interrupts_take_keys_without_the_main_loop_polling():
    stop, text = output(machine("interrupts", b"abcde"))
    got = re.findall(r"The interrupt routine got: (.)", text)
    assert stop.reason == "halted" and got == list("abcde")
    assert "the main loop never polled the keyboard" in text


def test_guess_the_number_in_ansi_colours():
    stop, text = output(machine("guess", b" 123456789"))
    assert stop.reason == "halted" and text.startswith("\x1b[2J\x1b[H\x1b[1;33m")
    tries = int(re.search(r"You got it in (\d) tries", text).group(1))
    assert text.count("Your guess? ") == tries
    assert "\x1b[36mhigher!" in text or tries == 1


def test_shapes_draws_lines_and_a_square():
    m = machine("shapes")
    assert m.run(5_000_000).reason == "halted"
    v = m.video
    assert v.pixel(0, 0) == v.pixel(127, 123) == v.pixel(0, 60) == WHITE      # the frame
    assert [v.pixel(x, 10) for x in (10, 60, 117)] == [RED] * 3 and v.pixel(118, 10) == 0
    assert [v.pixel(64, y) for y in (15, 60, 100)] == [GREEN] * 3 and v.pixel(64, 101) == 0
    assert [v.pixel(i, i) for i in (20, 40, 80)] == [BLUE] * 3 and v.pixel(21, 20) == 0
    assert v.pixel(90, 90) == v.pixel(110, 110) == YELLOW and v.pixel(111, 111) == 0


def test_animate_moves_the_square_on_timer_ticks_and_stops_on_a_key():
    m = machine("animate", clock=fake_clock(), closed=False)
    p = m.program
    frame = {p.lookup("FRAME")}            # each tick: the square is drawn where X, Y say
    for _ in range(30):
        assert m.run(200_000, frame).reason == "breakpoint"
    x, y = m.memory[p.lookup("X")], m.memory[p.lookup("Y")]
    colour = m.memory[p.lookup("COLOUR")]
    assert (x, y) != (10, 30)
    assert m.video.pixel(x, y) == m.video.pixel(x + 7, y + 7) == colour != 0
    assert m.video.pixel(x + 8, y) == 0
    m.run(400_000, frame)
    assert (m.memory[p.lookup("X")], m.memory[p.lookup("Y")]) != (x, y)
    m.keyboard.push(b" ")
    stop, text = output(m, 100_000)
    assert stop.reason == "halted" and "Stopped." in text


def test_paint_draws_with_the_keyboard():
    m = machine("paint", b"ddd2sss dq")
    stop, text = output(m)
    assert stop.reason == "halted" and text.endswith("Goodbye!\n\n\n--- Halting the LC-3 ---\n\n")
    v = m.video
    assert [v.pixel(x, 62) for x in (64, 66, 68)] == [RED] * 3          # right, in red
    assert [v.pixel(70, y) for y in (62, 64, 66, 68)] == [GREEN] * 4    # then down, green
    assert v.pixel(72, 68) == WHITE and v.pixel(73, 69) == WHITE        # the lifted cursor


def test_snake_moves_steers_and_ends_at_the_wall():
    m = machine("snake", clock=fake_clock(), closed=False)
    p = m.program
    steps = {p.lookup("STEP")}             # where it looks for a key between moves
    m.run(6_000)
    m.run(10_000, steps)
    hx, hy = m.memory[p.lookup("HX")], m.memory[p.lookup("HY")]
    assert hy == 15 and hx > 10
    cells = [(x, 15) for x in range(hx - 2, hx + 1)]
    assert all(m.video.pixel(4 * x, 4 * y) == GREEN for x, y in cells)
    assert any(m.video.pixel(x, y) == RED for x in range(0, 128, 4) for y in range(0, 124, 4))
    m.keyboard.push(b"s")                                             # turn down
    m.run(5_000)
    assert m.memory[p.lookup("DY")] == 1 and m.memory[p.lookup("DX")] == 0
    assert m.memory[p.lookup("HY")] > 15 and m.memory[p.lookup("HX")] == hx
    m.keyboard.closed = True
    stop, text = output(m, 10_000_000)
    assert stop.reason == "halted" and "Game over! Score: " in text
    assert m.memory[p.lookup("HY")] == 30                             # the bottom row
