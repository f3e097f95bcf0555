"""Typing in the editor as people type: nothing the user did not choose changes their text,
and the assembler's errors appear while they type."""
import re

PROGRAM = """\t.ORIG x3000
\tLD R1, COUNT
LOOP\tLEA R0, L
\tPUTS
\tADD R1, R1, #-1
\tBRp LOOP
\tBRn LOOP
L\t.STRINGZ "L"
\tLD R0, L
\tHALT
COUNT\t.FILL #3
\t.END
"""


def editor_text(pg) -> str:
    return pg.editor_text()


def clear_editor(pg):
    pg.page.get_by_label("Editor").click()
    pg.page.keyboard.press("Control+a")
    pg.page.keyboard.press("Delete")


def wait_for_list(pg):
    """The completion list is open, and a person has had a moment to read it."""
    pg.page.locator(".cm-tooltip-autocomplete").wait_for()
    pg.page.wait_for_timeout(200)


def test_enter_ends_the_line_while_the_completion_list_is_open(playground):
    pg = playground
    clear_editor(pg)
    pg.page.keyboard.type("LOOP ADD R1, R1, #1\nL BR L", delay=30)
    wait_for_list(pg)                 # the list is open, offering LOOP, LD, ...
    pg.page.keyboard.press("Enter")
    pg.page.keyboard.type("LD", delay=30)
    wait_for_list(pg)
    pg.page.keyboard.press("Enter")
    pg.page.keyboard.type("BRn LOOP", delay=30)
    wait_for_list(pg)
    pg.page.keyboard.press("Enter")
    assert editor_text(pg) == "LOOP ADD R1, R1, #1\nL BR L\nLD\nBRn LOOP\n"


def test_a_completion_is_taken_only_when_chosen_with_the_arrows(playground):
    pg = playground
    clear_editor(pg)
    pg.page.keyboard.type("COUNTER .FILL #0\nLD R1, COU", delay=30)
    wait_for_list(pg)
    pg.page.keyboard.press("Tab")                  # nothing chosen: a tab, not COUNTER
    pg.page.keyboard.type("X", delay=30)
    assert editor_text(pg) == "COUNTER .FILL #0\nLD R1, COU\tX"
    pg.page.keyboard.press("Backspace")
    pg.page.keyboard.press("Backspace")
    pg.page.keyboard.type("N", delay=30)
    wait_for_list(pg)
    pg.page.keyboard.press("ArrowDown")            # into the list: now Enter takes the word
    pg.page.wait_for_selector(".cm-tooltip-autocomplete li[aria-selected]")
    pg.page.keyboard.press("Enter")
    assert editor_text(pg) == "COUNTER .FILL #0\nLD R1, COUNTER"


def test_a_whole_program_typed_at_a_human_pace_is_exactly_what_was_typed(playground):
    pg = playground
    clear_editor(pg)
    pg.page.keyboard.type(PROGRAM, delay=45)
    assert editor_text(pg) == PROGRAM
    pg.run()
    assert pg.wait_state("halted", "error") == "halted"
    pg.wait_console("LLL")


def test_errors_appear_as_the_user_types_and_look_unlike_breakpoints(playground):
    pg = playground
    clear_editor(pg)
    pg.page.keyboard.type(".ORIG x3000\nADD R1, R1, #1\nBRz NOWHERE\nHALT\n.END\n", delay=20)
    pg.toggle_breakpoint(2)
    underline = pg.page.locator(".cm-line").nth(2).locator(".cm-lintRange-error")
    underline.wait_for()                            # no Run: the worker assembled it
    assert underline.inner_text() == "NOWHERE"
    assert pg.page.get_attribute("#status", "data-state") != "error"
    marker = pg.page.locator(".cm-gutter-lint .cm-lint-marker-error")
    assert marker.count() == 1
    shape = marker.evaluate("m => getComputedStyle(m).content")
    assert "rect" in shape and "circle" not in shape       # a red square with a cross
    dots = pg.page.locator(".cm-breakpoint-gutter .cm-gutterElement:not([style*=hidden])"
                           " .cm-breakpoint")
    assert dots.count() == 1 and dots.first.inner_text() == "●"
    # Fixing the line clears the mark, again without Run.
    pg.page.locator(".cm-line").nth(2).click()
    pg.page.keyboard.press("End")
    for _ in range(len("NOWHERE")):
        pg.page.keyboard.press("Backspace")
    pg.page.keyboard.type("#-2", delay=30)
    pg.page.wait_for_selector(".cm-lintRange-error", state="detached")
    assert re.search(r"BRz #-2", pg.page.locator(".cm-content").inner_text())
