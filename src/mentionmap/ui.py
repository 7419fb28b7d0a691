"""Streamlit layer of the dashboard, part 1: the shared store, cached reads, the view.

With :mod:`mentionmap.ui_panels` (what the page shows) and :mod:`mentionmap.ui_ingest`
(adding articles, the store setting), the only package modules that import streamlit.

- One :class:`~mentionmap.store.Store` connection per store file and server process
  (``st.cache_resource``), shared by every session; its lock serialises statements, and
  ingests write through a connection of their own, so readers never see half a batch.
- Reads are cached with ``st.cache_data`` keyed on (store file, store version, filters):
  the version is the largest article id, so anything added (by this session, another
  session or the CLI) is seen on the next rerun.
- The view (region, dates, languages, keyword, timeline step, tiles) lives in widget
  state and is mirrored in the URL (``st.query_params``) by :func:`sync_url`, so a copied
  link reopens the same view. A bad URL parameter falls back to its default with a notice.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from mentionmap.queries import Filters
from mentionmap.regionmeta import region_names, region_summary
from mentionmap.store import Store, default_db_path, open_store, prefetch
from mentionmap.viewstate import DEFAULT_VIEW, View, parse_view, view_params

# pandas, geopandas and the map modules are imported where used: the page's first
# elements go out before they are loaded (see dashboard.py and :func:`warm_up`).
if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from mentionmap.mentioncolumns import ColumnCache

ENV_READ_ONLY = "MENTIONMAP_READ_ONLY"
ALL_REGIONS = ""  # selectbox value meaning "no region selected"
DATE_FLOOR = date(1900, 1, 1)  # the date widget's earliest day; as a start, "no start"
PLACES_ON_MAP = 400  # most-mentioned places drawn as (clustered) markers

# session_state keys
K_STORE = "mm_store_path"  # this session's store file (str)
K_NOTICES = "mm_notices"  # one-shot messages for the next run
K_URL_READ = "mm_url_read"  # the URL was read into the widgets (first run of the session)
K_REGION = "mm_region"  # selectbox: iso or ALL_REGIONS
K_DATES = "mm_dates"  # date_input range: () or (start,) or (start, end)
K_LANGS = "mm_langs"  # multiselect of language codes
K_KEYWORD = "mm_keyword"
K_FREQ = "mm_freq"  # "D" or "W"
K_TILES = "mm_tiles"
K_SHOW_TIMELINE = "mm_show_timeline"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape ``text`` for Streamlit markdown (labels, alerts): it shows as typed."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def read_only() -> bool:
    """True when ``$MENTIONMAP_READ_ONLY`` is set to 1/true/yes/on: a viewer-only instance
    (the store is opened read-only and the ingest widgets and store setting are hidden)."""
    return os.environ.get(ENV_READ_ONLY, "").strip().lower() in ("1", "true", "yes", "on")


def notify(message: str) -> None:
    """Queue a one-shot notice for the top of the page (plain text; escaped when shown)."""
    st.session_state.setdefault(K_NOTICES, []).append(message)


# ------------------------------------------------------------------ the store


@st.cache_resource(show_spinner=False, max_entries=8)
def shared_store(path: str, read_only: bool) -> Store:
    """The server's connection to the store at ``path`` (one per file and mode, shared by
    all sessions). A new, writable store gets the bundled sample article, so a first run
    shows a working map."""
    store = open_store(path, read_only=read_only)
    if not read_only:
        from mentionmap.ingest import ingest_sample_if_empty

        ingest_sample_if_empty(store)
    return store


@st.cache_resource(show_spinner=False, max_entries=8)
def prefetch_store(path: str) -> threading.Thread:
    """Once per store file and server process, in a background thread, read the store's
    search index (see :func:`mentionmap.store.prefetch`), then its mention columns into
    :func:`column_cache`. Called at the end of a run, so it does not compete with the
    first page for the disk and the CPU."""
    cache = column_cache(path)

    def work() -> None:
        prefetch(path)
        cache.refresh()

    thread = threading.Thread(target=work, name="mm-prefetch", daemon=True)
    thread.start()
    return thread


@st.cache_resource(show_spinner=False, max_entries=8)
def column_cache(path: str) -> ColumnCache:
    """The in-memory mention columns of the store at ``path``, shared by all sessions
    (keyword searches read them instead of the mention rows; see
    :mod:`mentionmap.mentioncolumns`)."""
    from mentionmap.mentioncolumns import ColumnCache

    return ColumnCache(path)


def store_path() -> str:
    """This session's store file: the sidebar setting, else ``$MENTIONMAP_DB``, else the
    user's data folder (see :func:`mentionmap.store.default_db_path`)."""
    return str(st.session_state.get(K_STORE) or default_db_path())


