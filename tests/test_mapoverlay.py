"""Tests for mentionmap.mapoverlay: display geometry, place markers in a cluster, the
selected region's outline."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import pytest
from test_mapview import HOSTILE, REPO, _descendants, counted_regions

from mentionmap import geocode, mapassets, mapoverlay, mapstyle, mapview
from mentionmap.datafiles import geodata_path


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return counted_regions()


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


def test_display_geometry_keeps_27_valid_regions_and_shrinks_payload():
    raw = gpd.read_file(geodata_path("ukraine_admin1.geojson"))
    shown = mapoverlay.display_geometry(raw)
    assert len(shown) == 27 and shown.geometry.is_valid.all()
    assert shown.crs.to_epsg() == 4326
    size = len(shown.to_json())
    assert size < len(raw.to_json())


def test_issue5_selected_region_is_outlined_without_catching_clicks():
    regions = geocode.load_regions()
    group = mapoverlay.build_selection(regions, "UA-14")
    fmap = folium.Map()
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert mapstyle.SELECTED_CLASS in page and '"interactive": false' in page
    assert '"weight": 3' in page and '"fill": false' in page
    assert mapoverlay.build_selection(regions, "UA-99")._children == {}
