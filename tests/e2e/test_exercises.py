"""Exercises in the page: the Exercises menu, .toml files and exercise links open an exercise
beside the editor with its starter as a new program; Check lists every test's result under
"Checks", the same as `lc3 test`; Debug pauses at a failed test's start; the Tests tab edits
the file; progress is kept in the browser."""
import base64
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from vmcore.assembler import assemble

from ..conftest import ROOT
from .conftest import READY_TIMEOUT, Playground
from .test_access import AXE

EXERCISES = ROOT / "web" / "exercises"
SOLUTIONS = ROOT / "tests" / "grading" / "solutions"
WRONG = ROOT / "tests" / "grading" / "wrong"
LC3 = Path(sys.executable).with_name("lc3")


def title_of(exercise: Path) -> str:
    return re.search(r'^title = "(.*)"$', exercise.read_text(), re.M).group(1)


def exercise_of(solution: Path) -> Path:
    number = solution.stem.split("-")[0]
    (found,) = [e for e in EXERCISES.glob("*.toml") if e.stem.split("-")[0] == number]
    return found


def cli_results(solution: Path, exercise: Path) -> dict:
    done = subprocess.run([str(LC3), "test", str(solution), str(exercise), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def open_exercise(pg, exercise: Path):
    title = title_of(exercise)
    menu = pg.page.get_by_label("Exercises")
    index = sorted(EXERCISES.glob("*.toml")).index(exercise)    # the menu's order
    assert title in menu.locator("option").nth(index + 1).inner_text()
    menu.select_option(value=str(index))
    pg.page.wait_for_function(
        "t => document.querySelector('#exercise-name').textContent === t"
        " && !document.querySelector('#exercise').hidden", arg=title)


def checks_seq(pg) -> int:
    return int(pg.page.get_attribute("#checks", "data-seq") or 0)


def check(pg, press=None):
    """Press Check (or the given keys) and wait for the results it brings."""
    since = checks_seq(pg)
    if press:
        pg.page.keyboard.press(press)
    else:
        pg.page.get_by_role("button", name="Check", exact=True).click()
    pg.page.wait_for_function("n => Number(document.querySelector('#checks').dataset.seq) > n",
                              arg=since, timeout=60_000)
    return page_results(pg)


def page_results(pg) -> dict:
    region = pg.page.get_by_role("region", name="Checks")
    tests = region.locator("#checks-list li").evaluate_all("""items => items.map(li => ({
        name: li.querySelector('.check-name').textContent,
        verdict: li.querySelector('.verdict').textContent,
        points: li.querySelector('.check-points').textContent,
        message: li.querySelector('.check-message')?.textContent ?? ''}))""")
    return {"total": region.locator("#checks-total").inner_text(), "tests": tests}


def expected_view(cli: dict) -> dict:
    return {"total": f"{cli['score']} of {points(cli['max_score'])}",
            "tests": [{"name": t["name"], "verdict": "passed" if t["passed"] else "failed",
                       "points": f"{t['score']} of {points(t['max_score'])}",
                       "message": t["message"]} for t in cli["tests"]]}


@pytest.fixture(scope="module")
def pg(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = Playground(context.new_page(), site_url).open()
    yield page
    assert page.errors == []
    context.close()


def test_open_type_a_solution_and_check(fresh_page):
    pg = fresh_page.open()
    exercise = EXERCISES / "01-subtract.toml"
    before = pg.program_names()
    open_exercise(pg, exercise)
    panel = pg.page.locator("#exercise")
    assert "no subtract instruction" in panel.locator("#exercise-statement").inner_text()
    assert panel.locator("#exercise-statement code").count() > 0       # Markdown, rendered
    names = pg.program_names()
    assert "01-subtract.asm" in names and set(before) <= set(names)   # a new entry, none lost
    starter = pg.editor_text()
    assert starter.strip() and ".ORIG" in starter
    # Type the reference solution as a person does, then Ctrl+Shift+Enter.
    source = "\n".join(line.split(";")[0].rstrip()
                       for line in (SOLUTIONS / "01-subtract.asm").read_text().splitlines()
                       if line.split(";")[0].strip())
    pg.page.get_by_label("Editor").click()
    pg.page.keyboard.press("Control+a")
    pg.page.keyboard.press("Delete")
    pg.page.keyboard.type(source, delay=20)
    assert pg.editor_text() == source
    shown = check(pg, press="Control+Shift+Enter")
    cli = cli_results(SOLUTIONS / "01-subtract.asm", exercise)
    assert cli["score"] == cli["max_score"] > 0
    assert shown == expected_view(cli)
    assert all(t["verdict"] == "passed" for t in shown["tests"]) and len(shown["tests"]) == 4
    # Progress: a check mark in the menu, still there on the next visit.
    menu = pg.page.get_by_label("Exercises")
    assert "✓ Subtract without SUB" in menu.inner_text()
    pg.page.reload()
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    assert "✓ Subtract without SUB" in menu.inner_text()
    assert "✓ Multiply" not in menu.inner_text()
    # The exercise open at the last visit is open again, without another starter program.
    pg.page.wait_for_function("() => !document.querySelector('#exercise').hidden")
    assert pg.program_names().count("01-subtract.asm") == 1


def test_a_wrong_solution_shows_the_failing_test_and_its_message(pg):
    wrong = WRONG / "04-array-max-starts-at-zero.asm"
    open_exercise(pg, exercise_of(wrong))
    pg.set_source(wrong.read_text())
    shown = check(pg)
    failed = [t for t in shown["tests"] if t["verdict"] == "failed"]
    assert [t["name"] for t in failed] == ["all negative"]
    assert failed[0]["message"].startswith("MAX (x")
    assert "expected -2 (xFFFE), got 0 (x0000)" in failed[0]["message"]
    assert shown["total"] == "3 of 4 points"


SUBMISSIONS = sorted(SOLUTIONS.glob("*.asm")) + sorted(WRONG.glob("*.asm"))


def test_the_page_gives_the_same_results_as_lc3_test_on_every_exercise(pg):
    assert len(SUBMISSIONS) >= 24
    for solution in SUBMISSIONS:
        exercise = exercise_of(solution)
        open_exercise(pg, exercise)
        pg.set_source(solution.read_text())
        shown = check(pg)
        assert shown == expected_view(cli_results(solution, exercise)), solution.name
        verdicts = {t["verdict"] for t in shown["tests"]}
        assert verdicts == ({"passed"} if solution.parent == SOLUTIONS else verdicts | {"failed"})


def current_line(pg) -> str:
    return pg.page.locator(".cm-current-pc").inner_text()


def debug(pg, test_name):
    since = pg.mark()
    pg.page.get_by_role("button", name=f"Debug {test_name}").click()
    assert pg.wait_state("paused", since=since) == "paused"
    pg.page.wait_for_selector(".cm-current-pc")


def test_debug_pauses_at_the_first_instruction_or_the_subroutines_entry(pg):
    wrong = WRONG / "04-array-max-starts-at-zero.asm"
    open_exercise(pg, exercise_of(wrong))
    pg.set_source(wrong.read_text())
    check(pg)
    debug(pg, "all negative")
    assert "all negative" in pg.status()
    first = next(line for line in wrong.read_text().splitlines()
                 if line.strip() and not line.strip().startswith((";", ".ORIG")))
    assert current_line(pg).strip() == first.split(";")[0].strip()
    assert pg.page.locator("#disassembly tr.current").inner_text().strip().startswith("x3000")
    # The test's setup is in memory: COUNT = 3 before the first instruction runs.
    count = f"x{assemble(wrong.read_text()).symbols['COUNT']:04X}"
    pg.page.get_by_label("Memory address").fill(count)
    pg.page.get_by_role("button", name="Go", exact=True).click()
    pg.page.wait_for_function("a => document.querySelector('#memory').innerText.includes(a)", arg=count)
    assert pg.page.get_by_label(f"memory {count}", exact=True).inner_text() == "x0003"
    # Continue runs the failing case to its end: MAX is still 0.
    since = pg.mark()
    pg.page.get_by_role("button", name="Continue", exact=True).click()
    assert pg.wait_state("halted", since=since) == "halted"

    wrong = WRONG / "09-factorial-keeps-frame-pointer.asm"
    open_exercise(pg, exercise_of(wrong))
    pg.set_source(wrong.read_text())
    check(pg)
    debug(pg, "8!")
    assert re.match(r"^FACT\b", current_line(pg).strip()), current_line(pg)
    assert "FACT" in pg.status()


def test_an_exercise_link_carries_the_exercise_and_not_the_program(pg, browser, site_url):
    exercise = EXERCISES / "02-multiply.toml"
    open_exercise(pg, exercise)
    pg.set_source("; MY SECRET SOLUTION\n.ORIG x3000\nHALT\n.END\n")
    pg.page.get_by_role("button", name="Share").click()
    pg.page.wait_for_function("() => document.querySelector('#notice-link').value.includes('#exercise=')")
    link = pg.page.input_value("#notice-link")
    data = link.split("#exercise=", 1)[1]
    carried = json.loads(zlib.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)), -15))
    assert carried == {"v": 1, "exercise": exercise.read_text()}
    assert "SECRET" not in json.dumps(carried)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    other = Playground(context.new_page(), site_url)
    other.page.goto(link)
    other.page.wait_for_function(
        "() => document.querySelector('#exercise-name').textContent === 'Multiply by repeated addition'",
        timeout=READY_TIMEOUT)
    other.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    assert "02-multiply.asm" in other.program_names()
    assert "#exercise=" not in other.page.url          # opened once, not again on reload
    assert "SECRET" not in other.editor_text()
    context.close()


