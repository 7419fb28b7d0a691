"""Feeds and web pages: fetch a URL politely, parse RSS/Atom, turn a page into an Article.

Network rules: every request has a timeout, a size cap and the user agent
:data:`USER_AGENT`; only ``http``/``https`` URLs are fetched, and only at the addresses
a :class:`~mentionmap.fetchpolicy.FetchPolicy` allows (public ones by default; checked
for every redirect hop and at connect time). Each failure raises :class:`SourceError`
with one clear message; callers report it and carry on.
"""

from __future__ import annotations

import io
import os
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from mentionmap import __version__
from mentionmap.articles import Article, ArticleError, article_from_text, decode_bytes, load_html
from mentionmap.fetchpolicy import PUBLIC_ONLY, AddressRefused, FetchPolicy, opener

# A hosted instance can add its contact URL: MENTIONMAP_USER_AGENT="mentionmap/0.1 (+https://...)"
USER_AGENT = os.environ.get(
    "MENTIONMAP_USER_AGENT", f"mentionmap/{__version__} (news region-mention mapper; Python urllib)"
)
TIMEOUT_S = 20.0  # seconds, per connect and per read
MAX_BYTES = 10 * 1024 * 1024  # largest response body accepted (bytes)
FEED_SUFFIXES = (".rss", ".atom", ".xml")
_FEED_TYPES = ("rss", "atom", "xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)


class SourceError(Exception):
    """A feed, URL or file that could not be read; ``str()`` is the message for the user."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body. ``url`` is the final URL after redirects."""

    url: str
    data: bytes
    content_type: str  # media type without parameters, lower case, "" if absent
    charset: str | None


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed. ``text`` is the entry's own content or summary as plain text
    ("" if none); ``published`` an ISO date; ``lang`` an ISO 639-1 code or None."""

    url: str | None
    title: str
    published: str | None
    lang: str | None
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    entries: list[FeedEntry] = field(default_factory=list)


def is_url(source: str) -> bool:
    """True for an ``http://`` or ``https://`` URL."""
    return urlsplit(source).scheme.lower() in ("http", "https")


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT_S,
    max_bytes: int = MAX_BYTES,
    policy: FetchPolicy = PUBLIC_ONLY,
) -> Fetched:
    """GET ``url`` (timeout in seconds, body capped at ``max_bytes``), reaching only the
    addresses ``policy`` allows (public ones by default: pass
    :data:`~mentionmap.fetchpolicy.ANY_ADDRESS` for private ones); raises SourceError."""
    try:
        policy.check_url(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        with opener(policy).open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise SourceError(f"{url}: response of {int(length)} bytes exceeds {max_bytes}")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise SourceError(f"{url}: response exceeds the {max_bytes}-byte limit")
            media = (response.headers.get_content_type() or "").lower()
            charset = response.headers.get_content_charset()
            return Fetched(response.geturl(), data, media, charset)
    except AddressRefused as exc:
        raise SourceError(f"{url}: refused: {exc}") from None
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise SourceError(f"{url}: timed out after {timeout:g} s") from None
        raise SourceError(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:
        raise SourceError(f"{url}: timed out after {timeout:g} s") from None
    except (OSError, ValueError) as exc:
        raise SourceError(f"{url}: {exc}") from None


def looks_like_feed(data: bytes, content_type: str = "", name: str = "") -> bool:
    """Guess whether a body is RSS/Atom: a feed media type, or an XML document whose
    root element is ``rss``, ``feed`` or ``rdf:RDF`` (checked in the first 2 KB)."""
    if any(t in content_type for t in ("rss", "atom")):
        return True
    if "html" in content_type:
        return False
    head = data[:2048].lstrip()
    if head.startswith((b"<!DOCTYPE html", b"<!doctype html", b"<html")):
        return False
    if _FEED_ROOT.search(head):
        return True
    return PurePosixPath(name).suffix.lower() in (".rss", ".atom")


def _plain(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by blank lines."""
    import lxml.html

    if not html.strip():
        return ""
    if "<" not in html:
        return " ".join(html.split())
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on odd fragments
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())
    blocks = [" ".join(p.text_content().split()) for p in root.iter("p", "li", "h1", "h2", "h3")]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _lang(code: object) -> str | None:
    """ISO 639-1 part of a language tag ("en-US" -> "en"), or None."""
    if not isinstance(code, str):
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if 2 <= len(base) <= 3 and base.isalpha() else None


def _entry_date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*parsed[:6], tzinfo=UTC).date().isoformat()
    return None


def parse_feed(data: bytes, name: str) -> Feed:
    """Parse RSS or Atom bytes (never fetches anything); raises SourceError if the bytes
    are not a feed. Entries keep feed order."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise SourceError(f"{name}: malformed feed ({problem})")
    meta = parsed.feed
    title = " ".join(str(meta.get("title") or "").split())
    host = urlsplit(str(meta.get("link") or "")).hostname
    source = title or host or name
    feed_lang = _lang(meta.get("language"))
    entries = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body = max((c.get("value", "") for c in content), key=len, default="")
        text = _plain(body or entry.get("summary") or "")
        link = str(entry.get("link") or "")
        detail_lang = _lang((entry.get("title_detail") or {}).get("language"))
        entries.append(
            FeedEntry(
                url=link if is_url(link) else None,  # Atom ids such as urn:uuid are not links
                title=" ".join(str(entry.get("title") or "").split()),
                published=_entry_date(entry),
                lang=detail_lang or feed_lang,
                source=source,
                text=text,
            )
        )
    return Feed(title=source, entries=entries)


def article_from_page(page: Fetched, hint: FeedEntry | None = None) -> Article:
    """Main text and metadata of an HTML page (trafilatura via ``articles.load_html``).
    Metadata from ``hint`` (the feed entry that linked here) wins over the page's."""
    try:
        html = decode_bytes(page.data, page.url, declared=page.charset)
    except ArticleError as exc:
        raise SourceError(f"{page.url}: {exc.message}") from None
    result = load_html(html, page.url)
    if not result.articles:
        reason = result.errors[0].message if result.errors else "no text found"
        raise SourceError(f"{page.url}: {reason}")
    found = result.articles[0]
    host = urlsplit(page.url).hostname or page.url
    source = hint.source if hint else found.source
    if not source or source == PurePosixPath(urlsplit(page.url).path).name:
        source = host
    return Article(
        id=page.url,
        title=(hint.title if hint and hint.title else found.title),
        source=source,
        url=page.url,
        published=(hint.published if hint and hint.published else found.published),
        lang=(hint.lang if hint and hint.lang else _lang(found.lang)),
        text=found.text,
    )


def article_from_entry(entry: FeedEntry, name: str) -> Article:
    """An article from a feed entry's own content (for entries without a link)."""
    if not entry.text.strip():
        raise SourceError(f"{name}, entry {entry.title!r}: has no link and no content")
    return article_from_text(
        entry.text,
        entry.title or None,
        id=entry.url or f"{name}#{entry.title}",
        source=entry.source,
        url=entry.url,
        published=entry.published,
        lang=entry.lang,
    )
