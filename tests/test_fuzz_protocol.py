"""The protocol fuzzed: random sequences of messages, of every type, with fields of every
kind of value.  Each is answered within a few seconds, a refusal is said in words (never a
traceback), and afterwards the session still loads and runs a program.
LC3_FUZZ_EXAMPLES=N runs N sequences."""
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from vmcore.protocol import Protocol

from .conftest import FUZZ_PHASES, fuzz_examples
from .test_protocol import HELLO, works

SOURCES = [HELLO, ".ORIG x3000\nL BR L\n.END", ".ORIG x3000\nGETC\nOUT\nHALT\n.END",
           ".ORIG x3000\nADD R0, R0, #" + "9" * 5000 + "\n.END", ".ORIG x3000\nBAD\n.END",
           '.ORIG x3000\n.STRINGZ "\ud800"\n.END', "\ufeff.ORIG x3000\nHALT\n.END", ""]
ODD = st.one_of(st.none(), st.booleans(), st.integers(-(1 << 70), 1 << 70),
                st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
                st.sampled_from(["x10000", "x3000", "M", "1" * 4301, "R1", "PC", "IR",
                                 "x-1", "#-32769"]),
                st.lists(st.integers(-5, 100), max_size=5), st.binary(max_size=8),
                st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
FIELDS = ["source", "data", "sym", "edition", "access_control", "input", "action", "line",
          "lines", "target", "value", "memory", "count", "address", "seconds", "text", "ips",
          "filename"]
TYPES = ["load", "load_obj", "run", "debug", "breakpoints", "set", "inspect", "watch", "tick",
         "stop", "reset", "key", "speed", "export", "nonsense"]
ACTIONS = ["start", "continue", "step", "over", "out", "back", "reverse", "to", "run", "fly"]


@st.composite
def messages(draw):
    kind = draw(st.sampled_from(TYPES))
    message = {"type": kind}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=4, unique=True)):
        message[name] = draw(ODD)
    if kind == "load" and draw(st.booleans()):
        message["source"] = draw(st.sampled_from(SOURCES))
    if kind == "debug" and draw(st.booleans()):
        message["action"] = draw(st.sampled_from(ACTIONS))
    if kind == "tick" and isinstance(message.get("seconds"), float):
        message["seconds"] = min(abs(message["seconds"]), 0.01)   # nan stays nan
    return message


@settings(max_examples=fuzz_examples(40), deadline=None, phases=FUZZ_PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(messages(), max_size=12))
def test_any_message_sequence_is_answered_and_leaves_the_session_working(sequence):
    p = Protocol()
    for message in sequence:
        started = time.perf_counter()
        replies = p.handle(message)
        assert time.perf_counter() - started < 5, message
        assert isinstance(replies, list) and all(isinstance(r, dict) for r in replies)
        for r in replies:
            if r["type"] == "error":
                assert "detail" not in r, (message, r["detail"])
    works(p)
