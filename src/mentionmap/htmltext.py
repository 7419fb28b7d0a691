"""HTML pages: their main text (trafilatura, else a plain tag-stripper) and metadata.

Pure: takes the page's markup as a string and returns a :class:`PageText`; building an
``Article`` from it is ``articles.load_html``'s job.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_DEBRIS_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "footer", "form")
_DEBRIS_XPATH = " | ".join(
    [f"//{tag}" for tag in (*_DEBRIS_TAGS, "iframe", "svg")]
    + ["//*[@role='navigation' or @role='banner' or @role='contentinfo']"]
    + ["//header[not(ancestor::article or ancestor::main)]"]
)
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass(frozen=True, slots=True)
class PageText:
    """The main text of a page (paragraphs separated by blank lines; "" when none was found)
    and what the page says about itself; each metadata field is None when unknown."""

    text: str
    title: str | None
    lang: str | None
    url: str | None
    published: str | None
    sitename: str | None


def _without_debris(html: str) -> object:
    """Parse ``html`` and drop scripts, styles and navigation debris; the raw string if the
    page does not parse. (trafilatura prunes these itself, except on very short pages.)"""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return html
    for element in tree.xpath(_DEBRIS_XPATH):
        element.drop_tree()
    return tree


class _TagStripper(HTMLParser):
    """Plain-text fallback for HTML: drops script/style/navigation, breaks lines at blocks."""

    SKIP = frozenset(_DEBRIS_TAGS) | {"header", "head"}
    BLOCK = frozenset(
        ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote")
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n\n".join(line for line in lines if line)


def extract_page_text(html: str) -> PageText:
    """Main text via trafilatura (paragraphs separated by blank lines) with its
    title/date/url/site name; a plain tag-stripper only when trafilatura finds nothing."""
    import trafilatura  # heavy import, only when HTML is read

    try:
        doc = trafilatura.bare_extraction(
            _without_debris(html), with_metadata=True, include_comments=False
        )
    except Exception:  # a parser failure on odd markup: fall back to the tag-stripper
        doc = None
    raw = (doc.text or "") if doc is not None else ""
    text = "\n\n".join(line.strip() for line in raw.splitlines() if line.strip())
    if not text:
        stripper = _TagStripper()
        stripper.feed(html)
        text = stripper.text()
    meta = doc.as_dict() if doc is not None else {}
    lang = meta.get("language") or (m.group(1).lower() if (m := _HTML_LANG.search(html)) else None)
    title = meta.get("title") or (
        " ".join(html_lib.unescape(m.group(1)).split()) if (m := _HTML_TITLE.search(html)) else None
    )
    return PageText(
        text=text,
        title=title,
        lang=lang,
        url=meta.get("url"),
        published=meta.get("date"),
        sitename=meta.get("sitename"),
    )
