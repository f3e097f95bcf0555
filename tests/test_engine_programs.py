"""Every program the project has, on both engines with everything reached translated at
once: the examples, the conformance suite, the tutorial's demos and the benchmark give the
same whole state at every checkpoint."""
import json

import pytest

from vmcore import assemble
from vmcore.machine import Machine
from vmcore.program import read_obj

from .conftest import CONFORMANCE, PROGRAMS, ROOT, SHARED, shared_file
from .test_engine import state

CHECKPOINT = 20_011          # instructions between comparisons (odd, to land mid-loop)


def clock():
    """A clock that moves with every reading, the same on both machines."""
    now = [0.0]

    def read():
        now[0] += 0.001
        return now[0]
    return read


def compare(program, keys=b"", edition=3, limit=2_000_000, checkpoint=CHECKPOINT):
    machines = []
    for engine in ("interp", "fast"):
        m = Machine(edition=edition, clock=clock())
        m.engine = engine
        m.fast.hot_threshold = 1
        m.load(program)
        m.keyboard.push(keys)
        m.keyboard.closed = True
        machines.append(m)
    interp, fast = machines
    while interp.instructions < limit:
        a, b = interp.run(checkpoint), fast.run(checkpoint)
        assert (a.reason, a.address) == (b.reason, b.address), f"at {interp.instructions:,}"
        assert state(interp) == state(fast), f"at {interp.instructions:,}"
        assert interp.video.dirty == fast.video.dirty, "changed display rows"
        if a.reason != "steps":
            return a
    return a


EXAMPLE_KEYS = {"echo": b"LC-3\n", "guess": b"5\n3\n7\n4\n6\n", "paint": b"wasd wwddss q",
                "snake": b"wwaassdd", "interrupts": b"abc"}


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "web" / "examples").glob("*.asm")))
def test_examples(name):
    source = (ROOT / "web" / "examples" / f"{name}.asm").read_text()
    compare(assemble(source, f"{name}.asm"), EXAMPLE_KEYS.get(name, b""), limit=600_000)


def conformance_cases():
    manifest = shared_file(CONFORMANCE / "tools" / "programs.json")
    meta = json.loads(manifest.read_text())
    return [(name, edition) for name, m in sorted(meta.items()) for edition in (2, 3)
            if m["edition"] in ("any", str(edition))]


def test_conformance_suite():
    for name, edition in conformance_cases():
        obj = CONFORMANCE / "expected" / f"{name}.obj"
        keys = CONFORMANCE / "programs" / f"{name}.in"
        stop = compare(read_obj(obj.read_bytes(), obj.name),
                       keys.read_bytes() if keys.exists() else b"", edition, checkpoint=997)
        assert stop.reason == "halted", (name, edition)


@pytest.mark.parametrize("name,keys", [("2048.obj", b"y" + b"wasd" * 6), ("rogue.obj", b"ddssaawwdd")])
def test_demos(name, keys):
    obj = shared_file(PROGRAMS / name)
    assert compare(read_obj(obj.read_bytes(), name), keys).reason in ("input", "steps")


def test_benchmark():
    source = shared_file(SHARED / "bench" / "bench.asm").read_text()
    stop = compare(assemble(source, "bench.asm"), limit=10_000_000, checkpoint=250_007)
    assert stop.reason == "halted"
