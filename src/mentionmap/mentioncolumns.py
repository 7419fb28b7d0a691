"""An in-memory copy of the mention columns a keyword search filters and counts.

A keyword search on a large store finds its mention ids in the excerpt index quickly
(0.04 s for 40,000 mentions on a 100,000-article store), but then reading those rows from
the ``mentions`` table costs one b-tree look-up each (about 0.3 s for 40,000, more than all
the dashboard's counting). :class:`ColumnCache` keeps the few columns the panels need
(:data:`COLUMNS`, about 56 bytes a mention: 31 MB for 560,000 mentions) in a pandas frame,
so a search is the index look-up plus an array take (:func:`select`).

The copy is read once, in a background thread on a connection of its own, and extended by
the mentions added since (mentions are only ever appended: ids grow, rows never change).
Until it covers every id a search returns, :meth:`ColumnCache.matching` answers ``None`` and
the caller reads the rows from the store as before, so results never depend on the copy.
Above :data:`MAX_ROWS` mentions no copy is made. ``lat``/``lon`` are WGS84 degrees;
``day`` an ISO 8601 day.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from mentionmap.filters import Filters
from mentionmap.queries import MATCH_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from mentionmap.store import Store

# What is kept per mention: the panels' columns plus the language filter's.
COLUMNS = (*MATCH_COLUMNS, "lang")
_CATEGORIES = ("day", "region", "place", "lang")
MAX_ROWS = 5_000_000  # about 280 MB in memory; larger stores are always read from disk
CHUNK_ROWS = 100_000  # rows converted at a time while reading (bounds the peak memory)


@dataclass(frozen=True)
class MentionColumns:
    """The :data:`COLUMNS` of every mention with an id up to ``upto``, in id order
    (``day``, ``region``, ``place`` and ``lang`` categorical)."""

    frame: pd.DataFrame
    upto: int


def read_columns(conn: sqlite3.Connection, after: int = 0) -> pd.DataFrame:
    """The :data:`COLUMNS` of the mentions with an id above ``after``, in id order."""
    import pandas as pd

    cols = ", ".join(f'"{c}"' for c in COLUMNS)
    cursor = conn.execute(f"SELECT {cols} FROM mentions WHERE id > ? ORDER BY id", (after,))
    chunks = []
    while rows := cursor.fetchmany(CHUNK_ROWS):
        chunk = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
        chunks.append(chunk.astype({c: "category" for c in _CATEGORIES}))
    if not chunks:
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in COLUMNS})
        return empty.astype({c: "category" for c in _CATEGORIES} | {"lat": float, "lon": float})
    return _concat(chunks)


def extend(columns: MentionColumns | None, conn: sqlite3.Connection) -> MentionColumns:
    """``columns`` with the mentions added since it was read (all of them for ``None``)."""
    after = columns.upto if columns is not None else 0
    new = read_columns(conn, after)
    if columns is not None and len(columns.frame):
        new = _concat([columns.frame, new]) if len(new) else columns.frame
    upto = int(new["id"].iloc[-1]) if len(new) else after
    return MentionColumns(new, upto)


def select(columns: MentionColumns, ids: np.ndarray, filters: Filters) -> pd.DataFrame:
    """What ``Store.matching_mentions(filters)`` returns, for the mention ``ids`` that match
    its keyword (every id at most ``columns.upto``): :data:`MATCH_COLUMNS` in id order,
    ``day``, ``region`` and ``place`` categorical, with the date, language and region
    filters applied here."""
    frame = columns.frame
    ids = np.asarray(ids, dtype="int64")
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():  # the index gives them ascending
        ids = np.unique(ids)
    known = frame["id"].to_numpy()
    pos = np.searchsorted(known, ids)
    found = pos < len(known)
    found[found] = known[pos[found]] == ids[found]  # ids the copy does not hold are left out
    rows = frame.take(pos[found])
    keep = np.ones(len(rows), dtype=bool)
    if filters.start is not None:
        start = filters.start.isoformat()
        keep &= _category_mask(rows["day"], lambda day: day >= start)
    if filters.end is not None:
        end = filters.end.isoformat()
        keep &= _category_mask(rows["day"], lambda day: day <= end)
    if filters.langs:
        keep &= _category_mask(rows["lang"], set(filters.langs).__contains__)
    if filters.regions:
        keep &= _category_mask(rows["region"], set(filters.regions).__contains__)
    out = rows.loc[keep, list(MATCH_COLUMNS)].reset_index(drop=True)
    for name in ("day", "region", "place"):
        out[name] = out[name].cat.remove_unused_categories()
    return out


class ColumnCache:
    """The :class:`MentionColumns` of one store file, kept up to date in the background.
    Thread-safe; one per store file and process."""

    def __init__(self, path: str | Path, max_rows: int = MAX_ROWS) -> None:
        self.path = Path(path)
        self.max_rows = max_rows
        self.columns: MentionColumns | None = None
        self._lock = threading.Lock()
        self._reading = threading.Lock()  # one refresh at a time
        self._thread: threading.Thread | None = None

    def refresh(self) -> MentionColumns | None:
        """Read the mentions added since the last refresh (every mention the first time,
        or when the copy's last row is no longer in the file, which was then replaced),
        on a read-only connection of its own; ``None`` when the store is too large or
        cannot be read."""
        with self._reading:
            try:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            except sqlite3.Error:
                return None
            try:
                total = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
                if total > self.max_rows:
                    return None
                held = self.columns if _still_in(self.columns, conn) else None
                columns = extend(held, conn)
            except sqlite3.Error:
                return None
            finally:
                conn.close()
            self.columns = columns  # one reference swap: readers see the old or the new copy
            return columns

    def refresh_in_background(self) -> threading.Thread:
        """Start :meth:`refresh` in a daemon thread unless one is running; return it."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self.refresh, name="mm-mention-columns", daemon=True
                )
                self._thread.start()
            return self._thread

    def matching(self, store: Store, filters: Filters) -> pd.DataFrame | None:
        """``store.matching_mentions(filters)`` from the copy, for a keyword search; ``None``
        (read the store instead) without a keyword or while the copy does not yet hold
        every matching mention, in which case a refresh is started."""
        if not (filters.keyword or "").strip():
            return None
        columns = self.columns
        if columns is None:
            self.refresh_in_background()
            return None
        ids = store.keyword_ids(filters.keyword or "")
        if len(ids) and int(ids.max()) > columns.upto:
            self.refresh_in_background()
            return None
        return select(columns, ids, filters)


