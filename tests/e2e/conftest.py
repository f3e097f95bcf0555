"""Fixtures that serve the built site and drive it in Debian's Chromium through Playwright."""
import os
import re
import shutil
import sys

import pytest

from ..conftest import ROOT, missing

SITE = ROOT / "web" / "dist"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
READY_TIMEOUT = 60_000      # ms; a cold Pyodide start on a loaded machine


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        missing("the site is not built: ./build.sh builds it (./build.sh test does both)")
    sys.path.insert(0, str(ROOT / "web"))
    from serve import serve_in_thread
    server = serve_in_thread(str(SITE))
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        missing("Chromium is not installed (./build.sh test installs Debian's)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Playground:
    """The page as a user sees it, with the few steps every test takes."""

    def __init__(self, page, url):
        self.page = page
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, query: str = ""):
        self.page.goto(self.url + query)
        self.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
        return self

    def set_source(self, source: str):
        back = self.page.get_by_role("button", name="Back to the source")
        if back.is_visible():                       # an object file was showing
            back.click()
        editor = self.page.get_by_label("Editor")
        editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(source)

    def open_settings(self):
        """Open the Settings menu (machine, access control, input), if it is closed."""
        if not self.page.locator("details.settings").evaluate("d => d.open"):
            self.page.locator("details.settings summary").click()

    def programs(self):
        """Show the Programs list, if it is hidden; returns the list."""
        if self.page.get_attribute("#programs-toggle", "aria-expanded") != "true":
            self.page.get_by_role("button", name="Programs", exact=True).click()
        return self.page.get_by_role("list", name="Programs")

    def program_names(self) -> list[str]:
        return self.programs().locator("li .name").all_inner_texts()

    def editor_text(self) -> str:
        """The editor's exact text, as Download gives it; the editor keeps the focus."""
        with self.page.expect_download() as download:
            self.page.get_by_title("Download the source").click()
        self.page.get_by_label("Editor").focus()
        with open(download.value.path(), encoding="utf-8") as f:
            return f.read()

    def toggle_breakpoint(self, line: int):
        """Click the breakpoint gutter beside a line (scrolled into view first)."""
        self.page.get_by_label("Editor").click()
        self.page.keyboard.press("Control+Home")
        for _ in range(line - 1):
            self.page.keyboard.press("ArrowDown")
        number = self.page.locator(".cm-lineNumbers .cm-gutterElement",
                                   has_text=re.compile(rf"^{line}$")).first
        box = number.bounding_box()
        gutter = self.page.locator(".cm-breakpoint-gutter").bounding_box()
        self.page.mouse.click(gutter["x"] + gutter["width"] / 2, box["y"] + box["height"] / 2)

    def clear_breakpoints(self):
        marks = self.page.locator(".cm-breakpoint-gutter .cm-gutterElement:not([style*=hidden])"
                                  ":has(.cm-breakpoint)")
        while marks.count():
            marks.first.click()

    def run(self):
        self.page.get_by_role("button", name="Run", exact=True).click()

    def mark(self) -> int:
        """The number of status reports so far: wait_state(since=mark) then waits for a
        report that came after whatever the test does next."""
        return int(self.page.get_attribute("#status", "data-seq") or 0)

    def wait_state(self, *states, since: int | None = None, timeout=20_000):
        self.page.wait_for_function(
            "([states, since]) => { const s = document.querySelector('#status');"
            " return states.includes(s.dataset.state) && Number(s.dataset.seq) > since; }",
            arg=[list(states), -1 if since is None else since], timeout=timeout)
        return self.page.get_attribute("#status", "data-state")

    def wait_status(self, text: str, timeout=20_000):
        self.page.wait_for_function(
            "t => document.querySelector('#status').textContent.includes(t)", arg=text,
            timeout=timeout)

    def console_text(self) -> str:
        return self.page.locator("#console .xterm-rows").inner_text().replace("\u00a0", " ")

    def wait_console(self, text: str, timeout=20_000):
        self.page.wait_for_function(
            "t => document.querySelector('#console .xterm-rows').innerText"
            ".replace(/\\u00a0/g, ' ').includes(t)", arg=text, timeout=timeout)

    def status(self) -> str:
        return self.page.inner_text("#status")

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        return tuple(self.page.evaluate(
            "([x, y]) => Array.from(document.querySelector('#display').getContext('2d')"
            ".getImageData(x, y, 1, 1).data.slice(0, 3))", [x, y]))


@pytest.fixture(scope="module")
def playground(browser, site_url):
    """One loaded page shared by a module's tests (Pyodide takes seconds to start)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    pg = Playground(page, site_url).open()
    yield pg
    context.close()


@pytest.fixture
def fresh_page(browser, site_url):
    """A page in a new browser context, not yet opened."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield Playground(context.new_page(), site_url)
    context.close()
