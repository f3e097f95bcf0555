"""The grader's results and the messages a student reads."""
from vmcore.grading import check, parse_exercise

HEADER = 'title = "t"\n'


def results(source, tests):
    report = check(source, parse_exercise(HEADER + tests))
    return [(t.passed, t.message) for t in report.tests]


LOOP = """        .ORIG x3000
        AND R0, R0, #0
SPIN    ADD R0, R0, #1
        BRnzp SPIN
        .END
"""


def test_a_runaway_is_a_failed_test_naming_its_line_and_the_others_still_run():
    tests = ('[[tests]]\nname = "a"\nmax_steps = 100_000\n'
             '[[tests]]\nname = "b"\nmax_steps = 5\n[tests.expect]\nhalted = false\n')
    assert results(LOOP, tests) == [
        (False, "did not halt within 100,000 instructions (last at line 4)"), (True, "")]


def test_a_program_that_does_not_assemble_fails_every_test_with_the_first_error():
    source = ".ORIG x3000\nADD R1, R2\nBRz NOWHERE\nHALT\n.END\n"
    tests = '[[tests]]\nname = "a"\n[[tests]]\nname = "b"\n'
    got = results(source, tests)
    assert got[0][0] is False and got[0][1].startswith("does not assemble: line 2: ")
    assert got[0][1].endswith("(and 1 more error)") and got[1] == got[0]


FACT = """        .ORIG x3000
        HALT
FACT    ADD R4, R0, #0      ; clobbers R4
        ADD R0, R0, R0
        RET
        .END
"""


def test_a_changed_register_is_named_with_its_values():
    tests = ('[[tests]]\ncall = "FACT"\n[tests.set]\nR0 = 5\n[tests.expect]\nR0 = 10\n'
             'preserved = ["R1", "R4"]\n')
    assert results(FACT, tests) == [(False, "R4 was changed by FACT (x0000 → x0005)")]


def test_registers_are_read_as_the_program_enters_halt():
    # The OS's HALT routine uses R0, R1 and R7; the program's values are what count.
    source = ".ORIG x3000\nAND R0, R0, #0\nADD R0, R0, #7\nADD R7, R0, #1\nHALT\n.END\n"
    assert results(source, '[[tests]]\n[tests.expect]\nR0 = 7\nR7 = 8\nR6 = 0xC000\n') == \
        [(True, "")]


def test_output_differences_are_shown_where_they_start():
    source = '.ORIG x3000\nLEA R0, S\nPUTS\nHALT\nS .STRINGZ "Sum: 14\\n"\n.END\n'
    assert results(source, '[[tests]]\n[tests.expect]\noutput = "Sum: 15\\n"\n') == [
        (False, 'the output differs at line 1, column 7:\n  expected: "Sum: 15\\n"\n'
                '  actual:   "Sum: 14\\n"')]
    assert results(source, '[[tests]]\n[tests.expect]\noutput_matches = "Sum: 1[0-9]"\n'
                           '[[tests]]\n[tests.expect]\noutput_contains = "15"\n') == [
        (True, ""), (False, 'the output should contain "15", but it is "Sum: 14\\n"')]


def test_multi_line_output_gets_a_diff():
    source = '.ORIG x3000\nLEA R0, S\nPUTS\nHALT\nS .STRINGZ "a\\nb\\nX\\nd\\n"\n.END\n'
    [(passed, message)] = results(source, '[[tests]]\n[tests.expect]\n'
                                          'output = "a\\nb\\nc\\nd\\n"\n')
    assert not passed
    assert message.splitlines()[0] == "the output differs at line 3, column 1:"
    assert '  - "c\\n"' in message.splitlines() and '  + "X\\n"' in message.splitlines()


def test_memory_is_compared_as_numbers_and_as_text():
    source = ('.ORIG x3000\nHALT\nN .FILL #-2\nL .FILL #1\n.FILL #5\nS .STRINGZ "HELlo"\n'
              '.END\n')
    tests = ('[[tests]]\n[tests.expect]\nN = 0xFFFE\n'
             '[[tests]]\n[tests.expect]\nN = 3\n'
             '[[tests]]\n[tests.expect]\nL = [1, 2]\n'
             '[[tests]]\n[tests.expect]\nS = "HELLO"\n'
             '[[tests]]\n[tests.expect]\nS = "HEL"\n'
             '[[tests]]\n[tests.expect]\nMISSING = 1\n')
    assert results(source, tests) == [
        (True, ""),
        (False, "N (x3001): expected 3 (x0003), got -2 (xFFFE)"),
        (False, "L (x3002): expected [1, 2], got [1, 5] (word 1, at x3003, is 5 (x0005) "
                "instead of 2 (x0002))"),
        (False, "S (x3004): expected the string \"HELLO\", got \"HELlo\" (character 3, at "
                "x3007, is 108 (x006C, 'l') instead of 76 (x004C, 'L'))"),
        (False, "S (x3004): expected the string \"HEL\", got \"HELlo\" (no zero after its 3 "
                "characters: x3007 holds 108 (x006C, 'l'))"),
        (False, "the program has no label MISSING, which this test checks")]


