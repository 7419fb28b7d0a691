"""Streamlit layer of the dashboard: the shared store and the cached reads of the page.

With :mod:`mentionmap.ui` (the session, the view in the URL), :mod:`mentionmap.ui_panels`
and :mod:`mentionmap.ui_ingest`, the only package modules that import streamlit.

- One :class:`~mentionmap.store.Store` connection per store file and server process
  (``st.cache_resource``), shared by every session; its lock serialises statements, and
  ingests write through a connection of their own, so readers never see half a batch.
- Reads are cached with ``st.cache_data`` keyed on (store file, store version, filters):
  the version is the largest article id, so anything added (by this session, another
  session or the CLI) is seen on the next rerun.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from mentionmap.filters import Filters
from mentionmap.store import Store, open_store, prefetch

# pandas is imported where used: the page's first elements go out before it is loaded
# (see dashboard.py and :func:`mentionmap.ui.warm_up`).
if TYPE_CHECKING:
    import pandas as pd

    from mentionmap.mentioncolumns import ColumnCache

PLACES_ON_MAP = 400  # most-mentioned places drawn as (clustered) markers


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
