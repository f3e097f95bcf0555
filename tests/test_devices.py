from vmcore.devices import (DDR, DSR, KBDR, KBSR, TMI, TMR, VIDEO_BASE, Bus, Console, Keyboard,
                            Timer, Video)

from .conftest import machine_for


def test_bus_routes_device_addresses_and_leaves_memory_alone():
    bus = Bus()
    kb = Keyboard()
    bus.attach(kb)
    bus.write(0x3000, 7)
    assert bus.read(0x3000) == 7 and bus.owner(KBSR) is kb and bus.owner(0xFE01) is None
    bus.write(0xFE01, 9)
    assert bus.read(0xFE01) == 9


def test_keyboard_shows_one_key_at_a_time_and_kbsr_reads_do_not_consume():
    kb = Keyboard()
    kb.push(b"ab")
    assert kb.read(KBSR) == 0x8000 and kb.read(KBSR) == 0x8000
    assert kb.read(KBDR) == ord("a")
    assert kb.read(KBSR) == 0x8000 and kb.read(KBDR) == ord("b")
    assert kb.read(KBSR) == 0


def test_keyboard_interrupt_enable_bit_is_kept():
    kb = Keyboard()
    kb.write(KBSR, 0x4000)
    assert kb.read(KBSR) == 0x4000 and not kb.interrupting
    kb.push("x")
    assert kb.read(KBSR) == 0xC000 and kb.interrupting


def test_console_is_always_ready_and_prints_the_low_byte():
    c = Console()
    assert c.read(DSR) == 0x8000
    c.write(DDR, 0x1241)
    assert c.take() == b"A" and c.take() == b""


def test_timer_uses_the_host_clock():
    now = [0.0]
    t = Timer(lambda: now[0])
    assert t.read(TMR) == 0                 # disabled while TMI is 0
    t.write(TMI, 100)
    now[0] = 99
    assert t.read(TMR) == 0
    now[0] = 100
    assert t.read(TMR) == 0x8000 and t.read(TMR) == 0     # cleared when read
    now[0] = 250
    assert t.read(TMR) == 0x8000 and t.read(TMI) == 100


def test_video_tracks_changed_rows_and_converts_rgb555():
    mem = [0] * 0x10000
    v = Video(mem)
    v.take_dirty_rows()
    v.write(VIDEO_BASE + 128 * 5 + 3, 0x7C00)       # red at (3, 5)
    v.write(VIDEO_BASE + 128 * 6, 0x001F)           # blue at (0, 6)
    v.write(VIDEO_BASE + 128 * 9, 0x7FFF)           # white at (0, 9)
    assert v.take_dirty_rows() == [(5, 2), (9, 1)] and v.take_dirty_rows() == []
    row5 = v.rgba(5, 1)
    assert row5[12:16] == bytes((255, 0, 0, 255)) and row5[:4] == bytes((0, 0, 0, 255))
    assert v.rgba(9, 1)[:4] == bytes((255, 255, 255, 255))
    assert v.pixel(0, 6) == 0x001F


def test_program_draws_through_video_memory():
    m = machine_for(""".ORIG x3000
        LD R1, BASE
        LD R2, GREEN
        STR R2, R1, #0
        HALT
BASE    .FILL xC081      ; (1, 1)
GREEN   .FILL x03E0
        .END""")
    m.run(10_000)
    assert m.video.pixel(1, 1) == 0x03E0
    assert m.video.rgba(1, 1)[4:8] == bytes((0, 255, 0, 255))


def test_program_reads_the_timer():
    now = [0.0]
    m = machine_for(""".ORIG x3000
        LD R0, MS
        STI R0, PTMI
WAIT    LDI R1, PTMR
        BRzp WAIT
        HALT
MS      .FILL #50
PTMI    .FILL xFE0A
PTMR    .FILL xFE08
        .END""", clock=lambda: now[0])
    assert m.run(20_000).reason == "steps"
    now[0] = 50
    assert m.run(20_000).reason == "halted"


def test_psr_and_mcr_are_visible_in_memory():
    m = machine_for(".ORIG x3000\nLDI R0, P\nADD R1, R0, #0\nHALT\nP .FILL xFFFC\n.END")
    m.run(10_000)
    assert m.reg[1] == 0x8002     # user mode, priority 0, Z: as the program started


def test_a_program_polling_keys_between_timer_ticks_is_not_waiting_for_input():
    now = [0.0]
    def clock():
        now[0] += 0.01
        return now[0]
    m = machine_for(""".ORIG x3000
        LD R0, MS
        STI R0, PTMI
FRAME   LDI R1, PKBSR       ; a key? (none will come)
        BRn KEY
        LDI R1, PTMR        ; next frame yet?
        BRzp FRAME
        ADD R2, R2, #1      ; one more frame
        BRnzp FRAME
KEY     HALT
MS      .FILL #5
PTMI    .FILL xFE0A
PTMR    .FILL xFE08
PKBSR   .FILL xFE00
        .END""", clock=clock)
    assert m.run(200_000).reason == "steps" and m.reg[2] > 10
    quiet = machine_for(".ORIG x3000\nL LDI R1, K\nBRzp L\nHALT\nK .FILL xFE00\n.END")
    assert quiet.run(200_000).reason == "input"
