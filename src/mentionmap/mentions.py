"""Mentions of Ukrainian regions in text: the :class:`Mention` record and ``extract_mentions``.

CONTRACT (stub laid by the lead; the extraction helper replaces the body, keeps the API).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

KINDS = ("region", "city", "area", "adjective", "entity")


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a place that locates a Ukrainian admin-1 unit.

    ``start``/``end`` are Python ``str`` offsets into the text as given, so
    ``text[start:end] == surface``. ``excerpt`` is the whole sentence holding the
    mention and starts at ``excerpt_start`` in the text. ``lat``/``lon`` (WGS84
    degrees) are set for city/site mentions, ``None`` for whole regions.
    """

    region: str  # ISO 3166-2:UA code, e.g. "UA-14"
    surface: str
    start: int
    end: int
    kind: str  # one of KINDS
    excerpt: str
    excerpt_start: int
    place: str | None = None  # canonical English name of the city/site, if any
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def extract_mentions(text: str, *, lang: str | None = None) -> list[Mention]:
    """Return every Ukrainian region mention in ``text``, in text order.

    ``lang`` ("en", "uk", "ru") is a hint only; names in any of the three
    languages are found regardless. An area name such as "Donbas" yields one
    Mention per covered region (same surface and offsets).
    """
    raise NotImplementedError
