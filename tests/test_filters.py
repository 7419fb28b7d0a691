"""Tests for mentionmap.filters: what each Filters field keeps (inclusive dates, undated
articles, languages, regions, keywords in any script, taken literally) and the SQL
conditions that apply them."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from test_store import _article, _mentions, fill_store

from mentionmap.filters import (
    Filters,
    countable,
    counts_where_sql,
    indexed_params,
    sql_contains,
    where_sql,
)
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


def _day_rows(condition: str, params: list[object]) -> list[tuple[str, str, str]]:
    """Rows of a small count table ``d`` kept by a condition (a missing day stored as '')."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE d (day TEXT, lang TEXT, region TEXT)")
    conn.executemany(
        "INSERT INTO d VALUES (?, ?, ?)",
        [("2024-01-01", "en", "UA-65"), ("", "uk", "UA-14"), ("2024-02-01", "ru", "UA-65")],
    )
    return conn.execute(f"SELECT * FROM d WHERE {condition} ORDER BY day", params).fetchall()


def test_issue5_counts_where_sql_leaves_out_undated_rows_before_an_end_day() -> None:
    everything = _day_rows(*counts_where_sql(Filters()))
    assert len(everything) == 3
    january = _day_rows(*counts_where_sql(Filters(end=date(2024, 1, 31))))
    assert january == [("2024-01-01", "en", "UA-65")]  # '' sorts before every day
    kept = _day_rows(*counts_where_sql(Filters(langs=("uk", "ru"), regions=("UA-14",))))
    assert kept == [("", "uk", "UA-14")]
    # the keyword is not a column of the count tables: the condition ignores it
    assert counts_where_sql(Filters(keyword="kherson")) == counts_where_sql(Filters())


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(start=date(2024, 1, 1), end=date(2024, 1, 31), langs=("en", "uk")),
        Filters(regions=("UA-14", "UA-65"), keyword="ab"),
        Filters(keyword="об"),
        Filters(keyword='say "hi"', langs=("en",)),
    ],
)
def test_issue5_where_sql_has_one_parameter_per_placeholder(filters) -> None:
    condition, params = where_sql(filters)
    assert condition.count("?") == len(params)
    assert countable(filters) == (not filters.keyword)


def test_issue5_sql_contains_folds_case_in_any_script() -> None:
    assert sql_contains("Обстріл у ХЕРСОНІ вночі", "херсоні") == 1
    assert sql_contains("Straße nach Odesa", "STRASSE") == 1  # full case folding, not lower()
    assert sql_contains("Kherson", "Kharkiv") == 0
    assert sql_contains(None, "x") == 0 and sql_contains("x", None) == 0


def test_issue5_indexed_params_quote_the_keyword_as_one_fts5_string() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(excerpt, tokenize='trigram')")
    conn.executemany(
        "INSERT INTO t VALUES (?)", [('he said "hi" OR NOT',), ("said hi",), ("OR NOT",)]
    )
    for keyword, expected in [('said "hi" OR', 1), ("OR NOT", 2), ("said", 2)]:
        match, raw = indexed_params(keyword)
        assert raw == keyword
        hits = conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", [match]).fetchone()[0]
        assert hits == expected, keyword
