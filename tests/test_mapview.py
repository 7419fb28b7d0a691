"""Map builder (issue 3): regions, colours that follow counts, escaping, offline assets."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import folium
import geopandas as gpd
import pytest

from mentionmap import geocode, mapassets, mapoverlay, mapstyle, mapview
from mentionmap.datafiles import geodata_path
from mentionmap.elementtemplates import Verbatim

REPO = Path(__file__).resolve().parent.parent
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    """The bundled 27 regions with a distinct mention count per region (0..26)."""
    gdf = gpd.read_file(geodata_path("ukraine_admin1.geojson"))
    gdf["mentions"] = range(len(gdf))
    gdf["documents"] = [min(m, 3) for m in gdf["mentions"]]
    return mapoverlay.display_geometry(gdf)


@pytest.fixture(scope="module")
def neighbours() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(geodata_path("neighbours.geojson"))
    return gdf[gdf["iso"] != "UKR"]


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


@pytest.mark.parametrize("max_count", [1, 2, 5, 6, 7, 12, 100, 12345])
def test_count_classes_cover_every_count_once(max_count):
    classes = mapstyle.count_classes(max_count)
    covered = [v for low, high in classes for v in range(low, high + 1)]
    assert covered == list(range(1, max_count + 1))
    assert len(classes) <= mapstyle.MAX_CLASSES


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


def test_map_loads_only_vendored_assets(regions, neighbours):
    fmap = mapview.build_map(regions, neighbours=neighbours)
    urls = mapassets.asset_urls(fmap)
    assert urls, "the map must declare its Leaflet files"
    for url in urls:
        assert url.startswith(mapassets.STATIC_URL + "/"), url
        assert (REPO / "static" / url.removeprefix(mapassets.STATIC_URL + "/")).is_file(), url
    rendered = fmap.get_root().render()
    remote = [u for u in re.findall(r"""(?:src|href)=["']([^"']+)""", rendered) if "//" in u]
    assert remote == []


def test_places_are_clustered_markers_with_vendored_cluster_assets(regions):
    places = gpd.GeoDataFrame(
        {
            "place": ["Mariupol", HOSTILE],
            "region": ["UA-14", "UA-23"],
            "mentions": [3, 1],
            "documents": [1, 1],
        },
        geometry=gpd.points_from_xy([37.55, 34.65], [47.10, 47.50]),
        crs="EPSG:4326",
    )
    fmap = mapview.build_map(regions, places)
    clusters = [c for c in _descendants(fmap) if isinstance(c, folium.plugins.MarkerCluster)]
    assert len(clusters) == 1
    layer = next(iter(clusters[0]._children.values()))
    props = [f["properties"] for f in layer.data["features"]]
    assert [p["iso"] for p in props] == ["UA-14", "UA-23"]
    assert "<script" not in json.dumps(props)
    urls = mapassets.asset_urls(fmap)
    assert any(u.endswith("leaflet.markercluster.js") for u in urls)
    for url in urls:
        assert (REPO / "static" / url.removeprefix(mapassets.STATIC_URL + "/")).is_file(), url


def test_osm_tiles_only_when_asked(regions):
    assert "tile.openstreetmap.org" not in mapview.build_map(regions).get_root().render()
    with_tiles = mapview.build_map(regions, tiles=True).get_root().render()
    assert "tile.openstreetmap.org" in with_tiles


def test_display_geometry_keeps_27_valid_regions_and_shrinks_payload():
    raw = gpd.read_file(geodata_path("ukraine_admin1.geojson"))
    shown = mapoverlay.display_geometry(raw)
    assert len(shown) == 27 and shown.geometry.is_valid.all()
    assert shown.crs.to_epsg() == 4326
    size = len(shown.to_json())
    assert size < len(raw.to_json())


def test_issue3_marker_cluster_needs_map_max_zoom(regions):
    """Leaflet.markercluster throws "Map has no maxZoom specified" without it (map blank)."""
    places = gpd.GeoDataFrame(
        {"place": ["Mariupol"], "region": ["UA-14"], "mentions": [1], "documents": [1]},
        geometry=gpd.points_from_xy([37.55], [47.10]),
        crs="EPSG:4326",
    )
    rendered = mapview.build_map(regions, places).get_root().render()
    assert re.search(r'"maxZoom": \d+', rendered)


def test_issue5_selected_region_is_outlined_without_catching_clicks():
    regions = geocode.load_regions()
    group = mapoverlay.build_selection(regions, "UA-14")
    fmap = folium.Map()
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert mapstyle.SELECTED_CLASS in page and '"interactive": false' in page
    assert '"weight": 3' in page and '"fill": false' in page
    assert mapoverlay.build_selection(regions, "UA-99")._children == {}


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
