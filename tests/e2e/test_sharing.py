"""Sharing by link, keeping the user's work, the examples menu, embedding, and offline use."""
import sys

from .conftest import READY_TIMEOUT, SITE, Playground
from ..conftest import ROOT


def long_program(lines=300):
    body = [".ORIG x3000"]
    for i in range(lines - 3):
        body.append(f"L{i:03d}    ADD R{i % 8}, R{(i + 3) % 8}, #{i % 16 - 8}   ; step {i}")
    body += ["        HALT", ".END"]
    return "\n".join(body)


def share(pg) -> str:
    if pg.page.locator("#notice").is_visible():     # an earlier link must not be read
        pg.page.get_by_role("button", name="Dismiss").click()
    pg.page.get_by_role("button", name="Share").click()
    link = pg.page.get_by_label("Shared link")
    link.wait_for()
    return link.input_value()


def test_a_shared_link_restores_the_program_and_its_settings(browser, site_url):
    context = browser.new_context()
    author = Playground(context.new_page(), site_url).open()
    source = long_program()
    author.set_source(source)
    author.open_settings()
    author.page.select_option("#edition", "2")
    author.page.check("#access-control")
    author.page.fill("#input", "abc")
    author.toggle_breakpoint(2)
    link = share(author)
    assert "#code=" in link and len(link.encode()) < 8 * 1024      # a 300-line program
    context.close()

    reader = browser.new_context()
    pg = Playground(reader.new_page(), site_url)
    pg.page.goto(link)
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    assert "Opened a shared program" in pg.page.inner_text("#notice")
    with pg.page.expect_download() as download:
        pg.page.get_by_title("Download the source").click()
    assert open(download.value.path()).read() == source             # exactly, all 300 lines
    assert pg.page.input_value("#edition") == "2" and pg.page.is_checked("#access-control")
    assert pg.page.input_value("#input") == "abc"
    assert pg.page.locator(".cm-breakpoint-gutter .cm-breakpoint").count() == 2   # + spacer
    reader.close()


def test_work_is_saved_as_typed_and_survives_a_reload(fresh_page):
    pg = fresh_page.open()
    pg.set_source(".ORIG x3000\n; my own work\nHALT\n.END")
    pg.page.reload()                                # at once: leaving the page saves too
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    assert "; my own work" in pg.page.locator(".cm-content").inner_text()


def test_mangled_truncated_and_oversized_links_say_so_and_keep_the_work(fresh_page):
    pg = fresh_page.open()
    pg.set_source(".ORIG x3000\n; precious\nHALT\n.END")
    link = share(pg)
    base, data = link.split("#code=")
    cases = {
        "mangled": f"{base}?1#code={data[:10]}!!{data[12:]}",
        "truncated": f"{base}?2#code={data[:len(data) // 2]}",
        "oversized": f"{base}?3#code={'A' * 70000}",
    }
    reasons = {"mangled": "characters a link never has", "truncated": "cut short or damaged",
               "oversized": "too long"}
    for name, url in cases.items():
        pg.page.goto(url)
        pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
        notice = pg.page.locator("#notice")
        notice.wait_for()
        assert "could not be opened" in notice.inner_text() and reasons[name] in notice.inner_text()
        assert "; precious" in pg.page.locator(".cm-content").inner_text(), name


def test_examples_menu_loads_a_display_game_that_runs(playground):
    pg = playground
    pg.page.select_option("#examples", label="Shapes and lines (display)".replace(
        "Shapes and lines", "Lines and shapes"))
    pg.page.wait_for_function(
        "() => document.querySelector('.cm-content').innerText.includes('Lines and shapes')")
    pg.run()
    assert pg.wait_state("halted") == "halted"
    pg.page.wait_for_function("() => document.querySelector('#display').getContext('2d')"
                              ".getImageData(64, 50, 1, 1).data[1] === 255", timeout=5000)
    assert pg.pixel(64, 50) == (0, 255, 0) and pg.pixel(10, 10) == (255, 0, 0)
    assert pg.page.locator("#examples option").count() == 11