CUSTOM = '''title = "Put seven in R0"
statement = """Set **R0** to 7, then `HALT`."""
starter = """
        .ORIG x3000
        HALT
        .END
"""

[[tests]]
name = "seven"
points = 3
[tests.expect]
R0 = 7
'''


def test_a_toml_file_opens_and_the_tests_tab_shows_its_errors_by_line(pg, tmp_path):
    good = tmp_path / "seven.toml"
    good.write_text(CUSTOM)
    pg.page.set_input_files("#open", str(good))
    pg.page.wait_for_function(
        "() => document.querySelector('#exercise-name').textContent === 'Put seven in R0'")
    assert "seven.asm" in pg.program_names()
    pg.set_source(".ORIG x3000\nAND R0, R0, #0\nADD R0, R0, #7\nHALT\n.END")
    assert check(pg)["total"] == "3 of 3 points"
    # The Tests tab holds the file; a mistake typed into it is shown with its line.
    pg.page.get_by_role("tab", name="Tests").click()
    text = pg.page.get_by_label("Exercise file (TOML)")
    assert text.input_value() == CUSTOM
    text.click()
    pg.page.keyboard.press("Control+End")
    pg.page.keyboard.type("R1 = 2\nhalted = maybe\n", delay=20)
    errors = pg.page.get_by_role("list", name="Errors in the exercise file")
    pg.page.wait_for_function("() => /line 15: TOML: Invalid value/.test("
                              "document.querySelector('#tests-errors').innerText)")
    for _ in range(len("halted = maybe\n")):
        pg.page.keyboard.press("Backspace")
    pg.page.wait_for_function("() => /No errors: 1 tests, 3 points/.test("
                              "document.querySelector('#tests-errors').innerText)")
    # The edited file is the exercise now: R1 = 2 is checked too.
    shown = check(pg)
    assert shown["total"] == "0 of 3 points"
    assert shown["tests"][0]["message"].startswith("R1: expected 2")
    pg.page.get_by_role("tab", name="Program").click()
    assert pg.page.get_by_label("Editor").is_visible()
    # A file with a mistake does not open; its errors are in the Tests tab, by line.
    bad = tmp_path / "bad.toml"
    bad.write_text(CUSTOM.replace("points = 3", "points = 3\ninptu = 'x'"))
    pg.page.set_input_files("#open", str(bad))
    pg.page.wait_for_function("() => /bad.toml could not be opened: line 12/.test("
                              "document.querySelector('#notice').innerText)")
    assert "line 12: " in errors.inner_text() and "inptu" in errors.inner_text()
    pg.page.get_by_role("tab", name="Program").click()


