import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LC3_SHARED", ROOT.parent / "shared"))
CONFORMANCE = SHARED / "conformance"
PROGRAMS = SHARED / "programs"


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared material sits beside the checkout")
    return path
