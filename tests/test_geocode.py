"""Tests for mentionmap.geocode: loaders, lookups and the mention summaries (issue 2 item 5)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mentionmap import geocode
from mentionmap.mentions import Mention

TEXT_A = "Donetsk was shelled. Mariupol too. Kherson's port was hit."
TEXT_B = "In Mariupol, the Donetsk Oblast governor spoke."


def _m(text: str, surface: str, region: str, kind: str = "region", **place) -> Mention:
    start = text.index(surface)
    sent_start = text.rfind(". ", 0, start)
    sent_start = 0 if sent_start < 0 else sent_start + 2
    sent_end = text.find(".", start) + 1
    return Mention(
        region=region,
        surface=surface,
        start=start,
        end=start + len(surface),
        kind=kind,
        excerpt=text[sent_start:sent_end],
        excerpt_start=sent_start,
        **place,
    )


MARIUPOL = {"place": "Mariupol", "lat": 47.09514, "lon": 37.54131}
RECORDS = [
    ("a", _m(TEXT_A, "Donetsk", "UA-14")),
    ("a", _m(TEXT_A, "Mariupol", "UA-14", "city", **MARIUPOL)),
    ("a", _m(TEXT_A, "Kherson", "UA-65")),
    ("b", _m(TEXT_B, "Mariupol", "UA-14", "city", **MARIUPOL)),
    ("b", _m(TEXT_B, "Donetsk Oblast", "UA-14")),
]


def test_issue2_load_regions_columns_and_crs():
    for detail in (False, True):
        regions = geocode.load_regions(detail=detail)
        assert list(regions.columns) == [*geocode.REGION_COLUMNS, "geometry"]
        assert regions.crs.to_epsg() == 4326
        assert list(regions["iso"]) == sorted(regions["iso"])
        assert len(regions) == 27
        claimed = dict(zip(regions["iso"], regions["claimed_by_russia"], strict=True))
        assert claimed["UA-43"] == 2014 and claimed["UA-65"] == 2022 and claimed["UA-46"] is None


def test_load_regions_returns_copies():
    first = geocode.load_regions()
    first.loc[0, "name_en"] = "changed"
    assert geocode.load_regions().loc[0, "name_en"] != "changed"
    neighbours = geocode.load_neighbours()
    neighbours["name"] = "changed"
    assert "changed" not in set(geocode.load_neighbours()["name"])


def test_issue2_region_name():
    assert geocode.region_name("UA-23") == "Zaporizhzhia Oblast"
    assert geocode.region_name("UA-30") == "Kyiv"
    with pytest.raises(KeyError, match="UA-99"):
        geocode.region_name("UA-99")


@pytest.mark.parametrize(
    ("lat", "lon", "iso"),
    [
        (48.00, 37.80, "UA-14"),
        (44.95, 34.10, "UA-43"),
        (47.84, 35.14, "UA-23"),
        (48.57, 39.31, "UA-09"),
        (50.45, 30.52, "UA-30"),
        (50.35, 30.95, "UA-32"),
        (44.60, 33.52, "UA-40"),
        (55.75, 37.62, None),  # Moscow
        (45.0, 31.0, None),  # Black Sea
    ],
)
def test_issue2_locate(lat, lon, iso):
    assert geocode.locate(lat, lon) == iso


def test_issue4_locate_tolerance_for_kherson_bank():
    assert geocode.locate(46.63695, 32.61458) is None
    assert geocode.locate(46.63695, 32.61458, tolerance_m=5000) == "UA-65"
    assert geocode.locate(52.52, 13.40, tolerance_m=5000) is None  # Berlin


def test_mentions_frame_columns_and_values():
    frame = geocode.mentions_frame(RECORDS)
    assert list(frame.columns) == geocode.MENTION_COLUMNS
    assert len(frame) == 5
    assert (
        list(frame["region_name"])
        == ["Donetsk Oblast"] * 2 + ["Kherson Oblast"] + ["Donetsk Oblast"] * 2
    )
    first = frame.iloc[0]
    assert TEXT_A[first["start"] : first["end"]] == first["surface"] == "Donetsk"
    assert frame["place"].iloc[0] is None and frame["place"].iloc[1] == "Mariupol"
    assert frame["start"].dtype.kind == "i"


def test_mentions_frame_empty_keeps_columns():
    frame = geocode.mentions_frame([])
    assert list(frame.columns) == geocode.MENTION_COLUMNS
    assert len(frame) == 0
    assert frame["start"].dtype.kind == "i" and frame["lat"].dtype.kind == "f"


def test_issue2_region_summary_counts_and_excerpts():
    summary = geocode.region_summary(geocode.mentions_frame(RECORDS))
    assert len(summary) == 27 and summary.crs.to_epsg() == 4326
    assert list(summary["iso"]) == sorted(summary["iso"])
    by_iso = summary.set_index("iso")
    assert by_iso.loc["UA-14", "mentions"] == 4
    assert by_iso.loc["UA-14", "documents"] == 2
    assert by_iso.loc["UA-65", "mentions"] == 1 and by_iso.loc["UA-65", "documents"] == 1
    assert by_iso.loc["UA-14", "excerpts"] == [
        "Donetsk was shelled.",
        "Mariupol too.",
        "In Mariupol, the Donetsk Oblast governor spoke.",
    ]
    assert by_iso.loc["UA-46", "mentions"] == 0 and by_iso.loc["UA-46", "excerpts"] == []
    assert summary["mentions"].sum() == len(RECORDS)
    assert summary["mentions"].dtype.kind == "i" and summary["documents"].dtype.kind == "i"
    assert by_iso.loc["UA-14", "region_name"] == "Donetsk Oblast"


def test_region_summary_is_json_safe():
    summary = geocode.region_summary(geocode.mentions_frame(RECORDS))
    collection = json.loads(summary.to_json())
    props = {f["properties"]["iso"]: f["properties"] for f in collection["features"]}
    assert props["UA-14"]["mentions"] == 4
    assert props["UA-14"]["excerpts"][0] == "Donetsk was shelled."
    assert props["UA-43"]["claimed_by_russia"] == 2014
    assert props["UA-46"]["claimed_by_russia"] is None
    for row in summary.drop(columns="geometry").to_dict("records"):
        json.dumps(row)  # plain Python values only


def test_region_summary_accepts_pairs_and_mapping():
    by_doc: dict[str, list[Mention]] = {}
    for doc, mention in RECORDS:
        by_doc.setdefault(doc, []).append(mention)
    expected = geocode.region_summary(geocode.mentions_frame(RECORDS))
    for given in (RECORDS, by_doc):
        got = geocode.region_summary(given)
        assert list(got["mentions"]) == list(expected["mentions"])
        assert list(got["documents"]) == list(expected["documents"])


def test_region_summary_empty_and_custom_regions():
    detail = geocode.load_regions(detail=True)
    summary = geocode.region_summary(geocode.mentions_frame([]), detail)
    assert len(summary) == 27
    assert summary["mentions"].sum() == 0 and summary["documents"].sum() == 0
    assert summary.geometry.equals(detail.geometry)


def test_issue4_place_summary_points():
    places = geocode.place_summary(geocode.mentions_frame(RECORDS))
    assert places.crs.to_epsg() == 4326
    assert list(places.columns) == geocode.PLACE_SUMMARY_COLUMNS
    assert len(places) == 1
    row = places.iloc[0]
    assert (row["place"], row["region"], row["mentions"], row["documents"]) == (
        "Mariupol",
        "UA-14",
        2,
        2,
    )
    assert (row.geometry.x, row.geometry.y) == (MARIUPOL["lon"], MARIUPOL["lat"])
    assert geocode.locate(row.geometry.y, row.geometry.x) == row["region"]


def test_place_summary_empty():
    places = geocode.place_summary(geocode.mentions_frame([]))
    assert len(places) == 0
    assert list(places.columns) == geocode.PLACE_SUMMARY_COLUMNS
    assert places.crs.to_epsg() == 4326


def test_issue5_with_counts_fills_every_unit_and_zeroes_the_rest():
    regions = geocode.load_regions()
    counts = pd.DataFrame({"region": ["UA-14", "UA-65"], "mentions": [5, 2], "documents": [3, 1]})
    out = geocode.with_counts(regions, counts)
    assert len(out) == 27 and out.crs == regions.crs and "mentions" not in regions
    by_iso = out.set_index("iso")
    assert (by_iso.loc["UA-14", "mentions"], by_iso.loc["UA-14", "documents"]) == (5, 3)
    assert int(by_iso["mentions"].sum()) == 7 and int(by_iso.loc["UA-46", "documents"]) == 0
    assert list(out["region"]) == list(out["iso"])
    assert list(out["region_name"]) == list(out["name_en"])