def test_the_layout_at_1024x768_and_axe_with_an_exercise_open(browser, site_url, tmp_path):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.add_init_script(path=str(AXE))
    pg = Playground(context.new_page(), site_url).open()
    wrong = WRONG / "07-compare-stops-at-s1-end.asm"
    open_exercise(pg, exercise_of(wrong))
    pg.set_source(wrong.read_text())
    check(pg)
    pg.page.screenshot(path=str(tmp_path / "exercise-1024x768.png"))
    shot = ROOT / "tests" / "e2e" / "screenshots"
    if shot.is_dir():
        pg.page.screenshot(path=str(shot / "exercise-1024x768.png"))
    boxes = {name: pg.page.locator(sel).bounding_box() for name, sel in
             [("editor", ".editor-pane"), ("exercise", "#exercise"), ("console", ".console-pane"),
              ("debugger", "#debugger"), ("toolbar", ".toolbar")]}
    for name, b in boxes.items():
        assert b["x"] >= 0 and b["x"] + b["width"] <= 1024.5, name
        assert b["y"] >= 0 and b["y"] + b["height"] <= 768.5, name
    assert boxes["toolbar"]["height"] < 50                       # one row of controls
    assert boxes["editor"]["width"] >= 380 and boxes["exercise"]["width"] >= 220
    assert boxes["exercise"]["x"] >= boxes["editor"]["x"] + boxes["editor"]["width"]   # beside it
    assert boxes["console"]["width"] > boxes["editor"]["width"] + boxes["exercise"]["width"]
    assert int(pg.page.get_attribute("#console", "data-cols")) >= 80
    result = pg.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, indent=1)
    pg.page.get_by_role("tab", name="Tests").click()
    result = pg.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    context.close()
