import pytest

from vmcore.protocol import Protocol


def types(replies):
    return [r["type"] for r in replies]


def status(replies):
    return next(r for r in replies if r["type"] == "status")


def settle(p, seconds=0.02, ticks=500):
    """Tick until the run is no longer running (on a busy machine one tick may not be
    enough): the last tick's replies, after the output of the ticks before it."""
    earlier = []
    for _ in range(ticks):
        replies = p.handle({"type": "tick", "seconds": seconds})
        if status(replies)["state"] != "running":
            return [r for r in earlier if r["type"] == "output"] + replies
        earlier += replies
    raise AssertionError(f"still running after {ticks} ticks")


def test_ready_carries_the_isa_words_for_the_editor():
    ready, = Protocol().ready()
    assert ready["type"] == "ready" and "ADD" in ready["mnemonics"] and "BRNZP" in ready["mnemonics"]
    assert ready["directives"] == [".ORIG", ".FILL", ".BLKW", ".STRINGZ", ".END"]


def test_load_reports_diagnostics_with_locations():
    p = Protocol()
    loaded = p.handle({"type": "load", "source": ".ORIG x3000\nADD R1, R1, #99\n.END"})[0]
    assert loaded["type"] == "loaded" and not loaded["ok"]
    assert loaded["diagnostics"] == [{"line": 2, "column": 13, "end_column": 16,
                                      "severity": "error", "message":
                                      "#99 is out of range: a 5-bit immediate holds -16..15"}]


def test_run_tick_key_and_output_as_bytes():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nGETC\nOUT\nHALT\n.END", "edition": 2})
    assert status(p.handle({"type": "run"}))["state"] == "running"
    assert status(settle(p))["state"] == "input"
    assert status(p.handle({"type": "key", "text": "k"}))["state"] == "running"
    replies = settle(p)
    output = next(r for r in replies if r["type"] == "output")
    assert output["data"] == b"k\n\n--- halting the LC-3 ---\n\n"
    assert status(replies)["state"] == "halted"


def test_slow_speed_paces_the_program_after_a_full_speed_boot():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nL ADD R1, R1, #1\nBR L\n.END"})
    p.handle({"type": "run"})
    p.handle({"type": "speed", "ips": 100})
    m = p.session.machine
    p.handle({"type": "tick", "seconds": 0.005})          # the OS's boot, all of it at once
    booted = m.instructions
    assert m.pc == 0x3000 and booted > 500
    p.handle({"type": "tick", "seconds": 0.005})          # half an instruction's worth
    assert m.instructions == booted
    p.handle({"type": "tick", "seconds": 0.005})
    assert m.instructions == booted + 1
    replies = p.handle({"type": "tick", "seconds": 0.03})
    assert m.instructions == booted + 4
    # Every tick of a slow run shows where the program is, live.
    debug = next(r for r in replies if r["type"] == "debug")
    assert debug["live"] and debug["pc"] == m.pc and debug["line"] in (2, 3)


def test_a_full_speed_run_is_shown_a_few_times_a_second():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nL ADD R1, R1, #1\nBR L\n.END"})
    p.handle({"type": "run"})
    views = 0
    for _ in range(30):                                   # 30 slices of 20 ms: 0.6 s
        replies = p.handle({"type": "tick", "seconds": 0.02})
        views += sum(r["type"] == "debug" for r in replies)
    assert 1 <= views <= 4
    status = next(r for r in replies if r["type"] == "status")
    assert status["speed"] > 1000


def test_export_gives_obj_and_sym():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nL HALT\n.END", "filename": "a.asm"})
    exported, = p.handle({"type": "export"})
    assert exported["obj"] == bytes.fromhex("3000f025") and "L " in exported["sym"]


def test_bad_messages_get_an_error_reply_not_an_exception():
    p = Protocol()
    assert p.handle({"type": "nonsense"}) == [{"type": "error",
                                              "message": "unknown message type 'nonsense'"}]
    assert types(p.handle({"type": "run"})) == ["error"]
    broken = p.handle({"type": "load_obj", "data": "not bytes"})
    assert types(broken)[0] in ("loaded", "error")


