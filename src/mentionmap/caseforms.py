"""Case-form tables: the shape every inflection module builds and combines.

A :data:`Forms` table maps each of the six :data:`CASES` that occur in news prose
(nominative, genitive, dative, accusative, instrumental, locative) to a set of
surface forms. Used by :mod:`mentionmap.adjectives`, :mod:`mentionmap.declension_uk`,
:mod:`mentionmap.declension_ru` and :mod:`mentionmap.morphology`.
"""

from __future__ import annotations

from collections.abc import Iterable

CASES = ("nom", "gen", "dat", "acc", "ins", "loc")
Forms = dict[str, set[str]]  # case -> surface forms
VOWELS = set("аеєиіїоуюяыэё")  # Ukrainian and Russian vowel letters, lower case


def case_table(**cases: Iterable[str]) -> Forms:
    """A table with the given forms per case (``nom=[...]``); other cases empty."""
    return {case: set(cases.get(case, ())) for case in CASES}


def suffixed(stem: str, endings: dict[str, tuple[str, ...]]) -> Forms:
    """A table of ``stem`` + each ending given per case."""
    return {case: {stem + e for e in endings.get(case, ())} for case in CASES}


def merge_forms(*tables: Forms) -> Forms:
    """The union of ``tables``, case by case."""
    out: Forms = {case: set() for case in CASES}
    for table in tables:
        for case, forms in table.items():
            out[case] |= forms
    return out
