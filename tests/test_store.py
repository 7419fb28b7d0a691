"""Tests for mentionmap.store: the file and its connections, duplicates, transactions,
the count tables kept by every insert, the excerpt index, integrity checks."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mentionmap import store as store_mod
from mentionmap.articles import Article
from mentionmap.filters import Filters
from mentionmap.mentions import Mention
from mentionmap.store import open_store, text_hash


def _article(doc_id: str, text: str, **meta: object) -> Article:
    fields = {"title": doc_id, "source": "test", "url": None, "published": None, "lang": None}
    fields.update(meta)
    return Article(id=doc_id, text=text, **fields)  # type: ignore[arg-type]


def _mentions(text: str, found: dict[str, str]) -> list[Mention]:
    """One Mention per occurrence of each surface in ``found`` (surface -> region)."""
    out = []
    for surface, region in found.items():
        start = text.find(surface)
        while start >= 0:
            out.append(Mention(region, surface, start, start + len(surface), "city", text, 0))
            start = text.find(surface, start + 1)
    return sorted(out, key=lambda m: m.start)


@pytest.fixture
def db(tmp_path: Path):
    with open_store(tmp_path / "m.sqlite") as s:
        yield s


@pytest.fixture
def filled(db):
    """Four articles over three weeks in three languages."""
    return fill_store(db)


def fill_store(db):
    """Add four articles over three weeks in three languages to ``db``; returns ``db``."""
    kherson, donetsk = "UA-65", "UA-14"
    rows = [
        ("a1", "Shelling in Kherson and Donetsk.", "2022-10-03", "en",
         {"Kherson": kherson, "Donetsk": donetsk}),
        ("a2", "Донецьк і Херсон без світла.", "2022-10-05", "uk",
         {"Донецьк": donetsk, "Херсон": kherson}),
        ("a3", "В Донецке снова обстрел.", "2022-10-12", "ru", {"Донецке": donetsk}),
        ("a4", "Donetsk grain, Donetsk coal.", None, "en", {"Donetsk": donetsk}),
    ]  # fmt: skip
    for doc_id, text, day, lang, found in rows:
        art = _article(doc_id, text, published=day, lang=lang, url=f"https://x.test/{doc_id}")
        assert db.add_article(art, _mentions(text, found))
    return db


def test_default_path_from_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MENTIONMAP_DB", str(tmp_path / "env.sqlite"))
    assert store_mod.default_db_path() == tmp_path / "env.sqlite"
    monkeypatch.delenv("MENTIONMAP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if store_mod.sys.platform.startswith("linux"):
        assert store_mod.default_db_path() == tmp_path / "xdg" / "mentionmap" / "mentionmap.sqlite"


def test_text_hash_normalises_case_and_whitespace() -> None:
    assert text_hash("Kherson  city\n\nnews") == text_hash("kherson city news ")
    assert text_hash("Kherson city") != text_hash("Kharkiv city")


def test_duplicates_by_url_or_normalised_text(db) -> None:
    text = "Grid repairs in Kherson went on."
    assert db.add_article(_article("a", text, url="https://x.test/1"), [])
    assert not db.add_article(_article("b", "Other text", url="https://x.test/1"), [])
    assert not db.add_article(_article("c", "GRID repairs  in kherson went on."), [])
    assert db.add_article(_article("d", "Another article", url="https://x.test/2"), [])
    assert db.add_article(_article("e", "Undated, no URL"), [])  # NULL urls do not collide
    assert db.add_article(_article("f", "Second without URL"), [])
    assert db.count() == (4, 0)


def test_batch_is_one_transaction(db) -> None:
    good = (_article("g", "Kherson"), _mentions("Kherson", {"Kherson": "UA-65"}))
    bad_mention = Mention(None, "x", 0, 1, "city", "x", 0)  # type: ignore[arg-type]
    bad = (_article("h", "broken"), [bad_mention])
    with pytest.raises(sqlite3.IntegrityError):
        db.add_articles([good, bad])
    assert db.count() == (0, 0)
    assert db.add_articles([good, good]) == [True, False]
    assert db.count() == (1, 1)
    assert db.check() == []


def test_check_reports_an_article_missing_its_mentions(filled, tmp_path: Path) -> None:
    assert filled.check() == []
    conn = sqlite3.connect(filled.path)
    conn.execute("DELETE FROM mentions WHERE id = (SELECT min(id) FROM mentions)")
    conn.commit()
    assert filled.check() == [
        "article 1: 1 mentions stored, 2 expected",
        "region_days counts 7 mentions, the store holds 6",
    ]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(start=date(2022, 10, 4)),
        Filters(end=date(2022, 10, 5)),
        Filters(start=date(2022, 10, 1), end=date(2022, 10, 31), langs=("uk", "ru")),
        Filters(langs=("en",)),
        Filters(regions=("UA-14",)),
        Filters(regions=("UA-14", "UA-65"), langs=("en", "uk")),
    ],
)
def test_issue5_count_tables_agree_with_counting_every_mention(filled, filters) -> None:
    raw = filled.mentions(filters)
    expected = {
        region: (len(group), group["doc"].nunique()) for region, group in raw.groupby("region")
    }
    got = {r.region: (r.mentions, r.documents) for r in filled.region_counts(filters).itertuples()}
    assert got == expected
    dated = raw[raw["day"].notna()]
    timeline = filled.timeline(filters)
    assert int(timeline["mentions"].sum()) == len(dated)


def test_reader_sees_committed_rows_while_a_writer_holds_a_transaction(filled) -> None:
    writer = sqlite3.connect(filled.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM mentions")
    with open_store(filled.path, read_only=True) as reader:
        assert reader.count() == (4, 7)
    writer.execute("ROLLBACK")


def test_keyword_search_is_complete_before_and_after_indexing(filled) -> None:
    before = filled.mentions(Filters(keyword="донец"))
    assert set(before["doc"]) == {"a2", "a3"}
    assert filled.index_excerpts() == 7
    assert filled.index_excerpts() == 0
    after = filled.mentions(Filters(keyword="донец"))
    assert before.equals(after)
    conn = sqlite3.connect(filled.path)
    hits = conn.execute("SELECT count(*) FROM mention_fts WHERE mention_fts MATCH '\"донец\"'")
    assert hits.fetchone()[0] == len(before) == 3  # the index itself answers now


def test_issue5_prefetch_reads_a_store_and_ignores_what_is_not_one(filled, tmp_path) -> None:
    store_mod.prefetch(filled.path)  # a real store: reads its index and count tables
    assert filled.check() == []
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    store_mod.prefetch(junk)  # never raises: it only saves time
    store_mod.prefetch(tmp_path / "missing" / "x.sqlite")
    assert not (tmp_path / "missing").exists()


def test_issue5_only_read_only_connections_map_the_file(tmp_path):
    """A viewer memory-maps the store for fast reads; a writer does not (mapped pages
    would count in its resident memory during a large ingest)."""
    path = tmp_path / "m.sqlite"
    with open_store(path) as writer:
        assert writer._conn.execute("PRAGMA mmap_size").fetchone()[0] == 0
    with open_store(path, read_only=True) as viewer:
        assert viewer._conn.execute("PRAGMA mmap_size").fetchone()[0] > 0