def test_debugging_over_the_protocol():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nAND R1, R1, #0\nL ADD R1, R1, #1\n"
                                        "BR L\n.END"})
    placed, *_ = p.handle({"type": "breakpoints", "lines": [3]})
    assert placed == {"type": "breakpoints", "lines": [3]}
    p.handle({"type": "run"})
    replies = settle(p)
    assert status(replies)["state"] == "paused"
    debug = next(r for r in replies if r["type"] == "debug")
    assert debug["line"] == 3 and debug["registers"]["PC"] == 0x3001
    assert any(row["breakpoint"] and row["address"] == 0x3001 for row in debug["disassembly"])
    p.handle({"type": "debug", "action": "step"})
    replies = p.handle({"type": "tick", "seconds": 0.02})
    debug = next(r for r in replies if r["type"] == "debug")
    assert debug["registers"]["R1"] == 1 and debug["changed"] == ["R1", "PC", "IR", "PSR"]
    replies = p.handle({"type": "debug", "action": "back"})
    assert next(r for r in replies if r["type"] == "debug")["registers"]["R1"] == 0
    replies = p.handle({"type": "set", "target": "R1", "value": 9})
    assert next(r for r in replies if r["type"] == "debug")["registers"]["R1"] == 9
    replies = p.handle({"type": "inspect", "memory": "L", "count": 2})
    memory = next(r for r in replies if r["type"] == "debug")["memory"]
    assert memory == {"start": 0x3001, "words": [0x1261, 0x0FFE]}
    replies = p.handle({"type": "inspect", "memory": "NOPE"})
    assert {"type": "error", "message": "no address or label 'NOPE'"} in replies


def test_watchpoints_over_the_protocol():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nL ADD R1, R1, #1\nST R1, V\nBR L\n"
                                        "V .FILL #0\n.END"})
    replies = p.handle({"type": "watch", "address": "V"})
    assert next(r for r in replies if r["type"] == "debug")["watches"] == [[0x3003, 0x3003]]
    p.handle({"type": "run"})
    replies = settle(p, 0.05)
    assert status(replies)["state"] == "paused"
    assert status(replies)["message"] == "x3003 changed from x0000 to x0001"
    replies = p.handle({"type": "watch", "address": None})
    assert next(r for r in replies if r["type"] == "debug")["watches"] == []
    assert {"type": "error", "message": "no address or label 'NOPE'"} in \
        p.handle({"type": "watch", "address": "NOPE"})


def test_run_with_a_key_delay_schedules_the_input():
    p = Protocol()
    source = """.ORIG x3000
LOOP    LDI R1, PKBSR
        BRn GOT
        ADD R2, R2, #1
        BRnzp LOOP
GOT     LDI R0, PKBDR
        OUT
        HALT
PKBSR   .FILL xFE00
PKBDR   .FILL xFE02
.END"""
    p.handle({"type": "load", "source": source})
    p.handle({"type": "run", "input": "k", "key_delay": 1000})
    replies = settle(p, 0.5)
    assert status(replies)["state"] == "halted"
    assert p.session.machine.reg[2] == 250          # polls at 1, 5, ... 997 see nothing
    assert p.handle({"type": "run", "input": "k", "key_delay": -3})[0]["type"] == "error"


# -- bad input: an answer, never an exception, a hang or a 50 MB reply ----------------------
def test_a_huge_literal_or_a_lone_surrogate_loads_with_diagnostics():
    p = Protocol()
    loaded = p.handle({"type": "load", "source": ".ORIG x3000\nADD R0, R0, #" + "7" * 4301
                                                 + "\nS .STRINGZ \"\ud800\"\n.END"})[0]
    assert loaded["type"] == "loaded" and not loaded["ok"]
    assert [(d["line"], d["column"]) for d in loaded["diagnostics"]
            if d["severity"] == "error"] == [(2, 13), (3, 13)]
    loaded = p.handle({"type": "load", "source": ".ORIG x3000\nHALT\n.END"})[0]
    assert loaded["ok"]


def test_diagnostics_in_a_reply_are_capped_with_a_count_of_the_rest():
    p = Protocol()
    loaded = p.handle({"type": "load", "source": ".ORIG x3000\n" + "BR NOWHERE\n" * 5000
                                                 + ".END"})[0]
    assert len(loaded["diagnostics"]) == 1000 and loaded["omitted"] == 4000
    assert loaded["diagnostics"][-1]["line"] == 1001
    assert loaded["message"] == "5000 errors: line 2: unknown label NOWHERE"


