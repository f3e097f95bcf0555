import os
from pathlib import Path

import pytest
from hypothesis import Phase

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LC3_SHARED", ROOT.parent / "shared"))
CONFORMANCE = SHARED / "conformance"
PROGRAMS = SHARED / "programs"


# Under CI (CI=true) whatever a test needs must be there: a missing browser, built site or
# shared material is an error, never a quiet skip that reports green.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str):
    """Skip on a developer's machine; fail under CI."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this is an error, not a skip)", pytrace=False)
    pytest.skip(reason)


def shared_file(path: Path) -> Path:
    if not path.exists():
        missing(f"{path} is not here: put the shared material beside the checkout "
                f"or point LC3_SHARED at it")
    return path


def machine_for(source: str, edition: int = 3, keys: bytes = b"", access_control=False,
                clock=None):
    """A machine loaded with assembled source, scripted keys queued, ready to boot."""
    from vmcore import assemble
    from vmcore.machine import Machine
    m = Machine(edition=edition, access_control=access_control, clock=clock)
    m.load(assemble(source))
    m.keyboard.push(keys)
    m.keyboard.closed = True
    return m


def run_to_user(m):
    """Step through the OS's boot until the first user instruction is next."""
    while m.pc != m.program.entry:
        m.step()
    return m


# No "explain" phase: it traces every line, and timings under a tracer mean nothing.
FUZZ_PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink)


def fuzz_examples(default: int) -> int:
    """Cases per fuzz test: few by default, LC3_FUZZ_EXAMPLES=N for a long run."""
    return int(os.environ.get("LC3_FUZZ_EXAMPLES", default))
