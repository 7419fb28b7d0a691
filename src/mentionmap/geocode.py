"""Geocoding: bundled Ukrainian admin-1 boundaries and per-region / per-place mention summaries.

Boundaries come from ``geodata/`` (see ``geodata/SOURCES.md``): ``ukraine_admin1.geojson``
(simplified, for display) and ``ukraine_admin1_detail.geojson`` (finer, for point-in-polygon).
Every GeoDataFrame here is in EPSG:4326 (WGS84 longitude/latitude, degrees).

The loaders read files (cached; each call returns a fresh copy). Everything else is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely

from mentionmap.datafiles import geodata_path

if TYPE_CHECKING:  # the extractor is not needed to place or count mentions (and is slow to import)
    from mentionmap.mentions import Mention

    MentionsInput = pd.DataFrame | Mapping[str, Iterable[Mention]] | Iterable[tuple[str, Mention]]

WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:6381"  # UCS-2000 / Ukraine TM zone 7, metres

REGION_COLUMNS = ["iso", "name_en", "name_uk", "name_ru", "type_en", "status", "claimed_by_russia"]
MENTION_COLUMNS = [
    "doc",
    "region",
    "region_name",
    "surface",
    "start",
    "end",
    "kind",
    "excerpt",
    "excerpt_start",
    "place",
    "lat",
    "lon",
]
_MENTION_DTYPES = {
    "doc": "object",
    "region": "object",
    "region_name": "object",
    "surface": "object",
    "start": "int64",
    "end": "int64",
    "kind": "object",
    "excerpt": "object",
    "excerpt_start": "int64",
    "place": "object",
    "lat": "float64",
    "lon": "float64",
}
SUMMARY_COLUMNS = [
    "iso",
    "region",
    "region_name",
    *REGION_COLUMNS[1:],
    "mentions",
    "documents",
    "excerpts",
    "geometry",
]
PLACE_SUMMARY_COLUMNS = [
    "place",
    "region",
    "region_name",
    "lat",
    "lon",
    "mentions",
    "documents",
    "excerpts",
    "geometry",
]


# ---------------------------------------------------------------- loaders (cached I/O)


@lru_cache(maxsize=4)
def _read_regions(filename: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(geodata_path(filename))
    gdf = gdf.set_crs(WGS84, allow_override=True)
    claimed = gdf["claimed_by_russia"]
    gdf["claimed_by_russia"] = pd.Series(
        [None if pd.isna(v) else int(v) for v in claimed], index=gdf.index, dtype="object"
    )
    for col in REGION_COLUMNS:
        if col != "claimed_by_russia":
            gdf[col] = gdf[col].astype(object)
    gdf = gdf[[*REGION_COLUMNS, "geometry"]].sort_values("iso", ignore_index=True)
    return gdf


def load_regions(detail: bool = False) -> gpd.GeoDataFrame:
    """The 27 admin-1 units of Ukraine (EPSG:4326), sorted by ``iso``.

    Columns: iso, name_en, name_uk, name_ru, type_en, status, claimed_by_russia (int year
    or None), geometry. ``detail=True`` gives the finer polygons meant for spatial joins;
    the default is the simplified display copy (< 300 KB as GeoJSON).
    """
    name = "ukraine_admin1_detail.geojson" if detail else "ukraine_admin1.geojson"
    return _read_regions(name).copy()


@lru_cache(maxsize=1)
def _read_neighbours() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(geodata_path("neighbours.geojson"))
    return gdf.set_crs(WGS84, allow_override=True)[["iso", "name", "geometry"]]


def load_neighbours() -> gpd.GeoDataFrame:
    """Neighbouring countries and Ukraine's outline clipped to lon 20..42, lat 43..54.5.

    Columns: iso (ISO 3166-1 alpha-3, "UKR" for Ukraine's outline), name, geometry
    (EPSG:4326). Neighbour polygons never overlap Ukraine's recognised territory.
    """
    return _read_neighbours().copy()


@lru_cache(maxsize=1)
def _region_names() -> dict[str, str]:
    regions = _read_regions("ukraine_admin1.geojson")
    return dict(zip(regions["iso"], regions["name_en"], strict=True))


@lru_cache(maxsize=1)
def _detail_index() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    detail = _read_regions("ukraine_admin1_detail.geojson")
    return detail, detail.to_crs(METRIC_CRS)


# ---------------------------------------------------------------- lookups


def region_name(iso: str) -> str:
    """Current official English name of unit ``iso`` (e.g. "UA-23" -> "Zaporizhzhia Oblast").

    Raises KeyError for a code that is not one of the 27 units.
    """
    try:
        return _region_names()[iso]
    except KeyError:
        raise KeyError(f"unknown ISO 3166-2:UA code {iso!r}") from None


def locate(lat: float, lon: float, tolerance_m: float = 0.0) -> str | None:
    """ISO code of the unit containing the WGS84 point (``lat``, ``lon`` in degrees).

    Uses the detail polygons; a point on a shared border goes to the first unit by code.
    If no unit covers the point and ``tolerance_m`` > 0, the nearest unit within that many
    metres (EPSG:6381) is returned. None if the point is outside Ukraine.
    """
    detail, metric = _detail_index()
    point = shapely.Point(lon, lat)
    hits = detail.sindex.query(point, predicate="covered_by")
    if len(hits):
        return str(detail["iso"].iloc[min(hits)])
    if tolerance_m <= 0:
        return None
    projected = gpd.GeoSeries([point], crs=WGS84).to_crs(METRIC_CRS).iloc[0]
    idx, dist = metric.sindex.nearest(projected, return_distance=True, return_all=False)
    if len(dist) and dist[0] <= tolerance_m:
        return str(metric["iso"].iloc[int(idx[1][0])])
    return None


# ---------------------------------------------------------------- summaries (pure)


def _empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in _MENTION_DTYPES.items()})


def mentions_frame(records: Iterable[tuple[str, Mention]]) -> pd.DataFrame:
    """One row per mention, columns MENTION_COLUMNS in that order (also when empty).

    ``records`` are (doc id, Mention) pairs. ``region_name`` is the English unit name;
    ``place``/``lat``/``lon`` are None/NaN for whole-region mentions.
    """
    rows = [
        {
            "doc": doc,
            "region": m.region,
            "region_name": region_name(m.region),
            "surface": m.surface,
            "start": m.start,
            "end": m.end,
            "kind": m.kind,
            "excerpt": m.excerpt,
            "excerpt_start": m.excerpt_start,
            "place": m.place,
            "lat": m.lat,
            "lon": m.lon,
        }
        for doc, m in records
    ]
    if not rows:
        return _empty_mentions()
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    frame["place"] = frame["place"].astype(object).where(frame["place"].notna(), None)
    return frame.astype(_MENTION_DTYPES)


def _as_frame(mentions: MentionsInput) -> pd.DataFrame:
    """Accept a mentions_frame, a {doc: [Mention]} mapping or (doc, Mention) pairs."""
    if isinstance(mentions, pd.DataFrame):
        return mentions
    if isinstance(mentions, Mapping):
        return mentions_frame((doc, m) for doc, ms in mentions.items() for m in ms)
    return mentions_frame(mentions)


def _unique_in_order(values: Iterable) -> list:
    return list(dict.fromkeys(v for v in values if isinstance(v, str)))


def region_summary(
    mentions: MentionsInput, regions: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """Per-unit counts for a map: all units of ``regions`` (default: display copy), by iso.

    Adds ``region`` (= iso), ``region_name`` (= name_en), int ``mentions`` and ``documents``
    (0 where none) and ``excerpts`` (unique excerpt strings, first-seen order; [] where
    none). Every non-geometry value is JSON-safe (str, int, list, None). EPSG:4326.
    """
    frame = _as_frame(mentions)
    base = load_regions() if regions is None else regions.to_crs(WGS84)
    grouped = frame.groupby("region", sort=False)
    counts = grouped.size()
    docs = grouped["doc"].nunique()
    excerpts = grouped["excerpt"].agg(_unique_in_order)
    out = base[[c for c in REGION_COLUMNS if c in base.columns] + ["geometry"]].copy()
    out["region"] = out["iso"]
    out["region_name"] = out["name_en"]
    out["mentions"] = [int(counts.get(iso, 0)) for iso in out["iso"]]
    out["documents"] = [int(docs.get(iso, 0)) for iso in out["iso"]]
    out["excerpts"] = pd.Series(
        [list(excerpts.get(iso, [])) for iso in out["iso"]], index=out.index, dtype=object
    )
    out = out[[c for c in SUMMARY_COLUMNS if c in out.columns]]
    return gpd.GeoDataFrame(out, geometry="geometry", crs=WGS84).sort_values(
        "iso", ignore_index=True
    )


def with_counts(regions: gpd.GeoDataFrame, counts: pd.DataFrame) -> gpd.GeoDataFrame:
    """A copy of ``regions`` (one row per unit, with ``iso`` and ``name_en``) with ``region``
    (= iso), ``region_name`` (= name_en) and int ``mentions`` and ``documents`` from
    ``counts`` (``Store.region_counts``: region, mentions, documents), 0 where it has no row.
    CRS as given."""
    by_region = counts.set_index("region")
    out = regions.copy()
    out["region"] = out["iso"]
    out["region_name"] = out["name_en"]
    for column in ("mentions", "documents"):
        out[column] = [int(by_region[column].get(iso, 0)) for iso in out["iso"]]
    return out


def place_summary(mentions: MentionsInput) -> gpd.GeoDataFrame:
    """One Point per distinct located place (city or site) named in ``mentions``.

    Rows are mentions with ``place``, ``lat`` and ``lon`` set, grouped by (place, region,
    lat, lon). Columns PLACE_SUMMARY_COLUMNS: int ``mentions``/``documents``, ``excerpts``
    (unique, first-seen order). Sorted by mentions (desc), then place. EPSG:4326.
    """
    frame = _as_frame(mentions)
    located = frame[frame["place"].notna() & frame["lat"].notna() & frame["lon"].notna()]
    rows = []
    keys = ["place", "region", "lat", "lon"]
    for (place, region, lat, lon), group in located.groupby(keys, sort=False):
        rows.append(
            {
                "place": str(place),
                "region": str(region),
                "region_name": region_name(str(region)),
                "lat": float(lat),
                "lon": float(lon),
                "mentions": len(group),
                "documents": int(group["doc"].nunique()),
                "excerpts": _unique_in_order(group["excerpt"]),
            }
        )
    table = pd.DataFrame(rows, columns=PLACE_SUMMARY_COLUMNS[:-1])
    table = table.astype({"mentions": "int64", "documents": "int64"})
    geometry = gpd.points_from_xy(table["lon"], table["lat"], crs=WGS84)
    out = gpd.GeoDataFrame(table, geometry=geometry, crs=WGS84)
    return out.sort_values(["mentions", "place"], ascending=[False, True], ignore_index=True)
