"""The mentions a keyword search keeps, counted in pandas for every dashboard panel.

The per-day count tables cannot answer a keyword, and one search per panel (totals,
region and place counts, newest excerpts, article list, timeline) repeats the same
full-text search and row reads. The dashboard instead reads the matching rows once
(:meth:`mentionmap.queries.StoreQueries.matching_mentions`: columns ``id``,
``article_id``, ``day``, ``region``, ``place``, ``lat``, ``lon``, ``start``)
and derives each panel here. Every function returns what the store query of the same
name returns for the same filters (columns, order, counts); ``lat``/``lon`` are WGS84
degrees, ``day`` an ISO 8601 day or missing. Nothing here changes its input.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mentionmap.queries import by_period

# Newest first, as the store sorts: day descending (undated last), article descending,
# then the mention's offset in its article.
_NEWEST = (["day", "article_id", "start"], [False, False, True])


def in_regions(rows: pd.DataFrame, regions: Sequence[str]) -> pd.DataFrame:
    """The rows of ``regions`` (ISO 3166-2:UA codes); all rows when ``regions`` is empty."""
    if not regions:
        return rows
    return rows[rows["region"].isin(list(regions))]


def totals(rows: pd.DataFrame) -> tuple[int, int]:
    """(articles, mentions), as ``Store.totals`` with a keyword or region filter."""
    return int(rows["article_id"].nunique()), len(rows)


def region_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Per region: ``region``, ``mentions``, ``documents``, most mentioned first (ties by
    code); regions without a row are absent."""
    counts = _counts(rows, ["region"])
    return counts.sort_values(["mentions", "region"], ascending=[False, True], ignore_index=True)


def place_counts(rows: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Per located place: ``place``, ``region``, ``lat``, ``lon``, ``mentions``,
    ``documents``, most mentioned first (ties by name, region, position)."""
    located = rows[rows["place"].notna() & rows["lat"].notna() & rows["lon"].notna()]
    counts = _counts(located, ["place", "region", "lat", "lon"])
    counts = counts.sort_values(
        ["mentions", "place", "region", "lat", "lon"],
        ascending=[False, True, True, True, True],
        ignore_index=True,
    )
    return counts if limit is None else counts.head(int(limit))


def timeline(rows: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Mentions per region per day (``'D'``) or ISO week (``'W'``): ``period``
    (datetime64), ``region``, ``mentions``, ``documents``; undated rows are left out."""
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    dated = rows[rows["day"].notna()]
    counts = _counts(dated, ["day", "region"]).rename(columns={"day": "period"})
    counts = counts.sort_values(["period", "region"], ignore_index=True)
    return by_period(counts, freq)


def newest(rows: pd.DataFrame, limit: int) -> list[int]:
    """Mention ids of the ``limit`` newest rows, newest first."""
    return [int(i) for i in _newest_first(rows)["id"].head(int(limit))]


def newest_by_region(rows: pd.DataFrame, per_region: int) -> list[int]:
    """Mention ids of the ``per_region`` newest rows of each region, by region code, each
    region's newest first."""
    ranked = _newest_first(rows)
    ranked = ranked[ranked.groupby("region", observed=True).cumcount() < int(per_region)]
    ranked = ranked.sort_values("region", kind="stable")  # newest-first order kept inside
    return [int(i) for i in ranked["id"]]


def newest_articles(rows: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """``article_id`` and ``mentions`` (its kept rows) of the ``limit`` newest articles
    holding a row: day descending (undated last), then article id descending."""
    per_article = rows.groupby("article_id", sort=False).agg(
        day=("day", "first"), mentions=("id", "size")
    )
    per_article = per_article.reset_index().sort_values(
        ["day", "article_id"], ascending=[False, False], na_position="last", ignore_index=True
    )
    if limit is not None:
        per_article = per_article.head(int(limit))
    return per_article[["article_id", "mentions"]]


def _counts(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``keys`` + ``mentions`` (rows) and ``documents`` (distinct articles), keys as plain
    values (not categories)."""
    grouped = rows.groupby(keys, observed=True, sort=False).agg(
        mentions=("id", "size"), documents=("article_id", "nunique")
    )
    out = grouped.reset_index()
    for key in keys:
        if isinstance(out[key].dtype, pd.CategoricalDtype):
            out[key] = out[key].astype(out[key].cat.categories.dtype)
    out[["mentions", "documents"]] = out[["mentions", "documents"]].astype("int64")
    return out


def _newest_first(rows: pd.DataFrame) -> pd.DataFrame:
    keys, ascending = _NEWEST
    return rows.sort_values(keys, ascending=ascending, na_position="last", kind="stable")
