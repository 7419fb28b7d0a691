"""Tests for mentionmap.mentioncolumns: a keyword search answered from the in-memory mention
columns gives exactly what the store's own query gives (issue 5, keyword search on a large
store), and the copy never answers for mentions it does not hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_matches import ARTICLES, FILTER_SETS, add_articles

from mentionmap.filters import Filters
from mentionmap.mentioncolumns import COLUMNS, ColumnCache, MentionColumns, extend, select
from mentionmap.queries import MATCH_COLUMNS
from mentionmap.store import open_store

KEYWORD_SETS = [f for f in FILTER_SETS if f.keyword]


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as plain values, rows by id: the comparable content of a frame."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out.sort_values("id", ignore_index=True)


@pytest.fixture()
def store(tmp_path: Path):
    with open_store(tmp_path / "c.sqlite") as s:
        add_articles(s, ARTICLES)
        yield s


def test_issue5_keyword_search_from_columns_equals_the_store_query(store):
    cache = ColumnCache(store.path)
    assert cache.refresh() is not None
    for filters in KEYWORD_SETS:
        got = cache.matching(store, filters)
        want = store.matching_mentions(filters)
        assert got is not None, filters
        assert list(got.columns) == list(MATCH_COLUMNS)
        assert got["id"].is_monotonic_increasing
        assert len(got) == len(want) > 0, filters
        pd.testing.assert_frame_equal(_plain(got), _plain(want), check_dtype=False)
        for name in ("day", "region", "place"):
            assert isinstance(got[name].dtype, pd.CategoricalDtype)


def test_issue5_filters_apply_to_the_copy(store):
    """A date, language or region filter narrows the copy's rows as SQL does (NULL days and
    languages never pass)."""
    cache = ColumnCache(store.path)
    cache.refresh()
    every = cache.matching(store, Filters(keyword="колон"))
    ukrainian = cache.matching(store, Filters(keyword="колон", langs=("uk",)))
    assert 0 < len(ukrainian) < len(every)
    assert set(ukrainian["article_id"]) < set(every["article_id"])
    convoys = cache.matching(store, Filters(keyword="convoy"))
    dated = cache.matching(store, Filters(keyword="convoy", end=date(2022, 12, 31)))
    assert dated["day"].notna().all() and 0 < len(dated) < len(convoys)
    kharkiv = cache.matching(store, Filters(keyword="convoy", regions=("UA-63",)))
    assert set(kharkiv["region"]) == {"UA-63"} and len(kharkiv) < len(convoys)


def test_issue5_no_answer_without_keyword_or_before_reading(store):
    cache = ColumnCache(store.path)
    assert cache.matching(store, Filters(langs=("en",))) is None
    assert cache.matching(store, Filters(keyword="convoy")) is None  # nothing read yet...
    cache.refresh_in_background().join(timeout=60)  # ...but a read was started
    assert cache.columns is not None
    assert cache.matching(store, Filters(keyword="convoy")) is not None


def test_issue5_new_mentions_are_read_before_the_copy_answers(store):
    cache = ColumnCache(store.path)
    first = cache.refresh()
    add_articles(store, [("a7", "Convoy reached Kherson at dawn.", "2022-11-01", "en",
                  {"Kherson": ("UA-65", "Kherson", 46.64, 32.61)})])  # fmt: skip
    filters = Filters(keyword="dawn")
    assert cache.matching(store, filters) is None  # the match is newer than the copy
    cache.refresh_in_background().join(timeout=60)
    assert cache.columns.upto > first.upto
    assert len(cache.columns.frame) == store.count()[1]
    got = cache.matching(store, filters)
    assert len(got) == 1
    pd.testing.assert_frame_equal(
        _plain(got), _plain(store.matching_mentions(filters)), check_dtype=False
    )


def test_issue5_extend_keeps_every_row_once(store):
    conn = store._conn
    whole = extend(None, conn)
    part = MentionColumns(whole.frame.iloc[:5].reset_index(drop=True), int(whole.frame["id"][4]))
    again = extend(part, conn)
    assert list(again.frame.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(_plain(again.frame), _plain(whole.frame), check_dtype=False)
    assert again.upto == whole.upto == int(whole.frame["id"].max())


def test_issue5_select_drops_unknown_ids(store):
    columns = extend(None, store._conn)
    known = columns.frame["id"].to_numpy()
    ids = np.array([known[2], 10**9, known[0], known[0], -5])
    got = select(columns, ids, Filters(keyword="x"))
    assert list(got["id"]) == sorted({int(known[0]), int(known[2])})


def test_issue5_large_stores_are_not_copied(store):
    cache = ColumnCache(store.path, max_rows=3)
    assert cache.refresh() is None
    assert cache.columns is None


def test_issue5_empty_store(tmp_path: Path):
    with open_store(tmp_path / "e.sqlite") as empty:
        cache = ColumnCache(empty.path)
        columns = cache.refresh()
        assert columns is not None and columns.upto == 0 and len(columns.frame) == 0
        got = cache.matching(empty, Filters(keyword="convoy"))
        assert got is not None and len(got) == 0
        assert list(got.columns) == list(MATCH_COLUMNS)


def test_issue5_a_replaced_store_file_is_read_again(tmp_path: Path):
    """A new file at the same path (ids start again at 1, the file system may even give
    it the same inode) is not mixed with the copy of the old one."""
    path = tmp_path / "r.sqlite"
    with open_store(path) as first:
        add_articles(first, ARTICLES)
    cache = ColumnCache(path)
    old = cache.refresh()
    path.unlink()
    with open_store(path) as second:
        add_articles(second, ARTICLES[:1])
        new = cache.refresh()
        assert len(new.frame) == second.count()[1] < len(old.frame)
        got = cache.matching(second, Filters(keyword="convoy"))
        pd.testing.assert_frame_equal(
            _plain(got),
            _plain(second.matching_mentions(Filters(keyword="convoy"))),
            check_dtype=False,
        )
