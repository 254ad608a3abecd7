"""Preview the site on 127.0.0.1: rebuild when content, templates or config change, and reload the open page.

The reload script is added to HTML responses by this server only, never written into the built site.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.build import build, default_cache
from generator.cache import KeptFiles
from generator.config import Config
from generator.errors import BriefingError, ContentError

VERSION_PATH = "/__briefing__/version"
POLL_SECONDS = 0.5
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
        self.config_file = config_file
        self.log = log
        self.version = 0
        self.config = load_config()
        self._seen = ""
        self._kept = KeptFiles()  # the cache's files stay decoded between rebuilds

    def rebuild_if_changed(self) -> bool:
        """Rebuild when a watched file changed since the last look; a failed build keeps the last site."""
        snapshot = self._snapshot()
        if snapshot == self._seen:
            return False
        self._seen = snapshot
        started = time.perf_counter()
        try:
            self.config = self.load_config()
            report = build(self.config, cache=default_cache(self.config, self._kept))
        except ContentError as exc:
            self.log("\n".join(str(p) for p in exc.problems))
            self.log("build failed; still showing the previous build")
            return False
        except BriefingError as exc:
            self.log(f"error: {exc}; still showing the previous build")
            return False
        self.version += 1
        self.log(f"built {report.pages} files in {time.perf_counter() - started:.2f}s; {report.accounting_line()}")
        return True

    def _snapshot(self) -> str:
        """Names, sizes and change times of every watched file: enough to notice an edit, cheap to take."""
        config = self.config
        watched = [self.config_file, config.content_dir, config.templates_dir]
        digest = hashlib.blake2b(digest_size=16)
        for place in watched:
            files = sorted(place.rglob("*")) if place.is_dir() else [place]
            for path in files:
                try:
                    stat = path.stat()
                except OSError:
                    continue
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        return digest.hexdigest()


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
    preview.rebuild_if_changed()
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
                time.sleep(POLL_SECONDS)
                preview.rebuild_if_changed()
        finally:
            server.shutdown()
