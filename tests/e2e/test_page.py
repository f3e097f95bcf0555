"""The playground page in Chromium, used as a student would use it."""
import time

from ..conftest import PROGRAMS, shared_file

GETC_ECHO = """.ORIG x3000
        LD R1, COUNT
AGAIN   GETC
        OUT
        ADD R1, R1, #-1
        BRp AGAIN
        HALT
COUNT   .FILL #3
        .END"""

DRAW = """.ORIG x3000
        LD R1, PIXEL        ; (10, 20)
        LD R2, RED
        STR R2, R1, #0
        LD R1, ROW          ; a green line along row 100, x = 0..127
        LD R2, GREEN
        LD R3, WIDTH
LINE    STR R2, R1, #0
        ADD R1, R1, #1
        ADD R3, R3, #-1
        BRp LINE
        HALT
PIXEL   .FILL xCA0A         ; xC000 + 128 * 20 + 10
RED     .FILL x7C00
ROW     .FILL xF200         ; xC000 + 128 * 100
GREEN   .FILL x03E0
WIDTH   .FILL #128
        .END"""

ENDLESS = ".ORIG x3000\nLOOP    ADD R1, R1, #1\n        BRnzp LOOP\n        .END"


def test_hello_world_prints(playground):
    playground.set_source('.ORIG x3000\nLEA R0, MSG\nPUTS\nHALT\nMSG .STRINGZ "Hello, world!"\n.END')
    playground.run()
    assert playground.wait_state("halted", "error") == "halted"
    playground.wait_console("Hello, world!")
    assert "--- Halting the LC-3 ---" in playground.console_text()
    assert "instructions" in playground.status()


def test_assembly_error_is_shown_at_its_line(playground):
    playground.set_source(".ORIG x3000\nADD R1, R1, #1\nBRz NOWHERE\nHALT\n.END")
    playground.run()
    assert playground.wait_state("error") == "error"
    assert "line 3: unknown label NOWHERE" in playground.status()
    underline = playground.page.locator(".cm-line").nth(2).locator(".cm-lintRange-error")
    assert underline.inner_text() == "NOWHERE"
    underline.hover()
    tooltip = playground.page.locator(".cm-tooltip-lint")
    tooltip.wait_for()
    assert "3:5: unknown label NOWHERE" in tooltip.inner_text()


def test_drawing_program_shows_its_pixels(playground):
    playground.set_source(DRAW)
    playground.run()
    assert playground.wait_state("halted") == "halted"
    playground.page.wait_for_function(
        "() => document.querySelector('#display').getContext('2d')"
        ".getImageData(10, 20, 1, 1).data[0] === 255", timeout=5000)
    assert playground.pixel(10, 20) == (255, 0, 0)
    assert playground.pixel(0, 100) == (0, 255, 0) and playground.pixel(127, 100) == (0, 255, 0)
    assert playground.pixel(11, 20) == (0, 0, 0) and playground.pixel(5, 99) == (0, 0, 0)
    scale = int(playground.page.get_attribute("#display", "data-scale"))
    box = playground.page.locator("#display").bounding_box()
    assert scale >= 2 and round(box["width"]) >= 128 * scale - 4
    assert playground.page.eval_on_selector(
        "#display", "c => getComputedStyle(c).imageRendering") in ("pixelated", "crisp-edges")


def test_typed_keys_reach_a_getc_program(playground):
    playground.set_source(GETC_ECHO)
    playground.run()
    assert playground.wait_state("input") == "input"
    assert "Waiting for input" in playground.status()
    playground.page.locator("#console").click()
    playground.page.keyboard.type("xyz")
    assert playground.wait_state("halted") == "halted"
    playground.wait_console("xyz")


def test_keys_typed_on_the_display_reach_the_program(playground):
    playground.set_source(GETC_ECHO)
    playground.run()
    playground.wait_state("input")
    playground.page.locator("#display").focus()
    playground.page.keyboard.type("q")
    playground.page.keyboard.press("Enter")
    playground.page.keyboard.type("w")
    assert playground.wait_state("halted") == "halted"
    playground.wait_console("q\nw")


def test_endless_loop_stops_and_the_page_stays_responsive(playground):
    playground.set_source(ENDLESS)
    playground.run()
    assert playground.wait_state("running") == "running"
    time.sleep(0.5)
    playground.page.get_by_role("button", name="Stop").click()
    assert playground.wait_state("stopped", timeout=5000) == "stopped"
    assert "stopped at x300" in playground.status()
    playground.set_source('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "again"\n.END')
    playground.page.keyboard.press("Control+Enter")
    assert playground.wait_state("halted") == "halted"
    playground.wait_console("again")


def board(pg, unlike=None, timeout=10.0) -> list[list[int]]:
    """2048's 4x4 board as the console shows it (0: an empty cell), once the terminal has
    drawn all of it (it draws on its own animation frames, after the output arrived) and,
    given `unlike`, once it differs from that board."""
    deadline = time.monotonic() + timeout
    while True:
        cells = read_board(pg.console_text())
        if cells is not None and cells != unlike:
            return cells
        assert time.monotonic() < deadline, f"no new complete board: {pg.console_text()!r}"
        pg.page.wait_for_timeout(50)


