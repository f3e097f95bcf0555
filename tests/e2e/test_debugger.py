"""Debugging in the page: breakpoints in the gutter, stepping both ways, editing registers."""
COUNT = """; prints the digits 1 to 5
        .ORIG x3000
        AND R1, R1, #0
LOOP    ADD R1, R1, #1
        JSR SHOW
        ADD R2, R1, #-5
        BRn LOOP
        HALT
SHOW    ST R7, SAVE7        ; line 9
        ST R1, LAST
        LD R0, ZERO
        ADD R0, R0, R1
        OUT
        LD R7, SAVE7
        RET
ZERO    .FILL x0030
SAVE7   .FILL #0
LAST    .FILL #0
        .END"""


def toggle_breakpoint(pg, line):
    pg.toggle_breakpoint(line)


def register(pg, name):
    return pg.page.locator(f"#registers tr[data-register={name}] td.value").inner_text()


def current_line(pg):
    return pg.page.locator(".cm-line.cm-current-pc").inner_text()


def test_breakpoint_in_the_gutter_stops_the_run_at_that_line(playground):
    pg = playground
    pg.set_source(COUNT)
    toggle_breakpoint(pg, 9)
    assert pg.page.locator(".cm-breakpoint-gutter .cm-breakpoint").count() == 2  # + spacer
    pg.run()
    assert pg.wait_state("paused") == "paused"
    assert current_line(pg).startswith("SHOW    ST R7, SAVE7")
    assert register(pg, "R1") == "x0001" and register(pg, "PC") == "x3006"
    assert "SHOW" in pg.page.locator("#stack").inner_text()
    pg.page.get_by_role("button", name="Continue", exact=True).click()
    pg.page.wait_for_function("() => document.querySelector("
                              "'#registers tr[data-register=R1] td.value').textContent === 'x0002'")
    assert pg.wait_state("paused") == "paused"
    assert pg.console_text().strip() == "1"          # SHOW ran once before the second stop
    toggle_breakpoint(pg, 9)                       # clear it: the run goes to the end
    pg.page.keyboard.press("F5")
    assert pg.wait_state("halted") == "halted"
    pg.wait_console("12345")


def wait_pc(pg, pc):
    pg.page.wait_for_function(f"() => document.querySelector('#debugger').dataset.pc === '{pc}'")


def memory_word(pg, address):
    return pg.page.locator(f"#memory td[aria-label='memory {address}']").inner_text()


