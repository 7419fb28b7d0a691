"""The store's schema: the tables of its SQLite file and the migrations between versions.

Schema versions live in ``PRAGMA user_version``; :data:`MIGRATIONS` is the ordered list of
steps, and :func:`migrate` (run when a store is opened for writing) upgrades an older file
in place, one transaction per step. The tables are read by :mod:`mentionmap.queries` and
written by :mod:`mentionmap.store`.

Dates are ISO 8601 strings; ``published_day``/``day`` are the ``YYYY-MM-DD`` part.
Coordinates are WGS84 degrees (EPSG:4326).
"""

from __future__ import annotations

import sqlite3

# Article texts live apart from article metadata, and each mention row repeats its
# article's day and language, so filters and counts read only small rows and indexes.
_V1 = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    published TEXT,
    published_day TEXT,
    lang TEXT,
    n_mentions INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE texts (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day TEXT,
    lang TEXT,
    region TEXT NOT NULL,
    surface TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    excerpt_start INTEGER NOT NULL,
    place TEXT,
    lat REAL,
    lon REAL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_region ON mentions(region, day, lang, article_id);
CREATE INDEX mentions_day ON mentions(day, region, lang, article_id);
CREATE INDEX articles_day ON articles(published_day);
CREATE INDEX articles_lang ON articles(lang, published_day);
"""

# Version 2: a trigram full-text index of the excerpts (case-insensitive substring search in
# any script). It is filled in bulk by Store.index_excerpts (far cheaper than a trigger per
# row); ``fts_state.indexed_to`` is the last mention id indexed, and searches scan the rows
# above it, so results are complete before the index catches up.
_V2 = (
    "CREATE VIRTUAL TABLE mention_fts USING fts5(excerpt, content='mentions',"
    " content_rowid='id', tokenize='trigram')",
    "CREATE TABLE fts_state (indexed_to INTEGER NOT NULL)",
    "INSERT INTO fts_state (indexed_to) VALUES (0)",
)


# Version 3: mention counts per (day, language, region) and per (day, language, place), kept
# up to date by every insert, so the dashboard's map, table and timeline read a few
# thousand rows instead of every mention. An article has one day and one language, so
# ``documents`` (distinct articles) adds up over days and languages. A missing day or
# language is stored as '' (NULLs would not meet in the unique keys).
_V3 = """
CREATE TABLE region_days (
    day TEXT NOT NULL,
    lang TEXT NOT NULL,
    region TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (region, day, lang)
) WITHOUT ROWID;
CREATE INDEX region_days_day ON region_days(day, region, lang, mentions, documents);
CREATE TABLE place_days (
    day TEXT NOT NULL,
    lang TEXT NOT NULL,
    place TEXT NOT NULL,
    region TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    mentions INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (place, region, lat, lon, day, lang)
) WITHOUT ROWID;
INSERT INTO region_days (day, lang, region, mentions, documents)
    SELECT coalesce(day, ''), coalesce(lang, ''), region, count(*), count(DISTINCT article_id)
    FROM mentions GROUP BY 1, 2, 3;
INSERT INTO place_days (day, lang, place, region, lat, lon, mentions, documents)
    SELECT coalesce(day, ''), coalesce(lang, ''), place, region, lat, lon, count(*),
        count(DISTINCT article_id)
    FROM mentions WHERE place IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
"""


def _statements(script: str) -> tuple[str, ...]:
    """Split a script of plain statements (no triggers) at semicolons."""
    return tuple(part.strip() for part in script.split(";") if part.strip())


# Ordered schema steps: MIGRATIONS[i] (a sequence of SQL statements) takes a file from
# version i to version i + 1, in one transaction. Append new steps; never edit a released one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_statements(_V1), _V2, _statements(_V3))
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store file cannot be used (e.g. written by a newer mentionmap)."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`; returns the version found on disk."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"store schema version {found} is newer than this mentionmap "
            f"(knows up to {SCHEMA_VERSION}); upgrade mentionmap"
        )
    for version in range(found, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            if conn.execute("PRAGMA user_version").fetchone()[0] != version:
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return found
