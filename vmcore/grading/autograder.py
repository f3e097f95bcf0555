"""A ready Gradescope autograder for an exercise: setup.sh, run_autograder, the exercise
file and a copy of vmcore (pure Python, nothing to download), zipped as Gradescope wants
(the files at the root of the archive)."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image.
# The grader is pure Python 3.11 or later (it reads the exercise with tomllib); Ubuntu
# 22.04's python3 is 3.10, so install 3.11 there.  Nothing else is needed.
set -euo pipefail
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    apt-get install -y python3.11
fi
"""

RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission.  The student's files are in
# /autograder/submission (one .asm file); the results go to
# /autograder/results/results.json.  lc3 test exits 1 when a test fails, which is not an
# error of the autograder.
cd /autograder/source
for PYTHON in python3.13 python3.12 python3.11 python3; do
    if command -v "$PYTHON" >/dev/null &&
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        break
    fi
done
PYTHONPATH=/autograder/source "$PYTHON" -m vmcore test /autograder/submission exercise.toml \\
    --format gradescope > /autograder/results/results.json
status=$?
[ "$status" -le 1 ] || exit "$status"
exit 0
"""

README = """\
# Gradescope autograder for "{title}"

Made by `lc3 grade --gradescope-autograder`.  Upload `autograder.zip` (in this folder) as
the assignment's autograder ("Configure Autograder", zip file upload, base image Ubuntu).
Students submit one `.asm` file.  Each test of `exercise.toml` appears on Gradescope with
its points and the message the student would see in the playground or with `lc3 test`.

- `setup.sh` makes sure Python 3.11 or later is there (it installs nothing else).
- `run_autograder` runs `python3 -m vmcore test /autograder/submission exercise.toml
  --format gradescope` and writes `/autograder/results/results.json`.
- `vmcore/` is the grader itself, copied from the version that made this folder.

To try it before uploading: `PYTHONPATH=. python3 -m vmcore test some.asm exercise.toml
--format gradescope`.
"""


def write_autograder(directory: str | Path, exercise_path: str | Path, title: str) -> Path:
    """Write the autograder's files into `directory` and zip them; returns the zip."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    package = Path(__file__).resolve().parent.parent
    target = out / "vmcore"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copyfile(exercise_path, out / "exercise.toml")
    for name, text in (("setup.sh", SETUP), ("run_autograder", RUN)):
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        path.chmod(0o755)
    (out / "README.md").write_text(README.format(title=title), encoding="utf-8")
    archive = out / "autograder.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(out.rglob("*")):
            if path.is_file() and path != archive and path.name != "README.md":
                info = zipfile.ZipInfo.from_file(path, path.relative_to(out).as_posix())
                with open(path, "rb") as f:
                    z.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
    return archive
