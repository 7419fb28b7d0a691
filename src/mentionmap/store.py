"""The persistent store: articles and their region mentions in one SQLite file.

SQLite (standard library) rather than DuckDB: the store is written one article at a
time by an ingest while dashboard sessions read it, and SQLite's WAL mode gives any
number of concurrent readers beside one writer, each article in its own short
transaction, with no extra dependency. Aggregations over a few million mention rows
are fast enough with indexes.

The tables and their migrations live in :mod:`mentionmap.schema`: opening an older file
upgrades it in place, one transaction per step. The read queries live in
:mod:`mentionmap.queries` (``Store`` inherits them), what they keep in
:mod:`mentionmap.filters`.

Dates are ISO 8601 strings; ``published_day`` is the ``YYYY-MM-DD`` part, used by the
date filters and the timeline. Coordinates are WGS84 degrees (EPSG:4326).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from mentionmap import schema
from mentionmap.filters import sql_contains
from mentionmap.queries import StoreQueries
from mentionmap.schema import StoreError

if TYPE_CHECKING:
    from mentionmap.articles import Article
    from mentionmap.mentions import Mention

ENV_DB = "MENTIONMAP_DB"
DB_FILENAME = "mentionmap.sqlite"
MMAP_BYTES = 1 << 30  # 1 GiB of address space for read-only connections (PRAGMA mmap_size)
BUSY_TIMEOUT_MS = 30_000


def default_db_path() -> Path:
    """``$MENTIONMAP_DB`` if set, else ``mentionmap.sqlite`` in the user's data folder
    (``$XDG_DATA_HOME/mentionmap`` or ``~/.local/share/mentionmap`` on Linux)."""
    if env := os.environ.get(ENV_DB):
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "mentionmap" / DB_FILENAME


def text_hash(text: str) -> str:
    """SHA-256 hex of the normalised text (NFKC, case-folded, whitespace collapsed), so the
    same article saved with other line breaks or case counts as a duplicate."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _day(published: str | None) -> str | None:
    """The ``YYYY-MM-DD`` day of an ISO 8601 date or datetime string, or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10]).isoformat()
    except ValueError:
        return None


class Store(StoreQueries):
    """A connection to one store file. Safe to share between threads (calls are
    serialised by a lock); open one per process. Use as a context manager or call
    :meth:`close`."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        if read_only:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn = conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if read_only:
            # a viewer maps the file (no copy through SQLite's page cache): rows read one
            # b-tree look-up each come about a third faster on a 100,000-article store. Not
            # for writers: the mapped pages count in the process's resident memory, up to
            # the file's size, during a large ingest
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.create_function("mm_contains", 2, sql_contains, deterministic=True)
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; WAL-safe
            self.migrated_from = schema.migrate(conn)
        else:
            self.migrated_from = self.schema_version
            if self.migrated_from != schema.SCHEMA_VERSION:
                raise StoreError(f"store schema version {self.migrated_from} needs a migration")

    # --- lifecycle ------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # --- writing --------------------------------------------------------------------------------

    def add_article(self, article: Article, mentions: Sequence[Mention]) -> bool:
        """Store one article with its mentions in one transaction. Returns False (and
        stores nothing) when an article with the same URL or normalised text is present."""
        return self.add_articles([(article, mentions)])[0]

    def add_articles(self, items: Iterable[tuple[Article, Sequence[Mention]]]) -> list[bool]:
        """Store several articles in one transaction (all or none are written); one bool
        per item, False for a duplicate (also of an earlier item in the same call)."""
        added_at = datetime.now(UTC).isoformat(timespec="seconds")
        results: list[bool] = []
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                for article, mentions in items:
                    results.append(_insert(conn, article, mentions, added_at))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return results

    def has(self, *, url: str | None = None, content_hash: str | None = None) -> bool:
        """True if an article with this URL or this :func:`text_hash` is stored."""
        with self._lock:
            row = self._conn.execute(
                "SELECT 1 FROM articles WHERE url = ? OR content_hash = ? LIMIT 1",
                (url, content_hash),
            ).fetchone()
        return row is not None

    def index_excerpts(self) -> int:
        """Add the mentions stored since the last call to the excerpt search index, in one
        transaction; returns how many were indexed. :func:`mentionmap.ingest.ingest` calls
        it at the end of each batch. Mentions are never updated or deleted one by one, so
        the index only grows."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                low = conn.execute("SELECT indexed_to FROM fts_state").fetchone()[0]
                high = conn.execute("SELECT coalesce(max(id), 0) FROM mentions").fetchone()[0]
                if high > low:
                    conn.execute(
                        "INSERT INTO mention_fts (rowid, excerpt)"
                        " SELECT id, excerpt FROM mentions WHERE id > ? AND id <= ?",
                        (low, high),
                    )
                    conn.execute("UPDATE fts_state SET indexed_to = ?", (high,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return max(high - low, 0)

    # --- checking -------------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Consistency problems (empty list when sound): SQLite's integrity check, and any
        article whose stored mention rows differ from the count recorded with it."""
        with self._lock:
            problems = [
                r[0]
                for r in self._conn.execute("PRAGMA integrity_check").fetchall()
                if r[0] != "ok"
            ]
            rows = self._conn.execute(
                "SELECT a.id, a.n_mentions, count(m.id) FROM articles a"
                " LEFT JOIN mentions m ON m.article_id = a.id GROUP BY a.id"
                " HAVING count(m.id) != a.n_mentions"
            ).fetchall()
            counted = self._conn.execute(
                "SELECT (SELECT coalesce(sum(mentions), 0) FROM region_days),"
                " (SELECT count(*) FROM mentions)"
            ).fetchone()
        problems += [
            f"article {i}: {have} mentions stored, {want} expected" for i, want, have in rows
        ]
        if counted[0] != counted[1]:
            problems.append(
                f"region_days counts {counted[0]} mentions, the store holds {counted[1]}"
            )
        return problems


