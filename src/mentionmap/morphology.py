"""Ukrainian and Russian inflection of place names by paradigm tables.

A name's paradigm is chosen from its ending (and, for multi-word names, from the
role of each word), then every case form is generated from the stem. The tables
cover the six cases that occur in news prose (nominative, genitive, dative,
accusative, instrumental, locative); where usage varies (genitive -а/-у, the
і/о and ї/є vowel alternation of Харків/Харкова, Київ/Києва) both variants are
generated, because over-generating a form that never occurs costs nothing while a
missing form loses a mention. Words are combined case by case, so an adjective
and its noun agree ("Нова Каховка" -> "Нової Каховки", "Кривий Ріг" -> "Кривого Рогу").

This module picks each word's paradigm and combines the words of a name; the
tables are in :mod:`mentionmap.declension_uk`, :mod:`mentionmap.declension_ru` and
:mod:`mentionmap.adjectives`. They are cross-checked against the pymorphy3
dictionaries in ``tests/test_morphology.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mentionmap.adjectives import adjective_forms, adjective_gender
from mentionmap.caseforms import CASES, Forms, case_table, merge_forms
from mentionmap.declension_ru import ru_noun, ru_possessive
from mentionmap.declension_uk import uk_modifier, uk_noun

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LETTERS = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ'")
# Ukrainian writes its apostrophe as ', ’ or ʼ (sources mix them); names are declined
# with ' (the matcher folds every variant to it, see mentionmap.scantext)
_APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ‘`´ʹ′"})


def word_forms(word: str, lang: str, *, role: str = "noun") -> Forms:
    """Case forms of one word. ``role``: "noun", "adjective" (declines as an adjective
    in all genders and numbers), or "modifier" (a non-final word of a multi-word name)."""
    if len(word) < 2 or not set(word.lower()) <= _LETTERS:
        return case_table(**{case: [word] for case in CASES})
    w = word.lower()
    if lang == "uk":
        if role == "adjective":
            for ending in ("ий", "а", "е", "і"):
                if w.endswith(ending):
                    return adjective_forms(word[: -len(ending)], "uk")
            return case_table(**{case: [word] for case in CASES})
        if role == "modifier":
            return uk_modifier(word)
        if w.endswith("ий"):  # Кропивницький, Хмельницький decline as adjectives
            return adjective_forms(word[:-2], "uk", ("masc",))
        return uk_noun(word)
    adj = adjective_gender(word, "ru")
    if role == "adjective":
        if adj:
            return adjective_forms(adj[0], "ru")
        return case_table(**{case: [word] for case in CASES})
    if adj and role == "noun" and w.endswith("ой"):
        # Джанкой (noun: в Джанкое) or an adjective-shaped name: generate both
        return merge_forms(adjective_forms(adj[0], "ru", ("masc",)), ru_noun(word))
    if adj:
        return adjective_forms(adj[0], "ru", (adj[1],))
    if role == "modifier" and w.endswith(("ов", "ев", "ин")):
        return ru_possessive(word)
    return ru_noun(word)


@lru_cache(maxsize=65536)
def inflect(name: str, lang: str, *, adjective: bool = False) -> frozenset[str]:
    """Every generated case form of a Ukrainian (``lang="uk"``) or Russian (``"ru"``) name.

    Multi-word names are inflected word by word and combined per case (agreement);
    in hyphenated names each part is inflected and also the first part is kept
    fixed (Івано-Франківськ -> Івано-Франківська). ``adjective=True`` declines the
    name as an adjective in every gender and number (кримський -> кримська, кримської...).
    The input form is always included. Non-Cyrillic names are returned unchanged.
    """
    if lang not in ("uk", "ru") or not _CYRILLIC.search(name):
        return frozenset({name})
    original, name = name, name.translate(_APOSTROPHES)
    words = name.split(" ")
    per_word: list[Forms] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        role = "adjective" if adjective else ("noun" if last else "modifier")
        if "-" in word:
            parts = word.split("-")
            part_forms = [
                word_forms(p, lang, role=role if j == len(parts) - 1 else "modifier")
                for j, p in enumerate(parts)
            ]
            combined = {
                case: {"-".join(c) for c in _product([pf[case] for pf in part_forms])}
                for case in CASES
            }
            fixed = {
                case: {"-".join(parts[:-1]) + "-" + f for f in part_forms[-1][case]}
                for case in CASES
            }
            per_word.append(merge_forms(combined, fixed))
        else:
            per_word.append(word_forms(word, lang, role=role))
    out = {original, name}
    for case in CASES:
        for combo in _product([forms[case] for forms in per_word]):
            out.add(" ".join(combo))
    return frozenset(f for f in out if f)


def _product(lists: list[set[str]]) -> list[tuple[str, ...]]:
    result: list[tuple[str, ...]] = [()]
    for options in lists:
        if not options:
            return []
        result = [(*r, o) for r in result for o in sorted(options)]
    return result