def test_step_back_restores_registers_and_memory_exactly(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.page.get_by_role("button", name="Step", exact=True).click()   # loads, pauses at x3000
    assert pg.wait_state("paused") == "paused"
    assert current_line(pg).strip().startswith("AND R1, R1, #0")
    for pc in ("x3001", "x3002", "x3006", "x3007"):   # AND, ADD, JSR SHOW, ST R7, SAVE7
        pg.page.keyboard.press("F11")
        wait_pc(pg, pc)
    pg.page.get_by_label("Memory address").fill("LAST")
    pg.page.get_by_role("button", name="Go").click()
    pg.page.wait_for_selector("#memory td[aria-label='memory x300F']")
    names = ("R0", "R1", "R6", "R7", "PC", "IR", "PSR")
    before = {r: register(pg, r) for r in names}
    assert memory_word(pg, "x300F") == "x0000" and before["PC"] == "x3007"

    pg.page.keyboard.press("F11")                                  # ST R1, LAST
    wait_pc(pg, "x3008")
    after = {r: register(pg, r) for r in names}
    assert memory_word(pg, "x300F") == "x0001" and after != before

    pg.page.get_by_role("button", name="Step Back", exact=True).click()
    wait_pc(pg, "x3007")
    assert {r: register(pg, r) for r in names} == before
    assert memory_word(pg, "x300F") == "x0000"
    assert current_line(pg).strip().startswith("ST R1, LAST")

    pg.page.get_by_role("button", name="Step", exact=True).click()  # forward again: the same
    wait_pc(pg, "x3008")
    assert {r: register(pg, r) for r in names} == after
    assert memory_word(pg, "x300F") == "x0001"


def test_editing_a_register_changes_the_run(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.page.get_by_role("button", name="Reset").click()         # boot, pause at x3000
    wait_pc(pg, "x3000")
    pg.wait_state("paused")
    pg.page.keyboard.press("F11")                     # AND R1, R1, #0 done: R1 = 0
    pg.page.wait_for_function("() => document.querySelector('#debugger').dataset.pc === 'x3001'")
    pg.page.locator("#registers tr[data-register=R1] td.value").click()
    field = pg.page.locator("#registers tr[data-register=R1] input")
    field.fill("x0003")
    field.press("Enter")
    pg.page.wait_for_function("() => document.querySelector("
                              "'#registers tr[data-register=R1] td.value').textContent === 'x0003'")
    pg.page.get_by_role("button", name="Continue", exact=True).click()
    assert pg.wait_state("halted") == "halted"
    pg.wait_console("45")
    assert "123" not in pg.console_text()             # it counted on from 3


def test_reverse_continue_and_step_out(playground):
    pg = playground
    pg.set_source(COUNT)
    toggle_breakpoint(pg, 10)                          # ST R1, LAST
    pg.run()
    pg.wait_state("paused")
    pg.page.get_by_role("button", name="Continue", exact=True).click()
    pg.page.wait_for_function("() => document.querySelector("
                              "'#registers tr[data-register=R1] td.value').textContent === 'x0002'")
    pg.page.get_by_role("button", name="Reverse Continue").click()
    pg.page.wait_for_function("() => document.querySelector("
                              "'#registers tr[data-register=R1] td.value').textContent === 'x0001'")
    assert current_line(pg).strip().startswith("ST R1, LAST")
    pg.page.keyboard.press("Shift+F11")                # step out of SHOW
    pg.page.wait_for_function("() => document.querySelector('#debugger').dataset.pc === 'x3003'")
    assert "no calls in progress" in pg.page.locator("#stack").inner_text()
    assert "History:" in pg.page.locator("#history").inner_text()


def test_watchpoint_from_the_memory_panel_stops_after_the_write(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.clear_breakpoints()
    pg.page.get_by_role("button", name="Reset").click()
    wait_pc(pg, "x3000")
    pg.page.get_by_label("Memory address").fill("LAST")
    pg.page.get_by_role("button", name="Watch").click()
    pg.page.wait_for_function("() => document.querySelector('#watches').textContent"
                              ".includes('Watching x300F')")
    since = pg.mark()
    pg.page.get_by_role("button", name="Continue", exact=True).click()
    assert pg.wait_state("paused", since=since) == "paused"       # Reset left it paused too
    assert "x300F changed from x0000 to x0001" in pg.status()
    assert current_line(pg).strip().startswith("LD R0, ZERO")      # just after ST R1, LAST
    pg.page.locator("#watches button", has_text="Clear").click()
    pg.page.wait_for_function("() => document.querySelector('#watches').textContent === ''")
    pg.page.get_by_role("button", name="Continue", exact=True).click()
    assert pg.wait_state("halted") == "halted"


def line_of(pg, text):
    return pg.page.wait_for_function(
        "t => { const l = document.querySelector('.cm-line.cm-current-pc');"
        " return l && l.textContent.trim().startsWith(t); }", arg=text)


def test_a_slow_run_can_be_watched_line_by_line(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.clear_breakpoints()
    pg.page.select_option("#speed", "10")
    try:
        since = pg.mark()
        pg.run()
        # The boot runs at full speed: the program's first line is soon current, running.
        line_of(pg, "AND R1, R1, #0")
        assert pg.wait_state("running", since=since) == "running"
        line_of(pg, "LOOP    ADD R1, R1, #1")                 # then it moves with the PC
        pg.page.wait_for_function("() => document.querySelector("
                                  "'#registers tr[data-register=R1]').className === 'changed'"
                                  " && document.querySelector("
                                  "'#registers tr[data-register=R1] td.value').textContent === 'x0001'")
        line_of(pg, "JSR SHOW")
        pg.wait_status(" instructions/s")
        speed = pg.status().split(" instructions/s")[0].split("·")[-1].strip()
        assert speed.isdigit() and 1 <= int(speed) <= 20, pg.status()   # about 10 a second
    finally:
        pg.page.get_by_role("button", name="Stop", exact=True).click()
        pg.page.select_option("#speed", "0")


def test_run_to_cursor_stops_at_the_line_of_the_cursor(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.page.locator(".cm-line", has_text="OUT").first.click()
    since = pg.mark()
    pg.page.get_by_role("button", name="Run to cursor").click()
    assert pg.wait_state("paused", since=since) == "paused"
    line_of(pg, "OUT")
    assert register(pg, "R0") == "x0031"                     # '1', about to be printed


def test_after_halt_the_halt_line_and_the_programs_registers_are_shown(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.clear_breakpoints()
    pg.run()
    assert pg.wait_state("halted") == "halted"
    line_of(pg, "HALT")
    assert register(pg, "R1") == "x0005" and register(pg, "PC") == "x3005"
    assert "no calls in progress" in pg.page.locator("#stack").inner_text()
    pane = pg.page.locator(".debug-body").bounding_box()
    for name in ("R0", "R7"):                                   # R0-R7 stay in view
        row = pg.page.locator(f"#registers tr[data-register={name}]").bounding_box()
        assert pane["y"] <= row["y"] and row["y"] + row["height"] <= pane["y"] + pane["height"]


def test_step_back_after_stepping_over_a_trap_takes_one_step(playground):
    pg = playground
    pg.set_source(COUNT)
    pg.clear_breakpoints()
    pg.page.get_by_role("button", name="Reset").click()
    wait_pc(pg, "x3000")
    for pc in ("x3001", "x3002", "x3006", "x3007", "x3008", "x3009", "x300A"):
        pg.page.keyboard.press("F11")
        wait_pc(pg, pc)
    line_of(pg, "OUT")
    pg.page.keyboard.press("F10")                               # over the TRAP
    wait_pc(pg, "x300B")
    pg.wait_console("1")
    pg.page.get_by_role("button", name="Step Back", exact=True).click()
    wait_pc(pg, "x300A")                                        # back on the OUT line
    line_of(pg, "OUT")


def test_the_panels_follow_a_program_running_at_full_speed(playground):
    pg = playground
    pg.set_source(".ORIG x3000\nLOOP    ADD R1, R1, #1\n        BRnzp LOOP\n.END")
    since = pg.mark()
    pg.run()
    pg.wait_state("running", since=since)
    first = pg.page.wait_for_function(
        "() => { const v = document.querySelector('#registers tr[data-register=R1] td.value')"
        ".textContent; return v !== 'x0000' && v; }").json_value()
    pg.page.wait_for_function(
        "f => document.querySelector('#registers tr[data-register=R1] td.value').textContent"
        " !== f", arg=first)
    assert pg.page.get_attribute("#status", "data-state") == "running"
    pg.page.get_by_role("button", name="Stop", exact=True).click()
