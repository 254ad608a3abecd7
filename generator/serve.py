"""Preview the built site on 127.0.0.1 only."""

from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.errors import BriefingError


def serve(output_dir: Path, port: int) -> None:
    if not (output_dir / "index.html").exists():
        raise BriefingError(f"{output_dir} holds no built site; run 'briefing build' first")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(output_dir))
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {output_dir} at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        server.serve_forever()
