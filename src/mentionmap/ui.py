"""Streamlit layer of the dashboard: corpus state, cached loaders, widgets, excerpt HTML.

The only package module that imports streamlit. Caches are keyed on paths, ids and
content hashes (never on a GeoDataFrame). Untrusted text (article text, titles,
sources, file names) is escaped wherever it becomes HTML or markdown.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mentionmap import articles, geocode, mapview, mentions
from mentionmap.articles import Article
from mentionmap.datafiles import SAMPLE_ARTICLE

UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "csv"]
ALL_REGIONS = ""  # selectbox value meaning "no region selected"
MAP_HEIGHT = 500  # px
EXCERPTS_HEIGHT = 640  # px, scrollable excerpt list beside the map and table
EXCERPTS_PER_REGION = 20  # in the grouped (no selection) view
EXCERPTS_MAX = 300  # in one region's view
ARTICLES_LISTED = 60  # include/exclude checkboxes shown in the sidebar

# session_state keys
K_ARTICLES = "mm_articles"  # dict[article key, Article], in load order
K_SEEN_UPLOADS = "mm_seen_uploads"  # set of processed uploader file ids
K_UPLOAD_ERRORS = "mm_upload_errors"  # dict[file id, list[str]]
K_NOTICES = "mm_notices"  # one-shot messages for the next run
K_REGION = "mm_region"  # selectbox: iso or ALL_REGIONS
K_KEYWORD = "mm_keyword"
K_TILES = "mm_tiles"
K_UPLOADER = "mm_uploader"
K_MAP = "mm_map"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")

PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }
.mm-ex { border-left: 3px solid #fd8d3c; padding: 4px 10px; margin: 0 0 12px 0; }
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
</style>
"""


# ------------------------------------------------------------------ pure helpers


