"""The page is locked down by its Content-Security-Policy, and nothing it does breaks it."""
import base64
import sys
import zlib

from .conftest import READY_TIMEOUT, ROOT, SITE, Playground
from .test_sharing import share

LISTEN = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def violations(pg):
    return pg.page.evaluate("() => window.cspViolations")


def test_the_policy_is_strict(playground):
    policy = playground.page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    rules = dict((r.split()[0], r.split()[1:]) for r in policy.split(";") if r.strip())
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert rules["default-src"] == ["'self'"] and rules["connect-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"] and rules["base-uri"] == ["'none'"]
    assert playground.page.locator("script:not([src])").count() == 0     # no inline script


def test_running_sharing_and_offline_reload_report_no_violation(browser):
    sys.path.insert(0, str(ROOT / "web"))
    from serve import serve_in_thread
    server = serve_in_thread(str(SITE))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    context.add_init_script(LISTEN)
    pg = Playground(context.new_page(), url).open()
    pg.set_source('.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "locked"\n.END')
    pg.run()
    assert pg.wait_state("halted") == "halted"
    pg.wait_console("locked")
    pg.page.select_option("#examples", label="Lines and shapes (display)")
    pg.run()
    pg.page.locator("#display").wait_for()
    link = share(pg)
    pg.page.goto(link.replace("#", "?again#"))
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    pg.page.wait_for_function("() => !location.hash")
    pg.page.wait_for_selector("body[data-offline=ready]", timeout=READY_TIMEOUT)
    assert violations(pg) == []
    server.shutdown()
    server.server_close()
    context.set_offline(True)
    pg.page.reload()
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    pg.run()
    assert pg.wait_state("halted") == "halted"
    assert violations(pg) == [] and pg.errors == []
    context.close()


def test_a_zip_bomb_link_stops_inflating_at_the_cap(fresh_page):
    # Spaces deflate about 1000:1: a link of 60,000 characters would inflate to some 45 MB.
    # It is cut short as well, so a page that inflated it all would end in "cut short";
    # stopping at the 512 KB cap says "too large" before the end is ever reached.
    pg = fresh_page.open()
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = bomb.compress(b'{"source":"' + b" " * (100 * 1024 * 1024)) + bomb.flush()
    fragment = base64.urlsafe_b64encode(data).decode().rstrip("=")[:60000]
    pg.page.goto(pg.url + "?bomb#code=" + fragment)
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    notice = pg.page.locator("#notice-text")
    notice.wait_for()
    assert "could not be opened: what it holds is too large" in notice.inner_text()