def current_store() -> Store:
    """The shared store of this session; on failure, an error on the page and a stop."""
    path = store_path()
    if read_only() and not Path(path).is_file():
        st.error(
            f"Read-only mode: no store at {md_escape(path)}. Ingest articles first with "
            "`mentionmap ingest --db FILE`, then point `MENTIONMAP_DB` at that file."
        )
        st.stop()
    try:
        return shared_store(path, read_only())
    except Exception as exc:  # StoreError, OSError, sqlite3.DatabaseError (not a store)
        st.error(f"Cannot open the store {md_escape(path)}: {md_escape(str(exc))}")
        if st.session_state.get(K_STORE):
            st.session_state[K_STORE] = ""
            st.button("Back to the default store")
        st.stop()
        raise  # unreachable: st.stop raises


def store_key(store: Store) -> tuple[str, bool, int]:
    """(path, read-only, version): the cache key of everything read from ``store``."""
    return str(store.path), store.read_only, store.version()


def _store(key: tuple[str, bool, int]) -> Store:
    return shared_store(key[0], key[1])


# ------------------------------------------------------------------ cached reads
# With a keyword, the panels are counted from one read of the matching mentions
# (:func:`keyword_rows`, see :mod:`mentionmap.matches`); without one, from the store's
# per-day count tables and indexes.


def _searches(filters: Filters) -> bool:
    return bool((filters.keyword or "").strip())


@st.cache_resource(show_spinner=False, max_entries=4)
def keyword_rows(key: tuple[str, bool, int], filters: Filters) -> pd.DataFrame:
    """``Store.matching_mentions`` of ``filters`` (every region): shared by all sessions
    and panels, never changed (the functions of :mod:`mentionmap.matches` copy). Taken
    from the in-memory columns once they hold every match, else read from the store."""
    store = _store(key)
    rows = column_cache(key[0]).matching(store, filters)
    return store.matching_mentions(filters) if rows is None else rows


def _rows(key: tuple[str, bool, int], filters: Filters) -> pd.DataFrame:
    """The matching mentions of ``filters``: one read per filters without region."""
    from mentionmap import matches

    every_region = Filters(filters.start, filters.end, filters.langs, filters.keyword)
    return matches.in_regions(keyword_rows(key, every_region), filters.regions)


@st.cache_data(show_spinner=False, max_entries=64)
def region_counts(key: tuple[str, bool, int], filters: Filters) -> pd.DataFrame:
    """``Store.region_counts``: region, mentions, documents."""
    if _searches(filters):
        from mentionmap import matches

        return matches.region_counts(_rows(key, filters))
    return _store(key).region_counts(filters)


@st.cache_data(show_spinner=False, max_entries=64)
def totals(key: tuple[str, bool, int], filters: Filters) -> tuple[int, int]:
    """``Store.totals``: (articles, mentions)."""
    if _searches(filters):
        from mentionmap import matches

        return matches.totals(_rows(key, filters))
    return _store(key).totals(filters)


@st.cache_data(show_spinner=False, max_entries=64)
def place_counts(key: tuple[str, bool, int], filters: Filters) -> pd.DataFrame:
    """``Store.place_counts`` of the :data:`PLACES_ON_MAP` most mentioned places."""
    if _searches(filters):
        from mentionmap import matches

        return matches.place_counts(_rows(key, filters), PLACES_ON_MAP)
    return _store(key).place_counts(filters, limit=PLACES_ON_MAP)


