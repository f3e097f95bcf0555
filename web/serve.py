"""Serve the built playground folder on 127.0.0.1, as any static host would.

    python web/serve.py DIR [--port N]

No special headers are sent: the page needs none.  .wasm and .mjs get their proper types,
which some Python versions do not know.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import threading


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".whl": "application/zip",
                      ".json": "application/json", ".webmanifest": "application/manifest+json"}

    def copyfile(self, source, outputfile):
        # Count what each path sends, for the test of how much a first visit downloads.
        sent = self.server.sent
        if sent is None:
            return super().copyfile(source, outputfile)
        data = source.read()
        outputfile.write(data)
        with self.server.sent_lock:
            path = self.path.split("?")[0]
            sent[path] = sent.get(path, 0) + len(data)

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(directory: str, port: int = 0, verbose: bool = False):
    handler = functools.partial(Handler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.verbose = verbose
    server.sent = None               # {path: bytes} when counting
    server.sent_lock = threading.Lock()
    return server


def serve_in_thread(directory: str, count: bool = False):
    """A server on a free port, running in a daemon thread (for tests); with `count`, its
    `sent` maps each path to the bytes sent for it."""
    server = make_server(directory)
    if count:
        server.sent = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("directory")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    server = make_server(args.directory, args.port, verbose=True)
    print(f"LC-3 Playground at http://127.0.0.1:{server.server_address[1]}/  (Ctrl-C stops)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
