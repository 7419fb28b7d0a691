"""Tests for mentionmap.feeds: fetching (local HTTP server on 127.0.0.1 only, reached
under a policy that allows private addresses), RSS/Atom parsing, and pages turned into
articles. The address policy itself is tested in test_fetchpolicy.py."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from mentionmap import feeds
from mentionmap.fetchpolicy import ANY_ADDRESS

DATA = Path(__file__).parent / "data" / "ingest"


class LocalSite:
    """A tiny website on 127.0.0.1 serving the ingest fixtures, plus failure routes:
    ``/news/gone.html`` (404), ``/news/slow.html`` (answers after 3 s),
    ``/news/huge.html`` (300 KB with Content-Length), ``/news/endless.html`` (300 KB
    without Content-Length), ``/broken.rss`` (not a feed, served as RSS),
    ``/redirect?to=URL`` (302 to the percent-encoded URL)."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                # the client may give up (timeout or size cap): expected here
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer()

            def _answer(self) -> None:
                site.hits[self.path] += 1
                site.agents.append(self.headers.get("User-Agent", ""))
                if self.path == "/news/slow.html":
                    time.sleep(3)
                if self.path.startswith("/redirect?to="):
                    self.send_response(302)
                    self.send_header("Location", unquote(self.path.split("=", 1)[1]))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path == "/news/endless.html":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<p>" + b"x" * 300_000 + b"</p>")
                    self.close_connection = True
                    return
                status, ctype, body = site.routes.get(self.path, (404, "text/plain", b"nope"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        feed = (DATA / "feed.rss.tmpl").read_text(encoding="utf-8").replace("{base}", self.base)
        html = "text/html; charset=utf-8"
        self.routes.update(
            {
                "/feed.rss": (200, "application/rss+xml", feed.encode()),
                "/broken.rss": (200, "application/rss+xml", b"this is not xml at all {"),
                "/news/kherson.html": (200, html, (DATA / "kherson.html").read_bytes()),
                "/news/odesa.html": (200, html, (DATA / "odesa.html").read_bytes()),
                "/news/slow.html": (200, html, (DATA / "kherson.html").read_bytes()),
                "/news/huge.html": (200, html, b"<p>" + b"y" * 300_000 + b"</p>"),
            }
        )
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = LocalSite()
    yield s
    s.close()


def test_fetch_sends_user_agent_and_returns_body(site: LocalSite) -> None:
    page = feeds.fetch(site.url("/news/kherson.html"), policy=ANY_ADDRESS)
    assert page.data == (DATA / "kherson.html").read_bytes()
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert site.agents == [feeds.USER_AGENT]
    assert feeds.USER_AGENT.startswith("mentionmap/")


def test_fetch_404_is_one_clear_error(site: LocalSite) -> None:
    with pytest.raises(feeds.SourceError, match=r"gone\.html: HTTP 404"):
        feeds.fetch(site.url("/news/gone.html"), policy=ANY_ADDRESS)


def test_fetch_timeout(site: LocalSite) -> None:
    with pytest.raises(feeds.SourceError, match=r"timed out after 0\.5 s"):
        feeds.fetch(site.url("/news/slow.html"), policy=ANY_ADDRESS, timeout=0.5)


@pytest.mark.parametrize("path", ["/news/huge.html", "/news/endless.html"])
def test_fetch_size_cap(site: LocalSite, path: str) -> None:
    with pytest.raises(feeds.SourceError, match="exceeds"):
        feeds.fetch(site.url(path), policy=ANY_ADDRESS, max_bytes=100_000)
    assert len(feeds.fetch(site.url(path), policy=ANY_ADDRESS, max_bytes=400_000).data) > 300_000


def test_fetch_refuses_other_schemes_even_where_private_addresses_are_allowed() -> None:
    with pytest.raises(feeds.SourceError, match="not an http"):
        feeds.fetch("file:///etc/passwd", policy=ANY_ADDRESS)


def test_fetch_follows_redirects_and_reports_the_final_url(site: LocalSite) -> None:
    target = site.url("/news/kherson.html")
    page = feeds.fetch(site.url("/redirect?to=" + quote(target, safe="")), policy=ANY_ADDRESS)
    assert page.url == target
    assert page.data == (DATA / "kherson.html").read_bytes()


def test_fetch_connection_refused() -> None:
    with pytest.raises(feeds.SourceError, match="cannot connect"):
        feeds.fetch("http://127.0.0.1:9/nothing", policy=ANY_ADDRESS, timeout=2)


def test_parse_rss_metadata() -> None:
    data = (DATA / "feed.rss.tmpl").read_text().replace("{base}", "http://127.0.0.1:1").encode()
    feed = feeds.parse_feed(data, "feed.rss")
    assert feed.title == "Test Wire"
    assert len(feed.entries) == 5
    first = feed.entries[0]
    assert first.url == "http://127.0.0.1:1/news/kherson.html"
    assert first.title == "Grid repairs in Kherson"
    assert first.published == "2022-10-03"
    assert first.lang == "en"
    assert first.source == "Test Wire"


def test_parse_atom_content_as_plain_text() -> None:
    feed = feeds.parse_feed((DATA / "bulletin.atom").read_bytes(), "bulletin.atom")
    entry = feed.entries[0]
    assert entry.url is None
    assert entry.lang == "ru"
    assert entry.published == "2022-10-05"
    assert entry.text.startswith("Рабочие в Херсоне")
    assert "<p>" not in entry.text and "\n\n" in entry.text
    assert feed.entries[1].text == ""


def test_malformed_feed_raises() -> None:
    with pytest.raises(feeds.SourceError, match="malformed feed"):
        feeds.parse_feed(b"this is not xml at all {", "broken.rss")


def test_looks_like_feed() -> None:
    rss = (DATA / "feed.rss.tmpl").read_bytes()
    assert feeds.looks_like_feed(rss)
    assert feeds.looks_like_feed((DATA / "bulletin.atom").read_bytes())
    assert not feeds.looks_like_feed((DATA / "kherson.html").read_bytes())
    assert feeds.looks_like_feed(b"junk", "application/atom+xml")
    assert not feeds.looks_like_feed(rss, "text/html")


def test_article_from_page_takes_main_text_and_page_metadata(site: LocalSite) -> None:
    article = feeds.article_from_page(
        feeds.fetch(site.url("/news/kherson.html"), policy=ANY_ADDRESS)
    )
    assert article.url == article.id == site.url("/news/kherson.html")
    assert "repairs to the power grid" in article.text
    assert "tracker" not in article.text and "Follow us" not in article.text
    assert article.lang == "en"
    assert "Grid repairs in Kherson" in article.title
    assert article.source == "127.0.0.1"


def test_article_from_page_prefers_feed_metadata(site: LocalSite) -> None:
    data = (DATA / "feed.rss.tmpl").read_text().replace("{base}", site.base).encode()
    entry = feeds.parse_feed(data, "feed").entries[1]
    article = feeds.article_from_page(feeds.fetch(entry.url, policy=ANY_ADDRESS), entry)
    assert article.title == "Ports reopen near Odesa"
    assert article.published == "2022-10-11"
    assert article.source == "Test Wire"
    assert article.lang == "en"  # the feed declares en-gb, and metadata beats detection
    assert "Одеської області" in article.text


def test_article_from_entry_needs_content() -> None:
    feed = feeds.parse_feed((DATA / "bulletin.atom").read_bytes(), "bulletin.atom")
    article = feeds.article_from_entry(feed.entries[0], "bulletin.atom")
    assert article.title == "Ремонт в Херсоне"
    assert article.source == "Бюллетень"
    with pytest.raises(feeds.SourceError, match="no link and no content"):
        feeds.article_from_entry(feed.entries[1], "bulletin.atom")


def test_parse_feed_does_not_resolve_external_entities(site: LocalSite, tmp_path: Path) -> None:
    """An uploaded feed cannot make the server fetch a URL or read a file through an
    XML external entity (feedparser turns them off)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY web SYSTEM "{site.url("/news/kherson.html")}">
  <!ENTITY file SYSTEM "{secret.as_uri()}">
]>
<rss version="2.0"><channel><title>X</title>
<item><title>Leak</title><description>a &web; b &file; c</description></item>
</channel></rss>""".encode()
    feed = feeds.parse_feed(data, "upload.rss")
    texts = " ".join(e.title + " " + e.text for e in feed.entries)
    assert "TOP-SECRET-LINE" not in texts and "Kherson" not in texts
    assert not site.hits