def _still_in(columns: MentionColumns | None, conn: sqlite3.Connection) -> bool:
    """Whether the last mention of ``columns`` is in the store as it was read (a replaced
    file restarts its ids, and its row of that id, if any, differs)."""
    if columns is None or not len(columns.frame):
        return False
    cols = ", ".join(f'"{c}"' for c in COLUMNS)
    row = conn.execute(f"SELECT {cols} FROM mentions WHERE id = ?", (columns.upto,)).fetchone()
    last = columns.frame.iloc[-1]
    held = tuple(None if _missing(last[c]) else last[c] for c in COLUMNS)
    return row is not None and tuple(row) == held


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _category_mask(column: pd.Series, wanted) -> np.ndarray:
    """Rows of the categorical ``column`` whose value passes ``wanted``; missing values
    never pass (as SQL comparisons with NULL)."""
    per_category = np.array([bool(wanted(v)) for v in column.cat.categories] + [False])
    return per_category[column.cat.codes.to_numpy()]  # code -1 (missing) picks the False


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of :data:`COLUMNS` stacked, categorical columns over the union of categories."""
    import pandas as pd
    from pandas.api.types import union_categoricals

    out = pd.concat([f.drop(columns=list(_CATEGORIES)) for f in frames], ignore_index=True)
    for name in _CATEGORIES:
        out[name] = union_categoricals([f[name] for f in frames], ignore_order=True)
    return out[list(COLUMNS)]
