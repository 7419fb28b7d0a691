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
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from functools import cache

from mentionmap.disambiguation import (
    CLUB_WORDS,
    INSTITUTION_WORDS,
    MEDIA_NEXT,
    UKRAINE_CUES,
    WEAK_NAMES,
    Decision,
    is_sentence_initial,
    local_veto,
)
from mentionmap.gazetteer import (
    Entry,
    foreign_homonyms,
    is_common_word,
    matcher,
    normalise,
    scan_text,
)
from mentionmap.morphology import analyser, is_finite_verb, is_given_name
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
_MENTION_FIELDS = (
    "region",
    "surface",
    "start",
    "end",
    "kind",
    "excerpt",
    "excerpt_start",
    "place",
    "lat",
    "lon",
)
assert tuple(f.name for f in fields(Mention)) == _MENTION_FIELDS
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
# When a region suffix folds in, the city's code becomes its oblast's (Kyiv -> Kyiv Oblast).
SUFFIX_REGION = {"UA-30": "UA-32"}

STRONG_POPULATION = 100_000
MEDIUM_POPULATION = 1_000
SUPPORT_POPULATION = 15_000


def _glued_at(text: str, start: int) -> bool:
    """True at a lower-to-upper case change inside a word ("occupiedCrimea")."""
    return 0 < start < len(text) and text[start].isupper() and text[start - 1].islower()


