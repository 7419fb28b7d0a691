"""The dashboard view that lives in the URL: :class:`View`, read from and written to
query parameters (``st.query_params``) so that a copied link reopens the same view.

Parameters: ``region`` (ISO 3166-2:UA code), ``from`` and ``to`` (ISO 8601 days,
inclusive), ``lang`` (comma-separated ISO 639-1 codes), ``q`` (keyword), ``freq``
(``D`` or ``W``) and ``tiles`` (``1``/``0``). Only what differs from :data:`DEFAULT_VIEW`
is written, so the default view has a clean URL. Reading never raises: an invalid
parameter falls back to its default and yields one plain-text notice for the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from mentionmap.filters import Filters

FREQS = ("D", "W")
MAX_KEYWORD = 200  # characters kept of the ``q`` parameter
MAX_SHOWN = 40  # characters of a bad value quoted in a notice

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[a-z]{2,3}")
_TRUE = ("1", "true")
_FALSE = ("0", "false")
_NO_TAGS = str.maketrans("<>", "‹›")


@dataclass(frozen=True, slots=True)
class View:
    """What the dashboard shows. ``region`` is an ISO 3166-2:UA code or "" for all
    regions; ``start``/``end`` are inclusive days on the article's published day;
    ``langs`` are ISO 639-1 codes (() = all); ``keyword`` filters excerpts by substring;
    ``freq`` is the timeline bucket ("D" day, "W" Monday-week); ``tiles`` turns on OSM tiles;
    ``timeline`` shows the timeline chart (off by default: it is the page's slowest part).

    ``langs`` is normalised to a sorted tuple of unique codes and ``keyword`` is
    stripped, so views built from widgets compare equal to views read from a URL.
    """

    region: str = ""
    start: date | None = None
    end: date | None = None
    langs: tuple[str, ...] = ()
    keyword: str = ""
    freq: str = "W"
    tiles: bool = False
    timeline: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "langs", tuple(sorted(set(self.langs))))
        object.__setattr__(self, "keyword", self.keyword.strip())

    def filters(self, *, with_region: bool = True) -> Filters:
        """The store query filters of this view; the region only when ``with_region``
        and a region is selected (the map and region table want every region)."""
        regions = (self.region,) if with_region and self.region else ()
        return Filters(
            start=self.start,
            end=self.end,
            langs=self.langs,
            keyword=self.keyword or None,
            regions=regions,
        )


DEFAULT_VIEW = View()


def view_params(view: View) -> dict[str, str]:
    """Query parameters for ``view``: only those that differ from :data:`DEFAULT_VIEW`."""
    params: dict[str, str] = {}
    if view.region:
        params["region"] = view.region
    if view.start is not None:
        params["from"] = view.start.isoformat()
    if view.end is not None:
        params["to"] = view.end.isoformat()
    if view.langs:
        params["lang"] = ",".join(view.langs)
    if view.keyword:
        params["q"] = view.keyword
    if view.freq != DEFAULT_VIEW.freq:
        params["freq"] = view.freq
    if view.tiles != DEFAULT_VIEW.tiles:
        params["tiles"] = "1" if view.tiles else "0"
    if view.timeline != DEFAULT_VIEW.timeline:
        params["timeline"] = "1" if view.timeline else "0"
    return params


def parse_view(
    params: Mapping[str, str | Sequence[str]], *, regions: Collection[str]
) -> tuple[View, list[str]]:
    """The view in ``params`` (e.g. ``st.query_params.to_dict()``) and the notices about
    parameters that were invalid and fell back to their default. Never raises.

    ``regions`` are the valid ISO codes (matched case-insensitively). A repeated
    parameter counts by its last value; empty values and unknown names are ignored.
    Notices are plain text (no markup) and quote at most ``MAX_SHOWN`` characters of a
    bad value.
    """
    notices: list[str] = []
    valid_regions = {code.upper(): code for code in regions}

    region = ""
    raw = _value(params, "region")
    if raw:
        region = valid_regions.get(raw.strip().upper(), "")
        if not region:
            notices.append(
                _notice("region", raw, "not a Ukrainian region code; showing all regions.")
            )

    start = _day(params, "from", notices)
    end = _day(params, "to", notices)
    if start is not None and end is not None and start > end:
        notices.append(
            f"Ignored the link's date range 'from' {start.isoformat()} 'to' {end.isoformat()}: "
            "the start is after the end; showing all dates."
        )
        start = end = None

    langs: tuple[str, ...] = ()
    raw = _value(params, "lang")
    if raw:
        codes = [c.strip().lower() for c in raw.split(",") if c.strip()]
        good = [c for c in codes if _LANG.fullmatch(c)]
        bad = [c for c in codes if not _LANG.fullmatch(c)]
        if bad:
            notices.append(
                _notice(
                    "lang", ",".join(bad), "expected two- or three-letter codes such as en, uk."
                )
            )
        langs = tuple(good)

    keyword = (_value(params, "q") or "").strip()
    if len(keyword) > MAX_KEYWORD:
        notices.append(
            f"Shortened the link's keyword 'q' {_shown(keyword)} to its first "
            f"{MAX_KEYWORD} characters (it had {len(keyword)})."
        )
        keyword = keyword[:MAX_KEYWORD].strip()

    freq = DEFAULT_VIEW.freq
    raw = _value(params, "freq")
    if raw:
        if raw.strip().upper() in FREQS:
            freq = raw.strip().upper()
        else:
            notices.append(_notice("freq", raw, "expected D (days) or W (weeks); showing weeks."))

    tiles = _flag(params, "tiles", DEFAULT_VIEW.tiles, notices, "tiles stay off.")
    timeline = _flag(params, "timeline", DEFAULT_VIEW.timeline, notices, "timeline hidden.")

    view = View(
        region=region,
        start=start,
        end=end,
        langs=langs,
        keyword=keyword,
        freq=freq,
        tiles=tiles,
        timeline=timeline,
    )
    return view, notices


def _flag(
    params: Mapping[str, str | Sequence[str]],
    name: str,
    default: bool,
    notices: list[str],
    fallback: str,
) -> bool:
    """An on/off parameter (1/0/true/false, any case); ``default`` with a notice otherwise."""
    raw = _value(params, name)
    if not raw:
        return default
    flag = raw.strip().lower()
    if flag in _TRUE or flag in _FALSE:
        return flag in _TRUE
    notices.append(_notice(name, raw, f"expected 1 (on) or 0 (off); {fallback}"))
    return default


def _value(params: Mapping[str, str | Sequence[str]], name: str) -> str:
    """The last value of parameter ``name`` as a string ("" when absent or empty)."""
    value = params.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        items = list(value)
    except TypeError:
        return str(value)
    return str(items[-1]) if items else ""


def _day(params: Mapping[str, str | Sequence[str]], name: str, notices: list[str]) -> date | None:
    """An ISO 8601 day (YYYY-MM-DD) from parameter ``name``, or None with a notice."""
    raw = _value(params, name).strip()
    if not raw:
        return None
    if _DAY.fullmatch(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    notices.append(_notice(name, raw, "expected a date as YYYY-MM-DD."))
    return None


def _notice(name: str, value: str, reason: str) -> str:
    """One plain-text notice: the parameter, its bad value (shortened) and why."""
    return f"Ignored the link's '{name}' value {_shown(value)}: {reason}"


def _shown(value: str) -> str:
    """``value`` quoted for a notice: control characters dropped, angle brackets replaced
    (no HTML reaches the page), cut to ``MAX_SHOWN`` characters."""
    clean = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C")
    clean = clean.translate(_NO_TAGS)
    if len(clean) > MAX_SHOWN:
        clean = clean[: MAX_SHOWN - 1] + "…"
    return f'"{clean}"'