def test_a_source_over_two_megabytes_is_refused_in_the_page_too():
    p = Protocol()
    loaded = p.handle({"type": "load", "source": ";" * 2_000_001})[0]
    assert not loaded["ok"] and loaded["omitted"] == 0
    assert loaded["diagnostics"][0]["message"].startswith("the source has 2,000,001 "
                                                          "characters; the assembler takes")


HELLO = '.ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ "hi"\n.END'


def works(p):
    """The session still does its job: load, run and halt with the program's output (with
    the settings a page may have left cleared first)."""
    for setting in ({"type": "breakpoints", "lines": []}, {"type": "speed", "ips": 0}):
        assert "error" not in types(p.handle(setting))
    loaded = p.handle({"type": "load", "source": HELLO, "edition": 3})[0]
    assert loaded["type"] == "loaded" and loaded["ok"], loaded
    out = b""
    assert "error" not in types(p.handle({"type": "watch", "address": None}))
    replies = p.handle({"type": "run"})
    for _ in range(50):
        out += b"".join(r["data"] for r in replies if r["type"] == "output")
        if status(replies)["state"] != "running":
            break
        replies = p.handle({"type": "tick", "seconds": 0.02})
    assert status(replies)["state"] == "halted"
    assert out.startswith(b"hi")


def error_of(replies):
    errors = [r for r in replies if r["type"] == "error"]
    assert errors, replies
    assert "detail" not in errors[0], errors[0]["detail"]        # said in words, not a bug
    return errors[0]["message"]


@pytest.mark.parametrize("line", [-5, -3_000_000, 0.5e12])
def test_back_with_a_count_that_is_not_a_step_back_is_refused(line):
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nL ADD R1, R1, #1\nBR L\n.END"})
    p.handle({"type": "run"})
    p.handle({"type": "tick", "seconds": 0.01})
    p.handle({"type": "stop"})
    before = p.session.machine.instructions
    message = error_of(p.handle({"type": "debug", "action": "back", "line": line}))
    assert message.startswith("back takes a count from 1 to 1,000,000,000")
    assert p.session.machine.instructions == before
    works(p)


def test_back_with_a_negative_count_on_a_halted_program_answers_at_once():
    p = Protocol()
    p.handle({"type": "load", "source": HELLO})
    p.handle({"type": "run"})
    settle(p)
    assert error_of(p.handle({"type": "debug", "action": "back", "line": -5})).startswith(
        "back takes a count")
    works(p)


def test_an_inspect_of_a_huge_number_leaves_later_loads_alone():
    p = Protocol()
    message = error_of(p.handle({"type": "inspect", "memory": "1" * 4301}))
    assert "out of range" in message and len(message) < 200
    works(p)


def test_addresses_outside_memory_are_refused():
    p = Protocol()
    p.handle({"type": "load", "source": HELLO})
    word0 = p.session.machine.memory[0]
    assert "out of range" in error_of(p.handle({"type": "set", "target": "x10000",
                                                "value": 5}))
    assert p.session.machine.memory[0] == word0
    assert "out of range" in error_of(p.handle({"type": "inspect", "memory": "x10000"}))
    assert "value must be a number from -32768 to 65535" in error_of(
        p.handle({"type": "set", "target": "x4000", "value": 70000}))
    assert "count must be a number from 1 to 1" in error_of(
        p.handle({"type": "watch", "address": "xFFFF", "count": 2}))
    works(p)


def test_thousands_of_breakpoints_past_the_end_are_dropped_at_once():
    import time
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nA .BLKW #26000\nB .BLKW #26000\n"
                                        "L ADD R0, R0, #1\nBR L\n.END"})
    started = time.perf_counter()
    placed = p.handle({"type": "breakpoints", "lines": list(range(10, 10 + 22_375))})[0]
    assert time.perf_counter() - started < 1
    assert placed == {"type": "breakpoints", "lines": []}
    placed = p.handle({"type": "breakpoints", "lines": [4] + list(range(10, 10 + 22_375))})[0]
    assert placed["lines"] == [4]
    assert len(p.session.breakpoint_lines) == 1000


@pytest.mark.parametrize("seconds", ["abc", "0.02", float("nan"), None, [1], -1])
def test_tick_with_seconds_that_are_not_a_time_is_answered_with_an_error(seconds):
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nL BR L\n.END"})
    p.handle({"type": "run"})
    message = {"type": "tick", "seconds": seconds}
    if seconds is None:
        message = {"type": "tick"}      # absent: a default slice
        assert status(p.handle(message))["state"] == "running"
        return
    assert error_of(p.handle(message)).startswith("seconds must be a number from 0 or more")
    assert status(p.handle({"type": "tick", "seconds": 0.01}))["state"] == "running"