def _scan(text: str, norm: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """All gazetteer matches on word boundaries, reduced to the leftmost-longest.

    Keys start and end with a space (see :func:`mentionmap.gazetteer.scan_text`), so every
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


def _is_cyrillic(s: str) -> bool:
    """True if ``s`` (a name or a matched surface) is written in Cyrillic; names are
    never mixed-script, so the first letter decides."""
    return bool(s) and "\u0400" <= s[0] <= "\u04ff"


def _pick_entries(entries: list[Entry], capitalised: bool) -> list[Entry]:
    """Region rows beat sites, sites beat populated places. Where one form is both a
    noun and an adjective (Краматорську: "in Kramatorsk" and "Kramatorsk's" fem. acc.),
    a capitalised form is read as the noun and a lower-case one as the adjective."""
    if len(entries) == 1:
        return entries
    for source in ("region", "site", "place"):
        chosen = [e for e in entries if e.source == source]
        if chosen:
            break
    else:
        chosen = entries
    nouns = [e for e in chosen if e.kind != "adjective"]
    adjectives = [e for e in chosen if e.kind == "adjective"]
    if nouns and adjectives:
        return nouns if capitalised else adjectives
    return chosen


# A match's Mention kind by its entry's kind (a capital is a city; anything else: "city").
_BASE_KIND = {k: k for k in ("region", "adjective", "area", "entity", "city")} | {"capital": "city"}


def _regions_of(entries: tuple[Entry, ...], region_fold: bool) -> tuple[str, ...]:
    """The distinct codes of ``entries`` in order; a city's becomes its oblast's where a
    region suffix folded in."""
    isos: list[str] = []
    for e in entries:
        for iso in e.isos:
            if region_fold:
                iso = SUFFIX_REGION.get(iso, iso)
            if iso not in isos:
                isos.append(iso)
    return tuple(isos)


def _tier(entries: Sequence[Entry]) -> str:
    """strong: stands alone; medium: needs an article about Ukraine; small: needs another
    mention of its region. A place whose name is better known abroad (a bigger city
    elsewhere), or is also a river or a club name, counts as small."""
    if any(e.source == "region" or (e.source == "site" and not e.context) for e in entries):
        return "strong"
    if any(e.source == "site" for e in entries):
        return "medium"
    homonyms = foreign_homonyms()
    pop = max(e.population for e in entries)
    for e in entries:
        low = e.name.lower()
        h = homonyms.get(low)
        if (h and h.population > pop) or low in WEAK_NAMES or low in CLUB_WORDS:
            return "small"
    if pop < SUPPORT_POPULATION and any(is_common_word(e.group) for e in entries):
        return "small"  # villages named Авангард, Заря, Золоте: often clubs or plain words
    if pop >= STRONG_POPULATION and not any(e.district for e in entries):
        return "strong"
    if pop >= MEDIUM_POPULATION:
        return "medium"
    return "small"


@dataclass(slots=True, eq=False)  # not frozen: built often (cache misses), never changed
class _Reading:
    """What the judge needs to know about one automaton value read in one letter case
    (its entries after :func:`_pick_entries`), worked out once per process."""

    entries: tuple[Entry, ...]
    first: Entry
    kind: str  # the Mention kind before any suffix folds in
    region_suffix: bool  # a region row (name, capital, adjective): "Oblast" may fold in
    cyrillic_noun: bool  # in Cyrillic, only agreement-free entity words (АЕС) fold in
    adjective: bool
    regions: tuple[str, ...]
    regions_folded: tuple[str, ...]  # after a region suffix (Kyiv -> Kyiv Oblast)
    tier: str
    acronym: bool  # an upper-case name of up to 6 letters (DPR, ЗАЕС)
    club_village: bool  # a village named like a sports club (Metalist, Zorya)
    minor_place: bool  # a populated place below the strong tier
    surname_like: bool  # long enough and not an acronym: may be a surname
    names_lower: frozenset[str]  # the readings' names in lower case
    population: int  # the largest population of the readings
    has_place: bool  # some reading is a populated place
    cues: tuple[str, ...]  # words that name the setting of a foreign namesake


@cache
def _reading(ids: tuple[int, ...], capitalised: bool) -> _Reading:
    """The :class:`_Reading` of one automaton value (cached: the same names recur)."""
    entries_all = matcher().entries
    entries = tuple(_pick_entries([entries_all[i] for i in ids], capitalised))
    first = entries[0]
    name = first.name
    tier = _tier(entries)
    regions = _regions_of(entries, False)
    return _Reading(
        entries=entries,
        first=first,
        kind=_BASE_KIND.get(first.kind, "city"),
        region_suffix=first.source == "region" and first.kind in ("region", "capital", "adjective"),
        cyrillic_noun=first.kind != "adjective" and first.source != "site",
        adjective=first.kind == "adjective",
        regions=regions,
        regions_folded=(
            _regions_of(entries, True) if any(iso in SUFFIX_REGION for iso in regions) else regions
        ),
        tier=tier,
        acronym=name.isupper() and len(name) <= 6,
        club_village=first.source == "place" and name.lower() in CLUB_WORDS,
        minor_place=first.source == "place" and tier != "strong",
        surname_like=not (name.isupper() or len(name) <= 3),
        names_lower=frozenset(e.name.lower() for e in entries),
        population=max(e.population for e in entries),
        has_place=any(e.source == "place" for e in entries),
        cues=_cues(entries),
    )


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
    pending: list[tuple[_Reading, Decision, str]] = []
    for start, end, ids in _scan(text, norm):
        capitalised = text[start].isupper()
        r = _reading(ids, capitalised)
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
            veto = _name_context_veto(text, r, start, end, folded, cyrillic)
        if veto is None and cyrillic and not folded and capitalised:
            veto = _surname_veto(text, r, start, end, is_adj)
        if veto:
            d.reason = veto
            continue
        pending.append((r, d, r.tier))
    if pending:
        _judge_in_context(text, norm, pending)
    return decisions


def _judge_in_context(text: str, norm: str, pending: list[tuple[_Reading, Decision, str]]) -> None:
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
            reading = _dominant(r.entries)
            if reading is None:
                d.alternatives = d.regions
                d.reason = (
                    f"name shared by places in {len(d.regions)} regions; context does not decide"
                )
                continue
            _choose(d, r.entries, reading[0].isos[0])
            tier = _tier(reading)
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
    return any(len(e.name) <= 4 and not _is_cyrillic(e.name) for e in entries)


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


_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’-]*)\s+$")


def _prev_word(text: str, pos: int, endpos: int) -> tuple[str, int] | None:
    """What ``_PREV_WORD.search(text, pos, endpos)`` finds, without the regex's retries
    at every position: (the word, the offset where the match starts) or None."""
    q = endpos
    while q > pos and text[q - 1].isspace():
        q -= 1
    if q == endpos:
        return None
    r = q
    while r > pos and (text[r - 1].isalnum() or text[r - 1] in "_'’-"):
        r -= 1
    for p in range(r, q):
        c = text[p]
        if c.isalnum() and not c.isdecimal() and c != "_":
            return text[p:q], p
    return None


def _surname_veto(text: str, r: _Reading, start: int, end: int, is_adj: bool) -> str | None:
    """A capitalised Cyrillic name next to a first name ("Сергей Луганский", "Луганський
    Олег"), or a capitalised adjective in mid-sentence followed by a verb ("… Луганский
    заявил"), is a person's surname."""
    if not r.surname_like:  # acronyms (ДНР) are not surnames
        return None
    surface = text[start:end].lower()
    nominative = surface in r.names_lower or (
        is_adj and surface.endswith(("ий", "ій", "ый", "ой", "а", "ая", "і", "ие", "ые"))
    )
    if not nominative:  # a surname is in the nominative next to a first name
        return None
    before = _prev_word(text, max(0, start - 30), start)
    after = _NEXT_WORD.match(text, end)
    if before and before[0][0].isupper() and is_given_name(before[0]):
        return f"surname after the first name {before[0]!r}"
    if after and after.group(1)[0].isupper() and is_given_name(after.group(1)):
        return f"surname before the first name {after.group(1)!r}"
    if (
        is_adj
        and not is_sentence_initial(text, start)
        and after
        and after.group(1)[0].islower()
        and is_finite_verb(after.group(1))
    ):
        return "capitalised adjective as the subject of a verb: a surname"
    return None


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


def _cues(entries: tuple[Entry, ...]) -> tuple[str, ...]:
    """Words naming the setting of a city abroad that shares one of the names."""
    homonyms = foreign_homonyms()
    cues: list[str] = []
    for e in entries:
        h = homonyms.get(e.name.lower())
        if h:
            cues.extend(c for c in h.cues if c and c not in cues)
    return tuple(cues)


_TITLE_CASE_FUNCTION_WORDS = frozenset(
    ["in", "at", "near", "from", "to", "of", "the", "and", "on", "for", "by", "with", "into"]
)


def _title_case_line(text: str, pos: int) -> bool:
    """True if the line around ``pos`` is a Title Case headline (capitals prove little)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    words = [w for w in text[a : b if b >= 0 else len(text)].split() if w[:1].isalpha()]
    if len(words) < 3 or len(words) > 25:
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


_NEXT_NAME = re.compile(r" ([^\W\d_][\w']*)")
_MEDIA_INITIALS = frozenset(word[0] for word in MEDIA_NEXT)


def _name_context_veto(
    text: str, r: _Reading, start: int, end: int, folded: bool, cyrillic: bool
) -> str | None:
    """Vetoes that depend on the kind of name: a minor place directly after or before a
    capitalised word (outside a Title Case headline) is part of a person's or an
    organisation's name ("Andriy Shevchenko", "Volodymyr Saldo", "Azov Regiment"); any
    name followed by a newspaper word is a title ("Kyiv Post")."""
    if r.acronym and not text[start:end].isupper():
        return f"the acronym {r.first.name} written in lower case: a common word"
    if folded:
        return None
    if r.club_village:
        return "a village name that is also a sports club's name (Metalist, Zorya)"
    minor_place = r.minor_place
    if minor_place and not cyrillic:
        prev = _prev_word(text, max(0, start - 30), start)
        if (
            prev
            and prev[0][0].isupper()
            and prev[0].lower() not in _TITLE_CASE_FUNCTION_WORDS
            and not is_sentence_initial(text, prev[1])
            and not _title_case_line(text, start)
        ):
            return f"after the capitalised word {prev[0]!r}: a person's name"
    if not minor_place and text[end + 1 : end + 2].lower() not in _MEDIA_INITIALS:
        return None  # only a newspaper word could follow, and none starts so
    nxt = _NEXT_NAME.match(text, end, end + 40)
    if not nxt:
        return None
    word = nxt.group(1)
    if word.lower() in MEDIA_NEXT:
        return f"title of a newspaper or media outlet (… {word})"
    if (
        minor_place
        and word[0].isupper()
        and word.lower() not in INSTITUTION_WORDS
        and not word.isupper()
        and not _title_case_line(text, start)
    ):
        return f"followed by the capitalised word {word!r}: a person's or organisation's name"
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
