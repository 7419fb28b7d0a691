"""Reading the store: the queries behind the dashboard and the CLI.

What they keep is a :class:`~mentionmap.filters.Filters` (its SQL conditions live in
:mod:`mentionmap.filters`). :class:`StoreQueries` holds the read methods of
:class:`mentionmap.store.Store` (which inherits them); they return pandas frames whose
columns are listed here. Dates are ISO 8601 days; ``lat``/``lon`` are WGS84 degrees
(EPSG:4326).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mentionmap.filters import (
    INDEXED_IDS,
    NO_FILTERS,
    Filters,
    countable,
    counts_where_sql,
    indexed_params,
    where_sql,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

# Columns of the frames; "doc_id" (Article.id) is called "doc" there, as in geocode's frames.
ARTICLE_COLUMNS = ("id", "doc_id", "title", "source", "url", "published", "published_day",
                   "lang", "n_mentions", "added_at")  # fmt: skip
MENTION_COLUMNS = ("article_id", "region", "surface", "start", "end", "kind", "excerpt",
                   "excerpt_start", "place", "lat", "lon")  # fmt: skip
# The few columns of :meth:`StoreQueries.matching_mentions` (no text): what the panels count.
MATCH_COLUMNS = ("id", "article_id", "day", "region", "place", "lat", "lon", "start")
# The columns of :meth:`StoreQueries.mentions` (and how they are selected).
_MENTION_NAMES = (*MENTION_COLUMNS, "doc", "title", "source", "url", "published", "day", "lang")
_MENTION_SELECT = ", ".join([f'm."{c}"' for c in MENTION_COLUMNS]
                            + ["a.doc_id", "a.title", "a.source", "a.url", "a.published",
                               "m.day", "m.lang"])  # fmt: skip


class StoreQueries:
    """The read queries of a store connection. The class using it provides ``_conn`` (an
    open SQLite connection with :func:`sql_contains` registered as ``mm_contains``) and
    ``_lock`` (held around every statement)."""

    _conn: sqlite3.Connection
    _lock: threading.Lock

    def _frame(self, sql: str, params: Sequence[object], columns: Sequence[str]) -> pd.DataFrame:
        import pandas as pd

        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return pd.DataFrame.from_records(rows, columns=list(columns))

    def count(self) -> tuple[int, int]:
        """(articles, mentions) stored."""
        with self._lock:
            a = self._conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            m = self._conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
        return a, m

    def version(self) -> int:
        """A number that changes whenever an article is added (the largest article id):
        the cache key of everything read from the store. Articles are never updated."""
        with self._lock:
            return self._conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]

    def totals(self, filters: Filters = NO_FILTERS) -> tuple[int, int]:
        """(articles, mentions) kept by ``filters``, counting only articles with a kept
        mention when a region or keyword filter is set."""
        if filters.regions or filters.keyword:
            where, params = where_sql(filters)
            sql = f"SELECT count(DISTINCT m.article_id), count(*) FROM mentions m WHERE {where}"
        else:
            where, params = where_sql(filters, day="a.published_day", lang="a.lang")
            sql = f"SELECT count(*), coalesce(sum(a.n_mentions), 0) FROM articles a WHERE {where}"
        with self._lock:
            n_articles, n_mentions = self._conn.execute(sql, params).fetchone()
        return int(n_articles), int(n_mentions)

    def place_counts(
        self, filters: Filters = NO_FILTERS, *, limit: int | None = None
    ) -> pd.DataFrame:
        """Per located place (city or site): ``place``, ``region``, ``lat``, ``lon`` (WGS84
        degrees), ``mentions`` and ``documents``, most mentioned first (ties by name)."""
        if countable(filters):
            where, params = counts_where_sql(filters)
            sql = (
                "SELECT d.place, d.region, d.lat, d.lon, sum(d.mentions) AS n, sum(d.documents)"
                f" FROM place_days d WHERE {where}"
                " GROUP BY d.place, d.region, d.lat, d.lon ORDER BY n DESC, d.place"
            )
        else:
            where, params = where_sql(filters)
            sql = (
                "SELECT m.place, m.region, m.lat, m.lon, count(*), count(DISTINCT m.article_id)"
                f" FROM mentions m WHERE {where} AND m.place IS NOT NULL AND m.lat IS NOT NULL"
                " GROUP BY m.place, m.region, m.lat, m.lon ORDER BY count(*) DESC, m.place"
            )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._frame(sql, params, ["place", "region", "lat", "lon", "mentions", "documents"])

    def mentions(
        self, filters: Filters = NO_FILTERS, *, limit: int | None = None, newest_first: bool = False
    ) -> pd.DataFrame:
        """One row per mention kept by ``filters``, with its article's metadata, ordered by
        date (undated last), article and offset; ``newest_first`` reverses date and article
        order (undated still last), which the dashboard uses with ``limit``. ``doc`` is the
        article's id as loaded, so the frame feeds ``geocode.region_summary`` and
        ``place_summary`` as it is."""
        where, params = where_sql(filters)
        sql = (
            f"SELECT {_MENTION_SELECT} FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" WHERE {where}"
        )
        if newest_first:  # NULL sorts first ascending, so last descending: no expression
            sql += " ORDER BY m.day DESC, m.article_id DESC, m.start"
        else:
            sql += " ORDER BY m.day IS NULL, m.day, m.article_id, m.start"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._frame(sql, params, _MENTION_NAMES)

    def matching_mentions(self, filters: Filters = NO_FILTERS) -> pd.DataFrame:
        """The mentions kept by ``filters`` with only :data:`MATCH_COLUMNS` (no text; ``day``,
        ``region`` and ``place`` categorical), in id order: one search that
        :mod:`mentionmap.matches` turns into every panel's counts and newest rows."""
        where, params = where_sql(filters)
        cols = ", ".join(f'm."{c}"' for c in MATCH_COLUMNS)
        frame = self._frame(f"SELECT {cols} FROM mentions m WHERE {where}", params, MATCH_COLUMNS)
        return frame.astype({c: "category" for c in ("day", "region", "place")})

    def keyword_ids(self, keyword: str) -> np.ndarray:
        """Ids (int64, unsorted) of the mentions whose excerpt contains ``keyword``, as the
        keyword filter of :class:`Filters` keeps them; read from the excerpt index alone
        when the keyword has three characters or more (no mention row is read)."""
        import numpy as np

        keyword = keyword.strip()
        if len(keyword) >= 3:
            sql, params = INDEXED_IDS, indexed_params(keyword)
        else:
            where, params = where_sql(Filters(keyword=keyword))
            sql = f"SELECT m.id FROM mentions m WHERE {where}"
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return np.fromiter((r[0] for r in rows), dtype="int64", count=len(rows))

    def mentions_by_id(self, ids: Sequence[int]) -> pd.DataFrame:
        """The rows of :meth:`mentions` for the mention ``ids`` (as in
        ``matching_mentions()['id']``), in the order of ``ids``."""
        return self._by_id(
            f"SELECT m.id, {_MENTION_SELECT} FROM mentions m JOIN articles a"
            " ON a.id = m.article_id WHERE m.id IN (SELECT value FROM json_each(?))",
            ids,
            _MENTION_NAMES,
        )

    def articles_by_id(self, ids: Sequence[int]) -> pd.DataFrame:
        """The rows of :meth:`articles` (without ``mentions``) for the article ``ids``, in
        the order of ``ids``."""
        cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        names = ["doc" if c == "doc_id" else c for c in ARTICLE_COLUMNS]
        return self._by_id(
            f"SELECT a.id, {cols} FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))",
            ids,
            names,
        )

    def _by_id(self, sql: str, ids: Sequence[int], names: Sequence[str]) -> pd.DataFrame:
        """Rows of ``sql`` (whose first column is the id, bound to a JSON list) in ``ids`` order."""
        import json

        ids = [int(i) for i in ids]
        frame = self._frame(sql, [json.dumps(ids)], ["_id", *names])
        order = {value: rank for rank, value in enumerate(ids)}
        frame = frame.iloc[frame["_id"].map(order).argsort(kind="stable")]
        return frame.drop(columns="_id").reset_index(drop=True)

    def latest_by_region(self, filters: Filters, per_region: int) -> pd.DataFrame:
        """The ``per_region`` newest mentions of each region kept by ``filters`` (columns as
        :meth:`mentions`), regions in ``filters.regions`` order or by code. With a keyword,
        one windowed query over the matching mentions; without, one indexed query each."""
        import pandas as pd

        regions = filters.regions or tuple(self.region_counts(filters)["region"])
        if not (filters.keyword or "").strip():
            frames = [
                self.mentions(
                    Filters(filters.start, filters.end, filters.langs, None, (region,)),
                    limit=per_region,
                    newest_first=True,
                )
                for region in regions
            ]
            return pd.concat(frames, ignore_index=True) if frames else self.mentions(limit=0)
        where, params = where_sql(Filters(filters.start, filters.end, filters.langs,
                                       filters.keyword, tuple(regions)))  # fmt: skip
        sql = (
            f"SELECT {_MENTION_SELECT} FROM (SELECT m.*, row_number() OVER (PARTITION BY"
            " m.region ORDER BY m.day DESC, m.article_id DESC, m.start) AS rank"
            f" FROM mentions m WHERE {where}) m JOIN articles a ON a.id = m.article_id"
            " WHERE m.rank <= ? ORDER BY m.region, m.rank"
        )
        return self._frame(sql, [*params, int(per_region)], _MENTION_NAMES)

    def articles(
        self, filters: Filters = NO_FILTERS, *, limit: int | None = None, newest_first: bool = False
    ) -> pd.DataFrame:
        """Articles kept by ``filters`` (without their text), oldest first (undated last), or
        newest first. With a region or keyword filter, only articles holding at least one
        matching mention; ``mentions`` counts those."""
        cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        if filters.regions or filters.keyword:
            where, params = where_sql(filters)
            sql = (
                f"SELECT {cols}, count(*) FROM articles a JOIN mentions m ON m.article_id = a.id"
                f" WHERE {where} GROUP BY a.id"
            )
        else:
            where, params = where_sql(filters, day="a.published_day", lang="a.lang")
            sql = f"SELECT {cols}, a.n_mentions FROM articles a WHERE {where}"
        if newest_first:
            sql += " ORDER BY a.published_day DESC, a.id DESC"
        else:
            sql += " ORDER BY a.published_day IS NULL, a.published_day, a.id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        names = ["doc" if c == "doc_id" else c for c in ARTICLE_COLUMNS]
        return self._frame(sql, params, [*names, "mentions"])

    def article_text(self, article_id: int) -> str | None:
        """The full text of one stored article (``articles()['id']``), or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT text FROM texts WHERE article_id = ?", (article_id,)
            ).fetchone()
        return row[0] if row else None

    def region_counts(self, filters: Filters = NO_FILTERS) -> pd.DataFrame:
        """Per region: ``mentions`` and ``documents`` (distinct articles), most mentioned
        first. Regions without a mention are absent."""
        if countable(filters):
            where, params = counts_where_sql(filters)
            sql = (
                "SELECT d.region, sum(d.mentions) AS n, sum(d.documents)"
                f" FROM region_days d WHERE {where} GROUP BY d.region ORDER BY n DESC, d.region"
            )
        else:
            where, params = where_sql(filters)
            sql = (
                "SELECT m.region, count(*), count(DISTINCT m.article_id)"
                f" FROM mentions m WHERE {where}"
                " GROUP BY m.region ORDER BY count(*) DESC, m.region"
            )
        return self._frame(sql, params, ["region", "mentions", "documents"])

    def timeline(self, filters: Filters = NO_FILTERS, freq: str = "D") -> pd.DataFrame:
        """Mentions per region per day (``freq='D'``) or per ISO week starting Monday
        (``'W'``): columns ``period`` (datetime64), ``region``, ``mentions``, ``documents``.
        Undated articles are left out."""
        if freq not in ("D", "W"):
            raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
        if countable(filters):
            where, params = counts_where_sql(filters)
            sql = (
                "SELECT d.day, d.region, sum(d.mentions), sum(d.documents)"
                f" FROM region_days d WHERE {where} AND d.day != ''"
                " GROUP BY d.day, d.region ORDER BY d.day, d.region"
            )
        else:
            where, params = where_sql(filters)
            sql = (
                "SELECT m.day, m.region, count(*), count(DISTINCT m.article_id)"
                f" FROM mentions m WHERE {where} AND m.day IS NOT NULL"
                " GROUP BY m.day, m.region ORDER BY m.day, m.region"
            )
        frame = self._frame(sql, params, ["period", "region", "mentions", "documents"])
        return by_period(frame, freq)

    def date_range(self) -> tuple[date | None, date | None]:
        """First and last ``published`` day stored (None, None for an empty or undated store)."""
        with self._lock:
            lo, hi = self._conn.execute(
                "SELECT min(published_day), max(published_day) FROM articles"
            ).fetchone()
        return (date.fromisoformat(lo) if lo else None, date.fromisoformat(hi) if hi else None)

    def languages(self) -> list[str]:
        """Language codes present, most common first (unknown language is absent)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT lang FROM articles WHERE lang IS NOT NULL GROUP BY lang"
                " ORDER BY count(*) DESC, lang"
            ).fetchall()
        return [r[0] for r in rows]


def by_period(frame: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Daily counts (``period`` an ISO day string, ``region``, ``mentions``, ``documents``)
    as the timeline frame: ``period`` datetime64, summed per ISO week (Monday) for 'W'."""
    import pandas as pd

    frame["period"] = pd.to_datetime(frame["period"])
    if freq == "W" and not frame.empty:
        # an article has one day, so distinct documents per day add up per week
        frame["period"] = frame["period"] - pd.to_timedelta(
            frame["period"].dt.day_of_week, unit="D"
        )
        frame = frame.groupby(["period", "region"], as_index=False)[["mentions", "documents"]].sum()
    return frame