def test_embed_shows_only_the_editor_run_stop_and_output(fresh_page):
    pg = fresh_page.open("?embed=1")
    assert pg.page.get_by_role("button", name="Run", exact=True).is_visible()
    assert pg.page.get_by_role("button", name="Stop", exact=True).is_visible()
    assert pg.page.get_by_label("Editor").is_visible()
    assert pg.page.locator("#console").is_visible()
    assert not pg.page.locator("#debugger").is_visible()
    assert not pg.page.get_by_role("button", name="Share").is_visible()
    pg.set_source(".ORIG x3000\nLOOP BR LOOP\n.END")          # a runaway loop
    pg.run()
    pg.wait_state("running")
    since = pg.mark()
    pg.page.get_by_role("button", name="Stop", exact=True).click()
    assert pg.wait_state("stopped", since=since) == "stopped"
    assert not pg.page.locator("#display").is_visible()        # never drawn on: no space
    pg.set_source(".ORIG x3000\nLD R1, PIXEL\nLD R2, RED\nSTR R2, R1, #0\nHALT\n"
                  "PIXEL .FILL xC000\nRED .FILL x7C00\n.END")
    pg.run()
    assert pg.wait_state("halted") == "halted"
    pg.page.locator("#display").wait_for()                     # drawn on: now it shows


def test_works_offline_after_the_first_visit(browser):
    sys.path.insert(0, str(ROOT / "web"))
    from serve import serve_in_thread
    server = serve_in_thread(str(SITE))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    pg = Playground(context.new_page(), url).open()
    pg.page.wait_for_selector("body[data-offline=ready]", timeout=READY_TIMEOUT)
    server.shutdown()
    server.server_close()
    pg.page.reload()
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    pg.set_source('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "offline ok"\n.END')
    pg.run()
    assert pg.wait_state("halted") == "halted"
    pg.wait_console("offline ok")
    context.close()


def test_the_first_visit_downloads_each_file_once(browser):
    sys.path.insert(0, str(ROOT / "web"))
    from serve import serve_in_thread
    server = serve_in_thread(str(SITE), count=True)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    pg = Playground(context.new_page(), url)
    # The phases are watched from the moment the page exists (the first may be over by the
    # time goto returns).
    pg.page.add_init_script("""window.phases = [];
        document.addEventListener('DOMContentLoaded', () => {
          const bar = document.querySelector('#progress');
          const note = () => window.phases.push(bar.getAttribute('aria-valuetext'));
          note();
          new MutationObserver(note).observe(bar, {attributes: true}); });""")
    pg.page.goto(url)
    progress = pg.page.get_by_role("progressbar")
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    phases = pg.page.evaluate("() => window.phases")
    assert [p for p in dict.fromkeys(phases)] == [
        "Downloading the Python runtime", "Starting Python", "Loading vmcore"]
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    assert not progress.is_visible()
    assert pg.status().startswith("Ready · vmcore ")           # no "Ready · Ready"
    pg.page.wait_for_selector("body[data-offline=ready]", timeout=READY_TIMEOUT)
    sent = dict(server.sent)
    server.shutdown()
    server.server_close()
    context.close()
    files = [p for p in SITE.rglob("*") if p.is_file()]
    site = sum(p.stat().st_size for p in files)
    wasm = (SITE / "pyodide" / "pyodide.asm.wasm").stat().st_size
    total = sum(sent.values())
    print(f"first visit: {total:,} bytes sent for a site of {site:,} bytes "
          f"({total / site:.2f}x); pyodide.asm.wasm sent {sent.get('/pyodide/pyodide.asm.wasm', 0):,}")
    assert sent["/pyodide/pyodide.asm.wasm"] == wasm            # once, not twice
    assert total <= 1.1 * site


def test_run_pressed_while_loading_starts_when_ready(fresh_page):
    pg = fresh_page
    pg.page.goto(pg.url)
    pg.page.get_by_role("button", name="Run", exact=True).click()
    if pg.page.get_attribute("body", "data-ready") != "true":     # (it usually is not yet)
        assert pg.page.inner_text("#run") == "Run (starts when ready)"
    assert pg.wait_state("halted", timeout=READY_TIMEOUT) == "halted"
    pg.wait_console("Hello, world!")
    assert pg.page.inner_text("#run") == "Run"
