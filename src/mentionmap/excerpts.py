"""Excerpts and region tables as HTML: the pure part of the dashboard (no streamlit).

An :class:`Excerpt` is one sentence of one article with the mentions of one region in it;
spans are ``str`` offsets into the sentence. Every piece of untrusted text (article text,
titles, sources, region names) passes through ``html.escape``. :data:`EXCERPT_CSS` styles
the classes used here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

# CSS rules (no <style> tag) for the mm-* classes of the HTML built here.
EXCERPT_CSS = """.mm-ex { border-left: 3px solid #fd8d3c; padding: 4px 10px; margin: 0 0 12px 0; }
.mm-ex-text { line-height: 1.5; }
.mm-ex mark { background: #fed976; padding: 0 2px; border-radius: 2px; color: inherit; }
.mm-ex-meta { color: #52606d; font-size: 0.85em; margin-top: 2px; }
.mm-region-head { font-weight: 600; margin: 10px 0 6px 0; }
.mm-more { color: #52606d; font-size: 0.85em; margin-bottom: 12px; }
.mm-table-wrap { max-height: 200px; margin-top: 8px; overflow-y: auto; border: 1px solid #e4e7eb;
  border-radius: 6px; }
.mm-table { width: 100%; border-collapse: collapse; font-size: 0.9em; }
.mm-table th { position: sticky; top: 0; background: #f4f5f7; text-align: left;
  font-weight: 600; padding: 4px 8px; }
.mm-table td { padding: 3px 8px; border-top: 1px solid #eef0f2; }
.mm-table .mm-num { text-align: right; white-space: nowrap; }
.mm-iso { color: #7b8794; font-size: 0.85em; }
.mm-bar { display: inline-block; height: 9px; background: #fd8d3c; border-radius: 2px;
  margin-right: 6px; vertical-align: 0; }
"""


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """HTML of ``text`` with each (start, end) span (str offsets into ``text``) in <mark>.

    Every piece is passed through html.escape, so markup in ``text`` shows as text.
    Overlapping spans are merged.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f]+", re.IGNORECASE)


def _text(value: object) -> str:
    """A frame cell as text: '' for None/NaN."""
    return value if isinstance(value, str) else ""


def excerpt_html(
    excerpt: str,
    spans: Iterable[tuple[int, int]],
    title: str = "",
    source: str = "",
    published: str = "",
    url: str = "",
) -> str:
    """One excerpt block: the sentence with its mentions marked, then title (a link to
    ``url`` when it is http or https), source and date. Everything is escaped."""
    name = html.escape(title or "(untitled)")
    if url and _SAFE_URL.fullmatch(url):
        name = (
            f'<a href="{html.escape(url, quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{name}</a>'
        )
    meta = [name] + [html.escape(x) for x in (source, published) if x]
    return (
        f"<div class='mm-ex'><div class='mm-ex-text'>{highlight(excerpt, spans)}</div>"
        f"<div class='mm-ex-meta'>{' · '.join(meta)}</div></div>"
    )


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One sentence of one article with the mentions of one region in it, and the
    article's metadata as stored."""

    region: str
    doc: str  # the article's key in the frame (store id when present, else ``doc``)
    excerpt: str
    spans: tuple[tuple[int, int], ...]  # offsets into ``excerpt``
    title: str = ""
    source: str = ""
    published: str = ""
    url: str = ""


def excerpts_of(frame: pd.DataFrame, region: str | None = None, keyword: str = "") -> list[Excerpt]:
    """Unique (region, article, sentence) excerpts of a mentions frame, in frame order.

    ``frame`` is ``Store.mentions()`` output or a ``geocode.mentions_frame`` (then the
    metadata is empty). ``region`` keeps one region (iso); ``keyword`` keeps sentences
    containing it (case-insensitive). Spans are the region's mentions in the sentence.
    """
    if region:
        frame = frame[frame["region"] == region]
    key = "article_id" if "article_id" in frame.columns else "doc"
    meta = [c for c in ("title", "source", "published", "url") if c in frame.columns]
    needle = keyword.strip().casefold()
    grouped: dict[tuple[str, str, int], list] = {}
    for row in frame.itertuples(index=False):
        offset = int(row.excerpt_start)
        doc = str(getattr(row, key))
        entry = grouped.get((row.region, doc, offset))
        if entry is None:
            info = {c: _text(getattr(row, c)) for c in meta}
            entry = grouped[(row.region, doc, offset)] = [row.excerpt, set(), info]
        entry[1].add((int(row.start) - offset, int(row.end) - offset))
    out = []
    for (iso, doc, _start), (text, spans, info) in grouped.items():
        if needle and needle not in text.casefold():
            continue
        out.append(Excerpt(iso, doc, text, tuple(sorted(spans)), **info))
    return out


def region_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Regions with mentions, most mentioned first: Region, ISO, Mentions, Articles."""
    rows = summary[summary["mentions"] > 0].sort_values(
        ["mentions", "documents", "name_en"], ascending=[False, False, True]
    )
    return pd.DataFrame(
        {
            "Region": rows["name_en"].astype(str),
            "ISO": rows["iso"].astype(str),
            "Mentions": rows["mentions"].astype(int),
            "Articles": rows["documents"].astype(int),
        }
    ).reset_index(drop=True)


def region_table_html(table: pd.DataFrame) -> str:
    """Escaped HTML of :func:`region_table` with a bar per mention count."""
    top = max(int(table["Mentions"].max()), 1) if len(table) else 1
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(str(r.Region))} "
        f"<span class='mm-iso'>{html.escape(str(r.ISO))}</span></td>"
        f"<td class='mm-num'><span class='mm-bar' style='width:{round(60 * r.Mentions / top)}px'>"
        f"</span>{int(r.Mentions)}</td>"
        f"<td class='mm-num'>{int(r.Articles)}</td>"
        "</tr>"
        for r in table.itertuples(index=False)
    )
    return (
        "<div class='mm-table-wrap'><table class='mm-table'><thead><tr><th>Region</th>"
        "<th class='mm-num'>Mentions</th><th class='mm-num'>Articles</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def excerpt_blocks(items: Sequence[Excerpt]) -> str:
    """The HTML blocks of ``items`` (see :func:`excerpt_html`)."""
    return "".join(
        excerpt_html(x.excerpt, x.spans, x.title, x.source, x.published, x.url) for x in items
    )


def group_by_region(
    items: Iterable[Excerpt], region_name: Callable[[str], str]
) -> dict[str, list[Excerpt]]:
    """Excerpts per region (iso), the region with most excerpts first, ties by name."""
    by_region: dict[str, list[Excerpt]] = {}
    for item in items:
        by_region.setdefault(item.region, []).append(item)
    order = sorted(by_region, key=lambda iso: (-len(by_region[iso]), region_name(iso)))
    return {iso: by_region[iso] for iso in order}


def grouped_excerpts_html(
    groups: dict[str, list[Excerpt]],
    region_name: Callable[[str], str],
    per_region: int,
    totals: Mapping[str, int] | None = None,
) -> str:
    """HTML of :func:`group_by_region`'s groups: a heading per region (name, iso, count),
    its first ``per_region`` excerpts, and a note on how many more there are. ``totals``
    (mentions per region) replaces the group sizes when the groups were read with a limit."""
    parts = []
    for iso, group in groups.items():
        shown = group[:per_region]
        count = len(group) if totals is None else totals.get(iso, len(group))
        parts.append(
            f"<div class='mm-region-head'>{html.escape(region_name(iso))} "
            f"<span style='color:#52606d;font-weight:400'>({html.escape(iso)}, "
            f"{count})</span></div>"
        )
        parts.append(excerpt_blocks(shown))
        if totals is None and len(group) > len(shown):
            note = f"+ {len(group) - len(shown)} more"
        elif totals is not None and count > sum(len(x.spans) for x in shown):
            note = f"{count} mentions in all"
        else:
            continue
        parts.append(f"<div class='mm-more'>{note}: select the region to see more</div>")
    return "".join(parts)
