"""The playground page's figures in Chromium, against the built site on localhost:

  - navigation to ready on a first visit (a fresh profile) and on a return visit (the same
    profile, the browser closed and started again), with where the worker's time went;
  - bench.asm and a call-heavy recursion (bench_vm's RECURSION) run in the page, Run clicked
    as soon as the page is ready, and on a second page once the worker has warmed up;
  - full-screen repaints delivered to the canvas while a program repaints in a loop;
  - how long Stop takes to stop a runaway loop.

    ./build.sh && .venv/bin/python bench/bench_page.py [--site DIR] [--visits N] [--returns N]
        [--only startup|run]

Headless Chromium draws at its own pace (requestAnimationFrame at about 60 a second here, with
no screen); the frame rate printed is the page's own count of canvas paints that showed new
pixels.  (Where the program is in its repaint when a frame is taken is chance, as on real
hardware without double buffering: a frame may show the top of one repaint over the rest of
the last.)
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "web"))
sys.path.insert(0, HERE)
from serve import serve_in_thread  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from bench_vm import RECURSION  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "body[data-ready=true]"
# When the page said it was ready, on its own clock (milliseconds since navigation): the
# wall-clock time until Playwright notices also holds its own polling.
WATCH_READY = """new MutationObserver((_, observer) => {
  if (document.body && document.body.dataset.ready === 'true') {
    window.readyAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });"""

# Repaints the whole screen in one colour, the next colour each time, for ever.
REPAINT = """\
        .ORIG x3000
FRAME   ADD R2, R2, #1          ; the next colour
        LD R1, VIDEO
        LD R3, COUNT
PIXEL   STR R2, R1, #0
        ADD R1, R1, #1
        ADD R3, R3, #-1
        BRp PIXEL
        BRnzp FRAME
VIDEO   .FILL xC000
COUNT   .FILL #15872            ; 128 x 124
        .END
"""
# Counts the canvas's paints: the display draws at most once an animation frame and only
# when new rows came, so each putImageData is a frame that reached the screen.
COUNT_PAINTS = """() => {
  const ctx = document.querySelector('#display').getContext('2d');
  const put = ctx.putImageData.bind(ctx);
  window.paints = 0;
  ctx.putImageData = (image, x, y) => { put(image, x, y); window.paints++; };
}"""


def shared_file(*parts: str) -> str:
    base = os.environ.get("LC3_SHARED") or os.path.join(ROOT, "..", "shared")
    return os.path.join(base, *parts)


def wait_ready(page, start: float, wall: float) -> tuple[float, float, dict]:
    page.wait_for_selector(READY, timeout=120_000)
    elapsed = time.perf_counter() - start
    said = page.evaluate("() => window.readyAt") / 1000
    startup = {}
    for worker in page.workers:
        startup = worker.evaluate("() => self.startup || {}") or {}
        startup["files"] = worker.evaluate("""() => performance.getEntriesByType('resource')
            .map((e) => [e.name.split('/').pop(), e.startTime, e.responseStart, e.responseEnd])""")
    startup["page"] = page.evaluate("() => ({ origin: performance.timeOrigin, "
                                    "marks: window.startupMarks || {} })")
    startup["page"]["marks"]["navigation"] = 0
    startup["page"]["marks"]["goto"] = round(wall * 1000 - startup["page"]["origin"])
    return said, elapsed, startup


def describe(startup: dict) -> str:
    """The page's and the worker's marks on one clock: milliseconds since navigation."""
    page = startup.get("page") or {"origin": 0, "marks": {}}
    shift = (startup.get("origin") or page["origin"]) - page["origin"]
    marks = [(v, f"page {k}") for k, v in page["marks"].items()]
    marks += [(v + shift, k) for k, v in (startup.get("marks") or {}).items()]
    path = startup.get("path") or "?"
    files = "; ".join(f"{name} {start + shift:.0f}-{first + shift:.0f}-{end + shift:.0f}"
                      for name, start, first, end in startup.get("files") or [])
    return (f"{path}: " + ", ".join(f"{k} {v:.0f}" for v, k in sorted(marks)) + " ms"
            + (f"\n    the worker's requests (asked, first byte, last byte): {files}" if files else ""))


def visit(p, chromium: str, profile: str, url: str) -> tuple[object, float, float, dict]:
    context = p.chromium.launch_persistent_context(profile, executable_path=chromium, args=ARGS)
    context.add_init_script(WATCH_READY)
    page = context.pages[0] if context.pages else context.new_page()
    start, wall = time.perf_counter(), time.time()
    page.goto(url)
    return (context, page, *wait_ready(page, start, wall))


def visits(p, chromium: str, url: str, count: int, returns: int) -> None:
    """`count` fresh profiles, each visited once and then `returns` times more, the browser
    closed and started again before each visit."""
    names = ["first visit (fresh profile)"] + [
        f"return visit {n} (browser restarted, same profile)" for n in range(1, returns + 1)]
    figures = {name: ([], []) for name in names}
    for n in range(count):
        profile = tempfile.mkdtemp(prefix="lc3-bench-profile-")
        try:
            for name in names:
                context, page, said, elapsed, startup = visit(p, chromium, profile, url)
                figures[name][0].append(said)
                figures[name][1].append(elapsed)
                print(f"  {name.split(' (')[0]}, profile {n + 1}: {said:.2f} s ({elapsed:.2f} s "
                      f"wall)  ({describe(startup)})")
                if name == names[0]:
                    page.wait_for_selector("body[data-offline=ready]", timeout=120_000)
                    for worker in page.workers:          # the snapshot is written after ready
                        worker.evaluate("() => self.snapshotSaved")
                time.sleep(1)           # let Chromium write its caches out
                context.close()
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    for name, (said, wall) in figures.items():
        print(f"navigation to ready, {name}: median {statistics.median(said):.2f} s of {count} "
              f"on the page's clock ({statistics.median(wall):.2f} s from goto until "
              f"Playwright saw it)")


def set_source(page, source: str) -> None:
    page.get_by_label("Editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(source)


def tick_share(page) -> str:
    """How the worker's time went while the program ran, from its tick counters."""
    (worker,) = [w for w in page.workers if w.url.endswith("/worker.js")]
    t = worker.evaluate("() => self.ticks") or {}
    total = t.get("python", 0) + t.get("worker", 0) + t.get("between", 0)
    if not t.get("count") or not total:
        return ""
    return (f"; {t['count']} ticks: {100 * t['python'] / total:.1f}% of the time in Python's "
            f"slices, {100 * t['worker'] / total:.1f}% posting replies, "
            f"{100 * t['between'] / total:.1f}% between ticks")


def warmed_up(page) -> str:
    """Wait until the worker's warm-up (worker.js) has ended, as it does while a user reads
    the page after it is ready; say how it went."""
    (worker,) = [w for w in page.workers if w.url.endswith("/worker.js")]
    warm = worker.evaluate("() => new Promise((resolve) => { const wait = () => "
                           "self.startup.warmUp.ended ? resolve(self.startup.warmUp) "
                           ": setTimeout(wait, 5); wait(); })")
    return f"{warm['ticks']} warm-up ticks, ended: {warm['ended']}"


def run_to_halt(page, name: str, runs: int = 2) -> None:
    for run in range(runs):
        speeds = []
        (worker,) = [w for w in page.workers if w.url.endswith("/worker.js")]
        worker.evaluate("() => self.ticks && Object.assign(self.ticks, "
                        "{ count: 0, python: 0, worker: 0, between: 0, last: 0 })")
        page.get_by_role("button", name="Run", exact=True).click()
        start = time.perf_counter()
        while page.get_attribute("#status", "data-state") != "halted":
            if page.get_attribute("#status", "data-state") == "running":
                speeds.append(float(page.get_attribute("#status", "data-speed") or 0))
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        status = page.inner_text("#status")
        count = int(status.split("·")[1].split()[0].replace(",", ""))
        shown = [s for s in speeds if s]
        print(f"{name} in the page, run {run + 1}: status showed "
              f"{statistics.median(shown) / 1e6 if shown else 0:.1f} M instructions/s "
              f"(median of {len(shown)} readings); {count:,} instructions in "
              f"{elapsed:.2f} s wall, {count / elapsed / 1e6:.1f} M/s including start-up"
              f"{tick_share(page)}")


def frames(page, seconds: float = 5.0) -> None:
    set_source(page, REPAINT)
    page.evaluate(COUNT_PAINTS)
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_selector("#status[data-state=running]")
    time.sleep(1)                                    # past the boot and the first frames
    rafs = page.evaluate("""(ms) => new Promise((resolve) => {
        let n = 0; const t0 = performance.now();
        const f = () => { n++; performance.now() - t0 < ms ? requestAnimationFrame(f) : resolve(n); };
        requestAnimationFrame(f); })""", 1000)
    before = page.evaluate("() => [window.paints, performance.now()]")
    time.sleep(seconds)
    after = page.evaluate("() => [window.paints, performance.now()]")
    speed = float(page.get_attribute("#status", "data-speed") or 0)
    page.get_by_role("button", name="Stop").click()
    page.wait_for_selector("#status[data-state=stopped]", timeout=10_000)
    span = (after[1] - before[1]) / 1000
    computed = speed / (15872 * 4 + 5) if speed else 0
    print(f"display, full-screen repaint loop: {(after[0] - before[0]) / span:.1f} frames/s "
          f"drawn on the canvas (each with new pixels); requestAnimationFrame runs {rafs}/s "
          f"here; the program computes about {computed:.0f} repaints/s "
          f"({speed / 1e6:.1f} M instructions/s)")


def stop_latency(page) -> None:
    stops = []
    set_source(page, ".ORIG x3000\nL ADD R1, R1, #1\nBRnzp L\n.END")
    for _ in range(5):
        page.get_by_role("button", name="Run", exact=True).click()
        page.wait_for_selector("#status[data-state=running]")
        time.sleep(0.5)
        start = time.perf_counter()
        page.get_by_role("button", name="Stop").click()
        page.wait_for_selector("#status[data-state=stopped]", timeout=10_000)
        stops.append(time.perf_counter() - start)
    print(f"Stop on a runaway loop: median {statistics.median(stops) * 1000:.0f} ms, "
          f"worst {max(stops) * 1000:.0f} ms (click to the status saying stopped)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default=os.path.join(ROOT, "web", "dist"))
    ap.add_argument("--visits", type=int, default=3, help="fresh profiles")
    ap.add_argument("--returns", type=int, default=2, help="return visits on each profile")
    ap.add_argument("--only", choices=["startup", "run"])
    args = ap.parse_args()
    server = serve_in_thread(args.site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    with sync_playwright() as p:
        if args.only != "run":
            visits(p, chromium, url, args.visits, args.returns)
        if args.only != "startup":
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url)
            page.wait_for_selector(READY, timeout=120_000)
            bench = open(shared_file("bench", "bench.asm")).read()
            set_source(page, bench)
            run_to_halt(page, "bench.asm (Run clicked at once after ready)")
            set_source(page, RECURSION.replace("#22", "#25"))     # 3.6 M instructions
            run_to_halt(page, "recursion (bench_vm)")
            frames(page)
            stop_latency(page)
            page.close()
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(url)
            page.wait_for_selector(READY, timeout=120_000)
            how = warmed_up(page)
            set_source(page, bench)
            run_to_halt(page, f"bench.asm (Run clicked after the worker's warm-up: {how})", 1)
            browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
