"""What a whole text says about each candidate mention: the second step of
:func:`mentionmap.mentions.explain_mentions`, after the local vetoes.

A candidate is kept or dropped from the rest of the text: strong mentions of its region,
the word Ukraine, two towns of one region named together, or the setting of a foreign
namesake. Shared names are resolved to the region the other mentions support. The policy
is stated in :mod:`mentionmap.disambiguation`.
"""

from __future__ import annotations

import re

from mentionmap.cuewords import UKRAINE_CUES, UKRAINE_TEXT_STEMS, UKRAINE_TEXT_WORDS
from mentionmap.disambiguation import Decision, is_sentence_initial
from mentionmap.entries import Entry
from mentionmap.homonyms import is_common_word
from mentionmap.readings import SUPPORT_POPULATION, Reading, is_cyrillic, tier_of


def judge_in_context(text: str, norm: str, pending: list[tuple[Reading, Decision, str]]) -> None:
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
    ukraine_context = bool(strong_regions) or about_ukraine(norm)
    cues_found: dict[str, bool] = {}  # each cue looked up in the text once
    paired = not ukraine_context and _towns_of_one_region(norm, pending, cues_found)
    ukraine_context = ukraine_context or paired
    about = "a text naming two towns of one region" if paired else "an article about Ukraine"
    supported = set(strong_regions)
    for r, d, tier in pending:  # towns (not villages) support their region too
        if (
            tier == "medium"
            and len(d.regions) == 1
            and ukraine_context
            and r.population >= SUPPORT_POPULATION
        ):
            supported.update(d.regions)
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
                d.kept, d.reason = True, note + f"town in {about}"
            else:
                d.reason = note + "town name, but nothing else in the text is about Ukraine"
        elif d.regions[0] in supported and ukraine_context:
            d.kept, d.reason = True, note + "small place supported by other mentions of its region"
        else:
            d.reason = note + "small place without another mention of its region"


_TEXT_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(UKRAINE_TEXT_WORDS) + r")(?!\w)")


def about_ukraine(norm: str) -> bool:
    """Whether the normalised (lower-case) text says it is about Ukraine: the word
    Ukraine in any of the three languages, the president's surname, the hryvnia, or the
    abbreviation of the Ukrainian armed forces (ЗСУ, ВСУ)."""
    return (
        any(cue in norm for cue in UKRAINE_CUES)
        or any(stem in norm for stem in UKRAINE_TEXT_STEMS)
        or _TEXT_WORDS.search(norm) is not None
    )


def _towns_of_one_region(
    norm: str, pending: list[tuple[Reading, Decision, str]], cues_found: dict[str, bool]
) -> bool:
    """Whether two different towns of one region are named: a text naming Avdiivka and
    Pokrovsk is about Donetsk oblast even if it never says "Ukraine". Only towns (medium
    tier) of a single region count, and not those whose name is also a common word or a
    short Latin word, nor those whose foreign namesake's setting the text names."""
    towns: dict[str, set[str]] = {}
    for r, d, tier in pending:
        if (
            tier == "medium"
            and len(d.regions) == 1
            and r.has_place
            and not _weak_at_sentence_start(r.entries)
            and not (r.cues and _foreign_cue(norm, r.cues, cues_found))
        ):
            groups = towns.setdefault(d.regions[0], set())
            groups.add(r.first.group or r.first.name)
            if len(groups) >= 2:
                return True
    return False


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