@pytest.mark.parametrize("message", [
    {"type": "load", "source": HELLO, "edition": 5},
    {"type": "load", "source": HELLO, "edition": "three"},
    {"type": "load_obj", "data": 10**10},
    {"type": "load_obj", "data": [300, 1]},
    {"type": "speed", "ips": 10**400},
    {"type": "speed", "ips": float("inf")},
    {"type": "breakpoints", "lines": 5},
    {"type": "breakpoints", "lines": ["x"]},
    {"type": 7}, ["not", "a", "message"],
])
def test_a_refused_message_leaves_the_session_working(message):
    p = Protocol()
    error_of(p.handle(message))
    works(p)


def test_assemble_reports_errors_without_touching_the_loaded_program():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ \"ok\"\n.END"})
    p.handle({"type": "run"})
    program, state = p.session.program, p.session.state
    checked, = p.handle({"type": "assemble", "id": 7,
                         "source": ".ORIG x3000\nBRz NOWHERE\nADD R1, R1, #99\n.END"})
    assert checked["type"] == "assembled" and checked["id"] == 7 and checked["more"] == 0
    assert [(d["line"], d["column"], d["message"]) for d in checked["diagnostics"]] == [
        (2, 5, "unknown label NOWHERE"),
        (3, 13, "#99 is out of range: a 5-bit immediate holds -16..15")]
    assert p.session.program is program and p.session.state == state
    replies = settle(p, 0.05)
    assert next(r for r in replies if r["type"] == "output")["data"].startswith(b"ok")


def test_assemble_sends_a_capped_list_and_the_count_of_the_rest():
    p = Protocol()
    source = ".ORIG x3000\n" + "ADD R1, R1, #99\n" * 500 + ".END"
    checked, = p.handle({"type": "assemble", "id": 1, "source": source})
    assert len(checked["diagnostics"]) == 200 and checked["more"] == 300
    clean, = p.handle({"type": "assemble", "id": 2, "source": ".ORIG x3000\nHALT\n.END"})
    assert clean["diagnostics"] == [] and clean["more"] == 0


def test_a_memory_window_on_a_label_the_next_program_lacks_closes_quietly():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nHALT\nCOUNT .FILL #3\n.END"})
    p.handle({"type": "inspect", "memory": "COUNT", "count": 1})
    replies = p.handle({"type": "load", "source": ".ORIG x3000\nHALT\n.END"})
    assert not [r for r in replies if r["type"] == "error"]
    p.handle({"type": "debug", "action": "start"})
    replies = settle(p, 0.1)
    assert not [r for r in replies if r["type"] == "error"]
    assert status(replies)["state"] == "paused"
    assert "memory" not in next(r for r in replies if r["type"] == "debug")


def test_the_warm_up_program_runs_until_stopped_and_is_then_forgotten():
    """The worker runs WARM_UP through the protocol while the page is idle, then has the
    protocol forget it: what the page then sees is a protocol that has had no message."""
    p = Protocol()
    assert p.handle({"type": "load", "source": Protocol.WARM_UP})[0]["ok"]
    p.handle({"type": "run"})
    output = b""
    for _ in range(10):
        replies = p.handle({"type": "tick", "seconds": 0.01})
        output += b"".join(r["data"] for r in replies if r["type"] == "output")
    assert status(replies)["state"] == "running"
    assert len(output) > 10 and set(output) == {ord(".")}
    p.handle({"type": "speed", "ips": 50})
    p.handle({"type": "inspect", "memory": "TABLE", "count": 4})
    p.forget()
    fresh = Protocol()
    assert p.session is not fresh.session and p.session.program is None
    assert p.session.state == "idle" and p.session._machine is not None      # built, as warm()
    assert {k: v for k, v in vars(p).items() if k != "session"} == \
        {k: v for k, v in vars(fresh).items() if k != "session"}
    p.handle({"type": "load", "source": ".ORIG x3000\nHALT\n.END"})
    p.handle({"type": "run"})
    replies = settle(p)
    assert status(replies)["state"] == "halted"
    assert b"." not in b"".join(r["data"] for r in replies if r["type"] == "output")
