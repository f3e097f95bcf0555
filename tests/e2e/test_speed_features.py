"""What makes a return visit fast, proved to work (speed itself is bench/bench_page.py's):
a return visit (the browser closed and started again on the same profile) restores the
ready interpreter's snapshot and runs programs as a first visit does, a new build never
restores the snapshot an older build left, and a damaged snapshot is dropped for a fresh start
that keeps a good one again."""
import shutil
import sys

import pytest

from .conftest import CHROMIUM_ARGS, READY_TIMEOUT, ROOT, SITE, Playground, chromium_path

HELLO = '.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "{}"\n.END'


@pytest.fixture
def serve():
    sys.path.insert(0, str(ROOT / "web"))
    from serve import serve_in_thread
    servers = []

    def start(directory):
        server = serve_in_thread(str(directory))
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


class Visits:
    """The browser started on one profile, closed, and started again, as a returning user's."""

    def __init__(self, browser, profile, url):
        self.browser_type = browser.browser_type
        self.profile = str(profile)
        self.url = url
        self.context = None

    def visit(self) -> Playground:
        self.close()
        self.context = self.browser_type.launch_persistent_context(
            self.profile, executable_path=chromium_path(), args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800})
        page = self.context.pages[0] if self.context.pages else self.context.new_page()
        return Playground(page, self.url).open()

    def close(self):
        if self.context:
            self.context.close()
            self.context = None


def worker(pg: Playground):
    (vm,) = [w for w in pg.page.workers if w.url.endswith("/worker.js")]
    return vm


def startup(pg: Playground) -> dict:
    return worker(pg).evaluate("() => self.startup")


def run_hello(pg: Playground, text: str):
    pg.set_source(HELLO.format(text))
    since = pg.mark()
    pg.run()
    assert pg.wait_state("halted", since=since) == "halted"
    pg.wait_console(text)


def test_a_return_visit_restores_the_ready_interpreter_and_runs(browser, serve, tmp_path):
    visits = Visits(browser, tmp_path / "profile", serve(SITE))
    try:
        pg = visits.visit()
        first = startup(pg)
        assert (first["path"], first["reason"]) == ("fresh", "no snapshot yet")
        assert worker(pg).evaluate("() => self.snapshotSaved") is True
        run_hello(pg, "first visit")

        pg = visits.visit()
        back = startup(pg)
        assert back["path"] == "snapshot", back
        assert back["version"] == first["version"]
        assert pg.status().startswith("Ready · vmcore ")
        run_hello(pg, "restored and running")
        # The restored assembler reports an error at its line as the user types.
        pg.set_source(".ORIG x3000\nADD R1, R1, #1\nBRz NOWHERE\nHALT\n.END\n")
        underline = pg.page.locator(".cm-line").nth(2).locator(".cm-lintRange-error")
        underline.wait_for()
        assert underline.inner_text() == "NOWHERE"
        run_hello(pg, "and again")
        assert not pg.errors
    finally:
        visits.close()