@st.cache_data(show_spinner=False, max_entries=64)
def timeline(key: tuple[str, bool, int], filters: Filters, freq: str) -> pd.DataFrame:
    """``Store.timeline``: period, region, mentions, documents."""
    if _searches(filters):
        from mentionmap import matches

        return matches.timeline(_rows(key, filters), freq)
    return _store(key).timeline(filters, freq)


@st.cache_data(show_spinner=False, max_entries=128)
def latest_mentions(key: tuple[str, bool, int], filters: Filters, limit: int) -> pd.DataFrame:
    """The ``limit`` newest mentions kept by ``filters`` (with article metadata)."""
    if _searches(filters):
        from mentionmap import matches

        return _store(key).mentions_by_id(matches.newest(_rows(key, filters), limit))
    return _store(key).mentions(filters, limit=limit, newest_first=True)


@st.cache_data(show_spinner=False, max_entries=64)
def latest_by_region(key: tuple[str, bool, int], filters: Filters, per_region: int) -> pd.DataFrame:
    """``Store.latest_by_region``: the newest mentions of every region kept by ``filters``."""
    if _searches(filters):
        from mentionmap import matches

        ids = matches.newest_by_region(_rows(key, filters), per_region)
        return _store(key).mentions_by_id(ids)
    return _store(key).latest_by_region(filters, per_region)


@st.cache_data(show_spinner=False, max_entries=32)
def latest_articles(key: tuple[str, bool, int], filters: Filters, limit: int) -> pd.DataFrame:
    """The ``limit`` newest articles kept by ``filters`` (no text)."""
    if _searches(filters):
        from mentionmap import matches

        newest = matches.newest_articles(_rows(key, filters), limit)
        frame = _store(key).articles_by_id(newest["article_id"])
        return frame.assign(mentions=newest["mentions"].to_numpy())
    return _store(key).articles(filters, limit=limit, newest_first=True)


@st.cache_data(show_spinner=False, max_entries=8)
def store_counts(key: tuple[str, bool, int]) -> tuple[int, int]:
    """``Store.count``: (articles, mentions) in the whole store."""
    return _store(key).count()


@st.cache_data(show_spinner=False, max_entries=8)
def store_facets(key: tuple[str, bool, int]) -> tuple[date | None, date | None, list[str]]:
    """(first day, last day, languages) of the whole store: the filter widgets' choices."""
    store = _store(key)
    first, last = store.date_range()
    return first, last, store.languages()


_GEOMETRY_LOCK = threading.Lock()  # the warm-up thread and a run wait for each other's load


def display_regions() -> gpd.GeoDataFrame:
    """The 27 regions with display-simplified geometry (EPSG:4326). Shared: do not mutate."""
    with _GEOMETRY_LOCK:
        return _display_regions()


def neighbours() -> gpd.GeoDataFrame:
    """Neighbouring countries (and Ukraine's outline, under the regions): offline background."""
    with _GEOMETRY_LOCK:
        return _neighbours()


@lru_cache(maxsize=1)
def _display_regions() -> gpd.GeoDataFrame:
    from mentionmap import geocode, mapview

    return mapview.display_geometry(geocode.load_regions())


@lru_cache(maxsize=1)
def _neighbours() -> gpd.GeoDataFrame:
    from mentionmap import geocode

    return geocode.load_neighbours()


_WARM_LOCK = threading.Lock()
_WARMING: list[threading.Thread] = []

# In the order the run needs them: pandas for the counts and excerpts, then the map. Not
# streamlit_folium: a component module registers its component only when imported by a
# script run (outside one, its files would not be served: "Component not found").
_WARM_MODULES = ("pandas", "mentionmap.excerpts", "mentionmap.matches", "folium",
                 "mentionmap.geocode", "mentionmap.mapview")  # fmt: skip


