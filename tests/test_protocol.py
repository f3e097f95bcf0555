from vmcore.protocol import Protocol


def types(replies):
    return [r["type"] for r in replies]


def status(replies):
    return next(r for r in replies if r["type"] == "status")


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
    assert status(p.handle({"type": "tick", "seconds": 0.02}))["state"] == "input"
    assert status(p.handle({"type": "key", "text": "k"}))["state"] == "running"
    replies = p.handle({"type": "tick", "seconds": 0.02})
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
    replies = p.handle({"type": "tick", "seconds": 0.02})
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
    replies = p.handle({"type": "tick", "seconds": 0.05})
    assert status(replies)["state"] == "paused"
    assert status(replies)["message"] == "x3003 changed from x0000 to x0001"
    replies = p.handle({"type": "watch", "address": None})
    assert next(r for r in replies if r["type"] == "debug")["watches"] == []
    assert {"type": "error", "message": "no address or label 'NOPE'"} in \
        p.handle({"type": "watch", "address": "NOPE"})


def test_check_reports_errors_without_touching_the_loaded_program():
    p = Protocol()
    p.handle({"type": "load", "source": ".ORIG x3000\nLEA R0, M\nPUTS\nHALT\nM .STRINGZ \"ok\"\n.END"})
    p.handle({"type": "run"})
    program, state = p.session.program, p.session.state
    checked, = p.handle({"type": "check", "id": 7,
                         "source": ".ORIG x3000\nBRz NOWHERE\nADD R1, R1, #99\n.END"})
    assert checked["type"] == "checked" and checked["id"] == 7 and checked["more"] == 0
    assert [(d["line"], d["column"], d["message"]) for d in checked["diagnostics"]] == [
        (2, 5, "unknown label NOWHERE"),
        (3, 13, "#99 is out of range: a 5-bit immediate holds -16..15")]
    assert p.session.program is program and p.session.state == state
    replies = p.handle({"type": "tick", "seconds": 0.05})
    assert next(r for r in replies if r["type"] == "output")["data"].startswith(b"ok")


def test_check_sends_a_capped_list_and_the_count_of_the_rest():
    p = Protocol()
    source = ".ORIG x3000\n" + "ADD R1, R1, #99\n" * 500 + ".END"
    checked, = p.handle({"type": "check", "id": 1, "source": source})
    assert len(checked["diagnostics"]) == 200 and checked["more"] == 300
    clean, = p.handle({"type": "check", "id": 2, "source": ".ORIG x3000\nHALT\n.END"})
    assert clean["diagnostics"] == [] and clean["more"] == 0
