"""The exercise file: what it accepts, and every mistake reported at its line."""
import pytest

from vmcore.grading import ExerciseError, parse_exercise

GOOD = '''\
title = "Sum"
statement = """Add them.
[tests]
x = 1
"""
[[tests]]
name = "one"
points = 2
input = "42\\n"
max_steps = 100_000
[tests.set]
ARRAY = [1, 2, -3]
COUNT = 0x3
"x3100" = "hi"
R1 = -1
[tests.expect]
RESULT = 0xFFFF
R0 = 15
output_contains = "Sum"

[[tests]]
name = "two"
call = "FACT"
convention = "stack"
args = [5, -1]
[tests.expect]
return = 120
preserved = ["R4"]
'''


def errors(text):
    with pytest.raises(ExerciseError) as e:
        parse_exercise(text, "ex.toml")
    return [(d.line, d.message) for d in e.value.diagnostics]


def test_a_good_file_is_read_into_words():
    ex = parse_exercise(GOOD)
    one, two = ex.tests
    assert ex.title == "Sum" and ex.edition == 3 and ex.max_score == 3
    assert (one.points, one.input, one.max_steps) == (2, "42\n", 100_000)
    values = {str(loc): val.words for loc, val in one.set}
    assert values == {"ARRAY": (1, 2, 0xFFFD), "COUNT": (3,), "x3100": (104, 105, 0),
                      "R1": (0xFFFF,)}
    assert [(str(loc), v.words) for loc, v in one.expect.locations] == \
        [("RESULT", (0xFFFF,)), ("R0", (15,))]
    assert one.expect.output_contains == "Sum" and one.expect.halted
    assert (two.call, two.convention, two.args, two.expect.ret, two.expect.preserved) == \
        ("FACT", "stack", [5, 0xFFFF], 120, [4])


def test_toml_syntax_errors_carry_their_line():
    assert errors('title = "x"\n\n[[tests]]\nname = \n') == [(4, "TOML: Invalid value")]


def test_unknown_keys_are_errors_at_their_line_with_a_suggestion():
    text = GOOD.replace('input = "42\\n"', 'inptu = "42\\n"').replace(
        'output_contains = "Sum"', 'ouput = "Sum"')
    assert errors(text) == [
        (9, "unknown key 'inptu' in [[tests]]; did you mean 'input'?"),
        (19, "unknown key 'ouput' in [tests.expect]; did you mean 'output'?")]


def test_wrong_types_and_ranges_are_reported_at_the_key():
    text = GOOD.replace("points = 2", 'points = "two"').replace(
        "COUNT = 0x3", "COUNT = 70000").replace("R0 = 15", 'R0 = "fifteen"')
    assert errors(text) == [
        (8, "points must be a number of at least 0, not 'two'"),
        (13, "70000 does not fit in a 16-bit word (-32768 to 65535)"),
        (18, "R0 holds one number, not a string")]


def test_a_key_that_is_neither_register_address_nor_label():
    assert errors(GOOD.replace('"x3100" = "hi"', '"3100" = "hi"')) == \
        [(14, "'3100' is not a register (R0-R7), an address (\"x3100\") or a label")]


def test_missing_title_and_tests():
    assert errors('statement = "x"\n') == [
        (1, "the exercise needs a title"),
        (1, "the exercise has no tests: add at least one [[tests]] table")]


def test_stack_keys_need_the_stack_convention_and_a_call():
    text = 'title = "t"\n[[tests]]\nargs = [1]\n[tests.expect]\nreturn = 1\n'
    assert [m for _, m in errors(text)] == [
        "args are pushed on the stack: they need convention = \"stack\" (with the register "
        "convention, set registers in [tests.set])",
        "return is the value a subroutine leaves on the stack: it needs convention = \"stack\""]


def test_r7_cannot_be_set_in_a_call_and_one_output_check_at_a_time():
    text = ('title = "t"\n[[tests]]\ncall = "F"\n[tests.set]\nR7 = 1\n[tests.expect]\n'
            'output = "a"\noutput_matches = "("\n')
    assert errors(text) == [
        (5, "R7 holds the return address in a subroutine test; it cannot be set"),
        (8, "use one of output, output_contains and output_matches, not output and "
            "output_matches"),
        (8, "output_matches is not a valid regular expression: missing ), unterminated "
            "subpattern at position 0")]


def test_duplicate_test_names_and_key_delay_validated():
    text = 'title = "t"\n[[tests]]\nname = "a"\n[[tests]]\nname = "a"\nkey_delay = -1\n'
    assert errors(text) == [
        (6, "key_delay must be a whole number from 0 to 10,000,000, not -1"),
        (5, "two tests are named 'a' (tests 1 and 2); each needs its own name")]
    ok = parse_exercise('title = "t"\n[[tests]]\nkey_delay = 50\n')
    assert ok.tests[0].key_delay == 50 and ok.tests[0].name == "test 1"


def test_the_error_prints_like_an_assembly_error():
    text = 'title = "t"\n[[tests]]\nmax_step = 5\n'
    with pytest.raises(ExerciseError) as e:
        parse_exercise(text, "ex.toml")
    assert e.value.format(text) == (
        "ex.toml:3:1: error: unknown key 'max_step' in [[tests]]; did you mean 'max_steps'?"
        "\nmax_step = 5\n^")
