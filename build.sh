#!/usr/bin/env bash
# Build the LC-3 playground and run its tests.
#   ./build.sh            build the package (and, once it exists, the static site) into dist/
#   ./build.sh serve      build, then serve the playground on http://127.0.0.1:8000/
#   ./build.sh test       install what the tests need, then run them all
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".[test]"
}

build() {
    venv
    "$VENV/bin/python" -m pip install --quiet build
    rm -rf dist
    "$VENV/bin/python" -m build --wheel --outdir dist . >/dev/null
    echo "built $(ls dist/*.whl)"
}

run_tests() {
    venv
    "$VENV/bin/python" -m pytest "$@"
}

case "${1:-build}" in
    build) build ;;
    test) shift; run_tests "$@" ;;
    serve) echo "the web playground is not built yet" >&2; exit 1 ;;
    *) echo "usage: $0 [build|serve|test]" >&2; exit 2 ;;
esac
