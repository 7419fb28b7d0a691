"""Mentions of Ukrainian regions in text: the :class:`Mention` record and ``extract_mentions``.

Method: one Aho-Corasick scan (:func:`mentionmap.gazetteer.matcher`) over a normalised,
same-length copy of the text finds every surface form of every gazetteer name,
including generated Ukrainian/Russian case forms. All overlapping matches are kept,
filtered on Unicode word boundaries, then reduced to the leftmost-longest. Each
survivor is extended by an anchored look at the next few words (suffixes such as
"Oblast", "області", "nuclear power plant") and judged by
:mod:`mentionmap.disambiguation`, which states the policy.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields

from mentionmap.disambiguation import Decision
from mentionmap.gazetteer import matcher
from mentionmap.lexicon import analyser
from mentionmap.localveto import local_veto
from mentionmap.namecontext import name_context_veto, surname_veto
from mentionmap.readings import (  # noqa: F401  (constants re-exported for callers)
    MEDIUM_POPULATION,
    STRONG_POPULATION,
    SUFFIX_REGION,
    SUPPORT_POPULATION,
    Reading,
    is_cyrillic,
    reading,
    tier_of,
)
from mentionmap.scantext import normalise, scan_text
from mentionmap.sentences import has_rare_terminators, sentence_span
from mentionmap.textcontext import judge_in_context

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


# The extractor builds thousands of Mentions per MB. A frozen dataclass's __init__ sets
# each field through object.__setattr__; _new_mention sets the slots directly (about half
# the time), giving the same object: same class, fields, equality, hash and repr.
_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
assert "__post_init__" not in Mention.__dict__  # nothing to run after the fields are set
(
    _set_region,
    _set_surface,
    _set_start,
    _set_end,
    _set_kind,
    _set_excerpt,
    _set_excerpt_start,
    _set_place,
    _set_lat,
    _set_lon,
) = (getattr(Mention, name).__set__ for name in _MENTION_FIELDS)


def _new_mention(
    region: str,
    surface: str,
    start: int,
    end: int,
    kind: str,
    excerpt: str,
    excerpt_start: int,
    place: str | None,
    lat: float | None,
    lon: float | None,
) -> Mention:
    """``Mention(...)`` with the same positional arguments, without object.__setattr__."""
    m = object.__new__(Mention)
    _set_region(m, region)
    _set_surface(m, surface)
    _set_start(m, start)
    _set_end(m, end)
    _set_kind(m, kind)
    _set_excerpt(m, excerpt)
    _set_excerpt_start(m, excerpt_start)
    _set_place(m, place)
    _set_lat(m, lat)
    _set_lon(m, lon)
    return m


# Suffixes that fold into a region name (matched on the normalised text right after it).
_EN_REGION = re.compile(r" (?:oblast|region|province|governorate)(?!\w)")
_EN_ADMIN = re.compile(
    r" (?:regional |oblast )?(?:state |military |civil military )+administration(?!\w)"
)
_EN_ENTITY = re.compile(
    r" (?:nuclear power plant|nuclear power station|nuclear plant|npp|hydroelectric power plant"
    r"|hydroelectric plant|hydropower plant|hydro power plant|power plant|hpp|dam|bridge"
    r"|railway station|train station|international airport|airport|strait|people's republic"
    r"|(?P<pen>peninsula))(?![\w])"
)
_CY_REGION = re.compile(
    r" (?:област[ьіиеяю]\w*|обл\."
    r"|(?P<adm>ода|ова|вца|облдержадміністрац\w*|облгосадминистрац\w*))(?!\w)"
)
_CY_ENTITY = re.compile(
    r" (?:атомн\w* (?:електро|электро)станц\w*|аес|аэс|гес|гэс|мост\w*|міст|аеропорт\w*"
    r"|аэропорт\w*|народн\w* республ\w*|(?P<pen>півостр\w*|полуостр\w*)|водосховищ\w*"
    r"|водохранилищ\w*|пролив\w*|протока|протоки|протоці)(?!\w)"
)


def _glued_at(text: str, start: int) -> bool:
    """True at a lower-to-upper case change inside a word ("occupiedCrimea")."""
    return 0 < start < len(text) and text[start].isupper() and text[start - 1].islower()


def _scan(text: str, norm: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """All gazetteer matches on word boundaries, reduced to the leftmost-longest.

    Keys start and end with a space (see :func:`mentionmap.scantext.scan_text`), so every
    match is a run of whole words. Overlapping matches are all kept before the
    leftmost-longest reduction, so "Kharkiv" in "Kharkiv regional" survives."""
    found, values = matcher().automaton.matches(scan_text(norm))
    if not found:
        return []
    # a key " name " ending at scan index ``end`` (exclusive) names text[end - length :
    # end - 2]; hits are (start, -length, ids): sorted as tuples, leftmost first, then
    # longest. No two hits share start and length (a glued key needs a letter before it,
    # a plain one a space)
    hits = []
    for index, _, end in found:
        length, ids, glued = values[index]
        if not glued or _glued_at(text, end - length):
            hits.append((end - length, 2 - length, ids))
    if len(hits) > 1:
        hits.sort()
    out = []
    covered = -1
    for start, neg_length, ids in hits:
        if start >= covered:
            covered = start - neg_length
            out.append((start, covered, ids))
    return out


_dictionaries_loaded = False


def _load_dictionaries() -> None:
    """Load the Ukrainian and Russian pymorphy3 dictionaries (the surname checks look
    words up in them) with the first Cyrillic candidate of the process, so that their
    one-time load belongs to the extractor's start-up, not to whichever later text
    first needs a look-up."""
    global _dictionaries_loaded
    analyser("uk")
    analyser("ru")
    _dictionaries_loaded = True


def explain_mentions(text: str, *, lang: str | None = None) -> list[Decision]:
    """Every candidate match in ``text`` with the decision taken on it and why, in text order.

    ``lang`` is a hint only and does not change the result today.
    """
    norm = normalise(text)
    decisions: list[Decision] = []
    pending: list[tuple[Reading, Decision, str]] = []
    for start, end, ids in _scan(text, norm):
        capitalised = text[start].isupper()
        r = reading(ids, capitalised)
        kind = r.kind
        folded = region_fold = False
        # the Cyrillic test of the match (norm[start] is text[start] in lower case)
        cyrillic = "\u0400" <= norm[start] <= "\u04ff"
        # a following suffix ("Oblast", "області", "nuclear plant") folds in
        if norm.startswith(" ", end):
            m = None
            if r.region_suffix:
                m = (_CY_REGION if cyrillic else _EN_REGION).match(norm, end)
                if m:
                    end = m.end()
                    folded = region_fold = True
                    kind = "entity" if cyrillic and m.group("adm") else "region"
                    if not cyrillic:
                        a = _EN_ADMIN.match(norm, end)
                        if a:
                            end = a.end()
                            kind = "entity"
            if m is None:
                if cyrillic and r.cyrillic_noun:
                    # Cyrillic nouns take entity words only in agreement-free forms (АЕС, ГЕС)
                    m = _CY_ENTITY.match(norm, end)
                    if m and m.group().strip() in ("аес", "аэс", "гес", "гэс"):
                        end = m.end()
                        kind = "entity"
                else:
                    m = (_CY_ENTITY if cyrillic else _EN_ENTITY).match(norm, end)
                    if m:
                        end = m.end()
                        kind = "region" if m.group("pen") else "entity"
                        folded = True
        if cyrillic and not _dictionaries_loaded:
            _load_dictionaries()
        surface = text[start:end]
        is_adj = r.adjective and not folded
        first = r.first
        # fields in order: surface, start, end, regions, kind, kept, reason, place, lat, lon
        d = Decision(
            surface,
            start,
            end,
            r.regions_folded if region_fold else r.regions,
            kind,
            False,
            "",
            first.place,
            first.lat,
            first.lon,
        )
        decisions.append(d)
        veto = local_veto(text, norm, start, end, is_adj)
        if veto is None:
            veto = name_context_veto(text, r, start, end, folded, cyrillic)
        if veto is None and cyrillic and not folded and capitalised:
            veto = surname_veto(text, r, start, end, is_adj)
        if veto:
            d.reason = veto
            continue
        pending.append((r, d, r.tier))
    if pending:
        judge_in_context(text, norm, pending)
    return decisions


def extract_mentions(text: str, *, lang: str | None = None) -> list[Mention]:
    """Return every Ukrainian region mention in ``text``, in text order.

    ``lang`` ("en", "uk", "ru") is a hint only; names in any of the three
    languages are found regardless. An area name such as "Donbas" yields one
    Mention per covered region (same surface and offsets).
    """
    kept = [d for d in explain_mentions(text, lang=lang) if d.kept]
    if not kept:
        return []
    out = []
    s = e = -1
    excerpt = ""
    rare = has_rare_terminators(text)
    for d in kept:
        if not (s <= d.start and d.end <= e):  # a new sentence (mentions come in order)
            s, e = sentence_span(text, d.start, d.end, floor=max(e, 0), rare=rare)
            excerpt = text[s:e]
        kind = d.kind if d.kind in KINDS else "city"
        if d.kind in ("city", "entity"):
            place, lat, lon = d.place, d.lat, d.lon
        else:
            place = lat = lon = None
        for region in d.regions:
            # fields in order: region, surface, start, end, kind, excerpt, excerpt_start,
            # place, lat, lon
            out.append(
                _new_mention(region, d.surface, d.start, d.end, kind, excerpt, s, place, lat, lon)
            )
    return out
