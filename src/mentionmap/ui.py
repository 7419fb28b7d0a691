"""Streamlit layer of the dashboard: corpus state, cached loaders, widgets.

The only package module that imports streamlit. Caches are keyed on paths, ids and
content hashes (never on a GeoDataFrame). Untrusted text (article text, titles,
sources, file names) is escaped wherever it becomes HTML or markdown. The excerpt and
region-table HTML is built (streamlit-free) in :mod:`mentionmap.excerpts`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from mentionmap import articles, geocode, mapview, mentions
from mentionmap.articles import Article
from mentionmap.datafiles import SAMPLE_ARTICLE
from mentionmap.excerpts import (  # noqa: F401  (re-exported: these used to live here)
    EXCERPT_CSS,
    Excerpt,
    excerpt_blocks,
    excerpt_html,
    excerpts_of,
    group_by_region,
    grouped_excerpts_html,
    highlight,
    region_table,
    region_table_html,
)

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

PAGE_CSS = (
    '\n<style>\n[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }\n'
    + EXCERPT_CSS
    + "</style>\n"
)


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


def region_counts(analysis: Analysis) -> None:
    """Table of regions with mentions: region (ISO), mentions, articles."""
    table = region_table(analysis.summary)
    if table.empty:
        st.info("No region mentions in the included articles.")
        return
    st.html(region_table_html(table))


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
            st.html(excerpt_blocks(items[:EXCERPTS_MAX], analysis.corpus))
        if len(items) > EXCERPTS_MAX:
            st.caption(f"First {EXCERPTS_MAX} shown; narrow with the keyword filter.")
        return
    groups = group_by_region(items, analysis.region_name)
    st.caption(
        f"{len(items)} excerpts in {len(groups)} regions{md_escape(note)} · "
        "click a region or pick it above to see only its excerpts"
    )
    html_groups = grouped_excerpts_html(
        groups, analysis.corpus, analysis.region_name, EXCERPTS_PER_REGION
    )
    with st.container(height=EXCERPTS_HEIGHT, border=False):
        st.html(html_groups)
