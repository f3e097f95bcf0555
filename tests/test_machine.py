"""Each instruction and each edition difference, observed through registers and memory."""
import pytest

from vmcore import assemble
from vmcore.machine import USER_STACK, Machine

from .conftest import machine_for, run_to_user


def after(body: str, steps: int, edition: int = 3, setup=None) -> Machine:
    m = run_to_user(machine_for(f".ORIG x3000\n{body}\n.END", edition))
    if setup:
        setup(m)
    for _ in range(steps):
        m.step()
    return m


@pytest.mark.parametrize("edition", [2, 3])
class TestInstructions:
    def test_add_register_and_immediate_wrap_at_16_bits(self, edition):
        m = after("ADD R1, R1, #-1\nADD R2, R1, R1\nADD R3, R2, #15", 3, edition)
        assert m.reg[1:4] == [0xFFFF, 0xFFFE, 0x000D] and m.cc == "P"

    def test_and_not_and_condition_codes(self, edition):
        m = after("ADD R1, R1, #-6\nAND R2, R1, #12\nNOT R3, R1\nAND R4, R4, #0", 4, edition)
        assert (m.reg[2], m.reg[3], m.reg[4], m.cc) == (8, 5, 0, "Z")

    def test_branches_follow_condition_codes(self, edition):
        m = after("AND R0, R0, #0\nBRz SKIP\nADD R1, R1, #1\nSKIP BRnp SKIP\nADD R2, R2, #1",
                  4, edition)
        assert (m.reg[1], m.reg[2]) == (0, 1)

    def test_ld_st_ldi_sti_ldr_str(self, edition):
        m = after("LD R1, A\nST R1, B\nLDI R2, PA\nSTI R2, PB\nLEA R3, A\nLDR R4, R3, #1\n"
                  "STR R4, R3, #4\nHALT\nA .FILL x8001\nB .FILL #0\nPA .FILL A\nPB .FILL C\n"
                  "C .FILL #0", 7, edition)
        a = m.program.lookup("A")
        assert m.memory[a + 1] == 0x8001 and m.memory[a + 4] == 0x8001
        assert m.reg[2] == 0x8001 and m.reg[4] == 0x8001 and m.cc == "N"

    def test_jsr_jsrr_jmp_ret(self, edition):
        m = after("JSR F\nLEA R2, G\nJSRR R2\nHALT\nF ADD R1, R1, #1\nRET\nG ADD R1, R1, #2\nRET",
                  7, edition)
        assert m.reg[1] == 3 and m.pc == 0x3003

    def test_jsrr_r7_reads_the_target_before_linking(self, edition):
        m = after("LEA R7, T\nJSRR R7\nHALT\nT ADD R1, R1, #1", 3, edition)
        assert m.reg[1] == 1 and m.reg[7] == 0x3002

    def test_addresses_wrap_around_memory(self, edition):
        m = after("LD R1, P\nLDR R2, R1, #2\nHALT\nP .FILL xFFFF", 2, edition)
        assert m.reg[2] == m.memory[0x0001]


def test_lea_sets_condition_codes_only_in_edition_2():
    assert after("AND R0, R0, #0\nLEA R1, #0", 2, 2).cc == "P"
    assert after("AND R0, R0, #0\nLEA R1, #0", 2, 3).cc == "Z"


def test_trap_edition_2_links_r7_and_stays_in_the_same_mode():
    m = after("TRAP x21", 1, 2)
    assert m.reg[7] == 0x3001 and m.pc == m.memory[0x21] and not m.user_mode


def test_trap_edition_3_pushes_psr_and_pc_and_enters_supervisor_mode():
    m = after("ADD R0, R0, #-1\nTRAP x21", 2, 3)
    assert not m.user_mode and m.reg[7] == 0 and m.pc == m.memory[0x21]
    assert m.reg[6] == 0x3000 - 2
    assert m.memory[m.reg[6]] == 0x3002 and m.memory[m.reg[6] + 1] == 0x8004   # PC, PSR (N)
    assert m.saved_usp == USER_STACK


def test_registers_and_cc_survive_every_trap():
    src = ("LEA R0, S\nADD R1, R1, #1\nADD R2, R2, #2\nADD R3, R3, #-3\nADD R4, R4, #4\n"
           "ADD R5, R5, #5\nADD R7, R7, #7\nPUTS\nPUTSP\nOUT\nHALT\nS .STRINGZ \"ab\"")
    for edition in (2, 3):
        m = machine_for(f".ORIG x3000\n{src}\n.END", edition)
        while m.memory[m.pc] != 0xF025 or m.pc < 0x3000:
            m.step()
        expected_r7 = 0x300A if edition == 2 else 7
        assert m.reg[1:6] == [1, 2, 0xFFFD, 4, 5] and m.reg[7] == expected_r7
        assert m.reg[0] == m.program.lookup("S")
        # PUTS "ab", PUTSP stops at the zero high byte of its first word, OUT prints R0[7:0]
        assert m.console.take() == b"aba" + bytes([m.reg[0] & 0xFF])


