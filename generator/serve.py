"""``python -m generator serve``: a preview for editors that shows every save at once.

One process builds the site once, serves it on 127.0.0.1, keeps the validated content
in memory and watches the content, the theme and the settings (``watchfiles``).

A saved record file is checked alone against the content in memory, with the build's
own checks, and its pages (both languages) and JSON are rendered at once, as the build
renders them, and served from memory. The whole site (lists, unit and date pages,
downloads) follows in a build in a background thread, which reads the content from disk
again only when something besides a record changed or a check needs every file (a
record removed, an id taken twice); the search index and the SQLite and Excel copies
are left out, since an editor does not read them while editing.

While the content is invalid the last good site stays served, and every page carries
the error lines (``path:LINE: field: message [CODE]``) at its top until the content is
fixed. Pages reload themselves: the server adds one small script of its own origin
(within the pages' Content-Security-Policy) to each page it sends, which asks the server
for the build number. Nothing of this is ever written into the site on disk: the
published output is the same as ``build``'s.
"""

from __future__ import annotations

import contextlib
import gc
import html
import json
import queue
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
from urllib.parse import unquote

from .build import build_site
from .config import PELICAN_CONF, THEME
from .errors import ContentError, ContentInvalid, GeneratorError
from .load import editor_file
from .pelican_plugin import RecordRenderer
from .site import record_pages
from .validate import Dataset, revalidate

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
    """What the server shows besides the built site, shared by its threads.

    ``build`` counts what changed on the pages (a page reloads when it does); ``pages``
    holds saved records' pages rendered at once, by site path, each with the number of
    the save that made it, until a build that began after that save is published.
    """

    build: int = 0
    file_errors: dict[str, list[str]] = field(default_factory=dict)
    """The errors of each saved file that was checked alone, by its path."""
    build_errors: list[str] = field(default_factory=list)
    """The errors of the last build: every file's, when it read the whole content."""
    pages: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    drafts: dict[str, bytes] = field(default_factory=dict)
    """The pages of records marked draft, which no build writes: shown only here."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def show_drafts(self, files: dict[str, bytes]) -> None:
        with self.lock:
            if files != self.drafts:
                self.build += 1
                self.drafts = files

    def saved(
        self, save: int, paths: list[str], errors: list[ContentError], files: dict[str, bytes]
    ) -> None:
        """Files ``paths`` were checked alone: their ``errors``, or their pages."""
        with self.lock:
            self.build += 1
            for path in paths:
                mine = [str(error) for error in errors if error.path == path]
                if mine:
                    self.file_errors[path] = mine
                else:
                    self.file_errors.pop(path, None)
            self.pages.update((name, (save, data)) for name, data in files.items())

    def built(self, upto: int, errors: list[str], whole: bool) -> None:
        """A build of the content as it was after save ``upto`` ended (``errors`` if it
        failed). ``whole``: it read the whole content, so its errors are every file's."""
        with self.lock:
            self.build += 1
            self.build_errors = errors
            if whole:
                self.file_errors = {}
            if not errors:
                self.pages = {k: v for k, v in self.pages.items() if v[0] > upto}

    def snapshot(self) -> tuple[int, list[str]]:
        with self.lock:
            errors = [line for lines in self.file_errors.values() for line in lines]
            return self.build, errors + self.build_errors

    def pending(self) -> int:
        """How many files (a saved record's pages and JSON) are served from memory ahead
        of the built site."""
        with self.lock:
            return len(self.pages)

    def page(self, path: str) -> tuple[bytes, bool] | None:
        """The page at ``path`` if it is shown from memory, and whether it is a draft's (a
        record saved as a draft is no longer shown as published)."""
        with self.lock:
            found = self.pages.get(path)
            draft = self.drafts.get(path)
        if draft is not None:
            return draft, True
        return None if found is None else (found[1], False)


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


DRAFT_NOTE = (
    '<p id="serve-draft" role="note"><strong>Draf:</strong> halaman ini hanya tampil di '
    "pratinjau dan belum diterbitkan / <strong>Draft:</strong> shown only in this preview, "
    "not published</p>"
)


