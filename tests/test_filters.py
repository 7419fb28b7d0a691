"""Tests for mentionmap.filters: what each Filters field keeps (inclusive dates, undated
articles, languages, regions, keywords in any script, taken literally) and the SQL
conditions that apply them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_store import _article, _mentions, fill_store

from mentionmap.filters import Filters
from mentionmap.store import open_store


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path / "m.sqlite") as s:
        yield s


@pytest.fixture
def filled(db):
    """The four articles of test_store's ``filled`` store."""
    return fill_store(db)


def test_date_filter_is_inclusive_and_drops_undated(filled) -> None:
    f = Filters(start=date(2022, 10, 5), end=date(2022, 10, 12))
    assert set(filled.articles(f)["doc"]) == {"a2", "a3"}
    assert set(filled.articles(Filters())["doc"]) == {"a1", "a2", "a3", "a4"}
    assert set(filled.mentions(Filters(end=date(2022, 10, 4)))["doc"]) == {"a1"}


def test_language_and_region_filters(filled) -> None:
    assert set(filled.articles(Filters(langs=("uk", "ru")))["doc"]) == {"a2", "a3"}
    kherson = filled.articles(Filters(regions=("UA-65",)))
    assert set(kherson["doc"]) == {"a1", "a2"}
    assert list(kherson["mentions"]) == [1, 1]
    m = filled.mentions(Filters(regions=("UA-14",), langs=("en",)))
    assert list(m["surface"]) == ["Donetsk", "Donetsk", "Donetsk"]


def test_keyword_search_over_excerpts_is_case_insensitive_in_cyrillic(filled) -> None:
    hits = filled.mentions(Filters(keyword="ОБСТРЕЛ"))
    assert set(hits["doc"]) == {"a3"}
    assert set(filled.mentions(Filters(keyword="  coal "))["doc"]) == {"a4"}
    assert filled.region_counts(Filters(keyword="nothing like this")).empty


def test_keyword_wildcards_are_literal(db) -> None:
    for doc_id, text in [
        ("p", "Prices in Kherson rose 5% in a week."),
        ("q", "Kherson: 50 items."),
    ]:
        db.add_article(_article(doc_id, text), _mentions(text, {"Kherson": "UA-65"}))
    assert set(db.mentions(Filters(keyword="5%"))["doc"]) == {"p"}
    assert set(db.mentions(Filters(keyword="kherson_"))["doc"]) == set()
    assert set(db.mentions(Filters(keyword="KHERSON"))["doc"]) == {"p", "q"}
    assert set(db.mentions(Filters(keyword='"50'))["doc"]) == set()  # quotes are literal too


def test_short_keywords_scan_without_the_index(filled) -> None:
    assert set(filled.mentions(Filters(keyword="ОБ"))["doc"]) == {"a3"}  # обстрел
    assert set(filled.mentions(Filters(keyword="co"))["doc"]) == {"a4"}  # coal
