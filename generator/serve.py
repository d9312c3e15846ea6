"""``python -m generator serve``: a preview for editors that rebuilds on every save.

One process builds the site once, serves it on 127.0.0.1, and watches the
content, the theme and the settings (``watchfiles``). After each save it builds
again in the same process, through the same pipeline as ``build`` (with its cache,
so only what changed is parsed and rendered) but without the search index and the
SQLite and Excel copies, which an editor does not read while editing.

While the content is invalid the last good site stays served, and every page
carries the error lines (``path:LINE: field: message [CODE]``) at its top until
the content is fixed. Pages reload themselves: the server adds one small script of
its own origin (within the pages' Content-Security-Policy) to each page it sends,
which asks the server for the build number. Nothing of this is ever written into
the site on disk: the published output is the same as ``build``'s.
"""

from __future__ import annotations

import contextlib
import html
import json
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .build import ROOT, build_site
from .errors import ContentInvalid, GeneratorError

SERVE_PATH = "/__serve__/"
"""Where the server answers for itself: never a path of the site."""

RELOAD_SCRIPT = """\
(function () {
  "use strict";
  var seen = null;
  function check() {
    fetch("/__serve__/state.json", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen !== null && state.build !== seen) window.location.reload();
        seen = state.build;
      })
      .catch(function () {})
      .then(function () { window.setTimeout(check, 300); });
  }
  check();
}());
"""


@dataclass
class ServeState:
    """What the server shows besides the site: the build number and the current errors."""

    build: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def succeeded(self) -> None:
        with self.lock:
            self.build += 1
            self.errors = []

    def failed(self, errors: list[str]) -> None:
        with self.lock:
            self.build += 1
            self.errors = errors

    def snapshot(self) -> tuple[int, list[str]]:
        with self.lock:
            return self.build, list(self.errors)


def error_banner(errors: list[str]) -> str:
    """The errors as a block at the top of a page: text only, escaped."""
    if not errors:
        return ""
    lines = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return (
        '<section id="serve-errors" role="alert" style="all: revert">'
        "<h2>Konten belum valid: situs terakhir yang valid masih ditampilkan "
        "/ The content is invalid: the last good site is shown</h2>"
        f"<ul>{lines}</ul></section>"
    )


def _inject(page: bytes, errors: list[str]) -> bytes:
    """The page as served while editing: the reload script, and the errors if any."""
    text = page.decode("utf-8", errors="replace")
    script = f'<script src="{SERVE_PATH}reload.js" defer></script>'
    text = text.replace("</head>", script + "</head>", 1)
    if errors:
        banner = error_banner(errors)
        start = text.find("<body>")
        text = text[: start + 6] + banner + text[start + 6 :] if start >= 0 else banner + text
    return text.encode("utf-8")


class _Handler(SimpleHTTPRequestHandler):
    state: ServeState

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build results."""

    def do_GET(self) -> None:
        if self.path.startswith(SERVE_PATH):
            self._serve_own(self.path[len(SERVE_PATH) :].split("?")[0])
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            _, errors = self.state.snapshot()
            self._send(200, "text/html; charset=utf-8", _inject(path.read_bytes(), errors))
            return
        if not path.exists():
            missing = Path(self.directory) / "404.html"
            if missing.is_file():
                _, errors = self.state.snapshot()
                self._send(404, "text/html; charset=utf-8", _inject(missing.read_bytes(), errors))
                return
        super().do_GET()

    def _serve_own(self, name: str) -> None:
        if name == "reload.js":
            self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.encode())
        elif name == "state.json":
            build, errors = self.state.snapshot()
            self._send(
                200, "application/json", json.dumps({"build": build, "errors": errors}).encode()
            )
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _watched(content: Path) -> list[Path]:
    return [content, ROOT / "theme", ROOT / "pelicanconf.py"]


class Preview:
    """The build half of ``serve``: one build at a time, errors kept for the pages."""

    def __init__(
        self, content: Path, output: Path, cache: Path, site_url: str, state: ServeState
    ) -> None:
        self.content, self.output, self.cache, self.site_url = content, output, cache, site_url
        self.state = state

    def build(self) -> float:
        """Build once; return the seconds it took. Errors are shown, never raised."""
        started = time.perf_counter()
        try:
            build_site(
                self.content,
                self.output,
                site_url=self.site_url,
                cache_dir=self.cache,
                preview=True,
            )
        except ContentInvalid as invalid:
            self.state.failed([str(error) for error in invalid.errors])
            for error in invalid.errors:
                print(error, file=sys.stderr)
        except GeneratorError as exc:
            self.state.failed([f"error: {exc} [{exc.code}]"])
            print(f"error: {exc} [{exc.code}]", file=sys.stderr)
        else:
            self.state.succeeded()
        return time.perf_counter() - started


@contextlib.contextmanager
def serving(state: ServeState, directory: Path, port: int) -> Iterator[ThreadingHTTPServer]:
    """An HTTP server of ``directory`` on 127.0.0.1, in a thread, until the block ends."""
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def serve(
    content: Path, port: int, output: Path, cache: Path, stop: threading.Event | None = None
) -> None:
    """Build, serve and rebuild on every change until Ctrl-C (or ``stop``)."""
    from watchfiles import watch

    content, state = content.resolve(), ServeState()
    stop = stop or threading.Event()
    # Ctrl-C (and a polite kill) stop the loop cleanly, even where the shell that started
    # us ignores SIGINT, as a shell does for a command run in the background.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    changed = threading.Event()
    watching = threading.Event()

    def watcher() -> None:
        """Note every change from now on, even those made during the first build."""
        changes = watch(
            *_watched(content),
            stop_event=stop,
            debounce=50,
            step=20,
            rust_timeout=100,
            yield_on_timeout=True,
        )
        for found in changes:
            watching.set()
            if found:
                changed.set()

    thread = threading.Thread(target=watcher, daemon=True)
    thread.start()
    watching.wait(timeout=10)  # the watcher is running before anything is built
    with serving(state, output, port) as server:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        preview = Preview(content, output, cache, address, state)
        seconds = preview.build()
        print(f"built in {seconds:.2f} s", file=sys.stderr)
        print(f"serving {address}/", flush=True)
        try:
            while not stop.is_set():
                if not changed.wait(timeout=0.2):
                    continue
                changed.clear()
                seconds = preview.build()
                _, errors = preview.state.snapshot()
                status = f"{len(errors)} error(s), last good site kept" if errors else "ok"
                print(f"rebuilt in {seconds:.2f} s: {status}", file=sys.stderr, flush=True)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
    print("stopped", file=sys.stderr)
