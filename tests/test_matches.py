"""Tests for mentionmap.matches: one read of the matching rows, counted in pandas, gives
every panel what its own store query gives (issue 5, keyword search on a large store)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mentionmap import matches
from mentionmap.articles import Article
from mentionmap.filters import Filters
from mentionmap.mentions import Mention
from mentionmap.store import open_store

KHERSON, DONETSK, KHARKIV = "UA-65", "UA-14", "UA-63"

# (doc, text, day, lang, {surface: (region, place, lat, lon)})
ARTICLES = [
    ("a1", "Convoy shelled near Kherson. Donetsk convoy held. Kharkiv quiet.", "2022-10-03", "en",
     {"Kherson": (KHERSON, "Kherson", 46.64, 32.61), "Donetsk": (DONETSK, None, None, None),
      "Kharkiv": (KHARKIV, "Kharkiv", 49.99, 36.23)}),
    ("a2", "Колона біля Херсона. Донецьк без світла, колона стоїть.", "2022-10-05", "uk",
     {"Херсона": (KHERSON, "Kherson", 46.64, 32.61), "Донецьк": (DONETSK, None, None, None)}),
    ("a3", "Колонна под Донецком. Convoy again.", "2022-10-12", "ru",
     {"Донецком": (DONETSK, "Donetsk", 48.0, 37.8)}),
    ("a4", "Convoy to Kharkiv. Convoy to Kherson. Kharkiv convoy.", None, "en",
     {"Kharkiv": (KHARKIV, "Kharkiv", 49.99, 36.23),
      "Kherson": (KHERSON, "Kherson", 46.64, 32.61)}),
    ("a5", "A convoy in Donetsk; a convoy in Kherson.", "2022-10-12", "en",
     {"Donetsk": (DONETSK, "Donetsk", 48.0, 37.8), "Kherson": (KHERSON, None, None, None)}),
    ("a6", "Kharkiv convoy, Kharkiv convoy, Kharkiv.", "2022-10-17", "en",
     {"Kharkiv": (KHARKIV, "Kharkiv", 49.99, 36.23)}),
]  # fmt: skip

FILTER_SETS = [
    Filters(keyword="convoy"),
    Filters(keyword="колон"),
    Filters(keyword="Convoy", langs=("en",)),
    Filters(keyword="convoy", start=date(2022, 10, 4)),
    Filters(keyword="convoy", end=date(2022, 10, 12), langs=("en", "ru")),
    Filters(keyword="on", regions=(KHARKIV,)),
    Filters(keyword="convoy", regions=(DONETSK, KHERSON)),
    Filters(langs=("uk", "ru")),
    Filters(),
]


def _mentions(text: str, found: dict[str, tuple]) -> list[Mention]:
    """One Mention per occurrence of each surface; the excerpt is its sentence."""
    out = []
    for surface, (region, place, lat, lon) in found.items():
        start = text.find(surface)
        while start >= 0:
            lo = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
            hi = min(i for i in (text.find(".", start), text.find(";", start), len(text)) if i >= 0)
            out.append(Mention(region, surface, start, start + len(surface), "city",
                               text[lo:hi + 1].strip(), lo, place, lat, lon))  # fmt: skip
            start = text.find(surface, start + 1)
    return sorted(out, key=lambda m: m.start)


def add_articles(store, articles=ARTICLES) -> None:
    """Add ``articles`` (rows shaped as :data:`ARTICLES`) with their mentions to ``store``."""
    for doc, text, day, lang, found in articles:
        article = Article(id=doc, text=text, title=doc, source="t", url=f"https://x.test/{doc}",
                          published=day, lang=lang)  # fmt: skip
        assert store.add_article(article, _mentions(text, found))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("matches")) / "m.sqlite"
    with open_store(path) as s:
        add_articles(s)
        yield s


def _rows(store, filters: Filters) -> pd.DataFrame:
    """As the dashboard does: one read without the region, the region applied in pandas."""
    every_region = Filters(filters.start, filters.end, filters.langs, filters.keyword)
    return matches.in_regions(store.matching_mentions(every_region), filters.regions)


def test_issue5_fixture_has_matches_and_misses(store) -> None:
    assert 0 < len(store.matching_mentions(Filters(keyword="convoy"))) < store.count()[1]


@pytest.mark.parametrize("filters", FILTER_SETS)
def test_issue5_totals_and_region_counts_equal_the_store_queries(store, filters) -> None:
    rows = _rows(store, filters)
    assert matches.totals(rows) == store.totals(filters)
    pd.testing.assert_frame_equal(matches.region_counts(rows), store.region_counts(filters))


@pytest.mark.parametrize("filters", FILTER_SETS)
def test_issue5_place_counts_equal_the_store_query(store, filters) -> None:
    rows = _rows(store, filters)
    expected = store.place_counts(filters)
    pd.testing.assert_frame_equal(matches.place_counts(rows), expected)
    pd.testing.assert_frame_equal(matches.place_counts(rows, limit=1), expected.head(1))


@pytest.mark.parametrize("freq", ["D", "W"])
@pytest.mark.parametrize("filters", FILTER_SETS)
def test_issue5_timeline_equals_the_store_query(store, filters, freq) -> None:
    pd.testing.assert_frame_equal(
        matches.timeline(_rows(store, filters), freq), store.timeline(filters, freq)
    )


@pytest.mark.parametrize("limit", [1, 3, 100])
@pytest.mark.parametrize("filters", FILTER_SETS)
def test_issue5_newest_mentions_equal_the_store_query(store, filters, limit) -> None:
    ids = matches.newest(_rows(store, filters), limit)
    expected = store.mentions(filters, limit=limit, newest_first=True)
    pd.testing.assert_frame_equal(store.mentions_by_id(ids), expected)


@pytest.mark.parametrize("per_region", [1, 2])
@pytest.mark.parametrize("filters", [f for f in FILTER_SETS if f.keyword])
def test_issue5_newest_by_region_equals_the_store_query(store, filters, per_region) -> None:
    ids = matches.newest_by_region(_rows(store, filters), per_region)
    expected = store.latest_by_region(filters, per_region)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(store.mentions_by_id(ids), expected)


@pytest.mark.parametrize("limit", [1, 2, None])
@pytest.mark.parametrize("filters", FILTER_SETS)
def test_issue5_newest_articles_equal_the_store_query(store, filters, limit) -> None:
    newest = matches.newest_articles(_rows(store, filters), limit)
    expected = store.articles(filters, limit=limit, newest_first=True)
    got = store.articles_by_id(newest["article_id"]).assign(mentions=newest["mentions"].values)
    if not (filters.keyword or filters.regions):  # the store counts all of an article's mentions
        got["mentions"] = got["n_mentions"]
    pd.testing.assert_frame_equal(got, expected)


def test_issue5_empty_match_gives_empty_panels(store) -> None:
    rows = _rows(store, Filters(keyword="zzzz-no-such-text"))
    assert rows.empty
    assert matches.totals(rows) == (0, 0)
    assert matches.region_counts(rows).empty
    assert matches.place_counts(rows).empty
    assert matches.timeline(rows, "W").empty
    assert matches.newest(rows, 5) == [] and matches.newest_by_region(rows, 5) == []
    assert matches.newest_articles(rows, 5).empty