def _warm() -> None:
    """Import pandas and the map's modules, load the region geometry: what the first
    run needs after its first elements (a run waits for an import in progress)."""
    try:
        for name in _WARM_MODULES:
            importlib.import_module(name)
        display_regions()
        neighbours()
    except Exception:  # it only saves time; the script itself reports real errors
        pass


def warm_up() -> None:
    """Once per server process, start loading the map's modules and geometry in a
    background thread, so that they are (partly) ready when the script reaches the map;
    the first elements of the page are sent meanwhile."""
    with _WARM_LOCK:
        if not _WARMING:
            thread = threading.Thread(target=_warm, name="mm-warm-up", daemon=True)
            _WARMING.append(thread)
            thread.start()


def wait_warm() -> None:
    """Block until the warm-up thread started by :func:`warm_up` has finished."""
    for thread in list(_WARMING):
        thread.join()


# ------------------------------------------------------------------ the view


def _dates_value(view: View) -> tuple[date, ...]:
    """The date widget's value for ``view``: (start, end), (start,) when open-ended, and
    (:data:`DATE_FLOOR`, end) when only the end is set (the widget has no open start)."""
    if view.end:
        return (view.start or DATE_FLOOR, view.end)
    return (view.start,) if view.start else ()


def init_session() -> None:
    """First run of a session: read the URL into the view widgets (notices for bad values)."""
    st.session_state.setdefault(K_NOTICES, [])
    if st.session_state.get(K_URL_READ):
        return
    st.session_state[K_URL_READ] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view, problems = parse_view(params, regions=region_names())
    for problem in problems:
        notify(f"Link: {problem}")
    st.session_state[K_REGION] = view.region
    if view.start or view.end:  # else the widget starts empty (its own default)
        st.session_state[K_DATES] = _dates_value(view)
    st.session_state[K_LANGS] = list(view.langs)
    st.session_state[K_KEYWORD] = view.keyword
    st.session_state[K_FREQ] = view.freq
    st.session_state[K_TILES] = view.tiles
    st.session_state[K_SHOW_TIMELINE] = view.timeline


def current_view() -> View:
    """The view the widgets hold now (they may be drawn later in this run)."""
    state = st.session_state
    dates = tuple(state.get(K_DATES) or ())
    start = dates[0] if dates and dates[0] != DATE_FLOOR else None
    end = dates[1] if len(dates) > 1 else None
    if start and end and start > end:
        start, end = end, start
    region = state.get(K_REGION) or ""
    freq = state.get(K_FREQ)
    return View(
        region=region if region in region_names() else "",
        start=start,
        end=end,
        langs=tuple(sorted(set(state.get(K_LANGS) or ()))),
        keyword=str(state.get(K_KEYWORD) or "").strip()[:200],
        freq=freq if freq in ("D", "W") else DEFAULT_VIEW.freq,
        tiles=bool(state.get(K_TILES, False)),
        timeline=bool(state.get(K_SHOW_TIMELINE, False)),
    )


def sync_url(view: View) -> None:
    """Write ``view`` into the URL (only what differs from the default) when it changed."""
    wanted = view_params(view)
    current = {name: st.query_params.get(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def notices() -> None:
    """Show and clear the one-shot notices (link fallbacks, ingest summaries)."""
    for message in st.session_state.get(K_NOTICES, []):
        st.info(md_escape(message), icon="ℹ️")
    st.session_state[K_NOTICES] = []


@dataclass(frozen=True)
class Page:
    """What one run shows: the store's cache key, the view and the filtered counts."""

    key: tuple[str, bool, int]
    view: View
    summary: pd.DataFrame  # region_summary of the map filters (all 27 regions)
    articles: int  # articles kept by the map filters
    mentions: int

    def region_name(self, iso: str) -> str:
        return region_names().get(iso, iso)


def load_page(key: tuple[str, bool, int], view: View) -> Page:
    """The counts behind the map, table and summary line (cached on the store version)."""
    filters = view.filters(with_region=False)
    counts = region_counts(key, filters)
    n_articles, n_mentions = totals(key, filters)
    return Page(key, view, region_summary(counts), n_articles, n_mentions)
