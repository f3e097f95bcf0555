"""Keyboard users and screen readers: every control by Tab, the console and the display take
keys only while their hint shows, Esc gives the keyboard back, calm announcements, and axe."""
import json

from .conftest import READY_TIMEOUT, ROOT, Playground

AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ECHO = ".ORIG x3000\nLOOP GETC\nOUT\nBR LOOP\n.END"
BUSY = """.ORIG x3000
        LD R2, OUTER
AGAIN   LD R1, INNER
SPIN    ADD R1, R1, #-1
        BRp SPIN
        LD R0, DOT
        OUT
        ADD R2, R2, #-1
        BRp AGAIN
        HALT
OUTER   .FILL #60
INNER   .FILL #30000
DOT     .FILL x2E
        .END"""


def focused(pg) -> str:
    return pg.page.evaluate("""() => { const e = document.activeElement;
        return e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 20); }""")


def test_every_toolbar_control_is_reached_with_tab(playground):
    pg = playground
    pg.page.locator("h1").click()
    seen = []
    for _ in range(40):
        pg.page.keyboard.press("Tab")
        seen.append(focused(pg))
        if "Editor" in seen:
            break
    for control in ("programs-toggle", "run", "stop", "reset", "speed", "examples", "share",
                    "open-button", "download-asm", "download-obj", "download-sym"):
        assert control in seen, (control, seen)
    pg.page.keyboard.press("Tab")                  # Tab in the editor is a tab...
    assert focused(pg) == "Editor"
    pg.page.keyboard.press("Escape")               # ...and Esc then Tab leaves, as its hint says
    pg.page.keyboard.press("Tab")
    assert focused(pg) != "Editor"


def hint_shown(pg, which) -> bool:
    return pg.page.locator(f"#{which}-hint").evaluate("h => getComputedStyle(h).visibility") == "visible"


def test_the_console_takes_keys_only_with_its_hint_and_esc_gives_them_back(playground):
    pg = playground
    pg.set_source(ECHO)
    pg.run()
    pg.wait_state("input")
    assert focused(pg) == "Console input"          # a program reading keys gets them at once
    assert hint_shown(pg, "console")
    pg.page.keyboard.type("ab")
    pg.wait_console("ab")
    pg.page.keyboard.press("Escape")
    assert focused(pg) == "run" and not hint_shown(pg, "console")
    pg.page.keyboard.type("z")                     # not the program's any more
    pg.page.locator("#console").click()
    assert hint_shown(pg, "console")
    pg.page.keyboard.press("Tab")                  # Tab is not swallowed either
    assert focused(pg) != "Console input" and not hint_shown(pg, "console")
    assert "z" not in pg.console_text()
    pg.page.get_by_role("button", name="Stop", exact=True).click()


def test_ctrl_enter_from_the_editor_gives_the_program_the_keys(playground):
    pg = playground
    pg.set_source(ECHO)
    pg.page.keyboard.press("Control+Enter")
    pg.page.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Console input'")
    pg.page.keyboard.type("hi")
    pg.wait_console("hi")
    pg.page.keyboard.press("Escape")
    pg.page.get_by_role("button", name="Stop", exact=True).click()


def test_the_display_takes_keys_only_with_its_hint_and_esc_gives_them_back(playground):
    pg = playground
    pg.page.select_option("#examples", label="Snake (display game)")
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent.startsWith('snake')")
    pg.page.get_by_role("button", name="Run", exact=True).focus()
    pg.page.keyboard.press("Enter")                # Run from the keyboard, as a player would
    # The snake reads the keyboard: the display takes the focus without a click.
    pg.page.wait_for_function("() => document.activeElement.id === 'display'")
    assert hint_shown(pg, "display")
    pg.page.keyboard.press("Escape")
    assert focused(pg) == "run" and not hint_shown(pg, "display")
    pg.page.get_by_role("button", name="Stop", exact=True).click()


def test_the_status_is_announced_at_most_once_a_second(playground):
    pg = playground
    pg.set_source(BUSY)
    pg.page.evaluate("""() => { window.announced = [];
        new MutationObserver(() => window.announced.push(performance.now()))
          .observe(document.querySelector('#announcer'), {childList: true, characterData: true, subtree: true}); }""")
    pg.page.select_option("#speed", "1000")
    since = pg.mark()
    pg.run()
    pg.wait_state("running", since=since)
    pg.page.wait_for_timeout(3000)
    pg.page.get_by_role("button", name="Stop", exact=True).click()
    pg.page.select_option("#speed", "0")
    pg.wait_state("stopped")
    pg.page.wait_for_timeout(1200)                  # the last word comes in its turn
    times = pg.page.evaluate("() => window.announced")
    assert len(times) >= 2
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 950, gaps
    assert "Stopped" in pg.page.inner_text("#announcer")


def test_axe_finds_no_serious_or_critical_violations(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(path=str(AXE))          # not an inline script: the CSP allows it
    pg = Playground(context.new_page(), site_url)
    pg.page.goto(site_url)
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    pg.set_source(".ORIG x3000\nLD R1, PIXEL\nLD R2, RED\nSTR R2, R1, #0\nHALT\n"
                  "PIXEL .FILL xC000\nRED .FILL x7C00\n.END")
    pg.run()
    pg.wait_state("halted")
    pg.page.locator("#display").wait_for()
    pg.programs()                                   # the list open too
    result = pg.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    bad = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], json.dumps(bad, indent=1)
    context.close()
