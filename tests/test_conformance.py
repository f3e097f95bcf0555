"""The shared conformance suite, run the way its README says reference outputs were taken."""
import json
import re

import pytest

from vmcore.machine import Machine
from vmcore.program import read_obj

from .conftest import CONFORMANCE, shared_file

HALT_BANNERS = (b"\n\n--- halting the LC-3 ---\n\n", b"\n\n--- Halting the LC-3 ---\n\n")
IN_TRANSCRIPT = re.compile(re.escape(b"\nInput a character> ") + rb"[\x00-\xff]\n")


def cases():
    manifest = CONFORMANCE / "tools" / "programs.json"
    if not manifest.exists():
        return [pytest.param("(missing)", 3)]     # shared_file skips it, or fails under CI
    meta = json.loads(manifest.read_text())
    return [pytest.param(name, edition, id=f"{name}-ed{edition}")
            for name, m in sorted(meta.items()) for edition in (2, 3)
            if m["edition"] in ("any", str(edition))]


def console_output(name: str, edition: int, engine: str) -> bytes:
    obj = shared_file(CONFORMANCE / "expected" / f"{name}.obj")
    machine = Machine(edition=edition)
    machine.engine = engine
    machine.load(read_obj(obj.read_bytes(), obj.name))
    keys = CONFORMANCE / "programs" / f"{name}.in"
    if keys.exists():
        machine.keyboard.push(keys.read_bytes())
    machine.keyboard.closed = True
    machine.run(10_000_000)
    out = machine.console.take()
    for banner in HALT_BANNERS:
        if out.endswith(banner):
            return IN_TRANSCRIPT.sub(b"", out[:-len(banner)])
    return out + b"[did not halt]"


@pytest.mark.parametrize("engine", ["interp", "fast"])
@pytest.mark.parametrize("name,edition", cases())
def test_conformance_program_prints_the_reference_output(name, edition, engine):
    expected = shared_file(CONFORMANCE / "expected" / f"{name}.out").read_bytes()
    assert console_output(name, edition, engine) == expected
