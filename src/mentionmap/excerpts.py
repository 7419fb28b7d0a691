"""Excerpts and region tables as HTML: the pure part of the dashboard (no streamlit).

An :class:`Excerpt` is one sentence of one article with the mentions of one region in it;
spans are ``str`` offsets into the sentence. Every piece of untrusted text (article text,
titles, sources, region names) passes through ``html.escape``. :data:`EXCERPT_CSS` styles
the classes used here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from mentionmap.articles import Article

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


def excerpt_html(excerpt: str, spans: Iterable[tuple[int, int]], article: Article) -> str:
    """One excerpt block: the sentence with its mentions marked, then title, source, date."""
    meta = [html.escape(article.title or "(untitled)")]
    if article.source:
        meta.append(html.escape(article.source))
    if article.published:
        meta.append(html.escape(article.published))
    return (
        f"<div class='mm-ex'><div class='mm-ex-text'>{highlight(excerpt, spans)}</div>"
        f"<div class='mm-ex-meta'>{' · '.join(meta)}</div></div>"
    )


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One sentence of one article with the mentions of one region in it."""

    region: str
    doc: str
    excerpt: str
    spans: tuple[tuple[int, int], ...]  # offsets into ``excerpt``


def excerpts_of(frame: pd.DataFrame, region: str | None = None, keyword: str = "") -> list[Excerpt]:
    """Unique (region, article, sentence) excerpts of a mentions_frame, in corpus order.

    ``region`` keeps one region (iso); ``keyword`` keeps sentences containing it
    (case-insensitive). Spans are the region's mentions in the sentence.
    """
    if region:
        frame = frame[frame["region"] == region]
    needle = keyword.strip().casefold()
    grouped: dict[tuple[str, str, int], list] = {}
    for row in frame.itertuples(index=False):
        key = (row.region, row.doc, int(row.excerpt_start))
        entry = grouped.setdefault(key, [row.excerpt, set()])
        offset = int(row.excerpt_start)
        entry[1].add((int(row.start) - offset, int(row.end) - offset))
    out = []
    for (iso, doc, _start), (text, spans) in grouped.items():
        if needle and needle not in text.casefold():
            continue
        out.append(Excerpt(iso, doc, text, tuple(sorted(spans))))
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


def excerpt_blocks(items: Sequence[Excerpt], corpus: dict[str, Article]) -> str:
    """The HTML blocks of ``items`` (see :func:`excerpt_html`); ``corpus`` maps doc to article."""
    return "".join(excerpt_html(x.excerpt, x.spans, corpus[x.doc]) for x in items)


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
    corpus: dict[str, Article],
    region_name: Callable[[str], str],
    per_region: int,
) -> str:
    """HTML of :func:`group_by_region`'s groups: a heading per region (name, iso, count),
    its first ``per_region`` excerpts, and a note on how many more there are."""
    parts = []
    for iso, group in groups.items():
        parts.append(
            f"<div class='mm-region-head'>{html.escape(region_name(iso))} "
            f"<span style='color:#52606d;font-weight:400'>({html.escape(iso)}, "
            f"{len(group)})</span></div>"
        )
        parts.append(excerpt_blocks(group[:per_region], corpus))
        if len(group) > per_region:
            parts.append(
                f"<div class='mm-more'>+ {len(group) - per_region} more: "
                "select the region to see all</div>"
            )
    return "".join(parts)
