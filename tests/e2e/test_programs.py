"""The user's programs: a list that examples, shared links, files and zips only ever add to."""
import io
import zipfile

from .conftest import READY_TIMEOUT, Playground
from .test_sharing import share

MINE = ".ORIG x3000\n; my own program\nHALT\n.END\n"


def reload(pg):
    pg.page.reload()
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)


def type_program(pg, text):
    pg.page.get_by_label("Editor").click()
    pg.page.keyboard.press("Control+a")
    pg.page.keyboard.press("Delete")
    pg.page.keyboard.type(text, delay=5)


def open_program(pg, name):
    pg.programs().get_by_role("button", name=name, exact=True).click()
    pg.page.wait_for_function("n => document.querySelector('#program-name').textContent === n",
                              arg=name)


def test_two_examples_in_a_row_and_a_reload_keep_the_users_program(fresh_page):
    pg = fresh_page.open()
    type_program(pg, MINE)
    pg.page.select_option("#examples", label="Hello, world")
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'hello.asm'")
    pg.page.select_option("#examples", label="Echo keys (GETC, OUT)")
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'echo.asm'")
    reload(pg)
    assert pg.page.inner_text("#program-name") == "echo.asm"        # where the user was
    assert sorted(pg.program_names()) == ["echo.asm", "hello.asm", "program.asm"]
    open_program(pg, "program.asm")
    assert pg.editor_text() == MINE
    # Choosing an example again goes back to its unedited entry rather than adding a copy.
    pg.page.select_option("#examples", label="Hello, world")
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'hello.asm'")
    assert len(pg.program_names()) == 3


def test_shared_links_open_as_new_entries_and_leave_the_address_bar(browser, site_url):
    author = browser.new_context()
    a = Playground(author.new_page(), site_url).open()
    a.set_source(".ORIG x3000\n; first shared\nHALT\n.END")
    first = share(a)
    a.set_source(".ORIG x3000\n; second shared\nHALT\n.END")
    second = share(a)
    assert "#code=" not in a.page.url              # sharing does not change the address
    author.close()

    reader = browser.new_context()
    pg = Playground(reader.new_page(), site_url).open()
    type_program(pg, MINE)
    pg.page.goto(first)
    pg.page.wait_for_selector("body[data-ready=true]", timeout=READY_TIMEOUT)
    pg.page.wait_for_function("() => !location.hash")      # opened once, then taken away
    assert "; first shared" in pg.editor_text()
    pg.page.evaluate("link => { location.href = link; }", second)     # a link on the same page
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent"
                              " === 'shared program (2).asm'")
    pg.page.wait_for_function("() => !location.hash")
    reload(pg)                                      # no fragment left: nothing opens twice
    assert sorted(pg.program_names()) == ["program.asm", "shared program (2).asm",
                                          "shared program.asm"]
    assert "; second shared" in pg.editor_text()
    open_program(pg, "program.asm")
    assert pg.editor_text() == MINE
    open_program(pg, "shared program.asm")
    assert "; first shared" in pg.editor_text()
    reader.close()


def test_new_rename_duplicate_and_delete_with_undo(fresh_page):
    pg = fresh_page.open()
    programs = pg.programs()
    pg.page.get_by_role("button", name="New program").click()
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'program (2).asm'")
    type_program(pg, ".ORIG x3000\n; draft two\nHALT\n.END\n")
    programs.get_by_role("button", name="Rename program (2).asm").click()
    field = pg.page.get_by_label("New name for program (2).asm")
    field.fill("loops.asm")
    field.press("Enter")
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'loops.asm'")
    programs.get_by_role("button", name="Duplicate loops.asm").click()
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'loops copy.asm'")
    assert "; draft two" in pg.editor_text()
    assert sorted(pg.program_names()) == ["loops copy.asm", "loops.asm", "program.asm"]

    programs.get_by_role("button", name="Delete loops.asm").click()
    notice = pg.page.locator("#notice")
    assert "Deleted loops.asm" in notice.inner_text()
    assert sorted(pg.program_names()) == ["loops copy.asm", "program.asm"]
    notice.get_by_role("button", name="Undo").click()
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'loops.asm'")
    assert "; draft two" in pg.editor_text()
    reload(pg)
    assert sorted(pg.program_names()) == ["loops copy.asm", "loops.asm", "program.asm"]


