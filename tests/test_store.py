"""Tests for mentionmap.store: schema and migrations, duplicates, transactions, filters."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mentionmap import schema
from mentionmap import store as store_mod
from mentionmap.articles import Article
from mentionmap.filters import Filters
from mentionmap.mentions import Mention
from mentionmap.schema import StoreError
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


def test_new_store_has_current_schema_and_wal(tmp_path: Path) -> None:
    with open_store(tmp_path / "sub" / "new.sqlite") as s:
        assert s.schema_version == schema.SCHEMA_VERSION >= 1
        assert s.migrated_from == 0
    conn = sqlite3.connect(tmp_path / "sub" / "new.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "mentions"} <= tables


def test_migration_path_upgrades_in_order_and_keeps_data(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.sqlite"
    with open_store(path) as s:
        s.add_article(_article("d", "Kherson text"), [])
    extra = ("ALTER TABLE articles ADD COLUMN note TEXT", "UPDATE articles SET note = 'migrated'")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, extra))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with open_store(path) as s:
        assert s.migrated_from == len(schema.MIGRATIONS) - 1
        assert s.schema_version == len(schema.MIGRATIONS)
        assert s.count() == (1, 0)
    with open_store(path) as s:  # already current: no step runs twice
        assert s.migrated_from == s.schema_version
    note = sqlite3.connect(path).execute("SELECT note FROM articles").fetchone()[0]
    assert note == "migrated"


def test_version_1_file_gains_the_excerpt_index_with_its_old_rows(tmp_path, monkeypatch) -> None:
    path = tmp_path / "v1.sqlite"
    full = schema.MIGRATIONS
    monkeypatch.setattr(schema, "MIGRATIONS", full[:1])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    monkeypatch.setattr(store_mod, "_count", lambda *args: None)  # v1 had no count tables
    text = "Світло у Херсоні повернули."
    with open_store(path) as s:
        s.add_article(_article("old", text), _mentions(text, {"Херсоні": "UA-65"}))
    monkeypatch.undo()
    with open_store(path) as s:
        assert (s.migrated_from, s.schema_version) == (1, len(full))
        assert set(s.mentions(Filters(keyword="херсоні"))["doc"]) == {"old"}
        new = "Херсон: новини."
        s.add_article(_article("new", new), _mentions(new, {"Херсон": "UA-65"}))
        assert set(s.mentions(Filters(keyword="ХЕРСОН"))["doc"]) == {"old", "new"}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


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


def test_issue5_version_2_file_gains_count_tables_that_match_its_rows(tmp_path, monkeypatch):
    path = tmp_path / "v2.sqlite"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_mod, "_count", lambda *args: None)  # v2 had no count tables
    rows = [("Kherson, Kherson.", "2024-01-02", "en"), ("Херсон.", None, "uk")]
    with open_store(path) as s:
        for i, (text, day, lang) in enumerate(rows):
            art = _article(f"d{i}", text, published=day, lang=lang)
            s.add_article(art, _mentions(text, {"Kherson": "UA-65", "Херсон": "UA-65"}))
    monkeypatch.undo()
    with open_store(path) as s:
        assert (s.migrated_from, s.schema_version) == (2, schema.SCHEMA_VERSION)
        assert s.check() == []
        assert s.region_counts().to_dict("records") == [
            {"region": "UA-65", "mentions": 3, "documents": 2}
        ]
        assert s.timeline()["mentions"].tolist() == [2]  # the undated article is left out


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


def test_region_counts_mentions_and_documents(filled) -> None:
    counts = filled.region_counts().set_index("region")
    assert counts.loc["UA-14", "mentions"] == 5  # a1, a2, a3, a4 x2
    assert counts.loc["UA-14", "documents"] == 4
    assert counts.loc["UA-65", "mentions"] == 2
    assert list(counts.index) == ["UA-14", "UA-65"]


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


def test_mentions_frame_carries_offsets_and_article_metadata(filled) -> None:
    frame = filled.mentions(Filters(regions=("UA-65",), langs=("en",)))
    row = frame.iloc[0]
    assert (row["surface"], row["start"], row["end"]) == ("Kherson", 12, 19)
    assert row["url"] == "https://x.test/a1" and row["day"] == "2022-10-03"
    text = filled.article_text(int(row["article_id"]))
    assert text[row["start"] : row["end"]] == row["surface"]


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


def test_short_keywords_scan_without_the_index(filled) -> None:
    assert set(filled.mentions(Filters(keyword="ОБ"))["doc"]) == {"a3"}  # обстрел
    assert set(filled.mentions(Filters(keyword="co"))["doc"]) == {"a4"}  # coal


def test_issue5_version_grows_with_each_added_article(db) -> None:
    assert db.version() == 0
    db.add_article(_article("v1", "Kherson."), [])
    first = db.version()
    assert not db.add_article(_article("v1", "Kherson."), [])  # a duplicate changes nothing
    assert db.version() == first
    db.add_article(_article("v2", "Odesa."), [])
    assert db.version() > first


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
