"""Tests for mentionmap.queries: the store's read methods (counts by region and place,
totals, timeline, newest first, rows by id, facets) and the frames they return."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_matches import add_articles
from test_store import _article, fill_store

from mentionmap.filters import Filters
from mentionmap.mentions import Mention
from mentionmap.store import open_store


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path / "m.sqlite") as s:
        yield s


@pytest.fixture
def filled(db):
    """The four articles of test_store's ``filled`` store."""
    return fill_store(db)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The six articles of test_matches (keyword "convoy" in three languages)."""
    path = Path(tmp_path_factory.mktemp("queries")) / "m.sqlite"
    with open_store(path) as s:
        add_articles(s)
        yield s


def test_region_counts_mentions_and_documents(filled) -> None:
    counts = filled.region_counts().set_index("region")
    assert counts.loc["UA-14", "mentions"] == 5  # a1, a2, a3, a4 x2
    assert counts.loc["UA-14", "documents"] == 4
    assert counts.loc["UA-65", "mentions"] == 2
    assert list(counts.index) == ["UA-14", "UA-65"]


def test_mentions_frame_carries_offsets_and_article_metadata(filled) -> None:
    frame = filled.mentions(Filters(regions=("UA-65",), langs=("en",)))
    row = frame.iloc[0]
    assert (row["surface"], row["start"], row["end"]) == ("Kherson", 12, 19)
    assert row["url"] == "https://x.test/a1" and row["day"] == "2022-10-03"
    text = filled.article_text(int(row["article_id"]))
    assert text[row["start"] : row["end"]] == row["surface"]


def test_issue5_totals_follow_every_filter(filled) -> None:
    assert filled.totals() == (4, 7)
    assert filled.totals(Filters(langs=("en",))) == (2, 4)
    assert filled.totals(Filters(start=date(2022, 10, 4))) == (2, 3)
    assert filled.totals(Filters(regions=("UA-65",))) == (2, 2)
    assert filled.totals(Filters(keyword="coal")) == (1, 2)
    frame = filled.mentions(Filters(langs=("uk",), start=date(2022, 10, 1)))
    assert filled.totals(Filters(langs=("uk",), start=date(2022, 10, 1))) == (
        frame["doc"].nunique(),
        len(frame),
    )


def test_timeline_by_day_and_by_week(filled) -> None:
    daily = filled.timeline(freq="D")
    assert set(daily["period"].dt.strftime("%Y-%m-%d")) == {
        "2022-10-03",
        "2022-10-05",
        "2022-10-12",
    }
    weekly = filled.timeline(Filters(regions=("UA-14",)), freq="W")
    by_week = dict(zip(weekly["period"].dt.strftime("%Y-%m-%d"), weekly["mentions"], strict=True))
    assert by_week == {"2022-10-03": 2, "2022-10-10": 1}  # weeks start on Monday; a4 undated
    assert (weekly["period"].dt.day_of_week == 0).all()
    with pytest.raises(ValueError, match="freq"):
        filled.timeline(freq="M")


def test_date_range_and_languages(filled) -> None:
    assert filled.date_range() == (date(2022, 10, 3), date(2022, 10, 12))
    assert filled.languages() == ["en", "ru", "uk"]


def test_mentions_frame_feeds_geocode_region_summary(filled) -> None:
    from mentionmap.geocode import region_summary

    summary = region_summary(filled.mentions()).set_index("iso")
    assert summary.loc["UA-14", "mentions"] == 5 and summary.loc["UA-14", "documents"] == 4
    assert summary.loc["UA-65", "documents"] == 2
    assert summary["mentions"].sum() == 7


def test_issue5_version_grows_with_each_added_article(db) -> None:
    assert db.version() == 0
    db.add_article(_article("v1", "Kherson."), [])
    first = db.version()
    assert not db.add_article(_article("v1", "Kherson."), [])  # a duplicate changes nothing
    assert db.version() == first
    db.add_article(_article("v2", "Odesa."), [])
    assert db.version() > first


def test_issue5_newest_first_with_limit(filled) -> None:
    newest = filled.mentions(newest_first=True, limit=3)
    assert list(newest["day"]) == ["2022-10-12", "2022-10-05", "2022-10-05"]
    oldest = filled.mentions()
    assert oldest["day"].iloc[0] == "2022-10-03" and not isinstance(oldest["day"].iloc[-1], str)
    undated = filled.mentions(newest_first=True)["day"].iloc[-1]
    assert not isinstance(undated, str)  # undated still last
    arts = filled.articles(newest_first=True, limit=2)
    assert list(arts["doc"]) == ["a3", "a2"]
    assert list(filled.articles()["doc"]) == ["a1", "a2", "a3", "a4"]


def test_issue5_place_counts_aggregate_located_mentions(db) -> None:
    text = "Strikes on Mariupol. Mariupol and Kramatorsk again."
    found = []
    for surface, lat, lon in (("Mariupol", 47.1, 37.5), ("Kramatorsk", 48.7, 37.6)):
        start = text.find(surface)
        while start >= 0:
            found.append(
                Mention(
                    "UA-14",
                    surface,
                    start,
                    start + len(surface),
                    "city",
                    text,
                    0,
                    place=surface,
                    lat=lat,
                    lon=lon,
                )
            )
            start = text.find(surface, start + 1)
    found.append(Mention("UA-14", "Donbas", 0, 0, "area", text, 0))  # not a place
    db.add_article(_article("p1", text, lang="en", published="2024-01-02"), found)
    db.add_article(
        _article("p2", "Mariupol port.", lang="en", published="2024-02-01"),
        [
            Mention(
                "UA-14",
                "Mariupol",
                0,
                8,
                "city",
                "Mariupol port.",
                0,
                place="Mariupol",
                lat=47.1,
                lon=37.5,
            )
        ],
    )
    counts = db.place_counts()
    assert list(counts.columns) == ["place", "region", "lat", "lon", "mentions", "documents"]
    assert counts.iloc[0].to_dict() == {
        "place": "Mariupol", "region": "UA-14", "lat": 47.1, "lon": 37.5,
        "mentions": 3, "documents": 2,
    }  # fmt: skip
    assert list(db.place_counts(Filters(end=date(2024, 1, 31)))["mentions"]) == [2, 1]
    assert len(db.place_counts(limit=1)) == 1


@pytest.mark.parametrize("keyword", [None, "donetsk", "світла"])
def test_issue5_latest_by_region_matches_one_query_per_region(filled, keyword) -> None:
    filters = Filters(keyword=keyword)
    got = filled.latest_by_region(filters, 1)
    expected = {
        region: filled.mentions(
            Filters(keyword=keyword, regions=(region,)), limit=1, newest_first=True
        )["start"].tolist()
        for region in filled.region_counts(filters)["region"]
    }
    assert {r: g["start"].tolist() for r, g in got.groupby("region")} == expected
    assert list(got.columns) == list(filled.mentions().columns)


def test_issue5_rows_by_id_keep_the_order_asked_for(store) -> None:
    ids = list(store.matching_mentions(Filters(keyword="convoy"))["id"])
    assert (
        list(store.mentions_by_id(ids[::-1])["start"])
        == list(store.mentions_by_id(ids)["start"])[::-1]
    )
    assert store.mentions_by_id([]).empty
    assert list(store.mentions_by_id([]).columns) == list(store.mentions().columns)