def _insert(
    conn: sqlite3.Connection, article: Article, mentions: Sequence[Mention], added_at: str
) -> bool:
    """Insert one article, its text and its mentions inside the caller's transaction."""
    day = _day(article.published)
    cur = conn.execute(
        "INSERT INTO articles (doc_id, content_hash, url, title, source, published,"
        " published_day, lang, n_mentions, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT DO NOTHING",  # only a duplicate URL or text hash is skipped
        (article.id, text_hash(article.text), article.url or None, article.title or "",
         article.source or "", article.published, day, article.lang, len(mentions), added_at),
    )  # fmt: skip
    if cur.rowcount == 0:
        return False
    article_id = cur.lastrowid
    conn.execute("INSERT INTO texts (article_id, text) VALUES (?, ?)", (article_id, article.text))
    conn.executemany(
        'INSERT INTO mentions (article_id, day, lang, region, surface, start, "end", kind,'
        " excerpt, excerpt_start, place, lat, lon) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(article_id, day, article.lang, m.region, m.surface, m.start, m.end, m.kind,
          m.excerpt, m.excerpt_start, m.place, m.lat, m.lon) for m in mentions],
    )  # fmt: skip
    _count(conn, day or "", article.lang or "", mentions)
    return True


def _count(conn: sqlite3.Connection, day: str, lang: str, mentions: Sequence[Mention]) -> None:
    """Add one article's mentions to ``region_days`` and ``place_days`` (schema v3)."""
    regions = Counter(m.region for m in mentions)
    places = Counter(
        (m.place, m.region, m.lat, m.lon)
        for m in mentions
        if m.place is not None and m.lat is not None and m.lon is not None
    )
    conn.executemany(
        "INSERT INTO region_days (day, lang, region, mentions, documents) VALUES (?,?,?,?,1)"
        " ON CONFLICT DO UPDATE SET mentions = mentions + excluded.mentions,"
        " documents = documents + 1",
        [(day, lang, region, n) for region, n in regions.items()],
    )
    conn.executemany(
        "INSERT INTO place_days (day, lang, place, region, lat, lon, mentions, documents)"
        " VALUES (?,?,?,?,?,?,?,1) ON CONFLICT DO UPDATE SET"
        " mentions = mentions + excluded.mentions, documents = documents + 1",
        [(day, lang, *key, n) for key, n in places.items()],
    )


# What :func:`prefetch` reads: the excerpt search index (its first use otherwise pays
# for reading it from disk) and the indexes behind the dashboard's newest excerpts.
_PREFETCH = (
    "SELECT sum(length(block)) FROM mention_fts_data",
    "SELECT count(*) FROM mentions INDEXED BY mentions_region WHERE region >= ''",
    "SELECT count(*) FROM region_days",
    "SELECT count(*) FROM place_days",
)


def prefetch(path: str | Path) -> None:
    """Read the store's search index and count tables once, on a connection of its own,
    so the operating system holds them in memory before a visitor's first keyword search.
    A server calls it in a background thread after opening the store; errors are ignored
    (it only saves time)."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        for statement in _PREFETCH:
            conn.execute(statement).fetchall()
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``path``, default
    :func:`default_db_path`. ``read_only`` opens an existing, current file for reading."""
    return Store(default_db_path() if path is None else path, read_only=read_only)