def _inject(page: bytes, errors: list[str], draft: bool = False) -> bytes:
    """The page as served while editing: the reload script, the errors if any, and a
    note on a draft's page."""
    text = page.decode("utf-8", errors="replace")
    script = f'<script src="{SERVE_PATH}reload.js" defer></script>'
    text = text.replace("</head>", script + "</head>", 1)
    if errors or draft:
        banner = error_banner(errors) + (DRAFT_NOTE if draft else "")
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
        name = unquote(self.path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
        if name == "" or name.endswith("/"):
            name += "index.html"
        shown = self.state.page(name)  # a saved record before the build ends, or a draft
        if shown is not None:
            data, draft = shown
            _, errors = self.state.snapshot()
            if name.endswith(".html"):
                self._send(200, "text/html; charset=utf-8", _inject(data, errors, draft))
            else:
                self._send(200, self.guess_type(name), data)
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
            state = {"build": build, "errors": errors, "pending": self.state.pending()}
            self._send(200, "application/json", json.dumps(state).encode())
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
    return [content, THEME, PELICAN_CONF]


class Preview:
    """The build half of ``serve``, with the content kept in memory.

    A saved record file is checked alone against the content in memory and, when valid,
    its pages are rendered at once and served (:meth:`saved`); the whole site follows in a
    build in the background (:meth:`build`), which reads the content from disk again only
    when something else changed or a check needs every file. Drafts, which no build
    writes, are rendered after every build and save and shown only from memory.

    Two threads share this: the one handling saves and the builder. ``rendering`` is
    always taken before ``lock``, and the content in memory and the renderer change only
    under ``rendering``, so a page is never rendered from one with the other's old state.
    """

    def __init__(
        self, content: Path, output: Path, cache: Path, site_url: str, state: ServeState
    ) -> None:
        self.content, self.output, self.cache, self.site_url = content, output, cache, site_url
        self.state = state
        self.rendering = threading.Lock()
        """Held to render, and to change ``renderer`` or ``dataset``."""
        self.renderer: RecordRenderer | None = None
        """Renders like the last successful build; None before there is one."""
        self.lock = threading.Lock()
        """Guards ``dataset``, ``saves``, ``applied`` and ``unread``, which the builder
        reads without rendering."""
        self.dataset: Dataset | None = None
        """The content as last validated; None: read and check it all in the next build."""
        self.saves = 0
        """Saves so far, numbered from 1."""
        self.applied = 0
        """The last save whose content ``dataset`` holds (or that set it to None)."""
        self.unread: set[Path] = set()
        """Files saved while ``dataset`` is None, since the build that reads all began."""

    def build(self) -> tuple[float, list[str]]:
        """Build the whole site once; return the seconds it took and its errors. Errors,
        whatever they are, are shown on the pages, never raised: the preview goes on."""
        started = time.perf_counter()
        with self.lock:
            dataset, upto = self.dataset, self.applied
            self.unread = set()
        errors: list[str] = []
        try:
            report = build_site(
                self.content,
                self.output,
                site_url=self.site_url,
                cache_dir=self.cache,
                preview=True,
                dataset=dataset,
            )
            renderer = RecordRenderer(report.settings)
        except ContentInvalid as invalid:
            errors = [str(error) for error in invalid.errors]
        except GeneratorError as exc:
            errors = [f"error: {exc} [{exc.code}]"]
        except Exception as exc:  # a broken template, a full disk: shown, then fixed
            errors = [" ".join(f"error: {type(exc).__name__}: {exc}".split())]
        if errors:
            print(*errors, sep="\n", file=sys.stderr)
            with self.rendering, self.lock:
                self.dataset = None  # read everything again in the next build
        else:
            with self.rendering:
                with self.lock:
                    if dataset is None:
                        self.dataset = self._catch_up(report.settings["SITE_MODEL"].dataset)
                    latest = self.dataset
                self.renderer = renderer
                if latest is not None:
                    self._show_drafts(latest)
            del report
        self.state.built(upto, errors, whole=dataset is None)
        # Each build freezes what it made (out of the collector's way while it runs); in this
        # long-running process, what the last build left behind is collected now.
        gc.unfreeze()
        gc.collect()
        return time.perf_counter() - started, errors

    def _catch_up(self, dataset: Dataset) -> Dataset | None:
        """``dataset``, read from disk by a build, with the files saved while it ran read
        again; None when they need the whole content read again (with ``lock`` held)."""
        if not self.unread:
            return dataset
        try:
            return revalidate(dataset, self.content, self.unread)
        except ContentInvalid:
            return None  # the build queued by those saves reads all and shows the errors

    def saved(self, paths: set[Path]) -> bool:
        """Check saved record files alone and show their pages (or their errors) at once;
        say whether the site must be built again (False: nothing published changed). The
        whole content is read in that build when anything but a record was saved, a record
        needs every file to be checked, or several were saved together and one is invalid.
        """
        started = time.perf_counter()
        with self.rendering:
            with self.lock:
                self.saves += 1
                save, dataset = self.saves, self.dataset
            if dataset is None or self.renderer is None:
                return self._read_all(save, paths)
            try:
                changed = revalidate(dataset, self.content, paths)
            except ContentInvalid as invalid:
                records = [p for p in paths if p.suffix == ".md" and not editor_file(p.name)]
                if len(records) > 1:  # the valid ones must not be lost: read all
                    return self._read_all(save, paths)
                print(*invalid.errors, sep="\n", file=sys.stderr)
                self.state.saved(save, self._shown(paths), invalid.errors, {})
                return False
            if changed is None:
                return self._read_all(save, paths)
            if changed is dataset:
                return False
            shown = set(self._shown(paths))
            pages = record_pages([e for e in changed.entries if e.path in shown], changed, None)
            try:
                files = self.renderer.render(list(pages))
                self._show_drafts(changed)
            except Exception as exc:  # the build that follows shows what went wrong
                print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
                return self._read_all(save, paths)
            with self.lock:
                self.dataset, self.applied = changed, save
            self.state.saved(save, sorted(shown), [], files)
        rebuild = bool(shown & {entry.path for entry in (*dataset.entries, *changed.entries)})
        follows = "the rest of the site follows" if rebuild else "only drafts changed"
        seconds = time.perf_counter() - started
        print(f"shown in {seconds:.2f} s: {len(pages)} record(s); {follows}", file=sys.stderr)
        return rebuild

    def _read_all(self, save: int, paths: set[Path]) -> bool:
        """Have the next build read and check the whole content (with ``rendering``
        held); say that one must follow."""
        with self.lock:
            self.dataset, self.applied = None, save
            self.unread |= paths
        return True

    def _show_drafts(self, dataset: Dataset) -> None:
        """Render every draft's pages for this preview only (with ``rendering`` held)."""
        assert self.renderer is not None
        pages = list(record_pages(list(dataset.drafts), dataset, None))
        self.state.show_drafts(self.renderer.render(pages, downloads=False) if pages else {})

    def _shown(self, paths: set[Path]) -> list[str]:
        """The paths as errors and entries name them: relative to the content's folder."""
        base = self.content.parent
        return sorted(
            (path.relative_to(base) if path.is_relative_to(base) else path).as_posix()
            for path in paths
        )


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
    saves: queue.Queue[set[Path]] = queue.Queue()
    watching, wanted = threading.Event(), threading.Event()

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
                saves.put({Path(path) for _, path in found})

    def builder() -> None:
        """Build the whole site again after saves, one build at a time."""
        while not stop.is_set():
            if not wanted.wait(timeout=0.2):
                continue
            wanted.clear()
            seconds, errors = preview.build()
            status = f"{len(errors)} error(s), last good site kept" if errors else "ok"
            print(f"rebuilt in {seconds:.2f} s: {status}", file=sys.stderr, flush=True)

    threading.Thread(target=watcher, daemon=True).start()
    watching.wait(timeout=10)  # the watcher is running before anything is built
    with serving(state, output, port) as server:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        preview = Preview(content, output, cache, address, state)
        seconds, _ = preview.build()
        print(f"built in {seconds:.2f} s", file=sys.stderr)
        print(f"serving {address}/", flush=True)
        building = threading.Thread(target=builder, daemon=True)
        building.start()
        try:
            while not stop.is_set():
                try:
                    paths = saves.get(timeout=0.2)
                except queue.Empty:
                    continue
                while not saves.empty():
                    paths |= saves.get_nowait()
                if preview.saved(paths):
                    wanted.set()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            building.join(timeout=120)  # a build under way may end; the next start cleans up
    print("stopped", file=sys.stderr)