def test_waiting_for_input_and_crashes_are_failed_tests():
    getc = ".ORIG x3000\nGETC\nGETC\nHALT\n.END\n"
    assert results(getc, '[[tests]]\ninput = "a"\n[[tests]]\n') == [
        (False, "the program waited for more input after reading all 1 character of this "
                "test's input (line 3)"),
        (False, "the program waits for a key, but this test types none (line 2)")]
    illegal = ".ORIG x3000\nAND R0, R0, #0\n.FILL xD000\nHALT\n.END\n"
    assert results(illegal, "[[tests]]\n") == [
        (False, "the program crashed: illegal opcode at x3001 (line 3)")]


def test_a_subroutine_that_halts_or_loses_its_return_address():
    source = (".ORIG x3000\nHALT\nF HALT\nG JSR H\nRET\nH RET\n.END\n")
    tests = ('[[tests]]\ncall = "F"\n[[tests]]\ncall = "G"\nmax_steps = 1000\n')
    assert results(source, tests) == [
        (False, "F halted (line 3) instead of returning to its caller"),
        (False, "did not return within 1,000 instructions (last at line 5); R7 no longer "
                "holds the return address x3005: was it saved before a JSR or TRAP inside G?")]


def test_halted_false_expects_the_program_to_keep_running():
    assert results(".ORIG x3000\nHALT\n.END\n", "[[tests]]\n[tests.expect]\nhalted = false\n") \
        == [(False, "the program halted, but this test expects it to keep running")]


def test_randomize_fills_registers_and_free_memory_from_the_seed():
    source = ".ORIG x3000\nST R3, SAVED\nHALT\nSAVED .BLKW 1\n.END\n"
    def saved(seed):
        ex = parse_exercise(HEADER + f"[[tests]]\nrandomize = true\nseed = {seed}\n"
                                     "[tests.expect]\nSAVED = 0\n")
        return check(source, ex).tests[0].message
    assert saved(1) == saved(1) != saved(2)
    assert saved(1).startswith("SAVED (x3002): expected 0 (x0000), got ")


def test_stack_convention_checks_r6_r5_and_the_return_value():
    good = (".ORIG x3000\nHALT\n"
            "ADD2 LDR R0, R6, #0\nLDR R1, R6, #1\nADD R0, R0, R1\n"
            "ADD R6, R6, #-1\nSTR R0, R6, #0\nRET\n"
            "BAD5 ADD R5, R5, #1\nADD R6, R6, #-1\nRET\n.END\n")
    tests = ('[[tests]]\ncall = "ADD2"\nconvention = "stack"\nargs = [3, -5]\n'
             '[tests.expect]\nreturn = -2\n'
             '[[tests]]\ncall = "ADD2"\nconvention = "stack"\nargs = [3, 4]\n'
             '[tests.expect]\nreturn = 8\n'
             '[[tests]]\ncall = "BAD5"\nconvention = "stack"\n')
    assert results(good, tests) == [
        (True, ""),
        (False, "return value (on top of the stack at xBFFD): expected 8 (x0008), got 7 "
                "(x0007)"),
        (False, "R5 (the caller's frame pointer) was changed by BAD5 (x0000 → x0001)")]


def test_scores_add_up():
    report = check(LOOP, parse_exercise(
        HEADER + '[[tests]]\npoints = 2.5\nmax_steps = 10\n[tests.expect]\nhalted = false\n'
                 '[[tests]]\npoints = 3\nmax_steps = 10\n'))
    assert (report.score, report.max_score, report.passed) == (2.5, 5.5, False)


def test_key_delay_makes_keys_arrive_on_lc3tools_schedule():
    # Counts its polls until a key is ready: 3 instructions a poll after the first AND.
    source = (".ORIG x3000\nAND R1, R1, #0\nPOLL ADD R1, R1, #1\nLDI R0, KB\nBRzp POLL\n"
              "LDI R0, KBD\nHALT\nKB .FILL xFE00\nKBD .FILL xFE02\n.END\n")
    def polls(delay):
        setting = f"key_delay = {delay}\n" if delay is not None else ""
        report = check(source, parse_exercise(
            HEADER + f'[[tests]]\ninput = "a"\n{setting}[tests.expect]\nR1 = 0\n'))
        return report.tests[0].message
    assert polls(None) == polls(0) == "R1: expected 0 (x0000), got 1 (x0001)"
    # Poll i's LDI is instruction 3i; the key is there once 300 instructions have run,
    # which poll 100's LDI (the 300th) has not yet seen.
    assert polls(300) == "R1: expected 0 (x0000), got 101 (x0065, 'e')"