def test_a_new_build_does_not_restore_an_old_snapshot(browser, serve, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    visits = Visits(browser, tmp_path / "profile", serve(site))
    try:
        pg = visits.visit()
        old = startup(pg)["version"]
        assert worker(pg).evaluate("() => self.snapshotSaved") is True
        pg = visits.visit()
        assert startup(pg)["path"] == "snapshot"            # the old build's own snapshot
        visits.close()

        # A new build: the same files under a new version, as build.sh writes it.
        new = "0123456789abcdef"
        assert new != old
        for name in ("sw.js", "worker.js"):
            path = site / name
            text = path.read_text()
            assert old in text
            path.write_text(text.replace(old, new))

        # The open page's service worker finds the new build and replaces the old one
        # (that visit may still run the old build, from the old cache) ...
        pg = visits.visit()
        names = pg.page.evaluate("""async (n) => {
            for (const t0 = Date.now(); Date.now() - t0 < 60000;) {
              const names = await caches.keys();
              if (names.join() === `lc3-playground-${n}`) return names;
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return caches.keys(); }""", new)
        assert names == [f"lc3-playground-{new}"]              # the old cache is gone
        # ... and the next visit runs the new build, which starts Python afresh.
        pg = visits.visit()
        info = startup(pg)
        assert info["version"] == new
        assert (info["path"], info["reason"]) == ("fresh", "no snapshot yet")
        run_hello(pg, "new build")
        assert worker(pg).evaluate("() => self.snapshotSaved") is True
        pg = visits.visit()
        assert (startup(pg)["path"], startup(pg)["version"]) == ("snapshot", new)
        run_hello(pg, "new build restored")
    finally:
        visits.close()


# Damages the kept snapshot as a crash mid-write or a disk error might: `cut` keeps its first
# half; `garbled` inverts the first bytes of the memory image it holds (after the layout
# header and page map), where Pyodide's own header is.
DAMAGE = """async (how) => {
  const dir = await navigator.storage.getDirectory();
  for await (const [name, handle] of dir.entries()) {
    if (!name.startsWith('ready-')) continue;
    let bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
    if (how === 'cut') {
      bytes = bytes.slice(0, bytes.length >> 1);
    } else {
      const image = 8 + new DataView(bytes.buffer).getUint32(4, true);
      for (let i = image; i < image + 64; i++) bytes[i] ^= 0xff;
    }
    const file = await handle.createWritable();
    await file.write(bytes);
    await file.close();
    return name;
  }
  return null;
}"""


@pytest.mark.parametrize("how", ["cut", "garbled"])
def test_a_damaged_snapshot_falls_back_to_a_fresh_start_and_is_replaced(browser, serve, tmp_path,
                                                                         how):
    visits = Visits(browser, tmp_path / "profile", serve(SITE))
    try:
        pg = visits.visit()
        assert worker(pg).evaluate("() => self.snapshotSaved") is True
        assert pg.page.evaluate(DAMAGE, how).startswith("ready-")

        pg = visits.visit()
        info = startup(pg)
        assert info["path"] == "fresh"
        assert info["reason"].startswith("the snapshot failed: "), info["reason"]
        assert pg.status().startswith("Ready · vmcore ")
        run_hello(pg, f"after a {how} snapshot")
        assert worker(pg).evaluate("() => self.snapshotSaved") is True     # a good one again

        pg = visits.visit()
        assert startup(pg)["path"] == "snapshot"
        run_hello(pg, "restored again")
        assert not pg.errors
    finally:
        visits.close()


def test_a_run_during_the_warm_up_ends_it_and_sees_none_of_it(fresh_page):
    """Once ready, the worker runs a program of its own through the protocol (a first Run
    would otherwise go at half speed while V8 optimises Pyodide); a Run clicked meanwhile
    ends it first: the student's program runs alone, from its own boot."""
    pg = fresh_page.open()
    (worker,) = [w for w in pg.page.workers if w.url.endswith("/worker.js")]
    worker.evaluate("() => new Promise((resolve) => { const wait = () => "
                    "self.startup.warmUp.ticks ? resolve() : setTimeout(wait, 1); wait(); })")
    since = pg.mark()
    pg.run()                                        # the starter program: Hello, world!
    assert pg.wait_state("halted", "error", since=since) == "halted"
    pg.wait_console("Hello, world!")
    warm = worker.evaluate("() => self.startup.warmUp")
    assert warm["ended"] == "load" and 0 < warm["ticks"] < 40, warm
    assert ".." not in pg.console_text()            # the warm-up prints dots
    count = int(pg.status().split("·")[1].split()[0].replace(",", ""))
    assert count < 2000, pg.status()                # the boot and hello, nothing more


def test_an_idle_page_warms_up_then_runs_as_if_it_had_not(fresh_page):
    """Left alone, the worker warms up for all its ticks and then forgets it: the student's
    program runs on a protocol that has had no message."""
    pg = fresh_page.open()
    (worker,) = [w for w in pg.page.workers if w.url.endswith("/worker.js")]
    worker.evaluate("() => new Promise((resolve) => { const wait = () => "
                    "self.startup.warmUp.ended ? resolve() : setTimeout(wait, 5); wait(); })")
    assert worker.evaluate("() => self.startup.warmUp") == {"ticks": 40, "ended": "done"}
    pg.set_source(HELLO.format("mine alone"))
    since = pg.mark()
    pg.run()
    assert pg.wait_state("halted", "error", since=since) == "halted"
    pg.wait_console("mine alone")
    assert ".." not in pg.console_text()
