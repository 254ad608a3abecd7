"""Every link, asset and feed works when the site is served at / or under a sub-path, as GitHub Pages does;
the 404 page works at whatever address failed."""

from __future__ import annotations

import functools
import json
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from sites import PROJECT, LinkParser, site_folder

from generator.build import build
from generator.cache import Cache
from generator.config import load_config

ATOM = "{http://www.w3.org/2005/Atom}"


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Serves the site under `prefix` only; any miss gets the site's 404.html with status 404, as on Pages."""

    prefix = "/"

    def do_GET(self):
        path = urlsplit(self.path).path
        root = Path(self.directory)
        rel = path[len(self.prefix):] if path.startswith(self.prefix) else None
        target = None if rel is None else root / rel
        if target is not None and target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        if target is None or not target.is_file():
            body = (root / "404.html").read_bytes()
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.path = "/" + rel
        super().do_GET()

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module", params=["/briefing-test/", "/"], ids=["sub-path", "root"])
def served(request, tmp_path_factory):
    """The bundled content, built with the base URL it is served at, served on 127.0.0.1 under that path."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}{request.param}"
    folder = tmp_path_factory.mktemp("served")
    config = load_config(site_folder(folder, PROJECT / "content"))
    config = config.with_overrides(site=replace(config.site, base_url=base_url))
    build(config, cache=Cache(None))
    handler = type("Handler", (PagesLikeHandler,), {"prefix": request.param})
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(config.output_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base_url
    server.shutdown()
    server.server_close()


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def _links(url: str, kind: str, body: bytes) -> tuple[list[str], set[str]]:
    """Absolute URLs of every link in a page or feed, and the page's ids."""
    if kind == "text/html":
        parser = LinkParser()
        parser.feed(body.decode("utf-8"))
        return [urljoin(url, link) for link in parser.links], parser.ids
    if body.lstrip().startswith(b"<?xml"):
        feed = ElementTree.fromstring(body)
        base = urljoin(url, feed.get("{http://www.w3.org/XML/1998/namespace}base", ""))
        return [urljoin(base, link.get("href")) for link in feed.iter(f"{ATOM}link")], set()
    return [], set()


def _crawl(start: str, base_url: str) -> dict[str, str]:
    """Follow every link that stays on this host from `start`; the broken ones, each with a page linking it."""
    host = urlsplit(base_url).netloc
    seen, broken, queue, ids = {start}, {}, [(start, "(start)")], {}
    pending_fragments = []
    while queue:
        url, linked_from = queue.pop()
        status, kind, body = _get(url)
        if status != 200 or not url.startswith(base_url):
            broken[url] = f"{status} from {linked_from}"
            continue
        links, ids[url] = _links(url, kind, body)
        for link in links:
            target, fragment = urldefrag(link)
            if urlsplit(target).netloc != host:
                continue  # the original articles on the outlets' sites
            if fragment:
                pending_fragments.append((target, fragment, url))
            if target not in seen:
                seen.add(target)
                queue.append((target, url))
    for target, fragment, source in pending_fragments:
        if target in ids and fragment not in ids[target]:
            broken[f"{target}#{fragment}"] = f"no such id, from {source}"
    assert len(seen) > 40, "the crawl should reach every page of the bundled site"
    return broken


def test_every_link_from_the_home_page_works(served):
    assert _crawl(served, served) == {}


def test_the_404_page_links_work_from_any_failing_address(served):
    for missing in ("no-such-page", "storylines/gone/", "a/b/c/d/"):
        url = served + missing
        status, kind, body = _get(url)
        assert status == 404 and b"Page not found" in body
        links, ids = _links(url, kind, body)
        internal = [urldefrag(link) for link in links if urlsplit(link).netloc == urlsplit(served).netloc]
        assert internal
        for target, fragment in internal:
            if target == url:  # a link within the 404 page itself (the skip link)
                assert fragment in ids
            else:
                assert _get(target)[0] == 200, f"{target} on the 404 page at {url}"


def test_the_json_export_urls_lead_to_pages(served):
    for name in ("articles", "storylines", "countries"):
        for record in json.loads(_get(served + f"api/{name}.json")[2]):
            assert _get(served + record["url"])[0] == 200, record["url"]


def test_a_sitemap_if_the_site_has_one_lists_only_working_urls_under_the_base(served):
    status, _, body = _get(served + "sitemap.xml")
    if status == 404:
        pytest.skip("this site has no sitemap.xml")
    locations = [loc.text.strip() for loc in ElementTree.fromstring(body).iter() if loc.tag.endswith("loc")]
    assert locations
    for location in locations:
        assert location.startswith(served) and _get(location)[0] == 200, location