def test_download_all_as_a_zip_and_open_it_back(browser, site_url, tmp_path):
    context = browser.new_context()
    pg = Playground(context.new_page(), site_url).open()
    type_program(pg, MINE)
    pg.page.select_option("#examples", label="Hello, world")
    pg.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'hello.asm'")
    pg.programs()
    with pg.page.expect_download() as download:
        pg.page.get_by_role("button", name="Download all").click()
    path = tmp_path / "programs.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == ["hello.asm", "program.asm"]
        assert z.read("program.asm").decode() == MINE
    context.close()

    other = browser.new_context()
    pg = Playground(other.new_page(), site_url).open()
    type_program(pg, ".ORIG x3000\n; already here\nHALT\n.END\n")
    pg.page.set_input_files("#open", str(path))
    pg.page.wait_for_function("() => document.querySelectorAll('#program-list li').length === 3")
    names = sorted(pg.program_names())
    assert names == ["hello.asm", "program (2).asm", "program.asm"]   # nothing overwritten
    open_program(pg, "program (2).asm")
    assert pg.editor_text() == MINE
    open_program(pg, "program.asm")
    assert "; already here" in pg.editor_text()
    # A file that is not a zip says so.
    junk = io.BytesIO(b"not a zip at all")
    pg.page.set_input_files("#open", files=[{"name": "junk.zip", "mimeType": "application/zip",
                                             "buffer": junk.getvalue()}])
    pg.page.wait_for_function("() => document.querySelector('#notice-text').textContent"
                              ".includes('junk.zip could not be opened')")
    other.close()


FULL = """
const real = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (String(value).includes('FILL THE DISK')) throw new DOMException('full', 'QuotaExceededError');
  return real.call(this, key, value);
};
"""
OFF = """
Object.defineProperty(window, 'localStorage', {
  get() { throw new DOMException('denied', 'SecurityError'); } });
"""


def test_storage_that_is_full_or_switched_off_is_reported(browser, site_url):
    context = browser.new_context()
    context.add_init_script(FULL)
    pg = Playground(context.new_page(), site_url).open()
    type_program(pg, "; FILL THE DISK\n")
    notice = pg.page.locator("#notice-text")
    notice.wait_for()
    pg.page.wait_for_function("() => document.querySelector('#notice-text').textContent"
                              ".includes('storage is full')")
    context.close()

    context = browser.new_context()
    context.add_init_script(OFF)
    pg = Playground(context.new_page(), site_url).open()
    assert "switched off" in pg.page.inner_text("#notice-text")
    type_program(pg, MINE)
    pg.run()                                        # the page still works, in memory
    assert pg.wait_state("halted") == "halted"
    context.close()


def test_two_tabs_never_drop_each_others_programs(browser, site_url):
    context = browser.new_context()
    a = Playground(context.new_page(), site_url).open()
    b = Playground(context.new_page(), site_url).open()       # both open before any change
    a.programs()
    a.page.get_by_role("button", name="New program").click()
    a.page.wait_for_function("() => document.querySelector('#program-name').textContent === 'program (2).asm'")
    type_program(a, "; from tab A\n")
    reload(a)
    type_program(b, "; from tab B\n")                         # B saves after A added one
    reload(b)
    assert sorted(b.program_names()) == ["program (2).asm", "program.asm"]
    open_program(b, "program (2).asm")
    assert b.editor_text() == "; from tab A\n"
    open_program(b, "program.asm")
    assert b.editor_text() == "; from tab B\n"
    context.close()
