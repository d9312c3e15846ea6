"""A local static host on 127.0.0.1 for the browser and hostile-input tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a static host serves them.

    A missing path gets ``404.html`` with status 404; a folder without
    ``index.html`` is a 404 too (no directory listings that would hide a
    missing page from the link checks). The ``LinkChecker`` header lets
    LinkChecker lift its default limit of 10 requests a second for this host.
    """

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "test-server")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(404, "No index.html")
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` (which may not exist yet) on 127.0.0.1; yield its URL."""
    handler = functools.partial(_SiteHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def url_of(root: Path, url: str, file: Path) -> str:
    """The address at which ``file`` under ``root`` is served (folders end in ``/``)."""
    rel = file.relative_to(root).as_posix()
    if rel == "index.html":
        return url + "/"
    if rel.endswith("/index.html"):
        return f"{url}/{rel[: -len('index.html')]}"
    return f"{url}/{rel}"
