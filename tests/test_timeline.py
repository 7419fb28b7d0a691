"""The timeline: top regions plus "other", zero-filling, one selected region, and the chart spec."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from mentionmap.timeline import (
    OTHER,
    OTHER_NAME,
    SELECTION,
    TOP_REGIONS,
    ZOOM,
    selected_region,
    timeline_chart,
    timeline_frame,
)

NAMES = {"UA-14": "Donetsk Oblast", "UA-30": "Kyiv", "UA-43": "Crimea", "UA-63": "Kharkiv Oblast"}


def store_frame(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    """A frame shaped like ``Store.timeline()``: (day, region, mentions, documents) rows."""
    frame = pd.DataFrame(rows, columns=["period", "region", "mentions", "documents"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


# Weekly buckets (Mondays): 2024-01-01, -08, -15, -22. Totals: UA-14 9, UA-30 5, UA-43 5,
# UA-63 2, UA-40 1 -> top 2 are UA-14 and (tie by code) UA-30.
WEEKLY = store_frame(
    [
        ("2024-01-01", "UA-14", 4, 2),
        ("2024-01-01", "UA-30", 3, 1),
        ("2024-01-01", "UA-63", 2, 2),
        ("2024-01-15", "UA-14", 5, 3),
        ("2024-01-15", "UA-43", 5, 1),
        ("2024-01-22", "UA-30", 2, 2),
        ("2024-01-22", "UA-40", 1, 1),
    ]
)
MONDAYS = list(pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]))


def series(frame: pd.DataFrame, code: str) -> list[tuple[pd.Timestamp, int]]:
    part = frame[frame["region"] == code]
    return list(zip(part["period"], part["mentions"], strict=True))


def test_top_regions_and_other() -> None:
    out = timeline_frame(WEEKLY, region=None, top=2, freq="W")
    assert list(out.columns) == ["period", "region", "mentions", "documents"]
    assert list(dict.fromkeys(out["region"])) == ["UA-14", "UA-30", OTHER]
    assert series(out, OTHER) == list(zip(MONDAYS, [2, 0, 5, 1], strict=True))
    other = out[out["region"] == OTHER]
    assert list(other["documents"]) == [2, 0, 1, 1]


def test_top_plus_other_preserves_totals() -> None:
    for top in (0, 1, 2, 3, 5, 10):
        out = timeline_frame(WEEKLY, region=None, top=top, freq="W")
        assert out["mentions"].sum() == WEEKLY["mentions"].sum()
        assert out["documents"].sum() == WEEKLY["documents"].sum()
        assert out["region"].nunique() == min(top, 5) + (1 if top < 5 else 0)


def test_no_other_series_when_all_regions_fit() -> None:
    out = timeline_frame(WEEKLY, region=None, freq="W")
    assert OTHER not in set(out["region"])
    assert set(out["region"]) == set(WEEKLY["region"])  # 5 regions <= TOP_REGIONS
    assert TOP_REGIONS >= 5


def test_ties_broken_by_code() -> None:
    frame = store_frame([("2024-01-01", code, 1, 1) for code in ("UA-63", "UA-14", "UA-30")])
    out = timeline_frame(frame, region=None, top=2, freq="D")
    assert list(out["region"]) == ["UA-14", "UA-30", OTHER]


def test_zero_fill_weeks() -> None:
    out = timeline_frame(WEEKLY, region=None, freq="W")
    for code in WEEKLY["region"].unique():
        part = out[out["region"] == code]
        assert list(part["period"]) == MONDAYS  # every Monday-week, first to last
    assert series(out, "UA-14") == list(zip(MONDAYS, [4, 0, 5, 0], strict=True))
    assert out["mentions"].dtype == "int64" and out["documents"].dtype == "int64"


def test_zero_fill_days() -> None:
    frame = store_frame([("2024-02-27", "UA-30", 2, 1), ("2024-03-02", "UA-30", 1, 1)])
    out = timeline_frame(frame, region=None, freq="D")
    assert [p.strftime("%m-%d") for p in out["period"]] == [
        "02-27", "02-28", "02-29", "03-01", "03-02"
    ]  # fmt: skip
    assert list(out["mentions"]) == [2, 0, 0, 0, 1]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (["2024-01-01", "2024-01-15"], 3),  # Mondays two weeks apart: weeks
        (["2024-01-01", "2024-01-03"], 3),  # not all Mondays: days
    ],
)
def test_freq_inferred_when_not_given(days: list[str], expected: int) -> None:
    frame = store_frame([(day, "UA-14", 1, 1) for day in days])
    assert len(timeline_frame(frame, region=None)) == expected


def test_selected_region_only() -> None:
    out = timeline_frame(WEEKLY, region="UA-30", freq="W")
    assert set(out["region"]) == {"UA-30"}
    assert series(out, "UA-30") == list(zip(MONDAYS, [3, 0, 0, 2], strict=True))
    assert out["mentions"].sum() == 5


def test_selected_region_ignores_top() -> None:
    out = timeline_frame(WEEKLY, region="UA-40", top=1, freq="W")
    assert list(out["region"]) == ["UA-40"]  # below the top 1, still shown alone, no "other"


def test_selected_region_without_mentions_is_empty() -> None:
    assert timeline_frame(WEEKLY, region="UA-05", freq="W").empty


def test_empty_frames() -> None:
    empty = WEEKLY.iloc[0:0]
    out = timeline_frame(empty, region=None)
    assert out.empty and list(out.columns) == ["period", "region", "mentions", "documents"]
    assert timeline_frame(pd.DataFrame(), region=None).empty
    assert timeline_chart(empty, NAMES, region=None) is None
    assert timeline_chart(WEEKLY, NAMES, region="UA-05") is None


# --- the chart ---


def walk(node: object) -> Iterator[tuple[str, object]]:
    """Every (key, value) pair in a nested spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def spec(region: str | None = None, freq: str = "W", top: int = 2) -> dict:
    chart = timeline_chart(WEEKLY, NAMES, region=region, freq=freq, top=top)
    assert chart is not None
    return chart.to_dict()


