"""Tests for mentionmap.regionmeta: the region names and attributes read as plain JSON are
the ones geopandas reads from the same file (issue 5: the dashboard's first elements)."""

from __future__ import annotations

import pandas as pd

from mentionmap import geocode, regionmeta


def test_issue5_region_info_equals_the_geodataframe_without_geometry() -> None:
    expected = pd.DataFrame(geocode.load_regions().drop(columns="geometry"))
    got = regionmeta.region_info()
    pd.testing.assert_frame_equal(got, expected[list(got.columns)], check_dtype=False)
    assert list(got.columns) == geocode.REGION_COLUMNS
    assert got["claimed_by_russia"].map(lambda v: v is None or isinstance(v, int)).all()
    assert got["claimed_by_russia"].notna().sum() > 0  # some units carry a year


def test_issue5_region_names_are_the_27_units() -> None:
    names = regionmeta.region_names()
    assert len(names) == 27
    regions = geocode.load_regions()
    assert names == dict(zip(regions["iso"], regions["name_en"], strict=True))


def test_issue5_region_summary_fills_zeros_and_keeps_counts() -> None:
    counts = pd.DataFrame({"region": ["UA-14", "UA-43"], "mentions": [5, 2], "documents": [3, 1]})
    summary = regionmeta.region_summary(counts).set_index("iso")
    assert len(summary) == 27
    assert summary.loc["UA-14", ["mentions", "documents"]].tolist() == [5, 3]
    assert summary.loc["UA-43", "region_name"] == "Autonomous Republic of Crimea"
    assert int(summary["mentions"].sum()) == 7 and int(summary["documents"].sum()) == 4
    assert (summary["region"] == summary.index).all()
    assert regionmeta.region_info().shape == (27, 7)  # the shared frame is not changed
