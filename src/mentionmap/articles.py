"""Articles: the :class:`Article` record and loaders for txt/md/html/json/jsonl/csv.

CONTRACT (stub laid by the lead; the articles/CLI helper fills it in, keeps the API).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. ``published`` is an ISO 8601 date string or None; ``lang`` is
    "en"/"uk"/"ru"/other ISO 639-1 or None when unknown."""

    id: str
    title: str
    source: str
    url: str | None
    published: str | None
    lang: str | None
    text: str
