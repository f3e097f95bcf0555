import os
from pathlib import Path

import pytest
from hypothesis import Phase

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LC3_SHARED", ROOT.parent / "shared"))
CONFORMANCE = SHARED / "conformance"
PROGRAMS = SHARED / "programs"


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared material sits beside the checkout")
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
