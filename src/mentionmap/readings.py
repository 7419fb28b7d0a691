"""The readings of one gazetteer match: which entries a matched form names (picked by
source and letter case), the Mention kind, the ISO codes, the context tier, and the words
that name the setting of a foreign namesake. Worked out once per automaton value and
letter case, and cached for the process (:func:`reading`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from mentionmap.cuewords import CLUB_WORDS, WEAK_NAMES
from mentionmap.entries import Entry
from mentionmap.gazetteer import matcher
from mentionmap.homonyms import foreign_homonyms, is_common_word

# When a region suffix folds in, the city's code becomes its oblast's (Kyiv -> Kyiv Oblast).
SUFFIX_REGION = {"UA-30": "UA-32"}

STRONG_POPULATION = 100_000
MEDIUM_POPULATION = 1_000
SUPPORT_POPULATION = 15_000


def is_cyrillic(s: str) -> bool:
    """True if ``s`` (a name or a matched surface) is written in Cyrillic; names are
    never mixed-script, so the first letter decides."""
    return bool(s) and "\u0400" <= s[0] <= "\u04ff"


def pick_entries(entries: list[Entry], capitalised: bool) -> list[Entry]:
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
BASE_KIND = {k: k for k in ("region", "adjective", "area", "entity", "city")} | {"capital": "city"}


def regions_of(entries: tuple[Entry, ...], region_fold: bool) -> tuple[str, ...]:
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


def tier_of(entries: Sequence[Entry]) -> str:
    """strong: stands alone; medium: needs an article about Ukraine; small: needs another
    mention of its region. A place whose name is better known abroad (a bigger city
    elsewhere), or is also a river or a club name, counts as small."""
    site = False
    pop = entries[0].population
    for e in entries:  # one loop, no generators: reading() runs this for every new name
        if e.source == "region" or (e.source == "site" and not e.context):
            return "strong"
        site = site or e.source == "site"
        if e.population > pop:
            pop = e.population
    if site:
        return "medium"
    homonyms = foreign_homonyms()
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
class Reading:
    """What the judge needs to know about one automaton value read in one letter case
    (its entries after :func:`pick_entries`), worked out once per process."""

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
def reading(ids: tuple[int, ...], capitalised: bool) -> Reading:
    """The :class:`Reading` of one automaton value (cached: the same names recur)."""
    entries_all = matcher().entries
    entries = tuple(pick_entries([entries_all[i] for i in ids], capitalised))
    first = entries[0]
    name = first.name
    tier = tier_of(entries)
    regions = regions_of(entries, False)
    low = name.lower()
    if len(entries) == 1:  # most forms name one place
        names_lower = frozenset((low,))
        population = first.population
        has_place = first.source == "place"
    else:
        names_lower = frozenset(e.name.lower() for e in entries)
        population = max(e.population for e in entries)
        has_place = any(e.source == "place" for e in entries)
    # positional, in field order (see Reading)
    return Reading(
        entries,
        first,
        BASE_KIND.get(first.kind, "city"),
        first.source == "region" and first.kind in ("region", "capital", "adjective"),
        first.kind != "adjective" and first.source != "site",
        first.kind == "adjective",
        regions,
        regions_of(entries, True) if any(iso in SUFFIX_REGION for iso in regions) else regions,
        tier,
        name.isupper() and len(name) <= 6,
        first.source == "place" and low in CLUB_WORDS,
        first.source == "place" and tier != "strong",
        not (name.isupper() or len(name) <= 3),
        names_lower,
        population,
        has_place,
        foreign_cues(entries),
    )


def foreign_cues(entries: tuple[Entry, ...]) -> tuple[str, ...]:
    """Words naming the setting of a city abroad that shares one of the names."""
    homonyms = foreign_homonyms()
    cues: list[str] = []
    for e in entries:
        h = homonyms.get(e.name.lower())
        if h:
            cues.extend(c for c in h.cues if c and c not in cues)
    return tuple(cues)
