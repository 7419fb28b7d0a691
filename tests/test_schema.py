"""Tests for mentionmap.schema: a new file's tables, the migrations between versions (old
rows kept, count tables backfilled), and a file from a newer mentionmap refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_store import _article, _mentions

from mentionmap import schema
from mentionmap import store as store_mod
from mentionmap.filters import Filters
from mentionmap.schema import StoreError
from mentionmap.store import open_store


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


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)
