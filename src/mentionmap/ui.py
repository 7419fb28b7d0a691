"""Streamlit layer of the dashboard, part 1: the session, its store, the view.

With :mod:`mentionmap.ui_store` (the shared store and its cached reads),
:mod:`mentionmap.ui_panels` (what the page shows) and :mod:`mentionmap.ui_ingest` (adding
articles, the store setting), the only package modules that import streamlit.

- Each session has a store file (:func:`store_path`) and reads it through the server's
  shared connection (:func:`current_store`, see :mod:`mentionmap.ui_store`).
- The region geometry and the map's modules are loaded once per server process, in a
  background thread started by :func:`warm_up`.
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

from mentionmap import ui_store
from mentionmap.regionmeta import region_names, region_summary
from mentionmap.store import Store, default_db_path
from mentionmap.viewstate import DEFAULT_VIEW, View, parse_view, view_params

# pandas, geopandas and the map modules are imported where used: the page's first
# elements go out before they are loaded (see dashboard.py and :func:`warm_up`).
if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

ENV_READ_ONLY = "MENTIONMAP_READ_ONLY"
ALL_REGIONS = ""  # selectbox value meaning "no region selected"
DATE_FLOOR = date(1900, 1, 1)  # the date widget's earliest day; as a start, "no start"

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


# ------------------------------------------------------------------ this session's store


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
        return ui_store.shared_store(path, read_only())
    except Exception as exc:  # StoreError, OSError, sqlite3.DatabaseError (not a store)
        st.error(f"Cannot open the store {md_escape(path)}: {md_escape(str(exc))}")
        if st.session_state.get(K_STORE):
            st.session_state[K_STORE] = ""
            st.button("Back to the default store")
        st.stop()
        raise  # unreachable: st.stop raises


# ------------------------------------------------------------------ geometry and warm-up


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
    from mentionmap import geocode, mapoverlay

    return mapoverlay.display_geometry(geocode.load_regions())


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
    counts = ui_store.region_counts(key, filters)
    n_articles, n_mentions = ui_store.totals(key, filters)
    return Page(key, view, region_summary(counts), n_articles, n_mentions)
