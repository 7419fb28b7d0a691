"""Export files built from the store's frames: the bytes that ``mentionmap export`` writes
and the dashboard's download buttons offer, so both give the same files.

Pure functions: each takes a frame returned by a :class:`mentionmap.store.Store` query and
returns the file's bytes (UTF-8); :func:`export_files` lists the dashboard's downloads of
a view (made only when asked for). CSV rows end in CRLF, as the ``csv`` module and ``extract
--format csv`` write them. GeoJSON coordinates are WGS84 degrees (EPSG:4326).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from mentionmap.store import Store
    from mentionmap.viewstate import View

# The first eleven are the columns of `extract --format csv`.
EXPORT_MENTION_COLUMNS = ("doc", "region", "region_name", "surface", "start", "end", "kind",
                          "excerpt", "place", "lat", "lon", "excerpt_start", "article_id",
                          "title", "source", "url", "published", "lang")  # fmt: skip
EXPORT_ARTICLE_COLUMNS = ("article_id", "doc", "title", "source", "url", "published", "lang",
                          "mentions", "n_mentions", "added_at")  # fmt: skip
SUMMARY_COLUMNS = ("region", "region_name", "mentions", "documents", "geometry")
CSV_LINE_END = "\r\n"


def _region_name(iso: str) -> str:
    """English name of the unit, or the code itself if the boundaries do not know it."""
    from mentionmap.geocode import region_name

    try:
        return region_name(iso)
    except KeyError:
        return iso


def mentions_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``Store.mentions`` output as export rows: EXPORT_MENTION_COLUMNS in that order, with
    ``region_name`` added."""
    names = {code: _region_name(code) for code in frame["region"].unique()}
    frame = frame.assign(region_name=frame["region"].map(names))
    return frame[list(EXPORT_MENTION_COLUMNS)]


def articles_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``Store.articles`` output as export rows: EXPORT_ARTICLE_COLUMNS in that order."""
    return frame.rename(columns={"id": "article_id"})[list(EXPORT_ARTICLE_COLUMNS)]


def _csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8")


def mentions_csv(frame: pd.DataFrame) -> bytes:
    """The mentions CSV (UTF-8, CRLF rows, header first) of a ``Store.mentions`` frame:
    what ``mentionmap export --format csv`` writes. An empty frame gives the header only."""
    return _csv_bytes(mentions_table(frame))


def articles_csv(frame: pd.DataFrame) -> bytes:
    """The article list CSV (UTF-8, CRLF rows, header first) of a ``Store.articles`` frame:
    what ``mentionmap export --format articles`` writes."""
    return _csv_bytes(articles_table(frame))


def region_counts_summary(counts: pd.DataFrame) -> Any:
    """``Store.region_counts`` joined onto the 27 region polygons (EPSG:4326): a
    GeoDataFrame with SUMMARY_COLUMNS, one row per region sorted by code, ``mentions`` and
    ``documents`` 0 where ``counts`` has no row (the shape of ``geocode.region_summary``)."""
    from mentionmap.geocode import load_regions, with_counts

    return with_counts(load_regions(), counts)[list(SUMMARY_COLUMNS)]


def summary_geojson(summary: Any, *, all_regions: bool = False) -> bytes:
    """One GeoJSON FeatureCollection (EPSG:4326, UTF-8, one line) of a region summary.

    ``summary`` has SUMMARY_COLUMNS (``geocode.region_summary`` or
    :func:`region_counts_summary`). Each feature's properties are region, region_name,
    mentions and documents. Only regions with ``mentions`` > 0 are written, unless
    ``all_regions``.
    """
    rows = summary if all_regions else summary[summary["mentions"] > 0]
    features = []
    for _, row in rows.iterrows():
        properties = {
            "region": row["region"],
            "region_name": row["region_name"],
            "mentions": int(row["mentions"]),
            "documents": int(row["documents"]),
        }
        geometry = row.geometry.__geo_interface__ if row.geometry is not None else None
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False) + "\n").encode("utf-8")


def counts_geojson(counts: pd.DataFrame, *, all_regions: bool = False) -> bytes:
    """The region counts GeoJSON of a ``Store.region_counts`` frame: what ``mentionmap
    export --format geojson`` writes (one polygon feature per mentioned region, as
    ``extract --format geojson``). ``all_regions=True`` writes all 27 polygons, with 0
    mentions and documents where there are none (for choropleths that show zeros)."""
    return summary_geojson(region_counts_summary(counts), all_regions=all_regions)


# ------------------------------------------------------------------ the dashboard's downloads


def _file_stem(view: View) -> str:
    parts = ["mentionmap", view.region or "all-regions"]
    if view.start or view.end:
        parts.append(f"{view.start or 'start'}_{view.end or 'end'}")
    return "-".join(parts)


@dataclass(frozen=True)
class ExportFile:
    """One download: its button label, file name, MIME type, help text and a function that
    makes the bytes (called only when the button is pressed, on a thread of its own)."""

    label: str
    file_name: str
    mime: str
    help: str
    make: Callable[[], bytes]


def export_files(store: Store, view: View) -> list[ExportFile]:
    """The three downloads of ``view``: the same files as ``mentionmap export`` with the same
    filters (mentions and articles with the view's region, counts of every region)."""
    with_region, every_region = view.filters(with_region=True), view.filters(with_region=False)
    stem = _file_stem(view)
    return [
        ExportFile(
            "Mentions (CSV)",
            f"{stem}-mentions.csv",
            "text/csv",
            "Every mention kept by the filters and region, with its sentence and article.",
            lambda: mentions_csv(store.mentions(with_region)),
        ),
        ExportFile(
            "Region counts (GeoJSON)",
            f"{stem}-regions.geojson",
            "application/geo+json",
            "The polygons (EPSG:4326) of the regions with mentions, with mention and article"
            " counts: the file `mentionmap export --format geojson` writes.",
            lambda: counts_geojson(store.region_counts(every_region)),
        ),
        ExportFile(
            "Articles (CSV)",
            f"{stem}-articles.csv",
            "text/csv",
            "The articles kept by the filters and region (no full text).",
            lambda: articles_csv(store.articles(with_region)),
        ),
    ]
