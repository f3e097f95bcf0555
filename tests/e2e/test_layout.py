"""Layouts for projectors, laptops, tablets and phones: the editor and the console are on
screen, and the console is 80 columns wide or wraps at its real width."""
import pytest

from .conftest import READY_TIMEOUT, Playground

WIDE = "0123456789" * 8                 # exactly 80 characters
PROGRAM = f""".ORIG x3000
        LEA R0, LINE
        PUTS
        LEA R0, DONE
        PUTS
        HALT
LINE    .STRINGZ "{WIDE}\\n"
DONE    .STRINGZ "END-OF-OUTPUT\\n"
        .END"""


@pytest.fixture(scope="module")
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    pg = Playground(context.new_page(), site_url).open()
    pg.set_source(PROGRAM)
    yield pg
    context.close()


def box(pg, selector):
    return pg.page.locator(selector).bounding_box()


def on_screen(b, width, height):
    return b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= width + 0.5 \
        and b["y"] + b["height"] <= height + 0.5


def run_and_show(pg, width, height):
    pg.page.set_viewport_size({"width": width, "height": height})
    since = pg.mark()
    pg.run()
    assert pg.wait_state("halted", since=since) == "halted"
    pg.wait_console("END-OF-OUTPUT")
    pg.page.screenshot(path=f"{pg.shots}/layout-{width}x{height}.png")


@pytest.mark.parametrize("width,height", [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)])
def test_editor_and_an_80_column_console_are_on_screen(page, width, height, tmp_path):
    page.shots = tmp_path
    run_and_show(page, width, height)
    console, editor = box(page, "#console"), box(page, ".editor-pane")
    assert on_screen(console, width, height) and on_screen(editor, width, height)
    assert console["height"] >= 150 and editor["height"] >= 250
    assert int(page.page.get_attribute("#console", "data-cols")) >= 80
    rows = page.console_text().split("\n")
    assert WIDE in rows                              # on one row, not wrapped
    assert not page.page.locator("#display").is_visible()   # never drawn on: no space


def test_a_tablet_in_landscape(browser, site_url, tmp_path):
    context = browser.new_context(viewport={"width": 1180, "height": 820}, has_touch=True)
    pg = Playground(context.new_page(), site_url).open()
    pg.shots = tmp_path
    pg.set_source(PROGRAM)
    run_and_show(pg, 1180, 820)
    assert on_screen(box(pg, "#console"), 1180, 820) and on_screen(box(pg, ".editor-pane"), 1180, 820)
    assert int(pg.page.get_attribute("#console", "data-cols")) >= 80
    context.close()


def test_a_phone_stacks_the_editor_above_a_console_that_wraps_at_its_width(page, tmp_path):
    page.shots = tmp_path
    run_and_show(page, 390, 844)
    editor, console = box(page, ".editor-pane"), box(page, "#console")
    assert editor["y"] + editor["height"] <= console["y"]           # stacked
    assert editor["width"] >= 340 and console["width"] >= 340
    assert editor["x"] + editor["width"] <= 390 and console["x"] + console["width"] <= 390
    cols = int(page.page.get_attribute("#console", "data-cols"))
    assert 30 <= cols < 80
    rows = page.console_text().split("\n")
    assert WIDE[:cols] in rows and WIDE[cols:] in "".join(rows)    # wrapped at its width
    page.page.set_viewport_size({"width": 1024, "height": 768})
