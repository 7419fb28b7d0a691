"""Tests for mentionmap.ui_maplayers: a prerendered layer reaches the browser as exactly the
script streamlit-folium makes of the layer itself (issue 5, fast reruns on a large store)."""

from __future__ import annotations

import pickle

import geopandas as gpd
import pytest
from test_mapview import HOSTILE, counted_regions

from mentionmap import mapoverlay, mapview
from mentionmap.ui_maplayers import RenderedLayer, prerender


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return counted_regions()


@pytest.fixture(scope="module")
def places() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"place": ["Mariupol", HOSTILE, "Kherson"], "region": ["UA-14", "UA-23", "UA-65"],
         "mentions": [3, 1, 2], "documents": [1, 1, 2]},
        geometry=gpd.points_from_xy([37.55, 34.65, 32.61], [47.10, 47.50, 46.64]),
        crs="EPSG:4326",
    )  # fmt: skip


def _sent(layers) -> str:
    """What st_folium sends the browser for ``feature_group_to_add=layers`` (its own
    steps: the map's script first, which names the map map_div, then each layer)."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    fmap = mapview.build_base_map(None, tiles=False, height=600)
    fmap.get_root().render()
    _get_map_string(fmap)
    return "".join(_get_feature_group_string(g, map=fmap, idx=i) for i, g in enumerate(layers))


def test_issue5_prerendered_layers_send_the_same_script(regions, places):
    overlay = mapoverlay.build_overlay(regions, places)
    selection = mapoverlay.build_selection(regions, "UA-65")
    copies = pickle.loads(pickle.dumps([overlay, selection]))  # as st.cache_data hands them
    expected = _sent(copies)
    rendered = [prerender(layer, i) for i, layer in enumerate([overlay, selection])]
    assert all(isinstance(layer, RenderedLayer) for layer in rendered)
    again = pickle.loads(pickle.dumps(rendered))
    assert _sent(again) == expected
    assert _sent(pickle.loads(pickle.dumps(rendered))) == expected  # every rerun alike
    assert "L.geoJson" in expected and "markerClusterGroup" in expected
    assert expected.count("map_div.addLayer(feature_group_feature_group_0)") == 1


def test_issue5_prerendered_text_keeps_article_text_escaped(regions, places):
    script = prerender(mapoverlay.build_overlay(regions, places), 0).script
    assert HOSTILE not in script and "<img" not in script and "<script>" not in script
    assert "\\u0026lt;img src=x onerror=" in script  # the place name, as escaped text
