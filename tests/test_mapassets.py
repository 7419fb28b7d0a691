"""Tests for mentionmap.mapassets: the map declares only vendored Leaflet files, served
from the app's static folder (no remote request)."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from test_mapview import REPO, counted_regions, neighbour_countries

from mentionmap import mapassets, mapview


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    return counted_regions()


@pytest.fixture(scope="module")
def neighbours() -> gpd.GeoDataFrame:
    return neighbour_countries()


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