def md_escape(text: str) -> str:
    """Escape ``text`` for Streamlit markdown (widget labels, alerts): it shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def article_key(article: Article) -> str:
    """Content hash of an article (title, source, date and text): its identity in the corpus."""
    digest = hashlib.sha256()
    for part in (article.title, article.source, article.published or "", article.text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def corpus_key(keys: Iterable[str]) -> str:
    """Hash of a set of article keys (order-free): the cache key of everything derived."""
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


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


# ------------------------------------------------------------------ cached loaders


@st.cache_resource(show_spinner=False)
def display_regions() -> gpd.GeoDataFrame:
    """The 27 regions with display-simplified geometry (EPSG:4326). Shared: do not mutate."""
    return mapview.display_geometry(geocode.load_regions())


@st.cache_resource(show_spinner=False)
def neighbours() -> gpd.GeoDataFrame:
    """Neighbouring countries (and Ukraine's outline, under the regions): offline background."""
    return geocode.load_neighbours()


@st.cache_data(show_spinner=False, max_entries=5000)
def mentions_of(key: str, _text: str, lang: str | None) -> list[mentions.Mention]:
    """Mentions in one article; cached on its content hash ``key`` (text not hashed again)."""
    return mentions.extract_mentions(_text, lang=lang)


@st.cache_data(show_spinner=False, max_entries=64)
def _mentions_table(ckey: str, _corpus: dict[str, Article]) -> pd.DataFrame:
    records = (
        (key, m) for key, art in _corpus.items() for m in mentions_of(key, art.text, art.lang)
    )
    return geocode.mentions_frame(records)


@st.cache_data(show_spinner=False, max_entries=64)
def _summary_table(ckey: str, _frame: pd.DataFrame) -> pd.DataFrame:
    summary = geocode.region_summary(_frame, regions=display_regions())
    return pd.DataFrame(summary.drop(columns="geometry"))


@st.cache_data(show_spinner=False, max_entries=4)
def _base_map(tiles: bool) -> folium.Map:
    return mapview.build_base_map(None if tiles else neighbours(), tiles=tiles, height=MAP_HEIGHT)


@st.cache_data(show_spinner=False, max_entries=16)
def _overlay(ckey: str, _frame: pd.DataFrame) -> folium.FeatureGroup:
    regions = geocode.region_summary(_frame, regions=display_regions())
    return mapview.build_overlay(regions, geocode.place_summary(_frame))


@dataclass(frozen=True)
class Analysis:
    """Everything the page shows for the included articles."""

    key: str  # corpus_key of the included articles
    corpus: dict[str, Article]  # included articles by key
    mentions: pd.DataFrame  # geocode.mentions_frame, ``doc`` = article key
    summary: pd.DataFrame  # geocode.region_summary without geometry, all 27 regions

    def region_name(self, iso: str) -> str:
        match = self.summary.loc[self.summary["iso"] == iso, "name_en"]
        return str(match.iloc[0]) if len(match) else iso


def analyse(corpus: dict[str, Article]) -> Analysis:
    """Mentions and per-region counts of ``corpus`` (cached on its content key)."""
    ckey = corpus_key(corpus)
    with st.spinner("Reading the articles (the first run also loads the gazetteer)…"):
        frame = _mentions_table(ckey, corpus)
    return Analysis(ckey, corpus, frame, _summary_table(ckey, frame))


# ------------------------------------------------------------------ corpus state


def _corpus() -> dict[str, Article]:
    return st.session_state[K_ARTICLES]


def add_articles(new: Iterable[Article]) -> int:
    """Add articles to the session corpus (duplicates by content skipped); return how many."""
    corpus, added = _corpus(), 0
    for article in new:
        key = article_key(article)
        if key not in corpus:
            corpus[key] = article
            added += 1
    return added


def add_upload(name: str, data: bytes) -> list[str]:
    """Load one uploaded file into the corpus; return its error messages (file and line named).

    Good records of a partly bad file are kept; nothing already loaded is touched.
    """
    result = articles.load_bytes(data, name)
    errors = [str(e) for e in result.errors]
    if not result.articles and not errors:
        errors.append(f"{name}: no article text found")
    if result.articles:
        added = add_articles(result.articles)
        if added < len(result.articles):
            st.session_state[K_NOTICES].append(
                f"{name}: {len(result.articles) - added} article(s) already loaded, skipped"
            )
    return errors


def init_state() -> None:
    """First run of a session: the bundled sample article is the corpus."""
    if K_ARTICLES not in st.session_state:
        st.session_state[K_ARTICLES] = {}
        add_articles(articles.load_path(SAMPLE_ARTICLE).articles)
    st.session_state.setdefault(K_SEEN_UPLOADS, set())
    st.session_state.setdefault(K_UPLOAD_ERRORS, {})
    st.session_state.setdefault(K_NOTICES, [])
    st.session_state.setdefault(K_REGION, ALL_REGIONS)


def _include_key(key: str) -> str:
    return f"mm_inc_{key}"


def loaded_corpus() -> dict[str, Article]:
    """Every loaded article (included or not), in load order."""
    return dict(_corpus())


def included_corpus() -> dict[str, Article]:
    """The loaded articles whose include checkbox is on (all, before the first render)."""
    return {
        key: art for key, art in _corpus().items() if st.session_state.get(_include_key(key), True)
    }


# ------------------------------------------------------------------ widgets


def page_style() -> None:
    """Inject the page CSS (excerpt blocks, highlights)."""
    st.html(PAGE_CSS)


def _paste_submitted() -> None:
    text = st.session_state.get("mm_paste_text", "")
    title = st.session_state.get("mm_paste_title", "").strip()
    if not text.strip():
        st.session_state[K_NOTICES].append("Nothing to add: the text box is empty.")
        return
    n = sum(1 for a in _corpus().values() if a.source == "pasted text") + 1
    article = articles.article_from_text(text, title or None, id=f"pasted-{n}")
    if add_articles([article]) == 0:
        st.session_state[K_NOTICES].append("That text is already loaded.")


def paste_form() -> None:
    """Sidebar form: paste text (and an optional title) as a new article."""
    with st.form("mm_paste", clear_on_submit=True, border=False):
        st.text_area(
            "Paste article text",
            key="mm_paste_text",
            height=110,
            placeholder="Paste the text of a news article (English, Ukrainian or Russian)",
        )
        st.text_input("Title (optional)", key="mm_paste_title")
        st.form_submit_button("Add article", on_click=_paste_submitted, type="primary")


def _uploads_changed() -> None:
    """Uploader callback: read each newly added file once, before the page is drawn."""
    seen, errors = st.session_state[K_SEEN_UPLOADS], st.session_state[K_UPLOAD_ERRORS]
    for upload in st.session_state.get(K_UPLOADER) or []:
        if upload.file_id not in seen:
            seen.add(upload.file_id)
            problems = add_upload(upload.name, upload.getvalue())
            if problems:
                errors[upload.file_id] = problems


def upload_widget() -> None:
    """Sidebar uploader (several files). Errors stay shown while their file is listed."""
    files = st.file_uploader(
        "Upload articles",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=K_UPLOADER,
        on_change=_uploads_changed,
        help="Plain text, Markdown, HTML, JSON, JSON Lines or CSV (fields: text, title, "
        "source, url, published, lang).",
    )
    current = {upload.file_id for upload in files or []}
    for file_id, problems in st.session_state[K_UPLOAD_ERRORS].items():
        if file_id in current:
            for problem in problems[:5]:
                st.error(md_escape(problem), icon="⚠️")
            if len(problems) > 5:
                st.error(f"… and {len(problems) - 5} more problems in that file")


def notices() -> None:
    """Show and clear one-shot notices (duplicates skipped, empty paste)."""
    for message in st.session_state[K_NOTICES]:
        st.info(md_escape(message))
    st.session_state[K_NOTICES] = []


def article_list(analysis_all: Analysis) -> None:
    """Loaded articles with include checkboxes and their mention counts."""
    corpus = _corpus()
    counts = analysis_all.mentions.groupby("doc").size()
    st.caption(f"{len(corpus)} loaded · untick an article to leave it out")
    for key, art in list(corpus.items())[:ARTICLES_LISTED]:
        title = art.title or "(untitled)"
        label = title if len(title) <= 70 else title[:67] + "…"
        meta = " · ".join(x for x in (art.source, art.published or "") if x)
        st.checkbox(
            f"{md_escape(label)} ({int(counts.get(key, 0))})",
            value=True,
            key=_include_key(key),
            help=md_escape(meta) if meta else None,
        )
    if len(corpus) > ARTICLES_LISTED:
        st.caption(f"… and {len(corpus) - ARTICLES_LISTED} more, all included")


def keyword() -> str:
    """The excerpt keyword filter's current value (its widget may be drawn later)."""
    return str(st.session_state.get(K_KEYWORD, ""))


def tiles_on() -> bool:
    """Whether OSM tiles are switched on (the toggle may be drawn later in the run)."""
    return bool(st.session_state.get(K_TILES, False))


def keyword_filter() -> str:
    """Keyword filter on excerpts (case-insensitive substring)."""
    return st.text_input("Filter excerpts by keyword", key=K_KEYWORD, placeholder="e.g. referendum")


def tiles_toggle() -> bool:
    """Opt-in OpenStreetMap tiles (the only feature that goes online)."""
    return st.toggle(
        "OpenStreetMap background (needs internet)",
        key=K_TILES,
        value=False,
        help="Off: the map uses only bundled boundaries and makes no request outside "
        "this machine. On: tiles are fetched from tile.openstreetmap.org.",
    )


def _map_clicked() -> None:
    """st_folium callback: a click on a region (or a city marker) selects its region."""
    value = st.session_state.get(K_MAP) or {}
    drawing = value.get("last_active_drawing") or {}
    iso = (drawing.get("properties") or {}).get("iso")
    if isinstance(iso, str) and re.fullmatch(r"UA-\d\d", iso):
        st.session_state[K_REGION] = iso


def region_map(analysis: Analysis) -> None:
    """The choropleth; clicks (not pans or zooms) rerun the app and select a region."""
    # The base map stays mounted (same script, same component key); only the overlay
    # (choropleth, markers, legend) is swapped when the corpus changes.
    st_folium(
        _base_map(tiles_on()),
        feature_group_to_add=_overlay(analysis.key, analysis.mentions),
        key=K_MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing", "last_object_clicked"],
        on_change=_map_clicked,
    )


def region_selector(analysis: Analysis) -> str:
    """Selectbox with every region (most mentioned first); same choice as a map click."""
    summary = analysis.summary.sort_values(["mentions", "name_en"], ascending=[False, True])
    labels = {ALL_REGIONS: "All regions"}
    for row in summary.itertuples(index=False):
        n = int(row.mentions)
        labels[str(row.iso)] = f"{row.name_en} ({row.iso}) · {n} mention{'s' * (n != 1)}"
    if st.session_state.get(K_REGION) not in labels:
        st.session_state[K_REGION] = ALL_REGIONS
    return st.selectbox(
        "Region",
        options=list(labels),
        format_func=labels.__getitem__,
        key=K_REGION,
        help="Or click a region on the map.",
    )


def page_summary(analysis: Analysis) -> None:
    """One-line explanation of the page and the totals of the included articles."""
    n_docs = len(analysis.corpus)
    n_mentions = int(analysis.summary["mentions"].sum())
    n_regions = int((analysis.summary["mentions"] > 0).sum())
    st.caption(
        "Every mention of one of Ukraine's 27 regions (or a place inside one) in the loaded "
        "articles, on the map and in its sentence. Click a region to read its excerpts.  \n"
        f"**{n_docs}** article{'s' * (n_docs != 1)} · **{n_mentions}** "
        f"mention{'s' * (n_mentions != 1)} · **{n_regions}** of 27 regions"
    )


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


def region_counts(analysis: Analysis) -> None:
    """Table of regions with mentions: region (ISO), mentions, articles."""
    table = region_table(analysis.summary)
    if table.empty:
        st.info("No region mentions in the included articles.")
        return
    st.html(region_table_html(table))


def _excerpt_blocks(items: Sequence[Excerpt], corpus: dict[str, Article]) -> str:
    return "".join(excerpt_html(x.excerpt, x.spans, corpus[x.doc]) for x in items)


def excerpts_panel(analysis: Analysis, region: str) -> None:
    """Excerpts of the selected region, or of all regions grouped by region."""
    word = keyword().strip()
    items = excerpts_of(analysis.mentions, region or None, word)
    note = f" containing “{word}”" if word else ""
    if not items:
        st.caption(f"No excerpts{md_escape(note)}.")
        return
    if region:
        st.caption(
            f"{len(items)} excerpt{'s' * (len(items) != 1)} for "
            f"{md_escape(analysis.region_name(region))}{md_escape(note)}"
        )
        with st.container(height=EXCERPTS_HEIGHT, border=False):
            st.html(_excerpt_blocks(items[:EXCERPTS_MAX], analysis.corpus))
        if len(items) > EXCERPTS_MAX:
            st.caption(f"First {EXCERPTS_MAX} shown; narrow with the keyword filter.")
        return
    by_region: dict[str, list[Excerpt]] = {}
    for item in items:
        by_region.setdefault(item.region, []).append(item)
    order = sorted(by_region, key=lambda iso: (-len(by_region[iso]), analysis.region_name(iso)))
    st.caption(
        f"{len(items)} excerpts in {len(order)} regions{md_escape(note)} · "
        "click a region or pick it above to see only its excerpts"
    )
    parts = []
    for iso in order:
        group = by_region[iso]
        parts.append(
            f"<div class='mm-region-head'>{html.escape(analysis.region_name(iso))} "
            f"<span style='color:#52606d;font-weight:400'>({html.escape(iso)}, "
            f"{len(group)})</span></div>"
        )
        parts.append(_excerpt_blocks(group[:EXCERPTS_PER_REGION], analysis.corpus))
        if len(group) > EXCERPTS_PER_REGION:
            parts.append(
                f"<div class='mm-more'>+ {len(group) - EXCERPTS_PER_REGION} more: "
                "select the region to see all</div>"
            )
    with st.container(height=EXCERPTS_HEIGHT, border=False):
        st.html("".join(parts))