def read_board(text: str) -> list[list[int]] | None:
    lines = text.split("\n")
    top = next((i for i, line in enumerate(lines) if line.startswith("+-----")), None)
    if top is None or len(lines) <= top + 10 or not lines[top + 10].startswith("+-----"):
        return None
    try:
        return [[int(lines[top + 2 + 2 * row][3 + 6 * c:7 + 6 * c].strip() or 0)
                 for c in range(4)] for row in range(4)]
    except ValueError:
        return None


def moves_down(cells) -> bool:
    """Whether S would move or merge anything (else the game ignores it)."""
    for c in range(4):
        column = [cells[r][c] for r in range(4)]
        for r in range(3):
            if column[r] and (column[r + 1] in (0, column[r])):
                return True
    return False


def test_2048_object_file_opened_from_the_file_input(playground):
    game = shared_file(PROGRAMS / "2048.obj")
    playground.page.set_input_files("#open", str(game))
    playground.page.wait_for_function(
        "() => document.querySelector('#program-name').textContent.includes('2048.obj')")
    listing = playground.page.get_by_role("region", name="Object file disassembly")
    listing.locator("tr", has_text="x3000").first.wait_for()     # in the editor's place
    assert not playground.page.get_by_label("Editor").is_visible()
    playground.run()
    playground.wait_console("Are you on an ANSI terminal (y/n)?")
    playground.page.locator("#console").click()
    since = playground.mark()
    playground.page.keyboard.type("y")
    playground.wait_state("input", since=since)        # the board is drawn, keys awaited
    start = board(playground)
    assert sum(v != 0 for row in start for v in row) == 2
    key = "s" if moves_down(start) else "w"             # a move that changes the board
    since = playground.mark()
    playground.page.keyboard.type(key)
    playground.wait_state("input", since=since)
    after = board(playground, unlike=start)
    # Tiles slide and merge (the sum stays), then one new tile of 2 or 4 appears.
    assert sum(map(sum, after)) - sum(map(sum, start)) in (2, 4)
    # No .sym: the call stack holds the game's real calls only (its loop, the key read).
    assert playground.page.locator("#stack li").count() <= 2


def test_no_request_leaves_the_origin(fresh_page):
    fresh_page.open()
    fresh_page.set_source('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "ok"\n.END')
    fresh_page.run()
    fresh_page.wait_state("halted")
    origin = fresh_page.url.rstrip("/")
    outside = [u for u in fresh_page.requests
               if not (u.startswith(origin + "/") or u.startswith(("data:", "blob:")))]
    assert fresh_page.requests and outside == []
    assert fresh_page.errors == []


def contrast(a, b):
    def luminance(rgb):
        def channel(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_ansi_colours_are_readable_on_the_console(playground):
    words = "".join(f'\\e[{c}mC{c}\\e[0m \\e[1;{c}mB{c}\\e[0m ' for c in range(31, 38))
    playground.set_source(f'.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "{words}"\n.END')
    playground.run()
    assert playground.wait_state("halted") == "halted"
    playground.wait_console("C37")
    colours = playground.page.evaluate("""() => {
        const rgb = (s) => s.match(/\\d+/g).slice(0, 3).map(Number);
        const bg = rgb(getComputedStyle(document.querySelector('#console .xterm-viewport')).backgroundColor);
        return [bg, [...document.querySelectorAll('#console .xterm-rows span')]
          .filter((s) => /^[CB]3\\d$/.test(s.textContent))
          .map((s) => [s.textContent, rgb(getComputedStyle(s).color)])]; }""")
    background, spans = colours
    assert len(spans) == 14
    for text, colour in spans:
        assert contrast(colour, background) >= 4.5, (text, colour, background)


def test_a_new_error_does_not_show_the_last_runs_instruction_count(playground):
    playground.set_source('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "ok"\n.END')
    playground.run()
    assert playground.wait_state("halted") == "halted"
    assert "instructions" in playground.status()
    playground.set_source(".ORIG x3000\nBRz NOWHERE\n.END")
    since = playground.mark()
    playground.run()
    assert playground.wait_state("error", since=since) == "error"
    assert "unknown label NOWHERE" in playground.status()
    assert "instructions" not in playground.status()


def test_a_program_without_halt_is_explained_in_a_beginners_words(playground):
    playground.set_source('.ORIG x3000\nLEA R0, M\nPUTS\nM .STRINGZ "Hi"\n.END')
    since = playground.mark()
    playground.run()
    assert playground.wait_state("error", "halted", since=since) == "error"
    playground.wait_console("Hi")
    status = playground.status()
    assert "the program ran past its end: after line 3 (PUTS)" in status
    assert "Did you forget HALT?" in status