def test_rti_returns_to_user_mode_and_restores_the_user_stack():
    m = after("HALT", 0, 3)
    m.step()                       # TRAP: now in supervisor mode at the HALT routine
    m.memory[m.pc] = 0x8000        # pretend the routine is just RTI
    m.step()
    assert m.user_mode and m.pc == 0x3001 and m.reg[6] == USER_STACK


def test_rti_in_user_mode_is_a_privilege_violation():
    m = after("RTI", 1, 3)
    assert not m.user_mode and m.pc == m.memory[0x0100]
    assert m.memory[m.reg[6]] == 0x3000       # the PC of the RTI itself


def test_reserved_opcode_edition_3_raises_illegal_opcode_exception():
    m = after(".FILL xD000", 1, 3)
    assert m.pc == m.memory[0x0101] and m.memory[m.reg[6]] == 0x3000


def test_reserved_opcode_and_rti_stop_edition_2_with_an_error():
    for word in ("xD000", "x8000"):
        m = machine_for(f".ORIG x3000\n.FILL {word}\n.END", 2)
        stop = m.run(10_000)
        assert stop.reason == "error" and stop.address == 0x3000
        assert "x3000" in stop.message


def test_access_control_off_by_default_lets_user_code_read_devices():
    m = machine_for(".ORIG x3000\nLDI R0, K\nADD R1, R0, #0\nHALT\nK .FILL xFE04\n.END")
    assert m.run(10_000).reason == "halted" and m.fault is None and m.reg[1] == 0x8000


def test_access_control_on_raises_acv_for_system_and_device_space():
    for target in ("xFE04", "x0020"):
        m = machine_for(f".ORIG x3000\nLDI R0, K\nHALT\nK .FILL {target}\n.END",
                        access_control=True)
        stop = m.run(100_000)
        assert stop.reason == "halted"
        assert m.fault.message == "access control violation at x3000"
        assert m.console.take() == (b"\n\n--- Access violation---\n\n"
                                    b"\n\n--- Halting the LC-3 ---\n\n")


def test_keyboard_interrupt_taken_between_instructions_at_priority_4():
    src = """.ORIG x3000
        LD R0, ISR
        STI R0, VEC
        LD R0, IE
        STI R0, KBSR
LOOP    ADD R1, R1, #1
        BRnzp LOOP
ISR     .FILL HANDLER
VEC     .FILL x0180
IE      .FILL x4000
KBSR    .FILL xFE00
HANDLER LDI R2, KBDR
        RTI
KBDR    .FILL xFE02
.END"""
    m = run_to_user(machine_for(src, keys=b"k"))
    for _ in range(4):
        m.step()                   # interrupts now enabled, key waiting
    m.step()                       # interrupt taken, then the handler's first instruction
    assert m.priority == 4 and not m.user_mode and m.reg[2] == ord("k")
    assert m.memory[m.reg[6]] == 0x3004 and m.memory[m.reg[6] + 1] & 0x8000
    m.step()                       # RTI
    assert m.user_mode and m.priority == 0 and m.pc == 0x3004


def test_no_interrupts_in_edition_2():
    m = run_to_user(machine_for(".ORIG x3000\nLD R0, IE\nSTI R0, K\nL BR L\nIE .FILL x4000\n"
                                "K .FILL xFE00\n.END", 2, keys=b"x"))
    for _ in range(10):
        m.step()
    assert m.pc in (0x3002,)


def test_halt_clears_mcr_and_stops():
    m = machine_for(".ORIG x3000\nHALT\nADD R1, R1, #1\n.END")
    stop = m.run(10_000)
    assert stop.reason == "halted" and m.halted and m.reg[1] == 0
    assert m.memory[0xFFFE] == 0 or m.bus.read(0xFFFE) == 0


def test_step_limit():
    m = machine_for(".ORIG x3000\nL BR L\n.END")
    assert m.run(5000).reason == "steps"


def test_program_with_several_segments_loads_all():
    m = machine_for(".ORIG x3000\nLDI R1, P\nHALT\nP .FILL x4000\n.END\n"
                    ".ORIG x4000\n.FILL #77\n.END")
    m.run(10_000)
    assert m.reg[1] == 77


def test_reset_restores_the_loaded_program():
    m = machine_for(".ORIG x3000\nST R1, #-2\nADD R1, R1, #1\nHALT\n.END")
    m.run(10_000)
    m.reset()
    assert m.memory[0x3000] == assemble(".ORIG x3000\nST R1, #-2\n.END").segments[0].words[0]
    assert m.pc == 0x0200 and not m.halted and m.instructions == 0
