"""What the store's queries keep: :class:`Filters`, and the SQL conditions that apply them.

:mod:`mentionmap.queries` builds its statements from :func:`where_sql` (on the mention
rows or the articles) and :func:`counts_where_sql` (on the per-day count tables of schema
version 3, see :mod:`mentionmap.schema`). Dates are ISO 8601 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Filters:
    """What the queries keep. Every field is optional; ``None`` or empty keeps everything.

    ``start``/``end`` are inclusive calendar days on ``published``; when either is set,
    articles without a date are left out. ``langs`` are ISO 639-1 codes; ``keyword`` is a
    case-insensitive substring of the mention's excerpt; ``regions`` are ISO 3166-2:UA codes.
    """

    start: date | None = None
    end: date | None = None
    langs: tuple[str, ...] = ()
    keyword: str | None = None
    regions: tuple[str, ...] = ()


NO_FILTERS = Filters()


def sql_contains(haystack: str | None, needle: str | None) -> int:
    """SQL function ``mm_contains``: case-insensitive substring test for any script."""
    if haystack is None or needle is None:
        return 0
    return int(needle.casefold() in haystack.casefold())


def countable(filters: Filters) -> bool:
    """Whether the per-day count tables can answer ``filters`` (all but a keyword)."""
    return not (filters.keyword or "").strip()


def counts_where_sql(filters: Filters) -> tuple[str, list[object]]:
    """SQL condition on ``region_days``/``place_days d`` (where a missing day is '', so an
    end date must also leave out '')."""
    return where_sql(
        Filters(filters.start, filters.end, filters.langs, None, filters.regions),
        day="d.day",
        lang="d.lang",
        region="d.region",
        undated="''",
    )


_LIKE_SPECIALS = str.maketrans({"%": "\\%", "_": "\\_", "\\": "\\\\"})


# The ids of the mentions whose excerpt holds a keyword of three characters or more: the
# trigram index, plus the rows added since it was last filled (see schema.py, version 2).
INDEXED_IDS = (
    "SELECT rowid FROM mention_fts WHERE mention_fts MATCH ? UNION ALL"
    " SELECT id FROM mentions WHERE id > (SELECT indexed_to FROM fts_state)"
    " AND mm_contains(excerpt, ?)"
)


def indexed_params(keyword: str) -> list[object]:
    """The parameters of :data:`INDEXED_IDS`: the keyword as one quoted FTS5 string."""
    return ['"' + keyword.replace('"', '""') + '"', keyword]


def where_sql(
    filters: Filters,
    *,
    day: str = "m.day",
    lang: str = "m.lang",
    region: str = "m.region",
    undated: str | None = None,
) -> tuple[str, list[object]]:
    """SQL condition and parameters. Date, language and region apply to the columns
    ``day``, ``lang`` and ``region`` (on ``mentions m`` by default); ``undated`` is the
    value a missing day is stored as when it is not NULL; the keyword always applies to
    ``mentions m``."""
    clauses: list[str] = ["1"]
    params: list[object] = []
    if filters.start is not None:
        clauses.append(f"{day} >= ?")
        params.append(filters.start.isoformat())
    if filters.end is not None:
        clauses.append(f"{day} <= ?" + (f" AND {day} != {undated}" if undated else ""))
        params.append(filters.end.isoformat())
    if filters.langs:
        clauses.append(f"{lang} IN ({', '.join('?' * len(filters.langs))})")
        params.extend(filters.langs)
    if filters.regions:
        clauses.append(f"{region} IN ({', '.join('?' * len(filters.regions))})")
        params.extend(filters.regions)
    keyword = (filters.keyword or "").strip()
    if len(keyword) >= 3:  # the trigram index answers substrings of three characters or more
        clauses.append(f"m.id IN ({INDEXED_IDS})")
        params += indexed_params(keyword)
    elif keyword and keyword.isascii():
        # SQLite's LIKE folds ASCII case in C: the fast path for Latin keywords
        clauses.append("m.excerpt LIKE ? ESCAPE '\\'")
        params.append(f"%{keyword.translate(_LIKE_SPECIALS)}%")
    elif keyword:
        clauses.append("mm_contains(m.excerpt, ?)")
        params.append(keyword)
    return " AND ".join(clauses), params
