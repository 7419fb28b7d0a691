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

from mentionmap.disambiguation import UKRAINE_CUES, Decision, is_sentence_initial, local_veto
from mentionmap.entries import Entry
from mentionmap.gazetteer import matcher
from mentionmap.homonyms import is_common_word
from mentionmap.lexicon import analyser
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
    scan = scan_text(norm)
    # a key " name " ending at scan index ``last`` names text[last - length + 1 : last - 1];
    # hits are (start, -length, ids): sorted as tuples, leftmost first, then longest. No two
    # hits share start and length (a glued key needs a letter before it, a plain one a space)
    hits = [
        (last - length + 1, 2 - length, ids)
        for last, (length, ids, glued) in matcher().automaton.iter(scan)
        if not glued or _glued_at(text, last - length + 1)
    ]
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
        _judge_in_context(text, norm, pending)
    return decisions


def _judge_in_context(text: str, norm: str, pending: list[tuple[Reading, Decision, str]]) -> None:
    """Keep or drop each candidate that no local veto dropped, from what the whole text
    says: other mentions of its region, the word Ukraine, a foreign setting."""
    strong_regions: set[str] = set()
    for r, d, tier in pending:
        if (
            tier == "strong"
            and len(d.regions) >= 1
            and (len(d.regions) == 1 or r.first.kind == "area")
        ):
            strong_regions.update(d.regions)
    # about Ukraine: a strong mention, else the word Ukraine (searched only then)
    ukraine_context = bool(strong_regions) or any(cue in norm for cue in UKRAINE_CUES)
    supported = set(strong_regions)
    for r, d, tier in pending:  # towns (not villages) support their region too
        if (
            tier == "medium"
            and len(d.regions) == 1
            and ukraine_context
            and r.population >= SUPPORT_POPULATION
        ):
            supported.update(d.regions)
    cues_found: dict[str, bool] = {}  # each cue looked up in the text once
    for r, d, tier in pending:
        cue = _foreign_cue(norm, r.cues, cues_found) if r.cues else None
        if cue and not _local_ukraine_cue(norm, d.start, d.end):
            d.reason = f"a city abroad has this name and the text names its setting ({cue})"
            continue
        note = ""
        if len(d.regions) > 1 and r.has_place:
            options = [x for x in d.regions if x in supported]
            if len(options) == 1:
                _choose(d, r.entries, options[0])
                d.kept, d.reason = True, "shared name resolved by other mentions of its region"
                continue
            dominant = _dominant(r.entries)
            if dominant is None:
                d.alternatives = d.regions
                d.reason = (
                    f"name shared by places in {len(d.regions)} regions; context does not decide"
                )
                continue
            _choose(d, r.entries, dominant[0].isos[0])
            tier = tier_of(dominant)
            note = "shared name read as its main or far most populous place; "
        if tier == "strong":
            d.kept, d.reason = True, note + "gazetteer name"
        elif (
            tier == "medium"
            and is_sentence_initial(text, d.start)
            and d.regions[0] not in supported
            and _weak_at_sentence_start(r.entries)
        ):
            d.reason = note + "minor place at the start of a sentence (capital letter proves "
            d.reason += "nothing) without another mention of its region"
        elif tier == "medium":
            if ukraine_context:
                d.kept, d.reason = True, note + "town in an article about Ukraine"
            else:
                d.reason = note + "town name, but nothing else in the text is about Ukraine"
        elif d.regions[0] in supported and ukraine_context:
            d.kept, d.reason = True, note + "small place supported by other mentions of its region"
        else:
            d.reason = note + "small place without another mention of its region"


def _weak_at_sentence_start(entries: tuple[Entry, ...]) -> bool:
    """At the start of a sentence a capital proves nothing: a town whose name is also a
    common word (Russian dictionary) or a short Latin name (Bar) needs more context."""
    if any(is_common_word(e.group) for e in entries):
        return True
    return any(len(e.name) <= 4 and not is_cyrillic(e.name) for e in entries)


def _dominant(entries: tuple[Entry, ...]) -> list[Entry] | None:
    """The reading of a shared name that wins without context: the only region among
    main-name (not secondary) readings, or a town of 10,000+ people at least three times
    as populous as any namesake elsewhere."""
    main = [e for e in entries if not e.secondary] or entries
    by_region: dict[str, int] = {}
    for e in main:
        for iso in e.isos:
            by_region[iso] = max(by_region.get(iso, 0), e.population)
    ranked = sorted(by_region.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1 or (ranked[0][1] >= 10_000 and ranked[0][1] >= 3 * ranked[1][1]):
        iso = ranked[0][0]
        return [e for e in main if iso in e.isos]
    return None


def _choose(d: Decision, entries: tuple[Entry, ...], iso: str) -> None:
    d.regions = (iso,)
    for e in entries:
        if iso in e.isos:
            d.place, d.lat, d.lon = e.place, e.lat, e.lon
            break


def _foreign_cue(norm: str, cues: tuple[str, ...], found: dict[str, bool]) -> str | None:
    """The first of ``cues`` that is a word of ``norm`` (``found`` caches each look-up for
    the one text)."""
    for cue in cues:
        hit = found.get(cue)
        if hit is None:
            hit = found[cue] = cue in norm
        if hit:
            return cue
    return None


def _local_ukraine_cue(norm: str, start: int, end: int) -> bool:
    window = norm[max(0, start - 25) : end + 25]
    return any(cue in window for cue in UKRAINE_CUES)


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