def rows(chart_spec: dict) -> list[dict]:
    (values,) = chart_spec["datasets"].values()
    return values


def test_chart_selection_param() -> None:
    params = {p["name"]: p for p in spec()["params"]}
    assert params[SELECTION]["select"] == {"type": "point", "fields": ["region"], "on": "click"}
    assert SELECTION == "region"
    # zoom and pan on the time axis only
    assert params[ZOOM]["bind"] == "scales"
    assert params[ZOOM]["select"]["encodings"] == ["x"]


def test_chart_encodings() -> None:
    s = spec()
    assert s["mark"] == {"type": "line", "point": True}
    enc = s["encoding"]
    assert enc["x"]["field"] == "period" and enc["x"]["type"] == "temporal"
    assert enc["x"]["title"] == "Week of"
    assert enc["y"]["field"] == "mentions" and enc["y"]["type"] == "quantitative"
    assert enc["color"]["field"] == "name"
    assert enc["color"]["sort"] == ["Donetsk Oblast", "Kyiv", OTHER_NAME]
    assert enc["opacity"]["condition"]["param"] == SELECTION
    assert enc["opacity"]["condition"]["value"] > enc["opacity"]["value"]  # others fade
    tips = {t["field"]: t for t in enc["tooltip"]}
    assert set(tips) == {"name", "period", "mentions", "documents"}
    assert tips["period"]["type"] == "temporal" and "format" in tips["period"]
    assert s["height"] == 220 and s["width"] == "container"


def test_chart_day_label() -> None:
    frame = store_frame([("2024-01-02", "UA-30", 1, 1), ("2024-01-04", "UA-30", 1, 1)])
    chart = timeline_chart(frame, NAMES, region=None, freq="D")
    assert chart is not None
    s = chart.to_dict()
    assert s["encoding"]["x"]["title"] == "Day"
    assert len(rows(s)) == 3  # zero-filled by day


def test_chart_data_inline_with_names() -> None:
    s = spec()
    assert not [k for k, _ in walk(s) if k == "url"]
    data = rows(s)
    assert len(data) == 3 * 4  # three series, four weeks each
    names = {(r["region"], r["name"]) for r in data}
    assert names == {("UA-14", "Donetsk Oblast"), ("UA-30", "Kyiv"), (OTHER, OTHER_NAME)}
    assert sum(r["mentions"] for r in data) == WEEKLY["mentions"].sum()


def test_chart_selected_region() -> None:
    data = rows(spec(region="UA-43"))
    assert {(r["region"], r["name"]) for r in data} == {("UA-43", "Crimea")}


def test_chart_unknown_name_falls_back_to_code() -> None:
    data = rows(spec(region="UA-40"))
    assert {r["name"] for r in data} == {"UA-40"}


def test_selected_region_from_streamlit_state() -> None:
    assert selected_region({"region": [{"region": "UA-14"}], "zoom": {}}) == "UA-14"
    assert selected_region({"region": [{"region": OTHER}]}) is None
    assert selected_region({"region": [], "zoom": {"period": [1, 2]}}) is None
    assert selected_region({}) is None
    assert selected_region(None) is None
    assert selected_region({"region": "UA-14"}) is None  # malformed


def test_week_axis_ticks_on_mondays() -> None:
    axis = spec()["encoding"]["x"]["axis"]
    ticks = [(t["year"], t["month"], t["date"]) for t in axis["values"]]
    assert ticks == [(2024, 1, 1), (2024, 1, 8), (2024, 1, 15), (2024, 1, 22)]
    assert "%Y" not in axis["format"]  # one year: no year on the ticks
    crossing = store_frame([("2023-12-25", "UA-30", 1, 1), ("2024-01-01", "UA-30", 1, 1)])
    chart = timeline_chart(crossing, NAMES, region=None, freq="W")
    assert chart is not None
    assert "%Y" in chart.to_dict()["encoding"]["x"]["axis"]["format"]
