"""Tests for mentionmap.mapview, the map builder (issue 3): regions, colours that follow
counts, escaping, tiles, zoom, cached layers."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import folium
import geopandas as gpd
import pytest

from mentionmap import mapoverlay, mapstyle, mapview
from mentionmap.datafiles import geodata_path
from mentionmap.elementtemplates import Verbatim

REPO = Path(__file__).resolve().parent.parent
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def counted_regions() -> gpd.GeoDataFrame:
    """The bundled 27 regions with a distinct mention count per region (0..26)."""
    gdf = gpd.read_file(geodata_path("ukraine_admin1.geojson"))
    gdf["mentions"] = range(len(gdf))
    gdf["documents"] = [min(m, 3) for m in gdf["mentions"]]
    return mapoverlay.display_geometry(gdf)


def neighbour_countries() -> gpd.GeoDataFrame:
    """The bundled neighbouring countries, without Ukraine."""
    gdf = gpd.read_file(geodata_path("neighbours.geojson"))
    return gdf[gdf["iso"] != "UKR"]


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return counted_regions()


@pytest.fixture(scope="module")
def neighbours() -> gpd.GeoDataFrame:
    return neighbour_countries()


def _descendants(element):
    for child in element._children.values():
        yield child
        yield from _descendants(child)


def _region_layer(fmap: folium.Map) -> folium.GeoJson:
    layers = [c for c in _descendants(fmap) if isinstance(c, folium.GeoJson)]
    return next(layer for layer in layers if layer.layer_name == "Regions")


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_map_has_all_27_regions(regions, neighbours):
    fmap = mapview.build_map(regions, neighbours=neighbours)
    features = _region_layer(fmap).data["features"]
    assert len(features) == 27
    assert {f["properties"]["iso"] for f in features} == set(regions["iso"])


def test_fill_colours_follow_counts(regions):
    features = _region_layer(mapview.build_map(regions)).data["features"]
    by_count = {
        int(row.mentions): f["properties"]["style"]["fillColor"]
        for row, f in zip(regions.itertuples(), features, strict=True)
    }
    assert by_count[0] == mapstyle.NEUTRAL_FILL
    lum = [_luminance(by_count[c]) for c in sorted(by_count) if c > 0]
    assert all(a >= b for a, b in itertools.pairwise(lum)), "more mentions, darker"
    assert lum[0] > lum[-1]
    assert len({by_count[c] for c in by_count if c > 0}) > 3


def test_tooltip_and_popup_escape_hostile_region_properties(regions):
    hostile = regions.copy()
    hostile.loc[hostile.index[0], "name_en"] = HOSTILE
    hostile.loc[hostile.index[0], "name_uk"] = HOSTILE
    hostile.loc[hostile.index[0], "status"] = HOSTILE
    fmap = mapview.build_map(hostile)
    props = _region_layer(fmap).data["features"][0]["properties"]
    for key in ("tip", "pop"):
        assert "<script" not in props[key] and "<img" not in props[key]
        assert "&lt;script&gt;" in props[key] and "&lt;img src=x" in props[key]
    html_out = fmap.get_root().render()
    assert "<script>window.__pwned" not in html_out
    assert '<img src=x onerror="window' not in html_out


def test_popup_shows_status_note_and_counts(regions):
    features = _region_layer(mapview.build_map(regions)).data["features"]
    donetsk = next(f for f in features if f["properties"]["iso"] == "UA-14")
    count = int(regions.loc[regions["iso"] == "UA-14", "mentions"].iloc[0])
    assert f"{count} mentions" in donetsk["properties"]["tip"]
    assert "Donetsk" in donetsk["properties"]["tip"]
    assert "Annexation claimed" in donetsk["properties"]["pop"]
    lviv = next(f for f in features if f["properties"]["iso"] == "UA-46")
    assert "Annexation" not in lviv["properties"]["pop"]


def test_osm_tiles_only_when_asked(regions):
    assert "tile.openstreetmap.org" not in mapview.build_map(regions).get_root().render()
    with_tiles = mapview.build_map(regions, tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in with_tiles


def test_issue3_marker_cluster_needs_map_max_zoom(regions):
    """Leaflet.markercluster throws "Map has no maxZoom specified" without it (map blank)."""
    places = gpd.GeoDataFrame(
        {"place": ["Mariupol"], "region": ["UA-14"], "mentions": [1], "documents": [1]},
        geometry=gpd.points_from_xy([37.55], [47.10]),
        crs="EPSG:4326",
    )
    rendered = mapview.build_map(regions, places).get_root().render()
    assert re.search(r'"maxZoom": \d+', rendered)


def test_issue5_unpickled_maps_share_compiled_templates_and_render_the_same(regions, neighbours):
    """The dashboard's cached layers are unpickled on every run: their elements' templates
    come from one per-process cache instead of being compiled again each time."""
    import pickle

    fmap = mapview.build_map(regions, None, neighbours)
    first, second = pickle.loads(pickle.dumps(fmap)), pickle.loads(pickle.dumps(fmap))

    def elements(fmap: folium.Map) -> list:
        root = fmap.get_root()
        return [*_descendants(root), *_descendants(root.header)]

    with_text = [e for e in elements(first) if getattr(e, "_template_str", None)]
    assert with_text  # the page has elements built from template text (its CSS, among others)
    twins = {e.get_name(): e for e in elements(second)}
    for e in with_text:  # markup compiled once and shared; text without markup kept as is
        twin = twins[e.get_name()]._template
        if isinstance(e._template, Verbatim):
            assert isinstance(twin, Verbatim) and e._template.text == twin.text
        else:
            assert e._template is twin
    html = re.sub(r"_[0-9a-f]{32}", "_ID", fmap.get_root().render())
    assert re.sub(r"_[0-9a-f]{32}", "_ID", first.get_root().render()) == html
