#!/usr/bin/env bash
# Build the LC-3 playground and run its tests.
#   ./build.sh                  build the static site into web/dist/
#   ./build.sh serve [--port N] build, then serve it on http://127.0.0.1:8000/
#   ./build.sh test [ARGS]      install what the tests need, build, run every test
#                               (ARGS go to pytest)
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv                      # the package, its tests and the build tools
SITE=web/dist

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]" build
}

build() {
    venv
    log "wheel"
    rm -rf dist "$SITE"
    local out
    if ! out=$("$VENV/bin/python" -m build --wheel --outdir dist . 2>&1); then
        printf '%s\n' "$out" >&2          # its chatter only when it fails
        exit 1
    fi
    log "front end"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    mkdir -p "$SITE/pyodide"
    local esbuild=web/node_modules/.bin/esbuild
    "$esbuild" web/src/main.js --bundle --format=esm --minify --target=es2020 --loader:.asm=text --loader:.toml=text \
        --outfile="$SITE/app.js" --log-level=warning
    "$esbuild" web/src/worker.js --bundle --format=esm --minify --target=es2020 \
        --external:node:* --outfile="$SITE/worker.js" --log-level=warning
    cp web/index.html "$SITE/"
    cp web/src/sw.js web/src/boot.js "$SITE/"
    log "Pyodide"
    local pyodide=web/node_modules/pyodide
    cp "$pyodide"/{pyodide.asm.mjs,pyodide.asm.wasm} "$SITE/pyodide/"
    # The standard library and vmcore as bytecode, compiled by Pyodide's own CPython.
    node web/pycompile.mjs "$pyodide" dist/*.whl "$SITE/pyodide"
    log "offline copy"
    "$VENV/bin/python" - "$SITE" <<'PY'
import hashlib, json, pathlib, sys
site = pathlib.Path(sys.argv[1])
files = sorted(str(p.relative_to(site)) for p in site.rglob("*")
               if p.is_file() and p.name not in ("sw.js", "files.json"))
digest = hashlib.sha256()
for name in files:
    digest.update(name.encode() + (site / name).read_bytes())
(site / "files.json").write_text(json.dumps(["./"] + files, indent=0))
for name in ("sw.js", "worker.js"):     # the worker keys its Python snapshot by it
    f = site / name
    f.write_text(f.read_text().replace("__VERSION__", digest.hexdigest()[:16]))
PY
    log "built $SITE ($(du -sh "$SITE" | cut -f1))"
}

# Debian's Chromium for the end-to-end tests (Playwright cannot download browsers here).
# The test fixtures look for the same binary (or $CHROMIUM).
CHROMIUM_BIN=${CHROMIUM:-/usr/bin/chromium}
ensure_chromium() {
    if [ ! -x "$CHROMIUM_BIN" ]; then
        log "installing Chromium"
        local sudo=""
        [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
        [ -x "$CHROMIUM_BIN" ] || { echo "build.sh: $CHROMIUM_BIN is still missing" >&2; exit 1; }
    fi
}

case "${1:-build}" in
    build) build ;;
    serve)
        shift
        build
        exec "$VENV/bin/python" web/serve.py "$SITE" "$@"
        ;;
    test)
        shift
        ensure_chromium
        build
        log "tests"
        "$VENV/bin/python" -m pytest "$@"
        ;;
    *) echo "usage: $0 [build | serve [--port N] | test [pytest args]]" >&2; exit 2 ;;
esac
