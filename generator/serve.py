"""Preview the site on 127.0.0.1: rebuild when content, templates or config change, and reload the open page.

Changes are noticed as they happen (inotify on Linux, through watchfiles), not by listing every file again and
again: at 5,000 articles each look took 45 ms, and it grows with the site.
The reload script is added to HTML responses by this server only, never written into the built site.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchfiles import Change, DefaultFilter, watch

from generator.build import build, default_cache
from generator.cache import FileIdentity, KeptFiles, file_identity
from generator.config import Config
from generator.errors import BriefingError, ContentError
from generator.executor import make_executor
from generator.storylines import REGISTRY_FILE

VERSION_PATH = "/__briefing__/version"
RELOAD_SCRIPT = """<script>/* briefing serve: reload this page when the site is rebuilt */
(function () {
  var built = "%s";
  setInterval(function () {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (now) { if (now !== built) { location.reload(); } }, function () {});
  }, 700);
})();
</script>
"""


class Preview:
    """The preview's state: which build is current, rebuilt whenever the watched files change."""

    def __init__(self, load_config: Callable[[], Config], config_file: Path, log: Callable[[str], None]):
        self.load_config = load_config
        self.config_file = config_file.resolve()  # as the watcher names it
        self.log = log
        self.version = 0
        self.config = load_config()
        self._kept = KeptFiles()  # the cache's files stay decoded between rebuilds
        self._registry_written: FileIdentity | None = None  # the id registry as the last build left it

    def rebuild(self) -> bool:
        """Build again; a failed build keeps the last site."""
        started = time.perf_counter()
        executor = make_executor()  # this machine's cores, as `briefing build`: workers start only if needed
        try:
            self.config = self.load_config()
            cache = default_cache(self.config, self._kept)
            report = build(self.config, cache=cache, executor=executor, save_cache=False)
        except ContentError as exc:
            self.log("\n".join(str(p) for p in exc.problems))
            self.log("build failed; still showing the previous build")
            return False
        except BriefingError as exc:
            self.log(f"error: {exc}; still showing the previous build")
            return False
        finally:
            executor.close()
            self._registry_written = _identity(self._registry())
        self.version += 1  # the open page reloads now, while the cache is saved for the next build
        self.log(f"built {report.pages} files in {time.perf_counter() - started:.2f}s; {report.accounting_line()}")
        cache.save()
        return True

    def places(self) -> tuple[Path, ...]:
        """What is watched: the config file, the content and the templates."""
        return (self.config_file, self.config.content_dir, self.config.templates_dir)

    def is_edit(self, change: Change, path: str) -> bool:
        """Whether a change is someone's edit: not an editor's swap or backup file, and not the id registry
        as the last build wrote it (a build records new storylines there; building again for that would
        only give the same site)."""
        if not _EDITORS_FILES(change, path):
            return False
        return Path(path).resolve() != self._registry() or _identity(self._registry()) != self._registry_written

    def _registry(self) -> Path:
        return (self.config.content_dir / REGISTRY_FILE).resolve()


_EDITORS_FILES = DefaultFilter()  # swap files, backups, version-control folders are not edits


def _identity(path: Path) -> FileIdentity | None:
    try:
        return file_identity(os.stat(path))
    except OSError:
        return None


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview folder; adds the reload script to HTML; answers misses with the site's 404 page."""

    preview: Preview

    def __init__(self, *args, **kwargs) -> None:
        # The preview folder is replaced by each rebuild (and may move with the config): look it up per request.
        super().__init__(*args, directory=str(self.preview.config.output_dir), **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == VERSION_PATH:
            self._send(HTTPStatus.OK, str(self.preview.version).encode(), "text/plain; charset=utf-8")
            return
        output = self.preview.config.output_dir
        target = Path(self.translate_path(self.path))
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._send_html(HTTPStatus.OK, target.read_bytes())
        elif not target.exists() and (output / "404.html").is_file():
            self._send_html(HTTPStatus.NOT_FOUND, (output / "404.html").read_bytes())
        else:
            super().do_GET()

    def _send_html(self, status: HTTPStatus, html: bytes) -> None:
        script = (RELOAD_SCRIPT % (self.preview.version, VERSION_PATH)).encode()
        body = html.replace(b"</body>", script + b"</body>", 1) if b"</body>" in html else html + script
        self._send(status, body, "text/html; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass  # one line per request would bury the rebuild messages


def serve(load_config: Callable[[], Config], port: int, config_file: Path) -> None:
    """Build, serve on 127.0.0.1:`port`, and rebuild on every change to content, templates or `config_file`."""
    preview = Preview(load_config, config_file, log=functools.partial(print, flush=True))
    preview.rebuild()
    if not (preview.config.output_dir / "index.html").exists():
        raise BriefingError("the first build failed; fix the problems above and run 'briefing serve' again")
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise BriefingError(f"cannot serve on 127.0.0.1:{port} ({exc.strerror}); try another --port") from None
    with server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"previewing {preview.config.content_dir} at http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        try:
            while True:
                _rebuild_on_changes(preview)
        finally:
            server.shutdown()


def _rebuild_on_changes(preview: Preview) -> None:
    """Rebuild after each batch of edits. The watch starts again once a watched place itself changed, or the
    config names other places: a watch follows a file or folder, not its name, so a config file saved by
    replacing it, or a content folder deleted and made again, would be watched no more. A place that is
    missing (no config file, say) is looked for every second, and its coming back is an edit."""
    places = preview.places()
    present = tuple(place for place in places if place.exists())
    if not present:
        time.sleep(LOOK_AGAIN_MS / 1000)
        return
    missing = len(present) < len(places)
    timeout = LOOK_AGAIN_MS if missing else WATCH_TIMEOUT_MS
    edits = watch(*present, watch_filter=preview.is_edit, debounce=WAIT_FOR_MORE_MS, step=QUIET_MS, rust_timeout=timeout, yield_on_timeout=missing)
    for changes in edits:
        back = missing and any(place.exists() for place in places if place not in present)
        if changes or back:
            preview.rebuild()
        if back or preview.places() != places or any(Path(path) in present for _, path in changes):
            return


QUIET_MS = 50  # a batch of edits ends when nothing changed for this long (a save writes, then renames) ...
WAIT_FOR_MORE_MS = 1600  # ... or after this long, while edits keep coming (a git checkout of many files)
LOOK_AGAIN_MS = 1000  # how often a missing place is looked for
WATCH_TIMEOUT_MS = 5000  # how long the watcher waits for the kernel before waiting again (watchfiles' default)
