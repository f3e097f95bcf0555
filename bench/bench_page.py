"""The playground page's figures in Chromium, against the built site on localhost:

  - navigation to ready, cold (a fresh browser each time): the median of 3;
  - bench.asm run in the page: its speed as the status line shows it;
  - how long Stop takes to stop a runaway loop.

    ./build.sh && .venv/bin/python bench/bench_page.py
"""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, os.path.join(ROOT, "web"))
from serve import serve_in_thread  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    server = serve_in_thread(os.path.join(ROOT, "web", "dist"))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    bench = open(os.path.join(ROOT, "..", "shared", "bench", "bench.asm")).read()
    with sync_playwright() as p:
        cold = []
        for _ in range(3):
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            cold.append(time.perf_counter() - start)
            browser.close()
        print(f"navigation to ready, cold: median {statistics.median(cold):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in cold)})")

        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        start = time.perf_counter()
        page.reload()
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        print(f"navigation to ready, cached reload: {time.perf_counter() - start:.2f} s")
        page.get_by_label("Editor").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(bench)
        for run in range(2):
            speeds = []
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
            print(f"bench.asm in the page, run {run + 1}: status showed "
                  f"{statistics.median(shown) / 1e6 if shown else 0:.1f} M instructions/s "
                  f"(median of {len(shown)} readings); {count:,} instructions in "
                  f"{elapsed:.2f} s wall, {count / elapsed / 1e6:.1f} M/s including start-up")
        stops = []
        page.get_by_label("Editor").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(".ORIG x3000\nL ADD R1, R1, #1\nBRnzp L\n.END")
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
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
